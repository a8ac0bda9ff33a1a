package canvas

import (
	"cmp"
	"math"
	"slices"

	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
)

// MaxCoord bounds the saved positions the scene uses: a saved coordinate
// that is not finite (NaN, ±Inf: only a hand-made document or a decoder
// other than encoding/json can hold them) or farther than MaxCoord from
// the origin is treated as missing, and the node is placed as if it had no
// saved position. One such position would otherwise poison every other
// (the auto-layout starts below the lowest saved VNet: a NaN or infinite
// start puts every auto-laid VNet at NaN or infinity) or push them out of
// float64's precision (from about 1e17 on, float64's steps are coarser
// than the grid). A chain of 20,000 VNets is 13,000,000 units wide;
// MaxCoord is about 75 times that.
const MaxCoord = 1e9

// UsablePosition reports whether the scene uses a saved position: both
// coordinates finite and within ±MaxCoord.
func UsablePosition(p scenario.Point) bool {
	return math.Abs(p.X) <= MaxCoord && math.Abs(p.Y) <= MaxCoord // false for NaN
}

// savedAt returns the saved position of key if it is usable.
func savedAt(saved map[string]scenario.Point, key string) (scenario.Point, bool) {
	p, ok := saved[key]
	return p, ok && UsablePosition(p)
}

// AutoLayout places VNets that have no usable saved position (see
// UsablePosition). Peered VNets form components; in each, the most-peered
// VNet (ties: smallest id; the empty id only when no other VNet is left)
// is the root in column 0 and every other VNet goes in the column of its
// peering distance from it, so a hub has its spokes beside it and a chain
// reads left to right. A column of more than wrapAfter VNets is split into
// side by side columns (wrapColumns). Columns are centred vertically;
// components are stacked, the largest first (equal sizes in the order of
// their roots), starting rowGap below the top of the lowest saved VNet.
// VNets with a saved position keep it and are left out; a VNet id listed
// twice (a lint error) is placed once. The result holds every VNet id, is
// deterministic and snapped to the grid.
//
// It costs O((V+P) log(V+P)) for V VNets and P peerings: the sorts (of the
// ids, of each VNet's neighbours, of the roots by degree, of each distance
// level, of the components by size) dominate; the rest is linear.
func AutoLayout(t *model.Topology, heights map[string]float64, saved map[string]scenario.Point) map[string]Point {
	return autoLayout(sortedVNets(t), t.Peerings, heights, saved)
}

// autoLayout is AutoLayout on the VNets sorted by id.
func autoLayout(vnets []model.VNet, peerings []model.Peering, heights map[string]float64, saved map[string]scenario.Point) map[string]Point {
	pos, free := splitSaved(vnets, saved)
	adj := peeringGraph(free, peerings)
	f := components(adj, rootOrder(free, adj))
	h := make([]float64, len(free))
	for i, id := range free {
		h[i] = heights[id]
	}
	// Existing positions push new components below them.
	y0 := 0.0
	for _, p := range pos {
		y0 = math.Max(y0, p.Y+rowGap)
	}
	p := placer{pos: pos, free: free, h: h}
	for _, c := range f.bySize() {
		y0 = p.place(f.columns(c, p.cols[:0]), y0)
	}
	return pos
}

// splitSaved returns the positions of the VNets (sorted by id) with a
// usable saved position, and the ids of the others (free), sorted and
// without repeats.
func splitSaved(vnets []model.VNet, saved map[string]scenario.Point) (map[string]Point, []string) {
	pos := make(map[string]Point, len(vnets))
	var free []string
	for _, v := range vnets {
		if p, ok := savedAt(saved, v.ID); ok {
			pos[v.ID] = Point{p.X, p.Y}
			continue
		}
		if n := len(free); n > 0 && free[n-1] == v.ID {
			continue // a repeated id
		}
		free = append(free, v.ID)
	}
	return pos, free
}

// peeringGraph is the adjacency of the free VNets (indices into free) over
// the peerings between two different free VNets; each list is sorted (so
// in id order, free being sorted) and without repeats.
func peeringGraph(free []string, peerings []model.Peering) [][]int {
	index := make(map[string]int, len(free))
	for i, id := range free {
		index[id] = i
	}
	var ends [][2]int
	degree := make([]int, len(free)+1)
	for _, p := range peerings {
		a, okA := index[p.A.VNet]
		b, okB := index[p.B.VNet]
		if okA && okB && a != b {
			ends = append(ends, [2]int{a, b})
			degree[a]++
			degree[b]++
		}
	}
	// All lists in one array: list i is flat[at[i]:at[i+1]].
	at := make([]int, len(free)+1)
	for i := range free {
		at[i+1] = at[i] + degree[i]
	}
	flat, next := make([]int, at[len(free)]), slices.Clone(at)
	for _, e := range ends {
		flat[next[e[0]]], flat[next[e[1]]] = e[1], e[0]
		next[e[0]]++
		next[e[1]]++
	}
	adj := make([][]int, len(free))
	for i := range adj {
		list := flat[at[i]:at[i+1]:at[i+1]]
		slices.Sort(list)
		adj[i] = slices.Compact(list)
	}
	return adj
}

