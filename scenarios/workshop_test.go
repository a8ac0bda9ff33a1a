package scenarios

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"vnetplay/engine"
	"vnetplay/engine/scenario"
	"vnetplay/engine/workshop"
)

// workshopPack is the pack every built-in challenge belongs to.
const workshopPack = "vnetplay-workshop"

// challengeName matches what a student opens: NN-slug.json.
var challengeName = regexp.MustCompile(`^([0-9]{2})-[a-z0-9]+(-[a-z0-9]+)*\.json$`)

// workshopFile is one challenge of scenarios/workshop: the file the student
// opens and the solution used only by tests.
type workshopFile struct {
	name     string // NN-slug
	order    int    // NN
	start    []byte
	solution []byte
}

// workshopFiles lists scenarios/workshop by challenge, in file order. A
// JSON file that is neither NN-slug.json nor NN-slug.solution.json, and a
// solution without its challenge, fail the test.
func workshopFiles(t *testing.T) []workshopFile {
	t.Helper()
	entries, err := os.ReadDir("workshop")
	if err != nil {
		t.Fatal(err)
	}
	present := map[string]bool{}
	for _, e := range entries {
		present[e.Name()] = true
	}
	var out []workshopFile
	for _, e := range entries { // sorted by name
		n := e.Name()
		if !strings.HasSuffix(n, ".json") {
			continue
		}
		if base, ok := strings.CutSuffix(n, ".solution.json"); ok {
			if !present[base+".json"] {
				t.Errorf("%s: a solution without its challenge %s.json", n, base)
			}
			continue
		}
		m := challengeName.FindStringSubmatch(n)
		if m == nil {
			t.Errorf("%s: want NN-slug.json or NN-slug.solution.json", n)
			continue
		}
		order, _ := strconv.Atoi(m[1])
		f := workshopFile{name: strings.TrimSuffix(n, ".json"), order: order}
		f.start = readFile(t, filepath.Join("workshop", n))
		sol := f.name + ".solution.json"
		if !present[sol] {
			t.Errorf("%s: no solution %s", n, sol)
			continue
		}
		f.solution = readFile(t, filepath.Join("workshop", sol))
		out = append(out, f)
	}
	return out
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// loadChallenge decodes a workshop file strictly, as a built-in, and
// checks it is canonical, valid and a challenge of the workshop pack.
func loadChallenge(t *testing.T, file string, b []byte, order int) *engine.Analysis {
	t.Helper()
	a, err := engine.Load(b, scenario.Strict)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	if canon, err := scenario.Encode(a.Doc); err != nil || !bytes.Equal(canon, b) {
		t.Errorf("%s: not canonical (%v); run vnetplay fmt -w", file, err)
	}
	if n := a.Errors(); n > 0 {
		t.Errorf("%s: %d validation errors: %v", file, n, a.Diagnostics)
	}
	c := a.Doc.Challenge
	if c == nil {
		t.Fatalf("%s: no challenge section", file)
	}
	if a.Doc.Name == "" || a.Doc.Description == "" || c.Instructions == "" {
		t.Errorf("%s: a challenge needs a name, a description and instructions", file)
	}
	if len(c.Goals) < 2 || len(c.Goals) > 4 || len(c.Hints) < 1 || len(c.Hints) > 3 || len(c.Constraints) < 1 || len(c.Constraints) > 3 {
		t.Errorf("%s: want 2–4 goals, 1–3 hints and 1–3 constraints, got %d, %d, %d", file, len(c.Goals), len(c.Hints), len(c.Constraints))
	}
	if c.Pack == nil || c.Pack.ID != workshopPack || c.Pack.Order != order {
		t.Errorf("%s: pack %+v, want %s order %d", file, c.Pack, workshopPack, order)
	}
	if !strings.Contains(c.Instructions, "https://learn.microsoft.com/") {
		t.Errorf("%s: the instructions link no learn.microsoft.com page", file)
	}
	return a
}

// challengeJSON is the challenge section as JSON, to compare a challenge
// with its solution's.
func challengeJSON(t *testing.T, c *scenario.Challenge) string {
	t.Helper()
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// describe lists a grade's failing goals and broken constraints.
func describe(r workshop.Result) string {
	var s []string
	for _, g := range r.Goals {
		if !g.Pass {
			s = append(s, fmt.Sprintf("goal %s fails: %s", g.ID, g.Reason))
		}
	}
	for _, k := range r.Constraints {
		if !k.Held {
			s = append(s, fmt.Sprintf("constraint %s broken: %s", k.ID, k.Why))
		}
	}
	return strings.Join(s, "; ")
}

// TestWorkshopChallenges grades every built-in challenge (issue 16): the
// design the student opens fails at least one goal, and its solution
// passes every goal with every constraint held, so the grade is Complete
// and the score full. Both files carry the same challenge section, whose
// baselines are what Seal records from the starting design.
func TestWorkshopChallenges(t *testing.T) {
	files := workshopFiles(t)
	if len(files) < 10 {
		t.Fatalf("want at least 10 workshop challenges, got %d", len(files))
	}
	orders := map[int]string{}
	for _, f := range files {
		t.Run(f.name, func(t *testing.T) {
			if prev, dup := orders[f.order]; dup {
				t.Errorf("order %d used by %s too", f.order, prev)
			}
			orders[f.order] = f.name
			start := loadChallenge(t, f.name+".json", f.start, f.order)
			sol := loadChallenge(t, f.name+".solution.json", f.solution, f.order)
			if challengeJSON(t, start.Doc.Challenge) != challengeJSON(t, sol.Doc.Challenge) {
				t.Error("the solution's challenge section differs from the challenge's")
			}

			sealed, _ := engine.Load(f.start, scenario.Strict)
			if err := workshop.Seal(sealed.Doc); err != nil {
				t.Fatalf("Seal: %v", err)
			}
			if challengeJSON(t, sealed.Doc.Challenge) != challengeJSON(t, start.Doc.Challenge) {
				t.Error("the baselines are not what Seal records from the starting design")
			}

			r := workshop.Grade(start.Doc, start)
			if r.Complete {
				t.Error("the starting design already completes the challenge")
			}
			failing := 0
			for _, g := range r.Goals {
				if !g.Pass {
					failing++
				}
			}
			if failing == 0 {
				t.Error("every goal passes on the starting design")
			}
			for _, k := range r.Constraints {
				if !k.Held {
					t.Errorf("the starting design breaks its own constraint %s: %s", k.ID, k.Why)
				}
			}
			if r.Total <= 0 || len(r.Goals) != len(start.Doc.Challenge.Goals) {
				t.Errorf("grade has total %d and %d goals, want a positive total and %d goals", r.Total, len(r.Goals), len(start.Doc.Challenge.Goals))
			}

			rs := workshop.Grade(sol.Doc, sol)
			if !rs.Complete || rs.Score != rs.Total {
				t.Errorf("the solution does not complete the challenge (score %d/%d): %s", rs.Score, rs.Total, describe(rs))
			}
			if len(rs.Constraints) != len(sol.Doc.Challenge.Constraints) {
				t.Errorf("grade has %d constraints, want %d", len(rs.Constraints), len(sol.Doc.Challenge.Constraints))
			}
		})
	}
}

// TestWorkshopReadme checks that scenarios/workshop/README.md lists every
// challenge file.
func TestWorkshopReadme(t *testing.T) {
	readme := string(readFile(t, filepath.Join("workshop", "README.md")))
	for _, f := range workshopFiles(t) {
		if !strings.Contains(readme, f.name+".json") {
			t.Errorf("README.md does not list %s.json", f.name)
		}
	}
}
