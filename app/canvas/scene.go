package canvas

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

// EdgeKind names what an edge means.
type EdgeKind string

// Edge kinds.
const (
	EdgePeering     EdgeKind = "peering"
	EdgeAssociation EdgeKind = "association" // route table, NSG or NAT gateway to the subnet/NIC it applies to; public IP to what it is attached to
	EdgeConnection  EdgeKind = "connection"  // S2S, VNet-to-VNet or ExpressRoute connection (Ref: its id)
	EdgeCircuitSite EdgeKind = "circuit"     // an ExpressRoute circuit to its on-prem edge
	EdgeGlobalReach EdgeKind = "global-reach"
	EdgeBGP         EdgeKind = "bgp" // a Route Server BGP session to an NVA
	EdgeP2S         EdgeKind = "p2s" // a P2S pool to its gateway
)

// Node is one box on the canvas, in world coordinates.
type Node struct {
	Key     string     // unique in the scene: "<kind>:<id>"
	Kind    kinds.Kind //
	Ref     string     // the resource id it stands for (what selection and the inspector use)
	Label   string     // main text
	Detail  string     // second line: address space, prefix, IP
	Parent  string     // Key of the containing node, "" for top-level nodes
	Box     Rect
	Movable bool   // top-level nodes can be dragged; children move with them
	NIC     string // for VM/NVA chips: the engine's NIC id ("vm/nic")
}

// Edge connects two nodes.
type Edge struct {
	Key      string
	Kind     EdgeKind
	Ref      string // resource id (the peering's id; "" for associations)
	From, To string // node Keys
	Label    string // e.g. "Initiated", shown for anything but a healthy edge
	State    string // peering: "Connected", "Initiated", "Disconnected"; "" otherwise
	A, B     Point  // end points on the two boxes' borders
}

// Scene is everything the canvas draws, in drawing order: containers before
// their children, so the last node containing a point is the topmost.
type Scene struct {
	Nodes  []Node
	Edges  []Edge
	Bounds Rect
	index  map[string]int
	shape  *sceneShape // shared with the scenes MovedScene derives from this one
	// What NodeRef and EdgeRef return, when the scene shares them with
	// the scene it was derived from (MovedScene); nil: the addresses of
	// Nodes' and Edges' own elements.
	nodeRefs []*Node
	edgeRefs []*Edge
}

// EdgeLength is the summed length of the scene's edges (each from A to
// B), in world units: what a dash pattern along them costs to draw grows
// with it.
func (s *Scene) EdgeLength() float64 {
	total := 0.0
	for i := range s.Edges {
		e := &s.Edges[i]
		total += math.Hypot(e.B.X-e.A.X, e.B.Y-e.A.Y)
	}
	return total
}

// NodeRef is the i-th node, as a pointer that identifies this version of
// the node: a scene derived from this one by MovedScene returns the same
// pointer for every node it did not move, and a new one for each node it
// moved. Equal pointers therefore mean equal nodes, which lets the canvas
// skip unchanged nodes in O(1) each; different pointers may still hold
// equal nodes. What it points to must not be changed. *NodeRef(i) ==
// Nodes[i].
func (s *Scene) NodeRef(i int) *Node {
	if s.nodeRefs != nil {
		return s.nodeRefs[i]
	}
	return &s.Nodes[i]
}

// EdgeRef is the i-th edge, as NodeRef is the i-th node.
func (s *Scene) EdgeRef(i int) *Edge {
	if s.edgeRefs != nil {
		return s.edgeRefs[i]
	}
	return &s.Edges[i]
}

// Node returns the node with key k.
func (s *Scene) Node(k string) (Node, bool) {
	i, ok := s.index[k]
	if !ok {
		return Node{}, false
	}
	return s.Nodes[i], true
}

// HitTest returns the topmost node containing p (world coordinates).
func (s *Scene) HitTest(p Point) (Node, bool) {
	for i := len(s.Nodes) - 1; i >= 0; i-- {
		if s.Nodes[i].Box.Contains(p) {
			return s.Nodes[i], true
		}
	}
	return Node{}, false
}

// InRect returns the keys of the top-level nodes whose boxes intersect r
// (rubber-band selection), in drawing order.
func (s *Scene) InRect(r Rect) []string {
	var out []string
	for _, n := range s.Nodes {
		if n.Parent == "" && n.Box.Intersects(r) {
			out = append(out, n.Key)
		}
	}
	return out
}

