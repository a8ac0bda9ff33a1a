package workspace

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"vnetplay/app/canvas"
	"vnetplay/app/kinds"
	"vnetplay/app/persist"
	"vnetplay/app/store"
	"vnetplay/engine/model"
	"vnetplay/scenarios"
)

// screen is a canvas of a laptop's size.
var screen = canvas.Rect{X: 228, Y: 48, W: 900, H: 700}

// startedWS is a workspace after a start on an empty store, with the canvas
// laid out.
func startedWS(t *testing.T) (*Workspace, persist.Store) {
	t.Helper()
	w, st := New(), &persist.Memory{}
	w.Settle(st, w.Do(Start{}))
	w.Do(CanvasSize{Screen: screen})
	if !w.Library().Ready {
		t.Fatal("the workspace is not ready after Start")
	}
	return w, st
}

// open is a started workspace showing a copy of a built-in design.
func open(t *testing.T, name string) (*Workspace, persist.Store) {
	t.Helper()
	w, st := startedWS(t)
	w.Settle(st, w.Do(OpenBuiltin{Name: name}))
	if !strings.Contains(w.Notice().Text, "Opened a copy") {
		t.Fatalf("opening %s: %q", name, w.Notice().Text)
	}
	return w, st
}

func topBoxes(w *Workspace) map[string]canvas.Rect {
	out := map[string]canvas.Rect{}
	for _, n := range w.Snap().Scene.Nodes {
		if n.Parent == "" {
			out[n.Key] = n.Box
		}
	}
	return out
}

func overlapping(boxes map[string]canvas.Rect) []string {
	var out []string
	for a, ra := range boxes {
		for b, rb := range boxes {
			if a < b && ra.X < rb.X+rb.W && rb.X < ra.X+ra.W && ra.Y < rb.Y+rb.H && rb.Y < ra.Y+ra.H {
				out = append(out, a+" × "+b)
			}
		}
	}
	return out
}

// TestPaletteAddsIntoTheSelection: Enter on a palette item adds into the
// selected container, or the container of the selection; with none, it
// says which to select and adds nothing.
func TestPaletteAddsIntoTheSelection(t *testing.T) {
	w, _ := startedWS(t)
	w.Do(PaletteAdd{Kind: kinds.VNet})
	w.Do(PaletteAdd{Kind: kinds.VNet})
	if got := len(w.Snap().Doc.Topology.VNets); got != 2 {
		t.Fatalf("%d VNets", got)
	}
	if bad := overlapping(topBoxes(w)); len(bad) > 0 {
		t.Errorf("keyboard-added VNets overlap: %v", bad)
	}
	if w.Selected() != "vnet:vnet2" {
		t.Errorf("the VNet just added is not selected: %q", w.Selected())
	}
	w.Do(Select{Key: "vnet:vnet2"})
	w.Do(PaletteAdd{Kind: kinds.Subnet})
	subnets := func(vnet string) int {
		for _, v := range w.Snap().Doc.Topology.VNets {
			if v.ID == vnet {
				return len(v.Subnets)
			}
		}
		return -1
	}
	if subnets("vnet2") != 2 || subnets("vnet1") != 1 {
		t.Errorf("Enter on Subnet with vnet2 selected: vnet1 %d, vnet2 %d subnets", subnets("vnet1"), subnets("vnet2"))
	}
	// A subnet selected: a VM goes into it; a subnet goes into its VNet.
	w.Do(Select{Key: "subnet:vnet1/default"})
	w.Do(PaletteAdd{Kind: kinds.VM})
	if vms := w.Snap().Doc.Topology.VMs; len(vms) != 1 || vms[0].NICs[0].Subnet != "vnet1/default" {
		t.Errorf("VM added into %+v", vms)
	}
	w.Do(Select{Key: "subnet:vnet1/default"})
	w.Do(PaletteAdd{Kind: kinds.Subnet})
	if subnets("vnet1") != 2 {
		t.Error("Enter on Subnet with a subnet selected did not add to its VNet")
	}
	// Nothing selected: nothing added, and the notice says what to select.
	w.Do(Select{})
	before := w.Session().Version()
	w.Do(PaletteAdd{Kind: kinds.Subnet})
	if w.Session().Version() != before || !w.Notice().Err || !strings.Contains(w.Notice().Text, "Select a virtual network first") {
		t.Errorf("with nothing selected: version %d→%d, notice %q", before, w.Session().Version(), w.Notice().Text)
	}
	w.Do(Select{Key: "vnet:vnet1"})
	w.Do(PaletteAdd{Kind: kinds.ERGateway})
	if !strings.Contains(w.Notice().Text, "Added an ExpressRoute gateway") {
		t.Errorf("notice %q", w.Notice().Text)
	}
}

