package persist

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// hooks reach into a store under test where the contract cannot.
type hooks struct {
	// setClock makes now the store's clock for deletion times.
	setClock func(now func() time.Time)
	// writeLive writes a live record without touching the trash: the only
	// way to have a live and a trashed record under one id, which Restore
	// must refuse.
	writeLive func(ctx context.Context, r Record) error
}

// testStore is the Store contract, run against every implementation.
func testStore(t *testing.T, s Store, h hooks) {
	ctx := context.Background()
	clock := time.Time{}
	h.setClock(func() time.Time { return clock })
	t0 := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
	a := Record{ID: "a", Name: "Hub and spokes", Scenario: `{"format":"vnetplay/scenario","version":1}` + "\n", Updated: t0}
	b := Record{ID: "b", Name: "Hybrid ✓ ünïcode", Scenario: `{"x":"` + strings.Repeat("é", 1000) + `"}`, Updated: t0.Add(time.Minute)}
	c := Record{ID: "c", Name: "Same time as b", Scenario: "{}", Updated: t0.Add(time.Minute)}

	if _, err := s.Get(ctx, "a"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get on an empty store: %v, want ErrNotFound", err)
	}
	if last, err := s.LastOpened(ctx); err != nil || last != "" {
		t.Fatalf("LastOpened on an empty store = %q, %v", last, err)
	}
	for _, r := range []Record{a, b, c} {
		if err := s.Put(ctx, r); err != nil {
			t.Fatalf("Put(%s): %v", r.ID, err)
		}
	}
	a.Revision, b.Revision, c.Revision = 1, 1, 1 // as stored
	got, err := s.Get(ctx, "b")
	if err != nil || got != b {
		t.Fatalf("Get(b) = %+v, %v; want %+v", got, err, b)
	}
	list, err := s.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ids := ""
	for _, sum := range list {
		ids += sum.ID
	}
	if ids != "bca" { // newest first, ties by id
		t.Fatalf("List order %q, want bca", ids)
	}
	if list[0].Bytes != len(b.Scenario) || list[0].Name != b.Name || !list[0].Updated.Equal(b.Updated) || list[0].Revision != 1 {
		t.Fatalf("summary %+v does not describe b", list[0])
	}

	// Replace keeps one record under the id.
	a2 := a
	a2.Name, a2.Updated, a2.Revision = "Renamed", t0.Add(time.Hour), 0
	if err := s.Put(ctx, a2); err != nil {
		t.Fatal(err)
	}
	a2.Revision = 2 // Put ignores the record's revision: stored + 1
	if list, _ = s.List(ctx); len(list) != 3 || list[0].ID != "a" || list[0].Name != "Renamed" {
		t.Fatalf("after replacing a: %+v", list)
	}

	// Invalid records are refused and change nothing.
	for _, bad := range []Record{
		{ID: "", Name: "x", Scenario: "{}"},
		{ID: "d", Name: " ", Scenario: "{}"},
		{ID: "d", Name: "big", Scenario: strings.Repeat(" ", MaxScenarioBytes+1)},
		{ID: "d", Name: "bad utf8", Scenario: "\xff\xfe"},
	} {
		if err := s.Put(ctx, bad); err == nil {
			t.Errorf("Put(%q, %d bytes) succeeded, want an error", bad.Name, len(bad.Scenario))
		}
	}
	if _, err := s.Get(ctx, "d"); !errors.Is(err, ErrNotFound) {
		t.Errorf("a refused record was stored")
	}

	if err := s.SetLastOpened(ctx, "b"); err != nil {
		t.Fatal(err)
	}
	if last, err := s.LastOpened(ctx); err != nil || last != "b" {
		t.Fatalf("LastOpened = %q, %v; want b", last, err)
	}

	// Save stores and marks as last opened in one go.
	saved := Record{ID: "e", Name: "Autosaved", Scenario: "{}", Updated: t0.Add(2 * time.Hour)}
	if rev, err := s.Save(ctx, saved); err != nil || rev != 1 {
		t.Fatalf("Save of a new record = %d, %v; want revision 1", rev, err)
	}
	saved.Revision = 1
	if got, err := s.Get(ctx, "e"); err != nil || got != saved {
		t.Fatalf("Get after Save = %+v, %v", got, err)
	}
	if last, _ := s.LastOpened(ctx); last != "e" {
		t.Fatalf("LastOpened after Save = %q, want e", last)
	}
	if _, err := s.Save(ctx, Record{ID: "f", Name: "", Scenario: "{}"}); err == nil {
		t.Fatal("Save of an invalid record succeeded")
	}
	if last, _ := s.LastOpened(ctx); last != "e" {
		t.Fatalf("a refused Save moved LastOpened to %q", last)
	}
	testRevisions(t, s)
	saved.Revision = 4 // testRevisions wrote it three times more
	saved.Updated = t0.Add(3 * time.Hour)
	testTrash(t, s, h, &clock, map[string]Record{"a": a2, "b": b, "c": c, "e": saved})
}

