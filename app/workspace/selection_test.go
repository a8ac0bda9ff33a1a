package workspace

import (
	"slices"
	"testing"

	"vnetplay/app/canvas"
	"vnetplay/app/kinds"
	"vnetplay/app/store"
)

// pointAt is the client point over the top-left corner of node key's box
// (10 by 6 in), for a press on it.
func pointAt(t *testing.T, w *Workspace, key string) canvas.Point {
	t.Helper()
	n, ok := w.Snap().Scene.Node(key)
	if !ok {
		t.Fatalf("no node %s", key)
	}
	v := w.View()
	return canvas.Point{X: screen.X + (n.Box.X+10)*v.Zoom + v.Pan.X, Y: screen.Y + (n.Box.Y+6)*v.Zoom + v.Pan.Y}
}

// TestPanelFollowsTheSelectionAtTheRelease: a press selects at once (the
// canvas marks it), but the side panel, whose Inspector is most of a
// press's drawing, shows the node pressed only at the release — after a
// drag rather than before its first move. Its Delete button deletes what
// it shows, and a click (press and release) shows the node as before.
func TestPanelFollowsTheSelectionAtTheRelease(t *testing.T) {
	w, _ := open(t, "hub-spoke-firewall")
	hub := store.Ref{Kind: kinds.VNet, ID: "hub"}
	spoke := store.Ref{Kind: kinds.VNet, ID: "spoke1"}
	w.Do(Select{Key: "vnet:hub"})
	if r, _ := w.ShownRef(); r != hub {
		t.Fatalf("after Select the panel shows %v, want the hub", r)
	}

	rev := w.PanelRev()
	at := pointAt(t, w, "vnet:spoke1")
	w.Do(PointerDown{At: at, Screen: screen, Pointer: 1})
	if sel, _ := w.SelectedRef(); sel != spoke || !w.IsSelected("vnet:spoke1") {
		t.Fatalf("the press selected %v, want spoke1", sel)
	}
	for i := 1; i <= 3; i++ {
		w.Do(PointerMove{At: canvas.Point{X: at.X + 20*float64(i), Y: at.Y + 10*float64(i)}, Pointer: 1})
		if r, _ := w.ShownRef(); r != hub || w.PanelRev() != rev || w.RoutesSubnet() != "" {
			t.Fatalf("move %d of the drag: the panel shows %v (rev %d, was %d), want the hub until the release", i, r, w.PanelRev(), rev)
		}
	}
	w.Do(PointerUp{At: canvas.Point{X: at.X + 60, Y: at.Y + 30}, Pointer: 1})
	if r, _ := w.ShownRef(); r != spoke || w.PanelRev() == rev {
		t.Fatalf("after the release the panel shows %v (rev %d), want spoke1 drawn again", r, w.PanelRev())
	}

	// While held, the Inspector's Delete deletes the hub it shows, not
	// the spoke pressed; the Delete key deletes the selection.
	w.Do(Select{Key: "vnet:hub"})
	w.Do(PointerDown{At: pointAt(t, w, "vnet:spoke1"), Screen: screen, Pointer: 1})
	w.Do(DeleteSelection{Shown: true})
	if _, err := w.Snap().Fields(hub); err == nil {
		t.Error("the Inspector's Delete, pressed while a pointer is held on spoke1, left the hub it showed")
	}
	if _, err := w.Snap().Fields(spoke); err != nil {
		t.Errorf("the Inspector's Delete of the hub deleted spoke1, the node pressed: %v", err)
	}
	w.Do(PointerCancel{})
	if r, ok := w.ShownRef(); ok || w.Selected() != "" {
		t.Errorf("after the delete and the cancel the panel shows %v, the selection is %q: want none", r, w.Selected())
	}

	// A click on a subnet: its routes are the Routes tab's at the release.
	w.Do(Undo{})
	sub := "subnet:spoke1/app"
	p := pointAt(t, w, sub)
	w.Do(PointerDown{At: p, Screen: screen, Pointer: 1})
	w.Do(PointerUp{At: p, Pointer: 1})
	if w.RoutesSubnet() == "" || w.Selected() != sub {
		t.Errorf("a click on %s: selection %q, the Routes tab's subnet %q", sub, w.Selected(), w.RoutesSubnet())
	}
}

