// Package rules is vnetplay's own reference of Azure's networking rules:
// the rules the engine implements or declines, each with a stable id, a
// title in words and the Microsoft page it comes from. The reference is
// written in docs/rules/ (one page per area, see docs/rules/README.md);
// this package carries the part the engine and its user text need (ids,
// titles, sources), generated from those pages (table.go, `go generate`).
//
// Code, tests and reasons cite a rule as "rule:<id>", for example
// rule:peering.not-transitive; Expand turns such citations into words and
// a link for the user.
package rules

import (
	"regexp"
	"strings"
)

//go:generate go run ./gen -docs ../../docs/rules -out table.go

// Rule is one rule of the reference.
type Rule struct {
	ID          string // <area>.<slug>, stable
	Title       string // the rule in a few words
	SourceTitle string // the Microsoft page's title
	SourceURL   string // its address
	Facts       []int  // the rule book's facts it stands for (background for the project)
}

// Lookup returns the rule of this id.
func Lookup(id string) (Rule, bool) {
	all := All()
	lo, hi := 0, len(all)
	for lo < hi { // All is sorted by id
		mid := (lo + hi) / 2
		switch {
		case all[mid].ID == id:
			return all[mid], true
		case all[mid].ID < id:
			lo = mid + 1
		default:
			hi = mid
		}
	}
	return Rule{}, false
}

// citation matches a rule citation in text: "rule:" and an id.
var citation = regexp.MustCompile(`rule:([a-z][a-z0-9]*(?:-[a-z0-9]+)*\.[a-z0-9]+(?:-[a-z0-9]+)*)`)

// Citations lists the rule ids text cites, in order, each once.
func Citations(text string) []string {
	var out []string
	for _, m := range citation.FindAllStringSubmatch(text, -1) {
		if !contains(out, m[1]) {
			out = append(out, m[1])
		}
	}
	return out
}

// Expand replaces each citation of a known rule in text by the rule's
// title and its source's address, for the user to read ("the peering
// link states rule: https://learn.microsoft.com/…"). Unknown ids are left
// as they are (a test keeps the sources free of them).
func Expand(text string) string {
	if !strings.Contains(text, "rule:") {
		return text
	}
	return citation.ReplaceAllStringFunc(text, func(m string) string {
		r, ok := Lookup(m[len("rule:"):])
		if !ok {
			return m
		}
		return r.Title + ", " + r.SourceURL
	})
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
