package ui

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/canvas"
	"vnetplay/app/workspace"
)

// renderNames is the Names panel: endpoints × names, each cell the answer
// name resolution gives (workspace.NamesView), a click on one shows its
// resolution walk under the matrix and on the canvas. Every child is always
// there (a note with nothing to say is hidden): a child that came and went
// would shift its siblings, which go-app then rewrites.
func (s *Shell) renderNames() app.UI {
	v := s.ws.NamesView()
	title := app.H3().ID("names-title").Text("Names: who resolves what")
	hint := app.P().Class("hint").Text("Each cell is the answer a name gets from an endpoint: a private address (green), a public one (amber: the packet goes to the service's public endpoint, not the private one), NXDOMAIN or no answer (red), a public name vnetplay does not know (grey). Click a cell for its resolution walk.")
	switch {
	case !s.ws.NamesKnown():
		return app.Div().ID("names").Body(title, app.P().ID("names-computing").Class("empty").Text("Resolving the design's names…"))
	case v.Endpoints == 0:
		return app.Div().ID("names").Body(title, app.P().Class("empty").Text("Add VMs, on-premises hosts or P2S clients to see what names resolve to."))
	case v.Names == 0:
		return app.Div().ID("names").Body(title, app.P().Class("empty").Text("No names to ask: add a private endpoint with its FQDN, a private DNS zone with record sets, or a resolve expectation."))
	}
	from, name, picked := s.ws.PickedName()
	return app.Div().ID("names").Body(
		title,
		hint,
		app.P().ID("names-note").Class("hint names-note").Hidden(v.Note == "").Text(v.Note),
		app.Div().Class("matrix-wrap").Body(
			app.Table().ID("names-matrix").Class("matrix names-matrix").Body(
				app.Caption().Class("sr-only").Text("Name resolution: rows are endpoints, columns names; each cell is the answer"),
				app.THead().Body(app.Tr().Body(namesHeader(v)...)),
				app.TBody().Body(app.Range(v.Rows).Slice(func(i int) app.UI {
					r := v.Rows[i]
					tds := []app.UI{app.Th().Scope("row").Title(r.Title).Text(r.Label)}
					for _, c := range v.Cells[i] {
						tds = append(tds, app.Td().Body(s.nameCell(c, picked && c.From == from && c.Name == name)))
					}
					return app.Tr().Body(tds...)
				})),
			),
		),
		namesLegend(),
		s.renderNameWalk(),
	)
}

func namesHeader(v workspace.NamesView) []app.UI {
	header := []app.UI{app.Th().Scope("col").Class("corner").Text("from \\ name")}
	for _, c := range v.Cols {
		header = append(header, app.Th().Scope("col").Class("col-head name-head").Title(c.Title).Text(c.Label))
	}
	return header
}

// toneClass is a tone's colour class.
func toneClass(tone string) string { return "name-" + tone }

func (s *Shell) nameCell(c workspace.NameCell, picked bool) app.UI {
	cls := "cell name-cell " + toneClass(c.Tone)
	if picked {
		cls += " cell-picked"
	}
	title := c.From + " → " + c.Name + ": " + c.Full
	if c.Why != "" {
		title += " — " + c.Why
	}
	return app.Button().Class(cls).DataSet("from", c.From).DataSet("name", c.Name).DataSet("tone", c.Tone).
		Title(title).Aria("label", c.From+" resolves "+c.Name+": "+c.Full).Aria("pressed", picked).
		OnClick(s.on(workspace.PickName{From: c.From, Name: c.Name})).
		Text(c.Text)
}

