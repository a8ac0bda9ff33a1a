package model

// Name resolution (issue 14; rule book sections U and Z): a VNet's and a
// NIC's DNS servers, private DNS zones and their VNet links, DNS Private
// Resolver and forwarding rulesets, and DNS servers outside Azure's
// services. Property names are ARM's, but DNSServer, which is vnetplay's own.

import "strings"

// DhcpOptions is a VNet's DHCP options: its DNS servers (Azure-provided
// DNS, 168.63.129.16, when empty; rule:dns.custom-servers).
type DhcpOptions struct {
	DNSServers []string `json:"dnsServers"`
}

// NICDNSSettings is a NIC's own DNS servers, which override its VNet's;
// ["AzureProvidedDNS"] switches the NIC back to Azure DNS.
type NICDNSSettings struct {
	DNSServers []string `json:"dnsServers"`
}

// AzureProvidedDNS is the NIC dnsServers value that selects Azure DNS.
const AzureProvidedDNS = "AzureProvidedDNS"

// AzureDNSAddress is Azure-provided DNS's virtual IP (rule:dns.azure-dns-address).
const AzureDNSAddress = "168.63.129.16"

// PrivateDnsZone is a private DNS zone: its name is its id
// ("privatelink.blob.core.windows.net"), with record sets and the VNets
// linked to it (rule:dns.private-zone-links).
type PrivateDnsZone struct {
	ID                  string               `json:"id"`
	RecordSets          []RecordSet          `json:"recordSets,omitempty"`
	VirtualNetworkLinks []VirtualNetworkLink `json:"virtualNetworkLinks,omitempty"`
}

// RecordSet is one record set of a zone: Name is relative to the zone
// ("acct", "@" for the apex), Type "A" or "CNAME".
type RecordSet struct {
	Name        string       `json:"name"`
	Type        string       `json:"type"`
	ARecords    []ARecord    `json:"aRecords,omitempty"`
	CnameRecord *CnameRecord `json:"cnameRecord,omitempty"`
}

// ARecord is one address of an A record set.
type ARecord struct {
	IPv4Address string `json:"ipv4Address"`
}

// CnameRecord is a CNAME record set's target name.
type CnameRecord struct {
	Cname string `json:"cname"`
}

// Resolution policies of a private zone's VNet link (rule:dns.nxdomain-and-fallback).
const (
	ResolutionDefault          = "Default"
	ResolutionNxDomainRedirect = "NxDomainRedirect"
)

// VirtualNetworkLink links a private zone to a VNet: the VNet resolves the
// zone through Azure DNS; with RegistrationEnabled its VMs' names are
// registered in it (rule:dns.autoregistration).
type VirtualNetworkLink struct {
	Name                string `json:"name"`
	VirtualNetwork      string `json:"virtualNetwork"` // VNet id
	RegistrationEnabled bool   `json:"registrationEnabled,omitempty"`
	// ResolutionPolicy is Default (the default when empty) or
	// NxDomainRedirect (privatelink zones only), in any case: ARM reads
	// the value without regard to case.
	ResolutionPolicy string `json:"resolutionPolicy,omitempty"`
}

// RedirectsNXDomain reports whether the link's resolution policy is
// NxDomainRedirect, in any case (rule:dns.nxdomain-and-fallback).
func (l VirtualNetworkLink) RedirectsNXDomain() bool {
	return strings.EqualFold(l.ResolutionPolicy, ResolutionNxDomainRedirect)
}

// DNSResolver is a DNS Private Resolver in VNet, with inbound endpoints
// (addresses that take queries) and outbound endpoints (that forwarding
// rulesets send queries from), each in its own delegated subnet
// (rule:dns.private-resolver-endpoints).
type DNSResolver struct {
	ID                string                `json:"id"`
	VNet              string                `json:"vnet"`
	InboundEndpoints  []DNSInboundEndpoint  `json:"inboundEndpoints,omitempty"`
	OutboundEndpoints []DNSOutboundEndpoint `json:"outboundEndpoints,omitempty"`
}

// DNSInboundEndpoint takes queries at PrivateIPAddress in Subnet (a subnet
// name of the resolver's VNet).
type DNSInboundEndpoint struct {
	Name             string `json:"name"`
	Subnet           string `json:"subnet"`
	PrivateIPAddress string `json:"privateIpAddress"`
}

// DNSOutboundEndpoint sends forwarded queries from Subnet (a subnet name of
// the resolver's VNet).
type DNSOutboundEndpoint struct {
	Name   string `json:"name"`
	Subnet string `json:"subnet"`
}

// DNSForwardingRuleset is a set of forwarding rules used by the VNets
// linked to it, sent from the resolver outbound endpoints it names
// ("<resolver>/<endpoint>"; rule:dns.forwarding-rules, rule:dns.ruleset-links).
type DNSForwardingRuleset struct {
	ID                           string            `json:"id"`
	DNSResolverOutboundEndpoints []string          `json:"dnsResolverOutboundEndpoints"`
	ForwardingRules              []ForwardingRule  `json:"forwardingRules,omitempty"`
	VirtualNetworkLinks          []RulesetVNetLink `json:"virtualNetworkLinks,omitempty"`
}

// ForwardingRule forwards queries for DomainName (dot-terminated; "." is
// every name) to TargetDNSServers. ForwardingRuleState is Enabled (the
// default when empty) or Disabled.
type ForwardingRule struct {
	Name                string            `json:"name"`
	DomainName          string            `json:"domainName"`
	TargetDNSServers    []TargetDNSServer `json:"targetDnsServers"`
	ForwardingRuleState string            `json:"forwardingRuleState,omitempty"`
}

// TargetDNSServer is a forwarding target (port 53 when 0).
type TargetDNSServer struct {
	IPAddress string `json:"ipAddress"`
	Port      int    `json:"port,omitempty"`
}

// RulesetVNetLink links a ruleset to a VNet.
type RulesetVNetLink struct {
	Name           string `json:"name"`
	VirtualNetwork string `json:"virtualNetwork"` // VNet id
}

// DNSServer is what a DNS server outside Azure's services does with a query
// (vnetplay's own): a custom DNS VM in a VNet (VM.DNSServer) or an
// on-premises resolver (Site.DNSServer). It answers from the zones it
// hosts, else sends the query to the first conditional forwarder whose
// domain is the longest suffix of the name, else to its forwarders (none:
// it resolves public names itself, by recursion).
type DNSServer struct {
	// IPAddress is where a site's resolver listens (a VM's server listens
	// on its primary NIC's address).
	IPAddress             string                 `json:"ipAddress,omitempty"`
	ConditionalForwarders []ConditionalForwarder `json:"conditionalForwarders,omitempty"`
	Forwarders            []string               `json:"forwarders,omitempty"`
}

// ConditionalForwarder sends queries for DomainName (and names under it) to
// TargetDNSServers, in order.
type ConditionalForwarder struct {
	DomainName       string   `json:"domainName"`
	TargetDNSServers []string `json:"targetDnsServers"`
}
