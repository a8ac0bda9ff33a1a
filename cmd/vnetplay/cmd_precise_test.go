package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"vnetplay/engine/rules"
)

// Tests of issue 13 point 4: the CLI's answers as precise as Network
// Watcher's (failures on every analysis, next hop and trace as data,
// peering links, JSON lists that are never null, CSV).

const nsgOrder = "../../scenarios/nsg-evaluation-order.json"

// writeScenario writes body (a scenario's topology and failures, as JSON
// members) to a temporary file and returns its path.
func writeScenario(t *testing.T, members string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "s.json")
	body := `{"format":"vnetplay/scenario","version":1` + members + `}`
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// decode unmarshals a command's JSON output, failing the test on bad JSON.
func decode(t *testing.T, args []string, out string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(out), v); err != nil {
		t.Fatalf("%v: bad JSON (%v):\n%s", args, err, out)
	}
}

// TestFailuresOnEveryAnalysis applies --fail and --set to routes,
// nexthop, trace, reach and bgp. hub.json's fw-down fails the NVA that
// the spokes' UDR points at: a UDR is static, so the effective routes and
// the next hop do not change (a route table cannot fail over, rule:udr.unique-prefix-per-table, rule:nva.high-availability),
// but the packet that follows the UDR now finds no NIC at 10.0.1.4.
// Field note 004's circuit-down fails the ExpressRoute circuit: tky01
// loses what it learnt over ExpressRoute and keeps the VPN's route (rule:expressroute.preferred-over-vpn).
func TestFailuresOnEveryAnalysis(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		want    []string // regular expressions stdout must match
		notWant []string // and must not
	}{
		{[]string{"routes", hub, "--subnet", "spoke1/app", "--set", "fw-down"},
			[]string{`^Failed: ApplianceDown:fw\n`, `User +Active +10\.0\.0\.0/8 +VirtualAppliance +10\.0\.1\.4`}, nil},
		{[]string{"nexthop", hub, "--from", "vm-app", "--to", "10.2.1.4", "--fail", "fw"},
			[]string{`^Failed: ApplianceDown:fw\n`, `vm-app/nic0 +10\.2\.1\.4 +VirtualAppliance +10\.0\.1\.4 +rt-spokes`}, nil},
		{[]string{"trace", hub, "--from", "vm-app", "--to", "vm-db", "--port", "1433"},
			[]string{`Disposition: Delivered`, `fw forwards`}, []string{`Failed:`}},
		{[]string{"trace", hub, "--from", "vm-app", "--to", "vm-db", "--port", "1433", "--fail", "ApplianceDown:fw"},
			[]string{`^Failed: ApplianceDown:fw\n`, `Disposition: DroppedNoHost\nReason: appliance fw \(10\.0\.1\.4\) is failed in the what-if: nothing answers on its address`}, []string{`fw forwards`}},
		{[]string{"reach", hub, "--set", "fw-down"},
			[]string{`^Failed: ApplianceDown:fw\n`, `vm-app/nic0 +vm-db/nic0 +DroppedNoHost`, `vm-db/nic0 +vm-app/nic0 +DroppedNoHost`}, []string{`Delivered`}},
		{[]string{"bgp", note004, "--speaker", "tky01"},
			[]string{`10\.0\.0\.0/16 +172\.16\.0\.2`, `10\.10\.0\.0/16 +10\.10\.200\.6`}, []string{`Failed:`}},
		{[]string{"bgp", note004, "--speaker", "tky01", "--set", "circuit-down"},
			[]string{`^Failed: CircuitDown:er-tky\n`, `note: CircuitDown:er-tky: ExpressRoute routes are withdrawn`, `10\.10\.0\.0/16 +10\.10\.200\.6`, `Neighbor 172\.16\.0\.2 \(er-tky, AS 12076\) session er-tky .*Down`}, []string{`10\.0\.0\.0/16 +172\.16\.0\.2`}},
	} {
		code, out, errs := runCLI(t, tc.args...)
		if code != 0 {
			t.Errorf("%v: exit %d: %s", tc.args, code, errs)
			continue
		}
		for _, w := range tc.want {
			if !regexp.MustCompile(w).MatchString(out) {
				t.Errorf("%v: no match for %q in\n%s", tc.args, w, out)
			}
		}
		for _, w := range tc.notWant {
			if regexp.MustCompile(w).MatchString(out) {
				t.Errorf("%v: unexpected match for %q in\n%s", tc.args, w, out)
			}
		}
	}
	// JSON stays the command's own shape with the failures applied.
	args := []string{"reach", hub, "--fail", "fw", "--json"}
	code, out, _ := runCLI(t, args...)
	var m struct {
		Cells []struct{ From, To, Disposition string }
	}
	decode(t, args, out, &m)
	found := false
	for _, c := range m.Cells {
		if c.From == "vm-app/nic0" && c.To == "vm-db/nic0" {
			found = true
			if c.Disposition != "DroppedNoHost" {
				t.Errorf("reach --fail fw --json: vm-app → vm-db is %s, want DroppedNoHost", c.Disposition)
			}
		}
	}
	if code != 0 || !found {
		t.Errorf("reach --fail fw --json: exit %d, cell found %v", code, found)
	}
}

