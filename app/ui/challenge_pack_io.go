package ui

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/workspace"
)

// renderImportedPacks lists the workshop packs imported this session
// beside the built-in one: each pack's title and description, its
// challenges in order with their status and an Open button (a copy, as
// for the built-in pack).
func (s *Shell) renderImportedPacks() app.UI {
	packs := s.ws.ImportedPacks()
	if len(packs) == 0 {
		return app.Text("")
	}
	return app.Div().ID("imported-packs").Body(app.Range(packs).Slice(func(i int) app.UI {
		return s.renderImportedPack(packs[i])
	}))
}

// renderImportedPack is one imported pack's section.
func (s *Shell) renderImportedPack(p workspace.ImportedPack) app.UI {
	title := p.Title
	if title == "" {
		title = p.ID
	}
	return app.Section().Class("lib-section").DataSet("pack", p.ID).Body(
		app.Details().Class("ch-pack imported-pack").Open(true).
			OnToggle(s.onEvent("imported-pack", func(ctx app.Context, e app.Event) workspace.Action {
				if ctx.JSSrc().Get("open").Bool() {
					return workspace.PackProgress{}
				}
				return nil
			})).Body(
			app.Summary().Body(app.H3().Class("ch-pack-title").Text(workspace.PackHeading(workspace.Plain(title))+" (imported)")),
			app.If(p.Description != "", func() app.UI {
				return app.P().Class("pack-desc").Text(workspace.Plain(p.Description))
			}),
			app.P().Class("hint").Text("Imported for this session. Open a challenge as your own copy; your work is saved in My scenarios."),
			app.Ol().Class("builtins pack-challenges").Body(app.Range(p.Challenges).Slice(func(i int) app.UI {
				c := p.Challenges[i]
				return app.Li().DataSet("index", strconv.Itoa(i)).Body(
					app.Div().Body(
						app.Div().Class("builtin-title").Text(workspace.Plain(c.Name)),
						app.Div().Class("builtin-desc").Text(workspace.Plain(c.Description)),
						s.renderStatus(s.ws.PackStatus(c.Name)),
					),
					app.Button().Class("btn btn-small pack-open").Title("Open a copy of "+c.Name).Text("Open").
						OnClick(s.on(workspace.OpenPackChallenge{Pack: p.ID, Index: i})),
				)
			})),
		),
	)
}

// renderStatus is a challenge's status line.
func (s *Shell) renderStatus(st workspace.ChallengeStatus) app.UI {
	cls := "ch-status"
	if st.Complete {
		cls += " ch-status-done"
	} else if st.Started {
		cls += " ch-status-going"
	}
	return app.Div().Class(cls).Text(st.Text())
}

// renderPackExport is "Export workshop pack…": closed, one button; open,
// the saved designs that are challenges, each with a checkbox and up and
// down buttons (the pack's order is the list's), the pack's title, and
// Download.
func (s *Shell) renderPackExport() app.UI {
	x := s.ws.PackExportState()
	if !x.Open {
		return app.Section().Class("lib-section").Body(
			app.Div().Class("lib-actions").Body(
				app.Button().ID("pack-export-open").Class("btn").
					Title("Make a workshop pack file from your saved challenges, in an order you choose").
					Text("Export workshop pack…").OnClick(s.on(workspace.OpenPackExport{})),
			),
		)
	}
	return app.Section().ID("pack-export").Class("lib-section").Body(
		app.H3().Text("Export a workshop pack"),
		app.Div().Class("insp-row").Body(
			app.Label().For("pack-export-title").Text("Title"),
			textInput("pack-export-title", x.Title).OnChange(s.onValue(workspace.SetPackTitle{})),
		),
		app.If(len(x.Rows) == 0, func() app.UI {
			return app.P().Class("empty").Text("None of your saved designs is a challenge yet: make one on the Challenge tab.")
		}).Else(func() app.UI { return s.renderPackRows(x.Rows) }),
		app.Div().Class("lib-actions").Body(
			app.Button().ID("pack-export-go").Class("btn btn-primary").Text("Download pack").
				Disabled(len(x.Rows) == 0).OnClick(s.on(workspace.ExportPack{})),
			app.Button().ID("pack-export-cancel").Class("btn").Text("Cancel").OnClick(s.on(workspace.ClosePackExport{})),
		),
	)
}

// renderPackRows is the chooser's list: the picked challenges go into the
// pack in this order.
func (s *Shell) renderPackRows(rows []workspace.PackRow) app.UI {
	return app.Ol().ID("pack-export-rows").Class("pack-rows").Body(app.Range(rows).Slice(func(i int) app.UI {
		r := rows[i]
		id := "pack-pick-" + strconv.Itoa(i)
		return app.Li().DataSet("id", r.ID).Body(
			app.Input().Type("checkbox").ID(id).Class("pack-pick").Checked(r.Picked).
				OnChange(s.onChecked(workspace.PickForPack{ID: r.ID})),
			app.Label().For(id).Text(r.Name),
			app.Button().Class("btn btn-small pack-up").Title("Move "+r.Name+" up").Text("↑").
				Disabled(i == 0).OnClick(s.on(workspace.MoveInPack{ID: r.ID, By: -1})),
			app.Button().Class("btn btn-small pack-down").Title("Move "+r.Name+" down").Text("↓").
				Disabled(i == len(rows)-1).OnClick(s.on(workspace.MoveInPack{ID: r.ID, By: 1})),
		)
	}))
}
