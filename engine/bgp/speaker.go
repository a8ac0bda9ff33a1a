// Package bgp computes the hybrid control plane of a design: one BGP speaker
// per VPN or ExpressRoute gateway, ExpressRoute circuit (its MSEE pair, AS
// 12076), Route Server, NVA peer and on-premises site router; the sessions
// between them (IPsec with or without BGP, VNet-to-VNet, ExpressRoute,
// circuit private peering, Global Reach, Route Server); each speaker's
// Adj-RIB-In per neighbor, Loc-RIB with a best-path reason per decision (in
// the spirit of gobgp), and Adj-RIB-Out; and from those the
// VirtualNetworkGateway routes every gateway VNet programs into its subnets.
// A VPN gateway's Loc-RIB (RIB) also holds the ExpressRoute paths of the
// ExpressRoute gateway in its VNet, with weight 32769, and prefers them
// (rule:expressroute.failover-to-vpn); they are laid over the converged
// tables, as the VPN gateway neither advertises nor forwards on them
// (rule:expressroute.no-vpn-transit-without-route-server).
//
// Compute iterates synchronous rounds to a fixed point, capped at MaxRounds;
// a design that does not converge yields a bgp.not-converged diagnostic and
// the last round's tables. Iteration is always in sorted order, so results
// do not depend on input order. The rounds run per component (speakers
// linked by sessions), which reach their fixed points independently, and
// over one prefix of each class of prefixes that every input of the
// rounds treats alike (classes.go: a site's thousands of /24s are one
// class), whose tables stand for the whole class.
//
// Update is Compute for a new version of a design, computed from the
// previous result: that result itself when no input Compute reads changed
// (inputKey), else only the components whose speakers or sessions changed
// run again, and in the others only the prefixes whose inputs changed
// (paths of different prefixes never meet; prefix limits and the round
// count, which add up over prefixes, are checked from per-round records).
// Its results are exactly Compute's.
//
// Compute and Update never panic and never mutate their input; a Result
// is immutable and safe for concurrent use.
package bgp

import (
	"cmp"
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"vnetplay/engine/model"
)

// MaxRounds caps the fixed-point iteration.
const MaxRounds = 64

// Kind is a speaker's role.
type Kind string

// Speaker kinds.
const (
	VpnGateway          Kind = "VpnGateway"
	ExpressRouteGateway Kind = "ExpressRouteGateway"
	MSEE                Kind = "MSEE"
	RouteServer         Kind = "RouteServer"
	NVA                 Kind = "NVA"
	SiteRouter          Kind = "Site"
)

// Origin is the BGP origin attribute.
type Origin uint8

// Origins, in preference order.
const (
	IGP Origin = iota
	EGP
	Incomplete
)

func (o Origin) String() string {
	switch o {
	case IGP:
		return "i"
	case EGP:
		return "e"
	}
	return "?"
}

// MarshalText encodes the Cisco-style code (i, e, ?).
func (o Origin) MarshalText() ([]byte, error) { return []byte(o.String()), nil }

// Speaker is one BGP speaker (or, for a gateway without BGP, a static router).
type Speaker struct {
	ID   string `json:"id"`
	Kind Kind   `json:"kind"`
	ASN  uint32 `json:"asn"`
	// VNet is the VNet of a gateway, Route Server or NVA.
	VNet string `json:"vnet,omitempty"`
	// Address is the BGP peering address shown as next hop to neighbors.
	Address string `json:"address,omitempty"`
	// BGP is false for a gateway that runs no BGP (static routes only).
	BGP  bool `json:"bgp"`
	Down bool `json:"down,omitempty"`
}

// SessionKind classifies a session.
type SessionKind string

// Session kinds.
const (
	SessIPsec       SessionKind = "IPsec"        // gateway ↔ site router over a S2S tunnel
	SessVnet2Vnet   SessionKind = "Vnet2Vnet"    // gateway ↔ gateway
	SessER          SessionKind = "ExpressRoute" // ExpressRoute gateway ↔ MSEE
	SessPeering     SessionKind = "PrivatePeering"
	SessGlobalReach SessionKind = "GlobalReach"
	SessRouteServer SessionKind = "RouteServer" // Route Server ↔ NVA (eBGP, multihop)
	SessRSGateway   SessionKind = "RouteServerGateway"
)

