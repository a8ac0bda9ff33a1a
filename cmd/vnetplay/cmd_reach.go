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
		usage:   "reach FILE [--protocol Tcp] [--port 443] [--tag-only-peering-flags] [--json]",
		summary: "reachability matrix: every endpoint to every endpoint and the Internet",
		run: func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
			fs := flag.NewFlagSet("reach", flag.ContinueOnError)
			proto := fs.String("protocol", trace.DefaultProtocol, "Tcp, Udp or Icmp")
			port := fs.Int("port", trace.DefaultDstPort, "destination port")
			asJSON := fs.Bool("json", false, "JSON output")
			tagOnly := fs.Bool("tag-only-peering-flags", false, "treat allowVirtualNetworkAccess/allowForwardedTraffic=false as tag-only, as field tests observed (F60, F61)")
			a, err := parseAndLoad(fs, args)
			if err != nil {
				return err
			}
			m := reach.ComputeWith(a.Plane, trace.Flow{Protocol: *proto, DstPort: *port}, trace.Options{TagOnlyPeeringFlags: *tagOnly})
			if *asJSON {
				return writeJSON(stdout, m)
			}
			return report.Matrix(stdout, m)
		},
	}
}
