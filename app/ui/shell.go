// Package ui holds vnetplay's go-app components. Components only render and
// dispatch; the logic they call lives in plain packages (app/canvas, the
// engine) that are tested natively.
package ui

import (
	"fmt"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/canvas"
)

// ProductName is shown in the top bar and the document title.
const ProductName = "vnetplay"

// buildLabel names the build in the top bar. It is set at link time
// (-ldflags "-X vnetplay/app/ui.buildLabel=…", see the Makefile) and never
// written at run time; when empty, the site version from app.js is shown.
var buildLabel string

// Panel tabs of the side panel.
const (
	TabRoutes       = "routes"
	TabReachability = "reachability"
	TabDiagnostics  = "diagnostics"
)

var panelTabs = []struct{ id, label, empty string }{
	{TabRoutes, "Routes", "Select a subnet to see its effective routes."},
	{TabReachability, "Reachability", "Add endpoints to see who can reach whom."},
	{TabDiagnostics, "Diagnostics", "Problems in the design (lint results) appear here as you edit."},
}

// Shell is the application frame: the top bar, the resource palette, the
// canvas and the side panel. It owns the canvas viewport.
type Shell struct {
	app.Compo

	view    canvas.Viewport
	pan     canvas.PanGesture
	tab     string
	mounted bool
}

// OnInit sets the initial view. It runs on the server's pre-render too.
func (s *Shell) OnInit() {
	s.view = canvas.NewViewport()
	s.tab = TabRoutes
}

// OnMount marks the app as live: data-mounted on the root and
// window.vnetplayMountedAt (ms since navigation start) let tests and the
// first-render benchmark tell the wasm-rendered shell from the pre-rendered
// HTML.
func (s *Shell) OnMount(ctx app.Context) {
	s.mounted = true
	app.Window().Set("vnetplayMountedAt", app.Window().Get("performance").Call("now"))
}

// Build returns the label of the running build.
func Build() string {
	if buildLabel != "" {
		return buildLabel
	}
	if v := app.Getenv("GOAPP_VERSION"); v != "" {
		return v[:min(len(v), 12)]
	}
	return "dev"
}

func (s *Shell) Render() app.UI {
	root := app.Div().ID("vnetplay").Class("shell")
	if s.mounted {
		root = root.DataSet("mounted", "true")
	}
	return root.Body(
		s.renderTopBar(),
		app.Main().Class("workspace").Body(
			s.renderPalette(),
			s.renderCanvas(),
			s.renderPanel(),
		),
	)
}

func (s *Shell) renderTopBar() app.UI {
	return app.Header().Class("topbar").Body(
		app.Div().Class("brand").Body(
			Icon(IconLogo, 26, ""),
			app.Span().Class("brand-name").Text(ProductName),
			app.Span().Class("brand-tagline").Text("Azure virtual network design playground"),
		),
		app.Div().Class("doc-title").Title("Scenario name").Text("Untitled design"),
		app.Div().Class("topbar-meta").Body(
			app.Span().ID("build").Class("build").Title("Build").Text("build "+Build()),
		),
	)
}

func (s *Shell) renderPalette() app.UI {
	return app.Aside().Class("palette").Aria("label", "Resources").Body(
		app.H2().Text("Resources"),
		app.Ul().Class("palette-list").Body(
			app.Range(paletteKinds).Slice(func(i int) app.UI {
				k := paletteKinds[i]
				return app.Li().Class("palette-item").DataSet("kind", string(k.Kind)).Body(
					Icon(k.Kind, 20, ""),
					app.Span().Text(k.Label),
				)
			}),
		),
	)
}

