package canvas

import (
	"slices"

	"vnetplay/engine/scenario"
)

// MovedScene is what BuildScene(next) draws when next differs from the
// document prev was built from only in saved positions (a drag), computed
// from prev in linear time without laying anything out: each top-level
// node whose saved position changed moves there with its children, and
// the edges that touch a moved node are drawn again; the rest is prev's.
//
// ok is false, and the caller builds the scene, when the shortcut could
// differ from BuildScene: a top-level node of prev whose position next
// does not save (its place depends on the others': the Internet above
// the design, a satellite beside its VNet, the hybrid columns), or one
// that cannot move. A drag pins every top-level node first, so its moves
// take the shortcut. The result shares prev's key index (the keys and
// their order are the same; scenes are not changed once built), and
// prev's NodeRef and EdgeRef for what it did not move; when nothing
// moved, it is prev.
// TestMovedSceneEqualsBuild is the oracle.
func MovedScene(prev *Scene, next *scenario.Document) (*Scene, bool) {
	if prev == nil || next.Layout == nil {
		return nil, false
	}
	saved := next.Layout.Nodes
	tops, ok := prev.topLevel()
	if !ok {
		return nil, false
	}
	delta := map[int32]Point{} // top-level node (by index) → how far it moved
	for i, n := range prev.Nodes {
		if n.Parent != "" {
			continue
		}
		p, ok := savedAt(saved, LayoutKey(n))
		if !ok || !n.Movable {
			return nil, false
		}
		if p.X != n.Box.X || p.Y != n.Box.Y {
			delta[int32(i)] = Point{X: p.X - n.Box.X, Y: p.Y - n.Box.Y}
		}
	}
	if len(delta) == 0 {
		return prev, true // the same drawing (a move within a grid step)
	}
	out := &Scene{Nodes: slices.Clone(prev.Nodes), Edges: slices.Clone(prev.Edges), index: prev.index, shape: prev.shape}
	out.nodeRefs = make([]*Node, len(prev.Nodes))
	for i := range out.nodeRefs {
		out.nodeRefs[i] = prev.NodeRef(i)
	}
	out.edgeRefs = make([]*Edge, len(prev.Edges))
	for i := range out.edgeRefs {
		out.edgeRefs[i] = prev.EdgeRef(i)
	}
	moved := make([]bool, len(prev.Nodes))
	for i, n := range prev.Nodes {
		d, ok := delta[tops[i]]
		if !ok {
			continue
		}
		out.Nodes[i].Box.X = n.Box.X + d.X
		out.Nodes[i].Box.Y = n.Box.Y + d.Y
		if n.Parent == "" {
			out.Nodes[i].Box.X, out.Nodes[i].Box.Y = saved[LayoutKey(n)].X, saved[LayoutKey(n)].Y
		}
		moved[i] = true
		// A new version of the node, in memory of its own (not out.Nodes,
		// which later scenes would keep alive through it).
		out.nodeRefs[i] = new(Node)
		*out.nodeRefs[i] = out.Nodes[i]
	}
	for i, ends := range prev.edgeEnds() {
		from, to := ends[0], ends[1]
		if (from < 0 || !moved[from]) && (to < 0 || !moved[to]) {
			continue
		}
		// (BuildScene draws an edge only between nodes it draws; an end it
		// lacks would read node 0, as the key index's zero value did.)
		a, b := out.Nodes[max(from, 0)].Box, out.Nodes[max(to, 0)].Box
		out.Edges[i].A = a.Anchor(b.Center())
		out.Edges[i].B = b.Anchor(a.Center())
		out.edgeRefs[i] = new(Edge)
		*out.edgeRefs[i] = out.Edges[i]
	}
	out.Bounds = out.bounds()
	return out, true
}
