package conformance_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
	"vnetplay/engine/route"
	"vnetplay/engine/trace"
)

// Conformance tests for docs/rules/outputs.md (rule book section A): what
// vnetplay reports and what it calls things. Expected values come from the
// facts and the Microsoft pages each rule cites (the EffectiveRoute REST
// shape, Network Watcher's Next hop and IP flow verify), not from the
// engine's output.

// gwAzureNextHopNames are the next-hop types real effective-route outputs
// use (CLI/REST spellings); vnetplay never emits ConnectedGroup (no Virtual
// Network Manager).
var gwAzureNextHopNames = []string{"VnetLocal", "VNetPeering", "VNetGlobalPeering", "VirtualNetworkServiceEndpoint",
	"VirtualAppliance", "VirtualNetworkGateway", "Internet", "None"}

// gwOutputsDesign is a hub 10.0.0.0/16 in westeurope with subnets app
// (10.0.1.0/24, route table rt, Microsoft.Storage endpoint, vm 10.0.1.4),
// nva (10.0.2.0/24, forwarding nva 10.0.2.4) and GatewaySubnet; a static VPN
// gateway gw to branch 192.168.10.0/24 (host 192.168.10.10); a peered spoke
// 10.1.0.0/16 in the same region (vm-spoke 10.1.1.4) and a peered far VNet
// 10.2.0.0/16 in eastus (vm-far 10.2.1.4). Route table rt holds the UDRs
// given (none when empty).
func gwOutputsDesign(udrs ...model.Route) model.Topology {
	t := model.Topology{
		VNets: []model.VNet{
			hsVNet("hub", "10.0.0.0/16", "app=10.0.1.0/24", "nva=10.0.2.0/24", "GatewaySubnet=10.0.255.0/27"),
			hsVNet("spoke", "10.1.0.0/16", "app=10.1.1.0/24"),
			hsVNet("far", "10.2.0.0/16", "app=10.2.1.0/24"),
		},
		Peerings: []model.Peering{hsPeering("hub-spoke", "hub", "spoke"), hsPeering("hub-far", "hub", "far")},
		VMs: []model.VM{hsVM("vm", "hub/app", "10.0.1.4"), hsNVA("nva", "hub/nva", "10.0.2.4"),
			hsVM("vm-spoke", "spoke/app", "10.1.1.4"), hsVM("vm-far", "far/app", "10.2.1.4")},
		Gateways:             []model.VirtualNetworkGateway{hsVpnGateway("gw", "hub", 0)},
		Sites:                []model.Site{hsSite("branch", 0, "192.168.10.0/24", "192.168.10.10")},
		LocalNetworkGateways: []model.LocalNetworkGateway{hsStaticLNG("branch-lng", "branch", "192.168.10.0/24")},
		Connections:          []model.Connection{hsIPsec("branch-conn", "gw", "branch-lng", false)},
	}
	t.VNets[2].Location = "eastus"
	t.VNets[0].Subnets[0].ServiceEndpoints = []model.ServiceEndpoint{{Service: "Microsoft.Storage"}}
	if len(udrs) > 0 {
		t.RouteTables = []model.RouteTable{{ID: "rt", Location: "westeurope", Routes: udrs}}
		t.VNets[0].Subnets[0].RouteTable = "rt"
	}
	return t
}

// gwUDR is one user-defined route; ip "" means none.
func gwUDR(name, prefix, hop, ip string) model.Route {
	return model.Route{Name: name, AddressPrefix: prefix, NextHopType: hop, NextHopIPAddress: ip}
}

// gwRoutesUsed returns the effective routes the forward walk of tr looked
// up, in walk order.
func gwRoutesUsed(tr *trace.Trace) []trace.RouteUsed {
	var out []trace.RouteUsed
	for _, h := range tr.Hops {
		for _, s := range h.Steps {
			if s.Route != nil {
				out = append(out, *s.Route)
			}
		}
	}
	return out
}

