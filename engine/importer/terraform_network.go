package importer

import (
	"fmt"
	"strings"
)

// VNets, subnets, peerings, route tables and NSGs, and the associations
// between subnets and what they use.

// tfVNet maps azurerm_virtual_network, its inline subnet blocks included
// (v3 address_prefix and security_group; v4 address_prefixes,
// route_table_id and the rest of rule:import.azurerm-renames).
func tfVNet(c *tfCtx, r *tfRes) {
	v := r.Values
	p := map[string]any{
		"addressSpace": map[string]any{"addressPrefixes": anyList(c.vStrs(v, "address_space"))},
		"subnets":      []any{},
	}
	if dns := c.vStrs(v, "dns_servers"); len(dns) > 0 {
		p["dhcpOptions"] = map[string]any{"dnsServers": anyList(dns)}
	}
	c.copyNum(p, "flowTimeoutInMinutes", v, "flow_timeout_in_minutes")
	c.copyStr(p, "privateEndpointVNetPolicies", v, "private_endpoint_vnet_policies")
	if s := c.vStr(v, "bgp_community"); s != "" {
		p["bgpCommunities"] = map[string]any{"virtualNetworkCommunity": s}
	}
	if d := c.vBlock(v, "ddos_protection_plan"); d != nil {
		setRef(p, "ddosProtectionPlan", c.vStr(d, "id"))
		c.copyBool(p, "enableDdosProtection", d, "enable")
	}
	if e := c.vBlock(v, "encryption"); e != nil {
		p["encryption"] = map[string]any{"enabled": true, "enforcement": c.vStr(e, "enforcement")}
	}
	res := c.add(r, armVNet, p)
	if res == nil {
		return
	}
	for i, b := range c.vBlocks(v, "subnet") {
		name := c.vStr(b, "name")
		if name == "" {
			c.rep.Add(Ignored, r.Address, fmt.Sprintf("subnet[%d]", i), "a subnet block without a name")
			continue
		}
		id := c.vStr(b, "id")
		if id == "" {
			id = res.ID + "/subnets/" + name
		}
		c.subnets[strings.ToLower(id)] = c.putChild(res, "subnets", id, name, c.subnetProps(r, b, "subnet", i))
	}
}

// subnetProps maps a subnet's attributes (an inline block of a VNet, path
// block, or an azurerm_subnet) to REST subnet properties; v3's address_prefix
// and v4's address_prefixes (rule:import.subnet-prefix-forms).
func (c *tfCtx) subnetProps(r *tfRes, b map[string]any, block ...any) map[string]any {
	p := map[string]any{}
	c.copyStr(p, "addressPrefix", b, "address_prefix")
	if l := c.vStrs(b, "address_prefixes"); len(l) > 0 {
		if one := c.vStr(b, "address_prefix"); one != "" && (len(l) != 1 || l[0] != one) {
			c.rep.Add(Ignored, r.Address, attrPath("address_prefix", block), "disagrees with address_prefixes, which is used")
		}
		delete(p, "addressPrefix")
		p["addressPrefixes"] = anyList(l)
	}
	setRef(p, "networkSecurityGroup", c.refID(r, b, "security_group", block...))
	setRef(p, "routeTable", c.refID(r, b, "route_table_id", block...))
	c.copyBool(p, "defaultOutboundAccess", b, "default_outbound_access_enabled")
	if s := c.vStr(b, "private_endpoint_network_policies"); s != "" {
		p["privateEndpointNetworkPolicies"] = s
	} else if on, ok := c.flag(r, b, tfAlt{attr: "private_endpoint_network_policies_enabled"},
		tfAlt{attr: "enforce_private_link_endpoint_network_policies", invert: true}); ok {
		p["privateEndpointNetworkPolicies"] = enabledWord(on)
	}
	if on, ok := c.flag(r, b, tfAlt{attr: "private_link_service_network_policies_enabled"},
		tfAlt{attr: "enforce_private_link_service_network_policies", invert: true}); ok {
		p["privateLinkServiceNetworkPolicies"] = enabledWord(on)
	}
	if se := c.vStrs(b, "service_endpoints"); len(se) > 0 {
		l := make([]any, len(se))
		for i, s := range se {
			l[i] = map[string]any{"service": s}
		}
		p["serviceEndpoints"] = l
	}
	setRefs(p, "serviceEndpointPolicies", c.vStrs(b, "service_endpoint_policy_ids"))
	var dl []any
	for _, d := range c.vBlocks(b, "delegation") {
		sd := c.vBlock(d, "service_delegation")
		dp := map[string]any{}
		c.copyStr(dp, "serviceName", sd, "name")
		c.copyList(dp, "actions", sd, "actions")
		dl = append(dl, map[string]any{"name": c.vStr(d, "name"), "properties": dp})
	}
	if dl != nil {
		p["delegations"] = dl
	}
	return p
}

