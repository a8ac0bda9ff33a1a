package workspace

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"vnetplay/app/kinds"
	"vnetplay/app/persist"
	"vnetplay/scenarios"
)

// browserSim is a browser with several tabs of the app on one profile: one
// store, one lock manager with Web Locks semantics (one holder per design,
// a queue of waiting requests, steal), one BroadcastChannel. Tasks run
// in order as the UI runs them; timers are kept for the test to fire.
type browserSim struct {
	t      *testing.T
	st     persist.Store
	noLock bool // a browser without Web Locks: every claim is granted
	holder map[string]*simTab
	queue  map[string][]*simTab
	tabs   []*simTab
	events []simEvent
}

type simTab struct {
	name   string
	w      *Workspace
	timers []Action // Then of Delay tasks, in order
	deaf   bool     // does not answer other tabs (a frozen tab)
	closed bool
	focus  []Task // the Focus tasks, in order
}

type simEvent struct {
	tab *simTab
	a   Action
}

func newBrowserSim(t *testing.T) *browserSim {
	return &browserSim{t: t, st: &persist.Memory{}, holder: map[string]*simTab{}, queue: map[string][]*simTab{}}
}

// open opens a new tab on the app (restoring the last design).
func (b *browserSim) open(name string) *simTab {
	tab := &simTab{name: name, w: New()}
	b.tabs = append(b.tabs, tab)
	b.do(tab, Start{})
	return tab
}

// do applies a to tab and runs everything it leads to, in every tab.
func (b *browserSim) do(tab *simTab, a Action) {
	b.events = append(b.events, simEvent{tab, a})
	for len(b.events) > 0 {
		e := b.events[0]
		b.events = b.events[1:]
		if e.tab.closed || e.a == nil {
			continue
		}
		b.run(e.tab, e.tab.w.Do(e.a))
	}
}

func (b *browserSim) post(tab *simTab, a Action) { b.events = append(b.events, simEvent{tab, a}) }

func (b *browserSim) run(tab *simTab, tasks []Task) {
	ctx := context.Background()
	for _, t := range tasks {
		switch {
		case t.Then != nil:
			tab.timers = append(tab.timers, t.Then)
		case t.Storage != nil:
			b.post(tab, t.Storage(ctx, b.st))
		case t.Claim != nil:
			b.claim(tab, *t.Claim)
		case t.Release != "":
			b.release(tab, t.Release)
		case t.Announce != nil:
			for _, other := range b.tabs {
				if other != tab && !other.deaf {
					b.post(other, PeerMessage{Peer: *t.Announce})
				}
			}
		case t.Work != nil:
			b.post(tab, t.Work(ctx, func(p Action) { b.post(tab, p) }))
		case t.Focus != "":
			tab.focus = append(tab.focus, t)
		}
	}
}

func (b *browserSim) claim(tab *simTab, c Claim) {
	id := c.DocID
	if b.noLock {
		b.post(tab, Claimed{DocID: id, Held: true})
		return
	}
	h := b.holder[id]
	switch {
	case h == nil || h == tab:
		b.holder[id] = tab
		b.post(tab, Claimed{DocID: id, Held: true})
	case c.Steal:
		b.holder[id] = tab
		b.dequeue(tab, id)
		b.post(h, ClaimLost{DocID: id})
		b.post(tab, Claimed{DocID: id, Held: true})
	default:
		b.post(tab, Claimed{DocID: id, Held: false})
		b.dequeue(tab, id)
		b.queue[id] = append(b.queue[id], tab)
	}
}

func (b *browserSim) dequeue(tab *simTab, id string) {
	q := b.queue[id][:0]
	for _, x := range b.queue[id] {
		if x != tab {
			q = append(q, x)
		}
	}
	b.queue[id] = q
}

func (b *browserSim) release(tab *simTab, id string) {
	b.dequeue(tab, id)
	if b.holder[id] != tab {
		return
	}
	delete(b.holder, id)
	if q := b.queue[id]; len(q) > 0 {
		next := q[0]
		b.queue[id] = q[1:]
		b.holder[id] = next
		b.post(next, Claimed{DocID: id, Held: true})
	}
}

