package scenario_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/expect"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
)

// everyReference is a design that uses every kind of reference Rename
// follows: each typed field, a load balancer backend by VM and by NIC (an
// internal and a public load balancer, with an inbound NAT rule), public IPs
// on a NIC, a frontend and a NAT gateway, a multi-NIC VM, P2S clients, hosts, Route Server peers (one whose NVA is no
// VM, so its BGP speaker is "rs1/ghost"), a target of every failure kind,
// every expectation field (with fields a kind does not read: a route
// expectation's to, a bgp expectation's from) and layout keys (bare ids,
// "p2s:<gateway>", "Internet" and a stale one). All its references resolve
// and all its expectations hold (TestEveryReferenceFixture).
const everyReference = `{
  "format": "vnetplay/scenario",
  "version": 1,
  "name": "Every reference",
  "topology": {
    "vnets": [
      {"id": "hub", "location": "westeurope", "addressSpace": {"addressPrefixes": ["10.0.0.0/16"]},
       "subnets": [
         {"name": "GatewaySubnet", "addressPrefix": "10.0.255.0/27"},
         {"name": "RouteServerSubnet", "addressPrefix": "10.0.254.0/26"},
         {"name": "nva", "addressPrefix": "10.0.1.0/24"},
         {"name": "app", "addressPrefix": "10.0.2.0/24"},
         {"name": "dns-in", "addressPrefix": "10.0.4.0/28"},
         {"name": "dns-out", "addressPrefix": "10.0.4.16/28"}]},
      {"id": "spoke", "location": "westeurope", "addressSpace": {"addressPrefixes": ["10.1.0.0/16"]},
       "subnets": [
         {"name": "app", "addressPrefix": "10.1.1.0/24", "routeTable": "rt-spoke", "networkSecurityGroup": "nsg-app"},
         {"name": "db", "addressPrefix": "10.1.2.0/24", "routeTable": "rt-spoke"}]},
      {"id": "branch", "location": "northeurope", "addressSpace": {"addressPrefixes": ["10.2.0.0/16"]},
       "subnets": [
         {"name": "GatewaySubnet", "addressPrefix": "10.2.255.0/27"},
         {"name": "default", "addressPrefix": "10.2.0.0/24", "natGateway": "natgw-branch"}]}
    ],
    "peerings": [
      {"id": "hub-spoke", "a": {"vnet": "hub", "allowForwardedTraffic": true, "allowGatewayTransit": true},
       "b": {"vnet": "spoke", "allowForwardedTraffic": true, "useRemoteGateways": true}}
    ],
    "routeTables": [
      {"id": "rt-spoke", "location": "westeurope", "routes": [
        {"name": "to-branch", "addressPrefix": "10.2.0.0/16", "nextHopType": "VirtualAppliance", "nextHopIpAddress": "10.0.1.4"}]}
    ],
    "networkSecurityGroups": [
      {"id": "nsg-app", "securityRules": [
        {"name": "allow-https-in", "priority": 100, "direction": "Inbound", "access": "Allow", "protocol": "Tcp",
         "sourceAddressPrefix": "VirtualNetwork", "sourcePortRange": "*", "destinationAddressPrefix": "*", "destinationPortRange": "443"}]},
      {"id": "nsg-nic"}
    ],
    "virtualMachines": [
      {"id": "fw", "guestIpForwarding": true, "networkInterfaces": [
        {"name": "nic0", "subnet": "hub/nva", "privateIpAddress": "10.0.1.4", "enableIPForwarding": true},
        {"name": "nic1", "subnet": "hub/app", "privateIpAddress": "10.0.2.4", "enableIPForwarding": true, "networkSecurityGroup": "nsg-nic"}]},
      {"id": "vm-app", "networkInterfaces": [{"name": "nic0", "subnet": "spoke/app", "privateIpAddress": "10.1.1.4"}]},
      {"id": "vm-db", "networkInterfaces": [{"name": "nic0", "subnet": "spoke/db", "privateIpAddress": "10.1.2.4", "publicIPAddress": "pip-db"}]},
      {"id": "vm-branch", "networkInterfaces": [{"name": "nic0", "subnet": "branch/default", "privateIpAddress": "10.2.0.4"}]}
    ],
    "loadBalancers": [
      {"id": "ilb", "subnet": "hub/nva", "frontendPrivateIpAddress": "10.0.1.10", "backends": ["fw", "fw/nic1"]},
      {"id": "lb-web", "frontendIPConfigurations": [{"name": "fe", "publicIPAddress": "pip-web"}],
       "backendAddressPools": [{"name": "pool", "backends": ["vm-app", "vm-db/nic0"]}],
       "loadBalancingRules": [{"name": "https", "frontendIPConfiguration": "fe", "backendAddressPool": "pool", "protocol": "Tcp", "frontendPort": 443, "backendPort": 443}],
       "inboundNatRules": [{"name": "ssh-db", "frontendIPConfiguration": "fe", "protocol": "Tcp", "frontendPort": 50001, "backendPort": 22, "backendIPConfiguration": "vm-db"}]}
    ],
    "publicIPAddresses": [
      {"id": "pip-web", "sku": {"name": "Standard"}, "ipAddress": "198.51.100.10"},
      {"id": "pip-db", "ipAddress": "198.51.100.20"},
      {"id": "pip-nat", "ipAddress": "198.51.100.30"}
    ],
    "natGateways": [
      {"id": "natgw-branch", "location": "northeurope", "publicIpAddresses": ["pip-nat"]}
    ],
    "virtualNetworkGateways": [
      {"id": "vpngw", "vnet": "hub", "gatewayType": "Vpn", "vpnType": "RouteBased", "sku": "VpnGw1", "enableBgp": true,
       "bgpSettings": {"asn": 65010}, "gatewayDefaultSite": "dc-edge",
       "vpnClientConfiguration": {"vpnClientAddressPool": {"addressPrefixes": ["172.16.50.0/24"]}, "vpnClientProtocols": ["IkeV2"],
         "clients": [{"id": "laptop", "ipAddress": "172.16.50.10"}]}},
      {"id": "ergw", "vnet": "hub", "gatewayType": "ExpressRoute", "sku": "ErGw1AZ"},
      {"id": "branchgw", "vnet": "branch", "gatewayType": "Vpn", "vpnType": "RouteBased", "sku": "VpnGw1", "enableBgp": true, "bgpSettings": {"asn": 65020}}
    ],
    "localNetworkGateways": [
      {"id": "dc-edge", "site": "dc", "gatewayIpAddress": "203.0.113.21", "localNetworkAddressSpace": {"addressPrefixes": []},
       "bgpSettings": {"asn": 65050, "bgpPeeringAddress": "192.168.255.1"}}
    ],
    "sites": [
      {"id": "dc", "addressPrefixes": ["192.168.20.0/24"], "asn": 65050, "preferExpressRoute": true,
       "hosts": [{"id": "server", "ipAddress": "192.168.20.10"}]}
    ],
    "connections": [
      {"id": "hub-dc", "connectionType": "IPsec", "virtualNetworkGateway1": "vpngw", "localNetworkGateway2": "dc-edge", "enableBgp": true},
      {"id": "hub-er", "connectionType": "ExpressRoute", "virtualNetworkGateway1": "ergw", "peer": "er1"},
      {"id": "hub-branch", "connectionType": "Vnet2Vnet", "virtualNetworkGateway1": "vpngw", "virtualNetworkGateway2": "branchgw", "enableBgp": true},
      {"id": "branch-hub", "connectionType": "Vnet2Vnet", "virtualNetworkGateway1": "branchgw", "virtualNetworkGateway2": "vpngw", "enableBgp": true}
    ],
    "expressRouteCircuits": [
      {"id": "er1", "site": "dc", "peerASN": 65050, "globalReach": ["er2"],
       "primaryPeerAddressPrefix": "192.168.100.0/30", "secondaryPeerAddressPrefix": "192.168.100.4/30"},
      {"id": "er2", "site": "dc", "peerASN": 65050, "globalReach": ["er1"],
       "primaryPeerAddressPrefix": "192.168.101.0/30", "secondaryPeerAddressPrefix": "192.168.101.4/30"}
    ],
    "routeServers": [
      {"id": "rs1", "vnet": "hub", "allowBranchToBranchTraffic": true, "bgpConnections": [
        {"name": "nva", "peerIp": "10.0.1.4", "peerAsn": 65001, "advertise": [{"prefix": "10.9.0.0/16"}]},
        {"name": "ghost", "peerIp": "10.0.1.99", "peerAsn": 65002}]}
    ],
    "privateEndpoints": [
      {"id": "pe-blob", "subnet": "spoke/db", "privateIpAddress": "10.1.2.10", "privateLinkServiceId": "stcontoso",
       "groupIds": ["blob"], "fqdn": "stcontoso.blob.core.windows.net", "publicIpAddress": "20.60.0.10",
       "privateDnsZoneGroup": {"privateDnsZoneConfigs": [{"name": "blob", "privateDnsZoneId": "privatelink.blob.core.windows.net"}]}}
    ],
    "privateDnsZones": [
      {"id": "privatelink.blob.core.windows.net", "virtualNetworkLinks": [
        {"name": "hub-link", "virtualNetwork": "hub"}, {"name": "spoke-link", "virtualNetwork": "spoke"}]}
    ],
    "dnsResolvers": [
      {"id": "dnsr", "vnet": "hub", "inboundEndpoints": [{"name": "in", "subnet": "dns-in", "privateIpAddress": "10.0.4.4"}],
       "outboundEndpoints": [{"name": "out", "subnet": "dns-out"}]}
    ],
    "dnsForwardingRulesets": [
      {"id": "ruleset", "dnsResolverOutboundEndpoints": ["dnsr/out"],
       "forwardingRules": [{"name": "corp", "domainName": "corp.contoso.com.", "targetDnsServers": [{"ipAddress": "192.168.20.53"}]}],
       "virtualNetworkLinks": [{"name": "spoke-link", "virtualNetwork": "spoke"}]}
    ]
  },
  "failures": {
    "gw": [{"kind": "GatewayDown", "target": "vpngw"}, {"kind": "GatewayInstanceDown", "target": "vpngw/0"}, {"kind": "GatewayInstanceDown", "target": "vpngw/1"}],
    "links": [{"kind": "ConnectionDown", "target": "hub-dc"}, {"kind": "PeeringDown", "target": "hub-spoke"}],
    "er": [{"kind": "CircuitDown", "target": "er1"}, {"kind": "CircuitSessionDown", "target": "er1/primary"}, {"kind": "CircuitSessionDown", "target": "er2/secondary"}],
    "rs": [{"kind": "RouteServerDown", "target": "rs1"}, {"kind": "RouteServerPeerDown", "target": "rs1/nva"}, {"kind": "RouteServerPeerDown", "target": "rs1/ghost"}],
    "onprem": [{"kind": "SiteDown", "target": "dc"}, {"kind": "ApplianceDown", "target": "fw"}]
  },
  "expect": [
    {"id": "app-to-db", "kind": "reach", "from": "vm-app", "to": "vm-db", "reachable": true},
    {"id": "app-to-pe", "kind": "reach", "from": "vm-app", "to": "pe-blob", "reachable": true},
    {"id": "app-to-fw", "kind": "reach", "from": "vm-app/nic0", "to": "fw/nic1", "reachable": true},
    {"id": "app-to-branch", "kind": "reach", "from": "vm-app", "to": "vm-branch", "reachable": false, "via": "fw"},
    {"id": "app-to-ip", "kind": "reach", "from": "vm-app", "to": "10.2.0.4", "reachable": false, "via": "fw/nic0"},
    {"id": "server-to-laptop", "kind": "reach", "from": "dc/server", "to": "vpngw/laptop", "reachable": false, "via": "vpngw"},
    {"id": "laptop-to-internet", "kind": "reach", "from": "vpngw/laptop", "to": "Internet", "reachable": true, "failures": "links"},
    {"id": "branch-to-server", "kind": "reach", "from": "vm-branch", "to": "dc/server", "reachable": false, "via": "dc"},
    {"id": "spoke-app-route", "kind": "route", "subnet": "spoke/app", "prefix": "10.2.0.0/16", "to": "vm-db", "nextHopType": "VirtualAppliance", "nextHopIpAddress": "10.0.1.4"},
    {"id": "hub-app-route", "kind": "route", "subnet": "hub/app", "prefix": "10.1.0.0/16", "nextHopType": "VNetPeering"},
    {"id": "dc-learns-hub", "kind": "bgp", "speaker": "dc", "from": "vm-app", "prefix": "10.0.0.0/16", "asPath": "12076"},
    {"id": "er1-learns-hub", "kind": "bgp", "speaker": "er1", "prefix": "10.0.0.0/16", "asPath": "65515"},
    {"id": "vpngw-learns-dc", "kind": "bgp", "speaker": "vpngw", "prefix": "192.168.20.0/24", "asPath": "12076 65050"},
    {"id": "rs-learns-nva", "kind": "bgp", "speaker": "rs1", "prefix": "10.9.0.0/16", "asPath": "65001"},
    {"id": "nva-learns-dc", "kind": "bgp", "speaker": "fw", "prefix": "192.168.20.0/24", "asPath": "65515 12076 65050"},
    {"id": "ghost-learns-nothing", "kind": "bgp", "speaker": "rs1/ghost", "prefix": "10.9.0.0/16", "absent": true}
  ],
  "layout": {"nodes": {
    "hub": {"x": 400, "y": 260}, "spoke": {"x": 160, "y": 80}, "rt-spoke": {"x": 10, "y": 20}, "nsg-app": {"x": 30, "y": 40},
    "dc": {"x": -400, "y": 0}, "er1": {"x": -200, "y": 0}, "ilb": {"x": 5, "y": 5}, "pip-web": {"x": 7, "y": 7}, "natgw-branch": {"x": 9, "y": 9}, "p2s:vpngw": {"x": -200, "y": 200},
    "Internet": {"x": 0, "y": -100}, "stale": {"x": 1, "y": 1}}}
}`

