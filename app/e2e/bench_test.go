//go:build e2e && !(js && wasm)

package e2e

import (
	"fmt"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/profiler"
	"github.com/chromedp/chromedp"
)

// TestBenchBrowser measures, in the real app in headless Chromium, the time
// from an edit's input event to the next painted frame after the DOM
// changed (edit → repaint), on generated hub-and-spoke designs, and the cold
// first render of the same designs. It runs only with VNETPLAY_BENCH=1
// (make bench-browser) and prints its numbers; nothing is asserted about
// speed (the machine is shared).
func TestBenchBrowser(t *testing.T) {
	if os.Getenv("VNETPLAY_BENCH") == "" {
		t.Skip("a benchmark: run it with make bench-browser")
	}
	h := requireBrowser(t)
	srv := h.serve(t, h.site(t, "prebuilt"), "127.0.0.1:0")
	benchBarePage(t, h.browser(t))
	// The generated enterprise hub of the engine benchmarks (gen.HubSpokeScale:
	// NVA, ExpressRoute and VPN gateways, 1,000 on-premises prefixes, a
	// shared spoke route table), with two subnets and VMs per spoke.
	for _, n := range benchSizes() {
		drawn := fmt.Sprintf(designDrawnJS, n)
		b := h.browser(t)
		b.load(t, srv.URL+"/")
		// Larger than a share link may be: imported as a file, saved, then
		// opened by a reload (the path of every later visit).
		importDesign(t, b, n-1, 1000)
		trSaved(t, b, "the imported design", fmt.Sprintf(`d.topology.vnets.length === %d`, n))
		onEveryPage(t, b, fmt.Sprintf(drawnClock, fmt.Sprintf(designDrawnJS, n)))
		mounted := b.load(t, srv.URL+"/")
		poll[bool](t, b, "the design", drawn)
		firstPaint := poll[float64](t, b, "the frame that drew the design", `window.benchDrawnAt || 0`)
		drawnFrame := eval[float64](t, b, `window.benchDrawnFrame`)
		polled := eval[float64](t, b, `new Promise(r => requestAnimationFrame(() => r(performance.now())))`)
		poll[bool](t, b, "the analysis", `document.getElementById('results-pane').getAttribute('aria-busy') !== 'true'`)
		analysed := eval[float64](t, b, `new Promise(r => requestAnimationFrame(() => r(performance.now())))`)
		b.screenshot(t, fmt.Sprintf("bench-hubspoke-%d", n))

		// One edit = a property change in the Inspector (the hub's location:
		// every peering turns global, so every spoke's routes change) and
		// its undo (Ctrl+Z): each a full engine recompute and canvas update,
		// timed from the input event to the next frame after the DOM changed.
		// Each edit is timed by its own evaluation, so that a slow one on
		// the big design does not hit the harness's per-call timeout.
		const edits = 20
		installBenchTime(t, b)
		prof := os.Getenv("VNETPLAY_PROFILE") != ""
		if prof {
			startProfile(t, b)
		}
		loc := timeEdits(t, b, edits, "prop-location", func(i int) string { return fmt.Sprintf("region%d", i) }, 0)
		if prof {
			stopProfile(t, b, fmt.Sprintf("HubSpoke-%d", n))
			first := eval[[]float64](t, b, `window.benchFirst`)
			slices.Sort(first)
			fmt.Printf("bench-browser HubSpoke-%d: input → first DOM mutation p50 %.0f ms, max %.0f ms\n", n, first[len(first)/2], first[len(first)-1])
		}
		fmt.Printf("bench-browser HubSpoke-%d (%d VNets): reload: mounted at %.0f ms, design drawn at %.0f ms (its frame started at %.0f ms; a frame after a poll that saw it: %.0f ms), panels analysed by %.0f ms\n", n, n, mounted, firstPaint, drawnFrame, polled, analysed)
		fmt.Printf("bench-browser HubSpoke-%d (%d VNets): the first edit after the reload: repaint %.0f ms, panels %.0f ms; its undo: %.0f, %.0f ms\n",
			n, n, loc.paint[0], loc.panels[0], loc.paint[1], loc.panels[1])
		loc.report(fmt.Sprintf("HubSpoke-%d (%d VNets):", n, n))

		// The same edits at a user's pace: each half a second after the
		// answer to the one before (the page and the worker idle between
		// them, as between a user's actions).
		paced := timeEdits(t, b, edits, "prop-location", func(i int) string { return fmt.Sprintf("place%d", i) }, userPause)
		paced.report(fmt.Sprintf("HubSpoke-%d (%d VNets): at a user's pace (%v apart),", n, n, userPause))

		// The everyday edit: one UDR of the spoke route table (its prefix, in
		// the Inspector, moved to a /24 no other route uses) and its undo.
		// Selected from the keyboard: P from no selection goes backwards from
		// the last node, and the route tables are near the end.
		selectBackwards(t, b, "route-table:rt-spokes", 40)
		poll[bool](t, b, "the route table's Inspector", `document.querySelectorAll('.item-edit').length > 2`)
		if prof {
			startProfile(t, b)
		}
		udr := timeRouteEdits(t, b, edits)
		if prof {
			stopProfile(t, b, fmt.Sprintf("HubSpoke-%d route edits", n))
		}
		udr.report(fmt.Sprintf("HubSpoke-%d (%d VNets): route", n, n))

		benchGestures(t, b, n)

		// A what-if: the hub's ExpressRoute circuit failed from its
		// Inspector and restored (each a whole analysis of the design
		// without it: the VPN takes over), the Routes tab showing the
		// circuit's BGP tables.
		selectBackwards(t, b, "er-circuit:er-hub", 120)
		poll[bool](t, b, "the circuit's Fail button", `document.getElementById('fail-toggle') !== null`)
		if prof {
			startProfile(t, b)
		}
		var fails editTimes
		for range edits / 2 {
			for range 2 { // fail, restore
				fails.timed(t, b, `window.benchTime(() => document.getElementById('fail-toggle').click())`)
			}
		}
		if prof {
			stopProfile(t, b, fmt.Sprintf("HubSpoke-%d circuit fail/restore", n))
		}
		fails.report(fmt.Sprintf("HubSpoke-%d (%d VNets): circuit fail/restore", n, n))
		b.noConsoleErrors(t)
	}
}

