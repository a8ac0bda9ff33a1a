package ui

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/workspace"
	"vnetplay/engine/diff"
	"vnetplay/engine/model"
)

// designDiffDialog is the Changes dialog (the open design against a saved
// one, My scenarios' Compare) while it is shown.
func (s *Shell) designDiffDialog() app.UI {
	d := s.ws.DesignDiff()
	return app.If(d.Shown, func() app.UI { return s.renderDesignDiff(d) })
}

// renderDesignDiff is the Changes dialog: what the documents say
// differently (grouped: document, resources by property, failure sets,
// expectations), then what the designs do differently (endpoint pairs
// gained, lost or rerouted, effective routes, best BGP paths), with counts.
func (s *Shell) renderDesignDiff(d workspace.DesignDiff) app.UI {
	body := []app.UI{
		app.Div().Class("dialog-head").Body(
			app.H2().Text("Changes"),
			app.Button().ID("design-diff-close").Class("btn btn-primary").Text("Close").OnClick(s.on(workspace.CloseDesignDiff{})),
		),
		app.P().Class("hint").Body(
			app.Text("From the saved design "), app.Strong().Text(d.SavedName),
			app.Text(" (before) to the open design "), app.Strong().Text(d.OpenName), app.Text(" (after)."),
		),
	}
	switch {
	case d.Loading:
		body = append(body, app.P().ID("design-diff-loading").Class("empty").Text("Reading the saved design…"))
	case d.Err != "":
		body = append(body, app.P().ID("design-diff-err").Class("field-error").Attr("role", "alert").Text(d.Err))
	case d.Changes != nil:
		body = append(body, s.diffSections(d)...)
	}
	return app.Div().Class("overlay").Body(
		app.Div().ID("design-diff").Class("dialog dialog-wide").Attr("role", "dialog").Aria("label", "Changes").Attr("tabindex", -1).Body(body...),
	)
}

// diffSections are the dialog's sections once the documents are compared.
func (s *Shell) diffSections(d workspace.DesignDiff) []app.UI {
	c := d.Changes
	summary := c.Summary()
	if c.Behaviour == nil && c.Empty() {
		summary = "no differences in the documents"
	}
	out := []app.UI{app.P().ID("design-diff-summary").Class("cmp-summary").Body(app.Strong().Text(capitalised(summary) + "."))}
	if d.Stale {
		out = append(out, app.P().ID("design-diff-stale").Class("hint diff-stale").Text("The open design changed since: Compare again for its current version."))
	}
	out = append(out,
		diffSection("design-diff-document", "Document", len(c.Document), propertyList(c.Document)),
		diffSection("design-diff-resources", "Resources", len(c.Resources), resourceList(c.Resources)),
	)
	if len(c.FailureSets) > 0 {
		out = append(out, diffSection("design-diff-failures", "Failure sets", len(c.FailureSets), failureSetList(c.FailureSets)))
	}
	if len(c.Expectations) > 0 {
		out = append(out, diffSection("design-diff-expect", "Expectations", len(c.Expectations), resourceList(c.Expectations)))
	}
	return append(out, s.behaviourSection(d))
}

// diffSection is one group of changes: "Title (n changed)", or "Title: no
// change".
func diffSection(id, title string, n int, list app.UI) app.UI {
	head := title + ": no change"
	if n > 0 {
		head = fmt.Sprintf("%s (%d changed)", title, n)
	}
	return app.Section().ID(id).Class("lib-section diff-section").Body(
		app.H3().Text(head),
		app.If(n > 0, func() app.UI { return list }),
	)
}

// propertyList lists property changes: "path: before → after".
func propertyList(ps []diff.PropertyChange) app.UI {
	return app.Ul().Class("diff-props mono").Body(app.Range(ps).Slice(func(i int) app.UI {
		p := ps[i]
		return app.Li().Body(
			app.Span().Class("diff-path").Text(p.Path+": "),
			app.Span().Class("diff-before").Text(jsonText(p.Before)),
			app.Text(" → "),
			app.Span().Class("diff-after").Text(jsonText(p.After)),
		)
	}))
}

