package armexport

import (
	"fmt"
	"slices"

	"vnetplay/engine/model"
)

// loadBalancers exports the load balancers. Backend pools and inbound NAT
// rules are joined from the NIC side (their ipConfigurations list them),
// as ARM stores them; nics reads what this records.
func (e *exporter) loadBalancers() {
	for _, lb := range e.t.LoadBalancers {
		path := "loadBalancers[" + lb.ID + "]"
		if !e.nameOK(path, tLB, lb.ID) {
			continue
		}
		sku := lb.Sku
		if sku == "" {
			sku = model.SkuStandard
		}
		r := &resource{typ: tLB, name: lb.ID, sku: obj{"name": sku, "tier": "Regional"}}
		var ok bool
		if lb.IsPublic() {
			r.props, r.location = e.publicLB(lb, path), e.lbLocation(lb)
			ok = true
		} else {
			r.props, r.location, ok = e.internalLB(lb, path, sku)
		}
		if ok {
			e.add(r)
		}
	}
}

// lbLocation is a public load balancer's region: its first frontend's
// public IP's, else the location parameter.
func (e *exporter) lbLocation(lb model.LoadBalancer) any {
	for _, fe := range lb.FrontendIPConfigurations {
		if d, ok := e.defined[key(tPIP, fe.PublicIPAddress)]; ok {
			return d.location
		}
	}
	return e.locationParam()
}

// publicLB is a public load balancer's properties.
func (e *exporter) publicLB(lb model.LoadBalancer, path string) obj {
	fes, pools := map[string]bool{}, map[string]bool{}
	frontends, backends := arr{}, arr{}
	for _, fe := range lb.FrontendIPConfigurations {
		if !e.has(tPIP, fe.PublicIPAddress) {
			e.lose(path+".frontendIPConfigurations["+fe.Name+"]", fmt.Sprintf("its public IP %q is not exported", fe.PublicIPAddress))
			continue
		}
		fes[fe.Name] = true
		frontends = append(frontends, obj{"name": fe.Name, "properties": obj{"publicIPAddress": ref(tPIP, fe.PublicIPAddress)}})
	}
	for _, p := range lb.BackendAddressPools {
		pools[p.Name] = true
		backends = append(backends, obj{"name": p.Name, "properties": obj{}})
		e.joinPool(lb.ID, p.Name, p.Backends, path+".backendAddressPools["+p.Name+"]")
	}
	props := obj{"frontendIPConfigurations": frontends, "backendAddressPools": backends,
		"loadBalancingRules": e.lbRules(lb, path, fes, pools), "inboundNatRules": e.natRulesOf(lb, path, fes)}
	var outbound arr
	for _, o := range lb.OutboundRules {
		op := path + ".outboundRules[" + o.Name + "]"
		var frs arr
		for _, f := range o.FrontendIPConfigurations {
			if fes[f] {
				frs = append(frs, ref(tLBFrontend, lb.ID, f))
			}
		}
		if len(frs) == 0 || !pools[o.BackendAddressPool] {
			e.lose(op, "its frontends or backend pool are not exported")
			continue
		}
		proto := o.Protocol
		if proto == "" {
			proto = model.ProtoAll
		}
		outbound = append(outbound, obj{"name": o.Name, "properties": obj{"frontendIPConfigurations": frs,
			"backendAddressPool": ref(tLBPool, lb.ID, o.BackendAddressPool), "protocol": proto}})
	}
	if len(outbound) > 0 {
		props["outboundRules"] = outbound
	}
	return props
}

// lbRules are a public load balancer's load-balancing rules.
func (e *exporter) lbRules(lb model.LoadBalancer, path string, fes, pools map[string]bool) arr {
	out := arr{}
	for _, r := range lb.LoadBalancingRules {
		if !fes[r.FrontendIPConfiguration] || !pools[r.BackendAddressPool] {
			e.lose(path+".loadBalancingRules["+r.Name+"]", "its frontend or backend pool is not exported")
			continue
		}
		out = append(out, obj{"name": r.Name, "properties": obj{
			"frontendIPConfiguration": ref(tLBFrontend, lb.ID, r.FrontendIPConfiguration),
			"backendAddressPool":      ref(tLBPool, lb.ID, r.BackendAddressPool),
			"protocol":                r.Protocol, "frontendPort": r.FrontendPort, "backendPort": r.BackendPort,
			"disableOutboundSnat": r.DisableOutboundSnat,
		}})
	}
	return out
}

