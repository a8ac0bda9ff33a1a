package canvas

// Lifted is what a drag of the top-level nodes keys moves, by index in the
// scene's Nodes and Edges: each node that is one of keys or lies inside one
// (its ancestors up to the top level), and each edge with an end on such a
// node. Both are nil when keys is empty. It costs O(nodes + edges).
func (s *Scene) Lifted(keys []string) (nodes, edges []bool) {
	if len(keys) == 0 {
		return nil, nil
	}
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
