//go:build e2e && !(js && wasm)

package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestFailuresReadInPlainWords: what a student and a reviewer read of a
// failing check. A failing workshop goal on the Challenge tab and a
// failing expectation on the Checks tab say what should happen and what
// happens instead ("should be reachable, but is dropped: …"); they read
// "… — expected reachable=true" before. The Scenarios dialog heads the
// built-in workshop with its title once (it read "Workshop: vnetplay
// workshop: …") and a description whose citation was taken out begins
// with a capital ("the hub has…" before).
func TestFailuresReadInPlainWords(t *testing.T) {
	b := requireBrowser(t).builtinApp(t, "hub-spoke-firewall")
	b.do(t, "a 1400×900 window", chromedp.EmulateViewport(1400, 900))
	trSelectEdge(t, b, "peering:hub-spoke1")
	b.do(t, "Delete the peering", chromedp.KeyEvent(kb.Delete))
	poll[bool](t, b, "the peering gone", `document.querySelector('[data-key="peering:hub-spoke1"]') === null`)
	trClick(t, b, "#tab-checks", "the Checks tab")
	msgs := poll[[]string](t, b, "a failing check", `(() => { const m = [...document.querySelectorAll('.check-fail .check-msg')].map(e => e.textContent); return m.length ? m : false; })()`)
	for _, m := range msgs {
		if !strings.Contains(m, "should") || strings.Contains(m, "expected") || strings.Contains(m, "=") {
			t.Errorf("a failing check reads %q", m)
		}
	}
	b.screenshot(t, "checks-plain-words")

	// The Reach matrix: a pair dropped by the reserved 10.0.0.0/8 route
	// (vm2 → vm1, the firewall's subnet without the spoke1 peering) reads
	// "next hop None", not the disposition's name cut into words ("by
	// none route", before), once: "dropped — route 10.0.0.0/8 has next
	// hop None" (it read "dropped: next hop None — route … has next hop
	// None").
	trClick(t, b, "#tab-reach", "the Reach tab")
	tip := poll[string](t, b, "a cell dropped by a None route", `(() => { const c = document.querySelector('#matrix .cell[data-disposition="DroppedByNoneRoute"]'); return c && c.title || false; })()`)
	if strings.Count(tip, "next hop None") != 1 || !strings.Contains(tip, "dropped") || strings.Contains(tip, "by none route") {
		t.Errorf("a cell dropped by a None route reads %q", tip)
	}
	// Its walk says why no route leads there (it named only the None
	// route): spoke1 is in no peering of the hub's now, and the hub's
	// other peerings do not carry it.
	from := eval[string](t, b, `(() => { const c = document.querySelector('#matrix .cell[data-disposition="DroppedByNoneRoute"]'); c.click(); return c.dataset.from; })()`)
	why := poll[string](t, b, "the walk's steps", `(() => { const w = document.querySelector('#walk .hops'); return w && w.textContent || false; })()`)
	if !strings.Contains(why, "which hub is not peered with") || !strings.Contains(why, "Peering is not transitive") || strings.Contains(why, "rule:") {
		t.Errorf("the walk from %s reads %q", from, why)
	}
	eval[bool](t, b, `(document.getElementById('walk').scrollIntoView(), true)`)
	b.screenshot(t, "walk-not-peered")

	trClick(t, b, "#scenarios", "the Scenarios button")
	poll[bool](t, b, "the dialog", `document.getElementById('library') !== null`)
	if got := eval[string](t, b, `document.querySelector('#workshop-pack .ch-pack-title').textContent`); got != "vnetplay workshop: Azure routing and names" {
		t.Errorf("the workshop's heading reads %q", got)
	}
	if got := eval[string](t, b, `document.querySelector('#builtins li[data-name="er-spoke-vpn-route-server"] .builtin-desc').textContent`); !strings.HasPrefix(got, "The hub has an ExpressRoute gateway") {
		t.Errorf("the description reads %.60q", got)
	}
	eval[bool](t, b, `(document.querySelector('#builtins li[data-name="er-spoke-vpn-route-server"]').scrollIntoView(), true)`)
	b.screenshot(t, "scenarios-description-capital")
	b.do(t, "open the workshop", chromedp.Click(chromedp.CSS("#workshop-pack > summary")))
	eval[bool](t, b, `(document.getElementById('workshop-pack').scrollIntoView(), true)`)
	b.screenshot(t, "workshop-heading")
	b.do(t, "open the first challenge", chromedp.Click(chromedp.CSS(`#workshop li[data-name="01-peering-is-not-transitive"] button`)))
	poll[bool](t, b, "the challenge", `document.getElementById('library') === null && document.querySelectorAll('#challenge-goals li').length > 0`)
	trClick(t, b, "#tab-challenge", "the Challenge tab")
	got := poll[string](t, b, "a failing goal's words", `(() => { const g = document.querySelector('#challenge-goals li[data-pass="false"] .check-got'); return g && g.textContent || false; })()`)
	if !strings.HasPrefix(got, "should be reachable, but is dropped: ") || strings.Contains(got, "expected") {
		t.Errorf("a failing goal reads %q", got)
	}
	eval[bool](t, b, `(document.getElementById('challenge-goals').scrollIntoView(), true)`)
	b.screenshot(t, "challenge-plain-words")
	b.noConsoleErrors(t)
}
