package workspace

import (
	"slices"
	"strings"
	"time"

	"vnetplay/app/canvas"
	"vnetplay/app/store"
	"vnetplay/engine/trace"
)

// Simulation mode: a packet walk played on the canvas hop by hop. The
// steps are derived from the walk's trace: one per hop of the forward
// path, one per hop of the reply, then the outcome. Each names the canvas
// nodes to light up and says, in words, what was decided there: the route
// used, the peering crossed, the NSG rule, the forwarding decision, the
// drop and why.
//
// The steps follow the design: they are derived again from every new
// version of it (and from a changed Reach question). When they come out
// different, the simulation starts again at the first step; when an
// endpoint of the walk is gone, it stops. Playing is a chain of timer
// tasks (SimTick), each carrying the generation it was started in: a
// pause, a step by hand or a stop starts a new generation, so a tick
// already scheduled does nothing when it fires.

// SimInterval is how long a step stays on screen while playing.
const SimInterval = 1200 * time.Millisecond

// SimKind says which part of the walk a step shows.
type SimKind uint8

// Step kinds.
const (
	SimForward SimKind = iota // a hop of the packet's way there
	SimReturn                 // a hop of the reply
	SimVerdict                // the outcome
)

// SimLine is one decision at a hop, in words: Kind is the decision's
// name ("Route", "Peering", "NSG", "Forwarding", "Dropped", …).
type SimLine struct {
	Kind, Text string
	Drop       bool
}

// SimFrame is one step of a simulation, as shown (the action that moves
// between them is SimStep).
type SimFrame struct {
	Kind SimKind
	// Node is the hop's node as the engine names it ("vm1/nic0",
	// "hub-vpngw", "Internet"); for the outcome, where the walk ended or
	// was dropped.
	Node string
	// Keys are the scene nodes to highlight; Trail the scene nodes the
	// packet went through so far in this direction, this one included.
	Keys, Trail []string
	// Title heads the caption ("Hop 2 of 3: firewall/nic0").
	Title string
	Lines []SimLine
	// Drop is set where the packet is dropped, and on a failed outcome.
	Drop bool
	// Disposition is the walk's outcome (on every step).
	Disposition trace.Disposition
}

// Caption is the step's caption on one line: the title, then each
// decision.
func (s SimFrame) Caption() string {
	parts := make([]string, 0, len(s.Lines))
	for _, l := range s.Lines {
		parts = append(parts, l.Kind+": "+l.Text)
	}
	return s.Title + ". " + strings.Join(parts, " ")
}

// Sim is the simulation as the UI shows it. On is false when none runs.
type Sim struct {
	On, Playing bool
	From, To    string
	Step        int
	Steps       []SimFrame
}

// Current is the step on screen (the zero step when none runs).
func (s Sim) Current() SimFrame {
	if !s.On || s.Step < 0 || s.Step >= len(s.Steps) {
		return SimFrame{}
	}
	return s.Steps[s.Step]
}

// simState is the simulation: the walk's endpoints (the Reach question
// is the workspace's), the step on screen, whether it plays, and the
// steps derived from the design version last seen.
type simState struct {
	on      bool
	q       SimQuestion // the walk played (SimStart's)
	playing bool
	// starting is set from SimStart until the walk's first answer comes
	// from the engine's worker (DeriveSim): it then plays, or the
	// simulation ends when there is no walk.
	starting bool
	step     int
	gen      int
	cache    struct {
		snap  *store.Snapshot
		flow  store.Flow
		steps []SimFrame
		fail  failPlane // a check's failure set's plane
	}
}

// simRequest is the question of the simulation's walk.
func (w *Workspace) simRequest() DeriveRequest {
	return DeriveRequest{Kind: DeriveSim, Flow: w.flow.flow, Sim: w.sim.q}
}

