package main

import (
	"fmt"
	"slices"
	"strings"

	"vnetplay/engine/dataplane"
)

// Hints for a mistyped name: what the user may have meant, in the words
// the error message ends with.

// subnetHint names the subnets a mistyped VNET/SUBNET may have meant: the
// subnets of its VNet when that VNet exists, else the design's first
// subnets ("" when it has none).
func subnetHint(subnets []string, asked string) string {
	vnet, _, _ := strings.Cut(asked, "/")
	var same []string
	for _, s := range subnets {
		if v, _, _ := strings.Cut(s, "/"); v == vnet {
			same = append(same, s)
		}
	}
	list, what := same, "; "+vnet+" has "
	if len(same) == 0 {
		list, what = subnets, "; the design has "
	}
	if len(list) == 0 {
		return "; the design has no subnet"
	}
	return what + firstOf(list)
}

// nicHint says, for a NIC reference the design does not resolve, why: an
// on-premises host or P2S client is not a VM's NIC (next hop and effective
// routes are a NIC's, as in Network Watcher), else which NICs exist.
func nicHint(p *dataplane.Plane, asked string) string {
	if why := p.NotAnEndpoint(asked); why != "" {
		return " (" + why + ")"
	}
	if slices.Contains(p.HybridEndpoints(), asked) {
		return " (" + asked + " is an on-premises host or a P2S client, not a VM's NIC; want VM or VM/NIC)"
	}
	nics := p.NICs()
	if len(nics) == 0 {
		return " (want VM or VM/NIC; the design has no VM)"
	}
	return " (want VM or VM/NIC; the design has " + firstOf(nics) + ")"
}

// unknownEndpoint is the error for an endpoint ref that is none: why the
// analysis left it out when the design has it, else what an endpoint is
// written as (want).
func unknownEndpoint(p *dataplane.Plane, asked, want string) string {
	return leftOutOr(p, asked, fmt.Sprintf("unknown endpoint %q (want %s)", asked, want))
}

// leftOutOr is why the analysis left asked out, when the design has it
// (dataplane.Plane.NotAnEndpoint), else msg.
func leftOutOr(p *dataplane.Plane, asked, msg string) string {
	if why := p.NotAnEndpoint(asked); why != "" {
		return fmt.Sprintf("%q is no endpoint: %s", asked, why)
	}
	return msg
}

// firstOf lists at most eight names, saying how many more there are.
func firstOf(names []string) string {
	const most = 8
	if len(names) <= most {
		return strings.Join(names, ", ")
	}
	return strings.Join(names[:most], ", ") + fmt.Sprintf(" and %d more", len(names)-most)
}
