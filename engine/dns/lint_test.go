package dns

import (
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
	"vnetplay/engine/trace"
)

// lint validates topo (no errors allowed) and lints it.
func lint(t *testing.T, topo model.Topology) []model.Diagnostic {
	t.Helper()
	for _, d := range model.Validate(&topo, nil) {
		if d.Severity == model.Error {
			t.Fatalf("design invalid: %v", d)
		}
	}
	return Lint(dataplane.Build(&topo), &topo)
}

// finding is what a test expects of one diagnostic: its code, severity,
// path and words its message must contain.
type finding struct {
	code string
	sev  model.Severity
	path string
	msg  []string
}

func checkFindings(t *testing.T, got []model.Diagnostic, want []finding) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d findings, want %d:\n%s", len(got), len(want), diagList(got))
	}
	for i, w := range want {
		d := got[i]
		if d.Code != w.code || d.Severity != w.sev || d.Path != w.path {
			t.Errorf("finding %d: got %s %s %s, want %s %s %s\n%s", i, d.Severity, d.Code, d.Path, w.sev, w.code, w.path, diagList(got))
			continue
		}
		for _, s := range w.msg {
			if !strings.Contains(d.Msg, s) {
				t.Errorf("finding %d (%s): message lacks %q: %s", i, d.Code, s, d.Msg)
			}
		}
		if !strings.Contains(d.Msg, "(rule:") {
			t.Errorf("finding %d (%s) cites no rule: %s", i, d.Code, d.Msg)
		}
	}
}

func diagList(ds []model.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintf(&b, "  %v\n", d)
	}
	return b.String()
}

func dnsServers(ips ...string) *model.DhcpOptions { return &model.DhcpOptions{DNSServers: ips} }

// spokeUsesResolver points spoke1 at the hub's inbound endpoint: the
// clean hub-and-spoke design (rule:dns.hub-and-spoke).
func spokeUsesResolver(topo *model.Topology) { topo.VNets[1].DhcpOptions = dnsServers("10.0.4.4") }

// firewallDesign is a hub with a stateful firewall NVA (10.0.1.4), spoke-a
// (vm-a) whose UDR sends 10.2.0.0/16 to it, and pe-vnet with pe-sql in a
// subnet with the route-table policy on, peered to the hub and, when
// direct, to spoke-a.
func firewallDesign(direct, stateful bool) model.Topology {
	topo := model.Topology{
		VNets: []model.VNet{
			vnet("hub", "10.0.0.0/16", "fw=10.0.1.0/24"),
			vnet("spoke-a", "10.1.0.0/16", "app=10.1.1.0/24"),
			vnet("pe-vnet", "10.2.0.0/16", "pe=10.2.2.0/24"),
		},
		Peerings: []model.Peering{
			{ID: "hub-spoke-a", A: model.PeeringLink{VNet: "hub"}, B: model.PeeringLink{VNet: "spoke-a", AllowForwardedTraffic: true}},
			{ID: "hub-pe", A: model.PeeringLink{VNet: "hub"}, B: model.PeeringLink{VNet: "pe-vnet", AllowForwardedTraffic: true}},
		},
		VMs: []model.VM{
			{ID: "firewall", GuestIPForwarding: true, Stateful: stateful, NICs: []model.NIC{{Name: "nic0", Subnet: "hub/fw", PrivateIPAddress: "10.0.1.4", EnableIPForwarding: true}}},
			vm("vm-a", "spoke-a/app", "10.1.1.4"),
		},
		RouteTables: []model.RouteTable{{ID: "rt-a", Routes: []model.Route{
			{Name: "pe-to-fw", AddressPrefix: "10.2.0.0/16", NextHopType: model.HopVirtualAppliance, NextHopIPAddress: "10.0.1.4"}}}},
		PrivateEndpoints: []model.PrivateEndpoint{{ID: "pe-sql", Subnet: "pe-vnet/pe", PrivateIPAddress: "10.2.2.4", PrivateLinkServiceID: "sql"}},
	}
	topo.VNets[1].Subnets[0].RouteTable = "rt-a"
	topo.VNets[2].Subnets[0].PrivateEndpointNetworkPolicies = model.PENetworkPoliciesRouteTable
	if direct {
		topo.Peerings = append(topo.Peerings, model.Peering{ID: "spoke-a-pe", A: model.PeeringLink{VNet: "spoke-a"}, B: model.PeeringLink{VNet: "pe-vnet"}})
	}
	return topo
}

