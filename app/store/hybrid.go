package store

import (
	"fmt"
	"net/netip"
	"slices"

	"vnetplay/app/canvas"
	"vnetplay/engine/addrindex"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
)

// AddGateway adds a virtual network gateway to a VNet, creating its
// GatewaySubnet (/27, F83) if the VNet has none. A VPN gateway is
// RouteBased on VpnGw1 with BGP on (ASN 65515, F102); an ExpressRoute
// gateway is ErGw1AZ.
type AddGateway struct {
	VNet         string
	ExpressRoute bool
}

func (e AddGateway) Label() string {
	if e.ExpressRoute {
		return "add ExpressRoute gateway"
	}
	return "add VPN gateway"
}

func (e AddGateway) apply(doc *scenario.Document) error {
	t := &doc.Topology
	if err := ensureSubnet(doc, e.VNet, model.GatewaySubnet); err != nil {
		return err
	}
	kind := model.GatewayVpn
	if e.ExpressRoute {
		kind = model.GatewayExpressRoute
	}
	for _, g := range t.Gateways {
		if g.VNet == e.VNet && g.GatewayType == kind {
			return fmt.Errorf("%s already has a %s gateway (%s)", e.VNet, kind, g.ID)
		}
	}
	base, g := "vpngw", model.VirtualNetworkGateway{VNet: e.VNet, GatewayType: kind}
	if e.ExpressRoute {
		base, g.Sku = "ergw", "ErGw1AZ"
	} else {
		g.VpnType, g.Sku, g.EnableBgp = model.RouteBased, "VpnGw1", true
		g.BgpSettings = &model.BgpSettings{Asn: model.AzureASN}
	}
	g.ID = freeID(func(id string) bool {
		return slices.ContainsFunc(t.Gateways, func(x model.VirtualNetworkGateway) bool { return x.ID == id })
	}, base)
	t.Gateways = append(t.Gateways, g)
	return nil
}

// AddRouteServer adds a Route Server to a VNet, creating its
// RouteServerSubnet (/26, F157) if needed.
type AddRouteServer struct{ VNet string }

func (e AddRouteServer) Label() string { return "add Route Server" }
func (e AddRouteServer) apply(doc *scenario.Document) error {
	t := &doc.Topology
	for _, rs := range t.RouteServers {
		if rs.VNet == e.VNet {
			return fmt.Errorf("%s already has a Route Server (%s)", e.VNet, rs.ID)
		}
	}
	if err := ensureSubnet(doc, e.VNet, model.RouteServerSubnet); err != nil {
		return err
	}
	id := freeID(func(id string) bool {
		return slices.ContainsFunc(t.RouteServers, func(x model.RouteServer) bool { return x.ID == id })
	}, "ars")
	t.RouteServers = append(t.RouteServers, model.RouteServer{ID: id, VNet: e.VNet})
	return nil
}

func ensureSubnet(doc *scenario.Document, vnet, name string) error {
	i := indexOf(doc.Topology.VNets, func(v model.VNet) bool { return v.ID == vnet })
	if i < 0 {
		return fmt.Errorf("VNet %s not found", vnet)
	}
	if slices.ContainsFunc(doc.Topology.VNets[i].Subnets, func(s model.Subnet) bool { return s.Name == name }) {
		return nil
	}
	return AddSubnet{VNet: vnet, Name: name}.apply(doc)
}

// AddSite adds an on-premises site at a position: the next free /24 of
// 192.168.0.0/16 and one host on .10.
type AddSite struct{ At canvas.Point }

func (e AddSite) Label() string { return "add on-premises site" }
func (e AddSite) apply(doc *scenario.Document) error {
	t := &doc.Topology
	taken := addrindex.New()
	for _, v := range t.VNets {
		for _, sp := range v.AddressSpace.AddressPrefixes {
			if p, err := netip.ParsePrefix(sp); err == nil {
				_ = taken.Insert(p, v.ID)
			}
		}
	}
	for _, s := range t.Sites {
		for _, sp := range s.AddressPrefixes {
			if p, err := netip.ParsePrefix(sp); err == nil {
				_ = taken.Insert(p, s.ID)
			}
		}
	}
	p, ok := firstFree(taken, netip.MustParsePrefix("192.168.0.0/16"), 24)
	if !ok {
		return fmt.Errorf("no free /24 left in 192.168.0.0/16")
	}
	host := p.Addr().As4()
	host[3] = 10
	id := freeID(func(id string) bool {
		return slices.ContainsFunc(t.Sites, func(x model.Site) bool { return x.ID == id })
	}, "site")
	t.Sites = append(t.Sites, model.Site{ID: id, AddressPrefixes: []string{p.String()},
		Hosts: []model.Host{{ID: "host1", IPAddress: netip.AddrFrom4(host).String()}}})
	return Move{To: map[string]canvas.Point{id: canvas.Snap(e.At, canvas.Grid)}}.apply(doc)
}

