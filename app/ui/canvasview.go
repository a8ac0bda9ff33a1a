package ui

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/canvas"
	"vnetplay/app/kinds"
	"vnetplay/app/workspace"
)

// detailZoom is the zoom below which the canvas draws its far view: node
// boxes and edge lines without icons, labels or handles. Under it a 14 px
// label is smaller than 6 px on screen, unreadable, while thousands of text
// and icon elements are most of what the browser paints on a large design
// (docs/performance.md: 500 VNets).
const detailZoom = 0.4

// plainEdgeLength is the summed length of the scene's edges (world units)
// above which every edge is drawn solid, at any zoom. A dash pattern of a
// few world units costs the browser one dash per few units of line at
// every raster of a tile the line crosses, and a big design's edges are
// long: at 500 VNets (1,501 edges, 9 million units of line) a drag's move
// took 1.3 s of raster (Chromium's trace, about 40 times the rest of the
// frame; docs/performance.md). The built-in scenarios have at most about
// 2,700 units of edges, a hub with 20 spokes 56,000, with 50 spokes 250,000.
const plainEdgeLength = 150_000

// worldClass is the class of the world group and of the drag layer's
// group, which their CSS reads: "world", and "far" for the far view (see
// detailZoom) or "plain" for a design whose edges are too long to dash
// (plainEdgeLength). Both draw edges solid; colour and width still tell
// the kinds and states apart.
func worldClass(far bool, sc *canvas.Scene) string {
	switch {
	case far:
		return "world far"
	case sc != nil && sc.EdgeLength() > plainEdgeLength:
		return "world plain"
	}
	return "world"
}

// farView reports whether the canvas draws its far view at the current
// zoom (see detailZoom).
func (s *Shell) farView() bool { return s.ws.View().Zoom < detailZoom }

// zoomText is the zoom as the canvas' status shows it: "125%".
func zoomText(v canvas.Viewport) string { return strconv.Itoa(int(v.Zoom*100+0.5)) + "%" }

// marks are the canvas keys drawn as failed, as single points of failure
// and as the keyboard connection's candidate, for one render.
type marks struct {
	failed, spof map[string]bool
	target       string
}

