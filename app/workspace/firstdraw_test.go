package workspace

import (
	"context"
	"slices"
	"strings"
	"testing"

	"vnetplay/app/canvas"
	"vnetplay/app/persist"
)

// hasWiden reports whether tasks ask for WidenDrawn after the paint.
func hasWiden(tasks []Task) bool {
	return slices.ContainsFunc(tasks, func(t Task) bool { return t.Widen })
}

// TestFirstFrameIsDrawnTight: a design opened on a canvas of known size
// is drawn first in what the canvas shows, with a thin margin, and the
// action asks for WidenDrawn after the paint; an action before it that
// keeps the view keeps that window; WidenDrawn, or a view that leaves the
// first window, gives the window with its pan margins.
func TestFirstFrameIsDrawnTight(t *testing.T) {
	w, st := startedWS(t)
	var first canvas.Rect // the window of the last design opened's first frame
	for _, step := range []struct {
		name  string
		a     Action
		tight bool // the window is the first frame's
		widen bool // the action asks for WidenDrawn
	}{
		{"open", OpenBuiltin{Name: "hub-spoke-firewall"}, true, true},
		{"select before the widening", Select{Key: "vnet:hub"}, true, false},
		{"widen", WidenDrawn{}, false, false},
		{"widen again", WidenDrawn{}, false, false},
		{"open another", OpenBuiltin{Name: "er-vpn-coexistence"}, true, true},
		{"a wheel step out before the widening", Wheel{At: canvas.Point{X: 100, Y: 100}, Screen: screen, DeltaY: 100}, true, false},
		{"a second step, past the first frame", Wheel{At: canvas.Point{X: 100, Y: 100}, Screen: screen, DeltaY: 100}, false, false},
		{"widen after it", WidenDrawn{}, false, false},
	} {
		tasks := w.Do(step.a)
		if hasWiden(tasks) != step.widen {
			t.Errorf("%s: asks for WidenDrawn %v, want %v", step.name, hasWiden(tasks), step.widen)
		}
		w.Settle(st, slices.DeleteFunc(tasks, func(t Task) bool { return t.Widen }))
		if step.widen {
			var ok bool
			if first, ok = canvas.ShownWindow(w.View(), w.CanvasScreen(), firstDrawMargin); !ok {
				t.Fatalf("%s: no window for view %+v on %+v", step.name, w.View(), w.CanvasScreen())
			}
		}
		pans := canvas.NextDrawnWindow(canvas.Rect{}, w.View(), w.CanvasScreen())
		want := pans
		if step.tight {
			want = first
		}
		if got := w.DrawnWindow(); got != want {
			t.Errorf("%s: drawn window %+v, want %+v (first frame's %+v, with pan margins %+v)", step.name, got, want, first, pans)
		}
		if shown, _ := canvas.ShownWindow(w.View(), w.CanvasScreen(), 0); !w.DrawnWindow().Covers(shown) {
			t.Errorf("%s: drawn window %+v does not hold what the canvas shows, %+v", step.name, w.DrawnWindow(), shown)
		}
	}
}

// TestFirstFrameWaitsForTheCanvasSize: a design opened before the canvas
// has a size is drawn whole (no window), then, when the size comes, tight
// with a Widen task.
func TestFirstFrameWaitsForTheCanvasSize(t *testing.T) {
	w, st := New(), &persist.Memory{}
	w.Settle(st, w.Do(Start{}))
	w.Settle(st, w.Do(OpenBuiltin{Name: "hub-spoke-firewall"}))
	if got := w.DrawnWindow(); got != (canvas.Rect{}) {
		t.Fatalf("without a canvas size the drawn window is %+v, want none (all drawn)", got)
	}
	tasks := w.Do(CanvasSize{Screen: screen})
	want, _ := canvas.ShownWindow(w.View(), screen, firstDrawMargin)
	if !hasWiden(tasks) || w.DrawnWindow() != want {
		t.Fatalf("the canvas' size known: window %+v (want %+v), WidenDrawn asked %v", w.DrawnWindow(), want, hasWiden(tasks))
	}
}

