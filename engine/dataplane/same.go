package dataplane

import (
	"maps"
	"reflect"
	"slices"

	"vnetplay/engine/model"
)

// ChangedLinks compares the structure of two planes: everything a packet
// walk reads besides route tables, gateways and NSG verdicts (VNets,
// subnets, NICs, load balancers, private endpoints, address indexes,
// peering links, NSG definitions and hybrid endpoints). When they agree on all of it except
// peering links, VNet locations and subnets' route tables and service
// endpoints, it returns the ordered VNet pairs (local, remote) whose link
// differs, is new or is gone (none: the same structure for a walk);
// otherwise ok is false. A packet walk reads links only through
// Link(local, remote) for the VNets it moves between (a location shows in
// the links' Global flag), and a subnet's route table and service endpoints
// only through its routes; so a walk that moved between no changed pair and
// whose lookups answer the same reads the same on both planes. Planes that
// share their structure (Update with equal inputs) compare in O(1), those
// sharing all but the links (Update after a peering edit) or all but the
// VNets, subnets and links (shareWalk: Update after an edit of locations,
// subnets' route tables or service endpoints) compare their links only,
// each VNet's merged by remote. It is conservative: ok false never makes
// an answer wrong, only slower.
//
// Its answers are ChangedLinksNaive's (TestChangedLinksEqualsNaive): the
// same fields compared with the same equality (reflect.DeepEqual's: nil
// and empty lists differ), field by field instead of by reflection, the
// sizes of every part first, and parts shared by pointer (maps, indexes,
// the Internet edge) without reading them.
func ChangedLinks(a, b *Plane) (pairs map[[2]string]bool, ok bool) {
	if a == b || a.structID != nil && a.structID == b.structID {
		return nil, true
	}
	// All but the links shared (and equal NSGs: same keys), or all but the
	// links and the fields sameForWalks leaves out (shareWalk).
	sameWalk := a.walkID != nil && a.walkID == b.walkID
	if !sameWalk && !sameForWalks(a, b) {
		return nil, false
	}
	return changedLinkPairs(a, b), true
}

// CrossedLinks returns, of pairs (ChangedLinks(a, b)'s answer), the
// ordered VNet pairs whose link differs between a and b in what a packet
// walk reads when it moves between the pair's VNets (trace's cross,
// crossPeering and linked): whether the link exists, its peering, state
// and Global flag, and both sides' effective allowVirtualNetworkAccess
// and allowForwardedTraffic (sameCrossing). A link changed otherwise —
// allowGatewayTransit, useRemoteGateways, a side's lifecycle with the
// same state, the synced copy of the remote address space — changes what
// the planes' route tables and hybrid control plane hold, not what a
// crossing reads. nil when there is none.
func CrossedLinks(a, b *Plane, pairs map[[2]string]bool) map[[2]string]bool {
	var out map[[2]string]bool
	for k := range pairs {
		if sameCrossing(a.Link(k[0], k[1]), b.Link(k[0], k[1])) {
			continue
		}
		if out == nil {
			out = map[[2]string]bool{}
		}
		out[k] = true
	}
	return out
}

// sameCrossing reports whether links x and y (nil: none) read the same to
// a walk crossing them (see CrossedLinks).
func sameCrossing(x, y *Link) bool {
	if x == nil || y == nil {
		return x == y
	}
	return x.Peering == y.Peering && x.State == y.State && x.Global == y.Global &&
		x.Self.VirtualNetworkAccess() == y.Self.VirtualNetworkAccess() &&
		x.Other.VirtualNetworkAccess() == y.Other.VirtualNetworkAccess() &&
		x.Self.AllowForwardedTraffic == y.Self.AllowForwardedTraffic &&
		x.Other.AllowForwardedTraffic == y.Other.AllowForwardedTraffic
}

// changedLinkPairs returns the ordered VNet pairs whose link differs
// between a and b, is new or is gone, both ways round. It merges each
// VNet's links (sorted by remote) instead of looking every one up.
func changedLinkPairs(a, b *Plane) map[[2]string]bool {
	pairs := map[[2]string]bool{}
	note := func(local, remote string) {
		pairs[[2]string{local, remote}] = true
		pairs[[2]string{remote, local}] = true
	}
	for v, la := range a.links {
		lb := b.links[v]
		if len(la) == len(lb) && len(la) > 0 && &la[0] == &lb[0] {
			continue // the same links (shared)
		}
		i, j := 0, 0
		for i < len(la) || j < len(lb) {
			switch {
			case j == len(lb) || i < len(la) && la[i].Remote < lb[j].Remote:
				note(v, la[i].Remote)
				i++
			case i == len(la) || lb[j].Remote < la[i].Remote:
				note(v, lb[j].Remote)
				j++
			default:
				if !sameLink(&la[i], &lb[j]) {
					note(v, la[i].Remote)
				}
				i, j = i+1, j+1
			}
		}
	}
	for v, lb := range b.links {
		if _, seen := a.links[v]; !seen {
			for i := range lb {
				note(v, lb[i].Remote)
			}
		}
	}
	return pairs
}