// tfSubnetRes maps azurerm_subnet: merged into the subnet of the same id
// that the VNet's state lists (its subnet attribute is computed), else
// added to its VNet, else a subnet Resource of its own.
func tfSubnetRes(c *tfCtx, r *tfRes) {
	id := c.idOf(r)
	name := c.vStr(r.Values, "name")
	props := c.subnetProps(r, r.Values)
	key := strings.ToLower(id)
	if sp := c.subnets[key]; sp != nil {
		mergeProps(sp, props)
		return
	}
	if vn := c.find(armParent(id, "subnets"), armVNet); vn != nil {
		c.subnets[key] = c.putChild(vn, "subnets", id, name, props)
		return
	}
	if res := c.addAs(r, armSubnet, id, name, props); res != nil {
		c.subnets[key] = res.Props
	}
}

// tfPeering maps azurerm_virtual_network_peering. The state has no
// peering state and no remote address space; a data
// azurerm_virtual_network the peering points at gives the latter.
func tfPeering(c *tfCtx, r *tfRes) {
	v := r.Values
	p := map[string]any{}
	remote := c.refID(r, v, "remote_virtual_network_id")
	setRef(p, "remoteVirtualNetwork", remote)
	c.copyBool(p, "allowVirtualNetworkAccess", v, "allow_virtual_network_access")
	c.copyBool(p, "allowForwardedTraffic", v, "allow_forwarded_traffic")
	c.copyBool(p, "allowGatewayTransit", v, "allow_gateway_transit")
	c.copyBool(p, "useRemoteGateways", v, "use_remote_gateways")
	c.copyBool(p, "peerCompleteVnets", v, "peer_complete_virtual_networks_enabled")
	c.copyBool(p, "enableOnlyIPv6Peering", v, "only_ipv6_peering_enabled")
	c.copyList(p, "localSubnetNames", v, "local_subnet_names")
	c.copyList(p, "remoteSubnetNames", v, "remote_subnet_names")
	if d := c.dataVNets[strings.ToLower(remote)]; d != nil {
		if space := c.vStrs(d.Values, "address_space"); len(space) > 0 {
			p["remoteAddressSpace"] = map[string]any{"addressPrefixes": anyList(space)}
			p["remoteVirtualNetworkAddressSpace"] = map[string]any{"addressPrefixes": anyList(space)}
		}
	}
	c.add(r, armPeering, p)
}

// tfVNetDNSServers merges azurerm_virtual_network_dns_servers into its VNet.
func tfVNetDNSServers(c *tfCtx, r *tfRes) {
	vn := c.find(c.refID(r, r.Values, "virtual_network_id"), armVNet)
	if vn == nil {
		c.rep.Add(Ignored, r.Address, r.Type, "its VNet is not in the file; the DNS servers are not applied")
		return
	}
	if dns := c.vStrs(r.Values, "dns_servers"); len(dns) > 0 {
		vn.Props["dhcpOptions"] = map[string]any{"dnsServers": anyList(dns)}
	}
}

