package workspace

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"vnetplay/app/canvas"
	"vnetplay/app/kinds"
	"vnetplay/app/store"
)

// GestureKind says what a pointer drag (or a keyboard connection) is doing.
type GestureKind int

// Gestures.
const (
	GestureNone       GestureKind = iota
	GesturePan                    // dragging the empty canvas
	GestureMove                   // dragging top-level nodes
	GestureConnect                // dragging from a handle to another node
	GesturePlace                  // dragging a palette item
	GestureBand                   // Shift+drag on the empty canvas: select in a box
	GestureKeyConnect             // C on a node: choose the other end with N/P, Enter
	GestureResize                 // dragging a panel separator
)

// gesture is the pointer interaction under way.
type gesture struct {
	kind    GestureKind
	pointer int
	down    bool         // a pointer is held on the canvas (from PointerDown to its PointerUp or PointerCancel)
	start   canvas.Point // pointer position at the start, canvas-local
	pan     canvas.PanGesture
	moving  map[string]canvas.Point // layout key -> top-left at the start
	lifted  []string                // move: the canvas keys of the nodes moved, sorted
	moved   bool                    // move: a node has left its place (Lifted)
	pin     map[string]canvas.Point // unsaved positions of the other nodes, saved by the move
	seq     int                     // numbers gestures, so moves coalesce per drag
	from    canvas.Node             // connect: the node whose handle was grabbed
	at      canvas.Point            // connect/place/band: pointer, world coordinates
	place   kinds.Kind              // place: the palette kind
	over    bool                    // place: pointer over the canvas
	target  string                  // key connect: the node key chosen as the other end
	narrow  string                  // move: the node pressed among others selected, the selection of a click (a release unmoved)
	resize  string                  // resize: which separator
	origin  float64                 // resize: the size at the start
}

// Gesture is what the canvas draws for the gesture under way: a connection
// preview from From to To, a selection band, or the outline of a palette
// item about to be dropped (world coordinates).
type Gesture struct {
	Kind     GestureKind
	From, To canvas.Point
	Band     canvas.Rect
	Place    canvas.Rect
	Target   string // key connect: the candidate node
}

// Lifted lists, while nodes are dragged, the canvas keys of the nodes
// being moved (sorted): the canvas draws them, what they hold and their
// edges on a layer of their own for the length of the drag, so that a move
// repaints them alone. Nil otherwise, and until a node has left its place:
// a click (a press and a release, a pixel apart or none) lifts nothing,
// and lifting, which hides the nodes in the world and draws the drag
// layer, is the first move's work rather than the press's.
func (w *Workspace) Lifted() []string {
	if w.g.kind != GestureMove || !w.g.moved {
		return nil
	}
	return w.g.lifted
}

// Gesture describes the gesture under way for drawing.
func (w *Workspace) Gesture() Gesture {
	g := w.g
	switch g.kind {
	case GestureConnect:
		return Gesture{Kind: g.kind, From: canvas.Handle(g.from), To: g.at}
	case GestureKeyConnect:
		to := g.at
		if n, ok := w.Snap().Scene.Node(g.target); ok {
			to = n.Box.Center()
		}
		return Gesture{Kind: g.kind, From: canvas.Handle(g.from), To: to, Target: g.target}
	case GestureBand:
		return Gesture{Kind: g.kind, Band: canvas.Normalized(w.view.ToWorld(g.start), g.at)}
	case GesturePlace:
		if g.over {
			p := canvas.Snap(g.at, canvas.Grid)
			bw, bh := canvas.NewBoxSize(g.place)
			return Gesture{Kind: g.kind, Place: canvas.Rect{X: p.X, Y: p.Y, W: bw, H: bh}}
		}
	}
	return Gesture{Kind: g.kind}
}

// local turns a client point into canvas-local coordinates.
func (w *Workspace) local(client canvas.Point) canvas.Point {
	return canvas.Point{X: client.X - w.screen.X, Y: client.Y - w.screen.Y}
}

