package trace

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"vnetplay/engine/bgp"
	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
	"vnetplay/engine/route"
)

// routeServerHop reports whether e was injected by a Route Server; its next
// hop is then the NVA's address (rule:route-server.control-plane-only, rule:route-server.routes-shown-as-gateway).
// It records what it read in r.
func routeServerHop(r *walkResult, p *dataplane.Plane, e route.Effective) (netip.Addr, bool) {
	res := p.BGP()
	if res == nil || e.Origin.Kind != route.FromGateway || e.Source == route.User {
		return netip.Addr{}, false
	}
	r.read(ReadSpeaker, e.Origin.ID, netip.Addr{})
	sp, ok := res.Speaker(e.Origin.ID)
	return e.NextHopIP, ok && sp.Kind == bgp.RouteServer && e.NextHopIP.IsValid()
}

// gatewayNIC is the stand-in NIC of a gateway forwarding into its VNet by
// GatewaySubnet's effective routes (rule:expressroute.gateway-forwards-by-gatewaysubnet).
func gatewayNIC(p *dataplane.Plane, gw string) (*dataplane.NIC, bool) {
	sp, ok := p.BGP().Speaker(gw)
	if !ok {
		return nil, false
	}
	sn := sp.VNet + "/" + model.GatewaySubnet
	if _, ok := p.Subnet(sn); !ok {
		return nil, false
	}
	ip, _ := netip.ParseAddr(sp.Address)
	return &dataplane.NIC{ID: gw, Subnet: sn, IP: ip, IPForwarding: true, GuestForwarding: true, Gateway: true}, true
}

// standIn is gatewayNIC(p, gw), made once per Walker when r has one
// (the same NIC each time, and no allocation per walk); r records the read.
func (r *walkResult) standIn(p *dataplane.Plane, gw string) (*dataplane.NIC, bool) {
	r.read(ReadSpeaker, gw, netip.Addr{})
	s := once(r.w, func(w *Walker) *map[string]standIn { return &w.standIns }, gw, func() standIn {
		nic, ok := gatewayNIC(p, gw)
		return standIn{nic: nic, ok: ok}
	})
	return s.nic, s.ok
}

// standIn is a memoized gatewayNIC.
type standIn struct {
	nic *dataplane.NIC
	ok  bool
}

// vpnGateway is vpnGatewayFor(p, vnet), once per Walker when r has one;
// r records the read.
func (r *walkResult) vpnGateway(p *dataplane.Plane, vnet string) string {
	r.read(ReadVPNGateway, vnet, netip.Addr{})
	return once(r.w, func(w *Walker) *map[string]string { return &w.vpnFor }, vnet, func() string { return vpnGatewayFor(p, vnet) })
}

// once is compute(), called once per key in the Walker's map that field
// names (made on first use), or every time without a Walker (w nil).
func once[V any](w *Walker, field func(*Walker) *map[string]V, key string, compute func() V) V {
	if w == nil {
		return compute()
	}
	m := field(w)
	v, ok := (*m)[key]
	if !ok {
		v = compute()
		if *m == nil {
			*m = map[string]V{}
		}
		(*m)[key] = v
	}
	return v
}

// vpnGatewayFor finds the VPN gateway a UDR with next hop
// VirtualNetworkGateway uses: the VNet's own, or its transit hub's (rule:udr.gateway-next-hop-vpn-only, rule:propagation.reach-on-premises-by-udr, rule:gateway-transit.spoke-to-spoke-needs-udr;
// transitHub).
func vpnGatewayFor(p *dataplane.Plane, vnet string) string {
	return gatewayFor(p, vnet, bgp.VpnGateway)
}

// gatewayFor is the gateway of kind in VNet vnet, else in its transit hub
// (transitHub), "" for none.
func gatewayFor(p *dataplane.Plane, vnet string, kind bgp.Kind) string {
	res := p.BGP()
	hubs := []string{vnet}
	if hub := transitHub(p, vnet); hub != "" {
		hubs = append(hubs, hub)
	}
	for _, h := range hubs {
		for _, sp := range res.Speakers() {
			if sp.VNet == h && sp.Kind == kind {
				return sp.ID
			}
		}
	}
	return ""
}

// noVPNGatewayReason is the reason of a walk whose route e, a UDR with
// next hop VirtualNetworkGateway looked up in VNet vnet, finds no VPN
// gateway there or through gateway transit (vpnGatewayFor): such a UDR
// never uses an ExpressRoute gateway, which is said when vnet has one
// (rule:udr.gateway-next-hop-vpn-only). What it reads is recorded with
// the VPN gateway's question (ReadVPNGateway).
func noVPNGatewayReason(p *dataplane.Plane, e route.Effective, vnet string) string {
	why := fmt.Sprintf("route %s points at VirtualNetworkGateway, but %s has no VPN gateway of its own or through gateway transit", e.Prefix, vnet)
	if er := gatewayFor(p, vnet, bgp.ExpressRouteGateway); er != "" {
		why += fmt.Sprintf(", and a UDR never sends traffic to an ExpressRoute gateway such as %s", er)
	}
	return why + " (rule:udr.gateway-next-hop-vpn-only)"
}

