package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

func (s *Shell) renderChecks() app.UI {
	snap := s.snap()
	results := snap.Checks()
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
							app.Div().Class("check-got").Text(r.Got),
							app.If(r.Msg != "", func() app.UI { return app.Div().Class("check-msg").Text(r.Msg) }),
						),
					)
				})),
			)
		}),
		app.H3().Class("section-gap").Text("Diagnostics"),
		s.renderDiagnostics(),
	)
}
