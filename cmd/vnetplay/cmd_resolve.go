package main

import (
	"context"
	"flag"
	"io"
	"strings"

	"vnetplay/engine/dns"
	"vnetplay/engine/model"
)

func resolveCommand() command {
	return command{
		name:    "resolve",
		usage:   "resolve FILE --from VM[/NIC]|SITE/HOST|GATEWAY/CLIENT --name FQDN [--fail ID[,ID…] | --set NAME] [--json]",
		summary: "resolve a name from an endpoint, step by step: which server, zone, rule or record answers",
		run: func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
			fs := flag.NewFlagSet("resolve", flag.ContinueOnError)
			from := fs.String("from", "", "the endpoint that asks: VM[/NIC], SITE/HOST or GATEWAY/CLIENT")
			name := fs.String("name", "", "the name to resolve (a single label gets the VM's DNS suffix)")
			asJSON := fs.Bool("json", false, "JSON output")
			ff := addFailureFlags(fs)
			file, err := parseFile(fs, args)
			if err != nil {
				return err
			}
			if *from == "" || *name == "" {
				return usageError("--from and --name are required")
			}
			if n := strings.TrimSpace(*name); !model.ValidDNSName(n, false) {
				return usageError("--name %q is not a DNS name (labels of letters, digits and hyphens, separated by dots)", *name)
			}
			a, failures, err := loadFailing(file, ff)
			if err != nil {
				return err
			}
			warnInvalid(stderr, file, a)
			if _, _, ok := a.Plane.Endpoint(*from); !ok {
				return &exitError{code: 1, msg: unknownEndpoint(a.Plane, *from, "VM[/NIC], SITE/HOST or GATEWAY/CLIENT")}
			}
			res := dns.Resolve(a.Plane, &a.Doc.Topology, *from, *name)
			if *asJSON {
				return writeJSON(stdout, res)
			}
			printFailures(stdout, a, failures)
			return dns.Write(stdout, res)
		},
	}
}
