package model

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// base is a small valid design: hub with an NVA, spoke peered to it.
func base() Topology {
	return Topology{
		VNets: []VNet{
			{ID: "hub", Location: "westeurope", AddressSpace: AddressSpace{AddressPrefixes: []string{"10.0.0.0/16"}},
				Subnets: []Subnet{{Name: "nva", AddressPrefix: "10.0.1.0/24"}}},
			{ID: "spoke", Location: "westeurope", AddressSpace: AddressSpace{AddressPrefixes: []string{"10.1.0.0/16"}},
				Subnets: []Subnet{{Name: "app", AddressPrefix: "10.1.1.0/24", RouteTable: "rt"}}},
		},
		Peerings:    []Peering{{ID: "hub-spoke", A: PeeringLink{VNet: "hub"}, B: PeeringLink{VNet: "spoke"}}},
		RouteTables: []RouteTable{{ID: "rt", Routes: []Route{{Name: "all", AddressPrefix: "0.0.0.0/0", NextHopType: "VirtualAppliance", NextHopIPAddress: "10.0.1.4"}}}},
		VMs: []VM{
			{ID: "fw", GuestIPForwarding: true, NICs: []NIC{{Name: "nic0", Subnet: "hub/nva", PrivateIPAddress: "10.0.1.4", EnableIPForwarding: true}}},
			{ID: "app", NICs: []NIC{{Name: "nic0", Subnet: "spoke/app", PrivateIPAddress: "10.1.1.4"}}},
		},
	}
}

func codes(ds []Diagnostic) string {
	var s []string
	for _, d := range ds {
		s = append(s, d.Code+"@"+d.Path)
	}
	return strings.Join(s, "\n")
}

