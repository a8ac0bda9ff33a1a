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
		usage:   "trace FILE --from VM[/NIC]|SITE/HOST|GATEWAY/CLIENT|VM/NETWORK/HOST|GATEWAY[/1]|Internet [--src IP] --to IP|ENDPOINT|Internet [--protocol Tcp] [--port 443] [--tag-only-peering-flags] [--fail ID[,ID…] | --set NAME] [--json]",
		summary: "walk a packet hop by hop, with the reply",
		run: func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
			fs := flag.NewFlagSet("trace", flag.ContinueOnError)
			from := fs.String("from", "", "source endpoint")
			to := fs.String("to", "", "destination IP, endpoint or Internet")
			srcFlag := fs.String("src", "", "with --from Internet: the public source address (default 203.0.113.10)")
			proto, port := flowFlags(fs)
			asJSON := fs.Bool("json", false, "JSON output")
			tagOnly := fs.Bool("tag-only-peering-flags", false, "treat allowVirtualNetworkAccess/allowForwardedTraffic=false as tag-only, as field tests observed (rule:peering.allow-virtual-network-access, rule:peering.allow-forwarded-traffic)")
			ff := addFailureFlags(fs)
			file, err := parseFile(fs, args)
			if err != nil {
				return err
			}
			if *from == "" || *to == "" {
				return usageError("--from and --to are required")
			}
			srcIP, err := internetSource(*from, *srcFlag) // cmd_internet.go
			if err != nil {
				return err
			}
			a, failures, err := loadFailing(file, ff)
			if err != nil {
				return err
			}
			id, ok := expect.Source(a.Plane, *from)
			if !ok {
				return &exitError{code: 1, msg: fmt.Sprintf("unknown endpoint %q (want VM[/NIC], SITE/HOST, GATEWAY/CLIENT, VM/NETWORK/HOST, a gateway's address GATEWAY[/1], or Internet)", *from)}
			}
			dst, ok := expect.Destination(a.Plane, *to)
			if !ok {
				return &exitError{code: 1, msg: fmt.Sprintf("unknown destination %q (want an IP address, an endpoint VM[/NIC], SITE/HOST, GATEWAY/CLIENT or VM/NETWORK/HOST, a gateway's address GATEWAY[/1], or Internet)", *to)}
			}
			t := trace.RunWith(a.Plane, trace.Flow{Src: id, SrcIP: srcIP, DstIP: dst, Protocol: string(*proto), DstPort: int(*port)}, trace.Options{TagOnlyPeeringFlags: *tagOnly})
			if *asJSON {
				return writeJSON(stdout, listsNotNull(t))
			}
			printFailures(stdout, a, failures)
			return report.Trace(stdout, t)
		},
	}
}

// listsNotNull makes t's hop lists (and its reply's) empty rather than
// nil, so its JSON has [] where there is nothing, never null. Each hop's
// steps are already non-nil in a full walk (trace.Run).
func listsNotNull(t *trace.Trace) *trace.Trace {
	for x := t; x != nil; x = x.Return {
		if x.Hops == nil {
			x.Hops = []trace.Hop{}
		}
	}
	return t
}
