package dataplane

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/netip"
	"reflect"
	"slices"
	"testing"

	"vnetplay/engine/gen"
	"vnetplay/engine/model"
)

// The JSON fingerprints keys.go replaced, kept as the oracle of its reuse
// decisions.

type jsonHybrid struct {
	Gateways             []model.VirtualNetworkGateway
	LocalNetworkGateways []model.LocalNetworkGateway
	Sites                []model.Site
	Connections          []model.Connection
	Circuits             []model.ExpressRouteCircuit
	RouteServers         []model.RouteServer
}

type jsonStruct struct {
	VNets            []model.VNet
	VMs              []model.VM
	LoadBalancers    []model.LoadBalancer
	PublicIPs        []model.PublicIPAddress
	NatGateways      []model.NatGateway
	NSGs             []model.NSG
	PrivateEndpoints []model.PrivateEndpoint
	RouteTables      []string
	Naive            bool
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// jsonKeys are the JSON fingerprints of the structure's inputs, t with
// failures fs: the hybrid resources, the rest but the peerings, the
// peerings.
func jsonKeys(t *testing.T, topo *model.Topology, fs []model.Failure) (hybrid, structure, links []byte) {
	topo = withoutDNS(topo)
	hybrid = mustJSON(t, jsonHybrid{topo.Gateways, topo.LocalNetworkGateways, topo.Sites, topo.Connections, topo.Circuits, topo.RouteServers})
	s := jsonStruct{VNets: topo.VNets, VMs: topo.VMs, LoadBalancers: topo.LoadBalancers, PublicIPs: topo.PublicIPAddresses, NatGateways: topo.NatGateways, NSGs: topo.NSGs}
	for _, pe := range topo.PrivateEndpoints {
		pe.PrivateDnsZoneGroup, pe.CustomDnsConfigs = nil, nil // name resolution's, not routing's
		s.PrivateEndpoints = append(s.PrivateEndpoints, pe)
	}
	for _, r := range topo.RouteTables {
		s.RouteTables = append(s.RouteTables, r.ID)
	}
	return hybrid, mustJSON(t, s), mustJSON(t, topo.Peerings)
}

// withoutDNS is a copy of topo without the DNS settings inside VNets, NICs,
// VMs and sites: name resolution reads them, routing does not, so an edit
// of them keeps the structure.
func withoutDNS(topo *model.Topology) *model.Topology {
	c := *topo
	c.VNets = slices.Clone(c.VNets)
	for i := range c.VNets {
		c.VNets[i].DhcpOptions = nil
	}
	c.VMs = slices.Clone(c.VMs)
	for i := range c.VMs {
		c.VMs[i].DNSServer = nil
		c.VMs[i].NICs = slices.Clone(c.VMs[i].NICs)
		for j := range c.VMs[i].NICs {
			c.VMs[i].NICs[j].DNSSettings = nil
		}
	}
	c.Sites = slices.Clone(c.Sites)
	for i := range c.Sites {
		c.Sites[i].DNSServer = nil
	}
	return &c
}

// decisions are what Update decides from the keys of two versions: share
// what walks read of the structure but the links (shareWalk), share the
// base (all but the peering links), share the links too.
type decisions struct{ walk, base, links bool }

func jsonDecisions(t *testing.T, a, b *model.Topology, fa, fb []model.Failure) decisions {
	ha, sa, la := jsonKeys(t, a, fa)
	hb, sb, lb := jsonKeys(t, b, fb)
	base := bytes.Equal(ha, hb) && bytes.Equal(sa, sb)
	_, wa, _ := jsonKeys(t, unplaced(a), fa)
	_, wb, _ := jsonKeys(t, unplaced(b), fb)
	return decisions{walk: bytes.Equal(ha, hb) && bytes.Equal(wa, wb), base: base, links: base && bytes.Equal(la, lb)}
}

func keyDecisions(a, b *model.Topology, fa, fb []model.Failure) decisions {
	wa, pa := structKeys(a, fa, false, nil, nil)
	wb, pb := structKeys(b, fb, false, nil, nil)
	walk := sameKey(hybridKey(a, nil), hybridKey(b, nil)) && sameKey(wa, wb)
	base := walk && sameKey(pa, pb)
	return decisions{walk: walk, base: base, links: base && sameKey(linkKey(a, fa, nil), linkKey(b, fb, nil))}
}

// unplaced is a copy of topo without what placeKey encodes: VNets'
// locations, subnets' route tables and service endpoints, route tables.
func unplaced(topo *model.Topology) *model.Topology {
	c := *topo
	c.RouteTables = nil
	c.VNets = slices.Clone(c.VNets)
	for i := range c.VNets {
		c.VNets[i].Location = ""
		c.VNets[i].Subnets = slices.Clone(c.VNets[i].Subnets)
		for j := range c.VNets[i].Subnets {
			c.VNets[i].Subnets[j].RouteTable, c.VNets[i].Subnets[j].ServiceEndpoints = "", nil
		}
	}
	return &c
}

// leaves are the value types with unexported fields that fill, deepCopy
// and mutations treat as one value: the value fill sets, the one a
// mutation sets.
var leaves = map[reflect.Type][2]any{
	reflect.TypeFor[netip.Addr]():   {netip.MustParseAddr("10.0.0.1"), netip.MustParseAddr("10.0.0.2")},
	reflect.TypeFor[netip.Prefix](): {netip.MustParsePrefix("10.0.0.0/24"), netip.MustParsePrefix("10.0.0.0/25")},
}

// fill sets every field reachable from v (settable) to a non-zero value:
// strings to s, numbers to 1, bools to true, slices to one element,
// pointers to a filled value.
func fill(v reflect.Value, s string) {
	if x, ok := leaves[v.Type()]; ok {
		v.Set(reflect.ValueOf(x[0]))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(s)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int64, reflect.Int32:
		v.SetInt(1)
	case reflect.Uint32, reflect.Uint64, reflect.Uint:
		v.SetUint(1)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), s)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		fill(v.Index(0), s)
	case reflect.Struct:
		for i := range v.NumField() {
			fill(v.Field(i), s)
		}
	default:
		panic(fmt.Sprintf("fill: unhandled kind %s", v.Kind()))
	}
}

