package canvas

import (
	"math"
	"math/rand/v2"
	"testing"
)

// shown is the world rectangle view v shows on a canvas of screen's size.
func shown(v Viewport, screen Rect) Rect {
	a, b := v.ToWorld(Point{0, 0}), v.ToWorld(Point{screen.W, screen.H})
	return Rect{X: a.X, Y: a.Y, W: b.X - a.X, H: b.Y - a.Y}
}

// randomView is a random view within the zoom's bounds, panned up to
// 20,000 px either way, on a canvas of 50 to 2,550 by 50 to 1,550 px.
func randomView(r *rand.Rand) (Viewport, Rect) {
	v := Viewport{Pan: Point{r.Float64()*40_000 - 20_000, r.Float64()*40_000 - 20_000},
		Zoom: MinZoom + r.Float64()*(MaxZoom-MinZoom)}
	return v, Rect{W: 50 + r.Float64()*2500, H: 50 + r.Float64()*1500}
}

// contains reports whether outer holds inner whole.
func contains(outer, inner Rect) bool {
	const eps = 1e-6
	return inner.X >= outer.X-eps && inner.Y >= outer.Y-eps &&
		inner.X+inner.W <= outer.X+outer.W+eps && inner.Y+inner.H <= outer.Y+outer.H+eps
}

// TestDrawnWindowHoldsTheShownWorldWithAMargin: for random views and
// canvases, the drawn window holds what the canvas shows and half of its
// width and height more on every side.
func TestDrawnWindowHoldsTheShownWorldWithAMargin(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 10_000 {
		v, screen := randomView(r)
		win, ok := DrawnWindow(v, screen)
		if !ok {
			t.Fatalf("DrawnWindow(%v, %v) not ok", v, screen)
		}
		s := shown(v, screen)
		want := Rect{X: s.X - s.W/2, Y: s.Y - s.H/2, W: 2 * s.W, H: 2 * s.H}
		if !contains(win, want) {
			t.Fatalf("view %v on %v: window %v does not hold %v (shown %v)", v, screen, win, want, s)
		}
		// Five half-widths of what the canvas shows at the zoom rounded
		// down to a power of two, which shows at most twice as much.
		if win.W > 5*s.W+1e-6 || win.H > 5*s.H+1e-6 {
			t.Fatalf("view %v on %v: window %v is more than 5 times as wide or high as %v", v, screen, win, s)
		}
	}
}

// TestDrawnWindowChangesSeldom: a slow pan (5 px a step) and a zoom that
// stays within one power of two change the window seldom, so that they
// seldom render the scene again.
func TestDrawnWindowChangesSeldom(t *testing.T) {
	screen := Rect{X: 200, Y: 40, W: 800, H: 600}
	v := Viewport{Pan: Point{-1000, -700}, Zoom: 0.6}
	last, _ := DrawnWindow(v, screen)
	changes := 0
	for range 400 { // 2,000 px at zoom 0.6: 3,333 units, about 4 cells of 800 (half the canvas at zoom 0.5)
		v = v.Panned(-5, 0)
		win, _ := DrawnWindow(v, screen)
		if win != last {
			changes++
			last = win
		}
	}
	if changes > 5 {
		t.Errorf("a pan of 2,000 px changed the window %d times, want at most 5", changes)
	}
	at := Point{400, 300}
	v = Viewport{Pan: Point{-1000, -700}, Zoom: 0.55}
	before, _ := DrawnWindow(v, screen)
	c := v.ToWorld(Point{400, 300})
	for _, f := range []float64{1.1, 1.1, 1.1, 1 / 1.1, 1 / 1.1} { // 0.55 → 0.73 → 0.55: within [0.5, 1)
		v = v.ZoomedAt(at, f)
		if v.Zoom >= 1 || v.Zoom < 0.5 {
			t.Fatalf("the test's zoom left [0.5, 1): %v", v.Zoom)
		}
		win, _ := DrawnWindow(v, screen)
		s := shown(v, screen)
		if !contains(win, s) {
			t.Fatalf("zoom %v: window %v does not hold the shown %v", v.Zoom, win, s)
		}
		// Zooming at the centre keeps the centre: the same window.
		if win != before {
			t.Errorf("zoom %v at the centre %v: window %v, was %v", v.Zoom, c, win, before)
		}
	}
}

// TestDrawnWindowWithoutASize: no size or an invalid view: nothing is
// left undrawn.
func TestDrawnWindowWithoutASize(t *testing.T) {
	for _, c := range []struct {
		v      Viewport
		screen Rect
	}{
		{NewViewport(), Rect{}},
		{NewViewport(), Rect{W: 800}},
		{Viewport{}, Rect{W: 800, H: 600}},
		{Viewport{Zoom: math.NaN()}, Rect{W: 800, H: 600}},
		{Viewport{Zoom: 1, Pan: Point{math.Inf(1), 0}}, Rect{W: 800, H: 600}},
		{NewViewport(), Rect{W: -5, H: 600}},
	} {
		if w, ok := DrawnWindow(c.v, c.screen); ok {
			t.Errorf("DrawnWindow(%v, %v) = %v, ok; want not ok", c.v, c.screen, w)
		}
	}
}

