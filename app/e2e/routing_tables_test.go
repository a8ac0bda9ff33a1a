//go:build e2e

package e2e

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// countRowsCreatedJS wraps document.createElement to count, from now on,
// the table rows, cells and buttons created one by one
// (window.rowsCreated) and the options (window.optionsCreated).
const countRowsCreatedJS = `(() => {
	window.rowsCreated = 0;
	window.optionsCreated = 0;
	if (!window.rowsCounted) {
		window.rowsCounted = true;
		const create = document.createElement;
		document.createElement = function (tag, ...rest) {
			if (/^(tr|td|th|button)$/i.test(tag)) { window.rowsCreated++; }
			if (/^(option|optgroup)$/i.test(tag)) { window.optionsCreated++; }
			return create.call(this, tag, ...rest);
		};
	}
	return true;
})()`

// TestRoutingTablesMountedWhole (issue 12: a circuit failed and restored
// answered within a frame or two): the Routes tab's tables — a BGP
// speaker's Loc-RIB and its neighbors' paths, a subnet's effective routes
// — are drawn from their markup, not a row and a cell at a time. Before,
// go-app made an element, a JavaScript value and a finalizer for each
// cell: restoring the hub's circuit at 100 VNets drew ~500 rows so, 60–100
// ms of its answer. The tables still read as before: headed columns, the
// caption, each best path's reason as its row's tooltip, a route's reason
// under it.
func TestRoutingTablesMountedWhole(t *testing.T) {
	b := heldWorkerApp(t, "er-vpn-coexistence")
	rows := `document.querySelectorAll('#tabpanel tbody tr').length`
	intact := failCircuitWithTables(t, b, rows)

	eval[bool](t, b, countRowsCreatedJS)
	trClick(t, b, "#fail-toggle", "restore the circuit")
	poll[bool](t, b, "the restored circuit's tables", paneSettled+` && `+failLabel+` === 'Fail' && `+rows+` === `+strconv.Itoa(intact))
	if n := eval[int](t, b, `window.rowsCreated`); n != 0 {
		t.Fatalf("restoring the circuit created %d table rows and cells one by one (its tables have %d rows)", n, intact)
	}
	head := eval[string](t, b, `[...document.querySelectorAll('#bgp-rib thead th[scope="col"]')].map(th => th.textContent).join('|')`)
	if head != "Network|Next hop|AS path|From" {
		t.Errorf("the Loc-RIB's head reads %q", head)
	}
	if c := eval[string](t, b, `(document.querySelector('#bgp-rib caption') || {textContent: ''}).textContent`); c != "Best paths (Loc-RIB) of er-circuit" {
		t.Errorf("the Loc-RIB's caption reads %q", c)
	}
	if why := eval[string](t, b, `(document.querySelector('#bgp-rib tbody tr') || {title: ''}).title`); why == "" {
		t.Error("a best path has no tooltip saying why it won")
	}
	if n := eval[int](t, b, `document.querySelectorAll('#tabpanel .neighbor table.bgp-paths tbody tr').length`); n == 0 {
		t.Error("no neighbor's advertised or received paths drawn")
	}

	eval[bool](t, b, countRowsCreatedJS)
	trSelectNode(t, b, "subnet:hub/app")
	routes := `document.querySelectorAll('#routes tbody tr.route').length`
	poll[bool](t, b, "the subnet's effective routes", paneSettled+` && `+routes+` > 2`)
	if n := eval[int](t, b, `window.rowsCreated`); n != 0 {
		t.Fatalf("the subnet's effective routes created %d table rows and cells one by one", n)
	}
	first := eval[string](t, b, `[...document.querySelectorAll('#routes tbody tr')].slice(0, 2).map(tr => tr.className + ':' + tr.cells.length + ':' + (tr.cells[0].colSpan || 1)).join('|')`)
	if f := strings.Split(first, "|"); len(f) != 2 || !strings.HasPrefix(f[0], "route state-") || !strings.HasSuffix(f[0], ":5:1") || !strings.HasPrefix(f[1], "why state-") || !strings.HasSuffix(f[1], ":1:5") {
		t.Errorf("the first route and its reason read %q, want five cells then one spanning five", first)
	}
	b.screenshot(t, "routing-tables-mounted-whole")
	b.noConsoleErrors(t)
}