// TestLint has one case per trap (rule book sections X, Y and Z): each
// design gets exactly the findings listed, in Lint's order.
func TestLint(t *testing.T) {
	const pePath = "privateEndpoints[pe-blob]"
	const zonePath = "privateDnsZones[privatelink.blob.core.windows.net]"
	tests := []struct {
		name   string
		design func() model.Topology
		want   []finding
	}{{
		name:   "hub-and-spoke through the resolver is clean",
		design: func() model.Topology { topo := hubSpoke(); spokeUsesResolver(&topo); return topo },
	}, {
		name:   "route OK, DNS wrong: a spoke with the /32 route resolves the public address",
		design: hubSpoke,
		want: []finding{{CodePEPublic, model.Warning, pePath, []string{"VNet spoke1 (vm1)", "acct.blob.core.windows.net", "20.60.1.1",
			"privatelink.blob.core.windows.net (linked to hub)", "rule:private-endpoints.routing-and-dns-independent"}}},
	}, {
		name: "no zone group and no zone",
		design: func() model.Topology {
			topo := hubSpoke()
			spokeUsesResolver(&topo)
			topo.PrivateEndpoints[0].PrivateDnsZoneGroup = nil
			topo.PrivateDNSZones = nil
			return topo
		},
		want: []finding{{CodePEPublic, model.Warning, pePath, []string{"VNets hub (hubvm), spoke1 (vm1)", "no privateDnsZoneGroup"}}},
	}, {
		name: "a zone group naming a zone linked nowhere",
		design: func() model.Topology {
			topo := hubSpoke()
			spokeUsesResolver(&topo)
			topo.PrivateDNSZones[0].VirtualNetworkLinks = nil
			return topo
		},
		want: []finding{
			{CodeZoneUnlinked, model.Warning, zonePath, []string{"linked to no VNet", "pe-blob"}},
			{CodePEPublic, model.Warning, pePath, []string{"VNets hub (hubvm), spoke1 (vm1)", "(linked to no VNet)"}},
		},
	}, {
		name: "a linked privatelink zone without the record: NXDOMAIN",
		design: func() model.Topology {
			topo := hubSpoke()
			spokeUsesResolver(&topo)
			topo.PrivateEndpoints[0].PrivateDnsZoneGroup = nil
			topo.PrivateDNSZones[0].RecordSets = []model.RecordSet{{Name: "other", Type: "A", ARecords: []model.ARecord{{IPv4Address: "10.1.2.9"}}}}
			return topo
		},
		want: []finding{{CodePENXDomain, model.Warning, pePath, []string{"VNets hub (hubvm), spoke1 (vm1)", "NXDOMAIN", "acct.privatelink.blob.core.windows.net",
			"rule:private-endpoints.nxdomain-trap", "no privateDnsZoneGroup"}}},
	}, {
		name: "a hand-written record with another address",
		design: func() model.Topology {
			topo := hubSpoke()
			spokeUsesResolver(&topo)
			topo.PrivateEndpoints[0].PrivateDnsZoneGroup = nil
			topo.PrivateDNSZones[0].RecordSets = []model.RecordSet{{Name: "acct", Type: "A", ARecords: []model.ARecord{{IPv4Address: "10.1.2.9"}}}}
			return topo
		},
		want: []finding{{CodePEMismatch, model.Warning, pePath, []string{"10.1.2.9", "not to the endpoint's address 10.1.2.5"}}},
	}, {
		name: "a privatelink zone linked only where nobody asks Azure DNS",
		design: func() model.Topology {
			topo := hubSpoke()
			spokeUsesResolver(&topo)
			topo.VNets[2].DhcpOptions = dnsServers("10.0.4.4")
			topo.PrivateDNSZones = append(topo.PrivateDNSZones, model.PrivateDnsZone{ID: "privatelink.file.core.windows.net",
				VirtualNetworkLinks: []model.VirtualNetworkLink{{Name: "spoke2", VirtualNetwork: "spoke2"}}})
			return topo
		},
		want: []finding{{CodeZoneNoClients, model.Warning, "privateDnsZones[privatelink.file.core.windows.net]", []string{"VNet spoke2", "rule:dns.custom-servers"}}},
	}, {
		name: "a custom DNS server the VMs cannot reach",
		design: func() model.Topology {
			topo := hubSpoke()
			spokeUsesResolver(&topo)
			topo.VNets[2].DhcpOptions = dnsServers("10.0.4.4")
			topo.Peerings = topo.Peerings[:1] // spoke2 is no longer peered to the hub
			return topo
		},
		want: []finding{{CodeServerUnreachable, model.Warning, "vnets[spoke2].dhcpOptions.dnsServers[0]", []string{"inbound endpoint dnsr/in", "spoke2/app (vm2)", "name resolution fails there"}}},
	}, {
		name: "an unreachable first server with a fallback",
		design: func() model.Topology {
			topo := hubSpoke()
			spokeUsesResolver(&topo)
			topo.VNets[2].DhcpOptions = dnsServers("10.0.4.4", model.AzureDNSAddress)
			topo.Peerings = topo.Peerings[:1]
			return topo
		},
		want: []finding{{CodeServerUnreachable, model.Warning, "vnets[spoke2].dhcpOptions.dnsServers[0]", []string{"ask the next server", "rule:dns.server-order-and-renewal"}}},
	}, {
		name: "DNS servers that are not DNS servers, on the VNet and on a NIC",
		design: func() model.Topology {
			topo := hubSpoke()
			spokeUsesResolver(&topo)
			topo.VNets[2].DhcpOptions = dnsServers("10.0.1.5", "10.0.1.99", "8.8.8.8")
			topo.VMs[0].NICs[0].DNSSettings = &model.NICDNSSettings{DNSServers: []string{"192.168.7.7"}}
			return topo
		},
		want: []finding{
			{CodeServerNotDNS, model.Warning, "virtualMachines[hubvm].networkInterfaces[nic0].dnsSettings.dnsServers[0]", []string{"private address outside every VNet"}},
			{CodeServerNotDNS, model.Warning, "vnets[spoke2].dhcpOptions.dnsServers[0]", []string{"VM hubvm's address", "no dnsServer"}},
			{CodeServerNotDNS, model.Warning, "vnets[spoke2].dhcpOptions.dnsServers[1]", []string{"free address of subnet hub/app"}},
			{CodeServerPublic, model.Warning, "vnets[spoke2].dhcpOptions.dnsServers[2]", []string{"DNS server on the Internet", "no private zone"}},
		},
	}, {
		name: "forwarding rules whose targets answer nothing",
		design: func() model.Topology {
			topo := hubSpoke()
			spokeUsesResolver(&topo)
			topo.Sites = []model.Site{{ID: "dc", AddressPrefixes: []string{"192.168.0.0/16"}, DNSServer: &model.DNSServer{IPAddress: "192.168.1.53"}}}
			topo.DNSForwardingRulesets = []model.DNSForwardingRuleset{{ID: "rs", DNSResolverOutboundEndpoints: []string{"dnsr/out"},
				VirtualNetworkLinks: []model.RulesetVNetLink{{Name: "hub", VirtualNetwork: "hub"}},
				ForwardingRules: []model.ForwardingRule{
					{Name: "corp", DomainName: "corp.example.", TargetDNSServers: []model.TargetDNSServer{{IPAddress: "10.0.1.99"}}},
					{Name: "dc", DomainName: "dc.example.", TargetDNSServers: []model.TargetDNSServer{{IPAddress: "192.168.1.53"}}},
					{Name: "dc-then-public", DomainName: "dc2.example.", TargetDNSServers: []model.TargetDNSServer{{IPAddress: "192.168.1.53"}, {IPAddress: "8.8.8.8"}}},
					{Name: "off", DomainName: "off.example.", ForwardingRuleState: "Disabled", TargetDNSServers: []model.TargetDNSServer{{IPAddress: "10.0.1.99"}}},
				}}}
			return topo
		},
		want: []finding{
			{CodeForwarderTargetNotDNS, model.Warning, "dnsForwardingRulesets[rs].forwardingRules[corp].targetDnsServers[0]",
				[]string{"corp.example.", "free address of subnet hub/app", "queries for corp.example. from the linked VNets fail"}},
			{CodeForwarderTargetUnreachable, model.Warning, "dnsForwardingRulesets[rs].forwardingRules[dc-then-public].targetDnsServers[0]",
				[]string{"site dc's DNS server", "dnsr/out (outbound endpoint) cannot reach", "wait for it to time out, then go to the next target"}},
			{CodeForwarderTargetUnreachable, model.Warning, "dnsForwardingRulesets[rs].forwardingRules[dc].targetDnsServers[0]",
				[]string{"192.168.1.53 (site dc's DNS server) on UDP 53", "from the linked VNets fail", "rule:dns.hub-and-spoke"}},
		},
	}, {
		name: "an on-premises forwarder for the privatelink zone, resolving by root hints",
		design: func() model.Topology {
			topo := hubSpoke()
			spokeUsesResolver(&topo)
			topo.Sites = []model.Site{{ID: "dc", AddressPrefixes: []string{"192.168.0.0/16"}, DNSServer: &model.DNSServer{IPAddress: "192.168.1.53",
				ConditionalForwarders: []model.ConditionalForwarder{{DomainName: "privatelink.blob.core.windows.net", TargetDNSServers: []string{"10.0.4.4"}}}}}}
			return topo
		},
		want: []finding{{CodeForwarderPrivateLink, model.Info, "sites[dc].dnsServer.conditionalForwarders[0].domainName",
			[]string{"Sources disagree", "public zone blob.core.windows.net", "root hints", "depend on Azure"}}},
	}, {
		name: "an on-premises forwarder for the privatelink zone, with forwarders",
		design: func() model.Topology {
			topo := hubSpoke()
			spokeUsesResolver(&topo)
			topo.Sites = []model.Site{{ID: "dc", AddressPrefixes: []string{"192.168.0.0/16"}, DNSServer: &model.DNSServer{IPAddress: "192.168.1.53",
				Forwarders:            []string{"8.8.8.8"},
				ConditionalForwarders: []model.ConditionalForwarder{{DomainName: "privatelink.blob.core.windows.net", TargetDNSServers: []string{"10.0.4.4"}}}}}}
			return topo
		},
		want: []finding{{CodeForwarderPrivateLink, model.Warning, "sites[dc].dnsServer.conditionalForwarders[0].domainName",
			[]string{"never used", "forwarders 8.8.8.8", "public zone blob.core.windows.net"}}},
	}, {
		name: "a record set replacing an autoregistered VM",
		design: func() model.Topology {
			topo := hubSpoke()
			spokeUsesResolver(&topo)
			topo.PrivateDNSZones = append(topo.PrivateDNSZones, model.PrivateDnsZone{ID: "corp.contoso.com",
				RecordSets:          []model.RecordSet{{Name: "vm2", Type: "A", ARecords: []model.ARecord{{IPv4Address: "10.2.1.50"}}}},
				VirtualNetworkLinks: []model.VirtualNetworkLink{{Name: "spoke2", VirtualNetwork: "spoke2", RegistrationEnabled: true}}})
			return topo
		},
		want: []finding{{CodeAutoregShadowed, model.Info, "privateDnsZones[corp.contoso.com].recordSets[vm2]", []string{"VM vm2", "10.2.1.4", "rule:dns.autoregistration"}}},
	}, {
		name:   "a UDR through a stateful NVA to an endpoint in a directly peered VNet",
		design: func() model.Topology { return firewallDesign(true, true) },
		want:   []finding{{CodePEReturnBypass, model.Warning, "routeTables[rt-a].routes[pe-to-fw]", []string{"spoke-a/app", "pe-sql", "stateful NVA firewall", "straight back", "SNAT"}}},
	}, {
		name:   "a UDR through a stateful hub NVA to an endpoint in another spoke",
		design: func() model.Topology { return firewallDesign(false, true) },
		want:   []finding{{CodePEReturnBypass, model.Warning, "routeTables[rt-a].routes[pe-to-fw]", []string{"leaves from hub/fw", "do not lead through firewall"}}},
	}, {
		name:   "a stateless NVA keeps working",
		design: func() model.Topology { return firewallDesign(false, false) },
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkFindings(t, lint(t, tt.design()), tt.want)
		})
	}
}

