package model

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
)

// DNS limits the validator holds a design to (rule:dns.custom-servers,
// rule:dns.autoregistration, rule:dns.private-resolver-endpoints,
// rule:dns.forwarding-rules, rule:dns.resolver-limits).
const (
	MaxDNSServers            = 20   // per VNet or NIC
	MaxRecordsPerSet         = 20   // records in one record set
	MaxRegistrationLinks     = 100  // registration links per zone
	MaxResolverEndpoints     = 5    // inbound, and outbound, per resolver
	MaxForwardingRules       = 1000 // per ruleset
	MaxRulesetLinks          = 500  // VNet links per ruleset
	MaxRulesetEndpoints      = 2    // outbound endpoints per ruleset
	MaxRuleTargets           = 6    // targets per forwarding rule
	MaxForwardingRuleLabels  = 34   // labels of a rule's domain name
	minResolverSubnetBits    = 24   // a resolver endpoint subnet is /28 to /24
	maxResolverSubnetBits    = 28
	forwardingRuleEnabled    = "Enabled"
	forwardingRuleDisabled   = "Disabled"
	privateLinkZonePrefix    = "privatelink."
	maxDNSNameLength         = 253
	maxDNSLabelLength        = 63
	recordTypeA, recordCNAME = "A", "CNAME"
)

// ValidDNSName reports whether s is a DNS name vnetplay accepts: labels of
// 1–63 letters, digits, hyphens (not first or last) and underscores, at
// most 253 characters, an optional trailing dot; "*" may be the first
// label when wildcard is set.
func ValidDNSName(s string, wildcard bool) bool {
	s = strings.TrimSuffix(s, ".")
	if s == "" || len(s) > maxDNSNameLength {
		return false
	}
	for i, l := range strings.Split(s, ".") {
		if l == "*" && i == 0 && wildcard {
			continue
		}
		if l == "" || len(l) > maxDNSLabelLength || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for _, c := range l {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
				return false
			}
		}
	}
	return true
}

// nameResolution checks the DNS settings of VNets, NICs, VMs and sites,
// private DNS zones, DNS Private Resolvers and forwarding rulesets (rule
// book sections U and Z).
func (v *validator) nameResolution() {
	v.dnsServerLists()
	v.privateZones()
	endpoints := v.dnsResolvers()
	v.forwardingRulesets(endpoints)
	v.dnsServers()
}

// dnsServerLists checks the VNets' and NICs' DNS server lists (rule:dns.custom-servers)
// and that a VNet with a VPN gateway keeps Azure DNS (rule:dns.gateway-needs-azure-dns).
func (v *validator) dnsServerLists() {
	vpnVNets := map[string]bool{}
	for _, g := range v.t.Gateways {
		if g.IsVpn() {
			vpnVNets[g.VNet] = true
		}
	}
	for _, vn := range v.t.VNets {
		if vn.DhcpOptions == nil {
			continue
		}
		path := "vnets[" + vn.ID + "].dhcpOptions.dnsServers"
		v.serverList(vn.DhcpOptions.DNSServers, path, false)
		if vpnVNets[vn.ID] && len(vn.DhcpOptions.DNSServers) > 0 && !slices.Contains(vn.DhcpOptions.DNSServers, AzureDNSAddress) {
			v.add(Warning, "dns.gateway-needs-azure-dns", path, "VNet %s holds a VPN gateway and uses custom DNS servers: list %s too, or the gateway's management is disrupted (rule:dns.gateway-needs-azure-dns)", vn.ID, AzureDNSAddress)
		}
	}
	for _, vm := range v.t.VMs {
		for _, n := range vm.NICs {
			if n.DNSSettings == nil {
				continue
			}
			path := "virtualMachines[" + vm.ID + "].networkInterfaces[" + n.Name + "].dnsSettings.dnsServers"
			v.serverList(n.DNSSettings.DNSServers, path, true)
		}
	}
}

