//go:build js && wasm

package persist

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"syscall/js"
	"testing"
	"time"

	"github.com/hack-pad/go-indexeddb/idb"
)

func idbName(t *testing.T) string {
	if !js.Global().Get("indexedDB").Truthy() {
		t.Fatal("no IndexedDB: run these tests in Chromium (make test-browser), not in Node")
	}
	return fmt.Sprintf("vnetplay-test-%s-%d", t.Name(), time.Now().UnixNano())
}

func TestIDBStore(t *testing.T) {
	s, err := OpenIDB(context.Background(), idbName(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	testStore(t, s, hooks{
		setClock:  func(now func() time.Time) { s.Now = now },
		writeLive: func(ctx context.Context, r Record) error { return writeRaw(ctx, s.db, storeScenarios, rawRecord(r)) },
	})
}

// rawRecord is a record as a JS object, the shape vnetplay has written
// since schema version 1.
func rawRecord(r Record) js.Value {
	v := js.Global().Get("Object").New()
	v.Set("id", r.ID)
	v.Set("name", r.Name)
	v.Set("scenario", r.Scenario)
	v.Set("updated", r.Updated.UnixMilli())
	return v
}

// writeRaw puts values into an object store directly, bypassing the Store.
func writeRaw(ctx context.Context, db *idb.Database, store string, values ...js.Value) error {
	txn, err := db.Transaction(idb.TransactionReadWrite, store)
	if err != nil {
		return err
	}
	os, err := txn.ObjectStore(store)
	if err != nil {
		return err
	}
	for _, v := range values {
		if _, err := os.Put(v); err != nil {
			return err
		}
	}
	return txn.Await(ctx)
}

// TestIDBUpgradeFromV1: a database created by the code before the trash
// (schema version 1: scenarios and meta) opens with the current code, its
// scenario and marker kept, and gains a working trash.
func TestIDBUpgradeFromV1(t *testing.T) {
	ctx := context.Background()
	name := idbName(t)
	req, err := idb.Global().Open(ctx, name, 1, func(db *idb.Database, oldVersion, _ uint) error {
		if _, err := db.CreateObjectStore("scenarios", idb.ObjectStoreOptions{KeyPath: js.ValueOf("id")}); err != nil {
			return err
		}
		_, err := db.CreateObjectStore("meta", idb.ObjectStoreOptions{KeyPath: js.ValueOf("key")})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	old, err := req.Await(ctx)
	if err != nil {
		t.Fatal(err)
	}
	r := Record{ID: "s1", Name: "Saved by version 1", Scenario: `{"format":"vnetplay/scenario","version":1}`, Updated: time.UnixMilli(1763700000123).UTC()}
	marker := js.Global().Get("Object").New()
	marker.Set("key", "lastOpened")
	marker.Set("value", "s1")
	if err := writeRaw(ctx, old, "scenarios", rawRecord(r)); err != nil {
		t.Fatal(err)
	}
	if err := writeRaw(ctx, old, "meta", marker); err != nil {
		t.Fatal(err)
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}

	s, err := OpenIDB(ctx, name)
	if err != nil {
		t.Fatalf("opening a version 1 database: %v", err)
	}
	if v, err := s.db.Version(); err != nil || v != schemaVersion || schemaVersion != 2 {
		t.Fatalf("version after upgrade = %d, %v; want 2", v, err)
	}
	if names, _ := s.db.ObjectStoreNames(); strings.Join(names, ",") != "meta,scenarios,trash" {
		t.Fatalf("object stores after upgrade: %v", names)
	}
	got, err := s.Get(ctx, "s1")
	if err != nil || got != r {
		t.Fatalf("after upgrade Get = %+v, %v; want %+v", got, err, r)
	}
	if last, err := s.LastOpened(ctx); err != nil || last != "s1" {
		t.Fatalf("after upgrade LastOpened = %q, %v", last, err)
	}
	if list, err := s.List(ctx); err != nil || len(list) != 1 || list[0] != r.summary() {
		t.Fatalf("after upgrade List = %+v, %v", list, err)
	}
	if trash, err := s.Trash(ctx); err != nil || len(trash) != 0 {
		t.Fatalf("after upgrade Trash = %+v, %v", trash, err)
	}
	if err := s.Delete(ctx, "s1"); err != nil {
		t.Fatal(err)
	}
	if trash, err := s.Trash(ctx); err != nil || len(trash) != 1 || trash[0].ID != "s1" {
		t.Fatalf("Trash after deleting an upgraded record = %+v, %v", trash, err)
	}
	if err := s.Restore(ctx, "s1"); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	// Opening again at the current version upgrades nothing and loses nothing.
	s2, err := OpenIDB(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if got, err := s2.Get(ctx, "s1"); err != nil || got != r {
		t.Fatalf("after reopening Get = %+v, %v; want %+v", got, err, r)
	}
}

// TestIDBDeleteIsOneTransaction: every write of Delete (the trashed copy,
// the live record's removal, the marker, the cap) is in the transaction it
// is given, so aborting it leaves everything as it was and committing it
// applies all (with every deletion at one time, the cap purges r00).
func TestIDBDeleteIsOneTransaction(t *testing.T) {
	ctx := context.Background()
	s, err := OpenIDB(ctx, idbName(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.Now = func() time.Time { return time.UnixMilli(1763700000000) }
	for i := range MaxTrash + 1 {
		if err := s.Put(ctx, Record{ID: fmt.Sprintf("r%02d", i), Name: "r", Scenario: "{}"}); err != nil {
			t.Fatal(err)
		}
	}
	for i := range MaxTrash {
		if err := s.Delete(ctx, fmt.Sprintf("r%02d", i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetLastOpened(ctx, "r50"); err != nil {
		t.Fatal(err)
	}
	before := state(t, s, time.Time{})
	start := func() *idb.Transaction {
		txn, err := s.txn(idb.TransactionReadWrite, storeScenarios, storeTrash, storeMeta)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.deleteIn(ctx, txn, "r50"); err != nil {
			t.Fatal(err)
		}
		return txn
	}
	txn := start()
	if err := txn.Abort(); err != nil {
		t.Fatal(err)
	}
	_ = txn.Await(ctx) // an aborted transaction reports nil: check the data
	if after := state(t, s, time.Time{}); after != before {
		t.Fatalf("an aborted Delete changed the store:\n got %s\nwant %s", after, before)
	}
	if err := start().Await(ctx); err != nil {
		t.Fatal(err)
	}
	list, _ := s.List(ctx)
	trash, _ := s.Trash(ctx)
	last, _ := s.LastOpened(ctx)
	if len(list) != 0 || len(trash) != MaxTrash || trash[0].ID != "r01" || trash[MaxTrash-1].ID != "r50" || last != "" {
		t.Fatalf("after a committed Delete: live %+v, %d trashed (%s…%s), last %q", list, len(trash), trash[0].ID, trash[len(trash)-1].ID, last)
	}
}

// TestIDBSurvivesReopen: what a reload does — close, open again, find the
// scenario, the last-opened marker and the trash.
func TestIDBSurvivesReopen(t *testing.T) {
	ctx := context.Background()
	name := idbName(t)
	s, err := OpenIDB(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	r := Record{ID: "s1", Name: "Saved before reload", Scenario: `{"version":1}`, Updated: time.UnixMilli(1763700000123).UTC()}
	if err := s.Put(ctx, r); err != nil {
		t.Fatal(err)
	}
	if err := s.SetLastOpened(ctx, "s1"); err != nil {
		t.Fatal(err)
	}
	r.Revision = 1 // as stored
	gone := Record{ID: "s2", Name: "Deleted before reload", Scenario: "{}", Updated: r.Updated}
	if err := s.Put(ctx, gone); err != nil {
		t.Fatal(err)
	}
	deleted := time.UnixMilli(1763700009999).UTC()
	s.Now = func() time.Time { return deleted }
	if err := s.Delete(ctx, "s2"); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s2, err := OpenIDB(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	got, err := s2.Get(ctx, "s1")
	if err != nil || got != r {
		t.Fatalf("after reopen Get = %+v, %v; want %+v", got, err, r)
	}
	if last, _ := s2.LastOpened(ctx); last != "s1" {
		t.Fatalf("after reopen LastOpened = %q", last)
	}
	want := Summary{ID: "s2", Name: gone.Name, Updated: gone.Updated, Bytes: 2, Revision: 1, Deleted: deleted}
	if trash, err := s2.Trash(ctx); err != nil || len(trash) != 1 || trash[0] != want {
		t.Fatalf("after reopen Trash = %+v, %v; want [%+v]", trash, err, want)
	}
	if err := s2.Restore(ctx, "s2"); err != nil {
		t.Fatal(err)
	}
	gone.Revision = 1 // restored as it was stored
	if got, err := s2.Get(ctx, "s2"); err != nil || got != gone {
		t.Fatalf("restored after reopen = %+v, %v; want %+v", got, err, gone)
	}
}

// TestIDBForeignRecordsAreSkipped: a record not written by vnetplay (other
// shape) must not break the listing.
func TestIDBForeignRecordsAreSkipped(t *testing.T) {
	ctx := context.Background()
	s, err := OpenIDB(ctx, idbName(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Put(ctx, Record{ID: "ok", Name: "fine", Scenario: "{}"}); err != nil {
		t.Fatal(err)
	}
	txn, os, err := s.store(idb.TransactionReadWrite, storeScenarios)
	if err != nil {
		t.Fatal(err)
	}
	junk := js.Global().Get("Object").New()
	junk.Set("id", "junk")
	junk.Set("scenario", 42)
	if _, err := os.Put(junk); err != nil {
		t.Fatal(err)
	}
	if err := txn.Await(ctx); err != nil {
		t.Fatal(err)
	}
	list, err := s.List(ctx)
	if err != nil || len(list) != 1 || list[0].ID != "ok" {
		t.Fatalf("List = %+v, %v; want only the vnetplay record", list, err)
	}
	if _, err := s.Get(ctx, "junk"); err == nil {
		t.Fatal("Get of a foreign record succeeded")
	}
}

// TestOpenSaysItIsBlocked: a connection at an older version that does not
// close when asked (a tab of an earlier build) blocks the upgrade; the open
// says so at once and goes on, and returns a working store once that
// connection closes.
func TestOpenSaysItIsBlocked(t *testing.T) {
	name := idbName(t)
	opened := make(chan js.Value, 1)
	req := js.Global().Get("indexedDB").Call("open", name, 1)
	ok := js.FuncOf(func(js.Value, []js.Value) any { opened <- req.Get("result"); return nil })
	defer ok.Release()
	req.Call("addEventListener", "success", ok)
	var held js.Value
	select {
	case held = <-opened:
	case <-time.After(5 * time.Second):
		t.Fatal("the older connection did not open")
	}
	waits := make(chan OpenWait, 4)
	type result struct {
		s   *IDB
		err error
	}
	done := make(chan result, 1)
	go func() {
		s, err := OpenIDBWaiting(context.Background(), name, func(w OpenWait) { waits <- w })
		done <- result{s, err}
	}()
	select {
	case w := <-waits:
		if w != OpenBlocked {
			t.Errorf("the open waits for %v, want OpenBlocked", w)
		}
	case r := <-done:
		t.Fatalf("the open returned while the older connection is open: %v", r.err)
	case <-time.After(3 * time.Second):
		t.Fatal("3 s on, the open has not said it is blocked")
	}
	held.Call("close")
	var r result
	select {
	case r = <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the open did not return once the older connection closed")
	}
	if r.err != nil {
		t.Fatal(r.err)
	}
	defer r.s.Close()
	ctx := context.Background()
	rec := Record{ID: "s-1", Name: "One", Scenario: `{"format":"vnetplay/scenario"}`, Updated: time.Now()}
	if _, err := r.s.Save(ctx, rec); err != nil {
		t.Fatalf("saving after the open waited: %v", err)
	}
	if list, err := r.s.List(ctx); err != nil || len(list) != 1 {
		t.Fatalf("listing after the open waited: %v, %v", list, err)
	}
	select {
	case w := <-waits:
		t.Errorf("told %v after the open returned", w)
	default:
	}
}

// TestNewerVersionClosesTheStore: another page opens the database at a
// newer version (a newer vnetplay in another tab). Its upgrade is not
// blocked (the store lets its connection go), and changes nothing the
// store's records need; the store is told at once (OnSuperseded, also for
// a function given afterwards), every later call fails with ErrSuperseded,
// and what it saved before is there for the newer version. Opening the
// store again, at its older version, fails with ErrSuperseded too.
func TestNewerVersionClosesTheStore(t *testing.T) {
	name := idbName(t)
	ctx := context.Background()
	s, err := OpenIDB(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	told := make(chan bool, 2)
	s.OnSuperseded(func() { told <- true })
	rec := Record{ID: "s-1", Name: "One", Scenario: `{"format":"vnetplay/scenario"}`, Updated: time.Now()}
	if _, err := s.Save(ctx, rec); err != nil {
		t.Fatal(err)
	}

	opened := make(chan js.Value, 1)
	failed := make(chan string, 1)
	req := js.Global().Get("indexedDB").Call("open", name, schemaVersion+1)
	upgrade := js.FuncOf(func(js.Value, []js.Value) any { return nil }) // a newer schema that changes nothing used here
	ok := js.FuncOf(func(js.Value, []js.Value) any { opened <- req.Get("result"); return nil })
	blocked := js.FuncOf(func(js.Value, []js.Value) any { failed <- "blocked"; return nil })
	fail := js.FuncOf(func(js.Value, []js.Value) any { failed <- req.Get("error").Get("name").String(); return nil })
	for ev, f := range map[string]js.Func{"upgradeneeded": upgrade, "success": ok, "blocked": blocked, "error": fail} {
		req.Call("addEventListener", ev, f)
		defer f.Release()
	}
	var newer js.Value
	select {
	case newer = <-opened:
	case why := <-failed:
		t.Fatalf("the newer version's open: %s", why)
	case <-time.After(5 * time.Second):
		t.Fatal("the newer version's open did not succeed within 5 s")
	}
	defer newer.Call("close")
	select {
	case <-told:
	case <-time.After(2 * time.Second):
		t.Fatal("the store was not told that a newer version closed it")
	}
	late := make(chan bool, 1)
	s.OnSuperseded(func() { late <- true })
	select {
	case <-late:
	case <-time.After(2 * time.Second):
		t.Error("a function given after the close is not told")
	}
	if _, err := s.Save(ctx, rec); !errors.Is(err, ErrSuperseded) {
		t.Errorf("Save after the close: %v, want ErrSuperseded", err)
	}
	if err := s.Flush(ctx, rec); !errors.Is(err, ErrSuperseded) {
		t.Errorf("Flush after the close: %v, want ErrSuperseded", err)
	}
	if _, err := s.List(ctx); !errors.Is(err, ErrSuperseded) {
		t.Errorf("List after the close: %v, want ErrSuperseded", err)
	}
	if _, err := s.Get(ctx, rec.ID); !errors.Is(err, ErrSuperseded) {
		t.Errorf("Get after the close: %v, want ErrSuperseded", err)
	}
	if v := int(newer.Get("version").Int()); v != schemaVersion+1 {
		t.Errorf("the newer connection is at version %d", v)
	}
	got := make(chan string, 1)
	txn := newer.Call("transaction", storeScenarios)
	get := txn.Call("objectStore", storeScenarios).Call("get", rec.ID)
	done := js.FuncOf(func(js.Value, []js.Value) any { got <- get.Get("result").Get("name").String(); return nil })
	defer done.Release()
	get.Call("addEventListener", "success", done)
	select {
	case n := <-got:
		if n != rec.Name {
			t.Errorf("the newer version reads %q, want %q", n, rec.Name)
		}
	case <-time.After(5 * time.Second):
		t.Error("the newer version could not read the record")
	}
	if _, err := OpenIDB(ctx, name); !errors.Is(err, ErrSuperseded) {
		t.Errorf("opening at the older version after the upgrade: %v, want ErrSuperseded", err)
	}
}

// TestFlushOvertakesASaveUnderWay: a Flush (the page being closed) rolls
// back the calls of this store still under way rather than queue behind
// them, and writes; the save it overtook fails with ErrOvertaken and
// writes nothing. A page being closed gets no more answers: a save still
// waiting for its read would hold the flush back until the page is gone,
// and both would be lost (app/e2e TestDurableCloseWhileASaveIsUnderWay).
func TestFlushOvertakesASaveUnderWay(t *testing.T) {
	ctx := context.Background()
	s, err := OpenIDB(ctx, idbName(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rec := Record{ID: "s-1", Name: "Saved", Scenario: `{"format":"vnetplay/scenario"}`, Updated: time.Now()}
	rev, err := s.Save(ctx, rec)
	if err != nil {
		t.Fatal(err)
	}

	// Another transaction holds the store (a request as each one ends)
	// until released: the save begun meanwhile waits behind it.
	hold, err := s.db.Transaction(idb.TransactionReadWrite, storeScenarios)
	if err != nil {
		t.Fatal(err)
	}
	held, err := hold.ObjectStore(storeScenarios)
	if err != nil {
		t.Fatal(err)
	}
	release := make(chan struct{})
	holding := make(chan error, 1)
	go func() {
		for {
			req, err := held.Count()
			if err == nil {
				_, err = req.Await(ctx)
			}
			select {
			case <-release:
				holding <- err
				return
			default:
				if err != nil {
					holding <- err
					return
				}
			}
		}
	}()

	underWay := rec
	underWay.Name, underWay.Revision = "Under way", rev
	saved := make(chan error, 1)
	go func() { _, err := s.Save(ctx, underWay); saved <- err }()
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		s.mu.Lock()
		n := len(s.underWay)
		s.mu.Unlock()
		if n > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the save never began")
		}
	}
	flushed := rec
	flushed.Name, flushed.Revision = "Flushed", rev+1
	flush := make(chan error, 1)
	go func() { flush <- s.Flush(ctx, flushed) }()
	time.Sleep(20 * time.Millisecond)
	close(release)
	if err := <-holding; err != nil {
		t.Fatalf("holding the store: %v", err)
	}
	select {
	case err := <-saved:
		if !errors.Is(err, ErrOvertaken) {
			t.Errorf("the save under way when the flush came: %v, want ErrOvertaken", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the save under way never returned")
	}
	if err := <-flush; err != nil {
		t.Fatalf("Flush: %v", err)
	}
	got, err := s.Get(ctx, rec.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "Flushed" || got.Revision != rev+2 {
		t.Errorf("after the flush: %q at revision %d, want %q at %d", got.Name, got.Revision, "Flushed", rev+2)
	}
	s.mu.Lock()
	left := len(s.underWay)
	s.mu.Unlock()
	if left != 0 {
		t.Errorf("%d transactions still noted under way", left)
	}
}