// TestDropBringsTheNodeIntoView: a VNet dropped at the canvas' right edge
// is moved to free space and the view pans so that all of it, handle
// included, is inside the canvas.
func TestDropBringsTheNodeIntoView(t *testing.T) {
	w, _ := startedWS(t)
	edge := canvas.Point{X: screen.X + screen.W - 10, Y: screen.Y + 200}
	w.Do(PaletteDown{Kind: kinds.VNet, At: canvas.Point{X: 20, Y: 200}, Screen: screen, Pointer: 1})
	w.Do(PointerMove{At: edge, Pointer: 1})
	w.Do(PointerUp{At: edge, Pointer: 1})
	n, ok := w.Snap().Scene.Node("vnet:vnet1")
	if !ok {
		t.Fatal("the VNet was not added")
	}
	v := w.View()
	tl := v.ToScreen(canvas.Point{X: n.Box.X, Y: n.Box.Y})
	br := v.ToScreen(canvas.Point{X: n.Box.X + n.Box.W + canvas.HandleRadius, Y: n.Box.Y + n.Box.H})
	if tl.X < 0 || tl.Y < 0 || br.X > screen.W || br.Y > screen.H {
		t.Errorf("the dropped VNet spans %v–%v on a %vx%v canvas", tl, br, screen.W, screen.H)
	}
}

// TestPasteSelectsTheCopiesInFreeSpace: copies land in free space (never
// over another node), get new names and free ranges, and become the
// selection, so Delete then removes the copies.
func TestPasteSelectsTheCopiesInFreeSpace(t *testing.T) {
	w, _ := open(t, "hub-spoke-firewall")
	w.Do(Select{Key: "vnet:spoke1"})
	w.Do(Copy{})
	if w.Notice().Text != "Copied 1 VNet" {
		t.Errorf("notice %q", w.Notice().Text)
	}
	w.Do(Paste{})
	w.Do(Paste{})
	if got := w.SelectedKeys(); len(got) != 1 || got[0] != "vnet:spoke1-copy-2" {
		t.Errorf("after two pastes the selection is %v, want the second copy", got)
	}
	if bad := overlapping(topBoxes(w)); len(bad) > 0 {
		t.Errorf("pasted copies overlap: %v", bad)
	}
	w.Do(DeleteSelection{})
	ids := kinds.MustOf(kinds.VNet).IDs(&w.Snap().Doc.Topology)
	if strings.Join(ids, ",") != "hub,spoke1,spoke1-copy,spoke2" {
		t.Errorf("after Delete: %v (the copy should go, the original stay)", ids)
	}
}

// TestEdgesNeverMoveNodes: adding or deleting a peering, an association
// or a connection moves no node, although the auto-layout of a built-in
// design depends on its peerings.
func TestEdgesNeverMoveNodes(t *testing.T) {
	w, _ := open(t, "hub-spoke-firewall")
	before := topBoxes(w)
	w.Do(Select{Key: "edge:peering:hub-spoke1"})
	w.Do(DeleteSelection{})
	w.Do(Connect{From: store.Ref{Kind: kinds.VNet, ID: "spoke1"}, To: store.Ref{Kind: kinds.VNet, ID: "spoke2"}})
	w.Do(Connect{From: store.Ref{Kind: kinds.RouteTable, ID: "rt-spokes"}, To: store.Ref{Kind: kinds.Subnet, ID: "hub/AzureFirewallSubnet"}})
	after := topBoxes(w)
	for k, b := range before {
		if a, ok := after[k]; ok && (a.X != b.X || a.Y != b.Y) {
			t.Errorf("%s moved from (%v, %v) to (%v, %v)", k, b.X, b.Y, a.X, a.Y)
		}
	}
}

// TestRenameFollowsEverywhere: a renamed VNet stays selected under its new
// name and its peerings follow; a renamed VM's walk, next-hop source and
// failure follow it; a refused name keeps the text and the reason.
func TestRenameFollowsEverywhere(t *testing.T) {
	w, _ := open(t, "hub-spoke-firewall")
	hub := store.Ref{Kind: kinds.VNet, ID: "hub"}
	w.Do(Select{Key: "vnet:hub"})
	w.Do(Rename{Ref: hub, Name: "-bad"})
	if typed, why, ok := w.RenameDraft(hub); !ok || typed != "-bad" || !strings.Contains(why, "must start with a letter or digit") {
		t.Errorf("refused rename: %q %q %v", typed, why, ok)
	}
	if !kinds.Exists(&w.Snap().Doc.Topology, hub) {
		t.Fatal("a refused rename changed the design")
	}
	w.Do(Rename{Ref: hub, Name: "core-hub"})
	if w.Selected() != "vnet:core-hub" {
		t.Errorf("selection after the rename: %q", w.Selected())
	}
	for _, p := range w.Snap().Doc.Topology.Peerings {
		if p.A.VNet != "core-hub" && p.B.VNet != "core-hub" {
			t.Errorf("peering %s does not follow the rename: %+v", p.ID, p)
		}
	}
	if _, _, ok := w.RenameDraft(hub); ok {
		t.Error("the refused text stayed after a good rename")
	}

	w.Do(PickWalk{From: "vm1/nic0", To: "vm2/nic0"})
	w.Do(NextHopDst{From: "vm1/nic0", Dst: "10.2.1.4"})
	w.Do(ToggleFailure{Failure: model.Failure{Kind: model.ApplianceDown, Target: "firewall"}})
	w.Do(Rename{Ref: store.Ref{Kind: kinds.VM, ID: "vm1"}, Name: "web"})
	w.Do(Rename{Ref: store.Ref{Kind: kinds.VM, ID: "firewall"}, Name: "fw"})
	if tr, from, _, ok := w.Walk(); !ok || from != "web/nic0" || tr.Flow.Src != "web/nic0" {
		t.Errorf("the walk after renaming its source: %v %q", ok, from)
	}
	if w.NextHop().From != "web/nic0" {
		t.Errorf("the next-hop tool's source: %q", w.NextHop().From)
	}
	if !w.Snap().Failed(model.ApplianceDown, "fw") {
		t.Errorf("the failed firewall's failure did not follow its rename: %v", w.Snap().Failures)
	}
	w.Do(Undo{})
	if !kinds.Exists(&w.Snap().Doc.Topology, store.Ref{Kind: kinds.VM, ID: "firewall"}) {
		t.Error("Undo did not bring the old name back")
	}
}

