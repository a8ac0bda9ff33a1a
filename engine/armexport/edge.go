package armexport

import (
	"fmt"
	"slices"
	"strings"
	"vnetplay/engine/importer"

	"vnetplay/engine/model"
)

// publicIPs exports the design's public IPs (rule:import.attachment-on-consumer). The
// design's address is written as ipAddress, as exports write it (an
// import reads it back), but Azure allocates a public IP's address itself
// unless it comes from a public IP prefix: the entry says so.
func (e *exporter) publicIPs() {
	for _, p := range e.t.PublicIPAddresses {
		path := "publicIPAddresses[" + p.ID + "]"
		if !e.nameOK(path, tPIP, p.ID) {
			continue
		}
		sku := p.Sku.Name
		if sku == "" {
			sku = model.SkuStandard
		}
		r := e.addPublicIP(p.ID, sku, e.location(p.Location, located(e.ix.userLoc, "pip:"+p.ID)))
		if p.IPAddress != "" {
			r.props["ipAddress"] = p.IPAddress
			e.lose(path+".ipAddress", fmt.Sprintf("written as ipAddress, as exports do, but Azure allocates a public IP's address when it creates it (unless from a public IP prefix): the deployed address will not be %s", p.IPAddress))
		}
	}
}

// addPublicIP adds a static public IP of the given SKU.
func (e *exporter) addPublicIP(name, sku string, location any) *resource {
	return e.add(&resource{typ: tPIP, name: name, location: location,
		sku:   obj{"name": sku, "tier": "Regional"},
		props: obj{"publicIPAllocationMethod": "Static", "publicIPAddressVersion": "IPv4"}})
}

// gatewayPIP returns the public IP of a gateway's or Route Server's IP
// configuration, which the design does not give: the design's public IP of
// the name this export gives it (owner+suffix) when nothing else in the
// design holds that IP and no other configuration took it (a design
// imported from Azure, or from this export, holds the gateway's IP that
// way); else a Standard static public IP it adds under a free name.
func (e *exporter) gatewayPIP(owner, suffix, what string, location any) string {
	if name := owner + suffix; e.ix.designPIPs[name] && !e.ix.heldPIPs[name] && e.has(tPIP, name) {
		e.ix.heldPIPs[name] = true // one configuration's
		e.assume("publicIPAddresses["+name+"]", "taken as the public IP of "+what+": it has the name this export gives that IP, and nothing else in the design holds it")
		return name
	}
	name := e.uniqueName(tPIP, owner+suffix, e.ix.designPIPs)
	e.addPublicIP(name, model.SkuStandard, location)
	e.assume("publicIPAddresses["+name+"]", "a Standard static public IP added for "+what+": Azure needs one in its IP configuration and the design gives none")
	return name
}

// natGateways exports the NAT gateways with their public IPs.
func (e *exporter) natGateways() {
	for _, n := range e.t.NatGateways {
		path := "natGateways[" + n.ID + "]"
		if !e.nameOK(path, tNAT, n.ID) {
			continue
		}
		pips := arr{}
		for _, p := range n.PublicIPAddresses {
			if !e.has(tPIP, p) {
				e.lose(path+".publicIpAddresses", fmt.Sprintf("public IP %q is not exported, so the NAT gateway is exported without it", p))
				continue
			}
			pips = append(pips, ref(tPIP, p))
		}
		loc := e.location(n.Location, located(e.ix.userLoc, "nat:"+n.ID))
		e.add(&resource{typ: tNAT, name: n.ID, location: loc, sku: obj{"name": "Standard"},
			props: obj{"publicIpAddresses": pips}})
	}
}

// nicEndpoint resolves a NIC endpoint id ("vm/nic", or "vm" for its first
// NIC by name) to the (vm, nic) pair.
func (e *exporter) nicEndpoint(ep string) ([2]string, bool) {
	if vm, ok := e.ix.vms[ep]; ok && len(vm.NICs) > 0 {
		first := slices.MinFunc(vm.NICs, func(a, b model.NIC) int { return strings.Compare(a.Name, b.Name) })
		return [2]string{vm.ID, first.Name}, true
	}
	i := strings.LastIndexByte(ep, '/')
	if i < 0 {
		return [2]string{}, false
	}
	if vm, ok := e.ix.vms[ep[:i]]; ok && slices.ContainsFunc(vm.NICs, func(n model.NIC) bool { return n.Name == ep[i+1:] }) {
		return [2]string{vm.ID, ep[i+1:]}, true
	}
	return [2]string{}, false
}

