package markdown

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// sexp renders nodes compactly for table tests: p["a" em["b"]], ul[li[…]],
// a(url)[…], pre(lang)"…", h1[…], q[…], code"…", br, note"…".
func sexp(ns []Node) string {
	parts := make([]string, 0, len(ns))
	for _, n := range ns {
		parts = append(parts, sexpNode(n))
	}
	return strings.Join(parts, " ")
}

func sexpNode(n Node) string {
	kids := "[" + sexp(n.Children) + "]"
	switch n.Kind {
	case KindHeading:
		return fmt.Sprintf("h%d%s", n.Level, kids)
	case KindParagraph:
		return "p" + kids
	case KindList:
		if n.Ordered {
			return fmt.Sprintf("ol%d%s", n.Start, kids)
		}
		return "ul" + kids
	case KindItem:
		return "li" + kids
	case KindQuote:
		return "q" + kids
	case KindCodeBlock:
		return fmt.Sprintf("pre(%s)%q", n.Info, n.Text)
	case KindNote:
		return fmt.Sprintf("note%q", n.Text)
	case KindText:
		return fmt.Sprintf("%q", n.Text)
	case KindCode:
		return fmt.Sprintf("code%q", n.Text)
	case KindEmphasis:
		return "em" + kids
	case KindStrong:
		return "strong" + kids
	case KindLink:
		ext := ""
		if !n.External {
			ext = "!internal"
		}
		return fmt.Sprintf("a(%s%s)%s", n.URL, ext, kids)
	case KindBreak:
		return "br"
	}
	return "?" + n.Kind.String()
}