// serverList checks one list of DNS servers: IPv4 addresses, at most 20,
// no duplicates; on a NIC "AzureProvidedDNS" must be the only entry.
func (v *validator) serverList(servers []string, path string, nic bool) {
	if len(servers) > MaxDNSServers {
		v.add(Error, "dns.too-many-servers", path, "%d DNS servers; at most %d are allowed (rule:dns.custom-servers)", len(servers), MaxDNSServers)
	}
	seen := map[string]bool{}
	for i, s := range servers {
		p := fmt.Sprintf("%s[%d]", path, i)
		switch {
		case s == AzureProvidedDNS && nic:
			if len(servers) > 1 {
				v.add(Error, "dns.azure-provided-alone", p, "%s switches the NIC back to Azure DNS and must be the only entry (rule:dns.custom-servers)", AzureProvidedDNS)
			}
		case s == AzureProvidedDNS:
			v.add(Error, "dns.server-invalid", p, "%s is a NIC setting; an empty VNet list already means Azure DNS (rule:dns.custom-servers)", AzureProvidedDNS)
		case !validIPv4(s):
			v.add(Error, "dns.server-invalid", p, "%q is not an IPv4 address (rule:dns.custom-servers)", s)
		case seen[s]:
			v.add(Warning, "dns.server-duplicate", p, "%s is listed twice (rule:dns.server-order-and-renewal)", s)
		}
		seen[s] = true
	}
}

func validIPv4(s string) bool {
	a, err := netip.ParseAddr(s)
	return err == nil && a.Is4()
}

// privateZones checks zone names, record sets and VNet links
// (rule:dns.private-zone-links, rule:dns.autoregistration, rule:dns.nxdomain-and-fallback).
func (v *validator) privateZones() {
	t := v.t
	// A zone's id is its name, and DNS names are the same in any case: Azure
	// refuses a second zone of the name in a resource group, and resolution
	// would keep one of them only (rule:dns.private-zone-links).
	v.uniqueIDsBy("privateDnsZones", idsOf(t.PrivateDNSZones, func(z PrivateDnsZone) string { return z.ID }), strings.ToLower,
		"DNS names are the same in any case and Azure refuses a second zone of one name (rule:dns.private-zone-links)")
	regZones := map[string][]string{} // VNet -> zones it registers into
	for _, z := range t.PrivateDNSZones {
		path := "privateDnsZones[" + z.ID + "]"
		if z.ID != "" && (!ValidDNSName(z.ID, false) || strings.HasSuffix(z.ID, ".") || !strings.Contains(z.ID, ".")) {
			v.add(Error, "dns.zone-name", path, "%q is not a valid private zone name: at least two labels of letters, digits and hyphens, no trailing dot (rule:dns.private-zone-links)", z.ID)
		}
		v.recordSets(z, path)
		linked := map[string]string{}
		names := v.newNameScope(dnsLinkNames("dns.link-duplicate"))
		regs := 0
		for _, l := range z.VirtualNetworkLinks {
			lp := path + ".virtualNetworkLinks[" + l.Name + "]"
			names.check(l.Name, lp, lp)
			if v.vnets[l.VirtualNetwork] == nil {
				v.add(Error, "dns.link-vnet", lp+".virtualNetwork", "VNet %q does not exist", l.VirtualNetwork)
			} else if other, dup := linked[l.VirtualNetwork]; dup {
				v.add(Error, "dns.link-duplicate", lp+".virtualNetwork", "VNet %s is already linked to %s by %s; a zone has one link per VNet (rule:dns.private-zone-links)", l.VirtualNetwork, z.ID, other)
			} else {
				linked[l.VirtualNetwork] = l.Name
				if l.RegistrationEnabled {
					regZones[l.VirtualNetwork] = append(regZones[l.VirtualNetwork], z.ID)
				}
			}
			if l.RegistrationEnabled {
				regs++
			}
			switch {
			case l.ResolutionPolicy == "", strings.EqualFold(l.ResolutionPolicy, ResolutionDefault):
			case l.RedirectsNXDomain():
				if !strings.HasPrefix(strings.ToLower(z.ID), privateLinkZonePrefix) {
					v.add(Error, "dns.nxdomain-redirect", lp+".resolutionPolicy", "NxDomainRedirect applies only to links to privatelink.* zones; for %s NXDOMAIN is final (rule:dns.nxdomain-and-fallback)", z.ID)
				}
			default:
				v.add(Error, "dns.resolution-policy", lp+".resolutionPolicy", "resolutionPolicy must be %s or %s, in any case, got %q (rule:dns.nxdomain-and-fallback)", ResolutionDefault, ResolutionNxDomainRedirect, l.ResolutionPolicy)
			}
		}
		if regs > MaxRegistrationLinks {
			v.add(Error, "dns.registration-limit", path+".virtualNetworkLinks", "%d registration links; a zone takes at most %d (rule:dns.autoregistration)", regs, MaxRegistrationLinks)
		}
	}
	for _, vn := range sortedMapKeys(regZones) {
		if zs := regZones[vn]; len(zs) > 1 {
			v.add(Error, "dns.registration-zones", "vnets["+vn+"]", "VNet %s has autoregistration on %d zones (%s); a VNet registers into one zone only (rule:dns.autoregistration)", vn, len(zs), strings.Join(zs, ", "))
		}
	}
}

