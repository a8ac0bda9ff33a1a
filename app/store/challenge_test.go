package store

import (
	"errors"
	"strings"
	"testing"

	"vnetplay/engine/scenario"
)

// TestChallengeEdits: each challenge edit changes the section as it says,
// is one undo step, and is refused (the session unchanged) when it cannot
// apply: no section, a taken id, a limit of the format.
func TestChallengeEdits(t *testing.T) {
	s := Open(&scenario.Document{Name: "d"})
	if _, err := s.Apply(AddHint{Text: "x"}); err == nil || !strings.Contains(err.Error(), "make one first") {
		t.Fatalf("a hint without a challenge: %v", err)
	}
	reach := scenario.Goal{Expect: scenario.Expectation{Kind: "reach", From: "a", To: "b"}}
	steps := []Edit{
		MakeChallenge{Instructions: "go"},
		AddGoal{Goal: reach},
		AddGoal{Goal: reach},
		AddHint{Text: "one"},
		AddHint{Text: "two"},
		MoveHint{Index: 1, Up: true},
		AddConstraint{Constraint: scenario.Constraint{Kind: "maxCount", Collection: "peerings", Max: 1}},
		SetGoalPoints{ID: "reach-2", Points: 5},
	}
	for _, e := range steps {
		if _, err := s.Apply(e); err != nil {
			t.Fatalf("%s: %v", e.Label(), err)
		}
	}
	c := s.Current().Doc.Challenge
	if c.Instructions != "go" || len(c.Goals) != 2 || c.Goals[0].ID != "reach-1" || c.Goals[1].ID != "reach-2" || c.Goals[1].Points != 5 ||
		strings.Join(c.Hints, ",") != "two,one" || len(c.Constraints) != 1 || c.Constraints[0].ID != "maxCount-1" {
		t.Fatalf("challenge %+v", c)
	}
	v := s.Version()
	refused := []Edit{
		AddGoal{Goal: scenario.Goal{ID: "reach-1", Expect: reach.Expect}},
		AddGoal{Goal: scenario.Goal{}},
		AddConstraint{Constraint: scenario.Constraint{Kind: "noNew", Collection: "nope"}},
		AddConstraint{Constraint: scenario.Constraint{Kind: "unchanged", Collection: "vnets"}},
		RemoveGoal{ID: "missing"},
		RemoveHint{Index: 7},
		SetGoalPoints{ID: "reach-1", Points: -1},
		SetInstructions{Text: strings.Repeat("x", scenario.MaxInstructions+1)},
	}
	for _, e := range refused {
		if _, err := s.Apply(e); err == nil || errors.Is(err, ErrNoChange) {
			t.Errorf("%s (%+v) was not refused: %v", e.Label(), e, err)
		}
	}
	if s.Version() != v {
		t.Fatalf("refused edits changed the version %d → %d", v, s.Version())
	}
	for range scenario.MaxHints - 2 {
		s.Apply(AddHint{Text: "h"})
	}
	if _, err := s.Apply(AddHint{Text: "one too many"}); err == nil {
		t.Errorf("hint %d accepted", scenario.MaxHints+1)
	}
	for range len(steps) + scenario.MaxHints {
		s.Undo()
	}
	if s.Current().Doc.Challenge != nil {
		t.Error("undoing every step leaves a challenge")
	}
}