func (s *Shell) renderCanvas() app.UI {
	snap := s.ws.Snap()
	sc := snap.Scene
	g := s.ws.Gesture()
	far := s.farView()
	selected, failed, spof, lifted := joinKeys(s.ws.SelectedKeys()), joinKeys(setKeys(workspace.FailedKeys(snap))), joinKeys(setKeys(s.ws.SPOFKeys())), joinKeys(s.ws.Lifted())
	world := []app.UI{&SceneView{
		Scene:  identOf(sc),
		Failed: failed,
		SPOF:   spof,
		Target: g.Target,
		Far:    far,
		Lifted: lifted,
		Window: s.ws.DrawnWindow(),
		Cuts:   s.cuts.of(sc, lifted),
		flat:   s.flatScene,
	}}
	class := worldClass(far, sc)
	s.lift.spec = liftSpec{selected: selected, failed: failed, spof: spof, target: g.Target, far: far, class: class}
	s.marks.renders++
	if w := s.walkOverlay(); w != nil {
		world = append(world, w)
	}
	if n := s.namesOverlay(); n != nil {
		world = append(world, n)
	}
	world = append(world, s.simOverlay()) // simulateview.go
	if p := gesturePreview(g); p != nil {
		world = append(world, p)
	}
	t := snap.Doc.Topology
	empty := len(t.VNets) == 0 && len(t.RouteTables) == 0 && len(t.NSGs) == 0 && len(t.Sites) == 0 && len(t.Circuits) == 0
	notice := s.ws.Notice()
	return app.Section().Class("canvas-region").Aria("label", "Design canvas").Body(
		app.Div().ID("canvas").Class("canvas").
			Attr("tabindex", 0).
			Attr("role", "application").
			Aria("label", "Design canvas: N and P select resources, arrows pan, Alt+arrows move, C connects, the F2 key renames, +/− zoom, F fits, Delete removes the selection").
			DataSet("selected", s.ws.Selected()).
			On(s.onEventAt("pointerdown", "canvas-pointerdown", s.pointerDown)).
			On(s.onViewEventAt("pointermove", "canvas-pointermove", pointerMove)).
			On(s.onEventAt("pointerup", "canvas-pointerup", pointerUp)).
			On(s.onAt("pointercancel", workspace.PointerCancel{})).
			On(s.onViewEventAt("wheel", "canvas-wheel", wheel)).
			On(s.onViewEventAt("keydown", "canvas-keydown", canvasKey)).
			Body(
				// The grid's dots are a CSS background, placed by placeGrid.
				app.Div().ID("canvas-grid").Class("canvas-grid").Aria("hidden", "true"),
				app.If(empty, func() app.UI {
					return app.P().Class("canvas-empty").
						Text("Empty design: drag a virtual network from the palette, or press Enter on it")
				}),
				// The world is its own layer, placed by placeWorld: a pan or a
				// zoom moves it without drawing it again.
				S("svg").ID("world-layer").Class("world-layer").Body(
					S("defs").Body(
						S("marker").ID("arrow").Attr("viewBox", "0 0 10 10").Attr("refX", 9).Attr("refY", 5).
							Attr("markerWidth", 3.5).Attr("markerHeight", 3.5).Attr("orient", "auto-start-reverse").
							Body(S("path").Class("arrow-head").Attr("d", "M0 0 L10 5 L0 10 z")),
					),
					S("g").ID("world").Class(class).Body(world...),
				),
				// The drag layer: what a drag moves, placed with the world and
				// written by placeLift (liftview.go), never by go-app.
				S("svg").ID("lift-layer").Class("world-layer lift-layer").Aria("hidden", "true"),
			),
		// With the Scenarios dialog open, the notice is shown in it
		// (renderLibraryNotice): its overlay would hide this one.
		app.If(notice.Text != "" && !s.ws.Library().Open, func() app.UI {
			cls := "notice"
			if notice.Err {
				cls += " notice-error"
			}
			return app.Div().ID("notice").Class(cls).Attr("role", "status").Text(notice.Text)
		}),
		s.simBar(), // simulateview.go
		app.Div().Class("canvas-status").Body(
			app.Span().ID("zoom").Title("Zoom"), // its text is the view's, set by placeWorld
			app.Button().ID("fit").Class("btn").Title("Fit the design to the screen (F)").Text("Fit").
				OnClick(s.onEvent("fit", func(app.Context, app.Event) workspace.Action { return workspace.Fit{Screen: canvasRect()} })),
			app.Button().ID("reset-view").Class("btn").Title("Reset view (0)").Text("Reset view").OnClick(s.on(workspace.ResetView{})),
			// Shown in presentation mode only (CSS): large type on the selection or the walk.
			app.Button().ID("focus-view").Class("btn present-only").Title("Zoom to read: the selection, else the packet walk, else the design").Text("Focus").
				OnClick(s.onEvent("focus-view", func(app.Context, app.Event) workspace.Action { return workspace.FocusView{Screen: canvasRect()} })),
		),
	)
}

// pointerDown focuses the canvas and captures the pointer (both must happen
// during the event), then starts the gesture.
func (s *Shell) pointerDown(ctx app.Context, e app.Event) workspace.Action {
	if e.Get("button").Int() != 0 {
		return nil
	}
	e.PreventDefault()
	// The canvas' box is read before the focus moves to it: focusing it
	// changes its style (the focus ring), and reading a box after a style
	// change makes the browser lay the page out again at once (12–16 ms
	// at 500 VNets, before the press could be drawn).
	screen := canvasRect()
	ctx.JSSrc().Call("focus")
	id := e.Get("pointerId").Int()
	ctx.JSSrc().Call("setPointerCapture", id)
	return workspace.PointerDown{At: clientPoint(e), Screen: screen, Button: 0, Shift: e.Get("shiftKey").Bool(), Pointer: id}
}

func pointerMove(ctx app.Context, e app.Event) workspace.Action {
	return workspace.PointerMove{At: clientPoint(e), Pointer: e.Get("pointerId").Int()}
}

func pointerUp(ctx app.Context, e app.Event) workspace.Action {
	return workspace.PointerUp{At: clientPoint(e), Pointer: e.Get("pointerId").Int()}
}

func wheel(ctx app.Context, e app.Event) workspace.Action {
	e.PreventDefault()
	return workspace.Wheel{At: clientPoint(e), Screen: canvasRect(), DeltaY: e.Get("deltaY").Float()}
}

