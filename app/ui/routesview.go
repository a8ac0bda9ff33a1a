package ui

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/workspace"
)

func (s *Shell) renderRoutes() app.UI {
	subnet := s.ws.RoutesSubnet()
	if subnet == "" {
		if sp := s.renderSpeakerPanels(); sp != nil {
			return app.Div().Body(sp, s.renderNextHop(), s.renderIPFlow(), s.renderResolve())
		}
		if v, current, _ := s.ws.SpeakerTables(); !current && v.Ref.ID != "" {
			return app.Div().Body(
				app.P().Class("empty computing").Text("Computing the routing tables of "+v.Ref.ID+"…"),
				s.renderNextHop(), s.renderIPFlow(), s.renderResolve())
		}
		return app.Div().Body(
			app.P().Class("empty").Text("Select a subnet (or a VM) for its effective routes; a gateway, Route Server, NVA, site or circuit for its BGP tables; a P2S pool for its clients' routes."),
			s.renderNextHop(),
			s.renderIPFlow(),
			s.renderResolve(),
		)
	}
	v, current := s.ws.EffectiveRoutes(subnet)
	if !v.Found && !current {
		return app.P().Class("empty computing").Text("Computing the effective routes of " + subnet + "…")
	}
	if !v.Found {
		return app.P().Class("empty").Text(subnet + " has no routes: its address prefix is not valid (see Checks).")
	}
	shown, cut := s.cutRows("routes:"+subnet, len(v.Rows), "routes")
	rows := v.Rows[:shown]
	return app.Div().Body(
		app.H3().ID("routes-title").Text("Effective routes of "+subnet),
		app.Div().Class("table-wrap").Body(
			routesTable(subnet, rows),
		),
		cut,
		app.P().Class("hint").Text("Under each route: where it comes from and why it is Active or Invalid."),
		s.renderSpeakerPanels(),
		s.renderNextHop(),
		s.renderIPFlow(),
		s.renderResolve(),
	)
}

// routesTable renders each effective route as Azure's five columns, then
// a full-width line saying where it comes from and why it won or lost.
func routesTable(subnet string, rows []workspace.RouteRow) app.UI {
	t := newRawTable("routes", "data routes", "Effective routes of "+subnet+", as Azure shows them", "sr-only",
		"Source", "State", "Address prefix", "Next hop type", "Next hop IP")
	for _, r := range rows {
		cls := "state-" + strings.ToLower(r.State)
		t.row("route "+cls, "", wordCell(r.Source), plainCell(r.State), monoCell(r.Prefix), wordCell(r.NextHop), monoCell(r.NextHopIP))
		t.row("why "+cls, "", rawCell{text: r.Why, span: 5})
	}
	return t.UI()
}
