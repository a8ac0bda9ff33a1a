package dns

import (
	"cmp"
	"net/netip"
	"slices"
	"strings"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
)

// index is what resolution looks up in a design, built once per Resolver.
type index struct {
	vnets map[string]*model.VNet
	// zones linked to each VNet, longest zone name first.
	zonesByVNet map[string][]linkedZone
	zones       map[string]*model.PrivateDnsZone
	// peRecords[zone][relative name] are the A records private endpoints'
	// zone groups write (rule:private-endpoints.dns-chain), by endpoint id.
	peRecords map[string]map[string][]peRecord
	// autoreg[zone][vm name] is the primary NIC address of each VM of a VNet
	// registering into zone (rule:dns.autoregistration).
	autoreg map[string]map[string]autoRecord
	// names[zone] holds every relative name that exists in zone (lower
	// case): a record set's of any type, a private endpoint's or an
	// autoregistered VM's record, and every name between one of those
	// and the apex (empty non-terminals) (rule:dns.wildcards-and-empty-names).
	names map[string]map[string]bool
	// vmHome[vm name] is where Azure-provided DNS knows a VM (rule:dns.azure-dns-vnet-scope).
	vmHome map[string]vmHome
	// rulesetOf[vnet] is the ruleset linked to the VNet (the first by id).
	rulesetOf map[string]*model.DNSForwardingRuleset
	rulesets  map[string]*model.DNSForwardingRuleset
	outbound  map[string]outboundEP // "resolver/endpoint"
	inbound   map[netip.Addr]inboundEP
	vmServer  map[netip.Addr]*model.VM // a DNS server VM by its primary NIC's address
	vmByNIC   map[netip.Addr]string    // any VM by any NIC address
	siteDNS   map[netip.Addr]*model.Site
	sites     map[string]*model.Site
	gateways  map[string]*model.VirtualNetworkGateway
	// pes lists private endpoints by id; byFqdn and byPLName index them by
	// their public name and their privatelink name.
	pes      []*model.PrivateEndpoint
	byFqdn   map[string][]*model.PrivateEndpoint
	byPLName map[string][]*model.PrivateEndpoint
}

type linkedZone struct {
	zone *model.PrivateDnsZone
	name string // normalised zone name
	link model.VirtualNetworkLink
}

type peRecord struct {
	pe *model.PrivateEndpoint
	ip string
}

type autoRecord struct {
	vm, ip, vnet string
}

type vmHome struct {
	vm, vnet, ip, nic string
}

type outboundEP struct {
	id, resolver, name, vnet, subnet string // subnet: "vnet/subnet"
}

type inboundEP struct {
	id, resolver, name, vnet, subnet string
	ip                               netip.Addr
}

func buildIndex(p *dataplane.Plane, t *model.Topology) *index {
	ix := &index{vnets: map[string]*model.VNet{}, zonesByVNet: map[string][]linkedZone{}, zones: map[string]*model.PrivateDnsZone{},
		peRecords: map[string]map[string][]peRecord{}, autoreg: map[string]map[string]autoRecord{}, vmHome: map[string]vmHome{},
		rulesetOf: map[string]*model.DNSForwardingRuleset{}, rulesets: map[string]*model.DNSForwardingRuleset{},
		outbound: map[string]outboundEP{}, inbound: map[netip.Addr]inboundEP{}, vmServer: map[netip.Addr]*model.VM{},
		vmByNIC: map[netip.Addr]string{}, siteDNS: map[netip.Addr]*model.Site{}, sites: map[string]*model.Site{},
		gateways: map[string]*model.VirtualNetworkGateway{}, byFqdn: map[string][]*model.PrivateEndpoint{}, byPLName: map[string][]*model.PrivateEndpoint{}}
	for i := range t.VNets {
		if _, dup := ix.vnets[t.VNets[i].ID]; !dup {
			ix.vnets[t.VNets[i].ID] = &t.VNets[i]
		}
	}
	for i := range t.Sites {
		s := &t.Sites[i]
		if _, dup := ix.sites[s.ID]; !dup {
			ix.sites[s.ID] = s
		}
		if s.DNSServer != nil {
			if a, err := netip.ParseAddr(s.DNSServer.IPAddress); err == nil {
				if _, dup := ix.siteDNS[a]; !dup {
					ix.siteDNS[a] = s
				}
			}
		}
	}
	for i := range t.Gateways {
		if _, dup := ix.gateways[t.Gateways[i].ID]; !dup {
			ix.gateways[t.Gateways[i].ID] = &t.Gateways[i]
		}
	}
	ix.indexVMs(t)
	ix.indexZones(t)
	ix.indexResolvers(t)
	ix.indexEndpoints(t)
	ix.indexNames()
	return ix
}

