package engineworker

import (
	"slices"
	"strings"

	"vnetplay/app/store"
	"vnetplay/app/workspace"
)

// Message kinds of derived results: a question about a design (the Reach
// matrix as the panel shows it, the expectations, the what-if changes) and
// its answer.
const (
	KindDerive  = "derive"
	KindDerived = "derived"
)

// Deriver answers KindDerive messages on its mirror of the page's design
// (store.Mirror): a new design is analysed from the previous one, the same
// design with another question is answered from the analysis it has. Its
// answers are workspace.Derive's on the page's snapshot of the same design
// (TestWorkerEqualsInPage). Not safe for concurrent use.
type Deriver struct {
	mirror store.Mirror
}

// Answer answers a KindDerive message with its KindDerived message.
func (d *Deriver) Answer(m Message) Message {
	out := Message{Kind: KindDerived, Seq: m.Seq}
	if m.Ask == nil {
		out.Derived = &workspace.DeriveResult{Err: "the engine worker got no question"}
		return out
	}
	if m.Rehearsal {
		return d.rehearse(m, out)
	}
	snap, err := d.mirror.Set([]byte(m.Doc), m.Failures, m.Known)
	if err != nil {
		out.Derived = &workspace.DeriveResult{Err: err.Error()}
		return out
	}
	r := workspace.Derive(snap, *m.Ask)
	out.Derived = &r
	return out
}

// DeriveQueue holds the questions waiting for the worker, at most one of
// each kind: a newer question of a kind replaces the one waiting (the page
// has moved on: another edit, another page of the matrix), which is
// answered at once as superseded, so that the page may ask it again.
// Questions are answered oldest kind first.
type DeriveQueue struct {
	Deriver
	waiting map[string]Message
	order   []string
}

// Push queues m, and returns the answer to the question it replaces, if
// one was waiting.
func (q *DeriveQueue) Push(m Message) (superseded *Message) {
	kind := queueKind(m)
	if q.waiting == nil {
		q.waiting = map[string]Message{}
	}
	if old, ok := q.waiting[kind]; ok {
		superseded = &Message{Kind: KindDerived, Seq: old.Seq, Derived: &workspace.DeriveResult{Superseded: true}}
	} else {
		q.order = append(q.order, kind)
	}
	q.waiting[kind] = m
	return superseded
}

// Next answers the question that has waited longest, a rehearsal only
// when no other waits; ok is false when none waits.
func (q *DeriveQueue) Next() (answer Message, ok bool) {
	if len(q.order) == 0 {
		return Message{}, false
	}
	i := slices.IndexFunc(q.order, func(kind string) bool { return !strings.HasPrefix(kind, rehearsalKind) })
	if i < 0 {
		i = 0
	}
	kind := q.order[i]
	q.order = slices.Delete(q.order, i, i+1)
	m := q.waiting[kind]
	delete(q.waiting, kind)
	return q.Answer(m), true
}

// A question about a design travels as a pair: the message as JSON text
// without the design, and the design (compact scenario JSON) beside it
// only when it is not the design the page sent last. The page's questions
// about one version (the Overview, the tab's own) so encode and copy it
// once, and no message escapes it as a JSON string: at 500 VNets that was
// milliseconds of the page's thread per question.

// LastDesign is the worker's side: the design received last, with the
// page's validation of it if it came with one.
type LastDesign struct {
	doc   string
	known *store.KnownChecks
}

// Receive reads a message of the page: text, and the design sent beside
// it (ok false: none). A question without a design is about the one
// received last.
func (l *LastDesign) Receive(text string, doc string, ok bool) (Message, error) {
	m, err := Decode(text)
	if err != nil {
		return Message{}, err
	}
	if ok && m.Rehearsal { // its own design, not the page's
		m.Doc = doc
		return m, nil
	}
	if ok {
		l.doc, l.known = doc, m.Known
	}
	if m.Kind == KindDerive && m.Doc == "" {
		m.Doc, m.Known = l.doc, l.known
	}
	return m, nil
}
