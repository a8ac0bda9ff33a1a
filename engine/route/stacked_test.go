package route

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"reflect"
	"slices"
	"testing"
)

// stackedPool is the prefix pool of the stacked-table oracles: small, so
// that equal prefixes across layers and nesting are frequent.
var stackedPool = []string{"0.0.0.0/0", "10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24", "10.1.2.128/25", "10.2.0.0/16",
	"10.2.3.0/24", "172.16.0.0/12", "172.16.5.0/24", "192.168.0.0/16", "10.1.0.0/22", "20.0.0.0/8"}

// randomSystem makes n random system routes (VNet, peering, service
// endpoint, reserved and default ranges).
func randomSystem(r *rand.Rand, pick func() netip.Prefix, n int) []Route {
	kinds := []struct {
		kind OriginKind
		hop  NextHopType
	}{{FromAddressSpace, VnetLocal}, {FromPeering, VNetPeering}, {FromServiceEndpoint, VirtualNetworkServiceEndpoint},
		{FromReserved, None}, {FromDefaultInternet, Internet}}
	var out []Route
	for i := range n {
		k := kinds[r.IntN(len(kinds))]
		out = append(out, Route{Prefix: pick(), NextHop: k.hop, Source: Default, Origin: Origin{Kind: k.kind, ID: fmt.Sprint("s", i%3), Name: fmt.Sprint(i)}})
	}
	return out
}

// randomUser makes n random user routes of route table rt (names repeat,
// so equal prefixes within the table and DuplicateInTable occur).
func randomUser(r *rand.Rand, pick func() netip.Prefix, rt string, n int) []Route {
	hops := []NextHopType{VirtualAppliance, None, Internet, VirtualNetworkGateway, VnetLocal}
	var out []Route
	for range n {
		h := hops[r.IntN(len(hops))]
		u := Route{Prefix: pick(), NextHop: h, Source: User, Origin: Origin{Kind: FromRouteTable, ID: rt, Name: fmt.Sprint("u", r.IntN(4))}}
		if h == VirtualAppliance {
			u.NextHopIP = netip.AddrFrom4([4]byte{10, 0, 1, byte(4 + r.IntN(2))})
		}
		out = append(out, u)
	}
	return out
}

// randomGateway makes n random gateway routes.
func randomGateway(r *rand.Rand, pick func() netip.Prefix, n int) []Route {
	var out []Route
	for i := range n {
		out = append(out, Route{Prefix: pick(), NextHop: VirtualNetworkGateway, NextHopIP: netip.AddrFrom4([4]byte{10, 0, 0, byte(4 + r.IntN(2))}),
			Source: Gateway, Origin: Origin{Kind: FromGateway, ID: fmt.Sprint("g", i%2), Name: fmt.Sprint(i)}})
	}
	return out
}

// randomDst is a destination inside p (its last octet random when p
// allows).
func randomDst(r *rand.Rand, p netip.Prefix) netip.Addr {
	b := p.Addr().As4()
	if p.Bits() < 32 {
		b[3] |= byte(r.IntN(256)) & byte(0xff>>max(0, p.Bits()-24))
	}
	return netip.AddrFrom4(b)
}

// assertStackedEqualsWhole checks that st lists the routes and answers the
// lookups of whole, and that its linear scan agrees.
func assertStackedEqualsWhole(t *testing.T, r *rand.Rand, pick func() netip.Prefix, whole, st *Table, what string) {
	t.Helper()
	if !reflect.DeepEqual(whole.Routes(), st.Routes()) {
		t.Fatalf("%s: routes differ:\nwhole   %v\nstacked %v", what, whole.Routes(), st.Routes())
	}
	for range 64 {
		dst := randomDst(r, pick())
		w, okW := whole.Lookup(dst)
		l, okL := st.Lookup(dst)
		br, okB := st.LookupBrute(dst)
		if okW != okL || w != l || okB != okW || br != w {
			t.Fatalf("%s: %s: whole %v %v, stacked %v %v, brute %v %v", what, dst, okW, w, okL, l, okB, br)
		}
	}
}

