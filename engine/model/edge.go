package model

// The Internet edge (rule book section AA): public IP addresses, public load
// balancers, NAT gateways and default outbound access. Field names are the
// ARM names; references are ids, as elsewhere in the format.

// PublicIPAddress is a public IP address resource (rule:internet-edge.instance-public-ip, rule:internet-edge.standard-secure-by-default, rule:internet-edge.public-ip-holders). It is
// attached to at most one thing: a NIC (NIC.PublicIPAddress), a public load
// balancer frontend or a NAT gateway.
type PublicIPAddress struct {
	ID       string `json:"id"`
	Location string `json:"location,omitempty"`
	// Sku is {"name": "Standard"|"Basic"}; an empty name means Standard
	// (Basic public IPs were retired on 30 September 2025, rule:internet-edge.standard-secure-by-default).
	Sku Sku `json:"sku,omitzero"`
	// IPAddress is the public address Azure allocated.
	IPAddress string `json:"ipAddress"`
}

// Sku is an ARM sku object: {"name": "Standard"}.
type Sku struct {
	Name string `json:"name,omitempty"`
}

// SKU names of public IPs and load balancers (rule:internet-edge.standard-secure-by-default, rule:internet-edge.public-load-balancer).
const (
	SkuStandard = "Standard"
	SkuBasic    = "Basic"
)

// IsBasic reports whether the sku is Basic (the default is Standard).
func (s Sku) IsBasic() bool { return s.Name == SkuBasic }

// NatGateway is a NAT gateway (rule:internet-edge.nat-gateway): associated per subnet
// (Subnet.NatGateway), with up to 16 Standard public IPs. It carries
// outbound flows and their replies only (rule:internet-edge.inbound-entry-points).
type NatGateway struct {
	ID       string `json:"id"`
	Location string `json:"location,omitempty"`
	// PublicIPAddresses are public IP ids (ARM publicIpAddresses).
	PublicIPAddresses []string `json:"publicIpAddresses,omitempty"`
}

// FrontendIPConfiguration is a public load balancer frontend: a name and the
// public IP it answers on (rule:internet-edge.public-load-balancer).
type FrontendIPConfiguration struct {
	Name            string `json:"name"`
	PublicIPAddress string `json:"publicIPAddress"`
}

// BackendAddressPool is a load balancer backend pool defined by NIC: its
// backends are NIC endpoint ids ("vm/nic", or "vm" for its primary NIC).
type BackendAddressPool struct {
	Name     string   `json:"name"`
	Backends []string `json:"backends,omitempty"`
}

// LoadBalancingRule forwards frontend:frontendPort to backendPort on the
// members of a backend pool (rule:internet-edge.public-load-balancer). Unless DisableOutboundSnat, the pool's
// members also SNAT outbound through the frontend when no outbound rule
// covers them (rule:internet-edge.lb-snat-ports, 2022 doc).
type LoadBalancingRule struct {
	Name                    string `json:"name"`
	FrontendIPConfiguration string `json:"frontendIPConfiguration"`
	BackendAddressPool      string `json:"backendAddressPool"`
	Protocol                string `json:"protocol"` // Tcp | Udp | All
	FrontendPort            int    `json:"frontendPort"`
	BackendPort             int    `json:"backendPort"`
	DisableOutboundSnat     bool   `json:"disableOutboundSnat,omitempty"`
}

// InboundNatRule maps frontend:frontendPort to one NIC's backendPort
// (rule:internet-edge.public-load-balancer). BackendIPConfiguration is the NIC endpoint id (in ARM the NIC's
// IP configuration lists the rule; vnetplay keeps the reference on the
// rule, like backend pools).
type InboundNatRule struct {
	Name                    string `json:"name"`
	FrontendIPConfiguration string `json:"frontendIPConfiguration"`
	Protocol                string `json:"protocol"` // Tcp | Udp | All
	FrontendPort            int    `json:"frontendPort"`
	BackendPort             int    `json:"backendPort"`
	BackendIPConfiguration  string `json:"backendIPConfiguration"`
}

// OutboundRule gives a backend pool explicit outbound SNAT through
// frontends (rule:internet-edge.outbound-precedence, rule:internet-edge.default-outbound-access): Standard load balancers only.
type OutboundRule struct {
	Name                     string   `json:"name"`
	FrontendIPConfigurations []string `json:"frontendIPConfigurations"`
	BackendAddressPool       string   `json:"backendAddressPool"`
	Protocol                 string   `json:"protocol,omitempty"` // Tcp | Udp | All (default All)
}

// LB rule protocols.
const (
	ProtoTcp = "Tcp"
	ProtoUdp = "Udp"
	ProtoAll = "All"
)

// IsPublic reports whether the load balancer is a public one: it has
// frontend IP configurations (with public IPs) rather than a private
// frontend in a subnet.
func (lb LoadBalancer) IsPublic() bool { return len(lb.FrontendIPConfigurations) > 0 }

// DefaultOutbound reports whether a subnet keeps default outbound access
// (rule:internet-edge.default-outbound-access, rule:internet-edge.private-subnets). defaultOutboundAccess false makes the subnet private. null
// (the property left out) means allowed: that is what the property's null
// means for every API version before the ones released after 31 March
// 2026 and for tools pinned to them, and existing VNets keep it (rule:internet-edge.private-subnets). A
// scenario file carries no API version, so vnetplay reads null as the
// documented null, not as the 2026 default for new VNets (section W:
// the newer page wins on what the property does; the lint notes the
// coming default, edge.default-outbound-retiring).
func (s Subnet) DefaultOutbound() bool {
	return s.DefaultOutboundAccess == nil || *s.DefaultOutboundAccess
}
