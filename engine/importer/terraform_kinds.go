package importer

import "strings"

// tfMapper maps one Terraform resource into the run's Resources.
type tfMapper func(c *tfCtx, r *tfRes)

// tfKind is how one azurerm resource type maps.
type tfKind struct {
	// arm is the ARM type the resource is ("" for an association, which
	// is merged into what it associates).
	arm string
	// parentName is the attribute holding the parent's name
	// ("virtual_network_name" of a subnet), parentID the one holding the
	// parent's id ("route_server_id"); both "" for a top-level resource.
	parentName, parentID string
	// nameAttr is the attribute holding the resource's own name ("name"
	// when empty; "peering_type" for an ExpressRoute peering).
	nameAttr string
	// phase orders the mapping: 0 parents, 1 children, 2 associations.
	phase int
	fn    tfMapper
}

// tfKindOf returns how the azurerm type t maps; false for a type
// vnetplay does not import.
func tfKindOf(t string) (tfKind, bool) {
	if k, ok := tfKindNetwork(t); ok {
		return k, true
	}
	if k, ok := tfKindEdge(t); ok {
		return k, true
	}
	if k, ok := tfKindHybrid(t); ok {
		return k, true
	}
	if k, ok := tfKindLB(t); ok {
		return k, true
	}
	return tfKindDNS(t)
}

const (
	armVNet    = "Microsoft.Network/virtualNetworks"
	armSubnet  = "Microsoft.Network/virtualNetworks/subnets"
	armPeering = "Microsoft.Network/virtualNetworks/virtualNetworkPeerings"
	armRT      = "Microsoft.Network/routeTables"
	armRoute   = "Microsoft.Network/routeTables/routes"
	armNSG     = "Microsoft.Network/networkSecurityGroups"
	armRule    = "Microsoft.Network/networkSecurityGroups/securityRules"
	armNIC     = "Microsoft.Network/networkInterfaces"
	armVM      = "Microsoft.Compute/virtualMachines"
	armPIP     = "Microsoft.Network/publicIPAddresses"
	armNAT     = "Microsoft.Network/natGateways"
	armFW      = "Microsoft.Network/azureFirewalls"
)

// tfKindNetwork: VNets, subnets, peerings, route tables, NSGs and their
// associations.
func tfKindNetwork(t string) (tfKind, bool) {
	switch t {
	case "azurerm_virtual_network":
		return tfKind{arm: armVNet, fn: tfVNet}, true
	case "azurerm_subnet":
		return tfKind{arm: armSubnet, parentName: "virtual_network_name", phase: 1, fn: tfSubnetRes}, true
	case "azurerm_virtual_network_peering":
		return tfKind{arm: armPeering, parentName: "virtual_network_name", phase: 1, fn: tfPeering}, true
	case "azurerm_virtual_network_dns_servers":
		return tfKind{phase: 2, fn: tfVNetDNSServers}, true
	case "azurerm_route_table":
		return tfKind{arm: armRT, fn: tfRouteTable}, true
	case "azurerm_route":
		return tfKind{arm: armRoute, parentName: "route_table_name", phase: 1, fn: tfRouteRes}, true
	case "azurerm_subnet_route_table_association":
		return tfKind{phase: 2, fn: tfSubnetAssoc("route_table_id", "routeTable")}, true
	case "azurerm_network_security_group":
		return tfKind{arm: armNSG, fn: tfNSG}, true
	case "azurerm_network_security_rule":
		return tfKind{arm: armRule, parentName: "network_security_group_name", phase: 1, fn: tfRuleRes}, true
	case "azurerm_subnet_network_security_group_association":
		return tfKind{phase: 2, fn: tfSubnetAssoc("network_security_group_id", "networkSecurityGroup")}, true
	case "azurerm_subnet_nat_gateway_association":
		return tfKind{phase: 2, fn: tfSubnetAssoc("nat_gateway_id", "natGateway")}, true
	}
	return tfKind{}, false
}

