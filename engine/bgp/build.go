package bgp

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"vnetplay/engine/model"
)

// Prefix limits (rule:bgp.prefix-limit, rule:expressroute.circuit-prefix-limits, rule:expressroute.gateway-route-limits, rule:route-server.limits).
const (
	VpnPeerLimit         = 4000  // VPN gateway: prefixes accepted from one BGP peer (rule:bgp.prefix-limit)
	CircuitLimit         = 4000  // MSEE: prefixes accepted on private peering (rule:expressroute.circuit-prefix-limits)
	CircuitPremiumLimit  = 10000 // with the Premium add-on (rule:expressroute.circuit-prefix-limits)
	RouteServerPeerLimit = 1000  // Route Server: routes per NVA peer, default (rule:route-server.limits, section W)
	ERAdvertiseLimit     = 1000  // ExpressRoute gateway: routes advertised to on-premises (rule:expressroute.gateway-route-limits)
	SitePreferERWeight   = 100   // weight a PreferExpressRoute site gives ExpressRoute routes (rule:expressroute.preferred-over-vpn)
)

// erLearnedLimit is the ExpressRoute gateway's learned-routes limit by SKU (rule:expressroute.gateway-route-limits).
func erLearnedLimit(sku string) int {
	switch strings.ToLower(sku) {
	case "highperformance", "ergw2az", "ultraperformance", "ergw3az":
		return 9500
	case "ergwscale":
		return 60000
	}
	return 4000
}

// world is the parsed design a computation runs on.
type world struct {
	t *model.Topology
	// lentStructure says the structure maps (vnets, summaries, gwSubnet,
	// rsSubnet, transit, hubPfx, hubSet) were lent by the previous
	// result's world (lendStructure); structure tells whose they are.
	lentStructure bool
	structure     *structureToken
	down          map[model.Failure]bool
	vnets         map[string][]netip.Prefix
	gwSubnet      map[string]netip.Prefix // vnet → GatewaySubnet
	rsSubnet      map[string]netip.Prefix // vnet → RouteServerSubnet
	gateways      map[string]model.VirtualNetworkGateway
	lngs          map[string]model.LocalNetworkGateway
	sites         map[string]model.Site
	circuits      map[string]model.ExpressRouteCircuit
	nicVM         map[netip.Addr]string
	// transit[hub] lists spokes that use hub's gateway or Route Server (rule:gateway-transit.spoke-advertised-on-premises, rule:route-server.injection-scope).
	transit map[string][]string

	rsPref map[string]Preference // Route Server id → hubRoutingPreference
	// summaries[vnet] is the VNet's summarizedGatewayPrefixes (rule:gateway-transit.summarized-prefixes).
	summaries map[string][]netip.Prefix
	speakers  map[string]*Speaker
	sessions  []*Session
	// local holds each speaker's originated routes, sorted by prefix
	// (stably: the order of one prefix's paths is the order they were
	// added in, which selectBest's ties keep).
	local map[string][]Path
	diags []model.Diagnostic

	// Set by build (indexHubs, first) and finish, read-only afterwards:
	// sessByID is the first session of each id (sessions are sorted);
	// hubPfx[vnet] is hubPrefixes(vnet) and hubSet its index; preferER[site] is the site's
	// preferExpressRoute (rule:expressroute.preferred-over-vpn).
	sessByID map[string]*Session
	hubPfx   map[string][]netip.Prefix
	hubSet   map[string]*prefixSet
	preferER map[string]bool
}

// parsePrefixes parses the canonical IPv4 prefixes among ss (others are
// left out), sorted and without duplicates.
func parsePrefixes(ss []string) []netip.Prefix {
	var out []netip.Prefix
	for _, s := range ss {
		if p, err := netip.ParsePrefix(s); err == nil && p.Masked() == p && p.Addr().Is4() {
			out = append(out, p)
		}
	}
	slices.SortFunc(out, comparePrefix)
	return slices.Compact(out) // sorted, so duplicates are adjacent
}

