//go:build e2e && !(js && wasm)

package e2e

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// armedJS is a JS expression: does the page ask before it is unloaded (a
// beforeunload listener cancels the event)?
const armedJS = `(() => { const e = new Event('beforeunload', {cancelable: true}); window.dispatchEvent(e); return e.defaultPrevented; })()`

// newerVersionJS opens vnetplay's database from a page at its version + 1,
// with an upgrade that changes nothing the app relies on (a newer build of
// vnetplay), as a newer build does: it closes its connection when a yet
// newer version asks. It says how the open went: "opened <version>",
// "blocked", or the error.
const newerVersionJS = `new Promise(res => {
	const probe = indexedDB.open('vnetplay');
	probe.onerror = () => res('error ' + probe.error.name);
	probe.onsuccess = () => { const v = probe.result.version; probe.result.close();
		const r = indexedDB.open('vnetplay', v + 1);
		let blocked = false;
		r.onupgradeneeded = () => { r.result.createObjectStore('newer-build-only', {keyPath: 'k'}); };
		r.onblocked = () => { blocked = true; };
		r.onerror = () => res('error ' + r.error.name);
		r.onsuccess = () => { window.newerDB = r.result; r.result.onversionchange = () => r.result.close();
			res(blocked ? 'blocked' : 'opened ' + r.result.version); }; }; })`

