package rules

import (
	"bufio"
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Entry is a rule as its page in docs/rules/ writes it: the Rule, and what
// only the page says (the text, the status, the tests that check it).
type Entry struct {
	Rule
	Page      string   // the page's file name
	Text      string   // the rule in the project's words
	Status    string   // modelled, partly modelled, not modelled, declined
	Note      string   // what follows the status: files, or why not
	Tests     []Test   // the tests that check it
	Scenarios []string // the built-in scenarios whose goldens check it
}

// Test is a test function and the file that holds it, as a page cites it.
type Test struct{ Name, File string }

// Page is one parsed page of docs/rules/.
type Page struct {
	Name       string
	Title      string
	Entries    []Entry
	Background map[int]string // facts kept as background, and why
}

// Statuses a rule may have.
var statuses = []string{"modelled", "partly modelled", "not modelled", "declined"}

var (
	headingRE = regexp.MustCompile(`^### ([a-z][a-z0-9-]*\.[a-z0-9][a-z0-9-]*) — (\S.*)$`)
	sourceRE  = regexp.MustCompile(`^- Source: \[([^\]]+)\]\((https://[^)\s]+)\)`)
	factRE    = regexp.MustCompile(`^F([0-9]+)$`)
	testRE    = regexp.MustCompile("`(Test[A-Za-z0-9_]*|Fuzz[A-Za-z0-9_]*|Benchmark[A-Za-z0-9_]*)` \\(([^)\\s,;]+_test\\.go)[^)]*\\)")
	scenRE    = regexp.MustCompile("scenario `([a-z0-9-]+)`")
	bgRE      = regexp.MustCompile(`^- F([0-9]+): (\S.*)$`)
)

// ParsePage reads a page of docs/rules/ written in the format of
// docs/rules/README.md, and says what does not follow it.
func ParsePage(name string, md []byte) (Page, error) {
	p := Page{Name: name, Background: map[int]string{}}
	var cur *Entry
	inBackground := false
	finish := func() error {
		if cur == nil {
			return nil
		}
		if err := cur.check(); err != nil {
			return fmt.Errorf("%s: %s: %w", name, cur.ID, err)
		}
		cur.Text = strings.TrimSpace(cur.Text)
		p.Entries = append(p.Entries, *cur)
		cur = nil
		return nil
	}
	sc := bufio.NewScanner(bytes.NewReader(md))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), " \t")
		switch {
		case strings.HasPrefix(line, "# ") && p.Title == "":
			p.Title = strings.TrimSpace(line[2:])
		case strings.HasPrefix(line, "### "):
			if err := finish(); err != nil {
				return p, err
			}
			m := headingRE.FindStringSubmatch(line)
			if m == nil {
				return p, fmt.Errorf("%s:%d: a rule heading is \"### <area>.<slug> — <title>\": %q", name, n, line)
			}
			inBackground = false
			cur = &Entry{Rule: Rule{ID: m[1], Title: m[2]}, Page: name}
		case strings.HasPrefix(line, "## "):
			if err := finish(); err != nil {
				return p, err
			}
			inBackground = strings.TrimSpace(line[3:]) == "Background facts"
		case inBackground && strings.HasPrefix(line, "- "):
			m := bgRE.FindStringSubmatch(line)
			if m == nil {
				return p, fmt.Errorf("%s:%d: a background fact is \"- F<n>: <why>\": %q", name, n, line)
			}
			f, _ := strconv.Atoi(m[1]) // digits only
			p.Background[f] = m[2]
		case cur != nil:
			if err := cur.read(line); err != nil {
				return p, fmt.Errorf("%s:%d: %s: %w", name, n, cur.ID, err)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return p, fmt.Errorf("%s: %w", name, err)
	}
	if err := finish(); err != nil {
		return p, err
	}
	if p.Title == "" {
		return p, fmt.Errorf("%s: no title (\"# …\")", name)
	}
	return p, nil
}

// read takes one line of a rule's body.
func (e *Entry) read(line string) error {
	switch {
	case strings.HasPrefix(line, "- Source:"):
		m := sourceRE.FindStringSubmatch(line)
		if m == nil {
			return fmt.Errorf("a source is \"- Source: [<title>](https://…)\": %q", line)
		}
		if e.SourceURL == "" { // the first source is the rule's main one
			e.SourceTitle, e.SourceURL = m[1], m[2]
		}
	case strings.HasPrefix(line, "- Facts:"):
		for _, f := range strings.Split(strings.TrimPrefix(line, "- Facts:"), ",") {
			m := factRE.FindStringSubmatch(strings.TrimSpace(f))
			if m == nil {
				return fmt.Errorf("facts are \"- Facts: F1, F2\": %q", line)
			}
			n, _ := strconv.Atoi(m[1]) // digits only
			e.Facts = append(e.Facts, n)
		}
	case strings.HasPrefix(line, "- Status:"):
		s := strings.TrimSpace(strings.TrimPrefix(line, "- Status:"))
		for _, st := range statuses {
			if rest, ok := strings.CutPrefix(s, st); ok && (rest == "" || strings.HasPrefix(rest, " — ")) {
				e.Status, e.Note = st, strings.TrimPrefix(rest, " — ")
			}
		}
		if e.Status == "" {
			return fmt.Errorf("a status is one of %s, then \" — \" and a note: %q", strings.Join(statuses, ", "), line)
		}
	case strings.HasPrefix(line, "- Tests:"):
		rest := strings.TrimSpace(strings.TrimPrefix(line, "- Tests:"))
		if rest == "none yet" {
			return nil
		}
		for _, m := range testRE.FindAllStringSubmatch(rest, -1) {
			e.Tests = append(e.Tests, Test{Name: m[1], File: m[2]})
		}
		for _, m := range scenRE.FindAllStringSubmatch(rest, -1) {
			e.Scenarios = append(e.Scenarios, m[1])
		}
		if len(e.Tests)+len(e.Scenarios) == 0 {
			return fmt.Errorf("tests are \"`TestName` (path/to/file_test.go)\", \"scenario `name`\" or \"none yet\": %q", line)
		}
	case strings.HasPrefix(line, "- "):
		return fmt.Errorf("unknown field: %q", line)
	default:
		e.Text += line + "\n"
	}
	return nil
}

// check says what a rule lacks.
func (e *Entry) check() error {
	switch {
	case strings.TrimSpace(e.Text) == "":
		return fmt.Errorf("no text")
	case e.SourceURL == "":
		return fmt.Errorf("no source")
	case e.Status == "":
		return fmt.Errorf("no status")
	}
	return nil
}
