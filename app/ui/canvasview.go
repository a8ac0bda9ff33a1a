package ui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/canvas"
	"vnetplay/app/store"
)

type gestureKind int

const (
	gestureNone gestureKind = iota
	gesturePan
	gestureMove
	gestureConnect
	gesturePlace // dragging a palette item
	gestureBand  // Shift+drag on the empty canvas: select in a box
)

// gesture is the pointer interaction under way.
type gesture struct {
	kind    gestureKind
	pointer int
	origin  canvas.Point // client position of the canvas' top-left corner
	start   canvas.Point // pointer position at the start, canvas-local
	pan     canvas.PanGesture
	moving  map[string]canvas.Point // resource id -> top-left at the start
	pin     map[string]canvas.Point // unsaved positions of the other nodes, saved by the move
	seq     int                     // numbers gestures, so moves coalesce per drag
	from    canvas.Node             // connect: the node whose handle was grabbed
	at      canvas.Point            // connect/place: pointer, world coordinates
	place   canvas.NodeKind         // place: the palette kind
	over    bool                    // place: pointer over the canvas
}

// canvasOrigin is where the canvas sits in the page (client coordinates).
func canvasOrigin() canvas.Point {
	el := app.Window().GetElementByID("canvas")
	if !el.Truthy() {
		return canvas.Point{}
	}
	r := el.Call("getBoundingClientRect")
	return canvas.Point{X: r.Get("left").Float(), Y: r.Get("top").Float()}
}

func clientPoint(e app.Event) canvas.Point {
	return canvas.Point{X: e.Get("clientX").Float(), Y: e.Get("clientY").Float()}
}

func (g *gesture) local(e app.Event) canvas.Point {
	c := clientPoint(e)
	return canvas.Point{X: c.X - g.origin.X, Y: c.Y - g.origin.Y}
}

func (s *Shell) renderCanvas() app.UI {
	snap := s.snap()
	sc := snap.Scene
	m := marks{failed: failedKeysOf(snap), spof: s.spofKeysOf(snap)}
	zoom := fmt.Sprintf("%d%%", int(s.view.Zoom*100+0.5))
	world := []app.UI{}
	far := s.view.Zoom < detailZoom
	for _, e := range sc.Edges {
		world = append(world, s.renderEdge(e, m, far))
	}
	for _, n := range sc.Nodes {
		world = append(world, s.renderNode(n, m, far))
	}
	if w := s.walkOverlay(); w != nil {
		world = append(world, w)
	}
	switch {
	case s.g.kind == gestureConnect:
		h := canvas.Handle(s.g.from)
		world = append(world, S("line").Class("connect-preview").
			Attr("x1", canvas.Num(h.X)).Attr("y1", canvas.Num(h.Y)).
			Attr("x2", canvas.Num(s.g.at.X)).Attr("y2", canvas.Num(s.g.at.Y)))
	case s.g.kind == gestureBand:
		r := canvas.Normalized(s.view.ToWorld(s.g.start), s.g.at)
		world = append(world, S("rect").ID("band").Class("band").
			Attr("x", canvas.Num(r.X)).Attr("y", canvas.Num(r.Y)).Attr("width", canvas.Num(r.W)).Attr("height", canvas.Num(r.H)))
	case s.g.kind == gesturePlace && s.g.over:
		p := canvas.Snap(s.g.at, canvas.Grid)
		world = append(world, S("rect").Class("place-preview").
			Attr("x", canvas.Num(p.X)).Attr("y", canvas.Num(p.Y)).Attr("width", 160).Attr("height", 56).Attr("rx", 10))
	}
	empty := len(snap.Doc.Topology.VNets) == 0 && len(snap.Doc.Topology.RouteTables) == 0 && len(snap.Doc.Topology.NSGs) == 0
	return app.Section().Class("canvas-region").Aria("label", "Design canvas").Body(
		S("svg").ID("canvas").Class("canvas").
			Attr("tabindex", 0).
			Attr("role", "application").
			Aria("label", "Design canvas: N and P select resources, arrows pan, +/− zoom, 0 resets, Delete removes the selection").
			DataSet("pan", canvas.Num(s.view.Pan.X)+","+canvas.Num(s.view.Pan.Y)).
			DataSet("zoom", canvas.Num(s.view.Zoom)).
			DataSet("selected", s.selected).
			On("pointerdown", s.onPointerDown).
			On("pointermove", s.onPointerMove).
			On("pointerup", s.onPointerUp).
			On("pointercancel", s.onPointerCancel).
			On("wheel", s.onWheel).
			On("keydown", s.onKeyDown).
			Body(
				S("defs").Body(
					S("marker").ID("arrow").Attr("viewBox", "0 0 10 10").Attr("refX", 9).Attr("refY", 5).
						Attr("markerWidth", 3.5).Attr("markerHeight", 3.5).Attr("orient", "auto-start-reverse").
						Body(S("path").Class("arrow-head").Attr("d", "M0 0 L10 5 L0 10 z")),
					S("pattern").ID("grid").
						Attr("width", canvas.Grid).Attr("height", canvas.Grid).
						Attr("patternUnits", "userSpaceOnUse").
						Attr("patternTransform", s.view.Transform()).
						Body(S("circle").Class("grid-dot").Attr("cx", 1).Attr("cy", 1).Attr("r", 1)),
				),
				S("rect").Class("grid").Attr("width", "100%").Attr("height", "100%").Attr("fill", "url(#grid)"),
				S("g").ID("world").Class(worldClass(far)).Attr("transform", s.view.Transform()).Body(world...),
				app.If(empty, func() app.UI {
					return S("text").Class("canvas-empty").
						Attr("x", "50%").Attr("y", "50%").Attr("text-anchor", "middle").
						Text("Empty design: drag a Virtual network from the palette to start")
				}),
			),
		app.If(s.notice.text != "", func() app.UI {
			cls := "notice"
			if s.notice.err {
				cls += " notice-error"
			}
			return app.Div().ID("notice").Class(cls).Attr("role", "status").Text(s.notice.text)
		}),
		app.Div().Class("canvas-status").Body(
			app.Span().ID("zoom").Title("Zoom").Text(zoom),
			app.Button().Class("btn").Title("Fit the design to the screen (F)").Text("Fit").OnClick(s.onFit),
			app.Button().Class("btn").Title("Reset view (0)").Text("Reset view").OnClick(s.onResetView),
		),
	)
}

