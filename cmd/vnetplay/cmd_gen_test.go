package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestGenCommand(t *testing.T) {
	for _, args := range [][]string{
		{"gen", "hubspoke", "-n", "4", "-p", "20", "-seed", "3"},
		{"gen", "mesh", "-n", "5"},
		{"gen", "multihub", "-n", "2", "-p", "10"},
		{"gen", "noshare", "-n", "3", "-u", "30"},
	} {
		code, out, errs := runCLI(t, args...)
		if code != 0 || !strings.Contains(out, `"format": "vnetplay/scenario"`) {
			t.Fatalf("%v: code %d\n%s", args, code, errs)
		}
		// Deterministic per seed, and canonical (fmt leaves it unchanged).
		if _, again, _ := runCLI(t, args...); again != out {
			t.Errorf("%v: two runs differ", args)
		}
		file := filepath.Join(t.TempDir(), "gen.json")
		if err := os.WriteFile(file, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
		if code, formatted, _ := runCLI(t, "fmt", file); code != 0 || formatted != out {
			t.Errorf("%v: output is not canonical", args)
		}
		if code, lint, _ := runCLI(t, "lint", file); code != 0 {
			t.Errorf("%v: lint exit %d:\n%s", args, code, lint)
		}
	}
	if _, a, _ := runCLI(t, "gen", "hubspoke", "-n", "3", "-p", "20", "-seed", "1"); a == "" {
		t.Fatal("no output")
	} else if _, b, _ := runCLI(t, "gen", "hubspoke", "-n", "3", "-p", "20", "-seed", "2"); a == b {
		t.Error("seeds 1 and 2 give the same design")
	}
	if code, _, _ := runCLI(t, "gen", "ring"); code != 2 {
		t.Errorf("unknown kind: exit %d, want 2", code)
	}
	if code, _, _ := runCLI(t, "gen"); code != 2 {
		t.Errorf("no kind: exit %d, want 2", code)
	}
}
