package dataplane

import (
	"fmt"
	"net/netip"
	"strings"
	"testing"

	"vnetplay/engine/model"
	"vnetplay/engine/route"
)

func vnet(id, loc string, prefixes []string, subnets ...model.Subnet) model.VNet {
	return model.VNet{ID: id, Location: loc, AddressSpace: model.AddressSpace{AddressPrefixes: prefixes}, Subnets: subnets}
}

func subnet(name, prefix string) model.Subnet { return model.Subnet{Name: name, AddressPrefix: prefix} }

func peer(id, a, b string) model.Peering {
	return model.Peering{ID: id, A: model.PeeringLink{VNet: a}, B: model.PeeringLink{VNet: b}}
}

// rows renders a table as "Source State Prefix NextHop IP" lines.
func rows(t *testing.T, p *Plane, sn string) []string {
	t.Helper()
	tab, ok := p.Routes(sn)
	if !ok {
		t.Fatalf("no routes for %s", sn)
	}
	var out []string
	for _, r := range tab.Routes() {
		ip := ""
		if r.NextHopIP.IsValid() {
			ip = " " + r.NextHopIP.String()
		}
		out = append(out, fmt.Sprintf("%s %s %s %s%s", r.Source, r.State, r.Prefix, r.NextHop, ip))
	}
	return out
}

func has(rows []string, want string) bool {
	for _, r := range rows {
		if r == want {
			return true
		}
	}
	return false
}

