package workspace

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"vnetplay/app/store"
	"vnetplay/engine"
	"vnetplay/engine/expect"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
	"vnetplay/engine/workshop"
)

// Workshop mode (issue 16): the Challenge tab. A design with a challenge
// section shows the student its instructions, its goals graded live on the
// analysed design, its constraints, hints one at a time and, once every
// goal passes and every constraint holds, the completion. The trainer
// makes a challenge of any design and authors it in the same tab; every
// change to the section is a store edit (app/store/challenge.go), so undo,
// redo and the autosave treat it like any other.

// TabChallenge is the Challenge tab.
const TabChallenge = "challenge"

// Goal kinds the authoring form offers; "unreach" is a reach expectation
// with reachable false.
const (
	GoalReach   = "reach"
	GoalUnreach = "unreach"
	GoalRoute   = "route"
	GoalBGP     = "bgp"
	GoalResolve = "resolve"
)

// GoalKinds lists the goal kinds of the authoring form, with their labels.
func GoalKinds() [][2]string {
	return [][2]string{
		{GoalReach, "reaches"}, {GoalUnreach, "does not reach"}, {GoalRoute, "route present"},
		{GoalBGP, "BGP path"}, {GoalResolve, "name resolves to"},
	}
}

// NextHopTypes are the next-hop types a route goal may expect.
func NextHopTypes() []string {
	return []string{"VirtualAppliance", "VnetLocal", "VNetPeering", "VNetGlobalPeering", "VirtualNetworkGateway",
		"Internet", "None", "VirtualNetworkServiceEndpoint", "InterfaceEndpoint"}
}

// ConstraintKinds lists the constraint kinds of the authoring form.
func ConstraintKinds() [][2]string {
	return [][2]string{
		{scenario.ConstraintNoNew, "no new"}, {scenario.ConstraintUnchanged, "unchanged"}, {scenario.ConstraintMaxCount, "at most N"},
	}
}

// challengeState is what the Challenge tab holds beside the design: how
// many hints the student revealed (for the design DocID), whether the
// authoring form is shown, its drafts, and the last grade (of one
// snapshot: the panel renders more often than the design changes).
type challengeState struct {
	docID   string
	hints   int
	editing bool
	goal    GoalDraft
	con     ConstraintDraft
	hint    string
	instr   *string // the instructions being typed, before they are committed
	problem string
	// problemIn is the part of the authoring form whose action met the
	// problem (ChallengeView.ProblemIn).
	problemIn ChallengePart
	gradedOf  *store.Snapshot
	graded    workshop.Result
	// pack is the built-in challenges' progress, as last graded
	// (WorkshopProgress); it outlives the design open.
	pack map[string]ChallengeStatus
}

// GoalDraft is the authoring form's goal being typed.
type GoalDraft struct {
	Kind, Title, Points           string
	From, To, Protocol, Port, Via string
	Subnet, Prefix, NextHopType   string
	Speaker, AsPath, Name, Answer string
}

// ConstraintDraft is the authoring form's constraint being typed.
type ConstraintDraft struct {
	Kind, Collection, Target, Max, Title string
}

// ChallengeView is what the Challenge tab shows.
type ChallengeView struct {
	// Challenge is the design's section; nil when the design is not a
	// challenge.
	Challenge *scenario.Challenge
	// Result grades the analysed design (Pending: the design on screen
	// has yet to be analysed, and the goals are the last analysis').
	Result  workshop.Result
	Pending bool
	// Hints is how many hints the student has revealed.
	Hints int
	// Editing: the authoring form is shown.
	Editing bool
	// Sealed: every constraint that needs a baseline has one, taken from
	// the design as it is (none is Stale).
	Sealed bool
	// Stale lists the constraints whose baseline was taken before the
	// starting design changed (workshop.StaleBaselines): the challenge
	// must be made ready again.
	Stale []string
	// Drafts of the authoring form and the last authoring problem.
	Goal       GoalDraft
	Constraint ConstraintDraft
	Hint       string
	Problem    string
	// ProblemIn is the part of the form whose button met Problem: the
	// form shows it there, beside that button, in view (a reason drawn at
	// the top of the tab was scrolled out of view above Add goal).
	ProblemIn ChallengePart
	// Instructions are the instructions as typed (the live preview's),
	// the section's when nothing is being typed.
	Instructions string
	// Findings are what makes the challenge unusable: its structure
	// as on screen (scenario.ValidateChallenge) and its goals as last
	// analysed (workshop.ValidateGoals).
	Findings []model.Diagnostic
	// Endpoints, Subnets and Targets feed the form's pickers: the
	// design's endpoints, subnets ("vnet/subnet") and the ids of the
	// constraint draft's collection.
	Endpoints, Subnets, Targets []string
	// Link is the last share link made.
	Link string
}

