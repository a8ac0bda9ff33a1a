package ui

import (
	"fmt"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/kinds"
	"vnetplay/app/store"
	"vnetplay/app/workspace"
	"vnetplay/engine/bgp"
)

// speakerFor is the BGP speaker id of the selected resource, if it speaks
// BGP: a gateway, a Route Server, an NVA peering with one, a site's router
// or a circuit's edge.
func (s *Shell) speakerFor(r store.Ref) (string, bool) {
	res := s.ws.Snap().Plane.BGP()
	if res == nil {
		return "", false
	}
	for _, sp := range res.Speakers() {
		if sp.ID == r.ID {
			return sp.ID, true
		}
	}
	return "", false
}

// renderBGP shows a speaker's Loc-RIB and, per neighbor, what it advertises
// and receives (the spirit of `show ip bgp neighbors … advertised-routes`).
func (s *Shell) renderBGP(id string) app.UI {
	res := s.ws.Snap().Plane.BGP()
	sp, ok := res.Speaker(id)
	if !ok {
		return nil
	}
	state := fmt.Sprintf("%s, local AS %d", sp.Kind, sp.ASN)
	if sp.Down {
		state += ", DOWN"
	}
	if !sp.BGP {
		state += ", no BGP (static routes only)"
	}
	rib := res.RIB(id)
	parts := []app.UI{
		app.H3().ID("bgp-title").Text("BGP of " + id),
		app.P().Class("hint").Text(state),
		app.Table().ID("bgp-rib").Class("data").Body(
			app.Caption().Class("sr-only").Text("Best paths (Loc-RIB) of "+id),
			app.THead().Body(app.Tr().Body(app.Th().Scope("col").Text("Network"), app.Th().Scope("col").Text("Next hop"),
				app.Th().Scope("col").Text("AS path"), app.Th().Scope("col").Text("From"))),
			app.TBody().Body(app.Range(rib).Slice(func(i int) app.UI {
				b := rib[i]
				return app.Tr().Title(workspace.Plain(string(b.Reason))).Body(
					app.Td().Class("mono").Text(b.Prefix.String()), app.Td().Class("mono").Text(strings.Join(b.NextHops(), ", ")), // ECMP: every next hop (rule:route-server.as-path-and-ecmp)
					app.Td().Class("mono").Text(b.ASPathString()), app.Td().Text(b.Neighbor))
			})),
		),
	}
	for _, n := range res.Neighbors(id) {
		parts = append(parts, app.Details().Class("neighbor").Body(
			app.Summary().Textf("Neighbor %s (AS %d): %d advertised, %d received", n.Peer, n.PeerASN, len(n.Advertised), len(n.Received)),
			pathTable("Advertised to "+n.Peer, n.Advertised),
			pathTable("Received from "+n.Peer, n.Received),
		))
	}
	return app.Div().ID("bgp").Class("tool").Body(parts...)
}

func pathTable(title string, ps []bgp.Path) app.UI {
	return app.Table().Class("data bgp-paths").Body(
		app.Caption().Text(title),
		app.THead().Body(app.Tr().Body(app.Th().Scope("col").Text("Network"), app.Th().Scope("col").Text("AS path"))),
		app.TBody().Body(app.Range(ps).Slice(func(i int) app.UI {
			p := ps[i]
			return app.Tr().Body(app.Td().Class("mono").Text(p.Prefix.String()), app.Td().Class("mono").Text(p.ASPathString()))
		})),
	)
}

// renderP2S shows the routes a P2S client of the gateway receives.
func (s *Shell) renderP2S(gateway string) app.UI {
	snap := s.ws.Snap()
	res := snap.Plane.BGP()
	if res == nil {
		return nil
	}
	pr, ok := res.P2S(&snap.Doc.Topology, gateway)
	if !ok {
		return nil
	}
	rows := func(rs []bgp.P2SRoute) app.UI {
		return app.TBody().Body(app.Range(rs).Slice(func(i int) app.UI {
			return app.Tr().Body(app.Td().Class("mono").Text(rs[i].Prefix.String()), app.Td().Text(bgp.OnLink), app.Td().Text(workspace.Plain(rs[i].Why)))
		}))
	}
	// A new head per table: one element cannot be mounted twice.
	head := func() app.UI {
		return app.THead().Body(app.Tr().Body(app.Th().Scope("col").Text("Prefix"), app.Th().Scope("col").Text("Next hop"), app.Th().Scope("col").Text("Why")))
	}
	return app.Div().ID("p2s").Class("tool").Body(
		app.H3().Text("Routes of P2S clients of "+gateway),
		app.Table().ID("p2s-windows").Class("data").Body(app.Caption().Text("Windows clients"), head(), rows(pr.Windows)),
		app.Table().ID("p2s-other").Class("data").Body(app.Caption().Text("Other clients"), head(), rows(pr.Other)),
		app.Ul().Class("notes").Body(app.Range(pr.Warnings).Slice(func(i int) app.UI { return app.Li().Text(workspace.Plain(pr.Warnings[i])) })),
	)
}

// renderSpeakerPanels adds the BGP and P2S views for the selection.
func (s *Shell) renderSpeakerPanels() app.UI {
	r, ok := s.ws.SelectedRef()
	if !ok {
		return nil
	}
	if r.Kind == kinds.P2S {
		return s.renderP2S(r.ID)
	}
	if id, ok := s.speakerFor(r); ok {
		return s.renderBGP(id)
	}
	return nil
}
