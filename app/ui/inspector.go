package ui

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/kinds"
	"vnetplay/app/store"
	"vnetplay/app/workspace"
)

func (s *Shell) renderInspector() app.UI {
	snap := s.ws.Snap()
	r, ok := s.ws.ShownRef()
	if !ok {
		t := snap.Doc.Topology
		return app.Div().ID("inspector").Body(
			app.H2().Class("pane-title").Text("Inspector"),
			app.P().Class("empty").Text("Select a resource on the canvas to edit it: click it, or focus the canvas and press N."),
			app.Dl().Class("stats").Body(
				app.Dt().Text("Virtual networks"), app.Dd().Text(len(t.VNets)),
				app.Dt().Text("Peerings"), app.Dd().Text(len(t.Peerings)),
				app.Dt().Text("VMs and NVAs"), app.Dd().Text(len(t.VMs)),
				app.Dt().Text("Route tables"), app.Dd().Text(len(t.RouteTables)),
				app.Dt().Text("NSGs"), app.Dd().Text(len(t.NSGs)),
				app.Dt().Text("Gateways"), app.Dd().Text(len(t.Gateways)),
			),
		)
	}
	fields, err := snap.Fields(r)
	if err != nil {
		return app.P().ID("inspector").Class("empty").Text(workspace.Plain(err.Error()))
	}
	spec := kinds.MustOf(kinds.Variant(&snap.Doc.Topology, r))
	return app.Div().ID("inspector").DataSet("ref", r.String()).DataSet("canvas-key", s.ws.Shown()).Body(
		app.Div().Class("insp-head").Body(
			Icon(IconKind(spec.Icon), 22, ""),
			app.Div().Class("insp-title").Body(
				app.Div().Class("insp-kind").Text(spec.Title),
				s.renderRename(r),
			),
			s.renderFailButton(r),
			app.If(kinds.MustOf(r.Kind).Deletable(), func() app.UI {
				return app.Button().ID("delete").Class("btn btn-danger").Title(deleteTitle(r, s.ws.ShownCount())).Text("Delete").
					OnClick(s.on(workspace.DeleteSelection{Shown: true}))
			}),
		),
		s.renderFormBar(r),
		app.Div().Class("insp-fields").Body(s.renderFields(r, fields)...),
		s.renderKeptRecords(r),
		s.renderNICCompare(r),
	)
}

// deleteTitle is the tip of the Inspector's Delete button, which deletes
// the resource r it shows: the Delete key deletes the same when r is
// shown selected alone, and the whole selection of n otherwise.
func deleteTitle(r store.Ref, n int) string {
	if n > 1 {
		return fmt.Sprintf("Delete %s (the Delete key deletes all %d selected)", r.ID, n)
	}
	return "Delete " + r.ID + " (Del)"
}

// renderKeptRecords lists, under a private DNS zone's own record sets, the
// records Azure keeps in it for private endpoints' zone groups (the canvas
// counts them with the zone's): they are edited on the endpoint.
func (s *Shell) renderKeptRecords(r store.Ref) app.UI {
	lines := s.ws.Snap().KeptRecords(r)
	if len(lines) == 0 {
		return nil
	}
	rows := []app.UI{
		app.Legend().Text("kept for private endpoints (" + itoa(len(lines)) + ")"),
		app.P().Class("hint").Text("Azure writes these with each endpoint's DNS zone group and removes them with it: edit the private endpoint to change them."),
	}
	for _, l := range lines {
		rows = append(rows, app.Div().Class("item-row").Body(app.Span().Class("item-summary mono").Title(l).Text(l)))
	}
	return app.FieldSet().ID("kept-records").Class("insp-group insp-items").Body(rows...)
}

// renderRename is the resource's name, editable: every reference follows a
// rename, and a name Azure refuses (or one already taken) is refused with
// the reason.
func (s *Shell) renderRename(r store.Ref) app.UI {
	spec := kinds.MustOf(r.Kind)
	name := r.ID
	if spec.Parent != "" && !spec.Singleton {
		_, name, _ = strings.Cut(r.ID, "/")
	}
	if spec.Model == "" {
		return app.Div().Class("insp-id mono").Text(name)
	}
	value, reason, refused := s.ws.RenameDraft(r)
	if !refused {
		value = name
	}
	in := textInput("rename", value).Class("insp-id mono").
		Aria("label", "Name of the "+spec.Noun).Attr("spellcheck", "false").Aria("invalid", refused).
		Title("Rename (the F2 key on the canvas); every reference follows").
		OnChange(s.onValue(workspace.Rename{Ref: r})).
		On(s.onEventAt("keydown", fmt.Sprintf("rename-revert:%+v=%s", r, name), revertOnEscape(name, workspace.RevertRename{Ref: r})))
	if refused {
		in = in.Aria("describedby", "rename-err")
	}
	return app.Div().Class("rename").Body(
		in,
		app.If(refused, func() app.UI {
			return app.Div().ID("rename-err").Class("field-error").Attr("role", "alert").Text(reason)
		}),
	)
}

