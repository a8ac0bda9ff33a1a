//go:build e2e

package e2e

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// inspectorFieldsJS reads the Inspector's text fields as "id=value" lines.
const inspectorFieldsJS = `[...document.querySelectorAll('#inspector input[type="text"]')].map(i => i.id + '=' + i.value).join('\n')`

// TestInspectorShowsTheNextResourcesValues (trustworthy editing): after
// one resource, the Inspector's fields show the next one's values, empty
// ones empty. Before, go-app kept the value a reused field showed when the
// new one was empty: selecting a subnet after a circuit showed the
// circuit's peer address prefix as the subnet's service endpoints, and its
// export prefix list as the subnet's private endpoint network policies
// (a change there would have saved them). A field being typed in keeps
// what is typed when the panel is drawn again (an answer of the worker).
func TestInspectorShowsTheNextResourcesValues(t *testing.T) {
	b := heldWorkerApp(t, "er-vpn-coexistence")
	trSelectNode(t, b, "er-circuit:er-circuit")
	poll[bool](t, b, "the circuit's fields", `(document.getElementById('prop-primaryPeerAddressPrefix') || {}).value === '172.16.0.0/30'`)
	trSelectNode(t, b, "subnet:hub/app")
	time.Sleep(300 * time.Millisecond) // the panel drawn, and what follows it
	for id, want := range map[string]string{"prop-addressPrefix": "10.0.1.0/24", "prop-serviceEndpoints": "", "prop-privateEndpointNetworkPolicies": ""} {
		if got := eval[string](t, b, `(document.getElementById('`+id+`') || {value: '(missing)'}).value`); got != want {
			t.Errorf("the subnet's %s shows %q, want %q (fields:\n%s)", id, got, want, eval[string](t, b, inspectorFieldsJS))
		}
	}

	// Typing in an empty field while the panel is drawn again.
	eval[bool](t, b, `(window.holdWorker = true)`)
	trSelectNode(t, b, "subnet:hub/GatewaySubnet")
	poll[bool](t, b, "GatewaySubnet's fields", `(document.getElementById('prop-serviceEndpoints') || {}).value === ''`)
	b.do(t, "type into serviceEndpoints", chromedp.Focus("#prop-serviceEndpoints"), chromedp.SendKeys("#prop-serviceEndpoints", "Microsoft.Sto"))
	eval[bool](t, b, `window.releaseWorker()`)
	poll[bool](t, b, "the answers drawn", paneSettled)
	time.Sleep(200 * time.Millisecond)
	if got := eval[string](t, b, `document.getElementById('prop-serviceEndpoints').value`); got != "Microsoft.Sto" {
		t.Fatalf("what was typed in an empty field became %q when the panel was drawn again", got)
	}
	b.noConsoleErrors(t)
}
