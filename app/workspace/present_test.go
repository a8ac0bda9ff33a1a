package workspace

import (
	"math"
	"strings"
	"testing"
)

// TestPresentation: Present zooms so the smallest canvas text is 16 px or
// more, centred on the selection (else the walk, else the design); Present
// again ends the mode and keeps the view; Focus re-centres.
func TestPresentation(t *testing.T) {
	if PresentZoom*smallestCanvasText < 16 {
		t.Fatalf("PresentZoom %.2f draws %.1f px text", PresentZoom, PresentZoom*smallestCanvasText)
	}
	w, _ := open(t, "hub-spoke-firewall")
	w.Do(Select{Key: "vnet:spoke2"})
	w.Do(TogglePresentation{Screen: screen})
	if !w.Presenting() || !strings.Contains(w.Notice().Text, "Presentation mode") {
		t.Fatalf("presenting %v, notice %q", w.Presenting(), w.Notice().Text)
	}
	v := w.View()
	n, _ := w.Snap().Scene.Node("vnet:spoke2")
	c := v.ToScreen(n.Box.Center())
	if v.Zoom != PresentZoom || math.Abs(c.X-screen.W/2) > 1 || math.Abs(c.Y-screen.H/2) > 1 {
		t.Errorf("view %+v puts spoke2's centre at %+v, want the screen's centre at zoom %.2f", v, c, PresentZoom)
	}
	// Entering the mode folds the palette: the canvas grows and the focus follows.
	wider := screen
	wider.W += 228
	w.Do(CanvasSize{Screen: wider})
	v = w.View()
	if c := v.ToScreen(n.Box.Center()); math.Abs(c.X-wider.W/2) > 1 {
		t.Errorf("after the canvas grew, spoke2's centre is at %+v, want x %.0f", c, wider.W/2)
	}
	w.Do(CanvasSize{Screen: screen})
	w.Do(Select{Key: ""})
	w.Do(PickWalk{From: "vm1/nic0", To: "vm2/nic0"})
	w.Do(FocusView{Screen: screen})
	a, _ := w.Snap().Scene.NICNode("vm1/nic0")
	b, _ := w.Snap().Scene.NICNode("vm2/nic0")
	if c := w.View().ToScreen(a.Box.Union(b.Box).Center()); math.Abs(c.X-screen.W/2) > 1 || math.Abs(c.Y-screen.H/2) > 1 {
		t.Errorf("Focus on the walk puts its centre at %+v", c)
	}
	before := w.View()
	w.Do(TogglePresentation{Screen: screen})
	if w.Presenting() || w.View() != before {
		t.Errorf("ending: presenting %v, view %+v (was %+v)", w.Presenting(), w.View(), before)
	}
}

// TestPresentationSaysWhatItCentres: entering presentation mode, the
// notice says what the view is on — the selection, the packet walk or
// the design's centre. On the build before, it said "the view is on the
// selection" with nothing selected, while the view showed the middle of
// the design.
func TestPresentationSaysWhatItCentres(t *testing.T) {
	w, _ := open(t, "hub-spoke-firewall")
	for _, c := range []struct {
		what string
		set  []Action
		want string
	}{
		{"nothing selected", nil, "the view is on the design's centre"},
		{"spoke2 selected", []Action{Select{Key: "vnet:spoke2"}}, "the view is on the selection"},
		{"a walk picked", []Action{Select{Key: ""}, PickWalk{From: "vm1/nic0", To: "vm2/nic0"}}, "the view is on the packet walk"},
	} {
		for _, a := range c.set {
			w.Do(a)
		}
		w.Do(TogglePresentation{Screen: screen})
		if got := w.Notice().Text; !strings.Contains(got, c.want) {
			t.Errorf("%s: notice %q, want %q", c.what, got, c.want)
		}
		w.Do(TogglePresentation{Screen: screen})
	}
}
