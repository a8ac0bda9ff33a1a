package workspace

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"vnetplay/app/persist"
	"vnetplay/scenarios"
)

// closedStore is a store whose connection a newer version closed: every
// read and write fails with persist.ErrSuperseded, wrapped as IDB wraps it.
type closedStore struct{ *persist.Memory }

func (closedStore) Save(_ context.Context, r persist.Record) (int64, error) {
	return 0, fmt.Errorf("saving %q: %w", r.ID, persist.ErrSuperseded)
}

func (closedStore) Flush(context.Context, ...persist.Record) error {
	return fmt.Errorf("saving: %w", persist.ErrSuperseded)
}

func (closedStore) Get(_ context.Context, id string) (persist.Record, error) {
	return persist.Record{}, fmt.Errorf("reading %q: %w", id, persist.ErrSuperseded)
}

func (closedStore) List(context.Context) ([]persist.Summary, error) {
	return nil, fmt.Errorf("listing scenarios: %w", persist.ErrSuperseded)
}

// savedWS is a started workspace with one VNet drawn and saved in st.
func savedWS(t *testing.T, st persist.Store) *Workspace {
	t.Helper()
	w := New()
	w.Do(CanvasSize{Screen: screen})
	w.Settle(st, w.Do(Start{}))
	w.Settle(st, w.Do(PaletteAdd{Kind: "vnet"}))
	w.Settle(st, w.Do(autosave{}))
	if w.unsaved() {
		t.Fatal("the first VNet was not saved")
	}
	return w
}

// noSave fails t when tasks would save, or retry a save, later.
func noSave(t *testing.T, what string, tasks []Task) {
	t.Helper()
	for _, tk := range tasks {
		switch tk.Then.(type) {
		case autosave, retrySave:
			t.Errorf("%s schedules a save (%T) in a tab that can no longer save", what, tk.Then)
		}
		if tk.Storage != nil {
			t.Errorf("%s runs a storage call in a tab that can no longer save", what)
		}
	}
}

// checkSupersededBanner checks the banner's words: what happened, that
// the tab cannot save, where the last save is, what to do; no error text.
func checkSupersededBanner(t *testing.T, w *Workspace) {
	t.Helper()
	lib := w.Library()
	for _, want := range []string{"newer version of vnetplay was opened in another tab", "can no longer save",
		"as last saved", "Export JSON", "then reload", "reload now to continue in the new version"} {
		if !strings.Contains(lib.Superseded, want) {
			t.Errorf("the banner %q does not say %q", lib.Superseded, want)
		}
	}
	if lib.Storage != "" {
		t.Errorf("the generic storage problem is shown too: %q", lib.Storage)
	}
}

