//go:build e2e

package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"vnetplay/engine/gen"
	"vnetplay/engine/scenario"
)

// importDesign imports a generated hub-and-spoke design of spokes spokes
// (two subnets and VMs each, ExpressRoute, VPN and prefixes on-premises
// prefixes) through the Scenarios dialog, and waits until it is drawn.
func importDesign(t *testing.T, b *browser, spokes, prefixes int) {
	t.Helper()
	importDoc(t, b, &scenario.Document{Format: scenario.Format, Version: scenario.Latest, Name: fmt.Sprintf("HubSpoke-%d", spokes+1),
		Topology: gen.HubSpokeScale(gen.Params{N: spokes, Subnets: 2, Prefixes: prefixes, Seed: 1})})
	poll[bool](t, b, "the imported design", fmt.Sprintf(designDrawnJS, spokes+1))
}

// importDoc imports doc, as a compact file, through the Scenarios dialog.
func importDoc(t *testing.T, b *browser, doc *scenario.Document) {
	t.Helper()
	raw, err := scenario.EncodeCompact(doc)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "design.json")
	if err := os.WriteFile(file, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	b.do(t, "open the Scenarios dialog", chromedp.Click(chromedp.ID("scenarios")))
	b.do(t, "import the design", chromedp.SetUploadFiles(chromedp.ID("import-file"), []string{file}))
}

