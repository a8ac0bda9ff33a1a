package conformance_test

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/expect"
	"vnetplay/engine/model"
	"vnetplay/engine/route"
	"vnetplay/engine/trace"
)

// Conformance tests of docs/rules/private-endpoints.md (rule book section
// Y): the routing side of private endpoints. Name resolution (the DNS
// chain, zone names, NXDOMAIN) is tested with engine/dns.

// peIP is pe-blob's address in peLab.
const peIP = "10.2.2.4"

// peLab is the field lab of the rule book: hub 10.0.0.0/16 with a firewall
// NVA fw 10.0.1.4 (subnet fw, forwarding, stateless unless a test says so)
// peered to spoke-a 10.1.0.0/16 (vm-a 10.1.1.4; its route table rt-a sends
// 0.0.0.0/0 to the firewall) and to spoke-b 10.2.0.0/16 (vm-b 10.2.1.4 in
// app; private endpoint pe-blob 10.2.2.4 for storage account stacct, blob,
// in subnet pe). spoke-a and spoke-b are not peered to each other. Every
// spoke-side link allows forwarded traffic.
func peLab() model.Topology {
	spoke := func(id, hub, s string) model.Peering {
		return model.Peering{ID: id, A: model.PeeringLink{VNet: hub, AllowForwardedTraffic: true}, B: model.PeeringLink{VNet: s, AllowForwardedTraffic: true}}
	}
	t := model.Topology{
		VNets: []model.VNet{hsVNet("hub", "10.0.0.0/16", "fw=10.0.1.0/24"), hsVNet("spoke-a", "10.1.0.0/16", "app=10.1.1.0/24"),
			hsVNet("spoke-b", "10.2.0.0/16", "app=10.2.1.0/24", "pe=10.2.2.0/24")},
		Peerings: []model.Peering{spoke("hub-a", "hub", "spoke-a"), spoke("hub-b", "hub", "spoke-b")},
		RouteTables: []model.RouteTable{{ID: "rt-a", Routes: []model.Route{
			{Name: "default", AddressPrefix: "0.0.0.0/0", NextHopType: model.HopVirtualAppliance, NextHopIPAddress: "10.0.1.4"}}}},
		VMs: []model.VM{hsNVA("fw", "hub/fw", "10.0.1.4"), hsVM("vm-a", "spoke-a/app", "10.1.1.4"), hsVM("vm-b", "spoke-b/app", "10.2.1.4")},
		PrivateEndpoints: []model.PrivateEndpoint{{ID: "pe-blob", Subnet: "spoke-b/pe", PrivateIPAddress: peIP,
			PrivateLinkServiceID: "stacct", GroupIDs: []string{"blob"}}},
	}
	t.VNets[1].Subnets[0].RouteTable = "rt-a"
	return t
}

// pePeerAB peers spoke-a directly with spoke-b (the endpoint's VNet).
func pePeerAB(t *model.Topology) {
	t.Peerings = append(t.Peerings, hsPeering("a-b", "spoke-a", "spoke-b"))
}

// peAddUDR adds a UDR to the firewall to rt-a.
func peAddUDR(t *model.Topology, name, prefix string) {
	t.RouteTables[0].Routes = append(t.RouteTables[0].Routes,
		model.Route{Name: name, AddressPrefix: prefix, NextHopType: model.HopVirtualAppliance, NextHopIPAddress: "10.0.1.4"})
}

// pePolicy sets privateEndpointNetworkPolicies on the endpoint's subnet.
func pePolicy(t *model.Topology, v string) {
	t.VNets[2].Subnets[1].PrivateEndpointNetworkPolicies = v
}

// peTrace walks from endpoint from to to, resolved as the CLI and the
// scenario expectations do (a private endpoint id is its address).
func peTrace(t *testing.T, p *dataplane.Plane, from, to string) *trace.Trace {
	t.Helper()
	dst, ok := expect.Destination(p, to)
	if !ok {
		t.Fatalf("unknown destination %q", to)
	}
	return trace.Run(p, trace.Flow{Src: hsSource(p, from), DstIP: dst})
}

