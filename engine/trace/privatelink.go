package trace

import (
	"fmt"
	"slices"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
)

// Private endpoints (rule book section Y). A walk that reaches a private
// endpoint's address — by its /32 InterfaceEndpoint route, or by any route
// that leads to the address — ends at the endpoint: delivered when its
// connection is Approved and, with the NSG network policy on, the subnet's
// NSG admits the packet; else dropped. A private endpoint never sends
// first: a walk from one is not a valid question. Its reply does not follow
// UDRs: it comes back as if the endpoint were attached to its VNet and
// every directly peered VNet (replyFromPE).

// HopPrivateEndpoint is the Hop.Kind of a private endpoint (the node is its id).
const HopPrivateEndpoint = "PrivateEndpoint"

// peSourceInvalid is the reason of a walk from private endpoint id.
func peSourceInvalid(id string) string {
	return fmt.Sprintf("private endpoint %s never originates traffic: only clients open connections to it (rule:private-endpoints.inbound-only-approved, rule:private-endpoints.nsg-policy)", id)
}

// PrivateEndpointReason is the reason of a walk delivered to private
// endpoint e.
func PrivateEndpointReason(e *dataplane.PrivateEndpoint) string {
	return fmt.Sprintf("delivered to private endpoint %s (%s) at %s", e.ID, e.Describe(), e.IP)
}

// deliverToPE ends walk r, whose packet (flow f) reached private endpoint
// e's address from NIC from: dropped when the endpoint is not Approved
// (rule:private-endpoints.inbound-only-approved) or, with the NSG policy on, when its subnet's NSG denies it
// inbound (source-port filters read as *, rule:private-endpoints.nsg-policy); delivered otherwise. With
// the policy off the subnet's NSG does not apply to the endpoint.
func (r *walkResult) deliverToPE(p *dataplane.Plane, e *dataplane.PrivateEndpoint, from *dataplane.NIC, f Flow, nsgs bool) {
	r.hop(e.ID)
	if !e.Approved() {
		r.end(DroppedEndpointNotApproved, "private endpoint %s is %s: only an Approved private endpoint carries traffic (rule:private-endpoints.inbound-only-approved)", e.ID, e.ConnectionState)
		return
	}
	sn, _ := p.Subnet(e.Subnet)
	if nsgs && sn.NSG != "" {
		if !sn.NSGPolicy() {
			if !r.quiet {
				r.step(StepNSG, "%s", fmt.Sprintf("NSG %s of %s does not filter private endpoints: its privateEndpointNetworkPolicies is %s (rule:private-endpoints.nsg-policy)", sn.NSG, sn.ID, sn.PENetworkPoliciesOrDefault()))
			}
		} else {
			r.opaque = true
			nsg, _ := p.NSG(sn.NSG)
			v := evalNSG(p, anySourcePort(nsg), "Inbound", f.SrcIP, f.DstIP, f, sn)
			var met nsgsMet
			met.add(v, AppliedToSubnet)
			note := fmt.Sprintf("privateEndpointNetworkPolicies %s applies %s's NSG to its private endpoints, source ports read as * (rule:private-endpoints.nsg-policy)", sn.PENetworkPolicies, sn.ID)
			if !v.Allowed {
				r.end(DroppedByNSG, "inbound %s; %s", v, note)
				r.attachNSGs(met)
				return
			}
			if !r.quiet {
				r.step(StepNSG, "inbound %s; %s", v, note)
				r.attachNSGs(met)
			}
		}
	}
	r.dstPE, r.peFrom = e, from
	r.end(Delivered, "%s", PrivateEndpointReason(e))
}

// anySourcePort is nsg with every rule's source ports read as *: NSG rules
// applied to private endpoints ignore source-port filters (rule:private-endpoints.nsg-policy).
func anySourcePort(nsg model.NSG) model.NSG {
	rules := slices.Clone(nsg.SecurityRules)
	for i := range rules {
		rules[i].SourcePortRange, rules[i].SourcePortRanges = "*", nil
	}
	nsg.SecurityRules = rules
	return nsg
}

