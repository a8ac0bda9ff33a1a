package main

import (
	"encoding/json"
	"strings"
	"testing"
)

const note004 = "../../scenarios/er-spoke-vpn-route-server.json"

// TestBGPCommandFieldNote004 checks the routes and AS paths field note 004
// shows come out of vnetplay bgp (rule:expressroute.private-asns-stripped, rule:route-server.as-path-passthrough).
func TestBGPCommandFieldNote004(t *testing.T) {
	code, out, errs := runCLI(t, "bgp", note004, "--speaker", "tky01")
	if code != 0 {
		t.Fatalf("code %d: %s", code, errs)
	}
	for _, want := range []string{
		"Neighbor 172.16.0.2 (er-tky, AS 12076)",
		"10.0.0.0/16     172.16.0.2  0       12076 i",
		"10.10.200.0/24  172.16.0.2  0       12076 ?",
		"Neighbor 10.10.200.6 (spoke-vpngw, AS 65155)",
		"10.10.0.0/16  10.10.200.6  0       65155 i",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	code, out, _ = runCLI(t, "bgp", note004, "--speaker", "vm-hub00", "--json")
	var js struct {
		Speaker struct{ ASN uint32 }
		RIB     []struct {
			Prefix string
			ASPath []uint32
		}
	}
	if code != 0 || json.Unmarshal([]byte(out), &js) != nil || js.Speaker.ASN != 65001 {
		t.Fatalf("json: %d %s", code, out)
	}
	paths := map[string][]uint32{}
	for _, r := range js.RIB {
		paths[r.Prefix] = r.ASPath
	}
	if p := paths["10.100.10.0/24"]; len(p) != 3 || p[0] != 65515 || p[1] != 12076 || p[2] != 65150 {
		t.Errorf("rule:route-server.as-path-passthrough: NVA path for 10.100.10.0/24 = %v", p)
	}
}

func TestHybridCommands(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"bgp", note004}, 0, "hub-rs~hub-ergw"},
		{[]string{"bgp", note004, "--speaker", "nope"}, 1, "unknown speaker nope"},
		{[]string{"p2s", "../../scenarios/p2s-hub-spoke.json", "--gateway", "hub-vpngw"}, 0, "10.10.0.0/16    On-link"},
		{[]string{"p2s", "../../scenarios/p2s-hub-spoke.json"}, 2, "--gateway is required"},
		{[]string{"p2s", note004, "--gateway", "spoke-vpngw"}, 1, "no VPN gateway spoke-vpngw with a point-to-site"},
		{[]string{"whatif", note004, "--set", "circuit-down"}, 0, "Lost tky01/client → vm-hub00/nic0"},
		{[]string{"whatif", note004, "--fail", "er-tky"}, 0, "Failed: CircuitDown:er-tky"},
		{[]string{"whatif", note004, "--fail", "nothing"}, 1, "no failable component"},
		{[]string{"whatif", note004, "--set", "nope"}, 1, "no failure set"},
		{[]string{"whatif", note004, "--list"}, 0, "CircuitSessionDown:er-tky/primary"},
		{[]string{"whatif", note004}, 2, "exactly one of"},
		{[]string{"spof", "../../scenarios/s2s-policy-vs-route-based.json"}, 0, "ConnectionDown:branch-s2s"},
		{[]string{"trace", note004, "--from", "tky01/client", "--to", "vm-spoke"}, 0, "Disposition: Delivered"},
		{[]string{"check", note004}, 0, "0 failed"},
		{[]string{"nexthop", note004, "--from", "tky01/client", "--to", "10.0.0.4"}, 1, "unknown NIC tky01/client (tky01/client is an on-premises host or a P2S client, not a VM's NIC"},
	} {
		code, out, errs := runCLI(t, tc.args...)
		if code != tc.code || !strings.Contains(out+errs, tc.want) {
			t.Errorf("%v: code %d (want %d), missing %q:\n%s%s", tc.args, code, tc.code, tc.want, out, errs)
		}
	}
	code, out, _ := runCLI(t, "whatif", note004, "--set", "circuit-down", "--json")
	var js struct {
		Changes struct{ Pairs []struct{ Change string } }
	}
	if code != 0 || json.Unmarshal([]byte(out), &js) != nil || len(js.Changes.Pairs) == 0 {
		t.Errorf("whatif --json: %d %s", code, out)
	}
}

// TestRefusedASNShown: a BGP session that does not establish because the
// site's router has the gateway's ASN is an error in lint, is down with its
// reason in bgp (the tunnel up), and trace toward the site says why no
// route leads there (rule:bgp.distinct-asns).
func TestRefusedASNShown(t *testing.T) {
	const f = "testdata/asn-gw-eq-site.json"
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"lint", f}, 1, "site dc's router uses ASN 65050, gateway gw's own"},
		{[]string{"bgp", f, "--speaker", "gw"}, 0, "[IPsec, BGP] Down: site dc's router uses ASN 65050"},
		{[]string{"bgp", f, "--speaker", "gw"}, 0, "1/1 tunnels up, BGP session down"},
		{[]string{"trace", f, "--from", "vm-hub", "--to", "dc/pc"}, 0, "note: 192.168.10.10 is in site dc, whose BGP session c-dc is down: site dc's router uses ASN 65050"},
	} {
		code, out, _ := runCLI(t, tc.args...)
		if code != tc.code || !strings.Contains(out, tc.want) {
			t.Errorf("%v: code %d, want %d and %q in\n%s", tc.args, code, tc.code, tc.want, out)
		}
	}
}
