package workspace

import (
	"strings"
	"testing"
)

// TestRefusedCopySaysWhatTheClipboardHolds: a copy of nothing copyable
// (an NVA) copies nothing and says what the clipboard still holds, which
// Ctrl+V pastes; with an empty clipboard it says only what can be copied.
func TestRefusedCopySaysWhatTheClipboardHolds(t *testing.T) {
	w, st := startedWS(t)
	w.Settle(st, w.Do(OpenBuiltin{Name: "hub-spoke-firewall"}))
	w.Do(Select{Key: "vm:firewall"})
	w.Do(Copy{})
	if n := w.Notice().Text; !strings.HasPrefix(n, "Nothing copied") || strings.Contains(n, "clipboard") {
		t.Errorf("a refused copy, empty clipboard: %q", n)
	}
	w.Do(Select{Key: "vnet:spoke1"})
	w.Do(Copy{})
	w.Do(Select{Key: "vm:firewall"})
	w.Do(Copy{})
	if n := w.Notice().Text; !strings.Contains(n, "the clipboard still holds spoke1, which Ctrl+V pastes") {
		t.Errorf("a refused copy over a clipboard holding spoke1: %q", n)
	}
}
