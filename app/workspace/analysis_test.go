package workspace

import (
	"testing"

	"vnetplay/app/store"
)

// TestDeferredAnalysis: with DeferAnalysis an edit leaves the design drawn
// and the results updating, with one Analyse task however many edits come
// before it runs; the task settles the results; a refused value is still
// refused at once; a question asked of the results (the next hop) is
// answered for the design on screen.
func TestDeferredAnalysis(t *testing.T) {
	w, st := open(t, "hub-spoke-firewall")
	w.Do(OpenTab{Tab: TabChallenge})
	w.Do(EditChallenge{On: true}) // the authoring form reads the page's analysis (pagePlaneWanted)
	w.Do(DeferAnalysis{})
	hub := store.Ref{Kind: "vnet", ID: w.Snap().Doc.Topology.VNets[0].ID}
	plane := w.Snap().Plane
	t1 := w.Do(SetProperty{Ref: hub, Path: "location", Value: "region1"})
	t2 := w.Do(SetProperty{Ref: hub, Path: "location", Value: "region2"})
	asked := func(ts []Task) int {
		n := 0
		for _, t := range ts {
			if t.Analyse {
				n++
			}
		}
		return n
	}
	if asked(t1) != 1 || asked(t2) != 0 {
		t.Fatalf("Analyse tasks: %d then %d, want 1 then 0", asked(t1), asked(t2))
	}
	if !w.Updating() || w.Snap().Plane != plane || w.Snap().Doc.Topology.VNets[0].Location != "region2" {
		t.Fatalf("after two edits: updating %v, same plane %v", w.Updating(), w.Snap().Plane == plane)
	}
	w.Settle(st, append(t1, t2...)) // the Analyse, and the panels' questions
	if w.Updating() || w.Snap().Plane == plane || w.Snap().Pending() {
		t.Fatal("Analyse left the results updating")
	}
	if ts := w.Do(Analyse{}); len(ts) != 0 || w.Updating() {
		t.Fatal("a second Analyse did something")
	}

	// A bad prefix is refused at once, without the engine.
	w.Do(SetProperty{Ref: hub, Path: "addressSpace.addressPrefixes", Value: "10.0.0.0/33"})
	if _, msg, refused := w.Refused(hub, "addressSpace.addressPrefixes"); !refused || msg == "" || w.Updating() {
		t.Fatalf("a bad prefix: refused %v (%q), updating %v", refused, msg, w.Updating())
	}

	// The next hop asked while updating is the new design's.
	ts := w.Do(SetProperty{Ref: hub, Path: "location", Value: "region3"})
	if asked(ts) != 1 || !w.Updating() {
		t.Fatal("no analysis asked after a later edit")
	}
	nics := w.Snap().Plane.NICs()
	if len(nics) == 0 {
		t.Fatal("no NIC")
	}
	w.Do(OpenTab{Tab: TabRoutes}) // where the tool is: the engine's worker answers it
	w.Do(NextHopFrom{NIC: nics[0]})
	w.Settle(st, w.Do(NextHopDst{Dst: "10.0.0.4"})) // no worker: answered in the page
	want := nextHopOf(fullAnalysis(t, w), NextHopQuestion{From: nics[0], Dst: "10.0.0.4"})
	if nh := w.NextHop(); nh.Answer == "" || nh.Answer != want.Answer {
		t.Fatalf("the next hop: %q, want the edited design's %q", nh.Answer, want.Answer)
	}
	w.Do(OpenTab{Tab: TabChallenge})
	// A design opened is drawn first too (once the Analyse asked for the
	// last edit has run: one is out at a time), its panels updating until
	// the engine answers them (here in the page: there is no worker).
	w.Settle(st, []Task{{Analyse: true}})
	ts = w.Do(OpenBuiltin{Name: "peering-flags"})
	if !w.Snap().Pending() || !w.Updating() || len(w.Snap().Scene.Nodes) == 0 {
		t.Fatalf("an opened design: pending %v, updating %v", w.Snap().Pending(), w.Updating())
	}
	w.Settle(st, ts)
	if o, current := w.Overview(); w.Updating() || !current || len(o.Endpoints) == 0 {
		t.Fatalf("the opened design's panels: updating %v, the overview current %v with %d endpoints", w.Updating(), current, len(o.Endpoints))
	}
	w.Do(DeferAnalysis{Off: true})
	w.Do(SetProperty{Ref: hub, Path: "location", Value: "region4"})
	if w.Updating() {
		t.Fatal("an immediate workspace left an edit pending")
	}
}
