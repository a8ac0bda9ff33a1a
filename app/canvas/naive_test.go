package canvas

// The naive reference: BuildScene, AutoLayout, FreeSpot and MakeRoom as they
// were before issue 11 made opening a scene O(n log n) (copied verbatim,
// renamed with a naive prefix). The oracle tests (oracle_test.go) check
// that the fast versions give exactly the same result on designs of modest
// size, and the benchmarks (bench_test.go) measure against them. Do not
// "fix" these: they are the specification. AutoLayout here is quadratic
// (the root of each component is searched among all VNets), hangs on three
// free VNets with the same id, and lets a NaN or infinite saved position
// poison every auto-laid VNet; the fast version does none of that.

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"vnetplay/app/kinds"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
)

// naiveBuildScene: BuildScene lays out a document. Top-level nodes with a position in
// doc.Layout keep it; the others are placed by AutoLayout. It never fails:
// dangling references are drawn without their edge (lint reports them).
func naiveBuildScene(doc *scenario.Document) *Scene {
	t := &doc.Topology
	s := &Scene{index: map[string]int{}, shape: &sceneShape{}}
	saved := map[string]scenario.Point{}
	if doc.Layout != nil {
		saved = doc.Layout.Nodes
	}

	// Sizes first: a VNet's height follows from its subnets' contents.
	endpoints := naiveEndpointsBySubnet(t)
	vnetH := map[string]float64{}
	for _, v := range t.VNets {
		h := vnetHeader
		for _, sn := range v.Subnets {
			h += subnetHeight(len(endpoints[v.ID+"/"+sn.Name])) + pad
		}
		vnetH[v.ID] = max(h, vnetHeader+pad)
	}
	pos := naiveAutoLayout(t, vnetH, saved)

	// VNets with their subnets and endpoints.
	subnetBox := map[string]Rect{}
	for _, v := range sortedVNets(t) {
		p := pos[v.ID]
		box := Rect{p.X, p.Y, vnetWidth, vnetH[v.ID]}
		vk := Key(kinds.VNet, v.ID)
		s.add(Node{Key: vk, Kind: kinds.VNet, Ref: v.ID, Label: v.ID, Detail: strings.Join(v.AddressSpace.AddressPrefixes, ", "), Box: box, Movable: true})
		y := box.Y + vnetHeader
		for _, sn := range v.Subnets {
			id := v.ID + "/" + sn.Name
			eps := endpoints[id]
			sb := Rect{box.X + pad, y, vnetWidth - 2*pad, subnetHeight(len(eps))}
			subnetBox[id] = sb
			sk := Key(kinds.Subnet, id)
			s.add(Node{Key: sk, Kind: kinds.Subnet, Ref: id, Label: sn.Name, Detail: sn.AddressPrefix, Parent: vk, Box: sb})
			for i, e := range eps {
				cb := Rect{sb.X + pad, sb.Y + subnetHeader + float64(i)*(chipH+chipGap), chipW, chipH}
				s.add(Node{Key: e.key, Kind: e.kind, Ref: e.ref, Label: e.label, Detail: e.ip, Parent: sk, Box: cb, NIC: e.nic})
			}
			y += sb.H + pad
		}
	}

	// Gateways and Route Servers whose special subnet is missing (lint says
	// so) are drawn beside their VNet.
	orphans := naiveOrphanChips(t, subnetBox)

	// Route tables and NSGs sit beside the first subnet they apply to.
	satellites := append(naiveSatellitePlacement(t), orphans...)
	used := map[string]float64{} // next free y beside each VNet
	for _, sat := range satellites {
		var box Rect
		if p, ok := saved[sat.ref]; ok {
			box = Rect{p.X, p.Y, satelliteW, satelliteH}
		} else if sb, ok := subnetBox[sat.subnet]; ok || sat.vnet != "" {
			vnet := strings.SplitN(sat.subnet, "/", 2)[0]
			if sat.vnet != "" {
				vnet = sat.vnet
				v, _ := s.Node(Key(kinds.VNet, vnet))
				sb = v.Box
			}
			vb, _ := s.Node(Key(kinds.VNet, vnet))
			y := max(sb.Y, used[vnet])
			box = Rect{vb.Box.X + vb.Box.W + satelliteGap, y, satelliteW, satelliteH}
			used[vnet] = y + satelliteH + chipGap
		}
		s.add(Node{Key: Key(sat.kind, sat.ref), Kind: sat.kind, Ref: sat.ref, Label: sat.ref, Detail: sat.detail, Box: box, Movable: true})
	}
	// Unassociated satellites (no subnet) go in a row under everything.
	naivePlaceLoose(s, saved)

	// The on-premises side: sites (with their VPN devices and hosts), then
	// ExpressRoute circuits and P2S pools, in columns left of the VNets.
	naiveAddHybridColumns(s, t, saved)

	// The Internet, above the design.
	inet := Rect{0, 0, 152, 48}
	if p, ok := saved["Internet"]; ok {
		inet.X, inet.Y = p.X, p.Y
	} else {
		b := s.bounds()
		inet.X, inet.Y = b.X, b.Y-inet.H-2*rowGap
	}
	s.add(Node{Key: Key(kinds.Internet, "Internet"), Kind: kinds.Internet, Ref: "Internet", Label: "Internet", Box: inet, Movable: true})

	naiveAddEdges(s, t)
	naiveAddHybridEdges(s, t)
	s.Bounds = s.bounds()
	return s
}

