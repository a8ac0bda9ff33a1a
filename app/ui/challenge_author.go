package ui

import (
	"cmp"
	"slices"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/markdown"
	"vnetplay/app/workspace"
	"vnetplay/engine/scenario"
)

// renderChallengeAuthor is the trainer's authoring form. Every field group
// stays in the page; the ones that do not apply to the kind picked are
// hidden by their class (the page's CSP allows no inline styles).
func (s *Shell) renderChallengeAuthor(v workspace.ChallengeView) app.UI {
	return app.Div().ID("challenge").Class("challenge ch-author").Body(
		app.Div().Class("ch-head").Body(
			app.H3().Text("Authoring the challenge"),
			app.Button().ID("challenge-student").Class("btn btn-small").Text("Student view").OnClick(s.on(workspace.EditChallenge{On: false})),
		),
		app.P().Class("hint").Text("The design as it is now is what students start from. Goals are expectations the engine checks on their design; the answer is never stored."),
		renderChallengeProblem(v, workspace.PartTop),
		s.renderInstructionsEditor(v),
		s.renderGoalsEditor(v),
		s.renderHintsEditor(v),
		s.renderConstraintsEditor(v),
		renderFindings(v),
		s.renderReady(v),
	)
}

// renderChallengeProblem is the authoring form's last problem if it is
// part's: each part draws it under its buttons, where the click that met
// it was made (drawn at the top of the tab, the reason an Add goal was
// refused was scrolled out of view).
func renderChallengeProblem(v workspace.ChallengeView, part workspace.ChallengePart) app.UI {
	if v.Problem == "" || v.ProblemIn != part {
		return app.Text("")
	}
	return app.P().ID("challenge-problem").Class("field-error").Attr("role", "alert").Text(v.Problem)
}

// renderInstructionsEditor is the instructions' text and live preview.
func (s *Shell) renderInstructionsEditor(v workspace.ChallengeView) app.UI {
	return app.Section().Class("ch-section").Body(
		app.H4().Class("ch-sub").Body(app.Label().For("ch-instructions").Text("Instructions (Markdown)")),
		textArea("ch-instructions", v.Instructions).Class("ch-textarea").Rows(6).Attr("spellcheck", "true").
			OnInput(s.onValue(workspace.TypeInstructions{})).
			OnChange(s.onValue(workspace.SetInstructions{})),
		app.Div().Class("hint").Text("Preview"),
		app.Div().ID("ch-preview").Class("ch-instructions ch-preview").Body(markdown.Render(markdown.Parse(v.Instructions))),
	)
}

// renderGoalsEditor lists the goals (points, remove) and the form that
// adds one.
func (s *Shell) renderGoalsEditor(v workspace.ChallengeView) app.UI {
	goals := v.Challenge.Goals
	return app.Section().Class("ch-section").Body(
		app.H4().Class("ch-sub").Text("Goals"),
		app.If(len(goals) == 0, func() app.UI { return app.P().Class("empty").Text("No goals yet: add the first below.") }),
		app.Ul().ID("ch-goal-rows").Class("ch-rows").Body(app.Range(goals).Slice(func(i int) app.UI {
			g := goals[i]
			return app.Li().Class("ch-row").DataSet("id", g.ID).Body(
				app.Span().Class("ch-row-title").Text(workspace.Plain(g.Title)),
				app.Input().Type("number").Class("ch-points-input").Min(0).Aria("label", "Points of "+g.ID).
					Value(g.PointsOrOne()).OnChange(s.onValue(workspace.SetGoalPoints{ID: g.ID})),
				app.Button().Class("btn btn-small btn-danger ch-remove").Title("Remove the goal "+g.ID).Text("Remove").
					OnClick(s.on(workspace.RemoveGoal{ID: g.ID})),
			)
		})),
		s.renderGoalForm(v),
	)
}