// peNodes lists the nodes of hops.
func peNodes(hs []trace.Hop) []string {
	var out []string
	for _, h := range hs {
		out = append(out, h.Node)
	}
	return out
}

// peEndpointRoute returns subnet's InterfaceEndpoint route for peIP (any
// state), or false.
func peEndpointRoute(t *testing.T, p *dataplane.Plane, subnet string) (route.Effective, bool) {
	t.Helper()
	for _, e := range hsRoutes(t, p, subnet, peIP+"/32") {
		if e.NextHop == route.InterfaceEndpoint {
			return e, true
		}
	}
	return route.Effective{}, false
}

// peDiagAt reports whether ds holds a finding with code at a path under path.
func peDiagAt(ds []model.Diagnostic, code, path string) bool {
	return slices.ContainsFunc(ds, func(d model.Diagnostic) bool { return d.Code == code && strings.HasPrefix(d.Path, path) })
}

// TestRule_private_endpoints_nic_and_address checks
// rule:private-endpoints.nic-and-address: an endpoint takes one fixed
// address of its subnet (inside it, not reserved, not another resource's),
// and a walk can name it, arriving at the endpoint itself.
func TestRule_private_endpoints_nic_and_address(t *testing.T) {
	for _, tc := range []struct {
		name, subnet, ip, code string
	}{
		{"outside its subnet", "spoke-b/pe", "10.2.1.9", "pe.ip-outside-subnet"},
		{"a reserved address", "spoke-b/pe", "10.2.2.1", "pe.ip-reserved"},
		{"a VM's address", "spoke-b/app", "10.2.1.4", "pe.ip-duplicate"},
		{"not an address", "spoke-b/pe", "10.2.2", "pe.ip-invalid"},
		{"in a gateway subnet", "hub/GatewaySubnet", "10.0.255.9", "pe.special-subnet"},
	} {
		topo := peLab()
		topo.VNets[0].Subnets = append(topo.VNets[0].Subnets, model.Subnet{Name: "GatewaySubnet", AddressPrefix: "10.0.255.0/27"})
		topo.PrivateEndpoints[0].Subnet, topo.PrivateEndpoints[0].PrivateIPAddress = tc.subnet, tc.ip
		if ds := model.Validate(&topo, nil); !hsHasDiag(ds, tc.code, model.Error) {
			t.Errorf("%s: want %s, got%s", tc.name, tc.code, hsDiagCodes(ds))
		}
		// The plane leaves out what it cannot place (a reserved address is,
		// as for NICs, only the validator's).
		if _, ok := hsPlane(t, topo).PrivateEndpoint("pe-blob"); ok && tc.code != "pe.ip-reserved" {
			t.Errorf("%s: the plane kept an endpoint Azure would reject", tc.name)
		}
	}
	p := hsPlane(t, peLab())
	tr := peTrace(t, p, "vm-b", "pe-blob")
	if tr.Flow.DstIP.String() != peIP || tr.Disposition != trace.Delivered || tr.Hops[len(tr.Hops)-1].Kind != trace.HopPrivateEndpoint {
		t.Errorf("vm-b → pe-blob: %s to %s (%s), last hop %+v", tr.Disposition, tr.Flow.DstIP, tr.Reason, tr.Hops[len(tr.Hops)-1])
	}
}

