package markdown

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// item is one token of a paragraph: a finished node, or a run of emphasis
// delimiters that the matching pass may turn into emphasis.
type item struct {
	node   Node
	delim  bool
	ch     byte   // '*' or '_'
	n      int    // delimiter characters not consumed by a match
	open   bool   // the run can open emphasis
	close  bool   // the run can close emphasis
	opens  []Kind // emphasis opened by this run, innermost first
	closes []Kind // emphasis closed by this run, innermost first
}

// inlineParser tokenises one paragraph (or heading, or link text) in a single
// left-to-right pass. Every construct is recognised without backtracking over
// more than its own extent, so the work is linear in len(s).
type inlineParser struct {
	p       *parser
	s       string
	i       int
	depth   int  // inline nesting of s (1 inside link text)
	noLinks bool // inside link text: no nested links
	items   []item
	text    []byte        // pending text not yet flushed into an item
	ticks   map[int][]int // backtick runs by length: start offsets, ascending
	tickAt  map[int]int   // per length: index of the first run not yet passed
}

// inlines parses s as inline content.
func (p *parser) inlines(s string, depth int, noLinks bool) []Node {
	ip := &inlineParser{p: p, s: s, depth: depth, noLinks: noLinks}
	ip.run()
	ip.match()
	return ip.build()
}

// run tokenises s. When the node budget runs low the rest of s is kept as
// one text node.
func (ip *inlineParser) run() {
	for ip.i < len(ip.s) {
		if !ip.p.room(4) {
			ip.text = append(ip.text, ip.s[ip.i:]...)
			ip.i = len(ip.s)
			break
		}
		switch c := ip.s[ip.i]; c {
		case '\\':
			ip.escape()
		case '`':
			ip.codeSpan()
		case '[':
			if ip.noLinks || !ip.link() {
				ip.literal(ip.i + 1)
			}
		case '<':
			if ip.noLinks || !ip.autolink() {
				ip.literal(ip.i + 1)
			}
		case '*', '_':
			ip.delimiter(c)
		case '\n':
			ip.newline()
		default:
			ip.literal(ip.plainEnd())
		}
	}
	ip.flush()
}

// plainEnd returns the end of the run of ordinary characters at ip.i.
func (ip *inlineParser) plainEnd() int {
	j := ip.i + 1
	for j < len(ip.s) && strings.IndexByte("\\`[<*_\n", ip.s[j]) < 0 {
		j++
	}
	return j
}

// literal appends s[ip.i:end] to the pending text and moves past it.
func (ip *inlineParser) literal(end int) {
	ip.text = append(ip.text, ip.s[ip.i:end]...)
	ip.i = end
}

// flush turns the pending text into a text item.
func (ip *inlineParser) flush() {
	if len(ip.text) == 0 {
		return
	}
	ip.p.count()
	ip.items = append(ip.items, item{node: Node{Kind: KindText, Text: string(ip.text)}})
	ip.text = ip.text[:0]
}

// emit flushes the pending text and appends a finished node.
func (ip *inlineParser) emit(n Node) {
	ip.flush()
	ip.p.count()
	ip.items = append(ip.items, item{node: n})
}

// escape handles a backslash: before a newline it is a hard break, before
// ASCII punctuation it makes that character literal, otherwise it is text.
func (ip *inlineParser) escape() {
	s, i := ip.s, ip.i
	switch {
	case i+1 < len(s) && s[i+1] == '\n':
		ip.emit(Node{Kind: KindBreak})
		ip.i = i + 2
	case i+1 < len(s) && isASCIIPunct(s[i+1]):
		ip.text = append(ip.text, s[i+1])
		ip.i = i + 2
	default:
		ip.literal(i + 1)
	}
}

// newline ends a line: two or more trailing spaces make a hard break,
// otherwise the newline stays text (a soft break).
func (ip *inlineParser) newline() {
	k := len(ip.text)
	for k > 0 && ip.text[k-1] == ' ' {
		k--
	}
	hard := len(ip.text)-k >= 2
	ip.text = ip.text[:k]
	if hard {
		ip.emit(Node{Kind: KindBreak})
	} else {
		ip.text = append(ip.text, '\n')
	}
	ip.i++
}

// codeSpan handles a run of n backticks: it opens a code span closed by the
// next run of exactly n backticks, or stays literal when there is none.
func (ip *inlineParser) codeSpan() {
	s, i := ip.s, ip.i
	j := i
	for j < len(s) && s[j] == '`' {
		j++
	}
	n := j - i
	c := ip.closingTicks(n, j)
	if c < 0 {
		ip.literal(j)
		return
	}
	code := strings.ReplaceAll(s[j:c], "\n", " ")
	if len(code) >= 2 && code[0] == ' ' && code[len(code)-1] == ' ' && strings.Trim(code, " ") != "" {
		code = code[1 : len(code)-1]
	}
	ip.emit(Node{Kind: KindCode, Text: code})
	ip.i = c + n
}

// closingTicks returns the start of the first run of exactly n backticks at or
// after from, or -1. Calls come with increasing from, so each run list is
// walked once in total.
func (ip *inlineParser) closingTicks(n, from int) int {
	if ip.ticks == nil {
		ip.ticks, ip.tickAt = tickRuns(ip.s), map[int]int{}
	}
	runs, k := ip.ticks[n], ip.tickAt[n]
	for k < len(runs) && runs[k] < from {
		k++
	}
	ip.tickAt[n] = k
	if k < len(runs) {
		return runs[k]
	}
	return -1
}

