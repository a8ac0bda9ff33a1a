package model

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
)

// validateEdge checks what Azure refuses at the Internet edge (rule book
// section AA): public IPs, NAT gateways, and the subnets, NICs and load
// balancer frontends that use them. Public load balancers' own structure is
// checked by publicLoadBalancer, from loadBalancers; the findings that need
// the resolved edge (edge.*: which egress wins, ...) are engine/edge's Lint.
func (v *validator) validateEdge() {
	e := &edgeCheck{v: v, pips: map[string]*PublicIPAddress{}, users: map[string][]string{}}
	e.publicIPs()
	e.natGateways()
	e.subnetsAndNICs()
}

// edgeCheck is the state of validateEdge.
type edgeCheck struct {
	v    *validator
	pips map[string]*PublicIPAddress // first of each id
	// users lists, per public IP id, what it is attached to (paths).
	users map[string][]string
}

func (e *edgeCheck) publicIPs() {
	v := e.v
	v.uniqueIDs("publicIPAddresses", idsOf(v.t.PublicIPAddresses, func(x PublicIPAddress) string { return x.ID }))
	v.uniqueIDs("natGateways", idsOf(v.t.NatGateways, func(x NatGateway) string { return x.ID }))
	seen := map[netip.Addr]string{}
	for i := range v.t.PublicIPAddresses {
		p := &v.t.PublicIPAddresses[i]
		if _, dup := e.pips[p.ID]; !dup {
			e.pips[p.ID] = p
		}
		path := "publicIPAddresses[" + p.ID + "]"
		if n := p.Sku.Name; n != "" && n != SkuStandard && n != SkuBasic {
			v.add(Error, "pip.sku", path+".sku.name", "sku.name must be Standard or Basic, got %q", n)
		}
		if p.Sku.IsBasic() {
			v.add(Warning, "edge.basic-ip-retired", path+".sku.name", "Basic public IPs were retired on 30 September 2025; use Standard, which is closed to inbound traffic until an NSG allows it (rule:internet-edge.standard-secure-by-default)")
		}
		a, err := netip.ParseAddr(p.IPAddress)
		switch {
		case err != nil:
			v.add(Error, "pip.ip-invalid", path+".ipAddress", "%q is not an IP address", p.IPAddress)
			continue
		case !a.Is4():
			v.add(Error, "pip.ip-invalid", path+".ipAddress", "%s: vnetplay models IPv4 public IPs only", a)
			continue
		case !PublicAddress(a):
			v.add(Error, "pip.not-public", path+".ipAddress", "%s is a private, shared or reserved address, not a public one", a)
		}
		if other, dup := seen[a]; dup {
			v.add(Error, "pip.ip-duplicate", path+".ipAddress", "%s is already the address of public IP %s", a, other)
		} else {
			seen[a] = p.ID
		}
	}
}

// PublicAddress reports whether a is a public unicast IPv4 address: not in
// RFC 1918, RFC 6598 (100.64.0.0/10), loopback, link-local, multicast or
// the other special-use ranges.
func PublicAddress(a netip.Addr) bool {
	if !a.Is4() || a.IsPrivate() || a.IsLoopback() || a.IsLinkLocalUnicast() || a.IsMulticast() || a.IsUnspecified() {
		return false
	}
	for _, s := range [...]string{"0.0.0.0/8", "100.64.0.0/10", "192.0.0.0/24", "198.18.0.0/15", "240.0.0.0/4"} {
		if netip.MustParsePrefix(s).Contains(a) {
			return false
		}
	}
	return true
}

// usePIP records that path uses public IP id, reporting a dangling
// reference; it returns the public IP (nil when dangling).
func (e *edgeCheck) usePIP(id, path string) *PublicIPAddress {
	p := e.pips[id]
	if p == nil {
		e.v.add(Error, "ref.dangling", path, "public IP %q does not exist", id)
		return nil
	}
	e.users[id] = append(e.users[id], path)
	return p
}

