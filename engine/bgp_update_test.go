package engine_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"net/netip"
	"slices"
	"testing"

	"vnetplay/engine/bgp"
	"vnetplay/engine/dataplane"
	"vnetplay/engine/gen"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
	"vnetplay/engine/trace"
	"vnetplay/scenarios"
)

// Oracle of incremental BGP seen from the data plane: along random edit
// sequences of every built-in scenario and small designs of every
// generator, the plane dataplane.Update derives from the previous one (its
// BGP result from bgp.Update) gives byte for byte the BGP result and the
// plane outputs of dataplane.Build from scratch.

// bgpDump is a canonical form of everything a BGP result answers through
// its exported methods: speakers, sessions, each speaker's Loc-RIB,
// neighbors (advertised and received paths) and longest matches for probe
// addresses, each VNet's programmed routes, transit spokes and hub
// prefixes, P2S routes of every gateway, diagnostics, rounds and
// convergence.
func bgpDump(tb testing.TB, r *bgp.Result, t *model.Topology) []byte {
	type speaker struct {
		Speaker   bgp.Speaker
		RIB       []bgp.Best
		Neighbors []bgp.Neighbor
		Lookups   []string
	}
	type vnet struct {
		ID     string
		Routes any
		Spokes []string
		Hub    []netip.Prefix
	}
	var out struct {
		Speakers    []speaker
		Sessions    []bgp.Session
		VNets       []vnet
		P2S         []any
		Diagnostics []model.Diagnostic
		Rounds      int
		Converged   bool
	}
	probes := []netip.Addr{netip.MustParseAddr("8.8.8.8")}
	for _, sp := range r.Speakers() {
		for _, b := range r.RIB(sp.ID) {
			probes = append(probes, b.Prefix.Addr())
		}
	}
	for _, sp := range r.Speakers() {
		s := speaker{Speaker: sp, RIB: r.RIB(sp.ID), Neighbors: r.Neighbors(sp.ID)}
		for _, a := range probes {
			if b, ok := r.Lookup(sp.ID, a); ok {
				s.Lookups = append(s.Lookups, a.String()+" "+b.Prefix.String()+" "+b.Neighbor)
			}
		}
		out.Speakers = append(out.Speakers, s)
	}
	out.Sessions = r.Sessions()
	for _, v := range t.VNets {
		out.VNets = append(out.VNets, vnet{v.ID, r.VNetRoutes(v.ID), r.Spokes(v.ID), r.HubPrefixes(v.ID)})
	}
	for _, g := range t.Gateways {
		x, ok := r.P2S(t, g.ID)
		out.P2S = append(out.P2S, []any{g.ID, ok, x})
	}
	out.Diagnostics, out.Rounds, out.Converged = r.Diagnostics, r.Rounds, r.Converged
	b, err := json.Marshal(out)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// planeDump is a canonical form of a plane's outputs: VNets and their
// links, subnets, NICs and hybrid endpoints, every subnet's effective
// routes and next hop towards every endpoint and a few more addresses.
func planeDump(p *dataplane.Plane) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "vnets %q\nsubnets %q\nnics %q\nhybrid %q\n", p.VNets(), p.Subnets(), p.NICs(), p.HybridEndpoints())
	for _, id := range p.VNets() {
		v, _ := p.VNet(id)
		vj, _ := json.Marshal(v)
		lj, _ := json.Marshal(p.Links(id)) // follows the links' pointers
		fmt.Fprintf(&b, "vnet %s links %s\n", vj, lj)
	}
	probes := []netip.Addr{trace.InternetProbe(), netip.MustParseAddr("10.0.1.200"), netip.MustParseAddr("192.168.1.77"), netip.MustParseAddr("172.16.5.5")}
	for _, id := range append(p.NICs(), p.HybridEndpoints()...) {
		if _, ip, ok := p.Endpoint(id); ok {
			probes = append(probes, ip)
		}
	}
	for _, id := range p.Subnets() {
		s, _ := p.Subnet(id)
		fmt.Fprintf(&b, "subnet %+v\n", *s)
		if t, ok := p.Routes(id); ok {
			for _, e := range t.Routes() {
				fmt.Fprintf(&b, "  %+v\n", e)
			}
		}
		for _, ip := range probes {
			x, ok := p.NextHop(id, ip)
			fmt.Fprintf(&b, "  → %s %v %+v\n", ip, ok, x)
		}
	}
	return b.Bytes()
}

