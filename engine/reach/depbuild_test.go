package reach

import (
	"fmt"
	"maps"
	"math/rand/v2"
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

// TestDepBuilderEqualsSet: a store built in order (depBuilder) from
// another, with some cells' dependencies new, reads exactly like the
// other shared and written cell by cell (set), for every cell; it shares
// the chunks in which no cell is new, and the original never changes.
func TestDepBuilderEqualsSet(t *testing.T) {
	const width = 23
	n := 5*depChunkCells + 17
	g := &lookupGen{routes: routesOf(route.Effective{Route: route.Route{Prefix: netip.MustParsePrefix("10.0.0.0/8")}}, route.Effective{Route: route.Route{NextHop: route.VirtualAppliance}}),
		ids: []string{"gw"}}
	for k := range n/width + 2 {
		g.subnet = append(g.subnet, fmt.Sprintf("v/s%d", k))
		g.ip = append(g.ip, netip.AddrFrom4([4]byte{10, 0, 0, byte(k)}))
	}
	cell := func(i, round int) *cellDeps {
		switch (i + round) % 4 {
		case 0:
			return &cellDeps{gen: g, packed: []packedLookup{{nic: 1, route: int32(round % 2)}, {nic: 2, route: 1}}, nf: 1}
		case 1:
			return &cellDeps{gen: g, packed: []packedLookup{{nic: 3, route: 0}}, nf: 1, reads: []packedRead{{id: 0, kind: trace.HybridReadKind(round % 3), addr: addrDst}}}
		case 2:
			return &cellDeps{full: trace.Deps{Opaque: round%2 == 0, Lookups: []trace.Lookup{{Subnet: fmt.Sprint("s", round)}}}}
		}
		return &cellDeps{full: trace.Deps{Hybrid: []trace.HybridRead{{ID: fmt.Sprint("h", round)}}}}
	}
	prev := newDepStore(n, width)
	for i := range n {
		prev.add(cell(i, 0))
	}
	before := make([]trace.Deps, n)
	for i := range n {
		before[i] = prev.at(i)
	}
	r := rand.New(rand.NewPCG(1, 2))
	subsets := map[string][]int{
		"none":      nil,
		"all":       seq(0, n),
		"one":       {depChunkCells + 3},
		"first":     {0},
		"last":      {n - 1},
		"tail":      seq(4*depChunkCells+2, n),
		"two-ends":  {0, n - 1},
		"chunk 1+3": append(seq(depChunkCells, 2*depChunkCells), seq(3*depChunkCells+5, 3*depChunkCells+9)...),
	}
	var random []int
	for i := range n {
		if r.IntN(3) == 0 {
			random = append(random, i)
		}
	}
	subsets["random"] = random
	for name, put := range subsets {
		t.Run(name, func(t *testing.T) {
			want := prev.share()
			b := newDepBuilder(&prev)
			newChunk := map[int]bool{}
			for _, i := range put {
				d := cell(i, 1)
				want.set(i, d)
				b.put(i, d)
				newChunk[i/depChunkCells] = true
			}
			got := b.finish()
			if got.n != n || len(got.chunks) != len(prev.chunks) {
				t.Fatalf("built %d cells in %d chunks, want %d in %d", got.n, len(got.chunks), n, len(prev.chunks))
			}
			for i := range n {
				if g, w := got.at(i), want.at(i); !reflect.DeepEqual(g, w) {
					t.Fatalf("cell %d: built %+v, set %+v", i, g, w)
				}
				if g, w := got.view(i).fragile(), want.view(i).fragile(); g != w {
					t.Fatalf("cell %d: fragile %v, want %v", i, g, w)
				}
				if !reflect.DeepEqual(prev.at(i), before[i]) {
					t.Fatalf("cell %d of the original changed", i)
				}
			}
			for c := range got.chunks {
				if shared := got.chunks[c] == prev.chunks[c]; shared != !newChunk[c] || got.owned[c] == shared {
					t.Errorf("chunk %d shared %v (owned %v), want shared %v", c, shared, got.owned[c], !newChunk[c])
				}
			}
		})
	}
}

// seq is a, a+1, …, b-1.
func seq(a, b int) []int {
	var out []int
	for i := a; i < b; i++ {
		out = append(out, i)
	}
	return out
}

// TestPatchKeepsDepsFragileAndHops: along edits of hub and spoke designs
// (UDRs over every endpoint, which patch answers again densely, and over
// a few, peering flags, the hub's appliance failed), every updated matrix
// keeps each cell's Deps as ComputeTracked records them, lists as fragile
// exactly the cells whose walks read more than lookups, and its appliance
// hops scanned in place (scanHops) are the set applianceScan.add makes of
// every cell.
func TestPatchKeepsDepsFragileAndHops(t *testing.T) {
	designs := map[string]model.Topology{
		"hubspoke": gen.HubSpokeScale(gen.Params{N: 6, Subnets: 2, Prefixes: 8, UDRs: 3, Seed: 3}),
		"multihub": gen.MultiHub(gen.Params{N: 2, Subnets: 1, Prefixes: 6, UDRs: 2, Branch: 3, Seed: 4}),
	}
	dense, sparse, hops := 0, 0, 0
	for name, topo := range designs {
		t.Run(name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(5, uint64(len(name))))
			var fails []model.Failure
			p := dataplane.Build(&topo)
			tr := ComputeTracked(p, trace.Flow{}, trace.Options{})
			checkHops(t, tr)
			for step := range 40 {
				fails = patchEdit(r, &topo, fails)
				p = dataplane.Update(p, &topo, dataplane.WithFailures(fails))
				var d Delta
				tr, d = tr.Update(p)
				switch {
				case d.Traced*denseRebuild >= tr.Matrix.Len():
					dense++
				case d.Traced > 0:
					sparse++
				}
				want := ComputeTracked(p, trace.Flow{}, trace.Options{})
				if !reflect.DeepEqual(tr.Matrix, want.Matrix) {
					t.Fatalf("step %d: matrix differs from ComputeTracked", step)
				}
				var fragile []int32
				for i := range want.Matrix.Len() {
					if g, w := tr.CellDeps(i), want.CellDeps(i); !reflect.DeepEqual(g, w) {
						t.Fatalf("step %d: cell %d (%+v): Deps %+v, want %+v", step, i, want.Matrix.Cell(i), g, w)
					}
					if tr.deps.view(i).fragile() {
						fragile = append(fragile, int32(i))
					}
				}
				if !slices.Equal(tr.fragile, fragile) {
					t.Fatalf("step %d: fragile %v, want %v", step, tr.fragile, fragile)
				}
				hops += checkHops(t, tr)
			}
		})
	}
	t.Logf("dense %d sparse %d hops %d", dense, sparse, hops)
	if dense == 0 || sparse == 0 || hops == 0 {
		t.Fatalf("the edits answered densely %d times, sparsely %d, and found %d appliance hops: every path must run", dense, sparse, hops)
	}
}

