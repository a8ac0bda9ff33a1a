package ui

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/canvas"
	"vnetplay/app/store"
	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
	"vnetplay/engine/whatif"
)

// sweepState is the N-1 sweep: running with progress, or its result.
type sweepState struct {
	running     bool
	done, total int
	plane       *dataplane.Plane // the intact data plane swept; a result is shown only for it
	results     []whatif.SPOF
	err         string
}

// failureKey maps a failure to the canvas key it marks (node or "edge:…").
func failureKey(snap *store.Snapshot, f model.Failure) string {
	base, _, _ := strings.Cut(f.Target, "/")
	switch f.Kind {
	case model.GatewayDown, model.GatewayInstanceDown:
		return snap.SelectionKey(store.Ref{Kind: store.Gateway, ID: base})
	case model.ConnectionDown:
		return "edge:connection:" + f.Target
	case model.CircuitDown, model.CircuitSessionDown:
		return canvas.Key(canvas.KindCircuit, base)
	case model.PeeringDown:
		return "edge:peering:" + f.Target
	case model.RouteServerDown:
		return canvas.Key(canvas.KindRouteServer, f.Target)
	case model.RouteServerPeerDown:
		return "edge:bgp:" + f.Target
	case model.ApplianceDown:
		return snap.SelectionKey(store.Ref{Kind: canvas.KindVM, ID: f.Target})
	case model.SiteDown:
		return canvas.Key(canvas.KindSite, f.Target)
	}
	return ""
}

// failedKeysOf are the canvas keys of a snapshot's failed components.
func failedKeysOf(snap *store.Snapshot) map[string]bool {
	out := map[string]bool{}
	for _, f := range snap.Failures {
		out[failureKey(snap, f)] = true
	}
	return out
}

// wholeFailure is the failure that takes a resource down entirely, if it
// can fail: the component whose target is the resource's id.
func wholeFailure(snap *store.Snapshot, r store.Ref) (model.Failure, bool) {
	kind := ""
	switch r.Kind {
	case store.Gateway:
		kind = model.GatewayDown
	case store.Connection:
		kind = model.ConnectionDown
	case canvas.KindCircuit:
		kind = model.CircuitDown
	case store.Peering:
		kind = model.PeeringDown
	case canvas.KindRouteServer:
		kind = model.RouteServerDown
	case canvas.KindVM:
		kind = model.ApplianceDown
	case canvas.KindSite:
		kind = model.SiteDown
	default:
		return model.Failure{}, false
	}
	f := model.Failure{Kind: kind, Target: r.ID}
	for _, c := range whatif.Components(snap.Doc) {
		if c.Failure == f {
			return f, true
		}
	}
	return model.Failure{}, false
}

func (s *Shell) setFailures(f []model.Failure) {
	if err := s.sess.SetFailures(f); err != nil {
		s.say(err.Error(), true)
		return
	}
	if len(f) == 0 {
		s.say("All components restored", false)
	}
}

func (s *Shell) toggleFailure(f model.Failure) {
	cur := s.sess.Failures()
	if slices.Contains(cur, f) {
		s.setFailures(slices.DeleteFunc(cur, func(x model.Failure) bool { return x == f }))
		s.say("Restored "+f.Target, false)
		return
	}
	s.setFailures(append(cur, f))
	s.say("Failed "+f.Target+": every panel now shows the design without it", false)
}

// renderFailButton is the inspector's Fail/Restore toggle.
func (s *Shell) renderFailButton(r store.Ref) app.UI {
	snap := s.snap()
	f, ok := wholeFailure(snap, r)
	if !ok {
		return nil
	}
	label, cls := "Fail", "btn"
	if snap.Failed(f.Kind, f.Target) {
		label, cls = "Restore", "btn btn-primary"
	}
	return app.Button().ID("fail-toggle").Class(cls).Title("What if " + r.ID + " fails? (" + f.Kind + ")").Text(label).
		OnClick(func(ctx app.Context, e app.Event) { s.toggleFailure(f) })
}

