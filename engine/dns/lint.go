package dns

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
	"vnetplay/engine/route"
)

// Codes of the findings Lint reports. They are distinct from
// model.Validate's (which checks settings one by one): these need the data
// plane or the resolution walk.
const (
	// CodeZoneUnlinked: a privatelink zone linked to no VNet.
	CodeZoneUnlinked = "dns.zone-unlinked"
	// CodeZoneNoClients: a privatelink zone linked only to VNets where
	// nothing asks Azure DNS.
	CodeZoneNoClients = "dns.zone-no-clients"
	// CodeServerUnreachable: a VNet's or NIC's DNS server that some of
	// its VMs cannot reach on UDP 53.
	CodeServerUnreachable = "dns.server-unreachable"
	// CodeServerNotDNS: a DNS server address where the design has no
	// DNS server.
	CodeServerNotDNS = "dns.server-not-dns"
	// CodeServerPublic: a DNS server on the Internet.
	CodeServerPublic = "dns.server-public"
	// CodeForwarderTargetNotDNS: a forwarding rule's target where the
	// design has no DNS server.
	CodeForwarderTargetNotDNS = "dns.forwarding-target-not-dns"
	// CodeForwarderTargetUnreachable: a forwarding rule's target that the
	// ruleset's outbound endpoint cannot reach.
	CodeForwarderTargetUnreachable = "dns.forwarding-target-unreachable"
	// CodeForwarderPrivateLink: an on-premises conditional forwarder for
	// a privatelink zone rather than the public one.
	CodeForwarderPrivateLink = "dns.forwarder-privatelink-zone"
	// CodeAutoregShadowed: a record set that replaces a VM's
	// autoregistered record.
	CodeAutoregShadowed = "dns.autoregistration-shadowed"
	// CodePEPublic: VMs with a private endpoint's /32 route resolve its
	// name to the public address ("route OK, DNS wrong").
	CodePEPublic = "pe.dns-public"
	// CodePENXDomain: VMs with the route get NXDOMAIN for its name.
	CodePENXDomain = "pe.dns-nxdomain"
	// CodePEMismatch: VMs with the route resolve its name to another
	// private address.
	CodePEMismatch = "pe.dns-mismatch"
	// CodePEReturnBypass: a UDR sends traffic to a private endpoint
	// through a stateful NVA that its reply bypasses.
	CodePEReturnBypass = "pe.return-bypasses-nva"
)

// LintCodes lists the codes Lint may report.
var LintCodes = []string{CodeZoneUnlinked, CodeZoneNoClients, CodeServerUnreachable, CodeServerNotDNS, CodeServerPublic,
	CodeForwarderTargetNotDNS, CodeForwarderTargetUnreachable, CodeForwarderPrivateLink, CodeAutoregShadowed, CodePEPublic, CodePENXDomain, CodePEMismatch, CodePEReturnBypass}

// maxListed bounds the names a finding lists.
const maxListed = 5

// Lint finds the name-resolution and Private Link traps of the design t
// whose data plane is p (rule book sections X, Y and Z): privatelink zones
// no client resolves, private endpoints whose clients have the route but
// not the private answer, custom DNS servers and forwarding rules' targets
// that are unreachable or not DNS servers, on-premises forwarders for privatelink zones, records that
// replace autoregistered ones, and UDRs that send endpoint traffic through
// a stateful NVA its reply bypasses. Warnings are traps, Info is advice.
// Paths are model.Validate's. Output is sorted by path, code and message.
//
// Settings checked one by one (one registration zone per VNet, ruleset
// links across regions, forwarding loops through an inbound endpoint) are
// model.Validate's and not repeated here.
//
// The work is bounded: network checks are memoised per (NIC, server);
// private endpoint names are resolved once per client group (a subnet and
// its DNS servers) and name suffix, and the answer for every other endpoint
// of that suffix is read from the zone that answered (see answer).
//
// Shared.Lint is the same lint resolving with a Resolver shared with other
// readers of the analysis.
func Lint(p *dataplane.Plane, t *model.Topology) []model.Diagnostic {
	if p == nil || t == nil || !usesNames(t) {
		return nil
	}
	return lintWith(New(p, t))
}

// lintWith is Lint resolving with r, a Resolver of a design with something
// to lint.
func lintWith(r *Resolver) []model.Diagnostic {
	l := linterOf(r)
	l.zones()
	l.servers()
	l.forwardingTargets()
	l.siteForwarders()
	l.autoregistration()
	l.endpointNames()
	l.returnBypass()
	slices.SortStableFunc(l.out, func(a, b model.Diagnostic) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Code, b.Code), cmp.Compare(a.Msg, b.Msg))
	})
	return l.out
}

// usesNames reports whether the design has anything Lint checks.
func usesNames(t *model.Topology) bool {
	if len(t.PrivateEndpoints) > 0 || len(t.PrivateDNSZones) > 0 {
		return true
	}
	for _, v := range t.VNets {
		if v.DhcpOptions != nil && len(v.DhcpOptions.DNSServers) > 0 {
			return true
		}
	}
	for _, vm := range t.VMs {
		for _, n := range vm.NICs {
			if n.DNSSettings != nil && len(n.DNSSettings.DNSServers) > 0 {
				return true
			}
		}
	}
	for _, s := range t.Sites {
		if s.DNSServer != nil {
			return true
		}
	}
	return false
}

