package canvas

// PanGesture tracks one drag on the empty canvas that pans the view. It
// follows a single pointer (the one that started it); moves of other
// pointers are ignored. The zero value is an idle gesture.
type PanGesture struct {
	active  bool
	pointer int
	start   Point
	origin  Viewport
}

// Begin starts panning from viewport v with pointer at screen point at.
func (g *PanGesture) Begin(v Viewport, pointer int, at Point) {
	*g = PanGesture{active: true, pointer: pointer, start: at, origin: v}
}

// Active reports whether a pan is under way.
func (g *PanGesture) Active() bool { return g.active }

// Move returns the viewport for the pointer now at screen point at, and
// false when no pan is under way or the pointer is another one.
func (g *PanGesture) Move(pointer int, at Point) (Viewport, bool) {
	if !g.active || pointer != g.pointer {
		return Viewport{}, false
	}
	return g.origin.Panned(at.X-g.start.X, at.Y-g.start.Y), true
}

// End finishes the pan of pointer; it reports whether that pointer was
// panning.
func (g *PanGesture) End(pointer int) bool {
	if !g.active || pointer != g.pointer {
		return false
	}
	*g = PanGesture{}
	return true
}
