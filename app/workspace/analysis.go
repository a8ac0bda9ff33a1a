package workspace

// The engine's analysis of an edit, drawn first and analysed after: in
// the browser an edit repaints the canvas at once (the session's pending
// snapshot: the new design, the previous results), and the engine runs
// once the page has painted (Task.Analyse → Analyse). Edits that come
// before it runs are analysed together: only the current design is.
// Without DeferAnalysis (tests and tools) every edit is analysed before
// its action returns.

// DeferAnalysis makes the workspace draw edits before the engine analyses
// them (or, with Off, analyse every edit at once again).
type DeferAnalysis struct{ Off bool }

func (a DeferAnalysis) apply(w *Workspace) []Task {
	w.deferred = !a.Off
	w.sess.SetDeferred(w.deferred)
	if !w.deferred && w.sess.NeedsAnalysis() {
		w.sess.Analyse()
		w.afterChange()
	}
	return nil
}

// Analyse runs the engine on the current design if it waits for it (the
// UI dispatches it for a Task.Analyse, after the page painted the edit).
type Analyse struct{}

func (Analyse) apply(w *Workspace) []Task {
	w.analysing = false
	if w.sess.Analyse() {
		// Results changed: a walk whose endpoint is gone is dropped.
		w.afterChange()
	}
	return nil
}

// Updating reports whether the panels show the results of an earlier
// version of the design, the engine not having answered their questions
// about this one (Derived) or, for a view that reads it (pagePlaneWanted),
// not analysed it in the page yet.
func (w *Workspace) Updating() bool {
	return (w.sess.NeedsAnalysis() && w.pagePlaneWanted()) || w.derivedPending()
}

// analysed analyses the current design now if it waits for the engine: a
// question asked of the results (a sweep, the next hop of an address) is
// answered for the design on screen.
func (w *Workspace) analysed() {
	if w.sess.NeedsAnalysis() {
		w.sess.Analyse()
	}
}

// scheduleAnalysis asks the UI for one Analyse after the page has painted,
// if the design waits for the engine, a view on screen reads the page's
// analysis (pagePlaneWanted) and none is asked yet.
func (w *Workspace) scheduleAnalysis() []Task {
	if !w.deferred || w.analysing || !w.sess.NeedsAnalysis() || !w.pagePlaneWanted() {
		return nil
	}
	w.analysing = true
	return []Task{{Analyse: true}}
}
