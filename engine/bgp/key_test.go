package bgp

import (
	"bytes"
	"fmt"
	"maps"
	"math/rand/v2"
	"net/netip"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"vnetplay/engine/gen"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
	"vnetplay/scenarios"
)

// keyBase is a design in which every field of every model type is set, and
// set to something the computation can use: two hubs (one summarising its
// spoke, rule:gateway-transit.summarized-prefixes) with VPN and ExpressRoute gateways, P2S, BGP, static and
// VNet-to-VNet connections, two circuits with Global Reach and prefix
// lists, a Route Server with two NVA peers, transit peerings, route
// tables, NSGs, VMs and a load balancer. A changed field then often
// changes the result, which is what TestKeyCoversEveryInput needs.
func keyBase() (model.Topology, []model.Failure) {
	yes := true
	sn := func(name, prefix string) model.Subnet {
		return model.Subnet{Name: name, AddressPrefix: prefix, RouteTable: "rt", NetworkSecurityGroup: "nsg",
			ServiceEndpoints: []model.ServiceEndpoint{{Service: "Microsoft.Storage"}}}
	}
	link := func(vnet string, transit, remote bool) model.PeeringLink {
		return model.PeeringLink{VNet: vnet, AllowVirtualNetworkAccess: &yes, AllowForwardedTraffic: true, AllowGatewayTransit: transit,
			UseRemoteGateways: remote, RemoteAddressSpace: &model.AddressSpace{AddressPrefixes: []string{"10.9.0.0/16"}}}
	}
	nva := func(id, ip string) model.VM {
		return model.VM{ID: id, GuestIPForwarding: true, Stateful: true, NICs: []model.NIC{{Name: "nic0", Subnet: "hub/nva",
			PrivateIPAddress: ip, EnableIPForwarding: true, NetworkSecurityGroup: "nsg"}}}
	}
	t := model.Topology{
		VNets: []model.VNet{
			{ID: "hub", Location: "westeurope", AddressSpace: model.AddressSpace{AddressPrefixes: []string{"10.0.0.0/16"}},
				Subnets: []model.Subnet{sn(model.GatewaySubnet, "10.0.255.0/27"), sn(model.RouteServerSubnet, "10.0.254.0/26"), sn("nva", "10.0.1.0/24")}},
			{ID: "spoke", Location: "westeurope", AddressSpace: model.AddressSpace{AddressPrefixes: []string{"10.1.0.0/16"}},
				Subnets: []model.Subnet{sn("app", "10.1.1.0/24")}},
			{ID: "hub2", Location: "northeurope", AddressSpace: model.AddressSpace{AddressPrefixes: []string{"10.2.0.0/16"}},
				Subnets: []model.Subnet{sn(model.GatewaySubnet, "10.2.255.0/27")}, SummarizedGatewayPrefixes: []string{"10.2.0.0/15"}},
			{ID: "spoke2", Location: "northeurope", AddressSpace: model.AddressSpace{AddressPrefixes: []string{"10.3.0.0/16", "10.4.0.0/16"}},
				Subnets: []model.Subnet{sn("app", "10.3.1.0/24")}},
		},
		Peerings: []model.Peering{
			{ID: "hub-spoke", A: link("hub", true, false), B: link("spoke", false, true)},
			{ID: "hub2-spoke2", A: link("hub2", true, false), B: link("spoke2", false, true)},
			{ID: "hub-hub2", A: link("hub", true, false), B: link("hub2", false, false)},
		},
		RouteTables: []model.RouteTable{{ID: "rt", Location: "westeurope", DisableBgpRoutePropagation: true,
			Routes: []model.Route{{Name: "r", AddressPrefix: "0.0.0.0/0", NextHopType: model.HopVirtualAppliance, NextHopIPAddress: "10.0.1.4"}}}},
		NSGs: []model.NSG{{ID: "nsg", Location: "westeurope", SecurityRules: []model.SecurityRule{{Name: "r", Priority: 100, Direction: "Inbound",
			Access: "Allow", Protocol: "Tcp", SourceAddressPrefix: "*", SourceAddressPrefixes: []string{"10.0.0.0/8"}, SourcePortRange: "*",
			SourcePortRanges: []string{"1-2"}, DestinationAddressPrefix: "*", DestinationAddressPrefixes: []string{"10.1.0.0/16"},
			DestinationPortRange: "443", DestinationPortRanges: []string{"80"}}}}},
		VMs: []model.VM{nva("nva1", "10.0.1.4"), nva("nva2", "10.0.1.5")},
		LoadBalancers: []model.LoadBalancer{{ID: "lb", Sku: "Standard", Subnet: "hub/nva", FrontendPrivateIPAddress: "10.0.1.10",
			Backends: []string{"nva1", "nva2"}}},
		Gateways: []model.VirtualNetworkGateway{
			{ID: "vpngw", VNet: "hub", GatewayType: model.GatewayVpn, VpnType: model.RouteBased, Sku: "VpnGw2AZ", ActiveActive: true, EnableBgp: true,
				BgpSettings: &model.BgpSettings{Asn: 65515, BgpPeeringAddress: "10.0.255.30"}, GatewayDefaultSite: "lng-dc",
				VpnClientConfiguration: &model.VpnClientConfiguration{VpnClientAddressPool: model.AddressSpace{AddressPrefixes: []string{"172.31.0.0/24"}},
					VpnClientProtocols: []string{"IkeV2"}, CustomRoutes: &model.AddressSpace{AddressPrefixes: []string{"10.50.0.0/16"}},
					Clients: []model.P2SClient{{ID: "c", IPAddress: "172.31.0.10", OS: "Other"}}}},
			{ID: "ergw", VNet: "hub", GatewayType: model.GatewayExpressRoute, Sku: "ErGw1AZ"},
			{ID: "vpngw2", VNet: "hub2", GatewayType: model.GatewayVpn, VpnType: model.RouteBased, Sku: "VpnGw1", EnableBgp: true,
				BgpSettings: &model.BgpSettings{Asn: 65010}},
		},
		Sites: []model.Site{
			{ID: "dc", AddressPrefixes: []string{"192.168.0.0/20"}, Asn: 65020, AdvertisedPrefixes: []string{"192.168.0.0/20", "192.168.8.0/24"},
				PreferExpressRoute: true, Hosts: []model.Host{{ID: "h", IPAddress: "192.168.0.10"}}},
			{ID: "branch", AddressPrefixes: []string{"192.168.16.0/24"}, Asn: 65030},
			{ID: "st", AddressPrefixes: []string{"192.168.32.0/24"}},
		},
		LocalNetworkGateways: []model.LocalNetworkGateway{
			{ID: "lng-dc", Site: "dc", GatewayIPAddress: "203.0.113.1", LocalNetworkAddressSpace: model.AddressSpace{AddressPrefixes: []string{"192.168.0.0/20"}},
				BgpSettings: &model.BgpSettings{Asn: 65020, BgpPeeringAddress: "192.168.0.1"}, ExportPrefixList: []string{"192.168.0.0/20", "192.168.8.0/24"}},
			{ID: "lng-branch", Site: "branch", GatewayIPAddress: "203.0.113.2", BgpSettings: &model.BgpSettings{Asn: 65030, BgpPeeringAddress: "192.168.16.1"}},
			{ID: "lng-st", Site: "st", GatewayIPAddress: "203.0.113.3", LocalNetworkAddressSpace: model.AddressSpace{AddressPrefixes: []string{"192.168.32.0/24"}}},
		},
		Connections: []model.Connection{
			{ID: "s2s-dc", ConnectionType: model.ConnIPsec, VirtualNetworkGateway1: "vpngw", LocalNetworkGateway2: "lng-dc", EnableBgp: true, UsePolicyBasedTrafficSelectors: true},
			{ID: "s2s-branch", ConnectionType: model.ConnIPsec, VirtualNetworkGateway1: "vpngw2", LocalNetworkGateway2: "lng-branch", EnableBgp: true},
			{ID: "s2s-st", ConnectionType: model.ConnIPsec, VirtualNetworkGateway1: "vpngw", LocalNetworkGateway2: "lng-st"},
			{ID: "er", ConnectionType: model.ConnExpressRoute, VirtualNetworkGateway1: "ergw", Peer: "ckt", RoutingWeight: 10},
			{ID: "v2v", ConnectionType: model.ConnVnet2Vnet, VirtualNetworkGateway1: "vpngw", VirtualNetworkGateway2: "vpngw2", EnableBgp: true},
			{ID: "v2v-r", ConnectionType: model.ConnVnet2Vnet, VirtualNetworkGateway1: "vpngw2", VirtualNetworkGateway2: "vpngw", EnableBgp: true},
		},
		Circuits: []model.ExpressRouteCircuit{
			{ID: "ckt", Site: "dc", PeerASN: 65020, GlobalReach: []string{"ckt2"}, PrimaryPeerAddressPrefix: "172.16.0.0/30",
				SecondaryPeerAddressPrefix: "172.16.0.4/30", PremiumAddOn: true, ExportPrefixList: []string{"192.168.0.0/20", "192.168.8.0/24"}},
			{ID: "ckt2", Site: "branch", PeerASN: 65030, PrimaryPeerAddressPrefix: "172.16.1.0/30", SecondaryPeerAddressPrefix: "172.16.1.4/30"},
		},
		RouteServers: []model.RouteServer{{ID: "rs", VNet: "hub", AllowBranchToBranchTraffic: true, HubRoutingPreference: "ASPath",
			BgpConnections: []model.RouteServerPeer{
				{Name: "p1", PeerIP: "10.0.1.4", PeerAsn: 65001, ExportPrefixList: []string{"192.168.0.0/20", "10.1.0.0/16"},
					Advertise: []model.Advertisement{{Prefix: "172.20.0.0/16", Origin: "incomplete", AsPathPrepend: 1}, {Prefix: "172.30.0.0/16", NoAdvertise: true}}},
				{Name: "p2", PeerIP: "10.0.1.5", PeerAsn: 65002, Advertise: []model.Advertisement{{Prefix: "172.20.0.0/16", AsPathPrepend: 2}}},
			}}},
	}
	return t, []model.Failure{{Kind: model.CircuitSessionDown, Target: "ckt/secondary"}, {Kind: model.ApplianceDown, Target: "vm-none"}}
}