// pollAnswering polls js until it gives a non-empty text, within limit,
// failing if the page takes more than 3 s to answer any one evaluation
// (it froze); after says what the wait follows.
func pollAnswering(t *testing.T, b *browser, js, after string, limit time.Duration) (string, time.Duration) {
	t.Helper()
	start := time.Now()
	for {
		t0 := time.Now()
		v := eval[string](t, b, js)
		if d := time.Since(t0); d > 3*time.Second {
			t.Fatalf("the page took %v to answer %v after %s", d.Round(time.Millisecond), time.Since(start).Round(time.Millisecond), after)
		}
		if v != "" {
			return v, time.Since(start)
		}
		if time.Since(start) > limit {
			t.Fatalf("nothing %v after %s: %s", limit, after, js)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// statJS (formatted with a label of the Inspector's counts, shown while
// nothing is selected: "Virtual networks", "Route tables" …) is that count
// as text, or "" when the Inspector does not show it.
const statJS = `(() => {
	const dt = [...document.querySelectorAll('#inspector .stats dt')].find(d => d.textContent === %q);
	return dt ? dt.nextElementSibling.textContent : '';
})()`

// designDrawnJS (formatted with a VNet count) holds once a design of that
// many VNets is open and drawn: the Inspector counts them and the canvas
// draws a VNet. A big design's VNets are not all in the page: only the
// parts of the drawing near the view hold their markup (SceneView.Window).
var designDrawnJS = strings.ReplaceAll(fmt.Sprintf(statJS, "Virtual networks"), "%", "%%") + ` === '%d' && !!document.querySelector('#world .scene [data-key^="vnet:"]')`

// TestLiveEditDrawnBeforeTheEngine (issue 12): on a design big enough that
// the engine takes a while, an edit is on the canvas while the results
// pane still says it is updating (aria-busy), and the panels then settle
// on the new design's results. Before the change the engine ran before
// the page could paint: the renamed VNet appeared with the results.
func TestLiveEditDrawnBeforeTheEngine(t *testing.T) {
	h := requireBrowser(t)
	b := h.openApp(t)
	importDesign(t, b, 150, 1000)
	// N selects the first node, the hub (a click needs a readable zoom), and
	// brings it into view; renamed, it stays where it was (it did not: the
	// layout placed it again, off the canvas).
	eval[bool](t, b, `(() => { const c = document.getElementById('canvas'); c.focus();
		c.dispatchEvent(new KeyboardEvent('keydown', {key: 'n', bubbles: true})); return true; })()`)
	poll[bool](t, b, "the hub's Inspector", `(document.getElementById('rename') || {}).value === 'hub'`)
	eval[bool](t, b, `(window.hubWas = `+rectJS("vnet:hub")+`, true)`)
	busy := eval[string](t, b, `(async () => {
		const frame = () => new Promise(r => requestAnimationFrame(() => r()));
		let seen = null;
		const mo = new MutationObserver(() => {
			if (seen === null && document.querySelector('#world [data-key="vnet:core-hub"]')) {
				seen = String(document.getElementById('results-pane').getAttribute('aria-busy'));
			}
		});
		mo.observe(document.getElementById('vnetplay'), {subtree: true, childList: true, attributes: true});
		const i = document.getElementById('rename');
		i.focus(); i.value = 'core-hub';
		i.dispatchEvent(new Event('input', {bubbles: true}));
		i.dispatchEvent(new Event('change', {bubbles: true}));
		for (let f = 0; f < 600 && seen === null; f++) { await frame(); }
		mo.disconnect();
		return seen === null ? 'never drawn' : seen;
	})()`)
	if busy != "true" {
		t.Fatalf("when the renamed hub was first on the canvas the results pane's aria-busy was %q, want \"true\" (drawn before the engine ran)", busy)
	}
	poll[bool](t, b, "the results settled", `document.getElementById('results-pane').getAttribute('aria-busy') === 'false' && getComputedStyle(document.getElementById('updating')).display === 'none'`)
	if was, now := eval[string](t, b, `window.hubWas`), eval[string](t, b, rectJS("vnet:core-hub")); was == "none" || now != was {
		t.Errorf("renamed, the hub moved on screen from %s to %s", was, now)
	}
	b.noConsoleErrors(t)
}

// rectJS is the screen rectangle of the node drawn with data-key key, as
// "left,top,width,height", or "none" when it is not in the page.
func rectJS(key string) string {
	return fmt.Sprintf(`(() => {
		const e = document.querySelector('#world [data-key=%q] .node-box');
		if (!e) { return 'none'; }
		const r = e.getBoundingClientRect();
		return [r.left, r.top, r.width, r.height].map(Math.round).join(',');
	})()`, key)
}

// TestReachMatrixByGroup (issue 12): past 50 endpoints the Reach matrix is
// shown by virtual network, a page of groups at a time; a cell drills down
// to the endpoints of its two groups, whose cells open packet walks; the
// way back returns to the groups.
func TestReachMatrixByGroup(t *testing.T) {
	h := requireBrowser(t)
	b := h.openApp(t)
	importDesign(t, b, 60, 10)
	b.do(t, "open the Reach tab", chromedp.Click(chromedp.ID("tab-reach")))
	poll[bool](t, b, "the matrix by group", `document.getElementById('matrix-grouped') !== null && document.querySelector('#matrix.matrix-groups') !== null`)
	rows := eval[int](t, b, `document.querySelectorAll('#matrix tbody tr').length`)
	if rows == 0 || rows > 40 {
		t.Fatalf("%d rows of groups on the first page, want 1 to 40", rows)
	}
	if !eval[bool](t, b, `document.getElementById('matrix-rows-next') !== null`) {
		t.Fatal("62 groups of sources but no next page")
	}
	b.do(t, "the next page of sources", chromedp.Click(chromedp.ID("matrix-rows-next")))
	poll[bool](t, b, "the second page", `/Sources 41–/.test(document.getElementById('matrix-pager-rows').textContent)`)
	b.do(t, "back to the first page", chromedp.Click(chromedp.ID("matrix-rows-prev")))
	poll[bool](t, b, "the first page", `/Sources 1–40 of/.test(document.getElementById('matrix-pager-rows').textContent)`)
	cell := `#matrix button[data-from="vnet:spoke001"][data-to="vnet:hub"]`
	trNeed(t, b, cell, "the spoke001 → hub cell")
	eval[bool](t, b, `(document.querySelector(`+quote(cell)+`).click(), true)`)
	poll[bool](t, b, "the endpoints of spoke001 and hub", `document.getElementById('matrix-drill') !== null && document.querySelectorAll('#matrix button.cell[data-from^="vm-spoke001"]').length > 0`)
	eval[bool](t, b, `(document.querySelector('#matrix button.cell[data-from^="vm-spoke001"]').click(), true)`)
	poll[bool](t, b, "the packet walk", `document.getElementById('walk') !== null`)
	b.do(t, "back to the groups", chromedp.Click(chromedp.ID("matrix-back")))
	poll[bool](t, b, "the groups again", `document.getElementById('matrix-grouped') !== null`)
	b.screenshot(t, "reach-by-group")
	b.noConsoleErrors(t)
}
