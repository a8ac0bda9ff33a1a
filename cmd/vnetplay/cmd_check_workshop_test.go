package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckWorkshop: `vnetplay check` fails (exit 1, "not complete") on
// every built-in challenge a student opens and passes on its solution.
func TestCheckWorkshop(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "scenarios", "workshop", "[0-9][0-9]-*.json"))
	if err != nil {
		t.Fatal(err)
	}
	starts := 0
	for _, f := range files {
		solution := strings.HasSuffix(f, ".solution.json")
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), []string{"check", f}, &stdout, &stderr)
		switch {
		case solution && code != 0:
			t.Errorf("%s: exit %d, want 0\n%s%s", filepath.Base(f), code, stdout.String(), stderr.String())
		case !solution && (code != 1 || !strings.Contains(stdout.String()+stderr.String(), "not complete")):
			t.Errorf("%s: exit %d, want 1 with the challenge not complete\n%s%s", filepath.Base(f), code, stdout.String(), stderr.String())
		}
		if !solution {
			starts++
		}
	}
	if starts < 10 {
		t.Errorf("%d challenges, want at least 10", starts)
	}
}