// gwJSONObject encodes v and decodes it as a JSON object.
func gwJSONObject(t *testing.T, v any) map[string]any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("marshal %T: %v", v, err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("unmarshal %s: %v", b, err)
	}
	return m
}

// gwDump formats a subnet's routes for failure messages.
func gwDump(t *testing.T, p *dataplane.Plane, subnet string) string {
	t.Helper()
	tab, ok := p.Routes(subnet)
	if !ok {
		return " (no table)"
	}
	return routingDump(tab.Routes())
}

// TestRule_outputs_routes_per_nic_subnet checks rule:outputs.routes-per-nic-subnet:
// a NIC's effective routes are those of its subnet, so a VM with NICs in
// two subnets has two different tables, and a packet leaving each NIC is
// routed by that NIC's subnet's table.
func TestRule_outputs_routes_per_nic_subnet(t *testing.T) {
	topo := gwOutputsDesign(gwUDR("blackhole", "198.51.100.0/24", model.HopNone, ""))
	topo.VMs = append(topo.VMs, model.VM{ID: "multi", NICs: []model.NIC{
		{Name: "nic0", Subnet: "hub/app", PrivateIPAddress: "10.0.1.10"},
		{Name: "nic1", Subnet: "hub/nva", PrivateIPAddress: "10.0.2.10"},
	}})
	p := hsPlane(t, topo)
	for nic, subnet := range map[string]string{"multi/nic0": "hub/app", "multi/nic1": "hub/nva"} {
		id, ok := p.ResolveEndpoint(nic)
		if !ok {
			t.Fatalf("NIC %s not found", nic)
		}
		if n, _ := p.NIC(id); n.Subnet != subnet {
			t.Errorf("NIC %s sits in %s, want %s", nic, n.Subnet, subnet)
		}
	}
	// The two NICs' tables differ: only the app subnet carries the UDR.
	if rs := hsRoutes(t, p, "hub/app", "198.51.100.0/24"); len(rs) != 1 || rs[0].Source != route.User {
		t.Errorf("hub/app 198.51.100.0/24: %v, want one User route", rs)
	}
	if rs := hsRoutes(t, p, "hub/nva", "198.51.100.0/24"); len(rs) != 0 {
		t.Errorf("hub/nva got the app subnet's UDR: %v", rs)
	}
	// Each NIC's packet follows its own subnet's table.
	for _, tc := range []struct {
		nic, subnet string
		want        trace.Disposition
	}{
		{"multi/nic0", "hub/app", trace.DroppedByNoneRoute},
		{"multi/nic1", "hub/nva", trace.ExitsToInternet},
	} {
		tr := trace.Run(p, trace.Flow{Src: tc.nic, DstIP: netip.MustParseAddr("198.51.100.7")})
		hsWantDisp(t, tc.nic+" → 198.51.100.7", tr, tc.want)
		if used := gwRoutesUsed(tr); len(used) == 0 || used[0].Subnet != tc.subnet {
			t.Errorf("%s: first route looked up in %v, want subnet %s", tc.nic, used, tc.subnet)
		}
	}
}

