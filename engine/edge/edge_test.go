package edge

import (
	"net/netip"
	"slices"
	"strings"
	"testing"

	"vnetplay/engine/model"
)

func ptr[T any](v T) *T { return &v }

// design is one VNet "v" (10.0.0.0/16) with subnet "s" (10.0.1.0/24) and
// VM "vm" (10.0.1.4); edit adds the edge under test.
func design(edit func(t *model.Topology)) *model.Topology {
	t := &model.Topology{
		VNets: []model.VNet{{ID: "v", AddressSpace: model.AddressSpace{AddressPrefixes: []string{"10.0.0.0/16"}},
			Subnets: []model.Subnet{{Name: "s", AddressPrefix: "10.0.1.0/24"}}}},
		VMs: []model.VM{{ID: "vm", NICs: []model.NIC{{Name: "nic0", Subnet: "v/s", PrivateIPAddress: "10.0.1.4"}}}},
		PublicIPAddresses: []model.PublicIPAddress{
			{ID: "pip-vm", IPAddress: "198.51.100.1"},
			{ID: "pip-nat", IPAddress: "198.51.100.2"},
			{ID: "pip-lb", IPAddress: "198.51.100.3"},
			{ID: "pip-basic", Sku: model.Sku{Name: "Basic"}, IPAddress: "198.51.100.4"},
		},
		NatGateways: []model.NatGateway{{ID: "nat", PublicIPAddresses: []string{"pip-nat"}}, {ID: "nat-basic", PublicIPAddresses: []string{"pip-basic"}}},
	}
	edit(t)
	return t
}

func subnet(t *model.Topology) *model.Subnet { return &t.VNets[0].Subnets[0] }
func nic(t *model.Topology) *model.NIC       { return &t.VMs[0].NICs[0] }

func publicLB(outbound, ruleSnat bool) model.LoadBalancer {
	lb := model.LoadBalancer{ID: "lb", FrontendIPConfigurations: []model.FrontendIPConfiguration{{Name: "fe", PublicIPAddress: "pip-lb"}},
		BackendAddressPools: []model.BackendAddressPool{{Name: "pool", Backends: []string{"vm"}}},
		LoadBalancingRules: []model.LoadBalancingRule{{Name: "https", FrontendIPConfiguration: "fe", BackendAddressPool: "pool", Protocol: "Tcp",
			FrontendPort: 443, BackendPort: 8443, DisableOutboundSnat: !ruleSnat}}}
	if outbound {
		lb.OutboundRules = []model.OutboundRule{{Name: "out", FrontendIPConfigurations: []string{"fe"}, BackendAddressPool: "pool"}}
	}
	return lb
}