// installBenchTime selects the hub from the keyboard (its Inspector open)
// and defines window.benchTime (below), which the bench's edits are timed by.
func installBenchTime(t *testing.T, b *browser) {
	t.Helper()
	eval[bool](t, b, `(async () => {
		const frame = () => new Promise(r => requestAnimationFrame(() => r()));
		`+afterFrameJS+`
		const canvas = document.getElementById('canvas');
		canvas.focus();
		canvas.dispatchEvent(new KeyboardEvent('keydown', {key: 'n', bubbles: true})); // selects the hub
		while (!document.getElementById('prop-location')) { await frame(); }
		// benchTime times act: to the end of the frame that drew the
		// page's first change (the edit drawn: the canvas and the
		// Inspector), then to the end of the frame that drew the results
		// pane no longer updating (the engine's analysis shown in the
		// panels). It returns those two, then the earlier rounds' measure
		// of each: the start of the frame after those frames (one frame
		// later, whatever the page does).
		window.benchTime = async (act) => {
			const pane = document.getElementById('results-pane');
			const busy = () => pane.getAttribute('aria-busy') === 'true';
			let changed = false, first = 0, paintAt, panelsAt;
			const painted = new Promise(r => { paintAt = r; }), shown = new Promise(r => { panelsAt = r; });
			let shownSeen = false;
			const mo = new MutationObserver(() => {
				if (!changed) { first = performance.now(); afterFrame(paintAt); }
				changed = true;
				if (!shownSeen && !busy()) { shownSeen = true; afterFrame(panelsAt); }
			});
			mo.observe(document.getElementById('vnetplay'), {subtree: true, childList: true, attributes: true, characterData: true});
			const t0 = performance.now();
			act();
			while (!changed) { await frame(); }
			await frame();
			const paintOld = performance.now() - t0;
			while (busy()) { await frame(); }
			await frame();
			const panelsOld = performance.now() - t0;
			const paint = await painted - t0, panels = await shown - t0;
			mo.disconnect();
			window.benchFirst = (window.benchFirst || []).concat([first - t0]);
			return [paint, panels, paintOld, panelsOld];
		};
		return true;
	})()`)
}

