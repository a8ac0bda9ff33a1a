package kinds

import "vnetplay/engine/model"

// The kinds. Resource kinds first, then the drawing variants and the
// Internet.
const (
	VNet         Kind = "vnet"
	Subnet       Kind = "subnet"
	VM           Kind = "vm"
	LoadBalancer Kind = "load-balancer"
	PublicIP     Kind = "public-ip"
	NATGateway   Kind = "nat-gateway"
	RouteTable   Kind = "route-table"
	NSG          Kind = "nsg"
	Peering      Kind = "peering"
	Gateway      Kind = "gateway"
	Connection   Kind = "connection"
	RouteServer  Kind = "route-server"
	BGPPeer      Kind = "bgp"
	Site         Kind = "on-prem"
	LNG          Kind = "lng"
	Circuit      Kind = "er-circuit"
	P2S          Kind = "p2s"

	NVA        Kind = "nva"         // a VM whose NIC forwards
	VPNGateway Kind = "vpn-gateway" // a gateway of type Vpn
	ERGateway  Kind = "er-gateway"  // a gateway of type ExpressRoute
	Host       Kind = "host"        // an on-premises host, inside its site
	P2SClient  Kind = "p2s-client"  // a P2S client, inside its pool
	Internet   Kind = "internet"    // always on the canvas; not a resource

	PrivateEndpoint Kind = "private-endpoint"
	PrivateDNSZone  Kind = "dns-zone"
	DNSResolver     Kind = "dns-resolver"
	DNSRuleset      Kind = "dns-ruleset"
	DNSEndpoint     Kind = "dns-endpoint" // a resolver's inbound or outbound endpoint, in its subnet
)

