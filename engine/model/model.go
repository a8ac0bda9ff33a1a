// Package model is the topology of an Azure virtual-network design as the
// scenario file describes it: VNets with subnets, peerings, route tables,
// network security groups, VMs with their NICs (NVAs are VMs that forward),
// internal load balancers and service endpoints.
//
// Field names follow the ARM resource properties (addressSpace.addressPrefixes,
// subnets[].addressPrefix, allowForwardedTraffic, nextHopIpAddress, ...) so
// that a user who knows the portal or an ARM template recognises them.
// Resources have stable human-readable ids and reference each other by id.
// Addresses are kept as the strings the user wrote; Validate reports the ones
// that do not parse, and the data plane ignores them. The zero Topology is an
// empty, valid design. A Topology is a plain value: it is not safe for
// concurrent mutation, and the engine never mutates one it is given.
//
// Extension points for the hybrid work (gateways, sites, connections,
// circuits, Route Server, P2S) are new slices on Topology and new route
// sources in engine/route; nothing here assumes they do not exist.
package model

import "strings"

// Topology is everything the engine reads.
type Topology struct {
	VNets         []VNet         `json:"vnets,omitempty"`
	Peerings      []Peering      `json:"peerings,omitempty"`
	RouteTables   []RouteTable   `json:"routeTables,omitempty"`
	NSGs          []NSG          `json:"networkSecurityGroups,omitempty"`
	VMs           []VM           `json:"virtualMachines,omitempty"`
	LoadBalancers []LoadBalancer `json:"loadBalancers,omitempty"`

	// The Internet edge (edge.go).
	PublicIPAddresses []PublicIPAddress `json:"publicIPAddresses,omitempty"`
	NatGateways       []NatGateway      `json:"natGateways,omitempty"`

	// Hybrid connectivity (hybrid.go).
	Gateways             []VirtualNetworkGateway `json:"virtualNetworkGateways,omitempty"`
	LocalNetworkGateways []LocalNetworkGateway   `json:"localNetworkGateways,omitempty"`
	Sites                []Site                  `json:"sites,omitempty"`
	Connections          []Connection            `json:"connections,omitempty"`
	Circuits             []ExpressRouteCircuit   `json:"expressRouteCircuits,omitempty"`
	RouteServers         []RouteServer           `json:"routeServers,omitempty"`

	// Private endpoints (privatelink.go) and name resolution (dns.go).
	PrivateEndpoints      []PrivateEndpoint      `json:"privateEndpoints,omitempty"`
	PrivateDNSZones       []PrivateDnsZone       `json:"privateDnsZones,omitempty"`
	DNSResolvers          []DNSResolver          `json:"dnsResolvers,omitempty"`
	DNSForwardingRulesets []DNSForwardingRuleset `json:"dnsForwardingRulesets,omitempty"`
}

// VNet is a virtual network (rule:address-space.region-and-layer3: it lives in one region, its location).
type VNet struct {
	ID           string       `json:"id"`
	Location     string       `json:"location,omitempty"`
	AddressSpace AddressSpace `json:"addressSpace"`
	Subnets      []Subnet     `json:"subnets,omitempty"`
	// SummarizedGatewayPrefixes (2026) makes the VNet's gateways advertise
	// these summaries instead of the VNet's ranges and of any transit spoke
	// range a summary covers (rule:gateway-transit.summarized-prefixes). It has no effect on a spoke.
	SummarizedGatewayPrefixes []string `json:"summarizedGatewayPrefixes,omitempty"`
	// DhcpOptions holds the VNet's DNS servers (rule:dns.custom-servers).
	DhcpOptions *DhcpOptions `json:"dhcpOptions,omitempty"`
}

// AddressSpace lists a VNet's address ranges (several are allowed).
type AddressSpace struct {
	AddressPrefixes []string `json:"addressPrefixes"`
}

