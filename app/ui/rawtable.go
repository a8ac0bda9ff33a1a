package ui

import (
	"html"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// rawTable is a table of text drawn from its markup (app.Raw): go-app
// mounts it with one innerHTML, where an element tree costs an element, a
// js.Value and a finalizer for each row and cell (a circuit's BGP tables
// are hundreds of rows, mounted again each time the circuit fails and is
// restored). Only for tables whose rows and cells have no handlers: what
// a reader clicks stays a go-app element outside the table. Every text
// and attribute is escaped.
type rawTable struct {
	b strings.Builder
}

// rawCell is one cell of a rawTable row: its class, its text and, above
// 1, how many columns it spans.
type rawCell struct {
	class, text string
	span        int
}

// newRawTable starts a table with id and class (either may be empty), a
// caption (with its class, e.g. "sr-only"; none when caption is empty)
// and a head row of column titles.
func newRawTable(id, class, caption, captionClass string, head ...string) *rawTable {
	t := &rawTable{}
	t.b.WriteString("<table")
	t.attr("id", id)
	t.attr("class", class)
	t.b.WriteByte('>')
	if caption != "" {
		t.b.WriteString("<caption")
		t.attr("class", captionClass)
		t.b.WriteByte('>')
		t.b.WriteString(html.EscapeString(caption))
		t.b.WriteString("</caption>")
	}
	t.b.WriteString("<thead><tr>")
	for _, h := range head {
		t.b.WriteString(`<th scope="col">`)
		t.b.WriteString(html.EscapeString(h))
		t.b.WriteString("</th>")
	}
	t.b.WriteString("</tr></thead><tbody>")
	return t
}

// row adds a body row with class and title (a tooltip; either may be
// empty).
func (t *rawTable) row(class, title string, cells ...rawCell) {
	t.b.WriteString("<tr")
	t.attr("class", class)
	t.attr("title", title)
	t.b.WriteByte('>')
	for _, c := range cells {
		t.b.WriteString("<td")
		t.attr("class", c.class)
		if c.span > 1 {
			t.attr("colspan", strconv.Itoa(c.span))
		}
		t.b.WriteByte('>')
		t.b.WriteString(html.EscapeString(c.text))
		t.b.WriteString("</td>")
	}
	t.b.WriteString("</tr>")
}

// UI ends the table and returns it as one raw element.
func (t *rawTable) UI() app.UI {
	t.b.WriteString("</tbody></table>")
	return app.Raw(t.b.String())
}

// attr writes ` name="value"` (escaped), nothing when value is empty.
func (t *rawTable) attr(name, value string) {
	if value == "" {
		return
	}
	t.b.WriteByte(' ')
	t.b.WriteString(name)
	t.b.WriteString(`="`)
	t.b.WriteString(html.EscapeString(value))
	t.b.WriteByte('"')
}

// rawList is a list (ul) of n items of text, item(i) each, drawn from its
// markup as a rawTable is; id and class may be empty.
func rawList(id, class string, n int, item func(i int) string) app.UI {
	var t rawTable
	t.b.WriteString("<ul")
	t.attr("id", id)
	t.attr("class", class)
	t.b.WriteByte('>')
	for i := range n {
		t.b.WriteString("<li>")
		t.b.WriteString(html.EscapeString(item(i)))
		t.b.WriteString("</li>")
	}
	t.b.WriteString("</ul>")
	return app.Raw(t.b.String())
}

// plainCell is a cell of text; monoCell one in the monospace class.
func plainCell(s string) rawCell { return rawCell{text: s} }
func monoCell(s string) rawCell  { return rawCell{class: "mono", text: s} }
