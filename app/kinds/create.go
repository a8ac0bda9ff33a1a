package kinds

import (
	"fmt"
	"net/netip"
	"slices"

	"vnetplay/engine/addrindex"
	"vnetplay/engine/model"
)

// Create adds a new resource of kind k to t with the defaults a user
// expects from the portal, and returns its ref. into names the container
// for kinds whose palette entry has one (the VNet of a new subnet, the
// subnet of a new VM, the VPN gateway of a P2S pool); name, when not empty,
// is the new resource's name (a subnet's), otherwise a free one is chosen
// ("vnet1", "vnet2", ...).
func Create(t *model.Topology, k Kind, into, name string) (Ref, error) {
	s, ok := Of(k)
	if !ok || s.create == nil {
		return Ref{}, fmt.Errorf("%s cannot be added from the palette", nounOf(k))
	}
	if s.Palette.Into != "" && into == "" {
		return Ref{}, fmt.Errorf("%s goes into %s: select one first", s.A(), MustOf(s.Palette.Into).A())
	}
	id, err := s.create(t, into, name)
	if err != nil {
		return Ref{}, err
	}
	return Ref{Kind: Resource(k), ID: id}, nil
}

// createVNet adds a VNet with the next free /16 of 10.0.0.0/8 and one /24
// subnet "default" (the portal's defaults).
func createVNet(t *model.Topology, _, _ string) (string, error) {
	id := FreeID(func(id string) bool {
		return slices.ContainsFunc(t.VNets, func(v model.VNet) bool { return v.ID == id })
	}, "vnet")
	space, ok := freePrefix(t, netip.MustParsePrefix("10.0.0.0/8"), 16)
	if !ok {
		return "", fmt.Errorf("no free /16 left in 10.0.0.0/8")
	}
	sub := netip.PrefixFrom(space.Addr(), 24)
	t.VNets = append(t.VNets, model.VNet{ID: id, AddressSpace: model.AddressSpace{AddressPrefixes: []string{space.String()}},
		Subnets: []model.Subnet{{Name: "default", AddressPrefix: sub.String()}}})
	return id, nil
}

// createSubnet adds a subnet to a VNet: the next free /24 of its address
// space (a /27 for GatewaySubnet, rule:vpn-gateway.gateway-subnet–rule:vpn-gateway.gateway-subnet-size; a /26 for RouteServerSubnet,
// rule:route-server.subnet), named name or "subnetN".
func createSubnet(t *model.Topology, vnet, name string) (string, error) {
	v, ok := find(t.VNets, vnet, vnetID)
	if !ok {
		return "", fmt.Errorf("virtual network %s not found", vnet)
	}
	if name == "" {
		name = FreeID(func(n string) bool { _, ok := find(v.Subnets, n, subnetName); return ok }, "subnet")
	} else if _, ok := find(v.Subnets, name, subnetName); ok {
		return "", fmt.Errorf("%s already has a subnet %s", v.ID, name)
	}
	bits := 24
	switch name {
	case model.GatewaySubnet:
		bits = 27
	case model.RouteServerSubnet:
		bits = 26
	}
	return addSubnet(v, name, bits)
}

// addSubnet adds subnet name to v: the first free /bits of its address
// space. It returns the subnet's id.
func addSubnet(v *model.VNet, name string, bits int) (string, error) {
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
		if p, ok := FirstFree(taken, space.Masked(), bits); ok {
			v.Subnets = append(v.Subnets, model.Subnet{Name: name, AddressPrefix: p.String()})
			return v.ID + "/" + name, nil
		}
	}
	return "", fmt.Errorf("no free /%d left in %s's address space", bits, v.ID)
}

// freeHostIn is subnet's first free usable address (rule:address-space.reserved-addresses: Azure
// reserves the first four and the last): not a NIC's, a load balancer
// frontend's, a private endpoint's or a DNS inbound endpoint's.
func freeHostIn(t *model.Topology, subnet string) (netip.Addr, error) {
	r, ok := locateSubnet(t, subnet)
	if !ok {
		return netip.Addr{}, fmt.Errorf("subnet %s not found", subnet)
	}
	prefix, err := netip.ParsePrefix(r.(*model.Subnet).AddressPrefix)
	if err != nil || !prefix.Addr().Is4() {
		return netip.Addr{}, fmt.Errorf("subnet %s has no valid IPv4 prefix", subnet)
	}
	ip, ok := firstFreeHost(prefix.Masked(), usedAddresses(t))
	if !ok {
		return netip.Addr{}, fmt.Errorf("subnet %s is full", subnet)
	}
	return ip, nil
}

