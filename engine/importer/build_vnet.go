package importer

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
)

// VNets, their subnets and their peerings (rule:import.vnet-and-subnet-paths,
// rule:import.peering-sides), with the
// placeholder VNets that peerings to VNets outside the file bring in.

// placeholder is a VNet a peering names that is not in the file.
type placeholder struct {
	key, name, rg string
	prefixes      []string
	where         string // the first peering naming it
}

// peerLink is one peering resource with the VNet keys it joins.
type peerLink struct {
	n             *node
	local, remote string // VNet keys
}

// vnets maps the VNets with their subnets, the placeholders, then the
// peerings. Over scenario.MaxVNets VNets (placeholders counted) is an
// error.
func (b *builder) vnets() error {
	vnets := b.ix.top(typeVNet)
	links, holders := b.peeringLinks(vnets)
	if n := len(vnets) + len(holders); n > scenario.MaxVNets {
		return &scenario.LimitError{What: "VNets", Got: int64(n), Limit: scenario.MaxVNets}
	}
	cands := candidates(vnets)
	for _, h := range holders {
		cands = append(cands, candidate{key: h.key, name: h.name, qual: h.rg})
	}
	ids := allocate(cands)
	space := make(map[string][]string, len(vnets)+len(holders)) // VNet key → address space
	for _, v := range vnets {
		id := ids[v.key]
		b.register(cVNets, v, id)
		vn := b.vnet(v, id)
		space[v.key] = vn.AddressSpace.AddressPrefixes
		b.t.VNets = append(b.t.VNets, vn)
	}
	for _, h := range holders {
		id := ids[h.key]
		b.ids[cVNets] = mapWith(b.ids[cVNets], h.key, id)
		b.origin[cVNets+"["+id+"]"] = h.where
		space[h.key] = h.prefixes
		b.t.VNets = append(b.t.VNets, model.VNet{ID: id, AddressSpace: model.AddressSpace{AddressPrefixes: h.prefixes}})
		b.rep.AddFor(Placeholder, id, h.where, typeNameVNet+" "+h.name,
			fmt.Sprintf("a peering names VNet %s, which is not in the file (another subscription or resource group, or left out of the export): added as a placeholder VNet with the address space the peering gives (%s) and no subnets", h.name, strings.Join(h.prefixes, ", ")))
	}
	b.peerings(links, space)
	return nil
}

// typeNameVNet is the VNet type as ARM spells it, for the report.
const typeNameVNet = "Microsoft.Network/virtualNetworks"

// vnet maps one VNet and its subnets.
func (b *builder) vnet(v *node, id string) model.VNet {
	out := model.VNet{ID: id, Location: v.Location,
		AddressSpace: model.AddressSpace{AddressPrefixes: nonNil(v.Strings("addressSpace.addressPrefixes"))}}
	if dns := v.Strings("dhcpOptions.dnsServers"); len(dns) > 0 {
		out.DhcpOptions = &model.DhcpOptions{DNSServers: dns}
	}
	subs := b.ix.children(v, "subnets")
	for _, s := range subs {
		if sn, ok := b.subnet(s, id); ok {
			out.Subnets = append(out.Subnets, sn)
		}
	}
	if _, listed := v.Props["subnets"]; !listed && len(subs) == 0 {
		// A VNet object without `subnets` does not mean none (rule:import.missing-subnets-not-empty).
		b.rep.AddFor(Assumed, id, v.Where, "subnets",
			"the file lists no subnet of this VNet, and a VNet without `subnets` does not mean one without subnets (since API 2023-09-01 subnets may be managed apart): imported without subnets; add the subnets to the file (az network vnet subnet list) if it has some")
	}
	return out
}

