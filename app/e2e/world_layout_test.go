//go:build e2e && !(js && wasm)

package e2e

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/tracing"
	"github.com/chromedp/chromedp"
)

// TestSidePanelEditLeavesTheWorldLaidOut: an edit made and undone in the
// side panel (a route of the spoke route table saved from the Inspector,
// then Ctrl+Z) does not make Chromium lay out the canvas' drawing again.
// It did: the world's SVG root was as large as the canvas, the page's grid
// measured the canvas again when the panel changed, and every node and
// label of the design was marked for layout (150 ms per edit at 500
// VNets). Chromium's own trace of layout invalidations is the witness:
// no node of the world may be marked.
func TestSidePanelEditLeavesTheWorldLaidOut(t *testing.T) {
	const n = 40
	b := openHubSpoke(t, n)
	selectBackwards(t, b, "route-table:rt-spokes", 3*n)
	poll[bool](t, b, "the route table's Inspector", `document.querySelectorAll('.item-edit').length > 2`)
	idle := `document.getElementById('results-pane').getAttribute('aria-busy') !== 'true'`
	poll[bool](t, b, "the analysis", idle)

	var events []map[string]any
	done := make(chan struct{})
	_ = chromedp.Listen(b.ctx, func(ev any) {
		switch e := ev.(type) {
		case *tracing.EventDataCollected:
			for _, v := range e.Value {
				var m map[string]any
				if raw, err := json.Marshal(v); err == nil && json.Unmarshal(raw, &m) == nil {
					events = append(events, m)
				}
			}
		case *tracing.EventTracingComplete:
			close(done)
		}
	})
	eval[bool](t, b, `(async () => {
		document.querySelectorAll('.item-edit')[2].click();
		while (!document.getElementById('item-addressPrefix')) { await new Promise(r => requestAnimationFrame(r)); }
		return true; })()`)
	trSet(t, b, "#item-addressPrefix", "10.200.7.0/24")
	if _, err := chromedp.Call(b.ctx, tracing.Start, tracing.StartParams{TraceConfig: &tracing.TraceConfig{
		IncludedCategories: []string{"disabled-by-default-devtools.timeline.invalidationTracking"}}}); err != nil {
		t.Fatalf("tracing: %v", err)
	}
	b.do(t, "save the route", chromedp.Click(chromedp.ID("item-save")))
	saved := `[...document.querySelectorAll('.item-summary')].some(e => e.textContent.includes('10.200.7.0/24'))`
	poll[bool](t, b, "the saved route", saved)
	poll[bool](t, b, "the analysis", idle)
	eval[bool](t, b, `(document.activeElement && document.activeElement.blur(), window.dispatchEvent(new KeyboardEvent('keydown', {key: 'z', ctrlKey: true, bubbles: true})), true)`)
	poll[bool](t, b, "the undone route", "!"+saved)
	poll[bool](t, b, "the analysis", idle)
	eval[bool](t, b, `new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))`)
	if _, err := chromedp.Call(b.ctx, tracing.End, cdp.Empty{}); err != nil {
		t.Fatalf("tracing: %v", err)
	}
	<-done

	marked, world := 0, map[string]int{}
	for _, e := range events {
		if e["name"] != "LayoutInvalidationTracking" {
			continue
		}
		data, _ := e["args"].(map[string]any)["data"].(map[string]any)
		marked++
		node, _ := data["nodeName"].(string)
		if strings.Contains(node, "class='node") || strings.Contains(node, "class='edge") || strings.Contains(node, "scene-part") {
			reason, _ := data["reason"].(string)
			world[reason+": "+node]++
		}
	}
	if marked == 0 {
		t.Fatal("the trace recorded no layout invalidation at all: the save and its undo changed nothing, or the trace missed them")
	}
	if len(world) > 0 {
		var kinds []string
		for k, c := range world {
			kinds = append(kinds, fmt.Sprintf("%s ×%d", k, c))
		}
		slices.Sort(kinds)
		t.Errorf("the side panel's edit and undo marked the world's nodes for layout (%d invalidations in all), among them: %s", marked, strings.Join(kinds[:min(6, len(kinds))], "; "))
	}
}

