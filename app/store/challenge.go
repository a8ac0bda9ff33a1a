package store

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"vnetplay/engine/scenario"
	"vnetplay/engine/workshop"
)

// Edits of the design's challenge section (issue 16: workshop mode). Each
// is one undo step, like any other edit; typing the instructions coalesces.
// Every edit is refused, the document unchanged, when the section would
// break a limit of the format (scenario.CheckLimits).

// errNoChallenge: the design has no challenge section to edit.
var errNoChallenge = errors.New("this design is not a challenge: make one first")

// MakeChallenge gives the design a challenge section (empty but for
// Instructions). A design that has one already is left as it is.
type MakeChallenge struct{ Instructions string }

func (e MakeChallenge) Label() string { return "make a challenge" }
func (e MakeChallenge) apply(doc *scenario.Document) (Outcome, error) {
	if doc.Challenge != nil {
		return Outcome{}, ErrNoChange
	}
	doc.Challenge = &scenario.Challenge{Instructions: e.Instructions}
	return Outcome{}, checkChallenge(doc)
}

// RemoveChallenge removes the challenge section: the design is an ordinary
// design again.
type RemoveChallenge struct{}

func (RemoveChallenge) Label() string { return "remove the challenge" }
func (RemoveChallenge) apply(doc *scenario.Document) (Outcome, error) {
	if doc.Challenge == nil {
		return Outcome{}, ErrNoChange
	}
	doc.Challenge = nil
	return Outcome{}, nil
}

// SetInstructions replaces the challenge's Markdown instructions. Typing
// coalesces into one undo step.
type SetInstructions struct{ Text string }

func (e SetInstructions) Label() string       { return "edit the instructions" }
func (e SetInstructions) coalesceKey() string { return "challenge:instructions" }
func (e SetInstructions) apply(doc *scenario.Document) (Outcome, error) {
	return challengeEdit(doc, func(c *scenario.Challenge) error {
		if c.Instructions == e.Text {
			return ErrNoChange
		}
		c.Instructions = e.Text
		return nil
	})
}

// AddGoal appends a goal. An empty ID is made from the expectation's kind
// ("reach-1", "route-2": the first free one); a taken ID is refused.
type AddGoal struct{ Goal scenario.Goal }

func (e AddGoal) Label() string { return "add a goal" }
func (e AddGoal) apply(doc *scenario.Document) (Outcome, error) {
	return challengeEdit(doc, func(c *scenario.Challenge) error {
		g := e.Goal
		g.ID = strings.TrimSpace(g.ID)
		if g.Expect.Kind == "" {
			return errors.New("a goal needs an expectation kind")
		}
		ids := goalIDs(c)
		if g.ID == "" {
			g.ID = freeID(ids, g.Expect.Kind)
		} else if slices.Contains(ids, g.ID) {
			return fmt.Errorf("there is a goal %q already", g.ID)
		}
		if g.Points < 0 {
			return fmt.Errorf("points must be 0 or more, got %d", g.Points)
		}
		g.Expect.ID = "" // the goal's id (Goal.Expectation)
		c.Goals = append(c.Goals, g)
		return nil
	})
}

// RemoveGoal removes the goal with ID.
type RemoveGoal struct{ ID string }

func (e RemoveGoal) Label() string { return "remove goal " + e.ID }
func (e RemoveGoal) apply(doc *scenario.Document) (Outcome, error) {
	return challengeEdit(doc, func(c *scenario.Challenge) error {
		i := slices.IndexFunc(c.Goals, func(g scenario.Goal) bool { return g.ID == e.ID })
		if i < 0 {
			return fmt.Errorf("no goal %q", e.ID)
		}
		c.Goals = slices.Delete(slices.Clone(c.Goals), i, i+1)
		return nil
	})
}

// SetGoalPoints sets the points of the goal with ID (0 counts as one).
type SetGoalPoints struct {
	ID     string
	Points int
}

func (e SetGoalPoints) Label() string       { return "set the points of " + e.ID }
func (e SetGoalPoints) coalesceKey() string { return "challenge:points:" + e.ID }
func (e SetGoalPoints) apply(doc *scenario.Document) (Outcome, error) {
	return challengeEdit(doc, func(c *scenario.Challenge) error {
		i := slices.IndexFunc(c.Goals, func(g scenario.Goal) bool { return g.ID == e.ID })
		switch {
		case i < 0:
			return fmt.Errorf("no goal %q", e.ID)
		case e.Points < 0:
			return fmt.Errorf("points must be 0 or more, got %d", e.Points)
		case c.Goals[i].Points == e.Points:
			return ErrNoChange
		}
		c.Goals[i].Points = e.Points
		return nil
	})
}

// AddHint appends a hint (revealed after the ones before it).
type AddHint struct{ Text string }

func (e AddHint) Label() string { return "add a hint" }
func (e AddHint) apply(doc *scenario.Document) (Outcome, error) {
	return challengeEdit(doc, func(c *scenario.Challenge) error {
		t := strings.TrimSpace(e.Text)
		if t == "" {
			return errors.New("a hint needs some text")
		}
		c.Hints = append(c.Hints, t)
		return nil
	})
}

