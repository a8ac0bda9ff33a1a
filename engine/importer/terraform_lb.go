package importer

import (
	"fmt"
	"strings"
)

// Load balancers: azurerm_lb with its frontends inline, and its pools,
// rules, inbound NAT rules, outbound rules and probes as separate
// resources inlined into it; NIC ↔ pool and NIC ↔ NAT rule associations
// merged into the NIC's IP configuration, where REST has them (rule:import.nic-paths).

const armLB = "Microsoft.Network/loadBalancers"

// tfKindLB: load balancers, their children and NIC associations.
func tfKindLB(t string) (tfKind, bool) {
	switch t {
	case "azurerm_lb":
		return tfKind{arm: armLB, fn: tfLB}, true
	case "azurerm_lb_backend_address_pool":
		return tfKind{arm: armLB + "/backendAddressPools", parentID: "loadbalancer_id", phase: 1, fn: tfLBChild("backendAddressPools", lbPoolProps)}, true
	case "azurerm_lb_rule":
		return tfKind{arm: armLB + "/loadBalancingRules", parentID: "loadbalancer_id", phase: 1, fn: tfLBChild("loadBalancingRules", lbRuleProps)}, true
	case "azurerm_lb_nat_rule":
		return tfKind{arm: armLB + "/inboundNatRules", parentID: "loadbalancer_id", phase: 1, fn: tfLBChild("inboundNatRules", lbNATProps)}, true
	case "azurerm_lb_outbound_rule":
		return tfKind{arm: armLB + "/outboundRules", parentID: "loadbalancer_id", phase: 1, fn: tfLBChild("outboundRules", lbOutboundProps)}, true
	case "azurerm_lb_probe":
		return tfKind{arm: armLB + "/probes", parentID: "loadbalancer_id", phase: 1, fn: tfLBChild("probes", lbProbeProps)}, true
	case "azurerm_network_interface_backend_address_pool_association":
		return tfKind{phase: 2, fn: tfNICLBAssoc("backend_address_pool_id", "loadBalancerBackendAddressPools")}, true
	case "azurerm_network_interface_nat_rule_association":
		return tfKind{phase: 2, fn: tfNICLBAssoc("nat_rule_id", "loadBalancerInboundNatRules")}, true
	}
	return tfKind{}, false
}

// tfLB maps azurerm_lb and its frontend_ip_configuration blocks.
func tfLB(c *tfCtx, r *tfRes) {
	v := r.Values
	p := map[string]any{"frontendIPConfigurations": []any{}, "backendAddressPools": []any{}, "loadBalancingRules": []any{},
		"inboundNatRules": []any{}, "outboundRules": []any{}, "probes": []any{}}
	res := c.add(r, armLB, p)
	if res == nil {
		return
	}
	sku := map[string]any{}
	c.copyStr(sku, "name", v, "sku")
	c.copyStr(sku, "tier", v, "sku_tier")
	if len(sku) > 0 {
		res.SKU = sku
	}
	for i, b := range c.vBlocks(v, "frontend_ip_configuration") {
		name := c.vStr(b, "name")
		if name == "" {
			c.rep.Add(Ignored, r.Address, fmt.Sprintf("frontend_ip_configuration[%d]", i), "a frontend without a name")
			continue
		}
		fe := map[string]any{}
		c.copyStr(fe, "privateIPAddress", b, "private_ip_address")
		c.copyStr(fe, "privateIPAllocationMethod", b, "private_ip_address_allocation")
		c.copyStr(fe, "privateIPAddressVersion", b, "private_ip_address_version")
		setRef(fe, "subnet", c.refID(r, b, "subnet_id", "frontend_ip_configuration", i))
		setRef(fe, "publicIPAddress", c.refID(r, b, "public_ip_address_id", "frontend_ip_configuration", i))
		c.putChild(res, "frontendIPConfigurations", res.ID+"/frontendIPConfigurations/"+name, name, fe)
	}
}

// tfLBChild returns the mapper of a load balancer child resource: inlined
// into the load balancer's list, or a Resource of its own when the load
// balancer is not in the file.
func tfLBChild(list string, props func(c *tfCtx, r *tfRes, lbID string) map[string]any) tfMapper {
	return func(c *tfCtx, r *tfRes) {
		id := c.idOf(r)
		lbID := c.refID(r, r.Values, "loadbalancer_id")
		p := props(c, r, lbID)
		name := c.vStr(r.Values, "name")
		if lb := c.find(lbID, armLB); lb != nil {
			c.putChild(lb, list, id, name, p)
			return
		}
		c.addAs(r, armLB+"/"+list, id, name, p)
	}
}

// lbFrontend is the reference to frontend name of load balancer lbID.
func lbFrontend(lbID, name string) map[string]any {
	return map[string]any{"id": lbID + "/frontendIPConfigurations/" + name}
}

// lbPoolProps: a pool's members are on the NICs (their associations).
func lbPoolProps(*tfCtx, *tfRes, string) map[string]any { return map[string]any{} }