// Percent is the score as a whole percentage of the total.
func (v ChallengeView) Percent() int {
	if v.Result.Total == 0 {
		return 0
	}
	return v.Result.Score * 100 / v.Result.Total
}

// Complete reports whether the challenge is done: every goal passes and
// every constraint holds (and there is at least one goal).
func (v ChallengeView) Complete() bool {
	return v.Challenge != nil && len(v.Challenge.Goals) > 0 && v.Result.Complete && !v.Pending
}

// Challenge is the Challenge tab's view of the open design.
func (w *Workspace) Challenge() ChallengeView {
	w.chal.follow(w.lib.DocID)
	snap := w.Snap()
	v := ChallengeView{
		Challenge: snap.Doc.Challenge, Hints: w.chal.hints, Editing: w.chal.editing,
		Goal: w.chal.goal, Constraint: w.chal.con, Hint: w.chal.hint, Problem: w.chal.problem,
		ProblemIn: w.chal.problemIn,
		Pending:   snap.Pending(), Link: w.shareLink(),
	}
	if v.Challenge == nil {
		return v
	}
	v.Instructions = v.Challenge.Instructions
	if w.chal.instr != nil {
		v.Instructions = *w.chal.instr
	}
	var current bool
	v.Result, current = w.grade()
	v.Pending = !current
	v.Hints = min(v.Hints, len(v.Challenge.Hints))
	v.Stale = workshop.StaleBaselines(snap.Doc)
	v.Sealed = sealed(v.Challenge) && len(v.Stale) == 0
	if v.Editing {
		base := snap.Shown().Intact0()
		// The structure is checked on the design on screen, so that a
		// constraint added or sealed is judged at once and the list does
		// not change under the pointer when the analysis lands; the goals
		// need the data plane and are judged with the one analysed.
		v.Findings = append(scenario.ValidateChallenge(snap.Doc), workshop.ValidateGoals(base.Doc, base.Plane)...)
		v.Endpoints, v.Subnets = pickers(snap)
		if ids, err := scenario.CollectionIDs(&snap.Doc.Topology, w.chal.con.Collection); err == nil {
			v.Targets = ids
		}
	}
	return v
}

// follow resets what belongs to one design (the hints revealed, the
// authoring drafts) when another design is open.
func (c *challengeState) follow(docID string) {
	if c.docID != docID {
		*c = challengeState{docID: docID, pack: c.pack}
	}
}

// grade grades the analysed, intact design (what-if failures do not change
// the grade: goals under a failure set name it), and reports whether the
// goals' grades are the design on screen's. The constraints are checked
// against the design on screen. In the browser, unless the challenge is
// being edited, the goals are the engine's worker's answer (DeriveGrade:
// while the answer for the design on screen is computed, the last one);
// else they are the page's last analysed version's, once per snapshot.
func (w *Workspace) grade() (workshop.Result, bool) {
	snap := w.Snap()
	if w.deferred && !w.chalEditing() {
		r, current := w.derivedFor(DeriveRequest{Kind: DeriveGrade})
		res := workshop.Result{Goals: []workshop.GoalResult{}}
		if r.Grade != nil {
			res = *r.Grade
		}
		return withConstraints(res, snap), current && r.Grade != nil
	}
	if w.chal.gradedOf == snap {
		return w.chal.graded, !snap.Pending()
	}
	base := snap.Shown().Intact0()
	doc := *base.Doc
	doc.Challenge = snap.Doc.Challenge
	res := workshop.Grade(&doc, &engine.Analysis{Plane: base.Plane})
	if base.Doc != snap.Intact0().Doc { // pending: constraints of the design on screen
		res = withConstraints(res, snap)
	}
	w.chal.gradedOf, w.chal.graded = snap, res
	return res, !snap.Pending()
}

