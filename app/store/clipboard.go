package store

import (
	"net/netip"
	"slices"
	"strings"

	"vnetplay/app/canvas"
	"vnetplay/app/kinds"
	"vnetplay/engine/addrindex"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
)

// Clip is a copied part of a design: top-level resources with what lives in
// them (a VNet's subnets and the VMs whose NICs are all inside copied VNets),
// the peerings among copied VNets, and their canvas positions.
type Clip struct {
	Topology model.Topology
	At       map[string]canvas.Point // top-left corners by resource id
}

// Empty reports whether the clip holds nothing.
func (c Clip) Empty() bool {
	t := c.Topology
	return len(t.VNets) == 0 && len(t.RouteTables) == 0 && len(t.NSGs) == 0
}

// Copy takes the resources refs name from the snapshot. Only top-level
// resources (VNets, route tables, NSGs) are copied; others are ignored.
func (s *Snapshot) Copy(refs []Ref) Clip {
	t := &s.Doc.Topology
	c := Clip{At: map[string]canvas.Point{}}
	vnets := map[string]bool{}
	for _, r := range refs {
		if spec, ok := kinds.Of(r.Kind); !ok || !spec.Copyable {
			continue
		}
		if n, ok := s.Scene.Node(canvas.Key(r.Kind, r.ID)); ok && n.Parent == "" {
			c.At[r.ID] = canvas.Point{X: n.Box.X, Y: n.Box.Y}
		}
		v, err := locate(t, r)
		if err != nil {
			continue
		}
		switch x := v.(type) {
		case *model.VNet:
			c.Topology.VNets = append(c.Topology.VNets, *x)
			vnets[r.ID] = true
		case *model.RouteTable:
			c.Topology.RouteTables = append(c.Topology.RouteTables, *x)
		case *model.NSG:
			c.Topology.NSGs = append(c.Topology.NSGs, *x)
		}
	}
	inCopied := func(subnet string) bool { v, _, _ := strings.Cut(subnet, "/"); return vnets[v] }
	for _, vm := range t.VMs {
		if len(vm.NICs) > 0 && !slices.ContainsFunc(vm.NICs, func(n model.NIC) bool { return !inCopied(n.Subnet) }) {
			c.Topology.VMs = append(c.Topology.VMs, vm)
		}
	}
	for _, lb := range t.LoadBalancers {
		if inCopied(lb.Subnet) {
			c.Topology.LoadBalancers = append(c.Topology.LoadBalancers, lb)
		}
	}
	for _, p := range t.Peerings {
		if vnets[p.A.VNet] && vnets[p.B.VNet] {
			c.Topology.Peerings = append(c.Topology.Peerings, p)
		}
	}
	// The clip must not share slices with the snapshot's document.
	c.Topology = *scenario.CloneTopology(&c.Topology)
	return c
}

// Paste adds a clip to the design with fresh ids ("hub" becomes "hub-copy",
// then "hub-copy-2"), references inside the clip rewired to the copies,
// references to resources outside it kept, and positions offset by Offset.
// Each copied VNet range moves to the next free block of its size in
// 10.0.0.0/8 (like a new VNet), and every address inside it — subnets,
// NICs, load balancer frontends, next hops of copied route tables — moves
// with it, so a pasted spoke is a new spoke, not an overlapping twin.
type Paste struct {
	Clip   Clip
	Offset canvas.Point
	// At, when set, places copies exactly (by the original's id), as the
	// UI does to put each copy in free space; the others move by Offset.
	At map[string]canvas.Point
}

