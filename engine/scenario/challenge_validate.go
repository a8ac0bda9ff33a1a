package scenario

import (
	"encoding/json"
	"fmt"
	"unicode/utf8"

	"vnetplay/engine/model"
)

// checkChallengeLimits reports (as a *LimitError, What "challenge ...")
// a challenge over MaxGoals, MaxHints, MaxConstraints, MaxInstructions or,
// for one constraint's compacted baseline, MaxBaseline.
func checkChallengeLimits(c *Challenge) error {
	if c == nil {
		return nil
	}
	counts := []struct {
		what     string
		got, max int
	}{
		{"challenge goals", len(c.Goals), MaxGoals},
		{"challenge hints", len(c.Hints), MaxHints},
		{"challenge constraints", len(c.Constraints), MaxConstraints},
	}
	for _, n := range counts {
		if n.got > n.max {
			return &LimitError{What: n.what, Got: int64(n.got), Limit: int64(n.max)}
		}
	}
	if len(c.Instructions) > MaxInstructions { // bytes ≥ runes: count only when it may matter
		if n := utf8.RuneCountInString(c.Instructions); n > MaxInstructions {
			return &LimitError{What: "challenge instructions", Got: int64(n), Limit: MaxInstructions}
		}
	}
	for _, k := range c.Constraints {
		if len(k.Baseline) <= MaxBaseline {
			continue
		}
		if n := len(canonicalBaseline(k)); n > MaxBaseline {
			return &LimitError{What: "challenge baseline", Got: int64(n), Limit: MaxBaseline}
		}
	}
	return nil
}

// challengeLimitMessage is LimitError's message for a challenge limit
// (what: goals, hints, constraints, instructions or baseline).
func challengeLimitMessage(what string, got, limit int64) string {
	switch what {
	case "instructions":
		return fmt.Sprintf("the challenge's instructions are too long: %s characters; vnetplay allows up to %s", count(got), count(limit))
	case "baseline":
		g, l := sizes(got, limit)
		return fmt.Sprintf("a challenge constraint's baseline is too large: %s; vnetplay allows up to %s", g, l)
	}
	return fmt.Sprintf("the challenge is too large: %s %s; vnetplay allows up to %s %s", count(got), what, count(limit), what)
}

// ValidateChallenge reports what makes doc's challenge section unusable,
// with paths from the document root ("challenge.goals[1].id"): goals and
// constraints without an id or sharing one, negative points, unknown
// constraint kinds and collections, an "unchanged" constraint without a
// target, a negative "maxCount", a "noNew" or "unchanged" constraint not
// sealed (no baseline, or one of the wrong shape), a pack reference
// without an id; empty hints and untitled goals are warnings. Goal
// expectations are checked against the data plane by engine/workshop
// (Validate), not here. A document without a challenge has no findings.
func ValidateChallenge(doc *Document) []model.Diagnostic {
	if doc == nil || doc.Challenge == nil {
		return nil
	}
	c := doc.Challenge
	var out []model.Diagnostic
	add := func(sev model.Severity, code, path, format string, args ...any) {
		out = append(out, model.Diagnostic{Code: code, Severity: sev, Path: path, Msg: fmt.Sprintf(format, args...)})
	}
	seen := map[string]bool{}
	for i, g := range c.Goals {
		path := fmt.Sprintf("challenge.goals[%d]", i)
		checkID(add, seen, path, "goal", g.ID)
		if g.Title == "" {
			add(model.Warning, "challenge.missing-field", path+".title", "goal %q has no title: the checklist shows its id", g.ID)
		}
		if g.Points < 0 {
			add(model.Error, "challenge.bad-value", path+".points", "points must be 0 (one point) or more, got %d", g.Points)
		}
	}
	for i, h := range c.Hints {
		if h == "" {
			add(model.Warning, "challenge.missing-field", fmt.Sprintf("challenge.hints[%d]", i), "empty hint")
		}
	}
	seen = map[string]bool{}
	for i, k := range c.Constraints {
		path := fmt.Sprintf("challenge.constraints[%d]", i)
		checkID(add, seen, path, "constraint", k.ID)
		validateConstraint(add, path, k)
	}
	if p := c.Pack; p != nil && p.ID == "" {
		add(model.Error, "id.empty", "challenge.pack.id", "the pack reference has no id")
	}
	return out
}

// adder records one diagnostic.
type adder func(sev model.Severity, code, path, format string, args ...any)

// checkID reports an empty id, or one seen before in the same list.
func checkID(add adder, seen map[string]bool, path, noun, id string) {
	switch {
	case id == "":
		add(model.Error, "id.empty", path+".id", "%s has no id", noun)
	case seen[id]:
		add(model.Error, "id.duplicate", path+".id", "duplicate %s id %q", noun, id)
	}
	seen[id] = true
}

// validateConstraint checks one constraint's kind, collection, target,
// max and baseline.
func validateConstraint(add adder, path string, k Constraint) {
	if _, ok := CollectionKind(k.Collection); !ok {
		add(model.Error, "challenge.unknown-collection", path+".collection", "%v", unknownCollection(k.Collection))
	}
	switch k.Kind {
	case ConstraintNoNew:
		if _, ok := k.BaselineIDs(); !ok {
			add(model.Error, "challenge.unsealed", path+".baseline",
				"a noNew constraint has no baseline yet (the ids present when the challenge is made ready, a JSON array of strings): make the challenge ready for students to record it")
		}
	case ConstraintUnchanged:
		if k.Target == "" {
			add(model.Error, "challenge.missing-field", path+".target", "an unchanged constraint needs the target resource's id")
		}
		var obj map[string]json.RawMessage
		if len(k.Baseline) == 0 || json.Unmarshal(k.Baseline, &obj) != nil || obj == nil {
			add(model.Error, "challenge.unsealed", path+".baseline",
				"an unchanged constraint has no baseline yet (the target as it is when the challenge is made ready, a JSON object): make the challenge ready for students to record it")
		}
	case ConstraintMaxCount:
		if k.Max < 0 {
			add(model.Error, "challenge.bad-value", path+".max", "max must be 0 or more, got %d", k.Max)
		}
		if len(k.Baseline) > 0 {
			add(model.Warning, "challenge.ignored-field", path+".baseline", "a maxCount constraint has no baseline; it is ignored")
		}
	default:
		add(model.Error, "challenge.constraint-kind", path+".kind", "kind must be noNew, unchanged or maxCount, got %q", k.Kind)
	}
}