// subnet maps one subnet of VNet vnetID; ok false (reported) when it has
// no address prefix.
func (b *builder) subnet(s *node, vnetID string) (model.Subnet, bool) {
	id := vnetID + "/" + s.Name
	prefix := s.Str("addressPrefix")
	list := s.Strings("addressPrefixes") // rule:import.subnet-prefix-forms: either form
	if prefix == "" && len(list) > 0 {
		prefix = firstIPv4(list)
	}
	if prefix == "" {
		b.skip(s, "the subnet has neither addressPrefix nor addressPrefixes: left out, with what it holds")
		return model.Subnet{}, false
	}
	if len(list) > 1 {
		why := fmt.Sprintf("the subnet has %d prefixes (%s); vnetplay models one per subnet and kept %s", len(list), strings.Join(list, ", "), prefix)
		if slices.ContainsFunc(list, isIPv6Prefix) {
			why += " (a dual-stack subnet: its IPv6 range is not modelled, and its NICs are placed by their IPv4 addresses)"
		}
		b.rep.AddFor(Ignored, id, s.Where, "addressPrefixes", why)
	}
	sn := model.Subnet{Name: s.Name, AddressPrefix: prefix,
		RouteTable:                     b.resolve(s, id, "routeTable", cRouteTables, "the subnet is imported without a route table: only system routes apply"),
		NetworkSecurityGroup:           b.resolve(s, id, "networkSecurityGroup", cNSGs, "the subnet is imported without an NSG: nothing filters it at the subnet"),
		NatGateway:                     b.resolve(s, id, "natGateway", cNATs, "the subnet is imported without a NAT gateway: outbound traffic takes the next method (default outbound access)"),
		PrivateEndpointNetworkPolicies: s.Str("privateEndpointNetworkPolicies"),
	}
	if strings.EqualFold(sn.PrivateEndpointNetworkPolicies, model.PENetworkPoliciesDisabled) {
		sn.PrivateEndpointNetworkPolicies = "" // Azure's default, written as the model writes it: absent
	}
	if d := s.List("delegations"); len(d) > 0 {
		b.rep.AddFor(Ignored, id, s.Where, "delegations",
			"the subnet is delegated to a service; vnetplay does not model delegations (routes and NSGs apply as to any subnet)")
	}
	for i, e := range s.List("serviceEndpoints") {
		if svc := s.Elem("serviceEndpoints", i, e).Str("service"); svc != "" {
			sn.ServiceEndpoints = append(sn.ServiceEndpoints, model.ServiceEndpoint{Service: svc})
		}
	}
	if v, ok := s.Bool("defaultOutboundAccess"); ok {
		sn.DefaultOutboundAccess = &v
	}
	if len(s.List("serviceEndpointPolicies")) > 0 {
		b.rep.AddFor(Ignored, id, s.Where, "serviceEndpointPolicies",
			"service endpoint policies are not modelled: the service endpoints reach every account of the service")
	}
	b.subnets[s.key] = subnetInfo{id: id, vnet: vnetID, name: s.Name, prefix: prefix}
	b.origin[cVNets+"["+vnetID+"].subnets["+s.Name+"]"] = s.Where
	s.used = true
	return sn, true
}

// peeringLinks reads every peering of the VNets and returns them with the
// placeholder VNets they need (by key). A peering to its own VNet, without
// a remote VNet, or to a VNet outside the file for which no peering gives
// an address space is reported and left out.
func (b *builder) peeringLinks(vnets []*node) ([]peerLink, []*placeholder) {
	var links, outside []peerLink
	for _, v := range vnets {
		for _, p := range b.ix.children(v, "virtualNetworkPeerings") {
			remote := idKey(p.Ref("remoteVirtualNetwork"))
			switch {
			case remote == "":
				b.skip(p, "the peering names no remote VNet (remoteVirtualNetwork.id): left out")
			case remote == v.key:
				b.skip(p, "the peering names its own VNet as the remote one, which Azure refuses: left out")
			default:
				if _, ok := b.ix.get(remote, typeVNet); ok {
					links = append(links, peerLink{n: p, local: v.key, remote: remote})
				} else {
					outside = append(outside, peerLink{n: p, local: v.key, remote: remote})
				}
			}
		}
	}
	holders := map[string]*placeholder{}
	for _, l := range outside { // the first peering (by id) that gives a space
		if _, ok := holders[l.remote]; !ok {
			if h := holderOf(l); h != nil {
				holders[l.remote] = h
			}
		}
	}
	for _, l := range outside {
		if _, ok := holders[l.remote]; ok {
			links = append(links, l)
			continue
		}
		b.skip(l.n, fmt.Sprintf("the peering's remote VNet %s is not in the file and no peering gives its address space (remoteAddressSpace): left out, so nothing routes to that VNet", l.n.Ref("remoteVirtualNetwork")))
	}
	out := make([]*placeholder, 0, len(holders))
	for _, h := range holders {
		out = append(out, h)
	}
	slices.SortFunc(out, func(a, c *placeholder) int { return cmp.Compare(a.key, c.key) })
	return links, out
}