// res is one resource of a design: its kind, full id, parent id ("" for
// top-level ones) and name (the id's last segment).
type res struct {
	kind             model.Kind
	id, parent, name string
}

// resources lists every resource of t, in topology order.
func resources(t *model.Topology) []res {
	var out []res
	top := func(k model.Kind, id string) { out = append(out, res{k, id, "", id}) }
	sub := func(k model.Kind, parent, name string) { out = append(out, res{k, parent + "/" + name, parent, name}) }
	for _, v := range t.VNets {
		top(model.KindVNet, v.ID)
		for _, s := range v.Subnets {
			sub(model.KindSubnet, v.ID, s.Name)
		}
	}
	for _, p := range t.Peerings {
		top(model.KindPeering, p.ID)
	}
	for _, x := range t.RouteTables {
		top(model.KindRouteTable, x.ID)
	}
	for _, x := range t.NSGs {
		top(model.KindNSG, x.ID)
	}
	for _, vm := range t.VMs {
		top(model.KindVM, vm.ID)
		for _, n := range vm.NICs {
			sub(model.KindNIC, vm.ID, n.Name)
		}
	}
	for _, x := range t.LoadBalancers {
		top(model.KindLoadBalancer, x.ID)
	}
	for _, x := range t.PublicIPAddresses {
		top(model.KindPublicIP, x.ID)
	}
	for _, x := range t.NatGateways {
		top(model.KindNatGateway, x.ID)
	}
	for _, g := range t.Gateways {
		top(model.KindGateway, g.ID)
		if g.VpnClientConfiguration != nil {
			for _, c := range g.VpnClientConfiguration.Clients {
				sub(model.KindP2SClient, g.ID, c.ID)
			}
		}
	}
	for _, x := range t.LocalNetworkGateways {
		top(model.KindLocalNetworkGateway, x.ID)
	}
	for _, s := range t.Sites {
		top(model.KindSite, s.ID)
		for _, h := range s.Hosts {
			sub(model.KindHost, s.ID, h.ID)
		}
	}
	for _, x := range t.Connections {
		top(model.KindConnection, x.ID)
	}
	for _, x := range t.Circuits {
		top(model.KindCircuit, x.ID)
	}
	for _, rs := range t.RouteServers {
		top(model.KindRouteServer, rs.ID)
		for _, b := range rs.BgpConnections {
			sub(model.KindRouteServerPeer, rs.ID, b.Name)
		}
	}
	for _, x := range t.PrivateEndpoints {
		top(model.KindPrivateEndpoint, x.ID)
	}
	for _, x := range t.PrivateDNSZones {
		top(model.KindPrivateDNSZone, x.ID)
	}
	for _, x := range t.DNSResolvers {
		top(model.KindDNSResolver, x.ID)
	}
	for _, x := range t.DNSForwardingRulesets {
		top(model.KindDNSForwardingRuleset, x.ID)
	}
	return out
}

