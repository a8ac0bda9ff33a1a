package ui

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/kinds"
	"vnetplay/app/workspace"
	"vnetplay/engine/model"
	"vnetplay/engine/route"
)

// routesSubnet is the subnet whose routes the Routes tab shows: the
// selected subnet, or the subnet of the selected VM's first NIC.
func (s *Shell) routesSubnet() string {
	r, ok := s.ws.SelectedRef()
	if !ok {
		return ""
	}
	switch r.Kind {
	case kinds.Subnet:
		return r.ID
	case kinds.VM:
		if v, err := kinds.Locate(&s.ws.Snap().Doc.Topology, r); err == nil && len(v.(*model.VM).NICs) > 0 {
			return v.(*model.VM).NICs[0].Subnet
		}
	}
	return ""
}

func (s *Shell) renderRoutes() app.UI {
	subnet := s.routesSubnet()
	if subnet == "" {
		if sp := s.renderSpeakerPanels(); sp != nil {
			return app.Div().Body(sp, s.renderNextHop(), s.renderIPFlow(), s.renderResolve())
		}
		return app.Div().Body(
			app.P().Class("empty").Text("Select a subnet (or a VM) for its effective routes; a gateway, Route Server, NVA, site or circuit for its BGP tables; a P2S pool for its clients' routes."),
			s.renderNextHop(),
			s.renderIPFlow(),
			s.renderResolve(),
		)
	}
	tbl, ok := s.ws.Snap().Plane.Routes(subnet)
	if !ok && s.ws.Updating() {
		return app.P().Class("empty").Text("Computing the effective routes of " + subnet + "…")
	}
	if !ok {
		return app.P().Class("empty").Text(subnet + " has no routes: its address prefix is not valid (see Checks).")
	}
	rows := tbl.Routes()
	return app.Div().Body(
		app.H3().ID("routes-title").Text("Effective routes of "+subnet),
		app.Div().Class("table-wrap").Body(
			app.Table().ID("routes").Class("data routes").Body(
				app.Caption().Class("sr-only").Text("Effective routes of "+subnet+", as Azure shows them"),
				app.THead().Body(app.Tr().Body(
					app.Th().Scope("col").Text("Source"),
					app.Th().Scope("col").Text("State"),
					app.Th().Scope("col").Text("Address prefix"),
					app.Th().Scope("col").Text("Next hop type"),
					app.Th().Scope("col").Text("Next hop IP"),
				)),
				app.TBody().Body(routeRows(rows)...),
			),
		),
		app.P().Class("hint").Text("Under each route: where it comes from and why it is Active or Invalid."),
		s.renderSpeakerPanels(),
		s.renderNextHop(),
		s.renderIPFlow(),
		s.renderResolve(),
	)
}

// routeRows renders each effective route as Azure's five columns, then a
// full-width line saying where it comes from and why it won or lost.
func routeRows(rows []route.Effective) []app.UI {
	out := make([]app.UI, 0, 2*len(rows))
	for _, r := range rows {
		why := r.Origin.String() + " · " + r.Reason.String()
		if note := r.ECMPNote(); note != "" {
			why += "; " + note
		}
		cls := "state-" + strings.ToLower(r.State.String())
		out = append(out,
			app.Tr().Class("route "+cls).Body(
				app.Td().Text(r.Source.String()),
				app.Td().Text(r.State.String()),
				app.Td().Class("mono").Text(r.Prefix.String()),
				app.Td().Text(r.NextHop.String()),
				app.Td().Class("mono").Text(r.NextHopIPText()), // all of an ECMP route's next hops (rule:route-server.as-path-and-ecmp)
			),
			app.Tr().Class("why "+cls).Body(
				app.Td().ColSpan(5).Text(workspace.Plain(why)),
			))
	}
	return out
}
