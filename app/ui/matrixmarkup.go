package ui

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/workspace"
)

// The Reach matrix is drawn from its markup (rawtable.go): at 40 × 40
// groups, switching to the Reach tab mounted 1,600 buttons, each with its
// element, js.Value, finalizer and handler (~200 ms at 100 VNets in
// Chromium, each time). A cell is a button that says what it does in its
// data attributes (data-act "drill" for a group cell, "walk" for an
// endpoint pair; data-from, data-to); one handler on the matrix's wrapper
// reads the clicked cell at call time (matrixCellAction). The picked walk's
// cell is marked after the render (markPickedCell), so picking a cell does
// not draw the table again and the focus stays on it.

// Matrix cell actions (data-act).
const (
	actDrill = "drill"
	actWalk  = "walk"
)

// pickedClass marks the matrix cell whose walk is shown.
const pickedClass = "cell-picked"

// matrixTable is the matrix of v as one raw table: its head, one row per
// source and a cell per destination.
func matrixTable(v workspace.MatrixView) app.UI {
	var m markup
	m.open("table", "id", "matrix", "class", matrixClass(v))
	m.element("caption", matrixCaption(v), "class", "sr-only")
	m.b.WriteString("<thead><tr>")
	m.element("th", `from \ to`, "scope", "col", "class", "corner")
	for _, c := range v.Cols {
		cls := "col-head"
		if c.PrivateEndpoint {
			cls += " pe-head"
		}
		m.element("th", c.Label, "scope", "col", "class", cls, "title", c.Title)
	}
	m.b.WriteString("</tr></thead><tbody>")
	for i, r := range v.Rows {
		m.b.WriteString("<tr>")
		m.element("th", r.Label, "scope", "row", "title", r.Title)
		for _, c := range v.Cells[i] {
			switch {
			case c.Self:
				m.element("td", "·", "class", "cell-self")
			case v.Grouped:
				m.b.WriteString("<td>")
				groupCell(&m, c)
				m.b.WriteString("</td>")
			default:
				m.b.WriteString("<td>")
				endpointCell(&m, c)
				m.b.WriteString("</td>")
			}
		}
		m.b.WriteString("</tr>")
	}
	m.b.WriteString("</tbody></table>")
	return m.UI()
}

// endpointCell is a pair of endpoints: its verdict; a click shows its walk.
func endpointCell(m *markup, c workspace.MatrixCell) {
	v := verdictOf(c.Disposition)
	m.element("button", v.symbol, "class", "cell "+v.class, "data-act", actWalk, "data-from", c.From, "data-to", c.To,
		"data-disposition", c.Disposition.String(),
		"title", c.From+" → "+c.To+": "+v.before(workspace.Plain(c.Reason))+" — "+workspace.Plain(c.Reason),
		"aria-label", c.From+" to "+c.To+": "+v.words)
}

// groupCell is a cell of groups: the verdict when every pair shares it,
// otherwise how many pairs get through; a click shows its endpoints.
func groupCell(m *markup, c workspace.MatrixCell) {
	from, to := strings.TrimPrefix(c.From, "vnet:"), strings.TrimPrefix(c.To, "vnet:")
	summary := itoa(c.OK) + " of " + itoa(c.Total) + " pairs get through"
	cls, text := "cell cell-mixed", itoa(c.OK)+"/"+itoa(c.Total)
	if c.Uniform {
		v := verdictOf(c.Disposition)
		cls, text = "cell "+v.class, v.symbol
		summary = "all " + itoa(c.Total) + " pairs: " + v.words
	}
	m.element("button", text, "class", cls, "data-act", actDrill, "data-from", c.From, "data-to", c.To,
		"data-ok", itoa(c.OK), "data-total", itoa(c.Total),
		"title", from+" → "+to+": "+summary, "aria-label", from+" to "+to+": "+summary)
}

// matrixCellAction is what a click in the matrix does, read from the
// clicked cell at call time: nil outside a cell.
func matrixCellAction(_ app.Context, e app.Event) workspace.Action {
	cell := e.Get("target")
	if !cell.Truthy() || cell.Get("closest").Type() != app.TypeFunction {
		return nil
	}
	cell = cell.Call("closest", "button[data-act]")
	if !cell.Truthy() {
		return nil
	}
	ds := cell.Get("dataset")
	return cellAction(ds.Get("act").String(), ds.Get("from").String(), ds.Get("to").String())
}

// cellAction is the action of a matrix cell's button: a group cell drills
// into its endpoints, an endpoint pair's shows its walk; nil otherwise.
func cellAction(act, from, to string) workspace.Action {
	switch {
	case from == "" || to == "":
		return nil
	case act == actDrill:
		return workspace.DrillMatrix{From: from, To: to}
	case act == actWalk:
		return workspace.PickWalk{From: from, To: to}
	}
	return nil
}

// pickedMark is the matrix cell marked as the picked walk's (pickedClass)
// and which pair it is.
type pickedMark struct {
	el       app.Value
	from, to string
}

// markPickedCell marks the matrix cell of the walk shown, and no other:
// looked up again when the walk changes or the matrix was drawn again
// (the marked cell is no longer in the page).
func (p *pickedMark) markPickedCell(from, to string, picked bool) {
	if !picked {
		from, to = "", ""
	}
	if p.el != nil && p.el.Truthy() {
		if p.from == from && p.to == to && p.el.Get("isConnected").Bool() {
			return
		}
		p.el.Get("classList").Call("remove", pickedClass)
	}
	p.el, p.from, p.to = nil, from, to
	if from == "" {
		return
	}
	doc := app.Window().Get("document")
	css := app.Window().Get("CSS")
	if !doc.Truthy() || !css.Truthy() {
		return
	}
	sel := `#matrix button[data-act="walk"][data-from="` + css.Call("escape", from).String() + `"][data-to="` + css.Call("escape", to).String() + `"]`
	if el := doc.Call("querySelector", sel); el.Truthy() {
		el.Get("classList").Call("add", pickedClass)
		p.el = el
	}
}
