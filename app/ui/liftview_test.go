//go:build !(js && wasm)

package ui

import (
	"testing"

	"vnetplay/app/canvas"
	"vnetplay/app/workspace"
	"vnetplay/engine/gen"
	"vnetplay/engine/scenario"
)

// TestLiftOnlyKeepsTheWorldsClass: a drag's move is drawn on the drag
// layer alone (Shell.liftOnly) while the world's class stays as the last
// render drew it; a move that makes the design's edges long enough to be
// drawn solid (plainEdgeLength) is rendered, so that the world and the
// drag layer switch together.
func TestLiftOnlyKeepsTheWorldsClass(t *testing.T) {
	l := newLiveShell(t)
	doc := &scenario.Document{Format: scenario.Format, Version: scenario.Latest, Name: "small hub",
		Topology: gen.HubSpokeScale(gen.Params{N: 6, Subnets: 1, Seed: 1})}
	data, err := scenario.Encode(doc)
	if err != nil {
		t.Fatal(err)
	}
	l.do(workspace.Import{Name: "hub.json", Text: string(data)})
	sc := l.s.ws.Snap().Scene
	if sc.EdgeLength() >= plainEdgeLength/2 {
		t.Fatalf("the design's edges are already %.0f long", sc.EdgeLength())
	}
	node, ok := sc.Node("vnet:spoke001")
	if !ok {
		t.Fatal("no spoke001")
	}
	v := l.s.ws.View()
	at := canvas.Point{X: (node.Box.X+10)*v.Zoom + v.Pan.X, Y: (node.Box.Y+6)*v.Zoom + v.Pan.Y}
	step := canvas.Grid * v.Zoom
	move := func(dx float64) {
		l.s.ws.Do(workspace.PointerMove{At: canvas.Point{X: at.X + dx, Y: at.Y}, Pointer: 1})
	}
	l.do(workspace.PointerDown{At: at, Screen: canvas.Rect{W: 800, H: 600}, Pointer: 1})
	l.do(workspace.PointerMove{At: canvas.Point{X: at.X + step, Y: at.Y}, Pointer: 1}) // starts the undo step: rendered
	far := l.s.farView()
	move(3 * step)
	if !l.s.liftOnly(far) {
		t.Fatal("a drag's move is rendered: it should be drawn on the drag layer alone")
	}
	move(plainEdgeLength * v.Zoom)
	if !l.s.ws.LiftOnly() {
		t.Fatal("the long move changed more than the lifted items")
	}
	if got := worldClass(far, l.s.ws.Snap().Scene); got != "world plain" {
		t.Fatalf("after the long move the world's class would be %q", got)
	}
	if l.s.liftOnly(far) {
		t.Fatal("the move that makes the edges solid is drawn on the drag layer alone: the world would keep its dashes")
	}
}