// TestEgressPrecedence: fact 262's order, NAT gateway > instance public IP
// > load balancer outbound rule > default outbound access (section W: the
// NAT gateway order, not the 2022 load balancer page's), rule:internet-edge.default-outbound-access (what stops
// default outbound access), rule:internet-edge.private-subnet-without-egress/rule:internet-edge.egress-verdict (none in a private subnet).
func TestEgressPrecedence(t *testing.T) {
	for _, c := range []struct {
		name   string
		edit   func(t *model.Topology)
		method Method
		source string
	}{
		{"nothing: default outbound access (rule:internet-edge.default-outbound-access)", func(t *model.Topology) {}, DefaultOutboundAccess, ""},
		{"explicit defaultOutboundAccess=true", func(t *model.Topology) { subnet(t).DefaultOutboundAccess = ptr(true) }, DefaultOutboundAccess, ""},
		{"private subnet, nothing: none (rule:internet-edge.private-subnet-without-egress, rule:internet-edge.egress-verdict)", func(t *model.Topology) { subnet(t).DefaultOutboundAccess = ptr(false) }, "", ""},
		{"instance public IP (rule:internet-edge.instance-public-ip)", func(t *model.Topology) { nic(t).PublicIPAddress = "pip-vm" }, InstancePublicIP, "198.51.100.1"},
		{"NAT gateway beats instance public IP (rule:internet-edge.outbound-precedence, W)", func(t *model.Topology) {
			nic(t).PublicIPAddress = "pip-vm"
			subnet(t).NatGateway = "nat"
		}, NatGateway, "198.51.100.2"},
		{"NAT gateway in a private subnet (rule:internet-edge.private-subnets)", func(t *model.Topology) {
			subnet(t).NatGateway, subnet(t).DefaultOutboundAccess = "nat", ptr(false)
		}, NatGateway, "198.51.100.2"},
		{"NAT gateway with only a Basic IP gives nothing (rule:internet-edge.nat-gateway)", func(t *model.Topology) {
			subnet(t).NatGateway, subnet(t).DefaultOutboundAccess = "nat-basic", ptr(false)
		}, "", ""},
		{"instance public IP beats an outbound rule (rule:internet-edge.outbound-precedence)", func(t *model.Topology) {
			nic(t).PublicIPAddress = "pip-vm"
			t.LoadBalancers = []model.LoadBalancer{publicLB(true, false)}
		}, InstancePublicIP, "198.51.100.1"},
		{"outbound rule in a private subnet (rule:internet-edge.outbound-precedence, rule:internet-edge.default-outbound-access)", func(t *model.Topology) {
			subnet(t).DefaultOutboundAccess = ptr(false)
			t.LoadBalancers = []model.LoadBalancer{publicLB(true, false)}
		}, LoadBalancerOutboundRule, "198.51.100.3"},
		{"load-balancing rule SNAT without outbound rule (rule:internet-edge.lb-snat-ports)", func(t *model.Topology) {
			t.LoadBalancers = []model.LoadBalancer{publicLB(false, true)}
		}, LoadBalancerRule, "198.51.100.3"},
		{"disableOutboundSnat and no outbound rule: default access", func(t *model.Topology) {
			t.LoadBalancers = []model.LoadBalancer{publicLB(false, false)}
		}, DefaultOutboundAccess, ""},
		{"dangling public IP is no method", func(t *model.Topology) {
			nic(t).PublicIPAddress, subnet(t).DefaultOutboundAccess = "nope", ptr(false)
		}, "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			x := Build(design(c.edit))
			e, ok := x.Egress("vm/nic0")
			if !ok {
				t.Fatal("no egress for vm/nic0")
			}
			if e.Method != c.method {
				t.Fatalf("method %q, want %q (%s)", e.Method, c.method, e.Reason)
			}
			if got := addrText(e.Source); got != c.source {
				t.Errorf("source %q, want %q", got, c.source)
			}
			if e.Reason == "" || !strings.Contains(e.Reason, "(rule:") {
				t.Errorf("reason without a fact: %q", e.Reason)
			}
		})
	}
}

func addrText(a netip.Addr) string {
	if !a.IsValid() {
		return ""
	}
	return a.String()
}

// TestEntries: instance public IPs and frontends accept traffic from the
// Internet; a NAT gateway's address is indexed but never an entry (rule:internet-edge.inbound-entry-points);
// a frontend whose public IP has another SKU is left out (rule:internet-edge.public-load-balancer).
func TestEntries(t *testing.T) {
	x := Build(design(func(t *model.Topology) {
		nic(t).PublicIPAddress = "pip-vm"
		subnet(t).NatGateway = "nat"
		lb := publicLB(false, false)
		lb.InboundNatRules = []model.InboundNatRule{{Name: "ssh", FrontendIPConfiguration: "fe", Protocol: "Tcp", FrontendPort: 50001, BackendPort: 22, BackendIPConfiguration: "vm/nic0"}}
		basic := model.LoadBalancer{ID: "lb-mixed", Sku: "Standard", FrontendIPConfigurations: []model.FrontendIPConfiguration{{Name: "fe", PublicIPAddress: "pip-basic"}}}
		t.LoadBalancers = []model.LoadBalancer{lb, basic}
	}))
	var got []string
	for _, e := range x.Entries() {
		got = append(got, e.Addr.String()+" "+string(e.Kind))
	}
	want := []string{"198.51.100.1 InstancePublicIP", "198.51.100.3 LoadBalancerFrontend"}
	if !slices.Equal(got, want) {
		t.Fatalf("entries %v, want %v", got, want)
	}
	if e, ok := x.Entry(netip.MustParseAddr("198.51.100.2")); !ok || e.Kind != EntryNatGateway {
		t.Errorf("NAT gateway address: %+v %v", e, ok)
	}
	fe, _ := x.Entry(netip.MustParseAddr("198.51.100.3"))
	if len(fe.Forwards) != 2 || fe.Forwards[0].Rule != "https" || fe.Forwards[1].Rule != "ssh" || !fe.Forwards[1].NAT ||
		!slices.Equal(fe.Forwards[1].Backends, []string{"vm/nic0"}) || fe.Forwards[0].BackendPort != 8443 {
		t.Errorf("forwards %+v", fe.Forwards)
	}
	if !fe.Forwards[0].Matches("Tcp", 443) || fe.Forwards[0].Matches("Udp", 443) || fe.Forwards[0].Matches("Tcp", 80) {
		t.Error("Matches")
	}
}

