package main

import (
	"fmt"
	"io"
	"net/netip"
	"strings"

	"vnetplay/engine/model"
	"vnetplay/engine/reach"
	"vnetplay/engine/trace"
)

// internetSource checks --src for a walk --from Internet: empty means the
// Internet probe address; otherwise a public IPv4 address. --src without
// --from Internet is a usage error.
func internetSource(from, src string) (netip.Addr, error) {
	if from != trace.InternetSource {
		if src != "" {
			return netip.Addr{}, usageError("--src is only for --from Internet")
		}
		return netip.Addr{}, nil
	}
	if src == "" {
		return trace.InternetProbe(), nil
	}
	a, err := netip.ParseAddr(src)
	if err != nil || !model.PublicAddress(a) {
		return netip.Addr{}, usageError("invalid value %q for flag -src: want a public IPv4 address on the Internet", src)
	}
	return a, nil
}

// printInternetCells writes reach --from Internet's answers, one line per
// public entry point.
func printInternetCells(w io.Writer, src netip.Addr, cells []reach.InternetCell) error {
	var b strings.Builder
	fmt.Fprintf(&b, "From the Internet (%s) to each public entry point:\n", src)
	if len(cells) == 0 {
		b.WriteString("  (no public IP or load balancer frontend takes traffic from the Internet)\n")
	}
	for _, c := range cells {
		fmt.Fprintf(&b, "  %-24s %-28s %s: %s\n", c.To, c.Disposition, c.Entry, c.Reason)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
