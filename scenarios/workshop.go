package scenarios

import (
	"cmp"
	"embed"
	"encoding/json"
	"fmt"
	"path"
	"slices"
	"strings"
)

// The built-in workshop pack (issue 16): the challenges of
// scenarios/workshop, which students open. Their solutions
// (NN-slug.solution.json, used only by tests) are not embedded: the
// pattern takes the files whose name does not end in "n.json", which
// leaves out every ".solution.json" (TestWorkshopEmbedsEveryChallenge
// checks that no challenge is left out with them).
//
//go:embed workshop/*[^n].json
var workshopFS embed.FS

// Challenge is one built-in workshop challenge: a Scenario with its place
// in its pack.
type Challenge struct {
	Scenario
	PackID, PackTitle string
	Order             int
}

// Workshop returns the built-in workshop challenges in pack order (then by
// name), fresh copies each call.
func Workshop() []Challenge {
	entries, err := workshopFS.ReadDir("workshop")
	if err != nil {
		panic(fmt.Sprintf("scenarios: embedded workshop unreadable: %v", err)) // invariant: embed FS is valid
	}
	var out []Challenge
	for _, e := range entries {
		b, err := workshopFS.ReadFile("workshop/" + e.Name())
		if err != nil {
			panic(fmt.Sprintf("scenarios: %v", err))
		}
		out = append(out, challengeOf(e.Name(), b))
	}
	slices.SortStableFunc(out, func(a, b Challenge) int {
		return cmp.Or(cmp.Compare(a.Order, b.Order), strings.Compare(a.Name, b.Name))
	})
	return out
}

// challengeOf is the challenge in the embedded file named file, whose
// content is b.
func challengeOf(file string, b []byte) Challenge {
	var head struct {
		Name, Description string
		Challenge         struct {
			Pack struct {
				ID, Title string
				Order     int
			}
		}
	}
	_ = json.Unmarshal(b, &head) // checked strictly by the tests
	name := strings.TrimSuffix(file, path.Ext(file))
	return Challenge{
		Scenario: Scenario{Name: name, Title: head.Name, Description: head.Description, JSON: b},
		PackID:   head.Challenge.Pack.ID, PackTitle: head.Challenge.Pack.Title, Order: head.Challenge.Pack.Order,
	}
}

// WorkshopChallenge returns the built-in challenge with the given name
// (the one of Workshop's with that Name). It reads that challenge's file
// alone.
func WorkshopChallenge(name string) (Challenge, bool) {
	if name == "" || strings.ContainsAny(name, "/\\") {
		return Challenge{}, false
	}
	b, err := workshopFS.ReadFile("workshop/" + name + ".json")
	if err != nil {
		return Challenge{}, false
	}
	return challengeOf(name+".json", b), true
}
