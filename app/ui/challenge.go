package ui

import (
	"fmt"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/markdown"
	"vnetplay/app/workspace"
	"vnetplay/engine/workshop"
)

// renderChallenge is the Challenge tab (workshop mode, issue 16): for a
// design with a challenge section, the student's view (instructions,
// goals graded live, constraints, hints, the completion) or, for the
// trainer, the authoring form; for any other design, "Make a challenge".
func (s *Shell) renderChallenge() app.UI {
	v := s.ws.Challenge()
	if v.Challenge == nil {
		return app.Div().ID("challenge").Class("challenge").Body(
			app.H3().Text("Challenge"),
			app.P().Class("hint").Text("A challenge turns this design into a workshop exercise: instructions, goals the student must reach "+
				"(checked live by the engine, never stored as an answer), constraints and hints. Students open it from a share link."),
			app.Button().ID("challenge-make").Class("btn btn-primary").Text("Make a challenge").OnClick(s.on(workspace.MakeChallenge{})),
		)
	}
	if v.Editing {
		return s.renderChallengeAuthor(v)
	}
	return s.renderChallengeStudent(v)
}

// renderChallengeStudent is what the student sees.
func (s *Shell) renderChallengeStudent(v workspace.ChallengeView) app.UI {
	c, r := v.Challenge, v.Result
	var broken []string // the constraints broken, with why
	for _, k := range r.Constraints {
		if !k.Held {
			broken = append(broken, workspace.Plain(k.Title+" — "+k.Why)) // the title may end in brackets of its own, and the why too
		}
	}
	done := "ch-done"
	if v.Complete() {
		done += " is-on"
	}
	return app.Div().ID("challenge").Class("challenge").Body(
		// The score and the completion stay in sight while the tab scrolls.
		app.Div().Class("ch-top").Body(
			app.Div().Class("ch-head").Body(
				app.H3().Text("Challenge"),
				app.Span().ID("challenge-score").Class("ch-score").Title("Points of the goals met, of all the goals' points").
					Textf("%d / %d", r.Score, r.Total),
			),
			// Always present, shown by its class: the completion moment.
			app.Div().ID("challenge-complete").Class(done).Attr("role", "status").Aria("live", "polite").Body(
				app.Div().Class("ch-done-title").Textf("Challenge complete: %d%%", v.Percent()),
				app.Div().Class("ch-done-text").Text("Every goal is met and every constraint held. Well done."),
			),
			app.Div().ID("challenge-blocked").Class(blockedClass(broken)).Attr("role", "status").
				Text("Not complete while a constraint is broken: "+strings.Join(broken, "; ")),
		),
		app.Div().ID("challenge-instructions").Class("ch-instructions").Body(markdown.Render(markdown.Parse(c.Instructions))),
		app.H4().Class("ch-sub").Text("Goals"),
		s.renderGoalList(r.Goals, v.Pending),
		app.If(len(r.Constraints) > 0, func() app.UI {
			return app.Div().Body(app.H4().Class("ch-sub").Text("Constraints"), renderConstraintList(r.Constraints))
		}),
		s.renderHints(v),
		app.P().Class("hint ch-saved").Textf("Your progress is this design: it is saved in My scenarios as \"%s\", like every design.", s.ws.DocName()),
		app.Div().Class("lib-actions").Body(
			app.Button().ID("challenge-edit").Class("btn btn-small").Title("For the trainer: change the goals, constraints and hints").
				Text("Edit the challenge").OnClick(s.on(workspace.EditChallenge{On: true})),
		),
	)
}

// renderGoalList is the goals' checklist.
func (s *Shell) renderGoalList(goals []workshop.GoalResult, pending bool) app.UI {
	if len(goals) == 0 {
		return app.P().Class("empty").Text("No goals yet.")
	}
	return app.Ul().ID("challenge-goals").Class("checks ch-goals").Body(app.Range(goals).Slice(func(i int) app.UI {
		g := goals[i]
		cls, mark, state := "check check-fail", "✕", "failing"
		if g.Pass {
			cls, mark, state = "check check-ok", "✓", "met"
		}
		if pending {
			cls += " ch-pending"
		}
		return app.Li().Class(cls).DataSet("id", g.ID).DataSet("pass", g.Pass).Body(
			app.Span().Class("check-mark").Aria("label", state).Text(mark),
			app.Div().Class("ch-goal-body").Body(
				app.Div().Class("ch-goal-title").Text(workspace.Plain(g.Title)),
				app.Div().Class("check-got").Text(workspace.Plain(g.Reason)),
			),
			app.Span().Class("ch-points").Text(pointsText(g.Points)),
		)
	}))
}

// renderConstraintList lists the constraints: held, or the violation in
// words (in the bad colour).
func renderConstraintList(cs []workshop.ConstraintResult) app.UI {
	return app.Ul().ID("challenge-constraints").Class("checks ch-constraints").Body(app.Range(cs).Slice(func(i int) app.UI {
		k := cs[i]
		cls, mark, why := "check check-ok", "✓", "held"
		if !k.Held {
			cls, mark, why = "check check-fail ch-violated", "✕", k.Why
		}
		return app.Li().Class(cls).DataSet("id", k.ID).DataSet("held", k.Held).Body(
			app.Span().Class("check-mark").Text(mark),
			app.Div().Class("ch-goal-body").Body(
				app.Div().Class("ch-goal-title").Text(workspace.Plain(k.Title)),
				app.Div().Class("ch-why").Text(workspace.Plain(why)),
			),
		)
	}))
}

// renderHints shows the hints revealed so far and the button for the next.
func (s *Shell) renderHints(v workspace.ChallengeView) app.UI {
	hints := v.Challenge.Hints
	if len(hints) == 0 {
		return app.Text("")
	}
	shown := hints[:v.Hints]
	return app.Div().Class("ch-hints").Body(
		app.H4().Class("ch-sub").Text("Hints"),
		app.Ol().ID("challenge-hints").Class("ch-hint-list").Body(app.Range(shown).Slice(func(i int) app.UI {
			return app.Li().Class("ch-hint").Text(workspace.Plain(shown[i]))
		})),
		app.If(v.Hints < len(hints), func() app.UI {
			return app.Button().ID("challenge-hint").Class("btn btn-small").
				Textf("Show a hint (%d of %d)", v.Hints+1, len(hints)).OnClick(s.on(workspace.RevealHint{}))
		}).Else(func() app.UI {
			return app.P().Class("hint").Text("No more hints.")
		}),
	)
}

// blockedClass shows the "blocked" line while a constraint is broken.
func blockedClass(broken []string) string {
	if len(broken) > 0 {
		return "ch-blocked is-on"
	}
	return "ch-blocked"
}

func pointsText(n int) string {
	if n == 1 {
		return "1 point"
	}
	return fmt.Sprintf("%d points", n)
}