// holderOf is the placeholder VNet for the remote VNet of peering link l,
// with the address space the link gives: the remote VNet's current space
// (remoteVirtualNetworkAddressSpace), else the link's synced copy
// (remoteAddressSpace). When the two differ, the link is not in sync
// (peeringSyncLevel LocalNotInSync) and keeps its copy, which its routes
// follow (rule:peering.address-space-sync); a placeholder with the copy
// would hide that. nil when the link gives neither.
func holderOf(l peerLink) *placeholder {
	prefixes := l.n.Strings("remoteVirtualNetworkAddressSpace.addressPrefixes")
	if len(prefixes) == 0 {
		prefixes = l.n.Strings("remoteAddressSpace.addressPrefixes")
	}
	if len(prefixes) == 0 {
		return nil
	}
	ref := l.n.Ref("remoteVirtualNetwork")
	return &placeholder{key: l.remote, name: nameFromID(ref), rg: resourceGroup(ref), prefixes: prefixes, where: l.n.Where}
}

// pairOf is the key of the VNet pair a peering joins (order-free) and the
// pair's VNet keys in order. The key quotes each VNet key, so no id
// (hostile input may hold "|" in one) makes two pairs one.
func pairOf(a, c string) (string, [2]string) {
	if a > c {
		a, c = c, a
	}
	return strconv.Quote(a) + strconv.Quote(c), [2]string{a, c}
}

// peerings maps the peering links: one vnetplay peering per VNet pair,
// named after the link of the VNet whose id sorts first, each side's flags
// from its own link; a side not in the file is taken as created, with
// Azure's default flags, when the other says Connected, as deleted when it
// says Disconnected, and else as never created (Initiated).
func (b *builder) peerings(links []peerLink, space map[string][]string) {
	type pair struct {
		sides map[string]*node
		keys  [2]string // the VNet keys, in order
	}
	pairs := map[string]*pair{}
	var order []string
	for _, l := range links {
		k, keys := pairOf(l.local, l.remote)
		pr := pairs[k]
		if pr == nil {
			pr = &pair{sides: map[string]*node{}, keys: keys}
			pairs[k] = pr
			order = append(order, k)
		}
		if prev, dup := pr.sides[l.local]; dup {
			b.skip(l.n, fmt.Sprintf("a second peering between the same two VNets from the same side (the first is %s); Azure allows one: left out", prev.Name))
			continue
		}
		pr.sides[l.local] = l.n
	}
	slices.SortFunc(order, func(x, y string) int { // by "a|c", as ids were always allocated
		px, py := pairs[x].keys, pairs[y].keys
		return cmp.Or(cmp.Compare(px[0]+"|"+px[1], py[0]+"|"+py[1]), cmp.Compare(x, y))
	})
	cands := make([]candidate, 0, len(order))
	ends := make(map[string][2]string, len(order)) // pair → VNet keys a, b
	for _, k := range order {
		ka, kb := pairs[k].keys[0], pairs[k].keys[1]
		if b.ids[cVNets][kb] < b.ids[cVNets][ka] {
			ka, kb = kb, ka
		}
		ends[k] = [2]string{ka, kb}
		named := pairs[k].sides[ka]
		if named == nil {
			named = pairs[k].sides[kb]
		}
		cands = append(cands, candidate{key: k, name: named.Name, qual: b.ids[cVNets][ka]})
	}
	ids := allocate(cands)
	for _, k := range order {
		e := ends[k]
		id := ids[k]
		sa, sb := pairs[k].sides[e[0]], pairs[k].sides[e[1]]
		p := model.Peering{ID: id, A: b.peeringLink(id, e[0], sa, sb, space[e[1]]), B: b.peeringLink(id, e[1], sb, sa, space[e[0]])}
		b.settleDisconnected(&p, sa, sb)
		owner := sa
		if owner == nil {
			owner = sb
		}
		b.register(cPeerings, owner, id)
		for _, s := range []*node{sa, sb} {
			if s != nil {
				s.used = true
			}
		}
		b.t.Peerings = append(b.t.Peerings, p)
	}
}

