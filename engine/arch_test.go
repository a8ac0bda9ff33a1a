//go:build !js

package engine_test

import (
	"os/exec"
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
		cmd := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", "./...")
		cmd.Env = append(cmd.Environ(), "GOOS="+goos)
		if goos == "js" {
			cmd.Env = append(cmd.Env, "GOARCH=wasm")
		}
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go list (GOOS=%s): %v\n%s", goos, err, out)
		}
		deps := strings.Fields(string(out))
		if len(deps) < 2 {
			t.Fatalf("go list returned %d packages; the test would check nothing", len(deps))
		}
		for _, dep := range deps {
			for _, bad := range forbidden {
				if dep == bad || strings.HasPrefix(dep, bad+"/") {
					t.Errorf("GOOS=%s: engine depends on %s", goos, dep)
				}
			}
		}
	}
}
