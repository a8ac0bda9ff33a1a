package canvas

import (
	"math"
	"testing"
)

func TestRectOps(t *testing.T) {
	r := Rect{10, 20, 100, 50}
	for _, tt := range []struct {
		p    Point
		want bool
	}{{Point{10, 20}, true}, {Point{110, 70}, true}, {Point{60, 45}, true}, {Point{9.9, 30}, false}, {Point{50, 70.1}, false}} {
		if got := r.Contains(tt.p); got != tt.want {
			t.Errorf("Contains(%v) = %v", tt.p, got)
		}
	}
	if !r.Intersects(Rect{110, 70, 5, 5}) || r.Intersects(Rect{111, 0, 5, 5}) {
		t.Error("Intersects is wrong at the edges")
	}
	if got := r.Union(Rect{-5, 0, 10, 10}); got != (Rect{-5, 0, 115, 70}) {
		t.Errorf("Union = %v", got)
	}
	if got := (Rect{}).Union(r); got != r {
		t.Errorf("zero Union = %v", got)
	}
	if got := Normalized(Point{50, 80}, Point{10, 20}); got != (Rect{10, 20, 40, 60}) {
		t.Errorf("Normalized = %v", got)
	}
}

func TestSnap(t *testing.T) {
	if got := Snap(Point{13, -13}, 12); got != (Point{12, -12}) {
		t.Errorf("Snap = %v", got)
	}
	if got := Snap(Point{18, 6}, 12); got != (Point{24, 12}) {
		t.Errorf("Snap half-way = %v", got)
	}
	if got := Snap(Point{1.5, 2.5}, 0); got != (Point{1.5, 2.5}) {
		t.Errorf("Snap with no grid = %v", got)
	}
}

func TestAnchorOnBorder(t *testing.T) {
	r := Rect{0, 0, 100, 40} // center (50, 20)
	tests := []struct{ target, want Point }{
		{Point{500, 20}, Point{100, 20}}, // right
		{Point{50, -300}, Point{50, 0}},  // up
		{Point{-50, 120}, Point{30, 40}}, // down-left: leaves the bottom edge
		{Point{50, 20}, Point{50, 20}},   // degenerate
		{Point{150, 120}, Point{70, 40}}, // steep diagonal: bottom edge
		{Point{250, 60}, Point{100, 30}}, // shallow diagonal: right edge
	}
	for _, tt := range tests {
		got := r.Anchor(tt.target)
		if math.Abs(got.X-tt.want.X) > 1e-9 || math.Abs(got.Y-tt.want.Y) > 1e-9 {
			t.Errorf("Anchor(%v) = %v, want %v", tt.target, got, tt.want)
		}
	}
}

func TestFitViewport(t *testing.T) {
	// A 2000×1000 design in an 1000×600 screen with 50 px margins: zoom 0.45,
	// content centred.
	v := FitViewport(Rect{-1000, 0, 2000, 1000}, 1000, 600, 50)
	if math.Abs(v.Zoom-0.45) > 1e-9 {
		t.Fatalf("zoom %v", v.Zoom)
	}
	if c := v.ToScreen(Point{0, 500}); math.Abs(c.X-500) > 1e-9 || math.Abs(c.Y-300) > 1e-9 {
		t.Fatalf("content centre on screen %v, want (500, 300)", c)
	}
	// A small design is not magnified.
	if v := FitViewport(Rect{0, 0, 10, 10}, 1000, 600, 50); v.Zoom != 1 {
		t.Errorf("small design zoom %v, want 1", v.Zoom)
	}
	// A huge one stops at MinZoom.
	if v := FitViewport(Rect{0, 0, 1e6, 1e6}, 1000, 600, 50); v.Zoom != MinZoom {
		t.Errorf("huge design zoom %v, want %v", v.Zoom, MinZoom)
	}
	if v := FitViewport(Rect{}, 1000, 600, 50); v != NewViewport() {
		t.Errorf("empty design: %+v", v)
	}
}
