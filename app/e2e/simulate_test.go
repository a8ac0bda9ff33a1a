//go:build e2e && !(js && wasm)

package e2e

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"vnetplay/engine/scenario"
)

// simStepWant is what one step of the vm1 → branch/pc simulation shows:
// words of its caption, and a word of the canvas node it highlights.
type simStepWant struct {
	says []string
	node string
}

// simWants are the steps of vm1 → branch/pc in testdata/hub-firewall-vpn.json:
// through the hub firewall and the VPN gateway to the branch, the reply
// back the same way, then the outcome.
var simWants = []simStepWant{
	{[]string{"Hop 1 of 5: vm1/nic0", "Route: spoke1/app uses 192.168.1.0/24 → VirtualAppliance 10.0.1.4", "route table rt-spokes route branch-to-firewall", "Peering: crosses peering hub-spoke1"}, "vm1"},
	{[]string{"Hop 2 of 5: firewall/nic0", "Forwarding: firewall forwards (IP forwarding on", "→ VirtualNetworkGateway"}, "firewall"},
	{[]string{"Hop 3 of 5: hub-vpngw", "Gateway: enters VpnGateway hub-vpngw", "BGP:"}, "hub-vpngw"},
	{[]string{"Hop 4 of 5: branch", "Passes: the packet reaches branch"}, "branch"},
	{[]string{"Hop 5 of 5: branch/pc", "Delivered: delivered to branch/pc"}, "branch"},
	{[]string{"Reply, hop 1 of 5: branch/pc"}, "branch"},
	{[]string{"Reply, hop 2 of 5: branch", "BGP:"}, "branch"},
	{[]string{"Reply, hop 3 of 5: hub-vpngw", "route table rt-gw route spokes-to-firewall"}, "hub-vpngw"},
	{[]string{"Reply, hop 4 of 5: firewall/nic0", "IP forwarding", "Peering: crosses peering hub-spoke1"}, "firewall"},
	{[]string{"Reply, hop 5 of 5: vm1/nic0", "delivered to vm1/nic0"}, "vm1"},
	{[]string{"Outcome", "Packet: delivered to branch/pc", "Reply: delivered to vm1/nic0"}, "branch"},
}

// simShown is the simulation on screen: the bar's step, the caption in
// the bar and in the canvas bubble, and the keys the overlay outlines.
type simShown struct {
	Step    int    `json:"step"`
	Steps   int    `json:"steps"`
	Playing bool   `json:"playing"`
	Count   string `json:"count"`
	Caption string `json:"caption"`
	Bubble  string `json:"bubble"`
	Keys    string `json:"keys"`
	Drop    bool   `json:"drop"`
}

const simShownJS = `(() => {
	const bar = document.getElementById('sim-bar'), o = document.getElementById('sim-overlay');
	if (!bar || !bar.classList.contains('on') || !o) return null;
	const text = id => (document.getElementById(id) || {}).textContent || '';
	return {step: +bar.dataset.step, steps: +bar.dataset.steps, playing: bar.dataset.playing === 'true',
		count: text('sim-count'), caption: text('sim-caption'),
		bubble: Array.from(document.querySelectorAll('#sim-bubble text')).map(t => t.textContent).join(' '),
		keys: Array.from(o.querySelectorAll('.sim-mark')).map(m => m.dataset.key).join(' '),
		drop: o.classList.contains('sim-drop')};
})()`

// simAt waits until the simulation shows step k and returns what it shows.
func simAt(t *testing.T, b *browser, k int) simShown {
	t.Helper()
	poll[bool](t, b, "step "+strconv.Itoa(k+1), `(() => { const s = `+simShownJS+`; return s !== null && s.step === `+strconv.Itoa(k)+` && !s.playing; })()`)
	return eval[simShown](t, b, simShownJS)
}

// checkSimStep checks the caption (in the bar and in the canvas bubble)
// and the highlighted node of step k.
func checkSimStep(t *testing.T, s simShown, k int) {
	t.Helper()
	want := simWants[k]
	if s.Steps != len(simWants) || s.Count != "Step "+strconv.Itoa(k+1)+" of "+strconv.Itoa(len(simWants))+simPartWant(k) {
		t.Errorf("step %d: %d steps, count %q", k, s.Steps, s.Count)
	}
	for _, w := range want.says {
		if !strings.Contains(s.Caption, w) {
			t.Errorf("step %d: the bar's caption %q lacks %q", k, s.Caption, w)
		}
		if !strings.Contains(s.Bubble, strings.Fields(w)[0]) {
			t.Errorf("step %d: the canvas bubble %q lacks %q", k, s.Bubble, strings.Fields(w)[0])
		}
	}
	if s.Keys == "" || strings.Contains(s.Keys, " ") || !strings.Contains(s.Keys, want.node) {
		t.Errorf("step %d highlights %q, want the node of %s", k, s.Keys, want.node)
	}
	if s.Drop || strings.Contains(s.Caption, "https://") || strings.Contains(s.Caption, "rule:") {
		t.Errorf("step %d: drop %v, caption %q", k, s.Drop, s.Caption)
	}
}

