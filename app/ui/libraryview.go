package ui

import (
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/persist"
	"vnetplay/app/workspace"
	"vnetplay/engine/scenario"
	"vnetplay/scenarios"
)

// builtinScenarios is the built-in scenarios as the library lists them,
// their titles and descriptions in plain words (workspace.Plain): read
// from the embedded files once, not on every render of the library.
func (s *Shell) builtinScenarios() []scenarios.Scenario {
	if s.builtins == nil {
		s.builtins = scenarios.All()
		for i := range s.builtins {
			sc := &s.builtins[i]
			sc.Title, sc.Description = workspace.Plain(sc.Title), workspace.Plain(sc.Description)
		}
	}
	return s.builtins
}

func (s *Shell) renderLibrary() app.UI {
	builtins := s.builtinScenarios()
	lib := s.ws.Library()
	return app.Div().Class("overlay").Body(
		app.Div().ID("library").Class("dialog dialog-wide").Attr("role", "dialog").Aria("label", "Scenarios").Attr("tabindex", -1).Body(
			app.Div().Class("dialog-head").Body(
				app.H2().Text("Scenarios"),
				app.Button().ID("library-close").Class("btn").Text("Close").OnClick(s.on(workspace.CloseLibrary{})),
			),
			s.renderLibraryNotice(),
			app.Section().Class("lib-section").Body(
				app.H3().Text("This design"),
				app.Div().Class("insp-row").Body(
					app.Label().For("doc-name").Text("Name"),
					textInput("doc-name", s.ws.DocName()).OnChange(s.onValue(workspace.SetDocName{})),
				),
				app.Div().Class("lib-actions").Body(
					app.Button().ID("new-design").Class("btn").Text("New design").OnClick(s.on(workspace.NewDesign{})),
					app.Label().Class("btn").For("import-file").Title("A vnetplay scenario, a workshop pack, or an Azure export: az CLI JSON, an ARM template or terraform show -json (or drop the file on the page)").Text("Import .json…"),
					app.Input().Type("file").ID("import-file").Class("sr-only").Accept(".json,application/json").
						OnChange(s.onEvent("import-file", s.importFile)),
					app.Button().ID("export-json").Class("btn").Text("Export JSON").
						OnClick(s.on(workspace.ExportJSON{})),
					app.Button().ID("export-arm").Class("btn").Title("A deployable ARM template of the design; what a template cannot hold is listed in its metadata").Text("Export ARM template").
						OnClick(s.on(workspace.ExportARM{})),
					app.If(s.hasImportReport(), func() app.UI {
						return app.Button().ID("show-import-report").Class("btn").Text("Import report").OnClick(s.on(workspace.ShowImportReport{}))
					}),
					app.Button().ID("export-svg").Class("btn").Text("Export SVG").
						OnClick(s.onEvent("export-svg", s.exportSVG)),
					app.Button().ID("export-png").Class("btn").Text("Export PNG").
						OnClick(s.onEvent("export-png", s.exportPNG)),
					app.Button().ID("share").Class("btn btn-primary").Text("Copy share link").
						OnClick(s.onEvent("share", func(app.Context, app.Event) workspace.Action {
							loc := app.Window().URL()
							return workspace.ShareLink{Origin: loc.Scheme + "://" + loc.Host}
						})),
				),
				app.If(lib.Link != "", func() app.UI {
					return app.Div().Class("insp-row").Body(
						app.Label().For("share-link").Text("Share link"),
						textInput("share-link", lib.Link).Class("mono").ReadOnly(true),
					)
				}),
			),
			app.Section().Class("lib-section").Body(
				app.H3().Text("My scenarios"),
				app.If(len(lib.Mine) == 0, func() app.UI {
					return app.P().Class("empty").Text("Nothing saved yet: every change to a design is saved here automatically.")
				}).Else(func() app.UI { return s.renderMine(lib) }),
				app.If(storageNote(lib) != "", func() app.UI { return app.P().ID("storage-note").Class("hint").Text(storageNote(lib)) }),
			),
			app.If(len(lib.Trash) > 0, func() app.UI { return s.renderTrash(lib.Trash, lib.Erasing) }),
			s.renderWorkshopPack(),
			s.renderImportedPacks(),
			s.renderPackExport(),
			app.Section().Class("lib-section").Body(
				app.H3().Text("Built-in scenarios"),
				app.Ul().ID("builtins").Class("builtins").Body(app.Range(builtins).Slice(func(i int) app.UI {
					sc := builtins[i]
					return app.Li().DataSet("name", sc.Name).Body(
						app.Div().Body(
							app.Div().Class("builtin-title").Text(sc.Title),
							app.Div().Class("builtin-desc").Text(sc.Description),
						),
						app.Button().Class("btn btn-small").Text("Open a copy").OnClick(s.on(workspace.OpenBuiltin{Name: sc.Name})),
					)
				})),
			),
		),
	)
}

