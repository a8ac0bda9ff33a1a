package kinds

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"vnetplay/engine/model"
)

// Adding private endpoints and name resolution from the palette, and
// joining them by dragging (issue 14). The defaults are the portal's: a
// private endpoint to a storage account's blob service, integrated with the
// matching privatelink zone when the design has one; a DNS private
// resolver with one inbound and one outbound endpoint, each in its own /28
// (rule:dns.private-resolver-endpoints).

// peZoneFor is the privatelink zone the portal proposes per sub-resource
// (rule:private-endpoints.dns-chain).
var peZoneFor = map[string]string{
	"blob":      "privatelink.blob.core.windows.net",
	"file":      "privatelink.file.core.windows.net",
	"sqlServer": "privatelink.database.windows.net",
}

// newZoneNames are the names a new private DNS zone takes, in order: the
// privatelink zones first, then "zoneN.contoso.internal".
var newZoneNames = []string{"privatelink.blob.core.windows.net", "privatelink.file.core.windows.net", "privatelink.database.windows.net"}

// createPrivateEndpoint adds a private endpoint to a storage account's blob
// service on the subnet's first free address (rule:private-endpoints.nic-and-address).
func createPrivateEndpoint(t *model.Topology, subnet, _ string) (string, error) {
	ip, err := freeHostIn(t, subnet)
	if err != nil {
		return "", err
	}
	id := FreeID(func(id string) bool { _, ok := find(t.PrivateEndpoints, id, privateEndpointID); return ok }, "pe")
	target := "st" + id
	pe := model.PrivateEndpoint{
		ID: id, Subnet: subnet, PrivateIPAddress: ip.String(),
		PrivateLinkServiceID: target, GroupIDs: []string{"blob"},
		Fqdn: target + ".blob.core.windows.net", PublicIPAddress: publicAddressFor(len(t.PrivateEndpoints)),
	}
	if _, ok := find(t.PrivateDNSZones, peZoneFor["blob"], privateDNSZoneID); ok {
		pe.PrivateDnsZoneGroup = &model.PrivateDnsZoneGroup{PrivateDnsZoneConfigs: []model.PrivateDnsZoneConfig{{Name: "blob", PrivateDnsZoneID: peZoneFor["blob"]}}}
	}
	t.PrivateEndpoints = append(t.PrivateEndpoints, pe)
	return id, nil
}

// publicAddressFor is the stand-in public address of the n-th new
// endpoint's service (vnetplay's own field; edit it in the Inspector).
func publicAddressFor(n int) string {
	return netip.AddrFrom4([4]byte{20, 60, byte(n / 250), byte(10 + n%240)}).String()
}

// createPrivateDNSZone adds a private DNS zone named after the next
// privatelink zone the design lacks.
func createPrivateDNSZone(t *model.Topology, _, _ string) (string, error) {
	taken := func(id string) bool { _, ok := find(t.PrivateDNSZones, id, privateDNSZoneID); return ok }
	id := ""
	for _, n := range newZoneNames {
		if !taken(n) {
			id = n
			break
		}
	}
	if id == "" {
		id = FreeID(func(s string) bool { return taken(s + ".contoso.internal") }, "zone") + ".contoso.internal"
	}
	t.PrivateDNSZones = append(t.PrivateDNSZones, model.PrivateDnsZone{ID: id})
	return id, nil
}

// createDNSResolver adds a DNS private resolver to a VNet with an inbound
// endpoint in snet-dns-inbound and an outbound endpoint in
// snet-dns-outbound, each a new /28 (rule:dns.private-resolver-endpoints).
func createDNSResolver(t *model.Topology, vnet, _ string) (string, error) {
	for _, r := range t.DNSResolvers {
		if r.VNet == vnet {
			return "", fmt.Errorf("%s already has a DNS private resolver (%s): a virtual network has at most one", vnet, r.ID)
		}
	}
	in, err := ensureSubnetOf(t, vnet, "snet-dns-inbound", 28)
	if err != nil {
		return "", err
	}
	if _, err := ensureSubnetOf(t, vnet, "snet-dns-outbound", 28); err != nil {
		return "", err
	}
	ip, err := freeHostIn(t, in)
	if err != nil {
		return "", err
	}
	id := FreeID(func(id string) bool { _, ok := find(t.DNSResolvers, id, dnsResolverID); return ok }, "dnsr")
	t.DNSResolvers = append(t.DNSResolvers, model.DNSResolver{ID: id, VNet: vnet,
		InboundEndpoints:  []model.DNSInboundEndpoint{{Name: "in", Subnet: "snet-dns-inbound", PrivateIPAddress: ip.String()}},
		OutboundEndpoints: []model.DNSOutboundEndpoint{{Name: "out", Subnet: "snet-dns-outbound"}},
	})
	return id, nil
}

// createDNSRuleset adds an empty forwarding ruleset; when the design has
// exactly one outbound endpoint, the ruleset uses it (otherwise drag the
// ruleset to a resolver).
func createDNSRuleset(t *model.Topology, _, _ string) (string, error) {
	var outbound []string
	for _, r := range t.DNSResolvers {
		for _, e := range r.OutboundEndpoints {
			outbound = append(outbound, r.ID+"/"+e.Name)
		}
	}
	id := FreeID(func(id string) bool { _, ok := find(t.DNSForwardingRulesets, id, dnsRulesetID); return ok }, "ruleset")
	rs := model.DNSForwardingRuleset{ID: id}
	if len(outbound) == 1 {
		rs.DNSResolverOutboundEndpoints = outbound
	}
	t.DNSForwardingRulesets = append(t.DNSForwardingRulesets, rs)
	return id, nil
}

