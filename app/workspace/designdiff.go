package workspace

import (
	"context"
	"errors"
	"fmt"
	"time"

	"vnetplay/app/persist"
	"vnetplay/engine/dataplane"
	"vnetplay/engine/diff"
	"vnetplay/engine/scenario"
)

// The open design against a saved one (My scenarios' Compare): what the
// documents say differently (engine/diff.DocumentChanges: the document,
// resources by property, failure sets, expectations), then what the two
// designs do differently (diff.Designs: effective routes, best BGP paths,
// endpoint pairs gained, lost or rerouted). The saved design is "before",
// the open one "after".
//
// The behaviour part walks every pair of endpoints on both sides: it runs
// off the UI's goroutine (Task.Work), reports its progress row by row
// (which gives the browser its turn: Go's wasm does not preempt), can be
// cancelled (closing the dialog), and is only run when both designs have
// at most DiffMaxEndpoints endpoints (the page would wait too long past
// that: `vnetplay diff` compares designs of any size). Its lists are cut at
// DiffListLimit rows each; the counts are complete.

// Bounds of the in-page comparison.
const (
	// DiffMaxEndpoints is the most walk endpoints (NICs, on-premises
	// hosts, P2S clients) a design may have for its behaviour to be
	// compared in the page: 200 endpoints are 2×200×201 walks.
	DiffMaxEndpoints = 200
	// DiffListLimit bounds each list of the behaviour (diff.Options.Limit).
	DiffListLimit = 200
)

// designDiffKey names the comparison's Work task, for its Cancel.
const designDiffKey = "design-diff"

// DesignDiff is the Changes dialog's state: the saved design compared
// (SavedID, SavedName) with the open one (OpenName); Loading while the
// saved design is read; Running, with Done of Total rows of pair walks,
// while the behaviour is compared; Changes, the document's sections at
// once and the behaviour once compared (Changes.Behaviour nil until then,
// or when Skipped says why it was not compared); Err why there is no
// comparison; Stale when the open design changed since.
type DesignDiff struct {
	Shown       bool
	Loading     bool
	Running     bool
	Done, Total int
	SavedID     string
	SavedName   string
	OpenName    string
	Changes     *diff.DesignChanges
	Skipped     string
	Err         string
	Stale       bool
}

// designDiffState is DesignDiff with the request's sequence number (an
// answer to an earlier request is dropped) and the open design's version
// compared.
type designDiffState struct {
	DesignDiff
	seq    int
	design any
}

// DesignDiff returns the Changes dialog's state.
func (w *Workspace) DesignDiff() DesignDiff {
	d := w.designDiff.DesignDiff
	d.Stale = d.Changes != nil && w.designDiff.design != w.Snap().DesignKey()
	return d
}

// CompareSaved compares the open design with the saved design ID: the
// Changes dialog opens at once, and fills in as the saved design is read
// and compared.
type CompareSaved struct{ ID string }

func (a CompareSaved) apply(w *Workspace) []Task {
	var tasks []Task
	if w.designDiff.Running {
		tasks = append(tasks, Task{Cancel: designDiffKey})
	}
	seq := w.designDiff.seq + 1
	w.designDiff = designDiffState{DesignDiff: DesignDiff{Shown: true, Loading: true, SavedID: a.ID, SavedName: a.ID, OpenName: w.DocName()}, seq: seq}
	for _, m := range w.lib.Mine {
		if m.ID == a.ID {
			w.designDiff.SavedName = m.Name
		}
	}
	id := a.ID
	return append(tasks, Task{Focus: designDiffDialog}, Task{Storage: func(ctx context.Context, st persist.Store) Action {
		return readSaved(ctx, st, seq, id)
	}})
}

// designDiffDialog is the id of the Changes dialog: it takes the focus
// when it opens over the Scenarios dialog, and gives it back when it
// closes.
const designDiffDialog = "design-diff"

// readSaved reads and decodes the saved design (off the UI's goroutine).
func readSaved(ctx context.Context, st persist.Store, seq int, id string) Action {
	rec, err := st.Get(ctx, id)
	if err != nil {
		return savedForDiff{seq: seq, err: err}
	}
	doc, _, err := scenario.Decode([]byte(rec.Scenario), scenario.Lenient)
	return savedForDiff{seq: seq, name: rec.Name, doc: doc, err: err}
}

// savedForDiff is the saved design read for a comparison.
type savedForDiff struct {
	seq  int
	name string
	doc  *scenario.Document
	err  error
}

