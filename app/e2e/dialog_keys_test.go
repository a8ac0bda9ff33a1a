//go:build e2e && !(js && wasm)

package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestKeysDoNothingBehindADialog (trustworthy editing): keys pressed in a
// dialog do nothing to the design behind it. On the build before, Delete
// pressed on a button of the Scenarios dialog deleted the VNet selected
// behind it (the notice said "Deleted spoke2"), Backspace over the
// shortcuts likewise, and Ctrl+Z undid an edit behind the dialog.
func TestKeysDoNothingBehindADialog(t *testing.T) {
	b := requireBrowser(t).builtinApp(t, "hub-spoke-firewall")
	trSelectNode(t, b, "vnet:spoke2")
	spoke2 := `document.querySelector('#world [data-key="vnet:spoke2"]') !== null`

	b.do(t, "open the Scenarios dialog", chromedp.Click(chromedp.ID("scenarios")))
	trNeed(t, b, "#library-close", "the dialog's Close button")
	eval[bool](t, b, `(document.getElementById('library-close').focus(), true)`)
	b.do(t, "Delete, Backspace and Ctrl+Z on the dialog", chromedp.KeyEvent(kb.Delete), chromedp.KeyEvent(kb.Backspace),
		chromedp.KeyEvent("z", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	if !eval[bool](t, b, spoke2) {
		t.Errorf("keys pressed in the Scenarios dialog deleted spoke2 behind it (notice %q)", eval[string](t, b, `(document.querySelector('.notice') || {}).textContent || ''`))
	}
	b.do(t, "Escape", chromedp.KeyEvent(kb.Escape))
	poll[bool](t, b, "the dialog closed", `document.getElementById('library') === null`)

	trSelectNode(t, b, "vnet:spoke2")
	eval[bool](t, b, `(document.getElementById('canvas').focus(), true)`)
	b.do(t, "? for the shortcuts", chromedp.KeyEvent("?"))
	poll[bool](t, b, "the shortcuts", `document.querySelector('.overlay') !== null`)
	b.do(t, "Backspace over the shortcuts", chromedp.KeyEvent(kb.Backspace), chromedp.KeyEvent(kb.Delete))
	if !eval[bool](t, b, spoke2) {
		t.Error("keys pressed over the shortcuts deleted spoke2 behind them")
	}
	b.do(t, "? again", chromedp.KeyEvent("?"))
	poll[bool](t, b, "the shortcuts closed", `document.querySelector('.overlay') === null`)
	b.do(t, "Delete with no dialog", chromedp.KeyEvent(kb.Delete))
	poll[bool](t, b, "spoke2 deleted", `document.querySelector('#world [data-key="vnet:spoke2"]') === null`)
	b.noConsoleErrors(t)
}

// TestChecksWhileFailedKeepTheDesignsDiagnostics: with the firewall of
// hub-spoke-firewall failed (a what-if), the Checks tab does not call its
// expectation naming the firewall an error of the design. On the build
// before, it listed `"firewall" is not an endpoint…` at
// expect[spoke-to-hub-direct].to for as long as the firewall was failed.
func TestChecksWhileFailedKeepTheDesignsDiagnostics(t *testing.T) {
	b := requireBrowser(t).builtinApp(t, "hub-spoke-firewall")
	trSelectNode(t, b, "vm:firewall")
	trClick(t, b, "#fail-toggle", "Fail")
	trClick(t, b, "#tab-checks", "the Checks tab")
	poll[bool](t, b, "the diagnostics", `document.getElementById('diagnostics') !== null || document.querySelector('#tabpanel .empty') !== null`)
	poll[bool](t, b, "the failed design's answers", `document.getElementById('results-pane').getAttribute('aria-busy') !== 'true'`)
	if text := eval[string](t, b, `(document.getElementById('diagnostics') || {textContent: ''}).textContent`); strings.Contains(text, "is not an endpoint") {
		t.Errorf("the failed firewall made an expectation an error of the design: %s", text)
	}
	if !eval[bool](t, b, `document.getElementById('checks-intact') !== null`) {
		t.Error("the Checks tab does not say that its expectations are checked without the what-if's failures")
	}
	b.screenshot(t, "checks-while-failed")
}

// TestUndoRenameKeepsTheWhatIf (trustworthy editing): with a peering
// failed, renaming the VNet it is named after and undoing the rename keeps
// the peering failed and the VNet selected. On the build before, the undo
// dropped the failure (the What-if showed nothing failed) and the
// Inspector fell back to the design's summary.
func TestUndoRenameKeepsTheWhatIf(t *testing.T) {
	b := requireBrowser(t).builtinApp(t, "hub-spoke-firewall")
	trSelectEdge(t, b, "peering:hub-spoke1")
	trClick(t, b, "#fail-toggle", "Fail")
	poll[bool](t, b, "the peering failed", `document.getElementById('fail-toggle').textContent.includes('Restore')`)
	trSelectNode(t, b, "vnet:spoke1")
	trSet(t, b, "#rename", "spokeA")
	poll[bool](t, b, "spokeA", `document.querySelector('#inspector[data-ref="vnet spokeA"]') !== null`)
	eval[bool](t, b, `(document.activeElement.blur(), true)`)
	b.do(t, "Ctrl+Z", chromedp.KeyEvent("z", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	poll[bool](t, b, "spoke1 back on the canvas", `document.querySelector('#world [data-key="vnet:spoke1"]') !== null`)
	if !eval[bool](t, b, `document.querySelector('#inspector[data-ref="vnet spoke1"]') !== null`) {
		t.Error("after the undo spoke1 is not selected: the Inspector shows " + eval[string](t, b, `(document.getElementById('inspector') || {dataset: {}}).dataset.ref || 'no resource'`))
	}
	trSelectEdge(t, b, "peering:hub-spoke1")
	if _, ok := trWait[bool](t, b, `(document.getElementById('fail-toggle') || {textContent: ''}).textContent.includes('Restore')`, 5*time.Second); !ok {
		t.Error("after the undo the peering hub-spoke1 is no longer failed")
	}
	b.noConsoleErrors(t)
}

// TestUndoDeleteKeepsTheWhatIf (trustworthy editing): a failed circuit
// deleted and the delete undone comes back failed. On the build before,
// it came back working: the What-if silently described another scenario.
func TestUndoDeleteKeepsTheWhatIf(t *testing.T) {
	b := requireBrowser(t).builtinApp(t, "er-vpn-coexistence")
	trSelectNode(t, b, "er-circuit:er-circuit")
	trClick(t, b, "#fail-toggle", "Fail")
	poll[bool](t, b, "the circuit failed", `document.getElementById('fail-toggle').textContent.includes('Restore')`)
	eval[bool](t, b, `(document.getElementById('canvas').focus(), true)`)
	b.do(t, "Delete", chromedp.KeyEvent(kb.Delete))
	poll[bool](t, b, "the circuit deleted", `document.querySelector('#world [data-key="er-circuit:er-circuit"]') === null`)
	b.do(t, "Ctrl+Z", chromedp.KeyEvent("z", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	poll[bool](t, b, "the circuit back", `document.querySelector('#world [data-key="er-circuit:er-circuit"]') !== null`)
	trSelectNode(t, b, "er-circuit:er-circuit")
	if !eval[bool](t, b, `(document.getElementById('fail-toggle') || {textContent: ''}).textContent.includes('Restore')`) {
		t.Error("the circuit came back from the undo no longer failed")
	}
	b.noConsoleErrors(t)
}

// TestImportProblemTakesTheKeyboard: a refused import's alert ("Something
// is wrong … Nothing was changed.") has its OK button focused, and Escape
// dismisses the alert, not the Scenarios dialog under it. On the build
// before, the focus stayed on the top bar's Scenarios button behind the
// modal alert, and Escape closed the Scenarios dialog, leaving the alert
// up.
func TestImportProblemTakesTheKeyboard(t *testing.T) {
	b := requireBrowser(t).builtinApp(t, "hub-spoke-firewall")
	bad := filepath.Join(t.TempDir(), "bad-truncated.json")
	if err := os.WriteFile(bad, []byte(`{"format": "vnetplay/scenario", "version": 1, "topology": {"vnets": [`), 0o644); err != nil {
		t.Fatal(err)
	}
	b.do(t, "open the Scenarios dialog", chromedp.Click(chromedp.ID("scenarios")))
	b.do(t, "choose the broken file", chromedp.SetUploadFiles(chromedp.ID("import-file"), []string{bad}))
	poll[bool](t, b, "the alert", `document.getElementById('problem-ok') !== null`)
	if _, ok := trWait[bool](t, b, `document.activeElement && document.activeElement.id === 'problem-ok'`, 5*time.Second); !ok {
		t.Errorf("the focus is on %q, not the alert's OK", eval[string](t, b, `document.activeElement ? (document.activeElement.id || document.activeElement.tagName) : ''`))
	}
	b.do(t, "Escape", chromedp.KeyEvent(kb.Escape))
	if _, ok := trWait[bool](t, b, `document.getElementById('problem') === null`, 5*time.Second); !ok {
		t.Error("Escape left the alert up")
	}
	if eval[bool](t, b, `document.getElementById('library') === null`) {
		t.Error("Escape closed the Scenarios dialog under the alert")
	}
}

// TestEscapeClosesTheDialogOnTop: Escape closes the dialog on top — the
// Changes dialog of a comparison, then the Scenarios dialog under it; an
// Azure export's import report — and the focus follows: each dialog takes
// it when it opens and gives it back when it closes. On the build before,
// Escape over the Changes dialog closed the Scenarios dialog under it and
// left Changes up, and the import report stayed up whatever Escape was
// pressed; later, Changes and the import report opened with the focus
// left behind them.
func TestEscapeClosesTheDialogOnTop(t *testing.T) {
	b := requireBrowser(t).builtinApp(t, "hub-spoke-firewall")
	b.do(t, "open the Scenarios dialog", chromedp.Click(chromedp.ID("scenarios")))
	poll[bool](t, b, "duplicate the open design", `(() => { const x = document.querySelector('#my-scenarios .row-duplicate'); if (!x) return false; x.click(); return true; })()`)
	poll[bool](t, b, "compare with the copy", `(() => {
		const row = [...document.querySelectorAll('#my-scenarios tr[data-id]')].find(r => r.textContent.includes('(copy)'));
		if (!row) return false; row.querySelector('.row-compare').click(); return true; })()`)
	poll[bool](t, b, "the Changes dialog", `document.getElementById('design-diff-close') !== null`)
	focusIn(t, b, "design-diff", "the Changes dialog opened")
	b.do(t, "Escape", chromedp.KeyEvent(kb.Escape))
	if _, ok := trWait[bool](t, b, `document.getElementById('design-diff') === null`, 5*time.Second); !ok {
		t.Error("Escape left the Changes dialog up")
	}
	if eval[bool](t, b, `document.getElementById('library') === null`) {
		t.Error("Escape closed the Scenarios dialog under the Changes dialog")
	}
	focusIn(t, b, "library", "the Changes dialog closed")
	b.do(t, "Escape", chromedp.KeyEvent(kb.Escape))
	if _, ok := trWait[bool](t, b, `document.getElementById('library') === null`, 5*time.Second); !ok {
		t.Error("a second Escape left the Scenarios dialog up")
	}

	b.do(t, "open the Scenarios dialog", chromedp.Click(chromedp.ID("scenarios")))
	b.do(t, "choose az-hubspoke.json", chromedp.SetUploadFiles(chromedp.ID("import-file"),
		[]string{filepath.Join(requireBrowser(t).root, "engine", "importer", "testdata", "az-hubspoke.json")}))
	poll[bool](t, b, "the import report", `document.getElementById('import-report') !== null`)
	focusIn(t, b, "import-report", "the import report opened")
	b.screenshot(t, "import-report-before-escape")
	b.do(t, "Escape", chromedp.KeyEvent(kb.Escape))
	if _, ok := trWait[bool](t, b, `document.getElementById('import-report') === null`, 5*time.Second); !ok {
		t.Error("Escape left the import report up")
	}
	focusIn(t, b, "scenarios", "the import report closed")
	b.noConsoleErrors(t)
}

// focusIn checks, within 5 s, that the focus is on the element with id or
// in it (a dialog takes the focus when it opens, and gives it back).
func focusIn(t *testing.T, b *browser, id, when string) {
	t.Helper()
	js := `!!(document.activeElement && document.activeElement.closest('#` + id + `'))`
	if _, ok := trWait[bool](t, b, js, 5*time.Second); !ok {
		t.Errorf("when %s the focus is on %q, not in #%s", when, eval[string](t, b, `document.activeElement ? (document.activeElement.id || document.activeElement.tagName) : ''`), id)
	}
}

// TestScenariosDialogTakesTheKeyboard: the Scenarios dialog opened from
// the keyboard has the focus, so Tab walks its controls, not the page
// behind the overlay; Escape gives the focus back to the Scenarios
// button. On the build before, the focus stayed on the Scenarios button
// behind the dialog and Tab went on to Undo, Present and the title.
func TestScenariosDialogTakesTheKeyboard(t *testing.T) {
	b := requireBrowser(t).builtinApp(t, "hub-spoke-firewall")
	b.do(t, "focus Scenarios", chromedp.Evaluate[chromedp.Void](`document.getElementById('scenarios').focus()`))
	b.do(t, "Enter", chromedp.KeyEvent(kb.Enter))
	poll[bool](t, b, "the dialog", `document.getElementById('library') !== null`)
	inDialog := `!!(document.activeElement && document.activeElement.closest('#library'))`
	if _, ok := trWait[bool](t, b, inDialog, 5*time.Second); !ok {
		t.Errorf("the focus is on %q, not in the dialog", eval[string](t, b, `document.activeElement ? (document.activeElement.id || document.activeElement.tagName) : ''`))
	}
	for i := range 3 {
		b.do(t, "Tab", chromedp.KeyEvent(kb.Tab))
		if !eval[bool](t, b, inDialog) {
			t.Errorf("Tab %d took the focus to %q, behind the dialog", i+1, eval[string](t, b, `document.activeElement ? (document.activeElement.id || document.activeElement.tagName) : ''`))
			break
		}
	}
	b.do(t, "Escape", chromedp.KeyEvent(kb.Escape))
	poll[bool](t, b, "the dialog closed", `document.getElementById('library') === null`)
	if _, ok := trWait[bool](t, b, `document.activeElement && document.activeElement.id === 'scenarios'`, 5*time.Second); !ok {
		t.Errorf("after Escape the focus is on %q, not the Scenarios button", eval[string](t, b, `document.activeElement ? (document.activeElement.id || document.activeElement.tagName) : ''`))
	}
	b.noConsoleErrors(t)
}

// TestTabCyclesInTheDialogOnTop: Tab from the last control of the
// Scenarios dialog comes back to its first, Shift+Tab from the first goes
// to its last (the WAI-ARIA dialog pattern); the shortcuts dialog, opened
// with ? on the canvas, takes the focus, keeps it under Tab and gives it
// back to the canvas when ? closes it. On the build before, Tab from the
// Scenarios dialog's last control went to the page behind, and the
// shortcuts never took the focus.
func TestTabCyclesInTheDialogOnTop(t *testing.T) {
	b := requireBrowser(t).builtinApp(t, "hub-spoke-firewall")
	active := `document.activeElement ? (document.activeElement.id || document.activeElement.tagName + ' ' + document.activeElement.textContent.slice(0, 30)) : ''`
	controls := `[...document.querySelectorAll('#library a[href], #library button:not([disabled]), #library input:not([disabled]), #library select:not([disabled]), #library summary')].filter(e => e.getClientRects().length > 0)`
	trClick(t, b, "#scenarios", "the Scenarios button")
	poll[bool](t, b, "the dialog", `document.getElementById('library') !== null && document.activeElement && document.activeElement.closest('#library') !== null`)
	eval[bool](t, b, `(`+controls+`.at(-1).focus(), true)`)
	b.do(t, "Tab from the last control", chromedp.KeyEvent(kb.Tab))
	if !eval[bool](t, b, `document.activeElement === `+controls+`[0]`) {
		t.Errorf("Tab from the dialog's last control went to %q, not its first", eval[string](t, b, active))
	}
	b.screenshot(t, "dialog-tab-wraps-to-first")
	b.do(t, "Shift+Tab from the first control", chromedp.KeyEvent(kb.Tab, chromedp.KeyModifiers(chromedp.ModifierShift)))
	if !eval[bool](t, b, `document.activeElement === `+controls+`.at(-1)`) {
		t.Errorf("Shift+Tab from the dialog's first control went to %q, not its last", eval[string](t, b, active))
	}
	b.do(t, "Escape", chromedp.KeyEvent(kb.Escape))
	poll[bool](t, b, "the focus back on the Scenarios button", `document.getElementById('library') === null && document.activeElement.id === 'scenarios'`)

	eval[bool](t, b, `(document.getElementById('canvas').focus(), true)`)
	b.do(t, "? for the shortcuts", chromedp.KeyEvent("?"))
	if _, ok := trWait[bool](t, b, `document.activeElement && document.activeElement.closest('#help') !== null`, 5*time.Second); !ok {
		t.Errorf("the shortcuts opened with the focus on %q", eval[string](t, b, active))
	}
	for i := range 2 {
		b.do(t, "Tab", chromedp.KeyEvent(kb.Tab))
		if !eval[bool](t, b, `document.activeElement && document.activeElement.closest('#help') !== null`) {
			t.Errorf("Tab %d over the shortcuts went to %q", i+1, eval[string](t, b, active))
			break
		}
	}
	b.do(t, "? again", chromedp.KeyEvent("?"))
	if _, ok := trWait[bool](t, b, `document.getElementById('help') === null && document.activeElement.id === 'canvas'`, 5*time.Second); !ok {
		t.Errorf("the shortcuts closed with the focus on %q, not the canvas", eval[string](t, b, active))
	}
	b.noConsoleErrors(t)
}

// focusedJS is a JS expression naming the element with the focus.
const focusedJS = `document.activeElement ? (document.activeElement.id || document.activeElement.tagName) : ''`

// TestSaveConflictTakesTheKeyboard: the save conflict's question (another
// tab saved the design after this one last did), opened by a VNet dragged
// on the canvas, takes the focus when it opens, keeps Tab and Shift+Tab among its two buttons, and gives the focus
// back to the canvas, where it was, when answered from the keyboard. On the
// build before, the question opened with the focus left on the canvas
// behind its overlay.
func TestSaveConflictTakesTheKeyboard(t *testing.T) {
	b := requireBrowser(t).openApp(t)
	trAddVNet(t, b, 520, 320, "vnet1")
	trSaved(t, b, "the first VNet", `d.topology.vnets.length === 1`)
	// Another tab saves the design (one this tab did not hear from: it
	// was asleep): the stored record is a revision ahead.
	eval[bool](t, b, `new Promise(res => { const r = indexedDB.open('vnetplay');
		r.onsuccess = () => { const db = r.result, txn = db.transaction(['scenarios', 'meta'], 'readwrite');
			const last = txn.objectStore('meta').get('lastOpened');
			last.onsuccess = () => { const os = txn.objectStore('scenarios'), g = os.get(last.result.value);
				g.onsuccess = () => { const rec = g.result; rec.revision = (rec.revision || 0) + 1; os.put(rec); }; };
			txn.oncomplete = () => { db.close(); res(true); }; }; })`)
	// Working on the canvas: the VNet dragged (the canvas takes the
	// focus), saved when the drag ends.
	r := trRect(t, b, `#world [data-key="vnet:vnet1"] > .node-box`)
	x, y := r.X+r.W/2, r.Y+6 // its title bar
	drag(t, b, "drag vnet1", x, y, x+60, y+40)
	if was := eval[string](t, b, focusedJS); was != "canvas" && eval[bool](t, b, `document.getElementById('conflict') === null`) {
		t.Fatalf("after a drag on the canvas the focus is on %q, not the canvas", was)
	}
	poll[bool](t, b, "the save conflict", `document.getElementById('conflict') !== null`)
	focusIn(t, b, "conflict", "the save conflict opened")
	b.screenshot(t, "save-conflict-focus")
	inDialog := `!!(document.activeElement && document.activeElement.closest('#conflict'))`
	for i, back := range []bool{false, false, false, true, true} {
		key := chromedp.KeyEvent(kb.Tab)
		if back {
			key = chromedp.KeyEvent(kb.Tab, chromedp.KeyModifiers(chromedp.ModifierShift))
		}
		b.do(t, "Tab", key)
		if !eval[bool](t, b, inDialog) {
			t.Fatalf("Tab %d (back %v) took the focus to %q, behind the question", i+1, back, eval[string](t, b, focusedJS))
		}
	}
	eval[bool](t, b, `(document.getElementById('keep-mine').focus(), true)`)
	b.do(t, "Enter on Keep this tab's version as a copy", chromedp.KeyEvent(kb.Enter))
	poll[bool](t, b, "the question answered", `document.getElementById('conflict') === null`)
	if _, ok := trWait[bool](t, b, `document.activeElement && document.activeElement.id === 'canvas'`, 5*time.Second); !ok {
		t.Errorf("after the answer the focus is on %q, not the canvas where it was", eval[string](t, b, focusedJS))
	}
	trSaved(t, b, "this tab's version as a copy", `/ \(this tab\)$/.test(d.name)`)
	b.noConsoleErrors(t)
}
