package route

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"reflect"
	"slices"
	"testing"
)

// TestLayeredEqualsWhole is the oracle for NewLayeredTable: on seeded random
// route sets (own system, peering, service-endpoint and user routes; gateway
// routes with equal prefixes, inside steering ranges and not), the layered
// table must list the same routes and answer every lookup like NewTable of
// the whole candidate list, and like a linear scan.
func TestLayeredEqualsWhole(t *testing.T) {
	r := rand.New(rand.NewPCG(42, 6))
	// Prefixes are drawn from a small pool so equal prefixes and nesting are
	// frequent.
	pool := []string{"0.0.0.0/0", "10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24", "10.1.2.128/25", "10.2.0.0/16",
		"10.2.3.0/24", "172.16.0.0/12", "172.16.5.0/24", "192.168.0.0/16", "192.168.1.0/24", "10.1.0.0/22", "20.0.0.0/8"}
	pick := func() netip.Prefix { return netip.MustParsePrefix(pool[r.IntN(len(pool))]) }
	kinds := []struct {
		src  Source
		kind OriginKind
		hop  NextHopType
	}{
		{Default, FromAddressSpace, VnetLocal}, {Default, FromPeering, VNetPeering}, {Default, FromServiceEndpoint, VirtualNetworkServiceEndpoint},
		{Default, FromReserved, None}, {Default, FromDefaultInternet, Internet}, {User, FromRouteTable, VirtualAppliance}, {User, FromRouteTable, None},
	}
	for round := range 300 {
		var own, gw []Route
		for i := range r.IntN(8) {
			k := kinds[r.IntN(len(kinds))]
			own = append(own, Route{Prefix: pick(), NextHop: k.hop, Source: k.src, Origin: Origin{Kind: k.kind, ID: fmt.Sprint("o", i%3), Name: fmt.Sprint(i)}})
		}
		for i := range r.IntN(8) {
			gw = append(gw, Route{Prefix: pick(), NextHop: VirtualNetworkGateway, Source: Gateway, Origin: Origin{Kind: FromGateway, ID: fmt.Sprint("g", i%2), Name: fmt.Sprint(i)}})
		}
		whole := NewTable(append(append([]Route(nil), own...), gw...))
		lay := NewLayeredTable(own, NewLayer(gw))
		if !reflect.DeepEqual(whole.Routes(), lay.Routes()) {
			t.Fatalf("round %d: routes differ:\nwhole   %v\nlayered %v", round, whole.Routes(), lay.Routes())
		}
		for range 64 {
			p := pick()
			b := p.Addr().As4()
			if p.Bits() < 32 {
				b[3] |= byte(r.IntN(256)) & byte(0xff>>max(0, p.Bits()-24))
			}
			dst := netip.AddrFrom4(b)
			w, okW := whole.Lookup(dst)
			l, okL := lay.Lookup(dst)
			br, okB := lay.LookupBrute(dst)
			if okW != okL || w != l || okB != okW || br != w {
				t.Fatalf("round %d: %s: whole %v %v, layered %v %v, brute %v %v\nown %v\ngw %v", round, dst, okW, w, okL, l, okB, br, own, gw)
			}
		}
	}
	lay := NewLayeredTable([]Route{{Prefix: netip.MustParsePrefix("10.1.0.0/16"), NextHop: VnetLocal, Source: Default}},
		NewLayer([]Route{{Prefix: netip.MustParsePrefix("172.16.0.0/24"), NextHop: VirtualNetworkGateway}}))
	if n := testing.AllocsPerRun(20, func() { lay.Lookup(netip.MustParseAddr("172.16.0.9")) }); n != 0 && !lookupAllocates {
		t.Errorf("layered lookup allocates %v times", n)
	}
}

