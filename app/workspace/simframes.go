package workspace

import (
	"slices"
	"strconv"
	"strings"

	"vnetplay/app/canvas"
	"vnetplay/engine/trace"
)

// SimFrames derives a simulation's steps from a walk: one per hop of the
// forward path, one per hop of the reply, then the outcome. A hop's scene
// node is the one the walk overlay draws it at (canvas.Scene.HopNode); a
// hop with none (a host of an on-premises site drawn as its site) stays at
// the node before it. The outcome stands where the packet was dropped, or
// at the destination.
func SimFrames(t *trace.Trace, sc *canvas.Scene) []SimFrame {
	if t == nil || sc == nil {
		return nil
	}
	frames := hopFrames(t.Hops, SimForward, t.Disposition, sc)
	if t.Return != nil {
		frames = append(frames, hopFrames(t.Return.Hops, SimReturn, t.Disposition, sc)...)
	}
	return append(frames, verdictFrame(t, frames))
}

// hopFrames is a frame per hop of one direction.
func hopFrames(hops []trace.Hop, kind SimKind, d trace.Disposition, sc *canvas.Scene) []SimFrame {
	out := make([]SimFrame, 0, len(hops))
	var trail []string
	for i, h := range hops {
		var keys []string
		if key, ok := hopKey(sc, h.Node); ok {
			keys = []string{key}
			if len(trail) == 0 || trail[len(trail)-1] != key {
				trail = append(trail, key)
			}
		} else if len(trail) > 0 {
			keys = []string{trail[len(trail)-1]}
		}
		f := SimFrame{Kind: kind, Node: h.Node, Keys: keys, Trail: slices.Clone(trail),
			Title: hopTitle(kind, i, len(hops), h.Node), Lines: hopLines(h), Disposition: d}
		for _, l := range f.Lines {
			f.Drop = f.Drop || l.Drop
		}
		out = append(out, f)
	}
	return out
}

// hopKey is the scene node a hop is drawn at: its own, or for a host
// named "site/host" with no node of its own, its site's.
func hopKey(sc *canvas.Scene, node string) (string, bool) {
	if n, ok := sc.HopNode(node); ok {
		return n.Key, true
	}
	if head, _, ok := strings.Cut(node, "/"); ok {
		if n, ok := sc.HopNode(head); ok {
			return n.Key, true
		}
	}
	return "", false
}

func hopTitle(kind SimKind, i, n int, node string) string {
	t := "Hop " + strconv.Itoa(i+1) + " of " + strconv.Itoa(n) + ": " + node
	if kind == SimReturn {
		return "Reply, h" + t[1:]
	}
	return t
}

// stepWords names a step's kind in the caption.
var stepWords = map[trace.StepKind]string{
	trace.StepNSG:     "NSG",
	trace.StepRoute:   "Route",
	trace.StepPeering: "Peering",
	trace.StepForward: "Forwarding",
	trace.StepDeliver: "Delivered",
	trace.StepExit:    "Exit",
	trace.StepDrop:    "Dropped",
	trace.StepGateway: "Gateway",
	trace.StepBGP:     "BGP",
}

// hopLines are a hop's decisions in words; a hop where nothing was
// decided (an on-premises router) says the packet passes there.
func hopLines(h trace.Hop) []SimLine {
	if len(h.Steps) == 0 {
		return []SimLine{{Kind: "Passes", Text: "the packet reaches " + h.Node}}
	}
	out := make([]SimLine, 0, len(h.Steps))
	for _, st := range h.Steps {
		kind, ok := stepWords[st.Kind]
		if !ok {
			kind = st.Kind.String()
		}
		text := captionText(st.Detail)
		if st.Kind == trace.StepDrop {
			text = withoutCode(text)
		}
		out = append(out, SimLine{Kind: kind, Text: text, Drop: st.Kind == trace.StepDrop})
	}
	return out
}

// verdictFrame is the outcome: both directions' reasons, at the hop where
// the packet was dropped (marked so when the engine's reason names it, as
// for a reply through a stateful device that never saw the request), or
// at the destination.
func verdictFrame(t *trace.Trace, frames []SimFrame) SimFrame {
	f := SimFrame{Kind: SimVerdict, Title: "Outcome", Disposition: t.Disposition, Drop: !t.Disposition.Success()}
	f.Lines = []SimLine{{Kind: "Packet", Text: captionText(t.Reason), Drop: f.Drop}}
	if t.Return != nil {
		f.Lines = append(f.Lines, SimLine{Kind: "Reply", Text: captionText(t.Return.Reason), Drop: !t.Return.Disposition.Success()})
	}
	at := culprit(t, frames)
	if at >= 0 && !frames[at].Drop {
		frames[at].Drop = true
		frames[at].Lines = append(frames[at].Lines, SimLine{Kind: "Dropped", Text: captionText(t.Reason), Drop: true})
	}
	if at < 0 {
		at = lastOf(frames, SimForward)
	}
	if at >= 0 {
		f.Node, f.Keys = frames[at].Node, frames[at].Keys
		f.Trail = frames[at].Trail
	}
	return f
}

// culprit is the frame where the walk was dropped, or -1.
func culprit(t *trace.Trace, frames []SimFrame) int {
	for i, f := range frames {
		if f.Drop {
			return i
		}
	}
	if t.Disposition.Success() {
		return -1
	}
	words := strings.FieldsFunc(t.Reason, func(r rune) bool { return r == ' ' || r == ',' || r == ':' || r == ';' || r == '(' || r == ')' })
	for i := len(frames) - 1; i >= 0; i-- {
		vm, _, _ := strings.Cut(frames[i].Node, "/")
		if vm != "" && slices.Contains(words, vm) {
			return i
		}
	}
	return -1
}

func lastOf(frames []SimFrame, kind SimKind) int {
	for i := len(frames) - 1; i >= 0; i-- {
		if frames[i].Kind == kind {
			return i
		}
	}
	return len(frames) - 1
}

// captionText is an engine message for a caption: in words (Plain), and
// without the bracketed citations of sources ("(A gateway forwards …,
// https://…)"), which the packet walk panel lists in full.
func captionText(s string) string {
	s = Plain(s)
	if !strings.Contains(s, "://") {
		return s
	}
	var b strings.Builder
	for {
		open := strings.IndexByte(s, '(')
		if open < 0 {
			break
		}
		end := closing(s, open)
		if end < 0 {
			break
		}
		if strings.Contains(s[open:end], "://") {
			b.WriteString(strings.TrimRight(s[:open], " "))
		} else {
			b.WriteString(s[:end+1])
		}
		s = s[end+1:]
	}
	b.WriteString(s)
	return strings.TrimSpace(b.String())
}

// withoutCode drops the disposition's name a drop's detail starts with
// ("DroppedIPForwardingOff: firewall/nic0 has …"): the line says Dropped.
func withoutCode(s string) string {
	head, rest, ok := strings.Cut(s, ": ")
	if !ok || !strings.HasPrefix(head, "Dropped") || strings.ContainsAny(head, " /") {
		return s
	}
	return rest
}

// closing is the index of the parenthesis closing the one at open, or -1.
func closing(s string, open int) int {
	depth := 0
	for i := open; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}
