package importer

import (
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"strings"

	"vnetplay/engine/model"
)

// Hybrid connectivity (rule:import.hybrid-resources): local network gateways with the
// on-premises sites vnetplay puts behind them, virtual network gateways,
// ExpressRoute circuits with their customer-edge sites, connections, and
// Route Server (a virtualHubs resource without a virtualWan).

// siteSuffix names the site made for a local network gateway or a circuit.
const siteSuffix = "-site"

// localNetworkGateways maps the local network gateways, each with a site of
// its own ("<lng>-site": vnetplay needs the on-premises location behind
// every device) whose prefixes are the LNG's address space and whose ASN is
// the LNG's BGP ASN.
func (b *builder) localNetworkGateways() {
	nodes := b.ix.top(typeLNG)
	ids := allocate(candidates(nodes))
	sites := b.siteIDs(nodes, ids)
	for _, n := range nodes {
		id, site := ids[n.key], sites[n.key]
		space := nonNil(n.Strings("localNetworkAddressSpace.addressPrefixes"))
		l := model.LocalNetworkGateway{ID: id, Site: site, GatewayIPAddress: n.Str("gatewayIpAddress"),
			LocalNetworkAddressSpace: model.AddressSpace{AddressPrefixes: space}, BgpSettings: bgpSettings(n)}
		if l.GatewayIPAddress == "" && n.Str("fqdn") != "" {
			b.rep.AddFor(Ignored, id, n.Where, "fqdn",
				"the local network gateway names its device by FQDN ("+n.Str("fqdn")+"); vnetplay needs an address: imported without one")
		}
		s := model.Site{ID: site, AddressPrefixes: slices.Clone(space)}
		how := "its prefixes are the LNG's address space"
		if l.BgpSettings != nil && l.BgpSettings.Asn != 0 {
			s.Asn = l.BgpSettings.Asn
			how += fmt.Sprintf(" and its router speaks BGP as AS %d (bgpSettings)", s.Asn)
		}
		b.rep.AddFor(Assumed, site, n.Where, "site",
			fmt.Sprintf("the on-premises site %s behind local network gateway %s is vnetplay's own (Azure knows only the LNG): %s; add its hosts to trace from on-premises", site, id, how))
		b.register(cLNGs, n, id)
		b.origin[cSites+"["+site+"]"] = n.Where
		b.t.LocalNetworkGateways = append(b.t.LocalNetworkGateways, l)
		b.t.Sites = append(b.t.Sites, s)
	}
}

// siteIDs allocates the sites of nodes (LNGs or circuits), named after
// their ids, in the one site collection shared by both.
func (b *builder) siteIDs(nodes []*node, ids map[string]string) map[string]string {
	taken := map[string]bool{}
	for _, s := range b.t.Sites {
		taken[strings.ToLower(s.ID)] = true
	}
	out := make(map[string]string, len(nodes))
	for _, c := range allocateSites(nodes, ids) {
		id := c.name
		for i := 2; taken[strings.ToLower(id)]; i++ {
			id = fmt.Sprintf("%s-%d", c.name, i)
		}
		taken[strings.ToLower(id)] = true
		out[c.key] = id
	}
	return out
}

// allocateSites names the sites of nodes "<id>-site", unique among
// themselves, in key order.
func allocateSites(nodes []*node, ids map[string]string) []candidate {
	cands := make([]candidate, 0, len(nodes))
	for _, n := range nodes {
		cands = append(cands, candidate{key: n.key, name: ids[n.key] + siteSuffix, qual: resourceGroup(n.ID)})
	}
	named := allocate(cands)
	out := make([]candidate, 0, len(nodes))
	for _, n := range nodes {
		out = append(out, candidate{key: n.key, name: named[n.key]})
	}
	return out
}

// bgpSettings reads bgpSettings.{asn, bgpPeeringAddress}; nil when neither
// is set.
func bgpSettings(n *node) *model.BgpSettings {
	asn, _ := n.Num("bgpSettings.asn")
	addr := n.Str("bgpSettings.bgpPeeringAddress")
	if (asn <= 0 || asn > 4294967295) && addr == "" {
		return nil
	}
	s := &model.BgpSettings{BgpPeeringAddress: addr}
	if asn > 0 && asn <= 4294967295 {
		s.Asn = uint32(asn)
	}
	return s
}

