package ui

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// ListSelect is a <select> of a long list, one option per item (every NIC
// of the design, for the tools under the Routes tab). It is a component so
// that a render with the same list (the same slice: workspace.ToolNICs
// returns one per data plane) and the same choice compares its fields
// instead of building and diffing an option per item: at 500 VNets the
// three tools' lists were most of the Routes tab's render on every edit.
// Its options are markup (optionsMarkup).
// Its change handler reads the action from the mounted component's fields
// when it fires, so it never acts on a list or action it no longer shows.
type ListSelect struct {
	app.Compo
	ID       string
	Group    string // labels the options (their optgroup)
	Items    []string
	Selected string
	// Action is dispatched with the chosen item as its value.
	Action valued
	shell  *Shell // kept from creation: the one Shell that made it
}

// listSelect is s's ListSelect of items, labelled group, with selected
// chosen.
func (s *Shell) listSelect(id, group string, items []string, selected string, a valued) *ListSelect {
	return &ListSelect{ID: id, Group: group, Items: items, Selected: selected, Action: a, shell: s}
}

// Render draws the select, its options drawn from their markup
// (optionsMarkup).
func (l *ListSelect) Render() app.UI {
	return app.Select().ID(l.ID).OnChange(l.changed, app.EventScope("list:"+l.ID)).
		Body(optionsMarkup(l.Group, l.Items, l.Selected))
}

// Labels of the tools' lists.
const (
	nicsGroup      = "Network interfaces"
	endpointsGroup = "Endpoints"
)

// optionsMarkup is items as the options of one group labelled group (an
// optgroup: the one element a raw markup can be inside a select),
// selected chosen: go-app mounts them with one innerHTML, where an option
// element each took ~60 ms for the Routes tab's three lists at 500 VNets
// (1,000 NICs each). A new choice writes the group again; the select
// itself, and the focus on it, stay.
func optionsMarkup(group string, items []string, selected string) app.UI {
	var m markup
	m.open("optgroup", "label", group)
	for _, it := range items {
		if it == selected {
			m.element("option", it, "value", it, "selected", "selected")
		} else {
			m.element("option", it, "value", it)
		}
	}
	m.close("optgroup")
	return m.UI()
}

// changed dispatches the action the select holds now with the value chosen.
func (l *ListSelect) changed(ctx app.Context, _ app.Event) {
	l.shell.dispatch(ctx, l.Action.WithValue(ctx.JSSrc().Get("value").String()))
}
