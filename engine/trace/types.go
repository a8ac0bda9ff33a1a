// Package trace walks a packet through a computed data plane, hop by hop, the
// way Batfish describes a path: Trace{Flow, Disposition, Hops[]{Node, Steps}}.
// Each hop names the NIC it is at and the steps taken there: NSG evaluation
// with the deciding rule (rule:nsg.default-rules–rule:nsg.subnet-then-nic), the effective route that decided the
// next hop (rule:outputs.destination-only-lookup, rule:route-selection.longest-prefix-first), peering checks (rule:peering.link-states, rule:peering.allow-virtual-network-access, rule:peering.allow-forwarded-traffic as decided in
// design-notes §4), IP forwarding checks at NVAs (rule:nva.ip-forwarding, rule:nva.own-nic-routes). The return
// path is walked independently (rule:nva.per-direction-routing) and an asymmetric path through a
// stateful NVA is reported as a drop (rule:nva.stateful-asymmetry-drop).
//
// Trace never panics and always terminates: a walk is bounded by MaxHops and
// stops with Loop when it revisits a NIC.
package trace

import (
	"fmt"
	"net/netip"
	"strings"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/route"
)

// MaxHops bounds a walk.
const MaxHops = 32

// InternetProbe returns the representative public address used for "to the
// Internet" questions (TEST-NET-3, routed by 0.0.0.0/0 like any public IP).
func InternetProbe() netip.Addr { return netip.AddrFrom4([4]byte{203, 0, 113, 10}) }

// platformAddress reports whether a is one of the host-platform addresses
// that keep working whatever the UDRs and NSGs say (rule:route-selection.platform-addresses-bypass-udrs, rule:nsg.platform-traffic):
// 168.63.129.16 (DHCP, DNS, health probes) and 169.254.169.254 (IMDS).
func platformAddress(a netip.Addr) bool { return dataplane.PlatformAddress(a) }

// Flow is the packet being traced.
type Flow struct {
	Src      string     `json:"src"` // NIC id
	SrcIP    netip.Addr `json:"srcIp"`
	DstIP    netip.Addr `json:"dstIp"`
	Protocol string     `json:"protocol"` // Tcp, Udp, Icmp
	SrcPort  int        `json:"srcPort"`
	DstPort  int        `json:"dstPort"`
}

// String names the flow: "vm1/nic0 (10.1.1.4) -> 10.2.1.4 Tcp/443"; a
// protocol without ports (ICMP) is named without one.
func (f Flow) String() string {
	if strings.EqualFold(f.Protocol, "Icmp") {
		return fmt.Sprintf("%s (%s) -> %s %s", f.Src, f.SrcIP, f.DstIP, f.Protocol)
	}
	return fmt.Sprintf("%s (%s) -> %s %s/%d", f.Src, f.SrcIP, f.DstIP, f.Protocol, f.DstPort)
}

// Default flow parameters when a question gives none: TCP to port 443 from an
// ephemeral port.
const (
	DefaultProtocol = "Tcp"
	DefaultDstPort  = 443
	DefaultSrcPort  = 50000
)

// Disposition is how a walk ended.
type Disposition uint8

// Dispositions. New kinds (gateways, on-premises exits) are appended.
const (
	Delivered Disposition = iota
	ExitsToInternet
	ExitsToAzureService
	ReachesAzurePlatform
	DroppedByNoneRoute
	DroppedNoRoute
	DroppedByNSG
	DroppedPeeringNotConnected
	DroppedVNetAccessDisabled
	DroppedForwardedTrafficNotAllowed
	DroppedIPForwardingOff
	DroppedNoHost
	DroppedApplianceUnreachable
	DroppedNoGateway
	DroppedAsymmetric
	DroppedOnReturn
	DroppedBasicLBGlobalPeering
	Loop
	InvalidFlow
	DeliveredOnPremises
	DeliveredToP2SClient
	DroppedNoTransit
	DroppedComponentDown
	DroppedNotInClientRoutes
	DroppedNoEgress
	// DroppedEndpointNotApproved: the packet reached a private endpoint
	// whose connection is not Approved (rule:private-endpoints.inbound-only-approved).
	DroppedEndpointNotApproved
)

var dispNames = [...]string{
	Delivered:                         "Delivered",
	ExitsToInternet:                   "ExitsToInternet",
	ExitsToAzureService:               "ExitsToAzureService",
	ReachesAzurePlatform:              "ReachesAzurePlatform",
	DroppedByNoneRoute:                "DroppedByNoneRoute",
	DroppedNoRoute:                    "DroppedNoRoute",
	DroppedByNSG:                      "DroppedByNSG",
	DroppedPeeringNotConnected:        "DroppedPeeringNotConnected",
	DroppedVNetAccessDisabled:         "DroppedVNetAccessDisabled",
	DroppedForwardedTrafficNotAllowed: "DroppedForwardedTrafficNotAllowed",
	DroppedIPForwardingOff:            "DroppedIPForwardingOff",
	DroppedNoHost:                     "DroppedNoHost",
	DroppedApplianceUnreachable:       "DroppedApplianceUnreachable",
	DroppedNoGateway:                  "DroppedNoGateway",
	DroppedAsymmetric:                 "DroppedAsymmetric",
	DroppedOnReturn:                   "DroppedOnReturn",
	DroppedBasicLBGlobalPeering:       "DroppedBasicLBGlobalPeering",
	Loop:                              "Loop",
	InvalidFlow:                       "InvalidFlow",
	DeliveredOnPremises:               "DeliveredOnPremises",
	DeliveredToP2SClient:              "DeliveredToP2SClient",
	DroppedNoTransit:                  "DroppedNoTransit",
	DroppedComponentDown:              "DroppedComponentDown",
	DroppedNotInClientRoutes:          "DroppedNotInClientRoutes",
	DroppedNoEgress:                   "DroppedNoEgress",
	DroppedEndpointNotApproved:        "DroppedEndpointNotApproved",
}

