//go:build e2e && !(js && wasm)

package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// simSecondStep waits for the walk of the simulation just started (the
// engine's worker computes it: until it answers the bar says so and has no
// steps), pauses it, goes back to its first step, steps forward once and
// returns what the second step shows.
func simSecondStep(t *testing.T, b *browser) simShown {
	t.Helper()
	poll[bool](t, b, "the simulation's walk", `(() => { const s = `+simShownJS+`; return s !== null && s.steps > 0; })()`)
	if eval[bool](t, b, `(`+simShownJS+`).playing`) {
		trClick(t, b, "#sim-play", "pause")
	}
	for eval[int](t, b, `+document.getElementById('sim-bar').dataset.step`) > 0 {
		trClick(t, b, "#sim-back", "back to the first step")
	}
	simAt(t, b, 0)
	trClick(t, b, "#sim-forward", "step forward once")
	return simAt(t, b, 1)
}

// TestSimulateSources plays walks from the other places a walk is asked
// for: the Next hop tool (vm1/nic0 to vm2's address, through the hub
// firewall) and a reach expectation of the Checks tab (vm1 to the
// Internet via the firewall), each stepped once to the firewall.
func TestSimulateSources(t *testing.T) {
	h := requireBrowser(t)
	b := h.openApp(t)
	b.openBuiltin(t, "hub-spoke-firewall")

	b.do(t, "open the Routes tab", chromedp.Click(chromedp.ID("tab-routes")))
	trNeed(t, b, "#nexthop", "the Next hop tool")
	trSet(t, b, "#nh-from", "vm1/nic0")
	trSet(t, b, "#nh-dst", "10.2.1.4")
	poll[bool](t, b, "the next hop", `/^Next hop type VirtualAppliance/.test((document.getElementById('nh-answer') || {}).textContent || '')`)
	trClick(t, b, "#nh-play", "play the next hop's walk")
	s := simSecondStep(t, b)
	for _, w := range []string{"Hop 2 of 3: firewall/nic0", "Forwarding: firewall forwards"} {
		if !strings.Contains(s.Caption, w) {
			t.Errorf("the next hop walk's second step: caption %q lacks %q", s.Caption, w)
		}
	}
	if !strings.Contains(s.Keys, "firewall") || s.Drop {
		t.Errorf("the next hop walk's second step: %+v, want the firewall highlighted", s)
	}
	b.screenshot(t, "simulate-nexthop")
	trClick(t, b, "#sim-stop", "stop")
	poll[bool](t, b, "the simulation gone", `!document.getElementById('sim-bar').classList.contains('on')`)

	b.do(t, "open the Checks tab", chromedp.Click(chromedp.ID("tab-checks")))
	if n := poll[int](t, b, "the reach rows' buttons", `document.querySelectorAll('#checks .check-play').length || false`); n != 3 {
		t.Errorf("%d Play buttons in the Checks tab, want 3 (one per reach expectation)", n)
	}
	if eval[bool](t, b, `document.querySelector('#checks li[data-id="default-udr"] .check-play') !== null`) {
		t.Error("a route expectation has a Play button")
	}
	trClick(t, b, `#checks .check-play[data-id="internet-via-firewall"]`, "play the expectation's walk")
	s = simSecondStep(t, b)
	if !strings.Contains(s.Caption, "Hop 2 of ") || !strings.Contains(s.Caption, "firewall/nic0") || !strings.Contains(s.Keys, "firewall") {
		t.Errorf("the expectation's walk's second step: %+v, want the firewall", s)
	}
	trClick(t, b, "#sim-forward", "to the end")
	for eval[bool](t, b, `!document.getElementById('sim-forward').disabled`) {
		trClick(t, b, "#sim-forward", "to the end")
	}
	if c := eval[string](t, b, `document.getElementById('sim-caption').textContent`); !strings.Contains(c, "Outcome") || !strings.Contains(c, "Internet") {
		t.Errorf("the expectation's walk's outcome: %q", c)
	}
	b.screenshot(t, "simulate-check")
	b.noConsoleErrors(t)
}