// Subnet is one subnet of a VNet. Its id is "<vnet>/<name>". The names
// GatewaySubnet, RouteServerSubnet and AzureFirewallSubnet are special (rule:address-space.special-subnets).
type Subnet struct {
	Name                 string            `json:"name"`
	AddressPrefix        string            `json:"addressPrefix"`
	RouteTable           string            `json:"routeTable,omitempty"`
	NetworkSecurityGroup string            `json:"networkSecurityGroup,omitempty"`
	ServiceEndpoints     []ServiceEndpoint `json:"serviceEndpoints,omitempty"`
	// NatGateway is the id of the subnet's NAT gateway (rule:internet-edge.nat-gateway).
	NatGateway string `json:"natGateway,omitempty"`
	// DefaultOutboundAccess false makes the subnet private (rule:internet-edge.private-subnets); nil
	// means allowed (see DefaultOutbound).
	DefaultOutboundAccess *bool `json:"defaultOutboundAccess,omitempty"`
	// PrivateEndpointNetworkPolicies applies route tables and NSGs to the
	// private endpoints in the subnet (rule:private-endpoints.network-policies-property):
	// Disabled (the default when empty), Enabled, NetworkSecurityGroupEnabled,
	// RouteTableEnabled.
	PrivateEndpointNetworkPolicies string `json:"privateEndpointNetworkPolicies,omitempty"`
}

// Special subnet names (rule:vpn-gateway.gateway-subnet, rule:address-space.special-subnets).
const (
	GatewaySubnet       = "GatewaySubnet"
	RouteServerSubnet   = "RouteServerSubnet"
	AzureFirewallSubnet = "AzureFirewallSubnet"
)

// ServiceEndpoint enables one service's endpoint on a subnet (rule:service-endpoints.per-subnet-routes), e.g.
// {"service": "Microsoft.Storage"}.
type ServiceEndpoint struct {
	Service string `json:"service"`
}

// Peering is a VNet peering: two links, one owned by each VNet (rule:peering.link-states). Each
// link carries its own flags. The state of each link (Initiated, Connected,
// Disconnected) is derived from which links exist, see PeeringState.
type Peering struct {
	ID string      `json:"id"`
	A  PeeringLink `json:"a"`
	B  PeeringLink `json:"b"`
}

// PeeringLink is one side of a peering: the link resource on VNet that points
// at the other side's VNet.
type PeeringLink struct {
	VNet string `json:"vnet"`
	// Lifecycle says whether this link resource exists: "" (it exists),
	// "NotCreated" (never created: the other side is Initiated) or "Deleted"
	// (deleted after the peering connected: the other side is Disconnected).
	Lifecycle string `json:"lifecycle,omitempty"`
	// AllowVirtualNetworkAccess defaults to true in Azure (rule:peering.allow-virtual-network-access); nil means the
	// default.
	AllowVirtualNetworkAccess *bool `json:"allowVirtualNetworkAccess,omitempty"`
	AllowForwardedTraffic     bool  `json:"allowForwardedTraffic,omitempty"`
	AllowGatewayTransit       bool  `json:"allowGatewayTransit,omitempty"`
	UseRemoteGateways         bool  `json:"useRemoteGateways,omitempty"`
	// RemoteAddressSpace is the remote VNet's address space as this link
	// last synced it (ARM remoteAddressSpace). nil means in sync with the
	// remote VNet. Peering routes on this side follow this copy until the
	// link is synced (rule:peering.address-space-sync, section W: the sync model).
	RemoteAddressSpace *AddressSpace `json:"remoteAddressSpace,omitempty"`
}

// Link lifecycle values.
const (
	LinkNotCreated = "NotCreated"
	LinkDeleted    = "Deleted"
)

// Exists reports whether the link resource exists.
func (l PeeringLink) Exists() bool { return l.Lifecycle == "" }

// VirtualNetworkAccess reports the effective allowVirtualNetworkAccess (default true).
func (l PeeringLink) VirtualNetworkAccess() bool {
	return l.AllowVirtualNetworkAccess == nil || *l.AllowVirtualNetworkAccess
}

// SyncLevel is a link's peeringSyncLevel (rule:peering.address-space-sync).
type SyncLevel string

// Sync levels as Azure reports them.
const (
	FullyInSync             SyncLevel = "FullyInSync"
	RemoteNotInSync         SyncLevel = "RemoteNotInSync"
	LocalNotInSync          SyncLevel = "LocalNotInSync"
	LocalAndRemoteNotInSync SyncLevel = "LocalAndRemoteNotInSync"
)