func TestParse(t *testing.T) {
	tests := []struct{ name, in, want string }{
		// headings
		{"h1", "# Title", `h1["Title"]`},
		{"h2", "## Sub", `h2["Sub"]`},
		{"h3", "### Third *x*", `h3["Third " em["x"]]`},
		{"h4 clamps", "#### Four", `h3["Four"]`},
		{"closing hashes", "# A ##", `h1["A"]`},
		{"no blank after hash", "#tag", `p["#tag"]`},
		{"seven hashes", "####### x", `p["####### x"]`},
		{"indented 4 is text", "    # x", `p["# x"]`},
		// paragraphs and breaks
		{"paragraph", "a\nb", `p["a\nb"]`},
		{"two paragraphs", "a\n\n\nb", `p["a"] p["b"]`},
		{"hard break spaces", "a  \nb", `p["a" br "b"]`},
		{"hard break backslash", "a\\\nb", `p["a" br "b"]`},
		{"one trailing space is soft", "a \nb", `p["a\nb"]`},
		{"crlf", "a\r\nb\r\n\r\nc", `p["a\nb"] p["c"]`},
		{"heading interrupts paragraph", "a\n# b", `p["a"] h1["b"]`},
		// lists
		{"ul dash", "- a\n- b", `ul[li[p["a"]] li[p["b"]]]`},
		{"ul star", "* a\n* b", `ul[li[p["a"]] li[p["b"]]]`},
		{"ol", "1. a\n2. b", `ol1[li[p["a"]] li[p["b"]]]`},
		{"ol start", "3) a", `ol3[li[p["a"]]]`},
		{"nested", "- a\n  - b\n  - c\n- d", `ul[li[p["a"] ul[li[p["b"]] li[p["c"]]]] li[p["d"]]]`},
		{"ol with nested ul", "1. a\n   - b", `ol1[li[p["a"] ul[li[p["b"]]]]]`},
		{"loose list stays one", "- a\n\n- b", `ul[li[p["a"]] li[p["b"]]]`},
		{"item with two paragraphs", "- a\n\n  b\n- c", `ul[li[p["a"] p["b"]] li[p["c"]]]`},
		{"lazy continuation", "- a\nb", `ul[li[p["a\nb"]]]`},
		{"list then paragraph", "- a\n\nb", `ul[li[p["a"]]] p["b"]`},
		{"marker change splits", "- a\n* b", `ul[li[p["a"]]] ul[li[p["b"]]]`},
		{"ordered then bullet", "1. a\n- b", `ol1[li[p["a"]]] ul[li[p["b"]]]`},
		{"year does not interrupt", "Year\n2024. was", `p["Year\n2024. was"]`},
		{"dash without space", "-a", `p["-a"]`},
		{"empty item is text", "-", `p["-"]`},
		{"thematic break is text", "* * *", `p["* * *"]`},
		{"ten digits not ordered", "1234567890. x", `p["1234567890. x"]`},
		{"strong at line start is not a list", "**a** b", `p[strong["a"] " b"]`},
		// quotes
		{"quote", "> a\n> b", `q[p["a\nb"]]`},
		{"quote lazy", "> a\nb", `q[p["a\nb"]]`},
		{"quote nested", "> > a", `q[q[p["a"]]]`},
		{"quote with list", "> - a\n> - b", `q[ul[li[p["a"]] li[p["b"]]]]`},
		{"quote ends at blank", "> a\n\nb", `q[p["a"]] p["b"]`},
		{"quote no space", ">a", `q[p["a"]]`},
		// code blocks
		{"fence", "```go\nx := `y`\n<b>\n```", "pre(go)\"x := `y`\\n<b>\""},
		{"fence unclosed", "```\na\n\nb", `pre()"a\n\nb"`},
		{"fence keeps markdown", "```\n# no\n*no*\n```\nafter", `pre()"# no\n*no*" p["after"]`},
		{"fence bad lang", "```<script>\nx\n```", `pre()"x"`},
		{"fence longer close", "````\na\n```\n````", "pre()\"a\\n```\""},
		{"fence in list", "- a\n  ```\n  code\n  ```", `ul[li[p["a"] pre()"code"]]`},
		{"backticks in info is not a fence", "```a`b", "p[\"```a`b\"]"},
		// inline code
		{"code span", "a `b` c", `p["a " code"b" " c"]`},
		{"code span double", "``a`b``", "p[code\"a`b\"]"},
		{"code span strip one space", "`` `x` ``", "p[code\"`x`\"]"},
		{"stray backtick", "a ` b", "p[\"a ` b\"]"},
		{"unmatched lengths", "``a`", "p[\"``a`\"]"},
		{"code has no emphasis", "`*a*`", `p[code"*a*"]`},
		{"code newline", "`a\nb`", `p[code"a b"]`},
		// emphasis
		{"em star", "*a*", `p[em["a"]]`},
		{"em underscore", "_a_", `p[em["a"]]`},
		{"strong", "**a**", `p[strong["a"]]`},
		{"strong underscore", "__a__", `p[strong["a"]]`},
		{"strong em", "***a***", `p[em[strong["a"]]]`},
		{"nested", "*a **b** c*", `p[em["a " strong["b"] " c"]]`},
		{"unclosed em", "*a", `p["*a"]`},
		{"unclosed strong", "**a b", `p["**a b"]`},
		{"partial", "**a*", `p["*" em["a"]]`},
		{"intraword underscore", "snake_case_name", `p["snake_case_name"]`},
		{"intraword star", "a*b*c", `p["a" em["b"] "c"]`},
		{"spaced star", "a * b * c", `p["a * b * c"]`},
		{"crossing", "*a _b* c_", `p[em["a _b"] " c_"]`},
		{"escaped", `\*a\*`, `p["*a*"]`},
		{"backslash literal", `a\b`, `p["a\\b"]`},
		// links
		{"link", "[x](https://e.com)", `p[a(https://e.com)["x"]]`},
		{"link http", "[x](http://e.com/a?b=c#d)", `p[a(http://e.com/a?b=c#d)["x"]]`},
		{"link mailto", "[m](mailto:a@b.c)", `p[a(mailto:a@b.c)["m"]]`},
		{"link scheme case", "[x](HTTPS://E.com)", `p[a(https://E.com)["x"]]`},
		{"link title dropped", `[x](https://e.com "t")`, `p[a(https://e.com)["x"]]`},
		{"link parens", "[w](https://e.com/a_(b))", `p[a(https://e.com/a_(b))["w"]]`},
		{"link emphasis inside", "[*x*](https://e.com)", `p[a(https://e.com)[em["x"]]]`},
		{"link in sentence", "see [x](https://e.com).", `p["see " a(https://e.com)["x"] "."]`},
		{"link javascript", "[x](javascript:alert(1))", `p["x (javascript:alert(1))"]`},
		{"link javascript case", "[x](JaVaScRiPt:alert(1))", `p["x (JaVaScRiPt:alert(1))"]`},
		{"link data", "[x](data:text/html,hi)", `p["x (data:text/html,hi)"]`},
		{"link vbscript", "[x](vbscript:msgbox)", `p["x (vbscript:msgbox)"]`},
		{"link relative", "[x](/docs)", `p["x (/docs)"]`},
		{"link no host", "[x](https://)", `p["x (https://)"]`},
		{"link userinfo", "[x](https://a@evil.com)", `p["x (https://a@evil.com)"]`},
		{"link mailto without at", "[x](mailto:nobody)", `p["x (mailto:nobody)"]`},
		{"empty link url", "[x]()", `p["x"]`},
		{"empty link text", "[](https://e.com)", `p[a(https://e.com)["https://e.com"]]`},
		{"empty everything", "a[]()b", `p["ab"]`},
		{"bracket no paren", "[x] (y)", `p["[x] (y)"]`},
		{"unclosed link", "[x](https://e.com", `p["[x](https://e.com"]`},
		{"nested brackets not a link", "[a [b](https://e.com)", `p["[a " a(https://e.com)["b"]]`},
		{"no link inside link text", "[<https://a.b>](https://e.com)", `p[a(https://e.com)["<https://a.b>"]]`},
		{"quote in url", `[x](https://e.com/"onmouseover=x)`, `p["x (https://e.com/\"onmouseover=x)"]`},
		// autolinks and raw HTML
		{"autolink", "<https://e.com/x>", `p[a(https://e.com/x)["https://e.com/x"]]`},
		{"autolink mailto", "<mailto:a@b.c>", `p[a(mailto:a@b.c)["mailto:a@b.c"]]`},
		{"autolink javascript", "<javascript:alert(1)>", `p["<javascript:alert(1)>"]`},
		{"script", "<script>alert(1)</script>", `p["<script>alert(1)</script>"]`},
		{"img onerror", `<img src=x onerror="alert(1)">`, `p["<img src=x onerror=\"alert(1)\">"]`},
		{"bold tag", "<b>x</b>", `p["<b>x</b>"]`},
		{"html block", "<div>\n*a*\n</div>", `p["<div>\n" em["a"] "\n</div>"]`},
		{"dunder is strong", "__init__", `p[strong["init"]]`},
		{"entities not decoded", "&amp; &lt;b&gt;", `p["&amp; &lt;b&gt;"]`},
		{"fence in quote", "> ```\n> <x>\n> ```", `q[pre()"<x>"]`},
		{"link text over lines", "[a\nb](\nhttps://e.com\n)", `p[a(https://e.com)["a\nb"]]`},
		// input hygiene
		{"nul", "a\x00b", "p[\"a\uFFFDb\"]"},
		{"invalid utf8", "a\xffb", "p[\"a\uFFFDb\"]"},
		{"only blanks", " \n\t\n", ``},
		{"empty", "", ``},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := Parse(tc.in)
			if got := sexp(d.Blocks); got != tc.want {
				t.Errorf("Parse(%q)\n got  %s\n want %s", tc.in, got, tc.want)
			}
			if d.Truncated {
				t.Errorf("Parse(%q) truncated", tc.in)
			}
		})
	}
}

