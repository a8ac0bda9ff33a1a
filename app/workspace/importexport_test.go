package workspace

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"vnetplay/app/kinds"
	"vnetplay/app/store"
	"vnetplay/engine/importer"
)

// TestImportAzureExport: an ARM template imported in the Scenarios dialog
// opens as a new design with its report shown; the report belongs to that
// design only; a broken export is refused and the open design stays.
func TestImportAzureExport(t *testing.T) {
	w, st := startedWS(t)
	text, err := os.ReadFile(filepath.Join("..", "..", "engine", "importer", "testdata", "arm-hubspoke.json"))
	if err != nil {
		t.Fatal(err)
	}
	w.Settle(st, w.Do(Import{Name: "arm-hubspoke.json", Text: string(text)}))
	if !strings.Contains(w.Notice().Text, "Imported arm-hubspoke.json (an ARM template)") {
		t.Errorf("notice %q", w.Notice().Text)
	}
	if !kinds.Exists(&w.Snap().Doc.Topology, store.Ref{Kind: kinds.VNet, ID: "vnet-hub"}) {
		t.Fatal("the imported design has no vnet-hub")
	}
	r, ok := w.ImportReport()
	if !ok || !r.Shown || r.Report.Format != importer.FormatARM || len(r.Report.Entries) == 0 {
		t.Fatalf("the report: %+v (%v)", r, ok)
	}
	w.Do(CloseImportReport{})
	if r, _ := w.ImportReport(); r.Shown {
		t.Error("Close left the report shown")
	}
	w.Do(ShowImportReport{})
	if r, _ := w.ImportReport(); !r.Shown {
		t.Error("Show did not show it again")
	}
	w.Do(ExportARM{}) // the template is a download; the notice says so
	if !strings.Contains(w.Notice().Text, "Exported an ARM template") {
		t.Errorf("export notice %q", w.Notice().Text)
	}

	// A broken template: refused with the reason, nothing changes.
	before := w.Snap().Doc
	w.Settle(st, w.Do(Import{Name: "bad.json", Text: `{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "resources": "nope"}`}))
	if p := w.Library().Problem; !strings.Contains(p, "Cannot import bad.json") || !strings.Contains(p, "Nothing was changed") {
		t.Errorf("problem %q", p)
	}
	if w.Snap().Doc != before {
		t.Error("a refused import changed the open design")
	}

	// Another design opened: the report is not its report.
	w.Settle(st, w.Do(OpenBuiltin{Name: "hub-spoke-firewall"}))
	if _, ok := w.ImportReport(); ok {
		t.Error("the import report stayed with another design")
	}
}
