package workspace

import (
	"slices"
	"testing"
)

// TestTabTarget: Tab and Shift+Tab cycle through a modal dialog's
// controls, from the last back to the first and from the first to the
// last; from the dialog itself or from outside it Tab goes to the first
// control and Shift+Tab to the last (WAI-ARIA dialog pattern). Tab from
// the last control of the Scenarios dialog went to the page behind.
func TestTabTarget(t *testing.T) {
	for _, c := range []struct {
		n, at int
		back  bool
		want  int
	}{
		{3, 0, false, 1}, {3, 2, false, 0}, {3, 0, true, 2}, {3, 1, true, 0},
		{3, -1, false, 0}, {3, -1, true, 2}, {1, 0, false, 0}, {1, 0, true, 0},
		{0, -1, false, -1}, {0, -1, true, -1}, {2, 7, false, 0},
	} {
		if got := TabTarget(c.n, c.at, c.back); got != c.want {
			t.Errorf("TabTarget(%d, %d, back=%v) = %d, want %d", c.n, c.at, c.back, got, c.want)
		}
	}
}

// TestTopDialog: the dialog on top is the one Escape closes first.
func TestTopDialog(t *testing.T) {
	w, _ := open(t, "hub-spoke-firewall")
	if d := w.TopDialog(); d != "" {
		t.Fatalf("a dialog on top of the bare page: %q", d)
	}
	w.Do(OpenLibrary{})
	if d := w.TopDialog(); d != libraryDialog {
		t.Errorf("with the Scenarios dialog open: %q", d)
	}
	w.showProblem("bad link")
	if d := w.TopDialog(); d != "problem" {
		t.Errorf("with a problem over the Scenarios dialog: %q", d)
	}
	if ts := w.Do(AckProblem{}); len(ts) != 1 || ts[0].Focus != libraryDialog {
		t.Errorf("the problem acknowledged: %+v, want the focus back on the Scenarios dialog", ts)
	}
	if d := w.TopDialog(); d != libraryDialog {
		t.Errorf("after the problem: %q", d)
	}
}

// TestShortcutsTakeAndGiveBackTheFocus: ? takes the focus to the
// shortcuts dialog and ? or Escape gives it back to where it was (the
// shortcuts never took it: Tab walked the page behind them).
func TestShortcutsTakeAndGiveBackTheFocus(t *testing.T) {
	w, _ := open(t, "hub-spoke-firewall")
	focus := func(ts []Task) []string {
		var ids []string
		for _, t := range ts {
			if t.Focus != "" {
				ids = append(ids, t.Focus)
			}
		}
		return ids
	}
	if got := focus(w.Do(Key{Key: "?", From: "canvas"})); !slices.Equal(got, []string{helpDialog}) || !w.Help() {
		t.Errorf("? focused %q", got)
	}
	if got := focus(w.Do(Key{Key: "?"})); !slices.Equal(got, []string{"canvas"}) || w.Help() {
		t.Errorf("? again focused %q", got)
	}
	w.Do(ToggleHelp{From: "help-toggle"})
	if got := focus(w.Do(Key{Key: "Escape"})); !slices.Equal(got, []string{"help-toggle"}) || w.Help() {
		t.Errorf("Escape focused %q", got)
	}
}
