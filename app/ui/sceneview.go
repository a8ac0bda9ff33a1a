package ui

import (
	"slices"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/canvas"
)

// SceneView draws the scene: its edges, then its nodes, each a child
// component (EdgeView, NodeView). Its exported fields are everything that
// drawing depends on. go-app compares a child component's exported fields
// before rendering it again, and a pointer that has not changed compares
// equal at once; so a pan or a zoom, which change only the transform of
// the world around it, render none of the scene, and a drag renders the
// scene's list but only the nodes and edges that moved. Sets are kept as
// sorted, newline-joined keys so that comparing them is cheap.
type SceneView struct {
	app.Compo
	Scene    *canvas.Scene
	Selected string // selected node and edge keys
	Failed   string // keys drawn as failed
	SPOF     string // keys drawn as single points of failure
	Target   string // the node a connection would end on
	Far      bool   // boxes alone (see detailZoom)
}

// Render draws the scene's edges and nodes.
func (v *SceneView) Render() app.UI {
	if v.Scene == nil {
		return S("g").Class("scene")
	}
	m := marks{failed: keySet(v.Failed), spof: keySet(v.SPOF), target: v.Target}
	sel := keySet(v.Selected)
	parts := make([]app.UI, 0, len(v.Scene.Edges)+len(v.Scene.Nodes))
	for _, e := range v.Scene.Edges {
		parts = append(parts, &EdgeView{Edge: e, Class: edgeClass(e, m, sel["edge:"+e.Key]), Far: v.Far})
	}
	for _, n := range v.Scene.Nodes {
		parts = append(parts, &NodeView{Node: n, Class: nodeClass(n, m, sel[n.Key]), Far: v.Far})
	}
	return S("g").Class("scene").Body(parts...)
}

// joinKeys is keys (a list, or a set's members) sorted and joined: the
// form SceneView keeps sets in.
func joinKeys(keys []string) string {
	keys = slices.Clone(keys)
	slices.Sort(keys)
	return strings.Join(keys, "\n")
}

// setKeys lists the members of a set.
func setKeys(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k, in := range set {
		if in {
			out = append(out, k)
		}
	}
	return out
}

// keySet is the set of joined keys.
func keySet(joined string) map[string]bool {
	out := map[string]bool{}
	if joined == "" {
		return out
	}
	for _, k := range strings.Split(joined, "\n") {
		out[k] = true
	}
	return out
}
