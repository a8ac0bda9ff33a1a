package ui

import (
	"slices"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/workspace"
	"vnetplay/engine/importer"
	"vnetplay/engine/scenario"
)

// renderImportReport is the dialog of the open design's import report:
// what was imported, per collection, and every note (skipped resources,
// ignored properties, placeholders, assumptions) with where it was in the
// file.
func (s *Shell) renderImportReport(r workspace.ImportReport) app.UI {
	rep := r.Report
	counts := sortedKeys(rep.Imported)
	return app.Div().Class("overlay").Body(
		app.Div().ID("import-report").Class("dialog dialog-wide").Attr("role", "dialog").Aria("label", "Import report").Attr("tabindex", -1).Body(
			app.Div().Class("dialog-head").Body(
				app.H2().Text("Import report"),
				app.Button().ID("import-report-close").Class("btn btn-primary").Text("Close").OnClick(s.on(workspace.CloseImportReport{})),
			),
			app.P().Class("hint").Text(r.File+" is "+rep.Format.Name()+". What vnetplay could not map is listed below, never dropped silently; the design opened with the rest."),
			app.Ul().ID("import-counts").Class("import-counts").Aria("label", "Imported").Body(app.Range(counts).Slice(func(i int) app.UI {
				return app.Li().Body(app.Strong().Text(strconv.Itoa(rep.Imported[counts[i]])), app.Text(" "+counts[i]))
			})),
			app.If(len(rep.Entries) == 0, func() app.UI {
				return app.P().Class("empty").Text("Everything in the file was imported.")
			}).Else(func() app.UI { return s.renderImportEntries(rep.Entries) }),
		),
	)
}

// renderImportEntries is the report's notes, one block each: its kind,
// where it was in the file, what it is about, and why.
func (s *Shell) renderImportEntries(entries []importer.Entry) app.UI {
	return app.Ul().ID("import-entries").Class("import-entries").Body(app.Range(entries).Slice(func(i int) app.UI {
		e := entries[i]
		what := e.What
		if e.ID != "" && !strings.Contains(what, e.ID) {
			what += " (" + e.ID + ")"
		}
		return app.Li().DataSet("kind", string(e.Kind)).Body(
			app.Div().Class("import-entry-head").Body(
				app.Span().Class("import-kind import-kind-"+string(e.Kind)).Text(string(e.Kind)),
				app.Span().Class("mono import-what").Text(what),
				app.Span().Class("mono import-where").Text(e.Where),
			),
			app.Div().Class("import-why").Text(workspace.Plain(e.Why)),
		)
	}))
}

// dropFile imports a file dropped on the page: a scenario or an Azure
// export, as the Scenarios dialog's Import does.
func (s *Shell) dropFile(ctx app.Context, e app.Event) workspace.Action {
	e.PreventDefault()
	dt := e.Get("dataTransfer")
	if !dt.Truthy() {
		return nil
	}
	readFile(dt, scenario.MaxFileSize, func(name, text, errText string) {
		ctx.Dispatch(func(ctx app.Context) {
			s.dispatch(ctx, workspace.Import{Name: name, Text: text, Err: errText})
		})
	})
	return nil
}

// dragOverFile lets files be dropped on the page (the browser would open
// them otherwise).
func (s *Shell) dragOverFile(ctx app.Context, e app.Event) workspace.Action {
	if dt := e.Get("dataTransfer"); dt.Truthy() {
		e.PreventDefault()
		dt.Set("dropEffect", "copy")
	}
	return nil
}

// sortedKeys is m's keys in order.
func sortedKeys(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// importReportDialog is the import report's dialog while it is shown.
func (s *Shell) importReportDialog() app.UI {
	r, ok := s.ws.ImportReport()
	return app.If(ok && r.Shown, func() app.UI { return s.renderImportReport(r) })
}