// bgpEdit changes what BGP reads prefix by prefix (the edits bgp.Update
// splices): a site's advertised prefixes, a Route Server peer's
// advertisements, a local network gateway's statics, a VNet's address
// space or summaries, a spoke's useRemoteGateways.
func bgpEdit(r *rand.Rand, t *model.Topology) {
	prefixes := []string{"172.16.5.0/24", "192.168.1.0/24", "10.0.0.0/8", "10.1.0.0/16", "10.9.0.0/16", "0.0.0.0/0", "100.64.7.0/24"}
	pfx := func() string { return prefixes[r.IntN(len(prefixes))] }
	grow := func(ss []string) []string {
		if len(ss) > 1 && r.IntN(2) == 0 {
			i := r.IntN(len(ss))
			return slices.Delete(slices.Clone(ss), i, i+1)
		}
		return append(slices.Clone(ss), pfx())
	}
	switch r.IntN(5) {
	case 0:
		if len(t.Sites) > 0 {
			s := &t.Sites[r.IntN(len(t.Sites))]
			s.AdvertisedPrefixes = grow(s.AdvertisedPrefixes)
		}
	case 1:
		if len(t.RouteServers) > 0 && len(t.RouteServers[0].BgpConnections) > 0 {
			p := &t.RouteServers[0].BgpConnections[0]
			p.Advertise = append(slices.Clone(p.Advertise), model.Advertisement{Prefix: pfx(), AsPathPrepend: r.IntN(3)})
		}
	case 2:
		if len(t.LocalNetworkGateways) > 0 {
			l := &t.LocalNetworkGateways[r.IntN(len(t.LocalNetworkGateways))]
			l.LocalNetworkAddressSpace.AddressPrefixes = grow(l.LocalNetworkAddressSpace.AddressPrefixes)
		}
	case 3:
		if len(t.VNets) > 0 {
			v := &t.VNets[r.IntN(len(t.VNets))]
			if r.IntN(2) == 0 {
				v.AddressSpace.AddressPrefixes = grow(v.AddressSpace.AddressPrefixes)
			} else {
				v.SummarizedGatewayPrefixes = grow(v.SummarizedGatewayPrefixes)
			}
		}
	default:
		if len(t.Peerings) > 0 {
			p := &t.Peerings[r.IntN(len(t.Peerings))]
			p.B.UseRemoteGateways = !p.B.UseRemoteGateways
		}
	}
}

// bgpOracleDesigns are the designs of TestPlaneUpdateBGPEqualsBuild.
func bgpOracleDesigns(t *testing.T) map[string]model.Topology {
	out := map[string]model.Topology{}
	for _, s := range scenarios.All() {
		doc, _, err := scenario.Decode(s.JSON, scenario.Strict)
		if err != nil {
			t.Fatal(err)
		}
		out["scenario/"+s.Name] = doc.Topology
	}
	for _, g := range []struct {
		kind string
		p    gen.Params
	}{
		{"hubspoke", gen.Params{N: 6, Subnets: 1, Prefixes: 40, UDRs: 3, Seed: 5}},
		{"multihub", gen.Params{N: 2, Subnets: 1, Prefixes: 20, UDRs: 2, Branch: 6, Seed: 6}},
		{"mesh", gen.Params{N: 4}},
		{"noshare", gen.Params{N: 3, UDRs: 4, Seed: 7}},
	} {
		topo, err := gen.Generate(g.kind, g.p)
		if err != nil {
			t.Fatal(err)
		}
		out["gen/"+g.kind] = topo
	}
	return out
}

// TestPlaneUpdateBGPEqualsBuild: on every built-in scenario and a small
// design of every generator, along seeded random edit sequences mixing the
// engine's edit generators (randomEdit, fuzzEdit: UDRs, peerings,
// locations, gateways, connections, sites, Route Server, failures) with
// bgpEdit, the updated plane equals a plane built from scratch: the same
// BGP result (bgpDump) and plane outputs (planeDump) byte for byte, and
// the same answers to planeDiff's questions (reachability included). BGP
// must have been both reused and computed again.
func TestPlaneUpdateBGPEqualsBuild(t *testing.T) {
	designs := bgpOracleDesigns(t)
	reused, fresh := 0, 0
	seqs := 3
	if testing.Short() { // a sample: make test-wasm-node; test-native runs it whole
		seqs = 1
	}
	for _, name := range slices.Sorted(maps.Keys(designs)) {
		t.Run(name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(41, uint64(len(name))))
			for seq := range seqs {
				topo := designs[name]
				var fails []model.Failure
				prev := dataplane.Build(&topo)
				for step := range 12 {
					topo = cloneTopology(t, topo)
					switch r.IntN(3) {
					case 0:
						fails = randomEdit(r, &topo, fails)
					case 1:
						src := make([]byte, 16)
						for i := range src {
							src[i] = byte(r.IntN(256))
						}
						fails = fuzzEdit(&byteSource{src}, &topo, fails)
					default:
						bgpEdit(r, &topo)
					}
					up := dataplane.Update(prev, &topo, dataplane.WithFailures(fails))
					full := dataplane.Build(&topo, dataplane.WithFailures(fails))
					if up.BGP() == prev.BGP() {
						reused++
					} else {
						fresh++
					}
					if a, b := bgpDump(t, up.BGP(), &topo), bgpDump(t, full.BGP(), &topo); !bytes.Equal(a, b) {
						t.Fatalf("sequence %d step %d (failures %v): BGP results differ:\nupdate:  %.2000s\ncompute: %.2000s", seq, step, fails, a, b)
					}
					if a, b := planeDump(up), planeDump(full); !bytes.Equal(a, b) {
						t.Fatalf("sequence %d step %d (failures %v): plane outputs differ:\nupdate: %.2000s\nbuild:  %.2000s", seq, step, fails, a, b)
					}
					if d := planeDiff(up, full); d != "" {
						t.Fatalf("sequence %d step %d (failures %v): %s", seq, step, fails, d)
					}
					prev = up
				}
			}
		})
	}
	if reused == 0 || fresh == 0 {
		t.Fatalf("BGP reused %d times, computed %d: both paths must run", reused, fresh)
	}
	t.Logf("BGP reused %d times, computed again %d", reused, fresh)
}
