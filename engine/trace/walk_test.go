package trace

import (
	"fmt"
	"net/netip"
	"strings"
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
)

func vn(id string, prefix string, subnets ...model.Subnet) model.VNet {
	return model.VNet{ID: id, Location: "westeurope", AddressSpace: model.AddressSpace{AddressPrefixes: []string{prefix}}, Subnets: subnets}
}

func vm(id, subnet, ip string, fwd bool) model.VM {
	return model.VM{ID: id, GuestIPForwarding: fwd, Stateful: fwd, NICs: []model.NIC{{Name: "nic0", Subnet: subnet, PrivateIPAddress: ip, EnableIPForwarding: fwd}}}
}

func link(id, a, b string, fwd bool) model.Peering {
	return model.Peering{ID: id, A: model.PeeringLink{VNet: a, AllowForwardedTraffic: fwd}, B: model.PeeringLink{VNet: b, AllowForwardedTraffic: fwd}}
}

// hubSpoke: hub 10.0/16 with fw 10.0.1.4; spokes 10.1/16 and 10.2/16 with
// UDRs sending the other spoke to the fw.
func hubSpoke() model.Topology {
	return model.Topology{
		VNets: []model.VNet{
			vn("hub", "10.0.0.0/16", model.Subnet{Name: "nva", AddressPrefix: "10.0.1.0/24"}),
			vn("spoke1", "10.1.0.0/16", model.Subnet{Name: "app", AddressPrefix: "10.1.1.0/24", RouteTable: "rt1"}),
			vn("spoke2", "10.2.0.0/16", model.Subnet{Name: "db", AddressPrefix: "10.2.1.0/24", RouteTable: "rt2"}),
		},
		Peerings: []model.Peering{link("h1", "hub", "spoke1", true), link("h2", "hub", "spoke2", true)},
		RouteTables: []model.RouteTable{
			{ID: "rt1", Routes: []model.Route{{Name: "to2", AddressPrefix: "10.2.0.0/16", NextHopType: "VirtualAppliance", NextHopIPAddress: "10.0.1.4"}}},
			{ID: "rt2", Routes: []model.Route{{Name: "to1", AddressPrefix: "10.1.0.0/16", NextHopType: "VirtualAppliance", NextHopIPAddress: "10.0.1.4"}}},
		},
		VMs: []model.VM{vm("fw", "hub/nva", "10.0.1.4", true), vm("app", "spoke1/app", "10.1.1.4", false), vm("db", "spoke2/db", "10.2.1.4", false)},
	}
}

func run(t *testing.T, topo model.Topology, from, to string) *Trace {
	t.Helper()
	p := dataplane.Build(&topo)
	id, ok := p.ResolveEndpoint(from)
	if !ok {
		t.Fatalf("no endpoint %s", from)
	}
	return Run(p, Flow{Src: id, DstIP: netip.MustParseAddr(to)})
}

func render(tr *Trace) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n", tr.Disposition, tr.Reason)
	for _, h := range tr.Hops {
		fmt.Fprintf(&b, "  %s\n", h.Node)
		for _, s := range h.Steps {
			fmt.Fprintf(&b, "    %s: %s\n", s.Kind, s.Detail)
		}
	}
	return b.String()
}

