//go:build e2e && !(js && wasm)

package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestImportAzureExportsInChromium: the three export formats of the import
// fixture (az CLI JSON, an ARM template, terraform show -json) open in the
// page as the hub-and-spoke they describe, with the import report listing
// what was left out (the storage account skipped, the partner VNet a
// placeholder); the az file is dropped on the page, the others chosen in
// the Scenarios dialog. The design then exports as an ARM template, and
// that template imports back to the same VNets.
func TestImportAzureExportsInChromium(t *testing.T) {
	h := requireBrowser(t)
	srv := h.serve(t, h.site(t, "e2e-v1"), "127.0.0.1:0")
	b := h.browser(t)
	dir := b.allowDownloads(t)
	b.load(t, srv.URL+"/")
	fixtures := filepath.Join(h.root, "engine", "importer", "testdata")
	const designed = `['vnet:vnet-hub', 'vnet:vnet-spoke1', 'vnet:vnet-spoke2', 'vm:vm-app1', 'vm:afw-hub', 'peering:peer-hub-to-spoke1']
		.every(k => document.querySelector('[data-key="' + k + '"]') !== null)`

	closeReport := func() {
		t.Helper()
		trClick(t, b, "#import-report-close", "close the import report")
		poll[bool](t, b, "the report closed", `document.getElementById('import-report') === null`)
	}
	checkReport := func(file, format string) {
		t.Helper()
		poll[bool](t, b, "the import report of "+file, `document.getElementById('import-report') !== null`)
		text := eval[string](t, b, `document.getElementById('import-report').textContent`)
		for _, want := range []string{file, format, "stdiag001", "vnet-partner", "afw-hub"} {
			if !strings.Contains(text, want) {
				t.Errorf("the import report of %s does not mention %q", file, want)
			}
		}
		kinds := eval[string](t, b, `Array.from(document.querySelectorAll('#import-entries [data-kind]')).map(r => r.dataset.kind + ':' + r.textContent).join('\n')`)
		if !strings.Contains(kinds, "skipped:skipped") || !strings.Contains(kinds, "placeholder:placeholder") {
			t.Errorf("the report's rows for %s: %s", file, kinds)
		}
		poll[bool](t, b, "the imported hub-and-spoke of "+file, designed)
	}

	// az: dropped on the page.
	az, err := os.ReadFile(filepath.Join(fixtures, "az-hubspoke.json"))
	if err != nil {
		t.Fatal(err)
	}
	b.do(t, "drop az-hubspoke.json on the page", chromedp.Evaluate[chromedp.Void](`(() => {
		const dt = new DataTransfer();
		dt.items.add(new File([`+jsString(string(az))+`], 'az-hubspoke.json', {type: 'application/json'}));
		const el = document.getElementById('vnetplay');
		el.dispatchEvent(new DragEvent('dragover', {dataTransfer: dt, bubbles: true, cancelable: true}));
		el.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));
	})()`))
	checkReport("az-hubspoke.json", "an az CLI export")
	b.screenshot(t, "import-report")
	closeReport()

	for _, f := range []struct{ file, format string }{
		{"arm-hubspoke.json", "an ARM template"},
		{"tf-hubspoke.json", "a terraform show -json state"},
	} {
		b.do(t, "open the Scenarios dialog", chromedp.Click(chromedp.ID("scenarios")))
		b.do(t, "choose "+f.file, chromedp.SetUploadFiles(chromedp.ID("import-file"), []string{filepath.Join(fixtures, f.file)}))
		checkReport(f.file, f.format)
		closeReport()
	}
	b.screenshot(t, "imported-hubspoke")

	// Export the design as an ARM template, then import that back.
	b.do(t, "open the Scenarios dialog", chromedp.Click(chromedp.ID("scenarios")))
	trNeed(t, b, "#show-import-report", "the Import report button of an imported design")
	b.do(t, "click Export ARM template", chromedp.Click(chromedp.ID("export-arm")))
	template := waitForDownload(t, dir, ".arm.json")
	data, _ := os.ReadFile(template)
	var tm struct {
		Schema    string           `json:"$schema"`
		Resources []map[string]any `json:"resources"`
	}
	if err := json.Unmarshal(data, &tm); err != nil || !strings.Contains(tm.Schema, "deploymentTemplate") || len(tm.Resources) < 20 {
		t.Fatalf("the downloaded template: %v, schema %q, %d resources", err, tm.Schema, len(tm.Resources))
	}
	b.do(t, "import the exported template", chromedp.SetUploadFiles(chromedp.ID("import-file"), []string{template}))
	poll[bool](t, b, "the report of the exported template", `document.getElementById('import-report') !== null && document.getElementById('import-report').textContent.includes('.arm.json')`)
	closeReport()
	poll[bool](t, b, "the hub-and-spoke back from the template", designed)
	b.noConsoleErrors(t)
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
