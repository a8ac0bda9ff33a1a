package reach

import (
	"reflect"
	"slices"
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
	"vnetplay/engine/trace"
)

// siteEdits are edits of the on-premises side of gatewayTransit's design,
// each changing the BGP result: the walks to and from the sites' hosts
// record their questions (trace.ReadSite, ReadNoTransit, ReadBest at the
// site routers), so a patch keeps those whose questions are answered alike
// and must walk again every other.
var siteEdits = []struct {
	name string
	edit func(t *model.Topology) []model.Failure
}{
	{"circuit down", func(t *model.Topology) []model.Failure {
		return []model.Failure{{Kind: model.CircuitDown, Target: t.Circuits[0].ID}}
	}},
	{"branch tunnel down", func(t *model.Topology) []model.Failure {
		return []model.Failure{{Kind: model.ConnectionDown, Target: "hub-s2s-branch"}}
	}},
	{"branch range moves off its host, advertised as before", func(t *model.Topology) []model.Failure {
		s := site(t, "branch-hub")
		if len(s.AdvertisedPrefixes) == 0 {
			s.AdvertisedPrefixes = slices.Clone(s.AddressPrefixes)
		}
		s.AddressPrefixes = []string{"192.168.128.0/17"}
		return nil
	}},
	{"branch advertises one more prefix", func(t *model.Topology) []model.Failure {
		s := site(t, "branch-hub")
		s.AdvertisedPrefixes = append(slices.Clone(s.AdvertisedPrefixes), "198.51.100.0/24")
		return nil
	}},
	{"branch connection static", func(t *model.Topology) []model.Failure {
		for i := range t.Connections {
			if t.Connections[i].ID == "hub-s2s-branch" {
				t.Connections[i].EnableBgp = false
			}
		}
		for i := range t.LocalNetworkGateways {
			if t.LocalNetworkGateways[i].Site == "branch-hub" {
				t.LocalNetworkGateways[i].BgpSettings = nil
				t.LocalNetworkGateways[i].LocalNetworkAddressSpace = model.AddressSpace{AddressPrefixes: []string{"192.168.0.0/16"}}
			}
		}
		return nil
	}},
	{"far site's connection runs BGP, advertising elsewhere", func(t *model.Topology) []model.Failure {
		site(t, "far")
		for i := range t.Connections {
			if t.Connections[i].ID == "hub-s2s-far" {
				t.Connections[i].EnableBgp = true
			}
		}
		for i := range t.LocalNetworkGateways {
			if t.LocalNetworkGateways[i].Site == "far" {
				t.LocalNetworkGateways[i].BgpSettings = &model.BgpSettings{Asn: 65090, BgpPeeringAddress: "172.30.0.1"}
			}
		}
		return nil
	}},
	{"dc host moves between the site's prefixes", func(t *model.Topology) []model.Failure {
		s := site(t, "dc-hub")
		s.AdvertisedPrefixes = append(slices.Clone(s.AdvertisedPrefixes), "172.16.0.0/24")
		return nil
	}},
}

// site returns the site id of t, its slices copied first (the edit must
// not write the design it was given).
func site(t *model.Topology, id string) *model.Site {
	t.Sites = slices.Clone(t.Sites)
	t.LocalNetworkGateways = slices.Clone(t.LocalNetworkGateways)
	t.Connections = slices.Clone(t.Connections)
	for i := range t.Sites {
		if t.Sites[i].ID == id {
			return &t.Sites[i]
		}
	}
	panic("no site " + id)
}

// TestSiteEditsPatchEqualsPerPair: after each edit of the sites, applied
// alone and one after the other, the patched matrix equals one walk per
// cell (engine's TestGatewayWalksKeptWhenTheirAnswersHold checks that the
// site cells whose questions are answered alike are kept).
func TestSiteEditsPatchEqualsPerPair(t *testing.T) {
	base := withFarSite(gatewayTransit())
	p0 := dataplane.Build(&base)
	tr0 := ComputeTracked(p0, trace.Flow{}, trace.Options{})
	sites := 0 // cells from or to a site host, walked on recorded questions alone
	for i := range tr0.Matrix.Len() {
		c := tr0.Matrix.Cell(i)
		if d := tr0.CellDeps(i); !d.BGP && len(d.Hybrid) > 0 && (isHost(p0, c.From) || isHost(p0, c.To)) {
			sites++
		}
	}
	if sites == 0 {
		t.Fatal("no walk to or from a site recorded its questions: the test tests nothing")
	}
	for _, chain := range []bool{false, true} {
		topo, fails, p, tr := base, []model.Failure(nil), p0, tr0
		for _, e := range siteEdits {
			if !chain {
				topo, fails, p, tr = base, nil, p0, tr0
			}
			topo = cloneTopo(topo)
			fails = append(slices.Clone(fails), e.edit(&topo)...)
			next := dataplane.Update(p, &topo, dataplane.WithFailures(fails))
			if next.BGP() == p.BGP() {
				t.Fatalf("%s: the BGP result did not change", e.name)
			}
			up, d := tr.Update(next)
			if want := ComputePerPair(next, trace.Flow{}, trace.Options{}); !reflect.DeepEqual(up.Matrix, want) {
				for i := range want.Len() {
					if got, w := up.Matrix.Cell(i), want.Cell(i); got != w {
						t.Errorf("%s (chain %v): %s → %s: %s (%s), want %s (%s)", e.name, chain, w.From, w.To, got.Disposition, got.Reason, w.Disposition, w.Reason)
					}
				}
				t.FailNow()
			}
			t.Logf("%s (chain %v): %d cells walked again, %d kept", e.name, chain, d.Traced, d.Reused)
			p, tr = next, up
		}
	}
}

// isHost reports whether endpoint id is one of p's hybrid endpoints.
func isHost(p *dataplane.Plane, id string) bool {
	_, ok := p.HybridEndpoint(id)
	return ok
}

// cloneTopo copies the parts of t that siteEdits change.
func cloneTopo(t model.Topology) model.Topology {
	t.Sites = slices.Clone(t.Sites)
	t.LocalNetworkGateways = slices.Clone(t.LocalNetworkGateways)
	t.Connections = slices.Clone(t.Connections)
	return t
}

// withFarSite is topo with a third site, far (172.30.0.0/16, a host at
// 172.30.0.10, advertising 198.18.0.0/24 when it runs BGP), on the hub's
// VPN gateway over a static connection.
func withFarSite(t model.Topology) model.Topology {
	t = cloneTopo(t)
	t.Sites = append(t.Sites, model.Site{ID: "far", Asn: 65090, AddressPrefixes: []string{"172.30.0.0/16"}, AdvertisedPrefixes: []string{"198.18.0.0/24"},
		Hosts: []model.Host{{ID: "host", IPAddress: "172.30.0.10"}}})
	t.LocalNetworkGateways = append(t.LocalNetworkGateways, model.LocalNetworkGateway{ID: "lng-far", Site: "far", GatewayIPAddress: "203.0.113.90",
		LocalNetworkAddressSpace: model.AddressSpace{AddressPrefixes: []string{"172.30.0.0/16"}}})
	t.Connections = append(t.Connections, model.Connection{ID: "hub-s2s-far", ConnectionType: model.ConnIPsec, VirtualNetworkGateway1: "hub-vpngw", LocalNetworkGateway2: "lng-far"})
	return t
}
