package workspace

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"vnetplay/app/store"
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

// SetProtocol sets the protocol of the Reach question.
type SetProtocol struct{ Protocol string }

// WithValue is a with Protocol set.
func (a SetProtocol) WithValue(v string) Action { a.Protocol = v; return a }

func (a SetProtocol) apply(w *Workspace) []Task {
	for _, p := range Protocols() {
		if strings.EqualFold(p, a.Protocol) {
			w.flow.flow.Protocol = p
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
// design (a rename of an endpoint moves it along).
type walkState struct {
	from, to string
	cache    struct {
		snap *store.Snapshot
		flow store.Flow
		t    *trace.Trace
	}
}

func (ws *walkState) prune(snap *store.Snapshot) {
	if ws.from == "" {
		return
	}
	eps := snap.Plane.Endpoints()
	has := func(id string) bool {
		for _, e := range eps {
			if e == id {
				return true
			}
		}
		return false
	}
	if !has(ws.from) || (ws.to != "Internet" && !has(ws.to)) {
		*ws = walkState{}
	}
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

// Walk is the picked cell's packet walk on the current design and flow, with
// its endpoints; ok is false when no cell is picked.
func (w *Workspace) Walk() (t *trace.Trace, from, to string, ok bool) {
	if w.walk.from == "" {
		return nil, "", "", false
	}
	snap, f := w.Snap(), w.flow.flow
	c := &w.walk.cache
	if c.snap != snap || c.flow != f {
		c.snap, c.flow, c.t = snap, f, snap.Walk(f, w.walk.from, w.walk.to)
	}
	return c.t, w.walk.from, w.walk.to, true
}

// NextHop is the Next hop tool (Network Watcher's): a source NIC and a
// destination address typed, and the answer.
type NextHop struct {
	From, Dst string
	Answer    string
	Err       bool
}

// NextHop returns the tool's state.
func (w *Workspace) NextHop() NextHop { return w.nh }

// NextHopFrom sets the tool's source NIC.
type NextHopFrom struct{ NIC string }

// WithValue is a with NIC set.
func (a NextHopFrom) WithValue(v string) Action { a.NIC = v; return a }

func (a NextHopFrom) apply(w *Workspace) []Task {
	w.nh.From = a.NIC
	if w.nh.Dst != "" {
		w.computeNextHop()
	}
	return nil
}

// NextHopDst sets the destination address and answers. From is the source
// shown when the user had not chosen one.
type NextHopDst struct{ From, Dst string }

// WithValue is a with Dst set.
func (a NextHopDst) WithValue(v string) Action { a.Dst = v; return a }

func (a NextHopDst) apply(w *Workspace) []Task {
	if w.nh.From == "" {
		w.nh.From = a.From
	}
	w.nh.Dst = a.Dst
	w.computeNextHop()
	return nil
}

// computeNextHop answers like Network Watcher's Next hop (rule:outputs.next-hop-query): next-hop
// type, IP and the route table, or "System Route".
func (w *Workspace) computeNextHop() {
	w.analysed()
	plane := w.Snap().Plane
	ip, err := netip.ParseAddr(strings.TrimSpace(w.nh.Dst))
	if err != nil {
		w.nh.Answer, w.nh.Err = "Not an IP address: "+w.nh.Dst, true
		return
	}
	nic, ok := plane.NIC(w.nh.From)
	if !ok {
		w.nh.Answer, w.nh.Err = "Unknown source "+w.nh.From, true
		return
	}
	res, ok := plane.NextHop(nic.Subnet, ip)
	if !ok {
		w.nh.Answer, w.nh.Err = "No route matches "+ip.String()+": the packet is dropped", false
		return
	}
	ans := "Next hop type " + res.NextHopType.String()
	if res.NextHopIPAddress != "" {
		ans += ", IP " + res.NextHopIPAddress
	}
	ans += "; route table: " + res.RouteTableID
	w.nh.Answer, w.nh.Err = ans, false
}
