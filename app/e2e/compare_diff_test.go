//go:build e2e && !(js && wasm)

package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// cmpAzureNoUDR is what Azure lists for hub-spoke-firewall's vm1 in a
// deployment whose subnet lacks the route table: no user route, the
// Internet default route active, and one Microsoft-internal None route.
const cmpAzureNoUDR = `{"nextLink": null, "value": [
 {"source": "Default", "state": "Active", "addressPrefix": ["10.1.0.0/16"], "nextHopType": "VnetLocal", "nextHopIpAddress": []},
 {"source": "Default", "state": "Active", "addressPrefix": ["10.0.0.0/16"], "nextHopType": "VNetPeering", "nextHopIpAddress": []},
 {"source": "Default", "state": "Active", "addressPrefix": ["0.0.0.0/0"], "nextHopType": "Internet", "nextHopIpAddress": []},
 {"source": "Default", "state": "Active", "addressPrefix": ["25.33.80.0/20"], "nextHopType": "None", "nextHopIpAddress": []}
]}`

// TestCompareAndDiffInChromium: (A) on hub-spoke-firewall's vm1, Azure's
// effective routes pasted in the Inspector are refused with the reason
// when malformed, then set against the design's: the route table's UDR
// Missing (red), the default route Different (amber), the platform None
// route folded apart, the reasons in words; (B) the design saved as a
// copy, then changed (spoke1/app loses its route table), Compare in the
// copy's row of My scenarios lists the subnet's changed property and
// vm1 → vm2 lost, with counts, and Close closes it.
func TestCompareAndDiffInChromium(t *testing.T) {
	h := requireBrowser(t)
	b := h.openApp(t)
	b.openBuiltin(t, "hub-spoke-firewall")
	poll[bool](t, b, "the design saved", `(`+trRecordsJS+`).then(r => r.length === 1)`)

	// A. Design vs deployed, on vm1's NIC.
	trSelectNode(t, b, "vm:vm1")
	trNeed(t, b, "#nic-compare-text", "the comparison's text area")
	trSet(t, b, "#nic-compare-text", `{"value": [{"source": "Default"`)
	errText := poll[string](t, b, "the paste's error", `(document.getElementById('nic-compare-err') || {}).textContent || false`)
	if !strings.Contains(errText, "cannot be read") {
		t.Errorf("a malformed paste says %q", errText)
	}
	if n := eval[int](t, b, trCountJS("#nic-compare-rows tr")); n != 0 {
		t.Errorf("a malformed paste shows %d rows", n)
	}
	trSet(t, b, "#nic-compare-text", cmpAzureNoUDR)
	rows := poll[[]string](t, b, "the comparison's rows", `(() => { if (document.getElementById('nic-compare-err')) return false;
		const rs = [...document.querySelectorAll('#nic-compare-rows tr.cmp-row')].map(r => r.dataset.kind + ' ' + r.dataset.prefix);
		return rs.length ? rs : false; })()`)
	want := map[string]bool{"missing 0.0.0.0/0": false, "different 0.0.0.0/0": false, "match 10.0.0.0/16": false, "match 10.1.0.0/16": false}
	for _, r := range rows {
		if _, ok := want[r]; ok {
			want[r] = true
		} else {
			t.Errorf("unexpected row %q", r)
		}
	}
	for r, seen := range want {
		if !seen {
			t.Errorf("no row %q in %v", r, rows)
		}
	}
	info := eval[map[string]string](t, b, `(() => {
		const bg = sel => { const e = document.querySelector(sel); return e ? getComputedStyle(e).backgroundColor : ''; };
		const c = document.getElementById('nic-compare');
		return {missing: bg('#nic-compare-rows tr.cmp-missing td'), match: bg('#nic-compare-rows tr.cmp-match td'),
			summary: document.getElementById('nic-compare-summary').textContent,
			platform: (document.querySelector('#nic-compare-platform summary') || {}).textContent || '',
			text: c.textContent}; })()`)
	if info["missing"] == info["match"] {
		t.Errorf("missing and matching rows share the background %q", info["missing"])
	}
	if !strings.Contains(info["summary"], "2 difference") || !strings.HasPrefix(info["platform"], "1 platform route") {
		t.Errorf("summary %q, platform fold %q", info["summary"], info["platform"])
	}
	if !strings.Contains(info["text"], "route table rt-spokes route default-to-firewall") || strings.Contains(info["text"], "rule:") {
		t.Errorf("the rows' reasons: %q", info["text"])
	}
	b.do(t, "scroll the Inspector to the comparison", chromedp.Evaluate[chromedp.Void](`(() => {
		const el = document.getElementById('nic-compare-summary');
		let p = el.parentElement;
		while (p && p.scrollHeight <= p.clientHeight) p = p.parentElement;
		if (p) p.scrollTop += el.getBoundingClientRect().top - p.getBoundingClientRect().top - 8; })()`))
	time.Sleep(300 * time.Millisecond)
	b.screenshot(t, "compare-nic")

	// B. The open design against a saved copy.
	b.do(t, "open the Scenarios dialog", chromedp.Click(chromedp.ID("scenarios")))
	poll[bool](t, b, "one row", trCountJS(`#my-scenarios tr[data-id]`)+` === 1`)
	orig := eval[string](t, b, `document.querySelector('#my-scenarios tr[data-id]').dataset.id`)
	x, y, _ := trRowButton(t, b, "#my-scenarios", orig, "row-duplicate", "Duplicate")
	b.do(t, "duplicate the design", chromedp.MouseClickXY(x, y))
	copyID := poll[string](t, b, "the copy's row", `(() => { const r = [...document.querySelectorAll('#my-scenarios tr[data-id]')].find(r => r.dataset.id !== `+trJS(orig)+`);
		return r ? r.dataset.id : false; })()`)
	trClick(t, b, "#library-close", "close the Scenarios dialog")
	poll[bool](t, b, "the Scenarios dialog closed", `document.getElementById('library') === null`)

	trSelectNode(t, b, "subnet:spoke1/app")
	trWaitRef(t, b, "subnet spoke1/app")
	trSet(t, b, "#prop-routeTable", "")
	if eval[bool](t, b, `document.getElementById('form-apply') !== null`) {
		trClick(t, b, "#form-apply", "apply the subnet's change")
	}
	poll[bool](t, b, "the route table's association gone", `document.querySelector('[data-key^="assoc:rt-spokes>subnet:spoke1/app"]') === null`)

	b.do(t, "open the Scenarios dialog", chromedp.Click(chromedp.ID("scenarios")))
	poll[bool](t, b, "the copy's Compare button", `document.querySelector('#my-scenarios tr[data-id=`+trJS(copyID)+`] .row-compare') !== null`)
	x, y, _ = trRowButton(t, b, "#my-scenarios", copyID, "row-compare", "Compare")
	b.do(t, "compare with the saved copy", chromedp.MouseClickXY(x, y))
	poll[bool](t, b, "vm1 → vm2 lost", `document.querySelector('#design-diff-pairs tr.dpair-lost[data-from="vm1/nic0"][data-to="vm2/nic0"]') !== null`)
	d := eval[map[string]string](t, b, `(() => ({
		summary: document.getElementById('design-diff-summary').textContent,
		subnet: (document.querySelector('#design-diff-resources li[data-id="spoke1/app"]') || {}).textContent || '',
		head: document.querySelector('#design-diff-behaviour h3').textContent,
		routes: (document.querySelector('#design-diff-routes summary') || {}).textContent || '',
		text: document.getElementById('design-diff').textContent}))()`)
	if !strings.Contains(d["subnet"], "routeTable") || !strings.Contains(d["subnet"], `"rt-spokes"`) {
		t.Errorf("the subnet's change: %q", d["subnet"])
	}
	if !strings.Contains(d["summary"], "1 resource") || !strings.Contains(d["summary"], "lost") {
		t.Errorf("summary %q", d["summary"])
	}
	if !strings.Contains(d["head"], "lost") || !strings.Contains(d["routes"], "Effective routes:") {
		t.Errorf("behaviour: %q, routes %q", d["head"], d["routes"])
	}
	if strings.Contains(d["text"], "rule:") {
		t.Errorf("a rule code in the dialog: %q", d["text"])
	}
	b.screenshot(t, "design-diff")
	trClick(t, b, "#design-diff-close", "close the Changes dialog")
	poll[bool](t, b, "the dialog closed", `document.getElementById('design-diff') === null && document.getElementById('library') !== null`)
	b.noConsoleErrors(t)
}
