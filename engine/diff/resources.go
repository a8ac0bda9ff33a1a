package diff

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"slices"

	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
)

// Resource change kinds (ResourceChange.Change).
const (
	Added   = "added"
	Removed = "removed"
	Changed = "changed"
)

// Kinds of the sub-resources the resource diff lists on their own that
// model.Kind has no name for: a route table's routes ("table/route") and
// an NSG's rules ("nsg/rule").
const (
	KindRoute        model.Kind = "route"
	KindSecurityRule model.Kind = "securityRule"
)

// PropertyChange is one changed property of a resource: its JSON path
// inside the resource and its value before and after, as compact JSON.
// The side that does not have the property has no value (the member is
// left out of the JSON).
//
// A path joins member names with dots ("addressSpace.addressPrefixes");
// an element of a list of named objects (every element an object with a
// distinct "id", or "name", or "name" and "type") is written [key]
// ("hosts[web].ipAddress", "recordSets[www A].aRecords"), the key quoted
// when it holds a dot, a bracket, a quote or a space. Other lists are
// compared whole, in order: one change holds the whole list.
type PropertyChange struct {
	Path   string          `json:"path"`
	Before json.RawMessage `json:"before,omitempty"`
	After  json.RawMessage `json:"after,omitempty"`
}

// ResourceChange is one resource added, removed or changed. Kind is a
// model.Kind, KindRoute or KindSecurityRule (for a collection this
// package does not know yet, the collection's JSON name); ID is the
// resource's id, "parent/name" for a sub-resource. Properties lists a
// changed resource's changed properties, sorted by path.
type ResourceChange struct {
	Kind       model.Kind       `json:"kind"`
	ID         string           `json:"id"`
	Change     string           `json:"change"`
	Properties []PropertyChange `json:"properties,omitempty"`
}

// child is a list of named sub-resources that the resource diff lists on
// their own: the member of the parent holding them, their kind and the
// member that names them.
type child struct {
	member string
	kind   model.Kind
	name   string
}

// collection is one list of resources of a topology: its member in the
// topology's JSON, its kind and its sub-resources, if any.
type collection struct {
	member string
	kind   model.Kind
	child  *child
}

// collections are the topology's resource lists, in the order the diff
// lists their changes (each followed by its sub-resources).
func collections() []collection {
	return []collection{
		{"vnets", model.KindVNet, &child{"subnets", model.KindSubnet, "name"}},
		{"peerings", model.KindPeering, nil},
		{"routeTables", model.KindRouteTable, &child{"routes", KindRoute, "name"}},
		{"networkSecurityGroups", model.KindNSG, &child{"securityRules", KindSecurityRule, "name"}},
		{"virtualMachines", model.KindVM, &child{"networkInterfaces", model.KindNIC, "name"}},
		{"loadBalancers", model.KindLoadBalancer, nil},
		{"publicIPAddresses", model.KindPublicIP, nil},
		{"natGateways", model.KindNatGateway, nil},
		{"virtualNetworkGateways", model.KindGateway, nil},
		{"localNetworkGateways", model.KindLocalNetworkGateway, nil},
		{"sites", model.KindSite, &child{"hosts", model.KindHost, "id"}},
		{"connections", model.KindConnection, nil},
		{"expressRouteCircuits", model.KindCircuit, nil},
		{"routeServers", model.KindRouteServer, &child{"bgpConnections", model.KindRouteServerPeer, "name"}},
		{"privateEndpoints", model.KindPrivateEndpoint, nil},
		{"privateDnsZones", model.KindPrivateDNSZone, nil},
		{"dnsResolvers", model.KindDNSResolver, nil},
		{"dnsForwardingRulesets", model.KindDNSForwardingRuleset, nil},
	}
}

// Resources compares two topologies resource by resource: every
// collection of the topology (the ones collections lists, and any other
// list a newer model adds, under its JSON name), its resources matched by
// id and, for VNets, route tables, NSGs, VMs, sites and Route Servers,
// their subnets, routes, rules, NICs, hosts and BGP connections matched by
// name and listed as resources of their own ("vnet/subnet"). A resource
// on one side only is added or removed (its sub-resources too, each
// listed); one on both sides whose canonical JSON differs is changed, with
// its properties (PropertyChange) compared by a walk of that JSON, so
// every field the model has, now or later, is compared.
//
// Resources are matched by id only: a renamed resource is one removed and
// one added. The order of named lists does not matter (they are matched
// by name); both topologies are put in canonical order first
// (scenario.Canonical), so neither do the lists it sorts. Two resources
// of one collection with the same id (an invalid design) are told apart
// by their rank: the second is "id#2".
//
// The result is sorted by collection (in the order of collections, a
// collection's sub-resources after it; unknown collections last, by
// name), then by id.
func Resources(before, after *model.Topology) ([]ResourceChange, error) {
	b, err := topologyMembers(before)
	if err != nil {
		return nil, err
	}
	a, err := topologyMembers(after)
	if err != nil {
		return nil, err
	}
	cols := collections()
	known := map[string]bool{}
	for _, c := range cols {
		known[c.member] = true
	}
	for _, m := range union(keysOf(b), keysOf(a)) {
		if !known[m] {
			cols = append(cols, collection{member: m, kind: model.Kind(m)})
		}
	}
	out := []ResourceChange{}
	for rank, c := range cols {
		ch, err := compareCollection(c, "id", b[c.member], a[c.member])
		if err != nil {
			return nil, err
		}
		for i := range ch {
			ch[i].rank = 2 * rank
			if ch[i].Kind != c.kind {
				ch[i].rank++
			}
		}
		out = append(out, resourceChanges(ch)...)
	}
	return out, nil
}

