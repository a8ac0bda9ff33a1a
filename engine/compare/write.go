package compare

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// Write prints r for a terminal: a heading naming what was compared
// (title), the counts, one table per kind that has rows (missing, extra,
// different, match) and the platform extras on one line. Reasons keep
// their rule citations (the CLI expands them).
func Write(w io.Writer, title string, r Result) error {
	s := r.Summary
	fmt.Fprintf(w, "Effective routes of %s: the design against Azure\n", title)
	fmt.Fprintf(w, "%d match, %d missing, %d extra, %d different, %d platform extras\n", s.Match, s.Missing, s.Extra, s.Different, s.Platform)
	for _, k := range Kinds() {
		rows := rowsOf(r.Rows, k)
		if len(rows) == 0 {
			continue
		}
		fmt.Fprintf(w, "\n%s\n", heading(k, len(rows)))
		if err := writeKind(w, k, rows); err != nil {
			return err
		}
	}
	msg := "\nno difference\n"
	if n := s.Differences(); n > 0 {
		msg = fmt.Sprintf("\n%d difference(s)\n", n)
	}
	_, err := io.WriteString(w, msg)
	return err
}

// heading titles the section of kind k.
func heading(k Kind, n int) string {
	switch k {
	case Missing:
		return fmt.Sprintf("Missing (%d): the design predicts these, Azure does not list them", n)
	case Extra:
		return fmt.Sprintf("Extra (%d): Azure lists these, the design does not predict them", n)
	case Different:
		return fmt.Sprintf("Different (%d): the same route with another state, next hop or source", n)
	case Match:
		return fmt.Sprintf("Match (%d)", n)
	}
	return fmt.Sprintf("Platform extras (%d): Microsoft-internal None routes, not modelled and not differences", n)
}

func rowsOf(rows []Row, k Kind) []Row {
	var out []Row
	for _, r := range rows {
		if r.Kind == k {
			out = append(out, r)
		}
	}
	return out
}

// writeKind writes the table of one kind.
func writeKind(w io.Writer, k Kind, rows []Row) error {
	if k == Platform {
		ps := make([]string, len(rows))
		for i, r := range rows {
			ps[i] = r.AddressPrefix
		}
		_, err := fmt.Fprintf(w, "  %s\n", strings.Join(ps, ", "))
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	switch k {
	case Missing, Match:
		fmt.Fprintln(tw, "  Source\tState\tAddress Prefixes\tNext Hop Type\tNext Hop IP Address\tOrigin\tReason")
		for _, r := range rows {
			d := r.Design
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\t%s\n", d.Source, d.State, d.AddressPrefix, d.NextHopType, hops(d), d.Origin, join(d.Reason, r.Note))
		}
	case Extra:
		fmt.Fprintln(tw, "  Source\tState\tAddress Prefixes\tNext Hop Type\tNext Hop IP Address\tName\tAt\tNote")
		for _, r := range rows {
			a := r.Azure
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", a.Source, a.State, a.AddressPrefix, a.NextHopType, hops(a), a.Name, a.Where, r.Note)
		}
	case Different:
		fmt.Fprintln(tw, "  Address Prefixes\tDesign\tAzure\tDiffers in\tAt\tOrigin\tReason")
		for _, r := range rows {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.AddressPrefix, brief(r.Design), brief(r.Azure),
				strings.Join(r.Differences, ", "), r.Azure.Where, r.Design.Origin, join(r.Design.Reason, r.Note))
		}
	}
	return tw.Flush()
}

// hops is a route's next hops as one cell, "-" for none.
func hops(r *Route) string {
	if len(r.NextHopIPAddress) == 0 {
		return "-"
	}
	return strings.Join(r.NextHopIPAddress, ", ")
}

// brief is a route in one cell: "Default Invalid Internet" or
// "User Active VirtualAppliance 10.0.1.4".
func brief(r *Route) string {
	s := r.Source + " " + r.State + " " + r.NextHopType
	if len(r.NextHopIPAddress) > 0 {
		s += " " + strings.Join(r.NextHopIPAddress, ",")
	}
	return s
}

// join appends a note to a reason.
func join(reason, note string) string {
	switch {
	case note == "":
		return reason
	case reason == "":
		return note
	}
	return reason + "; " + note
}