// peReplyNote explains where a private endpoint's reply goes (inferred,
// see replyFromPE).
const peReplyNote = "a private endpoint answers as if attached to its VNet and every directly peered VNet, not through UDRs (inferred from rule:private-endpoints.asymmetric-return-trap; rule:private-endpoints.return-snat)"

// replyFromPE walks the reply of a flow delivered to private endpoint e
// (rf: from e's address back to the client) on r, whose first hop is e.
// The documents say the reply does not reliably follow UDRs and that an
// NVA forwarding to an endpoint should SNAT (rule:private-endpoints.return-snat); a field lab saw the
// reply reach a spoke not peered to the endpoint's VNet without passing the
// hub firewall, the endpoint behaving as if attached to every directly
// peered VNet (rule:private-endpoints.asymmetric-return-trap). vnetplay models that: a client in e's VNet
// or a directly peered one (Connected) gets the reply straight from the
// endpoint; any other client gets it from the VNet the request reached the
// endpoint from (from's subnet, directly peered to e's VNet), routed by
// that subnet's effective routes. A stateful NVA that forwarded the
// request is therefore bypassed, and drops the flow (runTrace).
func replyFromPE(r *walkResult, p *dataplane.Plane, e *dataplane.PrivateEndpoint, from *dataplane.NIC, rf Flow, opts Options) *walkResult {
	vnet := "" // the client's, where the endpoint's VNet reaches its address (rule:address-space.private-ip-per-vnet)
	if v, in := p.VNetFrom(e.VNet, "", rf.DstIP); in {
		vnet = v.ID
	}
	n, ok := p.NICIn(vnet, rf.DstIP)
	if ok && n.Subnet != "" {
		// peAttached may read a peering link that no route lookup of the
		// walks records (Deps): mark the trace as reading more.
		r.opaque = true
	}
	if ok && peAttached(p, e, n.Subnet) {
		r.hop(n.ID)
		r.dst = n
		return r.end(Delivered, "the reply goes straight back to %s: %s", n.ID, peReplyNote)
	}
	if from == nil {
		return r.end(DroppedOnReturn, "no way back from private endpoint %s", e.ID)
	}
	if !r.quiet {
		r.step(StepForward, "the reply leaves from %s's VNet, where the request reached the endpoint: %s", from.Subnet, peReplyNote)
	}
	return walkFrom(r, p, peStandIn(p, e, from, r.w), rf, false, opts)
}

// peAttached reports whether subnet is in e's VNet or a VNet directly
// peered to it by a Connected peering.
func peAttached(p *dataplane.Plane, e *dataplane.PrivateEndpoint, subnet string) bool {
	sn, ok := p.Subnet(subnet)
	return ok && (sn.VNet == e.VNet || linked(p, sn.VNet, e.VNet))
}

// peStandIn is the NIC a private endpoint's reply leaves from: e's address
// in from's subnet (one per endpoint and subnet for a Walker, whose caches
// key on NICs).
func peStandIn(p *dataplane.Plane, e *dataplane.PrivateEndpoint, from *dataplane.NIC, w *Walker) *dataplane.NIC {
	n := &dataplane.NIC{ID: e.ID, Subnet: from.Subnet, IP: e.IP}
	if w == nil {
		return n
	}
	k := [2]string{e.ID, from.Subnet}
	if s, ok := w.peStandIns[k]; ok {
		return s
	}
	if w.peStandIns == nil {
		w.peStandIns = map[[2]string]*dataplane.NIC{}
	}
	w.peStandIns[k] = n
	return n
}

// peAsymmetricNote completes the reason of a flow to private endpoint e
// that a stateful NVA drops because the reply bypassed it.
func peAsymmetricNote(e *dataplane.PrivateEndpoint) string {
	return fmt.Sprintf("the reply of private endpoint %s does not follow UDRs back through the NVA: SNAT on the NVA (e.g. Azure Firewall application rules) keeps the flow symmetric; vnetplay models no SNAT on NVAs (rule:private-endpoints.return-snat; the bypass is inferred from rule:private-endpoints.asymmetric-return-trap)", e.ID)
}