func TestBaseIsClean(t *testing.T) {
	b := base()
	if ds := Validate(&b, []string{"Microsoft.Storage"}); len(ds) != 0 {
		t.Fatalf("base design has diagnostics:\n%s", codes(ds))
	}
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(*Topology)
		code   string
	}{
		{"rule:address-space.subnet-containment subnet outside address space", func(t *Topology) { t.VNets[0].Subnets[0].AddressPrefix = "10.9.0.0/24" }, "subnet.outside-address-space"},
		{"rule:address-space.subnet-containment overlapping subnets", func(t *Topology) {
			t.VNets[0].Subnets = append(t.VNets[0].Subnets, Subnet{Name: "b", AddressPrefix: "10.0.1.128/25"})
		}, "subnet.overlap"},
		{"rule:address-space.subnet-sizes subnet smaller than /29", func(t *Topology) { t.VNets[0].Subnets[0].AddressPrefix = "10.0.1.0/30" }, "subnet.too-small"},
		{"rule:address-space.subnet-sizes IPv6 subnet not /64", func(t *Topology) {
			t.VNets[0].AddressSpace.AddressPrefixes = append(t.VNets[0].AddressSpace.AddressPrefixes, "fd00::/48")
			t.VNets[0].Subnets = append(t.VNets[0].Subnets, Subnet{Name: "v6", AddressPrefix: "fd00::/56"})
		}, "subnet.ipv6-size"},
		{"invalid CIDR", func(t *Topology) { t.VNets[0].AddressSpace.AddressPrefixes[0] = "10.0.0.0/33" }, "cidr.invalid"},
		{"host bits set", func(t *Topology) { t.VNets[0].Subnets[0].AddressPrefix = "10.0.1.7/24" }, "cidr.invalid"},
		{"rule:address-space.forbidden-ranges reserved range in address space", func(t *Topology) {
			t.VNets[0].AddressSpace.AddressPrefixes = append(t.VNets[0].AddressSpace.AddressPrefixes, "169.254.0.0/16")
		}, "vnet.reserved-range"},
		{"rule:address-space.reserved-addresses IP outside subnet", func(t *Topology) { t.VMs[1].NICs[0].PrivateIPAddress = "10.1.2.4" }, "ip.outside-subnet"},
		{"rule:address-space.reserved-addresses network address reserved", func(t *Topology) { t.VMs[1].NICs[0].PrivateIPAddress = "10.1.1.0" }, "ip.reserved"},
		{"rule:address-space.reserved-addresses .3 reserved", func(t *Topology) { t.VMs[1].NICs[0].PrivateIPAddress = "10.1.1.3" }, "ip.reserved"},
		{"rule:address-space.reserved-addresses broadcast reserved", func(t *Topology) { t.VMs[1].NICs[0].PrivateIPAddress = "10.1.1.255" }, "ip.reserved"},
		{"duplicate IP", func(t *Topology) { t.VMs[1].NICs[0].PrivateIPAddress = "10.0.1.4"; t.VMs[1].NICs[0].Subnet = "hub/nva" }, "nic.ip-duplicate"},
		{"rule:peering.no-overlap overlapping peered address spaces", func(t *Topology) { t.VNets[1].AddressSpace.AddressPrefixes[0] = "10.0.0.0/8" }, "peering.overlap"},
		{"rule:peering.link-states one-sided peering is Initiated", func(t *Topology) { t.Peerings[0].B.Lifecycle = LinkNotCreated }, "peering.initiated"},
		{"rule:peering.link-states deleted link leaves Disconnected", func(t *Topology) { t.Peerings[0].B.Lifecycle = LinkDeleted }, "peering.disconnected"},
		{"rule:vpn-gateway.gateway-subnet-size GatewaySubnet smaller than /27", func(t *Topology) {
			t.VNets[0].Subnets = append(t.VNets[0].Subnets, Subnet{Name: GatewaySubnet, AddressPrefix: "10.0.255.0/28"})
		}, "subnet.gateway-too-small"},
		{"rule:udr.gateway-subnet 0/0 UDR on GatewaySubnet", func(t *Topology) {
			t.VNets[0].Subnets = append(t.VNets[0].Subnets, Subnet{Name: GatewaySubnet, AddressPrefix: "10.0.255.0/27", RouteTable: "rt"})
			t.VNets[1].Subnets[0].RouteTable = ""
		}, "routetable.gateway-default-route"},
		{"rule:propagation.gateway-subnet-must-propagate propagation disabled on GatewaySubnet", func(t *Topology) {
			t.RouteTables = append(t.RouteTables, RouteTable{ID: "gw", DisableBgpRoutePropagation: true})
			t.VNets[0].Subnets = append(t.VNets[0].Subnets, Subnet{Name: GatewaySubnet, AddressPrefix: "10.0.255.0/27", RouteTable: "gw"})
		}, "routetable.gateway-propagation-disabled"},
		{"rule:nsg.association-and-limits NSG on GatewaySubnet", func(t *Topology) {
			t.NSGs = []NSG{{ID: "n"}}
			t.VNets[0].Subnets = append(t.VNets[0].Subnets, Subnet{Name: GatewaySubnet, AddressPrefix: "10.0.255.0/27", NetworkSecurityGroup: "n"})
		}, "subnet.gateway-nsg"},
		{"rule:udr.route-server-subnet route table on RouteServerSubnet", func(t *Topology) {
			t.VNets[0].Subnets = append(t.VNets[0].Subnets, Subnet{Name: RouteServerSubnet, AddressPrefix: "10.0.254.0/26", RouteTable: "rt"})
		}, "subnet.routeserver-route-table"},
		{"rule:udr.route-server-subnet NSG on RouteServerSubnet", func(t *Topology) {
			t.NSGs = []NSG{{ID: "n"}}
			t.VNets[0].Subnets = append(t.VNets[0].Subnets, Subnet{Name: RouteServerSubnet, AddressPrefix: "10.0.254.0/26", NetworkSecurityGroup: "n"})
		}, "subnet.routeserver-nsg"},
		{"rule:route-server.subnet RouteServerSubnet smaller than /26", func(t *Topology) {
			t.VNets[0].Subnets = append(t.VNets[0].Subnets, Subnet{Name: RouteServerSubnet, AddressPrefix: "10.0.254.0/27"})
		}, "subnet.routeserver-too-small"},
		{"rule:udr.unique-prefix-per-table duplicate prefix in a route table", func(t *Topology) {
			t.RouteTables[0].Routes = append(t.RouteTables[0].Routes, Route{Name: "again", AddressPrefix: "0.0.0.0/0", NextHopType: "Internet"})
		}, "routetable.duplicate-prefix"},
		{"rule:udr.allowed-next-hops peering next hop not allowed in a UDR", func(t *Topology) { t.RouteTables[0].Routes[0].NextHopType = "VNetPeering" }, "route.next-hop-type"},
		{"rule:udr.allowed-next-hops VirtualAppliance without IP", func(t *Topology) { t.RouteTables[0].Routes[0].NextHopIPAddress = "" }, "route.next-hop-ip"},
		{"rule:route-selection.appliance-directly-reachable appliance not directly reachable (not peered)", func(t *Topology) { t.Peerings = nil }, "route.appliance-unreachable"},
		{"rule:route-selection.appliance-directly-reachable appliance unreachable over an Initiated peering", func(t *Topology) { t.Peerings[0].A.Lifecycle = LinkNotCreated }, "route.appliance-unreachable"},
		{"rule:nva.ip-forwarding appliance NIC without IP forwarding", func(t *Topology) { t.VMs[0].NICs[0].EnableIPForwarding = false }, "route.appliance-not-forwarding"},
		{"rule:nva.ip-forwarding appliance guest not forwarding", func(t *Topology) { t.VMs[0].GuestIPForwarding = false }, "route.appliance-guest-not-forwarding"},
		{"appliance IP has no host", func(t *Topology) { t.RouteTables[0].Routes[0].NextHopIPAddress = "10.0.1.9" }, "route.appliance-no-host"},
		{"rule:peering.use-remote-gateways-conditions useRemoteGateways without a remote gateway", func(t *Topology) { t.Peerings[0].B.UseRemoteGateways = true }, "peering.remote-has-no-gateway"},
		{"rule:gateway-transit.spoke-advertised-on-premises useRemoteGateways without allowGatewayTransit", func(t *Topology) { t.Peerings[0].B.UseRemoteGateways = true }, "peering.no-gateway-transit"},
		{"rule:peering.allow-gateway-transit-needs-gateway allowGatewayTransit without a gateway", func(t *Topology) { t.Peerings[0].A.AllowGatewayTransit = true }, "peering.transit-without-gateway"},
		{"rule:peering.use-remote-gateways-conditions useRemoteGateways on two peerings", func(t *Topology) {
			t.VNets = append(t.VNets, VNet{ID: "hub2", AddressSpace: AddressSpace{AddressPrefixes: []string{"10.2.0.0/16"}}})
			t.Peerings[0].B.UseRemoteGateways = true
			t.Peerings = append(t.Peerings, Peering{ID: "hub2-spoke", A: PeeringLink{VNet: "hub2"}, B: PeeringLink{VNet: "spoke", UseRemoteGateways: true}})
		}, "peering.use-remote-multiple"},
		{"rule:nsg.priority-first-match priority out of range", func(t *Topology) {
			t.NSGs = []NSG{{ID: "n", SecurityRules: []SecurityRule{{Name: "r", Priority: 50, Direction: "Inbound", Access: "Allow", Protocol: "*"}}}}
		}, "nsg.priority-range"},
		{"rule:nsg.priority-first-match duplicate priority and direction", func(t *Topology) {
			t.NSGs = []NSG{{ID: "n", SecurityRules: []SecurityRule{{Name: "r", Priority: 100, Direction: "Inbound", Access: "Allow", Protocol: "*"}, {Name: "s", Priority: 100, Direction: "Inbound", Access: "Deny", Protocol: "*"}}}}
		}, "nsg.duplicate-priority"},
		{"NSG bad protocol", func(t *Topology) {
			t.NSGs = []NSG{{ID: "n", SecurityRules: []SecurityRule{{Name: "r", Priority: 100, Direction: "Inbound", Access: "Allow", Protocol: "Gre"}}}}
		}, "nsg.protocol"},
		{"NSG bad port", func(t *Topology) {
			t.NSGs = []NSG{{ID: "n", SecurityRules: []SecurityRule{{Name: "r", Priority: 100, Direction: "Inbound", Access: "Allow", Protocol: "Tcp", DestinationPortRange: "90-80"}}}}
		}, "nsg.port"},
		{"NSG port with a sign", func(t *Topology) {
			t.NSGs = []NSG{{ID: "n", SecurityRules: []SecurityRule{{Name: "r", Priority: 100, Direction: "Inbound", Access: "Allow", Protocol: "Tcp", SourcePortRange: "*", DestinationPortRange: "+80"}}}}
		}, "nsg.port"},
		{"NSG port range with spaces", func(t *Topology) {
			t.NSGs = []NSG{{ID: "n", SecurityRules: []SecurityRule{{Name: "r", Priority: 100, Direction: "Inbound", Access: "Allow", Protocol: "Tcp", SourcePortRange: "*", DestinationPortRange: "80 - 90"}}}}
		}, "nsg.port"},
		{"dangling route table", func(t *Topology) { t.VNets[1].Subnets[0].RouteTable = "nope" }, "ref.dangling"},
		{"dangling NIC subnet", func(t *Topology) { t.VMs[1].NICs[0].Subnet = "spoke/nope" }, "ref.dangling"},
		{"dangling peering VNet", func(t *Topology) { t.Peerings[0].B.VNet = "nope" }, "ref.dangling"},
		{"duplicate VNet id", func(t *Topology) { t.VNets = append(t.VNets, VNet{ID: "hub"}) }, "id.duplicate"},
		{"rule:udr.table-association route table in another region", func(t *Topology) { t.RouteTables[0].Location = "eastus" }, "routetable.location-mismatch"},
		{"rule:vpn-gateway.gateway-subnet VM in GatewaySubnet", func(t *Topology) {
			t.VNets[0].Subnets = append(t.VNets[0].Subnets, Subnet{Name: GatewaySubnet, AddressPrefix: "10.0.255.0/27"})
			t.VMs[1].NICs[0].Subnet = "hub/GatewaySubnet"
			t.VMs[1].NICs[0].PrivateIPAddress = "10.0.255.4"
		}, "nic.special-subnet"},
		{"rule:udr.service-tag-prefixes service tag as route prefix is accepted but not evaluated", func(t *Topology) {
			t.RouteTables[0].Routes = append(t.RouteTables[0].Routes, Route{Name: "st", AddressPrefix: "Storage.westeurope", NextHopType: "Internet"})
		}, "route.service-tag"},
		{"rule:udr.service-tag-prefixes more than 25 service-tag routes", func(t *Topology) {
			for i := range 26 {
				t.RouteTables[0].Routes = append(t.RouteTables[0].Routes, Route{Name: fmt.Sprintf("st%d", i), AddressPrefix: fmt.Sprintf("Tag%d", i), NextHopType: "Internet"})
			}
		}, "routetable.too-many-service-tags"},
		{"rule:udr.limits more than 400 routes", func(t *Topology) {
			for i := range 401 {
				t.RouteTables[0].Routes = append(t.RouteTables[0].Routes, Route{Name: fmt.Sprintf("r%d", i), AddressPrefix: fmt.Sprintf("172.16.%d.%d/32", i/256, i%256), NextHopType: "None"})
			}
		}, "routetable.too-many-routes"},
		{"rule:udr.appliance-same-subnet-loop appliance inside the steered subnet", func(t *Topology) {
			t.VNets[0].Subnets[0].RouteTable = "rt"
		}, "route.appliance-same-subnet"},
		{"rule:address-space.subnet-sizes subnet larger than /2", func(t *Topology) {
			t.VNets[0].AddressSpace.AddressPrefixes = []string{"0.0.0.0/0"}
			t.VNets[0].Subnets = append(t.VNets[0].Subnets, Subnet{Name: "huge", AddressPrefix: "128.0.0.0/1"})
		}, "subnet.too-large"},
		{"rule:peering.address-space-sync link not in sync", func(t *Topology) {
			t.Peerings[0].B.RemoteAddressSpace = &AddressSpace{AddressPrefixes: []string{"10.0.0.0/17"}}
		}, "peering.not-in-sync"},
		{"rule:peering.address-space-sync a link's copy of the remote space is not a CIDR", func(t *Topology) {
			t.Peerings[0].B.RemoteAddressSpace = &AddressSpace{AddressPrefixes: []string{"10.0.0.0/33"}}
		}, "cidr.invalid"},
		{"rule:dns.autoregistration two NICs of one VM marked primary", func(t *Topology) {
			t.VNets[0].Subnets = append(t.VNets[0].Subnets, Subnet{Name: "trust", AddressPrefix: "10.0.2.0/24"})
			t.VMs[0].NICs[0].Primary = true
			t.VMs[0].NICs = append(t.VMs[0].NICs, NIC{Name: "nic1", Subnet: "hub/trust", PrivateIPAddress: "10.0.2.4", Primary: true})
		}, "vm.primary-nics"},
		{"unknown service endpoint", func(t *Topology) {
			t.VNets[0].Subnets[0].ServiceEndpoints = []ServiceEndpoint{{Service: "Microsoft.Nope"}}
		}, "serviceendpoint.unknown"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			topo := base()
			tc.mutate(&topo)
			ds := Validate(&topo, []string{"Microsoft.Storage"})
			if !strings.Contains(codes(ds), tc.code+"@") {
				t.Fatalf("want %s, got:\n%s", tc.code, codes(ds))
			}
		})
	}
}