// lbRuleProps maps azurerm_lb_rule.
func lbRuleProps(c *tfCtx, r *tfRes, lbID string) map[string]any {
	v := r.Values
	p := map[string]any{}
	if fe := c.vStr(v, "frontend_ip_configuration_name"); fe != "" {
		p["frontendIPConfiguration"] = lbFrontend(lbID, fe)
	}
	pools := c.refIDs(r, v, "backend_address_pool_ids")
	setRefs(p, "backendAddressPools", pools)
	if len(pools) > 0 {
		setRef(p, "backendAddressPool", pools[0])
	}
	setRef(p, "probe", c.refID(r, v, "probe_id"))
	c.copyStr(p, "protocol", v, "protocol")
	c.copyNum(p, "frontendPort", v, "frontend_port")
	c.copyNum(p, "backendPort", v, "backend_port")
	c.copyBool(p, "disableOutboundSnat", v, "disable_outbound_snat")
	c.copyFlag(p, "enableFloatingIP", r, v, tfAlt{attr: "floating_ip_enabled"}, tfAlt{attr: "enable_floating_ip"})
	c.copyNum(p, "idleTimeoutInMinutes", v, "idle_timeout_in_minutes")
	c.copyStr(p, "loadDistribution", v, "load_distribution")
	return p
}

// lbNATProps maps azurerm_lb_nat_rule.
func lbNATProps(c *tfCtx, r *tfRes, lbID string) map[string]any {
	v := r.Values
	p := map[string]any{}
	if fe := c.vStr(v, "frontend_ip_configuration_name"); fe != "" {
		p["frontendIPConfiguration"] = lbFrontend(lbID, fe)
	}
	c.copyStr(p, "protocol", v, "protocol")
	c.copyNum(p, "frontendPort", v, "frontend_port")
	c.copyNum(p, "backendPort", v, "backend_port")
	c.copyNum(p, "frontendPortRangeStart", v, "frontend_port_start")
	c.copyNum(p, "frontendPortRangeEnd", v, "frontend_port_end")
	setRef(p, "backendAddressPool", c.vStr(v, "backend_address_pool_id"))
	setRef(p, "backendIPConfiguration", c.vStr(v, "backend_ip_configuration_id"))
	return p
}

// lbOutboundProps maps azurerm_lb_outbound_rule.
func lbOutboundProps(c *tfCtx, r *tfRes, lbID string) map[string]any {
	v := r.Values
	p := map[string]any{}
	var fes []any
	for _, b := range c.vBlocks(v, "frontend_ip_configuration") {
		if n := c.vStr(b, "name"); n != "" {
			fes = append(fes, lbFrontend(lbID, n))
		}
	}
	if fes != nil {
		p["frontendIPConfigurations"] = fes
	}
	setRef(p, "backendAddressPool", c.refID(r, v, "backend_address_pool_id"))
	c.copyStr(p, "protocol", v, "protocol")
	c.copyNum(p, "allocatedOutboundPorts", v, "allocated_outbound_ports")
	return p
}

// lbProbeProps maps azurerm_lb_probe (vnetplay does not model probes; kept
// for completeness of the REST shape).
func lbProbeProps(c *tfCtx, r *tfRes, _ string) map[string]any {
	p := map[string]any{}
	c.copyStr(p, "protocol", r.Values, "protocol")
	c.copyNum(p, "port", r.Values, "port")
	c.copyStr(p, "requestPath", r.Values, "request_path")
	return p
}

// tfNICLBAssoc returns the mapper of a NIC ↔ load balancer pool or NAT
// rule association: the NIC's IP configuration ip_configuration_name gets
// {"id": attr's value} in its list.
func tfNICLBAssoc(attr, list string) tfMapper {
	return func(c *tfCtx, r *tfRes) {
		v := r.Values
		nic := c.find(c.refID(r, v, "network_interface_id"), armNIC)
		target := c.refID(r, v, attr)
		if nic == nil || target == "" {
			c.rep.Add(Ignored, r.Address, r.Type, "its NIC is not in the file or "+attr+" is not known; the association is not applied")
			return
		}
		cfg := nicIPConfig(nic, c.vStr(v, "ip_configuration_name"))
		if cfg == nil {
			c.rep.Add(Ignored, r.Address, r.Type, "the NIC has no IP configuration "+c.vStr(v, "ip_configuration_name")+"; the association is not applied")
			return
		}
		l, _ := cfg[list].([]any)
		for _, e := range l {
			if strings.EqualFold(RefID(e), target) {
				return
			}
		}
		cfg[list] = append(l, map[string]any{"id": target})
	}
}

// nicIPConfig returns the properties of the NIC's IP configuration name
// (the first one when name is empty).
func nicIPConfig(nic *Resource, name string) map[string]any {
	for _, e := range nic.List("ipConfigurations") {
		m, _ := e.(map[string]any)
		if n, _ := m["name"].(string); name == "" || strings.EqualFold(n, name) {
			p, _ := m["properties"].(map[string]any)
			return p
		}
	}
	return nil
}
