//go:build e2e

package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// openIPFlow opens the NSG design and IP flow verify under the Routes
// tab, with the app VM's NIC chosen.
func openIPFlow(t *testing.T) *browser {
	t.Helper()
	b := requireBrowser(t).openApp(t)
	b.openBuiltin(t, "nsg-evaluation-order")
	b.do(t, "open the Routes tab", chromedp.Click(chromedp.ID("tab-routes")))
	trNeed(t, b, "#ipflow", "IP flow verify")
	trSet(t, b, "#ipf-nic", "app/nic0")
	return b
}

// TestIPFlowVerify: in the NSG design, IP flow verify under the Routes tab
// answers as the user types: web2's HTTPS to the app VM is denied by the
// app NIC's rule, web1's is allowed.
func TestIPFlowVerify(t *testing.T) {
	b := openIPFlow(t)
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

// TestIPFlowSaysABadRemoteAtOnce: a bad remote IP typed before the local
// port is said under the remote field at once (it said nothing until the
// local port was typed too), and a well-formed question answers again.
func TestIPFlowSaysABadRemoteAtOnce(t *testing.T) {
	b := openIPFlow(t)
	trSet(t, b, "#ipf-remote", "10.10.1.999:50000")
	got := poll[string](t, b, "the remote's problem", `(document.getElementById('ipf-remote-err') || {}).textContent || false`)
	if got != `"10.10.1.999" is not an IP address` {
		t.Errorf("the remote's problem: %q", got)
	}
	if eval[string](t, b, `document.getElementById('ipf-remote').getAttribute('aria-invalid')`) != "true" {
		t.Error("the remote field is not marked invalid")
	}
	b.do(t, "scroll to the tool", chromedp.Evaluate[chromedp.Void](`document.getElementById('ipflow').scrollIntoView()`))
	b.screenshot(t, "ipflow-bad-remote")
	trSet(t, b, "#ipf-local", "443")
	trSet(t, b, "#ipf-remote", "10.10.1.5:50000")
	poll[bool](t, b, "the problem gone and the answer shown", `document.getElementById('ipf-remote-err') === null &&
		/^Access Deny/.test((document.getElementById('ipf-access') || {}).textContent || '')`)
	b.noConsoleErrors(t)
}