// hasRehearse reports whether tasks ask for RehearseEdit.
func hasRehearse(tasks []Task) bool {
	return slices.ContainsFunc(tasks, func(t Task) bool { return t.Rehearse })
}

// TestFirstEditRehearsedAfterTheMargins: a design just opened asks for
// RehearseEdit once its margins are drawn (WidenDrawn), once per design
// opened, and each round asks for the next until rehearsalRounds have run.
// Drawing edits before analysing them, each round asks the panels'
// questions about the edit it rehearsed, marked as a rehearsal (no key:
// their answers are dropped). The rehearsal changes nothing the page
// shows or keeps: no version, no undo step, no other task (an autosave),
// no answer kept, the same panel and drawn window, and the page is not
// drawn again for it (Unseen).
func TestFirstEditRehearsedAfterTheMargins(t *testing.T) {
	for _, deferred := range []bool{false, true} {
		w, st := startedWS(t)
		if deferred {
			w.Settle(st, w.Do(DeferAnalysis{}))
		}
		for _, name := range []string{"hub-spoke-firewall", "er-vpn-coexistence"} {
			tasks := w.Do(OpenBuiltin{Name: name})
			if hasRehearse(tasks) {
				t.Errorf("%s: the open asks for the rehearsal before the first frame is painted", name)
			}
			w.Settle(st, slices.DeleteFunc(tasks, func(t Task) bool { return t.Widen }))
			if tasks := w.Do(WidenDrawn{}); !hasRehearse(tasks) {
				t.Errorf("%s: WidenDrawn asks for no rehearsal: %+v", name, tasks)
			}
			if tasks := w.Do(WidenDrawn{}); hasRehearse(tasks) {
				t.Errorf("%s: a second WidenDrawn asks for a second rehearsal", name)
			}
			version, rev, drawn := w.Session().Version(), w.PanelRev(), w.DrawnWindow()
			doc, _ := w.Session().Encode()
			answers := len(w.derived.answers)
			for round := 1; round <= rehearsalRounds+1; round++ {
				tasks := w.Do(RehearseEdit{})
				if !w.Unseen() {
					t.Errorf("%s deferred %v: round %d is drawn (not Unseen)", name, deferred, round)
				}
				if want := round < rehearsalRounds; hasRehearse(tasks) != want {
					t.Errorf("%s deferred %v: round %d asks for the next: %v, want %v", name, deferred, round, !want, want)
				}
				asked := 0
				for _, task := range tasks {
					switch {
					case task.Rehearse:
					case task.Derive != nil && task.Derive.Rehearsal && task.Derive.Key == "":
						asked++
						if loc := task.Derive.Snap.Doc.Topology.VNets[0].Location; !strings.HasSuffix(loc, "-rehearsal") {
							t.Errorf("%s: a rehearsal's question is about a design whose first VNet is in %q", name, loc)
						}
					default:
						t.Errorf("%s deferred %v: round %d asks for the task %+v", name, deferred, round, task)
					}
				}
				if want := deferred && round <= rehearsalRounds; (asked > 0) != want {
					t.Errorf("%s deferred %v: round %d asks %d questions", name, deferred, round, asked)
				}
				// Settle leaves the rehearsal's questions to a worker.
				w.Settle(st, slices.DeleteFunc(tasks, func(t Task) bool { return t.Rehearse }))
			}
			after, _ := w.Session().Encode()
			switch {
			case w.Session().Version() != version || string(after) != string(doc):
				t.Errorf("%s: the rehearsal changed the design (version %d → %d)", name, version, w.Session().Version())
			case w.Session().UndoLabel() != "":
				t.Errorf("%s: the rehearsal left an undo step %q", name, w.Session().UndoLabel())
			case w.PanelRev() != rev || w.DrawnWindow() != drawn:
				t.Errorf("%s: the rehearsal drew the panel or the canvas again", name)
			case len(w.derived.answers) != answers:
				t.Errorf("%s: the rehearsal's answers were kept (%d → %d)", name, answers, len(w.derived.answers))
			}
		}
	}
}