func TestValidateReportsEverything(t *testing.T) {
	topo := base()
	topo.VNets[0].Subnets[0].AddressPrefix = "10.9.0.0/24"
	topo.VMs[1].NICs[0].PrivateIPAddress = "10.1.1.1"
	topo.RouteTables[0].Routes[0].NextHopType = "Bogus"
	ds := Validate(&topo, nil)
	for _, c := range []string{"subnet.outside-address-space", "ip.reserved", "route.next-hop-type"} {
		if !strings.Contains(codes(ds), c+"@") {
			t.Errorf("missing %s in\n%s", c, codes(ds))
		}
	}
}

// TestApplianceFindingsPerRouteAndTable: what the subnets using a route
// table find wrong with an appliance IP is worked out once per table and
// IP, and reported for every route that uses the IP, at its own path, for
// that table's subnets only.
func TestApplianceFindingsPerRouteAndTable(t *testing.T) {
	topo := base()
	topo.Peerings = nil // the spoke no longer reaches the hub's NVA
	topo.RouteTables[0].Routes = append(topo.RouteTables[0].Routes,
		Route{Name: "ten", AddressPrefix: "10.0.0.0/8", NextHopType: "VirtualAppliance", NextHopIPAddress: "10.0.1.4"})
	topo.VNets[0].Subnets = append(topo.VNets[0].Subnets, Subnet{Name: "mgmt", AddressPrefix: "10.0.2.0/24", RouteTable: "rt-hub"})
	topo.RouteTables = append(topo.RouteTables, RouteTable{ID: "rt-hub", Routes: []Route{
		{Name: "all", AddressPrefix: "0.0.0.0/0", NextHopType: "VirtualAppliance", NextHopIPAddress: "10.0.1.4"},
		{Name: "self", AddressPrefix: "10.9.0.0/16", NextHopType: "VirtualAppliance", NextHopIPAddress: "10.0.2.4"},
	}})
	got := map[string][]string{}
	for _, d := range Validate(&topo, nil) {
		if strings.HasPrefix(d.Code, "route.appliance-unreachable") || strings.HasPrefix(d.Code, "route.appliance-same-subnet") {
			got[d.Path] = append(got[d.Path], d.Code+": "+d.Msg)
		}
	}
	want := map[string]string{
		"routeTables[rt].routes[all].nextHopIpAddress":      "route.appliance-unreachable: 10.0.1.4 is not in spoke",
		"routeTables[rt].routes[ten].nextHopIpAddress":      "route.appliance-unreachable: 10.0.1.4 is not in spoke",
		"routeTables[rt-hub].routes[self].nextHopIpAddress": "route.appliance-same-subnet: appliance 10.0.2.4 is inside hub/mgmt",
	}
	if len(got) != len(want) {
		t.Errorf("findings at %d paths, want %d: %v", len(got), len(want), got)
	}
	for path, prefix := range want {
		if len(got[path]) != 1 || !strings.HasPrefix(got[path][0], prefix) {
			t.Errorf("%s: %v, want one finding starting %q", path, got[path], prefix)
		}
	}
}

