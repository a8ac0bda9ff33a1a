package workspace

import "strings"

// Key is a key pressed anywhere on the page (the canvas' own keys are
// CanvasKey): Ctrl+Z / Ctrl+Shift+Z or Ctrl+Y undo and redo, Ctrl+C,
// Ctrl+V and Ctrl+A copy, paste and select all, Delete or Backspace
// deletes the selection, Escape clears the selection, a gesture and the
// dialogs, ? shows the shortcuts. Keys typed into a form field are the
// field's (InField). While a dialog covers the page (DialogOpen) the design
// behind it takes no key: Escape closes the dialog, ? the shortcuts' own.
type Key struct {
	Key     string
	Ctrl    bool // Ctrl or Cmd
	Shift   bool
	InField bool
	// From is the id of the element with the focus ("" for none): ? gives
	// the focus back there when the shortcuts close.
	From string
}

// Handled reports whether the key is one of these shortcuts with no
// dialog open (Workspace.Handles says it for the page as it is).
func (a Key) Handled() bool { return a.action() != nil }

// Handles reports whether key k does something on the page as it is (the
// UI then prevents the browser's default): one of Key's shortcuts, and
// with a dialog open only Escape, or ? over the shortcuts.
func (w *Workspace) Handles(k Key) bool { return w.keyAction(k) != nil }

// keyAction is what key k does on the page as it is (nil: nothing).
func (w *Workspace) keyAction(k Key) Action {
	act := k.action()
	if act == nil || !w.DialogOpen() {
		return act
	}
	switch act.(type) {
	case escape:
		return act
	case ToggleHelp:
		if w.help {
			return act
		}
	}
	return nil
}

// DialogOpen reports whether a dialog covers the page: the shortcuts, the
// Scenarios dialog, a problem to acknowledge, the import report, the
// Changes dialog, a save conflict. The design behind it then takes no key
// (a Delete pressed on the dialog's buttons deleted the selected resource
// behind it).
func (w *Workspace) DialogOpen() bool {
	if w.help || w.lib.Open || w.lib.Problem != "" || w.lib.Conflict || w.DesignDiff().Shown {
		return true
	}
	return w.importReportShown()
}

// importReportShown reports whether the open design's import report is
// on screen.
func (w *Workspace) importReportShown() bool {
	r, ok := w.ImportReport()
	return ok && r.Shown
}

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
		return ToggleHelp{From: a.From}
	}
	return nil
}

func (a Key) apply(w *Workspace) []Task {
	if act := w.keyAction(a); act != nil {
		return act.apply(w)
	}
	return nil
}

// escape closes what is open, innermost first: the Problem alert, a
// keyboard connection, the help, the Changes dialog (opened over the
// Scenarios dialog), the import report, the Scenarios dialog, an item
// form; else it clears the selection. A save conflict, drawn over
// everything, closes nothing: it waits for the user's choice.
type escape struct{}

func (escape) apply(w *Workspace) []Task {
	switch {
	case w.lib.Conflict:
		return nil
	case w.lib.Problem != "":
		return AckProblem{}.apply(w)
	case w.g.kind == GestureKeyConnect:
		return CancelGesture{}.apply(w)
	case w.help:
		return w.closeHelp()
	case w.DesignDiff().Shown:
		return CloseDesignDiff{}.apply(w)
	case w.importReportShown():
		return CloseImportReport{}.apply(w)
	case w.lib.Open:
		return CloseLibrary{}.apply(w)
	case w.insp.item != nil:
		w.insp.item = nil
	default:
		w.sel.set()
		w.g = gesture{seq: w.g.seq}
	}
	return nil
}
