package scenario

import (
	"errors"
	"fmt"
	"strings"

	"vnetplay/engine/model"
)

// Errors of Rename, for errors.Is. A refused name also wraps
// model.ErrInvalidName (it is CheckName's *model.NameError).
var (
	// ErrSameName: the new name is the resource's current name.
	ErrSameName = errors.New("the new name is the current name")
	// ErrNotFound: no resource of that kind has that id.
	ErrNotFound = errors.New("no such resource")
	// ErrAmbiguous: several resources of that kind share the id
	// (model.Validate reports id.duplicate); which one to rename is unknown.
	ErrAmbiguous = errors.New("several resources share this id")
	// ErrNameTaken: another resource already has the name, or the name is
	// one vnetplay reserves.
	ErrNameTaken = errors.New("name already in use")
)

// renameError is a Rename error with a message of its own that wraps one
// of the errors above.
type renameError struct {
	msg string
	err error
}

func (e *renameError) Error() string { return e.msg }
func (e *renameError) Unwrap() error { return e.err }

func refuse(sentinel error, format string, args ...any) error {
	return &renameError{msg: fmt.Sprintf(format, args...), err: sentinel}
}

// Rename changes the name of one resource of doc and every reference to it,
// in place. id is the resource's current id (for sub-resources the full
// "parent/name" id); name is the new name (for sub-resources only the last
// segment: the parent stays).
//
// It refuses, changing nothing, a resource that does not exist
// (ErrNotFound) or whose id several resources of the kind share
// (ErrAmbiguous), a name model.CheckName refuses (model.ErrInvalidName), and
// a name already used (ErrNameTaken): by a resource of the same kind in the
// same scope (a sibling subnet, NIC, host, Route Server peer or P2S client),
// or — because vnetplay's canvas layout, BGP speaker names and packet-walk
// hops are keyed by bare ids — by any other top-level resource of any kind
// (`"spoke1" is already the name of route table spoke1`). Names compare
// case-insensitively, as Azure compares them. A top-level resource may not
// take a name the packet walk uses for something else ("Internet",
// "AzurePlatform", "AzureService"). Renaming to the same name is an error
// wrapping ErrSameName; changing only the case is a rename.
//
// The references it rewrites are those that resolve to the resource or to
// one of its sub-resources, found the way the engine resolves them: typed
// fields (a subnet's routeTable or natGateway, a NIC's or a load balancer
// frontend's publicIPAddress, a connection's peer, ...) by exact id;
// failure targets by their kind; expectation fields by the expectation's
// kind (reach: from, to, via; route: subnet; bgp: speaker), trying the
// kinds in the engine's order (an endpoint is a NIC, then a VM, a host, a
// P2S client), in doc.Expect and in a challenge's goals; a challenge
// constraint's target, noNew baseline ids and unchanged baseline
// (challenge_rename.go); layout keys by bare id and "p2s:<gateway>". An empty value,
// a dangling reference, an IP address, and "Internet" where it means the
// Internet (a reach expectation's to or via, the layout key) are never
// rewritten.
// Names of other resources that merely look like the id (a peering named
// after a VNet) are not references and stay.
//
// Rename mutates doc's slices, maps and the Layout.Nodes map in place: a
// caller keeping an earlier version of the document must not share them.
// A bare VM id names the VM's primary NIC (model.VM.PrimaryNIC: the one
// marked primary, else the first in sorted order), so renaming a NIC of a
// multi-NIC VM none of whose NICs is marked can change which NIC a bare VM
// reference means; Rename leaves such references as they are.
func Rename(doc *Document, k model.Kind, id, name string) error {
	if _, _, ok := k.NameLength(); !ok {
		return refuse(ErrNotFound, "unknown resource kind %q", string(k))
	}
	ix := newIndex(&doc.Topology)
	parents := ix.ids[k][id]
	switch len(parents) {
	case 0:
		return refuse(ErrNotFound, "there is no %s %q in this design", k.Noun(), id)
	case 1:
	default:
		return refuse(ErrAmbiguous, "%d %ss have the id %q; give them distinct ids first", len(parents), k.Noun(), id)
	}
	parent := parents[0]
	_, child := k.Parent()
	newID := name
	if child {
		newID = parent + "/" + name
	}
	if newID == id {
		return refuse(ErrSameName, "%s %s is already named %q", k.Noun(), id, name)
	}
	if err := model.CheckName(k, name); err != nil {
		return err
	}
	if err := ix.taken(k, id, parent, name); err != nil {
		return err
	}
	r := &renamer{ix: ix, moves: moves(&doc.Topology, k, id, newID)}
	r.topology(&doc.Topology)
	r.failures(doc.Failures, k, id, newID)
	r.expectations(doc.Expect)
	r.challenge(doc.Challenge, k, id, name)
	r.layout(doc.Layout, k, id, newID)
	setName(&doc.Topology, k, id, name)
	return nil
}