// renderFailButton is the Inspector's Fail/Restore toggle.
func (s *Shell) renderFailButton(r store.Ref) app.UI {
	snap := s.ws.Snap()
	f, ok := workspace.WholeFailure(snap, r)
	if !ok {
		return nil
	}
	label, cls := "Fail", "btn"
	if snap.Failed(f.Kind, f.Target) {
		label, cls = "Restore", "btn btn-primary"
	}
	return app.Button().ID("fail-toggle").Class(cls).Title("What if " + r.ID + " fails?").Text(label).
		OnClick(s.on(workspace.ToggleFailure{Failure: f}))
}

// renderFormBar shows, for a resource edited as a whole, whether its draft
// has changes, with Apply and Revert.
func (s *Shell) renderFormBar(r store.Ref) app.UI {
	if !kinds.MustOf(r.Kind).Form {
		return nil
	}
	f, ok := s.ws.Form(r)
	if !ok {
		return app.P().Class("hint form-hint").Text("Change the fields, then Apply: they are checked and applied together, as one step.")
	}
	return app.Div().ID("form-bar").Class("form-bar").Body(
		app.Span().Class("hint").Text("Unsaved changes: nothing is applied until you apply them."),
		app.If(f.Err != "", func() app.UI {
			return app.Div().ID("form-err").Class("field-error").Attr("role", "alert").Text(f.Err)
		}),
		app.Div().Class("form-actions").Body(
			app.Button().ID("form-apply").Class("btn btn-primary").Text("Apply").Disabled(len(f.Errs) > 0 || f.Err != "").
				OnClick(s.on(workspace.FormApply{Ref: r})),
			app.Button().ID("form-revert").Class("btn").Text("Revert").OnClick(s.on(workspace.FormRevert{Ref: r})),
		),
	)
}

func (s *Shell) renderFields(r store.Ref, fields []store.Field) []app.UI {
	out := make([]app.UI, 0, len(fields))
	for _, f := range fields {
		if f.ReadOnly && (f.Name == "id" || f.Name == "name") {
			continue // the name is edited in the header (Rename)
		}
		out = append(out, s.renderField(r, f))
	}
	return out
}

// fieldID makes an element id from a property path.
func fieldID(path string) string {
	return "prop-" + strings.NewReplacer(".", "-", "[", "-", "]", "").Replace(path)
}

func (s *Shell) renderField(r store.Ref, f store.Field) app.UI {
	id := fieldID(f.Path)
	label := app.Label().For(id).Body(wrappable(f.Name)...)
	switch f.Kind {
	case store.Group:
		return app.FieldSet().Class("insp-group").Body(
			append([]app.UI{app.Legend().Body(wrappable(f.Name)...)}, s.renderFields(r, f.Children)...)...)
	case store.Items:
		return s.renderItems(r, f)
	}
	form := kinds.MustOf(r.Kind).Form
	value, errText := f.Value, ""
	if form {
		if d, ok := s.ws.Form(r); ok {
			if v, ok := d.Values[f.Path]; ok {
				value, errText = v, d.Errs[f.Path]
			}
		}
	} else if typed, why, ok := s.ws.Refused(r, f.Path); ok {
		value, errText = typed, why
	}
	var set valued = workspace.SetProperty{Ref: r, Path: f.Path}
	if form {
		set = workspace.FormField{Ref: r, Path: f.Path}
	}
	if f.Kind == store.Bool {
		return app.Div().Class("insp-row insp-check").Body(
			app.Input().Type("checkbox").ID(id).Checked(value == "true").Disabled(f.ReadOnly).OnChange(s.onChecked(set)),
			label,
			app.If(errText != "", func() app.UI {
				return app.Div().ID(id+"-err").Class("field-error").Attr("role", "alert").Text(errText)
			}),
		)
	}
	input := s.fieldInput(id, f, value, errText != "", set, workspace.RevertField{Ref: r, Path: f.Path})
	return app.Div().Class("insp-row").Body(
		label,
		input,
		app.If(errText != "", func() app.UI {
			return app.Div().ID(id+"-err").Class("field-error").Attr("role", "alert").Text(errText)
		}),
	)
}

