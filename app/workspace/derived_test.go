package workspace

import (
	"reflect"
	"slices"
	"testing"

	"vnetplay/app/kinds"
	"vnetplay/app/store"
)

// deriveTasks are the Derive tasks among tasks.
func deriveTasks(tasks []Task) []DeriveJob {
	var out []DeriveJob
	for _, t := range tasks {
		if t.Derive != nil {
			out = append(out, *t.Derive)
		}
	}
	return out
}

// TestDerivedAskedAndShown: in the browser's mode (edits analysed after
// the paint), a panel's question is asked once per design version, the
// panel says it is updating and shows the last answer it had until the
// answer for the design on screen comes, an answer for a design no longer
// on screen is kept for when it comes back (undo), and a question the
// worker dropped for a newer one is asked again.
func TestDerivedAskedAndShown(t *testing.T) {
	w, st := open(t, "hub-spoke-firewall")
	w.Settle(st, w.Do(DeferAnalysis{}))
	jobs := deriveTasks(w.Do(OpenTab{Tab: TabReach}))
	if len(jobs) != 1 || jobs[0].Req.Kind != DeriveMatrix {
		t.Fatalf("opening the Reach tab asked %+v", jobs)
	}
	if v, current := w.MatrixView(); current || v.Endpoints != 0 || !w.Updating() {
		t.Fatalf("before the answer: current %v, %d endpoints, updating %v", current, v.Endpoints, w.Updating())
	}
	if again := deriveTasks(w.Do(SetPort{Port: "443"})); len(again) != 0 {
		t.Fatalf("the same question was asked again: %+v", again)
	}
	first := Derive(jobs[0].Snap, jobs[0].Req)
	w.Settle(st, w.Do(Derived{Key: jobs[0].Key, Result: first}))
	v, current := w.MatrixView()
	if !current || w.Updating() || !reflect.DeepEqual(v, *first.Matrix) {
		t.Fatalf("after the answer: current %v, updating %v", current, w.Updating())
	}

	// An edit: drawn first; the matrix shown is the last one until the
	// design is analysed and the new question answered.
	tasks := w.Do(PaletteAdd{Kind: kinds.VNet})
	asked := deriveTasks(tasks)
	if len(asked) != 2 || asked[0].Req.Kind != DeriveOverview || asked[1].Req.Kind != DeriveMatrix {
		t.Fatalf("the edit asked %+v", asked)
	}
	edited := asked[1]
	if v, current := w.MatrixView(); current || !reflect.DeepEqual(v, *first.Matrix) || !w.Updating() {
		t.Fatalf("after the edit: current %v, updating %v, the last matrix shown %v", current, w.Updating(), reflect.DeepEqual(v, *first.Matrix))
	}
	w.Settle(st, w.Do(Analyse{}))
	again := deriveTasks(w.Do(Derived{Key: edited.Key, Result: DeriveResult{Superseded: true}}))
	if len(again) != 1 || again[0].Key != edited.Key {
		t.Fatalf("a superseded question was not asked again: %+v", again)
	}
	w.Settle(st, w.Do(Derived{Key: edited.Key, Result: Derive(w.Snap(), again[0].Req)}))
	if _, current := w.MatrixView(); !current {
		t.Fatal("the answer for the edited design is not current")
	}

	// Undo: the first design's answer is still kept, shown once the page
	// has painted the undo (held until then).
	tasks = w.Do(Undo{})
	if undo := deriveTasks(tasks); len(undo) != 0 {
		t.Fatalf("the undone design's question was asked again: %+v", undo)
	}
	if _, current := w.MatrixView(); current || !w.Updating() || !slices.ContainsFunc(tasks, func(t Task) bool { return t.Reveal }) {
		t.Fatalf("the undo's answer known: before the paint, current %v, updating %v; tasks %+v", current, w.Updating(), tasks)
	}
	w.Settle(st, tasks)
	w.Settle(st, w.Do(Analyse{}))
	if v, current := w.MatrixView(); !current || !reflect.DeepEqual(v, *first.Matrix) {
		t.Fatal("after the undo, the first design's matrix is not shown")
	}
}

// TestDerivedInPage: without a worker the UI answers in the page
// (DeriveInPage), on the design on screen, analysed first.
func TestDerivedInPage(t *testing.T) {
	w, st := open(t, "hub-spoke-firewall")
	w.Settle(st, w.Do(DeferAnalysis{}))
	w.Settle(st, w.Do(OpenTab{Tab: TabChecks}))
	res, current := w.Checks()
	if !current || len(res) == 0 || w.Updating() {
		t.Fatalf("checks %d, current %v, updating %v", len(res), current, w.Updating())
	}
}

// TestUndoShowsALightOverviewAtOnce: with only the Overview on screen (the
// Routes tab, nothing selected), an undo whose answer is known shows it
// with the undo, not after the paint, when its tool lists are the ones
// shown (lightOverview); the Reach tab's matrix is held
// (TestDerivedAskedAndShown).
func TestUndoShowsALightOverviewAtOnce(t *testing.T) {
	w, st := open(t, "hub-spoke-firewall")
	w.Settle(st, w.Do(DeferAnalysis{}))
	w.Settle(st, w.Do(OpenTab{Tab: TabRoutes}))
	w.Settle(st, w.Do(Select{}))
	if reqs := w.wantedRequests(); len(reqs) != 1 || reqs[0].Kind != DeriveOverview {
		t.Fatalf("on screen: %+v, want the Overview alone", reqs)
	}
	vnet := w.Snap().Doc.Topology.VNets[0]
	w.Settle(st, w.Do(SetProperty{Ref: store.Ref{Kind: kinds.VNet, ID: vnet.ID}, Path: "location", Value: vnet.Location + "2"}))
	if _, current := w.Overview(); !current {
		t.Fatal("the edit's Overview was not answered")
	}
	tasks := w.Do(Undo{})
	if slices.ContainsFunc(tasks, func(t Task) bool { return t.Reveal }) {
		t.Errorf("the undo's Overview is held for the paint: %+v", tasks)
	}
	if _, current := w.Overview(); !current || w.Updating() {
		t.Errorf("after the undo: the Overview current %v, updating %v", current, w.Updating())
	}
}

// TestLightOverview: an Overview is light to show in place of another
// with the same endpoints (the tools' lists), not with others, nor in
// place of no Overview.
func TestLightOverview(t *testing.T) {
	o := func(eps ...string) DeriveResult {
		return DeriveResult{Overview: &Overview{Endpoints: eps, Total: len(eps)}}
	}
	for _, c := range []struct {
		next, shown DeriveResult
		want        bool
	}{
		{o("a", "b"), o("a", "b"), true},
		{o("a", "b"), o("a"), false},
		{o("a", "c"), o("a", "b"), false},
		{o("a"), DeriveResult{}, false},
		{DeriveResult{}, o("a"), false},
	} {
		if got := lightOverview(c.next, c.shown); got != c.want {
			t.Errorf("lightOverview(%+v, %+v) = %v, want %v", c.next.Overview, c.shown.Overview, got, c.want)
		}
	}
}
