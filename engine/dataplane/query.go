package dataplane

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"vnetplay/engine/model"
	"vnetplay/engine/route"
)

// VNets returns the VNet ids, sorted.
func (p *Plane) VNets() []string { return slices.Clone(p.vnetIDs) }

// VNet returns a VNet by id.
func (p *Plane) VNet(id string) (*VNet, bool) { v, ok := p.vnets[id]; return v, ok }

// Subnets returns all subnet ids, sorted.
func (p *Plane) Subnets() []string { return slices.Clone(p.subnetIDs) }

// SubnetTables returns the subnets' ids, sorted (Subnets), and each
// one's table (Routes) at the same position, without copying: the caller
// must not modify either slice.
func (p *Plane) SubnetTables() ([]string, []*route.Table) { return p.subnetIDs, p.tableOf }

// SubnetCount is len(Subnets()), without the copy.
func (p *Plane) SubnetCount() int { return len(p.subnetIDs) }

// Subnet returns a subnet by id ("vnet/name").
func (p *Plane) Subnet(id string) (*Subnet, bool) { s, ok := p.subnets[id]; return s, ok }

// NICs returns all NIC ids, sorted.
func (p *Plane) NICs() []string { return slices.Clone(p.nicIDs) }

// Endpoints returns every endpoint a packet or a name lookup can start
// from or reach: the NICs (as NICs lists them), then the hybrid endpoints
// (on-premises sites, P2S client pools, as HybridEndpoints lists them).
// The slice is the caller's.
func (p *Plane) Endpoints() []string { return append(p.NICs(), p.HybridEndpoints()...) }

// NIC returns a NIC by id ("vm/nic").
func (p *Plane) NIC(id string) (*NIC, bool) { n, ok := p.nics[id]; return n, ok }

// LoadBalancer returns a load balancer by id.
func (p *Plane) LoadBalancer(id string) (*LoadBalancer, bool) { l, ok := p.lbs[id]; return l, ok }

// NSG returns an NSG by id.
func (p *Plane) NSG(id string) (model.NSG, bool) { n, ok := p.nsgs[id]; return n, ok }

// ResolveEndpoint turns an endpoint reference into a NIC id: "vm/nic", or
// "vm" for the VM's primary NIC (model.VM.PrimaryNIC; when the plane left
// that one out, its first NIC by name that is in).
func (p *Plane) ResolveEndpoint(ref string) (string, bool) {
	if _, ok := p.nics[ref]; ok {
		return ref, true
	}
	if id, ok := p.primaryNIC[ref]; ok && !strings.Contains(ref, "/") {
		return id, true
	}
	return "", false
}

// NICAt returns the NIC that owns ip, design-wide: exact unless NICs in
// several VNets have ip, when it is the first by VM id
// and NIC name. A walk, which knows the VNet it delivers into, asks NICIn
// (rule:address-space.private-ip-per-vnet).
func (p *Plane) NICAt(ip netip.Addr) (*NIC, bool) {
	id, ok := p.nicByIP[ip.Unmap()]
	if !ok {
		return nil, false
	}
	return p.nics[id], true
}

// LoadBalancerAt returns the load balancer whose frontend is ip,
// design-wide as NICAt is (LoadBalancerIn in a VNet).
func (p *Plane) LoadBalancerAt(ip netip.Addr) (*LoadBalancer, bool) {
	id, ok := p.lbByIP[ip.Unmap()]
	if !ok {
		return nil, false
	}
	return p.lbs[id], true
}

// SubnetAt returns the subnet whose prefix contains ip.
func (p *Plane) SubnetAt(ip netip.Addr) (*Subnet, bool) {
	e, ok, _ := p.subnetIx.Owner(ip)
	if !ok {
		return nil, false
	}
	return p.subnets[e.Owner], true
}

