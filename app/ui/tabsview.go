package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/workspace"
)

// renderBanners shows the states of the open design that stay until they
// are resolved: read-only because another tab edits it, the store not
// opened yet, the store taken by a newer version, and a storage problem.
func (s *Shell) renderBanners() app.UI {
	lib := s.ws.Library()
	var parts []app.UI
	if lib.Access != workspace.Editing {
		text := "This design is open for editing in another tab. Here it is read-only, and follows the changes made there."
		button := app.Button().ID("take-over").Class("btn btn-small").Text("Edit here").
			Title("Ask the other tab to hand this design over, and edit it here").OnClick(s.on(workspace.TakeOver{}))
		if lib.Access == workspace.Claiming {
			text = "Checking whether another tab is editing this design…"
			button = nil
		}
		parts = append(parts, app.Div().ID("tab-banner").Class("banner banner-info").Attr("role", "status").Body(
			app.Span().Text(text), button))
	}
	if lib.Superseded != "" {
		// Until the page is reloaded: this tab can no longer save.
		parts = append(parts, app.Div().ID("store-superseded").Class("banner banner-error").Attr("role", "alert").Body(
			app.Span().ID("store-superseded-text").Text(lib.Superseded),
			app.Button().ID("superseded-export").Class("btn btn-small").Text("Export JSON").
				Title("Download the design as it is in this tab, changes included").OnClick(s.on(workspace.ExportJSON{})),
			app.Button().ID("superseded-reload").Class("btn btn-small").Text("Reload").
				Title("Reload this tab: it opens the new version").OnClick(s.on(workspace.ReloadPage{})),
		))
	}
	if lib.Waiting != "" {
		parts = append(parts, app.Div().ID("storage-waiting").Class("banner banner-error").Attr("role", "alert").Body(
			app.Span().ID("storage-waiting-text").Text(lib.Waiting),
			app.Button().ID("waiting-export").Class("btn btn-small").Text("Export JSON").OnClick(s.on(workspace.ExportJSON{})),
		))
	}
	if lib.Storage != "" {
		parts = append(parts, app.Div().ID("storage-problem").Class("banner banner-error").Attr("role", "alert").Body(
			app.Span().ID("storage-problem-text").Text(lib.Storage),
			app.Button().ID("storage-export").Class("btn btn-small").Text("Export JSON").OnClick(s.on(workspace.ExportJSON{})),
			app.Button().ID("storage-retry").Class("btn btn-small").Text("Try again").OnClick(s.on(workspace.SaveNowAction{})),
		))
	}
	// Always there (empty): the shell's grid has a row for it.
	return app.Div().Class("banners").Body(parts...)
}

// renderConflict asks what to do with this tab's changes after a save
// was refused because the stored design changed in another tab.
func (s *Shell) renderConflict() app.UI {
	return app.Div().Class("overlay").Body(
		app.Div().ID("conflict").Class("dialog").Attr("role", "alertdialog").Aria("label", "Changed in another tab").
			Aria("describedby", "conflict-text").Attr("tabindex", -1).Body(
			app.H2().Text("Changed in another tab"),
			app.P().ID("conflict-text").Text("\""+s.ws.DocName()+"\" was changed or deleted in another tab after this tab last saved it, so this tab's latest changes were not saved over it."),
			app.Div().Class("lib-actions").Body(
				app.Button().ID("keep-mine").Class("btn btn-primary").Text("Keep this tab's version as a copy").OnClick(s.on(workspace.KeepMine{})),
				app.Button().ID("take-theirs").Class("btn").Text("Drop my changes, show the saved version").OnClick(s.on(workspace.TakeTheirs{})),
			),
		),
	)
}

// storageNote says how the browser keeps the saved designs.
func storageNote(lib workspace.Library) string {
	switch {
	case lib.Kept == nil:
		return ""
	case *lib.Kept:
		return "Designs are saved in this browser, in persistent storage."
	}
	return "Designs are saved in this browser, which may clear them when it runs short of space: export the ones that matter."
}
