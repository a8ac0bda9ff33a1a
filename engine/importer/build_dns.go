package importer

import (
	"fmt"
	"net/netip"
	"strings"

	"vnetplay/engine/model"
)

// Private endpoints, private DNS zones, DNS Private Resolver and forwarding
// rulesets (rule:import.private-link-and-dns-paths).

// privateDNSZones maps the private DNS zones with their A and CNAME record
// sets and VNet links. A zone's id is its DNS name; two zones of one name
// (in two resource groups) cannot both keep it (reported).
func (b *builder) privateDNSZones() {
	nodes := b.ix.top(typeZone)
	ids := allocate(candidates(nodes))
	for _, n := range nodes {
		id := ids[n.key]
		if !strings.EqualFold(id, n.Name) {
			b.rep.AddFor(Ignored, id, n.Where, "name",
				fmt.Sprintf("another private DNS zone of the file is also named %s: this one is imported as %s, which answers for that name instead (vnetplay names a zone by its DNS name)", n.Name, id))
		}
		z := model.PrivateDnsZone{ID: id}
		z.RecordSets = b.recordSets(n, id)
		for _, l := range b.ix.children(n, "virtualNetworkLinks") {
			l.used = true
			vnet, ok := b.lookup(cVNets, l.Ref("virtualNetwork"))
			if !ok {
				b.dropRef(l, id, "virtualNetwork", l.Ref("virtualNetwork"), "the link "+l.Name+" is left out: that VNet does not resolve the zone in the design")
				continue
			}
			link := model.VirtualNetworkLink{Name: l.Name, VirtualNetwork: vnet, ResolutionPolicy: l.Str("resolutionPolicy")}
			link.RegistrationEnabled, _ = l.Bool("registrationEnabled")
			z.VirtualNetworkLinks = append(z.VirtualNetworkLinks, link)
		}
		b.register(cZones, n, id)
		b.t.PrivateDNSZones = append(b.t.PrivateDNSZones, z)
	}
}

// recordSets maps a zone's A and CNAME record sets; the SOA record (every
// zone has one) is read silently, other types are reported.
func (b *builder) recordSets(n *node, zoneID string) []model.RecordSet {
	var out []model.RecordSet
	for _, r := range b.ix.children(n, "A") {
		r.used = true
		rs := model.RecordSet{Name: r.Name, Type: "A"}
		for i, a := range r.List("aRecords") {
			if ip := r.Elem("aRecords", i, a).Str("ipv4Address"); ip != "" {
				rs.ARecords = append(rs.ARecords, model.ARecord{IPv4Address: ip})
			}
		}
		out = append(out, rs)
	}
	for _, r := range b.ix.children(n, "CNAME") {
		r.used = true
		rs := model.RecordSet{Name: r.Name, Type: "CNAME"}
		if c := r.Str("cnameRecord.cname"); c != "" {
			rs.CnameRecord = &model.CnameRecord{Cname: c}
		}
		out = append(out, rs)
	}
	b.markUsed(n, "SOA")
	for _, t := range []string{"AAAA", "MX", "PTR", "SRV", "TXT"} {
		for _, r := range b.ix.children(n, t) {
			r.used = true
			b.rep.AddFor(Ignored, zoneID, r.Where, t+" "+r.Name, "only A and CNAME record sets are modelled")
		}
	}
	return out
}

// privateEndpoints maps the private endpoints: subnet, address (its IP
// configuration, its NIC, or its custom DNS configs), target connection,
// DNS zone group and custom DNS configs.
func (b *builder) privateEndpoints() {
	type plan struct {
		n      *node
		subnet string
		ip     string
	}
	var keep []plan
	for _, n := range b.ix.top(typePE) {
		for i, e := range n.List("networkInterfaces") {
			if nic, ok := b.ix.get(n.RefAt("networkInterfaces", i, e), typeNIC); ok {
				nic.used = true
			}
		}
		sn, ok := b.subnets[idKey(n.Ref("subnet"))]
		if !ok {
			b.skip(n, fmt.Sprintf("the private endpoint's subnet %s is not in the file (or was not imported): left out", n.Ref("subnet")))
			b.markUsed(n, "privateDnsZoneGroups")
			continue
		}
		ip := b.endpointIP(n)
		if ip == "" {
			b.skip(n, "the private endpoint's address is not in the file (no IP configuration, NIC or custom DNS config gives it): left out")
			b.markUsed(n, "privateDnsZoneGroups")
			continue
		}
		keep = append(keep, plan{n: n, subnet: sn.id, ip: ip})
	}
	nodes := make([]*node, 0, len(keep))
	for _, p := range keep {
		nodes = append(nodes, p.n)
	}
	ids := allocate(candidates(nodes))
	for _, p := range keep {
		id := ids[p.n.key]
		pe := model.PrivateEndpoint{ID: id, Subnet: p.subnet, PrivateIPAddress: p.ip}
		b.endpointTarget(p.n, id, &pe)
		pe.PrivateDnsZoneGroup = b.zoneGroup(p.n, id)
		for i, c := range p.n.List("customDnsConfigs") {
			cfg := p.n.Elem("customDnsConfigs", i, c)
			if f := cfg.Str("fqdn"); f != "" {
				pe.CustomDnsConfigs = append(pe.CustomDnsConfigs, model.CustomDnsConfig{Fqdn: f, IPAddresses: nonNil(cfg.Strings("ipAddresses"))})
			}
		}
		b.reportMoreAddresses(p.n, id, p.ip)
		b.register(cPEs, p.n, id)
		b.t.PrivateEndpoints = append(b.t.PrivateEndpoints, pe)
	}
}