func TestSystemRoutes(t *testing.T) {
	for _, tc := range []struct {
		name      string
		topo      model.Topology
		subnet    string
		want, not []string
	}{
		{
			name:   "rule:system-routes.default-set rule:system-routes.default-set defaults: VNet range, Internet, four None routes",
			topo:   model.Topology{VNets: []model.VNet{vnet("v", "", []string{"10.0.0.0/16"}, subnet("s", "10.0.0.0/24"))}},
			subnet: "v/s",
			want: []string{"Default Active 10.0.0.0/16 VnetLocal", "Default Active 0.0.0.0/0 Internet", "Default Active 10.0.0.0/8 None",
				"Default Active 172.16.0.0/12 None", "Default Active 192.168.0.0/16 None", "Default Active 100.64.0.0/10 None"},
			not: []string{"Default Active 10.0.0.0/24 VnetLocal"}, // rule:system-routes.no-per-subnet-route: no per-subnet route
		},
		{
			name:   "rule:system-routes.default-set one route per address range",
			topo:   model.Topology{VNets: []model.VNet{vnet("v", "", []string{"10.1.0.0/16", "10.2.0.0/16"}, subnet("s", "10.1.0.0/24"))}},
			subnet: "v/s",
			want:   []string{"Default Active 10.1.0.0/16 VnetLocal", "Default Active 10.2.0.0/16 VnetLocal"},
		},
		{
			name:   "rule:system-routes.vnet-range-replaces-reserved range equal to a reserved prefix replaces the None route",
			topo:   model.Topology{VNets: []model.VNet{vnet("v", "", []string{"10.0.0.0/8"}, subnet("s", "10.0.0.0/24"))}},
			subnet: "v/s",
			want:   []string{"Default Active 10.0.0.0/8 VnetLocal"},
			not:    []string{"Default Active 10.0.0.0/8 None", "Default Invalid 10.0.0.0/8 None"},
		},
		{
			name:   "rule:system-routes.vnet-range-replaces-reserved larger range deletes the reserved None route",
			topo:   model.Topology{VNets: []model.VNet{vnet("v", "", []string{"172.0.0.0/11"}, subnet("s", "172.16.0.0/24"))}},
			subnet: "v/s",
			want:   []string{"Default Active 172.0.0.0/11 VnetLocal", "Default Active 10.0.0.0/8 None"},
			not:    []string{"Default Active 172.16.0.0/12 None"},
		},
		{
			name:   "rule:system-routes.vnet-inside-reserved range inside a reserved prefix keeps the None route",
			topo:   model.Topology{VNets: []model.VNet{vnet("v", "", []string{"192.168.10.0/24"}, subnet("s", "192.168.10.0/26"))}},
			subnet: "v/s",
			want:   []string{"Default Active 192.168.10.0/24 VnetLocal", "Default Active 192.168.0.0/16 None"},
		},
		{
			name: "rule:system-routes.peering-routes rule:peering.global peering routes: regional VNetPeering, global VNetGlobalPeering",
			topo: model.Topology{
				VNets: []model.VNet{vnet("a", "westeurope", []string{"10.0.0.0/16"}, subnet("s", "10.0.0.0/24")),
					vnet("b", "westeurope", []string{"10.1.0.0/16", "10.2.0.0/16"}), vnet("c", "eastus", []string{"10.3.0.0/16"})},
				Peerings: []model.Peering{peer("ab", "a", "b"), peer("ac", "a", "c")},
			},
			subnet: "a/s",
			want:   []string{"Default Active 10.1.0.0/16 VNetPeering", "Default Active 10.2.0.0/16 VNetPeering", "Default Active 10.3.0.0/16 VNetGlobalPeering"},
		},
		{
			name: "rule:peering.global a location compares as ARM reads it: West Europe is westeurope, a regional peering",
			topo: model.Topology{
				VNets: []model.VNet{vnet("a", "westeurope", []string{"10.0.0.0/16"}, subnet("s", "10.0.0.0/24")),
					vnet("b", "West Europe", []string{"10.1.0.0/16"}), vnet("c", "East US", []string{"10.3.0.0/16"})},
				Peerings: []model.Peering{peer("ab", "a", "b"), peer("ac", "a", "c")},
			},
			subnet: "a/s",
			want:   []string{"Default Active 10.1.0.0/16 VNetPeering", "Default Active 10.3.0.0/16 VNetGlobalPeering"},
		},
		{
			name: "rule:peering.link-states Initiated peering programs no routes",
			topo: model.Topology{
				VNets:    []model.VNet{vnet("a", "", []string{"10.0.0.0/16"}, subnet("s", "10.0.0.0/24")), vnet("b", "", []string{"10.1.0.0/16"})},
				Peerings: []model.Peering{{ID: "ab", A: model.PeeringLink{VNet: "a"}, B: model.PeeringLink{VNet: "b", Lifecycle: model.LinkNotCreated}}},
			},
			subnet: "a/s",
			not:    []string{"Default Active 10.1.0.0/16 VNetPeering"},
		},
		{
			name: "rule:peering.no-overlap overlapping peering is ignored",
			topo: model.Topology{
				VNets:    []model.VNet{vnet("a", "", []string{"10.0.0.0/16"}, subnet("s", "10.0.0.0/24")), vnet("b", "", []string{"10.0.0.0/8"})},
				Peerings: []model.Peering{peer("ab", "a", "b")},
			},
			subnet: "a/s",
			not:    []string{"Default Active 10.0.0.0/8 VNetPeering"},
		},
		{
			name: "rule:system-routes.service-endpoint-routes service endpoint routes only on the enabled subnet",
			topo: model.Topology{VNets: []model.VNet{vnet("v", "", []string{"10.0.0.0/16"},
				model.Subnet{Name: "s", AddressPrefix: "10.0.0.0/24", ServiceEndpoints: []model.ServiceEndpoint{{Service: "Microsoft.Storage"}}},
				subnet("t", "10.0.1.0/24"))}},
			subnet: "v/s",
			want:   []string{"Default Active 20.60.0.0/16 VirtualNetworkServiceEndpoint"},
		},
		{
			name: "rule:system-routes.default-udr-removes-reserved UDR 0/0 to an appliance removes the reserved None routes; rule:route-selection.same-prefix-tie-break it overrides Internet",
			topo: model.Topology{
				VNets:       []model.VNet{vnet("v", "", []string{"10.0.0.0/16"}, model.Subnet{Name: "s", AddressPrefix: "10.0.0.0/24", RouteTable: "rt"})},
				RouteTables: []model.RouteTable{{ID: "rt", Routes: []model.Route{{Name: "d", AddressPrefix: "0.0.0.0/0", NextHopType: "VirtualAppliance", NextHopIPAddress: "10.0.0.4"}}}},
			},
			subnet: "v/s",
			want:   []string{"User Active 0.0.0.0/0 VirtualAppliance 10.0.0.4", "Default Invalid 0.0.0.0/0 Internet"},
			not:    []string{"Default Active 10.0.0.0/8 None", "Default Active 100.64.0.0/10 None"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := rows(t, Build(&tc.topo), tc.subnet)
			for _, w := range tc.want {
				if !has(got, w) {
					t.Errorf("missing %q in\n%s", w, strings.Join(got, "\n"))
				}
			}
			for _, n := range tc.not {
				if has(got, n) {
					t.Errorf("unexpected %q in\n%s", n, strings.Join(got, "\n"))
				}
			}
		})
	}
}

func TestServiceEndpointOnlyOnEnabledSubnet(t *testing.T) {
	topo := model.Topology{VNets: []model.VNet{vnet("v", "", []string{"10.0.0.0/16"},
		model.Subnet{Name: "s", AddressPrefix: "10.0.0.0/24", ServiceEndpoints: []model.ServiceEndpoint{{Service: "Microsoft.Storage"}}},
		subnet("t", "10.0.1.0/24"))}}
	if got := rows(t, Build(&topo), "v/t"); has(got, "Default Active 20.60.0.0/16 VirtualNetworkServiceEndpoint") {
		t.Fatalf("rule:system-routes.service-endpoint-routes: service endpoint route leaked to another subnet")
	}
}