// checkHops fails t when tr's scanHops differs from applianceScan.add over
// every cell, and returns the set's size.
func checkHops(t *testing.T, tr *Tracked) int {
	t.Helper()
	s := applianceScan{p: tr.plane, set: map[[2]string]bool{}}
	for i, c := range tr.Matrix.All() {
		s.add(c, tr.deps.view(i))
	}
	if got := tr.scanHops(); !maps.Equal(got, s.set) {
		t.Fatalf("scanHops %v, want %v", got, s.set)
	}
	checkHopScanner(t, tr)
	return len(s.set)
}

// checkHopScanner fails t when a hopScanner over seeded random subsets of
// tr's cells (as a patch of the links adds the cells it walked again,
// onto a set already holding some pairs) makes another set than
// applianceScan.add over the same cells.
func checkHopScanner(t *testing.T, tr *Tracked) {
	t.Helper()
	r := rand.New(rand.NewPCG(uint64(tr.Matrix.Len()), 11))
	for round := range 4 {
		seed := map[[2]string]bool{{"seeded", "pair"}: true}
		want := applianceScan{p: tr.plane, set: maps.Clone(seed)}
		h := newHopScanner(tr, maps.Clone(seed))
		for i := range tr.Matrix.Len() {
			if round == 0 || r.IntN(4) == 0 {
				want.add(tr.Matrix.Cell(i), tr.deps.view(i))
				h.cell(i)
			}
		}
		if !maps.Equal(h.s.set, want.set) {
			t.Fatalf("round %d: hopScanner %v, want %v", round, h.s.set, want.set)
		}
	}
}