// TestStackedEqualsWhole is the oracle for NewStackedTable: on seeded
// random system, user and gateway routes (equal prefixes across the
// layers, duplicates within a route table, gateway routes inside steering
// ranges), a stacked table lists the same routes and answers every lookup
// like NewTable of the whole candidate list and like a linear scan. Each
// round builds several subnets' tables over one shared user layer (and one
// gateway layer), as subnets sharing a route table do, and checks every
// one of them.
func TestStackedEqualsWhole(t *testing.T) {
	r := rand.New(rand.NewPCG(42, 7))
	pick := func() netip.Prefix { return netip.MustParsePrefix(stackedPool[r.IntN(len(stackedPool))]) }
	for round := range 300 {
		user := randomUser(r, pick, "rt", r.IntN(7))
		gw := randomGateway(r, pick, r.IntN(7))
		var ul, gl *Layer
		if len(user) > 0 || r.IntN(2) == 0 {
			ul = NewOwnLayer(user)
		}
		if len(gw) > 0 || r.IntN(2) == 0 {
			gl = NewLayer(gw)
		}
		for sub := range 3 {
			sys := randomSystem(r, pick, r.IntN(7))
			whole := NewTable(slices.Concat(sys, user, gw))
			st := NewStackedTable(NewOwnLayer(sys), ul, gl)
			if st.UserLayer() != ul || st.Layer() != gl {
				t.Fatal("UserLayer or Layer does not return the table's layer")
			}
			assertStackedEqualsWhole(t, r, pick, whole, st, fmt.Sprintf("round %d subnet %d", round, sub))
		}
	}
	st := NewStackedTable(NewOwnLayer([]Route{sys("10.1.0.0/16", VnetLocal, FromAddressSpace), sys("0.0.0.0/0", Internet, FromDefaultInternet)}),
		NewOwnLayer([]Route{udr("0.0.0.0/0", VirtualAppliance, "10.0.1.4"), udr("10.2.0.0/16", None, "")}),
		NewLayer([]Route{bgp("172.16.0.0/24")}))
	for _, a := range []string{"172.16.0.9", "8.8.8.8", "10.2.0.1", "10.1.0.1"} {
		if n := testing.AllocsPerRun(20, func() { st.Lookup(netip.MustParseAddr(a)) }); n != 0 && !lookupAllocates {
			t.Errorf("stacked lookup of %s allocates %v times", a, n)
		}
	}
}

// TestChangedStackedPrefixes checks ChangedOwnPrefixes with
// ChangedLayerPrefixes on random pairs of stacked tables where any of the
// three layers may change or be shared (a UDR edit changes the user layer
// only, a peering edit the system layer, a BGP change the gateway layer):
// every destination outside the listed prefixes looks up the same in both.
func TestChangedStackedPrefixes(t *testing.T) {
	r := rand.New(rand.NewPCG(12, 13))
	pick := func() netip.Prefix { return netip.MustParsePrefix(stackedPool[r.IntN(len(stackedPool))]) }
	changed := 0
	for round := range 400 {
		s1, u1, g1 := randomSystem(r, pick, r.IntN(6)), randomUser(r, pick, "rt", r.IntN(6)), randomGateway(r, pick, r.IntN(5))
		sl1, ul1, gl1 := NewOwnLayer(s1), NewOwnLayer(u1), NewLayer(g1)
		sl2, ul2, gl2 := sl1, ul1, gl1
		mutate := func(rs []Route, more []Route) []Route {
			out := append(slices.Clone(rs), more...)
			if len(out) > 0 && r.IntN(2) == 0 {
				out = out[1:]
			}
			return out
		}
		switch r.IntN(4) {
		case 0:
			ul2 = NewOwnLayer(mutate(u1, randomUser(r, pick, "rt", r.IntN(3))))
		case 1:
			sl2 = NewOwnLayer(mutate(s1, randomSystem(r, pick, r.IntN(3))))
		case 2:
			gl2 = NewLayer(mutate(g1, randomGateway(r, pick, r.IntN(3))))
		default:
			ul2 = nil
		}
		a, b := NewStackedTable(sl1, ul1, gl1), NewStackedTable(sl2, ul2, gl2)
		ps, ok := ChangedOwnPrefixes(a, b)
		if !ok {
			t.Fatal("two stacked tables reported incomparable")
		}
		ps = append(ps, ChangedLayerPrefixes(a.Layer(), b.Layer())...)
		changed += len(ps)
		assertSameOutside(t, r, a, b, ps, round, true)
	}
	if changed == 0 {
		t.Fatal("no changes generated")
	}
}