// TestLintAgreesWithResolve: what the lint says a client gets is what
// `resolve` gives, and what it says of return traffic is what `trace`
// gives.
func TestLintAgreesWithResolve(t *testing.T) {
	topo := hubSpoke()
	p := dataplane.Build(&topo)
	if r := Resolve(p, &topo, "vm1", "acct.blob.core.windows.net"); r.Answer.Kind != Address || r.Answer.Scope != ScopePublic {
		t.Errorf("vm1 should resolve the public address, as pe.dns-public says:\n%s", dump(r))
	}
	if r := Resolve(p, &topo, "hubvm", "acct.blob.core.windows.net"); r.Answer.Kind != Address || r.Answer.Addresses[0] != "10.1.2.5" {
		t.Errorf("hubvm should resolve the endpoint, so no finding names the hub:\n%s", dump(r))
	}

	// The site with forwarders: its host does not get the private address.
	topo = hubSpoke()
	topo.Sites = []model.Site{{ID: "dc", AddressPrefixes: []string{"192.168.0.0/16"}, Hosts: []model.Host{{ID: "client", IPAddress: "192.168.1.10"}},
		DNSServer: &model.DNSServer{IPAddress: "192.168.1.53", Forwarders: []string{"8.8.8.8"},
			ConditionalForwarders: []model.ConditionalForwarder{{DomainName: "privatelink.blob.core.windows.net", TargetDNSServers: []string{"10.0.4.4"}}}}}}
	if r := Resolve(dataplane.Build(&topo), &topo, "dc/client", "acct.blob.core.windows.net"); r.Answer.Kind == Address && r.Answer.Addresses[0] == "10.1.2.5" {
		t.Errorf("the conditional forwarder for the privatelink zone should not be used:\n%s", dump(r))
	}

	// Return traffic: the flagged flows are dropped, the stateless one is not.
	for _, c := range []struct {
		direct, stateful, ok bool
	}{{true, true, false}, {false, true, false}, {false, false, true}} {
		topo := firewallDesign(c.direct, c.stateful)
		tr := trace.Run(dataplane.Build(&topo), trace.Flow{Src: "vm-a/nic0", DstIP: netip.MustParseAddr("10.2.2.4"), Protocol: "Tcp", DstPort: 1433})
		if tr.Disposition.Success() != c.ok || !c.ok && tr.Disposition != trace.DroppedAsymmetric {
			t.Errorf("direct=%t stateful=%t: trace %s (%s), want success %t", c.direct, c.stateful, tr.Disposition, tr.Reason, c.ok)
		}
	}
}

