package expect

import (
	"os"
	"strings"
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
)

// twoVMs is VNet v (10.0.0.0/16) with subnets a and b, VM x in a
// (10.0.1.4) and VM y in b (10.0.2.4).
func twoVMs() model.Topology {
	return model.Topology{
		VNets: []model.VNet{{ID: "v", AddressSpace: model.AddressSpace{AddressPrefixes: []string{"10.0.0.0/16"}},
			Subnets: []model.Subnet{{Name: "a", AddressPrefix: "10.0.1.0/24"}, {Name: "b", AddressPrefix: "10.0.2.0/24"}}}},
		VMs: []model.VM{{ID: "x", NICs: []model.NIC{{Name: "n", Subnet: "v/a", PrivateIPAddress: "10.0.1.4"}}},
			{ID: "y", NICs: []model.NIC{{Name: "n", Subnet: "v/b", PrivateIPAddress: "10.0.2.4"}}}},
	}
}

func TestEvaluate(t *testing.T) {
	topo := twoVMs()
	yes, no := true, false
	p := dataplane.Build(&topo)
	res := Evaluate(p, []scenario.Expectation{
		{ID: "1", Kind: "reach", From: "x", To: "y", Reachable: &yes},
		{ID: "2", Kind: "reach", From: "x", To: "y", Reachable: &no},
		{ID: "3", Kind: "reach", From: "x", To: "10.9.0.1", Reachable: &no},
		{ID: "4", Kind: "route", Subnet: "v/a", Prefix: "10.0.2.0/24", NextHopType: "VnetLocal"},
		{ID: "5", Kind: "route", Subnet: "v/a", Prefix: "10.0.2.0/24", NextHopType: "None"},
		{ID: "6", Kind: "reach", From: "x", To: "y", Reachable: &yes, Via: "fw"},
		{ID: "7", Kind: "bogus"},
		{ID: "8", Kind: "reach", From: "nope", To: "y", Reachable: &yes},
		{ID: "9", Kind: "reach", From: "x", To: "Internet", Reachable: &yes},
		{ID: "10", Kind: "reach", From: "x", To: "y", Port: 70000, Reachable: &yes},
		{ID: "11", Kind: "reach", From: "x", To: "y", Protocol: "Tcpp", Reachable: &yes},
	})
	want := []bool{true, false, true, true, false, false, false, false, true, false, false}
	for i, r := range res {
		if r.OK != want[i] {
			t.Errorf("expectation %s: OK=%v want %v (%s; %s)", r.ID, r.OK, want[i], r.Got, r.Msg)
		}
	}
}

