package trace

import (
	"fmt"
	"net/netip"

	"vnetplay/engine/bgp"
	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
	"vnetplay/engine/route"
)

// noneRouteHint says why a full walk that a reserved range's None route
// drops in VNet from (rule:system-routes.private-unrouted-dropped) found
// no better route to dst there: dst is in a VNet that from is not peered
// with, or on-premises or in a P2S pool that from gets no gateway routes
// for. "" when e is another route or neither applies. Only full walks ask
// it (a step, not the reason): the answer reads peering links and
// gateways that the route lookup alone does not, so a walk kept across
// edits could not keep it true.
func noneRouteHint(p *dataplane.Plane, from string, e route.Effective, dst netip.Addr) string {
	if e.Origin.Kind != route.FromReserved {
		return ""
	}
	if h := notPeeredHint(p, from, dst); h != "" {
		return h
	}
	return noGatewayRoutesHint(p, from, dst)
}

// notPeeredHint: dst is in another VNet, which from has no Connected
// peering with (rule:peering.not-transitive, rule:peering.link-states).
func notPeeredHint(p *dataplane.Plane, from string, dst netip.Addr) string {
	v, ok := p.VNetAt(dst)
	if !ok || v.ID == from || !p.AddressUnique(dst) {
		return ""
	}
	switch l := p.Link(from, v.ID); {
	case l == nil && !hasConnectedPeering(p, from):
		return fmt.Sprintf("%s is in VNet %s, and %s is peered with no VNet: a VNet's subnets get another VNet's ranges only from a peering (rule:system-routes.peering-routes)", dst, v.ID, from)
	case l == nil:
		return fmt.Sprintf("%s is in VNet %s, which %s is not peered with. Peering is not transitive: %s reaches %s only over a peering of its own, or through an appliance or gateway that a route sends the traffic to (rule:peering.not-transitive)", dst, v.ID, from, from, v.ID)
	case l.State != model.Connected:
		return fmt.Sprintf("%s is in VNet %s, and peering %s is %s: a peering adds its routes only once both links are Connected (rule:peering.link-states)", dst, v.ID, l.Peering, l.State)
	}
	return ""
}

// noGatewayRoutesHint: dst is in an on-premises site's range or a P2S
// client pool, and from, with no gateway of its own, does not use a
// peered hub's gateway (rule:gateway-transit.routes-reach-spoke).
func noGatewayRoutesHint(p *dataplane.Plane, from string, dst netip.Addr) string {
	t := p.HybridTopology()
	var what string
	if s, ok := siteOf(p, dst); ok {
		what = fmt.Sprintf("%s is in on-premises site %s's range", dst, s)
	} else if g, ok := bgp.PoolOwner(t, dst); ok {
		what = fmt.Sprintf("%s is in gateway %s's point-to-site client pool", dst, g)
	} else {
		return ""
	}
	if hasGateway(t, from) || transitHub(p, from) != "" {
		return ""
	}
	hub := ""
	for l := range p.LinksOf(from) {
		if l.State == model.Connected && hasGateway(t, l.Remote) && (hub == "" || l.Remote < hub) {
			hub = l.Remote
		}
	}
	if hub == "" {
		return fmt.Sprintf("%s: %s has no gateway of its own and is peered with no VNet that has one (rule:gateway-transit.routes-reach-spoke)", what, from)
	}
	return fmt.Sprintf("%s: %s has no gateway of its own and does not use %s's. A spoke gets a hub gateway's routes only with useRemoteGateways on its link and allowGatewayTransit on the hub's (rule:gateway-transit.routes-reach-spoke)", what, from, hub)
}

// hasConnectedPeering reports whether VNet vnet has a Connected peering.
func hasConnectedPeering(p *dataplane.Plane, vnet string) bool {
	for l := range p.LinksOf(vnet) {
		if l.State == model.Connected {
			return true
		}
	}
	return false
}