// TestRule_private_endpoints_inbound_only_approved checks
// rule:private-endpoints.inbound-only-approved: only an Approved endpoint
// carries traffic (a Pending, Rejected or Disconnected one gets no route
// and drops what reaches its address), and the endpoint never opens a
// connection itself.
func TestRule_private_endpoints_inbound_only_approved(t *testing.T) {
	for _, state := range []string{model.PEPending, model.PERejected, model.PEDisconnected} {
		topo := peLab()
		topo.PrivateEndpoints[0].ConnectionState = state
		p := hsPlane(t, topo)
		if e, ok := peEndpointRoute(t, p, "spoke-b/app"); ok {
			t.Errorf("%s: endpoint route %+v, want none", state, e)
		}
		tr := peTrace(t, p, "vm-b", "pe-blob")
		hsWantDisp(t, state+": vm-b → pe-blob", tr, trace.DroppedEndpointNotApproved)
		if !strings.Contains(tr.Reason, "rule:private-endpoints.inbound-only-approved") {
			t.Errorf("%s: reason %q", state, tr.Reason)
		}
		if ds := model.Validate(&topo, nil); !hsHasDiag(ds, "pe.not-approved", model.Warning) {
			t.Errorf("%s: want pe.not-approved, got%s", state, hsDiagCodes(ds))
		}
	}
	p := hsPlane(t, peLab())
	tr := trace.Run(p, trace.Flow{Src: "pe-blob", DstIP: netip.MustParseAddr("10.2.1.4")})
	if tr.Disposition != trace.InvalidFlow || !strings.Contains(tr.Reason, "never originates traffic") {
		t.Errorf("walk from the endpoint: %s (%s), want InvalidFlow", tr.Disposition, tr.Reason)
	}
}

// TestRule_private_endpoints_interface_endpoint_route checks
// rule:private-endpoints.interface-endpoint-route: the endpoint adds a /32
// with source Default, next hop InterfaceEndpoint and no next-hop address
// to every subnet of its VNet and of every directly peered VNet, the hub's
// GatewaySubnet included, and not to a VNet peered only to a peer.
func TestRule_private_endpoints_interface_endpoint_route(t *testing.T) {
	topo := peLab()
	topo.VNets[0].Subnets = append(topo.VNets[0].Subnets, model.Subnet{Name: "GatewaySubnet", AddressPrefix: "10.0.255.0/27"})
	p := hsPlane(t, topo)
	for _, sn := range []string{"spoke-b/app", "spoke-b/pe", "hub/fw", "hub/GatewaySubnet"} {
		e, ok := peEndpointRoute(t, p, sn)
		if !ok || e.State != route.Active || e.Source != route.Default || e.NextHopIP.IsValid() || e.Origin.String() != "private endpoint pe-blob" {
			t.Errorf("%s: endpoint route %+v (found %v), want Default Active InterfaceEndpoint with no next-hop address", sn, e, ok)
		}
	}
	if e, ok := peEndpointRoute(t, p, "spoke-a/app"); ok {
		t.Errorf("spoke-a (peered to the hub only) got %+v", e)
	}
	// A peering that is not Connected brings no route.
	topo.Peerings[1].A.Lifecycle = model.LinkNotCreated
	if e, ok := peEndpointRoute(t, hsPlane(t, topo), "hub/fw"); ok {
		t.Errorf("hub with an Initiated peering got %+v", e)
	}
}

// TestRule_private_endpoints_beats_shorter_udrs checks
// rule:private-endpoints.beats-shorter-udrs: in a VNet directly peered to
// the endpoint's, the /32 beats a 0.0.0.0/0 or 10.0.0.0/8 UDR to the hub
// firewall, so traffic to the endpoint skips the firewall.
func TestRule_private_endpoints_beats_shorter_udrs(t *testing.T) {
	for _, extra := range []string{"", "10.0.0.0/8", "10.2.0.0/16"} {
		topo := peLab()
		pePeerAB(&topo)
		if extra != "" {
			peAddUDR(&topo, "extra", extra)
		}
		p := hsPlane(t, topo)
		if nh := hsNextHop(t, p, "spoke-a/app", peIP); nh.NextHopType != route.InterfaceEndpoint {
			t.Errorf("UDR %q: next hop %s, want InterfaceEndpoint", extra, nh.NextHopType)
		}
		tr := peTrace(t, p, "vm-a", "pe-blob")
		if tr.Disposition != trace.Delivered || !slices.Equal(peNodes(tr.Hops), []string{"vm-a/nic0", "pe-blob"}) {
			t.Errorf("UDR %q: vm-a → pe-blob %s via %v, want delivered without the firewall", extra, tr.Disposition, peNodes(tr.Hops))
		}
	}
}

