package ui

import (
	"context"
	"fmt"
	"time"

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
	if s.mounted {
		s.ctx.Defer(func(app.Context) { s.placeWorld() })
	}
}

// run carries out the tasks an action left: timers, storage calls (in
// order, on the serial queue; a Now one at once), claims and releases of
// design locks (in order with the storage calls), messages to other tabs,
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
	report := func(a workspace.Action) { ctx.Dispatch(func(ctx app.Context) { s.dispatch(ctx, a) }) }
	for _, t := range tasks {
		switch {
		case t.Then != nil:
			then := t.Then
			ctx.After(t.Delay, func(ctx app.Context) {
				s.dispatch(ctx, then)
				if s.ws.Unseen() { // a timer that changed nothing drawn (the autosave waiting for a drop)
					ctx.PreventUpdate()
				}
			})
		case t.Storage != nil:
			s.runStorage(t, report)
		case t.Claim != nil:
			c := *t.Claim
			s.queue.push(func() { s.locks.claim(c) })
		case t.Release != "":
			id := t.Release
			s.queue.push(func() { s.locks.release(id) })
		case t.Announce != nil:
			s.peers.announce(*t.Announce)
		case t.Persist:
			keepStorage(report)
		case t.Analyse:
			s.dispatchAfterPaint(&s.analysis, workspace.Analyse{})
		case t.Reveal:
			s.dispatchAfterPaint(&s.reveal, workspace.RevealAnswers{})
		case t.Widen:
			s.widen.idle = true
			s.dispatchAfterPaint(&s.widen, workspace.WidenDrawn{})
		case t.Rehearse:
			s.rehearse.idle = true
			s.dispatchAfterPaint(&s.rehearse, workspace.RehearseEdit{})
		case t.Work != nil:
			s.runWork(t, report)
		case t.Sweep != nil:
			s.runSweep(*t.Sweep, report)
		case t.Derive != nil:
			s.runDerive(*t.Derive, report)
		case t.Cancel != "":
			if cancel, ok := s.cancels[t.Cancel]; ok {
				cancel()
			}
			if s.engine != nil {
				s.engine.cancel()
			}
		case t.Download != nil:
			s.download(ctx, *t.Download)
		case t.Copy != "":
			copyText(t.Copy, func() {
				ctx.Dispatch(func(ctx app.Context) { s.dispatch(ctx, workspace.CopyFailed{}) })
			})
		case t.Focus != "":
			id, note := t.Focus, t.NoteFocus
			ctx.Defer(func(ctx app.Context) {
				if note { // where the focus is now, read when the dialog takes it
					from := app.Window().Get("document").Get("activeElement")
					was := ""
					if from.Truthy() {
						was = from.Get("id").String()
					}
					s.dispatch(ctx, workspace.FocusWas{Dialog: id, ID: was})
				}
				if el := app.Window().GetElementByID(id); el.Truthy() {
					el.Call("focus")
				}
			})
		case t.ReplaceURL != "":
			app.Window().Get("history").Call("replaceState", nil, "", t.ReplaceURL)
		case t.Reload:
			app.Window().Get("location").Call("reload")
		}
	}
}

// runStorage runs a storage task on the serial queue, or at once for a
// Now task: its goroutine issues the writes before the browser gets
// control back (Go's wasm runtime runs every ready goroutine before it
// returns from an event), which is what a flush on pagehide needs.
func (s *Shell) runStorage(t workspace.Task, report func(workspace.Action)) {
	st := s.store
	if st == nil {
		return
	}
	job := func() { report(t.Storage(context.Background(), st)) }
	if t.Now {
		go job()
		return
	}
	s.queue.push(job)
}

// runSweep runs a sweep in the engine's Web Worker (started on the first
// request), or in the page where there is none.
func (s *Shell) runSweep(job workspace.SweepJob, report func(workspace.Action)) {
	if !s.startEngine(report) {
		s.sweepInPage(job, report)
		return
	}
	s.engine.sweep(job)
}