// tfRouteTable maps azurerm_route_table with its inline routes. v3's
// disable_bgp_route_propagation and v4's bgp_route_propagation_enabled
// have opposite senses (rule:import.azurerm-renames; rule:propagation.disable-drops-gateway-routes).
func tfRouteTable(c *tfCtx, r *tfRes) {
	v := r.Values
	p := map[string]any{"routes": []any{}}
	if d, ok := c.flag(r, v, tfAlt{attr: "bgp_route_propagation_enabled", invert: true},
		tfAlt{attr: "disable_bgp_route_propagation"}); ok {
		p["disableBgpRoutePropagation"] = d
	}
	res := c.add(r, armRT, p)
	if res == nil {
		return
	}
	c.putBlocks(res, r.Address, c.vBlocks(v, "route"), "route", "routes", routeProps)
}

// putBlocks puts the named inline blocks of a resource (routes, security
// rules) as children under prop; a block without a name is reported.
func (c *tfCtx) putBlocks(res *Resource, where string, blocks []map[string]any, block, prop string, props func(*tfCtx, map[string]any) map[string]any) {
	for i, b := range blocks {
		name := c.vStr(b, "name")
		if name == "" {
			c.rep.Add(Ignored, where, fmt.Sprintf("%s[%d]", block, i), "a "+strings.ReplaceAll(block, "_", " ")+" block without a name")
			continue
		}
		c.putChild(res, prop, res.ID+"/"+prop+"/"+name, name, props(c, b))
	}
}

// routeProps maps a route (inline block or azurerm_route).
func routeProps(c *tfCtx, b map[string]any) map[string]any {
	p := map[string]any{}
	c.copyStr(p, "addressPrefix", b, "address_prefix")
	c.copyStr(p, "nextHopType", b, "next_hop_type")
	c.copyStr(p, "nextHopIpAddress", b, "next_hop_in_ip_address")
	return p
}

// tfRouteRes maps azurerm_route into its route table (or on its own when
// the table is not in the file).
func tfRouteRes(c *tfCtx, r *tfRes) {
	id := c.idOf(r)
	name := c.vStr(r.Values, "name")
	if rt := c.find(armParent(id, "routes"), armRT); rt != nil {
		c.putChild(rt, "routes", id, name, routeProps(c, r.Values))
		return
	}
	c.addAs(r, armRoute, id, name, routeProps(c, r.Values))
}

// tfSubnetAssoc returns the mapper of a subnet association resource: the
// subnet gets key = {"id": the attr's value}.
func tfSubnetAssoc(attr, key string) tfMapper {
	return func(c *tfCtx, r *tfRes) {
		sid := c.refID(r, r.Values, "subnet_id")
		target := c.refID(r, r.Values, attr)
		if sid == "" || target == "" {
			c.rep.Add(Ignored, r.Address, r.Type, "subnet_id or "+attr+" is not known; the association is not applied")
			return
		}
		sp := c.subnets[strings.ToLower(sid)]
		if sp == nil {
			c.rep.Add(Ignored, r.Address, r.Type, "subnet "+sid+" is not in the file; the association is not applied")
			return
		}
		if prev := RefID(sp[key]); prev != "" && !strings.EqualFold(prev, target) {
			c.rep.Add(Ignored, r.Address, key, "the subnet's own state names "+prev+"; this association's "+target+" is used")
		}
		setRef(sp, key, target)
	}
}

// tfNSG maps azurerm_network_security_group with its inline rules.
func tfNSG(c *tfCtx, r *tfRes) {
	res := c.add(r, armNSG, map[string]any{"securityRules": []any{}})
	if res == nil {
		return
	}
	c.putBlocks(res, r.Address, c.vBlocks(r.Values, "security_rule"), "security_rule", "securityRules", ruleProps)
}

