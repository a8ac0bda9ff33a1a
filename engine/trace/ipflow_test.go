package trace

import (
	"errors"
	"net/netip"
	"strings"
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
)

func rule(name string, prio int, dir, access, src, dst, port string) model.SecurityRule {
	return model.SecurityRule{Name: name, Priority: prio, Direction: dir, Access: access, Protocol: "Tcp",
		SourceAddressPrefix: src, SourcePortRange: "*", DestinationAddressPrefix: dst, DestinationPortRange: port}
}

// TestIPFlowVerify: NSGs only (rule:internet-edge.ip-flow-verify), subnet then NIC inbound and NIC then
// subnet outbound (rule:nsg.subnet-then-nic), the first denial decides, ruleName as Network
// Watcher spells it (rule:internet-edge.ip-flow-verify), no NSG means allow (rule:nsg.subnet-then-nic) except for Standard
// public entries (rule:internet-edge.standard-secure-by-default).
func TestIPFlowVerify(t *testing.T) {
	subnetNSG := model.NSG{ID: "nsg-subnet", SecurityRules: []model.SecurityRule{
		rule("deny-22", 100, "Inbound", "Deny", "*", "*", "22"),
		rule("allow-443-subnet", 110, "Inbound", "Allow", "Internet", "*", "443"),
		rule("deny-out-8080", 100, "Outbound", "Deny", "*", "*", "8080"),
	}}
	nicNSG := model.NSG{ID: "nsg-nic", SecurityRules: []model.SecurityRule{
		rule("allow-22", 100, "Inbound", "Allow", "*", "*", "22"),
		rule("allow-443", 110, "Inbound", "Allow", "Internet", "*", "443"),
		rule("deny-out-9090", 100, "Outbound", "Deny", "*", "*", "9090"),
	}}
	withNSGs := func(t *model.Topology) {
		t.NSGs = []model.NSG{subnetNSG, nicNSG}
		t.VNets[1].Subnets[0].NetworkSecurityGroup = "nsg-subnet"
		t.VMs[1].NICs[0].NetworkSecurityGroup = "nsg-nic"
	}
	for _, c := range []struct {
		name             string
		edit             func(t *model.Topology)
		dir              string
		localPort        int
		remote           string
		remotePort       int
		access, ruleName string
		nsg              string
	}{
		{"inbound: the subnet's deny comes first even though the NIC allows", withNSGs, "Inbound", 22, "203.0.113.5", 50000, "Deny", "securityRules/deny-22", "nsg-subnet"},
		{"inbound: allowed by both, the NIC's rule reported", withNSGs, "Inbound", 443, "203.0.113.5", 50000, "Allow", "securityRules/allow-443", "nsg-nic"},
		{"inbound: default rule denies the Internet", withNSGs, "Inbound", 8443, "203.0.113.5", 50000, "Deny", "defaultSecurityRules/DenyAllInBound", "nsg-subnet"},
		{"inbound: VirtualNetwork default allow", withNSGs, "Inbound", 8443, "10.1.1.9", 50000, "Allow", "defaultSecurityRules/AllowVNetInBound", "nsg-nic"},
		{"outbound: the NIC's deny comes first", withNSGs, "Outbound", 50000, "203.0.113.5", 9090, "Deny", "securityRules/deny-out-9090", "nsg-nic"},
		{"outbound: the subnet's deny after the NIC allows", withNSGs, "Outbound", 50000, "203.0.113.5", 8080, "Deny", "securityRules/deny-out-8080", "nsg-subnet"},
		{"outbound: AllowInternetOutBound", withNSGs, "Outbound", 50000, "203.0.113.5", 443, "Allow", "defaultSecurityRules/AllowInternetOutBound", "nsg-subnet"},
		{"no NSG, no public entry: allowed", func(t *model.Topology) { t.VMs[1].NICs[0].PublicIPAddress = "" }, "Inbound", 443, "203.0.113.5", 50000, "Allow", "", ""},
		{"no NSG, Standard public IP: secure by default", func(t *model.Topology) {}, "Inbound", 443, "203.0.113.5", 50000, "Deny", "", ""},
		{"no NSG, Standard public IP, from the VNet: allowed", func(t *model.Topology) {}, "Inbound", 443, "10.1.1.9", 50000, "Allow", "", ""},
		{"no NSG, Basic public IP: open", func(t *model.Topology) { t.PublicIPAddresses[0].Sku.Name = "Basic" }, "Inbound", 443, "203.0.113.5", 50000, "Allow", "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			topo := edgeHub()
			c.edit(&topo)
			p := dataplane.Build(&topo)
			res, err := IPFlowVerify(p, IPFlowQuery{NIC: "app", Direction: c.dir, Protocol: "TCP", LocalIP: netip.MustParseAddr("10.1.1.4"),
				LocalPort: c.localPort, RemoteIP: netip.MustParseAddr(c.remote), RemotePort: c.remotePort})
			if err != nil {
				t.Fatal(err)
			}
			if res.Access != c.access || res.RuleName != c.ruleName || res.NetworkSecurityGroup != c.nsg {
				t.Errorf("got %s %q %q (%s), want %s %q %q", res.Access, res.RuleName, res.NetworkSecurityGroup, res.Reason, c.access, c.ruleName, c.nsg)
			}
		})
	}
}