// transitHub is the VNet whose gateways vnet uses through gateway transit,
// "" for none, as the control plane chooses it with every gateway up
// (rule:peering.use-remote-gateways-conditions): none when vnet has a
// gateway of its own, else the remote VNet of vnet's first peering (by
// peering id) that is Connected, sets useRemoteGateways on vnet's link and
// allowGatewayTransit on the other, and whose remote VNet has a gateway or
// Route Server. A hub whose gateway is down stays the hub, so the walk says
// that gateway is down.
func transitHub(p *dataplane.Plane, vnet string) string {
	t := p.HybridTopology()
	hasGateway := func(v string, orRouteServer bool) bool {
		if slices.ContainsFunc(t.Gateways, func(g model.VirtualNetworkGateway) bool { return g.VNet == v }) {
			return true
		}
		return orRouteServer && slices.ContainsFunc(t.RouteServers, func(rs model.RouteServer) bool { return rs.VNet == v })
	}
	if hasGateway(vnet, false) {
		return ""
	}
	hub, peering := "", ""
	for l := range p.LinksOf(vnet) {
		if l.State != model.Connected || !l.Self.UseRemoteGateways || !l.Other.AllowGatewayTransit || (hub != "" && l.Peering >= peering) {
			continue
		}
		if hasGateway(l.Remote, true) {
			hub, peering = l.Remote, l.Peering
		}
	}
	return hub
}

// gatewayEgress handles a packet whose effective route points at a virtual
// network gateway. It returns the NIC to continue from (a VNet-to-VNet peer
// gateway), or done after ending r.
//
// A Walker's walk (r.share) at iteration n of walkOn continues from the
// Walker's memoized part of the walk from the gateway on (gatewayAt), when
// it fits (gwSuffix.fits); nsgs and opts are walkOn's.
func gatewayEgress(r *walkResult, p *dataplane.Plane, e route.Effective, f Flow, vnet string, n int, nsgs bool, opts Options) (*dataplane.NIC, bool) {
	gw, forced, sp, done := gatewayEntry(r, p, e, vnet)
	if done {
		return nil, true
	}
	r.hop(gw)
	if !r.quiet { // (its arguments cost a walk that records no steps)
		r.step(StepGateway, "enters %s %s", sp.Kind, gw)
	}
	if r.sharesGateway() {
		if s := r.w.gatewayAt(gw, f, forced, nsgs, opts); s.fits(r, f.SrcIP, n) {
			r.spliceGateway(s)
			return nil, true
		}
	}
	return egressAt(r, p, gw, f, forced)
}

// gatewayEntry is the start of gatewayEgress: the gateway gw that route e,
// looked up at a NIC of VNet vnet, sends the packet into (forced: a UDR
// chose it) and its speaker sp, once the gateway is known to be up; r
// records what it read and, with done, ends when there is no such gateway
// or it is down. On success r has passed a gateway (viaGateway).
func gatewayEntry(r *walkResult, p *dataplane.Plane, e route.Effective, vnet string) (gw string, forced bool, sp bgp.Speaker, done bool) {
	res := p.BGP()
	if res == nil {
		r.bgp = true
		r.end(DroppedNoGateway, "route %s points at a virtual network gateway, which this design does not have", e.Prefix)
		return "", false, sp, true
	}
	gw, forced = e.Origin.ID, e.Source == route.User
	if forced || e.Origin.Kind != route.FromGateway {
		gw = r.vpnGateway(p, vnet)
		if gw == "" {
			r.end(DroppedNoGateway, "%s", noVPNGatewayReason(p, e, vnet))
			return "", false, sp, true
		}
	}
	r.read(ReadSpeaker, gw, netip.Addr{})
	sp, ok := res.Speaker(gw)
	if !ok || sp.Down {
		r.end(DroppedComponentDown, "gateway %s is down", gw)
		return "", false, sp, true
	}
	r.viaGateway = true
	return gw, forced, sp, false
}