func TestWalk(t *testing.T) {
	for _, tc := range []struct {
		name     string
		mutate   func(*model.Topology)
		from, to string
		want     Disposition
		contains string
	}{
		{"rule:nva.spoke-to-spoke-through-hub spoke to spoke through the hub NVA", nil, "app", "10.2.1.4", Delivered, "fw forwards"},
		{"rule:system-routes.no-per-subnet-route same VNet, other subnet", func(t *model.Topology) {
			t.VNets[1].Subnets = append(t.VNets[1].Subnets, model.Subnet{Name: "web", AddressPrefix: "10.1.2.0/24"})
			t.VMs = append(t.VMs, vm("web", "spoke1/web", "10.1.2.4", false))
		}, "app", "10.1.2.4", Delivered, "VnetLocal"},
		{"rule:system-routes.private-unrouted-dropped rule:peering.not-transitive no UDR: private destination without route is dropped by None", func(t *model.Topology) { t.RouteTables[0].Routes = nil }, "app", "10.2.1.4", DroppedByNoneRoute, "10.0.0.0/8"},
		{"rule:nva.ip-forwarding NIC IP forwarding off", func(t *model.Topology) { t.VMs[0].NICs[0].EnableIPForwarding = false }, "app", "10.2.1.4", DroppedIPForwardingOff, "platform drops"},
		{"rule:nva.ip-forwarding guest forwarding off", func(t *model.Topology) { t.VMs[0].GuestIPForwarding = false }, "app", "10.2.1.4", DroppedIPForwardingOff, "guest OS"},
		{"design §4 rule:peering.allow-forwarded-traffic receiving spoke does not allow forwarded traffic", func(t *model.Topology) { t.Peerings[1].B.AllowForwardedTraffic = false }, "app", "10.2.1.4", DroppedForwardedTrafficNotAllowed, "did not originate"},
		{"design §4 rule:peering.allow-virtual-network-access allowVirtualNetworkAccess=false blocks", func(t *model.Topology) {
			f := false
			t.Peerings[0].A.AllowVirtualNetworkAccess = &f
		}, "app", "10.0.1.4", DroppedVNetAccessDisabled, "allowVirtualNetworkAccess"},
		{"rule:peering.link-states Initiated peering: appliance unreachable", func(t *model.Topology) { t.Peerings[0].A.Lifecycle = model.LinkNotCreated }, "app", "10.2.1.4", DroppedApplianceUnreachable, "rule:route-selection.appliance-directly-reachable"},
		{"rule:nva.per-direction-routing rule:nva.stateful-asymmetry-drop asymmetric return through stateful NVA", func(t *model.Topology) {
			t.RouteTables[1].Routes = nil
			t.Peerings = append(t.Peerings, link("s12", "spoke1", "spoke2", false))
		}, "app", "10.2.1.4", DroppedAsymmetric, "bypasses"},
		{"rule:udr.appliance-same-subnet-loop loop: NVA subnet routes back to itself", func(t *model.Topology) {
			t.VNets[0].Subnets[0].RouteTable = "rt1"
		}, "app", "10.2.1.4", Loop, "returns to fw/nic0"},
		{"rule:system-routes.default-set public destination exits to the Internet", nil, "app", "8.8.8.8", ExitsToInternet, "Internet"},
		{"rule:system-routes.service-endpoint-routes service endpoint exit", func(t *model.Topology) {
			t.VNets[1].Subnets[0].ServiceEndpoints = []model.ServiceEndpoint{{Service: "Microsoft.Storage"}}
		}, "app", "20.60.1.1", ExitsToAzureService, "Microsoft.Storage"},
		{"rule:route-selection.platform-addresses-bypass-udrs platform address ignores a None UDR", func(t *model.Topology) {
			t.RouteTables[0].Routes = append(t.RouteTables[0].Routes, model.Route{Name: "drop", AddressPrefix: "168.63.129.16/32", NextHopType: "None"})
		}, "app", "168.63.129.16", ReachesAzurePlatform, "rule:route-selection.platform-addresses-bypass-udrs"},
		{"no host at the address", nil, "app", "10.1.1.99", DroppedNoHost, "no NIC"},
		{"rule:udr.vnetlocal-within-vnet 0.0.0.0/0 to VnetLocal drops Internet-bound traffic", func(t *model.Topology) {
			t.RouteTables[0].Routes = append(t.RouteTables[0].Routes, model.Route{Name: "all-local", AddressPrefix: "0.0.0.0/0", NextHopType: "VnetLocal"})
		}, "app", "8.8.8.8", DroppedNoHost, "rule:udr.vnetlocal-within-vnet"},
		{"rule:udr.appliance-targets internal load balancer as appliance next hop", func(t *model.Topology) {
			t.LoadBalancers = []model.LoadBalancer{{ID: "ilb", Subnet: "hub/nva", FrontendPrivateIPAddress: "10.0.1.10", Backends: []string{"fw"}}}
			t.RouteTables[0].Routes[0].NextHopIPAddress = "10.0.1.10"
			t.RouteTables[1].Routes[0].NextHopIPAddress = "10.0.1.10"
		}, "app", "10.2.1.4", Delivered, "load balancer ilb"},
		{"rule:peering.basic-lb-global Basic load balancer frontend over global peering", func(t *model.Topology) {
			t.VNets[0].Location = "northeurope"
			t.LoadBalancers = []model.LoadBalancer{{ID: "ilb", Sku: "Basic", Subnet: "hub/nva", FrontendPrivateIPAddress: "10.0.1.10", Backends: []string{"fw"}}}
		}, "app", "10.0.1.10", DroppedBasicLBGlobalPeering, "rule:peering.basic-lb-global"},
		{"rule:peering.basic-lb-global Standard load balancer frontend over global peering works", func(t *model.Topology) {
			t.VNets[0].Location = "northeurope"
			t.LoadBalancers = []model.LoadBalancer{{ID: "ilb", Subnet: "hub/nva", FrontendPrivateIPAddress: "10.0.1.10", Backends: []string{"fw"}}}
		}, "app", "10.0.1.10", Delivered, "load balancer ilb"},
		{"rule:udr.allowed-next-hops UDR to VirtualNetworkGateway without a gateway", func(t *model.Topology) {
			t.RouteTables[0].Routes[0].NextHopType = "VirtualNetworkGateway"
			t.RouteTables[0].Routes[0].NextHopIPAddress = ""
		}, "app", "10.2.1.4", DroppedNoGateway, "gateway"},
		{"rule:peering.link-states disconnected peering removes routes", func(t *model.Topology) {
			t.RouteTables[0].Routes = nil
			t.Peerings = append(t.Peerings, model.Peering{ID: "s12", A: model.PeeringLink{VNet: "spoke1"}, B: model.PeeringLink{VNet: "spoke2", Lifecycle: model.LinkDeleted}})
		}, "app", "10.2.1.4", DroppedByNoneRoute, "None"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			topo := hubSpoke()
			if tc.mutate != nil {
				tc.mutate(&topo)
			}
			tr := run(t, topo, tc.from, tc.to)
			out := render(tr)
			if tr.Return != nil {
				out += "return " + render(tr.Return)
			}
			if tr.Disposition != tc.want || !strings.Contains(out, tc.contains) {
				t.Fatalf("want %s containing %q, got\n%s", tc.want, tc.contains, out)
			}
		})
	}
}