func canvasKey(ctx app.Context, e app.Event) workspace.Action {
	k := workspace.CanvasKey{Key: e.Get("key").String(), Shift: e.Get("shiftKey").Bool(), Alt: e.Get("altKey").Bool(), Screen: canvasRect()}
	if !k.Handled() || e.Get("ctrlKey").Bool() || e.Get("metaKey").Bool() {
		return nil
	}
	e.PreventDefault()
	return k
}

// gesturePreview draws the gesture under way.
func gesturePreview(g workspace.Gesture) app.UI {
	switch g.Kind {
	case workspace.GestureConnect, workspace.GestureKeyConnect:
		return S("line").Class("connect-preview").
			Attr("x1", canvas.Num(g.From.X)).Attr("y1", canvas.Num(g.From.Y)).
			Attr("x2", canvas.Num(g.To.X)).Attr("y2", canvas.Num(g.To.Y))
	case workspace.GestureBand:
		r := g.Band
		return S("rect").ID("band").Class("band").
			Attr("x", canvas.Num(r.X)).Attr("y", canvas.Num(r.Y)).Attr("width", canvas.Num(r.W)).Attr("height", canvas.Num(r.H))
	case workspace.GesturePlace:
		if r := g.Place; r.W > 0 {
			return S("rect").Class("place-preview").
				Attr("x", canvas.Num(r.X)).Attr("y", canvas.Num(r.Y)).Attr("width", canvas.Num(r.W)).Attr("height", canvas.Num(r.H)).Attr("rx", 10)
		}
	}
	return nil
}

func edgeClass(e canvas.Edge, m marks, selected bool) string {
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
	if selected {
		cls += " selected"
	}
	return cls
}

// edgeSVG is an edge's drawing, on the canvas and in exports.
func edgeSVG(e canvas.Edge, class string, far bool) *svgEl {
	g := el("g").attr("class", class).attr("data-key", e.Key)
	x1, y1, x2, y2 := canvas.Num(e.A.X), canvas.Num(e.A.Y), canvas.Num(e.B.X), canvas.Num(e.B.Y)
	g.body(
		el("line").attr("class", "edge-hit").attr("x1", x1).attr("y1", y1).attr("x2", x2).attr("y2", y2),
		el("line").attr("class", "edge-line").attr("x1", x1).attr("y1", y1).attr("x2", x2).attr("y2", y2),
	)
	if e.Label != "" && !far {
		mx, my := (e.A.X+e.B.X)/2, (e.A.Y+e.B.Y)/2
		g.body(el("text").attr("class", "edge-label").attr("x", canvas.Num(mx)).attr("y", canvas.Num(my-6)).
			attr("text-anchor", "middle").textOf(e.Label))
	}
	return g
}

func nodeClass(n canvas.Node, m marks, selected bool) string {
	cls := "node node-" + string(n.Kind)
	if n.Parent == "" {
		cls += " top"
	}
	if selected {
		cls += " selected"
	}
	if n.Kind == kinds.Subnet && isSpecialSubnet(n.Label) {
		cls += " special"
	}
	if m.failed[n.Key] {
		cls += " failed"
	}
	if m.spof[n.Key] {
		cls += " spof"
	}
	if n.Key == m.target {
		cls += " connect-target"
	}
	return cls
}