// AddCircuit adds an ExpressRoute circuit at a position (peer ASN 65001);
// connect it to a site and to an ExpressRoute gateway.
type AddCircuit struct{ At canvas.Point }

func (e AddCircuit) Label() string { return "add ExpressRoute circuit" }
func (e AddCircuit) apply(doc *scenario.Document) error {
	t := &doc.Topology
	id := freeID(func(id string) bool {
		return slices.ContainsFunc(t.Circuits, func(x model.ExpressRouteCircuit) bool { return x.ID == id })
	}, "circuit")
	t.Circuits = append(t.Circuits, model.ExpressRouteCircuit{ID: id, PeerASN: 65001})
	return Move{To: map[string]canvas.Point{id: canvas.Snap(e.At, canvas.Grid)}}.apply(doc)
}

// AddP2S gives a VPN gateway a point-to-site configuration: the next free
// /24 of 172.16.0.0/12 as the client pool and one client.
type AddP2S struct{ Gateway string }

func (e AddP2S) Label() string { return "add P2S client pool" }
func (e AddP2S) apply(doc *scenario.Document) error {
	t := &doc.Topology
	i := indexOf(t.Gateways, func(g model.VirtualNetworkGateway) bool { return g.ID == e.Gateway })
	if i < 0 || !t.Gateways[i].IsVpn() {
		return fmt.Errorf("a P2S client pool belongs to a VPN gateway")
	}
	if t.Gateways[i].VpnClientConfiguration != nil {
		return fmt.Errorf("%s already has a P2S configuration", e.Gateway)
	}
	taken := addrindex.New()
	for _, v := range t.VNets {
		for _, sp := range v.AddressSpace.AddressPrefixes {
			if p, err := netip.ParsePrefix(sp); err == nil {
				_ = taken.Insert(p, v.ID)
			}
		}
	}
	for _, g := range t.Gateways {
		if g.VpnClientConfiguration != nil {
			for _, sp := range g.VpnClientConfiguration.VpnClientAddressPool.AddressPrefixes {
				if p, err := netip.ParsePrefix(sp); err == nil {
					_ = taken.Insert(p, g.ID)
				}
			}
		}
	}
	p, ok := firstFree(taken, netip.MustParsePrefix("172.16.0.0/12"), 24)
	if !ok {
		return fmt.Errorf("no free /24 for a client pool")
	}
	client := p.Addr().As4()
	client[3] = 2
	t.Gateways[i].VpnClientConfiguration = &model.VpnClientConfiguration{
		VpnClientAddressPool: model.AddressSpace{AddressPrefixes: []string{p.String()}},
		Clients:              []model.P2SClient{{ID: "client1", IPAddress: netip.AddrFrom4(client).String()}},
	}
	return nil
}

