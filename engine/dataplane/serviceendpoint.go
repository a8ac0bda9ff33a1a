package dataplane

import (
	"net/netip"
	"slices"
)

// servicePrefixes is a small, REPRESENTATIVE table of public prefixes per
// service, used for VirtualNetworkServiceEndpoint routes (rule:system-routes.service-endpoint-routes, rule:service-endpoints.per-subnet-routes). Azure's
// real lists are long and change over time; these are a few ranges from each
// service's published service-tag data, enough to show the mechanism.
func servicePrefixes() map[string][]string {
	return map[string][]string{
		"Microsoft.Storage":       {"20.60.0.0/16", "20.150.0.0/15", "52.239.128.0/17"},
		"Microsoft.Sql":           {"20.37.64.0/19", "40.78.0.0/17"},
		"Microsoft.KeyVault":      {"20.38.128.0/21", "52.246.157.0/24"},
		"Microsoft.AzureCosmosDB": {"20.40.192.0/20"},
		"Microsoft.ServiceBus":    {"20.42.65.0/24"},
	}
}

// ServicePrefixes returns the representative prefixes of a service, or nil
// for a service this engine does not know.
func ServicePrefixes(service string) []netip.Prefix {
	var out []netip.Prefix
	for _, s := range servicePrefixes()[service] {
		out = append(out, netip.MustParsePrefix(s))
	}
	return out
}

// KnownServices lists the services ServicePrefixes knows, sorted.
func KnownServices() []string {
	m := servicePrefixes()
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
