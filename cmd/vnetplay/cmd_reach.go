package main

import (
	"context"
	"flag"
	"io"

	"vnetplay/engine/reach"
	"vnetplay/engine/report"
	"vnetplay/engine/trace"
)

func reachCommand() command {
	return command{
		name:    "reach",
		usage:   "reach FILE [--protocol Tcp] [--port 443] [--tag-only-peering-flags] [--timeout 5s] [--json]",
		summary: "reachability matrix: every endpoint to every endpoint and the Internet",
		run:     runReach,
	}
}

// runReach computes the matrix within --timeout. Stopped early (timeout or
// interrupt), it prints the rows done and exits 3 (130 when interrupted)
// with a line saying how far it got.
func runReach(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("reach", flag.ContinueOnError)
	proto, port := flowFlags(fs)
	asJSON := fs.Bool("json", false, "JSON output")
	tagOnly := fs.Bool("tag-only-peering-flags", false, "treat allowVirtualNetworkAccess/allowForwardedTraffic=false as tag-only, as field tests observed (F60, F61)")
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
	total := len(a.Plane.NICs()) + len(a.Plane.HybridEndpoints())
	pr := startProgress(stderr, "reach", "rows", total)
	m, err := reach.ComputeContext(ctx, a.Plane, trace.Flow{Protocol: string(*proto), DstPort: int(*port)}, trace.Options{TagOnlyPeeringFlags: *tagOnly}, pr.set)
	pr.stop()
	if err != nil && ctx.Err() == nil {
		return err
	}
	return finish(stdout, *asJSON, m, func() error { return report.Matrix(stdout, m) }, err,
		bounded{what: "matrix", unit: "rows", done: len(m.Rows), total: total, timeout: *timeout})
}
