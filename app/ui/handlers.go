package ui

import (
	"context"
	"fmt"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/canvas"
	"vnetplay/app/workspace"
)

// Event handlers. go-app keeps an element's first handler unless the
// handler's scope changes (go-app-wasm-notes: stale event handlers), so
// every handler here is made by one of these four functions:
//
//   - on(a): dispatches the action a; its scope is a itself, so a row or
//     field whose subject changes gets a new handler;
//   - onValue(a), onChecked(a): the same, with the element's value (or
//     checked state) read when the event fires;
//   - onEvent(name, make): for handlers that read everything from the
//     event and the workspace at call time (canvas pointer events); make
//     may close over the Shell only, and the scope is the constant name.
//
// TestHandlersActOnTheirSubject renders every panel with one subject, then
// another, fires every handler and checks each acted on the second.

// valued is an action completed with an element's value.
type valued interface {
	workspace.Action
	WithValue(string) workspace.Action
}

// scopeOf is the event scope of a handler that dispatches a.
func scopeOf(a any) app.EventOption { return app.EventScope(fmt.Sprintf("%T%+v", a, a)) }

// on returns a handler that dispatches a, scoped by a.
func (s *Shell) on(a workspace.Action) (app.EventHandler, app.EventOption) {
	return func(ctx app.Context, e app.Event) { s.dispatch(ctx, a) }, scopeOf(a)
}

// onValue returns a handler that dispatches a with the element's value.
func (s *Shell) onValue(a valued) (app.EventHandler, app.EventOption) {
	return func(ctx app.Context, e app.Event) {
		s.dispatch(ctx, a.WithValue(ctx.JSSrc().Get("value").String()))
	}, scopeOf(a)
}

// onChecked returns a handler that dispatches a with "true" or "false",
// the checkbox's state.
func (s *Shell) onChecked(a valued) (app.EventHandler, app.EventOption) {
	return func(ctx app.Context, e app.Event) {
		s.dispatch(ctx, a.WithValue(boolText(ctx.JSSrc().Get("checked").Bool())))
	}, scopeOf(a)
}

// onEvent returns a handler that builds its action from the event at call
// time; make returns nil to do nothing.
func (s *Shell) onEvent(name string, make func(ctx app.Context, e app.Event) workspace.Action) (app.EventHandler, app.EventOption) {
	return func(ctx app.Context, e app.Event) {
		if a := make(ctx, e); a != nil {
			s.dispatch(ctx, a)
		} else {
			ctx.PreventUpdate()
		}
	}, app.EventScope("event:" + name)
}

func boolText(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// dispatch applies a to the workspace and runs the tasks it leaves.
func (s *Shell) dispatch(ctx app.Context, a workspace.Action) {
	if s.record != nil {
		s.record(a)
		return
	}
	s.run(ctx, s.ws.Do(a))
}

// run carries out the tasks an action left: timers, storage calls and
// long work off the UI's goroutine (their resulting actions are
// dispatched), downloads, the clipboard, focus. Deferred work runs on the
// Shell's own mount context, never the event's: go-app drops a dispatch
// whose element is gone (the button of a dialog that the action closed).
// Outside the browser (no mount) nothing runs.
func (s *Shell) run(_ app.Context, tasks []workspace.Task) {
	if !s.mounted {
		return
	}
	ctx := s.ctx
	for _, t := range tasks {
		switch {
		case t.Then != nil:
			then := t.Then
			ctx.After(t.Delay, func(ctx app.Context) { s.dispatch(ctx, then) })
		case t.Storage != nil:
			if st := s.store; st != nil {
				job := t.Storage
				ctx.Async(func() {
					a := job(context.Background(), st)
					ctx.Dispatch(func(ctx app.Context) { s.dispatch(ctx, a) })
				})
			}
		case t.Work != nil:
			job := t.Work
			ctx.Async(func() {
				a := job(context.Background(), func(p workspace.Action) {
					ctx.Dispatch(func(ctx app.Context) { s.dispatch(ctx, p) })
				})
				ctx.Dispatch(func(ctx app.Context) { s.dispatch(ctx, a) })
			})
		case t.Download != nil:
			s.download(ctx, *t.Download)
		case t.Copy != "":
			copyText(t.Copy)
		case t.Focus != "":
			id := t.Focus
			ctx.Defer(func(app.Context) {
				if el := app.Window().GetElementByID(id); el.Truthy() {
					el.Call("focus")
				}
			})
		case t.ReplaceURL != "":
			app.Window().Get("history").Call("replaceState", nil, "", t.ReplaceURL)
		}
	}
}

// download offers a file, rasterising SVG to PNG when asked.
func (s *Shell) download(ctx app.Context, d workspace.Download) {
	if !d.PNG {
		download(d.Name, d.Mime, d.Data)
		return
	}
	downloadPNG(d.Name, d.Data, d.Width, d.Height, func(errText string) {
		if errText != "" {
			ctx.Dispatch(func(ctx app.Context) { s.say(ctx, "PNG export failed: "+errText) })
		}
	})
}

// say shows an error notice from the UI itself (a browser failure).
func (s *Shell) say(ctx app.Context, text string) {
	s.dispatch(ctx, workspace.Notify{Text: text, Err: true})
}

// clientRect is an element's client rectangle.
func clientRect(el app.Value) canvas.Rect {
	if !el.Truthy() {
		return canvas.Rect{}
	}
	r := el.Call("getBoundingClientRect")
	return canvas.Rect{X: r.Get("left").Float(), Y: r.Get("top").Float(), W: r.Get("width").Float(), H: r.Get("height").Float()}
}

// canvasRect is the canvas' client rectangle.
func canvasRect() canvas.Rect { return clientRect(app.Window().GetElementByID("canvas")) }

func clientPoint(e app.Event) canvas.Point {
	return canvas.Point{X: e.Get("clientX").Float(), Y: e.Get("clientY").Float()}
}

// The same handlers for .On(event, …), which takes the event's name first:
// .On(s.onAt("pointercancel", action)) and .On(s.onEventAt("pointerdown",
// name, make)).
func (s *Shell) onAt(event string, a workspace.Action) (string, app.EventHandler, app.EventOption) {
	h, o := s.on(a)
	return event, h, o
}

func (s *Shell) onEventAt(event, name string, make func(ctx app.Context, e app.Event) workspace.Action) (string, app.EventHandler, app.EventOption) {
	h, o := s.onEvent(name, make)
	return event, h, o
}
