package store

import (
	"strings"

	"vnetplay/app/canvas"
	"vnetplay/app/kinds"
)

// Fields describes every property of resource r in this snapshot.
func (s *Snapshot) Fields(r Ref) ([]Field, error) {
	v, err := locate(&s.Doc.Topology, r)
	if err != nil {
		return nil, err
	}
	return Fields(v), nil
}

// Exists reports whether resource r is in the snapshot's document.
func (s *Snapshot) Exists(r Ref) bool { return kinds.Exists(&s.Doc.Topology, r) }

// RefForPath maps a diagnostic path to the resource it is about
// (kinds.RefForPath).
func RefForPath(path string) (Ref, bool) { return kinds.RefForPath(path) }

// EdgePrefix starts the selection key of an edge: "edge:" and the edge's
// scene key ("edge:peering:hub-spoke1").
const EdgePrefix = "edge:"

// SelectionKey is the canvas key that selects r: the node drawn for it (a
// VM with several NICs is selected through its first chip, a gateway
// through its VPN or ExpressRoute chip), or "edge:" and the edge key for a
// kind drawn as an edge. "" when r is not on the canvas.
func (s *Snapshot) SelectionKey(r Ref) string {
	spec, ok := kinds.Of(r.Kind)
	if !ok {
		return ""
	}
	if spec.Placement == kinds.Edge {
		return EdgePrefix + spec.EdgeKey + ":" + r.ID
	}
	if n, ok := s.Scene.Node(canvas.Key(r.Kind, r.ID)); ok && RefOf(n) == r {
		return n.Key
	}
	for _, n := range s.Scene.Nodes {
		if n.Ref == r.ID && RefOf(n) == r && n.Kind != kinds.Host && n.Kind != kinds.P2SClient {
			return n.Key
		}
	}
	return ""
}

// RefForKey is the inverse of SelectionKey: the resource a node key or an
// edge selection key stands for, if it still exists. The Internet and
// edges that are not resources (an association) have none.
func (s *Snapshot) RefForKey(key string) (Ref, bool) {
	if rest, ok := strings.CutPrefix(key, EdgePrefix); ok {
		prefix, id, _ := strings.Cut(rest, ":")
		for _, spec := range kinds.All() {
			if spec.Placement == kinds.Edge && spec.EdgeKey == prefix {
				r := Ref{Kind: spec.Kind, ID: id}
				return r, s.Exists(r)
			}
		}
		return Ref{}, false
	}
	n, ok := s.Scene.Node(key)
	if !ok || n.Kind == kinds.Internet {
		return Ref{}, false
	}
	return RefOf(n), true
}

// Unpinned returns the positions of the top-level nodes whose position is
// not saved in the document (placed by auto-layout), by layout key: what a
// change pins so that the rest of the design stays where it is drawn.
func (s *Snapshot) Unpinned() map[string]canvas.Point {
	out := map[string]canvas.Point{}
	for _, n := range s.Scene.Nodes {
		if n.Parent != "" || !n.Movable {
			continue
		}
		k := canvas.LayoutKey(n)
		if s.Doc.Layout != nil {
			if p, ok := s.Doc.Layout.Nodes[k]; ok && canvas.UsablePosition(p) {
				continue
			}
		}
		out[k] = canvas.Point{X: n.Box.X, Y: n.Box.Y}
	}
	return out
}