// RemoveHint removes the hint at Index (from 0).
type RemoveHint struct{ Index int }

func (e RemoveHint) Label() string { return fmt.Sprintf("remove hint %d", e.Index+1) }
func (e RemoveHint) apply(doc *scenario.Document) (Outcome, error) {
	return challengeEdit(doc, func(c *scenario.Challenge) error {
		if e.Index < 0 || e.Index >= len(c.Hints) {
			return fmt.Errorf("no hint %d", e.Index+1)
		}
		c.Hints = slices.Delete(slices.Clone(c.Hints), e.Index, e.Index+1)
		return nil
	})
}

// MoveHint moves the hint at Index one place earlier (Up) or later: hints
// are revealed in order.
type MoveHint struct {
	Index int
	Up    bool
}

func (e MoveHint) Label() string { return fmt.Sprintf("move hint %d", e.Index+1) }
func (e MoveHint) apply(doc *scenario.Document) (Outcome, error) {
	return challengeEdit(doc, func(c *scenario.Challenge) error {
		to := e.Index + 1
		if e.Up {
			to = e.Index - 1
		}
		if e.Index < 0 || e.Index >= len(c.Hints) || to < 0 || to >= len(c.Hints) {
			return ErrNoChange
		}
		c.Hints[e.Index], c.Hints[to] = c.Hints[to], c.Hints[e.Index]
		return nil
	})
}

// AddConstraint appends a constraint; an empty ID is made from its kind.
// Its baseline is taken when the challenge is sealed (SealChallenge).
type AddConstraint struct{ Constraint scenario.Constraint }

func (e AddConstraint) Label() string { return "add a constraint" }
func (e AddConstraint) apply(doc *scenario.Document) (Outcome, error) {
	return challengeEdit(doc, func(c *scenario.Challenge) error {
		k := e.Constraint
		switch k.Kind {
		case scenario.ConstraintNoNew, scenario.ConstraintMaxCount:
		case scenario.ConstraintUnchanged:
			if k.Target == "" {
				return errors.New("pick the resource that must stay unchanged")
			}
		default:
			return fmt.Errorf("unknown constraint kind %q", k.Kind)
		}
		if !slices.Contains(scenario.Collections(), k.Collection) {
			return fmt.Errorf("unknown collection %q", k.Collection)
		}
		if k.Max < 0 {
			return fmt.Errorf("the most allowed must be 0 or more, got %d", k.Max)
		}
		var ids []string
		for _, x := range c.Constraints {
			ids = append(ids, x.ID)
		}
		if k.ID == "" {
			k.ID = freeID(ids, k.Kind)
		} else if slices.Contains(ids, k.ID) {
			return fmt.Errorf("there is a constraint %q already", k.ID)
		}
		k.Baseline = nil
		c.Constraints = append(c.Constraints, k)
		return nil
	})
}

// RemoveConstraint removes the constraint with ID.
type RemoveConstraint struct{ ID string }

func (e RemoveConstraint) Label() string { return "remove constraint " + e.ID }
func (e RemoveConstraint) apply(doc *scenario.Document) (Outcome, error) {
	return challengeEdit(doc, func(c *scenario.Challenge) error {
		i := slices.IndexFunc(c.Constraints, func(k scenario.Constraint) bool { return k.ID == e.ID })
		if i < 0 {
			return fmt.Errorf("no constraint %q", e.ID)
		}
		c.Constraints = slices.Delete(slices.Clone(c.Constraints), i, i+1)
		return nil
	})
}

// SealChallenge takes the constraints' baselines from the design as it is
// now (workshop.Seal): the trainer's "Ready for students".
type SealChallenge struct{}

func (SealChallenge) Label() string { return "make the challenge ready" }
func (SealChallenge) apply(doc *scenario.Document) (Outcome, error) {
	if doc.Challenge == nil {
		return Outcome{}, errNoChallenge
	}
	if err := workshop.Seal(doc); err != nil {
		return Outcome{}, err
	}
	return Outcome{}, checkChallenge(doc)
}

// challengeEdit applies change to doc's challenge section (a copy of it:
// the document given to an edit is private, its challenge is cloned with
// it) and checks the limits.
func challengeEdit(doc *scenario.Document, change func(c *scenario.Challenge) error) (Outcome, error) {
	if doc.Challenge == nil {
		return Outcome{}, errNoChallenge
	}
	if err := change(doc.Challenge); err != nil {
		return Outcome{}, err
	}
	return Outcome{}, checkChallenge(doc)
}

// checkChallenge refuses a challenge over the format's limits.
func checkChallenge(doc *scenario.Document) error {
	_, err := scenario.CheckLimits(doc)
	return err
}

func goalIDs(c *scenario.Challenge) []string {
	ids := make([]string, len(c.Goals))
	for i, g := range c.Goals {
		ids[i] = g.ID
	}
	return ids
}

// freeID is the first of "<base>-1", "<base>-2", … not in taken.
func freeID(taken []string, base string) string {
	for n := 1; ; n++ {
		if id := fmt.Sprintf("%s-%d", base, n); !slices.Contains(taken, id) {
			return id
		}
	}
}
