package workspace

import (
	"fmt"
	"slices"

	"vnetplay/app/kinds"
	"vnetplay/app/store"
	"vnetplay/engine/expect"
	"vnetplay/engine/model"
	"vnetplay/engine/workshop"
)

// Derived results: what the panels show that takes every endpoint pair
// (the Reach matrix, the expectations, the what-if changes). In the
// browser they are computed by the engine's Web Worker from the design, so
// that the page never waits for them: the workspace asks for the results
// its panels show (Task.Derive, one per design version and question) and
// keeps the answers (Derived). Until the answer for the design on screen
// comes, a panel shows the last answer it had, marked as updating. Without
// a worker the UI computes the same thing in the page (DeriveInPage), and
// without deferred analysis (tests and tools) the workspace computes it at
// once. Derive is the one function all three run.

// Kinds of derived result.
const (
	DeriveMatrix    = "matrix"
	DeriveChecks    = "checks"
	DeriveChanges   = "changes"
	DeriveOverview  = "overview"  // asked whatever the tab: see Overview
	DeriveRoutes    = "routes"    // a subnet's effective routes: see RoutesView
	DeriveSpeaker   = "speaker"   // a resource's BGP or P2S tables: see SpeakerView
	DeriveNames     = "names"     // the Names matrix: see NamesView
	DeriveWalk      = "walk"      // a picked cell's packet walk: see WalkView
	DeriveNameWalk  = "namewalk"  // a picked Names cell's resolution: see NameResolution
	DeriveIPFlow    = "ipflow"    // the IP flow verify tool's answer: see IPFlowResult
	DeriveResolve   = "resolve"   // the Resolve a name tool's answer: see ResolveResult
	DeriveSim       = "sim"       // the walk a simulation plays: see SimWalk
	DeriveNextHop   = "nexthop"   // the Next hop tool's answer: see NextHopResult
	DeriveNICRoutes = "nicroutes" // a NIC's routes compared with Azure's: see NICRoutes
	DeriveGrade     = "grade"     // the Challenge tab's goals graded: see ChallengeView
)

// MatrixNav is the Reach matrix's navigation: the pair of groups drilled
// into and the pages of groups shown.
type MatrixNav struct {
	From    string `json:"from,omitempty"`
	To      string `json:"to,omitempty"`
	RowPage int    `json:"rowPage,omitempty"`
	ColPage int    `json:"colPage,omitempty"`
}

// DeriveRequest is one question: the matrix for a flow as the panel shows
// it (Nav), the expectations, the what-if changes, the Overview, or the
// effective routes of Subnet, or the routing tables of Ref, or the packet
// walk of a flow from endpoint From to endpoint To, or the resolution of
// Name from From, or the IP flow verify or Resolve a name tool's question.
type DeriveRequest struct {
	Kind    string          `json:"kind"`
	Flow    store.Flow      `json:"flow"`
	Nav     MatrixNav       `json:"nav"`
	Subnet  string          `json:"subnet,omitempty"`
	Ref     kinds.Ref       `json:"ref"`
	From    string          `json:"from,omitempty"`
	To      string          `json:"to,omitempty"`
	Name    string          `json:"name,omitempty"`
	IPFlow  IPFlow          `json:"ipflow,omitzero"`
	Resolve Resolve         `json:"resolve,omitzero"`
	Sim     SimQuestion     `json:"sim,omitzero"`
	NextHop NextHopQuestion `json:"nexthop,omitzero"`
}

// DeriveResult is a DeriveRequest's answer; Err says why there is none,
// and Superseded that the engine dropped the question for a newer one of
// the same kind (it may be asked again).
type DeriveResult struct {
	Matrix     *MatrixView      `json:"matrix,omitempty"`
	Checks     []expect.Result  `json:"checks"`
	Changes    *WhatIfChanges   `json:"changes,omitempty"`
	Overview   *Overview        `json:"overview,omitempty"`
	Routes     *RoutesView      `json:"routes,omitempty"`
	Speaker    *SpeakerView     `json:"speaker,omitempty"`
	Names      *NamesView       `json:"names,omitempty"`
	Walk       *WalkView        `json:"walk,omitempty"`
	Resolution *NameResolution  `json:"resolution,omitempty"`
	IPFlow     *IPFlowResult    `json:"ipflow,omitempty"`
	Resolve    *ResolveResult   `json:"resolve,omitempty"`
	Sim        *SimWalk         `json:"sim,omitempty"`
	NextHop    *NextHopResult   `json:"nexthop,omitempty"`
	NICRoutes  *NICRoutes       `json:"nicRoutes,omitempty"`
	Grade      *workshop.Result `json:"grade,omitempty"`
	Err        string           `json:"err,omitempty"`
	Superseded bool             `json:"superseded,omitempty"`
}