func newWorld(t *model.Topology, failures []model.Failure, lend *world) *world {
	w := &world{t: t, down: map[model.Failure]bool{}, gateways: make(map[string]model.VirtualNetworkGateway, len(t.Gateways)), lngs: make(map[string]model.LocalNetworkGateway, len(t.LocalNetworkGateways)),
		sites: make(map[string]model.Site, len(t.Sites)), circuits: make(map[string]model.ExpressRouteCircuit, len(t.Circuits)), nicVM: map[netip.Addr]string{},
		rsPref: map[string]Preference{}, speakers: map[string]*Speaker{}, local: map[string][]Path{}}
	for _, f := range failures {
		w.down[f] = true
	}
	if lend != nil {
		w.lendStructure(lend)
	} else {
		w.parseStructure()
	}
	for _, g := range t.Gateways {
		if _, dup := w.gateways[g.ID]; !dup && g.ID != "" {
			w.gateways[g.ID] = g
		}
	}
	for _, l := range t.LocalNetworkGateways {
		if _, dup := w.lngs[l.ID]; !dup && l.ID != "" {
			w.lngs[l.ID] = l
		}
	}
	for _, s := range t.Sites {
		if _, dup := w.sites[s.ID]; !dup && s.ID != "" {
			w.sites[s.ID] = s
		}
	}
	for _, c := range t.Circuits {
		if _, dup := w.circuits[c.ID]; !dup && c.ID != "" {
			w.circuits[c.ID] = c
		}
	}
	for _, vm := range vmsPeered(t) {
		if w.down[model.Failure{Kind: model.ApplianceDown, Target: vm.ID}] {
			continue
		}
		for _, n := range vm.NICs {
			if a, err := netip.ParseAddr(n.PrivateIPAddress); err == nil {
				if _, dup := w.nicVM[a]; !dup {
					w.nicVM[a] = vm.ID
				}
			}
		}
	}
	if lend == nil {
		w.buildTransit()
	}
	return w
}

// parseStructure parses the VNets' ranges, summaries and special subnets.
func (w *world) parseStructure() {
	t := w.t
	w.vnets, w.summaries = make(map[string][]netip.Prefix, len(t.VNets)), make(map[string][]netip.Prefix, len(t.VNets))
	w.gwSubnet, w.rsSubnet, w.transit = map[string]netip.Prefix{}, map[string]netip.Prefix{}, map[string][]string{}
	w.structure = &structureToken{}
	for _, v := range t.VNets {
		if _, dup := w.vnets[v.ID]; dup || v.ID == "" {
			continue
		}
		w.vnets[v.ID] = parsePrefixes(v.AddressSpace.AddressPrefixes)
		w.summaries[v.ID] = parsePrefixes(v.SummarizedGatewayPrefixes)
		for _, s := range v.Subnets {
			if s.Name != model.GatewaySubnet && s.Name != model.RouteServerSubnet {
				continue // parsed for nothing
			}
			p, err := netip.ParsePrefix(s.AddressPrefix)
			if err != nil {
				continue
			}
			switch s.Name {
			case model.GatewaySubnet:
				w.gwSubnet[v.ID] = p.Masked()
			case model.RouteServerSubnet:
				w.rsSubnet[v.ID] = p.Masked()
			}
		}
	}
}

// lendStructure takes from lend, a world built from a design whose
// inputKey has the same structure part (the same VNets, transit
// peerings, gateways, Route Servers and their failures), what that part
// decides: the VNets' ranges, summaries and special subnets, the transit
// spokes, the hub prefixes and their index (indexHubs keeps them). None
// is modified once built.
func (w *world) lendStructure(lend *world) {
	w.vnets, w.summaries, w.gwSubnet, w.rsSubnet, w.transit = lend.vnets, lend.summaries, lend.gwSubnet, lend.rsSubnet, lend.transit
	w.hubPfx, w.hubSet = lend.hubPfx, lend.hubSet
	w.lentStructure, w.structure = true, lend.structure
}

// sameStructure reports whether w's structure maps are o's: one of them
// lent them to the other (or to a world that lent them on).
func (w *world) sameStructure(o *world) bool {
	return w.structure != nil && w.structure == o.structure
}

// structureToken tells apart the structure maps of worlds parsed apart
// (a world lent them holds its lender's token, not the lender).
type structureToken struct{ _ byte }

// vmsPeered is t's VMs when some Route Server has a BGP peer (nicVM
// finds the VM of a peer's address, routeServerSessions), else none.
func vmsPeered(t *model.Topology) []model.VM {
	for _, rs := range t.RouteServers {
		if len(rs.BgpConnections) > 0 {
			return t.VMs
		}
	}
	return nil
}

func (w *world) gatewayUp(g model.VirtualNetworkGateway) bool {
	if w.down[model.Failure{Kind: model.GatewayDown, Target: g.ID}] {
		return false
	}
	if _, ok := w.vnets[g.VNet]; !ok {
		return false
	}
	return !(w.down[model.Failure{Kind: model.GatewayInstanceDown, Target: g.ID + "/0"}] &&
		w.down[model.Failure{Kind: model.GatewayInstanceDown, Target: g.ID + "/1"}])
}

