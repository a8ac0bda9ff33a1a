package conformance_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
	"vnetplay/engine/trace"
)

// nsgRule is a custom rule with one source, destination and port.
func nsgRule(name string, prio int, dir, access, proto, src, dst, port string) model.SecurityRule {
	return model.SecurityRule{Name: name, Priority: prio, Direction: dir, Access: access, Protocol: proto,
		SourceAddressPrefix: src, SourcePortRange: "*", DestinationAddressPrefix: dst, DestinationPortRange: port}
}

// nsgDesign is a VNet 10.0.0.0/16 with subnets a (vm-a 10.0.1.4, vm-a2
// 10.0.1.5) and b (vm-b 10.0.2.4), peered with a VNet 10.1.0.0/16 (vm-peer
// 10.1.0.4), and the given NSGs (attached by the caller).
func nsgDesign(nsgs ...model.NSG) model.Topology {
	return model.Topology{
		VNets:    []model.VNet{hsVNet("vnet", "10.0.0.0/16", "a=10.0.1.0/24", "b=10.0.2.0/24"), hsVNet("peer", "10.1.0.0/16", "app=10.1.0.0/24")},
		Peerings: []model.Peering{hsPeering("vnet-peer", "vnet", "peer")},
		VMs: []model.VM{hsVM("vm-a", "vnet/a", "10.0.1.4"), hsVM("vm-a2", "vnet/a", "10.0.1.5"), hsVM("vm-b", "vnet/b", "10.0.2.4"),
			hsVM("vm-peer", "peer/app", "10.1.0.4")},
		NSGs: nsgs,
	}
}

// nsgDeciding returns the NSG verdicts of tr's forward walk, in evaluation order.
func nsgDeciding(tr *trace.Trace) []trace.NSGVerdict {
	var out []trace.NSGVerdict
	for _, h := range tr.Hops {
		for _, s := range h.Steps {
			if s.Kind == trace.StepNSG || (s.Kind == trace.StepDrop && len(s.NSGs) > 0) {
				out = append(out, s.NSGs...)
			}
		}
	}
	return out
}

// nsgDecidedBy reports whether rule name (with access) decided some
// verdict of tr.
func nsgDecidedBy(tr *trace.Trace, name, access string) bool {
	return slices.ContainsFunc(nsgDeciding(tr), func(v trace.NSGVerdict) bool { return v.RuleName == name && v.Access == access })
}