// linkZone links a private DNS zone to a VNet (resolution only:
// registration is a choice made in the Inspector, rule:dns.autoregistration).
func linkZone(t *model.Topology, zone, vnet string) error {
	z, ok := find(t.PrivateDNSZones, zone, privateDNSZoneID)
	if !ok {
		return fmt.Errorf("private DNS zone %s not found", zone)
	}
	if slices.ContainsFunc(z.VirtualNetworkLinks, func(l model.VirtualNetworkLink) bool { return l.VirtualNetwork == vnet }) {
		return fmt.Errorf("%s is already linked to %s", zone, vnet)
	}
	name := FreeName(func(n string) bool {
		return slices.ContainsFunc(z.VirtualNetworkLinks, func(l model.VirtualNetworkLink) bool { return l.Name == n })
	}, vnet+"-link")
	z.VirtualNetworkLinks = append(z.VirtualNetworkLinks, model.VirtualNetworkLink{Name: name, VirtualNetwork: vnet})
	return nil
}

// zoneGroupEntry puts a zone in a private endpoint's zone group: Azure then
// keeps the endpoint's A record in that zone (rule:private-endpoints.dns-chain).
func zoneGroupEntry(t *model.Topology, zone, pe string) error {
	p, ok := find(t.PrivateEndpoints, pe, privateEndpointID)
	if !ok {
		return fmt.Errorf("private endpoint %s not found", pe)
	}
	if p.PrivateDnsZoneGroup == nil {
		p.PrivateDnsZoneGroup = &model.PrivateDnsZoneGroup{}
	}
	g := p.PrivateDnsZoneGroup
	if slices.ContainsFunc(g.PrivateDnsZoneConfigs, func(c model.PrivateDnsZoneConfig) bool { return c.PrivateDnsZoneID == zone }) {
		return fmt.Errorf("%s's zone group already has %s", pe, zone)
	}
	if len(g.PrivateDnsZoneConfigs) >= 5 {
		return fmt.Errorf("%s's zone group already has 5 zones, the most a zone group takes", pe)
	}
	name := strings.TrimPrefix(strings.SplitN(zone, ".core.", 2)[0], "privatelink.")
	g.PrivateDnsZoneConfigs = append(g.PrivateDnsZoneConfigs, model.PrivateDnsZoneConfig{Name: name, PrivateDnsZoneID: zone})
	return nil
}

// linkRuleset links a forwarding ruleset to a VNet (rule:dns.ruleset-links).
func linkRuleset(t *model.Topology, ruleset, vnet string) error {
	rs, ok := find(t.DNSForwardingRulesets, ruleset, dnsRulesetID)
	if !ok {
		return fmt.Errorf("forwarding ruleset %s not found", ruleset)
	}
	if slices.ContainsFunc(rs.VirtualNetworkLinks, func(l model.RulesetVNetLink) bool { return l.VirtualNetwork == vnet }) {
		return fmt.Errorf("%s is already linked to %s", ruleset, vnet)
	}
	name := FreeName(func(n string) bool {
		return slices.ContainsFunc(rs.VirtualNetworkLinks, func(l model.RulesetVNetLink) bool { return l.Name == n })
	}, vnet+"-link")
	rs.VirtualNetworkLinks = append(rs.VirtualNetworkLinks, model.RulesetVNetLink{Name: name, VirtualNetwork: vnet})
	return nil
}

// rulesetOutbound makes a ruleset use a resolver's first outbound endpoint
// not yet in it (rule:dns.ruleset-links).
func rulesetOutbound(t *model.Topology, ruleset, resolver string) error {
	rs, ok := find(t.DNSForwardingRulesets, ruleset, dnsRulesetID)
	if !ok {
		return fmt.Errorf("forwarding ruleset %s not found", ruleset)
	}
	r, ok := find(t.DNSResolvers, resolver, dnsResolverID)
	if !ok {
		return fmt.Errorf("DNS private resolver %s not found", resolver)
	}
	if len(r.OutboundEndpoints) == 0 {
		return fmt.Errorf("%s has no outbound endpoint: add one in the Inspector first", resolver)
	}
	for _, e := range r.OutboundEndpoints {
		ref := r.ID + "/" + e.Name
		if !slices.Contains(rs.DNSResolverOutboundEndpoints, ref) {
			rs.DNSResolverOutboundEndpoints = append(rs.DNSResolverOutboundEndpoints, ref)
			return nil
		}
	}
	return fmt.Errorf("%s already uses every outbound endpoint of %s", ruleset, resolver)
}

// ensureSubnetOf returns the id of VNet vnet's subnet name, creating it
// with a free /bits when missing.
func ensureSubnetOf(t *model.Topology, vnet, name string, bits int) (string, error) {
	v, ok := find(t.VNets, vnet, vnetID)
	if !ok {
		return "", fmt.Errorf("virtual network %s not found", vnet)
	}
	if _, ok := find(v.Subnets, name, subnetName); ok {
		return vnet + "/" + name, nil
	}
	return addSubnet(v, name, bits)
}