// renderGoalForm is the form of a new goal.
func (s *Shell) renderGoalForm(v workspace.ChallengeView) app.UI {
	d := v.Goal
	kind := d.Kind
	if kind == "" {
		kind = workspace.GoalReach
	}
	eps := append([][2]string{{"", "choose…"}}, pairs(v.Endpoints)...)
	subnets := append([][2]string{{"", "choose…"}}, pairs(v.Subnets)...)
	hops := append([][2]string{{"", "choose…"}}, pairs(workspace.NextHopTypes())...)
	set := func(f string) workspace.SetGoalDraft { return workspace.SetGoalDraft{Field: f} }
	isReach := kind == workspace.GoalReach || kind == workspace.GoalUnreach
	return app.Div().ID("ch-goal-form").Class("ch-form").Body(
		s.chSelect("ch-goal-kind", "Goal", kind, workspace.GoalKinds(), set("kind"), true),
		s.chSelect("ch-goal-from", "From", d.From, eps, set("from"), isReach || kind == workspace.GoalResolve),
		s.chSelect("ch-goal-to", "To", d.To, eps, set("to"), isReach),
		s.chSelect("ch-goal-protocol", "Protocol", orTcp(d.Protocol), pairs([]string{"Tcp", "Udp", "Icmp"}), set("protocol"), isReach),
		s.chInput("ch-goal-port", "Port", d.Port, "443", set("port"), isReach),
		s.chInput("ch-goal-via", "Via (optional)", d.Via, "an NVA or gateway the path must cross", set("via"), isReach),
		s.chSelect("ch-goal-subnet", "Subnet", d.Subnet, subnets, set("subnet"), kind == workspace.GoalRoute),
		s.chInput("ch-goal-prefix", "Prefix", d.Prefix, "10.1.0.0/16", set("prefix"), kind == workspace.GoalRoute || kind == workspace.GoalBGP),
		s.chSelect("ch-goal-nexthop", "Next hop type", d.NextHopType, hops, set("nextHopType"), kind == workspace.GoalRoute),
		s.chInput("ch-goal-speaker", "BGP speaker", d.Speaker, "a gateway or route server", set("speaker"), kind == workspace.GoalBGP),
		s.chInput("ch-goal-aspath", "AS path", d.AsPath, "65010 65020 (empty: local)", set("asPath"), kind == workspace.GoalBGP),
		s.chInput("ch-goal-name", "Name", d.Name, "stacct.blob.core.windows.net", set("name"), kind == workspace.GoalResolve),
		s.chInput("ch-goal-answer", "Answer", d.Answer, "private, public, NXDOMAIN or addresses", set("answer"), kind == workspace.GoalResolve),
		s.chInput("ch-goal-title", "Title (optional)", d.Title, "said in words from the goal", set("title"), true),
		s.chInput("ch-goal-points", "Points", d.Points, "1", set("points"), true),
		app.Div().Class("lib-actions").Body(
			app.Button().ID("ch-goal-add").Class("btn").Text("Add goal").OnClick(s.addThenClear("ch-goal-add", workspace.AddGoal{}, "ch-goal-title")),
		),
		renderChallengeProblem(v, workspace.PartGoals),
	)
}

// renderHintsEditor lists the hints (reorder, remove) and adds one.
func (s *Shell) renderHintsEditor(v workspace.ChallengeView) app.UI {
	hints := v.Challenge.Hints
	return app.Section().Class("ch-section").Body(
		app.H4().Class("ch-sub").Text("Hints (revealed in this order)"),
		app.Ol().ID("ch-hint-rows").Class("ch-rows").Body(app.Range(hints).Slice(func(i int) app.UI {
			return app.Li().Class("ch-row").DataSet("index", i).Body(
				app.Span().Class("ch-row-title").Text(workspace.Plain(hints[i])),
				app.Button().Class("btn btn-small ch-up").Title("Move up").Aria("label", "Move hint up").Text("↑").Disabled(i == 0).
					OnClick(s.on(workspace.MoveHint{Index: i, Up: true})),
				app.Button().Class("btn btn-small ch-down").Title("Move down").Aria("label", "Move hint down").Text("↓").Disabled(i == len(hints)-1).
					OnClick(s.on(workspace.MoveHint{Index: i})),
				app.Button().Class("btn btn-small btn-danger ch-remove").Title("Remove the hint").Text("Remove").
					OnClick(s.on(workspace.RemoveHint{Index: i})),
			)
		})),
		app.Div().Class("ch-form").Body(
			s.chInput("ch-hint-text", "New hint", v.Hint, "Look at the effective routes of …", workspace.SetHintDraft{}, true),
			app.Div().Class("lib-actions").Body(
				app.Button().ID("ch-hint-add").Class("btn").Text("Add hint").OnClick(s.addThenClear("ch-hint-add", workspace.AddHint{}, "ch-hint-text")),
			),
			renderChallengeProblem(v, workspace.PartHints),
		),
	)
}

