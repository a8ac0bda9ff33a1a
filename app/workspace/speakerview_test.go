package workspace

import (
	"strings"
	"testing"

	"vnetplay/app/kinds"
	"vnetplay/app/store"
	"vnetplay/scenarios"
)

// TestStaticTunnelNeighbor: a VPN gateway without BGP lists its static
// site-to-site tunnel as static, not as a BGP neighbor of AS 0 with
// nothing advertised or received.
func TestStaticTunnelNeighbor(t *testing.T) {
	sc, ok := scenarios.Get("private-endpoint-dns-hub-resolver")
	if !ok {
		t.Fatal("no built-in private-endpoint-dns-hub-resolver")
	}
	s, _, err := store.OpenJSON(sc.JSON)
	if err != nil {
		t.Fatal(err)
	}
	v := speakerOf(s.Current(), kinds.Ref{Kind: kinds.Gateway, ID: "hub-vpngw"})
	if v.BGP == nil || len(v.BGP.Neighbors) != 1 {
		t.Fatalf("hub-vpngw's BGP view %+v, want one neighbor (the static tunnel to dc)", v.BGP)
	}
	n := v.BGP.Neighbors[0]
	if !n.Static || n.Down != "" || n.Peer != "dc" {
		t.Errorf("the tunnel %+v, want static and up, to dc", n)
	}
	if got := n.Summary(); !strings.HasPrefix(got, "Static tunnel with dc") || strings.Contains(got, "AS 0") {
		t.Errorf("the tunnel reads %q", got)
	}
	site := speakerOf(s.Current(), kinds.Ref{Kind: kinds.Site, ID: "dc"})
	if site.BGP == nil || strings.Contains(site.BGP.State, "AS 0") || !strings.Contains(site.BGP.State, "no BGP") {
		t.Errorf("the site without BGP is described as %+v", site.BGP)
	}
}

func TestNeighborSummary(t *testing.T) {
	for _, c := range []struct {
		n    BGPNeighbor
		want string
	}{
		{BGPNeighbor{Peer: "onprem", PeerASN: 65010, Advertised: make([]BGPPathRow, 3), Received: make([]BGPPathRow, 2)}, "Neighbor onprem (AS 65010): 3 advertised, 2 received"},
		{BGPNeighbor{Peer: "dc", Static: true}, "Static tunnel with dc: no BGP session, its routes are static"},
		{BGPNeighbor{Peer: "er", PeerASN: 12076, Down: "the circuit is failed"}, "Neighbor er (AS 12076): 0 advertised, 0 received; down: the circuit is failed"},
		{BGPNeighbor{Peer: "dc", PeerASN: 65050, Via: "dc-s2s-2", Received: make([]BGPPathRow, 1)}, "Neighbor dc via dc-s2s-2 (AS 65050): 0 advertised, 1 received"},
		{BGPNeighbor{Peer: "dc", Via: "dc-s2s-2", Static: true}, "Static tunnel with dc via dc-s2s-2: no BGP session, its routes are static"},
	} {
		if got := c.n.Summary(); got != c.want {
			t.Errorf("%+v reads %q, want %q", c.n, got, c.want)
		}
	}
}