// bigDesign is a hub with a resolver and n spokes, each holding per
// private endpoints of four services (their zones linked to the hub, the
// spokes asking the inbound endpoint) and a VM; extra privatelink zones
// bring the zones to zones. broken leaves the even spokes on Azure DNS
// and some endpoints without a zone group.
func bigDesign(spokes, per, zones int, broken bool) model.Topology {
	topo := hubSpoke()
	topo.VNets = topo.VNets[:1]
	topo.Peerings, topo.VMs, topo.PrivateEndpoints = nil, []model.VM{vm("hubvm", "hub/app", "10.0.1.5")}, nil
	services := []string{"blob", "file", "queue", "table"}
	topo.PrivateDNSZones = nil
	for _, s := range services {
		topo.PrivateDNSZones = append(topo.PrivateDNSZones, model.PrivateDnsZone{ID: "privatelink." + s + ".core.windows.net",
			VirtualNetworkLinks: []model.VirtualNetworkLink{{Name: "hub", VirtualNetwork: "hub"}}})
	}
	for i := len(topo.PrivateDNSZones); i < zones; i++ {
		topo.PrivateDNSZones = append(topo.PrivateDNSZones, model.PrivateDnsZone{ID: fmt.Sprintf("privatelink.svc%d.example.com", i),
			VirtualNetworkLinks: []model.VirtualNetworkLink{{Name: "hub", VirtualNetwork: "hub"}}})
	}
	for s := 1; s <= spokes; s++ {
		id := fmt.Sprintf("spoke%d", s)
		v := vnet(id, fmt.Sprintf("10.%d.0.0/16", s), fmt.Sprintf("app=10.%d.1.0/24", s), fmt.Sprintf("pe=10.%d.64.0/18", s))
		if !broken || s%2 == 1 {
			v.DhcpOptions = dnsServers("10.0.4.4")
		}
		topo.VNets = append(topo.VNets, v)
		topo.Peerings = append(topo.Peerings, model.Peering{ID: "hub-" + id, A: model.PeeringLink{VNet: "hub"}, B: model.PeeringLink{VNet: id}})
		topo.VMs = append(topo.VMs, vm("vm-"+id, id+"/app", fmt.Sprintf("10.%d.1.4", s)))
		for j := range per {
			svc := services[j%len(services)]
			pe := model.PrivateEndpoint{ID: fmt.Sprintf("pe-%d-%d", s, j), Subnet: id + "/pe", PrivateIPAddress: fmt.Sprintf("10.%d.%d.%d", s, 64+j/200, 4+j%200),
				PrivateLinkServiceID: fmt.Sprintf("acct%d%d", s, j), Fqdn: fmt.Sprintf("acct%dx%d.%s.core.windows.net", s, j, svc), PublicIPAddress: "20.60.0.1",
				PrivateDnsZoneGroup: &model.PrivateDnsZoneGroup{PrivateDnsZoneConfigs: []model.PrivateDnsZoneConfig{{PrivateDnsZoneID: "privatelink." + svc + ".core.windows.net"}}}}
			if broken && j%7 == 3 {
				pe.PrivateDnsZoneGroup = nil
			}
			topo.PrivateEndpoints = append(topo.PrivateEndpoints, pe)
		}
	}
	return topo
}

