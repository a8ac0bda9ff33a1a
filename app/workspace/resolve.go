package workspace

import (
	"strings"

	"vnetplay/app/store"
	"vnetplay/engine/dns"
	"vnetplay/engine/model"
)

// Resolve is the name resolution tool: which address a name resolves to
// from an endpoint (a VM's NIC, an on-premises host, a P2S client), and how
// (engine/dns: who asked whom, which zone, link, rule or record answered).
// It is answered live on the design on screen.
type Resolve struct {
	From string // "" until chosen: the UI shows its default
	Name string
}

// ResolveAnswer is the tool's answer. Text is the answer in a few words
// ("10.1.2.5 (private)", "NXDOMAIN", "failed"), Class what it is for the
// eye (private, public, nxdomain, nodata, failed, unknown), Why the engine's reason and Steps the walk, one line each (actor: detail),
// in words (no rule codes). Err is set, with Text saying what to fix, when
// the question is malformed.
type ResolveAnswer struct {
	Asked bool
	Err   bool
	Class string
	Text  string
	Why   string
	Names string // the CNAME chain, "a → b → c", when there is one
	Steps []string
}

// ResolveField names a field of the tool, for ResolveSet.
type ResolveField string

// The tool's fields.
const (
	ResolveFrom ResolveField = "from"
	ResolveName ResolveField = "name"
)

// ResolveSet sets one field of the tool. From is the source shown when the
// user had not chosen one, kept when the name is typed first.
type ResolveSet struct {
	Field ResolveField
	From  string
	Value string
}

// WithValue is a with Value set.
func (a ResolveSet) WithValue(v string) Action { a.Value = v; return a }

func (a ResolveSet) apply(w *Workspace) []Task {
	q := &w.resolve.q
	setToolField(&q.From, a.From, q.field(a.Field), a.Value)
	return nil
}

// field is the field of q that f names (nil: none).
func (q *Resolve) field(f ResolveField) *string {
	switch f {
	case ResolveFrom:
		return &q.From
	case ResolveName:
		return &q.Name
	}
	return nil
}

// resolveState is the tool's question and the answer computed last, for
// the snapshot it was computed on.
type resolveState = toolState[Resolve, ResolveAnswer]

// Resolve returns the tool's question.
func (w *Workspace) Resolve() Resolve { return w.resolve.q }

// complete reports whether q is a question to answer: an endpoint and a
// name.
func (q Resolve) complete() bool { return q.From != "" && q.Name != "" }

// ResolveResult is the answer A to the tool's question Q, as the engine's
// worker sends it.
type ResolveResult struct {
	Q Resolve       `json:"q"`
	A ResolveAnswer `json:"a"`
}

// ResolveAnswer answers the tool's question on the design on screen. In
// the browser it is the engine's worker's answer (DeriveResolve): while
// the answer for the design on screen is computed, the last one to the
// same question, and none (not Asked) before the first.
func (w *Workspace) ResolveAnswer() ResolveAnswer {
	q := w.Resolve()
	if !q.complete() {
		return ResolveAnswer{}
	}
	if w.deferred {
		r, _ := w.derivedFor(DeriveRequest{Kind: DeriveResolve, Resolve: q})
		if r.Resolve == nil || r.Resolve.Q != q {
			return ResolveAnswer{}
		}
		return r.Resolve.A
	}
	return w.resolve.answer(w.Snap(), q, resolveName)
}

// resolveName asks the engine.
func resolveName(snap *store.Snapshot, q Resolve) ResolveAnswer {
	if !q.complete() {
		return ResolveAnswer{}
	}
	fail := func(text string) ResolveAnswer { return ResolveAnswer{Asked: true, Err: true, Text: text} }
	if _, _, ok := snap.Plane.Endpoint(q.From); !ok {
		return fail("Unknown endpoint " + q.From)
	}
	if !model.ValidDNSName(strings.TrimSuffix(q.Name, "."), false) {
		return fail(q.Name + " is not a DNS name: labels of letters, digits and hyphens, joined by dots")
	}
	res := dns.Resolve(snap.Plane, &snap.Doc.Topology, q.From, q.Name)
	a := ResolveAnswer{Asked: true, Class: answerClass(res.Answer), Text: res.Answer.String(), Why: Plain(res.Reason)}
	if len(res.Answer.Names) > 1 {
		a.Names = strings.Join(res.Answer.Names, " → ")
	}
	for _, s := range res.Steps {
		a.Steps = append(a.Steps, strings.Repeat("  ", s.Depth)+s.Actor+": "+Plain(s.Detail))
	}
	return a
}

// answerClass is how the answer looks: a private or public address (the
// public one is where private-endpoint designs go wrong), NXDOMAIN, a
// failure, NODATA (a name with no address), or a public name vnetplay does
// not know.
func answerClass(a dns.Answer) string {
	switch a.Kind {
	case dns.Address:
		if a.Scope == dns.ScopePublic {
			return "public"
		}
		return "private"
	case dns.NXDomain:
		return "nxdomain"
	case dns.NoData:
		return "nodata"
	case dns.Failed:
		return "failed"
	}
	return "unknown"
}
