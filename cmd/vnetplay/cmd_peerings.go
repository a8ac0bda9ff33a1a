package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"vnetplay/engine/model"
)

func peeringsCommand() command {
	return command{
		name:    "peerings",
		usage:   "peerings FILE [--json]",
		summary: "every peering link, both sides, with its peeringState and peeringSyncLevel as Azure reports them",
		run: func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
			fs := flag.NewFlagSet("peerings", flag.ContinueOnError)
			asJSON := fs.Bool("json", false, "JSON output ([] when the design has no peerings)")
			file, err := parseFile(fs, args)
			if err != nil {
				return err
			}
			a, err := load(file)
			if err != nil {
				return err
			}
			warnInvalid(stderr, file, a)
			links := peeringLinks(&a.Doc.Topology)
			if *asJSON {
				return writeJSON(stdout, links)
			}
			return writePeeringLinks(stdout, links)
		},
	}
}

// addressSpaceJSON is an ARM addressSpace: {"addressPrefixes": [...]},
// never null.
type addressSpaceJSON struct {
	AddressPrefixes []string `json:"addressPrefixes"`
}

// peeringLinkJSON is one side of a peering: the link resource on
// VirtualNetwork that points at RemoteVirtualNetwork, with the properties
// Azure reports for it (ARM virtualNetworkPeerings). A side whose link
// resource does not exist has Exists false, its Lifecycle (NotCreated or
// Deleted, as the scenario says) and no state: Azure lists nothing there.
type peeringLinkJSON struct {
	Peering              string `json:"peering"`
	Side                 string `json:"side"` // "a" or "b", as in the scenario
	VirtualNetwork       string `json:"virtualNetwork"`
	RemoteVirtualNetwork string `json:"remoteVirtualNetwork"`
	Exists               bool   `json:"exists"`
	Lifecycle            string `json:"lifecycle,omitempty"`
	// PeeringState is Initiated, Connected or Disconnected (rule:peering.link-states).
	PeeringState string `json:"peeringState,omitempty"`
	// PeeringSyncLevel is FullyInSync, LocalNotInSync, RemoteNotInSync or
	// LocalAndRemoteNotInSync (rule:peering.address-space-sync).
	PeeringSyncLevel          string `json:"peeringSyncLevel,omitempty"`
	AllowVirtualNetworkAccess bool   `json:"allowVirtualNetworkAccess"`
	AllowForwardedTraffic     bool   `json:"allowForwardedTraffic"`
	AllowGatewayTransit       bool   `json:"allowGatewayTransit"`
	UseRemoteGateways         bool   `json:"useRemoteGateways"`
	// RemoteAddressSpace is the remote VNet's space as this link last
	// synced it; RemoteVirtualNetworkAddressSpace is the remote VNet's
	// space now (ARM's two properties; they differ when the link needs a
	// sync, rule:peering.address-space-sync).
	RemoteAddressSpace               addressSpaceJSON `json:"remoteAddressSpace"`
	RemoteVirtualNetworkAddressSpace addressSpaceJSON `json:"remoteVirtualNetworkAddressSpace"`
	Reason                           string           `json:"reason"`
}

// peeringLinks lists both sides of every peering of t, sorted by peering
// id, side a first. The list is empty, never nil, for a design without
// peerings.
func peeringLinks(t *model.Topology) []peeringLinkJSON {
	spaces := map[string][]string{}
	for _, v := range t.VNets {
		spaces[v.ID] = v.AddressSpace.AddressPrefixes
	}
	peerings := slices.Clone(t.Peerings)
	slices.SortStableFunc(peerings, func(x, y model.Peering) int { return cmp.Compare(x.ID, y.ID) })
	out := make([]peeringLinkJSON, 0, 2*len(peerings))
	for _, p := range peerings {
		sa, sb := p.LinkStates()
		out = append(out,
			peeringLink(p.ID, "a", p.A, p.B, sa, spaces),
			peeringLink(p.ID, "b", p.B, p.A, sb, spaces))
	}
	return out
}