// reportMoreAddresses reports the addresses of private endpoint n (id)
// beside kept, the one imported: an endpoint to a target with several
// members (a Cosmos DB account's regional endpoints) has one per member,
// in its IP configurations, its NIC's and its customDnsConfigs, and the
// design models one address, so the others get no /32 route.
func (b *builder) reportMoreAddresses(n *node, id, kept string) {
	seen := map[string]bool{kept: true}
	var more []string
	add := func(ip string) {
		if ip != "" && !seen[ip] {
			seen[ip] = true
			more = append(more, ip)
		}
	}
	for i, c := range n.List("ipConfigurations") {
		add(n.Elem("ipConfigurations", i, c).Str("privateIPAddress"))
	}
	for i, e := range n.List("networkInterfaces") {
		if nic, ok := b.ix.get(n.RefAt("networkInterfaces", i, e), typeNIC); ok {
			for j, c := range nic.List("ipConfigurations") {
				add(nic.Elem("ipConfigurations", j, c).Str("privateIPAddress"))
			}
		}
	}
	for i, c := range n.List("customDnsConfigs") {
		for _, ip := range n.Elem("customDnsConfigs", i, c).Strings("ipAddresses") {
			add(ip)
		}
	}
	if len(more) == 0 {
		return
	}
	b.rep.AddFor(Ignored, id, n.Where, "ipConfigurations",
		fmt.Sprintf("the endpoint has more private addresses than %s, one per member of its target: %s; vnetplay models one address per endpoint and kept %s: the others have no /32 route in the design, so traffic to them follows the subnet's other routes (customDnsConfigs keeps their names)", kept, strings.Join(more, ", "), kept))
}

// endpointIP finds a private endpoint's address: its (static) IP
// configuration, the first IP configuration of its NIC when the NIC is in
// the file, else its first custom DNS config's first address.
func (b *builder) endpointIP(n *node) string {
	for i, c := range n.List("ipConfigurations") {
		if ip := n.Elem("ipConfigurations", i, c).Str("privateIPAddress"); ip != "" {
			return ip
		}
	}
	for i, e := range n.List("networkInterfaces") {
		if nic, ok := b.ix.get(n.RefAt("networkInterfaces", i, e), typeNIC); ok {
			for i, c := range nic.List("ipConfigurations") {
				if ip := nic.Elem("ipConfigurations", i, c).Str("privateIPAddress"); ip != "" {
					return ip
				}
			}
		}
	}
	for i, c := range n.List("customDnsConfigs") {
		if ips := n.Elem("customDnsConfigs", i, c).Strings("ipAddresses"); len(ips) > 0 {
			return ips[0]
		}
	}
	return ""
}

