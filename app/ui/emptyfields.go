package ui

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// go-app (v10.1.11) drops an empty value from an element's attributes
// (attributes.Set tests the value, not the name, against "value"), so a
// text field whose value becomes empty has its value attribute removed and
// keeps showing what it showed. The Inspector's fields are reused from one
// resource to the next: selecting a subnet after a circuit showed the
// circuit's peer address prefix as the subnet's service endpoints (and a
// change there would have saved it). Every text field says when it should
// be empty (data-empty, textInput), and clearEmptied empties those that
// are not after the panel is drawn.

// textInput is a text field with id showing value.
func textInput(id, value string) app.HTMLInput {
	return app.Input().Type("text").ID(id).Value(value).DataSet("empty", value == "")
}

// emptiedFields is what the panel revision was when clearEmptied last ran.
type emptiedFields struct {
	rev  uint64
	done bool
}

// clearEmptied empties, once per drawing of the panel (rev), the text
// fields drawn empty that still show a value, but the one the reader is
// typing in (the focused one).
func (e *emptiedFields) clearEmptied(rev uint64) {
	if e.done && e.rev == rev {
		return
	}
	e.rev, e.done = rev, true
	doc := app.Window().Get("document")
	if !doc.Truthy() {
		return
	}
	active := doc.Get("activeElement")
	els := doc.Call("querySelectorAll", `input[data-empty="true"]`)
	for i, n := 0, els.Length(); i < n; i++ {
		el := els.Index(i)
		if el.Get("value").String() != "" && !el.Equal(active) {
			el.Set("value", "")
		}
	}
}
