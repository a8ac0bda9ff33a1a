package workspace

import (
	"net/netip"
	"strconv"
	"strings"

	"vnetplay/app/store"
	"vnetplay/engine/trace"
)

// IPFlow is Network Watcher's IP flow verify in the playground: a VM's NIC,
// a direction, TCP or UDP, the local port (or IP:port) and the remote
// IP:port. It is answered by the NSGs alone (rule:internet-edge.ip-flow-verify),
// live on the design on screen: an edit of an NSG changes the answer.
type IPFlow struct {
	NIC       string // "" until chosen: the UI shows its default
	Direction string // Inbound (default) or Outbound
	Protocol  string // TCP (default) or UDP
	Local     string // PORT, or IP:PORT with the NIC's IP
	Remote    string // IP:PORT
}

// IPFlowAnswer is the tool's answer: Text says Allow or Deny and which rule
// of which NSG decided, Why the engine's reason; Err is set (and Text says
// what to fix) when the question is incomplete or malformed.
type IPFlowAnswer struct {
	Asked   bool // false until the local and remote are typed
	Allowed bool
	Err     bool
	Text    string
	Why     string
}

// IPFlowField names a field of the tool, for IPFlowSet.
type IPFlowField string

// The tool's fields.
const (
	IPFlowNIC       IPFlowField = "nic"
	IPFlowDirection IPFlowField = "direction"
	IPFlowProtocol  IPFlowField = "protocol"
	IPFlowLocal     IPFlowField = "local"
	IPFlowRemote    IPFlowField = "remote"
)

// IPFlowSet sets one field of the tool. NIC is the source shown when the
// user had not chosen one, kept when another field is set first.
type IPFlowSet struct {
	Field IPFlowField
	NIC   string
	Value string
}

// WithValue is a with Value set.
func (a IPFlowSet) WithValue(v string) Action { a.Value = v; return a }

func (a IPFlowSet) apply(w *Workspace) []Task {
	q := &w.ipflow.q
	setToolField(&q.NIC, a.NIC, q.field(a.Field), a.Value)
	return nil
}

// field is the field of q that f names (nil: none).
func (q *IPFlow) field(f IPFlowField) *string {
	switch f {
	case IPFlowNIC:
		return &q.NIC
	case IPFlowDirection:
		return &q.Direction
	case IPFlowProtocol:
		return &q.Protocol
	case IPFlowLocal:
		return &q.Local
	case IPFlowRemote:
		return &q.Remote
	}
	return nil
}

// ipflowState is the tool's question and the answer computed last, for
// the snapshot it was computed on.
type ipflowState = toolState[IPFlow, IPFlowAnswer]

// IPFlow returns the tool's question, with the defaults filled in.
func (w *Workspace) IPFlow() IPFlow {
	q := w.ipflow.q
	if q.Direction == "" {
		q.Direction = "Inbound"
	}
	if q.Protocol == "" {
		q.Protocol = "TCP"
	}
	return q
}

// complete reports whether q is a question to answer: a NIC, the local
// and the remote typed.
func (q IPFlow) complete() bool { return q.NIC != "" && q.Local != "" && q.Remote != "" }

// IPFlowProblems is what is wrong with each typed field of the tool, in
// words for the user ("" for a field empty or well formed). Each is known
// as soon as its field is typed, whatever the others hold: the answer
// waits for the whole question, a field's problem does not.
type IPFlowProblems struct {
	Local  string
	Remote string
}

// IPFlowProblems returns the problems of the tool's typed fields, as the
// form shows them under each field.
func (w *Workspace) IPFlowProblems() IPFlowProblems { return w.IPFlow().problems() }

// problems reads q's local and remote fields on their own: the local
// field's form (PORT or IP:PORT, whichever NIC it names) and the remote's
// (IP:PORT). Whether the local IP is the NIC's is the engine's answer.
func (q IPFlow) problems() IPFlowProblems {
	var p IPFlowProblems
	if strings.TrimSpace(q.Local) != "" {
		_, _, p.Local = splitAddrPort(q.Local, netip.IPv4Unspecified())
	}
	if strings.TrimSpace(q.Remote) != "" {
		_, _, p.Remote = splitAddrPort(q.Remote, netip.Addr{})
	}
	return p
}