// indexNames fills names from the zones' record sets, the private
// endpoints' records and the autoregistered VMs.
func (ix *index) indexNames() {
	ix.names = make(map[string]map[string]bool, len(ix.zones))
	add := func(zone, rel string) {
		rel = normalise(rel)
		if rel == "" || rel == "@" {
			return
		}
		if ix.names[zone] == nil {
			ix.names[zone] = map[string]bool{}
		}
		for set := ix.names[zone]; rel != "" && !set[rel]; rel = parentName(rel) {
			set[rel] = true
		}
	}
	for zone, z := range ix.zones {
		for _, rs := range z.RecordSets {
			add(zone, rs.Name)
		}
	}
	for zone, recs := range ix.peRecords {
		for rel := range recs {
			add(zone, rel)
		}
	}
	for zone, recs := range ix.autoreg {
		for rel := range recs {
			add(zone, rel)
		}
	}
}

// parentName is name without its first label ("" for a single label).
func parentName(name string) string {
	_, parent, _ := strings.Cut(name, ".")
	return parent
}

// sortedPtrs returns pointers to items sorted by key (stable).
func sortedPtrs[T any](items []T, key func(*T) string) []*T {
	out := make([]*T, len(items))
	for i := range items {
		out[i] = &items[i]
	}
	slices.SortStableFunc(out, func(a, b *T) int { return cmp.Compare(key(a), key(b)) })
	return out
}

func (ix *index) indexVMs(t *model.Topology) {
	for _, vm := range sortedPtrs(t.VMs, func(v *model.VM) string { return v.ID }) {
		for _, n := range vm.NICs {
			if a, err := netip.ParseAddr(n.PrivateIPAddress); err == nil {
				if _, dup := ix.vmByNIC[a]; !dup {
					ix.vmByNIC[a] = vm.ID
				}
			}
		}
		n, ok := vm.PrimaryNIC()
		if !ok {
			continue
		}
		vnet, _, _ := strings.Cut(n.Subnet, "/")
		name := strings.ToLower(vm.ID)
		if _, dup := ix.vmHome[name]; !dup {
			ix.vmHome[name] = vmHome{vm: vm.ID, vnet: vnet, ip: n.PrivateIPAddress, nic: vm.ID + "/" + n.Name}
		}
		if vm.DNSServer != nil {
			if a, err := netip.ParseAddr(n.PrivateIPAddress); err == nil {
				if _, dup := ix.vmServer[a]; !dup {
					ix.vmServer[a] = vm
				}
			}
		}
	}
}

func (ix *index) indexZones(t *model.Topology) {
	registering := map[string][]string{} // zone -> VNets registering into it
	for _, z := range sortedPtrs(t.PrivateDNSZones, func(z *model.PrivateDnsZone) string { return z.ID }) {
		name := normalise(z.ID)
		if _, dup := ix.zones[name]; dup || name == "" {
			continue
		}
		ix.zones[name] = z
		links := slices.Clone(z.VirtualNetworkLinks)
		slices.SortStableFunc(links, func(a, b model.VirtualNetworkLink) int { return cmp.Compare(a.Name, b.Name) })
		seen := map[string]bool{}
		for _, l := range links {
			if ix.vnets[l.VirtualNetwork] == nil || seen[l.VirtualNetwork] {
				continue
			}
			seen[l.VirtualNetwork] = true
			ix.zonesByVNet[l.VirtualNetwork] = append(ix.zonesByVNet[l.VirtualNetwork], linkedZone{zone: z, name: name, link: l})
			if l.RegistrationEnabled {
				registering[name] = append(registering[name], l.VirtualNetwork)
			}
		}
	}
	for _, zs := range ix.zonesByVNet {
		slices.SortStableFunc(zs, func(a, b linkedZone) int {
			return cmp.Or(cmp.Compare(len(b.name), len(a.name)), cmp.Compare(a.name, b.name))
		})
	}
	for zone, vnets := range registering {
		recs := map[string]autoRecord{}
		for _, vm := range sortedPtrs(t.VMs, func(v *model.VM) string { return v.ID }) {
			h, ok := ix.vmHome[strings.ToLower(vm.ID)]
			if !ok || h.vm != vm.ID || !slices.Contains(vnets, h.vnet) {
				continue
			}
			if _, dup := recs[strings.ToLower(vm.ID)]; !dup {
				recs[strings.ToLower(vm.ID)] = autoRecord{vm: vm.ID, ip: h.ip, vnet: h.vnet}
			}
		}
		ix.autoreg[zone] = recs
	}
}

