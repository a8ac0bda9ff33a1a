package ui

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/canvas"
)

// The drag layer (#lift-layer) draws, while nodes are dragged, the nodes
// moved, what they hold and their edges as they are now: an SVG of its own
// above the world, placed with it by placeWorld and composited apart
// (will-change), so that a move repaints a few items instead of the world.
// SceneView keeps drawing them, hidden, where the drag started
// (SceneView.Lifted).
//
// go-app renders the layer empty and never touches what it holds:
// placeLift writes its content as markup (liftMarkup), after every render
// and, for a move that changes nothing else (workspace.LiftOnly), straight
// from the pointer's event handler. go-app draws an update on its next
// frame tick (8 ms after the event at 120 Hz), which the browser then
// paints one frame later; written in the handler, the move is painted in
// the frame of its event, as a pan's is.

// liftSpec is what the drag layer's drawing depends on besides the scene
// and the dragged keys: the marks and the world group's class of the last
// render. A move that changes them is not LiftOnly, so it is rendered, and
// the render records them again.
type liftSpec struct {
	selected, failed, spof, target string // joined keys, as SceneView's
	far                            bool
	class                          string // the world group's class (worldClass)
}

// liftMarkup is the drag layer's content for the dragged nodes lifted
// (workspace.Lifted) of scene sc: a group of the world's class holding the
// lifted edges, then the lifted nodes, in scene order, drawn as SceneView
// draws them (edgeSVG, nodeSVG). Without a drag, the empty group.
func liftMarkup(sc *canvas.Scene, lifted []string, spec liftSpec) string {
	var b strings.Builder
	b.WriteString(`<g class="`)
	writeEscaped(&b, spec.class)
	b.WriteString(`">`)
	if sc != nil && len(lifted) > 0 {
		nodes, edges := sc.Lifted(lifted)
		m := marks{failed: keySet(spec.failed), spof: keySet(spec.spof), target: spec.target}
		sel := keySet(spec.selected)
		for i, on := range edges {
			if on {
				e := sc.EdgeRef(i)
				edgeSVG(*e, edgeClass(*e, m, sel["edge:"+e.Key]), spec.far).writeMarkup(&b)
			}
		}
		for i, on := range nodes {
			if on {
				n := sc.NodeRef(i)
				nodeSVG(*n, nodeClass(*n, m, sel[n.Key]), spec.far).writeMarkup(&b)
			}
		}
	}
	b.WriteString("</g>")
	return b.String()
}

// liftLayer is the drag layer as the Shell last drew it: the spec of the
// last render, and the element and markup placeLift last wrote.
type liftLayer struct {
	spec  liftSpec
	el    app.Value
	drawn string
}

// liftOnly reports whether the last action moved only what the drag layer
// draws (workspace.LiftOnly) and left the world's class (worldClass, at
// the level of detail far) as the last render drew it: a move that makes
// the design's edges long enough to be drawn solid is rendered.
func (s *Shell) liftOnly(far bool) bool {
	return s.ws.LiftOnly() && worldClass(far, s.ws.Snap().Scene) == s.lift.spec.class
}

// liftContent is what the drag layer holds now: liftMarkup of the current
// scene and drag with the last render's spec.
func (s *Shell) liftContent() string {
	return liftMarkup(s.ws.Snap().Scene, s.ws.Lifted(), s.lift.spec)
}

// placeLift writes the drag layer's content when it differs from what the
// element holds (or the element is another: go-app mounted it again).
func (s *Shell) placeLift() {
	el := app.Window().GetElementByID("lift-layer")
	if !el.Truthy() {
		return
	}
	s.marks.lift(liftedKeys(s.ws.Snap().Scene, s.ws.Lifted()))
	markup := s.liftContent()
	if markup == s.lift.drawn && s.lift.el != nil && el.Equal(s.lift.el) {
		return
	}
	el.Set("innerHTML", markup)
	s.lift.el, s.lift.drawn = el, markup
}

// liftedKeys are the keys of what a drag of the top-level nodes lifted
// moves in sc (canvas.Scene.Lifted): its nodes', then its edges', in scene
// order. None without a drag.
func liftedKeys(sc *canvas.Scene, lifted []string) []string {
	if sc == nil || len(lifted) == 0 {
		return nil
	}
	nodes, edges := sc.Lifted(lifted)
	var keys []string
	for i, on := range nodes {
		if on {
			keys = append(keys, sc.NodeRef(i).Key)
		}
	}
	for i, on := range edges {
		if on {
			keys = append(keys, sc.EdgeRef(i).Key)
		}
	}
	return keys
}