// PointerDown starts a gesture on the canvas: At is the pointer's client
// position, Screen the canvas' client rectangle.
type PointerDown struct {
	At      canvas.Point
	Screen  canvas.Rect
	Button  int
	Shift   bool
	Pointer int
}

func (a PointerDown) apply(w *Workspace) []Task {
	if a.Button != 0 || w.g.kind == GesturePlace {
		return nil
	}
	w.screen = a.Screen
	seq := w.g.seq + 1
	w.g = gesture{pointer: a.Pointer, down: true, seq: seq, start: w.local(a.At)}
	world := w.view.ToWorld(w.g.start)
	snap := w.Snap()
	sc := snap.Scene
	if n, ok := sc.HandleAt(world); ok {
		w.g.kind, w.g.from, w.g.at = GestureConnect, n, world
		w.sel.set(n.Key)
		return nil
	}
	if n, ok := sc.HitTest(world); ok {
		switch {
		case a.Shift:
			w.sel.toggle(n.Key)
			return nil
		case !w.sel.has(n.Key):
			w.sel.set(n.Key)
		case len(w.sel.keys()) > 1:
			w.g.narrow = n.Key
		}
		if n.Movable {
			// Drag the whole selection's movable nodes along.
			w.g.kind = GestureMove
			w.g.pin = snap.Unpinned()
			w.g.moving = map[string]canvas.Point{}
			for _, k := range w.sel.keys() {
				if m, ok := sc.Node(k); ok && m.Movable {
					w.g.moving[canvas.LayoutKey(m)] = canvas.Point{X: m.Box.X, Y: m.Box.Y}
					w.g.lifted = append(w.g.lifted, m.Key)
				}
			}
			slices.Sort(w.g.lifted)
		}
		return nil
	}
	if a.Shift {
		w.g.kind, w.g.at = GestureBand, world
		return nil
	}
	if e, ok := sc.EdgeAt(world, 6/w.view.Zoom); ok {
		w.sel.set(store.EdgePrefix + e.Key)
		return nil
	}
	w.sel.set()
	w.g.kind = GesturePan
	w.g.pan.Begin(w.view, a.Pointer, a.At)
	return nil
}

// PointerMove continues the gesture.
type PointerMove struct {
	At      canvas.Point
	Pointer int
}

func (a PointerMove) apply(w *Workspace) []Task {
	if a.Pointer != w.g.pointer {
		return nil
	}
	switch w.g.kind {
	case GesturePan:
		if v, ok := w.g.pan.Move(a.Pointer, a.At); ok {
			w.view = v
		}
	case GestureMove:
		p := w.local(a.At)
		dx, dy := (p.X-w.g.start.X)/w.view.Zoom, (p.Y-w.g.start.Y)/w.view.Zoom
		to := map[string]canvas.Point{}
		for id, o := range w.g.moving {
			to[id] = canvas.Snap(canvas.Point{X: o.X + dx, Y: o.Y + dy}, canvas.Grid)
			w.g.moved = w.g.moved || to[id] != o
		}
		if _, err := w.sess.Apply(store.Move{To: to, Pin: w.g.pin, Gesture: fmt.Sprint(w.g.seq)}); errors.Is(err, store.ErrReadOnly) && w.notice.Text != readOnlyText {
			return w.say(readOnlyText, true)
		}
	case GestureConnect, GestureBand:
		w.g.at = w.view.ToWorld(w.local(a.At))
	case GesturePlace:
		p := w.local(a.At)
		w.g.over = p.X >= 0 && p.Y >= 0 && p.X <= w.screen.W && p.Y <= w.screen.H
		w.g.at = w.view.ToWorld(p)
	case GestureResize:
		w.resizeTo(a.At)
	}
	return nil
}

// PointerUp ends the gesture: a move is sealed as one undo step, a band
// selects what it touches, a connection is made, a palette item is added;
// a click (released unmoved) on one of several selected nodes selects it
// alone.
type PointerUp struct {
	At      canvas.Point
	Pointer int
}

