package armexport

// Resource types the export writes (ARM spells them so; child types name
// their parent's type first).
const (
	tVNet        = "Microsoft.Network/virtualNetworks"
	tSubnet      = tVNet + "/subnets"
	tPeering     = tVNet + "/virtualNetworkPeerings"
	tRouteTable  = "Microsoft.Network/routeTables"
	tNSG         = "Microsoft.Network/networkSecurityGroups"
	tPIP         = "Microsoft.Network/publicIPAddresses"
	tNAT         = "Microsoft.Network/natGateways"
	tNIC         = "Microsoft.Network/networkInterfaces"
	tLB          = "Microsoft.Network/loadBalancers"
	tLBFrontend  = tLB + "/frontendIPConfigurations"
	tLBPool      = tLB + "/backendAddressPools"
	tLBNatRule   = tLB + "/inboundNatRules"
	tGateway     = "Microsoft.Network/virtualNetworkGateways"
	tLNG         = "Microsoft.Network/localNetworkGateways"
	tConnection  = "Microsoft.Network/connections"
	tCircuit     = "Microsoft.Network/expressRouteCircuits"
	tCircuitPeer = tCircuit + "/peerings"
	tHub         = "Microsoft.Network/virtualHubs"
	tHubIPConfig = tHub + "/ipConfigurations"
	tHubBgp      = tHub + "/bgpConnections"
	tPE          = "Microsoft.Network/privateEndpoints"
	tPEZoneGroup = tPE + "/privateDnsZoneGroups"
	tZone        = "Microsoft.Network/privateDnsZones"
	tZoneA       = tZone + "/A"
	tZoneCNAME   = tZone + "/CNAME"
	tZoneLink    = tZone + "/virtualNetworkLinks"
	tResolver    = "Microsoft.Network/dnsResolvers"
	tInbound     = tResolver + "/inboundEndpoints"
	tOutbound    = tResolver + "/outboundEndpoints"
	tRuleset     = "Microsoft.Network/dnsForwardingRulesets"
	tRule        = tRuleset + "/forwardingRules"
	tRulesetLink = tRuleset + "/virtualNetworkLinks"
)

// Names the template gives to parts the design does not name.
const (
	// privatePeering is the only ExpressRoute circuit peering vnetplay
	// models (rule:expressroute.private-peering-sessions).
	privatePeering = "AzurePrivatePeering"
	// hubIPConfig is Route Server's IP configuration: templates that name
	// it otherwise are reported not to work.
	hubIPConfig = "ipconfig1"
	// nicIPConfig names a NIC's single IP configuration.
	nicIPConfig = "ipconfig1"
	// zoneGroup names a private endpoint's DNS zone group.
	zoneGroup = "default"
	// recordTTL is the TTL of the private DNS records (the design has none).
	recordTTL = 3600
	// circuitVlan is the private peering's VLAN (the design has none).
	circuitVlan = 100
)