func (e *edgeCheck) natGateways() {
	v := e.v
	for _, g := range v.t.NatGateways {
		path := "natGateways[" + g.ID + "]"
		if len(g.PublicIPAddresses) == 0 {
			v.add(Warning, "natgw.no-ip", path+".publicIpAddresses", "NAT gateway %s has no public IP: it gives its subnets no egress (rule:internet-edge.nat-gateway)", g.ID)
		}
		if len(g.PublicIPAddresses) > 16 {
			v.add(Error, "natgw.too-many-ips", path+".publicIpAddresses", "%d public IPs; a NAT gateway takes at most 16 (rule:internet-edge.nat-gateway)", len(g.PublicIPAddresses))
		}
		for i, id := range g.PublicIPAddresses {
			pp := fmt.Sprintf("%s.publicIpAddresses[%d]", path, i)
			if p := e.usePIP(id, pp); p != nil && p.Sku.IsBasic() {
				v.add(Error, "natgw.basic-ip", pp, "public IP %s is Basic; a NAT gateway takes Standard public IPs only (rule:internet-edge.nat-gateway)", id)
			}
		}
	}
}

// subnetsAndNICs checks the subnets' NAT gateways and the NICs' public IPs.
func (e *edgeCheck) subnetsAndNICs() {
	v := e.v
	natgws := firstByID(v.t.NatGateways, func(g NatGateway) string { return g.ID })
	natVNet := map[string]string{} // NAT gateway → first VNet using it
	for _, id := range v.subnetIDs() {
		s := v.subnets[id]
		if s.NatGateway == "" {
			continue
		}
		vn, _, _ := strings.Cut(id, "/")
		path := "vnets[" + vn + "].subnets[" + s.Name + "].natGateway"
		if _, ok := natgws[s.NatGateway]; !ok {
			v.add(Error, "ref.dangling", path, "NAT gateway %q does not exist", s.NatGateway)
			continue
		}
		if s.Name == GatewaySubnet {
			v.add(Error, "natgw.gateway-subnet", path, "a NAT gateway cannot be associated with GatewaySubnet (rule:internet-edge.nat-gateway)")
		}
		if other, ok := natVNet[s.NatGateway]; ok && other != vn {
			v.add(Error, "natgw.spans-vnets", path, "NAT gateway %s already serves VNet %s; a NAT gateway never spans VNets (rule:internet-edge.nat-gateway)", s.NatGateway, other)
		} else if !ok {
			natVNet[s.NatGateway] = vn
		}
	}
	for _, vm := range v.t.VMs {
		for _, n := range vm.NICs {
			if n.PublicIPAddress == "" {
				continue
			}
			path := "virtualMachines[" + vm.ID + "].networkInterfaces[" + n.Name + "].publicIPAddress"
			p := e.usePIP(n.PublicIPAddress, path)
			if sn := v.subnets[n.Subnet]; p != nil && sn != nil && sn.NatGateway != "" && p.Sku.IsBasic() {
				v.add(Error, "natgw.basic-in-subnet", path, "Basic public IP %s in subnet %s, which has NAT gateway %s: a NAT gateway's subnet may hold no Basic resources (rule:internet-edge.nat-gateway)", p.ID, n.Subnet, sn.NatGateway)
			}
		}
	}
	for _, lb := range v.t.LoadBalancers {
		for _, f := range lb.FrontendIPConfigurations {
			e.usePIP(f.PublicIPAddress, "loadBalancers["+lb.ID+"].frontendIPConfigurations["+f.Name+"].publicIPAddress")
		}
	}
	e.basicLoadBalancersInNatSubnets()
	e.publicIPsInUse()
}

// publicIPsInUse reports each user of a public IP after its first (NAT
// gateways, then NICs, then load balancer frontends, each in the design's
// order): a public IP belongs to one NIC, load balancer frontend or NAT
// gateway, and Azure refuses to associate it with another
// (rule:internet-edge.public-ip-holders).
func (e *edgeCheck) publicIPsInUse() {
	for _, id := range sortedMapKeys(e.users) {
		us := e.users[id]
		for _, u := range us[min(1, len(us)):] {
			e.v.add(Error, "pip.in-use", u, "public IP %s is already associated with %s; a public IP belongs to one NIC, load balancer frontend or NAT gateway (rule:internet-edge.public-ip-holders)", id, us[0])
		}
	}
}

