package persist

import (
	"context"
	"fmt"
	"sync"
)

// Memory is an in-memory Store. The zero value is ready to use and it is
// safe for concurrent use.
type Memory struct {
	mu      sync.Mutex
	records map[string]Record
	last    string
}

func (m *Memory) Put(ctx context.Context, r Record) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := r.Validate(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.records == nil {
		m.records = map[string]Record{}
	}
	m.records[r.ID] = r
	return nil
}

func (m *Memory) Save(ctx context.Context, r Record) error {
	if err := m.Put(ctx, r); err != nil {
		return err
	}
	return m.SetLastOpened(ctx, r.ID)
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
	delete(m.records, id)
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
