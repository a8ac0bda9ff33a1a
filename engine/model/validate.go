package model

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"vnetplay/engine/addrindex"
)

// Validate checks a topology against the rules Azure enforces or warns about
// (sections D, F, Q, S, T of the rule book) and returns every finding, sorted
// by path then code. It never stops at the first problem and never panics.
// knownServices lists the service names service endpoints may use (nil skips
// that check).
func Validate(t *Topology, knownServices []string) []Diagnostic {
	subnets := 0
	for _, vn := range t.VNets {
		subnets += len(vn.Subnets)
	}
	v := &validator{t: t, vnets: make(map[string]*VNet, len(t.VNets)), rts: map[string]*RouteTable{}, nsgs: map[string]bool{},
		subnets: make(map[string]*Subnet, subnets), subnetVNet: make(map[string]string, subnets), nicIPs: make(map[vnetAddr]string, len(t.VMs)), known: knownServices}
	v.ids()
	v.azureNames()
	v.addressSpaces()
	v.subnetChecks()
	v.peerings()
	v.routeTables()
	v.nsgChecks()
	v.vms()
	v.networksBehind()
	v.loadBalancers()
	v.validateEdge()
	v.validateHybrid()
	v.privateEndpoints()
	v.nameResolution()
	v.summarizeCut()
	slices.SortStableFunc(v.out, func(a, b Diagnostic) int {
		if c := cmp.Compare(a.Path, b.Path); c != 0 {
			return c
		}
		return cmp.Compare(a.Code, b.Code)
	})
	return v.out
}

type validator struct {
	t          *Topology
	out        []Diagnostic
	vnets      map[string]*VNet
	rts        map[string]*RouteTable
	nsgs       map[string]bool
	subnets    map[string]*Subnet // "vnet/name"
	subnetVNet map[string]string
	// nicIPs holds the NICs' addresses by VNet: a private address is
	// unique only within its VNet (rule:address-space.private-ip-per-vnet).
	nicIPs map[vnetAddr]string
	known  []string
	// connected[vnet] lists VNets joined to vnet by a Connected peering.
	connected map[string][]string
	// applianceIx caches what applianceReachable looks up, built on first
	// use: parsing every VNet range and NIC IP once per appliance route
	// made large designs quadratic.
	applianceIx *applianceIndex
	// remoteGateway caches remoteHub: the VNets that use a hub's
	// gateway, with the hub.
	remoteGateway map[string]string
	// users caches tableUsers.
	users map[string][]string
	// gatewaySubnet caches hasGatewaySubnet.
	gatewaySubnet map[string]bool
	// gatewayIn caches gatewayOf.
	gatewayIn map[string]string
	// perKey counts the findings added at each code and path, cut those
	// left out past MaxFindingsPerPath (add).
	perKey map[findingKey]int
	cut    map[findingKey]cutFindings
	// sorted caches subnetIDs and vnetIDs (sortedIDs).
	sortedSubnets, sortedVNets []string
}

// subnetIDs is sortedMapKeys(v.subnets), sorted once per size of the map
// (entries are only added, while the subnets are checked).
func (v *validator) subnetIDs() []string { return sortedIDs(v.subnets, &v.sortedSubnets) }

// vnetIDs is sortedMapKeys(v.vnets), as subnetIDs.
func (v *validator) vnetIDs() []string { return sortedIDs(v.vnets, &v.sortedVNets) }

// sortedIDs is m's keys sorted, kept in *cache until m holds another number
// of keys. Callers must not modify the slice.
func sortedIDs[V any](m map[string]V, cache *[]string) []string {
	if *cache == nil || len(*cache) != len(m) {
		*cache = sortedMapKeys(m)
	}
	return *cache
}

// applianceIndex is the parsed VNet ranges (in topology order) and the
// first NIC and load balancer owning each IP.
type applianceIndex struct {
	ranges []vnetRange
	nics   map[netip.Addr]applianceNIC
	lbs    map[string]bool // frontend IPs as written
	home   map[netip.Addr]string
	// users caches each route table's user subnets (userSubnets).
	users map[string][]userSubnet
	// findings caches what the user subnets of a route table make of an
	// appliance IP (applianceFindings): a table's routes mostly share one.
	findings map[tableAppliance]applianceVerdict
}

// applianceVerdict is what the user subnets of a route table find wrong
// with an appliance IP, in their order: the subnets it is inside of, and
// those out of whose VNet's reach it is.
type applianceVerdict struct{ inside, unreachable []userFinding }

// tableAppliance is an appliance IP as the next hop of a route table's
// routes.
type tableAppliance struct {
	table string
	ip    netip.Addr
}

// userFinding is a user subnet of a route table that finds something
// wrong with an appliance IP (applianceVerdict says what), and its VNet.
type userFinding struct {
	subnet, vnet string
}

// userSubnet is a subnet using a route table, parsed once per table.
type userSubnet struct {
	id, vnet string
	prefix   netip.Prefix
	ok       bool // prefix parsed
}

// userSubnets parses the subnets (sorted ids) using route table rtID, once.
func (v *validator) userSubnets(rtID string, ids []string) []userSubnet {
	ix := v.appliances()
	if us, ok := ix.users[rtID]; ok {
		return us
	}
	us := make([]userSubnet, 0, len(ids))
	for _, id := range ids {
		p, err := netip.ParsePrefix(v.subnets[id].AddressPrefix)
		us = append(us, userSubnet{id: id, vnet: v.subnetVNet[id], prefix: p, ok: err == nil})
	}
	ix.users[rtID] = us
	return us
}

// nicCount is the number of NICs of vms.
func nicCount(vms []VM) int {
	n := 0
	for _, vm := range vms {
		n += len(vm.NICs)
	}
	return n
}

type vnetRange struct {
	p  netip.Prefix
	id string
}

type applianceNIC struct {
	vm  *VM
	nic *NIC
}

func (v *validator) appliances() *applianceIndex {
	if v.applianceIx != nil {
		return v.applianceIx
	}
	ix := &applianceIndex{nics: make(map[netip.Addr]applianceNIC, nicCount(v.t.VMs)), lbs: map[string]bool{}, home: map[netip.Addr]string{}, users: map[string][]userSubnet{}, findings: map[tableAppliance]applianceVerdict{}}
	for _, vn := range v.t.VNets {
		for _, s := range vn.AddressSpace.AddressPrefixes {
			if p, err := netip.ParsePrefix(s); err == nil {
				ix.ranges = append(ix.ranges, vnetRange{p, vn.ID})
			}
		}
	}
	for i := range v.t.VMs {
		vm := &v.t.VMs[i]
		for j := range vm.NICs {
			if a, err := netip.ParseAddr(vm.NICs[j].PrivateIPAddress); err == nil {
				if _, seen := ix.nics[a]; !seen {
					ix.nics[a] = applianceNIC{vm, &vm.NICs[j]}
				}
			}
		}
	}
	for _, lb := range v.t.LoadBalancers {
		ix.lbs[lb.FrontendPrivateIPAddress] = true
	}
	v.applianceIx = ix
	return ix
}

func (v *validator) add(sev Severity, code, path, format string, args ...any) {
	key := findingKey{code, path}
	if n := v.perKey[key]; n >= MaxFindingsPerPath {
		v.leaveOut(key, 1, sev)
		return
	}
	if v.perKey == nil {
		v.perKey, v.cut = map[findingKey]int{}, map[findingKey]cutFindings{}
	}
	v.perKey[key]++
	v.out = append(v.out, Diagnostic{Code: code, Severity: sev, Path: path, Msg: fmt.Sprintf(format, args...)})
}

// addEach adds n findings at code and path, finding i worded by msg(i),
// as add would, but words none of those add would leave out: a check that
// finds the same thing for each of thousands of subnets costs what it
// keeps.
func (v *validator) addEach(n int, sev Severity, code, path string, msg func(i int) string) {
	key := findingKey{code, path}
	for i := range n {
		if v.perKey[key] >= MaxFindingsPerPath {
			v.leaveOut(key, n-i, sev)
			return
		}
		v.add(sev, code, path, "%s", msg(i))
	}
}

// MaxFindingsPerPath bounds the findings of one code at one path: a
// route of a table that thousands of subnets use is one problem, not
// thousands, and a hostile design could otherwise ask for millions of
// findings (3,000 subnets under 400 routes). Past it, one finding says how
// many more there were (summarizeCut).
const MaxFindingsPerPath = 20

