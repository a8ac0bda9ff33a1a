//go:build !(js && wasm)

package ui

import (
	"fmt"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/canvas"
	"vnetplay/app/kinds"
	"vnetplay/app/persist"
	"vnetplay/app/store"
	"vnetplay/app/workspace"
)

// BenchmarkShellPan is one pointer move of a pan (a drag on empty canvas)
// on bench-browser's designs, through the Shell mounted in go-app's test
// engine: the workspace's action plus go-app's update of the mounted tree
// (the browser's DOM work is not in it). The scene is not redrawn: only
// the world's transform changes.
func BenchmarkShellPan(b *testing.B) {
	for _, n := range []int{100, 500} {
		data := benchDesign(b, n)
		b.Run(fmt.Sprintf("vnets=%d", n), func(b *testing.B) {
			l := mountedWith(b, data, nil)
			screen := canvas.Rect{W: 800, H: 600}
			far := canvas.Point{X: -5000, Y: -5000} // empty canvas
			l.do(workspace.PointerDown{At: far, Screen: screen, Pointer: 1})
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				l.do(workspace.PointerMove{At: canvas.Point{X: far.X + float64(i%50), Y: far.Y}, Pointer: 1})
			}
		})
	}
}

// BenchmarkShellDrag is one pointer move dragging a spoke, through the
// mounted Shell like BenchmarkShellPan: a layout edit (no analysis), a new
// scene, and go-app's update of the scene's components. draw=parts is the
// scene as the canvas draws it (SceneView's parts: only what moved is
// compared beyond its pointer); draw=flat is the way it was drawn before,
// one component per edge and node holding it by value, all compared.
//
// step=px moves the pointer one pixel at a time, as the first
// measurements did (most moves stay within a grid step: the node does not
// move); step=grid moves it a grid step at a time, so every move moves the
// node.
func BenchmarkShellDrag(b *testing.B) {
	for _, n := range []int{100, 500} {
		data := benchDesign(b, n)
		for _, step := range []string{"px", "grid"} {
			for _, draw := range []string{"flat", "parts"} {
				b.Run(fmt.Sprintf("vnets=%d/step=%s/draw=%s", n, step, draw), func(b *testing.B) {
					benchDrag(b, data, step == "grid", draw == "flat")
				})
			}
		}
	}
}

func benchDrag(b *testing.B, data []byte, grid, flat bool) {
	var draw func(*SceneView) app.UI
	if flat {
		draw = flatSceneRender
	}
	l := mountedWith(b, data, draw)
	node, ok := l.s.ws.Snap().Scene.Node("vnet:spoke001")
	if !ok {
		b.Fatal("no spoke001")
	}
	screen := canvas.Rect{W: 800, H: 600}
	v := l.s.ws.View()
	at := canvas.Point{X: (node.Box.X+10)*v.Zoom + v.Pan.X, Y: (node.Box.Y+6)*v.Zoom + v.Pan.Y}
	l.do(workspace.PointerDown{At: at, Screen: screen, Pointer: 1})
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		dx := float64(4 + i%50)
		if grid {
			dx = canvas.Grid * v.Zoom * float64(1+i%20)
		}
		l.do(workspace.PointerMove{At: canvas.Point{X: at.X + dx, Y: at.Y}, Pointer: 1})
	}
}

// flatSceneRender is SceneView's render before parts: one list of
// components, each holding its edge or node by value.
func flatSceneRender(v *SceneView) app.UI {
	m := marks{failed: keySet(v.Failed), spof: keySet(v.SPOF), target: v.Target}
	sel := map[string]bool{} // (the selection is the Shell's mark: worldmarks.go)
	parts := make([]app.UI, 0, len(v.Scene.ptr.Edges)+len(v.Scene.ptr.Nodes))
	for _, e := range v.Scene.ptr.Edges {
		parts = append(parts, &flatEdgeView{Edge: e, Class: edgeClass(e, m, sel["edge:"+e.Key]), Far: v.Far})
	}
	for _, n := range v.Scene.ptr.Nodes {
		parts = append(parts, &flatNodeView{Node: n, Class: nodeClass(n, m, sel[n.Key]), Far: v.Far})
	}
	return S("g").Class("scene").Body(parts...)
}