func (a PointerUp) apply(w *Workspace) []Task {
	if a.Pointer != w.g.pointer || w.g.kind == GestureKeyConnect {
		return nil
	}
	g := w.g
	w.g = gesture{seq: g.seq}
	if g.narrow != "" && !g.moved {
		w.sel.set(g.narrow) // a click on one of several selected selects it alone
	}
	switch g.kind {
	case GestureBand:
		keys := w.Snap().Scene.InRect(canvas.Normalized(w.view.ToWorld(g.start), w.view.ToWorld(w.local(a.At))))
		keys = slices.DeleteFunc(keys, func(k string) bool { return strings.HasPrefix(k, string(kinds.Internet)+":") })
		if len(keys) > 0 {
			w.sel.set(keys...)
		}
	case GestureMove:
		w.sess.Seal()
	case GestureConnect:
		sc := w.Snap().Scene
		hit, ok := sc.HitTest(w.view.ToWorld(w.local(a.At)))
		if !ok {
			return nil
		}
		target := sc.ConnectTarget(g.from, hit)
		if target.Key == g.from.Key {
			return nil
		}
		return w.connect(g.from, target)
	case GesturePlace:
		p := w.local(a.At)
		if p.X < 0 || p.Y < 0 || p.X > w.screen.W || p.Y > w.screen.H {
			if p == g.start { // a plain click on the item
				return w.addFromPalette(g.place)
			}
			return nil
		}
		return w.place(g.place, w.view.ToWorld(p))
	}
	return nil
}

// PointerCancel abandons the gesture (a moved node stays where it got).
type PointerCancel struct{}

func (PointerCancel) apply(w *Workspace) []Task {
	w.g = gesture{seq: w.g.seq}
	w.sess.Seal()
	return nil
}

// connect joins two canvas nodes and says what it made.
func (w *Workspace) connect(from, to canvas.Node) []Task {
	out, err := w.sess.Apply(store.Connect{From: store.RefOf(from), To: store.RefOf(to)})
	if err != nil {
		return w.say(Plain(err.Error()), true)
	}
	return w.say(fmt.Sprintf("Connected %s to %s: %s", from.Ref, to.Ref, out.What), false)
}

// Wheel zooms at the pointer.
type Wheel struct {
	At     canvas.Point
	Screen canvas.Rect
	DeltaY float64
}

func (a Wheel) apply(w *Workspace) []Task {
	w.screen = a.Screen
	factor := 1.1
	if a.DeltaY > 0 {
		factor = 1 / factor
	}
	w.view = w.view.ZoomedAt(w.local(a.At), factor)
	return nil
}

// Fit zooms and pans so that the whole design is visible in a canvas of
// Screen's size.
type Fit struct{ Screen canvas.Rect }

func (a Fit) apply(w *Workspace) []Task {
	w.screen = a.Screen
	w.fit()
	return nil
}

func (w *Workspace) fit() {
	if w.screen.W > 0 && w.screen.H > 0 {
		w.view = canvas.FitViewport(w.Snap().Scene.Bounds, w.screen.W, w.screen.H, 40)
	}
}

// OpenZoom is the least zoom a design opens at: readable (the canvas draws
// labels and icons from 40%, app/ui's detailZoom). A design that fits at it
// without Fit's margins opens whole and centred; one wider opens at its
// left edge, vertically centred: the auto-layout puts the hubs there, in
// the middle of their spokes' height, with their sites and circuits to
// their left (a 500-VNet hub and spoke opened on the middle of its spoke
// columns, no hub in sight). Fit (F) shows it whole.
const OpenZoom = 0.4

// openMargin is the screen space left of a design opened at its left
// edge.
const openMargin = 40

// fitOpened frames a design just opened: fitted, unless that makes it too
// small to read.
func (w *Workspace) fitOpened() {
	if len(w.Snap().Scene.Nodes) <= 1 { // an empty design: only the Internet
		return
	}
	w.fit()
	if w.view.Zoom < OpenZoom && w.screen.W > 0 {
		b := w.Snap().Scene.Bounds
		c := b.Center()
		pan := canvas.Point{X: w.screen.W/2 - c.X*OpenZoom, Y: w.screen.H/2 - c.Y*OpenZoom}
		if b.W*OpenZoom > w.screen.W {
			pan.X = openMargin - b.X*OpenZoom
		}
		w.view = canvas.Viewport{Zoom: OpenZoom, Pan: pan}
	}
}