// recordSets checks a zone's record sets: names, types, A addresses,
// CNAME targets, duplicates and the CNAME-and-other-data conflict.
func (v *validator) recordSets(z PrivateDnsZone, path string) {
	byName := map[string][]string{}
	for _, r := range z.RecordSets {
		rp := path + ".recordSets[" + r.Name + "]"
		name := strings.ToLower(r.Name)
		if r.Name != "@" && (!ValidDNSName(r.Name, true) || strings.HasSuffix(r.Name, ".")) {
			v.add(Error, "dns.record-name", rp, "%q is not a valid record name: a name relative to the zone, \"@\" for the apex (rule:dns.private-zone-links)", r.Name)
		}
		if slices.Contains(byName[name], r.Type) {
			v.add(Error, "dns.record-duplicate", rp, "a %s record set named %q already exists in %s", r.Type, r.Name, z.ID)
		}
		byName[name] = append(byName[name], r.Type)
		switch r.Type {
		case recordTypeA:
			if r.CnameRecord != nil {
				v.add(Error, "dns.record-type", rp+".cnameRecord", "an A record set holds aRecords, not a cnameRecord")
			}
			if len(r.ARecords) == 0 {
				v.add(Error, "dns.record-empty", rp+".aRecords", "an A record set needs at least one address")
			}
			if len(r.ARecords) > MaxRecordsPerSet {
				v.add(Error, "dns.record-limit", rp+".aRecords", "%d records; a record set holds at most %d (rule:dns.autoregistration)", len(r.ARecords), MaxRecordsPerSet)
			}
			seen := map[string]bool{}
			for i, a := range r.ARecords {
				ap := fmt.Sprintf("%s.aRecords[%d]", rp, i)
				if !validIPv4(a.IPv4Address) {
					v.add(Error, "dns.record-address", ap, "%q is not an IPv4 address", a.IPv4Address)
				} else if seen[a.IPv4Address] {
					v.add(Warning, "dns.record-duplicate", ap, "%s is listed twice", a.IPv4Address)
				}
				seen[a.IPv4Address] = true
			}
		case recordCNAME:
			if len(r.ARecords) > 0 {
				v.add(Error, "dns.record-type", rp+".aRecords", "a CNAME record set holds a cnameRecord, not aRecords")
			}
			switch {
			case r.CnameRecord == nil || r.CnameRecord.Cname == "":
				v.add(Error, "dns.record-empty", rp+".cnameRecord", "a CNAME record set needs a target name")
			case !ValidDNSName(r.CnameRecord.Cname, false):
				v.add(Error, "dns.record-cname", rp+".cnameRecord.cname", "%q is not a valid DNS name", r.CnameRecord.Cname)
			}
			if r.Name == "@" {
				v.add(Error, "dns.record-cname", rp, "a CNAME record cannot be at the zone apex")
			}
		default:
			v.add(Error, "dns.record-type", rp+".type", "record type must be A or CNAME, got %q (vnetplay models these two)", r.Type)
		}
	}
	for _, name := range sortedMapKeys(byName) {
		if ts := byName[name]; len(ts) > 1 && slices.Contains(ts, recordCNAME) {
			v.add(Error, "dns.record-cname", path+".recordSets["+name+"]", "%q has a CNAME record set and another one; a CNAME must be the only record set of its name", name)
		}
	}
}