// TestRule_outputs_effective_route_fields checks rule:outputs.effective-route-fields:
// a row carries the UDR's name (for a UDR only), a source, a state, the
// address prefix, a list of next-hop IPs (empty when there is none,
// several for ECMP) and the next-hop type, under Azure's field names.
func TestRule_outputs_effective_route_fields(t *testing.T) {
	p := hsPlane(t, gwOutputsDesign(gwUDR("to-nva", "172.20.0.0/16", model.HopVirtualAppliance, "10.0.2.4")))
	udr, ok := hsActive(t, p, "hub/app", "172.20.0.0/16")
	switch {
	case !ok:
		t.Fatalf("no active UDR row:%s", gwDump(t, p, "hub/app"))
	case udr.Source != route.User || udr.NextHop != route.VirtualAppliance || udr.State != route.Active:
		t.Errorf("UDR row: %s %s %s, want User VirtualAppliance Active", udr.Source, udr.NextHop, udr.State)
	case udr.Origin.Kind != route.FromRouteTable || udr.Origin.Name != "to-nva" || udr.Origin.ID != "rt":
		t.Errorf("UDR row origin %+v, want route to-nva of table rt", udr.Origin)
	}
	if got := udr.NextHopIPStrings(); !slices.Equal(got, []string{"10.0.2.4"}) {
		t.Errorf("UDR nextHopIpAddress %q, want [10.0.2.4]", got)
	}
	sys, _ := hsActive(t, p, "hub/app", "10.0.0.0/16")
	if got := sys.NextHopIPStrings(); got == nil || len(got) != 0 {
		t.Errorf("VnetLocal nextHopIpAddress %#v, want an empty list", got)
	}

	// The route a walk used, as data: Azure's field names, the IP list
	// never null, name only for a UDR.
	for _, tc := range []struct {
		dst     string
		name    string
		ips     []any
		source  string
		hopType string
	}{
		{"172.20.1.1", "to-nva", []any{"10.0.2.4"}, "User", "VirtualAppliance"},
		{"10.1.1.4", "", []any{}, "Default", "VNetPeering"},
	} {
		used := gwRoutesUsed(hsTrace(t, p, "vm", tc.dst))
		if len(used) == 0 {
			t.Errorf("vm → %s: the walk records no route", tc.dst)
			continue
		}
		m := gwJSONObject(t, used[0])
		for _, k := range []string{"addressPrefix", "source", "nextHopType", "nextHopIpAddress"} {
			if _, ok := m[k]; !ok {
				t.Errorf("vm → %s: route JSON %v has no %q", tc.dst, m, k)
			}
		}
		if m["source"] != tc.source || m["nextHopType"] != tc.hopType {
			t.Errorf("vm → %s: source %v nextHopType %v, want %s %s", tc.dst, m["source"], m["nextHopType"], tc.source, tc.hopType)
		}
		if ips, ok := m["nextHopIpAddress"].([]any); !ok || fmt.Sprint(ips) != fmt.Sprint(tc.ips) {
			t.Errorf("vm → %s: nextHopIpAddress %#v, want the list %v", tc.dst, m["nextHopIpAddress"], tc.ips)
		}
		if name, has := m["name"]; (tc.name == "") == has || (has && name != tc.name) {
			t.Errorf("vm → %s: name %v (present %v), want %q", tc.dst, name, has, tc.name)
		}
	}

	// ECMP: one row, several next-hop IPs (two NVAs announce one prefix to Route Server).
	ecmp := model.Topology{
		VNets: []model.VNet{hsVNet("hub", "10.0.0.0/16", "nva=10.0.1.0/24", "app=10.0.2.0/24", "RouteServerSubnet=10.0.254.0/26")},
		VMs:   []model.VM{hsNVA("nva1", "hub/nva", "10.0.1.4"), hsNVA("nva2", "hub/nva", "10.0.1.5")},
		RouteServers: []model.RouteServer{{ID: "rs", VNet: "hub", BgpConnections: []model.RouteServerPeer{
			{Name: "nva1", PeerIP: "10.0.1.4", PeerAsn: 65001, Advertise: []model.Advertisement{{Prefix: "172.20.0.0/16"}}},
			{Name: "nva2", PeerIP: "10.0.1.5", PeerAsn: 65002, Advertise: []model.Advertisement{{Prefix: "172.20.0.0/16"}}},
		}}},
	}
	ep := hsPlane(t, ecmp)
	rows := hsRoutes(t, ep, "hub/app", "172.20.0.0/16")
	if len(rows) != 1 || !slices.Equal(rows[0].NextHopIPStrings(), []string{"10.0.1.4", "10.0.1.5"}) {
		t.Errorf("ECMP rows %v, want one row with nextHopIpAddress [10.0.1.4 10.0.1.5]", rows)
	}
}