// VNetAt returns the VNet whose address space contains ip, design-wide:
// when address spaces overlap (SpacesOverlap), the one with the most
// specific prefix, the first by id among equals. A walk from a VNet asks
// VNetFrom.
func (p *Plane) VNetAt(ip netip.Addr) (*VNet, bool) {
	e, ok, _ := p.vnetIx.Owner(ip)
	if !ok {
		return nil, false
	}
	return p.vnets[e.Owner], true
}

// Routes returns the effective route table of a subnet. A NIC's effective
// routes are its subnet's (rule:outputs.routes-per-nic-subnet).
func (p *Plane) Routes(subnet string) (*route.Table, bool) {
	i, ok := p.subnetAt[subnet]
	if !ok {
		return nil, false
	}
	return p.tableOf[i], true
}

// SystemRoute is the route-table name Network Watcher reports for a system
// route (rule:outputs.next-hop-query).
const SystemRoute = "System Route"

// NextHopResult is Network Watcher's Next hop answer (rule:outputs.next-hop-query). Its
// nextHopIpAddress is one address; for an ECMP route (rule:route-server.as-path-and-ecmp) the docs do not
// say which one Next hop reports (section W), so it is the route's lowest,
// and Route.NextHopIPs lists them all.
type NextHopResult struct {
	NextHopType      route.NextHopType `json:"nextHopType"`
	NextHopIPAddress string            `json:"nextHopIpAddress,omitempty"`
	RouteTableID     string            `json:"routeTableId"`
	Route            route.Effective   `json:"-"`
	// Platform is set when the destination is a host-platform address
	// (PlatformAddress): the route above is what the effective routes
	// list for it, but the packet reaches the platform whatever that route
	// says (rule:route-selection.platform-addresses-bypass-udrs), as a
	// packet walk answers. Empty otherwise.
	Platform string `json:"-"`
}

// NextHop answers Network Watcher's Next hop for traffic leaving subnet to
// dst (rule:outputs.next-hop-query, rule:outputs.destination-only-lookup: only the destination matters). ok is false for an unknown
// subnet or when no route matches.
func (p *Plane) NextHop(subnet string, dst netip.Addr) (NextHopResult, bool) {
	t, ok := p.Routes(subnet)
	if !ok {
		return NextHopResult{}, false
	}
	e, ok := t.Lookup(dst)
	if !ok {
		return NextHopResult{}, false
	}
	res := NextHopResult{NextHopType: e.NextHop, RouteTableID: SystemRoute, Route: e}
	if e.NextHopIP.IsValid() {
		res.NextHopIPAddress = e.NextHopIP.String()
	}
	if e.Origin.Kind == route.FromRouteTable {
		res.RouteTableID = e.Origin.ID
	}
	res.Platform = platformNote(dst, e)
	return res, true
}

// PlatformAddress reports whether a is one of the host-platform addresses,
// 168.63.129.16 (the host node's virtual IP: DHCP, DNS, health probes, the
// VM agent) and 169.254.169.254 (instance metadata), which no route applies
// to (rule:route-selection.platform-addresses-bypass-udrs).
func PlatformAddress(a netip.Addr) bool {
	return a == netip.AddrFrom4([4]byte{168, 63, 129, 16}) || a == netip.AddrFrom4([4]byte{169, 254, 169, 254})
}

// platformNote is NextHopResult.Platform for dst, matched by route e: a
// sentence when dst is a host-platform address, else "". Network Watcher's
// answer for these addresses is not documented (rule book section W):
// vnetplay lists the route the lookup matches and says, as the packet walk
// does, that it does not apply.
func platformNote(dst netip.Addr, e route.Effective) string {
	if !PlatformAddress(dst) {
		return ""
	}
	return fmt.Sprintf("%s is a host-platform address: the packet stays on the host and reaches the Azure platform whatever route %s (next hop %s) says (rule:route-selection.platform-addresses-bypass-udrs)", dst, e.Prefix, e.NextHop)
}
