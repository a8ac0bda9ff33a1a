package canvas

import (
	"math"

	"vnetplay/app/kinds"
)

// HandleRadius is the radius of a node's connect handle, in world units.
const HandleRadius = 7.0

// HasHandle reports whether a node can start a connection (the registry's
// Handle): VNets (peering), route tables and NSGs (association), sites and
// circuits, and the gateway, Route Server and NVA chips. Subnets, VMs and
// hosts are only targets.
func HasHandle(n Node) bool {
	s, ok := kinds.Of(n.Kind)
	return ok && s.Handle && (s.Placement != kinds.TopLevel || n.Parent == "")
}

// Handle is the centre of a node's connect handle: on the right edge, at the
// header of a box or the middle of a chip.
func Handle(n Node) Point { return Point{n.Box.X + n.Box.W, n.Box.Y + min(n.Box.H/2, 28)} }

// HandleAt returns the node whose connect handle is under p (with a little
// slack for touch), the topmost first.
func (s *Scene) HandleAt(p Point) (Node, bool) {
	for i := len(s.Nodes) - 1; i >= 0; i-- {
		n := s.Nodes[i]
		if !HasHandle(n) {
			continue
		}
		h := Handle(n)
		if math.Hypot(p.X-h.X, p.Y-h.Y) <= HandleRadius+3 {
			return n, true
		}
	}
	return Node{}, false
}

// EdgeAt returns the edge passing within tol of p, the nearest first.
func (s *Scene) EdgeAt(p Point, tol float64) (Edge, bool) {
	best, bestD := -1, tol
	for i, e := range s.Edges {
		if d := segmentDistance(p, e.A, e.B); d <= bestD {
			best, bestD = i, d
		}
	}
	if best < 0 {
		return Edge{}, false
	}
	return s.Edges[best], true
}

// segmentDistance is the distance from p to the segment ab.
func segmentDistance(p, a, b Point) float64 {
	dx, dy := b.X-a.X, b.Y-a.Y
	l2 := dx*dx + dy*dy
	t := 0.0
	if l2 > 0 {
		t = math.Max(0, math.Min(1, ((p.X-a.X)*dx+(p.Y-a.Y)*dy)/l2))
	}
	return math.Hypot(p.X-(a.X+t*dx), p.Y-(a.Y+t*dy))
}

// ConnectTarget is what a connection from `from` dropped on node `hit`
// means: the innermost node at the drop point, or containing it, that
// `from` can connect to (kinds.CanConnect): a VNet connects to the VNet
// containing the drop point (peering), a route table to the subnet
// containing it, an NSG to the VM chip or subnet it was dropped on, a VPN
// gateway to the site of a host chip. When nothing fits, hit is returned
// unchanged, for the edit to refuse with its reason.
func (s *Scene) ConnectTarget(from, hit Node) Node {
	for n, ok := hit, true; ok; n, ok = s.Node(n.Parent) {
		if kinds.CanConnect(from.Kind, n.Kind) {
			return n
		}
	}
	return hit
}