// TestIPFlowVerifyBadInput: bad questions are errors wrapping ErrIPFlow.
func TestIPFlowVerifyBadInput(t *testing.T) {
	p := dataplane.Build(ptrTopo(edgeHub()))
	good := IPFlowQuery{NIC: "app", Direction: "Inbound", Protocol: "TCP", LocalIP: netip.MustParseAddr("10.1.1.4"), LocalPort: 443,
		RemoteIP: netip.MustParseAddr("203.0.113.5"), RemotePort: 50000}
	if _, err := IPFlowVerify(p, good); err != nil {
		t.Fatalf("good question: %v", err)
	}
	for name, edit := range map[string]func(q *IPFlowQuery){
		"unknown VM":                       func(q *IPFlowQuery) { q.NIC = "nope" },
		"direction":                        func(q *IPFlowQuery) { q.Direction = "Sideways" },
		"ICMP (rule:outputs.flow-verdict)": func(q *IPFlowQuery) { q.Protocol = "ICMP" },
		"local IP not mine":                func(q *IPFlowQuery) { q.LocalIP = netip.MustParseAddr("10.1.1.5") },
		"invalid local IP":                 func(q *IPFlowQuery) { q.LocalIP = netip.Addr{} },
		"invalid remote IP":                func(q *IPFlowQuery) { q.RemoteIP = netip.Addr{} },
		"port out of range":                func(q *IPFlowQuery) { q.RemotePort = 70000 },
		"negative port":                    func(q *IPFlowQuery) { q.LocalPort = -1 },
	} {
		q := good
		edit(&q)
		if _, err := IPFlowVerify(p, q); !errors.Is(err, ErrIPFlow) {
			t.Errorf("%s: %v, want ErrIPFlow", name, err)
		}
	}
}