// deepCopy returns a copy of v sharing no slices or pointers with it.
func deepCopy(v reflect.Value) reflect.Value {
	out := reflect.New(v.Type()).Elem()
	if _, ok := leaves[v.Type()]; ok {
		out.Set(v)
		return out
	}
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			out.Set(reflect.New(v.Type().Elem()))
			out.Elem().Set(deepCopy(v.Elem()))
		}
	case reflect.Slice:
		if !v.IsNil() {
			out.Set(reflect.MakeSlice(v.Type(), v.Len(), v.Len()))
			for i := range v.Len() {
				out.Index(i).Set(deepCopy(v.Index(i)))
			}
		}
	case reflect.Struct:
		for i := range v.NumField() {
			out.Field(i).Set(deepCopy(v.Field(i)))
		}
	default:
		out.Set(v)
	}
	return out
}

// mutations returns, for every leaf field reachable from root (a filled
// value), a function changing that field alone (and, for slices and
// pointers, one dropping or emptying them), with the field's path.
func mutations(v reflect.Value, path string) (paths []string, muts []func(reflect.Value)) {
	add := func(p string, f func(reflect.Value)) { paths, muts = append(paths, p), append(muts, f) }
	if x, ok := leaves[v.Type()]; ok {
		add(path, func(v reflect.Value) { v.Set(reflect.ValueOf(x[1])) })
		return paths, muts
	}
	switch v.Kind() {
	case reflect.String:
		add(path, func(x reflect.Value) { x.SetString(x.String() + "'") })
	case reflect.Bool:
		add(path, func(x reflect.Value) { x.SetBool(!x.Bool()) })
	case reflect.Int, reflect.Int64, reflect.Int32:
		add(path, func(x reflect.Value) { x.SetInt(x.Int() + 1) })
	case reflect.Uint32, reflect.Uint64, reflect.Uint:
		add(path, func(x reflect.Value) { x.SetUint(x.Uint() + 1) })
	case reflect.Pointer:
		add(path+"=nil", func(x reflect.Value) { x.Set(reflect.Zero(x.Type())) })
		ps, ms := mutations(v.Elem(), path+"*")
		for i := range ps {
			m := ms[i]
			add(ps[i], func(x reflect.Value) { m(x.Elem()) })
		}
	case reflect.Slice:
		add(path+"=[]", func(x reflect.Value) { x.Set(reflect.MakeSlice(x.Type(), 0, 0)) })
		add(path+"+1", func(x reflect.Value) { x.Set(reflect.Append(x, deepCopy(x.Index(0)))) })
		ps, ms := mutations(v.Index(0), path+"[0]")
		for i := range ps {
			m := ms[i]
			add(ps[i], func(x reflect.Value) { m(x.Index(0)) })
		}
	case reflect.Struct:
		for i := range v.NumField() {
			ps, ms := mutations(v.Field(i), path+"."+v.Type().Field(i).Name)
			for j := range ps {
				m, f := ms[j], i
				add(ps[j], func(x reflect.Value) { m(x.Field(f)) })
			}
		}
	}
	return paths, muts
}