// TestNSGServiceTagsKeptUnmatched: an NSG rule naming an Azure service tag
// the engine has no ranges for is a warning, not an error (Azure accepts
// it; rule:nsg.service-tags-unmodelled); AzurePlatformDNS and
// AzurePlatformIMDS as a destination are applied (rule:nsg.platform-traffic),
// the other platform tag's warning says the rule is not applied, as does a
// platform tag as a source; a known tag in another case and a malformed
// address stay errors.
func TestNSGServiceTagsKeptUnmatched(t *testing.T) {
	for _, tc := range []struct {
		addr, severity, code, says string
	}{
		{"Storage", "warning", "nsg.service-tag", "no address ranges"},
		{"Sql.WestEurope", "warning", "nsg.service-tag", "no address ranges"},
		{"AzureFrontDoor.Backend", "warning", "nsg.service-tag", "no address ranges"},
		{"AzurePlatformDNS", "", "", ""},
		{"AzurePlatformIMDS", "", "", ""},
		{"AzurePlatformLKM", "warning", "nsg.service-tag", "host-platform addresses"},
		{"internet", "error", "nsg.address", "write Internet"},
		{"10.0.0.300/24", "error", "nsg.address", "not a CIDR"},
		{"Internet", "", "", ""},
		{"10.0.0.0/8", "", "", ""},
	} {
		topo := base()
		topo.NSGs = []NSG{{ID: "n", SecurityRules: []SecurityRule{{Name: "r", Priority: 100, Direction: "Outbound", Access: "Deny", Protocol: "*",
			SourceAddressPrefix: "*", SourcePortRange: "*", DestinationAddressPrefix: tc.addr, DestinationPortRange: "*"}}}}
		ds := Validate(&topo, []string{"Microsoft.Storage"})
		if tc.code == "" {
			if len(ds) != 0 {
				t.Errorf("%s: %s", tc.addr, codes(ds))
			}
			continue
		}
		if len(ds) != 1 || ds[0].Code != tc.code || ds[0].Severity.String() != tc.severity || !strings.Contains(ds[0].Msg, tc.says) {
			t.Errorf("%s: %+v; want one %s %s saying %q", tc.addr, ds, tc.severity, tc.code, tc.says)
		}
	}
	// A platform tag as a rule's source is not applied.
	topo := base()
	topo.NSGs = []NSG{{ID: "n", SecurityRules: []SecurityRule{{Name: "r", Priority: 100, Direction: "Inbound", Access: "Deny", Protocol: "*",
		SourceAddressPrefix: "AzurePlatformDNS", SourcePortRange: "*", DestinationAddressPrefix: "*", DestinationPortRange: "*"}}}}
	if ds := Validate(&topo, nil); len(ds) != 1 || ds[0].Code != "nsg.service-tag" || !strings.Contains(ds[0].Msg, "not applied") {
		t.Errorf("AzurePlatformDNS as a source: %+v; want one nsg.service-tag warning saying the rule is not applied", ds)
	}
}

