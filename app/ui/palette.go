package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/kinds"
	"vnetplay/app/workspace"
)

// workspaceClass sizes the three columns: the palette open or folded to a
// rail of icons, the side panel collapsed, at its default width or at the
// width it was resized to (a class per PanelStep: the CSP forbids inline
// styles).
func workspaceClass(p workspace.Panels) string {
	cls := "workspace"
	if !p.PaletteOpen() {
		cls += " palette-folded"
	}
	switch {
	case p.PanelCollapsed:
		cls += " panel-collapsed"
	case p.PanelWidth > 0:
		cls += " panel-w-" + itoa(int(p.PanelWidth))
	}
	return cls
}

func (s *Shell) renderPalette() app.UI {
	open := s.ws.Panels().PaletteOpen()
	toggle := "Fold the palette to icons"
	if !open {
		toggle = "Show the palette's labels"
	}
	items := kinds.PaletteKinds()
	cls := "palette"
	if !open {
		cls += " collapsed"
	}
	return app.Aside().ID("palette").Class(cls).Aria("label", "Resources").Body(
		app.Div().Class("palette-head").Body(
			app.H2().Text("Resources"),
			app.Button().ID("palette-toggle").Class("btn btn-ghost pane-toggle").Title(toggle).Aria("label", toggle).
				Aria("expanded", open).Aria("controls", "palette-list").Text(foldArrow(!open, true)).
				OnClick(s.on(workspace.TogglePalette{})),
		),
		app.P().Class("hint").Text("Drag onto the canvas, or press Enter: a subnet goes into the selected VNet, a VM into the selected subnet."),
		app.Ul().ID("palette-list").Class("palette-list").Body(
			app.Range(items).Slice(func(i int) app.UI {
				k := items[i]
				b := app.Button().Class("palette-item").DataSet("kind", string(k.Kind)).Aria("label", k.Palette.Label).Body(
					Icon(IconKind(k.Icon), 20, ""),
					app.Span().Class("palette-label").Text(k.Palette.Label),
				)
				if k.Palette.Fixed {
					return app.Li().Body(b.Disabled(true).Title(k.Palette.Why))
				}
				title := "Drag onto the canvas to add " + k.A()
				if k.Palette.Into != "" {
					title = "Drag onto " + kinds.MustOf(k.Palette.Into).A() + ", or select one and press Enter, to add " + k.A()
				}
				kind := k.Kind
				return app.Li().Body(b.Title(title).
					On(s.onEventAt("pointerdown", "palette-down:"+string(kind), func(ctx app.Context, e app.Event) workspace.Action {
						if e.Get("button").Int() != 0 {
							return nil
						}
						e.PreventDefault()
						id := e.Get("pointerId").Int()
						ctx.JSSrc().Call("setPointerCapture", id)
						return workspace.PaletteDown{Kind: kind, At: clientPoint(e), Screen: canvasRect(), Pointer: id}
					})).
					On(s.onEventAt("pointermove", "palette-move", pointerMove)).
					On(s.onEventAt("pointerup", "palette-up", pointerUp)).
					On(s.onAt("pointercancel", workspace.PointerCancel{})).
					OnClick(s.onEvent("palette-key:"+string(kind), func(ctx app.Context, e app.Event) workspace.Action {
						if e.Get("detail").Int() != 0 { // a mouse click: pointerup handled it
							return nil
						}
						return workspace.PaletteAdd{Kind: kind, Screen: canvasRect()} // Enter or Space
					})))
			}),
		),
	)
}

// foldArrow is the arrow of a fold button: pointing to where the pane
// goes (left for the palette, right for the panel) or comes back from.
func foldArrow(folded, left bool) string {
	if folded == left {
		return "»"
	}
	return "«"
}
