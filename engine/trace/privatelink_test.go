package trace

import (
	"net/netip"
	"reflect"
	"slices"
	"strings"
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
)

// peDesign: hub 10.0.0.0/16 (NVA nva 10.0.1.4) peered to spoke-a
// 10.1.0.0/16 (vm-a; UDR 0/0 to the NVA) and to pe-vnet 10.2.0.0/16
// (pe-blob 10.2.1.4 in subnet "open", NSG nsg-pe denying 10.3.0.0/16);
// spoke-b 10.3.0.0/16 (vm-b) is peered to pe-vnet only. Spoke links allow
// forwarded traffic.
func peDesign(stateful bool) model.Topology {
	v := func(id, space string, subnets ...model.Subnet) model.VNet {
		return model.VNet{ID: id, Location: "westeurope", AddressSpace: model.AddressSpace{AddressPrefixes: []string{space}}, Subnets: subnets}
	}
	peer := func(id, a, b string) model.Peering {
		return model.Peering{ID: id, A: model.PeeringLink{VNet: a, AllowForwardedTraffic: true}, B: model.PeeringLink{VNet: b, AllowForwardedTraffic: true}}
	}
	return model.Topology{
		VNets: []model.VNet{
			v("hub", "10.0.0.0/16", model.Subnet{Name: "nva", AddressPrefix: "10.0.1.0/24"}),
			v("spoke-a", "10.1.0.0/16", model.Subnet{Name: "app", AddressPrefix: "10.1.1.0/24", RouteTable: "rt-a"}),
			v("pe-vnet", "10.2.0.0/16", model.Subnet{Name: "open", AddressPrefix: "10.2.1.0/24", NetworkSecurityGroup: "nsg-pe"}),
			v("spoke-b", "10.3.0.0/16", model.Subnet{Name: "app", AddressPrefix: "10.3.1.0/24"}),
		},
		Peerings: []model.Peering{peer("hub-a", "hub", "spoke-a"), peer("hub-pe", "hub", "pe-vnet"), peer("b-pe", "spoke-b", "pe-vnet")},
		RouteTables: []model.RouteTable{{ID: "rt-a", Routes: []model.Route{
			{Name: "default", AddressPrefix: "0.0.0.0/0", NextHopType: model.HopVirtualAppliance, NextHopIPAddress: "10.0.1.4"}}}},
		NSGs: []model.NSG{{ID: "nsg-pe", SecurityRules: []model.SecurityRule{{Name: "deny-b", Priority: 100, Direction: "Inbound", Access: "Deny",
			Protocol: "*", SourceAddressPrefix: "10.3.0.0/16", SourcePortRange: "1-100", DestinationAddressPrefix: "*", DestinationPortRange: "*"}}}},
		VMs: []model.VM{
			{ID: "nva", GuestIPForwarding: true, Stateful: stateful, NICs: []model.NIC{{Name: "nic0", Subnet: "hub/nva", PrivateIPAddress: "10.0.1.4", EnableIPForwarding: true}}},
			{ID: "vm-a", NICs: []model.NIC{{Name: "nic0", Subnet: "spoke-a/app", PrivateIPAddress: "10.1.1.4"}}},
			{ID: "vm-b", NICs: []model.NIC{{Name: "nic0", Subnet: "spoke-b/app", PrivateIPAddress: "10.3.1.4"}}},
		},
		PrivateEndpoints: []model.PrivateEndpoint{{ID: "pe-blob", Subnet: "pe-vnet/open", PrivateIPAddress: "10.2.1.4", PrivateLinkServiceID: "stacct", GroupIDs: []string{"blob"}}},
	}
}

var peBlobIP = netip.MustParseAddr("10.2.1.4")

func peNodes(hs []Hop) []string {
	var out []string
	for _, h := range hs {
		out = append(out, h.Node)
	}
	return out
}

