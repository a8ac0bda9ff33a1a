package canvas

import "math"

// Rect is an axis-aligned box in world units: X, Y is the top-left corner.
type Rect struct{ X, Y, W, H float64 }

// Contains reports whether p lies inside r (edges included).
func (r Rect) Contains(p Point) bool {
	return p.X >= r.X && p.X <= r.X+r.W && p.Y >= r.Y && p.Y <= r.Y+r.H
}

// Covers reports whether r holds all of o.
func (r Rect) Covers(o Rect) bool {
	return r.X <= o.X && r.Y <= o.Y && r.X+r.W >= o.X+o.W && r.Y+r.H >= o.Y+o.H
}

// Center is the middle of r.
func (r Rect) Center() Point { return Point{r.X + r.W/2, r.Y + r.H/2} }

// Intersects reports whether r and o overlap (touching edges count).
func (r Rect) Intersects(o Rect) bool {
	return r.X <= o.X+o.W && o.X <= r.X+r.W && r.Y <= o.Y+o.H && o.Y <= r.Y+r.H
}

// Union is the smallest rect holding both; the zero Rect is the identity.
func (r Rect) Union(o Rect) Rect {
	if r == (Rect{}) {
		return o
	}
	if o == (Rect{}) {
		return r
	}
	x0, y0 := math.Min(r.X, o.X), math.Min(r.Y, o.Y)
	x1, y1 := math.Max(r.X+r.W, o.X+o.W), math.Max(r.Y+r.H, o.Y+o.H)
	return Rect{x0, y0, x1 - x0, y1 - y0}
}

// Normalized returns the rect spanned by two corners in any order (a
// rubber-band selection dragged up or left).
func Normalized(a, b Point) Rect {
	return Rect{math.Min(a.X, b.X), math.Min(a.Y, b.Y), math.Abs(a.X - b.X), math.Abs(a.Y - b.Y)}
}

// Snap rounds p to the nearest multiple of grid (grid <= 0: unchanged).
func Snap(p Point, grid float64) Point {
	if grid <= 0 {
		return p
	}
	return Point{math.Round(p.X/grid) * grid, math.Round(p.Y/grid) * grid}
}

// Anchor is where a straight edge from r's center towards target leaves r's
// border, so edges between boxes start and end on the boxes, not inside.
// If target is r's center, the center is returned.
func (r Rect) Anchor(target Point) Point {
	c := r.Center()
	dx, dy := target.X-c.X, target.Y-c.Y
	if dx == 0 && dy == 0 {
		return c
	}
	// Scale the direction so that it just reaches the nearer border.
	sx, sy := math.Inf(1), math.Inf(1)
	if dx != 0 {
		sx = (r.W / 2) / math.Abs(dx)
	}
	if dy != 0 {
		sy = (r.H / 2) / math.Abs(dy)
	}
	s := math.Min(sx, sy)
	return Point{c.X + dx*s, c.Y + dy*s}
}

// FitViewport returns the viewport that shows content inside a screen area
// of width×height pixels with margin pixels around it, zoom clamped to
// [MinZoom, 1] (fit never magnifies a small design). Empty content gives the
// identity viewport.
func FitViewport(content Rect, width, height, margin float64) Viewport {
	if content.W <= 0 && content.H <= 0 || width <= 2*margin || height <= 2*margin {
		return NewViewport()
	}
	zoom := math.Min((width-2*margin)/math.Max(content.W, 1), (height-2*margin)/math.Max(content.H, 1))
	zoom = math.Min(math.Max(zoom, MinZoom), 1)
	c := content.Center()
	return Viewport{Zoom: zoom, Pan: Point{width/2 - c.X*zoom, height/2 - c.Y*zoom}}
}
