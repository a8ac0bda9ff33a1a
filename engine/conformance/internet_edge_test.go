package conformance_test

// Conformance tests of docs/rules/internet-edge.md (the Internet edge:
// public IPs, public load balancers, NAT gateways, default outbound access,
// private subnets, IP flow verify). Every helper is prefixed "edge" so it
// cannot clash with the helpers of other pages in this package.

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/edge"
	"vnetplay/engine/model"
	"vnetplay/engine/reach"
	"vnetplay/engine/route"
	"vnetplay/engine/trace"
)

// edgeApp is the design most edge tests share: VNet "app" 10.10.0.0/16
// (westeurope) with subnets web 10.10.1.0/24 (VMs web1 10.10.1.4 and web2
// 10.10.1.5), admin 10.10.2.0/24 (VM admin 10.10.2.4), nva 10.10.3.0/24 (a
// stateful forwarding VM nva at 10.10.3.4) and GatewaySubnet
// 10.10.255.0/27, plus Standard public IP resources that nothing uses yet:
// pip-lb 198.51.100.10, pip-admin 198.51.100.20, pip-nat 198.51.100.30,
// pip-nva 198.51.100.40 and pip-hubnat 198.51.100.41. No NSG, no route table.
func edgeApp() model.Topology {
	nva := hsNVA("nva", "app/nva", "10.10.3.4")
	nva.Stateful = true
	return model.Topology{
		VNets: []model.VNet{hsVNet("app", "10.10.0.0/16", "web=10.10.1.0/24", "admin=10.10.2.0/24", "nva=10.10.3.0/24", "GatewaySubnet=10.10.255.0/27")},
		VMs: []model.VM{hsVM("web1", "app/web", "10.10.1.4"), hsVM("web2", "app/web", "10.10.1.5"), hsVM("admin", "app/admin", "10.10.2.4"),
			nva},
		PublicIPAddresses: []model.PublicIPAddress{edgePIP("pip-lb", "198.51.100.10", false), edgePIP("pip-admin", "198.51.100.20", false),
			edgePIP("pip-nat", "198.51.100.30", false), edgePIP("pip-nva", "198.51.100.40", false), edgePIP("pip-hubnat", "198.51.100.41", false)},
	}
}

// edgePIP is a public IP resource, Standard unless basic.
func edgePIP(id, ip string, basic bool) model.PublicIPAddress {
	p := model.PublicIPAddress{ID: id, Location: "westeurope", Sku: model.Sku{Name: model.SkuStandard}, IPAddress: ip}
	if basic {
		p.Sku.Name = model.SkuBasic
	}
	return p
}

// edgeSubnet returns subnet name of the design's first VNet.
func edgeSubnet(t *testing.T, topo *model.Topology, name string) *model.Subnet {
	t.Helper()
	for i := range topo.VNets[0].Subnets {
		if s := &topo.VNets[0].Subnets[i]; s.Name == name {
			return s
		}
	}
	t.Fatalf("no subnet %s", name)
	return nil
}

// edgeNIC returns the first NIC of VM vm.
func edgeNIC(t *testing.T, topo *model.Topology, vm string) *model.NIC {
	t.Helper()
	for i := range topo.VMs {
		if topo.VMs[i].ID == vm {
			return &topo.VMs[i].NICs[0]
		}
	}
	t.Fatalf("no VM %s", vm)
	return nil
}

// edgeNatGateway adds NAT gateway id with public IP pip to the design and
// associates it with the first VNet's subnets.
func edgeNatGateway(t *testing.T, topo *model.Topology, id, pip string, subnets ...string) {
	t.Helper()
	topo.NatGateways = append(topo.NatGateways, model.NatGateway{ID: id, Location: "westeurope", PublicIPAddresses: []string{pip}})
	for _, s := range subnets {
		edgeSubnet(t, topo, s).NatGateway = id
	}
}

// edgeLB is the public Standard load balancer lb-web: frontend fe-web on
// pip-lb (198.51.100.10), pool pool-web of web1 and web2, load-balancing
// rule https (TCP 443 → 8443, outbound SNAT disabled) and inbound NAT rule
// ssh-web1 (TCP 50001 → web1:22). No outbound rule.
func edgeLB() model.LoadBalancer {
	return model.LoadBalancer{ID: "lb-web", Sku: model.SkuStandard,
		FrontendIPConfigurations: []model.FrontendIPConfiguration{{Name: "fe-web", PublicIPAddress: "pip-lb"}},
		BackendAddressPools:      []model.BackendAddressPool{{Name: "pool-web", Backends: []string{"web1", "web2"}}},
		LoadBalancingRules: []model.LoadBalancingRule{{Name: "https", FrontendIPConfiguration: "fe-web", BackendAddressPool: "pool-web",
			Protocol: model.ProtoTcp, FrontendPort: 443, BackendPort: 8443, DisableOutboundSnat: true}},
		InboundNatRules: []model.InboundNatRule{{Name: "ssh-web1", FrontendIPConfiguration: "fe-web", Protocol: model.ProtoTcp,
			FrontendPort: 50001, BackendPort: 22, BackendIPConfiguration: "web1"}},
	}
}

// edgeOutboundRule is lb-web's outbound rule out-web for pool-web.
func edgeOutboundRule() model.OutboundRule {
	return model.OutboundRule{Name: "out-web", FrontendIPConfigurations: []string{"fe-web"}, BackendAddressPool: "pool-web", Protocol: model.ProtoAll}
}

// edgeRule is an NSG rule; proto "*" matches every protocol.
func edgeRule(name string, prio int, dir, access, proto, src, dst, port string) model.SecurityRule {
	return model.SecurityRule{Name: name, Priority: prio, Direction: dir, Access: access, Protocol: proto,
		SourceAddressPrefix: src, SourcePortRange: "*", DestinationAddressPrefix: dst, DestinationPortRange: port}
}

// edgeNSG adds NSG id with rules to the design.
func edgeNSG(topo *model.Topology, id string, rules ...model.SecurityRule) {
	topo.NSGs = append(topo.NSGs, model.NSG{ID: id, Location: "westeurope", SecurityRules: rules})
}

// edgeDefaultToNVA gives subnets a route table whose 0.0.0.0/0 goes to the
// appliance at 10.10.3.4.
func edgeDefaultToNVA(t *testing.T, topo *model.Topology, subnets ...string) {
	t.Helper()
	topo.RouteTables = append(topo.RouteTables, model.RouteTable{ID: "rt-to-nva", Location: "westeurope", Routes: []model.Route{
		{Name: "default", AddressPrefix: "0.0.0.0/0", NextHopType: model.HopVirtualAppliance, NextHopIPAddress: "10.10.3.4"}}})
	for _, s := range subnets {
		edgeSubnet(t, topo, s).RouteTable = "rt-to-nva"
	}
}

// edgeIn walks a flow from the Internet address src (the Internet probe
// when "") to the public address dst.
func edgeIn(p *dataplane.Plane, src, dst, proto string, port int) *trace.Trace {
	f := trace.Flow{Src: trace.InternetSource, DstIP: netip.MustParseAddr(dst), Protocol: proto, DstPort: port}
	if src != "" {
		f.SrcIP = netip.MustParseAddr(src)
	}
	return trace.Run(p, f)
}

// edgeOut walks a flow of protocol proto from endpoint from to the Internet
// probe address.
func edgeOut(p *dataplane.Plane, from, proto string) *trace.Trace {
	return trace.Run(p, trace.Flow{Src: hsSource(p, from), DstIP: trace.InternetProbe(), Protocol: proto})
}

// edgeExpect asserts a walk's disposition and that its reason contains
// every one of reasons.
func edgeExpect(t *testing.T, what string, tr *trace.Trace, want trace.Disposition, reasons ...string) {
	t.Helper()
	if tr.Disposition != want {
		t.Errorf("%s: %s (%s), want %s", what, tr.Disposition, tr.Reason, want)
		return
	}
	for _, r := range reasons {
		if !strings.Contains(tr.Reason, r) {
			t.Errorf("%s: reason %q does not contain %q", what, tr.Reason, r)
		}
	}
}

// edgeEgress is how NIC nic's Internet-bound traffic leaves Azure.
func edgeEgress(t *testing.T, topo model.Topology, nic string) edge.Egress {
	t.Helper()
	e, ok := edge.Build(&topo).Egress(nic)
	if !ok {
		t.Fatalf("no egress for %s", nic)
	}
	return e
}

// edgeSource is an egress's public source address, "" when it has none.
func edgeSource(e edge.Egress) string {
	if !e.Source.IsValid() {
		return ""
	}
	return e.Source.String()
}

