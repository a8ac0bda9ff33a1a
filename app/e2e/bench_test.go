//go:build e2e && !(js && wasm)

package e2e

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/profiler"
	"github.com/chromedp/chromedp"

	"vnetplay/engine/gen"
	"vnetplay/engine/scenario"
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
	// The generated enterprise hub of the engine benchmarks (gen.HubSpokeScale:
	// NVA, ExpressRoute and VPN gateways, 1,000 on-premises prefixes, a
	// shared spoke route table), with two subnets and VMs per spoke.
	for _, n := range []int{100, 500} {
		topo := gen.HubSpokeScale(gen.Params{N: n - 1, Subnets: 2, Prefixes: 1000, Seed: 1})
		if len(topo.VNets) != n {
			t.Fatalf("generated %d VNets, want %d", len(topo.VNets), n)
		}
		doc := &scenario.Document{Format: scenario.Format, Version: scenario.Latest, Name: fmt.Sprintf("HubSpoke-%d", n), Topology: topo}
		// Larger than a share link may be: imported as a file, saved, then
		// opened by a reload (the path of every later visit).
		raw, err := scenario.EncodeCompact(doc)
		if err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(t.TempDir(), "design.json")
		if err := os.WriteFile(file, raw, 0o644); err != nil {
			t.Fatal(err)
		}
		drawn := fmt.Sprintf(`document.querySelectorAll('#world [data-key^="vnet:"]').length === %d`, n)
		b := h.browser(t)
		b.load(t, srv.URL+"/")
		b.do(t, "open the Scenarios dialog", chromedp.Click(chromedp.ID("scenarios")))
		b.do(t, "import the design", chromedp.SetUploadFiles(chromedp.ID("import-file"), []string{file}))
		poll[bool](t, b, "the imported design", drawn)
		trSaved(t, b, "the imported design", fmt.Sprintf(`d.topology.vnets.length === %d`, n))
		mounted := b.load(t, srv.URL+"/")
		poll[bool](t, b, "the design", drawn)
		firstPaint := eval[float64](t, b, `new Promise(r => requestAnimationFrame(() => r(performance.now())))`)
		b.screenshot(t, fmt.Sprintf("bench-hubspoke-%d", n))

		// One edit = a property change in the Inspector (the hub's location:
		// every peering turns global, so every spoke's routes change) and
		// its undo (Ctrl+Z): each a full engine recompute and canvas update,
		// timed from the input event to the next frame after the DOM changed.
		// Each edit is timed by its own evaluation, so that a slow one on
		// the big design does not hit the harness's per-call timeout.
		const edits = 20
		eval[bool](t, b, `(async () => {
			const frame = () => new Promise(r => requestAnimationFrame(() => r()));
			const canvas = document.getElementById('canvas');
			canvas.focus();
			canvas.dispatchEvent(new KeyboardEvent('keydown', {key: 'n', bubbles: true})); // selects the hub
			while (!document.getElementById('prop-location')) { await frame(); }
			window.benchTime = async (act) => {
				let changed = false, first = 0;
				const mo = new MutationObserver(() => { if (!changed) { first = performance.now(); } changed = true; });
				mo.observe(document.getElementById('vnetplay'), {subtree: true, childList: true, attributes: true, characterData: true});
				const t0 = performance.now();
				act();
				while (!changed) { await frame(); }
				await frame();
				mo.disconnect();
				window.benchFirst = (window.benchFirst || []).concat([first - t0]);
				return performance.now() - t0;
			};
			return true;
		})()`)
		prof := os.Getenv("VNETPLAY_PROFILE") != ""
		if prof {
			startProfile(t, b)
		}
		times := timeEdits(t, b, edits, "prop-location", func(i int) string { return fmt.Sprintf("region%d", i) })
		if prof {
			stopProfile(t, b, fmt.Sprintf("HubSpoke-%d", n))
			first := eval[[]float64](t, b, `window.benchFirst`)
			slices.Sort(first)
			fmt.Printf("bench-browser HubSpoke-%d: input → first DOM mutation p50 %.0f ms, max %.0f ms\n", n, first[len(first)/2], first[len(first)-1])
		}
		slices.Sort(times)
		p := func(q float64) float64 { return times[int(q*float64(len(times)-1))] }
		fmt.Printf("bench-browser HubSpoke-%d (%d VNets): reload: mounted at %.0f ms, design drawn at %.0f ms; edit → repaint over %d edits: p50 %.1f ms, p95 %.1f ms, max %.1f ms\n",
			n, n, mounted, firstPaint, len(times), p(0.5), p(0.95), times[len(times)-1])

		// The everyday edit: one UDR of the spoke route table (its prefix, in
		// the Inspector, moved to a /24 no other route uses) and its undo.
		// Selected from the keyboard: P from no selection goes backwards from
		// the last node, and the route tables are near the end.
		if !eval[bool](t, b, `(async () => {
			const frame = () => new Promise(r => requestAnimationFrame(() => r()));
			const canvas = document.getElementById('canvas');
			canvas.focus();
			canvas.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true}));
			await frame();
			for (let i = 0; i < 40; i++) {
				const was = canvas.dataset.selected;
				if (was === 'route-table:rt-spokes') { return true; }
				canvas.dispatchEvent(new KeyboardEvent('keydown', {key: 'p', bubbles: true}));
				for (let f = 0; f < 300 && canvas.dataset.selected === was; f++) { await frame(); } // rendered
			}
			return false;
		})()`) {
			t.Fatalf("P never selected the spoke route table: selected %q, focus on %s", eval[string](t, b, `document.getElementById('canvas').dataset.selected || ''`),
				eval[string](t, b, `document.activeElement ? document.activeElement.outerHTML.slice(0, 80) : 'none'`))
		}
		poll[bool](t, b, "the route table's Inspector", `document.querySelectorAll('.item-edit').length > 2`)
		udr := timeRouteEdits(t, b, edits)
		slices.Sort(udr)
		fmt.Printf("bench-browser HubSpoke-%d (%d VNets): route edit → repaint over %d edits: p50 %.1f ms, p95 %.1f ms, max %.1f ms\n",
			n, n, len(udr), udr[len(udr)/2], udr[int(0.95*float64(len(udr)-1))], udr[len(udr)-1])
		benchGestures(t, b, n)
		b.noConsoleErrors(t)
	}
}

