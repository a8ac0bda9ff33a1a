package workspace

import (
	"context"
	"errors"
	"time"

	"vnetplay/app/persist"
	"vnetplay/app/store"
	"vnetplay/engine/scenario"
)

// One design, one writer. Every tab of the app asks for the open design's
// writer lock (the browser's Web Locks, one lock per design id). The tab
// that holds it edits and saves; a second tab on the same design opens it
// read-only and follows the first: each save is announced to the other
// tabs (BroadcastChannel), and a following tab reloads the saved design.
// A following tab stays in the lock's queue, so when the editing tab
// closes (or opens another design) it becomes the editor. "Edit here"
// hands the design over: the editing tab saves what is pending, then
// gives up the lock, and becomes the follower; a tab that does not answer
// (frozen, hung) loses the lock after handoverWait.
// Revisions back this up: a save based on an older revision than the one
// stored is refused (persist.ErrConflict) and the user is offered to keep
// their version as a copy. docs/reliability.md states the guarantees.

// Access is who edits the open design.
type Access uint8

const (
	// Editing: this tab holds the design's writer lock (or the browser
	// has no Web Locks, and revisions alone guard the saves).
	Editing Access = iota
	// Claiming: the lock was asked for, the browser has not answered.
	// The design is read-only meanwhile (a few milliseconds, or until
	// the editing tab hands it over).
	Claiming
	// Following: another tab edits the design; this one shows it
	// read-only and reloads each save announced.
	Following
)

// readOnlyText is what a change to a read-only design says.
const readOnlyText = "This design is being edited in another tab: choose Edit here (under the top bar) to edit it in this tab"

// reloadRace is how soon after finding a design's lock held a grant is
// taken for the end of a reload (the previous page of this tab let the
// lock go late), not for another tab closing.
const reloadRace = 1500 * time.Millisecond

// handoverWait is how long "Edit here" waits for the editing tab to hand
// the design over before taking the lock from it.
const handoverWait = 2 * time.Second

// Claim asks the browser for the writer lock of a design. A held lock is
// answered Claimed{Held: false}, and the request stays queued: when the
// lock is free, Claimed{Held: true} follows. Steal takes the lock from its
// holder at once (who gets ClaimLost). Release gives up the lock or the
// queued request.
type Claim struct {
	DocID string
	Steal bool
}

// Peer is a message between tabs.
type Peer struct {
	Kind  string // PeerSaved or PeerHandover
	DocID string
	Rev   int64 // for PeerSaved: the revision written
}

// Kinds of Peer messages.
const (
	PeerSaved    = "saved"    // a tab saved DocID at Rev
	PeerHandover = "handover" // a tab asks the editor of DocID to hand it over
)

// Claimed is the browser's answer to a Claim: Held, or held by another
// tab.
type Claimed struct {
	DocID string
	Held  bool
}

func (a Claimed) apply(w *Workspace) []Task {
	if w.lib.Superseded != "" {
		// A tab that can no longer save holds no lock: what it shows is
		// its own to edit and export (superseded.go).
		if a.DocID == w.lib.DocID && w.lib.Access != Editing {
			w.setAccess(Editing)
		}
		if a.Held {
			return []Task{{Release: a.DocID}}
		}
		return nil
	}
	if a.DocID != w.lib.DocID {
		if a.Held {
			return []Task{{Release: a.DocID}} // granted late, for a design no longer open
		}
		return nil
	}
	was, asked := w.lib.Access, w.lib.takingOver
	if !a.Held {
		if was == Claiming {
			w.setAccess(Following)
			w.lib.followSince = time.Now()
			return w.say("This design is being edited in another tab: this tab shows it read-only and follows the changes", false)
		}
		return nil
	}
	w.lib.takingOver = false
	w.setAccess(Editing)
	if was == Editing {
		return nil
	}
	// The tab that edited may have saved since this one loaded the
	// design: start from the latest save.
	tasks := []Task{w.reload(false)}
	// Granted within a moment of finding the lock held: the page that
	// held it was this tab's previous page (a reload), not another tab.
	if was == Following && !asked && time.Since(w.lib.followSince) > reloadRace {
		tasks = append(tasks, w.say("The other tab closed this design: you can edit it here now", false)...)
	}
	return tasks
}

// ClaimLost: another tab took the writer lock without a handover (this
// tab did not answer in time).
type ClaimLost struct{ DocID string }

func (a ClaimLost) apply(w *Workspace) []Task {
	if a.DocID != w.lib.DocID || w.lib.Access != Editing || w.lib.Superseded != "" {
		return nil
	}
	tasks := w.saveNow() // checked: refused if the other tab saved first
	w.setAccess(Following)
	tasks = append(tasks, Task{Claim: &Claim{DocID: a.DocID}}) // queue again, to edit when it is free
	return append(tasks, w.say("Another tab took over this design: this tab now shows it read-only and follows the changes", false)...)
}

// TakeOver is "Edit here": this tab becomes the design's editor. The
// editing tab is asked to hand the design over; this tab's queued lock
// request is then granted (Claimed). Without an answer, the lock is taken.
type TakeOver struct{}

func (TakeOver) apply(w *Workspace) []Task {
	if w.lib.Access == Editing || w.lib.takingOver || w.lib.Superseded != "" {
		return nil
	}
	id := w.lib.DocID
	w.lib.takingOver = true
	return []Task{
		{Announce: &Peer{Kind: PeerHandover, DocID: id}},
		{Delay: handoverWait, Then: handoverLate{docID: id}},
	}
}

