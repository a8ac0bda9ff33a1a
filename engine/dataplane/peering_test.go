package dataplane

import (
	"fmt"
	"reflect"
	"slices"
	"testing"

	"vnetplay/engine/gen"
	"vnetplay/engine/model"
)

// peeringEdits are the changes TestUpdatePeeringsEqualsBuild makes to
// one peering (the failures are the plane's): every field of either link,
// its failure, and its lifecycle both ways.
var peeringEdits = []struct {
	name string
	edit func(p *model.Peering, fails []model.Failure) []model.Failure
}{
	{"a-forwarded", func(p *model.Peering, fs []model.Failure) []model.Failure {
		p.A.AllowForwardedTraffic = !p.A.AllowForwardedTraffic
		return fs
	}},
	{"b-forwarded", func(p *model.Peering, fs []model.Failure) []model.Failure {
		p.B.AllowForwardedTraffic = !p.B.AllowForwardedTraffic
		return fs
	}},
	{"a-transit", func(p *model.Peering, fs []model.Failure) []model.Failure {
		p.A.AllowGatewayTransit = !p.A.AllowGatewayTransit
		return fs
	}},
	{"b-remote-gateways", func(p *model.Peering, fs []model.Failure) []model.Failure {
		p.B.UseRemoteGateways = !p.B.UseRemoteGateways
		return fs
	}},
	{"a-access", func(p *model.Peering, fs []model.Failure) []model.Failure {
		p.A.AllowVirtualNetworkAccess = new(bool)
		return fs
	}},
	{"b-address-space", func(p *model.Peering, fs []model.Failure) []model.Failure {
		p.B.RemoteAddressSpace = &model.AddressSpace{AddressPrefixes: []string{"192.168.77.0/24"}}
		return fs
	}},
	{"a-deleted", func(p *model.Peering, fs []model.Failure) []model.Failure {
		p.A.Lifecycle = model.LinkDeleted
		return fs
	}},
	{"both-not-created", func(p *model.Peering, fs []model.Failure) []model.Failure {
		p.A.Lifecycle, p.B.Lifecycle = model.LinkNotCreated, model.LinkNotCreated
		return fs
	}},
	{"failed", func(p *model.Peering, fs []model.Failure) []model.Failure {
		return append(slices.Clone(fs), model.Failure{Kind: model.PeeringDown, Target: p.ID})
	}},
}

// assertSameLinks fails unless up's links equal full's, and up's index
// points into up's own lists at the same links as full's.
func assertSameLinks(t *testing.T, what string, up, full *Plane) {
	t.Helper()
	if !reflect.DeepEqual(up.links, full.links) {
		t.Fatalf("%s: links differ from a fresh build:\nupdated %+v\nbuilt   %+v", what, up.links, full.links)
	}
	if len(up.linkIx) != len(full.linkIx) {
		t.Fatalf("%s: %d indexed links, a fresh build %d", what, len(up.linkIx), len(full.linkIx))
	}
	for k, l := range full.linkIx {
		i := slices.IndexFunc(up.links[k[0]], func(x Link) bool { return x.Remote == k[1] })
		if i < 0 || up.linkIx[k] != &up.links[k[0]][i] || *l != *up.linkIx[k] {
			t.Fatalf("%s: link %v indexed apart from the plane's list", what, k)
		}
	}
}

// TestUpdatePeeringsEqualsBuild is the oracle of updatePeerings (prev's
// links with the changed peerings' replaced): on the generated designs,
// with peerings joining the same VNets as another (left out), two of them
// with the same id (the first is kept), every peering edited alone (peeringEdits), then two at once and
// more than maxPeeringEdits, Update's links and every subnet's routes
// (system layers kept when the links read the same to them,
// sameSystemLinks) equal a fresh Build's; the patch ran (a VNet's list shared with the previous plane) and so did
// the fallback.
func TestUpdatePeeringsEqualsBuild(t *testing.T) {
	patched, built := 0, 0
	for _, kind := range []string{"hubspoke", "multihub", "mesh"} {
		topo, err := gen.Generate(kind, gen.Params{N: 4, Subnets: 1, Prefixes: 8, UDRs: 2, Branch: 3, Seed: 3})
		if err != nil {
			t.Fatal(err)
		}
		first, last := topo.VNets[0].ID, topo.VNets[len(topo.VNets)-1].ID
		topo.Peerings = append(slices.Clone(topo.Peerings),
			model.Peering{ID: "zz-again", A: model.PeeringLink{VNet: first}, B: model.PeeringLink{VNet: last}},
			model.Peering{ID: "dup", A: model.PeeringLink{VNet: last}, B: model.PeeringLink{VNet: first}},
			model.Peering{ID: "dup", A: model.PeeringLink{VNet: first}, B: model.PeeringLink{VNet: last}})
		p0 := Build(&topo)
		check := func(what string, after model.Topology, fails []model.Failure) {
			up, full := Update(p0, &after, WithFailures(fails)), Build(&after, WithFailures(fails))
			assertSameLinks(t, what, up, full)
			assertSameRoutes(t, up, full, what)
			shared := false
			for v, ls := range up.links {
				if len(ls) > 0 && &ls[0] == &p0.links[v][0] {
					shared = true
				}
			}
			if shared {
				patched++
			} else {
				built++
			}
		}
		for i := range topo.Peerings {
			for _, e := range peeringEdits {
				after := topo
				after.Peerings = slices.Clone(topo.Peerings)
				fails := e.edit(&after.Peerings[i], nil)
				check(fmt.Sprintf("%s peering %d (%s) %s", kind, i, after.Peerings[i].ID, e.name), after, fails)
			}
		}
		for _, n := range []int{2, maxPeeringEdits + 1} {
			after := topo
			after.Peerings = slices.Clone(topo.Peerings)
			for i := range min(n, len(after.Peerings)) {
				after.Peerings[i].B.UseRemoteGateways = !after.Peerings[i].B.UseRemoteGateways
			}
			check(fmt.Sprintf("%s %d peerings", kind, n), after, nil)
		}
	}
	if patched == 0 || built == 0 {
		t.Fatalf("links patched %d times, built %d: both must occur", patched, built)
	}
}
