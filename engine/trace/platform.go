package trace

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
)

// The host-platform addresses (platformAddress) and the NSG rules that
// apply to them (rule:nsg.platform-traffic). Traffic to 168.63.129.16 and
// 169.254.169.254 is not subject to a subnet's or a NIC's NSG rules unless
// a rule targets it with the service tag of its service: AzurePlatformDNS
// (the default DNS service) or AzurePlatformIMDS (the instance metadata
// service). Only rules whose destination names that tag are evaluated, by
// priority; the default rules (AllowVnetOutBound, DenyAllOutBound…) and
// rules to other destinations, `*` included, do not apply.
//
// Where the docs are silent (rule book section W): AzurePlatformDNS is
// read as covering DNS only (port 53, UDP or TCP) to 168.63.129.16, so
// the address' other services (DHCP, health probes, the VM agent's wire
// server) stay unfiltered; AzurePlatformIMDS as covering every packet to
// 169.254.169.254; AzurePlatformLKM (Windows licensing, served at public
// addresses) is not evaluated.

// Platform service tags (rule:nsg.platform-traffic).
const (
	TagPlatformDNS  = "AzurePlatformDNS"
	TagPlatformIMDS = "AzurePlatformIMDS"
)

var (
	platformDNSAddr  = netip.AddrFrom4([4]byte{168, 63, 129, 16})
	platformIMDSAddr = netip.AddrFrom4([4]byte{169, 254, 169, 254})
)

// platformTag is the service tag by which NSG rules apply to f, a packet
// to a host-platform address, or "" when none does.
func platformTag(f Flow) string {
	switch {
	case f.DstIP == platformIMDSAddr:
		return TagPlatformIMDS
	case f.DstIP == platformDNSAddr && f.DstPort == 53 && (strings.EqualFold(f.Protocol, "Udp") || strings.EqualFold(f.Protocol, "Tcp")):
		return TagPlatformDNS
	}
	return ""
}

// platformOutbound evaluates, for f leaving NIC n of subnet s for a
// host-platform address, the outbound rules naming the platform tag tag:
// the NIC's NSG, then the subnet's (rule:nsg.subnet-then-nic), each by
// priority, the first matching rule deciding; an NSG with no such rule
// lets the packet through. It returns the verdicts as prose (those of the
// NSGs where a rule matched), whether the packet passes, and the NSGs
// whose rules decided.
func platformOutbound(p *dataplane.Plane, n *dataplane.NIC, s *dataplane.Subnet, f Flow, tag string) (string, bool, nsgsMet) {
	var notes []string
	var met nsgsMet
	for _, at := range [2]nsgAt{{n.NSG, AppliedToNIC}, {s.NSG, AppliedToSubnet}} {
		if at.id == "" {
			continue
		}
		nsg, _ := p.NSG(at.id)
		v, matched := evalPlatformRules(p, nsg, tag, f, s)
		if !matched {
			continue
		}
		met.add(v, at.level)
		if !v.Allowed {
			return v.String() + " (rule:nsg.platform-traffic)", false, met
		}
		notes = append(notes, v.String())
	}
	return strings.Join(notes, "; "), true, met
}

// evalPlatformRules evaluates nsg's outbound rules that name tag as a
// destination, by priority (then name); matched is false when none
// matches f.
func evalPlatformRules(p *dataplane.Plane, nsg model.NSG, tag string, f Flow, s *dataplane.Subnet) (v nsgVerdict, matched bool) {
	var rules []model.SecurityRule
	for _, r := range nsg.SecurityRules {
		if r.In("Outbound") && slices.Contains(r.Destinations(), tag) {
			rules = append(rules, r)
		}
	}
	slices.SortStableFunc(rules, func(a, b model.SecurityRule) int {
		if c := cmp.Compare(a.Priority, b.Priority); c != 0 {
			return c
		}
		return cmp.Compare(a.Name, b.Name)
	})
	for _, r := range rules {
		if platformRuleMatches(p, r, f, s) {
			return nsgVerdict{Allowed: r.Allows(), NSG: nsg.ID, Rule: r.Name, Priority: r.Priority, Direction: "Outbound"}, true
		}
	}
	return nsgVerdict{}, false
}