// gateways maps the virtual network gateways; a gateway whose GatewaySubnet
// VNet is not imported is left out (reported).
func (b *builder) gateways() {
	var keep []*node
	vnetOf := map[string]string{}
	for _, n := range b.ix.top(typeGateway) {
		vnet, ok := b.gatewayVNet(n)
		if !ok {
			continue
		}
		vnetOf[n.key] = vnet
		keep = append(keep, n)
	}
	ids := allocate(candidates(keep))
	for _, n := range keep {
		id := ids[n.key]
		g := model.VirtualNetworkGateway{ID: id, VNet: vnetOf[n.key], GatewayType: n.Str("gatewayType"),
			Sku: b.gatewaySku(n, id), BgpSettings: bgpSettings(n)}
		if g.IsVpn() {
			g.VpnType = n.Str("vpnType")
		}
		g.ActiveActive, _ = n.Bool("activeActive")
		g.EnableBgp, _ = n.Bool("enableBgp")
		g.GatewayDefaultSite = b.resolve(n, id, "gatewayDefaultSite", cLNGs, "forced tunnelling to that site is not imported")
		g.VpnClientConfiguration = b.vpnClients(n)
		for i, a := range n.List("bgpSettings.bgpPeeringAddresses") {
			if len(n.Elem("bgpSettings.bgpPeeringAddresses", i, a).Strings("customBgpIpAddresses")) > 0 {
				b.rep.AddFor(Ignored, id, n.Where, "bgpSettings.bgpPeeringAddresses.customBgpIpAddresses",
					"custom (APIPA) BGP addresses are not modelled: the gateway peers from its default BGP address")
				break
			}
		}
		if len(n.List("natRules")) > 0 {
			b.rep.AddFor(Ignored, id, n.Where, "natRules", "VPN gateway NAT rules are not modelled: addresses are not translated")
		}
		if on, _ := n.Bool("enablePrivateIpAddress"); on {
			b.rep.AddFor(Ignored, id, n.Where, "enablePrivateIpAddress",
				"the gateway also takes tunnels on its private IP addresses (site-to-site over ExpressRoute private peering), which vnetplay does not model: a tunnel's routes are the same, but not the path its packets take")
		}
		b.register(cGateways, n, id)
		b.t.Gateways = append(b.t.Gateways, g)
	}
}

// gatewayVNet finds the VNet of a gateway's GatewaySubnet from its IP
// configurations (the subnet's parent, even if the subnet itself is not in
// the file); false (reported) when no VNet it names was imported.
func (b *builder) gatewayVNet(n *node) (string, bool) {
	for i, c := range n.List("ipConfigurations") {
		ref := n.Elem("ipConfigurations", i, c).Ref("subnet")
		if ref == "" {
			continue
		}
		if sn, ok := b.subnets[idKey(ref)]; ok {
			return sn.vnet, true
		}
		if v, ok := b.ids[cVNets][parentKey(idKey(ref))]; ok {
			return v, true
		}
		b.skip(n, fmt.Sprintf("the gateway's subnet %s is not in the file: left out, with its connections", ref))
		return "", false
	}
	b.skip(n, "the gateway has no IP configuration in a GatewaySubnet: left out, with its connections")
	return "", false
}

// gatewaySku returns the gateway's SKU name; one vnetplay does not know is
// replaced by the smallest of its type (reported), so that the design
// stays valid.
func (b *builder) gatewaySku(n *node, id string) string {
	sku := skuName(n)
	known, fallback := false, ""
	switch {
	case lowerIs(n.Str("gatewayType"), model.GatewayVpn):
		_, known = model.VpnSkuLimits(sku)
		fallback = "VpnGw1AZ"
	case lowerIs(n.Str("gatewayType"), model.GatewayExpressRoute):
		_, known = model.ErSkuLimits(sku)
		fallback = "ErGw1AZ"
	default:
		return sku // lint reports an unknown gateway type
	}
	if known {
		return sku
	}
	b.rep.AddFor(Ignored, id, n.Where, "sku.name",
		fmt.Sprintf("SKU %q is unknown to vnetplay: imported as %s, whose limits lint checks instead", sku, fallback))
	return fallback
}

// vpnClients reads a gateway's point-to-site configuration (with the
// gateway's customRoutes), nil when it has none.
func (b *builder) vpnClients(n *node) *model.VpnClientConfiguration {
	pool := n.Strings("vpnClientConfiguration.vpnClientAddressPool.addressPrefixes")
	if len(pool) == 0 {
		return nil
	}
	c := &model.VpnClientConfiguration{VpnClientAddressPool: model.AddressSpace{AddressPrefixes: pool},
		VpnClientProtocols: n.Strings("vpnClientConfiguration.vpnClientProtocols")}
	routes := n.Strings("customRoutes.addressPrefixes")
	if len(routes) == 0 {
		routes = n.Strings("vpnClientConfiguration.customRoutes.addressPrefixes")
	}
	if len(routes) > 0 {
		c.CustomRoutes = &model.AddressSpace{AddressPrefixes: routes}
	}
	return c
}

