package engine_test

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"reflect"
	"slices"
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/gen"
	"vnetplay/engine/model"
	"vnetplay/engine/reach"
	"vnetplay/engine/route"
	"vnetplay/engine/trace"
)

// The naive engine (dataplane.WithNaive: every subnet's own route list,
// linear-scan lookups; reach.ComputePerPair: one trace per pair) is the oracle for
// the fast one: on generated designs, before and after edits, both must give
// identical effective routes, next hops and reachability cells.

// oracleDesigns are small generated designs (big sizes live in benchmarks).
func oracleDesigns() map[string]model.Topology {
	return map[string]model.Topology{
		"hubspoke":    gen.HubSpokeScale(gen.Params{N: 5, Prefixes: 30, UDRs: 8, Seed: 1}),
		"hubspoke-p0": gen.HubSpokeScale(gen.Params{N: 4, Subnets: 2, Seed: 2}),
		"mesh":        gen.Mesh(gen.Params{N: 6}),
		"multihub":    gen.MultiHub(gen.Params{N: 2, Prefixes: 20, UDRs: 4, Branch: 10, Seed: 3}),
		"noshare":     gen.NoShare(gen.Params{N: 4, UDRs: 12, Seed: 4}),
	}
}

// edit is one benchmarked design change.
type edit struct {
	name  string
	apply func(t *model.Topology) []model.Failure
}

// edits are the per-edit benchmark cases: add a UDR to the first route
// table, flip the first peering's useRemoteGateways on its B side, fail the
// first ExpressRoute circuit.
var edits = []edit{
	{"add-udr", func(t *model.Topology) []model.Failure {
		if len(t.RouteTables) > 0 {
			rt := &t.RouteTables[0]
			rt.Routes = append(rt.Routes[:len(rt.Routes):len(rt.Routes)], model.Route{Name: "edit", AddressPrefix: "10.0.1.0/24", NextHopType: model.HopNone})
		}
		return nil
	}},
	{"flip-peering", func(t *model.Topology) []model.Failure {
		if len(t.Peerings) > 0 {
			t.Peerings[0].B.UseRemoteGateways = !t.Peerings[0].B.UseRemoteGateways
		}
		return nil
	}},
	{"fail-circuit", func(t *model.Topology) []model.Failure {
		if len(t.Circuits) > 0 {
			return []model.Failure{{Kind: model.CircuitDown, Target: t.Circuits[0].ID}}
		}
		return nil
	}},
}

// cloneForEdit copies the parts of t that edits change.
func cloneForEdit(t model.Topology) model.Topology {
	t.RouteTables = append([]model.RouteTable(nil), t.RouteTables...)
	t.Peerings = append([]model.Peering(nil), t.Peerings...)
	t.VNets = append([]model.VNet(nil), t.VNets...)
	return t
}

// probes lists destinations that exercise the routes of every table: each
// route prefix's first and last address, every NIC, plus random addresses;
// deduplicated, then a seeded sample of at most 1500 (wasm test time).
func probes(p *dataplane.Plane, r *rand.Rand) []netip.Addr {
	var out []netip.Addr
	defer func() {
		slices.SortFunc(out, func(a, b netip.Addr) int { return a.Compare(b) })
		out = slices.Compact(out)
		r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
		out = out[:min(len(out), 1500)]
	}()
	for _, id := range p.Subnets() {
		t, _ := p.Routes(id)
		for _, e := range t.Routes() {
			if e.Prefix.Addr().Is4() {
				out = append(out, e.Prefix.Addr(), lastAddr(e.Prefix))
			}
		}
	}
	for _, id := range p.NICs() {
		n, _ := p.NIC(id)
		out = append(out, n.IP)
	}
	for range 200 {
		out = append(out, netip.AddrFrom4([4]byte{byte(r.IntN(256)), byte(r.IntN(256)), byte(r.IntN(256)), byte(r.IntN(256))}))
		out = append(out, netip.AddrFrom4([4]byte{10, byte(r.IntN(4)), byte(r.IntN(256)), byte(r.IntN(256))}))
	}
	return out
}

func lastAddr(p netip.Prefix) netip.Addr {
	b := p.Masked().Addr().As4()
	v := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
	v |= uint32(1)<<(32-p.Bits()) - 1
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
}

// assertSamePlane compares the fast and naive planes of one design.
func assertSamePlane(t *testing.T, fast, naive *dataplane.Plane) {
	t.Helper()
	if !reflect.DeepEqual(fast.Subnets(), naive.Subnets()) {
		t.Fatalf("subnets differ: %v vs %v", fast.Subnets(), naive.Subnets())
	}
	for _, id := range fast.Subnets() {
		a, _ := fast.Routes(id)
		b, _ := naive.Routes(id)
		if !reflect.DeepEqual(a.Routes(), b.Routes()) {
			t.Fatalf("%s: effective routes differ:\nfast  %v\nnaive %v", id, a.Routes(), b.Routes())
		}
	}
	lookups := 0
	for _, dst := range probes(naive, rand.New(rand.NewPCG(1, 2))) {
		for _, id := range fast.Subnets() {
			a, okA := fast.NextHop(id, dst)
			b, okB := naive.NextHop(id, dst)
			lookups++
			if okA != okB || !reflect.DeepEqual(a, b) {
				t.Fatalf("next hop %s → %s: fast %v %+v, naive %v %+v", id, dst, okA, a, okB, b)
			}
		}
	}
	if lookups == 0 {
		t.Fatal("no next-hop probes")
	}
	fm, nm := reach.Compute(fast, trace.Flow{}), reach.ComputePerPair(naive, trace.Flow{}, trace.Options{})
	if fm.Len() == 0 || !reflect.DeepEqual(fm, nm) {
		t.Fatalf("reachability differs (%d vs %d cells)", fm.Len(), nm.Len())
	}
}

func TestFastEqualsNaive(t *testing.T) {
	for name, topo := range oracleDesigns() {
		t.Run(name, func(t *testing.T) {
			assertSamePlane(t, dataplane.Build(&topo), dataplane.Build(&topo, dataplane.WithNaive()))
			for _, e := range edits {
				t.Run(e.name, func(t *testing.T) {
					after := cloneForEdit(topo)
					fs := e.apply(&after)
					assertSamePlane(t, dataplane.Build(&after, dataplane.WithFailures(fs)),
						dataplane.Build(&after, dataplane.WithFailures(fs), dataplane.WithNaive()))
				})
			}
		})
	}
}

// TestLinearTableIsNaive guards the baseline: a linear table must not use
// the index (otherwise the benchmarks compare the engine with itself).
func TestLinearTableIsNaive(t *testing.T) {
	cands := []route.Route{
		{Prefix: netip.MustParsePrefix("0.0.0.0/0"), NextHop: route.Internet, Source: route.Default},
		{Prefix: netip.MustParsePrefix("10.1.0.0/16"), NextHop: route.VnetLocal, Source: route.Default},
	}
	fast, slow := route.NewTable(cands), route.NewLinearTable(cands)
	for _, a := range []string{"10.1.2.3", "8.8.8.8"} {
		dst := netip.MustParseAddr(a)
		x, _ := fast.Lookup(dst)
		y, _ := slow.Lookup(dst)
		if x != y {
			t.Errorf("%s: %v vs %v", a, x, y)
		}
	}
	if testing.AllocsPerRun(10, func() { fast.Lookup(netip.MustParseAddr("10.1.2.3")) }) != 0 {
		t.Error("indexed lookup allocates")
	}
	_ = fmt.Sprint()
}