// TestLintShortcutIsExact: the answers read from the zone that answered
// (linter.answer) equal one full resolution per client group and
// endpoint, on designs with every kind of answer.
func TestLintShortcutIsExact(t *testing.T) {
	designs := map[string]model.Topology{"big": bigDesign(4, 30, 8, true)}
	mixed := bigDesign(3, 12, 4, true)
	mixed.PrivateDNSZones[0].VirtualNetworkLinks = append(mixed.PrivateDNSZones[0].VirtualNetworkLinks,
		model.VirtualNetworkLink{Name: "spoke2", VirtualNetwork: "spoke2", ResolutionPolicy: model.ResolutionNxDomainRedirect})
	mixed.PrivateDNSZones[1].VirtualNetworkLinks = append(mixed.PrivateDNSZones[1].VirtualNetworkLinks, model.VirtualNetworkLink{Name: "spoke2", VirtualNetwork: "spoke2"})
	mixed.PrivateDNSZones[1].RecordSets = []model.RecordSet{{Name: "acct2x1", Type: "A", ARecords: []model.ARecord{{IPv4Address: "10.2.64.99"}}}}
	mixed.DNSForwardingRulesets = []model.DNSForwardingRuleset{{ID: "rs", DNSResolverOutboundEndpoints: []string{"dnsr/out"},
		ForwardingRules:     []model.ForwardingRule{{Name: "q", DomainName: "queue.core.windows.net.", TargetDNSServers: []model.TargetDNSServer{{IPAddress: "10.0.4.4"}}}},
		VirtualNetworkLinks: []model.RulesetVNetLink{{Name: "s3", VirtualNetwork: "spoke3"}}}}
	designs["mixed"] = mixed
	for name, topo := range designs {
		p := dataplane.Build(&topo)
		fast, slow := newLinter(p, &topo), newLinter(p, &topo)
		slow.fullOnly = true
		fast.endpointNames()
		slow.endpointNames()
		if len(fast.out) == 0 {
			t.Errorf("%s: no findings: the design should have some", name)
		}
		if !reflect.DeepEqual(fast.out, slow.out) {
			t.Errorf("%s: the shortcut differs from full resolution:\nfast:\n%s\nfull:\n%s", name, diagList(fast.out), diagList(slow.out))
		}
		if len(fast.full) >= len(slow.full) {
			t.Errorf("%s: the shortcut resolved %d names, full resolution %d", name, len(fast.full), len(slow.full))
		}
	}
}