// designs returns the built-in scenarios (read from disk: package
// scenarios imports the engine) and everyReference, by name.
func designs(t testing.TB) map[string][]byte {
	t.Helper()
	files, err := filepath.Glob("../../scenarios/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no built-in scenarios found: %v", err)
	}
	out := map[string][]byte{"everyReference": []byte(everyReference)}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(f)] = b
	}
	return out
}

func decode(t testing.TB, b []byte) *scenario.Document {
	t.Helper()
	doc, _, err := scenario.Decode(b, scenario.Strict)
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	return doc
}

func encode(t testing.TB, doc *scenario.Document) []byte {
	t.Helper()
	b, err := scenario.Encode(doc)
	if err != nil {
		t.Fatalf("encode: %v", err)
	}
	return b
}

// findings is what the engine says about a design, with the names taken
// out: the codes of model.Validate and model.ValidateFailures, of
// expect.Validate and of the BGP computation (sorted), and whether each
// expectation holds, in order.
type findings struct {
	lint, engine []string
	results      []bool
}

func findingsOf(doc *scenario.Document) findings {
	var f findings
	for _, d := range model.Validate(&doc.Topology, nil) {
		f.lint = append(f.lint, d.Code)
	}
	for _, d := range model.ValidateFailures(&doc.Topology, doc.Failures) {
		f.lint = append(f.lint, d.Code)
	}
	p := dataplane.Build(&doc.Topology)
	for _, d := range expect.Validate(p, doc.Expect) {
		f.engine = append(f.engine, d.Code)
	}
	for _, d := range expect.ValidateFailureRefs(doc.Expect, doc.Failures) {
		f.engine = append(f.engine, d.Code)
	}
	if r := p.BGP(); r != nil {
		for _, d := range r.Diagnostics {
			f.engine = append(f.engine, d.Code)
		}
	}
	for _, r := range expect.EvaluateDocument(doc, p) {
		f.results = append(f.results, r.OK)
	}
	slices.Sort(f.lint)
	slices.Sort(f.engine)
	return f
}

func (f findings) String() string {
	return fmt.Sprintf("lint %v, engine %v, results %v", f.lint, f.engine, f.results)
}

func (f findings) equal(g findings) bool {
	return slices.Equal(f.lint, g.lint) && slices.Equal(f.engine, g.engine) && slices.Equal(f.results, g.results)
}

// TestEveryReferenceFixture keeps the fixture honest: every reference in it
// resolves (no dangling-reference finding), so the table test checks real
// references, and every expectation holds.
func TestEveryReferenceFixture(t *testing.T) {
	doc := decode(t, []byte(everyReference))
	f := findingsOf(doc)
	for _, c := range append(slices.Clone(f.lint), f.engine...) {
		if c == "ref.dangling" || c == "failure.target" || c == "failure.kind" || strings.HasPrefix(c, "expect.") {
			t.Errorf("the fixture has a %s finding: %v", c, f)
		}
	}
	for i, ok := range f.results {
		if !ok {
			t.Errorf("expectation %s does not hold", doc.Expect[i].ID)
		}
	}
	kinds := map[model.Kind]bool{}
	for _, r := range resources(&doc.Topology) {
		kinds[r.kind] = true
	}
	for _, k := range model.Kinds() {
		if !kinds[k] {
			t.Errorf("the fixture has no %s", k.Noun())
		}
	}
}

// find returns the element of s whose id is want; it panics (failing the
// test) when there is none, so a typo in a case cannot pass silently.
func find[T any](s []T, id func(*T) string, want string) *T {
	for i := range s {
		if id(&s[i]) == want {
			return &s[i]
		}
	}
	panic(fmt.Sprintf("no %T %q", s, want))
}

