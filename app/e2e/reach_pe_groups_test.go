//go:build e2e

package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"

	"vnetplay/engine/gen"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
)

// TestReachGroupsShowPrivateEndpoints: a design past the matrix's grouping
// size (49 VNets, 51 endpoints) with private endpoints in spoke001 shows them as a column
// group, marked as private endpoints, after the VNets' (on the second page
// of destinations, before the Internet's), and a click on its hub cell drills
// down to the two endpoints' own cells. (Shown by group, the matrix had no
// private endpoint at all.)
func TestReachGroupsShowPrivateEndpoints(t *testing.T) {
	b := requireBrowser(t).openApp(t)
	tp := gen.HubSpokeScale(gen.Params{N: 48, Subnets: 2, Prefixes: 1, Seed: 1})
	tp.PrivateEndpoints = []model.PrivateEndpoint{
		{ID: "pe-a", Subnet: "spoke001/data", PrivateIPAddress: "10.1.1.10", PrivateLinkServiceID: "st-a", GroupIDs: []string{"blob"}},
		{ID: "pe-b", Subnet: "spoke001/data", PrivateIPAddress: "10.1.1.11", PrivateLinkServiceID: "st-b", GroupIDs: []string{"blob"}},
	}
	importDoc(t, b, &scenario.Document{Topology: tp})
	poll[bool](t, b, "the imported design", `document.querySelector('[data-key="vnet:spoke048"]') !== null`)
	b.do(t, "open the Reach tab", chromedp.Click(chromedp.ID("tab-reach")))
	poll[bool](t, b, "the grouped matrix", `document.getElementById('matrix-grouped') !== null`)
	b.do(t, "the next page of destinations", chromedp.Click(chromedp.ID("matrix-cols-next")))
	head := poll[string](t, b, "the private endpoints' column group",
		`[...document.querySelectorAll('#matrix th.pe-head')].map(h => h.textContent + ' | ' + h.title).join('\n') || false`)
	if head != "spoke001 (PEs) | spoke001 (private endpoints): 2 private endpoints" {
		t.Fatalf("the private endpoints' heads: %q", head)
	}
	b.screenshot(t, "reach-pe-groups")
	b.do(t, "drill into hub → spoke001's private endpoints", chromedp.Click(chromedp.CSS(`#matrix button[data-from="vnet:hub"][data-to="pe:spoke001"]`)))
	cells := poll[string](t, b, "the drill-down's cells",
		`[...document.querySelectorAll('#matrix th.pe-head')].map(h => h.textContent).join(',') === 'pe-a,pe-b' &&
		[...document.querySelectorAll('#matrix button[data-act="walk"]')].map(c => c.dataset.to).sort().join(',') || false`)
	if cells != "pe-a,pe-b" {
		t.Fatalf("the drill-down's cells go to %q, want pe-a and pe-b", cells)
	}
	b.noConsoleErrors(t)
}
