// Package canvas holds the canvas logic that does not need a browser: the
// viewport (pan, zoom, fit), geometry (hit testing, snapping, edge anchors)
// and the undo history. It is plain Go, tested natively; the go-app
// components in app/ui only call it.
package canvas

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Zoom limits of the viewport.
const (
	MinZoom = 0.05 // a 500-VNet design fits; under detailZoom the UI draws boxes only
	MaxZoom = 4.0
)

// Point is a position, in screen pixels or in world (design) units depending
// on the function that returns it.
type Point struct{ X, Y float64 }

// Viewport maps world coordinates (where nodes live, saved in the scenario's
// layout) to screen coordinates (the SVG element's pixels):
//
//	screen = world*Zoom + Pan
//
// The zero value is not valid; use NewViewport. Viewport is a value: every
// method returns a new one.
type Viewport struct {
	Pan  Point
	Zoom float64
}

// NewViewport returns the identity viewport: no pan, zoom 1.
func NewViewport() Viewport { return Viewport{Zoom: 1} }

// Panned moves the view by (dx, dy) screen pixels, as a drag on the empty
// canvas does.
func (v Viewport) Panned(dx, dy float64) Viewport {
	v.Pan.X += dx
	v.Pan.Y += dy
	return v
}

// ZoomedAt multiplies the zoom by factor, clamped to [MinZoom, MaxZoom],
// keeping the world point under the screen point at fixed in place (zooming
// with the mouse wheel zooms "into the cursor"). A non-positive or non-finite
// factor leaves the viewport unchanged.
func (v Viewport) ZoomedAt(at Point, factor float64) Viewport {
	if !(factor > 0) || math.IsInf(factor, 0) {
		return v
	}
	world := v.ToWorld(at)
	v.Zoom = min(max(v.Zoom*factor, MinZoom), MaxZoom)
	v.Pan.X = at.X - world.X*v.Zoom
	v.Pan.Y = at.Y - world.Y*v.Zoom
	return v
}

// ToWorld converts a screen point to world coordinates.
func (v Viewport) ToWorld(p Point) Point {
	return Point{(p.X - v.Pan.X) / v.Zoom, (p.Y - v.Pan.Y) / v.Zoom}
}

// ToScreen converts a world point to screen coordinates.
func (v Viewport) ToScreen(p Point) Point {
	return Point{p.X*v.Zoom + v.Pan.X, p.Y*v.Zoom + v.Pan.Y}
}

// Transform is the SVG transform attribute that applies the viewport to the
// world group.
func (v Viewport) Transform() string {
	return fmt.Sprintf("translate(%s %s) scale(%s)", Num(v.Pan.X), Num(v.Pan.Y), Scale(v.Zoom))
}

// Num formats a coordinate for SVG attributes: at most two decimals, no
// trailing zeros, so attribute strings are short and stable.
func Num(f float64) string { return fixed(f, 2) } // fmt's %.2f, without fmt's cost (Num is called for every coordinate drawn)

