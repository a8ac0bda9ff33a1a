package model

import (
	"fmt"
	"strings"
	"testing"
)

// peBase is base() plus a VNet with two endpoint subnets, a private DNS
// zone and two private endpoints: a valid design.
func peBase() Topology {
	t := base()
	t.VNets = append(t.VNets, VNet{ID: "pe", Location: "westeurope", AddressSpace: AddressSpace{AddressPrefixes: []string{"10.2.0.0/16"}},
		Subnets: []Subnet{{Name: "open", AddressPrefix: "10.2.1.0/24"}, {Name: "inspected", AddressPrefix: "10.2.2.0/24", PrivateEndpointNetworkPolicies: PENetworkPoliciesRouteTable}}})
	t.PrivateDNSZones = []PrivateDnsZone{{ID: "privatelink.blob.core.windows.net"}}
	t.PrivateEndpoints = []PrivateEndpoint{
		{ID: "pe-blob", Subnet: "pe/open", PrivateIPAddress: "10.2.1.4", PrivateLinkServiceID: "stacct", GroupIDs: []string{"blob"},
			PrivateDnsZoneGroup: &PrivateDnsZoneGroup{PrivateDnsZoneConfigs: []PrivateDnsZoneConfig{{PrivateDnsZoneID: "privatelink.blob.core.windows.net"}}}},
		{ID: "pe-sql", Subnet: "pe/inspected", PrivateIPAddress: "10.2.2.4", PrivateLinkServiceID: "sqlsrv", GroupIDs: []string{"sqlServer"}, ConnectionState: PEApproved},
	}
	return t
}

// peDiags are the diagnostics of this file's checks (the other checks of
// section Y's resources, name resolution's, are not this test's).
func peDiags(t *Topology) []Diagnostic {
	var out []Diagnostic
	for _, d := range Validate(t, nil) {
		if strings.HasPrefix(d.Code, "pe.") || strings.HasPrefix(d.Path, "privateEndpoints") {
			out = append(out, d)
		}
	}
	return out
}

func TestPrivateEndpointBaseIsClean(t *testing.T) {
	b := peBase()
	if ds := peDiags(&b); len(ds) != 0 {
		t.Fatalf("private endpoint base has diagnostics:\n%s", codes(ds))
	}
	for _, pol := range []string{"", PENetworkPoliciesDisabled, PENetworkPoliciesEnabled, PENetworkPoliciesNSG, PENetworkPoliciesRouteTable} {
		b.VNets[2].Subnets[0].PrivateEndpointNetworkPolicies = pol
		if ds := peDiags(&b); len(ds) != 0 {
			t.Errorf("privateEndpointNetworkPolicies %q: %s (rule:private-endpoints.network-policies-property: all four values are accepted)", pol, codes(ds))
		}
	}
}