// basicLoadBalancersInNatSubnets reports Basic load balancers in a subnet
// that has a NAT gateway: a NAT gateway's subnet may hold no Basic
// resources (rule:internet-edge.nat-gateway), and a Basic load balancer is in every subnet that holds
// its internal frontend or one of its backends. Each load balancer and
// subnet is reported once.
func (e *edgeCheck) basicLoadBalancersInNatSubnets() {
	v := e.v
	if !slices.ContainsFunc(v.t.LoadBalancers, func(lb LoadBalancer) bool { return strings.EqualFold(lb.Sku, SkuBasic) }) {
		return
	}
	nicSubnet := make(map[string]string, nicCount(v.t.VMs)+len(v.t.VMs)) // NIC endpoint id ("vm/nic", or "vm" for its primary NIC) → subnet
	for i := range v.t.VMs {
		vm := &v.t.VMs[i]
		for _, n := range vm.NICs {
			nicSubnet[vm.ID+"/"+n.Name] = n.Subnet
		}
		if p, ok := vm.PrimaryNIC(); ok {
			if _, dup := nicSubnet[vm.ID]; !dup {
				nicSubnet[vm.ID] = p.Subnet
			}
		}
	}
	for _, lb := range v.t.LoadBalancers {
		if !strings.EqualFold(lb.Sku, SkuBasic) {
			continue
		}
		path := "loadBalancers[" + lb.ID + "]"
		seen := map[string]bool{}
		check := func(subnet, what, p string) {
			sn := v.subnets[subnet]
			if sn == nil || sn.NatGateway == "" || seen[subnet] {
				return
			}
			seen[subnet] = true
			v.add(Error, "natgw.basic-in-subnet", p, "Basic load balancer %s has %s in subnet %s, which has NAT gateway %s: a NAT gateway's subnet may hold no Basic resources (rule:internet-edge.nat-gateway)", lb.ID, what, subnet, sn.NatGateway)
		}
		if !lb.IsPublic() {
			check(lb.Subnet, "its frontend", path+".subnet")
			for _, b := range lb.Backends {
				check(nicSubnet[b], "backend "+b, path+".backends")
			}
		}
		for _, pool := range lb.BackendAddressPools {
			for _, b := range pool.Backends {
				check(nicSubnet[b], "backend "+b, path+".backendAddressPools["+pool.Name+"].backends")
			}
		}
	}
}

