package canvas

import "vnetplay/engine/model"

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
