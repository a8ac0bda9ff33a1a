package workspace

import (
	"reflect"
	"strings"

	"vnetplay/app/canvas"
	"vnetplay/app/store"
)

// The side panel (Inspector and results) is drawn again only when what it
// shows may have changed: PanelRev counts those changes. A pan, a zoom, a
// drag's moves (layout only) and a separator being dragged are most of the
// actions a pointer sends; redrawing the panel for each of them (the Next
// hop tool lists every NIC, the Reach matrix a page of cells) was most of
// a pan's cost on a large design.

// canvasInput marks the actions of pointer and view input: their effect is
// on the viewport, the gesture under way or the positions (a layout edit),
// which the panel does not show, unless they changed what panelMark reads
// (a band selecting, a separator resizing the panel).
type canvasInput interface{ canvasInput() bool }

func (PointerMove) canvasInput() bool  { return true }
func (Wheel) canvasInput() bool        { return true }
func (Fit) canvasInput() bool          { return true }
func (WidenDrawn) canvasInput() bool   { return true }
func (RehearseEdit) canvasInput() bool { return true }

// quietAction marks the actions that may change nothing the page draws:
// the autosave's timer, which waits while a drag is under way (writing the
// design whole would hold up the moves) and sets itself again, and a
// rehearsal round (RehearseEdit), which by its contract changes nothing
// shown. Do compares what the page draws before and after them (Unseen).
type quietAction interface{ quietAction() }

func (autosave) quietAction()     {}
func (RehearseEdit) quietAction() {}

// Unseen reports whether the last action was a quietAction that changed
// nothing the page draws (viewMark, liftMark) and asked for nothing the
// page shows (onlyUnseenTasks): the page is not drawn again for it, and
// the panel's revision does not move.
func (w *Workspace) Unseen() bool { return w.unseen }

// onlyUnseenTasks reports whether no task shows anything on the page:
// timers (Delay and Then alone), rehearsal rounds, and a rehearsal's
// questions (their answers are dropped).
func onlyUnseenTasks(tasks []Task) bool {
	for _, t := range tasks {
		rest := t
		rest.Delay, rest.Then, rest.Rehearse = 0, nil, false
		if rest.Derive != nil && rest.Derive.Rehearsal {
			rest.Derive = nil
		}
		if !reflect.ValueOf(rest).IsZero() || (t.Then != nil && t.Delay <= 0) {
			return false
		}
	}
	return true
}

// canvasInput is true for a press: it starts a gesture and may change the
// selection, but never the panel, which follows the selection only when
// the pointer is released (see Workspace.followSelection).
func (PointerDown) canvasInput() bool { return true }
func (ResetView) canvasInput() bool   { return true }

// canvasInput is true for the keys that only move or scale the view:
// arrows without Alt, +, −, 0 and F.
func (a CanvasKey) canvasInput() bool {
	if a.Alt {
		return false
	}
	switch strings.ToLower(a.Key) {
	case "arrowleft", "arrowright", "arrowup", "arrowdown", "+", "=", "-", "0", "f":
		return true
	}
	return false
}

// panelMark is what a canvas input could change that the panel shows: the
// session, its results (a layout edit keeps them: store.Snapshot.ResultsKey),
// whether they are being updated, the selection it shows (ShownRef: the
// selection as of the last release) and the panel's layout.
type panelMark struct {
	sess     *store.Session
	results  any
	updating bool
	selected string
	panels   Panels
	readOnly bool
}

func (w *Workspace) panelMark() panelMark {
	return panelMark{
		sess:     w.sess,
		results:  w.Snap().ResultsKey(),
		updating: w.Updating(),
		selected: strings.Join(w.shown.keys(), "\n"),
		panels:   w.panels,
		readOnly: w.ReadOnly(),
	}
}

// viewMark is what a canvas input could change beyond the viewport that
// the page draws: the panel's mark, the selection the canvas marks, the
// snapshot (its scene), the gesture drawn and the notice.
type viewMark struct {
	panel    panelMark
	selected string
	snap     *store.Snapshot
	gesture  Gesture
	notice   Notice
}

func (w *Workspace) viewMark() viewMark {
	return viewMark{panel: w.panelMark(), selected: strings.Join(w.sel.keys(), "\n"), snap: w.Snap(), gesture: w.Gesture(), notice: w.notice}
}

// liftMark is what a drag's move could change beyond the positions of the
// nodes it lifted: a viewMark, the viewport, the undo and redo labels and
// whether the design has unsaved changes.
type liftMark struct {
	view       viewMark
	port       canvas.Viewport
	undo, redo string
	unsaved    bool
	moving     bool // a drag of nodes is under way, its nodes lifted (Lifted)
}

func (w *Workspace) liftMark(v viewMark) liftMark {
	return liftMark{view: v, port: w.view, undo: w.sess.UndoLabel(), redo: w.sess.RedoLabel(), unsaved: w.unsaved(), moving: w.g.kind == GestureMove && w.g.moved}
}

// movedLiftedOnly reports whether an action that left no tasks, from
// before to after, changed nothing the page draws but where the nodes a
// drag lifted are (see LiftOnly).
func (w *Workspace) movedLiftedOnly(before, after liftMark) bool {
	b, a := before.view, after.view
	if !before.moving || !after.moving || before.port != after.port || before.undo != after.undo ||
		before.redo != after.redo || before.unsaved != after.unsaved ||
		b.panel != a.panel || b.selected != a.selected || b.gesture != a.gesture || b.notice != a.notice || b.snap == a.snap {
		return false
	}
	return b.snap.ResultsKey() == a.snap.ResultsKey() && b.snap.Pending() == a.snap.Pending() &&
		canvas.MovedOnlyLifted(b.snap.Scene, a.snap.Scene, w.g.lifted)
}

// LiftOnly reports whether the last action (a drag's move, after the one
// that started its undo step) changed nothing the page draws but the
// positions of the nodes the drag lifted (Lifted) and their edges: only
// the drag layer is drawn again, the page is not.
func (w *Workspace) LiftOnly() bool { return w.liftOnly }

// ViewOnly reports whether the last action changed nothing but the
// viewport (a pan's move, a wheel step, a view key): the page need not be
// drawn again, only moved and scaled (and drawn again when the level of
// detail, which depends on the zoom, changes).
func (w *Workspace) ViewOnly() bool { return w.viewOnly }

// PanelRev changes whenever what the side panel shows may have changed:
// after every action but the canvas inputs that left panelMark as it was.
// The UI draws the panel again only when it changes.
func (w *Workspace) PanelRev() uint64 { return w.panelRev }
