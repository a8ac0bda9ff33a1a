package dataplane

import (
	"net/netip"
	"slices"
	"testing"

	"vnetplay/engine/model"
)

// uniqueTopo is three VNets, a and b overlapping in part (10.0.0.0/24 is
// both's), with a NIC, a load balancer frontend and a private endpoint
// at addresses inside and outside the overlap, and VNet c, whose subnet
// lies outside its address space (model.Validate refuses it; Build keeps
// it): inside b's second range, so its NIC's address is in b's space but
// the NIC is c's.
func uniqueTopo() model.Topology {
	sub := func(name, pfx string) model.Subnet { return model.Subnet{Name: name, AddressPrefix: pfx} }
	v := func(id string, pfxs []string, sns ...model.Subnet) model.VNet {
		return model.VNet{ID: id, AddressSpace: model.AddressSpace{AddressPrefixes: pfxs}, Subnets: sns}
	}
	vm := func(id, sn, ip string) model.VM {
		return model.VM{ID: id, NICs: []model.NIC{{Name: "nic", Subnet: sn, PrivateIPAddress: ip}}}
	}
	return model.Topology{
		VNets: []model.VNet{
			v("a", []string{"10.0.0.0/16"}, sub("s", "10.0.0.0/24"), sub("t", "10.0.1.0/24")),
			v("b", []string{"10.0.0.0/24", "10.5.0.0/16"}, sub("s", "10.0.0.0/24"), sub("u", "10.5.0.0/24")),
			v("c", []string{"10.7.0.0/16"}, sub("x", "10.5.9.0/24")),
		},
		VMs: []model.VM{vm("vm-a", "a/s", "10.0.0.4"), vm("vm-a1", "a/t", "10.0.1.4"), vm("vm-b", "b/s", "10.0.0.4"),
			vm("vm-b5", "b/u", "10.5.0.4"), vm("vm-c", "c/x", "10.5.9.4")},
		LoadBalancers: []model.LoadBalancer{{ID: "lb-a", Subnet: "a/s", FrontendPrivateIPAddress: "10.0.0.10"},
			{ID: "lb-a1", Subnet: "a/t", FrontendPrivateIPAddress: "10.0.1.10"}},
		PrivateEndpoints: []model.PrivateEndpoint{{ID: "pe-b", Subnet: "b/s", PrivateIPAddress: "10.0.0.20", PrivateLinkServiceID: "x"},
			{ID: "pe-b5", Subnet: "b/u", PrivateIPAddress: "10.5.0.20", PrivateLinkServiceID: "x"}},
	}
}

// TestAddressUnique: an address names one place (AddressUnique) when it
// lies in at most one VNet's space and what has it is in that VNet: not
// in the range a and b both hold (with or without a holder), not at a
// NIC of c in b's space, not with a holder but no VNet, not mapped; yes
// outside the overlap and outside every VNet. Without overlapping spaces
// every address does.
func TestAddressUnique(t *testing.T) {
	topo := uniqueTopo()
	p := Build(&topo)
	if !p.SpacesOverlap() {
		t.Fatal("a and b do not overlap")
	}
	for addr, want := range map[string]bool{
		"10.0.0.4": false, "10.0.0.10": false, "10.0.0.20": false, "10.0.0.200": false, "10.0.0.255": false,
		"10.5.9.4": false, "::ffff:10.0.1.4": false,
		"10.0.1.4": true, "10.0.1.10": true, "10.5.0.4": true, "10.5.0.20": true, "10.5.9.5": true, "10.0.2.1": true,
		"10.7.0.1": true, "192.0.2.1": true, "2001:db8::1": true,
	} {
		if got := p.AddressUnique(netip.MustParseAddr(addr)); got != want {
			t.Errorf("AddressUnique(%s) = %v, want %v", addr, got, want)
		}
	}
	topo.VNets = topo.VNets[:1]
	alone := Build(&topo)
	for _, a := range []string{"10.0.0.4", "10.0.0.10", "10.5.9.4", "::ffff:10.0.1.4"} {
		if !alone.AddressUnique(netip.MustParseAddr(a)) {
			t.Errorf("without overlap, AddressUnique(%s) is false", a)
		}
	}
}

// TestAddressUniqueContract checks what AddressUnique promises on the
// addresses of uniqueTopo and of twins (the same ranges in several
// VNets, nested ranges): where it holds, VNetFrom answers VNetAt from
// every VNet by every peering, and NICIn, LoadBalancerIn and
// PrivateEndpointIn in that VNet answer as the design-wide lookups; and
// it never holds for an address two VNets' spaces hold.
func TestAddressUniqueContract(t *testing.T) {
	twins := uniqueTopo()
	twins.VNets = append(twins.VNets,
		model.VNet{ID: "d", AddressSpace: model.AddressSpace{AddressPrefixes: []string{"10.0.0.0/16"}}, Subnets: []model.Subnet{{Name: "s", AddressPrefix: "10.0.1.0/24"}}},
		model.VNet{ID: "e", AddressSpace: model.AddressSpace{AddressPrefixes: []string{"10.5.0.128/25", "10.9.0.0/16"}}, Subnets: []model.Subnet{{Name: "s", AddressPrefix: "10.5.0.128/25"}}})
	twins.VMs = append(twins.VMs, model.VM{ID: "vm-d", NICs: []model.NIC{{Name: "nic", Subnet: "d/s", PrivateIPAddress: "10.0.1.4"}}},
		model.VM{ID: "vm-e", NICs: []model.NIC{{Name: "nic", Subnet: "e/s", PrivateIPAddress: "10.5.0.130"}}})
	unique, shared := 0, 0
	for _, topo := range []model.Topology{uniqueTopo(), twins} {
		p := Build(&topo)
		for _, a := range probeAddrs(p) {
			if len(p.VNetsAt(a)) > 1 && p.AddressUnique(a) {
				t.Errorf("%s: AddressUnique, but %d VNets hold it", a, len(p.VNetsAt(a)))
			}
			if !p.AddressUnique(a) {
				shared++
				continue
			}
			unique++
			assertNamesOnePlace(t, p, a)
		}
	}
	if unique == 0 || shared == 0 {
		t.Fatalf("%d unique and %d shared addresses: the probes test nothing", unique, shared)
	}
}

