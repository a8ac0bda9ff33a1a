package gen

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"slices"

	"vnetplay/engine/model"
)

// Params sizes a scale generator. Zero fields take the documented defaults
// of each generator; negative sizes count as zero.
type Params struct {
	// N is the number of spokes (HubSpokeScale, NoShare), VNets (Mesh) or
	// spokes per hub (MultiHub).
	N int
	// Subnets per spoke or VNet (default 4 for hub-and-spoke kinds, 2 for
	// Mesh), at most 4.
	Subnets int
	// Prefixes is P, the on-premises /24s advertised over ExpressRoute and
	// VPN (HubSpokeScale, MultiHub per hub), at most 4000.
	Prefixes int
	// UDRs is U, the random /24 user routes in a spoke route table
	// (default 50; NoShare default 400), at most 398.
	UDRs int
	// Branch is V, the random /24s each MultiHub VPN branch advertises
	// (default 200), at most 1000.
	Branch int
	// Seed makes the random parts (on-premises prefixes, UDR prefixes)
	// reproducible: the same Params give the same topology.
	Seed uint64
}

// Kinds lists the scale generator names Generate accepts, sorted.
func Kinds() []string { return []string{"hubspoke", "mesh", "multihub", "noshare"} }

// Generate runs the scale generator named kind (see Kinds).
func Generate(kind string, p Params) (model.Topology, error) {
	switch kind {
	case "hubspoke":
		return HubSpokeScale(p), nil
	case "mesh":
		return Mesh(p), nil
	case "multihub":
		return MultiHub(p), nil
	case "noshare":
		return NoShare(p), nil
	}
	return model.Topology{}, fmt.Errorf("gen: unknown kind %q (want one of %v)", kind, Kinds())
}

// MaxSpokes is the largest N the hub-and-spoke generators accept per hub (the
// Azure limit of 500 peerings per VNet).
const MaxSpokes = 500

// MaxMesh is the largest N Mesh accepts (499 peerings per VNet).
const MaxMesh = 501

func (p Params) norm(subnets, udrs, maxN int) Params {
	p.N = max(0, min(p.N, maxN))
	if p.Subnets <= 0 {
		p.Subnets = subnets
	}
	p.Subnets = min(p.Subnets, 4)
	if p.UDRs == 0 {
		p.UDRs = udrs
	}
	p.UDRs = max(0, min(p.UDRs, 398))
	p.Prefixes = max(0, min(p.Prefixes, 4000))
	if p.Branch == 0 {
		p.Branch = 200
	}
	p.Branch = max(0, min(p.Branch, 1000))
	return p
}

// block returns the i-th /22 (i ≥ 0) after base, written as a prefix.
func block(base netip.Addr, i, bits int) netip.Prefix {
	b := base.As4()
	v := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
	v += uint32(i) << (32 - bits)
	return netip.PrefixFrom(netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}), bits)
}

// nth returns the n-th address of a prefix.
func nth(p netip.Prefix, n int) netip.Addr {
	b := p.Addr().As4()
	v := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3]) + uint32(n)
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
}

// randomSlash24s draws n distinct /24s inside within (which must hold at
// least n), sorted.
func randomSlash24s(r *rand.Rand, within netip.Prefix, n int) []string {
	size := 1 << (24 - within.Bits())
	n = min(n, size)
	idx := r.Perm(size)[:n]
	slices.Sort(idx)
	out := make([]string, n)
	for i, k := range idx {
		out[i] = block(within.Addr(), k, 24).String()
	}
	return out
}

func newRand(seed uint64, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, 0x76_6e_65_74_70_6c_61_79^stream))
}