// Session joins two speakers. BGP sessions exchange routes; static ones
// (BGP false) install configured prefixes at each end.
type Session struct {
	ID   string      `json:"id"`
	Kind SessionKind `json:"kind"`
	A    string      `json:"a"`
	B    string      `json:"b"`
	BGP  bool        `json:"bgp"`
	Up   bool        `json:"up"`
	// Why explains a session that is down.
	Why string `json:"why,omitempty"`
	// Tunnels is how many tunnels (or BGP sessions of a circuit) are up, of
	// Of; informational (active-active, rule:vpn-gateway.active-active, rule:vpn-gateway.multiple-devices-need-bgp; circuit pairs, rule:expressroute.private-peering-sessions).
	Tunnels int `json:"tunnels,omitempty"`
	Of      int `json:"of,omitempty"`

	weightAtA, weightAtB int            // applied on import (ER routingWeight, rule:bgp.as-path-and-weight)
	limitAtA, limitAtB   int            // max prefixes accepted (rule:bgp.prefix-limit, rule:expressroute.circuit-prefix-limits, rule:route-server.limits)
	filterFromA          []netip.Prefix // A's outbound exact-match permit list (nil: all)
	filterFromB          []netip.Prefix // B's
	staticAtA, staticAtB []netip.Prefix // static prefixes each end installs toward the other
	staticExportA        bool           // A re-advertises its statics of this session (LNG prefixes, rule:bgp.what-gateway-advertises)
	addrA, addrB         string         // each end's address on this session ("" = the speaker's)
	// keepStatics: the session is down but its LNG prefixes stay installed
	// at the gateway: a static S2S tunnel that failed, whose prefixes are not
	// withdrawn (rule:vpn-gateway.static-routes-do-not-fail-over), or an up
	// tunnel whose BGP session does not establish (Tunnels > 0; its statics
	// are installed next to BGP, rule:bgp.lng-prefixes-with-bgp).
	keepStatics bool
}

// Peer returns the other end of s from speaker id.
func (s *Session) Peer(id string) string {
	if s.A == id {
		return s.B
	}
	return s.A
}

// Path is one route in a RIB.
type Path struct {
	Prefix netip.Prefix `json:"prefix"`
	ASPath []uint32     `json:"asPath"`
	Origin Origin       `json:"origin"`
	// Neighbor is the speaker it was learned from ("" when local).
	Neighbor string `json:"neighbor,omitempty"`
	Session  string `json:"session,omitempty"`
	// NextHop is the neighbor's address ("0.0.0.0" for local routes, as
	// routers print them).
	NextHop string `json:"nextHop"`
	Weight  int    `json:"weight"`
	// Local: originated by this speaker; Static: a configured static route.
	Local  bool `json:"local,omitempty"`
	Static bool `json:"static,omitempty"`
	// ViaER: the path entered Azure over ExpressRoute (rule:expressroute.preferred-over-vpn, rule:expressroute.failover-to-vpn, rule:route-server.routing-preference).
	ViaER bool `json:"viaExpressRoute,omitempty"`
	// NoAdvertise: community NO_ADVERTISE (rule:route-server.no-advertise).
	NoAdvertise bool `json:"noAdvertise,omitempty"`
	// FromRS: learned from a Route Server over an internal session.
	FromRS bool `json:"-"`
	// nva marks a Route Server path an NVA injected (rule:route-server.injection-scope).
	nva bool
	// pool marks a gateway's P2S client pool.
	pool bool
	// lng marks a static LNG prefix the gateway re-advertises (rule:bgp.what-gateway-advertises).
	lng bool
	// globalReach marks a path an MSEE learned from the other circuit of a
	// Global Reach link: internal to AS 12076, ranked after the paths of
	// the circuit's own private peering (rule:expressroute.global-reach-own-circuit-first).
	globalReach bool
}

// ASPathString prints the AS path and origin like "12076 65150 i".
func (p Path) ASPathString() string {
	var b strings.Builder
	for _, a := range p.ASPath {
		b.WriteString(strconv.FormatUint(uint64(a), 10))
		b.WriteByte(' ')
	}
	b.WriteString(p.Origin.String())
	return b.String()
}

// PathOnly prints just the AS numbers ("" for an empty path).
func (p Path) PathOnly() string {
	s := make([]string, len(p.ASPath))
	for i, a := range p.ASPath {
		s[i] = strconv.FormatUint(uint64(a), 10)
	}
	return strings.Join(s, " ")
}

