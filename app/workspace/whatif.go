package workspace

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"vnetplay/app/kinds"
	"vnetplay/app/store"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
	"vnetplay/engine/whatif"
)

// ToggleFailure fails a component, or restores it if it is failed.
type ToggleFailure struct{ Failure model.Failure }

func (a ToggleFailure) apply(w *Workspace) []Task {
	cur := w.sess.Failures()
	if slices.Contains(cur, a.Failure) {
		if err := w.sess.SetFailures(slices.DeleteFunc(cur, func(x model.Failure) bool { return x == a.Failure })); err != nil {
			return w.say(Plain(err.Error()), true)
		}
		return w.say("Restored "+a.Failure.Target, false)
	}
	if err := w.sess.SetFailures(append(cur, a.Failure)); err != nil {
		return w.say(Plain(err.Error()), true)
	}
	return w.say("Failed "+a.Failure.Target+": the panels show the design without it; the expectations are still checked as drawn", false)
}

// FailPicked fails the component chosen in the What-if picker (its value
// is "<kind>:<target>").
type FailPicked struct{ Value string }

// WithValue is a with Value set.
func (a FailPicked) WithValue(v string) Action { a.Value = v; return a }

func (a FailPicked) apply(w *Workspace) []Task {
	kind, target, ok := strings.Cut(a.Value, ":")
	if !ok || kind == "" {
		return nil
	}
	return ToggleFailure{Failure: model.Failure{Kind: kind, Target: target}}.apply(w)
}

// ApplyFailureSet fails exactly the components of a named failure set of
// the design.
type ApplyFailureSet struct{ Name string }

func (a ApplyFailureSet) apply(w *Workspace) []Task {
	set, ok := w.Snap().Intact0().Doc.Failures[a.Name]
	if !ok {
		return nil
	}
	if err := w.sess.SetFailures(set); err != nil {
		return w.say(Plain(err.Error()), true)
	}
	return w.say("Applied failure set "+a.Name, false)
}

// RestoreAll restores every failed component.
type RestoreAll struct{}

func (RestoreAll) apply(w *Workspace) []Task {
	if err := w.sess.SetFailures(nil); err != nil {
		return w.say(Plain(err.Error()), true)
	}
	return w.say("All components restored", false)
}

// WholeFailure is the failure that takes resource r down entirely, if it
// can fail: the component of the registry's failure kind whose target is
// r's id.
func WholeFailure(snap *store.Snapshot, r store.Ref) (model.Failure, bool) {
	spec, ok := kinds.Of(r.Kind)
	if !ok || spec.Failure == "" {
		return model.Failure{}, false
	}
	f := model.Failure{Kind: spec.Failure, Target: r.ID}
	for _, c := range whatif.Components(snap.Intact0().Doc) {
		if c.Failure == f {
			return f, true
		}
	}
	return model.Failure{}, false
}

// FailureKey is the canvas key a failure marks: the node or edge of the
// component (a gateway instance marks its gateway, a circuit session its
// circuit).
func FailureKey(snap *store.Snapshot, f model.Failure) string {
	for _, s := range kinds.All() {
		if s.Failure == f.Kind {
			return snap.SelectionKey(store.Ref{Kind: s.Kind, ID: f.Target})
		}
	}
	base, _, _ := strings.Cut(f.Target, "/")
	switch f.Kind {
	case model.GatewayInstanceDown:
		return snap.SelectionKey(store.Ref{Kind: kinds.Gateway, ID: base})
	case model.CircuitSessionDown:
		return snap.SelectionKey(store.Ref{Kind: kinds.Circuit, ID: base})
	}
	return ""
}

// Sweep is the N-1 sweep: running with progress, or its result for the
// intact data plane it swept. A cancelled sweep keeps the results of the
// components it finished (Partial).
type Sweep struct {
	Running     bool
	Done, Total int
	Results     []whatif.SPOF
	Partial     bool // cancelled: Results cover Done of Total components
	Err         string
	design      any // the store.Snapshot.DesignKey swept
	seq         int
}

// SweepScope says what the N-1 sweep fails, given how many components the
// What-if has failed: the sweep always fails each component of the intact
// design alone (whatif.Sweep), so failures in place are said not to apply.
func SweepScope(failed int) string {
	if failed == 0 {
		return "Fails each component alone, one at a time, and lists those whose failure loses an endpoint pair."
	}
	what := "the component failed above is"
	if failed > 1 {
		what = fmt.Sprintf("the %d components failed above are", failed)
	}
	return "Fails each component of the intact design alone, one at a time: " + what + " not applied."
}

// SweepSummary is the sweep's result in a sentence: spofs of done
// components are single points of failure; partial when cancelled before
// total. With failed components in the What-if it says the sweep was of the
// intact design.
func SweepSummary(spofs, done, total int, partial bool, failed int) string {
	s := fmt.Sprintf("%d of %d components are single points of failure", spofs, done)
	if partial {
		s = fmt.Sprintf("Cancelled after %d of %d components: %d of those are single points of failure; the others were not checked", done, total, spofs)
	}
	if failed > 0 {
		s += " (of the intact design: the What-if's failures were not applied)"
	}
	return s
}

