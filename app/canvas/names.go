package canvas

import (
	"slices"
	"strconv"
	"strings"

	"vnetplay/app/kinds"
	"vnetplay/engine/dns"
	"vnetplay/engine/model"
)

// Private endpoints and name resolution on the canvas. A private endpoint
// is a chip in its subnet (it is a NIC there), and so is each endpoint of a
// DNS private resolver; the resolver itself, zones and rulesets are
// satellites, like route tables and NSGs, beside the subnet they serve: a
// resolver beside the subnet of its first inbound endpoint (else
// outbound), a forwarding ruleset beside the subnet of its first outbound
// endpoint, a private DNS zone beside the first subnet of the first VNet
// linked to it (VNets in id order). Association edges tie a resolver to its
// endpoints, a ruleset to its outbound endpoints and to the VNets linked to
// it, and a zone to the VNets linked to it and to the private endpoints
// whose zone group writes in it.

// nameEndpoints adds the chips of private endpoints and resolver endpoints
// to out (subnet id → chips).
func nameEndpoints(t *model.Topology, out map[string][]endpoint) {
	for _, pe := range t.PrivateEndpoints {
		out[pe.Subnet] = append(out[pe.Subnet], endpoint{key: Key(kinds.PrivateEndpoint, pe.ID), ref: pe.ID, label: pe.ID, ip: peDetail(pe), kind: kinds.PrivateEndpoint})
	}
	for _, r := range t.DNSResolvers {
		for _, e := range r.InboundEndpoints {
			sn := r.VNet + "/" + e.Subnet
			out[sn] = append(out[sn], endpoint{key: dnsEndpointKey(r.ID, e.Name), ref: r.ID, label: r.ID + " " + e.Name, ip: "inbound " + e.PrivateIPAddress, kind: kinds.DNSEndpoint})
		}
		for _, e := range r.OutboundEndpoints {
			sn := r.VNet + "/" + e.Subnet
			out[sn] = append(out[sn], endpoint{key: dnsEndpointKey(r.ID, e.Name), ref: r.ID, label: r.ID + " " + e.Name, ip: "outbound", kind: kinds.DNSEndpoint})
		}
	}
}

// dnsEndpointKey is the scene key of a resolver endpoint's chip.
func dnsEndpointKey(resolver, endpoint string) string {
	return Key(kinds.DNSEndpoint, resolver+"/"+endpoint)
}

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
	kept := keptRecordNames(t)
	var out []satellite
	for _, z := range sortedBy(t.PrivateDNSZones, func(z model.PrivateDnsZone) string { return z.ID }) {
		at := ""
		for _, l := range sortedBy(z.VirtualNetworkLinks, func(l model.VirtualNetworkLink) string { return l.VirtualNetwork }) {
			if s := firstSubnet[l.VirtualNetwork]; s != "" {
				at = s
				break
			}
		}
		out = append(out, satellite{kind: kinds.PrivateDNSZone, ref: z.ID, subnet: at, detail: plural(recordSetCount(z, kept[dns.ZoneName(z.ID)]), "record set")})
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

// addNameAssociations draws the association edges of names (see the top
// of this file).
func (s *Scene) addNameAssociations(t *model.Topology) {
	for _, r := range sortedBy(t.DNSResolvers, func(r model.DNSResolver) string { return r.ID }) {
		for _, e := range r.InboundEndpoints {
			s.assoc(Key(kinds.DNSResolver, r.ID), dnsEndpointKey(r.ID, e.Name))
		}
		for _, e := range r.OutboundEndpoints {
			s.assoc(Key(kinds.DNSResolver, r.ID), dnsEndpointKey(r.ID, e.Name))
		}
	}
	for _, z := range sortedBy(t.PrivateDNSZones, func(z model.PrivateDnsZone) string { return z.ID }) {
		for _, l := range sortedBy(z.VirtualNetworkLinks, func(l model.VirtualNetworkLink) string { return l.VirtualNetwork }) {
			s.assoc(Key(kinds.PrivateDNSZone, z.ID), Key(kinds.VNet, l.VirtualNetwork))
		}
	}
	for _, pe := range sortedBy(t.PrivateEndpoints, func(p model.PrivateEndpoint) string { return p.ID }) {
		if g := pe.PrivateDnsZoneGroup; g != nil {
			for _, c := range g.PrivateDnsZoneConfigs {
				s.assoc(Key(kinds.PrivateDNSZone, c.PrivateDnsZoneID), Key(kinds.PrivateEndpoint, pe.ID))
			}
		}
	}
	for _, rs := range sortedBy(t.DNSForwardingRulesets, func(r model.DNSForwardingRuleset) string { return r.ID }) {
		for _, ep := range rs.DNSResolverOutboundEndpoints {
			s.assoc(Key(kinds.DNSRuleset, rs.ID), Key(kinds.DNSEndpoint, ep))
		}
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

// keptRecordNames are the names of the records private endpoints' zone
// groups keep in each zone (dns.GroupRecords, by dns.ZoneName): record
// sets Azure keeps for them, which the zone itself does not list
// (rule:private-endpoints.dns-chain).
func keptRecordNames(t *model.Topology) map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for _, r := range dns.GroupRecords(t) {
		if out[r.Zone] == nil {
			out[r.Zone] = map[string]bool{}
		}
		out[r.Zone][r.Name] = true
	}
	return out
}

// recordSetCount is how many record sets zone z holds: its own, and those
// kept for private endpoints (kept, by name) that it does not already list.
func recordSetCount(z model.PrivateDnsZone, kept map[string]bool) int {
	n := len(z.RecordSets)
	for name := range kept {
		if !slices.ContainsFunc(z.RecordSets, func(rs model.RecordSet) bool { return strings.EqualFold(rs.Name, name) }) {
			n++
		}
	}
	return n
}
