//go:build e2e && !(js && wasm)

package e2e

// The engine's Web Worker (app/engineworker, web/engine-worker.js): it is
// given the module the page compiled instead of downloading and compiling
// app.wasm again, and when it cannot start, the N-1 sweep runs in the page
// with the same results.

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"

	"vnetplay/engine/gen"
	"vnetplay/engine/scenario"
	"vnetplay/engine/whatif"
)

// sweepDoc is the design the worker tests sweep: a hub and six spokes, whose
// whole sweep takes a few seconds, in the worker or in the page.
func sweepDoc() *scenario.Document {
	return &scenario.Document{Name: "Sweep", Topology: gen.HubSpokeScale(gen.Params{N: 6, Seed: 1})}
}

// sweepOutcome is what the What-if tab shows once a sweep finished: its
// summary and the lines of its results list.
type sweepOutcome struct {
	Summary string
	Lines   []string
}

// wantSweep is the outcome of sweeping doc, computed by the engine here as
// the worker computes it (from the compact JSON the page sends) and written
// as the What-if tab writes it (app/ui/whatifview.go).
func wantSweep(t *testing.T, doc *scenario.Document) sweepOutcome {
	t.Helper()
	compact, err := scenario.EncodeCompact(doc)
	if err != nil {
		t.Fatal(err)
	}
	d, _, err := scenario.Decode(compact, scenario.Lenient)
	if err != nil {
		t.Fatal(err)
	}
	res, err := whatif.Sweep(context.Background(), d, nil)
	if err != nil {
		t.Fatal(err)
	}
	var o sweepOutcome
	for _, r := range res {
		if len(r.Lost) > 0 {
			o.Lines = append(o.Lines, fmt.Sprintf("%s — %d pairs lost", r.Component.Label, len(r.Lost)))
		}
	}
	o.Summary = fmt.Sprintf("%d of %d components are single points of failure", len(o.Lines), len(res))
	return o
}

// runSweep loads doc from a share link in b, runs the N-1 sweep to its end
// and returns what the What-if tab shows, and the milliseconds from the
// click to the summary.
func runSweep(t *testing.T, b *browser, url string, doc *scenario.Document) (sweepOutcome, float64) {
	t.Helper()
	b.load(t, url+"/#"+linkOf(t, doc))
	poll[bool](t, b, "the design", fmt.Sprintf(designDrawnJS, len(doc.Topology.VNets)))
	trClick(t, b, "#tab-whatif", "the What-if tab")
	if _, ok := trWait[bool](t, b, `document.getElementById('n1') !== null`, 10*time.Second); !ok {
		t.Fatal("the What-if tab offers no N-1 sweep")
	}
	started := eval[float64](t, b, `performance.now()`)
	trClick(t, b, "#n1", "Run N-1 sweep")
	if _, ok := trWait[bool](t, b, `document.getElementById('n1-summary') !== null`, 90*time.Second); !ok {
		t.Fatalf("the sweep did not finish within 90 s (page: %.300q; console errors %v)",
			eval[string](t, b, `(document.getElementById('sweep') || document.body).innerText`), b.errors())
	}
	took := eval[float64](t, b, `performance.now()`) - started
	var o sweepOutcome
	o.Summary = eval[string](t, b, `document.getElementById('n1-summary').textContent`)
	o.Lines = eval[[]string](t, b, `[...document.querySelectorAll('#n1-results li')].map(li => li.textContent)`)
	return o, took
}

// sameSweep fails t when got is not want.
func sameSweep(t *testing.T, how string, got, want sweepOutcome) {
	t.Helper()
	if got.Summary != want.Summary || !slices.Equal(got.Lines, want.Lines) {
		t.Errorf("%s: the sweep shows %q with %q,\nwant %q with %q", how, got.Summary, got.Lines, want.Summary, want.Lines)
	}
}

var (
	wasmURL   = regexp.MustCompile(`/web/app\.[0-9a-f]{16}\.wasm$`)
	workerURL = regexp.MustCompile(`/web/engine-worker\.[0-9a-f]{16}\.js$`)
)

// resources lists the URLs of the resource timing entries of b's page.
func resources(t *testing.T, b *browser) []string {
	t.Helper()
	return eval[[]string](t, b, `performance.getEntriesByType('resource').map(e => e.name)`)
}

// workerResources lists the URLs of the resource timing entries of the
// engine's worker (a dedicated worker has a timeline of its own), through
// DevTools, which attaches to the worker as a target of its own.
func workerResources(t *testing.T, b *browser) []string {
	t.Helper()
	var id target.ID
	deadline := time.Now().Add(10 * time.Second)
	for id == "" {
		infos, err := chromedp.Targets(b.ctx)
		if err != nil {
			t.Fatalf("listing the browser's targets: %v", err)
		}
		var seen []string
		for _, info := range infos {
			seen = append(seen, info.Type+" "+info.URL)
			if strings.Contains(info.Type, "worker") && workerURL.MatchString(info.URL) {
				id = info.TargetID
			}
		}
		if id == "" && time.Now().After(deadline) {
			t.Fatalf("no engine worker among the browser's targets: %q", seen)
		}
		time.Sleep(100 * time.Millisecond)
	}
	wctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithTargetID(id))
	defer cancel()
	ctx, stop := context.WithTimeout(wctx, 30*time.Second)
	defer stop()
	names, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`performance.getEntriesByType('resource').map(e => e.name)`))
	if err != nil {
		t.Fatalf("reading the worker's resource timing: %v", err)
	}
	return names
}

