package engine_test

import (
	"bytes"
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/gen"
	"vnetplay/engine/model"
)

// TestGatewayLayerKeptWithItsRoutes pins when Update keeps a gateway
// layer after a BGP change: when the BGP result holds the previous one's
// very list of routes of every gateway VNet the layer reads
// (bgp.Result.SameVNetRoutes). A spoke's transit flag changes BGP (the
// hub's prefixes) but not the hub's programmed routes, so every other
// spoke keeps its gateway layer; a failed circuit moves the hub's routes
// to the VPN gateway, so the layer is built again. Each plane equals a
// full Build. Keeping the layer without that guard makes the failed
// circuit's plane differ.
func TestGatewayLayerKeptWithItsRoutes(t *testing.T) {
	topo := gen.HubSpokeScale(gen.Params{N: 6, Subnets: 1, Prefixes: 40, UDRs: 2, Seed: 1})
	prev := dataplane.Build(&topo)
	steps := []struct {
		name string
		edit func(t *model.Topology) []model.Failure
		kept bool // spoke-2's gateway layer is the previous plane's
	}{
		{"transit flag", func(t *model.Topology) []model.Failure {
			t.Peerings[0].B.UseRemoteGateways = !t.Peerings[0].B.UseRemoteGateways
			return nil
		}, true},
		{"circuit failed", func(t *model.Topology) []model.Failure {
			return []model.Failure{{Kind: model.CircuitDown, Target: t.Circuits[0].ID}}
		}, false},
		{"circuit restored", func(t *model.Topology) []model.Failure { return nil }, false},
	}
	spoke := gatewaySubnet(t, prev)
	for _, st := range steps {
		topo = cloneTopology(t, topo)
		fails := st.edit(&topo)
		up := dataplane.Update(prev, &topo, dataplane.WithFailures(fails))
		full := dataplane.Build(&topo, dataplane.WithFailures(fails))
		if up.BGP() == prev.BGP() {
			t.Fatalf("%s: BGP unchanged, the edit tests nothing", st.name)
		}
		assertUpdateIsBuild(t, st.name, up, full)
		a, _ := prev.Routes(spoke)
		b, _ := up.Routes(spoke)
		if a.Layer() == nil || (a.Layer() == b.Layer()) != st.kept {
			t.Errorf("%s: gateway layer kept %v, want %v", st.name, a.Layer() == b.Layer(), st.kept)
		}
		prev = up
	}
}

// gatewaySubnet is a subnet of the last spoke (one the edits leave using
// the hub's gateway) with gateway routes.
func gatewaySubnet(t *testing.T, p *dataplane.Plane) string {
	t.Helper()
	ids := p.Subnets()
	for i := len(ids) - 1; i >= 0; i-- {
		if tb, ok := p.Routes(ids[i]); ok && tb.Layer() != nil {
			return ids[i]
		}
	}
	t.Fatal("no subnet with gateway routes")
	return ""
}

// TestSystemLayerKeptWithItsLinks pins when Update keeps a system layer
// after a peering edit (the structure shared but the links): when the
// subnet's VNet has the same links (sameLinksOf). Removing a spoke's
// peering changes the hub's and that spoke's system routes, and no other
// spoke's, which keeps its layer; each plane equals a full Build. Keeping
// the layers without comparing the VNet's links makes it fail.
func TestSystemLayerKeptWithItsLinks(t *testing.T) {
	topo := gen.HubSpokeScale(gen.Params{N: 6, Subnets: 1, Prefixes: 40, UDRs: 2, Seed: 1})
	prev := dataplane.Build(&topo)
	spoke := gatewaySubnet(t, prev)
	for _, st := range []struct {
		name string
		edit func(t *model.Topology)
	}{
		{"transit flag", func(t *model.Topology) { t.Peerings[0].B.UseRemoteGateways = !t.Peerings[0].B.UseRemoteGateways }},
		{"peering removed", func(t *model.Topology) { t.Peerings = t.Peerings[1:] }},
	} {
		topo = cloneTopology(t, topo)
		st.edit(&topo)
		up := dataplane.Update(prev, &topo)
		full := dataplane.Build(&topo)
		assertUpdateIsBuild(t, st.name, up, full)
		a, _ := prev.Routes(spoke)
		b, _ := up.Routes(spoke)
		if a.SystemLayer() == nil || a.SystemLayer() != b.SystemLayer() {
			t.Errorf("%s: %s's system layer not kept", st.name, spoke)
		}
		prev = up
	}
}

// assertUpdateIsBuild fails the test when the updated plane up differs
// from full, the plane built from nothing, after the edit name.
func assertUpdateIsBuild(t *testing.T, name string, up, full *dataplane.Plane) {
	t.Helper()
	if a, b := planeDump(up), planeDump(full); !bytes.Equal(a, b) {
		t.Fatalf("%s: plane outputs differ:\nupdate: %.2000s\nbuild:  %.2000s", name, a, b)
	}
	if d := planeDiff(up, full); d != "" {
		t.Fatalf("%s: %s", name, d)
	}
}
