package scenarios

import (
	"bytes"
	"flag"
	"math/rand/v2"
	"net/netip"
	"os"
	"path/filepath"
	"testing"

	"vnetplay/engine"
	"vnetplay/engine/dataplane"
	"vnetplay/engine/dns"
	"vnetplay/engine/expect"
	"vnetplay/engine/model"
	"vnetplay/engine/reach"
	"vnetplay/engine/report"
	"vnetplay/engine/scenario"
	"vnetplay/engine/trace"
)

var update = flag.Bool("update", false, "rewrite golden files")

func load(t *testing.T, s Scenario) *engine.Analysis {
	t.Helper()
	a, err := engine.Load(s.JSON, scenario.Strict)
	if err != nil {
		t.Fatalf("%s: %v", s.Name, err)
	}
	return a
}

func TestBuiltinsAreWellFormed(t *testing.T) {
	all := All()
	if len(all) < 6 {
		t.Fatalf("want at least 6 built-in scenarios, got %d", len(all))
	}
	for _, s := range all {
		t.Run(s.Name, func(t *testing.T) {
			a := load(t, s)
			if s.Description == "" || s.Title == "" || len(a.Doc.Expect) == 0 {
				t.Error("a built-in scenario needs a name, a description and expectations")
			}
			canon, _ := scenario.Encode(a.Doc)
			if !bytes.Equal(canon, s.JSON) {
				t.Error("not canonical; run vnetplay fmt -w")
			}
			if n := a.Errors(); n > 0 {
				t.Errorf("%d validation errors: %v", n, a.Diagnostics)
			}
		})
	}
	if _, ok := Get("hub-spoke-firewall"); !ok {
		t.Error("Get(hub-spoke-firewall) failed")
	}
}

// TestExpectations runs every scenario's expect entries.
func TestExpectations(t *testing.T) {
	for _, s := range All() {
		t.Run(s.Name, func(t *testing.T) {
			a := load(t, s)
			for _, r := range expect.EvaluateDocument(a.Doc, a.Plane) {
				if !r.OK {
					t.Errorf("%s: %s (got %s)", r.ID, r.Msg, r.Got)
				}
			}
		})
	}
}

// outputs renders the canonical answers for one scenario.
func outputs(doc *scenario.Document) map[string][]byte {
	p := dataplane.Build(&doc.Topology)
	var routes, traces, matrix, lint bytes.Buffer
	for _, sn := range p.Subnets() {
		tab, _ := p.Routes(sn)
		report.Routes(&routes, sn, tab)
		routes.WriteString("\n")
	}
	for _, e := range doc.Expect {
		if e.Kind != scenario.ExpectReach {
			continue
		}
		src, _ := expect.Source(p, e.From)
		dst, named, _ := expect.Target(p, &doc.Topology, e.From, e.To)
		traces.WriteString("## " + e.ID + "\n")
		if named != nil { // a reach to a DNS name: the resolution, then the walk to its address
			dns.Write(&traces, named.Resolution)
			traces.WriteString("\n")
		}
		if named == nil || named.Resolved() {
			report.Trace(&traces, trace.Run(p, trace.Flow{Src: src, DstIP: dst, Protocol: e.Protocol, DstPort: e.Port}))
			traces.WriteString("\n")
		}
	}
	report.Matrix(&matrix, reach.Compute(p, trace.Flow{}))
	report.Diagnostics(&lint, engine.Validate(doc)) // model.Validate with the edge lint (edge.Lint)
	out := map[string][]byte{"routes.golden": routes.Bytes(), "trace.golden": traces.Bytes(), "reach.golden": matrix.Bytes(), "lint.golden": lint.Bytes()}
	hybridOutputs(doc, p, out)
	return out
}