// forced sends the design's subnet's 0.0.0.0/0 to an appliance.
func forced(t *model.Topology) {
	t.RouteTables = []model.RouteTable{{ID: "rt", Routes: []model.Route{{Name: "default", AddressPrefix: "0.0.0.0/0", NextHopType: "VirtualAppliance", NextHopIPAddress: "10.0.2.4"}}}}
	subnet(t).RouteTable = "rt"
}

// TestLint: each finding appears for the design it is about, and not for
// the corrected design.
func TestLint(t *testing.T) {
	for _, c := range []struct {
		code     string
		bad, fix func(t *model.Topology)
	}{
		{"edge.private-subnet-no-egress",
			func(t *model.Topology) { subnet(t).DefaultOutboundAccess = ptr(false) },
			func(t *model.Topology) { subnet(t).DefaultOutboundAccess, subnet(t).NatGateway = ptr(false), "nat" }},
		{"edge.relies-on-default-outbound",
			func(t *model.Topology) {},
			func(t *model.Topology) { subnet(t).NatGateway = "nat" }},
		{"edge.natgw-overrides-pip",
			func(t *model.Topology) { subnet(t).NatGateway, nic(t).PublicIPAddress = "nat", "pip-vm" },
			func(t *model.Topology) { subnet(t).NatGateway = "nat" }},
		{"edge.standard-ip-no-nsg",
			func(t *model.Topology) { nic(t).PublicIPAddress = "pip-vm" },
			func(t *model.Topology) { nic(t).PublicIPAddress, nic(t).NetworkSecurityGroup = "pip-vm", "nsg" }},
		{"edge.egress-bypassed",
			func(t *model.Topology) { forced(t); subnet(t).NatGateway = "nat" },
			func(t *model.Topology) { subnet(t).NatGateway = "nat" }},
		{"edge.asymmetric-public-entry",
			func(t *model.Topology) { forced(t); nic(t).PublicIPAddress = "pip-vm" },
			func(t *model.Topology) { nic(t).PublicIPAddress = "pip-vm" }},
	} {
		t.Run(c.code, func(t *testing.T) {
			if !hasCode(Lint(design(c.bad)), c.code) {
				t.Errorf("no %s: %v", c.code, Lint(design(c.bad)))
			}
			if ds := Lint(design(c.fix)); hasCode(ds, c.code) {
				t.Errorf("%s on the corrected design: %v", c.code, ds)
			}
		})
	}
	// A design that says nothing about its edge gets no note on every subnet.
	plain := design(func(t *model.Topology) {})
	plain.PublicIPAddresses, plain.NatGateways = nil, nil
	if ds := Lint(plain); len(ds) != 0 {
		t.Errorf("design without an edge: %v", ds)
	}
}

// TestLintAgreesWithItsNICs: a finding about one NIC says "has" and
// "reaches" of it, not "have" and "reach".
func TestLintAgreesWithItsNICs(t *testing.T) {
	for _, c := range []struct {
		code, want string
		edit       func(t *model.Topology)
	}{
		{"edge.private-subnet-no-egress", "vm/nic0 has no egress method (no NAT gateway, public IP or load balancer outbound rule): it cannot reach",
			func(t *model.Topology) { subnet(t).DefaultOutboundAccess = ptr(false) }},
		{"edge.relies-on-default-outbound", "vm/nic0 reaches the Internet only by default outbound access", func(t *model.Topology) {}},
	} {
		ds := Lint(design(c.edit))
		i := slices.IndexFunc(ds, func(d model.Diagnostic) bool { return d.Code == c.code })
		if i < 0 || !strings.Contains(ds[i].Msg, c.want) {
			t.Errorf("%s: %v, want it to say %q", c.code, ds, c.want)
		}
	}
}

func hasCode(ds []model.Diagnostic, code string) bool {
	return slices.ContainsFunc(ds, func(d model.Diagnostic) bool { return d.Code == code })
}