// TestKeyboardConnect: C on a selected VNet, N to the next candidate,
// Enter connects; Escape cancels.
func TestKeyboardConnect(t *testing.T) {
	w, _ := startedWS(t)
	for range 3 {
		w.Do(PaletteAdd{Kind: kinds.VNet})
	}
	w.Do(Select{Key: "vnet:vnet1"})
	w.Do(CanvasKey{Key: "c", Screen: screen})
	if g := w.Gesture(); g.Kind != GestureKeyConnect || g.Target != "vnet:vnet2" {
		t.Fatalf("after C: %+v", g)
	}
	w.Do(CanvasKey{Key: "n", Screen: screen})
	w.Do(CanvasKey{Key: "Enter", Screen: screen})
	if p := w.Snap().Doc.Topology.Peerings; len(p) != 1 || p[0].B.VNet != "vnet3" {
		t.Errorf("peerings after C, N, Enter: %+v", p)
	}
	w.Do(CanvasKey{Key: "c", Screen: screen})
	w.Do(Key{Key: "Escape"})
	if w.Gesture().Kind != GestureNone || len(w.Snap().Doc.Topology.Peerings) != 1 {
		t.Error("Escape did not cancel the keyboard connection")
	}
	// Alt+arrows move the selection one grid step.
	n0, _ := w.Snap().Scene.Node("vnet:vnet1")
	w.Do(CanvasKey{Key: "ArrowRight", Alt: true, Screen: screen})
	if n1, _ := w.Snap().Scene.Node("vnet:vnet1"); n1.Box.X != n0.Box.X+canvas.Grid {
		t.Errorf("Alt+ArrowRight moved vnet1 from %v to %v", n0.Box.X, n1.Box.X)
	}
	if tasks := w.Do(CanvasKey{Key: "F2", Screen: screen}); len(tasks) != 1 || tasks[0].Focus != "rename" {
		t.Errorf("F2 does not focus the rename field: %+v", tasks)
	}
}

func TestGlobalKeys(t *testing.T) {
	cases := []struct {
		k    Key
		want Action
	}{
		{Key{Key: "z", Ctrl: true}, Undo{}},
		{Key{Key: "Z", Ctrl: true, Shift: true}, Redo{}},
		{Key{Key: "y", Ctrl: true}, Redo{}},
		{Key{Key: "c", Ctrl: true}, Copy{}},
		{Key{Key: "v", Ctrl: true}, Paste{}},
		{Key{Key: "a", Ctrl: true}, SelectAll{}},
		{Key{Key: "Delete"}, DeleteSelection{}},
		{Key{Key: "Backspace"}, DeleteSelection{}},
		{Key{Key: "?"}, ToggleHelp{}},
		{Key{Key: "Delete", InField: true}, nil},
		{Key{Key: "q", Ctrl: true}, nil},
		{Key{Key: "x"}, nil},
	}
	for _, c := range cases {
		if got := c.k.action(); got != c.want {
			t.Errorf("%+v → %T, want %T", c.k, got, c.want)
		}
		if c.k.Handled() != (c.want != nil) {
			t.Errorf("%+v handled %v", c.k, c.k.Handled())
		}
	}
}

