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
