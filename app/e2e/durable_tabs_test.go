//go:build e2e && !(js && wasm)

package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestDurableEditHereBackAndForth: two tabs hand one design back and forth
// with "Edit here", each editing, undoing part of its edit, and handing
// over at once (within the autosave's 600 ms). Each new editor starts
// from what the other left, undo included; nothing is refused as a
// conflict; and after a reload the design holds every edit kept. A name
// still being typed in the editor's field when the other tab asks comes
// with the design.
func TestDurableEditHereBackAndForth(t *testing.T) {
	_, a, b := twoTabsOnOneDesign(t, 300, 250)
	spots := [][2]float64{{600, 250}, {900, 250}, {300, 450}, {600, 450}, {900, 450}, {300, 650}, {600, 650}, {900, 650}}
	editor, follower := a, b
	names := map[*browser]string{a: "the first tab", b: "the second tab"}
	want := 1
	for round := range 4 {
		// The editor adds two VNets and undoes the second.
		for i := range 2 {
			trDragTo(t, editor, "vnet", spots[2*round+i][0], spots[2*round+i][1])
			if _, ok := trWait[bool](t, editor, vnetCount+` === `+fmt.Sprint(want+i+1), 10*time.Second); !ok {
				t.Fatalf("round %d: %s did not add a VNet (it draws %d)", round, names[editor], eval[int](t, editor, vnetCount))
			}
		}
		trClick(t, editor, "#undo", "Undo")
		want++
		if _, ok := trWait[bool](t, editor, vnetCount+` === `+fmt.Sprint(want), 5*time.Second); !ok {
			t.Fatalf("round %d: Undo in %s left %d VNets, want %d", round, names[editor], eval[int](t, editor, vnetCount), want)
		}
		// At once, the other tab takes the design.
		trClick(t, follower, "#take-over", "Edit here")
		if _, ok := trWait[bool](t, follower, `document.getElementById('tab-banner') === null`, 10*time.Second); !ok {
			t.Fatalf("round %d: %s is still read-only after Edit here", round, names[follower])
		}
		if _, ok := trWait[bool](t, follower, vnetCount+` === `+fmt.Sprint(want), 10*time.Second); !ok {
			t.Fatalf("round %d: %s took the design over with %d VNets, want %d (the other tab's edit and undo)", round, names[follower], eval[int](t, follower, vnetCount), want)
		}
		if _, ok := trWait[bool](t, editor, `document.getElementById('tab-banner') !== null`, 10*time.Second); !ok {
			t.Fatalf("round %d: %s does not say it follows now", round, names[editor])
		}
		for _, tab := range []*browser{a, b} {
			if eval[bool](t, tab, `document.getElementById('conflict') !== null`) {
				t.Fatalf("round %d: %s shows a conflict: %s", round, names[tab], eval[string](t, tab, bannerText("conflict-text")))
			}
		}
		editor, follower = follower, editor
	}
	trSaved(t, editor, "every edit kept", `d.topology.vnets.length === `+fmt.Sprint(want))

	// A name typed into the editor's Inspector, not yet committed (no Enter,
	// no Tab) when the other tab asks for the design: the editor commits it
	// before it hands over. Before, the new editor started without it, and
	// the old one, now read-only, refused it when the field lost the focus.
	shown := eval[string](t, editor, `(() => { const c = document.getElementById('canvas').getBoundingClientRect();
		const n = [...document.querySelectorAll('#world [data-key^="vnet:"] > .node-box')].find(e => { const r = e.getBoundingClientRect();
			return r.left > c.left && r.right < c.right && r.top > c.top && r.bottom < c.bottom; });
		return n ? n.parentElement.dataset.key : ''; })()`)
	if shown == "" {
		t.Fatal("no VNet wholly on the editor's canvas to rename")
	}
	trSelectNode(t, editor, shown)
	trClick(t, editor, "#rename", "click the name field")
	editor.do(t, "type a new name", chromedp.Evaluate[chromedp.Void](`document.getElementById('rename').select()`), chromedp.KeyEvent("typed"))
	trClick(t, follower, "#take-over", "Edit here")
	if _, ok := trWait[bool](t, follower, `document.getElementById('tab-banner') === null && `+hasNode("vnet:typed"), 10*time.Second); !ok {
		t.Errorf("the name typed in the editing tab did not come with the design: the new editor draws %s",
			eval[string](t, follower, `[...document.querySelectorAll('#world [data-key^="vnet:"]')].map(e => e.dataset.key).join(' ')`))
	}
	editor, follower = follower, editor
	editor.screenshot(t, "edit-here-back-and-forth-editor")
	follower.screenshot(t, "edit-here-back-and-forth-follower")
	for _, tab := range []*browser{a, b} {
		if errs := tab.errors(); len(errs) > 0 {
			t.Errorf("%s: console errors %s", names[tab], strings.Join(errs, "; "))
		}
	}
}

