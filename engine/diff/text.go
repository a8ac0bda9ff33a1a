package diff

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"vnetplay/engine/model"
)

// maxValueText bounds a value shown in the text (a long description): the
// JSON has it whole.
const maxValueText = 160

// Write writes c as text: a "Before:" and an "After:" line naming the
// designs (before and after, their file names), then the sections in a
// fixed order: document, resources, failure sets, expectations, then
// (when compared) endpoints and speakers on one side only, effective
// routes, best BGP paths and reachability. Every section is written,
// "none" when it has no change. With no difference at all, Write writes
// only the line "No differences." ("No differences in the documents (…)"
// when the data planes were not compared).
//
// Markers: "+" added, "-" removed, "~" changed; a changed resource's
// properties follow it, one a line, "path: before → after", values as
// compact JSON ("(absent)" on the side without the property; values
// longer than 160 characters cut with "…").
func Write(w io.Writer, c *DesignChanges, before, after string) error {
	bw := bufio.NewWriter(w)
	if c.Empty() {
		if c.Behaviour == nil {
			fmt.Fprintln(bw, "No differences in the documents (the data planes were not compared).")
		} else {
			fmt.Fprintln(bw, "No differences.")
		}
		return bw.Flush()
	}
	fmt.Fprintf(bw, "Before: %s\nAfter:  %s\n\n", before, after)
	writeProperties(bw, "Document", c.Document)
	writeResources(bw, "Resources", c.Resources)
	writeFailureSets(bw, c.FailureSets)
	writeResources(bw, "Expectations", c.Expectations)
	if b := c.Behaviour; b != nil {
		fmt.Fprintln(bw)
		writeSides(bw, "Endpoints", b.Endpoints, before, after)
		writeSides(bw, "BGP speakers", b.Speakers, before, after)
		writeRoutes(bw, b)
		writeBGP(bw, b)
		writePairs(bw, b)
		if b.Truncated {
			fmt.Fprintln(bw, "\nSome lists are cut (see the counts); --limit 0 lists every change.")
		}
	}
	return bw.Flush()
}

// header writes a section's title line: "Title (n changed):", or
// "Title: none".
func header(w io.Writer, title string, n int) {
	if n == 0 {
		fmt.Fprintf(w, "%s: none\n", title)
		return
	}
	fmt.Fprintf(w, "%s (%d changed):\n", title, n)
}

func writeProperties(w io.Writer, title string, ps []PropertyChange) {
	header(w, title, len(ps))
	for _, p := range ps {
		writeProperty(w, "  ", p)
	}
}

func writeProperty(w io.Writer, indent string, p PropertyChange) {
	fmt.Fprintf(w, "%s%s: %s → %s\n", indent, p.Path, valueText(p.Before), valueText(p.After))
}

// valueText is a JSON value for the text: "(absent)" for none, cut at
// maxValueText characters.
func valueText(v []byte) string {
	if len(v) == 0 {
		return "(absent)"
	}
	s := string(v)
	if utf8.RuneCountInString(s) <= maxValueText {
		return s
	}
	r := []rune(s)
	return string(r[:maxValueText-1]) + "…"
}

// marker is the sign of a change kind.
func marker(change string) string {
	switch change {
	case Added:
		return "+"
	case Removed:
		return "-"
	}
	return "~"
}

// noun is a kind in words ("virtual network", "route").
func noun(k model.Kind) string {
	if n := k.Noun(); n != "" {
		return n
	}
	switch k {
	case KindRoute:
		return "route"
	case KindSecurityRule:
		return "security rule"
	}
	return string(k)
}

func writeResources(w io.Writer, title string, rs []ResourceChange) {
	header(w, title, len(rs))
	for _, r := range rs {
		fmt.Fprintf(w, "  %s %s %s\n", marker(r.Change), noun(r.Kind), r.ID)
		for _, p := range r.Properties {
			writeProperty(w, "      ", p)
		}
	}
}

func writeFailureSets(w io.Writer, fs []FailureSetChange) {
	header(w, "Failure sets", len(fs))
	for _, f := range fs {
		switch f.Change {
		case Added:
			fmt.Fprintf(w, "  + %s: %s\n", f.Name, failureList(f.After))
		case Removed:
			fmt.Fprintf(w, "  - %s: %s\n", f.Name, failureList(f.Before))
		default:
			fmt.Fprintf(w, "  ~ %s: %s → %s\n", f.Name, failureList(f.Before), failureList(f.After))
		}
	}
}

