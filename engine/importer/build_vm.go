package importer

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"vnetplay/engine/model"
)

// NICs grouped into VMs (rule:import.nic-paths), and Azure Firewalls as stateful NVAs.
// A VM's id is its name (Microsoft.Compute/virtualMachines only names VMs);
// the NIC→VM link is the NIC's read-only virtualMachine.id or the VM's
// networkProfile.networkInterfaces (ARM exports have only the latter). A NIC
// without a VM becomes a VM of its own name.

// nicPlan is a NIC that maps: its subnet and chosen IP configuration.
type nicPlan struct {
	n      *node
	subnet subnetInfo
	cfg    Resource // the IP configuration's properties
	cfgKey string   // its id key
	more   int      // IP configurations left out
}

// vmPlan is a VM to build: its NICs (or its firewall).
type vmPlan struct {
	key, name, rg, where string
	nics                 []nicPlan
	firewall             *node
	// primary is the id of the NIC the VM's networkProfile marks
	// primary, "" when it marks none or is not in the file.
	primary string
}

// vms maps the NICs into VMs, then the firewalls, under one id allocation.
func (b *builder) vms() {
	owner, primary := b.nicOwners()
	plans := map[string]*vmPlan{}
	for _, n := range b.ix.top(typeNIC) {
		np, ok := b.planNIC(n)
		if !ok {
			continue
		}
		vk, vmID := idKey(n.Ref("virtualMachine")), n.Ref("virtualMachine")
		if vk == "" {
			vk = owner[n.key]
			if vm, ok := b.ix.byKey[vk]; ok {
				vmID = vm.ID
			}
		}
		tagged := ""
		if vk == "" && n.Tags[TagVM] != "" { // vnetplay's own export: the VM it could not write
			tagged = n.Tags[TagVM]
			vk = "tag:" + strings.ToLower(tagged)
		}
		p := plans[vk]
		switch {
		case tagged != "" && p == nil:
			p = &vmPlan{key: vk, name: tagged, rg: resourceGroup(n.ID), where: n.Where}
			plans[vk] = p
		case vk == "":
			p = &vmPlan{key: n.key, name: n.Name, rg: resourceGroup(n.ID), where: n.Where}
			plans[n.key] = p
		case p == nil:
			p = &vmPlan{key: vk, name: nameFromID(vmID), rg: resourceGroup(vmID), where: n.Where}
			if vm, ok := b.ix.get(vk, typeVM); ok {
				p.name, p.where = vm.Name, vm.Where
				vm.used = true
			}
			plans[vk] = p
		}
		p.nics = append(p.nics, np)
	}
	for k, p := range plans {
		p.primary = primary[k]
	}
	for _, f := range b.ix.top(typeFirewall) {
		if p, ok := b.planFirewall(f); ok {
			plans[f.key] = p
		}
	}
	b.buildVMs(plans)
	for _, vm := range b.ix.top(typeVM) {
		if !vm.used {
			b.skip(vm, "none of the VM's network interfaces is in the file (or imported): left out; add `az network nic list` output to import it")
		}
	}
}

// nicOwners maps NIC keys to the VM keys whose networkProfile lists them,
// and VM keys to the id of the NIC their list marks primary (ARM and REST:
// networkInterfaces[].properties.primary; az lifts it out of properties;
// the Terraform front end writes it from network_interface_ids), the
// first marked when several are.
func (b *builder) nicOwners() (owner, primary map[string]string) {
	owner, primary = map[string]string{}, map[string]string{}
	for _, vm := range b.ix.top(typeVM) {
		for i, e := range vm.List("networkProfile.networkInterfaces") {
			id := vm.RefAt("networkProfile.networkInterfaces", i, e)
			k := idKey(id)
			if k == "" {
				continue
			}
			owner[k] = vm.key
			if v, _ := vm.Elem("networkProfile.networkInterfaces", i, e).Bool("primary"); v && primary[vm.key] == "" {
				primary[vm.key] = id
			}
		}
	}
	return owner, primary
}