type linter struct {
	r   *Resolver
	p   *dataplane.Plane
	t   *model.Topology
	ix  *index
	out []model.Diagnostic

	// groups[vnet] are the VNet's client groups, by subnet and DNS servers.
	groups map[string][]*clientGroup
	// labelVNet maps an Azure DNS server label to the VNet whose links
	// apply (Azure DNS of a VNet, a resolver inbound endpoint).
	labelVNet map[string]string
	// sens holds every name at or above a zone, record, rule or
	// conditional forwarder domain: an endpoint name in it resolves in
	// its own way (see answer).
	sens     map[string]bool
	outcomes map[[2]string]outcome // (NIC, suffix)
	full     map[[2]string]Answer  // (NIC, name)
	replays  map[[2]string]Answer  // (VNet, name)
	// fullOnly makes answer resolve every name (tests).
	fullOnly bool
}

// clientGroup is the client VMs of one subnet that use the same DNS
// servers: one NIC resolves for all of them.
type clientGroup struct {
	vnet, subnet string
	nic          string   // the first NIC by id
	servers      []string // custom DNS servers; nil: Azure DNS
	own          bool     // servers are the NIC's own dnsSettings
	vms          []string // sorted
}

// newLinter is the linter of the design t whose data plane is p, with a
// Resolver of its own.
func newLinter(p *dataplane.Plane, t *model.Topology) *linter { return linterOf(New(p, t)) }

// linterOf is the linter of r's design, resolving with r.
func linterOf(r *Resolver) *linter {
	l := &linter{r: r, p: r.p, t: r.t, ix: r.ix, groups: map[string][]*clientGroup{}, labelVNet: map[string]string{},
		outcomes: map[[2]string]outcome{}, full: map[[2]string]Answer{}, replays: map[[2]string]Answer{}}
	for id := range l.ix.vnets {
		l.labelVNet[azureSrv(id).label] = id
	}
	for _, e := range l.ix.inbound {
		l.labelVNet[inboundSrv(e).label] = e.vnet
	}
	l.buildGroups()
	return l
}

func (l *linter) add(sev model.Severity, code, path, format string, args ...any) {
	l.out = append(l.out, model.Diagnostic{Code: code, Severity: sev, Path: path, Msg: fmt.Sprintf(format, args...)})
}

// isNVA reports whether a NIC forwards (an NVA's): it is no client.
func isNVA(n *dataplane.NIC) bool {
	return n.IPForwarding || n.GuestForwarding || n.Stateful || n.Gateway
}

// buildGroups groups the client NICs (not NVAs') of the plane.
func (l *linter) buildGroups() {
	firstVM := map[string]*model.VM{}
	for i := range l.t.VMs {
		if _, dup := firstVM[l.t.VMs[i].ID]; !dup {
			firstVM[l.t.VMs[i].ID] = &l.t.VMs[i]
		}
	}
	byKey := map[string]*clientGroup{}
	for _, id := range l.p.NICs() {
		n, _ := l.p.NIC(id)
		sn, ok := l.p.Subnet(n.Subnet)
		if !ok || isNVA(n) {
			continue
		}
		servers, own := l.nicServers(firstVM[n.VM], n.Name, sn.VNet)
		key := fmt.Sprintf("%s\x00%t\x00%s", n.Subnet, own, strings.Join(servers, ","))
		g := byKey[key]
		if g == nil {
			g = &clientGroup{vnet: sn.VNet, subnet: n.Subnet, nic: id, servers: servers, own: own}
			byKey[key] = g
			l.groups[sn.VNet] = append(l.groups[sn.VNet], g)
		}
		if !slices.Contains(g.vms, n.VM) {
			g.vms = append(g.vms, n.VM)
		}
	}
	for _, gs := range l.groups {
		slices.SortFunc(gs, func(a, b *clientGroup) int { return cmp.Compare(a.nic, b.nic) })
		for _, g := range gs {
			slices.Sort(g.vms)
		}
	}
}

// nicServers is walk.nicServers for NIC name of vm: the NIC's own DNS
// servers (own), else its VNet's; nil means Azure DNS.
func (l *linter) nicServers(vm *model.VM, name, vnet string) ([]string, bool) {
	if vm != nil {
		for _, n := range vm.NICs {
			if n.Name != name || n.DNSSettings == nil || len(n.DNSSettings.DNSServers) == 0 {
				continue
			}
			if slices.Contains(n.DNSSettings.DNSServers, model.AzureProvidedDNS) {
				return nil, true
			}
			return n.DNSSettings.DNSServers, true
		}
	}
	if v := l.ix.vnets[vnet]; v != nil && v.DhcpOptions != nil && len(v.DhcpOptions.DNSServers) > 0 {
		return v.DhcpOptions.DNSServers, false
	}
	return nil, false
}

// listed joins up to maxListed items: "a, b and 3 more".
func listed(items []string) string {
	if len(items) > maxListed {
		return strings.Join(items[:maxListed], ", ") + fmt.Sprintf(" and %d more", len(items)-maxListed)
	}
	return strings.Join(items, ", ")
}

// --- Private zones ------------------------------------------------------

