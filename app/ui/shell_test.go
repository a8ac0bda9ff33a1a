package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/canvas"
	"vnetplay/app/store"
	"vnetplay/engine/gen"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
	"vnetplay/engine/whatif"
	"vnetplay/scenarios"
)

func TestIconsAreDistinctAndComplete(t *testing.T) {
	seen := map[string]IconKind{}
	kinds := []IconKind{IconLogo}
	for _, k := range paletteKinds {
		kinds = append(kinds, k.Kind)
	}
	if len(paletteKinds) != 13 {
		t.Fatalf("palette lists %d kinds, want the 13 resource kinds", len(paletteKinds))
	}
	for _, k := range kinds {
		shapes := iconShapes(k)
		if len(shapes) == 0 {
			t.Errorf("icon %q has no shapes", k)
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

func newShell(t *testing.T) *Shell {
	t.Helper()
	e := app.NewTestEngine()
	s := &Shell{}
	if err := e.Load(s); err != nil {
		t.Fatal(err)
	}
	e.ConsumeAll()
	return s
}

// shellWith is a Shell showing the built-in scenario name, and its session.
func shellWith(t *testing.T, name string) (*Shell, *store.Session) {
	t.Helper()
	s := newShell(t)
	sc, ok := scenarios.Get(name)
	if !ok {
		t.Fatalf("no scenario %q", name)
	}
	sess, _, err := store.OpenJSON(sc.JSON)
	if err != nil {
		t.Fatal(err)
	}
	s.sess = sess
	return s, sess
}

func TestShellRendersRegions(t *testing.T) {
	s := newShell(t)
	checks := []struct {
		path []int
		want app.UI
	}{
		{[]int{0, 0, 0, 1}, app.Span().Class("brand-name").Text(ProductName)},
		{[]int{0, 1, 0, 0, 0}, app.Text("Resources")},
	}
	for _, c := range checks {
		if err := app.Match(c.want, s, c.path...); err != nil {
			t.Errorf("at %v: %v", c.path, err)
		}
	}
	html := app.HTMLString(s)
	for _, want := range []string{`id="doc-title"`, `>Untitled design<`, `id="canvas"`, `data-pan="0,0"`, `data-zoom="1"`, `aria-label="Design canvas`, `id="world"`, `role="tablist"`, `Empty design`} {
		if !strings.Contains(html, want) {
			t.Errorf("shell HTML lacks %s", want)
		}
	}
	if !app.IsClient && strings.Contains(html, "data-mounted") {
		t.Error("the pre-rendered shell carries the mount marker")
	}
	if n := strings.Count(html, `class="palette-item"`); n != len(paletteKinds) {
		t.Errorf("%d palette items rendered, want %d", n, len(paletteKinds))
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

func TestShellDrawsTheDesign(t *testing.T) {
	s, sess := shellWith(t, "hub-spoke-firewall")
	html := app.HTMLString(s.Render())
	snap := sess.Current()
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

func TestRoutesPanelShowsTheSelectedSubnet(t *testing.T) {
	s := newShell(t)
	sc, _ := scenarios.Get("hub-spoke-firewall")
	s.sess, _, _ = store.OpenJSON(sc.JSON)
	subnet := s.sess.Current().Doc.Topology.VNets[1]
	id := subnet.ID + "/" + subnet.Subnets[0].Name
	s.tab = TabRoutes
	if html := app.HTMLString(s.renderPanel()); !strings.Contains(html, "Select a subnet") {
		t.Error("routes tab without a selection does not say what to do")
	}
	s.selectKey(canvas.Key(canvas.KindSubnet, id))
	html := app.HTMLString(s.renderPanel())
	tbl, _ := s.sess.Current().Plane.Routes(id)
	if !strings.Contains(html, "Effective routes of "+id) {
		t.Fatalf("routes title missing")
	}
	if got := strings.Count(html, `<tr class="route `); got != len(tbl.Routes()) {
		t.Errorf("%d route rows, want %d", got, len(tbl.Routes()))
	}
	if got := strings.Count(html, `<tr class="why `); got != len(tbl.Routes()) {
		t.Errorf("%d explanation rows, want one per route (%d)", got, len(tbl.Routes()))
	}
	for _, h := range []string{"Source", "State", "Address prefix", "Next hop type", "Next hop IP"} {
		if !strings.Contains(html, `scope="col">`+h) {
			t.Errorf("no column header %q", h)
		}
	}
	if !strings.Contains(html, "Invalid") || !strings.Contains(html, "VirtualAppliance") {
		t.Error("the spoke's table should show the UDR to the firewall and the Invalid default route (F6)")
	}
}

func TestInspectorKeepsARefusedValue(t *testing.T) {
	s := newShell(t)
	if err := s.sess.Apply(store.AddVNet{}); err != nil {
		t.Fatal(err)
	}
	r := store.Ref{Kind: canvas.KindVNet, ID: "vnet1"}
	s.selectKey(s.sess.Current().SelectionKey(r))
	s.commit(r, "addressSpace.addressPrefixes", "10.0.0.0/33")
	html := app.HTMLString(s.renderInspector())
	if !strings.Contains(html, `value="10.0.0.0/33"`) {
		t.Error("the refused text is not kept in the field")
	}
	if !strings.Contains(html, "Not applied") || !strings.Contains(html, `role="alert"`) {
		t.Error("no inline error for the refused value")
	}
	if got := s.sess.Current().Doc.Topology.VNets[0].AddressSpace.AddressPrefixes[0]; got != "10.0.0.0/16" {
		t.Errorf("a refused value was applied: %s", got)
	}
	s.commit(r, "addressSpace.addressPrefixes", "10.0.0.0/16, 10.5.0.0/16")
	html = app.HTMLString(s.renderInspector())
	if strings.Contains(html, "Not applied") {
		t.Error("the error stays after a good value")
	}
	if got := s.sess.Current().Doc.Topology.VNets[0].AddressSpace.AddressPrefixes; len(got) != 2 {
		t.Errorf("good value not applied: %v", got)
	}
}

func TestDiagnosticsPanelLists(t *testing.T) {
	s := newShell(t)
	s.tab = TabChecks
	if html := app.HTMLString(s.renderPanel()); !strings.Contains(html, "No problems found") {
		t.Error("an empty design has diagnostics")
	}
	if err := s.sess.Apply(store.AddVNet{}); err != nil {
		t.Fatal(err)
	}
	// An NVA route to an address with no host: the engine reports it (F33).
	if err := s.sess.Apply(store.AddRouteTable{}); err != nil {
		t.Fatal(err)
	}
	rt := store.Ref{Kind: canvas.KindRouteTable, ID: "rt1"}
	if err := s.sess.Apply(store.AddItem{Ref: rt, Path: "routes"}); err != nil {
		t.Fatal(err)
	}
	html := app.HTMLString(s.renderPanel())
	if !strings.Contains(html, `id="diagnostics"`) || !strings.Contains(html, "routeTables[rt1]") {
		t.Errorf("the empty route's diagnostics are not listed:\n%s", html)
	}
}

func TestSingular(t *testing.T) {
	for in, want := range map[string]string{"routes": "route", "securityRules": "security rule", "networkInterfaces": "network interface"} {
		if got := singular(in); got != want {
			t.Errorf("singular(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestReachPanelAndWalk(t *testing.T) {
	s := newShell(t)
	sc, _ := scenarios.Get("hub-spoke-firewall-forwarding-off")
	s.sess, _, _ = store.OpenJSON(sc.JSON)
	s.tab = TabReach
	snap := s.sess.Current()
	m := snap.Matrix()
	html := app.HTMLString(s.renderPanel())
	if got := strings.Count(html, `class="cell `); got != len(m.Cells) {
		t.Fatalf("%d cells drawn, the matrix has %d", got, len(m.Cells))
	}
	// Pick a dropped cell: its walk is listed and drawn on the canvas.
	var dropped *reachCell
	for _, c := range m.Cells {
		if cellClass(c.Disposition) == "cell-drop" {
			dropped = &reachCell{c.From, c.To}
			break
		}
	}
	if dropped == nil {
		t.Fatal("forwarding-off scenario has no dropped pair; the test needs one (F180)")
	}
	s.pickWalk(dropped.from, dropped.to)
	html = app.HTMLString(s.renderPanel())
	if !strings.Contains(html, `id="walk"`) || !strings.Contains(html, "cell-picked") {
		t.Error("the picked walk is not shown")
	}
	if !strings.Contains(app.HTMLString(s.renderCanvas()), `id="walk-path"`) {
		t.Error("the walk is not drawn on the canvas")
	}
	// An edit makes the walk stale: it disappears rather than lie.
	if err := s.sess.Apply(store.AddVNet{}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(app.HTMLString(s.renderCanvas()), `id="walk-path"`) {
		t.Error("a stale walk is still drawn after an edit")
	}
}

type reachCell struct{ from, to string }

func TestNextHopTool(t *testing.T) {
	s := newShell(t)
	sc, _ := scenarios.Get("hub-spoke-firewall")
	s.sess, _, _ = store.OpenJSON(sc.JSON)
	s.nh = nextHopState{from: "vm1/nic0", dst: "10.2.1.4"}
	s.computeNextHop()
	if s.nh.err || !strings.Contains(s.nh.answer, "VirtualAppliance") || !strings.Contains(s.nh.answer, "10.0.1.4") || !strings.Contains(s.nh.answer, "rt-spokes") {
		t.Errorf("next hop from vm1 to vm2 = %q; want the UDR to the firewall (F7)", s.nh.answer)
	}
	s.nh.dst = "not an ip"
	s.computeNextHop()
	if !s.nh.err {
		t.Error("a bad address gave no error")
	}
}

func TestChecksPanel(t *testing.T) {
	s := newShell(t)
	sc, _ := scenarios.Get("hub-spoke-firewall")
	s.sess, _, _ = store.OpenJSON(sc.JSON)
	s.tab = TabChecks
	html := app.HTMLString(s.renderPanel())
	n := len(s.sess.Current().Doc.Expect)
	if n == 0 || strings.Count(html, `class="check check-ok"`) != n {
		t.Errorf("the %d expectations of the built-in scenario should all hold and be listed", n)
	}
	// Break the design: delete the route table; some expectations fail.
	if err := s.sess.Apply(store.Delete{Refs: []store.Ref{{Kind: canvas.KindRouteTable, ID: "rt-spokes"}}}); err != nil {
		t.Fatal(err)
	}
	html = app.HTMLString(s.renderPanel())
	if !strings.Contains(html, `class="check check-fail"`) {
		t.Error("removing the firewall route table broke no expectation")
	}
}

func TestSelectionCopyPasteDelete(t *testing.T) {
	s := newShell(t)
	sc, _ := scenarios.Get("hub-spoke-firewall")
	s.sess, _, _ = store.OpenJSON(sc.JSON)
	hub, spoke := canvas.Key(canvas.KindVNet, "hub"), canvas.Key(canvas.KindVNet, "spoke1")
	s.selectKey(hub)
	s.toggle(spoke)
	if !s.isSelected(hub) || !s.isSelected(spoke) || len(s.selectedRefs()) != 2 {
		t.Fatalf("shift+click: selected %q + %v", s.selected, s.also)
	}
	s.toggle(hub) // shift+click again removes it; spoke becomes primary
	if s.isSelected(hub) || s.selected != spoke {
		t.Fatalf("toggle off: selected %q + %v", s.selected, s.also)
	}
	s.selectAll()
	topLevel := 0
	for _, n := range s.snap().Scene.Nodes {
		if n.Parent == "" && n.Kind != canvas.KindInternet {
			topLevel++
		}
	}
	if got := len(s.selectedRefs()); got != topLevel {
		t.Fatalf("select all: %d refs, want %d top-level resources", got, topLevel)
	}
	s.copySelection()
	vnets := len(s.snap().Doc.Topology.VNets)
	s.paste()
	if got := len(s.snap().Doc.Topology.VNets); got != 2*vnets {
		t.Fatalf("after paste %d VNets, want %d", got, 2*vnets)
	}
	if s.snap().Errors() != 0 {
		t.Errorf("a pasted copy of a clean design has errors: %v", s.snap().Diagnostics)
	}
	s.selectAll()
	s.deleteSelection()
	if n := len(s.snap().Doc.Topology.VNets); n != 0 {
		t.Fatalf("delete of everything left %d VNets", n)
	}
	s.undo()
	if got := len(s.snap().Doc.Topology.VNets); got != 2*vnets {
		t.Fatalf("undo of the delete: %d VNets", got)
	}
}

// TestWhatIfCircuitDown: in the ExpressRoute + VPN coexistence design,
// failing the circuit from the inspector marks it on the canvas, and the
// diff shows on-prem pairs moving to the VPN (F149-F151), not lost.
func TestWhatIfCircuitDown(t *testing.T) {
	s := newShell(t)
	sc, _ := scenarios.Get("er-vpn-coexistence")
	s.sess, _, _ = store.OpenJSON(sc.JSON)
	s.selectKey(canvas.Key(canvas.KindCircuit, "er-circuit"))
	if html := app.HTMLString(s.renderInspector()); !strings.Contains(html, `id="fail-toggle"`) || !strings.Contains(html, ">Fail<") {
		t.Fatal("no Fail button for the selected circuit")
	}
	f, ok := wholeFailure(s.snap(), store.Ref{Kind: canvas.KindCircuit, ID: "er-circuit"})
	if !ok {
		t.Fatal("the circuit is not a failable component")
	}
	s.toggleFailure(f)
	if html := app.HTMLString(s.renderCanvas()); !strings.Contains(html, `class="node node-er-circuit selected failed"`) {
		t.Error("the failed circuit is not struck through on the canvas")
	}
	s.tab = TabWhatIf
	html := app.HTMLString(s.renderPanel())
	if !strings.Contains(html, `id="diff-pairs"`) || !strings.Contains(html, "PathChanged") {
		t.Errorf("the diff does not show pairs moving to VPN:\n%s", html)
	}
	if strings.Contains(html, ">Lost<") {
		t.Error("with VPN as backup, failing the circuit should lose no pair")
	}
	if !strings.Contains(app.HTMLString(s.renderInspector()), ">Restore<") {
		t.Error("the inspector does not offer Restore")
	}
	s.toggleFailure(f)
	if len(s.snap().Failures) != 0 {
		t.Error("Restore did not clear the failure")
	}
}

func TestN1SweepMarksSinglePointsOfFailure(t *testing.T) {
	s := newShell(t)
	sc, _ := scenarios.Get("hub-spoke-firewall")
	s.sess, _, _ = store.OpenJSON(sc.JSON)
	snap := s.snap()
	res, err := whatif.Sweep(context.Background(), snap.Doc, nil)
	if err != nil {
		t.Fatal(err)
	}
	s.sweep = sweepState{results: res, plane: snap.Intact0().Plane}
	s.tab = TabWhatIf
	html := app.HTMLString(s.renderPanel())
	if !strings.Contains(html, `id="n1-results"`) {
		t.Fatal("no sweep results listed")
	}
	canvasHTML := app.HTMLString(s.renderCanvas())
	// The hub firewall carries all spoke-to-spoke traffic: a SPOF.
	if !strings.Contains(canvasHTML, "spof") {
		t.Error("no single point of failure marked on the canvas")
	}
	// An edit makes the result stale: marks go.
	if err := s.sess.Apply(store.AddVNet{}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(app.HTMLString(s.renderCanvas()), " spof") {
		t.Error("stale sweep marks survive an edit")
	}
}

// TestBGPAndP2SPanels: selecting field note 004's Route Server shows its
// Loc-RIB with the on-prem prefixes over ExpressRoute (AS path 12076 65150)
// and its neighbors; selecting a P2S pool shows its clients' routes (F128).
func TestBGPAndP2SPanels(t *testing.T) {
	s := newShell(t)
	sc, _ := scenarios.Get("er-spoke-vpn-route-server")
	s.sess, _, _ = store.OpenJSON(sc.JSON)
	s.tab = TabRoutes
	s.selectKey(canvas.Key(canvas.KindRouteServer, "hub-rs"))
	html := app.HTMLString(s.renderPanel())
	for _, want := range []string{`id="bgp-rib"`, "10.100.10.0/24", "12076 65150 i", "Neighbor vm-hub00 (AS 65001)"} {
		if !strings.Contains(html, want) {
			t.Errorf("the Route Server's BGP view lacks %q", want)
		}
	}
	sc, _ = scenarios.Get("p2s-hub-spoke")
	s.sess, _, _ = store.OpenJSON(sc.JSON)
	s.selectKey(canvas.Key(canvas.KindP2S, "hub-vpngw"))
	html = app.HTMLString(s.renderPanel())
	if !strings.Contains(html, `id="p2s-windows"`) || !strings.Contains(html, "10.0.0.0/16") || !strings.Contains(html, "On-link") {
		t.Errorf("the P2S view lacks the hub's route for clients:\n%s", html)
	}
	if !strings.Contains(html, "re-download") && !strings.Contains(html, "reinstall") {
		t.Error("the P2S view does not warn that clients must refresh their profile (F73)")
	}
}

// TestChecksJudgeTheDesignNotTheWhatIf: expectations that name a failure
// set hold in the coexistence scenario, and failing the circuit in the UI
// does not turn the design's checks red.
func TestChecksJudgeTheDesignNotTheWhatIf(t *testing.T) {
	s := newShell(t)
	sc, _ := scenarios.Get("er-vpn-coexistence")
	s.sess, _, _ = store.OpenJSON(sc.JSON)
	s.tab = TabChecks
	if html := app.HTMLString(s.renderPanel()); strings.Contains(html, "check-fail") {
		t.Fatalf("a built-in scenario's expectations fail in the UI:\n%s", html)
	}
	s.toggleFailure(model.Failure{Kind: model.CircuitDown, Target: "er-circuit"})
	if html := app.HTMLString(s.renderPanel()); strings.Contains(html, "check-fail") {
		t.Error("a what-if failure made the design's expectations fail")
	}
}

func TestStepSelection(t *testing.T) {
	sc, _ := scenarios.Get("hub-spoke-firewall")
	sess, _, _ := store.OpenJSON(sc.JSON)
	scene := sess.Current().Scene
	first := stepSelection(scene, "", true)
	if first == "" || strings.HasPrefix(first, "internet:") {
		t.Fatalf("first = %q", first)
	}
	seen := map[string]bool{}
	k := first
	for range len(scene.Nodes) - 1 { // every node but the Internet, then wrap
		seen[k] = true
		k = stepSelection(scene, k, true)
	}
	if k != first || len(seen) != len(scene.Nodes)-1 {
		t.Errorf("stepping forward visited %d nodes and ended at %q, want all %d and back to %q", len(seen), k, len(scene.Nodes)-1, first)
	}
	if back := stepSelection(scene, first, false); back == first || stepSelection(scene, back, true) != first {
		t.Error("stepping back and forth does not return")
	}
}

// TestShareLinkTooLarge: a design too large for a URL fragment gets no
// link, and the message points to the file export.
func TestShareLinkTooLarge(t *testing.T) {
	s := newShell(t)
	s.sess = store.Open(&scenario.Document{Name: "Big", Topology: gen.HubSpoke(500)}) // 251 VNets (the generator's cap): a 9 kB link, over MaxLinkChars
	s.shareLink()
	if s.lib.link != "" {
		t.Fatalf("a %d-VNet design got a share link", len(s.snap().Doc.Topology.VNets))
	}
	if !s.notice.err || !strings.Contains(s.notice.text, "Export JSON") {
		t.Errorf("message %q does not offer the file export", s.notice.text)
	}
	// A small design gets one.
	sc, _ := scenarios.Get("hub-spoke-firewall")
	s.sess, _, _ = store.OpenJSON(sc.JSON)
	s.shareLink()
	if !strings.Contains(s.lib.link, "#s=1.") {
		t.Errorf("a small design got no link: %q / %q", s.lib.link, s.notice.text)
	}
}

// TestWalkAndSweepSurviveADrag: a picked packet walk and the N-1 marks
// belong to the data plane: moving a node keeps them, an edit drops them.
func TestWalkAndSweepSurviveADrag(t *testing.T) {
	s := newShell(t)
	sc, _ := scenarios.Get("hub-spoke-firewall")
	s.sess, _, _ = store.OpenJSON(sc.JSON)
	s.pickWalk("vm1/nic0", "vm2/nic0")
	res, err := whatif.Sweep(context.Background(), s.snap().Doc, nil)
	if err != nil {
		t.Fatal(err)
	}
	s.sweep = sweepState{results: res, plane: s.snap().Intact0().Plane}
	if err := s.sess.Apply(store.Move{To: map[string]canvas.Point{"hub": {X: -600, Y: 0}}, Gesture: "g"}); err != nil {
		t.Fatal(err)
	}
	html := app.HTMLString(s.renderCanvas())
	if !strings.Contains(html, `id="walk-path"`) || !strings.Contains(html, " spof") {
		t.Error("a drag dropped the packet walk or the N-1 marks")
	}
	if err := s.sess.Apply(store.AddVNet{}); err != nil {
		t.Fatal(err)
	}
	html = app.HTMLString(s.renderCanvas())
	if strings.Contains(html, `id="walk-path"`) || strings.Contains(html, " spof") {
		t.Error("an edit kept a stale packet walk or stale N-1 marks")
	}
}

// TestFarViewDrawsBoxesOnly: under detailZoom the canvas draws node boxes
// and solid edges without icons, labels or handles (what the browser spends
// its paint on at 500 VNets); at normal zoom everything is drawn.
func TestFarViewDrawsBoxesOnly(t *testing.T) {
	s, _ := shellWith(t, "hub-spoke-firewall")
	s.view = canvas.Viewport{Zoom: 1}
	near := app.HTMLString(s.Render())
	s.view.Zoom = detailZoom / 2
	far := app.HTMLString(s.Render())
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
	if !strings.Contains(far, `class="far"`) { // only the world group has it
		t.Error("the world group is not marked far")
	}
	if strings.Contains(near, `class="far"`) {
		t.Error("the near view is marked far")
	}
}