// planNIC reads a NIC's subnet and IP configuration; false (reported, or
// silently for a private endpoint's NIC, which privateEndpoints reads) when
// it does not map to a VM NIC.
func (b *builder) planNIC(n *node) (nicPlan, bool) {
	if pe := n.Ref("privateEndpoint"); pe != "" {
		if _, ok := b.ix.get(pe, typePE); !ok {
			b.skip(n, "the network interface of private endpoint "+nameFromID(pe)+", which is not in the file: left out")
		}
		return nicPlan{}, false // mapped (or reported) with its private endpoint
	}
	if pls := n.Ref("privateLinkService"); pls != "" {
		b.skip(n, "the network interface of a Private Link service: Private Link services are not modelled")
		return nicPlan{}, false
	}
	cfgs := n.List("ipConfigurations")
	if len(cfgs) == 0 {
		b.skip(n, "the network interface has no IP configuration: left out")
		return nicPlan{}, false
	}
	pick := 0
	for i, c := range cfgs {
		if v, _ := n.Elem("ipConfigurations", i, c).Bool("primary"); v {
			pick = i
			break
		}
	}
	cfg := n.Elem("ipConfigurations", pick, cfgs[pick])
	sn, ok := b.subnets[idKey(cfg.Ref("subnet"))]
	if !ok {
		b.skip(n, fmt.Sprintf("the network interface's subnet %s is not in the file (or was not imported): left out", cfg.Ref("subnet")))
		return nicPlan{}, false
	}
	if cfg.Str("privateIPAddress") == "" {
		b.skip(n, "the network interface has no private IP address in the file (dynamic and not allocated): left out")
		return nicPlan{}, false
	}
	id := n.ElemField("ipConfigurations", pick, cfgs[pick], "id")
	return nicPlan{n: n, subnet: sn, cfg: cfg, cfgKey: idKey(id), more: len(cfgs) - 1}, true
}

// planFirewall reads an Azure Firewall as a VM plan; false (reported) for
// a Virtual WAN hub firewall or one whose subnet is not imported.
func (b *builder) planFirewall(f *node) (*vmPlan, bool) {
	if f.Ref("virtualHub") != "" || lowerIs(skuName(f), "AZFW_Hub") {
		b.skip(f, "a firewall in a Virtual WAN hub (secured hub): Virtual WAN is not modelled")
		return nil, false
	}
	for i, c := range f.List("ipConfigurations") {
		cfg := f.Elem("ipConfigurations", i, c)
		if cfg.Ref("subnet") == "" {
			continue
		}
		sn, ok := b.subnets[idKey(cfg.Ref("subnet"))]
		if !ok {
			b.skip(f, fmt.Sprintf("the firewall's subnet %s is not in the file (or was not imported): left out", cfg.Ref("subnet")))
			return nil, false
		}
		np := nicPlan{n: f, subnet: sn, cfg: cfg}
		return &vmPlan{key: f.key, name: f.Name, rg: resourceGroup(f.ID), where: f.Where, nics: []nicPlan{np}, firewall: f}, true
	}
	b.skip(f, "the firewall has no IP configuration in a subnet (AzureFirewallSubnet): left out")
	return nil, false
}

// buildVMs allocates the VM ids and maps every plan, in key order.
func (b *builder) buildVMs(plans map[string]*vmPlan) {
	cands := make([]candidate, 0, len(plans))
	keys := make([]string, 0, len(plans))
	for k, p := range plans {
		cands = append(cands, candidate{key: k, name: p.name, qual: p.rg})
		keys = append(keys, k)
	}
	slices.Sort(keys)
	ids := allocate(cands)
	for _, k := range keys {
		p := plans[k]
		id := ids[k]
		var vm model.VM
		if p.firewall != nil {
			vm = b.firewallVM(p, id)
		} else {
			vm = b.vm(p, id)
		}
		b.ids[cVMs] = mapWith(b.ids[cVMs], k, id)
		b.origin[cVMs+"["+id+"]"] = p.where
		b.t.VMs = append(b.t.VMs, vm)
	}
}

// mapWith sets m[k] = v, making m when nil.
func mapWith(m map[string]string, k, v string) map[string]string {
	if m == nil {
		m = map[string]string{}
	}
	m[k] = v
	return m
}

