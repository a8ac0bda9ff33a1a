//go:build e2e && !(js && wasm)

package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"vnetplay/scenarios"
)

// TestDurableStoreHeldByAnotherTab: another tab holds vnetplay's IndexedDB
// open at an older version and never lets it go when asked (a tab of an
// earlier build, schema version 1, with a design saved there). The app
// says within a couple of seconds that another tab holds the design store
// and to close the other vnetplay tabs, and runs meanwhile; a VNet drawn
// meanwhile is kept. Once that tab closes, the app opens the store by
// itself: what was drawn is saved as a new design, the design saved
// before is listed and unchanged, and a reload reopens what was drawn. On
// the build before, the app never finished starting and said nothing, and
// once the store opened the last design replaced what was drawn.
func TestDurableStoreHeldByAnotherTab(t *testing.T) {
	h := requireBrowser(t)
	srv := h.serve(t, h.site(t, "e2e-v1"), "127.0.0.1:0")
	sc, ok := scenarios.Get("peering-flags")
	if !ok {
		t.Fatal("no built-in peering-flags")
	}
	b := h.browser(t)
	old, closeOld := b.newTab(t)
	old.do(t, "a page of the site in the other tab", chromedp.Navigate(srv.URL+"/web/icons/icon.svg"))
	eval[bool](t, old, `new Promise((res, rej) => { const r = indexedDB.open('vnetplay', 1);
		r.onupgradeneeded = () => { const db = r.result;
			db.createObjectStore('scenarios', {keyPath: 'id'}); db.createObjectStore('meta', {keyPath: 'key'});
			r.transaction.objectStore('scenarios').put({id: 's-earlier', name: 'Earlier design', scenario: `+trJS(string(sc.JSON))+`, updated: Date.now()});
			r.transaction.objectStore('meta').put({key: 'lastOpened', value: 's-earlier'}); };
		r.onsuccess = () => { window.heldDB = r.result; res(true); }; // no versionchange handler: never closes
		r.onerror = () => rej(r.error); })`)

	b.do(t, "load the app", chromedp.Navigate(srv.URL+"/"))
	poll[bool](t, b, "the app to mount", `document.querySelector('#vnetplay[data-mounted="true"]') !== null && document.getElementById('app-wasm-loader') === null`)
	mountedAt := time.Now()
	waitingJS := bannerText("storage-waiting-text")
	txt, ok := trWait[string](t, b, `(`+waitingJS+`) || false`, 3*time.Second)
	if !ok {
		t.Fatalf("3 s after the app mounted, nothing says that the store is held (ready %v, notice %q, storage problem %q)",
			eval[bool](t, b, `document.querySelector('#vnetplay[data-ready="true"]') !== null`), eval[string](t, b, bannerText("notice")), eval[string](t, b, bannerText("storage-problem")))
	}
	t.Logf("said %v after the mount: %q", time.Since(mountedAt).Round(10*time.Millisecond), txt)
	for _, want := range []string{"another tab holds vnetplay's design store open", "Close your other vnetplay tabs", "saved as a new design", "your saved designs stay as they are"} {
		if !strings.Contains(txt, want) {
			t.Errorf("the banner %q does not say %q", txt, want)
		}
	}
	if !eval[bool](t, b, `document.getElementById('waiting-export') !== null`) {
		t.Error("the banner offers no Export JSON")
	}
	b.screenshot(t, "store-held-by-another-tab")

	trAddVNet(t, b, 520, 320, "vnet1")
	time.Sleep(time.Second) // longer than the autosave's delay: nothing to save to yet
	if !eval[bool](t, b, `document.getElementById('storage-waiting') !== null`) {
		t.Fatal("the banner went while the other tab still holds the store")
	}

	closeOld()
	if _, ok := trWait[bool](t, b, `document.querySelector('#vnetplay[data-ready="true"]') !== null && document.getElementById('storage-waiting') === null`, 10*time.Second); !ok {
		t.Fatalf("10 s after the other tab closed the app has not started (banner %q)", eval[string](t, b, waitingJS))
	}
	if !eval[bool](t, b, hasNode("vnet:vnet1")) {
		t.Fatalf("once the store opened, what was drawn meanwhile is gone (%d VNets, notice %q)", eval[int](t, b, vnetCount), eval[string](t, b, bannerText("notice")))
	}
	trSaved(t, b, "the VNet drawn meanwhile", `d.topology.vnets.length === 1 && d.topology.vnets[0].id === 'vnet1'`)
	recs := trRecords(t, b)
	var earlier *trRecord
	for i := range recs {
		if recs[i].ID == "s-earlier" {
			earlier = &recs[i]
		}
	}
	if len(recs) != 2 || earlier == nil || earlier.Scenario != string(sc.JSON) || earlier.Name != "Earlier design" {
		t.Fatalf("the saved designs after the store opened: %d records, the earlier one %+v", len(recs), earlier)
	}
	if n := eval[string](t, b, bannerText("notice")); !strings.Contains(n, "Earlier design") {
		t.Errorf("the notice %q does not say where the earlier design is", n)
	}
	b.load(t, srv.URL+"/")
	if !eval[bool](t, b, hasNode("vnet:vnet1")) {
		t.Error("a reload did not reopen what was drawn while the store was held")
	}
	b.noConsoleErrors(t)
}