func simPartWant(k int) string {
	switch {
	case k == len(simWants)-1:
		return " · outcome"
	case k >= 5:
		return " · reply"
	}
	return ""
}

// TestSimulateFirewallAndGateway plays vm1 → branch/pc, through the hub
// firewall and the VPN gateway, step by step from the Reach tab's walk:
// Forward to the end and Back once, checking every caption and
// highlighted node; then Play from the start to the end; then Stop.
func TestSimulateFirewallAndGateway(t *testing.T) {
	h := requireBrowser(t)
	link := hubFirewallVPNLink(t)
	srv := h.serve(t, h.site(t, "e2e-v1"), "127.0.0.1:0")
	b := h.browser(t)
	b.load(t, srv.URL+"/#"+link)
	poll[bool](t, b, "the design on the canvas", `document.querySelectorAll('#world [data-key^="vnet:"]').length === 3`)
	b.do(t, "fit the design", chromedp.Click(chromedp.ID("fit")))
	pauseBranchWalk(t, b)
	for eval[int](t, b, `+document.getElementById('sim-bar').dataset.step`) > 0 {
		trClick(t, b, "#sim-back", "back to the first step")
	}

	last := len(simWants) - 1
	for k := 0; k <= last; k++ {
		s := simAt(t, b, k)
		checkSimStep(t, s, k)
		switch k {
		case 1:
			b.screenshot(t, "simulate-firewall")
		case 2:
			b.screenshot(t, "simulate-gateway")
		case last:
			if eval[bool](t, b, `document.getElementById('sim-forward').disabled`) != true {
				t.Error("Forward is enabled at the last step")
			}
			continue
		}
		trClick(t, b, "#sim-forward", "step forward")
	}
	trClick(t, b, "#sim-back", "step back")
	checkSimStep(t, simAt(t, b, last-1), last-1)

	trClick(t, b, "#sim-forward", "to the end")
	simAt(t, b, last)
	trClick(t, b, "#sim-play", "play (from the start, at the end)")
	poll[bool](t, b, "playing from the first steps", `(() => { const s = `+simShownJS+`; return s !== null && s.playing && s.step < 3; })()`)
	start := time.Now()
	checkSimStep(t, simAt(t, b, last), last)
	if d := time.Since(start); d < 5*time.Second {
		t.Errorf("played %d steps in %v: too fast to read", last, d)
	}
	b.screenshot(t, "simulate-end")

	trClick(t, b, "#sim-stop", "stop")
	poll[bool](t, b, "the simulation gone", `!document.getElementById('sim-bar').classList.contains('on') &&
		document.getElementById('sim-overlay').childElementCount === 0 && document.getElementById('sim-bar').offsetParent === null`)

	// A drop: the firewall without IP forwarding, in the bad colour there
	// and on the outcome.
	b.openBuiltin(t, "hub-spoke-firewall-forwarding-off")
	b.do(t, "open the Reach tab", chromedp.Click(chromedp.ID("tab-reach")))
	trClick(t, b, `#matrix .cell[data-from="vm1/nic0"][data-to="vm2/nic0"]`, "click the vm1 to vm2 cell")
	trClick(t, b, "#walk-play", "play the dropped walk")
	end := simAt(t, b, 2)
	if !end.Drop || !strings.Contains(end.Keys, "firewall") || !strings.Contains(end.Caption, "IP forwarding off") {
		t.Errorf("the dropped walk's outcome: %+v", end)
	}
	trClick(t, b, "#sim-back", "back to the drop")
	drop := simAt(t, b, 1)
	if !drop.Drop || !strings.Contains(drop.Caption, "Dropped: firewall/nic0 has IP forwarding off") ||
		eval[string](t, b, `getComputedStyle(document.querySelector('#sim-overlay .sim-mark')).stroke`) != eval[string](t, b, `getComputedStyle(document.querySelector('.cell-drop')).backgroundColor`) {
		t.Errorf("the drop step: %+v, not in the bad colour", drop)
	}
	b.screenshot(t, "simulate-drop")
	b.noConsoleErrors(t)
}