type flatEdgeView struct {
	app.Compo
	Edge  canvas.Edge
	Class string
	Far   bool
}

func (v *flatEdgeView) Render() app.UI { return edgeSVG(v.Edge, v.Class, v.Far).UI() }

type flatNodeView struct {
	app.Compo
	Node  canvas.Node
	Class string
	Far   bool
}

func (v *flatNodeView) Render() app.UI { return nodeSVG(v.Node, v.Class, v.Far).UI() }

// mountedWith is a Shell mounted in go-app's test engine with the design
// data imported.
func mountedWith(b *testing.B, data []byte, flat func(*SceneView) app.UI) *liveShell {
	b.Helper()
	l := &liveShell{s: &Shell{flatScene: flat}, e: app.NewTestEngine(), st: &persist.Memory{}}
	if err := l.e.Load(l.s); err != nil {
		b.Fatal(err)
	}
	l.e.ConsumeAll()
	l.do(workspace.Import{Name: "bench.json", Text: string(data)})
	return l
}

// BenchmarkShellEditDrawn times an Inspector edit of the hub (its location:
// every peering turns global) through the mounted Shell as the browser
// draws it: the workspace's action and go-app's update of the mounted tree,
// before the engine's analysis (which follows the paint in the browser and
// is not timed here).
func BenchmarkShellEditDrawn(b *testing.B) {
	for _, n := range []int{100, 500} {
		data := benchDesign(b, n)
		b.Run(fmt.Sprintf("vnets=%d", n), func(b *testing.B) {
			l := mountedWith(b, data, nil)
			l.do(workspace.DeferAnalysis{}) // as OnMount does in the browser
			hub := store.Ref{Kind: kinds.VNet, ID: "hub"}
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				l.s.ctx.Dispatch(func(app.Context) {
					l.s.ws.Do(workspace.SetProperty{Ref: hub, Path: "location", Value: fmt.Sprint("loc", i%2)})
				})
				l.e.ConsumeAll()
				b.StopTimer()
				if !l.s.ws.Updating() {
					b.Fatal("the edit was analysed before it was drawn")
				}
				l.do(workspace.Analyse{})
				b.StartTimer()
			}
		})
	}
}

// BenchmarkLiftMove is the Go work of a drag's move after its first, as
// the pointer's event handler does it in the browser (onViewEventAt): the
// workspace's action, the check that only the lifted nodes moved
// (stillDrawn), and the drag layer's content and the keys hidden in the
// world (placeLift, less its two DOM writes). draw=rendered is the same
// move drawn by a render of the mounted Shell, the way moves were drawn
// before the drag layer (BenchmarkShellDrag's draw=parts).
func BenchmarkLiftMove(b *testing.B) {
	for _, n := range []int{100, 500} {
		data := benchDesign(b, n)
		for _, draw := range []string{"lift", "rendered"} {
			b.Run(fmt.Sprintf("vnets=%d/draw=%s", n, draw), func(b *testing.B) {
				if draw == "rendered" {
					benchDrag(b, data, true, false)
					return
				}
				l := mountedWith(b, data, nil)
				node, ok := l.s.ws.Snap().Scene.Node("vnet:spoke001")
				if !ok {
					b.Fatal("no spoke001")
				}
				v := l.s.ws.View()
				at := canvas.Point{X: (node.Box.X+10)*v.Zoom + v.Pan.X, Y: (node.Box.Y+6)*v.Zoom + v.Pan.Y}
				l.do(workspace.PointerDown{At: at, Screen: canvas.Rect{W: 800, H: 600}, Pointer: 1},
					workspace.PointerMove{At: canvas.Point{X: at.X + canvas.Grid*v.Zoom, Y: at.Y}, Pointer: 1})
				b.ReportAllocs()
				b.ResetTimer()
				for i := range b.N {
					before := l.s.drawnView()
					l.s.ws.Do(workspace.PointerMove{At: canvas.Point{X: at.X + canvas.Grid*v.Zoom*float64(2+i%20), Y: at.Y}, Pointer: 1})
					if !l.s.stillDrawn(before) {
						b.Fatal("a move after the lift is drawn again")
					}
					_ = liftedKeys(l.s.ws.Snap().Scene, l.s.ws.Lifted())
					_ = l.s.liftContent()
				}
			})
		}
	}
}