func TestPrivateEndpointRules(t *testing.T) {
	for _, tc := range []struct {
		name, code string
		sev        Severity
		path       string
		edit       func(*Topology)
	}{
		{"duplicate id", "id.duplicate", Error, "privateEndpoints[pe-blob]", func(t *Topology) { t.PrivateEndpoints[1].ID = "pe-blob" }},
		{"empty id", "id.empty", Error, "privateEndpoints[1]", func(t *Topology) { t.PrivateEndpoints[1].ID = "" }},
		{"rule:private-endpoints.nic-and-address: no target", "pe.target-missing", Error, "privateEndpoints[pe-sql].privateLinkServiceId", func(t *Topology) { t.PrivateEndpoints[1].PrivateLinkServiceID = "" }},
		{"dangling subnet", "ref.dangling", Error, "privateEndpoints[pe-blob].subnet", func(t *Topology) { t.PrivateEndpoints[0].Subnet = "pe/nope" }},
		{"rule:address-space.special-subnets: GatewaySubnet", "pe.special-subnet", Error, "privateEndpoints[pe-blob].subnet", func(t *Topology) {
			t.VNets[2].Subnets = append(t.VNets[2].Subnets, Subnet{Name: GatewaySubnet, AddressPrefix: "10.2.255.0/27"})
			t.PrivateEndpoints[0].Subnet, t.PrivateEndpoints[0].PrivateIPAddress = "pe/GatewaySubnet", "10.2.255.9"
		}},
		{"rule:address-space.special-subnets: AzureBastionSubnet", "pe.special-subnet", Error, "privateEndpoints[pe-blob].subnet", func(t *Topology) {
			t.VNets[2].Subnets = append(t.VNets[2].Subnets, Subnet{Name: "AzureBastionSubnet", AddressPrefix: "10.2.254.0/26"})
			t.PrivateEndpoints[0].Subnet, t.PrivateEndpoints[0].PrivateIPAddress = "pe/AzureBastionSubnet", "10.2.254.9"
		}},
		{"rule:private-endpoints.nic-and-address: invalid IP", "pe.ip-invalid", Error, "privateEndpoints[pe-blob].privateIpAddress", func(t *Topology) { t.PrivateEndpoints[0].PrivateIPAddress = "10.2.1" }},
		{"rule:private-endpoints.nic-and-address: outside the subnet", "pe.ip-outside-subnet", Error, "privateEndpoints[pe-blob].privateIpAddress", func(t *Topology) { t.PrivateEndpoints[0].PrivateIPAddress = "10.2.2.9" }},
		{"rule:address-space.reserved-addresses: .3 is reserved", "pe.ip-reserved", Error, "privateEndpoints[pe-blob].privateIpAddress", func(t *Topology) { t.PrivateEndpoints[0].PrivateIPAddress = "10.2.1.3" }},
		{"rule:address-space.reserved-addresses: broadcast", "pe.ip-reserved", Error, "privateEndpoints[pe-blob].privateIpAddress", func(t *Topology) { t.PrivateEndpoints[0].PrivateIPAddress = "10.2.1.255" }},
		{"address of a NIC", "pe.ip-duplicate", Error, "privateEndpoints[pe-blob].privateIpAddress", func(t *Topology) {
			t.PrivateEndpoints[0].Subnet, t.PrivateEndpoints[0].PrivateIPAddress = "hub/nva", "10.0.1.4"
		}},
		{"address of a load balancer", "pe.ip-duplicate", Error, "privateEndpoints[pe-blob].privateIpAddress", func(t *Topology) {
			t.LoadBalancers = []LoadBalancer{{ID: "ilb", Subnet: "pe/open", FrontendPrivateIPAddress: "10.2.1.4"}}
		}},
		{"address of another endpoint", "pe.ip-duplicate", Error, "privateEndpoints[pe-sql].privateIpAddress", func(t *Topology) {
			t.PrivateEndpoints[1].Subnet, t.PrivateEndpoints[1].PrivateIPAddress = "pe/open", "10.2.1.4"
		}},
		{"rule:private-endpoints.network-policies-property: unknown value", "pe.network-policies", Error, "vnets[pe].subnets[open].privateEndpointNetworkPolicies", func(t *Topology) {
			t.VNets[2].Subnets[0].PrivateEndpointNetworkPolicies = "On"
		}},
		{"rule:private-endpoints.inbound-only-approved: unknown state", "pe.connection-state", Error, "privateEndpoints[pe-blob].connectionState", func(t *Topology) { t.PrivateEndpoints[0].ConnectionState = "Accepted" }},
		{"rule:private-endpoints.dns-chain: the privatelink name as fqdn", "pe.fqdn-privatelink", Warning, "privateEndpoints[pe-blob].fqdn", func(t *Topology) {
			t.PrivateEndpoints[0].Fqdn = "acct.privatelink.blob.core.windows.net"
		}},
		{"rule:private-endpoints.inbound-only-approved: Pending carries nothing", "pe.not-approved", Warning, "privateEndpoints[pe-blob].connectionState", func(t *Topology) { t.PrivateEndpoints[0].ConnectionState = PEPending }},
		{"rule:private-endpoints.inbound-only-approved: Rejected", "pe.not-approved", Warning, "privateEndpoints[pe-blob].connectionState", func(t *Topology) { t.PrivateEndpoints[0].ConnectionState = PERejected }},
		{"rule:private-endpoints.inbound-only-approved: Disconnected", "pe.not-approved", Warning, "privateEndpoints[pe-blob].connectionState", func(t *Topology) { t.PrivateEndpoints[0].ConnectionState = PEDisconnected }},
		{"rule:private-endpoints.limits: six zones", "pe.zone-group-too-large", Error, "privateEndpoints[pe-blob].privateDnsZoneGroup", func(t *Topology) {
			g := t.PrivateEndpoints[0].PrivateDnsZoneGroup
			for i := range 5 {
				id := fmt.Sprintf("privatelink.z%d.example", i)
				t.PrivateDNSZones = append(t.PrivateDNSZones, PrivateDnsZone{ID: id})
				g.PrivateDnsZoneConfigs = append(g.PrivateDnsZoneConfigs, PrivateDnsZoneConfig{PrivateDnsZoneID: id})
			}
		}},
		{"rule:private-endpoints.dns-chain: zone does not exist", "ref.dangling", Error, "privateEndpoints[pe-blob].privateDnsZoneGroup.privateDnsZoneConfigs[0].privateDnsZoneId", func(t *Topology) {
			t.PrivateDNSZones = nil
		}},
		{"rule:private-endpoints.dns-chain: zone id empty", "pe.zone-missing", Error, "privateEndpoints[pe-blob].privateDnsZoneGroup.privateDnsZoneConfigs[0].privateDnsZoneId", func(t *Topology) {
			t.PrivateEndpoints[0].PrivateDnsZoneGroup.PrivateDnsZoneConfigs[0].PrivateDnsZoneID = ""
		}},
		{"zone named twice", "pe.zone-duplicate", Warning, "privateEndpoints[pe-blob].privateDnsZoneGroup.privateDnsZoneConfigs[1].privateDnsZoneId", func(t *Topology) {
			g := t.PrivateEndpoints[0].PrivateDnsZoneGroup
			g.PrivateDnsZoneConfigs = append(g.PrivateDnsZoneConfigs, g.PrivateDnsZoneConfigs[0])
		}},
		{"rule:private-endpoints.limits: 1,001 endpoints in a VNet", "pe.too-many", Error, "vnets[pe]", func(t *Topology) {
			t.VNets[2].Subnets = append(t.VNets[2].Subnets, Subnet{Name: "many", AddressPrefix: "10.2.16.0/20"})
			for i := range 1000 {
				t.PrivateEndpoints = append(t.PrivateEndpoints, PrivateEndpoint{ID: fmt.Sprint("pe", i), Subnet: "pe/many",
					PrivateIPAddress: fmt.Sprintf("10.2.%d.%d", 16+i/200, 10+i%200), PrivateLinkServiceID: "x"})
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			topo := peBase()
			g := *topo.PrivateEndpoints[0].PrivateDnsZoneGroup
			g.PrivateDnsZoneConfigs = append([]PrivateDnsZoneConfig(nil), g.PrivateDnsZoneConfigs...)
			topo.PrivateEndpoints[0].PrivateDnsZoneGroup = &g
			tc.edit(&topo)
			ds := Validate(&topo, nil)
			found := false
			for _, d := range ds {
				if d.Code == tc.code && d.Path == tc.path && d.Severity == tc.sev {
					found = true
				}
			}
			if !found {
				t.Errorf("want %s %s at %s, got:\n%s", tc.sev, tc.code, tc.path, codes(ds))
			}
		})
	}
}
