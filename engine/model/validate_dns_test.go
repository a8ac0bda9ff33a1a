package model

import (
	"fmt"
	"strings"
	"testing"
)

// dnsBase is hybridBase() plus name resolution: a DNS Private Resolver in
// the hub (inbound 10.0.4.4, outbound endpoint), a privatelink zone and a
// registration zone linked to the hub, a ruleset linked to the hub, the
// spoke using the inbound endpoint as its DNS server, a forwarder VM and an
// on-premises resolver: a valid design.
func dnsBase() Topology {
	t := hybridBase()
	t.VNets[0].Subnets = append(t.VNets[0].Subnets, Subnet{Name: "dns-in", AddressPrefix: "10.0.4.0/28"}, Subnet{Name: "dns-out", AddressPrefix: "10.0.4.16/28"})
	t.VNets[1].DhcpOptions = &DhcpOptions{DNSServers: []string{"10.0.4.4"}}
	t.PrivateDNSZones = []PrivateDnsZone{
		{ID: "privatelink.blob.core.windows.net",
			RecordSets:          []RecordSet{{Name: "acct", Type: "A", ARecords: []ARecord{{IPv4Address: "10.1.1.10"}}}, {Name: "alias", Type: "CNAME", CnameRecord: &CnameRecord{Cname: "acct.privatelink.blob.core.windows.net"}}},
			VirtualNetworkLinks: []VirtualNetworkLink{{Name: "hub", VirtualNetwork: "hub", ResolutionPolicy: ResolutionNxDomainRedirect}}},
		{ID: "corp.internal", VirtualNetworkLinks: []VirtualNetworkLink{{Name: "hub", VirtualNetwork: "hub", RegistrationEnabled: true}}},
	}
	t.DNSResolvers = []DNSResolver{{ID: "dnsr", VNet: "hub",
		InboundEndpoints:  []DNSInboundEndpoint{{Name: "in", Subnet: "dns-in", PrivateIPAddress: "10.0.4.4"}},
		OutboundEndpoints: []DNSOutboundEndpoint{{Name: "out", Subnet: "dns-out"}}}}
	t.DNSForwardingRulesets = []DNSForwardingRuleset{{ID: "rs", DNSResolverOutboundEndpoints: []string{"dnsr/out"},
		ForwardingRules:     []ForwardingRule{{Name: "corp", DomainName: "corp.example.", TargetDNSServers: []TargetDNSServer{{IPAddress: "192.168.0.53"}}}},
		VirtualNetworkLinks: []RulesetVNetLink{{Name: "hub", VirtualNetwork: "hub"}}}}
	t.VMs[0].DNSServer = &DNSServer{Forwarders: []string{AzureDNSAddress}}
	t.Sites[0].DNSServer = &DNSServer{IPAddress: "192.168.0.53", ConditionalForwarders: []ConditionalForwarder{{DomainName: "blob.core.windows.net", TargetDNSServers: []string{"10.0.4.4"}}}}
	return t
}

func TestDNSBaseIsClean(t *testing.T) {
	b := dnsBase()
	if ds := Validate(&b, nil); len(ds) != 0 {
		t.Fatalf("dns base has diagnostics:\n%s", codes(ds))
	}
}

