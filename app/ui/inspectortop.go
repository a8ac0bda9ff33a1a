package ui

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// inspectorTop scrolls the Inspector back to its top when it shows
// another resource: a resource of the same kind reused its fields and kept
// the scroll, so the header naming the resource edited was out of view.
type inspectorTop struct{ shown string }

// follow scrolls the Inspector's pane to its top when shown (the key of
// the resource it shows) is not the one it showed last.
func (t *inspectorTop) follow(shown string) {
	if shown == t.shown {
		return
	}
	t.shown = shown
	if pane := app.Window().GetElementByID("inspector-pane"); pane.Truthy() {
		pane.Set("scrollTop", 0)
	}
}