// transitBase is two VNets with a Route Server each and no gateway,
// peered with allowGatewayTransit on both links and useRemoteGateways on
// one: either could be the other's transit spoke (rule:route-server.injection-scope), so which link
// sets useRemoteGateways decides the hub prefixes.
func transitBase() model.Topology {
	t := model.Topology{Sites: []model.Site{site("dc", 65020, "192.168.0.0/24")}}
	for i, id := range []string{"x", "y"} {
		t.VNets = append(t.VNets, model.VNet{ID: id, AddressSpace: model.AddressSpace{AddressPrefixes: []string{fmt.Sprintf("10.%d.0.0/16", i)}},
			Subnets: []model.Subnet{{Name: model.RouteServerSubnet, AddressPrefix: fmt.Sprintf("10.%d.254.0/26", i)}, {Name: "nva", AddressPrefix: fmt.Sprintf("10.%d.1.0/24", i)}}})
		ip := fmt.Sprintf("10.%d.1.4", i)
		t.VMs = append(t.VMs, model.VM{ID: "nva-" + id, GuestIPForwarding: true, NICs: []model.NIC{{Name: "nic0", Subnet: id + "/nva", PrivateIPAddress: ip, EnableIPForwarding: true}}})
		t.RouteServers = append(t.RouteServers, model.RouteServer{ID: "rs-" + id, VNet: id, AllowBranchToBranchTraffic: true,
			BgpConnections: []model.RouteServerPeer{{Name: "p", PeerIP: ip, PeerAsn: uint32(65001 + i), Advertise: []model.Advertisement{{Prefix: fmt.Sprintf("172.2%d.0.0/16", i)}}}}})
	}
	t.Peerings = []model.Peering{{ID: "x-y", A: model.PeeringLink{VNet: "x", AllowGatewayTransit: true}, B: model.PeeringLink{VNet: "y", AllowGatewayTransit: true, UseRemoteGateways: true}}}
	return t
}

