package store

import (
	"errors"
	"maps"
	"reflect"
	"slices"
	"strings"

	"vnetplay/app/canvas"
	"vnetplay/engine"
	"vnetplay/engine/dataplane"
	"vnetplay/engine/dns"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
	"vnetplay/engine/whatif"
)

// Snapshot is one state of the session: a document and what the engine
// computed from it. Its fields never change once the snapshot is made, and
// the document is never modified: edits work on a copy. Results derived on
// demand (the reachability matrix, the what-if diff, the expectations) are
// memoized in a cache the snapshot owns (see memo): computing them changes
// no field and every call returns the same answer.
type Snapshot struct {
	Doc         *scenario.Document
	Diagnostics []model.Diagnostic
	Plane       *dataplane.Plane
	Scene       *canvas.Scene

	// Failures are the components failed in this view (what-if); Plane
	// then has them applied and Intact is the same design without them.
	Failures []model.Failure
	Intact   *Snapshot

	// shown, for a pending snapshot (a design drawn before the engine
	// analysed it: Session.SetDeferred), is the last analysed snapshot it
	// was edited from: Diagnostics, Plane and the results derived on
	// demand are that snapshot's until Session.Analyse replaces this one.
	// Nil once analysed.
	shown *Snapshot

	// dns is the analysis's shared name resolution (engine.Analysis.DNS),
	// nil for a pending snapshot (see DNS).
	dns *dns.Shared

	memo *memo
}

// DNS is the name resolution of the analysed design this snapshot shows
// (Shown): the analysis's dns.Shared, whose resolver the engine's name
// resolution lint built, for the panels that resolve names.
func (s *Snapshot) DNS() *dns.Shared {
	sh := s.Shown()
	if sh.dns == nil { // a snapshot the engine did not analyse (tests)
		sh.dns = dns.NewShared(sh.Plane, &sh.Doc.Topology)
	}
	return sh.dns
}

// Pending reports whether the engine has yet to analyse this snapshot's
// design: its Doc and Scene are current, its results (Diagnostics, Plane,
// Matrix, Walk, Checks, Changes) are still those of Shown, a consistent
// earlier version, which panels show as "updating".
func (s *Snapshot) Pending() bool { return s.shown != nil }

// Shown is the analysed snapshot whose results this one shows: itself,
// or for a pending snapshot the last analysed one it was edited from.
func (s *Snapshot) Shown() *Snapshot {
	if s.shown != nil {
		return s.shown
	}
	return s
}

// Validation is the design's validation (engine.Validate: what the
// document alone says, without the data plane), computed once. An edit is
// guarded with its errors (engine.ValidateModel's), so a guarded edit need
// not wait for the engine.
func (s *Snapshot) Validation() []model.Diagnostic { return s.memo.validate(s.Doc) }

// ResultsKey identifies the results this snapshot shows: two snapshots
// with equal keys show the same results of the same topology (a layout
// edit, which moves nodes only, keeps its snapshot's key); any other edit,
// an analysis, an undo or a what-if gives another key.
func (s *Snapshot) ResultsKey() any { return s.memo }

// DesignKey identifies the version of the design this snapshot draws,
// failures aside: equal for the snapshots of one version (pending, then
// analysed; moved by a layout edit; any what-if view of it), different for
// any other edit or document. Results derived from the design alone
// (workspace.Derive) are cached under it.
func (s *Snapshot) DesignKey() any { return s.Intact0().memo.tag() }

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
func analyze(doc *scenario.Document, prev *Snapshot) *Snapshot {
	return analyzed(doc, canvas.BuildScene(doc), prev, nil)
}

// analyzed is the analysed snapshot of doc drawn as scene; validation, if
// not nil, is a memo of doc that may hold part of its validation (the
// guard's checks; a pending snapshot's), which the new one takes over. The
// engine reuses what it can of the analysed snapshot prev shows (nil:
// none).
func analyzed(doc *scenario.Document, scene *canvas.Scene, prev *Snapshot, validation *memo) *Snapshot {
	var prevPlane *dataplane.Plane
	m := &memo{}
	if prev != nil {
		base := prev.Shown()
		prevPlane = base.Plane
		m.seed = base.memo.trackedFor()
	}
	if validation != nil {
		m.own, m.ownDone = validation.own, validation.ownDone
		m.validation, m.validated = validation.validation, validation.validated
		m.design = validation.design // the same design, now analysed
	}
	var a *engine.Analysis
	if m.validated {
		a = engine.ReanalyzeValidated(prevPlane, doc, m.validation)
	} else { // the lint reads the new plane's edge
		a, m.validation = engine.ReanalyzeChecked(prevPlane, doc, m.guardChecks(doc))
		m.validated = true
	}
	return &Snapshot{Doc: doc, Diagnostics: a.Diagnostics, Plane: a.Plane, Scene: scene, dns: a.DNS(), memo: m}
}