// testRevisions: Save refuses a write based on another revision than the
// stored one, Flush does not check, Put ignores the record's revision. It
// leaves e (last opened) at revision 4, updated t0+3h.
func testRevisions(t *testing.T, s Store) {
	ctx := context.Background()
	t0 := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
	e, err := s.Get(ctx, "e")
	if err != nil || e.Revision != 1 {
		t.Fatalf("Get(e) = %+v, %v; want revision 1", e, err)
	}
	// Two tabs opened revision 1; the first saves, the second is refused.
	first, second := e, e
	first.Scenario, second.Scenario = `{"tab":1}`, `{"tab":2}`
	if rev, err := s.Save(ctx, first); err != nil || rev != 2 {
		t.Fatalf("Save based on the stored revision = %d, %v; want 2", rev, err)
	}
	rev, err := s.Save(ctx, second)
	if !errors.Is(err, ErrConflict) || rev != 0 || !strings.Contains(err.Error(), `"e"`) {
		t.Fatalf("Save based on an older revision = %d, %v; want ErrConflict naming e", rev, err)
	}
	if got, _ := s.Get(ctx, "e"); got.Scenario != first.Scenario || got.Revision != 2 {
		t.Fatalf("a refused Save changed the record: %+v", got)
	}
	// A write based on a revision that never existed is refused too.
	ahead := e
	ahead.Revision = 7
	if _, err := s.Save(ctx, ahead); !errors.Is(err, ErrConflict) {
		t.Fatalf("Save based on revision 7 of a record at 2 = %v, want ErrConflict", err)
	}
	if _, err := s.Save(ctx, Record{ID: "new-but-based", Name: "x", Scenario: "{}", Revision: 3}); !errors.Is(err, ErrConflict) {
		t.Fatalf("Save based on revision 3 of no record = %v, want ErrConflict", err)
	}
	if _, err := s.Get(ctx, "new-but-based"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a refused Save created a record")
	}
	// Flush writes base+1 without reading, and marks last opened.
	if err := s.SetLastOpened(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	flushed := first
	flushed.Revision, flushed.Scenario = 2, `{"flushed":true}`
	if err := s.Flush(ctx, flushed); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Get(ctx, "e"); got.Scenario != flushed.Scenario || got.Revision != 3 {
		t.Fatalf("after Flush: %+v, want revision 3", got)
	}
	if last, _ := s.LastOpened(ctx); last != "e" {
		t.Fatalf("LastOpened after Flush = %q, want e", last)
	}
	if err := s.Flush(ctx, Record{ID: "e", Name: "", Scenario: "{}"}); err == nil {
		t.Fatal("Flush of an invalid record succeeded")
	}
	// Flush of several: each at its base+1, the last marked last opened;
	// with one invalid, none is written.
	left := Record{ID: "left", Name: "Left", Scenario: `{"left":true}`, Updated: t0, Revision: 4}
	again := Record{ID: "again", Name: "Again", Scenario: `{"again":true}`, Updated: t0, Revision: 1}
	if err := s.Flush(ctx, left, Record{ID: "bad", Scenario: "{}"}, again); err == nil {
		t.Fatal("Flush with an invalid record succeeded")
	}
	if _, err := s.Get(ctx, "left"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a refused Flush wrote a record: %v", err)
	}
	if err := s.Flush(ctx, left, again); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Get(ctx, "left"); got.Scenario != left.Scenario || got.Revision != 5 {
		t.Fatalf("after Flush of two: %+v, want revision 5", got)
	}
	if got, _ := s.Get(ctx, "again"); got.Scenario != again.Scenario || got.Revision != 2 {
		t.Fatalf("after Flush of two: %+v, want revision 2", got)
	}
	if last, _ := s.LastOpened(ctx); last != "again" {
		t.Fatalf("LastOpened after Flush of two = %q, want again (the last)", last)
	}
	for _, id := range []string{"left", "again"} {
		if err := s.Delete(ctx, id); err != nil {
			t.Fatal(err)
		}
		if err := s.Purge(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetLastOpened(ctx, "e"); err != nil {
		t.Fatal(err)
	}
	// Put of the id bumps the stored revision: a tab based on 3 is refused.
	put := Record{ID: "e", Name: "Autosaved", Scenario: "{}", Updated: t0.Add(3 * time.Hour), Revision: 99}
	if err := s.Put(ctx, put); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Save(ctx, flushed); !errors.Is(err, ErrConflict) {
		t.Fatalf("Save based on revision 2 after a Put = %v, want ErrConflict", err)
	}
	if got, _ := s.Get(ctx, "e"); got.Revision != 4 {
		t.Fatalf("Put over revision 3 stored revision %d, want 4", got.Revision)
	}
	if sum, _ := s.List(ctx); sum[0].ID != "e" || sum[0].Revision != 4 {
		t.Fatalf("List does not give e at revision 4: %+v", sum)
	}
}

// state renders what a store shows, for exact comparison: the live ids in
// List order, the trash in Trash order with each deletion time in seconds
// after base, and the last opened id.
func state(t *testing.T, s Store, base time.Time) string {
	t.Helper()
	ctx := context.Background()
	list, err := s.List(ctx)
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	trash, err := s.Trash(ctx)
	if err != nil {
		t.Fatalf("Trash: %v", err)
	}
	last, err := s.LastOpened(ctx)
	if err != nil {
		t.Fatalf("LastOpened: %v", err)
	}
	var b strings.Builder
	b.WriteString("live:")
	for _, x := range list {
		if !x.Deleted.IsZero() {
			t.Errorf("live %s has Deleted %v", x.ID, x.Deleted)
		}
		b.WriteString(" " + x.ID)
	}
	b.WriteString(" trash:")
	for _, x := range trash {
		fmt.Fprintf(&b, " %s@%d", x.ID, x.Deleted.Sub(base)/time.Second)
	}
	fmt.Fprintf(&b, " last:%s", last)
	return b.String()
}

// testTrash: Delete, Trash, Restore and Purge, from the state testStore
// leaves (live holds the records by id, e last opened).
func testTrash(t *testing.T, s Store, h hooks, clock *time.Time, live map[string]Record) {
	ctx := context.Background()
	base := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	at := func(sec int) { *clock = base.Add(time.Duration(sec) * time.Second) }
	expect := func(step, want string) {
		t.Helper()
		if got := state(t, s, base); got != want {
			t.Fatalf("%s:\n got %s\nwant %s", step, got, want)
		}
	}
	isNotFound := func(what string, err error) {
		t.Helper()
		if !errors.Is(err, ErrNotFound) {
			t.Fatalf("%s = %v, want ErrNotFound", what, err)
		}
	}
	getIs := func(r Record) {
		t.Helper()
		got, err := s.Get(ctx, r.ID)
		if err != nil || got != r {
			t.Fatalf("Get(%s) = %+v, %v; want %+v", r.ID, got, err, r)
		}
	}
	expect("before deleting", "live: e a b c trash: last:e")

	// Delete moves the last-opened record to the trash, stamped to the
	// millisecond in UTC whatever the clock's zone, and clears the marker.
	*clock = base.Add(time.Second + 123456789*time.Nanosecond).In(time.FixedZone("UTC+5", 5*3600))
	if err := s.Delete(ctx, "e"); err != nil {
		t.Fatal(err)
	}
	expect("Delete(e)", "live: a b c trash: e@1 last:")
	_, err := s.Get(ctx, "e")
	isNotFound("Get of a trashed record", err)
	trash, err := s.Trash(ctx)
	if err != nil {
		t.Fatal(err)
	}
	e := live["e"]
	wantSum := Summary{ID: "e", Name: e.Name, Updated: e.Updated, Bytes: len(e.Scenario), Revision: e.Revision, Deleted: time.UnixMilli(base.UnixMilli() + 1123).UTC()}
	if len(trash) != 1 || trash[0] != wantSum {
		t.Fatalf("Trash = %+v, want [%+v]", trash, wantSum)
	}

	at(2)
	if err := s.SetLastOpened(ctx, "b"); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, "b"); err != nil {
		t.Fatal(err)
	}
	expect("Delete(b), last opened", "live: a c trash: b@2 e@1 last:")
	at(3)
	if err := s.Delete(ctx, "never-existed"); err != nil {
		t.Fatalf("Delete(unknown) = %v, want nil", err)
	}
	if err := s.Delete(ctx, "b"); err != nil {
		t.Fatalf("Delete(trashed) = %v, want nil", err)
	}
	expect("Delete of unknown and trashed ids", "live: a c trash: b@2 e@1 last:")

	// Same deletion time: ties by id. A marker on another record stays.
	at(2)
	if err := s.SetLastOpened(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, "c"); err != nil {
		t.Fatal(err)
	}
	expect("Delete(c), a tie with b", "live: a trash: b@2 c@2 e@1 last:a")

	// Restore puts back exactly what was deleted.
	if err := s.Restore(ctx, "c"); err != nil {
		t.Fatal(err)
	}
	expect("Restore(c)", "live: a c trash: b@2 e@1 last:a")
	getIs(live["c"])
	isNotFound("Restore of a restored record", s.Restore(ctx, "c"))
	isNotFound("Restore of an unknown id", s.Restore(ctx, "never-existed"))
	if err := s.Restore(ctx, "b"); err != nil {
		t.Fatal(err)
	}
	getIs(live["b"])
	if list, _ := s.List(ctx); len(list) != 3 || list[1] != live["b"].summary() {
		t.Fatalf("List after restoring b = %+v", list)
	}
	expect("Restore(b)", "live: a b c trash: e@1 last:a")

	// Byte for byte, with text that survives no careless re-encoding.
	f := Record{ID: "f", Name: "Fidelity 𝄞", Updated: time.UnixMilli(1763700000123).UTC(),
		Scenario: "{\"s\":\"nul\x00 crlf\r\n tab\t ls\u2028 ps\u2029 bom\ufeff repl\ufffd astral 𝄞😀 \\u0041\"}" + strings.Repeat("x", 300_000) + "\n"}
	if err := s.Put(ctx, f); err != nil {
		t.Fatal(err)
	}
	f.Revision = 1
	at(4)
	if err := s.Delete(ctx, "f"); err != nil {
		t.Fatal(err)
	}
	if trash, _ := s.Trash(ctx); len(trash) != 2 || trash[0].Bytes != len(f.Scenario) || trash[0].Name != f.Name || trash[0].Updated != f.Updated {
		t.Fatalf("Trash after Delete(f) = %+v", trash)
	}
	if err := s.Restore(ctx, "f"); err != nil {
		t.Fatal(err)
	}
	getIs(f)
	expect("Restore(f)", "live: a b c f trash: e@1 last:a")

	// Put and Save of a trashed id make it live; the trashed copy is gone.
	at(5)
	if err := s.Delete(ctx, "b"); err != nil {
		t.Fatal(err)
	}
	b2 := Record{ID: "b", Name: "b again", Scenario: `{"new":true}`, Updated: base}
	if err := s.Put(ctx, b2); err != nil {
		t.Fatal(err)
	}
	b2.Revision = 1 // no live record: a new one
	expect("Put of a trashed id", "live: b a c f trash: e@1 last:a")
	getIs(b2)
	isNotFound("Restore after Put of the id", s.Restore(ctx, "b"))
	at(6)
	if err := s.Delete(ctx, "c"); err != nil {
		t.Fatal(err)
	}
	c2 := Record{ID: "c", Name: "c again", Scenario: `{}`, Updated: base.Add(time.Second)}
	if _, err := s.Save(ctx, c2); err != nil {
		t.Fatal(err)
	}
	c2.Revision = 1
	expect("Save of a trashed id", "live: c b a f trash: e@1 last:c")
	getIs(c2)

	// A live record under a trashed id: Restore refuses and changes nothing.
	planted := Record{ID: "e", Name: "Planted", Scenario: `{"planted":1}`, Updated: base}
	if err := h.writeLive(ctx, planted); err != nil {
		t.Fatal(err)
	}
	err = s.Restore(ctx, "e")
	if !errors.Is(err, ErrExists) || !strings.Contains(err.Error(), `"e"`) || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("Restore over a live record = %v, want ErrExists naming e", err)
	}
	getIs(planted)
	if trash, _ := s.Trash(ctx); len(trash) != 1 || trash[0] != wantSum {
		t.Fatalf("a refused Restore changed the trash: %+v", trash)
	}
	expect("refused Restore", "live: c b e a f trash: e@1 last:c")

	// Purge erases the trashed copy only, for good.
	if err := s.Purge(ctx, "e"); err != nil {
		t.Fatal(err)
	}
	expect("Purge(e)", "live: c b e a f trash: last:c")
	getIs(planted)
	isNotFound("Purge again", s.Purge(ctx, "e"))
	isNotFound("Restore after Purge", s.Restore(ctx, "e"))
	isNotFound("Purge of a live id", s.Purge(ctx, "a"))
	getIs(live["a"])

	// The cap: MaxTrash records; one more purges the oldest-deleted (of a
	// tie, the smallest id), never the record being deleted.
	id := func(i int) string { return fmt.Sprintf("cap-%02d", i) }
	for i := range MaxTrash + 3 { // the oldest records: listed last
		if err := s.Put(ctx, Record{ID: id(i), Name: id(i), Scenario: "{}", Updated: time.UnixMilli(0).UTC()}); err != nil {
			t.Fatal(err)
		}
	}
	// deleted returns the deletion time of cap-i in seconds after base.
	deleted := func(i int) int {
		switch {
		case i <= 1:
			return 100
		case i == MaxTrash+2:
			return 0
		}
		return 100 + i
	}
	del := func(i int) {
		t.Helper()
		at(deleted(i))
		if err := s.Delete(ctx, id(i)); err != nil {
			t.Fatal(err)
		}
	}
	// capState: the state with cap-i live for i in live, in the trash for
	// i in trash, in that order.
	capState := func(live, trash []int) string {
		var b strings.Builder
		b.WriteString("live: c b e a f")
		for _, i := range live {
			b.WriteString(" " + id(i))
		}
		b.WriteString(" trash:")
		for _, i := range trash {
			fmt.Fprintf(&b, " %s@%d", id(i), deleted(i))
		}
		b.WriteString(" last:c")
		return b.String()
	}
	down := func(from, to int, more ...int) []int {
		var out []int
		for i := from; i >= to; i-- {
			out = append(out, i)
		}
		return append(out, more...)
	}
	del(1) // cap-01 and cap-00 at the same time
	del(0)
	for i := 2; i < MaxTrash; i++ {
		del(i)
	}
	expect("a full trash", capState([]int{MaxTrash, MaxTrash + 1, MaxTrash + 2}, down(MaxTrash-1, 2, 0, 1)))
	del(MaxTrash)
	expect("one over the cap", capState([]int{MaxTrash + 1, MaxTrash + 2}, down(MaxTrash, 2, 1)))
	isNotFound("Restore of a record purged by the cap", s.Restore(ctx, id(0)))
	_, err = s.Get(ctx, id(0))
	isNotFound("Get of a record purged by the cap", err)
	del(MaxTrash + 1)
	expect("two over the cap", capState([]int{MaxTrash + 2}, down(MaxTrash+1, 2)))
	del(MaxTrash + 2) // a clock set back: the record just deleted is the oldest, and kept
	expect("a clock set back", capState(nil, down(MaxTrash+1, 3, MaxTrash+2)))
	if trash, _ := s.Trash(ctx); len(trash) != MaxTrash {
		t.Fatalf("%d records in the trash, want %d", len(trash), MaxTrash)
	}
}