// TestNSGRuleAddressRequired: Azure refuses a security rule with neither
// sourceAddressPrefix nor sourceAddressPrefixes (likewise destination), so
// such a rule is an error at the side it lacks (rule:nsg.priority-first-match);
// an empty string counts as absent, and an explicit * is any address. Azure
// also refuses a side with both fields set (one of them empty is fine, as
// an az CLI export writes "sourceAddressPrefixes": []).
func TestNSGRuleAddressRequired(t *testing.T) {
	for _, tc := range []struct {
		name string
		rule SecurityRule
		want string // code@path of each finding in Validate's order (by path), "" for none
	}{
		{"explicit *", SecurityRule{SourceAddressPrefix: "*", DestinationAddressPrefix: "*"}, ""},
		{"plural only", SecurityRule{SourceAddressPrefixes: []string{"10.0.0.0/8"}, DestinationAddressPrefixes: []string{"10.1.0.0/16", "10.2.0.0/16"}}, ""},
		{"singular with an empty plural", SecurityRule{SourceAddressPrefix: "*", SourceAddressPrefixes: []string{}, DestinationAddressPrefix: "*"}, ""},
		{"empty source", SecurityRule{SourceAddressPrefix: "", DestinationAddressPrefix: "*"},
			"nsg.address-missing@networkSecurityGroups[n].securityRules[r].sourceAddressPrefix"},
		{"no destination", SecurityRule{SourceAddressPrefix: "*"},
			"nsg.address-missing@networkSecurityGroups[n].securityRules[r].destinationAddressPrefix"},
		{"both source fields", SecurityRule{SourceAddressPrefix: "10.0.0.0/8", SourceAddressPrefixes: []string{"192.168.0.0/16"}, DestinationAddressPrefix: "*"},
			"nsg.address-both@networkSecurityGroups[n].securityRules[r].sourceAddressPrefixes"},
		{"both destination fields", SecurityRule{SourceAddressPrefix: "*", DestinationAddressPrefix: "*", DestinationAddressPrefixes: []string{"10.1.0.0/16"}},
			"nsg.address-both@networkSecurityGroups[n].securityRules[r].destinationAddressPrefixes"},
		{"neither", SecurityRule{SourceAddressPrefixes: []string{}},
			"nsg.address-missing@networkSecurityGroups[n].securityRules[r].destinationAddressPrefix\nnsg.address-missing@networkSecurityGroups[n].securityRules[r].sourceAddressPrefix"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.rule
			r.SourcePortRange, r.DestinationPortRange = "*", "22"
			wantRuleRefused(t, r, tc.want)
		})
	}
}

// wantRuleRefused validates the base design with NSG n holding rule r
// (named r, priority 100, Inbound Deny Tcp; its addresses and ports as
// given): its findings are want (code@path, "" for none), each an error
// saying Azure refuses the rule.
func wantRuleRefused(t *testing.T, r SecurityRule, want string) {
	t.Helper()
	topo := base()
	r.Name, r.Priority, r.Direction, r.Access, r.Protocol = "r", 100, "Inbound", "Deny", "Tcp"
	topo.NSGs = []NSG{{ID: "n", SecurityRules: []SecurityRule{r}}}
	ds := Validate(&topo, nil)
	if got := codes(ds); got != want {
		t.Fatalf("got:\n%s\nwant:\n%s", got, want)
	}
	for _, d := range ds {
		if d.Severity != Error || !strings.Contains(d.Msg, "Azure refuses") {
			t.Errorf("%s: %s %q; want an error saying Azure refuses the rule", d.Code, d.Severity, d.Msg)
		}
	}
}

// TestNSGRulePortRequired: a rule names its source and destination ports
// in sourcePortRange or sourcePortRanges (likewise destination), "*" for
// any. A side with neither, or only empty ones, is an error: Azure refuses
// it, and the engine would read the side as *, so a Deny meant for one port
// (an empty destinationPortRange, an empty list) would match every port
// (rule:nsg.priority-first-match).
func TestNSGRulePortRequired(t *testing.T) {
	for _, tc := range []struct {
		name string
		rule SecurityRule
		want string // code@path of each finding in Validate's order (by path), "" for none
	}{
		{"explicit *", SecurityRule{SourcePortRange: "*", DestinationPortRange: "*"}, ""},
		{"plural only", SecurityRule{SourcePortRanges: []string{"1024-65535"}, DestinationPortRanges: []string{"22", "3389"}}, ""},
		{"singular with an empty plural", SecurityRule{SourcePortRange: "*", DestinationPortRange: "22", DestinationPortRanges: []string{}}, ""},
		{"empty destination", SecurityRule{SourcePortRange: "*", DestinationPortRange: ""},
			"nsg.port-missing@networkSecurityGroups[n].securityRules[r].destinationPortRange"},
		{"empty destination list", SecurityRule{SourcePortRange: "*", DestinationPortRanges: []string{}},
			"nsg.port-missing@networkSecurityGroups[n].securityRules[r].destinationPortRange"},
		{"no source", SecurityRule{DestinationPortRange: "22"},
			"nsg.port-missing@networkSecurityGroups[n].securityRules[r].sourcePortRange"},
		{"neither", SecurityRule{},
			"nsg.port-missing@networkSecurityGroups[n].securityRules[r].destinationPortRange\nnsg.port-missing@networkSecurityGroups[n].securityRules[r].sourcePortRange"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.rule
			r.SourceAddressPrefix, r.DestinationAddressPrefix = "*", "*"
			wantRuleRefused(t, r, tc.want)
		})
	}
}

// TestNSGRuleAddressListHoldsAddresses: the plural address fields
// (augmented security rules) combine several IP addresses and ranges, not
// several service tags: a list naming two or more tags is an error, since
// Azure refuses it and vnetplay would read the union. A list of addresses,
// or one tag with or without addresses, is no finding
// (rule:nsg.priority-first-match).
func TestNSGRuleAddressListHoldsAddresses(t *testing.T) {
	const code = "nsg.address-list"
	for _, tc := range []struct {
		name     string
		src, dst []string
		want     string // code@path of each nsg.address-list finding, "" for none
	}{
		{"addresses", []string{"10.0.0.0/8", "192.168.1.4"}, []string{"10.1.0.0/16", "10.2.0.0/16"}, ""},
		{"a lone tag", []string{"VirtualNetwork"}, []string{"10.1.0.0/16"}, ""},
		{"two tags", []string{"VirtualNetwork", "AzureLoadBalancer"}, []string{"10.1.0.0/16"},
			code + "@networkSecurityGroups[n].securityRules[r].sourceAddressPrefixes"},
		{"a tag and a range", []string{"10.0.0.0/8"}, []string{"Internet", "10.1.0.0/16"}, ""},
		{"two tags and a range", []string{"10.0.0.0/8", "VirtualNetwork", "Internet"}, []string{"10.1.0.0/16"},
			code + "@networkSecurityGroups[n].securityRules[r].sourceAddressPrefixes"},
		{"two unmodelled tags", []string{"10.0.0.0/8"}, []string{"Storage", "Sql.WestEurope"},
			code + "@networkSecurityGroups[n].securityRules[r].destinationAddressPrefixes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			topo := base()
			r := SecurityRule{Name: "r", Priority: 100, Direction: "Inbound", Access: "Allow", Protocol: "Tcp",
				SourceAddressPrefixes: tc.src, SourcePortRange: "*", DestinationAddressPrefixes: tc.dst, DestinationPortRange: "443"}
			topo.NSGs = []NSG{{ID: "n", SecurityRules: []SecurityRule{r}}}
			var got []Diagnostic
			for _, d := range Validate(&topo, nil) {
				if d.Code == code {
					got = append(got, d)
				}
			}
			if codes(got) != tc.want {
				t.Fatalf("got:\n%s\nwant:\n%s", codes(got), tc.want)
			}
			for _, d := range got {
				if d.Severity != Error || !strings.Contains(d.Msg, "Azure refuses") {
					t.Errorf("%s: %s %q; want an error saying Azure refuses the rule", d.Code, d.Severity, d.Msg)
				}
			}
		})
	}
}

