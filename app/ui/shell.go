// Package ui holds vnetplay's go-app components. Components render the
// workspace (app/workspace) and dispatch its actions; nothing else. Every
// event handler is made by on, onValue, onChecked or onEvent (handlers.go),
// which scope it by the action it dispatches, so go-app never keeps a
// handler of a previous subject (go-app-wasm-notes: stale handlers);
// TestHandlersActOnTheirSubject checks it for every handler rendered.
package ui

import (
	"context"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/persist"
	"vnetplay/app/workspace"
	"vnetplay/scenarios"
)

// ProductName is shown in the top bar and the document title.
const ProductName = "vnetplay"

// buildLabel names the build in the top bar. It is set at link time
// (-ldflags "-X vnetplay/app/ui.buildLabel=…", see the Makefile) and never
// written at run time; when empty, the site version from app.js is shown.
var buildLabel string

// Shell is the application: top bar, palette, canvas and side panel. It
// holds the workspace and what only the browser has: the mount context,
// the window listeners and the scenario store.
type Shell struct {
	app.Compo

	ws      *workspace.Workspace
	mounted bool
	ctx     app.Context // the mount context, for timers (zero outside the browser)
	store   persist.Store

	keyListener    app.Func
	resizeListener app.Func
	hashListener   app.Func  // hashchange: a share link put in the address bar
	canvasObserver app.Value // a ResizeObserver on the canvas
	canvasResized  app.Func
	pageHidden     app.Func // pagehide: flush the pending save
	visibility     app.Func // visibilitychange: save when hidden
	beforeUnload   app.Func // beforeunload: ask first when changes cannot be saved

	queue    *serial // storage tasks, claims and releases, in order
	stop     chan struct{}
	locks    *locks
	peers    *peers
	engine   *engineClient                 // the engine's Web Worker, started by the first request
	noEngine bool                          // the engine's Web Worker could not start: the page runs it
	cancels  map[string]context.CancelFunc // running Work tasks by key
	analysis afterPaint                    // the engine's analysis of the last edit, after the paint
	reveal   afterPaint                    // the answers held for the last edit, after the paint
	widen    afterPaint                    // the margins of a design's first frame, after its paint
	rehearse afterPaint                    // a design's first edit readied, when the page is idle after its margins
	world    worldLayer                    // the sharp repaint of the world after a zoom
	lift     liftLayer                     // the drag layer's content (liftview.go)
	marks    sceneMarks                    // the world's lifted and selected marks (worldmarks.go)
	picked   pickedMark                    // the Reach matrix's picked cell (matrixmarkup.go)
	fields   drawnFields                   // fields brought back to what was drawn (emptyfields.go)
	top      inspectorTop                  // the Inspector scrolled to its top for another resource (inspectortop.go)
	cuts     sceneCuts                     // where the scene is cut into parts (sceneview.go)
	workshop []scenarios.Challenge         // the built-in workshop pack (scenarios.Workshop), read on first use
	builtins []scenarios.Scenario          // the built-in scenarios (scenarios.All), read on first use

	// record, when set (tests), receives every dispatched action instead
	// of the workspace.
	record func(workspace.Action)
	// flatScene, when set (benchmarks), draws the scene as it was drawn
	// before parts (SceneView.flat).
	flatScene func(*SceneView) app.UI
}

// OnInit opens an empty design. It runs on the server's pre-render too.
func (s *Shell) OnInit() {
	s.ws = workspace.New()
}

