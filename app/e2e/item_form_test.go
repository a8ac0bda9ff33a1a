//go:build e2e && !(js && wasm)

package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// spokeRoutesJS is a promise of rt-spokes' saved routes as
// "name=prefix" joined by ", ".
const spokeRoutesJS = `(` + trOpenDoc + `).then(d => d.topology.routeTables.find(r => r.id === 'rt-spokes').routes.map(r => r.name + '=' + r.addressPrefix).join(', '))`

// TestItemFormFollowsItsRouteThroughUndo (trustworthy editing): a route
// form open while an undo puts back the route before it keeps editing its
// own route. On the build before, the form kept the route's place in the
// list: after "remove the first route, edit the second, Undo", it showed
// zz where default-to-firewall now was, and its Save wrote over
// default-to-firewall: the spokes lost their route through the firewall.
func TestItemFormFollowsItsRouteThroughUndo(t *testing.T) {
	b := requireBrowser(t).builtinApp(t, "hub-spoke-firewall")
	trSelectNode(t, b, "route-table:rt-spokes")
	trClick(t, b, "#prop-routes-add", "Add route")
	trNeed(t, b, "#item-form", "the route form")
	// A route typed and not saved lives in the tab only: closing or
	// reloading the page asks first, even with the last field's text not
	// committed yet (the focus still in it). It closed without a word.
	if eval[bool](t, b, armedJS) {
		t.Error("the page asks before it is closed on an untouched route form")
	}
	trClick(t, b, "#item-name", "click the route's name")
	b.do(t, "type a name", chromedp.KeyEvent("zz"))
	if !eval[bool](t, b, armedJS) {
		t.Error("the page does not ask before it is closed on a route typed and not saved")
	}
	trSet(t, b, "#item-name", "zz")
	trSet(t, b, "#item-addressPrefix", "10.50.0.0/16")
	trSet(t, b, "#item-nextHopType", "VirtualAppliance")
	trSet(t, b, "#item-nextHopIpAddress", "10.0.1.4")
	trClick(t, b, "#item-save", "Save")
	trSaved(t, b, "the route zz", `d.topology.routeTables.find(r => r.id === 'rt-spokes').routes.length === 2`)
	if eval[bool](t, b, armedJS) {
		t.Error("the page asks before it is closed with the route saved")
	}
	first := strings.Split(eval[string](t, b, spokeRoutesJS), ", ")[0]

	trClick(t, b, `#inspector .item-row[data-index="0"] .item-remove`, "Remove on the first route")
	trSaved(t, b, "the first route removed", `d.topology.routeTables.find(r => r.id === 'rt-spokes').routes.length === 1`)
	trClick(t, b, `#inspector .item-row[data-index="0"] .item-edit`, "Edit on zz")
	trNeed(t, b, "#item-form", "zz's form")
	trClick(t, b, "#undo", "Undo")
	trSaved(t, b, "the first route back", `d.topology.routeTables.find(r => r.id === 'rt-spokes').routes.length === 2`)
	if got := eval[string](t, b, `(document.getElementById('item-name') || {value: '(no form)'}).value`); got != "zz" {
		t.Errorf("after the undo the form shows %q, want zz's", got)
	}
	b.screenshot(t, "item-form-after-undo")
	trSet(t, b, "#item-name", "zz-renamed")
	trSet(t, b, "#item-addressPrefix", "10.51.0.0/16")
	trClick(t, b, "#item-save", "Save")
	trSaved(t, b, "zz renamed", `d.topology.routeTables.find(r => r.id === 'rt-spokes').routes.some(r => r.name === 'zz-renamed')`)
	routes := eval[string](t, b, spokeRoutesJS)
	if !strings.Contains(routes, first) || strings.Contains(routes, "zz=") {
		t.Errorf("the Save wrote over another route: rt-spokes' routes are %s (want %s kept, zz renamed)", routes, first)
	}
	b.noConsoleErrors(t)
}