func vnet(d *scenario.Document, id string) *model.VNet {
	return find(d.Topology.VNets, func(x *model.VNet) string { return x.ID }, id)
}
func subnet(d *scenario.Document, v, name string) *model.Subnet {
	return find(vnet(d, v).Subnets, func(x *model.Subnet) string { return x.Name }, name)
}
func peering(d *scenario.Document, id string) *model.Peering {
	return find(d.Topology.Peerings, func(x *model.Peering) string { return x.ID }, id)
}
func routeTable(d *scenario.Document, id string) *model.RouteTable {
	return find(d.Topology.RouteTables, func(x *model.RouteTable) string { return x.ID }, id)
}
func nsg(d *scenario.Document, id string) *model.NSG {
	return find(d.Topology.NSGs, func(x *model.NSG) string { return x.ID }, id)
}
func vm(d *scenario.Document, id string) *model.VM {
	return find(d.Topology.VMs, func(x *model.VM) string { return x.ID }, id)
}
func nic(d *scenario.Document, v, name string) *model.NIC {
	return find(vm(d, v).NICs, func(x *model.NIC) string { return x.Name }, name)
}
func lb(d *scenario.Document, id string) *model.LoadBalancer {
	return find(d.Topology.LoadBalancers, func(x *model.LoadBalancer) string { return x.ID }, id)
}
func pip(d *scenario.Document, id string) *model.PublicIPAddress {
	return find(d.Topology.PublicIPAddresses, func(x *model.PublicIPAddress) string { return x.ID }, id)
}
func natgw(d *scenario.Document, id string) *model.NatGateway {
	return find(d.Topology.NatGateways, func(x *model.NatGateway) string { return x.ID }, id)
}
func gateway(d *scenario.Document, id string) *model.VirtualNetworkGateway {
	return find(d.Topology.Gateways, func(x *model.VirtualNetworkGateway) string { return x.ID }, id)
}
func client(d *scenario.Document, g, id string) *model.P2SClient {
	return find(gateway(d, g).VpnClientConfiguration.Clients, func(x *model.P2SClient) string { return x.ID }, id)
}
func lng(d *scenario.Document, id string) *model.LocalNetworkGateway {
	return find(d.Topology.LocalNetworkGateways, func(x *model.LocalNetworkGateway) string { return x.ID }, id)
}
func site(d *scenario.Document, id string) *model.Site {
	return find(d.Topology.Sites, func(x *model.Site) string { return x.ID }, id)
}
func host(d *scenario.Document, s, id string) *model.Host {
	return find(site(d, s).Hosts, func(x *model.Host) string { return x.ID }, id)
}
func conn(d *scenario.Document, id string) *model.Connection {
	return find(d.Topology.Connections, func(x *model.Connection) string { return x.ID }, id)
}
func circuit(d *scenario.Document, id string) *model.ExpressRouteCircuit {
	return find(d.Topology.Circuits, func(x *model.ExpressRouteCircuit) string { return x.ID }, id)
}
func routeServer(d *scenario.Document, id string) *model.RouteServer {
	return find(d.Topology.RouteServers, func(x *model.RouteServer) string { return x.ID }, id)
}
func bgpPeer(d *scenario.Document, rs, name string) *model.RouteServerPeer {
	return find(routeServer(d, rs).BgpConnections, func(x *model.RouteServerPeer) string { return x.Name }, name)
}
func privateEndpoint(d *scenario.Document, id string) *model.PrivateEndpoint {
	return find(d.Topology.PrivateEndpoints, func(x *model.PrivateEndpoint) string { return x.ID }, id)
}
func zone(d *scenario.Document, id string) *model.PrivateDnsZone {
	return find(d.Topology.PrivateDNSZones, func(x *model.PrivateDnsZone) string { return x.ID }, id)
}
func zoneLink(d *scenario.Document, z, name string) *model.VirtualNetworkLink {
	return find(zone(d, z).VirtualNetworkLinks, func(x *model.VirtualNetworkLink) string { return x.Name }, name)
}
func resolver(d *scenario.Document, id string) *model.DNSResolver {
	return find(d.Topology.DNSResolvers, func(x *model.DNSResolver) string { return x.ID }, id)
}
func ruleset(d *scenario.Document, id string) *model.DNSForwardingRuleset {
	return find(d.Topology.DNSForwardingRulesets, func(x *model.DNSForwardingRuleset) string { return x.ID }, id)
}

const blobZone = "privatelink.blob.core.windows.net"

func exp(d *scenario.Document, id string) *scenario.Expectation {
	return find(d.Expect, func(x *scenario.Expectation) string { return x.ID }, id)
}

// target returns failure i of set.
func target(d *scenario.Document, set string, i int) *string { return &d.Failures[set][i].Target }

// relayout moves a layout position, failing if there is none.
func relayout(d *scenario.Document, from, to string) {
	p, ok := d.Layout.Nodes[from]
	if !ok {
		panic("no layout key " + from)
	}
	delete(d.Layout.Nodes, from)
	d.Layout.Nodes[to] = p
}