func namesLegend() app.UI {
	item := func(tone, sample, words string) app.UI {
		return app.Li().Body(app.Span().Class("swatch "+toneClass(tone)).Text(sample), app.Text(" "+words))
	}
	return app.Details().ID("names-legend").Class("legend").Body(
		app.Summary().Text("Legend: green private, amber public, red NXDOMAIN or failed, grey not modelled"),
		app.Ul().Class("legend-list").Body(
			item(workspace.ToneOK, "10", "a private address (a private endpoint, a VM, a record in a linked zone)"),
			item(workspace.ToneWarn, "20", "a public address: no linked zone answers"),
			item(workspace.ToneBad, "NX", "NXDOMAIN, or no answer (a DNS server the endpoint cannot reach, a loop)"),
			item(workspace.ToneNone, "?", "a public name whose address vnetplay does not know"),
		),
	)
}

// renderNameWalk is the picked cell's resolution walk, in words.
func (s *Shell) renderNameWalk() app.UI {
	w, ok := s.ws.NameWalk()
	if !ok {
		return nil
	}
	if w.Computing { // the engine's worker computes it
		return app.Div().ID("names-walk-computing").Class("walk").Body(
			app.P().Class("empty computing").Text("Computing the resolution of " + w.Name + " from " + w.From + "…"))
	}
	return app.Div().ID("names-walk").Class("walk").Body(
		app.Div().Class("walk-head").Body(
			app.H3().Text("Resolution walk"),
			app.Button().ID("names-walk-clear").Class("btn btn-small").Title("Take the walk off the canvas").Text("Close").
				OnClick(s.on(workspace.ClearName{})),
		),
		app.P().Class("walk-flow mono").Text(w.Name+" from "+w.From),
		app.P().ID("names-answer").Class("walk-result "+toneClass(w.Tone)).Body(
			app.Strong().Text(capitalise(w.Full)), app.Text(": "+w.Why)),
		app.P().Class("mono hint").Hidden(w.Names == "").Text(w.Names),
		app.Ol().ID("names-steps").Class("names-steps").Body(app.Range(w.Steps).Slice(func(i int) app.UI {
			st := w.Steps[i]
			return app.Li().Class("depth-"+itoa(min(st.Depth, 4))).Body(
				app.Span().Class("step-kind").Text(st.Kind),
				app.Span().Class("names-actor").Text(" "+st.Actor+": "),
				app.Span().Text(st.Text),
			)
		})),
	)
}

// namesOverlay draws the picked resolution walk on the canvas while the
// Names tab is open: each node it involves outlined, and a path through
// them in order (the endpoint, the DNS servers, resolver, ruleset, zone,
// the private endpoint answered). The group is always there, empty with
// nothing to draw, so that it never shifts the layers after it.
func (s *Shell) namesOverlay() app.UI {
	empty := S("g").ID("names-overlay").Class("names-overlay")
	if s.ws.Panels().Tab != workspace.TabNames {
		return empty
	}
	w, ok := s.ws.NameWalk()
	if !ok {
		return empty
	}
	sc := s.ws.Snap().Scene
	var pts []string
	var marks []app.UI
	for _, k := range w.Path {
		n, ok := sc.Node(k)
		if !ok {
			continue
		}
		b := n.Box
		c := b.Center()
		pts = append(pts, canvas.Num(c.X)+","+canvas.Num(c.Y))
		marks = append(marks, S("rect").Class("names-mark").DataSet("key", k).
			Attr("x", canvas.Num(b.X-4)).Attr("y", canvas.Num(b.Y-4)).Attr("width", canvas.Num(b.W+8)).Attr("height", canvas.Num(b.H+8)).Attr("rx", 10))
	}
	if len(marks) == 0 {
		return empty
	}
	path := S("polyline").ID("names-path").Class("walk-path names-path "+toneClass(w.Tone)).
		DataSet("nodes", strings.Join(w.Path, " ")).DataSet("drawn", len(pts)).
		Attr("points", strings.Join(pts, " "))
	if len(pts) > 1 {
		path = path.Attr("marker-end", "url(#arrow)")
	}
	return S("g").ID("names-overlay").Class("names-overlay "+toneClass(w.Tone)).Body(S("g").Body(marks...), path)
}
