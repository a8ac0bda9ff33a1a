package engine_test

import (
	"reflect"
	"slices"
	"testing"

	"vnetplay/engine"
	"vnetplay/engine/dns"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
	"vnetplay/scenarios"
)

// TestAnalysisCarriesDNSLint: the name-resolution lint (dns.Lint), which
// needs the data plane, reaches the analysis after BGP's diagnostics, the
// same through Analyze and Reanalyze, and not engine.Validate (the
// document-only part an editor checks first).
func TestAnalysisCarriesDNSLint(t *testing.T) {
	s, ok := scenarios.Get("private-endpoint-dns-hub-resolver")
	if !ok {
		t.Fatal("scenario missing")
	}
	doc, _, err := scenario.Decode(s.JSON, scenario.Lenient)
	if err != nil {
		t.Fatal(err)
	}
	hasCode := func(ds []model.Diagnostic, code string) bool {
		return slices.ContainsFunc(ds, func(d model.Diagnostic) bool { return d.Code == code })
	}
	clean := engine.Analyze(doc)
	if hasCode(clean.Diagnostics, dns.CodePEPublic) {
		t.Fatalf("the scenario resolves its endpoint privately everywhere it is routed: %v", clean.Diagnostics)
	}
	// spoke1 back on Azure DNS: it has the /32 route but its VNet is not
	// linked to the zone (rule:private-endpoints.routing-and-dns-independent).
	broken := scenario.Canonical(doc)
	for i := range broken.Topology.VNets {
		if broken.Topology.VNets[i].ID == "spoke1" {
			broken.Topology.VNets[i].DhcpOptions = nil
		}
	}
	a := engine.Analyze(broken)
	if !hasCode(a.Diagnostics, dns.CodePEPublic) {
		t.Fatalf("no %s: %v", dns.CodePEPublic, a.Diagnostics)
	}
	if hasCode(engine.Validate(broken), dns.CodePEPublic) {
		t.Error("engine.Validate runs the data-plane lint")
	}
	if re := engine.Reanalyze(clean.Plane, broken); !reflect.DeepEqual(re.Diagnostics, a.Diagnostics) {
		t.Errorf("Reanalyze differs from Analyze:\n%v\n%v", re.Diagnostics, a.Diagnostics)
	}
}
