package engine_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"vnetplay/engine"
	"vnetplay/engine/dns"
	"vnetplay/engine/expect"
	"vnetplay/engine/model"
	"vnetplay/engine/reach"
	"vnetplay/engine/scenario"
	"vnetplay/engine/trace"
	"vnetplay/engine/whatif"
	"vnetplay/scenarios"
)

func TestLoadReportsDecodeAndValidation(t *testing.T) {
	a, err := engine.Load([]byte(`{"format":"vnetplay/scenario","version":1,"typo":1,"topology":{"vnets":[{"id":"vnet","addressSpace":{"addressPrefixes":["10.0.0.0/16"]},"subnets":[{"name":"s","addressPrefix":"10.1.0.0/24"}]}]}}`), scenario.Lenient)
	if err != nil {
		t.Fatal(err)
	}
	codes := map[string]bool{}
	for _, d := range a.Diagnostics {
		codes[d.Code] = true
	}
	if !codes["scenario.unknown-field"] || !codes["subnet.outside-address-space"] || a.Errors() != 1 {
		t.Fatalf("diagnostics %v", a.Diagnostics)
	}
	if _, err := engine.Load([]byte(`{"format":"vnetplay/scenario","version":7}`), scenario.Lenient); err == nil {
		t.Fatal("newer version accepted")
	}
}