// timeEdits sets the Inspector field id to value(i) and undoes it, edits
// times, and returns each edit's and undo's input → repaint time
// (window.benchTime).
func timeEdits(t *testing.T, b *browser, edits int, id string, value func(int) string) []float64 {
	t.Helper()
	var times []float64
	for i := range edits {
		times = append(times, eval[float64](t, b, fmt.Sprintf(`window.benchTime(() => {
			const input = document.getElementById(%q);
			input.value = %q;
			input.dispatchEvent(new Event('change', {bubbles: true}));
		})`, id, value(i))))
		times = append(times, eval[float64](t, b, `(document.activeElement.blur(),
			window.benchTime(() => window.dispatchEvent(new KeyboardEvent('keydown', {key: 'z', ctrlKey: true, bubbles: true}))))`))
	}
	return times
}

// timeRouteEdits edits the third route of the selected route table through
// its item form (the prefix moved to a /24 no other route uses) and undoes
// it, edits times, and returns each Save's and undo's input → repaint time.
func timeRouteEdits(t *testing.T, b *browser, edits int) []float64 {
	t.Helper()
	var times []float64
	for i := range edits {
		eval[bool](t, b, `(async () => {
			document.querySelectorAll('.item-edit')[2].click();
			while (!document.getElementById('item-addressPrefix')) { await new Promise(r => requestAnimationFrame(r)); }
			return true; })()`)
		trSet(t, b, "#item-addressPrefix", fmt.Sprintf("10.200.%d.0/24", i))
		times = append(times, eval[float64](t, b, `window.benchTime(() => document.getElementById('item-save').click())`))
		times = append(times, eval[float64](t, b, `(document.activeElement.blur(),
			window.benchTime(() => window.dispatchEvent(new KeyboardEvent('keydown', {key: 'z', ctrlKey: true, bubbles: true}))))`))
	}
	return times
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
}
