//go:build js && wasm

package persist

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"syscall/js"
	"time"

	"github.com/hack-pad/go-indexeddb/idb"
)

// IndexedDB object stores and the database schema version. The schema
// version is IndexedDB's own (object stores), separate from the scenario
// file's version.
//
//	version 1: scenarios {id, name, scenario, updated} by id; meta {key, value} by key
//	version 2: trash {id, name, scenario, updated, deleted} by id, index "deleted"
const (
	storeScenarios = "scenarios"
	storeMeta      = "meta"
	storeTrash     = "trash"
	indexDeleted   = "deleted" // on trash: the deletion time, for the cap
	schemaVersion  = 2
	keyLastOpened  = "lastOpened"
)

// IDB is a Store in the browser's IndexedDB. Records are plain JS objects
// {id, name, scenario, updated, revision} (readable in DevTools; a record
// written before revisions has none and counts as revision 0); the scenario is the
// canonical JSON text. A record in the trash is the same object with
// deleted (Unix milliseconds) added, so that Restore puts back exactly what
// was there.
type IDB struct {
	// Now is the clock that stamps deleted records; nil means time.Now.
	// Set it before the first call.
	Now func() time.Time

	db *idb.Database

	// The connection's versionchange listener (besides go-indexeddb's,
	// which closes the connection): another tab opens the database at a
	// newer version, or deletes it.
	onVersionChange js.Func
	mu              sync.Mutex
	superseded      bool
	whenSuperseded  []func()
	// underWay holds this connection's transactions not yet finished (but
	// for a Flush's, committed as soon as issued); true once a Flush
	// rolled it back.
	underWay map[*idb.Transaction]bool
}

// OpenIDB opens (creating or upgrading) the database name.
func OpenIDB(ctx context.Context, name string) (*IDB, error) { return OpenIDBWaiting(ctx, name, nil) }

// openSlow is how long an open may take before it is reported as slow.
const openSlow = 2 * time.Second

// OpenIDBWaiting is OpenIDB, telling waiting (from another goroutine; at
// most once for each kind) when the open waits: the browser said it is
// blocked, or openSlow passed without an answer. The open itself goes on
// and returns once the browser answers, when whatever blocked it is gone.
// go-indexeddb does not expose the request's blocked event: the factory
// it is given opens the request itself, and listens for it.
func OpenIDBWaiting(ctx context.Context, name string, waiting func(OpenWait)) (*IDB, error) {
	factory := js.Global().Get("indexedDB")
	if !factory.Truthy() {
		return nil, errors.New("this browser offers no IndexedDB")
	}
	var (
		mu   sync.Mutex
		told = map[OpenWait]bool{}
		done bool
	)
	tell := func(why OpenWait) {
		mu.Lock()
		first := !done && !told[why]
		told[why] = true
		mu.Unlock()
		if first && waiting != nil {
			waiting(why)
		}
	}
	var req js.Value
	blocked := js.FuncOf(func(js.Value, []js.Value) any {
		go tell(OpenBlocked)
		return nil
	})
	open := js.FuncOf(func(_ js.Value, args []js.Value) any {
		vals := make([]any, len(args))
		for i, a := range args {
			vals[i] = a
		}
		req = factory.Call("open", vals...)
		req.Call("addEventListener", "blocked", blocked)
		return req
	})
	proxy := js.Global().Get("Object").New()
	proxy.Set("open", open)
	defer func() {
		mu.Lock()
		done = true
		mu.Unlock()
		if !req.IsUndefined() {
			req.Call("removeEventListener", "blocked", blocked)
		}
		blocked.Release()
		open.Release()
	}()
	f, err := idb.WrapFactory(proxy)
	if err != nil {
		return nil, fmt.Errorf("opening IndexedDB %q: %w", name, err)
	}
	r, err := f.Open(ctx, name, schemaVersion, upgrade)
	if err != nil {
		return nil, fmt.Errorf("opening IndexedDB %q: %w", name, err)
	}
	slow := time.AfterFunc(openSlow, func() { tell(OpenSlow) })
	defer slow.Stop()
	db, err := r.Await(ctx)
	if errors.Is(err, idb.NewDOMException("VersionError")) {
		// The database is at a newer version than this build's: a newer
		// vnetplay opened it (this tab is of an earlier build).
		return nil, fmt.Errorf("opening IndexedDB %q at version %d: %w", name, schemaVersion, ErrSuperseded)
	}
	if err != nil {
		return nil, fmt.Errorf("opening IndexedDB %q: %w", name, err)
	}
	s := &IDB{db: db, underWay: map[*idb.Transaction]bool{}}
	s.watch(req.Get("result"))
	return s, nil
}