// TestFailFlagErrors: a malformed --fail is a usage error (exit 2, the
// usage line follows) before the file is read; a target or set the design
// does not have exits 1, as an unknown endpoint does, listing what can
// fail (or the sets). Every command that takes the flags behaves the same.
func TestFailFlagErrors(t *testing.T) {
	base := map[string][]string{
		"routes":  {"routes", hub, "--subnet", "spoke1/app"},
		"nexthop": {"nexthop", hub, "--from", "vm-app", "--to", "10.2.1.4"},
		"trace":   {"trace", hub, "--from", "vm-app", "--to", "vm-db"},
		"reach":   {"reach", hub},
		"bgp":     {"bgp", hub},
		"whatif":  {"whatif", hub},
	}
	for name, b := range base {
		for _, tc := range []struct {
			flags []string
			code  int
			msg   string
		}{
			{[]string{"--fail", ","}, 2, `--fail "," has an empty id`},
			{[]string{"--fail", "fw,,x"}, 2, `--fail "fw,,x" has an empty id`},
			{[]string{"--fail", "Bogus:fw"}, 2, `--fail "Bogus:fw": unknown failure kind "Bogus" (want one of ApplianceDown, CircuitDown,`},
			{[]string{"--fail", "ApplianceDown:"}, 2, `--fail "ApplianceDown:" has no target after ApplianceDown:`},
			{[]string{"--fail", "nope"}, 1, `unknown failure: no failable component "nope"; can fail: ApplianceDown:fw, PeeringDown:hub-spoke1, PeeringDown:hub-spoke2`},
			{[]string{"--fail", "PeeringDown:fw"}, 1, `no failable component "PeeringDown:fw"; can fail: ApplianceDown:fw`},
			{[]string{"--set", "nope"}, 1, `no failure set "nope" (sets: fw-down)`},
		} {
			args := append(append([]string{}, b...), tc.flags...)
			code, out, errs := runCLI(t, args...)
			if code != tc.code || !strings.Contains(errs, tc.msg) || out != "" {
				t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit %d and %q", args, code, out, errs, tc.code, tc.msg)
			}
			if usage := strings.Contains(errs, "usage: vnetplay "+name); usage != (tc.code == 2) {
				t.Errorf("%v: usage line shown %v, want %v", args, usage, tc.code == 2)
			}
		}
	}
	// A malformed list is refused before the file is read.
	if code, _, errs := runCLI(t, "routes", "missing.json", "--subnet", "a/b", "--fail", ","); code != 2 || strings.Contains(errs, "no such file") {
		t.Errorf("malformed --fail with a missing file: exit %d, %q", code, errs)
	}
	if code, _, errs := runCLI(t, "trace", hub, "--from", "vm-app", "--to", "vm-db", "--fail", "fw", "--set", "fw-down"); code != 2 || !strings.Contains(errs, "give at most one of --fail or --set") {
		t.Errorf("--fail with --set: exit %d, %q", code, errs)
	}
	noFail := writeScenario(t, `,"topology":{"vnets":[{"id":"v","addressSpace":{"addressPrefixes":["10.0.0.0/16"]}}]}`)
	if code, _, errs := runCLI(t, "reach", noFail, "--fail", "x"); code != 1 || !strings.Contains(errs, "this design has nothing that can fail") {
		t.Errorf("--fail on a design with nothing to fail: exit %d, %q", code, errs)
	}
	if code, _, errs := runCLI(t, "reach", noFail, "--set", "x"); code != 1 || !strings.Contains(errs, "this file has no failure sets") {
		t.Errorf("--set on a file without sets: exit %d, %q", code, errs)
	}
}

