package dns

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"vnetplay/engine/model"
	"vnetplay/engine/trace"
)

func azureSrv(vnet string) server {
	return server{kind: azureDNS, key: "azure:" + vnet, label: "Azure DNS (VNet " + vnet + ")", vnet: vnet}
}

func inboundSrv(e inboundEP) server {
	return server{kind: azureDNS, key: "azure:" + e.vnet, label: e.id + " (inbound endpoint " + e.ip.String() + ")", vnet: e.vnet}
}

func vmSrv(vm *model.VM) server {
	return server{kind: vmServer, key: "vm:" + vm.ID, label: vm.ID + " (DNS server)", vm: vm}
}

func siteSrv(s *model.Site) server {
	return server{kind: siteServer, key: "site:" + s.ID, label: s.ID + " DNS server (" + s.DNSServer.IPAddress + ")", site: s}
}

func publicSrv(a netip.Addr) server {
	return server{kind: publicServer, key: "public:" + a.String(), label: "public DNS server " + a.String()}
}

// ask sends the query to servers in order, the next only when one does
// not answer (rule:dns.server-order-and-renewal, rule:dns.forwarding-rules).
func (w *walk) ask(loc location, servers []string, name, rule string) result {
	last := failed("no DNS server to ask")
	for i, s := range servers {
		if w.exhausted {
			break
		}
		last = w.forward(loc, s, 0, name, rule)
		if last.kind != Failed {
			return last
		}
		if i < len(servers)-1 {
			w.step(StepNote, loc.label, "dns.server-order-and-renewal", "no answer from %s: the next server, %s, is asked", s, servers[i+1])
		}
	}
	return last
}

// forward sends the query for name from loc to the server at ip:port
// (0: 53), checking with the routing engine that loc reaches it.
func (w *walk) forward(loc location, ip string, port int, name, rule string) result {
	if port == 0 {
		port = 53
	}
	a, err := netip.ParseAddr(ip)
	if err != nil {
		w.step(StepFail, loc.label, "dns.custom-servers", "%q is not a DNS server address", ip)
		return failed(fmt.Sprintf("%q is not a DNS server address", ip))
	}
	if ip == model.AzureDNSAddress {
		if loc.vnet == "" {
			w.step(StepFail, loc.label, "dns.azure-dns-address", "%s answers only queries from inside a VNet: %s cannot use it", ip, loc.label)
			return failed(fmt.Sprintf("%s cannot use Azure DNS (%s): it answers only queries from inside a VNet", loc.label, ip))
		}
		if loc.src == "" { // a resolver's endpoint: the service's own query
			w.step(StepQuery, loc.label, "dns.azure-dns-address", "asks Azure DNS at %s, which answers every query from inside a VNet (UDRs and NSGs do not apply to it)", ip)
			return w.query(azureSrv(loc.vnet), name)
		}
		// A NIC's query: UDRs do not apply, NSG rules only through the
		// AzurePlatformDNS tag (rule:nsg.platform-traffic).
		chk := w.r.net.check(loc.src, loc.label, a, port)
		if !chk.Disposition.Success() {
			if s := w.step(StepFail, loc.label, "dns.azure-dns-address", "cannot reach Azure DNS at %s on UDP %d: %s", a, port, chk.summary()); s != nil {
				s.Network = &chk
			}
			return failed(fmt.Sprintf("%s cannot reach Azure DNS (%s) on UDP %d: %s", loc.label, a, port, chk.Disposition))
		}
		if s := w.step(StepQuery, loc.label, "dns.azure-dns-address", "asks Azure DNS at %s, which answers every query from inside a VNet (UDRs do not apply to it; NSG rules only when they name %s)", ip, trace.TagPlatformDNS); s != nil {
			s.Network = &chk
		}
		return w.query(azureSrv(loc.vnet), name)
	}
	if loc.src == "" {
		w.step(StepFail, loc.label, "dns.custom-servers", "%s has no address to send queries from", loc.label)
		return failed(loc.label + " has no address to send queries from")
	}
	chk := w.r.net.check(loc.src, loc.label, a, port)
	if !chk.Disposition.Success() {
		if s := w.step(StepFail, loc.label, rule, "cannot reach DNS server %s on UDP %d: %s", a, port, chk.summary()); s != nil {
			s.Network = &chk
		}
		return failed(fmt.Sprintf("%s cannot reach DNS server %s on UDP %d: %s", loc.label, a, port, chk.Disposition))
	}
	if s := w.step(StepQuery, loc.label, rule, "asks %s on UDP %d: %s", a, port, chk.summary()); s != nil {
		s.Network = &chk
	}
	if e, ok := w.ix.inbound[a]; ok {
		if port != 53 {
			w.step(StepFail, loc.label, "dns.private-resolver-endpoints", "inbound endpoint %s listens on UDP 53, not %d", e.id, port)
			return failed(fmt.Sprintf("inbound endpoint %s listens on port 53 only", e.id))
		}
		return w.query(inboundSrv(e), name)
	}
	if vm := w.ix.vmServer[a]; vm != nil {
		return w.query(vmSrv(vm), name)
	}
	if s := w.ix.siteDNS[a]; s != nil {
		return w.query(siteSrv(s), name)
	}
	if chk.Disposition == trace.ExitsToInternet {
		return w.query(publicSrv(a), name)
	}
	what := "nothing there is a DNS server"
	if vm, ok := w.ix.vmByNIC[a]; ok {
		what = "VM " + vm + " is not a DNS server (it has no dnsServer)"
	}
	w.step(StepFail, loc.label, "dns.custom-servers", "no DNS server answers at %s: %s", a, what)
	return failed(fmt.Sprintf("no DNS server answers at %s: %s", a, what))
}