// watch listens for the connection's versionchange event: another tab
// opens the database at a newer version (a newer vnetplay), and
// go-indexeddb's own listener closes the connection so that the upgrade
// can go on. From then on every call fails with ErrSuperseded, and
// OnSuperseded's functions are told. (A deletion of the database from
// another page, newVersion null, closes it the same way.)
func (s *IDB) watch(conn js.Value) {
	if conn.IsUndefined() || conn.IsNull() {
		return
	}
	s.onVersionChange = js.FuncOf(func(js.Value, []js.Value) any {
		s.supersede()
		return nil
	})
	conn.Call("addEventListener", "versionchange", s.onVersionChange)
}

// supersede records that the connection was closed for another tab's
// newer version, and tells OnSuperseded's functions (once).
func (s *IDB) supersede() {
	s.mu.Lock()
	first := !s.superseded
	s.superseded = true
	tell := s.whenSuperseded
	s.whenSuperseded = nil
	s.mu.Unlock()
	if first {
		for _, f := range tell {
			go f()
		}
	}
}

// OnSuperseded calls f (from another goroutine) when another tab opens the
// database at a newer version and the browser closes this connection; at
// once if that happened already.
func (s *IDB) OnSuperseded(f func()) {
	s.mu.Lock()
	done := s.superseded
	if !done {
		s.whenSuperseded = append(s.whenSuperseded, f)
	}
	s.mu.Unlock()
	if done {
		go f()
	}
}

// isSuperseded reports whether the connection was closed for a newer
// version.
func (s *IDB) isSuperseded() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.superseded
}

// upgrade brings a database to schemaVersion, in the browser's
// versionchange transaction: all steps happen or none. It creates each
// object store that is missing, whatever the old version says: a database
// may exist at a version without the stores of that version (opened
// without a version by another page or a tool, which creates it empty).
// Steps only add stores and indexes, so the records of older versions stay
// as they are.
func upgrade(db *idb.Database, _, _ uint) error {
	names, err := db.ObjectStoreNames()
	if err != nil {
		return err
	}
	has := func(n string) bool { return slices.Contains(names, n) }
	if !has(storeScenarios) {
		if _, err := db.CreateObjectStore(storeScenarios, idb.ObjectStoreOptions{KeyPath: js.ValueOf("id")}); err != nil {
			return err
		}
	}
	if !has(storeMeta) {
		if _, err := db.CreateObjectStore(storeMeta, idb.ObjectStoreOptions{KeyPath: js.ValueOf("key")}); err != nil {
			return err
		}
	}
	if !has(storeTrash) {
		trash, err := db.CreateObjectStore(storeTrash, idb.ObjectStoreOptions{KeyPath: js.ValueOf("id")})
		if err != nil {
			return err
		}
		if _, err := trash.CreateIndex(indexDeleted, js.ValueOf("deleted"), idb.IndexOptions{}); err != nil {
			return err
		}
	}
	return nil
}

// Close closes the database. (The versionchange listener stays: a closed
// connection fires no more events.)
func (s *IDB) Close() error { return s.db.Close() }

