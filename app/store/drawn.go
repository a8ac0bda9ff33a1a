package store

import (
	"reflect"
	"slices"

	"vnetplay/app/canvas"
	"vnetplay/app/kinds"
	"vnetplay/engine/model"
)

// inPlace edits change the resource they name and nothing else, unless
// they rename it or a list element others refer to (a subnet, a NIC:
// scenario.Rename follows the references), which changes what drawnAlike
// compares anyway or is not an edit of a route table or an NSG.
type inPlace interface{ inPlace() Ref }

func (e SetProperty) inPlace() Ref   { return e.Ref }
func (e SetProperties) inPlace() Ref { return e.Ref }
func (e SaveItem) inPlace() Ref      { return e.Ref }
func (e RemoveItem) inPlace() Ref    { return e.Ref }

// drawnAlike reports whether next, prev edited by e, is drawn exactly as
// prev, so that the edit keeps prev's scene instead of laying the design
// out again: e changed a route table, an NSG or a VNet in place, and what
// the canvas reads of it is as before (canvas.RouteTableDrawn, NSGDrawn,
// VNetDrawn). A UDR's prefix or next hop, an NSG rule's port, a VNet's
// location: the everyday edits.
func drawnAlike(e Edit, prev, next *model.Topology) bool {
	ip, ok := e.(inPlace)
	if !ok {
		return false
	}
	switch r := ip.inPlace(); r.Kind {
	case kinds.RouteTable:
		return sameDrawn(prev.RouteTables, next.RouteTables, canvas.RouteTableDrawn)
	case kinds.NSG:
		return sameDrawn(prev.NSGs, next.NSGs, canvas.NSGDrawn)
	case kinds.VNet:
		// The edit changed this VNet only: the others are drawn as before.
		i := slices.IndexFunc(prev.VNets, func(v model.VNet) bool { return v.ID == r.ID })
		return i >= 0 && len(prev.VNets) == len(next.VNets) &&
			reflect.DeepEqual(canvas.VNetDrawn(&prev.VNets[i]), canvas.VNetDrawn(&next.VNets[i]))
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