// TestWorldNodesAddNoPaintEffects: no node of the drawing is an effect of
// its own in Chromium's paint (opacity below 1, a filter, a mask, a clip
// or a blend mode): each one splits the drawing's paint into more chunks,
// which Chromium lays out again on every frame that changes the drawing
// (the connection handles, hidden by opacity, were 500 of them at 500
// VNets: 35% of that work). A handful for the selection or an overlay is
// fine; one per node is not.
func TestWorldNodesAddNoPaintEffects(t *testing.T) {
	const n = 40
	b := openHubSpoke(t, n)
	effects := eval[[]string](t, b, `(() => {
		const out = [];
		for (const e of document.querySelectorAll('#world *')) {
			const s = getComputedStyle(e);
			if (parseFloat(s.opacity) < 1 || s.filter !== 'none' || s.maskImage !== 'none' || s.clipPath !== 'none' || s.mixBlendMode !== 'normal') {
				out.push(e.tagName + '.' + (e.getAttribute('class') || ''));
			}
		}
		return out;
	})()`)
	if len(effects) > 5 {
		t.Errorf("%d elements of a %d-VNet drawing are paint effects of their own, e.g. %v", len(effects), n, effects[:min(5, len(effects))])
	}
}

// openHubSpoke opens the app on the generated hub and spoke design of n
// VNets (importDesign, 20 on-premises prefixes) and waits until it is
// drawn.
func openHubSpoke(t *testing.T, n int) *browser {
	t.Helper()
	b := requireBrowser(t).openApp(t)
	importDesign(t, b, n-1, 20)
	poll[bool](t, b, "the design", fmt.Sprintf(designDrawnJS, n))
	return b
}

// TestBuiltinsOpenWholeAndReadable: every built-in scenario opens in the
// harness's 1,400 × 860 window with all of its nodes inside the canvas
// (not under the side panel) and its labels drawn (not the far view). On
// the build before, er-vpn-coexistence fitted at 39%, under the 40% from
// which labels are drawn, so it opened at 50% with its spoke under the
// side panel.
func TestBuiltinsOpenWholeAndReadable(t *testing.T) {
	h := requireBrowser(t)
	b := h.openApp(t)
	for _, name := range []string{"er-vpn-coexistence", "hub-spoke-firewall", "private-endpoint-dns-hub-resolver", "sdwan-branches-behind-nva"} {
		b.openBuiltin(t, name)
		trSettle()
		got := eval[string](t, b, `(() => {
			const c = document.getElementById('canvas').getBoundingClientRect();
			if (document.getElementById('world').classList.contains('far')) return 'the far view (no labels)';
			const out = [...document.querySelectorAll('#world [data-key] > .node-box')].filter(n => {
				const r = n.getBoundingClientRect();
				return r.left < c.left - 0.5 || r.right > c.right + 0.5 || r.top < c.top - 0.5 || r.bottom > c.bottom + 0.5; })
				.map(n => n.parentElement.dataset.key);
			return out.length ? 'outside the canvas: ' + out.join(', ') : ''; })()`)
		b.screenshot(t, "opened-"+name)
		if got != "" {
			t.Errorf("%s opened with %s", name, got)
		}
		// Every name and detail is drawn inside its own box: a private DNS
		// zone's long name ran past its box, over the canvas' edge.
		over := eval[string](t, b, `[...document.querySelectorAll('#world [data-key] > .node-box')].flatMap(n => {
			const r = n.getBoundingClientRect();
			return [...n.parentElement.querySelectorAll(':scope > .node-label, :scope > .node-detail')].filter(x => {
				const q = x.getBoundingClientRect();
				return q.right > r.right + 0.5 || q.left < r.left - 0.5; }).map(x => n.parentElement.dataset.key + ' "' + x.textContent + '"'); }).join(', ')`)
		if over != "" {
			t.Errorf("%s: text drawn past its box: %s", name, over)
		}
	}
}