// Sim returns the simulation, its steps derived from the current design.
func (w *Workspace) Sim() Sim {
	w.simSync()
	s := &w.sim
	return Sim{On: s.on, Playing: s.playing, From: s.q.From, To: s.q.To, Step: s.step, Steps: s.cache.steps}
}

// simSync derives the steps again when the design or the question
// changed: a different walk starts again at its first step, a walk whose
// endpoint is gone stops the simulation. In the browser the walk is the
// engine's worker's answer: until the answer for the design on screen
// comes, the steps shown stay.
func (w *Workspace) simSync() {
	s := &w.sim
	if !s.on {
		return
	}
	snap, f := w.Snap(), w.flow.flow
	if s.cache.snap == snap && s.cache.flow == f {
		return
	}
	var t *trace.Trace
	if w.deferred {
		r, current := w.derivedFor(w.simRequest())
		if v := r.Sim; !current || v == nil || v.Q != s.q || v.Flow != f {
			return // until the answer for the design on screen comes, the steps shown stay
		}
		t = r.Sim.Trace
	} else {
		t = simWalkOf(snap, f, s.q, &s.cache.fail)
	}
	if t == nil {
		*s = simState{gen: s.gen + 1}
		return
	}
	steps := SimFrames(t, snap.Scene)
	if !slices.EqualFunc(steps, s.cache.steps, sameStep) {
		s.step = 0
	}
	s.cache.snap, s.cache.flow, s.cache.steps = snap, f, steps
}

func sameStep(a, b SimFrame) bool {
	return a.Kind == b.Kind && a.Node == b.Node && a.Title == b.Title && a.Drop == b.Drop && a.Disposition == b.Disposition &&
		slices.Equal(a.Keys, b.Keys) && slices.Equal(a.Trail, b.Trail) && slices.Equal(a.Lines, b.Lines)
}

// tick is the timer task of the generation playing now.
func (s *simState) tick() []Task {
	return []Task{{Delay: SimInterval, Then: SimTick{Gen: s.gen}}}
}

// halt stops playing: a tick already scheduled no longer counts.
func (s *simState) halt() {
	s.playing = false
	s.gen++
}

// SimStart plays a walk on the canvas, from its first step. The walk is
// one of three (app/workspace/simsources.go):
//   - From → To, endpoints as the matrix names them, under the Reach
//     question (protocol and port);
//   - with ToIP: from the NIC From to the address ToIP (the Next hop
//     tool's question), under the Reach question;
//   - with Check: the walk of the design's reach expectation of that id,
//     with its own protocol, port and failure set, on the design without
//     the what-if failures (as the Checks tab evaluates it); From and To
//     are then ignored.
type SimStart struct {
	From, To string
	ToIP     string
	Check    string
}

func (a SimStart) apply(w *Workspace) []Task {
	if !w.deferred {
		w.analysed() // the walk played is the design on screen's
	}
	w.sim = simState{on: true, q: SimQuestion(a), gen: w.sim.gen + 1, starting: true}
	return w.simBegin()
}

// simBegin plays the walk of a simulation just started once its steps are
// known (at once, or when the engine's worker answers: Derived), or ends
// it, saying so, when it has none.
func (w *Workspace) simBegin() []Task {
	q := w.sim.q
	w.simSync()
	switch {
	case !w.sim.on:
		return w.say(q.noWalk(), true)
	case len(w.sim.cache.steps) == 0:
		return nil // waits for the worker's answer
	}
	w.sim.starting = false
	w.sim.playing = true
	w.simFollow(true)
	return w.sim.tick()
}

// SimStep moves Delta steps forward (or back, negative) and pauses.
type SimStep struct{ Delta int }

func (a SimStep) apply(w *Workspace) []Task {
	w.simSync()
	s := &w.sim
	if !s.on || s.starting {
		return nil
	}
	s.halt()
	s.step = min(max(s.step+a.Delta, 0), len(s.cache.steps)-1)
	w.simFollow(false)
	return nil
}

