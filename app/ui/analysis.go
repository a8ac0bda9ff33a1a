package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/workspace"
)

// hiddenTabDelay bounds how long the analysis of an edit waits for a frame:
// a page in a background tab gets none.
const hiddenTabDelay = 200 // ms

// idleHiddenTabDelay is hiddenTabDelay for an afterPaint that waits for
// the page to be idle (afterPaint.idle): longer, so that on a busy
// machine, whose frame comes late, the timer does not run the action
// before the frame it is to follow.
const idleHiddenTabDelay = 1000 // ms

// afterPaint dispatches an action once the page has painted what the
// action before changed (the engine's analysis of an edit, the answers
// held for it): after go-app's update that draws the change, a frame
// callback, then a task after that frame (or, in a background tab that
// gets no frames, a timer). Its callbacks are made
// once and kept: one may fire after the other has done the work.
type afterPaint struct {
	wanted bool // the action is asked and not yet dispatched
	// idle: after the frame, the action waits for the page to be idle
	// (requestIdleCallback, at most hiddenTabDelay; a background tab's
	// timer is idleHiddenTabDelay): a design's margins (workspace.WidenDrawn)
	// are long to draw, and what is queued after its first frame (input,
	// the worker's answers, the frame's own end) goes first.
	idle      bool
	frame, on app.Func
}

// dispatchAfterPaint asks for action after the next paint, through a (one
// per kind of action, always the same: asking twice before the paint
// dispatches it once).
func (s *Shell) dispatchAfterPaint(a *afterPaint, action workspace.Action) {
	if a.on == nil {
		a.on = app.FuncOf(func(app.Value, []app.Value) any {
			s.ctx.Dispatch(func(ctx app.Context) {
				if !a.wanted { // the other callback did it: nothing to draw
					ctx.PreventUpdate()
					return
				}
				a.wanted = false
				before := s.drawnView()
				s.dispatch(ctx, action)
				// A design's margins drawn already (by a pan), or an action
				// that changed nothing drawn (a rehearsal round).
				if s.stillDrawn(before) || s.ws.Unseen() {
					ctx.PreventUpdate()
				}
			})
			return nil
		})
		a.frame = app.FuncOf(func(app.Value, []app.Value) any {
			if ric := app.Window().Get("requestIdleCallback"); a.idle && ric.Truthy() {
				opts := app.Window().Get("Object").New()
				opts.Set("timeout", hiddenTabDelay)
				app.Window().Call("requestIdleCallback", a.on, opts)
				return nil
			}
			app.Window().Call("setTimeout", a.on, 0)
			return nil
		})
	}
	a.wanted = true
	// go-app draws the action's change at its next frame tick, not at
	// once: the frame to wait for is the one after that update (a frame
	// requested now may come first, and the action after it be drawn with
	// the change).
	fallback := hiddenTabDelay
	if a.idle {
		fallback = idleHiddenTabDelay
	}
	s.ctx.Defer(func(app.Context) {
		app.Window().Call("requestAnimationFrame", a.frame)
		app.Window().Call("setTimeout", a.on, fallback)
	})
}
