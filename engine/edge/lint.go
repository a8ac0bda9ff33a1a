package edge

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"vnetplay/engine/model"
)

// Lint reports what architects trip on at the Internet edge, with the fact
// behind each finding (codes edge.*), sorted by path then code:
//
//   - edge.private-subnet-no-egress: a private subnet whose NICs have no
//     egress method lose the Internet, although the 0.0.0.0/0 Internet route
//     still shows (rule:internet-edge.private-subnet-without-egress, rule:internet-edge.egress-verdict);
//   - edge.relies-on-default-outbound (info): a subnet whose NICs reach the
//     Internet only through default outbound access, which subnets of new
//     VNets lose with API versions after 31 March 2026 (rule:internet-edge.private-subnets). It is
//     reported only for designs that model their edge (a public IP, NAT
//     gateway, public load balancer or an explicit defaultOutboundAccess):
//     in a design that does not, every subnet would carry it;
//   - edge.natgw-overrides-pip: a NIC with a public IP in a subnet with a NAT
//     gateway sends outbound through the NAT gateway (rule:internet-edge.outbound-precedence, section W);
//   - edge.standard-ip-no-nsg: a NIC behind a Standard public IP or
//     frontend with no NSG at all is closed to the Internet (rule:internet-edge.standard-secure-by-default);
//   - edge.egress-bypassed (info): a 0.0.0.0/0 UDR to an appliance or
//     gateway wins over the subnet's NAT gateway or public IPs (rule:internet-edge.outbound-precedence, rule:internet-edge.udr-beats-nat-gateway);
//   - edge.asymmetric-public-entry: a NIC reachable on a public address
//     whose replies go to an appliance by a 0.0.0.0/0 UDR (rule:internet-edge.inbound-requirements, rule:internet-edge.asymmetric-return-through-firewall).
func Lint(t *model.Topology) []model.Diagnostic { return LintWith(t, nil) }

// LintWith is Lint for a caller that holds t's edge resolved: x is
// Build(t), such as the Edge of t's data plane (which an update keeps when
// the edge's inputs did not change); nil resolves it here.
func LintWith(t *model.Topology, x *Index) []model.Diagnostic {
	l := newLinter(t, x)
	l.subnetFindings(modelsEdge(t))
	l.nicFindings()
	slices.SortStableFunc(l.out, func(a, b model.Diagnostic) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Code, b.Code))
	})
	return l.out
}

type linter struct {
	t       *model.Topology
	x       *Index
	rts     map[string]model.RouteTable
	subnets map[string]*model.Subnet // into t (subnetsOf)
	gw      *gatewayDefaults         // built on first need (lint_gateway.go)
	dflt    map[string]string        // tableDefault per route table, once asked
	out     []model.Diagnostic
}

// warn and note are the linter's only ways to report: a lint finding is
// a Warning or an Info, never an Error, so it never refuses an edit (the
// session's guard validates with model.Validate alone: engine.ValidateModel).
func (l *linter) warn(code, path, format string, args ...any) {
	l.report(model.Warning, code, path, format, args...)
}

// note reports an Info finding (see warn).
func (l *linter) note(code, path, format string, args ...any) {
	l.report(model.Info, code, path, format, args...)
}

func (l *linter) report(sev model.Severity, code, path, format string, args ...any) {
	l.out = append(l.out, model.Diagnostic{Code: code, Severity: sev, Path: path, Msg: fmt.Sprintf(format, args...)})
}

// modelsEdge reports whether the design says anything about its Internet
// edge.
func modelsEdge(t *model.Topology) bool {
	if len(t.PublicIPAddresses) > 0 || len(t.NatGateways) > 0 {
		return true
	}
	for _, lb := range t.LoadBalancers {
		if lb.IsPublic() {
			return true
		}
	}
	for _, v := range t.VNets {
		for _, s := range v.Subnets {
			if s.DefaultOutboundAccess != nil {
				return true
			}
		}
	}
	return false
}

// defaultRoute returns the next hop of the subnet's 0.0.0.0/0 UDR when it
// goes to a virtual appliance or a gateway (rule:internet-edge.outbound-precedence's first group).
// A route table's answer is worked out once (tableDefault).
func (l *linter) defaultRoute(subnet string) (string, bool) {
	key := subnetAt(l.subnets, subnet).RouteTable
	rt, ok := l.rts[key]
	if !ok {
		return "", false
	}
	hop, known := l.dflt[key]
	if !known {
		if l.dflt == nil {
			l.dflt = map[string]string{}
		}
		hop = tableDefault(rt)
		l.dflt[key] = hop
	}
	return hop, hop != ""
}