// leaf is one place in a topology a mutation can change: a string, number
// or bool, a list or a pointer, reached from the root by at.
type leaf struct {
	path string
	kind reflect.Kind
	at   func(root reflect.Value) reflect.Value
}

// leaves lists every leaf under v (every element of every list).
func leaves(v reflect.Value, path string, at func(reflect.Value) reflect.Value, out *[]leaf) {
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			i := i
			leaves(v.Field(i), path+"."+v.Type().Field(i).Name, func(r reflect.Value) reflect.Value { return at(r).Field(i) }, out)
		}
	case reflect.Slice:
		*out = append(*out, leaf{path, reflect.Slice, at})
		for i := range v.Len() {
			i := i
			leaves(v.Index(i), fmt.Sprintf("%s[%d]", path, i), func(r reflect.Value) reflect.Value { return at(r).Index(i) }, out)
		}
	case reflect.Pointer:
		*out = append(*out, leaf{path, reflect.Pointer, at})
		if !v.IsNil() {
			leaves(v.Elem(), path+"*", func(r reflect.Value) reflect.Value { return at(r).Elem() }, out)
		}
	default:
		*out = append(*out, leaf{path, v.Kind(), at})
	}
}

// copyValue returns a copy of v sharing no slices or pointers with it.
func copyValue(v reflect.Value) reflect.Value {
	out := reflect.New(v.Type()).Elem()
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			out.Set(reflect.New(v.Type().Elem()))
			out.Elem().Set(copyValue(v.Elem()))
		}
	case reflect.Slice:
		if !v.IsNil() {
			out.Set(reflect.MakeSlice(v.Type(), v.Len(), v.Len()))
			for i := range v.Len() {
				out.Index(i).Set(copyValue(v.Index(i)))
			}
		}
	case reflect.Struct:
		for i := range v.NumField() {
			out.Field(i).Set(copyValue(v.Field(i)))
		}
	default:
		out.Set(v)
	}
	return out
}