// TestRule_private_endpoints_exact_udr_overrides checks
// rule:private-endpoints.exact-udr-overrides: a UDR for exactly the
// endpoint's /32 wins; effective routes list it Active next to the Invalid
// InterfaceEndpoint route, and traffic goes through the UDR's appliance.
func TestRule_private_endpoints_exact_udr_overrides(t *testing.T) {
	topo := peLab()
	pePeerAB(&topo)
	peAddUDR(&topo, "pe-blob", peIP+"/32")
	p := hsPlane(t, topo)
	rs := hsRoutes(t, p, "spoke-a/app", peIP+"/32")
	if len(rs) != 2 || rs[0].Source != route.User || rs[0].State != route.Active || rs[0].NextHop != route.VirtualAppliance ||
		rs[1].Source != route.Default || rs[1].State != route.Invalid || rs[1].NextHop != route.InterfaceEndpoint {
		t.Errorf("spoke-a %s/32: %v, want User Active VirtualAppliance and Default Invalid InterfaceEndpoint", peIP, rs)
	}
	tr := peTrace(t, p, "vm-a", "pe-blob")
	if tr.Disposition != trace.Delivered || !slices.Contains(tr.Via(), "fw/nic0") {
		t.Errorf("vm-a → pe-blob: %s via %v, want delivered through the firewall", tr.Disposition, tr.Via())
	}
}

// TestRule_private_endpoints_network_policies_property checks
// rule:private-endpoints.network-policies-property: the property takes the
// four values (all accepted, section W), lives on the subnet hosting the
// endpoints and applies to every endpoint there, and to nothing else: a VM
// in that subnet is filtered by its NSG whatever the value.
func TestRule_private_endpoints_network_policies_property(t *testing.T) {
	for _, v := range []string{"", model.PENetworkPoliciesDisabled, model.PENetworkPoliciesEnabled, model.PENetworkPoliciesNSG, model.PENetworkPoliciesRouteTable} {
		topo := peLab()
		pePolicy(&topo, v)
		if ds := model.Validate(&topo, nil); peDiagAt(ds, "pe.network-policies", "vnets[spoke-b]") {
			t.Errorf("%q rejected:%s", v, hsDiagCodes(ds))
		}
	}
	topo := peLab()
	pePolicy(&topo, "true")
	if ds := model.Validate(&topo, nil); !hsHasDiag(ds, "pe.network-policies", model.Error) {
		t.Errorf("\"true\" accepted:%s", hsDiagCodes(ds))
	}
	// Two endpoints and a VM in a subnet whose NSG denies spoke-a.
	for _, v := range []string{model.PENetworkPoliciesDisabled, model.PENetworkPoliciesNSG} {
		topo := peLab()
		pePolicy(&topo, v)
		topo.NSGs = []model.NSG{{ID: "nsg-pe", SecurityRules: []model.SecurityRule{{Name: "deny-a", Priority: 100, Direction: "Inbound", Access: "Deny",
			Protocol: "*", SourceAddressPrefix: "10.1.0.0/16", SourcePortRange: "*", DestinationAddressPrefix: "*", DestinationPortRange: "*"}}}}
		topo.VNets[2].Subnets[1].NetworkSecurityGroup = "nsg-pe"
		topo.PrivateEndpoints = append(topo.PrivateEndpoints, model.PrivateEndpoint{ID: "pe-file", Subnet: "spoke-b/pe", PrivateIPAddress: "10.2.2.5", PrivateLinkServiceID: "stacct", GroupIDs: []string{"file"}})
		topo.VMs = append(topo.VMs, hsVM("vm-pe", "spoke-b/pe", "10.2.2.10"))
		p := hsPlane(t, topo)
		want := trace.Delivered
		if v == model.PENetworkPoliciesNSG {
			want = trace.DroppedByNSG
		}
		for _, pe := range []string{"pe-blob", "pe-file"} {
			hsWantDisp(t, v+": vm-a → "+pe, peTrace(t, p, "vm-a", pe), want)
		}
		hsWantDisp(t, v+": vm-a → VM in the endpoint subnet", peTrace(t, p, "vm-a", "vm-pe"), trace.DroppedByNSG)
	}
}