// sweepInPage runs a sweep in the page, off the UI's goroutine.
func (s *Shell) sweepInPage(job workspace.SweepJob, report func(workspace.Action)) {
	s.runWork(workspace.Task{Key: workspace.SweepKey, Work: func(ctx context.Context, progress func(workspace.Action)) workspace.Action {
		return workspace.RunSweepJob(ctx, job, progress)
	}}, report)
}

// startEngine starts the engine's Web Worker if it is not started, and
// reports whether there is one: what it has when it fails is run in the
// page.
func (s *Shell) startEngine(report func(workspace.Action)) bool {
	if s.engine == nil && !s.noEngine {
		s.engine = startEngine(report, engineFallback{
			sweep:  func(job workspace.SweepJob) { s.sweepInPage(job, report) },
			derive: s.deriveInPage,
		})
		s.noEngine = s.engine == nil
	}
	return s.engine != nil
}

// runWork runs long work off the UI's goroutine, cancellable by its key.
// Between two progress reports it sleeps a millisecond: Go's wasm has no
// preemption, and the sleep gives the browser its turn (input, paint).
func (s *Shell) runWork(t workspace.Task, report func(workspace.Action)) {
	wctx, cancel := context.WithCancel(context.Background())
	key := t.Key
	if key != "" {
		if old, ok := s.cancels[key]; ok {
			old()
		}
		s.cancels[key] = cancel
	}
	job := t.Work
	s.ctx.Async(func() {
		a := job(wctx, func(p workspace.Action) {
			report(p)
			time.Sleep(time.Millisecond)
		})
		cancel()
		report(a)
	})
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

// drawnView is what the page's drawing depends on besides the workspace's
// changes: the level of detail and the part of the world drawn.
type drawnView struct {
	far bool
	win canvas.Rect
}

// drawnView is the drawing's view now.
func (s *Shell) drawnView() drawnView { return drawnView{far: s.farView(), win: s.ws.DrawnWindow()} }

// stillDrawn reports whether the page drawn before the last action, with
// view before, is the page a render would draw now: the action changed
// nothing but the viewport or where the dragged nodes are
// (workspace.ViewOnly, liftOnly), and the drawing's view is the same.
func (s *Shell) stillDrawn(before drawnView) bool {
	return (s.ws.ViewOnly() || s.liftOnly(before.far)) && s.drawnView() == before
}

// onViewEventAt is onEventAt for the canvas' pointer, wheel and key input,
// most of which only moves or scales the view (a pan's moves, a wheel
// step): when the workspace reports that the action changed nothing but
// the viewport (workspace.ViewOnly), or nothing but where the dragged
// nodes are (workspace.LiftOnly: a drag's move), and the level of detail
// and the part of the world drawn (workspace.DrawnWindow) are the same,
// the page is not drawn again: placeWorld moves and scales
// the layers and writes the drag layer, in the event's own frame. The
// move that starts a drag's lift writes the drag layer in its event too,
// and the page is drawn at go-app's next update.
// TestMountedPanelIsDrawnPanel checks that a render would have drawn the
// same page.
func (s *Shell) onViewEventAt(event, name string, make func(ctx app.Context, e app.Event) workspace.Action) (string, app.EventHandler, app.EventOption) {
	return event, func(ctx app.Context, e app.Event) {
		a := make(ctx, e)
		if a == nil {
			ctx.PreventUpdate()
			return
		}
		before := s.drawnView()
		s.dispatch(ctx, a)
		switch {
		case s.record != nil:
		case s.stillDrawn(before):
			ctx.PreventUpdate()
			switch {
			case !s.mounted:
			case s.ws.LiftOnly(): // the view as placed: the drag layer alone
				s.placeLift()
			default:
				s.placeWorld()
			}
		case s.mounted && s.ws.Lifted() != nil && s.drawnView() == before:
			// The move that lifts nodes: the drag layer and the world's
			// hidden copies are written now, so that the lift is painted
			// in the event's frame; the rest of the page (the undo label)
			// follows at go-app's next update.
			s.placeLift()
		}
	}, app.EventScope("event:" + name)
}
