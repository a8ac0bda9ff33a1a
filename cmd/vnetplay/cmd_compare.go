package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"vnetplay/engine/compare"
)

func compareCommand() command {
	return command{
		name:    "compare",
		usage:   "compare FILE --nic VM[/NIC] --effective EFFECTIVE.json|.csv [--json]",
		summary: "set a NIC's effective routes from Azure (show-effective-route-table JSON, the portal's CSV) against the design's; exit 1 if they differ",
		run: func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
			fs := flag.NewFlagSet("compare", flag.ContinueOnError)
			nic := fs.String("nic", "", "the NIC Azure's table is of: VM (its primary NIC) or VM/NIC")
			eff := fs.String("effective", "", "the `file` of Azure's effective routes of the NIC: az network nic show-effective-route-table JSON, the portal's CSV download, or -o table text")
			asJSON := fs.Bool("json", false, "JSON output: the NIC, its subnet, the counts and every row")
			file, err := parseFile(fs, args)
			if err != nil {
				return err
			}
			if *nic == "" || *eff == "" {
				return usageError("--nic and --effective are required")
			}
			a, err := load(file)
			if err != nil {
				return err
			}
			id, ok := a.Plane.ResolveEndpoint(*nic)
			if !ok {
				return &exitError{code: 1, msg: "unknown NIC " + *nic + nicHint(a.Plane, *nic)}
			}
			n, _ := a.Plane.NIC(id)
			t, _ := a.Plane.Routes(n.Subnet)
			observed, err := readEffective(*eff)
			if err != nil {
				return err
			}
			// rule:outputs.routes-per-nic-subnet: the NIC's effective routes are its subnet's.
			res := compare.Compare(compare.Design(t.Routes()), observed)
			if *asJSON {
				err = writeJSON(stdout, compareJSON{NIC: id, Subnet: n.Subnet, Result: res})
			} else {
				err = compare.Write(stdout, id+" (subnet "+n.Subnet+")", res)
			}
			if err != nil {
				return err
			}
			if d := res.Summary.Differences(); d > 0 {
				return &exitError{code: 1, msg: fmt.Sprintf("%d difference(s) between the design and Azure", d)}
			}
			return nil
		},
	}
}

// compareJSON is compare --json: the NIC, its subnet, and the comparison
// (summary and rows).
type compareJSON struct {
	NIC    string `json:"nic"`
	Subnet string `json:"subnet"`
	compare.Result
}

// readEffective reads and parses Azure's effective routes at path, refusing
// a file over compare.MaxInputSize unread.
func readEffective(path string) ([]compare.Route, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, compare.MaxInputSize+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	rs, err := compare.Parse(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return rs, nil
}
