package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/netip"
	"strings"

	"vnetplay/engine/trace"
)

func ipflowCommand() command {
	return command{
		name:    "ipflow",
		usage:   "ipflow FILE --vm VM[/NIC] --direction Inbound|Outbound --protocol TCP|UDP --local IP:PORT --remote IP:PORT [--json]",
		summary: "Network Watcher style IP flow verify: is the flow allowed by the NSGs, and by which rule",
		run:     runIPFlow,
	}
}

// runIPFlow answers one IP flow verify question (rule:outputs.flow-verdict, rule:internet-edge.ip-flow-verify). A malformed
// flag is a usage error (exit 2); a question the design cannot answer (an
// unknown VM, a local IP that is not the NIC's) exits 1. Allowed and
// denied are both answers: exit 0.
func runIPFlow(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("ipflow", flag.ContinueOnError)
	vm := fs.String("vm", "", "the VM, or VM/NIC, whose NIC is checked")
	dir := fs.String("direction", "", "Inbound or Outbound")
	proto := fs.String("protocol", "", "TCP or UDP (ICMP needs NSG diagnostics)")
	local := fs.String("local", "", "the NIC's IP and port, IP:PORT")
	remote := fs.String("remote", "", "the other side's IP and port, IP:PORT")
	asJSON := fs.Bool("json", false, "JSON output")
	file, err := parseFile(fs, args)
	if err != nil {
		return err
	}
	q, err := ipFlowQuery(*vm, *dir, *proto, *local, *remote)
	if err != nil {
		return err
	}
	a, err := load(file)
	if err != nil {
		return err
	}
	warnInvalid(stderr, file, a)
	res, err := trace.IPFlowVerify(a.Plane, q)
	if errors.Is(err, trace.ErrIPFlow) {
		return &exitError{code: 1, msg: err.Error()}
	} else if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(stdout, res)
	}
	return printIPFlow(stdout, res)
}

// ipFlowQuery checks the flags (usage errors, exit 2) and builds the
// question.
func ipFlowQuery(vm, dir, proto, local, remote string) (trace.IPFlowQuery, error) {
	if vm == "" || dir == "" || proto == "" || local == "" || remote == "" {
		return trace.IPFlowQuery{}, usageError("--vm, --direction, --protocol, --local and --remote are required")
	}
	if !strings.EqualFold(dir, "Inbound") && !strings.EqualFold(dir, "Outbound") {
		return trace.IPFlowQuery{}, usageError("invalid value %q for flag -direction: want Inbound or Outbound", dir)
	}
	if !strings.EqualFold(proto, "TCP") && !strings.EqualFold(proto, "UDP") {
		return trace.IPFlowQuery{}, usageError("invalid value %q for flag -protocol: want TCP or UDP (IP flow verify checks only these; ICMP needs NSG diagnostics, rule:outputs.flow-verdict)", proto)
	}
	l, err := addrPort("local", local)
	if err != nil {
		return trace.IPFlowQuery{}, err
	}
	r, err := addrPort("remote", remote)
	if err != nil {
		return trace.IPFlowQuery{}, err
	}
	return trace.IPFlowQuery{NIC: vm, Direction: dir, Protocol: proto, LocalIP: l.Addr(), LocalPort: int(l.Port()),
		RemoteIP: r.Addr(), RemotePort: int(r.Port())}, nil
}

// addrPort parses an IPv4 IP:PORT flag value.
func addrPort(name, s string) (netip.AddrPort, error) {
	ap, err := netip.ParseAddrPort(s)
	if err != nil || !ap.Addr().Is4() {
		return netip.AddrPort{}, usageError("invalid value %q for flag -%s: want IPv4 IP:PORT, e.g. 10.0.1.4:443", s, name)
	}
	return ap, nil
}

// printIPFlow writes the answer the way the portal shows it: "Access
// allowed" or "Access denied", the rule and the NSG, then the NSGs
// evaluated in order.
func printIPFlow(w io.Writer, res trace.IPFlowResult) error {
	verdict := "allowed"
	if res.Access != "Allow" {
		verdict = "denied"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Access %s\n", verdict)
	if res.RuleName != "" {
		fmt.Fprintf(&b, "  rule:  %s\n  NSG:   %s\n", res.RuleName, res.NetworkSecurityGroup)
	}
	fmt.Fprintf(&b, "  why:   %s\n", res.Reason)
	for _, v := range res.Evaluated {
		fmt.Fprintf(&b, "  %-16s %s %s %s: %s\n", v.AppliedTo, v.NetworkSecurityGroup, v.Direction, v.RuleName, v.Access)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
