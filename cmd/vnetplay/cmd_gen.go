package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"vnetplay/engine/gen"
	"vnetplay/engine/scenario"
)

// genCommand prints a generated design (engine/gen) as a canonical scenario.
//
// Sizes above the generator's limits are refused rather than capped: the
// generator would silently make fewer (500 spokes for -n 100000) while the
// design's name and the user's script still say 100000. The limits are
// Azure's (500 peerings per VNet, 400 routes per table) or the
// generator's address plan, so a larger design is not one Azure would run;
// a refusal names the limit and costs one retype. For the same reason a
// size flag that does not apply to KIND (-p with mesh) is refused.
func genCommand() command {
	return command{
		name:     "gen",
		document: true,
		usage:    "gen KIND [-n N] [-p P] [-u U] [-s S] [-seed SEED]   (KIND: " + strings.Join(gen.Kinds(), ", ") + ")",
		summary:  "print a seeded, deterministic large design as a canonical scenario",
		run: func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
			fs := flag.NewFlagSet("gen", flag.ContinueOnError)
			n := fs.Int("n", 10, fmt.Sprintf("spokes (hubspoke, noshare: ≤ %d), VNets (mesh: ≤ %d) or spokes per hub (multihub: ≤ %d)", gen.MaxSpokes, gen.MaxMesh, gen.MaxSpokes))
			p := fs.Int("p", 0, fmt.Sprintf("on-premises /24 prefixes over ExpressRoute and VPN (hubspoke, multihub; ≤ %d)", genMaxPrefixes))
			u := fs.Int("u", 0, fmt.Sprintf("random /24 UDRs per spoke route table (hubspoke, noshare, multihub; ≤ %d; 0: the generator's default)", genMaxUDRs))
			s := fs.Int("s", 0, fmt.Sprintf("subnets per VNet (≤ %d; 0: the generator's default)", genMaxSubnets))
			seed := fs.Uint64("seed", 1, "random seed")
			pos, err := parseArgs(fs, args)
			if err != nil {
				return err
			}
			if len(pos) != 1 {
				return usageError("want exactly one KIND (%s), got %d arguments", strings.Join(gen.Kinds(), ", "), len(pos))
			}
			kind := pos[0]
			if !slices.Contains(gen.Kinds(), kind) {
				return usageError("unknown KIND %q (want one of %s)", kind, strings.Join(gen.Kinds(), ", "))
			}
			if err := checkSizes(kind, sizeFlags(kind, *n, *p, *u, *s)); err != nil {
				return err
			}
			topo, err := gen.Generate(kind, gen.Params{N: *n, Prefixes: *p, UDRs: *u, Subnets: *s, Seed: *seed})
			if err != nil {
				return usageError("%v", err)
			}
			doc := &scenario.Document{Format: scenario.Format, Version: scenario.Latest,
				Name: fmt.Sprintf("Generated %s -n %d -p %d -seed %d", kind, *n, *p, *seed), Topology: topo}
			out, err := scenario.Encode(doc)
			if err != nil {
				return fmt.Errorf("gen %s: %w", kind, err)
			}
			_, err = stdout.Write(out)
			return err
		},
	}
}

// The generator's limits on P, U and S (gen.Params documents them; the
// generator caps larger values). TestGenLimitsAreTheGenerators keeps these
// in step with engine/gen.
const (
	genMaxPrefixes = 4000
	genMaxUDRs     = 398 // plus 0/0 and 10/8: Azure's 400 routes per table
	genMaxSubnets  = 4
)

// sizeFlag is one size flag of gen with its value and its limit for a
// kind; max 0 means the flag does not apply to that kind.
type sizeFlag struct {
	name  string
	value int
	max   int
	what  string
}

// sizeFlags lists gen's size flags with their limits for kind.
func sizeFlags(kind string, n, p, u, s int) []sizeFlag {
	fl := []sizeFlag{
		{"n", n, gen.MaxSpokes, "spokes (Azure allows 500 peerings per VNet)"},
		{"p", p, genMaxPrefixes, "on-premises /24 prefixes"},
		{"u", u, genMaxUDRs, "random UDRs per route table (with 0/0 and 10/8, Azure's 400 routes per table)"},
		{"s", s, genMaxSubnets, "subnets per VNet"},
	}
	switch kind {
	case "mesh":
		fl[0].max, fl[0].what = gen.MaxMesh, "VNets (each peers with all the others: Azure allows 500 peerings per VNet)"
		fl[1].max, fl[2].max = 0, 0
	case "multihub":
		fl[0].what = "spokes per hub (Azure allows 500 peerings per VNet)"
	case "noshare":
		fl[1].max = 0
	}
	return fl
}

// checkSizes refuses negative sizes, sizes above their limit, and sizes
// given to a kind they do not apply to.
func checkSizes(kind string, fl []sizeFlag) error {
	for _, f := range fl {
		switch {
		case f.value < 0:
			return usageError("-%s %d: sizes must not be negative", f.name, f.value)
		case f.max == 0 && f.value != 0:
			return usageError("-%s does not apply to %s", f.name, kind)
		case f.value > f.max:
			return usageError("-%s %d is over the limit for %s: at most %d %s", f.name, f.value, kind, f.max, f.what)
		}
	}
	return nil
}