// endpointTarget reads the endpoint's connection to its target (automatic,
// else manual): the target's id, group ids and approval state, and the
// target's public name (reported when derived).
func (b *builder) endpointTarget(n *node, id string, pe *model.PrivateEndpoint) {
	list := "privateLinkServiceConnections"
	conns := n.List(list)
	if len(conns) == 0 {
		list = "manualPrivateLinkServiceConnections"
		conns = n.List(list)
	}
	if len(conns) == 0 {
		b.rep.AddFor(Ignored, id, n.Where, "privateLinkServiceConnections", "the endpoint has no connection to a target in the file: it is imported without one")
		return
	}
	c := n.Elem(list, 0, conns[0])
	pe.PrivateLinkServiceID = c.Str("privateLinkServiceId")
	pe.GroupIDs = c.Strings("groupIds")
	pe.ConnectionState = c.Str("privateLinkServiceConnectionState.status")
	for i, d := range n.List("customDnsConfigs") {
		if f := n.Elem("customDnsConfigs", i, d).Str("fqdn"); f != "" && !strings.Contains(strings.ToLower(f), ".privatelink.") {
			pe.Fqdn = f
			break
		}
	}
	if pe.Fqdn == "" {
		if f := publicName(pe.PrivateLinkServiceID, pe.GroupIDs); f != "" {
			pe.Fqdn = f
			b.rep.AddFor(Assumed, id, n.Where, "fqdn",
				fmt.Sprintf("the target's public name is not in the file: took %s from the target's name and group id (its public address is not modelled)", f))
		}
	}
}

// publicName is the public DNS name of a Private Link target of a few
// well-known services, from its resource name and group id; "" otherwise.
func publicName(target string, groups []string) string {
	if target == "" || len(groups) == 0 {
		return ""
	}
	name, g := strings.ToLower(nameFromID(target)), strings.ToLower(groups[0])
	switch g {
	case "blob", "file", "queue", "table", "dfs", "web":
		return name + "." + g + ".core.windows.net"
	case "sqlserver":
		return name + ".database.windows.net"
	case "vault":
		return name + ".vault.azure.net"
	case "registry":
		return name + ".azurecr.io"
	case "sites":
		return name + ".azurewebsites.net"
	}
	return ""
}

// zoneGroup maps the endpoint's private DNS zone group (the
// privateEndpoints/privateDnsZoneGroups child) to the zones imported.
func (b *builder) zoneGroup(n *node, id string) *model.PrivateDnsZoneGroup {
	var g *model.PrivateDnsZoneGroup
	for _, zg := range b.ix.children(n, "privateDnsZoneGroups") {
		zg.used = true
		for i, c := range zg.List("privateDnsZoneConfigs") {
			cfg := zg.Elem("privateDnsZoneConfigs", i, c)
			zone, ok := b.lookup(cZones, cfg.Str("privateDnsZoneId"))
			if !ok {
				b.dropRef(zg, id, "privateDnsZoneConfigs", cfg.Str("privateDnsZoneId"), "the endpoint's A record is not written in that zone")
				continue
			}
			if g == nil {
				g = &model.PrivateDnsZoneGroup{}
			}
			g.PrivateDnsZoneConfigs = append(g.PrivateDnsZoneConfigs, model.PrivateDnsZoneConfig{Name: zg.ElemName("privateDnsZoneConfigs", i, c), PrivateDnsZoneID: zone})
		}
	}
	return g
}

// dnsResolvers maps the DNS Private Resolvers with their inbound and
// outbound endpoints (subnets of the resolver's VNet).
func (b *builder) dnsResolvers() {
	var keep []*node
	vnetOf := map[string]string{}
	for _, n := range b.ix.top(typeResolver) {
		vnet, ok := b.lookup(cVNets, n.Ref("virtualNetwork"))
		if !ok {
			b.skip(n, fmt.Sprintf("the resolver's VNet %s is not in the file (or was not imported): left out, with its endpoints", n.Ref("virtualNetwork")))
			b.markUsed(n, "inboundEndpoints", "outboundEndpoints")
			continue
		}
		vnetOf[n.key] = vnet
		keep = append(keep, n)
	}
	ids := allocate(candidates(keep))
	for _, n := range keep {
		id := ids[n.key]
		r := model.DNSResolver{ID: id, VNet: vnetOf[n.key]}
		for _, e := range b.ix.children(n, "inboundEndpoints") {
			e.used = true
			var cfg Resource
			if l := e.List("ipConfigurations"); len(l) > 0 {
				cfg = e.Elem("ipConfigurations", 0, l[0])
			}
			if sn, ok := b.endpointSubnet(e, id, cfg.Ref("subnet"), r.VNet); ok {
				ip := cfg.Str("privateIpAddress")
				if ip == "" {
					ip = cfg.Str("privateIPAddress")
				}
				if ip == "" {
					ip = b.dynamicInboundIP(e, id, cfg.Ref("subnet"))
				}
				r.InboundEndpoints = append(r.InboundEndpoints, model.DNSInboundEndpoint{Name: e.Name, Subnet: sn, PrivateIPAddress: ip})
			}
		}
		for _, e := range b.ix.children(n, "outboundEndpoints") {
			e.used = true
			if sn, ok := b.endpointSubnet(e, id, e.Ref("subnet"), r.VNet); ok {
				r.OutboundEndpoints = append(r.OutboundEndpoints, model.DNSOutboundEndpoint{Name: e.Name, Subnet: sn})
				b.ids[cResolvers+"/outbound"] = mapWith(b.ids[cResolvers+"/outbound"], e.key, id+"/"+e.Name)
			}
		}
		b.register(cResolvers, n, id)
		b.t.DNSResolvers = append(b.t.DNSResolvers, r)
	}
}