// TestLintGatewayDefault: a private subnet whose VNet's gateway, or its
// transit hub's, is connected to a site advertising 0.0.0.0/0 over BGP gets
// that default first (rule:internet-edge.outbound-precedence,
// rule:forced-tunnelling.bgp-default-route): it is not linted as without
// egress; with gateway route propagation off, or a site advertising no
// default, it is.
func TestLintGatewayDefault(t *testing.T) {
	withSite := func(advertised []string, hub bool, propagate bool) func(t *model.Topology) {
		return func(t *model.Topology) {
			subnet(t).DefaultOutboundAccess = ptr(false)
			gwVNet := "v"
			if hub {
				gwVNet = "hub"
				t.VNets = append(t.VNets, model.VNet{ID: "hub", AddressSpace: model.AddressSpace{AddressPrefixes: []string{"10.9.0.0/16"}}})
				t.Peerings = []model.Peering{{ID: "p", A: model.PeeringLink{VNet: "hub", AllowGatewayTransit: true}, B: model.PeeringLink{VNet: "v", UseRemoteGateways: true}}}
			}
			t.Gateways = []model.VirtualNetworkGateway{{ID: "gw", VNet: gwVNet, GatewayType: model.GatewayVpn}}
			t.Sites = []model.Site{{ID: "dc", Asn: 65010, AdvertisedPrefixes: advertised}}
			t.LocalNetworkGateways = []model.LocalNetworkGateway{{ID: "lng", Site: "dc"}}
			t.Connections = []model.Connection{{ID: "c", ConnectionType: model.ConnIPsec, VirtualNetworkGateway1: "gw", LocalNetworkGateway2: "lng", EnableBgp: true}}
			if !propagate {
				t.RouteTables = []model.RouteTable{{ID: "rt", DisableBgpRoutePropagation: true}}
				subnet(t).RouteTable = "rt"
			}
		}
	}
	for _, c := range []struct {
		name string
		edit func(t *model.Topology)
		want bool
	}{
		{"own gateway learns a default", withSite([]string{"0.0.0.0/0"}, false, true), false},
		{"the hub's gateway, over transit", withSite([]string{"0.0.0.0/0"}, true, true), false},
		{"propagation off", withSite([]string{"0.0.0.0/0"}, false, false), true},
		{"the site advertises no default", withSite([]string{"192.168.0.0/16"}, false, true), true},
	} {
		if got := hasCode(Lint(design(c.edit)), "edge.private-subnet-no-egress"); got != c.want {
			t.Errorf("%s: edge.private-subnet-no-egress %v, want %v", c.name, got, c.want)
		}
	}
}

// TestEgressBypassedNamesWhatItBypasses: the note names only the egress
// methods the subnet has: a NAT gateway, the VMs' public IPs, or both (it
// named a NAT gateway for a subnet with none).
func TestEgressBypassedNamesWhatItBypasses(t *testing.T) {
	for _, c := range []struct {
		name      string
		edit      func(t *model.Topology)
		want, not string
	}{
		{"NAT gateway", func(t *model.Topology) { forced(t); subnet(t).NatGateway = "nat" }, "wins over the subnet's NAT gateway;", "public IPs"},
		{"public IP", func(t *model.Topology) { forced(t); nic(t).PublicIPAddress = "pip-vm" }, "wins over its VMs' public IPs;", "NAT gateway"},
		{"both", func(t *model.Topology) { forced(t); subnet(t).NatGateway, nic(t).PublicIPAddress = "nat", "pip-vm" }, "NAT gateway and its VMs' public IPs", ""},
	} {
		var msg string
		for _, d := range Lint(design(c.edit)) {
			if d.Code == "edge.egress-bypassed" {
				msg = d.Msg
			}
		}
		if !strings.Contains(msg, c.want) || c.not != "" && strings.Contains(msg, c.not) {
			t.Errorf("%s: %q, want %q and not %q", c.name, msg, c.want, c.not)
		}
	}
}