// ResetView goes back to 100% at the origin.
type ResetView struct{}

func (ResetView) apply(w *Workspace) []Task {
	w.view = canvas.NewViewport()
	return nil
}

// CanvasKey is a key pressed while the canvas has the focus: arrows pan
// (Alt+arrows move the selection), + and − zoom, 0 resets, F fits, N and P
// select the next and previous resource, C starts a connection from the
// selected node (N/P choose the other end, Enter connects, Escape
// cancels), F2 renames the selection. Handled reports whether the key did
// something (the UI then prevents the browser's default).
type CanvasKey struct {
	Key    string
	Shift  bool
	Alt    bool
	Screen canvas.Rect
}

// Handled reports whether a key on the canvas is one of the canvas' keys.
func (a CanvasKey) Handled() bool {
	switch strings.ToLower(a.Key) {
	case "arrowleft", "arrowright", "arrowup", "arrowdown", "+", "=", "-", "0", "f", "n", "p", "c", "enter", "f2":
		return true
	}
	return false
}

func (a CanvasKey) apply(w *Workspace) []Task {
	if w.DialogOpen() { // the canvas behind a dialog takes no key
		return nil
	}
	w.screen = a.Screen
	const step = 40
	key := strings.ToLower(a.Key)
	if w.g.kind == GestureKeyConnect {
		return w.keyConnect(key)
	}
	if a.Alt && strings.HasPrefix(key, "arrow") {
		return w.nudge(key)
	}
	switch key {
	case "arrowleft":
		w.view = w.view.Panned(step, 0)
	case "arrowright":
		w.view = w.view.Panned(-step, 0)
	case "arrowup":
		w.view = w.view.Panned(0, step)
	case "arrowdown":
		w.view = w.view.Panned(0, -step)
	case "+", "=":
		w.view = w.view.ZoomedAt(canvas.Point{X: w.screen.W / 2, Y: w.screen.H / 2}, 1.25)
	case "-":
		w.view = w.view.ZoomedAt(canvas.Point{X: w.screen.W / 2, Y: w.screen.H / 2}, 1/1.25)
	case "0":
		w.view = canvas.NewViewport()
	case "f":
		w.fit()
	case "n", "p":
		return StepSelection{Back: key == "p"}.apply(w)
	case "c":
		return w.startKeyConnect()
	case "f2":
		if _, ok := w.ShownRef(); ok { // the rename field is the Inspector's
			return []Task{{Focus: "rename"}}
		}
	}
	return nil
}

// nudge moves the selected top-level nodes one grid step with Alt+arrows.
func (w *Workspace) nudge(key string) []Task {
	dx, dy := 0.0, 0.0
	switch key {
	case "arrowleft":
		dx = -canvas.Grid
	case "arrowright":
		dx = canvas.Grid
	case "arrowup":
		dy = -canvas.Grid
	case "arrowdown":
		dy = canvas.Grid
	}
	snap := w.Snap()
	to := map[string]canvas.Point{}
	for _, k := range w.sel.keys() {
		if n, ok := snap.Scene.Node(k); ok && n.Movable {
			to[canvas.LayoutKey(n)] = canvas.Point{X: n.Box.X + dx, Y: n.Box.Y + dy}
		}
	}
	if len(to) == 0 {
		return w.say("Select a virtual network, route table, NSG, site or circuit to move it", true)
	}
	w.g.seq++
	if _, err := w.sess.Apply(store.Move{To: to, Pin: snap.Unpinned(), Gesture: "keys"}); errors.Is(err, store.ErrReadOnly) {
		return w.say(readOnlyText, true)
	}
	return nil
}