func (s *Shell) renderWhatIf() app.UI {
	snap := s.snap()
	comps := whatif.Components(snap.Doc)
	failed := snap.Failures
	var parts []app.UI
	if len(comps) == 0 {
		return app.P().Class("empty").Text("Nothing here can fail yet: add peerings, gateways, connections, circuits, NVAs or sites.")
	}
	// Fail a component.
	parts = append(parts, app.H3().Text("Fail components"),
		app.Div().Class("insp-row").Body(
			app.Label().For("fail-pick").Text("Fail"),
			app.Select().ID("fail-pick").OnChange(func(ctx app.Context, e app.Event) {
				v := ctx.JSSrc().Get("value").String()
				kind, target, _ := strings.Cut(v, ":")
				if kind != "" {
					s.toggleFailure(model.Failure{Kind: kind, Target: target})
				}
				ctx.JSSrc().Set("value", "")
			}).Body(
				app.Option().Value("").Text("choose a component…"),
				app.Range(comps).Slice(func(i int) app.UI {
					c := comps[i]
					return app.Option().Value(c.Kind + ":" + c.Target).Disabled(slices.Contains(failed, c.Failure)).Text(c.Label)
				}),
			),
		))
	if names := sortedSetNames(snap.Doc); len(names) > 0 {
		parts = append(parts, app.Div().Class("lib-actions").Body(
			app.Span().Class("hint").Text("Failure sets:"),
			app.Range(names).Slice(func(i int) app.UI {
				name := names[i]
				return app.Button().Class("btn btn-small").DataSet("set", name).Text(name).
					OnClick(func(ctx app.Context, e app.Event) {
						s.setFailures(snap.Doc.Failures[name])
						s.say("Applied failure set "+name, false)
					})
			}),
		))
	}
	if len(failed) > 0 {
		parts = append(parts, app.Ul().ID("failed").Class("failed-list").Body(app.Range(failed).Slice(func(i int) app.UI {
			f := failed[i]
			return app.Li().Body(
				app.Span().Class("mono").Text(f.Kind+" "+f.Target),
				app.Button().Class("btn btn-small").Text("Restore").OnClick(func(ctx app.Context, e app.Event) { s.toggleFailure(f) }),
			)
		})), app.Button().ID("restore-all").Class("btn").Text("Restore all").
			OnClick(func(ctx app.Context, e app.Event) { s.setFailures(nil) }))
		parts = append(parts, s.renderDiff(snap))
	}
	parts = append(parts, s.renderSweep())
	return app.Div().ID("whatif").Body(parts...)
}

