package markdown

import "strings"

// match pairs emphasis delimiter runs. Each closer is matched against the
// nearest opener with the same character (one stack per character); openers
// of the other character lying between the two become literal. Every opener
// is pushed and popped at most once, so the pass is linear. Both runs of
// length ≥ 2 make strong, otherwise emphasis; a run matches repeatedly while
// it has characters left.
func (ip *inlineParser) match() {
	var stacks [2][]int // '*' and '_': indexes of items that can still open
	for k := range ip.items {
		it := &ip.items[k]
		if !it.delim {
			continue
		}
		own := stackOf(it.ch)
		for it.close && it.n > 0 && len(stacks[own]) > 0 {
			o := stacks[own][len(stacks[own])-1]
			op := &ip.items[o]
			kind, w := KindEmphasis, 1
			if it.n >= 2 && op.n >= 2 {
				kind, w = KindStrong, 2
			}
			op.n, it.n = op.n-w, it.n-w
			op.opens = append(op.opens, kind)
			it.closes = append(it.closes, kind)
			other := &stacks[1-own]
			for len(*other) > 0 && (*other)[len(*other)-1] > o {
				*other = (*other)[:len(*other)-1]
			}
			if op.n == 0 {
				stacks[own] = stacks[own][:len(stacks[own])-1]
			}
		}
		if it.open && it.n > 0 {
			stacks[own] = append(stacks[own], k)
		}
	}
}

func stackOf(c byte) int {
	if c == '_' {
		return 1
	}
	return 0
}

// frame is an emphasis element being built. Pending text is kept in a byte
// buffer so that merging adjacent text stays linear.
type frame struct {
	kind    Kind
	ch      byte
	literal bool // too deep or over budget: delimiters stay text, no element
	kids    []Node
	pending []byte
}

func (f *frame) addText(s string) { f.pending = append(f.pending, s...) }

func (f *frame) addNode(n Node) {
	if n.Kind == KindText {
		f.addText(n.Text)
		return
	}
	f.flush()
	f.kids = append(f.kids, n)
}

func (f *frame) flush() {
	if len(f.pending) > 0 {
		f.kids = append(f.kids, Node{Kind: KindText, Text: string(f.pending)})
		f.pending = f.pending[:0]
	}
}

// marks returns the delimiter text of a literal frame.
func (f *frame) marks() string {
	if f.kind == KindStrong {
		return string([]byte{f.ch, f.ch})
	}
	return string(f.ch)
}

// builder assembles the tree. Literal frames are always a suffix of the
// stack (depth and budget only get worse going up), so content goes to the
// innermost real frame, stack[real-1].
type builder struct {
	stack []frame
	real  int
}

func (b *builder) top() *frame { return &b.stack[b.real-1] }

// build turns the matched items into a tree. Matches nest properly by
// construction, so each close pops the innermost frame.
func (ip *inlineParser) build() []Node {
	b := &builder{stack: []frame{{}}, real: 1}
	for k := range ip.items {
		it := &ip.items[k]
		if !it.delim {
			b.top().addNode(it.node)
			continue
		}
		for range it.closes {
			b.pop()
		}
		b.top().addText(strings.Repeat(string(it.ch), it.n))
		for x := len(it.opens) - 1; x >= 0; x-- {
			ip.push(b, it.opens[x], it.ch)
		}
	}
	for len(b.stack) > 1 {
		b.pop()
	}
	b.top().flush()
	return b.stack[0].kids
}

// push opens an emphasis frame, literal when too deep or over budget.
func (ip *inlineParser) push(b *builder, kind Kind, ch byte) {
	f := frame{kind: kind, ch: ch}
	if b.real < len(b.stack) || len(b.stack)+ip.depth > MaxInlineDepth || !ip.p.room(1) {
		f.literal = true
		b.top().addText(f.marks())
		b.stack = append(b.stack, f)
		return
	}
	ip.p.count()
	b.stack = append(b.stack, f)
	b.real++
}

// pop closes the innermost frame into its parent.
func (b *builder) pop() {
	if len(b.stack) < 2 {
		return
	}
	f := b.stack[len(b.stack)-1]
	b.stack = b.stack[:len(b.stack)-1]
	if f.literal {
		b.top().addText(f.marks())
		return
	}
	b.real--
	f.flush()
	b.top().addNode(Node{Kind: f.kind, Children: f.kids})
}