// startKeyConnect begins a keyboard connection from the selected node.
func (w *Workspace) startKeyConnect() []Task {
	sc := w.Snap().Scene
	from, ok := sc.Node(w.sel.primary)
	if !ok || !canvas.HasHandle(from) {
		return w.say("Select a node that connects to others (a VNet, route table, NSG, gateway, site or circuit), then press C", true)
	}
	targets := w.connectTargets(from)
	if len(targets) == 0 {
		return w.say("Nothing on the canvas can be connected to "+from.Ref, true)
	}
	w.g = gesture{kind: GestureKeyConnect, from: from, target: targets[0], seq: w.g.seq + 1}
	return w.say("Connect "+from.Ref+" to…: N and P choose, Enter connects, Escape cancels", false)
}

// connectTargets lists the keys of the nodes from can connect to.
func (w *Workspace) connectTargets(from canvas.Node) []string {
	var out []string
	for _, n := range w.Snap().Scene.Nodes {
		if n.Key != from.Key && kinds.CanConnect(from.Kind, n.Kind) {
			out = append(out, n.Key)
		}
	}
	return out
}

func (w *Workspace) keyConnect(key string) []Task {
	targets := w.connectTargets(w.g.from)
	i := slices.Index(targets, w.g.target)
	switch key {
	case "n", "arrowdown", "arrowright", "tab":
		if len(targets) > 0 {
			w.g.target = targets[(i+1)%len(targets)]
		}
	case "p", "arrowup", "arrowleft":
		if len(targets) > 0 {
			w.g.target = targets[(i-1+len(targets))%len(targets)]
		}
	case "enter":
		from := w.g.from
		to, ok := w.Snap().Scene.Node(w.g.target)
		w.g = gesture{seq: w.g.seq}
		if ok {
			return w.connect(from, to)
		}
	case "escape":
		w.g = gesture{seq: w.g.seq}
		return w.say("Connection cancelled", false)
	}
	return nil
}

// CancelGesture ends any gesture (Escape).
type CancelGesture struct{}

func (CancelGesture) apply(w *Workspace) []Task {
	if w.g.kind == GestureKeyConnect {
		w.g = gesture{seq: w.g.seq}
		return w.say("Connection cancelled", false)
	}
	w.g = gesture{seq: w.g.seq}
	return nil
}

// PaletteDown starts dragging a palette item.
type PaletteDown struct {
	Kind    kinds.Kind
	At      canvas.Point
	Screen  canvas.Rect
	Button  int
	Pointer int
}

func (a PaletteDown) apply(w *Workspace) []Task {
	if a.Button != 0 {
		return nil
	}
	w.screen = a.Screen
	w.g = gesture{kind: GesturePlace, pointer: a.Pointer, place: a.Kind, seq: w.g.seq + 1}
	w.g.start = w.local(a.At)
	return nil
}

// PaletteAdd adds a resource of Kind without a drop point (Enter or Space
// on the palette item, or a click): a top-level resource in free space in
// the middle of the view; a subnet, VM, gateway or P2S pool into the
// selected container (or the container of the selection), or a notice
// saying which container to select.
type PaletteAdd struct {
	Kind   kinds.Kind
	Screen canvas.Rect
}

func (a PaletteAdd) apply(w *Workspace) []Task {
	if a.Screen.W > 0 {
		w.screen = a.Screen
	}
	return w.addFromPalette(a.Kind)
}

func (w *Workspace) addFromPalette(k kinds.Kind) []Task {
	spec, ok := kinds.Of(k)
	if !ok || !spec.CanCreate() {
		return nil
	}
	if into := spec.Palette.Into; into != "" {
		n, ok := w.containerOfSelection(into)
		if !ok {
			return w.say(fmt.Sprintf("Select %s first: %s goes into it", kinds.MustOf(into).A(), spec.A()), true)
		}
		return w.add(store.Add{Kind: k, Into: n.Ref, At: w.Snap().Scene.SpotFor(k, n.Box.Center())})
	}
	centre := w.view.ToWorld(canvas.Point{X: w.screen.W / 2, Y: w.screen.H / 2})
	bw, bh := canvas.NewBoxSize(k)
	at := w.Snap().Scene.FreeSpot(canvas.Point{X: centre.X - bw/2, Y: centre.Y - bh/2}, bw, bh)
	return w.add(store.Add{Kind: k, At: at})
}

