package persist

import (
	"context"
	"testing"
	"time"
)

func TestMemoryStore(t *testing.T) {
	m := &Memory{}
	testStore(t, m, hooks{
		setClock: func(now func() time.Time) { m.Now = now },
		writeLive: func(_ context.Context, r Record) error {
			m.mu.Lock()
			defer m.mu.Unlock()
			m.records[r.ID] = r
			return nil
		},
	})
}

func TestMemoryHonoursContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var m Memory
	if err := m.Put(ctx, Record{ID: "a", Name: "a", Scenario: "{}"}); err == nil {
		t.Error("Put with a cancelled context succeeded")
	}
	if _, err := m.List(ctx); err == nil {
		t.Error("List with a cancelled context succeeded")
	}
	if err := m.Put(context.Background(), Record{ID: "a", Name: "a", Scenario: "{}"}); err != nil {
		t.Fatal(err)
	}
	if err := m.Delete(ctx, "a"); err == nil {
		t.Error("Delete with a cancelled context succeeded")
	}
	if _, err := m.Get(context.Background(), "a"); err != nil {
		t.Errorf("Delete with a cancelled context deleted: %v", err)
	}
	if _, err := m.Trash(ctx); err == nil {
		t.Error("Trash with a cancelled context succeeded")
	}
	if err := m.Restore(ctx, "a"); err == nil {
		t.Error("Restore with a cancelled context succeeded")
	}
	if err := m.Purge(ctx, "a"); err == nil {
		t.Error("Purge with a cancelled context succeeded")
	}
}