func TestParseAllLinksExternal(t *testing.T) {
	d := Parse("[a](https://a.b) <http://c.d> - [e](mailto:e@f.g)")
	links := 0
	var walk func([]Node)
	walk = func(ns []Node) {
		for _, n := range ns {
			if n.Kind == KindLink {
				links++
				if !n.External {
					t.Errorf("link %s not external", n.URL)
				}
			}
			walk(n.Children)
		}
	}
	walk(d.Blocks)
	if links != 3 {
		t.Errorf("found %d links, want 3: %s", links, sexp(d.Blocks))
	}
}

func TestParseBounds(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		truncated bool
		note      string
	}{
		{"exactly max", strings.Repeat("a", MaxInputRunes), false, ""},
		{"too long", strings.Repeat("a", MaxInputRunes+1), true, NoteTooLong},
		{"too long multibyte", strings.Repeat("é", MaxInputRunes+5), true, NoteTooLong},
		{"huge", strings.Repeat("x ", 1<<20), true, NoteTooLong},
		{"too many nodes", strings.Repeat("`a` ", 4900), true, NoteTooComplex},
		{"too many blocks", strings.Repeat("a\n\n", 6000), true, NoteTooComplex},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := Parse(tc.in)
			if d.Truncated != tc.truncated {
				t.Fatalf("Truncated = %v, want %v", d.Truncated, tc.truncated)
			}
			if c := d.Count(); c > MaxNodes+8 {
				t.Errorf("Count = %d, over the bound %d", c, MaxNodes+8)
			}
			if tc.note == "" {
				return
			}
			last := d.Blocks[len(d.Blocks)-1]
			if last.Kind != KindNote || last.Text != tc.note {
				t.Errorf("last block = %s, want note %q", sexpNode(last), tc.note)
			}
		})
	}
}