// SimPlay plays from the step on screen (from the first one when it is
// at the end).
type SimPlay struct{}

func (SimPlay) apply(w *Workspace) []Task {
	w.simSync()
	s := &w.sim
	if !s.on || s.playing || s.starting {
		return nil
	}
	if s.step >= len(s.cache.steps)-1 {
		s.step = 0
	}
	s.halt()
	s.playing = true
	w.simFollow(false)
	return s.tick()
}

// SimPause pauses on the step on screen.
type SimPause struct{}

func (SimPause) apply(w *Workspace) []Task {
	if w.sim.on {
		w.sim.halt()
	}
	return nil
}

// SimStop ends the simulation.
type SimStop struct{}

func (SimStop) apply(w *Workspace) []Task {
	w.sim = simState{gen: w.sim.gen + 1}
	return nil
}

// SimTick is the player's timer: the next step, and the next tick unless
// that was the last step. A tick of an earlier generation does nothing.
type SimTick struct{ Gen int }

func (a SimTick) apply(w *Workspace) []Task {
	w.simSync()
	s := &w.sim
	if !s.on || !s.playing || a.Gen != s.gen {
		return nil
	}
	s.step++
	w.simFollow(false)
	if s.step >= len(s.cache.steps)-1 {
		s.step = max(len(s.cache.steps)-1, 0)
		s.halt()
		return nil
	}
	return s.tick()
}

// SimZoom is the least zoom a simulation starts at: its captions are
// 12-unit type, read at 12 px.
const SimZoom = 1.0

// simCaptionRoom is the room the UI's caption bubble takes to the right of
// and below the top of a step's node (app/ui/simulateview.go), and
// simMargin what the view keeps free around it (the control bar is at the
// bottom).
var simCaptionRoom = canvas.Point{X: 390, Y: 200}

const simMargin = 24.0

// simFollow keeps the step's node and its caption on screen: on start the
// view zooms in to SimZoom when it is further out, centred on them; later
// it pans to centre them only when they are not all in view, so that a
// view the user set is kept while it shows the packet.
func (w *Workspace) simFollow(start bool) {
	scr := w.screen
	if scr.W <= 0 || scr.H <= 0 || !w.sim.on {
		return
	}
	box, ok := w.simBox()
	if !ok {
		return
	}
	v := w.view
	if start && v.Zoom < SimZoom {
		v.Zoom = SimZoom
	} else {
		x0, y0 := box.X*v.Zoom+v.Pan.X, box.Y*v.Zoom+v.Pan.Y
		x1, y1 := x0+box.W*v.Zoom, y0+box.H*v.Zoom
		if x0 >= simMargin && y0 >= simMargin && x1 <= scr.W-simMargin && y1 <= scr.H-3*simMargin {
			return
		}
	}
	c := box.Center()
	v.Pan = canvas.Point{X: scr.W/2 - c.X*v.Zoom, Y: (scr.H-2*simMargin)/2 - c.Y*v.Zoom}
	if box.W*v.Zoom > scr.W-2*simMargin { // too wide: its left end in view
		v.Pan.X = simMargin - box.X*v.Zoom
	}
	w.view = v
}

// simBox is the step's nodes with the room of the caption beside them.
func (w *Workspace) simBox() (canvas.Rect, bool) {
	f := Sim{On: true, Step: w.sim.step, Steps: w.sim.cache.steps}.Current()
	sc := w.Snap().Scene
	var box canvas.Rect
	found := false
	for _, k := range f.Keys {
		n, ok := sc.Node(k)
		switch {
		case !ok:
		case !found:
			box, found = n.Box, true
		default:
			box = box.Union(n.Box)
		}
	}
	if !found {
		return box, false
	}
	box.W += simCaptionRoom.X
	box.Y -= 8
	box.H = max(box.H+8, simCaptionRoom.Y)
	return box, true
}
