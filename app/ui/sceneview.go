package ui

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"unsafe"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/canvas"
)

// SceneView draws the scene: its edges, then its nodes. Its exported
// fields are everything that drawing depends on, but for the marks the
// Shell sets on its elements after each render (the selection, what a
// drag lifts: worldmarks.go). go-app compares a child
// component's exported fields before rendering it again, and a pointer
// that has not changed compares equal at once; so a pan or a zoom, which
// change only the transform of the world around it, render none of the
// scene (Scene is an ident: a new scene differs at once, without
// reflect.DeepEqual walking it). Sets are kept as sorted, newline-joined
// keys so that comparing them is cheap.
//
// The edges and nodes are drawn in parts of partSize (ScenePart), each
// holding its edges' and nodes' versions (canvas.Scene.NodeRef: one
// pointer per version) and classes. A render of the scene keeps the part
// of every run of items whose versions and classes did not change, so
// go-app skips it at once: a drag move, whose scene shares every node and
// edge it did not move with the previous one (canvas.MovedScene), renders
// only the parts holding what moved, and in them only the nodes and edges
// that moved (their components compare their versions by pointer too).
type SceneView struct {
	app.Compo
	Scene  ident[canvas.Scene]
	Failed string // keys drawn as failed
	SPOF   string // keys drawn as single points of failure
	Target string // the node a connection would end on
	Far    bool   // boxes alone (see detailZoom)
	// Lifted holds the keys of the nodes a drag moves (joined). The scene
	// keeps drawing them, what they hold and their edges as they were when
	// the drag started, hidden (the Shell marks their elements:
	// worldmarks.go); liftMarkup draws them as they are now, on the drag
	// layer.
	// So a drag's moves, its first included, change no part here: the
	// browser repaints the small drag layer and the hidden items alone.
	Lifted string
	// Window is the part of the world drawn (workspace.DrawnWindow): a
	// part wholly outside it is kept but not displayed (ScenePart.Hidden),
	// so the browser neither lays it out nor paints it. The zero Rect
	// displays every part.
	Window canvas.Rect
	// Cuts are where the scene is cut into parts (partCuts, kept through
	// a drag by the Shell's sceneCuts); none: partCuts of Scene.
	Cuts ident[[]int]

	last sceneDrawn // what the previous render drew (go-app keeps unexported fields)
	// flat, set when the view is made (a benchmark's Shell), draws the
	// scene the way it was drawn before parts: the baseline it is
	// measured against. Nil: parts.
	flat func(*SceneView) app.UI
}

// partSize is the most edges and nodes a ScenePart draws. A drag move
// costs about (edges + nodes) / partSize part comparisons plus partSize
// item comparisons per part it touches (the moved nodes are contiguous;
// their edges are in a few runs).
const partSize = 32

// partTile is the side (world units) of the tiles that a run of nodes
// stays in to make one part (partCuts): a part's nodes lie close
// together, so that a part outside the drawn window can be hidden whole
// while the canvas shows a corner of a big design.
const partTile = 2048

// partCuts are where the scene's items (its edges, then its nodes) are cut
// into parts: each part ends at the next cut. Edges are cut every
// partSize; nodes at most every partSize, and also where the next node's
// top-level node lies in another tile (partTile) than the part's first
// node's, so that a part keeps to one tile. The order of the items, which
// is the order they are painted in, is the scene's.
func partCuts(sc *canvas.Scene) []int {
	ne, nn := len(sc.Edges), len(sc.Nodes)
	cuts := make([]int, 0, (ne+nn)/partSize+nn/8+2)
	for c := partSize; c < ne; c += partSize {
		cuts = append(cuts, c)
	}
	if ne > 0 {
		cuts = append(cuts, ne)
	}
	tiles := make(map[string][2]int, nn) // a node's top-level node's tile
	start, startTile := 0, [2]int{}
	for i := range nn {
		n := sc.NodeRef(i)
		tile, ok := tiles[n.Parent]
		if n.Parent == "" || !ok {
			tile = [2]int{int(math.Floor(n.Box.X / partTile)), int(math.Floor(n.Box.Y / partTile))}
		}
		tiles[n.Key] = tile
		if i > start && (i-start == partSize || tile != startTile) {
			cuts = append(cuts, ne+i)
			start = i
		}
		if i == start {
			startTile = tile
		}
	}
	if nn > 0 {
		cuts = append(cuts, ne+nn)
	}
	return cuts
}

// sceneCuts keeps where the Shell's scene is cut into parts (partCuts):
// worked out again for a new scene, but kept while a drag lifts nodes, so
// that the drag's moves (each a new scene, only the lifted nodes moved)
// change no part's extent: the parts that hold no lifted node are kept
// whole. The next scene drawn without a lift (the drop) is cut again.
type sceneCuts struct {
	scene  *canvas.Scene
	lifted string // what was lifted when scene was drawn
	cuts   ident[[]int]
}