// instancesUp counts the gateway's usable instances' tunnels: active-active
// has one tunnel per instance (rule:vpn-gateway.active-active); active-standby has one tunnel that
// fails over to the standby (rule:vpn-gateway.active-standby).
func (w *world) tunnelsUp(g model.VirtualNetworkGateway) (up, of int) {
	if !g.ActiveActive {
		return 1, 1
	}
	for _, i := range []string{"/0", "/1"} {
		if !w.down[model.Failure{Kind: model.GatewayInstanceDown, Target: g.ID + i}] {
			up++
		}
	}
	return up, 2
}

func nth(p netip.Prefix, n int) netip.Addr {
	a := p.Addr()
	for range n {
		a = a.Next()
	}
	return a
}

// gatewayAddress is the gateway's BGP peering address, the one its
// neighbours see as next hop and the next-hop IP of the routes it programs:
// the first address of bgpSettings.bgpPeeringAddress (ARM lists both
// instances of an active-active gateway there, comma-separated), else the
// 4th address of GatewaySubnet for a VPN gateway and the 6th for an
// ExpressRoute gateway (rule:bgp.peering-address; the exact address is Azure's choice).
func (w *world) gatewayAddress(g model.VirtualNetworkGateway) string {
	if g.BgpSettings != nil && g.BgpSettings.BgpPeeringAddress != "" {
		if addrs := g.BgpSettings.PeeringAddresses(); len(addrs) > 0 {
			return addrs[0].String()
		}
		return g.BgpSettings.BgpPeeringAddress
	}
	sn, ok := w.gwSubnet[g.VNet]
	if !ok {
		return ""
	}
	if g.GatewayType == model.GatewayExpressRoute {
		return nth(sn, 6).String()
	}
	return nth(sn, 4).String()
}

func (w *world) siteASN(s model.Site) uint32 { return s.Asn }

func (w *world) addSpeaker(s *Speaker) bool {
	if s.ID == "" {
		return false
	}
	if old, dup := w.speakers[s.ID]; dup {
		if old.Kind != s.Kind {
			w.diag(model.Error, "bgp.speaker-id", "topology", "%s and %s share the id %q: BGP speakers need distinct ids; the %s is left out", old.Kind, s.Kind, s.ID, s.Kind)
		}
		return false
	}
	w.speakers[s.ID] = s
	return true
}

func (w *world) diag(sev model.Severity, code, path, format string, args ...any) {
	w.diags = append(w.diags, model.Diagnostic{Code: code, Severity: sev, Path: path, Msg: errorf(format, args...)})
}

