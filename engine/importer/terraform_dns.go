package importer

// Private endpoints, private DNS zones and DNS Private Resolver (rule:import.private-link-and-dns-paths).

const armZones = "Microsoft.Network/privateDnsZones"

// tfPrivateEndpoint maps azurerm_private_endpoint. Its private IP (the
// connection's private_ip_address) goes where REST has it with the NIC
// expanded: networkInterfaces[0].properties.ipConfigurations[0]; its
// private_dns_zone_group becomes a privateDnsZoneGroups child Resource.
func tfPrivateEndpoint(c *tfCtx, r *tfRes) {
	v := r.Values
	p := map[string]any{}
	setRef(p, "subnet", c.refID(r, v, "subnet_id"))
	c.copyStr(p, "customNetworkInterfaceName", v, "custom_network_interface_name")
	psc := c.vBlock(v, "private_service_connection")
	if psc != nil {
		cp := map[string]any{}
		target := c.refID(r, psc, "private_connection_resource_id", "private_service_connection", 0)
		if target == "" {
			target = c.vStr(psc, "private_connection_resource_alias")
		}
		setStr(cp, "privateLinkServiceId", target)
		c.copyList(cp, "groupIds", psc, "subresource_names")
		c.copyStr(cp, "requestMessage", psc, "request_message")
		list := "privateLinkServiceConnections"
		if manual, _ := c.vBool(psc, "is_manual_connection"); manual {
			list = "manualPrivateLinkServiceConnections"
		}
		p[list] = []any{map[string]any{"name": c.vStr(psc, "name"), "properties": cp}}
		c.unknown(r, psc, "private_ip_address", "private_service_connection", 0)
	}
	var dnsConfigs []any
	for _, b := range c.vBlocks(v, "custom_dns_configs") {
		dnsConfigs = append(dnsConfigs, map[string]any{"fqdn": c.vStr(b, "fqdn"), "ipAddresses": anyList(c.vStrs(b, "ip_addresses"))})
	}
	if dnsConfigs != nil {
		p["customDnsConfigs"] = dnsConfigs
	}
	var ipcs []any
	for _, b := range c.vBlocks(v, "ip_configuration") {
		ip := map[string]any{}
		c.copyStr(ip, "privateIPAddress", b, "private_ip_address")
		c.copyStr(ip, "groupId", b, "subresource_name")
		c.copyStr(ip, "memberName", b, "member_name")
		ipcs = append(ipcs, map[string]any{"name": c.vStr(b, "name"), "properties": ip})
	}
	if ipcs != nil {
		p["ipConfigurations"] = ipcs
	}
	peNIC(c, p, c.vBlock(v, "network_interface"), c.vStr(psc, "private_ip_address"))
	res := c.add(r, "Microsoft.Network/privateEndpoints", p)
	if res != nil {
		c.zoneGroup(r, res.ID)
	}
}

// peNIC sets a private endpoint's networkInterfaces: the NIC's id and the
// private IP, REST's expanded shape.
func peNIC(c *tfCtx, p map[string]any, nic map[string]any, ip string) {
	if nic == nil && ip == "" {
		return
	}
	e := map[string]any{}
	c.copyStr(e, "id", nic, "id")
	if ip != "" {
		e["properties"] = map[string]any{"ipConfigurations": []any{
			map[string]any{"properties": map[string]any{"privateIPAddress": ip}},
		}}
	}
	p["networkInterfaces"] = []any{e}
}

// zoneGroup maps a private endpoint's private_dns_zone_group block to a
// Microsoft.Network/privateEndpoints/privateDnsZoneGroups Resource.
func (c *tfCtx) zoneGroup(r *tfRes, peID string) {
	zg := c.vBlock(r.Values, "private_dns_zone_group")
	if zg == nil {
		return
	}
	name := c.vStr(zg, "name")
	if name == "" {
		name = "default"
	}
	id := c.vStr(zg, "id")
	if id == "" {
		id = peID + "/privateDnsZoneGroups/" + name
	}
	var configs []any
	for _, zid := range c.refIDs(r, zg, "private_dns_zone_ids", "private_dns_zone_group", 0) {
		configs = append(configs, map[string]any{"name": lastSegment(zid), "properties": map[string]any{"privateDnsZoneId": zid}})
	}
	c.addAs(r, "Microsoft.Network/privateEndpoints/privateDnsZoneGroups", id, name, map[string]any{"privateDnsZoneConfigs": configs})
}

// global gives a private DNS resource ARM's location "global" when the
// state has none.
func global(res *Resource) {
	if res != nil && res.Location == "" {
		res.Location = "global"
	}
}

// tfDNSZone maps azurerm_private_dns_zone.
func tfDNSZone(c *tfCtx, r *tfRes) {
	p := map[string]any{}
	c.copyNum(p, "numberOfRecordSets", r.Values, "number_of_record_sets")
	global(c.add(r, armZones, p))
}