// TestIPFlowVerifyPlatformAddresses: a flow to a host-platform address is
// judged as the packet walk judges it (rule:nsg.platform-traffic): only the
// outbound rules naming its platform tag apply, NIC then subnet; the
// default rules and rules to `*` do not. Before, IP flow verify evaluated
// the rules as written, so a Deny to AzurePlatformDNS denied nothing and a
// Deny to `*` denied Azure DNS.
func TestIPFlowVerifyPlatformAddresses(t *testing.T) {
	udp := func(r model.SecurityRule) model.SecurityRule { r.Protocol = "*"; return r }
	withRules := func(subnet, nic []model.SecurityRule) func(t *model.Topology) {
		return func(t *model.Topology) {
			t.NSGs = []model.NSG{{ID: "nsg-subnet", SecurityRules: subnet}, {ID: "nsg-nic", SecurityRules: nic}}
			t.VNets[1].Subnets[0].NetworkSecurityGroup = "nsg-subnet"
			t.VMs[1].NICs[0].NetworkSecurityGroup = "nsg-nic"
		}
	}
	denyAll := udp(rule("deny-all-out", 100, "Outbound", "Deny", "*", "*", "*"))
	denyDNS := udp(rule("deny-azure-dns", 200, "Outbound", "Deny", "*", TagPlatformDNS, "53"))
	allowDNS := udp(rule("allow-azure-dns", 150, "Outbound", "Allow", "*", TagPlatformDNS, "*"))
	denyIMDS := udp(rule("deny-imds", 300, "Outbound", "Deny", "*", TagPlatformIMDS, "*"))
	for _, c := range []struct {
		name             string
		edit             func(t *model.Topology)
		proto            string
		remote           string
		port             int
		access, ruleName string
		nsg              string
	}{
		{"a Deny to * does not apply to Azure DNS", withRules([]model.SecurityRule{denyAll}, nil), "UDP", "168.63.129.16", 53, "Allow", "", ""},
		{"a Deny to * still applies elsewhere", withRules([]model.SecurityRule{denyAll}, nil), "UDP", "10.1.2.4", 53, "Deny", "securityRules/deny-all-out", "nsg-subnet"},
		{"the subnet's Deny to AzurePlatformDNS denies Azure DNS", withRules([]model.SecurityRule{denyAll, denyDNS}, nil), "UDP", "168.63.129.16", 53, "Deny", "securityRules/deny-azure-dns", "nsg-subnet"},
		{"over TCP too", withRules([]model.SecurityRule{denyDNS}, nil), "TCP", "168.63.129.16", 53, "Deny", "securityRules/deny-azure-dns", "nsg-subnet"},
		{"the NIC's Allow, then the subnet's Deny", withRules([]model.SecurityRule{denyDNS}, []model.SecurityRule{allowDNS}), "UDP", "168.63.129.16", 53, "Deny", "securityRules/deny-azure-dns", "nsg-subnet"},
		{"the NIC's Allow alone", withRules(nil, []model.SecurityRule{allowDNS}), "UDP", "168.63.129.16", 53, "Allow", "securityRules/allow-azure-dns", "nsg-nic"},
		{"AzurePlatformDNS covers DNS only", withRules([]model.SecurityRule{denyAll, denyDNS}, nil), "TCP", "168.63.129.16", 80, "Allow", "", ""},
		{"AzurePlatformIMDS covers every packet to it", withRules(nil, []model.SecurityRule{denyAll, denyIMDS}), "TCP", "169.254.169.254", 80, "Deny", "securityRules/deny-imds", "nsg-nic"},
		{"IMDS: a Deny to * does not apply", withRules(nil, []model.SecurityRule{denyAll}), "TCP", "169.254.169.254", 80, "Allow", "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			topo := edgeHub()
			c.edit(&topo)
			p := dataplane.Build(&topo)
			res, err := IPFlowVerify(p, IPFlowQuery{NIC: "app", Direction: "Outbound", Protocol: c.proto, LocalIP: netip.MustParseAddr("10.1.1.4"),
				LocalPort: 50000, RemoteIP: netip.MustParseAddr(c.remote), RemotePort: c.port})
			if err != nil {
				t.Fatal(err)
			}
			if res.Access != c.access || res.RuleName != c.ruleName || res.NetworkSecurityGroup != c.nsg {
				t.Errorf("got %s %q %q (%s), want %s %q %q", res.Access, res.RuleName, res.NetworkSecurityGroup, res.Reason, c.access, c.ruleName, c.nsg)
			}
			if platform := c.remote == "168.63.129.16" || c.remote == "169.254.169.254"; platform && !strings.Contains(res.Reason, "rule:nsg.platform-traffic") {
				t.Errorf("reason %q does not say why no rule applied", res.Reason)
			}
		})
	}
}