// query has srv resolve name, bounded: a query already in progress at the
// same server for the same name is a loop, and at most MaxDepth queries
// nest.
func (w *walk) query(srv server, name string) result {
	if w.exhausted {
		return failed(fmt.Sprintf("gave up after %d steps", MaxSteps))
	}
	for i, f := range w.stack {
		if f.key == srv.key && f.name == name {
			var path []string
			for _, g := range w.stack[i:] {
				path = append(path, g.label)
			}
			path = append(path, srv.label)
			rule := "dns.custom-servers"
			if srv.kind == azureDNS {
				rule = "dns.ruleset-links"
			}
			loop := strings.Join(path, " → ")
			w.step(StepLoop, srv.label, rule, "loop: %s is already resolving %s (%s); the query is not followed further", srv.label, name, loop)
			return failed("forwarding loop: " + loop)
		}
	}
	if len(w.stack) >= MaxDepth {
		w.step(StepExhausted, srv.label, "dns.resolution-order", "gave up: %d queries nested (forwards and CNAMEs)", MaxDepth)
		return failed(fmt.Sprintf("gave up after %d nested queries", MaxDepth))
	}
	w.stack = append(w.stack, frame{key: srv.key, label: srv.label, name: name})
	defer func() { w.stack = w.stack[:len(w.stack)-1] }()
	var r result
	switch srv.kind {
	case azureDNS:
		r = w.azure(srv, name)
	case vmServer, siteServer:
		r = w.custom(srv, name)
	default:
		r = w.public(srv, name)
	}
	if len(r.names) == 0 || r.names[0] != name {
		r.names = append([]string{name}, r.names...)
	}
	return r
}

// azure is Azure DNS resolving name as VNet srv.vnet sees it: the VNet's
// Azure-provided names, then the private zones linked to it, then the
// rules of the ruleset linked to it, then public DNS (rule:dns.resolution-order).
func (w *walk) azure(srv server, name string) result {
	chasing := len(w.stack) > 1 && w.stack[len(w.stack)-2].key == srv.key
	if srv.label != azureSrv(srv.vnet).label && !chasing {
		w.step(StepServer, srv.label, "dns.private-resolver-endpoints", "the resolver's inbound endpoint resolves through Azure DNS in VNet %s, with the private zones and ruleset linked to that VNet", srv.vnet)
	}
	if under(name, azureSuffix) {
		return w.azureProvided(srv, name)
	}
	for _, lz := range w.ix.zonesByVNet[srv.vnet] {
		if under(name, lz.name) {
			return w.zone(srv, lz, name)
		}
	}
	if rs := w.ix.rulesetOf[srv.vnet]; rs != nil {
		if rule, skipped := matchRule(rs, name); rule != nil {
			return w.forwardRule(srv, rs, rule, name)
		} else if skipped {
			w.step(StepNote, srv.label, "dns.forwarding-rules", "the wildcard rule of ruleset %s does not capture %s, an Azure-reserved domain", rs.ID, name)
		}
		w.step(StepServer, srv.label, "dns.resolution-order", "no private zone linked to VNet %s holds %s and no rule of ruleset %s matches: Azure DNS resolves it publicly", srv.vnet, name, rs.ID)
	} else {
		w.step(StepServer, srv.label, "dns.resolution-order", "no private zone linked to VNet %s holds %s and no ruleset is linked: Azure DNS resolves it publicly", srv.vnet, name)
	}
	return w.public(srv, name)
}

