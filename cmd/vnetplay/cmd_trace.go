package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"
	"net/netip"

	"vnetplay/engine"
	"vnetplay/engine/bgp"
	"vnetplay/engine/dns"
	"vnetplay/engine/expect"
	"vnetplay/engine/model"
	"vnetplay/engine/reach"
	"vnetplay/engine/report"
	"vnetplay/engine/rules"
	"vnetplay/engine/trace"
)

func traceCommand() command {
	return command{
		name:    "trace",
		usage:   "trace FILE --from VM[/NIC]|SITE/HOST|GATEWAY/CLIENT|VM/NETWORK/HOST|GATEWAY[/1]|Internet [--src IP] --to IP|ENDPOINT|Internet|FQDN [--protocol Tcp] [--port 443] [--tag-only-peering-flags] [--fail ID[,ID…] | --set NAME] [--json]",
		summary: "walk a packet hop by hop, with the reply",
		run: func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
			fs := flag.NewFlagSet("trace", flag.ContinueOnError)
			from := fs.String("from", "", "source endpoint")
			to := fs.String("to", "", "destination IP, endpoint, Internet, or a DNS name resolved from the source first")
			srcFlag := fs.String("src", "", "with --from Internet: the public source address (default 203.0.113.10)")
			proto, port := flowFlags(fs)
			asJSON := fs.Bool("json", false, "JSON output")
			tagOnly := fs.Bool("tag-only-peering-flags", false, "treat allowVirtualNetworkAccess/allowForwardedTraffic=false as tag-only, as field tests observed (rule:peering.allow-virtual-network-access, rule:peering.allow-forwarded-traffic)")
			ff := addFailureFlags(fs)
			file, err := parseFile(fs, args)
			if err != nil {
				return err
			}
			if *from == "" || *to == "" {
				return usageError("--from and --to are required")
			}
			srcIP, err := internetSource(*from, *srcFlag) // cmd_internet.go
			if err != nil {
				return err
			}
			a, failures, err := loadFailing(file, ff)
			if err != nil {
				return err
			}
			warnInvalid(stderr, file, a)
			id, ok := expect.Source(a.Plane, *from)
			if _, pe := a.Plane.PrivateEndpoint(*from); !ok && pe {
				return &exitError{code: 1, msg: fmt.Sprintf("%q is a private endpoint: it only receives connections, it never opens one, so no flow starts there (rule:private-endpoints.inbound-only-approved); trace from a client to it instead", *from)}
			}
			if !ok {
				return &exitError{code: 1, msg: unknownEndpoint(a.Plane, *from, "VM[/NIC], SITE/HOST, GATEWAY/CLIENT, VM/NETWORK/HOST, a gateway's address GATEWAY[/1], or Internet")}
			}
			dst, ok := expect.Destination(a.Plane, *to)
			if !ok && expect.IsName(*to) {
				return traceByName(stdout, a, failures, id, srcIP, *from, *to, trace.Flow{Protocol: string(*proto), DstPort: int(*port)}, trace.Options{TagOnlyPeeringFlags: *tagOnly}, *asJSON)
			}
			if !ok {
				return &exitError{code: 1, msg: leftOutOr(a.Plane, *to, fmt.Sprintf("unknown destination %q (want an IP address, an endpoint VM[/NIC], SITE/HOST, GATEWAY/CLIENT or VM/NETWORK/HOST, a gateway's address GATEWAY[/1], Internet, or a DNS name)", *to))}
			}
			t := trace.RunWith(a.Plane, trace.Flow{Src: id, SrcIP: srcIP, DstIP: dst, Protocol: string(*proto), DstPort: int(*port)}, trace.Options{TagOnlyPeeringFlags: *tagOnly})
			if nic, isNIC := a.Plane.ResolveEndpoint(*to); isNIC && a.Plane.SpacesOverlap() {
				// --to a NIC walks to its address, which may name another
				// NIC where the packet goes (rule:address-space.private-ip-per-vnet): as the matrix's cell says.
				t.Disposition, t.Reason = reach.Landed(a.Plane, t, nic)
			}
			if *asJSON {
				return writeJSON(stdout, listsNotNull(t))
			}
			printFailures(stdout, a, failures)
			printSessionNotes(stdout, a, t)
			return report.Trace(stdout, t)
		},
	}
}