// TestKeysDoNothingBehindADialog (trustworthy editing): with a dialog
// over the page, Delete, Backspace, Ctrl+Z and the canvas' keys do nothing
// to the design behind it; Escape closes the dialog, and ? the shortcuts.
// Before, Delete pressed on the Scenarios dialog's buttons deleted the
// VNet selected behind it.
func TestKeysDoNothingBehindADialog(t *testing.T) {
	w, _ := open(t, "hub-spoke-firewall")
	w.Do(Select{Key: "vnet:spoke2"})
	v := w.Session().Version()
	for _, dialog := range []struct {
		name string
		open Action
	}{{"the Scenarios dialog", OpenLibrary{}}, {"the shortcuts", ToggleHelp{}}} {
		w.Do(dialog.open)
		for _, k := range []Action{Key{Key: "Delete"}, Key{Key: "Backspace"}, Key{Key: "z", Ctrl: true}, Key{Key: "v", Ctrl: true},
			CanvasKey{Key: "F2"}, CanvasKey{Key: "c"}} {
			if kk, ok := k.(Key); ok && w.Handles(kk) {
				t.Errorf("%s open: %+v is handled", dialog.name, kk)
			}
			w.Do(k)
		}
		if w.Session().Version() != v || w.Selected() != "vnet:spoke2" {
			t.Fatalf("%s open: the keys changed the design behind it (version %d → %d, selected %q)", dialog.name, v, w.Session().Version(), w.Selected())
		}
		w.Do(Key{Key: "Escape"})
		if w.DialogOpen() {
			t.Fatalf("Escape did not close %s", dialog.name)
		}
	}
	w.Do(ToggleHelp{})
	if !w.Handles(Key{Key: "?"}) {
		t.Error("? does not close the shortcuts")
	}
	w.Do(Key{Key: "?"})
	w.Do(Key{Key: "Delete"})
	if w.Session().Version() == v {
		t.Error("with no dialog open, Delete did not delete the selection")
	}
}

func TestPlain(t *testing.T) {
	cases := map[string]string{
		"VNet hub has no subnet named GatewaySubnet; gateways live there (rule:vpn-gateway.gateway-subnet)":                                        "VNet hub has no subnet named GatewaySubnet; gateways live there",
		`unknown VPN gateway SKU "X" (Basic, VpnGw1–5, VpnGw1AZ–5AZ, rule:vpn-gateway.sku-limits)`:                                                 `unknown VPN gateway SKU "X" (Basic, VpnGw1–5, VpnGw1AZ–5AZ)`,
		"coexist: GatewaySubnet must be /27 or larger, got /28 (rule:vpn-gateway.gateway-subnet-size, rule:expressroute.coexistence-requirements)": "coexist: GatewaySubnet must be /27 or larger, got /28",
		"should be /26 or larger (rule:route-server.subnet, section W)":                                                                            "should be /26 or larger",
		"should be /26 (rule:address-space.special-subnets, observed)":                                                                             "should be /26 (observed)",
		"Field note 004: the hub has an ExpressRoute gateway":                                                                                      "The hub has an ExpressRoute gateway",
		"Two hubs. Field note 3: the spokes peer with vm1":                                                                                         "Two hubs. The spokes peer with vm1",
		"hub and spoke1 (Field note 4: the hub's range)":                                                                                           "hub and spoke1 (the hub's range)",
		"routes F2 and rule:system-routes.default-set (rule:system-routes.default-set) stay":                                                       "routes and stay",
		"nothing to strip": "nothing to strip",
		"Field note 000's VPN designs. The branch hub": "The VPN designs. The branch hub",
		"as in field note 12's design":                 "as in the design",
		"Forwarded by a gateway, which needs no allowForwardedTraffic (rule:peering.gateway-forwarded-exempt)": "Forwarded by a gateway, which needs no allowForwardedTraffic",
		// A citation that opened a parenthesis before a semicolon, or that
		// a phrase led to ("inferred from"), leaves neither behind.
		"vnetplay models no SNAT on NVAs (rule:private-endpoints.return-snat; the bypass is inferred from rule:private-endpoints.asymmetric-return-trap)": "vnetplay models no SNAT on NVAs (the bypass is inferred)",
		"not through UDRs (inferred from rule:private-endpoints.asymmetric-return-trap; rule:private-endpoints.return-snat)":                              "not through UDRs (inferred)",
		"treats as blocking (section W; field reports say only the VirtualNetworkGateway)":                                                                "treats as blocking (field reports say only the VirtualNetworkGateway)",
		"the reply goes back (see rule:private-endpoints.return-snat). Then":                                                                              "the reply goes back. Then",
		"routes (a, rule:peering.not-transitive; b ; rule:route-selection.longest-prefix-first)":                                                          "routes (a; b)",
		"where it comes from (rule:peering.not-transitive) and why":                                                                                       "where it comes from and why",
	}
	// A fact number (made of its pieces: written whole, the repository's
	// citation checks would read it as one) opening a sentence.
	cases["F"+"12: hub 10.0.0.0/16 and spoke1"] = "Hub 10.0.0.0/16 and spoke1"
	// Lettered fact numbers (a P2S client's routes cited one).
	cases["gateway VNet hub (F"+"128a)"] = "gateway VNet hub"
	cases["peered VNet spoke1 uses this gateway (F"+"128b, rule:p2s.pushed-vnets)"] = "peered VNet spoke1 uses this gateway"
	cases["Windows needs a manual route (F"+"128d, F"+"128f)"] = "Windows needs a manual route"
	for in, want := range cases {
		if got := Plain(in); got != want {
			t.Errorf("Plain(%q)\n = %q\nwant %q", in, got, want)
		}
	}
}

