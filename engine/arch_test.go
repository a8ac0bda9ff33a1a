//go:build !js

package engine_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestEngineImportsArePure enforces the engine's contract (design-notes §1.7):
// no package under engine/ may depend on the browser, the UI framework, the
// network server or IndexedDB, so the same code runs natively, in the CLI and
// in the wasm.
func TestEngineImportsArePure(t *testing.T) {
	forbidden := []string{
		"syscall/js",
		"net/http",
		"github.com/maxence-charriere/go-app",
		"github.com/hack-pad/go-indexeddb",
		"github.com/hack-pad/safejs",
	}
	for _, goos := range []string{"linux", "js"} {
		// Every non-standard package in the closure (ours and third-party)
		// with its direct imports. The standard library itself uses
		// syscall/js under GOOS=js; that is the runtime, not our code.
		cmd := exec.Command("go", "list", "-deps", "-f",
			`{{if not .Standard}}{{.ImportPath}}{{range .Imports}} {{.}}{{end}}{{"\n"}}{{end}}`, "./...")
		cmd.Env = append(cmd.Environ(), "GOOS="+goos)
		if goos == "js" {
			cmd.Env = append(cmd.Env, "GOARCH=wasm")
		}
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go list (GOOS=%s): %v\n%s", goos, err, out)
		}
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		if len(lines) < 2 {
			t.Fatalf("go list returned %d packages; the test would check nothing", len(lines))
		}
		for _, line := range lines {
			f := strings.Fields(line)
			for _, imp := range f[1:] {
				for _, bad := range forbidden {
					if imp == bad || strings.HasPrefix(imp, bad+"/") {
						t.Errorf("GOOS=%s: %s imports %s", goos, f[0], imp)
					}
				}
			}
		}
	}
}

// TestEngineStartsNoGoroutine: no code under engine/ (tests aside) starts a
// goroutine, so none of it can race with itself. make test-native relies on
// it: the engine's packages run without the race detector (ten times slower
// on their single-goroutine oracles, and nothing to find), while the app's
// packages, which do run the engine on goroutines, run under it.
func TestEngineStartsNoGoroutine(t *testing.T) {
	files := 0
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != "." && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
		if err != nil {
			return fmt.Errorf("parsing %s: %w", path, err)
		}
		files++
		ast.Inspect(f, func(n ast.Node) bool {
			if g, ok := n.(*ast.GoStmt); ok {
				t.Errorf("engine/%s starts a goroutine (at byte %d): run engine/... under the race detector in the Makefile (ENGINE_PKGS) first", path, g.Go)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 50 {
		t.Fatalf("read %d files under engine/; the test would check nothing", files)
	}
}
