// Package report renders engine answers as the canonical text tables the CLI
// prints and the golden files store. Columns follow Azure's order (Source,
// State, Address Prefixes, Next Hop Type, Next Hop IP Address) plus the
// engine's origin and reason. Output is deterministic.
package report

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/expect"
	"vnetplay/engine/model"
	"vnetplay/engine/reach"
	"vnetplay/engine/route"
	"vnetplay/engine/trace"
)

func table(w io.Writer) *tabwriter.Writer { return tabwriter.NewWriter(w, 0, 0, 2, ' ', 0) }

// Routes writes a subnet's effective routes.
func Routes(w io.Writer, subnet string, t *route.Table) error {
	fmt.Fprintf(w, "Effective routes of %s\n", subnet)
	tw := table(w)
	fmt.Fprintln(tw, "Source\tState\tAddress Prefixes\tNext Hop Type\tNext Hop IP Address\tOrigin\tReason")
	for _, r := range t.Routes() {
		why := r.Reason.String()
		if note := r.ECMPNote(); note != "" {
			why += "; " + note
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Source, r.State, r.Prefix, r.NextHop, r.NextHopIPText(), r.Origin, why)
	}
	return tw.Flush()
}

// NextHop writes a Network Watcher style Next hop answer, then, for a
// host-platform destination, a "Note:" line saying that the route does not
// apply to it (dataplane.NextHopResult.Platform).
func NextHop(w io.Writer, from string, dst string, res dataplane.NextHopResult) error {
	tw := table(w)
	fmt.Fprintln(tw, "Source\tDestination\tNext Hop Type\tNext Hop IP Address\tRoute Table\tRoute")
	fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s %s\n", from, dst, res.NextHopType, res.NextHopIPAddress, res.RouteTableID, res.Route.Prefix, res.Route.Origin)
	if err := tw.Flush(); err != nil {
		return err
	}
	if res.Platform == "" {
		return nil
	}
	_, err := fmt.Fprintf(w, "Note: %s\n", res.Platform)
	return err
}

// Trace writes a packet walk and its return.
func Trace(w io.Writer, t *trace.Trace) error {
	fmt.Fprintf(w, "Flow: %s\n", t.Flow)
	fmt.Fprintf(w, "Disposition: %s\nReason: %s\n", t.Disposition, t.Reason)
	hops(w, t.Hops)
	if t.Return != nil {
		fmt.Fprintf(w, "Return: %s (%s)\n", t.Return.Disposition, t.Return.Reason)
		hops(w, t.Return.Hops)
	}
	return nil
}

func hops(w io.Writer, hs []trace.Hop) {
	for i, h := range hs {
		fmt.Fprintf(w, "  %d. %s\n", i+1, h.Node)
		for _, s := range h.Steps {
			fmt.Fprintf(w, "       %-8s %s\n", s.Kind, s.Detail)
		}
	}
}

// Matrix writes the reachability matrix, one line per cell, each row
// followed by its cells to the private endpoints given
// (reach.PrivateEndpointCells: a private endpoint is a column, never a row).
func Matrix(w io.Writer, m *reach.Matrix, privateEndpoints ...reach.Cell) error {
	if m.Len() == 0 && len(privateEndpoints) == 0 {
		_, err := fmt.Fprintln(w, "no endpoints: the design has no VM NIC, on-premises host or P2S client to reach or to reach from")
		return err
	}
	tw := table(w)
	fmt.Fprintln(tw, "From\tTo\tDisposition\tReason")
	for c := range m.CellsWith(privateEndpoints) {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", c.From, c.To, c.Disposition, c.Reason)
	}
	return tw.Flush()
}

// Diagnostics writes findings, one per line.
func Diagnostics(w io.Writer, ds []model.Diagnostic) error {
	if len(ds) == 0 {
		_, err := fmt.Fprintln(w, "no findings")
		return err
	}
	tw := table(w)
	fmt.Fprintln(tw, "Severity\tCode\tPath\tMessage")
	for _, d := range ds {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", d.Severity, d.Code, d.Path, d.Msg)
	}
	return tw.Flush()
}

// Results writes expectation results; it returns the number that failed.
func Results(w io.Writer, rs []expect.Result) int {
	failed := 0
	for _, r := range rs {
		status := "PASS"
		if !r.OK {
			status = "FAIL"
			failed++
		}
		line := fmt.Sprintf("%s %s [%s]: %s", status, r.ID, r.Kind, r.Got)
		if r.Msg != "" { // a failure's sentence says what was found too
			line = fmt.Sprintf("%s %s [%s]: %s", status, r.ID, r.Kind, r.Msg)
		}
		fmt.Fprintln(w, strings.TrimSpace(line))
	}
	fmt.Fprintf(w, "%d expectations, %d failed\n", len(rs), failed)
	return failed
}
