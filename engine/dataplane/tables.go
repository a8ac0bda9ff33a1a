package dataplane

import (
	"net/netip"
	"slices"
	"strings"

	"vnetplay/engine/model"
	"vnetplay/engine/route"
)

// layerSet holds the route layers and tables of one plane by what they are
// built from, so that the next Update reuses every one whose inputs are
// unchanged. A subnet's table stacks three layers (route.NewStackedTable):
// its system routes, shared by subnets alike; the user routes of its route
// table, shared by every subnet associated with it; and its gateway
// routes, shared by subnets with the same gateway VNets.
type layerSet struct {
	system  map[string]*route.Layer          // by systemKey
	user    map[string]*route.Layer          // by route table id; nil when it has no valid route
	gateway map[string]*route.Layer          // by gateway VNets, joined
	tables  map[[3]*route.Layer]*route.Table // by (system, user, gateway)
}

// newLayerSet returns an empty layerSet with room for as many entries as
// hint (the previous plane's, nil for none) holds; with shareGateway, its
// gateway layers are hint's (shared: neither writes them).
func newLayerSet(hint *layerSet, shareGateway bool) *layerSet {
	if hint == nil {
		hint = &layerSet{}
	}
	ls := &layerSet{system: make(map[string]*route.Layer, len(hint.system)), user: make(map[string]*route.Layer, len(hint.user)),
		gateway: hint.gateway, tables: make(map[[3]*route.Layer]*route.Table, len(hint.tables))}
	if !shareGateway {
		ls.gateway = make(map[string]*route.Layer, len(hint.gateway))
	}
	return ls
}

// buildTables sets every subnet's table. A subnet's routes depend only on
// its VNet, route table and service endpoints (see candidates): subnets
// alike share one table. Layers and tables equal to prev's are prev's:
// a UDR edit builds one user layer and recombines the tables over it, a
// BGP change (sameBGP false) rebuilds only the gateway layers whose routes
// changed. The naive baseline builds every table whole.
func (p *Plane) buildTables(prev *Plane, sameBGP bool) {
	var old *layerSet
	if prev != nil {
		old = prev.layers
	}
	// With the structure prev's whole (shareStructure), every system
	// layer of prev is this plane's: its routes read nothing else.
	b := &tableBuild{prev: prev, old: old, sameBGP: sameBGP, sameStruct: prev != nil && old != nil && prev.structID == p.structID}
	b.gwFromPrev = p.sameGatewaySources(b) // then every gateway layer is old's
	if !p.cfg.naive {
		p.layers = newLayerSet(old, b.gwFromPrev)
	}
	p.tableOf = make([]*route.Table, len(p.subnetIDs))
	var run []keyedTable // the tables of the run of subnets of one VNet (ids in order: its subnets')
	for i, id := range p.subnetIDs {
		s := p.subnets[id]
		var t *route.Table
		if p.cfg.naive {
			t = route.NewLinearTable(p.candidates(s))
		} else {
			key := tableKey{s.VNet, s.RouteTable, strings.Join(s.ServiceEndpoints, "\x00")}
			if len(run) > 0 && run[0].key.vnet != s.VNet {
				run = run[:0]
			}
			if t = tableIn(run, key); t == nil {
				t = p.stackedTable(s, b)
				run = append(run, keyedTable{key, t})
			}
		}
		p.tableOf[i] = t
	}
}

// tableBuild is what buildTables's tables are built against: the previous
// plane and its layers (nil: none), whether the BGP result and the
// structure are prev's, whether every subnet's gateway layer is the one
// its table over prev had (gwFromPrev), and the user layers' changes
// asked last.
type tableBuild struct {
	prev                            *Plane
	old                             *layerSet
	sameBGP, sameStruct, gwFromPrev bool
	diff                            userDiff
}

// sameGatewaySources reports whether every subnet has the gateway sources
// it had on prev, so that its gateway layer is its table's over prev:
// gatewaySources reads the BGP result (the same, sameBGP), the VNet's
// links (the structure's, sameStruct) and the subnet's route table's
// DisableBgpRoutePropagation (compared here; the structure fixes which
// table a subnet has). A UDR edit then asks no gateway VNets, routes or
// layer keys again (gatewayLayer).
func (p *Plane) sameGatewaySources(b *tableBuild) bool {
	if !b.sameBGP || !b.sameStruct || p.cfg.naive || b.prev.cfg.naive || len(p.rts) != len(b.prev.rts) {
		return false
	}
	for id, rt := range p.rts {
		if o, ok := b.prev.rts[id]; !ok || o.DisableBgpRoutePropagation != rt.DisableBgpRoutePropagation {
			return false
		}
	}
	return true
}

// keyedTable is a subnet's table by what it depends on besides the plane.
type keyedTable struct {
	key   tableKey
	table *route.Table
}

// tableIn is the table of key in run, nil when none. Subnets alike share
// one table: those of a run of one VNet's subnets through run (a VNet
// has a few subnets; a map of every key was 16 KB of an edit at 100
// VNets), the others because stackedTable returns the table of their
// layers made first.
func tableIn(run []keyedTable, key tableKey) *route.Table {
	for _, e := range run {
		if e.key == key {
			return e.table
		}
	}
	return nil
}