// Derive answers req on snap (with its failures, if any), as the panels
// show it. It is what the engine's Web Worker runs on its mirror of the
// design, and what the page runs without one.
func Derive(snap *store.Snapshot, req DeriveRequest) DeriveResult {
	switch req.Kind {
	case DeriveMatrix:
		st := matrixState{from: req.Nav.From, to: req.Nav.To, rowPage: req.Nav.RowPage, colPage: req.Nav.ColPage}
		v := buildMatrixView(snap.Plane, snap.Matrix(req.Flow), req.Flow.Trace(), st)
		return DeriveResult{Matrix: &v}
	case DeriveChecks:
		return DeriveResult{Checks: slices.Clone(snap.Checks())}
	case DeriveChanges:
		return DeriveResult{Changes: whatIfChanges(snap.Changes())}
	case DeriveOverview:
		o := overviewOf(snap)
		return DeriveResult{Overview: &o}
	case DeriveRoutes:
		v := routesOf(snap, req.Subnet)
		return DeriveResult{Routes: &v}
	case DeriveSpeaker:
		v := speakerOf(snap, req.Ref)
		return DeriveResult{Speaker: &v}
	case DeriveNames:
		v := buildNamesView(snap, snap.DNS())
		return DeriveResult{Names: &v}
	case DeriveWalk:
		v := walkOf(snap, req.Flow, req.From, req.To)
		return DeriveResult{Walk: &v}
	case DeriveNameWalk:
		v := nameResolutionOf(snap, req.From, req.Name)
		return DeriveResult{Resolution: &v}
	case DeriveIPFlow:
		return DeriveResult{IPFlow: &IPFlowResult{Q: req.IPFlow, A: verifyIPFlow(snap, req.IPFlow)}}
	case DeriveResolve:
		return DeriveResult{Resolve: &ResolveResult{Q: req.Resolve, A: resolveName(snap, req.Resolve)}}
	case DeriveGrade:
		g := gradeOf(snap)
		return DeriveResult{Grade: &g}
	case DeriveNICRoutes:
		v := nicRoutesOf(snap, req.From)
		return DeriveResult{NICRoutes: &v}
	case DeriveNextHop:
		r := nextHopOf(snap, req.NextHop)
		return DeriveResult{NextHop: &r}
	case DeriveSim:
		t := simWalkOf(snap, req.Flow, req.Sim, &failPlane{})
		return DeriveResult{Sim: &SimWalk{Q: req.Sim, Flow: req.Flow, Trace: shownTrace(t)}}
	}
	return DeriveResult{Err: fmt.Sprintf("unknown question %q", req.Kind)}
}

// DeriveJob is a question for the engine about one version of the design:
// Snap is the page's snapshot of it (the page computes on it when there is
// no worker), Doc and Failures what the worker is sent.
type DeriveJob struct {
	Key      string
	Req      DeriveRequest
	Snap     *store.Snapshot
	Design   any // Snap.DesignKey(): the same design encodes to the same Doc
	Failures []model.Failure
	// Rehearsal marks a question about an edit rehearsed and dropped
	// (RehearseEdit): only the engine's worker answers it, and its answer
	// is dropped. Its Key is empty.
	Rehearsal bool
}

// Derived delivers the answer to the job of this Key.
type Derived struct {
	Key    string
	Result DeriveResult
}

func (a Derived) apply(w *Workspace) []Task {
	d := &w.derived
	if !d.asked[a.Key] {
		return nil // asked by an earlier session, or answered already
	}
	delete(d.asked, a.Key)
	if a.Result.Superseded {
		return nil // asked again if still on screen (askDerived, after this action)
	}
	d.answers[a.Key] = a.Result
	d.order = append(d.order, a.Key)
	if len(d.order) > maxAnswers {
		delete(d.answers, d.order[0])
		d.order = d.order[1:]
	}
	return w.answered(a)
}

// answered is what an answer for the design on screen does besides being
// shown: a picked walk or name whose endpoint was deleted is dropped (as
// the page's analysis drops it: walkState.prune, namesState.prune), and a
// simulation waiting for its walk starts or ends (simBegin).
func (w *Workspace) answered(a Derived) []Task {
	if v := a.Result.Walk; v != nil && v.Gone && a.Key == w.deriveKey(w.walkRequest()) {
		w.walk = walkState{}
	}
	if v := a.Result.Resolution; v != nil && v.Gone && a.Key == w.deriveKey(w.nameRequest()) {
		w.names.from, w.names.name = "", ""
	}
	if a.Result.Sim != nil && w.sim.on && w.sim.starting && a.Key == w.deriveKey(w.simRequest()) {
		return w.simBegin()
	}
	return nil
}

