package canvas

import (
	"cmp"
	"math"
	"slices"

	"vnetplay/app/kinds"
	"vnetplay/engine/scenario"
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
		return p2sW, hybridH + chipH + chipGap + pad
	}
	return satelliteW, satelliteH
}

// SpotFor is where a new resource of kind k, added into a container at
// world point p, is drawn: a kind drawn inside its container (a VM in its
// subnet) is laid out there, whatever p; a kind that lives in a container
// but is drawn as a top-level node (a P2S client pool, of its VPN gateway)
// goes to the free space nearest p (FreeSpot), not over the container.
func (s *Scene) SpotFor(k kinds.Kind, p Point) Point {
	if kinds.MustOf(k).Placement != kinds.TopLevel {
		return p
	}
	w, h := NewBoxSize(k)
	return s.FreeSpot(p, w, h)
}

// freeMargin is the gap FreeSpot keeps around boxes.
const freeMargin = Grid

// maxFreeTries bounds FreeSpot's search (rings of grid points around the
// wanted point); past it the box goes under everything.
const maxFreeTries = 4000

// maxFreeWork bounds the work of FreeSpot's tests (grid cells visited and
// boxes read: see boxIndex), whatever the design: boxes piled near the
// wanted point make each test read them all. Past it the box goes under
// everything, as past maxFreeTries. No design short of a pile of
// thousands of boxes comes near it.
const maxFreeWork = 1 << 22