// edgeDiags is what vnetplay reports on a design: the validator's
// findings and the edge lint's, as engine.Analyze merges them.
func edgeDiags(topo model.Topology) []model.Diagnostic {
	return append(model.Validate(&topo, dataplane.KnownServices()), edge.Lint(&topo)...)
}

// edgeWantDiag asserts that ds holds (present) or does not hold code with
// severity sev.
func edgeWantDiag(t *testing.T, what string, ds []model.Diagnostic, code string, sev model.Severity, present bool) {
	t.Helper()
	if got := hsHasDiag(ds, code, sev); got != present {
		t.Errorf("%s: %s %s present=%v, want %v; got%s", what, sev, code, got, present, hsDiagCodes(ds))
	}
}

// edgeDelivered reports the NIC a walk was delivered to ("" when none): the
// last hop of a delivered walk.
func edgeDelivered(tr *trace.Trace) string {
	if tr.Disposition != trace.Delivered || len(tr.Hops) == 0 {
		return ""
	}
	return tr.Hops[len(tr.Hops)-1].Node
}

// edgeSteps joins the details of every step of a walk, for reasons given
// only in steps.
func edgeSteps(tr *trace.Trace) string {
	var b strings.Builder
	for _, h := range tr.Hops {
		for _, s := range h.Steps {
			b.WriteString(s.Detail + "\n")
		}
	}
	return b.String()
}

// edgeIPFlow asks IP flow verify about NIC nic (at local) and the remote
// address and port.
func edgeIPFlow(t *testing.T, p *dataplane.Plane, nic, dir, proto, local string, localPort int, remote string, remotePort int) trace.IPFlowResult {
	t.Helper()
	res, err := trace.IPFlowVerify(p, trace.IPFlowQuery{NIC: nic, Direction: dir, Protocol: proto, LocalIP: netip.MustParseAddr(local),
		LocalPort: localPort, RemoteIP: netip.MustParseAddr(remote), RemotePort: remotePort})
	if err != nil {
		t.Fatalf("ip flow verify: %v", err)
	}
	return res
}

// TestRule_internet_edge_instance_public_ip checks
// rule:internet-edge.instance-public-ip: a public IP on a NIC's IP
// configuration is a 1:1 NAT; the VM's outbound flows of every protocol
// leave with that address, and Internet clients reach the VM on it on any
// port, translated to its private IP and the same port, subject to NSGs.
func TestRule_internet_edge_instance_public_ip(t *testing.T) {
	topo := edgeApp()
	edgeNIC(t, &topo, "admin").PublicIPAddress = "pip-admin"
	edgeNSG(&topo, "nsg-admin", edgeRule("allow-443", 100, "Inbound", "Allow", "Tcp", "Internet", "10.10.2.4", "443"),
		edgeRule("allow-udp-5000", 110, "Inbound", "Allow", "Udp", "Internet", "10.10.2.4", "5000"))
	edgeNIC(t, &topo, "admin").NetworkSecurityGroup = "nsg-admin"
	p := hsPlane(t, topo)

	if e := edgeEgress(t, topo, "admin/nic0"); e.Method != edge.InstancePublicIP || edgeSource(e) != "198.51.100.20" {
		t.Errorf("egress %s source %q (%s), want InstancePublicIP 198.51.100.20", e.Method, edgeSource(e), e.Reason)
	}
	for _, proto := range []string{"Tcp", "Udp", "Icmp"} {
		edgeExpect(t, "admin → Internet "+proto, edgeOut(p, "admin", proto), trace.ExitsToInternet, "InstancePublicIP pip-admin (source 198.51.100.20)")
	}
	for _, c := range []struct {
		proto string
		port  int
		want  trace.Disposition
	}{
		{"Tcp", 443, trace.Delivered},
		{"Udp", 5000, trace.Delivered},    // any port, same port behind the NAT
		{"Tcp", 22, trace.DroppedByNSG},   // subject to NSGs
		{"Udp", 443, trace.DroppedByNSG},  // the NSG allows 443 for TCP only
		{"Tcp", 5000, trace.DroppedByNSG}, // and 5000 for UDP only
	} {
		what := fmt.Sprintf("Internet → 198.51.100.20 %s/%d", c.proto, c.port)
		tr := edgeIn(p, "", "198.51.100.20", c.proto, c.port)
		edgeExpect(t, what, tr, c.want)
		if c.want == trace.Delivered {
			if got := edgeDelivered(tr); got != "admin/nic0" {
				t.Errorf("%s: delivered to %q, want admin/nic0", what, got)
			}
			if tr.Return == nil || tr.Return.Disposition != trace.ExitsToInternet {
				t.Errorf("%s: the reply does not leave to the Internet: %+v", what, tr.Return)
			}
		}
	}
}

// TestRule_internet_edge_standard_secure_by_default checks
// rule:internet-edge.standard-secure-by-default: a Standard public IP (or
// load balancer frontend) is closed to inbound traffic until an NSG on the
// subnet or NIC allows it, even with no NSG at all (section W: treat it as
// closed); a Basic one is open with no NSG, and Basic public IPs are
// retired.
func TestRule_internet_edge_standard_secure_by_default(t *testing.T) {
	t.Run("standard-no-nsg-closed", func(t *testing.T) {
		topo := edgeApp()
		edgeNIC(t, &topo, "admin").PublicIPAddress = "pip-admin"
		p := hsPlane(t, topo)
		edgeExpect(t, "Internet → Standard public IP, no NSG", edgeIn(p, "", "198.51.100.20", "Tcp", 443), trace.DroppedByNSG, "secure by default")
		if res := edgeIPFlow(t, p, "admin", "Inbound", "TCP", "10.10.2.4", 443, "203.0.113.5", 50000); res.Access != "Deny" {
			t.Errorf("IP flow verify from the Internet: %s (%s), want Deny", res.Access, res.Reason)
		}
		// The exception is for the Internet only: no NSG still allows the VNet.
		if res := edgeIPFlow(t, p, "admin", "Inbound", "TCP", "10.10.2.4", 443, "10.10.1.4", 50000); res.Access != "Allow" {
			t.Errorf("IP flow verify from the VNet: %s (%s), want Allow", res.Access, res.Reason)
		}
		edgeWantDiag(t, "Standard public IP, no NSG", edgeDiags(topo), "edge.standard-ip-no-nsg", model.Warning, true)
	})
	t.Run("standard-frontend-no-nsg-closed", func(t *testing.T) {
		topo := edgeApp()
		topo.LoadBalancers = []model.LoadBalancer{edgeLB()}
		p := hsPlane(t, topo)
		edgeExpect(t, "Internet → Standard frontend, no NSG", edgeIn(p, "", "198.51.100.10", "Tcp", 443), trace.DroppedByNSG, "secure by default")
		edgeWantDiag(t, "Standard frontend, no NSG", edgeDiags(topo), "edge.standard-ip-no-nsg", model.Warning, true)
	})
	t.Run("standard-subnet-nsg-allows", func(t *testing.T) {
		topo := edgeApp()
		edgeNIC(t, &topo, "admin").PublicIPAddress = "pip-admin"
		edgeNSG(&topo, "nsg-admin", edgeRule("allow-443", 100, "Inbound", "Allow", "Tcp", "Internet", "*", "443"))
		edgeSubnet(t, &topo, "admin").NetworkSecurityGroup = "nsg-admin"
		p := hsPlane(t, topo)
		edgeExpect(t, "Internet → Standard public IP, subnet NSG allows", edgeIn(p, "", "198.51.100.20", "Tcp", 443), trace.Delivered)
		edgeWantDiag(t, "Standard public IP with a subnet NSG", edgeDiags(topo), "edge.standard-ip-no-nsg", model.Warning, false)
	})
	t.Run("basic-no-nsg-open", func(t *testing.T) {
		topo := edgeApp()
		topo.PublicIPAddresses = append(topo.PublicIPAddresses, edgePIP("pip-basic", "198.51.100.50", true))
		edgeNIC(t, &topo, "admin").PublicIPAddress = "pip-basic"
		p := hsPlane(t, topo)
		edgeExpect(t, "Internet → Basic public IP, no NSG", edgeIn(p, "", "198.51.100.50", "Tcp", 443), trace.Delivered)
		if res := edgeIPFlow(t, p, "admin", "Inbound", "TCP", "10.10.2.4", 443, "203.0.113.5", 50000); res.Access != "Allow" {
			t.Errorf("IP flow verify, Basic and no NSG: %s (%s), want Allow", res.Access, res.Reason)
		}
		ds := edgeDiags(topo)
		edgeWantDiag(t, "Basic public IP", ds, "edge.basic-ip-retired", model.Warning, true)
		edgeWantDiag(t, "Basic public IP", ds, "edge.standard-ip-no-nsg", model.Warning, false)
	})
}

