package ui

import (
	"slices"
	"strings"
	"unsafe"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/canvas"
)

// SceneView draws the scene: its edges, then its nodes. Its exported
// fields are everything that drawing depends on. go-app compares a child
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
	Scene    ident[canvas.Scene]
	Selected string // selected node and edge keys
	Failed   string // keys drawn as failed
	SPOF     string // keys drawn as single points of failure
	Target   string // the node a connection would end on
	Far      bool   // boxes alone (see detailZoom)
	// Lifted holds the keys of the nodes a drag moves (joined). The scene
	// keeps drawing them, what they hold and their edges where they were
	// when the drag started, hidden (liftedClass); liftMarkup draws them
	// as they are now, on the drag layer. So a drag's move changes nothing
	// here: the browser repaints the small drag layer alone.
	Lifted string

	last sceneDrawn // what the previous render drew (go-app keeps unexported fields)
	// flat, set when the view is made (a benchmark's Shell), draws the
	// scene the way it was drawn before parts: the baseline it is
	// measured against. Nil: parts.
	flat func(*SceneView) app.UI
}

// partSize is the number of edges and nodes a ScenePart draws. A drag move
// costs about (edges + nodes) / partSize part comparisons plus partSize
// item comparisons per part it touches (the moved nodes are contiguous;
// their edges are in a few runs).
const partSize = 32

// liftedClass marks an item that a drag moves: hidden here, drawn by
// the drag layer (liftMarkup).
const liftedClass = " lifted"

// sceneItem is one edge or one node of a part, with its class.
type sceneItem struct {
	edge  *canvas.Edge
	node  *canvas.Node
	class string
}

// scenePart is what a ScenePart draws. Once built it is not changed (but
// for markup, written from it once), so that the same pointer always means
// the same drawing.
type scenePart struct {
	items  []sceneItem
	far    bool
	markup string // html's memo
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
	marks [4]string // Selected, Failed, SPOF, Target
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
	for i, p := range v.last.parts {
		parts[i] = &ScenePart{Part: identOf(p)}
	}
	return S("g").Class("scene").Body(parts...)
}

// draw is the scene's parts, reusing last's where nothing they draw
// changed.
func (v *SceneView) draw(last sceneDrawn) sceneDrawn {
	sc := v.Scene.ptr
	ne, nn := len(sc.Edges), len(sc.Nodes)
	total := ne + nn
	cur := sceneDrawn{marks: [4]string{v.Selected, v.Failed, v.SPOF, v.Target}}
	cur.parts = make([]*scenePart, 0, (total+partSize-1)/partSize)
	sameMarks := cur.marks == last.marks
	var m marks
	var sel map[string]bool
	class := func(it sceneItem) string {
		if m.failed == nil { // on first need: most moves need none
			m = marks{failed: keySet(v.Failed), spof: keySet(v.SPOF), target: v.Target}
			sel = keySet(v.Selected)
		}
		if it.edge != nil {
			return edgeClass(*it.edge, m, sel["edge:"+it.edge.Key])
		}
		return nodeClass(*it.node, m, sel[it.node.Key])
	}
	var liftN, liftE []bool // what a drag moves (Lifted)
	if v.Lifted != "" {
		liftN, liftE = sc.Lifted(strings.Split(v.Lifted, "\n"))
	}
	buf := make([]sceneItem, partSize)
	for start := 0; start < total; start += partSize {
		end := min(start+partSize, total)
		items := buf[:end-start]
		var old *scenePart
		if j := start / partSize; j < len(last.parts) && len(last.parts[j].items) == len(items) && last.parts[j].far == v.Far {
			old = last.parts[j]
		}
		same := old != nil
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
			if old != nil && sameMarks && old.items[k].edge == it.edge && old.items[k].node == it.node &&
				strings.HasSuffix(old.items[k].class, liftedClass) == lifted {
				it.class = old.items[k].class
			} else {
				it.class = class(it)
				if lifted {
					it.class += liftedClass
				}
				same = same && old.items[k] == it
			}
			items[k] = it
		}
		if same {
			cur.parts = append(cur.parts, old)
			continue
		}
		cur.parts = append(cur.parts, &scenePart{items: slices.Clone(items), far: v.Far})
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
// raw markup (scenePart.html): go-app mounts it with one call to the
// browser's parser, and replaces it whole when the part changes. Its one
// field is a part that is never changed once built, so a part compares
// equal or not at once.
type ScenePart struct {
	app.Compo
	Part ident[scenePart]
}

// Render draws the part's edges and nodes.
func (v *ScenePart) Render() app.UI {
	p := v.Part.ptr
	if p == nil {
		return S("g")
	}
	return app.Raw(p.html())
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
