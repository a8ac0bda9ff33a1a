package workspace

import (
	"strings"
	"testing"
)

// TestDeleteSaysWhatWentWithIt: the notice of a delete names, by kind,
// what went with the resources deleted, and says nothing more when nothing
// did. On the build before, deleting the hub of hub-spoke-firewall said
// only "Deleted hub": its subnet, the firewall VM in it and both peerings
// to the spokes went without a word.
func TestDeleteSaysWhatWentWithIt(t *testing.T) {
	w, _ := open(t, "hub-spoke-firewall")
	w.Do(Select{Key: "vnet:hub"})
	w.Do(DeleteSelection{})
	if got, want := w.Notice().Text, "Deleted hub with 1 subnet, 1 VM and 2 peerings (Ctrl+Z to undo)"; got != want {
		t.Errorf("deleting the hub: notice %q, want %q", got, want)
	}
	w.Do(Undo{})
	w.Do(Select{Key: "route-table:rt-spokes"})
	w.Do(DeleteSelection{})
	if got, want := w.Notice().Text, "Deleted rt-spokes (Ctrl+Z to undo)"; got != want {
		t.Errorf("deleting the route table: notice %q, want %q", got, want)
	}
	w.Do(Undo{})
	w.Do(Select{Key: "vnet:spoke1"})
	w.Do(Select{Key: "vnet:spoke2", Toggle: true})
	w.Do(DeleteSelection{})
	if got := w.Notice().Text; !strings.HasPrefix(got, "Deleted 2 resources with 2 subnets, 2 VMs and 2 peerings") {
		t.Errorf("deleting both spokes: notice %q", got)
	}
	w.Do(Undo{})
	// A resource drawn as a variant of its kind (the firewall, an NVA) is
	// not counted as gone with itself.
	w.Do(Select{Key: "vm:firewall"})
	w.Do(DeleteSelection{})
	if got, want := w.Notice().Text, "Deleted firewall (Ctrl+Z to undo)"; got != want {
		t.Errorf("deleting the firewall: notice %q, want %q", got, want)
	}

	w, _ = open(t, "er-vpn-coexistence")
	var gw string
	for _, n := range w.Snap().Scene.Nodes {
		if strings.HasPrefix(n.Key, "vpn-gateway:") {
			gw = n.Key
		}
	}
	if gw == "" {
		t.Fatal("er-vpn-coexistence draws no VPN gateway")
	}
	w.Do(Select{Key: gw})
	w.Do(DeleteSelection{})
	if got := w.Notice().Text; strings.Contains(got, "with 1 gateway") || !strings.Contains(got, "connection") {
		t.Errorf("deleting %s: notice %q, want its connections named and not itself", gw, got)
	}
}

// TestUndoDeleteSelectsWhatItBringsBack: undoing a delete selects what it
// brings back, as it was selected (a resource drawn as a variant of its
// kind under the same key); redoing it leaves nothing selected. On the
// build before, nothing was selected after the undo.
func TestUndoDeleteSelectsWhatItBringsBack(t *testing.T) {
	w, _ := open(t, "hub-spoke-firewall")
	for _, keys := range [][]string{{"vnet:spoke1", "vnet:spoke2"}, {"vm:firewall"}, {"route-table:rt-spokes"}} {
		for i, k := range keys {
			w.Do(Select{Key: k, Toggle: i > 0})
		}
		want := strings.Join(w.SelectedKeys(), " ")
		if want == "" {
			t.Fatalf("%v: nothing selected", keys)
		}
		w.Do(DeleteSelection{})
		if len(w.SelectedKeys()) != 0 {
			t.Fatalf("%v: still selected after the delete: %v", keys, w.SelectedKeys())
		}
		w.Do(Undo{})
		if got := strings.Join(w.SelectedKeys(), " "); got != want {
			t.Errorf("%v: after the undo %q is selected, want %q", keys, got, want)
		}
		w.Do(Redo{})
		if len(w.SelectedKeys()) != 0 {
			t.Errorf("%v: selected after the redo: %v", keys, w.SelectedKeys())
		}
		w.Do(Undo{})
	}
}
