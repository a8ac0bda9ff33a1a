//go:build !(js && wasm)

package ui

import (
	"slices"
	"strings"
	"testing"

	"vnetplay/app/workspace"
)

const namesBlob = "stvnetplay.blob.core.windows.net"

// TestNamesPanel: the Names tab sits after Reach; its matrix colours vm1's
// answer for the storage account green and vm2's amber; a picked cell shows
// its walk in words (no rule codes) and draws it on the canvas only while
// the tab is open.
func TestNamesPanel(t *testing.T) {
	l := shellWith(t, "private-endpoint-dns-hub-resolver")
	html := l.html()
	ids := []string{}
	for _, tb := range workspace.Tabs() {
		ids = append(ids, tb.ID)
		if !strings.Contains(html, `id="tab-`+tb.ID+`"`) {
			t.Errorf("no tab button #tab-%s", tb.ID)
		}
	}
	if !slices.Equal(ids, []string{"routes", "reach", "names", "whatif", "checks", "challenge"}) {
		t.Errorf("tabs %v", ids)
	}
	if strings.Contains(html, `id="names-matrix"`) {
		t.Error("the Names matrix is drawn while its tab is closed")
	}
	l.do(workspace.OpenTab{Tab: workspace.TabNames})
	html = l.html()
	if !strings.Contains(html, `id="names-matrix"`) {
		t.Fatal("no Names matrix in the Names tab")
	}
	// Attributes come in any order: find each cell's button and check all.
	for _, want := range [][]string{
		{`data-from="vm1/nic0"`, `data-name="` + namesBlob + `"`, `data-tone="ok"`, `class="cell name-cell name-ok"`},
		{`data-from="vm2/nic0"`, `data-name="` + namesBlob + `"`, `data-tone="warn"`, `class="cell name-cell name-warn"`,
			`aria-label="vm2/nic0 resolves ` + namesBlob + `: 20.60.0.10 (public)"`},
	} {
		found := false
		for _, tag := range strings.Split(html, "<button")[1:] {
			tag, _, _ = strings.Cut(tag, ">")
			all := true
			for _, a := range want {
				all = all && strings.Contains(tag, a)
			}
			found = found || all
		}
		if !found {
			t.Errorf("no cell with %v", want)
		}
	}
	if strings.Contains(html, `id="names-walk"`) || strings.Contains(html, `id="names-path"`) {
		t.Error("a walk before a cell is picked")
	}
	l.do(workspace.PickName{From: "vm1/nic0", Name: namesBlob})
	html = l.html()
	for _, want := range []string{`id="names-walk"`, `id="names-steps"`, `id="names-path"`, `names-mark`, "inbound endpoint", "cell-picked"} {
		if !strings.Contains(html, want) {
			t.Errorf("with vm1's cell picked the page lacks %s", want)
		}
	}
	walk := html[strings.Index(html, `id="names-walk"`):]
	if code := ruleCodeIn(textOf(walk)); code != "" {
		t.Errorf("a rule code on screen: %q", code)
	}
	l.do(workspace.OpenTab{Tab: workspace.TabReach})
	if html := l.html(); strings.Contains(html, `id="names-path"`) || !strings.Contains(html, `id="names-overlay"`) {
		t.Error("the names walk is drawn with another tab open, or its layer is gone")
	}
}

// TestNamesHandlersActOnTheirSubject: as TestHandlersActOnTheirSubject, for
// the Names panel: after a cell is picked in one design and then another
// design is opened and another cell picked, every handler acts as a fresh
// render's does.
func TestNamesHandlersActOnTheirSubject(t *testing.T) {
	steps := [][]workspace.Action{
		{workspace.OpenBuiltin{Name: "private-endpoint-dns-hub-resolver"}, workspace.OpenTab{Tab: workspace.TabNames},
			workspace.PickName{From: "vm1/nic0", Name: namesBlob}},
		{workspace.OpenBuiltin{Name: "dns-does-not-flow-across-peering"}, workspace.PickName{From: "vm2/nic0", Name: "vm1"}},
	}
	stepwise, fresh := newLiveShell(t), newLiveShell(t)
	var all []workspace.Action
	for _, step := range steps {
		stepwise.do(step...)
		all = append(all, step...)
	}
	for _, a := range all {
		fresh.s.ws.Settle(fresh.st, fresh.s.ws.Do(a))
	}
	fresh.do()
	if !strings.Contains(stepwise.html(), `id="names-walk"`) {
		t.Fatal("no walk after the steps")
	}
	got, n := stepwise.fire(t)
	want, m := fresh.fire(t)
	if n < 20 || n != m {
		t.Fatalf("%d handlers after the steps, %d in the fresh render", n, m)
	}
	for k, w := range want {
		if g := got[k]; !slices.Equal(g, w) {
			t.Errorf("%s dispatched\n   %v\n want %v (an earlier subject's handler)", k, g, w)
		}
	}
	for k, g := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%s dispatched %v where the fresh render's handler dispatches nothing", k, g)
		}
	}
}
