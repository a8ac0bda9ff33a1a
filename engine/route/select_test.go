package route

import (
	"encoding/binary"
	"net/netip"
	"strings"
	"testing"
)

var (
	mp = netip.MustParsePrefix
	ma = netip.MustParseAddr
)

func sys(p string, h NextHopType, k OriginKind) Route {
	return Route{Prefix: mp(p), NextHop: h, Source: Default, Origin: Origin{Kind: k, ID: "x"}}
}
func udr(p string, h NextHopType, ip string) Route {
	r := Route{Prefix: mp(p), NextHop: h, Source: User, Origin: Origin{Kind: FromRouteTable, ID: "rt", Name: p}}
	if ip != "" {
		r.NextHopIP = ma(ip)
	}
	return r
}
func bgp(p string) Route {
	return Route{Prefix: mp(p), NextHop: VirtualNetworkGateway, Source: Gateway, Origin: Origin{Kind: FromGateway, ID: "gw"}}
}

func TestSelection(t *testing.T) {
	for _, tc := range []struct {
		name    string
		routes  []Route
		dst     string
		want    NextHopType
		wantSrc Source
	}{
		{"rule:route-selection.longest-prefix-first longest prefix /24 wins", []Route{sys("10.0.0.0/16", VnetLocal, FromAddressSpace), udr("10.0.0.0/24", None, "")}, "10.0.0.5", None, User},
		{"rule:route-selection.longest-prefix-first /16 for addresses outside the /24", []Route{sys("10.0.0.0/16", VnetLocal, FromAddressSpace), udr("10.0.0.0/24", None, "")}, "10.0.1.5", VnetLocal, Default},
		{"rule:route-selection.same-prefix-tie-break UDR 0/0 beats default Internet", []Route{sys("0.0.0.0/0", Internet, FromDefaultInternet), udr("0.0.0.0/0", VirtualAppliance, "10.0.1.4")}, "8.8.8.8", VirtualAppliance, User},
		{"rule:route-selection.longest-prefix-first BGP beats system on equal prefix", []Route{sys("0.0.0.0/0", Internet, FromDefaultInternet), bgp("0.0.0.0/0")}, "8.8.8.8", VirtualNetworkGateway, Gateway},
		{"rule:route-selection.longest-prefix-first UDR beats BGP on equal prefix", []Route{bgp("172.16.0.0/12"), udr("172.16.0.0/12", VirtualAppliance, "10.0.1.4")}, "172.16.1.1", VirtualAppliance, User},
		{"rule:route-selection.longest-prefix-first longest prefix before type: more specific BGP beats UDR", []Route{udr("172.16.0.0/12", None, ""), bgp("172.16.1.0/24")}, "172.16.1.1", VirtualNetworkGateway, Gateway},
		{"rule:route-selection.system-beats-more-specific-bgp VNet range beats more-specific BGP", []Route{sys("10.0.0.0/16", VnetLocal, FromAddressSpace), bgp("10.0.1.0/24")}, "10.0.1.1", VnetLocal, Default},
		{"rule:route-selection.system-beats-more-specific-bgp peering range beats more-specific BGP", []Route{sys("10.1.0.0/16", VNetPeering, FromPeering), bgp("10.1.0.0/24")}, "10.1.0.9", VNetPeering, Default},
		{"rule:route-selection.system-beats-more-specific-bgp does not protect the reserved None range", []Route{sys("10.0.0.0/8", None, FromReserved), bgp("10.5.0.0/16")}, "10.5.0.1", VirtualNetworkGateway, Gateway},
		{"rule:route-selection.system-beats-more-specific-bgp UDR still overrides VNet range", []Route{sys("10.0.0.0/16", VnetLocal, FromAddressSpace), udr("10.0.0.0/16", VirtualAppliance, "10.0.100.4")}, "10.0.3.3", VirtualAppliance, User},
		{"rule:route-selection.service-endpoint-not-overridable service endpoint not overridden by UDR", []Route{sys("20.60.0.0/16", VirtualNetworkServiceEndpoint, FromServiceEndpoint), udr("20.60.0.0/16", None, "")}, "20.60.1.1", VirtualNetworkServiceEndpoint, Default},
		{"rule:system-routes.private-unrouted-dropped private destination without VNet route hits None", []Route{sys("0.0.0.0/0", Internet, FromDefaultInternet), sys("10.0.0.0/8", None, FromReserved)}, "10.9.9.9", None, Default},
		{"rule:system-routes.private-unrouted-dropped public destination goes to Internet", []Route{sys("0.0.0.0/0", Internet, FromDefaultInternet), sys("10.0.0.0/8", None, FromReserved)}, "52.1.1.1", Internet, Default},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tab := NewTable(tc.routes)
			got, ok := tab.Lookup(ma(tc.dst))
			if !ok || got.NextHop != tc.want || got.Source != tc.wantSrc {
				t.Fatalf("Lookup(%s) = %v %v/%v, want %v/%v; table %+v", tc.dst, ok, got.NextHop, got.Source, tc.want, tc.wantSrc, tab.Routes())
			}
		})
	}
}