// TestRule_private_endpoints_route_table_policy checks
// rule:private-endpoints.route-table-policy: with Enabled or
// RouteTableEnabled on the endpoint's subnet, a UDR in the client's subnet
// at least as long as the endpoint VNet's range (/16) makes the /32
// Invalid and traffic follows the UDR; 0.0.0.0/0 or a supernet never does,
// and without the policy no shorter UDR does.
func TestRule_private_endpoints_route_table_policy(t *testing.T) {
	for _, tc := range []struct {
		policy, udr string
		wins        bool
	}{
		{model.PENetworkPoliciesRouteTable, "10.2.0.0/16", true},
		{model.PENetworkPoliciesEnabled, "10.2.0.0/16", true},
		{model.PENetworkPoliciesRouteTable, "10.2.2.0/24", true},
		{model.PENetworkPoliciesRouteTable, "10.0.0.0/8", false},
		{model.PENetworkPoliciesRouteTable, "", false}, // 0.0.0.0/0 only
		{model.PENetworkPoliciesNSG, "10.2.0.0/16", false},
		{model.PENetworkPoliciesDisabled, "10.2.2.0/24", false},
	} {
		name := fmt.Sprintf("%s with UDR %q", tc.policy, tc.udr)
		topo := peLab()
		pePeerAB(&topo)
		pePolicy(&topo, tc.policy)
		if tc.udr != "" {
			peAddUDR(&topo, "pe-range", tc.udr)
		}
		p := hsPlane(t, topo)
		e, ok := peEndpointRoute(t, p, "spoke-a/app")
		nh := hsNextHop(t, p, "spoke-a/app", peIP)
		if tc.wins {
			if !ok || e.State != route.Invalid || nh.NextHopType != route.VirtualAppliance {
				t.Errorf("%s: endpoint route %+v, next hop %s; want the /32 Invalid and the UDR used", name, e, nh.NextHopType)
			}
			if tr := peTrace(t, p, "vm-a", "pe-blob"); !slices.Contains(tr.Via(), "fw/nic0") || tr.Disposition != trace.Delivered {
				t.Errorf("%s: vm-a → pe-blob %s via %v, want through the firewall", name, tr.Disposition, tr.Via())
			}
			continue
		}
		if !ok || e.State != route.Active || nh.NextHopType != route.InterfaceEndpoint {
			t.Errorf("%s: endpoint route %+v, next hop %s; want the /32 Active", name, e, nh.NextHopType)
		}
	}
}

// TestRule_private_endpoints_nsg_policy checks
// rule:private-endpoints.nsg-policy: the endpoint subnet's NSG filters
// traffic to the endpoints only with Enabled or NetworkSecurityGroupEnabled,
// and then ignores source-port filters (read as *).
func TestRule_private_endpoints_nsg_policy(t *testing.T) {
	for _, tc := range []struct {
		policy string
		want   trace.Disposition
	}{
		{"", trace.Delivered},
		{model.PENetworkPoliciesDisabled, trace.Delivered},
		{model.PENetworkPoliciesRouteTable, trace.Delivered},
		{model.PENetworkPoliciesEnabled, trace.DroppedByNSG},
		{model.PENetworkPoliciesNSG, trace.DroppedByNSG},
	} {
		topo := peLab()
		pePolicy(&topo, tc.policy)
		// The deny rule names source ports 1-1024; the flow's is 50000.
		topo.NSGs = []model.NSG{{ID: "nsg-pe", SecurityRules: []model.SecurityRule{{Name: "deny-app", Priority: 100, Direction: "Inbound", Access: "Deny",
			Protocol: "Tcp", SourceAddressPrefix: "10.2.1.0/24", SourcePortRange: "1-1024", DestinationAddressPrefix: peIP, DestinationPortRange: "443"}}}}
		topo.VNets[2].Subnets[1].NetworkSecurityGroup = "nsg-pe"
		tr := peTrace(t, hsPlane(t, topo), "vm-b", "pe-blob")
		hsWantDisp(t, fmt.Sprintf("policy %q: vm-b → pe-blob", tc.policy), tr, tc.want)
		if tc.want == trace.DroppedByNSG && !strings.Contains(tr.Reason, "deny-app") {
			t.Errorf("policy %q: reason %q, want the deny rule despite its source ports", tc.policy, tr.Reason)
		}
	}
}