// TestLintBound: 1,000 private endpoints and 1,000 zones lint with one
// resolution per client group and service, not one per endpoint and
// client.
func TestLintBound(t *testing.T) {
	topo := bigDesign(10, 100, 1000, false)
	p := dataplane.Build(&topo)
	start := time.Now()
	l := newLinter(p, &topo)
	l.zones()
	l.servers()
	l.endpointNames()
	l.returnBypass()
	t.Logf("%d endpoints, %d zones: %d findings, %d resolutions, %d zone lookups, %s",
		len(topo.PrivateEndpoints), len(topo.PrivateDNSZones), len(l.out), len(l.full), len(l.replays), time.Since(start))
	groups := 0
	for _, gs := range l.groups {
		groups += len(gs)
	}
	if max := groups * 4; len(l.full) > max {
		t.Errorf("%d full resolutions; at most %d (client groups × services)", len(l.full), max)
	}
	if len(l.out) != 0 {
		t.Errorf("the design is clean:\n%s", diagList(l.out))
	}
	if got := Lint(p, &topo); len(got) != 0 {
		t.Errorf("Lint: %d findings", len(got))
	}
}

func BenchmarkLint(b *testing.B) {
	topo := bigDesign(10, 100, 1000, true)
	p := dataplane.Build(&topo)
	for b.Loop() {
		Lint(p, &topo)
	}
}