// patchEdit edits t in place (fresh slices where it writes) as a user
// would: a UDR added to or removed from a table, a peering's
// forwarded-traffic flag flipped, or the first appliance failed or
// restored; it returns the failures.
func patchEdit(r *rand.Rand, t *model.Topology, fails []model.Failure) []model.Failure {
	t.RouteTables = slices.Clone(t.RouteTables)
	t.Peerings = slices.Clone(t.Peerings)
	prefixes := []string{"0.0.0.0/0", "10.0.0.0/8", "10.1.0.0/16", "10.1.0.0/22", "10.64.0.0/10", "10.0.1.0/24"}
	switch k := r.IntN(10); {
	case k < 5 && len(t.RouteTables) > 0:
		rt := &t.RouteTables[r.IntN(len(t.RouteTables))]
		udr := model.Route{Name: fmt.Sprint("e", r.IntN(1000)), AddressPrefix: prefixes[r.IntN(len(prefixes))]}
		switch r.IntN(4) {
		case 0:
			udr.NextHopType = model.HopNone
		case 1:
			udr.NextHopType = model.HopInternet
		case 2:
			udr.NextHopType = model.HopVirtualNetworkGateway
		default:
			udr.NextHopType = model.HopVirtualAppliance
			udr.NextHopIPAddress = []string{"10.0.1.4", "10.64.1.4", "10.128.1.4"}[r.IntN(3)]
		}
		rt.Routes = append(slices.Clip(rt.Routes), udr)
	case k < 7 && len(t.RouteTables) > 0:
		rt := &t.RouteTables[r.IntN(len(t.RouteTables))]
		if n := len(rt.Routes); n > 0 {
			rt.Routes = slices.Delete(slices.Clone(rt.Routes), n-1, n)
		}
	case k < 9 && len(t.Peerings) > 0:
		pr := &t.Peerings[r.IntN(len(t.Peerings))]
		pr.B.AllowForwardedTraffic = !pr.B.AllowForwardedTraffic
	default:
		nva := ""
		for _, vm := range t.VMs {
			if vm.GuestIPForwarding {
				nva = vm.ID
				break
			}
		}
		f := model.Failure{Kind: model.ApplianceDown, Target: nva}
		if i := slices.Index(fails, f); i >= 0 {
			return slices.Delete(slices.Clone(fails), i, i+1)
		}
		return append(slices.Clone(fails), f)
	}
	return fails
}

// TestDepStoreWritesKeepEveryVersion: stores derived one from another,
// each writing a few cells again (packed, with questions, walked), read
// every cell as written, never change an earlier version, and keep their
// chunks from growing with the entries earlier writes left behind
// (depChunk.writable compacts a chunk that is more than half of them).
func TestDepStoreWritesKeepEveryVersion(t *testing.T) {
	const width = 16
	n := 3*depChunkCells + 40
	g := &lookupGen{routes: routesOf(make([]route.Effective, 4)...), ids: []string{"a", "b"}}
	for k := range n/width + 2 {
		g.subnet = append(g.subnet, fmt.Sprintf("s%d", k))
		g.ip = append(g.ip, netip.AddrFrom4([4]byte{10, 1, 0, byte(k)}))
	}
	cell := func(i, v int) *cellDeps {
		switch (i + v) % 3 {
		case 0:
			return &cellDeps{gen: g, packed: []packedLookup{{nic: int32(v % 5), route: int32(v % 4)}, {nic: 1, route: 2}}, nf: 1}
		case 1:
			return &cellDeps{gen: g, packed: []packedLookup{{nic: 2, route: int32(v % 4)}}, nf: 1, reads: []packedRead{{id: int32(v % 2), addr: addrSrc}, {id: 1}}}
		}
		return &cellDeps{full: trace.Deps{Lookups: []trace.Lookup{{Subnet: fmt.Sprint("w", v)}}, Opaque: v%2 == 0}}
	}
	s := newDepStore(n, width)
	want := make([]trace.Deps, n)
	for i := range n {
		s.add(cell(i, 0))
		want[i] = s.at(i)
	}
	type version struct {
		s    depStore
		want []trace.Deps
	}
	versions := []version{{s, slices.Clone(want)}}
	r := rand.New(rand.NewPCG(7, 8))
	for v := 1; v <= 40; v++ {
		s = s.share()
		for range 1 + r.IntN(3*depChunkCells) {
			i := r.IntN(n)
			s.set(i, cell(i, v))
			want[i] = s.at(i)
		}
		versions = append(versions, version{s, slices.Clone(want)})
		for k, old := range versions {
			if v%8 != 0 && k < v-1 { // every version now and then, else the last two
				continue
			}
			for i := range n {
				if got := old.s.at(i); !reflect.DeepEqual(got, old.want[i]) {
					t.Fatalf("after version %d: version %d's cell %d reads %+v, want %+v", v, k, i, got, old.want[i])
				}
			}
		}
		for c, ch := range s.chunks {
			cells := ch.refs.len()
			if ch.entryCount() > 4*(2*cells+1)+8 || ch.fullCount() > 2*cells+8 || len(ch.reads) > 4*(2*cells+1)+8 {
				t.Fatalf("version %d: chunk %d of %d cells holds %d packed entries, %d walked, %d questions", v, c, cells, ch.entryCount(), ch.fullCount(), len(ch.reads))
			}
			var live chunkSizes
			for k := range cells {
				live = live.add(ch.sizes(ch.refs.at(k)), 1)
			}
			if live != ch.live {
				t.Fatalf("version %d: chunk %d counts %+v live, its cells refer to %+v", v, c, ch.live, live)
			}
		}
	}
}
