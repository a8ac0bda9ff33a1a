package canvas

// Lifted is what a drag of the top-level nodes keys moves, by index in the
// scene's Nodes and Edges: each node that is one of keys or lies inside one
// (its ancestors up to the top level), and each edge with an end on such a
// node. Both are nil when keys is empty. The scenes MovedScene derives
// from one another share the answer, which callers must not change: the
// keys a drag lifts cost O(nodes + edges) once, then O(1) for each move.
func (s *Scene) Lifted(keys []string) (nodes, edges []bool) {
	if len(keys) == 0 {
		return nil, nil
	}
	return s.liftedMemo(keys)
}

// computeLifted is Lifted, computed: O(nodes + edges).
func (s *Scene) computeLifted(keys []string) (nodes, edges []bool) {
	lifted := make(map[string]bool, len(keys))
	for _, k := range keys {
		lifted[k] = true
	}
	nodes = make([]bool, len(s.Nodes))
	// Parents come before their children in Nodes (BuildScene adds a
	// container, then what it holds), so one pass lifts whole subtrees.
	for i, n := range s.Nodes {
		if lifted[n.Key] || (n.Parent != "" && lifted[n.Parent]) {
			nodes[i] = true
			lifted[n.Key] = true
		}
	}
	edges = make([]bool, len(s.Edges))
	for i, e := range s.Edges {
		edges[i] = lifted[e.From] || lifted[e.To]
	}
	return nodes, edges
}

// MovedOnlyLifted reports whether next draws what prev draws but for what
// a drag of the top-level nodes keys lifts (Lifted on prev): the same
// nodes and edges in the same order, each one not lifted equal to prev's.
// A drag's move that keeps to that changes nothing on the canvas but its
// drag layer. It costs O(nodes + edges).
func MovedOnlyLifted(prev, next *Scene, keys []string) bool {
	if prev == nil || next == nil || len(prev.Nodes) != len(next.Nodes) || len(prev.Edges) != len(next.Edges) {
		return false
	}
	nodes, edges := prev.Lifted(keys)
	if len(keys) == 0 {
		nodes, edges = make([]bool, len(prev.Nodes)), make([]bool, len(prev.Edges))
	}
	for i := range prev.Nodes {
		if a, b := prev.NodeRef(i), next.NodeRef(i); a.Key != b.Key || (!nodes[i] && *a != *b) {
			return false
		}
	}
	for i := range prev.Edges {
		if a, b := prev.EdgeRef(i), next.EdgeRef(i); a.Key != b.Key || (!edges[i] && *a != *b) {
			return false
		}
	}
	return true
}