// TestRestackEqualsStacked is the oracle for Restack: a stacked table
// re-pointed at another gateway layer (or none) lists the same routes and
// answers every lookup like NewTable of the whole candidate list, and
// keeps the table's system and user layers; a table not built by
// NewStackedTable has no restacking.
func TestRestackEqualsStacked(t *testing.T) {
	r := rand.New(rand.NewPCG(43, 8))
	pick := func() netip.Prefix { return netip.MustParsePrefix(stackedPool[r.IntN(len(stackedPool))]) }
	for round := range 300 {
		sys, user := randomSystem(r, pick, r.IntN(7)), randomUser(r, pick, "rt", r.IntN(7))
		var ul *Layer
		if len(user) > 0 || r.IntN(2) == 0 {
			ul = NewOwnLayer(user)
		}
		st := NewStackedTable(NewOwnLayer(sys), ul, NewLayer(randomGateway(r, pick, r.IntN(7))))
		for k := range 3 {
			gw := randomGateway(r, pick, r.IntN(7))
			var gl *Layer
			if len(gw) > 0 || r.IntN(2) == 0 {
				gl = NewLayer(gw)
			}
			re := Restack(st, gl)
			if re.SystemLayer() != st.SystemLayer() || re.UserLayer() != ul || re.Layer() != gl {
				t.Fatal("Restack does not keep the own layers or take the gateway layer")
			}
			whole := NewTable(slices.Concat(sys, user, gw))
			assertStackedEqualsWhole(t, r, pick, whole, re, fmt.Sprintf("round %d restack %d", round, k))
			st = re
		}
	}
	if Restack(NewTable(nil), nil) != nil || Restack(nil, nil) != nil {
		t.Fatal("Restack of a table not built by NewStackedTable")
	}
}

// TestGatewayLayerEqualsOwned is the oracle for NewGatewayLayer: over a
// random list of gateway routes whose Source is not set (as a BGP result
// keeps them), the layer equals NewLayerOwned of a copy with Source
// Gateway — its routes, a stacked table's routes and lookups over it,
// Same and SameAsGateway — and leaves the list as it was.
func TestGatewayLayerEqualsOwned(t *testing.T) {
	r := rand.New(rand.NewPCG(44, 9))
	pick := func() netip.Prefix { return netip.MustParsePrefix(stackedPool[r.IntN(len(stackedPool))]) }
	var prevShared, prevOwned *Layer
	for round := range 300 {
		list := randomGateway(r, pick, r.IntN(9))
		if r.IntN(2) == 0 {
			slices.SortFunc(list, func(a, b Route) int { return comparePrefix(a.Prefix, b.Prefix) })
		}
		for i := range list {
			list[i].Source = Default
		}
		kept := slices.Clone(list)
		owned := slices.Clone(list)
		for i := range owned {
			owned[i].Source = Gateway
		}
		gw := NewGatewayLayer(prevShared, list)
		want := NewLayerOwned(prevOwned, slices.Clone(owned))
		if !slices.Equal(list, kept) {
			t.Fatalf("round %d: NewGatewayLayer modified its list", round)
		}
		if !reflect.DeepEqual(gw.t.routes, want.t.routes) {
			t.Fatalf("round %d: routes differ:\n%v\n%v", round, gw.t.routes, want.t.routes)
		}
		if !gw.Same(owned) || !gw.SameAsGateway(list) || !want.SameAsGateway(list) || gw.Len() != want.Len() {
			t.Fatalf("round %d: Same or SameAsGateway does not know the list", round)
		}
		if len(list) > 0 {
			other := slices.Clone(list)
			other[r.IntN(len(other))].NextHopIP = netip.MustParseAddr("10.9.9.9")
			if gw.SameAsGateway(other) || gw.Same(other) {
				t.Fatalf("round %d: Same or SameAsGateway of another list", round)
			}
		}
		sys, user := randomSystem(r, pick, r.IntN(7)), randomUser(r, pick, "rt", r.IntN(5))
		whole := NewTable(slices.Concat(sys, user, owned))
		assertStackedEqualsWhole(t, r, pick, whole, NewStackedTable(NewOwnLayer(sys), NewOwnLayer(user), gw), fmt.Sprintf("round %d", round))
		prevShared, prevOwned = gw, want
	}
}

