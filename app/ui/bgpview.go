package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/workspace"
	"vnetplay/engine/bgp" // rule:p2s.on-link-routes
)

// renderBGP shows a speaker's Loc-RIB and, per neighbor, what it advertises
// and receives (the spirit of `show ip bgp neighbors … advertised-routes`).
func (s *Shell) renderBGP(v *workspace.BGPView) app.UI {
	shown, cut := s.cutRows("bgp-rib:"+v.ID, len(v.RIB), "best paths")
	rib := v.RIB[:shown]
	parts := []app.UI{
		app.H3().ID("bgp-title").Text("BGP of " + v.ID),
		app.P().Class("hint").Text(v.State),
	}
	if none := v.NoBestPaths(); none != "" {
		parts = append(parts, app.P().ID("bgp-rib-none").Class("empty").Text(none))
	} else {
		parts = append(parts, app.Div().Class("table-wrap").Body(ribTable(v.ID, rib)), cut)
	}
	for _, n := range v.Neighbors {
		if n.Static { // no session: nothing advertised or received to list
			parts = append(parts, app.P().Class("neighbor hint").Text(n.Summary()))
			continue
		}
		parts = append(parts, app.Details().Class("neighbor").Body(
			app.Summary().Text(n.Summary()),
			s.pathTable("bgp-adv:"+v.ID+">"+n.Peer, "Advertised to "+n.Peer, n.Advertised),
			s.pathTable("bgp-rcv:"+v.ID+"<"+n.Peer, "Received from "+n.Peer, n.Received),
		))
	}
	return app.Div().ID("bgp").Class("tool").Body(parts...)
}

// pathTable is a neighbor's advertised or received paths, cut at
// workspace.RowCap (table names it).
func (s *Shell) pathTable(table, title string, all []workspace.BGPPathRow) app.UI {
	shown, cut := s.cutRows(table, len(all), "paths")
	ps := all[:shown]
	t := newRawTable("", "data bgp-paths", title, "", "Network", "AS path")
	for _, p := range ps {
		t.row("", "", monoCell(p.Prefix), monoCell(p.ASPath))
	}
	return app.Div().Body(t.UI(), cut)
}

// ribTable is a speaker's best paths (its Loc-RIB, rows as the panel
// shows them), each with why it won as its tooltip.
func ribTable(id string, rib []workspace.BGPBestRow) app.UI {
	t := newRawTable("bgp-rib", "data", "Best paths (Loc-RIB) of "+id, "sr-only", "Network", "Next hop", "AS path", "From")
	for _, b := range rib {
		t.row("", b.Why, monoCell(b.Prefix), rawCell{class: "mono hops", text: b.NextHops}, rawCell{class: "mono aspath", text: b.ASPath}, rawCell{class: "from", text: b.From})
	}
	return t.UI()
}

// renderP2S shows the routes a P2S client of the gateway receives.
func (s *Shell) renderP2S(v *workspace.P2SView) app.UI {
	winShown, winCut := s.cutRows("p2s-windows:"+v.Gateway, len(v.Windows), "routes")
	otherShown, otherCut := s.cutRows("p2s-other:"+v.Gateway, len(v.Other), "routes")
	table := func(id, caption string, rs []workspace.P2SRouteRow) app.UI {
		t := newRawTable(id, "data", caption, "", "Prefix", "Next hop", "Why")
		for _, r := range rs {
			t.row("", "", monoCell(r.Prefix), plainCell(bgp.OnLink), plainCell(r.Why))
		}
		return t.UI()
	}
	return app.Div().ID("p2s").Class("tool").Body(
		app.H3().Text("Routes of P2S clients of "+v.Gateway),
		table("p2s-windows", "Windows clients", v.Windows[:winShown]),
		winCut,
		table("p2s-other", "Other clients", v.Other[:otherShown]),
		otherCut,
		app.Ul().Class("notes").Body(app.Range(v.Warnings).Slice(func(i int) app.UI { return app.Li().Text(v.Warnings[i]) })),
	)
}

// renderSpeakerPanels adds the BGP or P2S view of the selection, if it has
// one (nil otherwise).
func (s *Shell) renderSpeakerPanels() app.UI {
	v, _, ok := s.ws.SpeakerTables()
	switch {
	case !ok:
		return nil
	case v.P2S != nil:
		return s.renderP2S(v.P2S)
	default:
		return s.renderBGP(v.BGP)
	}
}
