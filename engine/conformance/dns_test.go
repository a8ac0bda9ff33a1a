package conformance_test

// Conformance tests of name resolution (docs/rules/dns.md) and of the DNS
// side of private endpoints (private-endpoints.dns-chain, nxdomain-trap,
// routing-and-dns-independent). Helpers are prefixed "dns".

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/dns"
	"vnetplay/engine/expect"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
	"vnetplay/engine/trace"
)

// dnsHub is a hub (hubvm 10.0.1.4; a DNS Private Resolver with inbound
// endpoint 10.0.4.4 and outbound endpoint dnsr/out; a RouteBased VPN
// gateway to site dc 192.168.0.0/16 over a static S2S connection) and a
// spoke using the hub's gateway (vm1 10.1.1.4), with a blob private
// endpoint 10.1.2.5 in the spoke for acct.blob.core.windows.net (public
// address 20.60.1.1) whose zone group writes into
// privatelink.blob.core.windows.net, linked to the hub only. Everyone uses
// Azure DNS; the site has no DNS server yet.
func dnsHub() model.Topology {
	return model.Topology{
		VNets: []model.VNet{
			hsVNet("hub", "10.0.0.0/16", "GatewaySubnet=10.0.255.0/27", "app=10.0.1.0/24", "dns-in=10.0.4.0/28", "dns-out=10.0.4.16/28"),
			hsVNet("spoke", "10.1.0.0/16", "app=10.1.1.0/24", "pe=10.1.2.0/24"),
		},
		Peerings:             []model.Peering{hsTransitPeering("hub-spoke", "hub", "spoke")},
		VMs:                  []model.VM{hsVM("hubvm", "hub/app", "10.0.1.4"), hsVM("vm1", "spoke/app", "10.1.1.4")},
		Gateways:             []model.VirtualNetworkGateway{hsVpnGateway("vpngw", "hub", 0)},
		Sites:                []model.Site{hsSite("dc", 0, "192.168.0.0/16", "192.168.1.10")},
		LocalNetworkGateways: []model.LocalNetworkGateway{hsStaticLNG("dc-lng", "dc", "192.168.0.0/16")},
		Connections:          []model.Connection{hsIPsec("dc-s2s", "vpngw", "dc-lng", false)},
		PrivateEndpoints: []model.PrivateEndpoint{{ID: "pe-blob", Subnet: "spoke/pe", PrivateIPAddress: "10.1.2.5", PrivateLinkServiceID: "acct",
			GroupIDs: []string{"blob"}, Fqdn: "acct.blob.core.windows.net", PublicIPAddress: "20.60.1.1",
			PrivateDnsZoneGroup: &model.PrivateDnsZoneGroup{PrivateDnsZoneConfigs: []model.PrivateDnsZoneConfig{{Name: "blob", PrivateDnsZoneID: dnsBlobZone}}}}},
		PrivateDNSZones: []model.PrivateDnsZone{{ID: dnsBlobZone, VirtualNetworkLinks: []model.VirtualNetworkLink{{Name: "hub", VirtualNetwork: "hub"}}}},
		DNSResolvers: []model.DNSResolver{{ID: "dnsr", VNet: "hub",
			InboundEndpoints:  []model.DNSInboundEndpoint{{Name: "in", Subnet: "dns-in", PrivateIPAddress: "10.0.4.4"}},
			OutboundEndpoints: []model.DNSOutboundEndpoint{{Name: "out", Subnet: "dns-out"}}}},
	}
}

const (
	dnsBlobZone = "privatelink.blob.core.windows.net"
	dnsBlob     = "acct.blob.core.windows.net"
	dnsBlobPL   = "acct.privatelink.blob.core.windows.net"
	dnsInbound  = "10.0.4.4"
)

// dnsResolve resolves name from an endpoint of topo, which must have no
// validation error.
func dnsResolve(t *testing.T, topo model.Topology, from, name string) dns.Resolution {
	t.Helper()
	for _, d := range model.Validate(&topo, dataplane.KnownServices()) {
		if d.Severity == model.Error {
			t.Fatalf("the design is invalid: %s", d)
		}
	}
	return dns.Resolve(dataplane.Build(&topo), &topo, from, name)
}

// dnsText renders a resolution for failure messages.
func dnsText(r dns.Resolution) string {
	var b bytes.Buffer
	dns.Write(&b, r)
	return b.String()
}

// dnsWant fails unless r ended with kind (and, when given, exactly addrs).
func dnsWant(t *testing.T, what string, r dns.Resolution, kind dns.AnswerKind, addrs ...string) {
	t.Helper()
	if r.Answer.Kind != kind || (len(addrs) > 0 && !slices.Equal(r.Answer.Addresses, addrs)) {
		t.Errorf("%s: got %s %v, want %s %v\n%s", what, r.Answer.Kind, r.Answer.Addresses, kind, addrs, dnsText(r))
	}
}

// dnsCites reports whether some step of r cites rule.
func dnsCites(r dns.Resolution, rule string) bool {
	return slices.ContainsFunc(r.Steps, func(s dns.Step) bool { return s.Rule == rule && strings.Contains(s.Detail, "rule:"+rule) })
}

// dnsCheck returns r's network checks (UDP 53 walks) to address to.
func dnsCheck(r dns.Resolution, to string) []dns.NetworkCheck {
	var out []dns.NetworkCheck
	for _, s := range r.Steps {
		if s.Network != nil && s.Network.To == to {
			out = append(out, *s.Network)
		}
	}
	return out
}

// dnsForwarder makes vm a DNS server forwarding everything to fwd.
func dnsForwarder(vm model.VM, fwd ...string) model.VM {
	vm.DNSServer = &model.DNSServer{Forwarders: fwd}
	return vm
}

// dnsSiteServer gives site dc a resolver at 192.168.1.53 with one
// conditional forwarder.
func dnsSiteServer(topo *model.Topology, domain string, targets ...string) {
	topo.Sites[0].DNSServer = &model.DNSServer{IPAddress: "192.168.1.53",
		ConditionalForwarders: []model.ConditionalForwarder{{DomainName: domain, TargetDNSServers: targets}}}
}

// dnsRuleset links a ruleset sending from dnsr/out to vnets.
func dnsRuleset(rules []model.ForwardingRule, vnets ...string) model.DNSForwardingRuleset {
	rs := model.DNSForwardingRuleset{ID: "rs", DNSResolverOutboundEndpoints: []string{"dnsr/out"}, ForwardingRules: rules}
	for _, v := range vnets {
		rs.VirtualNetworkLinks = append(rs.VirtualNetworkLinks, model.RulesetVNetLink{Name: v, VirtualNetwork: v})
	}
	return rs
}