func sortedSetNames(doc *scenario.Document) []string {
	var out []string
	for name := range doc.Failures {
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}

func (s *Shell) renderDiff(snap *store.Snapshot) app.UI {
	ch := snap.Changes()
	notes := whatif.Notes(&snap.Doc.Topology, snap.Failures)
	if ch == nil {
		return nil
	}
	var parts []app.UI
	parts = append(parts, app.H3().Class("section-gap").Text("What changes"))
	if ch.Empty() {
		parts = append(parts, app.P().ID("diff-none").Class("empty").Text("Nothing: no route and no endpoint pair changes. This failure is survived without a trace."))
	}
	if len(ch.Pairs) > 0 {
		parts = append(parts, app.Table().ID("diff-pairs").Class("data").Body(
			app.Caption().Class("sr-only").Text("Endpoint pairs whose reachability changed"),
			app.THead().Body(app.Tr().Body(app.Th().Scope("col").Text("Pair"), app.Th().Scope("col").Text("Change"), app.Th().Scope("col").Text("Before → after"))),
			app.TBody().Body(app.Range(ch.Pairs).Slice(func(i int) app.UI {
				p := ch.Pairs[i]
				return app.Tr().Class("pair-"+strings.ToLower(p.Change)).Body(
					app.Td().Class("mono").Text(shortNIC(p.From)+" → "+shortNIC(p.To)),
					app.Td().Text(p.Change),
					app.Td().Text(p.Before+" → "+p.After),
				)
			})),
		))
	}
	if len(ch.Routes) > 0 {
		parts = append(parts, app.Details().Body(
			app.Summary().Textf("%d route changes in subnets", len(ch.Routes)),
			app.Ul().ID("diff-routes").Class("diff-list mono").Body(app.Range(ch.Routes).Slice(func(i int) app.UI {
				r := ch.Routes[i]
				return app.Li().Text(fmt.Sprintf("%s %s: %s → %s", r.Subnet, r.Prefix, orNone(r.Before), orNone(r.After)))
			})),
		))
	}
	if len(ch.BGP) > 0 {
		parts = append(parts, app.Details().Body(
			app.Summary().Textf("%d BGP best-path changes", len(ch.BGP)),
			app.Ul().Class("diff-list mono").Body(app.Range(ch.BGP).Slice(func(i int) app.UI {
				b := ch.BGP[i]
				return app.Li().Text(fmt.Sprintf("%s %s: %s → %s", b.Speaker, b.Prefix, orNone(b.Before), orNone(b.After)))
			})),
		))
	}
	if len(notes) > 0 {
		parts = append(parts, app.Ul().ID("diff-notes").Class("notes").Body(app.Range(notes).Slice(func(i int) app.UI {
			return app.Li().Text(notes[i])
		})))
	}
	return app.Div().ID("diff").Body(parts...)
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func (s *Shell) renderSweep() app.UI {
	sw := s.sweep
	snap := s.snap()
	parts := []app.UI{
		app.H3().Class("section-gap").Text("Single points of failure (N-1)"),
		app.Button().ID("n1").Class("btn btn-primary").Disabled(sw.running).Text("Run N-1 sweep").
			OnClick(func(ctx app.Context, e app.Event) { s.runSweep(ctx) }),
	}
	if sw.running {
		parts = append(parts, app.Progress().ID("n1-progress").Max(max(sw.total, 1)).Value(sw.done),
			app.Span().Class("hint").Textf(" %d of %d components", sw.done, sw.total))
	}
	if sw.err != "" {
		parts = append(parts, app.P().Class("field-error").Text(sw.err))
	}
	if !sw.running && sw.results != nil && sw.plane == snap.Intact0().Plane {
		spofs := 0
		for _, r := range sw.results {
			if len(r.Lost) > 0 {
				spofs++
			}
		}
		parts = append(parts, app.P().ID("n1-summary").Textf("%d of %d components are single points of failure", spofs, len(sw.results)),
			app.Ol().ID("n1-results").Class("spofs").Body(app.Range(sw.results).Slice(func(i int) app.UI {
				r := sw.results[i]
				if len(r.Lost) == 0 {
					return nil
				}
				return app.Li().Body(
					app.Strong().Text(r.Component.Label),
					app.Span().Class("hint").Textf(" — %d pairs lost", len(r.Lost)),
				)
			})))
	}
	return app.Div().ID("sweep").Body(parts...)
}

// runSweep fails every component alone, off the UI's critical path, with a
// progress bar; the result is kept for the data plane it swept (a move
// keeps it, an edit drops it).
func (s *Shell) runSweep(ctx app.Context) {
	snap := s.snap()
	doc, plane := snap.Doc, snap.Intact0().Plane
	s.sweep = sweepState{running: true, total: len(whatif.Components(doc)), plane: plane}
	ctx.Async(func() {
		res, err := whatif.Sweep(context.Background(), doc, func(done, total int, c model.Component) {
			ctx.Dispatch(func(ctx app.Context) { s.sweep.done, s.sweep.total = done, total })
		})
		ctx.Dispatch(func(ctx app.Context) {
			s.sweep.running, s.sweep.results = false, res
			if err != nil {
				s.sweep.err = err.Error()
			}
		})
	})
}

// spofKeysOf are the canvas keys of the components the sweep found to be
// single points of failure, for the current design only.
func (s *Shell) spofKeysOf(snap *store.Snapshot) map[string]bool {
	out := map[string]bool{}
	if s.sweep.running || s.sweep.plane != snap.Intact0().Plane {
		return out
	}
	for _, r := range s.sweep.results {
		if len(r.Lost) > 0 {
			out[failureKey(snap, r.Component.Failure)] = true
		}
	}
	return out
}
