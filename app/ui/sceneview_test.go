//go:build !(js && wasm)

package ui

import (
	stdhtml "html"
	"math"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/canvas"
	"vnetplay/app/kinds"
	"vnetplay/app/workspace"
	"vnetplay/engine/gen"
	"vnetplay/engine/scenario"
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

// dropLifted is world markup without the items whose keys are lifted
// (each a <g> with that data-key, with its content), and those items in
// order.
func dropLifted(html string, lifted []string) (rest string, items []string) {
	set := map[string]bool{}
	for _, k := range lifted {
		set[k] = true
	}
	var b strings.Builder
	const attr = ` data-key="`
	for from := 0; ; {
		i := strings.Index(html[from:], attr)
		if i < 0 {
			b.WriteString(html)
			return b.String(), items
		}
		i += from
		v := html[i+len(attr):]
		v = v[:strings.IndexByte(v, '"')]
		start := strings.LastIndex(html[:i], "<")
		if !set[stdhtml.UnescapeString(v)] || !strings.HasPrefix(html[start:], "<g ") {
			from = i + len(attr)
			continue
		}
		end := closeOf(html, start, "g")
		b.WriteString(html[:start])
		items = append(items, html[start:end])
		html, from = html[end:], 0
	}
}

// liftedKeys are the keys of what the drag under way lifts (none without
// one).
func (l *liveShell) liftedKeys() []string { return liftedKeys(l.s.ws.Snap().Scene, l.s.ws.Lifted()) }

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
		keys := l.liftedKeys()
		mounted, mountedLifted := dropLifted(worldHTML(t, mountedPage), keys)
		fresh, freshLifted := dropLifted(worldHTML(t, freshPage), keys)
		if mounted != fresh {
			t.Fatalf("%s: the mounted scene differs from a fresh render:\nmounted %s\nfresh   %s", step, mounted, fresh)
		}
		// The drag layer is written whole, the selection's class included;
		// in the world the selection is a mark the Shell sets on the
		// elements (worldmarks.go), not in the markup.
		lift := strings.ReplaceAll(liftHTML(l.s.liftContent()), " "+selectedClass+`"`, `"`)
		if want := squeeze(strings.Join(freshLifted, "")); lift != want || len(mountedLifted) != len(freshLifted) {
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
	screen := canvas.Rect{W: 800, H: 600}
	l.do(workspace.CanvasSize{Screen: screen}) // parts outside the drawn window are hidden
	check("opened")
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
	for range 40 {
		l.do(workspace.CanvasKey{Key: "ArrowLeft", Screen: screen}, workspace.CanvasKey{Key: "ArrowUp", Screen: screen})
	}
	if !strings.Contains(worldHTML(t, l.html()), `display="none"`) {
		t.Fatal("panned away, no part of the scene is hidden")
	}
	check("panned away")
	l.do(workspace.ResetView{})
	check("back")
	l.do(workspace.PaletteAdd{Kind: kinds.VNet})
	check("added a VNet")
	l.do(workspace.Undo{}, workspace.Undo{})
	check("undone")
	l.do(workspace.Redo{})
	check("redone")
}

// TestPartsOutsideTheWindowAreHidden: with the canvas' size known, a part
// of the scene is hidden exactly when its bounds miss the drawn window,
// and nothing a hidden part draws lies in the window; panned far away,
// everything is hidden, and back, nothing is.
func TestPartsOutsideTheWindowAreHidden(t *testing.T) {
	l := shellWith(t, "hub-spoke-firewall")
	screen := canvas.Rect{W: 800, H: 600}
	l.do(workspace.CanvasSize{Screen: screen})
	parts := func() (hidden, shown int) {
		t.Helper()
		win := l.s.ws.DrawnWindow()
		if win == (canvas.Rect{}) {
			t.Fatal("no drawn window with the canvas' size known")
		}
		v := &SceneView{Scene: identOf(l.s.ws.Snap().Scene), Window: win}
		v.last = v.draw(v.last)
		for _, p := range v.partViews() {
			part := p.Part.ptr
			if p.Hidden != !part.bounds.Intersects(win) {
				t.Fatalf("a part bounded by %v is hidden=%v in the window %v", part.bounds, p.Hidden, win)
			}
			if !p.Hidden {
				shown++
				continue
			}
			hidden++
			for _, it := range part.items {
				if it.node != nil && it.node.Box.Intersects(win) {
					t.Fatalf("%s (%v) is in the window %v, but its part is hidden", it.node.Key, it.node.Box, win)
				}
				if it.edge != nil && canvas.Normalized(it.edge.A, it.edge.B).Intersects(win) {
					t.Fatalf("edge %s is in the window %v, but its part is hidden", it.edge.Key, win)
				}
			}
		}
		return hidden, shown
	}
	if hidden, _ := parts(); hidden != 0 {
		t.Errorf("the design opened fitted to the canvas, yet %d parts are hidden", hidden)
	}
	for range 40 {
		l.do(workspace.CanvasKey{Key: "ArrowLeft", Screen: screen}, workspace.CanvasKey{Key: "ArrowUp", Screen: screen})
	}
	if hidden, shown := parts(); shown != 0 || hidden == 0 {
		t.Errorf("panned far away: %d parts shown, %d hidden; want none shown", shown, hidden)
	}
	l.do(workspace.ResetView{})
	parts()
}

// TestPartCuts: on the 500-VNet design of bench-browser, the parts of the
// scene are runs of at most partSize items, edges apart from nodes, and
// the nodes of a part lie in one tile of partTile (their top-level node's
// corner does), so that most parts lie outside a window onto a corner of
// the design; and the Shell's cuts (sceneCuts) stay while a drag moves
// nodes, wherever it moves them.
func TestPartCuts(t *testing.T) {
	topo := gen.HubSpokeScale(gen.Params{N: 499, Subnets: 2, Prefixes: 1000, Seed: 1})
	sc := canvas.BuildScene(&scenario.Document{Format: scenario.Format, Version: scenario.Latest, Topology: topo})
	ne, nn := len(sc.Edges), len(sc.Nodes)
	cuts := partCuts(sc)
	if len(cuts) == 0 || cuts[len(cuts)-1] != ne+nn || !slices.Contains(cuts, ne) {
		t.Fatalf("cuts %v: want the last at %d and one at %d (edges apart)", cuts, ne+nn, ne)
	}
	top := map[string]canvas.Rect{} // each node's top-level node's box
	for i := range nn {
		n := sc.NodeRef(i)
		if b, ok := top[n.Parent]; ok {
			top[n.Key] = b
		} else {
			top[n.Key] = n.Box
		}
	}
	tileOf := func(i int) [2]float64 {
		b := top[sc.NodeRef(i).Key]
		return [2]float64{math.Floor(b.X / partTile), math.Floor(b.Y / partTile)}
	}
	start := 0
	for _, end := range cuts {
		if end <= start || end-start > partSize {
			t.Fatalf("a part from %d to %d: want 1 to %d items", start, end, partSize)
		}
		for i := max(start, ne) + 1; i < end; i++ {
			if tileOf(i-ne) != tileOf(start-ne) && start >= ne {
				t.Fatalf("the part from %d to %d holds nodes of tiles %v and %v", start, end, tileOf(start-ne), tileOf(i-ne))
			}
		}
		start = end
	}
	// A window onto a corner (1,500 × 1,300 units shown at zoom 0.5 on a
	// 750 × 650 canvas, with its margins) leaves most node parts hidden.
	win, _ := canvas.DrawnWindow(canvas.Viewport{Pan: canvas.Point{X: -1778, Y: -1888}, Zoom: 0.5}, canvas.Rect{W: 752, H: 669})
	v := &SceneView{Scene: identOf(sc), Window: win}
	v.last = v.draw(v.last)
	hidden, nodeParts := 0, 0
	for i, p := range v.partViews() {
		if cuts[i] > ne {
			nodeParts++
			if p.Hidden {
				hidden++
			}
		}
	}
	if hidden*4 < nodeParts*3 {
		t.Errorf("a window onto a corner hides %d of %d node parts, want at least three quarters", hidden, nodeParts)
	}

	// Lift a spoke (and what it holds) and move it anywhere: the Shell's
	// cuts stay; drawn again without the lift, the scene is cut again.
	var c sceneCuts
	first := c.of(sc, "")
	if !slices.Equal(*first.ptr, cuts) {
		t.Fatal("sceneCuts.of differs from partCuts")
	}
	for _, key := range []string{"vnet:spoke7", "vnet:spoke250", "vnet:hub"} {
		lifted, _ := sc.Lifted([]string{key})
		for _, d := range []canvas.Point{{X: 5000, Y: 0}, {X: -3000, Y: 7000}, {X: 17, Y: -9000}} {
			moved := &canvas.Scene{Nodes: slices.Clone(sc.Nodes), Edges: sc.Edges}
			for i := range moved.Nodes {
				if lifted[i] {
					moved.Nodes[i].Box.X += d.X
					moved.Nodes[i].Box.Y += d.Y
				}
			}
			if got := c.of(moved, key); got != first {
				t.Fatalf("%s lifted and moved by %v: the cuts changed", key, d)
			}
			if got := c.of(moved, ""); !slices.Equal(*got.ptr, partCuts(moved)) {
				t.Fatalf("%s dropped after a move by %v: not cut again", key, d)
			}
			if got := c.of(sc, ""); !slices.Equal(*got.ptr, cuts) {
				t.Fatal("back to the first scene: not cut again")
			}
			first = c.of(sc, "")
		}
	}
}
