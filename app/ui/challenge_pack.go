package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/workspace"
	"vnetplay/scenarios"
)

// workshopPack is the built-in workshop's challenges as the library lists
// them, titles and descriptions in plain words: read once, as
// builtinScenarios. Their names are what WorkshopStatus and OpenChallenge
// take.
func (s *Shell) workshopPack() []scenarios.Challenge {
	if s.workshop == nil {
		s.workshop = scenarios.Workshop()
		for i := range s.workshop {
			c := &s.workshop[i]
			c.Title, c.Description, c.PackTitle = workspace.Plain(c.Title), workspace.Plain(c.Description), workspace.Plain(c.PackTitle)
		}
	}
	return s.workshop
}

// renderWorkshopPack is the built-in workshop pack in the Scenarios
// dialog: its heading (workspace.PackHeading), each challenge with its status (from
// the saved designs, graded when the section is opened) and a button that
// opens a copy as a new design.
func (s *Shell) renderWorkshopPack() app.UI {
	cs := s.workshopPack()
	if len(cs) == 0 {
		return app.Text("")
	}
	return app.Section().Class("lib-section").Body(
		app.Details().ID("workshop-pack").Class("ch-pack").
			OnToggle(s.onEvent("workshop-pack", func(ctx app.Context, e app.Event) workspace.Action {
				if ctx.JSSrc().Get("open").Bool() {
					return workspace.WorkshopProgress{}
				}
				return nil
			})).Body(
			app.Summary().Body(app.H3().Class("ch-pack-title").Text(workspace.PackHeading(cs[0].PackTitle))),
			app.P().Class("hint").Text("Challenges: open one as your own copy; your work is saved in My scenarios and graded as you go."),
			app.Div().Class("lib-actions").Body(
				app.Button().ID("workshop-pack-export").Class("btn btn-small").Title("Download this pack as a workshop pack file, to import elsewhere").
					Text("Download pack").OnClick(s.on(workspace.ExportBuiltinPack{})),
			),
			app.Ul().ID("workshop").Class("builtins").Body(app.Range(cs).Slice(func(i int) app.UI {
				c := cs[i]
				st := s.ws.WorkshopStatus(c.Name)
				cls := "ch-status"
				if st.Complete {
					cls += " ch-status-done"
				} else if st.Started {
					cls += " ch-status-going"
				}
				return app.Li().DataSet("name", c.Name).Body(
					app.Div().Body(
						app.Div().Class("builtin-title").Text(c.Title),
						app.Div().Class("builtin-desc").Text(c.Description),
						app.Div().Class(cls).Text(st.Text()),
					),
					app.Button().Class("btn btn-small").Text("Open").OnClick(s.on(workspace.OpenChallenge{Name: c.Name})),
				)
			})),
		),
	)
}