// TestRule_outputs_route_source_and_state checks rule:outputs.route-source-and-state:
// system routes have source Default, UDRs User, and everything a gateway
// programs (LNG prefixes, BGP-learned routes, Route Server routes)
// VirtualNetworkGateway; every state is Active or Invalid.
func TestRule_outputs_route_source_and_state(t *testing.T) {
	topo := gwOutputsDesign(gwUDR("default", "0.0.0.0/0", model.HopVirtualAppliance, "10.0.2.4"))
	topo.Gateways[0] = hsVpnGateway("gw", "hub", 65010)
	topo.Sites = append(topo.Sites, hsSite("dc", 65050, "192.168.20.0/24", "192.168.20.10"))
	topo.LocalNetworkGateways = append(topo.LocalNetworkGateways, hsBgpLNG("dc-lng", "dc", 65050, "192.168.20.1"))
	topo.Connections = append(topo.Connections, hsIPsec("dc-conn", "gw", "dc-lng", true))
	topo.VNets[0].Subnets = append(topo.VNets[0].Subnets, model.Subnet{Name: model.RouteServerSubnet, AddressPrefix: "10.0.254.0/26"})
	topo.RouteServers = []model.RouteServer{{ID: "rs", VNet: "hub", BgpConnections: []model.RouteServerPeer{
		{Name: "nva", PeerIP: "10.0.2.4", PeerAsn: 65001, Advertise: []model.Advertisement{{Prefix: "172.20.0.0/16"}}}}}}
	p := hsPlane(t, topo)

	for _, tc := range []struct {
		prefix, what string
		source       route.Source
	}{
		{"10.0.0.0/16", "system route", route.Default},
		{"0.0.0.0/0", "user route", route.User},
		{"192.168.10.0/24", "LNG static prefix", route.Gateway},
		{"192.168.20.0/24", "BGP-learned route", route.Gateway},
		{"172.20.0.0/16", "Route Server route", route.Gateway},
	} {
		e, ok := hsActive(t, p, "hub/app", tc.prefix)
		if !ok || e.Source != tc.source {
			t.Errorf("%s %s: source %s (found %v), want %s", tc.what, tc.prefix, e.Source, ok, tc.source)
		}
	}
	names := map[route.Source]string{route.Default: "Default", route.User: "User", route.Gateway: "VirtualNetworkGateway"}
	for s, want := range names {
		if b, _ := s.MarshalText(); string(b) != want {
			t.Errorf("source %d encodes as %q, want %q", s, b, want)
		}
	}
	for s, want := range map[route.State]string{route.Active: "Active", route.Invalid: "Invalid"} {
		if b, _ := s.MarshalText(); string(b) != want {
			t.Errorf("state encodes as %q, want %q", b, want)
		}
	}
	sawInvalid := false
	for _, sn := range p.Subnets() {
		tab, _ := p.Routes(sn)
		for _, e := range tab.Routes() {
			if _, ok := names[e.Source]; !ok || e.Source.String() == "Unknown" {
				t.Errorf("%s %s: source %q is not Default, User or VirtualNetworkGateway", sn, e.Prefix, e.Source)
			}
			if s := e.State.String(); s != "Active" && s != "Invalid" {
				t.Errorf("%s %s: state %q", sn, e.Prefix, s)
			}
			sawInvalid = sawInvalid || e.State == route.Invalid
		}
	}
	if !sawInvalid {
		t.Error("the default route overridden by the UDR must be listed as Invalid")
	}
}

