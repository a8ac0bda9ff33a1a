package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"vnetplay/engine/expect"
	"vnetplay/engine/report"
	"vnetplay/engine/workshop"
)

func checkCommand() command {
	return command{
		name:    "check",
		usage:   "check FILE... [--json]",
		summary: "evaluate the files' expect entries and challenge goals and constraints; exit 1 if one fails",
		run: func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
			fs := flag.NewFlagSet("check", flag.ContinueOnError)
			asJSON := fs.Bool("json", false, "JSON output: one entry per file with its results ([] when it has no expectations) and, for a challenge, its grade")
			pos, err := parseArgs(fs, args)
			if err != nil {
				return err
			}
			if len(pos) == 0 {
				return usageError("want at least one scenario FILE")
			}
			failed, incomplete := 0, 0
			files := make([]checkedFile, 0, len(pos))
			for _, file := range pos {
				if err := ctx.Err(); err != nil {
					return err
				}
				a, err := load(file)
				if err != nil {
					return err
				}
				rs := expect.EvaluateDocument(a.Doc, a.Plane)
				var grade *workshop.Result
				if a.Doc.Challenge != nil {
					g := workshop.Grade(a.Doc, a)
					grade = &g
					if !g.Complete {
						incomplete++
					}
				}
				if *asJSON {
					files = append(files, newCheckedFile(file, rs, grade))
					failed += files[len(files)-1].Failed
					continue
				}
				fmt.Fprintf(stdout, "== %s\n", file)
				failed += report.Results(stdout, rs)
				if grade != nil {
					writeChallenge(stdout, grade)
				}
			}
			if *asJSON {
				if err := writeJSON(stdout, files); err != nil {
					return err
				}
			}
			return checkFailure(failed, incomplete)
		},
	}
}

// checkFailure is check's exit error: expectations that failed, challenges
// not complete (nil when neither).
func checkFailure(failed, incomplete int) error {
	var why []string
	if failed > 0 {
		why = append(why, fmt.Sprintf("%d expectations failed", failed))
	}
	if incomplete > 0 {
		why = append(why, fmt.Sprintf("%d challenges not complete", incomplete))
	}
	if len(why) == 0 {
		return nil
	}
	return &exitError{code: 1, msg: strings.Join(why, "; ")}
}

// writeChallenge writes a challenge's grade: each goal ✓ or ✗ with its
// points and reason, each constraint held or violated with why, the score.
func writeChallenge(w io.Writer, g *workshop.Result) {
	fmt.Fprintln(w, "Challenge")
	for _, r := range g.Goals {
		mark, got := "✗", 0
		if r.Pass {
			mark, got = "✓", r.Points
		}
		fmt.Fprintf(w, "  %s [%d/%d] %s — %s\n", mark, got, r.Points, titled(r.ID, r.Title), r.Reason)
	}
	for _, c := range g.Constraints {
		state := "violated"
		if c.Held {
			state = "held"
		}
		fmt.Fprintf(w, "  %s %s — %s\n", state, titled(c.ID, c.Title), c.Why)
	}
	status := "not complete"
	if g.Complete {
		status = "complete"
	}
	fmt.Fprintf(w, "score %d/%d, %s\n", g.Score, g.Total, status)
}

// checkedFile is one file's expectation results in `check --json`.
type checkedFile struct {
	File    string          `json:"file"`
	Passed  int             `json:"passed"`
	Failed  int             `json:"failed"`
	Results []expect.Result `json:"results"` // [] when the file has no expectations
	// Challenge is the file's grade when it is a challenge (workshop.Grade).
	Challenge *workshop.Result `json:"challenge,omitempty"`
}

// newCheckedFile counts rs, the results of file's expectations; grade is
// its challenge's grade (nil: not a challenge).
func newCheckedFile(file string, rs []expect.Result, grade *workshop.Result) checkedFile {
	c := checkedFile{File: file, Results: nonNil(rs), Challenge: grade}
	for _, r := range rs {
		if r.OK {
			c.Passed++
		} else {
			c.Failed++
		}
	}
	return c
}

// titled is "id: title", or the id alone when the title is the id.
func titled(id, title string) string {
	if title == id || title == "" {
		return id
	}
	return id + ": " + title
}