// TestRule_nsg_default_rules checks rule:nsg.default-rules: every NSG ends
// with the six default rules of rule:nsg.default-rules, which lower-numbered custom rules
// override (rule:nsg.default-rules).
func TestRule_nsg_default_rules(t *testing.T) {
	want := []struct {
		dir, name, src, dst, access string
		prio                        int
	}{
		{"Inbound", "AllowVNetInBound", "VirtualNetwork", "VirtualNetwork", "Allow", 65000},
		{"Inbound", "AllowAzureLoadBalancerInBound", "AzureLoadBalancer", "*", "Allow", 65001},
		{"Inbound", "DenyAllInBound", "*", "*", "Deny", 65500},
		{"Outbound", "AllowVnetOutBound", "VirtualNetwork", "VirtualNetwork", "Allow", 65000},
		{"Outbound", "AllowInternetOutBound", "*", "Internet", "Allow", 65001},
		{"Outbound", "DenyAllOutBound", "*", "*", "Deny", 65500},
	}
	got := model.DefaultRules()
	if len(got) != len(want) {
		t.Fatalf("%d default rules, want 6", len(got))
	}
	for _, w := range want {
		i := slices.IndexFunc(got, func(r model.SecurityRule) bool { return r.Name == w.name })
		if i < 0 {
			t.Errorf("no default rule %s", w.name)
			continue
		}
		r := got[i]
		if r.Direction != w.dir || r.Priority != w.prio || r.Access != w.access || r.SourceAddressPrefix != w.src || r.DestinationAddressPrefix != w.dst {
			t.Errorf("%s = %+v, want %s %d %s→%s %s", w.name, r, w.dir, w.prio, w.src, w.dst, w.access)
		}
	}
	// An NSG without custom rules: VNet traffic and Internet egress pass by the default rules.
	topo := nsgDesign(model.NSG{ID: "empty"})
	topo.VNets[0].Subnets[0].NetworkSecurityGroup = "empty"
	topo.VNets[0].Subnets[1].NetworkSecurityGroup = "empty"
	p := hsPlane(t, topo)
	tr := hsTrace(t, p, "vm-b", "vm-a")
	if tr.Disposition != trace.Delivered || !nsgDecidedBy(tr, "AllowVNetInBound", "Allow") || !nsgDecidedBy(tr, "AllowVnetOutBound", "Allow") {
		t.Errorf("vm-b → vm-a: %s, verdicts %+v; want delivered by AllowVnetOutBound and AllowVNetInBound", tr.Disposition, nsgDeciding(tr))
	}
	tr = hsTrace(t, p, "vm-a", "203.0.113.10")
	if tr.Disposition != trace.ExitsToInternet || !nsgDecidedBy(tr, "AllowInternetOutBound", "Allow") {
		t.Errorf("vm-a → Internet: %s, verdicts %+v; want allowed by AllowInternetOutBound", tr.Disposition, nsgDeciding(tr))
	}
	// A custom rule with a lower number overrides AllowVNetInBound.
	topo = nsgDesign(model.NSG{ID: "deny", SecurityRules: []model.SecurityRule{nsgRule("deny-vnet", 4096, "Inbound", "Deny", "*", "VirtualNetwork", "*", "*")}})
	topo.VNets[0].Subnets[0].NetworkSecurityGroup = "deny"
	tr = hsTrace(t, hsPlane(t, topo), "vm-b", "vm-a")
	if tr.Disposition != trace.DroppedByNSG || !nsgDecidedBy(tr, "deny-vnet", "Deny") {
		t.Errorf("override: %s, verdicts %+v; want dropped by deny-vnet", tr.Disposition, nsgDeciding(tr))
	}
}

// TestRule_nsg_priority_first_match checks rule:nsg.priority-first-match:
// the matching rule with the lowest number decides, whatever the order the
// rules are listed in; protocol and port must match; priorities are 100–4096
// and unique per direction; protocols are TCP, UDP, ICMP, ESP, AH or any (rule:nsg.priority-first-match).
func TestRule_nsg_priority_first_match(t *testing.T) {
	nsg := model.NSG{ID: "nsg", SecurityRules: []model.SecurityRule{
		nsgRule("allow-all", 300, "Inbound", "Allow", "*", "*", "*", "*"),
		nsgRule("deny-udp-443", 100, "Inbound", "Deny", "Udp", "*", "*", "443"),
		nsgRule("deny-ssh", 200, "Inbound", "Deny", "Tcp", "*", "*", "22"),
	}}
	topo := nsgDesign(nsg)
	topo.VNets[0].Subnets[0].NetworkSecurityGroup = "nsg"
	p := hsPlane(t, topo)
	for _, tc := range []struct {
		proto string
		port  int
		rule  string
		want  trace.Disposition
	}{
		{"Tcp", 22, "deny-ssh", trace.DroppedByNSG},
		{"Tcp", 443, "allow-all", trace.Delivered},
		{"Udp", 443, "deny-udp-443", trace.DroppedByNSG},
		{"Udp", 22, "allow-all", trace.Delivered},
	} {
		tr := hsFlow(t, p, "vm-b", "10.0.1.4", tc.proto, tc.port)
		if tr.Disposition != tc.want || !slices.ContainsFunc(nsgDeciding(tr), func(v trace.NSGVerdict) bool { return v.RuleName == tc.rule }) {
			t.Errorf("%s/%d: %s, verdicts %+v; want %s by %s", tc.proto, tc.port, tr.Disposition, nsgDeciding(tr), tc.want, tc.rule)
		}
	}
	for _, tc := range []struct {
		name, code string
		rules      []model.SecurityRule
	}{
		{"priority 99", "nsg.priority-range", []model.SecurityRule{nsgRule("r", 99, "Inbound", "Allow", "*", "*", "*", "*")}},
		{"priority 4097", "nsg.priority-range", []model.SecurityRule{nsgRule("r", 4097, "Inbound", "Allow", "*", "*", "*", "*")}},
		{"duplicate priority", "nsg.duplicate-priority", []model.SecurityRule{nsgRule("r1", 100, "Inbound", "Allow", "*", "*", "*", "*"), nsgRule("r2", 100, "Inbound", "Deny", "*", "*", "*", "*")}},
		{"unknown protocol", "nsg.protocol", []model.SecurityRule{nsgRule("r", 100, "Inbound", "Allow", "Gre", "*", "*", "*")}},
	} {
		topo := nsgDesign(model.NSG{ID: "nsg", SecurityRules: tc.rules})
		if ds := model.Validate(&topo, nil); !hsHasDiag(ds, tc.code, model.Error) {
			t.Errorf("%s: want %s error, got%s", tc.name, tc.code, hsDiagCodes(ds))
		}
	}
	for _, proto := range []string{"Tcp", "Udp", "Icmp", "Esp", "Ah", "*"} {
		topo := nsgDesign(model.NSG{ID: "nsg", SecurityRules: []model.SecurityRule{nsgRule("in", 100, "Inbound", "Allow", proto, "*", "*", "*"),
			nsgRule("out", 100, "Outbound", "Allow", proto, "*", "*", "*")}})
		if ds := model.Validate(&topo, nil); len(ds) != 0 {
			t.Errorf("protocol %s, same priority in both directions: %s", proto, hsDiagCodes(ds))
		}
	}
}

