// Package route holds Azure's effective-route vocabulary (next-hop types,
// sources, states, reasons), the selection rules that turn the candidate
// routes of one subnet into an effective route table, and a fast lookup over
// the active routes.
//
// Selection (section C of the rule book): longest prefix first (rule:route-selection.longest-prefix-first);
// on an identical prefix User > VirtualNetworkGateway (BGP) > Default
// (rule:route-selection.same-prefix-tie-break); system routes for the VNet's own ranges, peered VNets and service
// endpoints beat BGP routes even when the BGP route is more specific (rule:route-selection.system-beats-more-specific-bgp);
// a service-endpoint route is not overridden even by a UDR (rule:route-selection.service-endpoint-not-overridable, newer docs).
// Overridden routes stay listed as Invalid with the reason (rule:outputs.overridden-stay-listed).
//
// All types are small values; a Table is immutable once built and safe for
// concurrent lookups.
package route

import (
	"fmt"
	"net/netip"
)

// NextHopType is an effective route's next-hop type, named as real Azure
// outputs name them (rule:outputs.next-hop-type-names).
type NextHopType uint8

// Next-hop types. The zero value is None (drop).
const (
	None NextHopType = iota
	VnetLocal
	VNetPeering
	VNetGlobalPeering
	VirtualNetworkServiceEndpoint
	VirtualAppliance
	Internet
	VirtualNetworkGateway
	// InterfaceEndpoint is a private endpoint's /32 (rule:private-endpoints.interface-endpoint-route).
	InterfaceEndpoint
)

var nextHopNames = [...]string{
	None:                          "None",
	VnetLocal:                     "VnetLocal",
	VNetPeering:                   "VNetPeering",
	VNetGlobalPeering:             "VNetGlobalPeering",
	VirtualNetworkServiceEndpoint: "VirtualNetworkServiceEndpoint",
	VirtualAppliance:              "VirtualAppliance",
	Internet:                      "Internet",
	VirtualNetworkGateway:         "VirtualNetworkGateway",
	InterfaceEndpoint:             "InterfaceEndpoint",
}

func (t NextHopType) String() string {
	if int(t) < len(nextHopNames) {
		return nextHopNames[t]
	}
	return fmt.Sprintf("NextHopType(%d)", uint8(t))
}

// MarshalText encodes the Azure name.
func (t NextHopType) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// ParseNextHopType parses any next-hop name this package prints.
func ParseNextHopType(s string) (NextHopType, bool) {
	for i, n := range nextHopNames {
		if n == s {
			return NextHopType(i), true
		}
	}
	return None, false
}

// ParseUDRNextHop parses the next-hop type of a user-defined route. Only
// VirtualAppliance, VirtualNetworkGateway, None, VnetLocal and Internet are
// allowed; peering, service-endpoint and private-endpoint next hops cannot
// be created (rule:udr.allowed-next-hops).
func ParseUDRNextHop(s string) (NextHopType, bool) {
	switch t, ok := ParseNextHopType(s); {
	case !ok:
		return None, false
	case t == VNetPeering, t == VNetGlobalPeering, t == VirtualNetworkServiceEndpoint, t == InterfaceEndpoint:
		return None, false
	default:
		return t, true
	}
}

// Source is who created a route (rule:outputs.route-source-and-state).
type Source uint8

// Sources, in tie-break order for an identical prefix: User beats
// VirtualNetworkGateway beats Default (rule:route-selection.same-prefix-tie-break).
const (
	User Source = iota
	Gateway
	Default
)

func (s Source) String() string {
	switch s {
	case User:
		return "User"
	case Gateway:
		return "VirtualNetworkGateway"
	case Default:
		return "Default"
	}
	return fmt.Sprintf("Source(%d)", uint8(s))
}

// MarshalText encodes the Azure name.
func (s Source) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// State is Active or Invalid (rule:outputs.route-source-and-state, rule:outputs.overridden-stay-listed).
type State uint8

// States.
const (
	Active State = iota
	Invalid
)

func (s State) String() string {
	if s == Active {
		return "Active"
	}
	return "Invalid"
}

// MarshalText encodes the name.
func (s State) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// OriginKind says which model object produced a route.
type OriginKind uint8

