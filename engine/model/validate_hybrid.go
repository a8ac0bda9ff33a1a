package model

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strings"
)

// SkuLimits are a gateway SKU's documented limits (rule:vpn-gateway.sku-limits, rule:vpn-gateway.p2s-connection-limits, rule:expressroute.gateway-route-limits, rule:expressroute.circuit-connection-limits).
type SkuLimits struct {
	Tunnels       int  // S2S and VNet-to-VNet tunnels (VPN)
	SSTP          int  // P2S SSTP connections (VPN)
	IKEv2OpenVPN  int  // P2S IKEv2 + OpenVPN connections (VPN; 0 = not supported)
	BGP           bool // BGP support (VPN)
	Circuits      int  // ExpressRoute circuit connections
	LearnedRoutes int  // ExpressRoute routes learned
}

// VpnSkuLimits returns the limits of a VPN gateway SKU (rule:vpn-gateway.sku-limits; non-AZ VpnGw4/5
// take the 100-tunnel reading of the conflicting tables). Legacy Standard and
// HighPerformance map to their VpnGw1AZ/VpnGw2AZ migration targets (rule:vpn-gateway.legacy-skus).
func VpnSkuLimits(sku string) (SkuLimits, bool) {
	switch strings.TrimSuffix(strings.ToLower(sku), "az") {
	case "basic":
		return SkuLimits{Tunnels: 10, SSTP: 128}, true
	case "vpngw1", "standard":
		return SkuLimits{Tunnels: 30, SSTP: 128, IKEv2OpenVPN: 250, BGP: true}, true
	case "vpngw2", "highperformance":
		return SkuLimits{Tunnels: 30, SSTP: 128, IKEv2OpenVPN: 500, BGP: true}, true
	case "vpngw3":
		return SkuLimits{Tunnels: 30, SSTP: 128, IKEv2OpenVPN: 1000, BGP: true}, true
	case "vpngw4":
		return SkuLimits{Tunnels: 100, SSTP: 128, IKEv2OpenVPN: 5000, BGP: true}, true
	case "vpngw5":
		return SkuLimits{Tunnels: 100, SSTP: 128, IKEv2OpenVPN: 10000, BGP: true}, true
	}
	return SkuLimits{}, false
}

// GatewaySkus lists the SKUs a gateway of gatewayType can be created
// with, as Azure names them: VpnSkuLimits and ErSkuLimits know each of them
// (rule:vpn-gateway.sku-limits, rule:expressroute.gateway-route-limits);
// a VPN gateway's legacy Standard and HighPerformance come last
// (rule:vpn-gateway.legacy-skus). Nil for another type.
func GatewaySkus(gatewayType string) []string {
	switch gatewayType {
	case GatewayVpn:
		return []string{"Basic", "VpnGw1", "VpnGw2", "VpnGw3", "VpnGw4", "VpnGw5", "VpnGw1AZ", "VpnGw2AZ", "VpnGw3AZ", "VpnGw4AZ", "VpnGw5AZ", "Standard", "HighPerformance"}
	case GatewayExpressRoute:
		return []string{"Standard", "HighPerformance", "UltraPerformance", "ErGw1AZ", "ErGw2AZ", "ErGw3AZ", "ErGwScale"}
	}
	return nil
}

// ErSkuLimits returns the limits of an ExpressRoute gateway SKU (rule:expressroute.gateway-route-limits, rule:expressroute.circuit-connection-limits).
func ErSkuLimits(sku string) (SkuLimits, bool) {
	switch strings.ToLower(sku) {
	case "standard", "ergw1az":
		return SkuLimits{Circuits: 4, LearnedRoutes: 4000}, true
	case "highperformance", "ergw2az":
		return SkuLimits{Circuits: 8, LearnedRoutes: 9500}, true
	case "ultraperformance", "ergw3az":
		return SkuLimits{Circuits: 16, LearnedRoutes: 9500}, true
	case "ergwscale":
		return SkuLimits{Circuits: 16, LearnedRoutes: 60000}, true
	}
	return SkuLimits{}, false
}

// ReservedASN reports whether an ASN may not be used by customers (rule:bgp.reserved-asns,
// rule:expressroute.asns: 65515–65520 are Azure's, 65516 included).
func ReservedASN(a uint32) bool {
	switch {
	case a == 8074, a == 8075, a == 12076, a >= 65515 && a <= 65520, a == 23456,
		a >= 64496 && a <= 64511, a >= 65535 && a <= 65551, a == 4294967295:
		return true
	}
	return false
}

// circuitPeerPrefixes checks circuit c's private-peering link subnets: the
// primary and the secondary are each a /30 (a /29 split in two), they do not
// overlap, and, as the same ExpressRoute routing page says, they do not
// overlap a VNet (rule:expressroute.private-peering-sessions). An unset
// prefix is not checked.
func (v *validator) circuitPeerPrefixes(c ExpressRouteCircuit, path string) {
	var links []netip.Prefix
	for _, f := range []struct{ name, s string }{
		{"primaryPeerAddressPrefix", c.PrimaryPeerAddressPrefix},
		{"secondaryPeerAddressPrefix", c.SecondaryPeerAddressPrefix},
	} {
		if f.s == "" {
			continue
		}
		p, err := netip.ParsePrefix(f.s)
		switch {
		case err != nil || !p.Addr().Is4():
			v.add(Error, "circuit.peer-prefix", path+"."+f.name, "%q is not an IPv4 prefix: private peering needs a /30 per link (rule:expressroute.private-peering-sessions)", f.s)
			continue
		case p.Bits() != 30:
			v.add(Error, "circuit.peer-prefix", path+"."+f.name, "%s is a /%d: each private-peering link is a /30, the two of them a /29 split in two (rule:expressroute.private-peering-sessions)", p, p.Bits())
		}
		if vn := v.vnetOverlapping(p); vn != "" {
			v.add(Error, "circuit.peer-prefix", path+"."+f.name, "%s overlaps VNet %s: the peering link ranges must not overlap Azure VNet ranges (rule:expressroute.private-peering-sessions)", p, vn)
		}
		links = append(links, p)
	}
	if len(links) == 2 && links[0].Overlaps(links[1]) {
		v.add(Error, "circuit.peer-prefix", path+".secondaryPeerAddressPrefix", "%s overlaps the primary link %s: the two links need distinct /30s (rule:expressroute.private-peering-sessions)", links[1], links[0])
	}
}

// exportPrefixList checks the outbound prefix-list of the BGP speaker at
// path: each entry is a prefix. An entry that is not would be skipped when
// the list filters, and a list left empty by its typos lets every route
// through, the opposite of what it was written for. The list is the
// device's own configuration (docs/scenario-format.md), so no Azure rule
// is cited.
func (v *validator) exportPrefixList(list []string, path string) {
	for i, s := range list {
		v.prefixAt(s, path, "exportPrefixList", i)
	}
}

// circuitSessions warns about circuit c at path when it does not configure
// both private-peering links: Azure runs a BGP session only on a link it is
// given, both sessions are needed for the SLA, and with one session its
// failure takes the circuit down (rule:expressroute.private-peering-sessions).
func (v *validator) circuitSessions(c ExpressRouteCircuit, path string) {
	switch {
	case c.PrimaryPeerAddressPrefix == "" && c.SecondaryPeerAddressPrefix == "":
		v.add(Warning, "circuit.one-session", path, "circuit %s sets neither primaryPeerAddressPrefix nor secondaryPeerAddressPrefix: Azure private peering needs a /29 or two /30s, and both BGP sessions (primary and secondary) for the SLA; vnetplay models one unaddressed session, so its failure takes the circuit's routes down (rule:expressroute.private-peering-sessions)", c.ID)
	case c.SecondaryPeerAddressPrefix == "":
		v.add(Warning, "circuit.one-session", path+".secondaryPeerAddressPrefix", "circuit %s has no secondaryPeerAddressPrefix, so private peering runs only the primary BGP session: Azure needs both sessions configured for the SLA, and the primary's failure takes the circuit's routes down (rule:expressroute.private-peering-sessions)", c.ID)
	case c.PrimaryPeerAddressPrefix == "":
		v.add(Warning, "circuit.one-session", path+".primaryPeerAddressPrefix", "circuit %s has no primaryPeerAddressPrefix, so private peering runs only the secondary BGP session: Azure needs both sessions configured for the SLA, and the secondary's failure takes the circuit's routes down (rule:expressroute.private-peering-sessions)", c.ID)
	}
}