// marks are the canvas keys drawn as failed or as single points of
// failure, derived from the snapshot and the sweep for one render.
type marks struct{ failed, spof map[string]bool }

func (s *Shell) renderEdge(e canvas.Edge, m marks, far bool) app.UI {
	cls := "edge edge-" + string(e.Kind)
	if e.State != "" {
		cls += " state-" + strings.ToLower(e.State)
	}
	if m.failed["edge:"+e.Key] {
		cls += " failed"
	}
	if m.spof["edge:"+e.Key] {
		cls += " spof"
	}
	if s.isSelected("edge:" + e.Key) {
		cls += " selected"
	}
	return &EdgeView{Edge: e, Class: cls, Far: far}
}

// EdgeView draws one edge. Its exported fields are all its drawing depends
// on, so go-app re-renders only the edges that changed (go-app compares a
// child component's exported fields before rendering it again).
type EdgeView struct {
	app.Compo
	Edge  canvas.Edge
	Class string
	Far   bool // no label (see detailZoom)
}

func (v *EdgeView) Render() app.UI {
	e := v.Edge
	g := S("g").Class(v.Class).DataSet("key", e.Key)
	parts := []app.UI{
		S("line").Class("edge-hit").Attr("x1", canvas.Num(e.A.X)).Attr("y1", canvas.Num(e.A.Y)).Attr("x2", canvas.Num(e.B.X)).Attr("y2", canvas.Num(e.B.Y)),
		S("line").Class("edge-line").Attr("x1", canvas.Num(e.A.X)).Attr("y1", canvas.Num(e.A.Y)).Attr("x2", canvas.Num(e.B.X)).Attr("y2", canvas.Num(e.B.Y)),
	}
	if e.Label != "" && !v.Far {
		mx, my := (e.A.X+e.B.X)/2, (e.A.Y+e.B.Y)/2
		parts = append(parts, S("text").Class("edge-label").Attr("x", canvas.Num(mx)).Attr("y", canvas.Num(my-6)).
			Attr("text-anchor", "middle").Text(e.Label))
	}
	return g.Body(parts...)
}