// OnMount marks the app as live (data-mounted on the root and
// window.vnetplayMountedAt, in ms since navigation start, for tests and the
// first-render benchmark), listens for the global keyboard shortcuts and
// window resizes, opens the store and restores the design to show.
func (s *Shell) OnMount(ctx app.Context) {
	s.mounted, s.ctx = true, ctx
	app.Window().Set("vnetplayMountedAt", app.Window().Get("performance").Call("now"))
	s.keyListener = app.FuncOf(func(this app.Value, args []app.Value) any {
		if len(args) > 0 {
			s.onGlobalKey(ctx, app.Event{Value: args[0]})
		}
		return nil
	})
	app.Window().Call("addEventListener", "keydown", s.keyListener)
	s.resizeListener = app.FuncOf(func(this app.Value, args []app.Value) any {
		ctx.Dispatch(func(ctx app.Context) { s.dispatch(ctx, windowSize()) })
		return nil
	})
	app.Window().Call("addEventListener", "resize", s.resizeListener)
	s.hashListener = app.FuncOf(func(this app.Value, args []app.Value) any {
		frag := app.Window().URL().Fragment // a share link put in the address bar
		ctx.Dispatch(func(ctx app.Context) { s.dispatch(ctx, workspace.OpenLink{Fragment: frag}) })
		return nil
	})
	app.Window().Call("addEventListener", "hashchange", s.hashListener)
	s.dispatch(ctx, windowSize())
	s.dispatch(ctx, workspace.DeferAnalysis{}) // the canvas repaints an edit before the engine runs
	s.observeCanvas(ctx)
	s.startTabs(ctx)
	frag := app.Window().URL().Fragment
	ctx.Async(func() {
		// While the browser does not open the store (another tab holds it
		// at an older version), the app runs and says so.
		waiting := func(why persist.OpenWait) {
			ctx.Dispatch(func(ctx app.Context) { s.dispatch(ctx, workspace.StoreWaiting{Why: why}) })
		}
		st, err := persist.OpenDefault(context.Background(), waiting)
		ctx.Dispatch(func(ctx app.Context) {
			s.store = st
			s.dispatch(ctx, workspace.Start{Fragment: frag, StoreErr: err})
			// Another tab opening the store at a newer version (a newer
			// vnetplay) closes it here: said at once, after Start.
			if sup, ok := st.(persist.Superseded); ok {
				sup.OnSuperseded(func() {
					ctx.Dispatch(func(ctx app.Context) { s.dispatch(ctx, workspace.StoreSuperseded{}) })
				})
			}
		})
	})
}

// observeCanvas reports the canvas' size to the workspace whenever it
// changes (a panel folded or resized, the window resized).
func (s *Shell) observeCanvas(ctx app.Context) {
	ro := app.Window().Get("ResizeObserver")
	el := app.Window().GetElementByID("canvas")
	if !ro.Truthy() || !el.Truthy() {
		return
	}
	s.canvasResized = app.FuncOf(func(this app.Value, args []app.Value) any {
		ctx.Dispatch(func(ctx app.Context) { s.dispatch(ctx, workspace.CanvasSize{Screen: canvasRect()}) })
		return nil
	})
	s.canvasObserver = ro.New(s.canvasResized)
	s.canvasObserver.Call("observe", el)
}

// startTabs starts what the workspace's storage and tab coordination need:
// the serial queue of storage tasks, the Web Locks, the channel to the
// other tabs, and the page lifecycle listeners. On pagehide, and on freeze
// (a frozen page may be discarded without pagehide), the field with the
// focus is committed and the pending save is flushed synchronously, in
// the listener: its writes are issued before the page goes (a dispatch
// would run too late).
func (s *Shell) startTabs(ctx app.Context) {
	report := func(a workspace.Action) { ctx.Dispatch(func(ctx app.Context) { s.dispatch(ctx, a) }) }
	s.queue, s.stop = newSerial(), make(chan struct{})
	go s.queue.run(s.stop)
	s.locks = newLocks(report)
	s.peers = openPeers(report, func(m workspace.Peer) {
		if s.ws.AsksHandover(m) {
			commitFocusedField() // typed, not yet committed: it comes with the design
		}
	})
	s.cancels = map[string]context.CancelFunc{}
	s.pageHidden = app.FuncOf(func(this app.Value, args []app.Value) any {
		commitFocusedField()
		s.dispatch(ctx, workspace.Flush{})
		return nil
	})
	app.Window().Call("addEventListener", "pagehide", s.pageHidden)
	// A page the browser freezes (hidden a while) may be discarded with no
	// pagehide, and reloaded when the user comes back: it commits and
	// flushes as a closed page does (Page Lifecycle's freeze).
	app.Window().Get("document").Call("addEventListener", "freeze", s.pageHidden)
	s.visibility = app.FuncOf(func(this app.Value, args []app.Value) any {
		if app.Window().Get("document").Get("visibilityState").String() == "hidden" {
			s.dispatch(ctx, workspace.Hidden{})
		}
		return nil
	})
	app.Window().Get("document").Call("addEventListener", "visibilitychange", s.visibility)
	// Changes this tab can no longer save (a newer version took the
	// store), and an item form edited and not saved, are lost on close or
	// reload: the browser asks first. The field with the focus is
	// committed first, as on pagehide (into the form, or into the design,
	// which pagehide then flushes). Read in the listener itself: the
	// answer is due before it returns.
	s.beforeUnload = app.FuncOf(func(this app.Value, args []app.Value) any {
		commitFocusedField()
		if len(args) > 0 && s.ws.AsksBeforeLeaving() {
			args[0].Call("preventDefault")
			args[0].Set("returnValue", "") // browsers before the standard want it set
		}
		return nil
	})
	app.Window().Call("addEventListener", "beforeunload", s.beforeUnload)
}