func nsgRule(name string, prio int, dir, access, proto, src, dst, port string) model.SecurityRule {
	return model.SecurityRule{Name: name, Priority: prio, Direction: dir, Access: access, Protocol: proto,
		SourceAddressPrefix: src, DestinationAddressPrefix: dst, SourcePortRange: "*", DestinationPortRange: port}
}

func TestNSG(t *testing.T) {
	base := func() model.Topology {
		return model.Topology{
			VNets: []model.VNet{vn("v", "10.0.0.0/16",
				model.Subnet{Name: "a", AddressPrefix: "10.0.1.0/24"},
				model.Subnet{Name: "b", AddressPrefix: "10.0.2.0/24", NetworkSecurityGroup: "subnet-b"})},
			NSGs: []model.NSG{{ID: "subnet-b"}, {ID: "nic-b"}, {ID: "nic-a"}},
			VMs: []model.VM{vm("a", "v/a", "10.0.1.4", false),
				{ID: "b", NICs: []model.NIC{{Name: "nic0", Subnet: "v/b", PrivateIPAddress: "10.0.2.4", NetworkSecurityGroup: "nic-b"}}}},
		}
	}
	for _, tc := range []struct {
		name   string
		mutate func(*model.Topology)
		port   int
		want   Disposition
		rule   string
	}{
		{"rule:nsg.default-rules default AllowVNetInBound admits VNet traffic", nil, 443, Delivered, "AllowVNetInBound"},
		{"rule:nsg.subnet-then-nic subnet NSG denies first (inbound)", func(t *model.Topology) {
			t.NSGs[0].SecurityRules = []model.SecurityRule{nsgRule("deny-443", 100, "Inbound", "Deny", "Tcp", "*", "*", "443")}
		}, 443, DroppedByNSG, "subnet-b rule deny-443"},
		{"rule:nsg.subnet-then-nic NIC NSG evaluated after subnet NSG allows", func(t *model.Topology) {
			t.NSGs[1].SecurityRules = []model.SecurityRule{nsgRule("nic-deny", 200, "Inbound", "Deny", "*", "10.0.1.0/24", "*", "*")}
		}, 443, DroppedByNSG, "nic-b rule nic-deny"},
		{"rule:nsg.priority-first-match lower priority number wins", func(t *model.Topology) {
			t.NSGs[0].SecurityRules = []model.SecurityRule{nsgRule("allow", 100, "Inbound", "Allow", "Tcp", "*", "*", "443"), nsgRule("deny", 200, "Inbound", "Deny", "*", "*", "*", "*")}
		}, 443, Delivered, "subnet-b rule allow"},
		{"rule:nsg.priority-first-match port range does not match: falls to next rule", func(t *model.Topology) {
			t.NSGs[0].SecurityRules = []model.SecurityRule{nsgRule("allow", 100, "Inbound", "Allow", "Tcp", "*", "*", "443"), nsgRule("deny", 200, "Inbound", "Deny", "*", "*", "*", "*")}
		}, 22, DroppedByNSG, "subnet-b rule deny"},
		{"rule:nsg.subnet-then-nic outbound NIC NSG at the source", func(t *model.Topology) {
			t.VMs[0].NICs[0].NetworkSecurityGroup = "nic-a"
			t.NSGs[2].SecurityRules = []model.SecurityRule{nsgRule("no-out", 100, "Outbound", "Deny", "*", "*", "VirtualNetwork", "*")}
		}, 443, DroppedByNSG, "nic-a rule no-out"},
		{"rule:nsg.default-rules default DenyAllInBound for traffic outside the VirtualNetwork tag", func(t *model.Topology) {
			t.NSGs[0].SecurityRules = []model.SecurityRule{nsgRule("deny-vnet", 100, "Inbound", "Deny", "*", "VirtualNetwork", "*", "*")}
		}, 443, DroppedByNSG, "deny-vnet"},
		{"rule:nsg.priority-first-match direction and access read in any case, as ARM reads them", func(t *model.Topology) {
			t.NSGs[0].SecurityRules = []model.SecurityRule{nsgRule("deny-443", 100, "inbound", "DENY", "Tcp", "*", "*", "443")}
		}, 443, DroppedByNSG, "subnet-b rule deny-443"},
		{"rule:nsg.priority-first-match an outbound rule in lower case at the source", func(t *model.Topology) {
			t.VMs[0].NICs[0].NetworkSecurityGroup = "nic-a"
			t.NSGs[2].SecurityRules = []model.SecurityRule{nsgRule("no-out", 100, "outbound", "deny", "*", "*", "VirtualNetwork", "*")}
		}, 443, DroppedByNSG, "nic-a rule no-out"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			topo := base()
			if tc.mutate != nil {
				tc.mutate(&topo)
			}
			p := dataplane.Build(&topo)
			tr := Run(p, Flow{Src: "a/nic0", DstIP: netip.MustParseAddr("10.0.2.4"), Protocol: "Tcp", DstPort: tc.port})
			out := render(tr)
			if tr.Disposition != tc.want || !strings.Contains(out, tc.rule) {
				t.Fatalf("want %s naming %q, got\n%s", tc.want, tc.rule, out)
			}
		})
	}
}

