package engine_test

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"testing"

	"vnetplay/engine"
	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
	"vnetplay/scenarios"
)

// changedLinksCount counts the answers of the ChangedLinks comparisons
// checked: not the same structure, the same with no changed link, the same
// with changed links.
type changedLinksCount struct{ differ, same, links int }

// assertChangedLinksNaive checks that dataplane.ChangedLinks answers a, b
// (both ways round) like dataplane.ChangedLinksNaive, the reflect.DeepEqual
// comparison it replaced, and counts the answers.
func assertChangedLinksNaive(t *testing.T, what string, a, b *dataplane.Plane, n *changedLinksCount) {
	t.Helper()
	for _, ab := range [][2]*dataplane.Plane{{a, b}, {b, a}} {
		got, okGot := dataplane.ChangedLinks(ab[0], ab[1])
		want, okWant := dataplane.ChangedLinksNaive(ab[0], ab[1])
		if okGot != okWant || !maps.Equal(got, want) {
			t.Fatalf("%s: ChangedLinks %v %v, ChangedLinksNaive %v %v", what, got, okGot, want, okWant)
		}
		switch {
		case !okWant:
			n.differ++
		case len(want) == 0:
			n.same++
		default:
			n.links++
		}
	}
}

// assertChangedLinksAlong runs steps random edits (randomEdit) from topo
// and checks ChangedLinks against ChangedLinksNaive between each updated
// plane and the one before it, an earlier version, and the fresh builds of
// both versions (which share nothing by identity).
func assertChangedLinksAlong(t *testing.T, name string, topo model.Topology, seed uint64, steps int, n *changedLinksCount) {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, 17))
	var fails []model.Failure
	planes := []*dataplane.Plane{dataplane.Build(&topo)}
	built := planes[0]
	for step := range steps {
		fails = randomEdit(r, &topo, fails)
		prev := planes[len(planes)-1]
		up := dataplane.Update(prev, &topo, dataplane.WithFailures(fails))
		full := dataplane.Build(&topo, dataplane.WithFailures(fails))
		what := fmt.Sprintf("%s step %d", name, step)
		assertChangedLinksNaive(t, what+" updated", prev, up, n)
		assertChangedLinksNaive(t, what+" built", built, full, n)
		assertChangedLinksNaive(t, what+" updated/built", up, full, n)
		assertChangedLinksNaive(t, what+" older", planes[r.IntN(len(planes))], up, n)
		planes, built = append(planes, up), full
	}
}

// TestChangedLinksEqualsNaive: dataplane.ChangedLinks (field by field,
// sizes first, shared parts by identity) gives ChangedLinksNaive's answers
// (reflect.DeepEqual) along random edit sequences of the oracle designs
// and of every built-in scenario, and on fuzzEdit's random designs and
// edits; every kind of answer occurs.
func TestChangedLinksEqualsNaive(t *testing.T) {
	var n changedLinksCount
	for name, topo := range oracleDesigns() {
		assertChangedLinksAlong(t, name, topo, uint64(len(name)), 40, &n)
	}
	for _, sc := range scenarios.All() {
		a, err := engine.Load(sc.JSON, scenario.Strict)
		if err != nil {
			t.Fatal(err)
		}
		assertChangedLinksAlong(t, sc.Name, a.Doc.Topology, 3, 12, &n)
	}
	r := rand.New(rand.NewPCG(29, 31))
	for seed := range 150 {
		b := make([]byte, 160)
		for i := range b {
			b[i] = byte(r.IntN(256))
		}
		s := &byteSource{b}
		topo := fuzzDesign(s)
		var fails []model.Failure
		planes := []*dataplane.Plane{dataplane.Build(&topo)}
		for step := 0; step < maxFuzzEdits && len(s.b) > 0; step++ {
			topo = cloneTopology(t, topo)
			fails = fuzzEdit(s, &topo, fails)
			prev := planes[len(planes)-1]
			up := dataplane.Update(prev, &topo, dataplane.WithFailures(fails))
			full := dataplane.Build(&topo, dataplane.WithFailures(fails))
			what := fmt.Sprintf("fuzz design %d step %d", seed, step)
			assertChangedLinksNaive(t, what+" updated", prev, up, &n)
			assertChangedLinksNaive(t, what+" updated/built", up, full, &n)
			assertChangedLinksNaive(t, what+" older", planes[r.IntN(len(planes))], full, &n)
			planes = append(planes, up)
		}
	}
	t.Logf("answers: %d not the same structure, %d no changed link, %d with changed links", n.differ, n.same, n.links)
	if n.differ == 0 || n.same == 0 || n.links == 0 {
		t.Fatalf("not every kind of answer occurred: %+v", n)
	}
}

// BenchmarkChangedLinks is dataplane.ChangedLinks at HubSpoke-500-P4000
// between the plane of the design and dataplane.Update's plane after one
// edit of each kind that does not share the whole structure: a VNet moved
// to another region and a subnet's route table swapped (the structure
// rebuilt, the same for walks), a peering flag (all but the links shared),
// the hub NVA failed (NICs gone: not the same); impl=naive is
// ChangedLinksNaive (reflect.DeepEqual) on the same planes.
func BenchmarkChangedLinks(b *testing.B) {
	d := hubSpoke500
	base := d.topology(b)
	p0 := dataplane.Build(&base)
	kinds := []struct {
		name string
		edit func(t *model.Topology) []model.Failure
	}{
		{"location", func(t *model.Topology) []model.Failure { t.VNets[3].Location = "northeurope"; return nil }},
		{"subnet-route-table", func(t *model.Topology) []model.Failure {
			t.VNets[3].Subnets = append([]model.Subnet(nil), t.VNets[3].Subnets...)
			t.VNets[3].Subnets[0].RouteTable = ""
			return nil
		}},
		{"peering-flag", func(t *model.Topology) []model.Failure {
			t.Peerings[0].B.AllowForwardedTraffic = !t.Peerings[0].B.AllowForwardedTraffic
			return nil
		}},
		{"appliance-down", func(t *model.Topology) []model.Failure {
			return []model.Failure{{Kind: model.ApplianceDown, Target: "hub-nva"}}
		}},
	}
	for _, k := range kinds {
		after := cloneForEdit(base)
		fs := k.edit(&after)
		p1 := dataplane.Update(p0, &after, dataplane.WithFailures(fs))
		for _, impl := range []string{"engine", "naive"} {
			f := dataplane.ChangedLinks
			if impl == "naive" {
				f = dataplane.ChangedLinksNaive
			}
			b.Run(d.name+"/"+k.name+"/impl="+impl, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					f(p0, p1)
				}
			})
		}
	}
}