// dynamicInboundIP is the address of an inbound endpoint whose address the
// file does not give (dynamic, as a template writes it): the first address
// Azure gives out in its subnet (the fifth, .4 in a /28), which the subnet,
// dedicated to the endpoint, holds for it (rule:dns.private-resolver-endpoints),
// reported as assumed; "" when the subnet's prefix does not parse (the
// validation then says the address is missing).
func (b *builder) dynamicInboundIP(e *node, resolver, subnetRef string) string {
	p, err := netip.ParsePrefix(b.subnets[idKey(subnetRef)].prefix)
	if err != nil || !p.Addr().Is4() {
		return ""
	}
	ip := p.Masked().Addr()
	for range 4 {
		ip = ip.Next()
	}
	b.rep.AddFor(Assumed, resolver+"/"+e.Name, e.Where, "privateIpAddress",
		fmt.Sprintf("the inbound endpoint's address is dynamic and not in the file: took %s, the first address Azure gives out in its subnet", ip))
	return ip.String()
}

// endpointSubnet returns the subnet name of a resolver endpoint, which must
// be a subnet of the resolver's VNet; false (reported) otherwise.
func (b *builder) endpointSubnet(e *node, resolver, ref, vnet string) (string, bool) {
	sn, ok := b.subnets[idKey(ref)]
	if !ok || sn.vnet != vnet {
		b.dropRef(e, resolver, "subnet", ref, "the endpoint "+e.Name+" is left out (its subnet must be one of the resolver's VNet)")
		return "", false
	}
	return sn.name, true
}

// rulesets maps the DNS forwarding rulesets with their rules and VNet
// links; outbound endpoints are "<resolver>/<endpoint>".
func (b *builder) rulesets() {
	nodes := b.ix.top(typeRuleset)
	ids := allocate(candidates(nodes))
	for _, n := range nodes {
		id := ids[n.key]
		rs := model.DNSForwardingRuleset{ID: id, DNSResolverOutboundEndpoints: []string{}}
		for i, e := range n.List("dnsResolverOutboundEndpoints") {
			if ep, ok := b.lookup(cResolvers+"/outbound", n.RefAt("dnsResolverOutboundEndpoints", i, e)); ok {
				rs.DNSResolverOutboundEndpoints = append(rs.DNSResolverOutboundEndpoints, ep)
			} else {
				b.dropRef(n, id, "dnsResolverOutboundEndpoints", n.RefAt("dnsResolverOutboundEndpoints", i, e), "the ruleset does not send from that endpoint in the design")
			}
		}
		for _, r := range b.ix.children(n, "forwardingRules") {
			r.used = true
			fr := model.ForwardingRule{Name: r.Name, DomainName: r.Str("domainName"), ForwardingRuleState: r.Str("forwardingRuleState"),
				TargetDNSServers: []model.TargetDNSServer{}}
			for i, t := range r.List("targetDnsServers") {
				p := r.Elem("targetDnsServers", i, t)
				fr.TargetDNSServers = append(fr.TargetDNSServers, model.TargetDNSServer{IPAddress: p.Str("ipAddress"), Port: intOf(p, "port")})
			}
			rs.ForwardingRules = append(rs.ForwardingRules, fr)
		}
		for _, l := range b.ix.children(n, "virtualNetworkLinks") {
			l.used = true
			vnet, ok := b.lookup(cVNets, l.Ref("virtualNetwork"))
			if !ok {
				b.dropRef(l, id, "virtualNetwork", l.Ref("virtualNetwork"), "the link "+l.Name+" is left out: that VNet does not use the ruleset in the design")
				continue
			}
			rs.VirtualNetworkLinks = append(rs.VirtualNetworkLinks, model.RulesetVNetLink{Name: l.Name, VirtualNetwork: vnet})
		}
		b.register(cRulesets, n, id)
		b.t.DNSForwardingRulesets = append(b.t.DNSForwardingRulesets, rs)
	}
}

// intOf is the number at path of r as an int (0 when absent).
func intOf(r Resource, path string) int {
	v, _ := r.Num(path)
	return int(v)
}
