package ui

import (
	"strconv"
	"strings"

	"vnetplay/app/canvas"
)

// PlacedIcon draws kind as Icon does, size×size with its top left corner
// at (x, y) of the enclosing coordinates, but as plain shapes: no nested
// SVG and no transform. The canvas draws one per node, and every nested
// viewport or transform is a change of paint state for the browser; at 500
// VNets the icons tripled the paint chunks Chromium lays out again on every
// frame that changes the drawing (docs/performance.md). The shapes are
// Icon's, scaled by size/24 and moved by (x, y); the stroke is scaled too.
func PlacedIcon(kind IconKind, size int, x, y float64) *svgEl {
	s := float64(size) / 24
	p := placement{scale: s, dx: x, dy: y}
	g := el("g").
		attr("class", "icon icon-"+string(kind)).
		attr("fill", "none").
		attr("stroke", "currentColor").
		attr("stroke-width", canvas.Num(1.6*s)).
		attr("stroke-linecap", "round").
		attr("stroke-linejoin", "round").
		attr("aria-hidden", "true")
	for _, sh := range iconShapes(kind) {
		e := el(sh.tag)
		for _, a := range sh.attrs {
			e.attr(a[0], p.attr(sh.tag, a[0], a[1]))
		}
		g.body(e)
	}
	return g
}

// placement maps an icon's 24×24 grid to where PlacedIcon draws it:
// (v·scale + dx, v·scale + dy).
type placement struct{ scale, dx, dy float64 }

func (p placement) x(v float64) string { return canvas.Num(v*p.scale + p.dx) }
func (p placement) y(v float64) string { return canvas.Num(v*p.scale + p.dy) }
func (p placement) l(v float64) string { return canvas.Num(v * p.scale) }

// attr is the value of attribute name of a tag shape, placed.
func (p placement) attr(tag, name, value string) string {
	v, err := strconv.ParseFloat(value, 64)
	switch {
	case name == "d" && tag == "path":
		return p.path(value)
	case err != nil:
		return value // a class
	case name == "x" || name == "cx":
		return p.x(v)
	case name == "y" || name == "cy":
		return p.y(v)
	case name == "width" || name == "height" || name == "r" || name == "rx" || name == "ry":
		return p.l(v)
	}
	return value
}

// path places path data: absolute coordinates are scaled and moved,
// relative ones and lengths (arc radii) scaled, arc angles and flags kept.
// The result separates every command and number by a space.
func (p placement) path(d string) string {
	var out []string
	cmd, arg := byte('M'), 0
	for _, tok := range pathTokens(d) {
		if c := tok[0]; (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') {
			cmd, arg = c, 0
			out = append(out, tok)
			continue
		}
		v, err := strconv.ParseFloat(tok, 64)
		if err != nil {
			out = append(out, tok)
			continue
		}
		out = append(out, p.coord(cmd, arg, v))
		arg++
	}
	return strings.Join(out, " ")
}

// coord places the arg-th number after command cmd.
func (p placement) coord(cmd byte, arg int, v float64) string {
	rel := cmd >= 'a'
	upper := cmd &^ 0x20
	axis := arg % 2 // x, y pairs
	switch upper {
	case 'H':
		axis = 0
	case 'V':
		axis = 1
	case 'A': // rx ry rotation large-arc sweep x y
		switch arg % 7 {
		case 0, 1:
			return p.l(v)
		case 2, 3, 4:
			return strconv.FormatFloat(v, 'f', -1, 64)
		}
		axis = (arg % 7) - 5
	}
	switch {
	case rel:
		return p.l(v)
	case axis == 0:
		return p.x(v)
	}
	return p.y(v)
}

// pathTokens splits path data into commands and numbers ("M7 5 L-2.5,12"
// is M 7 5 L -2.5 12): a letter is a command, and a number ends at a space,
// a comma, a letter or a minus sign that starts the next one.
func pathTokens(d string) []string {
	var out []string
	start := -1
	flush := func(i int) {
		if start >= 0 {
			out = append(out, d[start:i])
			start = -1
		}
	}
	for i := 0; i < len(d); i++ {
		switch c := d[i]; {
		case c == ' ' || c == ',' || c == '\t' || c == '\n':
			flush(i)
		case (c >= 'A' && c <= 'Z' && c != 'E') || (c >= 'a' && c <= 'z' && c != 'e'):
			flush(i)
			out = append(out, d[i:i+1])
		case c == '-' && start >= 0 && d[i-1] != 'e' && d[i-1] != 'E':
			flush(i)
			start = i
		default:
			if start < 0 {
				start = i
			}
		}
	}
	flush(len(d))
	return out
}
