package armexport

import (
	"fmt"
	"strings"

	"vnetplay/engine/model"
)

// routeTables exports the route tables with their routes (rule:import.route-tables-and-rules).
func (e *exporter) routeTables() {
	for _, rt := range e.t.RouteTables {
		path := "routeTables[" + rt.ID + "]"
		if !e.nameOK(path, tRouteTable, rt.ID) {
			continue
		}
		routes := arr{}
		for _, r := range rt.Routes {
			p := obj{"addressPrefix": r.AddressPrefix, "nextHopType": r.NextHopType}
			if r.NextHopIPAddress != "" {
				p["nextHopIpAddress"] = r.NextHopIPAddress
			}
			routes = append(routes, obj{"name": r.Name, "properties": p})
		}
		loc := e.location(rt.Location, located(e.ix.userLoc, "rt:"+rt.ID))
		e.add(&resource{typ: tRouteTable, name: rt.ID, location: loc,
			props: obj{"disableBgpRoutePropagation": rt.DisableBgpRoutePropagation, "routes": routes}})
	}
}

// nsgs exports the network security groups with their rules; Azure's
// default rules are implied there as in the design (rule:nsg.default-rules).
func (e *exporter) nsgs() {
	for _, n := range e.t.NSGs {
		path := "networkSecurityGroups[" + n.ID + "]"
		if !e.nameOK(path, tNSG, n.ID) {
			continue
		}
		rules := arr{}
		for _, r := range n.SecurityRules {
			p := obj{"priority": r.Priority, "direction": r.Direction, "access": r.Access, "protocol": r.Protocol}
			oneOrMany(p, "sourceAddressPrefix", "sourceAddressPrefixes", r.SourceAddressPrefix, r.SourceAddressPrefixes)
			oneOrMany(p, "sourcePortRange", "sourcePortRanges", r.SourcePortRange, r.SourcePortRanges)
			oneOrMany(p, "destinationAddressPrefix", "destinationAddressPrefixes", r.DestinationAddressPrefix, r.DestinationAddressPrefixes)
			oneOrMany(p, "destinationPortRange", "destinationPortRanges", r.DestinationPortRange, r.DestinationPortRanges)
			rules = append(rules, obj{"name": r.Name, "properties": p})
		}
		loc := e.location(n.Location, located(e.ix.userLoc, "nsg:"+n.ID))
		e.add(&resource{typ: tNSG, name: n.ID, location: loc, props: obj{"securityRules": rules}})
	}
}

// oneOrMany writes an NSG rule's singular and plural forms as the design
// has them; with neither, the singular "*" the design means
// (model.SecurityRule.Sources).
func oneOrMany(p obj, singular, plural, one string, many []string) {
	if one == "" && len(many) == 0 {
		p[singular] = "*"
		return
	}
	if one != "" {
		p[singular] = one
	}
	if len(many) > 0 {
		p[plural] = strs(many)
	}
}

// vnets exports the VNets with their subnets inline (rule:import.vnet-and-subnet-paths,
// rule:import.missing-subnets-not-empty: a
// template that creates the VNet lists them all).
func (e *exporter) vnets() {
	for i := range e.t.VNets {
		v := &e.t.VNets[i]
		path := "vnets[" + v.ID + "]"
		if !e.nameOK(path, tVNet, v.ID) {
			continue
		}
		props := obj{"addressSpace": obj{"addressPrefixes": strs(v.AddressSpace.AddressPrefixes)}}
		subnets := arr{}
		seen := map[string]bool{}
		for _, s := range v.Subnets {
			sp := path + ".subnets[" + s.Name + "]"
			if s.Name == "" || strings.Contains(s.Name, "/") || seen[strings.ToLower(s.Name)] {
				e.lose(sp, "a subnet needs a name of its own in its VNet, without \"/\" (Azure compares names without case)")
				continue
			}
			seen[strings.ToLower(s.Name)] = true
			subnets = append(subnets, obj{"name": s.Name, "properties": e.subnet(v.ID, s, sp)})
		}
		props["subnets"] = subnets
		if v.DhcpOptions != nil {
			props["dhcpOptions"] = obj{"dnsServers": strs(v.DhcpOptions.DNSServers)}
		}
		if len(v.SummarizedGatewayPrefixes) > 0 {
			e.lose(path+".summarizedGatewayPrefixes", "summarizedGatewayPrefixes (2026, rule:gateway-transit.summarized-prefixes) is not a property of API "+apiNetwork+"; set it on the VNet once deployed")
		}
		e.add(&resource{typ: tVNet, name: v.ID, location: e.location(v.Location, nil), props: props})
	}
}