// LinkSync derives a link's sync level from the two VNets' actual address
// spaces (rule:peering.address-space-sync): LocalNotInSync when self's copy of the remote space is stale,
// RemoteNotInSync when the other link's copy of the local space is stale.
func LinkSync(self, other PeeringLink, local, remote AddressSpace) SyncLevel {
	localStale := self.RemoteAddressSpace != nil && !sameSet(self.RemoteAddressSpace.AddressPrefixes, remote.AddressPrefixes)
	remoteStale := other.RemoteAddressSpace != nil && !sameSet(other.RemoteAddressSpace.AddressPrefixes, local.AddressPrefixes)
	switch {
	case localStale && remoteStale:
		return LocalAndRemoteNotInSync
	case localStale:
		return LocalNotInSync
	case remoteStale:
		return RemoteNotInSync
	}
	return FullyInSync
}

func sameSet(a, b []string) bool {
	in := func(x string, s []string) bool {
		for _, y := range s {
			if x == y {
				return true
			}
		}
		return false
	}
	for _, x := range a {
		if !in(x, b) {
			return false
		}
	}
	for _, x := range b {
		if !in(x, a) {
			return false
		}
	}
	return true
}

// PeeringState is the derived state of one peering link (rule:peering.link-states).
type PeeringState string

// Peering states as Azure reports them.
const (
	Initiated    PeeringState = "Initiated"
	Connected    PeeringState = "Connected"
	Disconnected PeeringState = "Disconnected"
	// NoLink is the "state" of a link that does not exist.
	NoLink PeeringState = "None"
)

// LinkStates derives both links' states (rule:peering.link-states): both links exist ⇒ both
// Connected; one link exists and the other was never created ⇒ Initiated; the
// other was deleted after connecting ⇒ Disconnected.
func (p Peering) LinkStates() (a, b PeeringState) {
	return linkState(p.A, p.B), linkState(p.B, p.A)
}

// Connected reports whether traffic and routes flow over the peering: only
// when both links are Connected (rule:peering.link-states).
func (p Peering) Connected() bool {
	a, b := p.LinkStates()
	return a == Connected && b == Connected
}

func linkState(self, other PeeringLink) PeeringState {
	switch {
	case !self.Exists():
		return NoLink
	case other.Exists():
		return Connected
	case other.Lifecycle == LinkDeleted:
		return Disconnected
	default:
		return Initiated
	}
}

// RouteTable is a route table with user-defined routes (section D).
type RouteTable struct {
	ID                         string  `json:"id"`
	Location                   string  `json:"location,omitempty"`
	DisableBgpRoutePropagation bool    `json:"disableBgpRoutePropagation,omitempty"`
	Routes                     []Route `json:"routes,omitempty"`
}

// Route is one UDR (rule:udr.allowed-next-hops).
type Route struct {
	Name             string `json:"name"`
	AddressPrefix    string `json:"addressPrefix"`
	NextHopType      string `json:"nextHopType"`
	NextHopIPAddress string `json:"nextHopIpAddress,omitempty"`
}

// UDR next-hop type names accepted in a route table (rule:udr.allowed-next-hops).
const (
	HopVirtualAppliance      = "VirtualAppliance"
	HopVirtualNetworkGateway = "VirtualNetworkGateway"
	HopNone                  = "None"
	HopVnetLocal             = "VnetLocal"
	HopInternet              = "Internet"
)

// NSG is a network security group. Azure's default rules (rule:nsg.default-rules) are implied
// and never stored; see DefaultRules.
type NSG struct {
	ID            string         `json:"id"`
	Location      string         `json:"location,omitempty"`
	SecurityRules []SecurityRule `json:"securityRules,omitempty"`
}

// SecurityRule is one NSG rule (rule:nsg.priority-first-match). The singular and plural address and
// port fields are both accepted, as in ARM; they are combined.
type SecurityRule struct {
	Name                       string   `json:"name"`
	Priority                   int      `json:"priority"`
	Direction                  string   `json:"direction"` // Inbound | Outbound
	Access                     string   `json:"access"`    // Allow | Deny
	Protocol                   string   `json:"protocol"`  // Tcp | Udp | Icmp | Esp | Ah | *
	SourceAddressPrefix        string   `json:"sourceAddressPrefix,omitempty"`
	SourceAddressPrefixes      []string `json:"sourceAddressPrefixes,omitempty"`
	SourcePortRange            string   `json:"sourcePortRange,omitempty"`
	SourcePortRanges           []string `json:"sourcePortRanges,omitempty"`
	DestinationAddressPrefix   string   `json:"destinationAddressPrefix,omitempty"`
	DestinationAddressPrefixes []string `json:"destinationAddressPrefixes,omitempty"`
	DestinationPortRange       string   `json:"destinationPortRange,omitempty"`
	DestinationPortRanges      []string `json:"destinationPortRanges,omitempty"`
}

