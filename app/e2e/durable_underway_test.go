//go:build e2e && !(js && wasm)

package e2e

// A page closed or reloaded while an autosave is still under way: the
// autosave of an earlier edit has begun its transaction (it reads the
// stored revision before it writes), and the last edit comes after it.

import (
	"testing"
	"time"
)

// holdStoreJS starts, in the page, a read-write transaction on the app's
// scenarios that keeps itself alive (a request as each one ends) until
// window.releaseHold() is called: an autosave begun meanwhile waits behind
// it, under way. It resolves once the transaction holds the store;
// releaseHold's promise, once the transaction has completed (the page
// must not go with it unfinished: the flush would wait behind it, a
// transaction no page of the app ever holds).
const holdStoreJS = `new Promise(res => { const r = indexedDB.open('vnetplay');
	r.onsuccess = () => { const db = r.result, txn = db.transaction(['scenarios'], 'readwrite'), os = txn.objectStore('scenarios');
		let held = true, first = true;
		const done = new Promise(d => { txn.oncomplete = () => { db.close(); d(true); }; });
		window.releaseHold = () => { held = false; return done; };
		const next = () => { const q = os.count(); q.onsuccess = () => { if (first) { first = false; res(true); } if (held) next(); }; };
		next(); };
	r.onerror = () => res(false); })`

// TestDurableCloseWhileASaveIsUnderWay: an autosave under way when the
// page is closed or reloaded (its transaction begun, its read not yet
// answered) must not take the last edit with it: the reopened design is
// the last edit, whether or not an edit came after the autosave began.
// (A transaction of another page holding the store at that moment is not
// covered: docs/reliability.md, "Not guaranteed".)
func TestDurableCloseWhileASaveIsUnderWay(t *testing.T) {
	h := requireBrowser(t)
	srv := h.serve(t, h.site(t, "e2e-v1"), "127.0.0.1:0")
	root := h.browser(t)
	for _, c := range []struct {
		name      string
		reload    bool
		laterEdit bool // an edit after the autosave began
	}{
		{"reloaded, an edit after the autosave began", true, true},
		{"closed, an edit after the autosave began", false, true},
		{"reloaded, the autosave of the last edit under way", true, false},
		{"closed, the autosave of the last edit under way", false, false},
	} {
		tab, closeTab := root.newTab(t)
		tab.load(t, srv.URL+"/")
		if eval[int](t, tab, vnetCount) == 0 {
			trAddVNet(t, tab, 520, 320, "vnet1")
			trSaved(t, tab, "the first VNet", `d.topology.vnets.length === 1`)
		}
		trClick(t, tab, "#scenarios", "Scenarios")
		trNeed(t, tab, "#doc-name", "the Scenarios dialog")
		trSet(t, tab, "#doc-name", "Saved before: "+c.name)
		trSaved(t, tab, "the first name", `d.name === `+trJS("Saved before: "+c.name))

		if !eval[bool](t, tab, holdStoreJS) {
			t.Fatal("could not hold the app's store")
		}
		last := "Under way: " + c.name
		trSet(t, tab, "#doc-name", last)
		time.Sleep(1200 * time.Millisecond) // the autosave (600 ms) begins, behind the hold
		if c.laterEdit {
			last = "Last edit: " + c.name
			trSet(t, tab, "#doc-name", last)
		}
		// The hold ends, and the page goes while the autosave's read is
		// under way: a reload from the page as soon as the hold has
		// completed, or the tab closed right after.
		if c.reload {
			eval[bool](t, tab, `(window.leaving = true, window.releaseHold().then(() => { location.reload(); return true; }))`)
			poll[float64](t, tab, "the app to mount again", `!window.leaving && `+mounted)
		} else {
			eval[bool](t, tab, `window.releaseHold()`)
			closeTab()
			tab, closeTab = root.newTab(t)
			tab.load(t, srv.URL+"/")
		}
		if _, ok := trWait[bool](t, tab, titleJS+` === `+trJS(last), 10*time.Second); !ok {
			t.Errorf("%s: the reopened design is %q, want %q: the last edit was lost", c.name, eval[string](t, tab, titleJS), last)
		}
		closeTab()
	}
}
