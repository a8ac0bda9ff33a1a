//go:build e2e && !(js && wasm)

package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestNamesOnTheCanvas: a design with a private endpoint, a private DNS
// zone, a DNS private resolver and a forwarding ruleset draws each of them
// on the canvas (the endpoint a chip in its subnet, the others beside the
// subnet they serve), and a click selects one in
// the Inspector.
func TestNamesOnTheCanvas(t *testing.T) {
	h := requireBrowser(t)
	b := h.openApp(t)
	b.openBuiltin(t, "private-endpoint-dns-hub-resolver")
	for _, key := range []string{"private-endpoint:pe-blob", "dns-zone:privatelink.blob.core.windows.net", "dns-resolver:dnsr", "dns-ruleset:hub-rules"} {
		trNeed(t, b, `[data-key="`+key+`"]`, key+" on the canvas")
	}
	fitToShow(t, b, "private-endpoint:pe-blob")
	b.screenshot(t, "names-canvas-fit")
	trSelectNode(t, b, "private-endpoint:pe-blob")
	trWaitRef(t, b, "private-endpoint pe-blob")
	b.screenshot(t, "names-canvas")
	// The zone counts the record its zone group keeps for pe-blob, and its
	// Inspector lists that record beside its own (none): on the build
	// before, the canvas read "1 record set" and the Inspector
	// "recordSets (0)", with nothing to say where the one was.
	trSelectNode(t, b, "dns-zone:privatelink.blob.core.windows.net")
	kept := poll[string](t, b, "the records kept for endpoints", `(document.getElementById('kept-records') || {}).textContent || ''`)
	if !strings.Contains(kept, "stvnetplay: A 10.1.2.5") || !strings.Contains(kept, "pe-blob") {
		t.Errorf("the zone's Inspector lists %q, want pe-blob's record stvnetplay: A 10.1.2.5", kept)
	}
	b.screenshot(t, "names-zone-kept-records")
	b.noConsoleErrors(t)
}

// TestWalkBehindAnNVA: a Reach cell towards a host behind an SD-WAN NVA
// opens a walk that ends delivered behind the NVA, and the walk is drawn
// on the canvas up to the NVA (rule:nva.networks-behind).
func TestWalkBehindAnNVA(t *testing.T) {
	h := requireBrowser(t)
	b := h.openApp(t)
	b.openBuiltin(t, "sdwan-branches-behind-nva")
	b.do(t, "open the Reach tab", chromedp.Click(chromedp.ID("tab-reach")))
	cell := `#matrix .cell[data-from="vm1/nic0"][data-to="sdwan/branches/paris"]`
	trClick(t, b, cell, "the vm1 to paris cell")
	text := poll[string](t, b, "the walk", `(document.getElementById('walk') || {}).textContent || false`)
	if !strings.Contains(text, "delivered behind NVA sdwan") {
		t.Errorf("walk says %q, want it delivered behind NVA sdwan", text)
	}
	poll[bool](t, b, "the path on the canvas", `document.getElementById('walk-path') !== null`)
	b.screenshot(t, "walk-behind-nva")
	b.noConsoleErrors(t)
}

// TestResolveToolInChromium: in the Routes tab, the name resolution tool answers a
// name from the chosen VM, private from a spoke that resolves through the
// hub's resolver and public from one with no zone link, with the walk.
func TestResolveToolInChromium(t *testing.T) {
	h := requireBrowser(t)
	b := h.openApp(t)
	b.openBuiltin(t, "private-endpoint-dns-hub-resolver")
	b.do(t, "open the Routes tab", chromedp.Click(chromedp.ID("tab-routes")))
	trNeed(t, b, "#resolve", "the name resolution tool")
	trSet(t, b, "#res-from", "vm1/nic0")
	trSet(t, b, "#res-name", "stvnetplay.blob.core.windows.net")
	got := poll[string](t, b, "the answer", `(document.getElementById('res-text') || {}).textContent || false`)
	if !strings.HasSuffix(got, "(private)") {
		t.Errorf("vm1: %q, want a private address", got)
	}
	if n := eval[int](t, b, `document.querySelectorAll('#res-steps li').length`); n == 0 {
		t.Error("no resolution steps shown")
	}
	trSet(t, b, "#res-from", "vm2/nic0")
	poll[bool](t, b, "vm2's public answer", `/\(public\)$/.test((document.getElementById('res-text') || {}).textContent || '')`)
	b.do(t, "scroll to the tool", chromedp.Evaluate[chromedp.Void](`document.getElementById('resolve').scrollIntoView()`))
	b.screenshot(t, "resolve-tool")
	b.noConsoleErrors(t)
}
