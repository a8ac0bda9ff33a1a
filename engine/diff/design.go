package diff

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sync"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
	"vnetplay/engine/trace"
)

// DesignChanges is the semantic difference between two scenario documents
// (`vnetplay diff A B`): what the documents say differently, and, unless
// only the documents were compared, what the two designs do differently.
//
// Its JSON is the stable schema of `vnetplay diff --json`: every list is
// present (empty when nothing changed) and sorted as documented on each
// field; "behaviour" is left out when the data planes were not compared.
//
//	{
//	  "document":     [PropertyChange],   // name, description
//	  "resources":    [ResourceChange],   // see Resources
//	  "failureSets":  [FailureSetChange], // by name
//	  "expectations": [ResourceChange],   // kind "expectation", by id
//	  "behaviour": {
//	    "endpoints": {"added": [id], "removed": [id]},
//	    "speakers":  {"added": [id], "removed": [id]},
//	    "routes":    [{"subnet", "prefix", "before", "after"}],
//	    "bgp":       [{"speaker", "prefix", "before", "after"}],
//	    "pairs":     [{"from", "to", "change", "before": Verdict, "after": Verdict}],
//	    "counts":    {"routes", "bgp", "pairs", "gained", "lost", "rerouted"},
//	    "truncated": false
//	  }
//	}
//
// The document's layout (canvas positions), its formatting, its format
// version and the order of its lists are not differences.
type DesignChanges struct {
	// Document lists the changed document properties: "name",
	// "description".
	Document []PropertyChange `json:"document"`
	// Resources lists the topology's changes (Resources).
	Resources []ResourceChange `json:"resources"`
	// FailureSets lists the named what-if sets added, removed or changed,
	// sorted by name.
	FailureSets []FailureSetChange `json:"failureSets"`
	// Expectations lists the expectations added, removed or changed
	// (matched by id, kind "expectation"), sorted by id.
	Expectations []ResourceChange `json:"expectations"`
	// Behaviour is the difference of the two data planes; nil when they
	// were not compared (DocumentChanges, or Designs stopped early).
	Behaviour *Behaviour `json:"behaviour,omitempty"`
}

// KindExpectation is the kind of an expectation's ResourceChange.
const KindExpectation model.Kind = "expectation"

// FailureSetChange is one named failure set added, removed or changed:
// its failures before and after (each side sorted by kind, then target;
// left out on the side without the set). Sets are compared as sets: the
// order of their failures does not matter.
type FailureSetChange struct {
	Name   string          `json:"name"`
	Change string          `json:"change"`
	Before []model.Failure `json:"before,omitempty"`
	After  []model.Failure `json:"after,omitempty"`
}

// Empty reports whether the two documents are the same design: no
// section lists a change.
func (c *DesignChanges) Empty() bool {
	return len(c.Document)+len(c.Resources)+len(c.FailureSets)+len(c.Expectations) == 0 && c.Behaviour.empty()
}

// Design is one side of a design diff: a document and, if already built,
// its intact data plane (nil: Designs builds it from the document).
type Design struct {
	Doc   *scenario.Document
	Plane *dataplane.Plane
}

// Options tunes Designs.
type Options struct {
	// Flow sets the protocol and ports of the endpoint pairs' packets (Src
	// and DstIP are set per pair); the zero Flow is TCP to port 443, as
	// `vnetplay reach` sends.
	Flow trace.Flow
	// Limit bounds each list of Behaviour: the routes, the best paths,
	// and the pairs of each change kind (gained, lost, rerouted), the
	// first ones in their order; 0 lists every one. Behaviour.Counts is
	// always complete and Behaviour.Truncated says whether a list was cut.
	Limit int
	// Progress, if not nil, is called after each row of endpoint pairs
	// walked (one source endpoint on one side) with the rows done and the
	// total (twice the common endpoints); calls are serialised, possibly
	// from another goroutine than the caller's.
	Progress func(done, total int)
}