// settleDisconnected keeps the state a link in the file reports when both
// links are in the file: a link whose peeringState is Disconnected lost its
// remote link (deleted after the peering connected), and Azure carries no
// traffic over it until it is itself deleted and re-created, even when the
// remote VNet has a link again, which is then Initiated
// (rule:peering.link-states). The model derives the states from which
// links exist, so the other link is taken as deleted (its flags kept): the
// peering shows Disconnected and carries nothing, as in Azure; reported.
// sa and sb are p.A's and p.B's links (nil when not in the file).
func (b *builder) settleDisconnected(p *model.Peering, sa, sb *node) {
	if sa == nil || sb == nil {
		return
	}
	for _, side := range []struct {
		self, other *node
		link        *model.PeeringLink
		vnet, rvnet string
	}{{sa, sb, &p.B, p.A.VNet, p.B.VNet}, {sb, sa, &p.A, p.B.VNet, p.A.VNet}} {
		if !lowerIs(side.self.Str("peeringState"), "Disconnected") {
			continue
		}
		side.link.Lifecycle = model.LinkDeleted
		b.rep.AddFor(Assumed, p.ID, side.self.Where, "peering side of "+side.rvnet,
			fmt.Sprintf("%s's link %s says peeringState Disconnected: its remote link was deleted after the peering connected, and Azure carries no traffic over it until %s's link is deleted and re-created (rule:peering.link-states), whatever %s's link %s in the file says (peeringState %s). Taken as deleted, with its flags kept, so the peering is Disconnected and carries nothing; delete and re-create %s's link to connect it",
				side.vnet, side.self.Name, side.vnet, side.rvnet, side.other.Name, stateText(side.other), side.vnet))
		return // one side Disconnected is enough: the peering is down
	}
}

// stateText is a peering link's peeringState as the file gives it, "not
// given" when absent.
func stateText(n *node) string {
	if s := n.Str("peeringState"); s != "" {
		return s
	}
	return "not given"
}

// peeringsListed reports whether VNet key vk is a VNet of the file whose
// output lists its peerings (a virtualNetworkPeerings array, empty or not):
// then a link it does not list does not exist as of that output.
func (b *builder) peeringsListed(vk string) bool {
	n, ok := b.ix.byKey[vk]
	if !ok || n.typ != typeVNet {
		return false
	}
	_, ok = n.Props["virtualNetworkPeerings"].([]any)
	return ok
}

// remoteDefaults are the flags a link not in the file gets when the other
// side says Connected: Azure's defaults, the zero PeeringLink
// (rule:peering.allow-virtual-network-access, rule:peering.allow-forwarded-traffic;
// gateway transit and remote gateways are off until set).
const remoteDefaults = "allowVirtualNetworkAccess true, allowForwardedTraffic false, allowGatewayTransit false, useRemoteGateways false"