// stringPool collects the strings of v, sorted and without duplicates.
func stringPool(v reflect.Value, out map[string]bool) {
	switch v.Kind() {
	case reflect.String:
		out[v.String()] = true
	case reflect.Struct:
		for i := range v.NumField() {
			stringPool(v.Field(i), out)
		}
	case reflect.Slice:
		for i := range v.Len() {
			stringPool(v.Index(i), out)
		}
	case reflect.Pointer:
		if !v.IsNil() {
			stringPool(v.Elem(), out)
		}
	}
}

// stringKind classifies a string for picking alternatives of its kind.
func stringKind(s string) int {
	if _, err := netip.ParsePrefix(s); err == nil {
		return 0
	}
	if _, err := netip.ParseAddr(s); err == nil {
		return 1
	}
	return 2
}

// alternatives returns the values a mutation sets a leaf to: for a string,
// "", a variant, and up to n other strings of the pool of its kind (a
// prefix for a prefix, an address for an address, an id or keyword
// otherwise); for numbers, zero, neighbours and ASNs; for a bool, its
// negation.
func alternatives(v reflect.Value, pool []string, r *rand.Rand, n int) []reflect.Value {
	var out []reflect.Value
	switch v.Kind() {
	case reflect.String:
		s := v.String()
		alts := []string{"", s + "'"}
		var same []string
		for _, p := range pool {
			if p != s && stringKind(p) == stringKind(s) {
				same = append(same, p)
			}
		}
		r.Shuffle(len(same), func(i, j int) { same[i], same[j] = same[j], same[i] })
		alts = append(alts, same[:min(n, len(same))]...)
		for _, a := range alts {
			out = append(out, reflect.ValueOf(a).Convert(v.Type()))
		}
	case reflect.Bool:
		out = append(out, reflect.ValueOf(!v.Bool()))
	case reflect.Int, reflect.Int64, reflect.Int32:
		for _, x := range []int64{0, v.Int() + 1, -1, 10} {
			out = append(out, reflect.ValueOf(x).Convert(v.Type()))
		}
	case reflect.Uint32, reflect.Uint64, reflect.Uint, reflect.Uint8:
		for _, x := range []uint64{0, v.Uint() + 1, 65515, 12076, 65020, 65001} {
			out = append(out, reflect.ValueOf(x).Convert(v.Type()))
		}
	}
	return out
}