func dnsRule(name, domain string, targets ...string) model.ForwardingRule {
	r := model.ForwardingRule{Name: name, DomainName: domain}
	for _, tg := range targets {
		r.TargetDNSServers = append(r.TargetDNSServers, model.TargetDNSServer{IPAddress: tg})
	}
	return r
}

// dnsCodes validates topo and reports whether it finds code.
func dnsCodes(topo model.Topology, code string) bool {
	return slices.ContainsFunc(model.Validate(&topo, nil), func(d model.Diagnostic) bool { return d.Code == code })
}

// TestRule_dns_azure_dns_vnet_scope checks rule:dns.azure-dns-vnet-scope: Azure-provided DNS resolves VM host
// names (suffix internal.cloudapp.net) only inside their own VNet, never across a peering.
func TestRule_dns_azure_dns_vnet_scope(t *testing.T) {
	topo := dnsHub()
	topo.VMs = append(topo.VMs, hsVM("vm1b", "spoke/app", "10.1.1.5"))
	r := dnsResolve(t, topo, "vm1", "vm1b")
	dnsWant(t, "same VNet, single label", r, dns.Address, "10.1.1.5")
	if r.Name != "vm1b.internal.cloudapp.net" {
		t.Errorf("the VM asks for %s, want vm1b.internal.cloudapp.net", r.Name)
	}
	dnsWant(t, "same VNet, full name", dnsResolve(t, topo, "vm1", "VM1B.internal.cloudapp.net."), dns.Address, "10.1.1.5")
	r = dnsResolve(t, topo, "vm1", "hubvm")
	dnsWant(t, "across the peering", r, dns.NXDomain)
	if !dnsCites(r, "dns.azure-dns-vnet-scope") {
		t.Errorf("the NXDOMAIN does not cite the rule:\n%s", dnsText(r))
	}
	// The peering itself carries traffic: routing is not the problem.
	hsWantDisp(t, "vm1 → hubvm", hsTrace(t, dataplane.Build(&topo), "vm1", "hubvm"), trace.Delivered)
}

// TestRule_dns_azure_dns_address checks rule:dns.azure-dns-address: 168.63.129.16 answers every query from
// inside a VNet (UDRs and NSGs do not block it) but none from on premises or P2S clients.
func TestRule_dns_azure_dns_address(t *testing.T) {
	topo := dnsHub()
	// vm1's subnet denies all outbound traffic and sends everything to an
	// appliance that does not exist: Azure DNS still answers.
	topo.NSGs = []model.NSG{{ID: "deny-out", SecurityRules: []model.SecurityRule{{Name: "deny", Priority: 100, Direction: "Outbound", Access: "Deny",
		Protocol: "*", SourceAddressPrefix: "*", SourcePortRange: "*", DestinationAddressPrefix: "*", DestinationPortRange: "*"}}}}
	topo.VNets[1].Subnets[0].NetworkSecurityGroup = "deny-out"
	dnsWant(t, "vm1 behind a deny-all NSG", dnsResolve(t, topo, "vm1", dnsBlob), dns.Address, "20.60.1.1")
	// An on-premises resolver forwarding to 168.63.129.16 gets nothing.
	topo = dnsHub()
	topo.Sites[0].DNSServer = &model.DNSServer{IPAddress: "192.168.1.53", Forwarders: []string{model.AzureDNSAddress}}
	r := dnsResolve(t, topo, "dc/h", dnsBlob)
	dnsWant(t, "on premises via 168.63.129.16", r, dns.Failed)
	if !dnsCites(r, "dns.azure-dns-address") {
		t.Errorf("no citation:\n%s", dnsText(r))
	}
	// A P2S client whose VNet lists 168.63.129.16 cannot use it either.
	topo = dnsHub()
	topo.Gateways[0].VpnClientConfiguration = hsP2S("172.16.50.0/24", "172.16.50.10", "172.16.50.11")
	topo.VNets[0].DhcpOptions = &model.DhcpOptions{DNSServers: []string{model.AzureDNSAddress}}
	dnsWant(t, "P2S client via 168.63.129.16", dnsResolve(t, topo, "vpngw/win", dnsBlob), dns.Failed)
}

// TestRule_dns_custom_servers checks rule:dns.custom-servers: a NIC's DNS servers override its VNet's,
// AzureProvidedDNS switches the NIC back to Azure DNS, and with custom servers the VNet's linked private
// zones apply only through a server that forwards to Azure DNS from a linked VNet. At most 20 servers;
// AzureProvidedDNS must stand alone.
func TestRule_dns_custom_servers(t *testing.T) {
	topo := dnsHub()
	topo.VMs[0] = dnsForwarder(topo.VMs[0], model.AzureDNSAddress) // hubvm forwards to Azure DNS, in the linked hub
	topo.VMs = append(topo.VMs, hsVM("hubvm2", "hub/app", "10.0.1.5"))
	// hubvm2's VNet (linked) uses a custom server that forwards nowhere: it
	// resolves publicly and the hub's zone does not apply.
	topo.VMs = append(topo.VMs, dnsForwarder(hsVM("recursor", "hub/app", "10.0.1.6")))
	topo.VNets[0].DhcpOptions = &model.DhcpOptions{DNSServers: []string{"10.0.1.6"}}
	r := dnsResolve(t, topo, "hubvm2", dnsBlob)
	dnsWant(t, "custom server in a linked VNet that does not forward to Azure DNS", r, dns.Address, "20.60.1.1")
	// The NIC's own servers win over the VNet's: the forwarder in the hub.
	topo.VMs[2].NICs[0].DNSSettings = &model.NICDNSSettings{DNSServers: []string{"10.0.1.4"}}
	dnsWant(t, "NIC servers: the forwarder in the linked hub", dnsResolve(t, topo, "hubvm2", dnsBlob), dns.Address, "10.1.2.5")
	// AzureProvidedDNS on the NIC: Azure DNS in the hub, which is linked.
	topo.VMs[2].NICs[0].DNSSettings = &model.NICDNSSettings{DNSServers: []string{model.AzureProvidedDNS}}
	r = dnsResolve(t, topo, "hubvm2", dnsBlob)
	dnsWant(t, "AzureProvidedDNS", r, dns.Address, "10.1.2.5")
	// The walk says the NIC chose Azure DNS over its VNet's server (it
	// said neither set any).
	if len(r.Steps) == 0 || !strings.Contains(r.Steps[0].Detail, "AzureProvidedDNS, overriding VNet hub's DNS servers 10.0.1.6") {
		t.Errorf("the client step with AzureProvidedDNS on the NIC: %+v", r.Steps)
	}
	// Validation.
	bad := dnsHub()
	bad.VNets[1].DhcpOptions = &model.DhcpOptions{}
	for i := range 21 {
		bad.VNets[1].DhcpOptions.DNSServers = append(bad.VNets[1].DhcpOptions.DNSServers, fmt.Sprintf("10.0.9.%d", i+1))
	}
	if !dnsCodes(bad, "dns.too-many-servers") {
		t.Error("21 DNS servers are not refused")
	}
	bad = dnsHub()
	bad.VMs[1].NICs[0].DNSSettings = &model.NICDNSSettings{DNSServers: []string{model.AzureProvidedDNS, "10.0.1.4"}}
	if !dnsCodes(bad, "dns.azure-provided-alone") {
		t.Error("AzureProvidedDNS with another server is not refused")
	}
}

