package ui

import (
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/workspace"
	"vnetplay/engine/trace"
)

func shortNIC(id string) string { return strings.TrimSuffix(id, "/nic0") }

// protocolNames are the protocols as the Reach panel writes them.
func protocolName(p string) string {
	switch p {
	case "Any":
		return "Any"
	}
	return strings.ToUpper(p)
}

func (s *Shell) renderReach() app.UI {
	flow := s.ws.Flow()
	portText, portErr, badPort := s.ws.PortDraft()
	if !badPort {
		portText = strconv.Itoa(flow.Port)
	}
	ports := workspace.HasPorts(flow.Protocol)
	if !ports {
		portText = "" // ICMP and any protocol: no port asked
	}
	protos := workspace.Protocols()
	question := app.Div().Class("reach-question").Body(
		app.Label().For("reach-protocol").Text("Protocol"),
		app.Select().ID("reach-protocol").OnChange(s.onValue(workspace.SetProtocol{})).Body(
			app.Range(protos).Slice(func(i int) app.UI {
				return app.Option().Value(protos[i]).Selected(protos[i] == flow.Protocol).Text(protocolName(protos[i]))
			})),
		app.Label().For("reach-port").Text("Port"),
		textInput("reach-port", portText).Class("mono port").Disabled(!ports).
			Attr("inputmode", "numeric").Aria("invalid", badPort).
			Title("Destination port (TCP and UDP)").OnChange(s.onValue(workspace.SetPort{})),
		app.If(badPort, func() app.UI {
			return app.Div().ID("reach-port-err").Class("field-error").Attr("role", "alert").Text(portErr)
		}),
	)
	title := app.H3().ID("reach-title").Text("Reachability (" + workspace.FlowTitle(flow) + ")")
	v, current := s.ws.MatrixView()
	switch {
	case v.Endpoints == 0 && !current:
		return app.Div().Body(title, question,
			app.P().ID("matrix-computing").Class("empty computing").Text("Computing who can reach whom…"))
	case v.Endpoints == 0:
		return app.Div().Body(title, question,
			app.P().Class("empty").Text("Add VMs or NVAs to subnets to see who can reach whom."))
	}
	return app.Div().Body(
		title,
		question,
		s.renderMatrixNav(v),
		app.Div().Class("matrix-wrap").OnClick(s.onEvent("matrix-cell", matrixCellAction)).Body(matrixTable(v)),
		renderLegend(),
		s.renderWalk(),
	)
}

func matrixClass(v workspace.MatrixView) string {
	if v.Grouped {
		return "matrix matrix-groups"
	}
	return "matrix"
}

func matrixCaption(v workspace.MatrixView) string {
	switch {
	case v.Grouped:
		return "Reachability by group: rows are sources, columns destinations; each cell counts the endpoint pairs that get through"
	case v.From != "":
		return "Reachability from the endpoints of " + v.FromLabel + " to those of " + v.ToLabel
	}
	return "Reachability matrix: rows are sources, columns destinations"
}

// renderMatrixNav says how a big design's matrix is shown, with the pages
// of groups or the way back from a drill-down.
func (s *Shell) renderMatrixNav(v workspace.MatrixView) app.UI {
	switch {
	case v.From != "":
		return app.Div().Class("matrix-nav").Body(
			app.Button().ID("matrix-back").Class("btn btn-small").Text("← All groups").
				OnClick(s.on(workspace.DrillMatrix{})),
			app.Span().ID("matrix-drill").Text(" Endpoints of "+v.FromLabel+" → "+v.ToLabel+": click a cell for its packet walk"),
		)
	case v.Grouped:
		return app.Div().Class("matrix-nav").Body(
			app.P().ID("matrix-grouped").Class("hint").Text(itoa(v.Endpoints)+" endpoints, shown by virtual network (and by site, P2S pool, or a VNet's private endpoints): each cell counts the pairs that get through. Click a cell for its endpoints."),
			s.pager("rows", "Sources", v.RowPage, true),
			s.pager("cols", "Destinations", v.ColPage, false),
		)
	}
	return nil
}