// TestRehearsalWaitsForTheGesture: a rehearsal round that comes while a
// drag is under way (a drag held still leaves the page idle) asks nothing
// and keeps its round; the drop asks for it again, and the rounds then run
// as before. In the browser each round during a drag drew the page again
// (TestDragHeldStillIsNotDrawnAgain, under load).
func TestRehearsalWaitsForTheGesture(t *testing.T) {
	w, st := startedWS(t)
	w.Settle(st, w.Do(DeferAnalysis{}))
	w.Settle(st, slices.DeleteFunc(w.Do(OpenBuiltin{Name: "hub-spoke-firewall"}), func(t Task) bool { return t.Widen }))
	if !hasRehearse(w.Do(WidenDrawn{})) {
		t.Fatal("WidenDrawn asks for no rehearsal")
	}
	at := pointAt(t, w, "vnet:spoke1")
	w.Settle(st, w.Do(PointerDown{At: at, Screen: screen, Pointer: 1}))
	moved := canvas.Point{X: at.X + 60, Y: at.Y + 40}
	w.Settle(st, w.Do(PointerMove{At: moved, Pointer: 1}))
	for i := range 3 { // the page idle, again and again, during the drag
		if tasks := w.Do(RehearseEdit{}); len(tasks) != 0 || !w.Unseen() {
			t.Fatalf("a round during the drag (%d): tasks %+v, unseen %v", i, tasks, w.Unseen())
		}
	}
	if tasks := w.Do(PointerMove{At: canvas.Point{X: moved.X + 5, Y: moved.Y}, Pointer: 1}); hasRehearse(tasks) {
		t.Error("a move of the drag asks for the rehearsal")
	}
	tasks := w.Do(PointerUp{At: moved, Pointer: 1})
	if !hasRehearse(tasks) {
		t.Fatalf("the drop does not ask for the round that waited: %+v", tasks)
	}
	w.Settle(st, slices.DeleteFunc(tasks, func(t Task) bool { return t.Rehearse }))
	if hasRehearse(w.Do(Select{Key: "vnet:hub"})) {
		t.Error("the round is asked for again after the drop")
	}
	rounds := 0
	for next := true; next && rounds <= rehearsalRounds; rounds++ {
		tasks := w.Do(RehearseEdit{})
		next = hasRehearse(tasks)
		w.Settle(st, slices.DeleteFunc(tasks, func(t Task) bool { return t.Rehearse || t.Derive != nil }))
	}
	if rounds != rehearsalRounds {
		t.Errorf("after the drag %d rounds ran, want all %d", rounds, rehearsalRounds)
	}
}

// TestOnlyUnseenTasks: timers, rehearsal rounds and a rehearsal's
// questions show nothing; a question of the page's, a storage call or an
// action dispatched at once may.
func TestOnlyUnseenTasks(t *testing.T) {
	timer := Task{Delay: autosaveDelay, Then: autosave{}}
	rehearsal := Task{Derive: &DeriveJob{Rehearsal: true}}
	for _, tc := range []struct {
		name  string
		tasks []Task
		want  bool
	}{
		{"none", nil, true},
		{"a timer, a round, a rehearsal's question", []Task{timer, {Rehearse: true}, rehearsal}, true},
		{"a question of the page's", []Task{timer, {Derive: &DeriveJob{Key: "reach"}}}, false},
		{"a storage call", []Task{{Storage: func(context.Context, persist.Store) Action { return nil }}}, false},
		{"an action at once", []Task{{Then: autosave{}}}, false},
		{"a rehearsal's question that also widens", []Task{{Derive: &DeriveJob{Rehearsal: true}, Widen: true}}, false},
	} {
		if got := onlyUnseenTasks(tc.tasks); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
