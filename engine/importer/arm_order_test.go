package importer

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"vnetplay/engine/scenario"
)

// TestBicepModulesInAnyOrder: a module that reads another's outputs
// (reference(…).outputs, with the dependsOn bicep writes) is read after
// it, wherever the two stand in the file, as Azure deploys them. With the
// peering modules written before the VNet modules, their remote VNet ids
// did not evaluate and the peering was left out.
func TestBicepModulesInAnyOrder(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "arm-bicep-modules.json"))
	if err != nil {
		t.Fatal(err)
	}
	want := importTemplate(t, data)
	var tmpl map[string]any
	if err := json.Unmarshal(data, &tmpl); err != nil {
		t.Fatal(err)
	}
	resources := tmpl["resources"].([]any)
	for name, order := range map[string][]int{"reversed": {3, 2, 1, 0}, "peerings between": {0, 3, 2, 1}} {
		t.Run(name, func(t *testing.T) {
			var moved []any
			for _, i := range order {
				moved = append(moved, resources[i])
			}
			tmpl["resources"] = moved
			b, err := json.Marshal(tmpl)
			if err != nil {
				t.Fatal(err)
			}
			got := importTemplate(t, b)
			if len(got.Topology.Peerings) != 1 {
				t.Fatalf("peerings %+v", got.Topology.Peerings)
			}
			g, _ := scenario.Encode(got)
			w, _ := scenario.Encode(want)
			if string(g) != string(w) {
				t.Errorf("the modules in another order import another design:\n%s\nwant\n%s", g, w)
			}
		})
	}
}

// importTemplate imports an ARM template from data.
func importTemplate(t *testing.T, data []byte) *scenario.Document {
	t.Helper()
	res, err := Import(data, "modules")
	if err != nil {
		t.Fatal(err)
	}
	noLintEntries(t, res.Report)
	return res.Document
}
