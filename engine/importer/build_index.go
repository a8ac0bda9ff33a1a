package importer

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// The builder's index of the input: every resource once (by id key), the
// children that exports embed in their parent (rule:import.children-listed-twice: subnets,
// peerings, routes, rules, …) lifted out as resources of the child type,
// and lookups by type and by parent. Everything is a map; no lookup scans.

// node is one resource of the index.
type node struct {
	Resource
	key    string // idKey(ID)
	typ    string // lower-case Type
	parent string // parentKey(key), "" for a top-level resource
	inline bool   // lifted out of its parent's properties
	// used is set once the builder has mapped the resource or reported it;
	// build reports every resource left unused (nothing is dropped
	// silently).
	used bool
}

// index holds the resources of one input.
type index struct {
	byKey  map[string]*node
	byType map[string][]*node // lower type → nodes sorted by key
	kids   map[string][]*node // parent key + "\x00" + lower child type → sorted by key
	all    []*node            // sorted by key
	// types is what the accessors of the indexed resources found of the
	// wrong JSON type (typecheck.go).
	types *typeLog
}

// inlineChildren lists the properties under which a parent type embeds
// children, and the child type's last segment ("subnets" for
// Microsoft.Network/virtualNetworks/subnets). Only elements with a
// `properties` object are children; bare {id} elements are references.
func inlineChildren(lowerType string) []string {
	switch lowerType {
	case typeVNet:
		return []string{"subnets", "virtualNetworkPeerings"}
	case typeRouteTable:
		return []string{"routes"}
	case typeNSG:
		return []string{"securityRules"}
	case typeCircuit:
		return []string{"peerings"}
	case typeCircuit + "/peerings":
		return []string{"connections"}
	case typeHub:
		return []string{"ipConfigurations", "bgpConnections"}
	case typeLB:
		return []string{"frontendIPConfigurations", "backendAddressPools", "loadBalancingRules", "inboundNatRules", "outboundRules"}
	}
	return nil
}

// newIndex indexes res: children lifted out of their parents, one node per
// id (two copies of one id merged, see merge).
func newIndex(res []Resource) *index {
	ix := &index{byKey: make(map[string]*node, len(res)), byType: map[string][]*node{}, kids: map[string][]*node{},
		types: newTypeLog()}
	for i := range res {
		ix.add(res[i], "")
	}
	for _, n := range ix.byKey {
		ix.all = append(ix.all, n)
	}
	slices.SortFunc(ix.all, func(a, b *node) int { return cmp.Compare(a.key, b.key) })
	for _, n := range ix.all {
		ix.byType[n.typ] = append(ix.byType[n.typ], n)
		if n.parent != "" {
			k := n.parent + "\x00" + n.typ
			ix.kids[k] = append(ix.kids[k], n)
		}
	}
	return ix
}

// add indexes r (and, recursively, the children it embeds: the depth is
// bounded by inlineChildren, whose child types have no further entry but
// for circuit peerings). container is the key of the resource r is
// embedded in, "" for a resource of its own.
func (ix *index) add(r Resource, container string) {
	key := idKey(r.ID)
	if key == "" {
		return // front ends give every resource an id; build reports none
	}
	r.Location = canonicalLocation(r.Location)
	r.chk = ix.types.check(r)
	n := &node{Resource: r, key: key, typ: strings.ToLower(r.Type), parent: parentKey(key), inline: container != ""}
	if n.parent == "" {
		n.parent = container
	}
	if old, ok := ix.byKey[key]; ok {
		n = merge(old, n)
	}
	ix.byKey[key] = n
	for _, prop := range inlineChildren(n.typ) {
		for i, e := range r.List(prop) {
			if c, ok := inlineChild(r, prop, i, e); ok {
				ix.add(c, key)
			}
		}
	}
}

