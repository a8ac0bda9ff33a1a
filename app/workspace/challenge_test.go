package workspace

import (
	"encoding/json"
	"strings"
	"testing"

	"vnetplay/app/kinds"
	"vnetplay/app/persist"
	"vnetplay/app/store"
	"vnetplay/engine/scenario"
)

// twoVNets is a started workspace with vnet1 (10.0.0.0/16) and vnet2
// (10.1.0.0/16), not peered, each with a VM in its default subnet.
func twoVNets(t *testing.T) (*Workspace, persist.Store) {
	t.Helper()
	w, st := startedWS(t)
	w.Do(PaletteAdd{Kind: kinds.VNet})
	w.Do(PaletteAdd{Kind: kinds.VNet})
	for _, s := range []string{"subnet:vnet1/default", "subnet:vnet2/default"} {
		w.Do(Select{Key: s})
		w.Do(PaletteAdd{Kind: kinds.VM})
	}
	if vms := w.Snap().Doc.Topology.VMs; len(vms) != 2 || vms[0].ID != "vm1" || vms[1].ID != "vm2" {
		t.Fatalf("VMs %+v", vms)
	}
	return w, st
}

func goalPass(v ChallengeView) map[string]bool {
	out := map[string]bool{}
	for _, g := range v.Result.Goals {
		out[g.ID] = g.Pass
	}
	return out
}

// author makes a challenge of twoVNets as a trainer does in the form: the
// instructions, a reach goal and a route goal, a hint, a "no new route
// tables" constraint, then Ready for students.
func author(t *testing.T, w *Workspace) {
	t.Helper()
	w.Do(MakeChallenge{})
	if w.Panels().Tab != TabChallenge || !w.Challenge().Editing || w.Snap().Doc.Challenge == nil {
		t.Fatalf("Make a challenge: tab %q, editing %v", w.Panels().Tab, w.Challenge().Editing)
	}
	w.Do(TypeInstructions{Text: "Connect **vnet1** and vnet2."})
	if v := w.Challenge(); v.Instructions != "Connect **vnet1** and vnet2." || v.Challenge.Instructions == v.Instructions {
		t.Errorf("typing: the preview shows %q, the section holds %q", v.Instructions, v.Challenge.Instructions)
	}
	w.Do(SetInstructions{Text: "Connect **vnet1** and vnet2."})
	v := w.Challenge()
	if !strings.Contains(strings.Join(v.Endpoints, ","), "vm1") || len(v.Subnets) != 2 {
		t.Fatalf("pickers: endpoints %v subnets %v", v.Endpoints, v.Subnets)
	}
	for _, f := range [][2]string{{"kind", GoalReach}, {"from", "vm1"}, {"to", "vm2"}, {"port", "443"}, {"points", "7"}} {
		w.Do(SetGoalDraft{Field: f[0], Value: f[1]})
	}
	w.Do(AddGoal{})
	for _, f := range [][2]string{{"kind", GoalRoute}, {"subnet", "vnet1/default"}, {"prefix", "10.1.0.0/16"}, {"nextHopType", "VNetPeering"}, {"points", "3"}} {
		w.Do(SetGoalDraft{Field: f[0], Value: f[1]})
	}
	w.Do(AddGoal{})
	if p := w.ChallengeProblem(); p != "" {
		t.Fatalf("adding the goals: %s", p)
	}
	w.Do(SetHintDraft{Text: "Look at vnet1's routes."})
	w.Do(AddHint{})
	w.Do(SetConstraintDraft{Field: "kind", Value: scenario.ConstraintNoNew})
	w.Do(SetConstraintDraft{Field: "collection", Value: "routeTables"})
	w.Do(AddConstraint{})
	if v := w.Challenge(); v.Sealed {
		t.Error("a noNew constraint without its baseline counts as sealed")
	}
	w.Do(ReadyForStudents{})
	if p := w.ChallengeProblem(); p != "" || w.Challenge().Editing || !w.Challenge().Sealed {
		t.Fatalf("Ready for students: problem %q, editing %v, sealed %v", p, w.Challenge().Editing, w.Challenge().Sealed)
	}
}