func (d Disposition) String() string {
	if int(d) < len(dispNames) {
		return dispNames[d]
	}
	return fmt.Sprintf("Disposition(%d)", uint8(d))
}

// MarshalText encodes the name.
func (d Disposition) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText decodes a name MarshalText wrote (results cross to and
// from the engine's Web Worker as JSON).
func (d *Disposition) UnmarshalText(b []byte) error {
	for i, n := range dispNames {
		if n == string(b) {
			*d = Disposition(i)
			return nil
		}
	}
	return fmt.Errorf("unknown disposition %q", b)
}

// Success reports whether the traffic got where it was going.
func (d Disposition) Success() bool {
	return d == Delivered || d == ExitsToInternet || d == ExitsToAzureService || d == ReachesAzurePlatform ||
		d == DeliveredOnPremises || d == DeliveredToP2SClient
}

// StepKind classifies a step within a hop.
type StepKind uint8

// Step kinds; gateway steps will be appended by the hybrid work.
const (
	StepNSG StepKind = iota
	StepRoute
	StepPeering
	StepForward
	StepDeliver
	StepExit
	StepDrop
	StepGateway
	StepBGP
)

var stepNames = [...]string{"NSG", "Route", "Peering", "Forward", "Deliver", "Exit", "Drop", "Gateway", "BGP"}

func (k StepKind) String() string {
	if int(k) < len(stepNames) {
		return stepNames[k]
	}
	return fmt.Sprintf("StepKind(%d)", uint8(k))
}

// MarshalText encodes the name.
func (k StepKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText decodes a name MarshalText wrote (a walk crosses from the
// engine's Web Worker as JSON).
func (k *StepKind) UnmarshalText(b []byte) error {
	for i, n := range stepNames {
		if n == string(b) {
			*k = StepKind(i)
			return nil
		}
	}
	return fmt.Errorf("unknown step kind %q", b)
}

// Step is one decision at a hop. Detail is the prose; the optional
// fields carry the same decision as data (filled by full walks, never by
// a Walker's quiet ones): Route on a Route step, Peering on a Peering
// step, NSGs on an NSG step and on the Drop step of an NSG denial.
type Step struct {
	Kind    StepKind        `json:"kind"`
	Detail  string          `json:"detail"`
	Route   *RouteUsed      `json:"route,omitempty"`
	Peering *PeeringCrossed `json:"peering,omitempty"`
	NSGs    []NSGVerdict    `json:"nsgs,omitempty"`
}

// Hop is the packet at one NIC (Node is the NIC id, or "Internet" /
// "AzureService" for exits). Kind says what Node is (HopKind).
type Hop struct {
	Node  string `json:"node"`
	Kind  string `json:"kind,omitempty"`
	Steps []Step `json:"steps"`
}

// Trace is the result of a walk. Disposition is the overall outcome (the
// forward disposition, or DroppedAsymmetric / DroppedOnReturn when the
// forward path delivered but the reply cannot come back). Reason is one line.
type Trace struct {
	Flow        Flow        `json:"flow"`
	Disposition Disposition `json:"disposition"`
	Reason      string      `json:"reason"`
	Hops        []Hop       `json:"hops"`
	// Return is the reply's walk (NSGs are stateful and not re-evaluated,
	// rule:nsg.stateful), present when the forward walk delivered to a NIC.
	Return *Trace `json:"return,omitempty"`
	deps   Deps
	// landed is the NIC the forward walk delivered to (DeliveredNIC).
	landed string
}

// DeliveredNIC is the id of the NIC the forward walk delivered the packet
// to — the source itself when the destination is its own address — or ""
// when it ended anywhere else. An address names a NIC only within a VNet
// (rule:address-space.private-ip-per-vnet): the matrix reads it to tell
// a walk to a column's address that lands on another NIC with that address.
func (t *Trace) DeliveredNIC() string { return t.landed }

// Deps is what a trace read from the plane's route tables: every lookup of
// the forward and return walks, each for the flow's destination or (on the
// return) its source. Hybrid lists the questions the walks asked the hybrid
// control plane (the BGP result, and the hybrid resources it was computed
// from) on their way through a virtual network gateway or an on-premises
// site (HybridRead); BGP is set when they also read it otherwise: a Route
// Server's paths, a default site, a P2S client, a gateway's own address, a
// host behind an NVA. Opaque
// is set when they read anything else an edit may change besides NICs,
// subnets, VNets, peering links, load balancers and NSG definitions: an NSG
// evaluation (whose VirtualNetwork tag reads user routes). A trace that is
// not Opaque gives the same result on any plane with identical structure
// (dataplane.ChangedLinks: no change), the same BGP result if BGP is set,
// the same answer to every question in Hybrid, and tables that answer
// every recorded lookup identically.
type Deps struct {
	Lookups []Lookup
	Opaque  bool
	BGP     bool
	Hybrid  []HybridRead
}

// Lookup is one route lookup a walk made and its answer.
type Lookup struct {
	Subnet string
	Dst    netip.Addr
	Route  route.Effective
	Found  bool
}

// Deps returns what the trace read (see Deps).
func (t *Trace) Deps() Deps { return t.deps }

// Via lists the VMs the forward path went through (not the endpoints).
func (t *Trace) Via() []string {
	var out []string
	for i, h := range t.Hops {
		if i == 0 || i == len(t.Hops)-1 {
			continue
		}
		out = append(out, h.Node)
	}
	return out
}
