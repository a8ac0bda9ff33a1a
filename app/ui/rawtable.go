package ui

import (
	"html"
	"strconv"
	"strings"
	"unicode"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Tables of text are drawn from their markup (app.Raw): go-app mounts
// them with one innerHTML, where an element tree costs an element, a
// js.Value and a finalizer for each row and cell (a circuit's BGP tables
// are hundreds of rows, mounted again each time the circuit fails and is
// restored; the Reach matrix is 1,600 cells). Every text and attribute is
// escaped. A table drawn so holds no go-app handler: what a reader clicks
// outside it stays a go-app element, and the matrix's cells are answered
// by one handler reading the clicked cell at call time (onMatrixCell).

// markup writes HTML: elements, escaped attributes and text.
type markup struct {
	b strings.Builder
}

// open writes a start tag with attrs, name and value pairs (an empty value
// is left out).
func (m *markup) open(tag string, attrs ...string) {
	m.b.WriteByte('<')
	m.b.WriteString(tag)
	for i := 0; i+1 < len(attrs); i += 2 {
		if attrs[i+1] == "" {
			continue
		}
		m.b.WriteByte(' ')
		m.b.WriteString(attrs[i])
		m.b.WriteString(`="`)
		m.b.WriteString(html.EscapeString(attrs[i+1]))
		m.b.WriteByte('"')
	}
	m.b.WriteByte('>')
}

// close writes an end tag.
func (m *markup) close(tag string) {
	m.b.WriteString("</")
	m.b.WriteString(tag)
	m.b.WriteByte('>')
}

// text writes s escaped.
func (m *markup) text(s string) { m.b.WriteString(html.EscapeString(s)) }

// camelText writes s escaped, with a line-break opportunity (wbr) where
// a word of a camel-case identifier starts: "VirtualNetworkGateway" may
// wrap as Virtual, Network, Gateway. The text is unchanged.
func (m *markup) camelText(s string) {
	start, prev := 0, rune(0)
	for i, r := range s {
		if unicode.IsUpper(r) && unicode.IsLower(prev) {
			m.text(s[start:i])
			m.b.WriteString("<wbr>")
			start = i
		}
		prev = r
	}
	m.text(s[start:])
}

// element writes a whole element holding text s.
func (m *markup) element(tag, s string, attrs ...string) {
	m.open(tag, attrs...)
	m.text(s)
	m.close(tag)
}

// UI returns what was written as one raw element (it must be one).
func (m *markup) UI() app.UI { return app.Raw(m.b.String()) }

// rawTable is a table of text drawn from its markup.
type rawTable struct {
	markup
}

// rawCell is one cell of a rawTable row: its class, its text and, above
// 1, how many columns it spans. A cell of words (wordCell) may wrap
// between the words of an identifier written in camel case.
type rawCell struct {
	class, text string
	span        int
	words       bool
}

// newRawTable starts a table with id and class (either may be empty), a
// caption (with its class, e.g. "sr-only"; none when caption is empty)
// and a head row of column titles.
func newRawTable(id, class, caption, captionClass string, head ...string) *rawTable {
	t := &rawTable{}
	t.open("table", "id", id, "class", class)
	if caption != "" {
		t.element("caption", caption, "class", captionClass)
	}
	t.b.WriteString("<thead><tr>")
	for _, h := range head {
		t.element("th", h, "scope", "col")
	}
	t.b.WriteString("</tr></thead><tbody>")
	return t
}

// row adds a body row with class and title (a tooltip; either may be
// empty).
func (t *rawTable) row(class, title string, cells ...rawCell) {
	t.open("tr", "class", class, "title", title)
	for _, c := range cells {
		span := ""
		if c.span > 1 {
			span = strconv.Itoa(c.span)
		}
		if !c.words {
			t.element("td", c.text, "class", c.class, "colspan", span)
			continue
		}
		t.open("td", "class", c.class, "colspan", span)
		t.camelText(c.text)
		t.close("td")
	}
	t.close("tr")
}

// UI ends the table and returns it as one raw element.
func (t *rawTable) UI() app.UI {
	t.b.WriteString("</tbody></table>")
	return t.markup.UI()
}

// rawList is a list (ul) of n items of text, item(i) each, drawn from its
// markup as a rawTable is; id and class may be empty.
func rawList(id, class string, n int, item func(i int) string) app.UI {
	var m markup
	m.open("ul", "id", id, "class", class)
	for i := range n {
		m.element("li", item(i))
	}
	m.close("ul")
	return m.UI()
}

// plainCell is a cell of text; monoCell one in the monospace class.
func plainCell(s string) rawCell { return rawCell{text: s} }
func monoCell(s string) rawCell  { return rawCell{class: "mono", text: s} }

// wordCell is a cell of Azure's names for kinds of things
// ("VirtualNetworkGateway"), which may wrap between their words.
func wordCell(s string) rawCell { return rawCell{text: s, words: true} }