// TestAuthoringAChallenge: a trainer makes a challenge of a design, adds
// goals, a hint and a constraint and seals it; the document's challenge
// section is what the form said, and undo takes the steps back one by one.
func TestAuthoringAChallenge(t *testing.T) {
	w, _ := twoVNets(t)
	author(t, w)
	c := w.Snap().Doc.Challenge
	if c.Instructions != "Connect **vnet1** and vnet2." || len(c.Goals) != 2 || len(c.Hints) != 1 || len(c.Constraints) != 1 {
		t.Fatalf("challenge %+v", c)
	}
	g0, g1 := c.Goals[0], c.Goals[1]
	if g0.ID != "reach-1" || g0.Points != 7 || g0.Expect.Kind != "reach" || g0.Expect.From != "vm1" || g0.Expect.To != "vm2" ||
		g0.Expect.Port != 443 || g0.Expect.Protocol != "Tcp" || g0.Expect.Reachable == nil || !*g0.Expect.Reachable {
		t.Errorf("reach goal %+v (expect %+v)", g0, g0.Expect)
	}
	if g0.Title != "vm1 reaches vm2 on TCP 443" {
		t.Errorf("reach goal's title %q", g0.Title)
	}
	if g1.ID != "route-1" || g1.Expect.Subnet != "vnet1/default" || g1.Expect.NextHopType != "VNetPeering" || g1.Points != 3 {
		t.Errorf("route goal %+v", g1)
	}
	k := c.Constraints[0]
	if k.Kind != "noNew" || k.Collection != "routeTables" || k.Title != "No new route tables" || string(k.Baseline) != "[]" {
		t.Errorf("constraint %+v baseline %s", k, k.Baseline)
	}
	// The section survives the file format (canonical encoding, decode).
	b, err := scenario.Encode(w.Snap().Doc)
	if err != nil {
		t.Fatal(err)
	}
	var back struct {
		Challenge scenario.Challenge `json:"challenge"`
	}
	if err := json.Unmarshal(b, &back); err != nil || len(back.Challenge.Goals) != 2 || back.Challenge.Hints[0] != "Look at vnet1's routes." {
		t.Errorf("encoded challenge %s (%v)", b, err)
	}
	// Undo: the seal, the constraint, the hint, one goal.
	for _, want := range []func(c *scenario.Challenge) bool{
		func(c *scenario.Challenge) bool {
			return len(c.Constraints) == 1 && len(c.Constraints[0].Baseline) == 0
		},
		func(c *scenario.Challenge) bool { return len(c.Constraints) == 0 && len(c.Hints) == 1 },
		func(c *scenario.Challenge) bool { return len(c.Hints) == 0 && len(c.Goals) == 2 },
		func(c *scenario.Challenge) bool { return len(c.Goals) == 1 },
	} {
		w.Do(Undo{})
		if c := w.Snap().Doc.Challenge; c == nil || !want(c) {
			t.Fatalf("after undo %q: %+v", w.Notice().Text, c)
		}
	}
	w.Do(Redo{})
	if c := w.Snap().Doc.Challenge; len(c.Goals) != 2 {
		t.Errorf("redo: %d goals", len(c.Goals))
	}
}

// TestAuthoringRefusals: a goal missing what its kind needs, or naming an
// endpoint the design lacks, is refused with the reason and nothing
// changes.
func TestAuthoringRefusals(t *testing.T) {
	w, _ := twoVNets(t)
	w.Do(MakeChallenge{})
	before := w.Session().Version()
	w.Do(SetGoalDraft{Field: "from", Value: "vm1"})
	w.Do(AddGoal{})
	if p := w.ChallengeProblem(); !strings.Contains(p, "needs a destination") || w.Session().Version() != before {
		t.Errorf("a reach goal without To: problem %q, version %d→%d", p, before, w.Session().Version())
	}
	w.Do(SetGoalDraft{Field: "to", Value: "vm9"})
	w.Do(AddGoal{})
	if p := w.ChallengeProblem(); !strings.Contains(p, "vm9") || w.Session().Version() != before {
		t.Errorf("a reach goal to vm9: problem %q", p)
	}
	w.Do(SetConstraintDraft{Field: "kind", Value: scenario.ConstraintUnchanged})
	w.Do(SetConstraintDraft{Field: "collection", Value: "vnets"})
	if v := w.Challenge(); strings.Join(v.Targets, ",") != "vnet1,vnet2" {
		t.Errorf("targets %v", v.Targets)
	}
	w.Do(AddConstraint{})
	if p := w.ChallengeProblem(); !strings.Contains(p, "pick the resource") {
		t.Errorf("unchanged without a target: %q", p)
	}
}