func TestDNSRules(t *testing.T) {
	zone := func(t *Topology) *PrivateDnsZone { return &t.PrivateDNSZones[0] }
	rule := func(t *Topology) *ForwardingRule { return &t.DNSForwardingRulesets[0].ForwardingRules[0] }
	for _, tc := range []struct {
		name, code string
		edit       func(*Topology)
	}{
		// DNS server lists (rule:dns.custom-servers).
		{"rule:dns.custom-servers: a VNet's server is not an address", "dns.server-invalid@vnets[spoke].dhcpOptions.dnsServers[0]", func(t *Topology) { t.VNets[1].DhcpOptions.DNSServers[0] = "10.0.4" }},
		{"rule:dns.custom-servers: AzureProvidedDNS is a NIC value", "dns.server-invalid@vnets[spoke]", func(t *Topology) { t.VNets[1].DhcpOptions.DNSServers = []string{AzureProvidedDNS} }},
		{"rule:dns.custom-servers: at most 20 servers", "dns.too-many-servers", func(t *Topology) {
			t.VNets[1].DhcpOptions.DNSServers = nil
			for i := range 21 {
				t.VNets[1].DhcpOptions.DNSServers = append(t.VNets[1].DhcpOptions.DNSServers, fmt.Sprintf("10.0.9.%d", i+1))
			}
		}},
		{"rule:dns.custom-servers: AzureProvidedDNS alone on a NIC", "dns.azure-provided-alone", func(t *Topology) {
			t.VMs[1].NICs[0].DNSSettings = &NICDNSSettings{DNSServers: []string{AzureProvidedDNS, "10.0.4.4"}}
		}},
		{"rule:dns.custom-servers: IPv6 server", "dns.server-invalid@virtualMachines[app]", func(t *Topology) {
			t.VMs[1].NICs[0].DNSSettings = &NICDNSSettings{DNSServers: []string{"fd00::53"}}
		}},
		{"rule:dns.server-order-and-renewal: a server listed twice", "dns.server-duplicate", func(t *Topology) {
			t.VNets[1].DhcpOptions.DNSServers = []string{"10.0.4.4", "10.0.4.4"}
		}},
		{"rule:dns.gateway-needs-azure-dns: gateway VNet with custom DNS only", "dns.gateway-needs-azure-dns", func(t *Topology) {
			t.VNets[0].DhcpOptions = &DhcpOptions{DNSServers: []string{"10.0.1.4"}}
		}},
		// Zones and record sets (rule:dns.private-zone-links).
		{"zone name with a bad label", "dns.zone-name", func(t *Topology) { zone(t).ID = "privatelink.-blob.core.windows.net" }},
		{"zone name of one label", "dns.zone-name", func(t *Topology) { zone(t).ID = "local" }},
		{"rule:dns.private-zone-links: a zone name twice", "id.duplicate@privateDnsZones[corp.internal]", func(t *Topology) {
			t.PrivateDNSZones = append(t.PrivateDNSZones, PrivateDnsZone{ID: "corp.internal"})
		}},
		{"rule:dns.private-zone-links: a zone name twice in another case", "id.duplicate@privateDnsZones[Corp.Internal]", func(t *Topology) {
			t.PrivateDNSZones = append(t.PrivateDNSZones, PrivateDnsZone{ID: "Corp.Internal"})
		}},
		{"record name with a space", "dns.record-name", func(t *Topology) { zone(t).RecordSets[0].Name = "my acct" }},
		{"A record not an IPv4 address", "dns.record-address", func(t *Topology) { zone(t).RecordSets[0].ARecords[0].IPv4Address = "10.1.1.300" }},
		{"A record set without addresses", "dns.record-empty", func(t *Topology) { zone(t).RecordSets[0].ARecords = nil }},
		{"unknown record type", "dns.record-type", func(t *Topology) { zone(t).RecordSets[0].Type = "MX" }},
		{"CNAME without a target", "dns.record-empty", func(t *Topology) { zone(t).RecordSets[1].CnameRecord = nil }},
		{"CNAME target not a name", "dns.record-cname", func(t *Topology) { zone(t).RecordSets[1].CnameRecord.Cname = "a..b" }},
		{"CNAME beside an A record set", "dns.record-cname", func(t *Topology) { zone(t).RecordSets[1].Name = "acct" }},
		{"duplicate record set", "dns.record-duplicate", func(t *Topology) { zone(t).RecordSets = append(zone(t).RecordSets, zone(t).RecordSets[0]) }},
		{"rule:dns.autoregistration: more than 20 records", "dns.record-limit", func(t *Topology) {
			for i := range 20 {
				zone(t).RecordSets[0].ARecords = append(zone(t).RecordSets[0].ARecords, ARecord{IPv4Address: fmt.Sprintf("10.1.1.%d", 20+i)})
			}
		}},
		// Links.
		{"rule:dns.private-zone-links: link to a missing VNet", "dns.link-vnet", func(t *Topology) { zone(t).VirtualNetworkLinks[0].VirtualNetwork = "nope" }},
		{"rule:dns.private-zone-links: one link per zone and VNet", "dns.link-duplicate", func(t *Topology) {
			zone(t).VirtualNetworkLinks = append(zone(t).VirtualNetworkLinks, VirtualNetworkLink{Name: "hub2", VirtualNetwork: "hub"})
		}},
		{"rule:dns.autoregistration: one registration zone per VNet", "dns.registration-zones", func(t *Topology) {
			zone(t).VirtualNetworkLinks[0].RegistrationEnabled = true
		}},
		{"rule:dns.nxdomain-and-fallback: NxDomainRedirect only on privatelink zones", "dns.nxdomain-redirect", func(t *Topology) {
			t.PrivateDNSZones[1].VirtualNetworkLinks[0].ResolutionPolicy = ResolutionNxDomainRedirect
		}},
		{"rule:dns.nxdomain-and-fallback: unknown policy", "dns.resolution-policy", func(t *Topology) { zone(t).VirtualNetworkLinks[0].ResolutionPolicy = "Fallback" }},
		// Resolver (rule:dns.private-resolver-endpoints).
		{"resolver in a missing VNet", "dns.resolver-vnet", func(t *Topology) { t.DNSResolvers[0].VNet = "nope" }},
		{"two resolvers in one VNet", "dns.resolver-duplicate", func(t *Topology) { t.DNSResolvers = append(t.DNSResolvers, DNSResolver{ID: "dnsr2", VNet: "hub"}) }},
		{"endpoint subnet missing", "dns.endpoint-subnet", func(t *Topology) { t.DNSResolvers[0].OutboundEndpoints[0].Subnet = "nope" }},
		{"endpoints share a subnet", "dns.endpoint-subnet-shared", func(t *Topology) { t.DNSResolvers[0].OutboundEndpoints[0].Subnet = "dns-in" }},
		{"endpoint subnet larger than /24", "dns.endpoint-subnet-size", func(t *Topology) { t.VNets[0].Subnets[3].AddressPrefix = "10.0.6.0/23" }},
		{"endpoint subnet smaller than /28", "dns.endpoint-subnet-size", func(t *Topology) { t.VNets[0].Subnets[3].AddressPrefix = "10.0.4.16/29" }},
		{"a NIC in an endpoint subnet", "dns.endpoint-subnet-used", func(t *Topology) {
			t.VMs = append(t.VMs, VM{ID: "x", NICs: []NIC{{Name: "nic0", Subnet: "hub/dns-out", PrivateIPAddress: "10.0.4.20"}}})
		}},
		{"endpoint in GatewaySubnet", "dns.endpoint-subnet-used", func(t *Topology) { t.DNSResolvers[0].OutboundEndpoints[0].Subnet = GatewaySubnet }},
		{"inbound address outside its subnet", "dns.inbound-ip", func(t *Topology) { t.DNSResolvers[0].InboundEndpoints[0].PrivateIPAddress = "10.0.5.4" }},
		{"inbound address missing", "dns.inbound-ip", func(t *Topology) { t.DNSResolvers[0].InboundEndpoints[0].PrivateIPAddress = "" }},
		{"inbound address reserved", "dns.inbound-ip", func(t *Topology) { t.DNSResolvers[0].InboundEndpoints[0].PrivateIPAddress = "10.0.4.1" }},
		{"rule:dns.resolver-limits: six inbound endpoints", "dns.endpoint-limit", func(t *Topology) {
			for i := range 5 {
				t.DNSResolvers[0].InboundEndpoints = append(t.DNSResolvers[0].InboundEndpoints, DNSInboundEndpoint{Name: fmt.Sprint("in", i), Subnet: "dns-in", PrivateIPAddress: "10.0.4.5"})
			}
		}},
		// Rulesets (rule:dns.forwarding-rules, rule:dns.ruleset-links).
		{"ruleset endpoint missing", "dns.ruleset-endpoint", func(t *Topology) { t.DNSForwardingRulesets[0].DNSResolverOutboundEndpoints = []string{"dnsr/nope"} }},
		{"ruleset without an endpoint", "dns.ruleset-endpoint", func(t *Topology) { t.DNSForwardingRulesets[0].DNSResolverOutboundEndpoints = nil }},
		{"rule domain without the final dot", "dns.rule-domain", func(t *Topology) { rule(t).DomainName = "corp.example" }},
		{"rule domain invalid", "dns.rule-domain", func(t *Topology) { rule(t).DomainName = "corp..example." }},
		{"168.63.129.16 as a target", "dns.rule-target", func(t *Topology) { rule(t).TargetDNSServers[0].IPAddress = AzureDNSAddress }},
		{"rule without targets", "dns.rule-target", func(t *Topology) { rule(t).TargetDNSServers = nil }},
		{"two rules for one domain", "dns.rule-duplicate", func(t *Topology) {
			r := *rule(t)
			r.Name = "corp2"
			t.DNSForwardingRulesets[0].ForwardingRules = append(t.DNSForwardingRulesets[0].ForwardingRules, r)
		}},
		{"unknown rule state", "dns.rule-state", func(t *Topology) { rule(t).ForwardingRuleState = "On" }},
		{"rule:dns.resolver-limits: 1,001 rules", "dns.rule-limit", func(t *Topology) {
			for i := range 1000 {
				t.DNSForwardingRulesets[0].ForwardingRules = append(t.DNSForwardingRulesets[0].ForwardingRules,
					ForwardingRule{Name: fmt.Sprint("r", i), DomainName: fmt.Sprintf("d%d.example.", i), TargetDNSServers: []TargetDNSServer{{IPAddress: "192.168.0.53"}}})
			}
		}},
		{"ruleset linked to a missing VNet", "dns.ruleset-link-vnet", func(t *Topology) { t.DNSForwardingRulesets[0].VirtualNetworkLinks[0].VirtualNetwork = "nope" }},
		{"ruleset linked across regions", "dns.ruleset-link-region", func(t *Topology) {
			t.VNets[1].Location = "northeurope"
			t.DNSForwardingRulesets[0].VirtualNetworkLinks = append(t.DNSForwardingRulesets[0].VirtualNetworkLinks, RulesetVNetLink{Name: "spoke", VirtualNetwork: "spoke"})
		}},
		{"a VNet linked to two rulesets", "dns.ruleset-link-duplicate", func(t *Topology) {
			rs := t.DNSForwardingRulesets[0]
			rs.ID = "rs2"
			t.DNSForwardingRulesets = append(t.DNSForwardingRulesets, rs)
		}},
		{"a rule targets the inbound endpoint of a linked VNet", "dns.ruleset-loop", func(t *Topology) { rule(t).TargetDNSServers[0].IPAddress = "10.0.4.4" }},
		// Sites and VMs (rule:dns.on-premises-forwarding).
		{"site DNS server without an address", "dns.server-address@sites[dc]", func(t *Topology) { t.Sites[0].DNSServer.IPAddress = "" }},
		{"site DNS server outside the site", "dns.server-address@sites[dc]", func(t *Topology) { t.Sites[0].DNSServer.IPAddress = "192.168.9.53" }},
		{"rule:dns.azure-dns-address: a site forwards a domain to Azure DNS", "dns.onprem-azure-dns", func(t *Topology) {
			t.Sites[0].DNSServer.ConditionalForwarders[0].TargetDNSServers[0] = AzureDNSAddress
		}},
		{"rule:dns.azure-dns-address: a site forwards everything to Azure DNS", "dns.onprem-azure-dns", func(t *Topology) {
			t.Sites[0].DNSServer.Forwarders = []string{AzureDNSAddress}
		}},
		{"conditional forwarder domain invalid", "dns.forwarder-domain", func(t *Topology) { t.Sites[0].DNSServer.ConditionalForwarders[0].DomainName = "blob..net" }},
		{"conditional forwarder target invalid", "dns.server-invalid@sites[dc]", func(t *Topology) { t.Sites[0].DNSServer.ConditionalForwarders[0].TargetDNSServers[0] = "x" }},
		{"VM forwarder invalid", "dns.server-invalid@virtualMachines[fw].dnsServer", func(t *Topology) { t.VMs[0].DNSServer.Forwarders[0] = "8.8.8" }},
		{"VM server address not its NIC's", "dns.server-address@virtualMachines[fw]", func(t *Topology) { t.VMs[0].DNSServer.IPAddress = "10.0.1.9" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := dnsBase()
			tc.edit(&b)
			ds := Validate(&b, nil)
			want := tc.code
			if !strings.Contains(want, "@") {
				want += "@"
			}
			if !strings.Contains(codes(ds), want) {
				t.Errorf("want %s, got:\n%s", tc.code, codes(ds))
			}
		})
	}
}