func (p Path) equal(q Path) bool {
	return p.Prefix == q.Prefix && slices.Equal(p.ASPath, q.ASPath) && p.Origin == q.Origin && p.Neighbor == q.Neighbor &&
		p.Session == q.Session && p.NextHop == q.NextHop && p.Weight == q.Weight && p.Local == q.Local && p.Static == q.Static &&
		p.ViaER == q.ViaER && p.NoAdvertise == q.NoAdvertise && p.FromRS == q.FromRS && p.nva == q.nva && p.pool == q.pool && p.lng == q.lng &&
		p.globalReach == q.globalReach
}

// Reason explains a best-path decision, like gobgp's BestPathReason.
type Reason string

// Best-path reasons, in the order they are tried.
const (
	ReasonOnlyPath  Reason = "only path"
	ReasonLocal     Reason = "locally originated or static (weight 32768)"
	ReasonWeight    Reason = "higher weight (ExpressRoute routingWeight, rule:bgp.as-path-and-weight, rule:expressroute.circuit-hairpin; or a site preferring ExpressRoute, rule:expressroute.preferred-over-vpn)"
	ReasonERGateway Reason = "higher weight (32769): ExpressRoute path from the VNet's ExpressRoute gateway (rule:expressroute.failover-to-vpn)"
	ReasonER        Reason = "ExpressRoute preferred over VPN and NVA paths (rule:expressroute.preferred-over-vpn, rule:expressroute.failover-to-vpn, rule:route-server.routing-preference)"
	ReasonVpnPref   Reason = "hubRoutingPreference VpnGateway: VPN and NVA paths preferred over ExpressRoute (rule:route-server.routing-preference)"
	ReasonASPath    Reason = "shorter AS path (rule:bgp.as-path-and-weight, rule:route-server.as-path-and-ecmp)"
	ReasonOrigin    Reason = "lower origin"
	// ReasonOwnCircuit: Microsoft documents no order between the two paths;
	// vnetplay follows ordinary BGP (an external path before an internal
	// one) and says so, as the rule book's list of conflicts asks.
	ReasonOwnCircuit Reason = "path from the circuit's own private peering preferred over the Global Reach path: Microsoft documents no order for the MSEE, vnetplay ranks the external path before the internal one as BGP does (rule:expressroute.global-reach-own-circuit-first)"
	// ReasonNeighborID is the words every equal-cost reason starts with;
	// the Loc-RIB holds the speaker kind's own reason (ECMPReason).
	ReasonNeighborID Reason = "equal paths: ECMP, first by neighbor id"
)

// Equal-cost reasons by speaker kind: each starts with ReasonNeighborID's
// words and cites what Azure documents for that kind of speaker.
const (
	ReasonECMPVpn          Reason = ReasonNeighborID + " (several on-premises devices or tunnels share the traffic: rule:vpn-gateway.multiple-devices-need-bgp, rule:route-selection.gateway-route-preference)"
	ReasonECMPExpressRoute Reason = ReasonNeighborID + " (circuits of equal connection weight and AS path: rule:expressroute.connection-weight, rule:route-selection.gateway-route-preference)"
	ReasonECMPRouteServer  Reason = ReasonNeighborID + " (NVAs with equal AS paths are all programmed: rule:route-server.as-path-and-ecmp)"
	ReasonECMPMSEE         Reason = ReasonNeighborID + " (Microsoft documents no order for the MSEE between equal paths of its circuit, such as VNets linked to it; vnetplay records ECMP: rule:expressroute.circuit-hairpin)"
	ReasonECMPSite         Reason = ReasonNeighborID + " (the on-premises router's own policy decides; vnetplay assumes ECMP over the gateway's tunnels and links: rule:vpn-gateway.active-active, rule:expressroute.preferred-over-vpn)"
	ReasonECMPNVA          Reason = ReasonNeighborID + " (the NVA's own policy decides; vnetplay assumes ECMP over what Route Server sends: rule:route-server.as-path-and-ecmp)"
)

// Reasons of Route Server when a gateway's path and an NVA's (or two
// gateways') tie (Best.Tied): Microsoft documents neither which Azure
// programs nor ECMP between them, so vnetplay says what it chose
// (rule:route-server.routing-preference). ReasonRouteServerTie is not an
// equal-cost reason (ECMP is false); ReasonECMPRouteServerTie is Route
// Server's equal-cost reason for NVAs used together, with the tie added.
const (
	routeServerTieWords             = "paths of equal AS-path length from a gateway and an NVA (or two gateways); Microsoft's docs do not say which Azure programs, nor that it spreads flows over both: vnetplay uses one, the first by the id of the speaker that programs it (Route Server for an NVA's path, the gateway for its own) (rule:route-server.routing-preference)"
	ReasonRouteServerTie     Reason = routeServerTieWords
	ReasonECMPRouteServerTie Reason = ReasonECMPRouteServer + "; " + routeServerTieWords
)

