package dns

import (
	"fmt"
	"io"
	"strings"
)

// String is the answer in a few words: "10.1.2.5 (private)", "NXDOMAIN",
// "NODATA (the name has no address)", "failed", "public DNS (not modelled)".
func (a Answer) String() string {
	switch a.Kind {
	case Address:
		return strings.Join(a.Addresses, ", ") + " (" + strings.ToLower(a.Scope) + ")"
	case NXDomain:
		return "NXDOMAIN"
	case NoData:
		return "NODATA (the name has no address)"
	case NotModelled:
		return "public DNS (not modelled)"
	}
	return "failed"
}

// Write renders a resolution as text, like a trace: the answer, then the
// steps grouped by actor (indented by depth).
func Write(w io.Writer, r Resolution) error {
	fmt.Fprintf(w, "Resolve: %s from %s\n", r.Name, r.From)
	fmt.Fprintf(w, "Answer: %s\n", r.Answer)
	if len(r.Answer.Names) > 1 {
		fmt.Fprintf(w, "Names: %s\n", strings.Join(r.Answer.Names, " → "))
	}
	fmt.Fprintf(w, "Reason: %s\n", r.Reason)
	n := 0
	for i, s := range r.Steps {
		indent := strings.Repeat("  ", s.Depth)
		if i == 0 || s.Actor != r.Steps[i-1].Actor || s.Depth != r.Steps[i-1].Depth {
			n++
			fmt.Fprintf(w, "  %s%d. %s\n", indent, n, s.Actor)
		}
		fmt.Fprintf(w, "  %s     %-9s %s\n", indent, s.Kind, s.Detail)
	}
	return nil
}
