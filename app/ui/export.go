package ui

import (
	_ "embed"
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"vnetplay/app/canvas"
)

// CanvasCSS is the canvas' stylesheet: the colour tokens of the light
// theme and how nodes, edges and walks are drawn. The page loads it (the
// site publishes it as web/canvas.<hash>.css, before vnetplay.css, whose
// dark theme overrides the tokens), and every exported drawing embeds it,
// so an export looks like the canvas.
//
//go:embed canvas.css
var CanvasCSS string

// exportMargin is the space around the drawing in an export.
const exportMargin = 32.0

// ExportSVG renders a scene as a standalone SVG document drawn by the
// canvas' own drawing (nodeSVG, edgeSVG, written as the scene's parts are:
// svgEl.writeMarkup) with the canvas' stylesheet
// embedded: icons, full labels and edge styles as on screen, at 100%, in
// the light theme, nothing selected. The drawing covers every box and the
// text that overflows one. The output is deterministic.
func ExportSVG(sc *canvas.Scene, title string) string {
	b := exportBounds(sc)
	var w strings.Builder
	fmt.Fprintf(&w, `<svg xmlns="http://www.w3.org/2000/svg" class="canvas export" width="%s" height="%s" viewBox="%s %s %s %s">`+"\n",
		canvas.Num(b.W), canvas.Num(b.H), canvas.Num(b.X), canvas.Num(b.Y), canvas.Num(b.W), canvas.Num(b.H))
	w.WriteString("<title>")
	writeEscaped(&w, title)
	w.WriteString("</title>\n")
	w.WriteString("<style>\n" + CanvasCSS + "\n.export .handle { display: none; }\n</style>\n")
	fmt.Fprintf(&w, `<rect class="export-bg" x="%s" y="%s" width="%s" height="%s"/>`+"\n",
		canvas.Num(b.X), canvas.Num(b.Y), canvas.Num(b.W), canvas.Num(b.H))
	w.WriteString(`<g id="world">` + "\n")
	m := marks{}
	for _, e := range sc.Edges {
		edgeSVG(e, edgeClass(e, m, false), false).writeMarkup(&w)
		w.WriteByte('\n')
	}
	for _, n := range sc.Nodes {
		nodeSVG(n, nodeClass(n, m, false), false).writeMarkup(&w)
		w.WriteByte('\n')
	}
	w.WriteString("</g>\n</svg>\n")
	return w.String()
}

// exportSize is the size in pixels of ExportSVG's drawing.
func exportSize(sc *canvas.Scene) (w, h float64) {
	b := exportBounds(sc)
	return b.W, b.H
}

// exportBounds is the scene's bounds grown to the text that overflows its
// boxes and edge labels, plus the margin.
func exportBounds(sc *canvas.Scene) canvas.Rect {
	b := sc.Bounds
	if b == (canvas.Rect{}) {
		b = canvas.Rect{W: 200, H: 100}
	}
	for _, n := range sc.Nodes {
		// A label starts 40 px in; 7.5 px a character is generous for the
		// 13 px system font, so a long name is never cut.
		right := n.Box.X + 40 + 7.5*float64(utf8.RuneCountInString(n.Label))
		b = b.Union(canvas.Rect{X: n.Box.X, Y: n.Box.Y, W: math.Max(n.Box.W, right-n.Box.X), H: n.Box.H})
	}
	for _, e := range sc.Edges {
		if e.Label != "" {
			mx, my := (e.A.X+e.B.X)/2, (e.A.Y+e.B.Y)/2
			half := 3.5 * float64(utf8.RuneCountInString(e.Label))
			b = b.Union(canvas.Rect{X: mx - half, Y: my - 20, W: 2 * half, H: 20})
		}
	}
	return canvas.Rect{X: b.X - exportMargin, Y: b.Y - exportMargin, W: b.W + 2*exportMargin, H: b.H + 2*exportMargin}
}