// circuits maps the ExpressRoute circuits with their Azure private
// peering, each with a customer-edge site "<circuit>-site" whose prefixes
// the export does not give (reported).
func (b *builder) circuits() {
	nodes := b.ix.top(typeCircuit)
	ids := allocate(candidates(nodes))
	sites := b.siteIDs(nodes, ids)
	for _, n := range nodes {
		id, site := ids[n.key], sites[n.key]
		c := model.ExpressRouteCircuit{ID: id, Site: site, PremiumAddOn: lowerIs(n.Str("sku.tier"), "Premium") || lowerIs(n.sku().Str("tier"), "Premium")}
		b.register(cCircuits, n, id)
		enabled := b.privatePeering(n, id, &c)
		if provisioned := b.circuitProvisioned(n, id, site); !enabled || !provisioned {
			c.Site = "" // down in Azure: not linked, so it carries no routes (the site stays, to link it)
		}
		b.t.Circuits = append(b.t.Circuits, c)
		b.t.Sites = append(b.t.Sites, model.Site{ID: site, AddressPrefixes: []string{}, Asn: c.PeerASN})
		b.origin[cSites+"["+site+"]"] = n.Where
		b.rep.AddFor(Assumed, site, n.Where, "site",
			fmt.Sprintf("the customer edge of circuit %s is the on-premises site %s (vnetplay's own), AS %d from the private peering: the prefixes on-premises advertises over the circuit are not in Azure's export; add them to the site", id, site, c.PeerASN))
	}
	b.globalReach()
}

// privatePeering reads the circuit's AzurePrivatePeering into c; other
// peerings (Microsoft peering) are reported. It returns false when the
// private peering is Disabled (reported: its BGP sessions are down, so the
// circuit carries no routes); its settings are read all the same.
func (b *builder) privatePeering(n *node, id string, c *model.ExpressRouteCircuit) (enabled bool) {
	found := false
	enabled = true
	for _, p := range b.ix.children(n, "peerings") {
		p.used = true
		if !lowerIs(p.Str("peeringType"), "AzurePrivatePeering") && !lowerIs(p.Name, "AzurePrivatePeering") {
			b.rep.AddFor(Ignored, id, p.Where, "peerings",
				fmt.Sprintf("%s (%s) is not modelled: only Azure private peering is", p.Name, p.Str("peeringType")))
			continue
		}
		found = true
		if asn, ok := p.Num("peerASN"); ok && asn > 0 && asn <= 4294967295 {
			c.PeerASN = uint32(asn)
		}
		c.PrimaryPeerAddressPrefix = p.Str("primaryPeerAddressPrefix")
		c.SecondaryPeerAddressPrefix = p.Str("secondaryPeerAddressPrefix")
		if lowerIs(p.Str("state"), "Disabled") {
			enabled = false
			b.rep.AddFor(Ignored, id, p.Where, "state",
				fmt.Sprintf("the private peering's state is Disabled: its BGP sessions are down and the circuit carries no routes, so it is imported with its settings (peerASN %d, %s and %s) but not linked to its site %s; set the circuit's site to %s once the peering is enabled",
					c.PeerASN, c.PrimaryPeerAddressPrefix, c.SecondaryPeerAddressPrefix, c.Site, c.Site))
		}
	}
	if !found {
		b.rep.AddFor(Ignored, id, n.Where, "peerings",
			"the file has no Azure private peering for this circuit: it carries no routes until one is added (peerASN and the two /30s)")
	}
	return enabled
}

// circuitProvisioned reports whether the connectivity provider has
// provisioned circuit n (serviceProviderProvisioningState Provisioned, or
// not given); otherwise (NotProvisioned, Provisioning, Deprovisioning) the
// circuit has no link to the customer edge and carries no routes
// (reported).
func (b *builder) circuitProvisioned(n *node, id, site string) bool {
	st := n.Str("serviceProviderProvisioningState")
	if st == "" || lowerIs(st, "Provisioned") {
		return true
	}
	b.rep.AddFor(Ignored, id, n.Where, "serviceProviderProvisioningState",
		fmt.Sprintf("the circuit's serviceProviderProvisioningState is %s: the connectivity provider has not (or no longer) linked it to the customer edge, so it carries no routes; it is imported but not linked to its site %s: set the circuit's site to %s once the provider has provisioned it", st, site, site))
	return false
}