// resolverEndpoint is a DNS Private Resolver's outbound endpoint the
// rulesets may name ("resolver/endpoint"), with its VNet's region.
type resolverEndpoint struct {
	vnet, location string
}

// dnsResolvers checks DNS Private Resolvers and their endpoints
// (rule:dns.private-resolver-endpoints, rule:dns.resolver-limits) and returns their
// outbound endpoints by "resolver/endpoint".
func (v *validator) dnsResolvers() map[string]resolverEndpoint {
	t := v.t
	v.uniqueIDs("dnsResolvers", idsOf(t.DNSResolvers, func(r DNSResolver) string { return r.ID }))
	out := map[string]resolverEndpoint{}
	var used map[string][]string
	if len(t.DNSResolvers) > 0 {
		used = v.subnetOccupants()
	}
	perVNet := map[string][]string{}
	endpointSubnet := map[string]string{} // subnet id -> "resolver/endpoint"
	for _, r := range t.DNSResolvers {
		path := "dnsResolvers[" + r.ID + "]"
		vn := v.vnets[r.VNet]
		if vn == nil {
			v.add(Error, "dns.resolver-vnet", path+".vnet", "VNet %q does not exist", r.VNet)
		} else {
			perVNet[r.VNet] = append(perVNet[r.VNet], r.ID)
		}
		if len(r.InboundEndpoints) > MaxResolverEndpoints || len(r.OutboundEndpoints) > MaxResolverEndpoints {
			v.add(Error, "dns.endpoint-limit", path, "%d inbound and %d outbound endpoints; a resolver has at most %d of each (rule:dns.resolver-limits)",
				len(r.InboundEndpoints), len(r.OutboundEndpoints), MaxResolverEndpoints)
		}
		names := v.newNameScope(nameRule{missingCode: "dns.endpoint-name", missing: "an endpoint needs a name",
			dupCode: "dns.endpoint-duplicate", what: "endpoint name", in: " in resolver " + r.ID})
		endpoint := func(kind, name, subnet string) (string, *Subnet) {
			ep := path + "." + kind + "[" + name + "]"
			names.check(name, ep, ep)
			if vn == nil {
				return ep, nil
			}
			id := r.VNet + "/" + subnet
			sn := v.subnets[id]
			if sn == nil {
				v.add(Error, "dns.endpoint-subnet", ep+".subnet", "subnet %q does not exist in VNet %s (rule:dns.private-resolver-endpoints)", subnet, r.VNet)
				return ep, nil
			}
			if other, dup := endpointSubnet[id]; dup {
				v.add(Error, "dns.endpoint-subnet-shared", ep+".subnet", "subnet %s already holds endpoint %s; each endpoint needs its own subnet (rule:dns.private-resolver-endpoints)", id, other)
			}
			endpointSubnet[id] = r.ID + "/" + name
			if p, err := netip.ParsePrefix(sn.AddressPrefix); err == nil && (p.Bits() < minResolverSubnetBits || p.Bits() > maxResolverSubnetBits) {
				v.add(Error, "dns.endpoint-subnet-size", ep+".subnet", "subnet %s is %s; a resolver endpoint's subnet is /28 to /24 (rule:dns.private-resolver-endpoints)", id, p)
			}
			if sn.Name == GatewaySubnet || sn.Name == RouteServerSubnet || sn.Name == AzureFirewallSubnet {
				v.add(Error, "dns.endpoint-subnet-used", ep+".subnet", "%s cannot be a resolver endpoint's subnet (rule:dns.private-resolver-endpoints)", sn.Name)
			} else if occ := used[id]; len(occ) > 0 {
				v.add(Error, "dns.endpoint-subnet-used", ep+".subnet", "subnet %s also holds %s; a resolver endpoint's subnet holds nothing else (rule:dns.private-resolver-endpoints)", id, strings.Join(occ, ", "))
			}
			return ep, sn
		}
		for _, e := range r.InboundEndpoints {
			ep, sn := endpoint("inboundEndpoints", e.Name, e.Subnet)
			ip, err := netip.ParseAddr(e.PrivateIPAddress)
			switch {
			case e.PrivateIPAddress == "":
				v.add(Error, "dns.inbound-ip", ep+".privateIpAddress", "the inbound endpoint has no address: give the one it has in its subnet (Azure gives a dynamic endpoint the subnet's first free address, .4) (rule:dns.private-resolver-endpoints)")
			case err != nil || !ip.Is4():
				v.add(Error, "dns.inbound-ip", ep+".privateIpAddress", "%q is not an IPv4 address", e.PrivateIPAddress)
			case sn != nil:
				if p, err := netip.ParsePrefix(sn.AddressPrefix); err == nil {
					if !p.Contains(ip) {
						v.add(Error, "dns.inbound-ip", ep+".privateIpAddress", "%s is outside the endpoint's subnet %s (%s) (rule:dns.private-resolver-endpoints)", ip, sn.Name, p)
					} else if ReservedInSubnet(p, ip) {
						v.add(Error, "dns.inbound-ip", ep+".privateIpAddress", "%s is one of the five addresses Azure reserves in %s (rule:address-space.reserved-addresses)", ip, p)
					}
				}
			}
		}
		for _, e := range r.OutboundEndpoints {
			endpoint("outboundEndpoints", e.Name, e.Subnet)
			if vn != nil && e.Name != "" {
				if _, dup := out[r.ID+"/"+e.Name]; !dup {
					out[r.ID+"/"+e.Name] = resolverEndpoint{vnet: r.VNet, location: vn.Location}
				}
			}
		}
	}
	for _, vn := range sortedMapKeys(perVNet) {
		if rs := perVNet[vn]; len(rs) > 1 {
			v.add(Error, "dns.resolver-duplicate", "vnets["+vn+"]", "%d DNS resolvers (%s); a VNet holds one (rule:dns.private-resolver-endpoints)", len(rs), strings.Join(rs, ", "))
		}
	}
	return out
}