// endpointsBySubnet lists each subnet's NICs (VM or NVA chips) and internal
// load balancer frontends, sorted by label.
func naiveEndpointsBySubnet(t *model.Topology) map[string][]endpoint {
	out := map[string][]endpoint{}
	for _, vm := range t.VMs {
		for _, nic := range vm.NICs {
			kind := kinds.VM
			if nic.EnableIPForwarding {
				kind = kinds.NVA
			}
			label := vm.ID
			if len(vm.NICs) > 1 {
				label = vm.ID + "/" + nic.Name
			}
			out[nic.Subnet] = append(out[nic.Subnet], endpoint{key: nicKey(vm, nic), ref: vm.ID, label: label, ip: nic.PrivateIPAddress, nic: vm.ID + "/" + nic.Name, kind: kind})
		}
	}
	for _, lb := range t.LoadBalancers {
		if len(lb.FrontendIPConfigurations) > 0 { // public: a satellite
			continue
		}
		out[lb.Subnet] = append(out[lb.Subnet], endpoint{key: Key(kinds.LoadBalancer, lb.ID), ref: lb.ID, label: lb.ID, ip: lb.FrontendPrivateIPAddress, kind: kinds.LoadBalancer})
	}
	for _, g := range t.Gateways {
		kind, detail := kinds.ERGateway, "ExpressRoute"
		if g.IsVpn() {
			kind, detail = kinds.VPNGateway, "VPN "+g.Sku
			if g.ActiveActive {
				detail += " A/A"
			}
		}
		out[g.VNet+"/"+model.GatewaySubnet] = append(out[g.VNet+"/"+model.GatewaySubnet],
			endpoint{key: Key(kind, g.ID), ref: g.ID, label: g.ID, ip: detail, kind: kind})
	}
	for _, rs := range t.RouteServers {
		out[rs.VNet+"/"+model.RouteServerSubnet] = append(out[rs.VNet+"/"+model.RouteServerSubnet],
			endpoint{key: Key(kinds.RouteServer, rs.ID), ref: rs.ID, label: rs.ID, ip: "ASN 65515", kind: kinds.RouteServer})
	}
	for _, pe := range t.PrivateEndpoints {
		detail := pe.PrivateIPAddress
		if pe.PrivateLinkServiceID != "" {
			detail += " → " + pe.PrivateLinkServiceID
		}
		out[pe.Subnet] = append(out[pe.Subnet], endpoint{key: "private-endpoint:" + pe.ID, ref: pe.ID, label: pe.ID, ip: detail, kind: kinds.PrivateEndpoint})
	}
	for _, r := range t.DNSResolvers {
		for _, e := range r.InboundEndpoints {
			out[r.VNet+"/"+e.Subnet] = append(out[r.VNet+"/"+e.Subnet], endpoint{key: "dns-endpoint:" + r.ID + "/" + e.Name, ref: r.ID, label: r.ID + " " + e.Name, ip: "inbound " + e.PrivateIPAddress, kind: kinds.DNSEndpoint})
		}
		for _, e := range r.OutboundEndpoints {
			out[r.VNet+"/"+e.Subnet] = append(out[r.VNet+"/"+e.Subnet], endpoint{key: "dns-endpoint:" + r.ID + "/" + e.Name, ref: r.ID, label: r.ID + " " + e.Name, ip: "outbound", kind: kinds.DNSEndpoint})
		}
	}
	for k := range out {
		slices.SortFunc(out[k], func(a, b endpoint) int { return cmp.Compare(a.key, b.key) })
	}
	return out
}

// satellitePlacement lists route tables and NSGs with the first subnet (in
// VNet and subnet order) that uses them.
func naiveSatellitePlacement(t *model.Topology) []satellite {
	first := map[string]string{}
	for _, v := range sortedVNets(t) {
		for _, sn := range v.Subnets {
			id := v.ID + "/" + sn.Name
			if sn.RouteTable != "" && first["rt:"+sn.RouteTable] == "" {
				first["rt:"+sn.RouteTable] = id
			}
			if sn.NetworkSecurityGroup != "" && first["nsg:"+sn.NetworkSecurityGroup] == "" {
				first["nsg:"+sn.NetworkSecurityGroup] = id
			}
		}
	}
	var out []satellite
	for _, rt := range sortedBy(t.RouteTables, func(r model.RouteTable) string { return r.ID }) {
		out = append(out, satellite{kind: kinds.RouteTable, ref: rt.ID, subnet: first["rt:"+rt.ID], detail: plural(len(rt.Routes), "route")})
	}
	for _, n := range sortedBy(t.NSGs, func(n model.NSG) string { return n.ID }) {
		out = append(out, satellite{kind: kinds.NSG, ref: n.ID, subnet: first["nsg:"+n.ID], detail: plural(len(n.SecurityRules), "rule")})
	}
	out = append(out, naiveEdgeSatellites(t)...)
	return append(out, naiveNameSatellites(t)...)
}