// TestBuiltinTextsReadWhole: the built-in scenarios' titles and
// descriptions as the Scenarios dialog shows them (Plain) begin with a
// word: a citation taken out leaves nothing behind. The site-to-site VPN
// scenario's description read "'s VPN designs. The branch hub…" (its file
// says "Field note 000's VPN designs").
func TestBuiltinTextsReadWhole(t *testing.T) {
	for _, sc := range scenarios.All() {
		for _, text := range []string{sc.Title, sc.Description} {
			shown := Plain(text)
			if r, _ := utf8.DecodeRuneInString(shown); !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				t.Errorf("%s: the Scenarios dialog shows %.60q (from %.60q)", sc.Name, shown, text)
			}
			// A sentence begins with a capital when the file's did: taking
			// out "Field note 004:" left "the hub has…" (a lowercase word
			// after the citation).
			if r, _ := utf8.DecodeRuneInString(shown); unicode.IsLower(r) && !startsLower(text) {
				t.Errorf("%s: the Scenarios dialog shows %.60q, lowercase (from %.60q)", sc.Name, shown, text)
			}
		}
	}
}

// startsLower reports whether text begins with a lowercase letter.
func startsLower(text string) bool {
	r, _ := utf8.DecodeRuneInString(text)
	return unicode.IsLower(r)
}

// TestPlainSkipsOnlyWhatCitesNothing: mayCiteRules, Plain's quick test,
// is true for every text the rule-code expression matches in: the cases of
// TestPlain, every message of every built-in scenario's analysis, and
// random texts made of the pieces citations are made of.
func TestPlainSkipsOnlyWhatCitesNothing(t *testing.T) {
	var texts []string
	for _, sc := range scenarios.All() {
		texts = append(texts, sc.Title, sc.Description)
		w, _ := open(t, sc.Name)
		for _, d := range w.Snap().Diagnostics {
			texts = append(texts, d.Msg)
		}
	}
	// Fact numbers are made of their pieces ("F" then digits): written
	// whole, the repository's citation checks would read them as citations.
	pieces := []string{"rule:", "rule:vpn-gateway.gateway-subnet", "peering.x", "F", "f", "1", "12", "3", "section ", "section W", "Section W", "field note", "FIELD NOTE 4", "Field Note 004", "fIeLd nOtE 7", " ", "(", ")", ",", "–", "-", "x", "é", "İ"}
	r := rand.New(rand.NewPCG(3, 9))
	for range 20000 {
		var b strings.Builder
		for range 1 + r.IntN(8) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		texts = append(texts, b.String())
	}
	matched := 0
	for _, s := range texts {
		if ruleCode.MatchString(s) {
			matched++
			if !mayCiteRules(s) {
				t.Fatalf("%q cites %q, yet mayCiteRules says it cites nothing", s, ruleCode.FindString(s))
			}
		}
	}
	if matched < 1000 {
		t.Fatalf("only %d of %d texts cite rules: the check is too weak", matched, len(texts))
	}
}

func TestReachQuestion(t *testing.T) {
	w, _ := open(t, "nsg-evaluation-order")
	if FlowTitle(w.Flow()) != "TCP 443" {
		t.Errorf("default flow %q", FlowTitle(w.Flow()))
	}
	w.Do(SetPort{Port: "0"})
	if _, why, ok := w.PortDraft(); !ok || !strings.Contains(why, "1 to 65535") || w.Flow().Port != 443 {
		t.Errorf("port 0: %q %v, flow %+v", why, ok, w.Flow())
	}
	w.Do(SetPort{Port: "53"})
	w.Do(SetProtocol{Protocol: "udp"})
	if FlowTitle(w.Flow()) != "UDP 53" {
		t.Errorf("flow %q", FlowTitle(w.Flow()))
	}
	w.Do(PickWalk{From: "web1/nic0", To: "app/nic0"})
	tr, _, _, ok := w.Walk()
	if !ok || tr.Flow.Protocol != "Udp" || tr.Flow.DstPort != 53 {
		t.Errorf("the walk does not use the flow: %+v", tr.Flow)
	}
	w.Do(SetProtocol{Protocol: "GRE"})
	if !w.Notice().Err || w.Flow().Protocol != "Udp" {
		t.Error("an unknown protocol was taken")
	}
}