// TestOverriddenStayListed: rule:outputs.overridden-stay-listed — both routes stay, the overridden one Invalid with a reason.
func TestOverriddenStayListed(t *testing.T) {
	rs := Select([]Route{sys("10.0.0.0/16", VnetLocal, FromAddressSpace), udr("10.0.0.0/16", VirtualAppliance, "10.0.100.4"), bgp("10.0.2.0/24")})
	if len(rs) != 3 {
		t.Fatalf("got %d routes", len(rs))
	}
	byKey := map[Source]Effective{}
	for _, r := range rs {
		byKey[r.Source] = r
	}
	if r := byKey[Default]; r.State != Invalid || r.Reason != OverriddenByUser {
		t.Errorf("system route: %v %v", r.State, r.Reason)
	}
	if r := byKey[User]; r.State != Active || r.Reason != UserOverridesDefault {
		t.Errorf("user route: %v %v", r.State, r.Reason)
	}
	if r := byKey[Gateway]; r.State != Invalid || r.Reason != SystemBeatsBGP {
		t.Errorf("BGP route: %v %v", r.State, r.Reason)
	}
}

// TestTwoSystemRoutesOnePrefix: two system routes with one prefix (two
// peerings to overlapping ranges, which validation refuses) keep the first
// and say why the other is Invalid, naming no user route (there is none:
// the reason said "overridden by a user route" before).
func TestTwoSystemRoutesOnePrefix(t *testing.T) {
	rs := Select([]Route{sys("10.1.0.0/16", VNetPeering, FromPeering), sys("10.1.0.0/16", VNetPeering, FromPeering)})
	if len(rs) != 2 || rs[0].State != Active || rs[1].State != Invalid || rs[1].Reason != SystemSamePrefix {
		t.Fatalf("%+v", rs)
	}
	if strings.Contains(rs[1].Reason.String(), "user route") {
		t.Errorf("reason %q names a user route", rs[1].Reason)
	}
}

func TestDuplicateUDRF38(t *testing.T) {
	rs := Select([]Route{udr("10.9.0.0/16", None, ""), udr("10.9.0.0/16", Internet, "")})
	if rs[0].State != Active || rs[1].State != Invalid || rs[1].Reason != DuplicateInTable {
		t.Fatalf("%+v", rs)
	}
}

func TestParseUDRNextHopF35(t *testing.T) {
	for s, ok := range map[string]bool{"VirtualAppliance": true, "VirtualNetworkGateway": true, "None": true, "VnetLocal": true, "Internet": true,
		"VNetPeering": false, "VirtualNetworkServiceEndpoint": false, "VNetGlobalPeering": false, "vnetlocal": false} {
		if _, got := ParseUDRNextHop(s); got != ok {
			t.Errorf("ParseUDRNextHop(%q) = %v, want %v", s, got, ok)
		}
	}
}

// randomTable builds a table from fuzz bytes: each 6-byte chunk is a route
// (4 address bytes, a length, a kind).
func randomTable(data []byte) *Table {
	var rs []Route
	kinds := []Route{sys("0.0.0.0/0", VnetLocal, FromAddressSpace), sys("0.0.0.0/0", VNetPeering, FromPeering), sys("0.0.0.0/0", None, FromReserved), udr("0.0.0.0/0", None, ""), bgp("0.0.0.0/0"), sys("0.0.0.0/0", VirtualNetworkServiceEndpoint, FromServiceEndpoint)}
	for len(data) >= 6 && len(rs) < 64 {
		a := netip.AddrFrom4([4]byte(data[:4]))
		r := kinds[int(data[5])%len(kinds)]
		r.Prefix = netip.PrefixFrom(a, int(data[4])%33).Masked()
		rs = append(rs, r)
		data = data[6:]
	}
	return NewTable(rs)
}

// FuzzLookup checks the per-length index against the brute-force oracle.
func FuzzLookup(f *testing.F) {
	f.Add([]byte{10, 0, 0, 0, 16, 0, 10, 0, 1, 0, 24, 4, 0, 0, 0, 0, 0, 2}, uint32(0x0a000105))
	f.Add([]byte{192, 168, 0, 0, 16, 3, 192, 168, 0, 0, 16, 1}, uint32(0xc0a80001))
	f.Fuzz(func(t *testing.T, data []byte, dst uint32) {
		tab := randomTable(data)
		var b [4]byte
		binary.BigEndian.PutUint32(b[:], dst)
		addrs := []netip.Addr{netip.AddrFrom4(b)}
		for _, r := range tab.Routes() {
			addrs = append(addrs, r.Prefix.Addr())
		}
		for _, a := range addrs {
			got, gok := tab.Lookup(a)
			want, wok := tab.LookupBrute(a)
			if gok != wok || got.Prefix != want.Prefix || got.NextHop != want.NextHop || got.Source != want.Source {
				t.Fatalf("Lookup(%v) = %v %+v, oracle %v %+v", a, gok, got, wok, want)
			}
		}
	})
}