// TestRenameEveryKind renames one resource of each kind (some kinds twice)
// in everyReference and compares the result with the fixture edited by
// hand: the resource's own id or name and exactly the listed references.
// A reference Rename misses, or a field it changes that is no reference,
// makes the encodings differ.
func TestRenameEveryKind(t *testing.T) {
	cases := []struct {
		kind     model.Kind
		id, name string
		want     func(d *scenario.Document)
	}{
		{model.KindVNet, "hub", "core", func(d *scenario.Document) {
			vnet(d, "hub").ID = "core"
			peering(d, "hub-spoke").A.VNet = "core" // the peering keeps its name
			nic(d, "fw", "nic0").Subnet = "core/nva"
			nic(d, "fw", "nic1").Subnet = "core/app"
			lb(d, "ilb").Subnet = "core/nva"
			gateway(d, "vpngw").VNet = "core"
			gateway(d, "ergw").VNet = "core"
			routeServer(d, "rs1").VNet = "core"
			exp(d, "hub-app-route").Subnet = "core/app"
			zoneLink(d, blobZone, "hub-link").VirtualNetwork = "core"
			resolver(d, "dnsr").VNet = "core"
			relayout(d, "hub", "core")
		}},
		{model.KindVNet, "spoke", "apps", func(d *scenario.Document) {
			vnet(d, "spoke").ID = "apps"
			peering(d, "hub-spoke").B.VNet = "apps"
			nic(d, "vm-app", "nic0").Subnet = "apps/app"
			nic(d, "vm-db", "nic0").Subnet = "apps/db"
			exp(d, "spoke-app-route").Subnet = "apps/app"
			privateEndpoint(d, "pe-blob").Subnet = "apps/db"
			zoneLink(d, blobZone, "spoke-link").VirtualNetwork = "apps"
			ruleset(d, "ruleset").VirtualNetworkLinks[0].VirtualNetwork = "apps"
			relayout(d, "spoke", "apps")
		}},
		{model.KindVNet, "spoke", "Spoke", func(d *scenario.Document) { // only the case changes
			vnet(d, "spoke").ID = "Spoke"
			peering(d, "hub-spoke").B.VNet = "Spoke"
			nic(d, "vm-app", "nic0").Subnet = "Spoke/app"
			nic(d, "vm-db", "nic0").Subnet = "Spoke/db"
			exp(d, "spoke-app-route").Subnet = "Spoke/app"
			privateEndpoint(d, "pe-blob").Subnet = "Spoke/db"
			zoneLink(d, blobZone, "spoke-link").VirtualNetwork = "Spoke"
			ruleset(d, "ruleset").VirtualNetworkLinks[0].VirtualNetwork = "Spoke"
			relayout(d, "spoke", "Spoke")
		}},
		{model.KindSubnet, "spoke/app", "web", func(d *scenario.Document) {
			subnet(d, "spoke", "app").Name = "web"
			nic(d, "vm-app", "nic0").Subnet = "spoke/web"
			exp(d, "spoke-app-route").Subnet = "spoke/web"
		}},
		{model.KindSubnet, "hub/nva", "appliances", func(d *scenario.Document) {
			subnet(d, "hub", "nva").Name = "appliances"
			nic(d, "fw", "nic0").Subnet = "hub/appliances"
			lb(d, "ilb").Subnet = "hub/appliances"
		}},
		{model.KindSubnet, "spoke/app", "nva", func(d *scenario.Document) { // hub/nva is in another VNet
			subnet(d, "spoke", "app").Name = "nva"
			nic(d, "vm-app", "nic0").Subnet = "spoke/nva"
			exp(d, "spoke-app-route").Subnet = "spoke/nva"
		}},
		{model.KindPeering, "hub-spoke", "core-link", func(d *scenario.Document) {
			peering(d, "hub-spoke").ID = "core-link"
			*target(d, "links", 1) = "core-link"
		}},
		{model.KindRouteTable, "rt-spoke", "rt-apps", func(d *scenario.Document) {
			routeTable(d, "rt-spoke").ID = "rt-apps"
			subnet(d, "spoke", "app").RouteTable = "rt-apps"
			subnet(d, "spoke", "db").RouteTable = "rt-apps"
			relayout(d, "rt-spoke", "rt-apps")
		}},
		{model.KindNSG, "nsg-app", "nsg-web", func(d *scenario.Document) {
			nsg(d, "nsg-app").ID = "nsg-web"
			subnet(d, "spoke", "app").NetworkSecurityGroup = "nsg-web"
			relayout(d, "nsg-app", "nsg-web")
		}},
		{model.KindNSG, "nsg-nic", "nsg-fw", func(d *scenario.Document) {
			nsg(d, "nsg-nic").ID = "nsg-fw"
			nic(d, "fw", "nic1").NetworkSecurityGroup = "nsg-fw"
		}},
		{model.KindVM, "fw", "firewall", func(d *scenario.Document) {
			vm(d, "fw").ID = "firewall"
			lb(d, "ilb").Backends = []string{"firewall", "firewall/nic1"}
			*target(d, "onprem", 1) = "firewall"
			exp(d, "app-to-fw").To = "firewall/nic1"
			exp(d, "app-to-branch").Via = "firewall"
			exp(d, "app-to-ip").Via = "firewall/nic0"
			exp(d, "nva-learns-dc").Speaker = "firewall"
		}},
		{model.KindVM, "vm-db", "db1", func(d *scenario.Document) {
			vm(d, "vm-db").ID = "db1"
			lb(d, "lb-web").BackendAddressPools[0].Backends[1] = "db1/nic0"
			lb(d, "lb-web").InboundNatRules[0].BackendIPConfiguration = "db1"
			exp(d, "app-to-db").To = "db1" // not spoke-app-route's to: a route expectation reads no endpoint
		}},
		{model.KindPrivateEndpoint, "pe-blob", "pe-storage", func(d *scenario.Document) {
			privateEndpoint(d, "pe-blob").ID = "pe-storage"
			exp(d, "app-to-pe").To = "pe-storage"
		}},
		{model.KindPrivateDNSZone, blobZone, "privatelink.dfs.core.windows.net", func(d *scenario.Document) {
			zone(d, blobZone).ID = "privatelink.dfs.core.windows.net"
			privateEndpoint(d, "pe-blob").PrivateDnsZoneGroup.PrivateDnsZoneConfigs[0].PrivateDnsZoneID = "privatelink.dfs.core.windows.net"
		}},
		{model.KindDNSResolver, "dnsr", "resolver1", func(d *scenario.Document) {
			resolver(d, "dnsr").ID = "resolver1"
			ruleset(d, "ruleset").DNSResolverOutboundEndpoints[0] = "resolver1/out"
		}},
		{model.KindDNSForwardingRuleset, "ruleset", "rules1", func(d *scenario.Document) {
			ruleset(d, "ruleset").ID = "rules1"
		}},
		{model.KindVM, "vm-app", "app1", func(d *scenario.Document) {
			vm(d, "vm-app").ID = "app1"
			lb(d, "lb-web").BackendAddressPools[0].Backends[0] = "app1"
			exp(d, "app-to-db").From = "app1"
			exp(d, "app-to-pe").From = "app1"
			exp(d, "app-to-fw").From = "app1/nic0"
			exp(d, "app-to-branch").From = "app1"
			exp(d, "app-to-ip").From = "app1" // not dc-learns-hub's from: a bgp expectation reads none
		}},
		{model.KindNIC, "fw/nic1", "eth1", func(d *scenario.Document) {
			nic(d, "fw", "nic1").Name = "eth1"
			lb(d, "ilb").Backends[1] = "fw/eth1" // the bare "fw" stays
			exp(d, "app-to-fw").To = "fw/eth1"
		}},
		{model.KindNIC, "vm-app/nic0", "eth0", func(d *scenario.Document) {
			nic(d, "vm-app", "nic0").Name = "eth0"
			exp(d, "app-to-fw").From = "vm-app/eth0" // the bare "vm-app" of the others and of lb-web's pool stays
		}},
		{model.KindNIC, "vm-app/nic0", "nic1", func(d *scenario.Document) { // fw/nic1 is another VM's
			nic(d, "vm-app", "nic0").Name = "nic1"
			exp(d, "app-to-fw").From = "vm-app/nic1"
		}},
		{model.KindLoadBalancer, "ilb", "ilb-fw", func(d *scenario.Document) {
			lb(d, "ilb").ID = "ilb-fw"
			relayout(d, "ilb", "ilb-fw")
		}},
		{model.KindLoadBalancer, "lb-web", "web-public", func(d *scenario.Document) {
			lb(d, "lb-web").ID = "web-public" // its frontend, pool and rule names are its own
		}},
		{model.KindPublicIP, "pip-web", "pip-lb", func(d *scenario.Document) {
			pip(d, "pip-web").ID = "pip-lb"
			lb(d, "lb-web").FrontendIPConfigurations[0].PublicIPAddress = "pip-lb"
			relayout(d, "pip-web", "pip-lb")
		}},
		{model.KindPublicIP, "pip-db", "pip-db-admin", func(d *scenario.Document) {
			pip(d, "pip-db").ID = "pip-db-admin"
			nic(d, "vm-db", "nic0").PublicIPAddress = "pip-db-admin"
		}},
		{model.KindPublicIP, "pip-nat", "pip-egress", func(d *scenario.Document) {
			pip(d, "pip-nat").ID = "pip-egress"
			natgw(d, "natgw-branch").PublicIPAddresses = []string{"pip-egress"}
		}},
		{model.KindNatGateway, "natgw-branch", "nat-branch", func(d *scenario.Document) {
			natgw(d, "natgw-branch").ID = "nat-branch"
			subnet(d, "branch", "default").NatGateway = "nat-branch"
			relayout(d, "natgw-branch", "nat-branch")
		}},
		{model.KindGateway, "vpngw", "hub-vpn", func(d *scenario.Document) {
			gateway(d, "vpngw").ID = "hub-vpn"
			conn(d, "hub-dc").VirtualNetworkGateway1 = "hub-vpn"
			conn(d, "hub-branch").VirtualNetworkGateway1 = "hub-vpn"
			conn(d, "branch-hub").VirtualNetworkGateway2 = "hub-vpn"
			*target(d, "gw", 0) = "hub-vpn"
			*target(d, "gw", 1) = "hub-vpn/0"
			*target(d, "gw", 2) = "hub-vpn/1"
			exp(d, "server-to-laptop").To = "hub-vpn/laptop"
			exp(d, "server-to-laptop").Via = "hub-vpn"
			exp(d, "laptop-to-internet").From = "hub-vpn/laptop"
			exp(d, "vpngw-learns-dc").Speaker = "hub-vpn"
			relayout(d, "p2s:vpngw", "p2s:hub-vpn")
		}},
		{model.KindGateway, "ergw", "hub-er-gw", func(d *scenario.Document) {
			gateway(d, "ergw").ID = "hub-er-gw"
			conn(d, "hub-er").VirtualNetworkGateway1 = "hub-er-gw"
		}},
		{model.KindP2SClient, "vpngw/laptop", "tablet", func(d *scenario.Document) {
			client(d, "vpngw", "laptop").ID = "tablet"
			exp(d, "server-to-laptop").To = "vpngw/tablet"
			exp(d, "laptop-to-internet").From = "vpngw/tablet"
		}},
		{model.KindLocalNetworkGateway, "dc-edge", "dc-vpn", func(d *scenario.Document) {
			lng(d, "dc-edge").ID = "dc-vpn"
			gateway(d, "vpngw").GatewayDefaultSite = "dc-vpn"
			conn(d, "hub-dc").LocalNetworkGateway2 = "dc-vpn"
		}},
		{model.KindSite, "dc", "paris", func(d *scenario.Document) {
			site(d, "dc").ID = "paris"
			lng(d, "dc-edge").Site = "paris"
			circuit(d, "er1").Site = "paris"
			circuit(d, "er2").Site = "paris"
			*target(d, "onprem", 0) = "paris"
			exp(d, "server-to-laptop").From = "paris/server"
			exp(d, "branch-to-server").To = "paris/server"
			exp(d, "branch-to-server").Via = "paris"
			exp(d, "dc-learns-hub").Speaker = "paris"
			relayout(d, "dc", "paris")
		}},
		{model.KindHost, "dc/server", "db-server", func(d *scenario.Document) {
			host(d, "dc", "server").ID = "db-server"
			exp(d, "server-to-laptop").From = "dc/db-server"
			exp(d, "branch-to-server").To = "dc/db-server"
		}},
		{model.KindConnection, "hub-dc", "vpn-dc", func(d *scenario.Document) {
			conn(d, "hub-dc").ID = "vpn-dc"
			*target(d, "links", 0) = "vpn-dc"
		}},
		{model.KindConnection, "branch-hub", "v2v-back", func(d *scenario.Document) {
			conn(d, "branch-hub").ID = "v2v-back"
		}},
		{model.KindCircuit, "er1", "er-paris", func(d *scenario.Document) {
			circuit(d, "er1").ID = "er-paris"
			conn(d, "hub-er").Peer = "er-paris"
			circuit(d, "er2").GlobalReach = []string{"er-paris"}
			*target(d, "er", 0) = "er-paris"
			*target(d, "er", 1) = "er-paris/primary" // er2/secondary stays
			exp(d, "er1-learns-hub").Speaker = "er-paris"
			relayout(d, "er1", "er-paris")
		}},
		{model.KindCircuit, "er2", "er-london", func(d *scenario.Document) {
			circuit(d, "er2").ID = "er-london"
			circuit(d, "er1").GlobalReach = []string{"er-london"}
			*target(d, "er", 2) = "er-london/secondary"
		}},
		{model.KindRouteServer, "rs1", "ars", func(d *scenario.Document) {
			routeServer(d, "rs1").ID = "ars"
			*target(d, "rs", 0) = "ars"
			*target(d, "rs", 1) = "ars/nva"
			*target(d, "rs", 2) = "ars/ghost"
			exp(d, "rs-learns-nva").Speaker = "ars"
			exp(d, "ghost-learns-nothing").Speaker = "ars/ghost"
		}},
		{model.KindRouteServerPeer, "rs1/ghost", "phantom", func(d *scenario.Document) {
			bgpPeer(d, "rs1", "ghost").Name = "phantom"
			*target(d, "rs", 2) = "rs1/phantom"
			exp(d, "ghost-learns-nothing").Speaker = "rs1/phantom"
		}},
		{model.KindRouteServerPeer, "rs1/nva", "frr", func(d *scenario.Document) {
			bgpPeer(d, "rs1", "nva").Name = "frr"
			*target(d, "rs", 1) = "rs1/frr" // nva-learns-dc names the NVA's VM, fw: it stays
		}},
	}
	covered := map[model.Kind]bool{}
	for _, tc := range cases {
		covered[tc.kind] = true
		t.Run(string(tc.kind)+":"+tc.id+"→"+tc.name, func(t *testing.T) {
			got := decode(t, []byte(everyReference))
			if err := scenario.Rename(got, tc.kind, tc.id, tc.name); err != nil {
				t.Fatalf("Rename: %v", err)
			}
			want := decode(t, []byte(everyReference))
			tc.want(want)
			if g, w := encode(t, got), encode(t, want); !bytes.Equal(g, w) {
				t.Errorf("renamed design differs from the hand-edited one:\n%s", lineDiff(w, g))
			}
		})
	}
	for _, k := range model.Kinds() {
		if !covered[k] {
			t.Errorf("no case renames a %s", k.Noun())
		}
	}
}

