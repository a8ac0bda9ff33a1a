package model

// Hybrid connectivity resources (rule book sections G–P): virtual network
// gateways (VPN and ExpressRoute) in GatewaySubnet, on-premises sites with
// their local network gateways, connections (IPsec site-to-site, VNet-to-VNet,
// ExpressRoute), ExpressRoute circuits with their customer edge, Azure Route
// Server with its NVA peers, and point-to-site client configurations.
//
// Ids and references (for the canvas):
//   - virtualNetworkGateways[].id; .vnet names the VNet whose GatewaySubnet
//     holds it; P2S clients are endpoints "<gateway>/<client>".
//   - sites[].id is an on-premises location (its router is a BGP speaker
//     with the site's id); hosts are endpoints "<site>/<host>".
//   - localNetworkGateways[].id; .site names the site it describes.
//   - connections[].id joins virtualNetworkGateway1 to localNetworkGateway2
//     (IPsec), virtualNetworkGateway2 (Vnet2Vnet) or peer, a circuit id
//     (ExpressRoute).
//   - expressRouteCircuits[].id (its MSEE pair is a BGP speaker with the
//     circuit's id, ASN 12076); .site is the customer edge; globalReach
//     names other circuits.
//   - routeServers[].id; .vnet holds its RouteServerSubnet; each
//     bgpConnections[] entry is an NVA peer "<routeServer>/<name>" whose
//     peerIp is an NVA NIC's address.

import (
	"fmt"
	"net/netip"
	"strings"
)

// Gateway types and VPN types (ARM gatewayType, vpnType).
const (
	GatewayVpn          = "Vpn"
	GatewayExpressRoute = "ExpressRoute"
	RouteBased          = "RouteBased"
	PolicyBased         = "PolicyBased"
)

// Connection types (ARM connectionType).
const (
	ConnIPsec        = "IPsec"
	ConnVnet2Vnet    = "Vnet2Vnet"
	ConnExpressRoute = "ExpressRoute"
)

// AzureASN is the default ASN of VPN and ExpressRoute gateways and the fixed
// ASN of Route Server (rule:bgp.supported-gateways, rule:route-server.asn-and-peers). MSEEASN is the Microsoft edge's (rule:expressroute.asns).
const (
	AzureASN uint32 = 65515
	MSEEASN  uint32 = 12076
)

// VirtualNetworkGateway is a VPN or ExpressRoute gateway in its VNet's
// GatewaySubnet (rule:vpn-gateway.gateway-subnet). A VNet holds at most one of each type.
type VirtualNetworkGateway struct {
	ID   string `json:"id"`
	VNet string `json:"vnet"`
	// GatewayType is Vpn or ExpressRoute.
	GatewayType string `json:"gatewayType"`
	// VpnType is RouteBased (the default when empty) or PolicyBased (rule:vpn-gateway.policy-based, rule:vpn-gateway.route-based).
	VpnType string `json:"vpnType,omitempty"`
	// Sku is e.g. Basic, VpnGw1..VpnGw5(AZ) or Standard, HighPerformance,
	// UltraPerformance, ErGw1AZ..ErGw3AZ, ErGwScale (rule:vpn-gateway.sku-limits, rule:expressroute.gateway-route-limits, rule:expressroute.circuit-connection-limits).
	Sku string `json:"sku"`
	// ActiveActive: both instances carry tunnels (rule:vpn-gateway.active-active); else active-standby (rule:vpn-gateway.active-standby).
	ActiveActive bool `json:"activeActive,omitempty"`
	// EnableBgp turns BGP on for a VPN gateway (rule:bgp.supported-gateways). ExpressRoute
	// gateways always speak BGP.
	EnableBgp   bool         `json:"enableBgp,omitempty"`
	BgpSettings *BgpSettings `json:"bgpSettings,omitempty"`
	// GatewayDefaultSite is the local network gateway that receives forced-
	// tunnelled Internet traffic (rule:forced-tunnelling.default-site).
	GatewayDefaultSite     string                  `json:"gatewayDefaultSite,omitempty"`
	VpnClientConfiguration *VpnClientConfiguration `json:"vpnClientConfiguration,omitempty"`
}

// BgpSettings is a BGP speaker's ASN and peering address (rule:bgp.supported-gateways, rule:bgp.peering-address).
type BgpSettings struct {
	Asn               uint32 `json:"asn,omitempty"`
	BgpPeeringAddress string `json:"bgpPeeringAddress,omitempty"`
}

