package reach

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"slices"
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/gen"
	"vnetplay/engine/model"
	"vnetplay/engine/route"
)

// TestTablePairEqualsChangedOwnPrefixes is the oracle of tablePair's
// comparison of two stacked tables over one system layer by their user
// layers alone: along random edits of route tables (a UDR added or
// removed, propagation toggled, a subnet's table swapped) of designs
// whose spokes share a route table, for every subnet's old and new
// table (system layers changed by 0.0.0.0/0 to an appliance and by peering
// links), the own prefixes tablePair finds changed are those of
// route.ChangedOwnPrefixes (as sets: every prefix of either, the
// addresses just inside and outside it), and the gateway layer's those of
// route.ChangedLayerPrefixes; the user-layer path ran and so did the
// other.
func TestTablePairEqualsChangedOwnPrefixes(t *testing.T) {
	byUser, whole := 0, 0
	for _, kind := range []string{"hubspoke", "multihub", "noshare"} {
		topo, err := gen.Generate(kind, gen.Params{N: 4, Subnets: 2, Prefixes: 8, UDRs: 4, Branch: 3, Seed: 9})
		if err != nil {
			t.Fatal(err)
		}
		r := rand.New(rand.NewPCG(3, uint64(len(kind))))
		prev := dataplane.Build(&topo)
		for step := range 30 {
			tableEdit(r, &topo)
			next := dataplane.Update(prev, &topo)
			if step%5 == 4 {
				next = dataplane.Build(&topo) // no layer shared
			}
			c := &changes{old: prev, new: next, bySubnet: map[string]subnetChange{}}
			for _, id := range next.Subnets() {
				ot, okO := prev.Routes(id)
				nt, okN := next.Routes(id)
				if !okO || !okN {
					continue
				}
				what := fmt.Sprintf("%s step %d subnet %s", kind, step, id)
				sc := c.tablePair(ot, nt)
				ps, ok := route.ChangedOwnPrefixes(ot, nt)
				if sc.cheap != ok {
					t.Fatalf("%s: cheap %v, ChangedOwnPrefixes ok %v", what, sc.cheap, ok)
				}
				if !ok {
					continue
				}
				if sys := ot.SystemLayer(); sys != nil && sys == nt.SystemLayer() && ot != nt {
					byUser++
				} else {
					whole++
				}
				assertSameSet(t, what+" own", sc.own, ps)
				assertSameSet(t, what+" gateway layer", sc.layer, route.ChangedLayerPrefixes(ot.Layer(), nt.Layer()))
			}
			prev = next
		}
	}
	if byUser == 0 || whole == 0 {
		t.Fatalf("table pairs compared by user layers %d, whole %d: both must occur", byUser, whole)
	}
}

// assertSameSet fails unless s holds exactly the addresses ps cover, as
// far as every prefix's first address and its neighbours, and last
// address, of either, tell.
func assertSameSet(t *testing.T, what string, s *prefixSet, ps []netip.Prefix) {
	t.Helper()
	var probes []netip.Addr
	for _, p := range append(slices.Clone(ps), s.prefixes()...) {
		first := p.Masked().Addr()
		probes = append(probes, first, first.Prev(), first.Next(), lastOf(p), lastOf(p).Next())
	}
	for _, a := range probes {
		if !a.IsValid() {
			continue
		}
		want := slices.ContainsFunc(ps, func(p netip.Prefix) bool { return p.Contains(a) })
		if got := s.contains(a); got != want {
			t.Fatalf("%s: %s changed %v, want %v (prefixes %v)", what, a, got, want, ps)
		}
	}
}

// prefixes lists s's prefixes (nil s: none).
func (s *prefixSet) prefixes() []netip.Prefix {
	if s == nil {
		return nil
	}
	out := slices.Clone(s.other)
	for k, b := range s.lens {
		for _, v := range s.byLen[k] {
			out = append(out, netip.PrefixFrom(netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}), b))
		}
	}
	return out
}

// lastOf is p's last address.
func lastOf(p netip.Prefix) netip.Addr {
	a := p.Masked().Addr().As16()
	bits := p.Bits()
	if p.Addr().Is4() {
		bits += 96
	}
	for i := bits; i < 128; i++ {
		a[i/8] |= 1 << (7 - i%8)
	}
	out := netip.AddrFrom16(a)
	if p.Addr().Is4() {
		return out.Unmap()
	}
	return out
}

// tableEdit makes one random edit of t's routes: a UDR added (some to an
// appliance) or removed with propagation toggled, a peering link deleted
// or restored, or a subnet's route table swapped.
func tableEdit(r *rand.Rand, t *model.Topology) {
	t.RouteTables = slices.Clone(t.RouteTables)
	if len(t.RouteTables) == 0 {
		return
	}
	rt := &t.RouteTables[r.IntN(len(t.RouteTables))]
	prefixes := []string{"0.0.0.0/0", "10.0.1.0/24", "10.1.0.0/16", "10.1.4.0/22", "192.168.0.0/16", "10.64.0.0/10"}
	switch r.IntN(5) {
	case 0, 1: // a 0.0.0.0/0 to an appliance removes the reserved ranges: another system layer
		route := model.Route{Name: fmt.Sprintf("e%d", r.IntN(1000)), AddressPrefix: prefixes[r.IntN(len(prefixes))],
			NextHopType: []string{model.HopNone, model.HopInternet, model.HopVirtualAppliance}[r.IntN(3)]}
		if route.NextHopType == model.HopVirtualAppliance {
			route.NextHopIPAddress = "10.0.1.4"
		}
		rt.Routes = append(slices.Clip(rt.Routes), route)
	case 2:
		if n := len(rt.Routes); n > 0 {
			i := r.IntN(n)
			rt.Routes = slices.Delete(slices.Clone(rt.Routes), i, i+1)
		}
		rt.DisableBgpRoutePropagation = !rt.DisableBgpRoutePropagation
	case 3:
		if len(t.Peerings) > 0 { // a link deleted or restored: other system layers
			t.Peerings = slices.Clone(t.Peerings)
			l := &t.Peerings[r.IntN(len(t.Peerings))].A
			l.Lifecycle = []string{"", model.LinkDeleted}[r.IntN(2)]
		}
	default:
		t.VNets = slices.Clone(t.VNets)
		v := &t.VNets[r.IntN(len(t.VNets))]
		if len(v.Subnets) == 0 {
			return
		}
		v.Subnets = slices.Clone(v.Subnets)
		sn := &v.Subnets[r.IntN(len(v.Subnets))]
		sn.RouteTable = t.RouteTables[r.IntN(len(t.RouteTables))].ID
	}
}
