package workspace

import (
	"fmt"
	"strings"

	"vnetplay/app/kinds"
	"vnetplay/app/store"
	"vnetplay/engine/bgp"
)

// SpeakerView is what the Routes tab shows of the selected resource's
// routing protocol: a BGP speaker's tables (a gateway, a Route Server, an
// NVA peering with one, a site's router, a circuit's edge), or the routes
// a P2S pool's clients receive. Both are nil when the resource has
// neither. Like RoutesView, the engine's Web Worker computes it (Derive),
// so that selecting a gateway does not make the page analyse each edit.
type SpeakerView struct {
	Ref kinds.Ref `json:"ref"`
	BGP *BGPView  `json:"bgp,omitempty"`
	P2S *P2SView  `json:"p2s,omitempty"`
}

// BGPView is a speaker's Loc-RIB and, per neighbor, what it advertises and
// receives (the spirit of `show ip bgp neighbors … advertised-routes`).
type BGPView struct {
	ID string `json:"id"`
	// State is the speaker's kind and AS, and whether it is down or runs
	// no BGP.
	State     string        `json:"state"`
	Down      bool          `json:"down,omitempty"`  // the speaker is failed (What if)
	NoBGP     bool          `json:"nobgp,omitempty"` // the speaker runs no BGP
	RIB       []BGPBestRow  `json:"rib,omitempty"`
	Neighbors []BGPNeighbor `json:"neighbors,omitempty"`
}

// NoBestPaths says why the speaker's Loc-RIB is empty, in place of a
// table of no rows ("" when it has best paths).
func (v *BGPView) NoBestPaths() string {
	switch {
	case len(v.RIB) > 0:
		return ""
	case v.Down:
		return "No best paths: " + v.ID + " is down, so are all its sessions"
	case v.NoBGP:
		return "No best paths: " + v.ID + " runs no BGP"
	}
	return "No best paths: " + v.ID + " originates no prefix and learns none"
}

// BGPBestRow is a best path of the Loc-RIB as the table shows it; Why is
// the reason it won.
type BGPBestRow struct {
	Prefix   string `json:"prefix"`
	NextHops string `json:"nextHops"` // every next hop (ECMP: rule:route-server.as-path-and-ecmp)
	ASPath   string `json:"asPath"`
	From     string `json:"from"`
	Why      string `json:"why"`
}

// BGPNeighbor is one session seen from the speaker. Static is a tunnel
// without BGP (its routes are static: nothing is advertised or received);
// Down, when set, says why the session is down. Via names the session
// (its connection) when the speaker has several with the same peer (an
// active-active gateway's two tunnels to one site).
type BGPNeighbor struct {
	Peer       string       `json:"peer"`
	PeerASN    uint32       `json:"peerAsn"`
	Via        string       `json:"via,omitempty"`
	Static     bool         `json:"static,omitempty"`
	Down       string       `json:"down,omitempty"`
	Advertised []BGPPathRow `json:"advertised,omitempty"`
	Received   []BGPPathRow `json:"received,omitempty"`
}

// Summary is the neighbor's one-line description.
func (n BGPNeighbor) Summary() string {
	peer := n.Peer
	if n.Via != "" {
		peer += " via " + n.Via
	}
	s := fmt.Sprintf("Neighbor %s (AS %d): %d advertised, %d received", peer, n.PeerASN, len(n.Advertised), len(n.Received))
	if n.Static {
		s = "Static tunnel with " + peer + ": no BGP session, its routes are static"
	}
	if n.Down != "" {
		s += "; down: " + n.Down
	}
	return s
}

// BGPPathRow is an advertised or received path: its network and AS path.
type BGPPathRow struct {
	Prefix string `json:"prefix"`
	ASPath string `json:"asPath"`
}

// P2SView is the routes a P2S pool's clients receive, per client OS, and
// the warnings that go with them.
type P2SView struct {
	Gateway  string        `json:"gateway"`
	Windows  []P2SRouteRow `json:"windows,omitempty"`
	Other    []P2SRouteRow `json:"other,omitempty"`
	Warnings []string      `json:"warnings,omitempty"`
}

// P2SRouteRow is one route a P2S client receives.
type P2SRouteRow struct {
	Prefix string `json:"prefix"`
	Why    string `json:"why"`
}