// TestRule_nsg_stateful checks rule:nsg.stateful: the reply of an allowed
// flow passes without a rule that allows it (rule:nsg.stateful).
func TestRule_nsg_stateful(t *testing.T) {
	// vm-b's NIC denies everything inbound and outbound except its own flow to vm-a on 443.
	topo := nsgDesign(model.NSG{ID: "b-nic", SecurityRules: []model.SecurityRule{
		nsgRule("allow-out-443", 100, "Outbound", "Allow", "Tcp", "*", "10.0.1.4", "443"),
		nsgRule("deny-out", 200, "Outbound", "Deny", "*", "*", "*", "*"),
		nsgRule("deny-in", 200, "Inbound", "Deny", "*", "*", "*", "*"),
	}}, model.NSG{ID: "a-nic", SecurityRules: []model.SecurityRule{
		nsgRule("allow-in-443", 100, "Inbound", "Allow", "Tcp", "10.0.2.4", "*", "443"),
		nsgRule("deny-out", 200, "Outbound", "Deny", "*", "*", "*", "*"),
		nsgRule("deny-in", 200, "Inbound", "Deny", "*", "*", "*", "*"),
	}})
	topo.VMs[2].NICs[0].NetworkSecurityGroup = "b-nic"
	topo.VMs[0].NICs[0].NetworkSecurityGroup = "a-nic"
	p := hsPlane(t, topo)
	tr := hsFlow(t, p, "vm-b", "10.0.1.4", "Tcp", 443)
	if tr.Disposition != trace.Delivered || tr.Return == nil || tr.Return.Disposition != trace.Delivered {
		t.Errorf("allowed flow and its reply: %s (%s), want delivered both ways", tr.Disposition, tr.Reason)
	}
	hsWantDisp(t, "a new flow the other way", hsFlow(t, p, "vm-a", "10.0.2.4", "Tcp", 443), trace.DroppedByNSG)
}