// vm maps a VM's NICs. A NIC that forwards makes the VM an NVA: the guest
// OS's forwarding is not in Azure's export and is assumed on (reported).
func (b *builder) vm(p *vmPlan, id string) model.VM {
	vm := model.VM{ID: id}
	cands := make([]candidate, 0, len(p.nics))
	for _, np := range p.nics {
		name := np.n.Name
		if t := np.n.Tags[TagNIC]; t != "" {
			name = t // the NIC's name in the design vnetplay exported
		}
		cands = append(cands, candidate{key: np.n.key, name: name, qual: resourceGroup(np.n.ID)})
	}
	names := allocate(cands)
	primary := b.primaryNIC(p, id, names)
	for _, np := range p.nics {
		nic := b.nic(np, id, names[np.n.key])
		nic.Primary = primary != "" && np.n.key == primary
		vm.NICs = append(vm.NICs, nic)
		if nic.EnableIPForwarding && !vm.GuestIPForwarding {
			vm.GuestIPForwarding = true
			b.rep.AddFor(Assumed, id, np.n.Where, "guestIpForwarding",
				"the NIC has IP forwarding on, which makes the VM an NVA; whether its guest OS forwards is not in Azure's export: assumed it does (set guestIpForwarding false if not, and stateful true for a firewall)")
		}
	}
	return vm
}

// primaryNIC is the key of the NIC of p to mark primary: the one the
// VM's networkProfile marks, else the one whose own read-only primary is
// true (a REST or az export of the NICs without the VM) or that carries
// vnetplay's own TagPrimary (its ARM export); "" when the VM
// has one NIC (it is the primary: single-NIC designs stay as they were)
// or none is marked (the first by name stands for the VM,
// model.VM.PrimaryNIC). A marked NIC that is not imported is reported:
// the first imported by name stands for it (rule:dns.autoregistration).
// names are the NICs' names in the design, by key.
func (b *builder) primaryNIC(p *vmPlan, vmID string, names map[string]string) string {
	if p.primary != "" {
		k := idKey(p.primary)
		if slices.ContainsFunc(p.nics, func(np nicPlan) bool { return np.n.key == k }) {
			if len(p.nics) > 1 {
				return k
			}
			return ""
		}
		first := ""
		for _, np := range p.nics {
			if n := names[np.n.key]; first == "" || n < first {
				first = n
			}
		}
		b.rep.AddFor(Assumed, vmID, p.where, "networkProfile.networkInterfaces",
			fmt.Sprintf("the VM's primary NIC %s is not imported: %s, its first imported NIC by name, stands for it, so autoregistration and its Azure-provided name answer with %s's address, not the primary's", nameFromID(p.primary), first, first))
		return ""
	}
	if len(p.nics) < 2 {
		return ""
	}
	for _, np := range p.nics {
		if v, _ := np.n.Bool("primary"); v || np.n.Tags[TagPrimary] == "true" {
			return np.n.key
		}
	}
	return ""
}

// nic maps one NIC of VM vmID under the name name, and records its
// endpoint (for load balancer pools and NAT rules).
func (b *builder) nic(np nicPlan, vmID, name string) model.NIC {
	n, ep := np.n, vmID+"/"+name
	nic := model.NIC{Name: name, Subnet: np.subnet.id, PrivateIPAddress: np.cfg.Str("privateIPAddress"),
		NetworkSecurityGroup: b.resolve(n, ep, "networkSecurityGroup", cNSGs, "the NIC is imported without an NSG: nothing filters it at the NIC")}
	nic.EnableIPForwarding, _ = n.Bool("enableIPForwarding")
	if ref := np.cfg.Ref("publicIPAddress"); ref != "" {
		if pip, ok := b.lookup(cPIPs, ref); ok {
			nic.PublicIPAddress = pip
		} else {
			b.dropRef(n, ep, "ipConfigurations.publicIPAddress", ref, "the NIC is imported without an instance public IP")
		}
	}
	if dns := n.Strings("dnsSettings.dnsServers"); len(dns) > 0 {
		nic.DNSSettings = &model.NICDNSSettings{DNSServers: dns}
	}
	if asgs := np.cfg.List("applicationSecurityGroups"); len(asgs) > 0 {
		b.rep.AddFor(Ignored, ep, n.Where, "ipConfigurations.applicationSecurityGroups",
			fmt.Sprintf("the NIC is in %d application security group(s), which vnetplay does not model: NSG rules that name them do not match it", len(asgs)))
	}
	if np.more > 0 {
		b.rep.AddFor(Ignored, ep, n.Where, "ipConfigurations",
			fmt.Sprintf("vnetplay models one IP configuration per NIC: kept the primary (%s), left out %d more with their addresses", nic.PrivateIPAddress, np.more))
	}
	for i, e := range np.cfg.List("loadBalancerBackendAddressPools") {
		if k := idKey(np.cfg.RefAt("loadBalancerBackendAddressPools", i, e)); k != "" {
			b.poolEPs[k] = append(b.poolEPs[k], ep)
		}
	}
	for i, e := range np.cfg.List("loadBalancerInboundNatRules") {
		if k := idKey(np.cfg.RefAt("loadBalancerInboundNatRules", i, e)); k != "" {
			b.natEP[k] = ep
		}
	}
	b.nicEP[n.key] = ep
	if np.cfgKey != "" {
		b.nicEP[np.cfgKey] = ep
	}
	b.origin[cVMs+"["+vmID+"].networkInterfaces["+name+"]"] = n.Where
	n.used = true
	return nic
}

