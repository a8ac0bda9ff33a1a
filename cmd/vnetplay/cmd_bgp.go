package main

import (
	"context"
	"flag"
	"io"
	"strings"

	"vnetplay/engine/bgp"
	"vnetplay/engine/report"
)

func bgpCommand() command {
	return command{
		name:    "bgp",
		usage:   "bgp FILE [--speaker ID] [--fail ID[,ID…] | --set NAME] [--json]",
		summary: "BGP tables of a gateway, circuit (MSEE), Route Server, NVA or site: Loc-RIB, advertised and received routes",
		run: func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
			fs := flag.NewFlagSet("bgp", flag.ContinueOnError)
			speaker := fs.String("speaker", "", "speaker id (gateway, circuit, Route Server, NVA VM or site); omitted: list sessions")
			asJSON := fs.Bool("json", false, "JSON output")
			ff := addFailureFlags(fs)
			file, err := parseFile(fs, args)
			if err != nil {
				return err
			}
			a, failures, err := loadFailing(file, ff)
			if err != nil {
				return err
			}
			warnInvalid(stderr, file, a)
			r := a.Plane.BGP()
			if *speaker == "" {
				if *asJSON {
					return writeJSON(stdout, struct {
						Speakers []bgp.Speaker `json:"speakers"`
						Sessions []bgp.Session `json:"sessions"`
					}{r.Speakers(), r.Sessions()})
				}
				printFailures(stdout, a, failures)
				return report.Sessions(stdout, r)
			}
			sp, ok := r.Speaker(*speaker)
			if !ok {
				var ids []string
				for _, s := range r.Speakers() {
					ids = append(ids, s.ID)
				}
				if len(ids) == 0 {
					return &exitError{code: 1, msg: "unknown speaker " + *speaker + " (this design has no BGP speakers)"}
				}
				return &exitError{code: 1, msg: "unknown speaker " + *speaker + " (speakers: " + strings.Join(ids, ", ") + ")"}
			}
			if *asJSON {
				return writeJSON(stdout, struct {
					Speaker   bgp.Speaker    `json:"speaker"`
					RIB       []bgp.Best     `json:"rib"`
					Neighbors []bgp.Neighbor `json:"neighbors"`
				}{sp, r.RIB(sp.ID), r.Neighbors(sp.ID)})
			}
			printFailures(stdout, a, failures)
			return report.BGP(stdout, r, sp.ID)
		},
	}
}