func TestGolden(t *testing.T) {
	for _, s := range All() {
		t.Run(s.Name, func(t *testing.T) {
			a := load(t, s)
			dir := filepath.Join("testdata", s.Name)
			for name, got := range outputs(a.Doc) {
				file := filepath.Join(dir, name)
				if *update {
					if err := os.MkdirAll(dir, 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(file, got, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want, err := os.ReadFile(file)
				if err != nil {
					t.Fatalf("%v (run go test ./scenarios -update)", err)
				}
				if !bytes.Equal(got, want) {
					t.Errorf("%s differs from golden:\n%s", file, got)
				}
			}
		})
	}
}

// TestDeterminism shuffles every list in the topology and expects the same
// bytes: no input order or map order leaks into the answers.
func TestDeterminism(t *testing.T) {
	for _, s := range All() {
		t.Run(s.Name, func(t *testing.T) {
			want := outputs(load(t, s).Doc)
			for seed := range uint64(3) {
				doc := load(t, s).Doc
				shuffle(rand.New(rand.NewPCG(seed, 42)), &doc.Topology)
				for name, got := range outputs(doc) {
					if !bytes.Equal(got, want[name]) {
						t.Fatalf("seed %d: %s changed with input order:\n%s\nwant:\n%s", seed, name, got, want[name])
					}
				}
			}
		})
	}
}

func shuffle(r *rand.Rand, t *model.Topology) {
	sh := func(n int, swap func(i, j int)) { r.Shuffle(n, swap) }
	sh(len(t.VNets), func(i, j int) { t.VNets[i], t.VNets[j] = t.VNets[j], t.VNets[i] })
	for k := range t.VNets {
		s := t.VNets[k].Subnets
		sh(len(s), func(i, j int) { s[i], s[j] = s[j], s[i] })
	}
	sh(len(t.Peerings), func(i, j int) { t.Peerings[i], t.Peerings[j] = t.Peerings[j], t.Peerings[i] })
	sh(len(t.RouteTables), func(i, j int) { t.RouteTables[i], t.RouteTables[j] = t.RouteTables[j], t.RouteTables[i] })
	for k := range t.RouteTables {
		rs := t.RouteTables[k].Routes
		sh(len(rs), func(i, j int) { rs[i], rs[j] = rs[j], rs[i] })
	}
	sh(len(t.NSGs), func(i, j int) { t.NSGs[i], t.NSGs[j] = t.NSGs[j], t.NSGs[i] })
	for k := range t.NSGs {
		rs := t.NSGs[k].SecurityRules
		sh(len(rs), func(i, j int) { rs[i], rs[j] = rs[j], rs[i] })
	}
	sh(len(t.VMs), func(i, j int) { t.VMs[i], t.VMs[j] = t.VMs[j], t.VMs[i] })
	sh(len(t.Gateways), func(i, j int) { t.Gateways[i], t.Gateways[j] = t.Gateways[j], t.Gateways[i] })
	sh(len(t.LocalNetworkGateways), func(i, j int) {
		t.LocalNetworkGateways[i], t.LocalNetworkGateways[j] = t.LocalNetworkGateways[j], t.LocalNetworkGateways[i]
	})
	sh(len(t.Sites), func(i, j int) { t.Sites[i], t.Sites[j] = t.Sites[j], t.Sites[i] })
	sh(len(t.Connections), func(i, j int) { t.Connections[i], t.Connections[j] = t.Connections[j], t.Connections[i] })
	sh(len(t.Circuits), func(i, j int) { t.Circuits[i], t.Circuits[j] = t.Circuits[j], t.Circuits[i] })
	sh(len(t.RouteServers), func(i, j int) { t.RouteServers[i], t.RouteServers[j] = t.RouteServers[j], t.RouteServers[i] })
	for k := range t.RouteServers {
		b := t.RouteServers[k].BgpConnections
		sh(len(b), func(i, j int) { b[i], b[j] = b[j], b[i] })
	}
}

func BenchmarkRoutes(b *testing.B) {
	s, _ := Get("docs-routing-example")
	a, _ := engine.Load(s.JSON, scenario.Strict)
	b.ReportAllocs()
	for b.Loop() {
		dataplane.Build(&a.Doc.Topology)
	}
}

func BenchmarkNextHop(b *testing.B) {
	s, _ := Get("docs-routing-example")
	a, _ := engine.Load(s.JSON, scenario.Strict)
	dst := netip.MustParseAddr("10.1.0.4")
	b.ReportAllocs()
	for b.Loop() {
		a.Plane.NextHop("virtual-network-1/Subnet1", dst)
	}
}