// TestNexthopJSON checks Network Watcher's three fields (rule:outputs.next-hop-query:
// nextHopType, nextHopIpAddress, routeTableId, which is a UDR's route
// table or "System Route") and the route that decided, with its matched
// prefix and name.
func TestNexthopJSON(t *testing.T) {
	type route struct {
		Name             *string
		Source           string
		AddressPrefix    []string
		NextHopType      string
		NextHopIPAddress []string
	}
	type answer struct {
		NIC, SourceIPAddress, DestinationIPAddress string
		NextHopType                                string
		NextHopIPAddress                           *string
		RouteTableID                               string
		Route                                      route
	}
	str := func(s string) *string { return &s }
	for _, tc := range []struct {
		to   string
		want answer
	}{
		// spoke1 has no system route for 10.2.1.4 (spoke2 is not peered
		// with it, rule:peering.not-transitive), so the spokes' UDR 10.0.0.0/8 is the longest
		// match (rule:route-selection.longest-prefix-first).
		{"10.2.1.4", answer{"vm-app/nic0", "10.1.1.4", "10.2.1.4", "VirtualAppliance", str("10.0.1.4"), "rt-spokes",
			route{str("to-spokes"), "User", []string{"10.0.0.0/8"}, "VirtualAppliance", []string{"10.0.1.4"}}}},
		// The Internet default route is a system route (rule:outputs.next-hop-query, rule:system-routes.default-set).
		{"8.8.8.8", answer{"vm-app/nic0", "10.1.1.4", "8.8.8.8", "Internet", nil, "System Route",
			route{nil, "Default", []string{"0.0.0.0/0"}, "Internet", []string{}}}},
		// The VNet's own range: VnetLocal, a system route (rule:system-routes.default-set), longer than the UDR's /8 (rule:route-selection.longest-prefix-first).
		{"10.1.1.5", answer{"vm-app/nic0", "10.1.1.4", "10.1.1.5", "VnetLocal", nil, "System Route",
			route{nil, "Default", []string{"10.1.0.0/16"}, "VnetLocal", []string{}}}},
	} {
		args := []string{"nexthop", hub, "--from", "vm-app", "--to", tc.to, "--json"}
		code, out, errs := runCLI(t, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
		var got answer
		decode(t, args, out, &got)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%v:\ngot  %+v\nwant %+v\n%s", args, got, tc.want, out)
		}
		if strings.Contains(out, "null") {
			t.Errorf("%v: null in\n%s", args, out)
		}
	}
}