// TestRule_nsg_subnet_then_nic checks rule:nsg.subnet-then-nic: inbound the
// subnet's NSG is evaluated before the NIC's, outbound the NIC's before the
// subnet's; every NSG must allow, and traffic inside one subnet is checked
// too (rule:nsg.subnet-then-nic).
func TestRule_nsg_subnet_then_nic(t *testing.T) {
	allow := model.NSG{ID: "allow", SecurityRules: []model.SecurityRule{nsgRule("allow-all-in", 100, "Inbound", "Allow", "*", "*", "*", "*"),
		nsgRule("allow-all-out", 100, "Outbound", "Allow", "*", "*", "*", "*")}}
	deny := model.NSG{ID: "deny", SecurityRules: []model.SecurityRule{nsgRule("deny-all-in", 100, "Inbound", "Deny", "*", "*", "*", "*"),
		nsgRule("deny-all-out", 100, "Outbound", "Deny", "*", "*", "*", "*")}}
	for _, tc := range []struct {
		name                 string
		subnetNSG, nicNSG    string
		from, to             string
		want                 trace.Disposition
		firstLevel, firstNSG string
	}{
		{"inbound: subnet allows, NIC denies", "allow", "deny", "vm-b", "vm-a", trace.DroppedByNSG, "Subnet", "allow"},
		{"inbound: subnet denies first", "deny", "allow", "vm-b", "vm-a", trace.DroppedByNSG, "Subnet", "deny"},
		{"outbound: NIC denies first", "allow", "deny", "vm-a", "vm-b", trace.DroppedByNSG, "NetworkInterface", "deny"},
		{"outbound: NIC allows, subnet denies", "deny", "allow", "vm-a", "vm-b", trace.DroppedByNSG, "NetworkInterface", "allow"},
		{"both allow", "allow", "allow", "vm-b", "vm-a", trace.Delivered, "Subnet", "allow"},
		{"same subnet, subnet NSG denies", "deny", "", "vm-a2", "vm-a", trace.DroppedByNSG, "NetworkInterface", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			topo := nsgDesign(allow, deny)
			topo.VNets[0].Subnets[0].NetworkSecurityGroup = tc.subnetNSG
			topo.VMs[0].NICs[0].NetworkSecurityGroup = tc.nicNSG
			tr := hsTrace(t, hsPlane(t, topo), tc.from, tc.to)
			if tr.Disposition != tc.want {
				t.Fatalf("%s → %s: %s (%s), want %s", tc.from, tc.to, tr.Disposition, tr.Reason, tc.want)
			}
			if tc.firstNSG == "" {
				return
			}
			// The first verdict at vm-a's side of the flow is the level the fact puts first.
			var first *trace.NSGVerdict
			for _, v := range nsgDeciding(tr) {
				if v.NetworkSecurityGroup == tc.subnetNSG || v.NetworkSecurityGroup == tc.nicNSG {
					first = &v
					break
				}
			}
			if first == nil || first.AppliedTo != tc.firstLevel || first.NetworkSecurityGroup != tc.firstNSG {
				t.Errorf("verdicts %+v: want %s's NSG %q evaluated first", nsgDeciding(tr), tc.firstLevel, tc.firstNSG)
			}
		})
	}
}