func TestActiveEqual(t *testing.T) {
	a := []Route{{Prefix: netip.MustParsePrefix("10.1.0.0/16"), NextHop: VnetLocal, Source: Default, Origin: Origin{Kind: FromAddressSpace, ID: "v"}},
		{Prefix: netip.MustParsePrefix("0.0.0.0/0"), NextHop: Internet, Source: Default, Origin: Origin{Kind: FromDefaultInternet}}}
	gw := []Route{{Prefix: netip.MustParsePrefix("172.16.0.0/24"), NextHop: VirtualNetworkGateway, Source: Gateway, Origin: Origin{Kind: FromGateway, ID: "g"}}}
	whole := NewTable(append(slices.Clone(a), gw...))
	if !ActiveEqual(whole, NewLayeredTable(a, NewLayer(gw))) || !ActiveEqual(nil, nil) {
		t.Error("equal tables reported different")
	}
	if ActiveEqual(whole, NewTable(a)) || ActiveEqual(NewTable(a), nil) {
		t.Error("different tables reported equal")
	}
	// An extra Invalid route does not matter.
	shadow := append(slices.Clone(a), Route{Prefix: netip.MustParsePrefix("0.0.0.0/0"), NextHop: VirtualNetworkGateway, Source: Gateway, Origin: Origin{Kind: FromGateway}})
	user := Route{Prefix: netip.MustParsePrefix("0.0.0.0/0"), NextHop: None, Source: User, Origin: Origin{Kind: FromRouteTable, ID: "rt", Name: "r"}}
	if !ActiveEqual(NewTable(append(slices.Clone(a), user)), NewTable(append(shadow, user))) {
		t.Error("an Invalid route changed the answer")
	}
}

// randomOwn makes n random own routes: VNet and peering ranges (which
// steer, rule:route-selection.system-beats-more-specific-bgp), reserved ranges and UDRs, all with next hop None.
func randomOwn(r *rand.Rand, pick func() netip.Prefix, n int) []Route {
	var out []Route
	for i := range n {
		k := []OriginKind{FromAddressSpace, FromPeering, FromReserved, FromRouteTable}[r.IntN(4)]
		src := Default
		if k == FromRouteTable {
			src = User
		}
		out = append(out, Route{Prefix: pick(), NextHop: None, Source: src, Origin: Origin{Kind: k, Name: fmt.Sprint(i % 3)}})
	}
	return out
}

// assertSameOutside looks 64 random destinations up in a and b: those
// outside every prefix of ps must get the same answer. With onPrem, the
// 172.x destinations fall in 172.16.5.0/24.
func assertSameOutside(t *testing.T, r *rand.Rand, a, b *Table, ps []netip.Prefix, round int, onPrem bool) {
	t.Helper()
	for range 64 {
		dst := netip.AddrFrom4([4]byte{[]byte{10, 172, 8}[r.IntN(3)], byte(r.IntN(3)), byte(r.IntN(6)), byte(r.IntN(256))})
		if onPrem && dst.As4()[0] == 172 {
			dst = netip.AddrFrom4([4]byte{172, 16, 5, byte(r.IntN(256))})
		}
		inside := slices.ContainsFunc(ps, func(p netip.Prefix) bool { return p.Contains(dst) })
		x, okX := a.Lookup(dst)
		y, okY := b.Lookup(dst)
		if !inside && (okX != okY || x != y) {
			t.Fatalf("round %d: %s outside %v but lookups differ: %v vs %v", round, dst, ps, x, y)
		}
	}
}

// TestChangedPrefixes checks the contract of ChangedOwnPrefixes on random
// pairs of tables sharing a layer (no layer prefixes change): every
// destination outside the returned prefixes looks up the same in both.
func TestChangedPrefixes(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 9))
	pool := []string{"0.0.0.0/0", "10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24", "10.1.2.128/25", "10.2.0.0/16", "172.16.0.0/12", "172.16.5.0/24"}
	pick := func() netip.Prefix { return netip.MustParsePrefix(pool[r.IntN(len(pool))]) }
	mk := func(n int) []Route { return randomOwn(r, pick, n) }
	changed := 0
	for round := range 300 {
		var gw []Route
		for range r.IntN(5) {
			gw = append(gw, Route{Prefix: pick(), NextHop: VirtualNetworkGateway, Source: Gateway, Origin: Origin{Kind: FromGateway}})
		}
		layer := NewLayer(gw)
		own := mk(r.IntN(6))
		own2 := append(slices.Clone(own), mk(r.IntN(3))...)
		if len(own2) > 0 && r.IntN(2) == 0 {
			own2 = own2[1:]
		}
		a, b := NewLayeredTable(own, layer), NewLayeredTable(own2, layer)
		if round%2 == 0 {
			a, b = NewTable(append(own, gw...)), NewTable(append(own2, gw...))
		}
		ps, ok := ChangedOwnPrefixes(a, b)
		if lp := ChangedLayerPrefixes(a.Layer(), b.Layer()); len(lp) > 0 {
			t.Fatalf("one shared layer reported changed at %v", lp)
		}
		if !ok {
			t.Fatal("comparable tables reported incomparable")
		}
		changed += len(ps)
		assertSameOutside(t, r, a, b, ps, round, false)
	}
	if changed == 0 {
		t.Fatal("no changes generated")
	}
	if _, ok := ChangedOwnPrefixes(NewTable(nil), NewLayeredTable(nil, NewLayer(nil))); ok {
		t.Error("a plain and a layered table reported comparable")
	}
}