// TestRule_private_endpoints_return_snat checks
// rule:private-endpoints.return-snat: the endpoint's reply does not follow
// the client's UDR back through the NVA that forwarded the request, so a
// stateful NVA without SNAT drops the flow; a stateless one does not.
// (SNAT on NVAs is not modelled, so the SNAT fix cannot be shown.)
func TestRule_private_endpoints_return_snat(t *testing.T) {
	for _, stateful := range []bool{false, true} {
		topo := peLab()
		pePeerAB(&topo)
		pePolicy(&topo, model.PENetworkPoliciesRouteTable)
		peAddUDR(&topo, "pe-range", "10.2.0.0/16")
		topo.VMs[0].Stateful = stateful
		tr := peTrace(t, hsPlane(t, topo), "vm-a", "pe-blob")
		if !slices.Contains(tr.Via(), "fw/nic0") || tr.Return == nil || slices.Contains(peNodes(tr.Return.Hops), "fw/nic0") {
			t.Fatalf("stateful %v: forward via %v, return %+v: want the request through the firewall, the reply not", stateful, tr.Via(), tr.Return)
		}
		want := trace.Delivered
		if stateful {
			want = trace.DroppedAsymmetric
		}
		hsWantDisp(t, fmt.Sprintf("stateful %v", stateful), tr, want)
		if stateful && !strings.Contains(tr.Reason, "rule:private-endpoints.return-snat") {
			t.Errorf("reason %q does not cite the SNAT advice", tr.Reason)
		}
	}
}

// TestRule_private_endpoints_asymmetric_return_trap checks
// rule:private-endpoints.asymmetric-return-trap: spoke A (peered to the hub
// only, everything to the hub firewall) reaches the endpoint in spoke B
// through the firewall although B has no route to A: the reply leaves as
// if the endpoint were attached to the hub and reaches A without the
// firewall (the bypass is inferred, so a stateful firewall drops it).
func TestRule_private_endpoints_asymmetric_return_trap(t *testing.T) {
	topo := peLab()
	p := hsPlane(t, topo)
	if nh, ok := p.NextHop("spoke-b/pe", netip.MustParseAddr("10.1.1.4")); ok && nh.NextHopType != route.None {
		t.Fatalf("spoke-b has a route to spoke-a (%s): the lab needs none", nh.NextHopType)
	}
	tr := peTrace(t, p, "vm-a", "pe-blob")
	if tr.Disposition != trace.Delivered || !slices.Equal(peNodes(tr.Hops), []string{"vm-a/nic0", "fw/nic0", "pe-blob"}) {
		t.Errorf("vm-a → pe-blob: %s via %v (%s), want delivered through the firewall", tr.Disposition, peNodes(tr.Hops), tr.Reason)
	}
	if tr.Return == nil || tr.Return.Disposition != trace.Delivered || slices.Contains(peNodes(tr.Return.Hops), "fw/nic0") {
		t.Errorf("reply %+v, want delivered to vm-a without the firewall", tr.Return)
	}
	topo.VMs[0].Stateful = true
	hsWantDisp(t, "stateful firewall", peTrace(t, hsPlane(t, topo), "vm-a", "pe-blob"), trace.DroppedAsymmetric)
}

