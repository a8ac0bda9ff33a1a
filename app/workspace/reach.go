package workspace

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"vnetplay/app/store"
	"vnetplay/engine/reach"
	"vnetplay/engine/trace"
)

// Protocols lists the protocols the Reach panel offers, as the engine
// names them.
func Protocols() []string { return []string{"Tcp", "Udp", "Icmp", "Any"} }

// flowInput is the Reach panel's question as typed: the applied flow, and
// a port typed that is not a port, with the reason.
type flowInput struct {
	flow      store.Flow
	portTyped string
	portErr   string
}

func defaultFlow() flowInput { return flowInput{flow: store.DefaultFlow} }

// Flow is the question the matrix and the walk answer.
func (w *Workspace) Flow() store.Flow { return w.flow.flow }

// PortDraft returns a refused port and why.
func (w *Workspace) PortDraft() (typed, reason string, ok bool) {
	return w.flow.portTyped, w.flow.portErr, w.flow.portErr != ""
}

// FlowTitle names a flow in the panel's title: "TCP 443", "UDP 53",
// "ICMP", "any protocol".
func FlowTitle(f store.Flow) string {
	switch f.Protocol {
	case "Icmp":
		return "ICMP"
	case "Any":
		return "any protocol"
	}
	return strings.ToUpper(f.Protocol) + " " + strconv.Itoa(f.Port)
}

// HasPorts reports whether protocol p (as Protocols names it) has ports:
// TCP and UDP.
func HasPorts(p string) bool { return p == "Tcp" || p == "Udp" }

// SetProtocol sets the protocol of the Reach question.
type SetProtocol struct{ Protocol string }

// WithValue is a with Protocol set.
func (a SetProtocol) WithValue(v string) Action { a.Protocol = v; return a }

func (a SetProtocol) apply(w *Workspace) []Task {
	for _, p := range Protocols() {
		if strings.EqualFold(p, a.Protocol) {
			w.flow.flow.Protocol = p
			if !HasPorts(p) { // the port typed, right or wrong, is not the question's any more
				w.flow.portTyped, w.flow.portErr = "", ""
			}
			return nil
		}
	}
	return w.say(fmt.Sprintf("Unknown protocol %q: choose TCP, UDP, ICMP or Any", a.Protocol), true)
}

// SetPort sets the destination port of the Reach question (TCP and UDP).
type SetPort struct{ Port string }

// WithValue is a with Port set.
func (a SetPort) WithValue(v string) Action { a.Port = v; return a }

func (a SetPort) apply(w *Workspace) []Task {
	n, err := strconv.Atoi(strings.TrimSpace(a.Port))
	if err != nil || n < 1 || n > 65535 {
		w.flow.portTyped, w.flow.portErr = a.Port, "A port is a whole number from 1 to 65535"
		return nil
	}
	w.flow.flow.Port, w.flow.portTyped, w.flow.portErr = n, "", ""
	return nil
}

// walkState is the matrix cell picked: its packet walk is drawn on the
// canvas and listed in the panel, recomputed on every version of the
// design (a rename of an endpoint moves it along). In the browser the
// engine's worker computes it (DeriveWalk); cache keeps the last one
// computed in the page otherwise.
type walkState struct {
	from, to string
	cache    struct {
		snap *store.Snapshot
		flow store.Flow
		v    WalkView
	}
}

// prune drops the walk when an endpoint of it is gone from the analysed
// design. A pending snapshot's plane is an earlier version's, which may
// lack endpoints added since: then the worker's answer says whether they
// are gone (WalkView.Gone, Derived).
func (ws *walkState) prune(snap *store.Snapshot) {
	if ws.from == "" || snap.Pending() {
		return
	}
	if !hasEndpoints(snap, ws.from, ws.to) {
		*ws = walkState{}
	}
}

// hasEndpoints reports whether from and to (or the Internet) are endpoints
// of snap's analysed design.
func hasEndpoints(snap *store.Snapshot, from, to string) bool {
	eps := snap.Plane.Endpoints()
	if !slices.Contains(eps, from) {
		return false
	}
	if _, pe := snap.Plane.PrivateEndpoint(to); pe || to == reach.Internet {
		return true
	}
	return slices.Contains(eps, to)
}

// WalkView is the packet walk of a picked matrix cell, as the panel and
// the canvas show it: the walk of the flow from From to To, or Gone when
// either endpoint is not in the design (deleted: the pick is dropped).
type WalkView struct {
	From  string       `json:"from"`
	To    string       `json:"to"`
	Gone  bool         `json:"gone,omitempty"`
	Trace *trace.Trace `json:"trace,omitempty"`
}

// walkOf is the walk of flow f from → to on snap (analysed).
func walkOf(snap *store.Snapshot, f store.Flow, from, to string) WalkView {
	v := WalkView{From: from, To: to}
	if !hasEndpoints(snap, from, to) {
		v.Gone = true
		return v
	}
	v.Trace = shownTrace(snap.Walk(f, from, to))
	return v
}

// shownTrace is t as a view shows it: its exported fields, which are what
// the worker's answer carries (without the lookups the walk recorded).
func shownTrace(t *trace.Trace) *trace.Trace {
	if t == nil {
		return nil
	}
	return &trace.Trace{Flow: t.Flow, Disposition: t.Disposition, Reason: t.Reason, Hops: t.Hops, Return: shownTrace(t.Return)}
}

// PickWalk picks the matrix cell from → to.
type PickWalk struct{ From, To string }

func (a PickWalk) apply(w *Workspace) []Task {
	w.walk = walkState{from: a.From, to: a.To}
	return nil
}