// TestARMEnumsInAnyCase: ARM reads an NSG rule's protocol and a zone
// link's resolutionPolicy without regard to case (a rule made in the
// portal comes back "protocol": "TCP"), and the engine does too, so
// another case is no finding; a value that is none of them in any case is
// an error that lists the accepted spellings. "Any" is not an NSG rule's
// protocol (it is a Virtual Network Manager admin rule's): * is.
func TestARMEnumsInAnyCase(t *testing.T) {
	rule := func(proto string) func(*Topology) {
		return func(t *Topology) {
			t.NSGs = []NSG{{ID: "n", SecurityRules: []SecurityRule{{Name: "r", Priority: 100, Direction: "Inbound", Access: "Allow", Protocol: proto,
				SourceAddressPrefix: "*", SourcePortRange: "*", DestinationAddressPrefix: "*", DestinationPortRange: "22"}}}}
		}
	}
	dirAccess := func(dir, access string) func(*Topology) {
		return func(t *Topology) {
			rule("Tcp")(t)
			t.NSGs[0].SecurityRules[0].Direction, t.NSGs[0].SecurityRules[0].Access = dir, access
		}
	}
	twoDirs := func(a, b string) func(*Topology) { // two rules at one priority
		return func(t *Topology) {
			rule("Tcp")(t)
			r := t.NSGs[0].SecurityRules[0]
			r.Name, r.Direction = "r2", b
			t.NSGs[0].SecurityRules[0].Direction = a
			t.NSGs[0].SecurityRules = append(t.NSGs[0].SecurityRules, r)
		}
	}
	policy := func(zone, p string) func(*Topology) {
		return func(t *Topology) {
			t.PrivateDNSZones = []PrivateDnsZone{{ID: zone, VirtualNetworkLinks: []VirtualNetworkLink{{Name: "hub", VirtualNetwork: "hub", ResolutionPolicy: p}}}}
		}
	}
	for _, tc := range []struct {
		name       string
		edit       func(*Topology)
		code, says string // "" for no finding
	}{
		{"TCP", rule("TCP"), "", ""},
		{"udp", rule("udp"), "", ""},
		{"ICMP", rule("ICMP"), "", ""},
		{"*", rule("*"), "", ""},
		{"Any", rule("Any"), "nsg.protocol", "* for any protocol"},
		{"Gre", rule("Gre"), "nsg.protocol", "Tcp, Udp, Icmp, Esp, Ah or *, in any case"},
		{"inbound deny", dirAccess("inbound", "deny"), "", ""},
		{"OUTBOUND ALLOW", dirAccess("OUTBOUND", "ALLOW"), "", ""},
		{"Inward", dirAccess("Inward", "Allow"), "nsg.direction", "Inbound or Outbound, in any case"},
		{"Permit", dirAccess("Inbound", "Permit"), "nsg.access", "Allow or Deny, in any case"},
		{"Inbound and inbound at one priority", twoDirs("Inbound", "inbound"), "nsg.duplicate-priority", "already used by r"},
		{"nxdomainredirect", policy("privatelink.blob.core.windows.net", "nxdomainredirect"), "", ""},
		{"DEFAULT", policy("privatelink.blob.core.windows.net", "DEFAULT"), "", ""},
		{"nxdomainredirect on another zone", policy("corp.internal", "nxdomainredirect"), "dns.nxdomain-redirect", "privatelink"},
		{"Fallback", policy("privatelink.blob.core.windows.net", "Fallback"), "dns.resolution-policy", "Default or NxDomainRedirect, in any case"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			topo := base()
			tc.edit(&topo)
			ds := Validate(&topo, nil)
			if tc.code == "" {
				if len(ds) != 0 {
					t.Fatalf("want no finding, got:\n%s", codes(ds))
				}
				return
			}
			if len(ds) != 1 || ds[0].Code != tc.code || ds[0].Severity != Error || !strings.Contains(ds[0].Msg, tc.says) {
				t.Fatalf("%+v; want one %s error saying %q", ds, tc.code, tc.says)
			}
		})
	}
}

