package gen_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/gen"
	"vnetplay/engine/model"
)

// small are the sizes the tests use (big ones live in benchmarks).
var small = []struct {
	kind string
	p    gen.Params
}{
	{"hubspoke", gen.Params{N: 6, Prefixes: 40, Seed: 1}},
	{"hubspoke", gen.Params{N: 3, Seed: 2}},
	{"mesh", gen.Params{N: 7, Seed: 1}},
	{"multihub", gen.Params{N: 3, Prefixes: 30, Seed: 1}},
	{"noshare", gen.Params{N: 4, UDRs: 20, Seed: 1}},
}

func TestScaleGeneratorsLintClean(t *testing.T) {
	for _, c := range small {
		t.Run(fmt.Sprintf("%s/%+v", c.kind, c.p), func(t *testing.T) {
			topo, err := gen.Generate(c.kind, c.p)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range model.Validate(&topo, dataplane.KnownServices()) {
				if d.Severity == model.Error {
					t.Errorf("error diagnostic: %v", d)
				}
			}
			p := dataplane.Build(&topo)
			if r := p.BGP(); r != nil {
				for _, d := range r.Diagnostics {
					if d.Severity == model.Error {
						t.Errorf("bgp error diagnostic: %v", d)
					}
				}
			}
		})
	}
}

func TestScaleGeneratorsDeterministic(t *testing.T) {
	enc := func(topo model.Topology) []byte {
		b, err := json.Marshal(topo)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, c := range small {
		a, _ := gen.Generate(c.kind, c.p)
		b, _ := gen.Generate(c.kind, c.p)
		if !bytes.Equal(enc(a), enc(b)) {
			t.Errorf("%s %+v: two runs differ", c.kind, c.p)
		}
		other := c.p
		other.Seed++
		d, _ := gen.Generate(c.kind, other)
		random := c.kind != "mesh" && (c.p.Prefixes > 0 || c.p.UDRs > 0 || c.kind != "hubspoke")
		if random && bytes.Equal(enc(a), enc(d)) {
			t.Errorf("%s %+v: seed %d and %d give the same design", c.kind, c.p, c.p.Seed, other.Seed)
		}
	}
	if _, err := gen.Generate("ring", gen.Params{}); err == nil {
		t.Error("unknown kind accepted")
	}
}

func TestScaleGeneratorSizes(t *testing.T) {
	count := func(topo model.Topology) (vnets, peerings, subnets int) {
		for _, v := range topo.VNets {
			subnets += len(v.Subnets)
		}
		return len(topo.VNets), len(topo.Peerings), subnets
	}
	hs := gen.HubSpokeScale(gen.Params{N: 6, Prefixes: 40, UDRs: 10, Seed: 1})
	if v, p, s := count(hs); v != 7 || p != 6 || s != 2+6*4 {
		t.Errorf("hubspoke: %d vnets, %d peerings, %d subnets", v, p, s)
	}
	if got := len(hs.RouteTables[0].Routes); got != 12 {
		t.Errorf("hubspoke: spoke table has %d routes, want 2+10", got)
	}
	if got := len(hs.Sites[0].AdvertisedPrefixes); got != 40 {
		t.Errorf("hubspoke: dc advertises %d prefixes, want 40", got)
	}
	if v, p, _ := count(gen.Mesh(gen.Params{N: 7})); v != 7 || p != 21 {
		t.Errorf("mesh: %d vnets, %d peerings", v, p)
	}
	mh := gen.MultiHub(gen.Params{N: 3, Prefixes: 30, Seed: 1})
	if v, p, _ := count(mh); v != 4*4 || p != 4*3+6 || len(mh.RouteServers) != 4 || len(mh.Circuits) != 4 {
		t.Errorf("multihub: %d vnets, %d peerings, %d route servers, %d circuits", v, p, len(mh.RouteServers), len(mh.Circuits))
	}
	ns := gen.NoShare(gen.Params{N: 4, Seed: 1})
	if len(ns.RouteTables) != 4 || len(ns.RouteTables[0].Routes) != 400 {
		t.Errorf("noshare: %d tables, first has %d routes", len(ns.RouteTables), len(ns.RouteTables[0].Routes))
	}
	if n := len(gen.HubSpokeScale(gen.Params{N: 900}).Peerings); n != gen.MaxSpokes {
		t.Errorf("hubspoke N=900 gives %d spokes, want the cap %d", n, gen.MaxSpokes)
	}
}