// close closes a tab: pagehide flushes, then its locks and queued
// requests go.
func (b *browserSim) close(tab *simTab) {
	b.do(tab, Flush{})
	tab.closed = true
	for id, h := range b.holder {
		if h == tab {
			b.release(tab, id)
		}
	}
	for id := range b.queue {
		b.dequeue(tab, id)
	}
	b.do(tab, nil)
}

// drawn opens tab A and draws a VNet in it, saved.
func (b *browserSim) drawn() *simTab {
	a := b.open("A")
	b.addVNet(a)
	b.fire(a) // autosave
	return a
}

// fire runs the tab's timers that are due (all of them, in order).
func (b *browserSim) fire(tab *simTab) {
	timers := tab.timers
	tab.timers = nil
	for _, a := range timers {
		b.do(tab, a)
	}
}

// addVNet draws a VNet in tab and returns its id.
func (b *browserSim) addVNet(tab *simTab) string {
	before := len(tab.w.Snap().Doc.Topology.VNets)
	b.do(tab, PaletteAdd{Kind: kinds.VNet})
	vnets := tab.w.Snap().Doc.Topology.VNets
	if len(vnets) != before+1 {
		return ""
	}
	return vnets[len(vnets)-1].ID
}

func (b *browserSim) stored(id string) persist.Record {
	b.t.Helper()
	rec, err := b.st.Get(context.Background(), id)
	if err != nil {
		b.t.Fatalf("record %s: %v", id, err)
	}
	return rec
}

func vnetIDs(w *Workspace) string {
	var ids []string
	for _, v := range w.Snap().Doc.Topology.VNets {
		ids = append(ids, v.ID)
	}
	return strings.Join(ids, ",")
}

// TestSecondTabFollowsTheFirst: a second tab on the same design opens it
// read-only, follows each save of the first, and cannot overwrite it.
func TestSecondTabFollowsTheFirst(t *testing.T) {
	b := newBrowserSim(t)
	a := b.drawn()
	id := a.w.Library().DocID

	bTab := b.open("B")
	if bTab.w.Library().DocID != id || bTab.w.Library().Access != Following || !bTab.w.ReadOnly() {
		t.Fatalf("B opened %s with access %d, want %s following", bTab.w.Library().DocID, bTab.w.Library().Access, id)
	}
	if !strings.Contains(bTab.w.Notice().Text, "another tab") {
		t.Errorf("B says %q", bTab.w.Notice().Text)
	}
	// B's edits are refused, and B saves nothing.
	before := vnetIDs(bTab.w)
	if got := b.addVNet(bTab); got != "" || vnetIDs(bTab.w) != before {
		t.Fatalf("a read-only tab added %q", got)
	}
	b.do(bTab, Undo{})
	b.fire(bTab)
	b.close(bTab) // its pagehide must not write either
	if rec := b.stored(id); rec.Revision != 1 {
		t.Fatalf("a following tab wrote the record: revision %d", rec.Revision)
	}

	// A edits; B follows each save.
	bTab = b.open("B2")
	v2 := b.addVNet(a)
	b.fire(a)
	if !strings.Contains(vnetIDs(bTab.w), v2) {
		t.Fatalf("B shows %s after A saved %s", vnetIDs(bTab.w), v2)
	}
	if bTab.w.Library().Access != Following {
		t.Fatal("following changed B's access")
	}
}

