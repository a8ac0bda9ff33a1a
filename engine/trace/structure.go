package trace

import (
	"vnetplay/engine/dataplane"
	"vnetplay/engine/route"
)

// This file gives a full walk's hops and steps their structure as data
// (what `vnetplay trace --json` and the UI read besides the prose): what
// each hop's node is, the effective route a Route step used, the peering a
// Peering step crossed, and the NSGs an NSG step evaluated. Quiet walks (a
// Walker's) fill none of it.

// Hop kinds (Hop.Kind) that are not a BGP speaker's or a hybrid endpoint's
// kind: a NIC, and the three exits.
const (
	HopNetworkInterface = "NetworkInterface"
	HopInternet         = "Internet"
	HopAzureService     = "AzureService"
	HopAzurePlatform    = "AzurePlatform"
)

// RouteUsed is the effective route a Route step used, in the words of
// Azure's effective routes (rule:outputs.effective-route-fields, rule:outputs.route-source-and-state) and Network Watcher's Next hop (rule:outputs.next-hop-query).
type RouteUsed struct {
	// Subnet is the subnet whose effective routes were looked up (rule:outputs.routes-per-nic-subnet).
	Subnet string `json:"subnet"`
	// AddressPrefix is the prefix that matched the destination (the
	// longest, rule:route-selection.longest-prefix-first).
	AddressPrefix string `json:"addressPrefix"`
	// Source is Default, User or VirtualNetworkGateway (rule:outputs.route-source-and-state).
	Source      string `json:"source"`
	NextHopType string `json:"nextHopType"`
	// NextHopIPAddress is a list, as in effective routes (rule:outputs.effective-route-fields): empty when
	// the next hop has no address, several for an ECMP route (rule:route-server.as-path-and-ecmp).
	NextHopIPAddress []string `json:"nextHopIpAddress"`
	// RouteTableID is the route table of a UDR, or "System Route" for
	// every other route, as Next hop reports it (rule:outputs.next-hop-query).
	RouteTableID string `json:"routeTableId"`
	// Name is a UDR's name (rule:outputs.effective-route-fields); empty for other routes.
	Name string `json:"name,omitempty"`
	// Origin says which object put the route there.
	Origin string `json:"origin"`
}

// PeeringCrossed is the peering a Peering step crossed.
type PeeringCrossed struct {
	Peering string `json:"peering"`
	// From is the VNet the packet left, To the VNet it entered.
	From string `json:"from"`
	To   string `json:"to"`
	// PeeringState is the receiving link's peeringState: always Connected,
	// since traffic crosses only a Connected peering (rule:peering.link-states).
	PeeringState string `json:"peeringState"`
	// Global is set when the VNets are in different regions (rule:peering.global):
	// next hop VNetGlobalPeering rather than VNetPeering (rule:outputs.next-hop-type-names).
	Global bool `json:"global"`
}

// Levels an NSG applies at (NSGVerdict.AppliedTo, rule:nsg.subnet-then-nic).
const (
	AppliedToSubnet = "Subnet"
	AppliedToNIC    = "NetworkInterface"
)

// NSGVerdict is one NSG evaluated for the packet at a NIC: which NSG,
// where it applies, the direction, and the rule that decided, with its
// access as IP flow verify reports it (rule:outputs.flow-verdict, rule:nsg.default-rules, rule:nsg.priority-first-match).
type NSGVerdict struct {
	NetworkSecurityGroup string `json:"networkSecurityGroup"`
	// AppliedTo is Subnet or NetworkInterface: inbound the subnet's NSG is
	// evaluated first, outbound the NIC's (rule:nsg.subnet-then-nic).
	AppliedTo string `json:"appliedTo"`
	Direction string `json:"direction"`
	// RuleName is the deciding rule: a custom rule or one of the default
	// rules (rule:nsg.default-rules); "(no rule)" if none matched.
	RuleName string `json:"ruleName"`
	// Priority is the deciding rule's priority (0 when none matched).
	Priority int `json:"priority,omitempty"`
	// Access is Allow or Deny.
	Access string `json:"access"`
}

// nsgAt is one NSG to evaluate at a NIC: its id ("" when the level has
// none) and the level.
type nsgAt struct{ id, level string }