func failureList(fs []model.Failure) string {
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = f.String()
	}
	return "[" + strings.Join(names, ", ") + "]"
}

// writeSides writes the ids only one design has, or nothing when both
// have the same.
func writeSides(w io.Writer, title string, s Sides, before, after string) {
	if len(s.Added)+len(s.Removed) == 0 {
		fmt.Fprintf(w, "%s: the same in both\n", title)
		return
	}
	fmt.Fprintf(w, "%s:\n", title)
	if len(s.Removed) > 0 {
		fmt.Fprintf(w, "  only in %s (%d): %s\n", before, len(s.Removed), strings.Join(s.Removed, ", "))
	}
	if len(s.Added) > 0 {
		fmt.Fprintf(w, "  only in %s (%d): %s\n", after, len(s.Added), strings.Join(s.Added, ", "))
	}
}

// more writes how many changes a cut list left out.
func more(w io.Writer, listed, total int) {
	if total > listed {
		fmt.Fprintf(w, "  … and %d more\n", total-listed)
	}
}

func writeRoutes(w io.Writer, b *Behaviour) {
	header(w, "Effective routes", b.Counts.Routes)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	if len(b.Routes) > 0 {
		fmt.Fprintln(tw, "  Subnet\tPrefix\tBefore\tAfter")
	}
	for _, r := range b.Routes {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", r.Subnet, r.Prefix, dash(r.Before), dash(r.After))
	}
	tw.Flush()
	more(w, len(b.Routes), b.Counts.Routes)
}

func writeBGP(w io.Writer, b *Behaviour) {
	header(w, "BGP best paths", b.Counts.BGP)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	if len(b.BGP) > 0 {
		fmt.Fprintln(tw, "  Speaker\tPrefix\tBefore\tAfter")
	}
	for _, r := range b.BGP {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", r.Speaker, r.Prefix, dash(r.Before), dash(r.After))
	}
	tw.Flush()
	more(w, len(b.BGP), b.Counts.BGP)
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func writePairs(w io.Writer, b *Behaviour) {
	c := b.Counts
	fmt.Fprintf(w, "Reachability (%d pairs compared): %d gained, %d lost, %d rerouted\n", c.Pairs, c.Gained, c.Lost, c.Rerouted)
	for _, p := range b.Pairs {
		fmt.Fprintf(w, "  %-8s %s → %s\n", p.Change, p.From, p.To)
		fmt.Fprintf(w, "      before: %s\n      after:  %s\n", verdictText(p.Before), verdictText(p.After))
	}
	more(w, len(b.Pairs), c.Gained+c.Lost+c.Rerouted)
}

// verdictText is "Disposition via a → b: reason".
func verdictText(v Verdict) string {
	return fmt.Sprintf("%s via %s: %s", v.Disposition, strings.Join(v.Path, " → "), v.Reason)
}

// Summary counts c's changes in one line, "1 resource, 4 lost pairs",
// the non-zero counts only, in the order of the sections ("no
// differences" when there are none).
func (c *DesignChanges) Summary() string {
	var parts []string
	add := func(n int, one, many string) {
		switch {
		case n == 1:
			parts = append(parts, "1 "+one)
		case n > 1:
			parts = append(parts, fmt.Sprintf("%d %s", n, many))
		}
	}
	add(len(c.Document), "document property", "document properties")
	add(len(c.Resources), "resource", "resources")
	add(len(c.FailureSets), "failure set", "failure sets")
	add(len(c.Expectations), "expectation", "expectations")
	if b := c.Behaviour; b != nil {
		add(len(b.Endpoints.Added)+len(b.Endpoints.Removed), "endpoint on one side", "endpoints on one side")
		add(len(b.Speakers.Added)+len(b.Speakers.Removed), "BGP speaker on one side", "BGP speakers on one side")
		add(b.Counts.Routes, "effective route", "effective routes")
		add(b.Counts.BGP, "best path", "best paths")
		add(b.Counts.Gained, "pair gained", "pairs gained")
		add(b.Counts.Lost, "pair lost", "pairs lost")
		add(b.Counts.Rerouted, "pair rerouted", "pairs rerouted")
	}
	if len(parts) == 0 {
		return "no differences"
	}
	return strings.Join(parts, ", ")
}
