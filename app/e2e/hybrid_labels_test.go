//go:build e2e && !(js && wasm)

package e2e

import (
	"strings"
	"testing"
)

// TestP2SPoolReadsWhole: a P2S pool names its gateway and each client its
// address, whole, at the layout's own size: at a circuit's width the
// built-in's pool read "P2S clients of hub-…" and a client "172.16.50.1…".
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
	b.noConsoleErrors(t)
}
