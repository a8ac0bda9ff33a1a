package ui

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/workspace"
)

func itoa(n int) string { return strconv.Itoa(n) }

// renderPanel is the side panel: the Inspector above the results (routes,
// reach, names, what if, checks), both always on screen so that cause and effect
// are seen together. Its left edge and the line between the two panes are
// separators that resize them (pointer or arrow keys); the panel folds
// away with its toggle.
func (s *Shell) renderPanel() app.UI {
	p := s.ws.Panels()
	toggle := "Collapse the side panel"
	if p.PanelCollapsed {
		toggle = "Show the side panel"
	}
	panel := app.Aside().ID("panel").Class("panel").Aria("label", "Inspector and results")
	if p.PanelCollapsed {
		panel = panel.Class("panel collapsed")
	}
	return panel.Body(
		app.Div().ID("panel-resize").Class("separator separator-v").Attr("role", "separator").Attr("tabindex", 0).
			Aria("orientation", "vertical").Aria("label", "Resize the side panel (arrow keys)").
			Aria("valuenow", int(s.panelNow(p))).Aria("valuemin", int(workspace.PanelMin)).Aria("valuemax", int(workspace.PanelMax)).
			On(s.onEventAt("pointerdown", "panel-resize-down", resizeDown(workspace.SeparatorPanel))).
			On(s.onEventAt("pointermove", "panel-resize-move", pointerMove)).
			On(s.onEventAt("pointerup", "panel-resize-up", pointerUp)).
			On(s.onEventAt("keydown", "panel-resize-key", resizeKey(workspace.SeparatorPanel))),
		app.Button().ID("panel-toggle").Class("btn btn-ghost pane-toggle panel-toggle").Title(toggle).Aria("label", toggle).
			Aria("expanded", !p.PanelCollapsed).Aria("controls", "panel-body").Text(foldArrow(p.PanelCollapsed, false)).
			OnClick(s.on(workspace.TogglePanel{})),
		app.Div().ID("panel-body").Class("panel-body split-"+itoa(p.Split)).Body(
			app.Section().ID("inspector-pane").Class("pane inspector-pane").Aria("label", "Inspector").Body(s.renderInspector()),
			app.Div().ID("split-resize").Class("separator separator-h").Attr("role", "separator").Attr("tabindex", 0).
				Aria("orientation", "horizontal").Aria("label", "Share the panel between the Inspector and the results (arrow keys)").
				Aria("valuenow", p.Split).Aria("valuemin", workspace.SplitMin).Aria("valuemax", workspace.SplitMax).
				On(s.onEventAt("pointerdown", "split-resize-down", resizeDown(workspace.SeparatorSplit))).
				On(s.onEventAt("pointermove", "split-resize-move", pointerMove)).
				On(s.onEventAt("pointerup", "split-resize-up", pointerUp)).
				On(s.onEventAt("keydown", "split-resize-key", resizeKey(workspace.SeparatorSplit))),
			app.Section().ID("results-pane").Class("pane results-pane"+updatingClass(s.ws.Updating())).Aria("label", "Results").
				Aria("busy", s.ws.Updating()).Body(
				s.renderTabs(p.Tab),
				// The tab panel with, over its top corner, the note: under
				// the tab bar however many rows its tabs take
				// (TestUpdatingNoteClearOfTheTabs).
				app.Div().Class("tabpanel-frame").Body(
					app.Div().ID("tabpanel").Class("tabpanel").Attr("role", "tabpanel").Aria("labelledby", "tab-"+p.Tab).
						Body(s.renderTab(p.Tab)),
					// Always there, shown by CSS while the pane is updating and
					// only if the engine takes a while (no flash): a note that
					// came and went would shift the tabs in the DOM, and a click
					// between press and release would be lost or land on
					// another tab (TestTabClickWhileUpdating).
					app.Span().ID("updating").Class("updating-note").Aria("hidden", true).Text("Updating…"),
				),
			),
		),
	)
}

