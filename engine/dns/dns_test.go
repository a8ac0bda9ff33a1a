package dns

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
)

func vnet(id, space string, subnets ...string) model.VNet {
	v := model.VNet{ID: id, Location: "westeurope", AddressSpace: model.AddressSpace{AddressPrefixes: []string{space}}}
	for _, s := range subnets {
		name, pfx, _ := strings.Cut(s, "=")
		v.Subnets = append(v.Subnets, model.Subnet{Name: name, AddressPrefix: pfx})
	}
	return v
}

func vm(id, subnet, ip string) model.VM {
	return model.VM{ID: id, NICs: []model.NIC{{Name: "nic0", Subnet: subnet, PrivateIPAddress: ip}}}
}

// hubSpoke is a hub (resolver inbound 10.0.4.4, outbound endpoint, a DNS
// forwarder VM 10.0.1.4) peered with spoke1 (Azure DNS) and spoke2 (custom
// DNS: the inbound endpoint); a blob private endpoint in spoke1 with its
// record in privatelink.blob.core.windows.net, linked to the hub only.
func hubSpoke() model.Topology {
	return model.Topology{
		VNets: []model.VNet{
			vnet("hub", "10.0.0.0/16", "app=10.0.1.0/24", "dns-in=10.0.4.0/28", "dns-out=10.0.4.16/28"),
			vnet("spoke1", "10.1.0.0/16", "app=10.1.1.0/24", "pe=10.1.2.0/24"),
			vnet("spoke2", "10.2.0.0/16", "app=10.2.1.0/24"),
		},
		Peerings: []model.Peering{
			{ID: "hub-spoke1", A: model.PeeringLink{VNet: "hub"}, B: model.PeeringLink{VNet: "spoke1"}},
			{ID: "hub-spoke2", A: model.PeeringLink{VNet: "hub"}, B: model.PeeringLink{VNet: "spoke2"}},
		},
		VMs: []model.VM{vm("hubvm", "hub/app", "10.0.1.5"), vm("vm1", "spoke1/app", "10.1.1.4"), vm("vm2", "spoke2/app", "10.2.1.4")},
		PrivateEndpoints: []model.PrivateEndpoint{{ID: "pe-blob", Subnet: "spoke1/pe", PrivateIPAddress: "10.1.2.5", PrivateLinkServiceID: "acct",
			GroupIDs: []string{"blob"}, Fqdn: "acct.blob.core.windows.net", PublicIPAddress: "20.60.1.1",
			PrivateDnsZoneGroup: &model.PrivateDnsZoneGroup{PrivateDnsZoneConfigs: []model.PrivateDnsZoneConfig{{PrivateDnsZoneID: "privatelink.blob.core.windows.net"}}}}},
		PrivateDNSZones: []model.PrivateDnsZone{{ID: "privatelink.blob.core.windows.net",
			VirtualNetworkLinks: []model.VirtualNetworkLink{{Name: "hub", VirtualNetwork: "hub"}}}},
		DNSResolvers: []model.DNSResolver{{ID: "dnsr", VNet: "hub",
			InboundEndpoints:  []model.DNSInboundEndpoint{{Name: "in", Subnet: "dns-in", PrivateIPAddress: "10.0.4.4"}},
			OutboundEndpoints: []model.DNSOutboundEndpoint{{Name: "out", Subnet: "dns-out"}}}},
	}
}

func resolve(t *testing.T, topo model.Topology, from, name string) Resolution {
	t.Helper()
	if ds := model.Validate(&topo, nil); len(ds) > 0 {
		for _, d := range ds {
			if d.Severity == model.Error {
				t.Fatalf("design invalid: %v", d)
			}
		}
	}
	return Resolve(dataplane.Build(&topo), &topo, from, name)
}

func dump(r Resolution) string {
	var b bytes.Buffer
	Write(&b, r)
	return b.String()
}

func want(t *testing.T, r Resolution, kind AnswerKind, addrs ...string) {
	t.Helper()
	if r.Answer.Kind != kind || (addrs != nil && !reflect.DeepEqual(r.Answer.Addresses, addrs)) {
		t.Errorf("got %s %v, want %s %v\n%s", r.Answer.Kind, r.Answer.Addresses, kind, addrs, dump(r))
	}
}

