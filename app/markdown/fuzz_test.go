package markdown

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// textBytes sums the text carried by the document.
func textBytes(ns []Node) int {
	n := 0
	for i := range ns {
		n += len(ns[i].Text) + len(ns[i].URL) + textBytes(ns[i].Children)
	}
	return n
}

// FuzzParse checks that Parse never panics, keeps its bounds, and that
// Render of any parsed document only emits allowed tags and safe links.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		sample, "", "# a\n## b\n### c", "- a\n  - b\n1. c", "> > a\n> - b",
		"```go\nx\n```", "`a` ``b`` `", "*a **b** c*", "***a***", "_a_b_",
		"[x](https://e.com) [y](javascript:alert(1)) [](mailto:a@b.c) []()",
		"<https://e.com> <javascript:x> <script>alert(1)</script>",
		"<img src=x onerror=alert(1)>", "a  \nb\\\nc", "\\*\\[x\\](y)",
		"[a](b \"t\") [a](<b>) [a](https://e.com/(x)", "- a\n\n  b\n\n- c",
		strings.Repeat("*_", 40), strings.Repeat("[", 40) + strings.Repeat("](", 40),
		"\x00\xff\r\n\t", "1. a\n2) b\n- c\n* d\n+ e",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		d := Parse(src)
		if c := d.Count(); c > MaxNodes+8 {
			t.Fatalf("Count = %d", c)
		}
		in := min(utf8.RuneCountInString(src), MaxInputRunes)
		// Text comes from the input, except " (" ")" around refused URLs
		// (a URL is at least one rune), U+FFFD for bad bytes and the note.
		if tb := textBytes(d.Blocks); tb > 4*(4*in)+len(NoteTooComplex)+len(NoteTooLong) {
			t.Fatalf("text bytes %d for %d runes of input", tb, in)
		}
		if depthOf(d.Blocks) > 2*MaxBlockDepth+MaxInlineDepth+4 {
			t.Fatalf("depth %d", depthOf(d.Blocks))
		}
		html, _ := checkHTML(t, d)
		if len(html) > 64*len(src)+256 {
			t.Fatalf("html %d bytes for %d bytes of input", len(html), len(src))
		}
	})
}