// pager moves through the pages of groups, when there are several.
func (s *Shell) pager(id, what string, p workspace.MatrixPage, rows bool) app.UI {
	if p.Total <= p.Size {
		return nil
	}
	n := p.Start / workspace.GroupPage
	return app.Div().ID("matrix-pager-"+id).Class("matrix-pager").Body(
		app.Button().Class("btn btn-small").ID("matrix-"+id+"-prev").Disabled(p.Start == 0).Aria("label", what+": previous page").Text("‹").
			OnClick(s.on(workspace.MatrixPageTo{Rows: rows, Page: n - 1})),
		app.Span().Text(" "+what+" "+itoa(p.Start+1)+"–"+itoa(p.Start+p.Size)+" of "+itoa(p.Total)+" "),
		app.Button().Class("btn btn-small").ID("matrix-"+id+"-next").Disabled(p.Start+p.Size >= p.Total).Aria("label", what+": next page").Text("›").
			OnClick(s.on(workspace.MatrixPageTo{Rows: rows, Page: n + 1})),
	)
}

// renderLegend lists every outcome the engine can give, with its symbol and
// colour: successes first.
func renderLegend() app.UI {
	var ok, drop []app.UI
	for _, d := range allDispositions() {
		v := verdictOf(d)
		item := app.Li().DataSet("disposition", d.String()).Body(
			app.Span().Class("swatch "+v.class).Text(v.symbol), app.Text(" "+v.words))
		if d.Success() {
			ok = append(ok, item)
		} else {
			drop = append(drop, item)
		}
	}
	return app.Details().ID("reach-legend").Class("legend").Body(
		app.Summary().Text("Legend: green delivers, blue leaves Azure as asked, red is dropped; click a cell for its packet walk"),
		app.Ul().Class("legend-list").Body(ok...),
		app.Ul().Class("legend-list").Body(drop...),
		app.P().Class("hint").Text("Columns in italics are private endpoints: they receive, never start, a flow, so they have no row."),
	)
}

func (s *Shell) renderWalk() app.UI {
	t, from, to, ok := s.ws.Walk()
	if !ok {
		return nil
	}
	if t == nil { // the engine's worker computes it
		return app.Div().ID("walk-computing").Class("walk").Body(
			app.P().Class("empty computing").Text("Computing the packet walk from " + from + " to " + to + "…"))
	}
	v := verdictOf(t.Disposition)
	parts := []app.UI{
		app.Div().Class("walk-head").Body(
			app.H3().Text("Packet walk"),
			s.simPlayButton(from, to),
			app.Button().ID("walk-clear").Class("btn btn-small").Title("Take the walk off the canvas").Text("Close").
				OnClick(s.on(workspace.ClearWalk{})),
		),
		app.P().Class("walk-flow mono").Text(t.Flow.String()),
		app.P().Class("walk-result "+v.class).Body(
			app.Strong().Text(v.symbol+" "+capitalise(v.before(workspace.Plain(t.Reason)))), app.Text(": "+workspace.Plain(t.Reason))),
		renderHops(t.Hops),
	}
	if t.Return != nil {
		rv := verdictOf(t.Return.Disposition)
		parts = append(parts,
			app.H3().Text("Reply"),
			app.P().Class("walk-result "+rv.class).Body(
				app.Strong().Text(rv.symbol+" "+capitalise(rv.before(workspace.Plain(t.Return.Reason)))), app.Text(": "+workspace.Plain(t.Return.Reason))),
			renderHops(t.Return.Hops))
	}
	return app.Div().ID("walk").Class("walk").Body(parts...)
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func renderHops(hops []trace.Hop) app.UI {
	return app.Ol().Class("hops").Body(app.Range(hops).Slice(func(i int) app.UI {
		h := hops[i]
		return app.Li().Body(
			app.Div().Class("hop-node mono").Text(h.Node),
			app.Ul().Body(app.Range(h.Steps).Slice(func(j int) app.UI {
				st := h.Steps[j]
				return app.Li().Class("step step-"+strings.ToLower(st.Kind.String())).Body(
					app.Span().Class("step-kind").Text(st.Kind.String()),
					app.Span().Text(" "+workspace.Plain(st.Detail)),
				)
			})),
		)
	}))
}
