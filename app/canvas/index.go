package canvas

import "math"

// boxIndex finds the boxes that may overlap a rectangle without looking at
// every box: a uniform grid of cellSize squares lists each box in every
// cell its extent touches (edges included, so boxes that only touch are
// candidates too: callers apply their exact test). A box the grid cannot
// hold (not finite, beyond gridReach, or touching more than maxBoxCells
// cells) is kept in a list that every query returns.
//
// Boxes may move (MakeRoom pushes them down): a moved box is listed in its
// new cells and stays listed in its old ones; queries check candidates
// against the current boxes, so stale entries only cost time.
//
// Every query charges its work (cells visited, entries read) to work, so
// that callers can bound theirs whatever the boxes: many boxes piled on
// one spot make every query near it read them all.
type boxIndex struct {
	boxes []Rect
	// The boxes listed in a cell are a chain through entries, starting
	// at head[cell] (so that a cell costs no allocation of its own).
	head    map[cellKey]int
	entries []cellEntry
	loose   []int // boxes the grid does not hold
	mark    []int // mark[i] == stamp: box i was already returned by this query
	stamp   int
	work    int
}

// cellEntry is one box listed in a cell; next is the next entry of the
// cell's chain, -1 at its end.
type cellEntry struct{ box, next int }

type cellKey struct{ x, y int64 }

const (
	// cellSize is the side of a grid cell, in world units: about a VNet's
	// width, so that a typical box touches one to four cells.
	cellSize = 512.0
	// gridReach is how far from the origin the grid goes (in world
	// units): cell numbers stay far inside int64.
	gridReach = 1e12
	// maxBoxCells is the most cells a box or a query is spread over; a
	// bigger one is loose (a box) or reads every box (a query).
	maxBoxCells = 4096
)

// newBoxIndex indexes boxes (by their position in the slice, which the
// index keeps and updates on move).
func newBoxIndex(boxes []Rect) *boxIndex {
	x := &boxIndex{boxes: boxes, head: make(map[cellKey]int, len(boxes)), entries: make([]cellEntry, 0, 2*len(boxes)), mark: make([]int, len(boxes))}
	for i := range boxes {
		x.insert(i)
	}
	return x
}

// cellRange is the range of cells r touches, or ok false if the grid cannot
// hold r.
func cellRange(r Rect) (x0, y0, x1, y1 int64, ok bool) {
	lx, hx := math.Min(r.X, r.X+r.W), math.Max(r.X, r.X+r.W)
	ly, hy := math.Min(r.Y, r.Y+r.H), math.Max(r.Y, r.Y+r.H)
	for _, v := range []float64{lx, hx, ly, hy} {
		if !(math.Abs(v) <= gridReach) { // NaN too
			return 0, 0, 0, 0, false
		}
	}
	x0, x1 = int64(math.Floor(lx/cellSize)), int64(math.Floor(hx/cellSize))
	y0, y1 = int64(math.Floor(ly/cellSize)), int64(math.Floor(hy/cellSize))
	if (x1-x0+1)*(y1-y0+1) > maxBoxCells {
		return 0, 0, 0, 0, false
	}
	return x0, y0, x1, y1, true
}

// insert lists box i in the cells of its current extent.
func (x *boxIndex) insert(i int) {
	x0, y0, x1, y1, ok := cellRange(x.boxes[i])
	if !ok {
		x.loose = append(x.loose, i)
		return
	}
	for cx := x0; cx <= x1; cx++ {
		for cy := y0; cy <= y1; cy++ {
			k := cellKey{cx, cy}
			next, ok := x.head[k]
			if !ok {
				next = -1
			}
			x.head[k] = len(x.entries)
			x.entries = append(x.entries, cellEntry{box: i, next: next})
		}
	}
}

// move sets box i's new extent.
func (x *boxIndex) move(i int, r Rect) {
	x.boxes[i] = r
	x.insert(i)
}

// candidates appends to buf, once each and in no particular order, the
// boxes that may overlap r: a superset of those that do.
func (x *boxIndex) candidates(r Rect, buf []int) []int {
	x.stamp++
	x0, y0, x1, y1, ok := cellRange(r)
	if !ok {
		x.work += len(x.boxes)
		for i := range x.boxes {
			buf = append(buf, i)
		}
		return buf
	}
	for _, i := range x.loose {
		buf = x.collect(i, buf)
	}
	for cx := x0; cx <= x1; cx++ {
		for cy := y0; cy <= y1; cy++ {
			x.work++
			for e := x.first(cx, cy); e >= 0; e = x.entries[e].next {
				buf = x.collect(x.entries[e].box, buf)
			}
		}
	}
	return buf
}

// first is the first entry of a cell's chain, -1 if the cell is empty.
func (x *boxIndex) first(cx, cy int64) int {
	if e, ok := x.head[cellKey{cx, cy}]; ok {
		return e
	}
	return -1
}

// collect appends box i to buf unless this query already returned it.
func (x *boxIndex) collect(i int, buf []int) []int {
	x.work++
	if x.mark[i] != x.stamp {
		x.mark[i] = x.stamp
		buf = append(buf, i)
	}
	return buf
}

// clear reports whether no box overlaps r (touching edges do not count),
// reading as few boxes as it can.
func (x *boxIndex) clear(r Rect) bool {
	x0, y0, x1, y1, ok := cellRange(r)
	if !ok {
		for _, b := range x.boxes {
			x.work++
			if overlaps(r, b) {
				return false
			}
		}
		return true
	}
	for _, i := range x.loose {
		x.work++
		if overlaps(r, x.boxes[i]) {
			return false
		}
	}
	for cx := x0; cx <= x1; cx++ {
		for cy := y0; cy <= y1; cy++ {
			x.work++
			for e := x.first(cx, cy); e >= 0; e = x.entries[e].next {
				x.work++
				if overlaps(r, x.boxes[x.entries[e].box]) {
					return false
				}
			}
		}
	}
	return true
}
