package store

import (
	"vnetplay/engine"
	"vnetplay/engine/diff"
	"vnetplay/engine/expect"
	"vnetplay/engine/model"
	"vnetplay/engine/reach"
	"vnetplay/engine/scenario"
	"vnetplay/engine/trace"
)

// memo caches what a snapshot derives on demand. It is the only mutable
// part of a snapshot, and only as a cache: each result is computed from the
// snapshot's immutable fields at most once (per flow, for the matrix), and
// later calls return the same value. Snapshots that share a data plane (a
// drag changes positions only) share their memo. Not safe for concurrent
// use: the session's one goroutine reads it.
type memo struct {
	flow    trace.Flow     // the flow tracked was computed for
	tracked *reach.Tracked // the matrix for flow
	seed    *reach.Tracked // the matrix of the version edited from, if it had one
	changes *diff.Changes
	taken   *diff.Snapshot
	checks  []expect.Result

	// own is engine.ValidateModel of the design (every error the guard
	// looks for), validation engine.Validate (own and the Internet edge's
	// lint): the guard computes the first before an edit is drawn, the
	// analysis the second after.
	own, validation    []model.Diagnostic
	ownDone, validated bool

	design *designTag // the design version's identity (DesignKey), made on first use
}

// guardChecks is a validation of doc, the memo's design, that holds every
// Error engine.Validate(doc) reports: the full validation if known, else
// engine.ValidateModel(doc), computed once.
func (m *memo) guardChecks(doc *scenario.Document) []model.Diagnostic {
	if m.validated {
		return m.validation
	}
	if !m.ownDone {
		m.own, m.ownDone = engine.ValidateModel(doc), true
	}
	return m.own
}

// validate is engine.Validate(doc), doc the memo's design, computed once
// (from the guard's checks when they are known).
func (m *memo) validate(doc *scenario.Document) []model.Diagnostic {
	if !m.validated {
		if m.ownDone {
			m.validation = engine.WithLint(doc, m.own)
		} else {
			m.validation = engine.Validate(doc)
		}
		m.validated = true
	}
	return m.validation
}

// designTag identifies one version of a design: not zero-sized, so that
// two tags are never the same pointer.
type designTag struct{ _ byte }

// tag is m's design tag, made on first use.
func (m *memo) tag() *designTag {
	if m.design == nil {
		m.design = &designTag{}
	}
	return m.design
}

// trackedFor is the matrix computed last (nil: none), to seed the next
// version's.
func (m *memo) trackedFor() *reach.Tracked {
	if m == nil {
		return nil
	}
	if m.tracked != nil {
		return m.tracked
	}
	return m.seed
}

// Flow is the question the Reach panel asks of every pair: a protocol
// (Tcp, Udp, Icmp or Any) and a destination port (TCP and UDP only).
type Flow struct {
	Protocol string
	Port     int
}

// DefaultFlow is TCP to port 443, the engine's default question.
var DefaultFlow = Flow{Protocol: trace.DefaultProtocol, Port: trace.DefaultDstPort}

// Trace is the engine's flow for f: the protocol, the port for TCP and UDP.
func (f Flow) Trace() trace.Flow {
	tf := trace.Flow{Protocol: f.Protocol}
	if f.Protocol == "Tcp" || f.Protocol == "Udp" {
		tf.DstPort = f.Port
	}
	if tf.Protocol == "" {
		tf.Protocol = trace.DefaultProtocol
	}
	return tf
}

// Matrix is the reachability matrix for flow f (every endpoint to every
// endpoint and the Internet), computed on first use: derived from the
// matrix of the version this one was edited from when that one was
// computed for the same flow (the Reach panel open while editing), so only
// the cells the edit can change are walked again (reach.Tracked.Update).
func (s *Snapshot) Matrix(f Flow) *reach.Matrix {
	if s.Pending() {
		return s.shown.Matrix(f)
	}
	m := s.memo
	tf := f.Trace()
	if m.tracked == nil || m.flow != tf {
		if m.seed != nil && m.seed.Flow() == tf {
			m.tracked, _ = m.seed.Update(s.Plane)
		} else {
			m.tracked = reach.ComputeTracked(s.Plane, tf, trace.Options{})
		}
		m.flow, m.seed = tf, nil
	}
	return m.tracked.Matrix
}

// Walk is the packet walk behind one cell of Matrix(f).
func (s *Snapshot) Walk(f Flow, from, to string) *trace.Trace {
	if s.Pending() {
		return s.shown.Walk(f, from, to)
	}
	return reach.Explain(s.Plane, f.Trace(), from, to)
}

// Checks evaluates the design's expectations, each under its own failure
// set, on the intact data plane (what `vnetplay check` does): expectations
// describe the design, not the what-if being explored. They are computed
// once per design version: panels re-render far more often than that.
func (s *Snapshot) Checks() []expect.Result {
	if s.Pending() {
		return s.shown.Checks()
	}
	in := s.Intact0()
	if in.memo.checks == nil {
		in.memo.checks = expect.EvaluateDocument(in.Doc, in.Plane)
	}
	return in.memo.checks
}

// Changes is what the failures change against the intact design: routes
// per subnet and per BGP speaker, endpoint pairs lost, regained or moved.
// Nil without failures.
func (s *Snapshot) Changes() *diff.Changes {
	if s.Pending() {
		return s.shown.Changes()
	}
	if s.Intact == nil {
		return nil
	}
	if s.memo.changes == nil {
		s.memo.changes = diff.Compare(s.Intact.outcomes(), diff.Take(s.Plane))
	}
	return s.memo.changes
}

// outcomes is every endpoint pair's walk on this snapshot's plane, taken
// once: the intact design's are compared with each what-if's.
func (s *Snapshot) outcomes() *diff.Snapshot {
	if s.memo.taken == nil {
		s.memo.taken = diff.Take(s.Plane)
	}
	return s.memo.taken
}