// tfKindEdge: NICs, VMs, public IPs, NAT gateways, Azure Firewall, azapi.
func tfKindEdge(t string) (tfKind, bool) {
	switch t {
	case "azurerm_network_interface":
		return tfKind{arm: armNIC, fn: tfNIC}, true
	case "azurerm_network_interface_security_group_association":
		return tfKind{phase: 2, fn: tfNICNSGAssoc}, true
	case "azurerm_linux_virtual_machine", "azurerm_windows_virtual_machine", "azurerm_virtual_machine":
		return tfKind{arm: armVM, phase: 2, fn: tfVM}, true
	case "azurerm_public_ip":
		return tfKind{arm: armPIP, fn: tfPublicIP}, true
	case "azurerm_nat_gateway":
		return tfKind{arm: armNAT, fn: tfNATGateway}, true
	case "azurerm_nat_gateway_public_ip_association":
		return tfKind{phase: 2, fn: tfNATAssoc("public_ip_address_id", "publicIpAddresses")}, true
	case "azurerm_nat_gateway_public_ip_prefix_association":
		return tfKind{phase: 2, fn: tfNATAssoc("public_ip_prefix_id", "publicIpPrefixes")}, true
	case "azurerm_firewall":
		return tfKind{arm: armFW, fn: tfFirewall}, true
	case "azapi_resource":
		return tfKind{fn: tfAzAPI}, true
	}
	return tfKind{}, false
}

// tfKindHybrid: gateways, connections, ExpressRoute, Route Server.
func tfKindHybrid(t string) (tfKind, bool) {
	switch t {
	case "azurerm_virtual_network_gateway":
		return tfKind{arm: "Microsoft.Network/virtualNetworkGateways", fn: tfVNG}, true
	case "azurerm_local_network_gateway":
		return tfKind{arm: "Microsoft.Network/localNetworkGateways", fn: tfLNG}, true
	case "azurerm_virtual_network_gateway_connection":
		return tfKind{arm: "Microsoft.Network/connections", fn: tfConnection}, true
	case "azurerm_express_route_circuit":
		return tfKind{arm: "Microsoft.Network/expressRouteCircuits", fn: tfCircuit}, true
	case "azurerm_express_route_circuit_peering":
		return tfKind{arm: "Microsoft.Network/expressRouteCircuits/peerings", parentName: "express_route_circuit_name",
			nameAttr: "peering_type", phase: 1, fn: tfCircuitPeering}, true
	case "azurerm_express_route_circuit_connection":
		return tfKind{arm: "Microsoft.Network/expressRouteCircuits/peerings/connections", parentID: "peering_id", phase: 2, fn: tfGlobalReach}, true
	case "azurerm_route_server":
		return tfKind{arm: "Microsoft.Network/virtualHubs", fn: tfRouteServer}, true
	case "azurerm_route_server_bgp_connection":
		return tfKind{arm: "Microsoft.Network/virtualHubs/bgpConnections", parentID: "route_server_id", phase: 1, fn: tfRouteServerPeer}, true
	}
	return tfKind{}, false
}