// naiveNameSatellites: private endpoints beside their subnet, zones beside
// the first subnet of the linked VNet with the smallest id that has one,
// resolvers beside their first inbound (else outbound) endpoint's subnet,
// rulesets beside their first resolving outbound endpoint's subnet
// (written plainly: every lookup scans the topology).
func naiveNameSatellites(t *model.Topology) []satellite {
	firstSubnetOf := func(vnet string) (string, bool) {
		for _, v := range sortedVNets(t) {
			if v.ID == vnet {
				if len(v.Subnets) == 0 {
					return "", false
				}
				return v.ID + "/" + v.Subnets[0].Name, true
			}
		}
		return "", false
	}
	var out []satellite
	for _, z := range sortedBy(t.PrivateDNSZones, func(z model.PrivateDnsZone) string { return z.ID }) {
		vnets := []string{}
		for _, l := range z.VirtualNetworkLinks {
			vnets = append(vnets, l.VirtualNetwork)
		}
		slices.Sort(vnets)
		at := ""
		for _, v := range vnets {
			if s, ok := firstSubnetOf(v); ok {
				at = s
				break
			}
		}
		// The records the endpoints' zone groups write (an endpoint with a
		// private address and a public name under a private-link domain),
		// by the endpoint's name, unless the zone lists one by that name.
		names := map[string]bool{}
		for _, rs := range z.RecordSets {
			names[strings.ToLower(rs.Name)] = true
		}
		written := 0
		for _, pe := range t.PrivateEndpoints {
			host, rest, _ := strings.Cut(strings.ToLower(strings.TrimSuffix(strings.TrimSpace(pe.Fqdn), ".")), ".")
			if pe.PrivateDnsZoneGroup == nil || pe.PrivateIPAddress == "" || host == "" || rest == "" || strings.HasPrefix(rest, "privatelink.") {
				continue
			}
			for _, c := range pe.PrivateDnsZoneGroup.PrivateDnsZoneConfigs {
				id := c.PrivateDnsZoneID[strings.LastIndex(c.PrivateDnsZoneID, "/")+1:]
				if strings.EqualFold(strings.TrimSuffix(id, "."), z.ID) && !names[host] {
					names[host] = true
					written++
				}
			}
		}
		out = append(out, satellite{kind: kinds.PrivateDNSZone, ref: z.ID, subnet: at, detail: plural(len(z.RecordSets)+written, "record set")})
	}
	for _, r := range sortedBy(t.DNSResolvers, func(r model.DNSResolver) string { return r.ID }) {
		at := ""
		if len(r.InboundEndpoints) > 0 {
			at = r.VNet + "/" + r.InboundEndpoints[0].Subnet
		} else if len(r.OutboundEndpoints) > 0 {
			at = r.VNet + "/" + r.OutboundEndpoints[0].Subnet
		}
		detail := fmt.Sprintf("%d in, %d out", len(r.InboundEndpoints), len(r.OutboundEndpoints))
		out = append(out, satellite{kind: kinds.DNSResolver, ref: r.ID, subnet: at, detail: detail})
	}
	for _, rs := range sortedBy(t.DNSForwardingRulesets, func(r model.DNSForwardingRuleset) string { return r.ID }) {
		at := ""
	refs:
		for _, ref := range rs.DNSResolverOutboundEndpoints {
			for _, r := range sortedBy(t.DNSResolvers, func(r model.DNSResolver) string { return r.ID }) {
				for _, e := range r.OutboundEndpoints {
					if r.ID+"/"+e.Name == ref {
						at = r.VNet + "/" + e.Subnet
						break refs
					}
				}
			}
		}
		out = append(out, satellite{kind: kinds.DNSRuleset, ref: rs.ID, subnet: at, detail: plural(len(rs.ForwardingRules), "rule")})
	}
	return out
}