// benchSizes are the designs' sizes the bench runs: 100 and 500 VNets, or
// those VNETPLAY_BENCH_VNETS lists ("100", "100,500").
func benchSizes() []int {
	list := os.Getenv("VNETPLAY_BENCH_VNETS")
	if list == "" {
		return []int{100, 500}
	}
	var out []int
	for _, f := range strings.Split(list, ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(f)); err == nil && n > 1 {
			out = append(out, n)
		}
	}
	return out
}

// selfUnder is the self time of each function (JavaScript, the browser's
// and Go's alike) in the samples whose stack holds a function whose name
// contains under.
func selfUnder(nodes []*profiler.ProfileNode, self map[int64]float64, under string) map[string]float64 {
	parent, byID := profileTree(nodes)
	out := map[string]float64{}
	for _, n := range nodes {
		if ms := self[n.ID]; ms > 0 && stackHolds(n.ID, parent, byID, under) {
			out[n.CallFrame.FunctionName] += ms
		}
	}
	return out
}

// stacksUnder is the self time of each stack (its innermost eleven
// functions, innermost first) in the samples whose stack holds a function
// whose name contains under.
func stacksUnder(nodes []*profiler.ProfileNode, self map[int64]float64, under string) map[string]float64 {
	parent, byID := profileTree(nodes)
	out := map[string]float64{}
	for _, n := range nodes {
		ms := self[n.ID]
		if ms == 0 || !stackHolds(n.ID, parent, byID, under) {
			continue
		}
		var names []string
		for id, ok := n.ID, true; ok && len(names) < 11; id, ok = parent[id] {
			names = append(names, byID[id].CallFrame.FunctionName)
		}
		out[strings.Join(names, " < ")] += ms
	}
	return out
}

// profileTree indexes a profile's call tree: each node's parent and each
// node by id.
func profileTree(nodes []*profiler.ProfileNode) (parent map[int64]int64, byID map[int64]*profiler.ProfileNode) {
	parent, byID = map[int64]int64{}, map[int64]*profiler.ProfileNode{}
	for _, n := range nodes {
		byID[n.ID] = n
		for _, c := range n.Children {
			parent[c] = n.ID
		}
	}
	return parent, byID
}

// stackHolds reports whether the stack of node id (it and its callers)
// holds a function whose name contains name.
func stackHolds(id int64, parent map[int64]int64, byID map[int64]*profiler.ProfileNode, name string) bool {
	for ok := true; ok; id, ok = parent[id] {
		if strings.Contains(byID[id].CallFrame.FunctionName, name) {
			return true
		}
	}
	return false
}

// userPause is the time between two edits of the bench's series at a
// user's pace.
const userPause = 500 * time.Millisecond

// selectBackwards selects key on the canvas from the keyboard: Escape,
// then P (the previous node, from the last one when nothing is selected)
// until key is selected, at most presses times, each press waited for
// until it is drawn.
func selectBackwards(t *testing.T, b *browser, key string, presses int) {
	t.Helper()
	if !eval[bool](t, b, fmt.Sprintf(`(async () => {
		const frame = () => new Promise(r => requestAnimationFrame(() => r()));
		const canvas = document.getElementById('canvas');
		canvas.focus();
		canvas.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true}));
		await frame();
		for (let i = 0; i < %d; i++) {
			const was = canvas.dataset.selected;
			if (was === %q) { return true; }
			canvas.dispatchEvent(new KeyboardEvent('keydown', {key: 'p', bubbles: true}));
			for (let f = 0; f < 300 && canvas.dataset.selected === was; f++) { await frame(); }
		}
		return false;
	})()`, presses, key)) {
		t.Fatalf("P never selected %s: selected %q, focus on %s", key, eval[string](t, b, `document.getElementById('canvas').dataset.selected || ''`),
			eval[string](t, b, `document.activeElement ? document.activeElement.outerHTML.slice(0, 80) : 'none'`))
	}
}

// afterFrameJS defines afterFrame(f): f gets the time at which the next
// animation frame's rendering (style, layout and paint on the page's
// thread) has finished: a message posted from that frame's callback is
// handled only after the frame. The frame callback's own time, which the
// earlier rounds used, is the frame's start, before its rendering work.
const afterFrameJS = `const afterFrame = f => requestAnimationFrame(() => {
	const c = new MessageChannel();
	c.port1.onmessage = () => { c.port1.close(); f(performance.now()); };
	c.port2.postMessage(null);
});`

