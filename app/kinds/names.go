package kinds

import (
	"slices"
	"strings"

	"vnetplay/engine/model"
)

// Private endpoints and name resolution in the registry (issue 14): how
// each is found, listed and deleted, and what a delete takes with it.

func privateEndpointID(p *model.PrivateEndpoint) string { return p.ID }
func privateDNSZoneID(z *model.PrivateDnsZone) string   { return z.ID }
func dnsResolverID(r *model.DNSResolver) string         { return r.ID }
func dnsRulesetID(r *model.DNSForwardingRuleset) string { return r.ID }
func locatePrivateEndpoint(t *model.Topology, id string) (any, bool) {
	return ptr(find(t.PrivateEndpoints, id, privateEndpointID))
}
func privateEndpointIDs(t *model.Topology) []string {
	return idsOf(t.PrivateEndpoints, privateEndpointID)
}
func locatePrivateDNSZone(t *model.Topology, id string) (any, bool) {
	return ptr(find(t.PrivateDNSZones, id, privateDNSZoneID))
}
func privateDNSZoneIDs(t *model.Topology) []string { return idsOf(t.PrivateDNSZones, privateDNSZoneID) }
func locateDNSResolver(t *model.Topology, id string) (any, bool) {
	return ptr(find(t.DNSResolvers, id, dnsResolverID))
}
func dnsResolverIDs(t *model.Topology) []string { return idsOf(t.DNSResolvers, dnsResolverID) }
func locateDNSRuleset(t *model.Topology, id string) (any, bool) {
	return ptr(find(t.DNSForwardingRulesets, id, dnsRulesetID))
}
func dnsRulesetIDs(t *model.Topology) []string { return idsOf(t.DNSForwardingRulesets, dnsRulesetID) }

func deletePrivateEndpoint(t *model.Topology, id string) {
	t.PrivateEndpoints = without(t.PrivateEndpoints, id, privateEndpointID)
}

// deletePrivateDNSZone deletes the zone and takes it out of the private
// endpoints' zone groups (a group left empty goes).
func deletePrivateDNSZone(t *model.Topology, id string) {
	t.PrivateDNSZones = without(t.PrivateDNSZones, id, privateDNSZoneID)
	for i := range t.PrivateEndpoints {
		pe := &t.PrivateEndpoints[i]
		if g := pe.PrivateDnsZoneGroup; g != nil {
			g.PrivateDnsZoneConfigs = slices.DeleteFunc(g.PrivateDnsZoneConfigs, func(c model.PrivateDnsZoneConfig) bool { return c.PrivateDnsZoneID == id })
			if len(g.PrivateDnsZoneConfigs) == 0 {
				pe.PrivateDnsZoneGroup = nil
			}
		}
	}
}

// deleteDNSResolver deletes the resolver; the rulesets stop naming its
// outbound endpoints.
func deleteDNSResolver(t *model.Topology, id string) {
	t.DNSResolvers = without(t.DNSResolvers, id, dnsResolverID)
	dropOutboundRefs(t, func(ref string) bool { return strings.HasPrefix(ref, id+"/") })
}

func deleteDNSRuleset(t *model.Topology, id string) {
	t.DNSForwardingRulesets = without(t.DNSForwardingRulesets, id, dnsRulesetID)
}

// dropOutboundRefs removes the rulesets' references to the outbound
// endpoints gone reports.
func dropOutboundRefs(t *model.Topology, gone func(ref string) bool) {
	for i := range t.DNSForwardingRulesets {
		rs := &t.DNSForwardingRulesets[i]
		rs.DNSResolverOutboundEndpoints = slices.DeleteFunc(rs.DNSResolverOutboundEndpoints, gone)
	}
}

// dropNamesInVNet removes what lives in or links to VNet vnet, which is
// going: the private endpoints in its subnets, its DNS resolver, and the
// zone and ruleset links to it.
func dropNamesInVNet(t *model.Topology, vnet string) {
	dropNamesInSubnets(t, func(subnet string) bool { return strings.HasPrefix(subnet, vnet+"/") })
	for _, r := range t.DNSResolvers {
		if r.VNet == vnet {
			deleteDNSResolver(t, r.ID)
		}
	}
	for i := range t.PrivateDNSZones {
		z := &t.PrivateDNSZones[i]
		z.VirtualNetworkLinks = slices.DeleteFunc(z.VirtualNetworkLinks, func(l model.VirtualNetworkLink) bool { return l.VirtualNetwork == vnet })
	}
	for i := range t.DNSForwardingRulesets {
		rs := &t.DNSForwardingRulesets[i]
		rs.VirtualNetworkLinks = slices.DeleteFunc(rs.VirtualNetworkLinks, func(l model.RulesetVNetLink) bool { return l.VirtualNetwork == vnet })
	}
}

// dropNamesInSubnets removes the private endpoints in the subnets gone
// reports and the resolver endpoints there (with the rulesets' references
// to those outbound endpoints).
func dropNamesInSubnets(t *model.Topology, gone func(subnet string) bool) {
	t.PrivateEndpoints = slices.DeleteFunc(t.PrivateEndpoints, func(p model.PrivateEndpoint) bool { return gone(p.Subnet) })
	for i := range t.DNSResolvers {
		r := &t.DNSResolvers[i]
		r.InboundEndpoints = slices.DeleteFunc(r.InboundEndpoints, func(e model.DNSInboundEndpoint) bool { return gone(r.VNet + "/" + e.Subnet) })
		var dropped []string
		r.OutboundEndpoints = slices.DeleteFunc(r.OutboundEndpoints, func(e model.DNSOutboundEndpoint) bool {
			if gone(r.VNet + "/" + e.Subnet) {
				dropped = append(dropped, r.ID+"/"+e.Name)
				return true
			}
			return false
		})
		dropOutboundRefs(t, func(ref string) bool { return slices.Contains(dropped, ref) })
	}
}