// TestTraceJSONStructure checks the data of trace --json: each hop's
// kind, the route each Route step used, the peering each Peering step
// crossed, and the NSGs each NSG step (or NSG drop) evaluated, in Azure's
// order (rule:nsg.subnet-then-nic) with the deciding rule (rule:nsg.default-rules, rule:nsg.priority-first-match).
func TestTraceJSONStructure(t *testing.T) {
	type nsg struct {
		NetworkSecurityGroup, AppliedTo, Direction, RuleName string
		Priority                                             int
		Access                                               string
	}
	type step struct {
		Kind  string
		Route *struct {
			Subnet, AddressPrefix, Source, NextHopType, RouteTableID, Name string
			NextHopIPAddress                                               []string
		}
		Peering *struct {
			Peering, From, To, PeeringState string
			Global                          bool
		}
		NSGs []nsg
	}
	type hop struct {
		Node, Kind string
		Steps      []step
	}
	type tr struct {
		Disposition string
		Hops        []hop
		Return      *struct{ Hops []hop }
	}
	run := func(args ...string) (tr, string) {
		t.Helper()
		args = append(args, "--json")
		code, out, errs := runCLI(t, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
		var got tr
		decode(t, args, out, &got)
		if strings.Contains(out, "null") {
			t.Errorf("%v: null in\n%s", args, out)
		}
		return got, out
	}

	// Spoke to spoke through the hub firewall (rule:nva.spoke-to-spoke-through-hub).
	got, out := run("trace", hub, "--from", "vm-app", "--to", "vm-db", "--port", "1433")
	if got.Disposition != "Delivered" || len(got.Hops) != 3 {
		t.Fatalf("hub trace: %s", out)
	}
	for i, want := range []string{"vm-app/nic0", "fw/nic0", "vm-db/nic0"} {
		if got.Hops[i].Node != want || got.Hops[i].Kind != "NetworkInterface" {
			t.Errorf("hop %d = %s (%s), want %s (NetworkInterface)", i, got.Hops[i].Node, got.Hops[i].Kind, want)
		}
	}
	first := got.Hops[0].Steps
	if len(first) != 3 || first[0].Kind != "NSG" || first[1].Kind != "Route" || first[2].Kind != "Peering" {
		t.Fatalf("first hop's steps: %s", out)
	}
	// nsg-app has only an inbound rule: outbound, the default
	// AllowVnetOutBound (65000) decides (rule:nsg.default-rules).
	if want := []nsg{{"nsg-app", "Subnet", "Outbound", "AllowVnetOutBound", 65000, "Allow"}}; !reflect.DeepEqual(first[0].NSGs, want) {
		t.Errorf("outbound NSGs = %+v, want %+v", first[0].NSGs, want)
	}
	if r := first[1].Route; r == nil || r.Subnet != "spoke1/app" || r.AddressPrefix != "10.0.0.0/8" || r.Source != "User" ||
		r.NextHopType != "VirtualAppliance" || !reflect.DeepEqual(r.NextHopIPAddress, []string{"10.0.1.4"}) || r.RouteTableID != "rt-spokes" || r.Name != "to-spokes" {
		t.Errorf("route used at vm-app: %+v", r)
	}
	if p := first[2].Peering; p == nil || p.Peering != "hub-spoke1" || p.From != "spoke1" || p.To != "hub" || p.PeeringState != "Connected" || p.Global {
		t.Errorf("peering crossed from spoke1: %+v", p)
	}
	// At the firewall, its own subnet's system peering route decides (rule:nva.own-nic-routes).
	var fwRoute *step
	for i, s := range got.Hops[1].Steps {
		if s.Kind == "Route" {
			fwRoute = &got.Hops[1].Steps[i]
		}
	}
	if fwRoute == nil || fwRoute.Route == nil || fwRoute.Route.Subnet != "hub/nva" || fwRoute.Route.AddressPrefix != "10.2.0.0/16" || fwRoute.Route.Source != "Default" ||
		fwRoute.Route.NextHopType != "VNetPeering" || fwRoute.Route.RouteTableID != "System Route" || fwRoute.Route.Name != "" || fwRoute.Route.NextHopIPAddress == nil || len(fwRoute.Route.NextHopIPAddress) != 0 {
		t.Errorf("route used at fw: %s", out)
	}
	// The reply is walked too (rule:nva.per-direction-routing), NSGs not re-evaluated (rule:nsg.stateful).
	if got.Return == nil || len(got.Return.Hops) != 3 {
		t.Fatalf("return: %s", out)
	}
	for _, h := range got.Return.Hops {
		for _, s := range h.Steps {
			if s.Kind == "NSG" || len(s.NSGs) > 0 {
				t.Errorf("the reply evaluated an NSG at %s (rule:nsg.stateful)", h.Node)
			}
		}
	}

	// Inbound: the subnet's NSG, then the NIC's (rule:nsg.subnet-then-nic); each decided by
	// its first matching rule (rule:nsg.priority-first-match); the NIC's denies.
	got, out = run("trace", nsgOrder, "--from", "web2", "--to", "app", "--port", "443")
	last := got.Hops[len(got.Hops)-1]
	drop := last.Steps[len(last.Steps)-1]
	wantIn := []nsg{
		{"nsg-app-subnet", "Subnet", "Inbound", "allow-https-from-web", 100, "Allow"},
		{"nsg-app-nic", "NetworkInterface", "Inbound", "deny-https-from-web2", 100, "Deny"},
	}
	if got.Disposition != "DroppedByNSG" || last.Node != "app/nic0" || drop.Kind != "Drop" || !reflect.DeepEqual(drop.NSGs, wantIn) {
		t.Errorf("web2 → app 443: %s\ndrop step NSGs %+v, want %+v", got.Disposition, drop.NSGs, wantIn)
	}
	// A denial by the first NSG ends evaluation: the NIC's is not met (rule:nsg.subnet-then-nic).
	got, _ = run("trace", nsgOrder, "--from", "web1", "--to", "app", "--port", "22")
	last = got.Hops[len(got.Hops)-1]
	drop = last.Steps[len(last.Steps)-1]
	if want := []nsg{{"nsg-app-subnet", "Subnet", "Inbound", "deny-ssh", 200, "Deny"}}; !reflect.DeepEqual(drop.NSGs, want) {
		t.Errorf("web1 → app 22: drop step NSGs %+v, want %+v", drop.NSGs, want)
	}
	// Both allow: the subnet's custom rule, then the NIC's default rule (rule:nsg.default-rules).
	got, _ = run("trace", nsgOrder, "--from", "web1", "--to", "app", "--port", "443")
	last = got.Hops[len(got.Hops)-1]
	wantIn = []nsg{
		{"nsg-app-subnet", "Subnet", "Inbound", "allow-https-from-web", 100, "Allow"},
		{"nsg-app-nic", "NetworkInterface", "Inbound", "AllowVNetInBound", 65000, "Allow"},
	}
	if got.Disposition != "Delivered" || last.Steps[0].Kind != "NSG" || !reflect.DeepEqual(last.Steps[0].NSGs, wantIn) {
		t.Errorf("web1 → app 443: %s, inbound NSGs %+v, want %+v", got.Disposition, last.Steps[0].NSGs, wantIn)
	}

	// The exits and the gateways are hops of their own kind.
	got, _ = run("trace", hub, "--from", "vm-app", "--to", "Internet")
	if h := got.Hops[len(got.Hops)-1]; h.Node != "Internet" || h.Kind != "Internet" {
		t.Errorf("Internet exit hop: %+v", h)
	}
	got, out = run("trace", note004, "--from", "tky01/client", "--to", "vm-spoke")
	kinds := map[string]string{}
	for _, h := range got.Hops {
		kinds[h.Node] = h.Kind
	}
	if kinds["tky01/client"] != "SiteHost" || kinds["tky01"] != "Site" || kinds["vm-spoke/nic0"] != "NetworkInterface" {
		t.Errorf("hybrid hop kinds %v:\n%s", kinds, out)
	}

	// Same input, same bytes.
	_, a := run("trace", hub, "--from", "vm-app", "--to", "vm-db", "--port", "1433")
	_, b := run("trace", hub, "--from", "vm-app", "--to", "vm-db", "--port", "1433")
	if a != b {
		t.Error("trace --json differs between two runs")
	}
}

// TestTraceProseUnchanged: the structured fields do not leak into the
// text output.
func TestTraceProseUnchanged(t *testing.T) {
	_, out, _ := runCLI(t, "trace", nsgOrder, "--from", "web2", "--to", "app", "--port", "443")
	for _, want := range []string{
		"Disposition: DroppedByNSG",
		"Drop     DroppedByNSG: inbound denied by nsg-app-nic rule deny-https-from-web2",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
}

// TestPeeringsCommand checks both links of every peering: peeringState
// (rule:peering.link-states: both links ⇒ Connected; one never created ⇒ Initiated; one
// deleted ⇒ Disconnected) and peeringSyncLevel in Microsoft's own example
// (rule:peering.address-space-sync: VNet1 adds 10.99.0.0/16; VNet1's link reads RemoteNotInSync,
// VNet2's LocalNotInSync, and VNet2's copy of VNet1's space is stale).
func TestPeeringsCommand(t *testing.T) {
	type space struct{ AddressPrefixes []string }
	type link struct {
		Peering, Side, VirtualNetwork, RemoteVirtualNetwork string
		Exists                                              bool
		Lifecycle, PeeringState, PeeringSyncLevel           string
		RemoteAddressSpace                                  space
		RemoteVirtualNetworkAddressSpace                    space
	}
	vnets := `"vnets":[{"id":"vnet1","addressSpace":{"addressPrefixes":["10.1.0.0/16","10.99.0.0/16"]}},{"id":"vnet2","addressSpace":{"addressPrefixes":["10.2.0.0/16"]}}]`
	peering := func(b string) string {
		return writeScenario(t, `,"topology":{`+vnets+`,"peerings":[{"id":"p12","a":{"vnet":"vnet1"},"b":{"vnet":"vnet2"`+b+`}}]}`)
	}
	v1, v2, v1new := []string{"10.1.0.0/16", "10.99.0.0/16"}, []string{"10.2.0.0/16"}, []string{"10.1.0.0/16"}
	for _, tc := range []struct {
		name string
		file string
		want []link
	}{
		{"rule:peering.address-space-sync sync", peering(`,"remoteAddressSpace":{"addressPrefixes":["10.1.0.0/16"]}`), []link{
			{"p12", "a", "vnet1", "vnet2", true, "", "Connected", "RemoteNotInSync", space{v2}, space{v2}},
			{"p12", "b", "vnet2", "vnet1", true, "", "Connected", "LocalNotInSync", space{v1new}, space{v1}},
		}},
		{"rule:peering.link-states Initiated", peering(`,"lifecycle":"NotCreated"`), []link{
			{"p12", "a", "vnet1", "vnet2", true, "", "Initiated", "FullyInSync", space{v2}, space{v2}},
			{"p12", "b", "vnet2", "vnet1", false, "NotCreated", "", "", space{v1}, space{v1}},
		}},
		{"rule:peering.link-states Disconnected", peering(`,"lifecycle":"Deleted"`), []link{
			{"p12", "a", "vnet1", "vnet2", true, "", "Disconnected", "FullyInSync", space{v2}, space{v2}},
			{"p12", "b", "vnet2", "vnet1", false, "Deleted", "", "", space{v1}, space{v1}},
		}},
		{"rule:peering.link-states Connected", peering(``), []link{
			{"p12", "a", "vnet1", "vnet2", true, "", "Connected", "FullyInSync", space{v2}, space{v2}},
			{"p12", "b", "vnet2", "vnet1", true, "", "Connected", "FullyInSync", space{v1}, space{v1}},
		}},
	} {
		args := []string{"peerings", tc.file, "--json"}
		code, out, errs := runCLI(t, args...)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", tc.name, code, errs)
		}
		var got []link
		decode(t, args, out, &got)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s:\ngot  %+v\nwant %+v", tc.name, got, tc.want)
		}
	}
	// Text: one row per side; the reason under the table for what is not
	// Connected and in sync.
	code, out, _ := runCLI(t, "peerings", peering(`,"remoteAddressSpace":{"addressPrefixes":["10.1.0.0/16"]}`))
	for _, want := range []string{
		"p12      vnet1  vnet2        Connected      RemoteNotInSync",
		"p12      vnet2  vnet1        Connected      LocalNotInSync",
		"p12 (b, link on vnet2): both links exist: Connected, traffic and peering routes flow (rule:peering.link-states); LocalNotInSync: this link still knows vnet1's address space as [10.1.0.0/16]; sync this link (rule:peering.address-space-sync)",
	} {
		if code != 0 || !strings.Contains(out, rules.Expand(want)) {
			t.Errorf("peerings text: exit %d, missing %q in\n%s", code, rules.Expand(want), out)
		}
	}
	// The hub's four links, sorted by peering then side.
	args := []string{"peerings", hub, "--json"}
	_, out, _ = runCLI(t, args...)
	var got []link
	decode(t, args, out, &got)
	var order []string
	for _, l := range got {
		order = append(order, l.Peering+"/"+l.Side+"/"+l.PeeringState+"/"+l.PeeringSyncLevel)
	}
	if want := []string{"hub-spoke1/a/Connected/FullyInSync", "hub-spoke1/b/Connected/FullyInSync", "hub-spoke2/a/Connected/FullyInSync", "hub-spoke2/b/Connected/FullyInSync"}; !reflect.DeepEqual(order, want) {
		t.Errorf("hub peerings %v, want %v", order, want)
	}
}