// findingKey is a finding's code and path.
type findingKey struct{ code, path string }

// cutFindings counts the findings left out at one code and path, and the
// most severe of their severities.
type cutFindings struct {
	n   int
	sev Severity
}

// leaveOut counts n findings of severity sev left out at key.
func (v *validator) leaveOut(key findingKey, n int, sev Severity) {
	c, seen := v.cut[key]
	if !seen || sev < c.sev { // Error is the least Severity
		c.sev = sev
	}
	c.n += n
	v.cut[key] = c
}

// summarizeCut adds, for each code and path whose findings were cut, one
// finding saying how many. Validate's stable sort by path and code puts
// each after the findings it follows, whatever the map's order: no two
// summaries share a path and code.
func (v *validator) summarizeCut() {
	for k, c := range v.cut {
		v.out = append(v.out, Diagnostic{Code: k.code, Severity: c.sev, Path: k.path,
			Msg: fmt.Sprintf("and %d more %s findings here, left out: the first %d are listed", c.n, k.code, MaxFindingsPerPath)})
	}
}

// prefix parses a CIDR in canonical form, reporting cidr.invalid otherwise.
func (v *validator) prefix(s, path string) (netip.Prefix, bool) {
	p, err := netip.ParsePrefix(s)
	if err != nil {
		v.add(Error, "cidr.invalid", path, "%q is not a valid CIDR prefix", s)
		return netip.Prefix{}, false
	}
	if p.Masked() != p {
		v.add(Error, "cidr.invalid", path, "%q has host bits set; Azure requires %s", s, p.Masked())
		return netip.Prefix{}, false
	}
	return p, true
}

// prefixAt is prefix for the i-th entry of the list field at path
// (path.field[i]): the path is only written for a diagnostic, since a
// design may list thousands of prefixes (on-premises sites).
func (v *validator) prefixAt(s, path, field string, i int) (netip.Prefix, bool) {
	if p, ok := validPrefix(s); ok {
		return p, true
	}
	return v.prefix(s, path+"."+field+"["+strconv.Itoa(i)+"]")
}

// prefixIn is prefix for the field of the resource at path (path+field):
// the path is only written for a diagnostic.
func (v *validator) prefixIn(s, path, field string) (netip.Prefix, bool) {
	if p, ok := validPrefix(s); ok {
		return p, true
	}
	return v.prefix(s, path+field)
}

// validPrefix is s parsed, if it is a prefix prefix would accept.
func validPrefix(s string) (netip.Prefix, bool) {
	p, err := netip.ParsePrefix(s)
	return p, err == nil && p.Masked() == p
}

func (v *validator) ids() {
	t := v.t
	for i := range t.VNets {
		if _, ok := v.vnets[t.VNets[i].ID]; !ok {
			v.vnets[t.VNets[i].ID] = &t.VNets[i]
		}
	}
	for i := range t.RouteTables {
		if _, ok := v.rts[t.RouteTables[i].ID]; !ok {
			v.rts[t.RouteTables[i].ID] = &t.RouteTables[i]
		}
	}
	for _, n := range t.NSGs {
		v.nsgs[n.ID] = true
	}
	v.uniqueIDs("vnets", idsOf(t.VNets, func(x VNet) string { return x.ID }))
	v.uniqueIDs("peerings", idsOf(t.Peerings, func(x Peering) string { return x.ID }))
	v.uniqueIDs("routeTables", idsOf(t.RouteTables, func(x RouteTable) string { return x.ID }))
	v.uniqueIDs("networkSecurityGroups", idsOf(t.NSGs, func(x NSG) string { return x.ID }))
	v.uniqueIDs("virtualMachines", idsOf(t.VMs, func(x VM) string { return x.ID }))
	v.uniqueIDs("loadBalancers", idsOf(t.LoadBalancers, func(x LoadBalancer) string { return x.ID }))
}

// uniqueIDs reports the empty and duplicate ids of one kind of resource.
func (v *validator) uniqueIDs(kind string, ids []string) {
	v.uniqueIDsBy(kind, ids, nil, "")
}

// uniqueIDsBy is uniqueIDs where two ids are the same when fold (if not
// nil) maps them to the same key: a DNS name is the same name in any case.
// An id the same as an earlier one but spelt otherwise is reported with the
// earlier spelling and why they are the same.
func (v *validator) uniqueIDsBy(kind string, ids []string, fold func(string) string, why string) {
	seen := make(map[string]string, len(ids)) // key -> first id
	for i, id := range ids {
		key := id
		if fold != nil {
			key = fold(id)
		}
		first, dup := seen[key]
		switch {
		case id == "":
			v.add(Error, "id.empty", fmt.Sprintf("%s[%d]", kind, i), "%s has no id", kind)
		case dup && first == id:
			v.add(Error, "id.duplicate", kind+"["+id+"]", "duplicate id %q in %s", id, kind)
		case dup:
			v.add(Error, "id.duplicate", kind+"["+id+"]", "duplicate id %q in %s: it is %q again, as %s", id, kind, first, why)
		}
		if !dup {
			seen[key] = id
		}
	}
}

// idsOf lists the ids of items, in order.
func idsOf[T any](items []T, id func(T) string) []string {
	out := make([]string, len(items))
	for i, x := range items {
		out[i] = id(x)
	}
	return out
}

// firstByID indexes items by id; the first of a duplicated id wins.
func firstByID[T any](items []T, id func(T) string) map[string]T {
	out := make(map[string]T, len(items))
	for _, x := range items {
		if _, ok := out[id(x)]; !ok {
			out[id(x)] = x
		}
	}
	return out
}

// reservedOverlap says how range p meets the reserved range r (written
// as name): "169.254.0.0/16 is the reserved range 169.254.0.0/16", "… lies
// inside …", "… contains …" or "… overlaps …".
func reservedOverlap(p, r netip.Prefix, name string) string {
	switch {
	case p == r:
		return fmt.Sprintf("%s is the reserved range %s", p, name)
	case r.Bits() <= p.Bits() && r.Contains(p.Addr()):
		return fmt.Sprintf("%s lies inside the reserved range %s", p, name)
	case p.Bits() <= r.Bits() && p.Contains(r.Addr()):
		return fmt.Sprintf("%s contains the reserved range %s", p, name)
	}
	return fmt.Sprintf("%s overlaps the reserved range %s", p, name)
}

// reservedRanges cannot be used in a VNet (rule:address-space.forbidden-ranges).
var reservedRanges = [...]string{"224.0.0.0/4", "255.255.255.255/32", "127.0.0.0/8", "169.254.0.0/16", "168.63.129.16/32"}

func (v *validator) addressSpaces() {
	var reserved [len(reservedRanges)]netip.Prefix
	for i, r := range reservedRanges {
		reserved[i] = netip.MustParsePrefix(r)
	}
	for _, vn := range v.t.VNets {
		path := "vnets[" + vn.ID + "]"
		if len(vn.AddressSpace.AddressPrefixes) == 0 {
			v.add(Error, "vnet.no-address-space", path+".addressSpace", "VNet %s has no address range", vn.ID)
		}
		var ps []netip.Prefix
		for i, s := range vn.AddressSpace.AddressPrefixes {
			p, ok := v.prefixAt(s, path, "addressSpace.addressPrefixes", i)
			if !ok {
				continue
			}
			pp := func() string { return fmt.Sprintf("%s.addressSpace.addressPrefixes[%d]", path, i) }
			for j, r := range reserved {
				if p.Overlaps(r) {
					v.add(Error, "vnet.reserved-range", pp(), "%s, which cannot be used in a VNet (rule:address-space.forbidden-ranges)", reservedOverlap(p, r, reservedRanges[j]))
				}
			}
			for _, q := range ps {
				if p.Overlaps(q) {
					v.add(Error, "vnet.address-space-overlap", pp(), "%s overlaps %s in the same address space", p, q)
				}
			}
			ps = append(ps, p)
		}
	}
}

