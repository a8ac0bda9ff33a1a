package workspace

import (
	"testing"

	"vnetplay/app/store"
)

// TestToolStateAnswer checks the live tools' cache: an answer is computed
// once per snapshot and question, again when either changes.
func TestToolStateAnswer(t *testing.T) {
	var ts toolState[Resolve, int]
	calls := 0
	ask := func(*store.Snapshot, Resolve) int { calls++; return calls }
	s1, s2 := &store.Snapshot{}, &store.Snapshot{}
	q1, q2 := Resolve{From: "vm1", Name: "a"}, Resolve{From: "vm1", Name: "b"}
	for i, step := range []struct {
		snap *store.Snapshot
		q    Resolve
		want int
	}{
		{s1, q1, 1}, // first ask
		{s1, q1, 1}, // kept
		{s1, q2, 2}, // another question
		{s2, q2, 3}, // another snapshot
		{s2, q2, 3}, // kept
		{s1, q2, 4}, // only the last answer is kept
	} {
		if got := ts.answer(step.snap, step.q, ask); got != step.want {
			t.Errorf("step %d: answer %d, want %d", i, got, step.want)
		}
	}
}

// TestSetToolField checks a Set action's body: the default source is kept
// when the user had not chosen one, the field named is set trimmed, and an
// unknown field (nil) changes nothing else.
func TestSetToolField(t *testing.T) {
	for _, tc := range []struct {
		name  string
		q     Resolve
		def   string
		field ResolveField
		value string
		want  Resolve
	}{
		{"name first keeps the default source", Resolve{}, "vm1", ResolveName, " db.contoso.com ", Resolve{From: "vm1", Name: "db.contoso.com"}},
		{"a chosen source stays", Resolve{From: "vm2"}, "vm1", ResolveName, "x", Resolve{From: "vm2", Name: "x"}},
		{"the source itself", Resolve{}, "vm1", ResolveFrom, "vm3", Resolve{From: "vm3"}},
		{"unknown field", Resolve{Name: "x"}, "vm1", "nope", "y", Resolve{From: "vm1", Name: "x"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := tc.q
			setToolField(&q.From, tc.def, q.field(tc.field), tc.value)
			if q != tc.want {
				t.Errorf("got %+v, want %+v", q, tc.want)
			}
		})
	}
}
