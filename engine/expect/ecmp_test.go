package expect

import (
	"net/netip"
	"testing"
)

// TestSameHops: a route expectation's nextHopIpAddress names every next
// hop of an ECMP route (rule:route-server.as-path-and-ecmp), in any order; one address still matches a
// route with one next hop, and a subset does not match.
func TestSameHops(t *testing.T) {
	two := []netip.Addr{netip.MustParseAddr("10.0.1.4"), netip.MustParseAddr("10.0.1.5")}
	one := two[:1]
	for _, tc := range []struct {
		want string
		got  []netip.Addr
		ok   bool
	}{
		{"10.0.1.4", one, true},
		{"10.0.1.4, 10.0.1.5", two, true},
		{"10.0.1.5,10.0.1.4", two, true},
		{"10.0.1.4", two, false},
		{"10.0.1.4, 10.0.1.5", one, false},
		{"10.0.1.4, nonsense", two, false},
	} {
		if got := sameHops(tc.want, tc.got); got != tc.ok {
			t.Errorf("sameHops(%q, %v) = %v, want %v", tc.want, tc.got, got, tc.ok)
		}
	}
}
