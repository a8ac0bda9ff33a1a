package model

// Private endpoints (issue 14; rule book section Y). Property names are
// ARM's; the target's public name and address are vnetplay's own.

// Values of Subnet.PrivateEndpointNetworkPolicies (rule:private-endpoints.network-policies-property).
const (
	PENetworkPoliciesDisabled   = "Disabled" // the default
	PENetworkPoliciesEnabled    = "Enabled"
	PENetworkPoliciesNSG        = "NetworkSecurityGroupEnabled"
	PENetworkPoliciesRouteTable = "RouteTableEnabled"
)

// Private link connection states (privateLinkServiceConnectionState.status):
// only an Approved endpoint carries traffic.
const (
	PEApproved     = "Approved" // the default
	PEPending      = "Pending"
	PERejected     = "Rejected"
	PEDisconnected = "Disconnected"
)

// PrivateEndpoint is a private endpoint: a read-only NIC in Subnet with
// PrivateIPAddress, connected to one sub-resource (GroupIDs, e.g. "blob")
// of a Private Link target (rule:private-endpoints.nic-and-address).
type PrivateEndpoint struct {
	ID               string `json:"id"`
	Subnet           string `json:"subnet"` // "<vnet>/<subnet>"
	PrivateIPAddress string `json:"privateIpAddress"`
	// PrivateLinkServiceID names the target resource (its id or name).
	PrivateLinkServiceID string   `json:"privateLinkServiceId"`
	GroupIDs             []string `json:"groupIds,omitempty"`
	// ConnectionState is privateLinkServiceConnectionState.status:
	// Approved (the default when empty), Pending, Rejected, Disconnected.
	ConnectionState string `json:"connectionState,omitempty"`
	// Fqdn is the target's public name ("acct.blob.core.windows.net") and
	// PublicIPAddress the address public DNS gives it: vnetplay's own
	// fields (ARM derives the name from the target; the address is the
	// service's).
	Fqdn            string `json:"fqdn,omitempty"`
	PublicIPAddress string `json:"publicIpAddress,omitempty"`
	// PrivateDnsZoneGroup makes Azure write the endpoint's A record in the
	// zones it names (rule:private-endpoints.dns-chain).
	PrivateDnsZoneGroup *PrivateDnsZoneGroup `json:"privateDnsZoneGroup,omitempty"`
	// CustomDnsConfigs lists the names and addresses for your own DNS.
	CustomDnsConfigs []CustomDnsConfig `json:"customDnsConfigs,omitempty"`
}

// PrivateDnsZoneGroup is a private endpoint's zone group (at most 5 zones).
type PrivateDnsZoneGroup struct {
	PrivateDnsZoneConfigs []PrivateDnsZoneConfig `json:"privateDnsZoneConfigs"`
}

// PrivateDnsZoneConfig names one zone of a zone group by its id.
type PrivateDnsZoneConfig struct {
	Name             string `json:"name,omitempty"`
	PrivateDnsZoneID string `json:"privateDnsZoneId"`
}

// CustomDnsConfig is one name a private endpoint serves and its addresses.
type CustomDnsConfig struct {
	Fqdn        string   `json:"fqdn"`
	IPAddresses []string `json:"ipAddresses"`
}
