package engine_test

import (
	"reflect"
	"testing"

	"vnetplay/engine"
	"vnetplay/engine/dns"
	"vnetplay/engine/scenario"
	"vnetplay/scenarios"
)

// TestAnalysisSharesDNS: an analysis hands every reader the one
// dns.Shared its lint resolved with, and its answers are a fresh
// resolver's.
func TestAnalysisSharesDNS(t *testing.T) {
	s, ok := scenarios.Get("private-endpoint-dns-hub-resolver")
	if !ok {
		t.Fatal("scenario missing")
	}
	doc, _, err := scenario.Decode(s.JSON, scenario.Lenient)
	if err != nil {
		t.Fatal(err)
	}
	a := engine.Analyze(doc)
	if a.DNS() != a.DNS() {
		t.Fatal("two calls of DNS give two resolvers")
	}
	if len(doc.Topology.PrivateEndpoints) == 0 {
		t.Fatal("the scenario has no private endpoint")
	}
	fqdn := doc.Topology.PrivateEndpoints[0].Fqdn
	for _, from := range a.Plane.NICs() {
		if got, want := a.DNS().Resolve(from, fqdn), dns.Resolve(a.Plane, &doc.Topology, from, fqdn); !reflect.DeepEqual(got, want) {
			t.Errorf("%s from %s: shared %+v, fresh %+v", fqdn, from, got.Answer, want.Answer)
		}
	}
	if hand := (&engine.Analysis{Doc: doc, Plane: a.Plane}); hand.DNS() == nil {
		t.Error("an Analysis made by hand has no DNS")
	}
}
