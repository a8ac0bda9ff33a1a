package main

import (
	"context"
	"flag"
	"io"

	"vnetplay/engine/report"
)

func nexthopCommand() command {
	return command{
		name:    "nexthop",
		usage:   "nexthop FILE --from VM[/NIC] --to IP [--json]",
		summary: "Network Watcher style next hop for a destination",
		run: func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
			fs := flag.NewFlagSet("nexthop", flag.ContinueOnError)
			from := fs.String("from", "", "source endpoint VM or VM/NIC")
			to := fs.String("to", "", "destination IP")
			asJSON := fs.Bool("json", false, "JSON output")
			file, err := parseFile(fs, args)
			if err != nil {
				return err
			}
			if *from == "" || *to == "" {
				return usageError("--from ENDPOINT and --to IP are required")
			}
			dst, err := parseIP("to", *to)
			if err != nil {
				return err
			}
			a, err := load(file)
			if err != nil {
				return err
			}
			id, ok := a.Plane.ResolveEndpoint(*from)
			if !ok {
				return &exitError{code: 1, msg: "unknown endpoint " + *from}
			}
			n, _ := a.Plane.NIC(id)
			res, ok := a.Plane.NextHop(n.Subnet, dst)
			if !ok {
				return &exitError{code: 1, msg: "no route matches " + dst.String()}
			}
			if *asJSON {
				return writeJSON(stdout, res)
			}
			return report.NextHop(stdout, id, dst.String(), res)
		},
	}
}