// TestRule_outputs_next_hop_type_names checks rule:outputs.next-hop-type-names:
// effective routes use the CLI/REST spellings of real outputs (VnetLocal,
// VNetPeering, VNetGlobalPeering, VirtualNetworkServiceEndpoint,
// VirtualAppliance, VirtualNetworkGateway, Internet, None), never the
// classic names or ConnectedGroup.
func TestRule_outputs_next_hop_type_names(t *testing.T) {
	p := hsPlane(t, gwOutputsDesign(gwUDR("to-nva", "172.20.0.0/16", model.HopVirtualAppliance, "10.0.2.4")))
	want := map[string]string{
		"10.0.0.0/16":     "VnetLocal",
		"10.1.0.0/16":     "VNetPeering",
		"10.2.0.0/16":     "VNetGlobalPeering",
		seStoragePrefix:   "VirtualNetworkServiceEndpoint",
		"172.20.0.0/16":   "VirtualAppliance",
		"192.168.10.0/24": "VirtualNetworkGateway",
		"0.0.0.0/0":       "Internet",
		"192.168.0.0/16":  "None",
	}
	for pfx, name := range want {
		e, ok := hsActive(t, p, "hub/app", pfx)
		if !ok {
			t.Errorf("hub/app has no active route for %s:%s", pfx, gwDump(t, p, "hub/app"))
			continue
		}
		if b, _ := e.NextHop.MarshalText(); string(b) != name {
			t.Errorf("%s: next-hop type %q, want %q", pfx, b, name)
		}
	}
	for _, sn := range p.Subnets() {
		tab, _ := p.Routes(sn)
		for _, e := range tab.Routes() {
			if !slices.Contains(gwAzureNextHopNames, e.NextHop.String()) {
				t.Errorf("%s %s: next-hop type %q is not a name real outputs use", sn, e.Prefix, e.NextHop)
			}
		}
	}
	// Classic and portal names are not vnetplay's spellings.
	for _, old := range []string{"VNETLocal", "VPNGateway", "Null", "ConnectedGroup", "Virtual network", "VirtualNetwork"} {
		if _, ok := route.ParseNextHopType(old); ok {
			t.Errorf("%q parses as a next-hop type; vnetplay uses only the CLI/REST names", old)
		}
	}
}

// TestRule_outputs_overridden_stay_listed checks rule:outputs.overridden-stay-listed:
// as in the docs' routing example, UDRs with exactly the prefix of the VNet
// route, both peering routes, the gateway route and the default route leave
// both rows listed, the UDR Active and the overridden one Invalid with a
// reason; a BGP default route does the same to the Internet route.
func TestRule_outputs_overridden_stay_listed(t *testing.T) {
	p := hsPlane(t, gwOutputsDesign(
		gwUDR("vnet", "10.0.0.0/16", model.HopVirtualAppliance, "10.0.2.4"),
		gwUDR("spoke", "10.1.0.0/16", model.HopVirtualAppliance, "10.0.2.4"),
		gwUDR("far", "10.2.0.0/16", model.HopVirtualAppliance, "10.0.2.4"),
		gwUDR("branch", "192.168.10.0/24", model.HopNone, ""),
		gwUDR("default", "0.0.0.0/0", model.HopVirtualAppliance, "10.0.2.4"),
	))
	for pfx, loser := range map[string]route.NextHopType{
		"10.0.0.0/16":     route.VnetLocal,
		"10.1.0.0/16":     route.VNetPeering,
		"10.2.0.0/16":     route.VNetGlobalPeering,
		"192.168.10.0/24": route.VirtualNetworkGateway,
		"0.0.0.0/0":       route.Internet,
	} {
		rows := hsRoutes(t, p, "hub/app", pfx)
		if len(rows) != 2 {
			t.Errorf("%s: %d rows, want the UDR and the overridden route:%s", pfx, len(rows), gwDump(t, p, "hub/app"))
			continue
		}
		win, lose := rows[0], rows[1]
		if win.State != route.Active || win.Source != route.User {
			t.Errorf("%s: winner %s %s, want an Active User route", pfx, win.Source, win.State)
		}
		if lose.State != route.Invalid || lose.NextHop != loser {
			t.Errorf("%s: loser %s %s, want an Invalid %s route", pfx, lose.NextHop, lose.State, loser)
		}
		if lose.Reason != route.OverriddenByUser || !strings.Contains(lose.Reason.String(), "overridden by a user route with the same prefix") {
			t.Errorf("%s: loser's reason %q, want overridden by a user route", pfx, lose.Reason)
		}
	}

	// A gateway route overrides the system default route the same way.
	topo := gwOutputsDesign()
	topo.Gateways[0] = hsVpnGateway("gw", "hub", 65010)
	topo.Sites = append(topo.Sites, model.Site{ID: "dc", Asn: 65050, AddressPrefixes: []string{"192.168.20.0/24"}, AdvertisedPrefixes: []string{"0.0.0.0/0"}})
	topo.LocalNetworkGateways = append(topo.LocalNetworkGateways, hsBgpLNG("dc-lng", "dc", 65050, "192.168.20.1"))
	topo.Connections = append(topo.Connections, hsIPsec("dc-conn", "gw", "dc-lng", true))
	rows := hsRoutes(t, hsPlane(t, topo), "hub/app", "0.0.0.0/0")
	if len(rows) != 2 || rows[0].Source != route.Gateway || rows[1].NextHop != route.Internet || rows[1].State != route.Invalid || rows[1].Reason != route.OverriddenByGateway {
		t.Errorf("BGP 0.0.0.0/0: rows %v, want an Active gateway route and the Internet route Invalid (overridden by a gateway route)", rows)
	}
}

