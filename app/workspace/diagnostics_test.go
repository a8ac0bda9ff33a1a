package workspace

import (
	"fmt"
	"slices"
	"testing"

	"vnetplay/engine/model"
)

// TestListDiagnostics: a list that fits is shown whole, in its order; a
// longer one shows DiagnosticsListLimit findings, the errors first (each
// severity in path order), and counts the rest by severity.
func TestListDiagnostics(t *testing.T) {
	mk := func(n int, sev model.Severity, tag string) []model.Diagnostic {
		var out []model.Diagnostic
		for i := range n {
			out = append(out, model.Diagnostic{Severity: sev, Code: tag, Path: fmt.Sprintf("%s[%04d]", tag, i)})
		}
		return out
	}
	few := slices.Concat(mk(3, model.Warning, "a"), mk(2, model.Error, "b"))
	if l := ListDiagnostics(few); !slices.Equal(l.Shown, few) || l.LeftOut() != 0 || l.CutText(len(few)) != "" {
		t.Fatalf("a short list: %+v", l)
	}
	// By path: notes, then warnings, then errors, so that errors come last
	// unless the list puts them first.
	many := slices.Concat(mk(150, model.Info, "a"), mk(120, model.Warning, "b"), mk(90, model.Error, "c"))
	l := ListDiagnostics(many)
	if len(l.Shown) != DiagnosticsListLimit {
		t.Fatalf("%d shown, want %d", len(l.Shown), DiagnosticsListLimit)
	}
	want := slices.Concat(mk(90, model.Error, "c"), mk(110, model.Warning, "b"))
	if !slices.Equal(l.Shown, want) {
		t.Fatalf("shown %v…, want the 90 errors then 110 warnings", l.Shown[:3])
	}
	if l.Left[model.Warning] != 10 || l.Left[model.Info] != 150 || l.Left[model.Error] != 0 || l.LeftOut() != 160 {
		t.Fatalf("left %v", l.Left)
	}
	if got, want := l.CutText(len(many)), "360 findings: the first 200 are listed, errors first; 10 warnings, 150 notes are not. The CLI lists every one: vnetplay lint design.json."; got != want {
		t.Fatalf("cut text %q, want %q", got, want)
	}
}