// nsgsMet are the (at most two) NSGs evaluated at one NIC, in order. It is
// a value, so the walks that keep no steps allocate nothing for it.
type nsgsMet struct {
	n int
	v [2]NSGVerdict
}

// add records verdict v of the NSG at level.
func (m *nsgsMet) add(v nsgVerdict, level string) {
	if m.n == len(m.v) {
		return
	}
	access := "Allow"
	if !v.Allowed {
		access = "Deny"
	}
	m.v[m.n] = NSGVerdict{NetworkSecurityGroup: v.NSG, AppliedTo: level, Direction: v.Direction, RuleName: v.Rule, Priority: v.Priority, Access: access}
	m.n++
}

// lastStep is the last step of the walk's last hop, or nil (quiet walks,
// or no step yet).
func (r *walkResult) lastStep() *Step {
	if r.quiet || len(r.hops) == 0 {
		return nil
	}
	h := &r.hops[len(r.hops)-1]
	if len(h.Steps) == 0 {
		return nil
	}
	return &h.Steps[len(h.Steps)-1]
}

// attachNSGs puts the NSGs met on the last step (an NSG step, or the drop
// of a denial).
func (r *walkResult) attachNSGs(m nsgsMet) {
	if s := r.lastStep(); s != nil && m.n > 0 {
		s.NSGs = append([]NSGVerdict(nil), m.v[:m.n]...)
	}
}

// attachRoute puts route e, looked up in subnet's effective routes, on the
// last step (a Route step).
func (r *walkResult) attachRoute(e route.Effective, subnet string) {
	s := r.lastStep()
	if s == nil {
		return
	}
	u := &RouteUsed{Subnet: subnet, AddressPrefix: e.Prefix.String(), Source: e.Source.String(), NextHopType: e.NextHop.String(),
		NextHopIPAddress: e.NextHopIPStrings(), RouteTableID: dataplane.SystemRoute, Origin: e.Origin.String()}
	if e.Origin.Kind == route.FromRouteTable {
		u.RouteTableID, u.Name = e.Origin.ID, e.Origin.Name
	}
	s.Route = u
}

// attachPeering puts the peering from VNet from into VNet to on the last
// step (a Peering step).
func (r *walkResult) attachPeering(p *dataplane.Plane, from, to string) {
	s := r.lastStep()
	l := p.Link(to, from)
	if s == nil || l == nil {
		return
	}
	s.Peering = &PeeringCrossed{Peering: l.Peering, From: from, To: to, PeeringState: string(l.State), Global: l.Global}
}

// classifyHops sets each hop's Kind (HopKind) and gives every hop a
// non-nil step list, so a full walk encodes no null.
func classifyHops(p *dataplane.Plane, hops []Hop) {
	for i := range hops {
		hops[i].Kind = HopKind(p, hops[i].Node)
		if hops[i].Steps == nil {
			hops[i].Steps = []Step{}
		}
	}
}

// HopKind says what a hop's node is: NetworkInterface for a NIC; the
// BGP speaker kind of a gateway, circuit (MSEE), Route Server or site
// (VpnGateway, ExpressRouteGateway, MSEE, RouteServer, Site); SiteHost or
// P2SClient for an endpoint outside the VNets; PrivateEndpoint; Internet, AzureService or
// AzurePlatform for the exits; "" for anything else.
func HopKind(p *dataplane.Plane, node string) string {
	if _, ok := p.NIC(node); ok {
		return HopNetworkInterface
	}
	switch node {
	case HopInternet, HopAzureService, HopAzurePlatform:
		return node
	}
	if ep, ok := p.HybridEndpoint(node); ok {
		return ep.Kind
	}
	if _, ok := p.PrivateEndpoint(node); ok {
		return HopPrivateEndpoint // privatelink.go
	}
	if ep, ok := GatewayEndpoint(p, node); ok {
		node = ep.Owner // an instance address "<gateway>/1" is its gateway's hop
	}
	if res := p.BGP(); res != nil {
		if sp, ok := res.Speaker(node); ok {
			return string(sp.Kind)
		}
	}
	return ""
}