// connectHybrid handles the hybrid pairs of Connect; ok is false when the
// pair is not a hybrid one.
func connectHybrid(t *model.Topology, a, b Ref) (ok bool, err error) {
	kinds := func(x, y canvas.NodeKind) bool { return (a.Kind == x && b.Kind == y) || (a.Kind == y && b.Kind == x) }
	pick := func(k canvas.NodeKind) Ref {
		if a.Kind == k {
			return a
		}
		return b
	}
	other := func(r Ref) Ref {
		if a == r {
			return b
		}
		return a
	}
	gateway := func(id string) *model.VirtualNetworkGateway {
		if i := indexOf(t.Gateways, func(g model.VirtualNetworkGateway) bool { return g.ID == id }); i >= 0 {
			return &t.Gateways[i]
		}
		return nil
	}
	connID := func(base string) string {
		return freeName(func(id string) bool {
			return slices.ContainsFunc(t.Connections, func(c model.Connection) bool { return c.ID == id })
		}, base)
	}
	switch {
	case a.Kind == Gateway && b.Kind == Gateway:
		g1, g2 := gateway(a.ID), gateway(b.ID)
		if g1 == nil || g2 == nil || !g1.IsVpn() || !g2.IsVpn() {
			return true, fmt.Errorf("a VNet-to-VNet connection joins two VPN gateways")
		}
		// F122: a VNet-to-VNet tunnel is two connections, one per side.
		t.Connections = append(t.Connections,
			model.Connection{ID: connID(a.ID + "-to-" + b.ID), ConnectionType: model.ConnVnet2Vnet, VirtualNetworkGateway1: a.ID, VirtualNetworkGateway2: b.ID, EnableBgp: g1.EnableBgp && g2.EnableBgp},
			model.Connection{ID: connID(b.ID + "-to-" + a.ID), ConnectionType: model.ConnVnet2Vnet, VirtualNetworkGateway1: b.ID, VirtualNetworkGateway2: a.ID, EnableBgp: g1.EnableBgp && g2.EnableBgp})
		return true, nil
	case kinds(Gateway, canvas.KindSite):
		gr, sr := pick(Gateway), pick(canvas.KindSite)
		g := gateway(gr.ID)
		if g == nil || !g.IsVpn() {
			return true, fmt.Errorf("an on-premises site connects to a VPN gateway (S2S) or to an ExpressRoute circuit")
		}
		si := indexOf(t.Sites, func(s model.Site) bool { return s.ID == sr.ID })
		if si < 0 {
			return true, fmt.Errorf("site %s not found", sr.ID)
		}
		site := t.Sites[si]
		// The site's VPN device: an existing local network gateway, or a new
		// one with the site's prefixes (static S2S).
		lng := ""
		for _, l := range t.LocalNetworkGateways {
			if l.Site == site.ID {
				lng = l.ID
				break
			}
		}
		if lng == "" {
			lng = freeName(func(id string) bool {
				return slices.ContainsFunc(t.LocalNetworkGateways, func(l model.LocalNetworkGateway) bool { return l.ID == id })
			}, site.ID+"-vpn")
			t.LocalNetworkGateways = append(t.LocalNetworkGateways, model.LocalNetworkGateway{ID: lng, Site: site.ID,
				GatewayIPAddress: "203.0.113." + fmt.Sprint(10+len(t.LocalNetworkGateways)), LocalNetworkAddressSpace: model.AddressSpace{AddressPrefixes: slices.Clone(site.AddressPrefixes)}})
		}
		t.Connections = append(t.Connections, model.Connection{ID: connID(gr.ID + "-to-" + site.ID), ConnectionType: model.ConnIPsec, VirtualNetworkGateway1: gr.ID, LocalNetworkGateway2: lng})
		return true, nil
	case kinds(Gateway, canvas.KindCircuit):
		gr, cr := pick(Gateway), pick(canvas.KindCircuit)
		if g := gateway(gr.ID); g == nil || g.GatewayType != model.GatewayExpressRoute {
			return true, fmt.Errorf("an ExpressRoute circuit connects to an ExpressRoute gateway, not a VPN gateway")
		}
		t.Connections = append(t.Connections, model.Connection{ID: connID(gr.ID + "-to-" + cr.ID), ConnectionType: model.ConnExpressRoute, VirtualNetworkGateway1: gr.ID, Peer: cr.ID})
		return true, nil
	case kinds(canvas.KindCircuit, canvas.KindSite):
		cr, sr := pick(canvas.KindCircuit), pick(canvas.KindSite)
		if i := indexOf(t.Circuits, func(c model.ExpressRouteCircuit) bool { return c.ID == cr.ID }); i >= 0 {
			t.Circuits[i].Site = sr.ID
			return true, nil
		}
		return true, fmt.Errorf("circuit %s not found", cr.ID)
	case kinds(canvas.KindCircuit, canvas.KindCircuit):
		for i := range t.Circuits {
			if t.Circuits[i].ID == a.ID && !slices.Contains(t.Circuits[i].GlobalReach, b.ID) {
				t.Circuits[i].GlobalReach = append(t.Circuits[i].GlobalReach, b.ID)
			}
			if t.Circuits[i].ID == b.ID && !slices.Contains(t.Circuits[i].GlobalReach, a.ID) {
				t.Circuits[i].GlobalReach = append(t.Circuits[i].GlobalReach, a.ID)
			}
		}
		return true, nil
	case kinds(canvas.KindRouteServer, canvas.KindVM):
		rr, vr := pick(canvas.KindRouteServer), pick(canvas.KindVM)
		vi := indexOf(t.VMs, func(v model.VM) bool { return v.ID == vr.ID })
		ri := indexOf(t.RouteServers, func(r model.RouteServer) bool { return r.ID == rr.ID })
		if vi < 0 || ri < 0 || len(t.VMs[vi].NICs) == 0 {
			return true, fmt.Errorf("a Route Server peers with an NVA's network interface")
		}
		rs := &t.RouteServers[ri]
		name := freeName(func(n string) bool {
			return slices.ContainsFunc(rs.BgpConnections, func(p model.RouteServerPeer) bool { return p.Name == n })
		}, vr.ID)
		rs.BgpConnections = append(rs.BgpConnections, model.RouteServerPeer{Name: name, PeerIP: t.VMs[vi].NICs[0].PrivateIPAddress, PeerAsn: 65001})
		return true, nil
	case a.Kind == Gateway || b.Kind == Gateway || a.Kind == canvas.KindSite || b.Kind == canvas.KindSite ||
		a.Kind == canvas.KindCircuit || b.Kind == canvas.KindCircuit || a.Kind == canvas.KindRouteServer || b.Kind == canvas.KindRouteServer:
		r := a
		if b.Kind == Gateway || b.Kind == canvas.KindSite || b.Kind == canvas.KindCircuit || b.Kind == canvas.KindRouteServer {
			r = b
		}
		return true, fmt.Errorf("a %s cannot be connected to a %s: %s", kindName(r.Kind), kindName(other(r).Kind), hybridHint(r.Kind))
	}
	return false, nil
}

