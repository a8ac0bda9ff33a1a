package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"vnetplay/engine/reach"
	"vnetplay/engine/rules"
)

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

const hub = "testdata/hub.json"

func TestRoutesCommand(t *testing.T) {
	code, out, errs := runCLI(t, "routes", hub, "--subnet", "spoke1/app")
	if code != 0 || !strings.HasPrefix(strings.Split(out, "\n")[1], "Source   State    Address Prefixes  Next Hop Type") {
		t.Fatalf("code %d\n%s%s", code, out, errs)
	}
	if !strings.Contains(out, "User     Active   10.0.0.0/8        VirtualAppliance               10.0.1.4") {
		t.Errorf("missing UDR row:\n%s", out)
	}
	// Flags before the file, --nic form, JSON.
	code, out, _ = runCLI(t, "routes", "--json", "--nic", "vm-app", hub)
	var js struct {
		Subnet string
		Value  []struct{ Source, State, NextHopType string }
	}
	if code != 0 || json.Unmarshal([]byte(out), &js) != nil || js.Subnet != "spoke1/app" || len(js.Value) < 5 {
		t.Fatalf("json: code %d %s", code, out)
	}
}

func TestCommandErrors(t *testing.T) {
	dir := t.TempDir()
	newer := filepath.Join(dir, "newer.json")
	os.WriteFile(newer, []byte(`{"format":"vnetplay/scenario","version":9}`), 0o644)
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"routes", hub}, 2, "exactly one of --subnet or --nic"},
		{[]string{"routes", hub, "--subnet", "nope/x"}, 1, "unknown subnet nope/x (want VNET/SUBNET; the design has "},
		{[]string{"routes", hub, "--subnet", "hub/nope"}, 1, "unknown subnet hub/nope (want VNET/SUBNET; hub has hub/"},
		{[]string{"routes", hub, "--nic", "vm-nope"}, 1, "unknown NIC vm-nope (want VM or VM/NIC; the design has "},
		{[]string{"nexthop", hub, "--from", "vm-nope", "--to", "10.0.0.4"}, 1, "unknown NIC vm-nope (want VM or VM/NIC; the design has "},
		{[]string{"routes", filepath.Join(dir, "missing.json"), "--subnet", "a/b"}, 1, "no such file"},
		{[]string{"routes", newer, "--subnet", "a/b"}, 1, "newer than this vnetplay"},
		{[]string{"trace", hub, "--from", "vm-app"}, 2, "--from and --to"},
		{[]string{"nexthop", hub, "--from", "vm-app", "--to", "not-an-ip"}, 2, `--to "not-an-ip" is not an IP address`},
		{[]string{"routes", hub, "--bogus"}, 2, "flag provided but not defined"},
		{[]string{"check"}, 2, "at least one"},
	} {
		code, _, errs := runCLI(t, tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.msg) {
			t.Errorf("%v: code %d stderr %q, want %d containing %q", tc.args, code, errs, tc.code, tc.msg)
		}
		if strings.Contains(errs, "goroutine") {
			t.Errorf("%v: stack trace in output", tc.args)
		}
	}
}

