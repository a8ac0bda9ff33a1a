package store

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"vnetplay/app/canvas"
	"vnetplay/engine/addrindex"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
)

// SetProperty sets one property of a resource from its text form (see
// Field). It is guarded: a value that creates an error on the resource or
// its connections is refused.
type SetProperty struct {
	Ref   Ref
	Path  string // as in Field.Path
	Value string
}

func (e SetProperty) Label() string       { return "edit " + e.Ref.ID + " " + lastName(e.Path) }
func (e SetProperty) guard() Ref          { return e.Ref }
func (e SetProperty) coalesceKey() string { return "prop:" + e.Ref.String() + ":" + e.Path }
func (e SetProperty) apply(doc *scenario.Document) error {
	r, err := locate(&doc.Topology, e.Ref)
	if err != nil {
		return err
	}
	return setProperty(r, e.Path, e.Value)
}

func lastName(path string) string {
	if i := strings.LastIndex(path, "."); i >= 0 {
		path = path[i+1:]
	}
	name, _, _ := strings.Cut(path, "[")
	return name
}

// AddItem appends an empty element to a list property (a route, a rule, a
// NIC); RemoveItem deletes element Index.
type AddItem struct {
	Ref  Ref
	Path string
}

func (e AddItem) Label() string { return "add to " + e.Ref.ID + " " + lastName(e.Path) }
func (e AddItem) apply(doc *scenario.Document) error {
	r, err := locate(&doc.Topology, e.Ref)
	if err != nil {
		return err
	}
	_, err = addItem(r, e.Path)
	return err
}

type RemoveItem struct {
	Ref   Ref
	Path  string
	Index int
}

func (e RemoveItem) Label() string { return "remove from " + e.Ref.ID + " " + lastName(e.Path) }
func (e RemoveItem) apply(doc *scenario.Document) error {
	r, err := locate(&doc.Topology, e.Ref)
	if err != nil {
		return err
	}
	return removeItem(r, e.Path, e.Index)
}

// Move sets the canvas positions of top-level nodes (by resource id), as a
// drag does. Moves with the same Gesture coalesce into one undo step.
// Pin holds the current positions of the other top-level nodes that have
// no saved position yet: they are saved too, so that the auto-layout of the
// rest does not shift them when one node moves.
type Move struct {
	To      map[string]canvas.Point
	Pin     map[string]canvas.Point
	Gesture string
}

func (e Move) Label() string       { return "move" }
func (e Move) layoutOnly()         {}
func (e Move) coalesceKey() string { return "move:" + e.Gesture }
func (e Move) apply(doc *scenario.Document) error {
	if len(e.To) == 0 {
		return ErrNoChange
	}
	if doc.Layout == nil {
		doc.Layout = &scenario.Layout{}
	}
	if doc.Layout.Nodes == nil {
		doc.Layout.Nodes = map[string]scenario.Point{}
	}
	for id, p := range e.Pin {
		if _, saved := doc.Layout.Nodes[id]; !saved {
			doc.Layout.Nodes[id] = scenario.Point{X: p.X, Y: p.Y}
		}
	}
	for id, p := range e.To {
		doc.Layout.Nodes[id] = scenario.Point{X: p.X, Y: p.Y}
	}
	return nil
}

// AddVNet adds a VNet at a canvas position with the next free /16 of
// 10.0.0.0/8 and one /24 subnet "default" (what a user expects from the
// portal's defaults).
type AddVNet struct {
	At canvas.Point
}

func (e AddVNet) Label() string { return "add VNet" }
func (e AddVNet) apply(doc *scenario.Document) error {
	t := &doc.Topology
	id := freeID(func(id string) bool { return hasVNet(t, id) }, "vnet")
	space, ok := freePrefix(t, netip.MustParsePrefix("10.0.0.0/8"), 16)
	if !ok {
		return fmt.Errorf("no free /16 left in 10.0.0.0/8")
	}
	sub := netip.PrefixFrom(space.Addr(), 24)
	t.VNets = append(t.VNets, model.VNet{ID: id, AddressSpace: model.AddressSpace{AddressPrefixes: []string{space.String()}},
		Subnets: []model.Subnet{{Name: "default", AddressPrefix: sub.String()}}})
	return Move{To: map[string]canvas.Point{id: canvas.Snap(e.At, canvas.Grid)}}.apply(doc)
}

