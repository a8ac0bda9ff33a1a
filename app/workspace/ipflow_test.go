package workspace

import (
	"strings"
	"testing"

	"vnetplay/app/kinds"
	"vnetplay/app/store"
)

// TestIPFlowVerifyTool: the tool answers by the NSGs of the NIC and its
// subnet in Azure's order (inbound the subnet's, then the NIC's), names
// the rule and NSG that decided, says what to fix in a malformed question,
// follows a rename of its VM, and is answered again after an edit of an
// NSG (the built-in nsg-evaluation-order design: the app subnet allows
// HTTPS from the web subnet and denies SSH; the app NIC denies HTTPS from
// web2 at 10.10.1.5).
func TestIPFlowVerifyTool(t *testing.T) {
	w, _ := open(t, "nsg-evaluation-order")
	if a := w.IPFlowAnswer(); a.Asked {
		t.Fatalf("answered before the question was typed: %+v", a)
	}
	set := func(f IPFlowField, v string) { w.Do(IPFlowSet{Field: f, NIC: "app/nic0", Value: v}) }
	set(IPFlowLocal, "443")
	for _, tc := range []struct {
		remote, local string
		allowed       bool
		text          string // in the answer
	}{
		{"10.10.1.5:50000", "443", false, "securityRules/deny-https-from-web2 of nsg-app-nic"},
		{"10.10.1.4:50000", "443", true, "Access Allow"},
		{"10.10.1.4:50000", "10.10.2.4:22", false, "securityRules/deny-ssh of nsg-app-subnet"},
		{"10.20.0.9:50000", "443", false, "nsg-app-subnet"}, // outside the VNet: DenyAllInBound
	} {
		set(IPFlowLocal, tc.local)
		set(IPFlowRemote, tc.remote)
		a := w.IPFlowAnswer()
		if !a.Asked || a.Err || a.Allowed != tc.allowed || !strings.Contains(a.Text, tc.text) {
			t.Errorf("%s → %s: %+v, want allowed=%v and %q", tc.remote, tc.local, a, tc.allowed, tc.text)
		}
		if a.Why == "" || strings.Contains(a.Why, "rule:") {
			t.Errorf("%s → %s: the reason %q is empty or shows a rule code", tc.remote, tc.local, a.Why)
		}
	}

	for _, tc := range []struct {
		field       IPFlowField
		value, want string
	}{
		{IPFlowRemote, "10.10.1.4", "IP:PORT"},
		{IPFlowRemote, "10.10.1.4:http", "port"},
		{IPFlowRemote, "web1:80", "not an IP address"},
		{IPFlowLocal, "10.10.9.9:443", "not NIC app/nic0's address"},
	} {
		set(IPFlowLocal, "443")
		set(IPFlowRemote, "10.10.1.4:50000")
		set(tc.field, tc.value)
		// A malformed field is said under it (IPFlowProblems), the local IP
		// that is not the NIC's by the answer.
		a, p := w.IPFlowAnswer(), w.IPFlowProblems()
		said := p.Remote
		if tc.field == IPFlowLocal {
			said = p.Local
		}
		if a.Err {
			said = a.Text
		}
		if !strings.Contains(said, tc.want) {
			t.Errorf("%s %q: answer %+v, problems %+v, want an error saying %q", tc.field, tc.value, a, p, tc.want)
		}
	}

	// Live: web2's HTTPS is denied by the NIC's rule; point that rule at
	// another source and it is allowed.
	set(IPFlowLocal, "443")
	set(IPFlowRemote, "10.10.1.5:50000")
	if a := w.IPFlowAnswer(); a.Allowed {
		t.Fatalf("web2 → app:443 allowed before the edit: %+v", a)
	}
	w.Do(SetProperty{Ref: store.Ref{Kind: kinds.NSG, ID: "nsg-app-nic"}, Path: "securityRules[0].sourceAddressPrefix", Value: "10.10.1.6"})
	w.analysed()
	if a := w.IPFlowAnswer(); !a.Allowed {
		t.Errorf("web2 → app:443 after the NIC's rule moved to another source: %+v", a)
	}

	w.Do(Rename{Ref: store.Ref{Kind: kinds.VM, ID: "app"}, Name: "api"})
	if q := w.IPFlow(); q.NIC != "api/nic0" {
		t.Errorf("the tool's NIC after renaming its VM: %q", q.NIC)
	}
	if a := w.IPFlowAnswer(); !a.Asked || a.Err {
		t.Errorf("after the rename: %+v", a)
	}
}

// TestIPFlowSaysEachFieldsProblem: a malformed field of IP flow verify is
// said as soon as it is typed, whatever the others hold — a bad remote IP
// alone said nothing until the local port was typed too.
func TestIPFlowSaysEachFieldsProblem(t *testing.T) {
	w, _ := open(t, "nsg-evaluation-order")
	set := func(f IPFlowField, v string) { w.Do(IPFlowSet{Field: f, NIC: "app/nic0", Value: v}) }
	if p := w.IPFlowProblems(); p != (IPFlowProblems{}) {
		t.Fatalf("problems before anything was typed: %+v", p)
	}
	set(IPFlowRemote, "10.10.1.999:50000")
	if p := w.IPFlowProblems(); !strings.Contains(p.Remote, `"10.10.1.999" is not an IP address`) || p.Local != "" {
		t.Errorf("a bad remote IP alone: %+v", p)
	}
	set(IPFlowLocal, "http")
	if p := w.IPFlowProblems(); !strings.Contains(p.Local, `the port "http" is not a number`) || p.Remote == "" {
		t.Errorf("a bad local port and a bad remote IP: %+v", p)
	}
	if a := w.IPFlowAnswer(); a.Asked {
		t.Errorf("an answer to a malformed question, besides its fields' problems: %+v", a)
	}
	set(IPFlowRemote, "10.10.1.5:50000")
	set(IPFlowLocal, "443")
	if p := w.IPFlowProblems(); p != (IPFlowProblems{}) {
		t.Errorf("problems in a well-formed question: %+v", p)
	}
	if a := w.IPFlowAnswer(); !a.Asked || a.Err {
		t.Errorf("the well-formed question is not answered: %+v", a)
	}
}
