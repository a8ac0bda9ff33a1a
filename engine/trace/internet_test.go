package trace

import (
	"net/netip"
	"slices"
	"strings"
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
)

func bptr(b bool) *bool { return &b }

// edgeHub is hubSpoke with an Internet edge: app (spoke1) has a public IP,
// db (spoke2) sits behind a public load balancer, the hub's NVA subnet has
// a NAT gateway; no NSGs yet.
func edgeHub() model.Topology {
	t := hubSpoke()
	t.VMs[1].NICs[0].PublicIPAddress = "pip-app"
	t.PublicIPAddresses = []model.PublicIPAddress{{ID: "pip-app", IPAddress: "198.51.100.1"}, {ID: "pip-lb", IPAddress: "198.51.100.2"},
		{ID: "pip-nat", IPAddress: "198.51.100.3"}}
	t.NatGateways = []model.NatGateway{{ID: "nat", PublicIPAddresses: []string{"pip-nat"}}}
	t.VNets[0].Subnets[0].NatGateway = "nat"
	t.LoadBalancers = []model.LoadBalancer{{ID: "lb", FrontendIPConfigurations: []model.FrontendIPConfiguration{{Name: "fe", PublicIPAddress: "pip-lb"}},
		BackendAddressPools: []model.BackendAddressPool{{Name: "pool", Backends: []string{"db"}}},
		LoadBalancingRules:  []model.LoadBalancingRule{{Name: "https", FrontendIPConfiguration: "fe", BackendAddressPool: "pool", Protocol: "Tcp", FrontendPort: 443, BackendPort: 8443, DisableOutboundSnat: true}}}}
	return t
}

// allowNSG allows Internet → dst:port (Tcp) inbound.
func allowNSG(id, dst, port string) model.NSG {
	return model.NSG{ID: id, SecurityRules: []model.SecurityRule{{Name: "allow-web", Priority: 100, Direction: "Inbound", Access: "Allow", Protocol: "Tcp",
		SourceAddressPrefix: "Internet", SourcePortRange: "*", DestinationAddressPrefix: dst, DestinationPortRange: port}}}
}

var privateClient = netip.MustParseAddr("10.9.9.9") // not on the Internet: InvalidFlow