// AddSubnet adds a subnet to a VNet: the next free /24 of its address space
// (a /27 for GatewaySubnet, F83–F84), named Name or "subnetN".
type AddSubnet struct {
	VNet string
	Name string
}

func (e AddSubnet) Label() string { return "add subnet to " + e.VNet }
func (e AddSubnet) apply(doc *scenario.Document) error {
	t := &doc.Topology
	i := indexOf(t.VNets, func(v model.VNet) bool { return v.ID == e.VNet })
	if i < 0 {
		return fmt.Errorf("VNet %s not found", e.VNet)
	}
	v := &t.VNets[i]
	name := e.Name
	if name == "" {
		name = freeID(func(n string) bool {
			return slices.ContainsFunc(v.Subnets, func(s model.Subnet) bool { return s.Name == n })
		}, "subnet")
	} else if slices.ContainsFunc(v.Subnets, func(s model.Subnet) bool { return s.Name == name }) {
		return fmt.Errorf("%s already has a subnet %s", v.ID, name)
	}
	bits := 24
	switch name {
	case model.GatewaySubnet:
		bits = 27 // F83–F84
	case model.RouteServerSubnet:
		bits = 26 // F157
	}
	taken := addrindex.New()
	for _, s := range v.Subnets {
		if p, err := netip.ParsePrefix(s.AddressPrefix); err == nil {
			_ = taken.Insert(p, s.Name)
		}
	}
	for _, sp := range v.AddressSpace.AddressPrefixes {
		space, err := netip.ParsePrefix(sp)
		if err != nil || space.Bits() > bits {
			continue
		}
		if p, ok := firstFree(taken, space.Masked(), bits); ok {
			v.Subnets = append(v.Subnets, model.Subnet{Name: name, AddressPrefix: p.String()})
			return nil
		}
	}
	return fmt.Errorf("no free /%d left in %s's address space", bits, v.ID)
}

// AddVM adds a VM (or an NVA: IP forwarding on the NIC and in the guest) to
// a subnet, on the subnet's first free usable address (F201: Azure reserves
// the first four and the last).
type AddVM struct {
	Subnet string // "<vnet>/<subnet>"
	NVA    bool
}

func (e AddVM) Label() string {
	if e.NVA {
		return "add NVA"
	}
	return "add VM"
}

func (e AddVM) apply(doc *scenario.Document) error {
	t := &doc.Topology
	r, err := locate(t, Ref{Kind: canvas.KindSubnet, ID: e.Subnet})
	if err != nil {
		return err
	}
	prefix, err := netip.ParsePrefix(r.(*model.Subnet).AddressPrefix)
	if err != nil || !prefix.Addr().Is4() {
		return fmt.Errorf("subnet %s has no valid IPv4 prefix", e.Subnet)
	}
	used := map[netip.Addr]bool{}
	for _, vm := range t.VMs {
		for _, n := range vm.NICs {
			if a, err := netip.ParseAddr(n.PrivateIPAddress); err == nil {
				used[a] = true
			}
		}
	}
	for _, lb := range t.LoadBalancers {
		if a, err := netip.ParseAddr(lb.FrontendPrivateIPAddress); err == nil {
			used[a] = true
		}
	}
	ip, ok := firstFreeHost(prefix.Masked(), used)
	if !ok {
		return fmt.Errorf("subnet %s is full", e.Subnet)
	}
	base := "vm"
	if e.NVA {
		base = "nva"
	}
	id := freeID(func(id string) bool { return slices.ContainsFunc(t.VMs, func(v model.VM) bool { return v.ID == id }) }, base)
	t.VMs = append(t.VMs, model.VM{ID: id, GuestIPForwarding: e.NVA, NICs: []model.NIC{{
		Name: "nic0", Subnet: e.Subnet, PrivateIPAddress: ip.String(), EnableIPForwarding: e.NVA,
	}}})
	return nil
}