// handoverLate: the editing tab did not hand the design over in time.
type handoverLate struct{ docID string }

func (a handoverLate) apply(w *Workspace) []Task {
	if a.docID != w.lib.DocID || w.lib.Access == Editing || !w.lib.takingOver || w.lib.Superseded != "" {
		return nil
	}
	return []Task{{Claim: &Claim{DocID: a.docID, Steal: true}}}
}

// PeerMessage is a message from another tab.
type PeerMessage struct{ Peer }

// AsksHandover reports whether m asks this tab, the open design's editor,
// to hand the design over. The page then commits what is being typed into
// a field first (its change comes before m), so that the new editor
// starts with it.
func (w *Workspace) AsksHandover(m Peer) bool {
	return m.Kind == PeerHandover && m.DocID == w.lib.DocID && w.lib.Superseded == "" && w.lib.Access == Editing
}

func (a PeerMessage) apply(w *Workspace) []Task {
	if a.DocID != w.lib.DocID || w.lib.Superseded != "" {
		// A tab that can no longer save neither hands over nor follows:
		// its lock is let go, and what it has is its own.
		return nil
	}
	switch a.Kind {
	case PeerHandover:
		if !w.AsksHandover(a.Peer) {
			return nil
		}
		// Save what is pending, then give the lock up (in order), and
		// follow; queue again, to edit when it is free.
		tasks := w.saveNow()
		w.setAccess(Following)
		return append(tasks, Task{Release: a.DocID}, Task{Claim: &Claim{DocID: a.DocID}})
	case PeerSaved:
		if a.Rev <= w.lib.rev {
			return nil
		}
		if w.lib.Access == Editing && w.unsaved() {
			// Two writers (a browser without Web Locks): this tab's next
			// save will be refused; say so now.
			return w.openConflict()
		}
		return []Task{w.reload(true)}
	}
	return nil
}

// setAccess records who edits the design and makes the session read-only
// unless this tab does.
func (w *Workspace) setAccess(a Access) {
	w.lib.Access = a
	w.sess.SetReadOnly(a != Editing)
}

// ReadOnly reports whether the open design cannot be edited in this tab.
func (w *Workspace) ReadOnly() bool { return w.lib.Access != Editing }

// unsaved reports whether the open design has changes not yet saved.
func (w *Workspace) unsaved() bool { return w.sess.Version() != w.lib.saved }

// reload reads the open design's record again and shows it if it is newer
// than what this tab has (announced: it was announced by another tab).
func (w *Workspace) reload(announced bool) Task {
	id, deferred := w.lib.DocID, w.deferred
	return Task{Storage: func(ctx context.Context, st persist.Store) Action {
		rec, err := st.Get(ctx, id)
		if err != nil {
			return reloaded{docID: id, err: err, announced: announced}
		}
		sess, _, err := store.OpenJSONWith([]byte(rec.Scenario), deferred)
		return reloaded{docID: id, rev: rec.Revision, sess: sess, err: err, announced: announced}
	}}
}

// reloaded is the open design's record, read again.
type reloaded struct {
	docID     string
	rev       int64
	sess      *store.Session
	err       error
	announced bool
}

func (a reloaded) apply(w *Workspace) []Task {
	if a.docID != w.lib.DocID {
		return nil
	}
	if errors.Is(a.err, persist.ErrSuperseded) {
		return w.supersede(supersededText)
	}
	if a.err != nil {
		if errors.Is(a.err, persist.ErrNotFound) && w.lib.Access == Editing && !w.unsaved() {
			return w.deletedElsewhere()
		}
		if a.announced {
			return w.say("Cannot show the other tab's changes: "+Plain(a.err.Error()), true)
		}
		return nil // not saved yet (a new design), or changed meanwhile: the next save says so
	}
	if a.rev <= w.lib.rev {
		return nil
	}
	if w.unsaved() {
		return w.openConflict()
	}
	w.follow(a.sess, a.rev)
	return nil
}

// deletedElsewhere: the open design, which this tab now edits with nothing
// of its own to save (a follower promoted when the editing tab deleted
// it, or "Drop my changes" after a save refused because another tab
// deleted it), is no longer saved: it is in the trash. Showing it as
// editable would let the next edit bring it back from the trash unasked;
// the tab opens a new design instead and says where the deleted one is.
func (w *Workspace) deletedElsewhere() []Task {
	name := w.DocName()
	tasks := w.replaceNew(store.Open(&scenario.Document{Name: UntitledName}))
	w.lib.saved = w.sess.Version() // saved once something is drawn
	tasks = append(tasks, Task{Storage: listing})
	return append(tasks, w.say("\""+Plain(name)+"\" was deleted in another tab: Restore in the Scenarios dialog's trash brings it back. A new design is open here", true)...)
}

// follow shows sess, the open design as saved at rev by another tab,
// keeping this tab's view: viewport, panels, and the selection of what
// still exists.
func (w *Workspace) follow(sess *store.Session, rev int64) {
	w.sess = sess
	w.lib.rev = rev
	w.lib.saved = sess.Version()
	w.sess.SetReadOnly(w.lib.Access != Editing)
	w.insp = inspector{}
	w.afterChange()
}