// publicLoadBalancer checks a public load balancer (rule:internet-edge.public-load-balancer, rule:internet-edge.outbound-precedence, rule:internet-edge.default-outbound-access):
// frontends on public IPs of its own SKU, pools of NICs, rules that name
// them, no two rules on one frontend port, outbound rules on Standard only.
// nics and vms tell which NIC and VM ids exist.
func (v *validator) publicLoadBalancer(lb LoadBalancer, path string, nics, vms map[string]bool) {
	if lb.Subnet != "" || lb.FrontendPrivateIPAddress != "" || len(lb.Backends) > 0 {
		v.add(Error, "lb.mixed-frontends", path, "a load balancer is public (frontendIPConfigurations with public IPs) or internal (subnet, frontendPrivateIpAddress, backends), not both")
	}
	basic := strings.EqualFold(lb.Sku, SkuBasic)
	pips := firstByID(v.t.PublicIPAddresses, func(p PublicIPAddress) string { return p.ID })
	fes, pools := map[string]bool{}, map[string]bool{}
	for _, f := range lb.FrontendIPConfigurations {
		fp := path + ".frontendIPConfigurations[" + f.Name + "]"
		v.uniqueName(fes, f.Name, fp, "frontend")
		p, ok := pips[f.PublicIPAddress]
		if !ok {
			continue // reported as ref.dangling by the edge check
		}
		if p.Sku.IsBasic() != basic {
			v.add(Error, "lb.sku-mismatch", fp+".publicIPAddress", "public IP %s is %s but load balancer %s is %s: a load balancer and its public IPs must have the same SKU (rule:internet-edge.public-load-balancer)", p.ID, skuName(p.Sku.Name), lb.ID, skuName(lb.Sku))
		}
	}
	for _, pool := range lb.BackendAddressPools {
		pp := path + ".backendAddressPools[" + pool.Name + "]"
		v.uniqueName(pools, pool.Name, pp, "backend pool")
		for _, b := range pool.Backends {
			if !nics[b] && !vms[b] {
				v.add(Error, "ref.dangling", pp+".backends", "backend %q is not a VM or NIC", b)
			}
		}
	}
	ports := map[string]string{} // frontend/protocol/port → rule
	claim := func(rp, fe, proto string, port int) {
		for _, pr := range expandProto(proto) {
			k := fmt.Sprintf("%s/%s/%d", fe, pr, port)
			if other, dup := ports[k]; dup {
				v.add(Error, "lb.frontend-port-conflict", rp, "frontend %s port %d/%s is already used by %s", fe, port, pr, other)
				return
			}
			ports[k] = rp
		}
	}
	names := map[string]bool{}
	for _, r := range lb.LoadBalancingRules {
		rp := path + ".loadBalancingRules[" + r.Name + "]"
		v.uniqueName(names, r.Name, rp, "rule")
		v.lbRef(fes, r.FrontendIPConfiguration, rp+".frontendIPConfiguration", "frontend")
		v.lbRef(pools, r.BackendAddressPool, rp+".backendAddressPool", "backend pool")
		v.lbRuleProtoPorts(rp, r.Protocol, r.FrontendPort, r.BackendPort)
		claim(rp, r.FrontendIPConfiguration, r.Protocol, r.FrontendPort)
	}
	for _, r := range lb.InboundNatRules {
		rp := path + ".inboundNatRules[" + r.Name + "]"
		v.uniqueName(names, r.Name, rp, "rule")
		v.lbRef(fes, r.FrontendIPConfiguration, rp+".frontendIPConfiguration", "frontend")
		v.lbRuleProtoPorts(rp, r.Protocol, r.FrontendPort, r.BackendPort)
		if !nics[r.BackendIPConfiguration] && !vms[r.BackendIPConfiguration] {
			v.add(Error, "ref.dangling", rp+".backendIPConfiguration", "backend %q is not a VM or NIC", r.BackendIPConfiguration)
		}
		claim(rp, r.FrontendIPConfiguration, r.Protocol, r.FrontendPort)
	}
	for _, r := range lb.OutboundRules {
		rp := path + ".outboundRules[" + r.Name + "]"
		v.uniqueName(names, r.Name, rp, "rule")
		if basic {
			v.add(Error, "lb.outbound-rule-basic", rp, "outbound rules exist on Standard load balancers only (rule:internet-edge.outbound-precedence, rule:internet-edge.default-outbound-access)")
		}
		if len(r.FrontendIPConfigurations) == 0 {
			v.add(Error, "lb.outbound-rule-frontend", rp+".frontendIPConfigurations", "an outbound rule needs at least one frontend")
		}
		for i, fe := range r.FrontendIPConfigurations {
			v.lbRef(fes, fe, fmt.Sprintf("%s.frontendIPConfigurations[%d]", rp, i), "frontend")
		}
		v.lbRef(pools, r.BackendAddressPool, rp+".backendAddressPool", "backend pool")
		if r.Protocol != "" && !slices.Contains([]string{ProtoTcp, ProtoUdp, ProtoAll}, r.Protocol) {
			v.add(Error, "lb.protocol", rp+".protocol", "protocol must be Tcp, Udp or All, got %q", r.Protocol)
		}
	}
}

func skuName(s string) string {
	if s == "" {
		return SkuStandard
	}
	return s
}

// expandProto lists the transport protocols a rule protocol covers.
func expandProto(p string) []string {
	if p == ProtoAll {
		return []string{ProtoTcp, ProtoUdp}
	}
	return []string{p}
}

func (v *validator) uniqueName(seen map[string]bool, name, path, what string) {
	switch {
	case name == "":
		v.add(Error, "id.empty", path, "%s has no name", what)
	case seen[name]:
		v.add(Error, "id.duplicate", path, "duplicate %s name %q", what, name)
	}
	seen[name] = true
}

func (v *validator) lbRef(names map[string]bool, name, path, what string) {
	if !names[name] {
		v.add(Error, "ref.dangling", path, "%s %q does not exist on this load balancer", what, name)
	}
}

func (v *validator) lbRuleProtoPorts(path, proto string, fe, be int) {
	if !slices.Contains([]string{ProtoTcp, ProtoUdp, ProtoAll}, proto) {
		v.add(Error, "lb.protocol", path+".protocol", "protocol must be Tcp, Udp or All, got %q", proto)
	}
	if fe < 1 || fe > 65535 {
		v.add(Error, "lb.port", path+".frontendPort", "frontendPort %d is outside 1–65535", fe)
	}
	if be < 1 || be > 65535 {
		v.add(Error, "lb.port", path+".backendPort", "backendPort %d is outside 1–65535", be)
	}
}