// txn opens a transaction on the named object stores. Writes ask for strict
// durability: the browser reports them done only once they are on disk, so
// an autosave survives the browser being killed right after it.
// Once another tab opened the database at a newer version (and the
// connection was closed for it), it fails with ErrSuperseded instead of
// the browser's "connection is closing".
func (s *IDB) txn(mode idb.TransactionMode, name string, more ...string) (*idb.Transaction, error) {
	if s.isSuperseded() {
		return nil, ErrSuperseded
	}
	opts := idb.TransactionOptions{Mode: mode}
	if mode == idb.TransactionReadWrite {
		opts.Durability = idb.DurabilityStrict
	}
	txn, err := s.db.TransactionWithOptions(opts, name, more...)
	if err != nil && s.isSuperseded() {
		return nil, ErrSuperseded
	}
	return txn, err
}

// begin is txn, for a call that waits for answers before it is done: the
// transaction is under way until end, and a Flush meanwhile rolls it back
// (overtake).
func (s *IDB) begin(mode idb.TransactionMode, name string, more ...string) (*idb.Transaction, error) {
	txn, err := s.txn(mode, name, more...)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.underWay[txn] = false
	s.mu.Unlock()
	return txn, nil
}

// end: the call of txn (begin) is done, with err; an error of a
// transaction that a Flush rolled back is ErrOvertaken.
func (s *IDB) end(txn *idb.Transaction, err error) error {
	s.mu.Lock()
	overtaken := s.underWay[txn]
	delete(s.underWay, txn)
	s.mu.Unlock()
	if err != nil && overtaken {
		return fmt.Errorf("%w (%v)", ErrOvertaken, err)
	}
	return err
}

// overtake rolls back every transaction under way, for a Flush: the
// browser runs a transaction on the same object stores only after those
// created before it have finished, and a page being closed gets no more
// answers, so one still waiting for a read would hold the flush back
// until the page is gone, and both would be lost. Measured in Chromium
// (TestDurableCloseWhileASaveIsUnderWay): a flush queued behind an
// autosave whose read was under way was lost in 8 of 46 closes and
// reloads.
func (s *IDB) overtake() {
	s.mu.Lock()
	var txns []*idb.Transaction
	for txn, done := range s.underWay {
		if !done {
			s.underWay[txn] = true
			txns = append(txns, txn)
		}
	}
	s.mu.Unlock()
	for _, txn := range txns {
		_ = txn.Abort() // fails only when it has finished or is committing: nothing to roll back
	}
}

// store begins a transaction on one object store.
func (s *IDB) store(mode idb.TransactionMode, name string) (*idb.Transaction, *idb.ObjectStore, error) {
	txn, err := s.begin(mode, name)
	if err != nil {
		return nil, nil, err
	}
	os, err := txn.ObjectStore(name)
	if err != nil {
		return nil, nil, s.end(txn, err)
	}
	return txn, os, nil
}

// stores returns a transaction's object stores, in the order of names.
func stores(txn *idb.Transaction, names ...string) ([]*idb.ObjectStore, error) {
	out := make([]*idb.ObjectStore, len(names))
	for i, n := range names {
		os, err := txn.ObjectStore(n)
		if err != nil {
			return nil, err
		}
		out[i] = os
	}
	return out, nil
}

// get reads the value under key in an object store of a transaction
// (undefined when there is none). A cancelled ctx is an error: the library
// then returns neither a result nor an error.
func get(ctx context.Context, os *idb.ObjectStore, key string) (js.Value, error) {
	req, err := os.Get(js.ValueOf(key))
	if err != nil {
		return js.Undefined(), err
	}
	v, err := req.Await(ctx)
	if err == nil {
		err = ctx.Err()
	}
	return v, err
}

// has reports whether an object store of a transaction holds key, without
// reading the value.
func has(ctx context.Context, os *idb.ObjectStore, key string) (bool, error) {
	req, err := os.CountKey(js.ValueOf(key))
	if err != nil {
		return false, err
	}
	n, err := req.Await(ctx)
	if err == nil {
		err = ctx.Err()
	}
	return n > 0, err
}

// abort rolls back a read-write transaction that failed half way, so that
// none of its writes land, and returns err.
func abort(txn *idb.Transaction, err error) error {
	_ = txn.Abort() // fails only when the browser already aborted it
	return err
}

func absent(v js.Value) bool { return v.IsUndefined() || v.IsNull() }

