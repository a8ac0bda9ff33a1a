package ui

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// PanelView is the side panel as a child component of the Shell: go-app
// draws it again only when Rev (workspace.PanelRev) changes, so a pan, a
// zoom or a drag's moves, which leave the panel as it was, skip its tree
// (the Next hop tool's list of every NIC, a page of the Reach matrix, the
// effective routes). Its own handlers still update the Shell (go-app
// updates every component above the element an event fires on), and an
// update it asks for itself is drawn whatever Rev says.
type PanelView struct {
	app.Compo
	Rev   uint64
	shell *Shell // kept from creation: the one Shell that made it
}

func (v *PanelView) Render() app.UI { return v.shell.renderPanel() }

// PaletteView is the palette as a child component of the Shell: what it
// draws changes only when it is folded or opened (Open), so go-app skips
// its tree — twenty buttons with icons and five handlers each, a third of
// what a render of the Shell allocated — on every other render (an edit,
// a press, a drag's first move).
type PaletteView struct {
	app.Compo
	Open  bool
	shell *Shell // kept from creation: the one Shell that made it
}

func (v *PaletteView) Render() app.UI { return v.shell.renderPalette() }