// lineDiff lists the lines of want and got that differ (want first), for
// failure messages.
func lineDiff(want, got []byte) string {
	w, g := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	var b strings.Builder
	for i := 0; i < max(len(w), len(g)); i++ {
		var a, c string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			c = g[i]
		}
		if a != c {
			fmt.Fprintf(&b, "line %d\n  want %s\n  got  %s\n", i+1, a, c)
		}
	}
	return b.String()
}

// TestRenameRefusesAndChangesNothing: a missing or ambiguous resource, an
// invalid name, a taken or reserved name and the same name are refused
// with the documented error and leave the design byte for byte as it was.
func TestRenameRefusesAndChangesNothing(t *testing.T) {
	dup := strings.Replace(everyReference, `{"id": "branch", "location"`, `{"id": "hub", "location"`, 1)
	dupSubnet := strings.Replace(everyReference, `{"name": "db", "addressPrefix"`, `{"name": "app", "addressPrefix"`, 1)
	for _, tc := range []struct {
		design   string
		kind     model.Kind
		id, name string
		err      error
		msg      string // "" = any message
	}{
		{everyReference, model.KindVNet, "nope", "nope2", scenario.ErrNotFound, `there is no virtual network "nope" in this design`},
		{everyReference, model.KindVNet, "spoke/app", "web", scenario.ErrNotFound, ""},
		{everyReference, model.KindSubnet, "hub", "web", scenario.ErrNotFound, `there is no subnet "hub" in this design`},
		{everyReference, model.KindSubnet, "hub/nope", "web", scenario.ErrNotFound, ""},
		{everyReference, model.KindNIC, "fw", "eth0", scenario.ErrNotFound, ""},
		{everyReference, model.KindRouteTable, "hub", "rt", scenario.ErrNotFound, ""}, // a VNet, not a route table
		{everyReference, model.Kind("widget"), "hub", "core", scenario.ErrNotFound, `unknown resource kind "widget"`},
		{dup, model.KindVNet, "hub", "core", scenario.ErrAmbiguous, `2 virtual networks have the id "hub"; give them distinct ids first`},
		{dupSubnet, model.KindSubnet, "spoke/app", "web", scenario.ErrAmbiguous, ""},
		{everyReference, model.KindVNet, "hub", "hub", scenario.ErrSameName, `virtual network hub is already named "hub"`},
		{everyReference, model.KindSubnet, "spoke/app", "app", scenario.ErrSameName, ""},
		{everyReference, model.KindVNet, "hub", "-core", model.ErrInvalidName, `"-core" is not a valid virtual network name: it must start with a letter or digit`},
		{everyReference, model.KindVNet, "hub", "c", model.ErrInvalidName, `names of virtual networks are 2 to 64 characters; "c" has 1`},
		{everyReference, model.KindVNet, "hub", "core-", model.ErrInvalidName, ""},
		{everyReference, model.KindSubnet, "spoke/app", "hub/app", model.ErrInvalidName, ""},
		{everyReference, model.KindHost, "dc/server", "my server", model.ErrInvalidName, ""},
		{everyReference, model.KindSite, "dc", "", model.ErrInvalidName, ""},
		{everyReference, model.KindVNet, "spoke", "rt-spoke", scenario.ErrNameTaken, `"rt-spoke" is already the name of route table rt-spoke`},
		{everyReference, model.KindRouteTable, "rt-spoke", "SPOKE", scenario.ErrNameTaken, `"SPOKE" is already the name of virtual network spoke`},
		{everyReference, model.KindVNet, "spoke", "hub", scenario.ErrNameTaken, `"hub" is already the name of virtual network hub`},
		{everyReference, model.KindConnection, "hub-dc", "Hub-Er", scenario.ErrNameTaken, `"Hub-Er" is already the name of connection hub-er`},
		{everyReference, model.KindSite, "dc", "fw", scenario.ErrNameTaken, `"fw" is already the name of virtual machine fw`},
		{everyReference, model.KindPeering, "hub-spoke", "rs1", scenario.ErrNameTaken, `"rs1" is already the name of Route Server rs1`},
		{everyReference, model.KindSubnet, "spoke/app", "DB", scenario.ErrNameTaken, `"DB" is already the name of subnet spoke/db`},
		{everyReference, model.KindNIC, "fw/nic0", "nic1", scenario.ErrNameTaken, `"nic1" is already the name of network interface fw/nic1`},
		{everyReference, model.KindRouteServerPeer, "rs1/nva", "ghost", scenario.ErrNameTaken, ""},
		{everyReference, model.KindVM, "fw", "Internet", scenario.ErrNameTaken, ""},
		{everyReference, model.KindSite, "dc", "azureplatform", scenario.ErrNameTaken, ""},
		{everyReference, model.KindPublicIP, "pip-web", "NATGW-branch", scenario.ErrNameTaken, `"NATGW-branch" is already the name of NAT gateway natgw-branch`},
		{everyReference, model.KindNatGateway, "natgw-branch", "pip-db", scenario.ErrNameTaken, `"pip-db" is already the name of public IP address pip-db`},
		{everyReference, model.KindLoadBalancer, "lb-web", "PIP-WEB", scenario.ErrNameTaken, `"PIP-WEB" is already the name of public IP address pip-web`},
		{everyReference, model.KindPublicIP, "pip-db", "pip db", model.ErrInvalidName, `"pip db" is not a valid public IP address name: spaces are not allowed; use only letters A-Z and a-z, digits, underscores (_), periods (.) and hyphens (-)`},
		{everyReference, model.KindNatGateway, "pip-nat", "nat", scenario.ErrNotFound, `there is no NAT gateway "pip-nat" in this design`},
	} {
		t.Run(string(tc.kind)+":"+tc.id+"→"+tc.name, func(t *testing.T) {
			doc := decode(t, []byte(tc.design))
			before := encode(t, doc)
			err := scenario.Rename(doc, tc.kind, tc.id, tc.name)
			if !errors.Is(err, tc.err) {
				t.Fatalf("Rename = %v, want an error wrapping %v", err, tc.err)
			}
			if tc.msg != "" && err.Error() != tc.msg {
				t.Errorf("message\n got %s\nwant %s", err, tc.msg)
			}
			if after := encode(t, doc); !bytes.Equal(before, after) {
				t.Errorf("a refused rename changed the design:\n%s", lineDiff(before, after))
			}
		})
	}
}

