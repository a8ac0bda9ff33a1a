package dataplane

import "reflect"

// ChangedLinksNaive is ChangedLinks as it was first written, comparing
// the two planes' parts with reflect.DeepEqual: kept as the oracle of
// ChangedLinks (TestChangedLinksEqualsNaive) and the baseline of its
// benchmark. Same contract, same answers.
func ChangedLinksNaive(a, b *Plane) (pairs map[[2]string]bool, ok bool) {
	if a == b || a.structID != nil && a.structID == b.structID {
		return nil, true
	}
	sameBase := a.baseID != nil && a.baseID == b.baseID
	if !sameBase && !sameForWalksNaive(a, b) {
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

// sameForWalksNaive is sameForWalks by reflect.DeepEqual.
func sameForWalksNaive(a, b *Plane) bool {
	return sameMapNaive(a.vnets, b.vnets, func(v VNet) VNet { v.Location = ""; return v }) &&
		sameMapNaive(a.subnets, b.subnets, func(s Subnet) Subnet { s.RouteTable, s.ServiceEndpoints = "", nil; return s }) &&
		reflect.DeepEqual(a.nics, b.nics) && reflect.DeepEqual(a.lbs, b.lbs) &&
		reflect.DeepEqual(a.nicByIP, b.nicByIP) && reflect.DeepEqual(a.lbByIP, b.lbByIP) &&
		reflect.DeepEqual(a.nsgs, b.nsgs) && reflect.DeepEqual(a.primaryNIC, b.primaryNIC) &&
		reflect.DeepEqual(a.subnetIx, b.subnetIx) && reflect.DeepEqual(a.vnetIx, b.vnetIx) &&
		reflect.DeepEqual(a.hybrid.endpoints, b.hybrid.endpoints) && reflect.DeepEqual(a.hybrid.byIP, b.hybrid.byIP) &&
		reflect.DeepEqual(a.edge, b.edge) &&
		reflect.DeepEqual(a.pes, b.pes) && reflect.DeepEqual(a.peByIP, b.peByIP) &&
		reflect.DeepEqual(a.shared, b.shared)
}

// sameMapNaive compares two maps of pointers by the projection of their
// values.
func sameMapNaive[T any](a, b map[string]*T, project func(T) T) bool {
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
