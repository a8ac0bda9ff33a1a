// Package workspace is the state of the playground around the design: the
// editing session (app/store), the selection, the viewport and the pointer
// gesture under way, the panels, the inspector's drafts, the packet walk on
// screen, the what-if results, the notice line, and the scenario library
// with its startup and autosave. Every change to it is an Action, applied
// by Do; the UI (app/ui) renders what the workspace says and dispatches
// actions, nothing else.
//
// The package is plain Go: no go-app, no browser. What needs the browser
// or storage is returned by Do as Tasks (a timer, a storage call run off
// the UI's goroutine, a download) for the UI to run; their results come
// back as actions. So the whole behaviour, startup and autosave included,
// is tested natively with the in-memory store.
package workspace

import (
	"context"
	"time"

	"vnetplay/app/canvas"
	"vnetplay/app/persist"
	"vnetplay/app/store"
	"vnetplay/engine/scenario"
)

// Action is one thing the user (or a finished task) does to the workspace.
// Actions are plain values: the UI builds them in its event handlers, and
// tests build them directly.
type Action interface {
	apply(w *Workspace) []Task
}

// Task is work an action leaves for the UI to run: exactly one of its
// fields is set.
type Task struct {
	// After runs Then once Delay has passed (the autosave, a notice
	// expiring).
	Delay time.Duration
	Then  Action
	// Storage runs off the UI's goroutine, after the storage tasks given
	// before it (one at a time, in order: a save is based on the revision
	// the one before it wrote); the action it returns is dispatched when
	// it is done. With Now, it starts at once, ahead of any queued: the
	// flush of a page being closed, which must issue its writes before
	// the page goes.
	Storage func(ctx context.Context, st persist.Store) Action
	Now     bool
	// Work runs off the UI's goroutine too; progress may be called any
	// number of times with actions to dispatch meanwhile.
	Work func(ctx context.Context, progress func(Action)) Action
	// Sweep is an N-1 sweep to run off the page (a Web Worker), or as
	// RunSweepJob does.
	Sweep *SweepJob
	// Derive is a question about the design for the engine's Web Worker,
	// or, without one, for the page (DeriveInPage); its answer is Derived.
	Derive *DeriveJob
	// Analyse asks for an Analyse action once the page has painted what
	// the action before changed (analysis.go).
	Analyse bool
	// Reveal asks for a RevealAnswers action once the page has painted
	// what the action before changed (derived.go: answers held).
	Reveal bool
	// Widen asks for a WidenDrawn action once the page has painted a
	// design's first frame (firstdraw.go).
	Widen bool
	// Rehearse asks for a RehearseEdit action once the page is idle after
	// the paint (firstdraw.go).
	Rehearse bool
	// Browser effects.
	Download *Download
	Copy     string // put this text on the clipboard
	Focus    string // focus the element with this id
	// NoteFocus, with Focus: first tell the workspace which element has
	// the focus (FocusWas), for a dialog that opened on its own (a save
	// conflict) to give it back there when it closes.
	NoteFocus bool
	// ReplaceURL replaces the page's URL (dropping a share link once its
	// design is saved).
	ReplaceURL string
	// Reload reloads the page.
	Reload bool
	// Tabs: coordination with the other tabs of the app (tabs.go).
	Claim    *Claim // ask for a design's writer lock; answered by Claimed, ClaimLost
	Release  string // give up the writer lock of this design id, in order after the storage tasks before it
	Announce *Peer  // tell the other tabs
	Persist  bool   // ask the browser to keep the storage persistent; answered by StorageKept
	Cancel   string // cancel the Work task started with this key
	Key      string // with Work: the key Cancel names
}

// Download is a file to offer the user. PNG means: rasterise SVG and offer
// the picture instead.
type Download struct {
	Name, Mime, Data string
	PNG              bool
	Width, Height    float64 // for PNG: the drawing's size
}

// Workspace is the playground's state. It is not safe for concurrent use:
// the UI applies actions from its one goroutine.
type Workspace struct {
	imported    *ImportReport   // the open design's import report (importexport.go)
	presenting  bool            // presentation mode (present.go)
	presentView canvas.Viewport // the view presentation mode's focus set last
	sess        *store.Session
	sel         selection
	shown       selection // the selection the side panel shows (followSelection)
	view        canvas.Viewport
	screen      canvas.Rect // the canvas' client rectangle, as last seen
	drawn       canvas.Rect // the part of the world the canvas draws (DrawnWindow)
	first       firstDraw   // a design's first frame, drawn tight (firstdraw.go)
	g           gesture
	clip        store.Clip
	pastes      int
	panels      Panels
	insp        inspector
	flow        flowInput
	walk        walkState
	matrix      matrixState
	nh          nextHopState
	ipflow      ipflowState
	resolve     resolveState
	names       namesState
	sweep       Sweep
	notice      Notice
	lib         Library
	help        bool
	helpFrom    string // the id ToggleHelp gives the focus back to
	focused     string // the canvas key keyboard navigation is on

	deferred  bool // edits are drawn first, analysed after (DeferAnalysis)
	analysing bool // an Analyse task is out
	panelRev  uint64
	viewOnly  bool // the last action changed the viewport only
	liftOnly  bool // the last action moved the lifted nodes only (LiftOnly)
	unseen    bool // the last action, a quietAction, changed nothing drawn (Unseen)
	derived   derivedState

	nicCompare nicCompareState // Azure's effective routes set against a NIC's (compare.go)
	designDiff designDiffState // the open design against a saved one (designdiff.go)
	chal       challengeState  // the Challenge tab: hints shown, authoring drafts (challenge.go)
	sim        simState        // the packet walk played on the canvas (simulate.go)
	packs      packState       // workshop packs imported and the export chooser (challenge_pack_io.go)
	tools      toolLists       // the Routes tab tools' endpoint lists (toollists.go)
	rowsAll    tableRows       // the routing tables drawn whole (tablerows.go)
}