// apipaPeer returns local network gateway l's BGP peer address when it is
// an APIPA (169.254.0.0/16) address (rule:bgp.lng-prefixes-with-bgp).
func apipaPeer(l LocalNetworkGateway) (netip.Addr, bool) {
	if l.BgpSettings == nil {
		return netip.Addr{}, false
	}
	a, err := netip.ParseAddr(strings.TrimSpace(l.BgpSettings.BgpPeeringAddress))
	if err != nil || !a.Is4() || !a.IsLinkLocalUnicast() {
		return netip.Addr{}, false
	}
	return a, true
}

// siteRanges is a site's id and its parsed address prefixes.
type siteRanges struct {
	id  string
	pfx []netip.Prefix
}

// siteOverlapsSites warns, at site path with prefixes pfx, about the first
// overlap with each site in earlier: two on-premises networks with
// overlapping ranges make routing to the overlap unpredictable without NAT
// (rule:s2s.no-overlap).
func (v *validator) siteOverlapsSites(path string, pfx []netip.Prefix, earlier []siteRanges) {
	for _, o := range earlier {
	next:
		for _, p := range pfx {
			for _, q := range o.pfx {
				if p.Overlaps(q) {
					v.add(Warning, "site.overlap-site", path, "site range %s overlaps site %s (%s): routing to the overlap is unpredictable without NAT (rule:s2s.no-overlap)", p, o.id, q)
					break next
				}
			}
		}
	}
}

// vnet2vnetOverlap reports an error on connection path when the VNets of
// gateways g and g2 have overlapping address ranges: Azure refuses such a
// VNet-to-VNet connection unless NAT is used, which vnetplay does not model
// (rule:s2s.no-overlap).
func (v *validator) vnet2vnetOverlap(g, g2 VirtualNetworkGateway, path string) {
	a, aok := v.vnets[g.VNet]
	b, bok := v.vnets[g2.VNet]
	if !aok || !bok || g.VNet == g2.VNet {
		return
	}
	for _, as := range a.AddressSpace.AddressPrefixes {
		ap, err := netip.ParsePrefix(as)
		if err != nil {
			continue
		}
		for _, bs := range b.AddressSpace.AddressPrefixes {
			if bp, err := netip.ParsePrefix(bs); err == nil && ap.Overlaps(bp) {
				v.add(Error, "connection.vnet2vnet-overlap", path, "VNet %s (%s) overlaps VNet %s (%s): a VNet-to-VNet connection between overlapping ranges is refused (rule:s2s.no-overlap)", g.VNet, ap, g2.VNet, bp)
				return
			}
		}
	}
}

// customAPIPARange reports whether a lies where a VPN gateway's custom
// APIPA BGP addresses must: 169.254.21.0–169.254.22.255 (rule:bgp.peering-address).
func customAPIPARange(a netip.Addr) bool {
	if !a.Is4() {
		return false
	}
	b := a.As4()
	return b[0] == 169 && b[1] == 254 && (b[2] == 21 || b[2] == 22)
}

// gatewayBGPAddress checks gateway g's bgpSettings.bgpPeeringAddress, which
// ARM writes as a comma-separated list for an active-active gateway: each
// entry must be an address of vn's GatewaySubnet that Azure does not
// reserve or, on a VPN gateway, a custom APIPA address in
// 169.254.21.0–169.254.22.255; no entry twice; and a VPN gateway has one
// GatewaySubnet address per instance that carries tunnels, one
// active-standby and two active-active (rule:bgp.peering-address,
// rule:address-space.reserved-addresses). An unset address is Azure's
// choice and always valid.
func (v *validator) gatewayBGPAddress(g VirtualNetworkGateway, vn *VNet, path string) {
	if g.BgpSettings == nil || strings.TrimSpace(g.BgpSettings.BgpPeeringAddress) == "" {
		return
	}
	var gwSubnet netip.Prefix
	for _, sn := range vn.Subnets {
		if sn.Name == GatewaySubnet {
			gwSubnet, _ = netip.ParsePrefix(sn.AddressPrefix)
		}
	}
	path += ".bgpSettings.bgpPeeringAddress"
	seen := map[netip.Addr]bool{}
	var inSubnet []string
	for _, f := range strings.Split(g.BgpSettings.BgpPeeringAddress, ",") {
		f = strings.TrimSpace(f)
		a, err := netip.ParseAddr(f)
		switch {
		case err != nil:
			v.add(Error, "gateway.bgp-address", path, "%q is not an IP address (rule:bgp.peering-address)", f)
		case seen[a]:
			v.add(Error, "gateway.bgp-address", path, "%s is listed twice: each instance of a gateway has its own BGP address (rule:bgp.peering-address)", a)
		case gwSubnet.IsValid() && gwSubnet.Contains(a) && ReservedInSubnet(gwSubnet, a):
			v.add(Error, "gateway.bgp-address", path, "BGP address %s is one of the five addresses Azure reserves in GatewaySubnet %s (network, .1, .2, .3, broadcast): the gateway's instances take other addresses of the subnet (rule:bgp.peering-address, rule:address-space.reserved-addresses)", a, gwSubnet.Masked())
		case gwSubnet.IsValid() && gwSubnet.Contains(a):
			inSubnet = append(inSubnet, a.String())
		case g.IsVpn() && customAPIPARange(a):
		case g.IsVpn() && a.IsLinkLocalUnicast():
			v.add(Error, "gateway.bgp-address", path, "custom APIPA BGP address %s is outside 169.254.21.0–169.254.22.255, the range Azure VPN gateways accept (rule:bgp.peering-address)", a)
		default:
			v.add(Error, "gateway.bgp-address", path, "BGP address %s is not in GatewaySubnet (%s): the gateway's BGP address comes from GatewaySubnet, or for a VPN gateway from the custom APIPA range 169.254.21.0–169.254.22.255 (rule:bgp.peering-address)", a, gwSubnet)
		}
		if err == nil {
			seen[a] = true
		}
	}
	v.gatewayBGPAddressCount(g, inSubnet, path)
}

// gatewayBGPAddressCount reports a VPN gateway g whose bgpPeeringAddress
// (at path) lists more GatewaySubnet addresses (inSubnet) than it has
// instances carrying tunnels: one active-standby, two active-active
// (rule:bgp.peering-address). Custom APIPA addresses are not counted.
func (v *validator) gatewayBGPAddressCount(g VirtualNetworkGateway, inSubnet []string, path string) {
	want, mode := 1, "an active-standby gateway has one BGP address"
	if g.ActiveActive {
		want, mode = 2, "an active-active gateway has two, one per instance"
	}
	if g.IsVpn() && len(inSubnet) > want {
		v.add(Error, "gateway.bgp-address", path, "%d GatewaySubnet BGP addresses (%s): %s (rule:bgp.peering-address)", len(inSubnet), strings.Join(inSubnet, ", "), mode)
	}
}

// policyBasedExtras lists what policy-based gateway g has that a
// PolicyBased gateway does not support: BGP, P2S, active-active
// (rule:vpn-gateway.policy-based), each with its field.
func policyBasedExtras(g VirtualNetworkGateway) []string {
	var has []string
	if g.EnableBgp {
		has = append(has, "BGP (enableBgp)")
	}
	if g.VpnClientConfiguration != nil {
		has = append(has, "P2S (vpnClientConfiguration)")
	}
	if g.ActiveActive {
		has = append(has, "active-active (activeActive)")
	}
	return has
}

