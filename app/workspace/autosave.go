package workspace

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"vnetplay/app/persist"
	"vnetplay/app/store"
	"vnetplay/engine/scenario"
)

// autosaveDelay is how long after a change the open design is saved (one
// save for a burst of changes; a drag is saved once, after it ends). What is pending is also
// saved when the page is hidden or closed (Flush, Hidden), and before
// another design replaces it.
const autosaveDelay = 600 * time.Millisecond

// Retry delays after a failed save: doubling from the first to the last.
const (
	retryFirst = 2 * time.Second
	retryLast  = time.Minute
)

// scheduleSave arranges the autosave after a change.
func (w *Workspace) scheduleSave() []Task {
	if !w.lib.Ready || w.lib.pending || !w.unsaved() || w.lib.Superseded != "" {
		return nil
	}
	w.lib.pending = true
	return []Task{{Delay: autosaveDelay, Then: autosave{}}}
}

// autosave saves the open design if it changed since it was last saved.
type autosave struct{}

func (autosave) apply(w *Workspace) []Task {
	if w.g.kind == GestureMove {
		// Not in the middle of a drag: writing the design (encoding it
		// whole) would hold up the moves. The drag's end saves it
		// autosaveDelay later; a page hidden or closed meanwhile saves it
		// at once (Flush, Hidden).
		return []Task{{Delay: autosaveDelay, Then: autosave{}}}
	}
	w.lib.pending = false
	return w.saveNow()
}

// record is the open design as the store keeps it: compact canonical
// JSON, based on the revision this tab has. It refuses a design that
// edits have grown over the limits.
func (w *Workspace) record() (persist.Record, error) {
	doc := w.Snap().Intact0().Doc
	if _, err := scenario.CheckLimits(doc); err != nil {
		return persist.Record{}, err
	}
	b, err := scenario.EncodeCompact(doc)
	if err != nil {
		return persist.Record{}, err
	}
	return persist.Record{ID: w.lib.DocID, Name: w.DocName(), Scenario: string(b), Updated: time.Now().UTC().Truncate(time.Millisecond), Revision: w.lib.rev}, nil
}

// saveNow returns the storage task saving the open design, if it changed
// and this tab edits it. Saves are queued in order, each based on the
// revision the one before it writes (w.lib.rev counts ahead). A tab whose
// store a newer version took saves nothing (superseded.go).
func (w *Workspace) saveNow() []Task {
	if !w.lib.Ready || !w.unsaved() || w.lib.Access != Editing || w.lib.Conflict || w.lib.Superseded != "" {
		return nil
	}
	rec, err := w.record()
	if err != nil {
		return w.storageProblem("Not saved: "+Plain(err.Error())+". Undo the last change to save again", false)
	}
	version := w.sess.Version()
	w.lib.saved, w.lib.rev = version, rec.Revision+1
	w.underWay(rec)
	return []Task{{Storage: func(ctx context.Context, st persist.Store) Action {
		rev, err := st.Save(ctx, rec)
		mine, _ := st.List(ctx)
		return saved{docID: rec.ID, base: rec.Revision, rev: rev, version: version, err: err, mine: mine}
	}}}
}

// saved reports a save.
type saved struct {
	docID   string
	base    int64 // the revision the save was based on
	rev     int64 // the revision written
	version uint64
	err     error
	mine    []persist.Summary
	flushed bool
}

func (a saved) apply(w *Workspace) []Task {
	if errors.Is(a.err, persist.ErrOvertaken) {
		// A flush (the page being closed) took its place and reports.
		return nil
	}
	w.reported(a.docID, a.base)
	if a.mine != nil {
		w.lib.Mine = a.mine
	}
	current := a.docID == w.lib.DocID
	switch {
	case a.err == nil:
		var tasks []Task
		if !a.flushed {
			tasks = append(tasks, Task{Announce: &Peer{Kind: PeerSaved, DocID: a.docID, Rev: a.rev}})
		}
		if w.lib.Storage != "" && w.lib.retry > 0 {
			w.lib.Storage, w.lib.retry = "", 0
			tasks = append(tasks, w.say("Saved again: the browser's storage works", false)...)
		}
		return tasks
	case errors.Is(a.err, persist.ErrConflict):
		if current {
			w.lib.saved, w.lib.rev = 0, a.base
			return w.openConflict()
		}
		return w.say("Your last changes to the design you left were not saved: it was changed in another tab meanwhile", true)
	}
	if errors.Is(a.err, persist.ErrSuperseded) {
		// A newer version in another tab closed the store: not a problem
		// to retry, and not said with the browser's words.
		tasks := w.supersede(supersededText)
		if !current {
			return append(tasks, w.say("Your last changes to the design you left were not saved: a newer version of vnetplay was opened in another tab", true)...)
		}
		if w.lib.saved == a.version {
			w.lib.saved = 0 // not saved
		}
		w.lib.rev = a.base
		return tasks
	}
	if !current {
		return w.storageProblem("Your last changes to the design you left were not saved: "+Plain(a.err.Error()), false)
	}
	if w.lib.saved == a.version {
		w.lib.saved = 0 // still to save
	}
	w.lib.rev = a.base
	return w.storageProblem("Not saved: "+Plain(a.err.Error()), true)
}

