package expect

import (
	"strings"
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/dns"
	"vnetplay/engine/scenario"
	"vnetplay/engine/trace"
)

// routeOKDNSWrong is the "route OK, DNS wrong" design: pe-blob (10.1.2.5,
// stacct.blob.core.windows.net, public 20.60.0.10) in spoke1, its
// privatelink zone linked to spoke1 only; spoke2 peered with the hub and
// directly with spoke1 (so it has the /32), its 0.0.0.0/0 to the hub
// firewall. vm3 in spoke2 asks the DNS server VM dns1 in spoke1, which
// forwards to Azure DNS there; vm4 in spoke1 asks a DNS server that does
// not exist. corp.example.com is linked to spoke1 with registration.
const routeOKDNSWrong = `{"format": "vnetplay/scenario", "version": 1, "topology": {
 "vnets": [
  {"id": "hub", "addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}, "subnets": [{"name": "AzureFirewallSubnet", "addressPrefix": "10.0.1.0/26"}]},
  {"id": "spoke1", "addressSpace": {"addressPrefixes": ["10.1.0.0/16"]}, "subnets": [{"name": "app", "addressPrefix": "10.1.1.0/24"}, {"name": "pe", "addressPrefix": "10.1.2.0/24"}]},
  {"id": "spoke2", "addressSpace": {"addressPrefixes": ["10.2.0.0/16"]}, "subnets": [{"name": "app", "addressPrefix": "10.2.1.0/24", "routeTable": "rt"}]}],
 "peerings": [
  {"id": "hub-spoke1", "a": {"vnet": "hub"}, "b": {"vnet": "spoke1", "allowForwardedTraffic": true}},
  {"id": "hub-spoke2", "a": {"vnet": "hub"}, "b": {"vnet": "spoke2", "allowForwardedTraffic": true}},
  {"id": "spoke1-spoke2", "a": {"vnet": "spoke1"}, "b": {"vnet": "spoke2"}}],
 "routeTables": [{"id": "rt", "routes": [{"name": "default", "addressPrefix": "0.0.0.0/0", "nextHopType": "VirtualAppliance", "nextHopIpAddress": "10.0.1.4"}]}],
 "virtualMachines": [
  {"id": "fw", "guestIpForwarding": true, "networkInterfaces": [{"name": "nic0", "subnet": "hub/AzureFirewallSubnet", "privateIpAddress": "10.0.1.4", "enableIPForwarding": true}]},
  {"id": "vm1", "networkInterfaces": [{"name": "nic0", "subnet": "spoke1/app", "privateIpAddress": "10.1.1.4"}]},
  {"id": "dns1", "dnsServer": {"forwarders": ["168.63.129.16"]}, "networkInterfaces": [{"name": "nic0", "subnet": "spoke1/app", "privateIpAddress": "10.1.1.53"}]},
  {"id": "vm4", "networkInterfaces": [{"name": "nic0", "subnet": "spoke1/app", "privateIpAddress": "10.1.1.6", "dnsSettings": {"dnsServers": ["10.1.1.99"]}}]},
  {"id": "vm2", "networkInterfaces": [{"name": "nic0", "subnet": "spoke2/app", "privateIpAddress": "10.2.1.4"}]},
  {"id": "vm3", "networkInterfaces": [{"name": "nic0", "subnet": "spoke2/app", "privateIpAddress": "10.2.1.5", "dnsSettings": {"dnsServers": ["10.1.1.53"]}}]}],
 "privateEndpoints": [{"id": "pe-blob", "subnet": "spoke1/pe", "privateIpAddress": "10.1.2.5", "privateLinkServiceId": "stacct", "groupIds": ["blob"],
  "fqdn": "stacct.blob.core.windows.net", "publicIpAddress": "20.60.0.10",
  "privateDnsZoneGroup": {"privateDnsZoneConfigs": [{"name": "blob", "privateDnsZoneId": "privatelink.blob.core.windows.net"}]}}],
 "privateDnsZones": [
  {"id": "privatelink.blob.core.windows.net", "virtualNetworkLinks": [{"name": "spoke1", "virtualNetwork": "spoke1"}]},
  {"id": "corp.example.com", "virtualNetworkLinks": [{"name": "spoke1", "virtualNetwork": "spoke1", "registrationEnabled": true}]}]},
 "failures": {"fw-down": [{"kind": "ApplianceDown", "target": "fw"}], "direct-down": [{"kind": "PeeringDown", "target": "spoke1-spoke2"}]}}`