// PeeringAddresses parses BgpPeeringAddress, which ARM writes as a
// comma-separated list for an active-active gateway: instance 0's address
// first, then instance 1's (rule:bgp.peering-address). Entries that are not
// addresses are skipped; the result is nil when none parse.
func (s BgpSettings) PeeringAddresses() []netip.Addr {
	var out []netip.Addr
	for _, f := range strings.Split(s.BgpPeeringAddress, ",") {
		if a, err := netip.ParseAddr(strings.TrimSpace(f)); err == nil {
			out = append(out, a)
		}
	}
	return out
}

// ASN returns the gateway's ASN: bgpSettings.asn or 65515 (rule:bgp.supported-gateways).
func (g VirtualNetworkGateway) ASN() uint32 {
	if g.BgpSettings != nil && g.BgpSettings.Asn != 0 {
		return g.BgpSettings.Asn
	}
	return AzureASN
}

// IsVpn reports whether g is a VPN gateway.
func (g VirtualNetworkGateway) IsVpn() bool { return g.GatewayType == GatewayVpn }

// IsPolicyBased reports whether g is a policy-based VPN gateway.
func (g VirtualNetworkGateway) IsPolicyBased() bool { return g.IsVpn() && g.VpnType == PolicyBased }

// SpeaksBGP reports whether g runs BGP: ExpressRoute gateways always,
// VPN gateways when enableBgp is set on a route-based non-Basic SKU (rule:bgp.supported-gateways).
func (g VirtualNetworkGateway) SpeaksBGP() bool {
	if g.GatewayType == GatewayExpressRoute {
		return true
	}
	return g.IsVpn() && g.EnableBgp && !g.IsPolicyBased() && g.Sku != "Basic"
}

// ExpectedPeerASN is the ASN a VPN gateway expects from the on-premises
// peer of a connection to local network gateway l: l's bgpSettings.asn,
// else (a design that leaves it out) the ASN of the router of l's site.
func ExpectedPeerASN(l LocalNetworkGateway, site Site) uint32 {
	if l.BgpSettings != nil && l.BgpSettings.Asn != 0 {
		return l.BgpSettings.Asn
	}
	return site.Asn
}

// SameASN says, when the on-premises end of a BGP connection from gateway
// g to local network gateway l (of site) has g's own ASN, on l or on the
// site's router, that the session does not establish: the two ASNs must
// differ (rule:bgp.distinct-asns). It is "" otherwise.
func SameASN(g VirtualNetworkGateway, l LocalNetworkGateway, site Site) string {
	switch want := ExpectedPeerASN(l, site); {
	case want == g.ASN():
		return fmt.Sprintf("local network gateway %s gives the on-premises ASN %d, gateway %s's own: the two ASNs must differ, so the BGP session does not establish (rule:bgp.distinct-asns)", l.ID, want, g.ID)
	case site.Asn == g.ASN():
		return fmt.Sprintf("site %s's router uses ASN %d, gateway %s's own: the two ASNs must differ, so the BGP session does not establish (rule:bgp.distinct-asns)", site.ID, site.Asn, g.ID)
	}
	return ""
}

// VpnClientConfiguration is a VPN gateway's point-to-site setup (section M).
type VpnClientConfiguration struct {
	VpnClientAddressPool AddressSpace `json:"vpnClientAddressPool"`
	// VpnClientProtocols: SSTP, IkeV2, OpenVPN.
	VpnClientProtocols []string `json:"vpnClientProtocols,omitempty"`
	// CustomRoutes are extra prefixes pushed to clients (rule:p2s.custom-routes).
	CustomRoutes *AddressSpace `json:"customRoutes,omitempty"`
	// Clients are connected P2S clients (endpoints "<gateway>/<id>").
	Clients []P2SClient `json:"clients,omitempty"`
}

// P2SClient is one connected point-to-site client.
type P2SClient struct {
	ID        string `json:"id"`
	IPAddress string `json:"ipAddress"`
	// OS is Windows (the default) or Other; they receive different routes (rule:p2s.windows-and-other-clients).
	OS string `json:"os,omitempty"`
}