func TestNexthopTraceReach(t *testing.T) {
	code, out, _ := runCLI(t, "nexthop", hub, "--from", "vm-app", "--to", "10.2.1.4")
	if code != 0 || !strings.Contains(out, "VirtualAppliance  10.0.1.4") || !strings.Contains(out, "rt-spokes") {
		t.Errorf("nexthop: %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, "nexthop", hub, "--from", "vm-app", "--to", "8.8.8.8")
	if code != 0 || !strings.Contains(out, "System Route") {
		t.Errorf("nexthop system route (rule:outputs.next-hop-query): %d\n%s", code, out)
	}
	// A host-platform address: the JSON carries the note that the route
	// does not apply (only the text did), and an ordinary address has none.
	code, out, _ = runCLI(t, "nexthop", hub, "--from", "vm-app", "--to", "168.63.129.16", "--json")
	if code != 0 || !strings.Contains(out, `"note": "168.63.129.16 is a host-platform address`) {
		t.Errorf("nexthop --json to the platform address: %d\n%s", code, out)
	}
	if code, out, _ = runCLI(t, "nexthop", hub, "--from", "vm-app", "--to", "8.8.8.8", "--json"); code != 0 || strings.Contains(out, `"note"`) {
		t.Errorf("nexthop --json to 8.8.8.8 has a note: %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, "trace", hub, "--from", "vm-app", "--to", "vm-db", "--port", "1433")
	if code != 0 || !strings.Contains(out, "Disposition: Delivered") || !strings.Contains(out, "fw forwards") {
		t.Errorf("trace: %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, "trace", hub, "--from", "vm-app", "--to", "Internet", "--json")
	if code != 0 || !strings.Contains(out, `"disposition": "ExitsToInternet"`) {
		t.Errorf("trace json: %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, "reach", hub)
	if code != 0 || !strings.Contains(out, "vm-app/nic0  vm-db/nic0") {
		t.Errorf("reach: %d\n%s", code, out)
	}
}

// TestReachPrivateEndpointColumns: reach gives every row a cell to each
// private endpoint (a column, never a row), as the Reach tab does, in text
// (after the row's own cells), CSV and JSON. On the build before, the
// matrix of private-endpoint-behind-firewall had no private endpoint in
// it: vm-a → pe-sql, dropped by the firewall the reply bypasses, was not
// said.
func TestReachPrivateEndpointColumns(t *testing.T) {
	const pe = "../../scenarios/private-endpoint-behind-firewall.json"
	code, out, _ := runCLI(t, "reach", pe)
	lines := strings.Split(out, "\n")
	at := func(prefix string) int {
		return slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, prefix) })
	}
	blob, sql, internet, fw := at("vm-a/nic0      pe-blob  "), at("vm-a/nic0      pe-sql   "), at("vm-a/nic0      Internet "), at("vm-a/nic0      firewall/nic0")
	switch {
	case code != 0 || blob < 0 || sql < 0 || internet < 0 || fw < 0:
		t.Fatalf("reach: %d, want vm-a's cells to pe-blob and pe-sql:\n%s", code, out)
	case !strings.Contains(lines[blob], "Delivered") || !strings.Contains(lines[sql], "DroppedAsymmetric"):
		t.Errorf("vm-a → pe-blob delivered and → pe-sql dropped by the asymmetric firewall, got:\n%s\n%s", lines[blob], lines[sql])
	case !(fw < internet && internet < blob && blob < sql):
		t.Errorf("the private endpoints' cells come after the row's own, by id:\n%s", out)
	case at("pe-blob") >= 0:
		t.Errorf("a private endpoint is a row:\n%s", out)
	}
	code, out, _ = runCLI(t, "reach", pe, "--format", "csv")
	if code != 0 || !strings.Contains(out, "vm-a/nic0,pe-sql,DroppedAsymmetric,") || !strings.Contains(out, "firewall/nic0,pe-blob,Delivered,") {
		t.Errorf("reach csv: %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, "reach", pe, "--json")
	var m struct {
		Rows, Cols, PrivateEndpoints []string
		Cells, PrivateEndpointCells  []reach.Cell
	}
	if err := json.Unmarshal([]byte(out), &m); code != 0 || err != nil {
		t.Fatalf("reach json: %d %v\n%s", code, err, out)
	}
	if !slices.Equal(m.PrivateEndpoints, []string{"pe-blob", "pe-sql"}) || len(m.PrivateEndpointCells) != 2*len(m.Rows) || len(m.Cells) != len(m.Rows)*(len(m.Cols)-1) {
		t.Errorf("reach json: %d rows, %d columns, %d cells, private endpoints %v with %d cells", len(m.Rows), len(m.Cols), len(m.Cells), m.PrivateEndpoints, len(m.PrivateEndpointCells))
	}
	// A design without private endpoints keeps its JSON as it was.
	if _, out, _ = runCLI(t, "reach", hub, "--json"); strings.Contains(out, "privateEndpoint") {
		t.Errorf("reach json without private endpoints names them:\n%s", out)
	}
}

func TestLintCheckFmt(t *testing.T) {
	dir := t.TempDir()
	b, _ := os.ReadFile(hub)
	bad := strings.Replace(string(b), `"10.2.1.0/24"`, `"10.9.1.0/24"`, 1)
	bad = strings.Replace(bad, `"reachable": true`, `"reachable": false`, 1)
	badFile := filepath.Join(dir, "bad.json")
	os.WriteFile(badFile, []byte(bad), 0o644)

	if code, out, _ := runCLI(t, "lint", hub); code != 0 || !strings.Contains(out, "no findings") {
		t.Errorf("lint clean: %d %s", code, out)
	}
	code, out, errs := runCLI(t, "lint", badFile)
	// The last line counts the errors in words that agree with the number.
	want := fmt.Sprintf("bad.json: %d errors", strings.Count(out, "\nerror "))
	if code != 1 || !strings.Contains(out, "subnet.outside-address-space") || !strings.Contains(errs, want) {
		t.Errorf("lint bad: %d %s %s (want %q)", code, out, errs, want)
	}
	oneFile := filepath.Join(dir, "one.json")
	os.WriteFile(oneFile, []byte(`{"format":"vnetplay/scenario","version":1,"name":"one","topology":{"vnets":[{"id":"vnet-a","location":"westeurope",`+
		`"addressSpace":{"addressPrefixes":["10.0.0.0/16"]},"subnets":[{"name":"s","addressPrefix":"10.1.0.0/24"}]}]}}`), 0o644)
	if code, out, errs := runCLI(t, "lint", oneFile); code != 1 || strings.Count(out, "\nerror ") != 1 || !strings.HasSuffix(strings.TrimSpace(errs), "one.json: 1 error") {
		t.Errorf("lint with one error: %d %s %s", code, out, errs)
	}
	if code, out, _ := runCLI(t, "check", hub); code != 0 || !strings.Contains(out, "0 failed") {
		t.Errorf("check: %d %s", code, out)
	}
	code, out, errs = runCLI(t, "check", hub, badFile)
	if code != 1 || !strings.Contains(out, "FAIL app-to-db-via-fw") || !strings.Contains(errs, "expectations failed") {
		t.Errorf("check failing: %d\n%s\n%s", code, out, errs)
	}

	messy := filepath.Join(dir, "messy.json")
	os.WriteFile(messy, []byte(`{"version":1,"format":"vnetplay/scenario","extra":1,"topology":{"vnets":[{"id":"b","addressSpace":{"addressPrefixes":["10.1.0.0/16"]}},{"id":"a","addressSpace":{"addressPrefixes":["10.0.0.0/16"]}}]}}`), 0o644)
	code, out, errs = runCLI(t, "fmt", messy)
	if code != 0 || !strings.HasPrefix(out, "{\n  \"format\"") || !strings.Contains(errs, "unknown field") {
		t.Errorf("fmt: %d %s %s", code, out, errs)
	}
	if code, _, _ := runCLI(t, "fmt", "-w", messy); code != 0 {
		t.Fatal("fmt -w failed")
	}
	got, _ := os.ReadFile(messy)
	if string(got) != out {
		t.Errorf("fmt -w wrote something other than fmt prints")
	}
	if _, out2, _ := runCLI(t, "fmt", messy); out2 != out {
		t.Errorf("fmt not idempotent")
	}
}

func TestTraceTagOnlyFlag(t *testing.T) {
	const pf = "../../scenarios/peering-flags.json"
	code, out, _ := runCLI(t, "trace", pf, "--from", "vm1", "--to", "vm2")
	if code != 0 || !strings.Contains(out, "DroppedForwardedTrafficNotAllowed") {
		t.Fatalf("default: %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, "trace", "--tag-only-peering-flags", pf, "--from", "vm1", "--to", "vm2")
	if code != 0 || !strings.Contains(out, "Disposition: Delivered") || !strings.Contains(out, rules.Expand("tag-only mode, rule:peering.allow-forwarded-traffic")) {
		t.Fatalf("tag-only: %d\n%s", code, out)
	}
}

// TestReachWithoutEndpoints: a design with no endpoint says so rather
// than printing a bare table header.
func TestReachWithoutEndpoints(t *testing.T) {
	f := filepath.Join(t.TempDir(), "empty.json")
	os.WriteFile(f, []byte(`{"format":"vnetplay/scenario","version":1,"topology":{"vnets":[{"id":"a","location":"westeurope","addressSpace":{"addressPrefixes":["10.0.0.0/16"]},"subnets":[{"name":"s","addressPrefix":"10.0.1.0/24"}]}]}}`), 0o644)
	code, out, errs := runCLI(t, "reach", f)
	if code != 0 || !strings.Contains(out, "no endpoints") {
		t.Errorf("reach: code %d stdout %q stderr %q, want 0 and 'no endpoints'", code, out, errs)
	}
}

// TestLeftOutEndpointSaysWhy: a VM the design has but the analysis leaves
// out (its NIC on one of its subnet's reserved addresses, Azure would
// refuse it; a failed appliance) is refused by every command that takes an
// endpoint with the reason, not as an "unknown endpoint" the design does
// not have.
func TestLeftOutEndpointSaysWhy(t *testing.T) {
	raw, err := os.ReadFile(hub)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "reserved.json")
	body := strings.Replace(string(raw), `"privateIpAddress": "10.1.1.4"`, `"privateIpAddress": "10.1.1.3"`, 1)
	if body == string(raw) {
		t.Fatal("hub.json has no vm-app NIC at 10.1.1.4 to move")
	}
	if err := os.WriteFile(file, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	const reserved = "10.1.1.3 is one of the five addresses Azure reserves in subnet spoke1/app"
	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{[]string{"trace", file, "--from", "vm-app", "--to", "vm-db"}, `"vm-app" is no endpoint: NIC vm-app/nic0's address ` + reserved},
		{[]string{"trace", file, "--from", "vm-db", "--to", "vm-app/nic0"}, reserved},
		{[]string{"resolve", file, "--from", "vm-app", "--name", "www.contoso.com"}, reserved},
		{[]string{"nexthop", file, "--from", "vm-app", "--to", "10.2.1.4"}, reserved},
		{[]string{"routes", file, "--nic", "vm-app"}, reserved},
		{[]string{"trace", hub, "--from", "fw", "--to", "vm-db", "--fail", "fw"}, "VM fw is failed"},
	} {
		code, _, errs := runCLI(t, tc.args...)
		if code != 1 || !strings.Contains(errs, tc.msg) {
			t.Errorf("%v: code %d stderr %q, want 1 saying %q", tc.args, code, errs, tc.msg)
		}
	}
}
