package trace

import (
	"strings"
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
)

// gatewayAddressDesign is transitDesign (an ExpressRoute gateway, an
// active-active VPN gateway with a BGP branch, Route Server) plus a spoke
// peered to the hub and an isolated VNet.
func gatewayAddressDesign() model.Topology {
	t := transitDesign(true)
	t.VNets = append(t.VNets,
		model.VNet{ID: "spoke", AddressSpace: model.AddressSpace{AddressPrefixes: []string{"10.1.0.0/16"}}, Subnets: []model.Subnet{{Name: "app", AddressPrefix: "10.1.1.0/24"}}},
		model.VNet{ID: "lonely", AddressSpace: model.AddressSpace{AddressPrefixes: []string{"10.9.0.0/16"}}, Subnets: []model.Subnet{{Name: "app", AddressPrefix: "10.9.1.0/24"}}})
	t.VMs = append(t.VMs,
		model.VM{ID: "spoke-vm", NICs: []model.NIC{{Name: "nic0", Subnet: "spoke/app", PrivateIPAddress: "10.1.1.4"}}},
		model.VM{ID: "lonely-vm", NICs: []model.NIC{{Name: "nic0", Subnet: "lonely/app", PrivateIPAddress: "10.9.1.4"}}})
	t.Peerings = []model.Peering{{ID: "hub-spoke", A: model.PeeringLink{VNet: "hub"}, B: model.PeeringLink{VNet: "spoke"}}}
	return t
}

// TestGatewayAddressEndpoints checks rule:bgp.gateway-addresses-as-endpoints:
// a gateway's BGP peering addresses (one per instance of an active-active
// gateway, rule:bgp.peering-address) and Route Server's are walk
// destinations and sources, reached by ordinary routing, and an instance
// that is down does not answer (rule:vpn-gateway.active-active).
func TestGatewayAddressEndpoints(t *testing.T) {
	for _, tc := range []struct {
		name     string
		fails    []model.Failure
		from, to string
		want     Disposition
		reason   string // a fragment of the reason
		ret      Disposition
	}{
		{"VM to the VPN gateway's first address", nil, "vm/nic0", "vpngw", Delivered, "gateway vpngw, instance 0, BGP peering address 10.0.255.4", Delivered},
		{"VM to the second instance of an active-active gateway", nil, "vm/nic0", "vpngw/1", Delivered, "instance 1, BGP peering address 10.0.255.5", Delivered},
		{"the instance-0 alias", nil, "vm/nic0", "vpngw/0", Delivered, "instance 0", Delivered},
		{"ExpressRoute gateway: the 6th address of GatewaySubnet", nil, "vm/nic0", "ergw", Delivered, "gateway ergw, instance 0, BGP peering address 10.0.255.6", Delivered},
		{"Route Server's second instance", nil, "vm/nic0", "rs/1", Delivered, "Route Server rs, instance 1, BGP peering address 10.0.254.5", Delivered},
		{"a peered spoke reaches the hub's gateway address", nil, "spoke-vm/nic0", "vpngw", Delivered, "gateway vpngw", Delivered},
		{"an unpeered VNet does not", nil, "lonely-vm/nic0", "vpngw", DroppedByNoneRoute, "next hop None", 0},
		{"the BGP branch reaches the gateway over its tunnel", nil, "branch/h", "vpngw/1", Delivered, "instance 1", DeliveredOnPremises},
		{"from the gateway to the branch", nil, "vpngw", "branch/h", DeliveredOnPremises, "branch/h", Delivered},
		{"from the gateway's second instance to a spoke", nil, "vpngw/1", "spoke-vm/nic0", Delivered, "spoke-vm/nic0", Delivered},
		{"a failed instance does not answer", []model.Failure{{Kind: model.GatewayInstanceDown, Target: "vpngw/1"}}, "vm/nic0", "vpngw/1", DroppedComponentDown, "instance 1 of active-active vpngw is down", 0},
		{"the other instance still does", []model.Failure{{Kind: model.GatewayInstanceDown, Target: "vpngw/1"}}, "vm/nic0", "vpngw", Delivered, "instance 0", Delivered},
		{"a gateway that is down does not answer", []model.Failure{{Kind: model.GatewayDown, Target: "ergw"}}, "vm/nic0", "ergw", DroppedComponentDown, "ergw is down", 0},
		{"nor sends", []model.Failure{{Kind: model.GatewayDown, Target: "ergw"}}, "ergw", "vm/nic0", DroppedComponentDown, "ergw is down", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			topo := gatewayAddressDesign()
			p := dataplane.Build(&topo, dataplane.WithFailures(tc.fails))
			ep, ok := GatewayEndpoint(p, tc.to)
			var tr *Trace
			if ok {
				tr = Run(p, Flow{Src: tc.from, DstIP: ep.IP, Protocol: "Tcp", DstPort: 179})
			} else {
				tr = runHybrid(t, topo, tc.fails, tc.from, tc.to)
			}
			if tr.Disposition != tc.want || !strings.Contains(tr.Reason, tc.reason) {
				t.Fatalf("%s → %s: %s (%s), want %s with %q", tc.from, tc.to, tr.Disposition, tr.Reason, tc.want, tc.reason)
			}
			if tc.ret != 0 && (tr.Return == nil || tr.Return.Disposition != tc.ret) {
				t.Errorf("reply: %+v, want %s", tr.Return, tc.ret)
			}
		})
	}
}

