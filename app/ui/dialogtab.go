package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/workspace"
)

// tabbable selects the controls Tab can reach; trapTab keeps those that
// are drawn (not in a closed <details>, not display:none).
const tabbable = `a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), ` +
	`textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])`

// trapTab moves the focus as Tab (Shift+Tab when back) does, among the
// controls of the dialog with the given id only (workspace.TabTarget says
// which), and reports whether it did (the browser's own move is then to
// be prevented). The dialog itself takes the focus when it has no control.
func trapTab(id string, back bool) bool {
	dialog := app.Window().GetElementByID(id)
	if !dialog.Truthy() {
		return false
	}
	all := dialog.Call("querySelectorAll", tabbable)
	active := app.Window().Get("document").Get("activeElement")
	var controls []app.Value
	at := -1
	for i := 0; i < all.Length(); i++ {
		el := all.Index(i)
		if el.Call("getClientRects").Length() == 0 {
			continue
		}
		if el.Equal(active) {
			at = len(controls)
		}
		controls = append(controls, el)
	}
	if to := workspace.TabTarget(len(controls), at, back); to >= 0 {
		controls[to].Call("focus")
	} else {
		dialog.Call("focus")
	}
	return true
}