// TestLintCodesAreOwn: no lint code is one of model.Validate's.
func TestLintCodesAreOwn(t *testing.T) {
	files, err := filepath.Glob("../model/*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no model sources: %v", err)
	}
	re := regexp.MustCompile(`\.add\((?:Error|Warning|Info), "([a-z0-9.-]+)"`)
	validator := map[string]bool{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			validator[m[1]] = true
		}
	}
	if !validator["dns.registration-zones"] || !validator["pe.zone-missing"] {
		t.Fatal("the validator's codes were not found")
	}
	for _, c := range LintCodes {
		if validator[c] {
			t.Errorf("%s is also a model.Validate code", c)
		}
		if !strings.HasPrefix(c, "dns.") && !strings.HasPrefix(c, "pe.") {
			t.Errorf("%s: lint codes start dns. or pe.", c)
		}
	}
	if len(slices.Compact(slices.Sorted(slices.Values(LintCodes)))) != len(LintCodes) {
		t.Error("duplicate lint codes")
	}
}

// TestLintNothingToCheck: a design without names costs nothing.
func TestLintNothingToCheck(t *testing.T) {
	topo := model.Topology{VNets: []model.VNet{vnet("a", "10.0.0.0/16", "s=10.0.1.0/24")}, VMs: []model.VM{vm("v", "a/s", "10.0.1.4")}}
	if got := Lint(dataplane.Build(&topo), &topo); got != nil {
		t.Errorf("got %v", got)
	}
	if got := Lint(nil, nil); got != nil {
		t.Errorf("nil design: %v", got)
	}
}
