//go:build e2e && !(js && wasm)

package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// left is a press or release of the left mouse button, held a move with
// it down (options of chromedp.MouseEvent).
func left(p *input.DispatchMouseEventParams) {
	p.Button = input.MouseButtonLeft
	p.Buttons = 1
	p.ClickCount = 1
}

func held(p *input.DispatchMouseEventParams) { p.Button = input.MouseButtonLeft; p.Buttons = 1 }

// drag presses the left button at (x0, y0), moves in steps to (x1, y1) and
// releases: what a person does with a mouse.
func drag(t *testing.T, b *browser, what string, x0, y0, x1, y1 float64) {
	t.Helper()
	steps := []chromedp.Action[chromedp.Void]{
		chromedp.MouseEvent(chromedp.MouseMoved, x0, y0),
		chromedp.MouseEvent(chromedp.MousePressed, x0, y0, left),
	}
	const n = 8
	for i := 1; i <= n; i++ {
		f := float64(i) / n
		steps = append(steps, chromedp.MouseEvent(chromedp.MouseMoved, x0+(x1-x0)*f, y0+(y1-y0)*f, held))
	}
	steps = append(steps, chromedp.MouseEvent(chromedp.MouseReleased, x1, y1, left))
	b.do(t, what, steps...)
}

// center returns the page coordinates of the centre of the element matched
// by the CSS selector.
func center(t *testing.T, b *browser, sel string) (float64, float64) {
	t.Helper()
	xy := eval[[]float64](t, b, `(() => { const e = document.querySelector(`+quote(sel)+`);
		if (!e) return [];
		const r = e.getBoundingClientRect(); return [r.x + r.width/2, r.y + r.height/2]; })()`)
	if len(xy) != 2 {
		t.Fatalf("no element %s", sel)
	}
	return xy[0], xy[1]
}

func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", `\'`) + "'" }

// TestEditorBuildAndPeer: from an empty design, drag two VNets from the
// palette, peer them by dragging from one's handle to the other, select a
// subnet and read the peering route in the Routes panel (rule:system-routes.peering-routes); then undo.
func TestEditorBuildAndPeer(t *testing.T) {
	h := requireBrowser(t)
	b := h.openApp(t)

	cx, cy := center(t, b, "#canvas")
	w := eval[float64](t, b, `document.getElementById('canvas').getBoundingClientRect().width`)
	px, py := center(t, b, `.palette-item[data-kind="vnet"]`)
	drag(t, b, "drag a VNet onto the canvas", px, py, cx-w*0.45, cy-120)
	poll[bool](t, b, "vnet1 on the canvas", `document.querySelector('[data-key="vnet:vnet1"]') !== null`)
	drag(t, b, "drag a second VNet", px, py, cx+w*0.05, cy-120)
	poll[bool](t, b, "vnet2 on the canvas", `document.querySelector('[data-key="vnet:vnet2"]') !== null`)

	// Connect: from vnet1's handle (shown on hover) to vnet2.
	hx, hy := center(t, b, `[data-key="vnet:vnet1"] .handle`)
	tx, ty := center(t, b, `[data-key="vnet:vnet2"] > .node-box`)
	drag(t, b, "drag from vnet1's handle to vnet2", hx, hy, tx, ty)
	poll[bool](t, b, "the peering edge", `document.querySelector('[data-key="peering:vnet1-vnet2"]') !== null`)

	// Select vnet1's default subnet and read its routes.
	sx, sy := center(t, b, `[data-key="subnet:vnet1/default"] > .node-box`)
	b.do(t, "click the subnet", chromedp.MouseClickXY(sx, sy))
	b.do(t, "open the Routes tab", chromedp.Click(chromedp.ID("tab-routes")))
	row := poll[string](t, b, "the peering route", `(() => {
		const rows = [...document.querySelectorAll('#routes tbody tr.route')].map(r => [...r.cells].map(c => c.textContent).join('|'));
		return rows.find(r => r.includes('10.1.0.0/16')) || false; })()`)
	if row != "Default|Active|10.1.0.0/16|VNetPeering|" {
		t.Errorf("route to the peer: %q, want Default|Active|10.1.0.0/16|VNetPeering|", row)
	}
	b.screenshot(t, "editor-peered")

	// Undo removes the peering; the route goes with it.
	b.do(t, "click Undo", chromedp.Click(chromedp.ID("undo")))
	poll[bool](t, b, "the peering to go", `document.querySelector('[data-key="peering:vnet1-vnet2"]') === null`)
	poll[bool](t, b, "the route to go", `![...document.querySelectorAll('#routes tbody tr.route')].some(r => r.textContent.includes('10.1.0.0/16'))`)
	b.noConsoleErrors(t)
}