// specialSubnet reports whether a subnet name means something to Azure:
// renaming such a subnet rightly changes what the design does.
func specialSubnet(name string) bool {
	switch name {
	case model.GatewaySubnet, model.RouteServerSubnet, model.AzureFirewallSubnet, "AzureBastionSubnet", "AzureFirewallManagementSubnet":
		return true
	}
	return false
}

// freshName derives a valid name from r's that appears nowhere in the
// encoded design, so that nothing refers to it by accident.
func freshName(r res, encoded []byte) string {
	base := r.name
	if len(base) > 50 {
		base = base[:50]
	}
	for i := 0; ; i++ {
		n := fmt.Sprintf("%s-rn%d", base, i)
		if !bytes.Contains(encoded, []byte(n)) {
			return n
		}
	}
}

// renameBack renames r, now called name, back to r.name and checks the
// design is byte for byte the original. A design whose original name
// Rename would refuse (an invalid name, or one that clashes with another
// resource: both possible in a user's file) cannot be restored; that is
// accepted, any other refusal is not.
func renameBack(t *testing.T, doc *scenario.Document, r res, name string, orig []byte) {
	t.Helper()
	newID := name
	if r.id != r.name { // a child, even of a parent with an empty id (an invalid design: "/name")
		newID = r.parent + "/" + name
	}
	err := scenario.Rename(doc, r.kind, newID, r.name)
	switch {
	case err == nil:
		if back := encode(t, doc); !bytes.Equal(back, orig) {
			t.Fatalf("%s %s → %s → back is not the original:\n%s", r.kind, r.id, name, lineDiff(orig, back))
		}
	case errors.Is(err, model.ErrInvalidName), errors.Is(err, scenario.ErrNameTaken):
	default:
		t.Fatalf("renaming %s back to %q: %v", newID, r.name, err)
	}
}

// TestRenameEveryResourceOfEveryDesign is the property test: in every
// built-in scenario and in everyReference, renaming any resource to a fresh
// name succeeds, changes the design, keeps what the engine finds the same
// up to the names (the codes of the lint, expectation and BGP diagnostics,
// and which expectations hold: a missed reference would dangle and show up
// as one more finding), and renaming it back gives the original bytes.
func TestRenameEveryResourceOfEveryDesign(t *testing.T) {
	n := 0
	for file, b := range designs(t) {
		orig := encode(t, decode(t, b))
		base := findingsOf(decode(t, orig))
		for _, r := range resources(&decode(t, orig).Topology) {
			n++
			name := freshName(r, orig)
			doc := decode(t, orig)
			if err := scenario.Rename(doc, r.kind, r.id, name); err != nil {
				t.Errorf("%s: rename %s %s → %s: %v", file, r.kind, r.id, name, err)
				continue
			}
			if after := encode(t, doc); bytes.Equal(after, orig) {
				t.Errorf("%s: rename %s %s → %s changed nothing", file, r.kind, r.id, name)
			}
			// A privatelink zone's id is the name private-link resolution
			// looks for (rule:private-endpoints.zone-names): another name
			// answers nothing.
			if !(r.kind == model.KindSubnet && specialSubnet(r.name)) && !(r.kind == model.KindPrivateDNSZone && strings.HasPrefix(r.id, "privatelink.")) {
				if got := findingsOf(doc); !got.equal(base) {
					t.Errorf("%s: after renaming %s %s → %s the engine finds\n  %v\nbefore\n  %v", file, r.kind, r.id, name, got, base)
				}
			}
			renameBack(t, doc, r, name, orig)
		}
	}
	if n < 100 {
		t.Errorf("only %d resources renamed; the designs did not load?", n)
	}
}

