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
	if rt, ok := l.rts[subnetAt(l.subnets, subnet).RouteTable]; ok && rt.DisableBgpRoutePropagation {
		return "", false
	}
	vnet, _, _ := strings.Cut(subnet, "/")
	if l.gw == nil {
		l.gw = newGatewayDefaults(l.t)
	}
	why, ok := l.gw.byVNet[vnet]
	if !ok {
		why = l.vnetGatewayDefault(vnet)
		l.gw.byVNet[vnet] = why
	}
	return why, why != ""
}

// gatewayDefaults is what gatewayDefault reads, indexed once per lint (it
// is asked for every subnet: scanning the peerings and gateways for each
// was O(subnets × peerings), 0.8 s per edit at 500 VNets in the browser).
type gatewayDefaults struct {
	hubs     map[string][]string // VNet → the VNets whose gateways it uses (transitHubs)
	gateways map[string][]string // VNet → its gateways' ids, in design order
	site     map[string]string   // gateway id → defaultSiteOf, once asked
	byVNet   map[string]string   // VNet → gatewayDefault's answer ("" none), once asked
}

func newGatewayDefaults(t *model.Topology) *gatewayDefaults {
	d := &gatewayDefaults{hubs: transitHubs(t), gateways: map[string][]string{}, site: map[string]string{}, byVNet: map[string]string{}}
	for _, g := range t.Gateways {
		d.gateways[g.VNet] = append(d.gateways[g.VNet], g.ID)
	}
	return d
}

// vnetGatewayDefault is gatewayDefault's answer for the subnets of vnet
// that propagate gateway routes: the first gateway, of vnet then of its
// transit hubs, connected to a site that advertises 0.0.0.0/0.
func (l *linter) vnetGatewayDefault(vnet string) string {
	for _, hub := range append([]string{vnet}, l.gw.hubs[vnet]...) {
		for _, gw := range l.gw.gateways[hub] {
			site, ok := l.gw.site[gw]
			if !ok {
				site = l.defaultSiteOf(gw)
				l.gw.site[gw] = site
			}
			if site != "" {
				return fmt.Sprintf("the default route site %s advertises to gateway %s", site, gw)
			}
		}
	}
	return ""
}

// transitHubs lists, for each VNet, the VNets whose gateways it uses: peers
// whose link allows gateway transit where the VNet's link uses remote
// gateways, in peering order, each once.
func transitHubs(t *model.Topology) map[string][]string {
	out := map[string][]string{}
	for _, p := range t.Peerings {
		for _, side := range [2][2]model.PeeringLink{{p.A, p.B}, {p.B, p.A}} {
			self, other := side[0], side[1]
			if self.UseRemoteGateways && other.AllowGatewayTransit && !slices.Contains(out[self.VNet], other.VNet) {
				out[self.VNet] = append(out[self.VNet], other.VNet)
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
