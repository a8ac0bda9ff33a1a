package model

import "net/netip"

// networksBehind checks the networks NVAs front (rule:nva.networks-behind):
// names unique per VM, valid and canonical prefixes, hosts unique and
// inside their network; it warns when the VM cannot forward to them (IP
// forwarding off on its primary NIC, through which they send, or in its guest) and when a prefix overlaps a
// VNet, where Azure's routes, not the NVA, decide.
func (v *validator) networksBehind() {
	for i := range v.t.VMs {
		vm := &v.t.VMs[i]
		if len(vm.NetworksBehind) == 0 {
			continue
		}
		base := "virtualMachines[" + vm.ID + "].networksBehind"
		if nic, ok := vm.PrimaryNIC(); !vm.GuestIPForwarding || !ok || !nic.EnableIPForwarding {
			v.add(Warning, "nva.behind-not-forwarding", base, "VM %s fronts networks but does not forward (IP forwarding must be on in Azure on its NIC and in its guest OS): nothing reaches them through it (rule:nva.ip-forwarding)", vm.ID)
		}
		names := v.newNameScope(nameRule{missingCode: "nva.behind-name", missing: "a network behind VM " + vm.ID + " needs a name", dupCode: "id.duplicate", what: "network name"})
		for _, n := range vm.NetworksBehind {
			path := base + "[" + n.Name + "]"
			names.check(n.Name, path, base)
			prefixes := v.behindPrefixes(n, path)
			hosts := map[string]bool{}
			for _, h := range n.Hosts {
				v.behindHost(h, prefixes, hosts, path+".hosts["+h.ID+"]")
			}
		}
	}
}

// behindPrefixes parses network n's prefixes, reporting the invalid ones
// and warning of overlaps with VNets.
func (v *validator) behindPrefixes(n NetworkBehind, path string) []netip.Prefix {
	if len(n.AddressPrefixes) == 0 {
		v.add(Error, "nva.behind-prefixes", path+".addressPrefixes", "network %q has no address prefixes", n.Name)
	}
	var out []netip.Prefix
	for _, s := range n.AddressPrefixes {
		p, err := netip.ParsePrefix(s)
		if err != nil || p.Masked() != p {
			v.add(Error, "prefix.invalid", path+".addressPrefixes", "%q is not a canonical CIDR prefix", s)
			continue
		}
		out = append(out, p)
		if vn := v.vnetOverlapping(p); vn != "" {
			v.add(Warning, "nva.behind-overlaps-vnet", path+".addressPrefixes", "%s overlaps VNet %s: Azure routes packets for it inside the VNet, and they never reach the NVA (rule:nva.networks-behind)", p, vn)
		}
	}
	return out
}

// behindHost checks one host of a network behind an NVA.
func (v *validator) behindHost(h Host, prefixes []netip.Prefix, seen map[string]bool, path string) {
	if h.ID == "" || seen[h.ID] {
		v.add(Error, "id.duplicate", path, "a host needs a unique id")
	}
	seen[h.ID] = true
	ip, err := netip.ParseAddr(h.IPAddress)
	if err != nil {
		v.add(Error, "host.ip-invalid", path+".ipAddress", "%q is not an IP address", h.IPAddress)
		return
	}
	for _, p := range prefixes {
		if p.Contains(ip) {
			return
		}
	}
	v.add(Error, "host.outside-network", path+".ipAddress", "%s is outside the network's prefixes", ip)
}

// vnetOverlapping returns a VNet whose address space overlaps p, or "".
func (v *validator) vnetOverlapping(p netip.Prefix) string {
	for _, vn := range v.t.VNets {
		for _, s := range vn.AddressSpace.AddressPrefixes {
			if q, err := netip.ParsePrefix(s); err == nil && q.Overlaps(p) {
				return vn.ID
			}
		}
	}
	return ""
}
