//go:build e2e

package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
)

// floodDesign is a small design (about 80 kB) that the old validation
// turned into 100,000 findings: one VNet of 1,000 subnets all using one
// table of 100 routes, half to the virtual network gateway of a VNet that
// has none, half to appliance addresses out of every VNet.
func floodDesign() *scenario.Document {
	vn := model.VNet{ID: "estate", AddressSpace: model.AddressSpace{AddressPrefixes: []string{"10.0.0.0/8"}}}
	for i := range 1000 {
		vn.Subnets = append(vn.Subnets, model.Subnet{Name: fmt.Sprintf("s%04d", i), AddressPrefix: fmt.Sprintf("10.%d.%d.0/24", i/256, i%256), RouteTable: "rt"})
	}
	rt := model.RouteTable{ID: "rt"}
	for i := range 100 {
		r := model.Route{Name: fmt.Sprintf("r%03d", i), AddressPrefix: fmt.Sprintf("172.16.%d.0/24", i), NextHopType: model.HopVirtualNetworkGateway}
		if i%2 == 1 {
			r.NextHopType, r.NextHopIPAddress = model.HopVirtualAppliance, fmt.Sprintf("192.168.%d.4", i)
		}
		rt.Routes = append(rt.Routes, r)
	}
	return &scenario.Document{Format: scenario.Format, Version: scenario.Latest, Name: "Flood",
		Topology: model.Topology{VNets: []model.VNet{vn}, RouteTables: []model.RouteTable{rt}}}
}

// TestManyFindingsStayResponsive: a design whose routes each find the
// same problem for each of a thousand subnets. The page keeps answering,
// and the Checks tab lists the first 200 findings, errors first, and
// says how many it left out. Before the fix the validation wrote 100,000
// findings (a route's finding once per subnet) and the tab drew a row for
// each: the page stopped answering.
func TestManyFindingsStayResponsive(t *testing.T) {
	h := requireBrowser(t)
	b := h.openApp(t)
	importDoc(t, b, floodDesign())
	b.do(t, "open the Checks tab", chromedp.Click(chromedp.ID("tab-checks")))
	cut, took := pollAnswering(t, b, `(document.getElementById('diagnostics-cut') || {}).textContent || ''`, "the import", 60*time.Second)
	rows := eval[int](t, b, `document.querySelectorAll('#diagnostics li').length`)
	first := eval[string](t, b, `(document.querySelector('#diagnostics li') || {}).className || ''`)
	t.Logf("after %v: %d rows, the first %q; %q", took.Round(time.Millisecond), rows, first, cut)
	if rows != 200 {
		t.Errorf("%d finding rows, want 200", rows)
	}
	if !strings.Contains(first, "diag-error") {
		t.Errorf("the first row is %q, want an error", first)
	}
	if !strings.Contains(cut, "the first 200 are listed, errors first") {
		t.Errorf("the cut list says %q", cut)
	}
	b.screenshot(t, "checks-many-findings")
	b.noConsoleErrors(t)
}