func TestPanels(t *testing.T) {
	w, _ := startedWS(t)
	w.Do(WindowSize{W: 1024, H: 700})
	if w.Panels().PaletteOpen() {
		t.Error("the palette is open on a 1024-pixel window")
	}
	w.Do(WindowSize{W: 1600, H: 900})
	if !w.Panels().PaletteOpen() {
		t.Error("the palette is folded on a wide window")
	}
	w.Do(TogglePalette{})
	w.Do(WindowSize{W: 1700, H: 900})
	if w.Panels().PaletteOpen() {
		t.Error("the user's choice to fold the palette did not hold")
	}
	w.Do(ResizeStart{Separator: SeparatorPanel, At: canvas.Point{X: 1200, Y: 300}, Size: 400, Pointer: 7})
	w.Do(PointerMove{At: canvas.Point{X: 1093, Y: 300}, Pointer: 7})
	w.Do(PointerUp{At: canvas.Point{X: 1093, Y: 300}, Pointer: 7})
	if got := w.Panels().PanelWidth; got != 500 {
		t.Errorf("dragging the separator 107 px left made the panel %v px wide, want 500 (snapped)", got)
	}
	w.Do(ResizeStart{Separator: SeparatorPanel, At: canvas.Point{X: 1000}, Size: 500, Pointer: 7})
	w.Do(PointerMove{At: canvas.Point{X: -5000}, Pointer: 7})
	if got := w.Panels().PanelWidth; got != 720 {
		t.Errorf("a huge drag gave %v px, want the 720 px maximum", got)
	}
	w.Do(OpenTab{Tab: "nonsense"})
	if w.Panels().Tab != TabRoutes {
		t.Error("an unknown tab was opened")
	}
}

// TestRenameTakesDerivedPeeringNames: the peerings vnetplay named after a
// VNet ("vnet1-vnet2") take its new name, with their what-if failures; a
// peering the user named keeps its name.
func TestRenameTakesDerivedPeeringNames(t *testing.T) {
	w, _ := startedWS(t)
	for range 3 {
		w.Do(PaletteAdd{Kind: kinds.VNet})
	}
	v := func(id string) store.Ref { return store.Ref{Kind: kinds.VNet, ID: id} }
	w.Do(Connect{From: v("vnet1"), To: v("vnet2")})
	w.Do(Connect{From: v("vnet3"), To: v("vnet1")})
	w.Do(Rename{Ref: store.Ref{Kind: kinds.Peering, ID: "vnet3-vnet1"}, Name: "to-hub"})
	w.Do(ToggleFailure{Failure: model.Failure{Kind: model.PeeringDown, Target: "vnet1-vnet2"}})
	w.Do(Rename{Ref: v("vnet1"), Name: "hub"})
	ids := kinds.MustOf(kinds.Peering).IDs(&w.Snap().Doc.Topology)
	if strings.Join(ids, ",") != "hub-vnet2,to-hub" {
		t.Errorf("peerings after renaming vnet1: %v", ids)
	}
	if !w.Snap().Failed(model.PeeringDown, "hub-vnet2") {
		t.Errorf("the failed peering's failure did not follow: %v", w.Snap().Failures)
	}
	if !strings.Contains(w.Notice().Text, "1 peering named after it") {
		t.Errorf("notice %q", w.Notice().Text)
	}
}

// TestTheInternetSitsAboveTheFirstVNet: in a new design the Internet is
// placed above what is drawn, not where it was before anything was.
func TestTheInternetSitsAboveTheFirstVNet(t *testing.T) {
	w, _ := startedWS(t)
	w.Do(PaletteDown{Kind: kinds.VNet, At: canvas.Point{X: 10, Y: 10}, Screen: screen, Pointer: 1})
	at := canvas.Point{X: screen.X + 300, Y: screen.Y + 400}
	w.Do(PointerUp{At: at, Pointer: 1})
	w.Do(PaletteAdd{Kind: kinds.VNet})
	sc := w.Snap().Scene
	inet, _ := sc.Node("internet:Internet")
	v1, _ := sc.Node("vnet:vnet1")
	if inet.Box.Y+inet.Box.H > v1.Box.Y || inet.Box.Y < v1.Box.Y-300 {
		t.Errorf("the Internet at %v, the first VNet at %v: want it just above", inet.Box, v1.Box)
	}
}

