//go:build js && wasm

package ui

import (
	"syscall/js"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/kinds"
)

// TestShellSVGInRealDOM mounts the shell into Chromium's document and checks
// what the browser actually built: every element inside an <svg> must be an
// SVG element (go-app creates SVG only for elements carrying XMLNS,
// go-app-wasm-notes §8) and the icons must have a size on screen.
func TestShellSVGInRealDOM(t *testing.T) {
	doc := js.Global().Get("document")
	if doc.IsUndefined() {
		t.Fatal("no document: this test must run in a browser (wasmbrowsertest)")
	}
	e := app.NewTestEngine()
	s := &Shell{}
	if err := e.Load(s); err != nil {
		t.Fatal(err)
	}
	e.ConsumeAll()

	// The test engine builds the tree detached; attach its root element.
	host := doc.Call("createElement", "div")
	host.Set("id", "test-host")
	host.Get("style").Set("width", "1200px")
	host.Get("style").Set("height", "800px")
	doc.Get("body").Call("appendChild", host)
	defer host.Call("remove")
	app.Window().GetElementByID("test-host").Call("appendChild", s.JSValue())
	if doc.Call("querySelector", "#test-host > #vnetplay").IsNull() {
		t.Fatal("the shell's root element is not in the document")
	}

	nodes := doc.Call("querySelectorAll", "#vnetplay svg, #vnetplay svg *")
	n := nodes.Length()
	if n < 50 {
		t.Fatalf("only %d SVG nodes found; the shell should have the canvas and 14 icons", n)
	}
	for i := range n {
		el := nodes.Index(i)
		if ns := el.Get("namespaceURI").String(); ns != SVGNS {
			t.Errorf("<%s class=%q> is in namespace %q, want SVG", el.Get("tagName").String(), el.Call("getAttribute", "class").String(), ns)
		}
	}
	icons := doc.Call("querySelectorAll", "#vnetplay .palette-item svg.icon")
	if icons.Length() != len(kinds.PaletteKinds()) {
		t.Fatalf("%d palette icons in the DOM, want %d", icons.Length(), len(kinds.PaletteKinds()))
	}
	for i := range icons.Length() {
		r := icons.Index(i).Call("getBoundingClientRect")
		if r.Get("width").Float() != 20 || r.Get("height").Float() != 20 {
			t.Errorf("palette icon %d is %vx%v, want 20x20", i, r.Get("width").Float(), r.Get("height").Float())
		}
		// Each icon draws something: its first shape has a non-empty box.
		if b := icons.Index(i).Get("firstElementChild").Call("getBBox"); b.Get("width").Float() == 0 && b.Get("height").Float() == 0 {
			t.Errorf("palette icon %d draws nothing", i)
		}
	}
}
