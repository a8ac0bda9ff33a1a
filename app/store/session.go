package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"vnetplay/app/canvas"
	"vnetplay/engine"
	"vnetplay/engine/dataplane"
	"vnetplay/engine/diff"
	"vnetplay/engine/expect"
	"vnetplay/engine/model"
	"vnetplay/engine/reach"
	"vnetplay/engine/scenario"
	"vnetplay/engine/trace"
	"vnetplay/engine/whatif"
)

// Snapshot is one immutable state of the session: a document and what the
// engine computed from it. Panels read it; nothing writes it after Apply.
type Snapshot struct {
	Version     uint64 // grows with every change, undo and redo included
	Doc         *scenario.Document
	Diagnostics []model.Diagnostic
	Plane       *dataplane.Plane
	Scene       *canvas.Scene

	// Failures are the components failed in this view (what-if); Plane
	// then has them applied and Intact is the same design without them.
	Failures []model.Failure
	Intact   *Snapshot

	tracked *reach.Tracked  // the matrix, computed on first use
	seed    *reach.Tracked  // the version edited from's, if it had one
	changes *diff.Changes   // computed on first use
	taken   *diff.Snapshot  // outcomes(), computed on first use
	checks  []expect.Result // computed on first use
}

// Checks evaluates the design's expectations, each under its own failure
// set, on the intact data plane (what `vnetplay check` does): expectations
// describe the design, not the what-if being explored. They are computed
// once per design version: panels re-render far more often than that.
func (s *Snapshot) Checks() []expect.Result {
	in := s.Intact0()
	if in.checks == nil {
		in.checks = expect.EvaluateDocument(in.Doc, in.Plane)
	}
	return in.checks
}

// Changes is what the failures change against the intact design: routes
// per subnet and per BGP speaker, endpoint pairs lost, regained or moved.
// Nil without failures.
func (s *Snapshot) Changes() *diff.Changes {
	if s.Intact == nil {
		return nil
	}
	if s.changes == nil {
		s.changes = diff.Compare(s.Intact.outcomes(), diff.Take(s.Plane))
	}
	return s.changes
}

// outcomes is every endpoint pair's walk on this snapshot's plane, taken
// once: the intact design's are compared with each what-if's.
func (s *Snapshot) outcomes() *diff.Snapshot {
	if s.taken == nil {
		s.taken = diff.Take(s.Plane)
	}
	return s.taken
}

// Intact0 is the snapshot without failures: itself when nothing failed.
func (s *Snapshot) Intact0() *Snapshot {
	if s.Intact != nil {
		return s.Intact
	}
	return s
}

// Failed reports whether a failure of the given kind and target is applied.
func (s *Snapshot) Failed(kind, target string) bool {
	return slices.Contains(s.Failures, model.Failure{Kind: kind, Target: target})
}

// Matrix is the reachability matrix (every endpoint to every endpoint and
// the Internet), computed on first use: derived from the matrix of the
// version this one was edited from when that one was computed (the Reach
// panel open while editing), so only the cells the edit can change are
// walked again (reach.Tracked.Update).
func (s *Snapshot) Matrix() *reach.Matrix {
	if s.tracked == nil {
		if s.seed != nil {
			s.tracked, _ = s.seed.Update(s.Plane)
		} else {
			s.tracked = reach.ComputeTracked(s.Plane, trace.Flow{}, trace.Options{})
		}
		s.seed = nil
	}
	return s.tracked.Matrix
}

// Errors counts the Error diagnostics.
func (s *Snapshot) Errors() int {
	n := 0
	for _, d := range s.Diagnostics {
		if d.Severity == model.Error {
			n++
		}
	}
	return n
}

// analyze computes a snapshot of doc; prev, the snapshot it was edited
// from (nil: none), lets the engine reuse what the edit did not change.
func analyze(doc *scenario.Document, version uint64, prev *Snapshot) *Snapshot {
	var prevPlane *dataplane.Plane
	var seed *reach.Tracked
	if prev != nil {
		prevPlane, seed = prev.Plane, prev.tracked
	}
	a := engine.Reanalyze(prevPlane, doc)
	return &Snapshot{Version: version, Doc: doc, Diagnostics: a.Diagnostics, Plane: a.Plane, Scene: canvas.BuildScene(doc), seed: seed}
}

