// Package dataplane computes, from a model.Topology, what the Azure platform
// programs: every subnet's effective routes (system, peering, service
// endpoint and user routes, selected by engine/route) and the indexes the
// packet walk needs (which NIC owns an IP, which subnet and VNet contain an
// address, which peering joins two VNets).
//
// Build never fails: elements that do not parse or that Azure would reject
// (model.Validate reports them) are left out. A Plane is immutable and safe
// for concurrent use.
package dataplane

import (
	"maps"
	"net/netip"
	"slices"
	"strings"

	"vnetplay/engine/addrindex"
	"vnetplay/engine/bgp"
	"vnetplay/engine/edge"
	"vnetplay/engine/model"
	"vnetplay/engine/route"
)

// VNet is a parsed VNet.
type VNet struct {
	ID       string
	Location string
	Prefixes []netip.Prefix
	Subnets  []string // subnet ids, sorted
}

// Subnet is a parsed subnet; ID is "vnet/name".
type Subnet struct {
	ID, VNet, Name   string
	Prefix           netip.Prefix
	RouteTable       string // "" when none or dangling
	NSG              string // "" when none or dangling
	ServiceEndpoints []string
	// PENetworkPolicies is privateEndpointNetworkPolicies as written (""
	// for Disabled, rule:private-endpoints.network-policies-property): see RouteTablePolicy and NSGPolicy.
	PENetworkPolicies string
}

// NIC is a parsed network interface; ID is "vm/nic".
type NIC struct {
	ID, VM, Name    string
	Subnet          string
	IP              netip.Addr
	IPForwarding    bool // Azure NIC setting (rule:nva.ip-forwarding)
	GuestForwarding bool // the VM's OS forwards (rule:nva.ip-forwarding)
	Stateful        bool // a stateful device (rule:nva.stateful-asymmetry-drop)
	// Behind are the prefixes of the networks the VM fronts
	// (model.VM.NetworksBehind, rule:nva.networks-behind).
	Behind []BehindPrefix
	NSG    string
	// Gateway marks the stand-in NIC trace uses for a virtual network
	// gateway forwarding from GatewaySubnet (rule:expressroute.gateway-forwards-by-gatewaysubnet); Build never creates one.
	Gateway bool
}

// LoadBalancer is a parsed internal load balancer frontend.
type LoadBalancer struct {
	ID       string
	Basic    bool // Basic SKU (rule:peering.basic-lb-global)
	Subnet   string
	Frontend netip.Addr
	Backends []string // NIC ids, sorted
}

// Link is one VNet's view of a peering.
type Link struct {
	Peering       string
	Local, Remote string
	Self, Other   model.PeeringLink
	State         model.PeeringState
	Global        bool // the VNets are in different locations (rule:peering.global)
}