// Site is an on-premises location with one BGP-capable router (a vnetplay
// concept; Azure only sees its local network gateways and circuits). Its
// hosts are trace endpoints "<site>/<host>".
type Site struct {
	ID              string   `json:"id"`
	AddressPrefixes []string `json:"addressPrefixes"`
	// Asn is the site router's ASN; 0 means the site runs no BGP.
	Asn uint32 `json:"asn,omitempty"`
	// AdvertisedPrefixes are the networks the router originates over BGP
	// (default: addressPrefixes). Include 0.0.0.0/0 to force-tunnel (rule:forced-tunnelling.bgp-default-route).
	AdvertisedPrefixes []string `json:"advertisedPrefixes,omitempty"`
	// PreferExpressRoute gives routes learned over ExpressRoute a higher
	// local preference (weight 100) than VPN routes, as rule:expressroute.preferred-over-vpn recommends to
	// keep traffic symmetric.
	PreferExpressRoute bool   `json:"preferExpressRoute,omitempty"`
	Hosts              []Host `json:"hosts,omitempty"`
	// DNSServer is the site's resolver, which its hosts ask (rule:dns.on-premises-forwarding).
	DNSServer *DNSServer `json:"dnsServer,omitempty"`
}

// Host is an on-premises machine.
type Host struct {
	ID        string `json:"id"`
	IPAddress string `json:"ipAddress"`
}

// LocalNetworkGateway describes one on-premises VPN device of a site (rule:s2s.local-network-gateway).
type LocalNetworkGateway struct {
	ID                       string       `json:"id"`
	Site                     string       `json:"site"`
	GatewayIPAddress         string       `json:"gatewayIpAddress,omitempty"`
	LocalNetworkAddressSpace AddressSpace `json:"localNetworkAddressSpace"`
	BgpSettings              *BgpSettings `json:"bgpSettings,omitempty"`
	// ExportPrefixList is the site router's outbound prefix-list toward this
	// device's sessions (exact-match permit list; empty permits everything),
	// like field note 004's "ip prefix-list VPNBGP01".
	ExportPrefixList []string `json:"exportPrefixList,omitempty"`
}

// Connection joins a gateway to a local network gateway (IPsec), to another
// gateway (Vnet2Vnet, one resource per direction, rule:s2s.vnet-to-vnet-two-connections) or to a circuit
// (ExpressRoute).
type Connection struct {
	ID                     string `json:"id"`
	ConnectionType         string `json:"connectionType"`
	VirtualNetworkGateway1 string `json:"virtualNetworkGateway1"`
	VirtualNetworkGateway2 string `json:"virtualNetworkGateway2,omitempty"`
	LocalNetworkGateway2   string `json:"localNetworkGateway2,omitempty"`
	// Peer is the ExpressRoute circuit id (ARM peer.id).
	Peer      string `json:"peer,omitempty"`
	EnableBgp bool   `json:"enableBgp,omitempty"`
	// RoutingWeight applies to ExpressRoute connections only (rule:bgp.as-path-and-weight, rule:expressroute.circuit-hairpin).
	RoutingWeight                  int  `json:"routingWeight,omitempty"`
	UsePolicyBasedTrafficSelectors bool `json:"usePolicyBasedTrafficSelectors,omitempty"`
}

// ExpressRouteCircuit is a circuit with Azure private peering: two BGP
// sessions (primary, secondary) between the MSEEs (AS 12076) and the
// customer edge router of Site (rule:expressroute.asns, rule:expressroute.private-peering-sessions).
type ExpressRouteCircuit struct {
	ID      string `json:"id"`
	Site    string `json:"site"`
	PeerASN uint32 `json:"peerASN"`
	// GlobalReach lists circuits linked to this one (rule:expressroute.no-transit-without-global-reach).
	GlobalReach []string `json:"globalReach,omitempty"`
	// PrimaryPeerAddressPrefix and SecondaryPeerAddressPrefix are the /30s
	// of the two private-peering links: the customer edge takes the first
	// usable address, Microsoft the second (rule:expressroute.private-peering-sessions).
	PrimaryPeerAddressPrefix   string `json:"primaryPeerAddressPrefix,omitempty"`
	SecondaryPeerAddressPrefix string `json:"secondaryPeerAddressPrefix,omitempty"`
	// PremiumAddOn raises the prefix limit from 4,000 to 10,000 (rule:expressroute.circuit-prefix-limits).
	PremiumAddOn bool `json:"premiumAddOn,omitempty"`
	// ExportPrefixList is the customer edge's outbound prefix-list toward the
	// MSEEs (field note 004's "ERBGP01"); empty permits everything.
	ExportPrefixList []string `json:"exportPrefixList,omitempty"`
}

