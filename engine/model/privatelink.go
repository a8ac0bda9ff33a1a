package model

import "strings"

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

// PublicName is Fqdn as clients ask it: lower case, without the final
// dot, and, where the design gives the privatelink name
// ("acct.privatelink.blob.core.windows.net", as the portal's DNS
// configuration shows it), the public name it stands for
// ("acct.blob.core.windows.net"): clients use the public name, which
// public DNS makes a CNAME to the privatelink one, and Azure's
// customDnsConfigs list it (rule:private-endpoints.dns-chain). The
// validation warns of a privatelink name (pe.fqdn-privatelink).
func (pe *PrivateEndpoint) PublicName() string {
	name, _ := publicOfPrivateLink(pe.Fqdn)
	return name
}

// PrivateLinkName is the privatelink name of a private-link target's
// public name: "acct.blob.core.windows.net" becomes
// "acct.privatelink.blob.core.windows.net"; "" for a single label or a
// name already under privatelink (rule:private-endpoints.dns-chain).
func PrivateLinkName(public string) string {
	host, rest, ok := strings.Cut(public, ".")
	if !ok || host == "" || rest == "" || strings.HasPrefix(rest, "privatelink.") {
		return ""
	}
	return host + ".privatelink." + rest
}

// publicOfPrivateLink is fqdn normalised (lower case, no final dot) and,
// when its second label is "privatelink", that label left out; wasPL
// reports the latter.
func publicOfPrivateLink(fqdn string) (name string, wasPL bool) {
	name = strings.ToLower(strings.TrimSuffix(strings.TrimSpace(fqdn), "."))
	host, rest, ok := strings.Cut(name, ".")
	if after, pl := strings.CutPrefix(rest, "privatelink."); ok && host != "" && pl && after != "" {
		return host + "." + after, true
	}
	return name, false
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
