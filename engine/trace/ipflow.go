package trace

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/edge"
	"vnetplay/engine/model"
)

// IPFlowQuery is Network Watcher's IP flow verify question (rule:outputs.flow-verdict, rule:internet-edge.ip-flow-verify): one
// VM's NIC, a direction, TCP or UDP, the local IP and port (the NIC's) and
// the remote IP and port.
type IPFlowQuery struct {
	NIC        string // a NIC endpoint id: "vm/nic", or "vm" for its primary NIC
	Direction  string // Inbound | Outbound
	Protocol   string // TCP | UDP (any case)
	LocalIP    netip.Addr
	LocalPort  int
	RemoteIP   netip.Addr
	RemotePort int
}

// IPFlowResult is IP flow verify's answer, shaped like Network Watcher's
// ({access, ruleName}, rule:internet-edge.ip-flow-verify) with the NSG that decided and what was
// evaluated.
type IPFlowResult struct {
	// Access is "Allow" or "Deny".
	Access string `json:"access"`
	// RuleName is "securityRules/<name>" for a custom rule or
	// "defaultSecurityRules/<name>" for a default rule (rule:nsg.default-rules); "" when no
	// rule decided (no NSG at either level).
	RuleName string `json:"ruleName"`
	// NetworkSecurityGroup is the NSG of the deciding rule.
	NetworkSecurityGroup string `json:"networkSecurityGroup,omitempty"`
	// Evaluated lists the NSGs evaluated, in order (rule:nsg.subnet-then-nic).
	Evaluated []NSGVerdict `json:"evaluated"`
	// Reason says why, with facts.
	Reason string `json:"reason"`
}

// ErrIPFlow is wrapped by every error of IPFlowVerify (a bad question).
var ErrIPFlow = errors.New("ip flow verify")

// IPFlowVerify answers q by the NSGs alone, as Network Watcher does
// (rule:internet-edge.ip-flow-verify: no routes): inbound the subnet's NSG then the NIC's, outbound the
// NIC's then the subnet's (rule:nsg.subnet-then-nic); the first denial decides, and a level
// without an NSG allows (rule:nsg.subnet-then-nic). Inbound from a public address to a NIC
// that the Internet reaches only through Standard public IPs or frontends,
// with no NSG at either level, is denied: Standard is secure by default
// (rule:internet-edge.standard-secure-by-default; section W: treat it as closed; this exception is vnetplay's
// reading, Network Watcher's output for it is not documented). Azure
// Virtual Network Manager admin rules are not modelled. Outbound to a
// host-platform address, only the rules naming its platform tag apply
// (ipFlowToPlatform). Bad questions (an
// unknown NIC, a local IP that is not the NIC's, a protocol other than TCP
// or UDP, a port outside 0–65535) are errors wrapping ErrIPFlow.
func IPFlowVerify(p *dataplane.Plane, q IPFlowQuery) (IPFlowResult, error) {
	nic, sn, f, err := ipFlowPacket(p, q)
	if err != nil {
		return IPFlowResult{}, err
	}
	dir := f.dir
	if dir == "Outbound" && platformAddress(f.DstIP) {
		return ipFlowToPlatform(p, nic, sn, f), nil
	}
	levels := []nsgAt{{sn.NSG, AppliedToSubnet}, {nic.NSG, AppliedToNIC}}
	if dir == "Outbound" {
		levels[0], levels[1] = levels[1], levels[0]
	}
	res := IPFlowResult{Access: "Allow", Evaluated: []NSGVerdict{}}
	for _, l := range levels {
		if l.id == "" {
			continue
		}
		nsg, _ := p.NSG(l.id)
		v := evalNSG(p, nsg, dir, f.SrcIP, f.DstIP, f.Flow, sn)
		if res.decide(v, nsg.ID, l.level) {
			res.Reason = fmt.Sprintf("%s %s (the %s's NSG, rule:nsg.subnet-then-nic)", dir, v, levelWord(l.level))
			return res, nil
		}
	}
	if len(res.Evaluated) > 0 {
		res.Reason = fmt.Sprintf("%s allowed by every NSG that applies; the last evaluated decided (rule:nsg.subnet-then-nic)", dir)
		return res, nil
	}
	if dir == "Inbound" && model.PublicAddress(f.SrcIP) && standardOnly(p, nic.ID) {
		res.Access = "Deny"
		res.Reason = fmt.Sprintf("no NSG on subnet %s or NIC %s, and the Internet reaches %s only through Standard public IPs or frontends, which are secure by default (rule:internet-edge.standard-secure-by-default; where the sources disagree, vnetplay treats it as closed)", sn.ID, nic.ID, nic.ID)
		return res, nil
	}
	res.Reason = fmt.Sprintf("no NSG on subnet %s or NIC %s: everything is allowed at both levels (rule:nsg.subnet-then-nic)", sn.ID, nic.ID)
	return res, nil
}

