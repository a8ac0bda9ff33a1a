package engine_test

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"reflect"
	"slices"
	"strings"
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/diff"
	"vnetplay/engine/model"
	"vnetplay/engine/reach"
	"vnetplay/engine/scenario"
	"vnetplay/engine/trace"
	"vnetplay/engine/whatif"
)

// Fuzz targets for the incremental engine and the what-if package. Each
// builds a small design from the fuzz input (fuzzDesign: randomTopology's
// VNets, NVAs, peerings, route tables and NSGs, plus gateways, sites,
// connections, circuits, Route Servers and P2S pools), then checks one
// entry point against a slow oracle. Sizes are capped (at most 4 VNets, 12
// VMs, 2 sites, 8 edits) so that one input costs milliseconds.

// maxFuzzEdits caps the edit sequences of FuzzPlaneUpdate and
// FuzzTrackedUpdate.
const maxFuzzEdits = 8

// maxWhatifEndpoints and maxSweepComponents bound the what-if targets'
// work: each Apply computes two matrices (endpoints squared walks), and a
// sweep one per component. Larger designs are skipped.
const (
	maxWhatifEndpoints = 6
	maxSweepComponents = 8
)

// endpoints counts a plane's endpoints (NICs, hosts, P2S clients).
func endpoints(p *dataplane.Plane) int { return len(p.NICs()) + len(p.HybridEndpoints()) }

// fuzzDesign builds a design from s: randomTopology, then (if s says so) a
// hybrid part. Exhausted input gives a plain two-VNet design.
func fuzzDesign(s *byteSource) model.Topology {
	t := randomTopology(s)
	if s.yes() {
		addHybrid(s, &t)
	}
	if s.n(3) != 0 {
		dropBadRoutes(&t)
	}
	if s.n(4) == 3 {
		addTwin(s, &t)
	}
	return t
}

// addTwin adds a copy of t's first VNet with the same address space and
// a copy of each of its VMs at the same addresses (rule:address-space.private-ip-per-vnet):
// not peered with it, and, if s says so, peered with the VNets the first
// is peered with (a hub that then holds two VNets with the same
// addresses); and, if s says so, a range of the twin's own with a VM in
// it (an address only the twin holds, in a VNet that overlaps another).
func addTwin(s *byteSource, t *model.Topology) {
	if len(t.VNets) == 0 {
		return
	}
	orig := t.VNets[0]
	twin := orig
	twin.ID = orig.ID + "-twin"
	twin.Subnets = slices.Clone(orig.Subnets)
	for i := range twin.Subnets {
		twin.Subnets[i].RouteTable, twin.Subnets[i].NetworkSecurityGroup = "", ""
	}
	t.VNets = append(t.VNets, twin)
	for _, vm := range slices.Clone(t.VMs) {
		c := vm
		c.ID, c.NICs = vm.ID+"-twin", slices.Clone(vm.NICs)
		in := false
		for i, n := range c.NICs {
			if v, sn, ok := strings.Cut(n.Subnet, "/"); ok && v == orig.ID {
				c.NICs[i].Subnet, c.NICs[i].NetworkSecurityGroup, in = twin.ID+"/"+sn, "", true
			}
		}
		if in {
			c.NetworksBehind = nil
			t.VMs = append(t.VMs, c)
		}
	}
	peered, own := s.yes(), s.yes()
	if own {
		tw := &t.VNets[len(t.VNets)-1]
		tw.AddressSpace.AddressPrefixes = append(slices.Clone(tw.AddressSpace.AddressPrefixes), "10.200.0.0/16")
		tw.Subnets = append(tw.Subnets, model.Subnet{Name: "own", AddressPrefix: "10.200.0.0/24"})
		t.VMs = append(t.VMs, model.VM{ID: "vm-own-twin", NICs: []model.NIC{{Name: "n", Subnet: twin.ID + "/own", PrivateIPAddress: "10.200.0.4"}}})
	}
	if !peered {
		return
	}
	for _, p := range slices.Clone(t.Peerings) {
		switch orig.ID {
		case p.A.VNet:
			p.A.VNet = twin.ID
		case p.B.VNet:
			p.B.VNet = twin.ID
		default:
			continue
		}
		p.ID += "-twin"
		t.Peerings = append(t.Peerings, p)
	}
}

// dropBadRoutes removes the user routes model.Validate finds an error in
// (randomTopology's duplicates and unreachable appliances), so that most
// generated designs are valid; the others keep exercising how the engine
// leaves invalid elements out.
func dropBadRoutes(t *model.Topology) {
	bad := map[string]bool{} // "rt/route"
	for _, d := range model.Validate(t, dataplane.KnownServices()) {
		var rt, r string
		if d.Severity == model.Error && strings.HasPrefix(d.Path, "routeTables[") {
			rest := strings.TrimPrefix(d.Path, "routeTables[")
			rt, rest, _ = strings.Cut(rest, "]")
			if rest, ok := strings.CutPrefix(rest, ".routes["); ok {
				r, _, _ = strings.Cut(rest, "]")
				bad[rt+"/"+r] = true
			}
		}
	}
	for i := range t.RouteTables {
		rt := &t.RouteTables[i]
		rt.Routes = slices.DeleteFunc(rt.Routes, func(r model.Route) bool { return bad[rt.ID+"/"+r.Name] })
	}
}

