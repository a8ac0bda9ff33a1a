package scenarios

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"vnetplay/engine/scenario"
)

// TestWorkshopEmbedsEveryChallenge: Workshop returns every challenge file of
// scenarios/workshop, in pack order, and no solution; WorkshopChallenge
// finds each by its name, as Workshop lists it, and nothing else.
func TestWorkshopEmbedsEveryChallenge(t *testing.T) {
	entries, err := os.ReadDir("workshop")
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, e := range entries {
		if n := e.Name(); strings.HasSuffix(n, ".json") && !strings.HasSuffix(n, ".solution.json") {
			want = append(want, strings.TrimSuffix(n, ".json"))
		}
	}
	got := Workshop()
	if len(got) != len(want) || len(got) == 0 {
		t.Fatalf("Workshop has %d challenges, the folder %d", len(got), len(want))
	}
	for i, c := range got {
		if strings.Contains(c.Name, "solution") {
			t.Errorf("%s: a solution is embedded", c.Name)
		}
		if c.Order != i+1 || c.PackTitle == "" || c.Title == "" {
			t.Errorf("challenge %d: %s order %d pack %q title %q", i, c.Name, c.Order, c.PackTitle, c.Title)
		}
		doc, _, err := scenario.Decode(c.JSON, scenario.Strict)
		if err != nil || doc.Challenge == nil {
			t.Errorf("%s: %v (challenge %v)", c.Name, err, doc != nil && doc.Challenge != nil)
		}
	}
	for _, c := range got {
		if one, ok := WorkshopChallenge(c.Name); !ok || !reflect.DeepEqual(one, c) {
			t.Errorf("WorkshopChallenge(%q) = %v, %v: not Workshop's %s", c.Name, one.Name, ok, c.Name)
		}
	}
	for _, name := range []string{"", "nope", got[0].Name + ".solution", "../workshop/" + got[0].Name, "workshop/" + got[0].Name, strings.ToUpper(got[0].Name)} {
		if c, ok := WorkshopChallenge(name); ok {
			t.Errorf("WorkshopChallenge(%q) finds %s: no challenge has that name", name, c.Name)
		}
	}
}