// renderConstraintsEditor lists the constraints and adds one.
func (s *Shell) renderConstraintsEditor(v workspace.ChallengeView) app.UI {
	cs := v.Challenge.Constraints
	d := v.Constraint
	kind := d.Kind
	if kind == "" {
		kind = scenario.ConstraintNoNew
	}
	set := func(f string) workspace.SetConstraintDraft { return workspace.SetConstraintDraft{Field: f} }
	cols := append([][2]string{{"", "choose…"}}, pairs(scenario.Collections())...)
	targets := append([][2]string{{"", "choose…"}}, pairs(v.Targets)...)
	return app.Section().Class("ch-section").Body(
		app.H4().Class("ch-sub").Text("Constraints"),
		app.Ul().ID("ch-con-rows").Class("ch-rows").Body(app.Range(cs).Slice(func(i int) app.UI {
			k := cs[i]
			state := workspace.ConstraintState(k, v.Stale)
			return app.Li().Class("ch-row").DataSet("id", k.ID).Body(
				app.Span().Class("ch-row-title").Text(workspace.Plain(k.Title)),
				app.Span().Class("hint ch-row-state").Text(state),
				app.Button().Class("btn btn-small btn-danger ch-remove").Title("Remove the constraint "+k.ID).Text("Remove").
					OnClick(s.on(workspace.RemoveConstraint{ID: k.ID})),
			)
		})),
		app.Div().ID("ch-con-form").Class("ch-form").Body(
			s.chSelect("ch-con-kind", "Constraint", kind, workspace.ConstraintKinds(), set("kind"), true),
			s.chSelect("ch-con-collection", "Resources", d.Collection, cols, set("collection"), true),
			s.chSelect("ch-con-target", "Resource", d.Target, targets, set("target"), kind == scenario.ConstraintUnchanged),
			s.chInput("ch-con-max", "At most", d.Max, "1", set("max"), kind == scenario.ConstraintMaxCount),
			s.chInput("ch-con-title", "Title (optional)", d.Title, "said in words from the constraint", set("title"), true),
			app.Div().Class("lib-actions").Body(
				app.Button().ID("ch-con-add").Class("btn").Text("Add constraint").OnClick(s.addThenClear("ch-con-add", workspace.AddConstraint{}, "ch-con-title")),
			),
			renderChallengeProblem(v, workspace.PartConstraints),
		),
	)
}

// renderFindings lists what makes the challenge unusable.
func renderFindings(v workspace.ChallengeView) app.UI {
	if len(v.Findings) == 0 {
		return app.Text("")
	}
	fs := v.Findings
	return app.Ul().ID("ch-findings").Class("diagnostics").Body(app.Range(fs).Slice(func(i int) app.UI {
		d := fs[i]
		return app.Li().Class("diag diag-"+d.Severity.String()).Body(
			app.Span().Class("diag-severity").Text(d.Severity.String()),
			app.Span().Class("diag-msg").Text(" "+workspace.Plain(d.Msg)),
		)
	}))
}

// constraintTitles are the titles of v's stale constraints (their ids
// where they have none).
func constraintTitles(v workspace.ChallengeView) []string {
	var out []string
	for _, k := range v.Challenge.Constraints {
		if slices.Contains(v.Stale, k.ID) {
			out = append(out, cmp.Or(workspace.Plain(k.Title), k.ID))
		}
	}
	return out
}