// egressAt picks the gateway's best path for the destination and follows it.
func egressAt(r *walkResult, p *dataplane.Plane, gw string, f Flow, forced bool) (*dataplane.NIC, bool) {
	res := p.BGP()
	if r.budget++; r.budget > 4*MaxHops {
		r.end(Loop, "more than %d steps across gateways", 4*MaxHops)
		return nil, true
	}
	r.read(ReadBest, gw, f.DstIP)
	b, ok := res.Lookup(gw, f.DstIP)
	if ok && b.Local {
		if owner, isPool := bgp.PoolOwner(p.HybridTopology(), f.DstIP); isPool && owner == gw {
			r.bgp = true // the P2S clients (not recorded)
			if ep, ok := p.HybridAt(f.DstIP); ok && ep.Kind == dataplane.EndpointP2SClient && ep.Owner == gw {
				r.hop(ep.ID)
				r.dstHybrid = ep.ID
				r.end(DeliveredToP2SClient, "delivered to P2S client %s (%s) over its tunnel", ep.ID, ep.IP)
				return nil, true
			}
			r.end(DroppedNoHost, "no P2S client of %s has %s", gw, f.DstIP)
			return nil, true
		}
		if b.Prefix.Bits() > 0 {
			// A UDR sent the packet to the gateway (spoke-to-spoke through
			// the hub's VPN gateway, rule:gateway-transit.spoke-to-spoke-needs-udr): the destination is in the ranges
			// the gateway serves, so it forwards the packet back into its
			// VNet by GatewaySubnet's effective routes (rule:expressroute.gateway-forwards-by-gatewaysubnet).
			nic, ok := r.standIn(p, gw)
			if !ok {
				r.end(DroppedNoGateway, "gateway %s has no GatewaySubnet", gw)
				return nil, true
			}
			if !r.quiet { // (its arguments cost a walk that records no steps)
				r.step(StepGateway, "%s is in the ranges %s serves (%s): %s forwards it by GatewaySubnet's effective routes (rule:gateway-transit.spoke-to-spoke-needs-udr, rule:expressroute.gateway-forwards-by-gatewaysubnet)", f.DstIP, gw, b.Prefix, gw)
			}
			return nic, false
		}
	}
	if !ok || (forced && b.Prefix.Bits() == 0 && b.Local) {
		r.bgp = true // the default site and its tunnels (not recorded)
		site, policyBased := defaultSite(p, gw)
		if site == "" {
			why := "gateway " + gw + " has no route to " + f.DstIP.String()
			switch {
			case forced && policyBased:
				why += ": its default site is not used, as only a RouteBased gateway force-tunnels to one (rule:forced-tunnelling.default-site)"
			case forced:
				why += " and no default site for forced tunnelling (rule:forced-tunnelling.default-site)"
			}
			r.end(DroppedNoRoute, "%s", why)
			return nil, true
		}
		r.step(StepGateway, "no more specific route: forced tunnelling to default site %s (rule:forced-tunnelling.default-site)", site)
		if !r.quiet {
			r.breakout = "rule:forced-tunnelling.default-site"
		}
		for _, s := range res.Sessions() {
			if s.A == gw && s.B == site && s.Kind == bgp.SessIPsec && !s.Up {
				r.end(DroppedComponentDown, "the tunnel %s to default site %s is down (%s)", s.ID, site, s.Why)
				return nil, true
			}
		}
		return speakerForward(r, p, site, f)
	}
	if !r.quiet {
		r.step(StepBGP, "%s best path %s → %s (%s, %s)%s", gw, b.Prefix, b.Neighbor, asPathWords(b.PathOnly(), b.Static), b.Reason, erPathNote(res, gw, b))
		r.followedDefault(b.Prefix)
	}
	if b.FromRS {
		r.bgp = true // Route Server's paths and speakers (not recorded)
		// Learned through Route Server: the data goes to the NVA or the other
		// gateway that originated it (rule:route-server.control-plane-only, rule:route-server.branch-to-branch).
		rb, ok := res.Lookup(b.Neighbor, f.DstIP)
		if !ok {
			r.end(DroppedNoRoute, "Route Server %s has no route to %s", b.Neighbor, f.DstIP)
			return nil, true
		}
		nsp, _ := res.Speaker(rb.Neighbor)
		if nsp.Kind == bgp.NVA {
			ip, _ := netip.ParseAddr(nsp.Address)
			if nic, ok := p.NICAt(ip); ok {
				r.hop(nic.ID)
				r.step(StepForward, "to NVA %s, whose route Route Server reflected (rule:route-server.control-plane-only, rule:route-server.branch-to-branch)", nsp.ID)
				return nic, false
			}
			r.end(DroppedNoHost, "NVA %s is not running", nsp.ID)
			return nil, true
		}
		r.hop(rb.Neighbor)
		return egressAt(r, p, rb.Neighbor, f, false)
	}
	r.read(ReadSpeaker, b.Neighbor, netip.Addr{})
	peer, ok := res.Speaker(b.Neighbor)
	if !ok {
		r.end(DroppedNoRoute, "gateway %s has no usable path to %s", gw, f.DstIP)
		return nil, true
	}
	r.read(ReadSession, b.Session, netip.Addr{})
	if s, ok := res.Session(b.Session); ok && !s.Up {
		if s.Tunnels == 0 {
			r.end(DroppedComponentDown, "connection %s is down (%s), but its static prefixes stay installed and attract the traffic (rule:vpn-gateway.static-routes-do-not-fail-over)", s.ID, s.Why)
			return nil, true
		}
		if !r.quiet {
			// The tunnel is up, its BGP session is not: the static LNG
			// prefix still leads into it (rule:bgp.lng-prefixes-with-bgp).
			r.step(StepGateway, "the tunnel of connection %s is up but its BGP session is not (%s): the static prefix still leads into the tunnel (rule:bgp.lng-prefixes-with-bgp)", s.ID, s.Why)
		}
	}
	switch peer.Kind {
	case bgp.VpnGateway:
		nic, ok := r.standIn(p, peer.ID)
		if !ok {
			r.end(DroppedNoGateway, "peer gateway %s has no GatewaySubnet", peer.ID)
			return nil, true
		}
		r.hop(peer.ID)
		r.step(StepGateway, "VNet-to-VNet tunnel %s → %s; %s forwards by GatewaySubnet's effective routes (rule:expressroute.gateway-forwards-by-gatewaysubnet)", gw, peer.ID, peer.ID)
		return nic, false
	default:
		return speakerForward(r, p, peer.ID, f)
	}
}