// tfKindDNS: private endpoints, private DNS, DNS Private Resolver.
func tfKindDNS(t string) (tfKind, bool) {
	const zones = "Microsoft.Network/privateDnsZones"
	const rulesets = "Microsoft.Network/dnsForwardingRulesets"
	switch t {
	case "azurerm_private_endpoint":
		return tfKind{arm: "Microsoft.Network/privateEndpoints", fn: tfPrivateEndpoint}, true
	case "azurerm_private_dns_zone":
		return tfKind{arm: zones, fn: tfDNSZone}, true
	case "azurerm_private_dns_a_record":
		return tfKind{arm: zones + "/A", parentName: "zone_name", phase: 1, fn: tfDNSRecord("A")}, true
	case "azurerm_private_dns_cname_record":
		return tfKind{arm: zones + "/CNAME", parentName: "zone_name", phase: 1, fn: tfDNSRecord("CNAME")}, true
	case "azurerm_private_dns_zone_virtual_network_link":
		return tfKind{arm: zones + "/virtualNetworkLinks", parentName: "private_dns_zone_name", phase: 1, fn: tfDNSZoneLink}, true
	case "azurerm_private_dns_resolver":
		return tfKind{arm: "Microsoft.Network/dnsResolvers", fn: tfDNSResolver}, true
	case "azurerm_private_dns_resolver_inbound_endpoint":
		return tfKind{arm: "Microsoft.Network/dnsResolvers/inboundEndpoints", parentID: "private_dns_resolver_id", phase: 1, fn: tfDNSInbound}, true
	case "azurerm_private_dns_resolver_outbound_endpoint":
		return tfKind{arm: "Microsoft.Network/dnsResolvers/outboundEndpoints", parentID: "private_dns_resolver_id", phase: 1, fn: tfDNSOutbound}, true
	case "azurerm_private_dns_resolver_dns_forwarding_ruleset":
		return tfKind{arm: rulesets, fn: tfRuleset}, true
	case "azurerm_private_dns_resolver_forwarding_rule":
		return tfKind{arm: rulesets + "/forwardingRules", parentID: "dns_forwarding_ruleset_id", phase: 1, fn: tfForwardingRule}, true
	case "azurerm_private_dns_resolver_virtual_network_link":
		return tfKind{arm: rulesets + "/virtualNetworkLinks", parentID: "dns_forwarding_ruleset_id", phase: 1, fn: tfRulesetLink}, true
	}
	return tfKind{}, false
}

// idOf returns r's ARM id: values.id when the file has it, else one
// synthesised the way ARM writes ids, from the resource's name, resource
// group and parent (a plan's resources to be created have no id yet).
func (c *tfCtx) idOf(r *tfRes) string {
	if r.ID != "" || r.idBusy {
		return r.ID
	}
	if id := c.vStr(r.Values, "id"); id != "" {
		r.ID = id
		return id
	}
	r.idBusy = true
	r.ID = c.synthID(r)
	r.idBusy = false
	return r.ID
}

// synthID builds the ARM id of r from its kind ("" for a kind without an
// ARM type or a child whose parent cannot be told).
func (c *tfCtx) synthID(r *tfRes) string {
	k, ok := tfKindOf(r.Type)
	if !ok || k.arm == "" {
		return ""
	}
	nameAttr := k.nameAttr
	if nameAttr == "" {
		nameAttr = "name"
	}
	name := c.vStr(r.Values, nameAttr)
	if name == "" {
		name = r.Name
	}
	types := strings.Split(k.arm, "/")
	if k.parentID != "" {
		pid := c.refID(r, r.Values, k.parentID)
		if pid == "" {
			return ""
		}
		return pid + "/" + types[len(types)-1] + "/" + name
	}
	rg := c.vStr(r.Values, "resource_group_name")
	if rg == "" {
		rg = "unknown"
		c.rep.Add(Assumed, r.Address, "resource_group_name", "unknown in the file; its id uses the resource group \"unknown\"")
	}
	c.useSub(r)
	id := "/subscriptions/" + c.sub + "/resourceGroups/" + rg + "/providers/" + types[0] + "/" + types[1] + "/"
	if len(types) == 3 {
		return id + c.vStr(r.Values, k.parentName) + "/" + types[2] + "/" + name
	}
	return id + name
}

// useSub reports, once, that synthesised ids use a stand-in subscription.
func (c *tfCtx) useSub(r *tfRes) {
	if c.subAssumed && !c.subUsed {
		c.subUsed = true
		c.rep.Add(Assumed, r.Address, "subscription", "no id in the file tells the subscription; the ids made for resources without one use "+c.sub)
	}
}