// In reports whether the rule is evaluated in direction dir (Inbound or
// Outbound): its direction is read in any case, as ARM reads it
// (rule:nsg.priority-first-match).
func (r SecurityRule) In(dir string) bool { return strings.EqualFold(r.Direction, dir) }

// Allows reports whether the rule's access is Allow, read in any case as
// ARM reads it.
func (r SecurityRule) Allows() bool { return strings.EqualFold(r.Access, "Allow") }

// Sources returns the rule's source prefixes (singular and plural merged).
func (r SecurityRule) Sources() []string {
	return merge(r.SourceAddressPrefix, r.SourceAddressPrefixes)
}

// Destinations returns the rule's destination prefixes.
func (r SecurityRule) Destinations() []string {
	return merge(r.DestinationAddressPrefix, r.DestinationAddressPrefixes)
}

// SourcePorts returns the rule's source port ranges.
func (r SecurityRule) SourcePorts() []string { return merge(r.SourcePortRange, r.SourcePortRanges) }

// DestinationPorts returns the rule's destination port ranges.
func (r SecurityRule) DestinationPorts() []string {
	return merge(r.DestinationPortRange, r.DestinationPortRanges)
}

func merge(one string, many []string) []string {
	var out []string
	if one != "" {
		out = append(out, one)
	}
	out = append(out, many...)
	if len(out) == 0 {
		return []string{"*"}
	}
	return out
}

// DefaultRules returns Azure's six default NSG rules (rule:nsg.default-rules), in the order
// they are evaluated (inbound then outbound, by priority).
func DefaultRules() []SecurityRule {
	r := func(name string, prio int, dir, src, dst, access string) SecurityRule {
		return SecurityRule{Name: name, Priority: prio, Direction: dir, Access: access, Protocol: "*",
			SourceAddressPrefix: src, DestinationAddressPrefix: dst, SourcePortRange: "*", DestinationPortRange: "*"}
	}
	return []SecurityRule{
		r("AllowVNetInBound", 65000, "Inbound", "VirtualNetwork", "VirtualNetwork", "Allow"),
		r("AllowAzureLoadBalancerInBound", 65001, "Inbound", "AzureLoadBalancer", "*", "Allow"),
		r("DenyAllInBound", 65500, "Inbound", "*", "*", "Deny"),
		r("AllowVnetOutBound", 65000, "Outbound", "VirtualNetwork", "VirtualNetwork", "Allow"),
		r("AllowInternetOutBound", 65001, "Outbound", "*", "Internet", "Allow"),
		r("DenyAllOutBound", 65500, "Outbound", "*", "*", "Deny"),
	}
}

// VM is a virtual machine: an endpoint with one or more NICs. A VM whose NIC
// has enableIPForwarding and whose guest OS forwards (GuestIPForwarding) is an
// NVA (rule:nva.ip-forwarding). Stateful marks a stateful device (a firewall) that drops the
// return half of an asymmetric flow (rule:nva.stateful-asymmetry-drop).
type VM struct {
	ID                string `json:"id"`
	GuestIPForwarding bool   `json:"guestIpForwarding,omitempty"`
	Stateful          bool   `json:"stateful,omitempty"`
	NICs              []NIC  `json:"networkInterfaces"`
	// NetworksBehind are the networks this NVA fronts (an SD-WAN
	// concentrator's branches, a network behind a firewall): a packet for
	// one of their prefixes that reaches the NVA is delivered behind it,
	// and their hosts are walk endpoints "<vm>/<network>/<host>" that send
	// through the VM's primary NIC (rule:nva.networks-behind). vnetplay's own
	// field: Azure knows only the NVA's NICs and routes.
	NetworksBehind []NetworkBehind `json:"networksBehind,omitempty"`
	// DNSServer makes the VM a DNS server (a custom DNS VM, a forwarder in
	// the hub) listening on its primary NIC's address (rule:dns.custom-servers).
	DNSServer *DNSServer `json:"dnsServer,omitempty"`
}