// TestRule_internet_edge_public_load_balancer checks
// rule:internet-edge.public-load-balancer: a public Standard load balancer
// forwards its load-balancing rules to the pool and its inbound NAT rules to
// one VM, on the backends' private IPs and backend ports; the backends'
// NSGs must allow the clients there (AllowAzureLoadBalancerInBound admits
// health probes only), and a load balancer and its public IPs share a SKU.
func TestRule_internet_edge_public_load_balancer(t *testing.T) {
	withNSG := func(rules ...model.SecurityRule) *dataplane.Plane {
		topo := edgeApp()
		topo.LoadBalancers = []model.LoadBalancer{edgeLB()}
		edgeNSG(&topo, "nsg-web", rules...)
		edgeSubnet(t, &topo, "web").NetworkSecurityGroup = "nsg-web"
		return hsPlane(t, topo)
	}
	p := withNSG(edgeRule("allow-8443", 100, "Inbound", "Allow", "Tcp", "Internet", "10.10.1.0/24", "8443"))
	tr := edgeIn(p, "", "198.51.100.10", "Tcp", 443)
	edgeExpect(t, "Internet → frontend :443 (rule https → 8443)", tr, trace.Delivered)
	if got := edgeDelivered(tr); got != "web1/nic0" && got != "web2/nic0" {
		t.Errorf("load-balancing rule delivered to %q, want a member of pool-web", got)
	}
	if tr.Return == nil || tr.Return.Disposition != trace.ExitsToInternet {
		t.Errorf("load-balancing rule: the reply does not leave to the Internet: %+v", tr.Return)
	}
	edgeExpect(t, "inbound NAT rule ssh-web1 → web1:22, NSG allows 8443 only", edgeIn(p, "", "198.51.100.10", "Tcp", 50001),
		trace.DroppedByNSG, "10.10.1.4:22")
	edgeExpect(t, "frontend port without a rule", edgeIn(p, "", "198.51.100.10", "Tcp", 80), trace.DroppedNoHost)

	p = withNSG(edgeRule("allow-ssh", 100, "Inbound", "Allow", "Tcp", "Internet", "10.10.1.4", "22"))
	tr = edgeIn(p, "", "198.51.100.10", "Tcp", 50001)
	edgeExpect(t, "inbound NAT rule, NSG allows web1:22", tr, trace.Delivered)
	if got := edgeDelivered(tr); got != "web1/nic0" {
		t.Errorf("inbound NAT rule delivered to %q, want web1/nic0", got)
	}

	edgeExpect(t, "default rules only: AllowAzureLoadBalancerInBound admits probes, not clients", edgeIn(withNSG(), "", "198.51.100.10", "Tcp", 443),
		trace.DroppedByNSG, "DenyAllInBound")
	edgeExpect(t, "NSG allows the frontend port, not the backend port", edgeIn(withNSG(edgeRule("allow-443", 100, "Inbound", "Allow", "Tcp", "Internet", "10.10.1.0/24", "443")), "", "198.51.100.10", "Tcp", 443),
		trace.DroppedByNSG)
	edgeExpect(t, "NSG allows the frontend address, not the private one", edgeIn(withNSG(edgeRule("allow-fe", 100, "Inbound", "Allow", "Tcp", "Internet", "198.51.100.10", "8443")), "", "198.51.100.10", "Tcp", 443),
		trace.DroppedByNSG)

	t.Run("sku-must-match", func(t *testing.T) {
		topo := edgeApp()
		topo.PublicIPAddresses = append(topo.PublicIPAddresses, edgePIP("pip-basic", "198.51.100.50", true))
		lb := edgeLB()
		lb.FrontendIPConfigurations[0].PublicIPAddress = "pip-basic"
		topo.LoadBalancers = []model.LoadBalancer{lb}
		edgeWantDiag(t, "Basic public IP on a Standard load balancer", edgeDiags(topo), "lb.sku-mismatch", model.Error, true)
		topo = edgeApp()
		lb = edgeLB()
		lb.Sku = model.SkuBasic
		topo.LoadBalancers = []model.LoadBalancer{lb}
		edgeWantDiag(t, "Standard public IP on a Basic load balancer", edgeDiags(topo), "lb.sku-mismatch", model.Error, true)
		topo.LoadBalancers = []model.LoadBalancer{edgeLB()}
		edgeWantDiag(t, "matching SKUs", edgeDiags(topo), "lb.sku-mismatch", model.Error, false)
	})
}

// TestRule_internet_edge_outbound_precedence checks
// rule:internet-edge.outbound-precedence: the first available egress
// method wins, in the NAT gateway doc's order (section W): a 0.0.0.0/0 to a
// virtual appliance or a gateway, then the subnet's NAT gateway, then the
// instance public IP, then a load balancer outbound rule, then default
// outbound access.
func TestRule_internet_edge_outbound_precedence(t *testing.T) {
	// Each stage adds one method to web1 (in web, pool-web of lb-web).
	lbOut := func(t *testing.T, topo *model.Topology) {
		lb := edgeLB()
		lb.OutboundRules = []model.OutboundRule{edgeOutboundRule()}
		topo.LoadBalancers = []model.LoadBalancer{lb}
	}
	pip := func(t *testing.T, topo *model.Topology) { edgeNIC(t, topo, "web1").PublicIPAddress = "pip-admin" }
	nat := func(t *testing.T, topo *model.Topology) { edgeNatGateway(t, topo, "natgw", "pip-nat", "web") }
	for _, c := range []struct {
		name   string
		stages []func(*testing.T, *model.Topology)
		method edge.Method
		text   string
	}{
		{"nothing: default outbound access", nil, edge.DefaultOutboundAccess, "default outbound access"},
		{"load balancer outbound rule", []func(*testing.T, *model.Topology){lbOut}, edge.LoadBalancerOutboundRule, "LoadBalancerOutboundRule lb-web/out-web (source 198.51.100.10)"},
		{"instance public IP beats the outbound rule", []func(*testing.T, *model.Topology){lbOut, pip}, edge.InstancePublicIP, "InstancePublicIP pip-admin (source 198.51.100.20)"},
		{"NAT gateway beats the instance public IP (section W)", []func(*testing.T, *model.Topology){lbOut, pip, nat}, edge.NatGateway, "NatGateway natgw (source 198.51.100.30)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			topo := edgeApp()
			for _, s := range c.stages {
				s(t, &topo)
			}
			if e := edgeEgress(t, topo, "web1/nic0"); e.Method != c.method {
				t.Errorf("egress %q (%s), want %s", e.Method, e.Reason, c.method)
			}
			edgeExpect(t, "web1 → Internet", edgeOut(hsPlane(t, topo), "web1", "Tcp"), trace.ExitsToInternet, c.text)
		})
	}
	t.Run("0.0.0.0/0 to an appliance beats them all", func(t *testing.T) {
		topo := edgeApp()
		lbOut(t, &topo)
		pip(t, &topo)
		nat(t, &topo)
		edgeDefaultToNVA(t, &topo, "web")
		edgeNIC(t, &topo, "nva").PublicIPAddress = "pip-nva"
		tr := edgeOut(hsPlane(t, topo), "web1", "Tcp")
		edgeExpect(t, "web1 → Internet through the appliance", tr, trace.ExitsToInternet, "InstancePublicIP pip-nva (source 198.51.100.40)")
		if !routingVia(tr, "nva/nic0") {
			t.Errorf("path %v, want through nva/nic0", routingHops(tr))
		}
	})
	t.Run("0.0.0.0/0 from a gateway beats the NAT gateway", func(t *testing.T) {
		topo := edgeBgpDefault(t)
		tr := edgeOut(hsPlane(t, topo), "vm", "Tcp")
		if !routingVia(tr, "gw") || !routingVia(tr, "dc") || strings.Contains(tr.Reason, "NatGateway") || strings.Contains(edgeSteps(tr), "natgw") {
			t.Errorf("vm → Internet: %s (%s) via %v, want through the gateway to site dc, not out of the NAT gateway", tr.Disposition, tr.Reason, routingHops(tr))
		}
	})
}