// TestEditHereHandsOver: "Edit here" in the second tab makes the first
// save what it had pending (an edit inside the autosave delay), give the
// design up and follow; the second tab edits from the latest save.
func TestEditHereHandsOver(t *testing.T) {
	b := newBrowserSim(t)
	a := b.drawn()
	bTab := b.open("B")
	pending := b.addVNet(a) // not yet autosaved
	b.do(bTab, TakeOver{})
	if a.w.Library().Access != Following || bTab.w.Library().Access != Editing {
		t.Fatalf("after the handover A is %d, B is %d", a.w.Library().Access, bTab.w.Library().Access)
	}
	if !strings.Contains(vnetIDs(bTab.w), pending) {
		t.Fatalf("B edits from %s, without A's last edit %s", vnetIDs(bTab.w), pending)
	}
	mine := b.addVNet(bTab)
	if mine == "" {
		t.Fatal("B cannot edit after taking over")
	}
	b.fire(bTab)
	if !strings.Contains(vnetIDs(a.w), mine) {
		t.Fatalf("A does not follow B: %s", vnetIDs(a.w))
	}
	if rec := b.stored(a.w.Library().DocID); !strings.Contains(rec.Scenario, mine) || !strings.Contains(rec.Scenario, pending) {
		t.Fatal("the record lacks an edit")
	}
	b.fire(a) // the late handover timer of nobody: nothing happens
	if a.w.Library().Access != Following {
		t.Fatal("a stale timer changed A")
	}
}

// TestAsksHandover: only the editor of the design a handover names is
// asked to hand it over (the page then commits the field being typed
// into); a follower, another design's handover or a save is not.
func TestAsksHandover(t *testing.T) {
	b := newBrowserSim(t)
	a := b.drawn()
	bTab := b.open("B")
	id := a.w.Library().DocID
	for _, c := range []struct {
		tab  *simTab
		m    Peer
		want bool
	}{
		{a, Peer{Kind: PeerHandover, DocID: id}, true},
		{a, Peer{Kind: PeerHandover, DocID: id + "-other"}, false},
		{a, Peer{Kind: PeerSaved, DocID: id, Rev: 99}, false},
		{bTab, Peer{Kind: PeerHandover, DocID: id}, false},
	} {
		if got := c.tab.w.AsksHandover(c.m); got != c.want {
			t.Errorf("%s asked %+v: %v, want %v", c.tab.name, c.m, got, c.want)
		}
	}
}

// TestEditHereTakesFromAFrozenTab: a tab that does not answer loses the
// design after handoverWait; its pending edit is then refused, not
// written over the new editor's work.
func TestEditHereTakesFromAFrozenTab(t *testing.T) {
	b := newBrowserSim(t)
	a := b.drawn()
	bTab := b.open("B")
	a.deaf = true
	b.do(bTab, TakeOver{})
	if bTab.w.Library().Access == Editing {
		t.Fatal("B edits before the handover or the wait")
	}
	b.fire(bTab) // handoverWait passed: steal
	if bTab.w.Library().Access != Editing || a.w.Library().Access != Following {
		t.Fatalf("after the steal A is %d, B is %d", a.w.Library().Access, bTab.w.Library().Access)
	}
	mine := b.addVNet(bTab)
	b.fire(bTab)
	if rec := b.stored(bTab.w.Library().DocID); !strings.Contains(rec.Scenario, mine) {
		t.Fatal("B's edit was not saved")
	}
}

// TestClosingTheEditorPromotesTheFollower: when the editing tab closes,
// the following tab becomes the editor, with the closed tab's last edit;
// it says so, unless the lock came back at once (a reload of this tab,
// whose previous page let the lock go late).
func TestClosingTheEditorPromotesTheFollower(t *testing.T) {
	for _, reload := range []bool{false, true} {
		b := newBrowserSim(t)
		a := b.drawn()
		bTab := b.open("B")
		if !reload {
			bTab.w.lib.followSince = time.Now().Add(-time.Minute) // B has followed A for a minute
		}
		last := b.addVNet(a)
		b.close(a) // within the autosave delay: the flush writes it
		if bTab.w.Library().Access != Editing {
			t.Fatalf("B is %d after A closed", bTab.w.Library().Access)
		}
		if !strings.Contains(vnetIDs(bTab.w), last) {
			t.Fatalf("B shows %s without A's last edit %s", vnetIDs(bTab.w), last)
		}
		if said := strings.Contains(bTab.w.Notice().Text, "edit it here now"); said == reload {
			t.Errorf("reload %v: B says %q", reload, bTab.w.Notice().Text)
		}
	}
}