// tableDefault is the next hop of rt's 0.0.0.0/0 route when it goes to a
// virtual appliance or a gateway, "" otherwise.
func tableDefault(rt model.RouteTable) string {
	for _, r := range rt.Routes {
		if r.AddressPrefix != "0.0.0.0/0" {
			continue
		}
		switch r.NextHopType {
		case model.HopVirtualAppliance:
			return fmt.Sprintf("virtual appliance %s (route %s of %s)", r.NextHopIPAddress, r.Name, rt.ID)
		case model.HopVirtualNetworkGateway:
			return fmt.Sprintf("the virtual network gateway (route %s of %s)", r.Name, rt.ID)
		}
	}
	return ""
}

// nicsBySubnet lists the NIC ids of each subnet, sorted.
func (l *linter) nicsBySubnet() map[string][]string {
	out := map[string][]string{}
	for _, vm := range l.t.VMs {
		for _, n := range vm.NICs {
			out[n.Subnet] = append(out[n.Subnet], vm.ID+"/"+n.Name)
		}
	}
	for k := range out {
		slices.Sort(out[k])
		out[k] = slices.Compact(out[k])
	}
	return out
}

// newLinter is the linter of t, before its findings: t's edge resolved
// (x, Build(t), or resolved here when nil), its route tables and subnets by
// id (the first of each id).
func newLinter(t *model.Topology, x *Index) *linter {
	var subnets map[string]*model.Subnet
	if x == nil {
		r := newResolver(t)
		x, subnets = r.build(), r.subnets // one index of the subnets
	} else {
		subnets = subnetsOf(t)
	}
	l := &linter{t: t, x: x, rts: make(map[string]model.RouteTable, len(t.RouteTables)), subnets: subnets}
	for _, r := range t.RouteTables {
		if _, dup := l.rts[r.ID]; !dup {
			l.rts[r.ID] = r
		}
	}
	return l
}

func subnetPath(id string) string {
	vn, name, _ := strings.Cut(id, "/")
	return "vnets[" + vn + "].subnets[" + name + "]"
}

func (l *linter) subnetFindings(edgeModelled bool) {
	bySubnet := l.nicsBySubnet()
	ids := make([]string, 0, len(l.subnets))
	for id := range l.subnets {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		var none, dflt []string
		for _, n := range bySubnet[id] {
			e, _ := l.x.Egress(n)
			switch e.Method {
			case "":
				none = append(none, n)
			case DefaultOutboundAccess:
				dflt = append(dflt, n)
			}
		}
		hop, forced := l.defaultRoute(id)
		_, learned := l.gatewayDefault(id) // lint_gateway.go
		path := subnetPath(id)
		switch {
		case len(none) > 0 && (forced || learned):
			// rule:internet-edge.udr-beats-nat-gateway: the appliance's or gateway's side decides egress.
		case len(none) > 0:
			l.warn("edge.private-subnet-no-egress", path+".defaultOutboundAccess",
				"subnet %s is private and %s %s no egress method (no NAT gateway, public IP or load balancer outbound rule): %s cannot reach the Internet, UDRs with next hop Internet fail, and the 0.0.0.0/0 Internet route still shows; service endpoints keep working (rule:internet-edge.private-subnet-without-egress, rule:internet-edge.egress-verdict, rule:internet-edge.service-endpoint-not-egress)", id, strings.Join(none, ", "), agree(len(none), "has", "have"), agree(len(none), "it", "they"))
		case len(dflt) > 0 && edgeModelled && !forced:
			l.note("edge.relies-on-default-outbound", path,
				"%s %s the Internet only by default outbound access; subnets of new VNets created with API versions released after 31 March 2026 are private, and this subnet would lose the Internet: add a NAT gateway or another explicit method (rule:internet-edge.default-outbound-access, rule:internet-edge.private-subnets)", strings.Join(dflt, ", "), agree(len(dflt), "reaches", "reach"))
		}
		if forced {
			if over := l.bypassed(id, bySubnet[id]); over != "" {
				l.note("edge.egress-bypassed", path+".routeTable",
					"Internet-bound traffic from %s goes to %s, which wins over %s; the appliance's own subnet decides egress (rule:internet-edge.outbound-precedence, rule:internet-edge.udr-beats-nat-gateway)", id, hop, over)
			}
		}
	}
}

