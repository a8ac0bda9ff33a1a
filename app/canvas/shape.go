package canvas

import (
	"strings"
	"sync"
)

// sceneShape is what a scene shares with the scenes MovedScene derives
// from it, and they with theirs: answers that depend only on which nodes
// and edges there are, in which order, and what holds what, never on where
// they are. BuildScene makes one per scene; its memos are filled on first
// use, under its lock (a scene may be read from several goroutines).
type sceneShape struct {
	mu     sync.Mutex
	tops   []int32    // each node's top-level ancestor, by index (itself at the top level)
	topsOK bool       // tops computed and every parent comes before its children
	ends   [][2]int32 // each edge's From and To nodes, by index (-1: no such node)
	lifted liftedMemo // the last Lifted answer
}

// liftedMemo is a Lifted answer and the keys (joined) it answers.
type liftedMemo struct {
	keys         string
	nodes, edges []bool
}

// topLevel is each node's top-level ancestor (by index in Nodes; a node at
// the top level is its own), and ok false when a node's parent is not an
// earlier node (BuildScene adds a container, then what it holds, so one
// pass finds them). O(nodes) the first time for a shape, then O(1).
func (s *Scene) topLevel() (tops []int32, ok bool) {
	if s.shape == nil {
		return s.computeTops()
	}
	s.shape.mu.Lock()
	defer s.shape.mu.Unlock()
	if s.shape.tops == nil {
		s.shape.tops, s.shape.topsOK = s.computeTops()
	}
	return s.shape.tops, s.shape.topsOK
}

func (s *Scene) computeTops() ([]int32, bool) {
	tops := make([]int32, len(s.Nodes))
	for i, n := range s.Nodes {
		tops[i] = int32(i)
		if n.Parent != "" {
			j, ok := s.index[n.Parent]
			if !ok || j >= i {
				return tops, false
			}
			tops[i] = tops[j]
		}
	}
	return tops, true
}

// edgeEnds is each edge's From and To node, by index in Nodes (-1 when
// the scene has no such node). O(edges) the first time for a shape, then
// O(1).
func (s *Scene) edgeEnds() [][2]int32 {
	if s.shape == nil {
		return s.computeEnds()
	}
	s.shape.mu.Lock()
	defer s.shape.mu.Unlock()
	if s.shape.ends == nil {
		s.shape.ends = s.computeEnds()
	}
	return s.shape.ends
}

func (s *Scene) computeEnds() [][2]int32 {
	ends := make([][2]int32, len(s.Edges))
	at := func(k string) int32 {
		if i, ok := s.index[k]; ok {
			return int32(i)
		}
		return -1
	}
	for i, e := range s.Edges {
		ends[i] = [2]int32{at(e.From), at(e.To)}
	}
	return ends
}

// liftedMemo is Lifted's answer for keys from the shape's memo, computed
// when it answers other keys (or the scene has no shape).
func (s *Scene) liftedMemo(keys []string) (nodes, edges []bool) {
	if s.shape == nil {
		return s.computeLifted(keys)
	}
	joined := strings.Join(keys, "\n")
	s.shape.mu.Lock()
	defer s.shape.mu.Unlock()
	if m := s.shape.lifted; m.nodes != nil && m.keys == joined {
		return m.nodes, m.edges
	}
	nodes, edges = s.computeLifted(keys)
	s.shape.lifted = liftedMemo{keys: joined, nodes: nodes, edges: edges}
	return nodes, edges
}