// zones reports privatelink zones linked to no VNet, or only to VNets
// where nothing asks Azure DNS (rule:dns.private-zone-links, rule:dns.custom-servers).
func (l *linter) zones() {
	asks := l.azureDNSUsers()
	for _, z := range sortedPtrs(l.t.PrivateDNSZones, func(z *model.PrivateDnsZone) string { return z.ID }) {
		name := normalise(z.ID)
		if l.ix.zones[name] != z || !strings.HasPrefix(name, "privatelink.") {
			continue
		}
		linked := l.linkedVNets(z)
		records := ""
		if pes := l.zoneEndpoints(name); len(pes) > 0 {
			records = fmt.Sprintf(" The A records its private endpoints' zone groups write (%s) resolve nowhere: their names resolve to the public addresses (rule:private-endpoints.dns-chain).", listed(pes))
		}
		path := "privateDnsZones[" + z.ID + "]"
		if len(linked) == 0 {
			l.add(model.Warning, CodeZoneUnlinked, path, "privatelink zone %s is linked to no VNet: a private zone answers only in the VNets linked to it, through Azure DNS (rule:dns.private-zone-links).%s", name, records)
			continue
		}
		if slices.ContainsFunc(linked, func(v string) bool { return asks[v] }) {
			continue
		}
		l.add(model.Warning, CodeZoneNoClients, path, "privatelink zone %s is linked to %s, where nothing asks Azure DNS: no VM there uses Azure-provided DNS, and there is no resolver inbound endpoint and no DNS server forwarding to %s; VMs with custom DNS servers never see a linked zone (rule:dns.private-zone-links, rule:dns.custom-servers).%s",
			name, vnetWord(linked), model.AzureDNSAddress, records)
	}
}

// vnetWord is "VNet a" or "VNets a, b".
func vnetWord(vnets []string) string {
	if len(vnets) == 1 {
		return "VNet " + vnets[0]
	}
	return "VNets " + listed(vnets)
}

// azureDNSUsers are the VNets whose Azure DNS someone asks: a client VM
// using Azure DNS (or listing 168.63.129.16), a resolver inbound endpoint,
// or a DNS server VM forwarding to 168.63.129.16.
func (l *linter) azureDNSUsers() map[string]bool {
	out := map[string]bool{}
	for v, gs := range l.groups {
		for _, g := range gs {
			if g.servers == nil || slices.Contains(g.servers, model.AzureDNSAddress) {
				out[v] = true
			}
		}
	}
	for _, e := range l.ix.inbound {
		out[e.vnet] = true
	}
	for _, vm := range l.ix.vmServer {
		cfg := vm.DNSServer
		uses := slices.Contains(cfg.Forwarders, model.AzureDNSAddress)
		for _, c := range cfg.ConditionalForwarders {
			uses = uses || slices.Contains(c.TargetDNSServers, model.AzureDNSAddress)
		}
		if h, ok := l.ix.vmHome[strings.ToLower(vm.ID)]; ok && uses {
			out[h.vnet] = true
		}
	}
	return out
}

// zoneEndpoints are the private endpoints whose zone groups write into zone.
func (l *linter) zoneEndpoints(zone string) []string {
	var out []string
	for _, recs := range l.ix.peRecords[zone] {
		for _, r := range recs {
			if !slices.Contains(out, r.pe.ID) {
				out = append(out, r.pe.ID)
			}
		}
	}
	slices.Sort(out)
	return out
}

// --- DNS servers --------------------------------------------------------

// servers checks the VNets' and NICs' custom DNS servers: each must be a
// DNS server of the design that the VMs using it reach on UDP 53
// (rule:dns.custom-servers, rule:dns.server-order-and-renewal).
func (l *linter) servers() {
	for _, v := range sortedPtrs(l.t.VNets, func(v *model.VNet) string { return v.ID }) {
		if l.ix.vnets[v.ID] != v || v.DhcpOptions == nil || len(v.DhcpOptions.DNSServers) == 0 {
			continue
		}
		var srcs []*clientGroup
		for _, g := range l.groups[v.ID] {
			if !g.own && g.servers != nil {
				srcs = append(srcs, g)
			}
		}
		l.serverList("vnets["+v.ID+"].dhcpOptions.dnsServers", v.DhcpOptions.DNSServers, srcs)
	}
	for _, vm := range sortedPtrs(l.t.VMs, func(v *model.VM) string { return v.ID }) {
		for _, n := range vm.NICs {
			if n.DNSSettings == nil || len(n.DNSSettings.DNSServers) == 0 || slices.Contains(n.DNSSettings.DNSServers, model.AzureProvidedDNS) {
				continue
			}
			id := vm.ID + "/" + n.Name
			nic, ok := l.p.NIC(id)
			if !ok {
				continue
			}
			src := &clientGroup{subnet: nic.Subnet, nic: id, own: true, servers: n.DNSSettings.DNSServers, vms: []string{vm.ID}}
			l.serverList("virtualMachines["+vm.ID+"].networkInterfaces["+n.Name+"].dnsSettings.dnsServers", n.DNSSettings.DNSServers, []*clientGroup{src})
		}
	}
}

