package model

import (
	"slices"
	"testing"
)

// edgeDesign is a valid design with every edge resource: a NIC with a
// Standard public IP, a subnet with a NAT gateway, a public Standard load
// balancer with a rule, an inbound NAT rule and an outbound rule.
func edgeDesign() *Topology {
	return &Topology{
		VNets: []VNet{{ID: "vn", AddressSpace: AddressSpace{AddressPrefixes: []string{"10.0.0.0/16"}}, Subnets: []Subnet{
			{Name: "web", AddressPrefix: "10.0.1.0/24", NatGateway: "nat"},
			{Name: "GatewaySubnet", AddressPrefix: "10.0.255.0/27"},
		}}},
		VMs: []VM{{ID: "vm", NICs: []NIC{{Name: "nic0", Subnet: "vn/web", PrivateIPAddress: "10.0.1.4", PublicIPAddress: "pip-vm"}}}},
		PublicIPAddresses: []PublicIPAddress{{ID: "pip-vm", IPAddress: "198.51.100.1"}, {ID: "pip-nat", IPAddress: "198.51.100.2"},
			{ID: "pip-lb", Sku: Sku{Name: "Standard"}, IPAddress: "198.51.100.3"}},
		NatGateways: []NatGateway{{ID: "nat", PublicIPAddresses: []string{"pip-nat"}}},
		LoadBalancers: []LoadBalancer{{ID: "lb", FrontendIPConfigurations: []FrontendIPConfiguration{{Name: "fe", PublicIPAddress: "pip-lb"}},
			BackendAddressPools: []BackendAddressPool{{Name: "pool", Backends: []string{"vm"}}},
			LoadBalancingRules:  []LoadBalancingRule{{Name: "https", FrontendIPConfiguration: "fe", BackendAddressPool: "pool", Protocol: "Tcp", FrontendPort: 443, BackendPort: 443}},
			InboundNatRules:     []InboundNatRule{{Name: "ssh", FrontendIPConfiguration: "fe", Protocol: "Tcp", FrontendPort: 50001, BackendPort: 22, BackendIPConfiguration: "vm/nic0"}},
			OutboundRules:       []OutboundRule{{Name: "out", FrontendIPConfigurations: []string{"fe"}, BackendAddressPool: "pool"}}}},
	}
}

func errorCodes(ds []Diagnostic) []string {
	var out []string
	for _, d := range ds {
		if d.Severity == Error {
			out = append(out, d.Code)
		}
	}
	return out
}

