//go:build !(js && wasm)

package ui

import (
	"strings"
	"testing"

	"vnetplay/app/kinds"
	"vnetplay/app/store"
	"vnetplay/app/workspace"
	"vnetplay/scenarios"
)

// TestChallengeTabAndPack: the Scenarios dialog lists the workshop pack,
// each challenge with its status; opening one shows the Challenge tab with
// its instructions (as Markdown), failing goals, the score, the first hint
// button and no completion; a plain design offers "Make a challenge".
func TestChallengeTabAndPack(t *testing.T) {
	l := shellWith(t, "hub-spoke-firewall")
	l.do(workspace.OpenTab{Tab: workspace.TabChallenge})
	if html := l.html(); !strings.Contains(html, `id="challenge-make"`) {
		t.Fatal("no Make a challenge on a plain design")
	}
	l.do(workspace.OpenLibrary{}, workspace.WorkshopProgress{})
	html := l.html()
	pack := scenarios.Workshop()
	// The pack's title names it a workshop already: the heading is the
	// title, not "Workshop: vnetplay workshop: …".
	if heading := `class="ch-pack-title">` + pack[0].PackTitle + "<"; !strings.Contains(html, heading) || strings.Contains(html, "Workshop: "+pack[0].PackTitle) {
		t.Errorf("the workshop pack's heading is not %q", heading)
	}
	if strings.Count(html, `class="ch-status"`) != len(pack) ||
		!strings.Contains(html, "not started") {
		t.Fatalf("the workshop pack in the dialog: %d statuses", strings.Count(html, `class="ch-status"`))
	}
	l.do(workspace.OpenChallenge{Name: pack[0].Name})
	html = l.html()
	for _, want := range []string{`id="challenge-instructions"`, `<strong class="md-strong">spoke1</strong>`, `data-pass="false"`,
		`id="challenge-score"`, "0 / 25", "Show a hint (1 of 3)", `class="ch-done"`} {
		if !strings.Contains(html, want) {
			t.Errorf("the student's view lacks %q", want)
		}
	}
	if strings.Contains(html, `class="ch-done is-on"`) || strings.Contains(html, `id="ch-goal-form"`) {
		t.Error("the completion or the authoring form shows to a student who has done nothing")
	}
	l.do(workspace.RevealHint{})
	if html := l.html(); !strings.Contains(html, "Show a hint (2 of 3)") || strings.Count(html, `class="ch-hint"`) != 1 {
		t.Error("a hint revealed: the button does not count on, or not one hint shows")
	}
}

// TestChallengeBlockedReadsOnce: a student who peers spoke1 with spoke2
// in challenge 01 reads, above the goals, the constraint's title and then
// why it is broken, set apart by a dash. The why came in a second pair of
// brackets after the title's own, one inside the other: "Do not add
// peerings (no spoke1–spoke2 peering) (new peering: spoke1-spoke2 (no
// peering may be added))".
func TestChallengeBlockedReadsOnce(t *testing.T) {
	l := shellWith(t, "")
	l.do(workspace.OpenChallenge{Name: scenarios.Workshop()[0].Name},
		workspace.Connect{From: store.Ref{Kind: kinds.VNet, ID: "spoke1"}, To: store.Ref{Kind: kinds.VNet, ID: "spoke2"}})
	html := l.html()
	i := strings.Index(html, `id="challenge-blocked"`)
	if i < 0 {
		t.Fatal("no #challenge-blocked")
	}
	if !strings.Contains(html, `class="ch-blocked is-on"`) {
		t.Fatal("the broken constraint is not shown above the goals")
	}
	banner := html[i:]
	banner = banner[strings.Index(banner, ">")+1 : strings.Index(banner, "</div>")]
	if !strings.Contains(banner, "spoke1–spoke2 peering) — new peering: spoke1-spoke2") || strings.Contains(banner, ") (") {
		t.Errorf("the banner reads %q", banner)
	}
}