// rankedChange is a ResourceChange with its place in the output order.
type rankedChange struct {
	ResourceChange
	rank int
}

// resourceChanges sorts ch by rank, then id, and drops the ranks.
func resourceChanges(ch []rankedChange) []ResourceChange {
	slices.SortStableFunc(ch, func(x, y rankedChange) int { return cmp.Or(cmp.Compare(x.rank, y.rank), cmp.Compare(x.ID, y.ID)) })
	out := make([]ResourceChange, len(ch))
	for i, c := range ch {
		out[i] = c.ResourceChange
	}
	return out
}

// topologyMembers is t's canonical JSON as its members.
func topologyMembers(t *model.Topology) (map[string]json.RawMessage, error) {
	doc := scenario.Canonical(&scenario.Document{Topology: *t})
	raw, err := json.Marshal(doc.Topology)
	if err != nil {
		return nil, fmt.Errorf("diff: encoding the topology: %w", err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("diff: decoding the topology: %w", err)
	}
	return m, nil
}

// object is one resource as its JSON members.
type object = map[string]json.RawMessage

// keyed is a list of objects by key, the keys in the list's order.
type keyed struct {
	keys []string
	objs map[string]object
}

// keyedObjects decodes a JSON list of objects and keys each by its member
// name ("" or missing: the empty key); a key met again is "key#2" (or
// "#3"…, the first not taken).
func keyedObjects(raw json.RawMessage, name string) (keyed, error) {
	k := keyed{objs: map[string]object{}}
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return k, nil
	}
	var list []object
	if err := json.Unmarshal(raw, &list); err != nil {
		return k, fmt.Errorf("diff: decoding a list of resources: %w", err)
	}
	for _, o := range list {
		var id string
		_ = json.Unmarshal(o[name], &id) // not a string: the empty key
		key := id
		for n := 2; ; n++ {
			if _, taken := k.objs[key]; !taken {
				break
			}
			key = fmt.Sprintf("%s#%d", id, n)
		}
		k.keys = append(k.keys, key)
		k.objs[key] = o
	}
	return k, nil
}

// compareCollection compares one list of resources, matched by their
// member name ("id" for a topology's collections), and their
// sub-resources.
func compareCollection(c collection, name string, before, after json.RawMessage) ([]rankedChange, error) {
	if bytes.Equal(before, after) {
		return nil, nil
	}
	b, err := keyedObjects(before, name)
	if err != nil {
		return nil, err
	}
	a, err := keyedObjects(after, name)
	if err != nil {
		return nil, err
	}
	var out []rankedChange
	for _, id := range union(b.keys, a.keys) {
		ob, okB := b.objs[id]
		oa, okA := a.objs[id]
		ch, err := compareResource(c, id, ob, oa, okB, okA)
		if err != nil {
			return nil, err
		}
		out = append(out, ch...)
	}
	return out, nil
}

// compareResource compares one resource present on at least one side,
// and its sub-resources.
func compareResource(c collection, id string, b, a object, okB, okA bool) ([]rankedChange, error) {
	var out []rankedChange
	var skip string
	if c.child != nil {
		skip = c.child.member
	}
	switch {
	case !okA:
		out = append(out, rankedChange{ResourceChange: ResourceChange{Kind: c.kind, ID: id, Change: Removed}})
	case !okB:
		out = append(out, rankedChange{ResourceChange: ResourceChange{Kind: c.kind, ID: id, Change: Added}})
	default:
		if props := compareObjects(b, a, skip); len(props) > 0 {
			out = append(out, rankedChange{ResourceChange: ResourceChange{Kind: c.kind, ID: id, Change: Changed, Properties: props}})
		}
	}
	if c.child == nil {
		return out, nil
	}
	sub := collection{member: c.child.member, kind: c.child.kind}
	ch, err := compareCollection(sub, c.child.name, b[skip], a[skip])
	if err != nil {
		return nil, err
	}
	for _, x := range ch {
		x.ID = id + "/" + x.ID
		out = append(out, x)
	}
	return out, nil
}

// compareObjects lists the changed properties of one resource, its member
// skip (its sub-resources, compared on their own) left out.
func compareObjects(b, a object, skip string) []PropertyChange {
	var out []PropertyChange
	for _, m := range union(keysOf(b), keysOf(a)) {
		if m == skip || bytes.Equal(b[m], a[m]) {
			continue
		}
		vb, okB := decodeValue(b[m])
		va, okA := decodeValue(a[m])
		walkValues(&out, quoteMember(m), vb, va, okB, okA)
	}
	return out
}

// keysOf is m's keys, sorted.
func keysOf[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