// reserved reports whether a top-level resource may not be named s: the
// packet walk's pseudo-nodes, which expectations and the canvas also use.
func reserved(s string) bool {
	for _, r := range [...]string{"Internet", "AzurePlatform", "AzureService"} {
		if strings.EqualFold(s, r) {
			return true
		}
	}
	return false
}

// index lists every resource of a topology: ids[kind][id] holds the parent
// id of each resource of that kind with that id ("" for top-level ones),
// so a duplicated id has several entries.
type index struct {
	ids map[model.Kind]map[string][]string
	// order lists the kinds and ids as added, for deterministic messages.
	order []ref
}

type ref struct {
	kind model.Kind
	id   string
}

func (ix *index) add(k model.Kind, parent, id string) {
	m := ix.ids[k]
	if m == nil {
		m = map[string][]string{}
		ix.ids[k] = m
	}
	m[id] = append(m[id], parent)
	ix.order = append(ix.order, ref{k, id})
}

// has reports whether a resource of kind k has id s.
func (ix *index) has(k model.Kind, s string) bool { return len(ix.ids[k][s]) > 0 }

func newIndex(t *model.Topology) *index {
	ix := &index{ids: map[model.Kind]map[string][]string{}}
	for _, v := range t.VNets {
		ix.add(model.KindVNet, "", v.ID)
		for _, s := range v.Subnets {
			ix.add(model.KindSubnet, v.ID, v.ID+"/"+s.Name)
		}
	}
	for _, p := range t.Peerings {
		ix.add(model.KindPeering, "", p.ID)
	}
	for _, x := range t.RouteTables {
		ix.add(model.KindRouteTable, "", x.ID)
	}
	for _, x := range t.NSGs {
		ix.add(model.KindNSG, "", x.ID)
	}
	for _, vm := range t.VMs {
		ix.add(model.KindVM, "", vm.ID)
		for _, n := range vm.NICs {
			ix.add(model.KindNIC, vm.ID, vm.ID+"/"+n.Name)
		}
		for _, h := range behindHosts(vm) {
			ix.add(kindBehindHost, vm.ID, vm.ID+"/"+h)
		}
	}
	for _, x := range t.LoadBalancers {
		ix.add(model.KindLoadBalancer, "", x.ID)
	}
	for _, x := range t.PublicIPAddresses {
		ix.add(model.KindPublicIP, "", x.ID)
	}
	for _, x := range t.NatGateways {
		ix.add(model.KindNatGateway, "", x.ID)
	}
	for _, g := range t.Gateways {
		ix.add(model.KindGateway, "", g.ID)
		if c := g.VpnClientConfiguration; c != nil {
			for _, cl := range c.Clients {
				ix.add(model.KindP2SClient, g.ID, g.ID+"/"+cl.ID)
			}
		}
	}
	for _, x := range t.LocalNetworkGateways {
		ix.add(model.KindLocalNetworkGateway, "", x.ID)
	}
	for _, s := range t.Sites {
		ix.add(model.KindSite, "", s.ID)
		for _, h := range s.Hosts {
			ix.add(model.KindHost, s.ID, s.ID+"/"+h.ID)
		}
	}
	for _, x := range t.Connections {
		ix.add(model.KindConnection, "", x.ID)
	}
	for _, x := range t.Circuits {
		ix.add(model.KindCircuit, "", x.ID)
	}
	for _, rs := range t.RouteServers {
		ix.add(model.KindRouteServer, "", rs.ID)
		for _, b := range rs.BgpConnections {
			ix.add(model.KindRouteServerPeer, rs.ID, rs.ID+"/"+b.Name)
		}
	}
	for _, c := range idTable(t) {
		for _, id := range c.ids {
			ix.add(c.kind, "", *id)
		}
	}
	return ix
}

