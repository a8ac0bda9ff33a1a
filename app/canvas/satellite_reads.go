package canvas

import "vnetplay/engine/model"

// What the scene reads of one resource: two versions of a design that
// differ only in one resource, with equal readings, are drawn alike, so
// an edit of that resource keeps the scene it had (store: drawnAlike).

// RouteTableDrawn is all the scene reads of a route table itself: its id
// and the number of its routes (the satellite's detail). Where it sits
// follows from the subnets associated with it, which are theirs to say.
// Two versions of a design that differ only in a route table's other
// fields (a route's prefix or next hop, the table's location or
// propagation) are drawn alike (TestSatellitesDrawnByIDAndCount).
func RouteTableDrawn(rt *model.RouteTable) (id string, routes int) { return rt.ID, len(rt.Routes) }

// NSGDrawn is RouteTableDrawn for an NSG: its id and the number of its
// security rules.
func NSGDrawn(n *model.NSG) (id string, rules int) { return n.ID, len(n.SecurityRules) }

// VNetDrawn is what the scene reads of a VNet itself: all of it but its
// location (a region is not drawn; a global peering is drawn as any
// other). Two versions of a design whose VNets differ only there are drawn
// alike (TestVNetsDrawnWithoutLocation).
func VNetDrawn(v *model.VNet) model.VNet {
	c := *v
	c.Location = ""
	return c
}