const blob = "stacct.blob.core.windows.net"

func loadDoc(t *testing.T, js string) *scenario.Document {
	t.Helper()
	doc, _, err := scenario.Decode([]byte(js), scenario.Strict)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestResolveExpectations: every word of a resolve expectation's answer,
// addresses, case, and what fails (rule:private-endpoints.routing-and-dns-independent,
// rule:dns.azure-dns-vnet-scope, rule:dns.nxdomain-and-fallback).
func TestResolveExpectations(t *testing.T) {
	doc := loadDoc(t, routeOKDNSWrong)
	yes, no := true, false
	cases := []struct {
		e    scenario.Expectation
		ok   bool
		got  string // in Got, when set
		fail string // in Msg, when set
	}{
		{scenario.Expectation{From: "vm1", Name: blob, Answer: "10.1.2.5"}, true, "10.1.2.5 (private)", ""},
		{scenario.Expectation{From: "vm1/nic0", Name: blob + ".", Answer: "private"}, true, "", ""},
		{scenario.Expectation{From: "vm1", Name: strings.ToUpper(blob), Answer: "PRIVATE"}, true, "", ""},
		{scenario.Expectation{From: "vm1", Name: blob, Answer: " 10.1.2.5 , 10.1.2.5"}, true, "", ""},
		{scenario.Expectation{From: "vm1", Name: blob, Answer: "10.1.2.5, 10.1.2.6"}, false, "", "should resolve to 10.1.2.5, 10.1.2.6, but resolves to 10.1.2.5 (private)"},
		{scenario.Expectation{From: "vm2", Name: blob, Answer: "public"}, true, "20.60.0.10 (public)", ""},
		{scenario.Expectation{From: "vm2", Name: blob, Answer: "20.60.0.10"}, true, "", ""},
		{scenario.Expectation{From: "vm2", Name: blob, Answer: "private"}, false, "20.60.0.10 (public)", "should resolve to private, but resolves to 20.60.0.10 (public)"},
		{scenario.Expectation{From: "vm2", Name: blob, Answer: "NXDOMAIN"}, false, "", ""},
		{scenario.Expectation{From: "vm1", Name: "vm2", Answer: "nxdomain"}, true, "vm2.internal.cloudapp.net", ""},
		{scenario.Expectation{From: "vm1", Name: "vm1.corp.example.com", Answer: "10.1.1.4"}, true, "", ""},
		{scenario.Expectation{From: "vm1", Name: "nothing.corp.example.com", Answer: "NXDOMAIN"}, true, "", ""},
		{scenario.Expectation{From: "vm2", Name: "www.example.org", Answer: "public"}, true, "not modelled", ""},
		{scenario.Expectation{From: "vm2", Name: "www.example.org", Answer: "failed"}, false, "", ""},
		{scenario.Expectation{From: "vm4", Name: blob, Answer: "failed"}, true, "10.1.1.99", ""},
		{scenario.Expectation{From: "vm4", Name: blob, Answer: "public"}, false, "", ""},
		// Through a custom DNS server in the linked VNet, over the direct peering.
		{scenario.Expectation{From: "vm3", Name: blob, Answer: "10.1.2.5"}, true, "", ""},
		{scenario.Expectation{From: "vm3", Name: blob, Answer: "failed", Failures: "direct-down"}, true, "with direct-down failed: ", ""},
		{scenario.Expectation{From: "vm3", Name: blob, Answer: "private", Failures: "fw-down"}, true, "with fw-down failed: ", ""},
		{scenario.Expectation{From: "nope", Name: blob, Answer: "public"}, false, "", `unknown endpoint "nope"`},
		{scenario.Expectation{From: "vm1", Name: "a..b", Answer: "public"}, false, "", "needs a DNS name"},
		{scenario.Expectation{From: "vm1", Name: blob, Answer: "maybe"}, false, "", "needs an answer"},
		// Reach by name: resolved from the source, then walked.
		{scenario.Expectation{Kind: "reach", From: "vm2", To: blob, Reachable: &yes, Via: "fw"}, true,
			blob + " resolves to 20.60.0.10 (public); ExitsToInternet", ""},
		{scenario.Expectation{Kind: "reach", From: "vm2", To: blob, Reachable: &yes}, true, "(via fw/nic0); not to the private endpoint pe-blob", ""},
		{scenario.Expectation{Kind: "reach", From: "vm2", To: blob, Reachable: &no, Failures: "fw-down"}, true, "with fw-down failed: " + blob + " resolves to 20.60.0.10 (public); DroppedNoHost", ""},
		{scenario.Expectation{Kind: "reach", From: "vm2", To: "pe-blob", Reachable: &yes}, true, "delivered to private endpoint pe-blob", ""},
		{scenario.Expectation{Kind: "reach", From: "vm1", To: blob, Reachable: &yes}, true, "resolves to 10.1.2.5 (private); Delivered", ""},
		{scenario.Expectation{Kind: "reach", From: "vm1", To: "nothing.corp.example.com", Reachable: &no}, false, "does not resolve: NXDOMAIN", "nothing.corp.example.com should resolve to an address to walk to, but does not resolve"},
		{scenario.Expectation{Kind: "reach", From: "vm1", To: "nope", Reachable: &no}, false, "", `unknown destination "nope"`},
	}
	for i := range cases {
		c := &cases[i]
		c.e.ID = string(rune('a' + i))
		if c.e.Kind == "" {
			c.e.Kind = scenario.ExpectResolve
		}
		doc.Expect = append(doc.Expect, c.e)
	}
	res := EvaluateDocument(doc, dataplane.Build(&doc.Topology))
	for i, r := range res {
		c := cases[i]
		if r.OK != c.ok || !strings.Contains(r.Got, c.got) || !strings.Contains(r.Msg, c.fail) || r.Kind != c.e.Kind || r.ID != c.e.ID {
			t.Errorf("%+v: got ok=%v %q / %q; want ok=%v, %q / %q", c.e, r.OK, r.Got, r.Msg, c.ok, c.got, c.fail)
		}
	}
	// Evaluate has no design to resolve names in.
	for _, r := range Evaluate(dataplane.Build(&doc.Topology), doc.Expect[:1]) {
		if r.OK || !strings.Contains(r.Msg, "EvaluateDocument") {
			t.Errorf("Evaluate without the design: %+v", r)
		}
	}
}

func TestValidateResolveExpectations(t *testing.T) {
	doc := loadDoc(t, routeOKDNSWrong)
	yes := true
	ds := Validate(dataplane.Build(&doc.Topology), []scenario.Expectation{
		{ID: "ok", Kind: "resolve", From: "vm1", Name: blob, Answer: "NXDOMAIN"},
		{ID: "ok2", Kind: "resolve", From: "vm2", Name: "vm1", Answer: "10.1.1.4,10.1.1.5"},
		{ID: "ok3", Kind: "reach", From: "vm2", To: blob, Reachable: &yes},
		{ID: "e1", Kind: "resolve", From: "nope", Name: "a_b..c", Answer: "sometimes"},
		{ID: "e2", Kind: "resolve", From: "vm1"},
		{ID: "e3", Kind: "reach", From: "vm1", To: "999.1.1.1", Reachable: &yes},
		{ID: "e4", Kind: "reach", From: "vm1", To: "nohost", Reachable: &yes},
	})
	var got []string
	for _, d := range ds {
		got = append(got, d.Path+" "+d.Code)
	}
	want := "expect[e1].from expect.unknown-endpoint, expect[e1].name expect.bad-name, expect[e1].answer expect.bad-answer, " +
		"expect[e2].name expect.missing-field, expect[e2].answer expect.missing-field, expect[e3].to expect.unknown-endpoint, expect[e4].to expect.unknown-endpoint"
	if g := strings.Join(got, ", "); g != want {
		t.Errorf("got  %s\nwant %s", g, want)
	}
}

func TestIsName(t *testing.T) {
	for s, want := range map[string]bool{
		"stacct.blob.core.windows.net": true, "host.example.com.": true, "a.b": true, "x-1.corp": true,
		"vm2": false, "Internet": false, "10.1.2.5": false, "999.1.1.1": false, "fd00::1": false, "a..b": false, "": false, "bad name.com": false,
	} {
		if IsName(s) != want {
			t.Errorf("IsName(%q) = %v", s, !want)
		}
	}
}

// TestVerdict: the sentence trace --to NAME prints, for the public answer
// through the firewall, the private answer, and no answer.
func TestVerdict(t *testing.T) {
	doc := loadDoc(t, routeOKDNSWrong)
	p := dataplane.Build(&doc.Topology)
	r := dns.New(p, &doc.Topology)
	walk := func(from, name string) (NameTarget, string) {
		n := ResolveTarget(r, p, &doc.Topology, from, name)
		var tr *trace.Trace
		if n.Resolved() {
			src, _ := Source(p, from)
			tr = trace.Run(p, trace.Flow{Src: src, DstIP: n.Addr})
		}
		return n, n.Verdict(p, tr)
	}
	n, v := walk("vm2", blob)
	if n.PrivateEndpoint != "pe-blob" || v != "resolves to the public address 20.60.0.10 (public DNS: the service's public address (no private zone answers stacct.privatelink.blob.core.windows.net for Azure DNS (VNet spoke2))): the packet leaves through fw/nic0 to the Internet, not to the private endpoint pe-blob" {
		t.Errorf("vm2: %+v\n%s", n, v)
	}
	n, v = walk("vm1", blob)
	if n.PrivateEndpoint != "pe-blob" || !strings.HasPrefix(v, "resolves to the private address 10.1.2.5 (A record stacct in private zone") || !strings.HasSuffix(v, ": the packet reaches the private endpoint pe-blob") {
		t.Errorf("vm1: %+v\n%s", n, v)
	}
	n, v = walk("vm1", "vm2.corp.example.com")
	if n.Resolved() || n.PrivateEndpoint != "" || !strings.HasPrefix(v, "does not resolve: NXDOMAIN (") {
		t.Errorf("vm1 → vm2.corp.example.com: %+v\n%s", n, v)
	}
	n, v = walk("vm1", "vm1.corp.example.com")
	if !n.Resolved() || n.PrivateEndpoint != "" || !strings.HasSuffix(v, ": the packet is delivered to vm1/nic0") {
		t.Errorf("vm1 → itself: %+v\n%s", n, v)
	}
	n, v = walk("vm2", "www.example.org")
	if n.Resolved() || !strings.HasPrefix(v, "resolves through public DNS to an address the design does not give") {
		t.Errorf("vm2 → www.example.org: %+v\n%s", n, v)
	}
	// Target: endpoints and addresses as Destination, names resolved.
	if dst, named, ok := Target(p, &doc.Topology, "vm2", "pe-blob"); !ok || named != nil || dst.String() != "10.1.2.5" {
		t.Errorf("Target pe-blob: %v %v %v", dst, named, ok)
	}
	if dst, named, ok := Target(p, &doc.Topology, "vm2", blob); !ok || named == nil || dst.String() != "20.60.0.10" {
		t.Errorf("Target %s: %v %v %v", blob, dst, named, ok)
	}
	if _, named, ok := Target(p, &doc.Topology, "vm1", "vm2.corp.example.com"); ok || named == nil || named.Resolution.Answer.Kind != dns.NXDomain {
		t.Errorf("Target vm2.corp.example.com: %v %v", named, ok)
	}
	if _, named, ok := Target(p, &doc.Topology, "vm1", "nohost"); ok || named != nil {
		t.Errorf("Target nohost: %v %v", named, ok)
	}
}