// addHybrid adds gateways (with GatewaySubnet), a Route Server peered with
// an NVA of its VNet, up to two sites with a host, a local network gateway
// and a circuit each, connections (S2S, VNet-to-VNet, ExpressRoute), Global
// Reach and a P2S pool, all chosen by s.
func addHybrid(s *byteSource, t *model.Topology) {
	var vpns, ers []string
	for i := range t.VNets {
		v := &t.VNets[i]
		kind := s.n(4) // 0 none, 1 VPN, 2 ExpressRoute, 3 both
		if kind > 0 {
			v.Subnets = append(v.Subnets, model.Subnet{Name: model.GatewaySubnet, AddressPrefix: fmt.Sprintf("10.%d.255.0/27", i)})
		}
		if kind&1 == 1 {
			g := model.VirtualNetworkGateway{ID: "vpn" + v.ID, VNet: v.ID, GatewayType: model.GatewayVpn, VpnType: model.RouteBased,
				Sku: "VpnGw1AZ", ActiveActive: s.yes(), EnableBgp: s.n(3) != 0, BgpSettings: &model.BgpSettings{Asn: []uint32{65515, 65010, 65011}[s.n(3)]}}
			if kind == 1 && s.n(6) == 0 {
				// Valid only on Basic, without BGP, P2S or active-active (rule:vpn-gateway.policy-based).
				g.VpnType, g.Sku, g.EnableBgp, g.ActiveActive = model.PolicyBased, "Basic", false, false
			} else if s.n(3) == 0 {
				g.VpnClientConfiguration = &model.VpnClientConfiguration{
					VpnClientAddressPool: model.AddressSpace{AddressPrefixes: []string{fmt.Sprintf("172.31.%d.0/24", i)}},
					Clients:              []model.P2SClient{{ID: "c0", IPAddress: fmt.Sprintf("172.31.%d.10", i), OS: []string{"", "Other"}[s.n(2)]}},
				}
			}
			t.Gateways = append(t.Gateways, g)
			vpns = append(vpns, g.ID)
		}
		if kind&2 == 2 {
			t.Gateways = append(t.Gateways, model.VirtualNetworkGateway{ID: "er" + v.ID, VNet: v.ID, GatewayType: model.GatewayExpressRoute, Sku: "ErGw1AZ"})
			ers = append(ers, "er"+v.ID)
		}
		if s.n(4) == 0 {
			// A Route Server peered with the first forwarding VM of the VNet, if any.
			v.Subnets = append(v.Subnets, model.Subnet{Name: model.RouteServerSubnet, AddressPrefix: fmt.Sprintf("10.%d.254.0/26", i)})
			rs := model.RouteServer{ID: "rs" + v.ID, VNet: v.ID, AllowBranchToBranchTraffic: s.yes()}
			for _, vm := range t.VMs {
				if vm.GuestIPForwarding && len(vm.NICs) > 0 && strings.HasPrefix(vm.NICs[0].Subnet, v.ID+"/") {
					rs.BgpConnections = append(rs.BgpConnections, model.RouteServerPeer{Name: "p", PeerIP: vm.NICs[0].PrivateIPAddress, PeerAsn: uint32(65001 + s.n(3)),
						Advertise: []model.Advertisement{{Prefix: []string{"0.0.0.0/0", "172.16.0.0/12", "192.168.0.0/16", "10.0.0.0/8"}[s.n(4)], AsPathPrepend: s.n(3)}}})
					break
				}
			}
			t.RouteServers = append(t.RouteServers, rs)
		}
	}
	for k := range s.n(3) {
		id := fmt.Sprintf("site%d", k)
		asn := []uint32{65100, 65101, 0}[s.n(3)]
		st := model.Site{ID: id, Asn: asn, AddressPrefixes: []string{fmt.Sprintf("192.168.%d.0/24", k)}, PreferExpressRoute: s.yes(),
			Hosts: []model.Host{{ID: "h", IPAddress: fmt.Sprintf("192.168.%d.10", k)}}}
		if s.n(3) == 0 {
			st.AdvertisedPrefixes = []string{st.AddressPrefixes[0], []string{"0.0.0.0/0", "10.0.0.0/8", "192.168.0.0/16"}[s.n(3)]}
		}
		t.Sites = append(t.Sites, st)
		l := model.LocalNetworkGateway{ID: "lng" + id, Site: id, GatewayIPAddress: fmt.Sprintf("203.0.113.%d", k+1)}
		if asn != 0 {
			l.BgpSettings = &model.BgpSettings{Asn: asn, BgpPeeringAddress: fmt.Sprintf("192.168.%d.1", k)}
			l.LocalNetworkAddressSpace.AddressPrefixes = []string{}
		} else {
			l.LocalNetworkAddressSpace.AddressPrefixes = st.AddressPrefixes
		}
		t.LocalNetworkGateways = append(t.LocalNetworkGateways, l)
		if asn != 0 && s.yes() {
			t.Circuits = append(t.Circuits, model.ExpressRouteCircuit{ID: "ckt" + id, Site: id, PeerASN: asn,
				PrimaryPeerAddressPrefix: fmt.Sprintf("172.16.%d.0/30", k), SecondaryPeerAddressPrefix: fmt.Sprintf("172.16.%d.4/30", k)})
		}
	}
	if len(t.Circuits) == 2 && s.yes() {
		t.Circuits[0].GlobalReach = []string{t.Circuits[1].ID}
	}
	for c := range s.n(5) {
		id := fmt.Sprintf("k%d", c)
		switch s.n(3) {
		case 0: // site-to-site
			if len(vpns) > 0 && len(t.LocalNetworkGateways) > 0 {
				t.Connections = append(t.Connections, model.Connection{ID: id, ConnectionType: model.ConnIPsec, VirtualNetworkGateway1: vpns[s.n(len(vpns))],
					LocalNetworkGateway2: t.LocalNetworkGateways[s.n(len(t.LocalNetworkGateways))].ID, EnableBgp: s.yes()})
			}
		case 1: // VNet-to-VNet, both directions (rule:s2s.vnet-to-vnet-two-connections)
			if len(vpns) > 1 {
				a, b := vpns[s.n(len(vpns))], vpns[s.n(len(vpns))]
				bgp := s.yes()
				t.Connections = append(t.Connections,
					model.Connection{ID: id, ConnectionType: model.ConnVnet2Vnet, VirtualNetworkGateway1: a, VirtualNetworkGateway2: b, EnableBgp: bgp},
					model.Connection{ID: id + "r", ConnectionType: model.ConnVnet2Vnet, VirtualNetworkGateway1: b, VirtualNetworkGateway2: a, EnableBgp: bgp})
			}
		default: // ExpressRoute
			if len(ers) > 0 && len(t.Circuits) > 0 {
				t.Connections = append(t.Connections, model.Connection{ID: id, ConnectionType: model.ConnExpressRoute, VirtualNetworkGateway1: ers[s.n(len(ers))],
					Peer: t.Circuits[s.n(len(t.Circuits))].ID, RoutingWeight: 10 * s.n(3)})
			}
		}
	}
	for i := range t.Peerings {
		if s.n(3) == 0 {
			t.Peerings[i].A.AllowGatewayTransit = true
			t.Peerings[i].B.UseRemoteGateways = s.yes()
		}
	}
}

