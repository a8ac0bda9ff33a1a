//go:build !(js && wasm)

package ui

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/kinds"
	"vnetplay/app/persist"
	"vnetplay/app/store"
	"vnetplay/app/workspace"
	"vnetplay/engine/model"
)

// mountedHandler is one event handler attached to an element of a mounted
// go-app tree.
type mountedHandler struct {
	where string // the element: its position in the tree, tag, id and classes
	event string
	scope string
	fn    app.EventHandler
}

// mountedHandlers lists every event handler of the mounted tree under root,
// in tree order. go-app v10.1.11 exposes no way to reach them, so this
// reads its unexported fields (htmlElement.eventHandlers, .children,
// Compo.rootElement) by reflection; if go-app's layout changes, the test
// fails loudly (no handler found) rather than passing vacuously.
func mountedHandlers(t *testing.T, root app.UI) []mountedHandler {
	t.Helper()
	var out []mountedHandler
	var walk func(n app.UI, where string)
	walk = func(n app.UI, where string) {
		v := reflect.ValueOf(n)
		if v.Kind() != reflect.Pointer || v.IsNil() {
			return
		}
		e := v.Elem()
		if e.Kind() != reflect.Struct {
			return
		}
		if c := e.FieldByName("Compo"); c.IsValid() {
			r := readable(c.FieldByName("rootElement"))
			if child, ok := r.Interface().(app.UI); ok && child != nil {
				walk(child, where+"/"+e.Type().Name())
			}
			return
		}
		h := e.FieldByName("htmlElement")
		if !h.IsValid() {
			return
		}
		h = readable(h)
		tag := h.FieldByName("tag").String()
		here := where + "/" + tag + describe(h)
		handlers := readable(h.FieldByName("eventHandlers"))
		keys := handlers.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
		for _, k := range keys {
			eh := reflect.New(handlers.Type().Elem()).Elem()
			eh.Set(handlers.MapIndex(k))
			fn, _ := readable(eh.FieldByName("goHandler")).Interface().(app.EventHandler)
			out = append(out, mountedHandler{where: here, event: k.String(), scope: eh.FieldByName("scope").String(), fn: fn})
		}
		children := readable(h.FieldByName("children"))
		for i := range children.Len() {
			if c, ok := children.Index(i).Interface().(app.UI); ok {
				walk(c, fmt.Sprintf("%s[%d]", here, i))
			}
		}
	}
	walk(root, "")
	return out
}

// readable makes an unexported field's value readable through reflection.
func readable(v reflect.Value) reflect.Value {
	if v.CanAddr() {
		return reflect.NewAt(v.Type(), unsafe.Pointer(v.UnsafeAddr())).Elem()
	}
	return v
}

// describe is an element's id, classes and data attributes, for messages.
func describe(h reflect.Value) string {
	attrs := readable(h.FieldByName("attributes"))
	if !attrs.IsValid() || attrs.Kind() != reflect.Map {
		return ""
	}
	var parts []string
	for _, k := range attrs.MapKeys() {
		name := k.String()
		if name == "id" || name == "class" || strings.HasPrefix(name, "data-") {
			parts = append(parts, fmt.Sprintf("%s=%v", name, attrs.MapIndex(k)))
		}
	}
	slices.Sort(parts)
	if len(parts) == 0 {
		return ""
	}
	return "(" + strings.Join(parts, " ") + ")"
}

// liveShell is a Shell mounted in go-app's native test engine, with the
// context it pre-rendered with and a store its tasks run against.
type liveShell struct {
	s   *Shell
	e   app.TestEngine
	st  persist.Store
	log []workspace.Action
}

func newLiveShell(t *testing.T) *liveShell {
	t.Helper()
	l := &liveShell{s: &Shell{}, e: app.NewTestEngine(), st: &persist.Memory{}}
	if err := l.e.Load(l.s); err != nil {
		t.Fatal(err)
	}
	l.e.ConsumeAll()
	if l.s.ctx.Context == nil {
		t.Fatal("the shell got no context from the test engine")
	}
	return l
}

// do applies actions to the workspace, runs their tasks, and re-renders
// the mounted tree (as the browser does after every event).
func (l *liveShell) do(actions ...workspace.Action) {
	l.s.ctx.Dispatch(func(app.Context) {
		for _, a := range actions {
			l.s.ws.Settle(l.st, l.s.ws.Do(a))
		}
	})
	l.e.ConsumeAll()
}