// rootOrder lists the free VNets in the order they are tried as roots of
// components: the most peered first, ties by id, the empty id last.
func rootOrder(free []string, adj [][]int) []int {
	order := make([]int, len(free))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		if c := cmpBool(free[a] == "", free[b] == ""); c != 0 {
			return c
		}
		if c := cmp.Compare(len(adj[b]), len(adj[a])); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	return order
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// forest is the connected components of the peering graph, each as the
// breadth-first levels from its root, stored flat: order lists the VNets
// level after level and component after component; level l is
// order[levelAt[l]:levelAt[l+1]], and component c has the levels
// compAt[c] to compAt[c+1]-1.
type forest struct {
	order   []int
	levelAt []int
	compAt  []int
}

// components splits the graph into its components, the root of each being
// the first VNet of order not yet in one; a level is in id order.
func components(adj [][]int, order []int) *forest {
	f := &forest{order: make([]int, 0, len(adj))}
	seen := make([]bool, len(adj))
	for _, root := range order {
		if !seen[root] {
			f.walk(adj, root, seen)
		}
	}
	f.levelAt = append(f.levelAt, len(f.order))
	f.compAt = append(f.compAt, len(f.levelAt)-1)
	return f
}

// walk adds the component of root, breadth first, marking it in seen.
func (f *forest) walk(adj [][]int, root int, seen []bool) {
	f.compAt = append(f.compAt, len(f.levelAt))
	seen[root] = true
	f.order = append(f.order, root)
	for start := len(f.order) - 1; start < len(f.order); {
		f.levelAt = append(f.levelAt, start)
		end := len(f.order)
		for k := start; k < end; k++ {
			for _, m := range adj[f.order[k]] {
				if !seen[m] {
					seen[m] = true
					f.order = append(f.order, m)
				}
			}
		}
		slices.Sort(f.order[end:])
		start = end
	}
}

// size is the number of VNets of component c.
func (f *forest) size(c int) int { return f.levelAt[f.compAt[c+1]] - f.levelAt[f.compAt[c]] }

// bySize lists the components largest first; equal sizes keep the order
// of their roots.
func (f *forest) bySize() []int {
	out := make([]int, len(f.compAt)-1)
	for i := range out {
		out[i] = i
	}
	slices.SortStableFunc(out, func(a, b int) int { return cmp.Compare(f.size(b), f.size(a)) })
	return out
}

// columns appends the levels of component c to buf, as columns.
func (f *forest) columns(c int, buf [][]int) [][]int {
	for l := f.compAt[c]; l < f.compAt[c+1]; l++ {
		buf = append(buf, f.order[f.levelAt[l]:f.levelAt[l+1]])
	}
	return buf
}

// placer places components one under the other; cols, wrapped and colH
// are buffers reused from one component to the next.
type placer struct {
	pos     map[string]Point
	free    []string  // VNet ids by index
	h       []float64 // VNet heights by index
	cols    [][]int
	wrapped [][]int
	colH    []float64
}

// place places one component's columns (VNet indices) from y0 down, and
// returns where the next component starts.
func (p *placer) place(cols [][]int, y0 float64) float64 {
	p.cols = cols
	colW := vnetWidth + satelliteGap + satelliteW + columnGap
	p.wrapped = wrapColumns(cols, p.h, colW, p.wrapped[:0])
	height := 0.0
	p.colH = p.colH[:0]
	for _, col := range p.wrapped {
		ch := 0.0
		for _, id := range col {
			ch += p.h[id] + rowGap
		}
		ch -= rowGap
		p.colH = append(p.colH, ch)
		height = math.Max(height, ch)
	}
	for i, col := range p.wrapped {
		y := y0 + (height-p.colH[i])/2
		for _, id := range col {
			p.pos[p.free[id]] = Snap(Point{float64(i) * colW, y}, Grid)
			y += p.h[id] + rowGap
		}
	}
	return y0 + height + 2*rowGap
}

// wrapColumns splits a long column (the spokes of a big hub) into side by
// side columns, so that the block of a distance level is about as wide as
// it is tall: 500 spokes in one column are 95,000 px tall, which no zoom
// shows. Columns of up to wrapAfter VNets stay whole. The columns are
// appended to out.
func wrapColumns(cols [][]int, heights []float64, colW float64, out [][]int) [][]int {
	for _, col := range cols {
		if len(col) <= wrapAfter {
			out = append(out, col)
			continue
		}
		h := 0.0
		for _, id := range col {
			h += heights[id] + rowGap
		}
		k := max(1, int(math.Round(math.Sqrt(h/colW))))
		per := (len(col) + k - 1) / k
		for len(col) > 0 {
			n := min(per, len(col))
			out = append(out, col[:n])
			col = col[n:]
		}
	}
	return out
}

// wrapAfter is the longest column AutoLayout keeps whole.
const wrapAfter = 8
