package workspace

import (
	"testing"

	"vnetplay/app/canvas"
	"vnetplay/engine/gen"
	"vnetplay/engine/scenario"
)

// TestBigDesignOpensOnItsHub: a hub and spoke too large to fit at the
// opening zoom opens at 40% on its left edge, vertically centred, where
// the layout puts the hub (with its sites and circuit): the hub is on
// screen. It opened on the middle of the spoke columns before.
func TestBigDesignOpensOnItsHub(t *testing.T) {
	w, st := startedWS(t)
	doc := &scenario.Document{Format: scenario.Format, Version: scenario.Latest, Name: "big",
		Topology: gen.HubSpokeScale(gen.Params{N: 499, Subnets: 2, Prefixes: 10, Seed: 1})}
	raw, err := scenario.EncodeCompact(doc)
	if err != nil {
		t.Fatal(err)
	}
	w.Settle(st, w.Do(Import{Name: "big.json", Text: string(raw)}))
	v := w.View()
	if v.Zoom != OpenZoom {
		t.Fatalf("opened at zoom %v, want %v", v.Zoom, OpenZoom)
	}
	var hub canvas.Rect
	for _, n := range w.Snap().Scene.Nodes {
		if n.Key == "vnet:hub" {
			hub = n.Box
		}
	}
	if hub.W == 0 {
		t.Fatal("no hub in the scene")
	}
	a, b := v.ToScreen(canvas.Point{X: hub.X, Y: hub.Y}), v.ToScreen(canvas.Point{X: hub.X + hub.W, Y: hub.Y + hub.H})
	if a.X < 0 || a.Y < 0 || b.X > screen.W || b.Y > screen.H {
		t.Errorf("the hub is drawn at %v–%v, outside the %v×%v canvas", a, b, screen.W, screen.H)
	}
	left := v.ToScreen(canvas.Point{X: w.Snap().Scene.Bounds.X})
	if left.X != openMargin {
		t.Errorf("the design's left edge is at %v on screen, want %v", left.X, openMargin)
	}
}

// TestDesignJustTooBigOpensWhole: a design that fits a little under
// OpenZoom with Fit's margins opens at OpenZoom, centred, whole on screen
// (it opened at 50%, its right part under the side panel).
func TestDesignJustTooBigOpensWhole(t *testing.T) {
	w, st := startedWS(t)
	w.Settle(st, w.Do(OpenBuiltin{Name: "private-endpoint-dns-hub-resolver"}))
	b := w.Snap().Scene.Bounds
	// A canvas the design fills at OpenZoom with 10 px to spare: Fit's 40
	// px margins make it fit under OpenZoom.
	sc := canvas.Rect{W: b.W*OpenZoom + 10, H: b.H*OpenZoom + 10}
	w.Settle(st, w.Do(Fit{Screen: sc}))
	if z := w.View().Zoom; z >= OpenZoom {
		t.Fatalf("the test's canvas fits the design at %v", z)
	}
	w.Settle(st, w.Do(OpenBuiltin{Name: "private-endpoint-dns-hub-resolver"}))
	v := w.View()
	a, c := v.ToScreen(canvas.Point{X: b.X, Y: b.Y}), v.ToScreen(canvas.Point{X: b.X + b.W, Y: b.Y + b.H})
	if v.Zoom != OpenZoom || a.X < 0 || a.Y < 0 || c.X > sc.W || c.Y > sc.H {
		t.Errorf("opened at %v, the design drawn at %v–%v on a %v×%v canvas", v.Zoom, a, c, sc.W, sc.H)
	}
}
