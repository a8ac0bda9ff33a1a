package persist

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Memory is an in-memory Store. The zero value is ready to use and it is
// safe for concurrent use.
type Memory struct {
	// Now is the clock that stamps deleted records; nil means time.Now.
	// Set it before the first call.
	Now func() time.Time

	mu      sync.Mutex
	records map[string]Record
	trash   map[string]trashed
	last    string
}

// trashed is a record in the trash and when it was deleted.
type trashed struct {
	Record
	deleted time.Time
}

func (m *Memory) Put(ctx context.Context, r Record) error {
	_, err := m.write(ctx, r, writePut)
	return err
}

func (m *Memory) Save(ctx context.Context, r Record) (int64, error) {
	return m.write(ctx, r, writeSave)
}

func (m *Memory) Flush(ctx context.Context, recs ...Record) error {
	for _, r := range recs {
		if err := r.Validate(); err != nil {
			return err
		}
	}
	for _, r := range recs {
		if _, err := m.write(ctx, r, writeFlush); err != nil {
			return err
		}
	}
	return nil
}

// write is Put, Save and Flush (see writeMode).
func (m *Memory) write(ctx context.Context, r Record, mode writeMode) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if err := r.Validate(); err != nil {
		return 0, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.records == nil {
		m.records = map[string]Record{}
	}
	var stored int64
	if old, ok := m.records[r.ID]; ok {
		stored = old.Revision
	}
	rev, err := mode.revision(r, stored)
	if err != nil {
		return 0, err
	}
	r.Revision = rev
	m.records[r.ID] = r
	delete(m.trash, r.ID)
	if mode != writePut {
		m.last = r.ID
	}
	return rev, nil
}

func (m *Memory) Get(ctx context.Context, id string) (Record, error) {
	if err := ctx.Err(); err != nil {
		return Record{}, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.records[id]
	if !ok {
		return Record{}, fmt.Errorf("%q: %w", id, ErrNotFound)
	}
	return r, nil
}

func (m *Memory) List(ctx context.Context) ([]Summary, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]Summary, 0, len(m.records))
	for _, r := range m.records {
		out = append(out, r.summary())
	}
	sortSummaries(out)
	return out, nil
}

func (m *Memory) Delete(ctx context.Context, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.records[id]
	if !ok {
		return nil
	}
	if m.trash == nil {
		m.trash = map[string]trashed{}
	}
	delete(m.records, id)
	m.trash[id] = trashed{Record: r, deleted: deletionStamp(m.Now)}
	if m.last == id {
		m.last = ""
	}
	entries := make([]trashEntry, 0, len(m.trash))
	for _, t := range m.trash {
		entries = append(entries, trashEntry{id: t.ID, deleted: t.deleted})
	}
	for _, old := range overflow(entries, id) {
		delete(m.trash, old)
	}
	return nil
}

func (m *Memory) Trash(ctx context.Context) ([]Summary, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]Summary, 0, len(m.trash))
	for _, t := range m.trash {
		sum := t.summary()
		sum.Deleted = t.deleted
		out = append(out, sum)
	}
	sortTrash(out)
	return out, nil
}

func (m *Memory) Restore(ctx context.Context, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	t, ok := m.trash[id]
	if !ok {
		return fmt.Errorf("restoring %q from the trash: %w", id, ErrNotFound)
	}
	if _, live := m.records[id]; live {
		return fmt.Errorf("restoring %q from the trash: %w", id, ErrExists)
	}
	if m.records == nil {
		m.records = map[string]Record{}
	}
	m.records[id] = t.Record
	delete(m.trash, id)
	return nil
}

func (m *Memory) Purge(ctx context.Context, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.trash[id]; !ok {
		return fmt.Errorf("purging %q from the trash: %w", id, ErrNotFound)
	}
	delete(m.trash, id)
	return nil
}

func (m *Memory) SetLastOpened(ctx context.Context, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.last = id
	return nil
}

func (m *Memory) LastOpened(ctx context.Context) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.last, nil
}