// spoke adds one spoke VNet with its subnets (the first holds one VM).
func spoke(t *model.Topology, id, location string, space netip.Prefix, subnets int, rt string) {
	v := model.VNet{ID: id, Location: location, AddressSpace: model.AddressSpace{AddressPrefixes: []string{space.String()}}}
	names := [...]string{"app", "data", "web", "mgmt"}
	for s := range subnets {
		v.Subnets = append(v.Subnets, model.Subnet{Name: names[s], AddressPrefix: block(space.Addr(), s, 24).String(), RouteTable: rt})
	}
	t.VNets = append(t.VNets, v)
	if subnets > 0 {
		t.VMs = append(t.VMs, model.VM{ID: "vm-" + id, NICs: []model.NIC{
			{Name: "nic0", Subnet: id + "/app", PrivateIPAddress: nth(block(space.Addr(), 0, 24), 4).String()}}})
	}
}

// hub describes one generated hub.
type hub struct {
	id, location string
	space        netip.Prefix // the hub VNet's /16
	nva          netip.Addr
	onprem       netip.Prefix // the on-premises range its ExpressRoute site advertises from
	branch       netip.Prefix // the VPN branch site range
	asn          uint32
	rs           bool
	// vpnToDC adds a VPN connection to the ExpressRoute site as a backup
	// path (coexistence); else the VPN gateway serves only the branch.
	vpnToDC bool
}

