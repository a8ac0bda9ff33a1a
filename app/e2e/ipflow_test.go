//go:build e2e

package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestIPFlowVerify: in the NSG design, IP flow verify under the Routes tab
// answers as the user types: web2's HTTPS to the app VM is denied by the
// app NIC's rule, web1's is allowed.
func TestIPFlowVerify(t *testing.T) {
	h := requireBrowser(t)
	b := h.openApp(t)
	b.openBuiltin(t, "nsg-evaluation-order")
	b.do(t, "open the Routes tab", chromedp.Click(chromedp.ID("tab-routes")))
	trNeed(t, b, "#ipflow", "IP flow verify")
	trSet(t, b, "#ipf-nic", "app/nic0")
	trSet(t, b, "#ipf-local", "443")
	trSet(t, b, "#ipf-remote", "10.10.1.5:50000")
	got := poll[string](t, b, "the answer", `(document.getElementById('ipf-access') || {}).textContent || false`)
	if got != "Access Deny: securityRules/deny-https-from-web2 of nsg-app-nic" {
		t.Errorf("web2 → app:443: %q", got)
	}
	trSet(t, b, "#ipf-remote", "10.10.1.4:50000")
	poll[bool](t, b, "web1 allowed", `/^Access Allow/.test((document.getElementById('ipf-access') || {}).textContent || '')`)
	b.do(t, "scroll to the tool", chromedp.Evaluate[chromedp.Void](`document.getElementById('ipflow').scrollIntoView()`))
	b.screenshot(t, "ipflow")
	b.noConsoleErrors(t)
}