// build creates the speakers, their originated routes and the sessions.
// hint, a world built before (or nil), lends a site's originated paths
// when the site advertises the same prefixes (siteLocal): the same list,
// shared, which Update then compares in O(1).
func (w *world) build(hint *world) {
	t := w.t
	w.indexHubs(hint)
	kept := map[string]bool{} // speakers whose paths are hint's, sorted already
	for _, id := range sortedKeys(w.gateways) {
		g := w.gateways[id]
		if g.GatewayType != model.GatewayVpn && g.GatewayType != model.GatewayExpressRoute {
			continue
		}
		kind := VpnGateway
		if g.GatewayType == model.GatewayExpressRoute {
			kind = ExpressRouteGateway
		}
		sp := &Speaker{ID: g.ID, Kind: kind, ASN: g.ASN(), VNet: g.VNet, Address: w.gatewayAddress(g), BGP: g.SpeaksBGP(), Down: !w.gatewayUp(g)}
		if !w.addSpeaker(sp) || sp.Down {
			continue
		}
		w.setLocal(g.ID, localPaths(w.advertisedPrefixes(g.VNet)))
		if kind == VpnGateway && g.VpnClientConfiguration != nil && !g.IsPolicyBased() {
			// rule:bgp.what-gateway-advertises (observed): the P2S pool is advertised too.
			for _, p := range parsePrefixes(g.VpnClientConfiguration.VpnClientAddressPool.AddressPrefixes) {
				w.local[g.ID] = append(w.local[g.ID], Path{Prefix: p, Local: true, Weight: 32768, NextHop: "0.0.0.0", pool: true})
			}
			sortPaths(w.local[g.ID]) // the pool after the ranges, for staticAtB below
		}
	}
	for _, id := range sortedKeys(w.sites) {
		s := w.sites[id]
		sp := &Speaker{ID: s.ID, Kind: SiteRouter, ASN: s.Asn, BGP: s.Asn != 0, Down: w.down[model.Failure{Kind: model.SiteDown, Target: s.ID}]}
		if !w.addSpeaker(sp) || sp.Down || !sp.BGP {
			continue
		}
		adv := siteAdvertised(s)
		if ps, ok := hint.siteLocal(s.ID, adv); ok {
			w.local[s.ID] = ps
			kept[s.ID] = true
			continue
		}
		w.setLocal(s.ID, localPaths(parsePrefixes(adv)))
	}
	for _, id := range sortedKeys(w.circuits) {
		c := w.circuits[id]
		w.addSpeaker(&Speaker{ID: c.ID, Kind: MSEE, ASN: model.MSEEASN, BGP: true, Address: peerAddress(c.Legs()[0].Prefix, 2),
			Down: w.down[model.Failure{Kind: model.CircuitDown, Target: c.ID}]})
	}
	rss := slices.Clone(t.RouteServers)
	slices.SortStableFunc(rss, func(a, b model.RouteServer) int { return strings.Compare(a.ID, b.ID) })
	for _, rs := range rss {
		addr := ""
		if sn, ok := w.rsSubnet[rs.VNet]; ok {
			addr = nth(sn, 4).String()
		}
		_, vnetOK := w.vnets[rs.VNet]
		sp := &Speaker{ID: rs.ID, Kind: RouteServer, ASN: model.AzureASN, VNet: rs.VNet, Address: addr, BGP: true,
			Down: !vnetOK || w.down[model.Failure{Kind: model.RouteServerDown, Target: rs.ID}]}
		if !w.addSpeaker(sp) || sp.Down {
			continue
		}
		w.rsPref[rs.ID] = ParsePreference(rs.HubRoutingPreference)
		for _, p := range w.advertisedPrefixes(rs.VNet) {
			w.local[rs.ID] = append(w.local[rs.ID], Path{Prefix: p, Local: true, Weight: 32768, NextHop: "0.0.0.0"})
		}
	}
	w.connectionSessions()
	w.circuitSessions()
	w.routeServerSessions(rss)
	slices.SortStableFunc(w.sessions, func(a, b *Session) int { return strings.Compare(a.ID, b.ID) })
	for id := range w.local {
		if !kept[id] {
			sortPaths(w.local[id])
		}
	}
	w.finish()
}

// siteAdvertised is what site s announces: its advertised prefixes, else
// its address space (as written).
func siteAdvertised(s model.Site) []string {
	if len(s.AdvertisedPrefixes) == 0 {
		return s.AddressPrefixes
	}
	return s.AdvertisedPrefixes
}

// siteLocal returns the originated paths w (a world built before, or nil)
// made for site id, when it announced exactly adv then: they are the same
// (a site's paths read nothing else; parsed, sorted and never modified).
func (w *world) siteLocal(id string, adv []string) ([]Path, bool) {
	if w == nil {
		return nil, false
	}
	s, ok := w.sites[id]
	ps, has := w.local[id]
	if !ok || !has || !slices.Equal(siteAdvertised(s), adv) {
		return nil, false
	}
	if sp := w.speakers[id]; sp == nil || sp.Kind != SiteRouter {
		return nil, false
	}
	return ps, true
}

// localPaths is a speaker's originated paths for ps, one each.
func localPaths(ps []netip.Prefix) []Path {
	out := make([]Path, len(ps))
	for i, p := range ps {
		out[i] = Path{Prefix: p, Local: true, Weight: 32768, NextHop: "0.0.0.0"}
	}
	return out
}

// setLocal sets speaker id's originated paths, unless there are none (the
// speaker then has no entry).
func (w *world) setLocal(id string, ps []Path) {
	if len(ps) > 0 {
		w.local[id] = ps
	}
}

// sortPaths sorts paths by prefix, keeping the order of one prefix's
// paths.
func sortPaths(ps []Path) {
	slices.SortStableFunc(ps, func(a, b Path) int { return comparePrefix(a.Prefix, b.Prefix) })
}

// finish indexes the built world (sessByID, preferER) and drops the
// topology: a Result keeps its world, never the caller's design.
func (w *world) finish() {
	w.sessByID = make(map[string]*Session, len(w.sessions))
	for _, s := range w.sessions {
		if _, dup := w.sessByID[s.ID]; !dup {
			w.sessByID[s.ID] = s
		}
	}
	w.preferER = make(map[string]bool, len(w.sites))
	for id, s := range w.sites {
		w.preferER[id] = s.PreferExpressRoute
	}
	w.t = nil
}

