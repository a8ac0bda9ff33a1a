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
	delta := map[string]Point{} // top-level key → how far it moved
	for _, n := range prev.Nodes {
		if n.Parent != "" {
			continue
		}
		p, ok := savedAt(saved, LayoutKey(n))
		if !ok || !n.Movable {
			return nil, false
		}
		if p.X != n.Box.X || p.Y != n.Box.Y {
			delta[n.Key] = Point{X: p.X - n.Box.X, Y: p.Y - n.Box.Y}
		}
	}
	if len(delta) == 0 {
		return prev, true // the same drawing (a move within a grid step)
	}
	out := &Scene{Nodes: slices.Clone(prev.Nodes), Edges: slices.Clone(prev.Edges), index: prev.index}
	out.nodeRefs = make([]*Node, len(prev.Nodes))
	for i := range out.nodeRefs {
		out.nodeRefs[i] = prev.NodeRef(i)
	}
	out.edgeRefs = make([]*Edge, len(prev.Edges))
	for i := range out.edgeRefs {
		out.edgeRefs[i] = prev.EdgeRef(i)
	}
	// Parents come before their children in Nodes (BuildScene adds a
	// container, then what it holds), so one pass finds each node's
	// top-level ancestor.
	top := make([]string, len(prev.Nodes))
	moved := map[string]bool{}
	for i, n := range prev.Nodes {
		top[i] = n.Key
		if n.Parent != "" {
			j, ok := prev.index[n.Parent]
			if !ok || j >= i {
				return nil, false
			}
			top[i] = top[j]
		}
		if d, ok := delta[top[i]]; ok {
			out.Nodes[i].Box.X = n.Box.X + d.X
			out.Nodes[i].Box.Y = n.Box.Y + d.Y
			if n.Parent == "" {
				out.Nodes[i].Box.X, out.Nodes[i].Box.Y = saved[LayoutKey(n)].X, saved[LayoutKey(n)].Y
			}
			moved[n.Key] = true
			// A new version of the node, in memory of its own (not out.Nodes,
			// which later scenes would keep alive through it).
			out.nodeRefs[i] = new(Node)
			*out.nodeRefs[i] = out.Nodes[i]
		}
	}
	for i, e := range out.Edges {
		if !moved[e.From] && !moved[e.To] {
			continue
		}
		from, to := out.Nodes[prev.index[e.From]].Box, out.Nodes[prev.index[e.To]].Box
		out.Edges[i].A = from.Anchor(to.Center())
		out.Edges[i].B = to.Anchor(from.Center())
		out.edgeRefs[i] = new(Edge)
		*out.edgeRefs[i] = out.Edges[i]
	}
	out.Bounds = out.bounds()
	return out, true
}