// azureProvided answers <vm>.internal.cloudapp.net: the VMs of the VNet
// only (rule:dns.azure-dns-vnet-scope).
func (w *walk) azureProvided(srv server, name string) result {
	host := strings.TrimSuffix(name, "."+azureSuffix)
	h, ok := w.ix.vmHome[host]
	switch {
	case name == azureSuffix || strings.Contains(host, ".") || !ok:
		w.step(StepNXDomain, srv.label, "dns.azure-dns-vnet-scope", "no VM of VNet %s is named %s: NXDOMAIN", srv.vnet, host)
		return result{kind: NXDomain, why: fmt.Sprintf("no VM named %s in VNet %s", host, srv.vnet)}
	case h.vnet != srv.vnet:
		w.step(StepNXDomain, srv.label, "dns.azure-dns-vnet-scope", "VM %s is in VNet %s, not %s: Azure-provided names resolve only inside their own VNet, never across peering: NXDOMAIN", h.vm, h.vnet, srv.vnet)
		return result{kind: NXDomain, why: fmt.Sprintf("VM %s is in VNet %s: Azure-provided names do not resolve from VNet %s", h.vm, h.vnet, srv.vnet)}
	}
	w.step(StepRecord, srv.label, "dns.azure-dns-vnet-scope", "Azure-provided name: VM %s of VNet %s is %s (its primary NIC %s)", h.vm, h.vnet, h.ip, h.nic)
	return result{kind: Address, addrs: []string{h.ip}, why: fmt.Sprintf("Azure-provided name of VM %s in VNet %s", h.vm, h.vnet)}
}