// idColumn is one kind of top-level resource in idTable: the kind and the
// id fields of its resources in t, in document order.
type idColumn struct {
	kind model.Kind
	ids  []*string
}

// idTable lists the private endpoints and the name resolution resources —
// top-level kinds whose rename changes their id only (no sub-resource
// moves with them) — with pointers to their id fields: newIndex indexes
// them, in this order after every other kind, and setName renames through
// them. Another kind of that shape needs only a row here.
func idTable(t *model.Topology) []idColumn {
	return []idColumn{
		{model.KindPrivateEndpoint, idFields(t.PrivateEndpoints, func(x *model.PrivateEndpoint) *string { return &x.ID })},
		{model.KindPrivateDNSZone, idFields(t.PrivateDNSZones, func(x *model.PrivateDnsZone) *string { return &x.ID })},
		{model.KindDNSResolver, idFields(t.DNSResolvers, func(x *model.DNSResolver) *string { return &x.ID })},
		{model.KindDNSForwardingRuleset, idFields(t.DNSForwardingRulesets, func(x *model.DNSForwardingRuleset) *string { return &x.ID })},
	}
}

// idFields points at the id field of each of items, in order.
func idFields[T any](items []T, id func(*T) *string) []*string {
	out := make([]*string, len(items))
	for i := range items {
		out[i] = id(&items[i])
	}
	return out
}

// taken reports why name may not replace the resource (k, id) whose parent
// is parent: a reserved name, a top-level resource of any kind with that
// name, or a sibling of the same kind with that name.
func (ix *index) taken(k model.Kind, id, parent, name string) error {
	if _, child := k.Parent(); child {
		for _, o := range ix.order {
			if o.kind != k || o.id == id {
				continue
			}
			for _, p := range ix.ids[k][o.id] {
				if p == parent && strings.EqualFold(o.id, parent+"/"+name) {
					return refuse(ErrNameTaken, "%q is already the name of %s %s", name, k.Noun(), o.id)
				}
			}
		}
		return nil
	}
	if reserved(name) {
		return refuse(ErrNameTaken, "%q is reserved: vnetplay uses it for a node of the packet walk (the Internet or the Azure platform)", name)
	}
	for _, o := range ix.order {
		if _, child := o.kind.Parent(); child || (o.kind == k && o.id == id) {
			continue
		}
		if strings.EqualFold(o.id, name) {
			return refuse(ErrNameTaken, "%q is already the name of %s %s", name, o.kind.Noun(), o.id)
		}
	}
	return nil
}

// moves maps, per kind, the old id of the renamed resource and of each of
// its sub-resources to the new one.
func moves(t *model.Topology, k model.Kind, id, newID string) map[model.Kind]map[string]string {
	m := map[model.Kind]map[string]string{k: {id: newID}}
	sub := func(kind model.Kind, name string) {
		if m[kind] == nil {
			m[kind] = map[string]string{}
		}
		m[kind][id+"/"+name] = newID + "/" + name
	}
	switch k {
	case model.KindVNet:
		for _, v := range t.VNets {
			if v.ID == id {
				for _, s := range v.Subnets {
					sub(model.KindSubnet, s.Name)
				}
			}
		}
	case model.KindVM:
		for _, vm := range t.VMs {
			if vm.ID == id {
				for _, n := range vm.NICs {
					sub(model.KindNIC, n.Name)
				}
				for _, h := range behindHosts(vm) {
					sub(kindBehindHost, h)
				}
			}
		}
	case model.KindGateway:
		for _, g := range t.Gateways {
			if g.ID == id && g.VpnClientConfiguration != nil {
				for _, c := range g.VpnClientConfiguration.Clients {
					sub(model.KindP2SClient, c.ID)
				}
			}
		}
	case model.KindSite:
		for _, s := range t.Sites {
			if s.ID == id {
				for _, h := range s.Hosts {
					sub(model.KindHost, h.ID)
				}
			}
		}
	case model.KindRouteServer:
		for _, rs := range t.RouteServers {
			if rs.ID == id {
				for _, b := range rs.BgpConnections {
					sub(model.KindRouteServerPeer, b.Name)
				}
			}
		}
	}
	return m
}