// SweepKey names the sweep's Work task, for CancelSweep.
const SweepKey = "sweep"

// Sweep returns the sweep's state; Results are only given for the current
// design (an edit makes them stale, whether or not the page has analysed
// it yet; a drag does not).
func (w *Workspace) Sweep() Sweep {
	s := w.sweep
	if s.design != w.Snap().DesignKey() {
		s.Results, s.Err = nil, ""
	}
	return s
}

// SPOFKeys are the canvas keys of the components the sweep found to be
// single points of failure, for the current design.
func (w *Workspace) SPOFKeys() map[string]bool {
	out := map[string]bool{}
	s := w.Sweep()
	if s.Running {
		return out
	}
	snap := w.Snap()
	for _, r := range s.Results {
		if len(r.Lost) > 0 {
			out[FailureKey(snap, r.Component.Failure)] = true
		}
	}
	return out
}

// RunSweep fails every component alone, off the page's thread when the
// browser can (a Web Worker runs the engine: the page never waits for
// it), with progress.
type RunSweep struct{}

func (RunSweep) apply(w *Workspace) []Task {
	if w.sweep.Running {
		return nil
	}
	snap := w.Snap() // the design is sent: the page need not analyse it
	doc := snap.Intact0().Doc
	b, err := scenario.EncodeCompact(doc)
	if err != nil {
		return w.say("Cannot sweep: "+Plain(err.Error()), true)
	}
	seq := w.sweep.seq + 1
	w.sweep = Sweep{Running: true, Total: len(whatif.Components(doc)), design: snap.DesignKey(), seq: seq}
	return []Task{{Key: SweepKey, Sweep: &SweepJob{Seq: seq, Doc: string(b)}}}
}

// SweepJob is an N-1 sweep to run: the design as compact scenario JSON.
// The UI runs it in a Web Worker (engineworker) or, failing that, with
// RunSweepJob; either way its progress and result come back as
// SweepProgress and SweepDone.
type SweepJob struct {
	Seq int
	Doc string
}

// RunSweepJob runs a sweep job here, calling progress with SweepProgress
// actions, and returns its SweepDone.
func RunSweepJob(ctx context.Context, job SweepJob, progress func(Action)) Action {
	doc, _, err := scenario.Decode([]byte(job.Doc), scenario.Lenient)
	if err != nil {
		return SweepDone{Seq: job.Seq, Err: Plain(err.Error())}
	}
	res, err := whatif.Sweep(ctx, doc, func(d, total int, _ model.Component) {
		progress(SweepProgress{Seq: job.Seq, Done: d, Total: total})
	})
	return SweepResult(job.Seq, res, err, ctx.Err() != nil)
}

// SweepResult is the SweepDone of a sweep that returned res and err;
// cancelled says whether it was stopped (its results then cover the
// components it finished).
func SweepResult(seq int, res []whatif.SPOF, err error, cancelled bool) SweepDone {
	switch {
	case err == nil:
		return SweepDone{Seq: seq, Results: res}
	case cancelled:
		return SweepDone{Seq: seq, Results: res, Partial: true, Done: len(res)}
	}
	return SweepDone{Seq: seq, Err: Plain(err.Error())}
}

// CancelSweep stops the running sweep; the components it finished keep
// their results.
type CancelSweep struct{}

func (CancelSweep) apply(w *Workspace) []Task {
	if !w.sweep.Running {
		return nil
	}
	return []Task{{Cancel: SweepKey}}
}

// SweepProgress: Done of Total components swept.
type SweepProgress struct{ Seq, Done, Total int }

func (a SweepProgress) apply(w *Workspace) []Task {
	if w.sweep.seq == a.Seq && w.sweep.Running {
		w.sweep.Done, w.sweep.Total = a.Done, a.Total
	}
	return nil
}

// SweepDone ends a sweep: its results, or why it failed. A cancelled
// sweep (Partial) has the results of the Done components it finished.
type SweepDone struct {
	Seq     int
	Results []whatif.SPOF
	Partial bool
	Done    int
	Err     string
}

func (a SweepDone) apply(w *Workspace) []Task {
	if w.sweep.seq != a.Seq {
		return nil
	}
	w.sweep.Running, w.sweep.Results, w.sweep.Err, w.sweep.Partial = false, a.Results, a.Err, a.Partial
	if a.Partial {
		w.sweep.Done = a.Done
		if w.sweep.Results == nil {
			w.sweep.Results = []whatif.SPOF{}
		}
	}
	return nil
}

// FailedKeys are the canvas keys of the failed components of a snapshot.
func FailedKeys(snap *store.Snapshot) map[string]bool {
	out := map[string]bool{}
	for _, f := range snap.Failures {
		out[FailureKey(snap, f)] = true
	}
	return out
}
