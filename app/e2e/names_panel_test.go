//go:build e2e && !(js && wasm)

package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestNamesPanel: in private-endpoint-dns-hub-resolver the Names tab shows
// endpoints × names; vm1 resolves the storage account's name to its private
// endpoint (green), vm2, whose spoke has no zone link, to the public address
// (amber); a click on vm1's cell lists the resolution walk in words and
// draws it on the canvas from vm1 through the hub's resolver and the zone to
// the private endpoint.
func TestNamesPanel(t *testing.T) {
	h := requireBrowser(t)
	b := h.openApp(t)
	b.openBuiltin(t, "private-endpoint-dns-hub-resolver")
	trClick(t, b, "#tab-names", "open the Names tab")
	poll[bool](t, b, "the Names matrix", `document.querySelectorAll('#names-matrix .cell').length > 0`)

	const blob = "stvnetplay.blob.core.windows.net"
	cell := func(from string) string {
		return `#names-matrix .cell[data-from="` + from + `"][data-name="` + blob + `"]`
	}
	type cellInfo struct {
		Tone  string `json:"tone"`
		Text  string `json:"text"`
		Label string `json:"label"`
		Bg    string `json:"bg"`
	}
	read := func(from string) cellInfo {
		t.Helper()
		trNeed(t, b, cell(from), from+"'s cell")
		return eval[cellInfo](t, b, `(() => { const e = document.querySelector(`+quote(cell(from))+`);
			return {tone: e.dataset.tone, text: e.textContent, label: e.getAttribute('aria-label'), bg: getComputedStyle(e).backgroundColor}; })()`)
	}
	green, amber := read("vm1/nic0"), read("vm2/nic0")
	if green.Tone != "ok" || green.Text != "10.1.2.5" || !strings.Contains(green.Label, "(private)") {
		t.Errorf("vm1 → %s: %+v, want the private address 10.1.2.5, green", blob, green)
	}
	if amber.Tone != "warn" || !strings.Contains(amber.Label, "(public)") {
		t.Errorf("vm2 → %s: %+v, want a public address, amber", blob, amber)
	}
	if green.Bg == amber.Bg || green.Bg == "" {
		t.Errorf("green and amber cells share the colour %q", green.Bg)
	}

	trClick(t, b, cell("vm1/nic0"), "click vm1's cell")
	text := poll[string](t, b, "the resolution walk", `(document.getElementById('names-walk') || {}).textContent || false`)
	for _, want := range []string{"Resolution walk", "10.1.2.5 (private)", "inbound endpoint", "privatelink.blob.core.windows.net"} {
		if !strings.Contains(text, want) {
			t.Errorf("the walk does not say %q: %q", want, text)
		}
	}
	if strings.Contains(text, "rule:") {
		t.Errorf("a rule code on screen: %q", text)
	}
	nodes := poll[string](t, b, "the walk on the canvas", `(() => { const p = document.getElementById('names-path');
		return p && document.querySelectorAll('#names-overlay .names-mark').length >= 3 ? p.dataset.nodes : false; })()`)
	for _, want := range []string{"vm:vm1", "dns-resolver:dnsr", "dns-zone:privatelink.blob.core.windows.net", "private-endpoint:pe-blob"} {
		if !strings.Contains(nodes, want) {
			t.Errorf("the path on the canvas (%s) does not pass %s", nodes, want)
		}
	}
	first := eval[[]float64](t, b, `(() => { const p = document.getElementById('names-path'); if (!p || !p.points || !p.points.length) return [];
		const r = new DOMPoint(p.points[0].x, p.points[0].y).matrixTransform(p.getScreenCTM()); return [r.x, r.y]; })()`)
	vm1 := trRect(t, b, `[data-key="vm:vm1"] > .node-box`)
	if len(first) != 2 || !trNear(first, vm1.cx(), vm1.cy()) {
		t.Errorf("#names-path starts at %v, want vm1's chip centre (%.0f, %.0f)", first, vm1.cx(), vm1.cy())
	}
	scrollTo := func(sel string) {
		t.Helper()
		b.do(t, "scroll the results to "+sel, chromedp.Evaluate[chromedp.Void](`(() => {
			const p = document.getElementById('tabpanel'), w = document.querySelector(`+quote(sel)+`);
			p.scrollTop += w.getBoundingClientRect().top - p.getBoundingClientRect().top - 8; })()`))
	}
	scrollTo("#names-matrix tbody")
	b.screenshot(t, "names-panel")
	scrollTo("#names-walk")
	b.screenshot(t, "names-walk")
	b.noConsoleErrors(t)
}

// TestNamesMatrixFitsThePanel: in dns-does-not-flow-across-peering the
// Names matrix's five names (two VMs' short names and three names of the
// zone) fit the side panel at its default width in a 1400×860 window,
// every column's answer read without scrolling sideways (it was 421 px in
// a 385-px panel: the fifth column read "10.2").
func TestNamesMatrixFitsThePanel(t *testing.T) {
	h := requireBrowser(t)
	b := h.openApp(t)
	b.openBuiltin(t, "dns-does-not-flow-across-peering")
	trClick(t, b, "#tab-names", "open the Names tab")
	poll[bool](t, b, "the Names matrix", `document.querySelectorAll('#names-matrix .cell').length == 10`)
	type fit struct {
		Table, Wrap float64
		Cut         []string
	}
	got := eval[fit](t, b, `(() => { const w = document.querySelector('#names .matrix-wrap'), r = w.getBoundingClientRect();
		const cut = [...document.querySelectorAll('#names-matrix .cell')].filter(c => c.getBoundingClientRect().right > r.right + 0.5)
			.map(c => c.dataset.from + ' → ' + c.dataset.name);
		return {Table: document.getElementById('names-matrix').getBoundingClientRect().width, Wrap: w.clientWidth, Cut: cut}; })()`)
	if got.Table > got.Wrap || len(got.Cut) > 0 {
		t.Errorf("the Names matrix is %.0f px wide in its %.0f-px panel; cells past its edge: %v", got.Table, got.Wrap, got.Cut)
	}
}
