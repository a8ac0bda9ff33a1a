package idlegc

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// TestCollectsWhenQuietAndGrown: a collection is due only once the program
// has been quiet for the policy's time and has allocated at least its live
// heap since the last cycle; activity restarts the quiet, and a cycle (the
// runtime's own, or the one asked for) starts the growth again.
func TestCollectsWhenQuietAndGrown(t *testing.T) {
	p := Policy{Quiet: 300 * time.Millisecond, QuietBytes: 1000, Growth: 1, MinBytes: 10_000}
	t0 := time.Unix(0, 0)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	const mb = 1 << 20
	for _, tc := range []struct {
		name  string
		steps []Sample
		want  []bool
	}{
		{"an edit, then quiet: due after 300 ms of quiet",
			[]Sample{{at(0), 0, 20 * mb, 1}, {at(100), 30 * mb, 20 * mb, 1}, {at(200), 30 * mb, 20 * mb, 1}, {at(400), 30 * mb, 20 * mb, 1}},
			[]bool{false, false, false, true}},
		{"quiet but not grown by the live heap: never",
			[]Sample{{at(0), 0, 20 * mb, 1}, {at(100), 10 * mb, 20 * mb, 1}, {at(500), 10 * mb, 20 * mb, 1}, {at(900), 10 * mb, 20 * mb, 1}},
			[]bool{false, false, false, false}},
		{"busy all along: never",
			[]Sample{{at(0), 0, 20 * mb, 1}, {at(100), 30 * mb, 20 * mb, 1}, {at(200), 31 * mb, 20 * mb, 1}, {at(300), 32 * mb, 20 * mb, 1}, {at(400), 33 * mb, 20 * mb, 1}},
			[]bool{false, false, false, false, false}},
		{"a few bytes (a timer) do not break the quiet",
			[]Sample{{at(0), 0, 20 * mb, 1}, {at(100), 30 * mb, 20 * mb, 1}, {at(300), 30*mb + 500, 20 * mb, 1}, {at(400), 30*mb + 900, 20 * mb, 1}},
			[]bool{false, false, false, true}},
		{"the runtime's own cycle ran meanwhile: the growth starts again",
			[]Sample{{at(0), 0, 20 * mb, 1}, {at(100), 30 * mb, 20 * mb, 1}, {at(200), 30 * mb, 20 * mb, 2}, {at(600), 30 * mb, 20 * mb, 2}},
			[]bool{false, false, false, false}},
		{"a small heap: at least MinBytes",
			[]Sample{{at(0), 0, 1000, 1}, {at(100), 5000, 1000, 1}, {at(500), 5000, 1000, 1}, {at(600), 12000, 1000, 1}, {at(1000), 12000, 1000, 1}},
			[]bool{false, false, false, false, true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := New(p)
			for i, s := range tc.steps {
				if got := c.Observe(s); got != tc.want[i] {
					t.Errorf("sample %d (%+v): due %v, want %v", i, s, got, tc.want[i])
				}
			}
		})
	}

	// After the collection asked for, nothing is due until the heap grows again.
	c := New(p)
	c.Observe(Sample{at(0), 0, 20 * mb, 1})
	c.Observe(Sample{at(100), 30 * mb, 20 * mb, 1})
	if !c.Observe(Sample{at(500), 30 * mb, 20 * mb, 1}) {
		t.Fatal("not due")
	}
	c.Collected(Sample{at(520), 30 * mb, 20 * mb, 2})
	if c.Observe(Sample{at(900), 30 * mb, 20 * mb, 2}) || c.Collections() != 1 {
		t.Errorf("due again right after the collection (%d collections)", c.Collections())
	}
}

// TestRunCollectsAnIdleProgram: a program that allocated and then rests
// is collected by Run (the runtime's own collections turned off meanwhile,
// as a goal far above the heap would).
func TestRunCollectsAnIdleProgram(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	c := New(Policy{Quiet: 30 * time.Millisecond, QuietBytes: 64 << 10, Growth: 0.5, MinBytes: 1 << 20})
	defer Run(c, 5*time.Millisecond)()
	time.Sleep(50 * time.Millisecond) // its first sample: where growth counts from
	var keep [][]byte
	for range 64 {
		keep = append(keep, make([]byte, 64<<10))
	}
	runtime.KeepAlive(keep)
	keep = nil
	deadline := time.Now().Add(5 * time.Second)
	for c.Collections() == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if c.Collections() == 0 {
		t.Fatal("an idle program that allocated 4 MB was not collected in 5 s")
	}
}