// warnings returns the console warnings of b's page so far.
func warnings(b *browser) []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for _, m := range b.console {
		if m.Type == chromedp.ConsoleWarning {
			out = append(out, m.Text)
		}
	}
	return out
}

// TestEngineWorkerGetsCompiledModule: the N-1 sweep runs in the engine's
// worker, which instantiates the module the page compiled: app.wasm is
// downloaded once, by the page, and not again by the worker.
func TestEngineWorkerGetsCompiledModule(t *testing.T) {
	h := requireBrowser(t)
	srv := h.serve(t, h.site(t, "e2e-v1"), "127.0.0.1:0")
	b := h.browser(t)
	doc := sweepDoc()
	got, took := runSweep(t, b, srv.URL, doc)
	t.Logf("the sweep in the worker: %.0f ms from the click to the summary: %s", took, got.Summary)
	sameSweep(t, "in the worker", got, wantSweep(t, doc))

	page, worker := resources(t, b), workerResources(t, b)
	count := func(names []string, re *regexp.Regexp) int {
		n := 0
		for _, s := range names {
			if re.MatchString(s) {
				n++
			}
		}
		return n
	}
	t.Logf("app.wasm fetched %d time(s) by the page, %d by the worker", count(page, wasmURL), count(worker, wasmURL))
	if count(page, workerURL) != 1 {
		t.Errorf("the page loaded the engine worker's script %d times, want once (resources %q)", count(page, workerURL), page)
	}
	if n := count(page, wasmURL) + count(worker, wasmURL); n != 1 {
		t.Errorf("app.wasm was fetched %d times (page %q, worker %q), want once: the worker must instantiate the page's module", n, page, worker)
	}
	// The sweep ran in the worker: it did not fail over to the page.
	if w := warnings(b); len(w) > 0 {
		t.Errorf("console warnings: %q", w)
	}
	b.noConsoleErrors(t)
}

// TestEngineWorkerBlockedFallsBack: when the engine's worker cannot start
// (no Worker, its script missing, the constructor refusing, the worker's
// boot failing), the N-1 sweep runs in the page, with the results the
// worker gives (both are compared with the engine's own), and the Reach
// matrix and the Checks tab's diagnostics are computed in the page.
func TestEngineWorkerBlockedFallsBack(t *testing.T) {
	h := requireBrowser(t)
	srv := h.serve(t, h.site(t, "e2e-v1"), "127.0.0.1:0")
	doc := sweepDoc()
	want := wantSweep(t, doc)
	for _, tc := range []struct {
		name   string
		script string // run first in every page
		quiet  bool   // the page logs no console error
		warns  string // what the page's console warning says, if any
	}{
		{"no Worker", `window.Worker = undefined;`, true, ""},
		{"worker script missing", `(() => { const W = window.Worker;
			window.Worker = function (url, opts) { return new W('/web/engine-worker.0000000000000000.js', opts); }; })();`, false, "the engine worker failed (its script did not load"},
		{"Worker constructor throws", `window.Worker = function () { throw new DOMException('refused by the test', 'SecurityError'); };`, true, "the engine worker cannot start"},
		// The boot message names a wasm that does not exist and carries no
		// module: the worker's boot fails and it says so.
		{"worker boot fails", `(() => { const W = window.Worker;
			window.Worker = class extends W {
				postMessage(m, ...rest) {
					if (m && m.kind === 'boot') {
						m = {kind: 'boot', wasm: '/web/app.0000000000000000.wasm'};
					}
					return super.postMessage(m, ...rest);
				}
			}; })();`, false, "the engine worker failed (its boot failed"},
	} {
		t.Run(strings.ReplaceAll(tc.name, " ", "_"), func(t *testing.T) {
			b := h.browser(t)
			onEveryPage(t, b, tc.script)
			got, took := runSweep(t, b, srv.URL, doc)
			t.Logf("%s: the sweep in the page: %.0f ms from the click to the summary: %s", tc.name, took, got.Summary)
			sameSweep(t, tc.name, got, want)
			// The Reach matrix, which the worker computes, is computed in
			// the page too.
			eval[bool](t, b, `(document.getElementById('tab-reach').click(), true)`)
			poll[bool](t, b, "the Reach matrix, computed in the page", `document.querySelectorAll('#matrix td').length > 0 && document.getElementById('matrix-computing') === null && document.getElementById('results-pane').getAttribute('aria-busy') === 'false'`)
			// So are the Checks tab's diagnostics (the Overview).
			eval[bool](t, b, `(document.getElementById('tab-checks').click(), true)`)
			poll[bool](t, b, "the Checks tab's diagnostics, computed in the page", `(document.getElementById('no-diagnostics') !== null || document.getElementById('diagnostics') !== null) && document.getElementById('diagnostics-computing') === null && document.getElementById('results-pane').getAttribute('aria-busy') === 'false'`)
			if tc.quiet {
				b.noConsoleErrors(t)
			}
			if w := warnings(b); tc.warns != "" && !slices.ContainsFunc(w, func(s string) bool { return strings.Contains(s, tc.warns) }) {
				t.Errorf("the page does not say why the sweep ran in the page: want a console warning with %q, have %q", tc.warns, w)
			}
		})
	}
}
