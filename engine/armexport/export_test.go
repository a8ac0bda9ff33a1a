package armexport

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"vnetplay/engine/scenario"
	"vnetplay/scenarios"
)

var update = flag.Bool("update", false, "rewrite the golden templates in testdata")

// goldens are the designs whose templates are kept in testdata: a
// built-in scenario's name, or a file of testdata.
var goldens = []string{"er-spoke-vpn-route-server", "private-endpoint-dns-hub-resolver", "internet-web-standard-lb", "kitchen-sink"}

// load decodes a built-in scenario (strictly) or a testdata design (leniently).
func load(t testing.TB, name string) *scenario.Document {
	t.Helper()
	if s, ok := scenarios.Get(name); ok {
		doc, _, err := scenario.Decode(s.JSON, scenario.Strict)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return doc
	}
	b, err := os.ReadFile(filepath.Join("testdata", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	doc, _, err := scenario.Decode(b, scenario.Lenient)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return doc
}

func export(t testing.TB, doc *scenario.Document) *Result {
	t.Helper()
	r, err := Export(doc)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestGoldens(t *testing.T) {
	for _, name := range goldens {
		t.Run(name, func(t *testing.T) {
			got := export(t, load(t, name)).Template
			path := filepath.Join("testdata", name+".arm.json")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("template differs from %s (run with -update and read the diff):\n%s", path, firstDiff(string(want), string(got)))
			}
		})
	}
}

// firstDiff shows the first differing line of two texts.
func firstDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range max(len(la), len(lb)) {
		x, y := "", ""
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if x != y {
			return "line " + strconv.Itoa(i+1) + ":\n- " + x + "\n+ " + y
		}
	}
	return ""
}

// TestTemplatesCheck runs the JSON-only checker (check_test.go) on every
// built-in scenario and the test designs: every resourceId() names a
// resource of the template or an inline part of one, dependsOn is complete
// and acyclic, parameters are declared and used.
func TestTemplatesCheck(t *testing.T) {
	names := []string{"kitchen-sink", "roundtrip-extra"}
	for _, s := range scenarios.All() {
		names = append(names, s.Name)
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			r := export(t, load(t, name))
			for _, e := range checkTemplate(r.Template) {
				t.Error(e)
			}
			var tm tTemplate
			if err := json.Unmarshal(r.Template, &tm); err != nil {
				t.Fatal(err)
			}
			if len(tm.Resources) != r.Resources || len(tm.Resources) == 0 {
				t.Errorf("%d resources in the template, %d counted", len(tm.Resources), r.Resources)
			}
			if !slices.Equal(tm.Metadata.Vnetplay.NotExported, r.NotExported) || !slices.Equal(tm.Metadata.Vnetplay.Assumed, r.Assumed) {
				t.Errorf("metadata lists differ from the result's")
			}
		})
	}
}

// TestCheckerCatches makes sure the checker fails templates that are wrong.
func TestCheckerCatches(t *testing.T) {
	good := string(export(t, load(t, "hub-spoke-firewall")).Template)
	for _, tc := range []struct{ name, old, new, want string }{
		{"dangling reference", `'Microsoft.Network/routeTables', 'rt-spokes')]"
              }`, `'Microsoft.Network/routeTables', 'rt-nope')]"
              }`, "does not define"},
		{"missing dependsOn", `"dependsOn": [
        "[resourceId('Microsoft.Network/routeTables', 'rt-spokes')]"
      ],`, ``, "does not depend on it"},
		{"undeclared parameter", `"location": "westeurope",`, `"location": "[parameters('where')]",`, "used and not declared"},
		{"unescaped literal", `"location": "westeurope",`, `"location": "[westeurope",`, "unescaped literal"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bad := strings.Replace(good, tc.old, tc.new, 1)
			if bad == good {
				t.Fatalf("the test's text is not in the template")
			}
			errs := strings.Join(checkTemplate([]byte(bad)), "\n")
			if !strings.Contains(errs, tc.want) {
				t.Errorf("checker said %q, want %q", errs, tc.want)
			}
		})
	}
}

