//go:build e2e && !(js && wasm)

package e2e

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// architect drives the playground as an architect does, counting what they
// do: every drag, click and field typed is one action. Any action that
// does not do what it should fails the test: the flow must need no
// corrective action.
type architect struct {
	t       *testing.T
	b       *browser
	actions int
	log     []string
}

func (a *architect) step(what string) {
	a.actions++
	a.log = append(a.log, what)
}

// dragPalette drags a palette item to the page point (x, y).
func (a *architect) dragPalette(kind string, x, y float64, what string) {
	a.t.Helper()
	px, py := center(a.t, a.b, `.palette-item[data-kind="`+kind+`"]`)
	drag(a.t, a.b, what, px, py, x, y)
	a.step(what)
}

// connect drags from the handle of node from to the centre of target.
func (a *architect) connect(from, target, what string) {
	a.t.Helper()
	hx, hy := center(a.t, a.b, `[data-key="`+from+`"] > .handle`)
	tx, ty := center(a.t, a.b, `[data-key="`+target+`"] > .node-box`)
	drag(a.t, a.b, what, hx, hy, tx, ty)
	a.step(what)
}

// click clicks a node (at its header, away from children and handle).
func (a *architect) clickNode(key, what string) {
	a.t.Helper()
	r := trRect(a.t, a.b, `[data-key="`+key+`"] > .node-box`)
	a.b.do(a.t, what, chromedp.MouseClickXY(r.X+r.W/3, r.Y+14))
	a.step(what)
}

// typeInto sets a field's value and commits it (change), as typing and
// leaving the field does.
func (a *architect) typeInto(sel, value, what string) {
	a.t.Helper()
	trSet(a.t, a.b, sel, value)
	a.step(what)
}

func (a *architect) click(sel, what string) {
	a.t.Helper()
	a.b.do(a.t, what, chromedp.Click(chromedp.CSS(sel)))
	a.step(what)
}

// want waits for a JS condition that says the last action did what it
// should; otherwise the flow needed a correction, and the test fails.
func (a *architect) want(what, cond string) {
	a.t.Helper()
	if _, ok := trWait[bool](a.t, a.b, cond, 10*time.Second); !ok {
		notice := eval[string](a.t, a.b, `(document.getElementById('notice') || {}).textContent || ''`)
		a.b.screenshot(a.t, "architect-failed")
		a.t.Fatalf("after action %d (%s): %s did not happen (notice: %q)", a.actions, a.log[len(a.log)-1], what, notice)
	}
}

func exists(key string) string { return `document.querySelector('[data-key="` + key + `"]') !== null` }

