package workspace

import (
	"errors"
	"fmt"
	"strings"
	"vnetplay/app/kinds"

	"vnetplay/app/store"
	"vnetplay/engine/scenario"
)

// The trainer's authoring form: goals, hints and constraints typed in
// drafts and added as store edits.

// SetGoalDraft sets one field of the goal draft (Field: a GoalDraft field
// name in lower camel case: "kind", "from", "nextHopType", ...).
type SetGoalDraft struct{ Field, Value string }

// WithValue is a with Value set.
func (a SetGoalDraft) WithValue(v string) Action { a.Value = v; return a }

func (a SetGoalDraft) apply(w *Workspace) []Task {
	w.chal.follow(w.lib.DocID)
	g := &w.chal.goal
	fields := map[string]*string{
		"kind": &g.Kind, "title": &g.Title, "points": &g.Points, "from": &g.From, "to": &g.To,
		"protocol": &g.Protocol, "port": &g.Port, "via": &g.Via, "subnet": &g.Subnet, "prefix": &g.Prefix,
		"nextHopType": &g.NextHopType, "speaker": &g.Speaker, "asPath": &g.AsPath, "name": &g.Name, "answer": &g.Answer,
	}
	if f, ok := fields[a.Field]; ok {
		*f = a.Value
	}
	return nil
}

// AddGoal adds the goal draft to the challenge.
type AddGoal struct{}

func (AddGoal) apply(w *Workspace) []Task {
	w.chal.follow(w.lib.DocID)
	w.problemsIn(PartGoals)
	g, err := w.chal.goal.build()
	if err == nil {
		err = w.validateGoal(g.Expectation())
	}
	if err != nil {
		w.chal.problem = Plain(err.Error())
		return nil
	}
	if w.chalEdit(store.AddGoal{Goal: g}) != nil {
		return nil
	}
	// The next goal starts from this one (often a similar check), but for
	// its title.
	w.chal.goal.Title = ""
	return w.say("Goal added: "+g.Title, false)
}

// build makes a goal of the draft; its id is made by the store edit.
func (d GoalDraft) build() (scenario.Goal, error) {
	points, err := atoi(d.Points, "points")
	if err != nil {
		return scenario.Goal{}, err
	}
	e, err := d.expectation()
	if err != nil {
		return scenario.Goal{}, err
	}
	title := strings.TrimSpace(d.Title)
	if title == "" {
		title = GoalTitle(e)
	}
	return scenario.Goal{Title: title, Points: points, Expect: e}, nil
}

// expectation is the draft's expectation, with what its kind needs
// checked.
func (d GoalDraft) expectation() (scenario.Expectation, error) {
	kind := d.Kind
	if kind == "" {
		kind = GoalReach
	}
	need := func(what, v string) error {
		if strings.TrimSpace(v) == "" {
			return fmt.Errorf("a %s goal needs %s", kind, what)
		}
		return nil
	}
	switch kind {
	case GoalReach, GoalUnreach:
		port, err := atoi(d.Port, "the port")
		if err != nil {
			return scenario.Expectation{}, err
		}
		reachable := kind == GoalReach
		e := scenario.Expectation{Kind: scenario.ExpectReach, From: d.From, To: strings.TrimSpace(d.To), Protocol: orDefault(d.Protocol, "Tcp"),
			Port: port, Via: strings.TrimSpace(d.Via), Reachable: &reachable}
		return e, errors.Join(need("a source", d.From), need("a destination", e.To))
	case GoalRoute:
		e := scenario.Expectation{Kind: scenario.ExpectRoute, Subnet: d.Subnet, Prefix: strings.TrimSpace(d.Prefix), NextHopType: d.NextHopType}
		return e, errors.Join(need("a subnet", d.Subnet), need("a prefix", e.Prefix), need("a next hop type", d.NextHopType))
	case GoalBGP:
		e := scenario.Expectation{Kind: "bgp", Speaker: strings.TrimSpace(d.Speaker), Prefix: strings.TrimSpace(d.Prefix), AsPath: strings.TrimSpace(d.AsPath)}
		return e, errors.Join(need("a BGP speaker", e.Speaker), need("a prefix", e.Prefix))
	case GoalResolve:
		e := scenario.Expectation{Kind: scenario.ExpectResolve, From: d.From, Name: strings.TrimSpace(d.Name), Answer: strings.TrimSpace(d.Answer)}
		return e, errors.Join(need("an endpoint asking", d.From), need("a name", e.Name), need("an answer", e.Answer))
	}
	return scenario.Expectation{}, fmt.Errorf("unknown goal kind %q", kind)
}