// TestReachMatrixAndWalk: open a built-in scenario where spoke-to-spoke
// traffic dies at a firewall with IP forwarding off (rule:nva.ip-forwarding), click a red cell
// and see the walk listed and drawn on the canvas.
func TestReachMatrixAndWalk(t *testing.T) {
	h := requireBrowser(t)
	b := h.openApp(t)
	b.openBuiltin(t, "hub-spoke-firewall-forwarding-off")
	b.do(t, "open the Reach tab", chromedp.Click(chromedp.ID("tab-reach")))
	poll[bool](t, b, "the matrix", `document.querySelectorAll('#matrix .cell').length > 0`)
	b.do(t, "click the vm1 to vm2 cell", chromedp.Click(chromedp.CSS(`#matrix .cell[data-from="vm1/nic0"][data-to="vm2/nic0"]`)))
	text := poll[string](t, b, "the walk", `(document.getElementById('walk') || {}).textContent || false`)
	if !strings.Contains(text, "DroppedIPForwardingOff") {
		t.Errorf("walk says %q, want the firewall dropping for IP forwarding off", text)
	}
	poll[bool](t, b, "the path on the canvas", `document.getElementById('walk-path') !== null`)
	if cls := eval[string](t, b, `document.getElementById('walk-path').getAttribute('class')`); !strings.Contains(cls, "cell-drop") {
		t.Errorf("walk path class %q, want a dropped path", cls)
	}
	b.screenshot(t, "packet-walk")
	b.noConsoleErrors(t)
}

// TestInspectorRefusesBadValues: typing an address space that overlaps the
// peered hub into a spoke's field shows the engine's reason inline, keeps
// the text, and leaves the design (and its routes) unchanged; a good value
// then applies.
func TestInspectorRefusesBadValues(t *testing.T) {
	h := requireBrowser(t)
	b := h.openApp(t)
	b.openBuiltin(t, "hub-spoke-firewall")

	// The hub-and-spoke design with spoke1's routes: the UDR to the
	// firewall wins over the default route (rule:outputs.overridden-stay-listed, rule:route-selection.same-prefix-tie-break).
	sx, sy := center(t, b, `[data-key="subnet:spoke1/app"] > .node-box`)
	b.do(t, "select spoke1/app", chromedp.MouseClickXY(sx, sy))
	b.do(t, "open the Routes tab", chromedp.Click(chromedp.ID("tab-routes")))
	row := poll[string](t, b, "the UDR row", `(() => { const r = [...document.querySelectorAll('#routes tbody tr.route')].map(r => [...r.cells].map(c => c.textContent).join('|'));
		return r.find(x => x.startsWith('User|Active|0.0.0.0/0')) || false; })()`)
	if !strings.Contains(row, "VirtualAppliance|10.0.1.4") {
		t.Errorf("spoke1's default route: %q", row)
	}
	b.screenshot(t, "hub-spoke-routes")

	x, y := center(t, b, `[data-key="vnet:spoke1"] > .node-box`)
	b.do(t, "select spoke1", chromedp.MouseClickXY(x, y-30))
	poll[bool](t, b, "the inspector", `document.getElementById('prop-addressSpace-addressPrefixes') !== null`)
	set := func(v string) {
		b.do(t, "type "+v, chromedp.Evaluate[chromedp.Void](`(() => { const i = document.getElementById('prop-addressSpace-addressPrefixes');
			i.focus(); i.value = `+quote(v)+`; i.dispatchEvent(new Event('change', {bubbles: true})); })()`))
	}
	set("10.0.0.0/16")
	msg := poll[string](t, b, "the inline error", `(document.getElementById('prop-addressSpace-addressPrefixes-err') || {}).textContent || false`)
	if !strings.Contains(msg, "overlap") {
		t.Errorf("inline error %q does not explain the overlap", msg)
	}
	if v := eval[string](t, b, `document.getElementById('prop-addressSpace-addressPrefixes').value`); v != "10.0.0.0/16" {
		t.Errorf("the typed value was lost: %q", v)
	}
	if d := eval[string](t, b, `document.querySelector('[data-key="vnet:spoke1"] .node-detail').textContent`); d != "10.1.0.0/16" {
		t.Errorf("the canvas shows %q: a refused value was applied", d)
	}
	b.screenshot(t, "inspector-refused")
	set("10.1.0.0/16, 10.11.0.0/16")
	poll[bool](t, b, "the good value applied", `document.querySelector('[data-key="vnet:spoke1"] .node-detail').textContent === '10.1.0.0/16, 10.11.0.0/16'`)
	if n := eval[int](t, b, `document.querySelectorAll('.field-error').length`); n != 0 {
		t.Errorf("%d inline errors remain after a good value", n)
	}
}