// TestChangedOwnAndLayerPrefixes checks ChangedOwnPrefixes together with
// ChangedLayerPrefixes on random pairs of layered tables over different
// layers (a BGP change): every destination outside both lists looks up the
// same in both tables, rule:route-selection.system-beats-more-specific-bgp steering included.
func TestChangedOwnAndLayerPrefixes(t *testing.T) {
	r := rand.New(rand.NewPCG(10, 11))
	pool := []string{"0.0.0.0/0", "10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24", "10.1.2.128/25", "10.2.0.0/16", "172.16.0.0/12", "172.16.5.0/24", "172.16.5.0/25"}
	pick := func() netip.Prefix { return netip.MustParsePrefix(pool[r.IntN(len(pool))]) }
	own := func(n int) []Route { return randomOwn(r, pick, n) }
	gw := func(n int) []Route {
		var out []Route
		for range n {
			out = append(out, Route{Prefix: pick(), NextHop: VirtualNetworkGateway, NextHopIP: netip.AddrFrom4([4]byte{10, 0, 0, byte(4 + r.IntN(2))}),
				Source: Gateway, Origin: Origin{Kind: FromGateway, ID: fmt.Sprint("gw", r.IntN(2))}})
		}
		return out
	}
	changed := 0
	for round := range 400 {
		g1 := gw(r.IntN(6))
		g2 := append(slices.Clone(g1), gw(r.IntN(3))...)
		if len(g2) > 0 && r.IntN(2) == 0 {
			g2 = g2[1:]
		}
		o1 := own(r.IntN(6))
		o2 := o1
		if r.IntN(2) == 0 {
			o2 = append(slices.Clone(o1), own(1)...)
		}
		l1, l2 := NewLayer(g1), NewLayer(g2)
		a, b := NewLayeredTable(o1, l1), NewLayeredTable(o2, l2)
		ps, ok := ChangedOwnPrefixes(a, b)
		if !ok {
			t.Fatal("two layered tables reported incomparable")
		}
		if a.Layer() != l1 || b.Layer() != l2 {
			t.Fatal("Layer does not return the table's layer")
		}
		ps = append(ps, ChangedLayerPrefixes(a.Layer(), b.Layer())...)
		changed += len(ps)
		assertSameOutside(t, r, a, b, ps, round, true)
	}
	if changed == 0 {
		t.Fatal("no changes generated")
	}
}

