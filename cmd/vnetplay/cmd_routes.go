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
		usage:   "routes FILE (--subnet VNET/SUBNET | --nic VM[/NIC]) [--json]",
		summary: "effective routes of a subnet or NIC, as Azure shows them",
		run: func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
			fs := flag.NewFlagSet("routes", flag.ContinueOnError)
			subnet := fs.String("subnet", "", "subnet id VNET/SUBNET")
			nic := fs.String("nic", "", "NIC endpoint VM or VM/NIC")
			asJSON := fs.Bool("json", false, "JSON output")
			file, err := parseFile(fs, args)
			if err != nil {
				return err
			}
			if (*subnet == "") == (*nic == "") {
				return usageError("give exactly one of --subnet or --nic")
			}
			a, err := load(file)
			if err != nil {
				return err
			}
			if *nic != "" {
				id, ok := a.Plane.ResolveEndpoint(*nic)
				if !ok {
					return &exitError{code: 1, msg: "unknown NIC " + *nic}
				}
				n, _ := a.Plane.NIC(id)
				*subnet = n.Subnet
			}
			t, ok := a.Plane.Routes(*subnet)
			if !ok {
				return &exitError{code: 1, msg: "unknown subnet " + *subnet + " (want VNET/SUBNET)"}
			}
			if *asJSON {
				return writeJSON(stdout, jsonRoutes(*subnet, t))
			}
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

// jsonRoutes mirrors Azure's effective-route JSON shape (F2).
func jsonRoutes(subnet string, t *route.Table) any {
	out := struct {
		Subnet string      `json:"subnet"`
		Value  []jsonRoute `json:"value"`
	}{Subnet: subnet, Value: []jsonRoute{}}
	for _, r := range t.Routes() {
		jr := jsonRoute{Source: r.Source.String(), State: r.State.String(), AddressPrefix: []string{r.Prefix.String()},
			NextHopType: r.NextHop.String(), NextHopIPAddress: []string{}, Origin: r.Origin.String(), Reason: r.Reason.String()}
		if r.NextHopIP.IsValid() {
			jr.NextHopIPAddress = []string{r.NextHopIP.String()}
		}
		if r.Origin.Kind == route.FromRouteTable {
			jr.Name = r.Origin.Name
		}
		out.Value = append(out.Value, jr)
	}
	return out
}