// peeringLink maps the link of VNet key vk (self, nil when not in the
// file; other is the opposite link) of peering id; remote is the other
// VNet's address space.
func (b *builder) peeringLink(id, vk string, self, other *node, remote []string) model.PeeringLink {
	l := model.PeeringLink{VNet: b.ids[cVNets][vk]}
	if self == nil {
		from := b.ids[cVNets][other.parent]
		missing := fmt.Sprintf("the peering from %s back to %s is not in the file", l.VNet, from)
		listed := b.peeringsListed(vk)
		if listed {
			missing = fmt.Sprintf("%s's own output lists its peerings (virtualNetworkPeerings) and none goes back to %s", l.VNet, from)
		}
		switch state := other.Str("peeringState"); {
		case lowerIs(state, "Connected") && listed:
			// Both outputs cannot hold at one moment: they were taken at
			// different times. The Connected side is the more specific.
			b.rep.AddFor(Assumed, id, other.Where, "peering side of "+l.VNet,
				fmt.Sprintf("%s, but %s's side says peeringState Connected, which Azure sets only when both links exist (rule:peering.link-states): the two outputs disagree (taken at different times?). Taken as created, so the peering is Connected, with Azure's default flags (%s); export both VNets at once to settle it", missing, from, remoteDefaults))
		case lowerIs(state, "Connected"):
			// Azure sets Connected only when both links exist
			// (rule:peering.link-states): the link exists, with flags the
			// file does not give.
			b.rep.AddFor(Assumed, id, other.Where, "peering side of "+l.VNet,
				fmt.Sprintf("%s, but %s's side says peeringState Connected, which Azure sets only when both links exist (rule:peering.link-states): taken as created, so the peering is Connected. Its flags are unknown: assumed Azure's defaults (%s); add the link from %s (az network vnet peering list) to import its real flags", missing, from, remoteDefaults, l.VNet))
		case lowerIs(state, "Disconnected"):
			l.Lifecycle = model.LinkDeleted
			b.rep.AddFor(Assumed, id, other.Where, "peering side of "+l.VNet,
				fmt.Sprintf("%s: taken as deleted, as the other side's peeringState Disconnected says: the peering carries no traffic (rule:peering.link-states); add it if it exists", missing))
		default:
			l.Lifecycle = model.LinkNotCreated
			b.rep.AddFor(Assumed, id, other.Where, "peering side of "+l.VNet,
				fmt.Sprintf("%s: taken as not yet created: the peering is Initiated and carries no traffic until it is (rule:peering.link-states); add it if it exists", missing))
		}
		return l
	}
	if v, ok := self.Bool("allowVirtualNetworkAccess"); ok && !v {
		l.AllowVirtualNetworkAccess = &v
	}
	l.AllowForwardedTraffic, _ = self.Bool("allowForwardedTraffic")
	l.AllowGatewayTransit, _ = self.Bool("allowGatewayTransit")
	l.UseRemoteGateways, _ = self.Bool("useRemoteGateways")
	if hub, ok := vwanHub(self); ok {
		b.vwanConnection(id, self, hub, &l)
	} else if _, inFile := b.ix.get(self.Ref("remoteVirtualNetwork"), typeVNet); !inFile && l.UseRemoteGateways {
		b.remoteGatewayOutside(id, self, &l)
	}
	if v, ok := self.Bool("peerCompleteVnets"); ok && !v {
		b.subnetPeering(id, l.VNet, self)
		return l
	}
	if synced := self.Strings("remoteAddressSpace.addressPrefixes"); len(synced) > 0 && !sameStrings(synced, remote) {
		l.RemoteAddressSpace = &model.AddressSpace{AddressPrefixes: synced} // rule:peering.address-space-sync
	}
	return l
}

// vwanHub returns the name of the Virtual WAN hub whose connection
// peering link self is, and whether it is one. Azure connects a VNet to a
// hub by a peering named RemoteVnetToHubPeering_<guid> to a hidden VNet
// HV_<hub>_<guid> in a managed resource group RG_<hub>_<guid>.
func vwanHub(self *node) (string, bool) {
	remote := self.Ref("remoteVirtualNetwork")
	name, rg := nameFromID(remote), resourceGroup(remote)
	hidden := hasPrefixFold(name, "HV_") && hasPrefixFold(rg, "RG_")
	if !hidden && !hasPrefixFold(self.Name, "RemoteVnetToHubPeering_") {
		return "", false
	}
	if !hidden {
		return name, true
	}
	hub := name[len("HV_"):]
	if i := strings.LastIndexByte(hub, '_'); i > 0 {
		hub = hub[:i] // the trailing _<guid>
	}
	return hub, true
}

// hasPrefixFold reports whether s begins with prefix, without regard to
// case.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// vwanConnection reports link l (self in the file, of peering id), a VNet's
// connection to Virtual WAN hub hub, which vnetplay does not model: it
// stays a peering to the hidden hub VNet (a placeholder with the hub's
// address space, as a spoke's effective routes show it, VNetPeering), and
// its useRemoteGateways, which names the hub's gateways and routing, is
// dropped, since the placeholder has none.
func (b *builder) vwanConnection(id string, self *node, hub string, l *model.PeeringLink) {
	why := fmt.Sprintf("the peering %s to %s is %s's connection to Virtual WAN hub %s (Azure makes it as a peering to a hidden hub VNet in a managed resource group): Virtual WAN is not modelled, so it is imported as a plain peering to the hub's address space; what the hub routes (other connected VNets, branches, its gateways, routing intent) is missing", self.Name, nameFromID(self.Ref("remoteVirtualNetwork")), l.VNet, hub)
	if l.UseRemoteGateways {
		l.UseRemoteGateways = false
		why += "; its useRemoteGateways true, which names the hub's gateways, is dropped, since the hub is not in the design"
	}
	b.rep.AddFor(Ignored, id, self.Where, "virtualNetworkPeerings (Virtual WAN)", why)
}