// iconFor maps a node kind to its icon.
func iconFor(k canvas.NodeKind) IconKind {
	switch k {
	case canvas.KindVNet:
		return IconVNet
	case canvas.KindSubnet:
		return IconSubnet
	case canvas.KindVM:
		return IconVM
	case canvas.KindNVA:
		return IconNVA
	case canvas.KindLB:
		return IconNVA
	case canvas.KindRouteTable:
		return IconRouteTable
	case canvas.KindNSG:
		return IconNSG
	case canvas.KindInternet:
		return IconInternet
	case canvas.KindVPNGateway:
		return IconVPNGateway
	case canvas.KindERGateway:
		return IconERGateway
	case canvas.KindRouteServer:
		return IconRouteServer
	case canvas.KindSite:
		return IconOnPrem
	case canvas.KindLNG:
		return IconVPNGateway
	case canvas.KindHost:
		return IconVM
	case canvas.KindCircuit:
		return IconERCircuit
	case canvas.KindP2S:
		return IconP2S
	}
	return IconKind(k)
}

// detailZoom is the zoom below which the canvas draws its far view: node
// boxes and edge lines without icons, labels or handles. Under it a 14 px
// label is smaller than 6 px on screen, unreadable, while thousands of text
// and icon elements are most of what the browser paints on a large design
// (docs/performance.md: 500 VNets).
const detailZoom = 0.4

// worldClass marks the far view on the world group: its CSS draws edges
// solid, because a dash pattern of a few world units over lines thousands
// of units long is hundreds of thousands of dashes per frame (measured: 2.3
// of the 2.5 s an edit took to repaint at 500 VNets). Colour still tells
// the states apart.
func worldClass(far bool) string {
	if far {
		return "far"
	}
	return ""
}

func (s *Shell) renderNode(n canvas.Node, m marks, far bool) app.UI {
	cls := "node node-" + string(n.Kind)
	if s.isSelected(n.Key) {
		cls += " selected"
	}
	if n.Kind == canvas.KindSubnet && isSpecialSubnet(n.Label) {
		cls += " special"
	}
	if m.failed[n.Key] {
		cls += " failed"
	}
	if m.spof[n.Key] {
		cls += " spof"
	}
	return &NodeView{Node: n, Class: cls, Far: far}
}

// NodeView draws one scene node; like EdgeView, it is re-rendered only when
// its node, its class or the level of detail changes. Far draws the box
// alone (see detailZoom).
type NodeView struct {
	app.Compo
	Node  canvas.Node
	Class string
	Far   bool
}

func (v *NodeView) Render() app.UI {
	n := v.Node
	b := n.Box
	g := S("g").Class(v.Class).DataSet("key", n.Key).Attr("transform", "translate("+canvas.Num(b.X)+" "+canvas.Num(b.Y)+")")
	chip := isChip(n.Kind)
	rx := 8
	switch {
	case n.Kind == canvas.KindVNet:
		rx = 12
	case chip:
		rx = 6
	}
	parts := []app.UI{
		S("rect").Class("node-box").Attr("width", canvas.Num(b.W)).Attr("height", canvas.Num(b.H)).Attr("rx", rx),
	}
	if v.Far {
		return g.Body(parts...)
	}
	iconSize, tx, ty := 20, 40.0, 24.0
	switch {
	case n.Kind == canvas.KindSubnet:
		iconSize, tx, ty = 16, 30, 22
	case chip:
		iconSize, tx, ty = 15, 26, 18
	}
	parts = append(parts,
		S("g").Attr("transform", fmt.Sprintf("translate(%d %d)", 10, int(ty)-iconSize+3)).Body(Icon(iconFor(n.Kind), iconSize, "")),
		S("text").Class("node-label").Attr("x", canvas.Num(tx)).Attr("y", canvas.Num(ty)).Text(n.Label),
	)
	if n.Detail != "" {
		switch {
		case n.Kind == canvas.KindSubnet || chip:
			parts = append(parts, S("text").Class("node-detail").Attr("x", canvas.Num(b.W-8)).Attr("y", canvas.Num(ty)).
				Attr("text-anchor", "end").Text(n.Detail))
		default:
			parts = append(parts, S("text").Class("node-detail").Attr("x", canvas.Num(tx)).Attr("y", canvas.Num(ty+18)).Text(n.Detail))
		}
	}
	if canvas.HasHandle(n) {
		h := canvas.Handle(n)
		parts = append(parts, S("circle").Class("handle").Attr("cx", canvas.Num(h.X-b.X)).Attr("cy", canvas.Num(h.Y-b.Y)).Attr("r", canvas.HandleRadius))
	}
	return g.Body(parts...)
}