// AddRouteTable and AddNSG add an empty route table or NSG at a position.
type AddRouteTable struct{ At canvas.Point }

func (e AddRouteTable) Label() string { return "add route table" }
func (e AddRouteTable) apply(doc *scenario.Document) error {
	t := &doc.Topology
	id := freeID(func(id string) bool {
		return slices.ContainsFunc(t.RouteTables, func(r model.RouteTable) bool { return r.ID == id })
	}, "rt")
	t.RouteTables = append(t.RouteTables, model.RouteTable{ID: id})
	return Move{To: map[string]canvas.Point{id: canvas.Snap(e.At, canvas.Grid)}}.apply(doc)
}

type AddNSG struct{ At canvas.Point }

func (e AddNSG) Label() string { return "add NSG" }
func (e AddNSG) apply(doc *scenario.Document) error {
	t := &doc.Topology
	id := freeID(func(id string) bool { return slices.ContainsFunc(t.NSGs, func(n model.NSG) bool { return n.ID == id }) }, "nsg")
	t.NSGs = append(t.NSGs, model.NSG{ID: id})
	return Move{To: map[string]canvas.Point{id: canvas.Snap(e.At, canvas.Grid)}}.apply(doc)
}

// Connect joins two resources; what it creates follows from their kinds:
// VNet–VNet makes a peering (both links, connected), route table–subnet and
// NSG–subnet or NSG–VM associate them. Any other pair is refused with the
// reason.
type Connect struct{ From, To Ref }

func (e Connect) Label() string { return "connect " + e.From.ID + " to " + e.To.ID }
func (e Connect) apply(doc *scenario.Document) error {
	a, b := e.From, e.To
	if a == b {
		return fmt.Errorf("cannot connect %s to itself", a.ID)
	}
	t := &doc.Topology
	if ok, err := connectHybrid(t, a, b); ok {
		return err
	}
	// Put the pair in a canonical order for the association cases.
	if b.Kind == canvas.KindRouteTable || b.Kind == canvas.KindNSG {
		a, b = b, a
	}
	switch {
	case a.Kind == canvas.KindVNet && b.Kind == canvas.KindVNet:
		for _, p := range t.Peerings {
			if (p.A.VNet == a.ID && p.B.VNet == b.ID) || (p.A.VNet == b.ID && p.B.VNet == a.ID) {
				return fmt.Errorf("%s and %s are already peered (%s)", a.ID, b.ID, p.ID)
			}
		}
		id := freeName(func(id string) bool {
			return slices.ContainsFunc(t.Peerings, func(p model.Peering) bool { return p.ID == id })
		}, a.ID+"-"+b.ID)
		t.Peerings = append(t.Peerings, model.Peering{ID: id, A: model.PeeringLink{VNet: a.ID}, B: model.PeeringLink{VNet: b.ID}})
		return nil
	case a.Kind == canvas.KindRouteTable && b.Kind == canvas.KindSubnet:
		r, err := locate(t, b)
		if err != nil {
			return err
		}
		r.(*model.Subnet).RouteTable = a.ID
		return nil
	case a.Kind == canvas.KindNSG && b.Kind == canvas.KindSubnet:
		r, err := locate(t, b)
		if err != nil {
			return err
		}
		r.(*model.Subnet).NetworkSecurityGroup = a.ID
		return nil
	case a.Kind == canvas.KindNSG && b.Kind == canvas.KindVM:
		r, err := locate(t, b)
		if err != nil {
			return err
		}
		vm := r.(*model.VM)
		for i := range vm.NICs {
			vm.NICs[i].NetworkSecurityGroup = a.ID
		}
		return nil
	case a.Kind == canvas.KindRouteTable:
		return fmt.Errorf("a route table applies to a subnet, not to a %s", kindName(b.Kind))
	case a.Kind == canvas.KindNSG:
		return fmt.Errorf("a network security group applies to a subnet or a VM's network interface, not to a %s", kindName(b.Kind))
	}
	return fmt.Errorf("a %s cannot be connected to a %s", kindName(a.Kind), kindName(b.Kind))
}

