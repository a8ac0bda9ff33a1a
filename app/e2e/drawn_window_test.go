//go:build e2e && !(js && wasm)

package e2e

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// offScreenCheck lists the hidden parts of the scene (SceneView.Window: a
// part wholly outside the drawn window is an empty group, not displayed)
// whose bounds meet the canvas' rectangle: each part's group carries the
// world rectangle holding what it draws (data-bounds, "x y w h"), mapped to
// the screen by the world's transform. It also returns how many parts are
// hidden, as "hidden N of M".
const offScreenCheck = `(() => {
	const c = document.getElementById('canvas').getBoundingClientRect();
	const scene = document.querySelector('#world .scene');
	const m = scene.getScreenCTM();
	const svg = scene.ownerSVGElement;
	const out = [];
	const parts = document.querySelectorAll('#world .scene > g');
	let hidden = 0;
	for (const [i, g] of parts.entries()) {
		if (g.getAttribute('display') !== 'none') { continue; }
		hidden++;
		if (g.childElementCount > 0) { out.push('part ' + i + ' is hidden but holds its drawing'); }
		// The group's own bounds, in the scene's coordinates.
		const [x, y, w, h] = (g.dataset.bounds || '').split(' ').map(Number);
		if (!(w >= 0 && h >= 0)) { out.push('part ' + i + ' has no bounds: ' + g.dataset.bounds); continue; }
		if (w === 0 && h === 0) { continue; } // draws nothing: what it holds is lifted by a drag
		const at = (px, py) => { const p = svg.createSVGPoint(); p.x = px; p.y = py; return p.matrixTransform(m); };
		const a = at(x, y), b = at(x + w, y + h);
		if (b.x >= c.left && a.x <= c.right && b.y >= c.top && a.y <= c.bottom) {
			out.push('part ' + i + ' (' + g.dataset.bounds + ')');
		}
	}
	return ['hidden ' + hidden + ' of ' + parts.length].concat(out);
})()`

// TestHiddenPartsAreOffScreen: on a design larger than the canvas, the
// parts of the drawing that are not in the page lie off the canvas, after
// the design is opened, after the view is reset, moved by a drag of the
// empty canvas and by keys, zoomed by the wheel, after a node
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
	})()`); !slices.ContainsFunc(r, func(s string) bool { return strings.HasPrefix(s, "part ") && strings.HasSuffix(s, ")") }) {
		t.Fatalf("a part on screen, hidden, is not seen by the check's bounds: %v", r)
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

// firstFrameScript, run on every page, records the first frame that draws
// a design (window.firstFrame): how many VNets it draws and the hidden
// parts that lie on the canvas (offScreenCheck), read in the mutation
// observer's callback, before anything else is drawn.
const firstFrameScript = `(() => {
	window.firstFrame = null;
	const mo = new MutationObserver(() => {
		const n = document.querySelectorAll('#world [data-key^="vnet:"]').length;
		if (window.firstFrame || n === 0) { return; }
		window.firstFrame = {drawn: n, check: ` + offScreenCheck + `};
		mo.disconnect();
	});
	document.addEventListener('DOMContentLoaded', () => mo.observe(document.body, {subtree: true, childList: true, attributes: true}));
})()`

// TestFirstFrameDrawsWhatTheCanvasShows: a big design opened by a reload is
// drawn first in what the canvas shows, every part on the canvas drawn,
// and only then with the margins that keep pans from showing undrawn
// parts. Before, the first frame drew those margins too: at 500 VNets 232
// VNets for the 8 on the canvas, and the design appeared 0.3 s later.
func TestFirstFrameDrawsWhatTheCanvasShows(t *testing.T) {
	const n = 200
	b := openHubSpoke(t, n)
	trSaved(t, b, "the imported design", fmt.Sprintf(`d.topology.vnets.length === %d`, n))
	onEveryPage(t, b, firstFrameScript)
	b.load(t, eval[string](t, b, `location.origin + '/'`))
	type frame struct {
		Drawn int
		Check []string
	}
	first := poll[frame](t, b, "the design's first frame", `window.firstFrame || false`)
	if len(first.Check) > 1 {
		t.Fatalf("the first frame (%d VNets drawn, %s) leaves parts on the canvas undrawn: %v", first.Drawn, first.Check[0], first.Check[1:])
	}
	drawn := fmt.Sprintf(`document.querySelectorAll('#world [data-key^="vnet:"]').length > %d`, first.Drawn)
	if _, ok := trWait[bool](t, b, drawn, 10*time.Second); !ok {
		t.Fatalf("the first frame drew %d VNets, and the margins around the canvas were never drawn after it (%d VNets drawn)", first.Drawn,
			eval[int](t, b, `document.querySelectorAll('#world [data-key^="vnet:"]').length`))
	}
	if r := eval[[]string](t, b, offScreenCheck); len(r) > 1 {
		t.Fatalf("with its margins (%s): parts on the canvas undrawn: %v", r[0], r[1:])
	}
	t.Logf("first frame: %d VNets (%s); then %d", first.Drawn, first.Check[0], eval[int](t, b, `document.querySelectorAll('#world [data-key^="vnet:"]').length`))
}
