//go:build !(js && wasm)

package ui

import (
	"encoding/xml"
	"fmt"
	"html"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/canvas"
	"vnetplay/app/kinds"
	"vnetplay/app/store"
	"vnetplay/app/workspace"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
	"vnetplay/engine/trace"
	"vnetplay/scenarios"
)

func TestIconsAreDistinctAndComplete(t *testing.T) {
	seen := map[string]IconKind{}
	kindsUsed := map[IconKind]bool{IconLogo: true}
	for _, s := range kinds.All() {
		kindsUsed[IconKind(s.Icon)] = true
	}
	for k := range kindsUsed {
		shapes := iconShapes(k)
		if len(shapes) == 0 {
			t.Errorf("icon %q (used by the registry) has no shapes", k)
			continue
		}
		key := fmt.Sprint(shapes)
		if other, dup := seen[key]; dup {
			t.Errorf("icons %q and %q are identical", k, other)
		}
		seen[key] = k
	}
	if iconShapes("no-such-icon") != nil {
		t.Error("unknown icon kind has shapes")
	}
}

func TestIconAccessibility(t *testing.T) {
	labelled := app.HTMLString(Icon(IconVNet, 20, "Virtual network"))
	if !strings.Contains(labelled, `aria-label="Virtual network"`) || !strings.Contains(labelled, `role="img"`) {
		t.Errorf("labelled icon lacks role/label: %s", labelled)
	}
	decorative := app.HTMLString(Icon(IconVNet, 20, ""))
	if !strings.Contains(decorative, "aria-hidden") || strings.Contains(decorative, "aria-label") {
		t.Errorf("decorative icon is not hidden from assistive tech: %s", decorative)
	}
}

// shellWith is a live Shell showing a copy of the built-in scenario name.
func shellWith(t *testing.T, name string) *liveShell {
	t.Helper()
	l := newLiveShell(t)
	if name != "" {
		l.do(workspace.OpenBuiltin{Name: name})
		if _, ok := scenarios.Get(name); !ok {
			t.Fatalf("no scenario %q", name)
		}
	}
	return l
}

func (l *liveShell) html() string { return app.HTMLString(l.s.Render()) }

func TestShellRendersRegions(t *testing.T) {
	l := newLiveShell(t)
	html := l.html()
	for _, want := range []string{`id="doc-title"`, `>Untitled design<`, `id="canvas"`, `id="canvas-grid"`, `id="zoom"`,
		`aria-label="Design canvas`, `id="world"`, `role="tablist"`, `Empty design`, `id="inspector-pane"`, `id="results-pane"`,
		`id="palette-toggle"`, `id="panel-toggle"`, `id="panel-resize"`, `id="split-resize"`} {
		if !strings.Contains(html, want) {
			t.Errorf("shell HTML lacks %s", want)
		}
	}
	if strings.Contains(html, `id="tab-inspect"`) {
		t.Error("the Inspector is a tab: it must stay on screen beside the results")
	}
	if !app.IsClient && strings.Contains(html, "data-mounted") {
		t.Error("the pre-rendered shell carries the mount marker")
	}
	palette := kinds.PaletteKinds()
	if n := strings.Count(html, `class="palette-item"`); n != len(palette) {
		t.Errorf("%d palette items rendered, want %d", n, len(palette))
	}
	// go-app writes attributes in map order: look inside the tag.
	for _, tag := range strings.Split(html, "<button")[1:] {
		tag, _, _ = strings.Cut(tag, ">")
		if !strings.Contains(tag, `class="palette-item"`) {
			continue
		}
		internet := strings.Contains(tag, `data-kind="internet"`)
		if disabled := strings.Contains(tag, " disabled"); disabled != internet {
			t.Errorf("palette item %s: disabled=%v, want %v (only the Internet, always on the canvas, is)", tag, disabled, internet)
		}
	}
}

// TestLayoutClasses: the palette folds on narrow windows (or on demand),
// the panel collapses and resizes by class (the CSP forbids inline styles).
func TestLayoutClasses(t *testing.T) {
	l := newLiveShell(t)
	l.do(workspace.WindowSize{W: 1024, H: 700})
	if html := l.html(); !strings.Contains(html, `class="workspace palette-folded"`) {
		t.Error("at 1024 px the palette is not folded to icons")
	}
	l.do(workspace.TogglePalette{}, workspace.TogglePanel{})
	if html := l.html(); !strings.Contains(html, `class="workspace panel-collapsed"`) {
		t.Errorf("palette unfolded and panel collapsed: %s", strings.SplitN(html, "<main", 2)[1][:80])
	}
	l.do(workspace.TogglePanel{}, workspace.ResizeKey{Separator: workspace.SeparatorPanel, Key: "ArrowLeft", Size: 300})
	if html := l.html(); !strings.Contains(html, "panel-w-320") {
		t.Error("ArrowLeft on the panel's separator did not widen it by one step")
	}
	l.do(workspace.ResizeKey{Separator: workspace.SeparatorSplit, Key: "ArrowDown"})
	if html := l.html(); !strings.Contains(html, "split-50") {
		t.Error("ArrowDown on the split did not give the Inspector more room")
	}
}

