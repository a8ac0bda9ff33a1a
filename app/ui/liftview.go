package ui

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/canvas"
)

// LiftView draws, while nodes are dragged, the nodes moved, what they hold
// and their edges as they are now, on the drag layer (#lift-layer): an SVG
// of its own above the world, placed with it by placeWorld and composited
// apart (will-change), so that a move repaints a few items instead of the
// world. SceneView keeps drawing them, hidden, where the drag started
// (SceneView.Lifted). Without a drag it draws an empty group. Its fields
// are what the drawing depends on, compared by go-app as SceneView's are.
type LiftView struct {
	app.Compo
	Scene    ident[canvas.Scene]
	Lifted   string // the dragged nodes' keys, joined (workspace.Lifted)
	Selected string
	Failed   string
	SPOF     string
	Target   string
	Far      bool
	Class    string // the world group's class (worldClass), shared with the world
}

// Render draws the lifted edges, then the lifted nodes, in scene order.
func (v *LiftView) Render() app.UI {
	sc := v.Scene.ptr
	g := S("g").Class(v.Class)
	if sc == nil || v.Lifted == "" {
		return g
	}
	nodes, edges := sc.Lifted(strings.Split(v.Lifted, "\n"))
	m := marks{failed: keySet(v.Failed), spof: keySet(v.SPOF), target: v.Target}
	sel := keySet(v.Selected)
	var out []app.UI
	for i, on := range edges {
		if on {
			e := sc.EdgeRef(i)
			out = append(out, &EdgeView{Edge: e, Class: edgeClass(*e, m, sel["edge:"+e.Key]), Far: v.Far})
		}
	}
	for i, on := range nodes {
		if on {
			n := sc.NodeRef(i)
			out = append(out, &NodeView{Node: n, Class: nodeClass(*n, m, sel[n.Key]), Far: v.Far})
		}
	}
	return g.Body(out...)
}
