//go:build e2e && !(js && wasm)

package e2e

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// drawnUnderJS is the key of the innermost node drawn under the screen
// point (%v, %v): the smallest node box that holds it, as the browser drew
// it ("" when none does).
const drawnUnderJS = `(() => { const x = %v, y = %v; let key = '', area = Infinity;
	document.querySelectorAll('#world [data-key] > .node-box').forEach(e => { const r = e.getBoundingClientRect();
		if (x >= r.left && x <= r.right && y >= r.top && y <= r.bottom && r.width * r.height < area) {
			area = r.width * r.height; key = e.parentElement.dataset.key; } });
	return key; })()`

// farCornersJS lists, for the VNets drawn farthest from the canvas' top
// left corner, points 3 px inside each corner of their drawn box.
const farCornersJS = `(() => { const c = document.getElementById('canvas').getBoundingClientRect();
	const boxes = [...document.querySelectorAll('#world [data-key^="vnet:"] > .node-box')].map(e => e.getBoundingClientRect())
		.filter(r => r.width > 0 && r.right <= c.right && r.bottom <= c.bottom);
	boxes.sort((a, b) => (b.right + b.bottom) - (a.right + a.bottom));
	return boxes.slice(0, 3).flatMap(r => [[r.left + 3, r.top + 3], [r.right - 3, r.top + 3], [r.left + 3, r.bottom - 3], [r.right - 3, r.bottom - 3]]); })()`

// TestClickSelectsWhatIsDrawnAtAnyZoom: after Fit and a step of zoom out
// (the '-' key), at whatever zoom they give, a click anywhere on a node as
// drawn selects that node. On the build before, the world layer's CSS
// transform wrote the zoom with two decimals (a fitted 6.6% drawn at 7%),
// so the design was drawn up to 7% larger or smaller than the view the
// clicks are read in: at 500 VNets the far spokes were drawn 35 px right
// of where a click found them, and here (120 VNets, 9.55% drawn at 10%)
// a click near a far VNet's corner selected its subnet's neighbour, the
// VNet or nothing.
func TestClickSelectsWhatIsDrawnAtAnyZoom(t *testing.T) {
	b := openHubSpoke(t, 120)
	b.do(t, "Fit", chromedp.Click(chromedp.ID("fit")))
	poll[bool](t, b, "the fitted view", `document.getElementById('zoom').textContent !== '40%'`)
	fitted := eval[string](t, b, `document.getElementById('zoom').textContent`)
	eval[bool](t, b, `(() => { const c = document.getElementById('canvas'); c.focus();
		c.dispatchEvent(new KeyboardEvent('keydown', {key: '-', bubbles: true})); return true; })()`)
	poll[bool](t, b, "the view zoomed out", `document.getElementById('zoom').textContent !== `+trJS(fitted))
	trSettle()
	zoom := eval[string](t, b, `document.getElementById('zoom').textContent`)
	points := eval[[][2]float64](t, b, farCornersJS)
	if len(points) < 12 {
		t.Fatalf("%d corner points of the far VNets, want 12", len(points))
	}
	for _, p := range points {
		want := eval[string](t, b, fmt.Sprintf(drawnUnderJS, p[0], p[1]))
		if want == "" {
			t.Fatalf("no node drawn at (%.0f, %.0f), inside a VNet's corner", p[0], p[1])
		}
		b.do(t, fmt.Sprintf("click %s at (%.0f, %.0f)", want, p[0], p[1]), chromedp.MouseClickXY(p[0], p[1]))
		if _, ok := trWait[bool](t, b, `document.getElementById('canvas').dataset.selected === `+trJS(want), 5*time.Second); !ok {
			t.Errorf("at %s, a click at (%.0f, %.0f) on %s as drawn selected %q", zoom, p[0], p[1], want,
				eval[string](t, b, `document.getElementById('canvas').dataset.selected || ''`))
		}
	}
	b.noConsoleErrors(t)
}