// pending is the snapshot of doc, drawn as scene, before the engine
// analysed it: its results are those of the analysed snapshot prev shows;
// m is its memo (the design's validation, if already computed).
func pending(doc *scenario.Document, scene *canvas.Scene, prev *Snapshot, m *memo) *Snapshot {
	shown := prev.Shown()
	return &Snapshot{Doc: doc, Diagnostics: shown.Diagnostics, Plane: shown.Plane, Scene: scene, shown: shown, memo: m}
}

// Edit is one change to the document. Apply gets a private copy to modify.
type Edit interface {
	// Label names the edit for "Undo <label>".
	Label() string
	apply(doc *scenario.Document) (Outcome, error)
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
	readOnly bool
	deferred bool
	tried    *tried // what the last Try prepared
}

// tried is an edit Try accepted: the design it was tried on, and what
// applying it made (the edited copy, its outcome and the guard's checks of
// the copy). Apply of an equal edit on the same design takes them rather
// than preparing the edit again: a form's Save right after the check of
// its last keystroke.
type tried struct {
	on      *scenario.Document
	edit    Edit
	next    *scenario.Document
	alike   bool // drawn as the design it was tried on (drawnAlike)
	out     Outcome
	checked *memo
}

// SetDeferred makes the session's edits draw first and analyse later (the
// browser: the canvas repaints at once, the panels follow). An edit then
// makes a pending snapshot (Snapshot.Pending) whose results are the
// previous ones; Analyse computes the current snapshot's. Guarded edits are
// still checked at once, against the design's validation. Without it (the
// default: tests and tools), every edit is analysed before Apply returns.
func (s *Session) SetDeferred(v bool) { s.deferred = v }

// NeedsAnalysis reports whether the current snapshot, or its what-if view,
// waits for Analyse.
func (s *Session) NeedsAnalysis() bool {
	if s.hist.Current().Pending() {
		return true
	}
	return len(s.failures) > 0 && s.failed != nil && s.failed.Intact == s.hist.Current() && s.failed.Pending()
}

// Analyse runs the engine on the current snapshot if it is pending (and on
// its what-if view, with the session's failures) and reports whether it
// did. The analysed snapshot takes the pending one's place in the history;
// the version does not change: the design did not.
func (s *Session) Analyse() bool {
	cur := s.hist.Current()
	did := false
	if cur.Pending() {
		s.hist.ReplaceCurrent(analyzed(cur.Doc, cur.Scene, cur, cur.memo))
		s.failed = nil // the what-if view of the pending one: computed again below
		did = true
	}
	if len(s.failures) > 0 {
		cur = s.hist.Current()
		if s.failed == nil || s.failed.Intact != cur || s.failed.Pending() {
			s.failed = s.analyzeFailed(cur)
			did = true
		}
	}
	return did
}

// ErrReadOnly is returned by Apply on a read-only session.
var ErrReadOnly = errors.New("this design is read-only here: it is open for editing in another tab")

// SetReadOnly makes the session refuse edits (Apply returns ErrReadOnly;
// Undo and Redo do nothing) or accept them again. What-if failures can
// still be set: they are a view of the design, not a change to it.
func (s *Session) SetReadOnly(v bool) { s.readOnly = v }

// ReadOnly reports whether the session refuses edits.
func (s *Session) ReadOnly() bool { return s.readOnly }

// Open starts a session on doc. The session owns doc from then on.
func Open(doc *scenario.Document) *Session {
	if doc.Format == "" {
		doc.Format, doc.Version = scenario.Format, scenario.Latest
	}
	return &Session{hist: canvas.NewHistory(analyze(scenario.Canonical(doc), nil), 200), version: 1}
}

// OpenJSON decodes a scenario file leniently (user files: unknown fields
// become warnings) and opens it. The decoder's warnings are returned.
func OpenJSON(b []byte) (*Session, []model.Diagnostic, error) {
	return OpenJSONWith(b, false)
}