// serverList checks one list of DNS servers used by srcs.
func (l *linter) serverList(path string, servers []string, srcs []*clientGroup) {
	type miss struct {
		g   *clientGroup
		chk NetworkCheck
	}
	answers := make([]map[*clientGroup]bool, len(servers))
	misses := make([][]miss, len(servers))
	what := make([]string, len(servers))
	for i, s := range servers {
		answers[i] = map[*clientGroup]bool{}
		a, err := netip.ParseAddr(s)
		if err != nil || !a.Is4() {
			continue // model.Validate reports it
		}
		if s == model.AzureDNSAddress {
			for _, g := range srcs {
				answers[i][g] = true
			}
			continue
		}
		desc, known, public := l.describeServer(a)
		what[i] = desc
		p := fmt.Sprintf("%s[%d]", path, i)
		switch {
		case public:
			l.add(model.Warning, CodeServerPublic, p, "%s is a public address, a DNS server on the Internet: it resolves public names only, so the VMs using it resolve no private zone and no Azure-provided name; the VNet's zone links apply only through Azure DNS, %s (rule:dns.custom-servers, rule:dns.private-zone-links)", a, model.AzureDNSAddress)
		case !known:
			l.add(model.Warning, CodeServerNotDNS, p, "%s is not a DNS server of the design: %s. The VMs using it get no answer from it (rule:dns.custom-servers)", a, desc)
			continue
		}
		for _, g := range srcs {
			chk := l.r.net.check(g.nic, g.nic, a, 53)
			if chk.Disposition.Success() {
				answers[i][g] = true
			} else {
				misses[i] = append(misses[i], miss{g, chk})
			}
		}
	}
	for i, ms := range misses {
		if len(ms) == 0 {
			continue
		}
		var where []string
		dead := 0
		for _, m := range ms {
			where = append(where, fmt.Sprintf("%s (%s)", m.g.subnet, listed(m.g.vms)))
			if !slices.ContainsFunc(answers, func(a map[*clientGroup]bool) bool { return a[m.g] }) {
				dead++
			}
		}
		then := "they wait for it to time out, then ask the next server (rule:dns.server-order-and-renewal)"
		switch {
		case dead == len(ms):
			then = "no server of the list answers them: name resolution fails there"
		case dead > 0:
			then = "where another server of the list answers, they wait for this one to time out, then ask it (rule:dns.server-order-and-renewal); elsewhere name resolution fails"
		}
		l.add(model.Warning, CodeServerUnreachable, fmt.Sprintf("%s[%d]", path, i), "DNS server %s (%s) cannot be reached on UDP 53 from %s: %s from %s; %s (rule:dns.custom-servers)",
			servers[i], what[i], listed(where), ms[0].chk.summary(), ms[0].g.nic, then)
	}
}

// describeServer says what is at a DNS server's address: known is a DNS
// server of the design, public an address on the Internet.
func (l *linter) describeServer(a netip.Addr) (desc string, known, public bool) {
	if e, ok := l.ix.inbound[a]; ok {
		return "DNS Private Resolver inbound endpoint " + e.id, true, false
	}
	if vm := l.ix.vmServer[a]; vm != nil {
		return "DNS server VM " + vm.ID, true, false
	}
	if s := l.ix.siteDNS[a]; s != nil {
		return "site " + s.ID + "'s DNS server", true, false
	}
	if vm, ok := l.ix.vmByNIC[a]; ok {
		return fmt.Sprintf("it is VM %s's address, and %s has no dnsServer (or it is not its primary NIC)", vm, vm), false, false
	}
	if lb, ok := l.p.LoadBalancerAt(a); ok {
		return fmt.Sprintf("it is load balancer %s's frontend; vnetplay models DNS servers as VMs with dnsServer and does not follow a load balancer to them", lb.ID), false, false
	}
	if e, ok := l.p.PrivateEndpointAt(a); ok {
		return fmt.Sprintf("it is private endpoint %s's address", e.ID), false, false
	}
	if sn, ok := l.p.SubnetAt(a); ok {
		return fmt.Sprintf("it is a free address of subnet %s: no NIC, endpoint or resolver holds it", sn.ID), false, false
	}
	if v, ok := l.p.VNetAt(a); ok {
		return fmt.Sprintf("it is inside VNet %s but in none of its subnets", v.ID), false, false
	}
	for _, s := range sortedPtrs(l.t.Sites, func(s *model.Site) string { return s.ID }) {
		for _, pfx := range s.AddressPrefixes {
			if pr, err := netip.ParsePrefix(pfx); err == nil && pr.Contains(a) {
				if s.DNSServer == nil {
					return fmt.Sprintf("it is inside site %s, which has no dnsServer", s.ID), false, false
				}
				return fmt.Sprintf("it is inside site %s, whose DNS server is %s", s.ID, s.DNSServer.IPAddress), false, false
			}
		}
	}
	if a.IsPrivate() || sharedSpace.Contains(a) {
		return "it is a private address outside every VNet and site of the design", false, false
	}
	return "an Internet DNS server", false, true
}

// forwardingTargets checks the targets of each enabled forwarding rule
// from the ruleset's outbound endpoint, where the forwarded query leaves
// (rule:dns.forwarding-rules, rule:dns.hub-and-spoke): a target that is
// no DNS server of the design (nor one on the Internet), or that the
// endpoint cannot reach on its port, answers nothing, as resolve shows
// for one name; lint says so for the rule.
func (l *linter) forwardingTargets() {
	for _, rs := range sortedPtrs(l.t.DNSForwardingRulesets, func(r *model.DNSForwardingRuleset) string { return r.ID }) {
		src, label, ok := l.rulesetSource(rs)
		if !ok {
			continue // no outbound endpoint: model.Validate and resolve say so
		}
		for _, rule := range rs.ForwardingRules {
			if strings.EqualFold(rule.ForwardingRuleState, "Disabled") {
				continue
			}
			path := "dnsForwardingRulesets[" + rs.ID + "].forwardingRules[" + rule.Name + "]"
			for i, t := range rule.TargetDNSServers {
				l.forwardingTarget(fmt.Sprintf("%s.targetDnsServers[%d]", path, i), rule, t, src, label, i < len(rule.TargetDNSServers)-1)
			}
		}
	}
}

// rulesetSource is where rs's forwarded queries leave from: its first
// outbound endpoint the design has, as the walk sends them.
func (l *linter) rulesetSource(rs *model.DNSForwardingRuleset) (src, label string, ok bool) {
	for _, id := range rs.DNSResolverOutboundEndpoints {
		if _, known := l.ix.outbound[id]; known {
			if src, ok = l.r.net.outboundSource(id); ok {
				return src, id + " (outbound endpoint)", true
			}
		}
	}
	return "", "", false
}