// indexHubs sets every VNet's hub prefixes (hubPfx) and their index
// (hubSet); they read only the VNets' ranges and transit, so build does
// it first and the gateways' and Route Servers' originated prefixes read
// them (advertisedPrefixes). A VNet's hub prefixes equal to those of hint
// (a world built before, or nil) take hint's list and index.
func (w *world) indexHubs(hint *world) {
	if w.lentStructure {
		return // lent with the rest of the structure (lendStructure)
	}
	w.hubPfx = make(map[string][]netip.Prefix, len(w.vnets))
	w.hubSet = make(map[string]*prefixSet, len(w.vnets))
	for v := range w.vnets {
		w.hubPfx[v] = w.hubPrefixes(v)
		if hint != nil {
			if ps, ok := hint.hubPfx[v]; ok && (ps == nil) == (w.hubPfx[v] == nil) && slices.Equal(ps, w.hubPfx[v]) {
				w.hubPfx[v], w.hubSet[v] = ps, hint.hubSet[v]
				continue
			}
		}
		w.hubSet[v] = newPrefixSet(w.hubPfx[v])
	}
}

func peerAddress(prefix string, n int) string {
	p, err := netip.ParsePrefix(prefix)
	if err != nil || !p.Addr().Is4() {
		return ""
	}
	return nth(p.Masked(), n).String()
}

func (w *world) up(id string) bool {
	s, ok := w.speakers[id]
	return ok && !s.Down
}

