package model

import "strings"

// azureNames checks every resource's name as Azure checks it (CheckName: the
// length, the characters, the first and last character; rule:naming.*):
// a design whose names Azure would refuse is reported, whichever way it
// was made (typed in a file, imported), not only when renamed in the
// editor. An empty id is id.empty's. Names are read in document order;
// most are short ASCII names, checked without decoding (plainName).
func (v *validator) azureNames() {
	t := v.t
	for _, vn := range t.VNets {
		v.checkName(KindVNet, vn.ID, "vnets[", vn.ID, "]")
		for _, s := range vn.Subnets {
			v.checkName(KindSubnet, s.Name, "vnets[", vn.ID, "].subnets[", s.Name, "]")
		}
	}
	for _, p := range t.Peerings {
		v.checkName(KindPeering, p.ID, "peerings[", p.ID, "]")
	}
	for _, x := range t.RouteTables {
		v.checkName(KindRouteTable, x.ID, "routeTables[", x.ID, "]")
	}
	for _, x := range t.NSGs {
		v.checkName(KindNSG, x.ID, "networkSecurityGroups[", x.ID, "]")
	}
	for _, vm := range t.VMs {
		v.checkName(KindVM, vm.ID, "virtualMachines[", vm.ID, "]")
		for _, n := range vm.NICs {
			v.checkName(KindNIC, n.Name, "virtualMachines[", vm.ID, "].networkInterfaces[", n.Name, "]")
		}
	}
	v.topLevelNames()
}

// topLevelNames is azureNames for the kinds after the VMs.
func (v *validator) topLevelNames() {
	t := v.t
	for _, x := range t.LoadBalancers {
		v.checkName(KindLoadBalancer, x.ID, "loadBalancers[", x.ID, "]")
	}
	for _, x := range t.PublicIPAddresses {
		v.checkName(KindPublicIP, x.ID, "publicIPAddresses[", x.ID, "]")
	}
	for _, x := range t.NatGateways {
		v.checkName(KindNatGateway, x.ID, "natGateways[", x.ID, "]")
	}
	for _, g := range t.Gateways {
		v.checkName(KindGateway, g.ID, "virtualNetworkGateways[", g.ID, "]")
		if c := g.VpnClientConfiguration; c != nil {
			for _, cl := range c.Clients {
				v.checkName(KindP2SClient, cl.ID, "virtualNetworkGateways[", g.ID, "].vpnClientConfiguration.clients[", cl.ID, "]")
			}
		}
	}
	for _, x := range t.LocalNetworkGateways {
		v.checkName(KindLocalNetworkGateway, x.ID, "localNetworkGateways[", x.ID, "]")
	}
	for _, s := range t.Sites {
		v.checkName(KindSite, s.ID, "sites[", s.ID, "]")
		for _, h := range s.Hosts {
			v.checkName(KindHost, h.ID, "sites[", s.ID, "].hosts[", h.ID, "]")
		}
	}
	for _, x := range t.Connections {
		v.checkName(KindConnection, x.ID, "connections[", x.ID, "]")
	}
	for _, x := range t.Circuits {
		v.checkName(KindCircuit, x.ID, "expressRouteCircuits[", x.ID, "]")
	}
	for _, rs := range t.RouteServers {
		v.checkName(KindRouteServer, rs.ID, "routeServers[", rs.ID, "]")
		for _, b := range rs.BgpConnections {
			v.checkName(KindRouteServerPeer, b.Name, "routeServers[", rs.ID, "].bgpConnections[", b.Name, "]")
		}
	}
	for _, x := range t.PrivateEndpoints {
		v.checkName(KindPrivateEndpoint, x.ID, "privateEndpoints[", x.ID, "]")
	}
	for _, x := range t.DNSResolvers {
		v.checkName(KindDNSResolver, x.ID, "dnsResolvers[", x.ID, "]")
	}
	for _, x := range t.DNSForwardingRulesets {
		v.checkName(KindDNSForwardingRuleset, x.ID, "dnsForwardingRulesets[", x.ID, "]")
	}
}

// checkName reports name at the path its parts make (joined only for a
// finding) when Azure refuses it as a name of kind k; an empty name is
// left to id.empty.
func (v *validator) checkName(k Kind, name string, path ...string) {
	if name == "" || plainName(k, name) {
		return
	}
	if err := CheckName(k, name); err != nil {
		v.add(Error, "name.invalid", strings.Join(path, ""), "%s", err.Error())
	}
}

// plainName reports, without decoding, whether name is ASCII letters,
// digits, '_', '.' and '-' within k's length, starting with a letter or
// digit and ending with one or '_': a name CheckName accepts. False means
// CheckName must look.
func plainName(k Kind, name string) bool {
	lo, hi, ok := k.NameLength()
	if !ok || len(name) < lo || len(name) > hi {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-') {
			return false
		}
	}
	first, last := rune(name[0]), rune(name[len(name)-1])
	return alnum(first) && (alnum(last) || last == '_')
}
