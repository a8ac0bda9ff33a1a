package workspace

import (
	"net/netip"
	"slices"
	"strings"

	"vnetplay/app/store"
	"vnetplay/engine/dataplane"
	"vnetplay/engine/dns"
	"vnetplay/engine/expect"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
	"vnetplay/engine/trace"
)

// The walks a simulation plays (SimStart): a matrix cell, the Next hop
// tool's question, or a reach expectation of the Checks tab. Each is
// derived again from every version of the design; a walk whose source or
// destination is gone is nil, which stops the simulation.

// SimQuestion names the walk a simulation plays (see SimStart).
type SimQuestion struct {
	From  string `json:"from,omitempty"`
	To    string `json:"to,omitempty"`
	ToIP  string `json:"toIp,omitempty"`
	Check string `json:"check,omitempty"`
}

// SimWalk is the walk of a simulation's question Q under the Reach
// question Flow, as the engine's worker answers it (DeriveSim): Trace is
// nil when the design has no such walk (an endpoint gone).
type SimWalk struct {
	Q     SimQuestion  `json:"q"`
	Flow  store.Flow   `json:"flow"`
	Trace *trace.Trace `json:"trace,omitempty"`
}

// simWalkOf is the walk of q on snap (analysed) under the Reach question
// f, or nil when it has none; fail keeps the plane of an expectation's
// failure set between calls.
func simWalkOf(snap *store.Snapshot, f store.Flow, q SimQuestion, fail *failPlane) *trace.Trace {
	switch {
	case q.Check != "":
		return checkWalk(snap, q.Check, fail)
	case q.ToIP != "":
		return ipWalk(snap, f, q.From, q.ToIP)
	}
	if !hasEndpoints(snap, q.From, q.To) {
		return nil
	}
	return snap.Walk(f, q.From, q.To)
}

// ipWalk is the walk from the NIC from to the address ip (the Next hop
// tool's question) under the Reach question f; nil when from is no NIC
// of the design or ip no address.
func ipWalk(snap *store.Snapshot, f store.Flow, from, ip string) *trace.Trace {
	dst, err := netip.ParseAddr(strings.TrimSpace(ip))
	if err != nil {
		return nil
	}
	if _, ok := snap.Plane.NIC(from); !ok {
		return nil
	}
	tf := f.Trace()
	tf.Src, tf.DstIP = from, dst.Unmap()
	return trace.Run(snap.Plane, tf)
}

// failPlane is the data plane of a failure set, kept while the design's
// plane and the set are the same (a drag makes new versions of the design
// with the same plane).
type failPlane struct {
	base  *dataplane.Plane
	set   []model.Failure
	plane *dataplane.Plane
}

// checkWalk is the walk of the reach expectation id, as
// expect.EvaluateDocument walks it: its source and destination resolved
// the same way (a DNS name from the source first), its protocol and port,
// on the design without the what-if failures, or with its own failure set
// applied. Nil when the design has no such reach expectation or it names
// what the design lacks.
func checkWalk(snap *store.Snapshot, id string, fail *failPlane) *trace.Trace {
	in := snap.Shown().Intact0() // what the Checks tab evaluates (Snapshot.Checks)
	doc := in.Doc
	if doc == nil || in.Plane == nil {
		return nil
	}
	i := slices.IndexFunc(doc.Expect, func(e scenario.Expectation) bool { return e.ID == id })
	if i < 0 || doc.Expect[i].Kind != scenario.ExpectReach {
		return nil
	}
	e := doc.Expect[i]
	plane := in.Plane
	if e.Failures != "" {
		set, ok := doc.Failures[e.Failures]
		if !ok {
			return nil
		}
		plane = fail.planeFor(in.Plane, &doc.Topology, set)
	}
	return expectationWalk(plane, &doc.Topology, e)
}

// planeFor is the plane of topology t with the failure set applied, built
// again only when base or the set changed.
func (c *failPlane) planeFor(base *dataplane.Plane, t *model.Topology, set []model.Failure) *dataplane.Plane {
	if c.plane == nil || c.base != base || !slices.Equal(c.set, set) {
		*c = failPlane{base: base, set: slices.Clone(set), plane: dataplane.Build(t, dataplane.WithFailures(set))}
	}
	return c.plane
}

// expectationWalk walks the reach expectation e on plane p (engine/expect's
// evaluator, reach): nil when its source or destination is not in the
// design or its name resolves to no address.
func expectationWalk(p *dataplane.Plane, t *model.Topology, e scenario.Expectation) *trace.Trace {
	src, ok := expect.Source(p, e.From)
	if !ok {
		return nil
	}
	dst, ok := expect.Destination(p, e.To)
	if !ok && expect.IsName(e.To) {
		n := expect.ResolveTarget(dns.New(p, t), p, t, e.From, e.To)
		dst, ok = n.Addr, n.Resolved()
	}
	if !ok {
		return nil
	}
	return trace.Run(p, trace.Flow{Src: src, DstIP: dst, Protocol: e.Protocol, DstPort: e.Port})
}

// noWalk is the message when q has no walk to play.
func (a SimQuestion) noWalk() string {
	switch {
	case a.Check != "":
		return "No packet walk to play for the expectation " + a.Check
	case a.ToIP != "":
		return "No packet walk from " + a.From + " to " + a.ToIP + " to play"
	}
	return "No packet walk from " + a.From + " to " + a.To + " to play"
}
