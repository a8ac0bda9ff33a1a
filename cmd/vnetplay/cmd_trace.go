package main

import (
	"context"
	"flag"
	"io"

	"vnetplay/engine/expect"
	"vnetplay/engine/report"
	"vnetplay/engine/trace"
)

func traceCommand() command {
	return command{
		name:    "trace",
		usage:   "trace FILE --from VM[/NIC] --to IP|ENDPOINT|Internet [--protocol Tcp] [--port 443] [--json]",
		summary: "walk a packet hop by hop, with the reply",
		run: func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
			fs := flag.NewFlagSet("trace", flag.ContinueOnError)
			from := fs.String("from", "", "source endpoint")
			to := fs.String("to", "", "destination IP, endpoint or Internet")
			proto := fs.String("protocol", trace.DefaultProtocol, "Tcp, Udp or Icmp")
			port := fs.Int("port", trace.DefaultDstPort, "destination port")
			asJSON := fs.Bool("json", false, "JSON output")
			pos, err := parseArgs(fs, args)
			if err != nil {
				return err
			}
			file, err := oneFile(pos)
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
			id, ok := a.Plane.ResolveEndpoint(*from)
			if !ok {
				return &exitError{code: 1, msg: "unknown endpoint " + *from}
			}
			dst, ok := expect.Destination(a.Plane, *to)
			if !ok {
				return &exitError{code: 1, msg: "unknown destination " + *to}
			}
			t := trace.Run(a.Plane, trace.Flow{Src: id, DstIP: dst, Protocol: *proto, DstPort: *port})
			if *asJSON {
				return writeJSON(stdout, t)
			}
			return report.Trace(stdout, t)
		},
	}
}
