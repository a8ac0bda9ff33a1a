//go:build js && wasm

package persist

import (
	"context"
	"errors"
	"fmt"
	"syscall/js"
	"time"

	"github.com/hack-pad/go-indexeddb/idb"
)

// IndexedDB object stores and the database schema version. The schema
// version is IndexedDB's own (object stores), separate from the scenario
// file's version.
const (
	storeScenarios = "scenarios"
	storeMeta      = "meta"
	schemaVersion  = 1
	keyLastOpened  = "lastOpened"
)

// IDB is a Store in the browser's IndexedDB. Records are plain JS objects
// {id, name, scenario, updated} (readable in DevTools); the scenario is the
// canonical JSON text.
type IDB struct {
	db *idb.Database
}

// OpenIDB opens (creating or upgrading) the database name.
func OpenIDB(ctx context.Context, name string) (*IDB, error) {
	if !js.Global().Get("indexedDB").Truthy() {
		return nil, errors.New("this browser offers no IndexedDB")
	}
	req, err := idb.Global().Open(ctx, name, schemaVersion, func(db *idb.Database, oldVersion, newVersion uint) error {
		if oldVersion < 1 {
			if _, err := db.CreateObjectStore(storeScenarios, idb.ObjectStoreOptions{KeyPath: js.ValueOf("id")}); err != nil {
				return err
			}
			if _, err := db.CreateObjectStore(storeMeta, idb.ObjectStoreOptions{KeyPath: js.ValueOf("key")}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("opening IndexedDB %q: %w", name, err)
	}
	db, err := req.Await(ctx)
	if err != nil {
		return nil, fmt.Errorf("opening IndexedDB %q: %w", name, err)
	}
	return &IDB{db: db}, nil
}

// Close closes the database.
func (s *IDB) Close() error { return s.db.Close() }

// store opens a transaction on one object store. Writes ask for strict
// durability: the browser reports them done only once they are on disk, so
// an autosave survives the browser being killed right after it.
func (s *IDB) store(mode idb.TransactionMode, name string) (*idb.Transaction, *idb.ObjectStore, error) {
	opts := idb.TransactionOptions{Mode: mode}
	if mode == idb.TransactionReadWrite {
		opts.Durability = idb.DurabilityStrict
	}
	txn, err := s.db.TransactionWithOptions(opts, name)
	if err != nil {
		return nil, nil, err
	}
	os, err := txn.ObjectStore(name)
	return txn, os, err
}

func (s *IDB) Put(ctx context.Context, r Record) error { return s.put(ctx, r, false) }

func (s *IDB) Save(ctx context.Context, r Record) error { return s.put(ctx, r, true) }

func (s *IDB) put(ctx context.Context, r Record, markOpened bool) error {
	if err := r.Validate(); err != nil {
		return err
	}
	stores := []string{storeScenarios}
	if markOpened {
		stores = append(stores, storeMeta)
	}
	txn, err := s.db.TransactionWithOptions(idb.TransactionOptions{Mode: idb.TransactionReadWrite, Durability: idb.DurabilityStrict}, stores[0], stores[1:]...)
	if err != nil {
		return fmt.Errorf("saving %q: %w", r.ID, err)
	}
	scenarios, err := txn.ObjectStore(storeScenarios)
	if err != nil {
		return fmt.Errorf("saving %q: %w", r.ID, err)
	}
	v := js.Global().Get("Object").New()
	v.Set("id", r.ID)
	v.Set("name", r.Name)
	v.Set("scenario", r.Scenario)
	v.Set("updated", r.Updated.UTC().UnixMilli())
	if _, err := scenarios.Put(v); err != nil {
		return fmt.Errorf("saving %q: %w", r.ID, err)
	}
	if markOpened {
		meta, err := txn.ObjectStore(storeMeta)
		if err != nil {
			return fmt.Errorf("saving %q: %w", r.ID, err)
		}
		if _, err := meta.Put(lastOpenedValue(r.ID)); err != nil {
			return fmt.Errorf("saving %q: %w", r.ID, err)
		}
	}
	if err := txn.Await(ctx); err != nil {
		return fmt.Errorf("saving %q: %w", r.ID, err)
	}
	return nil
}

func lastOpenedValue(id string) js.Value {
	v := js.Global().Get("Object").New()
	v.Set("key", keyLastOpened)
	v.Set("value", id)
	return v
}

func (s *IDB) Get(ctx context.Context, id string) (Record, error) {
	_, os, err := s.store(idb.TransactionReadOnly, storeScenarios)
	if err != nil {
		return Record{}, fmt.Errorf("reading %q: %w", id, err)
	}
	req, err := os.Get(js.ValueOf(id))
	if err != nil {
		return Record{}, fmt.Errorf("reading %q: %w", id, err)
	}
	v, err := req.Await(ctx)
	if err != nil {
		return Record{}, fmt.Errorf("reading %q: %w", id, err)
	}
	if v.IsUndefined() || v.IsNull() {
		return Record{}, fmt.Errorf("%q: %w", id, ErrNotFound)
	}
	return recordOf(v)
}

func recordOf(v js.Value) (Record, error) {
	for _, k := range []string{"id", "name", "scenario"} {
		if v.Get(k).Type() != js.TypeString {
			return Record{}, fmt.Errorf("stored record has no text %q (not written by vnetplay?)", k)
		}
	}
	r := Record{ID: v.Get("id").String(), Name: v.Get("name").String(), Scenario: v.Get("scenario").String()}
	if u := v.Get("updated"); u.Type() == js.TypeNumber {
		r.Updated = time.UnixMilli(int64(u.Float())).UTC()
	}
	return r, nil
}

func (s *IDB) List(ctx context.Context) ([]Summary, error) {
	_, os, err := s.store(idb.TransactionReadOnly, storeScenarios)
	if err != nil {
		return nil, fmt.Errorf("listing scenarios: %w", err)
	}
	cur, err := os.OpenCursor(idb.CursorNext)
	if err != nil {
		return nil, fmt.Errorf("listing scenarios: %w", err)
	}
	var out []Summary
	err = cur.Iter(ctx, func(c *idb.CursorWithValue) error {
		v, err := c.Value()
		if err != nil {
			return err
		}
		r, err := recordOf(v)
		if err != nil {
			return nil // a foreign record is skipped, not fatal
		}
		out = append(out, r.summary())
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("listing scenarios: %w", err)
	}
	sortSummaries(out)
	return out, nil
}

func (s *IDB) Delete(ctx context.Context, id string) error {
	txn, os, err := s.store(idb.TransactionReadWrite, storeScenarios)
	if err != nil {
		return fmt.Errorf("deleting %q: %w", id, err)
	}
	if _, err := os.Delete(js.ValueOf(id)); err != nil {
		return fmt.Errorf("deleting %q: %w", id, err)
	}
	return txn.Await(ctx)
}

func (s *IDB) SetLastOpened(ctx context.Context, id string) error {
	txn, os, err := s.store(idb.TransactionReadWrite, storeMeta)
	if err != nil {
		return err
	}
	if _, err := os.Put(lastOpenedValue(id)); err != nil {
		return err
	}
	return txn.Await(ctx)
}

func (s *IDB) LastOpened(ctx context.Context) (string, error) {
	_, os, err := s.store(idb.TransactionReadOnly, storeMeta)
	if err != nil {
		return "", err
	}
	req, err := os.Get(js.ValueOf(keyLastOpened))
	if err != nil {
		return "", err
	}
	v, err := req.Await(ctx)
	if err != nil {
		return "", err
	}
	if v.IsUndefined() || v.IsNull() || v.Get("value").Type() != js.TypeString {
		return "", nil
	}
	return v.Get("value").String(), nil
}
