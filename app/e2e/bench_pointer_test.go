//go:build e2e && !(js && wasm)

package e2e

import (
	"fmt"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"vnetplay/app/canvas"
)

// TestBenchPointer is the pointer part of TestBenchBrowser alone (drag,
// pan and zoom on the same designs, opened the same way), for runs that
// measure only that: VNETPLAY_BENCH=pointer.
func TestBenchPointer(t *testing.T) {
	if os.Getenv("VNETPLAY_BENCH") != "pointer" {
		t.Skip("a benchmark: run it with VNETPLAY_BENCH=pointer")
	}
	h := requireBrowser(t)
	srv := h.serve(t, h.site(t, "prebuilt"), "127.0.0.1:0")
	benchBarePage(t, h.browser(t))
	sizes := []int{100, 500}
	if os.Getenv("VNETPLAY_BENCH_VNETS") == "500" {
		sizes = []int{500}
	}
	for _, n := range sizes {
		t.Run(fmt.Sprintf("vnets=%d", n), func(t *testing.T) { benchPointerDesign(t, h, srv.URL, n) })
	}
}

// benchPointerDesign opens the generated design of n VNets as
// TestBenchBrowser does (imported, saved, reloaded) and measures its
// gestures.
func benchPointerDesign(t *testing.T, h *harness, url string, n int) {
	b := h.browser(t)
	b.load(t, url+"/")
	importDesign(t, b, n-1, 1000)
	trSaved(t, b, "the imported design", fmt.Sprintf(`d.topology.vnets.length === %d`, n))
	b.load(t, url+"/")
	poll[bool](t, b, "the design", fmt.Sprintf(designDrawnJS, n))
	// Where TestBenchBrowser's gestures start: the spokes' route table
	// selected from the keyboard (which brings it into view).
	selectBackwards(t, b, "route-table:rt-spokes", 40)
	time.Sleep(500 * time.Millisecond)
	benchGestures(t, b, n)
}

// pointerProbe is the page script that times pointer input: it records
// every pointermove and wheel event on the canvas with its timestamp (when
// the browser received it) and the time the page got it (a capturing
// listener, which runs before the app's); when the canvas' DOM next
// changes, each event recorded since the previous change gets the time the
// next animation frame (the frame that paints the change) has rendered as
// its paint time (afterFrame), and that frame's start (the earlier rounds'
// paint time) as its frame time; the last of them is marked as the one
// that caused the change, and the change counts as one repaint. Events
// that share a repaint were coalesced or changed nothing (a drag's move
// within a grid step): fewer repaints than events means moves that were
// not drawn on their own.
const pointerProbe = `(() => {
	` + afterFrameJS + `
	window.ptr = []; window.ptrPaints = 0;
	const canvas = document.getElementById('canvas');
	const record = e => { window.ptr.push({t: e.timeStamp, got: performance.now(), frame: 0, paint: 0, changed: false, cause: false}); };
	canvas.addEventListener('pointermove', record, true);
	canvas.addEventListener('wheel', record, true);
	new MutationObserver(() => {
		const recs = window.ptr.filter(r => !r.changed);
		if (recs.length === 0) { return; }
		window.ptrPaints++;
		for (const r of recs) { r.changed = true; }
		recs[recs.length - 1].cause = true;
		requestAnimationFrame(() => { const now = performance.now(); for (const r of recs) { r.frame = now; } });
		afterFrame(now => { for (const r of recs) { r.paint = now; } });
	}).observe(canvas, {subtree: true, childList: true, attributes: true, characterData: true});
	return true;
})()`

// pointerStats summarises the probe's records of one gesture: pointer →
// paint for every event (P50, P95, Max), for the events that caused a
// change (Cause50, Cause95), how long the browser took to hand the events
// to the page (Got50, Got95: timestamp → listener, the part no page code
// runs in when the page is idle), the page's own part (Page50, Page95:
// listener → paint), and pointer → the start of the frame that paints
// (Frame50, Frame95: the paint time of the earlier rounds).
type pointerStats struct {
	Sent, Painted, Repaints int
	P50, P95, Max           float64
	Frame50, Frame95        float64
	Cause50, Cause95        float64
	Got50, Got95            float64
	Page50, Page95          float64
}

// quantiles are the p50 and p95 of xs (sorted in place; zero when empty).
func quantiles(xs []float64) (p50, p95 float64) {
	if len(xs) == 0 {
		return 0, 0
	}
	slices.Sort(xs)
	return xs[len(xs)/2], xs[int(0.95*float64(len(xs)-1))]
}

