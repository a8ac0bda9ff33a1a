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

// ErrNotFound is returned by Get for an unknown id.
var ErrNotFound = errors.New("scenario not found")

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
}

// Store is a scenario store. Implementations are safe for use from one
// goroutine at a time per call site; every method honours ctx.
type Store interface {
	// Put creates or replaces the record with r.ID.
	Put(ctx context.Context, r Record) error
	// Get returns the record, or an error wrapping ErrNotFound.
	Get(ctx context.Context, id string) (Record, error)
	// List returns every record's summary, most recently updated first
	// (ties by id).
	List(ctx context.Context) ([]Summary, error)
	// Delete removes the record; deleting an unknown id is not an error.
	Delete(ctx context.Context, id string) error
	// Save is Put and SetLastOpened(r.ID) in one transaction: the autosave
	// of the open design, so that a reload never finds the record without
	// the marker or the marker without the record.
	Save(ctx context.Context, r Record) error
	// SetLastOpened and LastOpened remember which scenario to restore on
	// start; LastOpened returns "" when none was set.
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
