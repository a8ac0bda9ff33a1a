//go:build e2e && !(js && wasm)

package e2e

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// importFixture imports engine/importer/testdata/file with the Scenarios
// dialog's Import and returns the import report's rows, one per entry
// ("kind|what|where|why"), with the report left open.
func importFixture(t *testing.T, h *harness, b *browser, file string) []string {
	t.Helper()
	b.do(t, "open the Scenarios dialog", chromedp.Click(chromedp.ID("scenarios")))
	b.do(t, "choose "+file, chromedp.SetUploadFiles(chromedp.ID("import-file"),
		[]string{filepath.Join(h.root, "engine", "importer", "testdata", file)}))
	poll[bool](t, b, "the import report of "+file, `document.getElementById('import-report') !== null`)
	rows := eval[string](t, b, `Array.from(document.querySelectorAll('#import-entries [data-kind]')).map(r =>
		[r.dataset.kind, r.querySelector('.import-what').textContent, r.querySelector('.import-where').textContent,
		 r.querySelector('.import-why').textContent].join('|')).join('\n')`)
	return strings.Split(rows, "\n")
}

// TestImportConnectedPeeringsToOtherGroupsInChromium: `az network vnet
// list -g rg-hub` of a hub whose two peerings say Connected to spokes in
// other resource groups opens with the spokes as placeholders and the
// peerings Connected: the hub's subnet lists VNetPeering routes to both
// spokes, and the report says the spokes' links were taken as existing
// with Azure's default flags, which are assumed.
func TestImportConnectedPeeringsToOtherGroupsInChromium(t *testing.T) {
	h := requireBrowser(t)
	b := h.openApp(t)
	rows := importFixture(t, h, b, "az-hub-rg-only.json")
	assumed := 0
	for _, r := range rows {
		if strings.Contains(r, "not yet created") {
			t.Errorf("the report takes a Connected peering as not created: %s", r)
		}
		if strings.HasPrefix(r, "assumed|peering side of vnet-app-rg-") && strings.Contains(r, "peeringState Connected") &&
			strings.Contains(r, "flags are unknown") && strings.Contains(r, "allowForwardedTraffic false") {
			assumed++
		}
	}
	if assumed != 2 {
		t.Errorf("%d report rows say a spoke's link is assumed with default flags, want 2:\n%s", assumed, strings.Join(rows, "\n"))
	}
	trClick(t, b, "#import-report-close", "close the import report")
	poll[bool](t, b, "the report closed", `document.getElementById('import-report') === null`)

	sx, sy := center(t, b, `[data-key="subnet:vnet-hub/default"] > .node-box`)
	b.do(t, "select vnet-hub/default", chromedp.MouseClickXY(sx, sy))
	b.do(t, "open the Routes tab", chromedp.Click(chromedp.ID("tab-routes")))
	routes := poll[string](t, b, "vnet-hub/default's routes", `(() => { if (!document.querySelector('#inspector[data-ref="subnet vnet-hub/default"]')) return false;
		const r = [...document.querySelectorAll('#routes tbody tr.route')].map(r => [...r.cells].map(c => c.textContent).join('|'));
		return r.length ? r.join('\n') : false; })()`)
	for _, want := range []string{"Default|Active|10.1.0.0/16|VNetPeering|", "Default|Active|10.2.0.0/16|VNetPeering|"} {
		if !strings.Contains(routes, want) {
			t.Errorf("vnet-hub/default's effective routes lack %q:\n%s", want, routes)
		}
	}
	b.screenshot(t, "import-connected-peerings")
	b.noConsoleErrors(t)
}

// TestImportReportNamesEveryElementInChromium: az-full.json's import
// report in the page has a row for route azure (AzureCloud), which the
// engine ignores; one row each for routes default and rfc1918, both
// failing route.appliance-unreachable, at distinct places; and names rule
// deny-storage-out in the nsg.service-tag row.
func TestImportReportNamesEveryElementInChromium(t *testing.T) {
	h := requireBrowser(t)
	b := h.openApp(t)
	rows := importFixture(t, h, b, "az-full.json")
	var serviceTag, storage int
	where := map[string]string{} // route → place in the file
	for _, r := range rows {
		f := strings.SplitN(r, "|", 4)
		if len(f) != 4 {
			continue
		}
		switch {
		case strings.Contains(f[1], "route.service-tag") && strings.Contains(f[1], "routes[azure]") && strings.Contains(f[3], "AzureCloud"):
			serviceTag++
		case strings.Contains(f[1], "nsg.service-tag") && strings.Contains(f[1], "deny-storage-out"):
			storage++
		case strings.Contains(f[1], "route.appliance-unreachable"):
			for _, route := range []string{"default", "rfc1918"} {
				if strings.Contains(f[1], "routes["+route+"]") {
					where[route] += f[2] + ";"
				}
			}
		}
	}
	if serviceTag != 1 {
		t.Errorf("%d rows for route azure (service tag AzureCloud, ignored by the engine), want 1", serviceTag)
	}
	if storage != 1 {
		t.Errorf("%d nsg.service-tag rows name rule deny-storage-out, want 1", storage)
	}
	if len(where) != 2 || strings.Count(where["default"], ";") != 1 || strings.Count(where["rfc1918"], ";") != 1 || where["default"] == where["rfc1918"] {
		t.Errorf("route.appliance-unreachable rows by route %v; want one for default and one for rfc1918, at distinct places", where)
	}
	if t.Failed() {
		t.Logf("the report's rows:\n%s", strings.Join(rows, "\n"))
	}
	b.screenshot(t, "import-report-names-elements")
	b.noConsoleErrors(t)
}