// isChip reports whether a kind is drawn as a one-line chip inside its
// parent.
func isChip(k canvas.NodeKind) bool {
	switch k {
	case canvas.KindVM, canvas.KindNVA, canvas.KindLB, canvas.KindVPNGateway, canvas.KindERGateway,
		canvas.KindRouteServer, canvas.KindLNG, canvas.KindHost:
		return true
	}
	return false
}

func isSpecialSubnet(name string) bool {
	return name == "GatewaySubnet" || name == "RouteServerSubnet" || name == "AzureFirewallSubnet"
}

func (s *Shell) onPointerDown(ctx app.Context, e app.Event) {
	if e.Get("button").Int() != 0 || s.g.kind == gesturePlace {
		ctx.PreventUpdate()
		return
	}
	e.PreventDefault()
	ctx.JSSrc().Call("focus")
	id := e.Get("pointerId").Int()
	ctx.JSSrc().Call("setPointerCapture", id)
	s.g.seq++
	s.g = gesture{pointer: id, origin: canvasOrigin(), seq: s.g.seq}
	s.g.start = s.g.local(e)
	world := s.view.ToWorld(s.g.start)
	sc := s.snap().Scene
	if n, ok := sc.HandleAt(world); ok {
		s.g.kind, s.g.from, s.g.at = gestureConnect, n, world
		s.selectKey(n.Key)
		return
	}
	shift := e.Get("shiftKey").Bool()
	if n, ok := sc.HitTest(world); ok {
		switch {
		case shift:
			s.toggle(n.Key)
			return
		case !s.isSelected(n.Key):
			s.selectKey(n.Key)
		}
		if n.Movable {
			// Drag the whole selection's movable nodes along.
			s.g.kind = gestureMove
			s.g.pin = s.snap().Unpinned()
			s.g.moving = map[string]canvas.Point{}
			for _, k := range append([]string{s.selected}, s.also...) {
				if m, ok := sc.Node(k); ok && m.Movable {
					s.g.moving[m.Ref] = canvas.Point{X: m.Box.X, Y: m.Box.Y}
				}
			}
		}
		return
	}
	if shift {
		s.g.kind, s.g.at = gestureBand, world
		return
	}
	if e2, ok := sc.EdgeAt(world, 6/s.view.Zoom); ok {
		s.selectKey("edge:" + e2.Key)
		return
	}
	s.selectKey("")
	s.g.kind = gesturePan
	s.g.pan.Begin(s.view, id, clientPoint(e))
}

func (s *Shell) onPointerMove(ctx app.Context, e app.Event) {
	if e.Get("pointerId").Int() != s.g.pointer {
		ctx.PreventUpdate()
		return
	}
	switch s.g.kind {
	case gesturePan:
		if v, ok := s.g.pan.Move(s.g.pointer, clientPoint(e)); ok {
			s.view = v
			return
		}
	case gestureMove:
		p := s.g.local(e)
		dx, dy := (p.X-s.g.start.X)/s.view.Zoom, (p.Y-s.g.start.Y)/s.view.Zoom
		to := map[string]canvas.Point{}
		for id, o := range s.g.moving {
			to[id] = canvas.Snap(canvas.Point{X: o.X + dx, Y: o.Y + dy}, canvas.Grid)
		}
		if err := s.sess.Apply(store.Move{To: to, Pin: s.g.pin, Gesture: fmt.Sprint(s.g.seq)}); err == nil {
			s.changed()
			return
		}
	case gestureConnect, gestureBand:
		s.g.at = s.view.ToWorld(s.g.local(e))
		return
	}
	ctx.PreventUpdate()
}