// remoteGatewayOutside reports link l (self in the file, of peering id),
// which uses the gateways of a VNet outside the file: Azure lets a link
// set useRemoteGateways only when the remote VNet has a gateway or a Route
// Server (RemoteVnetHasNoGateways otherwise), so that VNet has one, but the
// placeholder that stands for it has none. The flag is dropped, so the
// design does not fail lint for a gateway that exists in Azure, and what
// the gateway would give (on-premises routes) is reported missing.
func (b *builder) remoteGatewayOutside(id string, self *node, l *model.PeeringLink) {
	l.UseRemoteGateways = false
	remote := nameFromID(self.Ref("remoteVirtualNetwork"))
	b.rep.AddFor(Ignored, id, self.Where, "useRemoteGateways",
		fmt.Sprintf("%s's link %s uses the gateways of %s (useRemoteGateways true), which Azure allows only when %s has a gateway or Route Server; %s is not in the file, so its gateway is not either: the flag is dropped, and the routes that gateway gives %s (on-premises, through gateway transit) are missing; export %s's resource group too", l.VNet, self.Name, remote, remote, remote, l.VNet, remote))
}

// subnetPeering reports link self (of VNet vnet, peering id), a subnet
// peering (peerCompleteVnets false): the scenario model peers whole VNets,
// so it is imported as one and more subnets reach each other than in
// Azure. Its remoteAddressSpace is the remote subnets' ranges, not a stale
// copy of the remote VNet's space, so it is not taken as one
// (rule:peering.address-space-sync): that would show a sync state Azure
// does not report.
func (b *builder) subnetPeering(id, vnet string, self *node) {
	local, remote := self.Strings("localSubnetNames"), self.Strings("remoteSubnetNames")
	names := func(l []string) string {
		if len(l) == 0 {
			return "(none listed)"
		}
		return strings.Join(l, ", ")
	}
	why := fmt.Sprintf("subnet peering: in Azure the link from %s is limited to subnets %s ↔ %s (peerCompleteVnets false, localSubnetNames, remoteSubnetNames); vnetplay peers whole VNets, so it is imported as a whole-VNet peering and more subnets reach each other than in Azure", vnet, names(local), names(remote))
	if space := self.Strings("remoteAddressSpace.addressPrefixes"); len(space) > 0 {
		why += fmt.Sprintf("; its remoteAddressSpace (%s) is the remote subnets' ranges, not taken as the peered copy of the remote VNet's space", strings.Join(space, ", "))
	}
	b.rep.AddFor(Ignored, id, self.Where, "peerCompleteVnets", why)
}

// sameStrings reports whether a and c hold the same strings, in any order.
func sameStrings(a, c []string) bool {
	if len(a) != len(c) {
		return false
	}
	x, y := slices.Clone(a), slices.Clone(c)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}

// firstIPv4 returns the first IPv4 prefix of a subnet's addressPrefixes,
// else the first prefix: a dual-stack subnet lists its IPv6 /64 beside its
// IPv4 range in the order it was given, and vnetplay keeps the range its
// NICs' primary (IPv4) addresses are in.
func firstIPv4(list []string) string {
	for _, p := range list {
		if pp, err := netip.ParsePrefix(strings.TrimSpace(p)); err == nil && pp.Addr().Is4() {
			return p
		}
	}
	return list[0]
}

// isIPv6Prefix reports whether s is an IPv6 prefix.
func isIPv6Prefix(s string) bool {
	p, err := netip.ParsePrefix(strings.TrimSpace(s))
	return err == nil && p.Addr().Is6()
}
