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
// page's snapshots of the same design (TestMirrorEqualsSession).
type Mirror struct {
	doc      []byte
	intact   *Snapshot
	failures []model.Failure
	failed   *Snapshot
}

// Set makes doc (scenario JSON, as scenario.EncodeCompact writes it) with
// failures the mirrored design and returns its snapshot: the what-if view
// when failures name components of it, else the intact snapshot.
func (m *Mirror) Set(doc []byte, failures []model.Failure) (*Snapshot, error) {
	if m.intact == nil || !bytes.Equal(doc, m.doc) {
		d, _, err := scenario.Decode(doc, scenario.Lenient)
		if err != nil {
			return nil, fmt.Errorf("the design sent to the engine: %w", err)
		}
		m.intact = analyzed(scenario.Canonical(d), nil, m.intact, nil)
		m.doc = slices.Clone(doc)
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
