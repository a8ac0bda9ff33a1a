package reach

import (
	"fmt"
	"net/netip"
	"reflect"
	"slices"
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/gen"
	"vnetplay/engine/model"
	"vnetplay/engine/route"
	"vnetplay/engine/trace"
)

// TestClassKey checks which NICs share a class and that the cells they
// share legs for equal one walk per cell: x and w sit in the same subnet
// (one class); v sits there too but has its own NIC NSG, which denies
// everything outbound (its own class, its cells walked in full).
func TestClassKey(t *testing.T) {
	tp := topo()
	tp.NSGs = []model.NSG{{ID: "deny", SecurityRules: []model.SecurityRule{{Name: "deny", Priority: 100, Direction: "Outbound",
		Access: "Deny", Protocol: "*", SourceAddressPrefix: "*", DestinationAddressPrefix: "*", SourcePortRange: "*", DestinationPortRange: "*"}}}}
	tp.VMs = append(tp.VMs,
		model.VM{ID: "w", NICs: []model.NIC{{Name: "nic", Subnet: "a/s", PrivateIPAddress: "10.0.0.5"}}},
		model.VM{ID: "v", NICs: []model.NIC{{Name: "nic", Subnet: "a/s", PrivateIPAddress: "10.0.0.6", NetworkSecurityGroup: "deny"}}})
	p := dataplane.Build(&tp)
	c := newClasses(p, trace.Flow{}, trace.Options{}, true, true)
	ix := map[string]int32{}
	for i, n := range c.nics {
		ix[n.ID] = c.class[i]
	}
	if ix["x/nic"] != ix["w/nic"] || ix["v/nic"] == ix["x/nic"] || ix["y/nic"] == ix["x/nic"] || len(c.cls) != 4 {
		t.Fatalf("classes %v (%d): want x and w together, v, y and z apart", ix, len(c.cls))
	}
	tr := ComputeTracked(p, trace.Flow{}, trace.Options{})
	want := ComputePerPair(p, trace.Flow{}, trace.Options{})
	if !reflect.DeepEqual(tr.Matrix, want) {
		t.Fatalf("class sharing differs from one walk per cell:\n%+v\n%+v", flat(tr.Matrix), flat(want))
	}
	s := tr.Sharing()
	if s.Fast == 0 || s.Walked == 0 || s.Classes != 4 || s.NICs != 5 || s.Fast+s.Walked != want.Len() {
		t.Fatalf("sharing %+v", s)
	}
	for i, cell := range want.All() {
		if cell.From == "v/nic" && cell.To != Internet && cell.Disposition != trace.DroppedByNSG {
			t.Errorf("%s → %s: %v, want DroppedByNSG", cell.From, cell.To, cell.Disposition)
		}
		f := cellFlow(p, trace.Flow{}, cell.From, cell.To)
		if run := trace.RunWith(p, f, trace.Options{}); !reflect.DeepEqual(run.Deps(), tr.CellDeps(i)) {
			t.Errorf("%s → %s: Deps %+v, want %+v", cell.From, cell.To, tr.CellDeps(i), run.Deps())
		}
	}
}