// Scale formats a zoom factor (or a length that a zoom multiplies, such as
// the grid's step) for a transform: six significant digits, no trailing
// zeros. Num's two decimals are a hundredth of a pixel for a coordinate,
// but a factor multiplies world coordinates of up to tens of thousands of
// units: a fitted zoom of 0.0662 written 0.07 drew a 500-VNet design 6%
// larger than the view that clicks and drags are read in, its far spokes
// 35 px from where a click found them. Six significant digits keep any
// point on a 4,000 px screen within 0.02 px of the view, and are what
// Chromium keeps of a transform's number (it reads "scale(1.234567)" back
// as "scale(1.23457)"), so a transform Scale wrote reads back unchanged.
// f must lie in [1e-4, 1e6), where six significant digits need no
// exponent (zooms are in [MinZoom, MaxZoom]).
func Scale(f float64) string {
	var buf [24]byte
	s := string(strconv.AppendFloat(buf[:0], f, 'g', 6, 64))
	if strings.ContainsRune(s, '.') && !strings.ContainsAny(s, "eE") {
		s = strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// fixed is f with the given decimals, trailing zeros (and a trailing
// point) dropped, "-0" written "0".
func fixed(f float64, decimals int) string {
	var buf [40]byte
	s := strings.TrimSuffix(strings.TrimRight(string(strconv.AppendFloat(buf[:0], f, 'f', decimals, 64)), "0"), ".")
	if s == "-0" {
		return "0"
	}
	return s
}

// DrawnWindow is the part of the world (world units) that the canvas
// draws for view v on a canvas of screen's size; what lies wholly outside
// it may be left undrawn (the browser then neither lays it out nor paints
// it). It holds what the canvas shows with a margin of half the shown
// width and height on every side, so that a pan shows nothing undrawn
// before the next render, and it changes seldom: it is worked out at the
// zoom rounded down to a power of two (at least what v shows) and its
// sides are snapped outwards to a grid of half that size, so that it stays
// the same while a pan moves less than half a canvas and while a zoom
// stays within the same power of two. ok is false when screen has no size
// or v is not valid: then everything is drawn.
func DrawnWindow(v Viewport, screen Rect) (r Rect, ok bool) {
	if !(screen.W > 0 && screen.H > 0 && v.Zoom > 0) || math.IsInf(screen.W+screen.H+v.Zoom+v.Pan.X+v.Pan.Y, 0) ||
		math.IsNaN(screen.W+screen.H+v.Zoom+v.Pan.X+v.Pan.Y) {
		return Rect{}, false
	}
	zoom := math.Exp2(math.Floor(math.Log2(v.Zoom))) // ≤ v.Zoom: shows at least as much
	sx, sy := screen.W/zoom/2, screen.H/zoom/2       // half of what the canvas shows at that zoom
	// The centre's cell of the grid, and two cells more on each side (the
	// shown half-width is one cell, the margin another), three on the far
	// side where the centre's cell ends beyond it.
	c := v.ToWorld(Point{screen.W / 2, screen.H / 2})
	kx, ky := math.Floor(c.X/sx), math.Floor(c.Y/sy)
	x0, x1 := (kx-2)*sx, (kx+3)*sx
	y0, y1 := (ky-2)*sy, (ky+3)*sy
	return Rect{X: x0, Y: y0, W: x1 - x0, H: y1 - y0}, true
}

// ShownWindow is what the canvas shows for view v on a canvas of screen's
// size, with a margin of margin times its width and height on every side
// (world units): the window a design's first frame draws, before the
// margins DrawnWindow keeps for pans. ok is false as for DrawnWindow.
func ShownWindow(v Viewport, screen Rect, margin float64) (r Rect, ok bool) {
	if _, ok := DrawnWindow(v, screen); !ok || !(margin >= 0) {
		return Rect{}, false
	}
	a, b := v.ToWorld(Point{0, 0}), v.ToWorld(Point{screen.W, screen.H})
	w, h := b.X-a.X, b.Y-a.Y
	return Rect{X: a.X - w*margin, Y: a.Y - h*margin, W: w * (1 + 2*margin), H: h * (1 + 2*margin)}, true
}

// NextDrawnWindow is the window to draw for view v on a canvas of
// screen's size after prev, the window drawn until now (the zero Rect:
// none). prev is kept while it still holds what v shows with a margin of a
// quarter of that on every side and is at most maxDrawnArea times its
// area; else it is DrawnWindow(v, screen). So a zoom in or out by up to
// about two and a pan by a quarter of the canvas draw nothing again.
// The zero Rect when DrawnWindow is not ok.
func NextDrawnWindow(prev Rect, v Viewport, screen Rect) Rect {
	fresh, ok := DrawnWindow(v, screen)
	if !ok {
		return Rect{}
	}
	a, b := v.ToWorld(Point{0, 0}), v.ToWorld(Point{screen.W, screen.H})
	w, h := b.X-a.X, b.Y-a.Y
	need := Rect{X: a.X - w/4, Y: a.Y - h/4, W: w * 1.5, H: h * 1.5}
	if prev.W > 0 && prev.H > 0 && prev.Covers(need) && prev.W*prev.H <= maxDrawnArea*w*h {
		return prev
	}
	return fresh
}

// maxDrawnArea bounds how much more than it shows the canvas keeps drawn
// (NextDrawnWindow), as a factor of the area shown: DrawnWindow alone
// draws 6.25 to 25 times it.
const maxDrawnArea = 64