func TestShellDrawsTheDesign(t *testing.T) {
	l := shellWith(t, "hub-spoke-firewall")
	html := html.UnescapeString(l.html()) // the scene's parts are markup, escaped
	snap := l.s.ws.Snap()
	for _, n := range snap.Scene.Nodes {
		if !strings.Contains(html, `data-key="`+n.Key+`"`) {
			t.Errorf("node %s not drawn", n.Key)
		}
	}
	for _, e := range snap.Scene.Edges {
		if !strings.Contains(html, `data-key="`+e.Key+`"`) {
			t.Errorf("edge %s not drawn", e.Key)
		}
	}
	if strings.Contains(html, "Empty design") {
		t.Error("the empty-design hint is shown over a design")
	}
}

// TestInspectorAndRoutesTogether: with a subnet selected, its Inspector
// and its effective routes are both rendered.
func TestInspectorAndRoutesTogether(t *testing.T) {
	l := shellWith(t, "hub-spoke-firewall")
	if html := l.html(); !strings.Contains(html, "Select a subnet") {
		t.Error("routes tab without a selection does not say what to do")
	}
	l.do(workspace.Select{Key: canvas.Key(kinds.Subnet, "spoke1/app")})
	html := l.html()
	tbl, _ := l.s.ws.Snap().Plane.Routes("spoke1/app")
	if !strings.Contains(html, "Effective routes of spoke1/app") || !strings.Contains(html, `data-ref="subnet spoke1/app"`) {
		t.Fatal("the Inspector and the routes of the selected subnet are not both shown")
	}
	if got := strings.Count(html, `<tr class="route `); got != len(tbl.Routes()) {
		t.Errorf("%d route rows, want %d", got, len(tbl.Routes()))
	}
	if !strings.Contains(html, "Invalid") || !strings.Contains(strings.ReplaceAll(html, "<wbr>", ""), "VirtualAppliance") {
		t.Error("the spoke's table should show the UDR to the firewall and the Invalid default route")
	}
}

func TestInspectorKeepsARefusedValueForItsResource(t *testing.T) {
	l := newLiveShell(t)
	l.do(workspace.PaletteAdd{Kind: kinds.VNet}, workspace.PaletteAdd{Kind: kinds.VNet})
	v1 := store.Ref{Kind: kinds.VNet, ID: "vnet1"}
	l.do(workspace.Select{Key: "vnet:vnet1"}, workspace.SetProperty{Ref: v1, Path: "addressSpace.addressPrefixes", Value: "10.0.0.0/33"})
	html := l.html()
	if !strings.Contains(html, `value="10.0.0.0/33"`) || !strings.Contains(html, "Not applied") || !strings.Contains(html, `role="alert"`) {
		t.Error("the refused text and its reason are not kept in the field")
	}
	if got := l.s.ws.Snap().Doc.Topology.VNets[0].AddressSpace.AddressPrefixes[0]; got != "10.0.0.0/16" {
		t.Errorf("a refused value was applied: %s", got)
	}
	// Another VNet's Inspector does not show what was typed for vnet1.
	l.do(workspace.Select{Key: "vnet:vnet2"})
	if html := l.html(); strings.Contains(html, "10.0.0.0/33") || strings.Contains(html, "Not applied") {
		t.Error("vnet2's Inspector shows what was typed into vnet1's")
	}
	l.do(workspace.Select{Key: "vnet:vnet1"}, workspace.SetProperty{Ref: v1, Path: "addressSpace.addressPrefixes", Value: "10.0.0.0/16, 10.5.0.0/16"})
	if html := l.html(); strings.Contains(html, "Not applied") {
		t.Error("the error stays after a good value")
	}
}

