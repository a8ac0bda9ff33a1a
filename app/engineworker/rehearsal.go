package engineworker

import (
	"vnetplay/app/store"
	"vnetplay/app/workspace"
)

// A design just opened is rehearsed: the page prepares a few edits of it
// and drops them (store.Session.Rehearse), and sends each to the worker
// with the questions its panels ask, marked Rehearsal. The worker answers
// them as it would the page's first edits (the design read, analysed from
// the one it mirrors, the questions answered, the answer encoded), then
// puts its mirror back as it was (store.Mirror.Try). The browser compiles
// the module's code to a baseline tier first and optimizes a function only
// once it has run enough: without rehearsals, the first edits after a
// design opened were answered several times slower than the next ones
// (docs/performance.md, thirty-first round).

// rehearsalKind prefixes the queue's kind of a rehearsal's question: it
// replaces only the rehearsal of the same question waiting, and waits for
// the page's own questions (DeriveQueue.Next).
const rehearsalKind = "rehearsal:"

// queueKind is the kind under which m waits in a DeriveQueue.
func queueKind(m Message) string {
	kind := ""
	if m.Ask != nil {
		kind = m.Ask.Kind
	}
	if m.Rehearsal {
		kind = rehearsalKind + kind
	}
	return kind
}

// rehearse answers the rehearsal m into out and leaves the mirror as it
// was.
func (d *Deriver) rehearse(m Message, out Message) Message {
	err := d.mirror.Try([]byte(m.Doc), m.Failures, m.Known, func(snap *store.Snapshot) {
		r := workspace.Derive(snap, *m.Ask)
		out.Derived = &r
	})
	if err != nil {
		out.Derived = &workspace.DeriveResult{Err: err.Error()}
	}
	return out
}