// TestFromInternet: the documented outcomes of traffic from the Internet.
func TestFromInternet(t *testing.T) {
	for _, c := range []struct {
		name   string
		edit   func(t *model.Topology)
		dst    string
		port   int
		want   Disposition
		reason string
	}{
		{"Standard public IP, no NSG: closed (rule:internet-edge.standard-secure-by-default, W)", func(t *model.Topology) {}, "198.51.100.1", 443, DroppedByNSG, "secure by default"},
		{"Basic public IP, no NSG: open (rule:internet-edge.standard-secure-by-default)", func(t *model.Topology) { t.PublicIPAddresses[0].Sku.Name = "Basic" }, "198.51.100.1", 443, Delivered, ""},
		{"NSG allows the private IP: delivered (rule:internet-edge.inbound-requirements)", func(t *model.Topology) {
			t.NSGs = []model.NSG{allowNSG("nsg", "10.1.1.4", "443")}
			t.VMs[1].NICs[0].NetworkSecurityGroup = "nsg"
		}, "198.51.100.1", 443, Delivered, ""},
		{"NSG allows only the public IP: inbound rules see the private one (rule:nsg.translated-addresses)", func(t *model.Topology) {
			t.NSGs = []model.NSG{allowNSG("nsg", "198.51.100.1", "443")}
			t.VMs[1].NICs[0].NetworkSecurityGroup = "nsg"
		}, "198.51.100.1", 443, DroppedByNSG, "DenyAllInBound"},
		{"default rules admit no Internet traffic (rule:internet-edge.inbound-requirements)", func(t *model.Topology) {
			t.NSGs = []model.NSG{{ID: "nsg"}}
			t.VMs[1].NICs[0].NetworkSecurityGroup = "nsg"
		}, "198.51.100.1", 443, DroppedByNSG, "DenyAllInBound"},
		{"load balancer rule to the backend port (rule:internet-edge.public-load-balancer)", func(t *model.Topology) {
			t.NSGs = []model.NSG{allowNSG("nsg", "10.2.1.0/24", "8443")}
			t.VNets[2].Subnets[0].NetworkSecurityGroup = "nsg"
		}, "198.51.100.2", 443, Delivered, ""},
		{"load balancer, NSG allows the frontend port only (rule:nsg.translated-addresses, rule:internet-edge.public-load-balancer)", func(t *model.Topology) {
			t.NSGs = []model.NSG{allowNSG("nsg", "10.2.1.0/24", "443")}
			t.VNets[2].Subnets[0].NetworkSecurityGroup = "nsg"
		}, "198.51.100.2", 443, DroppedByNSG, "8443"},
		{"load balancer, no rule for the port (rule:internet-edge.public-load-balancer)", func(t *model.Topology) {}, "198.51.100.2", 80, DroppedNoHost, "no load-balancing or inbound NAT rule"},
		{"NAT gateway takes nothing inbound (rule:internet-edge.nat-gateway, rule:internet-edge.inbound-entry-points)", func(t *model.Topology) {}, "198.51.100.3", 443, DroppedNoHost, "NAT gateway"},
		{"unknown public address (rule:internet-edge.inbound-entry-points)", func(t *model.Topology) {}, "198.51.100.99", 443, DroppedNoHost, "no public IP"},
		{"reply to a 0.0.0.0/0 appliance: asymmetric (rule:internet-edge.inbound-requirements, rule:internet-edge.asymmetric-return-through-firewall)", func(t *model.Topology) {
			t.NSGs = []model.NSG{allowNSG("nsg", "10.1.1.4", "443")}
			t.VMs[1].NICs[0].NetworkSecurityGroup = "nsg"
			t.RouteTables[0].Routes = append(t.RouteTables[0].Routes, model.Route{Name: "default", AddressPrefix: "0.0.0.0/0", NextHopType: "VirtualAppliance", NextHopIPAddress: "10.0.1.4"})
		}, "198.51.100.1", 443, DroppedAsymmetric, "rule:internet-edge.asymmetric-return-through-firewall"},
	} {
		t.Run(c.name, func(t *testing.T) {
			topo := edgeHub()
			c.edit(&topo)
			p := dataplane.Build(&topo)
			tr := Run(p, Flow{Src: InternetSource, DstIP: netip.MustParseAddr(c.dst), DstPort: c.port})
			if tr.Disposition != c.want || !strings.Contains(tr.Reason, c.reason) {
				t.Fatalf("%s: %s, want %s containing %q", tr.Disposition, tr.Reason, c.want, c.reason)
			}
			if tr.Flow.SrcIP != InternetProbe() || tr.Hops[0].Node != InternetSource {
				t.Errorf("flow %v, first hop %q", tr.Flow, tr.Hops[0].Node)
			}
			if c.want == Delivered && (tr.Return == nil || tr.Return.Disposition != ExitsToInternet) {
				t.Errorf("the reply does not leave to the Internet: %+v", tr.Return)
			}
			f := Flow{Src: InternetSource, DstIP: netip.MustParseAddr(c.dst), DstPort: c.port}
			if d, why := NewWalker(p, Options{}, false).Outcome(f); d != tr.Disposition || why != tr.Reason {
				t.Errorf("Walker: %s %s, Run: %s %s", d, why, tr.Disposition, tr.Reason)
			}
		})
	}
	p := dataplane.Build(ptrTopo(edgeHub()))
	if tr := Run(p, Flow{Src: InternetSource, SrcIP: privateClient, DstIP: netip.MustParseAddr("198.51.100.1")}); tr.Disposition != InvalidFlow {
		t.Errorf("a private source address: %s", tr.Disposition)
	}
}

func ptrTopo(t model.Topology) *model.Topology { return &t }