// TestDeterministic: the same design, its arrays in another order, gives
// the same bytes.
func TestDeterministic(t *testing.T) {
	for _, name := range []string{"kitchen-sink", "er-vpn-coexistence", "private-endpoint-dns-hub-resolver"} {
		doc := load(t, name)
		first := export(t, doc).Template
		tp := &doc.Topology
		slices.Reverse(tp.VNets)
		for i := range tp.VNets {
			slices.Reverse(tp.VNets[i].Subnets)
		}
		slices.Reverse(tp.Peerings)
		slices.Reverse(tp.VMs)
		slices.Reverse(tp.Gateways)
		slices.Reverse(tp.Connections)
		slices.Reverse(tp.PrivateDNSZones)
		slices.Reverse(tp.PublicIPAddresses)
		if again := export(t, doc).Template; !bytes.Equal(first, again) {
			t.Errorf("%s: a reordered design exports differently:\n%s", name, firstDiff(string(first), string(again)))
		}
	}
}

func TestNilDocument(t *testing.T) {
	if _, err := Export(nil); err == nil {
		t.Error("Export(nil) did not fail")
	}
}

// TestNothingDroppedSilently checks the entries of the kitchen sink: every
// thing it holds that a template cannot carry, and every value the
// template adds.
func TestNothingDroppedSilently(t *testing.T) {
	r := export(t, load(t, "kitchen-sink"))
	has := func(list []Entry, path, word string) bool {
		return slices.ContainsFunc(list, func(e Entry) bool { return e.Path == path && strings.Contains(e.Why, word) })
	}
	for _, tc := range []struct{ path, word string }{
		{"virtualMachines[fw]", "guestIpForwarding"},
		{"virtualMachines[fw]", "networksBehind branches"},
		{"virtualMachines[fw]", "stateful"},
		{"virtualMachines[dns]", "dnsServer"},
		{"virtualMachines[lost]", "none of its NICs"},
		{"virtualMachines[lost].networkInterfaces[nic0]", "nowhere/app"},
		{"sites[dc]", "local network gateway dc-lng, circuit er-dc, circuit er-other"},
		{"sites[dc].hosts[server]", "not an Azure resource"},
		{"vnets[a/b]", `"/"`},
		{"routeTables[rt-spoke]", "without case"}, // rt-spokE sorts first and takes the name
		{"vnets[hub].summarizedGatewayPrefixes", "2026"},
		{"vnets[hub].subnets[nva].routeTable", "rt-missing"},
		{"peerings[hub-old].b", "Disconnected"},
		{"peerings[hub-old].a.remoteAddressSpace", "not in sync"},
		{"peerings[hub-nowhere].a", "nowhere"},
		{"publicIPAddresses[pip-dns].ipAddress", "198.51.100.7"},
		{"natGateways[natgw].publicIpAddresses", "pip-gone"},
		{"loadBalancers[ilb-nva].backends", "nobody"},
		{"loadBalancers[ilb-basic]", "Basic"},
		{"localNetworkGateways[dc-lng].exportPrefixList", "on-premises"},
		{"virtualNetworkGateways[hub-vpngw].vpnClientConfiguration.clients", "laptop"},
		{"expressRouteCircuits[er-dc].globalReach", "/29"},
		{"expressRouteCircuits[er-dc].exportPrefixList", "router"},
		{"connections[spoke-bogus]", "VPNClient"},
		{"connections[to-nowhere]", "nowhere-gw"},
		{"routeServers[hub-rs].bgpConnections[nva1].advertise", "NVA"},
		{"routeServers[spoke-rs]", "RouteServerSubnet"},
		{"privateEndpoints[pe-blob].fqdn", "vnetplay's own"},
		{"privateEndpoints[pe-blob].privateDnsZoneGroup", "privatelink.missing.net"},
		{"privateEndpoints[pe-rejected].connectionState", "Rejected"},
		{"privateEndpoints[pe-rejected].privateIpAddress", "group id"},
		{"privateDnsZones[privatelink.blob.core.windows.net].recordSets[mail]", "MX"},
		{"privateDnsZones[privatelink.blob.core.windows.net].virtualNetworkLinks[gone]", "nowhere"},
		{"dnsResolvers[dnsr].outboundEndpoints[bad]", "nope"},
		{"dnsForwardingRulesets[rules].dnsResolverOutboundEndpoints", "dnsr/bad"},
		{"dnsForwardingRulesets[orphan]", "outbound endpoint"},
		{"failures", "1 failure sets"},
		{"layout", "canvas"},
	} {
		if !has(r.NotExported, tc.path, tc.word) {
			t.Errorf("notExported has no %s mentioning %q", tc.path, tc.word)
		}
	}
	for _, tc := range []struct{ path, word string }{
		{"publicIPAddresses[hub-vpngw-pip]", "gateway hub-vpngw"}, // the design's hub-vpngw-pip, held by nothing, is the gateway's (a NIC's is not: TestGatewayKeepsItsPublicIP)
		{"publicIPAddresses[hub-vpngw-pip2]", "gateway hub-vpngw"},
		{"publicIPAddresses[hub-rs-pip]", "Route Server hub-rs"},
		{"virtualMachines[a-b].networkInterfaces[c]", "a-b-c-2"},
		{"expressRouteCircuits[er-dc].peerings[AzurePrivatePeering].vlanId", "VLAN 100"},
		{"loadBalancers[ilb-nva].loadBalancingRules[ha-ports]", "HA ports"},
		{"vnets[hub].subnets[dns-in].delegations", "dnsResolvers"},
		{"privateDnsZones[privatelink.blob.core.windows.net].recordSets", "TTL"},
		{"virtualNetworkGateways[hub-vpngw].vpnClientConfiguration", "authentication"},
	} {
		if !has(r.Assumed, tc.path, tc.word) {
			t.Errorf("assumed has no %s mentioning %q", tc.path, tc.word)
		}
	}
	desc := string(r.Template)
	for _, w := range []string{"VMs not exported", "dns, fw", "On-premises sites and their hosts not exported", ": dc."} {
		if !strings.Contains(desc, w) {
			t.Errorf("metadata.description does not say %q", w)
		}
	}
}