// naiveEdgeSatellites: the Internet edge's satellites (added with the
// Internet edge, written plainly: every lookup scans the topology). NAT
// gateways go beside the first subnet using them, public load balancers
// beside their first resolving backend's subnet, public IPs beside their
// NIC's subnet, else their load balancer's, else their NAT gateway's.
func naiveEdgeSatellites(t *model.Topology) []satellite {
	natSubnet := func(id string) string {
		for _, v := range sortedVNets(t) {
			for _, sn := range v.Subnets {
				if sn.NatGateway == id {
					return v.ID + "/" + sn.Name
				}
			}
		}
		return ""
	}
	backendSubnet := func(b string) (string, bool) {
		for _, vm := range sortedBy(t.VMs, func(v model.VM) string { return v.ID }) {
			var firstNIC *model.NIC
			for i, n := range vm.NICs {
				if vm.ID+"/"+n.Name == b {
					return n.Subnet, true
				}
				if firstNIC == nil || n.Name < firstNIC.Name {
					firstNIC = &vm.NICs[i]
				}
			}
			if vm.ID == b && firstNIC != nil {
				return firstNIC.Subnet, true
			}
		}
		return "", false
	}
	lbSubnet := func(lb model.LoadBalancer) string {
		var refs []string
		for _, p := range lb.BackendAddressPools {
			refs = append(refs, p.Backends...)
		}
		for _, r := range lb.InboundNatRules {
			refs = append(refs, r.BackendIPConfiguration)
		}
		for _, b := range refs {
			if s, ok := backendSubnet(b); ok {
				return s
			}
		}
		return ""
	}
	var publicLBs []model.LoadBalancer
	for _, lb := range sortedBy(t.LoadBalancers, func(l model.LoadBalancer) string { return l.ID }) {
		if len(lb.FrontendIPConfigurations) > 0 {
			publicLBs = append(publicLBs, lb)
		}
	}
	pipSubnet := func(id string) string {
		for _, vm := range sortedBy(t.VMs, func(v model.VM) string { return v.ID }) {
			for _, n := range vm.NICs {
				if n.PublicIPAddress == id {
					return n.Subnet
				}
			}
		}
		for _, lb := range publicLBs {
			for _, f := range lb.FrontendIPConfigurations {
				if f.PublicIPAddress == id {
					return lbSubnet(lb)
				}
			}
		}
		for _, g := range sortedBy(t.NatGateways, func(g model.NatGateway) string { return g.ID }) {
			if slices.Contains(g.PublicIPAddresses, id) {
				return natSubnet(g.ID)
			}
		}
		return ""
	}
	var out []satellite
	for _, g := range sortedBy(t.NatGateways, func(g model.NatGateway) string { return g.ID }) {
		out = append(out, satellite{kind: kinds.NATGateway, ref: g.ID, subnet: natSubnet(g.ID), detail: plural(len(g.PublicIPAddresses), "public IP")})
	}
	for _, lb := range publicLBs {
		n := len(lb.LoadBalancingRules) + len(lb.InboundNatRules) + len(lb.OutboundRules)
		out = append(out, satellite{kind: kinds.LoadBalancer, ref: lb.ID, subnet: lbSubnet(lb), detail: "public, " + plural(n, "rule")})
	}
	for _, p := range sortedBy(t.PublicIPAddresses, func(p model.PublicIPAddress) string { return p.ID }) {
		detail := p.IPAddress // Standard, the default, is not written
		if p.Sku.Name != "" && p.Sku.Name != "Standard" {
			detail = strings.TrimSpace(p.IPAddress + " " + p.Sku.Name)
		}
		if detail == "" {
			detail = "Standard"
		}
		out = append(out, satellite{kind: kinds.PublicIP, ref: p.ID, subnet: pipSubnet(p.ID), detail: detail})
	}
	return out
}

// AutoLayout places VNets that have no saved position. Peered VNets form
// components; in each, the most-peered VNet (ties: smallest id) is the root
// in column 0 and every other VNet goes in the column of its peering
// distance from it, so a hub has its spokes beside it and a chain reads left
// to right. A column of more than wrapAfter VNets is split into side by
// side columns (wrapColumns). Columns are centred vertically; components are
// stacked, the largest first. VNets with a saved position keep it and are left out.
// The result is deterministic and snapped to the grid.
func naiveAutoLayout(t *model.Topology, heights map[string]float64, saved map[string]scenario.Point) map[string]Point {
	pos := map[string]Point{}
	adj := map[string][]string{}
	var free []string
	for _, v := range sortedVNets(t) {
		if p, ok := saved[v.ID]; ok {
			pos[v.ID] = Point{p.X, p.Y}
			continue
		}
		free = append(free, v.ID)
		adj[v.ID] = nil
	}
	for _, p := range t.Peerings {
		a, b := p.A.VNet, p.B.VNet
		if _, ok := adj[a]; !ok {
			continue
		}
		if _, ok := adj[b]; !ok || a == b {
			continue
		}
		adj[a] = append(adj[a], b)
		adj[b] = append(adj[b], a)
	}
	for k := range adj {
		slices.Sort(adj[k])
		adj[k] = slices.Compact(adj[k])
	}

	// Components, each as columns of VNet ids.
	seen := map[string]bool{}
	var comps [][][]string
	for len(seen) < len(free) {
		root := ""
		for _, id := range free { // most peered unplaced VNet, ties by id
			if !seen[id] && (root == "" || len(adj[id]) > len(adj[root])) {
				root = id
			}
		}
		var cols [][]string
		frontier := []string{root}
		seen[root] = true
		for len(frontier) > 0 {
			cols = append(cols, frontier)
			var next []string
			for _, id := range frontier {
				for _, n := range adj[id] {
					if !seen[n] {
						seen[n] = true
						next = append(next, n)
					}
				}
			}
			slices.Sort(next)
			frontier = next
		}
		comps = append(comps, cols)
	}
	slices.SortStableFunc(comps, func(a, b [][]string) int { return cmp.Compare(naiveSize(b), naiveSize(a)) })

	// Existing positions push new components below them.
	y0 := 0.0
	for _, p := range pos {
		y0 = math.Max(y0, p.Y+rowGap)
	}
	colW := vnetWidth + satelliteGap + satelliteW + columnGap
	for ci, cols := range comps {
		cols = naiveWrapColumns(cols, heights, colW)
		comps[ci] = cols
		height := 0.0
		colH := make([]float64, len(cols))
		for i, col := range cols {
			for _, id := range col {
				colH[i] += heights[id] + rowGap
			}
			colH[i] -= rowGap
			height = math.Max(height, colH[i])
		}
		for i, col := range cols {
			y := y0 + (height-colH[i])/2
			for _, id := range col {
				pos[id] = Snap(Point{float64(i) * colW, y}, Grid)
				y += heights[id] + rowGap
			}
		}
		y0 += height + 2*rowGap
	}
	return pos
}