// TestFailoverAndN1: in the ExpressRoute + VPN design, fail the circuit from
// the inspector: it is struck through, a matrix cell changes its path and
// the diff says pairs moved to VPN; then the N-1 sweep runs with progress and
// lists the single points of failure.
func TestFailoverAndN1(t *testing.T) {
	h := requireBrowser(t)
	b := h.openApp(t)
	b.openBuiltin(t, "er-vpn-coexistence")
	poll[bool](t, b, "the circuit on the canvas", `document.querySelector('[data-key="er-circuit:er-circuit"]') !== null`)

	// The matrix before: remember a walk through the circuit.
	b.do(t, "open the Reach tab", chromedp.Click(chromedp.ID("tab-reach")))
	poll[bool](t, b, "the matrix", `document.querySelectorAll('#matrix .cell').length > 0`)
	before := eval[string](t, b, `[...document.querySelectorAll('#matrix .cell')].map(c => c.dataset.disposition + ' ' + c.title).join('\n')`)

	x, y := center(t, b, `[data-key="er-circuit:er-circuit"] > .node-box`)
	b.do(t, "select the circuit", chromedp.MouseClickXY(x, y))
	b.do(t, "fail the circuit", chromedp.Click(chromedp.ID("fail-toggle")))
	poll[bool](t, b, "the circuit struck through", `document.querySelector('[data-key="er-circuit:er-circuit"]').classList.contains('failed')`)
	// Its BGP says why it has no best paths (it drew the table's headings
	// over no row before).
	b.do(t, "open the Routes tab", chromedp.Click(chromedp.ID("tab-routes")))
	if _, ok := trWait[bool](t, b, `(document.getElementById('bgp-rib-none') || {textContent: ''}).textContent.includes('er-circuit is down') && !document.getElementById('bgp-rib')`, 10*time.Second); !ok {
		t.Errorf("the failed circuit's BGP reads %q", eval[string](t, b, `(document.getElementById('bgp') || {innerText: ''}).innerText`))
	}

	b.do(t, "open the What-if tab", chromedp.Click(chromedp.ID("tab-whatif")))
	diff := poll[string](t, b, "the diff", `(document.getElementById('diff') || {}).textContent || false`)
	if !strings.Contains(diff, "PathChanged") || strings.Contains(diff, "Lost") {
		t.Errorf("the diff should show pairs moving to the VPN and none lost: %q", diff)
	}
	b.screenshot(t, "failed-circuit")

	// Fail the S2S connection too, from the What-if picker: now on-prem is
	// cut off and matrix cells turn red.
	b.do(t, "fail the VPN connection", chromedp.Evaluate[chromedp.Void](`(() => { const s = document.getElementById('fail-pick');
		s.value = 'ConnectionDown:hub-s2s'; s.dispatchEvent(new Event('change', {bubbles: true})); })()`))
	poll[bool](t, b, "the connection struck through", `document.querySelector('[data-key="connection:hub-s2s"]').classList.contains('failed')`)
	b.do(t, "open the Reach tab", chromedp.Click(chromedp.ID("tab-reach")))
	// Until the engine answers for the new failures, the panel shows the
	// last matrix, marked busy.
	after := poll[string](t, b, "the matrix after the failures", `document.getElementById('results-pane').getAttribute('aria-busy') === 'false' &&
		[...document.querySelectorAll('#matrix .cell')].map(c => c.dataset.disposition + ' ' + c.title).join('\n') || false`)
	if after == before || !strings.Contains(after, "Dropped") {
		t.Error("failing the circuit and the VPN changed no cell to dropped")
	}
	b.do(t, "open the What-if tab", chromedp.Click(chromedp.ID("tab-whatif")))

	b.do(t, "restore all", chromedp.Click(chromedp.ID("restore-all")))
	poll[bool](t, b, "the circuit restored", `!document.querySelector('[data-key="er-circuit:er-circuit"]').classList.contains('failed')`)
	b.do(t, "run the N-1 sweep", chromedp.Click(chromedp.ID("n1")))
	summary := poll[string](t, b, "the sweep result", `(document.getElementById('n1-summary') || {}).textContent || false`)
	if !strings.Contains(summary, "single points of failure") {
		t.Errorf("sweep summary %q", summary)
	}
	b.screenshot(t, "n1-sweep")

	// At 1280×720 the ExpressRoute gateway's best paths read whole: a
	// speaker's name in the From column is not broken at its hyphen ("er-"
	// over "factory"); a long AS path wraps between its ASNs instead.
	b.do(t, "a 1280×720 window", chromedp.EmulateViewport(1280, 720))
	r := trRect(t, b, `[data-key="er-gateway:hub-ergw"]`)
	b.do(t, "select the ExpressRoute gateway", chromedp.MouseClickXY(r.cx(), r.cy()))
	poll[bool](t, b, "the gateway selected", `document.getElementById('canvas').dataset.selected === 'er-gateway:hub-ergw'`)
	b.do(t, "open the Routes tab", chromedp.Click(chromedp.ID("tab-routes")))
	poll[bool](t, b, "the gateway's best paths", `document.querySelectorAll('#bgp-rib td').length > 0`)
	if broken := eval[[]string](t, b, `[...document.querySelectorAll('#bgp-rib td')].filter(td => td.cellIndex === 3 && td.textContent !== '').filter(td => {
		const r = document.createRange(); r.selectNodeContents(td); return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size > 1;
	}).map(td => td.textContent)`); len(broken) > 0 {
		t.Errorf("at 1280×720 the From column breaks %q over two lines", broken)
	}
	b.screenshot(t, "bgp-from-1280")
	b.noConsoleErrors(t)
}