// TestStaleSaveIsRefusedAndOfferedAsACopy: without Web Locks both tabs
// edit; the second save based on an old revision is refused, and the user
// keeps both versions or takes the saved one.
func TestStaleSaveIsRefusedAndOfferedAsACopy(t *testing.T) {
	for _, keep := range []bool{true, false} {
		t.Run(fmt.Sprintf("keep mine %v", keep), func(t *testing.T) {
			b := newBrowserSim(t)
			b.noLock = true
			a := b.drawn()
			bTab := b.open("B")
			bTab.deaf = true // misses A's announcements, as a tab that was asleep
			fromA := b.addVNet(a)
			b.fire(a)
			b.addVNet(bTab)
			fromB := b.addVNet(bTab) // A has two VNets, B three
			b.fire(bTab)
			id := a.w.Library().DocID
			if !bTab.w.Library().Conflict {
				t.Fatal("B's stale save was not refused")
			}
			if rec := b.stored(id); !strings.Contains(rec.Scenario, fromA) || strings.Contains(rec.Scenario, fromB) {
				t.Fatal("B's stale save overwrote A's")
			}
			if keep {
				b.do(bTab, KeepMine{})
				copyID := bTab.w.Library().DocID
				if copyID == id {
					t.Fatal("KeepMine kept the same record")
				}
				rec := b.stored(copyID)
				if !strings.Contains(rec.Scenario, fromB) || !strings.HasSuffix(rec.Name, "(this tab)") {
					t.Fatalf("the copy %q lacks B's edit", rec.Name)
				}
				if orig := b.stored(id); !strings.Contains(orig.Scenario, fromA) {
					t.Fatal("KeepMine changed A's record")
				}
				return
			}
			b.do(bTab, TakeTheirs{})
			if bTab.w.Library().Conflict || !strings.Contains(vnetIDs(bTab.w), fromA) || strings.Contains(vnetIDs(bTab.w), fromB) {
				t.Fatalf("after TakeTheirs B shows %s", vnetIDs(bTab.w))
			}
		})
	}
}

// TestConflictTakesAndGivesBackTheFocus: the save conflict's question
// takes the focus when it opens, noting where it was (once, however many
// saves are refused behind it), and the answer gives it back there; with
// nowhere noted, to the dialog under it, else the canvas. On the build
// before, the question opened with the focus left on the page behind its
// overlay.
func TestConflictTakesAndGivesBackTheFocus(t *testing.T) {
	for _, c := range []struct {
		name    string
		was     string // the element with the focus when the question opened
		library bool   // the Scenarios dialog is open under it
		answer  Action
		back    string
	}{
		{"keep mine, back to the field", "insp-name", false, KeepMine{}, "insp-name"},
		{"take theirs, back to the canvas", "canvas", false, TakeTheirs{}, "canvas"},
		{"nothing focused, the Scenarios dialog under it", "", true, KeepMine{}, libraryDialog},
		{"nothing focused", "", false, TakeTheirs{}, canvasID},
		{"the focus in the question itself", keepMineButton, false, KeepMine{}, canvasID},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := newBrowserSim(t)
			b.noLock = true
			a := b.drawn()
			bTab := b.open("B")
			bTab.deaf = true
			b.addVNet(a)
			b.fire(a)
			if c.library {
				b.do(bTab, OpenLibrary{})
			}
			bTab.focus = nil
			b.addVNet(bTab)
			b.fire(bTab)
			if !bTab.w.Library().Conflict {
				t.Fatal("B's stale save was not refused")
			}
			if len(bTab.focus) != 1 || bTab.focus[0].Focus != conflictDialog || !bTab.focus[0].NoteFocus {
				t.Fatalf("the conflict opened with the focus tasks %+v, want the question to take it, noting where it was", bTab.focus)
			}
			if top := bTab.w.TopDialog(); top != conflictDialog {
				t.Fatalf("the dialog on top is %q", top)
			}
			b.do(bTab, FocusWas{Dialog: conflictDialog, ID: c.was})
			b.do(bTab, saved{docID: bTab.w.Library().DocID, err: persist.ErrConflict}) // another refused save behind it
			if len(bTab.focus) != 1 {
				t.Fatalf("a second refused save moved the focus again: %+v", bTab.focus[1:])
			}
			b.do(bTab, c.answer)
			if bTab.w.Library().Conflict {
				t.Fatal("the answer left the question up")
			}
			if n := len(bTab.focus); n != 2 || bTab.focus[1].Focus != c.back {
				t.Fatalf("after the answer the focus tasks are %+v, want the focus back on %q", bTab.focus[1:], c.back)
			}
		})
	}
}