// vpnTransit is where VPN gateway sp sends a packet from one of its
// connections to dst when its own converged table (the paths of its BGP
// sessions; not the ExpressRoute paths laid over it, rule
// expressroute.failover-to-vpn) routes dst to one of its sites: straight
// to that site, between its own tunnels, not by the VNet's routes of
// GatewaySubnet, where an ExpressRoute route for the same prefix would
// carry it into the ExpressRoute gateway (no transit between ExpressRoute
// and VPN without Route Server, rule
// expressroute.no-vpn-transit-without-route-server). ok is false for
// anything else: the gateway forwards by GatewaySubnet's effective routes.
func vpnTransit(r *walkResult, res *bgp.Result, sp bgp.Speaker, dst netip.Addr) (string, bool) {
	if sp.Kind != bgp.VpnGateway {
		return "", false
	}
	r.read(ReadBest, sp.ID, dst)
	b, ok := res.Lookup(sp.ID, dst)
	if !ok || b.Local {
		return "", false
	}
	r.read(ReadSpeaker, b.Neighbor, netip.Addr{})
	if next, ok := res.Speaker(b.Neighbor); !ok || next.Kind != bgp.SiteRouter {
		return "", false
	}
	if !r.quiet {
		r.step(StepBGP, "%s best path %s → %s (%s, %s): between its own connections a VPN gateway forwards on its own paths, not on the VNet's routes (rule:bgp.transit)%s", sp.ID, b.Prefix, b.Neighbor, asPathWords(b.PathOnly(), b.Static), b.Reason, erPathNote(res, sp.ID, b))
	}
	return b.Neighbor, true
}

// erPathNote is what the table of gateway gw (vnetplay bgp) shows for best
// path b's prefix when that is not b: the ExpressRoute path a VPN gateway
// learns from the ExpressRoute gateway in its VNet and prefers, but
// neither advertises nor forwards on (rule:expressroute.failover-to-vpn);
// "" when the table shows b. For the steps only: it copies gw's table.
func erPathNote(res *bgp.Result, gw string, b bgp.Best) string {
	for _, x := range res.RIB(gw) {
		if x.Prefix == b.Prefix && x.ViaER && x.Neighbor != b.Neighbor {
			return fmt.Sprintf("; its BGP table also holds the ExpressRoute path via %s with weight %d and prefers it there, but a VPN gateway neither advertises nor forwards on that path (rule:expressroute.failover-to-vpn)", x.Neighbor, x.Weight)
		}
	}
	return ""
}

// defaultSite is the site of gateway gw's default site ("" for none);
// policyBased reports a default site set on a gateway that cannot use it:
// only a RouteBased VPN gateway force-tunnels to its default site
// (rule:forced-tunnelling.default-site; model.Validate reports the
// setting as an error).
func defaultSite(p *dataplane.Plane, gw string) (site string, policyBased bool) {
	t := p.HybridTopology()
	for _, g := range t.Gateways {
		if g.ID != gw || g.GatewayDefaultSite == "" {
			continue
		}
		if !g.IsVpn() || g.IsPolicyBased() {
			return "", true
		}
		for _, l := range t.LocalNetworkGateways {
			if l.ID == g.GatewayDefaultSite {
				return l.Site, false
			}
		}
	}
	return "", false
}

func siteOf(p *dataplane.Plane, a netip.Addr) (string, bool) {
	for _, s := range p.HybridTopology().Sites {
		for _, x := range s.AddressPrefixes {
			if pr, err := netip.ParsePrefix(x); err == nil && pr.Contains(a) {
				return s.ID, true
			}
		}
	}
	return "", false
}

// deliverOnPremises ends r delivered to host ep at site: a quiet walk
// takes the reason from its Walker, made once per host and site.
func (r *walkResult) deliverOnPremises(ep dataplane.HybridEndpoint, site string) {
	if !r.quiet {
		r.end(DeliveredOnPremises, "%s", onPremisesReason(ep, site))
		return
	}
	k := [2]string{ep.ID, site}
	why, ok := r.w.onPremises[k]
	if !ok {
		why = onPremisesReason(ep, site)
		if r.w.onPremises == nil {
			r.w.onPremises = map[[2]string]string{}
		}
		r.w.onPremises[k] = why
	}
	r.disp, r.reason = DeliveredOnPremises, why
}