func (v *validator) subnetChecks() {
	ix := addrindex.New() // one VNet's subnets at a time
	for _, vn := range v.t.VNets {
		if len(vn.Subnets) > 3000 {
			v.add(Error, "vnet.too-many-subnets", "vnets["+vn.ID+"]", "%d subnets; a VNet holds at most 3,000 (rule:address-space.limits)", len(vn.Subnets))
		}
		var space []netip.Prefix
		for _, s := range vn.AddressSpace.AddressPrefixes {
			if p, err := netip.ParsePrefix(s); err == nil && p.Masked() == p {
				space = append(space, p)
			}
		}
		ix.Reset()
		seen := make(map[string]bool, len(vn.Subnets))
		for j, s := range vn.Subnets {
			id := vn.ID + "/" + s.Name
			path := func() string { return "vnets[" + vn.ID + "].subnets[" + s.Name + "]" } // written for a finding only
			if s.Name == "" {
				v.add(Error, "id.empty", path(), "subnet has no name")
			} else if seen[s.Name] {
				v.add(Error, "id.duplicate", path(), "duplicate subnet name %q in %s", s.Name, vn.ID)
			}
			seen[s.Name] = true
			if _, ok := v.subnets[id]; !ok {
				v.subnets[id] = &vn.Subnets[j] // the design's own: the validator only reads it
				v.subnetVNet[id] = vn.ID
			}
			if s.RouteTable != "" && v.rts[s.RouteTable] == nil {
				v.add(Error, "ref.dangling", path()+".routeTable", "route table %q does not exist", s.RouteTable)
			}
			if s.NetworkSecurityGroup != "" && !v.nsgs[s.NetworkSecurityGroup] {
				v.add(Error, "ref.dangling", path()+".networkSecurityGroup", "NSG %q does not exist", s.NetworkSecurityGroup)
			}
			if rt := v.rts[s.RouteTable]; rt != nil && rt.Location != "" && vn.Location != "" && !SameLocation(rt.Location, vn.Location) {
				v.add(Error, "routetable.location-mismatch", path()+".routeTable", "route table %s is in %s but the VNet is in %s (rule:udr.table-association)", rt.ID, rt.Location, vn.Location)
			}
			if s.Name == GatewaySubnet || s.Name == RouteServerSubnet {
				v.specialSubnet(vn, s, path())
			}
			for _, e := range s.ServiceEndpoints {
				if v.known != nil && !slices.Contains(v.known, e.Service) {
					v.add(Warning, "serviceendpoint.unknown", path()+".serviceEndpoints", "service %q is not in the engine's representative service table; no routes added", e.Service)
				}
			}
			p, ok := validPrefix(s.AddressPrefix)
			if !ok {
				p, ok = v.prefix(s.AddressPrefix, path()+".addressPrefix")
			}
			if !ok {
				continue
			}
			if p.Addr().Is4() && p.Bits() < 2 {
				v.add(Error, "subnet.too-large", path()+".addressPrefix", "%s is larger than /2, the largest IPv4 subnet (rule:address-space.subnet-sizes)", p)
			}
			if s.Name == "AzureBastionSubnet" && p.Addr().Is4() && p.Bits() > 26 {
				v.add(Warning, "subnet.bastion-too-small", path()+".addressPrefix", "AzureBastionSubnet should be /26 or larger (rule:address-space.special-subnets, observed)")
			}
			if p.Addr().Is4() && p.Bits() > 29 {
				v.add(Error, "subnet.too-small", path()+".addressPrefix", "%s is smaller than /29, the smallest IPv4 subnet (rule:address-space.subnet-sizes)", p)
			}
			if p.Addr().Is6() && p.Bits() != 64 {
				v.add(Error, "subnet.ipv6-size", path()+".addressPrefix", "IPv6 subnets must be /64 (rule:address-space.subnet-sizes), got %s", p)
			}
			inside := false
			for _, sp := range space {
				if sp.Bits() <= p.Bits() && sp.Contains(p.Addr()) {
					inside = true
				}
			}
			if !inside {
				v.add(Error, "subnet.outside-address-space", path()+".addressPrefix", "%s is not inside the address space of %s (rule:address-space.subnet-containment)", p, vn.ID)
			}
			for _, o := range ix.Overlapping(p) {
				v.add(Error, "subnet.overlap", path()+".addressPrefix", "%s overlaps subnet %s (%s) (rule:address-space.subnet-containment)", p, o.Owner, o.Prefix)
			}
			_ = ix.Insert(p, s.Name)
		}
	}
}

// specialSubnet checks a GatewaySubnet or a RouteServerSubnet.
func (v *validator) specialSubnet(vn VNet, s Subnet, path string) {
	p, err := netip.ParsePrefix(s.AddressPrefix)
	valid := err == nil
	switch s.Name {
	case GatewaySubnet:
		if valid && p.Addr().Is4() && p.Bits() > 27 {
			v.add(Warning, "subnet.gateway-too-small", path+".addressPrefix", "GatewaySubnet %s is smaller than /27; /27 or larger is recommended and required when VPN and ExpressRoute coexist (rule:vpn-gateway.gateway-subnet-size)", p)
		}
		if s.NetworkSecurityGroup != "" {
			v.add(Warning, "subnet.gateway-nsg", path+".networkSecurityGroup", "an NSG on GatewaySubnet is unsupported and may block gateway creation (rule:nsg.association-and-limits)")
		}
		if rt := v.rts[s.RouteTable]; rt != nil {
			if rt.DisableBgpRoutePropagation {
				v.add(Error, "routetable.gateway-propagation-disabled", path+".routeTable", "gateway route propagation must stay enabled on GatewaySubnet (rule:udr.gateway-subnet, rule:propagation.gateway-subnet-must-propagate)")
			}
			for _, r := range rt.Routes {
				switch rp, err := netip.ParsePrefix(r.AddressPrefix); {
				case r.AddressPrefix == "0.0.0.0/0":
					// Unsupported outright: the overlap warning would say it twice.
					v.add(Error, "routetable.gateway-default-route", path+".routeTable", "route %s: a 0.0.0.0/0 UDR on GatewaySubnet is not supported (rule:udr.gateway-subnet)", r.Name)
				case err == nil && valid && rp.Overlaps(p):
					v.add(Warning, "routetable.gateway-overlap", path+".routeTable", "route %s (%s) overlaps the GatewaySubnet range and can break the gateway (rule:udr.gateway-subnet)", r.Name, rp)
				}
			}
		}
	case RouteServerSubnet:
		if valid && p.Addr().Is4() && p.Bits() > 26 {
			v.add(Error, "subnet.routeserver-too-small", path+".addressPrefix", "RouteServerSubnet must be /26 or larger (rule:route-server.subnet; where the sources disagree, vnetplay follows the larger size), got %s", p)
		}
		if s.RouteTable != "" {
			v.add(Error, "subnet.routeserver-route-table", path+".routeTable", "a route table may not be associated with RouteServerSubnet (rule:udr.route-server-subnet)")
		}
		if s.NetworkSecurityGroup != "" {
			v.add(Error, "subnet.routeserver-nsg", path+".networkSecurityGroup", "an NSG may not be associated with RouteServerSubnet (rule:udr.route-server-subnet, rule:nsg.association-and-limits)")
		}
	}
}

// parsedSpaces are VNets' address prefixes parsed once each (a hub's for
// every one of its peerings): the zero Prefix for one that does not parse.
type parsedSpaces map[*VNet][]netip.Prefix

// of is vn's address prefixes parsed, in order.
func (ps parsedSpaces) of(vn *VNet) []netip.Prefix {
	if out, ok := ps[vn]; ok {
		return out
	}
	out := make([]netip.Prefix, len(vn.AddressSpace.AddressPrefixes))
	for i, x := range vn.AddressSpace.AddressPrefixes {
		if p, err := netip.ParsePrefix(x); err == nil {
			out[i] = p
		}
	}
	ps[vn] = out
	return out
}