func (s *IDB) Put(ctx context.Context, r Record) error {
	_, err := s.write(ctx, r, writePut)
	return err
}

func (s *IDB) Save(ctx context.Context, r Record) (int64, error) { return s.write(ctx, r, writeSave) }

// Flush issues the writes and the last-opened marker without reading
// anything first, and commits the transaction explicitly, before it waits:
// Chromium completes such a transaction when the page is closed right
// after (a read first, whose answer comes back after the page is gone, is
// not reliably completed). It first rolls back this store's calls under
// way (overtake), so that the transaction is not queued behind them.
func (s *IDB) Flush(ctx context.Context, recs ...Record) error {
	for _, r := range recs {
		if err := r.Validate(); err != nil {
			return err
		}
	}
	if len(recs) == 0 {
		return nil
	}
	ids := make([]string, len(recs))
	for i, r := range recs {
		ids[i] = r.ID
	}
	s.overtake()
	txn, err := s.txn(idb.TransactionReadWrite, storeScenarios, storeTrash, storeMeta)
	if err != nil {
		return fmt.Errorf("saving %q: %w", ids, err)
	}
	for _, r := range recs {
		if _, err = s.writeIn(ctx, txn, r, writeFlush); err != nil {
			break
		}
	}
	if err == nil {
		_ = txn.Commit() // absent in old browsers: the transaction then commits on its own
	}
	if err := finish(ctx, txn, err); err != nil {
		return fmt.Errorf("saving %q: %w", ids, err)
	}
	return nil
}

// write is Put and Save (see writeMode), in one read-write transaction
// over the scenarios and the trash (and meta, but for Put).
func (s *IDB) write(ctx context.Context, r Record, mode writeMode) (int64, error) {
	if err := r.Validate(); err != nil {
		return 0, err
	}
	names := []string{storeScenarios, storeTrash}
	if mode != writePut {
		names = append(names, storeMeta)
	}
	txn, err := s.begin(idb.TransactionReadWrite, names[0], names[1:]...)
	if err != nil {
		return 0, fmt.Errorf("saving %q: %w", r.ID, err)
	}
	rev, err := s.writeIn(ctx, txn, r, mode)
	if err := s.end(txn, finish(ctx, txn, err)); err != nil {
		return 0, fmt.Errorf("saving %q: %w", r.ID, err)
	}
	return rev, nil
}

// finish waits for a read-write transaction to complete, or, when its
// requests failed with err, rolls it back and returns err.
func finish(ctx context.Context, txn *idb.Transaction, err error) error {
	if err != nil {
		return abort(txn, err)
	}
	return txn.Await(ctx)
}

// writeIn writes r in txn at the revision mode gives, drops its trashed
// copy and, but for Put, marks it last opened.
func (s *IDB) writeIn(ctx context.Context, txn *idb.Transaction, r Record, mode writeMode) (int64, error) {
	os, err := stores(txn, storeScenarios, storeTrash)
	if err != nil {
		return 0, err
	}
	var stored int64
	if mode != writeFlush {
		v, err := get(ctx, os[0], r.ID)
		if err != nil {
			return 0, err
		}
		stored = revisionOf(v)
	}
	rev, err := mode.revision(r, stored)
	if err != nil {
		return 0, err
	}
	v := js.Global().Get("Object").New()
	v.Set("id", r.ID)
	v.Set("name", r.Name)
	v.Set("scenario", r.Scenario)
	v.Set("updated", r.Updated.UTC().UnixMilli())
	v.Set("revision", rev)
	if _, err := os[0].Put(v); err != nil {
		return 0, err
	}
	if _, err := os[1].Delete(js.ValueOf(r.ID)); err != nil {
		return 0, err
	}
	if mode != writePut {
		meta, err := txn.ObjectStore(storeMeta)
		if err != nil {
			return 0, err
		}
		if _, err := meta.Put(lastOpenedValue(r.ID)); err != nil {
			return 0, err
		}
	}
	return rev, nil
}