// trashJS is a JS expression: the ids and scenarios of the records in the
// trash, read from IndexedDB.
const trashJS = `new Promise(res => { const r = indexedDB.open('vnetplay');
	r.onerror = () => res([]);
	r.onsuccess = () => { const txn = r.result.transaction(['trash']); const all = txn.objectStore('trash').getAll();
		txn.oncomplete = () => { r.result.close(); res((all.result || []).map(x => ({id: x.id, name: x.name, updated: Number(x.updated), scenario: x.scenario}))); }; }; })`

// trInTrash is the trashed record id (nil when it is not in the trash).
func trInTrash(t *testing.T, b *browser, id string) *trRecord {
	t.Helper()
	for _, r := range eval[[]trRecord](t, b, trashJS) {
		if r.ID == id {
			return &r
		}
	}
	return nil
}

// trDeleteRow deletes the saved design id in b's Scenarios dialog.
func trDeleteRow(t *testing.T, b *browser, id string) {
	t.Helper()
	if eval[bool](t, b, `document.getElementById('library') !== null`) {
		b.do(t, "close the Scenarios dialog", chromedp.KeyEvent(kb.Escape))
		poll[bool](t, b, "the Scenarios dialog closed", `document.getElementById('library') === null`)
	}
	trClick(t, b, "#scenarios", "Scenarios") // lists My scenarios again
	trNeed(t, b, `#my-scenarios tr[data-id="`+id+`"] .row-delete`, "the design's row")
	b.do(t, "accept any confirmation", chromedp.Evaluate[chromedp.Void](`window.confirm = () => true`))
	trClick(t, b, `#my-scenarios tr[data-id="`+id+`"] .row-delete`, "Delete")
	trNeed(t, b, `#trash tr[data-id="`+id+`"]`, "the deleted design in the trash")
}