// TestRule_outputs_next_hop_query checks rule:outputs.next-hop-query:
// Next hop answers the next-hop type, the next-hop IP when there is one
// and the route table: a UDR table's ID, or "System Route" for system and
// gateway routes, under Network Watcher's field names.
func TestRule_outputs_next_hop_query(t *testing.T) {
	p := hsPlane(t, gwOutputsDesign(gwUDR("to-nva", "172.20.0.0/16", model.HopVirtualAppliance, "10.0.2.4")))
	gwSubnet := netip.MustParsePrefix("10.0.255.0/27")
	for _, tc := range []struct {
		dst, table string
		hop        route.NextHopType
		ip         string // "" none; "gw" an address of GatewaySubnet
	}{
		{"172.20.1.1", "rt", route.VirtualAppliance, "10.0.2.4"},
		{"10.0.2.4", "System Route", route.VnetLocal, ""},
		{"10.1.1.4", "System Route", route.VNetPeering, ""},
		{"198.51.100.1", "System Route", route.Internet, ""},
		{"172.31.0.1", "System Route", route.None, ""},
		{"192.168.10.10", "System Route", route.VirtualNetworkGateway, "gw"},
	} {
		nh := hsNextHop(t, p, "hub/app", tc.dst)
		if nh.NextHopType != tc.hop || nh.RouteTableID != tc.table {
			t.Errorf("Next hop to %s: %s / %q, want %s / %q", tc.dst, nh.NextHopType, nh.RouteTableID, tc.hop, tc.table)
		}
		switch tc.ip {
		case "gw":
			if a, err := netip.ParseAddr(nh.NextHopIPAddress); err == nil && !gwSubnet.Contains(a) {
				t.Errorf("Next hop to %s: IP %s is not the gateway's", tc.dst, a)
			}
		default:
			if nh.NextHopIPAddress != tc.ip {
				t.Errorf("Next hop to %s: IP %q, want %q", tc.dst, nh.NextHopIPAddress, tc.ip)
			}
		}
		// The walk reports the same route table.
		if used := gwRoutesUsed(hsTrace(t, p, "vm", tc.dst)); len(used) == 0 || used[0].RouteTableID != tc.table {
			t.Errorf("trace vm → %s: route used %+v, want route table %q", tc.dst, used, tc.table)
		}
	}
	m := gwJSONObject(t, hsNextHop(t, p, "hub/app", "172.20.1.1"))
	if m["nextHopType"] != "VirtualAppliance" || m["nextHopIpAddress"] != "10.0.2.4" || m["routeTableId"] != "rt" {
		t.Errorf("Next hop JSON %v, want nextHopType, nextHopIpAddress and routeTableId", m)
	}
}

