//go:build e2e && !(js && wasm)

package e2e

import (
	"strings"
	"testing"
)

// TestNamesFromThePaletteInChromium builds a private endpoint and its DNS
// with the pointer only: two peered VNets, a VM in the first, a private
// endpoint dragged into the second's subnet (a chip there), a private DNS
// zone dragged onto the canvas and joined to the endpoint (its zone group)
// and to both VNets by dragging from the zone's handle; the Names tab then
// shows the VM resolving the storage name to the endpoint's private
// address. A DNS private resolver dropped on the first VNet shows its two
// endpoints as chips in their new subnets, and a record set with its A
// record's address is added in the Inspector and answers at once.
func TestNamesFromThePaletteInChromium(t *testing.T) {
	h := requireBrowser(t)
	b := h.openApp(t)
	a := &architect{t: t, b: b}
	c := trRect(t, b, "#canvas")
	a.dragPalette("vnet", c.X+24, c.Y+40, "drag a virtual network (vnet1)")
	a.want("vnet1", exists("vnet:vnet1"))
	a.dragPalette("vnet", c.X+420, c.Y+40, "drag a virtual network (vnet2)")
	a.want("vnet2", exists("vnet:vnet2"))
	a.connect("vnet:vnet1", "vnet:vnet2", "peer vnet1 with vnet2")
	a.want("the peering", exists("peering:vnet1-vnet2"))

	sub1 := trRect(t, b, `[data-key="subnet:vnet1/default"] > .node-box`)
	a.dragPalette("vm", sub1.cx(), sub1.cy(), "drag a VM into vnet1's subnet")
	a.want("vm1", exists("vm:vm1"))
	sub2 := trRect(t, b, `[data-key="subnet:vnet2/default"] > .node-box`)
	a.dragPalette("private-endpoint", sub2.cx(), sub2.cy(), "drag a private endpoint into vnet2's subnet")
	a.want("pe1 as a chip in vnet2/default", exists("private-endpoint:pe1")+` && (() => {
			const s = document.querySelector('[data-key="subnet:vnet2/default"] > .node-box').getBoundingClientRect(),
			p = document.querySelector('[data-key="private-endpoint:pe1"] > .node-box').getBoundingClientRect();
			return p.left >= s.left && p.right <= s.right && p.top >= s.top && p.bottom <= s.bottom; })()`)

	v1 := trRect(t, b, `[data-key="vnet:vnet1"] > .node-box`)
	a.dragPalette("dns-zone", v1.X, v1.Y+v1.H+60, "drag a private DNS zone under vnet1")
	const zone = "dns-zone:privatelink.blob.core.windows.net"
	a.want("the blob privatelink zone", exists(zone))
	a.connect(zone, "private-endpoint:pe1", "join the zone to pe1 (its zone group)")
	a.want("the zone group edge", exists("assoc:"+zone+">private-endpoint:pe1"))
	a.connect(zone, "vnet:vnet1", "link the zone to vnet1")
	a.want("the link to vnet1", exists("assoc:"+zone+">vnet:vnet1"))

	trClick(t, b, "#tab-names", "open the Names tab")
	const blob = "stpe1.blob.core.windows.net"
	cell := `#names-matrix .cell[data-from="vm1/nic0"][data-name="` + blob + `"]`
	got := poll[string](t, b, "vm1's cell for "+blob, `(() => { const e = document.querySelector(`+quote(cell)+`);
		return e && e.dataset.tone === 'ok' ? e.textContent : false; })()`)
	if got != "10.1.0.4" {
		t.Errorf("vm1 resolves %s to %q, want the endpoint's 10.1.0.4", blob, got)
	}

	hub := trRect(t, b, `[data-key="vnet:vnet1"] > .node-box`)
	a.dragPalette("dns-resolver", hub.cx(), hub.Y+20, "drag a DNS private resolver onto vnet1")
	a.want("the resolver's endpoints as chips", exists("dns-endpoint:dnsr1/in")+" && "+exists("dns-endpoint:dnsr1/out")+" && "+exists("dns-resolver:dnsr1"))
	in := eval[string](t, b, `document.querySelector('[data-key="dns-endpoint:dnsr1/in"] .node-detail').textContent`)
	if !strings.HasPrefix(in, "inbound 10.0.") {
		t.Errorf("the inbound endpoint chip says %q, want its address in vnet1", in)
	}

	// A record set and its A record, in the Inspector.
	a.clickNode(zone, "select the zone")
	a.want("the zone in the Inspector", `document.querySelector('#inspector[data-ref="dns-zone privatelink.blob.core.windows.net"]') !== null`)
	a.click("#prop-recordSets-add", "click Add record set")
	a.want("the record set form", `document.getElementById('item-form') !== null`)
	a.typeInto("#item-name", "backup", "type the record set's name")
	a.typeInto("#item-type", "A", "type A")
	a.typeInto("#item-aRecords", "10.1.0.9", "type the record's address")
	a.click("#item-save", "click Save record set")
	a.want("the record set saved", `document.getElementById('item-form') === null &&
		Array.from(document.querySelectorAll('#inspector .item-summary')).some(e => e.textContent.includes('10.1.0.9'))`)
	b.screenshot(t, "names-palette")
	cell2 := `#names-matrix .cell[data-from="vm1/nic0"][data-name="backup.privatelink.blob.core.windows.net"]`
	trClick(t, b, "#tab-names", "back to the Names tab")
	got = poll[string](t, b, "vm1's cell for the new record", `(() => { const e = document.querySelector(`+quote(cell2)+`);
		return e && e.dataset.tone === 'ok' ? e.textContent : false; })()`)
	if got != "10.1.0.9" {
		t.Errorf("vm1 resolves the new record to %q, want 10.1.0.9", got)
	}
	if a.actions > 20 {
		t.Errorf("%d actions: %v", a.actions, a.log)
	}
}
