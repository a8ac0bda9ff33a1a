//go:build e2e && !(js && wasm)

package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// offScreenCheck lists what the canvas shows that a hidden part of the
// scene holds (SceneView.Window: a part wholly outside the drawn window is
// not displayed): each hidden part is displayed for a moment, in the same
// task (nothing is painted meanwhile), and its nodes and edges that meet
// the canvas' rectangle are listed. It also returns how many parts are
// hidden, as "hidden N of M".
const offScreenCheck = `(() => {
	const c = document.getElementById('canvas').getBoundingClientRect();
	const out = [];
	const parts = document.querySelectorAll('#world .scene > g');
	let hidden = 0;
	for (const g of parts) {
		if (g.getAttribute('display') !== 'none') { continue; }
		hidden++;
		g.removeAttribute('display');
		for (const e of g.querySelectorAll('[data-key]')) {
			const r = e.getBoundingClientRect();
			if (r.width + r.height > 0 && r.right >= c.left && r.left <= c.right && r.bottom >= c.top && r.top <= c.bottom) {
				out.push(e.dataset.key);
			}
		}
		g.setAttribute('display', 'none');
	}
	return ['hidden ' + hidden + ' of ' + parts.length].concat(out);
})()`

// TestHiddenPartsAreOffScreen: on a design larger than the canvas, the
// parts of the drawing that are not displayed hold nothing the canvas
// shows, after the design is opened, after the view is reset, moved by a
// drag of the empty canvas and by keys, zoomed by the wheel, after a node
// is dragged, and with the side panels folded (a bigger canvas); and some
// are hidden (the check has something to check).
func TestHiddenPartsAreOffScreen(t *testing.T) {
	b := openHubSpoke(t, 100)
	check := func(step string) {
		t.Helper()
		time.Sleep(300 * time.Millisecond) // the render after the last input
		r := eval[[]string](t, b, offScreenCheck)
		if len(r) > 1 {
			t.Fatalf("%s (%s): hidden parts hold %d items on screen, e.g. %v", step, r[0], len(r)-1, r[1:min(len(r), 6)])
		}
		t.Logf("%s: %s (view %s)", step, r[0], eval[string](t, b, `(() => { const d = document.getElementById('canvas').dataset; return d.zoom + ' ' + d.pan + ' focus ' + (document.activeElement && document.activeElement.id); })()`))
	}
	check("opened")
	// The check itself sees a part on screen that is hidden.
	if r := eval[[]string](t, b, `(() => {
		const c = document.getElementById('canvas').getBoundingClientRect();
		const on = [...document.querySelectorAll('#world .scene > g:not([display]) [data-key^="vnet:"]')].find(e => {
			const r = e.getBoundingClientRect();
			return r.left > c.left && r.right < c.right && r.top > c.top && r.bottom < c.bottom;
		});
		const g = on.closest('.scene > g');
		g.setAttribute('display', 'none');
		const out = `+offScreenCheck+`;
		g.removeAttribute('display');
		return out;
	})()`); len(r) < 2 {
		t.Fatalf("a part on screen, hidden, is not seen by the check: %v", r)
	}
	eval[bool](t, b, `(document.getElementById('canvas').focus(), true)`)
	b.do(t, "reset the view", chromedp.KeyEvent("0"))
	check("reset view")
	if r := eval[[]string](t, b, offScreenCheck); r[0] == "hidden 0 of "+r[0][len("hidden 0 of "):] {
		t.Fatalf("at zoom 100%% on a 100-VNet design no part is hidden (%s): nothing is culled", r[0])
	}
	x, y := emptyCanvasPoint(t, b)
	view := func() string { return eval[string](t, b, `document.getElementById('canvas').dataset.pan`) }
	was := view()
	// Checked while the button is held: a pan's moves are not drawn by
	// go-app unless the drawn window changes.
	b.do(t, "press", chromedp.MouseEvent(chromedp.MouseMoved, x, y), chromedp.MouseEvent(chromedp.MousePressed, x, y, left))
	for i := 1; i <= 60; i++ { // beyond the drawn window's margin
		b.do(t, "move", chromedp.MouseEvent(chromedp.MouseMoved, x-25*float64(i), y-18*float64(i), held))
	}
	if view() == was {
		t.Fatal("the drag of the empty canvas did not pan")
	}
	check("panning by a drag")
	b.do(t, "release", chromedp.MouseEvent(chromedp.MouseReleased, x-1500, y-1080, left))
	check("panned by a drag")
	was = view()
	for range 12 {
		b.do(t, "arrow", chromedp.KeyEvent(kb.ArrowRight))
	}
	if view() == was {
		t.Fatal("the arrow keys did not pan")
	}
	check("panned by keys")
	sendWheel(t, b, x-100, y-100, 8) // in four steps, out four
	check("zoomed in and out")
	for range 3 {
		b.do(t, "zoom in", chromedp.KeyEvent("+"))
	}
	check("zoomed in")
	b.do(t, "reset the view", chromedp.KeyEvent("0"))
	for range 4 { // to 41%, where spokes fit on the canvas
		b.do(t, "zoom out", chromedp.KeyEvent("-"))
	}
	check("reset and zoomed out")
	spoke := spokeOnScreen(t, b)
	if spoke == "" {
		t.Fatal("no spoke on screen to drag")
	}
	at := titleBar(t, b, spoke)
	before := eval[string](t, b, `document.getElementById('canvas').dataset.selected || ''`)
	sendMoves(t, b, at[0], at[1], 20, 15, 20)
	if sel := eval[string](t, b, `document.getElementById('canvas').dataset.selected || ''`); sel == before || !strings.HasPrefix(sel, "vnet:spoke") {
		t.Fatalf("the drag from %v selected %q (was %q), not a spoke", at, sel, before)
	}
	check("a spoke dragged")
	b.do(t, "undo the drag", chromedp.KeyEvent("z", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	check("the drag undone")
	b.do(t, "reset the view", chromedp.KeyEvent("0")) // at 100%, where parts stay hidden with the canvas grown
	eval[bool](t, b, `(document.getElementById('palette-toggle').click(), document.getElementById('panel-toggle').click(), true)`)
	check("panels folded")
}
