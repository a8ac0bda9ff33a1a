//go:build !(js && wasm)

package ui

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/canvas"
	"vnetplay/app/kinds"
	"vnetplay/app/workspace"
)

// worldHTML is the world group's markup in html (the scene and what is
// drawn over it), with each tag's attributes sorted.
func worldHTML(t *testing.T, html string) string {
	t.Helper()
	return sortAttrs(elementByID(t, html, "world", "g"))
}

// elementByID is the markup of the element <tag id="id"> in html, from
// its start tag to its matching end tag.
func elementByID(t *testing.T, html, id, tag string) string {
	t.Helper()
	i := strings.Index(html, `id="`+id+`"`)
	if i < 0 {
		t.Fatalf("no #%s drawn", id)
	}
	i = strings.LastIndex(html[:i], "<") // the tag's other attributes may come first
	return html[i:closeOf(html, i, tag)]
}

// closeOf is the end of the element whose start tag is at html[start:]
// (a <tag>): just after its matching </tag>, counting the same tags
// nested in it (icons are SVGs inside the world's SVG), or len(html).
func closeOf(html string, start int, tag string) int {
	depth, j := 0, start
	for {
		rest := html[j+1:]
		end := strings.Index(rest, "</"+tag+">")
		if end < 0 {
			return len(html)
		}
		if open := nextOpen(rest, tag); open >= 0 && open < end {
			depth++
			j += 1 + open
			continue
		}
		j += 1 + end
		if depth == 0 {
			return j + len("</"+tag+">")
		}
		depth--
	}
}

// nextOpen is the index of the first start tag <tag> or <tag ...> in html,
// or -1.
func nextOpen(html, tag string) int {
	for from := 0; ; {
		i := strings.Index(html[from:], "<"+tag)
		if i < 0 {
			return -1
		}
		i += from
		if k := i + 1 + len(tag); k < len(html) && (html[k] == ' ' || html[k] == '>') {
			return i
		}
		from = i + 1
	}
}

// dropLifted is world markup without the items a drag lifted (each a <g>
// whose class ends with liftedClass, with its content), and those items in
// order.
func dropLifted(html string) (rest string, lifted []string) {
	var b strings.Builder
	for {
		i := strings.Index(html, liftedClass+`"`)
		if i < 0 {
			b.WriteString(html)
			return b.String(), lifted
		}
		start := strings.LastIndex(html[:i], "<g ")
		end := closeOf(html, start, "g")
		b.WriteString(html[:start])
		lifted = append(lifted, html[start:end])
		html = html[end:]
	}
}

// liftHTML is the drag layer's items in markup, the layer's content
// (Shell.liftContent), attributes sorted, no space between tags: the
// markup inside its group.
func liftHTML(markup string) string {
	layer := squeeze(sortAttrs(markup))
	open := strings.Index(layer, ">") + 1
	return strings.TrimSuffix(layer[open:], "</g>")
}

// squeeze is markup without the space between tags (go-app indents by
// depth, and the drag layer's items are less deep than the world's).
func squeeze(markup string) string {
	return betweenTagsRE.ReplaceAllString(strings.TrimSpace(markup), "><")
}

var betweenTagsRE = regexp.MustCompile(`>\s+<`)

var (
	tagRE  = regexp.MustCompile(`<([a-zA-Z][\w-]*)((?:\s+[^\s=>]+(?:="[^"]*")?)*)\s*(/?)>`)
	attrRE = regexp.MustCompile(`[^\s=>]+(?:="[^"]*")?`)
)

// sortAttrs is html with the attributes of each tag sorted: go-app writes
// them in map order.
func sortAttrs(html string) string {
	return tagRE.ReplaceAllStringFunc(html, func(tag string) string {
		m := tagRE.FindStringSubmatch(tag)
		attrs := attrRE.FindAllString(m[2], -1)
		slices.Sort(attrs)
		if len(attrs) == 0 {
			return "<" + m[1] + m[3] + ">"
		}
		return "<" + m[1] + " " + strings.Join(attrs, " ") + m[3] + ">"
	})
}