// DocumentChanges compares two documents without their data planes:
// DesignChanges with Behaviour nil.
func DocumentChanges(before, after *scenario.Document) (*DesignChanges, error) {
	c := &DesignChanges{Document: documentChanges(before, after), FailureSets: failureSetChanges(before.Failures, after.Failures)}
	var err error
	if c.Resources, err = Resources(&before.Topology, &after.Topology); err != nil {
		return nil, err
	}
	if c.Expectations, err = expectationChanges(before.Expect, after.Expect); err != nil {
		return nil, err
	}
	return c, nil
}

// Designs compares two designs: their documents (DocumentChanges) and
// their intact data planes (Behaviour: effective routes per subnet, best
// BGP paths per speaker, and every pair of the endpoints both designs
// have, walked on each side). Planes not given are built (both at once).
//
// The pair walks dominate: one walk per ordered pair of common endpoints
// and per endpoint to the Internet on each side, the two sides on two
// goroutines, each with one trace path walker sharing walk suffixes:
// two 500-spoke designs take about 2 s of CPU in all, about 1 s on two
// idle cores (BenchmarkDesignsHubSpoke500). ctx is checked
// between rows of walks; when it is done first, Designs returns the
// document sections with Behaviour nil and an error wrapping ctx.Err().
func Designs(ctx context.Context, before, after Design, opts Options) (*DesignChanges, error) {
	c, err := DocumentChanges(before.Doc, after.Doc)
	if err != nil {
		return nil, err
	}
	pb, pa := planes(before, after)
	if err := ctx.Err(); err != nil {
		return c, fmt.Errorf("diff: stopped before comparing the data planes: %w", err)
	}
	b, err := behaviour(ctx, pb, pa, opts)
	if err != nil {
		return c, err
	}
	c.Behaviour = b
	return c, nil
}

// planes returns both sides' data planes, building the missing ones at
// the same time.
func planes(before, after Design) (*dataplane.Plane, *dataplane.Plane) {
	pb, pa := before.Plane, after.Plane
	var wg sync.WaitGroup
	if pb == nil {
		wg.Go(func() { pb = dataplane.Build(&before.Doc.Topology) })
	}
	if pa == nil {
		pa = dataplane.Build(&after.Doc.Topology)
	}
	wg.Wait()
	return pb, pa
}

// documentChanges compares the documents' name and description.
func documentChanges(before, after *scenario.Document) []PropertyChange {
	out := []PropertyChange{}
	for _, f := range []struct{ path, b, a string }{{"name", before.Name, after.Name}, {"description", before.Description, after.Description}} {
		walkValues(&out, f.path, f.b, f.a, f.b != "", f.a != "")
	}
	return out
}

// failureSetChanges compares two documents' failure sets by name.
func failureSetChanges(before, after map[string][]model.Failure) []FailureSetChange {
	out := []FailureSetChange{}
	for _, name := range union(keysOf(before), keysOf(after)) {
		b, okB := before[name]
		a, okA := after[name]
		b, a = sortedFailures(b), sortedFailures(a)
		switch {
		case !okA:
			out = append(out, FailureSetChange{Name: name, Change: Removed, Before: b})
		case !okB:
			out = append(out, FailureSetChange{Name: name, Change: Added, After: a})
		case !slices.Equal(b, a):
			out = append(out, FailureSetChange{Name: name, Change: Changed, Before: b, After: a})
		}
	}
	return out
}

// sortedFailures is fs sorted by kind, then target, without repeats.
func sortedFailures(fs []model.Failure) []model.Failure {
	out := slices.Clone(fs)
	slices.SortFunc(out, func(x, y model.Failure) int {
		return cmp.Or(cmp.Compare(x.Kind, y.Kind), cmp.Compare(x.Target, y.Target))
	})
	return slices.Compact(out)
}

// expectationChanges compares two documents' expectations by id.
func expectationChanges(before, after []scenario.Expectation) ([]ResourceChange, error) {
	rb, err := json.Marshal(before)
	if err != nil {
		return nil, fmt.Errorf("diff: encoding the expectations: %w", err)
	}
	ra, err := json.Marshal(after)
	if err != nil {
		return nil, fmt.Errorf("diff: encoding the expectations: %w", err)
	}
	ch, err := compareCollection(collection{member: "expect", kind: KindExpectation}, "id", rb, ra)
	if err != nil {
		return nil, err
	}
	return resourceChanges(ch), nil
}