// ECMPReason returns the equal-cost reason of a speaker of kind k; an
// unknown kind gets ReasonNeighborID.
func ECMPReason(k Kind) Reason {
	switch k {
	case VpnGateway:
		return ReasonECMPVpn
	case ExpressRouteGateway:
		return ReasonECMPExpressRoute
	case RouteServer:
		return ReasonECMPRouteServer
	case MSEE:
		return ReasonECMPMSEE
	case SiteRouter:
		return ReasonECMPSite
	case NVA:
		return ReasonECMPNVA
	}
	return ReasonNeighborID
}

// ECMP reports whether r is an equal-cost reason (of any speaker kind).
func (r Reason) ECMP() bool { return strings.HasPrefix(string(r), string(ReasonNeighborID)) }

// Best is the Loc-RIB entry for one prefix.
type Best struct {
	Path
	Reason Reason `json:"reason"`
	// Multipath lists the other equal-cost paths' neighbors (ECMP).
	Multipath []string `json:"multipath,omitempty"`
	// Equal holds the other equal-cost paths themselves (those Multipath
	// names): the paths that tie with the best on every attribute the
	// best-path selection compares (ECMP; rule:vpn-gateway.multiple-devices-need-bgp, rule:route-server.as-path-and-ecmp), in tie-break order.
	// Route Server programs their NVAs as next hops too (rule:route-server.as-path-and-ecmp).
	Equal []Path `json:"equalPaths,omitempty"`
	// Tied lists, at Route Server, the neighbors whose paths tie with the
	// best on every attribute the selection compares but are not used with
	// it: a gateway's path and an NVA's (or two gateways'), which
	// Microsoft's docs neither order nor spread flows over
	// (rule:route-server.routing-preference); vnetplay uses the first by
	// the id of the speaker that programs it (tiebreakAt). Sorted.
	Tied []string `json:"tiedWith,omitempty"`
}

// NextHops returns the next hop of b's path and of each equal-cost path,
// without repeats, in tie-break order: every next hop the speaker uses for
// the prefix.
func (b Best) NextHops() []string {
	out := []string{b.NextHop}
	for _, p := range b.Equal {
		if !slices.Contains(out, p.NextHop) {
			out = append(out, p.NextHop)
		}
	}
	return out
}

// Preference is how an Azure speaker ranks ExpressRoute paths against VPN
// and NVA paths of the same prefix and weight (rule:expressroute.preferred-over-vpn, rule:expressroute.failover-to-vpn, rule:route-server.routing-preference).
type Preference uint8

// Preferences. Non-Azure speakers use PreferNone.
const (
	PreferNone Preference = iota
	PreferExpressRoute
	PreferVpn
	PreferASPath
)

// ParsePreference reads Route Server's hubRoutingPreference, in any case
// (default ExpressRoute, rule:route-server.routing-preference). A value
// model.HubRoutingPreference does not know reads as ExpressRoute; Validate
// reports it (routeserver.routing-preference).
func ParsePreference(s string) Preference {
	p, _ := model.HubRoutingPreference(s)
	switch p {
	case model.PreferVpnGateway:
		return PreferVpn
	case model.PreferASPath:
		return PreferASPath
	}
	return PreferExpressRoute
}

func comparePaths(a, b Path, pref Preference) (int, Reason) {
	al, bl := a.Local || a.Static, b.Local || b.Static
	if al != bl {
		if al {
			return -1, ReasonLocal
		}
		return 1, ReasonLocal
	}
	if a.Weight != b.Weight {
		return -cmp.Compare(a.Weight, b.Weight), ReasonWeight
	}
	if (pref == PreferExpressRoute || pref == PreferVpn) && a.ViaER != b.ViaER {
		why := ReasonER
		if pref == PreferVpn {
			why = ReasonVpnPref
		}
		if a.ViaER == (pref == PreferExpressRoute) {
			return -1, why
		}
		return 1, why
	}
	if len(a.ASPath) != len(b.ASPath) {
		return cmp.Compare(len(a.ASPath), len(b.ASPath)), ReasonASPath
	}
	if a.Origin != b.Origin {
		return cmp.Compare(a.Origin, b.Origin), ReasonOrigin
	}
	if a.globalReach != b.globalReach {
		return cmpBool(a.globalReach, b.globalReach), ReasonOwnCircuit
	}
	return 0, ReasonNeighborID
}

