package report

import (
	"fmt"
	"io"
	"strings"

	"vnetplay/engine/bgp"
	"vnetplay/engine/diff"
	"vnetplay/engine/model"
	"vnetplay/engine/whatif"
)

// Changes writes a what-if diff: routes per subnet, best paths per speaker,
// endpoint pairs that lost, regained or moved path.
func Changes(w io.Writer, c *diff.Changes) error {
	fmt.Fprintf(w, "Effective routes changed (%d):\n", len(c.Routes))
	tw := table(w)
	if len(c.Routes) > 0 {
		fmt.Fprintln(tw, "  Subnet\tPrefix\tBefore\tAfter")
	}
	for _, r := range c.Routes {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", r.Subnet, r.Prefix, orDash(r.Before), orDash(r.After))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "BGP best paths changed (%d):\n", len(c.BGP))
	tw = table(w)
	if len(c.BGP) > 0 {
		fmt.Fprintln(tw, "  Speaker\tPrefix\tBefore\tAfter")
	}
	for _, r := range c.BGP {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", r.Speaker, r.Prefix, orDash(r.Before), orDash(r.After))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "Endpoint pairs changed (%d):\n", len(c.Pairs))
	for _, p := range c.Pairs {
		fmt.Fprintf(w, "  %s %s → %s\n    before: %s\n    after:  %s\n", p.Change, p.From, p.To, p.Before, p.After)
	}
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// Failures writes the failed components and notes of a what-if.
func Failures(w io.Writer, fs []model.Failure, notes []string) {
	var names []string
	for _, f := range fs {
		names = append(names, f.String())
	}
	fmt.Fprintf(w, "Failed: %s\n", strings.Join(names, ", "))
	for _, n := range notes {
		fmt.Fprintf(w, "  note: %s\n", n)
	}
}

// P2S writes the routes a gateway pushes to P2S clients (next hop On-link, rule:p2s.on-link-routes).
func P2S(w io.Writer, r bgp.P2SRoutes) error {
	var pools []string
	for _, p := range r.Pools {
		pools = append(pools, p.String())
	}
	fmt.Fprintf(w, "P2S routes of %s (client pool %s)\n", r.Gateway, strings.Join(pools, ", "))
	for _, os := range []struct {
		name string
		rs   []bgp.P2SRoute
	}{{"Windows clients", r.Windows}, {"Other clients", r.Other}} {
		fmt.Fprintf(w, "%s:\n", os.name)
		tw := table(w)
		fmt.Fprintln(tw, "  Prefix\tNext Hop\tWhy")
		for _, x := range os.rs {
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", x.Prefix, bgp.OnLink, x.Why)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	for _, x := range r.Warnings {
		fmt.Fprintf(w, "warning: %s\n", x)
	}
	return nil
}

// Sweep writes an N-1 sweep, most damaging component first.
func Sweep(w io.Writer, res []whatif.SPOF) error {
	fmt.Fprintln(w, "N-1 sweep: endpoint pairs that lose reachability when one component fails")
	tw := table(w)
	fmt.Fprintln(tw, "Lost\tMoved\tComponent\tLabel")
	for _, s := range res {
		fmt.Fprintf(tw, "%d\t%d\t%s\t%s\n", len(s.Lost), s.Moved, s.Component.Failure, s.Component.Label)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, s := range res {
		if len(s.Lost) == 0 {
			continue
		}
		fmt.Fprintf(w, "\n%s loses:\n", s.Component.Failure)
		for _, p := range s.Lost {
			fmt.Fprintf(w, "  %s → %s: %s\n", p.From, p.To, p.After)
		}
	}
	return nil
}
