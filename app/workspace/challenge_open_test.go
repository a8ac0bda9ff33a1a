package workspace

import (
	"os"
	"path/filepath"
	"testing"
)

// TestOpeningAChallengeShowsIt: a challenge file (imported, as a shared
// link opens it) opens on the Challenge tab; an ordinary design does not
// move the tab.
func TestOpeningAChallengeShowsIt(t *testing.T) {
	w, st := startedWS(t)
	w.Do(OpenTab{Tab: TabReach})
	text, err := os.ReadFile(filepath.Join("..", "..", "scenarios", "workshop", "01-peering-is-not-transitive.json"))
	if err != nil {
		t.Fatal(err)
	}
	w.Settle(st, w.Do(Import{Name: "01.json", Text: string(text)}))
	if w.Snap().Doc.Challenge == nil || w.Panels().Tab != TabChallenge {
		t.Fatalf("after opening a challenge the tab is %q", w.Panels().Tab)
	}
	w.Do(OpenTab{Tab: TabReach})
	w.Settle(st, w.Do(OpenBuiltin{Name: "hub-spoke-firewall"}))
	if w.Panels().Tab != TabReach {
		t.Errorf("an ordinary design moved the tab to %q", w.Panels().Tab)
	}
}
