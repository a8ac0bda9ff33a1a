// Package markdown parses the small, bounded Markdown subset used for
// challenge instructions (issue 16) and renders it with go-app elements.
//
// Parse turns untrusted source into a tree of typed nodes; Render turns that
// tree into go-app elements. Raw HTML is never interpreted: anything that looks
// like a tag stays text, and only http, https and mailto URLs become links, all
// of them marked external. The parser is linear in the input size (no
// backtracking regular expressions), bounds the input length, the nesting
// depth and the number of nodes, and keeps no package-level mutable state.
//
// Supported constructs: ATX headings (#, ##, ### — deeper levels clamp to
// level 3), paragraphs separated by blank lines, unordered (-, *, +) and
// ordered (1. or 1)) lists with nesting, block quotes (>), fenced code blocks
// (```), inline code, emphasis (*x*, _x_), strong (**x**, __x__), links
// [text](url "title"), autolinks <https://…>, hard line breaks (two trailing
// spaces or a trailing backslash) and backslash escapes.
package markdown

// Bounds on the work done for one document.
const (
	// MaxInputRunes is the number of characters Parse reads; the rest is cut
	// and replaced by a KindNote block.
	MaxInputRunes = 20000
	// MaxNodes bounds the number of nodes in a parsed document (a few text
	// nodes holding the unparsed remainder may come on top).
	MaxNodes = 5000
	// MaxBlockDepth bounds the nesting of block containers (quotes, lists,
	// items). Deeper content is kept as plain paragraphs.
	MaxBlockDepth = 6
	// MaxInlineDepth bounds the nesting of emphasis, strong and links.
	// Deeper delimiters stay literal text.
	MaxInlineDepth = 6
	// MaxURLLength is the longest URL accepted as a link target.
	MaxURLLength = 2048
)

// Notes appended when a document is cut.
const (
	NoteTooLong    = "Instructions truncated: longer than 20,000 characters."
	NoteTooComplex = "Instructions truncated: too many elements."
)

// Kind is the type of a node.
type Kind uint8

// Block kinds.
const (
	KindHeading   Kind = iota + 1 // Level 1–3, inline children
	KindParagraph                 // inline children
	KindList                      // Ordered, Start; KindItem children
	KindItem                      // block children
	KindQuote                     // block children
	KindCodeBlock                 // Text (verbatim), Info (sanitised language tag)
	KindNote                      // Text: a parser note, e.g. truncation
	// Inline kinds.
	KindText     // Text
	KindCode     // Text (inline code)
	KindEmphasis // inline children
	KindStrong   // inline children
	KindLink     // URL, External, inline children (the link text)
	KindBreak    // hard line break
)

// String returns a short lowercase name of the kind ("heading", "em", …).
func (k Kind) String() string {
	switch k {
	case KindHeading:
		return "heading"
	case KindParagraph:
		return "paragraph"
	case KindList:
		return "list"
	case KindItem:
		return "item"
	case KindQuote:
		return "quote"
	case KindCodeBlock:
		return "codeblock"
	case KindNote:
		return "note"
	case KindText:
		return "text"
	case KindCode:
		return "code"
	case KindEmphasis:
		return "em"
	case KindStrong:
		return "strong"
	case KindLink:
		return "link"
	case KindBreak:
		return "br"
	}
	return "unknown"
}

// Node is one element of the parsed tree. Which fields are meaningful depends
// on Kind (see the Kind constants); the others are zero.
type Node struct {
	Kind     Kind
	Level    int    // heading level, 1–3
	Ordered  bool   // KindList: numbered list
	Start    int    // KindList: number of the first item when Ordered
	Text     string // KindText, KindCode, KindCodeBlock, KindNote
	Info     string // KindCodeBlock: language tag, [a-z0-9+#.-] only
	URL      string // KindLink: validated http, https or mailto URL
	External bool   // KindLink: always true (links open outside the app)
	Children []Node
}

// Doc is a parsed document.
type Doc struct {
	Blocks []Node
	// Truncated reports that the input was cut (too long or too many nodes);
	// a KindNote block at the end says why.
	Truncated bool
}

// Count returns the number of nodes in the document, all levels included.
func (d Doc) Count() int {
	n := 0
	for i := range d.Blocks {
		n += countNode(&d.Blocks[i])
	}
	return n
}

func countNode(n *Node) int {
	c := 1
	for i := range n.Children {
		c += countNode(&n.Children[i])
	}
	return c
}