// failingStore fails writes while err is set (a full disk, a quota).
type failingStore struct {
	persist.Store
	err error
}

func (f *failingStore) Save(ctx context.Context, r persist.Record) (int64, error) {
	if f.err != nil {
		return 0, f.err
	}
	return f.Store.Save(ctx, r)
}

// TestStorageProblemStaysAndRetries: a failed save shows a problem that
// stays until a save works; saving is retried on its own, with growing
// delays, and then the problem goes.
func TestStorageProblemStaysAndRetries(t *testing.T) {
	b := newBrowserSim(t)
	fs := &failingStore{Store: b.st, err: errors.New("QuotaExceededError: the quota has been exceeded")}
	b.st = fs
	a := b.open("A")
	v := b.addVNet(a)
	b.fire(a)
	lib := a.w.Library()
	if !strings.Contains(lib.Storage, "quota") {
		t.Fatalf("storage problem %q", lib.Storage)
	}
	for range 3 { // still failing: the problem stays, the retries go on
		if len(a.timers) == 0 {
			t.Fatal("no retry scheduled")
		}
		b.fire(a)
		if a.w.Library().Storage == "" {
			t.Fatal("the problem went while saves fail")
		}
	}
	if a.w.Library().retry <= retryFirst {
		t.Errorf("retry delay %v did not grow", a.w.Library().retry)
	}
	fs.err = nil
	b.fire(a)
	if a.w.Library().Storage != "" {
		t.Fatalf("the problem stayed after a save worked: %q", a.w.Library().Storage)
	}
	if rec := b.stored(a.w.Library().DocID); !strings.Contains(rec.Scenario, v) {
		t.Fatal("the retried save lacks the edit")
	}
}

// TestFlushWritesThePendingEdit: closing the page inside the autosave
// delay writes the edit (unchecked, at the next revision).
func TestFlushWritesThePendingEdit(t *testing.T) {
	b := newBrowserSim(t)
	a := b.drawn()
	v := b.addVNet(a)
	tasks := a.w.Do(Flush{})
	if len(tasks) != 1 || !tasks[0].Now || tasks[0].Storage == nil {
		t.Fatalf("Flush left %+v, want one storage task to run at once", tasks)
	}
	b.run(a, tasks)
	b.do(a, nil)
	rec := b.stored(a.w.Library().DocID)
	if !strings.Contains(rec.Scenario, v) || rec.Revision != 2 {
		t.Fatalf("after the flush: revision %d, edit saved %v", rec.Revision, strings.Contains(rec.Scenario, v))
	}
	again := b.open("A again")
	if !strings.Contains(vnetIDs(again.w), v) {
		t.Fatal("the flushed edit is not restored")
	}
}

// TestDeletedInAnotherTab: the editing tab deletes the design another tab
// follows; the follower, promoted, opens a new design and says where the
// deleted one is, and the deleted one stays in the trash unchanged by what
// the follower does next.
func TestDeletedInAnotherTab(t *testing.T) {
	b := newBrowserSim(t)
	a := b.drawn()
	bTab := b.open("B")
	id := a.w.Library().DocID

	b.do(a, DeleteSaved{ID: id})
	if bTab.w.Library().DocID == id || bTab.w.Library().Access != Editing {
		t.Fatalf("the follower still shows the deleted design (access %d)", bTab.w.Library().Access)
	}
	if !strings.Contains(bTab.w.Notice().Text, "deleted in another tab") {
		t.Errorf("the follower says %q", bTab.w.Notice().Text)
	}
	b.addVNet(bTab)
	b.fire(bTab)
	if bTab.w.Library().Conflict || bTab.w.Library().DocID == id {
		t.Fatal("the follower's edit went to the deleted design")
	}
	trash, err := b.st.Trash(context.Background())
	if err != nil || len(trash) != 1 || trash[0].ID != id {
		t.Fatalf("trash %v, %v", trash, err)
	}

}