// firewallVM maps an Azure Firewall as vnetplay models one
// (scenarios/hub-spoke-firewall.json): a stateful, forwarding VM with one
// NIC nic0 at the firewall's private IP in AzureFirewallSubnet, with the
// firewall's first public IP as the NIC's (its outbound SNAT address). The
// private IP is read-only and not in ARM exports: then it is the first
// usable address of the subnet, which Azure gives the firewall (reported).
func (b *builder) firewallVM(p *vmPlan, id string) model.VM {
	np, f := p.nics[0], p.firewall
	ip := np.cfg.Str("privateIPAddress")
	if ip == "" {
		ip = f.Str("hubIPAddresses.privateIPAddress")
	}
	if ip == "" {
		ip = firstUsable(np.subnet.prefix)
		b.rep.AddFor(Assumed, id, f.Where, "ipConfigurations.privateIPAddress",
			fmt.Sprintf("the firewall's private IP is not in the file: took %s, the first usable address of %s, which Azure gives the firewall", ip, np.subnet.id))
	}
	nic := model.NIC{Name: "nic0", Subnet: np.subnet.id, PrivateIPAddress: ip, EnableIPForwarding: true}
	var pips []string
	for i, c := range f.List("ipConfigurations") {
		if ref := f.Elem("ipConfigurations", i, c).Ref("publicIPAddress"); ref != "" {
			pips = append(pips, ref)
		}
	}
	if len(pips) > 0 {
		if pip, ok := b.lookup(cPIPs, pips[0]); ok {
			nic.PublicIPAddress = pip
		} else {
			b.dropRef(f, id, "ipConfigurations.publicIPAddress", pips[0], "the firewall is imported without a public IP (no SNAT address)")
		}
	}
	f.used = true
	b.rep.AddFor(Assumed, id, f.Where, "Microsoft.Network/azureFirewalls",
		"the Azure Firewall is modelled as a stateful NVA VM (nic0 at its private IP, IP forwarding on): it forwards every flow; its rules (firewall policy or rule collections), SNAT and DNAT are not modelled")
	if len(pips) > 1 {
		b.rep.AddFor(Ignored, id, f.Where, "ipConfigurations",
			fmt.Sprintf("the firewall has %d public IPs; vnetplay gives its NIC the first (%s)", len(pips), nameFromID(pips[0])))
	}
	if f.Obj("managementIpConfiguration") != nil {
		b.rep.AddFor(Ignored, id, f.Where, "managementIpConfiguration",
			"the firewall's management IP configuration (forced tunnelling) is not modelled")
	}
	b.origin[cVMs+"["+id+"].networkInterfaces[nic0]"] = f.Where
	return model.VM{ID: id, GuestIPForwarding: true, Stateful: true, NICs: []model.NIC{nic}}
}

// firstUsable is the first address Azure hands out in an IPv4 prefix, the
// fifth (it keeps the network address and the next three,
// rule:address-space.reserved-addresses); "" when the prefix does not parse.
func firstUsable(prefix string) string {
	p, err := netip.ParsePrefix(prefix)
	if err != nil || !p.Addr().Is4() {
		return ""
	}
	a := p.Masked().Addr()
	for range 4 {
		a = a.Next()
	}
	return a.String()
}