// subnetOccupants lists what sits in each subnet ("vnet/subnet"): NICs,
// internal load balancer frontends and private endpoints.
func (v *validator) subnetOccupants() map[string][]string {
	out := map[string][]string{}
	for _, vm := range v.t.VMs {
		for _, n := range vm.NICs {
			out[n.Subnet] = append(out[n.Subnet], "NIC "+vm.ID+"/"+n.Name)
		}
	}
	for _, lb := range v.t.LoadBalancers {
		if lb.Subnet != "" {
			out[lb.Subnet] = append(out[lb.Subnet], "load balancer "+lb.ID)
		}
	}
	for _, pe := range v.t.PrivateEndpoints {
		out[pe.Subnet] = append(out[pe.Subnet], "private endpoint "+pe.ID)
	}
	return out
}

// forwardingRulesets checks rulesets, their rules and VNet links
// (rule:dns.forwarding-rules, rule:dns.ruleset-links, rule:dns.resolver-limits).
func (v *validator) forwardingRulesets(endpoints map[string]resolverEndpoint) {
	t := v.t
	v.uniqueIDs("dnsForwardingRulesets", idsOf(t.DNSForwardingRulesets, func(r DNSForwardingRuleset) string { return r.ID }))
	inbound := map[string]string{} // inbound endpoint IP -> its VNet
	for _, r := range t.DNSResolvers {
		for _, e := range r.InboundEndpoints {
			inbound[e.PrivateIPAddress] = r.VNet
		}
	}
	linkedTo := map[string]string{} // VNet -> ruleset
	for _, rs := range t.DNSForwardingRulesets {
		path := "dnsForwardingRulesets[" + rs.ID + "]"
		var region string
		switch n := len(rs.DNSResolverOutboundEndpoints); {
		case n == 0:
			v.add(Error, "dns.ruleset-endpoint", path+".dnsResolverOutboundEndpoints", "a ruleset needs an outbound endpoint to send its queries from (rule:dns.forwarding-rules)")
		case n > MaxRulesetEndpoints:
			v.add(Error, "dns.ruleset-endpoint", path+".dnsResolverOutboundEndpoints", "%d outbound endpoints; a ruleset uses at most %d (rule:dns.resolver-limits)", n, MaxRulesetEndpoints)
		}
		for i, ref := range rs.DNSResolverOutboundEndpoints {
			ep, ok := endpoints[ref]
			if !ok {
				v.add(Error, "dns.ruleset-endpoint", fmt.Sprintf("%s.dnsResolverOutboundEndpoints[%d]", path, i), "outbound endpoint %q (resolver/endpoint) does not exist", ref)
				continue
			}
			if region == "" {
				region = ep.location
			}
		}
		if len(rs.ForwardingRules) > MaxForwardingRules {
			v.add(Error, "dns.rule-limit", path+".forwardingRules", "%d rules; a ruleset holds at most %d (rule:dns.resolver-limits)", len(rs.ForwardingRules), MaxForwardingRules)
		}
		names := v.newNameScope(nameRule{missingCode: "dns.rule-name", missing: "a forwarding rule needs a name", dupCode: "dns.rule-duplicate", what: "rule name"})
		domains := map[string]string{}
		targetVNets := map[string]bool{} // VNets of inbound endpoints the rules target
		for _, r := range rs.ForwardingRules {
			rp := path + ".forwardingRules[" + r.Name + "]"
			names.check(r.Name, rp, rp)
			d := strings.ToLower(r.DomainName)
			switch {
			case !strings.HasSuffix(d, "."):
				v.add(Error, "dns.rule-domain", rp+".domainName", "%q must end with a dot (\".\" alone matches every name) (rule:dns.forwarding-rules)", r.DomainName)
			case d != "." && !ValidDNSName(d, false):
				v.add(Error, "dns.rule-domain", rp+".domainName", "%q is not a valid domain name (rule:dns.forwarding-rules)", r.DomainName)
			case d != "." && strings.Count(d, ".") > MaxForwardingRuleLabels:
				v.add(Error, "dns.rule-domain", rp+".domainName", "%q has more than %d labels (rule:dns.forwarding-rules)", r.DomainName, MaxForwardingRuleLabels)
			default:
				if other, dup := domains[d]; dup {
					v.add(Error, "dns.rule-duplicate", rp+".domainName", "rule %s already forwards %s (rule:dns.forwarding-rules)", other, d)
				}
				domains[d] = r.Name
			}
			switch r.ForwardingRuleState {
			case "", forwardingRuleEnabled, forwardingRuleDisabled:
			default:
				v.add(Error, "dns.rule-state", rp+".forwardingRuleState", "forwardingRuleState must be Enabled or Disabled, got %q", r.ForwardingRuleState)
			}
			switch n := len(r.TargetDNSServers); {
			case n == 0:
				v.add(Error, "dns.rule-target", rp+".targetDnsServers", "a forwarding rule needs a target DNS server (rule:dns.forwarding-rules)")
			case n > MaxRuleTargets:
				v.add(Error, "dns.rule-target", rp+".targetDnsServers", "%d targets; a rule has at most %d (rule:dns.resolver-limits)", n, MaxRuleTargets)
			}
			for i, tg := range r.TargetDNSServers {
				tp := fmt.Sprintf("%s.targetDnsServers[%d]", rp, i)
				switch {
				case !validIPv4(tg.IPAddress):
					v.add(Error, "dns.rule-target", tp+".ipAddress", "%q is not an IPv4 address (rule:dns.forwarding-rules)", tg.IPAddress)
				case tg.IPAddress == AzureDNSAddress:
					v.add(Error, "dns.rule-target", tp+".ipAddress", "%s cannot be a forwarding target: forward to a resolver inbound endpoint or a DNS server (rule:dns.forwarding-rules)", AzureDNSAddress)
				}
				if tg.Port < 0 || tg.Port > 65535 {
					v.add(Error, "dns.rule-target", tp+".port", "port %d is out of range", tg.Port)
				}
				if vn, ok := inbound[tg.IPAddress]; ok && !strings.EqualFold(r.ForwardingRuleState, forwardingRuleDisabled) {
					targetVNets[vn] = true
				}
			}
		}
		if len(rs.VirtualNetworkLinks) > MaxRulesetLinks {
			v.add(Error, "dns.ruleset-link-limit", path+".virtualNetworkLinks", "%d VNet links; a ruleset takes at most %d (rule:dns.resolver-limits)", len(rs.VirtualNetworkLinks), MaxRulesetLinks)
		}
		lnames := v.newNameScope(dnsLinkNames("dns.ruleset-link-duplicate"))
		for _, l := range rs.VirtualNetworkLinks {
			lp := path + ".virtualNetworkLinks[" + l.Name + "]"
			lnames.check(l.Name, lp, lp)
			vn := v.vnets[l.VirtualNetwork]
			if vn == nil {
				v.add(Error, "dns.ruleset-link-vnet", lp+".virtualNetwork", "VNet %q does not exist", l.VirtualNetwork)
				continue
			}
			if other, dup := linkedTo[l.VirtualNetwork]; dup {
				v.add(Error, "dns.ruleset-link-duplicate", lp+".virtualNetwork", "VNet %s is already linked to ruleset %s; a VNet is linked to one ruleset (rule:dns.ruleset-links)", l.VirtualNetwork, other)
				continue
			}
			linkedTo[l.VirtualNetwork] = rs.ID
			if region != "" && !SameLocation(vn.Location, region) {
				v.add(Error, "dns.ruleset-link-region", lp+".virtualNetwork", "VNet %s is in %s, the ruleset's outbound endpoint in %s: a ruleset links only to VNets of its region (rule:dns.ruleset-links)", l.VirtualNetwork, vn.Location, region)
			}
			if targetVNets[l.VirtualNetwork] {
				v.add(Warning, "dns.ruleset-loop", lp, "a rule targets an inbound endpoint in VNet %s, which this link makes use the ruleset too: queries loop (rule:dns.ruleset-links)", l.VirtualNetwork)
			}
		}
	}
}

