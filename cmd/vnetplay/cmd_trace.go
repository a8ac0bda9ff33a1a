package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"vnetplay/engine/expect"
	"vnetplay/engine/report"
	"vnetplay/engine/trace"
)

func traceCommand() command {
	return command{
		name:    "trace",
		usage:   "trace FILE --from VM[/NIC]|SITE/HOST|GATEWAY/CLIENT --to IP|ENDPOINT|Internet [--protocol Tcp] [--port 443] [--tag-only-peering-flags] [--json]",
		summary: "walk a packet hop by hop, with the reply",
		run: func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
			fs := flag.NewFlagSet("trace", flag.ContinueOnError)
			from := fs.String("from", "", "source endpoint")
			to := fs.String("to", "", "destination IP, endpoint or Internet")
			proto, port := flowFlags(fs)
			asJSON := fs.Bool("json", false, "JSON output")
			tagOnly := fs.Bool("tag-only-peering-flags", false, "treat allowVirtualNetworkAccess/allowForwardedTraffic=false as tag-only, as field tests observed (F60, F61)")
			file, err := parseFile(fs, args)
			if err != nil {
				return err
			}
			if *from == "" || *to == "" {
				return usageError("--from and --to are required")
			}
			a, err := load(file)
			if err != nil {
				return err
			}
			id, _, ok := a.Plane.Endpoint(*from)
			if !ok {
				return &exitError{code: 1, msg: fmt.Sprintf("unknown endpoint %q (want VM[/NIC], SITE/HOST or GATEWAY/CLIENT)", *from)}
			}
			dst, ok := expect.Destination(a.Plane, *to)
			if !ok {
				return &exitError{code: 1, msg: fmt.Sprintf("unknown destination %q (want an IP address, an endpoint VM[/NIC], SITE/HOST or GATEWAY/CLIENT, or Internet)", *to)}
			}
			t := trace.RunWith(a.Plane, trace.Flow{Src: id, DstIP: dst, Protocol: string(*proto), DstPort: int(*port)}, trace.Options{TagOnlyPeeringFlags: *tagOnly})
			if *asJSON {
				return writeJSON(stdout, t)
			}
			return report.Trace(stdout, t)
		},
	}
}