func TestVirtualNetworkTagIncludesUDRPrefixesF196(t *testing.T) {
	topo := hubSpoke()
	topo.RouteTables[0].Routes = append(topo.RouteTables[0].Routes, model.Route{Name: "default", AddressPrefix: "0.0.0.0/0", NextHopType: "VirtualAppliance", NextHopIPAddress: "10.0.1.4"})
	p := dataplane.Build(&topo)
	s, _ := p.Subnet("spoke1/app")
	if !inVirtualNetworkTag(p, s, netip.MustParseAddr("52.1.2.3")) {
		t.Fatal("a 0.0.0.0/0 UDR should make the VirtualNetwork tag match public addresses (rule:nsg.virtualnetwork-tag, observed)")
	}
	s2, _ := p.Subnet("spoke2/db")
	if inVirtualNetworkTag(p, s2, netip.MustParseAddr("52.1.2.3")) {
		t.Fatal("spoke2 has no 0/0 UDR")
	}
	if !inVirtualNetworkTag(p, s2, netip.MustParseAddr("10.0.1.4")) {
		t.Fatal("peered hub belongs to the tag")
	}
}

func TestInvalidFlow(t *testing.T) {
	p := dataplane.Build(&model.Topology{})
	if tr := Run(p, Flow{Src: "nope", DstIP: netip.MustParseAddr("10.0.0.1")}); tr.Disposition != InvalidFlow {
		t.Fatal(tr.Disposition)
	}
}

