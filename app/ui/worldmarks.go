package ui

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The world's marks that change often — what a drag lifts (hidden there,
// drawn by the drag layer) and what is selected — are classes the Shell
// sets on the scene's elements by key, after every render and when a drag
// lifts, rather than classes in SceneView's markup: a part drawn again is
// painted again whole, and a part of edges can span most of the design (a
// shared route table's associations), so at 500 VNets a click's paint, and
// a drag's first move after it, waited for the browser to raster again
// the parts the mark had drawn again. Marking an element repaints that
// element alone.

// Classes of the world's marks (web/vnetplay.css, app/ui/canvas.css).
const (
	liftedClass   = "lifted"
	selectedClass = "selected"
)

// sceneMarks are the world's marks, and the count of the canvas' renders
// (renderCanvas): a render may have drawn a part again, whose elements are
// new and unmarked.
type sceneMarks struct {
	renders  int
	lifted   worldMark // liftedClass
	selected worldMark // selectedClass
}

// lift marks what a drag lifts (liftedKeys); mark marks what is selected
// (selectedSceneKeys).
func (s *sceneMarks) lift(keys []string) { s.lifted.set(liftedClass, keys, s.renders) }
func (s *sceneMarks) mark(keys []string) { s.selected.set(selectedClass, keys, s.renders) }

// worldMark is one class set on the scene's elements by their data-key:
// the elements marked, their keys (joined) and the render they were found
// after.
type worldMark struct {
	els  []app.Value
	keys string
	at   int
}

// set marks with class the scene's elements whose data-key is one of
// keys, and no others. The elements are looked up again when the keys
// change or the canvas was rendered since (renders); without keys, the
// marks go.
func (m *worldMark) set(class string, keys []string, renders int) {
	joined := strings.Join(keys, "\n")
	if joined == m.keys && (m.at == renders || len(keys) == 0) {
		return
	}
	want := make(map[string]bool, len(keys))
	for _, k := range keys {
		want[k] = true
	}
	for _, el := range m.els { // unmarked unless still wanted
		if !want[el.Get("dataset").Get("key").String()] {
			el.Get("classList").Call("remove", class)
		}
	}
	m.els, m.keys, m.at = nil, joined, renders
	world := app.Window().GetElementByID("world")
	if len(keys) == 0 || !world.Truthy() {
		return
	}
	for _, el := range sceneElements(world, keys, want) {
		if cl := el.Get("classList"); !cl.Call("contains", class).Bool() {
			cl.Call("add", class) // (each change restyles the element)
		}
		m.els = append(m.els, el)
	}
}

// manyKeys is the most keys looked up by one selector: beyond, the
// scene's keyed elements are read one by one (select all at 500 VNets).
const manyKeys = 64

// sceneElements are the elements of world's scene whose data-key is one
// of keys (want is keys as a set).
func sceneElements(world app.Value, keys []string, want map[string]bool) []app.Value {
	var out []app.Value
	if len(keys) <= manyKeys {
		found := world.Call("querySelectorAll", keySelector(keys))
		for i := range found.Length() {
			out = append(out, found.Index(i))
		}
		return out
	}
	all := world.Call("querySelectorAll", ".scene [data-key]")
	for i := range all.Length() {
		if el := all.Index(i); want[el.Get("dataset").Get("key").String()] {
			out = append(out, el)
		}
	}
	return out
}

// keySelector is the CSS selector of the scene's elements whose data-key
// is one of keys.
func keySelector(keys []string) string {
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(`.scene [data-key="`)
		for _, r := range k {
			switch r {
			case '"', '\\':
				b.WriteByte('\\')
				b.WriteRune(r)
			case '\n':
				b.WriteString(`\a `)
			default:
				b.WriteRune(r)
			}
		}
		b.WriteString(`"]`)
	}
	return b.String()
}

// selectedSceneKeys are the data-keys of the scene's elements the
// selection marks: a node by its key, an edge (selected as "edge:" and its
// key) by its key.
func selectedSceneKeys(selected []string) []string {
	out := make([]string, 0, len(selected))
	for _, k := range selected {
		out = append(out, strings.TrimPrefix(k, "edge:"))
	}
	return out
}
