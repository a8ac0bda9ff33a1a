package canvas

import (
	"math"

	"vnetplay/app/kinds"
)

// NewBoxSize is the size of the box a new top-level resource of kind k is
// drawn with (a new VNet has one subnet), for finding it free space before
// it exists.
func NewBoxSize(k kinds.Kind) (w, h float64) {
	switch k {
	case kinds.VNet:
		return vnetWidth, vnetHeader + subnetHeight(0) + 2*pad
	case kinds.Site:
		return siteW, hybridH + chipH + chipGap + pad
	case kinds.Circuit:
		return circuitW, hybridH
	case kinds.P2S:
		return circuitW, hybridH + chipH + chipGap + pad
	}
	return satelliteW, satelliteH
}

// freeMargin is the gap FreeSpot keeps around boxes.
const freeMargin = Grid

// maxFreeTries bounds FreeSpot's search (rings of grid points around the
// wanted point); past it the box goes under everything.
const maxFreeTries = 4000

// FreeSpot returns the grid point nearest to want (the top-left corner of a
// w×h box) where the box, with a margin, overlaps no top-level node of the
// scene and none of the extra boxes (copies already placed). The search
// runs in growing rings and is bounded; if nothing is free near want, the
// box goes below the whole design.
func (s *Scene) FreeSpot(want Point, w, h float64, extra ...Rect) Point {
	var taken []Rect
	for _, n := range s.Nodes {
		if n.Parent == "" && n.Box != (Rect{}) {
			taken = append(taken, n.Box)
		}
	}
	taken = append(taken, extra...)
	fits := func(p Point) bool {
		r := Rect{p.X - freeMargin, p.Y - freeMargin, w + 2*freeMargin, h + 2*freeMargin}
		for _, t := range taken {
			if r.X < t.X+t.W && t.X < r.X+r.W && r.Y < t.Y+t.H && t.Y < r.Y+r.H {
				return false
			}
		}
		return true
	}
	start := Snap(want, Grid)
	if fits(start) {
		return start
	}
	tries := 0
	for ring := 1; tries < maxFreeTries; ring++ {
		// The points of the square ring at distance ring (in grid cells),
		// nearest first within the ring.
		best, bestD, found := Point{}, math.Inf(1), false
		for dx := -ring; dx <= ring; dx++ {
			for _, dy := range ringDys(dx, ring) {
				tries++
				p := Point{start.X + float64(dx)*Grid, start.Y + float64(dy)*Grid}
				if d := math.Hypot(p.X-start.X, p.Y-start.Y); d < bestD && fits(p) {
					best, bestD, found = p, d, true
				}
			}
		}
		if found {
			return best
		}
	}
	b := s.Bounds
	for _, e := range extra {
		b = b.Union(e)
	}
	return Snap(Point{b.X, b.Y + b.H + 2*rowGap}, Grid)
}

// ringDys lists the dy of the ring's points in column dx.
func ringDys(dx, ring int) []int {
	if dx == -ring || dx == ring {
		out := make([]int, 0, 2*ring+1)
		for dy := -ring; dy <= ring; dy++ {
			out = append(out, dy)
		}
		return out
	}
	return []int{-ring, ring}
}

// maxRoomPasses bounds MakeRoom's cascade.
const maxRoomPasses = 32

// MakeRoom returns new positions (by layout key) for the top-level nodes of
// next that an edit made overlap a node they did not overlap in prev: a
// VNet that grew (a new subnet, a gateway) pushes what now lies under it
// down, just below it, and what that pushes in turn, so that nothing ends
// up drawn over something else. Nodes that overlapped before the edit are
// left alone (the user put them there), and nothing else moves.
func MakeRoom(prev, next *Scene) map[string]Point {
	overlaps := func(a, b Rect) bool {
		return a.X < b.X+b.W && b.X < a.X+a.W && a.Y < b.Y+b.H && b.Y < a.Y+a.H
	}
	var top []Node
	for _, n := range next.Nodes {
		if n.Parent == "" && n.Movable {
			top = append(top, n)
		}
	}
	before := func(a, b string) bool {
		pa, ok1 := prev.Node(a)
		pb, ok2 := prev.Node(b)
		return ok1 && ok2 && overlaps(pa.Box, pb.Box)
	}
	moved := map[string]Point{}
	// Each pass pushes down the nodes under a grown or pushed one; a node
	// only moves down, so the passes end. They are bounded all the same
	// (maxRoomPasses): a chain longer than that keeps its last overlaps.
	for pass := 0; pass < min(len(top), maxRoomPasses); pass++ {
		changed := false
		for i := range top {
			for j := range top {
				a, b := &top[i], &top[j]
				if i == j || !overlaps(a.Box, b.Box) || before(a.Key, b.Key) {
					continue
				}
				grew := false
				if p, ok := prev.Node(a.Key); ok && (a.Box.H > p.Box.H || a.Box.W > p.Box.W) {
					grew = true
				}
				if _, pushed := moved[LayoutKey(*a)]; !grew && !pushed || b.Box.Y < a.Box.Y {
					continue // a does not push: it neither grew nor was pushed, or b is above it
				}
				y := Snap(Point{Y: a.Box.Y + a.Box.H + rowGap/2}, Grid).Y
				if y <= b.Box.Y {
					y = b.Box.Y + Grid
				}
				b.Box.Y = y
				moved[LayoutKey(*b)] = Point{X: b.Box.X, Y: b.Box.Y}
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	return moved
}
