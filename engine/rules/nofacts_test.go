package rules

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// factNumber is how code cited the rule book before docs/rules/: "F123",
// lettered too ("F128a").
var factNumber = regexp.MustCompile(`(?:^|[^A-Za-z0-9_:.-])F\d{1,3}[a-z]?(?:[^A-Za-z0-9_]|$)`)

// TestNoFactNumbers: code, tests, scenarios and documents cite rules by
// their ids (rule:<id>), not by the numbers of a rule book that is not in
// the repository. The F2 key (rename) is a key, not a citation.
func TestNoFactNumbers(t *testing.T) {
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() {
			switch d.Name() {
			case ".git", "node_modules", "dist", "bin", "testdata":
				return filepath.SkipDir
			}
			if rel == filepath.Join("docs", "rules") || rel == filepath.Join("engine", "rules") {
				return filepath.SkipDir
			}
			return nil
		}
		ext := filepath.Ext(path)
		if ext != ".go" && ext != ".md" && !(ext == ".json" && strings.HasPrefix(rel, "scenarios")) {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(b), "\n") {
			for _, m := range factNumber.FindAllString(line, -1) {
				if strings.Contains(m, "F2") && !strings.HasPrefix(rel, "engine") && !strings.HasPrefix(rel, "cmd") {
					continue // the F2 key (rename)
				}
				t.Errorf("%s:%d cites a rule book fact (%s): cite the rule of docs/rules/ as rule:<id>", rel, i+1, strings.TrimSpace(m))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