// TestRule_dns_server_order_and_renewal checks rule:dns.server-order-and-renewal: the client asks the first
// server and the next one only when it gets no answer; an answer (NXDOMAIN included) is final.
func TestRule_dns_server_order_and_renewal(t *testing.T) {
	topo := dnsHub()
	topo.VMs[0] = dnsForwarder(topo.VMs[0], model.AzureDNSAddress)
	// 10.9.0.53 is in no network: the spoke cannot reach it.
	topo.VNets[1].DhcpOptions = &model.DhcpOptions{DNSServers: []string{"10.9.0.53", "10.0.1.4"}}
	r := dnsResolve(t, topo, "vm1", dnsBlob)
	dnsWant(t, "first server unreachable", r, dns.Address, "10.1.2.5")
	if chk := dnsCheck(r, "10.9.0.53"); len(chk) != 1 || chk[0].Disposition.Success() {
		t.Errorf("want one failed check to the first server: %+v\n%s", chk, dnsText(r))
	}
	// The first server answers NXDOMAIN: the second is not asked.
	topo.VNets[1].DhcpOptions.DNSServers = []string{"10.0.1.4", dnsInbound}
	r = dnsResolve(t, topo, "vm1", "nothere."+dnsBlobZone)
	dnsWant(t, "NXDOMAIN from the first", r, dns.NXDomain)
	if len(dnsCheck(r, dnsInbound)) != 0 {
		t.Errorf("the second server was asked after an answer:\n%s", dnsText(r))
	}
}

// TestRule_dns_gateway_needs_azure_dns checks rule:dns.gateway-needs-azure-dns: a VNet with a VPN gateway
// and custom DNS servers must also list 168.63.129.16.
func TestRule_dns_gateway_needs_azure_dns(t *testing.T) {
	topo := dnsHub()
	topo.VNets[0].DhcpOptions = &model.DhcpOptions{DNSServers: []string{dnsInbound}}
	if !dnsCodes(topo, "dns.gateway-needs-azure-dns") {
		t.Error("a gateway VNet with only custom DNS is not flagged")
	}
	topo.VNets[0].DhcpOptions.DNSServers = append(topo.VNets[0].DhcpOptions.DNSServers, model.AzureDNSAddress)
	if dnsCodes(topo, "dns.gateway-needs-azure-dns") {
		t.Error("flagged although 168.63.129.16 is listed")
	}
}

// TestRule_dns_private_zone_links checks rule:dns.private-zone-links: a private zone answers only VNets
// linked to it, through Azure DNS; links work across regions without peering; one link per zone and VNet.
func TestRule_dns_private_zone_links(t *testing.T) {
	topo := dnsHub()
	topo.VNets = append(topo.VNets, hsVNet("far", "10.5.0.0/16", "app=10.5.1.0/24"))
	topo.VNets[2].Location = "japaneast"
	topo.VMs = append(topo.VMs, hsVM("farvm", "far/app", "10.5.1.4"))
	dnsWant(t, "linked hub", dnsResolve(t, topo, "hubvm", dnsBlob), dns.Address, "10.1.2.5")
	dnsWant(t, "unlinked far VNet", dnsResolve(t, topo, "farvm", dnsBlob), dns.Address, "20.60.1.1")
	topo.PrivateDNSZones[0].VirtualNetworkLinks = append(topo.PrivateDNSZones[0].VirtualNetworkLinks, model.VirtualNetworkLink{Name: "far", VirtualNetwork: "far"})
	r := dnsResolve(t, topo, "farvm", dnsBlob)
	dnsWant(t, "far VNet linked, another region, no peering", r, dns.Address, "10.1.2.5")
	if !dnsCites(r, "dns.private-zone-links") {
		t.Errorf("no citation:\n%s", dnsText(r))
	}
	topo.PrivateDNSZones[0].VirtualNetworkLinks = append(topo.PrivateDNSZones[0].VirtualNetworkLinks, model.VirtualNetworkLink{Name: "far2", VirtualNetwork: "far"})
	if !dnsCodes(topo, "dns.link-duplicate") {
		t.Error("two links of one zone to one VNet are not refused")
	}
}

// TestRule_dns_split_horizon checks rule:dns.split-horizon: a private zone may share a public name; linked
// VNets get the private answer, others the public one.
func TestRule_dns_split_horizon(t *testing.T) {
	topo := dnsHub()
	topo.PrivateDNSZones = append(topo.PrivateDNSZones, model.PrivateDnsZone{ID: "contoso.com",
		RecordSets:          []model.RecordSet{{Name: "www", Type: "A", ARecords: []model.ARecord{{IPv4Address: "10.0.1.4"}}}},
		VirtualNetworkLinks: []model.VirtualNetworkLink{{Name: "hub", VirtualNetwork: "hub"}}})
	dnsWant(t, "linked hub", dnsResolve(t, topo, "hubvm", "www.contoso.com"), dns.Address, "10.0.1.4")
	// The spoke is not linked: the public zone answers (vnetplay does not
	// hold public zones other than private-link targets').
	pub := dnsResolve(t, topo, "vm1", "www.contoso.com")
	dnsWant(t, "unlinked spoke", pub, dns.NotModelled)
	// The reason follows the answer ("public DNS (not modelled): …"): it
	// does not say it again (it read "public DNS (not modelled): public DNS
	// (not modelled): …").
	if strings.Contains(strings.ToLower(pub.Reason), "not modelled") || !strings.Contains(pub.Reason, "www.contoso.com") {
		t.Errorf("the reason of a public name: %q", pub.Reason)
	}
}