// IPFlowResult is the answer A to the tool's question Q, as the engine's
// worker sends it.
type IPFlowResult struct {
	Q IPFlow       `json:"q"`
	A IPFlowAnswer `json:"a"`
}

// IPFlowAnswer answers the tool's question on the design on screen, none
// while a field is malformed (IPFlowProblems says so under it). In
// the browser it is the engine's worker's answer (DeriveIPFlow): while the
// answer for the design on screen is computed, the last one to the same
// question, and none (not Asked) before the first.
func (w *Workspace) IPFlowAnswer() IPFlowAnswer {
	q := w.IPFlow()
	if !q.complete() || q.problems() != (IPFlowProblems{}) { // said under the fields (IPFlowProblems)
		return IPFlowAnswer{}
	}
	if w.deferred {
		r, _ := w.derivedFor(DeriveRequest{Kind: DeriveIPFlow, IPFlow: q})
		if r.IPFlow == nil || r.IPFlow.Q != q {
			return IPFlowAnswer{}
		}
		return r.IPFlow.A
	}
	return w.ipflow.answer(w.Snap(), q, verifyIPFlow)
}

// verifyIPFlow asks the engine.
func verifyIPFlow(snap *store.Snapshot, q IPFlow) IPFlowAnswer {
	if !q.complete() {
		return IPFlowAnswer{}
	}
	fail := func(text string) IPFlowAnswer { return IPFlowAnswer{Asked: true, Err: true, Text: text} }
	p := snap.Plane
	id, ok := p.ResolveEndpoint(q.NIC)
	if !ok {
		return fail("Unknown VM or NIC " + q.NIC)
	}
	nic, _ := p.NIC(id)
	localIP, localPort, err := splitAddrPort(q.Local, nic.IP)
	if err != "" {
		return fail("Local: " + err)
	}
	remoteIP, remotePort, err := splitAddrPort(q.Remote, netip.Addr{})
	if err != "" {
		return fail("Remote: " + err)
	}
	res, verr := trace.IPFlowVerify(p, trace.IPFlowQuery{NIC: id, Direction: q.Direction, Protocol: q.Protocol,
		LocalIP: localIP, LocalPort: localPort, RemoteIP: remoteIP, RemotePort: remotePort})
	if verr != nil {
		return fail(Plain(strings.TrimPrefix(verr.Error(), trace.ErrIPFlow.Error()+": ")))
	}
	a := IPFlowAnswer{Asked: true, Allowed: res.Access == "Allow", Why: Plain(res.Reason)}
	switch {
	case res.RuleName != "":
		a.Text = "Access " + res.Access + ": " + res.RuleName + " of " + res.NetworkSecurityGroup
	default:
		a.Text = "Access " + res.Access
	}
	return a
}

// splitAddrPort reads "IP:PORT", or "PORT" alone when def (the NIC's
// address) stands for the IP; the error is a phrase for the user.
func splitAddrPort(s string, def netip.Addr) (netip.Addr, int, string) {
	if def.IsValid() && !strings.Contains(s, ":") {
		s = def.String() + ":" + s
	}
	ap, err := netip.ParseAddrPort(s)
	if err != nil {
		if i := strings.LastIndexByte(s, ':'); i > 0 {
			if _, perr := strconv.Atoi(s[i+1:]); perr != nil {
				return netip.Addr{}, 0, "the port " + strconv.Quote(s[i+1:]) + " is not a number from 0 to 65535"
			}
			if _, aerr := netip.ParseAddr(s[:i]); aerr != nil {
				return netip.Addr{}, 0, strconv.Quote(s[:i]) + " is not an IP address"
			}
		}
		return netip.Addr{}, 0, "type IP:PORT, for example 203.0.113.10:443"
	}
	return ap.Addr(), int(ap.Port()), ""
}
