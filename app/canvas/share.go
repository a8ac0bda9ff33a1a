package canvas

// ShareUnchanged makes s, a scene just built, return prev's pointers from
// NodeRef and EdgeRef for every node and edge that is equal in both (same
// key, same value), and its own for the others: drawing s after prev then
// re-renders only what changed (the canvas compares pointers first). Call
// it before s is shared; s's Nodes and Edges are not changed. A nil prev
// changes nothing.
func (s *Scene) ShareUnchanged(prev *Scene) {
	if prev == nil || s == prev {
		return
	}
	s.nodeRefs = make([]*Node, len(s.Nodes))
	for i := range s.Nodes {
		s.nodeRefs[i] = &s.Nodes[i]
		if j, ok := prev.index[s.Nodes[i].Key]; ok && prev.Nodes[j] == s.Nodes[i] {
			s.nodeRefs[i] = prev.NodeRef(j)
		}
	}
	edges := make(map[string]int, len(prev.Edges))
	for j := range prev.Edges {
		edges[prev.Edges[j].Key] = j
	}
	s.edgeRefs = make([]*Edge, len(s.Edges))
	for i := range s.Edges {
		s.edgeRefs[i] = &s.Edges[i]
		if j, ok := edges[s.Edges[i].Key]; ok && prev.Edges[j] == s.Edges[i] {
			s.edgeRefs[i] = prev.EdgeRef(j)
		}
	}
}