// tableKey is what a subnet's table depends on besides the plane: its
// VNet, route table and service endpoints (joined).
type tableKey struct{ vnet, rt, ses string }

// stackedTable returns s's table: its three layers, each reused from old
// when equal, stacked (prev's table when it stacked the same three, or
// prev's table of s re-pointed at a new gateway layer when it stacked the
// same system and user layers: route.Restack keeps their decided ties; or
// at a new user layer too when the user layers differ at none of the
// system layer's prefixes: route.RestackUser, the changed prefixes from
// diff).
func (p *Plane) stackedTable(s *Subnet, b *tableBuild) *route.Table {
	ls, prev, old, diff := p.layers, b.prev, b.old, &b.diff
	k := [3]*route.Layer{p.systemLayer(s, prev, old, b.sameStruct), p.userLayer(s, prev, old), p.gatewayLayerOf(s, b)}
	if t, ok := ls.tables[k]; ok {
		return t
	}
	t, ok := (*route.Table)(nil), false
	if old != nil {
		t, ok = old.tables[k]
	}
	if !ok {
		t = nil
		if prev != nil {
			t, _ = prev.Routes(s.ID)
		}
		switch {
		case t != nil && t.SystemLayer() == k[0] && t.UserLayer() == k[1] && k[0] != nil:
			t = route.Restack(t, k[2])
		case t != nil && t.SystemLayer() == k[0] && k[0] != nil && t.UserLayer() != nil && k[1] != nil:
			if t = route.RestackUser(t, k[1], k[2], diff.of(t.UserLayer(), k[1])); t == nil {
				t = route.NewStackedTable(k[0], k[1], k[2])
			}
		default:
			t = route.NewStackedTable(k[0], k[1], k[2])
		}
	}
	ls.tables[k] = t
	return t
}

// userDiff remembers the prefixes at which two user layers differ, for
// the last pair asked: a UDR edit re-points every table over its route
// table's new layer (route.RestackUser), each asking about the same pair.
type userDiff struct {
	from, to *route.Layer
	changed  []netip.Prefix
}

// of is route.ChangedLayerPrefixes(from, to).
func (d *userDiff) of(from, to *route.Layer) []netip.Prefix {
	if d.from != from || d.to != to || d.from == nil {
		d.from, d.to, d.changed = from, to, route.ChangedLayerPrefixes(from, to)
	}
	return d.changed
}

// systemKey identifies the system routes of s (systemCandidates).
func systemKey(s *Subnet, noReserved bool) string {
	flag := "r"
	if noReserved {
		flag = "-"
	}
	return s.VNet + "\x00" + flag + "\x00" + strings.Join(s.ServiceEndpoints, "\x00")
}

// systemLayer returns the layer of s's system routes: built once per
// plane for subnets alike, and old's when its routes are equal, which
// needs no comparison when the structure is old's plane's (sameStruct:
// the routes are systemCandidates', which read the structure and the key
// only) or when only the links changed and not those of s's VNet
// (sameLinksOf).
func (p *Plane) systemLayer(s *Subnet, prev *Plane, old *layerSet, sameStruct bool) *route.Layer {
	rt, hasRT := p.rts[s.RouteTable]
	noReserved := hasRT && removesReserved(rt)
	key := systemKey(s, noReserved)
	if l, ok := p.layers.system[key]; ok {
		return l
	}
	if o, ok := old.systemLayer(key); ok && (sameStruct || p.sameLinksOf(prev, s.VNet)) {
		p.layers.system[key] = o
		return o
	}
	cands := p.systemCandidates(s, noReserved)
	var l *route.Layer
	if old != nil {
		if o := old.system[key]; o.Same(cands) {
			l = o
		}
	}
	if l == nil {
		l = route.NewOwnLayer(cands)
	}
	p.layers.system[key] = l
	return l
}

// sameLinksOf reports whether p shares what walks read of prev's
// structure (Update after a peering edit, or an edit of locations,
// subnets' route tables or service endpoints: the same walkID) and vnet's
// links read the same as prev's to its system routes (sameSystemLinks):
// then every system route of vnet's subnets with the same systemKey is
// (systemCandidates reads the VNet's prefixes, its links, the remote
// VNets' prefixes, the private endpoints and their subnets' policies, all
// shared, besides the key's service endpoints and reserved flag; a
// location shows in the links' Global flag only).
func (p *Plane) sameLinksOf(prev *Plane, vnet string) bool {
	return prev != nil && p.walkID != nil && prev.walkID == p.walkID && sameSystemLinks(prev.links[vnet], p.links[vnet])
}