// simCaptionFitJS is a JS expression: how the simulation bar's caption
// fits: its text wider or taller than its box (cut), the bar outside the
// canvas, or over the zoom controls.
const simCaptionFitJS = `(() => {
	const c = document.getElementById('sim-caption'), bar = document.getElementById('sim-bar').getBoundingClientRect();
	const canvas = document.getElementById('canvas').getBoundingClientRect(), st = document.querySelector('.canvas-status').getBoundingClientRect();
	return {text: c.textContent, sw: c.scrollWidth, cw: c.clientWidth, sh: c.scrollHeight, ch: c.clientHeight,
		inCanvas: bar.left >= canvas.left && bar.right <= canvas.right && bar.top >= canvas.top && bar.bottom <= canvas.bottom,
		overStatus: bar.right > st.left && bar.left < st.right && bar.bottom > st.top && bar.top < st.bottom};
})()`

type simCaptionFit struct {
	Text       string  `json:"text"`
	SW         float64 `json:"sw"`
	CW         float64 `json:"cw"`
	SH         float64 `json:"sh"`
	CH         float64 `json:"ch"`
	InCanvas   bool    `json:"inCanvas"`
	OverStatus bool    `json:"overStatus"`
}

// TestSimCaptionReadsWhole: the simulation bar's caption is read whole at
// every step of vm1 → branch/pc, in a 1280×720 window, presenting too, and
// in the narrowest the app supports (1024×700); the bar stays on the
// canvas, clear of the zoom controls. On the build before, at 1280 px the
// caption was cut to "H…" on one line (its text 1,306 px wide in a 22 px
// box), the bubble on the canvas showing it whole.
func TestSimCaptionReadsWhole(t *testing.T) {
	h := requireBrowser(t)
	link := hubFirewallVPNLink(t)
	srv := h.serve(t, h.site(t, "e2e-v1"), "127.0.0.1:0")
	check := func(b *browser, when string) {
		t.Helper()
		f := eval[simCaptionFit](t, b, simCaptionFitJS)
		if f.SW > f.CW || f.SH > f.CH {
			t.Errorf("%s: the bar's caption is cut: its text %.0f×%.0f px in a %.0f×%.0f px box (%q)", when, f.SW, f.SH, f.CW, f.CH, f.Text)
		}
		if !f.InCanvas || f.OverStatus {
			t.Errorf("%s: the bar is outside the canvas (%v) or over the zoom controls (%v)", when, !f.InCanvas, f.OverStatus)
		}
	}
	for _, size := range []struct {
		w, h    int64
		present bool
	}{{1280, 720, false}, {1280, 720, true}, {1024, 700, false}} {
		name := fmt.Sprintf("%d×%d", size.w, size.h)
		if size.present {
			name += ", presenting"
		}
		b := h.browser(t)
		b.do(t, "a "+name+" window", chromedp.EmulateViewport(size.w, size.h))
		b.load(t, srv.URL+"/#"+link)
		poll[bool](t, b, "the design on the canvas", `document.querySelectorAll('#world [data-key^="vnet:"]').length === 3`)
		pauseBranchWalk(t, b)
		if size.present {
			trClick(t, b, "#present", "presentation mode")
			poll[bool](t, b, "presenting", `document.getElementById('vnetplay').classList.contains('presenting')`)
		}
		for eval[int](t, b, `+document.getElementById('sim-bar').dataset.step`) > 0 {
			trClick(t, b, "#sim-back", "back to the first step")
		}
		for k := range simWants {
			simAt(t, b, k)
			check(b, fmt.Sprintf("%s, step %d", name, k+1))
			if k == 0 {
				b.screenshot(t, "sim-caption-"+strings.NewReplacer("×", "x", ", ", "-").Replace(name))
			}
			if k < len(simWants)-1 {
				trClick(t, b, "#sim-forward", "step forward")
			}
		}
		b.noConsoleErrors(t)
	}
}

// hubFirewallVPNLink is the share link of testdata/hub-firewall-vpn.json.
func hubFirewallVPNLink(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("testdata/hub-firewall-vpn.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, _, err := scenario.Decode(data, scenario.Strict)
	if err != nil {
		t.Fatal(err)
	}
	return linkOf(t, doc)
}

// pauseBranchWalk plays vm1 → branch/pc from the Reach tab's walk and
// pauses it, as a user starting the simulation does.
func pauseBranchWalk(t *testing.T, b *browser) {
	t.Helper()
	b.do(t, "open the Reach tab", chromedp.Click(chromedp.ID("tab-reach")))
	trClick(t, b, `#matrix .cell[data-from="vm1/nic0"][data-to="branch/pc"]`, "click the vm1 to branch/pc cell")
	trClick(t, b, "#walk-play", "play the walk on the canvas")
	poll[bool](t, b, "the simulation playing", `(`+simShownJS+` || {}).playing === true`)
	trClick(t, b, "#sim-play", "pause")
}
