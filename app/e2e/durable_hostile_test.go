//go:build e2e && !(js && wasm)

package e2e

// Hostile input put where users put designs (a share link in the address
// bar of an open tab): each is refused quickly, with the reason, and the
// design open before is untouched, in IndexedDB too.

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"vnetplay/app/persist"
)

// rawLink is the share-link fragment of text, whatever it is.
func rawLink(t *testing.T, text string) string {
	t.Helper()
	f, err := persist.EncodeLink([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestDurableHostileLinksAreRefusedAtOnce: links a few thousand characters
// long that decode to a million elements, deep nesting, wrong types, or
// that are cut short, put in the address bar of a tab with a design just
// edited: each is refused within seconds, saying why, the page never
// blocked for long, and the design and its last edit are still saved.
func TestDurableHostileLinksAreRefusedAtOnce(t *testing.T) {
	h := requireBrowser(t)
	srv := h.serve(t, h.site(t, "e2e-v1"), "127.0.0.1:0")
	b := h.browser(t)
	b.load(t, srv.URL+"/")
	trAddVNet(t, b, 520, 320, "vnet1")
	trSaved(t, b, "the first VNet", `d.topology.vnets.length === 1`)

	const head = `{"format":"vnetplay/scenario","version":1,"name":"hostile","topology":{`
	vnet := `{"id":"v","location":"westeurope","addressSpace":{"addressPrefixes":["10.0.0.0/16"]},"subnets":[`
	good := rawLink(t, head+`"vnets":[`+vnet+`{"name":"a","addressPrefix":"10.0.0.0/24"}]}]}}`)
	cases := []struct{ name, frag, want string }{
		{"a million subnets", rawLink(t, head+`"vnets":[`+vnet+strings.Repeat(`{},`, 1_000_000)+`{}]}]}}`), "too large"},
		{"a million VMs", rawLink(t, head+`"virtualMachines":[`+strings.Repeat(`{},`, 1_000_000)+`{}]}}`), "too large"},
		{"a 4.5 MB name", rawLink(t, `{"format":"vnetplay/scenario","version":1,"name":"`+strings.Repeat("A", 4_500_000)+`","topology":{}}`), "too large: 4.5 MB as stored"},
		{"nesting two million deep", rawLink(t, head+`"vnets":[{"id":"v","tags":`+strings.Repeat(`[`, 2_000_000)), "exceeded max depth"},
		{"wrong types", rawLink(t, `{"format":"vnetplay/scenario","version":1,"name":5,"topology":{"vnets":"no"}}`), "cannot be opened"},
		{"cut short", good[:len(good)*2/3], "cannot be opened"},
	}
	name := ""
	for i, tc := range cases {
		// An edit just before: it must survive the refused link.
		if eval[bool](t, b, `document.getElementById('doc-name') === null`) {
			trClick(t, b, "#scenarios", "Scenarios")
			trNeed(t, b, "#doc-name", "the Scenarios dialog")
		}
		name = fmt.Sprintf("Renamed before link %d", i+1)
		trSet(t, b, "#doc-name", name)
		eval[bool](t, b, `(() => { window.longest = 0; window.problemAt = 0;
			window.po && window.po.disconnect();
			window.po = new PerformanceObserver(l => { for (const e of l.getEntries()) window.longest = Math.max(window.longest, e.duration); });
			window.po.observe({entryTypes: ['longtask']}); return true; })()`)
		start := time.Now()
		eval[bool](t, b, `(location.hash = `+trJS(tc.frag)+`, true)`)
		msg, ok := trWait[string](t, b, `(document.getElementById('problem-text') || {}).textContent || false`, 90*time.Second)
		took := time.Since(start)
		if !ok {
			t.Fatalf("a link of %s (%d characters) was not refused within 90 s", tc.name, len(tc.frag))
		}
		longest := eval[float64](t, b, `window.longest`)
		t.Logf("a link of %s (%d characters): refused after %v, the page's longest task %.0f ms: %s", tc.name, len(tc.frag), took.Round(time.Millisecond), longest, msg)
		if !strings.Contains(msg, tc.want) || !strings.Contains(msg, "Nothing was changed") {
			t.Errorf("refusal of %s: %q, want it to say %q", tc.name, msg, tc.want)
		}
		if len(tc.frag) > persist.MaxLinkChars {
			t.Errorf("the link of %s is %d characters long: refused for its length, not what it holds", tc.name, len(tc.frag))
		}
		// A bound on a freeze, not a speed: the link's work is bounded
		// (persist.MaxLinkChars), and the page may share the machine with
		// another test's browser (make test-e2e's shards): a 4.5 MB name
		// blocked it for 1.4 s there, 0.3–0.6 s alone.
		if took > 15*time.Second || longest > 5000 {
			t.Errorf("refusing a link of %s took %v, the page blocked for %.0f ms at once", tc.name, took.Round(time.Millisecond), longest)
		}
		if i == 0 {
			b.screenshot(t, "hostile-link-refused")
		}
		trClick(t, b, "#problem-ok", "OK")
		poll[bool](t, b, "the address back to /", `location.hash === ''`)
	}
	b.load(t, srv.URL+"/")
	if n := eval[int](t, b, vnetCount); n != 1 {
		t.Errorf("after the refused links and a reload the design draws %d VNets, want 1", n)
	}
	if title := eval[string](t, b, titleJS); title != name {
		t.Errorf("after the refused links and a reload the design is %q, want %q: the edit made just before a link was lost", title, name)
	}
	if recs := trRecords(t, b); len(recs) != 1 {
		t.Errorf("after the refused links: %d saved designs, want 1", len(recs))
	}
	b.noConsoleErrors(t)
}