// openConflict opens the conflict's question (a save refused, or another
// tab's save found under changes of this tab's own). The question is
// modal: when it opens it takes the keyboard (Enter on a button behind its
// overlay did what that button does), noting where the focus was to give
// it back.
func (w *Workspace) openConflict() []Task {
	if w.lib.Conflict {
		return nil
	}
	w.lib.Conflict, w.lib.conflictFrom = true, ""
	return []Task{{Focus: conflictDialog, NoteFocus: true}}
}

// storageProblem shows a storage problem until a save works, and, with
// retry, saves again later (the delay doubling up to retryLast).
func (w *Workspace) storageProblem(text string, retry bool) []Task {
	w.lib.Storage = text
	if !retry {
		return nil
	}
	switch {
	case w.lib.retry == 0:
		w.lib.retry = retryFirst
	case w.lib.retry < retryLast:
		w.lib.retry = min(2*w.lib.retry, retryLast)
	}
	return []Task{{Delay: w.lib.retry, Then: retrySave{docID: w.lib.DocID}}}
}

// retrySave saves again after a failure.
type retrySave struct{ docID string }

func (a retrySave) apply(w *Workspace) []Task {
	if a.docID != w.lib.DocID || w.lib.Superseded != "" {
		return nil
	}
	return w.saveNow()
}

// SaveNowAction saves what is pending at once ("Try again" on a storage
// problem).
type SaveNowAction struct{}

func (SaveNowAction) apply(w *Workspace) []Task {
	if w.lib.Superseded != "" {
		return nil
	}
	w.lib.retry = 0
	if !w.unsaved() {
		w.lib.Storage = ""
		return nil
	}
	return w.saveNow()
}

// Hidden: the page was hidden (another tab, minimised); it may be
// discarded without another event. What is pending is saved now.
type Hidden struct{}

func (Hidden) apply(w *Workspace) []Task { return w.saveNow() }

// underWay notes a save issued (saveNow) until it is reported.
func (w *Workspace) underWay(rec persist.Record) {
	if w.lib.underWay == nil {
		w.lib.underWay = map[string]persist.Record{}
	}
	w.lib.underWay[rec.ID] = rec
}

// reported: the save or flush of record id based on revision base is done
// (written or refused); a later save of it is still under way.
func (w *Workspace) reported(id string, base int64) {
	if rec, ok := w.lib.underWay[id]; ok && rec.Revision <= base {
		delete(w.lib.underWay, id)
	}
}

// Flush: the page is being closed or navigated away. What is not yet
// saved is written at once, unchecked (this tab holds the design's lock,
// so nothing newer can be stored), with every request issued before the
// page goes: the open design's changes since its last save, and every
// save issued but not yet reported (an autosave waiting for the store, or
// the save of a design left for another), which the store rolls back
// (persist.ErrOvertaken) so that the flush is not queued behind it. The
// open design is flushed last, so it is the one marked last opened.
type Flush struct{}

func (Flush) apply(w *Workspace) []Task {
	if !w.lib.Ready || w.lib.Superseded != "" {
		return nil
	}
	kept, tasks := w.keepBeforeLeaving() // a conflict unanswered: this tab's version as a copy
	if kept != "" {
		tasks = append(tasks, w.say(capital(kept), false)...)
	}
	var recs []persist.Record
	var versions []uint64
	for _, id := range slices.Sorted(maps.Keys(w.lib.underWay)) {
		if id != w.lib.DocID {
			recs, versions = append(recs, w.lib.underWay[id]), append(versions, 0)
		}
	}
	_, current := w.lib.underWay[w.lib.DocID]
	if (w.unsaved() || current) && w.lib.Access == Editing && !w.lib.Conflict {
		if rec, err := w.record(); err == nil {
			version := w.sess.Version()
			w.lib.saved, w.lib.rev = version, rec.Revision+1
			w.underWay(rec)
			recs, versions = append(recs, rec), append(versions, version)
		}
	}
	if len(recs) == 0 {
		return tasks
	}
	return append([]Task{{Now: true, Storage: func(ctx context.Context, st persist.Store) Action {
		err := st.Flush(ctx, recs...)
		out := make(flushed, len(recs))
		for i, rec := range recs {
			out[i] = saved{docID: rec.ID, base: rec.Revision, rev: rec.Revision + 1, version: versions[i], err: err, flushed: true}
		}
		return out
	}}}, tasks...)
}