// TestValidateSharedAddresses: an address is unique only within its VNet
// (rule:address-space.private-ip-per-vnet): the same address on NICs, a
// load balancer frontend or a private endpoint in two VNets is accepted;
// twice in one VNet it is an error.
func TestValidateSharedAddresses(t *testing.T) {
	base := func() Topology {
		v := func(id string) VNet {
			return VNet{ID: id, Location: "westeurope", AddressSpace: AddressSpace{AddressPrefixes: []string{"10.0.0.0/16"}}, Subnets: []Subnet{{Name: "s", AddressPrefix: "10.0.0.0/24"}}}
		}
		vm := func(id, sn, ip string) VM {
			return VM{ID: id, NICs: []NIC{{Name: "nic", Subnet: sn, PrivateIPAddress: ip}}}
		}
		return Topology{VNets: []VNet{v("vnet-a"), v("vnet-b")}, VMs: []VM{vm("vm-a", "vnet-a/s", "10.0.0.4"), vm("vm-b", "vnet-b/s", "10.0.0.4")}}
	}
	for _, tc := range []struct {
		name, code string // code "": no error
		edit       func(*Topology)
	}{
		{"two VNets, one address", "", func(*Topology) {}},
		{"one VNet, one address twice", "nic.ip-duplicate", func(t *Topology) { t.VMs[1].NICs[0].Subnet = "vnet-a/s" }},
		{"a frontend with another VNet's NIC address", "", func(t *Topology) {
			t.VMs[1].NICs[0].PrivateIPAddress = "10.0.0.5"
			t.LoadBalancers = []LoadBalancer{{ID: "lb", Sku: "Standard", Subnet: "vnet-b/s", FrontendPrivateIPAddress: "10.0.0.4"}}
		}},
		{"a frontend with its VNet's NIC address", "nic.ip-duplicate", func(t *Topology) {
			t.LoadBalancers = []LoadBalancer{{ID: "lb", Sku: "Standard", Subnet: "vnet-a/s", FrontendPrivateIPAddress: "10.0.0.4"}}
		}},
		{"an endpoint with another VNet's NIC address", "", func(t *Topology) {
			t.VMs[1].NICs[0].PrivateIPAddress = "10.0.0.5"
			t.PrivateEndpoints = []PrivateEndpoint{{ID: "pe", Subnet: "vnet-b/s", PrivateIPAddress: "10.0.0.4", PrivateLinkServiceID: "st"}}
		}},
		{"an endpoint with its VNet's NIC address", "pe.ip-duplicate", func(t *Topology) {
			t.PrivateEndpoints = []PrivateEndpoint{{ID: "pe", Subnet: "vnet-a/s", PrivateIPAddress: "10.0.0.4", PrivateLinkServiceID: "st"}}
		}},
		{"peered, the overlap is refused", "peering.overlap", func(t *Topology) {
			t.Peerings = []Peering{{ID: "ab", A: PeeringLink{VNet: "vnet-a"}, B: PeeringLink{VNet: "vnet-b"}}}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			topo := base()
			tc.edit(&topo)
			var errs []Diagnostic
			for _, d := range Validate(&topo, nil) {
				if d.Severity == Error {
					errs = append(errs, d)
				}
			}
			switch {
			case tc.code == "" && len(errs) > 0:
				t.Errorf("errors %v, want none", errs)
			case tc.code != "" && (len(errs) != 1 || errs[0].Code != tc.code):
				t.Errorf("errors %v, want one %s", errs, tc.code)
			}
			if tc.code == "peering.overlap" && len(errs) == 1 && !strings.Contains(errs[0].Msg, "10.0.0.0/16 in vnet-a, 10.0.0.0/16 in vnet-b") {
				t.Errorf("message %q does not name both VNets' ranges", errs[0].Msg)
			}
		})
	}
}

// TestDuplicateServiceTagRoute: a service tag is a route's address prefix,
// and a table holds each prefix once (rule:udr.unique-prefix-per-table):
// the second route naming the same tag is an error on that route; two
// different tags are not.
func TestDuplicateServiceTagRoute(t *testing.T) {
	b := base()
	b.RouteTables[0].Routes = append(b.RouteTables[0].Routes,
		Route{Name: "st", AddressPrefix: "Storage", NextHopType: "Internet"},
		Route{Name: "st-west", AddressPrefix: "Storage.WestEurope", NextHopType: "Internet"},
		Route{Name: "st-again", AddressPrefix: "Storage", NextHopType: "None"})
	var dups []Diagnostic
	for _, d := range Validate(&b, []string{"Microsoft.Storage"}) {
		if d.Code == "routetable.duplicate-prefix" {
			dups = append(dups, d)
		}
	}
	if len(dups) != 1 || dups[0].Severity != Error || dups[0].Path != "routeTables[rt].routes[st-again].addressPrefix" || !strings.Contains(dups[0].Msg, "route st") {
		t.Errorf("want one error on st-again naming st, got\n%s", codes(dups))
	}
}

// TestGatewaySubnetDefaultRouteReportedOnce: a 0.0.0.0/0 UDR on
// GatewaySubnet is one error (rule:udr.gateway-subnet), not also the
// warning about a route overlapping the GatewaySubnet range, which a
// narrower overlapping route still gets.
func TestGatewaySubnetDefaultRouteReportedOnce(t *testing.T) {
	b := base()
	b.VNets[0].Subnets = append(b.VNets[0].Subnets, Subnet{Name: GatewaySubnet, AddressPrefix: "10.0.255.0/27", RouteTable: "gw"})
	b.RouteTables = append(b.RouteTables, RouteTable{ID: "gw", Routes: []Route{
		{Name: "default", AddressPrefix: "0.0.0.0/0", NextHopType: "VirtualAppliance", NextHopIPAddress: "10.0.1.4"},
		{Name: "over", AddressPrefix: "10.0.255.0/24", NextHopType: "VirtualAppliance", NextHopIPAddress: "10.0.1.4"}}})
	var got []string
	for _, d := range Validate(&b, []string{"Microsoft.Storage"}) {
		if strings.HasPrefix(d.Code, "routetable.gateway-") {
			got = append(got, fmt.Sprintf("%s %s", d.Code, d.Msg))
		}
	}
	if len(got) != 2 || !strings.HasPrefix(got[0], "routetable.gateway-default-route route default") || !strings.HasPrefix(got[1], "routetable.gateway-overlap route over ") {
		t.Errorf("want the default route's error and the overlap warning of route over, got\n%s", strings.Join(got, "\n"))
	}
}