// Edit is one change to the document. Apply gets a private copy to modify.
type Edit interface {
	// Label names the edit for "Undo <label>".
	Label() string
	apply(doc *scenario.Document) error
}

// coalescing edits merge with the previous edit of the same key into one
// undo step (a drag, typing in one field).
type coalescing interface{ coalesceKey() string }

// guarded edits are refused when they create an error on the resource they
// change or its connections (a bad CIDR, an overlapping address space): the
// value is shown with the error, not applied.
type guarded interface{ guard() Ref }

// layoutOnly edits change canvas positions only: the engine's results are
// reused and only the scene is rebuilt (a drag must not re-run the engine on
// every pointer move).
type layoutOnly interface{ layoutOnly() }

// RejectedError is returned by Apply for a guarded edit that would create
// errors; Diagnostics are the new errors. The document is unchanged.
type RejectedError struct {
	Diagnostics []model.Diagnostic
}

func (e *RejectedError) Error() string {
	msgs := make([]string, len(e.Diagnostics))
	for i, d := range e.Diagnostics {
		msgs[i] = d.Msg
	}
	return strings.Join(msgs, "; ")
}

// Session is an open scenario being edited. It is not safe for concurrent
// use: the UI calls it from its one goroutine.
type Session struct {
	hist     *canvas.History[*Snapshot]
	version  uint64
	failures []model.Failure
	failed   *Snapshot // the current snapshot with failures applied (cache)
}

// Open starts a session on doc. The session owns doc from then on.
func Open(doc *scenario.Document) *Session {
	if doc.Format == "" {
		doc.Format, doc.Version = scenario.Format, scenario.Latest
	}
	return &Session{hist: canvas.NewHistory(analyze(doc, 1, nil), 200), version: 1}
}

// OpenJSON decodes a scenario file leniently (user files: unknown fields
// become warnings) and opens it. The decoder's warnings are returned.
func OpenJSON(b []byte) (*Session, []model.Diagnostic, error) {
	doc, warnings, err := scenario.Decode(b, scenario.Lenient)
	if err != nil {
		return nil, nil, err
	}
	return Open(doc), warnings, nil
}

// Current is the present snapshot, with the session's failures applied.
func (s *Session) Current() *Snapshot {
	intact := s.hist.Current()
	if len(s.failures) == 0 {
		return intact
	}
	if s.failed != nil && s.failed.Intact != intact && s.failed.Intact.Plane == intact.Plane {
		// A layout-only change (a drag): the design, so the failed plane,
		// is the same; only positions moved.
		moved := *s.failed
		moved.Version, moved.Doc, moved.Scene, moved.Intact = s.version, intact.Doc, intact.Scene, intact
		s.failed = &moved
	}
	if s.failed == nil || s.failed.Intact != intact {
		s.failures = validFailures(intact.Doc, s.failures)
		if len(s.failures) == 0 {
			return intact
		}
		a := engine.Analyze(intact.Doc, s.failures...)
		s.failed = &Snapshot{Version: s.version, Doc: intact.Doc, Diagnostics: a.Diagnostics, Plane: a.Plane,
			Scene: intact.Scene, Failures: slices.Clone(s.failures), Intact: intact}
	}
	return s.failed
}

// Failures are the components failed in the session (a what-if that is not
// part of the design), sorted.
func (s *Session) Failures() []model.Failure { return slices.Clone(s.failures) }

// SetFailures fails exactly these components (none: the intact design).
// Unknown components are refused with whatif's error.
func (s *Session) SetFailures(failures []model.Failure) error {
	f := slices.Clone(failures)
	slices.SortFunc(f, func(a, b model.Failure) int { return strings.Compare(a.String(), b.String()) })
	f = slices.Compact(f)
	if err := whatif.Check(s.hist.Current().Doc, f); err != nil {
		return err
	}
	s.failures, s.failed = f, nil
	s.version++
	return nil
}

// validFailures keeps the failures that still name a component (an edit may
// have deleted one).
func validFailures(doc *scenario.Document, f []model.Failure) []model.Failure {
	var out []model.Failure
	for _, x := range f {
		if whatif.Check(doc, []model.Failure{x}) == nil {
			out = append(out, x)
		}
	}
	return out
}

