// Package scenario is the vnetplay scenario file format, version 1: a JSON
// document with format, version, topology, failures, expect and layout
// sections (docs/scenario-format.md). It decodes (strictly for built-in
// scenarios, leniently with warnings for user files), migrates older
// versions through a registry, refuses newer ones, and encodes canonically so
// that decode→encode is byte-stable.
//
// The package has no mutable package-level state; every function is safe for
// concurrent use.
package scenario

import "vnetplay/engine/model"

// Format is the value of the "format" field.
const Format = "vnetplay/scenario"

// Latest is the newest scenario version this build reads and the one Encode
// writes.
const Latest = 1

// Size and count limits: one policy for every way a design comes in or
// goes out (file import, autosave and restore, export, share links,
// `vnetplay fmt -w` and `lint`), checked by Decode and CheckLimits
// (docs/reliability.md says why these numbers).
const (
	// MaxSize bounds a design as it is stored: the length of its compact
	// canonical JSON (EncodeCompact). Decode refuses a design over it, so
	// every design accepted can be saved and reopened.
	MaxSize = 4_000_000
	// MaxFileSize bounds the text Decode reads, whatever its formatting:
	// the indented canonical form of a MaxSize design (about twice as
	// long), with room for unknown fields and whitespace. Above it input
	// is refused unread.
	MaxFileSize = 16_000_000
	// MaxVNets bounds the VNets of a design: Azure's own limit per region
	// and subscription (1,000), and about where the playground stops being
	// live (docs/performance.md). Decode counts them before decoding the
	// rest, so a huge design is refused at once.
	MaxVNets = 1000
	// MaxElements bounds the JSON objects of the text Decode reads (every
	// resource, sub-resource and nested setting is one): an element of a
	// design takes at least 10 bytes as stored (an empty route table,
	// {"id":""} and its comma), so no design of MaxSize has more. Decode
	// counts them in one pass over the bytes before decoding anything: a
	// 4 kB share link of a million empty subnets (3 MB of text) took 6 s of
	// decoding, the page frozen, before MaxSize refused it.
	MaxElements = MaxSize / 10
)

// Document is a whole scenario file.
type Document struct {
	Format      string         `json:"format"`
	Version     int            `json:"version"`
	Name        string         `json:"name,omitempty"`
	Description string         `json:"description,omitempty"`
	Topology    model.Topology `json:"topology"`
	// Failures are named what-if sets (engine/whatif applies them;
	// model.ValidateFailures checks them).
	Failures map[string][]Failure `json:"failures,omitempty"`
	// Expect lists assertions that `vnetplay check` evaluates.
	Expect []Expectation `json:"expect,omitempty"`
	// Challenge makes the document a workshop challenge (challenge.go):
	// goals, hints and constraints graded by engine/workshop.
	Challenge *Challenge `json:"challenge,omitempty"`
	// Layout is canvas positions for the UI; the engine ignores it and
	// round-trips it.
	Layout *Layout `json:"layout,omitempty"`
}

// Failure is one element of a named failure set, e.g.
// {"kind": "PeeringDown", "target": "hub-spoke1"}; model.FailureKinds lists
// the kinds and model.Components the failable targets.
type Failure = model.Failure

// Layout holds UI-only canvas positions keyed by resource id.
type Layout struct {
	Nodes map[string]Point `json:"nodes,omitempty"`
}

// Point is a canvas position.
type Point struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
}

// Expectation kinds.
const (
	ExpectReach = "reach"
	ExpectRoute = "route"
	ExpectBGP   = "bgp"
	// ExpectResolve: a name resolved from an endpoint (engine/dns).
	ExpectResolve = "resolve"
)

// Expectation is one assertion about the design.
//
// Kind "reach": traffic From an endpoint (a NIC id, or a VM id for its first
// NIC) To an endpoint id, an IP address or "Internet", optionally with
// Protocol and Port, is Reachable or not; Via optionally names a VM the
// forward path must pass through.
//
// Kind "route": the effective route Subnet ("vnet/subnet") uses for Prefix's
// first address (or the destination To) has NextHopType (and, if set,
// NextHopIPAddress).
//
// Kind "bgp": Speaker's best path for Prefix has AsPath ("" for a local or
// static route), or, with Absent, there is none.
//
// A reach expectation's To may also be a DNS name with at least one dot
// whose last label is not a number ("stacct.blob.core.windows.net"): the
// name is resolved from From first (engine/dns) and the packet walks to the
// answer's first address; a name that resolves to no address (NXDOMAIN, a
// failure, a public name the design gives no address for) fails the
// expectation, whatever Reachable says.
//
// Kind "resolve": Name resolved From an endpoint (VM[/NIC], SITE/HOST or
// GATEWAY/CLIENT) gives Answer, one of (case-insensitive):
//   - an address, or several separated by commas in any order: exactly the
//     answer's addresses;
//   - "private": an address answer whose addresses are all private;
//   - "public": public DNS answers: a public address, or a public name
//     whose address the design does not give ("public DNS (not modelled)");
//   - "NXDOMAIN": an authoritative "no such name";
//   - "NODATA": the name exists in a linked zone but has no address;
//   - "failed": no answer (a DNS server the asker cannot reach, a loop, an
//     endpoint without a DNS server to ask).
//
// Failures, on any kind, names a failure set the expectation is evaluated
// under.
type Expectation struct {
	ID               string `json:"id"`
	Kind             string `json:"kind"`
	From             string `json:"from,omitempty"`
	To               string `json:"to,omitempty"`
	Protocol         string `json:"protocol,omitempty"`
	Port             int    `json:"port,omitempty"`
	Reachable        *bool  `json:"reachable,omitempty"`
	Via              string `json:"via,omitempty"`
	Name             string `json:"name,omitempty"`
	Answer           string `json:"answer,omitempty"`
	Subnet           string `json:"subnet,omitempty"`
	Prefix           string `json:"prefix,omitempty"`
	NextHopType      string `json:"nextHopType,omitempty"`
	NextHopIPAddress string `json:"nextHopIpAddress,omitempty"`
	Speaker          string `json:"speaker,omitempty"`
	AsPath           string `json:"asPath,omitempty"`
	Absent           bool   `json:"absent,omitempty"`
	Failures         string `json:"failures,omitempty"`
}
