package markdown

import (
	"strings"
)

// parser holds the state of one Parse call; nothing outlives the call.
type parser struct {
	nodes int  // nodes created so far
	full  bool // node budget exhausted: no further blocks are parsed
}

// room reports whether k more nodes fit in the budget; once they do not, the
// parser is marked full and stops producing blocks.
func (p *parser) room(k int) bool {
	if p.full || p.nodes+k > MaxNodes {
		p.full = true
		return false
	}
	return true
}

// count records one created node.
func (p *parser) count() { p.nodes++ }

// Parse parses src as the Markdown subset described in the package comment.
// It never fails and never panics: anything it does not recognise is text.
// Input beyond MaxInputRunes characters, and content beyond the node budget,
// is dropped and noted by a trailing KindNote block (Doc.Truncated is set).
// Invalid UTF-8 and NUL characters become U+FFFD.
func Parse(src string) Doc {
	src, cut := clip(src)
	p := &parser{}
	d := Doc{Blocks: p.blocks(splitLines(src), 0)}
	switch {
	case cut:
		d.Blocks = append(d.Blocks, Node{Kind: KindNote, Text: NoteTooLong})
	case p.full:
		d.Blocks = append(d.Blocks, Node{Kind: KindNote, Text: NoteTooComplex})
	}
	d.Truncated = cut || p.full
	return d
}

// clip bounds the input to MaxInputRunes characters of valid UTF-8 without
// NUL characters and reports whether anything was cut.
func clip(src string) (string, bool) {
	cut := false
	if len(src) > 4*MaxInputRunes { // 4 bytes per rune at most: still ≥ MaxInputRunes runes
		src, cut = src[:4*MaxInputRunes], true
	}
	src = strings.ToValidUTF8(src, "\uFFFD")
	src = strings.ReplaceAll(src, "\x00", "\uFFFD")
	n := 0
	for i := range src {
		if n == MaxInputRunes {
			return src[:i], true
		}
		n++
	}
	return src, cut
}

// splitLines splits src on \n, \r\n and \r.
func splitLines(src string) []string {
	src = strings.ReplaceAll(src, "\r\n", "\n")
	src = strings.ReplaceAll(src, "\r", "\n")
	return strings.Split(src, "\n")
}

// indentOf returns the width in columns of the leading blanks of s (a tab
// advances to the next multiple of 4) and the rest of s.
func indentOf(s string) (int, string) {
	col := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ':
			col++
		case '\t':
			col += 4 - col%4
		default:
			return col, s[i:]
		}
	}
	return col, ""
}

// stripIndent removes up to n columns of leading blanks from s.
func stripIndent(s string, n int) string {
	col, i := 0, 0
	for ; i < len(s) && col < n; i++ {
		switch s[i] {
		case ' ':
			col++
		case '\t':
			col += 4 - col%4
		default:
			return s[i:]
		}
	}
	return s[i:]
}

func isBlank(s string) bool { return strings.Trim(s, " \t") == "" }

// blocks parses lines into block nodes. depth is the container nesting of
// lines; at MaxBlockDepth quotes and lists are no longer recognised.
func (p *parser) blocks(lines []string, depth int) []Node {
	var out []Node
	for i := 0; i < len(lines) && !p.full; {
		if isBlank(lines[i]) {
			i++
			continue
		}
		n, next, ok := p.block(lines, i, depth)
		if ok {
			out = append(out, n)
		}
		i = next
	}
	return out
}

// block parses the block starting at the non-blank line i and returns it with
// the index of the first line after it (always > i unless the budget is out).
func (p *parser) block(lines []string, i, depth int) (Node, int, bool) {
	ind, rest := indentOf(lines[i])
	if ind < 4 {
		if n, info, ok := fenceOpen(rest); ok {
			return p.fence(lines, i, ind, n, info)
		}
		if level, text, ok := atx(rest); ok {
			return p.heading(level, text, i)
		}
		if depth < MaxBlockDepth && rest[0] == '>' {
			return p.quote(lines, i, depth)
		}
		if _, ok := listMarker(rest); ok && depth < MaxBlockDepth {
			return p.list(lines, i, depth)
		}
	}
	return p.paragraph(lines, i, depth)
}

// startsBlock reports whether line opens a block that ends a paragraph (or,
// with inList, a list item's lazy continuation). In a paragraph only an
// ordered list starting at 1 interrupts, so "2024. was a year" stays text.
func startsBlock(line string, depth int, inList bool) bool {
	ind, rest := indentOf(line)
	if ind >= 4 || rest == "" {
		return false
	}
	if _, _, ok := fenceOpen(rest); ok {
		return true
	}
	if _, _, ok := atx(rest); ok {
		return true
	}
	if depth >= MaxBlockDepth {
		return false
	}
	if rest[0] == '>' {
		return true
	}
	m, ok := listMarker(rest)
	return ok && (inList || !m.ordered || m.start == 1)
}