// TestNextDrawnWindowHoldsWhatIsShown: along random pans, zooms and
// canvas sizes, the window kept holds what the canvas shows with a
// quarter of it more on every side, and is never much bigger than needed.
func TestNextDrawnWindowHoldsWhatIsShown(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	screen := Rect{W: 800, H: 600}
	v := Viewport{Pan: Point{-1000, -700}, Zoom: 0.6}
	var win Rect
	changes := 0
	for i := range 20_000 {
		switch r.IntN(4) {
		case 0:
			v = v.Panned(r.Float64()*200-100, r.Float64()*200-100)
		case 1:
			v = v.ZoomedAt(Point{r.Float64() * screen.W, r.Float64() * screen.H}, 0.8+r.Float64()*0.45)
		case 2:
			screen = Rect{W: 300 + r.Float64()*1500, H: 200 + r.Float64()*900}
		default:
			v = v.Panned(r.Float64()*4-2, r.Float64()*4-2)
		}
		next := NextDrawnWindow(win, v, screen)
		if next != win {
			changes++
		}
		win = next
		s := shown(v, screen)
		want := Rect{X: s.X - s.W/4, Y: s.Y - s.H/4, W: 1.5 * s.W, H: 1.5 * s.H}
		if !contains(win, want) {
			t.Fatalf("step %d, view %v on %v: window %v does not hold %v", i, v, screen, win, want)
		}
		if fresh, _ := DrawnWindow(v, screen); win.W*win.H > max(maxDrawnArea*s.W*s.H, fresh.W*fresh.H)*(1+1e-9) {
			t.Fatalf("step %d: window %v is bigger than %d times the shown %v", i, win, maxDrawnArea, s)
		}
	}
	if changes > 20_000/3 {
		t.Errorf("the window changed at %d of 20,000 steps", changes)
	}
}

// TestNextDrawnWindowKeptThroughAZoom: a wheel's zoom in by about 2.6 and
// back out at the canvas' centre, and a pan of a fifth of the canvas,
// keep the window that was drawn.
func TestNextDrawnWindowKeptThroughAZoom(t *testing.T) {
	screen := Rect{W: 752, H: 669}
	v := Viewport{Pan: Point{-1778, -1888.5}, Zoom: 0.5}
	first := NextDrawnWindow(Rect{}, v, screen)
	at := Point{screen.W / 2, screen.H / 2}
	for i := range 20 {
		f := 1.1
		if i >= 10 {
			f = 1 / 1.1
		}
		v = v.ZoomedAt(at, f)
		if got := NextDrawnWindow(first, v, screen); got != first {
			t.Fatalf("zoom step %d (%.2f): the window changed from %v to %v", i, v.Zoom, first, got)
		}
	}
	if got := NextDrawnWindow(first, v.Panned(screen.W/5, -screen.H/5), screen); got != first {
		t.Fatalf("a pan of a fifth of the canvas changed the window from %v to %v", first, got)
	}
}

// TestShownWindow: for random views and canvases, ShownWindow with no
// margin is what the canvas shows, and with a margin m it holds that and
// m of its width and height more on every side, inside the drawn window
// for m up to a half; a negative or NaN margin, or no size, is not ok.
func TestShownWindow(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 10_000 {
		v, screen := randomView(r)
		s := shown(v, screen)
		if got, ok := ShownWindow(v, screen, 0); !ok || !contains(got, s) || !contains(s, got) {
			t.Fatalf("view %v on %v: ShownWindow with no margin %v (%v), want %v", v, screen, got, ok, s)
		}
		m := r.Float64() / 2
		got, _ := ShownWindow(v, screen, m)
		want := Rect{X: s.X - m*s.W, Y: s.Y - m*s.H, W: (1 + 2*m) * s.W, H: (1 + 2*m) * s.H}
		if !contains(got, want) || !contains(want, got) {
			t.Fatalf("view %v on %v: ShownWindow with margin %.3f is %v, want %v", v, screen, m, got, want)
		}
		if win, _ := DrawnWindow(v, screen); !contains(win, got) {
			t.Fatalf("view %v on %v: the drawn window %v does not hold the first frame's %v", v, screen, win, got)
		}
	}
	for _, c := range []struct {
		screen Rect
		margin float64
	}{{Rect{W: 800, H: 600}, -0.1}, {Rect{W: 800, H: 600}, math.NaN()}, {Rect{}, 0.1}} {
		if got, ok := ShownWindow(NewViewport(), c.screen, c.margin); ok {
			t.Errorf("ShownWindow(%v, margin %v) = %v, want not ok", c.screen, c.margin, got)
		}
	}
}