// mutation is one changed copy of a design, and what changed.
type mutation struct {
	what  string
	topo  model.Topology
	fails []model.Failure
}

// mutate lists single changes of (t, fails): every leaf set to each of its
// alternatives; every list emptied, set to nil, with each element dropped,
// with an element repeated, reversed; every pointer set to nil or (when
// nil) to a zero value; every failure dropped, and every component's
// failure added.
func mutate(t model.Topology, fails []model.Failure, n int, seed uint64) []mutation {
	root := reflect.ValueOf(t)
	var ls []leaf
	leaves(root, "Topology", func(r reflect.Value) reflect.Value { return r }, &ls)
	set := map[string]bool{}
	stringPool(root, set)
	pool := slices.Sorted(maps.Keys(set))
	r := rand.New(rand.NewPCG(seed, 99))
	var out []mutation
	apply := func(what string, l leaf, f func(x reflect.Value)) {
		c := copyValue(root)
		cp := reflect.New(c.Type()).Elem()
		cp.Set(c)
		f(l.at(cp))
		out = append(out, mutation{what: what, topo: cp.Interface().(model.Topology), fails: slices.Clone(fails)})
	}
	for _, l := range ls {
		v := l.at(root)
		switch l.kind {
		case reflect.Slice:
			apply(l.path+"=nil", l, func(x reflect.Value) { x.Set(reflect.Zero(x.Type())) })
			apply(l.path+"=[]", l, func(x reflect.Value) { x.Set(reflect.MakeSlice(x.Type(), 0, 0)) })
			for i := range v.Len() {
				apply(fmt.Sprintf("%s-[%d]", l.path, i), l, func(x reflect.Value) {
					y := reflect.MakeSlice(x.Type(), 0, x.Len()-1)
					for j := range x.Len() {
						if j != i {
							y = reflect.Append(y, x.Index(j))
						}
					}
					x.Set(y)
				})
				apply(fmt.Sprintf("%s+[%d]", l.path, i), l, func(x reflect.Value) { x.Set(reflect.Append(x, copyValue(x.Index(i)))) })
			}
			if v.Len() > 1 {
				apply(l.path+" reversed", l, func(x reflect.Value) {
					for i, j := 0, x.Len()-1; i < j; i, j = i+1, j-1 {
						a, b := copyValue(x.Index(i)), copyValue(x.Index(j))
						x.Index(i).Set(b)
						x.Index(j).Set(a)
					}
				})
			}
		case reflect.Pointer:
			if v.IsNil() {
				apply(l.path+"=new", l, func(x reflect.Value) { x.Set(reflect.New(x.Type().Elem())) })
			} else {
				apply(l.path+"=nil", l, func(x reflect.Value) { x.Set(reflect.Zero(x.Type())) })
			}
		default:
			for _, a := range alternatives(v, pool, r, n) {
				apply(fmt.Sprintf("%s=%v", l.path, a), l, func(x reflect.Value) { x.Set(a) })
			}
		}
	}
	for i := range fails {
		out = append(out, mutation{what: "failure " + fails[i].String() + " restored", topo: t, fails: slices.Delete(slices.Clone(fails), i, i+1)})
	}
	for _, c := range model.Components(&t) {
		out = append(out, mutation{what: "failure " + c.Failure.String(), topo: t, fails: append(slices.Clone(fails), c.Failure)})
	}
	rev := slices.Clone(fails)
	slices.Reverse(rev)
	out = append(out, mutation{what: "failures reordered", topo: t, fails: rev})
	return out
}

