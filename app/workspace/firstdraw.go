package workspace

import "vnetplay/app/canvas"

// A design just opened is drawn in two steps. Its first frame draws only
// what the canvas shows, with a thin margin (canvas.ShownWindow): at 500
// VNets the drawn window with its pan margins (canvas.DrawnWindow) held 232
// VNets for the 8 in view, and the first frame waited for all of them.
// Once that frame is painted, WidenDrawn draws the margins, which keep a
// pan from showing undrawn parts. Once those are painted, RehearseEdit
// readies the design's first edit.

// firstDrawMargin is the margin of a first frame, as a share of what the
// canvas shows on each side: enough for the edges and labels that cross
// its border, far less than the pan margins of DrawnWindow.
const firstDrawMargin = 0.125

// firstDraw is the state of a design's first frame.
type firstDraw struct {
	pending  bool // a design was opened: its first frame is to be drawn tight
	tight    bool // the drawn window is a first frame's (WidenDrawn to come)
	rehearse bool // a design was opened: WidenDrawn asks for RehearseEdit
	// rehearsals are the RehearseEdit rounds left for the design opened
	// last: WidenDrawn asks for the first, each round for the next.
	rehearsals int
	// afterGesture: a round came while a gesture was under way and waits
	// for its end (resumeRehearsal).
	afterGesture bool
}

// rehearsalRounds is how many edits a design just opened rehearses, each
// when the page is idle: the browser optimizes a function's compiled code
// only once it has run enough, and at 100 VNets the first edits' answers
// were several times slower than the next ones' until about the sixth
// edit (docs/performance.md, thirty-first round).
const rehearsalRounds = 6

// openedForDrawing notes that a design was just opened: the next drawn
// window is a first frame's (updateDrawn).
func (w *Workspace) openedForDrawing() {
	w.first.pending, w.first.rehearse, w.first.rehearsals = true, true, rehearsalRounds
	w.first.afterGesture = false // WidenDrawn asks for the new design's first round
}

// WidenDrawn draws the margins around what the canvas shows, after a
// design's first frame is painted (the UI dispatches it then: Task.Widen).
// For a design just opened it asks for RehearseEdit after its own paint.
type WidenDrawn struct{}

func (WidenDrawn) apply(w *Workspace) []Task {
	if w.first.tight {
		w.first.tight = false
		w.drawn = canvas.Rect{} // worked out afresh by updateDrawn
	}
	if w.first.rehearse {
		w.first.rehearse = false
		return []Task{{Rehearse: true}}
	}
	return nil
}

// RehearseEdit readies a design just opened for its first edits, so that
// they do not also pay for what runs for the first times: the page
// prepares an edit and drops it (store.Session.Rehearse), and, drawing
// edits before the engine analyses them (DeferAnalysis), asks the
// questions its panels ask about that edit, marked as a rehearsal
// (DeriveJob.Rehearsal: the engine's worker answers them and keeps
// nothing). The UI dispatches it when the page is idle, first after the
// design's margins are painted (Task.Rehearse), rehearsalRounds times. It
// changes nothing the page shows (Unseen: the page is not drawn again for
// it). A round that comes while a gesture is under way (a drag held still
// leaves the page idle) waits for the gesture's end: preparing an edit
// takes the page's thread, which the gesture's moves need.
type RehearseEdit struct{}

func (RehearseEdit) apply(w *Workspace) []Task {
	if w.first.rehearsals <= 0 {
		return nil
	}
	if w.g.kind != GestureNone {
		w.first.afterGesture = true
		return nil
	}
	w.first.rehearsals--
	snap, ok := w.sess.Rehearse()
	if !ok {
		w.first.rehearsals = 0
		return nil
	}
	var tasks []Task
	if w.deferred {
		for _, req := range w.wantedRequests() {
			tasks = append(tasks, Task{Derive: &DeriveJob{Req: req, Snap: snap, Design: snap.DesignKey(), Rehearsal: true}})
		}
	}
	if w.first.rehearsals > 0 {
		tasks = append(tasks, Task{Rehearse: true})
	}
	return tasks
}

// resumeRehearsal asks again for the rehearsal round that waited for a
// gesture (RehearseEdit), once no gesture is under way.
func (w *Workspace) resumeRehearsal() []Task {
	if !w.first.afterGesture || w.g.kind != GestureNone {
		return nil
	}
	w.first.afterGesture = false
	if w.first.rehearsals <= 0 {
		return nil
	}
	return []Task{{Rehearse: true}}
}

// updateDrawn works out the window the canvas draws after an action. A
// design just opened gets a first frame's window and a Widen task, once the
// canvas has a size; a first frame's window stays while it holds what the
// canvas shows (until WidenDrawn); otherwise it is
// canvas.NextDrawnWindow.
func (w *Workspace) updateDrawn() []Task {
	if w.first.pending {
		if r, ok := canvas.ShownWindow(w.view, w.screen, firstDrawMargin); ok {
			w.first.pending, w.first.tight = false, true
			w.drawn = r
			return []Task{{Widen: true}}
		}
	}
	if w.first.tight {
		if shown, ok := canvas.ShownWindow(w.view, w.screen, 0); ok && w.drawn.Covers(shown) {
			return nil
		}
		w.first.tight, w.drawn = false, canvas.Rect{}
	}
	w.drawn = canvas.NextDrawnWindow(w.drawn, w.view, w.screen)
	return nil
}
