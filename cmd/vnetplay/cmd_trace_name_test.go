package main

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// routeOKDNSWrong is the built-in "route OK, DNS wrong" scenario.
const routeOKDNSWrong = "../../scenarios/private-endpoint-route-ok-dns-wrong.json"

func init() {
	deeper["trace"] = append(deeper["trace"],
		[]string{"--from", "vm-app", "--to", "www.example.com"}, []string{"--from", "vm-app", "--to", "www.example.com", "--json"},
		[]string{"--from", "Internet", "--to", "www.example.com"}, []string{"--from", "nope", "--to", "www.example.com"})
}

// TestTraceToName: trace --to FQDN resolves from the source first, then
// walks to the answer, and the verdict says both
// (rule:private-endpoints.routing-and-dns-independent).
func TestTraceToName(t *testing.T) {
	// Route OK, DNS wrong: spoke2 has the /32 but resolves the public address.
	code, out, errs := runCLI(t, "trace", routeOKDNSWrong, "--from", "vm2", "--to", "stvnetplay.blob.core.windows.net")
	for _, want := range []string{
		"Verdict: stvnetplay.blob.core.windows.net resolves to the public address 20.60.0.10 (",
		"the packet leaves through firewall/nic0 to the Internet, not to the private endpoint pe-blob\n",
		"\nResolve: stvnetplay.blob.core.windows.net from vm2/nic0\nAnswer: 20.60.0.10 (public)\n",
		"\nFlow: vm2/nic0 (10.2.1.4) -> 20.60.0.10 Tcp/443\nDisposition: ExitsToInternet\n",
	} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("vm2: exit %d, want %q in\n%s%s", code, want, out, errs)
		}
	}
	// The linked VNet reaches the endpoint by name.
	code, out, _ = runCLI(t, "trace", routeOKDNSWrong, "--from", "vm1", "--to", "STVNETPLAY.blob.core.windows.net.")
	if code != 0 || !strings.Contains(out, "resolves to the private address 10.1.2.5 (") || !strings.Contains(out, ": the packet reaches the private endpoint pe-blob\n") ||
		!strings.Contains(out, "Disposition: Delivered\n") {
		t.Errorf("vm1: exit %d\n%s", code, out)
	}
	// On premises, over the VPN, to the SQL endpoint on its port.
	code, out, _ = runCLI(t, "trace", peDNS, "--from", "dc/client", "--to", "sql-vnetplay.database.windows.net", "--port", "1433")
	if code != 0 || !strings.Contains(out, "resolves to the private address 10.1.2.6 (") || !strings.Contains(out, "the packet reaches the private endpoint pe-sql through dc, hub-vpngw\n") ||
		!strings.Contains(out, "-> 10.1.2.6 Tcp/1433") {
		t.Errorf("dc/client: exit %d\n%s", code, out)
	}
	// With a failure applied, the walk fails after the name resolved.
	code, out, _ = runCLI(t, "trace", routeOKDNSWrong, "--from", "vm2", "--to", "stvnetplay.blob.core.windows.net", "--fail", "firewall")
	if code != 0 || !strings.Contains(out, "the packet does not get there: ") || !strings.Contains(out, "not to the private endpoint pe-blob") {
		t.Errorf("--fail firewall: exit %d\n%s", code, out)
	}
}

// traceNameJSON is what the tests read of trace --json --to NAME.
type traceNameJSON struct {
	Flow *struct {
		Src, DstIP string
	}
	Disposition string
	Hops        []json.RawMessage
	Resolution  struct {
		From, Name string
		Answer     struct {
			Kind      string
			Addresses []string
			Scope     string
		}
		Steps []json.RawMessage
	}
	Verdict string
}

