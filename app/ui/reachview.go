package ui

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/canvas"
	"vnetplay/engine/dataplane"
	"vnetplay/engine/reach"
	"vnetplay/engine/trace"
)

// walkState is the packet walk picked in the matrix, drawn on the canvas.
type walkState struct {
	from, to string
	plane    *dataplane.Plane // the data plane it was walked on; on another one it is dropped
	t        *trace.Trace
}

// cellClass colours a matrix cell by disposition.
func cellClass(d trace.Disposition) string {
	switch {
	case d == trace.Delivered:
		return "cell-ok"
	case d == trace.ExitsToInternet || d == trace.ExitsToAzureService:
		return "cell-exit"
	}
	return "cell-drop"
}

func shortNIC(id string) string { return strings.TrimSuffix(id, "/nic0") }

func (s *Shell) currentWalk() *trace.Trace {
	if s.walk.t == nil || s.walk.plane != s.snap().Plane {
		return nil
	}
	return s.walk.t
}

func (s *Shell) pickWalk(from, to string) {
	snap := s.snap()
	s.walk = walkState{from: from, to: to, plane: snap.Plane, t: reach.Explain(snap.Plane, trace.Flow{}, from, to)}
}

func (s *Shell) renderReach() app.UI {
	snap := s.snap()
	m := snap.Matrix()
	if len(m.Rows) == 0 {
		return app.P().Class("empty").Text("Add VMs or NVAs to subnets to see who can reach whom.")
	}
	cells := map[[2]string]reach.Cell{}
	for _, c := range m.Cells {
		cells[[2]string{c.From, c.To}] = c
	}
	walk := s.currentWalk()
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
			cls := "cell " + cellClass(cell.Disposition)
			if walk != nil && s.walk.from == r && s.walk.to == c {
				cls += " cell-picked"
			}
			from, to := r, c
			tds = append(tds, app.Td().Body(
				app.Button().Class(cls).DataSet("from", r).DataSet("to", c).
					Title(r+" → "+c+": "+cell.Disposition.String()+" — "+cell.Reason).
					Aria("label", r+" to "+c+": "+cell.Disposition.String()).
					OnClick(func(ctx app.Context, e app.Event) { s.pickWalk(from, to) }).
					Text(dispositionMark(cell.Disposition)),
			))
		}
		rows = append(rows, app.Tr().Body(tds...))
	}
	return app.Div().Body(
		app.H3().Text("Reachability (TCP 443)"),
		app.Div().Class("matrix-wrap").Body(
			app.Table().ID("matrix").Class("matrix").Body(
				app.Caption().Class("sr-only").Text("Reachability matrix: rows are sources, columns destinations"),
				app.THead().Body(app.Tr().Body(header...)),
				app.TBody().Body(rows...),
			),
		),
		app.P().Class("legend").Body(
			app.Span().Class("swatch cell-ok").Text("✓"), app.Text(" delivered "),
			app.Span().Class("swatch cell-exit").Text("↗"), app.Text(" leaves Azure "),
			app.Span().Class("swatch cell-drop").Text("✕"), app.Text(" dropped — click a cell for its packet walk"),
		),
		app.If(walk != nil, func() app.UI { return renderWalk(walk) }),
	)
}

func dispositionMark(d trace.Disposition) string {
	switch cellClass(d) {
	case "cell-ok":
		return "✓"
	case "cell-exit":
		return "↗"
	}
	return "✕"
}

func renderWalk(t *trace.Trace) app.UI {
	parts := []app.UI{
		app.H3().Text("Packet walk"),
		app.P().Class("walk-flow mono").Text(t.Flow.String()),
		app.P().Class("walk-result "+cellClass(t.Disposition)).Body(
			app.Strong().Text(t.Disposition.String()), app.Text(": "+t.Reason)),
		renderHops(t.Hops),
	}
	if t.Return != nil {
		parts = append(parts,
			app.H3().Text("Reply"),
			app.P().Class("walk-result "+cellClass(t.Return.Disposition)).Body(
				app.Strong().Text(t.Return.Disposition.String()), app.Text(": "+t.Return.Reason)),
			renderHops(t.Return.Hops))
	}
	return app.Div().ID("walk").Class("walk").Body(parts...)
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
					app.Span().Text(" "+st.Detail),
				)
			})),
		)
	}))
}

// walkOverlay draws the forward path of the picked walk over the canvas:
// a polyline through the centres of the hops' chips.
func (s *Shell) walkOverlay() app.UI {
	t := s.currentWalk()
	if t == nil {
		return nil
	}
	sc := s.snap().Scene
	var pts []string
	for _, h := range t.Hops {
		if n, ok := sc.NICNode(h.Node); ok {
			c := n.Box.Center()
			pts = append(pts, canvas.Num(c.X)+","+canvas.Num(c.Y))
		}
	}
	if len(pts) < 2 {
		return nil
	}
	return S("polyline").ID("walk-path").Class("walk-path "+cellClass(t.Disposition)).
		Attr("points", strings.Join(pts, " ")).Attr("marker-end", "url(#arrow)")
}
