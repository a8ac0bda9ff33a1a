package ui

import (
	"fmt"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/kinds"
	"vnetplay/app/store"
	"vnetplay/app/workspace"
	"vnetplay/engine/compare"
)

// renderNICCompare is the Inspector's "Compare with Azure's effective
// routes" for a VM or NVA: a NIC chooser when it has several, the text of
// Azure's table (pasted, dropped or loaded from a file), its problem if it
// cannot be read, then the design's routes set against it row by row.
func (s *Shell) renderNICCompare(r store.Ref) app.UI {
	if r.Kind != kinds.VM && r.Kind != kinds.NVA {
		return nil
	}
	c := s.ws.NICComparison(r.ID)
	if len(c.NICs) == 0 {
		return nil
	}
	area := textArea("nic-compare-text", c.Text).Class("mono nic-compare-text").Rows(5).
		DataSet("nic", c.NIC).Attr("spellcheck", "false").Aria("invalid", c.Err != "").
		Placeholder("Paste the output of az network nic show-effective-route-table (JSON), or the portal's CSV, or drop the file here").
		OnChange(s.onValue(workspace.NICComparePaste{NIC: c.NIC})).
		On(s.onEventAt("dragover", "nic-compare-dragover", s.dragOverCompare)).
		On(s.onEventAt("drop", "nic-compare-drop", s.dropCompare))
	if c.Err != "" {
		area = area.Aria("describedby", "nic-compare-err")
	}
	return app.Section().ID("nic-compare").Class("nic-compare").Body(
		app.H3().Text("Compare with Azure's effective routes"),
		app.P().Class("hint").Text("What Azure reports for the NIC, set against the routes the design predicts for it (its subnet's), row by row. The comparison follows the design as it changes."),
		app.If(len(c.NICs) > 1, func() app.UI { return s.nicChooser(c) }),
		app.Label().For("nic-compare-text").Class("sr-only").Text("Azure's effective routes of "+c.NIC),
		area,
		app.If(c.Err != "", func() app.UI {
			msg := c.Err
			if c.Read {
				msg += " The rows below are those of the table read last."
			}
			return app.Div().ID("nic-compare-err").Class("field-error").Attr("role", "alert").Text(msg)
		}),
		app.Div().Class("lib-actions").Body(
			app.Button().ID("nic-compare-run").Class("btn btn-small btn-primary").Text("Compare").
				OnClick(s.onEvent("nic-compare-run", s.runCompare)),
			app.Label().Class("btn btn-small").For("nic-compare-file").Title("A JSON file of az network nic show-effective-route-table, or the portal's CSV download").Text("Load a file…"),
			app.Input().Type("file").ID("nic-compare-file").Class("sr-only").DataSet("nic", c.NIC).Accept(".json,.csv,.txt,application/json,text/csv,text/plain").
				OnChange(s.onEvent("nic-compare-file", s.loadCompareFile)),
			app.If(c.Text != "", func() app.UI {
				return app.Button().ID("nic-compare-clear").Class("btn btn-small").Text("Clear").
					OnClick(s.on(workspace.NICComparePaste{NIC: c.NIC}))
			}),
		),
		s.renderComparison(c),
	)
}

// nicChooser is the select of the VM's NIC compared.
func (s *Shell) nicChooser(c workspace.NICComparison) app.UI {
	return app.Div().Class("insp-row").Body(
		app.Label().For("nic-compare-nic").Text("NIC"),
		app.Select().ID("nic-compare-nic").OnChange(s.onValue(workspace.NICCompareChoose{VM: c.VM})).
			Body(app.Range(c.NICs).Slice(func(i int) app.UI {
				return app.Option().Value(c.NICs[i]).Selected(c.NICs[i] == c.NIC).Text(c.NICs[i])
			})),
	)
}

// renderComparison is the comparison's counts and rows, the platform
// routes folded away.
func (s *Shell) renderComparison(c workspace.NICComparison) app.UI {
	switch {
	case c.Unavailable != "":
		return app.P().ID("nic-compare-none").Class("empty").Text(c.Unavailable)
	case !c.Read:
		return nil
	}
	sum := c.Summary
	verdict, tone := "No difference: Azure routes "+c.NIC+" as the design does.", "cmp-same"
	if d := sum.Differences(); d > 0 {
		verdict, tone = fmt.Sprintf("%d difference(s) between the design and Azure.", d), "cmp-differs"
	}
	return app.Div().ID("nic-compare-result").Body(
		app.P().ID("nic-compare-summary").Class("cmp-summary "+tone).Body(
			app.Strong().Text(verdict),
			app.Text(fmt.Sprintf(" %d match, %d missing, %d extra, %d different (subnet %s).", sum.Match, sum.Missing, sum.Extra, sum.Different, c.Subnet)),
		),
		app.Div().Class("table-wrap").Body(compareTable("nic-compare-rows", "The design's effective routes of "+c.NIC+" against Azure's", c.Rows)),
		app.If(len(c.Platform) > 0, func() app.UI {
			return app.Details().ID("nic-compare-platform").Class("cmp-platform").Body(
				app.Summary().Text(fmt.Sprintf("%d platform route(s) Azure lists and vnetplay does not emit: Microsoft-internal None routes, not differences", len(c.Platform))),
				compareTable("nic-compare-platform-rows", "Platform routes", c.Platform),
			)
		}),
	)
}

