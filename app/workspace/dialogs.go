package workspace

// The ids of the dialogs not named with their actions: the shortcuts, the
// Problem alert and the save conflict's question.
const (
	helpDialog     = "help"
	problemDialog  = "problem"
	conflictDialog = "conflict"
	keepMineButton = "keep-mine"
	takeTheirsBtn  = "take-theirs"
	// canvasID is the canvas' element: the focus goes back there when
	// nothing else had it.
	canvasID = "canvas"
)

// TopDialog is the id of the modal dialog on top, the one the keyboard
// belongs to ("" for none): the one Escape closes first (see escape) — the
// save conflict, the Problem alert, the shortcuts, the Changes dialog, the
// import report, the Scenarios dialog. Tab and Shift+Tab cycle through its
// controls (TabTarget).
func (w *Workspace) TopDialog() string {
	switch {
	case w.lib.Conflict:
		return conflictDialog
	case w.lib.Problem != "":
		return problemDialog
	case w.help:
		return helpDialog
	case w.DesignDiff().Shown:
		return designDiffDialog
	case w.importReportShown():
		return importReportDialog
	case w.lib.Open:
		return libraryDialog
	}
	return ""
}

// TabTarget is where Tab (Shift+Tab when back) moves the focus in a modal
// dialog with n controls, from the control at index at (-1 when the focus
// is on the dialog itself or outside it): the next or previous control,
// from the last back to the first and from the first to the last, never
// to the page behind (the WAI-ARIA dialog pattern). -1 when the dialog has
// no control: the focus stays on the dialog.
func TabTarget(n, at int, back bool) int {
	switch {
	case n <= 0:
		return -1
	case at < 0 || at >= n:
		if back {
			return n - 1
		}
		return 0
	case back:
		return (at - 1 + n) % n
	}
	return (at + 1) % n
}
