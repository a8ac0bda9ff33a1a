package workspace

import "vnetplay/app/canvas"

// Presentation mode (issue 16): for a projector. The page takes a
// high-contrast palette and larger type (the UI's CSS), the palette folds
// away, and the canvas zooms so that its smallest text is drawn at 16 px or
// more, centred on what the class is looking at: the selection, else the
// packet walk, else the whole design.

// smallestCanvasText is the font size, in world units, of the smallest text
// the canvas draws (node details, edge labels: app/ui/canvas.css).
const smallestCanvasText = 11.5

// PresentZoom is the zoom presentation mode chooses: the smallest canvas
// text at 16 px, with a margin for the browser's rounding (16.7 px).
const PresentZoom = 1.45

// TogglePresentation turns presentation mode on or off. On, it focuses the
// view (see FocusView); off, the view stays where it is.
type TogglePresentation struct{ Screen canvas.Rect }

func (a TogglePresentation) apply(w *Workspace) []Task {
	if a.Screen.W > 0 {
		w.screen = a.Screen
	}
	w.presenting = !w.presenting
	if w.presenting {
		w.focusView()
		_, on := w.focusBounds()
		return w.say("Presentation mode: high contrast, large type; the view is on "+on+" (the Present button ends it)", false)
	}
	return w.say("Presentation mode ended", false)
}

// Presenting reports whether presentation mode is on.
func (w *Workspace) Presenting() bool { return w.presenting }

// FocusView zooms to PresentZoom on the selection, else the packet walk's
// two ends, else the whole design.
type FocusView struct{ Screen canvas.Rect }

func (a FocusView) apply(w *Workspace) []Task {
	if a.Screen.W > 0 {
		w.screen = a.Screen
	}
	w.focusView()
	return nil
}

func (w *Workspace) focusView() {
	if w.screen.W <= 0 || w.screen.H <= 0 {
		return
	}
	box, _ := w.focusBounds()
	c := box.Center()
	w.view = canvas.Viewport{Zoom: PresentZoom, Pan: canvas.Point{X: w.screen.W/2 - c.X*PresentZoom, Y: w.screen.H/2 - c.Y*PresentZoom}}
	w.presentView = w.view
}

// refocus focuses again when the canvas changed size (entering the mode
// folds the palette away) while the view is still the one focusView set:
// a view the user moved since stays where they put it.
func (w *Workspace) refocus() {
	if w.presenting && w.view == w.presentView {
		w.focusView()
	}
}

// focusBounds is what the focus zoom centres — the selected nodes, else
// the walk's ends, else the scene — and on names it in words ("the
// selection", "the packet walk", "the design's centre").
func (w *Workspace) focusBounds() (box canvas.Rect, on string) {
	sc := w.Snap().Scene
	add := func(n canvas.Node, ok bool) {
		switch {
		case !ok:
		case box.W == 0 && box.H == 0:
			box = n.Box
		default:
			box = box.Union(n.Box)
		}
	}
	for _, k := range w.sel.keys() {
		add(sc.Node(k))
	}
	if box.W > 0 {
		return box, "the selection"
	}
	if w.walk.from != "" {
		add(sc.NICNode(w.walk.from))
		add(sc.NICNode(w.walk.to))
		if box.W > 0 {
			return box, "the packet walk"
		}
	}
	return sc.Bounds, "the design's centre"
}