// forwardingTarget checks one target of rule; more says another target
// follows it.
func (l *linter) forwardingTarget(path string, rule model.ForwardingRule, t model.TargetDNSServer, src, label string, more bool) {
	a, err := netip.ParseAddr(t.IPAddress)
	if err != nil || !a.Is4() || t.IPAddress == model.AzureDNSAddress {
		return // model.Validate reports it
	}
	port := t.Port
	if port == 0 {
		port = 53
	}
	then := "queries for " + rule.DomainName + " from the linked VNets fail"
	if more {
		then = "queries for " + rule.DomainName + " wait for it to time out, then go to the next target"
	}
	desc, known, public := l.describeServer(a)
	if !known && !public {
		l.add(model.Warning, CodeForwarderTargetNotDNS, path, "forwarding rule %s sends %s to %s, which is not a DNS server of the design: %s. It answers nothing: %s (rule:dns.forwarding-rules)",
			rule.Name, rule.DomainName, a, desc, then)
		return
	}
	if public {
		return // an Internet DNS server: reached as the Internet is, resolve shows the walk
	}
	if chk := l.r.net.check(src, label, a, port); !chk.Disposition.Success() {
		l.add(model.Warning, CodeForwarderTargetUnreachable, path, "forwarding rule %s sends %s to %s (%s) on UDP %d, which %s cannot reach: %s; %s (rule:dns.forwarding-rules, rule:dns.hub-and-spoke)",
			rule.Name, rule.DomainName, a, desc, port, label, chk.summary(), then)
	}
}

// --- On-premises forwarders ---------------------------------------------

// siteForwarders reports an on-premises DNS server's conditional
// forwarder for a privatelink zone (rule:dns.on-premises-forwarding): the
// docs say to forward the public zone; practitioners report that the
// privatelink zone works only when the server resolves public names
// itself (root hints). With forwarders the public name's CNAME is
// followed by them, so the conditional forwarder is never used: a
// warning; without, advice.
func (l *linter) siteForwarders() {
	for _, s := range sortedPtrs(l.t.Sites, func(s *model.Site) string { return s.ID }) {
		if s.DNSServer == nil {
			continue
		}
		for i, c := range s.DNSServer.ConditionalForwarders {
			d := normalise(c.DomainName)
			public, ok := publicZoneOf(d)
			if !ok {
				continue
			}
			path := fmt.Sprintf("sites[%s].dnsServer.conditionalForwarders[%d].domainName", s.ID, i)
			targets := strings.Join(c.TargetDNSServers, ", ")
			if fw := s.DNSServer.Forwarders; len(fw) > 0 {
				l.add(model.Warning, CodeForwarderPrivateLink, path, "site %s's DNS server forwards the privatelink zone %s to %s, but sends other names to its forwarders %s: hosts ask for the public name (%s), whose CNAME to the privatelink name the forwarders follow, so this conditional forwarder is never used and hosts get the public address. The docs say to forward the public zone %s; practitioners report that forwarding privatelink.* works only when the server resolves public names itself by root hints, and that forwarding the public zone makes every public lookup of that service depend on Azure (rule:dns.on-premises-forwarding)",
					s.ID, d, targets, strings.Join(fw, ", "), "<name>."+public, public)
				continue
			}
			l.add(model.Info, CodeForwarderPrivateLink, path, "site %s's DNS server forwards the privatelink zone %s to %s. Sources disagree: the docs say to forward the public zone %s instead; practitioners report that forwarding privatelink.* works only when the server resolves public names itself by root hints, as this one does (it has no forwarders), and that forwarding the public zone makes every public lookup of that service depend on Azure (rule:dns.on-premises-forwarding)",
				s.ID, d, targets, public)
		}
	}
}

// publicZoneOf is the public zone of a privatelink domain:
// "privatelink.blob.core.windows.net" gives "blob.core.windows.net".
func publicZoneOf(d string) (string, bool) {
	if rest, ok := strings.CutPrefix(d, "privatelink."); ok && rest != "" {
		return rest, true
	}
	if i := strings.Index(d, ".privatelink."); i >= 0 {
		if rest := d[i+len(".privatelink."):]; rest != "" {
			return rest, true
		}
	}
	return "", false
}

// --- Autoregistration ---------------------------------------------------

// autoregistration reports record sets that replace the record
// autoregistration writes for a VM (rule:dns.autoregistration). One
// registration zone per VNet and 100 registration links per zone are
// model.Validate's.
func (l *linter) autoregistration() {
	for _, z := range sortedPtrs(l.t.PrivateDNSZones, func(z *model.PrivateDnsZone) string { return z.ID }) {
		name := normalise(z.ID)
		recs := l.ix.autoreg[name]
		if l.ix.zones[name] != z || len(recs) == 0 {
			continue
		}
		seen := map[string]bool{}
		for _, rs := range z.RecordSets {
			rel := strings.ToLower(rs.Name)
			a, ok := recs[rel]
			if !ok || seen[rel] || (rs.Type != "A" && rs.Type != "CNAME") {
				continue
			}
			seen[rel] = true
			l.add(model.Info, CodeAutoregShadowed, "privateDnsZones["+z.ID+"].recordSets["+rs.Name+"]", "record set %s replaces the A record autoregistration writes for VM %s (%s, VNet %s registers into %s): a manual record with the same name wins, and the VM's address is no longer followed (rule:dns.autoregistration)",
				rs.Name, a.vm, a.ip, a.vnet, name)
		}
	}
}

// --- Private endpoint names ---------------------------------------------

