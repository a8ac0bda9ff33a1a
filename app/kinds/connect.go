package kinds

import (
	"fmt"
	"slices"
	"strings"

	"vnetplay/engine/model"
)

// connectRule is one pair of kinds that can be joined by dragging from one
// node's handle to the other, and what joining them creates. Kinds may be
// drawing variants (a VPN gateway, an NVA): the rule applies to exactly
// those. make gets the two ids in the rule's order.
type connectRule struct {
	a, b Kind
	what string // what it makes, for the notice: "peering", "S2S connection"
	// make joins a and b; it returns what else it set for the join to
	// work, for the notice ("" if nothing).
	make func(t *model.Topology, a, b string) (string, error)
}

// quiet is a join that sets nothing beyond what it makes.
func quiet(join func(t *model.Topology, a, b string) error) func(t *model.Topology, a, b string) (string, error) {
	return func(t *model.Topology, a, b string) (string, error) { return "", join(t, a, b) }
}

// connectRules is every connection the canvas can draw.
var connectRules = []connectRule{
	{VNet, VNet, "peering", quiet(peer)},
	{RouteTable, Subnet, "association", quiet(associateRouteTable)},
	{NSG, Subnet, "association", quiet(associateNSGSubnet)},
	{NSG, VM, "association", quiet(associateNSGVM)},
	{NSG, NVA, "association", quiet(associateNSGVM)},
	{VPNGateway, VPNGateway, "VNet-to-VNet connection", quiet(vnetToVNet)},
	{VPNGateway, Site, "site-to-site connection", quiet(siteToSite)},
	{ERGateway, Circuit, "ExpressRoute connection", quiet(expressRoute)},
	{Circuit, Site, "circuit link", circuitSite},
	{Circuit, Circuit, "Global Reach", quiet(globalReach)},
	{RouteServer, NVA, "BGP peering", quiet(routeServerPeer)},
	{RouteServer, VM, "BGP peering", quiet(routeServerPeer)},
	{PrivateDNSZone, VNet, "virtual network link", quiet(linkZone)},
	{PrivateDNSZone, PrivateEndpoint, "zone group entry", quiet(zoneGroupEntry)},
	{DNSRuleset, VNet, "ruleset link", quiet(linkRuleset)},
	{DNSRuleset, DNSResolver, "outbound endpoint", quiet(rulesetOutbound)},
	{DNSRuleset, DNSEndpoint, "outbound endpoint", quiet(rulesetOutbound)}, // dropped on an endpoint's chip
}

// CanConnect reports whether a node of kind a can be connected to one of
// kind b (in either order).
func CanConnect(a, b Kind) bool {
	_, _, ok := ruleFor(a, b)
	return ok
}

func ruleFor(a, b Kind) (connectRule, bool, bool) {
	for _, r := range connectRules {
		switch {
		case r.a == a && r.b == b:
			return r, false, true
		case r.a == b && r.b == a:
			return r, true, true
		}
	}
	return connectRule{}, false, false
}

// Variant is the drawing variant of resource r in t: an NVA for a VM that
// forwards, a VPN or ExpressRoute gateway for a gateway; r.Kind otherwise.
func Variant(t *model.Topology, r Ref) Kind {
	switch r.Kind {
	case VM:
		if v, ok := find(t.VMs, r.ID, vmID); ok && slices.ContainsFunc(v.NICs, func(n model.NIC) bool { return n.EnableIPForwarding }) {
			return NVA
		}
	case Gateway:
		if g, ok := find(t.Gateways, r.ID, gatewayID); ok {
			if g.IsVpn() {
				return VPNGateway
			}
			return ERGateway
		}
	}
	return r.Kind
}

// Connect joins resources a and b of t: what it creates follows from their
// kinds (connectRules). Any other pair is refused with what each kind
// connects to. It returns what it made ("peering").
func Connect(t *model.Topology, a, b Ref) (string, error) {
	if a == b {
		return "", fmt.Errorf("cannot connect %s to itself", a.ID)
	}
	for _, r := range []Ref{a, b} {
		if !Exists(t, r) {
			return "", fmt.Errorf("%s %s not found", MustOf(r.Kind).Noun, r.ID)
		}
	}
	va, vb := Variant(t, a), Variant(t, b)
	rule, swapped, ok := ruleFor(va, vb)
	if !ok {
		return "", refusal(va, vb)
	}
	if swapped {
		a, b = b, a
	}
	note, err := rule.make(t, a.ID, b.ID)
	switch {
	case err != nil:
		return "", err
	case note != "":
		return rule.what + "; " + note, nil
	}
	return rule.what, nil
}