// TestTraceToNameJSON: the trace's own fields stay as they are, the
// resolution and the verdict are added; a name that does not resolve
// gives only those two, and exit status 1.
func TestTraceToNameJSON(t *testing.T) {
	code, out, errs := runCLI(t, "trace", routeOKDNSWrong, "--from", "vm2", "--to", "stvnetplay.blob.core.windows.net", "--json")
	var keys map[string]json.RawMessage
	var js traceNameJSON
	if code != 0 || json.Unmarshal([]byte(out), &keys) != nil || json.Unmarshal([]byte(out), &js) != nil {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	got := make([]string, 0, len(keys))
	for k := range keys {
		got = append(got, k)
	}
	slices.Sort(got)
	if strings.Join(got, " ") != "disposition flow hops reason resolution verdict" {
		t.Errorf("keys %v", got)
	}
	if js.Flow == nil || js.Flow.Src != "vm2/nic0" || js.Flow.DstIP != "20.60.0.10" || js.Disposition != "ExitsToInternet" || len(js.Hops) == 0 ||
		js.Resolution.From != "vm2/nic0" || js.Resolution.Answer.Kind != "Address" || js.Resolution.Answer.Scope != "Public" || len(js.Resolution.Steps) == 0 ||
		!strings.HasSuffix(js.Verdict, "not to the private endpoint pe-blob") || !strings.HasPrefix(js.Verdict, "stvnetplay.blob.core.windows.net resolves to the public address 20.60.0.10") {
		t.Errorf("%+v", js)
	}
	if strings.Contains(out, "null") {
		t.Errorf("null in\n%s", out)
	}
	// The same trace by address has the same trace fields.
	_, byAddr, _ := runCLI(t, "trace", routeOKDNSWrong, "--from", "vm2", "--to", "20.60.0.10", "--json")
	var addrKeys map[string]json.RawMessage
	if json.Unmarshal([]byte(byAddr), &addrKeys) != nil || len(addrKeys) != 4 {
		t.Fatalf("by address: %s", byAddr)
	}
	for k, v := range addrKeys {
		if string(keys[k]) != string(v) {
			t.Errorf("%s differs by name:\n%s\nby address:\n%s", k, keys[k], v)
		}
	}
	// NXDOMAIN: the resolution and the verdict, exit 1.
	code, out, errs = runCLI(t, "trace", peerDNS, "--from", "vm1", "--to", "vm2.internal.cloudapp.net", "--json")
	keys, js = nil, traceNameJSON{}
	if code != 1 || json.Unmarshal([]byte(out), &keys) != nil || json.Unmarshal([]byte(out), &js) != nil || len(keys) != 2 || js.Flow != nil ||
		js.Resolution.Answer.Kind != "NXDOMAIN" || !strings.HasPrefix(js.Verdict, "vm2.internal.cloudapp.net does not resolve: NXDOMAIN (") ||
		!strings.Contains(errs, "does not resolve: NXDOMAIN") {
		t.Errorf("NXDOMAIN: exit %d %v\n%s%s", code, keys, out, errs)
	}
}

// TestTraceToNameEnds: a name that resolves to no address ends the trace
// with a clear message and exit status 1; a name is resolved only from an
// endpoint that has a DNS client.
func TestTraceToNameEnds(t *testing.T) {
	for _, c := range []struct {
		file string
		args []string
		out  string // in stdout ("" for none)
		msg  string // in stderr
	}{
		{peerDNS, []string{"--from", "vm1", "--to", "vm2.internal.cloudapp.net"}, "Verdict: vm2.internal.cloudapp.net does not resolve: NXDOMAIN (",
			"vm2.internal.cloudapp.net from vm1/nic0 does not resolve: NXDOMAIN (VM vm2 is in VNet vnet2"},
		{peerDNS, []string{"--from", "vm2", "--to", "vm1.corp.contoso.com.example"}, "Answer: public DNS (not modelled)", "resolves through public DNS to an address the design does not give"},
		{peerDNS, []string{"--from", "Internet", "--to", "vm1.corp.contoso.com"}, "", "not from the Internet"},
		{peerDNS, []string{"--from", "nope", "--to", "vm1.corp.contoso.com"}, "", `unknown endpoint "nope"`},
		{peerDNS, []string{"--from", "vm1", "--to", "nohost"}, "", "or a DNS name"},
	} {
		code, out, errs := runCLI(t, append([]string{"trace", c.file}, c.args...)...)
		if code != 1 || !strings.Contains(errs, c.msg) || (c.out == "") != (out == "") || !strings.Contains(out, c.out) || strings.Contains(out, "Flow:") {
			t.Errorf("%v: exit %d\nstdout %s\nstderr %s", c.args, code, out, errs)
		}
	}
}

// TestTraceFromAPrivateEndpoint: a trace from a private endpoint says an
// endpoint never opens a connection, not that it is unknown.
func TestTraceFromAPrivateEndpoint(t *testing.T) {
	code, _, stderr := runCLI(t, "trace", filepath.Join("..", "..", "scenarios", "private-endpoint-behind-firewall.json"), "--from", "pe-blob", "--to", "10.0.1.4")
	if code != 1 || !strings.Contains(stderr, `"pe-blob" is a private endpoint: it only receives connections`) {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}