// OpenJSONWith is OpenJSON for a deferred session (SetDeferred) when
// deferred is true: the design opens drawn but not analysed (pending, its
// results those of an empty design until Analyse), so that it is on screen
// before the engine runs.
func OpenJSONWith(b []byte, deferred bool) (*Session, []model.Diagnostic, error) {
	doc, warnings, err := scenario.Decode(b, scenario.Lenient)
	if err != nil {
		return nil, nil, err
	}
	if !deferred {
		return Open(doc), warnings, nil
	}
	if doc.Format == "" {
		doc.Format, doc.Version = scenario.Format, scenario.Latest
	}
	empty := analyze(&scenario.Document{Format: doc.Format, Version: doc.Version}, nil)
	doc = scenario.Canonical(doc)
	s := &Session{hist: canvas.NewHistory(pending(doc, canvas.BuildScene(doc), empty, &memo{}), 200), version: 1, deferred: true}
	return s, warnings, nil
}

// Version grows with every change the session makes: an edit, an undo or
// redo, a new set of failures. Views and the autosave key on it.
func (s *Session) Version() uint64 { return s.version }

// Current is the present snapshot, with the session's failures applied.
func (s *Session) Current() *Snapshot {
	intact := s.hist.Current()
	if len(s.failures) == 0 {
		return intact
	}
	if s.failed != nil && s.failed.Intact != intact && s.failed.Intact.memo == intact.memo {
		// A layout-only change (a drag): the design, so the failed plane,
		// is the same; only positions moved.
		moved := *s.failed
		moved.Doc, moved.Scene, moved.Intact = intact.Doc, intact.Scene, intact
		s.failed = &moved
	}
	if s.failed == nil || s.failed.Intact != intact {
		if s.deferred {
			// Drawn now, analysed by Analyse (a what-if is a whole
			// analysis: the page must not wait for it, whether or not the
			// design itself is analysed): the what-if view shows the last
			// one analysed meanwhile.
			s.failures = validFailures(intact.Doc, s.failures)
			if len(s.failures) == 0 {
				return intact
			}
			shown := intact.Shown()
			if s.failed != nil {
				shown = s.failed.Shown()
			}
			s.failed = &Snapshot{Doc: intact.Doc, Diagnostics: shown.Diagnostics, Plane: shown.Plane,
				Scene: intact.Scene, Failures: slices.Clone(s.failures), Intact: intact, shown: shown, memo: &memo{}}
			return s.failed
		}
		s.failed = s.analyzeFailed(intact)
		if s.failed == nil {
			return intact
		}
	}
	return s.failed
}

// analyzeFailed is intact's what-if view with the session's failures that
// still name a component (nil: none does).
func (s *Session) analyzeFailed(intact *Snapshot) *Snapshot {
	s.failures = validFailures(intact.Doc, s.failures)
	if len(s.failures) == 0 {
		return nil
	}
	a := engine.Analyze(intact.Doc, s.failures...)
	return &Snapshot{Doc: intact.Doc, Diagnostics: a.Diagnostics, Plane: a.Plane, dns: a.DNS(),
		Scene: intact.Scene, Failures: slices.Clone(s.failures), Intact: intact, memo: &memo{}}
}

// Failures are the components failed in the session (a what-if that is not
// part of the design), sorted.
func (s *Session) Failures() []model.Failure { return slices.Clone(s.failures) }

// SetFailures fails exactly these components (none: the intact design).
// Unknown components are refused with whatif's error.
func (s *Session) SetFailures(failures []model.Failure) error {
	f := failureSet(slices.Clone(failures))
	if err := whatif.Check(s.hist.Current().Doc, f); err != nil {
		return err
	}
	s.failures, s.failed = f, nil
	s.version++
	return nil
}

// failureSet is f sorted (by Failure.String) without repeats, as the
// session keeps its failures; f is reordered in place.
func failureSet(f []model.Failure) []model.Failure {
	slices.SortFunc(f, func(a, b model.Failure) int { return strings.Compare(a.String(), b.String()) })
	return slices.Compact(f)
}