// Layout sizes, in world units (one unit is one CSS pixel at zoom 1).
const (
	Grid         = 24.0
	vnetWidth    = 312.0
	vnetHeader   = 56.0
	pad          = 12.0
	subnetHeader = 44.0
	chipH        = 28.0
	chipGap      = 8.0
	satelliteW   = 168.0
	satelliteH   = 56.0
	satelliteGap = 28.0
	columnGap    = 140.0
	rowGap       = 48.0
	// Endpoint chips fill a subnet's inner width, one per row, so that a
	// name and an address both fit.
	chipW = vnetWidth - 4*pad
)

// Key builds a node key.
func Key(kind kinds.Kind, id string) string { return string(kind) + ":" + id }

// BuildScene lays out a document. Top-level nodes with a usable position in
// doc.Layout (UsablePosition) keep it; the others are placed by AutoLayout
// and the rules below. It never fails: dangling references are drawn
// without their edge (lint reports them). It costs O(n log n) in the
// number of resources and references, whatever the design's shape
// (BenchmarkBuildScene measures the shapes that used to be quadratic).
func BuildScene(doc *scenario.Document) *Scene {
	t := &doc.Topology
	size := sceneSize(t)
	s := &Scene{Nodes: make([]Node, 0, size), Edges: make([]Edge, 0, edgeSize(t)), index: make(map[string]int, size), shape: &sceneShape{}}
	saved := map[string]scenario.Point{}
	if doc.Layout != nil {
		saved = doc.Layout.Nodes
	}

	// Sizes first: a VNet's height follows from its subnets' contents.
	endpoints := endpointsBySubnet(t)
	vnetH := vnetHeights(t, endpoints)
	vnets := sortedVNets(t)
	pos := autoLayout(vnets, t.Peerings, vnetH, saved)

	// VNets with their subnets and endpoints.
	subnetBox := map[string]Rect{}
	for _, v := range vnets {
		p := pos[v.ID]
		box := Rect{p.X, p.Y, vnetWidth, vnetH[v.ID]}
		vk := Key(kinds.VNet, v.ID)
		if _, dup := s.index[vk]; dup {
			continue // a repeated id (a lint error): the first is drawn, with its own subnets only
		}
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
	orphans := orphanChips(t, subnetBox)

	// Route tables, NSGs and the Internet edge sit beside the first subnet
	// they serve.
	satellites := append(satellitePlacement(t, vnets), orphans...)
	used := map[string]float64{} // next free y beside each VNet
	for _, sat := range satellites {
		var box Rect
		if p, ok := savedAt(saved, sat.ref); ok {
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
	s.placeLoose(saved)

	// The on-premises side: sites (with their VPN devices and hosts), then
	// ExpressRoute circuits and P2S pools, in columns left of the VNets.
	s.addHybridColumns(t, saved)

	// The Internet, above the design.
	inet := Rect{0, 0, 152, 48}
	if p, ok := savedAt(saved, "Internet"); ok {
		inet.X, inet.Y = p.X, p.Y
	} else {
		b := s.bounds()
		inet.X, inet.Y = b.X, b.Y-inet.H-2*rowGap
	}
	s.add(Node{Key: Key(kinds.Internet, "Internet"), Kind: kinds.Internet, Ref: "Internet", Label: "Internet", Box: inet, Movable: true})

	s.addEdges(t, vnets)
	s.addHybridEdges(t)
	if len(s.Edges) == 0 {
		s.Edges = nil // as a scene without edges always was
	}
	s.Bounds = s.bounds()
	return s
}

// sceneSize bounds the number of nodes BuildScene draws for t (endpoints
// in missing subnets and devices of missing sites are not drawn), so that
// the scene is allocated once.
func sceneSize(t *model.Topology) int {
	n := 1 + len(t.VNets) + len(t.RouteTables) + len(t.NSGs) + len(t.LoadBalancers) + len(t.Gateways) +
		len(t.RouteServers) + len(t.LocalNetworkGateways) + len(t.Circuits) + len(t.PublicIPAddresses) + len(t.NatGateways) +
		len(t.PrivateEndpoints) + len(t.PrivateDNSZones) + len(t.DNSResolvers) + len(t.DNSForwardingRulesets)
	for _, v := range t.VNets {
		n += len(v.Subnets)
	}
	for _, vm := range t.VMs {
		n += len(vm.NICs)
	}
	for _, site := range t.Sites {
		n += 1 + len(site.Hosts)
	}
	for _, g := range t.Gateways {
		if g.VpnClientConfiguration != nil {
			n += 1 + len(g.VpnClientConfiguration.Clients)
		}
	}
	return n
}

// edgeSize is about the number of edges BuildScene draws for t (a BGP
// peer address shared by several chips draws more), so that the edges are
// allocated once.
func edgeSize(t *model.Topology) int {
	n := len(t.Peerings) + len(t.Connections) + len(t.Gateways) + len(t.PublicIPAddresses) + len(t.PrivateEndpoints)
	for _, z := range t.PrivateDNSZones {
		n += len(z.VirtualNetworkLinks)
	}
	for _, r := range t.DNSForwardingRulesets {
		n += len(r.VirtualNetworkLinks)
	}
	for _, v := range t.VNets {
		n += 3 * len(v.Subnets)
	}
	for _, vm := range t.VMs {
		n += len(vm.NICs)
	}
	for _, c := range t.Circuits {
		n += 1 + len(c.GlobalReach)
	}
	for _, rs := range t.RouteServers {
		n += len(rs.BgpConnections)
	}
	return n
}

// vnetHeights is the height of each VNet's box, by id (the last VNet of a
// repeated id wins): its header, and its subnets with their endpoints.
func vnetHeights(t *model.Topology, endpoints map[string][]endpoint) map[string]float64 {
	vnetH := map[string]float64{}
	for _, v := range t.VNets {
		if _, dup := vnetH[v.ID]; dup {
			continue // duplicate ids are a lint error; the first is drawn (Scene.add)
		}
		h := vnetHeader
		for _, sn := range v.Subnets {
			h += subnetHeight(len(endpoints[v.ID+"/"+sn.Name])) + pad
		}
		vnetH[v.ID] = max(h, vnetHeader+pad)
	}
	return vnetH
}

func (s *Scene) add(n Node) {
	if _, dup := s.index[n.Key]; dup {
		return // duplicate ids are a lint error; draw the first
	}
	s.index[n.Key] = len(s.Nodes)
	s.Nodes = append(s.Nodes, n)
}

func (s *Scene) bounds() Rect {
	var b Rect
	for _, n := range s.Nodes {
		if n.Box != (Rect{}) {
			b = b.Union(n.Box)
		}
	}
	return b
}

// placeLoose gives a position to satellites that got none (no subnet and no
// saved position): a row under the design.
func (s *Scene) placeLoose(saved map[string]scenario.Point) {
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

// addEdges draws peerings and associations (vnets: the topology's VNets,
// sorted by id), the Internet edge's included.
func (s *Scene) addEdges(t *model.Topology, vnets []model.VNet) {
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
	for _, v := range vnets {
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
	s.addEdgeAssociations(t)
	s.addNameAssociations(t) // names.go
}

func (s *Scene) addEdge(e Edge) {
	from, ok1 := s.Node(e.From)
	to, ok2 := s.Node(e.To)
	if !ok1 || !ok2 || e.From == e.To {
		return
	}
	e.A = from.Box.Anchor(to.Box.Center())
	e.B = to.Box.Anchor(from.Box.Center())
	s.Edges = append(s.Edges, e)
}

type endpoint struct {
	key, ref, label, ip, nic string
	kind                     kinds.Kind
}

func nicKey(vm model.VM, nic model.NIC) string {
	if len(vm.NICs) == 1 {
		return Key(kinds.VM, vm.ID)
	}
	return Key(kinds.VM, vm.ID+"/"+nic.Name)
}

// endpointsBySubnet lists each subnet's NICs (VM or NVA chips) and internal
// load balancer frontends, sorted by label. Public load balancers are
// satellites (edgeSatellites).
func endpointsBySubnet(t *model.Topology) map[string][]endpoint {
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
		if lb.IsPublic() {
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
	nameEndpoints(t, out)
	for k := range out {
		slices.SortFunc(out[k], func(a, b endpoint) int { return cmp.Compare(a.key, b.key) })
	}
	return out
}

func subnetHeight(endpoints int) float64 {
	return subnetHeader + float64(endpoints)*(chipH+chipGap)
}

type satellite struct {
	kind        kinds.Kind
	ref, subnet string
	detail      string
	vnet        string // set for orphan chips: beside this VNet
}

// satellitePlacement lists route tables and NSGs with the first subnet (in
// VNet and subnet order; vnets sorted by id) that uses them, then the
// Internet edge's satellites (edgeSatellites).
func satellitePlacement(t *model.Topology, vnets []model.VNet) []satellite {
	first := map[string]string{}
	for _, v := range vnets {
		for _, sn := range v.Subnets {
			id := v.ID + "/" + sn.Name
			if sn.RouteTable != "" && first["rt:"+sn.RouteTable] == "" {
				first["rt:"+sn.RouteTable] = id
			}
			if sn.NetworkSecurityGroup != "" && first["nsg:"+sn.NetworkSecurityGroup] == "" {
				first["nsg:"+sn.NetworkSecurityGroup] = id
			}
			if sn.NatGateway != "" && first["nat:"+sn.NatGateway] == "" {
				first["nat:"+sn.NatGateway] = id
			}
		}
	}
	var out []satellite
	for _, rt := range sortedBy(t.RouteTables, func(r model.RouteTable) string { return r.ID }) {
		id, routes := routeTableDrawn(&rt)
		out = append(out, satellite{kind: kinds.RouteTable, ref: id, subnet: first["rt:"+id], detail: plural(routes, "route")})
	}
	for _, n := range sortedBy(t.NSGs, func(n model.NSG) string { return n.ID }) {
		id, rules := nsgDrawn(&n)
		out = append(out, satellite{kind: kinds.NSG, ref: id, subnet: first["nsg:"+id], detail: plural(rules, "rule")})
	}
	out = append(out, edgeSatellites(t, first)...)
	return append(out, nameSatellites(t, vnets)...) // names.go
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func sortedVNets(t *model.Topology) []model.VNet {
	return sortedBy(t.VNets, func(v model.VNet) string { return v.ID })
}

// sortedBy returns a copy of in sorted by key, stably. It sorts indices,
// not the (large) elements, and calls key once per element.
func sortedBy[T any](in []T, key func(T) string) []T {
	keys := make([]string, len(in))
	idx := make([]int, len(in))
	for i, x := range in {
		keys[i], idx[i] = key(x), i
	}
	slices.SortFunc(idx, func(a, b int) int { return cmp.Or(cmp.Compare(keys[a], keys[b]), cmp.Compare(a, b)) })
	out := make([]T, len(in))
	for i, j := range idx {
		out[i] = in[j]
	}
	return out
}

// NICNode returns the chip of an engine NIC id ("vm/nic"), or the Internet
// node for "Internet".
func (s *Scene) NICNode(nic string) (Node, bool) {
	if nic == "Internet" {
		return s.Node(Key(kinds.Internet, "Internet"))
	}
	for _, n := range s.Nodes {
		if n.NIC == nic && nic != "" {
			return n, true
		}
	}
	if vm, rest, ok := strings.Cut(nic, "/"); ok && rest != "" {
		// A host behind an NVA ("vm/network/host", or "vm/network" for an
		// address with no declared host) is drawn at the NVA's NIC: the
		// network behind it is outside Azure (rule:nva.networks-behind).
		for _, n := range s.Nodes {
			if (n.Kind == kinds.NVA || n.Kind == kinds.VM) && strings.HasPrefix(n.NIC, vm+"/") {
				return n, true
			}
		}
	}
	return Node{}, false
}

// HopNode returns the node a packet walk's hop stands at: an endpoint
// (a NIC, an on-premises host, a P2S client), the Internet, or a device the
// walk crosses by name: a virtual network gateway, an ExpressRoute
// circuit, an on-premises site's router, a local network gateway, a Route
// Server, a private endpoint (where a walk to it ends). Every hop the engine lists has one, so a drawn walk passes
// through each.
func (s *Scene) HopNode(hop string) (Node, bool) {
	if hop == "AzureService" { // a service endpoint's exit: drawn at the Internet
		hop = "Internet"
	}
	if n, ok := s.NICNode(hop); ok {
		return n, true
	}
	for _, k := range []kinds.Kind{kinds.VPNGateway, kinds.ERGateway, kinds.Circuit, kinds.Site, kinds.LNG, kinds.RouteServer, kinds.PrivateEndpoint} {
		if n, ok := s.Node(Key(k, hop)); ok {
			return n, true
		}
	}
	return Node{}, false
}

// Within returns the node of the given kind that is n itself or contains n
// (the subnet or VNet a drop landed in).
func (s *Scene) Within(n Node, kind kinds.Kind) (Node, bool) {
	for {
		if n.Kind == kind {
			return n, true
		}
		if n.Parent == "" {
			return Node{}, false
		}
		p, ok := s.Node(n.Parent)
		if !ok {
			return Node{}, false
		}
		n = p
	}
}

// orphanChips lists gateways and Route Servers whose VNet lacks the special
// subnet they belong in.
func orphanChips(t *model.Topology, subnetBox map[string]Rect) []satellite {
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

const (
	siteW    = 240.0
	circuitW = 200.0
	// p2sW is a P2S pool's width: its label names the gateway ("P2S
	// clients of hub-vpngw"), and its chips a client and its address; at
	// a circuit's width both were cut.
	p2sW    = siteW
	hybridH = 56.0
)

// hybridW is the width of a site, circuit or P2S pool.
func hybridW(k kinds.Kind) float64 {
	switch k {
	case kinds.Circuit:
		return circuitW
	case kinds.P2S:
		return p2sW
	}
	return siteW
}

// addHybridColumns places sites (with their local network gateways and
// hosts as chips), circuits and P2S pools. Saved positions win; the others
// stack in two columns left of the design, centred on it: the sites, then
// the circuits and pools, right-aligned.
func (s *Scene) addHybridColumns(t *model.Topology, saved map[string]scenario.Point) {
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
	lngs := lngsBySite(t)
	for _, site := range sortedBy(t.Sites, func(x model.Site) string { return x.ID }) {
		sk := Key(kinds.Site, site.ID)
		var kids []Node
		for _, l := range lngs[site.ID] {
			kids = append(kids, Node{Key: Key(kinds.LNG, l.ID), Kind: kinds.LNG, Ref: l.ID, Label: l.ID, Detail: l.GatewayIPAddress, Parent: sk})
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
		if p, ok := savedAt(saved, n.Ref); ok && n.Kind != kinds.P2S {
			n.Box.X, n.Box.Y = p.X, p.Y
		} else if p, ok := savedAt(saved, n.Key); ok {
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

// lngsBySite lists the local network gateways of each site, by id.
func lngsBySite(t *model.Topology) map[string][]model.LocalNetworkGateway {
	out := map[string][]model.LocalNetworkGateway{}
	for _, l := range sortedBy(t.LocalNetworkGateways, func(x model.LocalNetworkGateway) string { return x.ID }) {
		out[l.Site] = append(out[l.Site], l)
	}
	return out
}

// chipsByIP lists the VM and NVA chips of the scene by their address (the
// node's Detail), each list in drawing order: the BGP peers of Route
// Servers are found by address.
func (s *Scene) chipsByIP() map[string][]int {
	out := map[string][]int{}
	for i, n := range s.Nodes {
		if (n.Kind == kinds.NVA || n.Kind == kinds.VM) && n.Detail != "" {
			out[n.Detail] = append(out[n.Detail], i)
		}
	}
	return out
}

// addHybridEdges draws connections, circuit links, Global Reach, Route
// Server BGP sessions and P2S pools.
func (s *Scene) addHybridEdges(t *model.Topology) {
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
	chips := s.chipsByIP()
	for _, rs := range sortedBy(t.RouteServers, func(x model.RouteServer) string { return x.ID }) {
		for _, p := range rs.BgpConnections {
			for _, i := range chips[p.PeerIP] {
				s.addEdge(Edge{Key: "bgp:" + rs.ID + "/" + p.Name, Kind: EdgeBGP, Ref: rs.ID + "/" + p.Name, From: Key(kinds.RouteServer, rs.ID), To: s.Nodes[i].Key,
					Label: fmt.Sprintf("BGP AS%d", p.PeerAsn)})
			}
		}
	}
	for _, g := range sortedBy(t.Gateways, func(x model.VirtualNetworkGateway) string { return x.ID }) {
		if g.VpnClientConfiguration != nil {
			s.addEdge(Edge{Key: "p2s:" + g.ID, Kind: EdgeP2S, Ref: g.ID, From: Key(kinds.P2S, g.ID), To: gwKey[g.ID]})
		}
	}
}

// LayoutKey is the key under which a top-level node's position is saved in
// the document's layout: the resource id, or the node key for a P2S pool
// (whose id is its gateway's).
func LayoutKey(n Node) string {
	if s, ok := kinds.Of(n.Kind); ok && s.Parent != "" {
		return n.Key
	}
	return n.Ref
}

// LayoutKeys lists the layout keys of every top-level node the topology
// draws (see LayoutKey): what a layout may hold positions for.
func LayoutKeys(t *model.Topology) map[string]bool {
	out := map[string]bool{"Internet": true}
	for _, s := range kinds.All() {
		if s.Placement != kinds.TopLevel || !s.IsResource() {
			continue
		}
		for _, id := range s.IDs(t) {
			if s.Parent != "" {
				out[Key(s.Kind, id)] = true
			} else {
				out[id] = true
			}
		}
	}
	// A public load balancer has no subnet: it is a satellite, not a chip.
	for _, lb := range t.LoadBalancers {
		if lb.IsPublic() {
			out[lb.ID] = true
		}
	}
	return out
}