// Apply applies e to a copy of the document and makes the result current,
// as one undo step (or merged into the previous one for coalescing edits).
// On error the session is unchanged; a *RejectedError carries the
// diagnostics that made a guarded edit refused.
func (s *Session) Apply(e Edit) error {
	cur := s.hist.Current()
	_, layout := e.(layoutOnly)
	var next *scenario.Document
	if layout {
		// Documents are never modified once in a snapshot: a layout edit
		// shares the topology and copies only the positions.
		shallow := *cur.Doc
		shallow.Layout = &scenario.Layout{Nodes: map[string]scenario.Point{}}
		if cur.Doc.Layout != nil {
			maps.Copy(shallow.Layout.Nodes, cur.Doc.Layout.Nodes)
		}
		next = &shallow
	} else {
		var err error
		if next, err = Clone(cur.Doc); err != nil {
			return err
		}
	}
	if err := e.apply(next); err != nil {
		return err
	}
	var snap *Snapshot
	if layout {
		snap = &Snapshot{Version: s.version + 1, Doc: next, Diagnostics: cur.Diagnostics, Plane: cur.Plane,
			Scene: canvas.BuildScene(next), tracked: cur.tracked, seed: cur.seed, checks: cur.checks}
	} else {
		snap = analyze(next, s.version+1, cur)
	}
	if g, ok := e.(guarded); ok {
		if bad := newErrors(cur.Diagnostics, snap.Diagnostics, relatedPaths(&next.Topology, g.guard())); len(bad) > 0 {
			return &RejectedError{Diagnostics: bad}
		}
	}
	key := ""
	if c, ok := e.(coalescing); ok {
		key = c.coalesceKey()
	}
	s.version++
	s.hist.Push(snap, e.Label(), key)
	return nil
}

// Seal ends the current coalescing run (the drag ended, the field lost
// focus): the next edit is a new undo step.
func (s *Session) Seal() { s.hist.Seal() }

// Undo and Redo move through the history; they report whether anything
// changed.
func (s *Session) Undo() bool { return s.move(s.hist.Undo) }
func (s *Session) Redo() bool { return s.move(s.hist.Redo) }

func (s *Session) move(f func() (*Snapshot, bool)) bool {
	snap, ok := f()
	if !ok {
		return false
	}
	// A restored state gets a new version, so views keyed on it refresh.
	s.version++
	snap.Version = s.version
	return true
}

// UndoLabel and RedoLabel name the next undo and redo step ("" if none).
func (s *Session) UndoLabel() string { return s.hist.UndoLabel() }
func (s *Session) RedoLabel() string { return s.hist.RedoLabel() }

// Encode returns the current document as canonical scenario JSON.
func (s *Session) Encode() ([]byte, error) { return scenario.Encode(s.Current().Doc) }

// Clone deep-copies a document through its JSON form.
func Clone(doc *scenario.Document) (*scenario.Document, error) {
	b, err := json.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("copying the document: %w", err)
	}
	var out scenario.Document
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("copying the document: %w", err)
	}
	return &out, nil
}

// cloneTopology deep-copies a topology through its JSON form.
func cloneTopology(t *model.Topology) (*model.Topology, error) {
	b, err := json.Marshal(t)
	if err != nil {
		return nil, fmt.Errorf("copying the topology: %w", err)
	}
	var out model.Topology
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("copying the topology: %w", err)
	}
	return &out, nil
}

// newErrors returns the Error diagnostics in after that are not in before
// (by code and path) and whose path starts with one of paths.
func newErrors(before, after []model.Diagnostic, paths []string) []model.Diagnostic {
	type key struct{ code, path string }
	had := map[key]bool{}
	for _, d := range before {
		had[key{d.Code, d.Path}] = true
	}
	var out []model.Diagnostic
	for _, d := range after {
		if d.Severity != model.Error || had[key{d.Code, d.Path}] {
			continue
		}
		if slices.ContainsFunc(paths, func(p string) bool { return d.Path == p || strings.HasPrefix(d.Path, p+".") }) {
			out = append(out, d)
		}
	}
	return out
}

// ErrNoChange is returned by edits that would change nothing.
var ErrNoChange = errors.New("nothing to change")