// chalEditing reports whether the open design's challenge is being edited
// (the authoring form).
func (w *Workspace) chalEditing() bool { return w.chal.editing && w.chal.docID == w.lib.DocID }

// gradeOf grades snap's intact design (analysed): what the worker answers.
func gradeOf(snap *store.Snapshot) workshop.Result {
	in := snap.Intact0()
	return workshop.Grade(in.Doc, &engine.Analysis{Plane: in.Plane})
}

// withConstraints is res with the constraints of the challenge on screen
// checked against the design on screen (a check of the topology alone,
// not the analysis), and Complete again.
func withConstraints(res workshop.Result, snap *store.Snapshot) workshop.Result {
	c := snap.Doc.Challenge
	if c == nil {
		res.Constraints = []workshop.ConstraintResult{}
		return res
	}
	cur := snap.Intact0().Doc
	res.Constraints = make([]workshop.ConstraintResult, len(c.Constraints))
	res.Complete = res.Score == res.Total
	for i, k := range c.Constraints {
		res.Constraints[i] = workshop.CheckConstraint(&cur.Topology, k)
		res.Complete = res.Complete && res.Constraints[i].Held
	}
	return res
}

// sealed reports whether every noNew and unchanged constraint has a
// baseline.
func sealed(c *scenario.Challenge) bool {
	for _, k := range c.Constraints {
		if k.Kind != scenario.ConstraintMaxCount && len(k.Baseline) == 0 {
			return false
		}
	}
	return true
}

// pickers lists the design's endpoints (a VM by its id when it has one
// NIC, else its NICs; then the on-premises hosts, P2S clients, ...) and
// subnets.
func pickers(snap *store.Snapshot) (endpoints, subnets []string) {
	t := &snap.Doc.Topology
	for _, vm := range t.VMs {
		if len(vm.NICs) == 1 {
			endpoints = append(endpoints, vm.ID)
			continue
		}
		for _, n := range vm.NICs {
			endpoints = append(endpoints, vm.ID+"/"+n.Name)
		}
	}
	if p := snap.Shown().Plane; p != nil {
		endpoints = append(endpoints, p.HybridEndpoints()...)
	}
	subnets, _ = scenario.CollectionIDs(t, scenario.SubnetsCollection)
	return endpoints, subnets
}

// RevealHint shows the student the next hint.
type RevealHint struct{}

func (RevealHint) apply(w *Workspace) []Task {
	w.chal.follow(w.lib.DocID)
	if c := w.Snap().Doc.Challenge; c != nil && w.chal.hints < len(c.Hints) {
		w.chal.hints++
	}
	return nil
}

// MakeChallenge makes the open design a challenge and shows its authoring
// form.
type MakeChallenge struct{}

const starterInstructions = "Describe the task here. **Markdown** works: lists, `code`, links."

func (MakeChallenge) apply(w *Workspace) []Task {
	w.problemsIn(PartTop)
	if err := w.chalEdit(store.MakeChallenge{Instructions: starterInstructions}); err != nil {
		return w.say(Plain(err.Error()), true)
	}
	w.chal.editing = true
	w.panels.Tab, w.panels.PanelCollapsed = TabChallenge, false
	return w.say("This design is now a challenge: add goals, then make it ready for students", false)
}

// RemoveChallenge makes the design an ordinary design again.
type RemoveChallenge struct{}

func (RemoveChallenge) apply(w *Workspace) []Task {
	w.problemsIn(PartTop)
	if err := w.chalEdit(store.RemoveChallenge{}); err != nil {
		return w.say(Plain(err.Error()), true)
	}
	w.chal.editing = false
	return w.say("The challenge was removed; undo brings it back", false)
}

// EditChallenge shows (On) or hides the authoring form.
type EditChallenge struct{ On bool }

func (a EditChallenge) apply(w *Workspace) []Task {
	w.chal.follow(w.lib.DocID)
	w.problemsIn(PartTop)
	w.chal.editing, w.chal.problem = a.On, ""
	return nil
}