// TestStudentSolves: the student's view of an authored challenge: goals
// fail, an edit that fixes them turns the checklist green and the score
// to 10 / 10; a new route table violates the constraint, which blocks
// completion, and undoing it completes the challenge. Hints come one at
// a time.
func TestStudentSolves(t *testing.T) {
	w, _ := twoVNets(t)
	author(t, w)
	v := w.Challenge()
	if v.Complete() || v.Result.Score != 0 || v.Result.Total != 10 || len(v.Result.Goals) != 2 {
		t.Fatalf("before: %+v", v.Result)
	}
	if p := goalPass(v); p["reach-1"] || p["route-1"] {
		t.Fatalf("goals pass before the peering: %v", p)
	}
	if k := v.Result.Constraints; len(k) != 1 || !k[0].Held {
		t.Fatalf("constraints %+v", k)
	}
	// Hints, one at a time.
	if v.Hints != 0 {
		t.Fatalf("%d hints shown at first", v.Hints)
	}
	w.Do(RevealHint{})
	w.Do(RevealHint{})
	if v := w.Challenge(); v.Hints != 1 {
		t.Errorf("after two clicks with one hint: %d shown", v.Hints)
	}
	// The fix: peer the two VNets.
	w.Do(Connect{From: store.Ref{Kind: kinds.VNet, ID: "vnet1"}, To: store.Ref{Kind: kinds.VNet, ID: "vnet2"}})
	v = w.Challenge()
	if p := goalPass(v); !p["reach-1"] || !p["route-1"] {
		t.Fatalf("after the peering: %v (%+v)", p, v.Result.Goals)
	}
	if !v.Complete() || v.Result.Score != 10 || v.Percent() != 100 {
		t.Fatalf("after the peering: complete %v, %d / %d", v.Complete(), v.Result.Score, v.Result.Total)
	}
	// A route table: the constraint is violated, completion blocked.
	w.Do(PaletteAdd{Kind: kinds.RouteTable})
	v = w.Challenge()
	if k := v.Result.Constraints[0]; k.Held || !strings.Contains(k.Why, "rt1") {
		t.Errorf("with a new route table: %+v", k)
	}
	if v.Complete() || v.Result.Score != 10 {
		t.Errorf("a violated constraint: complete %v, score %d", v.Complete(), v.Result.Score)
	}
	w.Do(Undo{})
	if v := w.Challenge(); !v.Complete() {
		t.Errorf("after undoing the route table: %+v", v.Result)
	}
}

// TestBuiltinChallenge: a challenge of the built-in pack opens as a new
// design with the Challenge tab shown, its goals failing; peering the
// spokes (what its constraint forbids) is named as the violation; its
// status in the pack follows.
func TestBuiltinChallenge(t *testing.T) {
	w, st := startedWS(t)
	w.Settle(st, w.Do(OpenChallenge{Name: "01-peering-is-not-transitive"}))
	if w.Panels().Tab != TabChallenge || !strings.Contains(w.Notice().Text, "saved in My scenarios") {
		t.Fatalf("tab %q, notice %q", w.Panels().Tab, w.Notice().Text)
	}
	v := w.Challenge()
	if v.Challenge == nil || v.Editing || v.Result.Score != 0 || len(v.Result.Goals) == 0 {
		t.Fatalf("opened: %+v", v.Result)
	}
	for _, g := range v.Result.Goals {
		if g.Pass || g.Reason == "" {
			t.Errorf("goal %s: pass %v, reason %q", g.ID, g.Pass, g.Reason)
		}
	}
	w.Do(Connect{From: store.Ref{Kind: kinds.VNet, ID: "spoke1"}, To: store.Ref{Kind: kinds.VNet, ID: "spoke2"}})
	v = w.Challenge()
	violated := false
	for _, k := range v.Result.Constraints {
		if !k.Held {
			violated = strings.Contains(k.Why, "spoke1-spoke2")
		}
	}
	if !violated || v.Complete() {
		t.Errorf("after peering the spokes: %+v", v.Result.Constraints)
	}
	if s := w.WorkshopStatus("01-peering-is-not-transitive"); !s.Started || s.Complete || s.Text() != "in progress: 0 / 25" {
		t.Errorf("status of the open challenge: %+v %q", s, s.Text())
	}
	// Saved, then graded from the store.
	w.Settle(st, w.Do(SaveNowAction{}))
	w.Settle(st, w.Do(WorkshopProgress{}))
	if s := w.chal.pack["01-peering-is-not-transitive"]; !s.Started || s.Total != 25 {
		t.Errorf("status from the saved design: %+v", s)
	}
	if s := w.WorkshopStatus("02-gateway-transit"); s.Started || s.Text() != "not started" {
		t.Errorf("status of a challenge not opened: %+v", s)
	}
}

