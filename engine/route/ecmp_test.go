package route

import (
	"fmt"
	"net/netip"
	"testing"
)

// TestWithNextHops: an ECMP route lists every next hop, sorted (rule:outputs.effective-route-fields: the
// effective route's nextHopIpAddress is a list; rule:route-server.as-path-and-ecmp: Route Server
// programs every NVA with the same AS-path length).
func TestWithNextHops(t *testing.T) {
	for _, tc := range []struct {
		name     string
		ips      []string
		want     string
		text     string
		ecmp     bool
		wantNote bool
	}{
		{"no next hop", nil, "[]", "", false, false},
		{"one next hop", []string{"10.0.1.4"}, "[10.0.1.4]", "10.0.1.4", false, false},
		{"two, sorted by address", []string{"10.0.1.10", "10.0.1.9"}, "[10.0.1.9 10.0.1.10]", "10.0.1.9, 10.0.1.10", true, true},
		{"duplicates collapse", []string{"10.0.1.5", "10.0.1.4", "10.0.1.5"}, "[10.0.1.4 10.0.1.5]", "10.0.1.4, 10.0.1.5", true, true},
		{"the same address twice is one next hop", []string{"10.0.1.4", "10.0.1.4"}, "[10.0.1.4]", "10.0.1.4", false, false},
		{"invalid addresses are dropped", []string{"", "10.0.1.4"}, "[10.0.1.4]", "10.0.1.4", false, false},
		{"at most MaxNextHops, the lowest", []string{"10.0.0.9", "10.0.0.8", "10.0.0.7", "10.0.0.6", "10.0.0.5", "10.0.0.4", "10.0.0.3", "10.0.0.2", "10.0.0.1"},
			"[10.0.0.1 10.0.0.2 10.0.0.3 10.0.0.4 10.0.0.5 10.0.0.6 10.0.0.7 10.0.0.8]", "10.0.0.1, 10.0.0.2, 10.0.0.3, 10.0.0.4, 10.0.0.5, 10.0.0.6, 10.0.0.7, 10.0.0.8", true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var ips []netip.Addr
			for _, s := range tc.ips {
				a, _ := netip.ParseAddr(s)
				ips = append(ips, a)
			}
			r := bgp("172.20.0.0/16").WithNextHops(ips)
			if got := fmt.Sprint(r.NextHopIPStrings()); got != tc.want {
				t.Errorf("NextHopIPStrings = %s, want %s", got, tc.want)
			}
			if got := r.NextHopIPText(); got != tc.text {
				t.Errorf("NextHopIPText = %q, want %q", got, tc.text)
			}
			if r.ECMP() != tc.ecmp || (r.ECMPNote() != "") != tc.wantNote {
				t.Errorf("ECMP = %v, note %q", r.ECMP(), r.ECMPNote())
			}
			if hs := r.NextHopIPs(); len(hs) > 0 && hs[0] != r.NextHopIP {
				t.Errorf("NextHopIP %s is not the first of %v", r.NextHopIP, hs)
			}
		})
	}
	if got := (Route{}).NextHopIPStrings(); got == nil || len(got) != 0 {
		t.Errorf("no next hop must print as an empty list, got %#v", got)
	}
}

// TestECMPRouteThroughTables: an ECMP route keeps all its next hops through
// selection, lookups and stacked tables, and two routes that differ only
// in their further next hops are different routes.
func TestECMPRouteThroughTables(t *testing.T) {
	two := bgp("172.20.0.0/16").WithNextHops([]netip.Addr{ma("10.0.1.5"), ma("10.0.1.4")})
	one := bgp("172.20.0.0/16").WithNextHops([]netip.Addr{ma("10.0.1.4")})
	if two == one {
		t.Fatal("routes with different next-hop sets compare equal")
	}
	sysRoutes := []Route{sys("0.0.0.0/0", Internet, FromDefaultInternet), sys("10.1.0.0/16", VnetLocal, FromAddressSpace)}
	for name, tab := range map[string]*Table{
		"NewTable":        NewTable(append(sysRoutes, two)),
		"NewStackedTable": NewStackedTable(NewOwnLayer(sysRoutes), nil, NewLayer([]Route{two})),
	} {
		e, ok := tab.Lookup(ma("172.20.3.4"))
		if !ok || e.State != Active || fmt.Sprint(e.NextHopIPStrings()) != "[10.0.1.4 10.0.1.5]" {
			t.Errorf("%s: Lookup = %v %+v, want the ECMP route with both next hops", name, ok, e)
		}
	}
	a := NewTable(append(sysRoutes, two))
	b := NewTable(append(sysRoutes, one))
	if ActiveEqual(a, b) {
		t.Error("ActiveEqual: tables whose ECMP route lost a next hop are equal")
	}
}