// commitFocusedField takes the focus from the form field that has it, if
// any: a field commits what was typed into it on change, which the browser
// fires when the field loses the focus, and a page closed or reloaded with
// the focus still in a field never fires it. Its edit is applied before
// this returns: go-app's handler dispatches it to the UI's goroutine, and
// Go's wasm runs every ready goroutine before it returns from the change
// event to the browser, so the flush that follows writes it.
func commitFocusedField() {
	el := app.Window().Get("document").Get("activeElement")
	if !el.Truthy() {
		return
	}
	switch el.Get("tagName").String() {
	case "INPUT", "TEXTAREA", "SELECT":
		el.Call("blur")
	}
}

// OnDismount releases the window listeners.
func (s *Shell) OnDismount() {
	if s.stop != nil {
		close(s.stop)
		s.peers.close()
		app.Window().Call("removeEventListener", "pagehide", s.pageHidden)
		app.Window().Get("document").Call("removeEventListener", "freeze", s.pageHidden)
		app.Window().Get("document").Call("removeEventListener", "visibilitychange", s.visibility)
		app.Window().Call("removeEventListener", "beforeunload", s.beforeUnload)
		s.pageHidden.Release()
		s.visibility.Release()
		s.beforeUnload.Release()
	}
	if s.canvasObserver != nil {
		s.canvasObserver.Call("disconnect")
		s.canvasResized.Release()
	}
	for _, l := range []struct {
		event string
		f     app.Func
	}{{"keydown", s.keyListener}, {"resize", s.resizeListener}, {"hashchange", s.hashListener}} {
		if l.f != nil {
			app.Window().Call("removeEventListener", l.event, l.f)
			l.f.Release()
		}
	}
}

// windowSize reads the window's inner size.
func windowSize() workspace.Action {
	w := app.Window()
	return workspace.WindowSize{W: w.Get("innerWidth").Float(), H: w.Get("innerHeight").Float()}
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
	root := app.Div().ID("vnetplay").Class("shell").
		On(s.onEventAt("dragover", "dragover-file", s.dragOverFile)).
		On(s.onEventAt("drop", "drop-file", s.dropFile))
	if s.mounted {
		root = root.DataSet("mounted", "true")
	}
	lib := s.ws.Library()
	if lib.Ready && lib.Access != workspace.Claiming {
		// The saved or shared design is open, and this tab knows whether
		// it edits it or follows another tab.
		root = root.DataSet("ready", "true")
	}
	if s.ws.ReadOnly() {
		root = root.Class("read-only")
	}
	if s.ws.Presenting() {
		root = root.Class("presenting")
	}
	p := s.ws.Panels()
	return root.Body(
		s.renderTopBar(),
		s.renderBanners(),
		app.Main().Class(workspaceClass(p)).Body(
			&PaletteView{Open: p.PaletteOpen(), shell: s},
			s.renderCanvas(),
			&PanelView{Rev: s.ws.PanelRev(), shell: s},
		),
		app.If(s.ws.Help(), func() app.UI { return s.renderHelp() }),
		app.If(lib.Open, func() app.UI { return s.renderLibrary() }),
		app.If(lib.Problem != "", func() app.UI { return s.renderProblem() }),
		s.importReportDialog(),
		s.designDiffDialog(),
		app.If(lib.Conflict, func() app.UI { return s.renderConflict() }),
	)
}

func (s *Shell) renderTopBar() app.UI {
	sess := s.ws.Session()
	undo, redo := sess.UndoLabel(), sess.RedoLabel()
	return app.Header().Class("topbar").Body(
		app.Div().Class("brand").Body(
			Icon(IconLogo, 26, ""),
			app.Span().Class("brand-name").Text(ProductName),
			app.Span().Class("brand-tagline").Text("Azure virtual network design playground"),
		),
		app.Div().Class("toolbar").Body(
			app.Button().ID("scenarios").Class("btn").Title("Open, save, import, export and share designs").Text("Scenarios").
				OnClick(s.on(workspace.OpenLibrary{})),
			app.Button().ID("undo").Class("btn").Title(stepTitle("Undo", undo, "Ctrl+Z")).
				Disabled(undo == "" || sess.ReadOnly()).Text("Undo").OnClick(s.on(workspace.Undo{})),
			app.Button().ID("redo").Class("btn").Title(stepTitle("Redo", redo, "Ctrl+Shift+Z")).
				Disabled(redo == "" || sess.ReadOnly()).Text("Redo").OnClick(s.on(workspace.Redo{})),
			app.Button().ID("present").Class("btn").Title("Presentation mode: high contrast, large type, the view on the selection or the walk").
				Aria("pressed", boolText(s.ws.Presenting())).Text("Present").
				OnClick(s.onEvent("present", func(app.Context, app.Event) workspace.Action {
					return workspace.TogglePresentation{Screen: canvasRect()}
				})),
		),
		app.Button().ID("doc-title").Class("doc-title").Title("Rename, share or export this design").Text(s.ws.DocName()).
			OnClick(s.on(workspace.OpenLibrary{})),
		app.Div().Class("topbar-meta").Body(
			app.If(s.ws.UnsavedWork(), func() app.UI {
				return app.Span().ID("unsaved").Class("unsaved-mark").
					Title("This tab can no longer save: Export JSON keeps the changes made here").Text("Not saved")
			}),
			app.Button().ID("help-toggle").Class("btn btn-ghost").Title("Keyboard shortcuts (?)").Aria("label", "Keyboard shortcuts").Text("?").
				OnClick(s.on(workspace.ToggleHelp{From: "help-toggle"})),
			app.Span().ID("build").Class("build").Title("Build").Text("build "+Build()),
		),
	)
}