// dnsServers checks the DNS servers outside Azure's services: VMs' and
// sites' dnsServer (rule:dns.custom-servers, rule:dns.on-premises-forwarding).
func (v *validator) dnsServers() {
	for i := range v.t.VMs {
		vm := &v.t.VMs[i]
		if vm.DNSServer == nil {
			continue
		}
		path := "virtualMachines[" + vm.ID + "].dnsServer"
		if ip := vm.DNSServer.IPAddress; ip != "" {
			if n, ok := vm.PrimaryNIC(); !ok || ip != n.PrivateIPAddress {
				v.add(Warning, "dns.server-address", path+".ipAddress", "a VM's DNS server listens on its primary NIC's address; %s is ignored (rule:dns.custom-servers)", ip)
			}
		}
		v.serverConfig(*vm.DNSServer, path)
	}
	for _, s := range v.t.Sites {
		if s.DNSServer == nil {
			continue
		}
		path := "sites[" + s.ID + "].dnsServer"
		ip, err := netip.ParseAddr(s.DNSServer.IPAddress)
		switch {
		case err != nil || !ip.Is4():
			v.add(Error, "dns.server-address", path+".ipAddress", "a site's DNS server needs the IPv4 address its hosts ask, got %q (rule:dns.on-premises-forwarding)", s.DNSServer.IPAddress)
		default:
			in := false
			for _, a := range s.AddressPrefixes {
				if p, err := netip.ParsePrefix(a); err == nil && p.Contains(ip) {
					in = true
				}
			}
			if !in {
				v.add(Warning, "dns.server-address", path+".ipAddress", "%s is outside the site's address prefixes: nothing in Azure can reach it (rule:dns.on-premises-forwarding)", ip)
			}
		}
		v.serverConfig(*s.DNSServer, path)
		v.siteAzureDNS(*s.DNSServer, path)
	}
}

