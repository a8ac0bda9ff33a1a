package persist

import (
	"context"
	"testing"
)

func TestMemoryStore(t *testing.T) { testStore(t, &Memory{}) }

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
}