// zone answers name from a private zone linked to srv.vnet
// (rule:dns.private-zone-links): record sets, then the A records private
// endpoints' zone groups write (rule:private-endpoints.dns-chain), then
// autoregistered VMs (rule:dns.autoregistration), then wildcards; a name
// missing is NXDOMAIN unless the link falls back to the Internet
// (rule:dns.nxdomain-and-fallback).
func (w *walk) zone(srv server, lz linkedZone, name string) result {
	rel := "@"
	if name != lz.name {
		rel = strings.TrimSuffix(name, "."+lz.name)
	}
	w.step(StepZone, srv.label, "dns.private-zone-links", "private zone %s is linked to VNet %s (link %s): it answers for %s", lz.name, srv.vnet, lz.link.Name, name)
	if rs, ok := recordSet(lz.zone, rel); ok {
		return w.record(srv, lz, rs, name, rel)
	}
	if recs := w.ix.peRecords[lz.name][rel]; len(recs) > 0 {
		pe := recs[0].pe
		w.step(StepRecord, srv.label, "private-endpoints.dns-chain", "A record %s → %s in zone %s, written by private endpoint %s's zone group", rel, recs[0].ip, lz.name, pe.ID)
		if len(recs) > 1 {
			var others []string
			for _, r := range recs[1:] {
				others = append(others, r.pe.ID)
			}
			w.step(StepNote, srv.label, "private-endpoints.dns-chain", "private endpoints %s write the same record: one endpoint per resource in a shared DNS setup avoids conflicting records; vnetplay takes %s's", strings.Join(others, ", "), pe.ID)
		}
		if st := pe.ConnectionState; st != "" && st != model.PEApproved {
			w.step(StepNote, srv.label, "private-endpoints.inbound-only-approved", "private endpoint %s's connection is %s: the name resolves but the endpoint carries no traffic", pe.ID, st)
		}
		return result{kind: Address, addrs: []string{recs[0].ip}, why: fmt.Sprintf("A record %s in private zone %s (linked to VNet %s), written by private endpoint %s", rel, lz.name, srv.vnet, pe.ID)}
	}
	if !strings.Contains(rel, ".") {
		if a, ok := w.ix.autoreg[lz.name][rel]; ok {
			w.step(StepRecord, srv.label, "dns.autoregistration", "A record %s → %s in zone %s, registered automatically for VM %s (its primary NIC) because VNet %s registers into the zone", rel, a.ip, lz.name, a.vm, a.vnet)
			return result{kind: Address, addrs: []string{a.ip}, why: fmt.Sprintf("A record %s in private zone %s, autoregistered for VM %s", rel, lz.name, a.vm)}
		}
	}
	if rel == "@" || w.ix.names[lz.name][strings.ToLower(rel)] {
		return w.noData(srv, lz, rel)
	}
	if wild := w.ix.wildcardFor(lz.name, strings.ToLower(rel)); wild != "" {
		if rs, ok := recordSet(lz.zone, wild); ok {
			w.step(StepNote, srv.label, "dns.wildcards-and-empty-names", "no record %s in zone %s: the wildcard %s answers for it", rel, lz.name, wild)
			return w.record(srv, lz, rs, name, wild)
		}
	}
	if lz.link.RedirectsNXDomain() && strings.HasPrefix(lz.name, "privatelink.") {
		w.step(StepNote, srv.label, "dns.nxdomain-and-fallback", "zone %s has no record %s, but link %s has NxDomainRedirect: Azure DNS retries the name on the Internet", lz.name, rel, lz.link.Name)
		return w.public(srv, name)
	}
	if pes := w.ix.byPLName[name]; len(pes) > 0 && strings.HasPrefix(lz.name, "privatelink.") {
		w.step(StepNXDomain, srv.label, "private-endpoints.nxdomain-trap", "zone %s, linked to VNet %s, has no record %s: NXDOMAIN. The resource has a private endpoint (%s) whose record is not in this zone, and Azure DNS does not ask public DNS; fix with NxDomainRedirect on the link, a record or a forwarding rule", lz.name, srv.vnet, rel, pes[0].ID)
		return result{kind: NXDomain, why: fmt.Sprintf("private zone %s, linked to VNet %s, has no record %s: NXDOMAIN instead of the public address", lz.name, srv.vnet, rel)}
	}
	w.step(StepNXDomain, srv.label, "dns.nxdomain-and-fallback", "zone %s, linked to VNet %s, has no record %s: NXDOMAIN, and Azure DNS does not ask public DNS", lz.name, srv.vnet, rel)
	return result{kind: NXDomain, why: fmt.Sprintf("private zone %s, linked to VNet %s, has no record %s", lz.name, srv.vnet, rel)}
}

// noData is a linked zone's empty answer for rel, a name that exists in
// it without an address (rule:dns.wildcards-and-empty-names): final, as an
// NXDOMAIN is, and no wildcard or NxDomainRedirect applies (that fallback
// retries only an NXDOMAIN).
func (w *walk) noData(srv server, lz linkedZone, rel string) result {
	what := "has names below it but no A or CNAME record of its own"
	if rel == "@" {
		what = "is the zone's apex, which has no A or CNAME record"
	}
	w.step(StepNXDomain, srv.label, "dns.wildcards-and-empty-names", "%s in zone %s %s: NODATA (the name exists, so no wildcard answers for it and Azure DNS does not ask public DNS)", rel, lz.name, what)
	return result{kind: NoData, why: fmt.Sprintf("%s in private zone %s (linked to VNet %s) exists but has no address", rel, lz.name, srv.vnet)}
}

// wildcardFor is the wildcard name that answers for rel, a name that does
// not exist in zone: "*." and rel's closest encloser, the longest of
// rel's parents that exists ("*" at the apex), as RFC 4592 has it; "" for
// the apex itself.
func (ix *index) wildcardFor(zone, rel string) string {
	if rel == "@" {
		return ""
	}
	for p := parentName(rel); p != ""; p = parentName(p) {
		if ix.names[zone][p] {
			return "*." + p
		}
	}
	return "*"
}

// recordSet finds a zone's record set named rel (A before CNAME).
func recordSet(z *model.PrivateDnsZone, rel string) (model.RecordSet, bool) {
	var best model.RecordSet
	found := false
	for _, rs := range z.RecordSets {
		if !strings.EqualFold(rs.Name, rel) || (rs.Type != "A" && rs.Type != "CNAME") {
			continue
		}
		if !found || rs.Type < best.Type {
			best, found = rs, true
		}
	}
	return best, found
}