// cloneTopology deep-copies t through its JSON form: Build and Update keep
// shallow copies of the topology's slices, so an edit must never write
// into a slice an earlier plane holds.
func cloneTopology(tb testing.TB, t model.Topology) model.Topology {
	b, err := json.Marshal(t)
	if err != nil {
		tb.Fatal(err)
	}
	var out model.Topology
	if err := json.Unmarshal(b, &out); err != nil {
		tb.Fatal(err)
	}
	return out
}

// fuzzEdit changes t (a private deep copy) in one of the ways the editor
// can, chosen by s, and returns the failures in force afterwards: UDRs
// added or removed, route propagation, peering flags and peerings, subnet
// associations, VNet locations and address spaces, VM forwarding, gateway,
// connection, site and Route Server settings, NSG rules, and failures
// toggled.
func fuzzEdit(s *byteSource, t *model.Topology, fails []model.Failure) []model.Failure {
	prefixes := []string{"0.0.0.0/0", "10.0.0.0/8", "10.0.1.0/24", "10.1.0.0/16", "10.1.1.0/24", "10.2.0.0/16", "192.168.0.0/16", "192.168.1.0/24", "172.16.0.0/12", "10.0.0.4/32"}
	nvaIPs := []string{"10.0.0.4", "10.1.1.5", "10.2.0.4", "10.0.1.6", "192.168.0.10"}
	switch s.n(16) {
	case 0, 1: // add a UDR
		if len(t.RouteTables) == 0 {
			return fails
		}
		rt := &t.RouteTables[s.n(len(t.RouteTables))]
		r := model.Route{Name: fmt.Sprintf("e%d", s.n(8)), AddressPrefix: prefixes[s.n(len(prefixes))]}
		switch s.n(5) {
		case 0:
			r.NextHopType = model.HopNone
		case 1:
			r.NextHopType = model.HopInternet
		case 2:
			r.NextHopType = model.HopVnetLocal
		case 3:
			r.NextHopType = model.HopVirtualNetworkGateway
		default:
			r.NextHopType, r.NextHopIPAddress = model.HopVirtualAppliance, nvaIPs[s.n(len(nvaIPs))]
		}
		rt.Routes = append(rt.Routes, r)
	case 2: // remove a UDR
		if len(t.RouteTables) > 0 {
			rt := &t.RouteTables[s.n(len(t.RouteTables))]
			if len(rt.Routes) > 0 {
				i := s.n(len(rt.Routes))
				rt.Routes = slices.Delete(rt.Routes, i, i+1)
			}
		}
	case 3: // gateway route propagation
		if len(t.RouteTables) > 0 {
			rt := &t.RouteTables[s.n(len(t.RouteTables))]
			rt.DisableBgpRoutePropagation = !rt.DisableBgpRoutePropagation
		}
	case 4: // a peering flag
		if len(t.Peerings) > 0 {
			p := &t.Peerings[s.n(len(t.Peerings))]
			l := &p.A
			if s.yes() {
				l = &p.B
			}
			switch s.n(5) {
			case 0:
				l.AllowForwardedTraffic = !l.AllowForwardedTraffic
			case 1:
				l.UseRemoteGateways = !l.UseRemoteGateways
			case 2:
				l.AllowGatewayTransit = !l.AllowGatewayTransit
			case 3:
				if l.AllowVirtualNetworkAccess == nil {
					l.AllowVirtualNetworkAccess = new(bool)
				} else {
					l.AllowVirtualNetworkAccess = nil
				}
			default:
				l.Lifecycle = []string{"", "NotCreated", "Deleted"}[s.n(3)]
			}
		}
	case 5: // add or remove a peering
		if len(t.Peerings) > 0 && s.yes() {
			i := s.n(len(t.Peerings))
			t.Peerings = slices.Delete(t.Peerings, i, i+1)
			break
		}
		if n := len(t.VNets); n > 1 {
			a, b := s.n(n), s.n(n)
			if a != b {
				t.Peerings = append(t.Peerings, model.Peering{ID: fmt.Sprintf("e%d%d", a, b),
					A: model.PeeringLink{VNet: t.VNets[a].ID, AllowGatewayTransit: s.yes()}, B: model.PeeringLink{VNet: t.VNets[b].ID, UseRemoteGateways: s.yes()}})
			}
		}
	case 6: // a subnet's route table or NSG
		if len(t.VNets) > 0 {
			v := &t.VNets[s.n(len(t.VNets))]
			if len(v.Subnets) > 0 {
				sn := &v.Subnets[s.n(len(v.Subnets))]
				if s.yes() {
					sn.RouteTable = []string{"", "rt0", "rt1", "missing"}[s.n(4)]
				} else {
					sn.NetworkSecurityGroup = []string{"", "nsg0", "nsg1"}[s.n(3)]
				}
			}
		}
	case 7: // a VNet's location or address space
		if len(t.VNets) > 0 {
			v := &t.VNets[s.n(len(t.VNets))]
			switch s.n(3) {
			case 0:
				v.Location = []string{"westeurope", "northeurope", ""}[s.n(3)]
			case 1:
				v.AddressSpace.AddressPrefixes = append(v.AddressSpace.AddressPrefixes, []string{"172.20.0.0/16", "10.9.0.0/16", "192.168.0.0/24"}[s.n(3)])
			default:
				if n := len(v.AddressSpace.AddressPrefixes); n > 1 {
					v.AddressSpace.AddressPrefixes = v.AddressSpace.AddressPrefixes[:n-1]
				}
			}
		}
	case 8: // a VM's forwarding or address
		if len(t.VMs) > 0 {
			vm := &t.VMs[s.n(len(t.VMs))]
			switch s.n(4) {
			case 0:
				vm.GuestIPForwarding = !vm.GuestIPForwarding
			case 1:
				vm.Stateful = !vm.Stateful
			case 2:
				vm.NICs[0].EnableIPForwarding = !vm.NICs[0].EnableIPForwarding
			default:
				vm.NICs[0].PrivateIPAddress = nvaIPs[s.n(len(nvaIPs))]
			}
		}
	case 9: // a gateway's settings
		if len(t.Gateways) > 0 {
			g := &t.Gateways[s.n(len(t.Gateways))]
			switch s.n(4) {
			case 0:
				g.EnableBgp = !g.EnableBgp
			case 1:
				g.ActiveActive = !g.ActiveActive
			case 2:
				g.BgpSettings = &model.BgpSettings{Asn: []uint32{65515, 65010, 65100}[s.n(3)]}
			default:
				g.GatewayDefaultSite = []string{"", "lngsite0", "lngsite1"}[s.n(3)]
			}
		}
	case 10: // a connection's settings, or one gone
		if n := len(t.Connections); n > 0 {
			i := s.n(n)
			c := &t.Connections[i]
			switch s.n(3) {
			case 0:
				c.EnableBgp = !c.EnableBgp
			case 1:
				c.RoutingWeight = 10 * s.n(4)
			default:
				t.Connections = slices.Delete(t.Connections, i, i+1)
			}
		}
	case 11: // a site's settings
		if len(t.Sites) > 0 {
			st := &t.Sites[s.n(len(t.Sites))]
			switch s.n(3) {
			case 0:
				st.PreferExpressRoute = !st.PreferExpressRoute
			case 1:
				st.AdvertisedPrefixes = append(st.AdvertisedPrefixes, []string{"0.0.0.0/0", "10.0.0.0/8", "192.168.0.0/16", "10.1.0.0/16"}[s.n(4)])
			default:
				st.AdvertisedPrefixes = nil
			}
		}
	case 12: // an NSG rule added or removed
		if len(t.NSGs) > 0 {
			g := &t.NSGs[s.n(len(t.NSGs))]
			if len(g.SecurityRules) > 0 && s.yes() {
				g.SecurityRules = g.SecurityRules[:len(g.SecurityRules)-1]
				break
			}
			g.SecurityRules = append(g.SecurityRules, model.SecurityRule{Name: fmt.Sprintf("e%d", len(g.SecurityRules)), Priority: 200 + len(g.SecurityRules),
				Direction: []string{"Inbound", "Outbound"}[s.n(2)], Access: []string{"Allow", "Deny"}[s.n(2)], Protocol: []string{"*", "Tcp", "Udp"}[s.n(3)],
				SourceAddressPrefix: []string{"*", "VirtualNetwork", "10.0.0.0/16"}[s.n(3)], DestinationAddressPrefix: []string{"*", "VirtualNetwork", "10.1.0.0/16"}[s.n(3)],
				SourcePortRange: "*", DestinationPortRange: []string{"*", "443", "22"}[s.n(3)]})
		}
	case 13: // a Route Server's settings
		if len(t.RouteServers) > 0 {
			rs := &t.RouteServers[s.n(len(t.RouteServers))]
			if s.yes() || len(rs.BgpConnections) == 0 {
				rs.AllowBranchToBranchTraffic = !rs.AllowBranchToBranchTraffic
			} else {
				p := &rs.BgpConnections[0]
				p.Advertise = append(p.Advertise, model.Advertisement{Prefix: prefixes[s.n(len(prefixes))], AsPathPrepend: s.n(3), NoAdvertise: s.n(4) == 0})
			}
		}
	default: // fail or restore a component
		comps := model.Components(t)
		if len(comps) == 0 {
			return fails
		}
		f := comps[s.n(len(comps))].Failure
		if i := slices.Index(fails, f); i >= 0 {
			return slices.Delete(slices.Clone(fails), i, i+1)
		}
		return append(slices.Clone(fails), f)
	}
	// An edit may delete what a failure names: keep only the failures that
	// still name a component, as the editing session does.
	var kept []model.Failure
	known := map[model.Failure]bool{}
	for _, c := range model.Components(t) {
		known[c.Failure] = true
	}
	for _, f := range fails {
		if known[f] {
			kept = append(kept, f)
		}
	}
	return kept
}