// subnet is one subnet's properties; a reference to something the template
// does not define is left out and listed.
func (e *exporter) subnet(vnet string, s model.Subnet, path string) obj {
	p := obj{"addressPrefix": s.AddressPrefix}
	link := func(field, typ, id string) {
		if id == "" {
			return
		}
		if !e.has(typ, id) {
			e.lose(path+"."+field, fmt.Sprintf("%s %q is not exported (not in the design, or not exportable), so the subnet is exported without it", field, id))
			return
		}
		p[field] = ref(typ, id)
	}
	link("routeTable", tRouteTable, s.RouteTable)
	link("networkSecurityGroup", tNSG, s.NetworkSecurityGroup)
	link("natGateway", tNAT, s.NatGateway)
	if len(s.ServiceEndpoints) > 0 {
		se := arr{}
		for _, x := range s.ServiceEndpoints {
			se = append(se, obj{"service": x.Service})
		}
		p["serviceEndpoints"] = se
	}
	if s.PrivateEndpointNetworkPolicies != "" {
		p["privateEndpointNetworkPolicies"] = s.PrivateEndpointNetworkPolicies
	}
	if s.DefaultOutboundAccess != nil {
		p["defaultOutboundAccess"] = *s.DefaultOutboundAccess
	}
	if e.resolverSubnets[vnet+"/"+s.Name] {
		p["delegations"] = arr{obj{"name": "Microsoft.Network.dnsResolvers", "properties": obj{"serviceName": tResolver}}}
		e.assume(path+".delegations", "delegated to Microsoft.Network/dnsResolvers: a DNS resolver endpoint needs its subnet delegated (rule:dns.private-resolver-endpoints)")
	}
	return p
}

// peerings exports both links of each peering as
// virtualNetworks/virtualNetworkPeerings children named after the peering,
// each with its own side's flags (rule:peering.link-states, rule:import.peering-sides).
func (e *exporter) peerings() {
	e.transit = map[string][]idRef{}
	for _, g := range e.t.Gateways {
		if e.has(tGateway, g.ID) {
			e.transit[g.VNet] = append(e.transit[g.VNet], rid(tGateway, g.ID))
		}
	}
	for _, rs := range e.t.RouteServers {
		if e.has(tHubIPConfig, rs.ID, hubIPConfig) {
			e.transit[rs.VNet] = append(e.transit[rs.VNet], rid(tHubIPConfig, rs.ID, hubIPConfig))
		}
	}
	for _, p := range e.t.Peerings {
		e.peeringLink(p, p.A, p.B, "peerings["+p.ID+"].a")
		e.peeringLink(p, p.B, p.A, "peerings["+p.ID+"].b")
	}
}

func (e *exporter) peeringLink(p model.Peering, self, other model.PeeringLink, path string) {
	switch {
	case self.Lifecycle == model.LinkNotCreated:
		// No resource: the other side is Initiated, as an import reads a
		// lone link; flags of a link that does not exist do nothing.
		if !self.VirtualNetworkAccess() || self.AllowForwardedTraffic || self.AllowGatewayTransit || self.UseRemoteGateways {
			e.lose(path, "the link is not created (the other side is Initiated), so its flags are not exported")
		}
		return
	case self.Lifecycle == model.LinkDeleted:
		e.lose(path, "a link deleted after the peering connected (the other side Disconnected) cannot be deployed: a template only creates links, so it is left out and reads back as never created (the other side Initiated)")
		return
	case !e.has(tVNet, self.VNet) || !e.has(tVNet, other.VNet):
		e.lose(path, fmt.Sprintf("the link from %q to %q needs both VNets, and one is not exported", self.VNet, other.VNet))
		return
	}
	if !e.nameOK(path, tPeering, self.VNet, p.ID) {
		return
	}
	name := self.VNet + "/" + p.ID
	props := obj{
		"remoteVirtualNetwork":      ref(tVNet, other.VNet),
		"allowVirtualNetworkAccess": self.VirtualNetworkAccess(),
		"allowForwardedTraffic":     self.AllowForwardedTraffic,
		"allowGatewayTransit":       self.AllowGatewayTransit,
		"useRemoteGateways":         self.UseRemoteGateways,
	}
	if self.RemoteAddressSpace != nil {
		e.lose(path+".remoteAddressSpace", "a link's stale copy of the remote address space (not in sync, rule:peering.address-space-sync) cannot be deployed: a new link syncs at creation")
	}
	r := &resource{typ: tPeering, name: name, props: props}
	// A link that offers or uses gateway transit is created after the
	// gateways and Route Server (Azure refuses useRemoteGateways before
	// the remote gateway exists).
	if self.AllowGatewayTransit {
		r.after = append(r.after, e.transit[self.VNet]...)
	}
	if self.UseRemoteGateways {
		r.after = append(r.after, e.transit[other.VNet]...)
	}
	e.add(r)
}