// FreeSpot returns the grid point nearest to want (the top-left corner of a
// w×h box) where the box, with a margin, overlaps no top-level node of the
// scene and none of the extra boxes (copies already placed). The search
// runs in growing rings and is bounded (maxFreeTries points, maxFreeWork
// steps); if nothing is free near want, or want is not a usable position
// (not finite, or beyond ±MaxCoord), the box goes below the whole design.
//
// It costs O(n) for n top-level nodes and extra boxes (keeping those in
// reach of the search), O(m log m) for the m of them in reach (indexing
// them in a grid, identical boxes once), then a bounded search.
func (s *Scene) FreeSpot(want Point, w, h float64, extra ...Rect) Point {
	if !UsablePosition(scenario.Point{X: want.X, Y: want.Y}) {
		return s.below(extra)
	}
	start := Snap(want, Grid)
	area, ok := searchArea(start, w, h)
	taken := s.takenBoxes(area, ok, extra)
	idx := newBoxIndex(taken)
	fits := func(p Point) bool { // past the budget, nothing fits
		return idx.work <= maxFreeWork && idx.clear(Rect{p.X - freeMargin, p.Y - freeMargin, w + 2*freeMargin, h + 2*freeMargin})
	}
	if fits(start) {
		return start
	}
	tries := 0
	for ring := 1; tries < maxFreeTries && idx.work <= maxFreeWork; ring++ {
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
	return s.below(extra)
}

// overlaps reports whether a and b overlap (touching edges do not count).
func overlaps(a, b Rect) bool {
	return a.X < b.X+b.W && b.X < a.X+a.W && a.Y < b.Y+b.H && b.Y < a.Y+a.H
}

// searchArea is the area FreeSpot's tests can reach from start (a box
// overlapping none of it cannot make a test fail), with a grid cell of
// slack for rounding; ok is false when w or h is not a size (NaN,
// negative), and then nothing is left out.
func searchArea(start Point, w, h float64) (area Rect, ok bool) {
	if !(w >= 0 && h >= 0) {
		return Rect{}, false
	}
	ring, tries := 0, 0
	for tries < maxFreeTries {
		ring++
		tries += 8 * ring // the points of a square ring
	}
	reach := float64(ring)*Grid + freeMargin + Grid
	return Rect{start.X - reach, start.Y - reach, w + 2*reach, h + 2*reach}, true
}

// takenBoxes lists the boxes FreeSpot must keep clear of: the top-level
// nodes that have a box and the extra boxes; only those overlapping area
// (if ok), each distinct box once, sorted.
func (s *Scene) takenBoxes(area Rect, ok bool, extra []Rect) []Rect {
	var taken []Rect
	keep := func(r Rect) {
		if !ok || overlaps(area, r) {
			taken = append(taken, r)
		}
	}
	for _, n := range s.Nodes {
		if n.Parent == "" && n.Box != (Rect{}) {
			keep(n.Box)
		}
	}
	for _, e := range extra {
		keep(e)
	}
	slices.SortFunc(taken, func(a, b Rect) int {
		return cmp.Or(cmp.Compare(a.X, b.X), cmp.Compare(a.Y, b.Y), cmp.Compare(a.W, b.W), cmp.Compare(a.H, b.H))
	})
	return slices.Compact(taken)
}

// below is FreeSpot's last resort: the grid point under the whole design
// and the extra boxes, at its left edge.
func (s *Scene) below(extra []Rect) Point {
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

// maxRoomWork bounds the work of MakeRoom's overlap tests (grid cells
// visited and boxes read: see boxIndex): boxes piled on one spot make
// every test near it read them all. Past it the cascade stops where it is,
// as past maxRoomPasses. A design of up to 200 top-level nodes never comes
// near it (the oracle tests check that MakeRoom then does what the
// pairwise version did).
const maxRoomWork = 1 << 22

// MakeRoom returns new positions (by layout key) for the top-level nodes of
// next that an edit made overlap a node they did not overlap in prev: a
// VNet that grew (a new subnet, a gateway) pushes what now lies under it
// down, just below it, and what that pushes in turn, so that nothing ends
// up drawn over something else. Nodes that overlapped before the edit are
// left alone (the user put them there), and nothing else moves.
//
// Each pass visits the movable top-level nodes in drawing order; a node
// that grew, or whose layout key was moved, pushes down every node that
// now overlaps it, did not overlap it in prev, and is not above it. A node
// only moves down, so the passes end; they are bounded all the same
// (maxRoomPasses, maxRoomWork): a longer cascade keeps its last overlaps.
// When nothing grew it returns at once; otherwise the overlaps are found
// through a grid (boxIndex), not by testing every pair.
func MakeRoom(prev, next *Scene) map[string]Point {
	moved := map[string]Point{}
	r := newRoom(prev, next)
	if !slices.Contains(r.grew, true) {
		return moved
	}
	for pass := 0; pass < min(len(r.keys), maxRoomPasses); pass++ {
		if !r.pass(moved) {
			break
		}
	}
	return moved
}

// room is MakeRoom's state: the movable top-level nodes of next, in
// drawing order (their boxes in idx, updated as they are pushed), and what
// prev says of them.
type room struct {
	keys    []string // layout keys
	grew    []bool   // taller or wider than in prev
	prevBox []Rect
	inPrev  []bool
	idx     *boxIndex
	buf     []int
}

func newRoom(prev, next *Scene) *room {
	r := &room{}
	var boxes []Rect
	for i := range next.Nodes {
		n := &next.Nodes[i]
		if n.Parent != "" || !n.Movable {
			continue
		}
		p, ok := prev.index[n.Key]
		var was Rect
		if ok {
			was = prev.Nodes[p].Box
		}
		r.keys = append(r.keys, LayoutKey(*n))
		boxes = append(boxes, n.Box)
		r.inPrev = append(r.inPrev, ok)
		r.prevBox = append(r.prevBox, was)
		r.grew = append(r.grew, ok && (n.Box.H > was.H || n.Box.W > was.W))
	}
	if slices.Contains(r.grew, true) {
		r.idx = newBoxIndex(boxes)
	}
	return r
}

// pass runs one pass of pushes and reports whether anything moved. It
// stops early, reporting nothing moved, once maxRoomWork is spent.
func (r *room) pass(moved map[string]Point) bool {
	changed := false
	for i := range r.keys {
		if _, pushed := moved[r.keys[i]]; !r.grew[i] && !pushed {
			continue
		}
		a := r.idx.boxes[i]
		r.buf = r.idx.candidates(a, r.buf[:0])
		slices.Sort(r.buf) // pushes happen in drawing order, as pairwise
		for _, j := range r.buf {
			if r.push(i, j, moved) {
				changed = true
			}
		}
		if r.idx.work > maxRoomWork {
			return false
		}
	}
	return changed
}

// push moves node j just below node i if i now covers it, did not in prev,
// and j is not above i; it reports whether j moved.
func (r *room) push(i, j int, moved map[string]Point) bool {
	a, b := r.idx.boxes[i], r.idx.boxes[j]
	if i == j || !overlaps(a, b) || r.before(i, j) || b.Y < a.Y {
		return false
	}
	y := Snap(Point{Y: a.Y + a.H + rowGap/2}, Grid).Y
	if y <= b.Y {
		y = b.Y + Grid
	}
	b.Y = y
	r.idx.move(j, b)
	moved[r.keys[j]] = Point{X: b.X, Y: b.Y}
	return true
}

// before reports whether nodes i and j overlapped in prev.
func (r *room) before(i, j int) bool {
	return r.inPrev[i] && r.inPrev[j] && overlaps(r.prevBox[i], r.prevBox[j])
}
