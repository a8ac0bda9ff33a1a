// Package workshop grades workshop challenges (issue 16): a scenario
// document with a "challenge" section (engine/scenario Challenge) whose
// goals are expectations, evaluated with the code `vnetplay check` uses
// (engine/expect), and whose constraints limit how the starting design may
// change. Seal records the constraints' baselines from the starting
// design. Everything here is pure and deterministic.
package workshop

import (
	"errors"
	"fmt"
	"strings"

	"vnetplay/engine"
	"vnetplay/engine/dataplane"
	"vnetplay/engine/expect"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
)

// ErrNoChallenge: the document has no challenge section.
var ErrNoChallenge = errors.New("the document is not a challenge (no \"challenge\" section)")

// Result is a challenge's grade.
type Result struct {
	Goals       []GoalResult       `json:"goals"`
	Constraints []ConstraintResult `json:"constraints"`
	// Score is the points of the passing goals, Total of all goals.
	Score int `json:"score"`
	Total int `json:"total"`
	// Complete: every goal passes and every constraint holds.
	Complete bool `json:"complete"`
}

// GoalResult is one goal's outcome. Title is the goal's, or its id;
// Points its value (0 counts as 1); Reason what the engine found and, on
// failure, what was expected, in words (with the rule citations the
// packet walk gives).
type GoalResult struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Points int    `json:"points"`
	Pass   bool   `json:"pass"`
	Reason string `json:"reason"`
}

// ConstraintResult is one constraint's outcome; Why says what was
// checked and, when violated, what broke it.
type ConstraintResult struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Held  bool   `json:"held"`
	Why   string `json:"why"`
}

// Grade evaluates doc's challenge against a, the analysis of doc (its data
// plane): each goal's expectation with expect.EvaluateDocument (goals
// under a failure set are evaluated with it applied), each constraint
// against doc's topology (CheckConstraint). Results keep the goals' and
// constraints' order. A document without a challenge grades as an empty,
// incomplete Result; a nil analysis fails every goal.
func Grade(doc *scenario.Document, a *engine.Analysis) Result {
	res := Result{Goals: []GoalResult{}, Constraints: []ConstraintResult{}}
	if doc == nil || doc.Challenge == nil {
		return res
	}
	c := doc.Challenge
	rs := evaluateGoals(doc, a)
	for i, g := range c.Goals {
		gr := GoalResult{ID: g.ID, Title: orID(g.Title, g.ID), Points: g.PointsOrOne(), Pass: rs[i].OK, Reason: reason(rs[i])}
		res.Total += gr.Points
		if gr.Pass {
			res.Score += gr.Points
		}
		res.Goals = append(res.Goals, gr)
	}
	res.Complete = res.Score == res.Total
	for _, k := range c.Constraints {
		cr := CheckConstraint(&doc.Topology, k)
		res.Complete = res.Complete && cr.Held
		res.Constraints = append(res.Constraints, cr)
	}
	return res
}

// evaluateGoals evaluates the goals' expectations (one result per goal,
// in order) with expect.EvaluateDocument on a copy of doc whose expect
// list is the goals'.
func evaluateGoals(doc *scenario.Document, a *engine.Analysis) []expect.Result {
	exps := doc.Challenge.Expectations()
	if a == nil || a.Plane == nil {
		out := make([]expect.Result, len(exps))
		for i, e := range exps {
			out[i] = expect.Result{ID: e.ID, Kind: e.Kind, Msg: "the design was not analysed"}
		}
		return out
	}
	d := *doc
	d.Expect = exps
	return expect.EvaluateDocument(&d, a.Plane)
}

// reason is an expectation result in words: what was found, or, when it
// failed, what should happen and what happens instead (expect.Result.Msg
// says both).
func reason(r expect.Result) string {
	if r.OK || r.Msg == "" {
		return r.Got
	}
	return r.Msg
}

func orID(title, id string) string {
	if strings.TrimSpace(title) == "" {
		return id
	}
	return title
}

// ValidateGoals reports what makes doc's challenge goals unusable: each
// goal's expectation as expect.Validate and expect.ValidateFailureRefs
// check doc.Expect, with paths "challenge.goals[i].expect.<field>". It is
// what scenario.ValidateChallenge (the challenge's structure) cannot check
// without the data plane: p is doc's and must not be nil. A document
// without a challenge has no findings.
func ValidateGoals(doc *scenario.Document, p *dataplane.Plane) []model.Diagnostic {
	if doc == nil || doc.Challenge == nil {
		return nil
	}
	var out []model.Diagnostic
	for i, e := range doc.Challenge.Expectations() {
		one := []scenario.Expectation{e}
		ds := append(expect.Validate(p, one), expect.ValidateFailureRefs(one, doc.Failures)...)
		prefix := fmt.Sprintf("challenge.goals[%d].expect", i)
		theirs := "expect[" + e.ID + "]" // expect's path of the only expectation
		if e.ID == "" {
			theirs = "expect[0]"
		}
		for _, d := range ds {
			if d.Code == "id.empty" { // the goal's id: ValidateChallenge reports it
				continue
			}
			if rest, ok := strings.CutPrefix(d.Path, theirs); ok {
				d.Path = prefix + rest
			}
			out = append(out, d)
		}
	}
	return out
}
