package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/canvas"
)

// cssTransform is the CSS form of the view's transform (the world layer's
// origin is its top left corner).
func cssTransform(v canvas.Viewport) string {
	return "translate(" + canvas.Num(v.Pan.X) + "px, " + canvas.Num(v.Pan.Y) + "px) scale(" + canvas.Num(v.Zoom) + ")"
}

// placeWorld moves the world layer (#world-layer) to the current view with
// a CSS transform, set through the CSSOM because the CSP forbids style
// attributes. A pan is then a compositor operation: the drawing is not
// painted again. While the view only pans, the layer keeps
// will-change: transform; a change of zoom drops it for that frame, so the
// drawing is painted again at the new scale (sharp) rather than stretched.
// It runs after every render (deferred by dispatch) and does nothing when
// the layer already has the view's transform.
func (s *Shell) placeWorld() {
	el := app.Window().GetElementByID("world-layer")
	if !el.Truthy() {
		return
	}
	style := el.Get("style")
	v := s.ws.View()
	want := cssTransform(v)
	if style.Get("transform").String() == want {
		return
	}
	willChange := "transform"
	if el.Get("dataset").Get("zoom").String() != canvas.Num(v.Zoom) {
		willChange = "auto"
		el.Get("dataset").Set("zoom", canvas.Num(v.Zoom))
	}
	style.Set("willChange", willChange)
	style.Set("transform", want)
}
