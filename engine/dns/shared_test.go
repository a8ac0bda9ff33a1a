package dns_test

import (
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/dns"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
	"vnetplay/scenarios"
)

// sharedNames are the names worth asking in t: private endpoints' FQDNs
// and private zones' record names.
func sharedNames(t *model.Topology) []string {
	var out []string
	for _, pe := range t.PrivateEndpoints {
		out = append(out, pe.Fqdn)
	}
	for _, z := range t.PrivateDNSZones {
		for _, rs := range z.RecordSets {
			if rs.Name != "@" && !strings.Contains(rs.Name, "*") {
				out = append(out, rs.Name+"."+z.ID)
			}
		}
	}
	return out
}

// TestSharedIsAFreshResolver checks dns.Shared's contract on every
// built-in scenario: its Lint is Lint's, and after the lint has warmed
// its resolver, each answer is a fresh Resolver's asked in another order
// (a memoised network check does not carry the label of the query that
// made it) — also when the answers are asked concurrently.
func TestSharedIsAFreshResolver(t *testing.T) {
	for _, s := range scenarios.All() {
		doc, _, err := scenario.Decode(s.JSON, scenario.Lenient)
		if err != nil {
			t.Fatalf("%s: %v", s.Name, err)
		}
		topo := &doc.Topology
		p := dataplane.Build(topo)
		shared := dns.NewShared(p, topo)
		if got, want := shared.Lint(), dns.Lint(p, topo); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: Shared.Lint\n%v\nwant Lint's\n%v", s.Name, got, want)
		}
		type ask struct{ from, name string }
		var asks []ask
		for _, from := range slices.Concat(p.NICs(), p.HybridEndpoints()) {
			for _, name := range sharedNames(topo) {
				asks = append(asks, ask{from, name})
			}
		}
		fresh := dns.New(p, topo)
		want := make([]dns.Resolution, len(asks))
		for i := len(asks) - 1; i >= 0; i-- {
			want[i] = fresh.Resolve(asks[i].from, asks[i].name)
		}
		got := make([]dns.Resolution, len(asks))
		var wg sync.WaitGroup
		for w := range 4 {
			wg.Go(func() {
				for i := w; i < len(asks); i += 4 {
					got[i] = shared.Resolve(asks[i].from, asks[i].name)
				}
			})
		}
		wg.Wait()
		for i := range asks {
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Errorf("%s: %s from %s: shared\n%+v\nfresh\n%+v", s.Name, asks[i].name, asks[i].from, got[i], want[i])
			}
		}
	}
}
