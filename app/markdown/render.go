package markdown

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// renderDepth bounds the element nesting Render produces for hand-made
// documents; parsed documents never come close.
const renderDepth = 2*MaxBlockDepth + MaxInlineDepth + 4

// Render returns d as go-app elements inside a <div class="md">: headings
// map to H3 (#), H4 (##) and H5 (###) because instructions live inside a
// panel. Only these elements are produced: div, h3, h4, h5, p, ul, ol, li,
// blockquote, pre, code, em, strong, a, br and text; every class starts with
// "md"; there are no style attributes and no raw HTML. Links are re-checked
// with SafeURL (a hand-made Doc may carry anything) and open outside the app:
// target="_blank" rel="noopener noreferrer". Unknown kinds render nothing.
func Render(d Doc) app.UI {
	return app.Div().Class("md").Body(renderBlocks(d.Blocks, 0)...)
}

func renderBlocks(ns []Node, depth int) []app.UI {
	out := make([]app.UI, 0, len(ns))
	for i := range ns {
		if ui := renderBlock(&ns[i], depth); ui != nil {
			out = append(out, ui)
		}
	}
	return out
}

func renderBlock(n *Node, depth int) app.UI {
	if depth > renderDepth {
		return nil
	}
	switch n.Kind {
	case KindHeading:
		return renderHeading(n, depth)
	case KindParagraph:
		return app.P().Class("md-p").Body(renderInlines(n.Children, depth+1)...)
	case KindList:
		return renderList(n, depth)
	case KindQuote:
		return app.Blockquote().Class("md-quote").Body(renderBlocks(n.Children, depth+1)...)
	case KindCodeBlock:
		return app.Pre().Class("md-pre").Body(app.Code().Class("md-code").Text(n.Text))
	case KindNote:
		return app.P().Class("md-note").Text(n.Text)
	default:
		return renderInline(n, depth)
	}
}

func renderHeading(n *Node, depth int) app.UI {
	body := renderInlines(n.Children, depth+1)
	switch n.Level {
	case 1:
		return app.H3().Class("md-h1").Body(body...)
	case 2:
		return app.H4().Class("md-h2").Body(body...)
	default:
		return app.H5().Class("md-h3").Body(body...)
	}
}

// renderList renders a list; an item whose first block is a paragraph shows
// that paragraph's content directly in the <li> (tight list).
func renderList(n *Node, depth int) app.UI {
	items := make([]app.UI, 0, len(n.Children))
	for i := range n.Children {
		it := &n.Children[i]
		if it.Kind != KindItem {
			continue
		}
		var body []app.UI
		rest := it.Children
		if len(rest) > 0 && rest[0].Kind == KindParagraph {
			body = renderInlines(rest[0].Children, depth+2)
			rest = rest[1:]
		}
		body = append(body, renderBlocks(rest, depth+2)...)
		items = append(items, app.Li().Class("md-li").Body(body...))
	}
	if n.Ordered {
		ol := app.Ol().Class("md-ol")
		if n.Start != 1 && n.Start > 0 {
			ol = ol.Start(n.Start)
		}
		return ol.Body(items...)
	}
	return app.Ul().Class("md-ul").Body(items...)
}

func renderInlines(ns []Node, depth int) []app.UI {
	out := make([]app.UI, 0, len(ns))
	for i := range ns {
		if ui := renderInline(&ns[i], depth); ui != nil {
			out = append(out, ui)
		}
	}
	return out
}

func renderInline(n *Node, depth int) app.UI {
	if depth > renderDepth {
		return nil
	}
	switch n.Kind {
	case KindText:
		return app.Text(n.Text)
	case KindCode:
		return app.Code().Class("md-code").Text(n.Text)
	case KindEmphasis:
		return app.Em().Class("md-em").Body(renderInlines(n.Children, depth+1)...)
	case KindStrong:
		return app.Strong().Class("md-strong").Body(renderInlines(n.Children, depth+1)...)
	case KindBreak:
		return app.Br()
	case KindLink:
		return renderLink(n, depth)
	default:
		return nil
	}
}

// renderLink renders an external link, or its text followed by the URL in
// parentheses when the URL is not safe.
func renderLink(n *Node, depth int) app.UI {
	url, ok := SafeURL(n.URL)
	if !ok {
		return app.Text(plainText(n.Children, depth) + " (" + n.URL + ")")
	}
	body := renderInlines(n.Children, depth+1)
	return app.A().Class("md-link").Href(url).Target("_blank").Rel("noopener noreferrer").Body(body...)
}

// plainText concatenates the text and code of ns and their descendants.
func plainText(ns []Node, depth int) string {
	var b strings.Builder
	var walk func(ns []Node, depth int)
	walk = func(ns []Node, depth int) {
		for i := range ns {
			switch {
			case ns[i].Kind == KindText || ns[i].Kind == KindCode:
				b.WriteString(ns[i].Text)
			case depth < renderDepth:
				walk(ns[i].Children, depth+1)
			}
		}
	}
	walk(ns, depth)
	return b.String()
}