// sameForWalks reports whether a and b agree on everything a walk reads
// but peering links, VNet locations and subnets' route tables and service
// endpoints. The sizes are compared first, then the parts field by field,
// the address indexes and the Internet edge last (by reflection, free
// when shared).
func sameForWalks(a, b *Plane) bool {
	ha, hb := a.hybrid, b.hybrid
	if len(a.vnets) != len(b.vnets) || len(a.subnets) != len(b.subnets) || len(a.nics) != len(b.nics) ||
		len(a.lbs) != len(b.lbs) || len(a.nicByIP) != len(b.nicByIP) || len(a.lbByIP) != len(b.lbByIP) ||
		len(a.nsgs) != len(b.nsgs) || len(a.primaryNIC) != len(b.primaryNIC) || len(a.pes) != len(b.pes) ||
		len(a.peByIP) != len(b.peByIP) || len(ha.endpoints) != len(hb.endpoints) || len(ha.byIP) != len(hb.byIP) {
		return false
	}
	return sameMapBy(a.vnets, b.vnets, sameVNetForWalks) && sameMapBy(a.subnets, b.subnets, sameSubnetForWalks) &&
		sameMapBy(a.nics, b.nics, sameNIC) && sameMapBy(a.lbs, b.lbs, sameLB) &&
		sameComparable(a.nicByIP, b.nicByIP) && sameComparable(a.lbByIP, b.lbByIP) &&
		sameComparable(a.primaryNIC, b.primaryNIC) &&
		sameMapBy(a.pes, b.pes, samePE) && sameComparable(a.peByIP, b.peByIP) &&
		sameComparable(ha.endpoints, hb.endpoints) && sameComparable(ha.byIP, hb.byIP) &&
		reflect.DeepEqual(a.nsgs, b.nsgs) &&
		reflect.DeepEqual(a.subnetIx, b.subnetIx) && reflect.DeepEqual(a.vnetIx, b.vnetIx) &&
		reflect.DeepEqual(a.edge, b.edge) && reflect.DeepEqual(a.shared, b.shared)
}

// sameMapBy reports whether two maps of pointers hold the same keys with
// values equal by same (reflect.DeepEqual's map equality: nil and empty
// maps differ, which for the VNets and subnets, never nil, is the
// projected comparison's; a shared map is equal at once).
func sameMapBy[K comparable, T any](a, b map[K]*T, same func(x, y *T) bool) bool {
	if a == nil || b == nil || len(a) != len(b) {
		return a == nil && b == nil
	}
	if sharedMap(a, b) {
		return true
	}
	for k, x := range a {
		y, ok := b[k]
		if !ok || x != y && (x == nil || y == nil || !same(x, y)) {
			return false
		}
	}
	return true
}

// sameComparable is reflect.DeepEqual of two maps of comparable values.
func sameComparable[K, V comparable](a, b map[K]V) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return sharedMap(a, b) || maps.Equal(a, b)
}

// sharedMap reports whether a and b are the same map.
func sharedMap[K comparable, V any](a, b map[K]V) bool {
	return reflect.ValueOf(a).UnsafePointer() == reflect.ValueOf(b).UnsafePointer()
}

// sameList is reflect.DeepEqual of two lists of comparable values (nil
// and empty differ).
func sameList[T comparable](a, b []T) bool {
	return (a == nil) == (b == nil) && slices.Equal(a, b)
}

// sameVNetForWalks compares two VNets but their locations.
func sameVNetForWalks(x, y *VNet) bool {
	return x.ID == y.ID && sameList(x.Prefixes, y.Prefixes) && sameList(x.Subnets, y.Subnets)
}

// sameSubnetForWalks compares two subnets but their route tables and
// service endpoints.
func sameSubnetForWalks(x, y *Subnet) bool {
	return x.ID == y.ID && x.VNet == y.VNet && x.Name == y.Name && x.Prefix == y.Prefix && x.NSG == y.NSG &&
		x.PENetworkPolicies == y.PENetworkPolicies
}

func sameNIC(x, y *NIC) bool {
	return x.ID == y.ID && x.VM == y.VM && x.Name == y.Name && x.Subnet == y.Subnet && x.IP == y.IP &&
		x.IPForwarding == y.IPForwarding && x.GuestForwarding == y.GuestForwarding && x.Stateful == y.Stateful &&
		sameList(x.Behind, y.Behind) && x.NSG == y.NSG && x.Gateway == y.Gateway
}

func sameLB(x, y *LoadBalancer) bool {
	return x.ID == y.ID && x.Basic == y.Basic && x.Subnet == y.Subnet && x.Frontend == y.Frontend &&
		sameList(x.Backends, y.Backends)
}

func samePE(x, y *PrivateEndpoint) bool {
	return x.ID == y.ID && x.Subnet == y.Subnet && x.VNet == y.VNet && x.IP == y.IP && x.Target == y.Target &&
		sameList(x.GroupIDs, y.GroupIDs) && x.ConnectionState == y.ConnectionState
}

// sameLink is reflect.DeepEqual of two links.
func sameLink(x, y *Link) bool {
	return x.Peering == y.Peering && x.Local == y.Local && x.Remote == y.Remote && x.State == y.State &&
		x.Global == y.Global && samePeeringLink(&x.Self, &y.Self) && samePeeringLink(&x.Other, &y.Other)
}

func samePeeringLink(x, y *model.PeeringLink) bool {
	return x.VNet == y.VNet && x.Lifecycle == y.Lifecycle && samePtr(x.AllowVirtualNetworkAccess, y.AllowVirtualNetworkAccess) &&
		x.AllowForwardedTraffic == y.AllowForwardedTraffic && x.AllowGatewayTransit == y.AllowGatewayTransit &&
		x.UseRemoteGateways == y.UseRemoteGateways &&
		(x.RemoteAddressSpace == y.RemoteAddressSpace || x.RemoteAddressSpace != nil && y.RemoteAddressSpace != nil &&
			sameList(x.RemoteAddressSpace.AddressPrefixes, y.RemoteAddressSpace.AddressPrefixes))
}

// samePtr is reflect.DeepEqual of two pointers to comparable values.
func samePtr[T comparable](x, y *T) bool {
	return x == y || x != nil && y != nil && *x == *y
}