func (w *world) connectionSessions() {
	conns := slices.Clone(w.t.Connections)
	slices.SortStableFunc(conns, func(a, b model.Connection) int { return strings.Compare(a.ID, b.ID) })
	// Every VNet-to-VNet connection resource per (gateway1, gateway2), by id:
	// one tunnel, or redundant tunnels with an active-active gateway
	// (rule:s2s.redundant-vnet-tunnels-need-active-active).
	byPair := map[[2]string][]model.Connection{}
	for _, c := range conns {
		if c.ConnectionType == model.ConnVnet2Vnet && c.ID != "" {
			k := [2]string{c.VirtualNetworkGateway1, c.VirtualNetworkGateway2}
			byPair[k] = append(byPair[k], c)
		}
	}
	seen := map[string]bool{}
	for _, c := range conns {
		if c.ID == "" || seen[c.ID] {
			continue
		}
		seen[c.ID] = true
		cdown := w.down[model.Failure{Kind: model.ConnectionDown, Target: c.ID}]
		g, gok := w.gateways[c.VirtualNetworkGateway1]
		switch c.ConnectionType {
		case model.ConnIPsec:
			l, lok := w.lngs[c.LocalNetworkGateway2]
			if !gok || !lok || !g.IsVpn() {
				continue
			}
			site, sok := w.sites[l.Site]
			if !sok {
				continue
			}
			s := &Session{ID: c.ID, Kind: SessIPsec, A: g.ID, B: site.ID, limitAtA: VpnPeerLimit, staticExportA: true}
			s.Up = !cdown && w.up(g.ID) && w.up(site.ID)
			s.Tunnels, s.Of = w.tunnelsUp(g)
			lngASN := model.ExpectedPeerASN(l, site)
			s.BGP = c.EnableBgp && g.SpeaksBGP() && l.BgpSettings != nil && lngASN != 0
			switch refused := asnRefused(g, l, site); {
			case !s.Up:
				s.Tunnels = 0
				s.Why = downWhy(cdown, w, g.ID, site.ID)
				s.keepStatics = w.up(g.ID) && !s.BGP
			case s.BGP && refused != "":
				// The tunnel is up, the BGP session on it is not: the LNG's
				// statics stay, nothing is learned (rule:bgp.lng-prefixes-with-bgp).
				s.Up, s.Why, s.keepStatics = false, refused, true
			}
			s.staticAtA = parsePrefixes(l.LocalNetworkAddressSpace.AddressPrefixes) // rule:bgp.lng-prefixes-with-bgp, rule:s2s.lng-prefixes-programmed
			if !s.BGP {
				// The on-premises device routes Azure's ranges into the tunnel by
				// configuration (traffic selectors, rule:s2s.traffic-selectors-list-spokes): the hub, its transit
				// spokes and the P2S pool.
				for _, p := range w.local[g.ID] {
					s.staticAtB = append(s.staticAtB, p.Prefix)
				}
			}
			s.filterFromB = parsePrefixes(l.ExportPrefixList)
			if l.BgpSettings != nil && l.BgpSettings.BgpPeeringAddress != "" {
				s.addrB = l.BgpSettings.BgpPeeringAddress
			} else {
				s.addrB = l.GatewayIPAddress
			}
			w.sessions = append(w.sessions, s)
		case model.ConnVnet2Vnet:
			g2, ok2 := w.gateways[c.VirtualNetworkGateway2]
			if !gok || !ok2 || !g.IsVpn() || !g2.IsVpn() || g.ID == g2.ID {
				continue
			}
			// One session per pair of gateways, built from the first connection
			// of either direction (c) and the first of the reverse (rev); each
			// direction is up while one of its connections is
			// (rule:s2s.vnet-to-vnet-two-connections, rule:s2s.redundant-vnet-tunnels-need-active-active).
			fwd, back := byPair[[2]string{g.ID, g2.ID}], byPair[[2]string{g2.ID, g.ID}]
			for _, x := range fwd {
				seen[x.ID] = true
			}
			for _, x := range back {
				seen[x.ID] = true
			}
			hasRev := len(back) > 0
			var rev model.Connection
			id := c.ID
			if hasRev {
				rev = back[0]
				id = min(c.ID, rev.ID) + "+" + max(c.ID, rev.ID)
			}
			cdown = w.allConnectionsDown(fwd)
			revDown := hasRev && w.allConnectionsDown(back)
			s := &Session{ID: id, Kind: SessVnet2Vnet, A: min(g.ID, g2.ID), B: max(g.ID, g2.ID)}
			s.Up = hasRev && !cdown && !revDown && w.up(g.ID) && w.up(g2.ID) && !g.IsPolicyBased() && !g2.IsPolicyBased()
			switch {
			case !hasRev:
				s.Why = "only one direction exists; a VNet-to-VNet tunnel needs a connection resource on each side (rule:s2s.vnet-to-vnet-two-connections)"
			case g.IsPolicyBased() || g2.IsPolicyBased():
				s.Why = "VNet-to-VNet needs RouteBased gateways on both sides (rule:s2s.vnet-to-vnet-route-based)"
			case !s.Up:
				s.Why = downWhy(cdown || revDown, w, g.ID, g2.ID)
			}
			s.BGP = hasRev && c.EnableBgp && rev.EnableBgp && g.SpeaksBGP() && g2.SpeaksBGP() && g.ASN() != g2.ASN()
			if hasRev && c.EnableBgp && rev.EnableBgp && g.ASN() == g2.ASN() {
				w.diag(model.Warning, "bgp.same-asn", "connections["+c.ID+"]", "gateways %s and %s share ASN %d: BGP over VNet-to-VNet needs different ASNs (rule:bgp.distinct-asns); the link uses static routes", g.ID, g2.ID, g.ASN())
			}
			if s.Up {
				// One tunnel per pair of instances: two active-active
				// gateways make four (rule:vpn-gateway.active-active-vnet-to-vnet).
				ua, ta := w.tunnelsUp(g)
				ub, tb := w.tunnelsUp(g2)
				s.Tunnels, s.Of = ua*ub, ta*tb
			}
			if !s.BGP {
				// rule:s2s.vnet-to-vnet-auto-prefixes: each side installs the other VNet's address space.
				s.staticAtA, s.staticAtB = slices.Clone(w.vnets[w.gateways[s.B].VNet]), slices.Clone(w.vnets[w.gateways[s.A].VNet])
			}
			s.limitAtA, s.limitAtB = VpnPeerLimit, VpnPeerLimit
			w.sessions = append(w.sessions, s)
		case model.ConnExpressRoute:
			ckt, cok := w.circuits[c.Peer]
			if !gok || !cok || g.GatewayType != model.GatewayExpressRoute {
				continue
			}
			s := &Session{ID: c.ID, Kind: SessER, A: g.ID, B: ckt.ID, BGP: true, weightAtA: c.RoutingWeight, limitAtA: erLearnedLimit(g.Sku)}
			s.Up = !cdown && w.up(g.ID) && w.up(ckt.ID)
			if s.Up {
				s.Tunnels, s.Of = 1, 1
			} else {
				s.Why = downWhy(cdown, w, g.ID, ckt.ID)
			}
			w.sessions = append(w.sessions, s)
		}
	}
}