// loadSeeds are small scenario files covering each part of the format:
// the fuzzer mutates them cheaply (the built-in scenarios, 3–8 KB each, spent
// a smoke run's budget minimising; TestLoadBuiltins runs them through the
// same checks).
var loadSeeds = []string{
	`{"format":"vnetplay/scenario","version":1,"topology":{"vnets":[{"id":"a","addressSpace":{"addressPrefixes":["::/0","0.0.0.0/0"]},"subnets":[{"name":"s","addressPrefix":"0.0.0.0/0"}]}],"virtualMachines":[{"id":"x","networkInterfaces":[{"name":"n","subnet":"a/s","privateIpAddress":"0.0.0.0"}]}]}}`,
	`{"format":"vnetplay/scenario","version":1,"topology":{"vnets":[{"id":"hub","addressSpace":{"addressPrefixes":["10.0.0.0/16"]},"subnets":[{"name":"nva","addressPrefix":"10.0.1.0/24"}]},{"id":"sp","addressSpace":{"addressPrefixes":["10.1.0.0/16"]},"subnets":[{"name":"app","addressPrefix":"10.1.1.0/24","routeTable":"rt","networkSecurityGroup":"g"}]}],"peerings":[{"id":"p","a":{"vnet":"hub"},"b":{"vnet":"sp","allowForwardedTraffic":true}}],"routeTables":[{"id":"rt","routes":[{"name":"d","addressPrefix":"0.0.0.0/0","nextHopType":"VirtualAppliance","nextHopIpAddress":"10.0.1.4"}]}],"networkSecurityGroups":[{"id":"g","securityRules":[{"name":"r","priority":100,"direction":"Inbound","access":"Deny","protocol":"Tcp","sourceAddressPrefix":"VirtualNetwork","destinationPortRange":"22"}]}],"virtualMachines":[{"id":"fw","guestIpForwarding":true,"stateful":true,"networkInterfaces":[{"name":"n","subnet":"hub/nva","privateIpAddress":"10.0.1.4","enableIPForwarding":true}]},{"id":"vm","networkInterfaces":[{"name":"n","subnet":"sp/app","privateIpAddress":"10.1.1.4"}]}]},"expect":[{"id":"e","kind":"reach","from":"vm","to":"fw","reachable":true}]}`,
	`{"format":"vnetplay/scenario","version":1,"topology":{"vnets":[{"id":"hub","addressSpace":{"addressPrefixes":["10.0.0.0/16"]},"subnets":[{"name":"GatewaySubnet","addressPrefix":"10.0.255.0/27"},{"name":"app","addressPrefix":"10.0.1.0/24"}]}],"virtualMachines":[{"id":"vm","networkInterfaces":[{"name":"n","subnet":"hub/app","privateIpAddress":"10.0.1.4"}]}],"virtualNetworkGateways":[{"id":"vpn","vnet":"hub","gatewayType":"Vpn","sku":"VpnGw1AZ","enableBgp":true,"vpnClientConfiguration":{"vpnClientAddressPool":{"addressPrefixes":["172.16.0.0/24"]},"clients":[{"id":"c","ipAddress":"172.16.0.2"}]}},{"id":"er","vnet":"hub","gatewayType":"ExpressRoute","sku":"ErGw1AZ"}],"sites":[{"id":"dc","addressPrefixes":["192.168.0.0/24"],"asn":65020,"hosts":[{"id":"h","ipAddress":"192.168.0.10"}]}],"localNetworkGateways":[{"id":"l","site":"dc","gatewayIpAddress":"203.0.113.1","localNetworkAddressSpace":{"addressPrefixes":[]},"bgpSettings":{"asn":65020,"bgpPeeringAddress":"192.168.0.1"}}],"connections":[{"id":"s2s","connectionType":"IPsec","virtualNetworkGateway1":"vpn","localNetworkGateway2":"l","enableBgp":true},{"id":"erc","connectionType":"ExpressRoute","virtualNetworkGateway1":"er","peer":"ckt"}],"expressRouteCircuits":[{"id":"ckt","site":"dc","peerASN":65020,"primaryPeerAddressPrefix":"172.17.0.0/30"}]},"failures":{"f":[{"kind":"CircuitDown","target":"ckt"}]},"expect":[{"id":"e","kind":"reach","from":"dc/h","to":"vm","reachable":true,"failures":"f"}]}`,
	`{"format":"vnetplay/scenario","version":1,"topology":{"vnets":[{"id":"hub","addressSpace":{"addressPrefixes":["10.0.0.0/16"]},"subnets":[{"name":"RouteServerSubnet","addressPrefix":"10.0.254.0/26"},{"name":"nva","addressPrefix":"10.0.1.0/24"}]}],"virtualMachines":[{"id":"nva","guestIpForwarding":true,"networkInterfaces":[{"name":"n","subnet":"hub/nva","privateIpAddress":"10.0.1.4","enableIPForwarding":true}]}],"routeServers":[{"id":"rs","vnet":"hub","bgpConnections":[{"name":"p","peerIp":"10.0.1.4","peerAsn":65001,"advertise":[{"prefix":"0.0.0.0/0","asPathPrepend":2}]}]}]},"expect":[{"id":"b","kind":"bgp","prefix":"0.0.0.0/0","speaker":"rs","asPath":"65001 65001 65001"}]}`,
	// Private endpoints, DNS servers, a private zone, a resolver, a ruleset, a site's resolver.
	`{"format":"vnetplay/scenario","version":1,"topology":{"vnets":[{"id":"hub","location":"westeurope","addressSpace":{"addressPrefixes":["10.0.0.0/16"]},"dhcpOptions":{"dnsServers":["10.0.4.4","168.63.129.16"]},"subnets":[{"name":"app","addressPrefix":"10.0.1.0/24"},{"name":"pe","addressPrefix":"10.0.2.0/24","privateEndpointNetworkPolicies":"RouteTableEnabled"},{"name":"dns-in","addressPrefix":"10.0.4.0/28"},{"name":"dns-out","addressPrefix":"10.0.4.16/28"}]},{"id":"sp","location":"westeurope","addressSpace":{"addressPrefixes":["10.1.0.0/16"]},"subnets":[{"name":"app","addressPrefix":"10.1.1.0/24"}]}],"peerings":[{"id":"p","a":{"vnet":"hub"},"b":{"vnet":"sp"}}],"virtualMachines":[{"id":"vm","networkInterfaces":[{"name":"n","subnet":"sp/app","privateIpAddress":"10.1.1.4","dnsSettings":{"dnsServers":["10.0.1.5"]}}]},{"id":"dnsvm","dnsServer":{"forwarders":["168.63.129.16"],"conditionalForwarders":[{"domainName":"corp.example.com","targetDnsServers":["192.168.0.53"]}]},"guestIpForwarding":true,"networksBehind":[{"name":"b","addressPrefixes":["172.20.0.0/16"],"hosts":[{"id":"h","ipAddress":"172.20.0.5"}]}],"networkInterfaces":[{"name":"n","subnet":"hub/app","privateIpAddress":"10.0.1.5","enableIPForwarding":true}]}],"privateEndpoints":[{"id":"pe","subnet":"hub/pe","privateIpAddress":"10.0.2.4","privateLinkServiceId":"st","groupIds":["blob"],"fqdn":"st.blob.core.windows.net","publicIpAddress":"20.60.0.1","privateDnsZoneGroup":{"privateDnsZoneConfigs":[{"name":"z","privateDnsZoneId":"privatelink.blob.core.windows.net"}]},"customDnsConfigs":[{"fqdn":"st.blob.core.windows.net","ipAddresses":["10.0.2.4"]}]}],"privateDnsZones":[{"id":"privatelink.blob.core.windows.net","recordSets":[{"name":"x","type":"A","aRecords":[{"ipv4Address":"10.0.2.9"}]},{"name":"y","type":"CNAME","cnameRecord":{"cname":"x.privatelink.blob.core.windows.net"}}],"virtualNetworkLinks":[{"name":"l","virtualNetwork":"hub","registrationEnabled":true,"resolutionPolicy":"NxDomainRedirect"}]}],"dnsResolvers":[{"id":"r","vnet":"hub","inboundEndpoints":[{"name":"in","subnet":"dns-in","privateIpAddress":"10.0.4.4"}],"outboundEndpoints":[{"name":"out","subnet":"dns-out"}]}],"dnsForwardingRulesets":[{"id":"rs","dnsResolverOutboundEndpoints":["r/out"],"forwardingRules":[{"name":"c","domainName":"corp.example.com.","targetDnsServers":[{"ipAddress":"192.168.0.53","port":53}],"forwardingRuleState":"Enabled"}],"virtualNetworkLinks":[{"name":"l","virtualNetwork":"sp"}]}],"sites":[{"id":"dc","addressPrefixes":["192.168.0.0/24"],"dnsServer":{"ipAddress":"192.168.0.53","conditionalForwarders":[{"domainName":"blob.core.windows.net","targetDnsServers":["10.0.4.4"]}]},"hosts":[{"id":"h","ipAddress":"192.168.0.10"}]}]},"expect":[{"id":"a","kind":"resolve","from":"vm","name":"st.blob.core.windows.net","answer":"private"},{"id":"b","kind":"reach","from":"vm","to":"st.blob.core.windows.net","reachable":true}]}`,
}