// onPremisesReason is the reason of a walk delivered to host ep at site.
func onPremisesReason(ep dataplane.HybridEndpoint, site string) string {
	return fmt.Sprintf("delivered to %s (%s) at site %s", ep.ID, ep.IP, site)
}

// speakerForward moves the packet outside the VNets: at a site router (deliver
// or route on), at the MSEE, or into a gateway (which forwards by its
// GatewaySubnet's effective routes, rule:expressroute.gateway-forwards-by-gatewaysubnet).
//
// What it reads of the hybrid control plane is recorded (hybridreads.go):
// each speaker met (ReadSpeaker), its best path for the destination
// (ReadBest), at a site router the site and host at the destination
// (ReadSite), and why the last one has no route (ReadNoTransit).
func speakerForward(r *walkResult, p *dataplane.Plane, id string, f Flow) (*dataplane.NIC, bool) {
	res := p.BGP()
	var seenBuf [4]string // (a walk meets few speakers: no allocation)
	seen := seenBuf[:0]
	for {
		if r.budget++; r.budget > 4*MaxHops || slices.Contains(seen, id) {
			r.end(Loop, "routing loop outside Azure at %s", id)
			return nil, true
		}
		seen = append(seen, id)
		r.read(ReadSpeaker, id, netip.Addr{})
		sp, ok := res.Speaker(id)
		r.hop(id)
		if !ok || sp.Down {
			r.end(DroppedComponentDown, "%s is down", id)
			return nil, true
		}
		switch sp.Kind {
		case bgp.SiteRouter:
			r.read(ReadSite, "", f.DstIP)
			if s, ok := siteOf(p, f.DstIP); ok && s == id {
				if ep, ok := p.HybridAt(f.DstIP); ok && ep.Owner == id {
					r.hop(ep.ID)
					r.dstHybrid = ep.ID
					r.deliverOnPremises(ep, id)
				} else {
					r.end(DeliveredOnPremises, "%s is in site %s's network", f.DstIP, id)
				}
				return nil, true
			}
		case bgp.VpnGateway, bgp.ExpressRouteGateway:
			if next, ok := vpnTransit(r, res, sp, f.DstIP); ok {
				id = next
				continue
			}
			nic, ok := r.standIn(p, id)
			if !ok {
				r.end(DroppedNoGateway, "gateway %s has no GatewaySubnet", id)
				return nil, true
			}
			r.viaGateway = true
			if !r.quiet { // (its arguments cost a walk that records no steps)
				r.step(StepGateway, "%s forwards by GatewaySubnet's effective routes (rule:expressroute.gateway-forwards-by-gatewaysubnet)", id)
			}
			return nic, false
		}
		r.read(ReadBest, id, f.DstIP)
		b, ok := res.Lookup(id, f.DstIP)
		if sp.Kind == bgp.SiteRouter && !f.DstIP.IsPrivate() && (!ok || b.Local) {
			// On-premises breakout: the site's own Internet connection
			// (forced tunnelling, rule:forced-tunnelling.default-site, rule:forced-tunnelling.bgp-default-route).
			r.hop("Internet")
			if strings.HasPrefix(f.Src, id+"/") { // the site's own host: no tunnel brought it here
				r.step(StepExit, "site %s sends it to the Internet through its own Internet connection, outside Azure", id)
			} else {
				r.step(StepExit, "site %s sends it to the Internet through its own breakout (forced tunnelling, %s)", id, r.breakoutRule())
			}
			r.end(ExitsToInternet, "leaves through on-premises site %s", id)
			return nil, true
		}
		if !ok || b.Local {
			r.read(ReadNoTransit, id, f.DstIP)
			d, why := noTransit(p, id, f.DstIP)
			r.end(d, "%s", why)
			return nil, true
		}
		if !r.quiet {
			r.step(StepBGP, "%s best path %s → %s (%s, %s)", id, b.Prefix, b.Neighbor, asPathWords(b.PathOnly(), b.Static), b.Reason)
			r.followedDefault(b.Prefix)
		}
		id = b.Neighbor
	}
}

// followedDefault notes, for the exit step of an on-premises breakout, that
// the walk followed a BGP best path for prefix: a default route learned
// over BGP (rule:forced-tunnelling.bgp-default-route).
func (r *walkResult) followedDefault(prefix netip.Prefix) {
	if prefix.Bits() == 0 {
		r.breakout = "rule:forced-tunnelling.bgp-default-route"
	}
}