// asnRefused says why the BGP session between gateway g and the router of
// site, over a connection to local network gateway l, does not establish,
// or "" when the ASNs allow it: the on-premises ASN equals the gateway's,
// on l or on the router (model.SameASN, rule:bgp.distinct-asns), or the
// router presents another ASN than the one l tells the gateway to expect
// (rule:s2s.local-network-gateway).
func asnRefused(g model.VirtualNetworkGateway, l model.LocalNetworkGateway, site model.Site) string {
	if why := model.SameASN(g, l, site); why != "" {
		return why
	}
	if want := model.ExpectedPeerASN(l, site); site.Asn != 0 && want != 0 && site.Asn != want {
		return errorf("gateway %s expects ASN %d (local network gateway %s's bgpSettings.asn) and site %s's router presents %d: the BGP session does not establish (rule:s2s.local-network-gateway)", g.ID, want, l.ID, site.ID, site.Asn)
	}
	return ""
}

// allConnectionsDown reports whether every connection of cs is failed
// (what-if); an empty list is not down.
func (w *world) allConnectionsDown(cs []model.Connection) bool {
	for _, c := range cs {
		if !w.down[model.Failure{Kind: model.ConnectionDown, Target: c.ID}] {
			return false
		}
	}
	return len(cs) > 0
}

func downWhy(self bool, w *world, ids ...string) string {
	if self {
		return "failed (what-if)"
	}
	for _, id := range ids {
		if sp, ok := w.speakers[id]; ok && sp.Down {
			return id + " is down"
		}
	}
	return "an end is missing or down"
}

func (w *world) circuitSessions() {
	for _, id := range sortedKeys(w.circuits) {
		c := w.circuits[id]
		site, ok := w.sites[c.Site]
		if !ok {
			continue
		}
		if sp := w.speakers[site.ID]; sp != nil && !sp.BGP {
			continue
		}
		legs := c.Legs()
		s := &Session{ID: c.ID, Kind: SessPeering, A: c.ID, B: site.ID, BGP: true, Of: len(legs), limitAtA: CircuitLimit}
		if c.PremiumAddOn {
			s.limitAtA = CircuitPremiumLimit
		}
		for _, leg := range legs {
			if !w.down[model.Failure{Kind: model.CircuitSessionDown, Target: c.ID + "/" + leg.Name}] {
				s.Tunnels++
			}
		}
		s.Up = s.Tunnels > 0 && w.up(c.ID) && w.up(site.ID)
		if !s.Up {
			s.Tunnels = 0
			s.Why = downWhy(false, w, c.ID, site.ID)
			if w.up(c.ID) && w.up(site.ID) {
				s.Why = legsDownWhy(legs)
			}
		}
		s.filterFromB = parsePrefixes(c.ExportPrefixList)
		s.addrB = peerAddress(legs[0].Prefix, 1)
		w.sessions = append(w.sessions, s)
	}
	// rule:expressroute.no-transit-without-global-reach: Global Reach links two circuits' on-premises sides.
	seen := map[[2]string]bool{}
	for _, id := range sortedKeys(w.circuits) {
		for _, o := range slices.Sorted(slices.Values(w.circuits[id].GlobalReach)) {
			if _, ok := w.circuits[o]; !ok || o == id {
				continue
			}
			k := [2]string{min(id, o), max(id, o)}
			if seen[k] {
				continue
			}
			seen[k] = true
			s := &Session{ID: k[0] + "~" + k[1], Kind: SessGlobalReach, A: k[0], B: k[1], BGP: true, Up: w.up(k[0]) && w.up(k[1])}
			if s.Up {
				s.Tunnels, s.Of = 1, 1
			} else {
				s.Why = downWhy(false, w, k[0], k[1])
			}
			w.sessions = append(w.sessions, s)
		}
	}
}

// legsDownWhy says why a circuit whose configured sessions legs are all
// failed is down (rule:expressroute.private-peering-sessions).
func legsDownWhy(legs []model.CircuitLeg) string {
	if len(legs) == 1 {
		return "its only BGP session (" + legs[0].Name + ") is down: the circuit configures no other link, so nothing keeps it up (rule:expressroute.private-peering-sessions)"
	}
	return "both BGP sessions (primary and secondary) are down (rule:expressroute.private-peering-sessions)"
}

// peerASNRefused says why Route Server refuses a session with an NVA on
// ASN a, or "" when it accepts it: 65515 and 0, 32-bit ASNs
// (rule:route-server.asn-and-peers) and the reserved ones (rule:bgp.reserved-asns).
func peerASNRefused(a uint32) string {
	switch {
	case a == model.AzureASN || a == 0:
		return "the NVA must use an ASN other than 65515 (rule:route-server.asn-and-peers)"
	case a > 65535:
		return fmt.Sprintf("Route Server peers only with 16-bit ASNs, and the NVA uses %d (rule:route-server.asn-and-peers)", a)
	case model.ReservedASN(a):
		return fmt.Sprintf("ASN %d is reserved: Route Server does not peer with it (rule:bgp.reserved-asns)", a)
	}
	return ""
}

