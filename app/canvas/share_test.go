package canvas

import (
	"testing"

	"vnetplay/engine/gen"
	"vnetplay/engine/scenario"
)

// TestShareUnchanged: a scene built again from the same design shares every
// pointer with the first; after an edit, every pointer still points to the
// scene's own value, the edited VNet's node is not shared and the others
// are.
func TestShareUnchanged(t *testing.T) {
	designs := builtins(t)
	designs["hubspoke-30"] = &scenario.Document{Topology: gen.HubSpokeScale(gen.Params{N: 30, Subnets: 2, Prefixes: 10, Seed: 1})}
	for name, doc := range designs {
		prev := BuildScene(doc)
		same := BuildScene(doc)
		same.ShareUnchanged(prev)
		for i := range same.Nodes {
			if same.NodeRef(i) != prev.NodeRef(i) {
				t.Fatalf("%s: node %s rebuilt unchanged but not shared", name, same.Nodes[i].Key)
			}
		}
		for i := range same.Edges {
			if same.EdgeRef(i) != prev.EdgeRef(i) {
				t.Fatalf("%s: edge %s rebuilt unchanged but not shared", name, same.Edges[i].Key)
			}
		}
		if len(doc.Topology.VNets) == 0 {
			continue
		}
		edited := scenario.Clone(doc)
		v := &edited.Topology.VNets[0]
		v.AddressSpace.AddressPrefixes = append([]string{"10.250.0.0/16"}, v.AddressSpace.AddressPrefixes...)
		next := BuildScene(edited)
		next.ShareUnchanged(same)
		shared := 0
		for i := range next.Nodes {
			p := next.NodeRef(i)
			if *p != next.Nodes[i] {
				t.Fatalf("%s: NodeRef(%d) points to %+v, the node is %+v", name, i, *p, next.Nodes[i])
			}
			if next.Nodes[i].Key == "vnet:"+v.ID && p != &next.Nodes[i] {
				t.Fatalf("%s: the edited VNet's node is shared", name)
			}
			if p != &next.Nodes[i] {
				shared++
			}
		}
		for i := range next.Edges {
			if *next.EdgeRef(i) != next.Edges[i] {
				t.Fatalf("%s: EdgeRef(%d) is not the edge", name, i)
			}
		}
		if len(next.Nodes) > 3 && shared == 0 {
			t.Fatalf("%s: nothing shared after editing one VNet's address space", name)
		}
	}
}
