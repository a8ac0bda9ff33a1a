package model

import (
	"fmt"
	"net/netip"
	"slices"
)

// peLimitPerVNet is the number of private endpoints one VNet may hold
// (rule:private-endpoints.limits; High Scale Private Endpoints, a preview, raise it).
const peLimitPerVNet = 1000

// peMaxZones is the number of zones a private endpoint's zone group may
// name (rule:private-endpoints.limits).
const peMaxZones = 5

// peNoEndpointSubnets are the dedicated subnets that hold nothing but their
// service (rule:address-space.special-subnets, rule:vpn-gateway.gateway-subnet).
var peNoEndpointSubnets = []string{GatewaySubnet, RouteServerSubnet, AzureFirewallSubnet, "AzureFirewallManagementSubnet", "AzureBastionSubnet"}

// privateEndpoints checks the private endpoints and the subnets' private
// endpoint network policies (rule book section Y).
func (v *validator) privateEndpoints() {
	v.peNetworkPolicies()
	if len(v.t.PrivateEndpoints) == 0 {
		return
	}
	taken := map[vnetAddr]string{} // NICs, load balancer frontends, earlier endpoints, by VNet (rule:address-space.private-ip-per-vnet)
	for k, owner := range v.nicIPs {
		taken[k] = owner
	}
	for _, lb := range v.t.LoadBalancers {
		if ip, err := netip.ParseAddr(lb.FrontendPrivateIPAddress); err == nil {
			k := vnetAddr{vnet: v.subnetVNet[lb.Subnet], ip: ip}
			if _, dup := taken[k]; !dup {
				taken[k] = lb.ID
			}
		}
	}
	zones := map[string]bool{}
	for _, z := range v.t.PrivateDNSZones {
		zones[z.ID] = true
	}
	perVNet := map[string]int{}
	ids := v.newNameScope(nameRule{missingCode: "id.empty", missing: "private endpoint has no id", dupCode: "id.duplicate", what: "id", in: " in privateEndpoints"})
	for i, pe := range v.t.PrivateEndpoints {
		path := indexPath("privateEndpoints", i, pe.ID)
		ids.check(pe.ID, path, path)
		if pe.PrivateLinkServiceID == "" {
			v.add(Error, "pe.target-missing", path+".privateLinkServiceId", "a private endpoint connects to one Private Link resource; privateLinkServiceId is empty (rule:private-endpoints.nic-and-address)")
		}
		v.peConnectionState(pe, path)
		v.peFqdn(pe, path)
		sn := v.subnets[pe.Subnet]
		switch {
		case sn == nil:
			v.add(Error, "ref.dangling", path+".subnet", "subnet %q does not exist", pe.Subnet)
		case slices.Contains(peNoEndpointSubnets, sn.Name):
			v.add(Error, "pe.special-subnet", path+".subnet", "%s is dedicated to its service: a private endpoint cannot be placed in it (rule:address-space.special-subnets, rule:private-endpoints.nic-and-address)", sn.Name)
		default:
			perVNet[v.subnetVNet[pe.Subnet]]++
		}
		ip, err := netip.ParseAddr(pe.PrivateIPAddress)
		if err != nil {
			v.add(Error, "pe.ip-invalid", path+".privateIpAddress", "%q is not an IP address; a private endpoint takes one fixed address of its subnet (rule:private-endpoints.nic-and-address)", pe.PrivateIPAddress)
		} else {
			if other, dup := taken[vnetAddr{vnet: v.subnetVNet[pe.Subnet], ip: ip}]; dup {
				v.add(Error, "pe.ip-duplicate", path+".privateIpAddress", "%s is already used by %s in %s (rule:private-endpoints.nic-and-address, rule:address-space.private-ip-per-vnet)", ip, other, v.subnetVNet[pe.Subnet])
			} else {
				taken[vnetAddr{vnet: v.subnetVNet[pe.Subnet], ip: ip}] = pe.ID
			}
			if sn != nil {
				v.peIPInSubnet(ip, sn, path+".privateIpAddress")
			}
		}
		v.peZoneGroup(pe, path, zones)
	}
	for _, vn := range sortedMapKeys(perVNet) {
		if n := perVNet[vn]; n > peLimitPerVNet {
			v.add(Error, "pe.too-many", "vnets["+vn+"]", "%d private endpoints; a VNet holds at most %d (rule:private-endpoints.limits)", n, peLimitPerVNet)
		}
	}
}