// record answers from a record set: an A record's addresses, or a CNAME
// the same server then resolves.
func (w *walk) record(srv server, lz linkedZone, rs model.RecordSet, name, rel string) result {
	if rs.Type == "CNAME" && rs.CnameRecord != nil {
		target := normalise(rs.CnameRecord.Cname)
		w.step(StepCNAME, srv.label, "dns.private-zone-links", "%s is a CNAME to %s in zone %s", name, target, lz.name)
		return w.query(srv, target)
	}
	var addrs []string
	for _, a := range rs.ARecords {
		addrs = append(addrs, a.IPv4Address)
	}
	rule := "dns.private-zone-links"
	if len(w.ix.byPLName[name]) > 0 {
		rule = "private-endpoints.dns-chain"
	}
	if len(addrs) == 0 {
		w.step(StepNXDomain, srv.label, rule, "record set %s in zone %s holds no address: NODATA", rel, lz.name)
		return result{kind: NoData, why: fmt.Sprintf("record set %s in private zone %s holds no address", rel, lz.name)}
	}
	w.step(StepRecord, srv.label, rule, "A record %s → %s in zone %s", rel, strings.Join(addrs, ", "), lz.name)
	return result{kind: Address, addrs: addrs, why: fmt.Sprintf("A record %s in private zone %s, linked to VNet %s", rel, lz.name, srv.vnet)}
}

// matchRule returns the enabled rule of rs whose domain is the longest
// suffix of name (rule:dns.forwarding-rules); skipped reports that the
// wildcard rule matched but does not capture an Azure-reserved domain.
func matchRule(rs *ruleset, name string) (*fwdRule, bool) {
	var best *fwdRule
	bestLen, skipped := -1, false
	for i := range rs.ForwardingRules {
		r := &rs.ForwardingRules[i]
		if strings.EqualFold(r.ForwardingRuleState, "Disabled") {
			continue
		}
		d := normalise(r.DomainName)
		if !under(name, d) {
			continue
		}
		if d == "" && slices.ContainsFunc(azureReserved, func(x string) bool { return under(name, x) }) {
			skipped = true
			continue
		}
		if len(d) > bestLen || len(d) == bestLen && r.Name < best.Name {
			best, bestLen = r, len(d)
		}
	}
	return best, skipped && best == nil
}

type (
	ruleset = model.DNSForwardingRuleset
	fwdRule = model.ForwardingRule
)

// forwardRule sends name to a forwarding rule's targets from the ruleset's
// outbound endpoint (rule:dns.forwarding-rules): the query leaves from the
// endpoint's VNet (rule:dns.hub-and-spoke).
func (w *walk) forwardRule(srv server, rs *ruleset, rule *fwdRule, name string) result {
	var ep outboundEP
	ok := false
	for _, id := range rs.DNSResolverOutboundEndpoints {
		if ep, ok = w.ix.outbound[id]; ok {
			break
		}
	}
	var targets []string
	for _, t := range rule.TargetDNSServers {
		p := t.Port
		if p == 0 {
			p = 53
		}
		targets = append(targets, fmt.Sprintf("%s:%d", t.IPAddress, p))
	}
	if !ok {
		w.step(StepFail, srv.label, "dns.forwarding-rules", "rule %s of ruleset %s matches %s, but the ruleset has no outbound endpoint to send it from", rule.Name, rs.ID, name)
		return failed(fmt.Sprintf("ruleset %s has no outbound endpoint", rs.ID))
	}
	w.step(StepRule, srv.label, "dns.forwarding-rules", "rule %s of ruleset %s (linked to VNet %s) matches %s with the longest suffix %q: forwarded to %s from outbound endpoint %s", rule.Name, rs.ID, srv.vnet, name, rule.DomainName, strings.Join(targets, ", "), ep.id)
	if ep.vnet != srv.vnet {
		w.step(StepNote, srv.label, "dns.hub-and-spoke", "the forwarded query leaves from the outbound endpoint's VNet %s, not from VNet %s: the targets must be reachable from there", ep.vnet, srv.vnet)
	}
	src, _ := w.r.net.outboundSource(ep.id)
	loc := location{label: ep.id + " (outbound endpoint)", src: src, vnet: ep.vnet}
	last := failed("the rule has no target")
	for i, t := range rule.TargetDNSServers {
		if w.exhausted {
			break
		}
		if t.IPAddress == model.AzureDNSAddress {
			w.step(StepFail, loc.label, "dns.forwarding-rules", "%s cannot be a forwarding target", t.IPAddress)
			last = failed(t.IPAddress + " cannot be a forwarding target")
		} else {
			last = w.forward(loc, t.IPAddress, t.Port, name, "dns.hub-and-spoke")
		}
		if last.kind != Failed {
			return last
		}
		if i < len(rule.TargetDNSServers)-1 {
			w.step(StepNote, loc.label, "dns.forwarding-rules", "no answer from %s: the next target, %s, is used", t.IPAddress, rule.TargetDNSServers[i+1].IPAddress)
		}
	}
	return last
}

