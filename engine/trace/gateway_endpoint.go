package trace

import (
	"fmt"
	"net/netip"
	"strings"

	"vnetplay/engine/bgp"
	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
)

// EndpointGatewayAddress is the HybridEndpoint kind of a gateway address:
// the BGP peering address of a VPN or ExpressRoute gateway instance, or of
// a Route Server instance.
const EndpointGatewayAddress = "GatewayAddress"

// GatewayEndpoint resolves a gateway address as a walk endpoint
// (rule:bgp.gateway-addresses-as-endpoints). ref is a gateway or Route
// Server id (its first instance's BGP peering address) or "<id>/0" and
// "<id>/1" for an instance of an active-active VPN gateway or of a Route
// Server. The endpoint's ID is "<id>" for instance 0 and "<id>/1" for
// instance 1; its Owner is the gateway or Route Server.
func GatewayEndpoint(p *dataplane.Plane, ref string) (dataplane.HybridEndpoint, bool) {
	id, inst := ref, 0
	if base, n, ok := strings.Cut(ref, "/"); ok {
		switch n {
		case "0":
			id = base
		case "1":
			id, inst = base, 1
		default:
			return dataplane.HybridEndpoint{}, false
		}
	}
	for _, e := range gatewayEndpoints(p, id) {
		if gatewayInstance(e) == inst {
			return e, true
		}
	}
	return dataplane.HybridEndpoint{}, false
}

// GatewayEndpointAt returns the gateway address endpoint with address ip.
func GatewayEndpointAt(p *dataplane.Plane, ip netip.Addr) (dataplane.HybridEndpoint, bool) {
	res := p.BGP()
	if res == nil || !ip.IsValid() {
		return dataplane.HybridEndpoint{}, false
	}
	for _, sp := range res.Speakers() {
		if !azureRouter(sp.Kind) {
			continue
		}
		for _, e := range gatewayEndpoints(p, sp.ID) {
			if e.IP == ip {
				return e, true
			}
		}
	}
	return dataplane.HybridEndpoint{}, false
}

// endpointByID resolves the id of a walk endpoint outside the NICs: an
// on-premises host, a P2S client, a host behind an NVA or a gateway address.
func endpointByID(p *dataplane.Plane, id string) (dataplane.HybridEndpoint, bool) {
	if e, ok := p.HybridEndpoint(id); ok {
		return e, true
	}
	return GatewayEndpoint(p, id)
}

// azureRouter reports whether speakers of kind k have addresses in their
// VNet that a walk can name: VPN and ExpressRoute gateways, Route Servers.
func azureRouter(k bgp.Kind) bool {
	return k == bgp.VpnGateway || k == bgp.ExpressRouteGateway || k == bgp.RouteServer
}

// gatewayEndpoints lists the addresses of gateway or Route Server id: its
// BGP peering address, and for an active-active VPN gateway or a Route
// Server the second instance's, the next address of the same subnet
// (rule:bgp.peering-address: one address per instance from the subnet; which
// ones is Azure's choice, and bgpPeeringAddress may list both, comma-separated).
func gatewayEndpoints(p *dataplane.Plane, id string) []dataplane.HybridEndpoint {
	res := p.BGP()
	if res == nil {
		return nil
	}
	sp, ok := res.Speaker(id)
	if !ok || !azureRouter(sp.Kind) {
		return nil
	}
	addrs := speakerAddresses(p, sp)
	if len(addrs) == 0 {
		return nil
	}
	if len(addrs) == 1 && twoInstances(p, sp) {
		addrs = append(addrs, addrs[0].Next())
	}
	out := []dataplane.HybridEndpoint{{ID: id, Kind: EndpointGatewayAddress, Owner: id, IP: addrs[0]}}
	if len(addrs) > 1 {
		out = append(out, dataplane.HybridEndpoint{ID: id + "/1", Kind: EndpointGatewayAddress, Owner: id, IP: addrs[1]})
	}
	return out
}

// gatewayEndpoints is gatewayEndpoints(p, id), once per Walker when r has
// one.
func (r *walkResult) gatewayEndpoints(p *dataplane.Plane, id string) []dataplane.HybridEndpoint {
	return once(r.w, func(w *Walker) *map[string][]dataplane.HybridEndpoint { return &w.endpoints }, id,
		func() []dataplane.HybridEndpoint { return gatewayEndpoints(p, id) })
}

// speakerAddresses lists the BGP peering addresses of Azure router sp: a
// gateway's bgpSettings.bgpPeeringAddress as written, which ARM writes as a
// comma-separated list for an active-active gateway (the speaker's Address
// holds only the first, rule:bgp.peering-address), else the speaker's Address.
func speakerAddresses(p *dataplane.Plane, sp bgp.Speaker) []netip.Addr {
	for _, g := range p.HybridTopology().Gateways {
		if g.ID == sp.ID && g.BgpSettings != nil {
			if addrs := g.BgpSettings.PeeringAddresses(); len(addrs) > 0 {
				return addrs
			}
		}
	}
	return model.BgpSettings{BgpPeeringAddress: sp.Address}.PeeringAddresses()
}