// fire calls every mounted handler with an empty event and records what
// each dispatches (keyed by element and event).
func (l *liveShell) fire(t *testing.T) (map[string][]string, int) {
	t.Helper()
	out := map[string][]string{}
	hs := mountedHandlers(t, l.s)
	for _, h := range hs {
		if h.scope == "" {
			t.Errorf("the %s handler of %s has no scope: make it with on, onValue, onChecked or onEvent", h.event, h.where)
		}
		var got []workspace.Action
		l.s.record = func(a workspace.Action) { got = append(got, a) }
		h.fn(l.s.ctx, app.Event{Value: app.ValueOf(nil)})
		l.s.record = nil
		for _, a := range got {
			out[h.where+" "+h.event] = append(out[h.where+" "+h.event], fmt.Sprintf("%T%+v", a, a))
		}
	}
	return out, len(hs)
}

// subjectChange is a sequence of steps after which the panels show other
// subjects than before: each step is a list of actions applied together.
type subjectChange struct {
	name  string
	store func(t *testing.T, st persist.Store)
	steps [][]workspace.Action
}

func subjectChanges(t *testing.T) []subjectChange {
	sel := func(k string) workspace.Action { return workspace.Select{Key: k} }
	open := workspace.OpenBuiltin{Name: "hub-spoke-firewall"}
	at := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	rec := func(id, name string, min int) persist.Record {
		return persist.Record{ID: id, Name: name, Scenario: "{}", Updated: at.Add(time.Duration(min) * time.Minute)}
	}
	return []subjectChange{
		{name: "inspector: one VNet, then another", steps: [][]workspace.Action{
			{open, sel("vnet:spoke1")}, {sel("vnet:spoke2")}}},
		{name: "inspector: a subnet, then another", steps: [][]workspace.Action{
			{open, sel("subnet:spoke1/app")}, {sel("subnet:hub/AzureFirewallSubnet")}}},
		{name: "inspector: one peering, then another", steps: [][]workspace.Action{
			{open, sel("edge:peering:hub-spoke1")}, {sel("edge:peering:hub-spoke2")}}},
		{name: "inspector: a route table's items, then another's", steps: [][]workspace.Action{
			{open, workspace.PaletteAdd{Kind: kinds.RouteTable}, sel("route-table:rt-spokes")}, {sel("route-table:rt1")}}},
		{name: "item form: one route, then another", steps: [][]workspace.Action{
			{open, sel("route-table:rt-spokes"), workspace.ItemOpen{Ref: store.Ref{Kind: kinds.RouteTable, ID: "rt-spokes"}, List: "routes", Index: 0}},
			{workspace.ItemCancel{}, workspace.ItemOpen{Ref: store.Ref{Kind: kinds.RouteTable, ID: "rt-spokes"}, List: "routes", Index: -1}}}},
		{name: "matrix: a walk, then an NVA added", steps: [][]workspace.Action{
			{open, workspace.OpenTab{Tab: workspace.TabReach}, workspace.PickWalk{From: "vm1/nic0", To: "vm2/nic0"}},
			{sel("subnet:spoke2/app"), workspace.PaletteAdd{Kind: kinds.NVA}}}},
		{name: "what if: one failure, then another", steps: [][]workspace.Action{
			{workspace.OpenBuiltin{Name: "er-vpn-coexistence"}, workspace.OpenTab{Tab: workspace.TabWhatIf},
				workspace.ToggleFailure{Failure: model.Failure{Kind: model.CircuitDown, Target: "er-circuit"}}},
			{workspace.RestoreAll{}, workspace.ToggleFailure{Failure: model.Failure{Kind: model.ConnectionDown, Target: "hub-s2s"}}}}},
		{name: "tools: one subnet's NIC, then a VM added in another subnet", steps: [][]workspace.Action{
			{open, sel("subnet:spoke1/app")},
			{sel("subnet:spoke2/app"), workspace.PaletteAdd{Kind: kinds.VM}}}},
		{name: "checks: the diagnostics of one design, then another's", steps: [][]workspace.Action{
			{workspace.OpenBuiltin{Name: "peering-flags"}, workspace.OpenTab{Tab: workspace.TabChecks}},
			{workspace.OpenBuiltin{Name: "non-transitive-chain-nva"}}}},
		{name: "scenarios: rows re-sorted by a rename, one deleted",
			store: func(t *testing.T, st persist.Store) {
				for _, r := range []persist.Record{rec("a", "Alpha", 1), rec("b", "Bravo", 2), rec("c", "Charlie", 3)} {
					if err := st.Put(context.Background(), r); err != nil {
						t.Fatal(err)
					}
				}
			},
			steps: [][]workspace.Action{
				{workspace.OpenLibrary{}},
				{workspace.OpenSaved{ID: "a"}, workspace.SetDocName{Name: "Alpha renamed"}, workspace.OpenLibrary{}, workspace.DeleteSaved{ID: "b"}},
			}},
	}
}