// TestFlushWritesASaveUnderWay: the page closed while the autosave of its
// last edit waits for the store (issued, not yet reported) flushes that
// edit too: the store may roll the autosave back so that the flush is not
// queued behind it (persist.ErrOvertaken), which changes nothing shown.
func TestFlushWritesASaveUnderWay(t *testing.T) {
	b := newBrowserSim(t)
	a := b.drawn()
	v := b.addVNet(a)
	underWay := a.w.Do(autosave{}) // issued; the page goes before it is done
	if len(underWay) != 1 || underWay[0].Storage == nil {
		t.Fatalf("the autosave left %+v, want one storage task", underWay)
	}
	tasks := a.w.Do(Flush{})
	if len(tasks) != 1 || !tasks[0].Now || tasks[0].Storage == nil {
		t.Fatalf("Flush with the autosave under way left %+v, want one storage task to run at once", tasks)
	}
	b.run(a, tasks)
	b.do(a, saved{docID: a.w.Library().DocID, base: 1, err: fmt.Errorf("saving: %w", persist.ErrOvertaken)})
	b.do(a, nil)
	if lib := a.w.Library(); lib.Storage != "" || lib.Conflict {
		t.Fatalf("the overtaken autosave shows a problem: %q, conflict %v", lib.Storage, lib.Conflict)
	}
	if rec := b.stored(a.w.Library().DocID); !strings.Contains(rec.Scenario, v) {
		t.Fatal("the flush lacks the edit whose autosave was under way")
	}
	// The page stayed (a back-forward cache): the next save is based on
	// what the flush wrote.
	w := b.addVNet(a)
	b.fire(a)
	if lib := a.w.Library(); lib.Storage != "" || lib.Conflict {
		t.Fatalf("the save after the flush: %q, conflict %v", lib.Storage, lib.Conflict)
	}
	if rec := b.stored(a.w.Library().DocID); !strings.Contains(rec.Scenario, w) {
		t.Fatal("the save after the flush was not written")
	}
	if again := b.open("A again"); !strings.Contains(vnetIDs(again.w), w) {
		t.Fatal("the edits are not restored")
	}
}

// TestFlushWritesTheDesignLeft: the page closed while the save of the
// design it left for another waits for the store flushes that design as
// well, before the open one (which stays the one marked last opened).
func TestFlushWritesTheDesignLeft(t *testing.T) {
	b := newBrowserSim(t)
	a := b.drawn()
	left := a.w.Library().DocID
	v := b.addVNet(a)
	var issued []Task
	for _, task := range a.w.Do(NewDesign{}) {
		if task.Storage == nil { // the save of the design left stays under way
			issued = append(issued, task)
		}
	}
	b.run(a, issued)
	b.addVNet(a)
	tasks := a.w.Do(Flush{})
	if len(tasks) != 1 || !tasks[0].Now || tasks[0].Storage == nil {
		t.Fatalf("Flush left %+v, want one storage task to run at once", tasks)
	}
	b.run(a, tasks)
	b.do(a, nil)
	if rec := b.stored(left); !strings.Contains(rec.Scenario, v) {
		t.Fatal("the design left lost its last edit")
	}
	last, err := b.st.LastOpened(context.Background())
	if err != nil || last != a.w.Library().DocID {
		t.Fatalf("last opened %q (%v), want the open design %q", last, err, a.w.Library().DocID)
	}
}