// addHub adds a hub VNet with an NVA, an ExpressRoute gateway and circuit to
// site dc<suffix> (P prefixes, also over VPN), a BGP VPN gateway, and
// optionally a Route Server peered with the NVA.
func addHub(t *model.Topology, h hub, prefixes []string, branchPrefixes []string, circuit int) {
	gwSubnet := block(h.space.Addr(), 255, 24)
	subnets := []model.Subnet{
		{Name: "nva", AddressPrefix: block(h.space.Addr(), 1, 24).String()},
		{Name: model.GatewaySubnet, AddressPrefix: netip.PrefixFrom(gwSubnet.Addr(), 27).String()},
	}
	if h.rs {
		subnets = append(subnets, model.Subnet{Name: model.RouteServerSubnet, AddressPrefix: block(h.space.Addr(), 254, 24).String()})
	}
	t.VNets = append(t.VNets, model.VNet{ID: h.id, Location: h.location,
		AddressSpace: model.AddressSpace{AddressPrefixes: []string{h.space.String()}}, Subnets: subnets})
	t.VMs = append(t.VMs, model.VM{ID: h.id + "-nva", GuestIPForwarding: true, Stateful: true, NICs: []model.NIC{
		{Name: "nic0", Subnet: h.id + "/nva", PrivateIPAddress: h.nva.String(), EnableIPForwarding: true}}})
	site, branch := "dc-"+h.id, "branch-"+h.id
	t.Gateways = append(t.Gateways,
		model.VirtualNetworkGateway{ID: h.id + "-ergw", VNet: h.id, GatewayType: model.GatewayExpressRoute, Sku: "ErGw3AZ"},
		model.VirtualNetworkGateway{ID: h.id + "-vpngw", VNet: h.id, GatewayType: model.GatewayVpn, VpnType: model.RouteBased,
			Sku: "VpnGw2AZ", ActiveActive: true, EnableBgp: true})
	// The site advertises its P prefixes, or its whole range when P = 0,
	// so P = 4000 stays within the 4,000-prefix session limits (rule:bgp.prefix-limit, rule:expressroute.circuit-prefix-limits).
	adv := prefixes
	if len(adv) == 0 {
		adv = []string{h.onprem.String()}
	}
	t.Sites = append(t.Sites,
		model.Site{ID: site, Asn: h.asn, AddressPrefixes: []string{h.onprem.String()}, AdvertisedPrefixes: adv, PreferExpressRoute: true,
			Hosts: []model.Host{{ID: "host", IPAddress: nth(h.onprem, 10).String()}}},
		model.Site{ID: branch, Asn: h.asn + 1, AddressPrefixes: []string{h.branch.String()}, AdvertisedPrefixes: append([]string{h.branch.String()}, branchPrefixes...),
			Hosts: []model.Host{{ID: "host", IPAddress: nth(h.branch, 10).String()}}})
	peer := block(netip.MustParseAddr("192.168.255.0"), circuit*2, 30)
	// Premium (10,000 prefixes, rule:expressroute.circuit-prefix-limits): on-premises re-advertises what it
	// learns over VPN, so P = 4000 plus those would overflow Standard.
	t.Circuits = append(t.Circuits, model.ExpressRouteCircuit{ID: "er-" + h.id, Site: site, PeerASN: h.asn, PremiumAddOn: true,
		PrimaryPeerAddressPrefix: peer.String(), SecondaryPeerAddressPrefix: block(peer.Addr(), 1, 30).String()})
	t.LocalNetworkGateways = append(t.LocalNetworkGateways,
		model.LocalNetworkGateway{ID: "lng-" + site, Site: site, GatewayIPAddress: nth(netip.MustParsePrefix("203.0.113.0/24"), 2*circuit+1).String(),
			BgpSettings: &model.BgpSettings{Asn: h.asn, BgpPeeringAddress: nth(h.onprem, 1).String()}},
		model.LocalNetworkGateway{ID: "lng-" + branch, Site: branch, GatewayIPAddress: nth(netip.MustParsePrefix("203.0.113.0/24"), 2*circuit+2).String(),
			BgpSettings: &model.BgpSettings{Asn: h.asn + 1, BgpPeeringAddress: nth(h.branch, 1).String()}})
	t.Connections = append(t.Connections,
		model.Connection{ID: h.id + "-er", ConnectionType: model.ConnExpressRoute, VirtualNetworkGateway1: h.id + "-ergw", Peer: "er-" + h.id})
	if h.vpnToDC {
		t.Connections = append(t.Connections,
			model.Connection{ID: h.id + "-s2s-dc", ConnectionType: model.ConnIPsec, VirtualNetworkGateway1: h.id + "-vpngw", LocalNetworkGateway2: "lng-" + site, EnableBgp: true})
	} else {
		t.LocalNetworkGateways = slices.DeleteFunc(t.LocalNetworkGateways, func(l model.LocalNetworkGateway) bool { return l.ID == "lng-"+site })
	}
	t.Connections = append(t.Connections,
		model.Connection{ID: h.id + "-s2s-branch", ConnectionType: model.ConnIPsec, VirtualNetworkGateway1: h.id + "-vpngw", LocalNetworkGateway2: "lng-" + branch, EnableBgp: true})
	if h.rs {
		t.RouteServers = append(t.RouteServers, model.RouteServer{ID: h.id + "-rs", VNet: h.id, AllowBranchToBranchTraffic: true,
			BgpConnections: []model.RouteServerPeer{{Name: "nva", PeerIP: h.nva.String(), PeerAsn: 65001,
				Advertise: []model.Advertisement{{Prefix: block(h.space.Addr(), 200, 24).String()}}}}})
	}
}

// spokeTable returns a route table sending 0/0 and 10/8 to nva plus udrs
// random /24s (inside 10.224.0.0/11, away from every generated VNet) to nva.
func spokeTable(r *rand.Rand, id, location string, nva netip.Addr, udrs int) model.RouteTable {
	rt := model.RouteTable{ID: id, Location: location, Routes: []model.Route{
		{Name: "default", AddressPrefix: "0.0.0.0/0", NextHopType: model.HopVirtualAppliance, NextHopIPAddress: nva.String()},
		{Name: "private", AddressPrefix: "10.0.0.0/8", NextHopType: model.HopVirtualAppliance, NextHopIPAddress: nva.String()},
	}}
	for i, p := range randomSlash24s(r, netip.MustParsePrefix("10.224.0.0/11"), udrs) {
		rt.Routes = append(rt.Routes, model.Route{Name: fmt.Sprintf("udr%03d", i), AddressPrefix: p,
			NextHopType: model.HopVirtualAppliance, NextHopIPAddress: nva.String()})
	}
	return rt
}