// TestRule_nsg_virtualnetwork_tag checks rule:nsg.virtualnetwork-tag: the
// VirtualNetwork tag holds the VNet's ranges, peered VNets, the subnet's UDR
// prefixes (a 0.0.0.0/0 UDR makes it match everything) and connected
// on-premises ranges (rule:nsg.virtualnetwork-tag).
func TestRule_nsg_virtualnetwork_tag(t *testing.T) {
	onlyVNet := model.NSG{ID: "vnet-only", SecurityRules: []model.SecurityRule{nsgRule("allow-vnet", 100, "Outbound", "Allow", "*", "*", "VirtualNetwork", "*"),
		nsgRule("deny-rest", 200, "Outbound", "Deny", "*", "*", "*", "*")}}
	topo := nsgDesign(onlyVNet)
	topo.VNets[0].Subnets[0].NetworkSecurityGroup = "vnet-only"
	p := hsPlane(t, topo)
	hsWantDisp(t, "own VNet in the tag", hsTrace(t, p, "vm-a", "vm-b"), trace.Delivered)
	hsWantDisp(t, "peered VNet in the tag", hsTrace(t, p, "vm-a", "vm-peer"), trace.Delivered)
	hsWantDisp(t, "Internet not in the tag", hsTrace(t, p, "vm-a", "203.0.113.10"), trace.DroppedByNSG)

	// A 0.0.0.0/0 UDR puts everything in the tag (observed).
	udr := nsgDesign(onlyVNet)
	udr.VNets[0].Subnets[0].NetworkSecurityGroup = "vnet-only"
	udr.RouteTables = []model.RouteTable{{ID: "rt", Routes: []model.Route{{Name: "default", AddressPrefix: "0.0.0.0/0", NextHopType: model.HopInternet}}}}
	udr.VNets[0].Subnets[0].RouteTable = "rt"
	hsWantDisp(t, "0.0.0.0/0 UDR: Internet matches the tag", hsTrace(t, hsPlane(t, udr), "vm-a", "203.0.113.10"), trace.ExitsToInternet)

	t.Run("on-premises-ranges", func(t *testing.T) {
		op := s2sHub()
		op.NSGs = []model.NSG{onlyVNet}
		op.VNets[0].Subnets[0].NetworkSecurityGroup = "vnet-only"
		hsWantDisp(t, "on-premises range in the tag", hsTrace(t, hsPlane(t, op), "vm", "branch/h"), trace.DeliveredOnPremises)
	})
}

// TestRule_nsg_azureloadbalancer_and_internet_tags checks
// rule:nsg.azureloadbalancer-and-internet-tags: Internet matches public
// addresses outside the VNet, Azure's public ranges included, but not the
// VNet or its peers (rule:nsg.azureloadbalancer-and-internet-tags).
func TestRule_nsg_azureloadbalancer_and_internet_tags(t *testing.T) {
	topo := nsgDesign(model.NSG{ID: "no-internet", SecurityRules: []model.SecurityRule{nsgRule("deny-internet", 100, "Outbound", "Deny", "*", "*", "Internet", "*")}})
	topo.VNets[0].Subnets[0].NetworkSecurityGroup = "no-internet"
	p := hsPlane(t, topo)
	for _, tc := range []struct {
		to   string
		want trace.Disposition
	}{
		{"203.0.113.10", trace.DroppedByNSG}, // a public address
		{seStorage, trace.DroppedByNSG},      // an Azure public range
		{"vm-b", trace.Delivered},            // the VNet
		{"vm-peer", trace.Delivered},         // a peered VNet
	} {
		hsWantDisp(t, "vm-a → "+tc.to, hsTrace(t, p, "vm-a", tc.to), tc.want)
	}
	// A 0.0.0.0/0 UDR widens the VirtualNetwork tag to everything, not
	// the Internet tag away: the rule denying Internet still denies a
	// public address (it was skipped, and AllowVnetOutBound let it out).
	udr := nsgDesign(topo.NSGs[0])
	udr.VNets[0].Subnets[0].NetworkSecurityGroup = "no-internet"
	udr.RouteTables = []model.RouteTable{{ID: "rt", Routes: []model.Route{{Name: "default", AddressPrefix: "0.0.0.0/0", NextHopType: model.HopInternet}}}}
	udr.VNets[0].Subnets[0].RouteTable = "rt"
	pu := hsPlane(t, udr)
	tr := hsTrace(t, pu, "vm-a", "203.0.113.10")
	if tr.Disposition != trace.DroppedByNSG || !nsgDecidedBy(tr, "deny-internet", "Deny") {
		t.Errorf("0.0.0.0/0 UDR: vm-a → 203.0.113.10 %s, verdicts %+v; want denied by deny-internet", tr.Disposition, nsgDeciding(tr))
	}
	hsWantDisp(t, "0.0.0.0/0 UDR: vm-a → vm-peer", hsTrace(t, pu, "vm-a", "vm-peer"), trace.Delivered)
	// AzureLoadBalancer is a valid tag in a rule.
	lb := nsgDesign(model.NSG{ID: "lb", SecurityRules: []model.SecurityRule{nsgRule("probe", 100, "Inbound", "Allow", "*", "AzureLoadBalancer", "*", "*")}})
	if ds := model.Validate(&lb, dataplane.KnownServices()); len(ds) != 0 {
		t.Errorf("AzureLoadBalancer tag rejected:%s", hsDiagCodes(ds))
	}
}

