package store

import (
	"bytes"
	"fmt"
	"slices"

	"vnetplay/engine"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
)

// Mirror is what the engine's Web Worker holds: the analysed snapshot of
// the last design the page sent, as compact scenario JSON, with its what-if
// view. A new design is analysed from the previous one (the engine reuses
// what did not change, and a matrix computed on the previous version seeds
// the next), as the page's own session does; the same design with other
// failures keeps its analysis. Its snapshots give the same results as the
// page's snapshots of the same design (TestWorkerEqualsInPage, in
// app/engineworker).
//
// The version before is kept, analysed: an undo (or a redo) sends the
// page's previous design again, which the mirror need not analyse again.
type Mirror struct {
	doc      []byte
	decoded  scenario.Decoded // doc decoded, before its canonical form, with its sizes: DecodeNext's prev
	intact   *Snapshot
	earlier  []mirrored // the versions before, most recent first, at most mirrorKept
	failures []model.Failure
	failed   *Snapshot
}

// mirrored is a version of the design the mirror had.
type mirrored struct {
	doc     []byte
	decoded scenario.Decoded
	intact  *Snapshot
}

// mirrorKept is how many earlier versions a Mirror keeps analysed: one,
// for an edit and its undo (or an undo and its redo). Each is a whole
// analysis kept live (tens of megabytes at 500 VNets), which Go's
// collector marks on the worker's only thread: keeping three made the
// slowest answers slower (make bench-browser, thirteenth round).
const mirrorKept = 1

// KnownChecks is what the page has computed of a design's validation: the
// guard's checks (engine.ValidateModel) or, Full, the whole validation
// (engine.Validate). Sent with the design, it spares the engine's worker
// computing them again (Mirror.Set): the same functions of the same
// document.
type KnownChecks struct {
	Checks []model.Diagnostic `json:"checks"`
	Full   bool               `json:"full,omitempty"`
}

// MaxKnownChecks bounds the checks worth sending: past it, encoding them
// costs the page about what computing them costs the worker.
const MaxKnownChecks = 1000

// KnownChecks is what this snapshot's design has of its validation, ok
// false when neither the guard's checks nor the whole validation were
// computed (or there are more than MaxKnownChecks).
func (s *Snapshot) KnownChecks() (k KnownChecks, ok bool) {
	m := s.Intact0().memo
	switch {
	case m.validated:
		k = KnownChecks{Checks: m.validation, Full: true}
	case m.ownDone:
		k = KnownChecks{Checks: m.own}
	default:
		return KnownChecks{}, false
	}
	return k, len(k.Checks) <= MaxKnownChecks
}

// Set makes doc (scenario JSON, as scenario.EncodeCompact writes it) with
// failures the mirrored design and returns its snapshot: the what-if view
// when failures name components of it, else the intact snapshot. known,
// if not nil, is the page's validation of doc (Snapshot.KnownChecks).
func (m *Mirror) Set(doc []byte, failures []model.Failure, known *KnownChecks) (*Snapshot, error) {
	if m.intact != nil && !bytes.Equal(doc, m.doc) {
		if i := slices.IndexFunc(m.earlier, func(e mirrored) bool { return bytes.Equal(doc, e.doc) }); i >= 0 {
			was := m.earlier[i]
			m.earlier = slices.Delete(m.earlier, i, i+1)
			m.keep()
			m.doc, m.decoded, m.intact, m.failed = was.doc, was.decoded, was.intact, nil
		}
	}
	if m.intact == nil || !bytes.Equal(doc, m.doc) {
		// Only what the edit changed is decoded and measured
		// (scenario.DecodeNext).
		d, _, err := scenario.DecodeNext(doc, m.doc, m.decoded)
		if err != nil {
			return nil, fmt.Errorf("the design sent to the engine: %w", err)
		}
		var checks *memo
		if known != nil {
			checks = &memo{own: known.Checks, ownDone: true}
			if known.Full {
				checks = &memo{validation: known.Checks, validated: true}
			}
		}
		intact := analyzed(scenario.Canonical(d.Doc()), nil, m.intact, checks)
		if m.intact != nil {
			m.keep()
		}
		m.doc, m.decoded, m.intact = slices.Clone(doc), d, intact
		m.failed = nil
	}
	f := validFailures(m.intact.Doc, failures)
	if len(f) == 0 {
		return m.intact, nil
	}
	if m.failed == nil || !slices.Equal(f, m.failures) {
		a := engine.Analyze(m.intact.Doc, f...)
		m.failed = &Snapshot{Doc: m.intact.Doc, Diagnostics: a.Diagnostics, Plane: a.Plane, dns: a.DNS(),
			Failures: slices.Clone(f), Intact: m.intact, memo: &memo{}}
		m.failures = slices.Clone(f)
	}
	return m.failed, nil
}

// keep puts the current version first among the earlier ones.
func (m *Mirror) keep() {
	m.earlier = append([]mirrored{{doc: m.doc, decoded: m.decoded, intact: m.intact}}, m.earlier...)
	if len(m.earlier) > mirrorKept {
		m.earlier = m.earlier[:mirrorKept]
	}
}

// Try analyses doc with failures as Set does, hands its snapshot to f, and
// puts the mirror back as it was: the design, the versions kept, the
// what-if view. The engine's worker so rehearses a design's first edits
// (engineworker: a rehearsal), whose code the browser compiles to its
// baseline tier first and optimizes only once it has run enough.
func (m *Mirror) Try(doc []byte, failures []model.Failure, known *KnownChecks, f func(*Snapshot)) error {
	saved := *m
	saved.earlier = slices.Clone(m.earlier) // Set may delete from it in place
	defer func() { *m = saved }()
	snap, err := m.Set(doc, failures, known)
	if err != nil {
		return err
	}
	f(snap)
	return nil
}