func (v *validator) peerings() {
	v.connected = make(map[string][]string, len(v.t.VNets))
	pairs := make(map[[2]string]string, len(v.t.Peerings))
	useRemote := make(map[string][]string, len(v.t.VNets))
	spaces := parsedSpaces{}
	for _, p := range v.t.Peerings {
		path := func() string { return "peerings[" + p.ID + "]" } // written for a finding only
		a, b := v.vnets[p.A.VNet], v.vnets[p.B.VNet]
		if a == nil {
			v.add(Error, "ref.dangling", path()+".a.vnet", "VNet %q does not exist", p.A.VNet)
		}
		if b == nil {
			v.add(Error, "ref.dangling", path()+".b.vnet", "VNet %q does not exist", p.B.VNet)
		}
		for _, link := range [...]struct {
			side string
			l    PeeringLink
		}{{"a", p.A}, {"b", p.B}} {
			side, l := link.side, link.l
			if l.Lifecycle != "" && l.Lifecycle != LinkNotCreated && l.Lifecycle != LinkDeleted {
				v.add(Error, "peering.lifecycle", path()+"."+side+".lifecycle", "lifecycle must be empty, %q or %q", LinkNotCreated, LinkDeleted)
			}
			if l.RemoteAddressSpace != nil { // the link's synced copy (rule:peering.address-space-sync)
				for i, x := range l.RemoteAddressSpace.AddressPrefixes {
					v.prefixAt(x, path()+"."+side+".remoteAddressSpace", "addressPrefixes", i)
				}
			}
		}
		if a == nil || b == nil {
			continue
		}
		if a.ID == b.ID {
			v.add(Error, "peering.self", path(), "a VNet cannot be peered with itself")
			continue
		}
		key := [2]string{min(a.ID, b.ID), max(a.ID, b.ID)}
		if other, ok := pairs[key]; ok {
			v.add(Error, "peering.duplicate", path(), "%s and %s are already peered by %s", a.ID, b.ID, other)
			continue
		}
		pairs[key] = p.ID
		overlap := false
		for _, px := range spaces.of(a) {
			for _, py := range spaces.of(b) {
				if px.IsValid() && py.IsValid() && px.Overlaps(py) {
					overlap = true
					v.add(Error, "peering.overlap", path(), "address spaces overlap (%s in %s, %s in %s); the peering cannot be created (rule:peering.no-overlap)", px, a.ID, py, b.ID)
				}
			}
		}
		sa, sb := p.LinkStates()
		switch {
		case !p.A.Exists() && !p.B.Exists():
			v.add(Warning, "peering.no-links", path(), "neither link exists")
		case sa == Initiated || sb == Initiated:
			v.add(Warning, "peering.initiated", path(), "only one link exists: the peering is Initiated and carries no traffic until the other side is created (rule:peering.link-states)")
		case sa == Disconnected || sb == Disconnected:
			v.add(Warning, "peering.disconnected", path(), "one link was deleted: the peering is Disconnected; delete and re-create both links (rule:peering.link-states, rule:peering.disconnected-needs-recreate)")
		}
		for _, s := range []struct {
			side        string
			self, other PeeringLink
			local, rem  *VNet
		}{{"a", p.A, p.B, a, b}, {"b", p.B, p.A, b, a}} {
			if lvl := LinkSync(s.self, s.other, s.local.AddressSpace, s.rem.AddressSpace); lvl == LocalNotInSync || lvl == LocalAndRemoteNotInSync {
				v.add(Warning, "peering.not-in-sync", path()+"."+s.side+".remoteAddressSpace", "%s's link is %s: it still knows %s's address space as %v and needs a sync (rule:peering.address-space-sync)", s.local.ID, lvl, s.rem.ID, s.self.RemoteAddressSpace.AddressPrefixes)
			}
		}
		if p.Connected() && !overlap {
			v.connected[a.ID] = append(v.connected[a.ID], b.ID)
			v.connected[b.ID] = append(v.connected[b.ID], a.ID)
		}
		for _, s := range []struct {
			side        string
			self, other PeeringLink
			local, rem  *VNet
		}{{"a", p.A, p.B, a, b}, {"b", p.B, p.A, b, a}} {
			lp := func() string { return path() + "." + s.side }
			if s.self.UseRemoteGateways {
				useRemote[s.local.ID] = append(useRemote[s.local.ID], p.ID)
				if !v.hasGateway(s.rem.ID, true) {
					v.add(Error, "peering.remote-has-no-gateway", lp()+".useRemoteGateways", "RemoteVnetHasNoGateways: %s has no virtual network gateway or Route Server (rule:peering.use-remote-gateways-conditions)", s.rem.ID)
				}
				if !s.other.AllowGatewayTransit {
					v.add(Warning, "peering.no-gateway-transit", lp()+".useRemoteGateways", "%s's link does not allow gateway transit: no gateway routes reach %s (rule:gateway-transit.routes-reach-spoke)", s.rem.ID, s.local.ID)
				}
				if s.other.UseRemoteGateways {
					v.add(Error, "peering.both-use-remote", lp()+".useRemoteGateways", "both links set useRemoteGateways")
				}
				if v.hasGateway(s.local.ID, false) {
					v.add(Warning, "peering.local-gateway", lp()+".useRemoteGateways", "%s has a gateway of its own; a VNet with its own gateway cannot use a remote gateway (rule:peering.use-remote-gateways-conditions)", s.local.ID)
				}
			}
			if s.self.AllowGatewayTransit && !v.hasGateway(s.local.ID, true) {
				v.add(Warning, "peering.transit-without-gateway", lp()+".allowGatewayTransit", "%s has no virtual network gateway or Route Server; allowGatewayTransit needs one (rule:peering.allow-gateway-transit-needs-gateway)", s.local.ID)
			}
		}
	}
	for _, vn := range sortedMapKeys(useRemote) {
		if ps := useRemote[vn]; len(ps) > 1 {
			v.add(Error, "peering.use-remote-multiple", "vnets["+vn+"]", "useRemoteGateways is set on %d peerings (%s); only one is allowed (rule:peering.use-remote-gateways-conditions)", len(ps), strings.Join(ps, ", "))
		}
	}
}