// of is the cuts to draw sc with while lifted (SceneView.Lifted) is lifted.
func (c *sceneCuts) of(sc *canvas.Scene, lifted string) ident[[]int] {
	if sc == nil {
		return ident[[]int]{}
	}
	keep := c.cuts.ptr != nil && (lifted != "" || (sc == c.scene && c.lifted == "")) &&
		(*c.cuts.ptr)[len(*c.cuts.ptr)-1] == len(sc.Edges)+len(sc.Nodes)
	if !keep {
		cuts := partCuts(sc)
		if len(cuts) == 0 {
			return ident[[]int]{}
		}
		c.cuts = identOf(&cuts)
	}
	c.scene, c.lifted = sc, lifted
	return c.cuts
}

// sceneItem is one edge or one node of a part, with its class.
type sceneItem struct {
	edge  *canvas.Edge
	node  *canvas.Node
	class string
	// lifted: a drag moves it, so the drag layer draws it; its part draws
	// it as the drag found it, and the Shell hides that (worldmarks.go).
	// Not in the markup: lifting an item changes no part's markup, which
	// the browser would paint again whole.
	lifted bool
}

// scenePart is what a ScenePart draws. Once built it is not changed (but
// for markup, written from it once), so that the same pointer always means
// the same drawing.
type scenePart struct {
	items  []sceneItem
	far    bool
	bounds canvas.Rect // what its items draw on, with a margin (partBounds)
	markup string      // html's memo
}

// partMargin is how far (world units) a part's drawing may reach beyond
// its nodes' boxes and its edges' ends: outlines, handles, arrow heads,
// labels.
const partMargin = 128

// partBounds is the rectangle holding what items draw. A lifted item is
// not shown by its part (the drag layer draws it): whether the part's
// copy of it is where the drag found it or where it is now, the bounds
// are the same.
func partBounds(items []sceneItem) canvas.Rect {
	var r canvas.Rect
	for _, it := range items {
		if it.lifted {
			continue
		}
		var b canvas.Rect
		if it.edge != nil {
			b = canvas.Normalized(it.edge.A, it.edge.B)
		} else {
			b = it.node.Box
		}
		b = canvas.Rect{X: b.X - partMargin, Y: b.Y - partMargin, W: b.W + 2*partMargin, H: b.H + 2*partMargin}
		r = r.Union(b)
	}
	return r
}

// html is the part's drawing as markup: one <svg> (a nested viewport
// drawing over all of the world) holding its edges and nodes. Mounting it
// is one call for the browser's parser instead of one per element and
// attribute. The viewport has an absolute size (1×1, its overflow
// visible), so that its layout never depends on the world's size.
func (p *scenePart) html() string {
	if p.markup != "" {
		return p.markup
	}
	var b strings.Builder
	b.WriteString(`<svg class="scene-part" width="1" height="1" overflow="visible">`)
	for _, it := range p.items {
		if it.edge != nil {
			edgeSVG(*it.edge, it.class, p.far).writeMarkup(&b)
		} else {
			nodeSVG(*it.node, it.class, p.far).writeMarkup(&b)
		}
	}
	b.WriteString("</svg>")
	p.markup = b.String()
	return p.markup
}

// sceneDrawn is what SceneView last drew: the marks it drew with and its
// parts.
type sceneDrawn struct {
	marks [3]string // Failed, SPOF, Target (the selection is marked by the Shell: worldmarks.go)
	parts []*scenePart
}

// Render draws the scene's edges and nodes.
func (v *SceneView) Render() app.UI {
	if v.flat != nil && v.Scene.ptr != nil {
		return v.flat(v)
	}
	if v.Scene.ptr == nil {
		v.last = sceneDrawn{}
		return S("g").Class("scene")
	}
	v.last = v.draw(v.last)
	parts := make([]app.UI, len(v.last.parts))
	for i, p := range v.partViews() {
		parts[i] = p
	}
	return S("g").Class("scene").Body(parts...)
}

// partViews are the components of the parts last drawn: hidden when the
// part lies wholly outside Window.
func (v *SceneView) partViews() []*ScenePart {
	out := make([]*ScenePart, len(v.last.parts))
	cull := v.Window != (canvas.Rect{})
	for i, p := range v.last.parts {
		out[i] = &ScenePart{Part: identOf(p), Hidden: cull && !p.bounds.Intersects(v.Window)}
	}
	return out
}