// DeriveInPage answers a job in the page (no worker): the design is
// analysed first if it waits for the engine.
type DeriveInPage struct{ Job DeriveJob }

func (a DeriveInPage) apply(w *Workspace) []Task {
	if !w.derived.asked[a.Job.Key] {
		return nil
	}
	w.analysed()
	snap := w.Snap()
	if snap.DesignKey() != a.Job.Design || !slices.Equal(snap.Failures, a.Job.Failures) {
		delete(w.derived.asked, a.Job.Key) // no longer on screen: asked again if it comes back
		return nil
	}
	return Derived{Key: a.Job.Key, Result: Derive(snap, a.Job.Req)}.apply(w)
}

// maxAnswers bounds the answers kept: enough for an undo and a redo of each
// question, and the matrix pages around the one shown.
const maxAnswers = 24

// derivedState is the workspace's side of derived results: the answers
// kept by key, the questions asked and not answered yet, and the answer
// each panel showed last (shown while the next one is computed).
type derivedState struct {
	answers map[string]DeriveResult
	order   []string
	asked   map[string]bool
	last    map[string]DeriveResult // by kind
	lastKey map[string]string       // by kind: the key of last's answer
	// held: the design on screen changed and answers for it are known
	// already (an undo, a failure restored); they are shown after the
	// page has painted the change (RevealAnswers), the panels meanwhile
	// showing the answers they had as updating.
	held bool
}

func newDerivedState() derivedState {
	return derivedState{answers: map[string]DeriveResult{}, asked: map[string]bool{}, last: map[string]DeriveResult{}, lastKey: map[string]string{}}
}

// wantedRequests are the questions the panels on screen need answered:
// the Overview and the picked walk (drawn on the canvas), whatever the
// tab, and the tab's own.
func (w *Workspace) wantedRequests() []DeriveRequest {
	out := []DeriveRequest{{Kind: DeriveOverview}}
	if w.walk.from != "" {
		out = append(out, w.walkRequest())
	}
	if w.sim.on {
		out = append(out, w.simRequest())
	}
	if nic, ok := w.comparedNIC(); ok { // in the Inspector, whatever the tab
		out = append(out, DeriveRequest{Kind: DeriveNICRoutes, From: nic})
	}
	switch w.panels.Tab {
	case TabRoutes:
		if subnet := w.RoutesSubnet(); subnet != "" {
			out = append(out, DeriveRequest{Kind: DeriveRoutes, Subnet: subnet})
		}
		if r, ok := w.SpeakerRef(); ok {
			out = append(out, DeriveRequest{Kind: DeriveSpeaker, Ref: r})
		}
		if q := w.nh.q; q.complete() {
			out = append(out, DeriveRequest{Kind: DeriveNextHop, NextHop: q})
		}
		if q := w.IPFlow(); q.complete() {
			out = append(out, DeriveRequest{Kind: DeriveIPFlow, IPFlow: q})
		}
		if q := w.Resolve(); q.complete() {
			out = append(out, DeriveRequest{Kind: DeriveResolve, Resolve: q})
		}
	case TabReach:
		n := w.matrix
		out = append(out, DeriveRequest{Kind: DeriveMatrix, Flow: w.flow.flow, Nav: MatrixNav{From: n.from, To: n.to, RowPage: n.rowPage, ColPage: n.colPage}})
	case TabChecks:
		out = append(out, DeriveRequest{Kind: DeriveChecks})
	case TabNames:
		out = append(out, DeriveRequest{Kind: DeriveNames})
		if w.names.from != "" {
			out = append(out, w.nameRequest())
		}
	case TabChallenge:
		if w.Snap().Doc.Challenge != nil && !w.chalEditing() {
			out = append(out, DeriveRequest{Kind: DeriveGrade})
		}
	case TabWhatIf:
		if len(w.Snap().Failures) > 0 {
			out = append(out, DeriveRequest{Kind: DeriveChanges})
		}
	}
	return out
}

// answersCurrent reports whether an answer for the design on screen is
// shown as current: always, unless the panels on screen also read the
// page's own analysis (pagePlaneWanted), which it waits for, so that the
// panels show one version of the design.
func (w *Workspace) answersCurrent() bool { return !w.pagePlaneWanted() || !w.sess.NeedsAnalysis() }

