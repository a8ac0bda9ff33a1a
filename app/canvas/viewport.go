// Package canvas holds the canvas logic that does not need a browser: the
// viewport (pan, zoom, fit), geometry (hit testing, snapping, edge anchors)
// and the undo history. It is plain Go, tested natively; the go-app
// components in app/ui only call it.
package canvas

import (
	"fmt"
	"math"
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
	return fmt.Sprintf("translate(%s %s) scale(%s)", Num(v.Pan.X), Num(v.Pan.Y), Num(v.Zoom))
}

// Num formats a coordinate for SVG attributes: at most two decimals, no
// trailing zeros, so attribute strings are short and stable.
func Num(f float64) string {
	s := strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", f), "0"), ".")
	if s == "-0" {
		return "0"
	}
	return s
}