// TestStoreSupersededStopsSavingAndSaysSo: another tab opened the store at
// a newer version, which closed this tab's connection. Told by the event,
// or by the next save failing, the tab says so in plain words, lets the
// design's lock go, never tries to save again (no autosave, retry, flush or
// "Try again"), counts every change since as unsaved work (the page asks
// before closing), refuses to open another design over it, exports it
// whole, and ignores the other tabs.
func TestStoreSupersededStopsSavingAndSaysSo(t *testing.T) {
	ctx := context.Background()
	t.Run("the versionchange event", func(t *testing.T) {
		st := &persist.Memory{}
		w := savedWS(t, st)
		id := w.Library().DocID
		tasks := w.Do(StoreSuperseded{})
		checkSupersededBanner(t, w)
		if len(tasks) != 1 || tasks[0].Release != id {
			t.Errorf("superseded: tasks %+v, want the design's lock let go", tasks)
		}
		if w.UnsavedWork() {
			t.Error("nothing changed since the last save, yet the tab says it has unsaved work")
		}
		noSave(t, "an edit", w.Do(PaletteAdd{Kind: "vnet"}))
		if !w.UnsavedWork() {
			t.Fatal("an edit after the store was closed is not unsaved work")
		}
		for _, a := range []Action{autosave{}, retrySave{docID: id}, Hidden{}, Flush{}, SaveNowAction{}} {
			noSave(t, fmt.Sprintf("%T", a), w.Do(a))
		}
		if !w.UnsavedWork() {
			t.Error("the edit counts as saved after the save actions")
		}
		if rec, _ := st.Get(ctx, id); strings.Count(rec.Scenario, `"addressSpace"`) != 1 {
			t.Errorf("the store was written after it was closed: %d VNets", strings.Count(rec.Scenario, `"addressSpace"`))
		}
		noSave(t, "another tab's save", w.Do(PeerMessage{Peer{Kind: PeerSaved, DocID: id, Rev: 9}}))
		noSave(t, "another tab's handover", w.Do(PeerMessage{Peer{Kind: PeerHandover, DocID: id}}))
		if w.lib.Conflict || w.ReadOnly() {
			t.Errorf("after the other tabs' messages: conflict %v, read-only %v", w.lib.Conflict, w.ReadOnly())
		}
		if tasks := w.Do(Claimed{DocID: id, Held: true}); len(tasks) != 1 || tasks[0].Release != id {
			t.Errorf("a late grant of the lock: tasks %+v, want it let go", tasks)
		}
		sc, _ := scenarios.Get("peering-flags")
		link, err := persist.EncodeLink(sc.JSON)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range []Action{OpenBuiltin{Name: "peering-flags"}, NewDesign{}, Import{Name: "x.json", Text: string(sc.JSON)},
			OpenLink{Fragment: link}, OpenSaved{ID: "s-other"}, OpenChallenge{Name: "x"}, DeleteSaved{ID: id}} {
			w.Do(a)
			if n := len(w.Snap().Doc.Topology.VNets); n != 2 || w.Library().DocID != id {
				t.Fatalf("%T opened over the unsaved changes (%d VNets, %s)", a, n, w.Library().DocID)
			}
			if n := w.Notice().Text; !strings.Contains(n, "would lose the changes") || !strings.Contains(n, "Export JSON") {
				t.Errorf("%T refused, says %q", a, n)
			}
		}
		var got *Download
		for _, tk := range w.Do(ExportJSON{}) {
			if tk.Download != nil {
				got = tk.Download
			}
		}
		if got == nil || strings.Count(got.Data, `"addressSpace"`) != 2 {
			t.Fatalf("Export JSON does not download the design with the changes: %+v", got)
		}
		if tasks := w.Do(ReloadPage{}); len(tasks) != 1 || !tasks[0].Reload {
			t.Errorf("Reload: tasks %+v", tasks)
		}
		checkSupersededBanner(t, w)
	})
	t.Run("the next save fails", func(t *testing.T) {
		mem := &persist.Memory{}
		w := savedWS(t, mem)
		st := closedStore{mem}
		w.Settle(st, w.Do(PaletteAdd{Kind: "vnet"}))
		tasks := w.Do(autosave{})
		if len(tasks) != 1 || tasks[0].Storage == nil {
			t.Fatalf("the autosave: tasks %+v", tasks)
		}
		noSave(t, "the failed save", w.Do(tasks[0].Storage(ctx, st)))
		checkSupersededBanner(t, w)
		if !w.UnsavedWork() || w.lib.retry != 0 {
			t.Errorf("after the failed save: unsaved work %v, retry in %v", w.UnsavedWork(), w.lib.retry)
		}
		noSave(t, "Try again", w.Do(SaveNowAction{}))
	})
	t.Run("a follower", func(t *testing.T) {
		w := savedWS(t, &persist.Memory{})
		w.Do(Claimed{DocID: w.Library().DocID, Held: false})
		w.setAccess(Following)
		w.Do(StoreSuperseded{})
		if w.ReadOnly() {
			t.Error("a following tab stays read-only with nothing to follow any more")
		}
		noSave(t, "an edit", w.Do(PaletteAdd{Kind: "vnet"}))
		if !w.UnsavedWork() {
			t.Error("an edit is not unsaved work")
		}
	})
	t.Run("at start", func(t *testing.T) {
		// The store is already at a newer version than this build's.
		w := New()
		w.Do(CanvasSize{Screen: screen})
		w.Settle(&persist.Memory{}, w.Do(Start{StoreErr: fmt.Errorf("opening IndexedDB \"vnetplay\" at version 2: %w", persist.ErrSuperseded)}))
		lib := w.Library()
		if !lib.Ready || lib.Storage != "" || !strings.Contains(lib.Superseded, "older version of vnetplay") || !strings.Contains(lib.Superseded, "Reload") {
			t.Fatalf("at start: ready %v, storage %q, banner %q", lib.Ready, lib.Storage, lib.Superseded)
		}
		if w.UnsavedWork() {
			t.Error("an untouched design is unsaved work")
		}
		noSave(t, "an edit", w.Do(PaletteAdd{Kind: "vnet"}))
		if !w.UnsavedWork() {
			t.Error("an edit is not unsaved work")
		}
	})
}