// breakoutRule is the forced-tunnelling rule that brought the walk to an
// on-premises breakout: a VPN gateway's default site
// (rule:forced-tunnelling.default-site) or a default route learned over BGP
// (rule:forced-tunnelling.bgp-default-route); both when the walk recorded
// neither.
func (r *walkResult) breakoutRule() string {
	if r.breakout != "" {
		return r.breakout
	}
	return "rule:forced-tunnelling.default-site, rule:forced-tunnelling.bgp-default-route"
}

// noTransit explains why a speaker outside Azure has no route to a: the
// transit Azure does not provide (rule:s2s.no-static-site-transit, rule:p2s.no-expressroute-transit, rule:expressroute.no-transit-without-global-reach, rule:expressroute.no-vpn-transit-without-route-server),
// and an NVA route Route Server keeps from the gateways (rule:route-server.branch-to-branch).
func noTransit(p *dataplane.Plane, from string, a netip.Addr) (Disposition, string) {
	res := p.BGP()
	fer, fvpn, fstatic := sessionKinds(res, from)
	if to, ok := siteOf(p, a); ok && to != from {
		ter, tvpn, tstatic := sessionKinds(res, to)
		switch {
		case fer && ter:
			why := "ExpressRoute is not a transit: sites " + from + " and " + to + " on different circuits need Global Reach (rule:expressroute.no-transit-without-global-reach)"
			if tvpn != fvpn {
				why += "; between ExpressRoute and VPN, only Route Server branch-to-branch gives transit (rule:expressroute.no-vpn-transit-without-route-server)"
			}
			return DroppedNoTransit, why
		case (fer && tvpn && !fvpn) || (fvpn && ter && !fer):
			return DroppedNoTransit, "Azure gives no transit between an ExpressRoute site and a VPN site without Route Server branch-to-branch and an active-active VPN gateway on ASN 65515 (rule:expressroute.no-vpn-transit-without-route-server, rule:route-server.branch-to-branch, rule:route-server.vpn-gateway-active-active)"
		case fstatic || tstatic:
			return DroppedNoTransit, "site-to-site transit over static (non-BGP) connections is not provided (rule:s2s.no-static-site-transit)"
		}
	}
	if _, isPool := bgp.PoolOwner(p.HybridTopology(), a); isPool && fer && !fvpn {
		return DroppedNoTransit, "Azure gives no transit between ExpressRoute and P2S clients (rule:p2s.no-expressroute-transit)"
	}
	if fer || (fvpn && !fstatic) {
		if rs, nva, prefix, ok := keptFromGateways(res, p.HybridTopology(), a); ok {
			return DroppedNoTransit, fmt.Sprintf("%s has no route to %s: NVA %s advertises %s to Route Server %s, which passes no NVA route to the VNet's gateways while branch-to-branch is off (rule:route-server.branch-to-branch)", from, a, nva, prefix, rs)
		}
	}
	why := from + " has no route to " + a.String()
	if fer || (fvpn && !fstatic) {
		why += spokeNotAdvertised(p, res, from, a)
	}
	return DroppedNoRoute, why
}

// spokeNotAdvertised says why a site with BGP sessions has no route to a,
// in a VNet without a gateway of its own: a gateway advertises such a VNet
// on-premises only as a transit spoke, with allowGatewayTransit on the
// hub's link and useRemoteGateways on the spoke's
// (rule:gateway-transit.spoke-advertised-on-premises). "" when a is in no
// VNet, or in one with a gateway. It reads neither the peerings nor their
// flags: what a walk records of it (ReadNoTransit) is rechecked when the
// control plane changes, not when a link does that moves no route.
func spokeNotAdvertised(p *dataplane.Plane, res *bgp.Result, from string, a netip.Addr) string {
	vnet, ok := p.VNetAt(a)
	if !ok || hasGateway(p.HybridTopology(), vnet.ID) || !learnsAGatewayVNet(p, res, from) {
		return ""
	}
	return fmt.Sprintf(": VNet %s has no gateway of its own, and a hub's gateway advertises it on-premises only as a transit spoke, with allowGatewayTransit on the hub's link and useRemoteGateways on %s's (rule:gateway-transit.spoke-advertised-on-premises)", vnet.ID, vnet.ID)
}

// learnsAGatewayVNet reports whether speaker from has a route to a VNet
// that holds a gateway (the first address of its first range), the VNets
// read in the topology's order of gateways.
func learnsAGatewayVNet(p *dataplane.Plane, res *bgp.Result, from string) bool {
	for _, g := range p.HybridTopology().Gateways {
		v, ok := p.VNet(g.VNet)
		if !ok || len(v.Prefixes) == 0 {
			continue
		}
		if _, ok := res.Lookup(from, v.Prefixes[0].Addr()); ok {
			return true
		}
	}
	return false
}

// hasGateway reports whether VNet vnet holds a VPN or ExpressRoute gateway.
func hasGateway(t *model.Topology, vnet string) bool {
	return slices.ContainsFunc(t.Gateways, func(g model.VirtualNetworkGateway) bool { return g.VNet == vnet })
}