// usedAddresses is every private address the design gives out.
func usedAddresses(t *model.Topology) map[netip.Addr]bool {
	used := map[netip.Addr]bool{}
	mark := func(s string) {
		if a, err := netip.ParseAddr(s); err == nil {
			used[a] = true
		}
	}
	for _, vm := range t.VMs {
		for _, n := range vm.NICs {
			mark(n.PrivateIPAddress)
		}
	}
	for _, lb := range t.LoadBalancers {
		mark(lb.FrontendPrivateIPAddress)
	}
	for _, pe := range t.PrivateEndpoints {
		mark(pe.PrivateIPAddress)
	}
	for _, r := range t.DNSResolvers {
		for _, e := range r.InboundEndpoints {
			mark(e.PrivateIPAddress)
		}
	}
	return used
}

func createVM(t *model.Topology, subnet, _ string) (string, error)  { return addVM(t, subnet, false) }
func createNVA(t *model.Topology, subnet, _ string) (string, error) { return addVM(t, subnet, true) }

// addVM adds a VM (or an NVA: IP forwarding on the NIC and in the guest) to
// a subnet, on the subnet's first free usable address (rule:address-space.reserved-addresses: Azure reserves
// the first four and the last).
func addVM(t *model.Topology, subnet string, nva bool) (string, error) {
	ip, err := freeHostIn(t, subnet)
	if err != nil {
		return "", err
	}
	base := "vm"
	if nva {
		base = "nva"
	}
	id := FreeID(func(id string) bool { _, ok := find(t.VMs, id, vmID); return ok }, base)
	t.VMs = append(t.VMs, model.VM{ID: id, GuestIPForwarding: nva, NICs: []model.NIC{{
		Name: "nic0", Subnet: subnet, PrivateIPAddress: ip.String(), EnableIPForwarding: nva,
	}}})
	return id, nil
}

func createRouteTable(t *model.Topology, _, _ string) (string, error) {
	id := FreeID(func(id string) bool { _, ok := find(t.RouteTables, id, routeTableID); return ok }, "rt")
	t.RouteTables = append(t.RouteTables, model.RouteTable{ID: id})
	return id, nil
}

func createNSG(t *model.Topology, _, _ string) (string, error) {
	id := FreeID(func(id string) bool { _, ok := find(t.NSGs, id, nsgID); return ok }, "nsg")
	t.NSGs = append(t.NSGs, model.NSG{ID: id})
	return id, nil
}

func createVPNGateway(t *model.Topology, vnet, _ string) (string, error) {
	return addGateway(t, vnet, false)
}

func createERGateway(t *model.Topology, vnet, _ string) (string, error) {
	return addGateway(t, vnet, true)
}

// addGateway adds a virtual network gateway to a VNet, creating its
// GatewaySubnet (/27, rule:vpn-gateway.gateway-subnet) if the VNet has none. A VPN gateway is
// RouteBased on VpnGw1 with BGP on (ASN 65515, rule:bgp.distinct-asns); an ExpressRoute
// gateway is ErGw1AZ.
func addGateway(t *model.Topology, vnet string, er bool) (string, error) {
	// The nouns are the registry's; spelled out here because the registry
	// holds this function (Go refuses the initialisation cycle).
	kind, what := model.GatewayVpn, "a VPN gateway"
	if er {
		kind, what = model.GatewayExpressRoute, "an ExpressRoute gateway"
	}
	for _, g := range t.Gateways {
		if g.VNet == vnet && g.GatewayType == kind {
			return "", fmt.Errorf("%s already has %s (%s): a virtual network has at most one of each type", vnet, what, g.ID)
		}
	}
	if err := ensureSubnet(t, vnet, model.GatewaySubnet); err != nil {
		return "", err
	}
	base, g := "vpngw", model.VirtualNetworkGateway{VNet: vnet, GatewayType: kind}
	if er {
		base, g.Sku = "ergw", "ErGw1AZ"
	} else {
		g.VpnType, g.Sku, g.EnableBgp = model.RouteBased, "VpnGw1", true
		g.BgpSettings = &model.BgpSettings{Asn: model.AzureASN}
	}
	g.ID = FreeID(func(id string) bool { _, ok := find(t.Gateways, id, gatewayID); return ok }, base)
	t.Gateways = append(t.Gateways, g)
	return g.ID, nil
}

// createRouteServer adds a Route Server to a VNet, creating its
// RouteServerSubnet (/26, rule:route-server.subnet) if needed.
func createRouteServer(t *model.Topology, vnet, _ string) (string, error) {
	for _, rs := range t.RouteServers {
		if rs.VNet == vnet {
			return "", fmt.Errorf("%s already has a Route Server (%s)", vnet, rs.ID)
		}
	}
	if err := ensureSubnet(t, vnet, model.RouteServerSubnet); err != nil {
		return "", err
	}
	id := FreeID(func(id string) bool { _, ok := find(t.RouteServers, id, routeServerID); return ok }, "ars")
	t.RouteServers = append(t.RouteServers, model.RouteServer{ID: id, VNet: vnet})
	return id, nil
}