// ruleProps maps an NSG rule (inline block or azurerm_network_security_rule);
// empty strings and lists, the state's way of saying unset, are left out.
func ruleProps(c *tfCtx, b map[string]any) map[string]any {
	p := map[string]any{}
	c.copyNum(p, "priority", b, "priority")
	c.copyStr(p, "direction", b, "direction")
	c.copyStr(p, "access", b, "access")
	c.copyStr(p, "protocol", b, "protocol")
	c.copyStr(p, "description", b, "description")
	c.copyStr(p, "sourcePortRange", b, "source_port_range")
	c.copyList(p, "sourcePortRanges", b, "source_port_ranges")
	c.copyStr(p, "destinationPortRange", b, "destination_port_range")
	c.copyList(p, "destinationPortRanges", b, "destination_port_ranges")
	c.copyStr(p, "sourceAddressPrefix", b, "source_address_prefix")
	c.copyList(p, "sourceAddressPrefixes", b, "source_address_prefixes")
	c.copyStr(p, "destinationAddressPrefix", b, "destination_address_prefix")
	c.copyList(p, "destinationAddressPrefixes", b, "destination_address_prefixes")
	setRefs(p, "sourceApplicationSecurityGroups", c.vStrs(b, "source_application_security_group_ids"))
	setRefs(p, "destinationApplicationSecurityGroups", c.vStrs(b, "destination_application_security_group_ids"))
	return p
}

// tfRuleRes maps azurerm_network_security_rule into its NSG (or on its
// own when the NSG is not in the file).
func tfRuleRes(c *tfCtx, r *tfRes) {
	id := c.idOf(r)
	name := c.vStr(r.Values, "name")
	if nsg := c.find(armParent(id, "securityRules"), armNSG); nsg != nil {
		c.putChild(nsg, "securityRules", id, name, ruleProps(c, r.Values))
		return
	}
	c.addAs(r, armRule, id, name, ruleProps(c, r.Values))
}

// mapData maps the data sources that matter: a data VNet that managed
// peerings or subnets live in (phase 0), and the data subnets of such a
// VNet (phase 1). Every other data source is read only through what
// refers to it (a peering's remote VNet gives its address space).
func (c *tfCtx) mapData(r *tfRes, phase int) {
	switch {
	case phase == 0 && r.Type == "azurerm_virtual_network" && c.hostVNets[strings.ToLower(c.idOf(r))]:
		tfDataVNet(c, r)
	case phase == 1 && r.Type == "azurerm_subnet":
		id := c.idOf(r)
		vn := c.find(armParent(id, "subnets"), armVNet)
		if vn == nil || vn.Where != tfDataAddress(c, armParent(id, "subnets")) {
			return
		}
		p := c.subnetProps(r, r.Values)
		setRef(p, "networkSecurityGroup", c.vStr(r.Values, "network_security_group_id"))
		setRef(p, "routeTable", c.vStr(r.Values, "route_table_id"))
		c.subnets[strings.ToLower(id)] = c.putChild(vn, "subnets", id, c.vStr(r.Values, "name"), p)
	}
}

// tfDataAddress is the address of the data VNet of id ("" if none).
func tfDataAddress(c *tfCtx, id string) string {
	if d := c.dataVNets[strings.ToLower(id)]; d != nil {
		return d.Address
	}
	return ""
}

// tfDataVNet maps a data azurerm_virtual_network that managed resources
// live in: its address space and DNS servers, and only the subnets the
// file has as data sources too (the data source lists its subnets by name
// only). Reported as a placeholder: the VNet is managed elsewhere.
func tfDataVNet(c *tfCtx, r *tfRes) {
	v := r.Values
	p := map[string]any{
		"addressSpace": map[string]any{"addressPrefixes": anyList(c.vStrs(v, "address_space"))},
		"subnets":      []any{},
	}
	if dns := c.vStrs(v, "dns_servers"); len(dns) > 0 {
		p["dhcpOptions"] = map[string]any{"dnsServers": anyList(dns)}
	}
	if c.add(r, armVNet, p) == nil {
		return
	}
	c.rep.Add(Placeholder, r.Address, "azurerm_virtual_network (data source)",
		"managed outside this state, and resources this state manages live in it: imported with its address space; "+
			"of its subnets only those read as data sources too are in the file")
}
