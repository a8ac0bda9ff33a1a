package route

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"reflect"
	"slices"
	"testing"
)

// pe is a private endpoint's /32 route (rule:private-endpoints.interface-endpoint-route); policy >= 0
// marks the route-table policy with that VNet range length.
func pe(ip string, policy int) Route {
	r := Route{Prefix: netip.PrefixFrom(ma(ip), 32), NextHop: InterfaceEndpoint, Source: Default, Origin: Origin{Kind: FromPrivateEndpoint, ID: "pe-" + ip}}
	if policy >= 0 {
		r = r.WithRouteTablePolicy(policy)
	}
	return r
}

// TestPrivateEndpointRouteSelection checks the selection rules of a private
// endpoint's /32: it beats shorter UDRs (rule:private-endpoints.beats-shorter-udrs), a UDR for the
// exact /32 overrides it (rule:private-endpoints.exact-udr-overrides), and with the route-table policy
// a UDR at least as long as the endpoint VNet's range makes it Invalid
// while 0.0.0.0/0 or a supernet never does (rule:private-endpoints.route-table-policy).
func TestPrivateEndpointRouteSelection(t *testing.T) {
	base := []Route{sys("10.1.0.0/16", VnetLocal, FromAddressSpace), sys("0.0.0.0/0", Internet, FromDefaultInternet)}
	const ip = "10.1.1.4"
	for _, tc := range []struct {
		name       string
		policy     int
		udrs       []Route
		wantHop    NextHopType
		wantReason Reason // of the endpoint route
		wantState  State
	}{
		{"no UDR", -1, nil, InterfaceEndpoint, OnlyRoute, Active},
		{"0/0 to firewall", -1, []Route{udr("0.0.0.0/0", VirtualAppliance, "10.0.0.4")}, InterfaceEndpoint, OnlyRoute, Active},
		{"VNet range UDR, no policy", -1, []Route{udr("10.1.0.0/16", VirtualAppliance, "10.0.0.4")}, InterfaceEndpoint, OnlyRoute, Active},
		{"exact /32 UDR", -1, []Route{udr("10.1.1.4/32", VirtualAppliance, "10.0.0.4")}, VirtualAppliance, OverriddenByUser, Invalid},
		{"policy, VNet range UDR", 16, []Route{udr("10.1.0.0/16", VirtualAppliance, "10.0.0.4")}, VirtualAppliance, OverriddenByPolicyUDR, Invalid},
		{"policy, subnet UDR", 16, []Route{udr("10.1.1.0/24", None, "")}, None, OverriddenByPolicyUDR, Invalid},
		{"policy, other subnet UDR", 16, []Route{udr("10.1.2.0/24", None, "")}, InterfaceEndpoint, OnlyRoute, Active},
		{"policy, supernet UDR", 16, []Route{udr("10.0.0.0/8", VirtualAppliance, "10.0.0.4")}, InterfaceEndpoint, OnlyRoute, Active},
		{"policy, 0/0 UDR", 16, []Route{udr("0.0.0.0/0", VirtualAppliance, "10.0.0.4")}, InterfaceEndpoint, OnlyRoute, Active},
		{"policy, exact /32 UDR", 16, []Route{udr("10.1.1.4/32", VirtualAppliance, "10.0.0.4")}, VirtualAppliance, OverriddenByUser, Invalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sysRoutes := append(slices.Clone(base), pe(ip, tc.policy))
			whole := NewTable(slices.Concat(sysRoutes, tc.udrs))
			var ul *Layer
			if len(tc.udrs) > 0 {
				ul = NewOwnLayer(tc.udrs)
			}
			st := NewStackedTable(NewOwnLayer(sysRoutes), ul, nil)
			lin := NewLinearTable(slices.Concat(sysRoutes, tc.udrs))
			for name, tab := range map[string]*Table{"whole": whole, "stacked": st, "linear": lin} {
				e, ok := tab.Lookup(ma(ip))
				if !ok || e.NextHop != tc.wantHop {
					t.Errorf("%s: lookup %s = %v (%v), want next hop %s", name, ip, e, ok, tc.wantHop)
				}
				var got *Effective
				for x := range tab.All() {
					if x.Origin.Kind == FromPrivateEndpoint {
						got = &x
					}
				}
				if got == nil || got.State != tc.wantState || got.Reason != tc.wantReason {
					t.Errorf("%s: endpoint route %+v, want %s (%s)", name, got, tc.wantState, tc.wantReason)
				}
			}
		})
	}
}