// containerOfSelection is the node of kind k that is the selection or
// contains it (the VNet of a selected subnet).
func (w *Workspace) containerOfSelection(k kinds.Kind) (canvas.Node, bool) {
	sc := w.Snap().Scene
	n, ok := sc.Node(w.sel.primary)
	if !ok {
		return canvas.Node{}, false
	}
	return sc.Within(n, k)
}

// place adds a resource of kind dropped at world point p: a subnet into the
// VNet under p, a VM or NVA into the subnet under p, a top-level resource at
// p (moved to the nearest free space if it would overlap another).
func (w *Workspace) place(k kinds.Kind, p canvas.Point) []Task {
	spec, ok := kinds.Of(k)
	if !ok || !spec.CanCreate() {
		return nil
	}
	sc := w.Snap().Scene
	if into := spec.Palette.Into; into != "" {
		under, hit := sc.HitTest(p)
		n, ok := sc.Within(under, into)
		if !hit || !ok {
			return w.say(fmt.Sprintf("Drop %s onto %s", spec.A(), kinds.MustOf(into).A()), true)
		}
		return w.add(store.Add{Kind: k, Into: n.Ref, At: sc.SpotFor(k, p)})
	}
	bw, bh := canvas.NewBoxSize(k)
	return w.add(store.Add{Kind: k, At: sc.FreeSpot(p, bw, bh)})
}

// add applies an Add, selects what it made and brings it into view.
func (w *Workspace) add(e store.Add) []Task {
	out, err := w.sess.Apply(e)
	if err != nil {
		return w.say(Plain(err.Error()), true)
	}
	tasks := w.say("Added "+kinds.MustOf(e.Kind).A(), false)
	if len(out.Created) > 0 {
		key := w.Snap().SelectionKey(out.Created[0])
		w.sel.set(key)
		tasks = append(tasks, w.reveal(key)...)
	}
	return tasks
}

// reveal pans the view, if needed, so that the node (or edge) with key is
// entirely inside the canvas, handle included.
func (w *Workspace) reveal(key string) []Task {
	if w.screen.W <= 0 || w.screen.H <= 0 {
		return nil
	}
	n, ok := w.Snap().Scene.Node(key)
	if !ok {
		return nil
	}
	const margin = 24.0
	b := n.Box
	tl := w.view.ToScreen(canvas.Point{X: b.X, Y: b.Y})
	br := w.view.ToScreen(canvas.Point{X: b.X + b.W + canvas.HandleRadius + 4, Y: b.Y + b.H})
	dx, dy := 0.0, 0.0
	switch {
	case br.X-tl.X+2*margin > w.screen.W:
		dx = margin - tl.X // too wide: show its left part
	case tl.X < margin:
		dx = margin - tl.X
	case br.X > w.screen.W-margin:
		dx = w.screen.W - margin - br.X
	}
	switch {
	case br.Y-tl.Y+2*margin > w.screen.H:
		dy = margin - tl.Y
	case tl.Y < margin:
		dy = margin - tl.Y
	case br.Y > w.screen.H-margin:
		dy = w.screen.H - margin - br.Y
	}
	w.view = w.view.Panned(dx, dy)
	return nil
}

// CanvasSize records the canvas' client rectangle (the UI reports it when
// the canvas is laid out or resized), for fitting, centring and bringing
// nodes into view.
type CanvasSize struct{ Screen canvas.Rect }

func (a CanvasSize) apply(w *Workspace) []Task {
	first := w.screen.W <= 0 || w.screen.H <= 0
	w.screen = a.Screen
	if first && w.view == canvas.NewViewport() {
		w.fitOpened() // the design opened before the canvas had a size
	}
	if first {
		w.openedForDrawing()
	}
	w.refocus()
	return nil
}