// TestMountedSceneIsDrawnScene: along drags, moves by key, selections,
// marks, a zoom to the far view and back, an added node, undo and redo,
// the scene in the mounted tree (whose parts a render keeps when what
// they draw has not changed) is the scene a fresh render draws.
func TestMountedSceneIsDrawnScene(t *testing.T) {
	l := shellWith(t, "hub-spoke-firewall")
	check := func(step string) {
		t.Helper()
		mountedPage, freshPage := app.HTMLString(l.s), l.html()
		// During a drag the mounted world keeps what the drag moves where
		// it started, hidden, and the drag layer draws it where it is: the
		// rest of the world is the fresh render's, and the drag layer is
		// what the fresh render draws hidden.
		mounted, mountedLifted := dropLifted(worldHTML(t, mountedPage))
		fresh, freshLifted := dropLifted(worldHTML(t, freshPage))
		if mounted != fresh {
			t.Fatalf("%s: the mounted scene differs from a fresh render:\nmounted %s\nfresh   %s", step, mounted, fresh)
		}
		lift := liftHTML(l.s.liftContent())
		if want := squeeze(strings.ReplaceAll(strings.Join(freshLifted, ""), liftedClass+`"`, `"`)); lift != want || len(mountedLifted) != len(freshLifted) {
			t.Fatalf("%s: the drag layer (%d items hidden in the world, %d in a fresh render) draws\n%s\nnot\n%s", step, len(mountedLifted), len(freshLifted), lift, want)
		}
		if step == "opened" || strings.HasPrefix(step, "drop") {
			if len(freshLifted) != 0 || lift != "" {
				t.Fatalf("%s: no drag under way, yet %d items are lifted", step, len(freshLifted))
			}
		} else if strings.HasPrefix(step, "drag") && len(freshLifted) == 0 {
			t.Fatalf("%s: a drag lifts nothing", step)
		}
	}
	check("opened")
	screen := canvas.Rect{W: 800, H: 600}
	drag := func(key string, dx, dy float64) {
		t.Helper()
		n, ok := l.s.ws.Snap().Scene.Node(key)
		if !ok {
			t.Fatalf("no node %s", key)
		}
		v := l.s.ws.View()
		at := canvas.Point{X: (n.Box.X+10)*v.Zoom + v.Pan.X, Y: (n.Box.Y+6)*v.Zoom + v.Pan.Y}
		l.do(workspace.PointerDown{At: at, Screen: screen, Pointer: 1})
		for i := 1; i <= 5; i++ {
			l.do(workspace.PointerMove{At: canvas.Point{X: at.X + dx*float64(i), Y: at.Y + dy*float64(i)}, Pointer: 1})
			check("drag " + key)
		}
		l.do(workspace.PointerUp{At: canvas.Point{X: at.X + 5*dx, Y: at.Y + 5*dy}, Pointer: 1})
		check("drop " + key)
		if m, _ := l.s.ws.Snap().Scene.Node(key); m.Box == n.Box {
			t.Fatalf("the drag did not move %s", key)
		}
	}
	drag("vnet:hub", 30, 10)
	drag("vnet:hub", -20, 40)
	l.do(workspace.Select{Key: "vnet:hub"}, workspace.CanvasKey{Key: "ArrowRight", Alt: true})
	check("moved by key")
	l.do(workspace.SelectAll{})
	check("all selected")
	l.do(workspace.OpenTab{Tab: workspace.TabWhatIf}, workspace.RunSweep{})
	check("N-1 marks")
	for range 12 {
		l.do(workspace.CanvasKey{Key: "-"})
	}
	check("far view")
	l.do(workspace.ResetView{})
	check("near view")
	l.do(workspace.PaletteAdd{Kind: kinds.VNet})
	check("added a VNet")
	l.do(workspace.Undo{}, workspace.Undo{})
	check("undone")
	l.do(workspace.Redo{})
	check("redone")
}