// unread are fields Compute does not read: changing one alone must leave
// the key unchanged (the key is not coarser than it needs to be).
var unread = []string{".Location", "RouteTables", "NSGs", "LoadBalancers", ".Hosts", ".Clients", ".VpnClientProtocols", ".CustomRoutes",
	".GatewayDefaultSite", ".UsePolicyBasedTrafficSelectors", ".PeerASN", ".AllowForwardedTraffic",
	".AllowVirtualNetworkAccess", ".RemoteAddressSpace", ".GuestIPForwarding", ".Stateful", ".EnableIPForwarding", ".NetworkSecurityGroup",
	".ServiceEndpoints", ".RouteTable"}

// readsNothing reports whether a mutation changes only unread fields.
func readsNothing(what string) bool {
	for _, u := range unread {
		if strings.Contains(what, u) {
			return true
		}
	}
	return false
}

// TestKeyCoversEveryInput is the proof that inputKey covers what Compute
// reads: on designs with every field set (keyBase), every built-in
// scenario and a generated hub, every single change of a field (each
// element of each list: every value of its kind from the design, emptied,
// varied; lists emptied, shortened, grown, reversed; pointers dropped or
// set; failures added, restored, reordered) that leaves the key unchanged
// must leave the result unchanged (dump, with P2S read from the changed
// design): reusing the previous result is then exact. Changes that do
// change the key must make Update equal Compute too. The fields Compute
// does not read (unread) must leave the key unchanged.
func TestKeyCoversEveryInput(t *testing.T) {
	type base struct {
		name  string
		topo  model.Topology
		fails []model.Failure
		n     int // alternatives per string
	}
	kb, kf := keyBase()
	alternatives := 8
	every := 1 // of the built-in scenarios
	switch {
	case raceEnabled: // make test-native runs it whole without the race detector
		alternatives, every = 2, 4
	case testing.Short():
		alternatives, every = 2, 2
	}
	bases := []base{{"keyBase", kb, kf, alternatives}, {"transitBase", transitBase(), nil, 4}}
	for i, s := range scenarios.All() {
		if i%every != 0 {
			continue
		}
		doc, _, err := scenario.Decode(s.JSON, scenario.Strict)
		if err != nil {
			t.Fatal(err)
		}
		bases = append(bases, base{"scenario/" + s.Name, doc.Topology, nil, 2})
	}
	bases = append(bases, base{"gen/hubspoke", gen.HubSpokeScale(gen.Params{N: 2, Subnets: 1, Prefixes: 4, UDRs: 1, Seed: 3}), nil, 3})
	total, keyKept, resultChanged, coarse, structKept := 0, 0, 0, 0, 0
	for bi, b := range bases {
		r0 := Compute(&b.topo, b.fails)
		k0, s0 := inputKey(&b.topo, b.fails, nil)
		d0 := dumpResult(r0)
		w0 := newWorld(&b.topo, b.fails, nil)
		w0.build(nil)
		for _, m := range mutate(b.topo, b.fails, b.n, uint64(bi)) {
			total++
			r1 := Compute(&m.topo, m.fails)
			want := dump(r1, &m.topo)
			changed := !bytes.Equal(append(slices.Clip(d0), dumpP2S(r0, &m.topo)...), want)
			if changed {
				resultChanged++
			}
			k1, s1 := inputKey(&m.topo, m.fails, nil)
			if s0 == s1 && bytes.Equal(k0[:s0], k1[:s1]) {
				// The structure part kept: what newWorld lends is the same.
				structKept++
				w1 := newWorld(&m.topo, m.fails, nil)
				w1.build(nil)
				if d := structureDiff(w0, w1); d != "" {
					t.Errorf("%s: %s leaves the key's structure part unchanged but changes %s", b.name, m.what, d)
				}
			}
			if bytes.Equal(k0, k1) {
				keyKept++
				if changed {
					t.Errorf("%s: %s leaves the key unchanged but changes the result", b.name, m.what)
				}
			} else {
				if !changed {
					coarse++
				}
				if readsNothing(m.what) {
					t.Errorf("%s: %s changes the key, but Compute does not read it", b.name, m.what)
				}
			}
			for _, cfg := range []config{{maxRounds: MaxRounds}, {maxRounds: MaxRounds, spliceAny: true}} {
				up := update(r0, &m.topo, m.fails, cfg)
				if up == r0 {
					continue // checked above
				}
				if got := dump(up, &m.topo); !bytes.Equal(got, want) {
					t.Errorf("%s: %s: Update differs from Compute at %s", b.name, m.what, firstDiff(got, want))
				}
			}
		}
	}
	if total < 5000 || keyKept < 500 || resultChanged < 1000 || structKept < keyKept+500 {
		t.Fatalf("too weak: %d mutations, %d kept the key, %d changed the result, %d kept its structure part", total, keyKept, resultChanged, structKept)
	}
	t.Logf("%d mutations: %d kept the key, %d changed the result, %d changed the key but not the result", total, keyKept, resultChanged, coarse)
}