// globalReach links the circuits a Global Reach connection joins (a
// connection of one circuit's private peering to another's).
func (b *builder) globalReach() {
	byID := map[string]int{}
	for i, c := range b.t.Circuits {
		byID[c.ID] = i
	}
	for _, gr := range b.ix.top(typeCircuitPeer + "/connections") {
		gr.used = true
		own, okOwn := b.ids[cCircuits][parentKey(gr.parent)]
		peer, okPeer := b.ids[cCircuits][parentKey(idKey(gr.Ref("peerExpressRouteCircuitPeering")))]
		if !okOwn || !okPeer {
			b.rep.Add(Ignored, gr.Where, "peerExpressRouteCircuitPeering",
				"a Global Reach connection to a circuit that is not in the file: left out, so the two sites do not reach each other through the MSEEs")
			continue
		}
		c := &b.t.Circuits[byID[own]]
		if !slices.Contains(c.GlobalReach, peer) {
			c.GlobalReach = append(c.GlobalReach, peer)
		}
	}
}

// connections maps the gateway connections: IPsec to a local network
// gateway, Vnet2Vnet to a gateway, ExpressRoute to a circuit. A connection
// whose ends are not imported is left out (reported); so is a P2S
// (VPNClient) connection, which the gateway's own configuration models.
func (b *builder) connections() {
	var keep []*node
	for _, n := range b.ix.top(typeConnection) {
		if b.connectionEnds(n) {
			keep = append(keep, n)
		}
	}
	ids := allocate(candidates(keep))
	for _, n := range keep {
		id := ids[n.key]
		c := model.Connection{ID: id, ConnectionType: n.Str("connectionType")}
		c.VirtualNetworkGateway1, _ = b.lookup(cGateways, n.Ref("virtualNetworkGateway1"))
		c.VirtualNetworkGateway2, _ = b.lookup(cGateways, n.Ref("virtualNetworkGateway2"))
		c.LocalNetworkGateway2, _ = b.lookup(cLNGs, n.Ref("localNetworkGateway2"))
		c.Peer, _ = b.lookup(cCircuits, n.Ref("peer"))
		c.EnableBgp, _ = n.Bool("enableBgp")
		c.RoutingWeight = intAt(n, "routingWeight")
		c.UsePolicyBasedTrafficSelectors, _ = n.Bool("usePolicyBasedTrafficSelectors")
		b.connectionNotes(n, id)
		b.register(cConnections, n, id)
		b.t.Connections = append(b.t.Connections, c)
	}
}

// connectionEnds reports whether both ends of connection n were imported
// (reporting it otherwise).
func (b *builder) connectionEnds(n *node) bool {
	kind := n.Str("connectionType")
	far, coll, what := "", "", ""
	switch {
	case lowerIs(kind, model.ConnIPsec):
		far, coll, what = "localNetworkGateway2", cLNGs, "local network gateway"
	case lowerIs(kind, model.ConnVnet2Vnet):
		far, coll, what = "virtualNetworkGateway2", cGateways, "gateway"
	case lowerIs(kind, model.ConnExpressRoute):
		far, coll, what = "peer", cCircuits, "circuit"
	default:
		b.skip(n, fmt.Sprintf("a %q connection is not modelled (IPsec, Vnet2Vnet and ExpressRoute are)", kind))
		return false
	}
	if ref := n.Ref("virtualNetworkGateway1"); ref == "" || !b.has(cGateways, ref) {
		b.skip(n, fmt.Sprintf("the connection's gateway %s is not in the file (or was not imported): left out", ref))
		return false
	}
	if ref := n.Ref(far); ref == "" || !b.has(coll, ref) {
		b.skip(n, fmt.Sprintf("the connection's %s %s is not in the file (another subscription?): left out, so nothing is learned over it", what, ref))
		return false
	}
	return true
}

// has reports whether a reference resolves in a collection.
func (b *builder) has(coll, ref string) bool { _, ok := b.lookup(coll, ref); return ok }

