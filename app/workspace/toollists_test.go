package workspace

import (
	"slices"
	"testing"

	"vnetplay/app/kinds"
)

// TestToolListsFollowThePlane: the tools' lists are the data plane's NICs
// (and then its hybrid endpoints), the same slices while the plane is the
// same (so that a component holding one compares it at once), and new ones
// when an edit changes the plane.
func TestToolListsFollowThePlane(t *testing.T) {
	w, _ := open(t, "er-vpn-coexistence")
	plane := w.Snap().Plane
	nics, eps := w.ToolNICs(), w.ToolEndpoints()
	if !slices.Equal(nics, plane.NICs()) || !slices.Equal(eps, append(plane.NICs(), plane.HybridEndpoints()...)) || len(eps) == len(nics) {
		t.Fatalf("NICs %v, endpoints %v: not the plane's (NICs %v, hybrid %v)", nics, eps, plane.NICs(), plane.HybridEndpoints())
	}
	w.Do(Select{Key: "vnet:" + w.Snap().Doc.Topology.VNets[0].ID})
	if again := w.ToolNICs(); &again[0] != &nics[0] || &w.ToolEndpoints()[0] != &eps[0] {
		t.Error("the same plane gave new lists")
	}
	w.Do(Select{Key: "subnet:" + plane.Subnets()[0]})
	w.Do(PaletteAdd{Kind: kinds.VM})
	if w.Snap().Plane == plane {
		t.Fatal("adding a VM left the plane as it was: the test shows nothing")
	}
	if got := w.ToolNICs(); len(got) != len(nics)+1 || !slices.Equal(got, w.Snap().Plane.NICs()) {
		t.Errorf("after a VM added: %v, the plane has %v", got, w.Snap().Plane.NICs())
	}
	if got := w.ToolEndpoints(); len(got) != len(eps)+1 || !slices.Equal(got[:len(got)-len(w.Snap().Plane.HybridEndpoints())], w.ToolNICs()) {
		t.Errorf("endpoints after a VM added: %v", got)
	}
}