// renderLibraryNotice is the notice (what a row's Delete, Duplicate,
// Restore or Erase did, or why it could not) shown at the top of the
// Scenarios dialog, which stays in view however far the list is
// scrolled: on the canvas, the dialog's overlay hid it. Its slot is
// always there, so that the sections after it keep their place (and the
// focus) when a notice comes or goes.
func (s *Shell) renderLibraryNotice() app.UI {
	notice := s.ws.Notice()
	cls := "lib-notice"
	if notice.Err {
		cls += " notice-error"
	}
	return app.Div().Class("lib-notice-slot").Body(
		app.If(notice.Text != "", func() app.UI {
			return app.Div().ID("notice").Class(cls).Attr("role", "status").Text(notice.Text)
		}),
	)
}

// renderMine lists the saved designs; each row's buttons act on that row
// (their handlers are scoped by its id), whatever the list's order.
func (s *Shell) renderMine(lib workspace.Library) app.UI {
	mine := lib.Mine
	return app.Table().ID("my-scenarios").Class("data").Body(
		app.THead().Body(app.Tr().Body(
			app.Th().Scope("col").Text("Name"),
			app.Th().Scope("col").Text("Saved"),
			app.Th().Scope("col").Body(app.Span().Class("sr-only").Text("Actions")),
		)),
		app.TBody().Body(app.Range(mine).Slice(func(i int) app.UI {
			m := mine[i]
			name := m.Name
			if m.ID == lib.DocID {
				name += " (open)"
			}
			return app.Tr().DataSet("id", m.ID).Body(
				app.Td().Text(name),
				app.Td().Text(m.Updated.Local().Format(time.DateTime)),
				app.Td().Class("row-actions").Body(
					app.Button().Class("btn btn-small row-open").Title("Open "+m.Name).Text("Open").
						OnClick(s.on(workspace.OpenSaved{ID: m.ID})),
					app.Button().Class("btn btn-small row-duplicate").Title("Save a copy of "+m.Name).Text("Duplicate").
						OnClick(s.on(workspace.DuplicateSaved{ID: m.ID})),
					app.Button().Class("btn btn-small row-compare").Title("What changed from "+m.Name+" to the open design").Text("Compare").
						OnClick(s.on(workspace.CompareSaved{ID: m.ID})),
					app.Button().Class("btn btn-small btn-danger row-delete").Title("Move "+m.Name+" to the trash").Text("Delete").
						OnClick(s.on(workspace.DeleteSaved{ID: m.ID})),
				),
			)
		})),
	)
}