// benchPointer runs gesture (which sends real input through the DevTools
// protocol, one event per 16 ms, as a 60 Hz pointer does) and reports
// pointer → paint for each event.
func benchPointer(t *testing.T, b *browser, what string, gesture func()) pointerStats {
	t.Helper()
	eval[bool](t, b, `(window.ptr = [], window.ptrPaints = 0, true)`)
	gesture()
	time.Sleep(300 * time.Millisecond) // the last frame
	recs := eval[[]map[string]any](t, b, `window.ptr`)
	st := pointerStats{Repaints: eval[int](t, b, `window.ptrPaints`)}
	var lat, cause, got, page, frame []float64
	for _, r := range recs {
		st.Sent++
		p, _ := r["paint"].(float64)
		if p <= 0 {
			continue
		}
		st.Painted++
		ts, at := r["t"].(float64), r["got"].(float64)
		lat, got, page = append(lat, p-ts), append(got, at-ts), append(page, p-at)
		f, _ := r["frame"].(float64)
		frame = append(frame, f-ts)
		if c, _ := r["cause"].(bool); c {
			cause = append(cause, p-ts)
		}
	}
	if len(lat) == 0 {
		t.Fatalf("%s: none of %d events changed the canvas", what, st.Sent)
	}
	if os.Getenv("VNETPLAY_BENCH_SERIES") != "" {
		fmt.Printf("bench-browser %s series (pointer → paint, ms, in order): %.0f\n", what, lat)
	}
	st.P50, st.P95 = quantiles(lat)
	st.Max = lat[len(lat)-1]
	st.Cause50, st.Cause95 = quantiles(cause)
	st.Got50, st.Got95 = quantiles(got)
	st.Page50, st.Page95 = quantiles(page)
	st.Frame50, st.Frame95 = quantiles(frame)
	return st
}

// emptyCanvasPoint is a point of the canvas where no node or edge is drawn.
func emptyCanvasPoint(t *testing.T, b *browser) (x, y float64) {
	t.Helper()
	x, y, ok := findEmptyCanvasPoint(t, b)
	if !ok {
		t.Fatal("no empty point on the canvas")
	}
	return x, y
}

// findEmptyCanvasPoint is emptyCanvasPoint, ok false when there is none.
func findEmptyCanvasPoint(t *testing.T, b *browser) (x, y float64, ok bool) {
	t.Helper()
	p := eval[[]float64](t, b, `(() => {
		const c = document.getElementById('canvas').getBoundingClientRect();
		for (let y = c.bottom - 40; y > c.top + 20; y -= 10) {
			for (let x = c.right - 40; x > c.left + 20; x -= 10) {
				// Clear of nodes and edges for 12 px around, as the canvas' own
				// hit test (edges within 6 px) would see it: every point of a
				// grid of 4 px (a thin line crossing the square meets one).
				let clear = true;
				for (let dx = -12; clear && dx <= 12; dx += 4) {
					for (let dy = -12; dy <= 12; dy += 4) {
						const e = document.elementFromPoint(x + dx, y + dy);
						if (!e || e.closest('[data-key]') || !e.closest('#canvas')) { clear = false; break; }
					}
				}
				if (clear) { return [x, y]; }
			}
		}
		return [];
	})()`)
	if len(p) != 2 {
		return 0, 0, false
	}
	return p[0], p[1], true
}

// sendMoves presses at (x, y), moves by (dx, dy) per step
// for steps, one step per 16 ms, and releases; the probe's records start
// at the press.
func sendMoves(t *testing.T, b *browser, x, y, dx, dy float64, steps int) {
	t.Helper()
	b.do(t, "press", chromedp.MouseEvent(chromedp.MouseMoved, x, y), chromedp.MouseEvent(chromedp.MousePressed, x, y, left))
	// The gesture's moves start at the press: the move onto the start point
	// before it changes nothing the probe sees (a hover is CSS), so the
	// probe would count it painted with whatever changes next.
	eval[bool](t, b, `(window.ptr = [], true)`)
	tick := time.NewTicker(16 * time.Millisecond)
	defer tick.Stop()
	for i := 1; i <= steps; i++ {
		<-tick.C
		b.do(t, "move", chromedp.MouseEvent(chromedp.MouseMoved, x+dx*float64(i), y+dy*float64(i), held))
	}
	b.do(t, "release", chromedp.MouseEvent(chromedp.MouseReleased, x+dx*float64(steps), y+dy*float64(steps), left))
}

// sendWheel sends steps wheel events at (x, y), one per 16 ms, zooming in
// (deltaY < 0) then out.
func sendWheel(t *testing.T, b *browser, x, y float64, steps int) {
	t.Helper()
	tick := time.NewTicker(16 * time.Millisecond)
	defer tick.Stop()
	for i := range steps {
		<-tick.C
		dy := -60.0
		if i >= steps/2 {
			dy = 60
		}
		if _, err := chromedp.Call(b.ctx, input.DispatchMouseEvent,
			input.DispatchMouseEventParams{Type: input.DispatchMouseEventTypeMouseWheel, X: x, Y: y, DeltaX: 1e-9, DeltaY: dy}); err != nil {
			t.Fatalf("wheel: %v", err)
		}
	}
}

