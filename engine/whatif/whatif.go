// Package whatif applies failures to a design and reports what changes:
// Apply fails a list of components ({kind, target}, model.Failure) and
// diffs the result against the intact design; Components lists everything
// that can fail; Sweep fails each component alone (N-1) and ranks the single
// points of failure by how many endpoint pairs lose reachability.
//
// All functions are pure: they never modify the document and keep no
// state between calls.
package whatif

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/diff"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
)

// ErrUnknownComponent is returned (wrapped) for a failure whose kind or
// target names nothing in the design.
var ErrUnknownComponent = errors.New("unknown failure")

// Result is one what-if.
type Result struct {
	Failures []model.Failure    `json:"failures"`
	Before   *dataplane.Plane   `json:"-"`
	After    *dataplane.Plane   `json:"-"`
	Changes  *diff.Changes      `json:"changes"`
	Notes    []string           `json:"notes"`
	Diags    []model.Diagnostic `json:"diagnostics,omitempty"`
}

// Components lists every failable component of doc's design, sorted by
// kind then target (model.Components).
func Components(doc *scenario.Document) []model.Component { return model.Components(&doc.Topology) }

// Check validates failures against doc's components.
func Check(doc *scenario.Document, failures []model.Failure) error {
	known := map[model.Failure]bool{}
	for _, c := range Components(doc) {
		known[c.Failure] = true
	}
	for _, f := range failures {
		if !known[f] {
			if !slices.Contains(model.FailureKinds(), f.Kind) {
				return fmt.Errorf("%w: kind %q (want one of %s)", ErrUnknownComponent, f.Kind, strings.Join(model.FailureKinds(), ", "))
			}
			return fmt.Errorf("%w: %s has no target %q in this design", ErrUnknownComponent, f.Kind, f.Target)
		}
	}
	return nil
}

// Apply fails the given components of doc's design, recomputes it and diffs
// it against the intact design. Notes give the documented failover times
// for the failed components (informational).
func Apply(doc *scenario.Document, failures []model.Failure) (*Result, error) {
	if err := Check(doc, failures); err != nil {
		return nil, err
	}
	return apply(doc, diff.Take(dataplane.Build(&doc.Topology)), failures), nil
}

func apply(doc *scenario.Document, before *diff.Snapshot, failures []model.Failure) *Result {
	after := dataplane.Build(&doc.Topology, dataplane.WithFailures(failures))
	r := &Result{Failures: slices.Clone(failures), Before: before.Plane(), After: after, Changes: diff.Compare(before, diff.Take(after)), Notes: Notes(&doc.Topology, failures)}
	if b := after.BGP(); b != nil {
		r.Diags = b.Diagnostics
	}
	return r
}

