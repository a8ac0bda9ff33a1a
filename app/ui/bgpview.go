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
		app.Table().ID("bgp-rib").Class("data").Body(
			app.Caption().Class("sr-only").Text("Best paths (Loc-RIB) of "+v.ID),
			app.THead().Body(app.Tr().Body(app.Th().Scope("col").Text("Network"), app.Th().Scope("col").Text("Next hop"),
				app.Th().Scope("col").Text("AS path"), app.Th().Scope("col").Text("From"))),
			app.TBody().Body(app.Range(rib).Slice(func(i int) app.UI {
				b := rib[i]
				return app.Tr().Title(b.Why).Body(
					app.Td().Class("mono").Text(b.Prefix), app.Td().Class("mono").Text(b.NextHops),
					app.Td().Class("mono").Text(b.ASPath), app.Td().Text(b.From))
			})),
		),
		cut,
	}
	for _, n := range v.Neighbors {
		parts = append(parts, app.Details().Class("neighbor").Body(
			app.Summary().Textf("Neighbor %s (AS %d): %d advertised, %d received", n.Peer, n.PeerASN, len(n.Advertised), len(n.Received)),
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
	return app.Div().Body(app.Table().Class("data bgp-paths").Body(
		app.Caption().Text(title),
		app.THead().Body(app.Tr().Body(app.Th().Scope("col").Text("Network"), app.Th().Scope("col").Text("AS path"))),
		app.TBody().Body(app.Range(ps).Slice(func(i int) app.UI {
			p := ps[i]
			return app.Tr().Body(app.Td().Class("mono").Text(p.Prefix), app.Td().Class("mono").Text(p.ASPath))
		})),
	), cut)
}

// renderP2S shows the routes a P2S client of the gateway receives.
func (s *Shell) renderP2S(v *workspace.P2SView) app.UI {
	winShown, winCut := s.cutRows("p2s-windows:"+v.Gateway, len(v.Windows), "routes")
	otherShown, otherCut := s.cutRows("p2s-other:"+v.Gateway, len(v.Other), "routes")
	rows := func(rs []workspace.P2SRouteRow) app.UI {
		return app.TBody().Body(app.Range(rs).Slice(func(i int) app.UI {
			return app.Tr().Body(app.Td().Class("mono").Text(rs[i].Prefix), app.Td().Text(bgp.OnLink), app.Td().Text(rs[i].Why))
		}))
	}
	// A new head per table: one element cannot be mounted twice.
	head := func() app.UI {
		return app.THead().Body(app.Tr().Body(app.Th().Scope("col").Text("Prefix"), app.Th().Scope("col").Text("Next hop"), app.Th().Scope("col").Text("Why")))
	}
	return app.Div().ID("p2s").Class("tool").Body(
		app.H3().Text("Routes of P2S clients of "+v.Gateway),
		app.Table().ID("p2s-windows").Class("data").Body(app.Caption().Text("Windows clients"), head(), rows(v.Windows[:winShown])),
		winCut,
		app.Table().ID("p2s-other").Class("data").Body(app.Caption().Text("Other clients"), head(), rows(v.Other[:otherShown])),
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