// TestRule_nsg_platform_traffic checks rule:nsg.platform-traffic: traffic to
// 168.63.129.16 and 169.254.169.254 is not subject to NSG rules (nor to
// UDRs) (rule:nsg.platform-traffic), unless a rule names their platform
// tags (TestPlatformTagsApplied).
func TestRule_nsg_platform_traffic(t *testing.T) {
	topo := nsgDesign(model.NSG{ID: "deny", SecurityRules: []model.SecurityRule{nsgRule("deny-all-out", 100, "Outbound", "Deny", "*", "*", "*", "*")}})
	topo.VNets[0].Subnets[0].NetworkSecurityGroup = "deny"
	topo.RouteTables = []model.RouteTable{{ID: "rt", Routes: []model.Route{{Name: "drop", AddressPrefix: "0.0.0.0/0", NextHopType: model.HopNone}}}}
	topo.VNets[0].Subnets[0].RouteTable = "rt"
	p := hsPlane(t, topo)
	for _, dst := range []string{"168.63.129.16", "169.254.169.254"} {
		hsWantDisp(t, "vm-a → "+dst, hsTrace(t, p, "vm-a", dst), trace.ReachesAzurePlatform)
	}
	hsWantDisp(t, "vm-a → Internet is denied", hsTrace(t, p, "vm-a", "203.0.113.10"), trace.DroppedByNSG)
	hsWantDisp(t, "vm-a → Azure DNS, deny-all-out", hsFlow(t, p, "vm-a", "168.63.129.16", "Udp", 53), trace.ReachesAzurePlatform)
}