// edgeBgpDefault is a hub 10.0.0.0/16 whose subnet app (VM vm 10.0.1.4)
// has NAT gateway natgw (pip-nat 198.51.100.30), with a BGP VPN gateway gw
// whose site dc advertises 0.0.0.0/0 over BGP (forced tunnelling).
func edgeBgpDefault(t *testing.T) model.Topology {
	topo := model.Topology{
		VNets:                []model.VNet{hsVNet("hub", "10.0.0.0/16", "app=10.0.1.0/24", "GatewaySubnet=10.0.255.0/27")},
		VMs:                  []model.VM{hsVM("vm", "hub/app", "10.0.1.4")},
		Gateways:             []model.VirtualNetworkGateway{hsVpnGateway("gw", "hub", 65010)},
		Sites:                []model.Site{{ID: "dc", Asn: 65020, AddressPrefixes: []string{"192.168.0.0/20"}, AdvertisedPrefixes: []string{"192.168.0.0/20", "0.0.0.0/0"}}},
		LocalNetworkGateways: []model.LocalNetworkGateway{hsBgpLNG("dc-lng", "dc", 65020, "192.168.0.1")},
		Connections:          []model.Connection{hsIPsec("dc-conn", "gw", "dc-lng", true)},
		PublicIPAddresses:    []model.PublicIPAddress{edgePIP("pip-nat", "198.51.100.30", false)},
	}
	edgeNatGateway(t, &topo, "natgw", "pip-nat", "app")
	if e, ok := hsActive(t, hsPlane(t, topo), "hub/app", "0.0.0.0/0"); !ok || e.NextHop != route.VirtualNetworkGateway {
		t.Fatalf("hub/app 0.0.0.0/0: %s (found %v), want the BGP default to the gateway", e.NextHop, ok)
	}
	return topo
}

// TestRule_internet_edge_default_outbound_access checks
// rule:internet-edge.default-outbound-access: a VM with no NAT gateway on
// its subnet, no public IP, no Standard load balancer with outbound rules
// and no Basic public load balancer gets default outbound access, a
// Microsoft-owned address (none the design knows); any of the four takes it
// away, and with a 0.0.0.0/0 to an appliance the VM's default address is
// unused.
func TestRule_internet_edge_default_outbound_access(t *testing.T) {
	topo := edgeApp()
	e := edgeEgress(t, topo, "admin/nic0")
	if e.Method != edge.DefaultOutboundAccess || e.Source.IsValid() {
		t.Errorf("nothing configured: %s source %q (%s), want DefaultOutboundAccess with no known address", e.Method, edgeSource(e), e.Reason)
	}
	edgeExpect(t, "admin → Internet", edgeOut(hsPlane(t, topo), "admin", "Tcp"), trace.ExitsToInternet, "default outbound access")

	for _, c := range []struct {
		name   string
		edit   func(t *testing.T, topo *model.Topology)
		method edge.Method
	}{
		{"NAT gateway on the subnet", func(t *testing.T, topo *model.Topology) { edgeNatGateway(t, topo, "natgw", "pip-nat", "web") }, edge.NatGateway},
		{"public IP", func(t *testing.T, topo *model.Topology) { edgeNIC(t, topo, "web1").PublicIPAddress = "pip-admin" }, edge.InstancePublicIP},
		{"Standard load balancer with an outbound rule", func(t *testing.T, topo *model.Topology) {
			lb := edgeLB()
			lb.OutboundRules = []model.OutboundRule{edgeOutboundRule()}
			topo.LoadBalancers = []model.LoadBalancer{lb}
		}, edge.LoadBalancerOutboundRule},
		{"Basic public load balancer", func(t *testing.T, topo *model.Topology) {
			topo.PublicIPAddresses = append(topo.PublicIPAddresses, edgePIP("pip-basic", "198.51.100.50", true))
			lb := edgeLB()
			lb.Sku, lb.FrontendIPConfigurations[0].PublicIPAddress = model.SkuBasic, "pip-basic"
			lb.LoadBalancingRules[0].DisableOutboundSnat = false
			topo.LoadBalancers = []model.LoadBalancer{lb}
		}, edge.LoadBalancerRule},
		{"Standard load balancer without outbound rules or rule SNAT keeps default access", func(t *testing.T, topo *model.Topology) {
			topo.LoadBalancers = []model.LoadBalancer{edgeLB()}
		}, edge.DefaultOutboundAccess},
	} {
		t.Run(c.name, func(t *testing.T) {
			topo := edgeApp()
			c.edit(t, &topo)
			if e := edgeEgress(t, topo, "web1/nic0"); e.Method != c.method {
				t.Errorf("egress %q (%s), want %s", e.Method, e.Reason, c.method)
			}
		})
	}

	t.Run("unused behind an appliance", func(t *testing.T) {
		topo := edgeApp()
		edgeDefaultToNVA(t, &topo, "admin")
		edgeNatGateway(t, &topo, "nat-nva", "pip-hubnat", "nva")
		tr := edgeOut(hsPlane(t, topo), "admin", "Tcp")
		edgeExpect(t, "admin → Internet with 0.0.0.0/0 to the appliance", tr, trace.ExitsToInternet, "NatGateway nat-nva (source 198.51.100.41)")
		if strings.Contains(tr.Reason, "default outbound access") {
			t.Errorf("the VM's default outbound address is used: %s", tr.Reason)
		}
	})
}

// TestRule_internet_edge_private_subnets checks
// rule:internet-edge.private-subnets: defaultOutboundAccess false makes a
// subnet private (no default outbound access), while null (older API
// versions and tools) and true mean allowed; designs relying on default
// outbound access are told that new VNets' subnets will be private.
func TestRule_internet_edge_private_subnets(t *testing.T) {
	f, tr := false, true
	for _, c := range []struct {
		name  string
		value *bool
		want  edge.Method
	}{{"null means allowed", nil, edge.DefaultOutboundAccess}, {"true", &tr, edge.DefaultOutboundAccess}, {"false makes it private", &f, ""}} {
		t.Run(c.name, func(t *testing.T) {
			topo := edgeApp()
			edgeSubnet(t, &topo, "admin").DefaultOutboundAccess = c.value
			if e := edgeEgress(t, topo, "admin/nic0"); e.Method != c.want {
				t.Errorf("egress %q (%s), want %q", e.Method, e.Reason, c.want)
			}
			if private := hsPlane(t, topo).Edge().Private("app/admin"); private != (c.want == "") {
				t.Errorf("Private(app/admin) = %v", private)
			}
		})
	}
	topo := edgeApp()
	edgeWantDiag(t, "admin relies on default outbound access", edgeDiags(topo), "edge.relies-on-default-outbound", model.Info, true)
	edgeNatGateway(t, &topo, "natgw", "pip-nat", "web", "admin", "nva")
	edgeWantDiag(t, "every subnet has a NAT gateway", edgeDiags(topo), "edge.relies-on-default-outbound", model.Info, false)
	// An explicit method still works in a private subnet.
	edgeSubnet(t, &topo, "admin").DefaultOutboundAccess = &f
	edgeExpect(t, "private subnet with a NAT gateway", edgeOut(hsPlane(t, topo), "admin", "Tcp"), trace.ExitsToInternet, "NatGateway natgw")
}