// TestRule_dns_nxdomain_and_fallback checks rule:dns.nxdomain-and-fallback: a name missing from a linked
// zone is NXDOMAIN and public DNS is not asked; NxDomainRedirect on a link to a privatelink zone retries on
// the Internet; on other zones it is refused.
func TestRule_dns_nxdomain_and_fallback(t *testing.T) {
	topo := dnsHub()
	topo.PrivateDNSZones = append(topo.PrivateDNSZones, model.PrivateDnsZone{ID: "contoso.com",
		VirtualNetworkLinks: []model.VirtualNetworkLink{{Name: "hub", VirtualNetwork: "hub"}}})
	r := dnsResolve(t, topo, "hubvm", "www.contoso.com")
	dnsWant(t, "missing from a linked zone", r, dns.NXDomain)
	if !dnsCites(r, "dns.nxdomain-and-fallback") || slices.ContainsFunc(r.Steps, func(s dns.Step) bool { return s.Kind == dns.StepPublic }) {
		t.Errorf("want an NXDOMAIN citing the rule and no public lookup:\n%s", dnsText(r))
	}
	// Another organisation's storage account with a private endpoint whose
	// record is not in our zone: NXDOMAIN, or the public address with the
	// fallback.
	topo.PrivateEndpoints = append(topo.PrivateEndpoints, model.PrivateEndpoint{ID: "other-org", Subnet: "spoke/pe", PrivateIPAddress: "10.1.2.9",
		PrivateLinkServiceID: "partner", Fqdn: "partner.blob.core.windows.net", PublicIPAddress: "20.60.2.2"})
	dnsWant(t, "no fallback", dnsResolve(t, topo, "hubvm", "partner.blob.core.windows.net"), dns.NXDomain)
	topo.PrivateDNSZones[0].VirtualNetworkLinks[0].ResolutionPolicy = model.ResolutionNxDomainRedirect // the privatelink zone's link
	dnsWant(t, "NxDomainRedirect", dnsResolve(t, topo, "hubvm", "partner.blob.core.windows.net"), dns.Address, "20.60.2.2")
	// ARM reads the policy in any case.
	topo.PrivateDNSZones[0].VirtualNetworkLinks[0].ResolutionPolicy = "nxdomainredirect"
	dnsWant(t, "nxdomainredirect", dnsResolve(t, topo, "hubvm", "partner.blob.core.windows.net"), dns.Address, "20.60.2.2")
	bad := dnsHub()
	bad.PrivateDNSZones = append(bad.PrivateDNSZones, model.PrivateDnsZone{ID: "contoso.com",
		VirtualNetworkLinks: []model.VirtualNetworkLink{{Name: "hub", VirtualNetwork: "hub", ResolutionPolicy: model.ResolutionNxDomainRedirect}}})
	if !dnsCodes(bad, "dns.nxdomain-redirect") {
		t.Error("NxDomainRedirect on a non-privatelink zone is not refused")
	}
}

// TestRule_dns_wildcards_and_empty_names checks rule:dns.wildcards-and-empty-names: a wildcard answers
// for a missing name at any depth below the name's closest existing parent (not only one label below
// it); a name that exists without an address (a name with names below it, the apex) is NODATA, which no wildcard answers and NxDomainRedirect does not retry.
func TestRule_dns_wildcards_and_empty_names(t *testing.T) {
	a := func(name, ip string) model.RecordSet {
		return model.RecordSet{Name: name, Type: "A", ARecords: []model.ARecord{{IPv4Address: ip}}}
	}
	topo := dnsHub()
	topo.PrivateDNSZones = append(topo.PrivateDNSZones, model.PrivateDnsZone{ID: "contoso.com",
		RecordSets:          []model.RecordSet{a("*", "10.1.1.50"), a("*.apps", "10.1.1.60"), a("web.team.corp", "10.1.1.70")},
		VirtualNetworkLinks: []model.VirtualNetworkLink{{Name: "hub", VirtualNetwork: "hub"}}})
	for _, c := range []struct {
		name string
		kind dns.AnswerKind
		ip   string
	}{
		{"host.contoso.com", dns.Address, "10.1.1.50"},          // one label below the apex
		{"a.b.c.contoso.com", dns.Address, "10.1.1.50"},         // any depth: no parent exists, the apex's wildcard
		{"x.apps.contoso.com", dns.Address, "10.1.1.60"},        // the closer wildcard
		{"y.x.apps.contoso.com", dns.Address, "10.1.1.60"},      // below it, at any depth
		{"db.team.corp.contoso.com", dns.NXDomain, ""},          // team.corp exists and has no wildcard of its own
		{"x.web.team.corp.contoso.com", dns.NXDomain, ""},       // nor has web.team.corp
		{"team.corp.contoso.com", dns.NoData, ""},               // exists: names below it
		{"corp.contoso.com", dns.NoData, ""},                    // exists: names below it
		{"apps.contoso.com", dns.NoData, ""},                    // exists: its wildcard is below it
		{"contoso.com", dns.NoData, ""},                         // the apex
		{"web.team.corp.contoso.com", dns.Address, "10.1.1.70"}, // the record itself
	} {
		r := dnsResolve(t, topo, "hubvm", c.name)
		if c.ip != "" {
			dnsWant(t, c.name, r, c.kind, c.ip)
		} else {
			dnsWant(t, c.name, r, c.kind)
		}
		if c.kind != dns.Address || c.name == "host.contoso.com" || c.name == "web.team.corp.contoso.com" {
			continue
		}
		if !dnsCites(r, "dns.wildcards-and-empty-names") {
			t.Errorf("%s: no citation:\n%s", c.name, dnsText(r))
		}
	}
	// NODATA is final: NxDomainRedirect retries only an NXDOMAIN.
	pl := dnsHub()
	pl.PrivateEndpoints = append(pl.PrivateEndpoints, model.PrivateEndpoint{ID: "other-org", Subnet: "spoke/pe", PrivateIPAddress: "10.1.2.9",
		PrivateLinkServiceID: "partner", Fqdn: "partner.blob.core.windows.net", PublicIPAddress: "20.60.2.2"})
	for i := range pl.PrivateDNSZones {
		z := &pl.PrivateDNSZones[i]
		z.RecordSets = append(z.RecordSets, model.RecordSet{Name: "x.partner", Type: "A", ARecords: []model.ARecord{{IPv4Address: "10.1.2.10"}}})
		for j := range z.VirtualNetworkLinks {
			z.VirtualNetworkLinks[j].ResolutionPolicy = model.ResolutionNxDomainRedirect
		}
	}
	dnsWant(t, "a privatelink name with a name below it, NxDomainRedirect on", dnsResolve(t, pl, "hubvm", "partner.blob.core.windows.net"), dns.NoData)
}