// TestShapes reads a few resources of the kitchen sink's template: the
// property paths of docs/rules/import.md and the orderings ARM
// needs.
func TestShapes(t *testing.T) {
	var tm struct {
		Parameters map[string]map[string]any `json:"parameters"`
		Resources  []map[string]any          `json:"resources"`
	}
	if err := json.Unmarshal(export(t, load(t, "kitchen-sink")).Template, &tm); err != nil {
		t.Fatal(err)
	}
	find := func(typ, name string) map[string]any {
		for _, r := range tm.Resources {
			if r["type"] == typ && r["name"] == name {
				return r
			}
		}
		t.Fatalf("no %s %s", typ, name)
		return nil
	}
	js := func(v any) string { b, _ := json.Marshal(v); return string(b) }
	for _, tc := range []struct {
		typ, name string
		want      []string
	}{
		{tPeering, "spoke/hub-spoke", []string{`"useRemoteGateways":true`, `"allowVirtualNetworkAccess":false`,
			`"[resourceId('Microsoft.Network/virtualNetworkGateways', 'hub-vpngw')]"`, `"[resourceId('Microsoft.Network/virtualHubs/ipConfigurations', 'hub-rs', 'ipconfig1')]"`}},
		{tPeering, "spoke/spoke-branch", []string{`"remoteVirtualNetwork":{"id":"[resourceId('Microsoft.Network/virtualNetworks', 'branch')]"}`}},
		{tGateway, "hub-vpngw", []string{`"activeActive":true`, `"name":"activeActive"`, `"gatewayDefaultSite":{"id":"[resourceId('Microsoft.Network/localNetworkGateways', 'dc-lng')]"}`,
			`"customRoutes":{"addressPrefixes":["192.168.100.0/24"]}`, `"bgpSettings":{"asn":65010}`, `"name":"[parameters('hub_vpngw_sku')]"`}},
		{tGateway, "hub-vpngw", []string{`"[resourceId('Microsoft.Network/virtualNetworkGateways', 'hub-ergw')]"`}}, // one after the other
		{tConnection, "hub-branch", []string{`"sharedKey":"[parameters('branch_hub_sharedKey')]"`}},
		{tConnection, "branch-hub", []string{`"sharedKey":"[parameters('branch_hub_sharedKey')]"`, `"location":"northeurope"`}},
		{tConnection, "hub-er", []string{`"peer":{"id":"[resourceId('Microsoft.Network/expressRouteCircuits', 'er-dc')]"}`, `"routingWeight":10`,
			`"[resourceId('Microsoft.Network/expressRouteCircuits/peerings', 'er-dc', 'AzurePrivatePeering')]"`}},
		{tCircuit, "er-dc", []string{`"name":"Premium_MeteredData"`, `"serviceProviderName":"[parameters('er_dc_serviceProviderName')]"`}},
		{tHubBgp, "hub-rs/nva2", []string{`"[resourceId('Microsoft.Network/virtualHubs/bgpConnections', 'hub-rs', 'nva1')]"`, `"peerAsn":65001`}},
		{tHub, "hub-rs", []string{`"hubRoutingPreference":"ASPath"`, `"allowBranchToBranchTraffic":true`}},
		{tNIC, "a-b-c-2", []string{`"privateIPAddress":"10.1.1.7"`}},
		{tNIC, "a-b-c", []string{`"privateIPAllocationMethod":"Dynamic"`}},
		{tNIC, "fw-nic1", []string{`"loadBalancerBackendAddressPools":[{"id":"[resourceId('Microsoft.Network/loadBalancers/backendAddressPools', 'ilb-basic', 'backends')]"},{"id":"[resourceId('Microsoft.Network/loadBalancers/backendAddressPools', 'ilb-nva', 'backends')]"}]`}},
		{tNIC, "dns-nic0", []string{`"dnsSettings":{"dnsServers":["AzureProvidedDNS"]}`, `"location":"[parameters('location')]"`}},
		{tNIC, "o'brien-nic0", []string{`"[resourceId('Microsoft.Network/virtualNetworks/subnets', 'branch', 'app')]"`}},
		{tNSG, "nsg-nva", []string{`"sourceAddressPrefixes":["10.1.0.0/16","10.2.0.0/16"]`, `"destinationPortRanges":["80","443"]`, `"sourcePortRange":"*"`, `"name":"[[odd]"`}},
		{tVNet, "branch", []string{`"routeTable":{"id":"[resourceId('Microsoft.Network/routeTables', 'rt''q')]"}`, `"[resourceId('Microsoft.Network/routeTables', 'rt''q')]"`}},
		{tNSG, "nsg-nic", []string{`"location":"westeurope"`}}, // from the NIC's VNet
		{tRouteTable, "rt-gw", []string{`"location":"westeurope"`}},
		{tVNet, "spoke", []string{`"defaultOutboundAccess":false`, `"privateEndpointNetworkPolicies":"Enabled"`, `"serviceEndpoints":[{"service":"Microsoft.Storage"}]`,
			`"natGateway":{"id":"[resourceId('Microsoft.Network/natGateways', 'natgw')]"}`}},
		{tVNet, "hub", []string{`"dhcpOptions":{"dnsServers":["10.0.4.4"]}`}},
		{tNAT, "natgw", []string{`"publicIpAddresses":[{"id":"[resourceId('Microsoft.Network/publicIPAddresses', 'pip-nat')]"}]`}},
		{tPE, "pe-pending", []string{`"manualPrivateLinkServiceConnections"`}},
		{tPE, "pe-blob", []string{`"customDnsConfigs":[{"fqdn":"stkitchen.blob.core.windows.net","ipAddresses":["10.1.2.5"]}]`}},
		{tPEZoneGroup, "pe-blob/default", []string{`"privateDnsZoneId":"[resourceId('Microsoft.Network/privateDnsZones', 'privatelink.blob.core.windows.net')]"`}},
		{tZoneLink, "privatelink.blob.core.windows.net/spoke", []string{`"resolutionPolicy":"NxDomainRedirect"`, `"location":"global"`}},
		{tZoneCNAME, "privatelink.blob.core.windows.net/alias", []string{`"cnameRecord":{"cname":"manual.privatelink.blob.core.windows.net"}`}},
		{tRule, "rules/corp", []string{`{"ipAddress":"192.168.1.53","port":53}`, `{"ipAddress":"192.168.1.54","port":5353}`}},
		{tRule, "rules/off", []string{`"forwardingRuleState":"Disabled"`}},
		{tInbound, "dnsr/in", []string{`"privateIpAddress":"10.0.4.4"`, `"privateIpAllocationMethod":"Static"`}},
	} {
		got := js(find(tc.typ, tc.name))
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s %s lacks %s:\n%s", tc.typ, tc.name, w, got)
			}
		}
	}
	if p := js(tm.Parameters["spoke_gw_sku"]); !strings.Contains(p, `"allowedValues"`) {
		t.Errorf("spoke_gw_sku has no allowedValues: %s", p)
	}
	if p := js(tm.Parameters["branch_gw_sku"]); strings.Contains(p, `"allowedValues"`) {
		t.Errorf("branch_gw_sku (legacy Standard) must not list allowedValues it is not in: %s", p)
	}
	if p := js(tm.Parameters["pe_pending_privateLinkServiceId"]); !strings.Contains(p, `"/subscriptions/0000/`) {
		t.Errorf("pe_pending_privateLinkServiceId default is not the design's ID: %s", p)
	}
	if p := js(tm.Parameters["hub_dc_sharedKey"]); !strings.Contains(p, `"securestring"`) || strings.Contains(p, "defaultValue") {
		t.Errorf("hub_dc_sharedKey: %s", p)
	}
}