// planeDiff returns how two planes of one design answer differently ("" if
// they do not): VNets, subnets, NICs, hybrid endpoints, peering links, every
// subnet's effective routes and next hop towards every endpoint and the
// Internet probe, BGP diagnostics, speakers and Loc-RIBs, programmed VNet
// routes, P2S routes and the reachability matrix.
func planeDiff(a, b *dataplane.Plane) string {
	if !slices.Equal(a.VNets(), b.VNets()) || !slices.Equal(a.Subnets(), b.Subnets()) || !slices.Equal(a.NICs(), b.NICs()) ||
		!slices.Equal(a.HybridEndpoints(), b.HybridEndpoints()) {
		return "resources differ"
	}
	var probes []netip.Addr
	for _, id := range append(b.NICs(), b.HybridEndpoints()...) {
		if _, ip, ok := b.Endpoint(id); ok {
			probes = append(probes, ip)
		}
	}
	probes = append(probes, trace.InternetProbe(), netip.MustParseAddr("10.0.1.200"), netip.MustParseAddr("192.168.1.77"))
	for _, id := range b.VNets() {
		va, _ := a.VNet(id)
		vb, _ := b.VNet(id)
		if !reflect.DeepEqual(va, vb) || !reflect.DeepEqual(a.Links(id), b.Links(id)) {
			return "VNet " + id + " or its links differ"
		}
		if !reflect.DeepEqual(a.BGP().VNetRoutes(id), b.BGP().VNetRoutes(id)) {
			return "programmed gateway routes of " + id + " differ"
		}
	}
	for _, id := range b.Subnets() {
		sa, _ := a.Subnet(id)
		sb, _ := b.Subnet(id)
		if !reflect.DeepEqual(sa, sb) {
			return "subnet " + id + " differs"
		}
		ta, okA := a.Routes(id)
		tb, okB := b.Routes(id)
		if okA != okB || okA && !reflect.DeepEqual(ta.Routes(), tb.Routes()) {
			return "routes of " + id + " differ"
		}
		for _, ip := range probes {
			x, okX := a.NextHop(id, ip)
			y, okY := b.NextHop(id, ip)
			if okX != okY || !reflect.DeepEqual(x, y) {
				return fmt.Sprintf("next hop %s → %s differs", id, ip)
			}
		}
	}
	ra, rb := a.BGP(), b.BGP()
	if !reflect.DeepEqual(ra.Diagnostics, rb.Diagnostics) || ra.Converged != rb.Converged || !reflect.DeepEqual(ra.Speakers(), rb.Speakers()) {
		return "BGP diagnostics, convergence or speakers differ"
	}
	for _, sp := range rb.Speakers() {
		if !reflect.DeepEqual(ra.RIB(sp.ID), rb.RIB(sp.ID)) {
			return "Loc-RIB of " + sp.ID + " differs"
		}
	}
	for _, g := range b.HybridTopology().Gateways {
		x, okX := a.P2S(g.ID)
		y, okY := b.P2S(g.ID)
		if okX != okY || !reflect.DeepEqual(x, y) {
			return "P2S routes of " + g.ID + " differ"
		}
	}
	if !reflect.DeepEqual(reach.Compute(a, trace.Flow{}), reach.Compute(b, trace.Flow{})) {
		return "reachability differs"
	}
	return ""
}