// TestHandlersActOnTheirSubject: for each change of subject (another VNet
// in the Inspector, other rows in the matrix or the scenarios list, ...),
// a Shell that rendered every step and a Shell that renders only the last
// state must dispatch exactly the same actions from every handler: a
// handler left from an earlier render (go-app keeps it unless its scope
// changes) would act on the earlier subject. Every handler must also have
// a scope, so a new component that forgets the mechanism fails here even
// if no subject change below exercises it.
func TestHandlersActOnTheirSubject(t *testing.T) {
	for _, c := range subjectChanges(t) {
		t.Run(c.name, func(t *testing.T) {
			stepwise, fresh := newLiveShell(t), newLiveShell(t)
			if c.store != nil {
				c.store(t, stepwise.st)
				c.store(t, fresh.st)
			}
			var all []workspace.Action
			for _, step := range c.steps {
				stepwise.do(step...) // rendered after each step
				all = append(all, step...)
			}
			fresh.s.ws.Settle(fresh.st, nil)
			for _, a := range all {
				fresh.s.ws.Settle(fresh.st, fresh.s.ws.Do(a))
			}
			fresh.do() // rendered once, in the final state

			got, n := stepwise.fire(t)
			want, m := fresh.fire(t)
			t.Logf("%d handlers fired in each", n)
			if n < 20 || n != m {
				t.Fatalf("%d handlers after the steps, %d in the fresh render: the trees differ or the walk found nothing", n, m)
			}
			for k, w := range want {
				if g := got[k]; !slices.Equal(g, w) {
					t.Errorf("%s dispatched\n   %v\n want %v (an earlier subject's handler)", k, g, w)
				}
			}
			for k, g := range got {
				if _, ok := want[k]; !ok {
					t.Errorf("%s dispatched %v where the fresh render's handler dispatches nothing", k, g)
				}
			}
		})
	}
}

// TestStaleHandlerIsCaught shows the test above can fail: a handler built
// without a scope, re-rendered for another subject, still acts on the
// first one.
func TestStaleHandlerIsCaught(t *testing.T) {
	c := &staleProbe{Subject: "first"}
	e := app.NewTestEngine()
	if err := e.Load(c); err != nil {
		t.Fatal(err)
	}
	e.ConsumeAll()
	c.ctx.Dispatch(func(app.Context) { c.Subject = "second" })
	e.ConsumeAll()
	var got []string
	for _, h := range mountedHandlers(t, c) {
		c.fired = nil
		h.fn(c.ctx, app.Event{Value: app.ValueOf(nil)})
		got = append(got, c.fired...)
		if h.scope != "" {
			t.Errorf("the probe's handler has scope %q", h.scope)
		}
	}
	if !slices.Equal(got, []string{"first"}) {
		t.Fatalf("the unscoped handler acted on %v; go-app no longer keeps stale handlers, and the probe proves nothing", got)
	}
}

// staleProbe renders a button whose handler closes over its subject
// without a scope: the pattern the Shell must never use.
type staleProbe struct {
	app.Compo
	Subject string
	ctx     app.Context
	fired   []string
}

func (p *staleProbe) OnPreRender(ctx app.Context) { p.ctx = ctx }
func (p *staleProbe) Render() app.UI {
	subject := p.Subject
	return app.Button().Text(subject).OnClick(func(app.Context, app.Event) { p.fired = append(p.fired, subject) })
}

// TestEscapeAction: Escape in a field reverts what was typed, and when the
// field already shows the design's value (a second Escape) gives the
// keyboard back to the canvas.
func TestEscapeAction(t *testing.T) {
	revert := workspace.RevertField{Path: "addressPrefix"}
	if got := escapeAction("10.1.0.0/33", "10.1.0.0/24", revert); got != revert {
		t.Errorf("typed, then Escape: %#v, want the revert", got)
	}
	if got := escapeAction("10.1.0.0/24", "10.1.0.0/24", revert); got != (workspace.LeaveField{}) {
		t.Errorf("nothing to revert, then Escape: %#v, want LeaveField", got)
	}
	w := workspace.New()
	if ts := w.Do(workspace.LeaveField{}); len(ts) != 1 || ts[0].Focus != "canvas" {
		t.Errorf("LeaveField's tasks %+v, want the canvas focused", ts)
	}
}