// fieldInput is the input of one scalar field: a select for references
// and enumerations, a text field otherwise. set is dispatched with the
// value; revert (if not nil) on Escape.
func (s *Shell) fieldInput(id string, f store.Field, value string, invalid bool, set valued, revert workspace.Action) app.UI {
	if refs := s.refOptions(f); refs != nil && !f.ReadOnly {
		return s.selectInput(id, f, value, refs, map[string]string{"": "(none)"}, set)
	}
	switch {
	case f.Kind == store.OptBool:
		return s.selectInput(id, f, value, []string{"", "true", "false"}, map[string]string{"": "Azure default"}, set)
	case len(f.Options) > 0:
		return s.selectInput(id, f, value, f.Options, map[string]string{"": cmp.Or(f.Unset, "(none)")}, set)
	}
	in := textInput(id, value).ReadOnly(f.ReadOnly).
		Class("mono").Attr("spellcheck", "false").Aria("invalid", invalid)
	switch {
	case f.Unset != "":
		in = in.Placeholder(f.Unset) // a number or list left unset: what Azure does then
	case f.Kind == store.List:
		in = in.Placeholder("comma-separated")
	}
	if invalid {
		in = in.Aria("describedby", id+"-err")
	}
	if f.ReadOnly {
		return in
	}
	in = in.OnChange(s.onValue(set))
	if revert != nil {
		stored := f.Value
		name := fmt.Sprintf("revert:%+v=%s", revert, stored)
		in = in.On(s.onEventAt("keydown", name, revertOnEscape(stored, revert)))
	}
	return in
}

// revertOnEscape is a field's keydown handler: Escape puts the design's
// value (stored) back in the field and dispatches revert, which drops what
// was typed and refused, or, when the field showed that value already,
// LeaveField (escapeAction); other keys are the field's. Its caller scopes it
// by the resource and the value (onEventAt's name), so a field drawn for
// another resource gets its own.
func revertOnEscape(stored string, revert workspace.Action) func(app.Context, app.Event) workspace.Action {
	return func(ctx app.Context, e app.Event) workspace.Action {
		if e.Get("key").String() != "Escape" {
			return nil
		}
		shown := ctx.JSSrc().Get("value").String()
		ctx.JSSrc().Set("value", stored) // back to the design's value
		return escapeAction(shown, stored, revert)
	}
}

// escapeAction is what Escape in a field showing shown does, the design's
// value being stored: revert what was typed, or, when there is nothing to
// revert (a second Escape), give the keyboard back to the canvas.
func escapeAction(shown, stored string, revert workspace.Action) workspace.Action {
	if shown != stored {
		return revert
	}
	return workspace.LeaveField{}
}

// refOptions lists the ids a reference property may take (the store says
// which kind it names), with "" for none where it is optional; nil for
// other properties.
func (s *Shell) refOptions(f store.Field) []string {
	if f.Ref == "" {
		return nil
	}
	var out []string
	if f.RefOptional {
		out = append(out, "")
	}
	return append(out, kinds.MustOf(f.Ref).IDs(&s.ws.Snap().Doc.Topology)...)
}

// selectInput is a choice among opts with value selected. A value of a
// choice that is not a reference matches its option in any case, as ARM
// reads these values ("TCP" is Tcp), and is left as written until the
// user picks another. A value that is none of them stays shown as
// missing; no value where opts offer no "" (a new element's required
// choice, as a route's next hop type) reads "(choose one)".
func (s *Shell) selectInput(id string, f store.Field, value string, opts []string, names map[string]string, set valued) app.UI {
	chosen := func(o string) bool { return o == value || (f.Ref == "" && strings.EqualFold(o, value)) }
	return app.Select().ID(id).Disabled(f.ReadOnly).OnChange(s.onSelect(set)).
		Body(app.Range(opts).Slice(func(i int) app.UI {
			text := opts[i]
			if n, ok := names[text]; ok {
				text = n
			}
			return option(opts[i], text, chosen(opts[i]))
		}), app.If(!slices.ContainsFunc(opts, chosen), func() app.UI {
			if value == "" { // nothing chosen yet: a choice to make, not a reference gone
				return option("", "(choose one)", true).Disabled(true)
			}
			// A dangling reference stays visible (and selected) until fixed.
			return option(value, value+" (missing)", true)
		}))
}