// TestUndoRenameFollowsBack (trustworthy editing): undoing a rename takes
// back to the old name what followed the new one — the what-if's failure
// of a peering named after the VNet, and the selection — and redoing it
// follows again; a selection elsewhere stays where it is. Before, the
// undo dropped the failure (its target gone) and cleared the selection.
func TestUndoRenameFollowsBack(t *testing.T) {
	w, _ := open(t, "hub-spoke-firewall")
	down := model.Failure{Kind: model.PeeringDown, Target: "hub-spoke1"}
	w.Do(ToggleFailure{Failure: down})
	w.Do(Select{Key: "vnet:spoke1"})
	w.Do(Rename{Ref: store.Ref{Kind: kinds.VNet, ID: "spoke1"}, Name: "spokeA"})
	if f := w.Session().Failures(); len(f) != 1 || f[0].Target != "hub-spokeA" || w.Selected() != "vnet:spokeA" {
		t.Fatalf("after the rename: failures %v, selected %q", f, w.Selected())
	}
	w.Do(Undo{})
	if f := w.Session().Failures(); len(f) != 1 || f[0] != down {
		t.Errorf("after the undo the failures are %v, want %v", f, down)
	}
	if w.Selected() != "vnet:spoke1" {
		t.Errorf("after the undo the selection is %q, want vnet:spoke1", w.Selected())
	}
	w.Do(Redo{})
	if f := w.Session().Failures(); len(f) != 1 || f[0].Target != "hub-spokeA" || w.Selected() != "vnet:spokeA" {
		t.Errorf("after the redo: failures %v, selected %q", w.Session().Failures(), w.Selected())
	}
	w.Do(Select{Key: "vnet:spoke2"})
	w.Do(Undo{})
	if w.Selected() != "vnet:spoke2" {
		t.Errorf("undoing the rename moved the selection from spoke2 to %q", w.Selected())
	}

	// The picked walk's endpoint renamed and the rename undone: the walk
	// stays, on the old name.
	w.Do(PickWalk{From: "vm1/nic0", To: "vm2/nic0"})
	w.Do(Rename{Ref: store.Ref{Kind: kinds.VM, ID: "vm1"}, Name: "vm1x"})
	if from, _, ok := w.PickedWalk(); !ok || from != "vm1x/nic0" {
		t.Fatalf("after the VM's rename the walk is from %q (%v)", from, ok)
	}
	w.Do(Undo{})
	if from, to, ok := w.PickedWalk(); !ok || from != "vm1/nic0" || to != "vm2/nic0" {
		t.Errorf("after the rename's undo the walk is %q → %q (%v)", from, to, ok)
	}
}

// TestUndoDeleteBringsBackItsFailure (trustworthy editing): deleting a
// failed component drops its failure (nothing to fail), and undoing the
// delete brings the failure back with the component. Before, the circuit
// came back no longer failed, the What-if describing another scenario
// (found by an exploratory pass).
func TestUndoDeleteBringsBackItsFailure(t *testing.T) {
	w, _ := open(t, "er-vpn-coexistence")
	circuit := model.Failure{Kind: model.CircuitDown, Target: "er-circuit"}
	tunnel := model.Failure{Kind: model.ConnectionDown, Target: "hub-s2s"}
	w.Do(ToggleFailure{Failure: circuit})
	w.Do(ToggleFailure{Failure: tunnel})
	key := w.Snap().SelectionKey(store.Ref{Kind: kinds.Circuit, ID: "er-circuit"})
	if key == "" {
		t.Fatal("no er-circuit on the canvas")
	}
	w.Do(Select{Key: key})
	w.Do(DeleteSelection{})
	_ = w.Snap()
	if f := w.Session().Failures(); len(f) != 1 || f[0] != tunnel {
		t.Fatalf("after the delete the failures are %v", f)
	}
	w.Do(Undo{})
	if f := w.Session().Failures(); !slices.Equal(f, []model.Failure{circuit, tunnel}) {
		t.Errorf("after the delete's undo the failures are %v, want %v and %v", f, circuit, tunnel)
	}
}

// TestRenameKeepsASelectionMadeSince: a name typed into the Inspector is
// committed when the field loses the focus, which a click on another
// resource does after the canvas has selected it; the selection stays on
// what was clicked, and a multiple selection that holds the renamed
// resource keeps the rest and follows the new name. Before, the rename
// selected the renamed resource alone: the next Delete or edit landed on it
// instead of the resource the user had just clicked.
func TestRenameKeepsASelectionMadeSince(t *testing.T) {
	w, _ := open(t, "hub-spoke-firewall")
	w.Do(Select{Key: "vnet:hub"})
	w.Do(Select{Key: "vnet:spoke2"}) // the click that takes the focus from the name field
	w.Do(Rename{Ref: store.Ref{Kind: kinds.VNet, ID: "hub"}, Name: "core"})
	if !kinds.Exists(&w.Snap().Doc.Topology, store.Ref{Kind: kinds.VNet, ID: "core"}) {
		t.Fatal("the rename was not applied")
	}
	if got := w.SelectedKeys(); !slices.Equal(got, []string{"vnet:spoke2"}) {
		t.Errorf("after renaming hub with spoke2 clicked since, the selection is %v, want [vnet:spoke2]", got)
	}

	w.Do(Select{Key: "vnet:spoke1"})
	w.Do(Select{Key: "vnet:core", Toggle: true})
	w.Do(Select{Key: "subnet:core/AzureFirewallSubnet", Toggle: true})
	w.Do(Rename{Ref: store.Ref{Kind: kinds.VNet, ID: "core"}, Name: "hub2"})
	want := []string{"vnet:spoke1", "vnet:hub2", "subnet:hub2/AzureFirewallSubnet"}
	if got := w.SelectedKeys(); !slices.Equal(got, want) {
		t.Errorf("after renaming a VNet of a multiple selection, the selection is %v, want %v", got, want)
	}
}