// compareTable is rows as a table: prefix, the design's side and Azure's,
// then a line with why the design has the route and what a difference
// usually means.
func compareTable(id, caption string, rows []workspace.CompareRow) app.UI {
	body := make([]app.UI, 0, 2*len(rows))
	for _, r := range rows {
		body = append(body,
			app.Tr().Class("cmp-row cmp-"+r.Kind).DataSet("kind", r.Kind).DataSet("prefix", r.Prefix).Body(
				app.Td().Class("cmp-kind").Text(kindLabel(r.Kind)),
				app.Td().Class("mono").Text(r.Prefix),
				app.Td().Class("cmp-side").Text(dashIfEmpty(r.Design)),
				app.Td().Class("cmp-side").Text(dashIfEmpty(r.Azure)),
			))
		if why := rowWhy(r); why != "" {
			body = append(body, app.Tr().Class("why cmp-why cmp-"+r.Kind).Body(app.Td().ColSpan(4).Text(why)))
		}
	}
	return app.Table().ID(id).Class("data cmp-table").Body(
		app.Caption().Class("sr-only").Text(caption),
		app.THead().Body(app.Tr().Body(
			app.Th().Scope("col").Text(""),
			app.Th().Scope("col").Text("Prefix"),
			app.Th().Scope("col").Text("Design"),
			app.Th().Scope("col").Text("Azure"),
		)),
		app.TBody().Body(body...),
	)
}

// kindLabel names a row's kind.
func kindLabel(k string) string {
	switch compare.Kind(k) {
	case compare.Match:
		return "match"
	case compare.Missing:
		return "missing in Azure"
	case compare.Extra:
		return "only in Azure"
	case compare.Different:
		return "different"
	case compare.Platform:
		return "platform"
	}
	return k
}

// rowWhy is the line under a row: the fields that differ, the design's
// reason, and the note.
func rowWhy(r workspace.CompareRow) string {
	var parts []string
	if len(r.Differences) > 0 {
		parts = append(parts, "Differs in "+strings.Join(r.Differences, ", ")+".")
	}
	if r.Why != "" {
		parts = append(parts, "Design: "+r.Why+".")
	}
	if r.Note != "" {
		parts = append(parts, capitalised(r.Note)+".")
	}
	return strings.Join(parts, " ")
}

func capitalised(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func dashIfEmpty(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// runCompare reads the textarea now (a click on Compare, the change event
// having come first when the text was typed).
func (s *Shell) runCompare(ctx app.Context, e app.Event) workspace.Action {
	el := app.Window().GetElementByID("nic-compare-text")
	if !el.Truthy() {
		return nil
	}
	return workspace.NICComparePaste{NIC: el.Get("dataset").Get("nic").String(), Text: el.Get("value").String()}
}

// loadCompareFile reads the chosen file into the NIC's table.
func (s *Shell) loadCompareFile(ctx app.Context, e app.Event) workspace.Action {
	input := ctx.JSSrc()
	nic := input.Get("dataset").Get("nic").String()
	return s.readCompareFile(ctx, input, nic, func() { input.Set("value", "") })
}

// dropCompare reads a file dropped on the textarea (not on the page,
// which would import it as a design).
func (s *Shell) dropCompare(ctx app.Context, e app.Event) workspace.Action {
	dt := e.Get("dataTransfer")
	if !dt.Truthy() || !dt.Get("files").Truthy() || dt.Get("files").Length() == 0 {
		return nil // a text dropped: the textarea takes it, its change event follows
	}
	e.PreventDefault()
	e.Call("stopPropagation")
	return s.readCompareFile(ctx, dt, ctx.JSSrc().Get("dataset").Get("nic").String(), func() {})
}

// dragOverCompare lets a file be dropped on the textarea.
func (s *Shell) dragOverCompare(ctx app.Context, e app.Event) workspace.Action {
	if dt := e.Get("dataTransfer"); dt.Truthy() {
		e.PreventDefault()
		e.Call("stopPropagation")
		dt.Set("dropEffect", "copy")
	}
	return nil
}

// readCompareFile reads the first file of src (an input or a drop's
// dataTransfer) into nic's table, refusing one over compare.MaxInputSize
// unread (the action returned says so; nil while the file is read).
func (s *Shell) readCompareFile(ctx app.Context, src app.Value, nic string, then func()) workspace.Action {
	files := src.Get("files")
	if !files.Truthy() || files.Length() == 0 {
		return nil
	}
	f := files.Index(0)
	if size := f.Get("size").Int(); size > compare.MaxInputSize {
		then()
		return workspace.NICComparePaste{NIC: nic, File: f.Get("name").String(),
			Err: fmt.Sprintf("the file is %s; a NIC's effective routes are at most %s", mbString(size), mbString(compare.MaxInputSize))}
	}
	readFile(src, compare.MaxInputSize, func(name, text, errText string) {
		ctx.Dispatch(func(ctx app.Context) {
			then()
			s.dispatch(ctx, workspace.NICComparePaste{NIC: nic, File: name, Text: text, Err: errText})
		})
	})
	return nil
}
