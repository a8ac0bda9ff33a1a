package ui

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// An option whose value is empty — "(none)" for a reference, "Azure
// default" for an optional flag — loses its value attribute in go-app
// (v10.1.11; see emptyfields.go), and the browser then gives the option's
// text as its value: choosing "(none)" for a subnet's route table sent
// "(none)", and the association stayed. Each option also carries its
// value as data-value (absent when empty), and onSelect reads that.

// option is an option of a select: value, shown as text, selected or not.
func option(value, text string, selected bool) app.HTMLOption {
	return app.Option().Value(value).DataSet("value", value).Selected(selected).Text(text)
}

// onSelect returns a handler that dispatches a with the value of the
// option chosen (option): its data-value, "" when it has none; the
// select's value when no option is chosen.
func (s *Shell) onSelect(a valued) (app.EventHandler, app.EventOption) {
	return func(ctx app.Context, e app.Event) {
		s.dispatch(ctx, a.WithValue(chosenValue(ctx.JSSrc())))
	}, scopeOf(a)
}

// chosenValue is the value of the option chosen in sel (see onSelect).
func chosenValue(sel app.Value) string {
	if opts := sel.Get("selectedOptions"); opts.Truthy() && opts.Length() > 0 {
		if v := opts.Index(0).Get("dataset").Get("value"); v.Type() == app.TypeString {
			return v.String()
		}
		return ""
	}
	return sel.Get("value").String()
}

// onPick is onSelect for a picker: a select whose options are commands
// ("fail this component"), not a setting it shows. It dispatches a with the
// option chosen, then puts the select back on its first option, its prompt:
// the picker never shows a command as if it were a state (a component
// restored still read as picked), and choosing the same option again is a
// change the browser reports.
func (s *Shell) onPick(a valued) (app.EventHandler, app.EventOption) {
	return func(ctx app.Context, e app.Event) {
		sel := ctx.JSSrc()
		v := chosenValue(sel)
		sel.Set("selectedIndex", 0)
		s.dispatch(ctx, a.WithValue(v))
	}, scopeOf(a)
}