// TestRule_dns_autoregistration checks rule:dns.autoregistration: a registration link writes A records for
// the VMs of the linked VNet (primary NIC only); a manual record with the same name replaces the automatic
// one; a VNet registers into one zone only.
func TestRule_dns_autoregistration(t *testing.T) {
	topo := dnsHub()
	two := hsVM("multi", "spoke/app", "10.1.1.20")
	two.NICs = append(two.NICs, model.NIC{Name: "a-second", Subnet: "spoke/app", PrivateIPAddress: "10.1.1.21"}) // first by name: primary
	topo.VMs = append(topo.VMs, two, hsVM("manual", "spoke/app", "10.1.1.30"))
	topo.PrivateDNSZones = append(topo.PrivateDNSZones, model.PrivateDnsZone{ID: "corp.contoso.com",
		RecordSets:          []model.RecordSet{{Name: "manual", Type: "A", ARecords: []model.ARecord{{IPv4Address: "10.1.1.99"}}}},
		VirtualNetworkLinks: []model.VirtualNetworkLink{{Name: "spoke", VirtualNetwork: "spoke", RegistrationEnabled: true}, {Name: "hub", VirtualNetwork: "hub"}}})
	r := dnsResolve(t, topo, "hubvm", "vm1.corp.contoso.com")
	dnsWant(t, "registered VM", r, dns.Address, "10.1.1.4")
	if !dnsCites(r, "dns.autoregistration") {
		t.Errorf("no citation:\n%s", dnsText(r))
	}
	dnsWant(t, "primary NIC only", dnsResolve(t, topo, "hubvm", "multi.corp.contoso.com"), dns.Address, "10.1.1.21")
	dnsWant(t, "manual record wins", dnsResolve(t, topo, "hubvm", "manual.corp.contoso.com"), dns.Address, "10.1.1.99")
	dnsWant(t, "hub VMs are not registered", dnsResolve(t, topo, "hubvm", "hubvm.corp.contoso.com"), dns.NXDomain)
	topo.PrivateDNSZones = append(topo.PrivateDNSZones, model.PrivateDnsZone{ID: "other.contoso.com",
		VirtualNetworkLinks: []model.VirtualNetworkLink{{Name: "spoke", VirtualNetwork: "spoke", RegistrationEnabled: true}}})
	if !dnsCodes(topo, "dns.registration-zones") {
		t.Error("a second registration zone for one VNet is not refused")
	}
}

// TestRule_dns_private_resolver_endpoints checks rule:dns.private-resolver-endpoints: an inbound endpoint
// takes queries from other VNets and resolves them through Azure DNS with the zones linked to the
// resolver's VNet, if the asker reaches it; each endpoint needs its own empty /28–/24 subnet.
func TestRule_dns_private_resolver_endpoints(t *testing.T) {
	topo := dnsHub()
	topo.VNets[1].DhcpOptions = &model.DhcpOptions{DNSServers: []string{dnsInbound}}
	r := dnsResolve(t, topo, "vm1", dnsBlob)
	dnsWant(t, "spoke via the inbound endpoint", r, dns.Address, "10.1.2.5")
	if chk := dnsCheck(r, dnsInbound); len(chk) != 1 || chk[0].Disposition != trace.Delivered || !dnsCites(r, "dns.private-resolver-endpoints") {
		t.Errorf("want a delivered UDP 53 check to the endpoint:\n%s", dnsText(r))
	}
	// An NSG on the inbound subnet that denies UDP 53 from the spoke.
	topo.NSGs = []model.NSG{{ID: "no-dns", SecurityRules: []model.SecurityRule{{Name: "deny-dns", Priority: 100, Direction: "Inbound", Access: "Deny",
		Protocol: "Udp", SourceAddressPrefix: "10.1.0.0/16", SourcePortRange: "*", DestinationAddressPrefix: "*", DestinationPortRange: "53"}}}}
	topo.VNets[0].Subnets[2].NetworkSecurityGroup = "no-dns"
	r = dnsResolve(t, topo, "vm1", dnsBlob)
	dnsWant(t, "NSG denies UDP 53", r, dns.Failed)
	if chk := dnsCheck(r, dnsInbound); len(chk) != 1 || chk[0].Disposition != trace.DroppedByNSG {
		t.Errorf("want DroppedByNSG:\n%s", dnsText(r))
	}
	bad := dnsHub()
	bad.VNets[0].Subnets[3].AddressPrefix = "10.0.4.16/29"
	if !dnsCodes(bad, "dns.endpoint-subnet-size") {
		t.Error("a /29 endpoint subnet is not refused")
	}
	bad = dnsHub()
	bad.VMs = append(bad.VMs, hsVM("squatter", "hub/dns-in", "10.0.4.5"))
	if !dnsCodes(bad, "dns.endpoint-subnet-used") {
		t.Error("a NIC in an endpoint subnet is not refused")
	}
}

