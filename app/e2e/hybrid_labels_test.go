//go:build e2e && !(js && wasm)

package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestP2SPoolReadsWhole: a P2S pool names its gateway and each client its
// address, whole, at the layout's own size: at a circuit's width the
// built-in's pool read "P2S clients of hub-…" and a client "172.16.50.1…".
// The Delete key on a client's chip removes that client, the pool stays;
// before, it deleted the pool with every client.
func TestP2SPoolReadsWhole(t *testing.T) {
	h := requireBrowser(t)
	b := h.builtinApp(t, "p2s-hub-spoke")
	text := func(sel string) string {
		t.Helper()
		return eval[string](t, b, `(() => { const e = document.querySelector(`+quote(sel)+`); return e ? e.textContent : '(none)'; })()`)
	}
	if got := text(`[data-key="p2s:hub-vpngw"] .node-label`); got != "P2S clients of hub-vpngw" {
		t.Errorf("the pool's label reads %q, want %q", got, "P2S clients of hub-vpngw")
	}
	for client, ip := range map[string]string{"laptop": "172.16.50.130", "mac": "172.16.50.131"} {
		key := `[data-key="p2s-client:hub-vpngw/` + client + `"]`
		if got := text(key + ` .node-label`); got != client {
			t.Errorf("client %s is labelled %q", client, got)
		}
		if got := text(key + ` .node-detail`); got != ip || strings.Contains(got, "…") {
			t.Errorf("client %s's address reads %q, want %q", client, got, ip)
		}
	}

	trSelectNode(t, b, "p2s-client:hub-vpngw/laptop")
	b.do(t, "press Delete", chromedp.KeyEvent(kb.Delete))
	poll[bool](t, b, "the laptop gone", `document.querySelector('[data-key="p2s-client:hub-vpngw/laptop"]') === null`)
	if got := text("#notice"); got != "Removed P2S client laptop from hub-vpngw (Ctrl+Z to undo)" {
		t.Errorf("Delete on the laptop's chip: notice %q", got)
	}
	if text(`[data-key="p2s-client:hub-vpngw/mac"] .node-label`) != "mac" {
		t.Error("Delete on the laptop's chip took the pool's other client, mac")
	}
	b.do(t, "Ctrl+Z", chromedp.KeyEvent("z", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	poll[bool](t, b, "the laptop back", `document.querySelector('[data-key="p2s-client:hub-vpngw/laptop"]') !== null`)
	b.noConsoleErrors(t)
}