// connectionNotes reports what a connection carries that vnetplay drops:
// its secrets, its custom IPsec and traffic-selector policies, its own
// custom (APIPA) BGP addresses and NAT rules, a tunnel from the gateway's
// private IP (useLocalAzureIpAddress), FastPath on an ExpressRoute
// connection, and a status other than Connected at the time of the output
// (vnetplay models the connection up).
func (b *builder) connectionNotes(n *node, id string) {
	if on, _ := n.Bool("useLocalAzureIpAddress"); on {
		b.rep.AddFor(Ignored, id, n.Where, "useLocalAzureIpAddress",
			"the tunnel starts from the gateway's private IP address (site-to-site over ExpressRoute private peering), which vnetplay does not model: the connection's routes are the same, but not the path its packets take")
	}
	if on, _ := n.Bool("expressRouteGatewayBypass"); on {
		b.rep.AddFor(Ignored, id, n.Where, "expressRouteGatewayBypass",
			"FastPath is not modelled (rule:expressroute.fastpath): traffic from on-premises is walked through the ExpressRoute gateway rather than straight to the VMs; the routes and what reaches what are the same")
	}
	var apipa []string
	for i, a := range n.List("gatewayCustomBgpIpAddresses") {
		if ip := n.Elem("gatewayCustomBgpIpAddresses", i, a).Str("customBgpIpAddress"); ip != "" {
			apipa = append(apipa, ip)
		}
	}
	if len(apipa) > 0 {
		b.rep.AddFor(Ignored, id, n.Where, "gatewayCustomBgpIpAddresses",
			fmt.Sprintf("the connection's custom (APIPA) BGP addresses %s are not modelled: the gateway peers from its default BGP address", strings.Join(apipa, ", ")))
	}
	for _, side := range []string{"ingressNatRules", "egressNatRules"} {
		var names []string
		for i, r := range n.List(side) {
			if ref := n.RefAt(side, i, r); ref != "" {
				names = append(names, nameFromID(ref))
			}
		}
		if len(names) > 0 {
			b.rep.AddFor(Ignored, id, n.Where, side,
				fmt.Sprintf("the connection applies the gateway NAT rules %s, which are not modelled: addresses are not translated", strings.Join(names, ", ")))
		}
	}
	if st := n.Str("connectionStatus"); st != "" && !lowerIs(st, "Connected") && !lowerIs(st, "Unknown") {
		b.rep.AddFor(Assumed, id, n.Where, "connectionStatus",
			fmt.Sprintf("Azure reported the connection %s when the output was taken; vnetplay models it as up (see it down with vnetplay whatif FILE --fail %s)", st, id))
	}
	for _, secret := range []string{"sharedKey", "authorizationKey"} {
		if n.Str(secret) != "" {
			b.rep.AddFor(Ignored, id, n.Where, secret,
				"secrets are not imported: vnetplay does not model keys, so the design file does not hold it")
		}
	}
	if len(n.List("ipsecPolicies")) > 0 {
		b.rep.AddFor(Ignored, id, n.Where, "ipsecPolicies", "custom IPsec/IKE policies are not modelled: the tunnel is taken to come up")
	}
	if len(n.List("trafficSelectorPolicies")) > 0 {
		b.rep.AddFor(Ignored, id, n.Where, "trafficSelectorPolicies", "custom traffic selectors are not modelled")
	}
}

// routeServers maps the virtualHubs without a virtualWan (Route Server),
// with their BGP peers; a Virtual WAN hub is left out (reported).
//
// The Route Server's VNet is its IP configuration's subnet's. Only a
// template (or a hand-made file) gives that IP configuration with its
// subnet: `az network routeserver show`, the REST GET and Resource Graph
// list it by reference at most (rule:import.hybrid-resources). So the VNet
// is, in order: that of the subnet an IP configuration names; that of the
// subnet whose read-only ipConfigurations[] names one of the hub's IP
// configurations (`az network vnet show` lists it); that of the one
// imported RouteServerSubnet holding every virtualRouterIps address
// (reported as assumed). Otherwise the Route Server is left out (reported).
func (b *builder) routeServers() {
	var keep []*node
	vnetOf := map[string]string{}
	backRef := b.hubSubnetBackRefs()
	for _, n := range b.ix.top(typeHub) {
		if n.Ref("virtualWan") != "" {
			b.skip(n, "a Virtual WAN hub: Virtual WAN is not modelled")
			b.markUsed(n, "ipConfigurations", "bgpConnections")
			continue
		}
		vnet := ""
		for _, c := range b.ix.children(n, "ipConfigurations") {
			c.used = true
			if sn, ok := b.subnets[idKey(c.Ref("subnet"))]; ok && vnet == "" {
				vnet = sn.vnet
			}
		}
		if sn, ok := b.subnets[backRef[n.key]]; ok && vnet == "" {
			vnet = sn.vnet
		}
		if vnet == "" {
			var why string
			if vnet, why = b.routeServerByIPs(n); vnet == "" {
				b.skip(n, why)
				b.markUsed(n, "bgpConnections")
				continue
			}
		}
		vnetOf[n.key] = vnet
		keep = append(keep, n)
	}
	ids := allocate(candidates(keep))
	for _, n := range keep {
		b.routeServer(n, ids[n.key], vnetOf[n.key])
	}
}