// New is a workspace on an empty design named "Untitled design".
func New() *Workspace {
	w := &Workspace{view: canvas.NewViewport(), panels: defaultPanels(), flow: defaultFlow(), derived: newDerivedState()}
	w.sess = store.Open(&scenario.Document{Name: UntitledName})
	w.lib.DocID = newDocID()
	w.lib.saved = w.sess.Version()
	return w
}

// UntitledName names a new design.
const UntitledName = "Untitled design"

// Do applies a, and returns the tasks it leaves for the UI.
func (w *Workspace) Do(a Action) []Task {
	if a == nil {
		return nil
	}
	before := w.sess.Version()
	sess := w.sess
	input, quiet := a.(canvasInput)
	_, quietAct := a.(quietAction)
	var mark viewMark
	var lift liftMark
	if quiet = quiet && input.canvasInput(); quiet || quietAct {
		mark = w.viewMark()
		lift = w.liftMark(mark)
	}
	wanted := w.deferred && w.pagePlaneWanted()
	var tasks []Task
	if w.lib.Superseded != "" && w.unsaved() && w.replacesDesign(a) {
		tasks = w.say(leaveText, true) // superseded.go
	} else {
		tasks = w.keepThenApply(a)
	}
	w.followSelection()
	w.openedOnAnalysis(sess, wanted)
	widen := w.updateDrawn()
	if w.sess != sess {
		w.sess.SetDeferred(w.deferred)
	}
	changed := w.sess != sess || w.sess.Version() != before
	if changed {
		w.afterChange()
		tasks = append(tasks, w.followItem()...)
		tasks = append(tasks, w.scheduleSave()...)
	}
	tasks = append(tasks, w.scheduleAnalysis()...)
	if changed {
		tasks = append(tasks, w.holdAnswers()...)
	}
	tasks = append(tasks, w.askDerived()...)
	tasks = append(tasks, widen...) // after the analysis: the worker starts first
	tasks = append(tasks, w.resumeRehearsal()...)
	w.viewOnly, w.liftOnly, w.unseen = false, false, false
	if quiet {
		after := w.viewMark()
		w.viewOnly = after == mark && len(tasks) == 0
		w.liftOnly = len(tasks) == 0 && w.movedLiftedOnly(lift, w.liftMark(after))
		quiet = after.panel == mark.panel
	}
	if quietAct {
		after := w.viewMark()
		w.unseen = !changed && w.liftMark(after) == lift && onlyUnseenTasks(tasks) // (a liftMark holds its viewMark)
	}
	if !quiet && !w.unseen {
		w.panelRev++
	}
	return tasks
}

// Snap is the current snapshot of the design (with the what-if failures
// applied).
func (w *Workspace) Snap() *store.Snapshot { return w.sess.Current() }

// Session is the editing session.
func (w *Workspace) Session() *store.Session { return w.sess }

// View is the canvas viewport.
func (w *Workspace) View() canvas.Viewport { return w.view }

// CanvasScreen is the canvas' client rectangle as last reported
// (CanvasSize); zero before the page reports it.
func (w *Workspace) CanvasScreen() canvas.Rect { return w.screen }

// DrawnWindow is the part of the world the canvas draws for the current
// view and canvas size (canvas.NextDrawnWindow after each action); the
// zero Rect when the canvas' size is not known yet: then all of it is
// drawn.
func (w *Workspace) DrawnWindow() canvas.Rect { return w.drawn }

// Help reports whether the shortcuts are shown.
func (w *Workspace) Help() bool { return w.help }

// DocName is the design's name, or UntitledName.
func (w *Workspace) DocName() string {
	if n := w.Snap().Doc.Name; n != "" {
		return n
	}
	return UntitledName
}

// afterChange keeps the view state consistent with a changed design: the
// selection, drafts and walk of resources that are gone are dropped.
func (w *Workspace) afterChange() {
	snap := w.Snap()
	w.sel.prune(snap)
	w.shown.prune(snap)
	w.insp.prune(snap)
	w.walk.prune(snap)
	w.names.prune(snap)
}

// Settle runs tasks as the browser would, but at once and on the calling
// goroutine: storage calls against st, long work, and the actions they
// return, until none is left; a claim is granted, as in a browser with
// one tab. Timers (Delay) and other browser effects are dropped. It is for tests and tools that drive a workspace without a
// browser.
func (w *Workspace) Settle(st persist.Store, tasks []Task) {
	ctx := context.Background()
	for len(tasks) > 0 {
		t := tasks[0]
		tasks = tasks[1:]
		var a Action
		switch {
		case t.Storage != nil && st != nil:
			a = t.Storage(ctx, st)
		case t.Claim != nil:
			// One tab: every lock is free.
			a = Claimed{DocID: t.Claim.DocID, Held: true}
		case t.Analyse:
			a = Analyse{}
		case t.Reveal:
			a = RevealAnswers{}
		case t.Widen:
			a = WidenDrawn{}
		case t.Rehearse:
			a = RehearseEdit{}
		case t.Derive != nil && t.Derive.Rehearsal: // only a worker answers it
		case t.Derive != nil:
			a = DeriveInPage{Job: *t.Derive}
		case t.Work != nil || t.Sweep != nil:
			var progress []Action
			collect := func(p Action) { progress = append(progress, p) }
			if t.Sweep != nil {
				a = RunSweepJob(ctx, *t.Sweep, collect)
			} else {
				a = t.Work(ctx, collect)
			}
			for _, p := range progress {
				tasks = append(tasks, w.Do(p)...)
			}
		}
		tasks = append(tasks, w.Do(a)...)
	}
}
