package main

import (
	"context"
	"flag"
	"io"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/report"
)

func nexthopCommand() command {
	return command{
		name:    "nexthop",
		usage:   "nexthop FILE --from VM[/NIC] --to IP [--fail ID[,ID…] | --set NAME] [--json]",
		summary: "Network Watcher style next hop for a destination",
		run: func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
			fs := flag.NewFlagSet("nexthop", flag.ContinueOnError)
			from := fs.String("from", "", "source endpoint VM or VM/NIC")
			to := fs.String("to", "", "destination IP")
			asJSON := fs.Bool("json", false, "JSON output")
			ff := addFailureFlags(fs)
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
			a, failures, err := loadFailing(file, ff)
			if err != nil {
				return err
			}
			warnInvalid(stderr, file, a)
			id, ok := a.Plane.ResolveEndpoint(*from)
			if !ok {
				return &exitError{code: 1, msg: "unknown NIC " + *from + nicHint(a.Plane, *from)}
			}
			n, _ := a.Plane.NIC(id)
			res, ok := a.Plane.NextHop(n.Subnet, dst)
			if !ok {
				return &exitError{code: 1, msg: "no route matches " + dst.String()}
			}
			if *asJSON {
				return writeJSON(stdout, jsonNextHop(id, n.IP.String(), dst.String(), res))
			}
			printFailures(stdout, a, failures)
			return report.NextHop(stdout, id, dst.String(), res)
		},
	}
}

// nextHopJSON is Network Watcher's Next hop answer (nextHopType,
// nextHopIpAddress, routeTableId: a UDR's route table or "System Route",
// rule:outputs.next-hop-query), with the question (the NIC, its address as the source IP, the
// destination) and the effective route that decided it, in the shape of
// `routes --json` (rule:outputs.effective-route-fields): its addressPrefix is the prefix that matched, its
// name the UDR's name; note, for a host-platform destination, that the
// route does not apply to it.
type nextHopJSON struct {
	NIC                  string    `json:"nic"`
	SourceIPAddress      string    `json:"sourceIpAddress"`
	DestinationIPAddress string    `json:"destinationIpAddress"`
	NextHopType          string    `json:"nextHopType"`
	NextHopIPAddress     string    `json:"nextHopIpAddress,omitempty"`
	RouteTableID         string    `json:"routeTableId"`
	Route                jsonRoute `json:"route"`
	// Note says that a host-platform destination is reached whatever the
	// route says (dataplane.NextHopResult.Platform); absent otherwise.
	Note string `json:"note,omitempty"`
}

// jsonNextHop is res, the next hop from NIC nic (address src) to dst, as
// nextHopJSON.
func jsonNextHop(nic, src, dst string, res dataplane.NextHopResult) nextHopJSON {
	return nextHopJSON{NIC: nic, SourceIPAddress: src, DestinationIPAddress: dst, NextHopType: res.NextHopType.String(),
		NextHopIPAddress: res.NextHopIPAddress, RouteTableID: res.RouteTableID, Route: routeJSON(res.Route.Route, res.Route.State.String(), res.Route.Reason.String()),
		Note: res.Platform}
}