// TestDepStoreCopiesOnWrite: a shared store reads like the original, its
// writes copy only the chunk written, and the original never changes;
// packed cells read back as the lookups they were made of.
func TestDepStoreCopiesOnWrite(t *testing.T) {
	const width = 20 // cells per row
	n := 3*depChunkCells + 5
	g := &lookupGen{}
	g.routes.add(route.Effective{Route: route.Route{Prefix: netip.MustParsePrefix("10.0.0.0/8")}})
	g.routes.add(route.Effective{Route: route.Route{NextHop: route.VirtualAppliance}})
	for k := range n/width + 2 {
		g.subnet = append(g.subnet, fmt.Sprintf("v/s%d", k))
		g.ip = append(g.ip, netip.AddrFrom4([4]byte{10, 0, 0, byte(k)}))
	}
	a := newDepStore(n, width)
	for i := range n {
		if i%3 == 0 {
			a.add(&cellDeps{gen: g, packed: []packedLookup{{nic: 1, route: 0}, {nic: 2, route: 1}, {nic: 3, route: 0}}, nf: 2})
			continue
		}
		a.add(&cellDeps{full: trace.Deps{Opaque: i%2 == 0, Lookups: []trace.Lookup{{Subnet: "s"}}}})
	}
	r, j := 4, 8 // cell 4*width+7 (packed): row 4, column 8 (the diagonal left out)
	want := trace.Deps{Lookups: []trace.Lookup{
		{Subnet: "v/s1", Dst: g.ip[j], Route: *g.routes.at(0), Found: true},
		{Subnet: "v/s2", Dst: g.ip[j], Route: *g.routes.at(1), Found: true},
		{Subnet: "v/s3", Dst: g.ip[r], Route: *g.routes.at(0), Found: true}}}
	if got := a.at(r*width + 7); !reflect.DeepEqual(got, want) {
		t.Fatalf("packed cell: %+v, want %+v", got, want)
	}
	b := a.share()
	b.set(depChunkCells+1, &cellDeps{full: trace.Deps{BGP: true}})
	for i := range n {
		if got := a.at(i); got.BGP || i%3 != 0 && got.Opaque != (i%2 == 0) || i%3 == 0 && len(got.Lookups) != 3 {
			t.Fatalf("original cell %d changed: %+v", i, got)
		}
		if got := b.at(i); i == depChunkCells+1 && !got.BGP || i != depChunkCells+1 && !reflect.DeepEqual(got, a.at(i)) {
			t.Fatalf("shared cell %d: %+v", i, got)
		}
	}
	for c := range a.chunks {
		if same := a.chunks[c] == b.chunks[c]; same != (c != 1) {
			t.Errorf("chunk %d shared %v, want %v", c, same, c != 1)
		}
	}
}

// TestDepStoreDropsUnusedTables: a store that was written by more than
// maxGens computations forgets the lookup tables no cell refers to, and
// its cells read as before.
func TestDepStoreDropsUnusedTables(t *testing.T) {
	const width = 4
	newGen := func(k int) *lookupGen {
		g := &lookupGen{}
		g.routes.add(route.Effective{Route: route.Route{Origin: route.Origin{ID: fmt.Sprint(k)}}})
		for n := range width + 1 {
			g.subnet = append(g.subnet, fmt.Sprintf("s%d", n))
			g.ip = append(g.ip, netip.AddrFrom4([4]byte{10, 0, byte(k), byte(n)}))
		}
		return g
	}
	n := width * (width + 1)
	s := newDepStore(n, width)
	first := newGen(0)
	for range n {
		s.add(&cellDeps{gen: first, packed: []packedLookup{{nic: 0, route: 0}}, nf: 1})
	}
	for k := 1; k <= maxGens+1; k++ { // cell 1 answered again by each later computation
		s = s.share()
		s.set(1, &cellDeps{gen: newGen(k), packed: []packedLookup{{nic: 1, route: 0}}, nf: 1})
		s.dropUnused()
	}
	live := 0
	for _, g := range s.gens {
		if g != nil {
			live++
		}
	}
	// The drop at the 33rd table left the first and that one; the 34th came after.
	if live != 3 || s.gens[0] != first || s.gens[1] != nil {
		t.Fatalf("%d tables kept of %d, want the first and the last two", live, len(s.gens))
	}
	if got := s.at(1).Lookups[0].Route.Origin.ID; got != fmt.Sprint(maxGens+1) {
		t.Errorf("cell 1 reads the route of computation %s, want the last", got)
	}
	if got := s.at(2).Lookups[0]; got.Subnet != "s0" || got.Dst != first.ip[3] {
		t.Errorf("cell 2 reads %+v", got)
	}
}