// revisionOf is a stored object's revision: 0 when there is none (no
// record, or one written before revisions).
func revisionOf(v js.Value) int64 {
	if absent(v) || v.Get("revision").Type() != js.TypeNumber {
		return 0
	}
	return int64(v.Get("revision").Float())
}

func lastOpenedValue(id string) js.Value {
	v := js.Global().Get("Object").New()
	v.Set("key", keyLastOpened)
	v.Set("value", id)
	return v
}

func (s *IDB) Get(ctx context.Context, id string) (Record, error) {
	txn, os, err := s.store(idb.TransactionReadOnly, storeScenarios)
	if err != nil {
		return Record{}, fmt.Errorf("reading %q: %w", id, err)
	}
	v, err := get(ctx, os, id)
	if err = s.end(txn, err); err != nil {
		return Record{}, fmt.Errorf("reading %q: %w", id, err)
	}
	if absent(v) {
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
	r.Revision = revisionOf(v)
	return r, nil
}

// summaries reads every vnetplay record of an object store; a foreign
// record (another shape) is skipped, not fatal. For the trash, Deleted is
// set from the record's deletion time.
func (s *IDB) summaries(ctx context.Context, name string) (_ []Summary, err error) {
	txn, os, err := s.store(idb.TransactionReadOnly, name)
	if err != nil {
		return nil, err
	}
	defer func() { err = s.end(txn, err) }()
	cur, err := os.OpenCursor(idb.CursorNext)
	if err != nil {
		return nil, err
	}
	var out []Summary
	err = cur.Iter(ctx, func(c *idb.CursorWithValue) error {
		v, err := c.Value()
		if err != nil {
			return err
		}
		r, err := recordOf(v)
		if err != nil {
			return nil
		}
		sum := r.summary()
		if name == storeTrash {
			d := v.Get("deleted")
			if d.Type() != js.TypeNumber {
				return nil
			}
			sum.Deleted = time.UnixMilli(int64(d.Float())).UTC()
		}
		out = append(out, sum)
		return nil
	})
	if err == nil {
		err = ctx.Err()
	}
	return out, err
}

func (s *IDB) List(ctx context.Context) ([]Summary, error) {
	out, err := s.summaries(ctx, storeScenarios)
	if err != nil {
		return nil, fmt.Errorf("listing scenarios: %w", err)
	}
	sortSummaries(out)
	return out, nil
}

func (s *IDB) Trash(ctx context.Context) ([]Summary, error) {
	out, err := s.summaries(ctx, storeTrash)
	if err != nil {
		return nil, fmt.Errorf("listing the trash: %w", err)
	}
	sortTrash(out)
	return out, nil
}

// Delete moves the record to the trash in one read-write transaction over
// scenarios, trash and meta: the trashed copy, the removal of the live one,
// the clearing of lastOpened and the purge past MaxTrash are committed
// together or not at all.
func (s *IDB) Delete(ctx context.Context, id string) error {
	txn, err := s.begin(idb.TransactionReadWrite, storeScenarios, storeTrash, storeMeta)
	if err != nil {
		return fmt.Errorf("deleting %q: %w", id, err)
	}
	if err := s.end(txn, finish(ctx, txn, s.deleteIn(ctx, txn, id))); err != nil {
		return fmt.Errorf("deleting %q: %w", id, err)
	}
	return nil
}

func (s *IDB) deleteIn(ctx context.Context, txn *idb.Transaction, id string) error {
	os, err := stores(txn, storeScenarios, storeTrash, storeMeta)
	if err != nil {
		return err
	}
	scenarios, trash, meta := os[0], os[1], os[2]
	key := js.ValueOf(id)
	v, err := get(ctx, scenarios, id)
	if err != nil || absent(v) {
		return err
	}
	// The live object itself goes to the trash, whatever its fields, so
	// that Restore gives back exactly this object.
	v.Set("deleted", deletionStamp(s.Now).UnixMilli())
	if _, err := trash.Put(v); err != nil {
		return err
	}
	if _, err := scenarios.Delete(key); err != nil {
		return err
	}
	last, err := get(ctx, meta, keyLastOpened)
	if err != nil {
		return err
	}
	if !absent(last) && last.Get("value").Type() == js.TypeString && last.Get("value").String() == id {
		if _, err := meta.Delete(js.ValueOf(keyLastOpened)); err != nil {
			return err
		}
	}
	// The cap reads keys only (deletion time, id) through the index, not
	// the scenario texts.
	index, err := trash.Index(indexDeleted)
	if err != nil {
		return err
	}
	cur, err := index.OpenKeyCursor(idb.CursorNext)
	if err != nil {
		return err
	}
	var entries []trashEntry
	err = cur.Iter(ctx, func(c *idb.Cursor) error {
		k, err := c.Key()
		if err != nil {
			return err
		}
		pk, err := c.PrimaryKey()
		if err != nil {
			return err
		}
		if k.Type() == js.TypeNumber && pk.Type() == js.TypeString {
			entries = append(entries, trashEntry{id: pk.String(), deleted: time.UnixMilli(int64(k.Float())).UTC()})
		}
		return nil
	})
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		return err
	}
	for _, old := range overflow(entries, id) {
		if _, err := trash.Delete(js.ValueOf(old)); err != nil {
			return err
		}
	}
	return nil
}

