package dataplane

import (
	"net/netip"
	"slices"
	"strings"

	"vnetplay/engine/model"
	"vnetplay/engine/route"
)

// PrivateEndpoint is a parsed private endpoint: a read-only NIC at IP in
// Subnet, connected to a sub-resource of a Private Link target
// (rule:private-endpoints.nic-and-address).
type PrivateEndpoint struct {
	ID, Subnet, VNet string
	IP               netip.Addr
	// Target is the Private Link resource (privateLinkServiceId), GroupIDs
	// its sub-resources ("blob").
	Target   string
	GroupIDs []string
	// ConnectionState is Approved, Pending, Rejected or Disconnected
	// (empty in the model reads as Approved).
	ConnectionState string
}

// Approved reports whether the endpoint carries traffic: only an Approved
// connection does (rule:private-endpoints.inbound-only-approved).
func (e *PrivateEndpoint) Approved() bool { return e.ConnectionState == model.PEApproved }

// Describe names the endpoint's target and sub-resources:
// "stacct, blob".
func (e *PrivateEndpoint) Describe() string {
	s := e.Target
	if s == "" {
		s = "no target"
	}
	if len(e.GroupIDs) > 0 {
		s += ", " + strings.Join(e.GroupIDs, ", ")
	}
	return s
}

// RouteTablePolicy reports whether the subnet's privateEndpointNetworkPolicies
// apply route tables to its private endpoints: Enabled or RouteTableEnabled
// (rule:private-endpoints.network-policies-property, rule:private-endpoints.route-table-policy).
func (s *Subnet) RouteTablePolicy() bool {
	return s.PENetworkPolicies == model.PENetworkPoliciesEnabled || s.PENetworkPolicies == model.PENetworkPoliciesRouteTable
}

// NSGPolicy reports whether the subnet's privateEndpointNetworkPolicies
// apply its NSG to its private endpoints: Enabled or
// NetworkSecurityGroupEnabled (rule:private-endpoints.nsg-policy).
func (s *Subnet) NSGPolicy() bool {
	return s.PENetworkPolicies == model.PENetworkPoliciesEnabled || s.PENetworkPolicies == model.PENetworkPoliciesNSG
}

// PENetworkPoliciesOrDefault is the subnet's privateEndpointNetworkPolicies,
// Disabled when unset.
func (s *Subnet) PENetworkPoliciesOrDefault() string {
	if s.PENetworkPolicies == "" {
		return model.PENetworkPoliciesDisabled
	}
	return s.PENetworkPolicies
}

// noEndpointSubnets are the subnets no private endpoint may be placed in
// (rule:address-space.special-subnets, rule:vpn-gateway.gateway-subnet).
var noEndpointSubnets = []string{model.GatewaySubnet, model.RouteServerSubnet, model.AzureFirewallSubnet, "AzureFirewallManagementSubnet", "AzureBastionSubnet"}

// NoPrivateEndpointSubnet reports whether a subnet of that name cannot
// host private endpoints (a gateway's, Route Server's, firewall's or
// Bastion's dedicated subnet).
func NoPrivateEndpointSubnet(name string) bool { return slices.Contains(noEndpointSubnets, name) }

