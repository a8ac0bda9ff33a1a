package importer

import "strings"

// Gateways, connections, ExpressRoute circuits and Route Server
// (rule:import.hybrid-resources).

const (
	armCircuit        = "Microsoft.Network/expressRouteCircuits"
	armCircuitPeering = "Microsoft.Network/expressRouteCircuits/peerings"
)

// tfVNG maps azurerm_virtual_network_gateway. REST keeps a gateway's sku
// in properties; it is set there and as the Resource's SKU.
func tfVNG(c *tfCtx, r *tfRes) {
	v := r.Values
	p := map[string]any{}
	c.copyStr(p, "gatewayType", v, "type")
	c.copyStr(p, "vpnType", v, "vpn_type")
	sku := map[string]any{}
	c.copyStr(sku, "name", v, "sku")
	c.copyStr(sku, "tier", v, "sku")
	p["sku"] = sku
	c.copyBool(p, "activeActive", v, "active_active")
	c.copyFlag(p, "enableBgp", r, v, tfAlt{attr: "bgp_enabled"}, tfAlt{attr: "enable_bgp"})
	c.copyStr(p, "vpnGatewayGeneration", v, "generation")
	c.copyBool(p, "enablePrivateIpAddress", v, "private_ip_address_enabled")
	setRef(p, "gatewayDefaultSite", c.refID(r, v, "default_local_network_gateway_id"))
	res := c.add(r, "Microsoft.Network/virtualNetworkGateways", p)
	if res == nil {
		return
	}
	res.SKU = sku
	ipcs := []any{}
	for i, b := range c.vBlocks(v, "ip_configuration") {
		name := c.vStr(b, "name")
		if name == "" {
			name = "vnetGatewayConfig"
		}
		ip := map[string]any{}
		c.copyStr(ip, "privateIPAllocationMethod", b, "private_ip_address_allocation")
		setRef(ip, "subnet", c.refID(r, b, "subnet_id", "ip_configuration", i))
		setRef(ip, "publicIPAddress", c.refID(r, b, "public_ip_address_id", "ip_configuration", i))
		ipcs = append(ipcs, map[string]any{"name": name, "id": res.ID + "/ipConfigurations/" + name, "properties": ip})
	}
	p["ipConfigurations"] = ipcs
	if b := c.vBlock(v, "bgp_settings"); b != nil {
		p["bgpSettings"] = vngBgp(c, res.ID, b)
	}
	if b := c.vBlock(v, "vpn_client_configuration"); b != nil {
		p["vpnClientConfiguration"] = c.vpnClient(r, b)
	}
	if b := c.vBlock(v, "custom_route"); b != nil {
		p["customRoutes"] = map[string]any{"addressPrefixes": anyList(c.vStrs(b, "address_prefixes"))}
	}
}

// vngBgp maps a gateway's bgp_settings: asn, peer_weight and the peering
// addresses (v3+ peering_addresses blocks; v2's peering_address).
// bgpPeeringAddress is REST's comma-separated default addresses.
func vngBgp(c *tfCtx, gwID string, b map[string]any) map[string]any {
	p := map[string]any{}
	c.copyNum(p, "asn", b, "asn")
	c.copyNum(p, "peerWeight", b, "peer_weight")
	var all []string
	var addrs []any
	for _, pa := range c.vBlocks(b, "peering_addresses") {
		defaults := c.vStrs(pa, "default_addresses")
		all = append(all, defaults...)
		e := map[string]any{}
		if n := c.vStr(pa, "ip_configuration_name"); n != "" {
			e["ipconfigurationId"] = gwID + "/ipConfigurations/" + n
		}
		setList(e, "defaultBgpIpAddresses", defaults)
		c.copyList(e, "customBgpIpAddresses", pa, "apipa_addresses")
		c.copyList(e, "tunnelIpAddresses", pa, "tunnel_ip_addresses")
		addrs = append(addrs, e)
	}
	if legacy := c.vStr(b, "peering_address"); legacy != "" && len(all) == 0 {
		all = []string{legacy}
	}
	if len(all) > 0 {
		p["bgpPeeringAddress"] = strings.Join(all, ",")
	}
	if addrs != nil {
		p["bgpPeeringAddresses"] = addrs
	}
	return p
}

// vpnClient maps a gateway's vpn_client_configuration (point-to-site).
func (c *tfCtx) vpnClient(r *tfRes, b map[string]any) map[string]any {
	p := map[string]any{"vpnClientAddressPool": map[string]any{"addressPrefixes": anyList(c.vStrs(b, "address_space"))}}
	c.copyList(p, "vpnClientProtocols", b, "vpn_client_protocols")
	c.copyList(p, "vpnAuthenticationTypes", b, "vpn_auth_types")
	c.copyStr(p, "aadTenant", b, "aad_tenant")
	c.copyStr(p, "aadAudience", b, "aad_audience")
	c.copyStr(p, "aadIssuer", b, "aad_issuer")
	c.copyStr(p, "radiusServerAddress", b, "radius_server_address")
	c.secret(r, b, "radius_server_secret", "the RADIUS server's")
	return p
}