// Restore moves the trashed object back in one read-write transaction over
// scenarios and trash; with a live record under the id it writes nothing.
func (s *IDB) Restore(ctx context.Context, id string) error {
	txn, err := s.begin(idb.TransactionReadWrite, storeScenarios, storeTrash)
	if err != nil {
		return fmt.Errorf("restoring %q from the trash: %w", id, err)
	}
	if err := s.end(txn, finish(ctx, txn, restoreIn(ctx, txn, id))); err != nil {
		return fmt.Errorf("restoring %q from the trash: %w", id, err)
	}
	return nil
}

func restoreIn(ctx context.Context, txn *idb.Transaction, id string) error {
	os, err := stores(txn, storeScenarios, storeTrash)
	if err != nil {
		return err
	}
	scenarios, trash := os[0], os[1]
	key := js.ValueOf(id)
	v, err := get(ctx, trash, id)
	if err != nil {
		return err
	}
	if absent(v) {
		return ErrNotFound
	}
	live, err := has(ctx, scenarios, id)
	if err != nil {
		return err
	}
	if live {
		return ErrExists
	}
	v.Delete("deleted")
	if _, err := scenarios.Put(v); err != nil {
		return err
	}
	_, err = trash.Delete(key)
	return err
}

func (s *IDB) Purge(ctx context.Context, id string) error {
	txn, trash, err := s.store(idb.TransactionReadWrite, storeTrash)
	if err != nil {
		return fmt.Errorf("purging %q from the trash: %w", id, err)
	}
	key := js.ValueOf(id)
	there, err := has(ctx, trash, id)
	if err == nil && !there {
		err = ErrNotFound
	}
	if err == nil {
		_, err = trash.Delete(key)
	}
	if err := s.end(txn, finish(ctx, txn, err)); err != nil {
		return fmt.Errorf("purging %q from the trash: %w", id, err)
	}
	return nil
}

func (s *IDB) SetLastOpened(ctx context.Context, id string) error {
	txn, os, err := s.store(idb.TransactionReadWrite, storeMeta)
	if err != nil {
		return fmt.Errorf("marking %q last opened: %w", id, err)
	}
	_, err = os.Put(lastOpenedValue(id))
	if err := s.end(txn, finish(ctx, txn, err)); err != nil {
		return fmt.Errorf("marking %q last opened: %w", id, err)
	}
	return nil
}

func (s *IDB) LastOpened(ctx context.Context) (string, error) {
	txn, os, err := s.store(idb.TransactionReadOnly, storeMeta)
	if err != nil {
		return "", fmt.Errorf("reading the last opened scenario: %w", err)
	}
	v, err := get(ctx, os, keyLastOpened)
	if err = s.end(txn, err); err != nil {
		return "", fmt.Errorf("reading the last opened scenario: %w", err)
	}
	if absent(v) || v.Get("value").Type() != js.TypeString {
		return "", nil
	}
	return v.Get("value").String(), nil
}
