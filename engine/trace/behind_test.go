package trace

import (
	"net/netip"
	"strings"
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
)

// sdwanDesign: a hub with an SD-WAN concentrator sdwan (10.0.1.4) that
// fronts the branches 192.168.0.0/16 (host pc 192.168.1.10), and a spoke
// whose route table sends the branches to it.
func sdwanDesign() model.Topology {
	vnet := func(id, space, app string) model.VNet {
		return model.VNet{ID: id, AddressSpace: model.AddressSpace{AddressPrefixes: []string{space}}, Subnets: []model.Subnet{{Name: "app", AddressPrefix: app}}}
	}
	t := model.Topology{
		VNets: []model.VNet{vnet("hub", "10.0.0.0/16", "10.0.1.0/24"), vnet("spoke", "10.1.0.0/16", "10.1.1.0/24")},
		VMs: []model.VM{
			{ID: "sdwan", GuestIPForwarding: true, NICs: []model.NIC{{Name: "nic0", Subnet: "hub/app", PrivateIPAddress: "10.0.1.4", EnableIPForwarding: true}},
				NetworksBehind: []model.NetworkBehind{{Name: "branches", AddressPrefixes: []string{"192.168.0.0/16"}, Hosts: []model.Host{{ID: "pc", IPAddress: "192.168.1.10"}}}}},
			{ID: "vm", NICs: []model.NIC{{Name: "nic0", Subnet: "spoke/app", PrivateIPAddress: "10.1.1.4"}}},
		},
		Peerings: []model.Peering{{ID: "hub-spoke", A: model.PeeringLink{VNet: "hub"}, B: model.PeeringLink{VNet: "spoke", AllowForwardedTraffic: true}}},
		RouteTables: []model.RouteTable{{ID: "to-sdwan", Routes: []model.Route{
			{Name: "branches", AddressPrefix: "192.168.0.0/16", NextHopType: model.HopVirtualAppliance, NextHopIPAddress: "10.0.1.4"}}}},
	}
	t.VNets[1].Subnets[0].RouteTable = "to-sdwan"
	return t
}

// TestNetworksBehindNVA checks rule:nva.networks-behind: a walk to a
// network an NVA fronts ends "delivered behind" the NVA instead of looping
// or dropping, its reply leaves through the NVA and needs the peering to
// allow forwarded traffic (the source is not in the hub), and a host
// behind the NVA is a source that needs IP forwarding on the NVA's NIC.
func TestNetworksBehindNVA(t *testing.T) {
	for _, tc := range []struct {
		name     string
		edit     func(*model.Topology)
		from, to string
		want     Disposition
		reason   string
		ret      Disposition
	}{
		{"to a declared host", nil, "vm/nic0", "sdwan/branches/pc", Delivered, "delivered behind NVA sdwan", Delivered},
		{"to an address with no host", nil, "vm/nic0", "192.168.7.7", Delivered, "delivered behind NVA sdwan", Delivered},
		{"from a host behind the NVA", nil, "sdwan/branches/pc", "vm/nic0", Delivered, "delivered to vm/nic0", Delivered},
		{"the NVA itself reaches its network", nil, "sdwan/nic0", "sdwan/branches/pc", Delivered, "behind NVA sdwan", 0},
		{"no UDR: the spoke has no route to the branches", func(t *model.Topology) { t.VNets[1].Subnets[0].RouteTable = "" }, "vm/nic0", "sdwan/branches/pc", DroppedByNoneRoute, "", 0},
		{"the reply crosses into the spoke only with allowForwardedTraffic",
			func(t *model.Topology) { t.Peerings[0].B.AllowForwardedTraffic = false }, "vm/nic0", "sdwan/branches/pc", DroppedOnReturn, "does not allow forwarded traffic", 0},
		{"IP forwarding off on the NIC: nothing reaches the branches",
			func(t *model.Topology) { t.VMs[0].NICs[0].EnableIPForwarding = false }, "vm/nic0", "sdwan/branches/pc", DroppedIPForwardingOff, "IP forwarding off", 0},
		{"nor leaves them", func(t *model.Topology) { t.VMs[0].NICs[0].EnableIPForwarding = false }, "sdwan/branches/pc", "vm/nic0", DroppedIPForwardingOff, "source address not its own", 0},
		{"without the network the UDR's target forwards back by its own routes",
			func(t *model.Topology) { t.VMs[0].NetworksBehind = nil }, "vm/nic0", "192.168.1.10", DroppedByNoneRoute, "", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			topo := sdwanDesign()
			if tc.edit != nil {
				tc.edit(&topo)
			}
			p := dataplane.Build(&topo)
			ip, err := netip.ParseAddr(tc.to)
			if err != nil {
				_, ip, _ = p.Endpoint(tc.to)
			}
			tr := Run(p, Flow{Src: tc.from, DstIP: ip})
			if tr.Disposition != tc.want || !strings.Contains(tr.Reason, tc.reason) {
				t.Fatalf("%s → %s: %s (%s), want %s with %q", tc.from, tc.to, tr.Disposition, tr.Reason, tc.want, tc.reason)
			}
			if tc.ret != 0 && (tr.Return == nil || tr.Return.Disposition != tc.ret) {
				t.Errorf("reply: %+v, want %s", tr.Return, tc.ret)
			}
		})
	}
}

// TestNetworksBehindEndpoints: hosts behind an NVA are endpoints
// "<vm>/<network>/<host>" owned by the VM's first NIC, and the walker's
// quiet walks (the matrix) agree with the full walk.
func TestNetworksBehindEndpoints(t *testing.T) {
	topo := sdwanDesign()
	p := dataplane.Build(&topo)
	id, ip, ok := p.Endpoint("sdwan/branches/pc")
	if !ok || id != "sdwan/branches/pc" || ip.String() != "192.168.1.10" {
		t.Fatalf("endpoint: %q %v %v", id, ip, ok)
	}
	if ep, _ := p.HybridEndpoint(id); ep.Kind != dataplane.EndpointBehindNVA || ep.Owner != "sdwan/nic0" {
		t.Errorf("endpoint %+v", ep)
	}
	if got := HopKind(p, id); got != dataplane.EndpointBehindNVA {
		t.Errorf("HopKind = %q", got)
	}
	w := NewWalker(p, Options{}, false)
	for _, f := range []Flow{{Src: "vm/nic0", DstIP: ip}, {Src: id, DstIP: netip.MustParseAddr("10.1.1.4")}, {Src: "vm/nic0", DstIP: netip.MustParseAddr("192.168.9.9")}} {
		full, quiet := Run(p, f), w.Run(f)
		if full.Disposition != quiet.Disposition || full.Reason != quiet.Reason {
			t.Errorf("%v: full %s (%s), walker %s (%s)", f, full.Disposition, full.Reason, quiet.Disposition, quiet.Reason)
		}
	}
}
