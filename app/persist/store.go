// Package persist keeps the user's scenarios in the browser and carries
// designs in share links.
//
// A Store holds scenarios as canonical JSON text (the engine's file format),
// so the engine's migrations apply to autosaves as they do to files. Two
// implementations share one contract, checked by one conformance test:
// IndexedDB (browser, js && wasm) and Memory (native tests, and the fallback
// when the browser refuses storage, e.g. in some private modes).
package persist

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxScenarioBytes bounds one stored scenario (the canonical JSON). A
// 500-VNet design is about 1 MB; larger input is refused, not truncated.
const MaxScenarioBytes = 8 << 20

// MaxTrash is how many deleted records the trash keeps: moving one more in
// purges the oldest-deleted one.
const MaxTrash = 50

// Errors of a Store; each is wrapped with the id concerned.
var (
	// ErrNotFound: no live record with the id (Get), or none in the trash
	// (Restore, Purge).
	ErrNotFound = errors.New("scenario not found")
	// ErrExists: Restore found a live record with the id; neither record
	// was changed.
	ErrExists = errors.New("a saved scenario with this id already exists; the deleted one stays in the trash")
)

// Record is one saved scenario.
type Record struct {
	ID       string    // stable key, chosen by the caller (e.g. "s-20261121-ab12")
	Name     string    // shown in "My scenarios"
	Scenario string    // canonical scenario JSON
	Updated  time.Time // last save, UTC, millisecond precision
}

// Summary is a Record without its (large) scenario text, for listings.
type Summary struct {
	ID      string
	Name    string
	Updated time.Time
	Bytes   int
	Deleted time.Time // when it went to the trash (UTC, milliseconds); zero for a live record
}

// Store is a scenario store. Implementations are safe for use from one
// goroutine at a time per call site; every method honours ctx.
//
// A record is either live (Get, List) or in the trash (Trash), never both:
// Delete moves it to the trash, Restore moves it back, Put and Save of its
// id make it live again (the trashed copy is dropped), Purge erases it.
type Store interface {
	// Put creates or replaces the live record with r.ID. A record with
	// that id in the trash is purged: the live record wins.
	Put(ctx context.Context, r Record) error
	// Get returns the live record, or an error wrapping ErrNotFound (also
	// for a record in the trash).
	Get(ctx context.Context, id string) (Record, error)
	// List returns every live record's summary, most recently updated
	// first (ties by id). Records in the trash are not listed.
	List(ctx context.Context) ([]Summary, error)
	// Delete moves the live record to the trash, stamped with the
	// deletion time, in one transaction: afterwards Get returns
	// ErrNotFound, List leaves it out, and LastOpened returns "" if it
	// pointed to it. When the trash then holds more than MaxTrash records,
	// the oldest-deleted one (of those deleted in the same millisecond, the
	// smallest id) other than this one is purged. Deleting an id with no
	// live record is not an error and changes nothing.
	Delete(ctx context.Context, id string) error
	// Trash returns the summaries of the records in the trash, with their
	// Deleted time, most recently deleted first (ties by id).
	Trash(ctx context.Context) ([]Summary, error)
	// Restore moves a record from the trash back to the live records
	// exactly as it was deleted (id, name, scenario text, Updated). It
	// returns an error wrapping ErrNotFound when the id is not in the
	// trash, and one wrapping ErrExists, changing nothing, when a live
	// record with the id exists. LastOpened is not changed.
	Restore(ctx context.Context, id string) error
	// Purge erases a record in the trash for good; an error wrapping
	// ErrNotFound when the id is not in the trash (a live record with the
	// id is left alone).
	Purge(ctx context.Context, id string) error
	// Save is Put and SetLastOpened(r.ID) in one transaction: the autosave
	// of the open design, so that a reload never finds the record without
	// the marker or the marker without the record.
	Save(ctx context.Context, r Record) error
	// SetLastOpened and LastOpened remember which scenario to restore on
	// start; LastOpened returns "" when none was set or the record it
	// named was deleted.
	SetLastOpened(ctx context.Context, id string) error
	LastOpened(ctx context.Context) (string, error)
}

// Validate checks a record before it is stored: an id, a name and scenario
// text within bounds. Every store calls it in Put.
func (r Record) Validate() error {
	switch {
	case strings.TrimSpace(r.ID) == "" || len(r.ID) > 128:
		return fmt.Errorf("scenario id %q: must be 1 to 128 characters", r.ID)
	case strings.TrimSpace(r.Name) == "":
		return errors.New("scenario name is empty")
	case len(r.Name) > 200:
		return fmt.Errorf("scenario name is %d bytes long; at most 200", len(r.Name))
	case len(r.Scenario) > MaxScenarioBytes:
		return fmt.Errorf("scenario is %.1f MB; at most %d MB can be stored", float64(len(r.Scenario))/1e6, MaxScenarioBytes>>20)
	case !utf8.ValidString(r.Scenario) || !utf8.ValidString(r.Name):
		return errors.New("scenario is not valid UTF-8 text")
	}
	return nil
}

func (r Record) summary() Summary {
	return Summary{ID: r.ID, Name: r.Name, Updated: r.Updated, Bytes: len(r.Scenario)}
}

func sortSummaries(s []Summary) {
	slices.SortFunc(s, func(a, b Summary) int {
		if c := b.Updated.Compare(a.Updated); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
}

// sortTrash orders trash summaries: most recently deleted first, ties by id.
func sortTrash(s []Summary) {
	slices.SortFunc(s, func(a, b Summary) int {
		if c := b.Deleted.Compare(a.Deleted); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
}

// deletionStamp is the Deleted time of a record trashed now: UTC, to the
// millisecond (what IndexedDB keeps), from now or, when nil, the clock.
func deletionStamp(now func() time.Time) time.Time {
	if now == nil {
		now = time.Now
	}
	return time.UnixMilli(now().UnixMilli()).UTC()
}

// trashEntry is what the trash cap looks at: an id and its deletion time.
type trashEntry struct {
	id      string
	deleted time.Time
}

// overflow returns the ids to purge so that at most MaxTrash of entries
// remain: oldest-deleted first, of equal deletion times the smallest id
// first, never keep (the record being trashed). Both stores decide with it,
// so that they purge the same records.
func overflow(entries []trashEntry, keep string) []string {
	n := len(entries) - MaxTrash
	if n <= 0 {
		return nil
	}
	slices.SortFunc(entries, func(a, b trashEntry) int {
		if c := a.deleted.Compare(b.deleted); c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id)
	})
	var out []string
	for _, e := range entries {
		if len(out) == n {
			break
		}
		if e.id != keep {
			out = append(out, e.id)
		}
	}
	return out
}
