package importer

import (
	"encoding/json"
	"fmt"
	"strings"
)

// NICs, VMs, public IPs, NAT gateways, Azure Firewall, and azapi
// resources of the network types.

// tfNIC maps azurerm_network_interface: its ip_configuration blocks and
// v3's enable_ip_forwarding or v4's ip_forwarding_enabled (rule:import.azurerm-renames).
func tfNIC(c *tfCtx, r *tfRes) {
	v := r.Values
	p := map[string]any{}
	c.copyFlag(p, "enableIPForwarding", r, v, tfAlt{attr: "ip_forwarding_enabled"}, tfAlt{attr: "enable_ip_forwarding"})
	c.copyFlag(p, "enableAcceleratedNetworking", r, v, tfAlt{attr: "accelerated_networking_enabled"}, tfAlt{attr: "enable_accelerated_networking"})
	dns := map[string]any{}
	c.copyList(dns, "dnsServers", v, "dns_servers")
	c.copyStr(dns, "internalDnsNameLabel", v, "internal_dns_name_label")
	if len(dns) > 0 {
		p["dnsSettings"] = dns
	}
	setRef(p, "virtualMachine", c.vStr(v, "virtual_machine_id"))
	res := c.add(r, armNIC, p)
	if res == nil {
		return
	}
	ipcs := []any{}
	for i, b := range c.vBlocks(v, "ip_configuration") {
		name := c.vStr(b, "name")
		if name == "" {
			name = fmt.Sprintf("ipconfig%d", i+1)
		}
		ip := map[string]any{}
		c.copyStr(ip, "privateIPAddress", b, "private_ip_address")
		c.unknown(r, b, "private_ip_address", "ip_configuration", i)
		c.copyStr(ip, "privateIPAllocationMethod", b, "private_ip_address_allocation")
		c.copyStr(ip, "privateIPAddressVersion", b, "private_ip_address_version")
		setRef(ip, "subnet", c.refID(r, b, "subnet_id", "ip_configuration", i))
		setRef(ip, "publicIPAddress", c.refID(r, b, "public_ip_address_id", "ip_configuration", i))
		c.copyBool(ip, "primary", b, "primary")
		setRef(ip, "gatewayLoadBalancer", c.vStr(b, "gateway_load_balancer_frontend_ip_configuration_id"))
		ipcs = append(ipcs, map[string]any{"name": name, "id": res.ID + "/ipConfigurations/" + name, "properties": ip})
	}
	p["ipConfigurations"] = ipcs
}

// tfNICNSGAssoc merges azurerm_network_interface_security_group_association
// into its NIC.
func tfNICNSGAssoc(c *tfCtx, r *tfRes) {
	nic := c.find(c.refID(r, r.Values, "network_interface_id"), armNIC)
	nsg := c.refID(r, r.Values, "network_security_group_id")
	if nic == nil || nsg == "" {
		c.rep.Add(Ignored, r.Address, r.Type, "its NIC is not in the file or its NSG is not known; the association is not applied")
		return
	}
	setRef(nic.Props, "networkSecurityGroup", nsg)
}

// tfVM maps the three azurerm VM types to a Microsoft.Compute/virtualMachines
// Resource with networkProfile.networkInterfaces, and gives each of its
// NICs virtualMachine.id (what the builder names VMs by).
func tfVM(c *tfCtx, r *tfRes) {
	v := r.Values
	nics := c.refIDs(r, v, "network_interface_ids")
	primary := c.vStr(v, "primary_network_interface_id")
	list := make([]any, len(nics))
	for i, id := range nics {
		first := i == 0
		if primary != "" {
			first = strings.EqualFold(id, primary)
		}
		list[i] = map[string]any{"id": id, "properties": map[string]any{"primary": first}}
	}
	p := map[string]any{"networkProfile": map[string]any{"networkInterfaces": list}}
	size := c.vStr(v, "size")
	if size == "" {
		size = c.vStr(v, "vm_size")
	}
	if size != "" {
		p["hardwareProfile"] = map[string]any{"vmSize": size}
	}
	res := c.add(r, armVM, p)
	if res == nil {
		return
	}
	for _, id := range nics {
		nic := c.find(id, armNIC)
		if nic == nil {
			c.rep.Add(Ignored, r.Address, "network_interface_ids", "NIC "+id+" is not in the file")
			continue
		}
		if prev := RefID(nic.Props["virtualMachine"]); prev != "" && !strings.EqualFold(prev, res.ID) {
			c.rep.Add(Ignored, nic.Where, "virtual_machine_id", "names "+prev+", but "+r.Address+" lists this NIC; the VM that lists it is used")
		}
		setRef(nic.Props, "virtualMachine", res.ID)
	}
}

// tfPublicIP maps azurerm_public_ip (sku and sku_tier to the REST sku).
func tfPublicIP(c *tfCtx, r *tfRes) {
	v := r.Values
	p := map[string]any{}
	c.copyStr(p, "publicIPAllocationMethod", v, "allocation_method")
	c.copyStr(p, "ipAddress", v, "ip_address")
	c.unknown(r, v, "ip_address")
	c.copyStr(p, "publicIPAddressVersion", v, "ip_version")
	c.copyNum(p, "idleTimeoutInMinutes", v, "idle_timeout_in_minutes")
	dns := map[string]any{}
	c.copyStr(dns, "domainNameLabel", v, "domain_name_label")
	c.copyStr(dns, "fqdn", v, "fqdn")
	if len(dns) > 0 {
		p["dnsSettings"] = dns
	}
	setRef(p, "publicIPPrefix", c.vStr(v, "public_ip_prefix_id"))
	res := c.add(r, armPIP, p)
	sku := map[string]any{}
	c.copyStr(sku, "name", v, "sku")
	c.copyStr(sku, "tier", v, "sku_tier")
	if res != nil && len(sku) > 0 {
		res.SKU = sku
	}
}