func TestDiagnosticsPanelLists(t *testing.T) {
	l := newLiveShell(t)
	l.do(workspace.OpenTab{Tab: workspace.TabChecks})
	if html := l.html(); !strings.Contains(html, "No problems found") {
		t.Error("an empty design has diagnostics")
	}
	// A route to an appliance address where no VM is: the engine warns.
	l.do(workspace.PaletteAdd{Kind: kinds.VNet}, workspace.PaletteAdd{Kind: kinds.RouteTable},
		workspace.ItemOpen{Ref: store.Ref{Kind: kinds.RouteTable, ID: "rt1"}, List: "routes", Index: -1},
		workspace.ItemField{Name: "name", Value: "to-nowhere"}, workspace.ItemField{Name: "addressPrefix", Value: "0.0.0.0/0"},
		workspace.ItemField{Name: "nextHopType", Value: "VirtualAppliance"}, workspace.ItemField{Name: "nextHopIpAddress", Value: "10.0.0.99"},
		workspace.ItemSave{})
	html := l.html()
	if !strings.Contains(html, `id="diagnostics"`) || !strings.Contains(html, "routeTables[rt1]") {
		t.Errorf("the design's diagnostics are not listed")
	}
}

// TestNoRuleCodesOnScreen: whatever the panels show, no rule-book code
// ("rule:vpn-gateway.gateway-subnet") or field-note number reaches the user.
func TestNoRuleCodesOnScreen(t *testing.T) {
	for i, sc := range scenarios.All() {
		if raceEnabled && i%3 != 0 { // a sample under the race detector (race_test.go)
			continue
		}
		l := shellWith(t, sc.Name)
		snap := l.s.ws.Snap()
		views := []workspace.Action{workspace.OpenTab{Tab: workspace.TabChecks}, workspace.OpenTab{Tab: workspace.TabWhatIf},
			workspace.OpenTab{Tab: workspace.TabReach}, workspace.OpenLibrary{}}
		if m := snap.Matrix(l.s.ws.Flow()); m.Len() > 0 {
			views = append(views, workspace.PickWalk{From: m.Cell(0).From, To: m.Cell(m.Len() - 1).To})
		}
		for _, n := range snap.Scene.Nodes {
			views = append(views, workspace.Select{Key: n.Key}, workspace.OpenTab{Tab: workspace.TabRoutes})
		}
		for _, v := range views {
			l.do(v)
			if code := ruleCodeIn(textOf(l.html())); code != "" {
				t.Errorf("%s after %T%+v shows %q", sc.Name, v, v, code)
				break
			}
		}
	}
}

// textOf is the visible text of HTML (tags and attributes dropped, titles
// kept: they are read too).
func textOf(html string) string {
	var b strings.Builder
	for _, part := range strings.Split(html, "<")[1:] {
		tag, text, _ := strings.Cut(part, ">")
		if _, title, ok := strings.Cut(tag, `title="`); ok {
			title, _, _ = strings.Cut(title, `"`)
			b.WriteString(title + " ")
		}
		b.WriteString(text + " ")
	}
	return b.String()
}

// factNumber reports whether w is a rule-book fact number, lettered or not
// (the letter F, one to three digits, an optional lower-case letter).
func factNumber(w string) bool {
	if len(w) < 2 || len(w) > 5 || (w[0] != 'F' && w[0] != 'f') || w[1] < '0' || w[1] > '9' {
		return false
	}
	rest := strings.TrimLeft(w[1:], "0123456789")
	return rest == "" || len(rest) == 1 && rest[0] >= 'a' && rest[0] <= 'z'
}

func ruleCodeIn(s string) string {
	fields := strings.Fields(s)
	for i, f := range fields {
		w := strings.Trim(f, "(),.;:")
		if i+1 < len(fields) && strings.HasPrefix(fields[i+1], "key") { // a function key: "the F2 key"
			continue
		}
		if factNumber(w) {
			return f
		}
	}
	if i := strings.Index(s, "field note"); i >= 0 {
		return s[i:min(len(s), i+15)]
	}
	if i := strings.Index(s, "rule:"); i >= 0 {
		return s[i:min(len(s), i+30)]
	}
	return ""
}

func TestReachProtocolAndPort(t *testing.T) {
	l := shellWith(t, "nsg-evaluation-order")
	l.do(workspace.OpenTab{Tab: workspace.TabReach})
	html := l.html()
	if !strings.Contains(html, "Reachability (TCP 443)") {
		t.Error("the Reach title does not name the default flow")
	}
	before := l.s.ws.Snap().Matrix(l.s.ws.Flow())
	l.do(workspace.SetPort{Port: "22"})
	if html := l.html(); !strings.Contains(html, "Reachability (TCP 22)") {
		t.Error("the title does not follow the port")
	}
	after := l.s.ws.Snap().Matrix(l.s.ws.Flow())
	changed := 0
	for i, c := range before.All() {
		if c.Disposition != after.Cell(i).Disposition {
			changed++
		}
	}
	if changed == 0 {
		t.Error("TCP 22 gives the same matrix as TCP 443 in a design whose NSG denies SSH")
	}
	l.do(workspace.SetPort{Port: "70000"})
	if html := l.html(); !strings.Contains(html, `id="reach-port-err"`) || l.s.ws.Flow().Port != 22 {
		t.Error("a port out of range is not refused with its reason")
	}
	l.do(workspace.SetProtocol{Protocol: "Icmp"})
	if html := l.html(); !strings.Contains(html, "Reachability (ICMP)") {
		t.Error("ICMP is not in the title")
	}
}

