package canvas

// ReplaceCurrent puts state in place of the present state, keeping its
// undo label and the coalescing run: the same step, computed further (the
// engine's results for a design that was drawn before they were ready).
func (h *History[T]) ReplaceCurrent(state T) { h.past[len(h.past)-1].state = state }
