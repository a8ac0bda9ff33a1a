package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"vnetplay/engine/gen"
	"vnetplay/engine/scenario"
)

// genCommand prints a generated design (engine/gen) as a canonical scenario.
func genCommand() command {
	return command{
		name:    "gen",
		usage:   "gen KIND [-n N] [-p P] [-u U] [-s S] [-seed SEED]   (KIND: " + strings.Join(gen.Kinds(), ", ") + ")",
		summary: "print a seeded, deterministic large design as a canonical scenario",
		run: func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
			fs := flag.NewFlagSet("gen", flag.ContinueOnError)
			n := fs.Int("n", 10, "spokes (hubspoke, noshare), VNets (mesh) or spokes per hub (multihub)")
			p := fs.Int("p", 0, "on-premises /24 prefixes over ExpressRoute and VPN (hubspoke, multihub; ≤ 4000)")
			u := fs.Int("u", 0, "random /24 UDRs per spoke route table (0: the generator's default)")
			s := fs.Int("s", 0, "subnets per VNet (0: the generator's default, ≤ 4)")
			seed := fs.Uint64("seed", 1, "random seed")
			pos, err := parseArgs(fs, args)
			if err != nil {
				return err
			}
			if len(pos) != 1 {
				return usageError("want exactly one KIND (%s), got %d arguments", strings.Join(gen.Kinds(), ", "), len(pos))
			}
			if *n < 0 || *p < 0 || *u < 0 || *s < 0 {
				return usageError("sizes must not be negative")
			}
			topo, err := gen.Generate(pos[0], gen.Params{N: *n, Prefixes: *p, UDRs: *u, Subnets: *s, Seed: *seed})
			if err != nil {
				return usageError("%v", err)
			}
			doc := &scenario.Document{Format: scenario.Format, Version: scenario.Latest,
				Name: fmt.Sprintf("Generated %s -n %d -p %d -seed %d", pos[0], *n, *p, *seed), Topology: topo}
			out, err := scenario.Encode(doc)
			if err != nil {
				return fmt.Errorf("gen %s: %w", pos[0], err)
			}
			_, err = stdout.Write(out)
			return err
		},
	}
}