// lookupAllocates is set by index_wasmbart_test.go: bart under wasm
// allocates.
var lookupAllocates = false

// TestLookupDoesNotAllocate guards the hot path.
func TestLookupDoesNotAllocate(t *testing.T) {
	tab := randomTable([]byte{10, 0, 0, 0, 16, 0, 10, 0, 1, 0, 24, 3, 0, 0, 0, 0, 0, 2})
	dst := ma("10.0.1.7")
	if n := testing.AllocsPerRun(100, func() { tab.Lookup(dst) }); n != 0 && !lookupAllocates {
		t.Fatalf("Lookup allocates %v times", n)
	}
}

func BenchmarkLookup(b *testing.B) {
	var data []byte
	for i := range 200 {
		data = append(data, 10, byte(i), 0, 0, byte(16+i%9), byte(i))
	}
	tab := randomTable(data)
	dst := ma("10.77.1.1")
	b.ReportAllocs()
	for b.Loop() {
		tab.Lookup(dst)
	}
}

// TestReasonsNameTheOtherRoute: a system route whose prefix a BGP route
// also has, the BGP route Invalid inside it
// (rule:route-selection.system-beats-more-specific-bgp), says it is
// preferred over that route, not "only route"; a gateway route marked as
// an open tie says so (rule:route-server.routing-preference).
func TestReasonsNameTheOtherRoute(t *testing.T) {
	got := Select([]Route{sys("10.2.0.0/16", VNetPeering, FromPeering), bgp("10.2.0.0/16"), sys("10.3.0.0/16", VNetPeering, FromPeering), bgp("10.2.1.0/24")})
	want := map[string]Reason{"10.2.0.0/16 VNetPeering": SystemOverridesBGP, "10.2.0.0/16 VirtualNetworkGateway": SystemBeatsBGP,
		"10.3.0.0/16 VNetPeering": OnlyRoute, "10.2.1.0/24 VirtualNetworkGateway": SystemBeatsBGP}
	for _, e := range got {
		if w, ok := want[e.Prefix.String()+" "+e.NextHop.String()]; !ok || e.Reason != w {
			t.Errorf("%s %s: %q, want %q", e.Prefix, e.NextHop, e.Reason, w)
		}
	}
	tied := Select([]Route{bgp("192.168.8.0/24").WithTie()})
	if len(tied) != 1 || tied[0].Reason != TiedGatewayFirstByID {
		t.Errorf("a tied gateway route: %+v", tied)
	}
}

// TestLookupWithout: leaving out the service-endpoint routes brings back
// the routes they beat, on the same prefix (a UDR, rule:route-selection.service-endpoint-not-overridable)
// and inside their range (a more-specific BGP route, rule:route-selection.system-beats-more-specific-bgp);
// a destination no other route covers has no answer.
func TestLookupWithout(t *testing.T) {
	se := sys("20.60.0.0/16", VirtualNetworkServiceEndpoint, FromServiceEndpoint)
	for _, tc := range []struct {
		name    string
		routes  []Route
		dst     string
		want    NextHopType
		wantSrc Source
		found   bool
	}{
		{"the UDR the endpoint overrode", []Route{se, udr("20.60.0.0/16", VirtualAppliance, "10.0.1.4"), sys("0.0.0.0/0", Internet, FromDefaultInternet)}, "20.60.1.1", VirtualAppliance, User, true},
		{"the more-specific BGP route inside the endpoint's range", []Route{se, bgp("20.60.1.0/24"), sys("0.0.0.0/0", Internet, FromDefaultInternet)}, "20.60.1.1", VirtualNetworkGateway, Gateway, true},
		{"the default route", []Route{se, sys("0.0.0.0/0", Internet, FromDefaultInternet)}, "20.60.1.1", Internet, Default, true},
		{"no other route", []Route{se}, "20.60.1.1", 0, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tab := NewTable(tc.routes)
			if got, _ := tab.Lookup(ma(tc.dst)); got.NextHop != VirtualNetworkServiceEndpoint {
				t.Fatalf("Lookup(%s) = %v, want the service endpoint", tc.dst, got.NextHop)
			}
			got, ok := tab.LookupWithout(ma(tc.dst), VirtualNetworkServiceEndpoint)
			if ok != tc.found || (ok && (got.NextHop != tc.want || got.Source != tc.wantSrc || got.State != Active)) {
				t.Errorf("LookupWithout(%s) = %v %v/%v %v, want %v %v/%v", tc.dst, ok, got.NextHop, got.Source, got.State, tc.found, tc.want, tc.wantSrc)
			}
		})
	}
	if _, ok := (*Table)(nil).LookupWithout(ma("20.60.1.1"), VirtualNetworkServiceEndpoint); ok {
		t.Error("nil table: found a route")
	}
}
