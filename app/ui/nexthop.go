package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/workspace"
)

// renderNextHop is Network Watcher's Next hop tool: a source NIC and a
// destination address, answered with the next-hop type, IP and route
// table.
func (s *Shell) renderNextHop() app.UI {
	nics := s.ws.ToolNICs()
	if len(nics) == 0 {
		return nil
	}
	nh := s.ws.NextHop()
	from := nh.From
	if from == "" {
		from = s.defaultToolNIC(nics)
	}
	return app.Div().ID("nexthop").Class("tool").Body(
		app.H3().Text("Next hop"),
		app.Div().Class("insp-row").Body(
			app.Label().For("nh-from").Text("From"),
			s.listSelect("nh-from", nicsGroup, nics, from, workspace.NextHopFrom{}),
		),
		app.Div().Class("insp-row").Body(
			app.Label().For("nh-dst").Text("Destination IP"),
			textInput("nh-dst", nh.Dst).Class("mono").Placeholder("e.g. 10.1.1.4").
				OnChange(s.onValue(workspace.NextHopDst{From: from})),
		),
		app.If(nh.Answer != "", func() app.UI {
			cls := "nh-answer"
			if nh.Err {
				cls += " field-error"
			}
			return app.P().ID("nh-answer").Class(cls).Text(nh.Answer)
		}),
		app.If(nh.Answer != "" && !nh.Err, func() app.UI {
			return app.Button().ID("nh-play").Class("btn btn-small").
				Title("Play the walk from " + from + " to " + nh.Dst + " on the canvas, hop by hop, under the Reach panel's protocol and port").
				Text("▶ Play on canvas").OnClick(s.on(workspace.SimStart{From: from, ToIP: nh.Dst}))
		}),
	)
}

// defaultToolNIC is the NIC a tool (Next hop, IP flow verify) starts from
// until the user picks one (workspace.ToolNICFor).
func (s *Shell) defaultToolNIC(nics []string) string { return s.ws.ToolNICFor(nics) }