// TestSweepSaysItRunsOnTheIntactDesign: with a component failed in the
// What-if, the N-1 sweep still fails each component of the intact design
// alone, and the tab says so beside the button and in its result. On the
// build before, nothing said the failed circuit was not part of the sweep:
// a reader took "0 single points of failure" for the design as failed.
func TestSweepSaysItRunsOnTheIntactDesign(t *testing.T) {
	h := requireBrowser(t)
	b := h.openApp(t)
	b.openBuiltin(t, "er-vpn-coexistence")
	poll[bool](t, b, "the circuit on the canvas", `document.querySelector('[data-key="er-circuit:er-circuit"]') !== null`)
	b.do(t, "open the What-if tab", chromedp.Click(chromedp.ID("tab-whatif")))
	scope := `(document.getElementById('n1-scope') || {textContent: ''}).textContent`
	intact := poll[string](t, b, "the sweep's scope", scope+` || false`)
	if !strings.Contains(intact, "one at a time") {
		t.Errorf("with nothing failed the scope reads %q", intact)
	}
	b.do(t, "fail the circuit", chromedp.Evaluate[chromedp.Void](`(() => { const s = document.getElementById('fail-pick');
		s.value = 'CircuitDown:er-circuit'; s.dispatchEvent(new Event('change', {bubbles: true})); })()`))
	poll[bool](t, b, "the circuit struck through", `document.querySelector('[data-key="er-circuit:er-circuit"]').classList.contains('failed')`)
	failed := poll[string](t, b, "the scope with a failure", scope+`.includes('not applied') && `+scope)
	if !strings.Contains(failed, "intact") {
		t.Errorf("with the circuit failed the scope reads %q", failed)
	}
	// What the failure changes is drawn above the sweep's button when the
	// engine answers: clicked before, the button can move under the
	// pointer (a fresh-clone CI run once clicked the list instead).
	poll[bool](t, b, "what the failure changes", `document.getElementById('diff-computing') === null &&
		(document.getElementById('diff-pairs-count') !== null || document.getElementById('diff-none') !== null)`)
	b.do(t, "run the N-1 sweep", chromedp.Click(chromedp.ID("n1")))
	summary := poll[string](t, b, "the sweep result", `(document.getElementById('n1-summary') || {}).textContent || false`)
	if !strings.Contains(summary, "intact design") {
		t.Errorf("the sweep's summary %q does not say it swept the intact design while a component is failed", summary)
	}
	b.screenshot(t, "n1-sweep-while-failed")
}

