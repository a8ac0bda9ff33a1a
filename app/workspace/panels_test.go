package workspace

import (
	"math"
	"testing"

	"vnetplay/app/canvas"
)

// TestPanelOnScreen: the side panel's width as the style sheet lays it
// out, from the layout's state (the e2e TestPanelSeparatorReportsWidth
// checks it against Chromium's layout).
func TestPanelOnScreen(t *testing.T) {
	for _, c := range []struct {
		name string
		p    Panels
		want float64
		ok   bool
	}{
		{"window not known yet", Panels{}, 0, false},
		{"collapsed", Panels{PanelCollapsed: true, PanelWidth: 400}, 36, true},
		{"set by the user", Panels{PanelWidth: 520, Window: canvas.Point{X: 1400}}, 520, true},
		{"default, 30% of the window", Panels{Window: canvas.Point{X: 1200}}, 360, true},
		{"default, its floor", Panels{Window: canvas.Point{X: 800}}, 300, true},
		{"default, its ceiling", Panels{Window: canvas.Point{X: 1920}}, 440, true},
		{"default, a fraction", Panels{Window: canvas.Point{X: 1366}}, 409.8, true},
	} {
		if got, ok := c.p.PanelOnScreen(); ok != c.ok || math.Abs(got-c.want) > 1e-9 {
			t.Errorf("%s: %v %v, want %v %v", c.name, got, ok, c.want, c.ok)
		}
	}
}

// TestClampWidthIsAStep: every width the panel is given, from the
// keyboard, a drag or a window that shrinks under it, is a step the style
// sheet has a class for (web/vnetplay.css, panel-w-N), within its bounds
// and half the window rounded down to a step.
func TestClampWidthIsAStep(t *testing.T) {
	for _, window := range []float64{0, 500, 800, 1024, 1111, 1280, 1366, 1400, 1920, 2560} {
		for px := 0.0; px <= 900; px += 7 {
			got := clampWidth(px, window)
			hi := PanelMax
			if window > 0 {
				hi = math.Min(hi, math.Max(PanelMin, window/2))
			}
			if math.Mod(got, PanelStep) != 0 || got < PanelMin || got > hi {
				t.Fatalf("clampWidth(%v, window %v) = %v: not a step from %v to %v", px, window, got, PanelMin, hi)
			}
		}
	}
	w := &Workspace{}
	w.panels.Window = canvas.Point{X: 1024, Y: 700}
	w.panels.PanelWidth = 500
	ResizeKey{Separator: SeparatorPanel, Key: "ArrowLeft", Size: 500}.apply(w)
	if w.panels.PanelWidth != 500 {
		t.Errorf("widening a 500-px panel in a 1024-px window gave %v, want 500 (its bound)", w.panels.PanelWidth)
	}
	w.panels.PanelWidth = 720
	WindowSize{W: 1024, H: 700}.apply(w)
	if w.panels.PanelWidth != 500 {
		t.Errorf("a 720-px panel in a window shrunk to 1024 px is %v, want 500", w.panels.PanelWidth)
	}
}
