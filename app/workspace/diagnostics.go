package workspace

import (
	"fmt"
	"slices"
	"strings"

	"vnetplay/engine/model"
)

// DiagnosticsListLimit bounds the diagnostics the Checks tab lists: a
// design can have thousands of findings (an imported estate, a hostile
// file), and a page of thousands of rows is slow to draw and useless to
// read.
const DiagnosticsListLimit = 200

// DiagnosticsList is what the Checks tab lists of a design's diagnostics:
// all of them, in their order (by path), when they fit; otherwise the
// errors first, then the warnings, then the notes, each by path, up to
// DiagnosticsListLimit, with the counts of those left out.
type DiagnosticsList struct {
	Shown []model.Diagnostic
	// Left counts the diagnostics not shown, by severity.
	Left map[model.Severity]int
}

// LeftOut is the number of diagnostics not shown.
func (l DiagnosticsList) LeftOut() int {
	n := 0
	for _, c := range l.Left {
		n += c
	}
	return n
}

// ListDiagnostics is the Checks tab's list of ds (sorted by path).
func ListDiagnostics(ds []model.Diagnostic) DiagnosticsList {
	if len(ds) <= DiagnosticsListLimit {
		return DiagnosticsList{Shown: ds}
	}
	rank := func(d model.Diagnostic) int { return min(int(d.Severity), int(model.Info)) } // errors first
	sorted := slices.Clone(ds)
	slices.SortStableFunc(sorted, func(a, b model.Diagnostic) int { return rank(a) - rank(b) })
	l := DiagnosticsList{Shown: sorted[:DiagnosticsListLimit:DiagnosticsListLimit], Left: map[model.Severity]int{}}
	for _, d := range sorted[DiagnosticsListLimit:] {
		l.Left[d.Severity]++
	}
	return l
}

// CutText says how the list of total diagnostics was cut ("" when it
// was not).
func (l DiagnosticsList) CutText(total int) string {
	if l.LeftOut() == 0 {
		return ""
	}
	var left []string
	for _, c := range []struct {
		sev       model.Severity
		one, many string
	}{{model.Error, "error", "errors"}, {model.Warning, "warning", "warnings"}, {model.Info, "note", "notes"}} {
		if n := l.Left[c.sev]; n > 0 {
			left = append(left, plural(n, c.one, c.many))
		}
	}
	return fmt.Sprintf("%d findings: the first %d are listed, errors first; %s are not. The CLI lists every one: vnetplay lint design.json.",
		total, len(l.Shown), strings.Join(left, ", "))
}
