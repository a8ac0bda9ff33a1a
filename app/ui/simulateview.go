package ui

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/canvas"
	"vnetplay/app/workspace"
)

// Simulation mode (app/workspace/simulate.go): a packet walk played on the
// canvas hop by hop. Three pieces: the "Play on canvas" button next to a
// walk, the control bar floating over the canvas (always in the page,
// shown by its class while a simulation runs), and the overlay in the
// canvas' world layer: the path so far, the step's nodes outlined, and
// the caption in a bubble beside them, so that a pan or a zoom carries
// them along with the drawing. The player's timer is the workspace's
// (SimTick tasks run by Shell.run): no browser timer or callback is held
// here, so nothing is left to release when the simulation stops.

// simPlayButton plays the walk from → to on the canvas.
func (s *Shell) simPlayButton(from, to string) app.UI {
	return app.Button().ID("walk-play").Class("btn btn-small").
		Title("Play this walk on the canvas, hop by hop, with what is decided at each hop").
		Text("▶ Play on canvas").OnClick(s.on(workspace.SimStart{From: from, To: to}))
}

// simBar is the simulation's control bar: Back, Play or Pause, Forward,
// where it is, Stop, and the step's caption (read out as it changes).
func (s *Shell) simBar() app.UI {
	sim := s.ws.Sim()
	bar := app.Div().ID("sim-bar").Attr("role", "group").Aria("label", "Simulation of a packet walk")
	if !sim.On {
		return bar.Class("sim-bar")
	}
	n := len(sim.Steps)
	if n == 0 { // the engine's worker computes the walk
		return bar.Class("sim-bar on").DataSet("steps", 0).Body(
			app.Span().ID("sim-caption").Class("sim-caption computing").Attr("aria-live", "polite").Text("Computing the packet walk…"),
			app.Button().ID("sim-stop").Class("btn btn-small").Title("End the simulation").Text("Stop").
				OnClick(s.on(workspace.SimStop{})),
		)
	}
	f := sim.Current()
	play := app.Button().ID("sim-play").Class("btn btn-small").Aria("pressed", sim.Playing)
	if sim.Playing {
		play = play.Title("Pause").Text("Pause").OnClick(s.on(workspace.SimPause{}))
	} else {
		play = play.Title("Play from this step").Text("Play").OnClick(s.on(workspace.SimPlay{}))
	}
	cls := "sim-bar on"
	if f.Drop {
		cls += " sim-drop"
	}
	return bar.Class(cls).DataSet("step", sim.Step).DataSet("steps", n).DataSet("playing", sim.Playing).Body(
		app.Button().ID("sim-back").Class("btn btn-small").Title("Step back").Aria("label", "Step back").
			Disabled(sim.Step == 0).Text("◀ Back").OnClick(s.on(workspace.SimStep{Delta: -1})),
		play,
		app.Button().ID("sim-forward").Class("btn btn-small").Title("Step forward").Aria("label", "Step forward").
			Disabled(sim.Step >= n-1).Text("Next ▶").OnClick(s.on(workspace.SimStep{Delta: 1})),
		app.Span().ID("sim-count").Class("sim-count").Text("Step "+itoa(sim.Step+1)+" of "+itoa(n)+simPart(f.Kind)),
		app.Span().ID("sim-caption").Class("sim-caption").Attr("aria-live", "polite").Title(f.Caption()).Text(f.Caption()),
		app.Button().ID("sim-stop").Class("btn btn-small").Title("End the simulation").Text("Stop").
			OnClick(s.on(workspace.SimStop{})),
	)
}

func simPart(k workspace.SimKind) string {
	switch k {
	case workspace.SimReturn:
		return " · reply"
	case workspace.SimVerdict:
		return " · outcome"
	}
	return ""
}