// TestPlatformTagsApplied checks the second half of rule:nsg.platform-traffic:
// an outbound rule naming AzurePlatformDNS filters DNS to 168.63.129.16 and
// one naming AzurePlatformIMDS the instance metadata service, by priority,
// the NIC's NSG then the subnet's, each NSG letting through what none of
// its platform rules matches (rule:nsg.platform-traffic).
func TestPlatformTagsApplied(t *testing.T) {
	denyDNS := nsgRule("deny-azure-dns", 200, "Outbound", "Deny", "*", "*", "AzurePlatformDNS", "*")
	for _, tc := range []struct {
		name              string
		subnet, nic       []model.SecurityRule
		dst, proto        string
		port              int
		want              trace.Disposition
		deciding, because string
	}{
		{"DNS denied at the subnet", []model.SecurityRule{denyDNS}, nil, "168.63.129.16", "Udp", 53, trace.DroppedByNSG, "deny-azure-dns", ""},
		{"DNS over TCP denied", []model.SecurityRule{denyDNS}, nil, "168.63.129.16", "Tcp", 53, trace.DroppedByNSG, "deny-azure-dns", ""},
		{"the wire server is not DNS", []model.SecurityRule{denyDNS}, nil, "168.63.129.16", "Tcp", 80, trace.ReachesAzurePlatform, "", "not subject to UDRs or NSG rules"},
		{"IMDS is not DNS", []model.SecurityRule{denyDNS}, nil, "169.254.169.254", "Tcp", 80, trace.ReachesAzurePlatform, "", ""},
		{"an earlier allow wins", []model.SecurityRule{denyDNS, nsgRule("allow-azure-dns", 100, "Outbound", "Allow", "Udp", "*", "AzurePlatformDNS", "53")}, nil,
			"168.63.129.16", "Udp", 53, trace.ReachesAzurePlatform, "", "allowed by subnet-nsg rule allow-azure-dns"},
		{"the allow's protocol does not match", []model.SecurityRule{denyDNS, nsgRule("allow-azure-dns", 100, "Outbound", "Allow", "Udp", "*", "AzurePlatformDNS", "53")}, nil,
			"168.63.129.16", "Tcp", 53, trace.DroppedByNSG, "deny-azure-dns", ""},
		{"another source", []model.SecurityRule{nsgRule("deny-others", 200, "Outbound", "Deny", "*", "10.0.2.0/24", "AzurePlatformDNS", "*")}, nil,
			"168.63.129.16", "Udp", 53, trace.ReachesAzurePlatform, "", ""},
		{"the NIC allows, the subnet denies", []model.SecurityRule{denyDNS}, []model.SecurityRule{nsgRule("allow-azure-dns", 100, "Outbound", "Allow", "*", "*", "AzurePlatformDNS", "*")},
			"168.63.129.16", "Udp", 53, trace.DroppedByNSG, "deny-azure-dns", ""},
		{"the NIC denies", nil, []model.SecurityRule{denyDNS}, "168.63.129.16", "Udp", 53, trace.DroppedByNSG, "deny-azure-dns", ""},
		{"IMDS denied", []model.SecurityRule{nsgRule("deny-imds", 100, "Outbound", "Deny", "*", "*", "AzurePlatformIMDS", "*")}, nil,
			"169.254.169.254", "Tcp", 80, trace.DroppedByNSG, "deny-imds", ""},
		{"inbound rules do not apply", []model.SecurityRule{nsgRule("deny-in", 100, "Inbound", "Deny", "*", "*", "AzurePlatformDNS", "*")}, nil,
			"168.63.129.16", "Udp", 53, trace.ReachesAzurePlatform, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			topo := nsgDesign(model.NSG{ID: "subnet-nsg", SecurityRules: tc.subnet}, model.NSG{ID: "nic-nsg", SecurityRules: tc.nic})
			if tc.subnet != nil {
				topo.VNets[0].Subnets[0].NetworkSecurityGroup = "subnet-nsg"
			}
			if tc.nic != nil {
				topo.VMs[0].NICs[0].NetworkSecurityGroup = "nic-nsg"
			}
			if ds := model.Validate(&topo, nil); len(ds) != 0 {
				t.Fatalf("the design:%s", hsDiagCodes(ds))
			}
			tr := hsFlow(t, hsPlane(t, topo), "vm-a", tc.dst, tc.proto, tc.port)
			if tr.Disposition != tc.want {
				t.Fatalf("vm-a → %s %s/%d: %s (%s), want %s", tc.dst, tc.proto, tc.port, tr.Disposition, tr.Reason, tc.want)
			}
			if tc.deciding != "" && !strings.Contains(tr.Reason, "rule "+tc.deciding) {
				t.Errorf("reason %q does not name rule %s", tr.Reason, tc.deciding)
			}
			if tc.because != "" && !strings.Contains(fmt.Sprint(tr.Hops), tc.because) {
				t.Errorf("hops %+v do not say %q", tr.Hops, tc.because)
			}
		})
	}
}