func (s *Shell) renderCanvas() app.UI {
	zoom := fmt.Sprintf("%d%%", int(s.view.Zoom*100+0.5))
	return app.Section().Class("canvas-region").Aria("label", "Design canvas").Body(
		S("svg").ID("canvas").Class("canvas").
			Attr("tabindex", 0).
			Attr("role", "application").
			Aria("label", "Design canvas: drag to pan, wheel or +/− to zoom, 0 to reset").
			DataSet("pan", canvas.Num(s.view.Pan.X)+","+canvas.Num(s.view.Pan.Y)).
			DataSet("zoom", canvas.Num(s.view.Zoom)).
			On("pointerdown", s.onPointerDown).
			On("pointermove", s.onPointerMove).
			On("pointerup", s.onPointerUp).
			On("pointercancel", s.onPointerUp).
			On("wheel", s.onWheel).
			On("keydown", s.onKeyDown).
			Body(
				S("defs").Body(
					S("pattern").ID("grid").
						Attr("width", 24).Attr("height", 24).
						Attr("patternUnits", "userSpaceOnUse").
						Attr("patternTransform", s.view.Transform()).
						Body(S("circle").Class("grid-dot").Attr("cx", 1).Attr("cy", 1).Attr("r", 1)),
				),
				S("rect").Class("grid").Attr("width", "100%").Attr("height", "100%").Attr("fill", "url(#grid)"),
				S("g").ID("world").Attr("transform", s.view.Transform()),
				S("text").Class("canvas-empty").
					Attr("x", "50%").Attr("y", "50%").Attr("text-anchor", "middle").
					Text("Empty design: resources from the palette will appear here"),
			),
		app.Div().Class("canvas-status").Body(
			app.Span().ID("zoom").Title("Zoom").Text(zoom),
			app.Button().Class("btn").Title("Reset view (0)").Text("Reset view").OnClick(s.onResetView),
		),
	)
}

func (s *Shell) renderPanel() app.UI {
	var empty string
	for _, t := range panelTabs {
		if t.id == s.tab {
			empty = t.empty
		}
	}
	return app.Aside().Class("panel").Aria("label", "Results").Body(
		app.Nav().Class("tabs").Attr("role", "tablist").Body(
			app.Range(panelTabs).Slice(func(i int) app.UI {
				t := panelTabs[i]
				return app.Button().
					ID("tab-"+t.id).
					Class("tab").
					Attr("role", "tab").
					Aria("selected", t.id == s.tab).
					Aria("controls", "tabpanel").
					Text(t.label).
					OnClick(func(ctx app.Context, e app.Event) { s.tab = t.id })
			}),
		),
		app.Div().ID("tabpanel").Class("tabpanel").Attr("role", "tabpanel").
			Aria("labelledby", "tab-"+s.tab).
			Body(app.P().Class("empty").Text(empty)),
	)
}

func pointerAt(e app.Event) canvas.Point {
	return canvas.Point{X: e.Get("offsetX").Float(), Y: e.Get("offsetY").Float()}
}

func (s *Shell) onPointerDown(ctx app.Context, e app.Event) {
	if e.Get("button").Int() != 0 {
		ctx.PreventUpdate()
		return
	}
	e.PreventDefault()
	ctx.JSSrc().Call("focus")
	id := e.Get("pointerId").Int()
	ctx.JSSrc().Call("setPointerCapture", id)
	s.pan.Begin(s.view, id, screenPoint(e))
	ctx.PreventUpdate()
}

func (s *Shell) onPointerMove(ctx app.Context, e app.Event) {
	v, ok := s.pan.Move(e.Get("pointerId").Int(), screenPoint(e))
	if !ok {
		ctx.PreventUpdate()
		return
	}
	s.view = v
}

func (s *Shell) onPointerUp(ctx app.Context, e app.Event) {
	if !s.pan.End(e.Get("pointerId").Int()) {
		ctx.PreventUpdate()
	}
}

// screenPoint is the pointer's client position: pans use differences only,
// so client coordinates are right even while the pointer leaves the canvas.
func screenPoint(e app.Event) canvas.Point {
	return canvas.Point{X: e.Get("clientX").Float(), Y: e.Get("clientY").Float()}
}

func (s *Shell) onWheel(ctx app.Context, e app.Event) {
	e.PreventDefault()
	factor := 1.1
	if e.Get("deltaY").Float() > 0 {
		factor = 1 / factor
	}
	s.view = s.view.ZoomedAt(pointerAt(e), factor)
}

func (s *Shell) onKeyDown(ctx app.Context, e app.Event) {
	const step = 40
	switch strings.ToLower(e.Get("key").String()) {
	case "arrowleft":
		s.view = s.view.Panned(step, 0)
	case "arrowright":
		s.view = s.view.Panned(-step, 0)
	case "arrowup":
		s.view = s.view.Panned(0, step)
	case "arrowdown":
		s.view = s.view.Panned(0, -step)
	case "+", "=":
		s.view = s.view.ZoomedAt(canvas.Point{}, 1.25)
	case "-":
		s.view = s.view.ZoomedAt(canvas.Point{}, 1/1.25)
	case "0":
		s.view = canvas.NewViewport()
	default:
		ctx.PreventUpdate()
		return
	}
	e.PreventDefault()
}

func (s *Shell) onResetView(ctx app.Context, e app.Event) { s.view = canvas.NewViewport() }