// TestVnetLocalRouteBeyondTheVNet: a VnetLocal UDR whose prefix reaches
// beyond the address space of a VNet using the table (0.0.0.0/0 → VnetLocal)
// draws a warning on that route, once per such VNet
// (rule:udr.vnetlocal-within-vnet); one inside the address space does not.
func TestVnetLocalRouteBeyondTheVNet(t *testing.T) {
	b := base()
	b.RouteTables[0].Routes = []Route{
		{Name: "all-local", AddressPrefix: "0.0.0.0/0", NextHopType: "VnetLocal"},
		{Name: "inside", AddressPrefix: "10.1.2.0/24", NextHopType: "VnetLocal"},
	}
	var got []Diagnostic
	for _, d := range Validate(&b, []string{"Microsoft.Storage"}) {
		if d.Code == "route.vnetlocal-outside-vnet" {
			got = append(got, d)
		}
	}
	if len(got) != 1 || got[0].Severity != Warning || got[0].Path != "routeTables[rt].routes[all-local]" ||
		!strings.Contains(got[0].Msg, "spoke") || !strings.Contains(got[0].Msg, "rule:udr.vnetlocal-within-vnet") {
		t.Errorf("want one warning on all-local naming spoke, got\n%s", codes(got))
	}
}

// TestRouteNextHopTypeSaysWhatToWrite: a next hop type in another case
// says which spelling to write, and a missing one says it is missing (it
// read `next hop type "" is not allowed`).
func TestRouteNextHopTypeSaysWhatToWrite(t *testing.T) {
	for hop, want := range map[string]string{
		"virtualappliance": "write VirtualAppliance",
		"":                 "a route needs a next hop type",
		"VNetPeering":      `next hop type "VNetPeering" is not allowed`,
	} {
		topo := base()
		topo.RouteTables[0].Routes[0].NextHopType = hop
		found := false
		for _, d := range Validate(&topo, nil) {
			if d.Code == "route.next-hop-type" {
				found = true
				if d.Severity != Error || !strings.Contains(d.Msg, want) {
					t.Errorf("%q: %s %q, want an error saying %q", hop, d.Severity, d.Msg, want)
				}
			}
		}
		if !found {
			t.Errorf("%q: no route.next-hop-type", hop)
		}
	}
}

// TestLocationsCompareAsARMReadsThem (rule:peering.global, rule:udr.table-association):
// "West Europe" (the portal's name) and "westeurope" are one region, so a
// route table written one way fits a VNet written the other; another
// region still does not.
func TestLocationsCompareAsARMReadsThem(t *testing.T) {
	for _, c := range []struct {
		loc  string
		want bool
	}{{"westeurope", false}, {"West Europe", false}, {"WESTEUROPE", false}, {"East US", true}} {
		topo := base()
		topo.RouteTables[0].Location = c.loc
		got := strings.Contains(codes(Validate(&topo, nil)), "routetable.location-mismatch@")
		if got != c.want {
			t.Errorf("route table in %q, VNet in westeurope: routetable.location-mismatch reported %v, want %v", c.loc, got, c.want)
		}
	}
	if !SameLocation("West Europe", "westeurope") || SameLocation("westeurope", "westus") {
		t.Error("SameLocation must ignore case and spaces, and only them")
	}
}

// TestApplianceLoadBalancerBackendsForward: a UDR whose appliance is an
// internal load balancer sends flows to every backend (rule:nva.high-availability),
// so each backend NIC must forward in Azure and in its guest (rule:nva.ip-forwarding):
// lint warns about each one that does not, as it does for a NIC next hop.
func TestApplianceLoadBalancerBackendsForward(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*VM)
		want []string
	}{
		{"both forward", func(*VM) {}, nil},
		{"second NIC forwarding off", func(vm *VM) { vm.NICs[0].EnableIPForwarding = false },
			[]string{"route.appliance-not-forwarding@routeTables[rt].routes[all].nextHopIpAddress"}},
		{"second guest not forwarding", func(vm *VM) { vm.GuestIPForwarding = false },
			[]string{"route.appliance-guest-not-forwarding@routeTables[rt].routes[all].nextHopIpAddress"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			topo := base()
			topo.VMs = append(topo.VMs, VM{ID: "fw2", GuestIPForwarding: true, NICs: []NIC{{Name: "nic0", Subnet: "hub/nva", PrivateIPAddress: "10.0.1.5", EnableIPForwarding: true}}})
			tc.edit(&topo.VMs[len(topo.VMs)-1])
			topo.LoadBalancers = []LoadBalancer{{ID: "ilb", Subnet: "hub/nva", FrontendPrivateIPAddress: "10.0.1.100", Backends: []string{"fw/nic0", "fw2"}}}
			topo.RouteTables[0].Routes[0].NextHopIPAddress = "10.0.1.100"
			var got []string
			for _, d := range Validate(&topo, nil) {
				if strings.HasPrefix(d.Code, "route.appliance") {
					got = append(got, d.Code+"@"+d.Path)
					if !strings.Contains(d.Msg, "fw2") || !strings.Contains(d.Msg, "ilb") {
						t.Errorf("%s does not name the backend and the load balancer: %s", d.Code, d.Msg)
					}
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

// TestApplianceIsRouteServer: a UDR whose appliance address lies in a
// RouteServerSubnet that holds a Route Server points at Route Server, which
// never forwards packets (rule:route-server.control-plane-only): lint says so
// instead of only that no NIC has the address.
func TestApplianceIsRouteServer(t *testing.T) {
	for _, tc := range []struct {
		name        string
		routeServer bool
		want        string
	}{
		{"Route Server in the subnet", true, "route.appliance-route-server"},
		{"empty RouteServerSubnet", false, "route.appliance-no-host"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			topo := base()
			topo.VNets[0].Subnets = append(topo.VNets[0].Subnets, Subnet{Name: RouteServerSubnet, AddressPrefix: "10.0.254.0/26"})
			if tc.routeServer {
				topo.RouteServers = []RouteServer{{ID: "rs", VNet: "hub"}}
			}
			topo.RouteTables[0].Routes[0].NextHopIPAddress = "10.0.254.4"
			var got []string
			for _, d := range Validate(&topo, nil) {
				if strings.HasPrefix(d.Code, "route.appliance") {
					got = append(got, d.Code)
					if d.Code == "route.appliance-route-server" && (!strings.Contains(d.Msg, "rs") || !strings.Contains(d.Msg, "never forwards")) {
						t.Errorf("message does not name the Route Server and why: %s", d.Msg)
					}
				}
			}
			if !slices.Equal(got, []string{tc.want}) {
				t.Errorf("got %v, want [%s]", got, tc.want)
			}
		})
	}
}