// refusal explains why a and b cannot be connected: what a connects to
// (or b, if a connects to nothing).
func refusal(a, b Kind) error {
	from, other := a, b
	if len(partners(a)) == 0 {
		from, other = b, a
	}
	ps := partners(from)
	if len(ps) == 0 {
		return fmt.Errorf("%s and %s cannot be connected", MustOf(a).A(), MustOf(b).A())
	}
	names := make([]string, len(ps))
	for i, p := range ps {
		if p == from {
			names[i] = "another " + MustOf(p).Noun
		} else {
			names[i] = MustOf(p).A()
		}
	}
	return fmt.Errorf("%s connects to %s, not to %s", capitalise(MustOf(from).A()), orList(names), MustOf(other).A())
}

// partners lists the kinds k connects to, in rule order, without repeats.
func partners(k Kind) []Kind {
	var out []Kind
	for _, r := range connectRules {
		var p Kind
		switch {
		case r.a == k:
			p = r.b
		case r.b == k:
			p = r.a
		default:
			continue
		}
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

func orList(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " or " + xs[len(xs)-1]
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func peer(t *model.Topology, a, b string) error {
	for _, p := range t.Peerings {
		if (p.A.VNet == a && p.B.VNet == b) || (p.A.VNet == b && p.B.VNet == a) {
			return fmt.Errorf("%s and %s are already peered (%s)", a, b, p.ID)
		}
	}
	id := FreeName(func(id string) bool { _, ok := find(t.Peerings, id, peeringID); return ok }, a+"-"+b)
	t.Peerings = append(t.Peerings, model.Peering{ID: id, A: model.PeeringLink{VNet: a}, B: model.PeeringLink{VNet: b}})
	return nil
}

func associateRouteTable(t *model.Topology, rt, subnet string) error {
	s, _ := locateSubnet(t, subnet)
	sn := s.(*model.Subnet)
	if sn.RouteTable == rt {
		return fmt.Errorf("%s is already associated with %s", subnet, rt)
	}
	sn.RouteTable = rt
	return nil
}

func associateNSGSubnet(t *model.Topology, nsg, subnet string) error {
	s, _ := locateSubnet(t, subnet)
	sn := s.(*model.Subnet)
	if sn.NetworkSecurityGroup == nsg {
		return fmt.Errorf("%s is already associated with %s", subnet, nsg)
	}
	sn.NetworkSecurityGroup = nsg
	return nil
}

func associateNSGVM(t *model.Topology, nsg, vm string) error {
	v, _ := find(t.VMs, vm, vmID)
	same := len(v.NICs) > 0
	for i := range v.NICs {
		same = same && v.NICs[i].NetworkSecurityGroup == nsg
		v.NICs[i].NetworkSecurityGroup = nsg
	}
	if same {
		return fmt.Errorf("%s's network interfaces are already associated with %s", vm, nsg)
	}
	return nil
}

func connectionIDFree(t *model.Topology, base string) string {
	return FreeName(func(id string) bool { _, ok := find(t.Connections, id, connectionID); return ok }, base)
}

// vnetToVNet makes a VNet-to-VNet tunnel: two connections, one per side
// (rule:s2s.vnet-to-vnet-two-connections).
func vnetToVNet(t *model.Topology, a, b string) error {
	g1, _ := find(t.Gateways, a, gatewayID)
	g2, _ := find(t.Gateways, b, gatewayID)
	bgp := g1.EnableBgp && g2.EnableBgp
	t.Connections = append(t.Connections,
		model.Connection{ID: connectionIDFree(t, a+"-to-"+b), ConnectionType: model.ConnVnet2Vnet, VirtualNetworkGateway1: a, VirtualNetworkGateway2: b, EnableBgp: bgp})
	t.Connections = append(t.Connections,
		model.Connection{ID: connectionIDFree(t, b+"-to-"+a), ConnectionType: model.ConnVnet2Vnet, VirtualNetworkGateway1: b, VirtualNetworkGateway2: a, EnableBgp: bgp})
	return nil
}

// siteToSite connects a VPN gateway to a site through the site's VPN
// device: an existing local network gateway, or a new one with the site's
// prefixes (static S2S).
func siteToSite(t *model.Topology, gw, siteID string) error {
	site, _ := find(t.Sites, siteID, func(s *model.Site) string { return s.ID })
	lng := ""
	for _, l := range t.LocalNetworkGateways {
		if l.Site == site.ID {
			lng = l.ID
			break
		}
	}
	if lng == "" {
		lng = FreeName(func(id string) bool { _, ok := find(t.LocalNetworkGateways, id, lngID); return ok }, site.ID+"-vpn")
		t.LocalNetworkGateways = append(t.LocalNetworkGateways, model.LocalNetworkGateway{ID: lng, Site: site.ID,
			GatewayIPAddress:         fmt.Sprintf("203.0.113.%d", 10+len(t.LocalNetworkGateways)),
			LocalNetworkAddressSpace: model.AddressSpace{AddressPrefixes: slices.Clone(site.AddressPrefixes)}})
	}
	t.Connections = append(t.Connections, model.Connection{ID: connectionIDFree(t, gw+"-to-"+site.ID),
		ConnectionType: model.ConnIPsec, VirtualNetworkGateway1: gw, LocalNetworkGateway2: lng})
	return nil
}

func expressRoute(t *model.Topology, gw, circuit string) error {
	t.Connections = append(t.Connections, model.Connection{ID: connectionIDFree(t, gw+"-to-"+circuit),
		ConnectionType: model.ConnExpressRoute, VirtualNetworkGateway1: gw, Peer: circuit})
	return nil
}

// circuitSite links a circuit to the site its private peering reaches.
// Private peering is BGP (rule:expressroute.private-peering-sessions), so a
// site that runs no BGP yet is given the circuit's peer ASN, the ASN the
// circuit's BGP sessions expect of the customer's edge; it says so. A site
// with an ASN keeps it: a different peer ASN (a layer-3 provider's) stays,
// and the validation warns of it.
func circuitSite(t *model.Topology, circuit, siteID string) (string, error) {
	c, _ := find(t.Circuits, circuit, circuitID)
	if c.Site == siteID {
		return "", fmt.Errorf("%s is already linked to %s", circuit, siteID)
	}
	c.Site = siteID
	site, _ := find(t.Sites, siteID, func(s *model.Site) string { return s.ID })
	if site.Asn != 0 || c.PeerASN == 0 || model.ReservedASN(c.PeerASN) {
		return "", nil
	}
	site.Asn = c.PeerASN
	return fmt.Sprintf("%s now speaks BGP as AS %d, %s's peer ASN (private peering is BGP)", siteID, site.Asn, circuit), nil
}

func globalReach(t *model.Topology, a, b string) error {
	ca, _ := find(t.Circuits, a, circuitID)
	cb, _ := find(t.Circuits, b, circuitID)
	if slices.Contains(ca.GlobalReach, b) && slices.Contains(cb.GlobalReach, a) {
		return fmt.Errorf("%s and %s are already linked by Global Reach", a, b)
	}
	if !slices.Contains(ca.GlobalReach, b) {
		ca.GlobalReach = append(ca.GlobalReach, b)
	}
	if !slices.Contains(cb.GlobalReach, a) {
		cb.GlobalReach = append(cb.GlobalReach, a)
	}
	return nil
}

func routeServerPeer(t *model.Topology, rsID, vm string) error {
	rs, _ := find(t.RouteServers, rsID, routeServerID)
	v, _ := find(t.VMs, vm, vmID)
	nic, ok := v.PrimaryNIC()
	if !ok {
		return fmt.Errorf("a Route Server peers with a network interface, and %s has none", vm)
	}
	name := FreeName(func(n string) bool { _, ok := find(rs.BgpConnections, n, bgpPeerName); return ok }, vm)
	rs.BgpConnections = append(rs.BgpConnections, model.RouteServerPeer{Name: name, PeerIP: nic.PrivateIPAddress, PeerAsn: 65001})
	return nil
}