// tfNATGateway maps azurerm_nat_gateway; its public IPs come from the
// association resources.
func tfNATGateway(c *tfCtx, r *tfRes) {
	p := map[string]any{}
	c.copyNum(p, "idleTimeoutInMinutes", r.Values, "idle_timeout_in_minutes")
	res := c.add(r, armNAT, p)
	if res != nil {
		if s := c.vStr(r.Values, "sku_name"); s != "" {
			res.SKU = map[string]any{"name": s}
		}
	}
}

// tfNATAssoc returns the mapper of a NAT gateway ↔ public IP (prefix)
// association: the NAT gateway's list gets {"id": the attr's value}.
func tfNATAssoc(attr, list string) tfMapper {
	return func(c *tfCtx, r *tfRes) {
		nat := c.find(c.refID(r, r.Values, "nat_gateway_id"), armNAT)
		target := c.refID(r, r.Values, attr)
		if nat == nil || target == "" {
			c.rep.Add(Ignored, r.Address, r.Type, "its NAT gateway is not in the file or "+attr+" is not known; the association is not applied")
			return
		}
		l, _ := nat.Props[list].([]any)
		for _, e := range l {
			if strings.EqualFold(RefID(e), target) {
				return
			}
		}
		nat.Props[list] = append(l, map[string]any{"id": target})
	}
}

// tfFirewall maps azurerm_firewall. REST keeps an Azure Firewall's sku in
// properties; it is set there and as the Resource's SKU.
func tfFirewall(c *tfCtx, r *tfRes) {
	v := r.Values
	sku := map[string]any{}
	c.copyStr(sku, "name", v, "sku_name")
	c.copyStr(sku, "tier", v, "sku_tier")
	p := map[string]any{"sku": sku}
	setRef(p, "firewallPolicy", c.refID(r, v, "firewall_policy_id"))
	c.copyStr(p, "threatIntelMode", v, "threat_intel_mode")
	res := c.add(r, armFW, p)
	if res == nil {
		return
	}
	res.SKU = sku
	ipcs := []any{}
	for i, b := range c.vBlocks(v, "ip_configuration") {
		ipcs = append(ipcs, c.firewallIPConfig(r, res.ID, b, "ip_configuration", i))
	}
	p["ipConfigurations"] = ipcs
	if b := c.vBlock(v, "management_ip_configuration"); b != nil {
		p["managementIpConfiguration"] = c.firewallIPConfig(r, res.ID, b, "management_ip_configuration", 0)
	}
	if h := c.vBlock(v, "virtual_hub"); h != nil {
		setRef(p, "virtualHub", c.vStr(h, "virtual_hub_id"))
		pub := map[string]any{}
		c.copyNum(pub, "count", h, "public_ip_count")
		var addrs []any
		for _, a := range c.vStrs(h, "public_ip_addresses") {
			addrs = append(addrs, map[string]any{"address": a})
		}
		if addrs != nil {
			pub["addresses"] = addrs
		}
		hub := map[string]any{"publicIPs": pub}
		c.copyStr(hub, "privateIPAddress", h, "private_ip_address")
		p["hubIPAddresses"] = hub
	}
}

// firewallIPConfig maps one ip_configuration (or
// management_ip_configuration) block of a firewall.
func (c *tfCtx) firewallIPConfig(r *tfRes, fwID string, b map[string]any, block string, i int) map[string]any {
	name := c.vStr(b, "name")
	if name == "" {
		name = fmt.Sprintf("%s%d", block, i)
	}
	ip := map[string]any{}
	c.copyStr(ip, "privateIPAddress", b, "private_ip_address")
	if block == "ip_configuration" && i == 0 {
		c.unknown(r, b, "private_ip_address", block, i)
	}
	setRef(ip, "subnet", c.refID(r, b, "subnet_id", block, i))
	setRef(ip, "publicIPAddress", c.refID(r, b, "public_ip_address_id", block, i))
	return map[string]any{"name": name, "id": fwID + "/azureFirewallIpConfigurations/" + name, "properties": ip}
}

// tfAzAPI maps an azapi_resource of a network type (or a VM): its body is
// already the REST shape.
func tfAzAPI(c *tfCtx, r *tfRes) {
	v := r.Values
	typ, _, _ := strings.Cut(c.vStr(v, "type"), "@")
	low := strings.ToLower(typ)
	if !strings.HasPrefix(low, "microsoft.network/") && !SameType(typ, armVM) {
		c.rep.Add(Skipped, r.Address, "azapi_resource "+typ, "not a network resource vnetplay imports")
		return
	}
	body, _ := v["body"].(map[string]any)
	if s, ok := v["body"].(string); ok {
		if err := json.Unmarshal([]byte(s), &body); err != nil {
			c.rep.Add(Skipped, r.Address, "azapi_resource "+typ, "its body is not JSON: "+err.Error())
			return
		}
	}
	props, _ := body["properties"].(map[string]any)
	if props == nil {
		props = map[string]any{}
	}
	name := c.vStr(v, "name")
	id := c.vStr(v, "id")
	if id == "" {
		types := strings.Split(typ, "/")
		if len(types) <= 2 {
			id = c.vStr(v, "parent_id") + "/providers/" + typ + "/" + name
		} else {
			id = c.vStr(v, "parent_id") + "/" + types[len(types)-1] + "/" + name
		}
	}
	res := c.addAs(r, typ, id, name, props)
	if res == nil {
		return
	}
	if sku, ok := body["sku"].(map[string]any); ok {
		res.SKU = sku
	}
	if SameType(typ, armSubnet) {
		c.subnets[strings.ToLower(id)] = props
	}
}