// TestEgressByProtocol: a load balancer's outbound rule SNATs only its
// protocol, a load-balancing rule's default SNAT only the rule's, and
// neither carries ICMP or another protocol; a flow one does not carry
// falls to the next method that carries it, in the same order, and a NIC
// with an outbound rule gets no default outbound access
// (rule:internet-edge.lb-snat-protocol, rule:internet-edge.default-outbound-access). Other methods carry every
// protocol here (the NAT gateway's ICMP drop is the walk's, engine/trace).
func TestEgressByProtocol(t *testing.T) {
	outbound := func(proto string) func(t *model.Topology) {
		return func(t *model.Topology) {
			lb := publicLB(true, false)
			lb.OutboundRules[0].Protocol = proto
			t.LoadBalancers = []model.LoadBalancer{lb}
		}
	}
	both := func(out, rule string) func(t *model.Topology) { // an outbound rule and a load-balancing rule's SNAT
		return func(t *model.Topology) {
			lb := publicLB(true, true)
			lb.OutboundRules[0].Protocol, lb.LoadBalancingRules[0].Protocol = out, rule
			t.LoadBalancers = []model.LoadBalancer{lb}
		}
	}
	ruleSnat := func(t *model.Topology) { t.LoadBalancers = []model.LoadBalancer{publicLB(false, true)} }
	for _, c := range []struct {
		name string
		edit func(t *model.Topology)
		// want is the method for Tcp, Udp, Icmp and Any ("" none).
		want   [4]Method
		reason string // in the Udp egress's reason
	}{
		{"outbound rule for Tcp: the audit's lb-out/ob", outbound("Tcp"), [4]Method{LoadBalancerOutboundRule, "", "", ""}, "lb/out (Tcp) does not carry Udp"},
		{"outbound rule for Udp", outbound("Udp"), [4]Method{"", LoadBalancerOutboundRule, "", ""}, "(Udp)"},
		{"outbound rule for All", outbound("All"), [4]Method{LoadBalancerOutboundRule, LoadBalancerOutboundRule, "", ""}, "outbound rule lb/out"},
		{"outbound rule without a protocol: All", outbound(""), [4]Method{LoadBalancerOutboundRule, LoadBalancerOutboundRule, "", ""}, "outbound rule lb/out"},
		{"outbound rule for Udp, load-balancing rule for Tcp", both("Udp", "Tcp"), [4]Method{LoadBalancerRule, LoadBalancerOutboundRule, "", ""}, "outbound rule lb/out"},
		{"outbound rule for Tcp, load-balancing rule for Udp", both("Tcp", "Udp"), [4]Method{LoadBalancerOutboundRule, LoadBalancerRule, "", ""}, "lb/out (Tcp) does not carry Udp"},
		{"load-balancing rule for Tcp, no outbound rule: Udp has default outbound access", ruleSnat, [4]Method{LoadBalancerRule, DefaultOutboundAccess, "", ""}, "lb/https (Tcp) does not carry Udp"},
		{"the same in a private subnet", func(t *model.Topology) { ruleSnat(t); subnet(t).DefaultOutboundAccess = ptr(false) },
			[4]Method{LoadBalancerRule, "", "", ""}, "private"},
		{"instance public IP carries every protocol", func(t *model.Topology) { outbound("Tcp")(t); nic(t).PublicIPAddress = "pip-vm" },
			[4]Method{InstancePublicIP, InstancePublicIP, InstancePublicIP, InstancePublicIP}, "instance public IP"},
		{"NAT gateway before a Tcp outbound rule", func(t *model.Topology) { outbound("Tcp")(t); subnet(t).NatGateway = "nat" },
			[4]Method{NatGateway, NatGateway, NatGateway, NatGateway}, "NAT gateway nat"},
		{"no load balancer: default outbound access for all", func(t *model.Topology) {},
			[4]Method{DefaultOutboundAccess, DefaultOutboundAccess, DefaultOutboundAccess, DefaultOutboundAccess}, "default outbound access"},
	} {
		t.Run(c.name, func(t *testing.T) {
			x := Build(design(c.edit))
			for i, proto := range []string{"Tcp", "udp", "ICMP", "Any"} {
				e, ok := x.EgressFor("vm/nic0", proto)
				if !ok {
					t.Fatal("no egress for vm/nic0")
				}
				if e.Method != c.want[i] {
					t.Errorf("%s: method %q, want %q (%s)", proto, e.Method, c.want[i], e.Reason)
				}
				if !strings.Contains(e.Reason, "(rule:") {
					t.Errorf("%s: reason without a rule: %q", proto, e.Reason)
				}
				if i == 1 && !strings.Contains(e.Reason, c.reason) {
					t.Errorf("Udp: reason %q does not say %q", e.Reason, c.reason)
				}
			}
			if _, ok := x.EgressFor("vm/nope", "Tcp"); ok {
				t.Error("an unknown NIC has an egress")
			}
		})
	}
}