// TestLiftedFromTheFirstMove: a press on a node lifts nothing, nor does a
// move that leaves it in its grid cell (a click's jitter); the first move
// that takes it from its place lifts it (and what moves with it) until the
// release.
func TestLiftedFromTheFirstMove(t *testing.T) {
	w, _ := open(t, "hub-spoke-firewall")
	at := pointAt(t, w, "vnet:spoke1")
	w.Do(PointerDown{At: at, Screen: screen, Pointer: 1})
	w.Do(PointerMove{At: canvas.Point{X: at.X + 1, Y: at.Y}, Pointer: 1})
	if l := w.Lifted(); l != nil {
		t.Fatalf("a press and a pixel's move lifted %v", l)
	}
	w.Do(PointerMove{At: canvas.Point{X: at.X + 60, Y: at.Y + 40}, Pointer: 1})
	if l := w.Lifted(); !slices.Contains(l, "vnet:spoke1") {
		t.Fatalf("the drag's first real move lifted %v, want spoke1", l)
	}
	w.Do(PointerUp{At: canvas.Point{X: at.X + 60, Y: at.Y + 40}, Pointer: 1})
	if l := w.Lifted(); l != nil {
		t.Errorf("after the release %v are still lifted", l)
	}
}

// TestAutosaveUnseenDuringADrag: while a drag is under way the autosave's
// timer sets itself again and changes nothing the page draws (Unseen, the
// panel's revision unmoved), so the page is not drawn for it; after the
// drop it saves, and is seen.
func TestAutosaveUnseenDuringADrag(t *testing.T) {
	w, _ := open(t, "hub-spoke-firewall")
	at := pointAt(t, w, "vnet:spoke1")
	w.Do(PointerDown{At: at, Screen: screen, Pointer: 1})
	w.Do(PointerMove{At: canvas.Point{X: at.X + 60, Y: at.Y + 40}, Pointer: 1})
	var timer Action = autosave{} // its timer fires (Settle drops timers)
	rev := w.PanelRev()
	again := w.Do(timer)
	if !w.Unseen() || w.PanelRev() != rev {
		t.Errorf("the autosave during the drag: unseen %v, panel revision %d → %d", w.Unseen(), rev, w.PanelRev())
	}
	if len(again) != 1 || again[0].Delay <= 0 {
		t.Errorf("the autosave during the drag did not set its timer again: %+v", again)
	}
	w.Do(PointerUp{At: canvas.Point{X: at.X + 60, Y: at.Y + 40}, Pointer: 1})
	saved := w.Do(timer)
	if w.Unseen() {
		t.Error("the autosave after the drop is unseen")
	}
	if len(saved) == 0 || saved[0].Storage == nil {
		t.Errorf("the autosave after the drop saved nothing: %+v", saved)
	}
}