// atx parses an ATX heading line (indentation removed): one to six '#', then
// a blank or the end. Levels 4–6 clamp to 3. An optional closing run of '#'
// is removed.
func atx(s string) (int, string, bool) {
	n := 0
	for n < len(s) && s[n] == '#' {
		n++
	}
	if n == 0 || n > 6 || (n < len(s) && s[n] != ' ' && s[n] != '\t') {
		return 0, "", false
	}
	text := strings.Trim(s[n:], " \t")
	if t := strings.TrimRight(text, "#"); t == "" {
		text = ""
	} else if last := t[len(t)-1]; last == ' ' || last == '\t' {
		text = strings.TrimRight(t, " \t")
	}
	return min(n, 3), text, true
}

func (p *parser) heading(level int, text string, i int) (Node, int, bool) {
	if !p.room(1) {
		return Node{}, i + 1, false
	}
	p.count()
	return Node{Kind: KindHeading, Level: level, Children: p.inlines(text, 0, false)}, i + 1, true
}

// fenceOpen parses an opening code fence (indentation removed): three or more
// backticks and an info string without backticks.
func fenceOpen(s string) (int, string, bool) {
	n := 0
	for n < len(s) && s[n] == '`' {
		n++
	}
	if n < 3 {
		return 0, "", false
	}
	info := strings.Trim(s[n:], " \t")
	if strings.ContainsRune(info, '`') {
		return 0, "", false
	}
	return n, info, true
}

// isFenceClose reports whether line closes a fence opened with n backticks.
func isFenceClose(line string, n int) bool {
	ind, rest := indentOf(line)
	if ind >= 4 {
		return false
	}
	k := 0
	for k < len(rest) && rest[k] == '`' {
		k++
	}
	return k >= n && isBlank(rest[k:])
}

// fence parses a fenced code block; an unclosed fence runs to the end of its
// container. Content lines lose up to ind columns of indentation.
func (p *parser) fence(lines []string, i, ind, n int, info string) (Node, int, bool) {
	j := i + 1
	var body []string
	for ; j < len(lines); j++ {
		if isFenceClose(lines[j], n) {
			j++
			break
		}
		body = append(body, stripIndent(lines[j], ind))
	}
	if !p.room(1) {
		return Node{}, j, false
	}
	p.count()
	return Node{Kind: KindCodeBlock, Text: strings.Join(body, "\n"), Info: fenceLang(info)}, j, true
}

// fenceLang keeps the first word of a fence info string, lower-cased, if it
// consists of [a-z0-9+#.-] and is at most 20 bytes long; otherwise "".
func fenceLang(info string) string {
	if f := strings.Fields(info); len(f) > 0 {
		info = strings.ToLower(f[0])
	}
	if len(info) > 20 {
		return ""
	}
	for i := 0; i < len(info); i++ {
		c := info[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || strings.IndexByte("+#.-", c) >= 0) {
			return ""
		}
	}
	return info
}

// quote parses a block quote: lines starting with '>' (one following blank is
// removed) and lazy continuation lines of a paragraph.
func (p *parser) quote(lines []string, i, depth int) (Node, int, bool) {
	var inner []string
	j := i
	for ; j < len(lines); j++ {
		ind, rest := indentOf(lines[j])
		if ind < 4 && strings.HasPrefix(rest, ">") {
			rest = rest[1:]
			if rest != "" && (rest[0] == ' ' || rest[0] == '\t') {
				rest = rest[1:]
			}
			inner = append(inner, rest)
			continue
		}
		if isBlank(lines[j]) || isBlank(inner[len(inner)-1]) || startsBlock(lines[j], depth, false) {
			break
		}
		inner = append(inner, lines[j])
	}
	if !p.room(1) {
		return Node{}, j, false
	}
	p.count()
	return Node{Kind: KindQuote, Children: p.blocks(inner, depth+1)}, j, true
}

// paragraph collects lines until a blank line or a block start and parses
// them as inline content.
func (p *parser) paragraph(lines []string, i, depth int) (Node, int, bool) {
	var b strings.Builder
	j := i
	for ; j < len(lines) && !isBlank(lines[j]); j++ {
		if j > i && startsBlock(lines[j], depth, false) {
			break
		}
		if j > i {
			b.WriteByte('\n')
		}
		b.WriteString(strings.TrimLeft(lines[j], " \t"))
	}
	if !p.room(1) {
		return Node{}, j, false
	}
	p.count()
	text := strings.TrimRight(b.String(), " \t")
	return Node{Kind: KindParagraph, Children: p.inlines(text, 0, false)}, j, true
}