// renamer rewrites references. ix is the document before the rename: every
// reference resolves against it, so the order of the rewrites is free.
type renamer struct {
	ix    *index
	moves map[model.Kind]map[string]string
}

// The kinds a polymorphic reference may name, in the order the engine
// tries them.

// endpointKinds: dataplane.Plane.Endpoint (NICs, a VM's primary NIC, then
// on-premises hosts and P2S clients).
func endpointKinds() []model.Kind {
	return []model.Kind{model.KindNIC, model.KindVM, model.KindHost, model.KindP2SClient, kindBehindHost, model.KindPrivateEndpoint}
}

// kindBehindHost is a host of a network behind an NVA, endpoint
// "<vm>/<network>/<host>" (model.NetworkBehind): not a resource kind of its
// own (it is edited with its VM), but a reference a VM's rename moves.
const kindBehindHost model.Kind = "behindHost"

// behindHosts lists vm's hosts behind it as "<network>/<host>".
func behindHosts(vm model.VM) []string {
	var out []string
	for _, n := range vm.NetworksBehind {
		for _, h := range n.Hosts {
			out = append(out, n.Name+"/"+h.ID)
		}
	}
	return out
}

// viaKinds: the nodes of a packet walk (trace.Hop.Node) an expectation's via
// may name: endpoints, gateways, BGP neighbours and their owners.
func viaKinds() []model.Kind {
	return []model.Kind{model.KindNIC, model.KindVM, model.KindHost, model.KindP2SClient, kindBehindHost, model.KindGateway,
		model.KindSite, model.KindCircuit, model.KindRouteServer, model.KindRouteServerPeer}
}

// speakerKinds: BGP speakers in the order engine/bgp adds them (a Route
// Server peer whose NVA is no VM is the speaker "rs/name").
func speakerKinds() []model.Kind {
	return []model.Kind{model.KindGateway, model.KindSite, model.KindCircuit, model.KindRouteServer,
		model.KindVM, model.KindRouteServerPeer}
}

// backendKinds: a load balancer backend is a NIC or a VM (its primary NIC).
func backendKinds() []model.Kind { return []model.Kind{model.KindNIC, model.KindVM} }

// typed rewrites *s if it is the old id of a renamed resource of kind k.
func (r *renamer) typed(k model.Kind, s *string) {
	if *s == "" {
		return
	}
	if n, ok := r.moves[k][*s]; ok {
		*s = n
	}
}

// poly rewrites *s if the first of kinds that has a resource with id *s is
// a kind whose resource was renamed.
func (r *renamer) poly(kinds []model.Kind, s *string) {
	if *s == "" {
		return
	}
	for _, k := range kinds {
		if r.ix.has(k, *s) {
			r.typed(k, s)
			return
		}
	}
}

