package whatif

import (
	"context"
	"errors"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/diff"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
)

func doc(t *testing.T, name string) *scenario.Document {
	t.Helper()
	b, err := os.ReadFile("../../scenarios/" + name + ".json")
	if err != nil {
		t.Fatal(err)
	}
	d, _, err := scenario.Decode(b, scenario.Strict)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestApplyCircuitDown(t *testing.T) {
	d := doc(t, "er-vpn-coexistence")
	r, err := Apply(d, []model.Failure{{Kind: model.CircuitDown, Target: "er-circuit"}})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, c := range r.Changes.Routes {
		if c.Subnet == "hub/app" && c.Prefix == "192.168.0.0/20" {
			found = strings.Contains(c.Before, "10.0.255.6") && strings.Contains(c.After, "10.0.255.4")
		}
	}
	if !found {
		t.Errorf("rule:expressroute.preferred-over-vpn: hub/app 192.168.0.0/20 should move from the ER gateway to the VPN gateway: %+v", r.Changes.Routes)
	}
	moved := false
	for _, p := range r.Changes.Pairs {
		if p.From == "vm-hub/nic0" && p.To == "onprem/pc" {
			moved = p.Change == diff.PathChanged && strings.Contains(p.Before, "hub-ergw") && strings.Contains(p.After, "hub-vpngw")
		}
		if p.Change == diff.Lost {
			t.Errorf("nothing should be lost with a VPN backup: %+v", p)
		}
	}
	if !moved {
		t.Errorf("vm-hub → onprem/pc should move from ExpressRoute to VPN: %+v", r.Changes.Pairs)
	}
	if len(r.Notes) == 0 || !strings.Contains(r.Notes[0], "rule:expressroute.failover-to-vpn") {
		t.Errorf("notes: %v", r.Notes)
	}
}

func TestApplyErrorsAndTargets(t *testing.T) {
	d := doc(t, "er-vpn-coexistence")
	for _, fs := range [][]model.Failure{{{Kind: "Nope", Target: "x"}}, {{Kind: model.CircuitDown, Target: "missing"}}} {
		if _, err := Apply(d, fs); !errors.Is(err, ErrUnknownComponent) {
			t.Errorf("%v: want ErrUnknownComponent, got %v", fs, err)
		}
	}
	fs, err := ParseTargets(d, "er-circuit, hub-spoke")
	if err != nil || len(fs) != 2 || fs[0].Kind != model.CircuitDown || fs[1].Kind != model.PeeringDown {
		t.Errorf("ParseTargets = %v, %v", fs, err)
	}
	if _, err := ParseTargets(d, "nothing"); !errors.Is(err, ErrUnknownComponent) {
		t.Errorf("unknown target: %v", err)
	}
	if fs, err := ParseTargets(d, "GatewayInstanceDown:hub-vpngw/1"); err != nil || fs[0].Target != "hub-vpngw/1" {
		t.Errorf("KIND:TARGET form: %v %v", fs, err)
	}
}

func TestSweep(t *testing.T) {
	d := doc(t, "s2s-policy-vs-route-based")
	var calls, total int
	res, err := Sweep(context.Background(), d, func(done, n int, c model.Component) {
		calls++
		total = n
		if done != calls {
			t.Errorf("progress out of order: %d after %d calls", done, calls)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if calls != len(Components(d)) || total != calls || len(res) != calls {
		t.Fatalf("progress %d/%d for %d components", calls, total, len(res))
	}
	for i := 1; i < len(res); i++ {
		if len(res[i].Lost) > len(res[i-1].Lost) {
			t.Fatal("sweep not sorted by impact")
		}
	}
	// The single policy-based tunnel is a single point of failure; one of two
	// BGP devices is not (rule:vpn-gateway.multiple-devices-need-bgp, rule:vpn-gateway.static-routes-do-not-fail-over).
	lost := map[string]int{}
	for _, s := range res {
		lost[s.Component.Failure.String()] = len(s.Lost)
	}
	if lost["ConnectionDown:branch-s2s"] == 0 || lost["ConnectionDown:dc-s2s-1"] != 0 || lost["GatewayInstanceDown:dc-gw/0"] != 0 {
		t.Errorf("unexpected impacts: %v", lost)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Sweep(ctx, d, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled sweep: %v", err)
	}
}

func TestDiffOfSameIsEmpty(t *testing.T) {
	d := doc(t, "er-spoke-vpn-route-server")
	p := dataplane.Build(&d.Topology)
	if c := diff.Diff(p, dataplane.Build(&d.Topology)); !c.Empty() {
		t.Errorf("diff of identical designs: %+v", c)
	}
}

// TestSweepEqualsApply checks each component's N-1 result against Apply of
// that one failure: the same Lost pairs (texts included) and the same
// number of moved pairs. Sweep walks the pairs itself (to be cancellable);
// this keeps it in step with diff.
func TestSweepEqualsApply(t *testing.T) {
	for _, name := range []string{"s2s-policy-vs-route-based", "er-vpn-coexistence", "er-spoke-vpn-route-server", "hub-spoke-firewall", "p2s-hub-spoke"} {
		d := doc(t, name)
		res, err := Sweep(context.Background(), d, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range res {
			r, err := Apply(d, []model.Failure{s.Component.Failure})
			if err != nil {
				t.Fatal(err)
			}
			want, moved := r.Changes.Lost(), 0
			for _, p := range r.Changes.Pairs {
				if p.Change == diff.PathChanged {
					moved++
				}
			}
			if want == nil {
				want = []diff.PairChange{}
			}
			if !reflect.DeepEqual(s.Lost, want) || s.Moved != moved {
				t.Errorf("%s %v: sweep lost %v moved %d; Apply lost %v moved %d", name, s.Component.Failure, s.Lost, s.Moved, want, moved)
			}
		}
	}
}

// TestSweepCancelledKeepsPartialResults cancels the sweep after two
// components: the two results come back, sorted like a full sweep's, with
// an error wrapping context.Canceled that says how far it got.
func TestSweepCancelledKeepsPartialResults(t *testing.T) {
	d := doc(t, "er-spoke-vpn-route-server")
	full, err := Sweep(context.Background(), d, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var done []model.Component
	res, err := Sweep(ctx, d, func(n, total int, c model.Component) {
		done = append(done, c)
		if n == 2 {
			cancel()
		}
	})
	if len(res) != 2 || len(done) != 2 {
		t.Fatalf("%d results, %d progress calls; want the 2 finished", len(res), len(done))
	}
	total := len(Components(d))
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), fmt.Sprintf("after 2 of %d components", total)) {
		t.Fatalf("err = %v, want context.Canceled after 2 of %d", err, total)
	}
	want := map[model.Failure]SPOF{}
	for _, s := range full {
		want[s.Component.Failure] = s
	}
	for i, s := range res {
		if !reflect.DeepEqual(s, want[s.Component.Failure]) {
			t.Errorf("partial result %v differs from the full sweep's", s.Component.Failure)
		}
		if i > 0 && len(s.Lost) > len(res[i-1].Lost) {
			t.Error("partial results not sorted by impact")
		}
		if !slices.ContainsFunc(done, func(c model.Component) bool { return c.Failure == s.Component.Failure }) {
			t.Errorf("%v reported but not finished", s.Component.Failure)
		}
	}
}

// flipCtx is a context whose Err turns to context.Canceled after ok calls,
// to stop a computation at a chosen check.
type flipCtx struct {
	context.Context
	ok    int
	calls int
}

func (c *flipCtx) Err() error {
	c.calls++
	if c.calls > c.ok {
		return context.Canceled
	}
	return nil
}

// TestSweepStopsInsideAComponent stops the sweep in the middle of the
// walks of one design (the intact one, then the first failed one): no
// component is reported, none half done, and the walks did not run to
// their end (Sweep checks the context before each walk, not only between
// components).
func TestSweepStopsInsideAComponent(t *testing.T) {
	d := doc(t, "er-spoke-vpn-route-server")
	p := dataplane.Build(&d.Topology)
	eps := len(p.NICs()) + len(p.HybridEndpoints())
	if eps < 3 {
		t.Fatalf("design too small: %d endpoints", eps)
	}
	walks := eps * eps // every ordered pair, and each endpoint to the Internet
	// Sweep checks once at the start, before each walk of the intact
	// design, once before each component, then before each of its walks.
	// The context turns done after ok checks: 2 stops the intact design's
	// walks after one; walks+3 stops the first component's after one.
	for _, ok := range []int{2, walks + 3} {
		ctx := &flipCtx{Context: context.Background(), ok: ok}
		calls := 0
		res, err := Sweep(ctx, d, func(int, int, model.Component) { calls++ })
		if !errors.Is(err, context.Canceled) || res == nil || len(res) != 0 || calls != 0 {
			t.Errorf("done after %d checks: %d results, %d progress calls, err %v; want none and Canceled", ok, len(res), calls, err)
		}
		if ctx.calls != ok+1 {
			t.Errorf("done after %d checks: Err called %d times: the walks went on after the context was done", ok, ctx.calls)
		}
	}
}

// TestNotesApplianceDown: a failed NVA that peers with a Route Server is
// withdrawn after the hold time (rule:route-server.asn-and-peers); one that only UDRs point at is not
// withdrawn by anything, and the note says how Azure designs make it highly
// available (rule:nva.high-availability) instead of naming a Route Server the design does not have.
func TestNotesApplianceDown(t *testing.T) {
	topo := model.Topology{
		VMs: []model.VM{{ID: "fw", NICs: []model.NIC{{Name: "nic0", Subnet: "hub/nva", PrivateIPAddress: "10.0.1.4", EnableIPForwarding: true}}}},
	}
	down := []model.Failure{{Kind: model.ApplianceDown, Target: "fw"}}
	notes := Notes(&topo, down)
	if len(notes) != 1 || strings.Contains(notes[0], "Route Server withdraws") || !strings.Contains(notes[0], "rule:nva.high-availability") {
		t.Errorf("without a Route Server: %q", notes)
	}
	topo.RouteServers = []model.RouteServer{{ID: "rs", VNet: "hub", BgpConnections: []model.RouteServerPeer{{Name: "fw", PeerIP: "10.0.1.4", PeerAsn: 65001}}}}
	notes = Notes(&topo, down)
	if len(notes) != 1 || !strings.Contains(notes[0], "Route Server withdraws") {
		t.Errorf("with the NVA peering with Route Server: %q", notes)
	}
}

// TestNotesCircuitOnlySession: failing the only BGP session a circuit
// configures takes it down; the note must not say the other session keeps it
// up (rule:expressroute.private-peering-sessions, audit n/f138_nosecondary).
func TestNotesCircuitOnlySession(t *testing.T) {
	topo := model.Topology{Circuits: []model.ExpressRouteCircuit{{ID: "ckt", Site: "dc", PeerASN: 65020, PrimaryPeerAddressPrefix: "172.16.0.0/30"}}}
	for _, prefix := range []string{"172.16.0.0/30", ""} {
		topo.Circuits[0].PrimaryPeerAddressPrefix = prefix
		notes := Notes(&topo, []model.Failure{{Kind: model.CircuitSessionDown, Target: "ckt/primary"}})
		if len(notes) != 1 || strings.Contains(notes[0], "keeps it up") || !strings.Contains(notes[0], "only BGP session") {
			t.Errorf("primary %q, no secondary: %q", prefix, notes)
		}
	}
	topo.Circuits[0].PrimaryPeerAddressPrefix, topo.Circuits[0].SecondaryPeerAddressPrefix = "172.16.0.0/30", "172.16.0.4/30"
	notes := Notes(&topo, []model.Failure{{Kind: model.CircuitSessionDown, Target: "ckt/primary"}})
	if len(notes) != 1 || !strings.Contains(notes[0], "other BGP session keeps it up") {
		t.Errorf("both sessions configured: %q", notes)
	}
}

// TestNotesVPNTakeoverOnlyWithVPN: the ExpressRoute failure notes say a
// coexisting VPN takes over only when the design has a VPN gateway in the
// ExpressRoute gateway's VNet with a connection to the circuit's site
// (rule:expressroute.preferred-over-vpn, rule:expressroute.failover-to-vpn); audit f137_base has none.
func TestNotesVPNTakeoverOnlyWithVPN(t *testing.T) {
	topo := model.Topology{
		Gateways:    []model.VirtualNetworkGateway{{ID: "ergw", VNet: "hub", GatewayType: model.GatewayExpressRoute}},
		Circuits:    []model.ExpressRouteCircuit{{ID: "ckt", Site: "dc", PeerASN: 65020, PrimaryPeerAddressPrefix: "172.16.0.0/30", SecondaryPeerAddressPrefix: "172.16.0.4/30"}},
		Connections: []model.Connection{{ID: "c-er", ConnectionType: model.ConnExpressRoute, VirtualNetworkGateway1: "ergw", Peer: "ckt"}},
	}
	sets := [][]model.Failure{
		{{Kind: model.CircuitDown, Target: "ckt"}},
		{{Kind: model.CircuitSessionDown, Target: "ckt/primary"}, {Kind: model.CircuitSessionDown, Target: "ckt/secondary"}},
		{{Kind: model.ConnectionDown, Target: "c-er"}},
	}
	for _, fs := range sets {
		notes := strings.Join(Notes(&topo, fs), "\n")
		if strings.Contains(notes, "VPN takes over") || strings.Contains(notes, "10 s") || !strings.Contains(notes, "no coexisting VPN") {
			t.Errorf("%v without a VPN gateway: %q", fs, notes)
		}
	}
	topo.Gateways = append(topo.Gateways, model.VirtualNetworkGateway{ID: "vpngw", VNet: "hub", GatewayType: model.GatewayVpn})
	topo.LocalNetworkGateways = []model.LocalNetworkGateway{{ID: "dc-lng", Site: "dc"}}
	topo.Connections = append(topo.Connections, model.Connection{ID: "c-vpn", ConnectionType: model.ConnIPsec, VirtualNetworkGateway1: "vpngw", LocalNetworkGateway2: "dc-lng"})
	for _, fs := range sets {
		notes := strings.Join(Notes(&topo, fs), "\n")
		if !strings.Contains(notes, "VPN takes over") {
			t.Errorf("%v with VPN gateway vpngw connected to dc: %q", fs, notes)
		}
	}
}