func (w *world) routeServerSessions(rss []model.RouteServer) {
	for _, rs := range rss {
		sp, ok := w.speakers[rs.ID]
		if !ok || sp.VNet != rs.VNet {
			continue
		}
		peers := slices.Clone(rs.BgpConnections)
		slices.SortStableFunc(peers, func(a, b model.RouteServerPeer) int { return strings.Compare(a.Name, b.Name) })
		for _, b := range peers {
			ip, err := netip.ParseAddr(b.PeerIP)
			if b.Name == "" || err != nil {
				continue
			}
			vm, hasVM := w.nicVM[ip]
			hasVM = hasVM && vm != ""
			nvaID := rs.ID + "/" + b.Name
			if hasVM {
				nvaID = vm
			}
			nva := &Speaker{ID: nvaID, Kind: NVA, ASN: b.PeerAsn, VNet: rs.VNet, Address: b.PeerIP, BGP: true, Down: !hasVM}
			if !w.addSpeaker(nva) {
				if nva = w.speakers[nvaID]; nva == nil || nva.Kind != NVA {
					continue // the id is taken by another speaker
				}
			} else if !nva.Down {
				for _, a := range b.Advertise {
					p, err := netip.ParsePrefix(a.Prefix)
					if err != nil || p.Masked() != p || !p.Addr().Is4() {
						continue
					}
					path := Path{Prefix: p, Local: true, Weight: 32768, NextHop: "0.0.0.0", NoAdvertise: a.NoAdvertise}
					if strings.EqualFold(a.Origin, "incomplete") || a.Origin == "?" {
						path.Origin = Incomplete
					}
					// A guard for an invalid design only: validation reports
					// a prepend outside 0..MaxAsPathPrepend (routeserver.as-path-prepend).
					for range min(max(a.AsPathPrepend, 0), model.MaxAsPathPrepend) {
						path.ASPath = append(path.ASPath, b.PeerAsn)
					}
					w.local[nvaID] = append(w.local[nvaID], path)
				}
			}
			s := &Session{ID: rs.ID + "/" + b.Name, Kind: SessRouteServer, A: rs.ID, B: nva.ID, BGP: true, limitAtA: RouteServerPeerLimit,
				filterFromB: parsePrefixes(b.ExportPrefixList)}
			pdown := w.down[model.Failure{Kind: model.RouteServerPeerDown, Target: s.ID}]
			refused := peerASNRefused(b.PeerAsn)
			s.Up = !pdown && w.up(rs.ID) && w.up(nva.ID) && refused == ""
			switch {
			case s.Up:
				s.Tunnels, s.Of = 1, 1
			case refused != "":
				s.Why = refused
			case !hasVM:
				s.Why = "no running NVA NIC has peer IP " + b.PeerIP
			default:
				s.Why = downWhy(pdown, w, rs.ID, nva.ID)
			}
			w.sessions = append(w.sessions, s)
		}
		if !rs.AllowBranchToBranchTraffic {
			continue // rule:route-server.branch-to-branch: no exchange with the gateways
		}
		for _, gid := range sortedKeys(w.gateways) {
			g := w.gateways[gid]
			if g.VNet != rs.VNet {
				continue
			}
			s := &Session{ID: rs.ID + "~" + g.ID, Kind: SessRSGateway, A: rs.ID, B: g.ID, BGP: true}
			if g.IsVpn() && (!g.ActiveActive || g.ASN() != model.AzureASN) {
				s.Why = "a VPN gateway works with Route Server only when active-active on ASN 65515 (rule:expressroute.no-vpn-transit-without-route-server, rule:route-server.vpn-gateway-active-active)"
				w.diag(model.Warning, "routeserver.vpn-gateway", "routeServers["+rs.ID+"]",
					"VPN gateway %s must be active-active with ASN 65515 to exchange routes with Route Server (rule:route-server.vpn-gateway-active-active); no branch-to-branch through it", g.ID)
			} else {
				s.Up = w.up(rs.ID) && w.up(g.ID)
				if s.Up {
					s.Tunnels, s.Of = 1, 1
				} else {
					s.Why = downWhy(false, w, rs.ID, g.ID)
				}
			}
			w.sessions = append(w.sessions, s)
		}
	}
}