func (r *renamer) topology(t *model.Topology) {
	for i := range t.VNets {
		for j := range t.VNets[i].Subnets {
			s := &t.VNets[i].Subnets[j]
			r.typed(model.KindRouteTable, &s.RouteTable)
			r.typed(model.KindNSG, &s.NetworkSecurityGroup)
			r.typed(model.KindNatGateway, &s.NatGateway)
		}
	}
	for i := range t.Peerings {
		r.typed(model.KindVNet, &t.Peerings[i].A.VNet)
		r.typed(model.KindVNet, &t.Peerings[i].B.VNet)
	}
	for i := range t.VMs {
		for j := range t.VMs[i].NICs {
			n := &t.VMs[i].NICs[j]
			r.typed(model.KindSubnet, &n.Subnet)
			r.typed(model.KindNSG, &n.NetworkSecurityGroup)
			r.typed(model.KindPublicIP, &n.PublicIPAddress)
		}
	}
	for i := range t.LoadBalancers {
		lb := &t.LoadBalancers[i]
		r.typed(model.KindSubnet, &lb.Subnet)
		for j := range lb.FrontendIPConfigurations {
			r.typed(model.KindPublicIP, &lb.FrontendIPConfigurations[j].PublicIPAddress)
		}
		for j := range lb.Backends {
			r.poly(backendKinds(), &lb.Backends[j])
		}
		for j := range lb.BackendAddressPools {
			for k := range lb.BackendAddressPools[j].Backends {
				r.poly(backendKinds(), &lb.BackendAddressPools[j].Backends[k])
			}
		}
		for j := range lb.InboundNatRules {
			r.poly(backendKinds(), &lb.InboundNatRules[j].BackendIPConfiguration)
		}
	}
	for i := range t.NatGateways {
		for j := range t.NatGateways[i].PublicIPAddresses {
			r.typed(model.KindPublicIP, &t.NatGateways[i].PublicIPAddresses[j])
		}
	}
	for i := range t.Gateways {
		g := &t.Gateways[i]
		r.typed(model.KindVNet, &g.VNet)
		r.typed(model.KindLocalNetworkGateway, &g.GatewayDefaultSite)
	}
	for i := range t.LocalNetworkGateways {
		r.typed(model.KindSite, &t.LocalNetworkGateways[i].Site)
	}
	for i := range t.Connections {
		c := &t.Connections[i]
		r.typed(model.KindGateway, &c.VirtualNetworkGateway1)
		r.typed(model.KindGateway, &c.VirtualNetworkGateway2)
		r.typed(model.KindLocalNetworkGateway, &c.LocalNetworkGateway2)
		r.typed(model.KindCircuit, &c.Peer)
	}
	for i := range t.Circuits {
		c := &t.Circuits[i]
		r.typed(model.KindSite, &c.Site)
		for j := range c.GlobalReach {
			r.typed(model.KindCircuit, &c.GlobalReach[j])
		}
	}
	for i := range t.RouteServers {
		r.typed(model.KindVNet, &t.RouteServers[i].VNet)
	}
	r.names(t)
}

// names rewrites the references of private endpoints and of the name
// resolution resources: subnets ("vnet/subnet", or a subnet name of the
// resolver's VNet) and VNets.
func (r *renamer) names(t *model.Topology) {
	for i := range t.PrivateEndpoints {
		pe := &t.PrivateEndpoints[i]
		r.typed(model.KindSubnet, &pe.Subnet)
		if g := pe.PrivateDnsZoneGroup; g != nil {
			for j := range g.PrivateDnsZoneConfigs {
				r.typed(model.KindPrivateDNSZone, &g.PrivateDnsZoneConfigs[j].PrivateDnsZoneID)
			}
		}
	}
	for i := range t.PrivateDNSZones {
		for j := range t.PrivateDNSZones[i].VirtualNetworkLinks {
			r.typed(model.KindVNet, &t.PrivateDNSZones[i].VirtualNetworkLinks[j].VirtualNetwork)
		}
	}
	for i := range t.DNSResolvers {
		res := &t.DNSResolvers[i]
		local := func(name *string) { // a subnet of the resolver's VNet, by name
			full := res.VNet + "/" + *name
			if n, ok := r.moves[model.KindSubnet][full]; ok {
				_, *name, _ = strings.Cut(n, "/")
			}
		}
		for j := range res.InboundEndpoints {
			local(&res.InboundEndpoints[j].Subnet)
		}
		for j := range res.OutboundEndpoints {
			local(&res.OutboundEndpoints[j].Subnet)
		}
		r.typed(model.KindVNet, &res.VNet)
	}
	for i := range t.DNSForwardingRulesets {
		rs := &t.DNSForwardingRulesets[i]
		for j := range rs.VirtualNetworkLinks {
			r.typed(model.KindVNet, &rs.VirtualNetworkLinks[j].VirtualNetwork)
		}
		for j := range rs.DNSResolverOutboundEndpoints { // "<resolver>/<endpoint>"
			ref := &rs.DNSResolverOutboundEndpoints[j]
			if res, ep, ok := strings.Cut(*ref, "/"); ok {
				if n, moved := r.moves[model.KindDNSResolver][res]; moved {
					*ref = n + "/" + ep
				}
			}
		}
	}
}

