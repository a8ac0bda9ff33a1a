package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/workspace"
)

// hiddenTabDelay bounds how long the analysis of an edit waits for a frame:
// a page in a background tab gets none.
const hiddenTabDelay = 200 // ms

// afterPaint runs the engine's analysis of an edit once the page has
// painted it: a frame callback, then a task after that frame (or, in a
// background tab that gets no frames, a timer). Its callbacks are made
// once and kept: one may fire after the other has done the work.
type afterPaint struct {
	wanted    bool // an Analyse is asked and not yet dispatched
	frame, on app.Func
}

// analyseAfterPaint asks for workspace.Analyse after the next paint.
func (s *Shell) analyseAfterPaint() {
	a := &s.analysis
	if a.on == nil {
		a.on = app.FuncOf(func(app.Value, []app.Value) any {
			s.ctx.Dispatch(func(ctx app.Context) {
				if a.wanted {
					a.wanted = false
					s.dispatch(ctx, workspace.Analyse{})
				}
			})
			return nil
		})
		a.frame = app.FuncOf(func(app.Value, []app.Value) any {
			app.Window().Call("setTimeout", a.on, 0)
			return nil
		})
	}
	a.wanted = true
	app.Window().Call("requestAnimationFrame", a.frame)
	app.Window().Call("setTimeout", a.on, hiddenTabDelay)
}
