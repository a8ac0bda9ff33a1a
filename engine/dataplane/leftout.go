package dataplane

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"vnetplay/engine/model"
)

// leftOutKind is why Build left a NIC of the design out of the plane, as
// model.Validate reports it: Azure would refuse such a NIC, and the plane
// holds only what Azure accepts.
type leftOutKind uint8

const (
	leftOutBadIP     leftOutKind = iota + 1 // nic.ip-invalid
	leftOutNoSubnet                         // its subnet is not in the design
	leftOutOutside                          // ip.outside-subnet
	leftOutReserved                         // ip.reserved
	leftOutDuplicate                        // nic.ip-duplicate
	leftOutNoNICs                           // a VM with no NIC at all
)

// leftOut is one NIC (or NIC-less VM) Build left out, with what its reason
// names: the address, the subnet, the NIC that holds the address already.
type leftOut struct {
	kind   leftOutKind
	ip     string
	subnet string
	prefix netip.Prefix
	holder string
}

// placement is why NIC n of a VM cannot be placed in p (kind 0 when it
// can, as far as its own subnet says: the same address twice in a VNet is
// Build's to find).
func (p *Plane) placement(n model.NIC) (netip.Addr, *Subnet, leftOut) {
	ip, err := netip.ParseAddr(n.PrivateIPAddress)
	sn, ok := p.subnets[n.Subnet]
	switch {
	case err != nil:
		return ip, nil, leftOut{kind: leftOutBadIP, ip: n.PrivateIPAddress}
	case !ok:
		return ip, nil, leftOut{kind: leftOutNoSubnet, ip: n.PrivateIPAddress, subnet: n.Subnet}
	case !sn.Prefix.Contains(ip):
		return ip, sn, leftOut{kind: leftOutOutside, ip: n.PrivateIPAddress, subnet: n.Subnet, prefix: sn.Prefix}
	case model.ReservedInSubnet(sn.Prefix, ip):
		return ip, sn, leftOut{kind: leftOutReserved, ip: n.PrivateIPAddress, subnet: n.Subnet, prefix: sn.Prefix}
	}
	return ip, sn, leftOut{}
}

// noteLeftOut records that Build left id (a NIC, or a VM without NICs)
// out, and why.
func (p *Plane) noteLeftOut(id string, why leftOut) {
	if p.leftOut == nil {
		p.leftOut = map[string]leftOut{}
	}
	p.leftOut[id] = why
}

// NotAnEndpoint says why ref, a VM or VM/NIC of the design, is no endpoint
// of the plane although the design has it: the VM is failed (ApplianceDown),
// it has no NIC, or each of its NICs was left out because Azure would refuse
// it (an address that is no IP, outside its subnet, one of the subnet's
// reserved addresses, already held in the VNet; a subnet not in the design),
// as lint reports them. "" when ref is an endpoint, or names nothing the
// design has.
func (p *Plane) NotAnEndpoint(ref string) string {
	if _, ok := p.ResolveEndpoint(ref); ok {
		return ""
	}
	vm, _, _ := strings.Cut(ref, "/")
	if p.failed[model.Failure{Kind: model.ApplianceDown, Target: vm}] {
		return fmt.Sprintf("VM %s is failed (appliance down): nothing answers there and no flow starts there while it is failed", vm)
	}
	if why, ok := p.leftOut[ref]; ok {
		return why.sentence(ref)
	}
	var nics []string
	for id := range p.leftOut {
		if strings.HasPrefix(id, ref+"/") && !strings.Contains(ref, "/") {
			nics = append(nics, id)
		}
	}
	slices.Sort(nics)
	parts := make([]string, len(nics))
	for i, id := range nics {
		parts[i] = p.leftOut[id].sentence(id)
	}
	return strings.Join(parts, "; ")
}

// sentence says why NIC (or VM) id was left out.
func (w leftOut) sentence(id string) string {
	const tail = ", so it is left out of the analysis (vnetplay lint says so)"
	switch w.kind {
	case leftOutBadIP:
		return fmt.Sprintf("NIC %s's address %q is not an IP address%s", id, w.ip, tail)
	case leftOutNoSubnet:
		return fmt.Sprintf("NIC %s's subnet %q is not in the design%s", id, w.subnet, tail)
	case leftOutOutside:
		return fmt.Sprintf("NIC %s's address %s is outside its subnet %s (%s)%s", id, w.ip, w.subnet, w.prefix, tail)
	case leftOutReserved:
		return fmt.Sprintf("NIC %s's address %s is one of the five addresses Azure reserves in subnet %s (%s), where no NIC can be placed (rule:address-space.reserved-addresses)%s", id, w.ip, w.subnet, w.prefix, tail)
	case leftOutDuplicate:
		return fmt.Sprintf("NIC %s's address %s is already NIC %s's in the same VNet: an address is unique within a VNet (rule:address-space.private-ip-per-vnet)%s", id, w.ip, w.holder, tail)
	case leftOutNoNICs:
		return fmt.Sprintf("VM %s has no NIC: nothing sends or answers for it", id)
	}
	return ""
}