// flushed reports a flush: each record's save.
type flushed []saved

func (a flushed) apply(w *Workspace) []Task {
	var tasks []Task
	for _, s := range a {
		tasks = append(tasks, s.apply(w)...)
	}
	return tasks
}

// KeepMine answers a conflict: this tab's version becomes a new saved
// design ("<name> (this tab)"), and the other tab's stays as it is.
type KeepMine struct{}

func (KeepMine) apply(w *Workspace) []Task {
	if !w.lib.Conflict {
		return nil
	}
	name, tasks, err := w.keepAsCopy()
	if err != nil {
		return w.say("Cannot keep your version: "+Plain(err.Error()), true)
	}
	tasks = append(tasks, w.conflictFocusBack())
	tasks = append(tasks, w.saveNow()...)
	return append(tasks, w.say(keptText(name), false)...)
}

// keptText says where KeepMine put this tab's version.
func keptText(name string) string {
	return fmt.Sprintf("Your version is saved as %q; the other tab's is unchanged", name)
}

// keepAsCopy makes the open design, whose save was refused (a conflict),
// a new design named "<name> (this tab)" and ends the conflict. It returns
// that name and the tasks that let the old record's lock go and claim the
// new one's; saving it is the caller's.
func (w *Workspace) keepAsCopy() (string, []Task, error) {
	old := w.lib.DocID
	name := w.DocName() + " (this tab)"
	if _, err := w.sess.Apply(store.SetDocName{Name: name}); err != nil && !errors.Is(err, store.ErrNoChange) {
		return "", nil, fmt.Errorf("rename to %q: %w", name, err)
	}
	w.lib.Conflict = false
	w.lib.DocID, w.lib.rev, w.lib.saved = newDocID(), 0, 0
	return name, []Task{{Release: old}, {Claim: &Claim{DocID: w.lib.DocID}}}, nil
}

// keepBeforeLeaving: a design about to be replaced (another opened,
// imported, a new one; the page closed or frozen: Flush) while a save
// conflict's question is unanswered keeps this tab's version as KeepMine
// does, so that leaving the question unanswered loses nothing. It returns
// the words for the notice (or "") and the tasks of keepAsCopy; the
// caller saves the copy.
func (w *Workspace) keepBeforeLeaving() (string, []Task) {
	if !w.lib.Conflict || w.lib.Access != Editing || w.lib.Superseded != "" {
		return "", nil
	}
	name, tasks, err := w.keepAsCopy()
	if err != nil {
		return "this tab's version, whose save was refused, could not be kept: " + Plain(err.Error()), nil
	}
	return "this tab's version, which another tab's change or delete kept from being saved, is saved as \"" + name + "\" in My scenarios", tasks
}

// TakeTheirs answers a conflict: this tab drops its unsaved changes and
// shows the design as saved.
type TakeTheirs struct{}

func (TakeTheirs) apply(w *Workspace) []Task {
	if !w.lib.Conflict {
		return nil
	}
	w.lib.Conflict = false
	w.lib.saved = w.sess.Version() // the changes are dropped, not saved
	w.lib.rev = 0                  // any stored revision is newer
	return []Task{w.reload(false), w.conflictFocusBack()}
}

// FocusWas says which element had the focus (its id, "" for none or one
// without an id) when Dialog took it on its own (Task.NoteFocus).
type FocusWas struct{ Dialog, ID string }

func (a FocusWas) apply(w *Workspace) []Task {
	inside := a.ID == conflictDialog || a.ID == keepMineButton || a.ID == takeTheirsBtn
	if a.Dialog == conflictDialog && w.lib.Conflict && !inside {
		w.lib.conflictFrom = a.ID
	}
	return nil
}

// conflictFocusBack gives the focus back once the conflict is answered:
// to the element that had it when the question opened, else to the dialog
// under it, else to the canvas (the page's body would take Tab to the top
// bar).
func (w *Workspace) conflictFocusBack() Task {
	from := w.lib.conflictFrom
	w.lib.conflictFrom = ""
	switch {
	case from != "":
		return Task{Focus: from}
	case w.TopDialog() != "":
		return Task{Focus: w.TopDialog()}
	}
	return Task{Focus: canvasID}
}