// TestDurableDeletedInAnotherTab: a design deleted in one tab while another
// tab has it open. The tab that followed it, promoted to editor when the
// deleting tab lets it go, and a tab whose save was then refused and that
// chose "Drop my changes, show the saved version", both say the design was
// deleted and open a new one; the design stays in the trash as it was
// deleted, and what the tab does next is saved as a new design. On the
// build before, the tab went on showing the deleted design (and the
// dropped changes) as editable, and its next edit brought it back from the
// trash.
func TestDurableDeletedInAnotherTab(t *testing.T) {
	_, a, b := twoTabsOnOneDesign(t, 300, 250)
	id := trRecords(t, a)[0].ID

	// 1. The editing tab deletes the design the second tab follows.
	trDeleteRow(t, a, id)
	deletedJS := `/deleted in another tab/.test(` + bannerText("notice") + `)`
	if _, ok := trWait[bool](t, b, deletedJS+` && `+vnetCount+` === 0`, 10*time.Second); !ok {
		t.Errorf("the following tab, after the design was deleted: %d VNets, notice %q, banner %q", eval[int](t, b, vnetCount),
			eval[string](t, b, bannerText("notice")), eval[string](t, b, bannerText("tab-banner")))
	}
	b.screenshot(t, "deleted-in-another-tab-follower")
	trAddVNet(t, b, 600, 250, "vnet1")
	trSettle()
	if eval[bool](t, b, `document.getElementById('conflict') !== null`) {
		t.Errorf("an edit after the delete is refused: %s", eval[string](t, b, bannerText("conflict-text")))
	}
	if r := trInTrash(t, b, id); r == nil || strings.Count(r.Scenario, `"addressSpace"`) != 1 {
		t.Fatalf("the deleted design is no longer in the trash as it was deleted: %+v", r)
	}
	recs := trRecords(t, b)
	if len(recs) != 1 || recs[0].ID == id {
		t.Fatalf("the edit after the delete was not saved as a new design: records %+v", recs)
	}
	other := recs[0].ID

	// 2. A tab deletes the design another tab edits; that tab's next save
	// is refused; it drops its changes.
	trDeleteRow(t, a, other)
	if _, ok := trWait[bool](t, b, `document.getElementById('conflict') !== null || /deleted in another tab/.test(`+bannerText("notice")+`)`, 5*time.Second); ok {
		t.Log("the editing tab already says so")
	}
	if eval[bool](t, b, `document.getElementById('conflict') === null`) && eval[int](t, b, vnetCount) == 1 {
		trAddVNet(t, b, 600, 450, "vnet2")
	}
	if _, ok := trWait[bool](t, b, `document.getElementById('conflict') !== null`, 10*time.Second); ok {
		b.screenshot(t, "deleted-in-another-tab-conflict")
		trClick(t, b, "#take-theirs", "Drop my changes, show the saved version")
	}
	if _, ok := trWait[bool](t, b, deletedJS+` && `+vnetCount+` === 0`, 10*time.Second); !ok {
		t.Errorf("after Drop my changes of a deleted design: %d VNets, notice %q", eval[int](t, b, vnetCount), eval[string](t, b, bannerText("notice")))
	}
	b.screenshot(t, "deleted-in-another-tab-dropped")
	trAddVNet(t, b, 300, 450, "vnet1")
	trSettle()
	if r := trInTrash(t, b, other); r == nil || strings.Count(r.Scenario, `"addressSpace"`) != 1 {
		t.Errorf("the design deleted while edited is no longer in the trash as it was deleted: %+v", r)
	}
	var third string
	for _, r := range trRecords(t, b) {
		if r.ID == other || r.ID == id {
			t.Errorf("a deleted design came back from the trash: %q, %d VNets", r.Name, strings.Count(r.Scenario, `"addressSpace"`))
		} else {
			third = r.ID
		}
	}

	// 3. Deleted again while edited; the tab leaves the question
	// unanswered and a share link is put in its address bar: its version
	// is kept as "… (this tab)" (on the build before, it was dropped).
	trDeleteRow(t, a, third)
	trAddVNet(t, b, 600, 450, "vnet2")
	if _, ok := trWait[bool](t, b, `document.getElementById('conflict') !== null`, 10*time.Second); !ok {
		t.Fatalf("the save of a design deleted in another tab was not refused: notice %q", eval[string](t, b, bannerText("notice")))
	}
	shared := builtinDoc(t, "peering-flags")
	eval[bool](t, b, `(location.hash = `+quote(linkOf(t, shared))+`, true)`)
	poll[bool](t, b, "the link's design", titleJS+` === `+quote(shared.Name))
	b.screenshot(t, "deleted-in-another-tab-left-unanswered")
	if n := eval[string](t, b, bannerText("notice")); !strings.Contains(n, "(this tab)") {
		t.Errorf("the notice does not say where this tab's version went: %q", n)
	}
	trSettle()
	var kept []string
	for _, r := range trRecords(t, b) {
		if strings.Contains(r.Scenario, `"vnet2"`) {
			kept = append(kept, r.Name)
		}
	}
	if len(kept) != 1 || !strings.HasSuffix(kept[0], " (this tab)") {
		t.Errorf("the version whose save was refused, left unanswered, is saved as %q; want one design \"… (this tab)\"", kept)
	}
	a.noConsoleErrors(t)
	b.noConsoleErrors(t)
}

// TestDurableBuiltinOpenedTwice: a built-in opened, edited, and opened again
// at once (within the autosave's 600 ms): the second is a fresh copy, and
// the first copy keeps its edit, after a reload too.
func TestDurableBuiltinOpenedTwice(t *testing.T) {
	h := requireBrowser(t)
	srv := h.serve(t, h.site(t, "e2e-v1"), "127.0.0.1:0")
	b := h.browser(t)
	b.load(t, srv.URL+"/")
	b.openBuiltin(t, "isolated-vnets")
	before := eval[int](t, b, vnetCount)
	trSaved(t, b, "the copy", `d.topology.vnets.length === `+fmt.Sprint(before))
	first := trRecords(t, b)[0].ID
	trDragTo(t, b, "vnet", 520, 620)
	poll[bool](t, b, "the VNet added", vnetCount+` === `+fmt.Sprint(before+1))
	b.openBuiltin(t, "isolated-vnets")
	if n := eval[int](t, b, vnetCount); n != before {
		t.Errorf("the second copy draws %d VNets, want the built-in's %d", n, before)
	}
	trSettle()
	b.load(t, srv.URL+"/")
	recs := trRecords(t, b)
	if len(recs) != 2 {
		t.Fatalf("%d saved designs, want the two copies", len(recs))
	}
	for _, r := range recs {
		want := before
		if r.ID == first {
			want = before + 1
		}
		if got := strings.Count(r.Scenario, `"addressSpace"`); got != want {
			t.Errorf("the copy %s (%q) was saved with %d VNets, want %d", r.ID, r.Name, got, want)
		}
	}
	if n := eval[int](t, b, vnetCount); n != before {
		t.Errorf("after a reload the open design draws %d VNets, want the second copy's %d", n, before)
	}
}