// FuzzRename: whatever the design, the resource and the name, Rename never
// panics; a refused rename changes nothing; a rename to a name found
// nowhere in the design can be undone byte for byte.
func FuzzRename(f *testing.F) {
	for _, b := range designs(f) {
		f.Add(b, uint16(0), "renamed")
		f.Add(b, uint16(7), "x")
		f.Add(b, uint16(13), "-bad")
	}
	f.Add([]byte(`{"format":"vnetplay/scenario","version":1,"topology":{"vnets":[{"id":"a","subnets":[{"name":""},{"name":"b/c"}]},{"id":"a/b","subnets":[{"name":"c"}]}],"virtualMachines":[{"id":"Internet","networkInterfaces":[{"name":"n","subnet":"a/b/c"}]}]},"expect":[{"id":"e","kind":"reach","from":"Internet","to":"a/b/c"}],"layout":{"nodes":{"Internet":{"x":1,"y":2},"a":{"x":0,"y":0}}}}`), uint16(2), "zz")
	f.Fuzz(func(t *testing.T, b []byte, pick uint16, name string) {
		doc, _, err := scenario.Decode(b, scenario.Lenient)
		if err != nil {
			return
		}
		orig, err := scenario.Encode(doc)
		if err != nil {
			return
		}
		rs := resources(&doc.Topology)
		r := res{kind: model.KindVNet, id: "absent", name: "absent"}
		if len(rs) > 0 {
			r = rs[int(pick)%len(rs)]
		}
		try := func(name string) {
			doc, _, err := scenario.Decode(orig, scenario.Strict)
			if err != nil {
				t.Fatalf("canonical output does not decode: %v", err)
			}
			if err := scenario.Rename(doc, r.kind, r.id, name); err != nil {
				if after := encode(t, doc); !bytes.Equal(after, orig) {
					t.Fatalf("refused rename (%v) changed the design:\n%s", err, lineDiff(orig, after))
				}
				return
			}
			if !bytes.Contains(orig, []byte(name)) {
				renameBack(t, doc, r, name, orig)
			}
		}
		try(name)
		try(freshName(r, orig))
	})
}

// legacy is a user's design Rename must cope with: a VM named "Internet"
// (a name it would refuse today), a route table sharing its VNet's id (so
// the layout key "v" is read by both), a NIC in a subnet that does not
// exist, and references the fields' kinds do not read.
const legacy = `{"format": "vnetplay/scenario", "version": 1, "topology": {
  "vnets": [{"id": "v", "addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}, "subnets": [{"name": "s", "addressPrefix": "10.0.0.0/24", "routeTable": "v"}]}],
  "routeTables": [{"id": "v"}],
  "virtualMachines": [
    {"id": "Internet", "networkInterfaces": [{"name": "n", "subnet": "v/s", "privateIpAddress": "10.0.0.4"}]},
    {"id": "a", "networkInterfaces": [{"name": "n", "subnet": "v/gone", "privateIpAddress": "10.0.0.5"}]}],
  "loadBalancers": [{"id": "lb", "subnet": "v/s", "frontendPrivateIpAddress": "10.0.0.10", "backends": ["Internet", "a/n", "nobody"]}]},
 "expect": [
  {"id": "out", "kind": "reach", "from": "Internet", "to": "Internet", "via": "Internet", "reachable": true},
  {"id": "in", "kind": "reach", "from": "a", "to": "Internet/n", "reachable": true},
  {"id": "odd", "kind": "routes", "from": "a", "subnet": "v/s"}],
 "layout": {"nodes": {"Internet": {"x": 1, "y": 2}, "v": {"x": 3, "y": 4}}}}`

// TestRenameLegacyDesign checks what Rename leaves alone in a user's design:
// "Internet" where it means the Internet, dangling references, fields of an
// unknown expectation kind, and a layout position another resource still
// reads (it is copied).
func TestRenameLegacyDesign(t *testing.T) {
	for _, tc := range []struct {
		kind     model.Kind
		id, name string
		want     func(d *scenario.Document)
	}{
		{model.KindVM, "Internet", "edge", func(d *scenario.Document) {
			vm(d, "Internet").ID = "edge"
			lb(d, "lb").Backends[0] = "edge"
			exp(d, "out").From = "edge" // its to and via are the Internet; so is the layout key
			exp(d, "in").To = "edge/n"
		}},
		{model.KindVNet, "v", "vnet", func(d *scenario.Document) {
			vnet(d, "v").ID = "vnet"
			nic(d, "Internet", "n").Subnet = "vnet/s" // a/n's "v/gone" names nothing and stays
			lb(d, "lb").Subnet = "vnet/s"
			d.Layout.Nodes["vnet"] = d.Layout.Nodes["v"] // route table v still reads "v"
			// "odd" is of no kind Rename knows: its subnet stays.
		}},
		{model.KindRouteTable, "v", "rt", func(d *scenario.Document) {
			routeTable(d, "v").ID = "rt"
			subnet(d, "v", "s").RouteTable = "rt"
			d.Layout.Nodes["rt"] = d.Layout.Nodes["v"]
		}},
		{model.KindNIC, "a/n", "m", func(d *scenario.Document) {
			nic(d, "a", "n").Name = "m"
			lb(d, "lb").Backends[1] = "a/m"
		}},
	} {
		t.Run(string(tc.kind)+":"+tc.id, func(t *testing.T) {
			got := decode(t, []byte(legacy))
			if err := scenario.Rename(got, tc.kind, tc.id, tc.name); err != nil {
				t.Fatalf("Rename: %v", err)
			}
			want := decode(t, []byte(legacy))
			tc.want(want)
			if g, w := encode(t, got), encode(t, want); !bytes.Equal(g, w) {
				t.Errorf("renamed design differs from the hand-edited one:\n%s", lineDiff(w, g))
			}
		})
	}
	// Nothing may take the name "Internet" back, nor clash with the
	// remaining holder of a shared id.
	doc := decode(t, []byte(legacy))
	if err := scenario.Rename(doc, model.KindVM, "a", "internet"); !errors.Is(err, scenario.ErrNameTaken) {
		t.Errorf("renaming a VM to internet: %v", err)
	}
	if err := scenario.Rename(doc, model.KindVM, "a", "V"); !errors.Is(err, scenario.ErrNameTaken) || !strings.Contains(err.Error(), "virtual network v") {
		t.Errorf("renaming a VM to V: %v", err)
	}
}

// TestRenameMovesHostsBehindAnNVA: renaming an NVA moves the endpoints of
// the hosts behind it ("<vm>/<network>/<host>", rule:nva.networks-behind) in the
// expectations, and every expectation still passes.
func TestRenameMovesHostsBehindAnNVA(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "scenarios", "sdwan-branches-behind-nva.json"))
	if err != nil {
		t.Fatal(err)
	}
	doc, _, err := scenario.Decode(b, scenario.Strict)
	if err != nil {
		t.Fatal(err)
	}
	if err := scenario.Rename(doc, model.KindVM, "sdwan", "edge"); err != nil {
		t.Fatal(err)
	}
	moved := 0
	for _, e := range doc.Expect {
		for _, ep := range []string{e.From, e.To} {
			if strings.HasPrefix(ep, "sdwan/") {
				t.Errorf("expectation %s still names %s", e.ID, ep)
			}
			if strings.HasPrefix(ep, "edge/branches/") {
				moved++
			}
		}
	}
	if moved == 0 {
		t.Fatal("no expectation names a host behind the NVA: the test needs one")
	}
	p := dataplane.Build(&doc.Topology)
	for _, r := range expect.Evaluate(p, doc.Expect) {
		if !r.OK {
			t.Errorf("after the rename: %+v", r)
		}
	}
}