// twoInstances reports whether speaker sp has a second addressable
// instance: an active-active VPN gateway, or a Route Server (always two).
func twoInstances(p *dataplane.Plane, sp bgp.Speaker) bool {
	if sp.Kind == bgp.RouteServer {
		return true
	}
	if sp.Kind != bgp.VpnGateway {
		return false
	}
	for _, g := range p.HybridTopology().Gateways {
		if g.ID == sp.ID {
			return g.ActiveActive
		}
	}
	return false
}

// gatewayInstance is the instance number of a gateway address endpoint.
func gatewayInstance(e dataplane.HybridEndpoint) int {
	if strings.HasSuffix(e.ID, "/1") && e.ID != e.Owner {
		return 1
	}
	return 0
}

// routerNIC is the stand-in NIC of gateway or Route Server ep.Owner at the
// endpoint's address, in GatewaySubnet or RouteServerSubnet: a walk from a
// gateway address starts there, by that subnet's effective routes.
func routerNIC(p *dataplane.Plane, ep dataplane.HybridEndpoint) (*dataplane.NIC, bool) {
	sp, ok := p.BGP().Speaker(ep.Owner)
	if !ok {
		return nil, false
	}
	subnet := model.GatewaySubnet
	if sp.Kind == bgp.RouteServer {
		subnet = model.RouteServerSubnet
	}
	sn := sp.VNet + "/" + subnet
	if _, ok := p.Subnet(sn); !ok {
		return nil, false
	}
	return &dataplane.NIC{ID: ep.Owner, Subnet: sn, IP: ep.IP, IPForwarding: true, GuestForwarding: true, Gateway: true}, true
}

// gatewayAddressNote says what is known of traffic to a gateway address:
// its BGP peers use it; which other traffic it answers is not documented.
func gatewayAddressNote(p *dataplane.Plane, ep dataplane.HybridEndpoint) string {
	what := "gateway"
	if sp, ok := p.BGP().Speaker(ep.Owner); ok && sp.Kind == bgp.RouteServer {
		what = "Route Server"
	}
	return fmt.Sprintf("%s %s, instance %d, BGP peering address %s: its BGP peers reach it on TCP 179; which other traffic it answers is not documented (rule:bgp.gateway-addresses-as-endpoints)",
		what, ep.Owner, gatewayInstance(ep), ep.IP)
}

// addressDown says why gateway address ep does not answer: its gateway or
// Route Server is down, or (active-active) its instance is
// (rule:vpn-gateway.active-active); "" when it is up.
func addressDown(p *dataplane.Plane, ep dataplane.HybridEndpoint) string {
	sp, ok := p.BGP().Speaker(ep.Owner)
	switch {
	case !ok || sp.Down:
		return fmt.Sprintf("%s is down: its address %s does not answer", ep.Owner, ep.IP)
	case sp.Kind == bgp.VpnGateway && twoInstances(p, sp) &&
		p.Failed(model.Failure{Kind: model.GatewayInstanceDown, Target: fmt.Sprintf("%s/%d", ep.Owner, gatewayInstance(ep))}):
		return fmt.Sprintf("instance %d of active-active %s is down: its address %s does not answer (rule:vpn-gateway.active-active)", gatewayInstance(ep), ep.Owner, ep.IP)
	}
	return ""
}

// deliverToGateway ends walk r at gateway address ep, or drops it when the
// gateway, Route Server or instance is down.
func (r *walkResult) deliverToGateway(p *dataplane.Plane, ep dataplane.HybridEndpoint) {
	r.bgp = true
	if why := addressDown(p, ep); why != "" {
		r.end(DroppedComponentDown, "%s", why)
		return
	}
	if last := len(r.hops) - 1; last < 0 || r.hops[last].Node != ep.Owner {
		r.hop(ep.Owner)
	}
	r.dstHybrid = ep.ID
	r.end(Delivered, "delivered to %s", gatewayAddressNote(p, ep))
}

// gatewayWalk starts a walk at gateway address ep: from the gateway's (or
// Route Server's) stand-in NIC, by its subnet's effective routes.
func gatewayWalk(r *walkResult, p *dataplane.Plane, ep dataplane.HybridEndpoint, f Flow, nsgs bool, opts Options) *walkResult {
	if why := addressDown(p, ep); why != "" {
		return r.end(DroppedComponentDown, "%s", why)
	}
	nic, ok := routerNIC(p, ep)
	if !ok {
		return r.end(DroppedNoGateway, "%s has no subnet to send from", ep.Owner)
	}
	if f.DstIP == ep.IP {
		return r.end(Delivered, "destination is the source itself")
	}
	return walkFrom(r, p, nic, f, nsgs, opts)
}