// TestDurableNewerVersionInAnotherTab: a vnetplay tab is open, with its
// design saved, when a newer build is opened in another tab and upgrades
// the database (simulated: the other tab opens it at the version + 1). The
// newer tab's upgrade goes on at once; the old tab says at once, in plain
// words, that a newer vnetplay was opened in another tab, that it can no
// longer save, where its design as last saved is and what to do, with
// Export JSON and Reload in the banner. An edit made there afterwards is
// marked not saved, no save is attempted (no "saved", no storage error,
// the stored design unchanged), Export JSON downloads the design with the
// edit, and the page asks before it is reloaded. The app opened again in a
// third tab (this build, older than the database) says it is the older
// version. On the build before, the old tab said nothing until its next
// save failed, then showed the generic storage problem with the browser's
// error and retried for ever, and let the page close without a word.
func TestDurableNewerVersionInAnotherTab(t *testing.T) {
	h := requireBrowser(t)
	srv := h.serve(t, h.site(t, "e2e-v1"), "127.0.0.1:0")
	b := h.browser(t)
	dir := b.allowDownloads(t)
	b.load(t, srv.URL+"/")
	trAddVNet(t, b, 520, 320, "vnet1")
	trSaved(t, b, "the first VNet", `d.topology.vnets.length === 1`)
	if eval[bool](t, b, armedJS) {
		t.Error("a tab whose changes are saved asks before it is unloaded")
	}

	newer, _ := b.newTab(t)
	newer.do(t, "a page of the site in another tab", chromedp.Navigate(srv.URL+"/web/icons/icon.svg"))
	start := time.Now()
	if got := eval[string](t, newer, newerVersionJS); got != "opened 3" {
		t.Fatalf("the newer version's open in the other tab: %s, want it opened at version 3 without waiting", got)
	}
	t.Logf("the newer version opened in %v", time.Since(start).Round(time.Millisecond))

	// At once, in plain words.
	supersededJS := bannerText("store-superseded-text")
	txt, ok := trWait[string](t, b, `(`+supersededJS+`) || false`, 2*time.Second)
	if !ok {
		t.Fatalf("2 s after the newer version opened, the old tab says nothing (storage problem %q, notice %q)",
			eval[string](t, b, bannerText("storage-problem-text")), eval[string](t, b, bannerText("notice")))
	}
	t.Logf("said: %q", txt)
	for _, want := range []string{"A newer version of vnetplay was opened in another tab", "this tab can no longer save",
		"Your design as last saved here", "Export JSON, then reload", "reload now to continue in the new version"} {
		if !strings.Contains(txt, want) {
			t.Errorf("the banner %q does not say %q", txt, want)
		}
	}
	for _, raw := range []string{"InvalidStateError", "IndexedDB", "connection is closing", "DOMException"} {
		if strings.Contains(txt, raw) {
			t.Errorf("the banner shows the browser's error (%q): %q", raw, txt)
		}
	}
	for _, id := range []string{"superseded-export", "superseded-reload"} {
		trNeed(t, b, "#"+id, "the banner's "+id)
	}
	if eval[bool](t, b, armedJS) {
		t.Error("with nothing changed since the last save, the page asks before it is unloaded")
	}

	// An edit: not saved, and said so; nothing attempted as if it worked.
	trDragTo(t, b, "vnet", 820, 320)
	if _, ok := trWait[bool](t, b, vnetCount+` === 2`, 15*time.Second); !ok {
		t.Fatalf("the old tab no longer edits: %d VNets", eval[int](t, b, vnetCount))
	}
	trSettle() // past the autosave's delay and the first retry's
	if !eval[bool](t, b, `document.getElementById('unsaved') !== null`) {
		t.Error("the edit is not marked as not saved")
	}
	if p := eval[string](t, b, bannerText("storage-problem-text")); p != "" {
		t.Errorf("a save was attempted and failed: %q", p)
	}
	if n := eval[string](t, b, bannerText("notice")); strings.Contains(strings.ToLower(n), "saved") && !strings.Contains(n, "not saved") {
		t.Errorf("the notice says %q", n)
	}
	if eval[string](t, b, `(`+supersededJS+`) || ''`) != txt {
		t.Error("the banner changed or went after the edit")
	}
	recs := trRecords(t, newer)
	if len(recs) != 1 || strings.Count(recs[0].Scenario, `"addressSpace"`) != 1 {
		t.Errorf("the store after the edit in the old tab: %d records, want the one design with its one VNet (as last saved)", len(recs))
	}
	if !eval[bool](t, b, armedJS) {
		t.Error("the page does not ask before it is unloaded with the unsaved edit")
	}
	b.screenshot(t, "newer-version-in-another-tab")

	// Export JSON, from the banner: the design with the edit.
	trClick(t, b, "#superseded-export", "Export JSON")
	data, err := os.ReadFile(waitForDownload(t, dir, ".json"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"format": "vnetplay/scenario"`) || strings.Count(string(data), `"addressSpace"`) != 2 {
		t.Errorf("the exported file is not the design with the edit (%d VNets): %.300s", strings.Count(string(data), `"addressSpace"`), data)
	}

	// A reload asks first (the browser's own dialog); dismissed, the tab
	// stays as it was.
	dialogs := make(chan string, 4)
	if err := chromedp.Listen(b.ctx, func(ev any) {
		if d, ok := ev.(*page.EventJavascriptDialogOpening); ok {
			dialogs <- string(d.Type)
		}
	}); err != nil {
		t.Fatal(err)
	}
	b.do(t, "reload the page", chromedp.Evaluate[chromedp.Void](`setTimeout(() => location.reload(), 0)`))
	select {
	case kind := <-dialogs:
		if kind != "beforeunload" {
			t.Errorf("the reload opened a %s dialog", kind)
		}
		if _, err := chromedp.Call(b.ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false}); err != nil {
			t.Fatal(err)
		}
		time.Sleep(500 * time.Millisecond)
		if eval[int](t, b, vnetCount) != 2 || eval[string](t, b, `(`+supersededJS+`) || ''`) != txt {
			t.Error("after the reload was cancelled, the tab lost its edit or its banner")
		}
	case <-time.After(5 * time.Second):
		t.Errorf("the reload did not ask first (the page now draws %d VNets)", eval[int](t, b, vnetCount))
	}

	// The app opened now (this build, older than the database) says so.
	third, _ := b.newTab(t)
	third.load(t, srv.URL+"/")
	if got, ok := trWait[string](t, third, `(`+supersededJS+`) || false`, 5*time.Second); !ok || !strings.Contains(got, "older version of vnetplay") {
		t.Errorf("the app of an older build than the database says %q (storage problem %q)", got, eval[string](t, third, bannerText("storage-problem-text")))
	}
	b.noConsoleErrors(t)
}