// wrapColumns splits a long column (the spokes of a big hub) into side by
// side columns, so that the block of a distance level is about as wide as
// it is tall: 500 spokes in one column are 95,000 px tall, which no zoom
// shows. Columns of up to wrapAfter VNets stay whole.
func naiveWrapColumns(cols [][]string, heights map[string]float64, colW float64) [][]string {
	var out [][]string
	for _, col := range cols {
		if len(col) <= wrapAfter {
			out = append(out, col)
			continue
		}
		h := 0.0
		for _, id := range col {
			h += heights[id] + rowGap
		}
		k := max(1, int(math.Round(math.Sqrt(h/colW))))
		per := (len(col) + k - 1) / k
		for len(col) > 0 {
			n := min(per, len(col))
			out = append(out, col[:n])
			col = col[n:]
		}
	}
	return out
}

func naiveSize(cols [][]string) int {
	n := 0
	for _, c := range cols {
		n += len(c)
	}
	return n
}

// orphanChips lists gateways and Route Servers whose VNet lacks the special
// subnet they belong in.
func naiveOrphanChips(t *model.Topology, subnetBox map[string]Rect) []satellite {
	var out []satellite
	for _, g := range sortedBy(t.Gateways, func(g model.VirtualNetworkGateway) string { return g.ID }) {
		if _, ok := subnetBox[g.VNet+"/"+model.GatewaySubnet]; !ok {
			kind := kinds.ERGateway
			if g.IsVpn() {
				kind = kinds.VPNGateway
			}
			out = append(out, satellite{kind: kind, ref: g.ID, vnet: g.VNet, detail: "no GatewaySubnet"})
		}
	}
	for _, rs := range sortedBy(t.RouteServers, func(r model.RouteServer) string { return r.ID }) {
		if _, ok := subnetBox[rs.VNet+"/"+model.RouteServerSubnet]; !ok {
			out = append(out, satellite{kind: kinds.RouteServer, ref: rs.ID, vnet: rs.VNet, detail: "no RouteServerSubnet"})
		}
	}
	return out
}

