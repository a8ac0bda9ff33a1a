package ui

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// svgEl is an SVG element of the canvas' drawing (nodeSVG, edgeSVG),
// written as markup (writeMarkup: the scene's parts and the drag layer,
// which the browser's parser mounts in one call where go-app would make a
// call per element and per attribute: 3 s for the 22,000 elements of 500
// VNets, docs/performance.md; and the SVG export). UI draws it as go-app
// elements instead, which only the drag benchmarks' flat baseline does. A
// text node is an svgEl without a tag.
type svgEl struct {
	tag   string
	attrs []svgAttr
	text  string
	kids  []*svgEl
}

type svgAttr struct{ name, value string }

// el is an empty element.
func el(tag string) *svgEl { return &svgEl{tag: tag} }

// attr adds an attribute (in order; names are not checked for repeats).
func (e *svgEl) attr(name, value string) *svgEl {
	e.attrs = append(e.attrs, svgAttr{name, value})
	return e
}

// textOf sets the element's text (its only content).
func (e *svgEl) textOf(s string) *svgEl {
	e.text = s
	return e
}

// body appends children.
func (e *svgEl) body(kids ...*svgEl) *svgEl {
	e.kids = append(e.kids, kids...)
	return e
}

// plain is a text node.
func plain(s string) *svgEl { return &svgEl{text: s} }

// UI is the element as go-app elements in the SVG namespace.
func (e *svgEl) UI() app.UI {
	if e.tag == "" {
		return app.Text(e.text)
	}
	out := S(e.tag)
	for _, a := range e.attrs {
		out = out.Attr(a.name, a.value)
	}
	if len(e.kids) == 0 {
		if e.text != "" {
			out = out.Text(e.text)
		}
		return out
	}
	kids := make([]app.UI, len(e.kids))
	for i, k := range e.kids {
		kids[i] = k.UI()
	}
	return out.Body(kids...)
}

// writeMarkup writes the element as markup: attribute values and text
// escaped, characters XML cannot hold replaced (U+FFFD), so that any name
// in a design is text and never markup.
func (e *svgEl) writeMarkup(b *strings.Builder) {
	if e.tag == "" {
		writeEscaped(b, e.text)
		return
	}
	b.WriteByte('<')
	b.WriteString(e.tag)
	for _, a := range e.attrs {
		b.WriteByte(' ')
		b.WriteString(a.name)
		b.WriteString(`="`)
		writeEscaped(b, a.value)
		b.WriteByte('"')
	}
	b.WriteByte('>')
	writeEscaped(b, e.text)
	for _, k := range e.kids {
		k.writeMarkup(b)
	}
	b.WriteString("</")
	b.WriteString(e.tag)
	b.WriteByte('>')
}

// writeEscaped writes s with &, <, >, " and ' as character references and
// the characters XML cannot hold as U+FFFD.
func writeEscaped(b *strings.Builder, s string) {
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"':
			b.WriteString("&#34;")
		case r == '\'':
			b.WriteString("&#39;")
		case r < 0x20 && r != '\n' && r != '\t' && r != '\r', r == 0xFFFE, r == 0xFFFF:
			b.WriteRune('\uFFFD')
		default:
			b.WriteRune(r)
		}
	}
}