// TestArchitectFlow is the acceptance flow, done in the UI with the
// pointer, the keyboard and the forms only: a hub 10.0.0.0/16, three
// spokes peered to it, an NVA in the hub, a route table sending the
// spokes' 0.0.0.0/0 to the NVA, a VPN gateway with an S2S connection to
// an on-premises site, then the four VNets renamed hub, spoke-a, spoke-b
// and spoke-c. Every action must do what it should at once (zero
// corrective actions); the result is checked in the saved design and in
// the routes the engine computes, shown beside the Inspector.
func TestArchitectFlow(t *testing.T) {
	h := requireBrowser(t)
	b := h.openApp(t)
	a := &architect{t: t, b: b}
	c := trRect(t, b, "#canvas")

	// Four VNets: the first is 10.0.0.0/16 (the portal's default), the hub.
	// A hub on the left, the spokes in a column on the right (the drop
	// point is a box's top-left corner, as the drop preview shows).
	spots := [][2]float64{{c.X + 24, c.Y + 240}, {c.X + 400, c.Y + 24}, {c.X + 400, c.Y + 190}, {c.X + 400, c.Y + 356}}
	for i, p := range spots {
		id := "vnet" + string(rune('1'+i))
		a.dragPalette("vnet", p[0], p[1], "drag a virtual network onto the canvas ("+id+")")
		a.want(id+" on the canvas", exists("vnet:"+id))
	}
	if d := eval[string](t, b, `document.querySelector('[data-key="vnet:vnet1"] .node-detail').textContent`); d != "10.0.0.0/16" {
		t.Fatalf("the first VNet is %s, want 10.0.0.0/16", d)
	}
	for _, spoke := range []string{"vnet2", "vnet3", "vnet4"} {
		a.connect("vnet:vnet1", "vnet:"+spoke, "peer vnet1 with "+spoke+" (drag from vnet1's handle)")
		a.want("the peering vnet1–"+spoke, exists("peering:vnet1-"+spoke))
	}

	// An NVA in the hub's subnet.
	sub := trRect(t, b, `[data-key="subnet:vnet1/default"] > .node-box`)
	a.dragPalette("nva", sub.X+sub.W/2, sub.Y+sub.H/2, "drag a network virtual appliance onto vnet1's subnet")
	a.want("the NVA in the hub", exists("vm:nva1"))
	nvaIP := eval[string](t, b, `document.querySelector('[data-key="vm:nva1"] .node-detail').textContent`)

	// A route table, its default route to the NVA, associated with the
	// spokes' subnets.
	free := trRect(t, b, `[data-key="vnet:vnet1"] > .node-box`)
	a.dragPalette("route-table", free.X, free.Y+free.H+48, "drag a route table onto the canvas, under the hub")
	a.want("the route table", exists("route-table:rt1")+` && document.querySelector('#inspector[data-ref="route-table rt1"]') !== null`)
	a.click("#prop-routes-add", "click Add route")
	a.want("the route form", `document.getElementById('item-form') !== null`)
	a.typeInto("#item-name", "default-to-nva", "type the route's name")
	a.typeInto("#item-addressPrefix", "0.0.0.0/0", "type 0.0.0.0/0")
	a.typeInto("#item-nextHopType", "VirtualAppliance", "choose VirtualAppliance")
	a.typeInto("#item-nextHopIpAddress", nvaIP, "type the NVA's address "+nvaIP)
	a.click("#item-save", "click Save route")
	a.want("the route saved", `document.getElementById('item-form') === null && document.querySelector('#inspector .item-row') !== null`)
	for _, spoke := range []string{"vnet2", "vnet3", "vnet4"} {
		a.connect("route-table:rt1", "subnet:"+spoke+"/default", "associate rt1 with "+spoke+"/default")
		a.want("the association with "+spoke, exists("assoc:rt1>subnet:"+spoke+"/default"))
	}

	// A VPN gateway in the hub, an on-premises site, the S2S connection.
	hub := trRect(t, b, `[data-key="vnet:vnet1"] > .node-box`)
	a.dragPalette("vpn-gateway", hub.X+hub.W/2, hub.Y+20, "drag a VPN gateway onto vnet1")
	a.want("the VPN gateway", exists("vpn-gateway:vpngw1"))
	a.dragPalette("on-prem", c.X+400, c.Y+560, "drag an on-premises site onto the canvas, under the spokes")
	a.want("the site", exists("on-prem:site1"))
	a.connect("vpn-gateway:vpngw1", "on-prem:site1", "connect vpngw1 to site1 (drag from the gateway's handle)")
	a.want("the S2S connection", exists("connection:vpngw1-to-site1"))

	// Rename the four VNets.
	for _, r := range [][2]string{{"vnet1", "hub"}, {"vnet2", "spoke-a"}, {"vnet3", "spoke-b"}, {"vnet4", "spoke-c"}} {
		a.clickNode("vnet:"+r[0], "select "+r[0])
		a.want(r[0]+" in the Inspector", `document.querySelector('#inspector[data-ref="vnet `+r[0]+`"] #rename') !== null`)
		a.typeInto("#rename", r[1], "rename "+r[0]+" to "+r[1])
		a.want(r[0]+" renamed "+r[1], exists("vnet:"+r[1])+` && !(`+exists("vnet:"+r[0])+`)`)
	}

	// The result, saved: names, references, the route and the connection.
	d := trSaved(t, b, "the architect's design", `d.topology.vnets.length === 4 && d.topology.vnets.some(v => v.id === 'spoke-c')`)
	var doc struct {
		Topology struct {
			VNets []struct {
				ID      string `json:"id"`
				Subnets []struct {
					Name       string `json:"name"`
					RouteTable string `json:"routeTable"`
				} `json:"subnets"`
			} `json:"vnets"`
			Peerings []struct {
				A struct{ VNet string } `json:"a"`
				B struct{ VNet string } `json:"b"`
			} `json:"peerings"`
			Connections []struct {
				Type string `json:"connectionType"`
			} `json:"connections"`
		} `json:"topology"`
	}
	if err := json.Unmarshal([]byte(d.raw), &doc); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, v := range doc.Topology.VNets {
		names = append(names, v.ID)
		for _, s := range v.Subnets {
			if strings.HasPrefix(v.ID, "spoke-") && s.Name == "default" && s.RouteTable != "rt1" {
				t.Errorf("%s/default has route table %q, want rt1", v.ID, s.RouteTable)
			}
		}
	}
	if strings.Join(names, ",") != "hub,spoke-a,spoke-b,spoke-c" {
		t.Errorf("saved VNets %v", names)
	}
	for _, p := range doc.Topology.Peerings {
		if p.A.VNet != "hub" || !strings.HasPrefix(p.B.VNet, "spoke-") {
			t.Errorf("peering %s–%s does not follow the renames", p.A.VNet, p.B.VNet)
		}
	}
	if len(doc.Topology.Peerings) != 3 || len(doc.Topology.Connections) != 1 || doc.Topology.Connections[0].Type != "IPsec" {
		t.Errorf("%d peerings, connections %+v", len(doc.Topology.Peerings), doc.Topology.Connections)
	}

	// Cause and effect together: spoke-b's subnet in the Inspector, its
	// routes beside it: the default route to the NVA, the hub by peering.
	sb := trRect(t, b, `[data-key="subnet:spoke-b/default"] > .node-box`)
	b.do(t, "select spoke-b/default", chromedp.MouseClickXY(sb.X+sb.W/3, sb.Y+10))
	b.do(t, "open the Routes tab", chromedp.Click(chromedp.ID("tab-routes")))
	rows := poll[string](t, b, "spoke-b's routes", `(() => { if (!document.querySelector('#inspector[data-ref="subnet spoke-b/default"]')) return false;
		const r = [...document.querySelectorAll('#routes tbody tr.route')].map(r => [...r.cells].map(c => c.textContent).join('|'));
		return r.length ? r.join('\n') : false; })()`)
	for _, want := range []string{"User|Active|0.0.0.0/0|VirtualAppliance|" + nvaIP, "Default|Active|10.0.0.0/16|VNetPeering|"} {
		if !strings.Contains(rows, want) {
			t.Errorf("spoke-b's effective routes lack %q:\n%s", want, rows)
		}
	}
	vis := eval[map[string]bool](t, b, `(() => { const out = {};
		for (const id of ['inspector', 'routes']) { const r = document.getElementById(id).getBoundingClientRect();
			out[id] = r.width > 40 && r.height > 20 && r.top < innerHeight && r.bottom > 0; }
		return out; })()`)
	if !vis["inspector"] || !vis["routes"] {
		t.Errorf("the Inspector and the routes are not on screen together: %v", vis)
	}
	t.Logf("the architect flow took %d actions, none corrective:\n  %s", a.actions, strings.Join(a.log, "\n  "))
	b.screenshot(t, "architect-flow")
	b.noConsoleErrors(t)
}