// isServiceTagName reports whether a route prefix is a service-tag name
// (e.g. "Storage", "AzureCloud.westeurope") rather than an address (rule:udr.service-tag-prefixes).
func isServiceTagName(s string) bool {
	if s == "" || !(s[0] >= 'A' && s[0] <= 'Z' || s[0] >= 'a' && s[0] <= 'z') {
		return false
	}
	for _, c := range s {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	_, err := netip.ParseAddr(s) // IPv6 literals such as "fd00::" start with a letter
	return err != nil && !strings.Contains(s, ":")
}

// hasGatewaySubnet reports whether VNet id (the first of that id) has a
// GatewaySubnet, each VNet's subnets scanned once.
func (v *validator) hasGatewaySubnet(id string) bool {
	if has, ok := v.gatewaySubnet[id]; ok {
		return has
	}
	if v.gatewaySubnet == nil {
		v.gatewaySubnet = map[string]bool{}
	}
	has := hasSubnet(v.vnets[id], GatewaySubnet)
	v.gatewaySubnet[id] = has
	return has
}

func hasSubnet(vn *VNet, name string) bool {
	return slices.ContainsFunc(vn.Subnets, func(s Subnet) bool { return s.Name == name })
}

// tableUsers lists the subnets (sorted ids) using each route table,
// computed once.
func (v *validator) tableUsers() map[string][]string {
	if v.users == nil {
		v.users = make(map[string][]string, len(v.t.RouteTables))
		for _, id := range v.subnetIDs() {
			if rt := v.subnets[id].RouteTable; rt != "" {
				v.users[rt] = append(v.users[rt], id)
			}
		}
	}
	return v.users
}

// withoutGateway lists the subnets of ids (in order) whose VNet has no
// GatewaySubnet and uses no remote gateway: no VPN gateway takes their
// VirtualNetworkGateway routes.
func (v *validator) withoutGateway(ids []string) []string {
	out := []string{}
	for _, sid := range ids {
		vn := v.subnetVNet[sid]
		if hub := v.remoteHub(vn); v.gatewayOf(vn) == "" && (hub == "" || v.gatewayOf(hub) == "") {
			out = append(out, sid)
		}
	}
	return out
}

// gatewayOf is vnet's first virtual network gateway (VPN or ExpressRoute)
// by the design's order, "" when it has none. A VNet whose gateway is
// ExpressRoute only is route.expressroute-gateway's (rule:udr.gateway-next-hop-vpn-only).
func (v *validator) gatewayOf(vnet string) string {
	if v.gatewayIn == nil {
		v.gatewayIn = map[string]string{}
		for _, g := range v.t.Gateways {
			if v.gatewayIn[g.VNet] == "" {
				v.gatewayIn[g.VNet] = g.ID
			}
		}
	}
	return v.gatewayIn[vnet]
}

// noGatewayWhy says why subnet sid's VNet has no gateway to take a
// VirtualNetworkGateway route (withoutGateway's subnets).
func (v *validator) noGatewayWhy(sid string) string {
	vn := v.subnetVNet[sid]
	switch {
	case v.usesRemoteGateway(vn):
		return fmt.Sprintf("the hub %s whose gateway it uses has a GatewaySubnet but no gateway", v.remoteHub(vn))
	case !v.hasGatewaySubnet(vn):
		return "it has no GatewaySubnet and uses no remote gateway"
	}
	return "its GatewaySubnet holds no gateway, and it uses no remote gateway"
}

// tableVNets lists the VNets of the subnets using route table rt, each
// once, in the order of the subnets' ids.
func (v *validator) tableVNets(rt string) []string {
	out := []string{}
	for _, sid := range v.tableUsers()[rt] {
		if vn := v.subnetVNet[sid]; len(out) == 0 || out[len(out)-1] != vn {
			out = append(out, vn)
		}
	}
	return out
}

func (v *validator) routeTables() {
	users := v.tableUsers() // route table → subnet ids using it
	for _, rt := range v.t.RouteTables {
		tagRoutes := 0
		var noGateway []string // rt's users no VPN gateway serves, once asked
		if len(rt.Routes) > 400 {
			v.add(Error, "routetable.too-many-routes", "routeTables["+rt.ID+"]", "%d routes; a route table holds at most 400 (rule:udr.limits)", len(rt.Routes))
		}
		seenPrefix := map[netip.Prefix]string{}
		seenTag := map[string]string{} // a service tag as written → its first route
		seenName := map[string]bool{}
		for i, r := range rt.Routes {
			path := "routeTables[" + rt.ID + "].routes[" + r.Name + "]"
			if r.Name == "" {
				path = fmt.Sprintf("routeTables[%s].routes[%d]", rt.ID, i)
				v.add(Error, "id.empty", path, "route has no name")
			} else if seenName[r.Name] {
				v.add(Error, "id.duplicate", path, "duplicate route name %q", r.Name)
			}
			seenName[r.Name] = true
			if isServiceTagName(r.AddressPrefix) {
				tagRoutes++
				v.add(Warning, "route.service-tag", path+".addressPrefix", "service tag %q as a route prefix is allowed by Azure (rule:udr.service-tag-prefixes) but the engine has no tag data and ignores this route", r.AddressPrefix)
				if other, dup := seenTag[r.AddressPrefix]; dup {
					v.add(Error, "routetable.duplicate-prefix", path+".addressPrefix", "service tag %s already used by route %s; each prefix may appear once per table (rule:udr.unique-prefix-per-table)", r.AddressPrefix, other)
				} else {
					seenTag[r.AddressPrefix] = r.Name
				}
				continue
			}
			p, ok := v.prefixIn(r.AddressPrefix, path, ".addressPrefix")
			if ok {
				if other, dup := seenPrefix[p]; dup {
					v.add(Error, "routetable.duplicate-prefix", path+".addressPrefix", "prefix %s already used by route %s; each prefix may appear once per table (rule:udr.unique-prefix-per-table)", p, other)
				} else {
					seenPrefix[p] = r.Name
				}
			}
			switch r.NextHopType {
			case HopVirtualAppliance:
				ip, err := netip.ParseAddr(r.NextHopIPAddress)
				if err != nil {
					v.add(Error, "route.next-hop-ip", path+".nextHopIpAddress", "VirtualAppliance needs a valid nextHopIpAddress (rule:udr.allowed-next-hops), got %q", r.NextHopIPAddress)
					continue
				}
				v.applianceReachable(rt.ID, path, ip, v.userSubnets(rt.ID, users[rt.ID]))
			case HopVirtualNetworkGateway, HopNone, HopVnetLocal, HopInternet:
				if r.NextHopIPAddress != "" {
					v.add(Error, "route.next-hop-ip", path+".nextHopIpAddress", "nextHopIpAddress is only allowed with VirtualAppliance (rule:udr.allowed-next-hops)")
				}
				if r.NextHopType == HopVnetLocal && ok {
					v.vnetLocalBeyond(rt.ID, path, p)
				}
				if r.NextHopType == HopVirtualNetworkGateway {
					if noGateway == nil {
						noGateway = v.withoutGateway(users[rt.ID])
					}
					v.addEach(len(noGateway), Warning, "route.no-gateway", path, func(i int) string {
						return fmt.Sprintf("subnet %s's VNet has no gateway (%s), so no VPN gateway takes this route and its traffic is dropped (rule:udr.gateway-next-hop-vpn-only, rule:gateway-transit.spoke-to-spoke-needs-udr)", noGateway[i], v.noGatewayWhy(noGateway[i]))
					})
				}
			default:
				if hop := spelledHop(r.NextHopType); hop != "" {
					v.add(Error, "route.next-hop-type", path+".nextHopType", "next hop type %q: vnetplay reads next hop types as Azure documents them: write %s (rule:udr.allowed-next-hops)", r.NextHopType, hop)
					break
				}
				what := fmt.Sprintf("next hop type %q is not allowed", r.NextHopType)
				if r.NextHopType == "" {
					what = "a route needs a next hop type"
				}
				v.add(Error, "route.next-hop-type", path+".nextHopType", "%s in a route table; use VirtualAppliance, VirtualNetworkGateway, None, VnetLocal or Internet (rule:udr.allowed-next-hops)", what)
			}
		}
		if tagRoutes > 25 {
			v.add(Error, "routetable.too-many-service-tags", "routeTables["+rt.ID+"]", "%d service-tag routes; at most 25 per table (rule:udr.service-tag-prefixes)", tagRoutes)
		}
	}
}

// vnetLocalBeyond warns, at the route at path, once per VNet whose subnets
// use route table rtID, when prefix, the route's and next hop VnetLocal,
// is not inside that VNet's address space: the walk delivers a VnetLocal
// route only inside the VNet and drops the rest (rule:udr.vnetlocal-within-vnet).
func (v *validator) vnetLocalBeyond(rtID, path string, prefix netip.Prefix) {
	var beyond []string
	for _, id := range v.tableVNets(rtID) {
		if vn, ok := v.vnets[id]; ok && !spaceHolds(vn.AddressSpace.AddressPrefixes, prefix) {
			beyond = append(beyond, id)
		}
	}
	v.addEach(len(beyond), Warning, "route.vnetlocal-outside-vnet", path, func(i int) string {
		return fmt.Sprintf("%s → VnetLocal reaches beyond the address space of %s: Azure documents VnetLocal only as routing within the VNet, and vnetplay drops the packets it matches outside that space, Internet-bound ones included (rule:udr.vnetlocal-within-vnet)", prefix, beyond[i])
	})
}

// spaceHolds reports whether one of the address ranges space (CIDR text;
// ranges that do not parse are skipped) contains all of p.
func spaceHolds(space []string, p netip.Prefix) bool {
	for _, s := range space {
		if r, err := netip.ParsePrefix(s); err == nil && r.Bits() <= p.Bits() && r.Contains(p.Addr()) {
			return true
		}
	}
	return false
}

// applianceReachable checks rule:route-selection.appliance-directly-reachable (the appliance IP must be in the same VNet or
// a directly peered VNet of every subnet using the table) and rule:udr.appliance-targets/rule:nva.ip-forwarding (the
// IP belongs to a forwarding NIC or an internal load balancer).
func (v *validator) applianceReachable(rtID, path string, ip netip.Addr, users []userSubnet) {
	ix := v.appliances()
	inside, unreachable := v.applianceFindings(rtID, ip, users)
	v.addEach(len(inside), Warning, "route.appliance-same-subnet", path+".nextHopIpAddress", func(i int) string {
		return fmt.Sprintf("appliance %s is inside %s, the subnet whose traffic it steers; this can loop, use a separate subnet (rule:udr.appliance-same-subnet-loop)", ip, inside[i].subnet)
	})
	v.addEach(len(unreachable), Error, "route.appliance-unreachable", path+".nextHopIpAddress", func(i int) string {
		return fmt.Sprintf("%s is not in %s or a directly peered, connected VNet; a virtual appliance must be directly reachable (rule:route-selection.appliance-directly-reachable)", ip, unreachable[i].vnet)
	})
	if n, ok := ix.nics[ip]; ok {
		if !n.nic.EnableIPForwarding {
			v.add(Warning, "route.appliance-not-forwarding", path+".nextHopIpAddress", "NIC %s/%s at %s has IP forwarding off: the platform drops forwarded packets (rule:nva.ip-forwarding)", n.vm.ID, n.nic.Name, ip)
		}
		if !n.vm.GuestIPForwarding {
			v.add(Warning, "route.appliance-guest-not-forwarding", path+".nextHopIpAddress", "VM %s does not forward in its guest OS (rule:nva.ip-forwarding)", n.vm.ID)
		}
		return
	}
	if ix.lbs[ip.String()] {
		v.backendsForward(ip, path+".nextHopIpAddress")
		return
	}
	if rs, ok := v.routeServerAt(ip); ok {
		v.add(Warning, "route.appliance-route-server", path+".nextHopIpAddress", "%s is in the RouteServerSubnet of Route Server %s, which never forwards packets: point the route at the NVA's address (rule:route-server.control-plane-only)", ip, rs)
		return
	}
	v.add(Warning, "route.appliance-no-host", path+".nextHopIpAddress", "no NIC or load balancer has %s", ip)
}

// routeServerAt returns the id of the Route Server whose VNet's
// RouteServerSubnet contains ip.
func (v *validator) routeServerAt(ip netip.Addr) (string, bool) {
	for _, rs := range v.t.RouteServers {
		vn, ok := v.vnets[rs.VNet]
		if !ok {
			continue
		}
		for _, s := range vn.Subnets {
			if p, err := netip.ParsePrefix(s.AddressPrefix); err == nil && s.Name == RouteServerSubnet && p.Contains(ip) {
				return rs.ID, true
			}
		}
	}
	return "", false
}

// backendsForward warns (at path) about each backend of an internal load
// balancer with frontend ip whose NIC has IP forwarding off or whose guest
// does not forward: the load balancer spreads flows over every backend, and
// those it sends there are dropped (rule:nva.ip-forwarding, rule:nva.high-availability).
func (v *validator) backendsForward(ip netip.Addr, path string) {
	for _, lb := range v.t.LoadBalancers {
		if lb.FrontendPrivateIPAddress != ip.String() {
			continue
		}
		for _, b := range lb.Backends {
			vm, nic, ok := v.backendNIC(b)
			if !ok {
				continue // ref.dangling (loadBalancers)
			}
			if !nic.EnableIPForwarding {
				v.add(Warning, "route.appliance-not-forwarding", path, "NIC %s/%s, a backend of load balancer %s at %s, has IP forwarding off: the platform drops the flows the load balancer sends it (rule:nva.ip-forwarding, rule:nva.high-availability)", vm.ID, nic.Name, lb.ID, ip)
			}
			if !vm.GuestIPForwarding {
				v.add(Warning, "route.appliance-guest-not-forwarding", path, "VM %s, a backend of load balancer %s at %s, does not forward in its guest OS (rule:nva.ip-forwarding, rule:nva.high-availability)", vm.ID, lb.ID, ip)
			}
		}
	}
}

// backendNIC resolves a load balancer backend, a NIC endpoint id: "vm/nic",
// or "vm" for the VM's first NIC.
func (v *validator) backendNIC(b string) (*VM, *NIC, bool) {
	vmID, nicName, named := strings.Cut(b, "/")
	for i := range v.t.VMs {
		vm := &v.t.VMs[i]
		if vm.ID != vmID || len(vm.NICs) == 0 {
			continue
		}
		if !named {
			return vm, &vm.NICs[0], true
		}
		for j := range vm.NICs {
			if vm.NICs[j].Name == nicName {
				return vm, &vm.NICs[j], true
			}
		}
	}
	return nil, nil, false
}

// applianceFindings is what the subnets using route table rtID (users,
// sorted) find wrong with appliance IP ip, in their order: the subnets
// the IP is inside of, and, once per VNet, the VNets out of whose reach it
// is. Computed once per table and IP.
func (v *validator) applianceFindings(rtID string, ip netip.Addr, users []userSubnet) (inside, unreachable []userFinding) {
	ix := v.appliances()
	key := tableAppliance{rtID, ip}
	if f, ok := ix.findings[key]; ok {
		return f.inside, f.unreachable
	}
	home, known := ix.home[ip]
	if !known {
		for _, r := range ix.ranges {
			if r.p.Contains(ip) {
				home = r.id
			}
		}
		ix.home[ip] = home
	}
	reach, last := false, "\x00"
	for _, u := range users {
		if u.ok && u.prefix.Contains(ip) {
			inside = append(inside, userFinding{subnet: u.id, vnet: u.vnet})
		}
		if u.vnet == last { // users are sorted, so a VNet's subnets are together
			continue // the IP's reach is its VNet's: said once
		}
		last, reach = u.vnet, home != "" && (home == u.vnet || slices.Contains(v.connected[u.vnet], home))
		if !reach {
			unreachable = append(unreachable, userFinding{subnet: u.id, vnet: u.vnet})
		}
	}
	ix.findings[key] = applianceVerdict{inside, unreachable}
	return inside, unreachable
}

func (v *validator) nsgChecks() {
	for _, n := range v.t.NSGs {
		if len(n.SecurityRules) > 1000 {
			v.add(Error, "nsg.too-many-rules", "networkSecurityGroups["+n.ID+"]", "%d rules; an NSG holds at most 1,000 (rule:nsg.association-and-limits)", len(n.SecurityRules))
		}
		seenPrio := map[string]string{}
		seenName := map[string]bool{}
		for i, r := range n.SecurityRules {
			path := fmt.Sprintf("networkSecurityGroups[%s].securityRules[%s]", n.ID, r.Name)
			if r.Name == "" {
				path = fmt.Sprintf("networkSecurityGroups[%s].securityRules[%d]", n.ID, i)
				v.add(Error, "id.empty", path, "rule has no name")
			} else if seenName[r.Name] {
				v.add(Error, "id.duplicate", path, "duplicate rule name %q", r.Name)
			}
			seenName[r.Name] = true
			if r.Priority < 100 || r.Priority > 4096 {
				v.add(Error, "nsg.priority-range", path+".priority", "priority %d is outside 100–4096 (rule:nsg.priority-first-match)", r.Priority)
			}
			key := strings.ToLower(r.Direction) + "/" + strconv.Itoa(r.Priority) // Inbound and inbound are one direction
			if other, dup := seenPrio[key]; dup {
				v.add(Error, "nsg.duplicate-priority", path+".priority", "priority %d %s is already used by %s (rule:nsg.priority-first-match)", r.Priority, r.Direction, other)
			} else {
				seenPrio[key] = r.Name
			}
			if !r.In("Inbound") && !r.In("Outbound") {
				v.add(Error, "nsg.direction", path+".direction", "direction must be Inbound or Outbound, in any case, got %q", r.Direction)
			}
			if !r.Allows() && !strings.EqualFold(r.Access, "Deny") {
				v.add(Error, "nsg.access", path+".access", "access must be Allow or Deny, in any case, got %q", r.Access)
			}
			v.nsgProtocol(path, r.Protocol)
			v.nsgAddressGiven(path, "source", r.SourceAddressPrefix, r.SourceAddressPrefixes)
			v.nsgAddressGiven(path, "destination", r.DestinationAddressPrefix, r.DestinationAddressPrefixes)
			v.nsgAddressList(path, "source", r.SourceAddressPrefixes)
			v.nsgAddressList(path, "destination", r.DestinationAddressPrefixes)
			v.nsgPortGiven(path, "source", r.SourcePortRange, r.SourcePortRanges)
			v.nsgPortGiven(path, "destination", r.DestinationPortRange, r.DestinationPortRanges)
			for _, a := range r.Sources() {
				v.nsgAddress(path, a, false)
			}
			for _, a := range r.Destinations() {
				v.nsgAddress(path, a, true)
			}
			for _, pr := range append(r.SourcePorts(), r.DestinationPorts()...) {
				if _, _, ok := ParsePortRange(pr); !ok {
					v.add(Error, "nsg.port", path, "%q is not a port, a range lo-hi or *", pr)
				}
			}
		}
	}
}

// nsgProtocols are the protocols of an NSG rule as ARM spells them.
var nsgProtocols = [...]string{"Tcp", "Udp", "Icmp", "Esp", "Ah", "*"}

// nsgProtocol checks the protocol of the NSG rule at path: one of
// nsgProtocols in any case, as ARM reads it (a rule made in the portal
// comes back "TCP") and the engine compares it (engine/trace/nsg.go).
// "Any" is not one: the portal shows * as Any, and Any is a Virtual
// Network Manager admin rule's protocol (rule:nsg.priority-first-match).
func (v *validator) nsgProtocol(path, proto string) {
	if slices.ContainsFunc(nsgProtocols[:], func(p string) bool { return strings.EqualFold(p, proto) }) {
		return
	}
	hint := ""
	if strings.EqualFold(proto, "Any") {
		hint = ": write * for any protocol, which the portal shows as Any"
	}
	v.add(Error, "nsg.protocol", path+".protocol", "protocol must be Tcp, Udp, Icmp, Esp, Ah or *, in any case, got %q%s (rule:nsg.priority-first-match)", proto, hint)
}

// nsgAddressGiven checks that the NSG rule at path names its side's
// ("source" or "destination") addresses in exactly one of
// sourceAddressPrefix and sourceAddressPrefixes (one, many), an empty
// string or list being unset: Azure refuses a rule with neither, which
// vnetplay would read as *, so a Deny meant for one range would match every
// address; and Azure refuses a rule with both, which vnetplay would read as
// their union (rule:nsg.priority-first-match).
func (v *validator) nsgAddressGiven(path, side, one string, many []string) {
	switch {
	case one == "" && len(many) == 0:
		v.add(Error, "nsg.address-missing", path+"."+side+"AddressPrefix",
			"rule has no %s address: Azure refuses a security rule without %sAddressPrefix or %sAddressPrefixes; write * for any address (rule:nsg.priority-first-match)", side, side, side)
	case one != "" && len(many) > 0:
		v.add(Error, "nsg.address-both", path+"."+side+"AddressPrefixes",
			"rule sets both %sAddressPrefix (%q) and %sAddressPrefixes (%s): Azure refuses a security rule with both; list every address in %sAddressPrefixes and drop %sAddressPrefix (rule:nsg.priority-first-match)",
			side, one, side, strings.Join(many, ", "), side, side)
	}
}

// nsgAddressList checks the plural address field of the NSG rule at path
// (side "source" or "destination"): an augmented rule combines several IP
// addresses and ranges, but not several service tags (Azure refuses a rule
// that names two), which vnetplay would read as their union. One tag with
// addresses is not reported: the docs do not say
// (rule:nsg.priority-first-match).
func (v *validator) nsgAddressList(path, side string, many []string) {
	var tags []string
	for _, a := range many {
		if isServiceTagName(a) {
			tags = append(tags, a)
		}
	}
	if len(tags) > 1 {
		v.add(Error, "nsg.address-list", path+"."+side+"AddressPrefixes",
			"%sAddressPrefixes names several service tags (%s): Azure refuses a security rule with more than one, as a rule may combine several IP addresses and ranges but not service tags; write one rule per tag (rule:nsg.priority-first-match)", side, strings.Join(tags, ", "))
	}
}

// nsgPortGiven checks that the NSG rule at path names its side's
// ("source" or "destination") ports in sourcePortRange or
// sourcePortRanges, an empty string or list being unset: Azure refuses a
// rule with neither, which vnetplay would read as *, so a Deny meant for
// one port would match every port (rule:nsg.priority-first-match).
func (v *validator) nsgPortGiven(path, side, one string, many []string) {
	if one == "" && len(many) == 0 {
		v.add(Error, "nsg.port-missing", path+"."+side+"PortRange",
			"rule has no %s port: Azure refuses a security rule without %sPortRange or %sPortRanges; write * for any port (rule:nsg.priority-first-match)", side, side, side)
	}
}

// ServiceTags are the NSG service tags the engine evaluates (rule:nsg.virtualnetwork-tag, rule:nsg.azureloadbalancer-and-internet-tags).
var serviceTags = [...]string{"VirtualNetwork", "Internet", "AzureLoadBalancer", "*", "Any"}

// platformTags are the service tags by which an NSG rule applies to the
// host-platform addresses (rule:nsg.platform-traffic); the engine evaluates
// the first two as a rule's destination (engine/trace/platform.go).
var platformTags = [...]string{"AzurePlatformDNS", "AzurePlatformIMDS", "AzurePlatformLKM"}

// platformTagEvaluated reports whether an NSG rule naming platform tag
// tag as its destination (dest) or source is applied by the engine.
func platformTagEvaluated(tag string, dest bool) bool {
	return dest && (tag == "AzurePlatformDNS" || tag == "AzurePlatformIMDS")
}

// nsgAddress checks one source or (dest) destination of the NSG rule at
// path: an address or a service tag the engine evaluates is fine (the
// platform tags AzurePlatformDNS and AzurePlatformIMDS as a destination);
// any other Azure
// service tag (Storage, Sql.WestEurope, AzureMonitor…: Azure accepts
// them, rule:nsg.service-tags-unmodelled) is kept with a warning, as the
// engine has none of their address ranges and the rule matches none of the
// design's addresses; the rest is an error.
func (v *validator) nsgAddress(path, a string, dest bool) {
	switch {
	case ValidAddressMatch(a), platformTagEvaluated(a, dest):
	case slices.ContainsFunc(serviceTags[:], func(t string) bool { return strings.EqualFold(t, a) }):
		v.add(Error, "nsg.address", path, "%q: vnetplay reads service tags as Azure documents them: write %s", a, serviceTags[slices.IndexFunc(serviceTags[:], func(t string) bool { return strings.EqualFold(t, a) })])
	case slices.Contains(platformTags[:], a):
		v.add(Warning, "nsg.service-tag", path, "service tag %q applies the rule to the host-platform addresses (rule:nsg.platform-traffic); vnetplay applies AzurePlatformDNS and AzurePlatformIMDS as a rule's destination only, so this rule is not applied", a)
	case isServiceTagName(a):
		v.add(Warning, "nsg.service-tag", path, "%q is read as an Azure service tag (Azure refuses a name that is not one), and vnetplay has no address ranges for it: the rule is kept and matches none of the design's addresses, private or public (rule:nsg.service-tags-unmodelled)", a)
	default:
		v.add(Error, "nsg.address", path, "%q is not a CIDR, an IP, * or a service tag", a)
	}
}

// ValidAddressMatch reports whether s is usable as an NSG address: *, a
// supported service tag, an IP or a CIDR.
func ValidAddressMatch(s string) bool {
	if slices.Contains(serviceTags[:], s) {
		return true
	}
	if _, err := netip.ParseAddr(s); err == nil {
		return true
	}
	_, err := netip.ParsePrefix(s)
	return err == nil
}

// ParsePortRange parses "*", "443" or "1000-2000": decimal digits only
// ("+80" is no port, though Go's Atoi reads it).
func ParsePortRange(s string) (lo, hi int, ok bool) {
	if s == "*" {
		return 0, 65535, true
	}
	a, b, isRange := strings.Cut(s, "-")
	if !isRange {
		b = a
	}
	if !allDigits(a) || !allDigits(b) {
		return 0, 0, false
	}
	lo, e1 := strconv.Atoi(a)
	hi, e2 := strconv.Atoi(b)
	if e1 != nil || e2 != nil || lo < 0 || hi > 65535 || lo > hi {
		return 0, 0, false
	}
	return lo, hi, true
}

// allDigits reports whether s is one or more ASCII decimal digits.
func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func (v *validator) vms() {
	for _, vm := range v.t.VMs {
		var seen map[string]bool // NIC names, for a VM with more than one
		if len(vm.NICs) > 1 {
			seen = make(map[string]bool, len(vm.NICs))
		}
		if len(vm.NICs) == 0 {
			v.add(Error, "vm.no-nic", "virtualMachines["+vm.ID+"]", "a VM needs at least one network interface")
		}
		v.primaryNICs(vm)
		for _, n := range vm.NICs {
			path := "virtualMachines[" + vm.ID + "].networkInterfaces[" + n.Name + "]"
			if seen[n.Name] {
				v.add(Error, "id.duplicate", path, "duplicate NIC name %q", n.Name)
			}
			if seen != nil {
				seen[n.Name] = true
			}
			if n.NetworkSecurityGroup != "" && !v.nsgs[n.NetworkSecurityGroup] {
				v.add(Error, "ref.dangling", path+".networkSecurityGroup", "NSG %q does not exist", n.NetworkSecurityGroup)
			}
			sn := v.subnets[n.Subnet]
			if sn == nil {
				v.add(Error, "ref.dangling", path+".subnet", "subnet %q does not exist", n.Subnet)
			}
			if sn != nil && (sn.Name == GatewaySubnet || sn.Name == RouteServerSubnet) {
				v.add(Error, "nic.special-subnet", path+".subnet", "nothing else may be deployed into %s (rule:vpn-gateway.gateway-subnet)", sn.Name)
			}
			ip, err := netip.ParseAddr(n.PrivateIPAddress)
			if err != nil {
				v.add(Error, "nic.ip-invalid", path+".privateIpAddress", "%q is not an IP address", n.PrivateIPAddress)
				continue
			}
			k := vnetAddr{vnet: v.subnetVNet[n.Subnet], ip: ip}
			if other, dup := v.nicIPs[k]; dup {
				v.add(Error, "nic.ip-duplicate", path+".privateIpAddress", "%s is already used by %s in %s: an address is unique within a VNet (rule:address-space.private-ip-per-vnet)", ip, other, k.vnet)
			}
			v.nicIPs[k] = vm.ID + "/" + n.Name
			if sn != nil {
				v.ipInSubnet(ip, sn, path, ".privateIpAddress")
			}
		}
	}
}

// vnetAddr is a private address in a VNet: what names one NIC, load
// balancer frontend or private endpoint (rule:address-space.private-ip-per-vnet).
type vnetAddr struct {
	vnet string
	ip   netip.Addr
}

// anyNICHas reports whether a NIC in any VNet has address ip.
func (v *validator) anyNICHas(ip netip.Addr) bool {
	for k := range v.nicIPs {
		if k.ip == ip {
			return true
		}
	}
	return false
}

// primaryNICs refuses a VM with more than one NIC marked primary, naming
// them: Azure gives a VM one primary NIC, the one autoregistration and
// its Azure-provided name answer with (rule:dns.autoregistration,
// rule:dns.azure-dns-vnet-scope). The error is on the second marked NIC
// by name.
func (v *validator) primaryNICs(vm VM) {
	var marked []string
	for _, n := range vm.NICs {
		if n.Primary {
			marked = append(marked, n.Name)
		}
	}
	if len(marked) < 2 {
		return
	}
	slices.Sort(marked)
	v.add(Error, "vm.primary-nics", "virtualMachines["+vm.ID+"].networkInterfaces["+marked[1]+"].primary",
		"VM %s has %d NICs marked primary (%s): a VM has one primary NIC, the one autoregistration and its Azure-provided name answer with (rule:dns.autoregistration)",
		vm.ID, len(marked), strings.Join(marked, ", "))
}

// ipInSubnet checks that ip, the field of the resource at path
// (path+field), is inside subnet sn and not one of the five addresses Azure
// reserves (rule:address-space.reserved-addresses).
func (v *validator) ipInSubnet(ip netip.Addr, sn *Subnet, path, field string) {
	p, err := netip.ParsePrefix(sn.AddressPrefix)
	if err != nil {
		return
	}
	if !p.Contains(ip) {
		v.add(Error, "ip.outside-subnet", path+field, "%s is outside subnet %s (%s)", ip, sn.Name, p)
		return
	}
	if ReservedInSubnet(p, ip) {
		v.add(Error, "ip.reserved", path+field, "%s is one of the five addresses Azure reserves in %s (network, .1, .2, .3, broadcast) (rule:address-space.reserved-addresses)", ip, p)
	}
}

// ReservedInSubnet reports whether ip is one of the five addresses Azure
// reserves in subnet p: the network address, the next three (the default
// gateway and Azure DNS) and, in IPv4, the broadcast address
// (rule:address-space.reserved-addresses). No NIC or frontend can hold one.
func ReservedInSubnet(p netip.Prefix, ip netip.Addr) bool {
	first := p.Masked().Addr()
	a := first
	for range 4 {
		if a == ip {
			return true
		}
		a = a.Next()
	}
	if !p.Addr().Is4() {
		return false
	}
	b := first.As4()
	n := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
	n |= uint32(1)<<(32-p.Bits()) - 1
	last := netip.AddrFrom4([4]byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)})
	return ip == last
}