// TestRestackUserEqualsStacked is the oracle for RestackUser: a stacked
// table whose user layer is replaced by an edited one (a route added,
// dropped or sent elsewhere), re-pointed with the changed prefixes, equals
// the whole table of the new routes — its routes and lookups — whenever
// RestackUser takes it, and RestackUser declines exactly when a changed
// prefix is a system route's.
func TestRestackUserEqualsStacked(t *testing.T) {
	r := rand.New(rand.NewPCG(45, 10))
	pick := func() netip.Prefix { return netip.MustParsePrefix(stackedPool[r.IntN(len(stackedPool))]) }
	taken, declined := 0, 0
	for round := range 600 {
		sys, user, gw := randomSystem(r, pick, 1+r.IntN(6)), randomUser(r, pick, "rt", 1+r.IntN(6)), randomGateway(r, pick, r.IntN(5))
		sl, ul, gl := NewOwnLayer(sys), NewOwnLayer(user), NewLayer(gw)
		st := NewStackedTable(sl, ul, gl)
		edited := slices.Clone(user)
		switch k := r.IntN(len(edited)); r.IntN(3) {
		case 0:
			edited = append(edited, randomUser(r, pick, "rt", 1)...)
		case 1:
			edited = slices.Delete(edited, k, k+1)
		default:
			edited[k].NextHop, edited[k].NextHopIP = None, netip.Addr{}
		}
		if len(edited) == 0 {
			continue
		}
		ul2 := NewOwnLayer(edited)
		changed := ChangedLayerPrefixes(ul, ul2)
		onSystem := false
		for _, p := range changed {
			onSystem = onSystem || slices.ContainsFunc(sys, func(s Route) bool { return s.Prefix == p })
		}
		re := RestackUser(st, ul2, gl, changed)
		if (re == nil) != onSystem {
			t.Fatalf("round %d: RestackUser took %v with a changed prefix on a system route %v (%v)", round, re != nil, onSystem, changed)
		}
		if re == nil {
			declined++
			continue
		}
		taken++
		if re.SystemLayer() != sl || re.UserLayer() != ul2 || re.Layer() != gl {
			t.Fatalf("round %d: RestackUser does not keep the system layer or take the user and gateway layers", round)
		}
		whole := NewTable(slices.Concat(sys, edited, gw))
		assertStackedEqualsWhole(t, r, pick, whole, re, fmt.Sprintf("round %d", round))
	}
	if taken == 0 || declined == 0 {
		t.Fatalf("RestackUser took %d tables and declined %d", taken, declined)
	}
	if RestackUser(NewTable(nil), NewOwnLayer(nil), nil, nil) != nil || RestackUser(nil, nil, nil, nil) != nil {
		t.Fatal("RestackUser of a table not built by NewStackedTable")
	}
	t.Logf("%d taken, %d declined", taken, declined)
}