// sameSystemLinks reports whether two lists of one VNet's links are the
// same to its system routes, which read of each link (systemCandidates,
// knownRemotePrefixes, privateEndpointRoutes) only its peering, remote,
// state, Global flag and its own side's synced copy of the remote address
// space: a flag (forwarded traffic, gateway transit, remote gateways,
// virtual network access) changes none of them.
func sameSystemLinks(a, b []Link) bool {
	if len(a) != len(b) {
		return false
	}
	if len(a) > 0 && &a[0] == &b[0] {
		return true // shared (updatePeerings)
	}
	for i := range a {
		x, y := &a[i], &b[i]
		if x.Peering != y.Peering || x.Remote != y.Remote || x.State != y.State || x.Global != y.Global ||
			!sameAddressSpace(x.Self.RemoteAddressSpace, y.Self.RemoteAddressSpace) {
			return false
		}
	}
	return true
}

// sameAddressSpace is reflect.DeepEqual of two synced copies of an
// address space.
func sameAddressSpace(x, y *model.AddressSpace) bool {
	return x == y || x != nil && y != nil && sameList(x.AddressPrefixes, y.AddressPrefixes)
}

// systemLayer is the system layer of ls with key, if ls has one (ls may
// be nil).
func (ls *layerSet) systemLayer(key string) (*route.Layer, bool) {
	if ls == nil {
		return nil, false
	}
	l, ok := ls.system[key]
	return l, ok
}

// userLayer returns the layer of the user routes of s's route table (nil
// without a table or a valid route): built once per route table, and old's
// when the table's routes are unchanged (user routes read nothing else).
func (p *Plane) userLayer(s *Subnet, prev *Plane, old *layerSet) *route.Layer {
	rt, hasRT := p.rts[s.RouteTable]
	if !hasRT {
		return nil
	}
	if l, ok := p.layers.user[rt.ID]; ok {
		return l
	}
	var l *route.Layer
	reused := false
	if old != nil {
		if o, ok := old.user[rt.ID]; ok {
			if prt, okP := prev.rts[rt.ID]; okP && slices.Equal(prt.Routes, rt.Routes) {
				l, reused = o, true
			}
		}
	}
	if !reused {
		if us := p.userRoutes(rt); len(us) > 0 {
			l = route.NewOwnLayer(us)
		}
	}
	p.layers.user[rt.ID] = l
	return l
}

// gatewayLayerOf is s's gateway layer: its table's over prev when every
// subnet's is (gwFromPrev), else gatewayLayer's.
func (p *Plane) gatewayLayerOf(s *Subnet, b *tableBuild) *route.Layer {
	if b.gwFromPrev {
		if t, ok := b.prev.Routes(s.ID); ok && t.SystemLayer() != nil {
			return t.Layer()
		}
	}
	return p.gatewayLayer(s, b.prev, b.old, b.sameBGP, !b.gwFromPrev)
}

// gatewayLayer returns the layer of s's gateway routes (nil when none): one
// per set of gateway VNets (its key; the layer reads nothing but those
// VNets' routes), old's when the BGP result is the same (sameBGP), when
// the BGP result holds prev's very lists of those VNets' routes
// (sameGatewayRoutes) or when its routes are equal. A new layer shares
// old's index when its routes index alike (route.NewLayerOwned). The
// layer of one VNet's routes from the plane's own BGP result reads the
// result's list in place (route.NewGatewayLayer): the result is never
// modified. With store false, the layer is not added to the plane's.
func (p *Plane) gatewayLayer(s *Subnet, prev *Plane, old *layerSet, sameBGP, store bool) *route.Layer {
	srcs := p.gatewaySources(s)
	if len(srcs) == 0 {
		return nil
	}
	key := strings.Join(srcs, "\x00")
	if l, ok := p.layers.gateway[key]; ok {
		return l
	}
	var o *route.Layer
	if old != nil {
		o = old.gateway[key]
	}
	var l *route.Layer
	switch {
	case o != nil && (sameBGP || p.sameGatewayRoutes(prev, srcs)):
		l = o // the same gateway VNets with the same routes
	case p.gwShared && len(srcs) == 1 && validPrefixes(p.gatewayRoutesOf(srcs[0])):
		// One VNet's routes, the BGP result's list: read in place.
		if rs := p.gatewayRoutesOf(srcs[0]); o.SameAsGateway(rs) {
			l = o
		} else {
			l = route.NewGatewayLayer(o, rs)
		}
	default:
		cands := p.gatewayCandidates(s)
		if o.Same(cands) {
			l = o
		} else {
			l = route.NewLayerOwned(o, cands)
		}
	}
	if store { // else p.layers.gateway is old's, shared
		p.layers.gateway[key] = l
	}
	return l
}

// validPrefixes reports whether every route of rs has a valid prefix
// (gatewayCandidates keeps no other).
func validPrefixes(rs []route.Route) bool {
	for i := range rs {
		if !rs[i].Prefix.IsValid() {
			return false
		}
	}
	return true
}

// sameGatewayRoutes reports whether every VNet of srcs has in p the very
// list of gateway routes it had in prev (bgp.Result.SameVNetRoutes): both
// planes' gateway routes come from their BGP results, which share it.
func (p *Plane) sameGatewayRoutes(prev *Plane, srcs []string) bool {
	if prev == nil || p.bgp == nil || prev.bgp == nil {
		return false
	}
	for _, gv := range srcs {
		if !p.bgp.SameVNetRoutes(prev.bgp, gv) {
			return false
		}
	}
	return true
}