// TestUpdateLeavesPrevious: Tracked.Update walks cells again into the new
// matrix only; the previous one (its cells and Deps) is unchanged, and the
// new one equals ComputeTracked's, Deps included.
func TestUpdateLeavesPrevious(t *testing.T) {
	tp := topo()
	tp.RouteTables = []model.RouteTable{{ID: "rt", Routes: []model.Route{{Name: "r", AddressPrefix: "10.9.0.0/16", NextHopType: model.HopNone}}}}
	tp.VNets[0].Subnets[0].RouteTable = "rt"
	p := dataplane.Build(&tp)
	prev := ComputeTracked(p, trace.Flow{}, trace.Options{})
	cells := flat(prev.Matrix)
	var deps []trace.Deps
	for i := range cells {
		deps = append(deps, prev.CellDeps(i))
	}
	tp.RouteTables = []model.RouteTable{{ID: "rt", Routes: []model.Route{{Name: "r", AddressPrefix: "10.1.0.0/16", NextHopType: model.HopNone}}}}
	next, d := prev.Update(dataplane.Update(p, &tp))
	if d.Traced == 0 || d.Changed == 0 {
		t.Fatalf("the edit changed nothing: %+v", d)
	}
	if !slices.Equal(flat(prev.Matrix), cells) {
		t.Fatal("Update changed the previous matrix's cells")
	}
	for i := range cells {
		if !reflect.DeepEqual(prev.CellDeps(i), deps[i]) {
			t.Fatalf("Update changed the previous matrix's Deps of cell %d", i)
		}
	}
	want := ComputeTracked(dataplane.Build(&tp), trace.Flow{}, trace.Options{})
	if !reflect.DeepEqual(next.Matrix, want.Matrix) {
		t.Fatalf("updated %+v, computed %+v", flat(next.Matrix), flat(want.Matrix))
	}
	for i := range want.Matrix.Len() {
		if !reflect.DeepEqual(next.CellDeps(i), want.CellDeps(i)) {
			t.Fatalf("cell %d: updated Deps %+v, computed %+v", i, next.CellDeps(i), want.CellDeps(i))
		}
	}
}

// routesOf is a routeList of es.
func routesOf(es ...route.Effective) routeList {
	var l routeList
	for _, e := range es {
		l.add(e)
	}
	return l
}

// TestRouteListKeepsEntries: a routeList's entries read back by index as
// they were added, across its chunks, and never move (a pointer taken to
// an entry stays that entry's).
func TestRouteListKeepsEntries(t *testing.T) {
	var l routeList
	var early []*route.Effective
	const n = 20*routeChunk + 7
	for i := range n {
		e := route.Effective{Route: route.Route{Origin: route.Origin{ID: fmt.Sprint(i)}}}
		if ix := l.add(e); ix != int32(i) || l.len() != i+1 {
			t.Fatalf("entry %d added at %d, length %d", i, ix, l.len())
		}
		if i < 2*routeChunk {
			early = append(early, l.at(int32(i)))
		}
	}
	for i := range n {
		if got := l.at(int32(i)).Origin.ID; got != fmt.Sprint(i) {
			t.Fatalf("entry %d reads %s", i, got)
		}
	}
	for i, p := range early {
		if p != l.at(int32(i)) {
			t.Fatalf("entry %d moved", i)
		}
	}
	if want := (n + routeChunk - 1) / routeChunk; len(l.chunks) != want {
		t.Fatalf("%d chunks for %d entries, want %d", len(l.chunks), n, want)
	}
}

// TestSparseLegsEqualPerPair: classes with sparse legs (as a patch makes
// them, sized by expectCells for fewer cells than it answers) answer every
// cell of a design whose matrix needs several slabs of legs as one walk
// per cell does, and compute more legs than a slab holds.
func TestSparseLegsEqualPerPair(t *testing.T) {
	topo := gen.HubSpokeScale(gen.Params{N: 12, Prefixes: 10, UDRs: 4, Seed: 9})
	p := dataplane.Build(&topo)
	want := ComputePerPair(p, trace.Flow{}, trace.Options{})
	c := newClasses(p, trace.Flow{}, trace.Options{}, true, false)
	c.expectCells(8)
	m := want.Rows
	for i, cell := range want.All() {
		r, k := i/(len(want.Cols)-1), i%(len(want.Cols)-1)
		j := k
		if j >= r {
			j++
		}
		o, _ := c.answer(r, j, m[r], want.Cols[j])
		if o.disp != cell.Disposition || o.reason != cell.Reason {
			t.Fatalf("%s → %s: %v %q, want %v %q", cell.From, cell.To, o.disp, o.reason, cell.Disposition, cell.Reason)
		}
	}
	if c.stats.Legs <= 2*legSlab || len(c.sparse) != c.stats.Legs {
		t.Fatalf("%d legs kept, %d computed: the design fills no more than two slabs", len(c.sparse), c.stats.Legs)
	}
	for k, l := range c.sparse { // every leg kept is its own move's
		if want, _ := c.move(int32(k>>32), int32(k)); *l != want {
			t.Fatalf("leg of class %d towards column %d: %+v, its move %+v", k>>32, int32(k), *l, want)
		}
	}
	t.Logf("%d legs, %d cells from legs", c.stats.Legs, c.stats.Fast)
}
