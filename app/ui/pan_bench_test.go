//go:build !(js && wasm)

package ui

import (
	"fmt"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/canvas"
	"vnetplay/app/persist"
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
			l := mountedWith(b, data)
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
// scene, and go-app's update of the scene's components.
func BenchmarkShellDrag(b *testing.B) {
	for _, n := range []int{100, 500} {
		data := benchDesign(b, n)
		b.Run(fmt.Sprintf("vnets=%d", n), func(b *testing.B) {
			l := mountedWith(b, data)
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
				l.do(workspace.PointerMove{At: canvas.Point{X: at.X + float64(4+i%50), Y: at.Y}, Pointer: 1})
			}
		})
	}
}

// mountedWith is a Shell mounted in go-app's test engine with the design
// data imported.
func mountedWith(b *testing.B, data []byte) *liveShell {
	b.Helper()
	l := &liveShell{s: &Shell{}, e: app.NewTestEngine(), st: &persist.Memory{}}
	if err := l.e.Load(l.s); err != nil {
		b.Fatal(err)
	}
	l.e.ConsumeAll()
	l.do(workspace.Import{Name: "bench.json", Text: string(data)})
	return l
}
