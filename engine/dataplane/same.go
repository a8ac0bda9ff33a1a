package dataplane

import "reflect"

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
// sharing all but the links (Update after a peering edit) compare their
// links only. It is conservative: ok false never makes an answer wrong,
// only slower.
func ChangedLinks(a, b *Plane) (pairs map[[2]string]bool, ok bool) {
	if a == b || a.structID != nil && a.structID == b.structID {
		return nil, true
	}
	sameBase := a.baseID != nil && a.baseID == b.baseID // all but the links shared (and equal NSGs: same keys)
	if !sameBase && !sameForWalks(a, b) {
		return nil, false
	}
	pairs = map[[2]string]bool{}
	note := func(x, y *Plane) {
		for k, l := range x.linkIx {
			if m, found := y.linkIx[k]; !found || !reflect.DeepEqual(*l, *m) {
				pairs[k] = true
				pairs[[2]string{k[1], k[0]}] = true
			}
		}
	}
	note(a, b)
	note(b, a)
	return pairs, true
}

// sameForWalks reports whether a and b agree on everything a walk reads
// but peering links, VNet locations and subnets' route tables and service
// endpoints.
func sameForWalks(a, b *Plane) bool {
	return sameMap(a.vnets, b.vnets, func(v VNet) VNet { v.Location = ""; return v }) &&
		sameMap(a.subnets, b.subnets, func(s Subnet) Subnet { s.RouteTable, s.ServiceEndpoints = "", nil; return s }) &&
		reflect.DeepEqual(a.nics, b.nics) && reflect.DeepEqual(a.lbs, b.lbs) &&
		reflect.DeepEqual(a.nicByIP, b.nicByIP) && reflect.DeepEqual(a.lbByIP, b.lbByIP) &&
		reflect.DeepEqual(a.nsgs, b.nsgs) && reflect.DeepEqual(a.firstNIC, b.firstNIC) &&
		reflect.DeepEqual(a.subnetIx, b.subnetIx) && reflect.DeepEqual(a.vnetIx, b.vnetIx) &&
		reflect.DeepEqual(a.hybrid.endpoints, b.hybrid.endpoints) && reflect.DeepEqual(a.hybrid.byIP, b.hybrid.byIP) &&
		reflect.DeepEqual(a.edge, b.edge) &&
		reflect.DeepEqual(a.pes, b.pes) && reflect.DeepEqual(a.peByIP, b.peByIP)
}

// sameMap compares two maps of pointers by the projection of their values.
func sameMap[T any](a, b map[string]*T, project func(T) T) bool {
	if len(a) != len(b) {
		return false
	}
	for k, x := range a {
		y, ok := b[k]
		if !ok || !reflect.DeepEqual(project(*x), project(*y)) {
			return false
		}
	}
	return true
}
