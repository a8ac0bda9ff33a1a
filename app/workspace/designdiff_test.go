package workspace

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"vnetplay/app/kinds"
	"vnetplay/app/store"
	"vnetplay/engine/diff"
	"vnetplay/engine/gen"
	"vnetplay/engine/scenario"
)

// savedCopy saves a copy of the open design (My scenarios' Duplicate) and
// returns its id.
func savedCopy(t *testing.T, w *Workspace) string {
	t.Helper()
	for _, m := range w.Library().Mine {
		if strings.HasSuffix(m.Name, "(copy)") {
			return m.ID
		}
	}
	t.Fatalf("no copy in My scenarios: %+v", w.Library().Mine)
	return ""
}

// TestDesignDiffAgainstASavedCopy: hub-spoke-firewall saved, then changed
// (spoke1's subnet loses its route table): Compare with the saved copy
// lists the subnet's changed property, the routes changed, and vm1 → vm2
// lost (it went through the firewall); closing the dialog forgets it.
func TestDesignDiffAgainstASavedCopy(t *testing.T) {
	w, st := startedWS(t)
	autosaved(t, w, st, w.Do(OpenBuiltin{Name: "hub-spoke-firewall"}))
	w.Settle(st, w.Do(DuplicateSaved{ID: w.Library().DocID}))
	id := savedCopy(t, w)

	w.Do(SetProperty{Ref: store.Ref{Kind: kinds.Subnet, ID: "spoke1/app"}, Path: "routeTable", Value: ""})
	tasks := w.Do(CompareSaved{ID: id})
	if d := w.DesignDiff(); !d.Shown || !d.Loading || !strings.HasSuffix(d.SavedName, "(copy)") {
		t.Fatalf("the dialog does not open at once: %+v", d)
	}
	w.Settle(st, tasks)
	d := w.DesignDiff()
	if d.Loading || d.Running || d.Err != "" || d.Skipped != "" || d.Changes == nil || d.Changes.Behaviour == nil {
		t.Fatalf("after the comparison: %+v", d)
	}
	c := d.Changes
	var subnet *diff.ResourceChange
	for i, r := range c.Resources {
		if r.ID == "spoke1/app" {
			subnet = &c.Resources[i]
		}
	}
	if subnet == nil || subnet.Change != diff.Changed || len(subnet.Properties) != 1 || subnet.Properties[0].Path != "routeTable" ||
		string(subnet.Properties[0].Before) != `"rt-spokes"` || len(subnet.Properties[0].After) != 0 {
		t.Errorf("the subnet's change: %+v (resources %+v)", subnet, c.Resources)
	}
	b := c.Behaviour
	if b.Counts.Routes == 0 || b.Counts.Lost == 0 {
		t.Errorf("behaviour: %+v", b.Counts)
	}
	var lost bool
	for _, p := range b.Pairs {
		if p.From == "vm1/nic0" && p.To == "vm2/nic0" && p.Change == diff.LostPair {
			lost = p.Before.Disposition != p.After.Disposition
		}
	}
	if !lost {
		t.Errorf("vm1 → vm2 is not listed lost: %+v", b.Pairs)
	}
	if d.Stale {
		t.Error("stale before any change")
	}
	w.Do(SetProperty{Ref: store.Ref{Kind: kinds.Subnet, ID: "spoke1/app"}, Path: "routeTable", Value: "rt-spokes"})
	if !w.DesignDiff().Stale {
		t.Error("not stale after the open design changed")
	}
	w.Do(CloseDesignDiff{})
	if d := w.DesignDiff(); d.Shown || d.Changes != nil {
		t.Errorf("after Close: %+v", d)
	}
}

// TestDesignDiffSame: a design compared with its own saved copy has no
// difference; a record that cannot be read says so.
func TestDesignDiffSame(t *testing.T) {
	w, st := startedWS(t)
	autosaved(t, w, st, w.Do(OpenBuiltin{Name: "hub-spoke-firewall"}))
	w.Settle(st, w.Do(DuplicateSaved{ID: w.Library().DocID}))
	id := savedCopy(t, w)
	w.Settle(st, w.Do(CompareSaved{ID: id}))
	d := w.DesignDiff()
	// Duplicate names the record "… (copy)", not the document inside.
	if d.Changes == nil || d.Changes.Behaviour == nil || !d.Changes.Empty() || d.Changes.Behaviour.Counts.Pairs == 0 {
		t.Errorf("a design against its copy: %+v", d.Changes)
	}
	w.Settle(st, w.Do(CompareSaved{ID: "no-such-design"}))
	if d := w.DesignDiff(); d.Err == "" || d.Changes != nil {
		t.Errorf("an unknown record: %+v", d)
	}
}

