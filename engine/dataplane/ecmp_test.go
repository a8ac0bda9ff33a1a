package dataplane

import (
	"fmt"
	"net/netip"
	"testing"

	"vnetplay/engine/model"
	"vnetplay/engine/route"
)

// ecmpTopo is a hub with Route Server and two NVAs (AS 65001, 65002) that
// announce 172.20.0.0/16, the second with prepend extra AS numbers, and a
// spoke whose link uses the hub's gateway or Route Server when remote is
// set (rule:route-server.injection-scope).
func ecmpTopo(prepend int, remote bool) model.Topology {
	nva := func(id, ip string) model.VM {
		return model.VM{ID: id, GuestIPForwarding: true, NICs: []model.NIC{{Name: "nic0", Subnet: "hub/nva", PrivateIPAddress: ip, EnableIPForwarding: true}}}
	}
	p := peer("hub-spoke", "hub", "spoke")
	p.A.AllowGatewayTransit, p.B.UseRemoteGateways, p.B.AllowForwardedTraffic = true, remote, true
	return model.Topology{
		VNets: []model.VNet{
			vnet("hub", "", []string{"10.0.0.0/16"}, subnet("nva", "10.0.1.0/24"), subnet(model.RouteServerSubnet, "10.0.254.0/26")),
			vnet("spoke", "", []string{"10.1.0.0/16"}, subnet("app", "10.1.1.0/24")),
		},
		Peerings: []model.Peering{p},
		VMs:      []model.VM{nva("nva1", "10.0.1.4"), nva("nva2", "10.0.1.5")},
		RouteServers: []model.RouteServer{{ID: "rs", VNet: "hub", BgpConnections: []model.RouteServerPeer{
			{Name: "nva1", PeerIP: "10.0.1.4", PeerAsn: 65001, Advertise: []model.Advertisement{{Prefix: "172.20.0.0/16"}}},
			{Name: "nva2", PeerIP: "10.0.1.5", PeerAsn: 65002, Advertise: []model.Advertisement{{Prefix: "172.20.0.0/16", AsPathPrepend: prepend}}},
		}}},
	}
}

// TestRouteServerECMPInSpoke: rule:route-server.as-path-and-ecmp with rule:route-server.injection-scope and rule:route-server.routes-shown-as-gateway — a spoke that uses
// the hub's Route Server gets the NVAs' prefix as a VirtualNetworkGateway
// route whose next hops are every NVA with the shortest AS path, sorted;
// its JSON list (rule:outputs.effective-route-fields) and Network Watcher's single address follow.
func TestRouteServerECMPInSpoke(t *testing.T) {
	dst := netip.MustParseAddr("172.20.1.1")
	for _, tc := range []struct {
		name    string
		prepend int
		remote  bool
		subnet  string
		want    string // the active route's next hops, "-" when the prefix has no route
	}{
		{"rule:route-server.as-path-and-ecmp, rule:route-server.injection-scope: equal AS-path length: both NVAs in the spoke", 0, true, "spoke/app", "[10.0.1.4 10.0.1.5]"},
		{"rule:route-server.as-path-and-ecmp: equal AS-path length: both NVAs in the hub itself", 0, true, "hub/nva", "[10.0.1.4 10.0.1.5]"},
		{"rule:route-server.as-path-and-ecmp: a prepended NVA is standby: one next hop", 1, true, "spoke/app", "[10.0.1.4]"},
		{"rule:route-server.injection-scope: a spoke without useRemoteGateways learns nothing from Route Server", 0, false, "spoke/app", "-"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			topo := ecmpTopo(tc.prepend, tc.remote)
			p := Build(&topo)
			tab, ok := p.Routes(tc.subnet)
			if !ok {
				t.Fatalf("no table for %s", tc.subnet)
			}
			got := "-"
			for _, r := range tab.Routes() {
				if r.Prefix.String() == "172.20.0.0/16" && r.State == route.Active {
					if r.Source != route.Gateway || r.NextHop != route.VirtualNetworkGateway {
						t.Errorf("rule:route-server.routes-shown-as-gateway: want source and type VirtualNetworkGateway, got %s %s", r.Source, r.NextHop)
					}
					got = fmt.Sprint(r.NextHopIPStrings())
				}
			}
			if got != tc.want {
				t.Fatalf("%s: 172.20.0.0/16 next hops = %s, want %s", tc.subnet, got, tc.want)
			}
			if got == "-" {
				return
			}
			res, ok := p.NextHop(tc.subnet, dst)
			if !ok || res.NextHopIPAddress != "10.0.1.4" || fmt.Sprint(res.Route.NextHopIPStrings()) != tc.want {
				t.Errorf("NextHop = %+v, want the lowest address 10.0.1.4 and the route's full list", res)
			}
		})
	}
}
