package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"vnetplay/engine/model"
	"vnetplay/engine/report"
	"vnetplay/engine/whatif"
)

func whatifCommand() command {
	return command{
		name:    "whatif",
		usage:   "whatif FILE (--fail ID[,ID…] | --set NAME | --list) [--json]",
		summary: "fail components (or a named failure set) and show what changes",
		run: func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
			fs := flag.NewFlagSet("whatif", flag.ContinueOnError)
			ff := addFailureFlags(fs)
			list := fs.Bool("list", false, "list the failable components")
			asJSON := fs.Bool("json", false, "JSON output")
			file, err := parseFile(fs, args)
			if err != nil {
				return err
			}
			n := 0
			for _, b := range []bool{*ff.fail != "", *ff.set != "", *list} {
				if b {
					n++
				}
			}
			if n != 1 {
				return usageError("give exactly one of --fail, --set or --list")
			}
			if err := ff.check(); err != nil {
				return err
			}
			a, err := load(file)
			if err != nil {
				return err
			}
			warnInvalid(stderr, file, a)
			if *list {
				comps := whatif.Components(a.Doc)
				if *asJSON {
					return writeJSON(stdout, nonNil(comps))
				}
				for _, c := range comps {
					fmt.Fprintf(stdout, "%s:%s\t%s\n", c.Kind, c.Target, c.Label)
				}
				return nil
			}
			failures, err := ff.resolve(a.Doc)
			if err != nil {
				return err
			}
			r, err := whatif.Apply(a.Doc, failures)
			if errors.Is(err, whatif.ErrUnknownComponent) {
				return &exitError{code: 1, msg: err.Error()}
			} else if err != nil {
				return err
			}
			if *asJSON {
				return writeJSON(stdout, r)
			}
			report.Failures(stdout, r.Failures, r.Notes)
			return report.Changes(stdout, r.Changes)
		},
	}
}

func spofCommand() command {
	return command{
		name:    "spof",
		usage:   "spof FILE [--timeout 5s] [--json]",
		summary: "N-1 sweep: fail each component alone and rank the single points of failure",
		run:     runSpof,
	}
}

// runSpof runs the N-1 sweep within --timeout. Stopped early (timeout or
// interrupt), it prints the components done and exits 3 (130 when
// interrupted) with a line saying how far it got.
func runSpof(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("spof", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "JSON output")
	timeout := timeoutFlag(fs)
	file, err := parseFile(fs, args)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	a, err := load(file)
	if err != nil {
		return err
	}
	warnInvalid(stderr, file, a)
	total := len(whatif.Components(a.Doc))
	pr := startProgress(stderr, "spof", "components", total)
	res, err := whatif.Sweep(ctx, a.Doc, func(done, total int, _ model.Component) { pr.set(done, total) })
	pr.stop()
	if err != nil && ctx.Err() == nil {
		return err
	}
	return finish(stdout, *asJSON, res, func() error { return report.Sweep(stdout, res) }, err,
		bounded{what: "sweep", unit: "components", done: len(res), total: total, timeout: *timeout})
}

func p2sCommand() command {
	return command{
		name:    "p2s",
		usage:   "p2s FILE --gateway ID [--json]",
		summary: "routes a VPN gateway pushes to its point-to-site clients (Windows and others)",
		run: func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
			fs := flag.NewFlagSet("p2s", flag.ContinueOnError)
			gw := fs.String("gateway", "", "VPN gateway id")
			asJSON := fs.Bool("json", false, "JSON output")
			file, err := parseFile(fs, args)
			if err != nil {
				return err
			}
			if *gw == "" {
				return usageError("--gateway is required")
			}
			a, err := load(file)
			if err != nil {
				return err
			}
			warnInvalid(stderr, file, a)
			r, ok := a.Plane.P2S(*gw)
			if !ok {
				return &exitError{code: 1, msg: "no VPN gateway " + *gw + " with a point-to-site configuration"}
			}
			if *asJSON {
				return writeJSON(stdout, r)
			}
			return report.P2S(stdout, r)
		},
	}
}
