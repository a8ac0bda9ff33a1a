package workspace

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"vnetplay/app/persist"
	"vnetplay/scenarios"
)

// savedBefore is a store holding one design, opened last, as an earlier
// session left it.
func savedBefore(t *testing.T) (*persist.Memory, persist.Record) {
	t.Helper()
	sc, ok := scenarios.Get("peering-flags")
	if !ok {
		t.Fatal("no built-in peering-flags")
	}
	st := &persist.Memory{}
	rec := persist.Record{ID: "s-earlier", Name: "My hub", Scenario: string(sc.JSON), Updated: time.Now().UTC().Truncate(time.Millisecond)}
	if _, err := st.Save(context.Background(), rec); err != nil {
		t.Fatal(err)
	}
	rec, err := st.Get(context.Background(), rec.ID)
	if err != nil {
		t.Fatal(err)
	}
	return st, rec
}

// waitingWS is a new workspace whose store has not opened yet (the open
// reported blocked), with a VNet added meanwhile (no store: storage tasks
// go nowhere, as in the page).
func waitingWS(t *testing.T) *Workspace {
	t.Helper()
	w := New()
	w.Do(CanvasSize{Screen: screen})
	w.Do(StoreWaiting{Why: persist.OpenBlocked})
	txt := w.Library().Waiting
	for _, want := range []string{"another tab holds vnetplay's design store open", "Close your other vnetplay tabs", "saved as a new design", "Export JSON"} {
		if !strings.Contains(txt, want) {
			t.Errorf("the waiting banner %q does not say %q", txt, want)
		}
	}
	w.Do(StoreWaiting{Why: persist.OpenSlow})
	if w.Library().Waiting != txt {
		t.Errorf("a slow open after a blocked one replaced what the banner says: %q", w.Library().Waiting)
	}
	w.Settle(nil, w.Do(PaletteAdd{Kind: "vnet"}))
	if n := len(w.Snap().Doc.Topology.VNets); n != 1 {
		t.Fatalf("a VNet added while the store opens: %d VNets", n)
	}
	return w
}