func (a savedForDiff) apply(w *Workspace) []Task {
	d := &w.designDiff
	if a.seq != d.seq || !d.Shown {
		return nil
	}
	d.Loading = false
	if a.err != nil {
		d.Err = goneOr("The saved design cannot be read", a.err)
		return nil
	}
	if a.name != "" {
		d.SavedName = a.name
	}
	w.analysed()
	open := w.Snap().Intact0()
	c, err := diff.DocumentChanges(a.doc, open.Doc)
	if err != nil {
		d.Err = "The designs cannot be compared: " + Plain(err.Error())
		return nil
	}
	d.Changes, d.design, d.OpenName = c, w.Snap().DesignKey(), w.DocName()
	if n := endpointCount(open.Plane); n > DiffMaxEndpoints {
		d.Skipped = tooManyEndpoints("The open design", n)
		return nil
	}
	d.Running = true
	saved, openDoc, openPlane, seq := a.doc, open.Doc, open.Plane, a.seq
	return []Task{{Key: designDiffKey, Work: func(ctx context.Context, progress func(Action)) Action {
		return compareBehaviour(ctx, seq, diff.Design{Doc: saved}, diff.Design{Doc: openDoc, Plane: openPlane}, progress)
	}}}
}

// endpointCount is the number of walk endpoints of a data plane.
func endpointCount(p *dataplane.Plane) int { return len(p.NICs()) + len(p.HybridEndpoints()) }

// tooManyEndpoints says why the behaviour was not compared.
func tooManyEndpoints(which string, n int) string {
	return fmt.Sprintf("%s has %d endpoints, more than the %d compared here: what the designs do (routes, best paths, endpoint pairs) was not compared, so that the page does not wait. The CLI compares designs of any size: vnetplay diff saved.json open.json.", which, n, DiffMaxEndpoints)
}

// compareBehaviour builds the saved design's data plane and compares both
// designs in full (diff.Designs); it yields to the browser after each row
// of walks and reports the progress every few rows.
func compareBehaviour(ctx context.Context, seq int, saved, open diff.Design, progress func(Action)) Action {
	saved.Plane = dataplane.Build(&saved.Doc.Topology)
	if n := endpointCount(saved.Plane); n > DiffMaxEndpoints {
		return designDiffDone{seq: seq, skipped: tooManyEndpoints("The saved design", n)}
	}
	last := -1
	c, err := diff.Designs(ctx, saved, open, diff.Options{Limit: DiffListLimit, Progress: func(done, total int) {
		if pct := 20 * done / max(total, 1); pct != last || done == total {
			last = pct
			progress(designDiffProgress{seq: seq, done: done, total: total})
		} else {
			time.Sleep(time.Millisecond) // the browser's turn (no preemption in Go's wasm)
		}
	}})
	if err != nil && !errors.Is(err, context.Canceled) {
		return designDiffDone{seq: seq, err: err}
	}
	if err != nil {
		return designDiffDone{seq: seq, cancelled: true}
	}
	return designDiffDone{seq: seq, changes: c}
}

// designDiffProgress: done of total rows of walks.
type designDiffProgress struct{ seq, done, total int }

func (a designDiffProgress) apply(w *Workspace) []Task {
	if d := &w.designDiff; d.seq == a.seq && d.Running {
		d.Done, d.Total = a.done, a.total
	}
	return nil
}

// designDiffDone ends the behaviour's comparison: the full changes, or why
// there are none.
type designDiffDone struct {
	seq       int
	changes   *diff.DesignChanges
	skipped   string
	err       error
	cancelled bool
}

func (a designDiffDone) apply(w *Workspace) []Task {
	d := &w.designDiff
	if a.seq != d.seq || !d.Running {
		return nil
	}
	d.Running = false
	switch {
	case a.changes != nil:
		d.Changes = a.changes
	case a.skipped != "":
		d.Skipped = a.skipped
	case a.cancelled:
		d.Skipped = "Stopped: what the designs do was not compared."
	case a.err != nil:
		d.Skipped = "What the designs do could not be compared: " + Plain(a.err.Error())
	}
	return nil
}

// CloseDesignDiff closes the Changes dialog, stopping a comparison under
// way.
type CloseDesignDiff struct{}

func (CloseDesignDiff) apply(w *Workspace) []Task {
	var tasks []Task
	if w.designDiff.Running {
		tasks = append(tasks, Task{Cancel: designDiffKey})
	}
	if w.designDiff.Shown && w.lib.Open {
		tasks = append(tasks, Task{Focus: libraryDialog})
	}
	w.designDiff = designDiffState{seq: w.designDiff.seq}
	return tasks
}
