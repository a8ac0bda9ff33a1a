package canvas

import (
	"strconv"

	"vnetplay/app/kinds"
	"vnetplay/engine/model"
)

// Private endpoints and name resolution on the canvas: satellites, like
// route tables and NSGs, beside the subnet they live in or serve. A private
// endpoint sits beside its subnet; a DNS private resolver beside the subnet
// of its first inbound endpoint (else outbound); a forwarding ruleset beside
// the subnet of its first outbound endpoint; a private DNS zone beside the
// first subnet of the first VNet linked to it (VNets in id order). Zones and
// rulesets are tied to each VNet linked to them by an association edge, a
// private endpoint to its subnet.

// nameSatellites lists them, each kind sorted by id.
func nameSatellites(t *model.Topology, vnets []model.VNet) []satellite {
	firstSubnet := map[string]string{} // "" for a VNet without subnets
	for _, v := range vnets {
		if _, seen := firstSubnet[v.ID]; seen {
			continue // a duplicate id (a lint error): the first counts
		}
		firstSubnet[v.ID] = ""
		if len(v.Subnets) > 0 {
			firstSubnet[v.ID] = v.ID + "/" + v.Subnets[0].Name
		}
	}
	var out []satellite
	for _, pe := range sortedBy(t.PrivateEndpoints, func(p model.PrivateEndpoint) string { return p.ID }) {
		out = append(out, satellite{kind: kinds.PrivateEndpoint, ref: pe.ID, subnet: pe.Subnet, detail: peDetail(pe)})
	}
	for _, z := range sortedBy(t.PrivateDNSZones, func(z model.PrivateDnsZone) string { return z.ID }) {
		at := ""
		for _, l := range sortedBy(z.VirtualNetworkLinks, func(l model.VirtualNetworkLink) string { return l.VirtualNetwork }) {
			if s := firstSubnet[l.VirtualNetwork]; s != "" {
				at = s
				break
			}
		}
		out = append(out, satellite{kind: kinds.PrivateDNSZone, ref: z.ID, subnet: at, detail: plural(len(z.RecordSets)+zoneGroupRecords(t, z.ID), "record set")})
	}
	outbound := map[string]string{} // "resolver/endpoint" → subnet
	for _, r := range sortedBy(t.DNSResolvers, func(r model.DNSResolver) string { return r.ID }) {
		at := ""
		for _, e := range r.InboundEndpoints {
			if at == "" {
				at = r.VNet + "/" + e.Subnet
			}
		}
		for _, e := range r.OutboundEndpoints {
			outbound[r.ID+"/"+e.Name] = r.VNet + "/" + e.Subnet
			if at == "" {
				at = r.VNet + "/" + e.Subnet
			}
		}
		out = append(out, satellite{kind: kinds.DNSResolver, ref: r.ID, subnet: at, detail: resolverDetail(r)})
	}
	for _, rs := range sortedBy(t.DNSForwardingRulesets, func(r model.DNSForwardingRuleset) string { return r.ID }) {
		at := ""
		for _, ep := range rs.DNSResolverOutboundEndpoints {
			if s, ok := outbound[ep]; ok {
				at = s
				break
			}
		}
		out = append(out, satellite{kind: kinds.DNSRuleset, ref: rs.ID, subnet: at, detail: plural(len(rs.ForwardingRules), "rule")})
	}
	return out
}

// peDetail is the endpoint's address and target: "10.1.2.5 → stcontoso".
func peDetail(pe model.PrivateEndpoint) string {
	if pe.PrivateLinkServiceID == "" {
		return pe.PrivateIPAddress
	}
	return pe.PrivateIPAddress + " → " + pe.PrivateLinkServiceID
}

// resolverDetail counts the resolver's endpoints: "1 in, 1 out".
func resolverDetail(r model.DNSResolver) string {
	return strconv.Itoa(len(r.InboundEndpoints)) + " in, " + strconv.Itoa(len(r.OutboundEndpoints)) + " out"
}

// addNameAssociations ties private endpoints to their subnets, and zones and
// rulesets to the VNets linked to them.
func (s *Scene) addNameAssociations(t *model.Topology) {
	for _, pe := range sortedBy(t.PrivateEndpoints, func(p model.PrivateEndpoint) string { return p.ID }) {
		s.assoc(Key(kinds.PrivateEndpoint, pe.ID), Key(kinds.Subnet, pe.Subnet))
	}
	for _, z := range sortedBy(t.PrivateDNSZones, func(z model.PrivateDnsZone) string { return z.ID }) {
		for _, l := range sortedBy(z.VirtualNetworkLinks, func(l model.VirtualNetworkLink) string { return l.VirtualNetwork }) {
			s.assoc(Key(kinds.PrivateDNSZone, z.ID), Key(kinds.VNet, l.VirtualNetwork))
		}
	}
	for _, rs := range sortedBy(t.DNSForwardingRulesets, func(r model.DNSForwardingRuleset) string { return r.ID }) {
		for _, l := range sortedBy(rs.VirtualNetworkLinks, func(l model.RulesetVNetLink) string { return l.VirtualNetwork }) {
			s.assoc(Key(kinds.DNSRuleset, rs.ID), Key(kinds.VNet, l.VirtualNetwork))
		}
	}
}

// assoc adds the association edge from → to (addEdge drops it unless both
// nodes are drawn).
func (s *Scene) assoc(from, to string) {
	s.addEdge(Edge{Key: "assoc:" + from + ">" + to, Kind: EdgeAssociation, From: from, To: to})
}

// zoneGroupRecords counts the private endpoints whose zone group writes
// their record in zone (rule:private-endpoints.dns-chain): record sets Azure
// keeps for them, which the zone itself does not list.
func zoneGroupRecords(t *model.Topology, zone string) int {
	n := 0
	for _, pe := range t.PrivateEndpoints {
		if g := pe.PrivateDnsZoneGroup; g != nil {
			for _, c := range g.PrivateDnsZoneConfigs {
				if c.PrivateDnsZoneID == zone {
					n++
					break
				}
			}
		}
	}
	return n
}
