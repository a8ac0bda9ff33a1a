package ui

import (
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/canvas"
	"vnetplay/app/store"
	"vnetplay/engine/model"
	"vnetplay/engine/route"
)

func (s *Shell) renderPanel() app.UI {
	var body app.UI
	switch s.tab {
	case TabRoutes:
		body = s.renderRoutes()
	case TabReach:
		body = s.renderReach()
	case TabChecks:
		body = s.renderChecks()
	case TabWhatIf:
		body = s.renderWhatIf()
	default:
		body = s.renderInspector()
	}
	return app.Aside().Class("panel").Aria("label", "Results").Body(
		app.Nav().Class("tabs").Attr("role", "tablist").Body(
			app.Range(panelTabs).Slice(func(i int) app.UI {
				t := panelTabs[i]
				label := t.label
				if t.id == TabChecks {
					snap := s.snap()
					if n := severityCount(snap.Diagnostics, model.Error) + severityCount(snap.Diagnostics, model.Warning); n > 0 {
						label += " (" + strconv.Itoa(n) + ")"
					}
				}
				return app.Button().
					ID("tab-"+t.id).
					Class("tab").
					Attr("role", "tab").
					Aria("selected", t.id == s.tab).
					Aria("controls", "tabpanel").
					Text(label).
					OnClick(func(ctx app.Context, e app.Event) { s.tab = t.id })
			}),
		),
		app.Div().ID("tabpanel").Class("tabpanel").Attr("role", "tabpanel").
			Aria("labelledby", "tab-"+s.tab).Body(body),
	)
}

// routesSubnet is the subnet whose routes the Routes tab shows: the
// selected subnet, or the subnet of the selected VM's first NIC.
func (s *Shell) routesSubnet() string {
	snap := s.snap()
	r, ok := snap.RefForKey(s.selected)
	if !ok {
		return ""
	}
	switch r.Kind {
	case canvas.KindSubnet:
		return r.ID
	case canvas.KindVM:
		for _, vm := range snap.Doc.Topology.VMs {
			if vm.ID == r.ID && len(vm.NICs) > 0 {
				return vm.NICs[0].Subnet
			}
		}
	}
	return ""
}

func (s *Shell) renderRoutes() app.UI {
	subnet := s.routesSubnet()
	if subnet == "" {
		if sp := s.renderSpeakerPanels(); sp != nil {
			return app.Div().Body(sp, s.renderNextHop())
		}
		return app.Div().Body(
			app.P().Class("empty").Text("Select a subnet (or a VM) for its effective routes; a gateway, Route Server, NVA, site or circuit for its BGP tables; a P2S pool for its clients' routes."),
			s.renderNextHop(),
		)
	}
	tbl, ok := s.snap().Plane.Routes(subnet)
	if !ok {
		return app.P().Class("empty").Text(subnet + " has no routes: its address prefix is not valid (see Diagnostics).")
	}
	rows := tbl.Routes()
	return app.Div().Body(
		app.H3().ID("routes-title").Text("Effective routes of "+subnet),
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
		app.P().Class("hint").Text("Under each route: where it comes from and why it is Active or Invalid."),
		s.renderSpeakerPanels(),
		s.renderNextHop(),
	)
}

func (s *Shell) renderDiagnostics() app.UI {
	ds := s.snap().Diagnostics
	if len(ds) == 0 {
		return app.P().Class("empty").ID("no-diagnostics").Text("No problems found in this design.")
	}
	return app.Ul().ID("diagnostics").Class("diagnostics").Body(app.Range(ds).Slice(func(i int) app.UI {
		d := ds[i]
		return app.Li().Class("diag diag-" + d.Severity.String()).Body(
			app.Button().Class("diag-button").Title("Select "+d.Path).OnClick(func(ctx app.Context, e app.Event) {
				if r, ok := store.RefForPath(d.Path); ok {
					s.selectKey(s.snap().SelectionKey(r))
					s.tab = TabInspect
				}
			}).Body(
				app.Span().Class("diag-severity").Text(d.Severity.String()),
				app.Span().Class("diag-msg").Text(d.Msg),
				app.Span().Class("diag-path mono").Text(d.Code+" · "+d.Path),
			),
		)
	}))
}

// severityCount counts diagnostics of one severity.
func severityCount(ds []model.Diagnostic, sev model.Severity) int {
	n := 0
	for _, d := range ds {
		if d.Severity == sev {
			n++
		}
	}
	return n
}

// routeRows renders each effective route as Azure's five columns, then a
// full-width line saying where it comes from and why it won or lost.
func routeRows(rows []route.Effective) []app.UI {
	out := make([]app.UI, 0, 2*len(rows))
	for _, r := range rows {
		ip := ""
		if r.NextHopIP.IsValid() {
			ip = r.NextHopIP.String()
		}
		cls := "state-" + strings.ToLower(r.State.String())
		out = append(out,
			app.Tr().Class("route "+cls).Body(
				app.Td().Text(r.Source.String()),
				app.Td().Text(r.State.String()),
				app.Td().Class("mono").Text(r.Prefix.String()),
				app.Td().Text(r.NextHop.String()),
				app.Td().Class("mono").Text(ip),
			),
			app.Tr().Class("why "+cls).Body(
				app.Td().ColSpan(5).Text(r.Origin.String()+" · "+r.Reason.String()),
			))
	}
	return out
}