// fuzzFlow reads a matrix question from s: protocol, destination port and
// the peering flag reading.
func fuzzFlow(s *byteSource) (trace.Flow, trace.Options) {
	f := trace.Flow{Protocol: []string{"", "Tcp", "Udp", "Icmp"}[s.n(4)], DstPort: []int{0, 22, 443, 3389}[s.n(4)]}
	return f, trace.Options{TagOnlyPeeringFlags: s.yes()}
}

// FuzzPlaneUpdate checks dataplane.Update against dataplane.Build: along a
// random edit sequence of a random design (fuzzEdit), the plane Update
// derives from an earlier version (the previous one, or one chosen further
// back) answers exactly like the plane built from scratch (planeDiff:
// routes, next hops, links, BGP, P2S, reachability).
func FuzzPlaneUpdate(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
	f.Add([]byte("\x02\x01\x01\x00\x01\x01\x01\x00\x02\x00\x03\x01\x01\x01\x03\x00\x01\x01\x02\x03\x01\x01\x00\x02\x01\x00\x01\x02\x01\x01\x03\x01\x01\x01\x03\x01\x01\x02\x01\x00\x05\x0f\x01\x09\x02\x04\x01\x00\x0e\x03"))
	f.Add([]byte("\x01\x00\x00\x01\x00\x00\x01\x00\x00\x03\x01\x01\x04\x00\x00\x02\x00\x00\x01\x01\x03\x03\x01\x01\x01\x01\x01\x02\x01\x00\x01\x01\x01\x02\x02\x01\x02\x02\x00\x0f\x03\x0a\x01\x0b\x00\x0f\x01\x05\x01\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		s := &byteSource{b}
		topo := fuzzDesign(s)
		var fails []model.Failure
		planes := []*dataplane.Plane{dataplane.Build(&topo)}
		for step := 0; step < maxFuzzEdits && len(s.b) > 0; step++ {
			topo = cloneTopology(t, topo)
			fails = fuzzEdit(s, &topo, fails)
			from := len(planes) - 1
			if s.n(4) == 0 {
				from = s.n(len(planes)) // an older version of the design
			}
			up := dataplane.Update(planes[from], &topo, dataplane.WithFailures(fails))
			full := dataplane.Build(&topo, dataplane.WithFailures(fails))
			if d := planeDiff(up, full); d != "" {
				t.Fatalf("edit %d (updated from version %d of %d, failures %v): %s", step, from, len(planes)-1, fails, d)
			}
			var n changedLinksCount
			assertChangedLinksNaive(t, fmt.Sprintf("edit %d from version %d", step, from), planes[from], up, &n)
			assertChangedLinksNaive(t, fmt.Sprintf("edit %d, built", step), planes[from], full, &n)
			planes = append(planes, up)
		}
	})
}