func spokePeering(hubID, spokeID string) model.Peering {
	return model.Peering{ID: hubID + "-" + spokeID,
		A: model.PeeringLink{VNet: hubID, AllowGatewayTransit: true, AllowForwardedTraffic: true},
		B: model.PeeringLink{VNet: spokeID, UseRemoteGateways: true, AllowForwardedTraffic: true}}
}

// HubSpokeScale is the §3.5 HubSpoke{N, S, P, U} generator: hub
// 10.0.0.0/16 with an NVA (10.0.1.4), an ExpressRoute gateway and a BGP VPN
// gateway to on-premises site "dc-hub" (172.16.0.0/12; P random /24s inside
// it advertised over both, ExpressRoute preferred) and a VPN branch
// (192.168.0.0/16). N ≤ 500 spokes (spoke%03d, the i-th spoke's /22 counted
// from 10.1.0.0) use the hub's gateways and share route table "rt-spokes"
// (0/0 and 10/8 to the NVA plus U random /24s, default 50). Defaults: S = 4
// subnets per spoke, one VM per spoke.
func HubSpokeScale(p Params) model.Topology {
	p = p.norm(4, 50, MaxSpokes)
	var t model.Topology
	h := hub{id: "hub", location: "westeurope", space: netip.MustParsePrefix("10.0.0.0/16"), nva: netip.MustParseAddr("10.0.1.4"),
		onprem: netip.MustParsePrefix("172.16.0.0/12"), branch: netip.MustParsePrefix("192.168.0.0/16"), asn: 65020, vpnToDC: true}
	addHub(&t, h, randomSlash24s(newRand(p.Seed, 1), h.onprem, p.Prefixes), nil, 0)
	t.RouteTables = append(t.RouteTables, spokeTable(newRand(p.Seed, 2), "rt-spokes", h.location, h.nva, p.UDRs))
	for i := range p.N {
		id := fmt.Sprintf("spoke%03d", i+1)
		spoke(&t, id, h.location, block(netip.MustParseAddr("10.1.0.0"), i, 22), p.Subnets, "rt-spokes")
		t.Peerings = append(t.Peerings, spokePeering(h.id, id))
	}
	return t
}

// NoShare is HubSpokeScale with P = 0 where every spoke has its own route
// table of U random /24 routes (default 398, plus 0/0 and 10/8: the 400-route
// limit): the adversarial case where no two spokes route alike.
func NoShare(p Params) model.Topology {
	p = p.norm(4, 398, MaxSpokes)
	p.Prefixes = 0
	t := HubSpokeScale(Params{Subnets: p.Subnets, UDRs: 1, Seed: p.Seed})
	t.RouteTables = nil
	r := newRand(p.Seed, 3)
	nva := netip.MustParseAddr("10.0.1.4")
	for i := range p.N {
		id := fmt.Sprintf("spoke%03d", i+1)
		rt := "rt-" + id
		t.RouteTables = append(t.RouteTables, spokeTable(r, rt, "westeurope", nva, p.UDRs))
		spoke(&t, id, "westeurope", block(netip.MustParseAddr("10.1.0.0"), i, 22), p.Subnets, rt)
		t.Peerings = append(t.Peerings, spokePeering("hub", id))
	}
	return t
}

// Mesh returns N ≤ 501 VNets (vnet%03d, the i-th /22 counted from 10.0.0.0,
// S subnets each, default 2, one VM each) fully peered: N(N-1)/2 peerings.
func Mesh(p Params) model.Topology {
	p = p.norm(2, 0, MaxMesh)
	var t model.Topology
	for i := range p.N {
		spoke(&t, fmt.Sprintf("vnet%03d", i), "westeurope", block(netip.MustParseAddr("10.0.0.0"), i, 22), p.Subnets, "")
	}
	for i := range p.N {
		for j := i + 1; j < p.N; j++ {
			a, b := fmt.Sprintf("vnet%03d", i), fmt.Sprintf("vnet%03d", j)
			t.Peerings = append(t.Peerings, model.Peering{ID: a + "-" + b, A: model.PeeringLink{VNet: a}, B: model.PeeringLink{VNet: b}})
		}
	}
	return t
}