func TestPrivateEndpointWalks(t *testing.T) {
	for _, tc := range []struct {
		name     string
		stateful bool
		edit     func(*model.Topology)
		from     string
		want     Disposition
		reason   string   // a substring
		nodes    []string // forward hops
		ret      []string // return hops
	}{
		{name: "rule:private-endpoints.interface-endpoint-route: directly peered client", from: "vm-b/nic0", want: Delivered,
			reason: "delivered to private endpoint pe-blob (stacct, blob) at 10.2.1.4",
			nodes:  []string{"vm-b/nic0", "pe-blob"}, ret: []string{"pe-blob", "vm-b/nic0"}},
		{name: "rule:private-endpoints.asymmetric-return-trap: through a stateless NVA, reply from the hub", from: "vm-a/nic0", want: Delivered,
			nodes: []string{"vm-a/nic0", "nva/nic0", "pe-blob"}, ret: []string{"pe-blob", "vm-a/nic0"}},
		{name: "rule:private-endpoints.return-snat: a stateful NVA the reply bypasses drops", stateful: true, from: "vm-a/nic0", want: DroppedAsymmetric,
			reason: "rule:private-endpoints.return-snat", nodes: []string{"vm-a/nic0", "nva/nic0", "pe-blob"}, ret: []string{"pe-blob", "vm-a/nic0"}},
		{name: "rule:private-endpoints.inbound-only-approved: Pending", from: "vm-b/nic0", want: DroppedEndpointNotApproved,
			edit:   func(t *model.Topology) { t.PrivateEndpoints[0].ConnectionState = model.PEPending },
			reason: "private endpoint pe-blob is Pending", nodes: []string{"vm-b/nic0", "pe-blob"}},
		{name: "rule:private-endpoints.nsg-policy: NSG policy on, source ports read as *", from: "vm-b/nic0", want: DroppedByNSG,
			edit: func(t *model.Topology) {
				t.VNets[2].Subnets[0].PrivateEndpointNetworkPolicies = model.PENetworkPoliciesNSG
			},
			reason: "denied by nsg-pe rule deny-b", nodes: []string{"vm-b/nic0", "pe-blob"}},
		{name: "rule:private-endpoints.nsg-policy: Enabled applies the NSG", from: "vm-b/nic0", want: DroppedByNSG,
			edit: func(t *model.Topology) {
				t.VNets[2].Subnets[0].PrivateEndpointNetworkPolicies = model.PENetworkPoliciesEnabled
			}},
		{name: "rule:private-endpoints.nsg-policy: RouteTableEnabled does not", from: "vm-b/nic0", want: Delivered,
			edit: func(t *model.Topology) {
				t.VNets[2].Subnets[0].PrivateEndpointNetworkPolicies = model.PENetworkPoliciesRouteTable
			}},
		{name: "rule:private-endpoints.nsg-policy: spoke-a is outside pe-vnet's VirtualNetwork tag", from: "vm-a/nic0", want: DroppedByNSG,
			edit: func(t *model.Topology) {
				t.VNets[2].Subnets[0].PrivateEndpointNetworkPolicies = model.PENetworkPoliciesNSG
			},
			reason: "DenyAllInBound"},
		{name: "rule:private-endpoints.nsg-policy: NSG allows", from: "vm-a/nic0", want: Delivered,
			edit: func(t *model.Topology) {
				t.VNets[2].Subnets[0].PrivateEndpointNetworkPolicies = model.PENetworkPoliciesNSG
				t.NSGs[0].SecurityRules = append(t.NSGs[0].SecurityRules, model.SecurityRule{Name: "allow-a", Priority: 200, Direction: "Inbound", Access: "Allow",
					Protocol: "Tcp", SourceAddressPrefix: "10.1.0.0/16", SourcePortRange: "*", DestinationAddressPrefix: "10.2.1.4", DestinationPortRange: "443"})
			}},
		{name: "rule:peering.not-transitive: no route, no NVA", from: "vm-a/nic0", want: DroppedByNoneRoute,
			edit: func(t *model.Topology) { t.VNets[1].Subnets[0].RouteTable = "" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			topo := peDesign(tc.stateful)
			if tc.edit != nil {
				tc.edit(&topo)
			}
			p := dataplane.Build(&topo)
			f := Flow{Src: tc.from, DstIP: peBlobIP}
			tr := Run(p, f)
			if tr.Disposition != tc.want || !strings.Contains(tr.Reason, tc.reason) {
				t.Fatalf("%s → pe-blob: %s (%s), want %s with %q", tc.from, tr.Disposition, tr.Reason, tc.want, tc.reason)
			}
			if tc.nodes != nil && !slices.Equal(peNodes(tr.Hops), tc.nodes) {
				t.Errorf("hops %v, want %v", peNodes(tr.Hops), tc.nodes)
			}
			if tc.ret != nil && (tr.Return == nil || !slices.Equal(peNodes(tr.Return.Hops), tc.ret)) {
				t.Errorf("return %+v, want hops %v", tr.Return, tc.ret)
			}
			last := tr.Hops[len(tr.Hops)-1]
			if last.Node == "pe-blob" && last.Kind != HopPrivateEndpoint {
				t.Errorf("endpoint hop kind %q", last.Kind)
			}
			w := NewWalker(p, Options{}, true)
			q := w.Run(f)
			if q.Disposition != tr.Disposition || q.Reason != tr.Reason || !reflect.DeepEqual(q.Deps(), tr.Deps()) {
				t.Errorf("walker %s %q, run %s %q", q.Disposition, q.Reason, tr.Disposition, tr.Reason)
			}
			if d, why, nodes := NewPathWalker(p, Options{}).Path(f); d != tr.Disposition || why != tr.Reason || !slices.Equal(nodes, peNodes(tr.Hops)) {
				t.Errorf("path walker %s %q %v", d, why, nodes)
			}
		})
	}
}

