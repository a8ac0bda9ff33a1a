package importer

import (
	"fmt"
	"strings"

	"vnetplay/engine/model"
)

// Route tables with their routes and network security groups with their
// rules, singular and plural prefix and port fields
// (rule:import.route-tables-and-rules).

// routeTables maps the route tables and their routes (inline routes[] or
// routeTables/routes resources, deduplicated by the index).
func (b *builder) routeTables() {
	nodes := b.ix.top(typeRouteTable)
	ids := allocate(candidates(nodes))
	for _, n := range nodes {
		id := ids[n.key]
		rt := model.RouteTable{ID: id, Location: n.Location}
		rt.DisableBgpRoutePropagation, _ = n.Bool("disableBgpRoutePropagation")
		for _, r := range b.ix.children(n, "routes") {
			r.used = true
			b.origin[cRouteTables+"["+id+"].routes["+r.Name+"]"] = r.Where
			rt.Routes = append(rt.Routes, model.Route{Name: r.Name, AddressPrefix: r.Str("addressPrefix"),
				NextHopType: routeHopType(r.Str("nextHopType")), NextHopIPAddress: r.Str("nextHopIpAddress")})
		}
		b.register(cRouteTables, n, id)
		b.t.RouteTables = append(b.t.RouteTables, rt)
	}
}

// nsgs maps the network security groups and their rules (inline
// securityRules[] or networkSecurityGroups/securityRules resources).
// Azure's default rules, which `az … show` lists, are implied by the
// format and not copied.
func (b *builder) nsgs() {
	nodes := b.ix.top(typeNSG)
	ids := allocate(candidates(nodes))
	for _, n := range nodes {
		id := ids[n.key]
		nsg := model.NSG{ID: id, Location: n.Location}
		for _, r := range b.ix.children(n, "securityRules") {
			if rule, ok := b.securityRule(r, id); ok {
				nsg.SecurityRules = append(nsg.SecurityRules, rule)
				b.origin[cNSGs+"["+id+"].securityRules["+r.Name+"]"] = r.Where
			}
		}
		b.register(cNSGs, n, id)
		b.t.NSGs = append(b.t.NSGs, nsg)
	}
}

// securityRule maps one NSG rule; ok false (reported) for a rule on
// application security groups, which vnetplay cannot express.
func (b *builder) securityRule(r *node, nsgID string) (model.SecurityRule, bool) {
	var asgs []string
	for _, side := range []string{"sourceApplicationSecurityGroups", "destinationApplicationSecurityGroups"} {
		if len(r.List(side)) > 0 {
			asgs = append(asgs, side)
		}
	}
	if len(asgs) > 0 {
		access := r.Str("access")
		effect := "traffic it allows is denied by the rules below it"
		if lowerIs(access, "Deny") {
			effect = "traffic it denies may be allowed by the rules below it"
		}
		r.used = true
		b.rep.AddFor(Ignored, nsgID, r.Where, strings.Join(asgs, ", "),
			fmt.Sprintf("rule %s (%s, priority %s) matches application security groups, which vnetplay does not model: the rule is left out, so %s", r.Name, access, numText(r, "priority"), effect))
		return model.SecurityRule{}, false
	}
	prio, _ := r.Num("priority")
	r.used = true
	return model.SecurityRule{
		Name: r.Name, Priority: int(prio), Direction: canonicalEnum(r.Str("direction"), "Inbound", "Outbound"),
		Access: canonicalEnum(r.Str("access"), "Allow", "Deny"), Protocol: canonicalEnum(r.Str("protocol"), "Tcp", "Udp", "Icmp", "Esp", "Ah", "*"),
		SourceAddressPrefix: ruleAddress(r.Str("sourceAddressPrefix")), SourceAddressPrefixes: ruleAddresses(r.Strings("sourceAddressPrefixes")),
		SourcePortRange: r.Str("sourcePortRange"), SourcePortRanges: r.Strings("sourcePortRanges"),
		DestinationAddressPrefix: ruleAddress(r.Str("destinationAddressPrefix")), DestinationAddressPrefixes: ruleAddresses(r.Strings("destinationAddressPrefixes")),
		DestinationPortRange: r.Str("destinationPortRange"), DestinationPortRanges: r.Strings("destinationPortRanges"),
	}, true
}

// canonicalEnum returns the spelling in known that equals s without regard
// to case, else s as written (lint then says what is wrong with it). Azure
// compares a rule's protocol, access and direction without regard to case
// and answers with the case they were written in: a rule made in the
// portal comes back with "protocol": "TCP"
// (rule:import.route-tables-and-rules).
func canonicalEnum(s string, known ...string) string {
	for _, k := range known {
		if strings.EqualFold(strings.TrimSpace(s), k) {
			return k
		}
	}
	return s
}

// routeHopType is a route's next hop type in the model's spelling: a file
// exported from Azure holds what Azure took, so "virtualappliance" is read
// as VirtualAppliance (rule:import.route-tables-and-rules); a value no
// spelling matches stays as written, for lint to say what is wrong.
func routeHopType(s string) string {
	return canonicalEnum(s, model.HopVirtualAppliance, model.HopVirtualNetworkGateway, model.HopNone, model.HopVnetLocal, model.HopInternet)
}

// ruleAddress is a rule's address with the service tags the model
// evaluates in their spelling: Azure takes a tag in any case, and answers
// in the case it was written in ("internet" from a Terraform rule).
func ruleAddress(s string) string {
	return canonicalEnum(s, "VirtualNetwork", "Internet", "AzureLoadBalancer", "Any")
}

// ruleAddresses is ruleAddress of each (nil stays nil).
func ruleAddresses(l []string) []string {
	for i, s := range l {
		l[i] = ruleAddress(s)
	}
	return l
}

// numText writes the number at path of n, "?" when absent.
func numText(n *node, path string) string {
	if v, ok := n.Num(path); ok {
		return fmt.Sprint(v)
	}
	return "?"
}