// peeringLink is the side of peering id whose link is self (the other
// side's is other), in state st; spaces are the VNets' address spaces.
func peeringLink(id, side string, self, other model.PeeringLink, st model.PeeringState, spaces map[string][]string) peeringLinkJSON {
	local, remote := spaces[self.VNet], spaces[other.VNet]
	l := peeringLinkJSON{Peering: id, Side: side, VirtualNetwork: self.VNet, RemoteVirtualNetwork: other.VNet,
		Exists: self.Exists(), Lifecycle: self.Lifecycle,
		AllowVirtualNetworkAccess: self.VirtualNetworkAccess(), AllowForwardedTraffic: self.AllowForwardedTraffic,
		AllowGatewayTransit: self.AllowGatewayTransit, UseRemoteGateways: self.UseRemoteGateways,
		RemoteAddressSpace:               addressSpaceJSON{nonNil(slices.Clone(remote))},
		RemoteVirtualNetworkAddressSpace: addressSpaceJSON{nonNil(slices.Clone(remote))}}
	if self.RemoteAddressSpace != nil {
		l.RemoteAddressSpace.AddressPrefixes = nonNil(slices.Clone(self.RemoteAddressSpace.AddressPrefixes))
	}
	if !l.Exists {
		l.Reason = missingLinkReason(self, other)
		return l
	}
	sync := model.LinkSync(self, other, model.AddressSpace{AddressPrefixes: local}, model.AddressSpace{AddressPrefixes: remote})
	l.PeeringState, l.PeeringSyncLevel = string(st), string(sync)
	l.Reason = stateReason(st, other) + "; " + syncReason(sync, self, other)
	return l
}

// missingLinkReason says why a side has no link resource (rule:peering.link-states).
func missingLinkReason(self, other model.PeeringLink) string {
	if self.Lifecycle == model.LinkDeleted {
		return fmt.Sprintf("the link on %s was deleted after the peering connected: Azure lists no link there, and %s's link is Disconnected (rule:peering.link-states)", self.VNet, other.VNet)
	}
	return fmt.Sprintf("the link on %s was never created: Azure lists no link there, and %s's link is Initiated (rule:peering.link-states)", self.VNet, other.VNet)
}

// stateReason explains a link's peeringState (rule:peering.link-states, rule:peering.disconnected-needs-recreate).
func stateReason(st model.PeeringState, other model.PeeringLink) string {
	switch st {
	case model.Connected:
		return "both links exist: Connected, traffic and peering routes flow (rule:peering.link-states)"
	case model.Disconnected:
		return fmt.Sprintf("%s's link was deleted after connecting: Disconnected, no traffic; delete this link and create both again (rule:peering.link-states, rule:peering.disconnected-needs-recreate)", other.VNet)
	}
	return fmt.Sprintf("%s has no link back yet: Initiated, no traffic until it is created (rule:peering.link-states)", other.VNet)
}

// syncReason explains a link's peeringSyncLevel (rule:peering.address-space-sync).
func syncReason(s model.SyncLevel, self, other model.PeeringLink) string {
	switch s {
	case model.LocalNotInSync:
		return fmt.Sprintf("LocalNotInSync: this link still knows %s's address space as %v; sync this link (rule:peering.address-space-sync)", other.VNet, self.RemoteAddressSpace.AddressPrefixes)
	case model.RemoteNotInSync:
		return fmt.Sprintf("RemoteNotInSync: %s's link still knows %s's old address space; sync that link (rule:peering.address-space-sync)", other.VNet, self.VNet)
	case model.LocalAndRemoteNotInSync:
		return "LocalAndRemoteNotInSync: both links need a sync (rule:peering.address-space-sync)"
	}
	return "FullyInSync: both links know both address spaces (rule:peering.address-space-sync)"
}

// writePeeringLinks writes the links as a table, one row per side, then
// the reason of each side that is not Connected and FullyInSync.
func writePeeringLinks(w io.Writer, links []peeringLinkJSON) error {
	if len(links) == 0 {
		_, err := fmt.Fprintln(w, "no peerings")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "Peering\tVNet\tRemote VNet\tPeering State\tSync Level\tVNet Access\tForwarded Traffic\tGateway Transit\tUse Remote Gateways\tRemote Address Space")
	for _, l := range links {
		state, sync := l.PeeringState, l.PeeringSyncLevel
		if !l.Exists {
			state, sync = "(no link: "+l.Lifecycle+")", "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", l.Peering, l.VirtualNetwork, l.RemoteVirtualNetwork, state, sync,
			onOff(l.AllowVirtualNetworkAccess), onOff(l.AllowForwardedTraffic), onOff(l.AllowGatewayTransit), onOff(l.UseRemoteGateways),
			strings.Join(l.RemoteAddressSpace.AddressPrefixes, " "))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, l := range links {
		if l.PeeringState != string(model.Connected) || l.PeeringSyncLevel != string(model.FullyInSync) {
			fmt.Fprintf(w, "  %s (%s, link on %s): %s\n", l.Peering, l.Side, l.VirtualNetwork, l.Reason)
		}
	}
	return nil
}

// onOff writes a peering flag.
func onOff(b bool) string {
	if b {
		return "true"
	}
	return "false"
}
