//go:build !(js && wasm)

package ui

import (
	"strings"
	"testing"

	"vnetplay/app/workspace"
)

// TestMatrixMarkup: the Reach matrix drawn from its markup holds, for
// each endpoint pair, a button with its action, its pair, its verdict and
// its words for a screen reader; the walk shown is marked after the
// render, not in the markup (so a pick does not draw the table again).
func TestMatrixMarkup(t *testing.T) {
	l := newLiveShell(t)
	l.do(workspace.OpenBuiltin{Name: "hub-spoke-firewall"}, workspace.OpenTab{Tab: workspace.TabReach})
	html := l.html()
	for _, want := range []string{`<table id="matrix" class="matrix">`, `<th scope="col" class="corner">from \ to</th>`,
		`data-act="walk" data-from="vm1/nic0" data-to="vm2/nic0" data-disposition="`, `aria-label="vm1/nic0 to vm2/nic0: `, `class="cell-self"`} {
		if !strings.Contains(html, want) {
			t.Errorf("the matrix lacks %s", want)
		}
	}
	l.do(workspace.PickWalk{From: "vm1/nic0", To: "vm2/nic0"})
	after := l.html()
	if !strings.Contains(after, `id="walk"`) {
		t.Fatal("picking vm1 → vm2 shows no walk")
	}
	table := func(h string) string {
		_, t, _ := strings.Cut(h, `<table id="matrix"`)
		t, _, _ = strings.Cut(t, "</table>")
		return t
	}
	if table(after) != table(html) || strings.Contains(table(after), pickedClass) {
		t.Error("picking a walk changed the matrix's markup")
	}
}