// endpointNames checks, for each Approved private endpoint with a name,
// how the client VMs of the VNets that hold its /32 route (its own and
// directly peered ones, rule:private-endpoints.interface-endpoint-route)
// resolve the name: anything but the endpoint's address is a trap
// (rule:private-endpoints.routing-and-dns-independent,
// rule:private-endpoints.nxdomain-trap). A group whose resolution fails is
// left to the server checks.
func (l *linter) endpointNames() {
	if len(l.ix.pes) == 0 {
		return
	}
	l.sens = l.sensitiveNames()
	seen := map[string]bool{}
	for _, pe := range l.ix.pes {
		if seen[pe.ID] {
			continue
		}
		seen[pe.ID] = true
		dp, ok := l.p.PrivateEndpoint(pe.ID)
		if !ok || !dp.Approved() {
			continue
		}
		fqdn := pe.PublicName()
		pl := model.PrivateLinkName(fqdn)
		if pl == "" {
			continue
		}
		vnets := []string{dp.VNet}
		for _, lk := range l.p.Links(dp.VNet) {
			if lk.State == model.Connected {
				vnets = append(vnets, lk.Remote)
			}
		}
		type verdict struct {
			vms []string
			ans Answer
		}
		bad := map[string]map[string]*verdict{} // code -> VNet -> verdict
		for _, v := range vnets {
			for _, g := range l.groups[v] {
				ans := l.answer(g, fqdn, pl)
				code := classify(ans, dp.IP)
				if code == "" {
					continue
				}
				if bad[code] == nil {
					bad[code] = map[string]*verdict{}
				}
				vd := bad[code][v]
				if vd == nil {
					vd = &verdict{ans: ans}
					bad[code][v] = vd
				}
				for _, vm := range g.vms {
					if !slices.Contains(vd.vms, vm) {
						vd.vms = append(vd.vms, vm)
					}
				}
			}
		}
		path := "privateEndpoints[" + pe.ID + "]"
		for _, code := range []string{CodePEPublic, CodePENXDomain, CodePEMismatch} {
			vs := bad[code]
			if len(vs) == 0 {
				continue
			}
			names := make([]string, 0, len(vs))
			for v := range vs {
				names = append(names, v)
			}
			slices.Sort(names)
			var where []string
			for _, v := range names {
				slices.Sort(vs[v].vms)
				where = append(where, fmt.Sprintf("%s (%s)", v, listed(vs[v].vms)))
			}
			ans := vs[names[0]].ans
			head := fmt.Sprintf("private endpoint %s (%s) has its /32 route in %s, but VMs there", pe.ID, dp.IP, vnetWord(where))
			switch code {
			case CodePEPublic:
				l.add(model.Warning, code, path, "%s resolve %s to %s: the route is right and the name is not, so their traffic goes to the service's public endpoint (rule:private-endpoints.routing-and-dns-independent). %s",
					head, fqdn, publicText(ans), l.peCause(pe))
			case CodePENXDomain:
				l.add(model.Warning, code, path, "%s get NXDOMAIN for %s: a privatelink zone linked where they resolve has no record %s, and Azure DNS does not fall back to public DNS (rule:private-endpoints.nxdomain-trap, rule:dns.nxdomain-and-fallback). %s",
					head, fqdn, pl, l.peCause(pe))
			case CodePEMismatch:
				l.add(model.Warning, code, path, "%s resolve %s to %s, not to the endpoint's address %s: a record written by hand or by another endpoint answers (rule:private-endpoints.dns-chain)",
					head, fqdn, strings.Join(ans.Addresses, ", "), dp.IP)
			}
		}
	}
}

// classify is the finding an answer for an endpoint at ip calls for ("":
// none, or a failed resolution the server checks report).
func classify(a Answer, ip netip.Addr) string {
	switch a.Kind {
	case NXDomain, NoData:
		return CodePENXDomain
	case NotModelled:
		return CodePEPublic
	case Address:
		if slices.Contains(a.Addresses, ip.String()) {
			return ""
		}
		if a.Scope == ScopePublic {
			return CodePEPublic
		}
		return CodePEMismatch
	}
	return ""
}

func publicText(a Answer) string {
	if a.Kind == Address {
		return "the public address " + strings.Join(a.Addresses, ", ")
	}
	return "its public address (public DNS; the design does not give it: publicIpAddress)"
}

// peCause says where the endpoint's A record is written.
func (l *linter) peCause(pe *model.PrivateEndpoint) string {
	g := pe.PrivateDnsZoneGroup
	if g == nil || len(g.PrivateDnsZoneConfigs) == 0 {
		return "It has no privateDnsZoneGroup, so no private zone holds its A record unless one is written by hand (rule:private-endpoints.dns-chain)"
	}
	var parts []string
	for _, c := range g.PrivateDnsZoneConfigs {
		name := zoneRef(c.PrivateDnsZoneID)
		z := l.ix.zones[name]
		if z == nil {
			parts = append(parts, name+" (not a zone of the design)")
			continue
		}
		linked := l.linkedVNets(z)
		if len(linked) == 0 {
			parts = append(parts, name+" (linked to no VNet)")
		} else {
			parts = append(parts, name+" (linked to "+listed(linked)+")")
		}
	}
	return "Its zone group writes the A record into " + strings.Join(parts, ", ") + ": link the zone to the VNet whose Azure DNS answers these VMs, or send their queries to a resolver in a linked VNet (rule:private-endpoints.dns-chain, rule:dns.hub-and-spoke)"
}