// draw is the scene's parts, reusing last's where nothing they draw
// changed.
func (v *SceneView) draw(last sceneDrawn) sceneDrawn {
	sc := v.Scene.ptr
	ne, nn := len(sc.Edges), len(sc.Nodes)
	total := ne + nn
	cur := sceneDrawn{marks: [3]string{v.Failed, v.SPOF, v.Target}}
	cur.parts = make([]*scenePart, 0, (total+partSize-1)/partSize)
	sameMarks := cur.marks == last.marks
	var m marks
	class := func(it sceneItem) string {
		if m.failed == nil { // on first need: most moves need none
			m = marks{failed: keySet(v.Failed), spof: keySet(v.SPOF), target: v.Target}
		}
		if it.edge != nil {
			return edgeClass(*it.edge, m, false)
		}
		return nodeClass(*it.node, m, false)
	}
	var liftN, liftE []bool // what a drag moves (Lifted)
	if v.Lifted != "" {
		liftN, liftE = sc.Lifted(strings.Split(v.Lifted, "\n"))
	}
	cuts := v.Cuts.ptr
	if cuts == nil || (*cuts)[len(*cuts)-1] != total { // none given (a test's view): cut here
		c := partCuts(sc)
		cuts = &c
	}
	buf := make([]sceneItem, partSize)
	start := 0
	for j, end := range *cuts {
		items := buf[:end-start]
		var old *scenePart
		if j < len(last.parts) && len(last.parts[j].items) == len(items) && last.parts[j].far == v.Far {
			old = last.parts[j]
		}
		same := old != nil
		drawn := same // the same markup: the same items and classes, lifted or not
		for k := range items {
			it, lifted := sceneItem{}, false
			if i := start + k; i < ne {
				it.edge, lifted = sc.EdgeRef(i), liftE != nil && liftE[i]
			} else {
				it.node, lifted = sc.NodeRef(i-ne), liftN != nil && liftN[i-ne]
			}
			if lifted && old != nil && old.items[k].sameItem(it) {
				// Kept as the drag found it: its moves are the drag layer's.
				it.edge, it.node = old.items[k].edge, old.items[k].node
			}
			it.lifted = lifted
			if old != nil && sameMarks && old.items[k].edge == it.edge && old.items[k].node == it.node {
				it.class = old.items[k].class
				same = same && old.items[k].lifted == lifted
			} else {
				it.class = class(it)
				same = same && old.items[k] == it
				drawn = drawn && old.items[k].edge == it.edge && old.items[k].node == it.node && old.items[k].class == it.class
			}
			items[k] = it
		}
		start = end
		if same {
			cur.parts = append(cur.parts, old)
			continue
		}
		part := &scenePart{items: slices.Clone(items), far: v.Far, bounds: partBounds(items)}
		if drawn { // only what is lifted changed (a drag's lift or drop): the markup is the same
			part.markup = old.markup
		}
		cur.parts = append(cur.parts, part)
	}
	return cur
}

// sameItem reports whether a and b draw the same edge or node (any
// version of it).
func (a sceneItem) sameItem(b sceneItem) bool {
	switch {
	case a.edge != nil && b.edge != nil:
		return a.edge.Key == b.edge.Key
	case a.node != nil && b.node != nil:
		return a.node.Key == b.node.Key
	}
	return false
}

// ScenePart draws a run of the scene's edges and nodes (see SceneView) as
// raw markup (scenePart.html) in a group: go-app mounts it with one call
// to the browser's parser, and replaces it whole when the part changes.
// Part is a part that is never changed once built, so a part compares
// equal or not at once. A Hidden part is an empty group, not displayed:
// its markup is made and parsed only when it comes near the view, so that
// opening a big design builds what is near the view alone. The group
// carries the world rectangle holding what the part draws (data-bounds,
// "x y w h"), hidden or not.
type ScenePart struct {
	app.Compo
	Part   ident[scenePart]
	Hidden bool
}

// Render draws the part's edges and nodes.
func (v *ScenePart) Render() app.UI {
	p := v.Part.ptr
	if p == nil {
		return S("g")
	}
	b := p.bounds
	g := S("g").DataSet("bounds", fmt.Sprintf("%g %g %g %g", b.X, b.Y, b.W, b.H))
	if v.Hidden {
		return g.Attr("display", "none")
	}
	return g.Body(app.Raw(p.html()))
}

// ident is a pointer to something never changed, as a component's field
// that go-app compares at once: reflect.DeepEqual compares its address
// first, and equal addresses are the same pointer (what the mounted
// component holds stays alive, so its address is not reused). A plain
// pointer field would be walked by reflect.DeepEqual when it differs:
// O(size of the scene) per render for the scene.
type ident[T any] struct {
	addr uintptr
	ptr  *T
}

func identOf[T any](p *T) ident[T] { return ident[T]{addr: uintptr(unsafe.Pointer(p)), ptr: p} }

// joinKeys is keys (a list, or a set's members) sorted and joined: the
// form SceneView keeps sets in.
func joinKeys(keys []string) string {
	keys = slices.Clone(keys)
	slices.Sort(keys)
	return strings.Join(keys, "\n")
}

// setKeys lists the members of a set.
func setKeys(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k, in := range set {
		if in {
			out = append(out, k)
		}
	}
	return out
}

// keySet is the set of joined keys.
func keySet(joined string) map[string]bool {
	out := map[string]bool{}
	if joined == "" {
		return out
	}
	for _, k := range strings.Split(joined, "\n") {
		out[k] = true
	}
	return out
}
