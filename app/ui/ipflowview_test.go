//go:build !(js && wasm)

package ui

import (
	"strings"
	"testing"

	"vnetplay/app/canvas"
	"vnetplay/app/kinds"
	"vnetplay/app/workspace"
)

// TestIPFlowVerifyPanel: the Routes tab holds IP flow verify under Next
// hop; it starts from a NIC of the selected subnet and shows Allow or Deny
// with the deciding rule once the ports are typed.
func TestIPFlowVerifyPanel(t *testing.T) {
	l := shellWith(t, "nsg-evaluation-order")
	l.do(workspace.Select{Key: canvas.Key(kinds.Subnet, "vnet/app")})
	html := l.html()
	for _, want := range []string{`id="ipflow"`, `id="ipf-nic"`, `<option value="app/nic0" selected`, `id="ipf-dir"`, `id="ipf-proto"`, `id="ipf-local"`, `id="ipf-remote"`} {
		if !strings.Contains(html, want) {
			t.Errorf("the IP flow verify tool lacks %s", want)
		}
	}
	if strings.Contains(html, `id="ipf-answer"`) {
		t.Error("an answer before the question was typed")
	}
	l.do(workspace.IPFlowSet{Field: workspace.IPFlowLocal, NIC: "app/nic0", Value: "443"})
	l.do(workspace.IPFlowSet{Field: workspace.IPFlowRemote, NIC: "app/nic0", Value: "10.10.1.5:50000"})
	html = l.html()
	if !strings.Contains(html, `class="nh-answer ipf-deny"`) || !strings.Contains(html, "Access Deny: securityRules/deny-https-from-web2 of nsg-app-nic") {
		t.Errorf("web2 → app:443 is not shown denied by the NIC's rule:\n%s", textOf(html[strings.Index(html, `id="ipflow"`):]))
	}
	if code := ruleCodeIn(textOf(html)); code != "" {
		t.Errorf("a rule code on screen: %q", code)
	}
}

// TestIPFlowFieldErrorsShowAtOnce: a bad remote IP alone is said under
// its field, and the field is marked invalid, before the local port is
// typed (as the Reach panel's port says its problem).
func TestIPFlowFieldErrorsShowAtOnce(t *testing.T) {
	l := shellWith(t, "nsg-evaluation-order")
	l.do(workspace.Select{Key: canvas.Key(kinds.Subnet, "vnet/app")})
	l.do(workspace.IPFlowSet{Field: workspace.IPFlowRemote, NIC: "app/nic0", Value: "10.10.1.999:50000"})
	html := l.html()
	if !strings.Contains(html, `id="ipf-remote-err"`) || !strings.Contains(html, `&#34;10.10.1.999&#34; is not an IP address`) {
		t.Errorf("a bad remote IP alone is not said under its field:\n%s", textOf(html[strings.Index(html, `id="ipflow"`):]))
	}
	if strings.Contains(html, `id="ipf-local-err"`) {
		t.Error("the empty local port has a problem")
	}
}