// TestPrivateEndpointParseUDR checks that a UDR cannot name the
// InterfaceEndpoint next hop (rule:udr.allowed-next-hops) and that the name round-trips.
func TestPrivateEndpointParseUDR(t *testing.T) {
	if _, ok := ParseUDRNextHop("InterfaceEndpoint"); ok {
		t.Error("a UDR accepted next hop InterfaceEndpoint")
	}
	if h, ok := ParseNextHopType("InterfaceEndpoint"); !ok || h != InterfaceEndpoint || h.String() != "InterfaceEndpoint" {
		t.Errorf("ParseNextHopType(InterfaceEndpoint) = %v %v", h, ok)
	}
	if s := (Origin{Kind: FromPrivateEndpoint, ID: "pe-blob"}).String(); s != "private endpoint pe-blob" {
		t.Errorf("origin %q", s)
	}
	if b, ok := pe("10.1.1.4", 16).RouteTablePolicy(); !ok || b != 16 {
		t.Errorf("RouteTablePolicy = %d %v", b, ok)
	}
	if _, ok := pe("10.1.1.4", -1).RouteTablePolicy(); ok {
		t.Error("a route without policy reports one")
	}
}

// pePool holds prefixes nested around the endpoint addresses of
// TestStackedPrivateEndpointsEqualWhole.
var pePool = []string{"0.0.0.0/0", "10.0.0.0/8", "10.1.0.0/16", "10.1.1.0/24", "10.1.1.4/32", "10.1.1.5/32", "10.1.0.0/20",
	"10.2.0.0/16", "10.2.3.4/32", "10.2.3.0/24", "10.1.1.0/28", "172.16.0.0/12"}

// TestStackedPrivateEndpointsEqualWhole is the oracle for private endpoint
// routes in stacked tables: on random system routes with endpoint /32s
// (with and without the route-table policy), random UDRs and gateway
// routes, a stacked table lists the routes and answers every lookup like
// NewTable of the whole candidate list and like a linear scan; and
// ChangedOwnPrefixes stays sound when only the UDRs change.
func TestStackedPrivateEndpointsEqualWhole(t *testing.T) {
	r := rand.New(rand.NewPCG(14, 220))
	pick := func() netip.Prefix { return netip.MustParsePrefix(pePool[r.IntN(len(pePool))]) }
	endpoints := []string{"10.1.1.4", "10.1.1.5", "10.2.3.4"}
	for round := range 300 {
		sysRoutes := randomSystem(r, pick, r.IntN(5))
		for _, ip := range endpoints {
			if r.IntN(3) > 0 {
				sysRoutes = append(sysRoutes, pe(ip, []int{-1, 8, 16, 20, 24}[r.IntN(5)]))
			}
		}
		user := randomUser(r, pick, "rt", r.IntN(5))
		gw := randomGateway(r, pick, r.IntN(4))
		var ul, gl *Layer
		if len(user) > 0 {
			ul = NewOwnLayer(user)
		}
		if len(gw) > 0 {
			gl = NewLayer(gw)
		}
		whole := NewTable(slices.Concat(sysRoutes, user, gw))
		st := NewStackedTable(NewOwnLayer(sysRoutes), ul, gl)
		what := fmt.Sprintf("round %d", round)
		if !reflect.DeepEqual(whole.Routes(), st.Routes()) {
			t.Fatalf("%s: routes differ:\nwhole   %v\nstacked %v", what, whole.Routes(), st.Routes())
		}
		for _, d := range append(slices.Clone(endpoints), "10.1.1.9", "10.2.3.9", "10.9.0.1", "8.8.8.8") {
			dst := ma(d)
			w, okW := whole.Lookup(dst)
			l, okL := st.Lookup(dst)
			br, okB := st.LookupBrute(dst)
			if okW != okL || w != l || okB != okW || br != w {
				t.Fatalf("%s: %s: whole %v %v, stacked %v %v, brute %v %v", what, dst, okW, w, okL, l, okB, br)
			}
		}
		// A UDR edit: lookups outside the changed prefixes agree.
		user2 := append(slices.Clone(user), randomUser(r, pick, "rt", 1+r.IntN(2))...)
		if len(user2) > 0 && r.IntN(2) == 0 {
			user2 = user2[1:]
		}
		st2 := NewStackedTable(NewOwnLayer(sysRoutes), NewOwnLayer(user2), gl)
		ps, ok := ChangedOwnPrefixes(st, st2)
		if !ok {
			t.Fatal("stacked tables reported incomparable")
		}
		for _, d := range endpoints {
			dst := ma(d)
			inside := slices.ContainsFunc(ps, func(p netip.Prefix) bool { return p.Contains(dst) })
			x, okX := st.Lookup(dst)
			y, okY := st2.Lookup(dst)
			if !inside && (okX != okY || x != y) {
				t.Fatalf("%s: %s outside %v but lookups differ: %v vs %v", what, dst, ps, x, y)
			}
		}
	}
}