// TestEgress: every walk to the Internet names its egress (rule:internet-edge.egress-verdict), by fact
// 262's order; a private subnet without a method drops (rule:internet-edge.private-subnet-without-egress) although the
// route still shows; a 0.0.0.0/0 to an NVA wins and the NVA's subnet
// decides (rule:internet-edge.udr-beats-nat-gateway); service endpoints are not Internet egress (rule:internet-edge.service-endpoint-not-egress).
func TestEgress(t *testing.T) {
	for _, c := range []struct {
		name   string
		edit   func(t *model.Topology)
		src    string
		dst    string
		want   Disposition
		reason string
	}{
		{"public IP", func(t *model.Topology) {}, "app", "", ExitsToInternet, "InstancePublicIP pip-app (source 198.51.100.1)"},
		{"default outbound access", func(t *model.Topology) {}, "db", "", ExitsToInternet, "default outbound access"},
		{"load-balancing rule SNAT (rule:internet-edge.lb-snat-ports)", func(t *model.Topology) { t.LoadBalancers[0].LoadBalancingRules[0].DisableOutboundSnat = false },
			"db", "", ExitsToInternet, "LoadBalancerRule lb/https (source 198.51.100.2)"},
		{"private subnet without a method", func(t *model.Topology) { t.VNets[2].Subnets[0].DefaultOutboundAccess = bptr(false) },
			"db", "", DroppedNoEgress, "rule:internet-edge.private-subnet-without-egress"},
		{"outbound rule in a private subnet", func(t *model.Topology) {
			t.VNets[2].Subnets[0].DefaultOutboundAccess = bptr(false)
			t.LoadBalancers[0].OutboundRules = []model.OutboundRule{{Name: "out", FrontendIPConfigurations: []string{"fe"}, BackendAddressPool: "pool"}}
		}, "db", "", ExitsToInternet, "LoadBalancerOutboundRule lb/out (source 198.51.100.2)"},
		{"0.0.0.0/0 to the NVA beats the public IP; the NVA's NAT gateway carries it (rule:internet-edge.udr-beats-nat-gateway)", func(t *model.Topology) {
			t.RouteTables[0].Routes = append(t.RouteTables[0].Routes, model.Route{Name: "default", AddressPrefix: "0.0.0.0/0", NextHopType: "VirtualAppliance", NextHopIPAddress: "10.0.1.4"})
		}, "app", "", ExitsToInternet, "NatGateway nat (source 198.51.100.3)"},
		{"service endpoint from a private subnet (rule:internet-edge.service-endpoint-not-egress)", func(t *model.Topology) {
			t.VNets[2].Subnets[0].DefaultOutboundAccess = bptr(false)
			t.VNets[2].Subnets[0].ServiceEndpoints = []model.ServiceEndpoint{{Service: "Microsoft.Storage"}}
		}, "db", "20.60.1.1", ExitsToAzureService, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			topo := edgeHub()
			c.edit(&topo)
			p := dataplane.Build(&topo)
			dst := InternetProbe()
			if c.dst != "" {
				dst = netip.MustParseAddr(c.dst)
			}
			tr := Run(p, Flow{Src: c.src + "/nic0", DstIP: dst})
			if tr.Disposition != c.want || !strings.Contains(tr.Reason, c.reason) {
				t.Fatalf("%s: %s, want %s containing %q", tr.Disposition, tr.Reason, c.want, c.reason)
			}
			if c.want == DroppedNoEgress && !strings.Contains(tr.Reason, "0.0.0.0/0") {
				t.Errorf("the reason does not say the route still matches: %s", tr.Reason)
			}
			w := NewWalker(p, Options{}, false)
			if d, why := w.Outcome(Flow{Src: c.src + "/nic0", DstIP: dst}); d != tr.Disposition || why != tr.Reason {
				t.Errorf("Walker: %s %s, Run: %s %s", d, why, tr.Disposition, tr.Reason)
			}
		})
	}
}

