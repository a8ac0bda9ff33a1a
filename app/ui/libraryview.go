package ui

import (
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/scenarios"
)

func (s *Shell) renderLibrary() app.UI {
	builtins := scenarios.All()
	mine := s.lib.mine
	return app.Div().Class("overlay").Body(
		app.Div().ID("library").Class("dialog dialog-wide").Attr("role", "dialog").Aria("label", "Scenarios").Body(
			app.Div().Class("dialog-head").Body(
				app.H2().Text("Scenarios"),
				app.Button().ID("library-close").Class("btn").Text("Close").
					OnClick(func(ctx app.Context, e app.Event) { s.lib.open = false }),
			),
			app.Section().Class("lib-section").Body(
				app.H3().Text("This design"),
				app.Div().Class("insp-row").Body(
					app.Label().For("doc-name").Text("Name"),
					app.Input().Type("text").ID("doc-name").Value(s.docName()).
						OnChange(func(ctx app.Context, e app.Event) { s.rename(ctx.JSSrc().Get("value").String()) }),
				),
				app.Div().Class("lib-actions").Body(
					app.Button().ID("new-design").Class("btn").Text("New design").
						OnClick(func(ctx app.Context, e app.Event) { s.newDesign() }),
					app.Label().Class("btn").For("import-file").Text("Import .json…"),
					app.Input().Type("file").ID("import-file").Class("sr-only").Accept(".json,application/json").
						OnChange(s.importFile),
					app.Button().ID("export-json").Class("btn").Text("Export JSON").
						OnClick(func(ctx app.Context, e app.Event) { s.exportJSON() }),
					app.Button().ID("export-svg").Class("btn").Text("Export SVG").
						OnClick(func(ctx app.Context, e app.Event) { s.exportSVG() }),
					app.Button().ID("export-png").Class("btn").Text("Export PNG").
						OnClick(func(ctx app.Context, e app.Event) { s.exportPNG(ctx) }),
					app.Button().ID("share").Class("btn btn-primary").Text("Copy share link").
						OnClick(func(ctx app.Context, e app.Event) { s.shareLink() }),
				),
				app.If(s.lib.link != "", func() app.UI {
					return app.Div().Class("insp-row").Body(
						app.Label().For("share-link").Text("Share link"),
						app.Input().Type("text").ID("share-link").Class("mono").ReadOnly(true).Value(s.lib.link),
					)
				}),
			),
			app.Section().Class("lib-section").Body(
				app.H3().Text("My scenarios"),
				app.If(len(mine) == 0, func() app.UI {
					return app.P().Class("empty").Text("Nothing saved yet: every change to a design is saved here automatically.")
				}).Else(func() app.UI {
					return app.Table().ID("my-scenarios").Class("data").Body(
						app.THead().Body(app.Tr().Body(
							app.Th().Scope("col").Text("Name"),
							app.Th().Scope("col").Text("Saved"),
							app.Th().Scope("col").Text(""),
						)),
						app.TBody().Body(app.Range(mine).Slice(func(i int) app.UI {
							m := mine[i]
							name := m.Name
							if m.ID == s.lib.docID {
								name += " (open)"
							}
							return app.Tr().DataSet("id", m.ID).Body(
								app.Td().Text(name),
								app.Td().Text(m.Updated.Local().Format(time.DateTime)),
								app.Td().Class("row-actions").Body(
									app.Button().Class("btn btn-small").Text("Open").
										OnClick(func(ctx app.Context, e app.Event) { s.openMine(ctx, m.ID) }),
									app.Button().Class("btn btn-small").Text("Duplicate").
										OnClick(func(ctx app.Context, e app.Event) { s.duplicateMine(ctx, m.ID) }),
									app.Button().Class("btn btn-small btn-danger").Text("Delete").
										OnClick(func(ctx app.Context, e app.Event) { s.deleteMine(ctx, m.ID) }),
								),
							)
						})),
					)
				}),
			),
			app.Section().Class("lib-section").Body(
				app.H3().Text("Built-in scenarios"),
				app.Ul().ID("builtins").Class("builtins").Body(app.Range(builtins).Slice(func(i int) app.UI {
					sc := builtins[i]
					return app.Li().DataSet("name", sc.Name).Body(
						app.Div().Body(
							app.Div().Class("builtin-title").Text(sc.Title),
							app.Div().Class("builtin-desc").Text(sc.Description),
						),
						app.Button().Class("btn btn-small").Text("Open a copy").
							OnClick(func(ctx app.Context, e app.Event) { s.openBuiltin(sc) }),
					)
				})),
			),
		),
	)
}

// renderProblem shows an error that needs acknowledging (a bad share link,
// a file that cannot be imported).
func (s *Shell) renderProblem() app.UI {
	return app.Div().Class("overlay").Body(
		app.Div().ID("problem").Class("dialog").Attr("role", "alertdialog").Aria("label", "Problem").Body(
			app.H2().Text("Something is wrong"),
			app.P().ID("problem-text").Text(s.lib.problem),
			app.Button().ID("problem-ok").Class("btn btn-primary").Text("OK").
				OnClick(func(ctx app.Context, e app.Event) { s.lib.problem = "" }),
		),
	)
}