func TestValidateExpectations(t *testing.T) {
	topo := model.Topology{VNets: []model.VNet{{ID: "v", AddressSpace: model.AddressSpace{AddressPrefixes: []string{"10.0.0.0/16"}},
		Subnets: []model.Subnet{{Name: "a", AddressPrefix: "10.0.1.0/24"}}}},
		VMs: []model.VM{{ID: "x", NICs: []model.NIC{{Name: "n", Subnet: "v/a", PrivateIPAddress: "10.0.1.4"}}}}}
	yes := true
	ds := Validate(dataplane.Build(&topo), []scenario.Expectation{
		{ID: "ok", Kind: "reach", From: "x", To: "Internet", Reachable: &yes},
		{ID: "ok", Kind: "reach", From: "nope", To: "x"},
		{ID: "r", Kind: "route", Subnet: "v/zz"},
		{Kind: "other"},
	})
	var codes []string
	for _, d := range ds {
		codes = append(codes, d.Code)
	}
	want := "id.duplicate expect.unknown-endpoint expect.missing-field expect.unknown-subnet expect.missing-field expect.missing-field id.empty expect.kind"
	if got := strings.Join(codes, " "); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// TestValidateReachFlow: a reach expectation's flow is a protocol the walk
// knows (Tcp, Udp, Icmp or Any, in any case; empty for Tcp) and a port from 0
// to 65535 (0 for 443). Anything else is an error, not a walk: port 70000 was
// walked, matched none of an NSG's rules, not even DenyAllInBound, and was
// reported as denied by "(no rule)".
func TestValidateReachFlow(t *testing.T) {
	topo := twoVMs()
	yes := true
	reach := func(id, proto string, port int) scenario.Expectation {
		return scenario.Expectation{ID: id, Kind: "reach", From: "x", To: "y", Protocol: proto, Port: port, Reachable: &yes}
	}
	ds := Validate(dataplane.Build(&topo), []scenario.Expectation{
		reach("defaults", "", 0), reach("tcp", "tcp", 65535), reach("icmp", "ICMP", 0), reach("any", "Any", 22), reach("udp", "Udp", 53),
		reach("big", "Tcp", 70000), reach("negative", "Tcp", -1), reach("typo", "Tcpp", 443), reach("star", "*", 443),
	})
	var got []string
	for _, d := range ds {
		got = append(got, d.Path+" "+d.Code)
	}
	want := "expect[big].port expect.bad-port, expect[negative].port expect.bad-port, expect[typo].protocol expect.bad-protocol, expect[star].protocol expect.bad-protocol"
	if g := strings.Join(got, ", "); g != want {
		t.Errorf("got  %s\nwant %s", g, want)
	}
}

// TestFailuresReadAsPlainWords: a failed expectation says, in plain words,
// what should have happened and what happens instead (the Challenge tab,
// the Checks tab and vnetplay check show it), not the expectation's field
// ("expected reachable=true") nor the walk's disposition name.
func TestFailuresReadAsPlainWords(t *testing.T) {
	topo := twoVMs()
	yes, no := true, false
	res := Evaluate(dataplane.Build(&topo), []scenario.Expectation{
		{ID: "reach", Kind: "reach", From: "x", To: "10.9.0.1", Reachable: &yes},
		{ID: "not-reach", Kind: "reach", From: "x", To: "y", Reachable: &no},
		{ID: "not-internet", Kind: "reach", From: "x", To: "Internet", Reachable: &no},
		{ID: "via", Kind: "reach", From: "x", To: "y", Reachable: &yes, Via: "fw"},
		{ID: "route", Kind: "route", Subnet: "v/a", Prefix: "10.0.2.0/24", NextHopType: "None"},
	})
	want := map[string]string{
		"reach":     "should be reachable, but is dropped: ",
		"not-reach": "should not be reachable, but is delivered: ",
		// an exit is not a delivery: the words name it
		"not-internet": "should not be reachable, but leaves Azure for the Internet: ",
		"via":          "should go through fw, but goes through no appliance",
		"route":        "traffic from v/a to 10.0.2.0/24 should have next hop None, but its route 10.0.0.0/16 has next hop VnetLocal",
	}
	for _, r := range res {
		if r.OK || !strings.HasPrefix(r.Msg, want[r.ID]) || strings.Contains(r.Msg, "expected") || strings.Contains(r.Msg, "=") {
			t.Errorf("%s: OK=%v Msg %q, want it to begin %q", r.ID, r.OK, r.Msg, want[r.ID])
		}
	}
}

// TestBGPFailuresReadAsPlainWords: a BGP expectation that fails says
// which speaker should have which path and what it has instead.
func TestBGPFailuresReadAsPlainWords(t *testing.T) {
	js, err := os.ReadFile("../../scenarios/er-vpn-coexistence.json")
	if err != nil {
		t.Fatal(err)
	}
	doc := loadDoc(t, string(js))
	doc.Expect = []scenario.Expectation{
		{ID: "path", Kind: "bgp", Speaker: "onprem", Prefix: "10.1.0.0/16", AsPath: "65000"},
		{ID: "absent", Kind: "bgp", Speaker: "onprem", Prefix: "10.1.0.0/16", Absent: true},
		{ID: "missing", Kind: "bgp", Speaker: "onprem", Prefix: "10.99.0.0/16", AsPath: "12076"},
	}
	want := map[string]string{
		"path":    `onprem's best path to 10.1.0.0/16 should have AS path "65000", but is "12076`,
		"absent":  `onprem should have no route for 10.1.0.0/16, but has one: best path "12076`,
		"missing": `onprem should have a route to 10.99.0.0/16 with AS path "12076", but has no route for it`,
	}
	for _, r := range EvaluateDocument(doc, dataplane.Build(&doc.Topology)) {
		if r.OK || !strings.HasPrefix(r.Msg, want[r.ID]) {
			t.Errorf("%s: OK=%v Msg %q, want it to begin %q", r.ID, r.OK, r.Msg, want[r.ID])
		}
	}
}
