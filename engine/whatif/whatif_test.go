package whatif

import (
	"context"
	"errors"
	"os"
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
		t.Errorf("F149: hub/app 192.168.0.0/20 should move from the ER gateway to the VPN gateway: %+v", r.Changes.Routes)
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
	if len(r.Notes) == 0 || !strings.Contains(r.Notes[0], "F150") {
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
	// BGP devices is not (F96, F97).
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