// TestClickInAMultiSelectionSelectsTheNodeClicked: with hub and spoke1
// selected (Shift+click), a press on spoke1 keeps both, for a drag that
// moves them together; released where it was pressed (a click), only
// spoke1 stays selected and the panel shows it. A drag of the two keeps
// both selected. On the build before, the click kept both and the
// Inspector went on showing the hub the user had not clicked.
func TestClickInAMultiSelectionSelectsTheNodeClicked(t *testing.T) {
	w, _ := open(t, "hub-spoke-firewall")
	spoke := store.Ref{Kind: kinds.VNet, ID: "spoke1"}
	both := func() {
		w.Do(Select{Key: "vnet:hub"})
		w.Do(Select{Key: "vnet:spoke1", Toggle: true})
		if got := w.SelectedKeys(); !slices.Equal(got, []string{"vnet:hub", "vnet:spoke1"}) {
			t.Fatalf("Shift+click selected %v, want hub and spoke1", got)
		}
	}
	both()
	at := pointAt(t, w, "vnet:spoke1")
	w.Do(PointerDown{At: at, Screen: screen, Pointer: 1})
	if got := w.SelectedKeys(); len(got) != 2 {
		t.Fatalf("the press on spoke1 selected %v, want both still (a drag moves them together)", got)
	}
	w.Do(PointerUp{At: at, Pointer: 1})
	if got := w.SelectedKeys(); !slices.Equal(got, []string{"vnet:spoke1"}) {
		t.Errorf("a click on spoke1 among two selected leaves %v selected, want spoke1 alone", got)
	}
	if r, _ := w.ShownRef(); r != spoke {
		t.Errorf("after the click the panel shows %v, want spoke1", r)
	}

	both()
	at = pointAt(t, w, "vnet:spoke1")
	w.Do(PointerDown{At: at, Screen: screen, Pointer: 1})
	to := canvas.Point{X: at.X + 60, Y: at.Y + 40}
	w.Do(PointerMove{At: to, Pointer: 1})
	w.Do(PointerUp{At: to, Pointer: 1})
	if got := w.SelectedKeys(); len(got) != 2 {
		t.Errorf("after dragging the two, %v are selected, want both", got)
	}
}

// TestInspectorDeleteDeletesWhatItShows: with hub and spoke1 selected, the
// Inspector shows the hub and its Delete deletes the hub alone; the Delete
// key deletes the whole selection. On the build before, the Inspector's
// Delete (titled "Delete hub") deleted spoke1 too.
func TestInspectorDeleteDeletesWhatItShows(t *testing.T) {
	w, _ := open(t, "hub-spoke-firewall")
	hub := store.Ref{Kind: kinds.VNet, ID: "hub"}
	spoke := store.Ref{Kind: kinds.VNet, ID: "spoke1"}
	w.Do(Select{Key: "vnet:hub"})
	w.Do(Select{Key: "vnet:spoke1", Toggle: true})
	if r, _ := w.ShownRef(); r != hub {
		t.Fatalf("the panel shows %v, want the hub", r)
	}
	w.Do(DeleteSelection{Shown: true})
	if _, err := w.Snap().Fields(hub); err == nil {
		t.Error("the Inspector's Delete left the hub it showed")
	}
	if _, err := w.Snap().Fields(spoke); err != nil {
		t.Errorf("the Inspector's Delete of the hub deleted spoke1 too: %v", err)
	}

	w.Do(Undo{})
	w.Do(Select{Key: "vnet:hub"})
	w.Do(Select{Key: "vnet:spoke1", Toggle: true})
	w.Do(DeleteSelection{})
	for _, r := range []store.Ref{hub, spoke} {
		if _, err := w.Snap().Fields(r); err == nil {
			t.Errorf("the Delete key left %v of the selection", r)
		}
	}
}

// TestFindingOnAnItemSelectsItsChip: a finding about one on-premises host
// or P2S client selects that host's or client's chip, not its whole site or
// pool (the Delete key then removes the item, not the resource); a finding
// about the site itself, or an item the canvas draws no chip for, selects
// the resource.
func TestFindingOnAnItemSelectsItsChip(t *testing.T) {
	for _, c := range []struct{ scenario, path, want string }{
		{"er-vpn-coexistence", "sites[factory].hosts[plc]", "host:factory/plc"},
		{"er-vpn-coexistence", "sites[factory].hosts[plc].ipAddress", "host:factory/plc"},
		{"er-vpn-coexistence", "sites[factory].hosts[pl]", "on-prem:factory"},
		{"er-vpn-coexistence", "sites[factory].asn", "on-prem:factory"},
		{"p2s-hub-spoke", "virtualNetworkGateways[hub-vpngw].vpnClientConfiguration.clients[laptop]", "p2s-client:hub-vpngw/laptop"},
	} {
		w, _ := open(t, c.scenario)
		w.Do(SelectPath{Path: c.path})
		if got := w.sel.primary; got != c.want {
			t.Errorf("%s: selected %q, want %q", c.path, got, c.want)
		}
	}
}
