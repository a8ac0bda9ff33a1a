//go:build js && wasm

package persist

import (
	"context"
	"fmt"
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
	testStore(t, s)
}

// TestIDBSurvivesReopen: what a reload does — close, open again, find the
// scenario and the last-opened marker.
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