// renderReady makes the challenge ready for students and shares it.
func (s *Shell) renderReady(v workspace.ChallengeView) app.UI {
	sealed := "Not ready yet: the constraints' baselines are taken when you make it ready."
	switch {
	case len(v.Stale) > 0:
		sealed = "Not ready: the starting design changed after it was made ready, so students would start with \u201c" +
			strings.Join(constraintTitles(v), "\u201d, \u201c") + "\u201d broken. Make it ready again (its link and a pack need it)."
	case v.Sealed:
		sealed = "Ready: the constraints' baselines are recorded. Make it ready again after changing the starting design."
	}
	return app.Section().Class("ch-section").Body(
		app.P().ID("ch-sealed").Class("hint").Text(sealed),
		app.Div().Class("lib-actions").Body(
			app.Button().ID("ch-ready").Class("btn").Text("Ready for students").OnClick(s.on(workspace.ReadyForStudents{})),
			app.Button().ID("ch-share").Class("btn btn-primary").Title("Makes it ready and copies a link that carries this design and the challenge").
				Text("Share with students").
				OnClick(s.onEvent("ch-share", func(app.Context, app.Event) workspace.Action {
					loc := app.Window().URL()
					return workspace.ShareChallenge{Origin: loc.Scheme + "://" + loc.Host}
				})),
			app.Button().ID("ch-remove-challenge").Class("btn btn-danger").Text("Remove the challenge").OnClick(s.on(workspace.RemoveChallenge{})),
		),
		app.If(v.Link != "", func() app.UI {
			return app.Div().Class("insp-row").Body(
				app.Label().For("ch-share-link").Text("Link for students"),
				textInput("ch-share-link", v.Link).Class("mono").ReadOnly(true),
			)
		}),
	)
}

// addThenClear dispatches an authoring form's add action and, when it
// worked, empties the fields the workspace cleared in its draft: go-app
// drops an empty value attribute instead of setting it, so the field
// would keep the text just added.
func (s *Shell) addThenClear(name string, a workspace.Action, ids ...string) (app.EventHandler, app.EventOption) {
	return s.onEvent(name, func(ctx app.Context, e app.Event) workspace.Action {
		if app.IsClient {
			ctx.Defer(func(app.Context) {
				if s.ws.ChallengeProblem() != "" {
					return
				}
				for _, id := range ids {
					if el := app.Window().GetElementByID(id); el.Truthy() {
						el.Set("value", "")
					}
				}
			})
		}
		return a
	})
}

// chSelect is a labelled select; shown false hides its row by class.
func (s *Shell) chSelect(id, label, value string, opts [][2]string, a valuedAction, shown bool) app.UI {
	return app.Div().Class(rowClass(shown)).Body(
		app.Label().For(id).Text(label),
		app.Select().ID(id).OnChange(s.onSelect(a)).Body(app.Range(opts).Slice(func(i int) app.UI {
			return option(opts[i][0], opts[i][1], opts[i][0] == value)
		})),
	)
}

// chInput is a labelled text field; shown false hides its row by class.
func (s *Shell) chInput(id, label, value, placeholder string, a valuedAction, shown bool) app.UI {
	return app.Div().Class(rowClass(shown)).Body(
		app.Label().For(id).Text(label),
		textInput(id, value).Placeholder(placeholder).OnChange(s.onValue(a)),
	)
}

// valuedAction is an action completed with a field's value.
type valuedAction = valued

func rowClass(shown bool) string {
	if shown {
		return "insp-row ch-field"
	}
	return "insp-row ch-field ch-off"
}

// pairs makes select options of values shown as they are.
func pairs(vs []string) [][2]string {
	out := make([][2]string, len(vs))
	for i, v := range vs {
		out[i] = [2]string{v, v}
	}
	return out
}

func orTcp(p string) string {
	if strings.TrimSpace(p) == "" {
		return "Tcp"
	}
	return p
}
