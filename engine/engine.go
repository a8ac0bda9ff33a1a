package engine

import (
	"cmp"
	"slices"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/dns"
	"vnetplay/engine/edge"
	"vnetplay/engine/expect"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
)

// Analysis is a decoded scenario with its diagnostics and computed data
// plane. It is immutable and safe for concurrent reads.
type Analysis struct {
	Doc *scenario.Document
	// Diagnostics are the decoder's warnings, then model.Validate's and
	// edge.Lint's findings, then the failures', BGP's and the name
	// resolution lint's (dns.Lint, on the data plane), then
	// expect.Validate's.
	Diagnostics []model.Diagnostic
	Plane       *dataplane.Plane

	// names is the design's shared name resolution (DNS), which the lint
	// built; nil in an Analysis not made by this package.
	names *dns.Shared
}

// DNS is the name resolution of the analysed design: one dns.Shared,
// whose resolver the analysis's name resolution lint already built and
// warmed, for every reader of the analysis (the UI's Names panel), so the
// indexes, stand-in plane and network checks are built once per analysed
// version. An Analysis not made by Load, Analyze or Reanalyze gets a new,
// unshared one on each call.
func (a *Analysis) DNS() *dns.Shared {
	if a.names != nil {
		return a.names
	}
	return dns.NewShared(a.Plane, &a.Doc.Topology)
}

// Load decodes a scenario file, validates its topology and computes its data
// plane. Only a file that cannot be decoded is an error; an invalid design
// still yields an Analysis (invalid elements are left out of the plane).
func Load(b []byte, mode scenario.Mode) (*Analysis, error) {
	doc, warnings, err := scenario.Decode(b, mode)
	if err != nil {
		return nil, err
	}
	a := Analyze(doc)
	a.Diagnostics = append(warnings, a.Diagnostics...)
	return a, nil
}

// Analyze validates a decoded document and computes its data plane: what
// Load does after decoding, for callers that hold a Document (the UI's
// editing session). failures, if any, are applied to the plane (what-if);
// the design's diagnostics do not depend on them.
func Analyze(doc *scenario.Document, failures ...model.Failure) *Analysis {
	return Reanalyze(nil, doc, failures...)
}

// Reanalyze is Analyze for a new version of a design whose previous data
// plane was prev (nil: none): the parts of the control plane whose inputs
// did not change (BGP, gateway route layers) are reused
// (dataplane.Update); the answers are exactly Analyze's.
func Reanalyze(prev *dataplane.Plane, doc *scenario.Document, failures ...model.Failure) *Analysis {
	a, _ := ReanalyzeChecked(prev, doc, ValidateModel(doc), failures...)
	return a
}

// Validate is the part of the diagnostics that depends on the document
// alone (model.Validate: addresses, references, overlaps), without
// computing the data plane: what an editor checks before it accepts a
// change. The Internet edge's lint (edge.Lint) is merged in, by path.
// Reanalyze's diagnostics start with exactly these. Validate(doc) is
// WithLint(doc, ValidateModel(doc)).
func Validate(doc *scenario.Document) []model.Diagnostic {
	return WithLint(doc, ValidateModel(doc))
}

// ValidateModel is the document's own checks (model.Validate), sorted by
// path then code: every Error that Validate reports is among them, since
// the Internet edge's lint reports warnings and notes only. An editor that
// only needs to know whether a change creates an error (the session's
// guard) validates with it and leaves the lint for later.
func ValidateModel(doc *scenario.Document) []model.Diagnostic {
	return model.Validate(&doc.Topology, dataplane.KnownServices())
}

// WithLint is Validate(doc) from checks, ValidateModel(doc): a new slice,
// checks merged with the Internet edge's lint by path then code (checks
// first where both have a finding with the same path and code).
func WithLint(doc *scenario.Document, checks []model.Diagnostic) []model.Diagnostic {
	return withLint(doc, checks, nil)
}

// withLint is WithLint with doc's edge resolved (x: edge.Build of doc's
// topology, a data plane's Edge), or resolved here when x is nil.
func withLint(doc *scenario.Document, checks []model.Diagnostic, x *edge.Index) []model.Diagnostic {
	ds := slices.Concat(checks, edge.LintWith(&doc.Topology, x))
	slices.SortStableFunc(ds, func(a, b model.Diagnostic) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Code, b.Code))
	})
	return ds
}

// ReanalyzeValidated is Reanalyze for a caller that already holds
// Validate(doc) (validation, which it must not modify): the document is
// not validated twice.
func ReanalyzeValidated(prev *dataplane.Plane, doc *scenario.Document, validation []model.Diagnostic, failures ...model.Failure) *Analysis {
	return analysis(update(prev, doc, failures), doc, validation, len(failures) > 0)
}

// ReanalyzeChecked is Reanalyze for a caller that holds ValidateModel(doc)
// (checks, which it must not modify), and Validate(doc): the Internet
// edge's lint reads the new data plane's edge (which the update reuses when
// the edge's inputs did not change) instead of resolving it again.
func ReanalyzeChecked(prev *dataplane.Plane, doc *scenario.Document, checks []model.Diagnostic, failures ...model.Failure) (*Analysis, []model.Diagnostic) {
	plane := update(prev, doc, failures)
	validation := withLint(doc, checks, plane.Edge())
	return analysis(plane, doc, validation, len(failures) > 0), validation
}

// update is the data plane of doc with failures, reusing what it can of
// prev (nil: none).
func update(prev *dataplane.Plane, doc *scenario.Document, failures []model.Failure) *dataplane.Plane {
	var opts []dataplane.Option
	if len(failures) > 0 {
		opts = append(opts, dataplane.WithFailures(failures))
	}
	return dataplane.Update(prev, &doc.Topology, opts...)
}

// analysis is the analysis of doc on its data plane, its diagnostics
// starting with validation (Validate(doc)). failed says that the plane has
// what-if failures applied.
func analysis(plane *dataplane.Plane, doc *scenario.Document, validation []model.Diagnostic, failed bool) *Analysis {
	diags := append([]model.Diagnostic(nil), validation...)
	diags = append(diags, model.ValidateFailures(&doc.Topology, doc.Failures)...)
	if r := plane.BGP(); r != nil {
		diags = append(diags, r.Diagnostics...)
	}
	names := dns.NewShared(plane, &doc.Topology)
	diags = append(diags, names.Lint()...)
	diags = append(diags, validateExpectations(plane, doc, failed)...)
	diags = append(diags, expect.ValidateFailureRefs(doc.Expect, doc.Failures)...)
	return &Analysis{Doc: doc, Diagnostics: diags, Plane: plane, names: names}
}

// validateExpectations is expect.Validate of doc's expectations, on the
// design without its what-if failures: the design's diagnostics do not
// depend on them (Analyze), and expectations are evaluated without them
// (each under its own failure set). An expectation naming a failed VM is
// not an error of the design: on a plane with failures, expectations
// that do not validate are validated again on the plane without them.
func validateExpectations(plane *dataplane.Plane, doc *scenario.Document, failed bool) []model.Diagnostic {
	ds := expect.Validate(plane, doc.Expect)
	if failed && len(ds) > 0 {
		ds = expect.Validate(dataplane.Update(plane, &doc.Topology), doc.Expect)
	}
	return ds
}

// Errors counts the Error-severity diagnostics.
func (a *Analysis) Errors() int {
	n := 0
	for _, d := range a.Diagnostics {
		if d.Severity == model.Error {
			n++
		}
	}
	return n
}
