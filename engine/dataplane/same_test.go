package dataplane

import (
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"vnetplay/engine/gen"
	"vnetplay/engine/model"
)

// TestPeeringEditSharesBase: after a peering edit (flags, lifecycle, a
// peering added, removed or failed), Update shares everything but the
// links with the previous plane, answers like a fresh Build, and
// ChangedLinks gives the same pairs whether it compares the shared base by
// identity (the updated plane) or field by field (the built one).
func TestPeeringEditSharesBase(t *testing.T) {
	for _, kind := range []string{"hubspoke", "multihub", "mesh"} {
		topo, err := gen.Generate(kind, gen.Params{N: 4, Subnets: 1, Prefixes: 8, UDRs: 2, Branch: 3, Seed: 3})
		if err != nil {
			t.Fatal(err)
		}
		r := rand.New(rand.NewPCG(5, uint64(len(kind))))
		prev := Build(&topo)
		var fails []model.Failure
		for step := range 30 {
			topo.Peerings = slices.Clone(topo.Peerings)
			i := r.IntN(len(topo.Peerings))
			p := &topo.Peerings[i]
			switch r.IntN(6) {
			case 0:
				p.A.AllowForwardedTraffic = !p.A.AllowForwardedTraffic
			case 1:
				p.B.UseRemoteGateways = !p.B.UseRemoteGateways
			case 2:
				p.A.Lifecycle = []string{"", model.LinkNotCreated, model.LinkDeleted}[r.IntN(3)]
			case 3:
				f := model.Failure{Kind: model.PeeringDown, Target: p.ID}
				if j := slices.Index(fails, f); j >= 0 {
					fails = slices.Delete(slices.Clone(fails), j, j+1)
				} else {
					fails = append(slices.Clone(fails), f)
				}
			case 4:
				topo.Peerings = slices.Delete(topo.Peerings, i, i+1)
			default:
				topo.Peerings = append(topo.Peerings, model.Peering{ID: "x", A: model.PeeringLink{VNet: topo.VNets[0].ID},
					B: model.PeeringLink{VNet: topo.VNets[len(topo.VNets)-1].ID}})
			}
			up, full := Update(prev, &topo, WithFailures(fails)), Build(&topo, WithFailures(fails))
			if up.baseID != prev.baseID || up.vnets == nil || !reflect.DeepEqual(up.vnets, full.vnets) {
				t.Fatalf("%s step %d: the base is not shared", kind, step)
			}
			if !reflect.DeepEqual(up.links, full.links) || !reflect.DeepEqual(up.HybridTopology(), full.HybridTopology()) {
				t.Fatalf("%s step %d: links or hybrid topology differ from a fresh build", kind, step)
			}
			a, okA := ChangedLinks(prev, up)
			b, okB := ChangedLinks(prev, full)
			if okA != okB || !maps.Equal(a, b) {
				t.Fatalf("%s step %d: ChangedLinks by identity %v %v, field by field %v %v", kind, step, a, okA, b, okB)
			}
			prev = up
		}
	}
}

// TestSameFieldsAreDeepEqual: the field-by-field comparisons of
// ChangedLinks (sameLink, sameNIC, …) agree with reflect.DeepEqual (of the
// projections ChangedLinksNaive compares, for VNets and subnets) on a
// value with every field set and on every change of one field, list or
// pointer (keys_test.go's mutations). A field added to one of these types
// but not compared fails here.
func TestSameFieldsAreDeepEqual(t *testing.T) {
	checkSame(t, func(x, y *Link) bool { return sameLink(x, y) }, func(l Link) Link { return l })
	checkSame(t, sameVNetForWalks, func(v VNet) VNet { v.Location = ""; return v })
	checkSame(t, sameSubnetForWalks, func(s Subnet) Subnet { s.RouteTable, s.ServiceEndpoints = "", nil; return s })
	checkSame(t, sameNIC, func(n NIC) NIC { return n })
	checkSame(t, sameLB, func(l LoadBalancer) LoadBalancer { return l })
	checkSame(t, samePE, func(e PrivateEndpoint) PrivateEndpoint { return e })
}

func checkSame[T any](t *testing.T, same func(x, y *T) bool, project func(T) T) {
	t.Helper()
	var base T
	fill(reflect.ValueOf(&base).Elem(), "x")
	paths, muts := mutations(reflect.ValueOf(base), reflect.TypeOf(base).Name())
	if c := deepCopy(reflect.ValueOf(base)).Interface().(T); !same(&base, &c) {
		t.Fatalf("%T: a copy differs", base)
	}
	for i, m := range muts {
		v := deepCopy(reflect.ValueOf(base))
		m(v)
		y := v.Interface().(T)
		if got, want := same(&base, &y), reflect.DeepEqual(project(base), project(y)); got != want {
			t.Errorf("%s: field by field %v, reflect.DeepEqual %v", paths[i], got, want)
		}
	}
	// reflect.DeepEqual tells a nil list from an empty one: so must they.
	for _, f := range emptiedLists(reflect.ValueOf(&base).Elem(), "") {
		x, y := base, base
		f.set(reflect.ValueOf(&x).Elem(), false)
		f.set(reflect.ValueOf(&y).Elem(), true)
		if got, want := same(&x, &y), reflect.DeepEqual(project(x), project(y)); got != want {
			t.Errorf("%s empty and nil: field by field %v, reflect.DeepEqual %v", f.path, got, want)
		}
	}
}