// TestHairpin: a flow from a VM to one of the design's own public
// addresses leaves by the sender's egress, with its source address, and
// comes back in through the entry as Internet traffic, so the entry's
// rules and the backend's inbound NSGs decide (rule:internet-edge.hairpin); the
// Walker answers alike.
func TestHairpin(t *testing.T) {
	allowFrom := func(src string) func(t *model.Topology) {
		return func(t *model.Topology) {
			t.NSGs = []model.NSG{{ID: "nsg", SecurityRules: []model.SecurityRule{{Name: "allow", Priority: 100, Direction: "Inbound", Access: "Allow", Protocol: "Tcp",
				SourceAddressPrefix: src, SourcePortRange: "*", DestinationAddressPrefix: "10.2.1.0/24", DestinationPortRange: "8443"}}}}
			t.VNets[2].Subnets[0].NetworkSecurityGroup = "nsg"
		}
	}
	for _, c := range []struct {
		name   string
		edit   func(t *model.Topology)
		src    string
		dst    string
		port   int
		want   Disposition
		reason []string
		hops   []string // the forward walk's nodes, when checked
	}{
		{"to a load balancer frontend whose backend has no NSG: Standard, closed", func(t *model.Topology) {}, "app", "198.51.100.2", 443, DroppedByNSG,
			[]string{"InstancePublicIP pip-app (source 198.51.100.1)", "comes back in through load balancer lb frontend fe (198.51.100.2, Standard)", "from 198.51.100.1", "secure by default"},
			[]string{"app/nic0", "Internet", "db/nic0"}},
		{"the backend's NSG allows the Internet on the backend port", allowFrom("Internet"), "app", "198.51.100.2", 443, Delivered,
			[]string{"rule:internet-edge.hairpin", "delivered to db/nic0"}, []string{"app/nic0", "Internet", "db/nic0"}},
		{"the NSG allows the sender's public address", allowFrom("198.51.100.1/32"), "app", "198.51.100.2", 443, Delivered, nil, nil},
		{"the NSG allows the sender's private address, which it never sees", allowFrom("10.1.1.4/32"), "app", "198.51.100.2", 443, DroppedByNSG,
			[]string{"DenyAllInBound", "10.2.1.4:8443"}, nil},
		{"the frontend has no rule for the port", func(t *model.Topology) {}, "app", "198.51.100.2", 80, DroppedNoHost, []string{"no load-balancing or inbound NAT rule"}, nil},
		{"a NAT gateway's address takes nothing inbound", func(t *model.Topology) {}, "app", "198.51.100.3", 443, DroppedNoHost, []string{"comes back to 198.51.100.3", "NAT gateway nat"}, nil},
		{"from default outbound access to an instance public IP", func(t *model.Topology) {
			t.NSGs = []model.NSG{allowNSG("nsg", "10.1.1.4", "443")}
			t.VMs[1].NICs[0].NetworkSecurityGroup = "nsg"
		}, "db", "198.51.100.1", 443, Delivered, []string{"default outbound access", "comes back in through public IP pip-app", "Microsoft-owned default outbound address"}, nil},
		{"a sender with no egress never gets there", func(t *model.Topology) { t.VNets[2].Subnets[0].DefaultOutboundAccess = bptr(false) },
			"db", "198.51.100.1", 443, DroppedNoEgress, []string{"no egress method"}, []string{"db/nic0"}},
		{"out through the hub's NVA and its NAT gateway (rule:internet-edge.udr-beats-nat-gateway)", func(t *model.Topology) {
			allowFrom("198.51.100.3/32")(t)
			t.RouteTables[0].Routes = append(t.RouteTables[0].Routes, model.Route{Name: "default", AddressPrefix: "0.0.0.0/0", NextHopType: "VirtualAppliance", NextHopIPAddress: "10.0.1.4"})
		}, "app", "198.51.100.2", 443, Delivered, []string{"NatGateway nat (source 198.51.100.3)"}, []string{"app/nic0", "fw/nic0", "Internet", "db/nic0"}},
		{"the backend's reply is routed to an appliance: asymmetric (rule:internet-edge.asymmetric-return-through-firewall)", func(t *model.Topology) {
			allowFrom("Internet")(t)
			t.RouteTables[1].Routes = append(t.RouteTables[1].Routes, model.Route{Name: "default", AddressPrefix: "0.0.0.0/0", NextHopType: "VirtualAppliance", NextHopIPAddress: "10.0.1.4"})
		}, "app", "198.51.100.2", 443, DroppedAsymmetric, []string{"the request came in through load balancer lb"}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			topo := edgeHub()
			c.edit(&topo)
			p := dataplane.Build(&topo)
			f := Flow{Src: c.src + "/nic0", DstIP: netip.MustParseAddr(c.dst), DstPort: c.port}
			tr := Run(p, f)
			if tr.Disposition != c.want {
				t.Fatalf("%s: %s, want %s", tr.Disposition, tr.Reason, c.want)
			}
			for _, r := range c.reason {
				if !strings.Contains(tr.Reason, r) {
					t.Errorf("reason %q does not say %q", tr.Reason, r)
				}
			}
			if c.hops != nil {
				var got []string
				for _, h := range tr.Hops {
					got = append(got, h.Node)
				}
				if !slices.Equal(got, c.hops) {
					t.Errorf("hops %v, want %v", got, c.hops)
				}
			}
			if c.want == Delivered {
				if tr.Return == nil || tr.Return.Disposition != ExitsToInternet || tr.Return.Flow.Src != "db/nic0" && tr.Return.Flow.Src != "app/nic0" {
					t.Fatalf("the reply: %+v", tr.Return)
				}
				if tr.Return.Flow.DstIP == netip.MustParseAddr("10.1.1.4") || tr.Return.Flow.DstIP == netip.MustParseAddr("10.2.1.4") {
					t.Errorf("the reply goes to the sender's private address %s, not to the address it left with", tr.Return.Flow.DstIP)
				}
			}
			w := NewWalker(p, Options{}, false)
			if d, why := w.Outcome(f); d != tr.Disposition || why != tr.Reason {
				t.Errorf("Walker: %s %s, Run: %s %s", d, why, tr.Disposition, tr.Reason)
			}
		})
	}
}
