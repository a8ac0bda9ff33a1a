package store_test

import (
	"reflect"
	"strings"
	"testing"

	"vnetplay/app/canvas"
	"vnetplay/app/kinds"
	"vnetplay/app/store"
	"vnetplay/scenarios"
)

// TestEditsKeepTheSceneWhenDrawnAlike: on every built-in scenario, an
// edit of a route's prefix, an NSG rule's port or a VNet's location keeps
// the scene the design had (the same pointer: nothing laid out, nothing
// drawn again), while adding or removing a route or rule, renaming the
// table or growing a VNet's address space lays the design out again; after
// each, the scene is the design's (canvas.BuildScene).
func TestEditsKeepTheSceneWhenDrawnAlike(t *testing.T) {
	kept, rebuilt := 0, 0
	for _, sc := range scenarios.All() {
		for _, deferred := range []bool{false, true} {
			s, _, err := store.OpenJSON(sc.JSON)
			if err != nil {
				t.Fatal(err)
			}
			s.SetDeferred(deferred)
			check := func(e store.Edit, keep bool) {
				t.Helper()
				prev := s.Current().Scene
				if _, err := s.Apply(e); err != nil {
					return // refused (say, a prefix that overlaps): nothing to check
				}
				s.Analyse()
				cur := s.Current()
				built := canvas.BuildScene(cur.Doc)
				if !reflect.DeepEqual(cur.Scene.Nodes, built.Nodes) || !reflect.DeepEqual(cur.Scene.Edges, built.Edges) {
					t.Fatalf("%s: after %#v the scene is not the design's", sc.Name, e)
				}
				if (cur.Scene == prev) != keep {
					t.Fatalf("%s: %#v kept the scene: %v, want %v", sc.Name, e, cur.Scene == prev, keep)
				}
				if keep {
					kept++
				} else {
					rebuilt++
				}
			}
			topo := s.Current().Doc.Topology
			for _, rt := range topo.RouteTables {
				ref := store.Ref{Kind: kinds.RouteTable, ID: rt.ID}
				if len(rt.Routes) > 0 {
					check(store.SetProperty{Ref: ref, Path: "routes[0].addressPrefix", Value: "10.251.7.0/24"}, true)
					check(store.SaveItem{Ref: ref, List: "routes", Index: 0, Values: map[string]string{"name": "edited", "addressPrefix": "10.251.8.0/24", "nextHopType": "None"}}, true)
					check(store.RemoveItem{Ref: ref, Path: "routes", Index: 0}, false)
				}
				check(store.SaveItem{Ref: ref, List: "routes", Index: -1, Values: map[string]string{"name": "added", "addressPrefix": "10.251.9.0/24", "nextHopType": "None"}}, false)
				check(store.SetProperty{Ref: ref, Path: "disableBgpRoutePropagation", Value: "true"}, true)
				check(store.Rename{Ref: ref, Name: rt.ID + "-renamed"}, false)
			}
			for _, v := range topo.VNets {
				ref := store.Ref{Kind: kinds.VNet, ID: v.ID}
				check(store.SetProperty{Ref: ref, Path: "location", Value: "someregion"}, true)
				check(store.SetProperty{Ref: ref, Path: "addressSpace.addressPrefixes", Value: strings.Join(append(v.AddressSpace.AddressPrefixes, "10.252.0.0/16"), ", ")}, false)
			}
			for _, n := range topo.NSGs {
				ref := store.Ref{Kind: kinds.NSG, ID: n.ID}
				if len(n.SecurityRules) > 0 {
					check(store.SetProperty{Ref: ref, Path: "securityRules[0].destinationPortRange", Value: "8443"}, true)
				}
				check(store.SaveItem{Ref: ref, List: "securityRules", Index: -1, Values: map[string]string{"name": "added", "priority": "4000", "direction": "Inbound", "access": "Deny", "protocol": "*", "sourceAddressPrefix": "*", "destinationAddressPrefix": "*", "sourcePortRange": "*", "destinationPortRange": "*"}}, false)
			}
		}
	}
	t.Logf("%d edits kept the scene, %d laid it out again", kept, rebuilt)
	if kept < 20 || rebuilt < 20 {
		t.Fatalf("%d edits kept the scene, %d laid it out again: too few to tell", kept, rebuilt)
	}
}