// randomTopology builds a small design from fuzz bytes: three VNets, a few
// subnets, peerings with random flags, UDRs to random next hops and NICs
// with random forwarding.
func randomTopology(data []byte) model.Topology {
	next := func() byte {
		if len(data) == 0 {
			return 0
		}
		b := data[0]
		data = data[1:]
		return b
	}
	var t model.Topology
	hops := []string{"VirtualAppliance", "VnetLocal", "None", "Internet", "VirtualNetworkGateway"}
	for v := range 3 {
		id := fmt.Sprintf("v%d", v)
		vnet := vn(id, fmt.Sprintf("10.%d.0.0/16", v))
		for s := range 2 {
			sn := model.Subnet{Name: fmt.Sprintf("s%d", s), AddressPrefix: fmt.Sprintf("10.%d.%d.0/24", v, s)}
			if next()%2 == 0 {
				sn.RouteTable = fmt.Sprintf("rt%d", next()%3)
			}
			vnet.Subnets = append(vnet.Subnets, sn)
			for n := range 2 {
				b := next()
				t.VMs = append(t.VMs, model.VM{ID: fmt.Sprintf("vm%d%d%d", v, s, n), GuestIPForwarding: b&1 != 0, Stateful: b&2 != 0,
					NICs: []model.NIC{{Name: "nic", Subnet: id + "/" + sn.Name, PrivateIPAddress: fmt.Sprintf("10.%d.%d.%d", v, s, 4+n), EnableIPForwarding: b&4 != 0}}})
			}
		}
		t.VNets = append(t.VNets, vnet)
	}
	for i, pair := range [][2]string{{"v0", "v1"}, {"v1", "v2"}, {"v0", "v2"}} {
		b := next()
		if b&1 == 0 {
			continue
		}
		p := model.Peering{ID: fmt.Sprintf("p%d", i), A: model.PeeringLink{VNet: pair[0], AllowForwardedTraffic: b&2 != 0}, B: model.PeeringLink{VNet: pair[1], AllowForwardedTraffic: b&4 != 0}}
		if b&8 != 0 {
			p.B.Lifecycle = model.LinkNotCreated
		}
		t.Peerings = append(t.Peerings, p)
	}
	for r := range 3 {
		rt := model.RouteTable{ID: fmt.Sprintf("rt%d", r)}
		for i := range int(next() % 4) {
			h := hops[int(next())%len(hops)]
			route := model.Route{Name: fmt.Sprintf("r%d", i), AddressPrefix: fmt.Sprintf("10.%d.0.0/%d", next()%3, 16+8*int(next()%2)), NextHopType: h}
			if next()%5 == 0 {
				route.AddressPrefix = "0.0.0.0/0"
			}
			if h == "VirtualAppliance" {
				route.NextHopIPAddress = fmt.Sprintf("10.%d.%d.%d", next()%3, next()%2, 4+next()%2)
			}
			rt.Routes = append(rt.Routes, route)
		}
		t.RouteTables = append(t.RouteTables, rt)
	}
	return t
}

// FuzzTrace: on random small designs every trace terminates within the hop
// bound, ends in a named disposition and has at least one hop.
func FuzzTrace(f *testing.F) {
	f.Add([]byte{1, 0, 5, 7, 0, 1, 7, 7, 3, 3, 3, 2, 0, 1, 0, 0, 5, 1, 0, 1, 0})
	f.Add([]byte("some random bytes that make a design"))
	f.Fuzz(func(t *testing.T, data []byte) {
		topo := randomTopology(data)
		p := dataplane.Build(&topo)
		dsts := []netip.Addr{netip.MustParseAddr("10.2.1.5"), netip.MustParseAddr("10.0.0.4"), netip.MustParseAddr("8.8.8.8"), netip.MustParseAddr("10.9.9.9")}
		for _, src := range p.NICs() {
			for _, d := range dsts {
				tr := Run(p, Flow{Src: src, DstIP: d})
				if len(tr.Hops) == 0 || len(tr.Hops) > 2*MaxHops+2 || strings.HasPrefix(tr.Disposition.String(), "Disposition(") {
					t.Fatalf("bad trace %s", render(tr))
				}
			}
		}
	})
}

func BenchmarkTrace(b *testing.B) {
	topo := hubSpoke()
	p := dataplane.Build(&topo)
	f := Flow{Src: "app/nic0", DstIP: netip.MustParseAddr("10.2.1.4")}
	b.ReportAllocs()
	for b.Loop() {
		Run(p, f)
	}
}