// natRulesOf are a public load balancer's inbound NAT rules; the NIC each
// one targets lists it.
func (e *exporter) natRulesOf(lb model.LoadBalancer, path string, fes map[string]bool) arr {
	out := arr{}
	for _, r := range lb.InboundNatRules {
		rp := path + ".inboundNatRules[" + r.Name + "]"
		k, ok := e.nicEndpoint(r.BackendIPConfiguration)
		if !fes[r.FrontendIPConfiguration] || !ok {
			e.lose(rp, "its frontend or its backend NIC is not in the design")
			continue
		}
		out = append(out, obj{"name": r.Name, "properties": obj{
			"frontendIPConfiguration": ref(tLBFrontend, lb.ID, r.FrontendIPConfiguration),
			"protocol":                r.Protocol, "frontendPort": r.FrontendPort, "backendPort": r.BackendPort,
		}})
		e.natRules[k] = append(e.natRules[k], rid(tLBNatRule, lb.ID, r.Name))
	}
	return out
}

// joinPool records that the NICs of backends are members of pool.
func (e *exporter) joinPool(lbID, pool string, backends []string, path string) {
	for _, b := range backends {
		k, ok := e.nicEndpoint(b)
		if !ok {
			e.lose(path, fmt.Sprintf("backend %q is not a NIC of the design", b))
			continue
		}
		if r := rid(tLBPool, lbID, pool); !slices.ContainsFunc(e.pools[k], func(x idRef) bool { return x.key() == r.key() }) {
			e.pools[k] = append(e.pools[k], r)
		}
	}
}

// internalLB is an internal load balancer's properties: one private
// frontend, one pool of the backends and, on Standard, an HA ports rule,
// which is what vnetplay models (every flow to the frontend goes to a
// backend, rule:nva.high-availability).
func (e *exporter) internalLB(lb model.LoadBalancer, path, sku string) (obj, any, bool) {
	vnet, sub, ok := splitSubnet(lb.Subnet)
	if !ok || !e.subnetOK(vnet, sub) {
		e.lose(path, fmt.Sprintf("its subnet %q is not exported", lb.Subnet))
		return nil, nil, false
	}
	fe := obj{"subnet": ref(tSubnet, vnet, sub), "privateIPAllocationMethod": "Dynamic"}
	if lb.FrontendPrivateIPAddress != "" {
		fe["privateIPAllocationMethod"], fe["privateIPAddress"] = "Static", lb.FrontendPrivateIPAddress
	}
	props := obj{
		"frontendIPConfigurations": arr{obj{"name": "frontend", "properties": fe}},
		"backendAddressPools":      arr{obj{"name": "backends", "properties": obj{}}},
	}
	e.joinPool(lb.ID, "backends", lb.Backends, path+".backends")
	e.assume(path, "an internal load balancer's frontend is named frontend and its pool backends (the design names neither)")
	if sku == model.SkuStandard {
		props["loadBalancingRules"] = arr{obj{"name": "ha-ports", "properties": obj{
			"frontendIPConfiguration": ref(tLBFrontend, lb.ID, "frontend"),
			"backendAddressPool":      ref(tLBPool, lb.ID, "backends"),
			"protocol":                model.ProtoAll, "frontendPort": 0, "backendPort": 0,
		}}}
		e.assume(path+".loadBalancingRules[ha-ports]", "an HA ports rule (all protocols, all ports): vnetplay sends every flow to the frontend on to a backend")
	} else {
		e.lose(path, "a Basic internal load balancer has no HA ports rule, and the design gives no ports to balance: it is exported without a rule")
	}
	return props, e.vnetLocation(vnet), true
}