// Plane is the computed data plane of one topology.
type Plane struct {
	vnets      map[string]*VNet
	subnets    map[string]*Subnet
	nics       map[string]*NIC
	lbs        map[string]*LoadBalancer
	nicByIP    map[netip.Addr]string
	lbByIP     map[netip.Addr]string
	links      map[string][]Link   // by local VNet, sorted by remote
	linkIx     map[[2]string]*Link // by (local, remote), into links
	nsgs       map[string]model.NSG
	rts        map[string]model.RouteTable
	primaryNIC map[string]string // vm → its primary NIC id, the endpoint "vm" (primaryIn)
	// Private endpoints (privatelink.go): by id, by address, and by VNet
	// (each list sorted by id).
	pes       map[string]*PrivateEndpoint
	peByIP    map[netip.Addr]string
	pesByVNet map[string][]*PrivateEndpoint
	// shared is set when two VNets' address spaces overlap: it holds the
	// NICs, frontends and endpoints whose addresses nicByIP, lbByIP and
	// peByIP (each address's first holder) cannot (sharedAddrs).
	shared *sharedAddrs
	// subnetIDs, nicIDs and vnetIDs are the sorted keys of subnets, nics
	// and vnets.
	subnetIDs, nicIDs, vnetIDs []string
	// subnetAt is each subnet id's place in subnetIDs (and tableOf).
	subnetAt map[string]int32
	subnetIx *addrindex.Index
	vnetIx   *addrindex.Index
	tableOf  []*route.Table // the tables of subnetIDs, in order
	cfg      config
	bgp      *bgp.Result
	failed   map[model.Failure]bool
	// failedAt holds the addresses of failed appliances' NICs, by the
	// appliance's VM id (FailedApplianceAt).
	failedAt map[netip.Addr]string
	// leftOut holds the NICs of the design Build left out (and VMs
	// without NICs), by id, with the reason (NotAnEndpoint).
	leftOut map[string]leftOut
	hybrid  *hybridState
	edge    *edge.Index              // the Internet edge (edge.go)
	gwCache map[string][]route.Route // gateway routes by VNet, during Build only
	// gwShared: the gateway routes are the BGP result's own lists, never
	// modified (gatewayLayer reads them in place).
	gwShared bool
	udrCache map[string][]route.Route // parsed user routes by route table, during Build only
	// The keys of the structure's inputs (keys.go): hybridKey of the
	// hybrid resources, walkKey and placeKey of the rest but the peerings
	// (structKeys), which the base (everything but the peering links) is
	// built from; linkKey of the peerings. Update shares the base when
	// hybridKey, walkKey and placeKey are unchanged, and the links too
	// when linkKey is; with only placeKey changed it shares all but the
	// VNets, subnets and links (shareWalk). (BGP keeps its own key:
	// bgp.Update.)
	hybridKey, walkKey, placeKey, linkKey []byte
	layers                                *layerSet // nil for the naive plane
	// walkID is shared by planes sharing their structure but VNet
	// locations, subnets' route tables and service endpoints and the
	// links (equal for a walk: ChangedLinks), baseID by those sharing
	// their base, structID by those sharing base and links.
	walkID, baseID, structID *structToken
}

// structToken identifies one built structure.
type structToken struct{ _ byte }

// Update is Build(t, opts...) for a new version of the design prev was
// built from: it updates prev's hybrid control plane with bgp.Update
// (prev's result itself when none of its inputs changed, in which case the
// gateway layers are reused as they are; else only the BGP components and
// prefixes whose inputs changed are computed again); it shares prev's
// structure when its inputs are unchanged; and it reuses every route
// layer and table of prev whose routes are unchanged (a UDR edit rebuilds
// that route table's user layer only, see buildTables). The result
// answers exactly like Build(t, opts...) (TestPlaneUpdateEqualsBuild,
// FuzzPlaneUpdate). prev may be nil; a naive plane (WithNaive) is always
// built from scratch.
func Update(prev *Plane, t *model.Topology, opts ...Option) *Plane {
	return build(t, prev, opts)
}

// Build computes the data plane of t, including the hybrid control plane
// (engine/bgp) unless WithGatewayRoutes replaces it. It does not modify t
// and keeps only shallow copies of t's hybrid slices.
func Build(t *model.Topology, opts ...Option) *Plane { return build(t, nil, opts) }