// resourceList lists resources added, removed or changed, a changed one's
// properties under it.
func resourceList(rs []diff.ResourceChange) app.UI {
	return app.Ul().Class("diff-resources").Body(app.Range(rs).Slice(func(i int) app.UI {
		r := rs[i]
		return app.Li().Class("diff-"+r.Change).DataSet("id", r.ID).DataSet("change", r.Change).Body(
			app.Span().Class("diff-mark").Text(changeMark(r.Change)),
			app.Text(kindNoun(r.Kind)+" "),
			app.Span().Class("mono").Text(r.ID),
			app.Span().Class("diff-change").Text(" "+r.Change),
			app.If(len(r.Properties) > 0, func() app.UI { return propertyList(r.Properties) }),
		)
	}))
}

// failureSetList lists the what-if sets changed.
func failureSetList(fs []diff.FailureSetChange) app.UI {
	return app.Ul().Class("diff-resources").Body(app.Range(fs).Slice(func(i int) app.UI {
		f := fs[i]
		return app.Li().Class("diff-"+f.Change).Body(
			app.Span().Class("diff-mark").Text(changeMark(f.Change)),
			app.Span().Class("mono").Text(f.Name+": "+failureNames(f.Before)+" → "+failureNames(f.After)),
		)
	}))
}

func failureNames(fs []model.Failure) string {
	if len(fs) == 0 {
		return "(none)"
	}
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = f.String()
	}
	return strings.Join(names, ", ")
}

// behaviourSection is what the designs do differently, or why it is not
// (yet) shown.
func (s *Shell) behaviourSection(d workspace.DesignDiff) app.UI {
	sec := app.Section().ID("design-diff-behaviour").Class("lib-section diff-section")
	b := d.Changes.Behaviour
	switch {
	case d.Running:
		return sec.Body(
			app.H3().Text("What the designs do"),
			app.P().ID("design-diff-running").Class("empty").Text(fmt.Sprintf("Walking every pair of endpoints in both designs… %d of %d rows", d.Done, d.Total)),
			app.Progress().ID("design-diff-progress").Max(max(d.Total, 1)).Value(d.Done),
		)
	case d.Skipped != "":
		return sec.Body(app.H3().Text("What the designs do"), app.P().ID("design-diff-skipped").Class("hint").Text(d.Skipped))
	case b == nil:
		return nil
	}
	n := b.Counts
	parts := []app.UI{
		app.H3().Text(fmt.Sprintf("What the designs do: %d pairs compared, %d gained, %d lost, %d rerouted", n.Pairs, n.Gained, n.Lost, n.Rerouted)),
		sidesLine("design-diff-endpoints", "Endpoints", b.Endpoints),
		sidesLine("design-diff-speakers", "BGP speakers", b.Speakers),
	}
	if len(b.Pairs) > 0 {
		parts = append(parts, pairTable(b.Pairs))
	}
	parts = append(parts,
		changeTable("design-diff-routes", "Effective routes", "Subnet", n.Routes, len(b.Routes), func(i int) [4]string {
			r := b.Routes[i]
			return [4]string{r.Subnet, r.Prefix, r.Before, r.After}
		}),
		changeTable("design-diff-bgp", "BGP best paths", "Speaker", n.BGP, len(b.BGP), func(i int) [4]string {
			r := b.BGP[i]
			return [4]string{r.Speaker, r.Prefix, r.Before, r.After}
		}),
	)
	if b.Truncated || len(b.Pairs) < n.Gained+n.Lost+n.Rerouted {
		parts = append(parts, app.P().Class("hint").Text(fmt.Sprintf("Lists are cut at %d rows each; the counts are complete. The CLI lists every change: vnetplay diff saved.json open.json --limit 0.", workspace.DiffListLimit)))
	}
	return sec.Body(parts...)
}

// sidesLine lists the ids only one design has, or nothing when both have
// the same.
func sidesLine(id, title string, sd diff.Sides) app.UI {
	if len(sd.Added)+len(sd.Removed) == 0 {
		return nil
	}
	var parts []string
	if len(sd.Removed) > 0 {
		parts = append(parts, fmt.Sprintf("only in the saved design (%d): %s", len(sd.Removed), strings.Join(sd.Removed, ", ")))
	}
	if len(sd.Added) > 0 {
		parts = append(parts, fmt.Sprintf("only in the open design (%d): %s", len(sd.Added), strings.Join(sd.Added, ", ")))
	}
	return app.P().ID(id).Class("diff-sides").Text(title + " " + strings.Join(parts, "; ") + ": their pairs are not compared.")
}

