package engine_test

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
	"vnetplay/engine/reach"
	"vnetplay/engine/trace"
)

// linkEdits are the changes of one side of a peering that
// TestTrackedUpdateAfterEachLinkField makes, each alone: every field of
// model.PeeringLink a walk may or may not read when it crosses the link.
var linkEdits = []struct {
	name string
	edit func(l *model.PeeringLink, remote *model.VNet)
}{
	{"allowForwardedTraffic", func(l *model.PeeringLink, _ *model.VNet) { l.AllowForwardedTraffic = !l.AllowForwardedTraffic }},
	{"allowGatewayTransit", func(l *model.PeeringLink, _ *model.VNet) { l.AllowGatewayTransit = !l.AllowGatewayTransit }},
	{"useRemoteGateways", func(l *model.PeeringLink, _ *model.VNet) { l.UseRemoteGateways = !l.UseRemoteGateways }},
	{"allowVirtualNetworkAccess", func(l *model.PeeringLink, _ *model.VNet) {
		if l.AllowVirtualNetworkAccess == nil || *l.AllowVirtualNetworkAccess {
			l.AllowVirtualNetworkAccess = new(bool)
		} else {
			l.AllowVirtualNetworkAccess = nil
		}
	}},
	{"allowVirtualNetworkAccess-explicit-true", func(l *model.PeeringLink, _ *model.VNet) {
		yes := true
		l.AllowVirtualNetworkAccess = &yes
	}},
	{"lifecycle-notcreated", func(l *model.PeeringLink, _ *model.VNet) { l.Lifecycle = model.LinkNotCreated }},
	{"lifecycle-deleted", func(l *model.PeeringLink, _ *model.VNet) { l.Lifecycle = model.LinkDeleted }},
	{"remoteAddressSpace-synced", func(l *model.PeeringLink, remote *model.VNet) {
		l.RemoteAddressSpace = &model.AddressSpace{AddressPrefixes: append([]string(nil), remote.AddressSpace.AddressPrefixes...)}
	}},
	{"remoteAddressSpace-stale", func(l *model.PeeringLink, _ *model.VNet) {
		l.RemoteAddressSpace = &model.AddressSpace{AddressPrefixes: []string{"192.168.77.0/24"}}
	}},
}

// TestTrackedUpdateAfterEachLinkField is the oracle of the matrix kept
// across link changes a crossing does not read (dataplane.CrossedLinks):
// on the oracle designs and seeded random designs with gateways, every
// field of either side of every peering changed alone (linkEdits), under
// both readings of the peering flags, the matrix Update derives equals one
// walk per cell; dataplane.CrossedLinks is a subset of ChangedLinks; and
// both kinds of edit occur: links changed with nothing a crossing reads
// (whose crossings are then not walked again) and links changed in what
// it reads.
func TestTrackedUpdateAfterEachLinkField(t *testing.T) {
	designs := oracleDesigns()
	n := 12
	if testing.Short() {
		n = 4
	}
	for seed := range n {
		r := rand.New(rand.NewPCG(uint64(seed), 23))
		b := make([]byte, 256)
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		designs[fmt.Sprintf("random-%d", seed)] = fuzzDesign(&byteSource{b})
	}
	uncrossed, crossed := 0, 0
	for i, name := range slices.Sorted(maps.Keys(designs)) {
		if testing.Short() && i%2 == 1 { // wasm in Node (-short): every other design; natively all
			continue
		}
		topo := designs[name]
		for oi, opts := range []trace.Options{{}, {TagOnlyPeeringFlags: true}} {
			p0 := dataplane.Build(&topo)
			before := reach.ComputeTracked(p0, trace.Flow{}, opts)
			for pi := range topo.Peerings {
				for side := range 2 {
					for _, e := range linkEdits {
						what := fmt.Sprintf("%s opts %d peering %s side %d %s", name, oi, topo.Peerings[pi].ID, side, e.name)
						after := cloneForEdit(topo)
						l := &after.Peerings[pi].A
						remote := after.Peerings[pi].B.VNet
						if side == 1 {
							l, remote = &after.Peerings[pi].B, after.Peerings[pi].A.VNet
						}
						var rv model.VNet
						for _, v := range after.VNets {
							if v.ID == remote {
								rv = v
							}
						}
						e.edit(l, &rv)
						p1 := dataplane.Update(p0, &after)
						links, ok := dataplane.ChangedLinks(p0, p1)
						if ok && len(links) > 0 {
							c := dataplane.CrossedLinks(p0, p1, links)
							for k := range c {
								if !links[k] {
									t.Fatalf("%s: crossed pair %v is not a changed link", what, k)
								}
							}
							if len(c) == 0 {
								uncrossed++
							} else {
								crossed++
							}
						}
						got, _ := before.Update(p1)
						if want := reach.ComputePerPair(p1, trace.Flow{}, opts); !reflect.DeepEqual(got.Matrix, want) {
							for i, c := range want.All() {
								if got.Matrix.Cell(i) != c {
									t.Fatalf("%s: cell %d: incremental %+v, full %+v", what, i, got.Matrix.Cell(i), c)
								}
							}
							t.Fatalf("%s: matrices differ", what)
						}
					}
				}
			}
		}
	}
	if uncrossed == 0 || crossed == 0 {
		t.Fatalf("link edits with nothing a crossing reads changed: %d, with a crossing's read changed: %d (both must occur)", uncrossed, crossed)
	}
	t.Logf("link edits: %d with no crossed link, %d with one", uncrossed, crossed)
}
