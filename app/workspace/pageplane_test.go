package workspace

import (
	"reflect"
	"testing"

	"vnetplay/app/kinds"
	"vnetplay/app/store"
	"vnetplay/engine/scenario"
)

// fakeWorker answers the workspace's questions as the engine's Web Worker
// does: on its own mirror of the design, sent as compact JSON.
type fakeWorker struct {
	t      *testing.T
	mirror store.Mirror
}

// answer answers the Derive jobs among tasks and returns the tasks the
// answers leave (Analyse tasks among them are the caller's to check).
func (f *fakeWorker) answer(w *Workspace, tasks []Task) (rest []Task) {
	f.t.Helper()
	for len(tasks) > 0 {
		t := tasks[0]
		tasks = tasks[1:]
		if t.Derive == nil {
			rest = append(rest, t)
			continue
		}
		doc, err := scenario.EncodeCompact(t.Derive.Snap.Intact0().Doc)
		if err != nil {
			f.t.Fatal(err)
		}
		var known *store.KnownChecks
		if k, ok := t.Derive.Snap.KnownChecks(); ok {
			known = &k
		}
		snap, err := f.mirror.Set(doc, t.Derive.Failures, known)
		if err != nil {
			f.t.Fatal(err)
		}
		tasks = append(tasks, w.Do(Derived{Key: t.Derive.Key, Result: Derive(snap, t.Derive.Req)})...)
	}
	return rest
}

func analyseAsked(ts []Task) bool {
	for _, t := range ts {
		if t.Analyse {
			return true
		}
	}
	return false
}

// TestWorkerServesThePanels (issue 12, point 1: the engine in the
// worker): in the browser's mode, while the panels on screen are the ones
// the engine's worker answers (the Routes tab's effective routes, the
// Reach matrix, the Checks tab, every tab's count), an edit asks no
// analysis of the page: the design stays unanalysed in the page, the
// panels say they are updating until the worker's answers come, then show
// the edited design's routes and diagnostics. A view that reads the page's
// analysis (the Names tab, a BGP speaker's tables, a picked walk) opens on
// the design analysed, and an edit made while it is open asks for the
// analysis after its paint.
func TestWorkerServesThePanels(t *testing.T) {
	w, st := open(t, "er-vpn-coexistence")
	fw := &fakeWorker{t: t}
	if rest := fw.answer(w, w.Do(DeferAnalysis{})); len(rest) != 0 {
		t.Fatalf("deferring left %+v", rest)
	}
	doc := w.Snap().Doc
	hub, spoke := doc.Topology.VNets[0], doc.Topology.VNets[1]
	subnet := spoke.ID + "/" + spoke.Subnets[0].Name
	if rest := fw.answer(w, w.Do(Select{Key: "subnet:" + subnet})); analyseAsked(rest) {
		t.Fatal("selecting a subnet asked the page for an analysis")
	}
	before, current := w.EffectiveRoutes(subnet)
	if !current || !before.Found || len(before.Rows) == 0 {
		t.Fatalf("the routes of %s: current %v, %+v", subnet, current, before)
	}

	for _, tab := range []string{TabRoutes, TabReach, TabChecks} {
		fw.answer(w, w.Do(OpenTab{Tab: tab}))
		tasks := w.Do(SetProperty{Ref: store.Ref{Kind: kinds.VNet, ID: hub.ID}, Path: "location", Value: "elsewhere-" + tab})
		if analyseAsked(tasks) {
			t.Fatalf("%s tab: the edit asked the page for an analysis", tab)
		}
		if !w.Updating() || !w.Snap().Pending() {
			t.Fatalf("%s tab: after the edit, updating %v, pending %v", tab, w.Updating(), w.Snap().Pending())
		}
		if _, current := w.Overview(); current {
			t.Fatalf("%s tab: the overview before the answer is current", tab)
		}
		if rest := fw.answer(w, tasks); analyseAsked(rest) {
			t.Fatalf("%s tab: the answers asked for an analysis", tab)
		}
		if w.Updating() || !w.Snap().Pending() {
			t.Fatalf("%s tab: after the answers, updating %v, pending %v", tab, w.Updating(), w.Snap().Pending())
		}
	}
	// What the worker answered is the edited design's, as a full analysis
	// in the page would show it.
	full := store.Open(scenario.Canonical(w.Snap().Doc)).Current()
	o, current := w.Overview()
	if want := overviewOf(full); !current || !reflect.DeepEqual(o.Diagnostics.Shown, want.Diagnostics.Shown) || o.Problems != want.Problems {
		t.Fatalf("the overview: current %v, %d problems, want %d", current, o.Problems, want.Problems)
	}
	fw.answer(w, w.Do(OpenTab{Tab: TabRoutes}))
	after, current := w.EffectiveRoutes(subnet)
	if want := routesOf(full, subnet); !current || !reflect.DeepEqual(after, want) || reflect.DeepEqual(after, before) {
		t.Fatalf("the routes after the edits: current %v, equal to the full analysis %v, changed %v", current, reflect.DeepEqual(after, want), !reflect.DeepEqual(after, before))
	}

	// Views that read the page's analysis ask for it.
	for _, step := range []struct {
		name string
		a    Action
	}{
		{"the Names tab", OpenTab{Tab: TabNames}},
		{"a gateway selected on the Routes tab", Select{Key: "vpn-gateway:hub-vpngw"}},
		{"a walk picked on the Reach tab", PickWalk{From: w.ToolNICs()[0], To: w.ToolNICs()[1]}},
	} {
		if step.name == "a walk picked on the Reach tab" {
			fw.answer(w, w.Do(OpenTab{Tab: TabReach}))
		}
		if step.name == "a gateway selected on the Routes tab" {
			fw.answer(w, w.Do(OpenTab{Tab: TabRoutes}))
		}
		if !w.Snap().Pending() {
			t.Fatalf("before %s: the design was analysed in the page", step.name)
		}
		rest := fw.answer(w, w.Do(step.a))
		if w.Snap().Pending() || w.Updating() || analyseAsked(rest) {
			t.Fatalf("%s: opened on an unanalysed design: pending %v, updating %v, analysis asked after the paint %v", step.name, w.Snap().Pending(), w.Updating(), analyseAsked(rest))
		}
		if tr, _, _, ok := w.Walk(); ok && (tr == nil || len(tr.Hops) == 0) {
			t.Fatalf("%s: the walk picked has no hops: %+v", step.name, tr)
		}
		fw.answer(w, w.Do(ClearWalk{}))
		fw.answer(w, w.Do(Select{Key: "subnet:" + subnet}))
		edit := SetProperty{Ref: store.Ref{Kind: kinds.VNet, ID: hub.ID}, Path: "location", Value: "again-" + step.name}
		if step.name == "the Names tab" {
			rest := fw.answer(w, w.Do(edit))
			if !analyseAsked(rest) {
				t.Fatal("an edit on the Names tab asked no analysis")
			}
			w.Settle(st, rest)
			edit.Value += "-2"
		}
		fw.answer(w, w.Do(OpenTab{Tab: TabChecks}))
		if rest := fw.answer(w, w.Do(edit)); analyseAsked(rest) || !w.Snap().Pending() || w.Updating() {
			t.Fatalf("after %s, an edit on the Checks tab: analysis asked %v, pending %v, updating %v", step.name, analyseAsked(rest), w.Snap().Pending(), w.Updating())
		}
	}
}