// benchGestures measures drag, pan and zoom on the design open in b (n
// VNets) and prints one line each.
func benchGestures(t *testing.T, b *browser, n int) {
	t.Helper()
	eval[bool](t, b, pointerProbe)
	// The gestures run on the view the design opened with (50% for the
	// generated designs).
	fmt.Printf("bench-browser HubSpoke-%d (%d VNets): the gestures start at zoom %s, pan %s\n", n, n,
		eval[string](t, b, `document.getElementById('canvas').dataset.zoom`), eval[string](t, b, `document.getElementById('canvas').dataset.pan`))
	// A spoke drawn on screen, pressed on its title bar.
	spoke := spokeToDrag(t, b)
	if spoke == "" {
		t.Fatalf("HubSpoke-%d: no spoke fully on screen to drag", n)
	}
	at := titleBar(t, b, spoke)
	report := func(what string, st pointerStats) {
		fmt.Printf("bench-browser HubSpoke-%d (%d VNets): %s\n", n, n, st.line(what))
	}
	const steps = 40
	prof := os.Getenv("VNETPLAY_PROFILE") != ""
	if prof {
		startProfile(t, b)
	}
	drag := benchPointer(t, b, "drag", func() { sendMoves(t, b, at[0], at[1], 3, 2, steps) })
	if prof {
		stopProfile(t, b, fmt.Sprintf("HubSpoke-%d drag", n))
	}
	if sel := eval[string](t, b, `document.getElementById('canvas').dataset.selected || ''`); sel == "" {
		t.Errorf("HubSpoke-%d: the drag selected nothing: it did not press on a node", n)
	}
	report("drag a spoke", drag)
	b.do(t, "undo the drag", chromedp.KeyEvent("z", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	time.Sleep(300 * time.Millisecond) // the undo drawn

	// Pan: a drag on empty canvas (the view moved up and left by keys
	// first, towards the design's edge, while the canvas shows none).
	px, py, ok := findEmptyCanvasPoint(t, b)
	for i := 0; !ok && i < 40; i++ {
		eval[bool](t, b, `(document.getElementById('canvas').focus(), true)`)
		for range 3 {
			b.do(t, "pan by keys", chromedp.KeyEvent(kb.ArrowUp), chromedp.KeyEvent(kb.ArrowLeft))
		}
		time.Sleep(300 * time.Millisecond)
		px, py, ok = findEmptyCanvasPoint(t, b)
	}
	if !ok {
		t.Fatalf("HubSpoke-%d: no empty point on the canvas to pan from", n)
	}
	panBefore := eval[string](t, b, `document.getElementById('canvas').dataset.pan`)
	if prof {
		startProfile(t, b)
	}
	pan := benchPointer(t, b, "pan", func() { sendMoves(t, b, px, py, -3, -2, steps) })
	if prof {
		stopProfile(t, b, fmt.Sprintf("HubSpoke-%d pan", n))
	}
	report("pan", pan)
	if after := eval[string](t, b, `document.getElementById('canvas').dataset.pan`); after == panBefore {
		t.Errorf("HubSpoke-%d: the pan from (%.0f, %.0f) did not move the view (%s; selected %q; the press was on %s)", n, px, py, after, eval[string](t, b, `document.getElementById('canvas').dataset.selected || ''`),
			eval[string](t, b, fmt.Sprintf(`(() => { const e = document.elementFromPoint(%f, %f); return e ? e.outerHTML.slice(0, 120) : 'nothing'; })()`, px, py)))
	}

	cx, cy := eval[float64](t, b, `(r => r.left + r.width / 2)(document.getElementById('canvas').getBoundingClientRect())`),
		eval[float64](t, b, `(r => r.top + r.height / 2)(document.getElementById('canvas').getBoundingClientRect())`)
	zoom := benchPointer(t, b, "zoom", func() { sendWheel(t, b, cx, cy, 20) }) // at the canvas' centre
	report("zoom (wheel)", zoom)

	// The first drag again, a grid step per event: every event moves the spoke. In
	// 3 px steps most events stay within a grid step and change nothing;
	// the probe counts each of them until the next event that is drawn.
	// A spoke fully on screen where the pan and the zoom left the view.
	time.Sleep(300 * time.Millisecond)
	if spoke = spokeToDrag(t, b); spoke == "" {
		t.Fatalf("HubSpoke-%d: after the pan and the zoom, no spoke fully on screen to drag", n)
	}
	at = titleBar(t, b, spoke)
	step := canvas.Grid * eval[float64](t, b, `parseFloat(document.getElementById('canvas').dataset.zoom)`)
	grid := benchPointer(t, b, "drag by grid steps", func() { sendMoves(t, b, at[0], at[1], step, 0, steps) })
	report("drag a spoke a grid step per event", grid)
	b.do(t, "undo the drag", chromedp.KeyEvent("z", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
}

// spokeToDrag is a spoke on screen with room to be dragged
// (spokeOnScreen), the view panned left by keys until there is one: a
// design opened at 40% shows its spoke columns at the canvas' right edge.
// "" when none comes into view.
func spokeToDrag(t *testing.T, b *browser) string {
	t.Helper()
	spoke := spokeOnScreen(t, b)
	for i := 0; spoke == "" && i < 20; i++ {
		eval[bool](t, b, `(document.getElementById('canvas').focus(), true)`)
		for range 3 {
			b.do(t, "pan by keys", chromedp.KeyEvent(kb.ArrowRight))
		}
		time.Sleep(300 * time.Millisecond)
		spoke = spokeOnScreen(t, b)
	}
	return spoke
}

// spokeOnScreen is the key of a spoke VNet drawn wholly on the canvas,
// with room to be dragged right and down; "" when there is none.
func spokeOnScreen(t *testing.T, b *browser) string {
	t.Helper()
	return eval[string](t, b, `(() => {
		const c = document.getElementById('canvas').getBoundingClientRect();
		for (const g of document.querySelectorAll('#world [data-key^="vnet:"]')) {
			if (g.dataset.key === 'vnet:hub') { continue; }
			const r = g.querySelector('.node-box').getBoundingClientRect();
			if (r.width > 0 && r.left > c.left + 20 && r.top > c.top + 20 && r.right < c.right - 120 && r.bottom < c.bottom - 120) {
				return g.dataset.key;
			}
		}
		return '';
	})()`)
}

// titleBar is the screen point on the title bar of the node key (the
// middle of its box's top edge, 6 px down).
func titleBar(t *testing.T, b *browser, key string) []float64 {
	t.Helper()
	at := eval[[]float64](t, b, fmt.Sprintf(`(() => {
		const g = document.querySelector('#world [data-key=%q]');
		const r = g ? g.querySelector('.node-box').getBoundingClientRect() : null;
		return r && r.width > 0 ? [r.left + r.width / 2, r.top + 6] : [];
	})()`, key))
	if len(at) != 2 {
		t.Fatalf("%s is not drawn", key)
	}
	return at
}

// line is the report of st for gesture what.
func (st pointerStats) line(what string) string {
	return fmt.Sprintf("%s, pointer → paint over %d events: p50 %.1f ms, p95 %.1f ms, max %.1f ms; %d repaints for %d events (%d painted); "+
		"the events that moved it p50 %.1f, p95 %.1f ms; received → handed to the page p50 %.1f, p95 %.1f ms; the page's part p50 %.1f, p95 %.1f ms; "+
		"to the start of the painting frame (rounds 1–7) p50 %.1f, p95 %.1f ms",
		what, st.Sent, st.P50, st.P95, st.Max, st.Repaints, st.Sent, st.Painted, st.Cause50, st.Cause95, st.Got50, st.Got95, st.Page50, st.Page95,
		st.Frame50, st.Frame95)
}

// benchBarePage measures the same input on a page with no app at all (a
// blank tab, one element whose listeners move a square per event, the
// wheel's listener not passive, as the canvas' is): the floor the
// browser's own input path sets under every pointer → paint figure, in
// the same run.
func benchBarePage(t *testing.T, b *browser) {
	t.Helper()
	tab, closeTab := b.newTab(t)
	defer closeTab()
	eval[bool](t, tab, `(() => {
		const c = document.createElement('div'), sq = document.createElement('div');
		c.id = 'canvas';
		Object.assign(c.style, {position: 'fixed', left: '0', top: '0', width: '800px', height: '600px', background: '#eee'});
		Object.assign(sq.style, {width: '20px', height: '20px', background: 'red'});
		c.appendChild(sq);
		document.body.appendChild(c);
		let n = 0;
		const move = () => { n++; sq.style.transform = 'translate(' + (n % 400) + 'px, 0)'; };
		c.addEventListener('pointermove', move);
		c.addEventListener('wheel', e => { e.preventDefault(); move(); }, {passive: false});
		return true;
	})()`)
	eval[bool](t, tab, pointerProbe)
	const steps = 40
	moves := benchPointer(t, tab, "bare moves", func() { sendMoves(t, tab, 300, 300, 3, 2, steps) })
	fmt.Printf("bench-browser bare page (no app): %s\n", moves.line("pointer moves"))
	wheel := benchPointer(t, tab, "bare wheel", func() { sendWheel(t, tab, 300, 300, 20) })
	fmt.Printf("bench-browser bare page (no app): %s\n", wheel.line("wheel"))
}