// registry declares every kind, once. Order: the order in which the Inspector
// and the tests list them; the palette has its own order.
var registry = []Spec{
	{
		Kind: VNet, Noun: "virtual network", Plural: "virtual networks", Short: "VNet", ShortPlural: "VNets",
		Article: "a", Title: "Virtual network", Icon: "vnet", Model: model.KindVNet, Collection: "vnets",
		Palette:   Palette{Order: 1, Label: "Virtual network"},
		Placement: TopLevel, Handle: true, Copyable: true,
		locate: locateVNet, ids: vnetIDs, del: deleteVNet, create: createVNet,
	},
	{
		Kind: Subnet, Noun: "subnet", Plural: "subnets", Article: "a", Title: "Subnet", Icon: "subnet",
		Model: model.KindSubnet, Parent: VNet, Sub: "subnets",
		Palette:   Palette{Order: 2, Label: "Subnet", Into: VNet},
		Placement: Nested,
		locate:    locateSubnet, ids: subnetIDs, del: deleteSubnet, create: createSubnet,
	},
	{
		Kind: VM, Noun: "virtual machine", Plural: "virtual machines", Short: "VM", ShortPlural: "VMs",
		Article: "a", Title: "Virtual machine", Icon: "vm", Model: model.KindVM, Collection: "virtualMachines",
		Palette:   Palette{Order: 3, Label: "VM / NIC", Into: Subnet},
		Placement: Chip, Failure: model.ApplianceDown,
		locate: locateVM, ids: vmIDs, del: deleteVM, create: createVM,
	},
	{
		Kind: NVA, Of: VM, Noun: "network virtual appliance", Plural: "network virtual appliances",
		Short: "NVA", ShortPlural: "NVAs", Article: "a", Title: "Network virtual appliance", Icon: "nva",
		Palette:   Palette{Order: 4, Label: "Network virtual appliance", Into: Subnet},
		Placement: Chip, Handle: true,
		create: createNVA,
	},
	{
		// Internal (a chip in its subnet) or public (no subnet: the canvas
		// draws it beside the subnet of its first backend).
		Kind: LoadBalancer, Noun: "load balancer", Plural: "load balancers", Article: "a", Title: "Load balancer",
		Icon: "load-balancer", Model: model.KindLoadBalancer, Collection: "loadBalancers",
		Placement: Chip,
		locate:    locateLB, ids: lbIDs, del: deleteLB,
	},
	{
		Kind: PublicIP, Noun: "public IP address", Plural: "public IP addresses", Short: "public IP",
		ShortPlural: "public IPs", Article: "a", Title: "Public IP address", Icon: "public-ip",
		Model: model.KindPublicIP, Collection: "publicIPAddresses",
		Placement: TopLevel,
		locate:    locatePublicIP, ids: publicIPIDs, del: deletePublicIP,
	},
	{
		Kind: NATGateway, Noun: "NAT gateway", Plural: "NAT gateways", Article: "a", Title: "NAT gateway",
		Icon: "nat-gateway", Model: model.KindNatGateway, Collection: "natGateways",
		Placement: TopLevel,
		locate:    locateNATGateway, ids: natGatewayIDs, del: deleteNATGateway,
	},
	{
		Kind: RouteTable, Noun: "route table", Plural: "route tables", Article: "a", Title: "Route table",
		Icon: "route-table", Model: model.KindRouteTable, Collection: "routeTables",
		Palette:   Palette{Order: 5, Label: "Route table"},
		Placement: TopLevel, Handle: true, Copyable: true,
		locate: locateRouteTable, ids: routeTableIDs, del: deleteRouteTable, create: createRouteTable,
	},
	{
		Kind: NSG, Noun: "network security group", Plural: "network security groups", Short: "NSG",
		ShortPlural: "NSGs", Article: "a", Title: "Network security group", Icon: "nsg",
		Model: model.KindNSG, Collection: "networkSecurityGroups",
		Palette:   Palette{Order: 6, Label: "Network security group"},
		Placement: TopLevel, Handle: true, Copyable: true,
		locate: locateNSG, ids: nsgIDs, del: deleteNSG, create: createNSG,
	},
	{
		Kind: Peering, Noun: "virtual network peering", Plural: "virtual network peerings", Short: "peering",
		ShortPlural: "peerings", Article: "a", Title: "Virtual network peering", Icon: "vnet",
		Model: model.KindPeering, Collection: "peerings",
		Placement: Edge, EdgeKey: "peering", Failure: model.PeeringDown,
		locate: locatePeering, ids: peeringIDs, del: deletePeering,
	},
	{
		Kind: Gateway, Noun: "virtual network gateway", Plural: "virtual network gateways", Short: "gateway",
		ShortPlural: "gateways", Article: "a", Title: "Virtual network gateway", Icon: "vpn-gateway",
		Model: model.KindGateway, Collection: "virtualNetworkGateways",
		Placement: Chip, Failure: model.GatewayDown,
		locate: locateGateway, ids: gatewayIDs, del: deleteGateway,
	},
	{
		Kind: VPNGateway, Of: Gateway, Noun: "VPN gateway", Plural: "VPN gateways", Article: "a",
		Title: "VPN gateway", Icon: "vpn-gateway",
		Palette:   Palette{Order: 7, Label: "VPN gateway", Into: VNet},
		Placement: Chip, Handle: true,
		create: createVPNGateway,
	},
	{
		Kind: ERGateway, Of: Gateway, Noun: "ExpressRoute gateway", Plural: "ExpressRoute gateways",
		Article: "an", Title: "ExpressRoute gateway", Icon: "er-gateway",
		Palette:   Palette{Order: 8, Label: "ExpressRoute gateway", Into: VNet},
		Placement: Chip, Handle: true,
		create: createERGateway,
	},
	{
		Kind: Circuit, Noun: "ExpressRoute circuit", Plural: "ExpressRoute circuits", Short: "circuit",
		ShortPlural: "circuits", Article: "an", Title: "ExpressRoute circuit", Icon: "er-circuit",
		Model: model.KindCircuit, Collection: "expressRouteCircuits",
		Palette:   Palette{Order: 9, Label: "ExpressRoute circuit"},
		Placement: TopLevel, Handle: true, Failure: model.CircuitDown,
		locate: locateCircuit, ids: circuitIDs, del: deleteCircuit, create: createCircuit,
	},
	{
		Kind: Site, Noun: "on-premises site", Plural: "on-premises sites", Short: "site", ShortPlural: "sites",
		Article: "an", Title: "On-premises site", Icon: "on-prem", Model: model.KindSite, Collection: "sites",
		Palette:   Palette{Order: 10, Label: "On-premises site"},
		Placement: TopLevel, Handle: true, Failure: model.SiteDown,
		locate: locateSite, ids: siteIDs, del: deleteSite, create: createSite,
	},
	{
		Kind: Host, Of: Site, Noun: "on-premises host", Plural: "on-premises hosts", Short: "host",
		ShortPlural: "hosts", Article: "an", Title: "On-premises host", Icon: "vm", Placement: Chip,
	},
	{
		Kind: LNG, Noun: "local network gateway", Plural: "local network gateways", Article: "a",
		Title: "Local network gateway", Icon: "lng", Model: model.KindLocalNetworkGateway,
		Collection: "localNetworkGateways", Placement: Chip,
		locate: locateLNG, ids: lngIDs, del: deleteLNG,
	},
	{
		Kind: Connection, Noun: "connection", Plural: "connections", Article: "a", Title: "Connection",
		Icon: "vpn-gateway", Model: model.KindConnection, Collection: "connections",
		Placement: Edge, EdgeKey: "connection", Failure: model.ConnectionDown, Form: true,
		locate: locateConnection, ids: connectionIDs, del: deleteConnection,
	},
	{
		Kind: P2S, Noun: "point-to-site configuration", Plural: "point-to-site configurations",
		Short: "P2S client pool", ShortPlural: "P2S client pools", Article: "a",
		Title: "Point-to-site configuration", Icon: "p2s", Parent: Gateway, Sub: "vpnClientConfiguration",
		Singleton: true, Palette: Palette{Order: 11, Label: "P2S client pool", Into: VPNGateway},
		Placement: TopLevel, Form: true,
		locate: locateP2S, ids: p2sIDs, del: deleteP2S, create: createP2S,
	},
	{
		Kind: P2SClient, Of: P2S, Noun: "P2S client", Plural: "P2S clients", Article: "a",
		Title: "P2S client", Icon: "vm", Placement: Chip,
	},
	{
		Kind: RouteServer, Noun: "Route Server", Plural: "Route Servers", Article: "a", Title: "Route Server",
		Icon: "route-server", Model: model.KindRouteServer, Collection: "routeServers",
		Palette:   Palette{Order: 12, Label: "Route Server", Into: VNet},
		Placement: Chip, Handle: true, Failure: model.RouteServerDown,
		locate: locateRouteServer, ids: routeServerIDs, del: deleteRouteServer, create: createRouteServer,
	},
	{
		Kind: BGPPeer, Noun: "BGP peering", Plural: "BGP peerings", Article: "a", Title: "Route Server BGP peering",
		Icon: "route-server", Model: model.KindRouteServerPeer, Parent: RouteServer, Sub: "bgpConnections",
		Placement: Edge, EdgeKey: "bgp", Failure: model.RouteServerPeerDown,
		locate: locateBGPPeer, ids: bgpPeerIDs, del: deleteBGPPeer,
	},
	{
		Kind: PrivateEndpoint, Noun: "private endpoint", Plural: "private endpoints", Article: "a",
		Title: "Private endpoint", Icon: "private-endpoint", Model: model.KindPrivateEndpoint,
		Collection: "privateEndpoints",
		Palette:    Palette{Order: 13, Label: "Private endpoint", Into: Subnet},
		Placement:  Chip,
		locate:     locatePrivateEndpoint, ids: privateEndpointIDs, del: deletePrivateEndpoint, create: createPrivateEndpoint,
	},
	{
		Kind: PrivateDNSZone, Noun: "private DNS zone", Plural: "private DNS zones", Short: "zone",
		ShortPlural: "zones", Article: "a", Title: "Private DNS zone", Icon: "dns-zone",
		Model: model.KindPrivateDNSZone, Collection: "privateDnsZones",
		Palette:   Palette{Order: 14, Label: "Private DNS zone"},
		Placement: TopLevel, Handle: true,
		locate: locatePrivateDNSZone, ids: privateDNSZoneIDs, del: deletePrivateDNSZone, create: createPrivateDNSZone,
	},
	{
		Kind: DNSResolver, Noun: "DNS private resolver", Plural: "DNS private resolvers", Short: "resolver",
		ShortPlural: "resolvers", Article: "a", Title: "DNS private resolver", Icon: "dns-resolver",
		Model: model.KindDNSResolver, Collection: "dnsResolvers",
		Palette:   Palette{Order: 15, Label: "DNS private resolver", Into: VNet},
		Placement: TopLevel,
		locate:    locateDNSResolver, ids: dnsResolverIDs, del: deleteDNSResolver, create: createDNSResolver,
	},
	{
		Kind: DNSEndpoint, Of: DNSResolver, Noun: "DNS resolver endpoint", Plural: "DNS resolver endpoints",
		Short: "endpoint", ShortPlural: "endpoints", Article: "a", Title: "DNS resolver endpoint", Icon: "dns-resolver",
		Placement: Chip,
	},
	{
		Kind: DNSRuleset, Noun: "DNS forwarding ruleset", Plural: "DNS forwarding rulesets", Short: "ruleset",
		ShortPlural: "rulesets", Article: "a", Title: "DNS forwarding ruleset", Icon: "dns-ruleset",
		Model: model.KindDNSForwardingRuleset, Collection: "dnsForwardingRulesets",
		Palette:   Palette{Order: 16, Label: "DNS forwarding ruleset"},
		Placement: TopLevel, Handle: true,
		locate: locateDNSRuleset, ids: dnsRulesetIDs, del: deleteDNSRuleset, create: createDNSRuleset,
	},
	{
		Kind: Internet, Noun: "Internet", Plural: "Internet", Article: "the", Title: "Internet", Icon: "internet",
		Palette:   Palette{Order: 17, Label: "Internet", Fixed: true, Why: "The Internet is always on the canvas"},
		Placement: TopLevel,
	},
}
