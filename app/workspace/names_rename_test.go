package workspace

import (
	"testing"

	"vnetplay/app/kinds"
	"vnetplay/app/store"
)

// TestRenameFollowsThePickedName: renaming the VM of the picked Names cell
// and the resolve tool's source keeps both on the renamed VM (they were
// dropped).
func TestRenameFollowsThePickedName(t *testing.T) {
	w, _ := open(t, "private-endpoint-dns-hub-resolver")
	w.Do(OpenTab{Tab: TabNames})
	w.Do(PickName{From: "vm1/nic0", Name: blobName})
	w.Do(ResolveSet{Field: ResolveFrom, Value: "vm1/nic0"})
	w.Do(ResolveSet{Field: ResolveName, Value: blobName})
	w.Do(Rename{Ref: store.Ref{Kind: kinds.VM, ID: "vm1"}, Name: "web"})
	w.Snap() // the analysis of the renamed design
	if from, name, ok := w.PickedName(); !ok || from != "web/nic0" || name != blobName {
		t.Errorf("picked cell after the rename: %q × %q (%v), want web/nic0 × %s", from, name, ok, blobName)
	}
	if nw, ok := w.NameWalk(); !ok || nw.Tone != ToneOK {
		t.Errorf("the walk after the rename: %+v (%v)", nw, ok)
	}
	if got := w.Resolve().From; got != "web/nic0" {
		t.Errorf("the resolve tool's source after the rename: %q", got)
	}
}