// platformRuleMatches is ruleMatches for a rule whose destination names
// the packet's platform tag: its protocol, ports and sources are checked
// as for any rule.
func platformRuleMatches(p *dataplane.Plane, r model.SecurityRule, f Flow, s *dataplane.Subnet) bool {
	if r.Protocol != "*" && !strings.EqualFold(r.Protocol, f.Protocol) {
		return false
	}
	portsApply := strings.EqualFold(f.Protocol, "Tcp") || strings.EqualFold(f.Protocol, "Udp")
	if portsApply && (!portMatch(r.SourcePorts(), f.SrcPort) || !portMatch(r.DestinationPorts(), f.DstPort)) {
		return false
	}
	return addrMatch(p, r.Sources(), f.SrcIP, s)
}

// toPlatform ends walk r, from NIC start, at a host-platform address:
// UDRs do not apply (rule:route-selection.platform-addresses-bypass-udrs),
// and NSG rules only through the address' platform tag, evaluated when
// nsgs is set (platformOutbound).
func (r *walkResult) toPlatform(p *dataplane.Plane, start *dataplane.NIC, f Flow, nsgs bool) *walkResult {
	tag := platformTag(f)
	if nsgs && tag != "" && !start.Gateway {
		s, _ := at(p, start, r.w)
		if s != nil && (start.NSG != "" || s.NSG != "") {
			r.opaque = true
			if r.outboundDropped(platformOutbound(p, start, s, f, tag)) {
				return r
			}
		}
	}
	r.hop("AzurePlatform")
	switch {
	case tag != "":
		r.step(StepExit, "host-platform address %s: not subject to UDRs, nor to NSG rules but those naming %s (rule:route-selection.platform-addresses-bypass-udrs, rule:nsg.platform-traffic)", f.DstIP, tag)
	default:
		r.step(StepExit, "host-platform address %s: not subject to UDRs or NSG rules (rule:route-selection.platform-addresses-bypass-udrs, rule:nsg.platform-traffic)", f.DstIP)
	}
	return r.end(ReachesAzurePlatform, "%s is a host-platform address", f.DstIP)
}

// ipFlowToPlatform answers IP flow verify for f, outbound from nic in sn to
// a host-platform address, as the packet walk judges it
// (rule:nsg.platform-traffic): only the outbound rules whose destination is
// the address' platform tag are evaluated, the NIC's NSG then the subnet's,
// the first denial deciding; the default rules and rules to other
// destinations, `*` included, do not apply, and a packet no tag covers (to
// 168.63.129.16 on a port other than 53) is not subject to NSG rules at
// all. Evaluated lists the NSGs where a rule naming the tag matched.
// Network Watcher's output for these addresses is not documented (rule
// book section W): vnetplay answers as the data path behaves.
func ipFlowToPlatform(p *dataplane.Plane, nic *dataplane.NIC, sn *dataplane.Subnet, f ipFlow) IPFlowResult {
	res := IPFlowResult{Access: "Allow", Evaluated: []NSGVerdict{}}
	tag := platformTag(f.Flow)
	if tag == "" {
		res.Reason = fmt.Sprintf("%s is a host-platform address: this packet to it is not subject to NSG rules (rule:nsg.platform-traffic)", f.DstIP)
		return res
	}
	for _, l := range [2]nsgAt{{nic.NSG, AppliedToNIC}, {sn.NSG, AppliedToSubnet}} {
		if l.id == "" {
			continue
		}
		nsg, _ := p.NSG(l.id)
		v, matched := evalPlatformRules(p, nsg, tag, f.Flow, sn)
		if !matched {
			continue
		}
		if res.decide(v, nsg.ID, l.level) {
			res.Reason = fmt.Sprintf("Outbound %s (the %s's NSG; traffic to %s is subject only to rules naming %s, rule:nsg.platform-traffic)", v, levelWord(l.level), f.DstIP, tag)
			return res
		}
	}
	if len(res.Evaluated) > 0 {
		res.Reason = fmt.Sprintf("Outbound to %s allowed by the rules naming %s; the last evaluated decided (rule:nsg.platform-traffic)", f.DstIP, tag)
		return res
	}
	res.Reason = fmt.Sprintf("%s is a host-platform address: no rule of the NIC's or the subnet's NSG names %s, and the other rules (the default ones, rules to *) do not apply to it (rule:nsg.platform-traffic)", f.DstIP, tag)
	return res
}