func (e Paste) Label() string { return "paste" }
func (e Paste) apply(doc *scenario.Document) (Outcome, error) {
	if e.Clip.Empty() {
		return Outcome{}, ErrNoChange
	}
	cp := scenario.CloneTopology(&e.Clip.Topology)
	var created []Ref
	t := &doc.Topology
	taken := existing(t) // the copies' names are added as they are chosen
	rename := func(kind, id string) string {
		n := kinds.FreeName(func(c string) bool { return taken[kind+":"+c] }, id+"-copy")
		taken[kind+":"+n] = true
		return n
	}
	vnetID, rtID, nsgID := map[string]string{}, map[string]string{}, map[string]string{}
	for i := range cp.VNets {
		vnetID[cp.VNets[i].ID] = rename("vnet", cp.VNets[i].ID)
	}
	for i := range cp.RouteTables {
		rtID[cp.RouteTables[i].ID] = rename("rt", cp.RouteTables[i].ID)
	}
	for i := range cp.NSGs {
		nsgID[cp.NSGs[i].ID] = rename("nsg", cp.NSGs[i].ID)
	}
	mapped := func(m map[string]string, id string) string {
		if n, ok := m[id]; ok {
			return n
		}
		return id
	}
	// A reference to a resource outside the clip is kept when the design
	// has it (a paste in the same design) and cleared when it does not
	// (a paste into another design): said in Outcome.Unlinked.
	has := existing(t)
	var unlinked []string
	linked := func(m map[string]string, kind, id, holder string) string {
		if n, ok := m[id]; ok || id == "" {
			return n
		}
		if has[kind+":"+id] {
			return id
		}
		unlinked = append(unlinked, refNoun(kind)+" "+id+" (of "+holder+")")
		return ""
	}
	subnetRef := func(s string) string {
		v, name, ok := strings.Cut(s, "/")
		if !ok {
			return s
		}
		return mapped(vnetID, v) + "/" + name
	}
	move := readdress(t, cp.VNets)
	if doc.Layout == nil {
		doc.Layout = &scenario.Layout{}
	}
	if doc.Layout.Nodes == nil {
		doc.Layout.Nodes = map[string]scenario.Point{}
	}
	place := func(oldID, newID string) {
		if p, ok := e.At[oldID]; ok {
			doc.Layout.Nodes[newID] = scenario.Point{X: p.X, Y: p.Y}
		} else if p, ok := e.Clip.At[oldID]; ok {
			doc.Layout.Nodes[newID] = scenario.Point{X: p.X + e.Offset.X, Y: p.Y + e.Offset.Y}
		}
	}
	for _, v := range cp.VNets {
		old := v.ID
		v.ID = vnetID[old]
		for j, sp := range v.AddressSpace.AddressPrefixes {
			v.AddressSpace.AddressPrefixes[j] = move.prefix(sp)
		}
		for j := range v.Subnets {
			sn := &v.Subnets[j]
			holder := v.ID + "/" + sn.Name
			sn.AddressPrefix = move.prefix(sn.AddressPrefix)
			sn.RouteTable = linked(rtID, "rt", sn.RouteTable, holder)
			sn.NetworkSecurityGroup = linked(nsgID, "nsg", sn.NetworkSecurityGroup, holder)
			sn.NatGateway = linked(nil, "natgw", sn.NatGateway, holder)
		}
		t.VNets = append(t.VNets, v)
		place(old, v.ID)
		created = append(created, Ref{Kind: kinds.VNet, ID: v.ID})
	}
	for _, r := range cp.RouteTables {
		old := r.ID
		r.ID = rtID[old]
		for j := range r.Routes {
			r.Routes[j].NextHopIPAddress = move.addr(r.Routes[j].NextHopIPAddress)
		}
		t.RouteTables = append(t.RouteTables, r)
		place(old, r.ID)
		created = append(created, Ref{Kind: kinds.RouteTable, ID: r.ID})
	}
	for _, n := range cp.NSGs {
		old := n.ID
		n.ID = nsgID[old]
		t.NSGs = append(t.NSGs, n)
		place(old, n.ID)
		created = append(created, Ref{Kind: kinds.NSG, ID: n.ID})
	}
	vmID := map[string]string{}
	for _, vm := range cp.VMs {
		old := vm.ID
		vm.ID = rename("vm", vm.ID)
		vmID[old] = vm.ID
		for j := range vm.NICs {
			n := &vm.NICs[j]
			n.Subnet = subnetRef(n.Subnet)
			n.PrivateIPAddress = move.addr(n.PrivateIPAddress)
			n.NetworkSecurityGroup = linked(nsgID, "nsg", n.NetworkSecurityGroup, vm.ID+"/"+n.Name)
			n.PublicIPAddress = linked(nil, "pip", n.PublicIPAddress, vm.ID+"/"+n.Name)
		}
		t.VMs = append(t.VMs, vm)
	}
	for _, lb := range cp.LoadBalancers {
		lb.ID = rename("lb", lb.ID)
		lb.Subnet = subnetRef(lb.Subnet)
		lb.FrontendPrivateIPAddress = move.addr(lb.FrontendPrivateIPAddress)
		lb.Backends = slices.Clone(lb.Backends)
		for j, b := range lb.Backends { // the copied VMs ("vm" or "vm/nic")
			v, nic, sub := strings.Cut(b, "/")
			if n, ok := vmID[v]; ok {
				lb.Backends[j] = n
				if sub {
					lb.Backends[j] += "/" + nic
				}
			}
		}
		t.LoadBalancers = append(t.LoadBalancers, lb)
	}
	for _, p := range cp.Peerings {
		p.ID = rename("peering", p.ID)
		p.A.VNet, p.B.VNet = mapped(vnetID, p.A.VNet), mapped(vnetID, p.B.VNet)
		t.Peerings = append(t.Peerings, p)
	}
	return Outcome{Created: created, Unlinked: unlinked}, nil
}