// TestWhatIfSaysTheApplianceIsFailed: failing the firewall of
// hub-spoke-firewall, the What-if's changed pairs say the appliance is
// failed. On the build before they read "no NIC or load balancer has
// 10.0.1.4", as if the design had no firewall.
func TestWhatIfSaysTheApplianceIsFailed(t *testing.T) {
	b := requireBrowser(t).builtinApp(t, "hub-spoke-firewall")
	b.do(t, "open the What-if tab", chromedp.Click(chromedp.ID("tab-whatif")))
	poll[bool](t, b, "the What-if picker", `document.getElementById('fail-pick') !== null`)
	b.do(t, "fail the firewall", chromedp.Evaluate[chromedp.Void](`(() => { const s = document.getElementById('fail-pick');
		s.value = 'ApplianceDown:firewall'; s.dispatchEvent(new Event('change', {bubbles: true})); })()`))
	diff := poll[string](t, b, "the changed pairs", `(document.getElementById('diff-pairs') || {}).textContent || false`)
	if !strings.Contains(diff, "appliance firewall (10.0.1.4) is failed") || strings.Contains(diff, "no NIC or load balancer has") {
		t.Errorf("the changed pairs read %q", diff)
	}
	// In the page's words: the engine's rule codes are left out (the
	// pairs to the Internet cited rule:internet-edge.default-outbound-access).
	if code := trRuleCode.FindString(diff); code != "" {
		t.Errorf("the changed pairs cite %q: %q", code, diff)
	}
}

// TestWhatIfPickerComesBackToItsPrompt: the What-if's Fail picker is a
// command, not a setting: once a component is failed it reads "choose a
// component…" again, so a component restored can be failed again by
// picking it. On the build before, the picker kept showing "appliance
// firewall" after Restore all, as if it were still failed, and picking it
// again did nothing (a select fires no change for the option it shows).
func TestWhatIfPickerComesBackToItsPrompt(t *testing.T) {
	b := requireBrowser(t).builtinApp(t, "hub-spoke-firewall")
	b.do(t, "open the What-if tab", chromedp.Click(chromedp.ID("tab-whatif")))
	poll[bool](t, b, "the What-if picker", `document.getElementById('fail-pick') !== null`)
	const pick = `(() => { const s = document.getElementById('fail-pick');
		const o = [...s.options].find(o => o.dataset.value === 'ApplianceDown:firewall');
		if (!o || o.disabled || o.selected) return false;
		o.selected = true; s.dispatchEvent(new Event('change', {bubbles: true})); return true; })()`
	const prompt = `document.getElementById('fail-pick').selectedIndex === 0`
	poll[bool](t, b, "pick the firewall", pick)
	poll[bool](t, b, "the firewall failed", `document.querySelectorAll('#failed li').length === 1`)
	if !eval[bool](t, b, prompt) {
		t.Errorf("after failing the firewall the picker reads %q, want its prompt", eval[string](t, b, `document.getElementById('fail-pick').selectedOptions[0].textContent`))
	}
	b.do(t, "Restore all", chromedp.Click(chromedp.ID("restore-all")))
	poll[bool](t, b, "nothing failed", `document.getElementById('failed') === null`)
	if !eval[bool](t, b, prompt) {
		t.Errorf("after Restore all the picker reads %q, want its prompt", eval[string](t, b, `document.getElementById('fail-pick').selectedOptions[0].textContent`))
	}
	b.screenshot(t, "whatif-picker-after-restore")
	poll[bool](t, b, "pick the firewall again", pick)
	poll[bool](t, b, "the firewall failed again", `document.querySelectorAll('#failed li').length === 1`)
	b.noConsoleErrors(t)
}