// TestEmptyListsAreEmptyNotNull: every JSON list of the commands touched
// here prints [] when there is nothing in it.
func TestEmptyListsAreEmptyNotNull(t *testing.T) {
	empty := writeScenario(t, `,"topology":{}`)
	for _, tc := range []struct {
		args []string
		want string // the whole stdout
	}{
		{[]string{"lint", hub, "--json"}, "[]\n"},
		{[]string{"lint", empty, "--json"}, "[]\n"},
		{[]string{"peerings", empty, "--json"}, "[]\n"},
		{[]string{"whatif", empty, "--list", "--json"}, "[]\n"},
		// No endpoints: no rows, and the Internet column alone.
		{[]string{"reach", empty, "--json"}, "{\n  \"rows\": [],\n  \"cols\": [\n    \"Internet\"\n  ],\n  \"cells\": []\n}\n"},
		{[]string{"check", empty, "--json"}, "[\n  {\n    \"file\": \"" + empty + "\",\n    \"passed\": 0,\n    \"failed\": 0,\n    \"results\": []\n  }\n]\n"},
	} {
		code, out, errs := runCLI(t, tc.args...)
		if code != 0 || out != tc.want {
			t.Errorf("%v: exit %d, stdout %q (want %q), stderr %q", tc.args, code, out, tc.want, errs)
		}
	}
	if code, out, _ := runCLI(t, "peerings", empty); code != 0 || out != "no peerings\n" {
		t.Errorf("peerings text of an empty design: %d %q", code, out)
	}
}

