package workspace

import (
	"math"
	"testing"

	"vnetplay/app/canvas"
)

func TestSimBubbleAt(t *testing.T) {
	node := canvas.Rect{X: 100, Y: 100, W: 200, H: 60}
	size := canvas.Point{X: 360, Y: 120}
	id := canvas.NewViewport()
	for _, c := range []struct {
		name   string
		node   canvas.Rect
		size   canvas.Point
		view   canvas.Viewport
		screen canvas.Rect
		want   SimBubblePlace
	}{
		{"room on the right: beside the node, level with it", node, size, id, canvas.Rect{W: 1200, H: 800},
			SimBubblePlace{At: canvas.Point{X: 318, Y: 92}, Scale: 1}},
		{"canvas size unknown: on the right", node, size, id, canvas.Rect{},
			SimBubblePlace{At: canvas.Point{X: 318, Y: 92}, Scale: 1}},
		{"no room on the right: on the left", canvas.Rect{X: 500, Y: 100, W: 200, H: 60}, size, id, canvas.Rect{W: 900, H: 800},
			SimBubblePlace{At: canvas.Point{X: 122, Y: 92}, Scale: 1}},
		{"room on neither side: as far right as the canvas allows", canvas.Rect{X: 150, Y: 100, W: 400, H: 60}, size, id, canvas.Rect{W: 700, H: 800},
			SimBubblePlace{At: canvas.Point{X: 332, Y: 92}, Scale: 1}},
		{"node near the foot: moved up above the controls", canvas.Rect{X: 100, Y: 700, W: 200, H: 60}, size, id, canvas.Rect{W: 1200, H: 800},
			SimBubblePlace{At: canvas.Point{X: 318, Y: 616}, Scale: 1}},
		{"node above the top: moved down", canvas.Rect{X: 100, Y: -50, W: 200, H: 60}, size, id, canvas.Rect{W: 1200, H: 800},
			SimBubblePlace{At: canvas.Point{X: 318, Y: 8}, Scale: 1}},
		// Challenge 07 presenting at 1280×720: a wide node at zoom 1.45 on
		// an 896-px canvas, its left end in view (the bubble's right edge
		// was 59 px past the canvas).
		{"zoomed in, wide node: clamped inside the canvas", canvas.Rect{X: 0, Y: 0, W: 300, H: 80}, size,
			canvas.Viewport{Zoom: 1.45, Pan: canvas.Point{X: 24, Y: 100}}, canvas.Rect{X: 0, Y: 48, W: 896, H: 672},
			SimBubblePlace{At: canvas.Point{X: (888 - 360*1.45 - 24) / 1.45, Y: -8}, Scale: 1}},
		{"bubble wider than the canvas: drawn smaller, at the left margin", node, size,
			canvas.Viewport{Zoom: 2, Pan: canvas.Point{X: 0, Y: 0}}, canvas.Rect{W: 600, H: 800},
			SimBubblePlace{At: canvas.Point{X: 4, Y: 92}, Scale: 584.0 / 720}},
		{"bubble taller than the canvas: drawn smaller", node, canvas.Point{X: 100, Y: 900}, id, canvas.Rect{W: 1200, H: 500},
			SimBubblePlace{At: canvas.Point{X: 318, Y: 8}, Scale: 428.0 / 900}},
	} {
		got := SimBubbleAt(c.node, c.size, c.view, c.screen)
		if math.Abs(got.At.X-c.want.At.X) > 1e-9 || math.Abs(got.At.Y-c.want.At.Y) > 1e-9 || math.Abs(got.Scale-c.want.Scale) > 1e-9 {
			t.Errorf("%s: got %+v, want %+v", c.name, got, c.want)
		}
		if c.screen.W <= 0 {
			continue
		}
		// Whatever the case, the bubble is wholly on the canvas, clear of
		// its margins and of the controls at its foot.
		tl := c.view.ToScreen(got.At)
		w, h := c.size.X*c.view.Zoom*got.Scale, c.size.Y*c.view.Zoom*got.Scale
		if tl.X < simBubbleMargin-1e-9 || tl.Y < simBubbleMargin-1e-9 || tl.X+w > c.screen.W-simBubbleMargin+1e-9 || tl.Y+h > c.screen.H-simBubbleBottom+1e-9 {
			t.Errorf("%s: the bubble on screen at %+v, %gx%g, leaves the %gx%g canvas", c.name, tl, w, h, c.screen.W, c.screen.H)
		}
	}
}