// RenameFailures rewrites the targets of the session's failures with f
// (a resource was renamed: its failure follows it). Call it right after the
// rename, before Current drops failures whose target is gone.
func (s *Session) RenameFailures(f func(target string) string) {
	for i := range s.failures {
		s.failures[i].Target = f(s.failures[i].Target)
	}
	s.failed = nil
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
//
// A change to the design keeps the canvas stable: every top-level node that
// was drawn keeps its position (positions the auto-layout chose are saved
// with the edit), except that what a growing VNet would now cover moves
// down out of its way (canvas.MakeRoom); positions of what is gone are
// dropped, and the document stays in canonical order, so what is drawn is
// what a reload shows.
func (s *Session) Apply(e Edit) (Outcome, error) {
	if s.readOnly {
		return Outcome{}, ErrReadOnly
	}
	snap, out, err := s.prepare(e, false)
	s.tried = nil
	if err != nil {
		return Outcome{}, err
	}
	key := ""
	if c, ok := e.(coalescing); ok {
		key = c.coalesceKey()
	}
	s.version++
	var tag stepTag
	if r, ok := e.(Rename); ok && len(out.Created) > 0 {
		tag.renamed = append([][2]Ref{{r.Ref, out.Created[0]}}, out.Renamed...)
	}
	if d, ok := e.(Delete); ok {
		tag.deleted = slices.Clone(d.Refs)
	}
	if len(s.failures) > 0 && len(tag.renamed) == 0 { // (a rename's failures follow it: RenameFailures)
		kept := validFailures(snap.Doc, s.failures)
		for _, f := range s.failures {
			if !slices.Contains(kept, f) {
				tag.dropped = append(tag.dropped, f)
			}
		}
	}
	s.hist.PushTagged(snap, e.Label(), key, tag)
	return out, nil
}

// Try reports what Apply would do with e (its outcome, or why it is
// refused) without changing the session: a form checks its draft with it.
func (s *Session) Try(e Edit) (Outcome, error) {
	_, out, err := s.prepare(e, true)
	return out, err
}

// prepare applies e to a copy of the current document and analyses it.
//
// trying (Try) stops once the edit is known to be accepted: no snapshot is
// made, the engine does not run.
func (s *Session) prepare(e Edit, trying bool) (*Snapshot, Outcome, error) {
	cur := s.hist.Current()
	if t := s.tried; !trying && t != nil && t.on == cur.Doc && reflect.DeepEqual(t.edit, e) {
		return s.prepared(cur, t.next, t.alike, t.checked), t.out, nil
	}
	_, layout := e.(layoutOnly)
	var next *scenario.Document
	if layout {
		// Documents are never modified once in a snapshot: a layout edit
		// shares the topology and copies only the positions.
		shallow := *cur.Doc
		shallow.Layout = &scenario.Layout{Nodes: map[string]scenario.Point{}}
		if cur.Doc.Layout != nil && len(cur.Doc.Layout.Nodes) > 0 {
			shallow.Layout.Nodes = maps.Clone(cur.Doc.Layout.Nodes) // sized at once, not grown
		}
		next = &shallow
	} else {
		next = scenario.Clone(cur.Doc)
		// Pinned before the edit, so that a rename carries the position
		// with the name (scenario.Rename moves it).
		pin(next, cur)
	}
	out, err := e.apply(next)
	if err != nil {
		return nil, Outcome{}, err
	}
	if n := len(next.Topology.VNets); n > scenario.MaxVNets && n > len(cur.Doc.Topology.VNets) {
		return nil, Outcome{}, &scenario.LimitError{What: "VNets", Got: int64(n), Limit: scenario.MaxVNets}
	}
	if layout {
		// A drag pins every node first, so the scene is derived from the
		// previous one (canvas.MovedScene) rather than laid out again.
		sc, ok := canvas.MovedScene(cur.Scene, next)
		if !ok {
			sc = canvas.BuildScene(next)
		}
		return &Snapshot{Doc: next, Diagnostics: cur.Diagnostics, Plane: cur.Plane, Scene: sc, shown: cur.shown, dns: cur.dns, memo: cur.memo}, out, nil
	}
	dropUndrawn(next)
	next = scenario.Canonical(next)
	checked := &memo{} // the new design's validation, once computed
	if g, ok := e.(guarded); ok {
		// Only validation can name the resource edited or its connections
		// (the data plane's findings are about sessions, the topology as a
		// whole and expectations), so the guard need not wait for the engine;
		// and only its errors refuse an edit, so the Internet edge's lint
		// (warnings and notes) waits for the analysis.
		after := checked.guardChecks(next)
		if bad := newErrors(cur.memo.guardChecks(cur.Doc), after, relatedPaths(&next.Topology, g.guard())); len(bad) > 0 {
			return nil, Outcome{}, &RejectedError{Diagnostics: bad}
		}
	}
	alike := drawnAlike(e, &cur.Doc.Topology, &next.Topology)
	if trying {
		s.tried = &tried{on: cur.Doc, edit: e, next: next, alike: alike, out: out, checked: checked}
		return nil, out, nil
	}
	return s.prepared(cur, next, alike, checked), out, nil
}

// prepared is the snapshot of next, the current snapshot cur's design
// edited (accepted by the guard, whose checks of next are in checked):
// pending in a deferred session, analysed otherwise. alike says that next
// is drawn as cur (drawnAlike): it keeps cur's scene.
func (s *Session) prepared(cur *Snapshot, next *scenario.Document, alike bool, checked *memo) *Snapshot {
	scene := cur.Scene
	if !alike {
		scene = canvas.BuildScene(next)
	}
	var snap *Snapshot
	if s.deferred {
		snap = pending(next, scene, cur, checked)
	} else {
		snap = analyzed(next, scene, cur, checked)
	}
	if alike {
		return snap // nothing grew: nothing to make room for, or to share
	}
	if room := canvas.MakeRoom(cur.Scene, snap.Scene); len(room) > 0 {
		// Something grew over its neighbours: they make room.
		nodes := layoutNodes(next)
		for k, p := range room {
			nodes[k] = scenario.Point{X: p.X, Y: p.Y}
		}
		snap.Scene = canvas.BuildScene(next)
	}
	// What the edit did not change keeps its pointers: the canvas redraws
	// only the rest.
	snap.Scene.ShareUnchanged(cur.Scene)
	return snap
}

// pin saves in next, a copy of prev's design not yet edited, the
// positions the auto-layout gave prev's top-level nodes, so that no change
// to the design moves them.
func pin(next *scenario.Document, prev *Snapshot) {
	keys := canvas.LayoutKeys(&next.Topology)
	nodes := layoutNodes(next)
	// The Internet is placed above the design: before there is a design,
	// that place means nothing yet.
	empty := len(prev.Scene.Nodes) <= 1
	for k, p := range prev.Unpinned() {
		if empty && k == "Internet" {
			continue
		}
		if keys[k] {
			nodes[k] = scenario.Point{X: p.X, Y: p.Y}
		}
	}
}

// dropUndrawn drops the positions of nodes the edited design next no
// longer draws.
func dropUndrawn(next *scenario.Document) {
	keys := canvas.LayoutKeys(&next.Topology)
	nodes := layoutNodes(next)
	for k := range nodes {
		if !keys[k] {
			delete(nodes, k)
		}
	}
}

// Seal ends the current coalescing run (the drag ended, the field lost
// focus): the next edit is a new undo step.
func (s *Session) Seal() { s.hist.Seal() }

// Undo and Redo move through the history; they report whether anything
// changed.
func (s *Session) Undo() bool {
	tag, _ := s.hist.UndoTag().(stepTag)
	if !s.move(s.hist.Undo) {
		return false
	}
	if len(tag.dropped) > 0 {
		// The what-if's failures the step dropped (it deleted what they
		// named) come back with what it deleted.
		s.failures = failureSet(append(slices.Clone(s.failures), validFailures(s.hist.Current().Doc, tag.dropped)...))
		s.failed = nil
	}
	return true
}
func (s *Session) Redo() bool { return s.move(s.hist.Redo) }

func (s *Session) move(f func() (*Snapshot, bool)) bool {
	if s.readOnly {
		return false
	}
	if _, ok := f(); !ok {
		return false
	}
	s.version++
	return true
}

// UndoLabel and RedoLabel name the next undo and redo step ("" if none).
func (s *Session) UndoLabel() string { return s.hist.UndoLabel() }
func (s *Session) RedoLabel() string { return s.hist.RedoLabel() }

// UndoRenames and RedoRenames are the resources the next undo or redo step
// renames back or again, as the rename named them (old, new): the renamed
// resource first, then those named after it. Nil when the step renames
// nothing.
func (s *Session) UndoRenames() [][2]Ref { return renamesOf(s.hist.UndoTag()) }
func (s *Session) RedoRenames() [][2]Ref { return renamesOf(s.hist.RedoTag()) }

// UndoRestores are the resources the next undo step brings back: those a
// Delete deleted (what went with them left out); nil for any other step.
func (s *Session) UndoRestores() []Ref {
	t, _ := s.hist.UndoTag().(stepTag)
	return t.deleted
}

func renamesOf(tag any) [][2]Ref {
	t, _ := tag.(stepTag)
	return t.renamed
}

// stepTag is what an undo step keeps besides its snapshot: what a rename
// renamed (old, new: the renamed resource first, then those named after
// it), and the what-if failures the edit dropped because it deleted what
// they named (Undo brings them back).
type stepTag struct {
	renamed [][2]Ref
	dropped []model.Failure
	deleted []Ref // a Delete's resources, which undoing it brings back
}

// Encode returns the current document as canonical scenario JSON.
func (s *Session) Encode() ([]byte, error) { return scenario.Encode(s.Current().Doc) }

// newErrors returns the Error diagnostics in after that are not in before
// (by code and path) and whose path starts with one of paths.
func newErrors(before, after []model.Diagnostic, paths []string) []model.Diagnostic {
	type key struct{ code, path string }
	had := map[key]bool{}
	for _, d := range before {
		if d.Severity == model.Error { // a warning that becomes an error is new
			had[key{d.Code, d.Path}] = true
		}
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