// namedTrace is trace --json for --to NAME: the trace's own fields, then
// the name's resolution from the source and the verdict that combines
// both. A name that resolves to no address has no trace fields.
type namedTrace struct {
	*trace.Trace
	Resolution dns.Resolution `json:"resolution"`
	Verdict    string         `json:"verdict"`
}

// traceByName resolves name from the source (engine/dns), then walks the
// packet to the answer's first address: the name and the route must both
// be right (rule:private-endpoints.routing-and-dns-independent). A name
// that resolves to no address (NXDOMAIN, a failure, a public name the
// design gives no address for) ends there, with exit status 1.
func traceByName(stdout io.Writer, a *engine.Analysis, failures []model.Failure, src string, srcIP netip.Addr, from, name string, flow trace.Flow, opts trace.Options, asJSON bool) error {
	if from == trace.InternetSource {
		return &exitError{code: 1, msg: fmt.Sprintf("--to %q is a DNS name, which resolves from an endpoint with a DNS client (VM[/NIC], SITE/HOST or GATEWAY/CLIENT), not from the Internet: give an address", name)}
	}
	n := expect.ResolveTarget(dns.New(a.Plane, &a.Doc.Topology), a.Plane, &a.Doc.Topology, from, name)
	var t *trace.Trace
	if n.Resolved() {
		flow.Src, flow.SrcIP, flow.DstIP = src, srcIP, n.Addr
		t = listsNotNull(trace.RunWith(a.Plane, flow, opts))
	}
	verdict := n.Resolution.Name + " " + n.Verdict(a.Plane, t)
	var err error
	if !n.Resolved() {
		err = &exitError{code: 1, msg: fmt.Sprintf("%s from %s %s: no address to walk to", n.Resolution.Name, n.Resolution.From, n.Summary())}
	}
	if asJSON {
		if werr := writeJSON(stdout, namedTrace{Trace: t, Resolution: n.Resolution, Verdict: verdict}); werr != nil {
			return werr
		}
		return err
	}
	printFailures(stdout, a, failures)
	fmt.Fprintf(stdout, "Verdict: %s\n\n", verdict)
	if werr := dns.Write(stdout, n.Resolution); werr != nil || t == nil {
		return cmp.Or(werr, err)
	}
	fmt.Fprintln(stdout)
	return report.Trace(stdout, t)
}

// listsNotNull makes t's hop lists (and its reply's) empty rather than
// nil, so its JSON has [] where there is nothing, never null. Each hop's
// steps are already non-nil in a full walk (trace.Run).
func listsNotNull(t *trace.Trace) *trace.Trace {
	for x := t; x != nil; x = x.Return {
		if x.Hops == nil {
			x.Hops = []trace.Hop{}
		}
	}
	return t
}

// sessionNotes explains a walk t that does not succeed toward an
// on-premises address: each BGP session to the site holding the address
// that is down although its tunnel is up (a refused ASN, rule:bgp.distinct-asns,
// rule:s2s.local-network-gateway) is why Azure learned no route there.
func sessionNotes(a *engine.Analysis, t *trace.Trace) []string {
	res := a.Plane.BGP()
	if t == nil || t.Disposition.Success() || res == nil {
		return nil
	}
	var notes []string
	for _, s := range a.Plane.HybridTopology().Sites {
		if !siteHolds(s, t.Flow.DstIP) {
			continue
		}
		for _, x := range res.Sessions() {
			if x.Kind == bgp.SessIPsec && x.BGP && x.B == s.ID && !x.Up && x.Tunnels > 0 {
				notes = append(notes, fmt.Sprintf("%s is in site %s, whose BGP session %s is down: %s", t.Flow.DstIP, s.ID, x.ID, x.Why))
			}
		}
	}
	return notes
}

// siteHolds reports whether one of site s's address prefixes holds ip.
func siteHolds(s model.Site, ip netip.Addr) bool {
	for _, a := range s.AddressPrefixes {
		if p, err := netip.ParsePrefix(a); err == nil && p.Contains(ip) {
			return true
		}
	}
	return false
}

// printSessionNotes prints sessionNotes, each as a note line, then a blank
// line; nothing when there are none.
func printSessionNotes(w io.Writer, a *engine.Analysis, t *trace.Trace) {
	notes := sessionNotes(a, t)
	for _, n := range notes {
		fmt.Fprintf(w, "note: %s\n", rules.Expand(n))
	}
	if len(notes) > 0 {
		fmt.Fprintln(w)
	}
}