// outcome is how a client group resolves the names of one suffix
// (everything after the first label), learnt from one of them.
type outcome struct {
	kind outcomeKind
	vnet string     // outZone: the VNet whose Azure DNS answered
	lz   linkedZone // outZone: the zone that answered
	pl   bool       // outZone: it answered the privatelink name (else the public one)
}

type outcomeKind uint8

const (
	outFull   outcomeKind = iota // resolve every name
	outFailed                    // resolution fails
	outPublic                    // public DNS answers, no private zone on the way
	outZone                      // a private zone of vnet answers
)

// answer is how group g resolves fqdn, an endpoint's public name whose
// privatelink name is pl. Names that share their suffix and that no zone,
// record, rule or conditional forwarder names at or below them (sens)
// take the same walk up to the zone that answers, which is the only step
// that reads the name's own records (zone): one is resolved, and for the
// others that zone is asked again (replay). Other names are resolved.
func (l *linter) answer(g *clientGroup, fqdn, pl string) Answer {
	if a, ok := l.full[[2]string{g.nic, fqdn}]; ok {
		return a
	}
	_, suffix, _ := strings.Cut(fqdn, ".")
	special := l.fullOnly || l.sens[fqdn] || l.sens[pl] || len(l.ix.byFqdn[pl]) > 0 || len(l.ix.byPLName[fqdn]) > 0 || under(fqdn, azureSuffix)
	if special {
		return l.resolveFull(g, fqdn)
	}
	k := [2]string{g.nic, suffix}
	o, ok := l.outcomes[k]
	if !ok {
		o = l.learn(g, fqdn, pl)
		l.outcomes[k] = o
	}
	switch o.kind {
	case outFailed:
		return Answer{Kind: Failed}
	case outPublic:
		return l.publicAnswer(pl)
	case outZone:
		name := fqdn
		if o.pl {
			name = pl
		}
		return l.replay(o.vnet, o.lz, name)
	}
	return l.resolveFull(g, fqdn)
}

func (l *linter) resolveFull(g *clientGroup, fqdn string) Answer {
	k := [2]string{g.nic, fqdn}
	if a, ok := l.full[k]; ok {
		return a
	}
	a := l.r.Resolve(g.nic, fqdn).Answer
	l.full[k] = a
	return a
}

// learn resolves fqdn from g and reads which zone answered.
func (l *linter) learn(g *clientGroup, fqdn, pl string) outcome {
	res := l.r.Resolve(g.nic, fqdn)
	l.full[[2]string{g.nic, fqdn}] = res.Answer
	if res.Answer.Kind == Failed {
		return outcome{kind: outFailed}
	}
	last := -1
	for i := len(res.Steps) - 1; i >= 0; i-- {
		if res.Steps[i].Kind == StepZone {
			last = i
			break
		}
	}
	if last < 0 {
		if res.Answer.Kind == Address || res.Answer.Kind == NotModelled {
			return outcome{kind: outPublic}
		}
		return outcome{}
	}
	vnet, ok := l.labelVNet[res.Steps[last].Actor]
	names := res.Answer.Names
	if !ok || len(names) == 0 {
		return outcome{}
	}
	answered := names[len(names)-1]
	if answered != pl && answered != fqdn {
		return outcome{}
	}
	for _, lz := range l.ix.zonesByVNet[vnet] {
		if !under(answered, lz.name) {
			continue
		}
		if slices.ContainsFunc(lz.zone.RecordSets, func(rs model.RecordSet) bool { return strings.HasPrefix(rs.Name, "*") }) {
			return outcome{} // a wildcard may chase a CNAME: resolve each name
		}
		return outcome{kind: outZone, vnet: vnet, lz: lz, pl: answered == pl}
	}
	return outcome{}
}

// replay asks zone lz, linked to vnet, for name, as Azure DNS of vnet does.
func (l *linter) replay(vnet string, lz linkedZone, name string) Answer {
	k := [2]string{vnet, name}
	if a, ok := l.replays[k]; ok {
		return a
	}
	w := &walk{r: l.r, ix: l.ix}
	r := w.zone(azureSrv(vnet), lz, name)
	a := Answer{Kind: r.kind, Addresses: r.addrs}
	if r.kind == Address {
		a.Scope = l.r.scope(r.addrs)
	}
	l.replays[k] = a
	return a
}

// publicAnswer is public DNS's answer for privatelink name pl (walk.public).
func (l *linter) publicAnswer(pl string) Answer {
	for _, pe := range l.ix.byPLName[pl] {
		if pe.PublicIPAddress != "" {
			return Answer{Kind: Address, Addresses: []string{pe.PublicIPAddress}, Scope: l.r.scope([]string{pe.PublicIPAddress})}
		}
	}
	return Answer{Kind: NotModelled}
}

// sensitiveNames is every name at or above a private zone, a record set,
// an autoregistered VM name, a forwarding rule's or a conditional
// forwarder's domain.
func (l *linter) sensitiveNames() map[string]bool {
	out := map[string]bool{}
	add := func(d string) {
		for d = normalise(d); d != "" && !out[d]; {
			out[d] = true
			_, d, _ = strings.Cut(d, ".")
		}
	}
	for name, z := range l.ix.zones {
		add(name)
		for _, rs := range z.RecordSets {
			if rs.Name != "@" && !strings.HasPrefix(rs.Name, "*") {
				add(rs.Name + "." + name)
			}
		}
	}
	for zone, recs := range l.ix.autoreg {
		for vm := range recs {
			add(vm + "." + zone)
		}
	}
	for _, rs := range l.ix.rulesets {
		for _, r := range rs.ForwardingRules {
			add(r.DomainName)
		}
	}
	servers := func(s *model.DNSServer) {
		if s == nil {
			return
		}
		for _, c := range s.ConditionalForwarders {
			add(c.DomainName)
		}
	}
	for _, vm := range l.ix.vmServer {
		servers(vm.DNSServer)
	}
	for _, s := range l.ix.siteDNS {
		servers(s.DNSServer)
	}
	return out
}

