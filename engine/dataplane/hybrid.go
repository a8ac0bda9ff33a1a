package dataplane

import (
	"net/netip"
	"slices"

	"vnetplay/engine/bgp"
	"vnetplay/engine/model"
)

// Hybrid endpoint kinds.
const (
	EndpointSiteHost  = "SiteHost"
	EndpointP2SClient = "P2SClient"
)

// HybridEndpoint is an endpoint outside the VNets: an on-premises host
// ("<site>/<host>") or a point-to-site client ("<gateway>/<client>").
type HybridEndpoint struct {
	ID    string     `json:"id"`
	Kind  string     `json:"kind"`
	Owner string     `json:"owner"` // the site or the gateway
	IP    netip.Addr `json:"ip"`
	OS    string     `json:"os,omitempty"` // P2S clients: Windows or Other
}

// hybridState is what Build keeps of the hybrid resources.
type hybridState struct {
	endpoints map[string]HybridEndpoint
	byIP      map[netip.Addr]string
	topo      model.Topology // hybrid slices and VNets only (read-only copy)
}

func (p *Plane) buildHybrid(t *model.Topology) {
	h := &hybridState{endpoints: map[string]HybridEndpoint{}, byIP: map[netip.Addr]string{}}
	h.topo = model.Topology{VNets: slices.Clone(t.VNets), Gateways: slices.Clone(t.Gateways), LocalNetworkGateways: slices.Clone(t.LocalNetworkGateways),
		Sites: slices.Clone(t.Sites), Connections: slices.Clone(t.Connections), Circuits: slices.Clone(t.Circuits),
		RouteServers: slices.Clone(t.RouteServers), Peerings: slices.Clone(t.Peerings)}
	add := func(e HybridEndpoint) {
		if _, dup := h.endpoints[e.ID]; dup || !e.IP.IsValid() {
			return
		}
		if _, isNIC := p.nics[e.ID]; isNIC {
			return
		}
		if _, taken := p.nicByIP[e.IP]; taken {
			return
		}
		if _, taken := h.byIP[e.IP]; taken {
			return
		}
		h.endpoints[e.ID] = e
		h.byIP[e.IP] = e.ID
	}
	sites := slices.Clone(t.Sites)
	slices.SortStableFunc(sites, func(a, b model.Site) int { return compareStr(a.ID, b.ID) })
	for _, s := range sites {
		hosts := slices.Clone(s.Hosts)
		slices.SortStableFunc(hosts, func(a, b model.Host) int { return compareStr(a.ID, b.ID) })
		for _, x := range hosts {
			ip, err := netip.ParseAddr(x.IPAddress)
			if err == nil && s.ID != "" && x.ID != "" {
				add(HybridEndpoint{ID: s.ID + "/" + x.ID, Kind: EndpointSiteHost, Owner: s.ID, IP: ip})
			}
		}
	}
	gws := slices.Clone(t.Gateways)
	slices.SortStableFunc(gws, func(a, b model.VirtualNetworkGateway) int { return compareStr(a.ID, b.ID) })
	for _, g := range gws {
		if g.VpnClientConfiguration == nil || g.ID == "" {
			continue
		}
		cs := slices.Clone(g.VpnClientConfiguration.Clients)
		slices.SortStableFunc(cs, func(a, b model.P2SClient) int { return compareStr(a.ID, b.ID) })
		for _, c := range cs {
			ip, err := netip.ParseAddr(c.IPAddress)
			os := c.OS
			if os == "" {
				os = "Windows"
			}
			if err == nil && c.ID != "" {
				add(HybridEndpoint{ID: g.ID + "/" + c.ID, Kind: EndpointP2SClient, Owner: g.ID, IP: ip, OS: os})
			}
		}
	}
	p.hybrid = h
}

func compareStr(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// HybridEndpoint returns an on-premises host or P2S client by id.
func (p *Plane) HybridEndpoint(id string) (HybridEndpoint, bool) {
	e, ok := p.hybrid.endpoints[id]
	return e, ok
}

// HybridEndpoints lists on-premises hosts and P2S clients, sorted by id.
func (p *Plane) HybridEndpoints() []string { return sortedKeys(p.hybrid.endpoints) }

// HybridAt returns the hybrid endpoint with address ip.
func (p *Plane) HybridAt(ip netip.Addr) (HybridEndpoint, bool) {
	id, ok := p.hybrid.byIP[ip]
	if !ok {
		return HybridEndpoint{}, false
	}
	return p.hybrid.endpoints[id], true
}

// HybridTopology returns the hybrid resources (and VNets and peerings) Build
// saw. The caller must not modify it.
func (p *Plane) HybridTopology() *model.Topology { return &p.hybrid.topo }

// P2S returns the routes gateway pushes to its point-to-site clients
// (bgp.Result.P2S); ok is false without a P2S configuration or control plane.
func (p *Plane) P2S(gateway string) (bgp.P2SRoutes, bool) {
	if p.bgp == nil {
		return bgp.P2SRoutes{}, false
	}
	return p.bgp.P2S(&p.hybrid.topo, gateway)
}

// Endpoint resolves any endpoint reference: a NIC ("vm/nic" or "vm"), an
// on-premises host ("site/host") or a P2S client ("gateway/client").
func (p *Plane) Endpoint(ref string) (id string, ip netip.Addr, ok bool) {
	if id, ok := p.ResolveEndpoint(ref); ok {
		return id, p.nics[id].IP, true
	}
	if e, ok := p.hybrid.endpoints[ref]; ok {
		return e.ID, e.IP, true
	}
	return "", netip.Addr{}, false
}
