package canvas

import "testing"

func TestPanGesture(t *testing.T) {
	var g PanGesture
	if _, ok := g.Move(1, Point{5, 5}); ok {
		t.Fatal("idle gesture moved")
	}
	start := NewViewport().Panned(10, 10)
	g.Begin(start, 7, Point{100, 100})
	if _, ok := g.Move(8, Point{300, 300}); ok {
		t.Fatal("a second pointer moved the pan")
	}
	v, ok := g.Move(7, Point{180, 150})
	if !ok || v.Pan != (Point{90, 60}) || v.Zoom != 1 {
		t.Fatalf("Move = %+v, %v; want pan {90 60}", v, ok)
	}
	// Moves are relative to the start, not cumulative.
	v, _ = g.Move(7, Point{110, 100})
	if v.Pan != (Point{20, 10}) {
		t.Fatalf("second Move pan = %v, want {20 10}", v.Pan)
	}
	if g.End(8) || !g.Active() {
		t.Fatal("End of another pointer ended the pan")
	}
	if !g.End(7) || g.Active() {
		t.Fatal("End did not end the pan")
	}
}