// cmpBool orders false before true.
func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

func tiebreak(a, b Path) int {
	if c := cmp.Compare(a.Neighbor, b.Neighbor); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Session, b.Session); c != 0 {
		return c
	}
	return cmp.Compare(a.PathOnly(), b.PathOnly())
}

// programmer is the speaker that programs path p of Route Server self
// into the VNet: Route Server for an NVA's path, else the neighbor it came
// from (a gateway, which programs its own routes).
func programmer(self string, p *Path) string {
	if p.nva {
		return self
	}
	return p.Neighbor
}

// tiebreakAt orders equal paths at speaker self of kind k: by neighbor id
// (tiebreak), except that at Route Server a gateway's path and an NVA's
// are ordered first by the id of the speaker that programs each
// (programmer): Microsoft's docs do not say which of them Azure programs
// (rule:route-server.routing-preference), and vnetplay programs the first
// by speaker id (bestCandidate), so Route Server's Loc-RIB names the same
// path its VNet is programmed with.
func tiebreakAt(self string, k Kind) func(a, b Path) int {
	if k != RouteServer {
		return tiebreak
	}
	return func(a, b Path) int {
		if c := cmp.Compare(programmer(self, &a), programmer(self, &b)); c != 0 {
			return c
		}
		return tiebreak(a, b)
	}
}

// usedTogether reports whether equal paths a and b of a speaker of kind k
// are both used (ECMP): at Route Server only NVA paths are
// (rule:route-server.as-path-and-ecmp); a gateway's path is used alone
// (rule:route-server.routing-preference). Elsewhere all equal paths are.
func usedTogether(a, b *Path, k Kind) bool {
	return k != RouteServer || a.nva && b.nva
}

// selectBest picks the best path among cands (all for one prefix) for
// speaker self of kind k; equal paths get k's reason (ECMPReason), and at
// Route Server equal paths not used with the best (usedTogether) are
// listed in Tied, with the reason saying vnetplay's choice.
func selectBest(cands []Path, azure Preference, self string, k Kind) Best {
	if len(cands) == 1 {
		return Best{Path: cands[0], Reason: ReasonOnlyPath}
	}
	sorted := slices.Clone(cands)
	tb := tiebreakAt(self, k)
	slices.SortStableFunc(sorted, func(a, b Path) int {
		if c, _ := comparePaths(a, b, azure); c != 0 {
			return c
		}
		return tb(a, b)
	})
	b := Best{Path: sorted[0], Reason: ReasonOnlyPath}
	if len(sorted) == 1 {
		return b
	}
	_, why := comparePaths(sorted[0], sorted[1], azure)
	b.Reason = why
	if why == ReasonNeighborID {
		b.Reason = ECMPReason(k)
		for _, p := range sorted[1:] {
			label := p.Neighbor
			if p.Neighbor == sorted[0].Neighbor {
				label += " via " + p.Session // a second tunnel to the same site (rule:vpn-gateway.active-active, rule:vpn-gateway.multiple-devices-need-bgp)
			}
			if x, _ := comparePaths(sorted[0], p, azure); x != 0 || p.Neighbor == "" || (p.Neighbor == sorted[0].Neighbor && p.Session == sorted[0].Session) {
				continue
			}
			if !usedTogether(&sorted[0], &p, k) {
				if !slices.Contains(b.Tied, p.Neighbor) {
					b.Tied = append(b.Tied, p.Neighbor)
				}
				continue
			}
			if !slices.Contains(b.Multipath, label) {
				b.Multipath = append(b.Multipath, label)
				b.Equal = append(b.Equal, p)
			}
		}
		if len(b.Tied) > 0 {
			slices.Sort(b.Tied)
			b.Reason = ReasonRouteServerTie
			if len(b.Equal) > 0 {
				b.Reason = ReasonECMPRouteServerTie
			}
		}
	}
	return b
}

func isPrivateASN(a uint32) bool {
	return a >= 64512 && a <= 65534 || a >= 4200000000 && a <= 4294967294
}

func comparePrefix(a, b netip.Prefix) int {
	if c := a.Addr().Compare(b.Addr()); c != 0 {
		return c
	}
	return cmp.Compare(a.Bits(), b.Bits())
}

// errorf formats a diagnostic or explanation message.
func errorf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