// TestRule_dns_forwarding_rules checks rule:dns.forwarding-rules: the longest matching suffix wins, the
// first target is used until it does not answer, the wildcard does not capture Azure-reserved domains, and
// 168.63.129.16 cannot be a target.
func TestRule_dns_forwarding_rules(t *testing.T) {
	topo := dnsHub()
	topo.VMs[0] = dnsForwarder(topo.VMs[0]) // hubvm resolves by recursion
	topo.VMs = append(topo.VMs, dnsForwarder(hsVM("corpdns", "hub/app", "10.0.1.8")))
	topo.DNSForwardingRulesets = []model.DNSForwardingRuleset{dnsRuleset([]model.ForwardingRule{
		dnsRule("broad", "contoso.com.", "10.0.1.4"),
		dnsRule("narrow", "corp.contoso.com.", "10.9.9.53", "10.0.1.8"), // the first target is dead
		dnsRule("all", ".", "10.0.1.4"),
	}, "spoke")}
	r := dnsResolve(t, topo, "vm1", "app.corp.contoso.com")
	if !slices.ContainsFunc(r.Steps, func(s dns.Step) bool { return s.Kind == dns.StepRule && strings.Contains(s.Detail, "rule narrow") }) {
		t.Errorf("the longest suffix did not win:\n%s", dnsText(r))
	}
	if chk := dnsCheck(r, "10.0.1.8"); len(chk) != 1 || !chk[0].Disposition.Success() || len(dnsCheck(r, "10.9.9.53")) != 1 {
		t.Errorf("want the dead first target, then the second:\n%s", dnsText(r))
	}
	r = dnsResolve(t, topo, "vm1", dnsBlob)
	if slices.ContainsFunc(r.Steps, func(s dns.Step) bool { return s.Kind == dns.StepRule }) {
		t.Errorf("the wildcard captured windows.net:\n%s", dnsText(r))
	}
	dnsWant(t, "windows.net is not forwarded", r, dns.Address, "20.60.1.1")
	topo.DNSForwardingRulesets[0].ForwardingRules[0].TargetDNSServers[0].IPAddress = model.AzureDNSAddress
	if !dnsCodes(topo, "dns.rule-target") {
		t.Error("168.63.129.16 as a target is not refused")
	}
}

// TestRule_dns_ruleset_links checks rule:dns.ruleset-links: a linked VNet uses the ruleset without being
// peered with the resolver's VNet; links stay in the ruleset's region; linking the VNet of an inbound
// endpoint a rule targets makes queries loop, which is reported and not followed.
func TestRule_dns_ruleset_links(t *testing.T) {
	topo := dnsHub()
	topo.VNets = append(topo.VNets, hsVNet("lone", "10.6.0.0/16", "app=10.6.1.0/24"))
	topo.VMs = append(topo.VMs, hsVM("lonevm", "lone/app", "10.6.1.4"))
	topo.DNSForwardingRulesets = []model.DNSForwardingRuleset{dnsRuleset([]model.ForwardingRule{dnsRule("blob", "blob.core.windows.net.", dnsInbound)}, "lone")}
	r := dnsResolve(t, topo, "lonevm", dnsBlob)
	dnsWant(t, "unpeered linked VNet", r, dns.Address, "10.1.2.5")
	// Linked to the hub too: the hub's query goes to its own inbound
	// endpoint, which uses the same ruleset: a loop.
	topo.DNSForwardingRulesets[0].VirtualNetworkLinks = append(topo.DNSForwardingRulesets[0].VirtualNetworkLinks, model.RulesetVNetLink{Name: "hub", VirtualNetwork: "hub"})
	if !dnsCodes(topo, "dns.ruleset-loop") {
		t.Error("the loop is not flagged")
	}
	r = dns.Resolve(dataplane.Build(&topo), &topo, "hubvm", dnsBlob)
	dnsWant(t, "loop", r, dns.Failed)
	if !slices.ContainsFunc(r.Steps, func(s dns.Step) bool { return s.Kind == dns.StepLoop && s.Rule == "dns.ruleset-links" }) {
		t.Errorf("no loop step:\n%s", dnsText(r))
	}
	bad := dnsHub()
	bad.VNets = append(bad.VNets, hsVNet("far", "10.5.0.0/16", "app=10.5.1.0/24"))
	bad.VNets[2].Location = "japaneast"
	bad.DNSForwardingRulesets = []model.DNSForwardingRuleset{dnsRuleset([]model.ForwardingRule{dnsRule("blob", "blob.core.windows.net.", dnsInbound)}, "far")}
	if !dnsCodes(bad, "dns.ruleset-link-region") {
		t.Error("a link across regions is not refused")
	}
	rs2 := dnsRuleset(nil, "far")
	rs2.ID = "rs2"
	bad.DNSForwardingRulesets = append(bad.DNSForwardingRulesets, rs2)
	if !dnsCodes(bad, "dns.ruleset-link-duplicate") {
		t.Error("a VNet linked to two rulesets is not refused")
	}
}

// TestRule_dns_resolution_order checks rule:dns.resolution-order: in a VNet using Azure DNS, linked zones
// answer first, then the linked ruleset's rules, then public recursion.
func TestRule_dns_resolution_order(t *testing.T) {
	topo := dnsHub()
	topo.VMs[0] = dnsForwarder(topo.VMs[0]) // hubvm: a server that recurses
	topo.PrivateDNSZones = append(topo.PrivateDNSZones, model.PrivateDnsZone{ID: "contoso.com",
		RecordSets:          []model.RecordSet{{Name: "www", Type: "A", ARecords: []model.ARecord{{IPv4Address: "10.1.1.4"}}}},
		VirtualNetworkLinks: []model.VirtualNetworkLink{{Name: "spoke", VirtualNetwork: "spoke"}}})
	topo.DNSForwardingRulesets = []model.DNSForwardingRuleset{dnsRuleset([]model.ForwardingRule{dnsRule("c", "contoso.com.", "10.0.1.4")}, "spoke")}
	r := dnsResolve(t, topo, "vm1", "www.contoso.com")
	dnsWant(t, "zone before rule", r, dns.Address, "10.1.1.4")
	if slices.ContainsFunc(r.Steps, func(s dns.Step) bool { return s.Kind == dns.StepRule }) {
		t.Errorf("a rule was used although a linked zone holds the name:\n%s", dnsText(r))
	}
	topo.PrivateDNSZones = topo.PrivateDNSZones[:1]
	r = dnsResolve(t, topo, "vm1", "www.contoso.com")
	if !slices.ContainsFunc(r.Steps, func(s dns.Step) bool { return s.Kind == dns.StepRule }) || len(dnsCheck(r, "10.0.1.4")) != 1 {
		t.Errorf("rule before recursion:\n%s", dnsText(r))
	}
	topo.DNSForwardingRulesets = nil
	r = dnsResolve(t, topo, "vm1", "www.contoso.com")
	if !dnsCites(r, "dns.resolution-order") || r.Answer.Kind != dns.NotModelled {
		t.Errorf("want public recursion:\n%s", dnsText(r))
	}
}