// TestConflictLeftUnansweredKeepsThisTabsVersion: a tab whose save was
// refused (its design deleted in another tab) and that leaves the
// question unanswered, by opening another design in any way or by being
// closed, keeps its version as "<name> (this tab)", as Keep mine does; the
// deleted design stays in the trash as it was. On the build before, the
// version was dropped without a word.
func TestConflictLeftUnansweredKeepsThisTabsVersion(t *testing.T) {
	sc, ok := scenarios.Get("peering-flags")
	if !ok {
		t.Fatal("no built-in peering-flags")
	}
	frag, err := persist.EncodeLink(sc.JSON)
	if err != nil {
		t.Fatal(err)
	}
	leave := map[string]func(b *browserSim, a *simTab, other string){
		"new design":   func(b *browserSim, a *simTab, _ string) { b.do(a, NewDesign{}) },
		"built-in":     func(b *browserSim, a *simTab, _ string) { b.do(a, OpenBuiltin{Name: "peering-flags"}) },
		"import":       func(b *browserSim, a *simTab, _ string) { b.do(a, Import{Name: "x.json", Text: string(sc.JSON)}) },
		"share link":   func(b *browserSim, a *simTab, _ string) { b.do(a, OpenLink{Fragment: frag}) },
		"saved design": func(b *browserSim, a *simTab, other string) { b.do(a, OpenSaved{ID: other}) },
		"page closed":  func(b *browserSim, a *simTab, _ string) { b.close(a) },
	}
	for _, how := range slices.Sorted(maps.Keys(leave)) {
		t.Run(how, func(t *testing.T) {
			b := newBrowserSim(t)
			a := b.drawn()
			id := a.w.Library().DocID
			bTab := b.open("B")
			b.do(bTab, NewDesign{})
			b.addVNet(bTab)
			b.fire(bTab)
			other := bTab.w.Library().DocID
			b.do(bTab, DeleteSaved{ID: id})
			b.do(bTab, NewDesign{}) // other is edited nowhere
			mine := b.addVNet(a)
			b.fire(a)
			if !a.w.Library().Conflict {
				t.Fatal("the save of a deleted design was not refused")
			}
			leave[how](b, a, other)
			var kept []string
			recs, err := b.st.List(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range recs {
				if rec := b.stored(s.ID); strings.Contains(rec.Scenario, `"`+mine+`"`) {
					kept = append(kept, rec.Name)
				}
			}
			if len(kept) != 1 || !strings.HasSuffix(kept[0], " (this tab)") {
				t.Fatalf("this tab's version with %s is saved as %q, want one design named \"… (this tab)\"", mine, kept)
			}
			if !a.closed && !strings.Contains(a.w.Notice().Text, kept[0]) {
				t.Errorf("the notice %q does not say where the version is", a.w.Notice().Text)
			}
			trash, err := b.st.Trash(context.Background())
			if err != nil || len(trash) != 1 || trash[0].ID != id {
				t.Fatalf("trash %v, %v", trash, err)
			}
			if rec, err := b.st.Get(context.Background(), id); err == nil && strings.Contains(rec.Scenario, `"`+mine+`"`) {
				t.Error("the deleted design took this tab's version")
			}
		})
	}
}

// TestConflictFoundOnAnAnnouncedSaveTakesTheFocus: without Web Locks, a
// tab with changes not yet saved that hears another tab's save of its
// design opens the conflict's question, which takes the focus as when its
// own save is refused. On the build before, the question opened with the
// focus left on the page behind its overlay.
func TestConflictFoundOnAnAnnouncedSaveTakesTheFocus(t *testing.T) {
	b := newBrowserSim(t)
	b.noLock = true
	a := b.drawn()
	bTab := b.open("B")
	bTab.focus = nil
	b.addVNet(bTab) // its autosave not yet due
	b.addVNet(a)
	b.fire(a) // A saves and says so; B reads the design again
	if !bTab.w.Library().Conflict {
		t.Fatal("B, with changes of its own, did not see the conflict")
	}
	if len(bTab.focus) != 1 || bTab.focus[0].Focus != conflictDialog || !bTab.focus[0].NoteFocus {
		t.Fatalf("the conflict opened with the focus tasks %+v, want the question to take it, noting where it was", bTab.focus)
	}
}