// TestVerdicts: every disposition has a verdict, the legend lists them all,
// and everything the engine counts as success is drawn as one.
func TestVerdicts(t *testing.T) {
	ds := allDispositions()
	if len(ds) < 20 {
		t.Fatalf("only %d dispositions found", len(ds))
	}
	legend := app.HTMLString(renderLegend())
	for _, d := range ds {
		v := verdictOf(d)
		if v.symbol == "" || v.words == "" || strings.Contains(v.words, "disposition") {
			t.Errorf("%s has verdict %+v", d, v)
		}
		if d.Success() != (v.class == verdictOK || v.class == verdictExit) {
			t.Errorf("%s: success %v but drawn as %s", d, d.Success(), v.class)
		}
		if !strings.Contains(legend, `data-disposition="`+d.String()+`"`) {
			t.Errorf("the legend lacks %s", d)
		}
	}
	if v := verdictOf(trace.DeliveredOnPremises); v.class != verdictOK || v.symbol == "✕" {
		t.Errorf("DeliveredOnPremises drawn as %+v", v)
	}
	if got := words(trace.DroppedIPForwardingOff); got != "dropped: IP forwarding off" {
		t.Errorf("words = %q", got)
	}
	if got := words(trace.DroppedVNetAccessDisabled); got != "dropped: VNet access disabled" {
		t.Errorf("words = %q", got)
	}
}

// TestVerdictWordsReadAsSentences: the words of a drop say what dropped
// the packet as a reader says it: a route whose next hop is None, a Basic
// load balancer across a global peering. They read "dropped: by none
// route" and "dropped: basic LB global peering" before (the disposition's
// name cut into words), in the walk's heading, the matrix cells' tips and
// the legend.
func TestVerdictWordsReadAsSentences(t *testing.T) {
	for d, want := range map[trace.Disposition]string{
		trace.DroppedByNoneRoute:          "dropped: next hop None",
		trace.DroppedBasicLBGlobalPeering: "dropped: Basic load balancer across a global peering",
	} {
		if got := verdictOf(d).words; got != want {
			t.Errorf("%s reads %q, want %q", d, got, want)
		}
	}
	for _, d := range allDispositions() {
		if w := verdictOf(d).words; strings.Contains(w, "by none") || strings.Contains(w, " LB ") {
			t.Errorf("%s reads %q", d, w)
		}
	}
}

// TestVerdictWordsSaidOnce: the words before a reason that says the
// rest are only "dropped" (the matrix's tip and the walk's heading read
// "dropped: next hop None — route 10.0.0.0/8 has next hop None (reserved
// range)"); the walk of a pair a None route drops says it once.
func TestVerdictWordsSaidOnce(t *testing.T) {
	none := verdictOf(trace.DroppedByNoneRoute)
	if got := none.before("route 10.0.0.0/8 has next hop None (reserved range)"); got != "dropped" {
		t.Errorf("before a None route's reason: %q", got)
	}
	if got := none.before("peering x is Initiated"); got != none.words {
		t.Errorf("before another reason: %q", got)
	}
	if got := verdictOf(trace.Delivered).before("delivered to vm1"); got != "delivered" {
		t.Errorf("a delivery: %q", got)
	}
	l := newLiveShell(t)
	l.do(workspace.OpenBuiltin{Name: "non-transitive-chain"}, workspace.OpenTab{Tab: workspace.TabReach})
	html := l.html()
	i := strings.Index(html, `data-disposition="DroppedByNoneRoute"`)
	if i < 0 {
		t.Fatal("no cell dropped by a None route")
	}
	tip, _, _ := strings.Cut(html[i:], `" aria-label`)
	if strings.Count(tip, "next hop None") != 1 {
		t.Errorf("the cell's tip says it twice: %s", tip)
	}
	l.do(workspace.PickWalk{From: "vm1/nic0", To: "vm3/nic0"})
	_, head, _ := strings.Cut(l.html(), `class="walk-result`)
	head, _, _ = strings.Cut(head, "</p>")
	if !strings.Contains(head, "next hop None") || strings.Count(head, "next hop None") != 1 {
		t.Errorf("the walk's heading: %s", head)
	}
}

