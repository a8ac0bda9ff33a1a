package main

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestAssign: the tests are given out longest first to the shard with the
// least so far, a test missing from the durations counts as the default,
// a listed test that no longer exists is passed over, each shard keeps
// the listed order, and any number of shards works, more than there are
// tests too.
func TestAssign(t *testing.T) {
	secs := map[string]float64{"TestA": 60, "TestB": 50, "TestC": 40, "TestD": 30, "TestGone": 500}
	tests := []string{"TestD", "TestC", "TestNew", "TestB", "TestA"}
	for _, c := range []struct {
		n      int
		shards [][]string
		loads  []float64
	}{
		{1, [][]string{{"TestD", "TestC", "TestNew", "TestB", "TestA"}}, []float64{188}},
		// A 60 → 0, B 50 → 1, C 40 → 1 (50 < 60), D 30 → 0 (60 < 90), New 8 → 0 (90 = 90: the first).
		{2, [][]string{{"TestD", "TestNew", "TestA"}, {"TestC", "TestB"}}, []float64{98, 90}},
		// A → 0, B → 1, C → 2, D → 2 (40 the least), New → 1 (50).
		{3, [][]string{{"TestA"}, {"TestNew", "TestB"}, {"TestD", "TestC"}}, []float64{60, 58, 70}},
		{7, [][]string{{"TestA"}, {"TestB"}, {"TestC"}, {"TestD"}, {"TestNew"}, nil, nil}, []float64{60, 50, 40, 30, 8, 0, 0}},
	} {
		shards, loads := assign(tests, secs, 8, c.n)
		if !reflect.DeepEqual(shards, c.shards) || !reflect.DeepEqual(loads, c.loads) {
			t.Errorf("%d shards: %v (seconds %v), want %v (%v)", c.n, shards, loads, c.shards, c.loads)
		}
	}
}

// TestRun: the durations file (comments, blank lines, tabs or spaces) and
// go test -list's output (its final "ok" line) are read, and each shard's
// pattern printed on a line of its own, an empty shard's matching no test.
func TestRun(t *testing.T) {
	file := filepath.Join(t.TempDir(), "durations.tsv")
	os.WriteFile(file, []byte("# seconds\n\nTestSlow\t30\nTestMid   20.5\n"), 0o644)
	var out, log bytes.Buffer
	in := strings.NewReader("TestMid\nTestSlow\nTestFast\nok  \tvnetplay/app/e2e\t0.01s\n")
	if err := run(in, &out, &log, file, 3, 8); err != nil {
		t.Fatal(err)
	}
	if want := "^(TestSlow)$\n^(TestMid)$\n^(TestFast)$\n"; out.String() != want {
		t.Errorf("printed %q, want %q", out.String(), want)
	}
	out.Reset()
	if err := run(strings.NewReader("TestMid\n"), &out, &log, file, 2, 8); err != nil {
		t.Fatal(err)
	}
	if want := "^(TestMid)$\n^()$\n"; out.String() != want {
		t.Errorf("printed %q, want %q", out.String(), want)
	}
	os.WriteFile(file, []byte("TestSlow thirty\n"), 0o644)
	if err := run(strings.NewReader("TestSlow\n"), &out, &log, file, 2, 8); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("a line without seconds: error %v", err)
	}
}