// failures rewrites failure targets by their kind (model/failure.go). The
// instances "<gateway>/0|1" and sessions "<circuit>/primary|secondary" follow
// their gateway or circuit.
func (r *renamer) failures(sets map[string][]Failure, k model.Kind, id, newID string) {
	suffixed := func(s *string, suffixes ...string) {
		for _, suf := range suffixes {
			if *s == id+suf {
				*s = newID + suf
				return
			}
		}
	}
	for _, set := range sets {
		for i := range set {
			f := &set[i]
			switch f.Kind {
			case model.GatewayDown:
				r.typed(model.KindGateway, &f.Target)
			case model.GatewayInstanceDown:
				if k == model.KindGateway {
					suffixed(&f.Target, "/0", "/1")
				}
			case model.ConnectionDown:
				r.typed(model.KindConnection, &f.Target)
			case model.CircuitDown:
				r.typed(model.KindCircuit, &f.Target)
			case model.CircuitSessionDown:
				if k == model.KindCircuit {
					suffixed(&f.Target, "/primary", "/secondary")
				}
			case model.PeeringDown:
				r.typed(model.KindPeering, &f.Target)
			case model.RouteServerDown:
				r.typed(model.KindRouteServer, &f.Target)
			case model.RouteServerPeerDown:
				r.typed(model.KindRouteServerPeer, &f.Target)
			case model.ApplianceDown:
				r.typed(model.KindVM, &f.Target)
			case model.SiteDown:
				r.typed(model.KindSite, &f.Target)
			}
		}
	}
}

// expectations rewrites the fields each kind of expectation reads as ids;
// the others (a route expectation's to, an IP) are left alone. A reach
// expectation's to and via "Internet" mean the Internet (expect.Destination
// and the walk's hop names try it first), whatever resource has that id.
// A resolve expectation's from is an endpoint, as a reach expectation's.
//
// A DNS name an expectation resolves (a resolve expectation's name, a
// reach expectation's to that names no endpoint) follows the ids it is
// made of: a name in a renamed private DNS zone (whose id is its name)
// moves to the new zone name, and a renamed VM's name (the first label, as
// Azure-provided DNS and autoregistration know it: a single label, or one
// in internal.cloudapp.net, reddog.microsoft.com or a private zone of the
// design) becomes the new id. Matching is exact, so a rename and its
// reverse give back the same bytes. A privatelink zone's public names
// (acct.blob.core.windows.net) are not in the zone and do not move.
func (r *renamer) expectations(exps []Expectation) {
	dnsName := func(s *string) {
		if *s == "" {
			return
		}
		for old, to := range r.moves[model.KindPrivateDNSZone] {
			if n, ok := strings.CutSuffix(*s, "."+old); ok && n != "" {
				*s = n + "." + to
				return
			}
		}
		for old, to := range r.moves[model.KindVM] {
			host, rest, dotted := strings.Cut(*s, ".")
			if host != old {
				continue
			}
			if d := strings.TrimSuffix(rest, "."); !dotted || d == "internal.cloudapp.net" || d == "reddog.microsoft.com" || r.ix.has(model.KindPrivateDNSZone, d) {
				*s = to + (*s)[len(host):]
			}
			return
		}
	}
	for i := range exps {
		e := &exps[i]
		switch e.Kind {
		case ExpectReach:
			r.poly(endpointKinds(), &e.From)
			if e.To != "Internet" {
				before := e.To
				r.poly(endpointKinds(), &e.To)
				name := e.To == before && strings.Contains(e.To, ".")
				for _, k := range endpointKinds() {
					name = name && !r.ix.has(k, e.To)
				}
				if name {
					dnsName(&e.To)
				}
			}
			if e.Via != "Internet" {
				r.poly(viaKinds(), &e.Via)
			}
		case ExpectRoute:
			r.typed(model.KindSubnet, &e.Subnet)
		case ExpectBGP:
			r.poly(speakerKinds(), &e.Speaker)
		case ExpectResolve:
			r.poly(endpointKinds(), &e.From)
			dnsName(&e.Name)
		}
	}
}

// layout moves the canvas position saved under a top-level resource's bare
// id, and a gateway's P2S pool "p2s:<gateway>". A position another
// top-level resource with the old id still reads is copied, not moved.
func (r *renamer) layout(l *Layout, k model.Kind, id, newID string) {
	if _, child := k.Parent(); child || l == nil || l.Nodes == nil || reserved(id) {
		return
	}
	move := func(from, to string, keep bool) {
		if p, ok := l.Nodes[from]; ok {
			if !keep {
				delete(l.Nodes, from)
			}
			l.Nodes[to] = p
		}
	}
	shared := false
	for _, o := range r.ix.order {
		if _, child := o.kind.Parent(); !child && o.id == id && o.kind != k {
			shared = true
		}
	}
	move(id, newID, shared)
	if k == model.KindGateway {
		move("p2s:"+id, "p2s:"+newID, false)
	}
}