// nodeSVG is a node's drawing, on the canvas and in exports.
func nodeSVG(n canvas.Node, class string, far bool) *svgEl {
	b := n.Box
	// Drawn at the node's own coordinates, without a transform: each
	// transform is a change of paint state, which the browser lays out
	// again on every frame that changes the drawing (docs/performance.md).
	g := el("g").attr("class", class).attr("data-key", n.Key)
	spec, _ := kinds.Of(n.Kind)
	// A chip drawn on its own (a public load balancer, a gateway without its
	// subnet) is a satellite box, drawn as one.
	chip := spec.Placement == kinds.Chip && n.Parent != ""
	rx := "8"
	switch {
	case n.Kind == kinds.VNet:
		rx = "12"
	case chip:
		rx = "6"
	}
	g.body(el("rect").attr("class", "node-box").attr("x", canvas.Num(b.X)).attr("y", canvas.Num(b.Y)).
		attr("width", canvas.Num(b.W)).attr("height", canvas.Num(b.H)).attr("rx", rx))
	if far {
		return g
	}
	iconSize, tx, ty := 20, 40.0, 24.0
	switch {
	case n.Kind == kinds.Subnet:
		iconSize, tx, ty = 16, 30, 22
	case chip:
		iconSize, tx, ty = 15, 26, 18
	}
	label := fitLabel(n.Label, b.W-tx-8, chip)
	if label != n.Label {
		g.body(el("title").textOf(n.Label)) // the whole name, as the node's tooltip
	}
	g.body(
		PlacedIcon(IconKind(spec.Icon), iconSize, b.X+10, b.Y+float64(int(ty)-iconSize+3)),
		el("text").attr("class", "node-label").attr("x", canvas.Num(b.X+tx)).attr("y", canvas.Num(b.Y+ty)).textOf(label),
	)
	if n.Detail != "" {
		switch {
		case n.Kind == kinds.Subnet || chip || b.H < ty+24:
			// Right-aligned on the label's line, in the room the label leaves
			// (chips, subnets, and boxes too short for a second line).
			room := b.W - 8 - tx - labelWidth(label, chip) - 12
			g.body(detailText(n.Detail, room).attr("x", canvas.Num(b.X+b.W-8)).attr("y", canvas.Num(b.Y+ty)).
				attr("text-anchor", "end"))
		default:
			g.body(detailText(n.Detail, b.W-tx-8).attr("x", canvas.Num(b.X+tx)).attr("y", canvas.Num(b.Y+ty+18)))
		}
	}
	if canvas.HasHandle(n) {
		h := canvas.Handle(n)
		g.body(el("circle").attr("class", "handle").attr("cx", canvas.Num(h.X)).attr("cy", canvas.Num(h.Y)).attr("r", canvas.Num(canvas.HandleRadius)))
	}
	return g
}

// Text widths, in world units per character: generous averages for the
// canvas' fonts (13 px system font for labels, 11.5 px for chip labels,
// 11.5 px monospace for details), so that what is drawn fits.
const (
	labelCharW     = 7.6
	chipLabelCharW = 6.8
	detailCharW    = 7.0
)

func labelWidth(label string, chip bool) float64 {
	return labelCharWidth(chip) * float64(utf8.RuneCountInString(label))
}

// labelCharWidth is a label character's width: a chip's or another node's.
func labelCharWidth(chip bool) float64 {
	if chip {
		return chipLabelCharW
	}
	return labelCharW
}

// fitLabel is a node's name shortened with an ellipsis to fit room (world
// units), as labelWidth measures it: a long private DNS zone's name ran
// past its box, over the next node.
func fitLabel(label string, room float64, chip bool) string {
	if labelWidth(label, chip) <= room {
		return label
	}
	rs := []rune(label)
	fit := max(int(room/labelCharWidth(chip))-1, 1)
	return string(rs[:min(len(rs), fit)]) + "…"
}

// detailText is a node's second text, shortened with an ellipsis to fit
// room (world units); the whole text is its tooltip.
func detailText(detail string, room float64) *svgEl {
	t := el("text").attr("class", "node-detail")
	rs := []rune(detail)
	fit := int(room / detailCharW)
	if len(rs) <= fit {
		return t.textOf(detail)
	}
	short := string(rs[:min(len(rs), max(fit-1, 1))]) + "…"
	return t.body(el("title").textOf(detail), plain(short))
}

func isSpecialSubnet(name string) bool {
	return name == "GatewaySubnet" || name == "RouteServerSubnet" || name == "AzureFirewallSubnet"
}

// walkOverlay draws the forward path of the picked walk over the canvas:
// a polyline through the centres of the nodes of every hop, gateways,
// circuits and sites included.
func (s *Shell) walkOverlay() app.UI {
	t, _, _, ok := s.ws.Walk()
	if !ok || t == nil {
		return nil
	}
	sc := s.ws.Snap().Scene
	var pts []string
	for _, h := range t.Hops {
		if n, ok := sc.HopNode(h.Node); ok {
			c := n.Box.Center()
			pts = append(pts, canvas.Num(c.X)+","+canvas.Num(c.Y))
		}
	}
	if len(pts) < 2 {
		return nil
	}
	return S("polyline").ID("walk-path").Class("walk-path "+verdictOf(t.Disposition).class).
		DataSet("hops", len(t.Hops)).DataSet("drawn", len(pts)).
		Attr("points", strings.Join(pts, " ")).Attr("marker-end", "url(#arrow)")
}
