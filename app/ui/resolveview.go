package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/workspace"
)

// renderResolve is the name resolution tool: an endpoint and a name,
// answered live with the address (private or public), NXDOMAIN or a
// failure, and the walk that led to it (workspace.ResolveAnswer).
func (s *Shell) renderResolve() app.UI {
	eps := s.ws.ToolEndpoints()
	if len(eps) == 0 {
		return nil
	}
	q := s.ws.Resolve()
	from := q.From
	if from == "" {
		from = s.defaultToolNIC(eps)
	}
	set := func(f workspace.ResolveField) workspace.ResolveSet { return workspace.ResolveSet{Field: f, From: from} }
	ans := s.ws.ResolveAnswer()
	return app.Div().ID("resolve").Class("tool").Body(
		app.H3().Text("Resolve a name"),
		app.P().Class("hint").Text("Which address does this name resolve to from here, and who answered? Azure DNS, custom DNS servers, private zones, DNS Private Resolver and forwarding rules, as the design has them."),
		app.Div().Class("insp-row").Body(
			app.Label().For("res-from").Text("From"),
			s.listSelect("res-from", endpointsGroup, eps, from, set(workspace.ResolveFrom)),
		),
		app.Div().Class("insp-row").Body(
			app.Label().For("res-name").Text("Name"),
			textInput("res-name", q.Name).Class("mono").Placeholder("e.g. stcontoso.blob.core.windows.net").
				OnChange(s.onValue(set(workspace.ResolveName))),
		),
		app.If(ans.Asked, func() app.UI {
			cls := "nh-answer res-" + ans.Class
			if ans.Err {
				cls = "nh-answer field-error"
			}
			return app.Div().ID("res-answer").Class(cls).Aria("live", "polite").Body(
				app.P().ID("res-text").Text(ans.Text),
				app.If(ans.Names != "", func() app.UI { return app.P().Class("mono hint").Text(ans.Names) }),
				app.If(ans.Why != "", func() app.UI { return app.P().Class("hint").Text(ans.Why) }),
				app.If(len(ans.Steps) > 0, func() app.UI {
					return app.Ol().ID("res-steps").Class("res-steps").Body(app.Range(ans.Steps).Slice(func(i int) app.UI {
						return app.Li().Text(ans.Steps[i])
					}))
				}),
			)
		}),
	)
}