// deriveKey names req asked of the design on screen.
func (w *Workspace) deriveKey(req DeriveRequest) string {
	snap := w.Snap()
	return fmt.Sprintf("%p|%v|%+v", snap.DesignKey(), snap.Failures, req)
}

// askDerived asks the questions the panel on screen needs and has no
// answer to (in the browser: see DeferAnalysis), and notes the answers
// on screen as the ones each panel showed last.
func (w *Workspace) askDerived() []Task {
	if !w.deferred {
		return nil
	}
	var tasks []Task
	snap := w.Snap()
	for _, req := range w.wantedRequests() {
		key := w.deriveKey(req)
		if r, ok := w.derived.answers[key]; ok {
			if w.answersCurrent() && !w.derived.held {
				w.derived.last[req.Kind], w.derived.lastKey[req.Kind] = r, key
			}
			continue
		}
		if w.derived.asked[key] {
			continue
		}
		w.derived.asked[key] = true
		tasks = append(tasks, Task{Derive: &DeriveJob{Key: key, Req: req, Snap: snap, Design: snap.DesignKey(), Failures: slices.Clone(snap.Failures)}})
	}
	return tasks
}

// derivedFor is the answer to req for the panel: the answer for the design
// on screen (current), or while it is computed the last one the panel
// showed (zero if none). Without deferred analysis it is computed at once.
func (w *Workspace) derivedFor(req DeriveRequest) (r DeriveResult, current bool) {
	if !w.deferred {
		return Derive(w.Snap(), req), true
	}
	if r, ok := w.derived.answers[w.deriveKey(req)]; ok && w.answersCurrent() && !w.derived.held {
		return r, true
	}
	return w.derived.last[req.Kind], false
}

// holdAnswers holds the known answers for the design on screen, which an
// action just changed, until the page has painted the change: drawing a
// panel's answer (a routing table of hundreds of rows coming back with a
// restored circuit) would otherwise delay the canvas and the Inspector
// by as long as it takes. An Overview whose tool lists are the ones shown
// is not held (lightOverview): its counts and the Checks tab's bounded
// list are drawn with the change, a frame and go-app's tick sooner (an
// undo's panels at 100 VNets: 35 → 18 ms, docs/performance.md,
// thirty-first round).
func (w *Workspace) holdAnswers() []Task {
	if !w.deferred || w.derived.held {
		return nil
	}
	for _, req := range w.wantedRequests() {
		key := w.deriveKey(req)
		r, ok := w.derived.answers[key]
		if !ok || key == w.derived.lastKey[req.Kind] {
			continue
		}
		if req.Kind == DeriveOverview && lightOverview(r, w.derived.last[req.Kind]) {
			continue
		}
		w.derived.held = true
		return []Task{{Reveal: true}}
	}
	return nil
}

// lightOverview reports whether showing the Overview next in place of
// shown draws little: both are Overviews with the same endpoints, so the
// tools' lists (hundreds of choices at 500 VNets) stay as they are.
func lightOverview(next, shown DeriveResult) bool {
	return next.Overview != nil && shown.Overview != nil && slices.Equal(next.Overview.Endpoints, shown.Overview.Endpoints)
}

// RevealAnswers shows the answers held for the design on screen
// (holdAnswers), once the page has painted what changed it.
type RevealAnswers struct{}

func (RevealAnswers) apply(w *Workspace) []Task {
	w.derived.held = false
	return nil // askDerived, after every action, notes them as shown
}

// derivedPending reports whether a panel on screen waits for an answer.
func (w *Workspace) derivedPending() bool {
	if !w.deferred {
		return false
	}
	if w.derived.held {
		return true
	}
	for _, req := range w.wantedRequests() {
		if _, ok := w.derived.answers[w.deriveKey(req)]; !ok {
			return true
		}
	}
	return false
}

// Checks are the design's expectations evaluated (see store.Snapshot.Checks),
// and whether they are those of the design on screen (false: being updated;
// nil results: not computed yet).
func (w *Workspace) Checks() ([]expect.Result, bool) {
	r, current := w.derivedFor(DeriveRequest{Kind: DeriveChecks})
	return r.Checks, current
}

// Changes is what the what-if failures change (see store.Snapshot.Changes),
// as the panel shows it (WhatIfChanges), and whether it is the design on
// screen's. Nil without failures, or while it is first computed.
func (w *Workspace) Changes() (*WhatIfChanges, bool) {
	if len(w.Snap().Failures) == 0 {
		return nil, true
	}
	r, current := w.derivedFor(DeriveRequest{Kind: DeriveChanges})
	return r.Changes, current
}