// TestWalkPassesThroughEveryHop: a walk to an on-premises host is drawn
// through the gateway, the circuit and the site it lists, as a success.
func TestWalkPassesThroughEveryHop(t *testing.T) {
	l := shellWith(t, "er-vpn-coexistence")
	l.do(workspace.PickWalk{From: "vm-spoke/nic0", To: "factory/plc"})
	tr, _, _, ok := l.s.ws.Walk()
	if !ok || tr.Disposition != trace.DeliveredOnPremises {
		t.Fatalf("walk %v", tr)
	}
	html := app.HTMLString(l.s.renderCanvas())
	i := strings.Index(html, `id="walk-path"`)
	if i < 0 {
		t.Fatal("the walk is not drawn")
	}
	start := strings.LastIndex(html[:i], "<polyline")
	path, _, _ := strings.Cut(html[start:], ">")
	if !strings.Contains(path, "cell-ok") || strings.Contains(path, "cell-drop") {
		t.Errorf("a delivery on premises is not drawn as a success: %s", path)
	}
	sc := l.s.ws.Snap().Scene
	for _, h := range tr.Hops {
		n, ok := sc.HopNode(h.Node)
		if !ok {
			t.Errorf("hop %s has no node on the canvas", h.Node)
			continue
		}
		c := n.Box.Center()
		if !strings.Contains(path, canvas.Num(c.X)+","+canvas.Num(c.Y)) {
			t.Errorf("the drawn walk skips hop %s", h.Node)
		}
	}
	if !strings.Contains(path, fmt.Sprintf(`data-hops="%d"`, len(tr.Hops))) {
		t.Errorf("the path does not record its %d hops: %s", len(tr.Hops), path)
	}
}

func TestChecksPanel(t *testing.T) {
	l := shellWith(t, "hub-spoke-firewall")
	l.do(workspace.OpenTab{Tab: workspace.TabChecks})
	n := len(l.s.ws.Snap().Doc.Expect)
	if html := l.html(); n == 0 || strings.Count(html, `class="check check-ok"`) != n {
		t.Errorf("the %d expectations of the built-in scenario should all hold and be listed", n)
	}
	l.do(workspace.Select{Key: "route-table:rt-spokes"}, workspace.DeleteSelection{})
	if html := l.html(); !strings.Contains(html, `class="check check-fail"`) {
		t.Error("removing the firewall route table broke no expectation")
	}
}

// TestWhatIfCircuitDown: in the ExpressRoute + VPN coexistence design,
// failing the circuit from the Inspector marks it on the canvas, and the
// diff shows on-prem pairs moving to the VPN, not lost.
func TestWhatIfCircuitDown(t *testing.T) {
	l := shellWith(t, "er-vpn-coexistence")
	l.do(workspace.Select{Key: canvas.Key(kinds.Circuit, "er-circuit")})
	if html := l.html(); !strings.Contains(html, `id="fail-toggle"`) || !strings.Contains(html, ">Fail<") {
		t.Fatal("no Fail button for the selected circuit")
	}
	f, ok := workspace.WholeFailure(l.s.ws.Snap(), store.Ref{Kind: kinds.Circuit, ID: "er-circuit"})
	if !ok {
		t.Fatal("the circuit is not a failable component")
	}
	l.do(workspace.ToggleFailure{Failure: f}, workspace.OpenTab{Tab: workspace.TabWhatIf})
	html := l.html()
	if !strings.Contains(html, `class="node node-er-circuit top failed"`) { // (selected: the Shell's mark, worldmarks.go)
		t.Error("the failed circuit is not struck through on the canvas")
	}
	if !strings.Contains(html, `id="diff-pairs"`) || !strings.Contains(html, "PathChanged") || strings.Contains(html, ">Lost<") {
		t.Error("the diff does not show pairs moving to the VPN (and none lost)")
	}
	if !strings.Contains(html, ">Restore<") {
		t.Error("the Inspector does not offer Restore")
	}
	if strings.Contains(html, "Vpn gateway") {
		t.Error("the What-if picker writes Vpn gateway")
	}
	l.do(workspace.ToggleFailure{Failure: f})
	if len(l.s.ws.Snap().Failures) != 0 {
		t.Error("Restore did not clear the failure")
	}
}