// simOverlay draws the simulation's step in the world layer. The group is
// always there (empty when no simulation runs) so that it never shifts
// the layers after it.
func (s *Shell) simOverlay() app.UI {
	g := S("g").ID("sim-overlay")
	sim := s.ws.Sim()
	if !sim.On {
		return g.Class("sim-overlay")
	}
	f := sim.Current()
	sc := s.ws.Snap().Scene
	cls := "sim-overlay on"
	switch f.Kind {
	case workspace.SimReturn:
		cls += " sim-return"
	case workspace.SimVerdict:
		cls += " sim-verdict"
	}
	if f.Drop {
		cls += " sim-drop"
	}
	var parts []app.UI
	if trail := simTrail(sc, f.Trail); trail != nil {
		parts = append(parts, trail)
	}
	var at *canvas.Rect
	for _, k := range f.Keys {
		n, ok := sc.Node(k)
		if !ok {
			continue
		}
		b := n.Box
		if at == nil {
			at = &b
		}
		parts = append(parts, S("rect").Class("sim-mark").DataSet("key", k).
			Attr("x", canvas.Num(b.X-6)).Attr("y", canvas.Num(b.Y-6)).Attr("width", canvas.Num(b.W+12)).Attr("height", canvas.Num(b.H+12)).Attr("rx", 12))
	}
	if at != nil {
		parts = append(parts, simBubble(f, *at, s.ws.View(), s.ws.CanvasScreen()))
	}
	return g.Class(cls).DataSet("step", sim.Step).DataSet("keys", strings.Join(f.Keys, " ")).Body(parts...)
}

// simTrail is the path so far, through the centres of its nodes.
func simTrail(sc *canvas.Scene, keys []string) app.UI {
	var pts []string
	for _, k := range keys {
		if n, ok := sc.Node(k); ok {
			c := n.Box.Center()
			pts = append(pts, canvas.Num(c.X)+","+canvas.Num(c.Y))
		}
	}
	if len(pts) < 2 {
		return nil
	}
	return S("polyline").ID("sim-trail").Class("sim-trail").DataSet("drawn", len(pts)).
		Attr("points", strings.Join(pts, " ")).Attr("marker-end", "url(#arrow)")
}

// Caption bubble metrics, in world units: its text is wrapped at
// simWrap characters (12 px type, about 6.6 units a character).
const (
	simWrap      = 50
	simBubbleW   = 360
	simLineH     = 16
	simBubblePad = 10
)

// simBubble is the step's caption beside the node box b: the title, then
// each decision wrapped to the bubble's width, drops in the bad colour.
// It goes where workspace.SimBubbleAt places it, whole on the canvas for
// the view and the canvas' size at this render.
func simBubble(f workspace.SimFrame, b canvas.Rect, v canvas.Viewport, screen canvas.Rect) app.UI {
	texts := []app.UI{S("text").Class("sim-title").Attr("x", simBubblePad).Attr("y", simBubblePad+13).Text(f.Title)}
	y := simBubblePad + 13 + 6
	for _, l := range f.Lines {
		cls := "sim-line"
		if l.Drop {
			cls += " sim-line-drop"
		}
		for i, row := range wrapWords(l.Kind+": "+l.Text, simWrap) {
			y += simLineH
			t := S("text").Class(cls).Attr("x", simBubblePad).Attr("y", y)
			if i == 0 {
				rest := strings.TrimPrefix(row, l.Kind+":")
				t = t.Body(S("tspan").Class("sim-kind").Text(l.Kind+":"), app.Text(rest))
			} else {
				t = t.Attr("x", simBubblePad+12).Text(row)
			}
			texts = append(texts, t)
		}
	}
	h := y + simBubblePad
	box := S("rect").Class("sim-bubble-box").Attr("width", simBubbleW).Attr("height", h).Attr("rx", 8)
	p := workspace.SimBubbleAt(b, canvas.Point{X: simBubbleW, Y: float64(h)}, v, screen)
	transform := "translate(" + canvas.Num(p.At.X) + " " + canvas.Num(p.At.Y) + ")"
	if p.Scale < 1 {
		transform += " scale(" + strconv.FormatFloat(p.Scale, 'f', 4, 64) + ")"
	}
	return S("g").ID("sim-bubble").Class("sim-bubble").Attr("transform", transform).
		Body(append([]app.UI{box}, texts...)...)
}

// wrapWords breaks s into lines of at most width characters, at spaces (a
// longer word gets a line of its own).
func wrapWords(s string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		switch {
		case line == "":
			line = w
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(w) <= width:
			line += " " + w
		default:
			lines = append(lines, line)
			line = w
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}