// TestReachMatrixMountedWhole (issue 12: big designs stay readable and
// live): the Reach matrix is drawn from its markup, its cells answered by
// one handler that reads the clicked cell. Before, switching to the Reach
// tab mounted every cell as its own button with its own handler (1,600 at
// 40 × 40 groups: ~200 ms at 100 VNets, each time). A click and the Enter
// key on a cell still show its walk; the picked cell is marked in place,
// the same element, so the focus stays on it; the mark moves with the
// next pick.
func TestReachMatrixMountedWhole(t *testing.T) {
	h := requireBrowser(t)
	b := h.openApp(t)
	b.openBuiltin(t, "hub-spoke-firewall")
	poll[bool](t, b, "the design analysed", paneSettled)
	eval[bool](t, b, countRowsCreatedJS)
	trClick(t, b, "#tab-reach", "open the Reach tab")
	poll[bool](t, b, "the matrix", paneSettled+` && document.querySelectorAll('#matrix .cell').length > 4`)
	if n := eval[int](t, b, `window.rowsCreated`); n != 0 {
		t.Fatalf("the Reach tab created %d table rows, cells and buttons one by one", n)
	}

	cell := `#matrix .cell[data-from="vm1/nic0"][data-to="vm2/nic0"]`
	eval[bool](t, b, `(window.pickedCell = document.querySelector('`+cell+`'), window.pickedCell !== null)`)
	trClick(t, b, cell, "click the vm1 → vm2 cell")
	first := poll[string](t, b, "the vm1 → vm2 walk", `(() => { const w = document.getElementById('walk'); const f = w && w.querySelector('.hops > li'); return f ? f.textContent : false; })()`)
	if !strings.Contains(first, "vm1/nic0") {
		t.Errorf("the walk opened by the vm1 → vm2 cell starts at %q", first)
	}
	poll[bool](t, b, "the clicked cell marked in place", `window.pickedCell.isConnected && window.pickedCell.classList.contains('cell-picked') && document.activeElement === window.pickedCell && document.querySelectorAll('#matrix .cell-picked').length === 1`)

	// Another cell from the keyboard: the focus on it, Enter.
	other := eval[string](t, b, `(() => { const c = [...document.querySelectorAll('#matrix .cell[data-act="walk"]')].find(c => c.dataset.from !== 'vm1/nic0'); c.focus(); window.otherCell = c; return c.dataset.from + ' ' + c.dataset.to; })()`)
	b.do(t, "Enter on "+other, chromedp.KeyEvent(kb.Enter))
	from := strings.Fields(other)[0]
	poll[bool](t, b, "the walk of "+other, `(() => { const w = document.getElementById('walk'); const f = w && w.querySelector('.hops > li'); return !!f && f.textContent.includes(`+strconv.Quote(from)+`); })()`)
	poll[bool](t, b, "the mark moved to "+other, `window.otherCell.classList.contains('cell-picked') && !window.pickedCell.classList.contains('cell-picked') && document.querySelectorAll('#matrix .cell-picked').length === 1`)

	// Back to the Routes tab: its tools' lists of NICs are markup too, and
	// a choice keeps the select (and the focus on it).
	eval[bool](t, b, countRowsCreatedJS)
	trClick(t, b, "#tab-routes", "open the Routes tab")
	poll[bool](t, b, "the next hop tool's list", `(document.getElementById('nh-from') || {options: []}).options.length > 2`)
	// Options of the tools' lists of NICs are not created one by one: those
	// created are the other selects' (a protocol, a record type).
	lists := `['nh-from', 'ipf-nic', 'res-from'].map(id => document.getElementById(id)).filter(s => s).reduce((n, s) => n + s.options.length, 0)`
	if created, inLists, all := eval[int](t, b, `window.optionsCreated`), eval[int](t, b, lists), eval[int](t, b, `document.querySelectorAll('#tabpanel option').length`); inLists == 0 || created > all-inLists {
		t.Fatalf("the Routes tab created %d options one by one; its lists of NICs hold %d of its %d options", created, inLists, all)
	}
	chosen := eval[string](t, b, `(() => { const s = document.getElementById('nh-from'); window.nhFrom = s; s.focus();
		const o = [...s.options].find(o => !o.selected); s.value = o.value; s.dispatchEvent(new Event('change', {bubbles: true})); return o.value; })()`)
	poll[bool](t, b, "the choice "+chosen+" kept", `(async () => { await new Promise(r => requestAnimationFrame(r)); await new Promise(r => requestAnimationFrame(r));
		const s = document.getElementById('nh-from'); return s === window.nhFrom && s.value === `+strconv.Quote(chosen)+` && document.activeElement === s
			&& s.querySelectorAll('option[selected]').length === 1 && s.querySelector('option[selected]').value === `+strconv.Quote(chosen)+`; })()`)
	b.screenshot(t, "reach-matrix-mounted-whole")
	b.noConsoleErrors(t)
}

