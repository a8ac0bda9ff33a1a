package canvas

// History is an undo/redo stack of immutable document states (design-notes
// §2.3: every edit yields a new document; undo restores an earlier one).
// T is typically a pointer to an immutable document, so keeping many states
// costs only what they do not share.
//
// Consecutive edits with the same non-empty coalesce key (one drag of a
// node, typing in one field) merge into one undo step. The zero value is not
// usable; call NewHistory.
type History[T any] struct {
	past    []entry[T] // past[len-1] is the current state
	future  []entry[T]
	limit   int
	lastKey string
}

type entry[T any] struct {
	state T
	label string
	tag   any // what the step's caller keeps with it (PushTagged)
}

// NewHistory starts a history at initial, keeping at most limit undo steps
// (limit < 1 means 1).
func NewHistory[T any](initial T, limit int) *History[T] {
	return &History[T]{past: []entry[T]{{state: initial}}, limit: max(limit, 1)}
}

// Current returns the present state.
func (h *History[T]) Current() T { return h.past[len(h.past)-1].state }

// Push records a new present state after an edit described by label (shown
// as "Undo <label>"). If coalesceKey is not empty and equals the previous
// push's key, the new state replaces the previous one instead of adding a
// step. Push clears the redo stack.
func (h *History[T]) Push(state T, label, coalesceKey string) {
	h.PushTagged(state, label, coalesceKey, nil)
}

// PushTagged is Push keeping tag with the step: UndoTag and RedoTag give
// it back while the step is the one Undo or Redo would take.
func (h *History[T]) PushTagged(state T, label, coalesceKey string, tag any) {
	h.future = nil
	if coalesceKey != "" && coalesceKey == h.lastKey && len(h.past) > 1 {
		h.past[len(h.past)-1] = entry[T]{state: state, label: label, tag: tag}
		return
	}
	h.lastKey = coalesceKey
	h.past = append(h.past, entry[T]{state: state, label: label, tag: tag})
	if over := len(h.past) - 1 - h.limit; over > 0 {
		h.past = append(h.past[:0:0], h.past[over:]...)
	}
}

// Seal ends coalescing: the next Push starts a new undo step even with the
// same key (a drag ended; the field lost focus).
func (h *History[T]) Seal() { h.lastKey = "" }

// CanUndo and CanRedo report whether Undo and Redo would change anything.
func (h *History[T]) CanUndo() bool { return len(h.past) > 1 }
func (h *History[T]) CanRedo() bool { return len(h.future) > 0 }

// UndoLabel and RedoLabel name the step Undo or Redo would take ("" if none).
func (h *History[T]) UndoLabel() string {
	if !h.CanUndo() {
		return ""
	}
	return h.past[len(h.past)-1].label
}

func (h *History[T]) RedoLabel() string {
	if !h.CanRedo() {
		return ""
	}
	return h.future[len(h.future)-1].label
}

// UndoTag and RedoTag are the tags of the steps Undo or Redo would take
// (nil if none, or untagged).
func (h *History[T]) UndoTag() any {
	if !h.CanUndo() {
		return nil
	}
	return h.past[len(h.past)-1].tag
}

func (h *History[T]) RedoTag() any {
	if !h.CanRedo() {
		return nil
	}
	return h.future[len(h.future)-1].tag
}

// Undo steps back and returns the new present state; ok is false when there
// is nothing to undo.
func (h *History[T]) Undo() (state T, ok bool) {
	if !h.CanUndo() {
		return h.Current(), false
	}
	step(&h.past, &h.future)
	h.lastKey = ""
	return h.Current(), true
}

// Redo re-applies the last undone step.
func (h *History[T]) Redo() (state T, ok bool) {
	if !h.CanRedo() {
		return h.Current(), false
	}
	step(&h.future, &h.past)
	h.lastKey = ""
	return h.Current(), true
}

// step moves the top entry of from onto to.
func step[T any](from, to *[]entry[T]) {
	top := (*from)[len(*from)-1]
	*from = (*from)[:len(*from)-1]
	*to = append(*to, top)
}