func TestPrivateEndpointChain(t *testing.T) {
	topo := hubSpoke()
	// The hub is linked: the public name CNAMEs to the privatelink name,
	// which the linked zone answers with the endpoint's address.
	r := resolve(t, topo, "hubvm", "acct.blob.core.windows.net")
	want(t, r, Address, "10.1.2.5")
	if r.Answer.Scope != ScopePrivate || !reflect.DeepEqual(r.Answer.Names, []string{"acct.blob.core.windows.net", "acct.privatelink.blob.core.windows.net"}) {
		t.Errorf("scope %s names %v", r.Answer.Scope, r.Answer.Names)
	}
	// spoke1 is not linked: the public address.
	r = resolve(t, topo, "vm1", "ACCT.blob.core.windows.net.")
	want(t, r, Address, "20.60.1.1")
	if r.Answer.Scope != ScopePublic {
		t.Errorf("scope %s", r.Answer.Scope)
	}
	// spoke2 asks the inbound endpoint, which resolves in the hub.
	topo.VNets[2].DhcpOptions = &model.DhcpOptions{DNSServers: []string{"10.0.4.4"}}
	r = resolve(t, topo, "vm2", "acct.blob.core.windows.net")
	want(t, r, Address, "10.1.2.5")
	if !strings.Contains(dump(r), "Delivered") {
		t.Errorf("no network check in:\n%s", dump(r))
	}
}

// TestPrivateLinkNameAsFqdn: an endpoint whose fqdn is the privatelink
// name (as the portal's DNS configuration shows it) is read as its public
// name: the zone group writes "acct", not "acct.privatelink", and both
// names resolve as they do with the public name given (the public name was
// a CNAME to "", and the linked hub got NXDOMAIN).
func TestPrivateLinkNameAsFqdn(t *testing.T) {
	for _, fqdn := range []string{"acct.privatelink.blob.core.windows.net", "Acct.PrivateLink.blob.core.windows.net."} {
		topo := hubSpoke()
		topo.PrivateEndpoints[0].Fqdn = fqdn
		for _, name := range []string{"acct.blob.core.windows.net", "acct.privatelink.blob.core.windows.net"} {
			want(t, resolve(t, topo, "hubvm", name), Address, "10.1.2.5")
			want(t, resolve(t, topo, "vm1", name), Address, "20.60.1.1")
		}
		if got := GroupRecords(&topo); len(got) != 1 || got[0].Name != "acct" {
			t.Errorf("fqdn %s: the zone group's records %+v, want one named acct", fqdn, got)
		}
	}
}

func TestUnreachableServerFails(t *testing.T) {
	topo := hubSpoke()
	topo.Peerings = topo.Peerings[:1] // spoke2 is no longer peered
	topo.VNets[2].DhcpOptions = &model.DhcpOptions{DNSServers: []string{"10.0.4.4"}}
	r := resolve(t, topo, "vm2", "acct.blob.core.windows.net")
	want(t, r, Failed)
	var chk *NetworkCheck
	for _, s := range r.Steps {
		if s.Network != nil {
			chk = s.Network
		}
	}
	if chk == nil || chk.Disposition.Success() {
		t.Fatalf("want a failed network check:\n%s", dump(r))
	}
}

func TestAzureProvidedNamesStayInTheVNet(t *testing.T) {
	topo := hubSpoke()
	want(t, resolve(t, topo, "vm1", "vm1"), Address, "10.1.1.4")
	r := resolve(t, topo, "vm1", "hubvm")
	want(t, r, NXDomain)
	if r.Name != "hubvm.internal.cloudapp.net" {
		t.Errorf("name %q", r.Name)
	}
}

