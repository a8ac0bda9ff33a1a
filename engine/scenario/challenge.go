package scenario

import (
	"bytes"
	"encoding/json"
	"slices"
)

// Constraint kinds (Constraint.Kind).
const (
	// ConstraintNoNew: no resource may be added to the collection; the
	// baseline is the sorted ids present at authoring (a JSON array).
	ConstraintNoNew = "noNew"
	// ConstraintUnchanged: the resource Target of the collection must stay
	// as it was; the baseline is its canonical JSON at authoring.
	ConstraintUnchanged = "unchanged"
	// ConstraintMaxCount: at most Max resources in the collection; no
	// baseline.
	ConstraintMaxCount = "maxCount"
)

// Challenge limits: Decode and CheckLimits refuse a challenge over them
// with a *LimitError.
const (
	MaxGoals        = 50
	MaxHints        = 20
	MaxConstraints  = 20
	MaxInstructions = 20_000  // characters (runes) of Markdown
	MaxBaseline     = 256_000 // bytes of one constraint's baseline JSON
)

// Challenge makes a scenario a workshop exercise (issue 16): the topology
// is the design the student starts from, Goals are expectations it must
// meet (never the answer design), Constraints limit how. Goals, hints and
// constraints keep their authored order in canonical encoding.
type Challenge struct {
	// Instructions are Markdown shown beside the canvas (rendered without
	// HTML).
	Instructions string       `json:"instructions,omitempty"`
	Goals        []Goal       `json:"goals,omitempty"`
	Hints        []string     `json:"hints,omitempty"`
	Constraints  []Constraint `json:"constraints,omitempty"`
	Pack         *PackRef     `json:"pack,omitempty"`
}

// Goal is one graded expectation. Points 0 counts as 1 (GoalPoints);
// Expect.ID, when empty, is the goal's ID (GoalExpectation).
type Goal struct {
	ID     string      `json:"id"`
	Title  string      `json:"title,omitempty"`
	Points int         `json:"points,omitempty"`
	Expect Expectation `json:"expect"`
}

// Constraint limits how the student may change the design. Collection is
// a topology JSON collection name ("peerings", "routeTables", ...; see
// Collections), "subnets" meaning the subnets of every VNet (ids
// "vnet/subnet"). Target is the resource an "unchanged" constraint keeps,
// Max the bound of a "maxCount" one, Baseline what Seal recorded.
type Constraint struct {
	ID         string          `json:"id"`
	Kind       string          `json:"kind"`
	Title      string          `json:"title,omitempty"`
	Collection string          `json:"collection,omitempty"`
	Target     string          `json:"target,omitempty"`
	Max        int             `json:"max,omitempty"`
	Baseline   json.RawMessage `json:"baseline,omitempty"`
}

// PackRef names the workshop pack a challenge belongs to and its place in
// it.
type PackRef struct {
	ID    string `json:"id"`
	Title string `json:"title,omitempty"`
	Order int    `json:"order,omitempty"`
}

// PointsOrOne is the goal's value: Points, or 1 when it is 0 or less.
func (g Goal) PointsOrOne() int {
	if g.Points <= 0 {
		return 1
	}
	return g.Points
}

// Expectation is the goal's expectation with its ID defaulted to the
// goal's.
func (g Goal) Expectation() Expectation {
	e := g.Expect
	if e.ID == "" {
		e.ID = g.ID
	}
	return e
}

// Expectations lists the goals' expectations (Goal.Expectation), in order.
func (c *Challenge) Expectations() []Expectation {
	if c == nil {
		return nil
	}
	out := make([]Expectation, len(c.Goals))
	for i, g := range c.Goals {
		out[i] = g.Expectation()
	}
	return out
}

// BaselineIDs decodes a noNew baseline: the ids, or ok false when the
// baseline is absent or not a JSON array of strings.
func (c Constraint) BaselineIDs() (ids []string, ok bool) {
	if len(c.Baseline) == 0 {
		return nil, false
	}
	if err := json.Unmarshal(c.Baseline, &ids); err != nil || ids == nil {
		return nil, false
	}
	return ids, true
}

// canonicalChallenge copies c for Canonical: goals, hints and
// constraints keep their order; a goal's expectation without an id gets
// the goal's (what it means); a noNew baseline's ids are sorted (a set);
// every baseline is compacted. c is not modified.
func canonicalChallenge(c *Challenge) *Challenge {
	if c == nil {
		return nil
	}
	out := *c
	out.Goals = slices.Clone(c.Goals)
	for i := range out.Goals {
		out.Goals[i].Expect = out.Goals[i].Expectation()
	}
	out.Hints = slices.Clone(c.Hints)
	out.Constraints = slices.Clone(c.Constraints)
	if c.Pack != nil {
		p := *c.Pack
		out.Pack = &p
	}
	for i := range out.Constraints {
		k := &out.Constraints[i]
		k.Baseline = canonicalBaseline(*k)
	}
	return &out
}

// canonicalBaseline is k's baseline compacted, with a noNew baseline's
// ids sorted and deduplicated; a baseline that is not valid JSON is kept
// as it is (Encode then reports it).
func canonicalBaseline(k Constraint) json.RawMessage {
	if len(k.Baseline) == 0 {
		return nil
	}
	if k.Kind == ConstraintNoNew {
		if ids, ok := k.BaselineIDs(); ok {
			return idsJSON(ids)
		}
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, k.Baseline); err != nil {
		return slices.Clone(k.Baseline)
	}
	return buf.Bytes()
}

// idsJSON is ids sorted, without duplicates, as a compact JSON array.
func idsJSON(ids []string) json.RawMessage {
	s := slices.Clone(ids)
	slices.Sort(s)
	s = slices.Compact(s)
	if s == nil {
		s = []string{}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a []string always encodes
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// NoNewBaseline is the baseline of a noNew constraint listing ids: a
// sorted JSON array without duplicates.
func NoNewBaseline(ids []string) json.RawMessage { return idsJSON(ids) }
