package workspace

import (
	"vnetplay/app/store"
)

// pagePlaneWanted reports whether what is on screen reads the page's own
// analysis of the design (its data plane, diagnostics or name
// resolution) rather than the engine's answers to the panels' questions
// (Derive: in the browser, the engine's Web Worker computes them). Only
// then does the page analyse each edit after painting it (Analyse); else
// it leaves the design unanalysed, free for the next input, and analyses
// it when a view that reads it opens (openedOnAnalysis) or a tool asks
// (analysed).
//
// The views the answers serve: the Routes tab's effective routes, a BGP
// speaker's or a P2S pool's tables, the tab's tools' lists and their
// answers (Next hop, IP flow verify, Resolve a name), a NIC's routes
// compared with Azure's in the Inspector, the Reach matrix and its picked
// cell's packet walk (drawn on the canvas), a walk played on the canvas
// (the simulation), the Names matrix and its picked cell's resolution
// walk, the Checks tab, the What if tab's changes and every tab's count of
// problems, the Challenge tab's grading (the N-1 sweep runs in the worker
// too). Only the Challenge tab's authoring form (the trainer's, with goals
// checked against the design as they are typed) reads the page's analysis.
func (w *Workspace) pagePlaneWanted() bool {
	switch w.panels.Tab {
	case TabRoutes, TabReach, TabChecks, TabWhatIf, TabNames:
		return false
	case TabChallenge: // graded by the worker; its authoring form reads the page's analysis
		return w.chalEditing()
	}
	return true
}

// openedOnAnalysis analyses the design now when the action just applied
// opened a view that reads the page's analysis (pagePlaneWanted was false
// before it, in the same session) and the design waits for it: the view
// shows the design on screen from its first paint, not an earlier
// version's results (or none: a design opened and never analysed in the
// page). Edits made while such a view is open are analysed after their
// paint (scheduleAnalysis).
func (w *Workspace) openedOnAnalysis(before *store.Session, wanted bool) {
	if !w.deferred || wanted || w.sess != before || !w.sess.NeedsAnalysis() || !w.pagePlaneWanted() {
		return
	}
	w.sess.Analyse()
	w.afterChange()
}
