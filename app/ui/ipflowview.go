package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/workspace"
)

// renderIPFlow is Network Watcher's IP flow verify: a NIC, a direction, a
// protocol, the local port and the remote IP:port, answered live by the
// NSGs with the rule that decided (workspace.IPFlowAnswer).
func (s *Shell) renderIPFlow() app.UI {
	nics := s.ws.ToolNICs()
	if len(nics) == 0 {
		return nil
	}
	q := s.ws.IPFlow()
	nic := q.NIC
	if nic == "" {
		nic = s.defaultToolNIC(nics)
	}
	set := func(f workspace.IPFlowField) workspace.IPFlowSet { return workspace.IPFlowSet{Field: f, NIC: nic} }
	ans := s.ws.IPFlowAnswer()
	probs := s.ws.IPFlowProblems()
	return app.Div().ID("ipflow").Class("tool").Body(
		app.H3().Text("IP flow verify"),
		app.P().Class("hint").Text("Is this flow allowed by the NSGs of the NIC and its subnet, and by which rule? Routes are not looked at."),
		app.Div().Class("insp-row").Body(
			app.Label().For("ipf-nic").Text("VM NIC"),
			s.listSelect("ipf-nic", nicsGroup, nics, nic, set(workspace.IPFlowNIC)),
		),
		app.Div().Class("insp-row").Body(
			app.Label().For("ipf-dir").Text("Direction"),
			app.Select().ID("ipf-dir").OnChange(s.onValue(set(workspace.IPFlowDirection))).Body(
				app.Option().Value("Inbound").Selected(q.Direction == "Inbound").Text("Inbound"),
				app.Option().Value("Outbound").Selected(q.Direction == "Outbound").Text("Outbound"),
			),
		),
		app.Div().Class("insp-row").Body(
			app.Label().For("ipf-proto").Text("Protocol"),
			app.Select().ID("ipf-proto").OnChange(s.onValue(set(workspace.IPFlowProtocol))).Body(
				app.Option().Value("TCP").Selected(q.Protocol == "TCP").Text("TCP"),
				app.Option().Value("UDP").Selected(q.Protocol == "UDP").Text("UDP"),
			),
		),
		app.Div().Class("insp-row").Body(
			app.Label().For("ipf-local").Text("Local port"),
			textInput("ipf-local", q.Local).Class("mono").Placeholder("443, or the NIC's IP:port").
				Aria("invalid", probs.Local != "").OnChange(s.onValue(set(workspace.IPFlowLocal))),
		),
		fieldProblem("ipf-local-err", probs.Local),
		app.Div().Class("insp-row").Body(
			app.Label().For("ipf-remote").Text("Remote IP:port"),
			textInput("ipf-remote", q.Remote).Class("mono").Placeholder("e.g. 203.0.113.10:50000").
				Aria("invalid", probs.Remote != "").OnChange(s.onValue(set(workspace.IPFlowRemote))),
		),
		fieldProblem("ipf-remote-err", probs.Remote),
		app.If(ans.Asked, func() app.UI {
			cls := "nh-answer ipf-deny"
			switch {
			case ans.Err:
				cls = "nh-answer field-error"
			case ans.Allowed:
				cls = "nh-answer ipf-allow"
			}
			return app.Div().ID("ipf-answer").Class(cls).Aria("live", "polite").Body(
				app.P().ID("ipf-access").Text(ans.Text),
				app.If(ans.Why != "", func() app.UI { return app.P().Class("hint").Text(ans.Why) }),
			)
		}),
	)
}

// fieldProblem is a field's problem under it, as the Reach panel's port
// says its own (an alert, so a screen reader says it when it appears);
// nothing when the field has none.
func fieldProblem(id, problem string) app.UI {
	if problem == "" {
		return nil
	}
	return app.Div().ID(id).Class("field-error").Attr("role", "alert").Text(problem)
}