// TestInspectorTopForAnotherResource: selecting another resource shows
// its Inspector from the top, where it says which resource it is. On the
// build before, selecting spoke2 after scrolling spoke1's Inspector kept
// the scroll (the same kind reuses the fields), the header out of view.
func TestInspectorTopForAnotherResource(t *testing.T) {
	b := requireBrowser(t).builtinApp(t, "hub-spoke-firewall")
	trSelectNode(t, b, "vnet:spoke1")
	scrolled := eval[float64](t, b, `(() => { const p = document.getElementById('inspector-pane'); p.scrollTop = 120; return p.scrollTop; })()`)
	if scrolled < 40 {
		t.Fatalf("spoke1's Inspector scrolls by %v px only: the test tests nothing", scrolled)
	}
	trSelectNode(t, b, "vnet:spoke2")
	poll[bool](t, b, "spoke2's Inspector", `document.querySelector('#inspector[data-ref="vnet spoke2"]') !== null`)
	if top := eval[float64](t, b, `new Promise(r => requestAnimationFrame(() => r(document.getElementById('inspector-pane').scrollTop)))`); top != 0 {
		t.Errorf("spoke2's Inspector is shown scrolled by %v px (spoke1's was %v)", top, scrolled)
	}
	// The same resource drawn again (an edit) keeps the scroll.
	eval[float64](t, b, `(document.getElementById('inspector-pane').scrollTop = 60)`)
	trSet(t, b, "#prop-location", "northeurope")
	if top := eval[float64](t, b, `new Promise(r => setTimeout(() => r(document.getElementById('inspector-pane').scrollTop), 300))`); top == 0 {
		t.Error("an edit of the resource shown scrolled its Inspector back to the top")
	}

	// A refused Save brings the field in error into view, the focus in
	// it: at 1280×720 a new route's form is taller than the Inspector, and
	// with Save in view the error next to the prefix, above, was out of
	// sight (Save seemed to do nothing).
	b.resize(t, 1280, 720)
	trSelectNode(t, b, "route-table:rt-spokes")
	trClick(t, b, "#prop-routes-add", "Add route")
	trNeed(t, b, "#item-form", "the new route's form")
	trSet(t, b, "#item-addressPrefix", "10.0.0.0/33")
	trSet(t, b, "#item-nextHopType", "Internet")
	// The user scrolls down to Save, below the form's last field.
	eval[float64](t, b, `(p => p.scrollTop = p.scrollHeight)(document.getElementById('inspector-pane'))`)
	trClick(t, b, "#item-save", "Save route")
	poll[bool](t, b, "the prefix's error", `document.getElementById('item-addressPrefix-err') !== null`)
	inView := `new Promise(r => requestAnimationFrame(() => { const p = document.getElementById('inspector-pane').getBoundingClientRect(),
		e = document.getElementById('item-addressPrefix-err').getBoundingClientRect(); r(e.top >= p.top && e.bottom <= p.bottom); }))`
	if !eval[bool](t, b, inView) || eval[string](t, b, `document.activeElement.id`) != "item-addressPrefix" {
		t.Errorf("after the refused Save the prefix's error is in view: %v, the focus is on %q (want item-addressPrefix)",
			eval[bool](t, b, inView), eval[string](t, b, `document.activeElement.id`))
	}
	b.screenshot(t, "item-form-refused-save")
}

// TestReachICMPAsksNoPort: choosing ICMP in the Reach tab leaves no port
// in the question: the port's error typed for UDP goes, and the walk names
// no port. On the build before, the disabled field kept 99999 and its
// error, and the walk's flow read "Icmp/443".
func TestReachICMPAsksNoPort(t *testing.T) {
	b := requireBrowser(t).builtinApp(t, "hub-spoke-firewall")
	trClick(t, b, "#tab-reach", "the Reach tab")
	trNeed(t, b, "#reach-protocol", "the protocol")
	if !eval[bool](t, b, chooseOptionJS("#reach-protocol", "UDP")) {
		t.Fatal("no UDP")
	}
	trSet(t, b, "#reach-port", "99999")
	trNeed(t, b, "#reach-port-err", "the port's error")
	if !eval[bool](t, b, chooseOptionJS("#reach-protocol", "ICMP")) {
		t.Fatal("no ICMP")
	}
	poll[bool](t, b, "the ICMP title", `document.getElementById('reach-title').textContent.includes('ICMP')`)
	if eval[bool](t, b, `document.getElementById('reach-port-err') !== null`) || eval[string](t, b, `document.getElementById('reach-port').value`) != "" {
		t.Errorf("ICMP chosen, the port still reads %q with its error shown: %v", eval[string](t, b, `document.getElementById('reach-port').value`),
			eval[bool](t, b, `document.getElementById('reach-port-err') !== null`))
	}
	poll[bool](t, b, "a walkable cell", `document.querySelector('#matrix .cell[data-act="walk"]') !== null`)
	eval[bool](t, b, `(document.querySelector('#matrix .cell[data-act="walk"]').click(), true)`)
	flow := poll[string](t, b, "the walk", `(document.querySelector('.walk-flow') || {}).textContent || false`)
	if strings.Contains(flow, "/443") || !strings.Contains(flow, "Icmp") {
		t.Errorf("the ICMP walk's flow reads %q", flow)
	}
}