// MultiHub returns 4 hubs (hub0..hub3, one region each, globally peered in a
// full mesh), each with an NVA, a Route Server peered with it, an
// ExpressRoute gateway to its own site (100.<64+16h>.0.0/12, P random /24s)
// and a BGP VPN gateway to a VPN branch (172.<16+4h>.0.0/14, 200 random /24s), and
// N ≤ 500 spokes. Sites advertise their whole range only when P = 0. Region h owns
// 10.<64h>.0.0/10: the hub is its first /16, spokes are /22s from
// 10.<64h+1>.0.0. Each region's spoke table "rt-hub<h>" sends 0/0 and 10/8 to
// its NVA plus U random /24s (default 50); each hub's NVA subnet table sends
// the other regions' /10s to their NVAs.
func MultiHub(p Params) model.Topology {
	p = p.norm(4, 50, MaxSpokes)
	var t model.Topology
	locations := [...]string{"westeurope", "northeurope", "eastus", "southeastasia"}
	var hubs []hub
	for h := range 4 {
		hubs = append(hubs, hub{id: fmt.Sprintf("hub%d", h), location: locations[h],
			space:  netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(64 * h), 0, 0}), 16),
			nva:    netip.AddrFrom4([4]byte{10, byte(64 * h), 1, 4}),
			onprem: netip.PrefixFrom(netip.AddrFrom4([4]byte{100, byte(64 + 16*h), 0, 0}), 12),
			branch: netip.PrefixFrom(netip.AddrFrom4([4]byte{172, byte(16 + 4*h), 0, 0}), 14),
			asn:    uint32(65020 + 10*h), rs: true})
	}
	for i, h := range hubs {
		r := newRand(p.Seed, uint64(10+i))
		addHub(&t, h, randomSlash24s(r, h.onprem, p.Prefixes), randomSlash24s(r, h.branch, p.Branch), i)
		spokes := "rt-" + h.id
		t.RouteTables = append(t.RouteTables, spokeTable(r, spokes, h.location, h.nva, p.UDRs))
		hubRT := model.RouteTable{ID: "rt-" + h.id + "-nva", Location: h.location}
		for _, o := range hubs {
			if o.id != h.id {
				hubRT.Routes = append(hubRT.Routes, model.Route{Name: "to-" + o.id, AddressPrefix: netip.PrefixFrom(o.space.Addr(), 10).String(),
					NextHopType: model.HopVirtualAppliance, NextHopIPAddress: o.nva.String()})
			}
		}
		t.RouteTables = append(t.RouteTables, hubRT)
		t.VNets[len(t.VNets)-1].Subnets[0].RouteTable = hubRT.ID
		for s := range p.N {
			id := fmt.Sprintf("%s-spoke%03d", h.id, s+1)
			spoke(&t, id, h.location, block(netip.AddrFrom4([4]byte{10, byte(64*i + 1), 0, 0}), s, 22), p.Subnets, spokes)
			t.Peerings = append(t.Peerings, spokePeering(h.id, id))
		}
	}
	for i := range hubs {
		for j := i + 1; j < len(hubs); j++ {
			t.Peerings = append(t.Peerings, model.Peering{ID: hubs[i].id + "-" + hubs[j].id,
				A: model.PeeringLink{VNet: hubs[i].id, AllowForwardedTraffic: true},
				B: model.PeeringLink{VNet: hubs[j].id, AllowForwardedTraffic: true}})
		}
	}
	return t
}