// TestChallengeFindingsFollowTheDesignOnScreen: while the analysis of an
// edit is still out, the authoring form's findings about the challenge's
// structure are the design on screen's: a constraint added without its
// baseline is reported at once and Ready for students clears it at once,
// so the list above the Share button does not change when the analysis
// lands (a click aimed at the button would land on the list).
func TestChallengeFindingsFollowTheDesignOnScreen(t *testing.T) {
	w, st := twoVNets(t)
	w.Do(MakeChallenge{})
	w.Do(DeferAnalysis{})
	baseline := func() bool {
		for _, d := range w.Challenge().Findings {
			if strings.Contains(d.Msg, "baseline") {
				return true
			}
		}
		return false
	}
	w.Do(SetConstraintDraft{Field: "kind", Value: scenario.ConstraintNoNew})
	w.Do(SetConstraintDraft{Field: "collection", Value: "routeTables"})
	ts := w.Do(AddConstraint{})
	if !w.Updating() {
		t.Fatal("adding a constraint left nothing to analyse: the test shows nothing")
	}
	if !baseline() {
		t.Errorf("a constraint without its baseline, analysis pending: findings %v", w.Challenge().Findings)
	}
	w.Settle(st, ts)
	if !baseline() {
		t.Errorf("a constraint without its baseline, analysed: findings %v", w.Challenge().Findings)
	}
	ts = w.Do(ReadyForStudents{})
	if baseline() {
		t.Errorf("sealed, analysis pending: findings %v", w.Challenge().Findings)
	}
	w.Settle(st, ts)
	if baseline() {
		t.Errorf("sealed, analysed: findings %v", w.Challenge().Findings)
	}
}

// TestConstraintStateSaysWhatABaselineIs: a count limit needs no baseline
// (it said "baseline taken"); the others are taken when the challenge is
// made ready, then recorded or out of date.
func TestConstraintStateSaysWhatABaselineIs(t *testing.T) {
	for _, c := range []struct {
		k     scenario.Constraint
		stale []string
		want  string
	}{
		{scenario.Constraint{ID: "max", Kind: scenario.ConstraintMaxCount}, nil, "no baseline needed"},
		{scenario.Constraint{ID: "new", Kind: scenario.ConstraintNoNew}, nil, "baseline taken when ready for students"},
		{scenario.Constraint{ID: "new", Kind: scenario.ConstraintNoNew, Baseline: []byte(`["a"]`)}, nil, "baseline taken"},
		{scenario.Constraint{ID: "new", Kind: scenario.ConstraintNoNew, Baseline: []byte(`["a"]`)}, []string{"new"}, "out of date"},
	} {
		if got := ConstraintState(c.k, c.stale); got != c.want {
			t.Errorf("%s %s stale %v: %q, want %q", c.k.Kind, c.k.Baseline, c.stale, got, c.want)
		}
	}
}

// TestChallengeProblemIsWhereItWasMet: a refused goal, hint or constraint
// is the problem of its part of the form (ChallengeView.ProblemIn), where
// the form draws it beside the button pressed.
func TestChallengeProblemIsWhereItWasMet(t *testing.T) {
	w, _ := open(t, "hub-spoke-firewall")
	w.Do(MakeChallenge{})
	for _, c := range []struct {
		a    Action
		want ChallengePart
	}{{AddGoal{}, PartGoals}, {AddConstraint{}, PartConstraints}, {AddGoal{}, PartGoals}} {
		w.Do(c.a)
		if v := w.Challenge(); v.Problem == "" || v.ProblemIn != c.want {
			t.Errorf("after %T: problem %q in %q, want one in %q", c.a, v.Problem, v.ProblemIn, c.want)
		}
	}
}