// TestCheckJSON: one entry per file with its results; a failing
// expectation sets exit 1 and is counted.
func TestCheckJSON(t *testing.T) {
	b, _ := os.ReadFile(hub)
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(strings.Replace(string(b), `"reachable": true`, `"reachable": false`, 1)), 0o644)
	type file struct {
		File           string
		Passed, Failed int
		Results        []struct {
			ID string
			OK bool
		}
	}
	args := []string{"check", hub, bad, "--json"}
	code, out, errs := runCLI(t, args...)
	var got []file
	decode(t, args, out, &got)
	if code != 1 || !strings.Contains(errs, "1 expectations failed") || len(got) != 2 {
		t.Fatalf("check --json: exit %d, %s\n%s", code, errs, out)
	}
	if got[0].File != hub || got[0].Failed != 0 || got[0].Passed != len(got[0].Results) || len(got[0].Results) == 0 {
		t.Errorf("clean file: %+v", got[0])
	}
	if got[1].File != bad || got[1].Failed != 1 || got[1].Passed != len(got[1].Results)-1 {
		t.Errorf("failing file: %+v", got[1])
	}
	for _, r := range got[1].Results {
		if r.ID == "app-to-db-via-fw" && r.OK {
			t.Errorf("app-to-db-via-fw passed with reachable false")
		}
	}
}