// TestRule_internet_edge_private_subnet_without_egress checks
// rule:internet-edge.private-subnet-without-egress: in a private subnet
// with no explicit egress method, the 0.0.0.0/0 Internet route still shows
// but Internet traffic is dropped ("no egress method"), UDRs with next hop
// Internet fail too, service-endpoint routes keep working, and VMs still
// reach Azure Storage in their own region.
func TestRule_internet_edge_private_subnet_without_egress(t *testing.T) {
	f := false
	topo := edgeApp()
	edgeSubnet(t, &topo, "admin").DefaultOutboundAccess = &f
	edgeSubnet(t, &topo, "admin").ServiceEndpoints = []model.ServiceEndpoint{{Service: "Microsoft.Storage"}}
	topo.RouteTables = []model.RouteTable{{ID: "rt-admin", Location: "westeurope", Routes: []model.Route{
		{Name: "m365-direct", AddressPrefix: "13.107.0.0/16", NextHopType: model.HopInternet}}}}
	edgeSubnet(t, &topo, "admin").RouteTable = "rt-admin"
	p := hsPlane(t, topo)

	if e, ok := hsActive(t, p, "app/admin", "0.0.0.0/0"); !ok || e.NextHop != route.Internet {
		t.Errorf("0.0.0.0/0 in the private subnet: %s (found %v), want the Internet route still Active", e.NextHop, ok)
	}
	if nh := hsNextHop(t, p, "app/admin", "203.0.113.10"); nh.NextHopType != route.Internet {
		t.Errorf("Next hop to the Internet: %s, want Internet", nh.NextHopType)
	}
	edgeExpect(t, "admin → Internet", edgeOut(p, "admin", "Tcp"), trace.DroppedNoEgress, "0.0.0.0/0", "no egress method")
	edgeExpect(t, "admin → 13.107.1.1 by a UDR with next hop Internet", hsTrace(t, p, "admin", "13.107.1.1"), trace.DroppedNoEgress, "13.107.0.0/16")
	edgeExpect(t, "admin → Storage over its service endpoint", hsTrace(t, p, "admin", "20.60.1.1"), trace.ExitsToAzureService)
	edgeWantDiag(t, "private subnet without egress", edgeDiags(topo), "edge.private-subnet-no-egress", model.Warning, true)

	t.Run("bgp-default-is-not-no-egress", func(t *testing.T) {
		// A 0.0.0.0/0 learned from the gateway comes first in the outbound
		// order (rule:internet-edge.outbound-precedence): the private subnet's traffic leaves
		// through the site, so it is not "without an egress method".
		topo := edgeBgpDefault(t)
		topo.NatGateways, topo.VNets[0].Subnets[0].NatGateway = nil, ""
		topo.VNets[0].Subnets[0].DefaultOutboundAccess = &f
		tr := edgeOut(hsPlane(t, topo), "vm", "Tcp")
		if tr.Disposition == trace.DroppedNoEgress || !routingVia(tr, "gw") {
			t.Errorf("private subnet with a BGP default: %s (%s) via %v, want through the gateway", tr.Disposition, tr.Reason, routingHops(tr))
		}
		if ds := edgeDiags(topo); hsHasDiag(ds, "edge.private-subnet-no-egress", model.Warning) {
			t.Errorf("private subnet with a BGP default is linted as having no egress:%s", hsDiagCodes(ds))
		}
	})
	t.Run("same-region-storage", func(t *testing.T) {
		topo := edgeApp()
		edgeSubnet(t, &topo, "admin").DefaultOutboundAccess = &f
		tr := hsTrace(t, hsPlane(t, topo), "admin", "20.60.1.1") // Microsoft.Storage, no service endpoint
		if tr.Disposition.Success() {
			return
		}
		t.Skipf("KNOWN GAP rule:internet-edge.private-subnet-without-egress: VMs in a private subnet without an egress method still reach Azure Storage in the same region / vnetplay knows no region for Storage addresses and drops it like any Internet destination (%s: %s)", tr.Disposition, tr.Reason)
	})
}

// TestRule_internet_edge_nat_gateway checks rule:internet-edge.nat-gateway:
// a NAT gateway is associated per subnet and may serve several subnets of
// one VNet, never two VNets and never GatewaySubnet; it takes up to 16
// Standard public IPs, no Basic resources in its subnets; it carries TCP
// and UDP only, and nothing can open a connection inbound through it.
func TestRule_internet_edge_nat_gateway(t *testing.T) {
	t.Run("several-subnets-of-one-vnet", func(t *testing.T) {
		topo := edgeApp()
		edgeNatGateway(t, &topo, "natgw", "pip-nat", "web", "admin")
		for _, d := range edgeDiags(topo) {
			if d.Severity == model.Error {
				t.Errorf("one NAT gateway on two subnets of a VNet: %s", d)
			}
		}
		p := hsPlane(t, topo)
		for _, vm := range []string{"web1", "admin"} {
			edgeExpect(t, vm+" → Internet", edgeOut(p, vm, "Tcp"), trace.ExitsToInternet, "NatGateway natgw (source 198.51.100.30)")
		}
	})
	for _, c := range []struct {
		name string
		code string
		edit func(t *testing.T, topo *model.Topology)
	}{
		{"GatewaySubnet", "natgw.gateway-subnet", func(t *testing.T, topo *model.Topology) { edgeNatGateway(t, topo, "natgw", "pip-nat", "GatewaySubnet") }},
		{"two VNets", "natgw.spans-vnets", func(t *testing.T, topo *model.Topology) {
			edgeNatGateway(t, topo, "natgw", "pip-nat", "web")
			other := hsVNet("other", "10.20.0.0/16", "app=10.20.1.0/24")
			other.Subnets[0].NatGateway = "natgw"
			topo.VNets = append(topo.VNets, other)
		}},
		{"Basic public IP", "natgw.basic-ip", func(t *testing.T, topo *model.Topology) {
			topo.PublicIPAddresses = append(topo.PublicIPAddresses, edgePIP("pip-basic", "198.51.100.50", true))
			edgeNatGateway(t, topo, "natgw", "pip-basic", "web")
		}},
		{"Basic public IP in its subnet", "natgw.basic-in-subnet", func(t *testing.T, topo *model.Topology) {
			topo.PublicIPAddresses = append(topo.PublicIPAddresses, edgePIP("pip-basic", "198.51.100.50", true))
			edgeNatGateway(t, topo, "natgw", "pip-nat", "web")
			edgeNIC(t, topo, "web1").PublicIPAddress = "pip-basic"
		}},
		{"Basic public load balancer with a backend in its subnet", "natgw.basic-in-subnet", func(t *testing.T, topo *model.Topology) {
			topo.PublicIPAddresses = append(topo.PublicIPAddresses, edgePIP("pip-basic", "198.51.100.50", true))
			lb := edgeLB()
			lb.Sku, lb.FrontendIPConfigurations[0].PublicIPAddress = model.SkuBasic, "pip-basic"
			topo.LoadBalancers = []model.LoadBalancer{lb}
			edgeNatGateway(t, topo, "natgw", "pip-nat", "web")
		}},
		{"Basic internal load balancer in its subnet", "natgw.basic-in-subnet", func(t *testing.T, topo *model.Topology) {
			topo.LoadBalancers = []model.LoadBalancer{{ID: "ilb", Sku: model.SkuBasic, Subnet: "app/web", FrontendPrivateIPAddress: "10.10.1.10", Backends: []string{"web2"}}}
			edgeNatGateway(t, topo, "natgw", "pip-nat", "web")
		}},
		{"17 public IPs", "natgw.too-many-ips", func(t *testing.T, topo *model.Topology) { edgeNatGatewayWithIPs(t, topo, 17) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			topo := edgeApp()
			c.edit(t, &topo)
			edgeWantDiag(t, c.name, edgeDiags(topo), c.code, model.Error, true)
		})
	}
	t.Run("Standard load balancers in its subnet", func(t *testing.T) {
		topo := edgeApp()
		topo.LoadBalancers = []model.LoadBalancer{edgeLB(), {ID: "ilb", Sku: model.SkuStandard, Subnet: "app/web", FrontendPrivateIPAddress: "10.10.1.10", Backends: []string{"web2"}}}
		edgeNatGateway(t, &topo, "natgw", "pip-nat", "web")
		edgeWantDiag(t, "Standard load balancers", edgeDiags(topo), "natgw.basic-in-subnet", model.Error, false)
	})
	t.Run("16 public IPs", func(t *testing.T) {
		topo := edgeApp()
		edgeNatGatewayWithIPs(t, &topo, 16)
		edgeWantDiag(t, "16 public IPs", edgeDiags(topo), "natgw.too-many-ips", model.Error, false)
	})
	t.Run("outbound-only", func(t *testing.T) {
		topo := edgeApp()
		edgeNatGateway(t, &topo, "natgw", "pip-nat", "web")
		edgeNSG(&topo, "nsg-any", edgeRule("allow-all", 100, "Inbound", "Allow", "*", "Internet", "*", "*"))
		edgeSubnet(t, &topo, "web").NetworkSecurityGroup = "nsg-any"
		p := hsPlane(t, topo)
		edgeExpect(t, "Internet → the NAT gateway's address", edgeIn(p, "", "198.51.100.30", "Tcp", 443), trace.DroppedNoHost, "natgw")
		for _, c := range reach.FromInternet(p, trace.Flow{}, trace.Options{}) {
			if strings.HasPrefix(c.To, "198.51.100.30:") {
				t.Errorf("the NAT gateway's address is an Internet entry point: %+v", c)
			}
		}
	})
	t.Run("tcp-and-udp-only", func(t *testing.T) {
		topo := edgeApp()
		f := false
		edgeSubnet(t, &topo, "web").DefaultOutboundAccess = &f
		edgeNatGateway(t, &topo, "natgw", "pip-nat", "web")
		p := hsPlane(t, topo)
		edgeExpect(t, "web1 → Internet UDP", edgeOut(p, "web1", "Udp"), trace.ExitsToInternet, "NatGateway natgw")
		edgeExpect(t, "web1 → Internet ICMP", edgeOut(p, "web1", "Icmp"), trace.DroppedNoEgress, "TCP and UDP only")
	})
}

// edgeNatGatewayWithIPs adds NAT gateway natgw with n distinct Standard
// public IPs (198.51.100.100 and on) on subnet web.
func edgeNatGatewayWithIPs(t *testing.T, topo *model.Topology, n int) {
	t.Helper()
	g := model.NatGateway{ID: "natgw", Location: "westeurope"}
	for i := range n {
		id := fmt.Sprintf("pip-natgw-%d", i)
		topo.PublicIPAddresses = append(topo.PublicIPAddresses, edgePIP(id, fmt.Sprintf("198.51.100.%d", 100+i), false))
		g.PublicIPAddresses = append(g.PublicIPAddresses, id)
	}
	topo.NatGateways = append(topo.NatGateways, g)
	edgeSubnet(t, topo, "web").NatGateway = "natgw"
}