// listField sets one list reachable from a struct (through nested structs
// and pointers, which it copies) to an empty list or to nil.
type listField struct {
	path string
	set  func(v reflect.Value, toNil bool)
}

// emptiedLists returns a listField for every list reachable from v.
func emptiedLists(v reflect.Value, path string) []listField {
	var out []listField
	switch v.Kind() {
	case reflect.Slice:
		out = append(out, listField{path, func(x reflect.Value, toNil bool) {
			if toNil {
				x.Set(reflect.Zero(x.Type()))
			} else {
				x.Set(reflect.MakeSlice(x.Type(), 0, 0))
			}
		}})
	case reflect.Pointer:
		for _, f := range emptiedLists(v.Elem(), path+"*") {
			out = append(out, listField{f.path, func(x reflect.Value, toNil bool) {
				c := deepCopy(x)
				f.set(c.Elem(), toNil)
				x.Set(c)
			}})
		}
	case reflect.Struct:
		if _, leaf := leaves[v.Type()]; leaf {
			return nil
		}
		for i := range v.NumField() {
			for _, f := range emptiedLists(v.Field(i), path+"."+v.Type().Field(i).Name) {
				out = append(out, listField{f.path, func(x reflect.Value, toNil bool) { f.set(x.Field(i), toNil) }})
			}
		}
	}
	return out
}

// TestShareWalkEqualsBuild: after an edit of VNets' locations, subnets'
// route tables or service endpoints only, Update shares what walks read of
// the structure (NICs, indexes, the Internet edge, the walk token) and
// rebuilds the VNets, subnets, links, hybrid topology and routes (system
// layers kept where the VNet's links are equal) like a fresh Build, including for a VNet listed twice and a subnet name whose first
// entry's prefix does not parse; ChangedLinks then reads the links only
// and answers like ChangedLinksNaive.
func TestShareWalkEqualsBuild(t *testing.T) {
	topo, err := gen.Generate("hubspoke", gen.Params{N: 4, Subnets: 2, Prefixes: 4, UDRs: 2, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	v := &topo.VNets[1]
	v.Subnets = append([]model.Subnet{{Name: v.Subnets[0].Name, AddressPrefix: "bad"}}, v.Subnets...)
	topo.VNets = append(topo.VNets, model.VNet{ID: v.ID, Location: "elsewhere", Subnets: v.Subnets[1:]})
	r := rand.New(rand.NewPCG(7, 9))
	prev := Build(&topo)
	walked := 0
	for step := range 40 {
		topo.VNets = slices.Clone(topo.VNets)
		v := &topo.VNets[r.IntN(len(topo.VNets))]
		switch r.IntN(3) {
		case 0:
			v.Location = []string{"westeurope", "northeurope", ""}[r.IntN(3)]
		case 1:
			v.Subnets = slices.Clone(v.Subnets)
			sn := &v.Subnets[r.IntN(len(v.Subnets))]
			sn.RouteTable = []string{"", "missing", topo.RouteTables[0].ID}[r.IntN(3)]
		default:
			v.Subnets = slices.Clone(v.Subnets)
			sn := &v.Subnets[r.IntN(len(v.Subnets))]
			sn.ServiceEndpoints = []model.ServiceEndpoint{{Service: []string{"Microsoft.Storage", "Unknown"}[r.IntN(2)]}}
		}
		up, full := Update(prev, &topo), Build(&topo)
		if !reflect.DeepEqual(up.vnets, full.vnets) || !reflect.DeepEqual(up.subnets, full.subnets) ||
			!reflect.DeepEqual(up.links, full.links) || !reflect.DeepEqual(up.HybridTopology(), full.HybridTopology()) {
			t.Fatalf("step %d: VNets, subnets, links or hybrid topology differ from a fresh build", step)
		}
		if up.walkID != prev.walkID {
			t.Fatalf("step %d: the walk structure is not shared", step)
		}
		for _, id := range full.Subnets() {
			a, _ := up.Routes(id)
			b, _ := full.Routes(id)
			if !reflect.DeepEqual(a.Routes(), b.Routes()) {
				t.Fatalf("step %d: %s: routes differ from a fresh build", step, id)
			}
		}
		if up.structID != prev.structID {
			walked++
			if !sharedMap(up.nics, prev.nics) || up.subnetIx != prev.subnetIx || up.edge != prev.edge {
				t.Fatalf("step %d: NICs, index or edge not shared", step)
			}
		}
		for _, ab := range [][2]*Plane{{prev, up}, {prev, full}, {up, full}} {
			a, okA := ChangedLinks(ab[0], ab[1])
			b, okB := ChangedLinksNaive(ab[0], ab[1])
			if okA != okB || !maps.Equal(a, b) {
				t.Fatalf("step %d: ChangedLinks %v %v, ChangedLinksNaive %v %v", step, a, okA, b, okB)
			}
		}
		prev = up
	}
	if walked == 0 {
		t.Fatal("no edit shared the walk structure alone")
	}
}