// nicAndVMIDs are the NIC ids ("vm/nic") and the ids of the VMs, true
// for a VM that has a NIC.
func (v *validator) nicAndVMIDs() (nics, vms map[string]bool) {
	nics, vms = make(map[string]bool, nicCount(v.t.VMs)), make(map[string]bool, len(v.t.VMs))
	for _, vm := range v.t.VMs {
		vms[vm.ID] = len(vm.NICs) > 0
		for _, n := range vm.NICs {
			nics[vm.ID+"/"+n.Name] = true
		}
	}
	return nics, vms
}

func (v *validator) loadBalancers() {
	var nics, first map[string]bool // NIC and VM ids, built for the first load balancer
	if len(v.t.LoadBalancers) > 0 {
		nics, first = v.nicAndVMIDs()
	}
	for _, lb := range v.t.LoadBalancers {
		path := "loadBalancers[" + lb.ID + "]"
		if lb.Sku != "" && lb.Sku != "Standard" && lb.Sku != "Basic" {
			v.add(Error, "lb.sku", path+".sku", "sku must be Standard or Basic, got %q", lb.Sku)
		}
		if lb.IsPublic() {
			v.publicLoadBalancer(lb, path, nics, first) // validate_edge.go
			continue
		}
		sn := v.subnets[lb.Subnet]
		if sn == nil {
			v.add(Error, "ref.dangling", path+".subnet", "subnet %q does not exist", lb.Subnet)
		}
		ip, err := netip.ParseAddr(lb.FrontendPrivateIPAddress)
		if err != nil {
			v.add(Error, "lb.ip-invalid", path+".frontendPrivateIpAddress", "%q is not an IP address", lb.FrontendPrivateIPAddress)
		} else {
			if other, dup := v.nicIPs[vnetAddr{vnet: v.subnetVNet[lb.Subnet], ip: ip}]; dup {
				v.add(Error, "nic.ip-duplicate", path+".frontendPrivateIpAddress", "%s is already used by %s in %s: an address is unique within a VNet (rule:address-space.private-ip-per-vnet)", ip, other, v.subnetVNet[lb.Subnet])
			}
			if sn != nil {
				v.ipInSubnet(ip, sn, path, ".frontendPrivateIpAddress")
			}
		}
		for _, b := range lb.Backends {
			if !nics[b] && !first[b] {
				v.add(Error, "ref.dangling", path+".backends", "backend %q is not a VM or NIC", b)
			}
		}
	}
}

func sortedMapKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// usesRemoteGateway reports whether vnet uses a peered hub's gateway
// (remoteHub).
func (v *validator) usesRemoteGateway(vnet string) bool { return v.remoteHub(vnet) != "" }

// remoteHub is the hub whose gateway vnet uses, "" for none: vnet's link
// sets useRemoteGateways, the hub's sets allowGatewayTransit and the hub
// has a GatewaySubnet (rule:gateway-transit.spoke-advertised-on-premises,
// rule:gateway-transit.spoke-to-spoke-needs-udr). Of several such
// peerings (an error of its own, peering.use-remote-multiple) the first
// in the design's order counts.
func (v *validator) remoteHub(vnet string) string {
	if v.remoteGateway == nil { // every VNet's answer, in one pass over the peerings
		v.remoteGateway = map[string]string{}
		for _, p := range v.t.Peerings {
			for _, pair := range [][2]PeeringLink{{p.A, p.B}, {p.B, p.A}} {
				if pair[0].UseRemoteGateways && pair[1].AllowGatewayTransit {
					if hub, ok := v.vnets[pair[1].VNet]; ok && hasSubnet(hub, GatewaySubnet) && v.remoteGateway[pair[0].VNet] == "" {
						v.remoteGateway[pair[0].VNet] = hub.ID
					}
				}
			}
		}
	}
	return v.remoteGateway[vnet]
}

// hasGateway reports whether VNet id holds a virtual network gateway, or
// (orRouteServer) a Route Server: what gateway transit offers and
// useRemoteGateways needs (rule:peering.allow-gateway-transit-needs-gateway, rule:peering.use-remote-gateways-conditions). A GatewaySubnet alone is not a
// gateway.
func (v *validator) hasGateway(id string, orRouteServer bool) bool {
	for _, g := range v.t.Gateways {
		if g.VNet == id {
			return true
		}
	}
	if orRouteServer {
		for _, rs := range v.t.RouteServers {
			if rs.VNet == id {
				return true
			}
		}
	}
	return false
}

// spelledHop is the route next hop type that s spells in another case
// ("virtualappliance"), "" when none does.
func spelledHop(s string) string {
	for _, h := range []string{HopVirtualAppliance, HopVirtualNetworkGateway, HopNone, HopVnetLocal, HopInternet} {
		if strings.EqualFold(strings.TrimSpace(s), h) {
			return h
		}
	}
	return ""
}