// tickRuns indexes the maximal backtick runs of s by length.
func tickRuns(s string) map[int][]int {
	m := map[int][]int{}
	for i := 0; i < len(s); {
		if s[i] != '`' {
			i++
			continue
		}
		j := i
		for j < len(s) && s[j] == '`' {
			j++
		}
		m[j-i] = append(m[j-i], i)
		i = j
	}
	return m
}

// delimiter records a run of '*' or '_' with its flanking properties
// (CommonMark rules, without the "multiple of 3" rule). A run that can
// neither open nor close is text.
func (ip *inlineParser) delimiter(c byte) {
	s, i := ip.s, ip.i
	j := i
	for j < len(s) && s[j] == c {
		j++
	}
	before, after := ' ', ' '
	if i > 0 {
		before, _ = utf8.DecodeLastRuneInString(s[:i])
	}
	if j < len(s) {
		after, _ = utf8.DecodeRuneInString(s[j:])
	}
	left := !unicode.IsSpace(after) && (!isPunct(after) || unicode.IsSpace(before) || isPunct(before))
	right := !unicode.IsSpace(before) && (!isPunct(before) || unicode.IsSpace(after) || isPunct(after))
	open, closes := left, right
	if c == '_' {
		open = left && (!right || isPunct(before))
		closes = right && (!left || isPunct(after))
	}
	if !open && !closes {
		ip.literal(j)
		return
	}
	ip.flush()
	ip.p.count()
	ip.items = append(ip.items, item{delim: true, ch: c, n: j - i, open: open, close: closes})
	ip.i = j
}

func isPunct(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) }

func isASCIIPunct(c byte) bool {
	return c > ' ' && c < 0x7f && !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')
}

// link handles '[': text up to the next ']' (no unescaped '[' inside), then
// "(destination "optional title")". A destination that is not a safe URL
// leaves the text and the destination as plain text. It reports false when
// the syntax does not match; the '[' is then literal.
func (ip *inlineParser) link() bool {
	s, p := ip.s, ip.i
	q := p + 1
	for q < len(s) && s[q] != ']' && s[q] != '[' {
		if s[q] == '\\' && q+1 < len(s) {
			q++
		}
		q++
	}
	if q+1 >= len(s) || s[q] != ']' || s[q+1] != '(' {
		return false
	}
	dest, end, ok := linkTail(s, q+2)
	if !ok {
		return false
	}
	label := ip.p.inlines(s[p+1:q], ip.depth+1, true)
	ip.i = end
	if url, ok := SafeURL(dest); ok {
		if len(label) == 0 {
			label = []Node{{Kind: KindText, Text: dest}}
		}
		ip.emit(Node{Kind: KindLink, URL: url, External: true, Children: label})
		return true
	}
	for _, n := range label {
		ip.emit(n)
	}
	switch {
	case dest == "":
	case len(label) == 0:
		ip.text = append(ip.text, dest...)
	default:
		ip.text = append(ip.text, " ("+dest+")"...)
	}
	return true
}

// linkTail parses "destination "title")" from s[k:], just after "](". The
// destination ends at a blank or an unbalanced ')'; the title is dropped. It
// returns the unescaped destination and the offset after ')'.
func linkTail(s string, k int) (string, int, bool) {
	k = skipBlanks(s, k)
	start, depth := k, 0
	for ; k < len(s); k++ {
		c := s[k]
		if c == '\\' && k+1 < len(s) && isASCIIPunct(s[k+1]) {
			k++
			continue
		}
		if c <= ' ' || (c == ')' && depth == 0) {
			break
		}
		switch c {
		case '(':
			if depth++; depth > 32 {
				return "", 0, false
			}
		case ')':
			depth--
		}
	}
	dest := unescape(s[start:k])
	k = skipBlanks(s, k)
	if k < len(s) && k > start && (s[k] == '"' || s[k] == '\'') {
		q := s[k]
		for k++; k < len(s) && s[k] != q; k++ {
			if s[k] == '\\' {
				k++
			}
		}
		k = skipBlanks(s, k+1)
	}
	if k >= len(s) || s[k] != ')' {
		return "", 0, false
	}
	return dest, k + 1, true
}

func skipBlanks(s string, k int) int {
	for k < len(s) && (s[k] == ' ' || s[k] == '\t' || s[k] == '\n') {
		k++
	}
	return k
}

// unescape removes backslashes before ASCII punctuation.
func unescape(s string) string {
	if !strings.Contains(s, "\\") {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && isASCIIPunct(s[i+1]) {
			i++
		}
		b = append(b, s[i])
	}
	return string(b)
}

// autolink handles '<': "<scheme:…>" without blanks becomes a link when the
// URL is safe (http, https, mailto); anything else, tags included, is text.
func (ip *inlineParser) autolink() bool {
	s, p := ip.s, ip.i
	q := p + 1
	for q < len(s) && s[q] != '>' && s[q] != '<' && s[q] > ' ' {
		q++
	}
	if q >= len(s) || s[q] != '>' {
		return false
	}
	raw := s[p+1 : q]
	url, ok := SafeURL(raw)
	if !ok {
		return false
	}
	ip.emit(Node{Kind: KindLink, URL: url, External: true, Children: []Node{{Kind: KindText, Text: raw}}})
	ip.p.count()
	ip.i = q + 1
	return true
}
