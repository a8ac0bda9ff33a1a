package main

import (
	"encoding/json"
	"strings"
	"testing"

	"vnetplay/engine/rules"
)

// Built-in scenarios with name resolution.
const (
	peDNS    = "../../scenarios/private-endpoint-dns-hub-resolver.json"
	peerDNS  = "../../scenarios/dns-does-not-flow-across-peering.json"
	blobName = "stvnetplay.blob.core.windows.net"
)

func init() {
	deeper["resolve"] = [][]string{
		{"--from", "vm-app", "--name", "vm-db"}, {"--from", "nope", "--name", "x.example"}, {"--from", "vm-app", "--name", "a..b"},
		{"--from", "vm-app"}, {"--from", "vm-app", "--name", "x.example", "--fail", "nope"}, {"--from", "vm-app", "--name", "x.example", "--json"},
	}
}

// resolveJSON is the part of resolve --json the tests read.
type resolveJSON struct {
	From   string
	Name   string
	Answer struct {
		Kind      string
		Addresses []string
		Scope     string
		Names     []string
	}
	Reason string
	Steps  []struct {
		Depth   int
		Actor   string
		Kind    string
		Detail  string
		Rule    string
		Network *struct {
			From, To    string
			Port        int
			Disposition string
			Via         []string
		}
	}
}

func runResolve(t *testing.T, args ...string) resolveJSON {
	t.Helper()
	code, out, errs := runCLI(t, append(append([]string{"resolve"}, args...), "--json")...)
	var r resolveJSON
	if err := json.Unmarshal([]byte(out), &r); code != 0 || err != nil {
		t.Fatalf("%v: exit %d, %v\n%s%s", args, code, err, out, errs)
	}
	return r
}

// TestResolveCommand: the private endpoint's name from the spoke that asks
// the hub's inbound endpoint, from on premises and from the unlinked spoke
// (rule:private-endpoints.dns-chain, rule:dns.private-resolver-endpoints,
// rule:private-endpoints.routing-and-dns-independent).
func TestResolveCommand(t *testing.T) {
	code, out, errs := runCLI(t, "resolve", peDNS, "--from", "vm1", "--name", blobName)
	if code != 0 || !strings.Contains(out, "Answer: 10.1.2.5 (private)\n") || !strings.Contains(out, "dnsr/in (inbound endpoint 10.0.4.4)") ||
		!strings.Contains(out, rules.Expand("rule:private-endpoints.dns-chain")) {
		t.Errorf("vm1: exit %d\n%s%s", code, out, errs)
	}
	r := runResolve(t, peDNS, "--from", "dc/client", "--name", blobName)
	if r.From != "dc/client" || r.Answer.Kind != "Address" || strings.Join(r.Answer.Addresses, ",") != "10.1.2.5" || r.Answer.Scope != "Private" {
		t.Errorf("dc/client: %+v", r.Answer)
	}
	crossed := false
	for _, s := range r.Steps {
		if s.Network != nil && s.Network.To == "10.0.4.4" && s.Network.Disposition == "Delivered" && strings.Contains(strings.Join(s.Network.Via, ","), "hub-vpngw") {
			crossed = true
		}
		if s.Rule == "" || !strings.Contains(s.Detail, "rule:"+s.Rule) {
			t.Errorf("step without its rule: %+v", s)
		}
	}
	if !crossed {
		t.Errorf("dc/client: no network check over the VPN to the inbound endpoint: %+v", r.Steps)
	}
	r = runResolve(t, peDNS, "--from", "vm2", "--name", blobName)
	if r.Answer.Kind != "Address" || strings.Join(r.Answer.Addresses, ",") != "20.60.0.10" || r.Answer.Scope != "Public" ||
		strings.Join(r.Answer.Names, " ") != blobName+" stvnetplay.privatelink.blob.core.windows.net" {
		t.Errorf("vm2: %+v", r.Answer)
	}
	// Azure-provided names do not cross the peering (rule:dns.azure-dns-vnet-scope).
	r = runResolve(t, peerDNS, "--from", "vm1", "--name", "vm2")
	if r.Answer.Kind != "NXDOMAIN" || r.Name != "vm2.internal.cloudapp.net" {
		t.Errorf("vm1 → vm2: %+v %s", r.Answer, r.Name)
	}
	// Lists are never null.
	code, out, _ = runCLI(t, "resolve", peerDNS, "--from", "vm2", "--name", "www.contoso.com", "--json")
	if code != 0 || strings.Contains(out, "null") || !strings.Contains(out, `"addresses": []`) || !strings.Contains(out, `"kind": "NotModelled"`) {
		t.Errorf("vm2 → www.contoso.com: exit %d\n%s", code, out)
	}
}

// TestResolveCommandBadInput: missing or malformed flags are usage errors
// (exit 2); an endpoint the design does not have exits 1.
func TestResolveCommandBadInput(t *testing.T) {
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"--from", "vm1"}, 2, "--from and --name are required"},
		{[]string{"--name", "x.example"}, 2, "--from and --name are required"},
		{[]string{"--from", "vm1", "--name", "bad name"}, 2, "is not a DNS name"},
		{[]string{"--from", "vm1", "--name", "a..b"}, 2, "is not a DNS name"},
		{[]string{"--from", "nope", "--name", "x.example"}, 1, `unknown endpoint "nope"`},
		{[]string{"--from", "vm1", "--name", "x.example", "--fail", "nope"}, 1, "nope"},
	} {
		code, out, errs := runCLI(t, append([]string{"resolve", peDNS}, c.args...)...)
		if code != c.code || out != "" || !strings.Contains(errs, c.msg) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want %d and %q", c.args, code, out, errs, c.code, c.msg)
		}
	}
}