func TestValidDNSName(t *testing.T) {
	for s, want := range map[string]bool{
		"acct.blob.core.windows.net": true, "acct.blob.core.windows.net.": true, "_sip._tcp.example.com": true, "a": true,
		"": false, ".": false, "a..b": false, "-a.b": false, "a-.b": false, "a b.c": false, strings.Repeat("a", 64) + ".b": false,
		strings.Repeat("abcdefgh.", 29) + "c": false,
	} {
		if got := ValidDNSName(s, false); got != want {
			t.Errorf("ValidDNSName(%q) = %v, want %v", s, got, want)
		}
	}
	if !ValidDNSName("*.example.com", true) || ValidDNSName("*.example.com", false) || ValidDNSName("a.*.b", true) {
		t.Error("wildcard handling")
	}
}

// TestRulesetLinkRegionAsARMReadsIt: a ruleset links to a VNet of its
// region however the region is written ("West Europe" is westeurope, as
// SameLocation reads it); another region is still an error.
func TestRulesetLinkRegionAsARMReadsIt(t *testing.T) {
	for _, c := range []struct {
		hub, spoke string
		want       bool
	}{{"westeurope", "West Europe", false}, {"West Europe", "westeurope", false}, {"westeurope", "North Europe", true}} {
		topo := dnsBase()
		topo.VNets[0].Location, topo.VNets[1].Location = c.hub, c.spoke
		topo.DNSForwardingRulesets[0].VirtualNetworkLinks = append(topo.DNSForwardingRulesets[0].VirtualNetworkLinks, RulesetVNetLink{Name: "spoke", VirtualNetwork: "spoke"})
		if got := strings.Contains(codes(Validate(&topo, nil)), "dns.ruleset-link-region"); got != c.want {
			t.Errorf("hub in %q, spoke in %q: dns.ruleset-link-region %v, want %v (%s)", c.hub, c.spoke, got, c.want, codes(Validate(&topo, nil)))
		}
	}
}