// TestPrimaryNICAnswersForTheVM: autoregistration and the Azure-provided
// name answer with the VM's primary NIC (rule:dns.autoregistration,
// rule:dns.azure-dns-vnet-scope): the one marked primary, else the first
// by name. An imported firewall whose primary NIC sorts second answered
// with the other NIC's address.
func TestPrimaryNICAnswersForTheVM(t *testing.T) {
	for _, c := range []struct {
		name        string
		markUntrust bool // mark fw-nic-untrust (second by name) primary
		want        string
	}{
		{"marked primary, second by name", true, "10.0.1.4"},
		{"none marked: the first by name", false, "10.0.2.4"},
	} {
		t.Run(c.name, func(t *testing.T) {
			topo := model.Topology{
				VNets: []model.VNet{vnet("hub", "10.0.0.0/16", "untrust=10.0.1.0/24", "trust=10.0.2.0/24", "app=10.0.3.0/24")},
				VMs: []model.VM{
					{ID: "fw", NICs: []model.NIC{
						{Name: "fw-nic-trust", Subnet: "hub/trust", PrivateIPAddress: "10.0.2.4"},
						{Name: "fw-nic-untrust", Subnet: "hub/untrust", PrivateIPAddress: "10.0.1.4", Primary: c.markUntrust},
					}},
					vm("app", "hub/app", "10.0.3.4"),
				},
				PrivateDNSZones: []model.PrivateDnsZone{{ID: "contoso.internal",
					VirtualNetworkLinks: []model.VirtualNetworkLink{{Name: "hub", VirtualNetwork: "hub", RegistrationEnabled: true}}}},
			}
			want(t, resolve(t, topo, "app", "fw.contoso.internal"), Address, c.want)
			want(t, resolve(t, topo, "app", "fw"), Address, c.want)
		})
	}
}

// TestHostileDesignIsBounded: 1,000 rules, a forwarding loop through the
// resolver and a chain of forwarder VMs longer than MaxDepth all end with
// a bounded number of steps.
func TestHostileDesignIsBounded(t *testing.T) {
	topo := hubSpoke()
	var rules []model.ForwardingRule
	for i := range 1000 {
		rules = append(rules, model.ForwardingRule{Name: fmt.Sprintf("r%04d", i), DomainName: fmt.Sprintf("d%d.example.", i),
			TargetDNSServers: []model.TargetDNSServer{{IPAddress: "10.0.4.4"}}})
	}
	rules = append(rules, model.ForwardingRule{Name: "all", DomainName: ".", TargetDNSServers: []model.TargetDNSServer{{IPAddress: "10.0.4.4"}, {IPAddress: "10.0.1.5"}}})
	topo.DNSForwardingRulesets = []model.DNSForwardingRuleset{{ID: "rs", DNSResolverOutboundEndpoints: []string{"dnsr/out"}, ForwardingRules: rules,
		VirtualNetworkLinks: []model.RulesetVNetLink{{Name: "hub", VirtualNetwork: "hub"}}}}
	p := dataplane.Build(&topo)
	res := New(p, &topo)
	r := res.Resolve("hubvm", "x.d999.example")
	want(t, r, Failed)
	if !strings.Contains(r.Reason, "loop") {
		t.Errorf("want a loop:\n%s", dump(r))
	}
	// A chain of 40 forwarder VMs, each forwarding to the next with 20
	// dead forwarders first.
	topo = hubSpoke()
	for i := range 40 {
		v := vm(fmt.Sprintf("fw%02d", i), "hub/app", fmt.Sprintf("10.0.1.%d", 10+i))
		v.DNSServer = &model.DNSServer{}
		for j := range 19 {
			v.DNSServer.Forwarders = append(v.DNSServer.Forwarders, fmt.Sprintf("10.9.%d.%d", i, j+1))
		}
		v.DNSServer.Forwarders = append(v.DNSServer.Forwarders, fmt.Sprintf("10.0.1.%d", 10+(i+1)%40))
		topo.VMs = append(topo.VMs, v)
	}
	topo.VNets[0].DhcpOptions = &model.DhcpOptions{DNSServers: []string{"10.0.1.10"}}
	p = dataplane.Build(&topo)
	r = Resolve(p, &topo, "hubvm", "anything.example")
	want(t, r, Failed)
	if len(r.Steps) > MaxSteps+1 {
		t.Errorf("%d steps, bound %d", len(r.Steps), MaxSteps)
	}
}

func TestDeterministic(t *testing.T) {
	topo := hubSpoke()
	topo.VNets[2].DhcpOptions = &model.DhcpOptions{DNSServers: []string{"10.0.4.4"}}
	p := dataplane.Build(&topo)
	a := Resolve(p, &topo, "vm2", "acct.blob.core.windows.net")
	b := New(p, &topo).Resolve("vm2", "acct.blob.core.windows.net")
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two resolutions differ")
	}
	if a.Steps == nil || a.Answer.Names == nil || a.Answer.Addresses == nil {
		t.Fatal("nil lists")
	}
}
