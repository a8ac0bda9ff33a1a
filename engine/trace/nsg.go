package trace

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
	"vnetplay/engine/route"
)

// nsgVerdict is the result of evaluating one NSG.
type nsgVerdict struct {
	Allowed bool
	NSG     string
	Rule    string
	// Priority is the deciding rule's (0 when no rule matched), Direction
	// the direction evaluated ("Inbound" or "Outbound").
	Priority  int
	Direction string
}

// evalNSG evaluates one NSG for a packet in direction dir ("Inbound" or
// "Outbound"): custom rules by priority, then the default rules (rule:nsg.default-rules,
// rule:nsg.priority-first-match); the first matching rule decides. tagCtx is the subnet at which the
// NSG applies, used to expand the VirtualNetwork tag (rule:nsg.virtualnetwork-tag).
func evalNSG(p *dataplane.Plane, nsg model.NSG, dir string, src, dst netip.Addr, f Flow, tagCtx *dataplane.Subnet) nsgVerdict {
	rules := make([]model.SecurityRule, 0, len(nsg.SecurityRules)+6)
	for _, r := range nsg.SecurityRules {
		if r.In(dir) {
			rules = append(rules, r)
		}
	}
	slices.SortStableFunc(rules, func(a, b model.SecurityRule) int {
		if c := cmp.Compare(a.Priority, b.Priority); c != 0 {
			return c
		}
		return cmp.Compare(a.Name, b.Name)
	})
	for _, r := range model.DefaultRules() {
		if r.In(dir) {
			rules = append(rules, r)
		}
	}
	for _, r := range rules {
		if ruleMatches(p, r, src, dst, f, tagCtx) {
			return nsgVerdict{Allowed: r.Allows(), NSG: nsg.ID, Rule: r.Name, Priority: r.Priority, Direction: dir}
		}
	}
	return nsgVerdict{Allowed: false, NSG: nsg.ID, Rule: "(no rule)", Direction: dir}
}

func ruleMatches(p *dataplane.Plane, r model.SecurityRule, src, dst netip.Addr, f Flow, tagCtx *dataplane.Subnet) bool {
	if r.Protocol != "*" && !strings.EqualFold(r.Protocol, f.Protocol) {
		return false
	}
	portsApply := strings.EqualFold(f.Protocol, "Tcp") || strings.EqualFold(f.Protocol, "Udp")
	if portsApply && (!portMatch(r.SourcePorts(), f.SrcPort) || !portMatch(r.DestinationPorts(), f.DstPort)) {
		return false
	}
	return addrMatch(p, r.Sources(), src, tagCtx) && addrMatch(p, r.Destinations(), dst, tagCtx)
}

func portMatch(ranges []string, port int) bool {
	for _, s := range ranges {
		if lo, hi, ok := model.ParsePortRange(s); ok && lo <= port && port <= hi {
			return true
		}
	}
	return false
}

// azureLoadBalancerProbe is the AzureLoadBalancer tag's address (rule:nsg.azureloadbalancer-and-internet-tags).
var azureLoadBalancerProbe = netip.MustParseAddr("168.63.129.16")

func addrMatch(p *dataplane.Plane, pats []string, a netip.Addr, tagCtx *dataplane.Subnet) bool {
	for _, s := range pats {
		switch s {
		case "*", "Any":
			return true
		case "VirtualNetwork":
			if inVirtualNetworkTag(p, tagCtx, a) {
				return true
			}
		case "Internet":
			if !isPrivate(a) && !inVNetRanges(p, tagCtx, a) {
				return true
			}
		case "AzureLoadBalancer":
			if a == azureLoadBalancerProbe {
				return true
			}
		default:
			if ip, err := netip.ParseAddr(s); err == nil && ip == a {
				return true
			}
			if pr, err := netip.ParsePrefix(s); err == nil && pr.Masked().Contains(a) {
				return true
			}
		}
	}
	return false
}

// inVirtualNetworkTag implements the VirtualNetwork service tag as seen from
// subnet s (rule:nsg.virtualnetwork-tag): the VNet's ranges, Connected peers whose links allow
// virtual network access (rule:peering.allow-virtual-network-access), the ranges the VNet's gateway connects
// (on-premises by LNG or BGP, VNet-to-VNet: s's routes from the gateway),
// the host's virtual IP, and the prefixes of the UDRs in s's route table
// (so a 0.0.0.0/0 UDR makes the tag match everything, as observed).
func inVirtualNetworkTag(p *dataplane.Plane, s *dataplane.Subnet, a netip.Addr) bool {
	if s == nil {
		return false
	}
	if a == azureLoadBalancerProbe { // the host's virtual IP
		return true
	}
	if inVNetRanges(p, s, a) {
		return true
	}
	if t, ok := p.Routes(s.ID); ok {
		for r := range t.All() {
			if (r.Source == route.User || r.Source == route.Gateway) && r.Prefix.Contains(a) {
				return true
			}
		}
	}
	return false
}

// inVNetRanges reports whether a lies in the address space of subnet s's
// VNet or of a Connected peer whose links allow virtual network access:
// the part of the VirtualNetwork tag the Internet tag leaves out
// (rule:nsg.azureloadbalancer-and-internet-tags). The tag's other parts —
// gateway-learned ranges and UDR prefixes, which a 0.0.0.0/0 widens to
// everything — do not empty the Internet tag: a rule denying Internet
// still denies a public address when a default route sends it to an
// appliance or on-premises.
func inVNetRanges(p *dataplane.Plane, s *dataplane.Subnet, a netip.Addr) bool {
	if s == nil {
		return false
	}
	v, ok := p.VNet(s.VNet)
	if !ok {
		return false
	}
	for _, pr := range v.Prefixes {
		if pr.Contains(a) {
			return true
		}
	}
	for _, l := range p.Links(v.ID) {
		if l.State != model.Connected || !l.Self.VirtualNetworkAccess() || !l.Other.VirtualNetworkAccess() {
			continue
		}
		rv, _ := p.VNet(l.Remote)
		for _, pr := range rv.Prefixes {
			if pr.Contains(a) {
				return true
			}
		}
	}
	return false
}

var privateRanges = [...]netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"), netip.MustParsePrefix("100.64.0.0/10"),
}

func isPrivate(a netip.Addr) bool {
	for _, p := range privateRanges {
		if p.Contains(a) {
			return true
		}
	}
	return a.IsPrivate() || a.IsLoopback() || a.IsLinkLocalUnicast()
}

func (v nsgVerdict) String() string {
	verb := "allowed"
	if !v.Allowed {
		verb = "denied"
	}
	return fmt.Sprintf("%s by %s rule %s", verb, v.NSG, v.Rule)
}