// TestPasteIntoAnotherDesignSaysWhatItLeftOut: spoke1 of
// hub-spoke-firewall copied and pasted into isolated-vnets: the copy
// keeps no reference to hub-spoke-firewall's route table (isolated-vnets
// has none), the notice says so, and Checks has no error. On the build
// before, spoke1-copy/app named route table rt-spokes, the notice said only
// "Pasted 1 copy…", and Checks listed `route table "rt-spokes" does not
// exist`.
func TestPasteIntoAnotherDesignSaysWhatItLeftOut(t *testing.T) {
	b := requireBrowser(t).builtinApp(t, "hub-spoke-firewall")
	trSelectNode(t, b, "vnet:spoke1")
	b.do(t, "Ctrl+C", chromedp.KeyEvent("c", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	poll[bool](t, b, "the copy notice", `(document.getElementById('notice') || {textContent: ''}).textContent.includes('Copied')`)
	b.openBuiltin(t, "isolated-vnets")
	eval[bool](t, b, `(document.getElementById('canvas').focus(), true)`)
	b.do(t, "Ctrl+V", chromedp.KeyEvent("v", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	notice := poll[string](t, b, "the paste notice", `(() => { const n = document.getElementById('notice'); return n && n.textContent.includes('Pasted') ? n.textContent : false; })()`)
	if !strings.Contains(notice, "this design has no route table rt-spokes (of spoke1-copy/app)") {
		t.Errorf("the paste notice %q does not say the route table reference was left out", notice)
	}
	b.do(t, "open the Checks tab", chromedp.Click(chromedp.ID("tab-checks")))
	checks := poll[string](t, b, "the Checks tab", `document.getElementById('results-pane').getAttribute('aria-busy') === 'false' && (document.querySelector('.tabpanel') || {}).textContent || false`)
	if strings.Contains(checks, "rt-spokes") {
		t.Errorf("Checks after the paste: %q", checks)
	}
}

// TestBranchReachesTheDatacenterOverTheVPN: in er-vpn-coexistence the
// VPN-only branch reaches the datacenter's PC through the VPN gateway's
// own tunnel, as the scenario says, not through the ExpressRoute gateway.
// On the build before, the walk went hub-vpngw → GatewaySubnet → hub-ergw
// → er-circuit: a VPN-to-ExpressRoute transit without Route Server.
func TestBranchReachesTheDatacenterOverTheVPN(t *testing.T) {
	b := requireBrowser(t).builtinApp(t, "er-vpn-coexistence")
	b.do(t, "open the Reach tab", chromedp.Click(chromedp.ID("tab-reach")))
	poll[bool](t, b, "the matrix", `document.querySelector('#matrix .cell[data-from="branch/pos"][data-to="onprem/pc"]') !== null`)
	b.do(t, "click the branch/pos to onprem/pc cell", chromedp.Click(chromedp.CSS(`#matrix .cell[data-from="branch/pos"][data-to="onprem/pc"]`)))
	// The hops, not the steps' words: the VPN gateway's step says its
	// table also holds the ExpressRoute path via hub-ergw, which it does
	// not forward on.
	hops := poll[string](t, b, "the walk", `(() => { const w = document.getElementById('walk'); return w && w.textContent.includes('branch/pos') ? [...w.querySelectorAll('.hops')[0].children].map(li => li.querySelector('.hop-node').textContent).join(' ') : false; })()`)
	if !strings.Contains(hops, "hub-vpngw") || strings.Contains(hops, "hub-ergw") || strings.Contains(hops, "er-circuit") {
		t.Errorf("the walk from branch/pos to onprem/pc goes through %q", hops)
	}
}

// TestReachSymbolsAreDrawn: every outcome's symbol in the Reach legend
// and matrix is drawn by a font of the page, not as the box of a missing
// glyph (its width would be that of a character no font has). On the
// build before, "denied by an NSG" was ⛔, an emoji most fonts lack: in
// nsg-evaluation-order the cell web2 → app read as an empty box.
func TestReachSymbolsAreDrawn(t *testing.T) {
	b := requireBrowser(t).builtinApp(t, "nsg-evaluation-order")
	b.do(t, "open the Reach tab", chromedp.Click(chromedp.ID("tab-reach")))
	poll[bool](t, b, "the denied cell", `document.querySelector('.matrix .cell-drop') !== null`)
	b.do(t, "open the legend", chromedp.Evaluate[chromedp.Void](`document.getElementById('reach-legend').open = true`))
	missing := eval[[]string](t, b, `(() => {
		const ctx = document.createElement('canvas').getContext('2d');
		return [...document.querySelectorAll('#reach-legend .swatch, .matrix .cell')].flatMap(el => {
			ctx.font = getComputedStyle(el).font;
			const s = el.textContent.trim(), none = ctx.measureText('\u{10FFFD}').width;
			if (s === '' || s === '·') return [];
			return Math.abs(ctx.measureText(s).width - none) < 0.01 ? [s + ' (' + (el.closest('li') || el).textContent.trim().slice(0, 40) + ')'] : [];
		});
	})()`)
	if len(missing) > 0 {
		t.Errorf("symbols drawn as a missing glyph: %v", missing)
	}
	b.screenshot(t, "reach-symbols")
}

// TestReachMatrixToPrivateEndpoints: in private-endpoint-behind-firewall
// the Reach matrix has a column for each private endpoint (it had only the
// firewall and vm-a): vm-a reaches pe-blob and loses pe-sql, whose reply
// bypasses the firewall; a click on vm-a → pe-sql lists the walk and draws
// it on the canvas.
func TestReachMatrixToPrivateEndpoints(t *testing.T) {
	h := requireBrowser(t)
	b := h.openApp(t)
	b.openBuiltin(t, "private-endpoint-behind-firewall")
	trClick(t, b, "#tab-reach", "open the Reach tab")
	cell := func(to string) string { return `#matrix .cell[data-from="vm-a/nic0"][data-to="` + to + `"]` }
	poll[bool](t, b, "the private endpoints' columns", `document.querySelector(`+quote(cell("pe-sql"))+`) !== null`)
	heads := eval[[]string](t, b, `[...document.querySelectorAll('#matrix thead th.col-head')].map(h => h.textContent)`)
	if want := []string{"firewall", "vm-a", "pe-blob", "pe-sql", "Internet"}; strings.Join(heads, ",") != strings.Join(want, ",") {
		t.Errorf("the matrix's columns %v, want %v", heads, want)
	}
	got := eval[[]string](t, b, `[`+quote(cell("pe-blob"))+`, `+quote(cell("pe-sql"))+`].map(s => document.querySelector(s).dataset.disposition)`)
	if len(got) != 2 || got[0] != "Delivered" || got[1] != "DroppedAsymmetric" {
		t.Errorf("vm-a → pe-blob, pe-sql: %v, want Delivered, DroppedAsymmetric", got)
	}
	trClick(t, b, cell("pe-sql"), "click vm-a → pe-sql")
	text := poll[string](t, b, "the walk", `(document.getElementById('walk') || {}).textContent || false`)
	if !strings.Contains(text, "Dropped: asymmetric") || !strings.Contains(text, "delivered to private endpoint pe-sql") {
		t.Errorf("the walk says %q, want pe-sql's reply dropped as asymmetric", text)
	}
	// The path ends at pe-sql's chip (it ended at the firewall).
	last := poll[[]float64](t, b, "the path on the canvas", `(() => { const p = document.getElementById('walk-path'); if (!p || !p.points || !p.points.length) return false;
		const q = p.points[p.points.length - 1], r = new DOMPoint(q.x, q.y).matrixTransform(p.getScreenCTM()); return [r.x, r.y]; })()`)
	pe := trRect(t, b, `[data-key="private-endpoint:pe-sql"] > .node-box`)
	if !trNear(last, pe.cx(), pe.cy()) {
		t.Errorf("#walk-path ends at %v, want pe-sql's chip centre (%.0f, %.0f)", last, pe.cx(), pe.cy())
	}
	b.screenshot(t, "reach-private-endpoints")
	b.noConsoleErrors(t)
}
