package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"vnetplay/engine/diff"
	"vnetplay/engine/scenario"
	"vnetplay/engine/trace"
)

// Exit statuses of diff, as diff(1) has them.
const (
	diffSame      = 0 // the two designs are the same
	diffDifferent = 1 // they differ
	diffTrouble   = 2 // misuse, or a file that cannot be read or decoded
)

// diffTimeout bounds the data plane comparison unless --timeout says
// otherwise: two 500-VNet designs take a few seconds (the two planes'
// builds and pair walks run at the same time), so a minute leaves room
// for a loaded machine and still ends a runaway comparison.
const diffTimeout = time.Minute

// diffLimit is the default --limit: enough to read, few enough that a
// change touching every pair of a large design does not print a million
// lines.
const diffLimit = 1000

// diffCommand is `vnetplay diff A B`: the engine's semantic difference of
// two scenario files (diff.Designs): the document's name and description,
// every resource added, removed or changed (by property), failure sets,
// expectations, and what the two intact designs do differently:
// endpoints and BGP speakers on one side only, effective routes per
// subnet, best BGP paths, and every pair of common endpoints gained, lost
// or rerouted (same verdict, other hops) with the new verdict's reason.
// Text by default; --json writes diff.DesignChanges (its Go doc is the
// schema) inside {"before": A, "after": B, "same": bool, "changes": …}.
//
// Exit status, as diff(1): 0 the designs are the same, 1 they differ (a
// one-line count of the changes on stderr), 2 trouble (misuse, a file
// that cannot be read or decoded). Stopped by
// --timeout (3) or an interrupt (130), the document sections are written,
// the data planes' are not.
func diffCommand() command {
	return command{
		name:    "diff",
		usage:   "diff A.json B.json [--resources-only] [--limit N] [--protocol Tcp] [--port 443] [--timeout 1m] [--json]",
		summary: "what changed from design A to B: resources by property, routes, best paths, endpoint pairs (exit 0 same, 1 different, 2 trouble)",
		run:     runDiff,
	}
}

// diffJSON is `vnetplay diff --json`.
type diffJSON struct {
	Before  string              `json:"before"`
	After   string              `json:"after"`
	Same    bool                `json:"same"`
	Changes *diff.DesignChanges `json:"changes"`
}

func runDiff(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("diff", flag.ContinueOnError)
	proto, port := flowFlags(fs)
	asJSON := fs.Bool("json", false, "JSON output: {\"before\", \"after\", \"same\", \"changes\"} (engine/diff DesignChanges)")
	docsOnly := fs.Bool("resources-only", false, "compare the documents only (resources, failure sets, expectations): no data planes, no walks")
	limit := fs.Int("limit", diffLimit, "list at most `N` routes, best paths and pairs of each change kind (0: all); the counts are complete")
	timeout := durationValue(diffTimeout)
	fs.Var(&timeout, "timeout", "stop comparing the data planes after this `duration` and write the document sections; exit status 3")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usageError("want two scenario files A and B, got %d arguments", len(pos))
	}
	if *limit < 0 {
		return usageError("invalid value %d for flag -limit: want 0 (all) or more", *limit)
	}
	before, err := decodeForDiff(pos[0], stderr)
	if err != nil {
		return err
	}
	after, err := decodeForDiff(pos[1], stderr)
	if err != nil {
		return err
	}
	var c *diff.DesignChanges
	if *docsOnly {
		if c, err = diff.DocumentChanges(before, after); err != nil {
			return &exitError{code: diffTrouble, msg: err.Error()}
		}
		return writeDiff(stdout, *asJSON, pos, c)
	}
	ctx, cancel := context.WithTimeout(ctx, time.Duration(timeout))
	defer cancel()
	pr := startProgress(stderr, "diff", "rows of pairs", 0)
	c, err = diff.Designs(ctx, diff.Design{Doc: before}, diff.Design{Doc: after}, diff.Options{
		Flow: trace.Flow{Protocol: string(*proto), DstPort: int(*port)}, Limit: *limit, Progress: pr.set})
	pr.stop()
	switch {
	case err != nil && ctx.Err() != nil && c != nil:
		if werr := writeChanges(stdout, *asJSON, pos, c); werr != nil {
			return werr
		}
		if !*asJSON {
			fmt.Fprintln(stdout, "\nPartial: the data planes were not compared.")
		}
		return stoppedDiff(err, time.Duration(timeout))
	case err != nil:
		return &exitError{code: diffTrouble, msg: err.Error()}
	}
	return writeDiff(stdout, *asJSON, pos, c)
}

// decodeForDiff reads and decodes one scenario file (leniently); trouble
// is exit status 2. Unknown fields, which the comparison cannot see, are
// counted on stderr.
func decodeForDiff(path string, stderr io.Writer) (*scenario.Document, error) {
	b, err := readScenario(path)
	if err != nil {
		return nil, &exitError{code: diffTrouble, msg: err.Error()}
	}
	doc, warnings, err := scenario.Decode(b, scenario.Lenient)
	if err != nil {
		return nil, &exitError{code: diffTrouble, msg: fmt.Sprintf("%s: %v", path, err)}
	}
	if n := len(warnings); n > 0 {
		fmt.Fprintf(stderr, "vnetplay diff: %s: %d unknown field(s) ignored, not compared ('vnetplay lint %s' lists them)\n", path, n, path)
	}
	return doc, nil
}

// writeDiff writes c and returns the exit status's error: nil when the
// designs are the same, exit 1 when they differ, with a one-line count of
// the changes on stderr ("A and B differ: 1 resource, 4 pairs lost").
func writeDiff(stdout io.Writer, asJSON bool, files []string, c *diff.DesignChanges) error {
	if err := writeChanges(stdout, asJSON, files, c); err != nil {
		return err
	}
	if !c.Empty() {
		return &exitError{code: diffDifferent, msg: fmt.Sprintf("%s and %s differ: %s", files[0], files[1], c.Summary())}
	}
	return nil
}

// writeChanges writes c as JSON or text; a write error is trouble.
func writeChanges(stdout io.Writer, asJSON bool, files []string, c *diff.DesignChanges) error {
	var err error
	if asJSON {
		err = writeJSON(stdout, diffJSON{Before: files[0], After: files[1], Same: c.Empty(), Changes: c})
	} else {
		err = diff.Write(stdout, c, files[0], files[1])
	}
	if err != nil {
		return &exitError{code: diffTrouble, msg: err.Error()}
	}
	return nil
}

// stoppedDiff is the error of a comparison stopped before the data planes
// were compared: exit 3 at --timeout, 130 when interrupted.
func stoppedDiff(err error, timeout time.Duration) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return &exitError{code: exitTimeout, msg: fmt.Sprintf("stopped after the %s timeout: the output above compares the documents only, not what the designs do (allow longer with --timeout, e.g. --timeout 10m)", timeout)}
	}
	return &exitError{code: exitInterrupted, msg: "interrupted: the output above compares the documents only, not what the designs do"}
}
