package ui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/store"
	"vnetplay/app/workspace"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
	"vnetplay/engine/whatif"
)

// failureLabel names a failed component as the What-if picker does.
func failureLabel(snap *store.Snapshot, f model.Failure) string {
	for _, c := range whatif.Components(snap.Intact0().Doc) {
		if c.Failure == f {
			return c.Label
		}
	}
	return f.Kind + " " + f.Target
}

func (s *Shell) renderWhatIf() app.UI {
	snap := s.ws.Snap()
	comps := whatif.Components(snap.Intact0().Doc)
	failed := snap.Failures
	var parts []app.UI
	if len(comps) == 0 {
		return app.P().Class("empty").Text("Nothing here can fail yet: add peerings, gateways, connections, circuits, NVAs or sites.")
	}
	// Fail a component.
	parts = append(parts, app.H3().Text("Fail components"),
		app.Div().Class("insp-row").Body(
			app.Label().For("fail-pick").Text("Fail"),
			app.Select().ID("fail-pick").OnChange(s.onPick(workspace.FailPicked{})).Body(
				option("", "choose a component…", true),
				app.Range(comps).Slice(func(i int) app.UI {
					c := comps[i]
					return option(c.Kind+":"+c.Target, c.Label, false).Disabled(slices.Contains(failed, c.Failure))
				}),
			),
		))
	if names := sortedSetNames(snap.Intact0().Doc); len(names) > 0 {
		parts = append(parts, app.Div().Class("lib-actions").Body(
			app.Span().Class("hint").Text("Failure sets:"),
			app.Range(names).Slice(func(i int) app.UI {
				name := names[i]
				return app.Button().Class("btn btn-small").DataSet("set", name).Text(name).
					OnClick(s.on(workspace.ApplyFailureSet{Name: name}))
			}),
		))
	}
	if len(failed) > 0 {
		parts = append(parts, app.Ul().ID("failed").Class("failed-list").Body(app.Range(failed).Slice(func(i int) app.UI {
			f := failed[i]
			return app.Li().Body(
				app.Span().Text(failureLabel(snap, f)),
				app.Button().Class("btn btn-small").Text("Restore").OnClick(s.on(workspace.ToggleFailure{Failure: f})),
			)
		})), app.Button().ID("restore-all").Class("btn").Text("Restore all").
			OnClick(s.on(workspace.RestoreAll{})))
		parts = append(parts, s.renderDiff(snap))
	}
	parts = append(parts, s.renderSweep(failed))
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
	ch, current := s.ws.Changes()
	notes := whatif.Notes(&snap.Doc.Topology, snap.Failures)
	for i := range notes {
		notes[i] = workspace.Plain(notes[i])
	}
	if ch == nil && !current {
		return app.P().ID("diff-computing").Class("empty computing").Text("Computing what the failures change…")
	}
	if ch == nil {
		return nil
	}
	var parts []app.UI
	parts = append(parts, app.H3().Class("section-gap").Text("What changes"))
	if ch.Empty() {
		parts = append(parts, app.P().ID("diff-none").Class("empty").Text("Nothing: no route and no endpoint pair changes. This failure is survived without a trace."))
	}
	if n := ch.Counts; n.Pairs() > 0 {
		parts = append(parts, app.P().ID("diff-pairs-count").Textf("Endpoint pairs changed: %d (%d lost, %d regained, %d rerouted).",
			n.Pairs(), n.Lost, n.Regained, n.Rerouted))
	}
	if len(ch.Pairs) > 0 {
		t := newRawTable("diff-pairs", "data", "Endpoint pairs whose reachability changed", "sr-only", "Pair", "Change", "Before → after")
		for _, p := range ch.Pairs {
			t.row("pair-"+strings.ToLower(p.Change), "", monoCell(shortNIC(p.From)+" → "+shortNIC(p.To)), plainCell(p.Change), plainCell(p.Before+" → "+p.After))
		}
		parts = append(parts, t.UI())
	}
	if len(ch.Routes) > 0 {
		parts = append(parts, app.Details().Body(
			app.Summary().Textf("Route changes in subnets: %d", ch.Counts.Routes),
			rawList("diff-routes", "diff-list mono", len(ch.Routes), func(i int) string {
				r := ch.Routes[i]
				return fmt.Sprintf("%s %s: %s → %s", r.Subnet, r.Prefix, orNone(r.Before), orNone(r.After))
			}),
		))
	}
	if len(ch.BGP) > 0 {
		parts = append(parts, app.Details().Body(
			app.Summary().Textf("BGP best-path changes: %d", ch.Counts.BGP),
			rawList("", "diff-list mono", len(ch.BGP), func(i int) string {
				b := ch.BGP[i]
				return fmt.Sprintf("%s %s: %s → %s", b.Speaker, b.Prefix, orNone(b.Before), orNone(b.After))
			}),
		))
	}
	if ch.Truncated() {
		parts = append(parts, app.P().ID("diff-cut").Class("hint").Textf("Lists are cut at %d rows each, the lost pairs first; the counts are complete. The CLI lists every change: vnetplay whatif design.json --fail ID.", workspace.DiffListLimit))
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

func (s *Shell) renderSweep(failed []model.Failure) app.UI {
	sw := s.ws.Sweep()
	parts := []app.UI{
		app.H3().Class("section-gap").Text("Single points of failure (N-1)"),
		app.P().ID("n1-scope").Class("hint").Text(workspace.SweepScope(len(failed))),
		app.Button().ID("n1").Class("btn btn-primary").Disabled(sw.Running).Text("Run N-1 sweep").
			OnClick(s.on(workspace.RunSweep{})),
	}
	if sw.Running {
		parts = append(parts, app.Div().Class("sweep-run").Body(
			app.Progress().ID("n1-progress").Max(max(sw.Total, 1)).Value(sw.Done),
			app.Span().Class("hint").Textf(" %d of %d components ", sw.Done, sw.Total),
			app.Button().ID("n1-cancel").Class("btn btn-small").Text("Cancel").OnClick(s.on(workspace.CancelSweep{})),
		))
	}
	if sw.Err != "" {
		parts = append(parts, app.P().Class("field-error").Text(sw.Err))
	}
	if !sw.Running && sw.Results != nil {
		spofs := 0
		for _, r := range sw.Results {
			if len(r.Lost) > 0 {
				spofs++
			}
		}
		done := len(sw.Results)
		if sw.Partial {
			done = sw.Done
		}
		summary := workspace.SweepSummary(spofs, done, sw.Total, sw.Partial, len(failed))
		parts = append(parts, app.P().ID("n1-summary").Text(summary),
			app.Ol().ID("n1-results").Class("spofs").Body(app.Range(sw.Results).Slice(func(i int) app.UI {
				r := sw.Results[i]
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