func (ix *index) indexResolvers(t *model.Topology) {
	for _, r := range sortedPtrs(t.DNSResolvers, func(r *model.DNSResolver) string { return r.ID }) {
		if ix.vnets[r.VNet] == nil {
			continue
		}
		for _, e := range r.InboundEndpoints {
			a, err := netip.ParseAddr(e.PrivateIPAddress)
			if err != nil {
				continue
			}
			if _, dup := ix.inbound[a]; !dup {
				ix.inbound[a] = inboundEP{id: r.ID + "/" + e.Name, resolver: r.ID, name: e.Name, vnet: r.VNet, subnet: r.VNet + "/" + e.Subnet, ip: a}
			}
		}
		for _, e := range r.OutboundEndpoints {
			id := r.ID + "/" + e.Name
			if _, dup := ix.outbound[id]; !dup {
				ix.outbound[id] = outboundEP{id: id, resolver: r.ID, name: e.Name, vnet: r.VNet, subnet: r.VNet + "/" + e.Subnet}
			}
		}
	}
	for _, rs := range sortedPtrs(t.DNSForwardingRulesets, func(r *model.DNSForwardingRuleset) string { return r.ID }) {
		if _, dup := ix.rulesets[rs.ID]; dup {
			continue
		}
		ix.rulesets[rs.ID] = rs
		for _, l := range rs.VirtualNetworkLinks {
			if _, taken := ix.rulesetOf[l.VirtualNetwork]; !taken && ix.vnets[l.VirtualNetwork] != nil {
				ix.rulesetOf[l.VirtualNetwork] = rs
			}
		}
	}
}

func (ix *index) indexEndpoints(t *model.Topology) {
	ix.pes = sortedPtrs(t.PrivateEndpoints, func(p *model.PrivateEndpoint) string { return p.ID })
	for _, pe := range ix.pes {
		fqdn := pe.PublicName()
		if fqdn == "" {
			continue
		}
		ix.byFqdn[fqdn] = append(ix.byFqdn[fqdn], pe)
		pl := model.PrivateLinkName(fqdn)
		if pl == "" {
			continue
		}
		ix.byPLName[pl] = append(ix.byPLName[pl], pe)
		for _, r := range groupRecordsOf(pe) {
			if ix.peRecords[r.Zone] == nil {
				ix.peRecords[r.Zone] = map[string][]peRecord{}
			}
			ix.peRecords[r.Zone][r.Name] = append(ix.peRecords[r.Zone][r.Name], peRecord{pe: pe, ip: r.IP})
		}
	}
}

// zoneRef is the zone a zone group names: its id, or the last segment of
// an ARM resource id.
func zoneRef(id string) string {
	if i := strings.LastIndex(id, "/"); i >= 0 {
		id = id[i+1:]
	}
	return normalise(id)
}

// normalise lowers a name and drops its final dot.
func normalise(s string) string {
	return strings.ToLower(strings.TrimSuffix(strings.TrimSpace(s), "."))
}

// under reports whether name is domain or below it; "" is the root.
func under(name, domain string) bool {
	return domain == "" || name == domain || strings.HasSuffix(name, "."+domain)
}

func firstLabel(name string) string {
	l, _, _ := strings.Cut(name, ".")
	return l
}