// tfLNG maps azurerm_local_network_gateway.
func tfLNG(c *tfCtx, r *tfRes) {
	v := r.Values
	p := map[string]any{"localNetworkAddressSpace": map[string]any{"addressPrefixes": anyList(c.vStrs(v, "address_space"))}}
	c.copyStr(p, "gatewayIpAddress", v, "gateway_address")
	c.copyStr(p, "fqdn", v, "gateway_fqdn")
	if b := c.vBlock(v, "bgp_settings"); b != nil {
		bgp := map[string]any{}
		c.copyNum(bgp, "asn", b, "asn")
		c.copyStr(bgp, "bgpPeeringAddress", b, "bgp_peering_address")
		c.copyNum(bgp, "peerWeight", b, "peer_weight")
		p["bgpSettings"] = bgp
	}
	c.add(r, "Microsoft.Network/localNetworkGateways", p)
}

// tfConnection maps azurerm_virtual_network_gateway_connection; its
// shared_key is a secret and is not copied (reported).
func tfConnection(c *tfCtx, r *tfRes) {
	v := r.Values
	p := map[string]any{}
	c.copyStr(p, "connectionType", v, "type")
	setRef(p, "virtualNetworkGateway1", c.refID(r, v, "virtual_network_gateway_id"))
	setRef(p, "virtualNetworkGateway2", c.refID(r, v, "peer_virtual_network_gateway_id"))
	setRef(p, "localNetworkGateway2", c.refID(r, v, "local_network_gateway_id"))
	setRef(p, "peer", c.refID(r, v, "express_route_circuit_id"))
	c.copyFlag(p, "enableBgp", r, v, tfAlt{attr: "bgp_enabled"}, tfAlt{attr: "enable_bgp"})
	c.copyNum(p, "routingWeight", v, "routing_weight")
	c.copyBool(p, "usePolicyBasedTrafficSelectors", v, "use_policy_based_traffic_selectors")
	c.copyStr(p, "connectionProtocol", v, "connection_protocol")
	c.copyNum(p, "dpdTimeoutSeconds", v, "dpd_timeout_seconds")
	c.copyBool(p, "expressRouteGatewayBypass", v, "express_route_gateway_bypass")
	c.copyStr(p, "connectionMode", v, "connection_mode")
	c.copyBool(p, "useLocalAzureIpAddress", v, "local_azure_ip_address_enabled")
	c.secret(r, v, "shared_key", "the connection's IPsec pre-shared key")
	c.secret(r, v, "authorization_key", "an ExpressRoute circuit authorization key")
	c.add(r, "Microsoft.Network/connections", p)
}

// tfCircuit maps azurerm_express_route_circuit (sku{tier, family} to REST
// sku{name, tier, family}); its peerings are inlined by tfCircuitPeering.
// service_key identifies the circuit to the provider and is not copied.
func tfCircuit(c *tfCtx, r *tfRes) {
	v := r.Values
	p := map[string]any{"peerings": []any{}}
	spp := map[string]any{}
	c.copyStr(spp, "serviceProviderName", v, "service_provider_name")
	c.copyStr(spp, "peeringLocation", v, "peering_location")
	c.copyNum(spp, "bandwidthInMbps", v, "bandwidth_in_mbps")
	if len(spp) > 0 {
		p["serviceProviderProperties"] = spp
	}
	setRef(p, "expressRoutePort", c.vStr(v, "express_route_port_id"))
	c.copyNum(p, "bandwidthInGbps", v, "bandwidth_in_gbps")
	c.copyBool(p, "allowClassicOperations", v, "allow_classic_operations")
	c.copyStr(p, "serviceProviderProvisioningState", v, "service_provider_provisioning_state")
	res := c.add(r, armCircuit, p)
	if res == nil {
		return
	}
	if b := c.vBlock(v, "sku"); b != nil {
		sku := map[string]any{}
		tier, family := c.vStr(b, "tier"), c.vStr(b, "family")
		if tier != "" && family != "" {
			sku["name"] = tier + "_" + family
		}
		setStr(sku, "tier", tier)
		setStr(sku, "family", family)
		res.SKU = sku
	}
}