// renderTrash lists deleted designs, which Restore brings back; the row
// whose Erase was asked (erasing) asks to confirm.
func (s *Shell) renderTrash(trash []persist.Summary, erasing string) app.UI {
	return app.Section().Class("lib-section").Body(
		app.H3().Text("Trash"),
		app.P().Class("hint").Textf("Deleted designs stay here until erased (the %d most recent are kept).", persist.MaxTrash),
		app.Table().ID("trash").Class("data").Body(
			app.TBody().Body(app.Range(trash).Slice(func(i int) app.UI {
				m := trash[i]
				if m.ID == erasing {
					return s.renderEraseQuestion(m)
				}
				return app.Tr().DataSet("id", m.ID).Body(
					app.Td().Text(m.Name),
					app.Td().Text("deleted "+m.Deleted.Local().Format(time.DateTime)),
					app.Td().Class("row-actions").Body(
						app.Button().Class("btn btn-small row-restore").Title("Restore "+m.Name).Text("Restore").
							OnClick(s.on(workspace.RestoreSaved{ID: m.ID})),
						app.Button().Class("btn btn-small btn-danger row-purge").Title("Erase "+m.Name+" for good").Text("Erase").
							OnClick(s.on(workspace.PurgeSaved{ID: m.ID})),
					),
				)
			})),
		),
	)
}

// renderEraseQuestion is the row of a trashed design whose Erase was
// asked: erasing cannot be undone, so it is confirmed, Keep focused.
func (s *Shell) renderEraseQuestion(m persist.Summary) app.UI {
	return app.Tr().DataSet("id", m.ID).Class("erase-question").Body(
		app.Td().Text(m.Name),
		app.Td().ID("erase-text").Text("Erase for good? No Restore brings it back."),
		// Keep takes Erase's place under the pointer: a double click
		// on Erase keeps the design.
		app.Td().Class("row-actions").Body(
			app.Button().Class("btn btn-small btn-danger row-erase").Title("Erase "+m.Name+" for good").Text("Erase for good").
				OnClick(s.on(workspace.ConfirmPurge{ID: m.ID})),
			app.Button().ID("erase-keep").Class("btn btn-small row-keep").Title("Keep "+m.Name+" in the trash").Text("Keep").
				OnClick(s.on(workspace.CancelPurge{})),
		),
	)
}

// renderProblem shows an error that needs acknowledging (a bad share link,
// a file that cannot be imported).
func (s *Shell) renderProblem() app.UI {
	return app.Div().Class("overlay").Body(
		app.Div().ID("problem").Class("dialog").Attr("role", "alertdialog").Aria("label", "Problem").Body(
			app.H2().Text("Something is wrong"),
			app.P().ID("problem-text").Text(s.ws.Library().Problem),
			app.Div().Class("lib-actions").Body(
				app.If(s.ws.Library().Unreadable != nil, func() app.UI {
					return app.Button().ID("problem-download").Class("btn").Text("Download the saved record").
						OnClick(s.on(workspace.DownloadUnreadable{}))
				}),
				app.Button().ID("problem-ok").Class("btn btn-primary").Text("OK").OnClick(s.on(workspace.AckProblem{})),
			),
		),
	)
}

// importFile reads the chosen file, then imports it.
func (s *Shell) importFile(ctx app.Context, e app.Event) workspace.Action {
	input := ctx.JSSrc()
	readFile(input, scenario.MaxFileSize, func(name, text, errText string) {
		ctx.Dispatch(func(ctx app.Context) {
			input.Set("value", "")
			s.dispatch(ctx, workspace.Import{Name: name, Text: text, Err: errText})
		})
	})
	return nil
}

func (s *Shell) exportSVG(ctx app.Context, e app.Event) workspace.Action {
	download(workspace.FileName(s.ws.DocName())+".svg", "image/svg+xml", ExportSVG(s.ws.Snap().Scene, s.ws.DocName()))
	return nil
}

func (s *Shell) exportPNG(ctx app.Context, e app.Event) workspace.Action {
	sc := s.ws.Snap().Scene
	w, h := exportSize(sc)
	s.download(ctx, workspace.Download{Name: workspace.FileName(s.ws.DocName()) + ".png", Data: ExportSVG(sc, s.ws.DocName()), PNG: true, Width: w, Height: h})
	return nil
}

// hasImportReport reports whether the open design came from an Azure
// export (its report can be shown again).
func (s *Shell) hasImportReport() bool { _, ok := s.ws.ImportReport(); return ok }
