package workspace

import (
	"strings"
	"testing"
)

// TestNextHopToPlatformAddress: the Routes tab's Next hop to a
// host-platform address says, after the route the lookup matches, that the
// packet reaches the platform whatever that route says (as the walk does);
// an ordinary address gets no such sentence.
func TestNextHopToPlatformAddress(t *testing.T) {
	w, _ := open(t, "hub-spoke-firewall")
	nics := w.Snap().Plane.NICs()
	if len(nics) == 0 {
		t.Fatal("no NIC")
	}
	snap := fullAnalysis(t, w)
	got := nextHopOf(snap, NextHopQuestion{From: nics[0], Dst: "168.63.129.16"}).Answer
	if !strings.Contains(got, "host-platform address") || strings.Contains(got, "rule:") {
		t.Errorf("next hop to 168.63.129.16: %q", got)
	}
	if other := nextHopOf(snap, NextHopQuestion{From: nics[0], Dst: "8.8.8.8"}).Answer; strings.Contains(other, "platform") {
		t.Errorf("next hop to 8.8.8.8: %q", other)
	}
}
