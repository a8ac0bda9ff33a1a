package workspace

import (
	"strings"
	"testing"
)

// TestResolveTool: the tool answers from the chosen endpoint with the
// engine's answer in a few words and its walk in words, says what to fix in
// a malformed question (the built-in
// private-endpoint-dns-hub-resolver design: vm1's spoke resolves the
// storage account privately through the hub's resolver; vm2's spoke has no
// link and gets the public address).
func TestResolveTool(t *testing.T) {
	w, _ := open(t, "private-endpoint-dns-hub-resolver")
	if a := w.ResolveAnswer(); a.Asked {
		t.Fatalf("answered before the name was typed: %+v", a)
	}
	set := func(f ResolveField, v string) { w.Do(ResolveSet{Field: f, From: "vm1", Value: v}) }
	set(ResolveName, "stvnetplay.blob.core.windows.net")
	a := w.ResolveAnswer()
	if !a.Asked || a.Err || a.Class != "private" || !strings.Contains(a.Text, "(private)") || len(a.Steps) == 0 {
		t.Fatalf("vm1: %+v, want a private address with its walk", a)
	}
	for _, s := range append([]string{a.Why}, a.Steps...) {
		if strings.Contains(s, "rule:") {
			t.Errorf("a rule code on screen: %q", s)
		}
	}
	set(ResolveFrom, "vm2")
	if a := w.ResolveAnswer(); a.Class != "public" || !strings.Contains(a.Text, "(public)") {
		t.Errorf("vm2: %+v, want the public address", a)
	}
	for _, tc := range []struct{ from, name, want string }{
		{"vm2", "not a name!", "is not a DNS name"},
		{"nobody", "stvnetplay.blob.core.windows.net", "Unknown endpoint nobody"},
	} {
		set(ResolveFrom, tc.from)
		set(ResolveName, tc.name)
		if a := w.ResolveAnswer(); !a.Err || !strings.Contains(a.Text, tc.want) {
			t.Errorf("%s %q: %+v, want an error saying %q", tc.from, tc.name, a, tc.want)
		}
	}
}
