package trace

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"strings"
	"testing"

	"vnetplay/engine/dataplane"
)

// deliveredReasonSlow is DeliveredReason as fmt words it: the oracle of
// the stack-buffer version.
func deliveredReasonSlow(nic *dataplane.NIC) string {
	return fmt.Sprintf("delivered to %s (%s)", nic.ID, nic.IP)
}

// TestDeliveredReasonEqualsSprintf checks DeliveredReason against
// fmt.Sprintf on table cases (the zero address, IPv6 with a zone, an
// IPv4-mapped address, an ID longer than the stack buffer) and seeded
// random NICs.
func TestDeliveredReasonEqualsSprintf(t *testing.T) {
	cases := []dataplane.NIC{
		{ID: "vm1/nic0", IP: netip.MustParseAddr("10.0.1.4")},
		{ID: "", IP: netip.MustParseAddr("10.0.1.4")},
		{ID: "vm1/nic0"},
		{ID: "v6", IP: netip.MustParseAddr("fd00::1%eth0")},
		{ID: "mapped", IP: netip.MustParseAddr("::ffff:10.1.2.3")},
		{ID: strings.Repeat("long-id/", 30), IP: netip.MustParseAddr("2001:db8:1234:5678:9abc:def0:1234:5678")},
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 500 {
		id := strings.Repeat("x", r.IntN(120))
		var ip netip.Addr
		switch r.IntN(3) {
		case 0:
			ip = netip.AddrFrom4([4]byte{byte(r.Uint32()), byte(r.Uint32()), byte(r.Uint32()), byte(r.Uint32())})
		case 1:
			var b [16]byte
			for k := range b {
				b[k] = byte(r.Uint32())
			}
			ip = netip.AddrFrom16(b)
		}
		cases = append(cases, dataplane.NIC{ID: id, IP: ip})
	}
	for i := range cases {
		n := &cases[i]
		if got, want := DeliveredReason(n), deliveredReasonSlow(n); got != want {
			t.Fatalf("DeliveredReason(%q, %v) = %q, want %q", n.ID, n.IP, got, want)
		}
	}
}
