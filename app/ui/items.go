package ui

import (
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/store"
	"vnetplay/app/workspace"
)

// renderItems shows a list property (a route table's routes, an NSG's
// rules) as one summary row per element with Edit and Remove, and an Add
// button; Add and Edit open the element's form (renderItemForm), where its
// fields are filled in any order and saved together.
func (s *Shell) renderItems(r store.Ref, f store.Field) app.UI {
	id := fieldID(f.Path)
	noun := store.ItemNoun(f.Path)
	form, open := s.ws.Item()
	open = open && form.Ref == r && form.List == f.Path
	rows := []app.UI{app.Legend().Text(f.Name + " (" + strconv.Itoa(len(f.Children)) + ")")}
	for i, c := range f.Children {
		if open && form.Index == i {
			rows = append(rows, s.renderItemForm(form, c.Children))
			continue
		}
		rows = append(rows, app.Div().Class("item-row").DataSet("index", i).Body(
			app.Span().Class("item-summary mono").Text(itemSummary(c.Children)),
			app.Div().Class("item-actions").Body(
				app.Button().Class("btn btn-small item-edit").Title("Edit this "+noun).Text("Edit").
					OnClick(s.on(workspace.ItemOpen{Ref: r, List: f.Path, Index: i})),
				app.Button().Class("btn btn-small item-remove").Title("Remove this "+noun).Text("Remove").
					OnClick(s.on(workspace.RemoveItem{Ref: r, List: f.Path, Index: i})),
			),
		))
		rows = append(rows, s.nestedItems(r, c.Children)...)
	}
	if open && form.Index < 0 {
		rows = append(rows, s.renderItemForm(form, s.newItemFields(r, f)))
	} else {
		rows = append(rows, app.Button().Class("btn btn-small").ID(id+"-add").Text("Add "+noun).
			OnClick(s.on(workspace.ItemOpen{Ref: r, List: f.Path, Index: -1})))
	}
	return app.FieldSet().Class("insp-group insp-items").Body(rows...)
}

// nestedItems shows the list properties of one saved element (a record
// set's A records, a forwarding rule's target servers) under its row, each
// with its own Add, Edit and Remove: the item form edits the element's
// plain fields only.
func (s *Shell) nestedItems(r store.Ref, fields []store.Field) []app.UI {
	var out []app.UI
	for _, c := range fields {
		if c.Kind == store.Items {
			out = append(out, app.Div().Class("item-nested").Body(s.renderItems(r, c)))
		}
	}
	return out
}

// newItemFields are the fields of a new element of list f: those of a zero
// element, read from the model through the store.
func (s *Shell) newItemFields(r store.Ref, f store.Field) []store.Field {
	return store.ElementFields(s.ws.Snap(), r, f.Path)
}

// itemSummary is one line for an element: its name, then its other set
// values.
func itemSummary(fs []store.Field) string {
	var name string
	var rest []string
	for _, c := range fs {
		if c.Kind == store.Items || c.Kind == store.Group || c.Value == "" || c.Value == "false" {
			continue
		}
		if c.Name == "name" || c.Name == "id" {
			name = c.Value
			continue
		}
		v := c.Value
		if c.Value == "true" {
			v = c.Name
		}
		rest = append(rest, v)
	}
	if len(rest) > 5 {
		rest = append(rest[:5], "…")
	}
	if name == "" {
		return strings.Join(rest, " · ")
	}
	return name + ": " + strings.Join(rest, " · ")
}

// renderItemForm is the form of one element: every field, errors next to
// the field they are about, Save and Cancel.
func (s *Shell) renderItemForm(form workspace.ItemForm, fields []store.Field) app.UI {
	noun := store.ItemNoun(form.List)
	title := "New " + noun
	if form.Index >= 0 {
		title = "Edit " + noun
	}
	var rows []app.UI
	for _, f := range fields {
		if f.Kind == store.Items || f.Kind == store.Group {
			rows = append(rows, app.P().Class("hint").Text(f.Name+": add them under the "+noun+" once it is saved."))
			continue
		}
		f.ReadOnly = false // names are edited here (a rename follows references)
		id := "item-" + f.Name
		value := form.Values[f.Name]
		errText := form.Errs[f.Name]
		set := workspace.ItemField{Name: f.Name}
		var input app.UI
		if f.Kind == store.Bool {
			input = app.Input().Type("checkbox").ID(id).Checked(value == "true").OnChange(s.onChecked(set))
		} else {
			input = s.fieldInput(id, f, value, errText != "", set, nil)
		}
		rows = append(rows, app.Div().Class("insp-row").Body(
			app.Label().For(id).Body(wrappable(f.Name)...),
			input,
			app.If(errText != "", func() app.UI {
				return app.Div().ID(id+"-err").Class("field-error").Attr("role", "alert").Text(errText)
			}),
		))
	}
	return app.Form().ID("item-form").Class("item-form").Attr("tabindex", -1).Aria("label", title).
		OnSubmit(s.onEvent("item-submit", func(ctx app.Context, e app.Event) workspace.Action {
			e.PreventDefault()
			return workspace.ItemSave{}
		})).
		Body(
			app.H4().Text(title),
			app.Div().Body(rows...),
			app.If(form.Err != "", func() app.UI {
				return app.Div().ID("item-form-err").Class("field-error").Attr("role", "alert").Text(form.Err)
			}),
			app.Div().Class("form-actions").Body(
				app.Button().Type("submit").ID("item-save").Class("btn btn-primary").Text("Save "+noun),
				app.Button().Type("button").ID("item-cancel").Class("btn").Text("Cancel").OnClick(s.on(workspace.ItemCancel{})),
			),
		)
}
