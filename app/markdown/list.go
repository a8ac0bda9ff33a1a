package markdown

import "strings"

// marker is a parsed list item marker.
type marker struct {
	ordered bool
	ch      byte   // '-', '*', '+' for bullets; '.' or ')' for ordered
	start   int    // ordered: the item number
	width   int    // columns from the marker to the item content
	content string // the rest of the line
}

// listMarker parses a list item marker at the start of s (indentation
// removed): -, * or + or up to nine digits followed by . or ), then a blank
// and non-blank content. Thematic breaks (* * *, - - -) are not items.
func listMarker(s string) (marker, bool) {
	var m marker
	k := 0
	switch {
	case s == "":
		return m, false
	case s[0] == '-' || s[0] == '*' || s[0] == '+':
		if isBreakLine(s) {
			return m, false
		}
		m.ch, k = s[0], 1
	default:
		for k < len(s) && k < 9 && s[k] >= '0' && s[k] <= '9' {
			m.start = m.start*10 + int(s[k]-'0')
			k++
		}
		if k == 0 || k >= len(s) || (s[k] != '.' && s[k] != ')') {
			return m, false
		}
		m.ordered, m.ch = true, s[k]
		k++
	}
	if k >= len(s) || (s[k] != ' ' && s[k] != '\t') {
		return m, false
	}
	sp, content := indentOf(s[k:])
	if content == "" {
		return m, false
	}
	if sp > 4 {
		sp = 1
	}
	m.width, m.content = k+sp, content
	return m, true
}

// isBreakLine reports whether s is a thematic break: three or more of the same
// '-', '*' or '_' and blanks only.
func isBreakLine(s string) bool {
	n := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case s[0]:
			n++
		case ' ', '\t':
		default:
			return false
		}
	}
	return n >= 3
}

// list parses consecutive items with the same kind of marker. Blank lines
// between items keep the list going.
func (p *parser) list(lines []string, i, depth int) (Node, int, bool) {
	_, rest := indentOf(lines[i])
	first, _ := listMarker(rest)
	if !p.room(1) {
		return Node{}, i + 1, false
	}
	p.count()
	list := Node{Kind: KindList, Ordered: first.ordered, Start: first.start}
	j := i
	for j < len(lines) && !p.full {
		if isBlank(lines[j]) {
			n := j + 1
			for n < len(lines) && isBlank(lines[n]) {
				n++
			}
			if n == len(lines) || !sameList(lines[n], first) {
				break
			}
			j = n
		}
		ind, rest := indentOf(lines[j])
		m, ok := listMarker(rest)
		if !ok || ind >= 4 || m.ordered != first.ordered || m.ch != first.ch || !p.room(1) {
			break
		}
		p.count()
		body, next := collectItem(lines, j, ind+m.width, m.content, depth)
		list.Children = append(list.Children, Node{Kind: KindItem, Children: p.blocks(body, depth+1)})
		j = next
	}
	return list, j, true
}

// sameList reports whether line is an item of the list started by first.
func sameList(line string, first marker) bool {
	ind, rest := indentOf(line)
	m, ok := listMarker(rest)
	return ok && ind < 4 && m.ordered == first.ordered && m.ch == first.ch
}

// collectItem gathers the lines of the item whose marker is on line j:
// following lines indented by at least width columns (blank lines included
// when the item goes on after them) and lazy continuation lines. It returns
// the item's lines, indentation removed, and the index of the line after it.
func collectItem(lines []string, j, width int, first string, depth int) ([]string, int) {
	out := []string{first}
	k := j + 1
	for k < len(lines) {
		line := lines[k]
		if isBlank(line) {
			n := k + 1
			for n < len(lines) && isBlank(lines[n]) {
				n++
			}
			if ind, _ := indentOf(safeLine(lines, n)); n == len(lines) || ind < width {
				break
			}
			for ; k < n; k++ {
				out = append(out, "")
			}
			continue
		}
		if ind, _ := indentOf(line); ind >= width {
			out = append(out, stripIndent(line, width))
		} else if isBlank(out[len(out)-1]) || startsBlock(line, depth, true) {
			break
		} else {
			out = append(out, strings.TrimLeft(line, " \t"))
		}
		k++
	}
	return out, k
}

func safeLine(lines []string, n int) string {
	if n < len(lines) {
		return lines[n]
	}
	return ""
}
