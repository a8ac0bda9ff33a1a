package canvas

import (
	"fmt"
	"html"
	"strings"
)

// ExportSVG renders a scene as a standalone SVG document (the canvas on
// screen relies on the page's stylesheet; an exported file must carry its
// own presentation). The drawing is the scene's bounds plus margin, light
// theme, in drawing order. The output is deterministic.
func ExportSVG(s *Scene, title string) string {
	const margin = 32.0
	b := s.Bounds
	if b == (Rect{}) {
		b = Rect{0, 0, 200, 100}
	}
	var w strings.Builder
	fmt.Fprintf(&w, `<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="%s %s %s %s" font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif">`+"\n",
		Num(b.W+2*margin), Num(b.H+2*margin), Num(b.X-margin), Num(b.Y-margin), Num(b.W+2*margin), Num(b.H+2*margin))
	fmt.Fprintf(&w, "<title>%s</title>\n", html.EscapeString(title))
	fmt.Fprintf(&w, `<rect x="%s" y="%s" width="%s" height="%s" fill="#f8fafc"/>`+"\n",
		Num(b.X-margin), Num(b.Y-margin), Num(b.W+2*margin), Num(b.H+2*margin))
	for _, e := range s.Edges {
		stroke, dash, width := "#64748b", "3 3", "1.25"
		if e.Kind == EdgePeering {
			stroke, dash, width = "#2563eb", "", "2.5"
			switch e.State {
			case "Initiated":
				stroke, dash = "#d97706", "7 5"
			case "Disconnected":
				stroke, dash = "#dc2626", "3 4"
			}
		}
		fmt.Fprintf(&w, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="%s"`, Num(e.A.X), Num(e.A.Y), Num(e.B.X), Num(e.B.Y), stroke, width)
		if dash != "" {
			fmt.Fprintf(&w, ` stroke-dasharray="%s"`, dash)
		}
		w.WriteString("/>\n")
		if e.Label != "" {
			fmt.Fprintf(&w, `<text x="%s" y="%s" text-anchor="middle" font-size="11.5" font-weight="600" fill="%s">%s</text>`+"\n",
				Num((e.A.X+e.B.X)/2), Num((e.A.Y+e.B.Y)/2-6), stroke, html.EscapeString(e.Label))
		}
	}
	for _, n := range s.Nodes {
		fill, stroke, rx := "#ffffff", "#e2e8f0", "8"
		switch n.Kind {
		case KindVNet:
			stroke, rx = "#93c5fd", "12"
		case KindSubnet:
			fill, stroke = "#eff6ff", "#bfdbfe"
		case KindVM, KindLB:
			fill, rx = "#f8fafc", "6"
		case KindNVA:
			fill, stroke, rx = "#f8fafc", "#f59e0b", "6"
		case KindRouteTable, KindNSG, KindInternet:
			fill = "#f1f5f9"
		}
		fmt.Fprintf(&w, `<g data-key="%s"><rect x="%s" y="%s" width="%s" height="%s" rx="%s" fill="%s" stroke="%s" stroke-width="1.5"/>`,
			html.EscapeString(n.Key), Num(n.Box.X), Num(n.Box.Y), Num(n.Box.W), Num(n.Box.H), rx, fill, stroke)
		size, dy := "13", 24.0
		switch n.Kind {
		case KindSubnet:
			dy = 22
		case KindVM, KindNVA, KindLB:
			size, dy = "11.5", 18
		}
		fmt.Fprintf(&w, `<text x="%s" y="%s" font-size="%s" font-weight="600" fill="#0f172a">%s</text>`,
			Num(n.Box.X+10), Num(n.Box.Y+dy), size, html.EscapeString(n.Label))
		if n.Detail != "" {
			x, y, anchor := n.Box.X+10, n.Box.Y+dy+18, "start"
			if n.Kind == KindSubnet || n.Kind == KindVM || n.Kind == KindNVA || n.Kind == KindLB {
				x, y, anchor = n.Box.X+n.Box.W-8, n.Box.Y+dy, "end"
			}
			fmt.Fprintf(&w, `<text x="%s" y="%s" font-size="11.5" font-family="ui-monospace, Menlo, Consolas, monospace" text-anchor="%s" fill="#64748b">%s</text>`,
				Num(x), Num(y), anchor, html.EscapeString(n.Detail))
		}
		w.WriteString("</g>\n")
	}
	w.WriteString("</svg>\n")
	return w.String()
}