// ClearWalk takes the walk off the canvas.
type ClearWalk struct{}

func (ClearWalk) apply(w *Workspace) []Task {
	w.walk = walkState{}
	return nil
}

// walkRequest is the question of the picked walk.
func (w *Workspace) walkRequest() DeriveRequest {
	return DeriveRequest{Kind: DeriveWalk, Flow: w.flow.flow, From: w.walk.from, To: w.walk.to}
}

// PickedWalk is the picked matrix cell, if any (its walk: Walk).
func (w *Workspace) PickedWalk() (from, to string, ok bool) {
	return w.walk.from, w.walk.to, w.walk.from != ""
}

// Walk is the picked cell's packet walk on the current design and flow, with
// its endpoints; ok is false when no cell is picked, t nil while the walk
// of the cell is first computed (in the browser, by the engine's worker:
// until its answer for the design on screen comes, the walk shown is the
// last one answered for the same cell, and the results pane is updating).
func (w *Workspace) Walk() (t *trace.Trace, from, to string, ok bool) {
	if w.walk.from == "" {
		return nil, "", "", false
	}
	from, to = w.walk.from, w.walk.to
	var v WalkView
	if w.deferred {
		r, _ := w.derivedFor(w.walkRequest())
		if r.Walk != nil {
			v = *r.Walk
		}
	} else {
		snap, f := w.Snap(), w.flow.flow
		c := &w.walk.cache
		if c.snap != snap || c.flow != f || c.v.From != from || c.v.To != to {
			c.snap, c.flow, c.v = snap, f, walkOf(snap, f, from, to)
		}
		v = c.v
	}
	if v.From != from || v.To != to || v.Gone {
		return nil, from, to, true
	}
	return v.Trace, from, to, true
}

// NextHop is the Next hop tool (Network Watcher's): a source NIC and a
// destination address typed, and the answer on the design on screen (""
// until both are typed, and in the browser while the engine's worker
// computes the first answer to the question).
type NextHop struct {
	From, Dst string
	Answer    string
	Err       bool
}

// NextHopQuestion is the tool's question.
type NextHopQuestion struct {
	From string `json:"from"`
	Dst  string `json:"dst"`
}

// complete reports whether q is a question to answer.
func (q NextHopQuestion) complete() bool { return q.From != "" && q.Dst != "" }

// NextHopResult is the answer to the tool's question Q, as the engine's
// worker sends it (DeriveNextHop).
type NextHopResult struct {
	Q      NextHopQuestion `json:"q"`
	Answer string          `json:"answer"`
	Err    bool            `json:"err,omitempty"`
}

// nextHopState is the tool's question and the answer computed last in the
// page, for the snapshot it was computed on.
type nextHopState = toolState[NextHopQuestion, NextHopResult]

// NextHop returns the tool's question and its answer on the design on
// screen. In the browser the answer is the engine's worker's: while the
// answer for the design on screen is computed, the last one to the same
// question.
func (w *Workspace) NextHop() NextHop {
	q := w.nh.q
	nh := NextHop{From: q.From, Dst: q.Dst}
	if !q.complete() {
		return nh
	}
	var r NextHopResult
	if w.deferred {
		res, _ := w.derivedFor(DeriveRequest{Kind: DeriveNextHop, NextHop: q})
		if res.NextHop == nil || res.NextHop.Q != q {
			return nh
		}
		r = *res.NextHop
	} else {
		r = w.nh.answer(w.Snap(), q, nextHopOf)
	}
	nh.Answer, nh.Err = r.Answer, r.Err
	return nh
}

// NextHopFrom sets the tool's source NIC.
type NextHopFrom struct{ NIC string }

// WithValue is a with NIC set.
func (a NextHopFrom) WithValue(v string) Action { a.NIC = v; return a }

func (a NextHopFrom) apply(w *Workspace) []Task {
	w.nh.q.From = a.NIC
	return nil
}

// NextHopDst sets the destination address and answers. From is the source
// shown when the user had not chosen one.
type NextHopDst struct{ From, Dst string }

// WithValue is a with Dst set.
func (a NextHopDst) WithValue(v string) Action { a.Dst = v; return a }

func (a NextHopDst) apply(w *Workspace) []Task {
	setToolField(&w.nh.q.From, a.From, &w.nh.q.Dst, a.Dst)
	return nil
}

// nextHopOf answers like Network Watcher's Next hop (rule:outputs.next-hop-query): next-hop
// type, IP and the route table, or "System Route"; on snap, analysed.
func nextHopOf(snap *store.Snapshot, q NextHopQuestion) NextHopResult {
	r := NextHopResult{Q: q}
	if !q.complete() {
		return r
	}
	plane := snap.Plane
	ip, err := netip.ParseAddr(strings.TrimSpace(q.Dst))
	if err != nil {
		r.Answer, r.Err = "Not an IP address: "+q.Dst, true
		return r
	}
	nic, ok := plane.NIC(q.From)
	if !ok {
		r.Answer, r.Err = "Unknown source "+q.From, true
		return r
	}
	res, ok := plane.NextHop(nic.Subnet, ip)
	if !ok {
		r.Answer = "No route matches " + ip.String() + ": the packet is dropped"
		return r
	}
	ans := "Next hop type " + res.NextHopType.String()
	if res.NextHopIPAddress != "" {
		ans += ", IP " + res.NextHopIPAddress
	}
	r.Answer = ans + "; route table: " + res.RouteTableID
	if res.Platform != "" {
		r.Answer += ". " + Plain(res.Platform)
	}
	return r
}