// setName renames the resource itself: its id, or the name field of a
// sub-resource.
func setName(t *model.Topology, k model.Kind, id, name string) {
	set := func(cur *string, full string) {
		if full == id {
			*cur = name
		}
	}
	switch k {
	case model.KindVNet:
		for i := range t.VNets {
			set(&t.VNets[i].ID, t.VNets[i].ID)
		}
	case model.KindSubnet:
		for i := range t.VNets {
			v := &t.VNets[i]
			for j := range v.Subnets {
				set(&v.Subnets[j].Name, v.ID+"/"+v.Subnets[j].Name)
			}
		}
	case model.KindPeering:
		for i := range t.Peerings {
			set(&t.Peerings[i].ID, t.Peerings[i].ID)
		}
	case model.KindRouteTable:
		for i := range t.RouteTables {
			set(&t.RouteTables[i].ID, t.RouteTables[i].ID)
		}
	case model.KindNSG:
		for i := range t.NSGs {
			set(&t.NSGs[i].ID, t.NSGs[i].ID)
		}
	case model.KindVM:
		for i := range t.VMs {
			set(&t.VMs[i].ID, t.VMs[i].ID)
		}
	case model.KindNIC:
		for i := range t.VMs {
			vm := &t.VMs[i]
			for j := range vm.NICs {
				set(&vm.NICs[j].Name, vm.ID+"/"+vm.NICs[j].Name)
			}
		}
	case model.KindLoadBalancer:
		for i := range t.LoadBalancers {
			set(&t.LoadBalancers[i].ID, t.LoadBalancers[i].ID)
		}
	case model.KindPublicIP:
		for i := range t.PublicIPAddresses {
			set(&t.PublicIPAddresses[i].ID, t.PublicIPAddresses[i].ID)
		}
	case model.KindNatGateway:
		for i := range t.NatGateways {
			set(&t.NatGateways[i].ID, t.NatGateways[i].ID)
		}
	case model.KindGateway:
		for i := range t.Gateways {
			set(&t.Gateways[i].ID, t.Gateways[i].ID)
		}
	case model.KindP2SClient:
		for i := range t.Gateways {
			g := &t.Gateways[i]
			if g.VpnClientConfiguration == nil {
				continue
			}
			for j := range g.VpnClientConfiguration.Clients {
				c := &g.VpnClientConfiguration.Clients[j]
				set(&c.ID, g.ID+"/"+c.ID)
			}
		}
	case model.KindLocalNetworkGateway:
		for i := range t.LocalNetworkGateways {
			set(&t.LocalNetworkGateways[i].ID, t.LocalNetworkGateways[i].ID)
		}
	case model.KindSite:
		for i := range t.Sites {
			set(&t.Sites[i].ID, t.Sites[i].ID)
		}
	case model.KindHost:
		for i := range t.Sites {
			s := &t.Sites[i]
			for j := range s.Hosts {
				set(&s.Hosts[j].ID, s.ID+"/"+s.Hosts[j].ID)
			}
		}
	case model.KindConnection:
		for i := range t.Connections {
			set(&t.Connections[i].ID, t.Connections[i].ID)
		}
	case model.KindCircuit:
		for i := range t.Circuits {
			set(&t.Circuits[i].ID, t.Circuits[i].ID)
		}
	case model.KindRouteServer:
		for i := range t.RouteServers {
			set(&t.RouteServers[i].ID, t.RouteServers[i].ID)
		}
	case model.KindRouteServerPeer:
		for i := range t.RouteServers {
			rs := &t.RouteServers[i]
			for j := range rs.BgpConnections {
				set(&rs.BgpConnections[j].Name, rs.ID+"/"+rs.BgpConnections[j].Name)
			}
		}
	}
	for _, c := range idTable(t) {
		if c.kind == k {
			for _, p := range c.ids {
				set(p, *p)
			}
		}
	}
}