// tfDNSRecord returns the mapper of a private DNS record set of kind "A"
// or "CNAME" (a Resource of type privateDnsZones/A or /CNAME).
func tfDNSRecord(kind string) tfMapper {
	return func(c *tfCtx, r *tfRes) {
		v := r.Values
		p := map[string]any{}
		c.copyNum(p, "ttl", v, "ttl")
		c.copyStr(p, "fqdn", v, "fqdn")
		if kind == "A" {
			recs := []any{}
			for _, ip := range c.vStrs(v, "records") {
				recs = append(recs, map[string]any{"ipv4Address": ip})
			}
			p["aRecords"] = recs
		} else if s := c.vStr(v, "record"); s != "" {
			p["cnameRecord"] = map[string]any{"cname": s}
		}
		global(c.add(r, armZones+"/"+kind, p))
	}
}

// tfDNSZoneLink maps azurerm_private_dns_zone_virtual_network_link.
func tfDNSZoneLink(c *tfCtx, r *tfRes) {
	v := r.Values
	p := map[string]any{}
	setRef(p, "virtualNetwork", c.refID(r, v, "virtual_network_id"))
	c.copyBool(p, "registrationEnabled", v, "registration_enabled")
	c.copyStr(p, "resolutionPolicy", v, "resolution_policy")
	global(c.add(r, armZones+"/virtualNetworkLinks", p))
}

// tfDNSResolver maps azurerm_private_dns_resolver.
func tfDNSResolver(c *tfCtx, r *tfRes) {
	p := map[string]any{}
	setRef(p, "virtualNetwork", c.refID(r, r.Values, "virtual_network_id"))
	c.add(r, "Microsoft.Network/dnsResolvers", p)
}

// tfDNSInbound maps azurerm_private_dns_resolver_inbound_endpoint.
func tfDNSInbound(c *tfCtx, r *tfRes) {
	ipcs := []any{}
	for i, b := range c.vBlocks(r.Values, "ip_configurations") {
		ip := map[string]any{}
		setRef(ip, "subnet", c.refID(r, b, "subnet_id", "ip_configurations", i))
		c.copyStr(ip, "privateIpAddress", b, "private_ip_address")
		c.unknown(r, b, "private_ip_address", "ip_configurations", i)
		c.copyStr(ip, "privateIpAllocationMethod", b, "private_ip_allocation_method")
		ipcs = append(ipcs, ip)
	}
	c.add(r, "Microsoft.Network/dnsResolvers/inboundEndpoints", map[string]any{"ipConfigurations": ipcs})
}

// tfDNSOutbound maps azurerm_private_dns_resolver_outbound_endpoint.
func tfDNSOutbound(c *tfCtx, r *tfRes) {
	p := map[string]any{}
	setRef(p, "subnet", c.refID(r, r.Values, "subnet_id"))
	c.add(r, "Microsoft.Network/dnsResolvers/outboundEndpoints", p)
}

// tfRuleset maps azurerm_private_dns_resolver_dns_forwarding_ruleset.
func tfRuleset(c *tfCtx, r *tfRes) {
	p := map[string]any{"dnsResolverOutboundEndpoints": []any{}}
	setRefs(p, "dnsResolverOutboundEndpoints", c.refIDs(r, r.Values, "private_dns_resolver_outbound_endpoint_ids"))
	c.add(r, "Microsoft.Network/dnsForwardingRulesets", p)
}

// tfForwardingRule maps azurerm_private_dns_resolver_forwarding_rule.
func tfForwardingRule(c *tfCtx, r *tfRes) {
	v := r.Values
	p := map[string]any{}
	c.copyStr(p, "domainName", v, "domain_name")
	targets := []any{}
	for _, b := range c.vBlocks(v, "target_dns_servers") {
		t := map[string]any{}
		c.copyStr(t, "ipAddress", b, "ip_address")
		c.copyNum(t, "port", b, "port")
		targets = append(targets, t)
	}
	p["targetDnsServers"] = targets
	if on, ok := c.vBool(v, "enabled"); ok {
		p["forwardingRuleState"] = enabledWord(on)
	}
	if md, ok := v["metadata"].(map[string]any); ok && len(md) > 0 {
		p["metadata"] = md
	}
	c.add(r, "Microsoft.Network/dnsForwardingRulesets/forwardingRules", p)
}

// tfRulesetLink maps azurerm_private_dns_resolver_virtual_network_link.
func tfRulesetLink(c *tfCtx, r *tfRes) {
	p := map[string]any{}
	setRef(p, "virtualNetwork", c.refID(r, r.Values, "virtual_network_id"))
	if md, ok := r.Values["metadata"].(map[string]any); ok && len(md) > 0 {
		p["metadata"] = md
	}
	c.add(r, "Microsoft.Network/dnsForwardingRulesets/virtualNetworkLinks", p)
}
