package diff

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"vnetplay/engine/scenario"
)

// FuzzDocumentChanges compares two arbitrary scenario documents: no
// panic, no error, a document against itself is no difference, and the
// diff backwards lists the same changes with added and removed swapped.
func FuzzDocumentChanges(f *testing.F) {
	files, _ := filepath.Glob("../../scenarios/*.json")
	var seeds [][]byte
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			seeds = append(seeds, b)
		}
	}
	for i := range seeds {
		f.Add(seeds[i], seeds[(i+1)%len(seeds)])
	}
	f.Add([]byte(`{"format":"vnetplay/scenario","version":1,"topology":{"vnets":[{"id":"a"},{"id":"a"},{"id":"a#2"}]}}`),
		[]byte(`{"format":"vnetplay/scenario","version":1,"topology":{"vnets":[{"id":"a","subnets":[{"name":"s"},{"name":"s"}]}]},"failures":{"x":[]}}`))
	f.Fuzz(func(t *testing.T, x, y []byte) {
		a, _, errA := scenario.Decode(x, scenario.Lenient)
		b, _, errB := scenario.Decode(y, scenario.Lenient)
		if errA != nil || errB != nil {
			return
		}
		same, err := DocumentChanges(a, a)
		if err != nil || !same.Empty() {
			t.Fatalf("a document against itself: %v %+v", err, same)
		}
		fwd, err := DocumentChanges(a, b)
		if err != nil {
			t.Fatal(err)
		}
		back, err := DocumentChanges(b, a)
		if err != nil {
			t.Fatal(err)
		}
		if len(fwd.Resources) != len(back.Resources) || len(fwd.Expectations) != len(back.Expectations) || len(fwd.FailureSets) != len(back.FailureSets) {
			t.Fatalf("not symmetric: %d/%d resources, %d/%d expectations", len(fwd.Resources), len(back.Resources), len(fwd.Expectations), len(back.Expectations))
		}
		swap := map[string]string{Added: Removed, Removed: Added, Changed: Changed}
		for i, r := range fwd.Resources {
			if o := back.Resources[i]; o.Kind != r.Kind || o.ID != r.ID || o.Change != swap[r.Change] || len(o.Properties) != len(r.Properties) {
				t.Fatalf("resource %d: %+v backwards is %+v", i, r, o)
			}
		}
		if err := Write(io.Discard, fwd, "a", "b"); err != nil {
			t.Fatal(err)
		}
	})
}