// TestStoreWaitingKeepsWhatIsMade: while the browser does not open the
// store (another tab holds it at an older version), the app says so and
// why, and runs; once the store opens, what was made meanwhile is kept on
// screen and saved as a new design, and the design saved before is
// neither opened over it nor changed.
func TestStoreWaitingKeepsWhatIsMade(t *testing.T) {
	ctx := context.Background()
	t.Run("a last design saved", func(t *testing.T) {
		st, before := savedBefore(t)
		w := waitingWS(t)
		made := w.Library().DocID
		w.Settle(st, w.Do(Start{}))
		lib := w.Library()
		if lib.Waiting != "" || !lib.Ready {
			t.Fatalf("after the store opened: waiting %q, ready %v", lib.Waiting, lib.Ready)
		}
		if lib.DocID != made || len(w.Snap().Doc.Topology.VNets) != 1 {
			t.Fatalf("the store opened over what was made: %s with %d VNets", lib.DocID, len(w.Snap().Doc.Topology.VNets))
		}
		if n := w.Notice().Text; !strings.Contains(n, "saved as \""+UntitledName+"\"") || !strings.Contains(n, "\"My hub\", is in My scenarios") {
			t.Errorf("the notice %q does not say where each design is", n)
		}
		after, err := st.Get(ctx, before.ID)
		if err != nil || after != before {
			t.Errorf("the design saved before changed: %+v (%v)", after, err)
		}
		rec, err := st.Get(ctx, made)
		if err != nil || !strings.Contains(rec.Scenario, `"addressSpace"`) {
			t.Fatalf("what was made was not saved: %+v (%v)", rec, err)
		}
		if last, _ := st.LastOpened(ctx); last != made {
			t.Errorf("last opened is %q, want what was made (%s)", last, made)
		}
	})
	t.Run("nothing saved before", func(t *testing.T) {
		st := &persist.Memory{}
		w := waitingWS(t)
		w.Settle(st, w.Do(Start{}))
		if rec, err := st.Get(ctx, w.Library().DocID); err != nil || !strings.Contains(rec.Scenario, `"addressSpace"`) {
			t.Fatalf("what was made was not saved: %+v (%v)", rec, err)
		}
		if n := w.Notice().Text; !strings.Contains(n, "what you made meanwhile is saved") {
			t.Errorf("the notice says %q", n)
		}
	})
	t.Run("a built-in opened meanwhile", func(t *testing.T) {
		st, before := savedBefore(t)
		w := New()
		w.Do(StoreWaiting{Why: persist.OpenSlow})
		if txt := w.Library().Waiting; !strings.Contains(txt, "has not opened vnetplay's design store yet") {
			t.Errorf("the slow open's banner says %q", txt)
		}
		w.Settle(nil, w.Do(OpenBuiltin{Name: "hub-spoke-firewall"}))
		name := w.DocName()
		w.Settle(st, w.Do(Start{}))
		if w.DocName() != name {
			t.Fatalf("the store opened %q over the built-in %q", w.DocName(), name)
		}
		if rec, err := st.Get(ctx, w.Library().DocID); err != nil || rec.Name != name {
			t.Fatalf("the built-in opened meanwhile was not saved: %+v (%v)", rec, err)
		}
		if after, _ := st.Get(ctx, before.ID); after != before {
			t.Error("the design saved before changed")
		}
	})
	t.Run("a share link", func(t *testing.T) {
		st, before := savedBefore(t)
		sc, _ := scenarios.Get("hub-spoke-firewall")
		frag, err := persist.EncodeLink(sc.JSON)
		if err != nil {
			t.Fatal(err)
		}
		w := waitingWS(t)
		made := w.Library().DocID
		w.Settle(st, w.Do(Start{Fragment: frag}))
		if w.Library().DocID == made || len(w.Snap().Doc.Topology.VNets) < 2 {
			t.Fatalf("the link's design did not open: %s", w.DocName())
		}
		if rec, err := st.Get(ctx, made); err != nil || !strings.Contains(rec.Scenario, `"addressSpace"`) {
			t.Fatalf("what was made before the link opened was not saved: %+v (%v)", rec, err)
		}
		if rec, err := st.Get(ctx, w.Library().DocID); err != nil || rec.Name != w.DocName() {
			t.Fatalf("the link's design was not saved: %+v (%v)", rec, err)
		}
		if after, _ := st.Get(ctx, before.ID); after != before {
			t.Error("the design saved before changed")
		}
	})
	t.Run("nothing made meanwhile", func(t *testing.T) {
		st, before := savedBefore(t)
		w := New()
		w.Do(StoreWaiting{Why: persist.OpenBlocked})
		w.Settle(st, w.Do(Start{}))
		if w.Library().DocID != before.ID || w.Library().Waiting != "" {
			t.Fatalf("the last design did not open once the store opened: %s", w.Library().DocID)
		}
		if n := w.Notice().Text; !strings.Contains(n, "saving works") {
			t.Errorf("the notice says %q", n)
		}
		if tasks := w.Do(autosave{}); len(tasks) != 0 {
			t.Error("the restored design is saved again though nothing changed")
		}
	})
	t.Run("the open fails after waiting", func(t *testing.T) {
		w := New()
		w.Do(StoreWaiting{Why: persist.OpenBlocked})
		w.Settle(&persist.Memory{}, w.Do(Start{StoreErr: errors.New("VersionError")}))
		if lib := w.Library(); lib.Waiting != "" || !strings.Contains(lib.Storage, "this tab only") {
			t.Errorf("after a failed open: waiting %q, storage %q", lib.Waiting, lib.Storage)
		}
		w.Do(StoreWaiting{Why: persist.OpenSlow}) // late
		if w.Library().Waiting != "" {
			t.Error("a late report brought the waiting banner back")
		}
	})
}