// TestStaticTunnelIsNoBGPNeighbor: a VPN gateway without BGP, with a
// static site-to-site tunnel, lists that tunnel as static, not as a BGP
// neighbor. On the build before, it read "Neighbor dc (AS 0): 0
// advertised, 0 received" under "no BGP (static routes only)", its
// Inspector showed an ASN of 0, and so did the site's, which runs no BGP.
func TestStaticTunnelIsNoBGPNeighbor(t *testing.T) {
	b := requireBrowser(t).builtinApp(t, "private-endpoint-dns-hub-resolver")
	trSelectNode(t, b, "vpn-gateway:hub-vpngw")
	poll[bool](t, b, "the gateway's tables", `document.getElementById('bgp-title') !== null && document.querySelector('#bgp .neighbor') !== null`)
	got := eval[string](t, b, `document.querySelector('#bgp .neighbor').textContent`)
	if !strings.HasPrefix(got, "Static tunnel with dc") || strings.Contains(got, "AS 0") {
		t.Errorf("the static tunnel reads %q", got)
	}
	// Nor does its Inspector give it an ASN of 0: bgpSettings is unset.
	if asn := eval[string](t, b, `(document.getElementById('prop-bgpSettings-asn') || {value: '(no field)'}).value`); asn != "" {
		t.Errorf("the gateway without bgpSettings shows the ASN %q", asn)
	}
	// The field says what Azure does when it is left empty.
	if hint := eval[string](t, b, `(document.getElementById('prop-bgpSettings-asn') || {}).placeholder || ''`); !strings.Contains(hint, "65515") {
		t.Errorf("the gateway's empty ASN field hints %q, want Azure's 65515", hint)
	}
	// The site at the tunnel's other end runs no BGP: no ASN either, and
	// its field says so.
	trSelectNode(t, b, "on-prem:dc")
	poll[bool](t, b, "the site's Inspector", `document.getElementById('prop-asn') !== null`)
	if asn := eval[string](t, b, `document.getElementById('prop-asn').value`); asn != "" {
		t.Errorf("the site without BGP shows the ASN %q", asn)
	}
	if hint := eval[string](t, b, `document.getElementById('prop-asn').placeholder`); !strings.Contains(hint, "no BGP") {
		t.Errorf("the site's empty ASN field hints %q, want it to say the site runs no BGP", hint)
	}
	if hint := eval[string](t, b, `document.getElementById('prop-advertisedPrefixes').placeholder`); !strings.Contains(hint, "addressPrefixes") {
		t.Errorf("the site's empty advertised prefixes hint %q, want its address prefixes as the default", hint)
	}
	b.noConsoleErrors(t)
}

// TestEffectiveRoutesFitThePanel: a subnet's effective routes, with routes
// from a gateway, are read whole in the side panel at its default width.
// On the build before, "VirtualNetworkGateway" (a route's source and its
// next hop type) could not wrap, the table was 549 pixels wide in a
// 385-pixel panel, and the next hop columns were off its right edge.
func TestEffectiveRoutesFitThePanel(t *testing.T) {
	h := requireBrowser(t)
	b := h.openApp(t)
	b.openBuiltin(t, "er-vpn-coexistence")
	trSelectNode(t, b, "subnet:spoke/app")
	trClick(t, b, "#tab-routes", "open the Routes tab")
	poll[bool](t, b, "the gateway's routes", `[...document.querySelectorAll('table.routes tr.route td')].some(td => td.textContent === 'VirtualNetworkGateway')`)
	fit := eval[map[string]float64](t, b, `(() => { const w = document.querySelector('table.routes').parentElement;
		const p = document.getElementById('routes-title').getBoundingClientRect();
		const last = [...document.querySelectorAll('table.routes th')].pop().getBoundingClientRect();
		return {client: w.clientWidth, scroll: w.scrollWidth, right: last.right, panel: p.right}; })()`)
	if fit["scroll"] > fit["client"]+1 || fit["right"] > fit["panel"]+1 {
		b.screenshot(t, "routes-too-wide")
		t.Errorf("the effective routes are %.0f pixels wide in a %.0f-pixel panel (the last column ends at %.0f, the panel at %.0f)",
			fit["scroll"], fit["client"], fit["right"], fit["panel"])
	}
	hops := eval[string](t, b, `[...new Set([...document.querySelectorAll('table.routes tr.route')].map(r => r.children[3].textContent))].sort().join(' ')`)
	if hops != "Internet None VNetPeering VirtualNetworkGateway VnetLocal" {
		t.Errorf("the next hop types read %q", hops)
	}
	b.noConsoleErrors(t)
}

