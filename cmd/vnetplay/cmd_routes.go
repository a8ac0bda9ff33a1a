package main

import (
	"context"
	"flag"
	"io"

	"vnetplay/engine/report"
	"vnetplay/engine/route"
)

func routesCommand() command {
	return command{
		name:    "routes",
		usage:   "routes FILE (--subnet VNET/SUBNET | --nic VM[/NIC]) [--fail ID[,ID…] | --set NAME] [--json]",
		summary: "effective routes of a subnet or NIC, as Azure shows them",
		run: func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
			fs := flag.NewFlagSet("routes", flag.ContinueOnError)
			subnet := fs.String("subnet", "", "subnet id VNET/SUBNET")
			nic := fs.String("nic", "", "NIC endpoint VM or VM/NIC")
			asJSON := fs.Bool("json", false, "JSON output")
			ff := addFailureFlags(fs)
			file, err := parseFile(fs, args)
			if err != nil {
				return err
			}
			if (*subnet == "") == (*nic == "") {
				return usageError("give exactly one of --subnet or --nic")
			}
			a, failures, err := loadFailing(file, ff)
			if err != nil {
				return err
			}
			warnInvalid(stderr, file, a)
			if *nic != "" {
				id, ok := a.Plane.ResolveEndpoint(*nic)
				if !ok {
					return &exitError{code: 1, msg: "unknown NIC " + *nic + nicHint(a.Plane, *nic)}
				}
				n, _ := a.Plane.NIC(id)
				*subnet = n.Subnet
			}
			t, ok := a.Plane.Routes(*subnet)
			if !ok {
				return &exitError{code: 1, msg: "unknown subnet " + *subnet + " (want VNET/SUBNET" + subnetHint(a.Plane.Subnets(), *subnet) + ")"}
			}
			if *asJSON {
				return writeJSON(stdout, jsonRoutes(*subnet, t))
			}
			printFailures(stdout, a, failures)
			return report.Routes(stdout, *subnet, t)
		},
	}
}

type jsonRoute struct {
	Source           string   `json:"source"`
	State            string   `json:"state"`
	AddressPrefix    []string `json:"addressPrefix"`
	NextHopType      string   `json:"nextHopType"`
	NextHopIPAddress []string `json:"nextHopIpAddress"`
	Name             string   `json:"name,omitempty"`
	Origin           string   `json:"origin"`
	Reason           string   `json:"reason"`
}

// jsonRoutes mirrors Azure's effective-route JSON shape (rule:outputs.effective-route-fields).
func jsonRoutes(subnet string, t *route.Table) any {
	out := struct {
		Subnet string      `json:"subnet"`
		Value  []jsonRoute `json:"value"`
	}{Subnet: subnet, Value: []jsonRoute{}}
	for _, r := range t.Routes() {
		out.Value = append(out.Value, routeJSON(r.Route, r.State.String(), r.Reason.String()))
	}
	return out
}

// routeJSON is one effective route r, with its state and the reason for
// it, in Azure's effective-route shape (rule:outputs.effective-route-fields): name only for a UDR, the
// lists never null.
func routeJSON(r route.Route, state, reason string) jsonRoute {
	jr := jsonRoute{Source: r.Source.String(), State: state, AddressPrefix: []string{r.Prefix.String()},
		NextHopType: r.NextHop.String(), NextHopIPAddress: []string{}, Origin: r.Origin.String(), Reason: reason}
	jr.NextHopIPAddress = r.NextHopIPStrings() // all of an ECMP route's next hops, sorted (rule:route-server.as-path-and-ecmp)
	if r.Origin.Kind == route.FromRouteTable {
		jr.Name = r.Origin.Name
	}
	return jr
}