// refNoun names a kind of existing's keys in words.
func refNoun(kind string) string {
	switch kind {
	case "rt":
		return "route table"
	case "nsg":
		return "network security group"
	case "natgw":
		return "NAT gateway"
	}
	return "public IP"
}

// existing indexes the design's resources a paste names or refers to, as
// "kind:id": the kinds Paste copies (vnet, rt, nsg, vm, lb, peering) and
// those a copy may refer to outside the clip (natgw, pip).
func existing(t *model.Topology) map[string]bool {
	has := map[string]bool{}
	for _, v := range t.VNets {
		has["vnet:"+v.ID] = true
	}
	for _, vm := range t.VMs {
		has["vm:"+vm.ID] = true
	}
	for _, lb := range t.LoadBalancers {
		has["lb:"+lb.ID] = true
	}
	for _, p := range t.Peerings {
		has["peering:"+p.ID] = true
	}
	for _, r := range t.RouteTables {
		has["rt:"+r.ID] = true
	}
	for _, n := range t.NSGs {
		has["nsg:"+n.ID] = true
	}
	for _, g := range t.NatGateways {
		has["natgw:"+g.ID] = true
	}
	for _, p := range t.PublicIPAddresses {
		has["pip:"+p.ID] = true
	}
	return has
}

// shift maps old IPv4 ranges to new ones of the same size.
type shift map[netip.Prefix]netip.Prefix

// readdress picks a free block of the same size for every IPv4 range of the
// given VNets, avoiding the design's ranges and each other.
func readdress(t *model.Topology, vnets []model.VNet) shift {
	taken := addrindex.New()
	for _, v := range t.VNets {
		for _, sp := range v.AddressSpace.AddressPrefixes {
			if p, err := netip.ParsePrefix(sp); err == nil {
				_ = taken.Insert(p, v.ID)
			}
		}
	}
	m := shift{}
	for _, v := range vnets {
		for _, sp := range v.AddressSpace.AddressPrefixes {
			p, err := netip.ParsePrefix(sp)
			if err != nil || !p.Addr().Is4() || p.Bits() < 8 {
				continue
			}
			p = p.Masked()
			if q, ok := kinds.FirstFree(taken, netip.MustParsePrefix("10.0.0.0/8"), p.Bits()); ok {
				m[p] = q
				_ = taken.Insert(q, v.ID+"-copy")
			}
		}
	}
	return m
}

func u32(a netip.Addr) uint32 {
	b := a.As4()
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}

func addrOf(x uint32) netip.Addr {
	return netip.AddrFrom4([4]byte{byte(x >> 24), byte(x >> 16), byte(x >> 8), byte(x)})
}

// addr moves an address that lies in a moved range; others are unchanged.
func (m shift) addr(s string) string {
	a, err := netip.ParseAddr(s)
	if err != nil || !a.Is4() {
		return s
	}
	for from, to := range m {
		if from.Contains(a) {
			return addrOf(u32(to.Addr()) + u32(a) - u32(from.Addr())).String()
		}
	}
	return s
}

// prefix moves a prefix that lies in a moved range.
func (m shift) prefix(s string) string {
	p, err := netip.ParsePrefix(s)
	if err != nil || !p.Addr().Is4() {
		return s
	}
	for from, to := range m {
		if from.Bits() <= p.Bits() && from.Contains(p.Addr()) {
			return netip.PrefixFrom(addrOf(u32(to.Addr())+u32(p.Addr())-u32(from.Addr())), p.Bits()).String()
		}
	}
	return s
}