func hybridHint(k canvas.NodeKind) string {
	switch k {
	case Gateway:
		return "a VPN gateway connects to an on-premises site or another VPN gateway; an ExpressRoute gateway to a circuit"
	case canvas.KindSite:
		return "a site connects to a VPN gateway or an ExpressRoute circuit"
	case canvas.KindCircuit:
		return "a circuit connects to an ExpressRoute gateway, its site, or another circuit (Global Reach)"
	case canvas.KindRouteServer:
		return "a Route Server peers with an NVA"
	}
	return ""
}

// deleteHybrid removes a hybrid resource and what only exists through it;
// ok is false for other kinds.
func deleteHybrid(t *model.Topology, r Ref) (ok bool) {
	dropConns := func(match func(model.Connection) bool) { t.Connections = slices.DeleteFunc(t.Connections, match) }
	switch r.Kind {
	case Gateway:
		t.Gateways = slices.DeleteFunc(t.Gateways, func(g model.VirtualNetworkGateway) bool { return g.ID == r.ID })
		dropConns(func(c model.Connection) bool {
			return c.VirtualNetworkGateway1 == r.ID || c.VirtualNetworkGateway2 == r.ID
		})
	case canvas.KindP2S:
		if i := indexOf(t.Gateways, func(g model.VirtualNetworkGateway) bool { return g.ID == r.ID }); i >= 0 {
			t.Gateways[i].VpnClientConfiguration = nil
		}
	case canvas.KindRouteServer:
		t.RouteServers = slices.DeleteFunc(t.RouteServers, func(x model.RouteServer) bool { return x.ID == r.ID })
	case canvas.KindLNG:
		t.LocalNetworkGateways = slices.DeleteFunc(t.LocalNetworkGateways, func(l model.LocalNetworkGateway) bool { return l.ID == r.ID })
		dropConns(func(c model.Connection) bool { return c.LocalNetworkGateway2 == r.ID })
	case canvas.KindSite:
		t.Sites = slices.DeleteFunc(t.Sites, func(x model.Site) bool { return x.ID == r.ID })
		var lngs []string
		for _, l := range t.LocalNetworkGateways {
			if l.Site == r.ID {
				lngs = append(lngs, l.ID)
			}
		}
		for _, id := range lngs {
			deleteHybrid(t, Ref{Kind: canvas.KindLNG, ID: id})
		}
		for i := range t.Circuits {
			if t.Circuits[i].Site == r.ID {
				t.Circuits[i].Site = ""
			}
		}
	case canvas.KindCircuit:
		t.Circuits = slices.DeleteFunc(t.Circuits, func(x model.ExpressRouteCircuit) bool { return x.ID == r.ID })
		for i := range t.Circuits {
			t.Circuits[i].GlobalReach = slices.DeleteFunc(t.Circuits[i].GlobalReach, func(id string) bool { return id == r.ID })
		}
		dropConns(func(c model.Connection) bool { return c.ConnectionType == model.ConnExpressRoute && c.Peer == r.ID })
	case Connection:
		dropConns(func(c model.Connection) bool { return c.ID == r.ID })
	default:
		return false
	}
	return true
}
