package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/workspace"
	"vnetplay/engine/scenario"
)

func (s *Shell) renderChecks() app.UI {
	results, current := s.ws.Checks()
	if results == nil && !current {
		return app.Div().Body(
			app.H3().Text("Expectations"),
			app.P().ID("checks-computing").Class("empty").Text("Checking the expectations…"),
			app.H3().Class("section-gap").Text("Diagnostics"),
			s.renderDiagnostics(),
		)
	}
	passed := 0
	for _, r := range results {
		if r.OK {
			passed++
		}
	}
	return app.Div().Body(
		app.H3().Text("Expectations"),
		app.If(len(results) == 0, func() app.UI {
			return app.P().Class("empty").Text("This design states no expectations. Built-in scenarios come with some: the workshop challenges.")
		}).Else(func() app.UI {
			return app.Div().Body(
				app.P().ID("checks-summary").Class("hint").Textf("%d of %d hold", passed, len(results)),
				app.If(len(s.ws.Snap().Failures) > 0, func() app.UI {
					return app.P().ID("checks-intact").Class("hint").Text("Expectations describe the design: each is checked on it as drawn, under its own failures, not the what-if's (the What-if tab shows what the failures change).")
				}),
				app.Ul().ID("checks").Class("checks").Body(app.Range(results).Slice(func(i int) app.UI {
					r := results[i]
					cls, mark := "check check-ok", "✓"
					if !r.OK {
						cls, mark = "check check-fail", "✕"
					}
					return app.Li().Class(cls).DataSet("id", r.ID).Body(
						app.Span().Class("check-mark").Text(mark),
						app.Div().Body(
							app.Div().Class("check-id").Text(r.ID),
							app.If(r.Msg == "", func() app.UI { return app.Div().Class("check-got").Text(workspace.Plain(r.Got)) }).
								Else(func() app.UI { return app.Div().Class("check-msg").Text(workspace.Plain(r.Msg)) }),
							app.If(r.Kind == scenario.ExpectReach, func() app.UI { return s.checkPlayButton(r.ID) }),
						),
					)
				})),
			)
		}),
		app.H3().Class("section-gap").Text("Diagnostics"),
		s.renderDiagnostics(),
	)
}

func (s *Shell) renderDiagnostics() app.UI {
	o, current := s.ws.Overview()
	if o.Total == 0 && !current {
		return app.P().Class("empty").ID("diagnostics-computing").Text("Checking the design…")
	}
	if o.Total == 0 {
		return app.P().Class("empty").ID("no-diagnostics").Text("No problems found in this design.")
	}
	list := o.Diagnostics
	ds := list.Shown
	ul := app.Ul().ID("diagnostics").Class("diagnostics").Body(app.Range(ds).Slice(func(i int) app.UI {
		d := ds[i]
		return app.Li().Class("diag diag-" + d.Severity.String()).Body(
			app.Button().Class("diag-button").Title("Select what this is about").OnClick(s.on(workspace.SelectPath{Path: d.Path})).Body(
				app.Span().Class("diag-severity").Text(d.Severity.String()),
				app.Span().Class("diag-msg").Text(workspace.Plain(d.Msg)),
				app.Span().Class("diag-path mono").Text(d.Path),
			),
		)
	}))
	if list.LeftOut() == 0 {
		return ul
	}
	return app.Div().Body(
		app.P().ID("diagnostics-cut").Class("hint").Text(list.CutText(o.Total)),
		ul,
	)
}

// checkPlayButton plays the walk of the reach expectation id on the
// canvas, with its protocol, port and failure set (workspace.SimStart).
func (s *Shell) checkPlayButton(id string) app.UI {
	return app.Button().Class("btn btn-small check-play").DataSet("id", id).
		Title("Play this expectation's walk on the canvas, hop by hop").
		Text("▶ Play on canvas").OnClick(s.on(workspace.SimStart{Check: id}))
}
