package edge

import (
	"fmt"
	"slices"
	"strings"

	"vnetplay/engine/model"
)

// gatewayDefault says whether subnet may get 0.0.0.0/0 from a virtual
// network gateway, read from the design alone (the lint runs without the
// data plane): the subnet propagates gateway routes, and its VNet's gateway
// (or its transit hub's, over a peering with useRemoteGateways) is
// connected to a site that advertises 0.0.0.0/0 over BGP
// (rule:bgp.default-route-from-on-premises, rule:forced-tunnelling.bgp-default-route). A default
// site alone needs a 0.0.0.0/0 UDR (rule:forced-tunnelling.default-site), which defaultRoute reads.
// Such a default comes first in the outbound order (rule:internet-edge.outbound-precedence):
// the subnet's traffic leaves through the site, so it is not "without an
// egress method". It returns how, in words.
func (l *linter) gatewayDefault(subnet string) (string, bool) {
	if rt, ok := l.rts[l.subnets[subnet].RouteTable]; ok && rt.DisableBgpRoutePropagation {
		return "", false
	}
	vnet, _, _ := strings.Cut(subnet, "/")
	for _, hub := range append([]string{vnet}, l.transitHubs(vnet)...) {
		for _, g := range l.t.Gateways {
			if g.VNet != hub {
				continue
			}
			if site := l.defaultSiteOf(g.ID); site != "" {
				return fmt.Sprintf("the default route site %s advertises to gateway %s", site, g.ID), true
			}
		}
	}
	return "", false
}

// transitHubs lists the VNets whose gateways vnet uses: peers whose link
// allows gateway transit where vnet's link uses remote gateways.
func (l *linter) transitHubs(vnet string) []string {
	var out []string
	for _, p := range l.t.Peerings {
		for _, side := range [2][2]model.PeeringLink{{p.A, p.B}, {p.B, p.A}} {
			self, other := side[0], side[1]
			if self.VNet == vnet && self.UseRemoteGateways && other.AllowGatewayTransit && !slices.Contains(out, other.VNet) {
				out = append(out, other.VNet)
			}
		}
	}
	return out
}

// defaultSiteOf returns a site advertising 0.0.0.0/0 that gateway gw is
// connected to (through a local network gateway or an ExpressRoute
// circuit), or "".
func (l *linter) defaultSiteOf(gw string) string {
	advertisesDefault := func(site string) bool {
		for _, s := range l.t.Sites {
			if s.ID == site && slices.Contains(s.AdvertisedPrefixes, "0.0.0.0/0") {
				return true
			}
		}
		return false
	}
	for _, c := range l.t.Connections {
		if c.VirtualNetworkGateway1 != gw {
			continue
		}
		site := ""
		for _, lng := range l.t.LocalNetworkGateways {
			if lng.ID == c.LocalNetworkGateway2 && c.LocalNetworkGateway2 != "" {
				site = lng.Site
			}
		}
		for _, ckt := range l.t.Circuits {
			if ckt.ID == c.Peer && c.Peer != "" {
				site = ckt.Site
			}
		}
		if site != "" && advertisesDefault(site) {
			return site
		}
	}
	return ""
}