// FuzzLayeredLookup checks the layered lookup (own index, gateway index,
// rule:route-selection.system-beats-more-specific-bgp steering) and the stacked one (the user routes in a layer of their
// own) against NewTable of the whole candidate list and the linear scan. Each 6-byte chunk of data is a route (4 address bytes, a
// length, a kind); kinds 0-5 are own routes, 6-7 gateway routes. Prefixes
// are kept inside 10.0.0.0/8 and short lengths are frequent, so nesting
// and equal prefixes are common.
func FuzzLayeredLookup(f *testing.F) {
	f.Add([]byte{10, 1, 0, 0, 16, 0, 10, 1, 2, 0, 24, 6, 0, 0, 0, 0, 0, 7, 10, 1, 2, 0, 24, 3}, uint32(0x0a010205))
	f.Add([]byte{10, 0, 0, 0, 8, 1, 10, 2, 0, 0, 16, 6, 10, 2, 3, 0, 24, 7, 10, 2, 0, 0, 16, 4}, uint32(0x0a020304))
	f.Fuzz(func(t *testing.T, data []byte, dst uint32) {
		kinds := []Route{sys("0.0.0.0/0", VnetLocal, FromAddressSpace), sys("0.0.0.0/0", VNetPeering, FromPeering),
			sys("0.0.0.0/0", VirtualNetworkServiceEndpoint, FromServiceEndpoint), sys("0.0.0.0/0", None, FromReserved),
			udr("0.0.0.0/0", None, ""), sys("0.0.0.0/0", Internet, FromDefaultInternet), bgp("0.0.0.0/0"), bgp("0.0.0.0/0")}
		var own, gw []Route
		for len(data) >= 6 && len(own)+len(gw) < 48 {
			b := [4]byte(data[:4])
			b[0] = 10
			r := kinds[int(data[5])%len(kinds)]
			r.Prefix = netip.PrefixFrom(netip.AddrFrom4(b), []int{0, 8, 16, 24, 25, 32, 12, 20}[data[4]%8]).Masked()
			r.Origin.Name = fmt.Sprint(data[5] / 8 % 3)
			if r.Source == Gateway {
				r.NextHopIP = netip.AddrFrom4([4]byte{10, 0, 0, data[5] % 2})
				gw = append(gw, r)
			} else {
				own = append(own, r)
			}
			data = data[6:]
		}
		whole := NewTable(append(slices.Clone(own), gw...))
		lay := NewLayeredTable(own, NewLayer(gw))
		// The same routes with the user routes in a layer of their own.
		var sysOwn, userOwn []Route
		for _, r := range own {
			if r.Source == User {
				userOwn = append(userOwn, r)
			} else {
				sysOwn = append(sysOwn, r)
			}
		}
		st := NewStackedTable(NewOwnLayer(sysOwn), NewOwnLayer(userOwn), NewLayer(gw))
		if !reflect.DeepEqual(whole.Routes(), st.Routes()) {
			t.Fatalf("stacked routes differ:\nwhole   %v\nstacked %v", whole.Routes(), st.Routes())
		}
		var b [4]byte
		binary.BigEndian.PutUint32(b[:], dst)
		addrs := []netip.Addr{netip.AddrFrom4(b), netip.AddrFrom4([4]byte{10, b[1], b[2], b[3]})}
		for _, r := range append(own, gw...) {
			addrs = append(addrs, r.Prefix.Addr(), r.Prefix.Addr().Next())
		}
		for _, a := range addrs {
			w, okW := whole.Lookup(a)
			l, okL := lay.Lookup(a)
			br, okB := lay.LookupBrute(a)
			s, okS := st.Lookup(a)
			if okW != okL || w != l || okB != okW || br != w || okS != okW || s != w {
				t.Fatalf("%s: whole %v %v, layered %v %v, stacked %v %v, brute %v %v\nown %v\ngw %v", a, okW, w, okL, l, okS, s, okB, br, own, gw)
			}
		}
	})
}

// TestDiffAlignedEqualsDiffPrefixes checks diffAligned against
// diffPrefixes on random pairs of selected gateway routes: the same
// prefixes with next hops, states or groups changed here and there
// (aligned), and pairs whose prefixes differ somewhere (not aligned, where
// diffAligned must decline).
func TestDiffAlignedEqualsDiffPrefixes(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 21))
	pick := func() netip.Prefix { return netip.MustParsePrefix(stackedPool[r.IntN(len(stackedPool))]) }
	aligned := 0
	for round := range 500 {
		a := randomGateway(r, pick, r.IntN(12))
		b := slices.Clone(a)
		for i := range b {
			if r.IntN(4) == 0 {
				b[i].NextHopIP = netip.AddrFrom4([4]byte{10, 0, 0, byte(4 + r.IntN(3))})
			}
		}
		if r.IntN(4) == 0 && len(b) > 0 {
			b[r.IntN(len(b))].Prefix = pick()
		}
		if r.IntN(6) == 0 {
			b = append(b, randomGateway(r, pick, 1)...)
		}
		x, y := Select(a), Select(b)
		want := diffPrefixes(x, y)
		got, ok := diffAligned(x, y)
		same := len(x) == len(y)
		for i := 0; same && i < len(x); i++ {
			same = x[i].Prefix == y[i].Prefix
		}
		if ok != same {
			t.Fatalf("round %d: aligned %v, want %v", round, ok, same)
		}
		if ok {
			aligned++
			if !slices.Equal(got, want) {
				t.Fatalf("round %d: diffAligned %v, diffPrefixes %v", round, got, want)
			}
		}
		if !slices.Equal(ChangedLayerPrefixes(NewLayer(a), NewLayer(b)), want) {
			t.Fatalf("round %d: ChangedLayerPrefixes differs from diffPrefixes", round)
		}
	}
	if aligned < 100 {
		t.Fatalf("only %d aligned pairs: the test tests little", aligned)
	}
}