// TestKeysCoverEveryField: on a topology with every field set, changing
// any one field (or emptying or growing any list, or dropping any pointer)
// gives the same decisions (base shared, links shared) with the binary
// keys as with the JSON fingerprints they replaced. A model field that
// keys.go forgets fails here. The intended differences are in the failures
// (checked after): the structure reads them as a set, its base only failed
// appliances and its links only failed peerings (a circuit failure
// rebuilds neither). What BGP reads is keyed by engine/bgp itself
// (TestKeyCoversEveryInput there).
func TestKeysCoverEveryField(t *testing.T) {
	var base model.Topology
	fill(reflect.ValueOf(&base).Elem(), "x")
	base.VNets[0].Subnets[0].Name = model.GatewaySubnet
	fails := []model.Failure{{Kind: model.PeeringDown, Target: "p"}}
	paths, muts := mutations(reflect.ValueOf(base), "Topology")
	if len(paths) < 150 {
		t.Fatalf("only %d mutations", len(paths))
	}
	changed := 0
	for i, m := range muts {
		b := deepCopy(reflect.ValueOf(base))
		m(b)
		bt := b.Interface().(model.Topology)
		want, got := jsonDecisions(t, &base, &bt, fails, fails), keyDecisions(&base, &bt, fails, fails)
		if want != got {
			t.Errorf("%s: JSON decides %+v, keys %+v", paths[i], want, got)
		}
		if !got.links {
			changed++
		}
	}
	if changed == 0 {
		t.Fatal("no mutation changed a key")
	}
	circuit := model.Failure{Kind: model.CircuitDown, Target: "c"}
	appliance := model.Failure{Kind: model.ApplianceDown, Target: "vm"}
	peering := model.Failure{Kind: model.PeeringDown, Target: "p"}
	for _, c := range []struct {
		a, b []model.Failure
		want decisions
	}{
		{nil, nil, decisions{true, true, true}},
		{nil, []model.Failure{circuit}, decisions{true, true, true}},
		{nil, []model.Failure{appliance}, decisions{false, false, false}},
		{nil, []model.Failure{peering}, decisions{true, true, false}},
		{[]model.Failure{circuit, appliance, peering}, []model.Failure{peering, appliance, circuit}, decisions{true, true, true}},
		{[]model.Failure{appliance}, []model.Failure{appliance, appliance}, decisions{true, true, true}},
	} {
		if got := keyDecisions(&base, &base, c.a, c.b); got != c.want {
			t.Errorf("failures %v → %v: decisions %+v, want %+v", c.a, c.b, got, c.want)
		}
	}
}

// TestKeysOnGenerated compares the decisions on generated designs along
// the edits Update sees most: route tables (no key changes), a VNet's
// location and a NIC address (base), a peering flag (links).
func TestKeysOnGenerated(t *testing.T) {
	for _, kind := range []string{"hubspoke", "multihub", "mesh", "noshare"} {
		a, err := gen.Generate(kind, gen.Params{N: 4, Prefixes: 20, Seed: 2})
		if err != nil {
			t.Fatal(err)
		}
		edits := []func(t *model.Topology){
			func(t *model.Topology) {},
			func(t *model.Topology) {
				if len(t.RouteTables) > 0 {
					t.RouteTables[0].Routes = append(t.RouteTables[0].Routes, model.Route{Name: "n", AddressPrefix: "10.9.0.0/16", NextHopType: model.HopNone})
				}
			},
			func(t *model.Topology) { t.VNets[0].Location += "x" },
			func(t *model.Topology) { t.VMs[0].NICs[0].PrivateIPAddress += "9" },
			func(t *model.Topology) {
				t.Peerings[0].A.AllowForwardedTraffic = !t.Peerings[0].A.AllowForwardedTraffic
			},
		}
		for i, e := range edits {
			b := deepCopy(reflect.ValueOf(a)).Interface().(model.Topology)
			e(&b)
			if want, got := jsonDecisions(t, &a, &b, nil, nil), keyDecisions(&a, &b, nil, nil); want != got {
				t.Errorf("%s edit %d: JSON decides %+v, keys %+v", kind, i, want, got)
			}
		}
	}
}

// BenchmarkKeys times the structure's keys of one design (the JSON
// fingerprints they replaced: impl=json).
func BenchmarkKeys(b *testing.B) {
	for _, n := range []int{100, 500} {
		topo, err := gen.Generate("hubspoke", gen.Params{N: n, Prefixes: 8 * n, Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("HubSpoke-%d/impl=keys", n), func(b *testing.B) {
			b.ReportAllocs()
			var h, w, s, l []byte
			for b.Loop() {
				h, l = hybridKey(&topo, h), linkKey(&topo, nil, l)
				w, s = structKeys(&topo, nil, false, w, s)
			}
		})
		b.Run(fmt.Sprintf("HubSpoke-%d/impl=json", n), func(b *testing.B) {
			b.ReportAllocs()
			t := &testing.T{}
			for b.Loop() {
				jsonKeys(t, &topo, nil)
			}
		})
	}
}