// TestRule_private_endpoints_on_premises_access checks
// rule:private-endpoints.on-premises-access: an on-premises host reaches the
// endpoint over the VPN through the spoke prefix the gateway advertises;
// the hub's GatewaySubnet holds the /32, so a GatewaySubnet UDR for the
// spoke range does not catch the endpoint's traffic unless the route-table
// policy is on or the UDR is the exact /32.
func TestRule_private_endpoints_on_premises_access(t *testing.T) {
	build := func(policy, udr string) model.Topology {
		topo := peLab()
		topo.VNets[0].Subnets = append(topo.VNets[0].Subnets, model.Subnet{Name: "GatewaySubnet", AddressPrefix: "10.0.255.0/27"})
		topo.Peerings[1] = hsTransitPeering("hub-b", "hub", "spoke-b")
		topo.Peerings[1].B.AllowForwardedTraffic = true
		topo.Gateways = []model.VirtualNetworkGateway{hsVpnGateway("gw", "hub", 0)}
		topo.Sites = []model.Site{hsSite("branch", 0, "192.168.1.0/24", "192.168.1.10")}
		topo.LocalNetworkGateways = []model.LocalNetworkGateway{hsStaticLNG("branch-lng", "branch", "192.168.1.0/24")}
		topo.Connections = []model.Connection{hsIPsec("branch-conn", "gw", "branch-lng", false)}
		pePolicy(&topo, policy)
		if udr != "" {
			topo.RouteTables = append(topo.RouteTables, model.RouteTable{ID: "rt-gw", Routes: []model.Route{
				{Name: "spoke-b", AddressPrefix: udr, NextHopType: model.HopVirtualAppliance, NextHopIPAddress: "10.0.1.4"}}})
			topo.VNets[0].Subnets[1].RouteTable = "rt-gw"
		}
		return topo
	}
	p := hsPlane(t, build("", ""))
	tr := peTrace(t, p, "branch/h", "pe-blob")
	if tr.Disposition != trace.Delivered || tr.Return == nil || tr.Return.Disposition != trace.DeliveredOnPremises {
		t.Errorf("branch → pe-blob: %s (%s), reply %+v; want delivered and the reply back on premises", tr.Disposition, tr.Reason, tr.Return)
	}
	for _, tc := range []struct {
		policy, udr string
		want        route.NextHopType
	}{
		{"", "10.2.0.0/16", route.InterfaceEndpoint},
		{model.PENetworkPoliciesRouteTable, "10.2.0.0/16", route.VirtualAppliance},
		{"", peIP + "/32", route.VirtualAppliance},
	} {
		p := hsPlane(t, build(tc.policy, tc.udr))
		if nh := hsNextHop(t, p, "hub/GatewaySubnet", peIP); nh.NextHopType != tc.want {
			t.Errorf("GatewaySubnet UDR %s, policy %q: next hop %s, want %s", tc.udr, tc.policy, nh.NextHopType, tc.want)
		}
	}
}

// TestRule_private_endpoints_limits checks rule:private-endpoints.limits
// where the validator can: a zone group names at most five zones and a
// VNet holds at most 1,000 endpoints.
func TestRule_private_endpoints_limits(t *testing.T) {
	topo := peLab()
	g := &model.PrivateDnsZoneGroup{}
	for i := range 6 {
		id := fmt.Sprintf("privatelink.z%d.example", i)
		topo.PrivateDNSZones = append(topo.PrivateDNSZones, model.PrivateDnsZone{ID: id})
		g.PrivateDnsZoneConfigs = append(g.PrivateDnsZoneConfigs, model.PrivateDnsZoneConfig{PrivateDnsZoneID: id})
	}
	topo.PrivateEndpoints[0].PrivateDnsZoneGroup = g
	if ds := model.Validate(&topo, nil); !hsHasDiag(ds, "pe.zone-group-too-large", model.Error) {
		t.Errorf("six zones: want pe.zone-group-too-large, got%s", hsDiagCodes(ds))
	}
	topo = peLab()
	topo.VNets[2].Subnets = append(topo.VNets[2].Subnets, model.Subnet{Name: "many", AddressPrefix: "10.2.16.0/20"})
	for i := range 1000 {
		topo.PrivateEndpoints = append(topo.PrivateEndpoints, model.PrivateEndpoint{ID: fmt.Sprint("pe-", i), Subnet: "spoke-b/many",
			PrivateIPAddress: fmt.Sprintf("10.2.%d.%d", 16+i/200, 10+i%200), PrivateLinkServiceID: "x"})
	}
	if ds := model.Validate(&topo, nil); !hsHasDiag(ds, "pe.too-many", model.Error) {
		t.Error("1,001 endpoints in a VNet: want pe.too-many")
	}
}