// bypassed names the egress methods of subnet id (holding nics) that a
// default route to an appliance or gateway wins over: its NAT gateway,
// its NICs' public IPs, both, or "" for none.
func (l *linter) bypassed(id string, nics []string) string {
	nat, pip := l.x.NatGatewayOf(id) != "", l.anyPublicIP(nics)
	switch {
	case nat && pip:
		return "the subnet's NAT gateway and its VMs' public IPs"
	case nat:
		return "the subnet's NAT gateway"
	case pip:
		return "its VMs' public IPs"
	}
	return ""
}

func (l *linter) anyPublicIP(nics []string) bool {
	for _, n := range nics {
		if e, _ := l.x.Egress(n); e.Method == InstancePublicIP || e.Method == NatGateway && l.hasPIP(n) {
			return true
		}
	}
	return false
}

func (l *linter) hasPIP(nic string) bool {
	for _, vm := range l.t.VMs {
		for _, n := range vm.NICs {
			if vm.ID+"/"+n.Name == nic && n.PublicIPAddress != "" {
				return true
			}
		}
	}
	return false
}

// nicFindings reports per NIC: a public IP the NAT gateway overrides, a
// Standard entry with no NSG, an entry whose replies go to an appliance.
func (l *linter) nicFindings() {
	entered := map[string][]string{} // NIC → how the Internet reaches it
	standard := map[string]bool{}
	for _, e := range l.x.Entries() {
		var nics []string
		what := ""
		switch e.Kind {
		case EntryInstancePublicIP:
			nics, what = []string{e.NIC}, "public IP "+e.PublicIP
		case EntryFrontend:
			what = "load balancer " + e.LB + " frontend " + e.Frontend
			for _, f := range e.Forwards {
				nics = append(nics, f.Backends...)
			}
		}
		for _, n := range nics {
			if !slices.Contains(entered[n], what) {
				entered[n] = append(entered[n], what)
			}
			standard[n] = standard[n] || !e.Basic
		}
	}
	for _, vm := range l.t.VMs {
		for _, n := range vm.NICs {
			id := vm.ID + "/" + n.Name
			path := "virtualMachines[" + vm.ID + "].networkInterfaces[" + n.Name + "]"
			s := subnetAt(l.subnets, n.Subnet)
			if eg, _ := l.x.Egress(id); n.PublicIPAddress != "" && eg.Method == NatGateway {
				l.warn("edge.natgw-overrides-pip", path+".publicIPAddress",
					"%s has public IP %s but its subnet has NAT gateway %s: outbound connections use the NAT gateway's address, the public IP only answers inbound (rule:internet-edge.outbound-precedence; where the sources disagree, vnetplay follows the NAT gateway documentation's order)", id, n.PublicIPAddress, s.NatGateway)
			}
			ways := entered[id]
			if len(ways) == 0 {
				continue
			}
			if standard[id] && n.NetworkSecurityGroup == "" && s.NetworkSecurityGroup == "" {
				l.warn("edge.standard-ip-no-nsg", path+".networkSecurityGroup",
					"%s is reached through %s (Standard SKU) but neither the NIC nor subnet %s has an NSG: Standard is secure by default, so the Internet cannot reach it until an NSG allows it (rule:internet-edge.standard-secure-by-default; where the sources disagree, vnetplay treats it as closed)", id, strings.Join(ways, " and "), n.Subnet)
			}
			if hop, ok := l.defaultRoute(n.Subnet); ok && strings.HasPrefix(hop, "virtual appliance") {
				l.warn("edge.asymmetric-public-entry", path,
					"%s is reached from the Internet through %s, but its subnet's replies go to %s, which has no session for them and drops them; publish it through the firewall's DNAT or an internal load balancer (rule:nva.stateful-asymmetry-drop, rule:internet-edge.inbound-requirements, rule:internet-edge.asymmetric-return-through-firewall)", id, strings.Join(ways, " and "), hop)
			}
		}
	}
}

// agree is one's form for a subject of n NICs: one NIC, or several.
func agree(n int, one, several string) string {
	if n == 1 {
		return one
	}
	return several
}
