package compare

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"testing"
)

// rt makes a route: "Source State prefix NextHopType [ip,ip] [name=x]".
func rt(s string) Route {
	f := strings.Fields(s)
	r := Route{Source: f[0], State: f[1], AddressPrefix: f[2], NextHopType: f[3], Where: "w"}
	for _, x := range f[4:] {
		if n, ok := strings.CutPrefix(x, "name="); ok {
			r.Name = n
		} else {
			r.NextHopIPAddress = strings.Split(x, ",")
		}
	}
	return r
}

func rts(ss ...string) []Route {
	out := make([]Route, len(ss))
	for i, s := range ss {
		out[i] = rt(s)
	}
	return out
}

// rowLine is "kind prefix [differences]" plus " note" when there is one.
func rowLine(r Row) string {
	s := fmt.Sprintf("%s %s", r.Kind, r.AddressPrefix)
	if len(r.Differences) > 0 {
		s += " " + strings.Join(r.Differences, ",")
	}
	if r.Note != "" {
		s += " (note)"
	}
	return s
}

// TestCompare covers the matcher: every kind, the pairing passes, the
// equal-cost merge, the platform blocks and the order.
func TestCompare(t *testing.T) {
	tests := []struct {
		name          string
		design, azure []Route
		want          []string
	}{
		{"identical",
			rts("User Active 0.0.0.0/0 VirtualAppliance 10.0.1.4 name=udr", "Default Invalid 0.0.0.0/0 Internet", "Default Active 10.1.0.0/16 VnetLocal"),
			rts("Default Active 10.1.0.0/16 VnetLocal", "Default Invalid 0.0.0.0/0 Internet", "User Active 0.0.0.0/0 VirtualAppliance 10.0.1.4 name=udr"),
			[]string{"match 0.0.0.0/0", "match 0.0.0.0/0", "match 10.1.0.0/16"}},
		{"missing udr: the default route wins in Azure",
			rts("User Active 0.0.0.0/0 VirtualAppliance 10.0.1.4", "Default Invalid 0.0.0.0/0 Internet"),
			rts("Default Active 0.0.0.0/0 Internet"),
			[]string{"missing 0.0.0.0/0 (note)", "different 0.0.0.0/0 state (note)"}},
		{"extra bgp route",
			nil, rts("VirtualNetworkGateway Active 10.50.0.0/16 VirtualNetworkGateway 10.0.255.12"),
			[]string{"extra 10.50.0.0/16 (note)"}},
		{"appliance address differs",
			rts("User Active 10.2.0.0/16 VirtualAppliance 10.0.1.4"), rts("User Active 10.2.0.0/16 VirtualAppliance 10.0.1.5"),
			[]string{"different 10.2.0.0/16 nextHopIpAddress"}},
		{"gateway address differs",
			rts("VirtualNetworkGateway Active 192.168.10.0/24 VirtualNetworkGateway 10.0.255.30"),
			rts("VirtualNetworkGateway Active 192.168.10.0/24 VirtualNetworkGateway 10.0.255.4,10.0.255.5"),
			[]string{"different 192.168.10.0/24 nextHopIpAddress (note)"}},
		{"same source, other next hop",
			rts("User Active 0.0.0.0/0 VirtualAppliance 10.0.1.4"), rts("User Active 0.0.0.0/0 Internet"),
			[]string{"different 0.0.0.0/0 nextHopType,nextHopIpAddress"}},
		{"same next hop, other source (the docs' LNG prefix as Default)",
			rts("VirtualNetworkGateway Active 10.10.0.0/16 VirtualNetworkGateway"), rts("Default Active 10.10.0.0/16 VirtualNetworkGateway"),
			[]string{"different 10.10.0.0/16 source"}},
		{"nothing in common on one prefix",
			rts("Default Active 10.3.0.0/16 VNetPeering"), rts("User Active 10.3.0.0/16 None"),
			[]string{"extra 10.3.0.0/16 (note)", "missing 10.3.0.0/16 (note)"}},
		{"platform blocks",
			nil, rts("Default Active 25.33.80.0/20 None", "Default Active 25.33.80.0/24 None", "Default Active 10.0.0.0/8 None",
				"User Active 25.41.0.0/20 None", "Default Active 157.59.0.0/16 None", "Default Active 157.59.0.0/16 Internet"),
			[]string{"extra 10.0.0.0/8 (note)", "platform 25.33.80.0/20 (note)", "platform 25.33.80.0/24 (note)",
				"extra 25.41.0.0/20 (note)", "extra 157.59.0.0/16", "platform 157.59.0.0/16 (note)"}},
		{"equal-cost rows merged on both sides",
			rts("VirtualNetworkGateway Active 10.60.0.0/16 VirtualNetworkGateway 10.0.2.5,10.0.2.4"),
			rts("VirtualNetworkGateway Active 10.60.0.0/16 VirtualNetworkGateway 10.0.2.4", "VirtualNetworkGateway Active 10.60.0.0/16 VirtualNetworkGateway 10.0.2.5"),
			[]string{"match 10.60.0.0/16"}},
		{"renamed udr",
			rts("User Active 10.2.0.0/16 VirtualAppliance 10.0.1.4 name=a"), rts("User Active 10.2.0.0/16 VirtualAppliance 10.0.1.4 name=b"),
			[]string{"match 10.2.0.0/16 (note)"}},
		{"172.16.0.0/12 missing, as in 2020 outputs",
			rts("Default Active 172.16.0.0/12 None", "Default Active 10.0.0.0/8 None"), rts("Default Active 10.0.0.0/8 None"),
			[]string{"match 10.0.0.0/8", "missing 172.16.0.0/12 (note)"}},
		{"spellings normalised",
			rts("Default Active 10.1.0.0/16 VnetLocal", "VirtualNetworkGateway Active 10.9.0.0/16 VirtualNetworkGateway 10.0.255.30"),
			[]Route{{Source: "default", State: "active", AddressPrefix: "10.1.0.0/16", NextHopType: "Virtual network"},
				{Source: "Virtual network gateway", State: "Active", AddressPrefix: "10.9.0.0/16", NextHopType: "VPNGateway", NextHopIPAddress: []string{"10.0.255.30"}}},
			[]string{"match 10.1.0.0/16", "match 10.9.0.0/16"}},
		{"unknown next hop type",
			nil, rts("Default Active 10.70.0.0/16 ConnectedGroup"), []string{"extra 10.70.0.0/16"}},
		{"unparsed prefixes compared as text",
			[]Route{{Source: "Default", State: "Active", AddressPrefix: "bogus", NextHopType: "None"}},
			[]Route{{Source: "User", State: "Active", AddressPrefix: "other", NextHopType: "None"}, {Source: "Default", State: "Active", AddressPrefix: "bogus", NextHopType: "None"},
				{Source: "Default", State: "Active", AddressPrefix: "10.0.0.0/8", NextHopType: "None"}},
			[]string{"match bogus", "extra other (note)", "extra 10.0.0.0/8 (note)"}},
		{"empty", nil, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Compare(tt.design, tt.azure)
			var got []string
			for _, r := range res.Rows {
				got = append(got, rowLine(r))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
			s := res.Summary
			if s.Match+s.Missing+s.Extra+s.Different+s.Platform != len(res.Rows) || res.Rows == nil {
				t.Errorf("summary %+v for %d rows", s, len(res.Rows))
			}
			if a, b := mustJSON(t, Compare(tt.design, tt.azure)), mustJSON(t, res); a != b {
				t.Errorf("not deterministic")
			}
		})
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestCompareLeavesInputs: Compare works on copies.
func TestCompareLeavesInputs(t *testing.T) {
	d := rts("VirtualNetworkGateway Active 10.60.0.0/16 VirtualNetworkGateway 10.0.2.5,10.0.2.4")
	a := []Route{{Source: "default", State: "active", AddressPrefix: "10.1.0.0/16", NextHopType: "Virtual network"}}
	Compare(d, a)
	if d[0].NextHopIPAddress[0] != "10.0.2.5" || a[0].Source != "default" || a[0].prefix.IsValid() {
		t.Errorf("inputs changed: %+v %+v", d, a)
	}
}

// TestPlatformBlocks: every block of the list parses, and the four
// documented reserved prefixes are not among them (the engine models
// those).
func TestPlatformBlocks(t *testing.T) {
	bs := PlatformBlocks()
	if len(bs) != 22 {
		t.Errorf("%d blocks", len(bs))
	}
	for _, s := range []string{"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "0.0.0.0/0"} {
		if isPlatformBlock(netip.MustParsePrefix(s)) {
			t.Errorf("%s is a platform block", s)
		}
	}
	for _, b := range bs {
		if !isPlatformBlock(b) {
			t.Errorf("%s not recognised", b)
		}
	}
}