// TestBGPTablesOfAnActiveActiveGatewayReadWhole: an active-active VPN
// gateway with two BGP sessions to one site (s2s-policy-vs-route-based's
// dc-gw) shows its best paths inside the side panel, and its two sessions
// apart. On the build before, the two ECMP next hops could not wrap, the
// whole tab scrolled sideways with the "From" column off its edge, and
// both sessions read "Neighbor dc (AS 65050)".
func TestBGPTablesOfAnActiveActiveGatewayReadWhole(t *testing.T) {
	h := requireBrowser(t)
	b := h.openApp(t)
	b.openBuiltin(t, "s2s-policy-vs-route-based")
	trSelectNode(t, b, "vpn-gateway:dc-gw")
	trClick(t, b, "#tab-routes", "open the Routes tab")
	poll[bool](t, b, "dc-gw's best paths", `document.querySelectorAll('#bgp-rib tbody tr').length === 2`)
	fit := eval[map[string]float64](t, b, `(() => { const tp = document.getElementById('tabpanel');
		const from = [...document.querySelectorAll('#bgp-rib th')].pop().getBoundingClientRect();
		return {scroll: tp.scrollWidth, client: tp.clientWidth, right: from.right, panel: tp.getBoundingClientRect().right}; })()`)
	if fit["scroll"] > fit["client"]+1 || fit["right"] > fit["panel"]+1 {
		b.screenshot(t, "bgp-too-wide")
		t.Errorf("dc-gw's BGP tables are %.0f pixels wide in a %.0f-pixel tab (the From column ends at %.0f, the tab at %.0f)",
			fit["scroll"], fit["client"], fit["right"], fit["panel"])
	}
	b.screenshot(t, "bgp-active-active")
	sums := eval[[]string](t, b, `[...document.querySelectorAll('#bgp details.neighbor summary')].map(s => s.textContent)`)
	if len(sums) != 2 || sums[0] == sums[1] || !strings.Contains(sums[0], "dc-s2s-1") || !strings.Contains(sums[1], "dc-s2s-2") {
		t.Errorf("dc-gw's two sessions with site dc read %q; want them told apart by their connections dc-s2s-1 and dc-s2s-2", sums)
	}
	b.noConsoleErrors(t)
}

// TestChecksReadInsideThePanel: the Checks tab of
// internet-web-standard-lb, whose finding points at a long property path
// (virtualMachines[admin1].networkInterfaces[nic0].networkSecurityGroup),
// reads inside the side panel. On the build before, the path could not
// wrap, the finding was 510 pixels wide in a 413-pixel tab, and the whole
// tab scrolled sideways, cutting the finding's words at its right edge.
func TestChecksReadInsideThePanel(t *testing.T) {
	h := requireBrowser(t)
	b := h.openApp(t)
	b.openBuiltin(t, "internet-web-standard-lb")
	trClick(t, b, "#tab-checks", "open the Checks tab")
	poll[bool](t, b, "the finding's path", `[...document.querySelectorAll('.diag-path')].some(p => p.textContent.includes('networkInterfaces[nic0]'))`)
	fit := eval[map[string]float64](t, b, `(() => { const tp = document.getElementById('tabpanel');
		return {scroll: tp.scrollWidth, client: tp.clientWidth}; })()`)
	if fit["scroll"] > fit["client"]+1 {
		b.screenshot(t, "checks-too-wide")
		t.Errorf("the Checks tab is %.0f pixels wide in a %.0f-pixel panel", fit["scroll"], fit["client"])
	}
	// Every expectation's words start in one column, after its mark: a
	// long explanation squeezed the mark of its row on the build before.
	poll[bool](t, b, "the expectations", trCountJS(`#checks li.check > div`)+` === 7`)
	starts := eval[[]float64](t, b, `[...new Set([...document.querySelectorAll('#checks li.check > div')].map(d => Math.round(d.getBoundingClientRect().x)))]`)
	if len(starts) != 1 {
		t.Errorf("the expectations' texts start at %v, not in one column", starts)
	}
	b.noConsoleErrors(t)
}
