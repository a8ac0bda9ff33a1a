package ui

import (
	"strings"

	"vnetplay/engine/trace"
)

// verdict is how a packet walk's outcome is drawn: its class (colour),
// symbol and a few words. Successes are what the engine counts as
// success (trace.Disposition.Success): delivered in Azure, on premises or
// to a P2S client, reaching the Azure platform, or leaving Azure to the
// Internet or an Azure service.
type verdict struct {
	class, symbol, words string
}

// Verdict classes.
const (
	verdictOK   = "cell-ok"   // delivered
	verdictExit = "cell-exit" // leaves Azure, as asked
	verdictDrop = "cell-drop" // dropped
	verdictLoop = "cell-loop" // loops, or the question is not a flow
)

func verdictOf(d trace.Disposition) verdict {
	switch d {
	case trace.Delivered:
		return verdict{verdictOK, "✓", "delivered"}
	case trace.DeliveredOnPremises:
		return verdict{verdictOK, "⌂", "delivered on premises"}
	case trace.DeliveredToP2SClient:
		return verdict{verdictOK, "⇲", "delivered to a P2S client"}
	case trace.ReachesAzurePlatform:
		return verdict{verdictOK, "◆", "reaches the Azure platform"}
	case trace.ExitsToInternet:
		return verdict{verdictExit, "↗", "leaves to the Internet"}
	case trace.ExitsToAzureService:
		return verdict{verdictExit, "⇗", "leaves to an Azure service"}
	case trace.Loop:
		return verdict{verdictLoop, "↻", "loops"}
	case trace.InvalidFlow:
		return verdict{verdictLoop, "?", "not a valid question"}
	case trace.DroppedByNSG:
		return verdict{verdictDrop, "⊘", "denied by an NSG"} // ⛔ is an emoji many fonts lack (drawn as an empty box)
	case trace.DroppedByNoneRoute: // its name in words read "by none route"
		return verdict{verdictDrop, "✕", "dropped: next hop None"}
	case trace.DroppedBasicLBGlobalPeering: // "basic LB global peering"
		return verdict{verdictDrop, "✕", "dropped: Basic load balancer across a global peering"}
	}
	if d.Success() { // a success the engine adds later is never drawn as a drop
		return verdict{verdictOK, "✓", words(d)}
	}
	return verdict{verdictDrop, "✕", words(d)}
}

// before is v's words to show before reason, the outcome's
// explanation: "dropped" alone when reason already says the rest
// ("dropped: next hop None" before "route 10.0.0.0/8 has next hop None
// (reserved range)" read the same words twice).
func (v verdict) before(reason string) string {
	if what, rest, ok := strings.Cut(v.words, ": "); ok && strings.Contains(reason, rest) {
		return what
	}
	return v.words
}

// words turns a disposition name into words, acronyms kept:
// "DroppedNoRoute" → "dropped: no route", "DroppedIPForwardingOff" →
// "dropped: IP forwarding off".
func words(d trace.Disposition) string {
	rs := []rune(d.String())
	var toks []string
	start := 0
	upper := func(r rune) bool { return r >= 'A' && r <= 'Z' }
	for i := 1; i < len(rs); i++ {
		if upper(rs[i]) && (!upper(rs[i-1]) || i+1 < len(rs) && !upper(rs[i+1])) {
			toks = append(toks, string(rs[start:i]))
			start = i
		}
	}
	toks = append(toks, string(rs[start:]))
	for i, t := range toks {
		if len(t) < 2 || strings.ToUpper(t) != t { // an acronym stays as it is
			toks[i] = strings.ToLower(t)
		}
	}
	s := strings.ReplaceAll(strings.Join(toks, " "), "v net", "VNet")
	if rest, ok := strings.CutPrefix(s, "dropped "); ok {
		s = "dropped: " + rest
	}
	return s
}

// allDispositions lists every disposition the engine has, in its order.
func allDispositions() []trace.Disposition {
	var out []trace.Disposition
	for d := trace.Disposition(0); !strings.HasPrefix(d.String(), "Disposition("); d++ {
		out = append(out, d)
	}
	return out
}