// keptFromGateways finds a Route Server, with branch-to-branch off, whose
// best path to a an NVA advertised: the gateways, and so the sites, never
// learn it (rule:route-server.branch-to-branch). Route Servers are read in
// the topology's order.
func keptFromGateways(res *bgp.Result, t *model.Topology, a netip.Addr) (rs, nva string, prefix netip.Prefix, ok bool) {
	for _, r := range t.RouteServers {
		if r.AllowBranchToBranchTraffic {
			continue
		}
		b, found := res.Lookup(r.ID, a)
		if !found || b.Local {
			continue
		}
		if sp, known := res.Speaker(b.Neighbor); known && sp.Kind == bgp.NVA {
			return r.ID, sp.ID, b.Prefix, true
		}
	}
	return "", "", netip.Prefix{}, false
}

// sessionKinds reports how speaker id is connected: er when it has an
// ExpressRoute private peering session, vpn when it has a site-to-site
// (IPsec) session, static when one of those runs without BGP.
func sessionKinds(res *bgp.Result, id string) (er, vpn, static bool) {
	for _, s := range res.Sessions() {
		if s.A != id && s.B != id {
			continue
		}
		switch s.Kind {
		case bgp.SessPeering:
			er = true
		case bgp.SessIPsec:
			vpn = true
			static = static || !s.BGP
		}
	}
	return er, vpn, static
}

// hybridWalk starts a walk at an on-premises host or a P2S client.
// A walk from a site host reads the hybrid control plane only through
// speakerForward's recorded questions (the host itself is one of the
// plane's hybrid endpoints, part of its structure: dataplane.ChangedLinks);
// from any other endpoint, it sets r.bgp.
func hybridWalk(r *walkResult, p *dataplane.Plane, ep dataplane.HybridEndpoint, f Flow, nsgs bool, opts Options) *walkResult {
	res := p.BGP()
	if res == nil || ep.Kind != dataplane.EndpointSiteHost {
		r.bgp = true
	}
	if res == nil {
		return r.end(DroppedNoGateway, "no control plane")
	}
	if f.DstIP == ep.IP {
		return r.end(Delivered, "destination is the source itself")
	}
	var nic *dataplane.NIC
	done := false
	switch ep.Kind {
	case dataplane.EndpointSiteHost:
		nic, done = speakerForward(r, p, ep.Owner, f)
	case dataplane.EndpointP2SClient:
		routes, ok := p.P2S(ep.Owner)
		if sp, up := res.Speaker(ep.Owner); !up || sp.Down {
			return r.end(DroppedComponentDown, "gateway %s is down: the P2S client is disconnected (rule:p2s.failover-disconnects)", ep.Owner)
		}
		list := routes.Windows
		if ep.OS == "Other" {
			list = routes.Other
		}
		var hit *bgp.P2SRoute
		for i := range list {
			if list[i].Prefix.Contains(f.DstIP) && (hit == nil || list[i].Prefix.Bits() > hit.Prefix.Bits()) {
				hit = &list[i]
			}
		}
		if !ok || hit == nil {
			if !f.DstIP.IsPrivate() {
				r.hop("Internet")
				r.step(StepExit, "not in the routes pushed to the client: it uses the client's own Internet connection")
				return r.end(ExitsToInternet, "%s is not routed into the VPN", f.DstIP)
			}
			return r.end(DroppedNotInClientRoutes, "%s", notInClientRoutesReason(p, routes, ep, f.DstIP))
		}
		r.step(StepRoute, "client route %s On-link: into the tunnel to %s (%s; rule:p2s.on-link-routes)", hit.Prefix, ep.Owner, hit.Why)
		r.hop(ep.Owner)
		r.viaGateway = true
		var ok2 bool
		nic, ok2 = r.standIn(p, ep.Owner)
		if !ok2 {
			return r.end(DroppedNoGateway, "gateway %s has no GatewaySubnet", ep.Owner)
		}
		if tbl, ok := p.Routes(nic.Subnet); ok {
			if e, ok := gatewayLookup(tbl, f.DstIP); ok && e.NextHop == route.Internet {
				// Forced tunnelling (0.0.0.0/1 and 128.0.0.0/1 pushed, rule:forced-tunnelling.p2s-half-defaults):
				// the gateway does not take its clients to the Internet.
				if halfDefault(hit.Prefix) {
					return r.end(DroppedNoEgress, "%s is on the Internet: the client's routes send it into the tunnel, but %s gives P2S clients no Internet access (rule:p2s.custom-routes, rule:forced-tunnelling.p2s-half-defaults)", f.DstIP, ep.Owner)
				}
				return r.end(DroppedNoEgress, "%s is on the Internet: the client's route %s sends it into the tunnel, but %s gives P2S clients no Internet access (rule:p2s.custom-routes)", f.DstIP, hit.Prefix, ep.Owner)
			}
		}
	case dataplane.EndpointBehindNVA:
		return behindWalk(r, p, ep, f, nsgs, opts) // behind.go
	case EndpointGatewayAddress:
		return gatewayWalk(r, p, ep, f, nsgs, opts) // gateway_endpoint.go
	default:
		return r.end(InvalidFlow, "unknown endpoint kind %q", ep.Kind)
	}
	if done {
		return r
	}
	return walkFrom(r, p, nic, f, nsgs, opts)
}

