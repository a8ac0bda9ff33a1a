package canvas

import "testing"

func TestHistoryUndoRedo(t *testing.T) {
	h := NewHistory("v0", 10)
	if h.CanUndo() || h.CanRedo() {
		t.Fatal("a new history can undo or redo")
	}
	h.Push("v1", "add VNet", "")
	h.Push("v2", "add peering", "")
	if h.UndoLabel() != "add peering" {
		t.Fatalf("UndoLabel = %q", h.UndoLabel())
	}
	if s, ok := h.Undo(); !ok || s != "v1" {
		t.Fatalf("Undo = %q, %v", s, ok)
	}
	if h.RedoLabel() != "add peering" {
		t.Fatalf("RedoLabel = %q", h.RedoLabel())
	}
	if s, _ := h.Undo(); s != "v0" {
		t.Fatalf("second Undo = %q", s)
	}
	if _, ok := h.Undo(); ok || h.Current() != "v0" {
		t.Fatal("Undo past the start changed something")
	}
	if s, _ := h.Redo(); s != "v1" {
		t.Fatalf("Redo = %q", s)
	}
	// A new edit after undo drops the redo branch.
	h.Push("v1b", "rename", "")
	if h.CanRedo() {
		t.Fatal("redo survived a new edit")
	}
	if s, _ := h.Undo(); s != "v1" {
		t.Fatalf("Undo after branch = %q", s)
	}
}

func TestHistoryCoalesces(t *testing.T) {
	h := NewHistory(0, 10)
	for x := 1; x <= 5; x++ { // one drag: five moves, one undo step
		h.Push(x, "move hub", "drag:hub")
	}
	h.Seal()
	h.Push(6, "move hub", "drag:hub") // a second drag of the same node
	h.Push(7, "move spoke", "drag:spoke")
	if s, _ := h.Undo(); s != 6 {
		t.Fatalf("undo the spoke drag -> %d, want 6", s)
	}
	if s, _ := h.Undo(); s != 5 {
		t.Fatalf("undo the second hub drag -> %d, want 5", s)
	}
	if s, _ := h.Undo(); s != 0 {
		t.Fatalf("undo the first hub drag -> %d, want 0", s)
	}
	// After an undo, the same key starts a new step rather than overwriting.
	h.Redo()
	h.Push(8, "move hub", "drag:hub")
	if s, _ := h.Undo(); s != 5 {
		t.Fatalf("undo after redo+push -> %d, want 5", s)
	}
}

func TestHistoryLimit(t *testing.T) {
	h := NewHistory(0, 3)
	for x := 1; x <= 10; x++ {
		h.Push(x, "edit", "")
	}
	n := 0
	for h.CanUndo() {
		h.Undo()
		n++
	}
	if n != 3 || h.Current() != 7 {
		t.Fatalf("%d undo steps back to %d; want 3 back to 7", n, h.Current())
	}
}

// TestHistoryTags: a step's tag is given back while the step is the one
// Undo or Redo would take, and kept when its state is replaced.
func TestHistoryTags(t *testing.T) {
	h := NewHistory(0, 10)
	h.PushTagged(1, "one", "", "tag1")
	h.Push(2, "two", "")
	if h.UndoTag() != nil {
		t.Errorf("untagged step: %v", h.UndoTag())
	}
	h.Undo()
	if h.UndoTag() != "tag1" || h.RedoTag() != nil {
		t.Errorf("after one undo: undo %v, redo %v", h.UndoTag(), h.RedoTag())
	}
	h.ReplaceCurrent(11)
	h.Undo()
	if h.RedoTag() != "tag1" || h.UndoTag() != nil {
		t.Errorf("after two undos: redo %v, undo %v", h.RedoTag(), h.UndoTag())
	}
}