func ensureSubnet(t *model.Topology, vnet, name string) error {
	v, ok := find(t.VNets, vnet, vnetID)
	if !ok {
		return fmt.Errorf("virtual network %s not found", vnet)
	}
	if _, ok := find(v.Subnets, name, subnetName); ok {
		return nil
	}
	_, err := createSubnet(t, vnet, name)
	return err
}

// createSite adds an on-premises site: the next free /24 of 192.168.0.0/16
// and one host on .10.
func createSite(t *model.Topology, _, _ string) (string, error) {
	taken := addrindex.New()
	for _, v := range t.VNets {
		insertAll(taken, v.AddressSpace.AddressPrefixes, v.ID)
	}
	for _, s := range t.Sites {
		insertAll(taken, s.AddressPrefixes, s.ID)
	}
	p, ok := FirstFree(taken, netip.MustParsePrefix("192.168.0.0/16"), 24)
	if !ok {
		return "", fmt.Errorf("no free /24 left in 192.168.0.0/16")
	}
	host := p.Addr().As4()
	host[3] = 10
	id := FreeID(func(id string) bool { _, ok := find(t.Sites, id, siteID); return ok }, "site")
	t.Sites = append(t.Sites, model.Site{ID: id, AddressPrefixes: []string{p.String()},
		Hosts: []model.Host{{ID: "host1", IPAddress: netip.AddrFrom4(host).String()}}})
	return id, nil
}

// createCircuit adds an ExpressRoute circuit (peer ASN 65001); connect it to
// a site and to an ExpressRoute gateway.
func createCircuit(t *model.Topology, _, _ string) (string, error) {
	id := FreeID(func(id string) bool { _, ok := find(t.Circuits, id, circuitID); return ok }, "circuit")
	t.Circuits = append(t.Circuits, model.ExpressRouteCircuit{ID: id, PeerASN: 65001})
	return id, nil
}

// createP2S gives a VPN gateway a point-to-site configuration: the next
// free /24 of 172.16.0.0/12 as the client pool and one client.
func createP2S(t *model.Topology, gateway, _ string) (string, error) {
	g, ok := find(t.Gateways, gateway, gatewayID)
	if !ok || !g.IsVpn() {
		return "", fmt.Errorf("a P2S client pool belongs to a VPN gateway")
	}
	if g.VpnClientConfiguration != nil {
		return "", fmt.Errorf("%s already has a point-to-site configuration", gateway)
	}
	taken := addrindex.New()
	for _, v := range t.VNets {
		insertAll(taken, v.AddressSpace.AddressPrefixes, v.ID)
	}
	for _, x := range t.Gateways {
		if x.VpnClientConfiguration != nil {
			insertAll(taken, x.VpnClientConfiguration.VpnClientAddressPool.AddressPrefixes, x.ID)
		}
	}
	p, ok := FirstFree(taken, netip.MustParsePrefix("172.16.0.0/12"), 24)
	if !ok {
		return "", fmt.Errorf("no free /24 for a client pool")
	}
	client := p.Addr().As4()
	client[3] = 2
	g.VpnClientConfiguration = &model.VpnClientConfiguration{
		VpnClientAddressPool: model.AddressSpace{AddressPrefixes: []string{p.String()}},
		Clients:              []model.P2SClient{{ID: "client1", IPAddress: netip.AddrFrom4(client).String()}},
	}
	return gateway, nil
}

func insertAll(idx *addrindex.Index, prefixes []string, owner string) {
	for _, sp := range prefixes {
		if p, err := netip.ParsePrefix(sp); err == nil {
			_ = idx.Insert(p, owner)
		}
	}
}

// FreeID returns base1, base2, ... the first that taken refuses.
func FreeID(taken func(string) bool, base string) string {
	for i := 1; ; i++ {
		if id := fmt.Sprintf("%s%d", base, i); !taken(id) {
			return id
		}
	}
}

// FreeName returns base if taken refuses it, else base-2, base-3, ...
func FreeName(taken func(string) bool, base string) string {
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
		insertAll(taken, v.AddressSpace.AddressPrefixes, v.ID)
	}
	return FirstFree(taken, within, bits)
}

// FirstFree scans the /bits blocks of within in address order for one that
// overlaps nothing in taken. At most 1<<16 blocks are tried.
func FirstFree(taken *addrindex.Index, within netip.Prefix, bits int) (netip.Prefix, bool) {
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
// that is not in used and is not the broadcast address (rule:address-space.reserved-addresses).
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