// nics exports every VM's NICs as networkInterfaces named "<vm>-<nic>"
// (rule:import.nic-paths) and lists the VMs, which a network design cannot deploy.
func (e *exporter) nics() {
	for _, vm := range e.t.VMs {
		path := "virtualMachines[" + vm.ID + "]"
		var names []string
		for _, n := range vm.NICs {
			if name, ok := e.nic(vm, n, path+".networkInterfaces["+n.Name+"]"); ok {
				names = append(names, name)
			}
		}
		e.loseVM(vm, path, names)
	}
}

func (e *exporter) nic(vm model.VM, n model.NIC, path string) (string, bool) {
	vnet, sub, ok := splitSubnet(n.Subnet)
	if !ok || !e.subnetOK(vnet, sub) {
		e.lose(path, fmt.Sprintf("its subnet %q is not exported (not in the design, or its VNet is not exportable)", n.Subnet))
		return "", false
	}
	if !e.idOK(path, vm.ID, n.Name) {
		return "", false
	}
	base := vm.ID + "-" + n.Name
	name := e.uniqueName(tNIC, base, nil)
	if name != base {
		e.assume(path, fmt.Sprintf("NIC resource named %s: %s is taken", name, base))
	}
	e.nicName[[2]string{vm.ID, n.Name}] = name
	ipc := obj{"subnet": ref(tSubnet, vnet, sub), "primary": true, "privateIPAllocationMethod": "Dynamic"}
	if n.PrivateIPAddress != "" {
		ipc["privateIPAllocationMethod"], ipc["privateIPAddress"] = "Static", n.PrivateIPAddress
	}
	if n.PublicIPAddress != "" {
		if e.has(tPIP, n.PublicIPAddress) {
			ipc["publicIPAddress"] = ref(tPIP, n.PublicIPAddress)
		} else {
			e.lose(path+".publicIPAddress", fmt.Sprintf("public IP %q is not exported, so the NIC is exported without it", n.PublicIPAddress))
		}
	}
	k := [2]string{vm.ID, n.Name}
	if l := e.pools[k]; len(l) > 0 {
		ipc["loadBalancerBackendAddressPools"] = refList(l)
	}
	if l := e.natRules[k]; len(l) > 0 {
		ipc["loadBalancerInboundNatRules"] = refList(l)
	}
	props := obj{"enableIPForwarding": n.EnableIPForwarding, "ipConfigurations": arr{obj{"name": nicIPConfig, "properties": ipc}}}
	if n.NetworkSecurityGroup != "" {
		if e.has(tNSG, n.NetworkSecurityGroup) {
			props["networkSecurityGroup"] = ref(tNSG, n.NetworkSecurityGroup)
		} else {
			e.lose(path+".networkSecurityGroup", fmt.Sprintf("NSG %q is not exported, so the NIC is exported without it", n.NetworkSecurityGroup))
		}
	}
	if n.DNSSettings != nil {
		props["dnsSettings"] = obj{"dnsServers": strs(n.DNSSettings.DNSServers)}
	}
	// The VM is not exported: its id, the NIC's name and whether the NIC is
	// the VM's primary travel as tags, so that an import of the template
	// gives them back.
	tags := obj{importer.TagVM: vm.ID, importer.TagNIC: n.Name}
	if n.Primary {
		tags[importer.TagPrimary] = "true"
	}
	e.add(&resource{typ: tNIC, name: name, location: e.vnetLocation(vnet), tags: tags, props: props})
	return name, true
}

func refList(l []idRef) arr {
	out := make(arr, 0, len(l))
	for _, r := range l {
		out = append(out, obj{"id": r})
	}
	return out
}

// loseVM lists a VM: the template holds only its NICs, and vnetplay's own
// fields of an NVA or a DNS VM are lost.
func (e *exporter) loseVM(vm model.VM, path string, nics []string) {
	why := "a VM needs an image, a size and credentials that a network design does not hold"
	if len(nics) > 0 {
		why += "; only its NICs are exported (" + strings.Join(nics, ", ") + ")"
	} else {
		why += "; none of its NICs could be exported"
	}
	var own []string
	if vm.GuestIPForwarding {
		own = append(own, "guestIpForwarding (the guest OS forwards: configure it in the VM)")
	}
	if vm.Stateful {
		own = append(own, "stateful (a firewall that drops asymmetric flows)")
	}
	for _, nb := range vm.NetworksBehind {
		own = append(own, "networksBehind "+nb.Name)
	}
	if vm.DNSServer != nil {
		own = append(own, "dnsServer (its DNS service)")
	}
	if len(own) > 0 {
		why += "; vnetplay's own fields are lost: " + strings.Join(own, ", ")
	}
	e.lose(path, why)
}