// FuzzTrackedUpdate checks reach.Tracked.Update against a full recompute:
// along a random edit sequence of a random design, for a random flow and
// peering-flag reading, the matrix Update derives from an earlier version's
// (the previous one, or one further back) equals reach.ComputePerPair on
// the new plane (one independent walk per cell), whether the new plane was
// updated from the previous one or built from scratch.
func FuzzTrackedUpdate(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
	f.Add([]byte("\x02\x01\x01\x00\x01\x01\x01\x00\x02\x00\x03\x01\x01\x01\x03\x00\x01\x01\x02\x03\x01\x01\x00\x02\x01\x00\x01\x02\x01\x01\x03\x01\x01\x01\x03\x01\x01\x02\x01\x00\x00\x00\x00\x00\x00\x0f\x01\x09\x02\x04\x01\x00\x0e\x03"))
	f.Fuzz(func(t *testing.T, b []byte) {
		s := &byteSource{b}
		topo := fuzzDesign(s)
		flow, opts := fuzzFlow(s)
		var fails []model.Failure
		prev := dataplane.Build(&topo)
		tracked := []*reach.Tracked{reach.ComputeTracked(prev, flow, opts)}
		for step := 0; step < maxFuzzEdits && len(s.b) > 0; step++ {
			topo = cloneTopology(t, topo)
			fails = fuzzEdit(s, &topo, fails)
			var p *dataplane.Plane
			if s.n(4) == 0 {
				p = dataplane.Build(&topo, dataplane.WithFailures(fails))
			} else {
				p = dataplane.Update(prev, &topo, dataplane.WithFailures(fails))
			}
			from := len(tracked) - 1
			if s.n(4) == 0 {
				from = s.n(len(tracked))
			}
			got, _ := tracked[from].Update(p)
			want := reach.ComputePerPair(p, flow, opts)
			if !reflect.DeepEqual(got.Matrix, want) {
				for i, c := range want.All() {
					if i >= got.Matrix.Len() || got.Matrix.Cell(i) != c {
						t.Fatalf("edit %d (from version %d of %d): cell %d: incremental %+v, full %+v", step, from, len(tracked)-1, i,
							got.Matrix.Cell(min(i, got.Matrix.Len()-1)), c)
					}
				}
				t.Fatalf("edit %d (from version %d): matrices differ (%d vs %d cells)", step, from, got.Matrix.Len(), want.Len())
			}
			tracked = append(tracked, got)
			prev = p
		}
	})
}