// TestPrivateEndpointRouteStep: the walk's route step names the
// InterfaceEndpoint route as effective routes show it (rule:private-endpoints.interface-endpoint-route).
func TestPrivateEndpointRouteStep(t *testing.T) {
	topo := peDesign(false)
	p := dataplane.Build(&topo)
	tr := Run(p, Flow{Src: "vm-b/nic0", DstIP: peBlobIP})
	var ru *RouteUsed
	for _, s := range tr.Hops[0].Steps {
		if s.Route != nil {
			ru = s.Route
		}
	}
	if ru == nil || ru.NextHopType != "InterfaceEndpoint" || ru.AddressPrefix != "10.2.1.4/32" || ru.Source != "Default" ||
		len(ru.NextHopIPAddress) != 0 || ru.RouteTableID != dataplane.SystemRoute || ru.Origin != "private endpoint pe-blob" {
		t.Errorf("route step %+v", ru)
	}
}

// TestPrivateEndpointNeverOriginates: a walk from a private endpoint is
// not a valid question (rule:private-endpoints.inbound-only-approved, rule:private-endpoints.nsg-policy).
func TestPrivateEndpointNeverOriginates(t *testing.T) {
	topo := peDesign(false)
	p := dataplane.Build(&topo)
	f := Flow{Src: "pe-blob", DstIP: netip.MustParseAddr("10.3.1.4")}
	for _, tr := range []*Trace{Run(p, f), NewWalker(p, Options{}, false).Run(f)} {
		if tr.Disposition != InvalidFlow || !strings.Contains(tr.Reason, "never originates traffic") {
			t.Errorf("walk from pe-blob: %s (%s)", tr.Disposition, tr.Reason)
		}
	}
}

// TestPrivateEndpointWalkerEqualsRun: a Walker asked every flow between
// the VMs and to the endpoint, in varying orders (memoized suffixes and
// appliance hops shared), answers like RunWith.
func TestPrivateEndpointWalkerEqualsRun(t *testing.T) {
	for _, stateful := range []bool{false, true} {
		topo := peDesign(stateful)
		topo.VNets[2].Subnets[0].PrivateEndpointNetworkPolicies = model.PENetworkPoliciesEnabled
		// A UDR whose next hop is the endpoint address itself.
		topo.RouteTables = append(topo.RouteTables, model.RouteTable{ID: "rt-b", Routes: []model.Route{
			{Name: "odd", AddressPrefix: "10.2.1.0/24", NextHopType: model.HopVirtualAppliance, NextHopIPAddress: "10.2.1.4"}}})
		topo.VNets[3].Subnets[0].RouteTable = "rt-b"
		p := dataplane.Build(&topo)
		dsts := []netip.Addr{peBlobIP, netip.MustParseAddr("10.1.1.4"), netip.MustParseAddr("10.3.1.4"), netip.MustParseAddr("10.0.1.4"), netip.MustParseAddr("10.2.1.9")}
		srcs := []string{"vm-a/nic0", "vm-b/nic0", "nva/nic0", "pe-blob"}
		w := NewWalker(p, Options{}, true)
		for round := range 2 {
			for _, s := range srcs {
				for _, d := range dsts {
					f := Flow{Src: s, DstIP: d}
					a, b := w.Run(f), RunWith(p, f, Options{})
					if a.Disposition != b.Disposition || a.Reason != b.Reason || !reflect.DeepEqual(a.Deps(), b.Deps()) {
						t.Fatalf("round %d %s → %s: walker %s %q, run %s %q", round, s, d, a.Disposition, a.Reason, b.Disposition, b.Reason)
					}
					if (a.Return == nil) != (b.Return == nil) || a.Return != nil && (a.Return.Disposition != b.Return.Disposition || a.Return.Reason != b.Return.Reason) {
						t.Fatalf("round %d %s → %s: return walks differ", round, s, d)
					}
				}
			}
			slices.Reverse(srcs)
		}
	}
}