// TestPasteNoticeSaysWhatTheCopiesGot: a pasted route table has new names
// and no address space to free, and the notice says only what it got; a
// pasted VNet's notice says its address space is a free one. Before, a
// route table's paste said "with new names and free address spaces".
func TestPasteNoticeSaysWhatTheCopiesGot(t *testing.T) {
	w, _ := open(t, "hub-spoke-firewall")
	for _, c := range []struct{ key, want string }{
		{"route-table:rt-spokes", "Pasted 1 copy with a new name; the copy is selected"},
		{"vnet:spoke1", "Pasted 1 copy with a new name and a free address space; the copy is selected"},
	} {
		w.Do(Select{Key: c.key})
		w.Do(Copy{})
		w.Do(Paste{})
		if got := w.Notice().Text; got != c.want {
			t.Errorf("paste of %s: notice %q, want %q", c.key, got, c.want)
		}
	}
	w.Do(Select{Key: "vnet:spoke1"})
	w.Do(Select{Key: "vnet:spoke2", Toggle: true})
	w.Do(Copy{})
	w.Do(Paste{})
	if got, want := w.Notice().Text, "Pasted 2 copies with new names and free address spaces; the copies are selected"; got != want {
		t.Errorf("paste of two VNets: notice %q, want %q", got, want)
	}
}

// TestDeleteKeyOnAnItemChipRemovesTheItem: with an on-premises host, a
// P2S client or a resolver's endpoint selected on the canvas, the Delete
// key removes that element from its site, pool or resolver, which stays,
// and Ctrl+Z brings it back. Before, it deleted the whole site with its
// local network gateways and connections (the pool with every client, the
// resolver with both endpoints), as if the site had been selected.
func TestDeleteKeyOnAnItemChipRemovesTheItem(t *testing.T) {
	cases := []struct {
		scenario, key, notice string
		items                 func(*model.Topology) []string
		want                  string
	}{
		{"er-vpn-coexistence", "host:factory/plc", "Removed host plc from factory (Ctrl+Z to undo)",
			func(t *model.Topology) []string { return siteHosts(t, "factory") }, ""},
		{"p2s-hub-spoke", "p2s-client:hub-vpngw/laptop", "Removed P2S client laptop from hub-vpngw (Ctrl+Z to undo)",
			func(t *model.Topology) []string { return poolClients(t, "hub-vpngw") }, "mac"},
		{"private-endpoint-dns-hub-resolver", "dns-endpoint:dnsr/in", "Removed inbound endpoint in from dnsr (Ctrl+Z to undo)",
			func(t *model.Topology) []string { return resolverEndpoints(t, "dnsr") }, "out"},
	}
	for _, c := range cases {
		w, _ := open(t, c.scenario)
		before := w.Snap().Doc.Topology
		wantItems := strings.Join(c.items(&before), ",")
		w.Do(Select{Key: c.key})
		w.Do(Key{Key: "Delete"})
		after := w.Snap().Doc.Topology
		if got := strings.Join(c.items(&after), ","); got != c.want {
			t.Errorf("%s: after Delete the list is %q, want %q (notice %q)", c.key, got, c.want, w.Notice().Text)
		}
		if len(after.Sites) != len(before.Sites) || len(after.DNSResolvers) != len(before.DNSResolvers) || len(after.Connections) != len(before.Connections) || len(after.LocalNetworkGateways) != len(before.LocalNetworkGateways) {
			t.Errorf("%s: Delete took %d sites, %d resolvers, %d connections, %d local network gateways", c.key,
				len(before.Sites)-len(after.Sites), len(before.DNSResolvers)-len(after.DNSResolvers),
				len(before.Connections)-len(after.Connections), len(before.LocalNetworkGateways)-len(after.LocalNetworkGateways))
		}
		if w.Notice().Text != c.notice {
			t.Errorf("%s: notice %q, want %q", c.key, w.Notice().Text, c.notice)
		}
		w.Do(Undo{})
		undone := w.Snap().Doc.Topology
		if got := strings.Join(c.items(&undone), ","); got != wantItems {
			t.Errorf("%s: after Ctrl+Z the list is %q, want %q", c.key, got, wantItems)
		}
	}
}

func siteHosts(t *model.Topology, site string) []string {
	var out []string
	for _, s := range t.Sites {
		if s.ID == site {
			for _, h := range s.Hosts {
				out = append(out, h.ID)
			}
		}
	}
	return out
}

func poolClients(t *model.Topology, gw string) []string {
	var out []string
	for _, g := range t.Gateways {
		if g.ID == gw && g.VpnClientConfiguration != nil {
			for _, c := range g.VpnClientConfiguration.Clients {
				out = append(out, c.ID)
			}
		}
	}
	return out
}

func resolverEndpoints(t *model.Topology, id string) []string {
	var out []string
	for _, r := range t.DNSResolvers {
		if r.ID == id {
			for _, e := range r.InboundEndpoints {
				out = append(out, e.Name)
			}
			for _, e := range r.OutboundEndpoints {
				out = append(out, e.Name)
			}
		}
	}
	return out
}
