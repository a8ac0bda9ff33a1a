package workspace

import "strings"

// Key is a key pressed anywhere on the page (the canvas' own keys are
// CanvasKey): Ctrl+Z / Ctrl+Shift+Z or Ctrl+Y undo and redo, Ctrl+C,
// Ctrl+V and Ctrl+A copy, paste and select all, Delete or Backspace
// deletes the selection, Escape clears the selection, a gesture and the
// dialogs, ? shows the shortcuts. Keys typed into a form field are the
// field's (InField).
type Key struct {
	Key     string
	Ctrl    bool // Ctrl or Cmd
	Shift   bool
	InField bool
}

// Handled reports whether the key is one of these shortcuts (the UI then
// prevents the browser's default).
func (a Key) Handled() bool { return a.action() != nil }

func (a Key) action() Action {
	if a.InField {
		return nil
	}
	k := strings.ToLower(a.Key)
	switch {
	case a.Ctrl && (k == "z" && a.Shift || k == "y"):
		return Redo{}
	case a.Ctrl && k == "z":
		return Undo{}
	case a.Ctrl && k == "c":
		return Copy{}
	case a.Ctrl && k == "v":
		return Paste{}
	case a.Ctrl && k == "a":
		return SelectAll{}
	case a.Ctrl:
		return nil
	case k == "delete" || k == "backspace":
		return DeleteSelection{}
	case k == "escape":
		return escape{}
	case k == "?":
		return ToggleHelp{}
	}
	return nil
}

func (a Key) apply(w *Workspace) []Task {
	if act := a.action(); act != nil {
		return act.apply(w)
	}
	return nil
}

// escape closes what is open, innermost first: a keyboard connection, the
// help, the Scenarios dialog, an item form; else it clears the selection.
type escape struct{}

func (escape) apply(w *Workspace) []Task {
	switch {
	case w.g.kind == GestureKeyConnect:
		return CancelGesture{}.apply(w)
	case w.help:
		w.help = false
	case w.lib.Open:
		w.lib.Open = false
	case w.insp.item != nil:
		w.insp.item = nil
	default:
		w.sel.set()
		w.g = gesture{seq: w.g.seq}
	}
	return nil
}