// Origin kinds. Gateway-programmed routes (hybrid work) will add kinds here.
const (
	FromAddressSpace    OriginKind = iota // the VNet's own range (rule:system-routes.default-set)
	FromReserved                          // a reserved None range (rule:system-routes.default-set)
	FromDefaultInternet                   // 0.0.0.0/0 → Internet (rule:system-routes.default-set)
	FromPeering                           // a peered VNet's range (rule:system-routes.peering-routes)
	FromServiceEndpoint                   // a service endpoint (rule:system-routes.service-endpoint-routes)
	FromRouteTable                        // a UDR (section D)
	FromGateway                           // a virtual network gateway or Route Server (rule:system-routes.gateway-routes, rule:route-server.routes-shown-as-gateway)
	FromPrivateEndpoint                   // a private endpoint's /32 (rule:private-endpoints.interface-endpoint-route)
)

// Origin identifies the object behind a route: for FromRouteTable, ID is the
// route table and Name the route; for FromPeering, ID is the peering and Name
// the remote VNet; for FromAddressSpace, ID is the VNet; for
// FromServiceEndpoint, ID is the service; for FromPrivateEndpoint, ID is
// the private endpoint.
type Origin struct {
	Kind OriginKind
	ID   string
	Name string
}

func (o Origin) String() string {
	switch o.Kind {
	case FromAddressSpace:
		return "address space of " + o.ID
	case FromReserved:
		return "reserved range"
	case FromDefaultInternet:
		return "default route"
	case FromPeering:
		return "peering " + o.ID + " to " + o.Name
	case FromServiceEndpoint:
		return "service endpoint " + o.ID
	case FromRouteTable:
		return "route table " + o.ID + " route " + o.Name
	case FromGateway:
		return "gateway " + o.ID
	case FromPrivateEndpoint:
		return "private endpoint " + o.ID
	}
	return "unknown"
}

// MarshalText encodes the human-readable origin.
func (o Origin) MarshalText() ([]byte, error) { return []byte(o.String()), nil }

// Route is one candidate route of a subnet.
type Route struct {
	Prefix    netip.Prefix
	NextHop   NextHopType
	NextHopIP netip.Addr // VirtualAppliance (and informational for gateways); an ECMP route's lowest
	Source    Source
	Origin    Origin
	// more holds an ECMP route's other next hops, sorted, comma-separated
	// (WithNextHops, NextHopIPs); "" for one next hop.
	more string
	// policy is, for a private endpoint's route whose subnet has the
	// route-table policy on, 1 + the prefix length from which a user route
	// containing the endpoint makes it Invalid (WithRouteTablePolicy); 0
	// otherwise.
	policy uint8
	// tied marks a gateway route that won a tie the docs leave open
	// (WithTie).
	tied bool
}

// WithTie returns r, a gateway route, marked as the first by speaker id
// of candidates the documented order does not separate (a VPN gateway's
// and Route Server's paths of equal AS-path length): its reason then says
// so (TiedGatewayFirstByID) instead of "only route".
func (r Route) WithTie() Route { r.tied = true; return r }

// Tied reports whether WithTie marked r.
func (r Route) Tied() bool { return r.tied }

// WithRouteTablePolicy returns r, a private endpoint's route, marked as
// subject to the route-table network policy of the endpoint's subnet
// (rule:private-endpoints.route-table-policy): a user route of the same
// table that contains r's address and is at least bits long (the length
// of the endpoint VNet's address range holding the endpoint) makes r
// Invalid. bits outside 0..128 leave r unchanged.
func (r Route) WithRouteTablePolicy(bits int) Route {
	if bits >= 0 && bits <= 128 {
		r.policy = uint8(bits + 1)
	}
	return r
}

// RouteTablePolicy returns the prefix length WithRouteTablePolicy set, and
// whether it set one.
func (r Route) RouteTablePolicy() (bits int, ok bool) {
	return int(r.policy) - 1, r.policy > 0
}

// overriddenByPolicy reports whether user route u makes r Invalid under
// the route-table policy of r's private endpoint (WithRouteTablePolicy).
func (r Route) overriddenByPolicy(u Route) bool {
	bits, ok := r.RouteTablePolicy()
	return ok && u.Source == User && u.Prefix.Bits() >= bits && u.Prefix.Bits() <= r.Prefix.Bits() &&
		u.Prefix.Masked().Contains(r.Prefix.Addr())
}

// Reason explains an effective route's state.
type Reason uint8