// panelNow is the panel's width as the layout p gives it
// (workspace.Panels.PanelOnScreen), or as the page has it before the
// window's size is known.
func (s *Shell) panelNow(p workspace.Panels) float64 {
	if w, ok := p.PanelOnScreen(); ok {
		return w
	}
	if !s.mounted {
		return 0
	}
	return panelWidth()
}

// panelWidth is the panel's width on screen.
func panelWidth() float64 { return clientRect(app.Window().GetElementByID("panel")).W }

// resizeDown starts dragging a separator: the size at the start is read
// from the page.
func resizeDown(separator string) func(ctx app.Context, e app.Event) workspace.Action {
	return func(ctx app.Context, e app.Event) workspace.Action {
		if e.Get("button").Int() != 0 {
			return nil
		}
		e.PreventDefault()
		id := e.Get("pointerId").Int()
		ctx.JSSrc().Call("setPointerCapture", id)
		size, total := panelWidth(), 0.0
		if separator == workspace.SeparatorSplit {
			size = clientRect(app.Window().GetElementByID("inspector-pane")).H
			total = clientRect(app.Window().GetElementByID("panel-body")).H
		}
		return workspace.ResizeStart{Separator: separator, At: clientPoint(e), Size: size, Total: total, Pointer: id}
	}
}

func resizeKey(separator string) func(ctx app.Context, e app.Event) workspace.Action {
	return func(ctx app.Context, e app.Event) workspace.Action {
		key := e.Get("key").String()
		if !workspace.ResizeHandled(separator, key) {
			return nil
		}
		e.PreventDefault()
		return workspace.ResizeKey{Separator: separator, Key: key, Size: panelWidth()}
	}
}

func (s *Shell) renderTabs(active string) app.UI {
	tabs := workspace.Tabs()
	snap := s.ws.Snap()
	overview, _ := s.ws.Overview()
	return app.Nav().Class("tabs").Attr("role", "tablist").Body(
		app.Range(tabs).Slice(func(i int) app.UI {
			t := tabs[i]
			count, title := 0, t.Label
			switch {
			case t.ID == workspace.TabChecks && overview.Problems > 0:
				count = overview.Problems
				title = t.Label + " (" + itoa(count) + ")"
			case t.ID == workspace.TabWhatIf && len(snap.Failures) > 0:
				count = len(snap.Failures)
				title = t.Label + ": " + itoa(count) + " failed"
			}
			// The count is a badge of its own (data-count, drawn by the
			// stylesheet after the label), which the label's ellipsis never
			// hides when the bar is narrow; an attribute, so that the
			// button's children stay as they are while the results update.
			countText := tabBadge(count)
			return app.Button().ID("tab-"+t.ID).Class("tab").Attr("role", "tab").
				Aria("selected", t.ID == active).Aria("controls", "tabpanel").Title(title).DataSet("count", countText).Body(
				app.Span().Class("tab-label").Text(t.Label),
			).OnClick(s.on(workspace.OpenTab{Tab: t.ID}))
		}),
	)
}

// tabBadge is a tab's count as its badge shows it: nothing for none, and
// at most "99+" (the stylesheet keeps room for three characters, so that
// the tabs never move as counts change; the tooltip has the whole count).
func tabBadge(count int) string {
	switch {
	case count <= 0:
		return ""
	case count > 99:
		return "99+"
	}
	return itoa(count)
}

func (s *Shell) renderTab(tab string) app.UI {
	switch tab {
	case workspace.TabReach:
		return s.renderReach()
	case workspace.TabNames:
		return s.renderNames()
	case workspace.TabChecks:
		return s.renderChecks()
	case workspace.TabChallenge:
		return s.renderChallenge()
	case workspace.TabWhatIf:
		return s.renderWhatIf()
	}
	return s.renderRoutes()
}

// updatingClass is the results pane's extra class while the engine has
// yet to analyse the design on screen.
func updatingClass(updating bool) string {
	if updating {
		return " updating"
	}
	return ""
}