// TestRule_internet_edge_udr_beats_nat_gateway checks
// rule:internet-edge.udr-beats-nat-gateway: a 0.0.0.0/0 UDR to an NVA takes
// precedence over the subnet's NAT gateway: the traffic goes to the NVA,
// and the NVA's own subnet decides the egress (its NAT gateway, or none in
// a private subnet).
func TestRule_internet_edge_udr_beats_nat_gateway(t *testing.T) {
	topo := edgeApp()
	edgeNatGateway(t, &topo, "natgw", "pip-nat", "web")
	edgeNatGateway(t, &topo, "nat-nva", "pip-hubnat", "nva")
	edgeDefaultToNVA(t, &topo, "web")
	tr := edgeOut(hsPlane(t, topo), "web1", "Tcp")
	edgeExpect(t, "web1 → Internet", tr, trace.ExitsToInternet, "NatGateway nat-nva (source 198.51.100.41)")
	if !routingVia(tr, "nva/nic0") {
		t.Errorf("path %v, want through nva/nic0", routingHops(tr))
	}
	edgeWantDiag(t, "NAT gateway bypassed by the UDR", edgeDiags(topo), "edge.egress-bypassed", model.Info, true)

	// The appliance's subnet is private and has no method: the NVA drops it,
	// although web's own NAT gateway could have carried it.
	f := false
	topo = edgeApp()
	edgeNatGateway(t, &topo, "natgw", "pip-nat", "web")
	edgeDefaultToNVA(t, &topo, "web")
	edgeSubnet(t, &topo, "nva").DefaultOutboundAccess = &f
	tr = edgeOut(hsPlane(t, topo), "web1", "Tcp")
	edgeExpect(t, "web1 → Internet, the NVA's subnet without egress", tr, trace.DroppedNoEgress, "app/nva")
	if !routingVia(tr, "nva/nic0") {
		t.Errorf("path %v, want through nva/nic0", routingHops(tr))
	}
}

// TestRule_internet_edge_inbound_requirements checks
// rule:internet-edge.inbound-requirements: Internet-initiated traffic needs
// a public entry point, an NSG allow from Internet (or the given sources)
// to the VM's private IP and port, which the default rules never give, and
// a return path out the same way (no 0.0.0.0/0 to an appliance on the VM's
// subnet).
func TestRule_internet_edge_inbound_requirements(t *testing.T) {
	build := func(t *testing.T, rules []model.SecurityRule, toNVA bool) *dataplane.Plane {
		topo := edgeApp()
		edgeNIC(t, &topo, "admin").PublicIPAddress = "pip-admin"
		edgeNSG(&topo, "nsg-admin", rules...)
		edgeNIC(t, &topo, "admin").NetworkSecurityGroup = "nsg-admin"
		if toNVA {
			edgeDefaultToNVA(t, &topo, "admin")
		}
		return hsPlane(t, topo)
	}
	allowPrivate := edgeRule("allow-https", 100, "Inbound", "Allow", "Tcp", "Internet", "10.10.2.4", "443")
	p := build(t, []model.SecurityRule{allowPrivate}, false)
	edgeExpect(t, "entry, NSG allow on the private IP, symmetric return", edgeIn(p, "", "198.51.100.20", "Tcp", 443), trace.Delivered)
	if tr := edgeIn(p, "", "10.10.2.4", "Tcp", 443); tr.Disposition.Success() {
		t.Errorf("Internet → the VM's private address (no entry point): %s (%s)", tr.Disposition, tr.Reason)
	}
	edgeExpect(t, "NSG allows the public IP only", edgeIn(build(t, []model.SecurityRule{edgeRule("allow-pip", 100, "Inbound", "Allow", "Tcp", "Internet", "198.51.100.20", "443")}, false),
		"", "198.51.100.20", "Tcp", 443), trace.DroppedByNSG, "DenyAllInBound")
	edgeExpect(t, "default rules only", edgeIn(build(t, nil, false), "", "198.51.100.20", "Tcp", 443), trace.DroppedByNSG, "DenyAllInBound")

	specific := build(t, []model.SecurityRule{edgeRule("allow-partner", 100, "Inbound", "Allow", "Tcp", "198.51.100.200/32", "10.10.2.4", "443")}, false)
	edgeExpect(t, "allowed specific source", edgeIn(specific, "198.51.100.200", "198.51.100.20", "Tcp", 443), trace.Delivered)
	edgeExpect(t, "other source", edgeIn(specific, "203.0.113.10", "198.51.100.20", "Tcp", 443), trace.DroppedByNSG)

	tr := edgeIn(build(t, []model.SecurityRule{allowPrivate}, true), "", "198.51.100.20", "Tcp", 443)
	edgeExpect(t, "the reply goes to the appliance by 0.0.0.0/0", tr, trace.DroppedAsymmetric)
}

// TestRule_internet_edge_inbound_entry_points checks
// rule:internet-edge.inbound-entry-points: only instance public IPs and
// public load balancer frontends (their load-balancing and inbound NAT
// rules) accept Internet-initiated traffic; NAT gateways and default
// outbound addresses never do.
func TestRule_internet_edge_inbound_entry_points(t *testing.T) {
	topo := edgeApp()
	edgeNIC(t, &topo, "admin").PublicIPAddress = "pip-admin"
	topo.LoadBalancers = []model.LoadBalancer{edgeLB()}
	edgeNatGateway(t, &topo, "natgw", "pip-nat", "nva")
	edgeNSG(&topo, "nsg-any", edgeRule("allow-all", 100, "Inbound", "Allow", "*", "Internet", "*", "*"))
	for _, s := range []string{"web", "admin", "nva"} {
		edgeSubnet(t, &topo, s).NetworkSecurityGroup = "nsg-any"
	}
	p := hsPlane(t, topo)
	var got []string
	for _, c := range reach.FromInternet(p, trace.Flow{}, trace.Options{}) {
		got = append(got, c.To+" "+c.Disposition.String())
	}
	want := []string{"198.51.100.10:443/Tcp Delivered", "198.51.100.10:50001/Tcp Delivered", "198.51.100.20:443/Tcp Delivered"}
	if !slices.Equal(got, want) {
		t.Errorf("reach from the Internet: %v, want %v", got, want)
	}
	edgeExpect(t, "Internet → the NAT gateway's address", edgeIn(p, "", "198.51.100.30", "Tcp", 443), trace.DroppedNoHost)
	// web2 has default outbound access only: nothing of it answers from the Internet.
	if e := edgeEgress(t, topo, "web2/nic0"); e.Method != edge.DefaultOutboundAccess {
		t.Fatalf("web2 egress %s, want default outbound access", e.Method)
	}
	for _, e := range p.Edge().Entries() {
		if slices.Contains(edgeEntryNICs(e), "web2/nic0") && e.Kind == edge.EntryInstancePublicIP {
			t.Errorf("web2's default outbound access is an entry point: %+v", e)
		}
	}
}