// drawnClock (formatted with a condition that holds once the design is
// drawn: designDrawnJS) records, from the page's first script on, when the
// design is first drawn: the time the animation frame after the DOM first
// met the condition had rendered (window.benchDrawnAt, ms since navigation start), and that
// frame's start (window.benchDrawnFrame). A poll from the test lands only
// when the page's thread is free, which after the first paint is after the
// page's analysis of the design: this clock is not delayed by that.
const drawnClock = afterFrameJS + `
new MutationObserver((_, o) => {
	if (%s) {
		o.disconnect();
		requestAnimationFrame(() => { window.benchDrawnFrame = performance.now(); });
		afterFrame(t => { window.benchDrawnAt = t; });
	}
}).observe(document, {childList: true, subtree: true, characterData: true});`

// report prints the p50, p95 and max of times (ms), sorting them.
func report(what string, times []float64) {
	if os.Getenv("VNETPLAY_BENCH_SERIES") != "" {
		fmt.Printf("bench-browser %s series: %.0f\n", what, times)
	}
	slices.Sort(times)
	p := func(q float64) float64 { return times[int(q*float64(len(times)-1))] }
	fmt.Printf("bench-browser %s over %d edits: p50 %.1f ms, p95 %.1f ms, max %.1f ms\n", what, len(times), p(0.5), p(0.95), times[len(times)-1])
}

// editTimes are the times of a series of edits (ms): input → the frame
// that drew the edit rendered, input → the frame that drew the panels
// updated rendered, and the earlier rounds' measure of each (the start of
// the frame after those).
type editTimes struct {
	paint, panels, paintOld, panelsOld []float64
}

// report prints the series' quantiles as what's, both measures.
func (e editTimes) report(what string) {
	report(what+" edit → repaint", e.paint)
	report(what+" edit → panels updated", e.panels)
	report(what+" edit → repaint (the frame after, as rounds 1–7 measured)", e.paintOld)
	report(what+" edit → panels updated (the frame after, as rounds 1–7 measured)", e.panelsOld)
}

// timed is one benchTime, added to e.
func (e *editTimes) timed(t *testing.T, b *browser, js string) {
	t.Helper()
	r := eval[[]float64](t, b, js)
	if len(r) != 4 {
		t.Fatalf("benchTime returned %v", r)
	}
	e.paint, e.panels = append(e.paint, r[0]), append(e.panels, r[1])
	e.paintOld, e.panelsOld = append(e.paintOld, r[2]), append(e.panelsOld, r[3])
}

// undoJS times an undo from the keyboard (Ctrl+Z), the focus taken off any
// field first.
const undoJS = `(document.activeElement.blur(),
	window.benchTime(() => window.dispatchEvent(new KeyboardEvent('keydown', {key: 'z', ctrlKey: true, bubbles: true}))))`

// timeEdits sets the Inspector field id to value(i) and undoes it, edits
// times, and returns the times of each edit and undo (window.benchTime),
// each one pause after the answer to the one before (0: at once).
func timeEdits(t *testing.T, b *browser, edits int, id string, value func(int) string, pause time.Duration) editTimes {
	t.Helper()
	var e editTimes
	for i := range edits {
		time.Sleep(pause)
		e.timed(t, b, fmt.Sprintf(`window.benchTime(() => {
			const input = document.getElementById(%q);
			input.value = %q;
			input.dispatchEvent(new Event('change', {bubbles: true}));
		})`, id, value(i)))
		time.Sleep(pause)
		e.timed(t, b, undoJS)
	}
	return e
}

// timeRouteEdits edits the third route of the selected route table through
// its item form (the prefix moved to a /24 no other route uses) and undoes
// it, edits times, and returns the times of each Save and undo.
func timeRouteEdits(t *testing.T, b *browser, edits int) editTimes {
	t.Helper()
	var e editTimes
	for i := range edits {
		eval[bool](t, b, `(async () => {
			document.querySelectorAll('.item-edit')[2].click();
			while (!document.getElementById('item-addressPrefix')) { await new Promise(r => requestAnimationFrame(r)); }
			return true; })()`)
		trSet(t, b, "#item-addressPrefix", fmt.Sprintf("10.200.%d.0/24", i))
		e.timed(t, b, `window.benchTime(() => document.getElementById('item-save').click())`)
		e.timed(t, b, undoJS)
	}
	return e
}