func TestNextHopF7(t *testing.T) {
	topo := model.Topology{
		VNets:       []model.VNet{vnet("v", "", []string{"10.0.0.0/16"}, model.Subnet{Name: "s", AddressPrefix: "10.0.0.0/24", RouteTable: "rt"})},
		RouteTables: []model.RouteTable{{ID: "rt", Routes: []model.Route{{Name: "x", AddressPrefix: "10.0.5.0/24", NextHopType: "VirtualAppliance", NextHopIPAddress: "10.0.0.4"}}}},
	}
	p := Build(&topo)
	for _, tc := range []struct {
		dst, typ, ip, table string
	}{
		{"10.0.5.9", "VirtualAppliance", "10.0.0.4", "rt"},
		{"10.0.1.9", "VnetLocal", "", SystemRoute},
		{"10.9.0.1", "None", "", SystemRoute},
		{"8.8.8.8", "Internet", "", SystemRoute},
	} {
		res, ok := p.NextHop("v/s", netip.MustParseAddr(tc.dst))
		if !ok || res.NextHopType.String() != tc.typ || res.NextHopIPAddress != tc.ip || res.RouteTableID != tc.table {
			t.Errorf("NextHop(%s) = %+v", tc.dst, res)
		}
	}
	if res, _ := p.NextHop("v/s", netip.MustParseAddr("10.0.5.1")); res.Route.Origin.Kind != route.FromRouteTable {
		t.Errorf("origin not carried")
	}
}

// TestNextHopPlatformAddress: Next hop to a host-platform address under a
// 0.0.0.0/0 → None UDR lists the matching route, as Network Watcher's route
// lookup would, and says that the address is not subject to it, as the
// packet walk does (rule:route-selection.platform-addresses-bypass-udrs);
// an ordinary address under the same route gets no such note.
func TestNextHopPlatformAddress(t *testing.T) {
	topo := model.Topology{
		VNets:       []model.VNet{vnet("v", "", []string{"10.0.0.0/16"}, model.Subnet{Name: "s", AddressPrefix: "10.0.0.0/24", RouteTable: "rt"})},
		RouteTables: []model.RouteTable{{ID: "rt", Routes: []model.Route{{Name: "drop-all", AddressPrefix: "0.0.0.0/0", NextHopType: "None"}}}},
	}
	p := Build(&topo)
	for _, dst := range []string{"168.63.129.16", "169.254.169.254"} {
		res, ok := p.NextHop("v/s", netip.MustParseAddr(dst))
		if !ok || res.NextHopType != route.None || res.RouteTableID != "rt" {
			t.Fatalf("NextHop(%s) = %+v, want the drop-all route of rt", dst, res)
		}
		if !strings.Contains(res.Platform, dst) || !strings.Contains(res.Platform, "rule:route-selection.platform-addresses-bypass-udrs") {
			t.Errorf("NextHop(%s).Platform = %q, want the host-platform note", dst, res.Platform)
		}
	}
	if res, _ := p.NextHop("v/s", netip.MustParseAddr("203.0.113.9")); res.Platform != "" {
		t.Errorf("ordinary address got a platform note: %q", res.Platform)
	}
}

// TestPeeringSyncF66 replays Microsoft's PowerShell sync test: VNet1 adds
// 10.99.0.0/16; until VNet2's link is synced, VNet2 has no route to it.
func TestPeeringSyncF66(t *testing.T) {
	topo := model.Topology{
		VNets: []model.VNet{vnet("vnet1", "", []string{"10.1.0.0/16", "10.99.0.0/16"}, subnet("s", "10.1.0.0/24")),
			vnet("vnet2", "", []string{"10.2.0.0/16"}, subnet("s", "10.2.0.0/24"))},
		Peerings: []model.Peering{{ID: "p", A: model.PeeringLink{VNet: "vnet1"},
			B: model.PeeringLink{VNet: "vnet2", RemoteAddressSpace: &model.AddressSpace{AddressPrefixes: []string{"10.1.0.0/16"}}}}},
	}
	got := rows(t, Build(&topo), "vnet2/s")
	if !has(got, "Default Active 10.1.0.0/16 VNetPeering") || has(got, "Default Active 10.99.0.0/16 VNetPeering") {
		t.Fatalf("stale link must keep the old remote space:\n%s", strings.Join(got, "\n"))
	}
	a, b := topo.Peerings[0].A, topo.Peerings[0].B
	v1, v2 := topo.VNets[0].AddressSpace, topo.VNets[1].AddressSpace
	if l := model.LinkSync(a, b, v1, v2); l != model.RemoteNotInSync {
		t.Errorf("VNet1's link = %s, want RemoteNotInSync", l)
	}
	if l := model.LinkSync(b, a, v2, v1); l != model.LocalNotInSync {
		t.Errorf("VNet2's link = %s, want LocalNotInSync", l)
	}
	// After the sync both links are FullyInSync and the route appears.
	topo.Peerings[0].B.RemoteAddressSpace = &model.AddressSpace{AddressPrefixes: []string{"10.99.0.0/16", "10.1.0.0/16"}}
	if l := model.LinkSync(topo.Peerings[0].B, a, v2, v1); l != model.FullyInSync {
		t.Errorf("after sync: %s", l)
	}
	if got := rows(t, Build(&topo), "vnet2/s"); !has(got, "Default Active 10.99.0.0/16 VNetPeering") {
		t.Errorf("synced link must program the new range:\n%s", strings.Join(got, "\n"))
	}
}
