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
	// EndpointBehindNVA is a host of a network an NVA fronts
	// ("<vm>/<network>/<host>", rule:nva.networks-behind); its Owner is the
	// VM's primary NIC, through which it sends.
	EndpointBehindNVA = "BehindNVA"
)

// HybridEndpoint is an endpoint outside the VNets: an on-premises host
// ("<site>/<host>"), a point-to-site client ("<gateway>/<client>") or a
// host behind an NVA ("<vm>/<network>/<host>").
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
	p.addBehindNVA(t, add)
	p.hybrid = h
}

// addBehindNVA adds the hosts of the networks behind NVAs (rule:nva.networks-behind):
// those inside their network's prefixes, of VMs with a NIC.
func (p *Plane) addBehindNVA(t *model.Topology, add func(HybridEndpoint)) {
	vms := slices.Clone(t.VMs)
	slices.SortStableFunc(vms, func(a, b model.VM) int { return compareStr(a.ID, b.ID) })
	for _, vm := range vms {
		nic, ok := p.primaryNIC[vm.ID]
		if !ok {
			continue
		}
		for _, n := range vm.NetworksBehind {
			prefixes := parsePrefixList(n.AddressPrefixes)
			for _, x := range n.Hosts {
				ip, err := netip.ParseAddr(x.IPAddress)
				if err != nil || n.Name == "" || x.ID == "" || !containedIn(prefixes, ip) {
					continue
				}
				add(HybridEndpoint{ID: vm.ID + "/" + n.Name + "/" + x.ID, Kind: EndpointBehindNVA, Owner: nic, IP: ip})
			}
		}
	}
}

// BehindPrefix is one prefix of a network behind an NVA and the network's
// name (rule:nva.networks-behind).
type BehindPrefix struct {
	Network string
	Prefix  netip.Prefix
}

// behindPrefixes parses the prefixes of the networks vm fronts (invalid
// ones are left out; the validator reports them).
func behindPrefixes(vm model.VM) []BehindPrefix {
	var out []BehindPrefix
	for _, n := range vm.NetworksBehind {
		for _, pr := range parsePrefixList(n.AddressPrefixes) {
			out = append(out, BehindPrefix{Network: n.Name, Prefix: pr})
		}
	}
	return out
}

func parsePrefixList(ss []string) []netip.Prefix {
	var out []netip.Prefix
	for _, s := range ss {
		if pr, ok := ParsePrefix(s); ok {
			out = append(out, pr)
		}
	}
	return out
}

func containedIn(ps []netip.Prefix, a netip.Addr) bool {
	for _, pr := range ps {
		if pr.Contains(a) {
			return true
		}
	}
	return false
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