// tfCircuitPeering maps azurerm_express_route_circuit_peering into its
// circuit's peerings (named by peering_type, as ARM names them).
func tfCircuitPeering(c *tfCtx, r *tfRes) {
	v := r.Values
	id := c.idOf(r)
	name := c.vStr(v, "peering_type")
	if name == "" {
		name = lastSegment(id)
	}
	p := map[string]any{}
	c.copyStr(p, "peeringType", v, "peering_type")
	c.copyNum(p, "peerASN", v, "peer_asn")
	c.copyStr(p, "primaryPeerAddressPrefix", v, "primary_peer_address_prefix")
	c.copyStr(p, "secondaryPeerAddressPrefix", v, "secondary_peer_address_prefix")
	c.copyNum(p, "vlanId", v, "vlan_id")
	c.copyNum(p, "azureASN", v, "azure_asn")
	c.copyStr(p, "primaryAzurePort", v, "primary_azure_port")
	c.copyStr(p, "secondaryAzurePort", v, "secondary_azure_port")
	if on, ok := c.vBool(v, "ipv4_enabled"); ok {
		p["state"] = enabledWord(on)
	}
	setRef(p, "routeFilter", c.vStr(v, "route_filter_id"))
	if m := c.vBlock(v, "microsoft_peering_config"); m != nil {
		mp := map[string]any{}
		c.copyList(mp, "advertisedPublicPrefixes", m, "advertised_public_prefixes")
		c.copyList(mp, "advertisedCommunities", m, "advertised_communities")
		c.copyNum(mp, "customerASN", m, "customer_asn")
		c.copyStr(mp, "routingRegistryName", m, "routing_registry_name")
		p["microsoftPeeringConfig"] = mp
	}
	c.secret(r, v, "shared_key", "the peering's BGP MD5 key")
	if ckt := c.find(armParent(id, "peerings"), armCircuit); ckt != nil {
		c.putChild(ckt, "peerings", id, name, p)
		return
	}
	c.addAs(r, armCircuitPeering, id, name, p)
}

// tfGlobalReach maps azurerm_express_route_circuit_connection (Global
// Reach between two circuits' private peerings) into its peering's
// connections.
func tfGlobalReach(c *tfCtx, r *tfRes) {
	v := r.Values
	pid := c.refID(r, v, "peering_id")
	p := map[string]any{}
	setRef(p, "expressRouteCircuitPeering", pid)
	setRef(p, "peerExpressRouteCircuitPeering", c.refID(r, v, "peer_peering_id"))
	c.copyStr(p, "addressPrefix", v, "address_prefix_ipv4")
	c.secret(r, v, "authorization_key", "the peer circuit's authorization key")
	name := c.vStr(v, "name")
	id := c.idOf(r)
	peering := c.child(armParent(pid, "peerings"), "peerings", lastSegment(pid))
	if own := c.find(pid, armCircuitPeering); peering == nil && own != nil {
		peering = own.Props
	}
	if peering == nil {
		c.addAs(r, armCircuitPeering+"/connections", id, name, p)
		return
	}
	l, _ := peering["connections"].([]any)
	peering["connections"] = append(l, map[string]any{"name": name, "id": id, "properties": p})
}

// tfRouteServer maps azurerm_route_server to what ARM has: a
// Microsoft.Network/virtualHubs without virtualWan (rule:import.hybrid-resources), with its
// IP configuration ipconfig1 as a child Resource.
func tfRouteServer(c *tfCtx, r *tfRes) {
	v := r.Values
	p := map[string]any{}
	c.copyStr(p, "sku", v, "sku")
	c.copyNum(p, "virtualRouterAsn", v, "virtual_router_asn")
	c.copyList(p, "virtualRouterIps", v, "virtual_router_ips")
	c.copyBool(p, "allowBranchToBranchTraffic", v, "branch_to_branch_traffic_enabled")
	c.copyStr(p, "hubRoutingPreference", v, "hub_routing_preference")
	res := c.add(r, "Microsoft.Network/virtualHubs", p)
	if res == nil {
		return
	}
	ip := map[string]any{}
	setRef(ip, "subnet", c.refID(r, v, "subnet_id"))
	setRef(ip, "publicIPAddress", c.refID(r, v, "public_ip_address_id"))
	c.addAs(r, "Microsoft.Network/virtualHubs/ipConfigurations", res.ID+"/ipConfigurations/ipconfig1", "ipconfig1", ip)
}

// tfRouteServerPeer maps azurerm_route_server_bgp_connection.
func tfRouteServerPeer(c *tfCtx, r *tfRes) {
	p := map[string]any{}
	c.copyNum(p, "peerAsn", r.Values, "peer_asn")
	c.copyStr(p, "peerIp", r.Values, "peer_ip")
	c.add(r, "Microsoft.Network/virtualHubs/bgpConnections", p)
}