// MakeRoom returns new positions (by layout key) for the top-level nodes of
// next that an edit made overlap a node they did not overlap in prev: a
// VNet that grew (a new subnet, a gateway) pushes what now lies under it
// down, just below it, and what that pushes in turn, so that nothing ends
// up drawn over something else. Nodes that overlapped before the edit are
// left alone (the user put them there), and nothing else moves.
func naiveMakeRoom(prev, next *Scene) map[string]Point {
	overlaps := func(a, b Rect) bool {
		return a.X < b.X+b.W && b.X < a.X+a.W && a.Y < b.Y+b.H && b.Y < a.Y+a.H
	}
	var top []Node
	for _, n := range next.Nodes {
		if n.Parent == "" && n.Movable {
			top = append(top, n)
		}
	}
	before := func(a, b string) bool {
		pa, ok1 := prev.Node(a)
		pb, ok2 := prev.Node(b)
		return ok1 && ok2 && overlaps(pa.Box, pb.Box)
	}
	moved := map[string]Point{}
	// Each pass pushes down the nodes under a grown or pushed one; a node
	// only moves down, so the passes end. They are bounded all the same
	// (maxRoomPasses): a chain longer than that keeps its last overlaps.
	for pass := 0; pass < min(len(top), maxRoomPasses); pass++ {
		changed := false
		for i := range top {
			for j := range top {
				a, b := &top[i], &top[j]
				if i == j || !overlaps(a.Box, b.Box) || before(a.Key, b.Key) {
					continue
				}
				grew := false
				if p, ok := prev.Node(a.Key); ok && (a.Box.H > p.Box.H || a.Box.W > p.Box.W) {
					grew = true
				}
				if _, pushed := moved[LayoutKey(*a)]; !grew && !pushed || b.Box.Y < a.Box.Y {
					continue // a does not push: it neither grew nor was pushed, or b is above it
				}
				y := Snap(Point{Y: a.Box.Y + a.Box.H + rowGap/2}, Grid).Y
				if y <= b.Box.Y {
					y = b.Box.Y + Grid
				}
				b.Box.Y = y
				moved[LayoutKey(*b)] = Point{X: b.Box.X, Y: b.Box.Y}
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	return moved
}

// placeLoose gives a position to satellites that got none (no subnet and no
// saved position): a row under the design.
func naivePlaceLoose(s *Scene, saved map[string]scenario.Point) {
	b := s.bounds()
	x := b.X
	for i := range s.Nodes {
		n := &s.Nodes[i]
		if n.Box != (Rect{}) || n.Parent != "" {
			continue
		}
		n.Box = Rect{x, b.Y + b.H + 2*rowGap, satelliteW, satelliteH}
		x += satelliteW + satelliteGap
	}
}

func naiveAddEdges(s *Scene, t *model.Topology) {
	for _, p := range sortedBy(t.Peerings, func(p model.Peering) string { return p.ID }) {
		a, b := Key(kinds.VNet, p.A.VNet), Key(kinds.VNet, p.B.VNet)
		sa, sb := p.LinkStates()
		state := string(model.Connected)
		switch {
		case sa == model.Initiated || sb == model.Initiated:
			state = string(model.Initiated)
		case sa == model.Disconnected || sb == model.Disconnected:
			state = string(model.Disconnected)
		}
		label := ""
		if state != string(model.Connected) {
			label = state
		}
		s.addEdge(Edge{Key: "peering:" + p.ID, Kind: EdgePeering, Ref: p.ID, From: a, To: b, State: state, Label: label})
	}
	for _, v := range sortedVNets(t) {
		for _, sn := range v.Subnets {
			sk := Key(kinds.Subnet, v.ID+"/"+sn.Name)
			if sn.RouteTable != "" {
				s.addEdge(Edge{Key: "assoc:" + sn.RouteTable + ">" + sk, Kind: EdgeAssociation, From: Key(kinds.RouteTable, sn.RouteTable), To: sk})
			}
			if sn.NetworkSecurityGroup != "" {
				s.addEdge(Edge{Key: "assoc:" + sn.NetworkSecurityGroup + ">" + sk, Kind: EdgeAssociation, From: Key(kinds.NSG, sn.NetworkSecurityGroup), To: sk})
			}
			if sn.NatGateway != "" {
				s.addEdge(Edge{Key: "assoc:" + sn.NatGateway + ">" + sk, Kind: EdgeAssociation, From: Key(kinds.NATGateway, sn.NatGateway), To: sk})
			}
		}
	}
	for _, vm := range sortedBy(t.VMs, func(v model.VM) string { return v.ID }) {
		for _, nic := range vm.NICs {
			if nic.NetworkSecurityGroup == "" {
				continue
			}
			nk := nicKey(vm, nic)
			s.addEdge(Edge{Key: "assoc:" + nic.NetworkSecurityGroup + ">" + nk, Kind: EdgeAssociation, From: Key(kinds.NSG, nic.NetworkSecurityGroup), To: nk})
		}
	}
	// The Internet edge: each public IP to its NIC, load balancer or NAT
	// gateway.
	for _, vm := range sortedBy(t.VMs, func(v model.VM) string { return v.ID }) {
		for _, nic := range vm.NICs {
			if nic.PublicIPAddress != "" {
				s.addEdge(Edge{Key: "assoc:" + nic.PublicIPAddress + ">" + nicKey(vm, nic), Kind: EdgeAssociation, From: Key(kinds.PublicIP, nic.PublicIPAddress), To: nicKey(vm, nic)})
			}
		}
	}
	for _, lb := range sortedBy(t.LoadBalancers, func(l model.LoadBalancer) string { return l.ID }) {
		for _, f := range lb.FrontendIPConfigurations {
			if f.PublicIPAddress != "" {
				s.addEdge(Edge{Key: "assoc:" + f.PublicIPAddress + ">" + Key(kinds.LoadBalancer, lb.ID), Kind: EdgeAssociation, From: Key(kinds.PublicIP, f.PublicIPAddress), To: Key(kinds.LoadBalancer, lb.ID)})
			}
		}
	}
	for _, g := range sortedBy(t.NatGateways, func(g model.NatGateway) string { return g.ID }) {
		for _, p := range g.PublicIPAddresses {
			if p != "" {
				s.addEdge(Edge{Key: "assoc:" + p + ">" + Key(kinds.NATGateway, g.ID), Kind: EdgeAssociation, From: Key(kinds.PublicIP, p), To: Key(kinds.NATGateway, g.ID)})
			}
		}
	}
	naiveAddNameEdges(s, t)
}

// naiveAddNameEdges ties resolvers to their endpoints, zones to their
// linked VNets and to the private endpoints writing in them, and rulesets
// to their outbound endpoints and linked VNets.
func naiveAddNameEdges(s *Scene, t *model.Topology) {
	assoc := func(from, to string) {
		s.addEdge(Edge{Key: "assoc:" + from + ">" + to, Kind: EdgeAssociation, From: from, To: to})
	}
	for _, r := range sortedBy(t.DNSResolvers, func(r model.DNSResolver) string { return r.ID }) {
		var eps []string
		for _, e := range r.InboundEndpoints {
			eps = append(eps, e.Name)
		}
		for _, e := range r.OutboundEndpoints {
			eps = append(eps, e.Name)
		}
		for _, e := range eps {
			assoc("dns-resolver:"+r.ID, "dns-endpoint:"+r.ID+"/"+e)
		}
	}
	for _, z := range sortedBy(t.PrivateDNSZones, func(z model.PrivateDnsZone) string { return z.ID }) {
		for _, l := range sortedBy(z.VirtualNetworkLinks, func(l model.VirtualNetworkLink) string { return l.VirtualNetwork }) {
			assoc("dns-zone:"+z.ID, "vnet:"+l.VirtualNetwork)
		}
	}
	for _, pe := range sortedBy(t.PrivateEndpoints, func(p model.PrivateEndpoint) string { return p.ID }) {
		if pe.PrivateDnsZoneGroup == nil {
			continue
		}
		for _, c := range pe.PrivateDnsZoneGroup.PrivateDnsZoneConfigs {
			assoc("dns-zone:"+c.PrivateDnsZoneID, "private-endpoint:"+pe.ID)
		}
	}
	for _, rs := range sortedBy(t.DNSForwardingRulesets, func(r model.DNSForwardingRuleset) string { return r.ID }) {
		for _, ep := range rs.DNSResolverOutboundEndpoints {
			assoc("dns-ruleset:"+rs.ID, "dns-endpoint:"+ep)
		}
		for _, l := range sortedBy(rs.VirtualNetworkLinks, func(l model.RulesetVNetLink) string { return l.VirtualNetwork }) {
			assoc("dns-ruleset:"+rs.ID, "vnet:"+l.VirtualNetwork)
		}
	}
}

// addHybridColumns places sites (with their local network gateways and
// hosts as chips), circuits and P2S pools. Saved positions win; the others
// stack in two columns left of the design, centred on it.
func naiveAddHybridColumns(s *Scene, t *model.Topology, saved map[string]scenario.Point) {
	b := s.bounds()
	if b == (Rect{}) {
		b = Rect{0, 0, vnetWidth, 200}
	}
	colX := []float64{b.X - 2*(siteW+columnGap)}
	type item struct {
		n        Node
		children []Node
		col      int
	}
	var items []item
	for _, site := range sortedBy(t.Sites, func(x model.Site) string { return x.ID }) {
		sk := Key(kinds.Site, site.ID)
		var kids []Node
		for _, l := range sortedBy(t.LocalNetworkGateways, func(x model.LocalNetworkGateway) string { return x.ID }) {
			if l.Site == site.ID {
				kids = append(kids, Node{Key: Key(kinds.LNG, l.ID), Kind: kinds.LNG, Ref: l.ID, Label: l.ID, Detail: l.GatewayIPAddress, Parent: sk})
			}
		}
		for _, h := range sortedBy(site.Hosts, func(x model.Host) string { return x.ID }) {
			kids = append(kids, Node{Key: Key(kinds.Host, site.ID+"/"+h.ID), Kind: kinds.Host, Ref: site.ID, Label: h.ID, Detail: h.IPAddress, Parent: sk, NIC: site.ID + "/" + h.ID})
		}
		detail := strings.Join(site.AddressPrefixes, ", ")
		items = append(items, item{n: Node{Key: sk, Kind: kinds.Site, Ref: site.ID, Label: site.ID, Detail: detail, Movable: true}, children: kids, col: 0})
	}
	for _, c := range sortedBy(t.Circuits, func(x model.ExpressRouteCircuit) string { return x.ID }) {
		items = append(items, item{n: Node{Key: Key(kinds.Circuit, c.ID), Kind: kinds.Circuit, Ref: c.ID, Label: c.ID,
			Detail: fmt.Sprintf("peer ASN %d", c.PeerASN), Movable: true}, col: 1})
	}
	for _, g := range sortedBy(t.Gateways, func(x model.VirtualNetworkGateway) string { return x.ID }) {
		if g.VpnClientConfiguration == nil {
			continue
		}
		pk := Key(kinds.P2S, g.ID)
		var kids []Node
		for _, c := range sortedBy(g.VpnClientConfiguration.Clients, func(x model.P2SClient) string { return x.ID }) {
			kids = append(kids, Node{Key: Key(kinds.P2SClient, g.ID+"/"+c.ID), Kind: kinds.P2SClient, Ref: g.ID, Label: c.ID, Detail: c.IPAddress, Parent: pk, NIC: g.ID + "/" + c.ID})
		}
		items = append(items, item{n: Node{Key: pk, Kind: kinds.P2S, Ref: g.ID, Label: "P2S clients of " + g.ID,
			Detail: strings.Join(g.VpnClientConfiguration.VpnClientAddressPool.AddressPrefixes, ", "), Movable: true}, children: kids, col: 1})
	}
	heights := [2]float64{}
	for i := range items {
		w := hybridW(items[i].n.Kind)
		h := hybridH + float64(len(items[i].children))*(chipH+chipGap)
		if len(items[i].children) > 0 {
			h += pad
		}
		items[i].n.Box = Rect{W: w, H: h}
		heights[items[i].col] += h + rowGap
	}
	y := [2]float64{b.Y + (b.H-heights[0]+rowGap)/2, b.Y + (b.H-heights[1]+rowGap)/2}
	for _, it := range items {
		n := it.n
		if p, ok := saved[n.Ref]; ok && n.Kind != kinds.P2S {
			n.Box.X, n.Box.Y = p.X, p.Y
		} else if p, ok := saved[n.Key]; ok {
			n.Box.X, n.Box.Y = p.X, p.Y
		} else {
			x := colX[0]
			if it.col == 1 { // right-aligned: a P2S pool, wider than a circuit, reaches toward the sites
				x = b.X - columnGap - n.Box.W
			}
			p := Snap(Point{x, y[it.col]}, Grid)
			n.Box.X, n.Box.Y = p.X, p.Y
			y[it.col] += n.Box.H + rowGap
		}
		s.add(n)
		for i, c := range it.children {
			c.Box = Rect{n.Box.X + pad, n.Box.Y + hybridH + float64(i)*(chipH+chipGap), n.Box.W - 2*pad, chipH}
			s.add(c)
		}
	}
}

// addHybridEdges draws connections, circuit links, Global Reach, Route
// Server BGP sessions and P2S pools.
func naiveAddHybridEdges(s *Scene, t *model.Topology) {
	gwKey := map[string]string{}
	for _, g := range t.Gateways {
		if g.IsVpn() {
			gwKey[g.ID] = Key(kinds.VPNGateway, g.ID)
		} else {
			gwKey[g.ID] = Key(kinds.ERGateway, g.ID)
		}
	}
	for _, c := range sortedBy(t.Connections, func(x model.Connection) string { return x.ID }) {
		from := gwKey[c.VirtualNetworkGateway1]
		var to string
		switch c.ConnectionType {
		case model.ConnIPsec:
			to = Key(kinds.LNG, c.LocalNetworkGateway2)
		case model.ConnVnet2Vnet:
			to = gwKey[c.VirtualNetworkGateway2]
		case model.ConnExpressRoute:
			to = Key(kinds.Circuit, c.Peer)
		}
		label := ""
		if c.ConnectionType == model.ConnExpressRoute && c.RoutingWeight != 0 {
			label = fmt.Sprintf("weight %d", c.RoutingWeight)
		}
		s.addEdge(Edge{Key: "connection:" + c.ID, Kind: EdgeConnection, Ref: c.ID, From: from, To: to, Label: label})
	}
	for _, c := range sortedBy(t.Circuits, func(x model.ExpressRouteCircuit) string { return x.ID }) {
		s.addEdge(Edge{Key: "circuit:" + c.ID, Kind: EdgeCircuitSite, Ref: c.ID, From: Key(kinds.Circuit, c.ID), To: Key(kinds.Site, c.Site)})
		for _, other := range c.GlobalReach {
			if c.ID < other {
				s.addEdge(Edge{Key: "global-reach:" + c.ID + "~" + other, Kind: EdgeGlobalReach, From: Key(kinds.Circuit, c.ID), To: Key(kinds.Circuit, other), Label: "Global Reach"})
			}
		}
	}
	for _, rs := range sortedBy(t.RouteServers, func(x model.RouteServer) string { return x.ID }) {
		for _, p := range rs.BgpConnections {
			for _, n := range s.Nodes {
				if (n.Kind == kinds.NVA || n.Kind == kinds.VM) && n.Detail == p.PeerIP && p.PeerIP != "" {
					s.addEdge(Edge{Key: "bgp:" + rs.ID + "/" + p.Name, Kind: EdgeBGP, Ref: rs.ID + "/" + p.Name, From: Key(kinds.RouteServer, rs.ID), To: n.Key,
						Label: fmt.Sprintf("BGP AS%d", p.PeerAsn)})
				}
			}
		}
	}
	for _, g := range sortedBy(t.Gateways, func(x model.VirtualNetworkGateway) string { return x.ID }) {
		if g.VpnClientConfiguration != nil {
			s.addEdge(Edge{Key: "p2s:" + g.ID, Kind: EdgeP2S, Ref: g.ID, From: Key(kinds.P2S, g.ID), To: gwKey[g.ID]})
		}
	}
}

// FreeSpot returns the grid point nearest to want (the top-left corner of a
// w×h box) where the box, with a margin, overlaps no top-level node of the
// scene and none of the extra boxes (copies already placed). The search
// runs in growing rings and is bounded; if nothing is free near want, the
// box goes below the whole design.
func naiveFreeSpot(s *Scene, want Point, w, h float64, extra ...Rect) Point {
	var taken []Rect
	for _, n := range s.Nodes {
		if n.Parent == "" && n.Box != (Rect{}) {
			taken = append(taken, n.Box)
		}
	}
	taken = append(taken, extra...)
	fits := func(p Point) bool {
		r := Rect{p.X - freeMargin, p.Y - freeMargin, w + 2*freeMargin, h + 2*freeMargin}
		for _, t := range taken {
			if r.X < t.X+t.W && t.X < r.X+r.W && r.Y < t.Y+t.H && t.Y < r.Y+r.H {
				return false
			}
		}
		return true
	}
	start := Snap(want, Grid)
	if fits(start) {
		return start
	}
	tries := 0
	for ring := 1; tries < maxFreeTries; ring++ {
		// The points of the square ring at distance ring (in grid cells),
		// nearest first within the ring.
		best, bestD, found := Point{}, math.Inf(1), false
		for dx := -ring; dx <= ring; dx++ {
			for _, dy := range ringDys(dx, ring) {
				tries++
				p := Point{start.X + float64(dx)*Grid, start.Y + float64(dy)*Grid}
				if d := math.Hypot(p.X-start.X, p.Y-start.Y); d < bestD && fits(p) {
					best, bestD, found = p, d, true
				}
			}
		}
		if found {
			return best
		}
	}
	b := s.Bounds
	for _, e := range extra {
		b = b.Union(e)
	}
	return Snap(Point{b.X, b.Y + b.H + 2*rowGap}, Grid)
}