// TestGatewayEndpointRefs checks how gateway references resolve: instance 1
// only where there are two instances, a comma-separated
// bgpPeeringAddress (as ARM writes it for active-active) gives both, and
// addresses map back to their endpoint.
func TestGatewayEndpointRefs(t *testing.T) {
	topo := gatewayAddressDesign()
	topo.Gateways[1].ActiveActive = false
	p := dataplane.Build(&topo)
	if _, ok := GatewayEndpoint(p, "vpngw/1"); ok {
		t.Error("an active-standby gateway has one BGP peering address, yet vpngw/1 resolved")
	}
	for _, bad := range []string{"vpngw/2", "nope", "vm", "branch/h", ""} {
		if _, ok := GatewayEndpoint(p, bad); ok {
			t.Errorf("%q resolved as a gateway address", bad)
		}
	}
	topo = gatewayAddressDesign()
	topo.Gateways[1].BgpSettings = &model.BgpSettings{Asn: 65515, BgpPeeringAddress: "10.0.255.12,10.0.255.13"}
	p = dataplane.Build(&topo)
	for ref, want := range map[string]string{"vpngw": "10.0.255.12", "vpngw/1": "10.0.255.13", "rs": "10.0.254.4", "ergw": "10.0.255.6"} {
		ep, ok := GatewayEndpoint(p, ref)
		if !ok || ep.IP.String() != want {
			t.Errorf("%s: %v %v, want %s", ref, ep.IP, ok, want)
			continue
		}
		if at, ok := GatewayEndpointAt(p, ep.IP); !ok || at.ID != ep.ID {
			t.Errorf("GatewayEndpointAt(%s) = %q %v, want %q", ep.IP, at.ID, ok, ep.ID)
		}
		if got := HopKind(p, ep.ID); got == "" {
			t.Errorf("HopKind(%s) is empty", ep.ID)
		}
	}
}

// TestASPathWords: a best path's AS path as a walk step says it, and says
// what an empty one means instead of printing "".
func TestASPathWords(t *testing.T) {
	for _, c := range []struct {
		path   string
		static bool
		want   string
	}{
		{"65020 65010", false, `AS path "65020 65010"`},
		{"", true, "static prefix, no AS path"},
		{"", false, "empty AS path: the neighbour's own prefix"},
	} {
		if got := asPathWords(c.path, c.static); got != c.want {
			t.Errorf("asPathWords(%q, %v) = %q, want %q", c.path, c.static, got, c.want)
		}
	}
}