// --- Return traffic through an NVA --------------------------------------

// returnBypass reports UDRs that send a client's traffic for a private
// endpoint to a stateful NVA whose half of the flow the endpoint's reply
// skips (rule:private-endpoints.return-snat,
// rule:private-endpoints.asymmetric-return-trap; engine/trace replyFromPE):
// (a) the client's VNet is the endpoint's or directly peered to it, so the
// reply comes straight back; (b) the NVA's subnet holds the endpoint's /32
// and routes the reply to the client other than through the NVA. Other
// paths (NVA chains, a load balancer in front of the NVAs) need the full
// walk, which `trace` gives.
func (l *linter) returnBypass() {
	if len(l.p.PrivateEndpoints()) == 0 {
		return
	}
	var pes []*dataplane.PrivateEndpoint
	for _, id := range l.p.PrivateEndpoints() {
		if e, _ := l.p.PrivateEndpoint(id); e.Approved() {
			pes = append(pes, e)
		}
	}
	type key struct{ path, nva, how string }
	type finding struct {
		pes, subnets []string
		nvaSubnet    string
	}
	found := map[key]*finding{}
	var keys []key
	vnets := make([]string, 0, len(l.groups))
	for v := range l.groups {
		vnets = append(vnets, v)
	}
	slices.Sort(vnets)
	for _, v := range vnets {
		for _, g := range l.groups[v] {
			sn, _ := l.p.Subnet(g.subnet)
			if sn.RouteTable == "" {
				continue // only a UDR sends the request to an NVA
			}
			client, _ := l.p.NIC(g.nic)
			for _, e := range pes {
				nh, ok := l.p.NextHop(g.subnet, e.IP)
				if !ok || nh.Route.NextHop != route.VirtualAppliance || nh.Route.Origin.Kind != route.FromRouteTable {
					continue
				}
				nva, ok := l.p.NICAt(nh.Route.NextHopIP)
				if !ok || !nva.Stateful || !nva.IPForwarding || !nva.GuestForwarding {
					continue
				}
				how := ""
				if l.attached(e, g.subnet) {
					how = "direct"
				} else if l.attached(e, nva.Subnet) {
					toPE, ok1 := l.p.NextHop(nva.Subnet, e.IP)
					back, ok2 := l.p.NextHop(nva.Subnet, client.IP)
					if ok1 && ok2 && toPE.Route.NextHop == route.InterfaceEndpoint && back.Route.NextHop != route.VirtualAppliance {
						how = "via"
					}
				}
				if how == "" {
					continue
				}
				k := key{fmt.Sprintf("routeTables[%s].routes[%s]", nh.Route.Origin.ID, nh.Route.Origin.Name), nva.VM, how}
				f := found[k]
				if f == nil {
					f = &finding{nvaSubnet: nva.Subnet}
					found[k] = f
					keys = append(keys, k)
				}
				if !slices.Contains(f.pes, e.ID) {
					f.pes = append(f.pes, e.ID)
				}
				if !slices.Contains(f.subnets, g.subnet) {
					f.subnets = append(f.subnets, g.subnet)
				}
			}
		}
	}
	for _, k := range keys {
		f := found[k]
		slices.Sort(f.pes)
		slices.Sort(f.subnets)
		reply := "it comes straight back to clients in the endpoint's VNet and directly peered VNets"
		if k.how == "via" {
			reply = fmt.Sprintf("it leaves from %s, where the request reached the endpoint, and goes back by that subnet's routes, which do not lead through %s", f.nvaSubnet, k.nva)
		}
		l.add(model.Warning, CodePEReturnBypass, k.path, "this UDR sends traffic from %s to %s through stateful NVA %s, but a private endpoint's reply does not follow UDRs: %s. So %s sees only the request and drops the flow; SNAT on the NVA keeps the reply on its way back (Azure Firewall application rules always SNAT; network rules and other NVAs need it configured) (rule:private-endpoints.return-snat, rule:private-endpoints.asymmetric-return-trap, rule:nva.stateful-asymmetry-drop)",
			listed(f.subnets), endpointWord(f.pes), k.nva, reply, k.nva)
	}
}

// endpointWord is "private endpoint a" or "private endpoints a, b".
func endpointWord(ids []string) string {
	if len(ids) == 1 {
		return "private endpoint " + ids[0]
	}
	return "private endpoints " + listed(ids)
}

// attached reports whether subnet is in e's VNet or a VNet directly
// peered to it (Connected): the reply reaches it straight from e.
func (l *linter) attached(e *dataplane.PrivateEndpoint, subnet string) bool {
	sn, ok := l.p.Subnet(subnet)
	if !ok {
		return false
	}
	if sn.VNet == e.VNet {
		return true
	}
	lk := l.p.Link(sn.VNet, e.VNet)
	return lk != nil && lk.State == model.Connected
}

// linkedVNets lists the VNets of the design linked to zone z, sorted, each
// once.
func (l *linter) linkedVNets(z *model.PrivateDnsZone) []string {
	var linked []string
	for _, lk := range z.VirtualNetworkLinks {
		if l.ix.vnets[lk.VirtualNetwork] != nil && !slices.Contains(linked, lk.VirtualNetwork) {
			linked = append(linked, lk.VirtualNetwork)
		}
	}
	slices.Sort(linked)
	return linked
}