// TestTabCountsShown: with a component failed at the default window
// size, the What-if and Checks tabs show their counts. On the build
// before, the labels "What if (1)" and "Checks (1)" were cut by their
// ellipsis exactly where the count was ("What …").
func TestTabCountsShown(t *testing.T) {
	b := requireBrowser(t).builtinApp(t, "hub-spoke-firewall")
	trSelectNode(t, b, "vm:firewall")
	trClick(t, b, "#fail-toggle", "Fail")
	// The count is the tab's badge after its label (a flex item the
	// label's ellipsis cannot hide): shown when the badge is displayed.
	countShown := func(id string) string {
		return `(() => { const tab = document.getElementById('` + id + `'); if (!tab) return '';
			const after = getComputedStyle(tab, '::after'), label = tab.querySelector('.tab-label');
			if (after.display === 'none' || after.content === 'none' || !label) return '';
			const l = label.getBoundingClientRect(), b = tab.getBoundingClientRect();
			return l.right < b.right - 10 ? after.content.replaceAll('"', '') : ''; })()`
	}
	if got := poll[string](t, b, "the What-if tab's count", countShown("tab-whatif")+` || false`); got != "1" {
		t.Errorf("the What-if tab shows the count %q, want 1", got)
	}
	b.screenshot(t, "tab-counts")
}

// TestConnectAgainChangesNothing: dragging rt-spokes onto a subnet it is
// already associated with says so and leaves nothing to undo. On the build
// before, it said "Connected rt-spokes to spoke1/app: association" and made
// an undo step that changed nothing.
func TestConnectAgainChangesNothing(t *testing.T) {
	b := requireBrowser(t).builtinApp(t, "hub-spoke-firewall")
	if eval[bool](t, b, `!document.getElementById('undo').disabled`) {
		t.Fatal("Undo is enabled on a design just opened")
	}
	a := &architect{t: t, b: b}
	a.connect("route-table:rt-spokes", "subnet:spoke1/app", "drag rt-spokes onto spoke1/app again")
	n := poll[string](t, b, "the connection's notice", `(() => { const n = document.getElementById('notice'); return n && n.textContent.includes('rt-spokes') ? n.textContent : false; })()`)
	if !strings.Contains(n, "already associated") {
		t.Errorf("the notice says %q", n)
	}
	if eval[bool](t, b, `!document.getElementById('undo').disabled`) {
		t.Error("the association made again left an undo step")
	}
}

// TestLoadBalancerRuleProtocolIsItsOwn (trustworthy editing): a load
// balancer outbound rule's protocol is offered Tcp, Udp and All, shows the
// rule's All, and takes a change and its way back. On the build before,
// the choices were an NSG rule's (*, Tcp, Udp, Icmp, Esp, Ah): the rule's
// All showed as "All (missing)", and choosing it again was refused; the
// public load balancer's subnet read "(missing)", and its frontends'
// button "Add frontend i p configuration".
func TestLoadBalancerRuleProtocolIsItsOwn(t *testing.T) {
	b := requireBrowser(t).builtinApp(t, "internet-web-standard-lb")
	trSelectNode(t, b, "load-balancer:lb-web")
	trNeed(t, b, "#prop-outboundRules-add", "the outbound rules")
	// A public load balancer has no subnet: not a missing one. Its lists'
	// Add buttons name their element in words.
	if got := eval[string](t, b, `(s => s ? s.options[s.selectedIndex].text : '(no field)')(document.getElementById('prop-subnet'))`); got != "(none)" {
		t.Errorf("the public load balancer's subnet shows %q, want (none)", got)
	}
	if got := eval[string](t, b, `document.getElementById('prop-frontendIPConfigurations-add').textContent`); got != "Add frontend IP configuration" {
		t.Errorf("the frontends' button reads %q", got)
	}
	eval[bool](t, b, `(document.getElementById('prop-outboundRules-add').closest('fieldset').querySelector('.item-row .item-edit').click(), true)`)
	trNeed(t, b, "#item-protocol", "the outbound rule's form")
	choices := eval[string](t, b, `[...document.getElementById('item-protocol').options].map(o => o.text).join(',')`)
	shown := eval[string](t, b, `(s => s.options[s.selectedIndex].text)(document.getElementById('item-protocol'))`)
	if choices != "(default: All),Tcp,Udp,All" || shown != "All" {
		t.Fatalf("the outbound rule's protocol offers %q and shows %q, want (default: All),Tcp,Udp,All showing All", choices, shown)
	}
	for _, p := range []string{"Tcp", "All"} {
		if !eval[bool](t, b, chooseOptionJS("#item-protocol", p)) {
			t.Fatalf("no choice %s", p)
		}
		trClick(t, b, "#item-save", "Save")
		trSaved(t, b, "the protocol "+p, `d.topology.loadBalancers.find(l => l.id === 'lb-web').outboundRules[0].protocol === `+trJS(p))
		if p == "Tcp" {
			eval[bool](t, b, `(document.getElementById('prop-outboundRules-add').closest('fieldset').querySelector('.item-row .item-edit').click(), true)`)
			trNeed(t, b, "#item-protocol", "the outbound rule's form again")
		}
	}
	b.noConsoleErrors(t)
}
