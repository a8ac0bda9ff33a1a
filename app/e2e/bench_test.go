//go:build e2e && !(js && wasm)

package e2e

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"vnetplay/app/persist"
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
		raw, err := scenario.Encode(doc)
		if err != nil {
			t.Fatal(err)
		}
		frag, err := persist.EncodeLink(raw)
		if err != nil {
			t.Fatal(err)
		}
		b := h.browser(t)
		mounted := b.load(t, srv.URL+"/#"+frag)
		poll[bool](t, b, "the design", fmt.Sprintf(`document.querySelectorAll('#world [data-key^="vnet:"]').length === %d`, n))
		firstPaint := eval[float64](t, b, `new Promise(r => requestAnimationFrame(() => r(performance.now())))`)

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
				let changed = false;
				const mo = new MutationObserver(() => { changed = true; });
				mo.observe(document.getElementById('vnetplay'), {subtree: true, childList: true, attributes: true, characterData: true});
				const t0 = performance.now();
				act();
				while (!changed) { await frame(); }
				await frame();
				mo.disconnect();
				return performance.now() - t0;
			};
			return true;
		})()`)
		var times []float64
		for i := range edits {
			times = append(times, eval[float64](t, b, fmt.Sprintf(`window.benchTime(() => {
				const input = document.getElementById('prop-location');
				input.value = 'region%d';
				input.dispatchEvent(new Event('change', {bubbles: true}));
			})`, i)))
			times = append(times, eval[float64](t, b, `(document.activeElement.blur(),
				window.benchTime(() => window.dispatchEvent(new KeyboardEvent('keydown', {key: 'z', ctrlKey: true, bubbles: true}))))`))
		}
		slices.Sort(times)
		p := func(q float64) float64 { return times[int(q*float64(len(times)-1))] }
		fmt.Printf("bench-browser HubSpoke-%d (%d VNets): cold mount %.0f ms, design drawn at %.0f ms; edit → repaint over %d edits: p50 %.1f ms, p95 %.1f ms, max %.1f ms\n",
			n, n, mounted, firstPaint, len(times), p(0.5), p(0.95), times[len(times)-1])
		if errs := b.errors(); len(errs) > 0 {
			t.Errorf("console errors:\n%s", strings.Join(errs, "\n"))
		}
		if os.Getenv("VNETPLAY_TIMING") != "" {
			b.mu.Lock()
			for _, m := range b.console {
				if strings.Contains(m.Text, "TIMING") {
					fmt.Println(n, m.Text)
				}
			}
			b.mu.Unlock()
		}
	}
}
