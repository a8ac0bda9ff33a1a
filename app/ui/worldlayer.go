package ui

import (
	"math"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/canvas"
)

// zoomSettleDelay is how long after the last change of zoom the world is
// painted again at its new scale: until then the compositor scales the
// drawing it has (a wheel step repaints nothing).
const zoomSettleDelay = 180 // ms

// gridMargin is how far (px) the grid layer reaches beyond each side of the
// canvas: more than one grid step at the largest zoom, so that shifting it
// by less than a step never uncovers an edge.
const gridMargin = 200

// cssTransform is the CSS form of the view's transform (the world layer's
// origin is its top left corner), its zoom written as exactly as the view
// that clicks are read in (canvas.Scale).
func cssTransform(v canvas.Viewport) string {
	return "translate(" + canvas.Num(v.Pan.X) + "px, " + canvas.Num(v.Pan.Y) + "px) scale(" + canvas.Scale(v.Zoom) + ")"
}

// worldLayer keeps the callbacks that paint the world sharp once a zoom
// has settled (made once, kept: a timer may fire after the next zoom).
type worldLayer struct {
	settle, sharpen app.Func
	timer           app.Value
}

// placeWorld moves the world layer (#world-layer) and the grid
// (#canvas-grid) to the current view with CSS transforms, set through the
// CSSOM because the CSP forbids style attributes. Both layers keep
// will-change: transform, so a pan or a zoom is a compositor operation:
// nothing is painted again. The grid is a dotted background one step larger
// than the canvas on each side, shifted by the pan modulo a step; a change
// of zoom changes its step (a repaint of the dots alone). The world is
// painted again at the new scale (sharp rather than stretched) once the
// zoom has not changed for zoomSettleDelay. It also marks the selection
// in the world (worldmarks.go) and the picked walk's cell in the Reach
// matrix (matrixmarkup.go), brings the fields reused for another
// subject back to what was drawn (emptyfields.go) and the Inspector to its
// top (inspectortop.go), and writes the drag layer's content
// (placeLift). It runs after every render
// (deferred by dispatch) and does nothing when the layers already show the
// view.
func (s *Shell) placeWorld() {
	// The count of the canvas' renders, for tests that check an action
	// is not drawn again (window.vnetplayRenders).
	app.Window().Set("vnetplayRenders", s.marks.renders)
	v := s.ws.View()
	placeGrid(v)
	placeStatus(v)
	s.marks.mark(selectedSceneKeys(s.ws.SelectedKeys()))
	s.picked.markPickedCell(s.ws.PickedWalk())
	s.fields.sync(s.ws.PanelRev())
	s.top.follow(s.ws.Shown())
	s.placeLift()
	want := cssTransform(v)
	if lift := app.Window().GetElementByID("lift-layer"); lift.Truthy() && lift.Get("style").Get("transform").String() != want {
		lift.Get("style").Set("transform", want) // the drag layer, over the world
	}
	el := app.Window().GetElementByID("world-layer")
	if !el.Truthy() {
		return
	}
	style := el.Get("style")
	if style.Get("transform").String() == want {
		return
	}
	if style.Get("willChange").String() != "transform" {
		style.Set("willChange", "transform")
	}
	style.Set("transform", want)
	if zoom := canvas.Scale(v.Zoom); el.Get("dataset").Get("zoom").String() != zoom {
		el.Get("dataset").Set("zoom", zoom)
		s.settleZoom()
	}
}

// settleZoom schedules the sharp repaint of the world after a zoom: the
// world and the drag layer lose will-change for one frame (Chromium paints
// them at the scale they now have) and get it back. A later zoom postpones
// it.
func (s *Shell) settleZoom() {
	w := &s.world
	if w.settle == nil {
		w.sharpen = app.FuncOf(func(app.Value, []app.Value) any {
			if el := app.Window().GetElementByID("world-layer"); el.Truthy() {
				el.Get("style").Set("willChange", "transform")
			}
			if el := app.Window().GetElementByID("lift-layer"); el.Truthy() {
				el.Get("style").Set("willChange", "") // the style sheet's
			}
			return nil
		})
		w.settle = app.FuncOf(func(app.Value, []app.Value) any {
			w.timer = nil
			if el := app.Window().GetElementByID("world-layer"); el.Truthy() {
				el.Get("style").Set("willChange", "auto")
				if lift := app.Window().GetElementByID("lift-layer"); lift.Truthy() {
					lift.Get("style").Set("willChange", "auto")
				}
				app.Window().Call("requestAnimationFrame", w.sharpen)
			}
			return nil
		})
	}
	if w.timer != nil {
		app.Window().Call("clearTimeout", w.timer)
	}
	w.timer = app.Window().Call("setTimeout", w.settle, zoomSettleDelay)
}

// gridPlacement is where the grid layer is drawn for view v: the step of
// its dots (px), the radius of a dot (px) and the shift (px) of the layer,
// in [0, step), that puts a dot on screen wherever the world's grid points
// fall (the layer's top left corner is gridMargin outside the canvas).
func gridPlacement(v canvas.Viewport) (step, radius, dx, dy float64) {
	step = canvas.Grid * v.Zoom
	mod := func(x float64) float64 { return x - step*math.Floor(x/step) }
	return step, v.Zoom, mod(v.Pan.X + gridMargin), mod(v.Pan.Y + gridMargin)
}

// placeGrid sets the grid layer's dots and shift for view v.
func placeGrid(v canvas.Viewport) {
	el := app.Window().GetElementByID("canvas-grid")
	if !el.Truthy() {
		return
	}
	style := el.Get("style")
	step, r, dx, dy := gridPlacement(v)
	size := canvas.Scale(step) + "px " + canvas.Scale(step) + "px" // a step's error adds up across the canvas
	if style.Get("backgroundSize").String() != size {
		c := canvas.Num(r)
		style.Set("backgroundImage", "radial-gradient(circle at "+c+"px "+c+"px, var(--grid-dot) "+c+"px, transparent "+canvas.Num(r+0.5)+"px)")
		style.Set("backgroundSize", size)
	}
	if t := "translate(" + canvas.Num(dx) + "px, " + canvas.Num(dy) + "px)"; style.Get("transform").String() != t {
		style.Set("transform", t)
	}
}

// placeStatus writes the view where tests and the status bar read it: the
// canvas' data-pan ("x,y") and data-zoom, and the zoom shown (#zoom). They
// are set here rather than rendered, since a pan's move is not rendered.
func placeStatus(v canvas.Viewport) {
	if c := app.Window().GetElementByID("canvas"); c.Truthy() {
		ds := c.Get("dataset")
		if pan := canvas.Num(v.Pan.X) + "," + canvas.Num(v.Pan.Y); ds.Get("pan").String() != pan {
			ds.Set("pan", pan)
		}
		if zoom := canvas.Num(v.Zoom); ds.Get("zoom").String() != zoom {
			ds.Set("zoom", zoom)
		}
	}
	if z := app.Window().GetElementByID("zoom"); z.Truthy() && z.Get("textContent").String() != zoomText(v) {
		z.Set("textContent", zoomText(v))
	}
}