// TestValidateEdge: what Azure refuses at the Internet edge is an error,
// with the fact (rule:internet-edge.public-load-balancer, rule:internet-edge.nat-gateway, rule:nsg.association-and-limits style limits); the valid design has none.
func TestValidateEdge(t *testing.T) {
	if codes := errorCodes(Validate(edgeDesign(), nil)); len(codes) > 0 {
		t.Fatalf("valid edge design has errors: %v", Validate(edgeDesign(), nil))
	}
	for _, c := range []struct {
		code string
		edit func(t *Topology)
	}{
		{"natgw.gateway-subnet", func(t *Topology) { t.VNets[0].Subnets[1].NatGateway = "nat" }}, // rule:internet-edge.nat-gateway
		{"natgw.basic-ip", func(t *Topology) { t.PublicIPAddresses[1].Sku.Name = "Basic" }},      // rule:internet-edge.nat-gateway
		{"natgw.basic-in-subnet", func(t *Topology) { t.PublicIPAddresses[0].Sku.Name = "Basic" }},
		{"natgw.basic-in-subnet", func(t *Topology) { // rule:internet-edge.nat-gateway: a Basic public load balancer's backend
			t.LoadBalancers[0].Sku, t.PublicIPAddresses[2].Sku.Name = "Basic", "Basic"
		}},
		{"natgw.basic-in-subnet", func(t *Topology) { // a Basic internal load balancer's frontend
			t.LoadBalancers = append(t.LoadBalancers, LoadBalancer{ID: "ilb", Sku: "Basic", Subnet: "vn/web", FrontendPrivateIPAddress: "10.0.1.10"})
		}},
		{"natgw.too-many-ips", func(t *Topology) {
			for range 16 {
				t.NatGateways[0].PublicIPAddresses = append(t.NatGateways[0].PublicIPAddresses, "pip-nat")
			}
		}},
		{"natgw.spans-vnets", func(t *Topology) {
			t.VNets = append(t.VNets, VNet{ID: "w", AddressSpace: AddressSpace{AddressPrefixes: []string{"10.1.0.0/16"}},
				Subnets: []Subnet{{Name: "s", AddressPrefix: "10.1.1.0/24", NatGateway: "nat"}}})
		}},
		{"lb.sku-mismatch", func(t *Topology) { t.PublicIPAddresses[2].Sku.Name = "Basic" }}, // rule:internet-edge.public-load-balancer: Basic IP on a Standard LB
		{"lb.sku-mismatch", func(t *Topology) { t.LoadBalancers[0].Sku = "Basic" }},
		{"lb.outbound-rule-basic", func(t *Topology) {
			t.LoadBalancers[0].Sku, t.PublicIPAddresses[2].Sku.Name = "Basic", "Basic"
		}},
		{"lb.frontend-port-conflict", func(t *Topology) { t.LoadBalancers[0].InboundNatRules[0].FrontendPort = 443 }},
		{"lb.protocol", func(t *Topology) { t.LoadBalancers[0].LoadBalancingRules[0].Protocol = "Icmp" }},
		{"lb.port", func(t *Topology) { t.LoadBalancers[0].InboundNatRules[0].BackendPort = 0 }},
		{"lb.mixed-frontends", func(t *Topology) { t.LoadBalancers[0].FrontendPrivateIPAddress = "10.0.1.10" }},
		{"ref.dangling", func(t *Topology) { t.VMs[0].NICs[0].PublicIPAddress = "nope" }},
		{"ref.dangling", func(t *Topology) { t.VNets[0].Subnets[0].NatGateway = "nope" }},
		{"ref.dangling", func(t *Topology) { t.LoadBalancers[0].LoadBalancingRules[0].BackendAddressPool = "nope" }},
		{"ref.dangling", func(t *Topology) { t.LoadBalancers[0].InboundNatRules[0].BackendIPConfiguration = "nope" }},
		{"pip.in-use", func(t *Topology) { t.NatGateways[0].PublicIPAddresses = []string{"pip-vm"} }},
		{"pip.not-public", func(t *Topology) { t.PublicIPAddresses[0].IPAddress = "10.9.9.9" }},
		{"pip.ip-invalid", func(t *Topology) { t.PublicIPAddresses[0].IPAddress = "x" }},
		{"pip.ip-duplicate", func(t *Topology) { t.PublicIPAddresses[1].IPAddress = "198.51.100.1" }},
		{"pip.sku", func(t *Topology) { t.PublicIPAddresses[0].Sku.Name = "Premium" }},
		{"id.duplicate", func(t *Topology) { t.PublicIPAddresses[1].ID = "pip-vm" }},
	} {
		t.Run(c.code, func(t *testing.T) {
			d := edgeDesign()
			c.edit(d)
			if codes := errorCodes(Validate(d, nil)); !slices.Contains(codes, c.code) {
				t.Errorf("want %s, got %v", c.code, Validate(d, nil))
			}
		})
	}
}

// TestDefaultOutbound: null means allowed (rule:internet-edge.private-subnets, the documented null), false
// makes the subnet private.
func TestDefaultOutbound(t *testing.T) {
	f, tr := false, true
	for _, c := range []struct {
		v    *bool
		want bool
	}{{nil, true}, {&tr, true}, {&f, false}} {
		if got := (Subnet{DefaultOutboundAccess: c.v}).DefaultOutbound(); got != c.want {
			t.Errorf("%v: %v, want %v", c.v, got, c.want)
		}
	}
}

// TestPublicIPInUseByEach: a public IP belongs to one NIC, load balancer
// frontend or NAT gateway; each user after the first (NAT gateways, NICs,
// then load balancer frontends, each in the design's order) is an error
// naming the first.
func TestPublicIPInUseByEach(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(t *Topology)
		want []string // paths of the pip.in-use errors, in Validate's order (by path)
	}{
		{"none shared", func(t *Topology) {}, nil},
		{"NIC and NAT gateway", func(t *Topology) { t.NatGateways[0].PublicIPAddresses = []string{"pip-vm"} },
			[]string{"virtualMachines[vm].networkInterfaces[nic0].publicIPAddress"}},
		{"NIC, NAT gateway and load balancer frontend", func(t *Topology) {
			t.NatGateways[0].PublicIPAddresses = []string{"pip-vm"}
			t.LoadBalancers[0].FrontendIPConfigurations[0].PublicIPAddress = "pip-vm"
		}, []string{"loadBalancers[lb].frontendIPConfigurations[fe].publicIPAddress", "virtualMachines[vm].networkInterfaces[nic0].publicIPAddress"}},
		{"two frontends", func(t *Topology) {
			t.LoadBalancers[0].FrontendIPConfigurations = append(t.LoadBalancers[0].FrontendIPConfigurations, FrontendIPConfiguration{Name: "fe2", PublicIPAddress: "pip-lb"})
		}, []string{"loadBalancers[lb].frontendIPConfigurations[fe2].publicIPAddress"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := edgeDesign()
			tc.edit(d)
			var got []string
			for _, f := range Validate(d, nil) {
				if f.Code == "pip.in-use" {
					got = append(got, f.Path)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("pip.in-use at %q, want %q", got, tc.want)
			}
		})
	}
}