// asPathWords says a best path's AS path for a step: `AS path "65020
// 65010"`, or what an empty one means (a prefix the neighbour itself
// originates, or a static prefix of a local network gateway).
func asPathWords(path string, static bool) string {
	switch {
	case path != "":
		return fmt.Sprintf("AS path %q", path)
	case static:
		return "static prefix, no AS path"
	}
	return "empty AS path: the neighbour's own prefix"
}

// notInClientRoutesReason is the reason of a walk from P2S client ep to
// dst, which none of the routes its gateway pushes to clients of its kind
// covers. A destination in a VNet of the design cites the VNets pushed
// (rule:p2s.pushed-vnets); the split between Windows and other clients
// (rule:p2s.windows-and-other-clients), which also decides whether sites
// and VNets behind gateway connections are pushed, is cited as well when
// clients of the other kind do get a route to dst, or when dst is in no
// VNet. A destination in a site reached only over ExpressRoute cites the
// missing transit instead (rule:p2s.no-expressroute-transit): no client
// of any kind gets its routes.
func notInClientRoutesReason(p *dataplane.Plane, routes bgp.P2SRoutes, ep dataplane.HybridEndpoint, dst netip.Addr) string {
	if site, ok := expressRouteOnlySite(p, dst); ok {
		return fmt.Sprintf("%s is not in the routes pushed to %s clients of %s: it is in site %s, which Azure reaches only over ExpressRoute, and Azure gives no transit between ExpressRoute and P2S clients (rule:p2s.no-expressroute-transit)", dst, ep.OS, ep.Owner, site)
	}
	other, otherOS := routes.Other, "Other"
	if ep.OS == "Other" {
		other, otherOS = routes.Windows, "Windows"
	}
	rules := "rule:p2s.windows-and-other-clients, rule:p2s.pushed-vnets"
	if _, inVNet := p.VNetAt(dst); inVNet {
		rules = "rule:p2s.pushed-vnets"
	}
	for _, rt := range other {
		if rt.Prefix.Contains(dst) {
			rules = fmt.Sprintf("%s clients get %s; rule:p2s.windows-and-other-clients, rule:p2s.pushed-vnets", otherOS, rt.Prefix)
			break
		}
	}
	return fmt.Sprintf("%s is not in the routes pushed to %s clients of %s (%s); after a topology change clients must re-download the profile (rule:peering.p2s-profile-refresh)", dst, ep.OS, ep.Owner, rules)
}

// expressRouteOnlySite is the site whose network holds dst when that site
// is connected to Azure over ExpressRoute and by no site-to-site VPN: no
// gateway pushes its routes to P2S clients, whatever their kind
// (rule:p2s.no-expressroute-transit).
func expressRouteOnlySite(p *dataplane.Plane, dst netip.Addr) (string, bool) {
	site, ok := siteOf(p, dst)
	if !ok {
		return "", false
	}
	er, vpn, _ := sessionKinds(p.BGP(), site)
	return site, er && !vpn
}

// halfDefault reports whether p is 0.0.0.0/1 or 128.0.0.0/1, the custom
// routes of P2S forced tunnelling (rule:forced-tunnelling.p2s-half-defaults).
func halfDefault(p netip.Prefix) bool {
	return p.Bits() == 1 && p.Addr().Is4()
}

// gatewayLookup is the route a gateway takes for dst in GatewaySubnet's
// table tab. The packets a gateway forwards come from on-premises, a P2S
// client or another network, never from GatewaySubnet itself, and a service
// endpoint does not serve traffic that starts on-premises
// (rule:service-endpoints.not-from-on-premises): a service-endpoint route
// gives way to the route the rest of tab chooses (walkOn does the same).
func gatewayLookup(tab *route.Table, dst netip.Addr) (route.Effective, bool) {
	e, ok := tab.Lookup(dst)
	if ok && e.NextHop == route.VirtualNetworkServiceEndpoint {
		return tab.LookupWithout(dst, route.VirtualNetworkServiceEndpoint)
	}
	return e, ok
}

// serviceEndpointNotForGateway is the step of a gateway's walk that leaves
// out GatewaySubnet's service-endpoint route e (gatewayLookup).
func serviceEndpointNotForGateway(e route.Effective, subnet string) string {
	return fmt.Sprintf("%s's service-endpoint route %s (%s) does not serve this packet: it did not start in the subnet, and traffic that starts on-premises does not use service endpoints (rule:service-endpoints.not-from-on-premises); the next route decides", subnet, e.Prefix, e.Origin.ID)
}