// TestRule_nsg_association_and_limits checks rule:nsg.association-and-limits:
// one NSG may serve several subnets and NICs; at most 1,000 rules; an NSG on
// GatewaySubnet is unsupported (warning), on RouteServerSubnet not allowed
// (rule:nsg.association-and-limits).
func TestRule_nsg_association_and_limits(t *testing.T) {
	shared := nsgDesign(model.NSG{ID: "shared", SecurityRules: []model.SecurityRule{nsgRule("deny-ssh", 100, "Inbound", "Deny", "Tcp", "*", "*", "22")}})
	shared.VNets[0].Subnets[0].NetworkSecurityGroup = "shared"
	shared.VNets[0].Subnets[1].NetworkSecurityGroup = "shared"
	shared.VMs[3].NICs[0].NetworkSecurityGroup = "shared"
	if ds := model.Validate(&shared, nil); len(ds) != 0 {
		t.Errorf("one NSG on two subnets and a NIC:%s", hsDiagCodes(ds))
	}
	p := hsPlane(t, shared)
	hsWantDisp(t, "shared NSG on subnet a", hsFlow(t, p, "vm-b", "10.0.1.4", "Tcp", 22), trace.DroppedByNSG)
	hsWantDisp(t, "shared NSG on the peer's NIC", hsFlow(t, p, "vm-a", "10.1.0.4", "Tcp", 22), trace.DroppedByNSG)

	for n, want := range map[int]bool{1000: false, 1001: true} {
		var rules []model.SecurityRule
		for i := range n {
			dir, prio := "Inbound", 100+i
			if i >= 900 {
				dir, prio = "Outbound", 100+i-900
			}
			rules = append(rules, nsgRule(fmt.Sprintf("r%d", i), prio, dir, "Allow", "Tcp", "*", "*", fmt.Sprint(1000+i)))
		}
		topo := nsgDesign(model.NSG{ID: "big", SecurityRules: rules})
		if got := hsHasDiag(model.Validate(&topo, nil), "nsg.too-many-rules", model.Error); got != want {
			t.Errorf("%d rules: reported %v, want %v", n, got, want)
		}
	}
	gw := nsgDesign(model.NSG{ID: "nsg"})
	gw.VNets[0].Subnets = append(gw.VNets[0].Subnets, model.Subnet{Name: "GatewaySubnet", AddressPrefix: "10.0.255.0/27", NetworkSecurityGroup: "nsg"},
		model.Subnet{Name: "RouteServerSubnet", AddressPrefix: "10.0.254.0/26", NetworkSecurityGroup: "nsg"})
	ds := model.Validate(&gw, nil)
	if !hsHasDiag(ds, "subnet.gateway-nsg", model.Warning) || !hsHasDiag(ds, "subnet.routeserver-nsg", model.Error) {
		t.Errorf("NSG on GatewaySubnet and RouteServerSubnet: want a warning and an error, got%s", hsDiagCodes(ds))
	}
}

// TestRule_nsg_service_tags_unmodelled checks rule:nsg.service-tags-unmodelled:
// a rule naming a service tag whose ranges vnetplay does not hold (Storage,
// its regional form, AzureCloud, the platform tag the engine does not
// evaluate) is valid, kept with a warning, and matches no address: the
// walk goes on to the next rule.
func TestRule_nsg_service_tags_unmodelled(t *testing.T) {
	topo := nsgDesign(model.NSG{ID: "tags", SecurityRules: []model.SecurityRule{
		nsgRule("deny-storage", 100, "Outbound", "Deny", "*", "*", "Storage", "*"),
		nsgRule("deny-storage-we", 110, "Outbound", "Deny", "*", "*", "Storage.WestEurope", "*"),
		nsgRule("deny-cloud", 120, "Outbound", "Deny", "*", "*", "AzureCloud", "*"),
		nsgRule("deny-lkm", 130, "Outbound", "Deny", "*", "*", "AzurePlatformLKM", "*"),
	}})
	topo.VNets[0].Subnets[0].NetworkSecurityGroup = "tags"
	ds := model.Validate(&topo, dataplane.KnownServices())
	warned := 0
	for _, d := range ds {
		switch {
		case d.Severity == model.Error:
			t.Errorf("error %s at %s: %s", d.Code, d.Path, d.Msg)
		case d.Code == "nsg.service-tag":
			warned++
		}
	}
	if warned != 4 {
		t.Errorf("%d nsg.service-tag warnings, want one per tag (4):%s", warned, hsDiagCodes(ds))
	}
	p := hsPlane(t, topo)
	for _, tc := range []struct {
		to   string
		want trace.Disposition
	}{
		{"203.0.113.10", trace.ExitsToInternet}, // AllowInternetOutBound: no tag rule matches
		{seStorage, trace.ExitsToInternet},      // a storage address: the tag's ranges are not known
		{"vm-b", trace.Delivered},
		{"168.63.129.16", trace.ReachesAzurePlatform}, // the LKM tag's rule is not applied
	} {
		hsWantDisp(t, "vm-a → "+tc.to, hsTrace(t, p, "vm-a", tc.to), tc.want)
	}
}
