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
	i := strings.Index(html, `id="world"`)
	if i < 0 {
		t.Fatal("no world drawn")
	}
	i = strings.LastIndex(html[:i], "<") // the tag's other attributes may come first
	j := strings.Index(html[i:], "</svg>")
	if j < 0 {
		t.Fatal("the world layer is not closed")
	}
	return sortAttrs(html[i : i+j])
}

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
		mounted, fresh := worldHTML(t, app.HTMLString(l.s)), worldHTML(t, l.html())
		if mounted != fresh {
			t.Fatalf("%s: the mounted scene differs from a fresh render:\nmounted %s\nfresh   %s", step, mounted, fresh)
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
