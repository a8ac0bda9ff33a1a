package report

import (
	"fmt"
	"io"
	"strings"

	"vnetplay/engine/bgp"
)

// BGP writes one speaker's tables in the spirit of "show ip bgp" and "show
// ip bgp neighbors X advertised-routes / received-routes": the Loc-RIB with
// the best-path reason per prefix (each equal-cost path on its own "*="
// row after the best, with its next hop; equal paths that are not used
// with it, Best.Tied, named after the best's neighbor), then each session with what was
// advertised (as in the speaker's own table: local routes with next hop
// 0.0.0.0 and weight 32768) and received (as the neighbor sent it).
func BGP(w io.Writer, r *bgp.Result, id string) error {
	sp, ok := r.Speaker(id)
	if !ok {
		return fmt.Errorf("report: unknown BGP speaker %q", id)
	}
	state := ""
	if sp.Down {
		state = ", DOWN"
	}
	if !sp.BGP {
		state += ", no BGP (static routes only)"
	}
	fmt.Fprintf(w, "BGP speaker %s (%s, local AS %d%s)\n", sp.ID, sp.Kind, sp.ASN, state)
	fmt.Fprintln(w, "Loc-RIB:")
	tw := table(w)
	fmt.Fprintln(tw, "  \tNetwork\tNext Hop\tWeight\tPath\tFrom\tReason")
	for _, b := range r.RIB(id) {
		from := b.Neighbor
		if b.Static {
			from = "static via " + b.Neighbor
		}
		if len(b.Multipath) > 0 {
			from += " (ECMP with " + strings.Join(b.Multipath, ", ") + ")"
		}
		if len(b.Tied) > 0 {
			// Equal paths not used with the best (a gateway's and an NVA's at
			// Route Server, rule:route-server.routing-preference): the reason
			// says which vnetplay uses.
			from += " (tie with " + strings.Join(b.Tied, ", ") + ", not used)"
		}
		fmt.Fprintf(tw, "  *>\t%s\t%s\t%d\t%s\t%s\t%s\n", b.Prefix, b.NextHop, b.Weight, b.ASPathString(), from, b.Reason)
		for _, q := range b.Equal {
			// An equal-cost path (ECMP, rule:vpn-gateway.multiple-devices-need-bgp, rule:route-server.as-path-and-ecmp), "*=" as routers mark
			// multipath entries.
			fmt.Fprintf(tw, "  *=\t%s\t%s\t%d\t%s\t%s\t%s\n", q.Prefix, q.NextHop, q.Weight, q.ASPathString(), q.Neighbor+" via "+q.Session, "equal-cost path, used with the best (ECMP)")
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, n := range r.Neighbors(id) {
		st := "Up"
		if !n.Session.Up {
			st = "Down: " + n.Session.Why
		}
		mode := "BGP"
		if !n.Session.BGP {
			mode = "static"
		}
		tun := ""
		switch {
		case !n.Session.Up && n.Session.Tunnels > 0:
			// The tunnel is up, its BGP session is not (a refused ASN).
			tun = fmt.Sprintf(", %d/%d tunnels up, BGP session down", n.Session.Tunnels, n.Session.Of)
		case n.Session.Of > 0:
			tun = fmt.Sprintf(", %d/%d tunnels or sessions up", n.Session.Tunnels, n.Session.Of)
		}
		fmt.Fprintf(w, "\nNeighbor %s (%s, AS %d) session %s [%s, %s] %s%s\n", n.PeerAddr, n.Peer, n.PeerASN, n.Session.ID, n.Session.Kind, mode, st, tun)
		if err := pathTable(w, "advertised-routes", n.Advertised); err != nil {
			return err
		}
		if err := pathTable(w, "received-routes", n.Received); err != nil {
			return err
		}
	}
	return nil
}

func pathTable(w io.Writer, title string, ps []bgp.Path) error {
	fmt.Fprintf(w, "  %s (%d):\n", title, len(ps))
	if len(ps) == 0 {
		return nil
	}
	tw := table(w)
	fmt.Fprintln(tw, "    \tNetwork\tNext Hop\tWeight\tPath")
	for _, p := range ps {
		fmt.Fprintf(tw, "    *>\t%s\t%s\t%d\t%s\n", p.Prefix, p.NextHop, p.Weight, p.ASPathString())
	}
	return tw.Flush()
}

// Sessions writes every BGP/static session of a design.
func Sessions(w io.Writer, r *bgp.Result) error {
	tw := table(w)
	fmt.Fprintln(tw, "Session\tKind\tA\tB\tMode\tState")
	for _, s := range r.Sessions() {
		mode, st := "BGP", "Up"
		if !s.BGP {
			mode = "static"
		}
		if !s.Up {
			st = "Down: " + s.Why
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", s.ID, s.Kind, s.A, s.B, mode, st)
	}
	return tw.Flush()
}