func TestN1SweepMarksSinglePointsOfFailure(t *testing.T) {
	l := shellWith(t, "hub-spoke-firewall")
	l.do(workspace.OpenTab{Tab: workspace.TabWhatIf}, workspace.RunSweep{})
	html := l.html()
	if !strings.Contains(html, `id="n1-results"`) {
		t.Fatal("no sweep results listed")
	}
	if !strings.Contains(html, " spof") {
		t.Error("no single point of failure marked on the canvas")
	}
	l.do(workspace.Select{Key: "vnet:hub"}, workspace.CanvasKey{Key: "ArrowRight", Alt: true})
	if html := l.html(); !strings.Contains(html, " spof") {
		t.Error("a move dropped the N-1 marks")
	}
	l.do(workspace.PaletteAdd{Kind: kinds.VNet})
	if strings.Contains(l.html(), " spof") {
		t.Error("stale sweep marks survive an edit")
	}
}

// TestBGPAndP2SPanels: selecting the Route Server of the ER + Route Server
// design shows its Loc-RIB with the on-prem prefixes over ExpressRoute and
// its neighbors; selecting a P2S pool shows its clients' routes.
func TestBGPAndP2SPanels(t *testing.T) {
	l := shellWith(t, "er-spoke-vpn-route-server")
	l.do(workspace.Select{Key: canvas.Key(kinds.RouteServer, "hub-rs")})
	html := l.html()
	for _, want := range []string{`id="bgp-rib"`, "10.100.10.0/24", "12076 65150 i", "Neighbor vm-hub00 (AS 65001)"} {
		if !strings.Contains(html, want) {
			t.Errorf("the Route Server's BGP view lacks %q", want)
		}
	}
	l.do(workspace.OpenBuiltin{Name: "p2s-hub-spoke"}, workspace.Select{Key: canvas.Key(kinds.P2S, "hub-vpngw")})
	html = l.html()
	if !strings.Contains(html, `id="p2s-windows"`) || !strings.Contains(html, "10.0.0.0/16") || !strings.Contains(html, "On-link") {
		t.Errorf("the P2S view lacks the hub's route for clients")
	}
}

// TestDesignsOpenWithLabels: the least zoom a design opens at is one the
// canvas draws labels at (not its far view).
func TestDesignsOpenWithLabels(t *testing.T) {
	if workspace.OpenZoom < detailZoom {
		t.Errorf("designs open at %v and more, the far view is under %v", workspace.OpenZoom, detailZoom)
	}
}

// TestFarViewDrawsBoxesOnly: under detailZoom the canvas draws node boxes
// and solid edges without icons, labels or handles; at normal zoom
// everything is drawn.
func TestFarViewDrawsBoxesOnly(t *testing.T) {
	l := shellWith(t, "hub-spoke-firewall")
	l.do(workspace.ResetView{})
	near := l.html()
	for range 12 {
		l.do(workspace.CanvasKey{Key: "-"})
	}
	far := l.html()
	for _, c := range []string{`class="node-label"`, `class="handle"`} {
		if !strings.Contains(near, c) {
			t.Errorf("near view lacks %s", c)
		}
		if strings.Contains(far, c) {
			t.Errorf("far view draws %s", c)
		}
	}
	if strings.Count(far, `class="node-box"`) != strings.Count(near, `class="node-box"`) || strings.Count(far, `class="node-box"`) == 0 {
		t.Error("the far view must keep every node box")
	}
	if !strings.Contains(far, `class="world far"`) || strings.Contains(near, `class="world far"`) {
		t.Error("only the far view's world group is marked far")
	}
}

// TestExportLooksLikeTheCanvas: the SVG export is the canvas' own drawing
// (the same node and edge components, the canvas' stylesheet), valid XML
// even for names XML cannot hold, with every icon and full label.
func TestExportLooksLikeTheCanvas(t *testing.T) {
	sc, _ := scenarios.Get("er-vpn-coexistence")
	doc, _, err := scenario.Decode(sc.JSON, scenario.Strict)
	if err != nil {
		t.Fatal(err)
	}
	doc.Topology.VNets[0].Subnets[0].Name = "a very long subnet name that runs past its box\x00"
	scene := canvas.BuildScene(doc)
	svg := ExportSVG(scene, "Design \x01 <&>")
	dec := xml.NewDecoder(strings.NewReader(svg))
	for {
		if _, err := dec.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("the export is not valid XML: %v", err)
		}
	}
	if !strings.Contains(svg, ".node-box {") || !strings.Contains(svg, ".edge-association .edge-line") {
		t.Error("the export does not carry the canvas' stylesheet")
	}
	for _, n := range scene.Nodes {
		key, _, _ := strings.Cut(n.Key, "\x00") // the NUL is written U+FFFD: XML cannot hold it
		if !strings.Contains(svg, `data-key="`+html.EscapeString(key)) {
			t.Errorf("node %s missing", n.Key)
		}
	}
	if icons, nodes := strings.Count(svg, `class="icon icon-`), len(scene.Nodes); icons != nodes {
		t.Errorf("%d icons for %d nodes", icons, nodes)
	}
	if !strings.Contains(svg, "a very long subnet name that runs past its box") {
		t.Error("a long label is cut")
	}
	w, _ := exportSize(scene)
	if w < scene.Bounds.W+2*exportMargin {
		t.Errorf("the drawing (%v wide) is narrower than the scene with its margin", w)
	}
}

