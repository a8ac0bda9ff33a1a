//go:build e2e && !(js && wasm)

package e2e

import (
	"strings"
	"testing"
)

// TestHybridBuiltFromThePaletteIsValid builds a hybrid hub as an architect
// does, from the palette and by connecting handles only: an ExpressRoute
// gateway and circuit, an on-premises site linked to the circuit. Each
// gesture must leave a design the engine accepts. On the build before,
// linking the circuit to a new site left the error "site site1 has no ASN;
// private peering is BGP": the gesture made a link that cannot work, and
// the user had to find the site's ASN field and invent a number.
func TestHybridBuiltFromThePaletteIsValid(t *testing.T) {
	h := requireBrowser(t)
	b := h.openApp(t)
	c := trRect(t, b, "#canvas")
	trAddVNet(t, b, c.X+30, c.Y+30, "vnet1")
	hub := trRect(t, b, `[data-key="vnet:vnet1"] > .node-box`)
	trDragTo(t, b, "er-gateway", hub.X+hub.W/2, hub.Y+20)
	trNeed(t, b, `[data-key="er-gateway:ergw1"]`, "the ExpressRoute gateway")
	trDragTo(t, b, "er-circuit", c.X+500, c.Y+40)
	trNeed(t, b, `[data-key="er-circuit:circuit1"]`, "the circuit")
	trDragTo(t, b, "on-prem", c.X+500, c.Y+300)
	trNeed(t, b, `[data-key="on-prem:site1"]`, "the site")
	a := &architect{t: t, b: b}
	a.connect("er-gateway:ergw1", "er-circuit:circuit1", "connect ergw1 to circuit1")
	a.want("the ExpressRoute connection", exists("connection:ergw1-to-circuit1"))
	a.connect("er-circuit:circuit1", "on-prem:site1", "link circuit1 to site1")
	a.want("the circuit link", exists("circuit:circuit1"))
	notice := eval[string](t, b, `(document.getElementById('notice') || {}).textContent || ''`)
	if !strings.Contains(notice, "AS 65001") {
		t.Errorf("the link's notice %q does not say the site now speaks BGP as the circuit's peer ASN", notice)
	}

	trClick(t, b, "#tab-checks", "open the Checks tab")
	// The diagnostics are drawn (a list, or the line saying there is none)
	// before they are read: an empty read must mean no error, not "not yet".
	poll[bool](t, b, "the diagnostics", `document.querySelector('#diagnostics li, #no-diagnostics') !== null`)
	errs := eval[string](t, b, `[...document.querySelectorAll('#diagnostics li')].map(l => l.textContent).filter(s => /error/i.test(s)).join(' | ')`)
	if errs != "" {
		b.screenshot(t, "hybrid-built-errors")
		t.Errorf("the design built from the palette has errors: %s", errs)
	}
	trSelectNode(t, b, "on-prem:site1")
	if asn := eval[string](t, b, `(document.getElementById('prop-asn') || {}).value || ''`); asn != "65001" {
		t.Errorf("site1's ASN field reads %q, want 65001 (circuit1's peer ASN)", asn)
	}
	b.noConsoleErrors(t)
}
