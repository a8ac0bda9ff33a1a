package ui

import (
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/workspace"
	"vnetplay/engine/reach"
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
	snap := s.ws.Snap()
	flow := s.ws.Flow()
	m := snap.Matrix(flow)
	portText, portErr, badPort := s.ws.PortDraft()
	if !badPort {
		portText = strconv.Itoa(flow.Port)
	}
	ports := flow.Protocol == "Tcp" || flow.Protocol == "Udp"
	protos := workspace.Protocols()
	question := app.Div().Class("reach-question").Body(
		app.Label().For("reach-protocol").Text("Protocol"),
		app.Select().ID("reach-protocol").OnChange(s.onValue(workspace.SetProtocol{})).Body(
			app.Range(protos).Slice(func(i int) app.UI {
				return app.Option().Value(protos[i]).Selected(protos[i] == flow.Protocol).Text(protocolName(protos[i]))
			})),
		app.Label().For("reach-port").Text("Port"),
		app.Input().Type("text").ID("reach-port").Class("mono port").Value(portText).Disabled(!ports).
			Attr("inputmode", "numeric").Aria("invalid", badPort).
			Title("Destination port (TCP and UDP)").OnChange(s.onValue(workspace.SetPort{})),
		app.If(badPort, func() app.UI {
			return app.Div().ID("reach-port-err").Class("field-error").Attr("role", "alert").Text(portErr)
		}),
	)
	title := app.H3().ID("reach-title").Text("Reachability (" + workspace.FlowTitle(flow) + ")")
	if len(m.Rows) == 0 {
		return app.Div().Body(title, question,
			app.P().Class("empty").Text("Add VMs or NVAs to subnets to see who can reach whom."))
	}
	cells := make(map[[2]string]reach.Cell, len(m.Cells))
	for _, c := range m.Cells {
		cells[[2]string{c.From, c.To}] = c
	}
	_, wFrom, wTo, picked := s.ws.Walk()
	header := []app.UI{app.Th().Scope("col").Class("corner").Text("from \\ to")}
	for _, c := range m.Cols {
		header = append(header, app.Th().Scope("col").Class("col-head").Title(c).Text(shortNIC(c)))
	}
	rows := make([]app.UI, 0, len(m.Rows))
	for _, r := range m.Rows {
		tds := []app.UI{app.Th().Scope("row").Title(r).Text(shortNIC(r))}
		for _, c := range m.Cols {
			cell, ok := cells[[2]string{r, c}]
			if !ok {
				tds = append(tds, app.Td().Class("cell-self").Text("·"))
				continue
			}
			v := verdictOf(cell.Disposition)
			cls := "cell " + v.class
			if picked && wFrom == r && wTo == c {
				cls += " cell-picked"
			}
			tds = append(tds, app.Td().Body(
				app.Button().Class(cls).DataSet("from", r).DataSet("to", c).DataSet("disposition", cell.Disposition.String()).
					Title(r+" → "+c+": "+v.words+" — "+workspace.Plain(cell.Reason)).
					Aria("label", r+" to "+c+": "+v.words).
					OnClick(s.on(workspace.PickWalk{From: r, To: c})).
					Text(v.symbol),
			))
		}
		rows = append(rows, app.Tr().Body(tds...))
	}
	return app.Div().Body(
		title,
		question,
		app.Div().Class("matrix-wrap").Body(
			app.Table().ID("matrix").Class("matrix").Body(
				app.Caption().Class("sr-only").Text("Reachability matrix: rows are sources, columns destinations"),
				app.THead().Body(app.Tr().Body(header...)),
				app.TBody().Body(rows...),
			),
		),
		renderLegend(),
		s.renderWalk(),
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
	)
}

func (s *Shell) renderWalk() app.UI {
	t, _, _, ok := s.ws.Walk()
	if !ok || t == nil {
		return nil
	}
	v := verdictOf(t.Disposition)
	parts := []app.UI{
		app.Div().Class("walk-head").Body(
			app.H3().Text("Packet walk"),
			app.Button().ID("walk-clear").Class("btn btn-small").Title("Take the walk off the canvas").Text("Close").
				OnClick(s.on(workspace.ClearWalk{})),
		),
		app.P().Class("walk-flow mono").Text(t.Flow.String()),
		app.P().Class("walk-result "+v.class).Body(
			app.Strong().Text(v.symbol+" "+capitalise(v.words)), app.Text(": "+workspace.Plain(t.Reason))),
		renderHops(t.Hops),
	}
	if t.Return != nil {
		rv := verdictOf(t.Return.Disposition)
		parts = append(parts,
			app.H3().Text("Reply"),
			app.P().Class("walk-result "+rv.class).Body(
				app.Strong().Text(rv.symbol+" "+capitalise(rv.words)), app.Text(": "+workspace.Plain(t.Return.Reason))),
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