// SetInstructions sets the challenge's instructions (Markdown).
type SetInstructions struct{ Text string }

// WithValue is a with Text set.
func (a SetInstructions) WithValue(v string) Action { a.Text = v; return a }

func (a SetInstructions) apply(w *Workspace) []Task {
	w.problemsIn(PartTop)
	if w.chalEdit(store.SetInstructions{Text: a.Text}) == nil {
		w.chal.instr = nil
	}
	return nil
}

// TypeInstructions follows the instructions as they are typed, for the
// live preview; SetInstructions commits them (when the field is left).
type TypeInstructions struct{ Text string }

// WithValue is a with Text set.
func (a TypeInstructions) WithValue(v string) Action { a.Text = v; return a }

func (a TypeInstructions) apply(w *Workspace) []Task {
	w.chal.follow(w.lib.DocID)
	t := a.Text
	w.chal.instr = &t
	return nil
}

// chalEdit applies a challenge edit; a refusal is the form's problem.
func (w *Workspace) chalEdit(e store.Edit) error {
	w.chal.follow(w.lib.DocID)
	_, err := w.sess.Apply(e)
	switch {
	case errors.Is(err, store.ErrNoChange):
		return nil
	case err != nil:
		w.chal.problem = Plain(err.Error())
		return err
	}
	w.chal.problem = ""
	return nil
}

// ReadyForStudents seals the challenge: the constraints' baselines are
// taken from the design as it is now, and the authoring form closes.
type ReadyForStudents struct{}

func (ReadyForStudents) apply(w *Workspace) []Task {
	w.problemsIn(PartTop)
	if err := w.chalEdit(store.SealChallenge{}); err != nil {
		return nil
	}
	w.chal.editing = false
	return w.say("Ready for students: the constraints' baselines are this design as it is now", false)
}

// ShareChallenge seals the challenge and makes the share link: the link
// carries the starting design and the challenge, never a solution.
type ShareChallenge struct{ Origin string }

func (a ShareChallenge) apply(w *Workspace) []Task {
	w.problemsIn(PartTop)
	if err := w.chalEdit(store.SealChallenge{}); err != nil {
		return nil
	}
	return ShareLink(a).apply(w)
}

// ChallengePart is a part of the challenge authoring form.
type ChallengePart string

// The parts of the authoring form a problem is shown in: the top of the
// form (the instructions, making it ready), the goals, the hints, the
// constraints.
const (
	PartTop         ChallengePart = ""
	PartGoals       ChallengePart = "goals"
	PartHints       ChallengePart = "hints"
	PartConstraints ChallengePart = "constraints"
)

// problemsIn says that what the action being applied meets is part's
// problem: the form shows it there (the open design's challenge state).
func (w *Workspace) problemsIn(part ChallengePart) {
	w.chal.follow(w.lib.DocID)
	w.chal.problemIn = part
}

// ChallengeProblem is the authoring form's last problem (for tests).
func (w *Workspace) ChallengeProblem() string { return w.chal.problem }

// atoi reads a whole number typed in a form; empty is 0.
func atoi(s, what string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%s must be a whole number, 0 or more: %q", what, s)
	}
	return n, nil
}

// validateGoal reports the first error expect.Validate finds in e on the
// analysed design.
func (w *Workspace) validateGoal(e scenario.Expectation) error {
	p := w.Snap().Shown().Intact0().Plane
	if p == nil {
		return nil
	}
	for _, d := range expect.Validate(p, []scenario.Expectation{e}) {
		if d.Severity == model.Error && d.Code != "id.empty" {
			return errors.New(d.Msg)
		}
	}
	return nil
}

// ConstraintState says, for the authoring list, where constraint k's
// baseline stands: a count limit needs none (it reads the student's
// design only); another constraint's is taken when the challenge is made
// ready, then recorded, or out of date when the starting design changed
// since (stale lists those, workshop.StaleBaselines).
func ConstraintState(k scenario.Constraint, stale []string) string {
	switch {
	case k.Kind == scenario.ConstraintMaxCount:
		return "no baseline needed"
	case slices.Contains(stale, k.ID):
		return "out of date"
	case len(k.Baseline) == 0:
		return "baseline taken when ready for students"
	}
	return "baseline taken"
}