// buildPrivateEndpoints parses t's private endpoints (after the NICs and
// load balancers): one is left out when its id repeats, its subnet is
// missing or dedicated to a gateway, firewall or Bastion, or its address
// does not parse, lies outside the subnet, is one of the five the subnet
// reserves (rule:address-space.reserved-addresses) or is taken by a NIC, a load
// balancer frontend or an earlier endpoint (by id). model.Validate
// reports all of these.
func (p *Plane) buildPrivateEndpoints(t *model.Topology) {
	p.pes, p.peByIP, p.pesByVNet = map[string]*PrivateEndpoint{}, map[netip.Addr]string{}, map[string][]*PrivateEndpoint{}
	pes := slices.Clone(t.PrivateEndpoints)
	slices.SortStableFunc(pes, func(a, b model.PrivateEndpoint) int { return strings.Compare(a.ID, b.ID) })
	for _, e := range pes {
		ip, err := netip.ParseAddr(e.PrivateIPAddress)
		sn, okSn := p.subnets[e.Subnet]
		if _, dup := p.pes[e.ID]; dup || e.ID == "" || err != nil || !okSn || !sn.Prefix.Contains(ip) || model.ReservedInSubnet(sn.Prefix, ip) || NoPrivateEndpointSubnet(sn.Name) {
			continue
		}
		ip = ip.Unmap()
		_, nic := p.NICIn(sn.VNet, ip)
		_, lb := p.LoadBalancerIn(sn.VNet, ip)
		first, other := p.peByIP[ip]
		if nic || lb || other && !p.sharable(peAddrs, ip, first, sn.VNet) {
			continue
		}
		state := e.ConnectionState
		if state == "" {
			state = model.PEApproved
		}
		pe := &PrivateEndpoint{ID: e.ID, Subnet: sn.ID, VNet: sn.VNet, IP: ip, Target: e.PrivateLinkServiceID,
			GroupIDs: slices.Clone(e.GroupIDs), ConnectionState: state}
		p.pes[e.ID] = pe
		if other {
			p.shared.add(peAddrs, ip, e.ID)
		} else {
			p.peByIP[ip] = e.ID
		}
		p.pesByVNet[sn.VNet] = append(p.pesByVNet[sn.VNet], pe)
	}
}

// PrivateEndpoint returns a private endpoint by id.
func (p *Plane) PrivateEndpoint(id string) (*PrivateEndpoint, bool) {
	e, ok := p.pes[id]
	return e, ok
}

// PrivateEndpointAt returns the private endpoint with address ip, design
// wide: when endpoints in several VNets have ip, the
// first by id. A walk asks PrivateEndpointIn.
func (p *Plane) PrivateEndpointAt(ip netip.Addr) (*PrivateEndpoint, bool) {
	id, ok := p.peByIP[ip.Unmap()]
	if !ok {
		return nil, false
	}
	return p.pes[id], true
}

// PrivateEndpointIn returns the private endpoint with address ip in VNet
// vnet (rule:address-space.private-ip-per-vnet).
func (p *Plane) PrivateEndpointIn(vnet string, ip netip.Addr) (*PrivateEndpoint, bool) {
	id, ok := p.holderIn(peAddrs, p.peByIP, vnet, ip)
	if !ok {
		return nil, false
	}
	return p.pes[id], true
}

// PrivateEndpoints returns the private endpoint ids, sorted.
func (p *Plane) PrivateEndpoints() []string { return sortedKeys(p.pes) }

// privateEndpointRoutes lists the /32 InterfaceEndpoint routes programmed
// into the subnets of VNet v: one per Approved endpoint of v and of every
// VNet directly peered to v by a Connected peering, not further
// (rule:private-endpoints.interface-endpoint-route, rule:peering.not-transitive). Source Default, no next-hop
// address. An endpoint whose subnet has the route-table policy on carries
// the length of its VNet range, from which a UDR in the client's subnet
// overrides it (rule:private-endpoints.route-table-policy, route.Route.WithRouteTablePolicy).
func (p *Plane) privateEndpointRoutes(v *VNet) []route.Route {
	var out []route.Route
	add := func(vnet string) {
		for _, e := range p.pesByVNet[vnet] {
			if !e.Approved() {
				continue // rule:private-endpoints.inbound-only-approved
			}
			r := route.Route{Prefix: netip.PrefixFrom(e.IP, e.IP.BitLen()), NextHop: route.InterfaceEndpoint, Source: route.Default,
				Origin: route.Origin{Kind: route.FromPrivateEndpoint, ID: e.ID}}
			if sn := p.subnets[e.Subnet]; sn.RouteTablePolicy() {
				if bits, ok := p.vnetRangeBits(e.VNet, e.IP); ok {
					r = r.WithRouteTablePolicy(bits)
				}
			}
			out = append(out, r)
		}
	}
	add(v.ID)
	for _, l := range p.links[v.ID] {
		if l.State == model.Connected {
			add(l.Remote)
		}
	}
	return out
}

// vnetRangeBits is the prefix length of VNet vnet's address range that
// contains ip.
func (p *Plane) vnetRangeBits(vnet string, ip netip.Addr) (int, bool) {
	for _, pr := range p.vnets[vnet].Prefixes {
		if pr.Contains(ip) {
			return pr.Bits(), true
		}
	}
	return 0, false
}