// pairTable lists the endpoint pairs gained, lost or rerouted, the tone
// by change (lost is bad, rerouted a warning, gained good).
func pairTable(ps []diff.PairDelta) app.UI {
	return app.Div().Class("table-wrap").Body(app.Table().ID("design-diff-pairs").Class("data diff-pairs").Body(
		app.Caption().Class("sr-only").Text("Endpoint pairs whose reachability changed"),
		app.THead().Body(app.Tr().Body(
			app.Th().Scope("col").Text("Pair"),
			app.Th().Scope("col").Text("Change"),
			app.Th().Scope("col").Text("Saved (before)"),
			app.Th().Scope("col").Text("Open (after)"),
		)),
		app.TBody().Body(app.Range(ps).Slice(func(i int) app.UI {
			p := ps[i]
			return app.Tr().Class("dpair dpair-"+p.Change).DataSet("from", p.From).DataSet("to", p.To).DataSet("change", p.Change).Body(
				app.Td().Class("mono").Text(shortNIC(p.From)+" → "+shortNIC(p.To)),
				app.Td().Class("dpair-change").Text(p.Change),
				app.Td().Text(verdictWords(p.Before)),
				app.Td().Text(verdictWords(p.After)),
			)
		})),
	))
}

// verdictWords is "Delivered via a → b: reason", without rule codes.
func verdictWords(v diff.Verdict) string {
	path := make([]string, len(v.Path))
	for i, n := range v.Path {
		path[i] = shortNIC(n)
	}
	return fmt.Sprintf("%s via %s: %s", v.Disposition, strings.Join(path, " → "), workspace.Plain(v.Reason))
}

// changeTable is a table of before/after changes keyed by an id and a
// prefix (routes per subnet, best paths per speaker), in a fold with its
// count.
func changeTable(id, title, keyCol string, total, listed int, row func(i int) [4]string) app.UI {
	if total == 0 {
		return app.P().ID(id).Class("empty").Text(title + ": no change")
	}
	rows := make([]app.UI, listed)
	for i := range listed {
		r := row(i)
		rows[i] = app.Tr().Body(
			app.Td().Class("mono").Text(r[0]),
			app.Td().Class("mono").Text(r[1]),
			app.Td().Class("mono").Text(orNone(r[2])),
			app.Td().Class("mono").Text(orNone(r[3])),
		)
	}
	return app.Details().ID(id).Class("diff-fold").Body(
		app.Summary().Text(fmt.Sprintf("%s: %d changed", title, total)),
		app.Div().Class("table-wrap").Body(app.Table().Class("data").Body(
			app.THead().Body(app.Tr().Body(
				app.Th().Scope("col").Text(keyCol),
				app.Th().Scope("col").Text("Prefix"),
				app.Th().Scope("col").Text("Saved (before)"),
				app.Th().Scope("col").Text("Open (after)"),
			)),
			app.TBody().Body(rows...),
		)),
	)
}

// changeMark is the sign of a change: + added, - removed, ~ changed.
func changeMark(change string) string {
	switch change {
	case diff.Added:
		return "+"
	case diff.Removed:
		return "−"
	}
	return "~"
}

// kindNoun is a resource kind in words ("virtual network", "route").
func kindNoun(k model.Kind) string {
	if n := k.Noun(); n != "" {
		return n
	}
	switch k {
	case diff.KindRoute:
		return "route"
	case diff.KindSecurityRule:
		return "security rule"
	}
	return string(k)
}

// maxJSONText bounds a value shown (a long description): the CLI's --json
// has it whole.
const maxJSONText = 160

// jsonText is a property's value as compact JSON, "(absent)" on the side
// without it, cut at maxJSONText characters.
func jsonText(v []byte) string {
	if len(v) == 0 {
		return "(absent)"
	}
	s := string(v)
	if utf8.RuneCountInString(s) <= maxJSONText {
		return s
	}
	return string([]rune(s)[:maxJSONText-1]) + "…"
}