// CircuitLeg is one private-peering BGP session of a circuit: Name is
// "primary" or "secondary" (the CircuitSessionDown target is
// "<circuit>/<Name>") and Prefix its link /30 ("" when unaddressed).
type CircuitLeg struct {
	Name   string
	Prefix string
}

// Legs returns the private-peering sessions that c configures: one per link
// prefix that is set, the primary first. A circuit that sets neither prefix
// (a sketch, as the canvas creates it) is modelled as one unaddressed
// primary session, never as the pair: Azure runs a session only on a link
// it is given, and both are needed for the SLA
// (rule:expressroute.private-peering-sessions).
func (c ExpressRouteCircuit) Legs() []CircuitLeg {
	var out []CircuitLeg
	if c.PrimaryPeerAddressPrefix != "" {
		out = append(out, CircuitLeg{Name: "primary", Prefix: c.PrimaryPeerAddressPrefix})
	}
	if c.SecondaryPeerAddressPrefix != "" {
		out = append(out, CircuitLeg{Name: "secondary", Prefix: c.SecondaryPeerAddressPrefix})
	}
	if len(out) == 0 {
		out = append(out, CircuitLeg{Name: "primary"})
	}
	return out
}

// RouteServer is Azure Route Server in its VNet's RouteServerSubnet (rule:route-server.subnet).
type RouteServer struct {
	ID                         string `json:"id"`
	VNet                       string `json:"vnet"`
	AllowBranchToBranchTraffic bool   `json:"allowBranchToBranchTraffic,omitempty"`
	// HubRoutingPreference is ExpressRoute (default), VpnGateway or ASPath (rule:route-server.routing-preference).
	HubRoutingPreference string            `json:"hubRoutingPreference,omitempty"`
	BgpConnections       []RouteServerPeer `json:"bgpConnections,omitempty"`
}

// Route Server's hubRoutingPreference values (rule:route-server.routing-preference).
const (
	PreferExpressRoute = "ExpressRoute"
	PreferVpnGateway   = "VpnGateway"
	PreferASPath       = "ASPath"
)

// HubRoutingPreference returns Route Server's hubRoutingPreference s as one
// of PreferExpressRoute (also for an empty s, the default), PreferVpnGateway
// or PreferASPath, read in any case as ARM reads enum values; ok is false
// for any other value (rule:route-server.routing-preference).
func HubRoutingPreference(s string) (pref string, ok bool) {
	if s == "" {
		return PreferExpressRoute, true
	}
	for _, p := range [...]string{PreferExpressRoute, PreferVpnGateway, PreferASPath} {
		if strings.EqualFold(s, p) {
			return p, true
		}
	}
	return "", false
}

// RouteServerPeer is one NVA BGP peer of a Route Server (rule:route-server.asn-and-peers). Advertise
// is what the NVA sends (after its own outbound policy).
type RouteServerPeer struct {
	Name      string          `json:"name"`
	PeerIP    string          `json:"peerIp"`
	PeerAsn   uint32          `json:"peerAsn"`
	Advertise []Advertisement `json:"advertise,omitempty"`
	// ExportPrefixList is the NVA's outbound prefix-list toward Route Server
	// (exact-match permit list; empty permits every advertisement).
	ExportPrefixList []string `json:"exportPrefixList,omitempty"`
}

// Advertisement is one prefix an NVA announces.
type Advertisement struct {
	Prefix string `json:"prefix"`
	// Origin is "igp" (default) or "incomplete" (a redistributed static, shown "?").
	Origin string `json:"origin,omitempty"`
	// AsPathPrepend adds the NVA's ASN this many extra times (rule:route-server.as-path-and-ecmp),
	// 0 to MaxAsPathPrepend.
	AsPathPrepend int `json:"asPathPrepend,omitempty"`
	// NoAdvertise tags the route NO_ADVERTISE (65535:65282, rule:route-server.no-advertise).
	NoAdvertise bool `json:"noAdvertise,omitempty"`
}

// MaxAsPathPrepend is the largest AsPathPrepend vnetplay takes. Microsoft
// documents no limit on how often an NVA prepends its ASN (it is the NVA's
// own configuration); vnetplay's limit is 16, more than the length of any
// other AS path a design carries (NVA, Route Server, gateways, MSEE and
// site add a handful of ASNs), so a longer prepend would rank no
// differently while making every AS path printed with it unreadable.
// Validate reports a value outside 0..MaxAsPathPrepend
// (routeserver.as-path-prepend).
const MaxAsPathPrepend = 16
