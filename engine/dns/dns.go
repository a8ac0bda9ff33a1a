// Package dns resolves names the way Azure does, as a walk of steps like
// engine/trace's packet walk: which DNS server a client asks (Azure DNS at
// 168.63.129.16, a custom DNS server, a DNS Private Resolver inbound
// endpoint, an on-premises resolver), which private zone, VNet link,
// forwarding rule or record answers, and the final answer: an address
// (private or public), NXDOMAIN, or a failure. Every step gives its reason
// and cites the rule it follows (docs/rules/dns.md, private-endpoints.md).
//
// Whether a client can reach the server it asks is the routing engine's
// answer (engine/trace: a walk on UDP 53 from the asker to the server); a
// server it cannot reach is a failed step. Resolver endpoints and
// on-premises resolvers, which are not NICs or hosts of the design, walk as
// stand-ins added to a copy of the design (same routes).
//
// Resolution is bounded: at most MaxDepth nested queries and MaxSteps steps;
// loops (A forwards to B forwards to A, CNAME cycles) are reported, never
// followed. Output is deterministic.
package dns

import (
	"net/netip"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
	"vnetplay/engine/trace"
)

// Bounds of one resolution.
const (
	// MaxDepth bounds nested queries: forwards and CNAME chases.
	MaxDepth = 16
	// MaxSteps bounds the steps of one resolution.
	MaxSteps = 400
)

// AnswerKind is how a resolution ended.
type AnswerKind string

// Answer kinds.
const (
	// Address: the name resolves to Addresses.
	Address AnswerKind = "Address"
	// NXDomain: an authoritative "no such name".
	NXDomain AnswerKind = "NXDOMAIN"
	// NoData: the name exists (names below it, the zone's apex, an A
	// record set with no address) but has no address: an authoritative
	// empty answer, which no fallback retries.
	NoData AnswerKind = "NODATA"
	// Failed: no answer (a server the asker cannot reach, a loop, a bound).
	Failed AnswerKind = "Failed"
	// NotModelled: the name is public and vnetplay does not know its
	// address (it knows public addresses only of private-link targets).
	NotModelled AnswerKind = "NotModelled"
)

// Address scopes.
const (
	ScopePrivate = "Private"
	ScopePublic  = "Public"
)

// Answer is the final answer of a resolution.
type Answer struct {
	Kind      AnswerKind `json:"kind"`
	Addresses []string   `json:"addresses"`
	// Scope is Private or Public for an Address answer: Private when every
	// address is private (RFC 1918, shared, or inside a VNet).
	Scope string `json:"scope,omitempty"`
	// Names is the CNAME chain from the name asked to the name answered.
	Names []string `json:"names"`
}

// StepKind classifies a step.
type StepKind string

// Step kinds.
const (
	StepClient    StepKind = "Client"    // which DNS servers the client uses
	StepQuery     StepKind = "Query"     // an asker sends the query to a server (with the network check)
	StepServer    StepKind = "Server"    // what the server is and how it resolves
	StepZone      StepKind = "Zone"      // a linked private zone matches
	StepRecord    StepKind = "Record"    // a record answers
	StepRule      StepKind = "Rule"      // a forwarding rule or conditional forwarder matches
	StepPublic    StepKind = "Public"    // public DNS answers
	StepCNAME     StepKind = "CNAME"     // the name is an alias
	StepNXDomain  StepKind = "NXDOMAIN"  // no such name
	StepFail      StepKind = "Fail"      // no answer
	StepNote      StepKind = "Note"      // context that does not change the answer
	StepLoop      StepKind = "Loop"      // a forwarding or CNAME loop
	StepExhausted StepKind = "Exhausted" // a bound was reached
)

// Step is one decision of a resolution. Actor is who decides (the client,
// "Azure DNS (VNet hub)", a resolver endpoint, a DNS server); Depth is how
// many queries deep it is (0: the client). Detail is the prose with its
// rule citation; Rule is the cited rule's id.
type Step struct {
	Depth   int           `json:"depth"`
	Actor   string        `json:"actor"`
	Kind    StepKind      `json:"kind"`
	Detail  string        `json:"detail"`
	Rule    string        `json:"rule"`
	Network *NetworkCheck `json:"network,omitempty"`
}

// NetworkCheck is the routing engine's answer to "can the asker reach the
// server on UDP (port)": a trace's disposition and reason.
type NetworkCheck struct {
	From        string            `json:"from"`
	To          string            `json:"to"`
	Port        int               `json:"port"`
	Disposition trace.Disposition `json:"disposition"`
	Reason      string            `json:"reason"`
	Via         []string          `json:"via"`
}

// Resolution is a name resolved from an endpoint.
type Resolution struct {
	// From is the client endpoint's id ("vm/nic", "site/host",
	// "gateway/client"), or the reference given when it is unknown.
	From string `json:"from"`
	// Name is the name resolved: lower case, without the final dot, with
	// the DNS suffix a single-label name gets.
	Name   string `json:"name"`
	Answer Answer `json:"answer"`
	Reason string `json:"reason"`
	Steps  []Step `json:"steps"`
}

// Resolve resolves name from the endpoint from (VM[/NIC], SITE/HOST or
// GATEWAY/CLIENT) in the design t whose data plane is p. It never panics
// and always terminates.
func Resolve(p *dataplane.Plane, t *model.Topology, from, name string) Resolution {
	return New(p, t).Resolve(from, name)
}

// Resolver answers many resolutions of one design, sharing its indexes and
// network checks. It is not safe for concurrent use.
type Resolver struct {
	p   *dataplane.Plane
	t   *model.Topology
	ix  *index
	net *network
}

// New prepares resolutions in the design t whose data plane is p.
func New(p *dataplane.Plane, t *model.Topology) *Resolver {
	ix := buildIndex(p, t)
	return &Resolver{p: p, t: t, ix: ix, net: newNetwork(p, t, ix)}
}

// Resolve resolves name from the endpoint from (see the package Resolve).
func (r *Resolver) Resolve(from, name string) Resolution {
	w := &walk{r: r, ix: r.ix}
	res := w.run(from, name)
	if res.Steps == nil {
		res.Steps = []Step{}
	}
	if res.Answer.Addresses == nil {
		res.Answer.Addresses = []string{}
	}
	if res.Answer.Names == nil {
		res.Answer.Names = []string{}
	}
	return res
}

// scope says whether addresses are all private.
func (r *Resolver) scope(addrs []string) string {
	for _, s := range addrs {
		a, err := netip.ParseAddr(s)
		if err != nil {
			return ScopePublic
		}
		if !a.IsPrivate() && !sharedSpace.Contains(a) {
			if _, ok := r.p.VNetAt(a); !ok {
				return ScopePublic
			}
		}
	}
	return ScopePrivate
}

var sharedSpace = netip.MustParsePrefix("100.64.0.0/10")