// TestSessionSameComparesEveryField: Session.Same tells two sessions apart
// whichever one field differs (a field added later and not compared
// would let a walk that read the session keep an answer that changed).
func TestSessionSameComparesEveryField(t *testing.T) {
	base := Session{ID: "s", Kind: SessIPsec, A: "a", B: "b"}
	if !base.Same(base) {
		t.Fatal("a session differs from itself")
	}
	v := reflect.ValueOf(&base).Elem()
	for i := range v.NumField() {
		other := base
		f := reflect.ValueOf(&other).Elem().Field(i)
		f = reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem()
		switch f.Kind() {
		case reflect.String:
			f.SetString(f.String() + "x")
		case reflect.Bool:
			f.SetBool(!f.Bool())
		case reflect.Int:
			f.SetInt(f.Int() + 1)
		case reflect.Slice:
			f.Set(reflect.Append(f, reflect.Zero(f.Type().Elem())))
		default:
			t.Fatalf("field %s of kind %s: extend the test", v.Type().Field(i).Name, f.Kind())
		}
		if base.Same(other) {
			t.Errorf("sessions that differ in %s are the same", v.Type().Field(i).Name)
		}
	}
}

// structureDiff names the first of the structure maps (what lendStructure
// lends) that differ between a and b, "" when none does.
func structureDiff(a, b *world) string {
	switch {
	case !reflect.DeepEqual(a.vnets, b.vnets):
		return "the VNets' ranges"
	case !reflect.DeepEqual(a.summaries, b.summaries):
		return "the summaries"
	case !reflect.DeepEqual(a.gwSubnet, b.gwSubnet) || !reflect.DeepEqual(a.rsSubnet, b.rsSubnet):
		return "the special subnets"
	case !reflect.DeepEqual(a.transit, b.transit):
		return "the transit spokes"
	case !reflect.DeepEqual(a.hubPfx, b.hubPfx):
		return "the hub prefixes"
	}
	return ""
}
