// Package ui holds vnetplay's go-app components. Components only render and
// dispatch; the logic they call lives in plain packages (app/canvas,
// app/store, the engine) that are tested natively.
package ui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/canvas"
	"vnetplay/app/store"
	"vnetplay/engine/scenario"
)

// ProductName is shown in the top bar and the document title.
const ProductName = "vnetplay"

// buildLabel names the build in the top bar. It is set at link time
// (-ldflags "-X vnetplay/app/ui.buildLabel=…", see the Makefile) and never
// written at run time; when empty, the site version from app.js is shown.
var buildLabel string

// Side panel tabs.
const (
	TabInspect = "inspect"
	TabRoutes  = "routes"
	TabReach   = "reach"
	TabWhatIf  = "whatif"
	TabChecks  = "checks"
)

var panelTabs = []struct{ id, label string }{
	{TabInspect, "Inspector"},
	{TabRoutes, "Routes"},
	{TabReach, "Reach"},
	{TabWhatIf, "What if"},
	{TabChecks, "Checks"},
}

// Shell is the application: top bar, palette, canvas and side panel. It
// owns the editing session (the engine's results live there) and the view
// state that is not part of the document: viewport, selection, gesture.
type Shell struct {
	app.Compo

	sess     *store.Session
	view     canvas.Viewport
	g        gesture
	selected string   // the primary selection: a scene node key, or "edge:<edge key>"
	also     []string // further selected top-level node keys (Shift+click, rubber band)
	clip     store.Clip
	pastes   int // pastes of the current clip, to offset each one
	tab      string
	mounted  bool
	notice   notice
	insp     inspectorState
	help     bool
	lib      library
	walk     walkState
	nh       nextHopState

	sweep sweepState

	keyListener app.Func
	ctx         app.Context // the mount context, for timers (zero outside the browser)
}

// notice is the one-line message under the top bar (an edit refused, a
// connection made).
type notice struct {
	text string
	err  bool
	seq  int
}

// noticeFor is how long a notice stays up.
const noticeFor = 6 * time.Second

// OnInit opens an empty design. It runs on the server's pre-render too.
func (s *Shell) OnInit() {
	s.view = canvas.NewViewport()
	s.tab = TabInspect
	s.sess = store.Open(&scenario.Document{Name: "Untitled design"})
}

// OnMount marks the app as live (data-mounted on the root and
// window.vnetplayMountedAt, in ms since navigation start, for tests and the
// first-render benchmark) and listens for the global keyboard shortcuts.
func (s *Shell) OnMount(ctx app.Context) {
	s.mounted, s.ctx = true, ctx
	app.Window().Set("vnetplayMountedAt", app.Window().Get("performance").Call("now"))
	s.keyListener = app.FuncOf(func(this app.Value, args []app.Value) any {
		if len(args) > 0 {
			ev := app.Event{Value: args[0]}
			ctx.Dispatch(func(ctx app.Context) { s.onGlobalKey(ctx, ev) })
		}
		return nil
	})
	app.Window().Call("addEventListener", "keydown", s.keyListener)
	s.startLibrary(ctx)
}