// Reasons. Every Effective carries one.
const (
	// OnlyRoute: no other route has this prefix.
	OnlyRoute Reason = iota
	// UserOverridesDefault: a UDR with the same prefix wins over a system route (rule:outputs.overridden-stay-listed, rule:route-selection.same-prefix-tie-break).
	UserOverridesDefault
	// UserOverridesGateway: a UDR with the same prefix wins over a BGP route (rule:route-selection.same-prefix-tie-break).
	UserOverridesGateway
	// GatewayOverridesDefault: a BGP route with the same prefix wins over a system route (rule:route-selection.same-prefix-tie-break).
	GatewayOverridesDefault
	// ServiceEndpointNotOverridable: a service-endpoint route wins over a UDR with the same prefix (rule:route-selection.service-endpoint-not-overridable).
	ServiceEndpointNotOverridable
	// OverriddenByUser: a UDR with the same prefix replaced this route (rule:outputs.overridden-stay-listed).
	OverriddenByUser
	// OverriddenByGateway: a BGP route with the same prefix replaced this system route (rule:route-selection.same-prefix-tie-break).
	OverriddenByGateway
	// OverriddenByServiceEndpoint: see ServiceEndpointNotOverridable (rule:route-selection.service-endpoint-not-overridable).
	OverriddenByServiceEndpoint
	// SystemBeatsBGP: a BGP route inside a VNet, peering or service-endpoint
	// range loses to the system route even though it is more specific (rule:route-selection.system-beats-more-specific-bgp).
	SystemBeatsBGP
	// DuplicateInTable: a second route with the same prefix in one route
	// table; Azure rejects it (rule:udr.unique-prefix-per-table), the engine keeps the first by name.
	DuplicateInTable
	// OverriddenByPolicyUDR: a private endpoint's /32 made Invalid by a user
	// route at least as long as the endpoint VNet's range, its subnet having
	// the route-table policy on (rule:private-endpoints.route-table-policy).
	OverriddenByPolicyUDR
	// SystemOverridesBGP: a system route (VNet, peering, service endpoint)
	// with a BGP route of the same prefix, which is Invalid (rule:route-selection.system-beats-more-specific-bgp).
	SystemOverridesBGP
	// TiedGatewayFirstByID: a gateway route chosen among candidates the
	// documented order does not separate (Route.Tied; rule:route-server.routing-preference).
	TiedGatewayFirstByID
	// SystemSamePrefix: another system route with the same prefix (two
	// peered VNets, or a VNet and a peer, with one range: ranges Azure
	// refuses to peer, rule:peering.no-overlap) is listed first.
	SystemSamePrefix
)

var reasonText = [...]string{
	OnlyRoute:                     "only route for this prefix",
	UserOverridesDefault:          "user route overrides the system route with the same prefix (rule:outputs.overridden-stay-listed)",
	UserOverridesGateway:          "user route overrides the gateway route with the same prefix (rule:route-selection.same-prefix-tie-break)",
	GatewayOverridesDefault:       "gateway route overrides the system route with the same prefix (rule:route-selection.same-prefix-tie-break)",
	ServiceEndpointNotOverridable: "service endpoint routes cannot be overridden (rule:route-selection.service-endpoint-not-overridable)",
	OverriddenByUser:              "overridden by a user route with the same prefix (rule:outputs.overridden-stay-listed)",
	OverriddenByGateway:           "overridden by a gateway route with the same prefix (rule:route-selection.same-prefix-tie-break)",
	OverriddenByServiceEndpoint:   "service endpoint route wins over this user route (rule:route-selection.service-endpoint-not-overridable)",
	SystemBeatsBGP:                "inside a VNet, peering or service-endpoint range: system route preferred over BGP (rule:route-selection.system-beats-more-specific-bgp)",
	DuplicateInTable:              "duplicate prefix in one route table; Azure rejects it (rule:udr.unique-prefix-per-table)",
	OverriddenByPolicyUDR:         "the private endpoint's subnet has route-table policies on: a user route at least as long as the endpoint VNet's range wins (rule:private-endpoints.route-table-policy)",
	SystemOverridesBGP:            "system route preferred over the BGP route with the same prefix (rule:route-selection.system-beats-more-specific-bgp)",
	SystemSamePrefix:              "another system route with the same prefix is listed first: overlapping ranges, which Azure does not peer (rule:peering.no-overlap)",
	TiedGatewayFirstByID:          "the VNet's gateways and Route Server have paths of equal AS-path length for this prefix; Microsoft's docs do not say which Azure programs, nor that it spreads flows over both, so vnetplay programs one, the first by speaker id (Route Server for an NVA's path, the gateway for its own; its BGP table shows the same choice) (rule:route-server.routing-preference)",
}

func (r Reason) String() string {
	if int(r) < len(reasonText) {
		return reasonText[r]
	}
	return fmt.Sprintf("Reason(%d)", uint8(r))
}

// MarshalText encodes the explanation.
func (r Reason) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// Effective is a route with its state and the reason for it.
type Effective struct {
	Route
	State  State
	Reason Reason
}