// FuzzReachClasses checks class sharing (reach.ComputeTracked and
// reach.ComputeWith, whose cells come from legs shared by source classes
// and destination columns where they can) against one trace.RunWith per
// cell: disposition, reason and Deps, on a random design (fuzzDesign, with
// NSGs on subnets and on NICs that share a subnet), possibly with failed
// components, for a random flow and peering-flag reading.
func FuzzReachClasses(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
	f.Add([]byte("\x02\x01\x01\x00\x01\x01\x01\x00\x02\x00\x03\x01\x01\x01\x03\x00\x01\x01\x02\x03\x01\x01\x00\x02\x01\x00\x01\x02\x01\x01\x03\x01\x01\x01\x03\x01\x01\x02\x01\x00\x05\x0f\x01\x09\x02\x04\x01\x00\x0e\x03"))
	for seed := range uint64(32) { // random designs with several NICs per subnet
		f.Add(seededInput(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		s := &byteSource{b}
		topo := fuzzDesign(s)
		flow, opts := fuzzFlow(s)
		var fails []model.Failure
		if s.yes() {
			doc := &scenario.Document{Format: scenario.Format, Version: scenario.Latest, Topology: topo}
			fails = pickFailures(s, whatif.Components(doc))
		}
		assertClassesEqualPerCell(t, dataplane.Build(&topo, dataplane.WithFailures(fails)), flow, opts)
	})
}

// pickFailures reads up to three failures from s among comps (repeats
// possible).
func pickFailures(s *byteSource, comps []model.Component) []model.Failure {
	var out []model.Failure
	for range s.n(4) {
		if len(comps) > 0 {
			out = append(out, comps[s.n(len(comps))].Failure)
		}
	}
	return out
}

// reachable reports, with one independent walk (reach.Explain), whether
// from reaches to on p; an endpoint p does not have reaches nothing.
func reachable(p *dataplane.Plane, from, to string) bool {
	eps := append(p.NICs(), p.HybridEndpoints()...)
	if !slices.Contains(eps, from) || to != reach.Internet && !slices.Contains(eps, to) {
		return false
	}
	return reach.Explain(p, trace.Flow{}, from, to).Disposition.Success()
}

// FuzzWhatifApply checks whatif.Apply with several failures on random
// designs:
//   - no failure gives no change at all;
//   - the failures act as a set: any order, and repeats, give the same
//     changes and BGP diagnostics;
//   - the After plane is dataplane.Build with those failures;
//   - every Lost pair is reachable before and not after, and every
//     Regained pair the reverse (one independent walk each);
//   - a failed appliance's NICs are not endpoints after;
//   - the document is not modified, and an unknown component is refused
//     with ErrUnknownComponent.
//
// Failing more is not asserted to lose more: the package documents
// Regained pairs (a failure can move traffic onto a path that works, such
// as a VPN backup of an ExpressRoute path an NSG blocks).
func FuzzWhatifApply(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
	f.Add([]byte("\x02\x01\x01\x00\x01\x01\x01\x00\x02\x00\x03\x01\x01\x01\x03\x00\x01\x01\x02\x03\x01\x01\x00\x02\x01\x00\x01\x02\x01\x01\x03\x01\x01\x01\x03\x01\x01\x02\x01\x03\x05\x07\x02\x09"))
	f.Fuzz(func(t *testing.T, b []byte) {
		s := &byteSource{b}
		doc := &scenario.Document{Format: scenario.Format, Version: scenario.Latest, Topology: fuzzDesign(s)}
		if endpoints(dataplane.Build(&doc.Topology)) > maxWhatifEndpoints {
			return
		}
		orig, err := scenario.Encode(doc)
		if err != nil {
			t.Fatal(err)
		}
		comps := whatif.Components(doc)
		fs := pickFailures(s, comps)

		none, err := whatif.Apply(doc, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !none.Changes.Empty() || len(none.Notes) != 0 {
			t.Fatalf("no failure changed something: %+v, notes %v", none.Changes, none.Notes)
		}
		r, err := whatif.Apply(doc, fs)
		if err != nil {
			t.Fatalf("Apply of listed components %v: %v", fs, err)
		}
		// The same set in another order, with a repeat.
		other := slices.Clone(fs)
		for i := len(other) - 1; i > 0; i-- {
			j := s.n(i + 1)
			other[i], other[j] = other[j], other[i]
		}
		if len(other) > 0 {
			other = append(other, other[s.n(len(other))])
		}
		r2, err := whatif.Apply(doc, other)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(r.Changes, r2.Changes) {
			t.Fatalf("failures %v and %v (the same set) give different changes:\n%+v\n%+v", fs, other, r.Changes, r2.Changes)
		}
		if !reflect.DeepEqual(r.Diags, r2.Diags) {
			t.Fatalf("failures %v and %v (the same set) give different BGP diagnostics:\n%v\n%v", fs, other, r.Diags, r2.Diags)
		}
		if d := planeDiff(r.After, dataplane.Build(&doc.Topology, dataplane.WithFailures(fs))); d != "" {
			t.Fatalf("After is not Build with the failures: %s", d)
		}
		for _, p := range r.Changes.Pairs {
			before, after := reachable(r.Before, p.From, p.To), reachable(r.After, p.From, p.To)
			switch p.Change {
			case diff.Lost:
				if !before || after {
					t.Fatalf("%s → %s reported Lost, but reachable before %v, after %v", p.From, p.To, before, after)
				}
			case diff.Regained:
				if before || !after {
					t.Fatalf("%s → %s reported Regained, but reachable before %v, after %v", p.From, p.To, before, after)
				}
			}
		}
		for _, f := range fs {
			if f.Kind != model.ApplianceDown {
				continue
			}
			for _, nic := range r.After.NICs() {
				if n, _ := r.After.NIC(nic); n.VM == f.Target {
					t.Fatalf("NIC %s of failed appliance %s still an endpoint", nic, f.Target)
				}
			}
		}
		if after, _ := scenario.Encode(doc); string(after) != string(orig) {
			t.Fatal("Apply modified the document")
		}
		bad := model.Failure{Kind: model.ApplianceDown, Target: "no-such-vm"}
		if _, err := whatif.Apply(doc, append(slices.Clone(fs), bad)); !errors.Is(err, whatif.ErrUnknownComponent) {
			t.Fatalf("unknown component: %v", err)
		}
	})
}

// FuzzSweep checks whatif.Sweep on random designs against a slow oracle:
// it lists every component once, calls progress once per component in
// order, sorts by lost pairs (then kind and target), and each component's
// Lost pairs and Moved count equal what whatif.Apply of that one failure
// reports. A cancelled context stops it with context.Canceled.
func FuzzSweep(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
	f.Add([]byte("\x02\x01\x01\x00\x01\x01\x01\x00\x02\x00\x03\x01\x01\x01\x03\x00\x01\x01\x02\x03\x01\x01\x00\x02\x01\x00\x01\x02\x01\x01\x03\x01\x01\x01\x03\x01\x01\x02\x01\x03\x05\x07\x02\x09"))
	f.Fuzz(func(t *testing.T, b []byte) {
		doc := &scenario.Document{Format: scenario.Format, Version: scenario.Latest, Topology: fuzzDesign(&byteSource{b})}
		comps := whatif.Components(doc)
		if len(comps) > maxSweepComponents || endpoints(dataplane.Build(&doc.Topology)) > maxWhatifEndpoints {
			return
		}
		var seen []model.Component
		spofs, err := whatif.Sweep(context.Background(), doc, func(done, total int, c model.Component) {
			if done != len(seen)+1 || total != len(comps) {
				t.Fatalf("progress %d/%d after %d of %d", done, total, len(seen), len(comps))
			}
			seen = append(seen, c)
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(seen) != len(comps) || len(comps) > 0 && !reflect.DeepEqual(seen, comps) {
			t.Fatalf("progress visited %v, want %v", seen, comps)
		}
		if len(spofs) != len(comps) {
			t.Fatalf("%d results for %d components", len(spofs), len(comps))
		}
		got := map[model.Failure]bool{}
		for i, sp := range spofs {
			if got[sp.Component.Failure] {
				t.Fatalf("%v listed twice", sp.Component)
			}
			got[sp.Component.Failure] = true
			if i > 0 {
				a, b := spofs[i-1], sp
				if cmp.Or(cmp.Compare(len(b.Lost), len(a.Lost)), cmp.Compare(a.Component.Kind, b.Component.Kind), cmp.Compare(a.Component.Target, b.Component.Target)) > 0 {
					t.Fatalf("results out of order at %d: %v (%d lost) before %v (%d lost)", i, a.Component, len(a.Lost), b.Component, len(b.Lost))
				}
			}
			r, err := whatif.Apply(doc, []model.Failure{sp.Component.Failure})
			if err != nil {
				t.Fatal(err)
			}
			want := r.Changes.Lost()
			if len(want) != len(sp.Lost) || len(want) > 0 && !reflect.DeepEqual(want, sp.Lost) {
				t.Fatalf("%v: sweep lost %v, Apply lost %v", sp.Component, sp.Lost, want)
			}
			moved := 0
			for _, p := range r.Changes.Pairs {
				if p.Change == diff.PathChanged {
					moved++
				}
			}
			if moved != sp.Moved {
				t.Fatalf("%v: sweep moved %d, Apply moved %d", sp.Component, sp.Moved, moved)
			}
		}
		if len(comps) > 0 {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			if _, err := whatif.Sweep(ctx, doc, nil); !errors.Is(err, context.Canceled) {
				t.Fatalf("cancelled sweep: %v", err)
			}
		}
	})
}

// TestFuzzDesignVariety keeps the generator honest: over seeded random
// inputs, fuzzDesign makes every kind of hybrid resource, most designs are
// free of validation errors, and fuzzEdit exercises each of its branches
// without losing validity too often.
func TestFuzzDesignVariety(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	count := map[string]int{}
	for range 300 {
		b := make([]byte, 120)
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		s := &byteSource{b}
		topo := fuzzDesign(s)
		errs := 0
		for _, d := range model.Validate(&topo, dataplane.KnownServices()) {
			if d.Severity == model.Error {
				count["error "+d.Code]++
				errs++
			}
		}
		if errs == 0 {
			count["valid"]++
		}
		for _, c := range topo.Connections {
			count["connection "+c.ConnectionType]++
		}
		for _, g := range topo.Gateways {
			count["gateway "+g.GatewayType]++
			if g.VpnClientConfiguration != nil {
				count["p2s"]++
			}
		}
		for _, rs := range topo.RouteServers {
			count["route server peers"] += len(rs.BgpConnections)
		}
		count["circuits"] += len(topo.Circuits)
		count["sites"] += len(topo.Sites)
		p := dataplane.Build(&topo)
		count["endpoints"] += len(p.NICs()) + len(p.HybridEndpoints())
	}
	t.Logf("%v", count)
	if count["valid"] < 150 {
		t.Errorf("only %d of 300 designs are valid", count["valid"])
	}
	for _, k := range []string{"connection IPsec", "connection Vnet2Vnet", "connection ExpressRoute", "gateway Vpn", "gateway ExpressRoute", "p2s", "route server peers", "circuits", "sites"} {
		if count[k] == 0 {
			t.Errorf("no %s in 300 designs", k)
		}
	}
}

// TestClassesEqualPerCellTwins runs the class-sharing oracle on random
// designs with a twin VNet (addTwin: the same addresses in two VNets,
// peered or not with the first one's peers, with a range of its own or
// not), and checks that every twin NIC is an endpoint
// (rule:address-space.private-ip-per-vnet).
func TestClassesEqualPerCellTwins(t *testing.T) {
	for seed := range uint64(24) {
		s := &byteSource{seededInput(seed)}
		topo := fuzzDesign(s)
		addTwin(&byteSource{[]byte{byte(seed), byte(seed >> 1)}}, &topo) // peered or not, with a range of its own or not
		p := dataplane.Build(&topo)
		if !p.SpacesOverlap() {
			t.Fatalf("seed %d: the twin does not overlap", seed)
		}
		for _, vm := range topo.VMs {
			if strings.HasSuffix(vm.ID, "-twin") && len(vm.NICs) > 0 {
				if _, ok := p.ResolveEndpoint(vm.ID); !ok {
					t.Errorf("seed %d: twin %s is left out of the plane", seed, vm.ID)
				}
			}
		}
		flow, opts := fuzzFlow(s)
		assertClassesEqualPerCell(t, p, flow, opts)
	}
}