// TestDesignDiffSkipsBigDesigns: past DiffMaxEndpoints endpoints the
// behaviour is not compared, and the dialog says why; the documents are.
func TestDesignDiffSkipsBigDesigns(t *testing.T) {
	w, st := startedWS(t)
	autosaved(t, w, st, w.Do(OpenBuiltin{Name: "hub-spoke-firewall"}))
	id := w.Library().DocID
	w.Settle(st, w.Do(Import{Name: "big.json", Text: string(bigDesign(t, DiffMaxEndpoints+1))}))
	w.Settle(st, w.Do(CompareSaved{ID: id}))
	d := w.DesignDiff()
	if d.Changes == nil || d.Changes.Behaviour != nil || !strings.Contains(d.Skipped, "endpoints") || d.Running {
		t.Fatalf("a big design: %+v", d)
	}
	if len(d.Changes.Resources) == 0 {
		t.Error("the documents were not compared")
	}
}

// bigDesign is a hub and spokes design with n walk endpoints.
func bigDesign(t *testing.T, n int) []byte {
	t.Helper()
	b, err := scenario.EncodeFile(&scenario.Document{Name: "Big", Topology: gen.HubSpoke(n - 1)})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestEscapeClosesTheDialogOnTop: Escape closes the dialog on top and
// only it — the Changes dialog over the Scenarios dialog, then the
// Scenarios dialog; an import report — and keeps the selection behind
// them. On the build before, Escape over the Changes dialog closed the
// Scenarios dialog under it and left Changes open, and Escape over an
// import report cleared the selection behind it and left the report open.
func TestEscapeClosesTheDialogOnTop(t *testing.T) {
	w, st := startedWS(t)
	autosaved(t, w, st, w.Do(OpenBuiltin{Name: "hub-spoke-firewall"}))
	w.Settle(st, w.Do(DuplicateSaved{ID: w.Library().DocID}))
	id := savedCopy(t, w)
	w.Do(OpenLibrary{})
	w.Settle(st, w.Do(CompareSaved{ID: id}))
	if !w.DesignDiff().Shown || !w.Library().Open {
		t.Fatalf("the Changes dialog over the Scenarios dialog: diff %v, library %v", w.DesignDiff().Shown, w.Library().Open)
	}
	w.Do(Key{Key: "Escape"})
	if w.DesignDiff().Shown || !w.Library().Open {
		t.Errorf("after one Escape: Changes shown %v (want false), Scenarios open %v (want true)", w.DesignDiff().Shown, w.Library().Open)
	}
	w.Do(Key{Key: "Escape"})
	if w.DesignDiff().Shown || w.Library().Open {
		t.Errorf("after two: Changes shown %v, Scenarios open %v (want both closed)", w.DesignDiff().Shown, w.Library().Open)
	}

	text, err := os.ReadFile(filepath.Join("..", "..", "engine", "importer", "testdata", "arm-hubspoke.json"))
	if err != nil {
		t.Fatal(err)
	}
	w.Settle(st, w.Do(Import{Name: "arm-hubspoke.json", Text: string(text)}))
	w.Do(CloseImportReport{})
	w.Do(Select{Key: "vnet:vnet-hub"})
	w.Do(ShowImportReport{})
	if r, _ := w.ImportReport(); !r.Shown || w.Selected() != "vnet:vnet-hub" {
		t.Fatalf("the report over vnet-hub selected: shown %v, selected %q", r.Shown, w.Selected())
	}
	w.Do(Key{Key: "Escape"})
	if r, _ := w.ImportReport(); r.Shown || w.Selected() != "vnet:vnet-hub" {
		t.Errorf("after Escape: report shown %v (want false), selected %q (want vnet:vnet-hub)", r.Shown, w.Selected())
	}
	// A save conflict, drawn over everything, waits for its answer: Escape
	// closes nothing under it.
	w.Do(OpenLibrary{})
	w.lib.Conflict = true
	w.Do(Key{Key: "Escape"})
	if !w.Library().Open || !w.lib.Conflict || w.Selected() != "vnet:vnet-hub" {
		t.Errorf("Escape under a save conflict: Scenarios open %v, conflict %v, selected %q", w.Library().Open, w.lib.Conflict, w.Selected())
	}
}