// assertNamesOnePlace checks AddressUnique's promise for address a of p.
func assertNamesOnePlace(t *testing.T, p *Plane, a netip.Addr) {
	t.Helper()
	at, ok := p.VNetAt(a)
	for _, from := range append(p.VNets(), "") {
		for _, via := range append(p.VNets(), "") {
			if v, okV := p.VNetFrom(from, via, a); okV != ok || ok && v != at {
				t.Errorf("%s: VNetFrom(%q, %q) = %v %v, VNetAt %v %v", a, from, via, v, okV, at, ok)
			}
		}
	}
	if !ok {
		return
	}
	n1, ok1 := p.NICIn(at.ID, a)
	n2, ok2 := p.NICAt(a)
	l1, okL1 := p.LoadBalancerIn(at.ID, a)
	l2, okL2 := p.LoadBalancerAt(a)
	e1, okE1 := p.PrivateEndpointIn(at.ID, a)
	e2, okE2 := p.PrivateEndpointAt(a)
	if n1 != n2 || ok1 != ok2 || l1 != l2 || okL1 != okL2 || e1 != e2 || okE1 != okE2 {
		t.Errorf("%s in %s: NICIn %v, NICAt %v; LoadBalancerIn %v, At %v; PrivateEndpointIn %v, At %v", a, at.ID, n1, n2, l1, l2, e1, e2)
	}
}

// probeAddrs lists p's NICs', frontends' and endpoints' addresses, each
// VNet range's first, second and last addresses and the address after
// it, sorted and without repeats.
func probeAddrs(p *Plane) []netip.Addr {
	var out []netip.Addr
	for _, id := range p.NICs() {
		n, _ := p.NIC(id)
		out = append(out, n.IP)
	}
	for ip := range p.lbByIP {
		out = append(out, ip)
	}
	for ip := range p.peByIP {
		out = append(out, ip)
	}
	for _, id := range p.VNets() {
		v, _ := p.VNet(id)
		for _, pr := range v.Prefixes {
			last := lastAddr(pr)
			out = append(out, pr.Addr(), pr.Addr().Next(), last, last.Next())
		}
	}
	slices.SortFunc(out, netip.Addr.Compare)
	return slices.Compact(out)
}

// lastAddr is the last address of prefix pr.
func lastAddr(pr netip.Prefix) netip.Addr {
	b := pr.Addr().As16()
	for i := pr.Bits() + 96*btoi(pr.Addr().Is4()); i < 128; i++ {
		b[i/8] |= 1 << (7 - i%8)
	}
	a := netip.AddrFrom16(b)
	if pr.Addr().Is4() {
		return a.Unmap()
	}
	return a
}

// btoi is 1 for true.
func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestVNetFromEqualsNaive: VNetFrom, which answers VNetAt for an address
// outside every range two VNets hold, equals its reference (every VNet
// holding the address, by id: from's, via's, a peered one's, the first)
// on every probe address of uniqueTopo and of a design with nested twins,
// from every VNet by every peering.
func TestVNetFromEqualsNaive(t *testing.T) {
	twins := uniqueTopo()
	twins.VNets = append(twins.VNets,
		model.VNet{ID: "d", AddressSpace: model.AddressSpace{AddressPrefixes: []string{"10.0.0.0/16"}}},
		model.VNet{ID: "e", AddressSpace: model.AddressSpace{AddressPrefixes: []string{"10.5.0.128/25", "10.9.0.0/16"}}})
	twins.Peerings = []model.Peering{{ID: "ae", A: model.PeeringLink{VNet: "a"}, B: model.PeeringLink{VNet: "e"}},
		{ID: "cd", A: model.PeeringLink{VNet: "c"}, B: model.PeeringLink{VNet: "d"}}}
	n := 0
	for _, topo := range []model.Topology{uniqueTopo(), twins} {
		p := Build(&topo)
		for _, a := range append(probeAddrs(p), netip.MustParseAddr("::ffff:10.0.0.4"), netip.MustParseAddr("::ffff:10.5.0.4")) {
			for _, from := range append(p.VNets(), "") {
				for _, via := range append(p.VNets(), "") {
					v, ok := p.VNetFrom(from, via, a)
					w, okW := vnetFromNaive(p, from, via, a)
					if v != w || ok != okW {
						t.Fatalf("VNetFrom(%q, %q, %s) = %v %v, reference %v %v", from, via, a, v, ok, w, okW)
					}
					n++
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("nothing compared")
	}
}

// vnetFromNaive is VNetFrom's contract read from VNetsAt alone.
func vnetFromNaive(p *Plane, from, via string, ip netip.Addr) (*VNet, bool) {
	vs := p.VNetsAt(ip)
	if len(vs) == 0 {
		return nil, false
	}
	for _, want := range []string{from, via} {
		for _, v := range vs {
			if want != "" && v.ID == want {
				return v, true
			}
		}
	}
	for _, v := range vs {
		if p.Link(from, v.ID) != nil {
			return v, true
		}
	}
	return vs[0], true
}