// TestRule_dns_resolver_limits checks rule:dns.resolver-limits: at most 1,000 rules per ruleset (and the
// resolution of a ruleset that large stays bounded).
func TestRule_dns_resolver_limits(t *testing.T) {
	topo := dnsHub()
	var rules []model.ForwardingRule
	for i := range 1000 {
		rules = append(rules, dnsRule(fmt.Sprintf("r%04d", i), fmt.Sprintf("d%d.example.", i), "10.0.1.4"))
	}
	topo.VMs[0] = dnsForwarder(topo.VMs[0])
	topo.DNSForwardingRulesets = []model.DNSForwardingRuleset{dnsRuleset(rules, "spoke")}
	if dnsCodes(topo, "dns.rule-limit") {
		t.Error("1,000 rules are refused")
	}
	r := dnsResolve(t, topo, "vm1", "x.d999.example")
	if !slices.ContainsFunc(r.Steps, func(s dns.Step) bool { return s.Kind == dns.StepRule && strings.Contains(s.Detail, "rule r0999") }) || len(r.Steps) > dns.MaxSteps {
		t.Errorf("want rule r0999 in a bounded walk (%d steps):\n%s", len(r.Steps), dnsText(r))
	}
	topo.DNSForwardingRulesets[0].ForwardingRules = append(rules, dnsRule("one-more", "more.example.", "10.0.1.4"))
	if !dnsCodes(topo, "dns.rule-limit") {
		t.Error("1,001 rules are not refused")
	}
}

// TestRule_dns_on_premises_forwarding checks rule:dns.on-premises-forwarding: an on-premises resolver that
// conditionally forwards the public zone to an inbound endpoint in a linked VNet, reached over the VPN,
// gets the private address; without the VPN it cannot reach the endpoint. Forwarding the privatelink zone
// works when the on-premises server resolves public names itself.
func TestRule_dns_on_premises_forwarding(t *testing.T) {
	topo := dnsHub()
	dnsSiteServer(&topo, "blob.core.windows.net", dnsInbound)
	r := dnsResolve(t, topo, "dc/h", dnsBlob)
	dnsWant(t, "public zone forwarded", r, dns.Address, "10.1.2.5")
	if chk := dnsCheck(r, dnsInbound); len(chk) != 1 || chk[0].Disposition != trace.Delivered || !slices.Contains(chk[0].Via, "vpngw") {
		t.Errorf("want the query over the VPN gateway:\n%s", dnsText(r))
	}
	dnsSiteServer(&topo, dnsBlobZone, dnsInbound)
	dnsWant(t, "privatelink zone forwarded, public names by recursion", dnsResolve(t, topo, "dc/h", dnsBlob), dns.Address, "10.1.2.5")
	topo.Connections = nil
	r = dnsResolve(t, topo, "dc/h", dnsBlob)
	dnsWant(t, "no VPN", r, dns.Failed)
	if chk := dnsCheck(r, dnsInbound); len(chk) != 1 || chk[0].Disposition.Success() {
		t.Errorf("want a failed check:\n%s", dnsText(r))
	}
}

// TestRule_dns_hub_and_spoke checks rule:dns.hub-and-spoke: with only the hub linked, a spoke reaches the
// zone through a ruleset rule to the hub's inbound endpoint; the forwarded query leaves from the outbound
// endpoint's VNet, so the target must be reachable from there, not from the spoke.
func TestRule_dns_hub_and_spoke(t *testing.T) {
	topo := dnsHub()
	topo.Peerings = nil // the spoke cannot reach the hub at all
	topo.DNSForwardingRulesets = []model.DNSForwardingRuleset{dnsRuleset([]model.ForwardingRule{dnsRule("blob", "blob.core.windows.net.", dnsInbound)}, "spoke")}
	r := dnsResolve(t, topo, "vm1", dnsBlob)
	dnsWant(t, "spoke via ruleset", r, dns.Address, "10.1.2.5")
	chk := dnsCheck(r, dnsInbound)
	if len(chk) != 1 || !strings.Contains(chk[0].From, "dnsr/out") || !dnsCites(r, "dns.hub-and-spoke") {
		t.Errorf("want the query from the outbound endpoint:\n%s", dnsText(r))
	}
	// The hub's VMs resolve with the zone directly.
	dnsWant(t, "hub linked", dnsResolve(t, topo, "hubvm", dnsBlob), dns.Address, "10.1.2.5")
}

// TestRule_dns_p2s_clients checks rule:dns.p2s-clients: P2S clients take their gateway VNet's DNS servers;
// with none they resolve with their own DNS (the public address); pointed at an inbound endpoint in a
// linked VNet they resolve the private zone.
func TestRule_dns_p2s_clients(t *testing.T) {
	topo := dnsHub()
	topo.Gateways[0].VpnClientConfiguration = hsP2S("172.16.50.0/24", "172.16.50.10", "172.16.50.11")
	r := dnsResolve(t, topo, "vpngw/win", dnsBlob)
	dnsWant(t, "no VNet DNS servers", r, dns.Address, "20.60.1.1")
	if !dnsCites(r, "dns.p2s-clients") {
		t.Errorf("no citation:\n%s", dnsText(r))
	}
	topo.VNets[0].DhcpOptions = &model.DhcpOptions{DNSServers: []string{dnsInbound, model.AzureDNSAddress}}
	r = dnsResolve(t, topo, "vpngw/other", dnsBlob)
	dnsWant(t, "the inbound endpoint", r, dns.Address, "10.1.2.5")
	if chk := dnsCheck(r, dnsInbound); len(chk) != 1 || chk[0].Disposition != trace.Delivered {
		t.Errorf("want a delivered check from the client:\n%s", dnsText(r))
	}
}

// TestRule_private_endpoints_dns_chain checks rule:private-endpoints.dns-chain: the public name CNAMEs to
// the privatelink name; in a VNet linked to the privatelink zone that is the endpoint's A record (written by
// its zone group), outside it resolves on to the service's public address.
func TestRule_private_endpoints_dns_chain(t *testing.T) {
	topo := dnsHub()
	r := dnsResolve(t, topo, "hubvm", dnsBlob)
	dnsWant(t, "linked", r, dns.Address, "10.1.2.5")
	if !slices.Equal(r.Answer.Names, []string{dnsBlob, dnsBlobPL}) || r.Answer.Scope != dns.ScopePrivate || !dnsCites(r, "private-endpoints.dns-chain") {
		t.Errorf("names %v scope %s\n%s", r.Answer.Names, r.Answer.Scope, dnsText(r))
	}
	r = dnsResolve(t, topo, "vm1", dnsBlob)
	dnsWant(t, "not linked", r, dns.Address, "20.60.1.1")
	if !slices.Equal(r.Answer.Names, []string{dnsBlob, dnsBlobPL}) || r.Answer.Scope != dns.ScopePublic {
		t.Errorf("names %v scope %s", r.Answer.Names, r.Answer.Scope)
	}
	// Without the zone group nothing writes the record: the linked hub gets
	// NXDOMAIN.
	topo.PrivateEndpoints[0].PrivateDnsZoneGroup = nil
	dnsWant(t, "no zone group", dnsResolve(t, topo, "hubvm", dnsBlob), dns.NXDomain)
}