// OnDismount releases the window listener.
func (s *Shell) OnDismount() {
	if s.keyListener != nil {
		app.Window().Call("removeEventListener", "keydown", s.keyListener)
		s.keyListener.Release()
	}
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

// snap is the current snapshot of the session.
func (s *Shell) snap() *store.Snapshot { return s.sess.Current() }

func (s *Shell) Render() app.UI {
	root := app.Div().ID("vnetplay").Class("shell")
	if s.mounted {
		root = root.DataSet("mounted", "true")
	}
	if s.lib.ready {
		root = root.DataSet("ready", "true") // the saved or shared design is open
	}
	return root.Body(
		s.renderTopBar(),
		app.Main().Class("workspace").Body(
			s.renderPalette(),
			s.renderCanvas(),
			s.renderPanel(),
		),
		app.If(s.help, func() app.UI { return s.renderHelp() }),
		app.If(s.lib.open, func() app.UI { return s.renderLibrary() }),
		app.If(s.lib.problem != "", func() app.UI { return s.renderProblem() }),
	)
}

func (s *Shell) renderTopBar() app.UI {
	name := s.snap().Doc.Name
	if name == "" {
		name = "Untitled design"
	}
	return app.Header().Class("topbar").Body(
		app.Div().Class("brand").Body(
			Icon(IconLogo, 26, ""),
			app.Span().Class("brand-name").Text(ProductName),
			app.Span().Class("brand-tagline").Text("Azure virtual network design playground"),
		),
		app.Div().Class("toolbar").Body(
			app.Button().ID("scenarios").Class("btn").Title("Open, save, import, export and share designs").Text("Scenarios").
				OnClick(func(ctx app.Context, e app.Event) { s.lib.open = true }),
			app.Button().ID("undo").Class("btn").Title("Undo (Ctrl+Z)").
				Disabled(s.sess.UndoLabel() == "").Text("Undo").OnClick(func(ctx app.Context, e app.Event) { s.undo() }),
			app.Button().ID("redo").Class("btn").Title("Redo (Ctrl+Shift+Z)").
				Disabled(s.sess.RedoLabel() == "").Text("Redo").OnClick(func(ctx app.Context, e app.Event) { s.redo() }),
		),
		app.Button().ID("doc-title").Class("doc-title").Title("Rename, share or export this design").Text(name).
			OnClick(func(ctx app.Context, e app.Event) { s.lib.open = true }),
		app.Div().Class("topbar-meta").Body(
			app.Button().Class("btn btn-ghost").Title("Keyboard shortcuts (?)").Text("?").
				OnClick(func(ctx app.Context, e app.Event) { s.help = !s.help }),
			app.Span().ID("build").Class("build").Title("Build").Text("build "+Build()),
		),
	)
}

// say shows a notice; in the browser it clears itself after noticeFor
// unless a newer one replaced it.
func (s *Shell) say(text string, isErr bool) {
	seq := s.notice.seq + 1
	s.notice = notice{text: text, err: isErr, seq: seq}
	if s.mounted {
		s.ctx.After(noticeFor, func(ctx app.Context) {
			if s.notice.seq == seq {
				s.notice = notice{seq: seq}
			} else {
				ctx.PreventUpdate()
			}
		})
	}
}

func (s *Shell) undo() {
	label := s.sess.UndoLabel()
	if s.sess.Undo() {
		s.say("Undid "+label, false)
		s.dropStaleSelection()
		s.changed()
	}
}

func (s *Shell) redo() {
	label := s.sess.RedoLabel()
	if s.sess.Redo() {
		s.say("Redid "+label, false)
		s.dropStaleSelection()
		s.changed()
	}
}

// apply runs an edit and reports a refusal in the notice line.
func (s *Shell) apply(e store.Edit) error {
	err := s.sess.Apply(e)
	if err != nil {
		s.say(err.Error(), true)
		return err
	}
	s.changed()
	return nil
}

// dropStaleSelection clears the selection when its resource is gone.
func (s *Shell) dropStaleSelection() {
	if s.selected == "" {
		return
	}
	if _, ok := s.snap().RefForKey(s.selected); !ok {
		s.selected = ""
	}
	s.insp = inspectorState{}
}

func (s *Shell) selectKey(key string) {
	if key != s.selected {
		s.insp = inspectorState{}
	}
	s.selected, s.also = key, nil
}

// isSelected reports whether a node or edge key is selected.
func (s *Shell) isSelected(key string) bool {
	return key != "" && (key == s.selected || slices.Contains(s.also, key))
}

// toggle adds or removes a key from the selection (Shift+click).
func (s *Shell) toggle(key string) {
	switch {
	case s.selected == "":
		s.selectKey(key)
	case key == s.selected:
		if len(s.also) > 0 {
			s.selected, s.also = s.also[0], s.also[1:]
		} else {
			s.selected = ""
		}
	case slices.Contains(s.also, key):
		s.also = slices.DeleteFunc(s.also, func(k string) bool { return k == key })
	default:
		s.also = append(s.also, key)
	}
}

// selectedRefs are the resources of the whole selection.
func (s *Shell) selectedRefs() []store.Ref {
	snap := s.snap()
	var out []store.Ref
	for _, k := range append([]string{s.selected}, s.also...) {
		if r, ok := snap.RefForKey(k); ok && r.Kind != canvas.KindInternet && !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}

func (s *Shell) selectAll() {
	var keys []string
	for _, n := range s.snap().Scene.Nodes {
		if n.Parent == "" && n.Kind != canvas.KindInternet {
			keys = append(keys, n.Key)
		}
	}
	if len(keys) == 0 {
		return
	}
	s.selectKey(keys[0])
	s.also = keys[1:]
}

func (s *Shell) copySelection() {
	clip := s.snap().Copy(s.selectedRefs())
	if clip.Empty() {
		s.say("Select VNets, route tables or NSGs to copy", true)
		return
	}
	s.clip, s.pastes = clip, 0
	s.say(fmt.Sprintf("Copied %d VNets, %d route tables, %d NSGs", len(clip.Topology.VNets), len(clip.Topology.RouteTables), len(clip.Topology.NSGs)), false)
}

func (s *Shell) paste() {
	if s.clip.Empty() {
		return
	}
	s.pastes++
	off := float64(s.pastes) * 2 * canvas.Grid
	if s.apply(store.Paste{Clip: s.clip, Offset: canvas.Point{X: off, Y: off}}) == nil {
		s.say("Pasted with new names and free address spaces", false)
	}
}

// onGlobalKey handles shortcuts anywhere on the page, except while typing in
// a form field.
func (s *Shell) onGlobalKey(ctx app.Context, e app.Event) {
	tag := app.Window().Get("document").Get("activeElement").Get("tagName").String()
	if tag == "INPUT" || tag == "TEXTAREA" || tag == "SELECT" {
		ctx.PreventUpdate()
		return
	}
	key := e.Get("key").String()
	mod := e.Get("ctrlKey").Bool() || e.Get("metaKey").Bool()
	switch {
	case mod && (key == "z" || key == "Z") && e.Get("shiftKey").Bool(), mod && (key == "y" || key == "Y"):
		s.redo()
	case mod && (key == "z" || key == "Z"):
		s.undo()
	case mod && (key == "c" || key == "C"):
		s.copySelection()
	case mod && (key == "v" || key == "V"):
		s.paste()
	case mod && (key == "a" || key == "A"):
		s.selectAll()
	case key == "Delete" || key == "Backspace":
		s.deleteSelection()
	case key == "Escape":
		s.selected, s.also, s.help, s.g, s.lib.open = "", nil, false, gesture{}, false
	case key == "?":
		s.help = !s.help
	default:
		ctx.PreventUpdate()
		return
	}
	e.PreventDefault()
}

func (s *Shell) deleteSelection() {
	refs := s.selectedRefs()
	if len(refs) == 0 {
		return
	}
	e := store.Delete{Refs: refs}
	if s.apply(e) == nil {
		s.say(strings.ToUpper(e.Label()[:1])+e.Label()[1:]+" (Ctrl+Z to undo)", false)
		s.selected, s.also = "", nil
	}
}

var shortcuts = []struct{ keys, what string }{
	{"Drag a palette item onto the canvas", "add a resource (a subnet or VM onto its VNet or subnet)"},
	{"Drag from a node's handle to another node", "connect: peering, route table or NSG association"},
	{"Drag a VNet, route table or NSG", "move it"},
	{"Drag the empty canvas / arrow keys", "pan"},
	{"Wheel / + and −", "zoom"},
	{"0", "reset the view"},
	{"Shift+click / Shift+drag on the canvas / Ctrl+A", "select several / select in a box / select all"},
	{"Ctrl+C / Ctrl+V", "copy / paste (copies get new names and free address spaces)"},
	{"F", "fit the design to the screen"},
	{"N / P (canvas focused)", "select the next / previous resource"},
	{"Delete or Backspace", "delete the selection"},
	{"Ctrl+Z / Ctrl+Shift+Z", "undo / redo"},
	{"Escape", "clear the selection"},
	{"?", "this help"},
}

func (s *Shell) renderHelp() app.UI {
	return app.Div().Class("overlay").OnClick(func(ctx app.Context, e app.Event) { s.help = false }).Body(
		app.Div().ID("help").Class("dialog").Attr("role", "dialog").Aria("label", "Keyboard shortcuts").Body(
			app.H2().Text("Shortcuts"),
			app.Table().Class("shortcuts").Body(
				app.TBody().Body(app.Range(shortcuts).Slice(func(i int) app.UI {
					return app.Tr().Body(app.Th().Scope("row").Text(shortcuts[i].keys), app.Td().Text(shortcuts[i].what))
				})),
			),
		),
	)
}
