package workspace

import (
	"math"

	"vnetplay/app/canvas"
)

// Where a simulation step's caption bubble goes on the canvas
// (app/ui/simulateview.go draws it in the world layer, in world units).
const (
	// SimBubbleGap is the room between the step's node and its bubble, in
	// world units.
	SimBubbleGap = 18.0
	// simBubbleMargin keeps the bubble off the canvas' edges (screen px).
	simBubbleMargin = 8.0
	// simBubbleBottom keeps it clear of the controls floating at the
	// canvas' foot: the simulation's bar and the zoom status (screen px,
	// presentation mode's larger type included).
	simBubbleBottom = 64.0
)

// SimBubblePlace is where the bubble goes: its top-left corner in world
// units, and the scale it is drawn at (1, or less when the bubble at the
// view's zoom is larger than the canvas).
type SimBubblePlace struct {
	At    canvas.Point
	Scale float64
}

// SimBubbleAt places a bubble of size (world units) beside the node box
// node, so that it shows whole on a canvas of screen's size (screen px)
// under view v: to the node's right when it fits there, else to its
// left, else as near the node as the canvas allows; its top level with
// the node's, moved up or down to stay in view; drawn smaller when it is
// larger than the canvas. While the canvas' size is not known it goes to
// the node's right at its own size.
func SimBubbleAt(node canvas.Rect, size canvas.Point, v canvas.Viewport, screen canvas.Rect) SimBubblePlace {
	right := SimBubblePlace{At: canvas.Point{X: node.X + node.W + SimBubbleGap, Y: node.Y - 8}, Scale: 1}
	z := v.Zoom
	if !(screen.W > 0 && screen.H > 0 && z > 0 && size.X > 0 && size.Y > 0) || math.IsInf(z, 0) {
		return right
	}
	x0, x1 := simBubbleMargin, screen.W-simBubbleMargin
	y0, y1 := simBubbleMargin, screen.H-simBubbleBottom
	if x1 <= x0 || y1 <= y0 {
		return right
	}
	scale := min(1, (x1-x0)/(size.X*z), (y1-y0)/(size.Y*z))
	w, h := size.X*z*scale, size.Y*z*scale // the bubble on screen
	tl := v.ToScreen(canvas.Point{X: node.X, Y: node.Y})
	nodeW, gap := node.W*z, SimBubbleGap*z
	fits := func(x float64) bool { return x >= x0 && x+w <= x1 }
	x := tl.X + nodeW + gap // right of the node
	switch left := tl.X - gap - w; {
	case fits(x):
	case fits(left):
		x = left
	default:
		x = max(x0, min(x, x1-w))
	}
	y := max(y0, min(tl.Y-8*z, y1-h))
	return SimBubblePlace{At: v.ToWorld(canvas.Point{X: x, Y: y}), Scale: scale}
}