// PrimaryNIC returns the VM's primary NIC: the one marked Primary (the
// first by name when several are, which validation refuses), else, none
// marked (a hand-written design, a single-NIC VM), the first by name.
// It is the NIC the VM's name stands for: autoregistration's record and
// the Azure-provided name (rule:dns.autoregistration,
// rule:dns.azure-dns-vnet-scope), the VM's DNS server, the endpoint
// reference "vm", and the NIC its networks behind send through. ok is
// false when the VM has no NIC.
func (vm *VM) PrimaryNIC() (nic *NIC, ok bool) {
	var first, marked *NIC
	for i := range vm.NICs {
		n := &vm.NICs[i]
		if first == nil || n.Name < first.Name {
			first = n
		}
		if n.Primary && (marked == nil || n.Name < marked.Name) {
			marked = n
		}
	}
	if marked != nil {
		return marked, true
	}
	return first, first != nil
}

// NetworkBehind is one network an NVA fronts: its prefixes and the hosts
// a walk may start or end at (rule:nva.networks-behind).
type NetworkBehind struct {
	Name            string   `json:"name"`
	AddressPrefixes []string `json:"addressPrefixes"`
	Hosts           []Host   `json:"hosts,omitempty"`
}

// NIC is a network interface. Its endpoint id is "<vm>/<name>"; the VM id
// alone names its primary NIC (VM.PrimaryNIC).
type NIC struct {
	Name                 string `json:"name"`
	Subnet               string `json:"subnet"` // "<vnet>/<subnet>"
	PrivateIPAddress     string `json:"privateIpAddress"`
	EnableIPForwarding   bool   `json:"enableIPForwarding,omitempty"`
	NetworkSecurityGroup string `json:"networkSecurityGroup,omitempty"`
	// Primary marks the VM's primary NIC (ARM's
	// networkProfile.networkInterfaces[].properties.primary): the one
	// autoregistration and the Azure-provided name answer with
	// (rule:dns.autoregistration, rule:dns.azure-dns-vnet-scope). A VM
	// has at most one; none marked, its first NIC by name is primary.
	Primary bool `json:"primary,omitempty"`
	// PublicIPAddress is the id of the instance-level public IP of the
	// NIC's IP configuration (rule:internet-edge.instance-public-ip).
	PublicIPAddress string `json:"publicIPAddress,omitempty"`
	// DNSSettings are the NIC's own DNS servers (rule:dns.custom-servers).
	DNSSettings *NICDNSSettings `json:"dnsSettings,omitempty"`
}

// LoadBalancer is a load balancer, internal or public.
//
// An internal one is a private frontend in a subnet in front of NVAs
// (rule:udr.appliance-targets, rule:nva.high-availability): Subnet, FrontendPrivateIPAddress and Backends (NIC endpoint
// ids); traffic to the frontend goes to the first backend in sorted order
// whose forwarding is on (the engine does not model health probes).
//
// A public one (IsPublic) has FrontendIPConfigurations with public IPs,
// BackendAddressPools, LoadBalancingRules, InboundNatRules and
// OutboundRules (rule:internet-edge.public-load-balancer, rule:internet-edge.outbound-precedence, rule:internet-edge.lb-snat-ports); it has no Subnet. Azure does not mix
// the two kinds of frontend on one load balancer.
type LoadBalancer struct {
	ID string `json:"id"`
	// Sku is "Standard" (the default when empty) or "Basic". A Basic
	// frontend cannot be reached across a global peering (rule:peering.basic-lb-global); a public
	// load balancer and its public IPs have the same SKU (rule:internet-edge.public-load-balancer).
	Sku                      string   `json:"sku,omitempty"`
	Subnet                   string   `json:"subnet,omitempty"`
	FrontendPrivateIPAddress string   `json:"frontendPrivateIpAddress,omitempty"`
	Backends                 []string `json:"backends,omitempty"`

	FrontendIPConfigurations []FrontendIPConfiguration `json:"frontendIPConfigurations,omitempty"`
	BackendAddressPools      []BackendAddressPool      `json:"backendAddressPools,omitempty"`
	LoadBalancingRules       []LoadBalancingRule       `json:"loadBalancingRules,omitempty"`
	InboundNatRules          []InboundNatRule          `json:"inboundNatRules,omitempty"`
	OutboundRules            []OutboundRule            `json:"outboundRules,omitempty"`
}

// SameLocation reports whether two Azure locations name the same region
// as ARM reads them: case and spaces do not count, so the portal's "West
// Europe" is "westeurope" (rule:peering.global).
func SameLocation(a, b string) bool {
	return strings.EqualFold(strings.ReplaceAll(a, " ", ""), strings.ReplaceAll(b, " ", ""))
}