func stepTitle(verb, label, keys string) string {
	if label == "" {
		return verb + " (" + keys + ")"
	}
	return verb + " " + label + " (" + keys + ")"
}

var shortcuts = []struct{ keys, what string }{
	{"Drag a palette item onto the canvas, or Enter on it", "add a resource (a subnet into the selected VNet, a VM into the selected subnet)"},
	{"Drag from a node's handle to another node, or C then N/P and Enter", "connect: peering, association, S2S, ExpressRoute, BGP"},
	{"Drag a VNet, route table, NSG, site or circuit / Alt+arrows", "move it"},
	{"Drag the empty canvas / arrow keys", "pan"},
	{"Wheel / + and −", "zoom"},
	{"0 / F", "reset the view / fit the design to the screen"},
	{"Shift+click / Shift+drag on the canvas / Ctrl+A", "select several / select in a box / select all"},
	{"N / P (canvas focused)", "select the next / previous resource"},
	{"F2 key", "rename the selected resource"},
	{"Ctrl+C / Ctrl+V", "copy / paste (copies get new names, free address spaces and free space)"},
	{"Delete or Backspace", "delete the selection"},
	{"Ctrl+Z / Ctrl+Shift+Z", "undo / redo"},
	{"Escape", "cancel, close, clear the selection"},
	{"?", "this help"},
}

func (s *Shell) renderHelp() app.UI {
	return app.Div().Class("overlay").OnClick(s.on(workspace.ToggleHelp{})).Body(
		app.Div().ID("help").Class("dialog").Attr("role", "dialog").Aria("label", "Keyboard shortcuts").Attr("tabindex", -1).Body(
			app.H2().Text("Shortcuts"),
			app.Table().Class("shortcuts").Body(
				app.TBody().Body(app.Range(shortcuts).Slice(func(i int) app.UI {
					return app.Tr().Body(app.Th().Scope("row").Text(shortcuts[i].keys), app.Td().Text(shortcuts[i].what))
				})),
			),
		),
	)
}

// onGlobalKey handles the shortcuts that work anywhere on the page (see
// workspace.Key). It runs in the window's listener, so the browser's
// default (Ctrl+A selecting the page's text) is prevented in time. Where
// the key was typed is the event's target, not the element with the focus
// now: a field's own handler may have moved the focus (a second Escape
// gives it to the canvas) before the key bubbles up to the window, and
// the key is still the field's.
func (s *Shell) onGlobalKey(ctx app.Context, e app.Event) {
	active := e.Get("target")
	if !active.Truthy() || active.Get("tagName").IsUndefined() {
		active = app.Window().Get("document").Get("activeElement")
	}
	tag := active.Get("tagName").String()
	k := workspace.Key{
		Key:     e.Get("key").String(),
		Ctrl:    e.Get("ctrlKey").Bool() || e.Get("metaKey").Bool(),
		Shift:   e.Get("shiftKey").Bool(),
		InField: tag == "INPUT" || tag == "TEXTAREA" || tag == "SELECT",
		From:    active.Get("id").String(),
	}
	if k.Key == "Tab" && !k.Ctrl && !e.Get("altKey").Bool() {
		if top := s.ws.TopDialog(); top != "" && trapTab(top, k.Shift) {
			e.PreventDefault()
		}
		return
	}
	if !s.ws.Handles(k) {
		return
	}
	e.PreventDefault()
	ctx.Dispatch(func(ctx app.Context) { s.dispatch(ctx, k) })
}

// OnPreRender keeps the context of the server's pre-render (and of the
// native test engine, which pre-renders) for timers and updates.
func (s *Shell) OnPreRender(ctx app.Context) { s.ctx = ctx }