// TestRule_outputs_next_hop_type_spelling checks rule:outputs.next-hop-type-spelling:
// where the Next hop enum's versions disagree, vnetplay answers Next hop
// with the names its effective routes use, so the two always agree; there
// is no HyperNetGateway or MicrosoftEdge next hop.
func TestRule_outputs_next_hop_type_spelling(t *testing.T) {
	p := hsPlane(t, gwOutputsDesign(gwUDR("to-nva", "172.20.0.0/16", model.HopVirtualAppliance, "10.0.2.4")))
	for _, dst := range []string{"10.0.2.4", "10.1.1.4", "10.2.1.4", seStorage, "172.20.1.1", "192.168.10.10", "198.51.100.1", "172.31.0.1"} {
		nh := hsNextHop(t, p, "hub/app", dst)
		tab, _ := p.Routes("hub/app")
		e, _ := tab.Lookup(netip.MustParseAddr(dst))
		m := gwJSONObject(t, nh)
		got, _ := m["nextHopType"].(string)
		if got != e.NextHop.String() {
			t.Errorf("Next hop to %s says %q, the effective route says %q", dst, got, e.NextHop)
		}
		if !slices.Contains(gwAzureNextHopNames, got) || slices.Contains([]string{"HyperNetGateway", "MicrosoftEdge", "VirtualNetworkPeering", "VnetPeering", "VirtualNetwork"}, got) {
			t.Errorf("Next hop to %s: type %q", dst, got)
		}
	}
	if nh := hsNextHop(t, p, "hub/app", "10.2.1.4"); nh.NextHopType.String() != "VNetGlobalPeering" {
		t.Errorf("Next hop across global peering: %s, want VNetGlobalPeering", nh.NextHopType)
	}
}

// TestRule_outputs_flow_verdict checks rule:outputs.flow-verdict: IP flow
// verify takes a direction, TCP or UDP (not ICMP), local and remote IP and
// port, evaluates both the subnet's and the NIC's NSG and answers allowed
// or denied with the deciding rule and its NSG; the packet walk gives the
// same verdict.
func TestRule_outputs_flow_verdict(t *testing.T) {
	topo := nsgDesign(
		model.NSG{ID: "subnet-nsg", SecurityRules: []model.SecurityRule{nsgRule("allow-ssh", 100, "Inbound", "Allow", "Tcp", "*", "*", "22")}},
		model.NSG{ID: "nic-nsg", SecurityRules: []model.SecurityRule{nsgRule("deny-ssh", 100, "Inbound", "Deny", "Tcp", "*", "*", "22")}},
	)
	topo.VNets[0].Subnets[0].NetworkSecurityGroup = "subnet-nsg"
	topo.VMs[0].NICs[0].NetworkSecurityGroup = "nic-nsg"
	p := hsPlane(t, topo)
	q := trace.IPFlowQuery{NIC: "vm-a", Direction: "Inbound", Protocol: "TCP", LocalIP: netip.MustParseAddr("10.0.1.4"), LocalPort: 22,
		RemoteIP: netip.MustParseAddr("10.0.2.4"), RemotePort: 50000}
	res, err := trace.IPFlowVerify(p, q)
	if err != nil {
		t.Fatalf("IP flow verify: %v", err)
	}
	if res.Access != "Deny" || res.NetworkSecurityGroup != "nic-nsg" || !strings.HasSuffix(res.RuleName, "deny-ssh") {
		t.Errorf("SSH in: %s by %s/%s, want Deny by nic-nsg's deny-ssh", res.Access, res.NetworkSecurityGroup, res.RuleName)
	}
	var evaluated []string
	for _, v := range res.Evaluated {
		evaluated = append(evaluated, v.NetworkSecurityGroup)
	}
	if !slices.Contains(evaluated, "subnet-nsg") || !slices.Contains(evaluated, "nic-nsg") {
		t.Errorf("evaluated NSGs %v, want both the subnet's and the NIC's", evaluated)
	}
	// Another port falls to the default rules of both NSGs and is allowed within the VNet.
	q.LocalPort = 443
	if res, err := trace.IPFlowVerify(p, q); err != nil || res.Access != "Allow" || !strings.Contains(res.RuleName, "AllowVNetInBound") {
		t.Errorf("HTTPS in: %+v %v, want Allow by AllowVNetInBound", res, err)
	}
	// ICMP is not an IP flow verify protocol.
	q.Protocol = "ICMP"
	if _, err := trace.IPFlowVerify(p, q); !errors.Is(err, trace.ErrIPFlow) {
		t.Errorf("ICMP question: err %v, want an IP flow verify error", err)
	}
	// The walk denies the same packet and names the NSG and rule.
	tr := hsFlow(t, p, "vm-b", "vm-a", "Tcp", 22)
	hsWantDisp(t, "vm-b → vm-a:22", tr, trace.DroppedByNSG)
	if !nsgDecidedBy(tr, "deny-ssh", "Deny") {
		t.Errorf("walk verdicts %+v, want deny-ssh Deny", nsgDeciding(tr))
	}
}