// decide records verdict v of NSG nsgID, applied at level, as the last
// evaluated, the one reported; it reports whether v denies (then the
// answer is Deny and the caller gives the reason).
func (res *IPFlowResult) decide(v nsgVerdict, nsgID, level string) bool {
	var m nsgsMet
	m.add(v, level)
	res.Evaluated = append(res.Evaluated, m.v[0])
	res.NetworkSecurityGroup, res.RuleName = nsgID, ruleName(v)
	if !v.Allowed {
		res.Access = "Deny"
	}
	return !v.Allowed
}

// ipFlow is the packet an IP flow verify question describes.
type ipFlow struct {
	Flow
	dir string
}

// ipFlowPacket checks q and turns it into the packet: inbound from remote
// to local, outbound from local to remote.
func ipFlowPacket(p *dataplane.Plane, q IPFlowQuery) (*dataplane.NIC, *dataplane.Subnet, ipFlow, error) {
	bad := func(format string, args ...any) (*dataplane.NIC, *dataplane.Subnet, ipFlow, error) {
		return nil, nil, ipFlow{}, fmt.Errorf("%w: %s", ErrIPFlow, fmt.Sprintf(format, args...))
	}
	id, ok := p.ResolveEndpoint(q.NIC)
	if !ok {
		if why := p.NotAnEndpoint(q.NIC); why != "" {
			return bad("%q is no endpoint: %s", q.NIC, why)
		}
		return bad("unknown VM or NIC %q", q.NIC)
	}
	nic, _ := p.NIC(id)
	sn, ok := p.Subnet(nic.Subnet)
	if !ok {
		return bad("NIC %s has no subnet", id)
	}
	var dir string
	switch strings.ToLower(q.Direction) {
	case "inbound":
		dir = "Inbound"
	case "outbound":
		dir = "Outbound"
	default:
		return bad("direction must be Inbound or Outbound, got %q", q.Direction)
	}
	var proto string
	switch strings.ToLower(q.Protocol) {
	case "tcp":
		proto = "Tcp"
	case "udp":
		proto = "Udp"
	default:
		return bad("protocol must be TCP or UDP, got %q; ICMP needs NSG diagnostics (rule:outputs.flow-verdict)", q.Protocol)
	}
	if !q.LocalIP.IsValid() || q.LocalIP.Unmap() != nic.IP {
		return bad("local IP %s is not NIC %s's address %s", q.LocalIP, id, nic.IP)
	}
	if !q.RemoteIP.IsValid() {
		return bad("invalid remote IP")
	}
	for _, port := range []int{q.LocalPort, q.RemotePort} {
		if port < 0 || port > 65535 {
			return bad("port %d is outside 0–65535", port)
		}
	}
	f := ipFlow{Flow: Flow{Src: id, Protocol: proto}, dir: dir}
	if dir == "Inbound" {
		f.SrcIP, f.SrcPort, f.DstIP, f.DstPort = q.RemoteIP.Unmap(), q.RemotePort, nic.IP, q.LocalPort
	} else {
		f.SrcIP, f.SrcPort, f.DstIP, f.DstPort = nic.IP, q.LocalPort, q.RemoteIP.Unmap(), q.RemotePort
	}
	return nic, sn, f, nil
}

// ruleName is the deciding rule's name as IP flow verify reports it
// (rule:internet-edge.ip-flow-verify): default rules have priorities from 65000 (rule:nsg.default-rules), custom ones at
// most 4096 (rule:nsg.priority-first-match).
func ruleName(v nsgVerdict) string {
	if v.Priority >= 65000 {
		return "defaultSecurityRules/" + v.Rule
	}
	return "securityRules/" + v.Rule
}

// standardOnly reports whether the Internet reaches NIC id through at least
// one public entry and every such entry is Standard SKU (rule:internet-edge.standard-secure-by-default).
func standardOnly(p *dataplane.Plane, id string) bool {
	found := false
	for _, e := range p.Edge().Entries() {
		if !reaches(e, id) {
			continue
		}
		if e.Basic {
			return false
		}
		found = true
	}
	return found
}

func reaches(e *edge.Entry, nic string) bool {
	if e.Kind == edge.EntryInstancePublicIP {
		return e.NIC == nic
	}
	for _, f := range e.Forwards {
		for _, b := range f.Backends {
			if b == nic {
				return true
			}
		}
	}
	return false
}

// levelWord names where an NSG applies, in words: the subnet or the NIC.
func levelWord(level string) string {
	if level == AppliedToNIC {
		return "NIC"
	}
	return "subnet"
}
