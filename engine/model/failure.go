package model

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Failure is one failed component of a what-if: {"kind": "CircuitDown",
// "target": "er-tokyo"}. scenario.Failure is the same type.
type Failure struct {
	Kind   string `json:"kind"`
	Target string `json:"target"`
}

func (f Failure) String() string { return f.Kind + ":" + f.Target }

// Failure kinds and what their target names.
const (
	GatewayDown         = "GatewayDown"         // a virtual network gateway id
	GatewayInstanceDown = "GatewayInstanceDown" // "<gateway>/0" or "<gateway>/1" (rule:vpn-gateway.active-standby, rule:vpn-gateway.active-active)
	ConnectionDown      = "ConnectionDown"      // a connection id (a Vnet2Vnet tunnel needs both, rule:s2s.vnet-to-vnet-two-connections)
	CircuitDown         = "CircuitDown"         // an ExpressRoute circuit id
	CircuitSessionDown  = "CircuitSessionDown"  // "<circuit>/primary" or "<circuit>/secondary" (rule:expressroute.private-peering-sessions)
	PeeringDown         = "PeeringDown"         // a peering id
	RouteServerDown     = "RouteServerDown"     // a Route Server id
	RouteServerPeerDown = "RouteServerPeerDown" // "<routeServer>/<bgpConnection name>"
	ApplianceDown       = "ApplianceDown"       // a VM id (an NVA)
	SiteDown            = "SiteDown"            // a site id (its router and hosts)
)

// FailureKinds lists every kind, sorted.
func FailureKinds() []string {
	k := []string{GatewayDown, GatewayInstanceDown, ConnectionDown, CircuitDown, CircuitSessionDown,
		PeeringDown, RouteServerDown, RouteServerPeerDown, ApplianceDown, SiteDown}
	slices.Sort(k)
	return k
}

// Component is one failable part of a design, for what-if menus and the N-1
// sweep.
type Component struct {
	Failure
	// Label is a short human description.
	Label string `json:"label"`
}

// Components lists every failable component of t, sorted by kind then
// target. Only resources with an id are listed; duplicates appear once.
func Components(t *Topology) []Component {
	var out []Component
	add := func(kind, target, format string, args ...any) {
		if target == "" || strings.HasPrefix(target, "/") || strings.HasSuffix(target, "/") {
			return
		}
		out = append(out, Component{Failure: Failure{Kind: kind, Target: target}, Label: fmt.Sprintf(format, args...)})
	}
	for _, g := range t.Gateways {
		add(GatewayDown, g.ID, "%s %s", gatewayNoun(g), g.ID)
		if g.IsVpn() {
			add(GatewayInstanceDown, g.ID+"/0", "instance 0 of %s", g.ID)
			add(GatewayInstanceDown, g.ID+"/1", "instance 1 of %s", g.ID)
		}
	}
	for _, c := range t.Connections {
		add(ConnectionDown, c.ID, "%s %s", connectionNoun(c), c.ID)
	}
	for _, c := range t.Circuits {
		add(CircuitDown, c.ID, "ExpressRoute circuit %s", c.ID)
		for _, l := range c.Legs() { // only the sessions the circuit configures (rule:expressroute.private-peering-sessions)
			add(CircuitSessionDown, c.ID+"/"+l.Name, "%s BGP session of %s", l.Name, c.ID)
		}
	}
	for _, p := range t.Peerings {
		add(PeeringDown, p.ID, "peering %s", p.ID)
	}
	for _, rs := range t.RouteServers {
		add(RouteServerDown, rs.ID, "Route Server %s", rs.ID)
		for _, b := range rs.BgpConnections {
			if b.Name != "" {
				add(RouteServerPeerDown, rs.ID+"/"+b.Name, "BGP peer %s of %s", b.Name, rs.ID)
			}
		}
	}
	for _, vm := range t.VMs {
		if vm.GuestIPForwarding || slices.ContainsFunc(vm.NICs, func(n NIC) bool { return n.EnableIPForwarding }) {
			add(ApplianceDown, vm.ID, "appliance %s", vm.ID)
		}
	}
	for _, s := range t.Sites {
		add(SiteDown, s.ID, "on-premises site %s", s.ID)
	}
	slices.SortStableFunc(out, func(a, b Component) int {
		if c := cmp.Compare(a.Kind, b.Kind); c != 0 {
			return c
		}
		return cmp.Compare(a.Target, b.Target)
	})
	return slices.CompactFunc(out, func(a, b Component) bool { return a.Failure == b.Failure })
}

// gatewayNoun names a gateway's type as Azure writes it in prose.
func gatewayNoun(g VirtualNetworkGateway) string {
	switch g.GatewayType {
	case GatewayVpn:
		return "VPN gateway"
	case GatewayExpressRoute:
		return "ExpressRoute gateway"
	}
	return "gateway"
}

// connectionNoun names a connection's type as Azure writes it in prose.
func connectionNoun(c Connection) string {
	switch c.ConnectionType {
	case ConnIPsec:
		return "site-to-site connection"
	case ConnVnet2Vnet:
		return "VNet-to-VNet connection"
	case ConnExpressRoute:
		return "ExpressRoute connection"
	}
	return "connection"
}

// ValidateFailures checks named failure sets against t's components:
// unknown kinds (failure.kind) and targets that name nothing
// (failure.target). Paths are "failures[<set>][<i>]". Sets are visited in
// sorted order.
func ValidateFailures(t *Topology, sets map[string][]Failure) []Diagnostic {
	known := map[Failure]bool{}
	for _, c := range Components(t) {
		known[c.Failure] = true
	}
	kinds := FailureKinds()
	names := make([]string, 0, len(sets))
	for n := range sets {
		names = append(names, n)
	}
	slices.Sort(names)
	var out []Diagnostic
	for _, n := range names {
		for i, f := range sets[n] {
			path := fmt.Sprintf("failures[%s][%d]", n, i)
			switch {
			case !slices.Contains(kinds, f.Kind):
				out = append(out, Diagnostic{Code: "failure.kind", Severity: Error, Path: path,
					Msg: fmt.Sprintf("unknown failure kind %q (want one of %s)", f.Kind, strings.Join(kinds, ", "))})
			case !known[f] && f.Kind == CircuitSessionDown && circuitLegUnset(t, f.Target):
				out = append(out, Diagnostic{Code: "failure.target", Severity: Error, Path: path,
					Msg: fmt.Sprintf("%s target %q is a BGP session the circuit does not configure: its link prefix is not set, so Azure runs no such session (rule:expressroute.private-peering-sessions)", f.Kind, f.Target)})
			case !known[f]:
				out = append(out, Diagnostic{Code: "failure.target", Severity: Error, Path: path,
					Msg: fmt.Sprintf("%s target %q names no failable component of this design", f.Kind, f.Target)})
			}
		}
	}
	return out
}

// circuitLegUnset reports whether target ("<circuit>/primary|secondary")
// names a session of a circuit of t whose link prefix is not set.
func circuitLegUnset(t *Topology, target string) bool {
	for _, c := range t.Circuits {
		if leg, ok := strings.CutPrefix(target, c.ID+"/"); ok && (leg == "primary" || leg == "secondary") {
			return true
		}
	}
	return false
}