// TestRule_internet_edge_hairpin checks rule:internet-edge.hairpin: a VM
// calling a public address of the design leaves by its own egress and
// comes back in through that entry as Internet traffic from its egress
// address, so it ends as a flow from the Internet with that source does
// (the entry's rules, the backend's NSGs on its private IP and port, the
// reply's way back); a sender with no egress never gets there.
func TestRule_internet_edge_hairpin(t *testing.T) {
	build := func(t *testing.T, webRules []model.SecurityRule, adminRules []model.SecurityRule, privateWeb bool) *dataplane.Plane {
		topo := edgeApp()
		edgeNIC(t, &topo, "admin").PublicIPAddress = "pip-admin"
		topo.LoadBalancers = []model.LoadBalancer{edgeLB()}
		edgeNSG(&topo, "nsg-web", webRules...)
		edgeSubnet(t, &topo, "web").NetworkSecurityGroup = "nsg-web"
		edgeNSG(&topo, "nsg-admin", adminRules...)
		edgeSubnet(t, &topo, "admin").NetworkSecurityGroup = "nsg-admin"
		if privateWeb {
			edgeSubnet(t, &topo, "web").DefaultOutboundAccess = new(bool)
		}
		return hsPlane(t, topo)
	}
	lbOnly := []model.SecurityRule{edgeRule("lb", 100, "Inbound", "Allow", "*", "AzureLoadBalancer", "*", "*")}
	webHTTPS := []model.SecurityRule{edgeRule("https", 100, "Inbound", "Allow", "Tcp", "Internet", "10.10.1.0/24", "8443")}
	adminHTTPS := []model.SecurityRule{edgeRule("https", 100, "Inbound", "Allow", "Tcp", "Internet", "10.10.2.4", "443")}
	for _, c := range []struct {
		what         string
		p            *dataplane.Plane
		from, to, as string // as: the sender's egress address ("" for default outbound access)
		want         trace.Disposition
		reasons      []string
	}{
		{"admin → the load balancer, whose backends admit only AzureLoadBalancer", build(t, lbOnly, nil, false), "admin", "198.51.100.10", "198.51.100.20",
			trace.DroppedByNSG, []string{"InstancePublicIP pip-admin (source 198.51.100.20)", "load balancer lb-web frontend fe-web", "DenyAllInBound", "10.10.1.4:8443"}},
		{"admin → the load balancer, whose backends admit the Internet", build(t, webHTTPS, nil, false), "admin", "198.51.100.10", "198.51.100.20",
			trace.Delivered, []string{"rule:internet-edge.hairpin", "delivered to web1/nic0"}},
		{"web1 → admin's public IP, which no NSG rule opens", build(t, nil, nil, false), "web1", "198.51.100.20", "",
			trace.DroppedByNSG, []string{"default outbound access", "public IP pip-admin", "DenyAllInBound"}},
		{"web1 → admin's public IP, open to the Internet", build(t, nil, adminHTTPS, false), "web1", "198.51.100.20", "",
			trace.Delivered, []string{"delivered to admin/nic0"}},
		{"web1 in a private subnet without egress", build(t, nil, adminHTTPS, true), "web1", "198.51.100.20", "",
			trace.DroppedNoEgress, []string{"no egress method"}},
	} {
		tr := hsFlow(t, c.p, c.from, c.to, "Tcp", 443)
		edgeExpect(t, c.what, tr, c.want, c.reasons...)
		if c.want == trace.DroppedNoEgress {
			continue
		}
		in := edgeIn(c.p, c.as, c.to, "Tcp", 443) // the same packet, sent by an Internet client
		if in.Disposition != tr.Disposition {
			t.Errorf("%s: %s, but from the Internet as %q: %s (%s)", c.what, tr.Disposition, c.as, in.Disposition, in.Reason)
		}
	}
}

// edgeEntryNICs lists the NICs an entry point forwards to.
func edgeEntryNICs(e *edge.Entry) []string {
	if e.Kind == edge.EntryInstancePublicIP {
		return []string{e.NIC}
	}
	var out []string
	for _, f := range e.Forwards {
		out = append(out, f.Backends...)
	}
	return out
}

// TestRule_internet_edge_public_ip_holders checks
// rule:internet-edge.public-ip-holders: a NIC's IP configuration, a public
// load balancer frontend and a NAT gateway each hold a public IP, and each
// is part of the design's Internet edge.
func TestRule_internet_edge_public_ip_holders(t *testing.T) {
	topo := edgeApp()
	edgeNIC(t, &topo, "admin").PublicIPAddress = "pip-admin"
	topo.LoadBalancers = []model.LoadBalancer{edgeLB()}
	edgeNatGateway(t, &topo, "natgw", "pip-nat", "nva")
	for _, d := range edgeDiags(topo) {
		if d.Severity == model.Error {
			t.Errorf("public IPs on a NIC, a frontend and a NAT gateway: %s", d)
		}
	}
	x := edge.Build(&topo)
	for addr, kind := range map[string]edge.EntryKind{"198.51.100.20": edge.EntryInstancePublicIP, "198.51.100.10": edge.EntryFrontend, "198.51.100.30": edge.EntryNatGateway} {
		if e, ok := x.Entry(netip.MustParseAddr(addr)); !ok || e.Kind != kind {
			t.Errorf("%s: %+v (found %v), want %s", addr, e, ok, kind)
		}
	}
}

// TestRule_internet_edge_ip_flow_verify checks
// rule:internet-edge.ip-flow-verify: IP flow verify checks one NIC's NSGs
// and never routes, answering access Allow or Deny and the deciding rule as
// securityRules/<name> or defaultSecurityRules/<name>.
func TestRule_internet_edge_ip_flow_verify(t *testing.T) {
	topo := edgeApp()
	edgeNSG(&topo, "nsg-admin", edgeRule("deny-ssh", 100, "Inbound", "Deny", "Tcp", "*", "*", "22"),
		edgeRule("allow-https", 110, "Inbound", "Allow", "Tcp", "Internet", "*", "443"))
	edgeNIC(t, &topo, "admin").NetworkSecurityGroup = "nsg-admin"
	// A UDR drops 203.0.113.0/24 (and, as a UDR prefix, joins the
	// VirtualNetwork tag, rule:nsg.virtualnetwork-tag); IP flow verify
	// still answers from the NSGs alone.
	topo.RouteTables = []model.RouteTable{{ID: "rt-blackhole", Location: "westeurope", Routes: []model.Route{
		{Name: "blackhole", AddressPrefix: "203.0.113.0/24", NextHopType: model.HopNone}}}}
	edgeSubnet(t, &topo, "admin").RouteTable = "rt-blackhole"
	p := hsPlane(t, topo)

	edgeExpect(t, "admin → 203.0.113.5 (routed to None)", hsTrace(t, p, "admin", "203.0.113.5"), trace.DroppedByNoneRoute)
	if res := edgeIPFlow(t, p, "admin", "Outbound", "TCP", "10.10.2.4", 50000, "203.0.113.5", 443); res.Access != "Allow" ||
		!strings.HasPrefix(res.RuleName, "defaultSecurityRules/") {
		t.Errorf("outbound to a destination the routes drop: %s %q (%s), want Allow by a default rule (no routes)", res.Access, res.RuleName, res.Reason)
	}
	for _, c := range []struct {
		name, dir  string
		localPort  int
		remotePort int
		access     string
		rule       string
	}{
		{"outbound default allow", "Outbound", 50000, 443, "Allow", "defaultSecurityRules/AllowInternetOutBound"},
		{"inbound custom deny", "Inbound", 22, 50000, "Deny", "securityRules/deny-ssh"},
		{"inbound custom allow", "Inbound", 443, 50000, "Allow", "securityRules/allow-https"},
		{"inbound default deny", "Inbound", 8080, 50000, "Deny", "defaultSecurityRules/DenyAllInBound"},
	} {
		res := edgeIPFlow(t, p, "admin", c.dir, "TCP", "10.10.2.4", c.localPort, "198.51.100.200", c.remotePort)
		if res.Access != c.access || res.RuleName != c.rule {
			t.Errorf("%s: %s %q (%s), want %s %q", c.name, res.Access, res.RuleName, res.Reason, c.access, c.rule)
		}
	}
}

// TestRule_internet_edge_egress_verdict checks
// rule:internet-edge.egress-verdict: a 0.0.0.0/0 Internet route alone is not
// an egress; the verdict of a walk leaving for the Internet names the
// method that carries it and its source address, or "no egress method" in
// a private subnet without one.
func TestRule_internet_edge_egress_verdict(t *testing.T) {
	f := false
	topo := edgeApp()
	edgeNIC(t, &topo, "admin").PublicIPAddress = "pip-admin"
	edgeNatGateway(t, &topo, "natgw", "pip-nat", "nva")
	lb := edgeLB()
	lb.OutboundRules = []model.OutboundRule{edgeOutboundRule()}
	lb.BackendAddressPools[0].Backends = []string{"web1"}
	topo.LoadBalancers = []model.LoadBalancer{lb}
	topo.VNets[0].Subnets = append(topo.VNets[0].Subnets, model.Subnet{Name: "legacy", AddressPrefix: "10.10.4.0/24"},
		model.Subnet{Name: "private", AddressPrefix: "10.10.5.0/24", DefaultOutboundAccess: &f})
	topo.VMs = append(topo.VMs, hsVM("legacy", "app/legacy", "10.10.4.4"), hsVM("private", "app/private", "10.10.5.4"))
	p := hsPlane(t, topo)
	w := trace.NewWalker(p, trace.Options{}, false)
	for _, c := range []struct {
		vm   string
		want trace.Disposition
		text string
	}{
		{"nva", trace.ExitsToInternet, "NatGateway natgw (source 198.51.100.30)"},
		{"admin", trace.ExitsToInternet, "InstancePublicIP pip-admin (source 198.51.100.20)"},
		{"web1", trace.ExitsToInternet, "LoadBalancerOutboundRule lb-web/out-web (source 198.51.100.10)"},
		{"legacy", trace.ExitsToInternet, "default outbound access"},
		{"private", trace.DroppedNoEgress, "no egress method"},
	} {
		tr := edgeOut(p, c.vm, "Tcp")
		edgeExpect(t, c.vm+" → Internet", tr, c.want, c.text)
		if d, why := w.Outcome(tr.Flow); d != tr.Disposition || why != tr.Reason {
			t.Errorf("%s: the matrix's walker says %s (%s), a trace %s (%s)", c.vm, d, why, tr.Disposition, tr.Reason)
		}
	}
}

