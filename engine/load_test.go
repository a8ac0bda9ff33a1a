package engine_test

import (
	"os"
	"path/filepath"
	"testing"

	"vnetplay/engine"
	"vnetplay/engine/expect"
	"vnetplay/engine/model"
	"vnetplay/engine/reach"
	"vnetplay/engine/scenario"
	"vnetplay/engine/trace"
	"vnetplay/engine/whatif"
)

func TestLoadReportsDecodeAndValidation(t *testing.T) {
	a, err := engine.Load([]byte(`{"format":"vnetplay/scenario","version":1,"typo":1,"topology":{"vnets":[{"id":"v","addressSpace":{"addressPrefixes":["10.0.0.0/16"]},"subnets":[{"name":"s","addressPrefix":"10.1.0.0/24"}]}]}}`), scenario.Lenient)
	if err != nil {
		t.Fatal(err)
	}
	codes := map[string]bool{}
	for _, d := range a.Diagnostics {
		codes[d.Code] = true
	}
	if !codes["scenario.unknown-field"] || !codes["subnet.outside-address-space"] || a.Errors() != 1 {
		t.Fatalf("diagnostics %v", a.Diagnostics)
	}
	if _, err := engine.Load([]byte(`{"format":"vnetplay/scenario","version":7}`), scenario.Lenient); err == nil {
		t.Fatal("newer version accepted")
	}
}

// FuzzLoad: whatever the input, loading, validating, computing routes, the
// reachability matrix and the expectations never panics and terminates.
func FuzzLoad(f *testing.F) {
	seeds, _ := filepath.Glob("../scenarios/*.json")
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"format":"vnetplay/scenario","version":1,"topology":{"vnets":[{"id":"a","addressSpace":{"addressPrefixes":["::/0","0.0.0.0/0"]},"subnets":[{"name":"s","addressPrefix":"0.0.0.0/0"}]}],"virtualMachines":[{"id":"x","networkInterfaces":[{"name":"n","subnet":"a/s","privateIpAddress":"0.0.0.0"}]}]}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := engine.Load(b, scenario.Lenient)
		if err != nil {
			return
		}
		if len(a.Plane.NICs()) > 12 {
			return // keep each input cheap; the matrix is quadratic
		}
		for _, sn := range a.Plane.Subnets() {
			tab, _ := a.Plane.Routes(sn)
			_ = tab.Routes()
		}
		reach.Compute(a.Plane, trace.Flow{})
		expect.EvaluateDocument(a.Doc, a.Plane)
		// Hybrid: BGP tables, P2S routes and a what-if of the first component.
		if r := a.Plane.BGP(); r != nil {
			for _, sp := range r.Speakers() {
				_ = r.Neighbors(sp.ID)
			}
		}
		for _, g := range a.Doc.Topology.Gateways {
			a.Plane.P2S(g.ID)
		}
		if cs := whatif.Components(a.Doc); len(cs) > 0 && len(a.Plane.NICs())+len(a.Plane.HybridEndpoints()) <= 8 {
			if _, err := whatif.Apply(a.Doc, []model.Failure{cs[0].Failure}); err != nil {
				t.Fatalf("Apply of a listed component: %v", err)
			}
		}
	})
}