// speakerOf is the SpeakerView of r on snap.
func speakerOf(snap *store.Snapshot, r kinds.Ref) SpeakerView {
	v := SpeakerView{Ref: r}
	res := snap.Plane.BGP()
	if res == nil {
		return v
	}
	if r.Kind == kinds.P2S {
		if pr, ok := res.P2S(&snap.Doc.Topology, r.ID); ok {
			v.P2S = &P2SView{Gateway: r.ID, Windows: p2sRows(pr.Windows), Other: p2sRows(pr.Other), Warnings: plainAll(pr.Warnings)}
		}
		return v
	}
	if sp, ok := res.Speaker(r.ID); ok {
		v.BGP = bgpViewOf(res, sp)
	}
	return v
}

// bgpViewOf is sp's tables in res.
func bgpViewOf(res *bgp.Result, sp bgp.Speaker) *BGPView {
	state := fmt.Sprintf("%s, local AS %d", sp.Kind, sp.ASN)
	if sp.ASN == 0 { // a site without BGP has no AS
		state = string(sp.Kind)
	}
	if sp.Down {
		state += ", DOWN"
	}
	if !sp.BGP {
		state += ", no BGP (static routes only)"
	}
	v := &BGPView{ID: sp.ID, State: state, Down: sp.Down, NoBGP: !sp.BGP}
	for _, b := range res.RIB(sp.ID) {
		v.RIB = append(v.RIB, BGPBestRow{Prefix: b.Prefix.String(), NextHops: strings.Join(b.NextHops(), ", "),
			ASPath: b.ASPathString(), From: b.Neighbor, Why: Plain(string(b.Reason))})
	}
	neighbors := res.Neighbors(sp.ID)
	sessions := map[string]int{} // per peer
	for _, n := range neighbors {
		sessions[n.Peer]++
	}
	for _, n := range neighbors {
		nb := BGPNeighbor{Peer: n.Peer, PeerASN: n.PeerASN, Static: !n.Session.BGP, Advertised: pathRows(n.Advertised), Received: pathRows(n.Received)}
		if sessions[n.Peer] > 1 {
			nb.Via = n.Session.ID
		}
		if !n.Session.Up {
			nb.Down = Plain(n.Session.Why)
			if nb.Down == "" {
				nb.Down = "the session is down"
			}
		}
		v.Neighbors = append(v.Neighbors, nb)
	}
	return v
}

func pathRows(ps []bgp.Path) []BGPPathRow {
	var out []BGPPathRow
	for _, p := range ps {
		out = append(out, BGPPathRow{Prefix: p.Prefix.String(), ASPath: p.ASPathString()})
	}
	return out
}

func p2sRows(rs []bgp.P2SRoute) []P2SRouteRow {
	var out []P2SRouteRow
	for _, r := range rs {
		out = append(out, P2SRouteRow{Prefix: r.Prefix.String(), Why: Plain(r.Why)})
	}
	return out
}

func plainAll(ss []string) []string {
	var out []string
	for _, s := range ss {
		out = append(out, Plain(s))
	}
	return out
}

// SpeakerRef is the selection whose routing tables the Routes tab asks
// for: a gateway, a Route Server, an on-premises site (its router), a
// circuit (its edge) or a P2S pool, and a VM where Route Servers may peer
// with it as an NVA. Other resources never speak BGP.
func (w *Workspace) SpeakerRef() (kinds.Ref, bool) {
	r, ok := w.ShownRef()
	if !ok {
		return kinds.Ref{}, false
	}
	switch r.Kind {
	case kinds.Gateway, kinds.RouteServer, kinds.Site, kinds.Circuit, kinds.P2S:
		return r, true
	case kinds.VM:
		return r, len(w.Snap().Doc.Topology.RouteServers) > 0
	}
	return kinds.Ref{}, false
}

// SpeakerTables is the Routes tab's view of the selection's routing
// tables, and whether it is the design on screen's; ok is false when the
// selection has none to show (not a speaker, or not computed yet and no
// earlier answer for it).
func (w *Workspace) SpeakerTables() (v SpeakerView, current, ok bool) {
	r, asked := w.SpeakerRef()
	if !asked {
		return SpeakerView{}, true, false
	}
	res, current := w.derivedFor(DeriveRequest{Kind: DeriveSpeaker, Ref: r})
	if res.Speaker == nil || res.Speaker.Ref != r || (res.Speaker.BGP == nil && res.Speaker.P2S == nil) {
		return SpeakerView{Ref: r}, current, false
	}
	return *res.Speaker, current, true
}
