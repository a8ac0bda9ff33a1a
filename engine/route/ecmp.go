package route

import (
	"net/netip"
	"slices"
	"strings"
)

// MaxNextHops bounds the next hops one ECMP route keeps: Route Server takes
// at most 8 BGP peers (rule:route-server.limits), so no route it programs has more.
const MaxNextHops = 8

// WithNextHops returns r with every address of ips as its next hops: an
// equal-cost (ECMP) route when there are several, as Route Server
// programs one when several NVAs advertise a prefix with the same AS-path
// length (rule:route-server.as-path-and-ecmp), and as Azure's effective routes list them
// (nextHopIpAddress is a list, rule:outputs.effective-route-fields). The addresses are deduplicated and
// sorted; NextHopIP becomes the lowest, the others are kept in order
// behind it (NextHopIPs). Invalid addresses are dropped, and only the
// MaxNextHops lowest are kept. r keeps its single next hop (or none) when
// ips has fewer than two valid addresses. A Route stays a comparable
// value: the extra hops are held as text.
func (r Route) WithNextHops(ips []netip.Addr) Route {
	hops := make([]netip.Addr, 0, len(ips))
	for _, a := range ips {
		if a.IsValid() {
			hops = append(hops, a.Unmap())
		}
	}
	slices.SortFunc(hops, netip.Addr.Compare)
	hops = slices.Compact(hops)
	if len(hops) > MaxNextHops {
		hops = hops[:MaxNextHops]
	}
	r.more = ""
	switch len(hops) {
	case 0:
		return r
	case 1:
		r.NextHopIP = hops[0]
		return r
	}
	r.NextHopIP = hops[0]
	var b strings.Builder
	for i, a := range hops[1:] {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(a.String())
	}
	r.more = b.String()
	return r
}

// ECMP reports whether r has more than one next hop.
func (r Route) ECMP() bool { return r.more != "" }

// NextHopIPs returns every next-hop address of r, sorted (NextHopIP first):
// none, NextHopIP alone, or all of an ECMP route's.
func (r Route) NextHopIPs() []netip.Addr {
	if !r.NextHopIP.IsValid() {
		return nil
	}
	out := []netip.Addr{r.NextHopIP}
	if r.more == "" {
		return out
	}
	for s := range strings.SplitSeq(r.more, ",") {
		if a, err := netip.ParseAddr(s); err == nil {
			out = append(out, a)
		}
	}
	return out
}

// NextHopIPStrings returns NextHopIPs as text, an empty (non-nil) list when
// there is none: the shape of Azure's nextHopIpAddress (rule:outputs.effective-route-fields).
func (r Route) NextHopIPStrings() []string {
	ips := r.NextHopIPs()
	out := make([]string, len(ips))
	for i, a := range ips {
		out[i] = a.String()
	}
	return out
}

// NextHopIPText is the next hops as one cell of a table: "" for none, the
// address alone, or the addresses joined by ", " for an ECMP route (as
// the portal's effective-routes blade prints the list).
func (r Route) NextHopIPText() string {
	if r.more == "" {
		if r.NextHopIP.IsValid() {
			return r.NextHopIP.String()
		}
		return ""
	}
	return r.NextHopIP.String() + ", " + strings.ReplaceAll(r.more, ",", ", ")
}

// ECMPNote explains an ECMP route's next hops (appended to its reason by
// the reports), or "" for a route with one next hop.
func (r Route) ECMPNote() string {
	if r.more == "" {
		return ""
	}
	return "equal-cost paths: all next hops installed, the host spreads flows across them (ECMP, rule:route-server.as-path-and-ecmp)"
}
