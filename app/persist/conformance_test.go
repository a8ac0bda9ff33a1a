package persist

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// testStore is the Store contract, run against every implementation.
func testStore(t *testing.T, s Store) {
	ctx := context.Background()
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
	if list[0].Bytes != len(b.Scenario) || list[0].Name != b.Name || !list[0].Updated.Equal(b.Updated) {
		t.Fatalf("summary %+v does not describe b", list[0])
	}

	// Replace keeps one record under the id.
	a2 := a
	a2.Name, a2.Updated = "Renamed", t0.Add(time.Hour)
	if err := s.Put(ctx, a2); err != nil {
		t.Fatal(err)
	}
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
	if err := s.Save(ctx, saved); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Get(ctx, "e"); err != nil || got != saved {
		t.Fatalf("Get after Save = %+v, %v", got, err)
	}
	if last, _ := s.LastOpened(ctx); last != "e" {
		t.Fatalf("LastOpened after Save = %q, want e", last)
	}
	if err := s.Save(ctx, Record{ID: "f", Name: "", Scenario: "{}"}); err == nil {
		t.Fatal("Save of an invalid record succeeded")
	}
	if last, _ := s.LastOpened(ctx); last != "e" {
		t.Fatalf("a refused Save moved LastOpened to %q", last)
	}
	if err := s.Delete(ctx, "e"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetLastOpened(ctx, "b"); err != nil {
		t.Fatal(err)
	}

	if err := s.Delete(ctx, "b"); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, "never-existed"); err != nil {
		t.Fatalf("Delete(unknown) = %v, want nil", err)
	}
	if _, err := s.Get(ctx, "b"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get after Delete: %v", err)
	}
	if list, _ = s.List(ctx); len(list) != 2 {
		t.Fatalf("%d records after delete, want 2", len(list))
	}
}