// siteAzureDNS warns of a site's DNS server that forwards to Azure DNS,
// 168.63.129.16, which answers only queries from inside a VNet: from on
// premises every query sent there fails (rule:dns.azure-dns-address).
func (v *validator) siteAzureDNS(s DNSServer, path string) {
	const why = "%s answers only queries from inside a VNet, so this on-premises server's queries to it fail: forward to a DNS Private Resolver inbound endpoint or a DNS server in a VNet (rule:dns.azure-dns-address, rule:dns.on-premises-forwarding)"
	for i, c := range s.ConditionalForwarders {
		for j, tg := range c.TargetDNSServers {
			if tg == AzureDNSAddress {
				v.add(Warning, "dns.onprem-azure-dns", fmt.Sprintf("%s.conditionalForwarders[%d].targetDnsServers[%d]", path, i, j), why, AzureDNSAddress)
			}
		}
	}
	for i, f := range s.Forwarders {
		if f == AzureDNSAddress {
			v.add(Warning, "dns.onprem-azure-dns", fmt.Sprintf("%s.forwarders[%d]", path, i), why, AzureDNSAddress)
		}
	}
}

// serverConfig checks a DNS server's conditional forwarders and forwarders.
func (v *validator) serverConfig(s DNSServer, path string) {
	domains := map[string]bool{}
	for i, c := range s.ConditionalForwarders {
		cp := fmt.Sprintf("%s.conditionalForwarders[%d]", path, i)
		d := strings.ToLower(strings.TrimSuffix(c.DomainName, "."))
		if !ValidDNSName(c.DomainName, false) {
			v.add(Error, "dns.forwarder-domain", cp+".domainName", "%q is not a valid domain name (rule:dns.on-premises-forwarding)", c.DomainName)
		} else if domains[d] {
			v.add(Error, "dns.forwarder-domain", cp+".domainName", "%s has two conditional forwarders", d)
		}
		domains[d] = true
		if len(c.TargetDNSServers) == 0 {
			v.add(Error, "dns.server-invalid", cp+".targetDnsServers", "a conditional forwarder needs a target (rule:dns.on-premises-forwarding)")
		}
		for j, tg := range c.TargetDNSServers {
			if !validIPv4(tg) {
				v.add(Error, "dns.server-invalid", fmt.Sprintf("%s.targetDnsServers[%d]", cp, j), "%q is not an IPv4 address", tg)
			}
		}
	}
	for i, f := range s.Forwarders {
		if !validIPv4(f) {
			v.add(Error, "dns.server-invalid", fmt.Sprintf("%s.forwarders[%d]", path, i), "%q is not an IPv4 address", f)
		}
	}
}
