package engine_test

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"vnetplay/engine"
	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
)

// edgeEdit changes one input of the Internet edge in place of a copy: a
// subnet's NAT gateway or default outbound access, or a NIC's instance
// public IP (what the lint and the data plane's edge read).
func edgeEdit(r *rand.Rand, t *model.Topology) {
	*t = cloneForEdit(*t)
	if r.IntN(2) == 0 && len(t.VMs) > 0 {
		t.VMs = slices.Clone(t.VMs)
		vm := &t.VMs[r.IntN(len(t.VMs))]
		if len(vm.NICs) == 0 {
			return
		}
		vm.NICs = slices.Clone(vm.NICs)
		n := &vm.NICs[0]
		if n.PublicIPAddress != "" {
			n.PublicIPAddress = ""
		} else if len(t.PublicIPAddresses) > 0 {
			n.PublicIPAddress = t.PublicIPAddresses[r.IntN(len(t.PublicIPAddresses))].ID
		}
		return
	}
	if len(t.VNets) == 0 {
		return
	}
	vn := &t.VNets[r.IntN(len(t.VNets))]
	if len(vn.Subnets) == 0 {
		return
	}
	vn.Subnets = slices.Clone(vn.Subnets)
	s := &vn.Subnets[r.IntN(len(vn.Subnets))]
	switch {
	case s.NatGateway != "":
		s.NatGateway = ""
	case s.DefaultOutboundAccess != nil:
		s.DefaultOutboundAccess = nil
	case r.IntN(2) == 0 && len(t.NatGateways) > 0:
		s.NatGateway = t.NatGateways[r.IntN(len(t.NatGateways))].ID
	default:
		s.DefaultOutboundAccess = new(bool)
	}
}

// TestReanalyzeCheckedEqualsValidate: along random edit sequences (routes,
// peerings, failures and the Internet edge's inputs), ReanalyzeChecked from
// the previous version's plane, given ValidateModel, returns Validate and
// Analyze's diagnostics, though its lint reads the plane's edge, which the
// update keeps when the edge's inputs did not change. Both ways must run.
func TestReanalyzeCheckedEqualsValidate(t *testing.T) {
	kept, rebuilt := 0, 0
	for seed := range uint64(60) {
		topo := seededTopology(seed, 11)
		r := rand.New(rand.NewPCG(seed, 3))
		var fails []model.Failure
		var prev *dataplane.Plane
		for step := range 12 {
			if step%2 == 0 {
				edgeEdit(r, &topo)
			} else {
				fails = randomEdit(r, &topo, fails)
			}
			doc := &scenario.Document{Topology: topo}
			a, validation := engine.ReanalyzeChecked(prev, doc, engine.ValidateModel(doc))
			where := fmt.Sprintf("seed %d step %d", seed, step)
			if want := engine.Validate(doc); !reflect.DeepEqual(validation, want) {
				t.Fatalf("%s: validation\n%v\nwant\n%v", where, validation, want)
			}
			if want := engine.Analyze(doc).Diagnostics; !reflect.DeepEqual(a.Diagnostics, want) {
				t.Fatalf("%s: diagnostics\n%v\nwant\n%v", where, a.Diagnostics, want)
			}
			if prev != nil {
				if a.Plane.Edge() == prev.Edge() {
					kept++
				} else {
					rebuilt++
				}
			}
			prev = a.Plane
		}
	}
	if kept == 0 || rebuilt == 0 {
		t.Fatalf("the plane's edge was kept %d times and rebuilt %d: both must be checked", kept, rebuilt)
	}
	t.Logf("edge kept %d times, rebuilt %d", kept, rebuilt)
}