func build(t *model.Topology, prev *Plane, opts []Option) *Plane {
	p := &Plane{
		vnets: map[string]*VNet{}, subnets: map[string]*Subnet{}, nics: map[string]*NIC{},
		lbs: map[string]*LoadBalancer{}, nicByIP: map[netip.Addr]string{}, lbByIP: map[netip.Addr]string{},
		links: map[string][]Link{}, nsgs: map[string]model.NSG{}, rts: map[string]model.RouteTable{},
		primaryNIC: map[string]string{}, subnetIx: addrindex.New(), vnetIx: addrindex.New(),
	}
	for _, o := range opts {
		o(&p.cfg)
	}
	p.failed = map[model.Failure]bool{}
	for _, f := range p.cfg.failures {
		p.failed[f] = true
	}
	var hk, wk, pk, lk []byte // prev's keys, to size the new ones
	if prev != nil {
		hk, wk, pk, lk = prev.hybridKey, prev.walkKey, prev.placeKey, prev.linkKey
	}
	sameBGP := false // p.bgp is prev's
	if p.cfg.gatewayRoutes == nil {
		// The hybrid control plane (gateways, sites, circuits, Route
		// Server) programs VirtualNetworkGateway routes (rule:system-routes.gateway-routes, rule:route-server.routes-shown-as-gateway).
		p.bgp = bgp.Update(p.prevBGP(prev), t, p.cfg.failures)
		sameBGP = prev != nil && p.bgp == prev.bgp
		p.cfg.gatewayRoutes = p.bgp.VNetRoutesShared // read only: gatewayCandidates copies
		p.gwShared = true
	}
	for _, n := range t.NSGs {
		if _, dup := p.nsgs[n.ID]; !dup {
			p.nsgs[n.ID] = canonicalNSG(n)
		}
	}
	for _, r := range t.RouteTables {
		if _, dup := p.rts[r.ID]; !dup {
			p.rts[r.ID] = r
		}
	}
	// The structure (VNets, subnets, NICs, load balancers, links, address
	// indexes, hybrid endpoints) depends on everything but the route
	// tables' contents and the failures of components other than peerings
	// and appliances: an Update with the same structure inputs shares
	// prev's, one with only the peerings changed shares all but the links,
	// and ChangedLinks knows both by identity.
	p.hybridKey = hybridKey(t, hk)
	p.walkKey, p.placeKey = structKeys(t, p.cfg.failures, p.cfg.naive, wk, pk)
	p.linkKey = linkKey(t, p.cfg.failures, lk)
	sameWalk := prev != nil && sameKey(prev.hybridKey, p.hybridKey) && sameKey(prev.walkKey, p.walkKey)
	sameBase := sameWalk && sameKey(prev.placeKey, p.placeKey)
	switch {
	case sameBase && sameKey(prev.linkKey, p.linkKey):
		p.shareStructure(prev)
	case sameBase:
		p.shareBase(prev, t)
		p.updatePeerings(prev, t.Peerings)
		p.structID = new(structToken)
	case sameWalk:
		p.shareWalk(prev, t)
		p.buildPeerings(t.Peerings)
		p.baseID, p.structID = new(structToken), new(structToken)
	default:
		p.buildStructure(t)
		p.walkID, p.baseID, p.structID = new(structToken), new(structToken), new(structToken)
	}
	// Both caches end with an entry per VNet and per route table: made at
	// that size, they do not grow at every edit.
	p.gwCache, p.udrCache = make(map[string][]route.Route, len(t.VNets)), make(map[string][]route.Route, len(t.RouteTables))
	p.buildTables(prev, sameBGP)
	p.gwCache, p.udrCache = nil, nil
	return p
}

// prevBGP is the BGP result p's may be updated from: prev's, unless either
// plane is naive (the naive baseline recomputes everything).
func (p *Plane) prevBGP(prev *Plane) *bgp.Result {
	if prev == nil || prev.cfg.naive || p.cfg.naive {
		return nil
	}
	return prev.bgp
}

// BGP returns the hybrid control plane Build computed, or nil when
// WithGatewayRoutes replaced it.
func (p *Plane) BGP() *bgp.Result { return p.bgp }

// noteFailedAppliance records the addresses of failed appliance vm's NICs
// (FailedApplianceAt).
func (p *Plane) noteFailedAppliance(vm model.VM) {
	for _, n := range vm.NICs {
		if ip, err := netip.ParseAddr(n.PrivateIPAddress); err == nil {
			if p.failedAt == nil {
				p.failedAt = map[netip.Addr]string{}
			}
			if _, seen := p.failedAt[ip]; !seen {
				p.failedAt[ip] = vm.ID
			}
		}
	}
}

