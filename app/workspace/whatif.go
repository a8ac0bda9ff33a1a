package workspace

import (
	"context"
	"slices"
	"strings"

	"vnetplay/app/kinds"
	"vnetplay/app/store"
	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
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
	return w.say("Failed "+a.Failure.Target+": every panel now shows the design without it", false)
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
// intact data plane it swept.
type Sweep struct {
	Running     bool
	Done, Total int
	Results     []whatif.SPOF
	Err         string
	plane       *dataplane.Plane
	seq         int
}

// Sweep returns the sweep's state; Results are only given for the current
// design (an edit makes them stale; a drag does not).
func (w *Workspace) Sweep() Sweep {
	s := w.sweep
	if s.plane != w.Snap().Intact0().Plane {
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

// RunSweep fails every component alone, off the UI's goroutine, with
// progress.
type RunSweep struct{}

func (RunSweep) apply(w *Workspace) []Task {
	if w.sweep.Running {
		return nil
	}
	snap := w.Snap()
	doc, plane := snap.Intact0().Doc, snap.Intact0().Plane
	seq := w.sweep.seq + 1
	w.sweep = Sweep{Running: true, Total: len(whatif.Components(doc)), plane: plane, seq: seq}
	return []Task{{Work: func(ctx context.Context, progress func(Action)) Action {
		res, err := whatif.Sweep(ctx, doc, func(done, total int, _ model.Component) {
			progress(sweepProgress{seq: seq, done: done, total: total})
		})
		msg := ""
		if err != nil {
			msg = Plain(err.Error())
		}
		return sweepDone{seq: seq, results: res, err: msg}
	}}}
}

type sweepProgress struct{ seq, done, total int }

func (a sweepProgress) apply(w *Workspace) []Task {
	if w.sweep.seq == a.seq && w.sweep.Running {
		w.sweep.Done, w.sweep.Total = a.done, a.total
	}
	return nil
}

type sweepDone struct {
	seq     int
	results []whatif.SPOF
	err     string
}

func (a sweepDone) apply(w *Workspace) []Task {
	if w.sweep.seq != a.seq {
		return nil
	}
	w.sweep.Running, w.sweep.Results, w.sweep.Err = false, a.results, a.err
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