// peNetworkPolicies checks every subnet's privateEndpointNetworkPolicies
// value: the four values of the template change log and the SDKs are
// accepted, where the stored REST spec lists two (rule:private-endpoints.network-policies-property).
func (v *validator) peNetworkPolicies() {
	for _, vn := range v.t.VNets {
		for _, s := range vn.Subnets {
			switch s.PrivateEndpointNetworkPolicies {
			case "", PENetworkPoliciesDisabled, PENetworkPoliciesEnabled, PENetworkPoliciesNSG, PENetworkPoliciesRouteTable:
			default:
				v.add(Error, "pe.network-policies", "vnets["+vn.ID+"].subnets["+s.Name+"].privateEndpointNetworkPolicies",
					"privateEndpointNetworkPolicies must be %s, %s, %s or %s, got %q (rule:private-endpoints.network-policies-property)",
					PENetworkPoliciesDisabled, PENetworkPoliciesEnabled, PENetworkPoliciesNSG, PENetworkPoliciesRouteTable, s.PrivateEndpointNetworkPolicies)
			}
		}
	}
}

// peFqdn warns of an fqdn that is the privatelink name, which is read as
// the public name clients use (PrivateEndpoint.PublicName).
func (v *validator) peFqdn(pe PrivateEndpoint, path string) {
	if public, wasPL := publicOfPrivateLink(pe.Fqdn); wasPL {
		v.add(Warning, "pe.fqdn-privatelink", path+".fqdn", "%s is the privatelink name; clients use the public name, %s, which public DNS makes a CNAME to it: vnetplay reads the public name (rule:private-endpoints.dns-chain)", pe.Fqdn, public)
	}
}

// peConnectionState checks the connection state: one of the four, and a
// warning when it is not Approved, since the endpoint then carries no
// traffic (rule:private-endpoints.inbound-only-approved).
func (v *validator) peConnectionState(pe PrivateEndpoint, path string) {
	switch pe.ConnectionState {
	case "", PEApproved:
	case PEPending, PERejected, PEDisconnected:
		v.add(Warning, "pe.not-approved", path+".connectionState", "the connection is %s: only an Approved private endpoint carries traffic, and it gets no route (rule:private-endpoints.inbound-only-approved)", pe.ConnectionState)
	default:
		v.add(Error, "pe.connection-state", path+".connectionState", "connectionState must be %s, %s, %s or %s, got %q (rule:private-endpoints.inbound-only-approved)",
			PEApproved, PEPending, PERejected, PEDisconnected, pe.ConnectionState)
	}
}

// peIPInSubnet checks that a private endpoint's address is inside its
// subnet and not one of the five addresses Azure reserves
// (rule:private-endpoints.nic-and-address, rule:address-space.reserved-addresses).
func (v *validator) peIPInSubnet(ip netip.Addr, sn *Subnet, path string) {
	p, err := netip.ParsePrefix(sn.AddressPrefix)
	if err != nil {
		return
	}
	if !p.Contains(ip) {
		v.add(Error, "pe.ip-outside-subnet", path, "%s is outside subnet %s (%s): a private endpoint takes an address of its subnet (rule:private-endpoints.nic-and-address)", ip, sn.Name, p)
		return
	}
	if ReservedInSubnet(p, ip) {
		v.add(Error, "pe.ip-reserved", path, "%s is one of the five addresses Azure reserves in %s (network, .1, .2, .3, broadcast) (rule:address-space.reserved-addresses)", ip, p)
	}
}

// peZoneGroup checks the zone group: at most five zones, each an existing
// private DNS zone, none twice (rule:private-endpoints.limits, rule:private-endpoints.dns-chain).
func (v *validator) peZoneGroup(pe PrivateEndpoint, path string, zones map[string]bool) {
	g := pe.PrivateDnsZoneGroup
	if g == nil {
		return
	}
	path += ".privateDnsZoneGroup"
	if n := len(g.PrivateDnsZoneConfigs); n > peMaxZones {
		v.add(Error, "pe.zone-group-too-large", path, "%d zones; a private endpoint's zone group names at most %d (rule:private-endpoints.limits)", n, peMaxZones)
	}
	seen := map[string]bool{}
	for i, c := range g.PrivateDnsZoneConfigs {
		cp := fmt.Sprintf("%s.privateDnsZoneConfigs[%d].privateDnsZoneId", path, i)
		switch {
		case c.PrivateDnsZoneID == "":
			v.add(Error, "pe.zone-missing", cp, "a zone group entry needs privateDnsZoneId (rule:private-endpoints.dns-chain)")
		case !zones[c.PrivateDnsZoneID]:
			v.add(Error, "ref.dangling", cp, "private DNS zone %q does not exist", c.PrivateDnsZoneID)
		case seen[c.PrivateDnsZoneID]:
			v.add(Warning, "pe.zone-duplicate", cp, "zone %s is named twice in the zone group", c.PrivateDnsZoneID)
		}
		seen[c.PrivateDnsZoneID] = true
	}
}