// TestRule_outputs_destination_only_lookup checks rule:outputs.destination-only-lookup:
// the route is chosen by the destination alone, whatever the source (a UDR
// for the sender's own subnet does not touch its traffic to elsewhere), and
// there is no recursive lookup: an appliance next hop reachable only
// through the gateway is not resolved through the gateway's route.
func TestRule_outputs_destination_only_lookup(t *testing.T) {
	topo := gwOutputsDesign(gwUDR("own-subnet", "10.0.1.0/24", model.HopNone, ""))
	topo.VMs = append(topo.VMs, hsVM("vm2", "hub/app", "10.0.1.5"))
	p := hsPlane(t, topo)
	for _, src := range []string{"vm", "vm2"} {
		tr := hsTrace(t, p, src, "vm-spoke")
		hsWantDisp(t, src+" → vm-spoke (source inside the UDR's prefix)", tr, trace.Delivered)
		if used := gwRoutesUsed(tr); len(used) == 0 || used[0].AddressPrefix != "10.1.0.0/16" {
			t.Errorf("%s → vm-spoke used %+v, want the peering route 10.1.0.0/16", src, used)
		}
	}
	// Traffic to the subnet itself matches the UDR by destination.
	hsWantDisp(t, "vm → vm2 (destination inside the UDR's prefix)", hsTrace(t, p, "vm", "vm2"), trace.DroppedByNoneRoute)

	// No recursive lookup: an appliance on-premises is not reached through the gateway route.
	topo = gwOutputsDesign(gwUDR("via-onprem", "0.0.0.0/0", model.HopVirtualAppliance, "192.168.10.10"))
	if nh := hsNextHop(t, hsPlane(t, topo), "hub/app", "192.168.10.10"); nh.NextHopType != route.VirtualNetworkGateway {
		t.Fatalf("setup: the appliance's address must be routed to the gateway, got %s", nh.NextHopType)
	}
	hsWantDisp(t, "vm → Internet via an on-premises appliance", hsTrace(t, hsPlane(t, topo), "vm", "198.51.100.1"), trace.DroppedApplianceUnreachable)
	if ds := hsDiags(topo); !hsHasDiag(ds, "route.appliance-unreachable", model.Error) {
		t.Errorf("want route.appliance-unreachable error, got%s", hsDiagCodes(ds))
	}
}