// TestRule_internet_edge_service_endpoint_not_egress checks
// rule:internet-edge.service-endpoint-not-egress: traffic over a
// VirtualNetworkServiceEndpoint route is not Internet egress: it keeps
// working in a private subnet, with the VM's private IP as source.
func TestRule_internet_edge_service_endpoint_not_egress(t *testing.T) {
	f := false
	topo := edgeApp()
	edgeSubnet(t, &topo, "admin").DefaultOutboundAccess = &f
	edgeSubnet(t, &topo, "admin").ServiceEndpoints = []model.ServiceEndpoint{{Service: "Microsoft.Storage"}}
	p := hsPlane(t, topo)
	if e, ok := hsActive(t, p, "app/admin", "20.60.0.0/16"); !ok || e.NextHop != route.VirtualNetworkServiceEndpoint {
		t.Errorf("20.60.0.0/16: %s (found %v), want the service endpoint route", e.NextHop, ok)
	}
	tr := hsTrace(t, p, "admin", "20.60.1.1")
	edgeExpect(t, "admin → Storage over the service endpoint", tr, trace.ExitsToAzureService)
	if steps := edgeSteps(tr); !strings.Contains(steps, "private IP as source") || !strings.Contains(steps, "not Internet egress") {
		t.Errorf("the walk does not say it is not Internet egress, with the private IP as source:\n%s", steps)
	}
	edgeExpect(t, "admin → Internet", edgeOut(p, "admin", "Tcp"), trace.DroppedNoEgress)
}

// TestRule_internet_edge_asymmetric_return_through_firewall checks
// rule:internet-edge.asymmetric-return-through-firewall: a VM reached on its
// own public IP or through a public load balancer while its subnet's
// 0.0.0.0/0 points at a firewall answers through the firewall, which has no
// session and drops the reply; the lint flags the design.
func TestRule_internet_edge_asymmetric_return_through_firewall(t *testing.T) {
	topo := edgeApp()
	edgeNIC(t, &topo, "admin").PublicIPAddress = "pip-admin"
	topo.LoadBalancers = []model.LoadBalancer{edgeLB()}
	edgeNSG(&topo, "nsg-in", edgeRule("allow-web", 100, "Inbound", "Allow", "Tcp", "Internet", "*", "*"))
	edgeSubnet(t, &topo, "web").NetworkSecurityGroup = "nsg-in"
	edgeSubnet(t, &topo, "admin").NetworkSecurityGroup = "nsg-in"
	sym := hsPlane(t, topo)
	edgeExpect(t, "public IP, no UDR", edgeIn(sym, "", "198.51.100.20", "Tcp", 443), trace.Delivered)
	edgeExpect(t, "load balancer, no UDR", edgeIn(sym, "", "198.51.100.10", "Tcp", 443), trace.Delivered)

	edgeDefaultToNVA(t, &topo, "web", "admin")
	p := hsPlane(t, topo)
	for _, c := range []struct{ what, dst string }{{"public IP", "198.51.100.20"}, {"load balancer", "198.51.100.10"}} {
		tr := edgeIn(p, "", c.dst, "Tcp", 443)
		edgeExpect(t, c.what+" with 0.0.0.0/0 to the firewall", tr, trace.DroppedAsymmetric)
		if tr.Return == nil || !routingVia(tr.Return, "nva/nic0") {
			t.Errorf("%s: the reply does not go to the firewall: %+v", c.what, tr.Return)
		}
	}
	edgeWantDiag(t, "asymmetric public entries", edgeDiags(topo), "edge.asymmetric-public-entry", model.Warning, true)
}

// TestRule_internet_edge_lb_snat_ports checks rule:internet-edge.lb-snat-ports:
// backends of a public load balancer without outbound rules SNAT through
// the frontend IP of their load-balancing rule (unless that rule disables
// outbound SNAT).
func TestRule_internet_edge_lb_snat_ports(t *testing.T) {
	topo := edgeApp()
	lb := edgeLB()
	lb.LoadBalancingRules[0].DisableOutboundSnat = false
	topo.LoadBalancers = []model.LoadBalancer{lb}
	if e := edgeEgress(t, topo, "web2/nic0"); e.Method != edge.LoadBalancerRule || edgeSource(e) != "198.51.100.10" {
		t.Errorf("pool member without outbound rules: %s source %q (%s), want LoadBalancerRule 198.51.100.10", e.Method, edgeSource(e), e.Reason)
	}
	edgeExpect(t, "web2 → Internet", edgeOut(hsPlane(t, topo), "web2", "Tcp"), trace.ExitsToInternet, "LoadBalancerRule lb-web/https (source 198.51.100.10)")
	topo.LoadBalancers[0].LoadBalancingRules[0].DisableOutboundSnat = true
	if e := edgeEgress(t, topo, "web2/nic0"); e.Method == edge.LoadBalancerRule {
		t.Errorf("disableOutboundSnat: still %s (%s)", e.Method, e.Reason)
	}
}

// TestRule_internet_edge_lb_snat_protocol checks
// rule:internet-edge.lb-snat-protocol: an outbound rule SNATs only its
// protocol and a load-balancing rule's default SNAT only the rule's,
// neither carries ICMP; a flow they do not carry leaves by the next
// method or not at all (a NIC with an outbound rule gets no default
// outbound access), and an instance public IP carries every protocol.
func TestRule_internet_edge_lb_snat_protocol(t *testing.T) {
	build := func(outProto string, ruleSnat bool, pip bool) *dataplane.Plane {
		topo := edgeApp()
		lb := edgeLB()
		lb.LoadBalancingRules[0].DisableOutboundSnat = !ruleSnat
		if outProto != "" {
			o := edgeOutboundRule()
			o.Protocol = outProto
			lb.OutboundRules = []model.OutboundRule{o}
		}
		topo.LoadBalancers = []model.LoadBalancer{lb}
		if pip {
			edgeNIC(t, &topo, "web2").PublicIPAddress = "pip-admin"
		}
		return hsPlane(t, topo)
	}
	for _, c := range []struct {
		what    string
		p       *dataplane.Plane
		proto   string
		want    trace.Disposition
		reasons []string
	}{
		{"Tcp outbound rule, TCP", build("Tcp", false, false), "Tcp", trace.ExitsToInternet, []string{"LoadBalancerOutboundRule lb-web/out-web (source 198.51.100.10)"}},
		{"Tcp outbound rule, UDP: no other method, no default outbound access", build("Tcp", false, false), "Udp", trace.DroppedNoEgress, []string{"lb-web/out-web (Tcp) does not carry Udp", "no default outbound access"}},
		{"Tcp outbound rule, ICMP", build("Tcp", false, false), "Icmp", trace.DroppedNoEgress, []string{"TCP and UDP only", "rule:internet-edge.lb-snat-protocol"}},
		{"All outbound rule, UDP", build("All", false, false), "Udp", trace.ExitsToInternet, []string{"LoadBalancerOutboundRule lb-web/out-web"}},
		{"All outbound rule, ICMP", build("All", false, false), "Icmp", trace.DroppedNoEgress, []string{"ICMP does not leave"}},
		{"Udp outbound rule, TCP: the load-balancing rule's SNAT (Tcp) carries it", build("Udp", true, false), "Tcp", trace.ExitsToInternet, []string{"LoadBalancerRule lb-web/https (source 198.51.100.10)"}},
		{"load-balancing rule only (Tcp), UDP: default outbound access", build("", true, false), "Udp", trace.ExitsToInternet, []string{"default outbound access"}},
		{"an instance public IP carries ICMP", build("Tcp", false, true), "Icmp", trace.ExitsToInternet, []string{"InstancePublicIP pip-admin"}},
	} {
		edgeExpect(t, c.what, edgeOut(c.p, "web2", c.proto), c.want, c.reasons...)
		w := trace.NewWalker(c.p, trace.Options{}, false)
		tr := edgeOut(c.p, "web2", c.proto)
		if d, why := w.Outcome(tr.Flow); d != tr.Disposition || why != tr.Reason {
			t.Errorf("%s: Walker %s %s, Run %s %s", c.what, d, why, tr.Disposition, tr.Reason)
		}
	}
}
