package trace

import (
	"fmt"

	"vnetplay/engine/dataplane"
)

// Networks behind an NVA (model.VM.NetworksBehind, rule:nva.networks-behind):
// a packet for one of their prefixes that reaches the NVA is handed to the
// network behind it; a host there sends through the NVA's primary NIC.

// behindAt reports whether the packet of f, at NIC cur, is for a network
// behind cur's VM, and if so ends r there: delivered to the host with that
// address, or to the network when no host is declared at it.
func (r *walkResult) behindAt(p *dataplane.Plane, cur *dataplane.NIC, f Flow) bool {
	if len(cur.Behind) == 0 || cur.Gateway {
		return false
	}
	network := ""
	for _, b := range cur.Behind {
		if b.Prefix.Contains(f.DstIP) {
			network = b.Network
			break
		}
	}
	if network == "" {
		return false
	}
	ep, ok := p.HybridAt(f.DstIP)
	if !ok || ep.Kind != dataplane.EndpointBehindNVA {
		// No host declared at this address: the network stands for it.
		ep = dataplane.HybridEndpoint{ID: cur.VM + "/" + network, Kind: dataplane.EndpointBehindNVA, Owner: cur.ID, IP: f.DstIP}
	}
	r.dstHybrid, r.dstBehind = ep.ID, ep
	r.hop(ep.ID)
	r.end(Delivered, "delivered behind NVA %s: %s is in its network %s, and what happens past the NVA is outside Azure's routing (rule:nva.networks-behind)", cur.VM, f.DstIP, network)
	return true
}

// behindWalk starts a walk at host ep behind an NVA: the NVA sends the
// packet from its NIC ep.Owner by its subnet's effective routes; Azure
// lets a NIC send with a source address not its own only with IP
// forwarding on (rule:nva.ip-forwarding).
func behindWalk(r *walkResult, p *dataplane.Plane, ep dataplane.HybridEndpoint, f Flow, nsgs bool, opts Options) *walkResult {
	nic, ok := p.NIC(ep.Owner)
	if !ok {
		return r.end(InvalidFlow, "NVA NIC %s of %s does not exist", ep.Owner, ep.ID)
	}
	r.hop(nic.ID)
	if !r.quiet {
		r.step(StepForward, "%s", fmt.Sprintf("%s sends from the network behind it through %s", nic.VM, nic.ID))
	}
	if f.DstIP == nic.IP {
		r.dst = nic
		return r.end(Delivered, "%s", DeliveredReason(nic))
	}
	for _, b := range nic.Behind {
		if b.Prefix.Contains(f.DstIP) {
			return r.end(Delivered, "%s stays behind NVA %s (rule:nva.networks-behind)", f.DstIP, nic.VM)
		}
	}
	if !nic.IPForwarding {
		return r.end(DroppedIPForwardingOff, "%s has IP forwarding off: Azure drops packets it sends with a source address not its own (%s) (rule:nva.ip-forwarding)", nic.ID, f.SrcIP)
	}
	if !nic.GuestForwarding {
		return r.end(DroppedIPForwardingOff, "the guest OS of %s does not forward (rule:nva.ip-forwarding)", nic.VM)
	}
	return walkFrom(r, p, nic, f, nsgs, opts)
}