// joinAnd joins words as a list read aloud: "a", "a and b", "a, b and c".
func joinAnd(words []string) string {
	if len(words) <= 1 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// lngPeerAddress checks local network gateway l's BGP peer address, at
// path: it is an IP address, and set when a connection (byBGP, "" when
// none) runs BGP to l, since the gateway opens its session to that
// address (rule:bgp.session-initiation, rule:bgp.on-premises-peer-address).
func (v *validator) lngPeerAddress(l LocalNetworkGateway, byBGP, path string) {
	a := strings.TrimSpace(l.BgpSettings.BgpPeeringAddress)
	path += ".bgpSettings.bgpPeeringAddress"
	switch _, err := netip.ParseAddr(a); {
	case a == "" && byBGP != "":
		v.add(Error, "lng.bgp-peer-address", path, "local network gateway %s has no BGP peer address and connection %s runs BGP to it: Azure requires the on-premises BGP peer IP with the BGP settings, and the gateway opens its session to that address (rule:bgp.session-initiation, rule:bgp.on-premises-peer-address)", l.ID, byBGP)
	case a != "" && err != nil:
		v.add(Error, "lng.bgp-peer-address", path, "%q is not an IP address: the on-premises BGP peer is one address of the device, a loopback or APIPA address (rule:bgp.on-premises-peer-address)", a)
	}
}

// lngDeviceAddress checks local network gateway l's gatewayIpAddress, at
// path: Azure builds the tunnel to the device's public IP or FQDN
// (rule:s2s.local-network-gateway). An unset address is a warning (an FQDN,
// which vnetplay does not model, may stand in for it), one that is not an
// IP an error, and one inside a VNet of the design a warning: a device
// there is not on premises, and the tunnel cannot reach it.
func (v *validator) lngDeviceAddress(l LocalNetworkGateway, path string) {
	path += ".gatewayIpAddress"
	if strings.TrimSpace(l.GatewayIPAddress) == "" {
		v.add(Warning, "lng.no-device-address", path, "local network gateway %s has no gatewayIpAddress: Azure builds the tunnel to the on-premises device's public IP or FQDN and needs one of them (vnetplay does not model FQDNs, and models the tunnel as if the address were there) (rule:s2s.local-network-gateway)", l.ID)
		return
	}
	ip, err := netip.ParseAddr(strings.TrimSpace(l.GatewayIPAddress))
	if err != nil {
		v.add(Error, "lng.device-address", path, "%q is not an IP address: gatewayIpAddress is the on-premises device's public IP (rule:s2s.local-network-gateway)", l.GatewayIPAddress)
		return
	}
	if vn := v.vnetOverlapping(netip.PrefixFrom(ip, ip.BitLen())); vn != "" {
		v.add(Warning, "lng.device-in-vnet", path, "the device address %s is inside VNet %s: a local network gateway stands for an on-premises VPN device, which Azure reaches at its public IP; an address inside a VNet is no on-premises device, and the tunnel is not built to it (rule:s2s.local-network-gateway)", ip, vn)
	}
}

// validateHybrid checks gateways, sites, local network gateways,
// connections, circuits and Route Servers (sections H–P).
func (v *validator) validateHybrid() {
	t := v.t
	gwID := func(x VirtualNetworkGateway) string { return x.ID }
	lngID := func(x LocalNetworkGateway) string { return x.ID }
	siteID := func(x Site) string { return x.ID }
	circuitID := func(x ExpressRouteCircuit) string { return x.ID }
	v.uniqueIDs("virtualNetworkGateways", idsOf(t.Gateways, gwID))
	v.uniqueIDs("localNetworkGateways", idsOf(t.LocalNetworkGateways, lngID))
	v.uniqueIDs("sites", idsOf(t.Sites, siteID))
	v.uniqueIDs("connections", idsOf(t.Connections, func(x Connection) string { return x.ID }))
	v.uniqueIDs("expressRouteCircuits", idsOf(t.Circuits, circuitID))
	v.uniqueIDs("routeServers", idsOf(t.RouteServers, func(x RouteServer) string { return x.ID }))

	gws, lngs := firstByID(t.Gateways, gwID), firstByID(t.LocalNetworkGateways, lngID)
	sites, circuits := firstByID(t.Sites, siteID), firstByID(t.Circuits, circuitID)
	tunnels := map[string]int{}  // VPN gateway → S2S + V2V connections
	erConns := map[string]int{}  // ER gateway → circuit connections
	s2sSites := map[string]int{} // policy-based gateway → S2S connections
	connectedLNG := map[[2]string]bool{}
	perType := map[[2]string][]string{} // (vnet, type) → gateways

	for _, g := range t.Gateways {
		path := "virtualNetworkGateways[" + g.ID + "]"
		vn, ok := v.vnets[g.VNet]
		switch {
		case !ok:
			v.add(Error, "ref.dangling", path+".vnet", "no VNet %q", g.VNet)
		case !hasSubnet(vn, GatewaySubnet):
			v.add(Error, "gateway.no-gateway-subnet", path+".vnet", "VNet %s has no subnet named GatewaySubnet; gateways live there (rule:vpn-gateway.gateway-subnet)", g.VNet)
		default:
			v.gatewayBGPAddress(g, vn, path)
		}
		switch g.GatewayType {
		case GatewayVpn:
			lim, ok := VpnSkuLimits(g.Sku)
			if !ok {
				v.add(Error, "gateway.sku", path+".sku", "unknown VPN gateway SKU %q: a VPN gateway takes Basic, VpnGw1–5, VpnGw1AZ–5AZ or the legacy Standard and HighPerformance (rule:vpn-gateway.sku-limits, rule:vpn-gateway.legacy-skus)", g.Sku)
			}
			if g.VpnType != "" && g.VpnType != RouteBased && g.VpnType != PolicyBased {
				v.add(Error, "gateway.vpn-type", path+".vpnType", "vpnType must be RouteBased or PolicyBased, got %q", g.VpnType)
			}
			if g.IsPolicyBased() {
				if !strings.EqualFold(g.Sku, "Basic") {
					v.add(Error, "gateway.policy-based", path+".sku", "a PolicyBased gateway exists only on the Basic SKU (rule:vpn-gateway.policy-based)")
				}
				if has := policyBasedExtras(g); len(has) > 0 {
					v.add(Error, "gateway.policy-based", path, "a PolicyBased gateway supports no BGP, no P2S and no active-active, and %s has %s (rule:vpn-gateway.policy-based)", g.ID, joinAnd(has))
				}
			}
			if g.EnableBgp && (!lim.BGP || g.IsPolicyBased()) {
				v.add(Error, "gateway.bgp-unsupported", path+".enableBgp", "BGP needs a RouteBased gateway on a non-Basic SKU (rule:bgp.supported-gateways)")
			}
			if g.ActiveActive && strings.EqualFold(g.Sku, "Basic") {
				v.add(Error, "gateway.active-active", path+".activeActive", "the Basic SKU does not support active-active (rule:vpn-gateway.route-based)")
			}
			v.p2s(g, path, lim)
		case GatewayExpressRoute:
			if _, ok := ErSkuLimits(g.Sku); !ok {
				v.add(Error, "gateway.sku", path+".sku", "unknown ExpressRoute gateway SKU %q (Standard, HighPerformance, UltraPerformance, ErGw1AZ–3AZ, ErGwScale, rule:expressroute.gateway-route-limits)", g.Sku)
			}
			if g.VpnClientConfiguration != nil {
				v.add(Error, "gateway.p2s-unsupported", path+".vpnClientConfiguration", "P2S needs a RouteBased VPN gateway (rule:p2s.configuration)")
			}
			if g.GatewayDefaultSite != "" {
				v.add(Error, "gateway.default-site", path+".gatewayDefaultSite", "only a RouteBased VPN gateway has a default site; ExpressRoute force-tunnels by a BGP default route only (rule:expressroute.default-route-only-by-bgp, rule:forced-tunnelling.default-site)")
			}
		default:
			v.add(Error, "gateway.type", path+".gatewayType", "gatewayType must be Vpn or ExpressRoute, got %q", g.GatewayType)
		}
		if g.BgpSettings != nil && g.BgpSettings.Asn != 0 && g.BgpSettings.Asn != AzureASN && ReservedASN(g.BgpSettings.Asn) {
			v.add(Error, "bgp.asn-reserved", path+".bgpSettings.asn", "ASN %d is reserved (rule:bgp.reserved-asns)", g.BgpSettings.Asn)
		}
		perType[[2]string{g.VNet, g.GatewayType}] = append(perType[[2]string{g.VNet, g.GatewayType}], g.ID)
	}
	for _, k := range sortedMapKeys2(perType) {
		if gs := perType[k]; len(gs) > 1 {
			v.add(Error, "gateway.duplicate-type", "vnets["+k[0]+"]", "%d gateways of type %s (%s); a VNet has at most one of each type (rule:vpn-gateway.gateway-subnet)", len(gs), k[1], strings.Join(gs, ", "))
		}
	}
	// rule:vpn-gateway.gateway-subnet-size, rule:expressroute.coexistence-requirements: coexistence.
	for _, vn := range v.vnetIDs() {
		vpn, er := perType[[2]string{vn, GatewayVpn}], perType[[2]string{vn, GatewayExpressRoute}]
		if len(vpn) == 0 || len(er) == 0 {
			continue
		}
		if sn, ok := v.subnets[vn+"/"+GatewaySubnet]; ok {
			if p, err := netip.ParsePrefix(sn.AddressPrefix); err == nil && p.Bits() > 27 {
				v.add(Error, "gateway.coexist-subnet", "vnets["+vn+"].subnets[GatewaySubnet]", "VPN and ExpressRoute gateways coexist: GatewaySubnet must be /27 or larger, got %s (rule:vpn-gateway.gateway-subnet-size, rule:expressroute.coexistence-requirements)", p)
			}
		}
		if g := gws[vpn[0]]; g.IsPolicyBased() || strings.EqualFold(g.Sku, "Basic") {
			v.add(Error, "gateway.coexist-vpn", "virtualNetworkGateways["+g.ID+"]", "a VPN gateway coexisting with ExpressRoute must be RouteBased and not Basic (rule:expressroute.coexistence-requirements)")
		}
	}

	var earlier []siteRanges // the sites checked so far, for rule:s2s.no-overlap
	for _, s := range t.Sites {
		path := "sites[" + s.ID + "]"
		var pfx []netip.Prefix
		for i, a := range s.AddressPrefixes {
			if p, ok := v.prefixAt(a, path, "addressPrefixes", i); ok {
				pfx = append(pfx, p)
			}
		}
		v.siteOverlapsSites(path, pfx, earlier)
		earlier = append(earlier, siteRanges{s.ID, pfx})
		for i, a := range s.AdvertisedPrefixes {
			v.prefixAt(a, path, "advertisedPrefixes", i)
		}
		if s.Asn != 0 && ReservedASN(s.Asn) {
			v.add(Error, "bgp.asn-reserved", path+".asn", "ASN %d is reserved by Azure or IANA (rule:bgp.reserved-asns)", s.Asn)
		}
		for _, h := range s.Hosts {
			ip, err := netip.ParseAddr(h.IPAddress)
			if err != nil {
				v.add(Error, "site.host-ip", path+".hosts["+h.ID+"]", "%q is not an IP address", h.IPAddress)
				continue
			}
			if !slices.ContainsFunc(pfx, func(p netip.Prefix) bool { return p.Contains(ip) }) {
				v.add(Error, "site.host-outside", path+".hosts["+h.ID+"]", "host %s is outside the site's address prefixes", ip)
			}
		}
		for _, vn := range v.vnetIDs() {
			for _, a := range v.vnets[vn].AddressSpace.AddressPrefixes {
				vp, err := netip.ParsePrefix(a)
				if err != nil {
					continue
				}
				for _, p := range pfx {
					if p.Overlaps(vp) {
						v.add(Warning, "site.overlap", path, "site range %s overlaps VNet %s (%s): routing is unpredictable without NAT (rule:s2s.no-overlap)", p, vn, vp)
					}
				}
			}
		}
	}
	byBGP := map[string]string{} // LNG → the first connection running BGP to it
	for _, c := range t.Connections {
		if _, seen := byBGP[c.LocalNetworkGateway2]; c.ConnectionType == ConnIPsec && c.EnableBgp && !seen {
			byBGP[c.LocalNetworkGateway2] = c.ID
		}
	}
	for _, l := range t.LocalNetworkGateways {
		path := "localNetworkGateways[" + l.ID + "]"
		if _, ok := sites[l.Site]; !ok {
			v.add(Error, "ref.dangling", path+".site", "no site %q", l.Site)
		}
		v.lngDeviceAddress(l, path)
		for i, a := range l.LocalNetworkAddressSpace.AddressPrefixes {
			v.prefixAt(a, path, "localNetworkAddressSpace.addressPrefixes", i)
			if p, err := netip.ParsePrefix(a); err == nil {
				if peer, ok := apipaPeer(l); ok && p.Contains(peer) {
					v.add(Error, "lng.apipa-prefix", fmt.Sprintf("%s.localNetworkAddressSpace.addressPrefixes[%d]", path, i), "%s holds the APIPA BGP peer %s: an APIPA address cannot be in the local network address space, and the gateway adds the host route to its BGP peer by itself (rule:bgp.lng-prefixes-with-bgp)", p, peer)
				}
				if vn := v.vnetOverlapping(p); vn != "" {
					v.add(Warning, "lng.overlap", fmt.Sprintf("%s.localNetworkAddressSpace.addressPrefixes[%d]", path, i), "local network prefix %s overlaps VNet %s: routing is unpredictable without NAT, and the VNet's own route wins inside its range (rule:s2s.no-overlap)", p, vn)
				}
			}
		}
		v.exportPrefixList(l.ExportPrefixList, path)
		if b := l.BgpSettings; b != nil {
			v.lngPeerAddress(l, byBGP[l.ID], path)
			if b.Asn != 0 && ReservedASN(b.Asn) {
				v.add(Error, "bgp.asn-reserved", path+".bgpSettings.asn", "ASN %d is reserved (rule:bgp.reserved-asns)", b.Asn)
			}
			if s, ok := sites[l.Site]; ok && b.Asn != 0 && s.Asn != 0 && b.Asn != s.Asn {
				v.add(Warning, "lng.asn-mismatch", path+".bgpSettings.asn", "ASN %d differs from site %s's ASN %d: a gateway that peers with this device expects ASN %d and the site's router presents %d, so the BGP session does not establish (rule:s2s.local-network-gateway)", b.Asn, s.ID, s.Asn, b.Asn, s.Asn)
			}
			if ip, err := netip.ParseAddr(b.BgpPeeringAddress); err == nil {
				// Only a public device address counts: over ExpressRoute private
				// peering the device has a private tunnel address, and field note
				// 004's lab peers BGP on that same address and works.
				if pub, err := netip.ParseAddr(l.GatewayIPAddress); err == nil && pub == ip && pub.IsGlobalUnicast() && !pub.IsPrivate() {
					v.add(Warning, "lng.bgp-peer-public-ip", path+".bgpSettings.bgpPeeringAddress", "the on-premises BGP peer %s is the device's public IP (gatewayIpAddress); the docs say it must differ: use a loopback or APIPA address (rule:bgp.on-premises-peer-address)", ip)
				}
				for _, vn := range v.vnetIDs() {
					for _, a := range v.vnets[vn].AddressSpace.AddressPrefixes {
						if vp, err := netip.ParsePrefix(a); err == nil && vp.Contains(ip) {
							v.add(Error, "lng.bgp-peer-in-vnet", path+".bgpSettings.bgpPeeringAddress", "the on-premises BGP peer %s must not be inside VNet %s (rule:bgp.on-premises-peer-address)", ip, vn)
						}
					}
				}
			}
		}
	}
	v2v := map[[2]string]bool{}
	v2vSeen := map[[2]string]int{} // connections so far per (gateway1, gateway2)
	for _, c := range t.Connections {
		if c.ConnectionType == ConnVnet2Vnet {
			v2v[[2]string{c.VirtualNetworkGateway1, c.VirtualNetworkGateway2}] = true
		}
	}
	for _, c := range t.Connections {
		path := "connections[" + c.ID + "]"
		g, ok := gws[c.VirtualNetworkGateway1]
		if !ok {
			v.add(Error, "ref.dangling", path+".virtualNetworkGateway1", "no gateway %q", c.VirtualNetworkGateway1)
		}
		if c.RoutingWeight != 0 && c.ConnectionType != ConnExpressRoute {
			v.add(Warning, "connection.routing-weight", path+".routingWeight", "routingWeight applies to ExpressRoute connections only (rule:bgp.as-path-and-weight)")
		}
		switch c.ConnectionType {
		case ConnIPsec:
			l, lok := lngs[c.LocalNetworkGateway2]
			switch {
			case lok:
			case c.LocalNetworkGateway2 == "" && c.VirtualNetworkGateway2 != "":
				v.add(Error, "connection.ipsec-needs-lng", path+".virtualNetworkGateway2", "connection %s is IPsec but names virtualNetworkGateway2 %s and no localNetworkGateway2: an IPsec connection joins a local network gateway (localNetworkGateway2); a connection to a second gateway is connectionType Vnet2Vnet (rule:s2s.local-network-gateway, rule:s2s.vnet-to-vnet-two-connections)", c.ID, c.VirtualNetworkGateway2)
			case c.LocalNetworkGateway2 == "":
				v.add(Error, "ref.dangling", path+".localNetworkGateway2", "connection %s names no local network gateway: an IPsec connection joins a gateway to a local network gateway (localNetworkGateway2) (rule:s2s.local-network-gateway)", c.ID)
			default:
				v.add(Error, "ref.dangling", path+".localNetworkGateway2", "no local network gateway %q", c.LocalNetworkGateway2)
			}
			if c.UsePolicyBasedTrafficSelectors && ok && g.IsVpn() && (g.IsPolicyBased() || strings.EqualFold(g.Sku, "Basic")) {
				v.add(Error, "connection.policy-based-selectors", path+".usePolicyBasedTrafficSelectors", "usePolicyBasedTrafficSelectors needs a RouteBased gateway on a SKU other than Basic, and %s is %s on %s (rule:vpn-gateway.route-based)", g.ID, cmp.Or(g.VpnType, RouteBased), g.Sku)
			}
			if ok && !g.IsVpn() {
				v.add(Error, "connection.gateway-type", path, "a site-to-site (IPsec) connection needs a VPN gateway; %s is an %s", g.ID, gatewayNoun(g))
			}
			if ok {
				tunnels[g.ID]++
				s2sSites[g.ID]++
				connectedLNG[[2]string{g.ID, l.ID}] = lok
			}
			if c.EnableBgp && ok && !g.SpeaksBGP() {
				v.add(Warning, "connection.bgp-unsupported", path+".enableBgp", "gateway %s does not run BGP (enableBgp off, PolicyBased or Basic, rule:bgp.supported-gateways): the connection uses static routes", g.ID)
			}
			if c.EnableBgp && lok && l.BgpSettings == nil {
				v.add(Warning, "connection.bgp-no-lng-settings", path+".enableBgp", "local network gateway %s has no bgpSettings: the connection uses static routes (rule:s2s.local-network-gateway)", l.ID)
			}
			if c.EnableBgp && ok && lok && g.SpeaksBGP() && l.BgpSettings != nil {
				if why := SameASN(g, l, sites[l.Site]); why != "" {
					v.add(Error, "bgp.same-asn", path, "%s", why)
				}
			}
		case ConnVnet2Vnet:
			g2, ok2 := gws[c.VirtualNetworkGateway2]
			switch {
			case ok2 && c.VirtualNetworkGateway2 == c.VirtualNetworkGateway1:
				v.add(Error, "connection.vnet2vnet-self", path+".virtualNetworkGateway2", "connection %s joins gateway %s to itself: a VNet-to-VNet connection joins two gateways in two VNets, and this one carries nothing (rule:s2s.vnet-to-vnet-two-connections)", c.ID, g2.ID)
			case ok2:
			case c.VirtualNetworkGateway2 == "" && c.LocalNetworkGateway2 != "":
				v.add(Error, "ref.dangling", path+".virtualNetworkGateway2", "connection %s is Vnet2Vnet but names localNetworkGateway2 %s and no virtualNetworkGateway2: a Vnet2Vnet connection joins a second gateway (virtualNetworkGateway2); one to a local network gateway is connectionType IPsec (rule:s2s.vnet-to-vnet-two-connections, rule:s2s.local-network-gateway)", c.ID, c.LocalNetworkGateway2)
			default:
				v.add(Error, "ref.dangling", path+".virtualNetworkGateway2", "no gateway %q", c.VirtualNetworkGateway2)
			}
			if ok && ok2 && (g.IsPolicyBased() || g2.IsPolicyBased() || !g.IsVpn() || !g2.IsVpn()) {
				v.add(Error, "connection.vnet2vnet-route-based", path, "VNet-to-VNet needs RouteBased VPN gateways on both sides (rule:s2s.vnet-to-vnet-route-based)")
			}
			if !v2v[[2]string{c.VirtualNetworkGateway2, c.VirtualNetworkGateway1}] {
				v.add(Warning, "connection.vnet2vnet-one-way", path, "no connection from %s back to %s: a VNet-to-VNet tunnel needs one connection resource in each direction (rule:s2s.vnet-to-vnet-two-connections)", c.VirtualNetworkGateway2, c.VirtualNetworkGateway1)
			}
			if ok && ok2 {
				v.vnet2vnetOverlap(g, g2, path)
			}
			k := [2]string{c.VirtualNetworkGateway1, c.VirtualNetworkGateway2}
			v2vSeen[k]++
			if v2vSeen[k] == 2 && ok && ok2 && !g.ActiveActive && !g2.ActiveActive {
				v.add(Error, "connection.vnet2vnet-redundant", path, "a second VNet-to-VNet connection from %s to %s: redundant tunnels between two VNets need at least one of the two gateways in active-active mode (rule:s2s.redundant-vnet-tunnels-need-active-active)", g.ID, g2.ID)
			}
			if ok {
				tunnels[g.ID]++
			}
		case ConnExpressRoute:
			if _, ok := circuits[c.Peer]; !ok {
				v.add(Error, "ref.dangling", path+".peer", "no ExpressRoute circuit %q", c.Peer)
			}
			if ok && g.GatewayType != GatewayExpressRoute {
				v.add(Error, "connection.gateway-type", path, "an ExpressRoute connection needs an ExpressRoute gateway, %s is %s", g.ID, g.GatewayType)
			}
			if ok {
				erConns[g.ID]++
			}
		default:
			v.add(Error, "connection.type", path+".connectionType", "connectionType must be IPsec, Vnet2Vnet or ExpressRoute, got %q", c.ConnectionType)
		}
	}
	for _, id := range sortedMapKeys(gws) {
		g := gws[id]
		path := "virtualNetworkGateways[" + id + "]"
		if lim, ok := VpnSkuLimits(g.Sku); ok && g.IsVpn() && tunnels[id] > lim.Tunnels {
			v.add(Error, "gateway.tunnels", path, "%d S2S/VNet-to-VNet connections exceed the %s limit of %d (rule:vpn-gateway.sku-limits)", tunnels[id], g.Sku, lim.Tunnels)
		}
		if g.IsPolicyBased() && s2sSites[id] > 1 {
			v.add(Error, "gateway.policy-based", path, "a PolicyBased gateway supports one S2S tunnel, it has %d (rule:vpn-gateway.policy-based)", s2sSites[id])
		}
		if lim, ok := ErSkuLimits(g.Sku); ok && g.GatewayType == GatewayExpressRoute && erConns[id] > lim.Circuits {
			v.add(Error, "gateway.circuits", path, "%d circuit connections exceed the %s limit of %d (rule:expressroute.circuit-connection-limits)", erConns[id], g.Sku, lim.Circuits)
		}
		// rule:vpn-gateway.gateway-subnet-size: 16 circuits on one gateway need a /26 or larger GatewaySubnet.
		if sn, ok := v.subnets[g.VNet+"/"+GatewaySubnet]; ok && g.GatewayType == GatewayExpressRoute && erConns[id] >= 16 {
			if p, err := netip.ParsePrefix(sn.AddressPrefix); err == nil && p.Bits() > 26 {
				v.add(Error, "gateway.circuits-subnet", "vnets["+g.VNet+"].subnets[GatewaySubnet]", "%s connects %d ExpressRoute circuits: GatewaySubnet must be /26 or larger, got %s (rule:vpn-gateway.gateway-subnet-size)", id, erConns[id], p)
			}
		}
		if g.GatewayDefaultSite != "" && g.IsVpn() {
			found := false
			for _, l := range t.LocalNetworkGateways {
				if l.ID == g.GatewayDefaultSite && connectedLNG[[2]string{id, l.ID}] {
					found = true
				}
			}
			if !found {
				v.add(Error, "gateway.default-site", path+".gatewayDefaultSite", "default site %q is not a local network gateway connected to %s (rule:forced-tunnelling.default-site)", g.GatewayDefaultSite, id)
			}
			if g.IsPolicyBased() {
				v.add(Error, "gateway.default-site", path+".gatewayDefaultSite", "forced tunnelling needs a RouteBased gateway (rule:forced-tunnelling.default-site)")
			}
		}
	}
	// rule:gateway-transit.summarized-prefixes: summarizedGatewayPrefixes only matters on a VNet with a gateway.
	for _, vn := range t.VNets {
		for i, a := range vn.SummarizedGatewayPrefixes {
			v.prefix(a, fmt.Sprintf("vnets[%s].summarizedGatewayPrefixes[%d]", vn.ID, i))
		}
		if len(vn.SummarizedGatewayPrefixes) > 0 && len(perType[[2]string{vn.ID, GatewayVpn}])+len(perType[[2]string{vn.ID, GatewayExpressRoute}]) == 0 {
			v.add(Warning, "vnet.summaries-without-gateway", "vnets["+vn.ID+"].summarizedGatewayPrefixes", "VNet %s has no gateway: summarizedGatewayPrefixes has no effect (rule:gateway-transit.summarized-prefixes)", vn.ID)
		}
	}
	// rule:vpn-gateway.multiple-devices-need-bgp, rule:vpn-gateway.static-routes-do-not-fail-over: several devices of one site on one gateway need BGP on every connection.
	perSite := map[[2]string][]Connection{}
	for _, c := range t.Connections {
		if l, ok := lngs[c.LocalNetworkGateway2]; ok && c.ConnectionType == ConnIPsec {
			perSite[[2]string{c.VirtualNetworkGateway1, l.Site}] = append(perSite[[2]string{c.VirtualNetworkGateway1, l.Site}], c)
		}
	}
	for _, k := range sortedMapKeys2(perSite) {
		cs := perSite[k]
		if len(cs) < 2 {
			continue
		}
		for _, c := range cs {
			if !c.EnableBgp {
				v.add(Warning, "connection.multi-device-static", "connections["+c.ID+"]", "site %s has %d connections to %s: BGP is required on each so a failed tunnel is withdrawn (rule:vpn-gateway.multiple-devices-need-bgp, rule:vpn-gateway.static-routes-do-not-fail-over)", k[1], len(cs), k[0])
			}
		}
	}
	v.uniqueDevices(lngs)
	v.duplicateLNGConnections(gws, lngs)
	// rule:udr.gateway-next-hop-vpn-only, rule:expressroute.default-route-only-by-bgp, rule:expressroute.coexistence-requirements: a UDR to VirtualNetworkGateway needs a VPN gateway and
	// cannot be used where ExpressRoute and VPN coexist.
	for _, rt := range t.RouteTables {
		var vnets []string // the VNets of the subnets using rt, once each
		for _, r := range rt.Routes {
			if r.NextHopType != HopVirtualNetworkGateway {
				continue
			}
			if vnets == nil {
				vnets = v.tableVNets(rt.ID)
			}
			path := "routeTables[" + rt.ID + "].routes[" + r.Name + "]"
			for _, vn := range vnets {
				v.gatewayHopTarget(path, vn, perType)
			}
		}
	}
	// rule:expressroute.preferred-over-vpn: a site on both ExpressRoute and VPN should prefer ExpressRoute.
	vpnSites := map[string]bool{}
	for _, c := range t.Connections {
		if l, ok := lngs[c.LocalNetworkGateway2]; ok && c.ConnectionType == ConnIPsec && c.EnableBgp {
			vpnSites[l.Site] = true
		}
	}
	for _, c := range t.Circuits {
		if s, ok := sites[c.Site]; ok && vpnSites[s.ID] && !s.PreferExpressRoute {
			v.add(Info, "site.asymmetric-preference", "sites["+s.ID+"]", "site %s learns Azure over ExpressRoute and BGP VPN with no preference: return traffic may take the VPN; set preferExpressRoute (rule:expressroute.preferred-over-vpn)", s.ID)
		}
	}
	for _, c := range t.Circuits {
		path := "expressRouteCircuits[" + c.ID + "]"
		switch _, ok := sites[c.Site]; {
		case c.Site == "":
			// A circuit ordered but not yet linked to the customer's edge:
			// it exists, and carries no routes until it is.
			v.add(Warning, "circuit.no-site", path+".site", "circuit %s is not linked to an on-premises site: it carries no routes until it is", c.ID)
		case !ok:
			v.add(Error, "ref.dangling", path+".site", "no site %q", c.Site)
		}
		if c.PeerASN == 0 || ReservedASN(c.PeerASN) {
			v.add(Error, "bgp.asn-reserved", path+".peerASN", "peerASN %d is missing or reserved (rule:bgp.reserved-asns, rule:expressroute.asns)", c.PeerASN)
		}
		if s, ok := sites[c.Site]; ok && s.Asn != 0 && s.Asn != c.PeerASN {
			v.add(Warning, "circuit.asn-mismatch", path+".peerASN", "peerASN %d differs from site %s's ASN %d", c.PeerASN, s.ID, s.Asn)
		}
		if s, ok := sites[c.Site]; ok && s.Asn == 0 {
			v.add(Error, "circuit.site-no-bgp", path+".site", "site %s has no ASN; private peering is BGP (rule:expressroute.private-peering-sessions)", s.ID)
		}
		v.circuitPeerPrefixes(c, path)
		v.circuitSessions(c, path)
		v.exportPrefixList(c.ExportPrefixList, path)
		for _, o := range c.GlobalReach {
			if _, ok := circuits[o]; !ok || o == c.ID {
				v.add(Error, "ref.dangling", path+".globalReach", "no other circuit %q", o)
			}
		}
	}
	rsPerVNet := map[string][]string{}
	for _, rs := range t.RouteServers {
		path := "routeServers[" + rs.ID + "]"
		vn, ok := v.vnets[rs.VNet]
		switch {
		case !ok:
			v.add(Error, "ref.dangling", path+".vnet", "no VNet %q", rs.VNet)
		case !hasSubnet(vn, RouteServerSubnet):
			v.add(Error, "routeserver.no-subnet", path+".vnet", "VNet %s has no RouteServerSubnet (rule:route-server.subnet)", rs.VNet)
		}
		rsPerVNet[rs.VNet] = append(rsPerVNet[rs.VNet], rs.ID)
		if _, ok := HubRoutingPreference(rs.HubRoutingPreference); !ok {
			v.add(Error, "routeserver.routing-preference", path+".hubRoutingPreference", "hubRoutingPreference must be %s, %s or %s, got %q (rule:route-server.routing-preference)",
				PreferExpressRoute, PreferVpnGateway, PreferASPath, rs.HubRoutingPreference)
		}
		if len(rs.BgpConnections) > 8 {
			v.add(Error, "routeserver.peers", path, "%d BGP peers; Route Server supports 8 (rule:route-server.limits)", len(rs.BgpConnections))
		}
		names := v.newNameScope(nameRule{missingCode: "routeserver.peer-name", missing: "a BGP connection needs a name", dupCode: "id.duplicate", what: "BGP connection name", in: " in Route Server " + rs.ID})
		for i, b := range rs.BgpConnections {
			bp := indexPath(path+".bgpConnections", i, b.Name)
			names.check(b.Name, bp, bp)
			switch {
			case b.PeerAsn == 0:
				v.add(Error, "routeserver.peer-asn", bp+".peerAsn", "no peerAsn: the NVA needs an ASN of its own, other than 65515 (rule:route-server.asn-and-peers)")
			case b.PeerAsn == AzureASN:
				v.add(Error, "routeserver.peer-asn", bp+".peerAsn", "the NVA needs an ASN other than 65515 (rule:route-server.asn-and-peers)")
			case b.PeerAsn > 65535:
				v.add(Error, "routeserver.peer-asn", bp+".peerAsn", "Route Server takes 16-bit ASNs only from NVAs (rule:route-server.asn-and-peers)")
			case ReservedASN(b.PeerAsn):
				v.add(Error, "bgp.asn-reserved", bp+".peerAsn", "ASN %d is reserved (rule:bgp.reserved-asns)", b.PeerAsn)
			}
			ip, err := netip.ParseAddr(b.PeerIP)
			if err != nil {
				v.add(Error, "routeserver.peer-ip", bp+".peerIp", "%q is not an IP address", b.PeerIP)
			} else if !v.anyNICHas(ip) {
				v.add(Warning, "routeserver.peer-ip", bp+".peerIp", "no NIC has %s: the session stays down", ip)
			} else {
				v.peerForwards(b, ip, bp+".peerIp")
			}
			for i, a := range b.Advertise {
				ap := fmt.Sprintf("%s.advertise[%d]", bp, i)
				v.prefix(a.Prefix, ap+".prefix")
				v.advertisement(a, ap)
				v.asPathPrepend(a.AsPathPrepend, ap+".asPathPrepend")
			}
			v.exportPrefixList(b.ExportPrefixList, bp)
		}
	}
	for _, vn := range sortedMapKeys(rsPerVNet) {
		if len(rsPerVNet[vn]) > 1 {
			v.add(Error, "routeserver.duplicate", "vnets["+vn+"]", "at most one Route Server per VNet (rule:route-server.subnet), got %s", strings.Join(rsPerVNet[vn], ", "))
		}
	}
	v.routeServerRelays(gws)
}

// peerForwards warns (at path) when the NVA at ip, Route Server peer b,
// advertises a prefix other than its own address but does not forward:
// Route Server programs the NVA itself as next hop (rule:route-server.control-plane-only),
// and the platform, or the guest, drops what reaches it for those prefixes
// (rule:nva.ip-forwarding).
func (v *validator) peerForwards(b RouteServerPeer, ip netip.Addr, path string) {
	n, ok := v.appliances().nics[ip]
	if !ok || (n.nic.EnableIPForwarding && n.vm.GuestIPForwarding) {
		return
	}
	own := netip.PrefixFrom(ip, ip.BitLen())
	if !slices.ContainsFunc(b.Advertise, func(a Advertisement) bool {
		p, err := netip.ParsePrefix(a.Prefix)
		return err == nil && p != own
	}) {
		return
	}
	what := fmt.Sprintf("NIC %s/%s has IP forwarding off", n.vm.ID, n.nic.Name)
	if n.nic.EnableIPForwarding {
		what = fmt.Sprintf("VM %s does not forward in its guest OS", n.vm.ID)
	}
	v.add(Warning, "routeserver.peer-not-forwarding", path, "%s: Route Server sends traffic for %s's routes straight to it, and it is dropped there (rule:nva.ip-forwarding, rule:route-server.control-plane-only)", what, b.Name)
}

// advertisement checks an NVA advertisement a (at path) for what the engine
// would otherwise read silently: an origin other than igp or incomplete
// (read as igp), and an IPv6 prefix, which Route Server does not take and the
// engine leaves out (rule:route-server.ipv4-only-no-vwan).
func (v *validator) advertisement(a Advertisement, path string) {
	if !slices.ContainsFunc([]string{"", "igp", "incomplete", "?"}, func(o string) bool { return strings.EqualFold(a.Origin, o) }) {
		v.add(Error, "routeserver.origin", path+".origin", "origin must be igp or incomplete, got %q", a.Origin)
	}
	if p, err := netip.ParsePrefix(a.Prefix); err == nil && p.Addr().Is6() {
		v.add(Warning, "routeserver.ipv6", path+".prefix", "%s is IPv6: Route Server does not support IPv6 and ignores it (rule:route-server.ipv4-only-no-vwan)", a.Prefix)
	}
}

// asPathPrepend reports an NVA advertisement's prepend count n outside
// 0..MaxAsPathPrepend (at path) as an error naming the range: the engine
// would otherwise read it as the nearest bound.
func (v *validator) asPathPrepend(n int, path string) {
	if n < 0 || n > MaxAsPathPrepend {
		v.add(Error, "routeserver.as-path-prepend", path, "asPathPrepend %d is out of range: it takes 0 to %d repeats of the NVA's ASN "+
			"(Microsoft documents no limit; %d is vnetplay's, longer than any other AS path of a design, rule:route-server.as-path-and-ecmp)",
			n, MaxAsPathPrepend, MaxAsPathPrepend)
	}
}

// routeServerRelays warns when two Route Servers with branch-to-branch sit
// in VNets whose ExpressRoute gateways connect to the same circuit: Azure's
// second Route Server drops the NVA routes the first one sends over the
// circuit, which vnetplay does not model, so its answers for those prefixes
// are too optimistic (rule:route-server.no-relay-between-route-servers).
func (v *validator) routeServerRelays(gws map[string]VirtualNetworkGateway) {
	b2b := map[string]string{} // VNet → its branch-to-branch Route Server
	for _, rs := range v.t.RouteServers {
		if rs.AllowBranchToBranchTraffic {
			if _, dup := b2b[rs.VNet]; !dup {
				b2b[rs.VNet] = rs.ID
			}
		}
	}
	perCircuit := map[string][]string{} // circuit → Route Servers behind it, in connection order
	for _, c := range v.t.Connections {
		g, ok := gws[c.VirtualNetworkGateway1]
		if c.ConnectionType != ConnExpressRoute || !ok || g.GatewayType != GatewayExpressRoute {
			continue
		}
		if rs, ok := b2b[g.VNet]; ok && !slices.Contains(perCircuit[c.Peer], rs) {
			perCircuit[c.Peer] = append(perCircuit[c.Peer], rs)
		}
	}
	for _, ckt := range sortedMapKeys(perCircuit) {
		if rss := perCircuit[ckt]; len(rss) > 1 {
			v.add(Warning, "routeserver.relay-not-modelled", "routeServers["+rss[1]+"]",
				"Route Servers %s share circuit %s with branch-to-branch on: Azure's Route Server drops NVA routes another Route Server sends over the circuit, and vnetplay does not model that, so walks to those NVA prefixes from behind the other Route Server may show a path Azure does not have (rule:route-server.no-relay-between-route-servers)",
				strings.Join(rss, ", "), ckt)
		}
	}
}

// poolOverlapsOnPremises warns, at path, of each client pool in pools that
// overlaps an on-premises site's range or a local network gateway's prefix:
// the pool must not overlap the networks its clients reach, and the
// gateway would hold two routes into the overlap, so where its traffic
// goes is unpredictable (rule:p2s.configuration, rule:s2s.no-overlap). Each
// pair is reported once, in the design's order; unparsable prefixes are
// left to their own checks.
func (v *validator) poolOverlapsOnPremises(path string, pools []netip.Prefix) {
	for _, p := range pools {
		for _, s := range v.t.Sites {
			for _, a := range s.AddressPrefixes {
				if q, err := netip.ParsePrefix(a); err == nil && q.Overlaps(p) {
					v.add(Warning, "p2s.pool-overlap-on-premises", path, "the client pool %s overlaps site %s (%s): the pool must not overlap the networks its clients reach, and routing to the overlap is unpredictable (rule:p2s.configuration, rule:s2s.no-overlap)", p, s.ID, q)
				}
			}
		}
		for _, l := range v.t.LocalNetworkGateways {
			for _, a := range l.LocalNetworkAddressSpace.AddressPrefixes {
				if q, err := netip.ParsePrefix(a); err == nil && q.Overlaps(p) {
					v.add(Warning, "p2s.pool-overlap-on-premises", path, "the client pool %s overlaps local network gateway %s's prefix %s: the pool must not overlap the networks its clients reach, and routing to the overlap is unpredictable (rule:p2s.configuration, rule:s2s.no-overlap)", p, l.ID, q)
				}
			}
		}
	}
}

// p2s checks a VPN gateway's point-to-site configuration (rule:p2s.configuration, rule:vpn-gateway.sku-limits, rule:vpn-gateway.p2s-connection-limits).
func (v *validator) p2s(g VirtualNetworkGateway, path string, lim SkuLimits) {
	c := g.VpnClientConfiguration
	if c == nil {
		return
	}
	path += ".vpnClientConfiguration"
	var pools []netip.Prefix
	for i, a := range c.VpnClientAddressPool.AddressPrefixes {
		p, ok := v.prefixAt(a, path, "vpnClientAddressPool.addressPrefixes", i)
		if !ok {
			continue
		}
		pools = append(pools, p)
		if !p.Addr().IsPrivate() {
			v.add(Error, "p2s.pool-public", path+".vpnClientAddressPool", "the client pool %s must be private (rule:p2s.configuration)", p)
		}
		for _, vn := range v.vnetIDs() {
			for _, a := range v.vnets[vn].AddressSpace.AddressPrefixes {
				if vp, err := netip.ParsePrefix(a); err == nil && vp.Overlaps(p) {
					v.add(Error, "p2s.pool-overlap", path+".vpnClientAddressPool", "the client pool %s overlaps VNet %s (rule:p2s.configuration)", p, vn)
				}
			}
		}
	}
	if len(pools) == 0 {
		v.add(Error, "p2s.no-pool", path+".vpnClientAddressPool", "a P2S configuration needs a client address pool (rule:p2s.configuration)")
	}
	v.poolOverlapsOnPremises(path+".vpnClientAddressPool", pools)
	for _, proto := range c.VpnClientProtocols {
		if proto != "SSTP" && lim.IKEv2OpenVPN == 0 && lim.Tunnels > 0 {
			v.add(Error, "p2s.protocol", path+".vpnClientProtocols", "the %s SKU supports SSTP only, not %s (rule:p2s.configuration)", g.Sku, proto)
		}
	}
	// rule:vpn-gateway.p2s-connection-limits: SSTP and IKEv2/OpenVPN are counted
	// separately. Clients carry no protocol, so a gateway offering both is
	// checked against the sum, one offering only one against that limit.
	sstp, other := false, false
	for _, proto := range c.VpnClientProtocols {
		if strings.EqualFold(proto, "SSTP") {
			sstp = true
		} else {
			other = true
		}
	}
	n := len(c.Clients)
	switch {
	case lim.Tunnels == 0:
	case sstp && !other && n > lim.SSTP:
		v.add(Error, "p2s.clients", path+".clients", "%d clients exceed the %s limit of %d: the gateway offers only SSTP, which is capped at %d connections (rule:vpn-gateway.p2s-connection-limits)", n, g.Sku, lim.SSTP, lim.SSTP)
	case other && !sstp && lim.IKEv2OpenVPN > 0 && n > lim.IKEv2OpenVPN:
		v.add(Error, "p2s.clients", path+".clients", "%d clients exceed the %s limit of %d: the gateway offers only IKEv2/OpenVPN, whose connections are counted apart from SSTP's (rule:vpn-gateway.sku-limits, rule:vpn-gateway.p2s-connection-limits)", n, g.Sku, lim.IKEv2OpenVPN)
	case n > lim.SSTP+lim.IKEv2OpenVPN:
		v.add(Error, "p2s.clients", path+".clients", "%d clients exceed the %s limit of %d SSTP + %d IKEv2/OpenVPN (rule:vpn-gateway.sku-limits, rule:vpn-gateway.p2s-connection-limits)", n, g.Sku, lim.SSTP, lim.IKEv2OpenVPN)
	}
	if c.CustomRoutes != nil {
		for i, a := range c.CustomRoutes.AddressPrefixes {
			v.prefixAt(a, path, "customRoutes.addressPrefixes", i)
		}
	}
	for _, cl := range c.Clients {
		ip, err := netip.ParseAddr(cl.IPAddress)
		if err != nil || !slices.ContainsFunc(pools, func(p netip.Prefix) bool { return p.Contains(ip) }) {
			v.add(Error, "p2s.client-outside-pool", path+".clients["+cl.ID+"]", "client address %q is not in the client pool", cl.IPAddress)
		}
		if cl.OS != "" && cl.OS != "Windows" && cl.OS != "Other" {
			v.add(Error, "p2s.client-os", path+".clients["+cl.ID+"].os", "os must be Windows or Other, got %q", cl.OS)
		}
	}
}

// uniqueDevices checks that the on-premises devices (local network gateways)
// connected to one gateway each have their own public IP and, on BGP
// connections, their own BGP peer IP (rule:vpn-gateway.multiple-devices-need-bgp).
func (v *validator) uniqueDevices(lngs map[string]LocalNetworkGateway) {
	type key struct{ gw, code, addr string }
	first := map[key]string{}        // → first LNG seen with that address
	reported := map[[2]string]bool{} // (code, LNG) already reported
	check := func(gw string, l LocalNetworkGateway, code, field, addr, what string) {
		if addr == "" {
			return
		}
		if a, err := netip.ParseAddr(addr); err == nil {
			addr = a.String()
		}
		k := key{gw, code, addr}
		switch f, seen := first[k]; {
		case !seen:
			first[k] = l.ID
		case f != l.ID && !reported[[2]string{code, l.ID}]:
			reported[[2]string{code, l.ID}] = true
			v.add(Error, code, "localNetworkGateways["+l.ID+"]."+field, "local network gateways %s and %s both connect to %s with %s %s: each on-premises device needs a unique public IP and a unique BGP peer IP (rule:vpn-gateway.multiple-devices-need-bgp)", f, l.ID, gw, what, addr)
		}
	}
	for _, c := range v.t.Connections {
		l, ok := lngs[c.LocalNetworkGateway2]
		if !ok || c.ConnectionType != ConnIPsec {
			continue
		}
		check(c.VirtualNetworkGateway1, l, "lng.duplicate-public-ip", "gatewayIpAddress", l.GatewayIPAddress, "public IP")
		if c.EnableBgp && l.BgpSettings != nil {
			check(c.VirtualNetworkGateway1, l, "lng.duplicate-bgp-peer", "bgpSettings.bgpPeeringAddress", l.BgpSettings.BgpPeeringAddress, "BGP peer IP")
		}
	}
}

func sortedMapKeys2[V any](m map[[2]string]V) [][2]string {
	out := make([][2]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.SortFunc(out, func(a, b [2]string) int {
		if c := strings.Compare(a[0], b[0]); c != 0 {
			return c
		}
		return strings.Compare(a[1], b[1])
	})
	return out
}

// gatewayHopTarget warns when the UDR at path, in a table of VNet vn's
// subnets, points at VirtualNetworkGateway where the gateway it means
// cannot be a UDR's target (perType: the gateways by VNet and type). The
// gateway meant is vn's own or, for a VNet without one, the hub's whose
// gateway vn uses through gateway transit (rule:udr.gateway-next-hop-vpn-only):
// an ExpressRoute gateway alone never is (rule:expressroute.default-route-only-by-bgp),
// and ExpressRoute and VPN gateways side by side are not either
// (rule:expressroute.coexistence-requirements). The docs say the latter
// of the VNet holding both gateways; that it holds as well for a spoke
// using them is vnetplay's inference, and the warning says so.
func (v *validator) gatewayHopTarget(path, vn string, perType map[[2]string][]string) {
	gw := vn
	own := len(perType[[2]string{vn, GatewayVpn}]) > 0 || len(perType[[2]string{vn, GatewayExpressRoute}]) > 0
	if !own {
		if gw = v.remoteHub(vn); gw == "" {
			return
		}
	}
	vpn, er := perType[[2]string{gw, GatewayVpn}], perType[[2]string{gw, GatewayExpressRoute}]
	switch {
	case len(er) > 0 && len(vpn) > 0 && own:
		v.add(Warning, "route.gateway-coexistence", path, "VNet %s has ExpressRoute and VPN gateways: a UDR with next hop VirtualNetworkGateway cannot be used (rule:udr.gateway-next-hop-vpn-only, rule:expressroute.coexistence-requirements)", vn)
	case len(er) > 0 && len(vpn) > 0:
		v.add(Warning, "route.gateway-coexistence", path, "VNet %s uses the gateways of %s through gateway transit, where ExpressRoute and VPN gateways coexist: a UDR with next hop VirtualNetworkGateway cannot be used there (the docs say so of the VNet holding both gateways; vnetplay infers it holds for the spokes using them, and still sends the packet to the VPN gateway) (rule:udr.gateway-next-hop-vpn-only, rule:expressroute.coexistence-requirements)", vn, gw)
	case len(er) > 0 && own:
		v.add(Warning, "route.expressroute-gateway", path, "VNet %s has only an ExpressRoute gateway: UDRs cannot point at it; force-tunnel with a BGP default route (rule:expressroute.default-route-only-by-bgp)", vn)
	case len(er) > 0:
		v.add(Warning, "route.expressroute-gateway", path, "VNet %s uses the gateway of %s through gateway transit, an ExpressRoute gateway only: UDRs cannot point at it, the packet is dropped (rule:udr.gateway-next-hop-vpn-only, rule:expressroute.default-route-only-by-bgp)", vn, gw)
	}
}

// duplicateLNGConnections warns about two or more IPsec connections from
// one gateway to one local network gateway: one on-premises device is one
// tunnel, so the second connection adds no redundancy; a second device
// needs its own local network gateway and connection
// (rule:vpn-gateway.multiple-devices-need-bgp). vnetplay models each
// connection as its own session, which shows redundancy Azure does not have.
func (v *validator) duplicateLNGConnections(gws map[string]VirtualNetworkGateway, lngs map[string]LocalNetworkGateway) {
	byPair := map[[2]string][]string{}
	for _, c := range v.t.Connections {
		_, gok := gws[c.VirtualNetworkGateway1]
		_, lok := lngs[c.LocalNetworkGateway2]
		if c.ConnectionType == ConnIPsec && gok && lok {
			k := [2]string{c.VirtualNetworkGateway1, c.LocalNetworkGateway2}
			byPair[k] = append(byPair[k], c.ID)
		}
	}
	for _, k := range sortedMapKeys2(byPair) {
		if cs := byPair[k]; len(cs) > 1 {
			v.add(Warning, "connection.duplicate-lng", "connections["+cs[1]+"]", "connections %s join gateway %s to the same local network gateway %s: one on-premises device is one tunnel, so the extra connection is no redundancy; a second device needs its own local network gateway and connection (rule:vpn-gateway.multiple-devices-need-bgp)", joinAnd(cs), k[0], k[1])
		}
	}
}