// TestExportEveryBuiltin: every built-in design exports as well-formed,
// deterministic SVG with all its nodes and edges.
func TestExportEveryBuiltin(t *testing.T) {
	for _, sc := range scenarios.All() {
		doc, _, err := scenario.Decode(sc.JSON, scenario.Strict)
		if err != nil {
			t.Fatal(err)
		}
		scene := canvas.BuildScene(doc)
		out := ExportSVG(scene, sc.Title+` <"&>`)
		d := xml.NewDecoder(strings.NewReader(out))
		for {
			if _, err := d.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s: the export is not well-formed: %v", sc.Name, err)
			}
		}
		for _, n := range scene.Nodes {
			if !strings.Contains(out, `data-key="`+html.EscapeString(n.Key)+`"`) {
				t.Errorf("%s: node %s missing", sc.Name, n.Key)
			}
		}
		for _, e := range scene.Edges {
			if !strings.Contains(out, `data-key="`+html.EscapeString(e.Key)+`"`) {
				t.Errorf("%s: edge %s missing", sc.Name, e.Key)
			}
		}
		if again := ExportSVG(canvas.BuildScene(doc), sc.Title+` <"&>`); again != out {
			t.Errorf("%s: the export is not deterministic", sc.Name)
		}
	}
}

func TestFileName(t *testing.T) {
	for in, want := range map[string]string{"Hub & Spokes v2.0": "hub--spokes-v2-0", "": "vnetplay-design", "Ünïcode": "ncode"} {
		if got := workspace.FileName(in); got != want {
			t.Errorf("workspace.FileName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRoutingTablesCut: at bench-browser's scale (a hub, 99 spokes, 1,000
// on-premises prefixes) a circuit's Loc-RIB and its neighbors' paths, and
// a spoke subnet's effective routes, draw RowCap rows each with a line
// that says how many there are; "Show all" draws one table whole.
func TestRoutingTablesCut(t *testing.T) {
	l := newLiveShell(t)
	l.do(workspace.Import{Name: "bench.json", Text: string(benchDesign(t, 100))})
	rows := func(html, id string) int {
		_, after, ok := strings.Cut(html, `id="`+id+`"`)
		if !ok {
			t.Fatalf("no #%s", id)
		}
		table, _, _ := strings.Cut(after, "</table>")
		return strings.Count(table, "<tr")
	}
	l.do(workspace.Select{Key: canvas.Key(kinds.Circuit, "er-hub")})
	html := l.html()
	if n := rows(html, "bgp-rib"); n != workspace.RowCap+1 { // and the head's
		t.Fatalf("the circuit's Loc-RIB draws %d rows, want %d and the head", n-1, workspace.RowCap)
	}
	cuts := strings.Count(html, `class="hint rows-cut"`)
	if cuts < 3 || !strings.Contains(html, "Showing the first 100 of") {
		t.Fatalf("%d cut tables, want the Loc-RIB and its neighbors' paths", cuts)
	}
	l.do(workspace.ShowAllRows{Table: "bgp-rib:er-hub"})
	html = l.html()
	if n := rows(html, "bgp-rib"); n <= workspace.RowCap+1 || strings.Count(html, `class="hint rows-cut"`) != cuts-1 {
		t.Fatalf("after Show all, the Loc-RIB draws %d rows", n-1)
	}
	l.do(workspace.Select{Key: canvas.Key(kinds.Subnet, "spoke001/app")})
	if n := rows(l.html(), "routes"); n != 2*workspace.RowCap+1 { // a route and its reason line each
		t.Fatalf("the spoke's effective routes draw %d rows, want %d routes", (n-1)/2, workspace.RowCap)
	}
}

// TestInspectorReadsAChoiceInAnyCase: an NSG rule's protocol written "TCP"
// (as a portal rule comes back; ARM reads it in any case) shows the Tcp
// option selected in the rule's form, not "TCP (missing)", and the design
// keeps it as written.
func TestInspectorReadsAChoiceInAnyCase(t *testing.T) {
	sc, ok := scenarios.Get("nsg-evaluation-order")
	if !ok {
		t.Fatal("no built-in nsg-evaluation-order")
	}
	text := strings.ReplaceAll(string(sc.JSON), `"protocol": "Tcp"`, `"protocol": "TCP"`)
	nsg := store.Ref{Kind: kinds.NSG, ID: "nsg-app-nic"}
	l := newLiveShell(t)
	l.do(workspace.Import{Name: "upper.json", Text: text}, workspace.Select{Key: canvas.Key(kinds.NSG, nsg.ID)},
		workspace.ItemOpen{Ref: nsg, List: "securityRules", Index: 0})
	html := l.html()
	i := strings.Index(html, `id="item-protocol"`)
	if i < 0 {
		t.Fatal("the rule's form has no protocol")
	}
	sel := html[i:]
	sel = sel[:strings.Index(sel, "</select>")]
	var chosen []string // the options selected (go-app writes attributes in any order, and selected="false" on the others)
	for _, tag := range regexp.MustCompile(`<option[^>]*>`).FindAllString(sel, -1) {
		if !strings.Contains(tag, `selected="false"`) && regexp.MustCompile(`\sselected[\s>=]`).MatchString(tag) {
			chosen = append(chosen, regexp.MustCompile(`value="([^"]*)"`).FindStringSubmatch(tag)[1])
		}
	}
	if strings.Contains(sel, "(missing)") || len(chosen) != 1 || chosen[0] != "Tcp" {
		t.Errorf("the protocol TCP is not read as the Tcp option:\n%s", sel)
	}
	if got := l.s.ws.Snap().Doc.Topology.NSGs[0].SecurityRules[0].Protocol; got != "TCP" {
		t.Errorf("the design's protocol is %q, want it kept as written", got)
	}
}

// TestNewItemFormAsksForARequiredChoice: a new route's next hop type, a
// choice with no value yet, reads as a choice to make, not as a reference
// gone missing (" (missing)" was selected); saved unchosen, the form says
// the field is needed.
func TestNewItemFormAsksForARequiredChoice(t *testing.T) {
	rt := store.Ref{Kind: kinds.RouteTable, ID: "rt-spokes"}
	l := newLiveShell(t)
	l.do(workspace.OpenBuiltin{Name: "hub-spoke-firewall"}, workspace.Select{Key: canvas.Key(kinds.RouteTable, rt.ID)},
		workspace.ItemOpen{Ref: rt, List: "routes", Index: -1})
	html := l.html()
	i := strings.Index(html, `id="item-nextHopType"`)
	if i < 0 {
		t.Fatal("the new route's form has no nextHopType")
	}
	sel := html[i:]
	sel = sel[:strings.Index(sel, "</select>")]
	if strings.Contains(sel, "missing") || !strings.Contains(sel, "(choose one)") {
		t.Errorf("the new route's next hop type does not ask for a choice:\n%s", sel)
	}
	l.do(workspace.ItemField{Name: "name", Value: "r"}, workspace.ItemField{Name: "addressPrefix", Value: "10.9.0.0/16"}, workspace.ItemSave{})
	if f, ok := l.s.ws.Item(); !ok || f.Errs["nextHopType"] == "" {
		t.Errorf("a route saved with no next hop type shows no error on the field (form %+v, open %v)", f, ok)
	} else {
		t.Logf("the error: %s", f.Errs["nextHopType"])
	}
}

// TestBGPOfADownSpeakerSaysWhyItIsEmpty: the Routes tab of an ExpressRoute
// circuit failed in the What-if says in words that it has no best paths
// and why, where it drew the Loc-RIB's headings over no row; with the
// circuit restored the table is back.
func TestBGPOfADownSpeakerSaysWhyItIsEmpty(t *testing.T) {
	l := shellWith(t, "er-vpn-coexistence")
	l.do(workspace.Select{Key: "er-circuit:er-circuit"}, workspace.OpenTab{Tab: workspace.TabRoutes},
		workspace.FailPicked{Value: model.CircuitDown + ":er-circuit"})
	html := l.html()
	if !strings.Contains(html, `id="bgp-title"`) {
		t.Fatal("the Routes tab does not show the circuit's BGP")
	}
	if !strings.Contains(html, `id="bgp-rib-none"`) || !strings.Contains(html, "No best paths: er-circuit is down") || strings.Contains(html, `id="bgp-rib"`) {
		t.Errorf("the failed circuit's BGP: no words for its empty Loc-RIB, or a table of no rows")
	}
	l.do(workspace.RestoreAll{})
	if html := l.html(); !strings.Contains(html, `id="bgp-rib"`) || strings.Contains(html, `id="bgp-rib-none"`) {
		t.Error("the restored circuit's BGP has no Loc-RIB table")
	}
}