// TestRule_private_endpoints_nxdomain_trap checks rule:private-endpoints.nxdomain-trap: a VNet linked to a
// privatelink zone that lacks the record of a resource with a private endpoint elsewhere gets NXDOMAIN,
// even for another organisation's resource; resources with no endpoint are not affected.
func TestRule_private_endpoints_nxdomain_trap(t *testing.T) {
	topo := dnsHub()
	topo.PrivateEndpoints = append(topo.PrivateEndpoints, model.PrivateEndpoint{ID: "partner-pe", Subnet: "spoke/pe", PrivateIPAddress: "10.1.2.9",
		PrivateLinkServiceID: "partner", Fqdn: "partner.blob.core.windows.net", PublicIPAddress: "20.60.2.2"})
	r := dnsResolve(t, topo, "hubvm", "partner.blob.core.windows.net")
	dnsWant(t, "linked hub, partner's resource", r, dns.NXDomain)
	if !dnsCites(r, "private-endpoints.nxdomain-trap") {
		t.Errorf("no citation:\n%s", dnsText(r))
	}
	dnsWant(t, "unlinked spoke, partner's resource", dnsResolve(t, topo, "vm1", "partner.blob.core.windows.net"), dns.Address, "20.60.2.2")
	r = dnsResolve(t, topo, "hubvm", "noendpoint.blob.core.windows.net")
	if r.Answer.Kind == dns.NXDomain {
		t.Errorf("a resource without an endpoint got NXDOMAIN:\n%s", dnsText(r))
	}
}

// TestRule_private_endpoints_routing_and_dns_independent checks rule:private-endpoints.routing-and-dns-independent
// from the DNS side: a VNet directly peered with the endpoint's VNet but not linked to the privatelink zone
// resolves the public address, and its packets to that address leave for the Internet.
func TestRule_private_endpoints_routing_and_dns_independent(t *testing.T) {
	topo := dnsHub()
	topo.PrivateEndpoints[0].Subnet, topo.PrivateEndpoints[0].PrivateIPAddress = "hub/app", "10.0.1.50" // in the hub, peered with the spoke
	r := dnsResolve(t, topo, "vm1", dnsBlob)
	dnsWant(t, "peered, not linked", r, dns.Address, "20.60.1.1")
	hsWantDisp(t, "vm1 → the public address", hsFlow(t, dataplane.Build(&topo), "vm1", "20.60.1.1", "Tcp", 443), trace.ExitsToInternet)
	// Linking the spoke fixes the name.
	topo.PrivateDNSZones[0].VirtualNetworkLinks = append(topo.PrivateDNSZones[0].VirtualNetworkLinks, model.VirtualNetworkLink{Name: "spoke", VirtualNetwork: "spoke"})
	dnsWant(t, "linked", dnsResolve(t, topo, "vm1", dnsBlob), dns.Address, "10.0.1.50")
}

// TestRule_private_endpoints_routing_and_dns_independent_by_name checks rule:private-endpoints.routing-and-dns-independent
// through a scenario's expectations: the hub, directly peered with the endpoint's spoke, has the endpoint's /32
// InterfaceEndpoint route and reaches it by address, but without a link to the privatelink zone the name resolves
// to the service's public address and the packet sent by name leaves for the Internet, not to the endpoint; the
// linked spoke resolves the private address and reaches the endpoint by name.
func TestRule_private_endpoints_routing_and_dns_independent_by_name(t *testing.T) {
	topo := dnsHub()
	topo.PrivateDNSZones[0].VirtualNetworkLinks = []model.VirtualNetworkLink{{Name: "spoke", VirtualNetwork: "spoke"}}
	yes := true
	doc := &scenario.Document{Topology: topo, Expect: []scenario.Expectation{
		{ID: "hub-route", Kind: scenario.ExpectRoute, Subnet: "hub/app", Prefix: "10.1.2.5/32", NextHopType: "InterfaceEndpoint"},
		{ID: "hub-by-address", Kind: scenario.ExpectReach, From: "hubvm", To: "pe-blob", Reachable: &yes},
		{ID: "hub-resolves-public", Kind: scenario.ExpectResolve, From: "hubvm", Name: dnsBlob, Answer: "public"},
		{ID: "hub-resolves-the-public-address", Kind: scenario.ExpectResolve, From: "hubvm", Name: dnsBlob, Answer: "20.60.1.1"},
		{ID: "hub-by-name", Kind: scenario.ExpectReach, From: "hubvm", To: dnsBlob, Reachable: &yes},
		{ID: "spoke-resolves-private", Kind: scenario.ExpectResolve, From: "vm1", Name: dnsBlob, Answer: "10.1.2.5"},
		{ID: "spoke-by-name", Kind: scenario.ExpectReach, From: "vm1", To: dnsBlob, Reachable: &yes},
	}}
	for _, d := range expect.Validate(dataplane.Build(&topo), doc.Expect) {
		t.Errorf("invalid expectation: %s", d)
	}
	got := map[string]expect.Result{}
	for _, r := range expect.EvaluateDocument(doc, dataplane.Build(&doc.Topology)) {
		got[r.ID] = r
		if !r.OK {
			t.Errorf("%s: %s (got %s)", r.ID, r.Msg, r.Got)
		}
	}
	if g := got["hub-by-name"].Got; !strings.Contains(g, "resolves to 20.60.1.1 (public); ExitsToInternet") || !strings.HasSuffix(g, "; not to the private endpoint pe-blob") {
		t.Errorf("hub by name: %s", g)
	}
	if g := got["spoke-by-name"].Got; !strings.Contains(g, "resolves to 10.1.2.5 (private); Delivered") || strings.Contains(g, "not to the private endpoint") {
		t.Errorf("spoke by name: %s", g)
	}
}