// startProfile starts Chromium's sampling CPU profiler (VNETPLAY_PROFILE=1).
func startProfile(t *testing.T, b *browser) {
	t.Helper()
	for _, err := range []error{
		func() error { _, err := chromedp.Call(b.ctx, profiler.Enable, cdp.Empty{}); return err }(),
		func() error {
			_, err := chromedp.Call(b.ctx, profiler.SetSamplingInterval, profiler.SetSamplingIntervalParams{Interval: 200})
			return err
		}(),
		func() error { _, err := chromedp.Call(b.ctx, profiler.Start, cdp.Empty{}); return err }(),
	} {
		if err != nil {
			t.Fatalf("profiler: %v", err)
		}
	}
}

// stopProfile stops the profiler and prints where the main thread's time
// went: Go (the wasm), JavaScript by script, the browser's own work
// ("(program)": style, layout, paint), garbage collection and idle, then the
// heaviest functions by self time.
func stopProfile(t *testing.T, b *browser, name string) {
	t.Helper()
	res, err := chromedp.Call(b.ctx, profiler.Stop, cdp.Empty{})
	if err != nil {
		t.Fatalf("profiler: %v", err)
	}
	pr := res.Profile
	self := map[int64]float64{}
	for i, id := range pr.Samples {
		if i < len(pr.TimeDeltas) {
			self[id] += float64(pr.TimeDeltas[i]) / 1000
		}
	}
	byCat, byFn := map[string]float64{}, map[string]float64{}
	total := 0.0
	for _, n := range pr.Nodes {
		ms := self[n.ID]
		if ms == 0 {
			continue
		}
		total += ms
		fn, url := n.CallFrame.FunctionName, n.CallFrame.URL
		cat := "JavaScript " + path.Base(url)
		switch {
		case strings.HasPrefix(url, "wasm://"):
			cat = "Go (wasm)"
		case strings.HasPrefix(fn, "("):
			cat = fn
		}
		byCat[cat] += ms
		byFn[cat+": "+fn] += ms
	}
	show := func(title string, m map[string]float64, k int) {
		keys := make([]string, 0, len(m))
		for key := range m {
			keys = append(keys, key)
		}
		slices.SortFunc(keys, func(a, b string) int { return int(m[b]*1000 - m[a]*1000) })
		fmt.Printf("bench-browser %s profile, %s:", name, title)
		for _, key := range keys[:min(k, len(keys))] {
			fmt.Printf(" %s %.0f ms (%.0f%%);", key, m[key], 100*m[key]/total)
		}
		fmt.Println()
	}
	show("by kind", byCat, 8)
	show("top functions by self time", byFn, 12)
	show("top Go functions by total time (callees included)", goTotals(pr.Nodes, self, ""), 25)
	if under := os.Getenv("VNETPLAY_PROFILE_UNDER"); under != "" {
		show("the Go functions whose stacks include "+under, goTotals(pr.Nodes, self, under), 40)
		show("self time in the stacks that include "+under, selfUnder(pr.Nodes, self, under), 20)
		show("the stacks (innermost first) that include "+under, stacksUnder(pr.Nodes, self, under), 12)
	}
}

// goTotals is the time of each Go function with its callees, from the
// profile's call tree and each node's self time; a function that calls
// itself (through others) is counted once. With under set, only the
// samples whose stack holds a function whose name contains it count
// (VNETPLAY_PROFILE_UNDER: who calls it, and what it calls).
func goTotals(nodes []*profiler.ProfileNode, self map[int64]float64, under string) map[string]float64 {
	parent, byID := profileTree(nodes)
	out := map[string]float64{}
	for _, n := range nodes {
		ms := self[n.ID]
		if ms == 0 {
			continue
		}
		if under != "" && !stackHolds(n.ID, parent, byID, under) {
			continue
		}
		seen := map[string]bool{}
		for id, ok := n.ID, true; ok; id, ok = parent[id] {
			f := byID[id].CallFrame
			if !strings.HasPrefix(f.URL, "wasm://") || seen[f.FunctionName] {
				continue
			}
			seen[f.FunctionName] = true
			out[f.FunctionName] += ms
		}
	}
	return out
}