// checkLoad is FuzzLoad's check of one input: loading, validating,
// computing routes, the reachability matrix, the expectations, BGP, P2S
// and a what-if of the first component never panics and terminates, and a
// listed component is never refused.
func checkLoad(t *testing.T, b []byte) {
	a, err := engine.Load(b, scenario.Lenient)
	if err != nil {
		return
	}
	if len(a.Plane.NICs()) > 12 {
		return // keep each input cheap; the matrix is quadratic
	}
	for _, sn := range a.Plane.Subnets() {
		tab, _ := a.Plane.Routes(sn)
		_ = tab.Routes()
	}
	reach.Compute(a.Plane, trace.Flow{})
	expect.EvaluateDocument(a.Doc, a.Plane)
	// Hybrid: BGP tables, P2S routes and a what-if of the first component.
	if r := a.Plane.BGP(); r != nil {
		for _, sp := range r.Speakers() {
			_ = r.Neighbors(sp.ID)
		}
	}
	for _, g := range a.Doc.Topology.Gateways {
		a.Plane.P2S(g.ID)
	}
	// Names: each private endpoint's name from each endpoint (resolve
	// expectations ran with the others).
	if pes := a.Doc.Topology.PrivateEndpoints; len(pes) > 0 && len(pes) <= 4 {
		r := dns.New(a.Plane, &a.Doc.Topology)
		for _, ep := range append(a.Plane.NICs(), a.Plane.HybridEndpoints()...) {
			for _, pe := range pes {
				if pe.Fqdn != "" {
					r.Resolve(ep, pe.Fqdn)
				}
			}
		}
	}
	if cs := whatif.Components(a.Doc); len(cs) > 0 && len(a.Plane.NICs())+len(a.Plane.HybridEndpoints()) <= 8 {
		if _, err := whatif.Apply(a.Doc, []model.Failure{cs[0].Failure}); err != nil {
			t.Fatalf("Apply of a listed component: %v", err)
		}
	}
}

// TestLoadBuiltins runs FuzzLoad's checks on the built-in scenarios (too
// large to be good fuzz seeds).
func TestLoadBuiltins(t *testing.T) {
	files, _ := filepath.Glob("../scenarios/*.json")
	if len(files) == 0 {
		t.Fatal("no built-in scenarios found")
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(filepath.Base(name), func(t *testing.T) { checkLoad(t, b) })
	}
}

// FuzzLoad: whatever the input, loading, validating, computing routes, the
// reachability matrix and the expectations never panics and terminates
// (checkLoad). The seeds are small scenarios (loadSeeds), so that a few
// seconds of fuzzing run thousands of inputs.
func FuzzLoad(f *testing.F) {
	for _, s := range loadSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(checkLoad)
}

// TestWhatIfLeavesTheDesignsDiagnostics: a what-if failure does not change
// the design's diagnostics (Analyze): hub-spoke-firewall's expectation
// that names the firewall is not "not an endpoint" while the firewall is
// failed. Before, the Checks tab showed that error for as long as the
// firewall was failed (found by an exploratory pass).
func TestWhatIfLeavesTheDesignsDiagnostics(t *testing.T) {
	sc, ok := scenarios.Get("hub-spoke-firewall")
	if !ok {
		t.Fatal("no hub-spoke-firewall")
	}
	doc, _, err := scenario.Decode(sc.JSON, scenario.Strict)
	if err != nil {
		t.Fatal(err)
	}
	intact := engine.Analyze(doc)
	failed := engine.Analyze(doc, model.Failure{Kind: model.ApplianceDown, Target: "firewall"})
	codes := func(a *engine.Analysis) []string {
		var out []string
		for _, d := range a.Diagnostics {
			if strings.HasPrefix(d.Path, "expect") {
				out = append(out, d.Path+" "+d.Code)
			}
		}
		return out
	}
	if got, want := codes(failed), codes(intact); !slices.Equal(got, want) {
		t.Errorf("the expectations' diagnostics with the firewall failed: %v, intact: %v", got, want)
	}
}