// inlineChild makes the Resource of the i-th element e of r's property
// prop, when e is an embedded child (an object with properties). A child
// without an id gets the one ARM gives it: the parent's id, the child
// type's segment, its name. An element that is neither a child nor a
// reference ({id}), and a child's name or id that is not a string, are
// noted (typecheck.go).
func inlineChild(r Resource, prop string, i int, e any) (Resource, bool) {
	at := fmt.Sprintf("%s[%d]", prop, i)
	m, _ := e.(map[string]any)
	if _, ok := m["id"].(string); m != nil && m["properties"] == nil && m["id"] != nil && !ok {
		// a child in az's lifted shape whose id is not a string (az.go
		// could not tell it from a reference): its id is what is wrong
		r.chk.note(at+".id", prop+"[].id", m["id"], kindStr)
		return Resource{}, false
	}
	r.chk.note(at, prop+"[]", e, kindChild)
	props, ok := m["properties"].(map[string]any)
	if !ok {
		return Resource{}, false // a reference, or noted
	}
	r.chk.note(at+".name", prop+"[].name", m["name"], kindStr)
	r.chk.note(at+".id", prop+"[].id", m["id"], kindStr)
	name, _ := m["name"].(string)
	id, _ := m["id"].(string)
	if id == "" {
		if name == "" {
			return Resource{}, false
		}
		id = strings.TrimRight(r.ID, "/") + "/" + prop + "/" + name
	}
	if name == "" {
		name = nameFromID(id)
	}
	return Resource{ID: id, Type: r.Type + "/" + prop, Name: name, Location: r.Location, Props: props,
		Where: fmt.Sprintf("%s.%s[%d]", r.Where, prop, i)}, true
}

// merge combines two copies of one resource (an export's inline child and
// the same child as a resource of its own, rule:import.children-listed-twice; a resource listed
// twice): the preferred copy's properties win, the other's fill the
// properties it lacks. A resource of its own is preferred over an inline
// copy, then the copy with more properties, then the smaller JSON, so the
// choice does not depend on the input order.
func merge(a, b *node) *node {
	if better(b, a) {
		a, b = b, a
	}
	out := *a
	out.inline = a.inline && b.inline
	out.Props = maps.Clone(a.Props)
	if out.Props == nil {
		out.Props = map[string]any{}
	}
	for k, v := range b.Props {
		if _, ok := out.Props[k]; !ok {
			out.Props[k] = v
		}
	}
	if out.SKU == nil {
		out.SKU = b.SKU
	}
	if out.Location == "" {
		out.Location = b.Location
	}
	return &out
}

// better reports whether copy a is preferred over copy b (see merge).
func better(a, b *node) bool {
	if a.inline != b.inline {
		return !a.inline
	}
	if len(a.Props) != len(b.Props) {
		return len(a.Props) > len(b.Props)
	}
	ja, _ := json.Marshal(a.Props)
	jb, _ := json.Marshal(b.Props)
	if c := strings.Compare(string(ja), string(jb)); c != 0 {
		return c < 0
	}
	return a.Where < b.Where
}

// top returns the resources of a type (lower case), sorted by key.
func (ix *index) top(lowerType string) []*node { return ix.byType[lowerType] }

// children returns the children of the parent key of a child type (the
// type's last segment, any case: "subnets"), sorted by key.
func (ix *index) children(parent *node, childType string) []*node {
	return ix.kids[parent.key+"\x00"+parent.typ+"/"+strings.ToLower(childType)]
}

// get returns the resource an id names, of the type (lower case) when
// typ is not "".
func (ix *index) get(id, lowerType string) (*node, bool) {
	n, ok := ix.byKey[idKey(id)]
	if !ok || (lowerType != "" && n.typ != lowerType) {
		return nil, false
	}
	return n, true
}

// canonicalLocation is a region in the form Azure answers with, its name
// ("westeurope"): Azure takes the display name too ("West Europe"), and
// documents carry both (templates; the REST example
// AzureFirewallGetWithMgmtSubnet.json answers "West US"). A region's name
// is its display name in lower case without spaces; "global" stays.
func canonicalLocation(loc string) string {
	return strings.ToLower(strings.Join(strings.Fields(loc), ""))
}