// TestReachCSV: RFC 4180 (CRLF line ends, a header row, quoting where a
// field holds a comma or quote), the cells in the matrix's order, the
// same cells as --json; and the format flags' misuse.
func TestReachCSV(t *testing.T) {
	code, out, errs := runCLI(t, "reach", nsgOrder, "--format", "csv")
	if code != 0 {
		t.Fatalf("reach --format csv: exit %d: %s", code, errs)
	}
	if !strings.HasPrefix(out, "from,to,disposition,reason\r\n") || strings.Contains(strings.ReplaceAll(out, "\r\n", ""), "\n") {
		t.Errorf("want a header row and CRLF line ends:\n%q", out)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("not CSV: %v", err)
	}
	_, js, _ := runCLI(t, "reach", nsgOrder, "--json")
	var m struct {
		Cells []struct{ From, To, Disposition, Reason string }
	}
	decode(t, []string{"reach --json"}, js, &m)
	if len(rows) != len(m.Cells)+1 || len(m.Cells) == 0 {
		t.Fatalf("%d CSV rows for %d cells", len(rows), len(m.Cells))
	}
	quoted := false
	for i, c := range m.Cells {
		if want := []string{c.From, c.To, c.Disposition, c.Reason}; !reflect.DeepEqual(rows[i+1], want) {
			t.Errorf("row %d = %q, want %q", i+1, rows[i+1], want)
		}
		quoted = quoted || strings.ContainsAny(c.Reason, ",\"")
	}
	if !quoted || !strings.Contains(out, `,"`) {
		t.Errorf("no reason needed quoting: the test does not cover RFC 4180 quoting")
	}
	if _, again, _ := runCLI(t, "reach", nsgOrder, "--format", "csv"); again != out {
		t.Error("reach --format csv differs between two runs")
	}
	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{[]string{"reach", hub, "--format", "xml"}, `invalid value "xml" for flag -format: want one of text, json, csv`},
		{[]string{"reach", hub, "--format", "csv", "--json"}, "--json and --format csv disagree"},
	} {
		if code, _, errs := runCLI(t, tc.args...); code != 2 || !strings.Contains(errs, tc.msg) {
			t.Errorf("%v: exit %d, %q; want 2 and %q", tc.args, code, errs, tc.msg)
		}
	}
	// --format json is --json; --format any case.
	_, a, _ := runCLI(t, "reach", hub, "--format", "JSON")
	_, b, _ := runCLI(t, "reach", hub, "--json")
	if a != b || !bytes.HasPrefix([]byte(a), []byte("{")) {
		t.Errorf("--format JSON and --json differ")
	}
}