func depthOf(ns []Node) int {
	m := 0
	for _, n := range ns {
		m = max(m, 1+depthOf(n.Children))
	}
	return m
}

func TestParseNestingBounded(t *testing.T) {
	tests := []struct {
		name string
		in   string
		max  int
	}{
		{"quotes", strings.Repeat(">", 500) + " x", MaxBlockDepth + 2},
		{"lists", nestedList(200), 2*MaxBlockDepth + 2},
		{"emphasis", strings.Repeat("*a _b ", 300) + strings.Repeat("c_ d*", 300), MaxInlineDepth + 2},
		{"strong", strings.Repeat("**a ", 300) + "b" + strings.Repeat(" c**", 300), MaxInlineDepth + 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := Parse(tc.in)
			if got := depthOf(d.Blocks); got > tc.max {
				t.Errorf("depth %d > %d", got, tc.max)
			}
			if !strings.Contains(plainText(d.Blocks, 0), "a") && tc.name != "quotes" && tc.name != "lists" {
				t.Errorf("content lost: %.200s", sexp(d.Blocks))
			}
		})
	}
}

func nestedList(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strings.Repeat("  ", i) + "- item\n")
	}
	return b.String()
}

// TestParseLinear parses adversarial inputs of maximal size; quadratic
// behaviour would take seconds, the parser takes milliseconds.
func TestParseLinear(t *testing.T) {
	n := MaxInputRunes
	inputs := map[string]string{
		"brackets":       strings.Repeat("[", n),
		"bracket parens": strings.Repeat("[a](", n/4),
		"link no close":  strings.Repeat("[a](b ", n/6),
		"titles":         strings.Repeat(`[a](b "`, n/7),
		"angles":         strings.Repeat("<", n),
		"angle words":    strings.Repeat("<a ", n/3),
		"backticks":      backtickLadder(n),
		"stars":          strings.Repeat("*a ", n/3),
		"closers":        strings.Repeat("a* ", n/3),
		"mixed delims":   strings.Repeat("*_", n/2),
		"unders":         strings.Repeat("_a _", n/4),
		"escapes":        strings.Repeat("\\", n),
		"quotes":         strings.Repeat("> ", n/2),
		"list lines":     strings.Repeat("- a\n", n/4),
		"blank items":    strings.Repeat("- a\n\n", n/5),
		"fences":         strings.Repeat("```\n", n/4),
		"spaces breaks":  strings.Repeat("a  \n", n/4),
		"parens":         "[a](" + strings.Repeat("(", n-4),
	}
	for name, in := range inputs {
		start := time.Now()
		d := Parse(in)
		el := time.Since(start)
		t.Logf("%-15s %6d bytes  %4d nodes  %v", name, len(in), d.Count(), el)
		if el > 15*time.Second { // a freeze (work out of proportion to the input), not a speed
			t.Errorf("%s: parse took %v", name, el)
		}
	}
}

// backtickLadder makes runs of 1, 2, 3, … backticks, none of them closed.
func backtickLadder(n int) string {
	var b strings.Builder
	for k := 1; b.Len() < n; k++ {
		b.WriteString(strings.Repeat("`", k) + "a")
	}
	return b.String()
}

func TestSafeURL(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"https://learn.microsoft.com/azure", "https://learn.microsoft.com/azure", true},
		{"HTTP://E.COM", "http://E.COM", true},
		{"mailto:a@b.c", "mailto:a@b.c", true},
		{"https://e.com/ü", "https://e.com/ü", true},
		{"javascript:alert(1)", "", false},
		{"java\tscript:alert(1)", "", false},
		{"data:text/html;base64,PHNjcmlwdD4=", "", false},
		{"vbscript:x", "", false},
		{"//e.com", "", false},
		{"/a", "", false},
		{"e.com", "", false},
		{"https:e.com", "", false},
		{"https://a@e.com", "", false},
		{"https://e.com/\u202e", "", false},
		{"https://e.com/a b", "", false},
		{"https://e.com/\"", "", false},
		{"https://e.com/<", "", false},
		{"https://e.com/" + strings.Repeat("a", MaxURLLength), "", false},
		{"", "", false},
	}
	for _, tc := range tests {
		got, ok := SafeURL(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("SafeURL(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}