// FailedApplianceAt returns the VM id of the appliance failed with
// WithFailures (ApplianceDown) whose NIC has address a: nothing answers
// there while it is failed.
func (p *Plane) FailedApplianceAt(a netip.Addr) (string, bool) {
	vm, ok := p.failedAt[a]
	return vm, ok
}

// Failed reports whether a component was failed with WithFailures.
func (p *Plane) Failed(f model.Failure) bool { return p.failed[f] }

// ParsePrefix parses a CIDR that must be in canonical (masked) form, as Azure
// requires for address spaces, subnets and routes.
func ParsePrefix(s string) (netip.Prefix, bool) {
	pr, err := netip.ParsePrefix(s)
	if err != nil || pr.Masked() != pr {
		return netip.Prefix{}, false
	}
	return pr, true
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

// shareStructure makes p use prev's structure (built from equal inputs).
// Structures are never modified after build.
func (p *Plane) shareStructure(prev *Plane) {
	p.vnets, p.subnets, p.nics, p.lbs = prev.vnets, prev.subnets, prev.nics, prev.lbs
	p.nicByIP, p.lbByIP, p.links, p.linkIx = prev.nicByIP, prev.lbByIP, prev.links, prev.linkIx
	p.primaryNIC, p.subnetIx, p.vnetIx, p.hybrid = prev.primaryNIC, prev.subnetIx, prev.vnetIx, prev.hybrid
	p.subnetIDs, p.nicIDs, p.vnetIDs, p.subnetAt = prev.subnetIDs, prev.nicIDs, prev.vnetIDs, prev.subnetAt
	p.walkID, p.baseID, p.structID = prev.walkID, prev.baseID, prev.structID
	p.edge = prev.edge
	p.pes, p.peByIP, p.pesByVNet = prev.pes, prev.peByIP, prev.pesByVNet
	p.failedAt, p.shared = prev.failedAt, prev.shared
}

// shareBase makes p use prev's structure but the peering links (built from
// equal inputs but the peerings of t, which buildPeerings reads next): the
// hybrid state is prev's with t's peerings.
func (p *Plane) shareBase(prev *Plane, t *model.Topology) {
	p.vnets, p.subnets, p.nics, p.lbs = prev.vnets, prev.subnets, prev.nics, prev.lbs
	p.nicByIP, p.lbByIP = prev.nicByIP, prev.lbByIP
	p.primaryNIC, p.subnetIx, p.vnetIx = prev.primaryNIC, prev.subnetIx, prev.vnetIx
	p.subnetIDs, p.nicIDs, p.vnetIDs, p.subnetAt = prev.subnetIDs, prev.nicIDs, prev.vnetIDs, prev.subnetAt
	p.edge = prev.edge
	p.pes, p.peByIP, p.pesByVNet = prev.pes, prev.peByIP, prev.pesByVNet
	p.failedAt, p.shared = prev.failedAt, prev.shared
	h := *prev.hybrid
	h.topo.Peerings = slices.Clone(t.Peerings)
	p.hybrid = &h
	p.walkID, p.baseID = prev.walkID, prev.baseID
}

// shareWalk makes p use prev's structure but the VNets, subnets and
// peering links (built from equal inputs but the VNets' locations, the
// subnets' route tables and service endpoints, the route tables and the
// peerings of t, which buildPeerings reads next): the VNets and subnets
// are prev's with t's locations, route tables and service endpoints
// (placeVNets), the hybrid state prev's with t's VNets and peerings.
// Nothing else of the structure reads those fields.
func (p *Plane) shareWalk(prev *Plane, t *model.Topology) {
	p.shareBase(prev, t)
	p.baseID = nil
	p.placeVNets(prev, t)
	p.hybrid.topo.VNets = slices.Clone(t.VNets)
}

// placeVNets sets p's VNets and subnets to from's (whose walk inputs are
// t's: the same VNets and subnets, chosen alike) with t's locations,
// route tables and service endpoints; a VNet or subnet whose are equal is
// from's own.
func (p *Plane) placeVNets(from *Plane, t *model.Topology) {
	p.vnets, p.subnets = make(map[string]*VNet, len(from.vnets)), make(map[string]*Subnet, len(from.subnets))
	for i := range t.VNets {
		v := &t.VNets[i]
		vn, ok := from.vnets[v.ID]
		if _, dup := p.vnets[v.ID]; dup || !ok {
			continue
		}
		if vn.Location != v.Location {
			c := *vn
			c.Location = v.Location
			vn = &c
		}
		p.vnets[v.ID] = vn
		for j := range v.Subnets {
			s := &v.Subnets[j]
			id := v.ID + "/" + s.Name
			sn, ok := from.subnets[id]
			if _, dup := p.subnets[id]; dup || !ok {
				continue
			}
			if _, valid := ParsePrefix(s.AddressPrefix); !valid {
				continue
			}
			rt, ses := p.placeOf(s)
			if sn.RouteTable != rt || !slices.Equal(sn.ServiceEndpoints, ses) {
				c := *sn
				c.RouteTable, c.ServiceEndpoints = rt, ses
				sn = &c
			}
			p.subnets[id] = sn
		}
	}
}

// placeOf is what a parsed subnet takes of s's route table (its id, ""
// when none or dangling) and service endpoints (the known services,
// sorted, without repeats; nil when none). p.rts is set.
func (p *Plane) placeOf(s *model.Subnet) (rt string, ses []string) {
	if _, ok := p.rts[s.RouteTable]; ok {
		rt = s.RouteTable
	}
	for _, e := range s.ServiceEndpoints {
		if len(ServicePrefixes(e.Service)) > 0 && !slices.Contains(ses, e.Service) {
			ses = append(ses, e.Service)
		}
	}
	slices.Sort(ses)
	return rt, ses
}

// buildStructure builds p's VNets, subnets, peering links, NICs, load
// balancers and hybrid endpoints from t (p.nsgs and p.rts are set).
func (p *Plane) buildStructure(t *model.Topology) {
	for _, v := range t.VNets {
		if _, dup := p.vnets[v.ID]; dup || v.ID == "" {
			continue
		}
		vn := &VNet{ID: v.ID, Location: v.Location}
		for _, s := range v.AddressSpace.AddressPrefixes {
			if pr, ok := ParsePrefix(s); ok && !slices.Contains(vn.Prefixes, pr) {
				vn.Prefixes = append(vn.Prefixes, pr)
				_ = p.vnetIx.Insert(pr, v.ID)
			}
		}
		p.vnets[v.ID] = vn
		for _, s := range v.Subnets {
			id := v.ID + "/" + s.Name
			pr, ok := ParsePrefix(s.AddressPrefix)
			if _, dup := p.subnets[id]; dup || !ok {
				continue
			}
			sn := &Subnet{ID: id, VNet: v.ID, Name: s.Name, Prefix: pr, PENetworkPolicies: s.PrivateEndpointNetworkPolicies}
			sn.RouteTable, sn.ServiceEndpoints = p.placeOf(&s)
			if _, ok := p.nsgs[s.NetworkSecurityGroup]; ok {
				sn.NSG = s.NetworkSecurityGroup
			}
			p.subnets[id] = sn
			vn.Subnets = append(vn.Subnets, id)
			_ = p.subnetIx.Insert(pr, id)
		}
		slices.Sort(vn.Subnets)
	}
	if ranges := sharedRanges(p.vnets); ranges != nil {
		p.shared = &sharedAddrs{ranges: ranges}
	}
	p.buildPeerings(t.Peerings)
	vms := slices.Clone(t.VMs)
	slices.SortStableFunc(vms, func(a, b model.VM) int { return strings.Compare(a.ID, b.ID) })
	for _, vm := range vms {
		if p.failed[model.Failure{Kind: model.ApplianceDown, Target: vm.ID}] {
			p.noteFailedAppliance(vm)
			continue
		}
		nics := slices.Clone(vm.NICs)
		slices.SortStableFunc(nics, func(a, b model.NIC) int { return strings.Compare(a.Name, b.Name) })
		if len(nics) == 0 {
			p.noteLeftOut(vm.ID, leftOut{kind: leftOutNoNICs})
		}
		var added []string // this VM's NICs in the plane, by name
		for _, n := range nics {
			id := vm.ID + "/" + n.Name
			if _, dup := p.nics[id]; dup {
				continue // model.Validate: the same NIC name twice
			}
			ip, sn, why := p.placement(n)
			if why.kind != 0 {
				p.noteLeftOut(id, why) // model.Validate: nic.ip-invalid, ip.outside-subnet, ip.reserved
				continue
			}
			first, taken := p.nicByIP[ip]
			if taken && !p.sharable(nicAddrs, ip, first, sn.VNet) {
				p.noteLeftOut(id, leftOut{kind: leftOutDuplicate, ip: n.PrivateIPAddress, holder: first})
				continue // the same address twice in one VNet (model.Validate: nic.ip-duplicate)
			}
			nic := &NIC{ID: id, VM: vm.ID, Name: n.Name, Subnet: n.Subnet, IP: ip, IPForwarding: n.EnableIPForwarding,
				GuestForwarding: vm.GuestIPForwarding, Stateful: vm.Stateful, Behind: behindPrefixes(vm)}
			if _, ok := p.nsgs[n.NetworkSecurityGroup]; ok {
				nic.NSG = n.NetworkSecurityGroup
			}
			p.nics[id] = nic
			if taken {
				p.shared.add(nicAddrs, ip, id)
			} else {
				p.nicByIP[ip] = id
			}
			added = append(added, id)
		}
		if _, ok := p.primaryNIC[vm.ID]; !ok && len(added) > 0 {
			p.primaryNIC[vm.ID] = primaryIn(&vm, added)
		}
	}
	for _, lb := range t.LoadBalancers {
		ip, err := netip.ParseAddr(lb.FrontendPrivateIPAddress)
		sn, okSn := p.subnets[lb.Subnet]
		if _, dup := p.lbs[lb.ID]; dup || err != nil || !okSn || !sn.Prefix.Contains(ip) || model.ReservedInSubnet(sn.Prefix, ip) {
			continue
		}
		if _, taken := p.NICIn(sn.VNet, ip); taken {
			continue
		}
		first, taken := p.lbByIP[ip]
		if taken && !p.sharable(lbAddrs, ip, first, sn.VNet) {
			continue
		}
		l := &LoadBalancer{ID: lb.ID, Subnet: lb.Subnet, Frontend: ip, Basic: strings.EqualFold(lb.Sku, "Basic")}
		for _, b := range lb.Backends {
			if id, ok := p.ResolveEndpoint(b); ok && !slices.Contains(l.Backends, id) {
				l.Backends = append(l.Backends, id)
			}
		}
		slices.Sort(l.Backends)
		p.lbs[lb.ID] = l
		if taken {
			p.shared.add(lbAddrs, ip, lb.ID)
		} else {
			p.lbByIP[ip] = lb.ID
		}
	}
	p.buildPrivateEndpoints(t)
	p.buildHybrid(t)
	p.edge = edge.Build(t)
	p.subnetIDs, p.nicIDs, p.vnetIDs = sortedKeys(p.subnets), sortedKeys(p.nics), sortedKeys(p.vnets)
	p.subnetAt = make(map[string]int32, len(p.subnetIDs))
	for i, id := range p.subnetIDs {
		p.subnetAt[id] = int32(i)
	}
}

// primaryIn is the NIC id the reference to vm stands for, among added, the
// VM's NICs in the plane by name (not empty): its primary NIC
// (model.VM.PrimaryNIC, rule:dns.autoregistration), or, when the plane
// left that one out (a bad address, a taken IP), the first by name that
// is in.
func primaryIn(vm *model.VM, added []string) string {
	if n, ok := vm.PrimaryNIC(); ok {
		if id := vm.ID + "/" + n.Name; slices.Contains(added, id) {
			return id
		}
	}
	return added[0]
}