// ParseTargets turns "ID[,ID…]" into failures by looking each id up among
// the components: an id that is the target of exactly one component (or
// "kind:target") selects it.
func ParseTargets(doc *scenario.Document, list string) ([]model.Failure, error) {
	comps := Components(doc)
	var out []model.Failure
	for _, id := range strings.Split(list, ",") {
		id = strings.TrimSpace(id)
		if id == "" {
			continue
		}
		var match []model.Failure
		for _, c := range comps {
			if c.Target == id || c.Kind+":"+c.Target == id {
				match = append(match, c.Failure)
			}
		}
		switch len(match) {
		case 0:
			return nil, fmt.Errorf("%w: no failable component %q", ErrUnknownComponent, id)
		case 1:
			out = append(out, match[0])
		default:
			var names []string
			for _, m := range match {
				names = append(names, m.Kind+":"+m.Target)
			}
			return nil, fmt.Errorf("%w: %q is ambiguous (%s); write KIND:TARGET", ErrUnknownComponent, id, strings.Join(names, ", "))
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: no component given", ErrUnknownComponent)
	}
	return out, nil
}

// Notes returns the documented failover behaviour of each failure (rule:vpn-gateway.active-standby–rule:vpn-gateway.bgp-timers,
// rule:p2s.failover-disconnects, rule:expressroute.private-peering-sessions, rule:expressroute.preferred-over-vpn, rule:expressroute.failover-to-vpn, rule:route-server.asn-and-peers), in input order.
func Notes(t *model.Topology, failures []model.Failure) []string {
	var out []string
	gw := func(id string) (model.VirtualNetworkGateway, bool) {
		for _, g := range t.Gateways {
			if g.ID == id {
				return g, true
			}
		}
		return model.VirtualNetworkGateway{}, false
	}
	failed := make(map[model.Failure]bool, len(failures))
	for _, f := range failures {
		failed[f] = true
	}
	pairDone := map[string]bool{} // gateways and circuits whose two halves are both failed, noted once
	for _, f := range failures {
		switch f.Kind {
		case model.GatewayInstanceDown:
			id := strings.TrimSuffix(strings.TrimSuffix(f.Target, "/0"), "/1")
			g, _ := gw(id)
			if bothHalvesFailed(failed, model.GatewayInstanceDown, id, "/0", "/1") {
				if !pairDone[id] {
					pairDone[id] = true
					out = append(out, f.String()+": both instances failed, so gateway "+id+" is down: every tunnel and BGP session of the gateway is down, no instance takes over; P2S clients are disconnected (rule:vpn-gateway.active-standby, rule:p2s.failover-disconnects)")
				}
				continue
			}
			if g.ActiveActive {
				out = append(out, f.String()+": active-active: this instance's tunnels drop and traffic moves to the other instance's tunnels; with BGP the withdrawal can take up to the 180 s hold time (rule:vpn-gateway.active-active, rule:vpn-gateway.bgp-timers)")
			} else {
				out = append(out, f.String()+": active-standby: the standby instance takes over the tunnels; about 10–15 s for planned maintenance, up to about 3 minutes unplanned (rule:vpn-gateway.active-standby; the sources give different times)")
			}
			if g.VpnClientConfiguration != nil {
				out = append(out, f.String()+": P2S clients are disconnected and must reconnect (rule:vpn-gateway.active-standby, rule:p2s.failover-disconnects)")
			}
		case model.GatewayDown:
			out = append(out, f.String()+": every tunnel and BGP session of the gateway is down; P2S clients are disconnected (rule:p2s.failover-disconnects)")
		case model.ConnectionDown, model.SiteDown:
			if f.Kind == model.ConnectionDown && isExpressRouteConnection(t, f.Target) {
				out = append(out, f.String()+": the ExpressRoute routes learned over this connection are withdrawn"+vpnTakeover(t, failed, erConnection(t, f.Target)))
				continue
			}
			if f.Kind == model.SiteDown {
				er, vpn := siteLinks(t, f.Target)
				if er {
					out = append(out, f.String()+": over ExpressRoute its routes are withdrawn when the circuit's BGP sessions drop, fast only with BFD on the customer router (rule:expressroute.failover-to-vpn)")
				}
				if !vpn && er {
					continue
				}
			}
			out = append(out, f.String()+": with BGP, routes are withdrawn after the 180 s hold time at worst (no BFD on S2S, rule:vpn-gateway.bgp-timers); static LNG prefixes are not withdrawn, so static designs do not fail over by routing (rule:vpn-gateway.static-routes-do-not-fail-over)")
		case model.CircuitDown:
			out = append(out, f.String()+": ExpressRoute routes are withdrawn"+vpnTakeover(t, failed, model.Connection{Peer: f.Target}))
		case model.CircuitSessionDown:
			id, _, _ := strings.Cut(f.Target, "/")
			if note, ok := circuitSessionNote(t, failed, f, pairDone); ok {
				out = append(out, note)
			} else if !pairDone[id] {
				out = append(out, f.String()+": the circuit's other BGP session keeps it up; both sessions are active (rule:expressroute.private-peering-sessions); detection is fast only with BFD enabled on the customer router (rule:expressroute.failover-to-vpn)")
			}
		case model.RouteServerPeerDown:
			out = append(out, f.String()+": Route Server withdraws the NVA's routes after the 180 s hold time at worst (rule:route-server.asn-and-peers)")
		case model.ApplianceDown:
			if peersWithRouteServer(t, f.Target) {
				out = append(out, f.String()+": Route Server withdraws the NVA's routes after the 180 s hold time at worst (rule:route-server.asn-and-peers)")
			} else {
				out = append(out, f.String()+": the UDRs that point at it stay in place and their traffic is dropped; for NVA high availability, point the UDRs at an internal load balancer or use Route Server ECMP (rule:nva.high-availability)")
			}
		case model.PeeringDown:
			out = append(out, f.String()+": peering and gateway-transit routes disappear; P2S clients keep stale routes until they re-download the profile (rule:peering.p2s-profile-refresh)")
		}
	}
	return out
}

// circuitSessionNote is the note for session failure f of a circuit of t
// when the circuit's sessions that remain cannot keep it up: every session
// it configures has failed (noted once per circuit, pairDone), or f names a
// session it does not configure (rule:expressroute.private-peering-sessions).
// ok is false when another configured session keeps the circuit up, or when
// the circuit was already noted.
func circuitSessionNote(t *model.Topology, failed map[model.Failure]bool, f model.Failure, pairDone map[string]bool) (note string, ok bool) {
	id, leg, _ := strings.Cut(f.Target, "/")
	i := slices.IndexFunc(t.Circuits, func(c model.ExpressRouteCircuit) bool { return c.ID == id })
	if i < 0 {
		return "", false
	}
	legs := t.Circuits[i].Legs()
	if !slices.ContainsFunc(legs, func(l model.CircuitLeg) bool { return l.Name == leg }) {
		return f.String() + ": circuit " + id + " configures no " + leg + " BGP session (its link prefix is not set), so there is nothing to fail (rule:expressroute.private-peering-sessions)", true
	}
	for _, l := range legs {
		if !failed[model.Failure{Kind: model.CircuitSessionDown, Target: id + "/" + l.Name}] {
			return "", false
		}
	}
	if pairDone[id] {
		return "", false
	}
	pairDone[id] = true
	if len(legs) == 1 {
		return f.String() + ": this is the circuit's only BGP session (it configures no other link; rule:expressroute.private-peering-sessions), so circuit " + id + " is down: its ExpressRoute routes are withdrawn" + vpnTakeover(t, failed, model.Connection{Peer: id}), true
	}
	return f.String() + ": both BGP sessions failed (rule:expressroute.private-peering-sessions), so circuit " + id + " is down: its ExpressRoute routes are withdrawn" + vpnTakeover(t, failed, model.Connection{Peer: id}), true
}

// vpnTakeover is the clause of an ExpressRoute failure note about the VPN
// that backs up er's circuit (er.Peer), through er's gateway when
// er.VirtualNetworkGateway1 is set: a coexisting VPN takes over only when
// one has a path (rule:expressroute.preferred-over-vpn, rule:expressroute.failover-to-vpn).
func vpnTakeover(t *model.Topology, failed map[model.Failure]bool, er model.Connection) string {
	site := ""
	if i := slices.IndexFunc(t.Circuits, func(c model.ExpressRouteCircuit) bool { return c.ID == er.Peer }); i >= 0 {
		site = t.Circuits[i].Site
	}
	if gw, conn, ok := backupVPN(t, failed, er, site); ok {
		return "; a coexisting VPN takes over (gateway " + gw + ", connection " + conn + " to site " + site + "; rule:expressroute.preferred-over-vpn), in under 10 s in the docs' lab (rule:expressroute.failover-to-vpn)"
	}
	return "; no coexisting VPN gateway in the ExpressRoute gateway's VNet has a working connection to site " + site + ", so there is no VPN path to fail over to (rule:expressroute.preferred-over-vpn)"
}

// backupVPN finds the VPN gateway and site-to-site connection, neither
// failed, that back up circuit er.Peer: a VPN gateway in the VNet of an
// ExpressRoute gateway linked to the circuit (er.VirtualNetworkGateway1
// only, when set) with a connection to a local network gateway of site.
func backupVPN(t *model.Topology, failed map[model.Failure]bool, er model.Connection, site string) (gw, conn string, ok bool) {
	gws := map[string]model.VirtualNetworkGateway{}
	for _, g := range t.Gateways {
		gws[g.ID] = g
	}
	erVNets := map[string]bool{}
	for _, c := range t.Connections {
		if c.ConnectionType == model.ConnExpressRoute && c.Peer == er.Peer && (er.VirtualNetworkGateway1 == "" || c.VirtualNetworkGateway1 == er.VirtualNetworkGateway1) {
			if g, ok := gws[c.VirtualNetworkGateway1]; ok {
				erVNets[g.VNet] = true
			}
		}
	}
	lngs := map[string]bool{}
	for _, l := range t.LocalNetworkGateways {
		lngs[l.ID] = site != "" && l.Site == site
	}
	for _, c := range t.Connections {
		g, known := gws[c.VirtualNetworkGateway1]
		if c.ConnectionType != model.ConnIPsec || !known || !g.IsVpn() || !erVNets[g.VNet] || !lngs[c.LocalNetworkGateway2] ||
			failed[model.Failure{Kind: model.ConnectionDown, Target: c.ID}] || failed[model.Failure{Kind: model.GatewayDown, Target: g.ID}] {
			continue
		}
		if !ok || c.ID < conn {
			gw, conn, ok = g.ID, c.ID, true
		}
	}
	return gw, conn, ok
}

// erConnection returns connection id of t (its zero value when absent).
func erConnection(t *model.Topology, id string) model.Connection {
	for _, c := range t.Connections {
		if c.ID == id {
			return c
		}
	}
	return model.Connection{}
}

// siteLinks reports whether site id of t is reached over an ExpressRoute
// circuit that a gateway connects to, and over a site-to-site connection.
func siteLinks(t *model.Topology, id string) (er, vpn bool) {
	circuits, lngs := map[string]bool{}, map[string]bool{}
	for _, c := range t.Circuits {
		if c.Site == id {
			circuits[c.ID] = true
		}
	}
	for _, l := range t.LocalNetworkGateways {
		if l.Site == id {
			lngs[l.ID] = true
		}
	}
	for _, c := range t.Connections {
		switch c.ConnectionType {
		case model.ConnExpressRoute:
			er = er || circuits[c.Peer]
		case model.ConnIPsec:
			vpn = vpn || lngs[c.LocalNetworkGateway2]
		}
	}
	return er, vpn
}

// isExpressRouteConnection reports whether connection id of t links an
// ExpressRoute gateway to a circuit.
func isExpressRouteConnection(t *model.Topology, id string) bool {
	for _, c := range t.Connections {
		if c.ID == id {
			return c.ConnectionType == model.ConnExpressRoute
		}
	}
	return false
}

// bothHalvesFailed reports whether failed holds kind for both id+a and
// id+b: both instances of a gateway, both sessions of a circuit.
func bothHalvesFailed(failed map[model.Failure]bool, kind, id, a, b string) bool {
	return failed[model.Failure{Kind: kind, Target: id + a}] && failed[model.Failure{Kind: kind, Target: id + b}]
}

// SPOF is one component's N-1 result.
type SPOF struct {
	Component model.Component   `json:"component"`
	Lost      []diff.PairChange `json:"lost"`
	Moved     int               `json:"moved"`
}

// Sweep fails each component of doc's design alone (N-1) and reports, for
// each, the endpoint pairs that lose reachability (Lost, as
// diff.Changes.Lost of Apply would list them) and how many keep it over
// other nodes (Moved). Results are sorted by impact: most lost pairs
// first, then kind, then target. progress, if not nil, is called after
// each component with the count done, the total and that component.
//
// Cancellation: Sweep checks ctx before each component and before each
// packet walk of every design it compares (the intact one and each failed
// one), so it stops within one walk, or one data-plane build, of ctx being
// done. It then returns the results of the components it finished, sorted
// as above (never nil, possibly empty: N = len(results)), with an error
// that wraps ctx.Err() and says "after N of M components" (M =
// len(Components(doc))). A component whose evaluation was interrupted is
// left out, never reported half done. A nil error means every component
// is in the results.
func Sweep(ctx context.Context, doc *scenario.Document, progress func(done, total int, c model.Component)) ([]SPOF, error) {
	comps := Components(doc)
	out := make([]SPOF, 0, len(comps))
	stopped := func(err error) ([]SPOF, error) {
		sortSPOFs(out)
		return out, fmt.Errorf("whatif: sweep cancelled after %d of %d components: %w", len(out), len(comps), err)
	}
	if len(comps) == 0 {
		return out, nil
	}
	if err := ctx.Err(); err != nil {
		return stopped(err)
	}
	before, err := diff.TakeContext(ctx, dataplane.Build(&doc.Topology))
	if err != nil {
		return stopped(err)
	}
	for i, c := range comps {
		if err := ctx.Err(); err != nil {
			return stopped(err)
		}
		// Only the pairs matter here: the route and BGP diffs of apply
		// were most of a sweep's time.
		after, err := diff.TakeContext(ctx, dataplane.Build(&doc.Topology, dataplane.WithFailures([]model.Failure{c.Failure})))
		if err != nil {
			return stopped(err)
		}
		out = append(out, impact(c, diff.ComparePairs(before, after)))
		if progress != nil {
			progress(i+1, len(comps), c)
		}
	}
	sortSPOFs(out)
	return out, nil
}

// sortSPOFs sorts by lost pairs (most first), then kind, then target.
func sortSPOFs(s []SPOF) {
	slices.SortStableFunc(s, func(a, b SPOF) int {
		if len(a.Lost) != len(b.Lost) {
			return len(b.Lost) - len(a.Lost)
		}
		if c := strings.Compare(a.Component.Kind, b.Component.Kind); c != 0 {
			return c
		}
		return strings.Compare(a.Component.Target, b.Component.Target)
	})
}

// peersWithRouteServer reports whether VM vm is a BGP peer of a Route
// Server: one of its NICs' addresses is a peer address.
func peersWithRouteServer(t *model.Topology, vm string) bool {
	for _, v := range t.VMs {
		if v.ID != vm {
			continue
		}
		for _, n := range v.NICs {
			for _, rs := range t.RouteServers {
				for _, c := range rs.BgpConnections {
					if c.PeerIP != "" && c.PeerIP == n.PrivateIPAddress {
						return true
					}
				}
			}
		}
	}
	return false
}
