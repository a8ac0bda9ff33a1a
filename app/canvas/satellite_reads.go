package canvas

import (
	"reflect"
	"slices"

	"vnetplay/app/kinds"
	"vnetplay/engine/model"
)

// DrawnAlike reports whether next, prev with only the resource r changed
// (an edit in place: a property, an element of one of its lists), is drawn
// exactly as prev, so that the edit may keep prev's scene instead of laying
// the design out again. It is true when r is a route table, an NSG or a
// VNet and what the scene reads of it is as before (routeTableDrawn,
// nsgDrawn, vnetDrawn): a UDR's prefix or next hop, an NSG rule's port, a
// VNet's location. Any other kind is not known to be alike.
func DrawnAlike(r kinds.Ref, prev, next *model.Topology) bool {
	switch r.Kind {
	case kinds.RouteTable:
		return sameDrawn(prev.RouteTables, next.RouteTables, routeTableDrawn)
	case kinds.NSG:
		return sameDrawn(prev.NSGs, next.NSGs, nsgDrawn)
	case kinds.VNet:
		// Only this VNet changed: the others are drawn as before.
		i := slices.IndexFunc(prev.VNets, func(v model.VNet) bool { return v.ID == r.ID })
		return i >= 0 && len(prev.VNets) == len(next.VNets) &&
			reflect.DeepEqual(vnetDrawn(&prev.VNets[i]), vnetDrawn(&next.VNets[i]))
	}
	return false
}

// sameDrawn reports whether a and b are as long and draw alike element by
// element.
func sameDrawn[T any](a, b []T, drawn func(*T) (string, int)) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		ida, na := drawn(&a[i])
		idb, nb := drawn(&b[i])
		if ida != idb || na != nb {
			return false
		}
	}
	return true
}

// routeTableDrawn is all the scene reads of a route table itself: its id
// and the number of its routes (the satellite's detail). Where it sits
// follows from the subnets associated with it, which are theirs to say.
// Two versions of a design that differ only in a route table's other
// fields (a route's prefix or next hop, the table's location or
// propagation) are drawn alike (TestSatellitesDrawnByIDAndCount).
func routeTableDrawn(rt *model.RouteTable) (id string, routes int) { return rt.ID, len(rt.Routes) }

// nsgDrawn is routeTableDrawn for an NSG: its id and the number of its
// security rules.
func nsgDrawn(n *model.NSG) (id string, rules int) { return n.ID, len(n.SecurityRules) }

// vnetDrawn is what the scene reads of a VNet itself: all of it but its
// location (a region is not drawn; a global peering is drawn as any
// other). Two versions of a design whose VNets differ only there are drawn
// alike (TestVNetsDrawnWithoutLocation).
func vnetDrawn(v *model.VNet) model.VNet {
	c := *v
	c.Location = ""
	return c
}
