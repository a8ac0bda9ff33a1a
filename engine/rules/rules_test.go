package rules

import (
	"bytes"
	"go/format"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// root is the repository, from this package's directory.
const root = "../.."

func loadDocs(t *testing.T) []Page {
	t.Helper()
	pages, err := LoadPages(os.DirFS(filepath.Join(root, "docs", "rules")))
	if err != nil {
		t.Fatal(err)
	}
	return pages
}

// TestTableIsCurrent: table.go is what the pages of docs/rules/ generate.
func TestTableIsCurrent(t *testing.T) {
	want, err := format.Source(GoTable(Table(loadDocs(t))))
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("table.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("engine/rules/table.go is not what docs/rules/ generates: run go generate ./engine/rules")
	}
}

// TestCitedTestsExist: every test a rule names exists in the file it names,
// and every scenario is a built-in one.
func TestCitedTestsExist(t *testing.T) {
	files := map[string]string{}
	for _, p := range loadDocs(t) {
		for _, e := range p.Entries {
			for _, tc := range e.Tests {
				src, ok := files[tc.File]
				if !ok {
					b, err := os.ReadFile(filepath.Join(root, tc.File))
					if err != nil {
						t.Errorf("%s: %s cites %s in %s, which cannot be read: %v", p.Name, e.ID, tc.Name, tc.File, err)
						continue
					}
					src = string(b)
					files[tc.File] = src
				}
				if !strings.Contains(src, "func "+tc.Name+"(") {
					t.Errorf("%s: %s cites %s, which %s does not define", p.Name, e.ID, tc.Name, tc.File)
				}
			}
			for _, s := range e.Scenarios {
				if _, err := os.Stat(filepath.Join(root, "scenarios", s+".json")); err != nil {
					t.Errorf("%s: %s cites scenario %s, which is not built in", p.Name, e.ID, s)
				}
			}
		}
	}
}

// ruleBookFacts are the facts of the rule book's sections A to AB, which
// docs/rules/ covers (AC and AD, Virtual WAN and Virtual Network Manager,
// are for later issues).
const ruleBookFacts = 295

// TestEveryFactHasARule: each fact of sections A to AB is stood for by a
// rule, or kept as background with the reason why.
func TestEveryFactHasARule(t *testing.T) {
	covered := map[int]bool{}
	for _, p := range loadDocs(t) {
		for _, e := range p.Entries {
			for _, f := range e.Facts {
				covered[f] = true
			}
		}
		for f := range p.Background {
			covered[f] = true
		}
	}
	var missing []int
	for f := 1; f <= ruleBookFacts; f++ {
		if !covered[f] {
			missing = append(missing, f)
		}
	}
	if len(missing) > 0 {
		t.Errorf("facts with no rule and no background entry: %v", missing)
	}
}

// TestCitationsResolve: every "rule:<id>" in the repository's code and
// documents names a rule of docs/rules/.
func TestCitationsResolve(t *testing.T) {
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case ".git", "node_modules", "dist", "bin", "testdata":
				return filepath.SkipDir
			}
			return nil
		}
		if ext := filepath.Ext(path); ext != ".go" && ext != ".md" && ext != ".json" {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, id := range Citations(string(b)) {
			if _, ok := Lookup(id); !ok {
				t.Errorf("%s cites rule:%s, which docs/rules/ does not define", path, id)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestLookupAndExpand(t *testing.T) {
	all := All()
	if len(all) == 0 {
		t.Fatal("no rules")
	}
	if !slices.IsSortedFunc(all, func(a, b Rule) int { return strings.Compare(a.ID, b.ID) }) {
		t.Fatal("All is not sorted by id")
	}
	r := all[len(all)/2]
	got, ok := Lookup(r.ID)
	if !ok || got.ID != r.ID {
		t.Fatalf("Lookup(%q) = %v, %v", r.ID, got, ok)
	}
	if _, ok := Lookup("nope.nothing"); ok {
		t.Fatal("an unknown id was found")
	}
	unknown := "rule" + ":nope.nothing" // split, so that TestCitationsResolve does not read it as a citation
	text := "dropped (rule:" + r.ID + "); see also " + unknown
	want := "dropped (" + r.Title + ", " + r.SourceURL + "); see also " + unknown
	if got := Expand(text); got != want {
		t.Errorf("Expand(%q) = %q, want %q", text, got, want)
	}
	if got := Citations(text + " rule:" + r.ID); !slices.Equal(got, []string{r.ID, "nope.nothing"}) {
		t.Errorf("Citations = %v", got)
	}
}

func TestParsePageRefuses(t *testing.T) {
	good := "# Peering\n\n### peering.x — X\nText.\n\n- Source: [P](https://learn.microsoft.com/p)\n- Facts: F1, F2\n- Status: modelled — `a.go`\n- Tests: none yet\n"
	if p, err := ParsePage("peering.md", []byte(good)); err != nil || len(p.Entries) != 1 || !slices.Equal(p.Entries[0].Facts, []int{1, 2}) {
		t.Fatalf("the good page: %+v, %v", p, err)
	}
	for name, page := range map[string]string{
		"heading without an area":   strings.Replace(good, "peering.x", "x", 1),
		"hyphen for the em dash":    strings.Replace(good, " — X", " - X", 1),
		"no source":                 strings.Replace(good, "- Source: [P](https://learn.microsoft.com/p)\n", "", 1),
		"http source":               strings.Replace(good, "https://", "http://", 1),
		"unknown status":            strings.Replace(good, "modelled — ", "maybe — ", 1),
		"facts without F":           strings.Replace(good, "F1, F2", "1, 2", 1),
		"tests without a file":      strings.Replace(good, "none yet", "`TestX`", 1),
		"no text":                   strings.Replace(good, "Text.\n", "", 1),
		"unknown field":             good + "- Owner: me\n",
		"background without a fact": good + "\n## Background facts\n- history\n",
		"no title":                  strings.Replace(good, "# Peering\n", "", 1),
	} {
		if _, err := ParsePage("peering.md", []byte(page)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