// custom is a DNS server of the design resolving name: the conditional
// forwarder with the longest matching domain, else its forwarders in
// order, else recursion on the Internet (rule:dns.custom-servers,
// rule:dns.on-premises-forwarding).
func (w *walk) custom(srv server, name string) result {
	var (
		cfg  *model.DNSServer
		rule string
		loc  location
	)
	if srv.kind == siteServer {
		cfg, rule = srv.site.DNSServer, "dns.on-premises-forwarding"
		src, _ := w.r.net.siteSource(srv.site.ID)
		loc = location{label: srv.label, src: src}
	} else {
		cfg, rule = srv.vm.DNSServer, "dns.custom-servers"
		h := w.ix.vmHome[strings.ToLower(srv.vm.ID)]
		loc = location{label: srv.label, src: h.nic, vnet: h.vnet}
	}
	var best *model.ConditionalForwarder
	bestLen := -1
	for i := range cfg.ConditionalForwarders {
		c := &cfg.ConditionalForwarders[i]
		if d := normalise(c.DomainName); under(name, d) && len(d) > bestLen {
			best, bestLen = c, len(d)
		}
	}
	if best != nil {
		w.step(StepRule, srv.label, rule, "conditional forwarder for %s sends %s to %s, in order", normalise(best.DomainName), name, strings.Join(best.TargetDNSServers, ", "))
		return w.ask(loc, best.TargetDNSServers, name, rule)
	}
	if len(cfg.Forwarders) > 0 {
		w.step(StepRule, srv.label, rule, "no conditional forwarder matches %s: it goes to the forwarders %s, in order", name, strings.Join(cfg.Forwarders, ", "))
		return w.ask(loc, cfg.Forwarders, name, rule)
	}
	w.step(StepServer, srv.label, rule, "no forwarder: the server resolves %s itself, on the Internet", name)
	return w.public(srv, name)
}

// public is name resolved on the Internet by srv: a private-link target's
// public name is a CNAME to its privatelink name, which srv then resolves
// itself; the privatelink name leads to the service's public address;
// other names are not modelled (rule:private-endpoints.dns-chain).
func (w *walk) public(srv server, name string) result {
	if pes := w.ix.byFqdn[name]; len(pes) > 0 {
		pl := model.PrivateLinkName(name)
		w.step(StepCNAME, srv.label, "private-endpoints.dns-chain", "public DNS: %s is a CNAME to %s, because the resource has a private endpoint (%s)", name, pl, pes[0].ID)
		return w.query(srv, pl)
	}
	if pes := w.ix.byPLName[name]; len(pes) > 0 {
		for _, pe := range pes {
			if pe.PublicIPAddress == "" {
				continue
			}
			w.step(StepPublic, srv.label, "private-endpoints.dns-chain", "public DNS: outside VNets linked to the privatelink zone, %s leads to the service's public endpoint, %s", name, pe.PublicIPAddress)
			return result{kind: Address, addrs: []string{pe.PublicIPAddress}, why: fmt.Sprintf("public DNS: the service's public address (no private zone answers %s for %s)", name, srv.label)}
		}
		w.step(StepPublic, srv.label, "private-endpoints.dns-chain", "public DNS: %s leads to the service's public endpoint, whose address the design does not give (publicIpAddress of %s)", name, pes[0].ID)
		return result{kind: NotModelled, why: fmt.Sprintf("the service's public address is not in the design (publicIpAddress of %s)", pes[0].ID)}
	}
	w.step(StepPublic, srv.label, "dns.resolution-order", "public DNS (not modelled): vnetplay knows public addresses only of private-link targets")
	return result{kind: NotModelled, why: "vnetplay knows public addresses only of private-link targets: " + name + " resolves on the Internet, which the design does not hold"}
}