func kindName(k canvas.NodeKind) string {
	switch k {
	case canvas.KindVNet:
		return "VNet"
	case canvas.KindRouteTable:
		return "route table"
	case canvas.KindNSG:
		return "network security group"
	case canvas.KindVM, canvas.KindNVA:
		return "VM"
	case canvas.KindLB:
		return "load balancer"
	case Gateway:
		return "gateway"
	case canvas.KindSite:
		return "on-premises site"
	case canvas.KindCircuit:
		return "ExpressRoute circuit"
	case canvas.KindRouteServer:
		return "Route Server"
	case canvas.KindSubnet:
		return "subnet"
	}
	return string(k)
}

func hasVNet(t *model.Topology, id string) bool {
	return slices.ContainsFunc(t.VNets, func(v model.VNet) bool { return v.ID == id })
}

// freeID returns base1, base2, ... the first that taken refuses.
func freeID(taken func(string) bool, base string) string {
	for i := 1; ; i++ {
		if id := fmt.Sprintf("%s%d", base, i); !taken(id) {
			return id
		}
	}
}

// freeName returns base if taken refuses it, else base-2, base-3, ...
func freeName(taken func(string) bool, base string) string {
	if !taken(base) {
		return base
	}
	for i := 2; ; i++ {
		if id := fmt.Sprintf("%s-%d", base, i); !taken(id) {
			return id
		}
	}
}

// freePrefix returns the first /bits inside within that overlaps no VNet
// address space of t.
func freePrefix(t *model.Topology, within netip.Prefix, bits int) (netip.Prefix, bool) {
	taken := addrindex.New()
	for _, v := range t.VNets {
		for _, sp := range v.AddressSpace.AddressPrefixes {
			if p, err := netip.ParsePrefix(sp); err == nil {
				_ = taken.Insert(p, v.ID)
			}
		}
	}
	return firstFree(taken, within, bits)
}

// firstFree scans the /bits blocks of within in address order for one that
// overlaps nothing in taken. At most 1<<16 blocks are tried.
func firstFree(taken *addrindex.Index, within netip.Prefix, bits int) (netip.Prefix, bool) {
	if bits < within.Bits() || !within.Addr().Is4() {
		return netip.Prefix{}, false
	}
	n := 1 << min(bits-within.Bits(), 16)
	step := uint32(1) << (32 - bits)
	base := within.Addr().As4()
	start := uint32(base[0])<<24 | uint32(base[1])<<16 | uint32(base[2])<<8 | uint32(base[3])
	for i := range n {
		a := start + uint32(i)*step
		p := netip.PrefixFrom(netip.AddrFrom4([4]byte{byte(a >> 24), byte(a >> 16), byte(a >> 8), byte(a)}), bits)
		if len(taken.Overlapping(p)) == 0 {
			return p, true
		}
	}
	return netip.Prefix{}, false
}

// firstFreeHost is the first address of p after Azure's four reserved ones
// that is not in used and is not the broadcast address (F201).
func firstFreeHost(p netip.Prefix, used map[netip.Addr]bool) (netip.Addr, bool) {
	a := p.Addr()
	for range 4 {
		a = a.Next()
	}
	for ; p.Contains(a); a = a.Next() {
		if !p.Contains(a.Next()) { // the last address is reserved
			break
		}
		if !used[a] {
			return a, true
		}
	}
	return netip.Addr{}, false
}

// SetDocName renames the design (the scenario's name).
type SetDocName struct{ Name string }

func (e SetDocName) Label() string { return "rename the design" }
func (e SetDocName) apply(doc *scenario.Document) error {
	name := strings.TrimSpace(e.Name)
	if name == "" {
		return fmt.Errorf("a design needs a name")
	}
	doc.Name = name
	return nil
}
