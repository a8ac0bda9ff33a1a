package ui

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// go-app (v10.1.11) drops an empty value from an element's attributes
// (attributes.Set tests the value, not the name, against "value") and so
// removes the attribute where it should empty the field: a text field or
// text area reused for another subject keeps showing the earlier one's
// text. Selecting a subnet after a circuit showed the circuit's peer
// address prefix as the subnet's service endpoints (and a change there
// would have saved it); a VM's comparison with Azure's routes showed the
// paste made for the VM selected before. Every text field and text area
// says when it is drawn empty (data-empty: textInput, textArea), and
// drawnFields.sync empties those that are not after the panel is drawn,
// but the one the reader is typing in.

// textInput is a text field with id showing value.
func textInput(id, value string) app.HTMLInput {
	return app.Input().Type("text").ID(id).Value(value).DataSet("empty", value == "")
}

// textArea is a text area with id showing text.
func textArea(id, text string) app.HTMLTextarea {
	return app.Textarea().ID(id).Text(text).DataSet("empty", text == "")
}

// drawnFields is what the panel revision was when sync last ran.
type drawnFields struct {
	rev  uint64
	done bool
}

// sync, once per drawing of the panel (rev), empties the fields drawn
// empty that show a value, but the focused one.
func (d *drawnFields) sync(rev uint64) {
	if d.done && d.rev == rev {
		return
	}
	d.rev, d.done = rev, true
	doc := app.Window().Get("document")
	if !doc.Truthy() {
		return
	}
	active := doc.Get("activeElement")
	els := doc.Call("querySelectorAll", `[data-empty="true"]`)
	for i, n := 0, els.Length(); i < n; i++ {
		if el := els.Index(i); el.Get("value").String() != "" && !el.Equal(active) {
			el.Set("value", "")
		}
	}
}