// hubSubnetBackRefs maps the key of a virtual hub to the key of the first
// subnet (in key order) whose read-only ipConfigurations[] names one of
// the hub's IP configurations.
func (b *builder) hubSubnetBackRefs() map[string]string {
	out := map[string]string{}
	for _, sn := range b.ix.top(typeSubnet) {
		for i, c := range sn.List("ipConfigurations") {
			k := idKey(sn.RefAt("ipConfigurations", i, c))
			hub := parentKey(k)
			if !strings.Contains(k, "/providers/microsoft.network/virtualhubs/") {
				continue
			}
			if _, seen := out[hub]; !seen {
				out[hub] = sn.key
			}
		}
	}
	return out
}

// routeServerByIPs finds the VNet of Route Server n from its
// virtualRouterIps: the one imported RouteServerSubnet that holds them all
// (reported as assumed). "" and why not otherwise.
func (b *builder) routeServerByIPs(n *node) (vnet, why string) {
	const noSubnet = "the Route Server's subnet is not in the file: Azure lists its IP configuration (which names RouteServerSubnet) by reference only; left out: add `az network vnet show` of the VNet that holds its RouteServerSubnet"
	var ips []netip.Addr
	for _, s := range n.Strings("virtualRouterIps") {
		a, err := netip.ParseAddr(s)
		if err != nil {
			return "", noSubnet
		}
		ips = append(ips, a)
	}
	if len(ips) == 0 {
		return "", noSubnet
	}
	keys := slices.Sorted(maps.Keys(b.subnets))
	var found []subnetInfo
	for _, k := range keys {
		sn := b.subnets[k]
		p, err := netip.ParsePrefix(sn.prefix)
		if err != nil || !lowerIs(sn.name, model.RouteServerSubnet) {
			continue
		}
		if !slices.ContainsFunc(ips, func(a netip.Addr) bool { return !p.Contains(a) }) {
			found = append(found, sn)
		}
	}
	switch len(found) {
	case 0:
		return "", noSubnet
	case 1:
		b.rep.Add(Assumed, n.Where, typeAndName(n.Resource),
			fmt.Sprintf("the Route Server's IP configuration is listed by reference only: it is placed in %s, whose RouteServerSubnet (%s) holds its virtualRouterIps %s",
				found[0].vnet, found[0].prefix, strings.Join(n.Strings("virtualRouterIps"), ", ")))
		return found[0].vnet, ""
	}
	names := make([]string, len(found))
	for i, sn := range found {
		names[i] = sn.vnet
	}
	return "", fmt.Sprintf("the Route Server's IP configuration is listed by reference only, and its virtualRouterIps (%s) lie in the RouteServerSubnet of %s: which one is not told; left out: add `az network vnet show` of its VNet, whose RouteServerSubnet names the IP configuration",
		strings.Join(n.Strings("virtualRouterIps"), ", "), strings.Join(names, " and "))
}

// routeServer maps one Route Server and its peers.
func (b *builder) routeServer(n *node, id, vnet string) {
	rs := model.RouteServer{ID: id, VNet: vnet, HubRoutingPreference: n.Str("hubRoutingPreference")}
	rs.AllowBranchToBranchTraffic, _ = n.Bool("allowBranchToBranchTraffic")
	for _, p := range b.ix.children(n, "bgpConnections") {
		p.used = true
		asn, _ := p.Num("peerAsn")
		peer := model.RouteServerPeer{Name: p.Name, PeerIP: p.Str("peerIp")}
		if asn > 0 && asn <= 4294967295 {
			peer.PeerAsn = uint32(asn)
		}
		rs.BgpConnections = append(rs.BgpConnections, peer)
	}
	if len(rs.BgpConnections) > 0 {
		b.rep.AddFor(Assumed, id, n.Where, "bgpConnections",
			"what each NVA peer advertises is the NVA's configuration, not in Azure's export: the peers advertise nothing until advertise[] is added")
	}
	b.register(cRSs, n, id)
	b.t.RouteServers = append(b.t.RouteServers, rs)
}