// TestUsageListsNewFlags: vnetplay help lists peerings and the failure
// flags of each command that takes them.
func TestUsageListsNewFlags(t *testing.T) {
	_, _, errs := runCLI(t, "help")
	for _, want := range []string{"vnetplay peerings FILE [--json]", "check FILE... [--json]", "[--format text|json|csv]"} {
		if !strings.Contains(errs, want) {
			t.Errorf("help lacks %q:\n%s", want, errs)
		}
	}
	for _, c := range []string{"routes", "nexthop", "trace", "reach", "bgp"} {
		code, out, _ := runCLI(t, c, "-h")
		if code != 0 || !strings.Contains(out, "[--fail ID[,ID…] | --set NAME]") || !strings.Contains(out, "-fail ID[,ID…]") || !strings.Contains(out, "-set NAME") {
			t.Errorf("%s -h does not describe --fail and --set:\n%s", c, out)
		}
	}
}

// TestReachFromInternetCSV: `reach --from Internet --format csv` writes CSV
// (it printed the text table before): the matrix's header plus the entry,
// one row per public entry point, the same as the JSON's cells.
func TestReachFromInternetCSV(t *testing.T) {
	file := "../../scenarios/internet-web-standard-lb.json"
	code, out, errs := runCLI(t, "reach", file, "--from", "Internet", "--format", "csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("not CSV: %v\n%s", err, out)
	}
	if got := strings.Join(rows[0], ","); got != "from,to,disposition,reason,entry" {
		t.Fatalf("header %q", got)
	}
	_, js, _ := runCLI(t, "reach", file, "--from", "Internet", "--json")
	var cells []struct{ To, Entry, Disposition string }
	if err := json.Unmarshal([]byte(js), &cells); err != nil {
		t.Fatal(err)
	}
	if len(rows)-1 != len(cells) || len(cells) == 0 {
		t.Fatalf("%d CSV rows, %d JSON cells", len(rows)-1, len(cells))
	}
	for i, c := range cells {
		r := rows[i+1]
		if r[0] != "Internet (203.0.113.10)" || r[1] != c.To || r[2] != c.Disposition || r[4] != c.Entry {
			t.Errorf("row %d %q, want the JSON cell %+v", i+1, r, c)
		}
	}
}