func (s *Shell) onPointerUp(ctx app.Context, e app.Event) {
	if e.Get("pointerId").Int() != s.g.pointer {
		ctx.PreventUpdate()
		return
	}
	g := s.g
	s.g = gesture{seq: g.seq}
	switch g.kind {
	case gestureBand:
		keys := s.snap().Scene.InRect(canvas.Normalized(s.view.ToWorld(g.start), s.view.ToWorld(g.local(e))))
		keys = slices.DeleteFunc(keys, func(k string) bool { return strings.HasPrefix(k, string(canvas.KindInternet)+":") })
		if len(keys) > 0 {
			s.selectKey(keys[0])
			s.also = keys[1:]
		}
	case gestureMove:
		s.sess.Seal()
	case gestureConnect:
		world := s.view.ToWorld(g.local(e))
		sc := s.snap().Scene
		hit, ok := sc.HitTest(world)
		if !ok {
			return
		}
		target := sc.ConnectTarget(g.from, hit)
		if target.Key == g.from.Key {
			return
		}
		if s.apply(store.Connect{From: store.RefOf(g.from), To: store.RefOf(target)}) == nil {
			s.say("Connected "+g.from.Ref+" to "+target.Ref, false)
		}
	}
}

func (s *Shell) onPointerCancel(ctx app.Context, e app.Event) {
	s.g = gesture{seq: s.g.seq}
	s.sess.Seal()
}

func (s *Shell) onWheel(ctx app.Context, e app.Event) {
	e.PreventDefault()
	factor := 1.1
	if e.Get("deltaY").Float() > 0 {
		factor = 1 / factor
	}
	o := canvasOrigin()
	c := clientPoint(e)
	s.view = s.view.ZoomedAt(canvas.Point{X: c.X - o.X, Y: c.Y - o.Y}, factor)
}

func (s *Shell) onKeyDown(ctx app.Context, e app.Event) {
	const step = 40
	switch e.Get("key").String() {
	case "ArrowLeft":
		s.view = s.view.Panned(step, 0)
	case "ArrowRight":
		s.view = s.view.Panned(-step, 0)
	case "ArrowUp":
		s.view = s.view.Panned(0, step)
	case "ArrowDown":
		s.view = s.view.Panned(0, -step)
	case "+", "=":
		s.view = s.view.ZoomedAt(canvas.Point{}, 1.25)
	case "-":
		s.view = s.view.ZoomedAt(canvas.Point{}, 1/1.25)
	case "0":
		s.view = canvas.NewViewport()
	case "f", "F":
		s.fit()
	case "n", "N", "p", "P":
		// Step through the resources in drawing order, for keyboard users.
		s.selectKey(stepSelection(s.snap().Scene, s.selected, strings.EqualFold(e.Get("key").String(), "n")))
	default:
		ctx.PreventUpdate()
		return
	}
	e.PreventDefault()
}

// stepSelection returns the key of the next (or previous) selectable node
// after the current one, wrapping around; the Internet is skipped.
func stepSelection(sc *canvas.Scene, current string, forward bool) string {
	var keys []string
	for _, n := range sc.Nodes {
		if n.Kind != canvas.KindInternet {
			keys = append(keys, n.Key)
		}
	}
	if len(keys) == 0 {
		return ""
	}
	i := slices.Index(keys, current)
	switch {
	case i < 0 && forward:
		return keys[0]
	case i < 0:
		return keys[len(keys)-1]
	case forward:
		return keys[(i+1)%len(keys)]
	}
	return keys[(i-1+len(keys))%len(keys)]
}

func (s *Shell) onResetView(ctx app.Context, e app.Event) { s.view = canvas.NewViewport() }
func (s *Shell) onFit(ctx app.Context, e app.Event)       { s.fit() }

// fit zooms and pans so that the whole design is visible.
func (s *Shell) fit() {
	el := app.Window().GetElementByID("canvas")
	if !el.Truthy() {
		return
	}
	r := el.Call("getBoundingClientRect")
	s.view = canvas.FitViewport(s.snap().Scene.Bounds, r.Get("width").Float(), r.Get("height").Float(), 40)
}
