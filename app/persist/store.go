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

	"vnetplay/engine/scenario"
)

// MaxScenarioBytes bounds one stored scenario: the compact canonical JSON
// the UI stores, held to the same limit as every design
// (scenario.MaxSize), so whatever is stored can be reopened. Larger input
// is refused, not truncated.
const MaxScenarioBytes = scenario.MaxSize

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
	// ErrConflict: Save found the stored record at another revision than
	// the one the write was based on (another tab saved it, or deleted
	// it, since); nothing was written.
	ErrConflict = errors.New("the saved scenario was changed elsewhere since it was opened here")
	// ErrSuperseded: a newer version of vnetplay opened the database at a
	// higher schema version in another tab, and the browser closed this
	// tab's connection for that upgrade (or the database is already at a
	// version newer than this build's, when it opens): nothing more is
	// read or written through this store. Its text is plain words: it is
	// shown as it is.
	ErrSuperseded = errors.New("a newer version of vnetplay was opened in another tab, and this tab can no longer use the saved designs")
	// ErrOvertaken: a Flush came while the call was under way and rolled
	// its transaction back, so that the flush's own write is not queued
	// behind it when the page is closed (IDB). Whoever flushes writes
	// what the call would have written, or something newer.
	ErrOvertaken = errors.New("overtaken by the save of a page being closed")
)

// Superseded is a Store whose connection another tab can close by opening
// the database at a newer version (IDB). OnSuperseded calls f once, from
// another goroutine, when that happens (at once if it happened already);
// every call of the store fails with ErrSuperseded from then on.
type Superseded interface {
	OnSuperseded(f func())
}

// Record is one saved scenario.
type Record struct {
	ID       string    // stable key, chosen by the caller (e.g. "s-20261121-ab12")
	Name     string    // shown in "My scenarios"
	Scenario string    // canonical scenario JSON
	Updated  time.Time // last save, UTC, millisecond precision
	// Revision counts the record's writes: 1 after the first. A Record
	// given to Save or Flush carries the revision its text was based on
	// (the one read or last written, 0 for a new record); the stores
	// write Revision+1.
	Revision int64
}

// Summary is a Record without its (large) scenario text, for listings.
type Summary struct {
	ID       string
	Name     string
	Updated  time.Time
	Bytes    int
	Revision int64
	Deleted  time.Time // when it went to the trash (UTC, milliseconds); zero for a live record
}

// Store is a scenario store. Implementations are safe for use from one
// goroutine at a time per call site; every method honours ctx.
//
// A record is either live (Get, List) or in the trash (Trash), never both:
// Delete moves it to the trash, Restore moves it back, Put and Save of its
// id make it live again (the trashed copy is dropped), Purge erases it.
type Store interface {
	// Put creates or replaces the live record with r.ID, whatever its
	// revision, at the stored revision + 1 (1 for a new record). A record
	// with that id in the trash is purged: the live record wins.
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
	// Save is the autosave of the open design: in one transaction, it
	// checks that the live record is at revision r.Revision (no live
	// record counts as revision 0), writes r at r.Revision+1, drops a
	// trashed copy and marks it last opened, so that a reload never finds
	// the record without the marker or the marker without the record. It
	// returns the revision written. When the stored revision differs,
	// nothing is written and the error wraps ErrConflict: no save ever
	// overwrites a newer one.
	Save(ctx context.Context, r Record) (int64, error)
	// Flush is Save without the revision check, for the page being hidden
	// or closed: every request is issued before Flush first waits, so the
	// write lands even if the page is gone before it completes. Only the
	// tab that holds the design's writer lock flushes (see
	// docs/reliability.md), so no newer revision can be overwritten.
	// It writes every record given (each at its Revision+1), in one
	// transaction, and marks the last one last opened; one invalid record
	// and nothing is written. Calls still under way when Flush comes may
	// be rolled back and fail with ErrOvertaken (IDB: a browser completes,
	// after the page is gone, a transaction committed before, but not one
	// queued behind a transaction of the page still waiting for an
	// answer).
	Flush(ctx context.Context, recs ...Record) error
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
		return &scenario.LimitError{What: "design", Got: int64(len(r.Scenario)), Limit: MaxScenarioBytes}
	case r.Revision < 0:
		return fmt.Errorf("scenario revision %d is negative", r.Revision)
	case !utf8.ValidString(r.Scenario) || !utf8.ValidString(r.Name):
		return errors.New("scenario is not valid UTF-8 text")
	}
	return nil
}

func (r Record) summary() Summary {
	return Summary{ID: r.ID, Name: r.Name, Updated: r.Updated, Bytes: len(r.Scenario), Revision: r.Revision}
}

// writeMode is how a write treats the stored revision.
type writeMode uint8

const (
	writePut   writeMode = iota // unconditional, stored revision + 1
	writeSave                   // checked against r.Revision, then r.Revision + 1
	writeFlush                  // unchecked, r.Revision + 1
)

// revision returns the revision a write of r stores over a live record at
// revision stored (0: none), or the conflict that refuses a Save.
func (m writeMode) revision(r Record, stored int64) (int64, error) {
	switch m {
	case writeSave:
		if stored != r.Revision {
			return 0, fmt.Errorf("saving %q (based on revision %d, stored revision %d): %w", r.ID, r.Revision, stored, ErrConflict)
		}
		return r.Revision + 1, nil
	case writeFlush:
		return r.Revision + 1, nil
	}
	return stored + 1, nil
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

// OpenWait is why the browser's open of the store waits (OpenIDBWaiting,
// OpenDefault): the app runs without storage meanwhile.
type OpenWait uint8

const (
	// OpenBlocked: another connection to the database, at an older
	// version, stays open although the browser asked it to close (a page
	// that does not handle versionchange: a tab of an earlier build), so
	// the upgrade cannot start.
	OpenBlocked OpenWait = iota + 1
	// OpenSlow: no answer yet after openSlow, and no blocked event (an
	// open queued behind another page's upgrade that is itself blocked).
	OpenSlow
)