func orDefault(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

// GoalTitle says an expectation in words, for a goal without a title.
func GoalTitle(e scenario.Expectation) string {
	switch e.Kind {
	case scenario.ExpectReach:
		verb := "reaches"
		if e.Reachable != nil && !*e.Reachable {
			verb = "does not reach"
		}
		s := fmt.Sprintf("%s %s %s on %s", e.From, verb, e.To, strings.ToUpper(e.Protocol))
		if e.Port > 0 {
			s += fmt.Sprintf(" %d", e.Port)
		}
		if e.Via != "" {
			s += " via " + e.Via
		}
		return s
	case scenario.ExpectRoute:
		return fmt.Sprintf("%s routes %s to %s", e.Subnet, e.Prefix, e.NextHopType)
	case scenario.ExpectResolve:
		return fmt.Sprintf("%s resolves %s to %s", e.From, e.Name, e.Answer)
	case "bgp":
		return fmt.Sprintf("%s's best path to %s is AS path %q", e.Speaker, e.Prefix, e.AsPath)
	}
	return e.Kind
}

// RemoveGoal removes a goal.
type RemoveGoal struct{ ID string }

func (a RemoveGoal) apply(w *Workspace) []Task {
	w.problemsIn(PartGoals)
	w.chalEdit(store.RemoveGoal{ID: a.ID})
	return nil
}

// SetGoalPoints sets a goal's points from the text typed.
type SetGoalPoints struct{ ID, Value string }

// WithValue is a with Value set.
func (a SetGoalPoints) WithValue(v string) Action { a.Value = v; return a }

func (a SetGoalPoints) apply(w *Workspace) []Task {
	w.problemsIn(PartGoals)
	n, err := atoi(a.Value, "points")
	if err != nil {
		w.chal.problem = Plain(err.Error())
		return nil
	}
	w.chalEdit(store.SetGoalPoints{ID: a.ID, Points: n})
	return nil
}

// SetHintDraft holds the hint being typed.
type SetHintDraft struct{ Text string }

// WithValue is a with Text set.
func (a SetHintDraft) WithValue(v string) Action { a.Text = v; return a }

func (a SetHintDraft) apply(w *Workspace) []Task {
	w.chal.follow(w.lib.DocID)
	w.chal.hint = a.Text
	return nil
}

// AddHint adds the hint draft after the others.
type AddHint struct{}

func (AddHint) apply(w *Workspace) []Task {
	w.problemsIn(PartHints)
	if w.chalEdit(store.AddHint{Text: w.chal.hint}) == nil {
		w.chal.hint = ""
	}
	return nil
}

// RemoveHint removes the hint at Index.
type RemoveHint struct{ Index int }

func (a RemoveHint) apply(w *Workspace) []Task {
	w.problemsIn(PartHints)
	w.chalEdit(store.RemoveHint{Index: a.Index})
	return nil
}

// MoveHint moves the hint at Index one place up or down.
type MoveHint struct {
	Index int
	Up    bool
}

func (a MoveHint) apply(w *Workspace) []Task {
	w.problemsIn(PartHints)
	w.chalEdit(store.MoveHint{Index: a.Index, Up: a.Up})
	return nil
}

// SetConstraintDraft sets one field of the constraint draft ("kind",
// "collection", "target", "max", "title").
type SetConstraintDraft struct{ Field, Value string }

// WithValue is a with Value set.
func (a SetConstraintDraft) WithValue(v string) Action { a.Value = v; return a }

func (a SetConstraintDraft) apply(w *Workspace) []Task {
	w.chal.follow(w.lib.DocID)
	c := &w.chal.con
	switch a.Field {
	case "kind":
		c.Kind = a.Value
	case "collection":
		c.Collection, c.Target = a.Value, ""
	case "target":
		c.Target = a.Value
	case "max":
		c.Max = a.Value
	case "title":
		c.Title = a.Value
	}
	return nil
}

// AddConstraint adds the constraint draft; its baseline is taken when the
// challenge is made ready for students.
type AddConstraint struct{}

func (AddConstraint) apply(w *Workspace) []Task {
	w.chal.follow(w.lib.DocID)
	w.problemsIn(PartConstraints)
	k, err := w.chal.con.build()
	if err != nil {
		w.chal.problem = Plain(err.Error())
		return nil
	}
	if w.chalEdit(store.AddConstraint{Constraint: k}) != nil {
		return nil
	}
	w.chal.con.Title = ""
	return w.say("Constraint added: "+k.Title, false)
}

// build makes a constraint of the draft.
func (d ConstraintDraft) build() (scenario.Constraint, error) {
	kind := orDefault(d.Kind, scenario.ConstraintNoNew)
	if d.Collection == "" {
		return scenario.Constraint{}, errors.New("pick the kind of resource the constraint is about")
	}
	n, err := atoi(d.Max, "the most allowed")
	if err != nil {
		return scenario.Constraint{}, err
	}
	k := scenario.Constraint{Kind: kind, Collection: d.Collection, Title: strings.TrimSpace(d.Title)}
	switch kind {
	case scenario.ConstraintUnchanged:
		k.Target = d.Target
	case scenario.ConstraintMaxCount:
		k.Max = n
	}
	if k.Title == "" {
		k.Title = ConstraintTitle(k)
	}
	return k, nil
}

// ConstraintTitle says a constraint in words, for one without a title.
func ConstraintTitle(k scenario.Constraint) string {
	switch k.Kind {
	case scenario.ConstraintNoNew:
		return "No new " + collectionNoun(k.Collection, true)
	case scenario.ConstraintUnchanged:
		return "Do not change " + collectionNoun(k.Collection, false) + " " + k.Target
	case scenario.ConstraintMaxCount:
		return fmt.Sprintf("At most %d %s", k.Max, collectionNoun(k.Collection, k.Max != 1))
	}
	return k.Kind
}

// collectionNoun names the resources of a topology collection in words
// ("route tables"; "route table" when plural is false), from the registry.
func collectionNoun(collection string, plural bool) string {
	for _, s := range kinds.All() {
		if s.IsResource() && (s.Collection == collection || s.Collection == "" && s.Sub == collection) {
			if plural {
				return s.Plural
			}
			return s.Noun
		}
	}
	return collection
}

// RemoveConstraint removes a constraint.
type RemoveConstraint struct{ ID string }

func (a RemoveConstraint) apply(w *Workspace) []Task {
	w.problemsIn(PartConstraints)
	w.chalEdit(store.RemoveConstraint{ID: a.ID})
	return nil
}