// TestTagOnlyPeeringFlags: section W's "strict toggle" for rule:peering.allow-virtual-network-access/rule:peering.allow-forwarded-traffic.
func TestTagOnlyPeeringFlags(t *testing.T) {
	topo := hubSpoke()
	topo.Peerings[1].B.AllowForwardedTraffic = false
	f := false
	topo.Peerings[0].A.AllowVirtualNetworkAccess = &f
	p := dataplane.Build(&topo)
	flow := Flow{Src: "app/nic0", DstIP: netip.MustParseAddr("10.2.1.4")}
	if tr := Run(p, flow); tr.Disposition != DroppedVNetAccessDisabled {
		t.Fatalf("default must block: %s", render(tr))
	}
	tr := RunWith(p, flow, Options{TagOnlyPeeringFlags: true})
	if out := render(tr); tr.Disposition != Delivered || !strings.Contains(out, "tag-only mode, rule:peering.allow-virtual-network-access") || !strings.Contains(out, "tag-only mode, rule:peering.allow-forwarded-traffic") {
		t.Fatalf("tag-only mode must pass with notes:\n%s", out)
	}
}

// TestLoopReasonCitesTheLoopsCause: a loop between two NVAs, each in its
// own subnet whose UDR sends the destination to the other, cites the rule
// that NVAs forward by their own NIC's routes (rule:nva.own-nic-routes) and
// names the NICs of the cycle, not the rule on an appliance inside the
// subnet it steers (rule:udr.appliance-same-subnet-loop), which the loop of
// an NVA routed back to itself still cites.
func TestLoopReasonCitesTheLoopsCause(t *testing.T) {
	topo := hubSpoke()
	topo.VNets[0].Subnets[0].RouteTable = "l1"
	topo.VNets[0].Subnets = append(topo.VNets[0].Subnets, model.Subnet{Name: "nva2", AddressPrefix: "10.0.2.0/24", RouteTable: "l2"})
	topo.VMs = append(topo.VMs, vm("fw2", "hub/nva2", "10.0.2.4", true))
	topo.RouteTables = append(topo.RouteTables,
		model.RouteTable{ID: "l1", Routes: []model.Route{{Name: "x", AddressPrefix: "10.9.0.0/16", NextHopType: "VirtualAppliance", NextHopIPAddress: "10.0.2.4"}}},
		model.RouteTable{ID: "l2", Routes: []model.Route{{Name: "x", AddressPrefix: "10.9.0.0/16", NextHopType: "VirtualAppliance", NextHopIPAddress: "10.0.1.4"}}})
	tr := run(t, topo, "fw", "10.9.1.1")
	if tr.Disposition != Loop || strings.Contains(tr.Reason, "rule:udr.appliance-same-subnet-loop") ||
		!strings.Contains(tr.Reason, "rule:nva.own-nic-routes") || !strings.Contains(tr.Reason, "fw/nic0 → fw2/nic0 → fw/nic0") {
		t.Errorf("two-NVA loop: want the cycle and rule:nva.own-nic-routes only, got\n%s", render(tr))
	}
	topo = hubSpoke()
	topo.VNets[0].Subnets[0].RouteTable = "rt1"
	if tr := run(t, topo, "app", "10.2.1.4"); tr.Disposition != Loop || !strings.Contains(tr.Reason, "rule:udr.appliance-same-subnet-loop") {
		t.Errorf("NVA routed back into its own subnet: want rule:udr.appliance-same-subnet-loop, got\n%s", render(tr))
	}
}

// TestNoDeliveryToReservedAddress: Azure refuses a NIC on one of the five
// addresses it reserves in a subnet (rule:address-space.reserved-addresses;
// lint's ip.reserved), so a walk to such a NIC is not delivered: nothing
// holds the address, and the reason says why. A NIC on .4 is delivered.
func TestNoDeliveryToReservedAddress(t *testing.T) {
	for _, ip := range []string{"10.2.1.0", "10.2.1.1", "10.2.1.2", "10.2.1.3", "10.2.1.255"} {
		topo := hubSpoke()
		topo.VMs = append(topo.VMs, vm("odd", "spoke2/db", ip, false))
		tr := run(t, topo, "app", ip)
		if tr.Disposition != DroppedNoHost || !strings.Contains(tr.Reason, "reserves") || !strings.Contains(tr.Reason, "rule:address-space.reserved-addresses") {
			t.Errorf("to a NIC on reserved %s: want DroppedNoHost saying the address is reserved, got\n%s", ip, render(tr))
		}
	}
	if tr := run(t, hubSpoke(), "app", "10.2.1.4"); tr.Disposition != Delivered {
		t.Errorf("to db on 10.2.1.4: want Delivered, got\n%s", render(tr))
	}
}
