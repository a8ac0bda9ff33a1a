package workspace

import (
	"strings"
	"testing"

	"vnetplay/app/canvas"
	"vnetplay/app/kinds"
	"vnetplay/app/store"
	"vnetplay/engine/trace"
)

// simOn opens hub-spoke-firewall and plays vm1 → vm2, paused at its first
// step.
func simOn(t *testing.T) (*Workspace, Sim) {
	t.Helper()
	w, _ := open(t, "hub-spoke-firewall")
	tasks := w.Do(SimStart{From: "vm1/nic0", To: "vm2/nic0"})
	if len(tasks) != 1 || tasks[0].Delay != SimInterval {
		t.Fatalf("SimStart left %+v, want one tick after %v", tasks, SimInterval)
	}
	w.Do(SimPause{})
	s := w.Sim()
	if !s.On || s.Playing || s.Step != 0 {
		t.Fatalf("after start and pause: %+v", s)
	}
	return w, s
}

// TestSimFramesThroughTheFirewall: vm1 → vm2 crosses the hub firewall
// both ways; each hop is a step at its canvas node, with the route table
// route, the peering and the IP forwarding said in words, then the reply,
// then the outcome at the destination.
func TestSimFramesThroughTheFirewall(t *testing.T) {
	_, s := simOn(t)
	vm1, fw, vm2 := canvas.Key(kinds.VM, "vm1"), canvas.Key(kinds.VM, "firewall"), canvas.Key(kinds.VM, "vm2")
	want := []struct {
		kind  SimKind
		key   string
		trail int
		says  []string
	}{
		{SimForward, vm1, 1, []string{"Hop 1 of 3: vm1/nic0", "Route: spoke1/app uses 0.0.0.0/0 → VirtualAppliance 10.0.1.4", "route table rt-spokes route default-to-firewall", "Peering: crosses peering hub-spoke1"}},
		{SimForward, fw, 2, []string{"Hop 2 of 3: firewall/nic0", "Forwarding: firewall forwards (IP forwarding on in Azure and in the guest)", "Route: hub/AzureFirewallSubnet uses 10.2.0.0/16 → VNetPeering"}},
		{SimForward, vm2, 3, []string{"Hop 3 of 3: vm2/nic0", "Delivered: delivered to vm2/nic0"}},
		{SimReturn, vm2, 1, []string{"Reply, hop 1 of 3: vm2/nic0", "route table rt-spokes route default-to-firewall"}},
		{SimReturn, fw, 2, []string{"Reply, hop 2 of 3: firewall/nic0", "IP forwarding"}},
		{SimReturn, vm1, 3, []string{"Reply, hop 3 of 3: vm1/nic0", "delivered to vm1/nic0"}},
		{SimVerdict, vm2, 3, []string{"Outcome", "Packet: delivered to vm2/nic0", "Reply: delivered to vm1/nic0"}},
	}
	if len(s.Steps) != len(want) {
		t.Fatalf("%d steps, want %d: %+v", len(s.Steps), len(want), s.Steps)
	}
	for i, wt := range want {
		f := s.Steps[i]
		c := f.Caption()
		if f.Kind != wt.kind || len(f.Keys) != 1 || f.Keys[0] != wt.key || len(f.Trail) != wt.trail || f.Drop {
			t.Errorf("step %d: kind %d keys %v trail %v drop %v, want kind %d at %s, trail of %d", i, f.Kind, f.Keys, f.Trail, f.Drop, wt.kind, wt.key, wt.trail)
		}
		for _, w := range wt.says {
			if !strings.Contains(c, w) {
				t.Errorf("step %d caption %q lacks %q", i, c, w)
			}
		}
		if strings.Contains(c, "rule:") || strings.Contains(c, "https://") {
			t.Errorf("step %d caption keeps a code or a citation: %q", i, c)
		}
	}
}

// TestSimStepsWithinBounds: Back at the first step and Forward at the
// last stay there; a step by hand pauses.
func TestSimStepsWithinBounds(t *testing.T) {
	w, s := simOn(t)
	n := len(s.Steps)
	w.Do(SimStep{Delta: -1})
	if got := w.Sim().Step; got != 0 {
		t.Fatalf("Back at the first step: step %d", got)
	}
	for range n + 2 {
		w.Do(SimStep{Delta: 1})
	}
	if got := w.Sim().Step; got != n-1 {
		t.Fatalf("Forward past the end: step %d, want %d", got, n-1)
	}
	w.Do(SimStep{Delta: -1})
	if got := w.Sim().Step; got != n-2 {
		t.Fatalf("Back from the end: step %d, want %d", got, n-2)
	}
	w.Do(SimPlay{})
	w.Do(SimStep{Delta: 1})
	if sm := w.Sim(); sm.Playing || sm.Step != n-1 {
		t.Fatalf("a step while playing: %+v", sm)
	}
}

// TestSimPlaysToTheEnd: each tick shows the next step and schedules the
// next one; the last step stops playing; a tick from before a pause does
// nothing; Play at the end starts again; Stop ends it all.
func TestSimPlaysToTheEnd(t *testing.T) {
	w, s := simOn(t)
	n := len(s.Steps)
	tasks := w.Do(SimPlay{})
	stale := SimTick{Gen: w.sim.gen - 1}
	if w.Do(stale); w.Sim().Step != 0 {
		t.Fatal("a tick of an earlier generation moved the simulation")
	}
	for i := 1; i < n; i++ {
		if len(tasks) != 1 || tasks[0].Then == nil {
			t.Fatalf("step %d: no tick scheduled: %+v", i, tasks)
		}
		tasks = w.Do(tasks[0].Then)
		if got := w.Sim().Step; got != i {
			t.Fatalf("tick %d: step %d", i, got)
		}
	}
	if sm := w.Sim(); sm.Playing || len(tasks) != 0 {
		t.Fatalf("at the end: playing %v, tasks %+v", sm.Playing, tasks)
	}
	tasks = w.Do(SimPlay{})
	if sm := w.Sim(); !sm.Playing || sm.Step != 0 || len(tasks) != 1 {
		t.Fatalf("Play at the end: %+v, %d tasks", sm, len(tasks))
	}
	w.Do(SimPause{})
	if w.Do(tasks[0].Then); w.Sim().Step != 0 {
		t.Fatal("a tick after Pause moved the simulation")
	}
	w.Do(SimStop{})
	if sm := w.Sim(); sm.On || len(sm.Steps) != 0 {
		t.Fatalf("after Stop: %+v", sm)
	}
}

// TestSimFollowsTheDesign: an edit that leaves the walk as it was keeps
// the step; one that changes it starts again at the first step of the new
// walk (here without the spoke's route table: dropped where it starts);
// one that removes an endpoint stops the simulation.
func TestSimFollowsTheDesign(t *testing.T) {
	w, _ := simOn(t)
	w.Do(SimStep{Delta: 2})
	w.Do(SetDocName{Name: "Renamed"})
	if got := w.Sim().Step; got != 2 {
		t.Fatalf("a rename of the design moved the simulation to step %d", got)
	}
	w.Do(SetProperty{Ref: store.Ref{Kind: kinds.Subnet, ID: "spoke1/app"}, Path: "routeTable", Value: ""})
	s := w.Sim()
	if !s.On || s.Step != 0 {
		t.Fatalf("after the edit: on %v, step %d", s.On, s.Step)
	}
	last := s.Steps[len(s.Steps)-1]
	if last.Kind != SimVerdict || !last.Drop || last.Disposition.Success() {
		t.Fatalf("the new walk's outcome: %+v", last)
	}
	for _, f := range s.Steps {
		if strings.Contains(f.Caption(), "firewall") {
			t.Errorf("the new walk still passes the firewall: %q", f.Caption())
		}
	}
	w.Do(Select{Key: canvas.Key(kinds.VM, "vm2")})
	w.Do(DeleteSelection{})
	if s := w.Sim(); s.On {
		t.Fatalf("the simulation of a deleted VM goes on: %+v", s)
	}
}

// TestSimFramesShowDrops: with the firewall's IP forwarding off the walk
// is dropped at the firewall, in the bad colour there and on the
// outcome, which stands at the firewall.
func TestSimFramesShowDrops(t *testing.T) {
	w, _ := open(t, "hub-spoke-firewall-forwarding-off")
	w.Do(SimStart{From: "vm1/nic0", To: "vm2/nic0"})
	s := w.Sim()
	fw := canvas.Key(kinds.VM, "firewall")
	var dropped []int
	for i, f := range s.Steps {
		if f.Drop && f.Kind != SimVerdict {
			dropped = append(dropped, i)
		}
	}
	if len(dropped) != 1 || s.Steps[dropped[0]].Keys[0] != fw {
		t.Fatalf("drops at steps %v of %+v, want one at the firewall", dropped, s.Steps)
	}
	if c := s.Steps[dropped[0]].Caption(); !strings.Contains(c, "Dropped: firewall/nic0 has IP forwarding off") {
		t.Errorf("the drop's caption: %q", c)
	}
	last := s.Steps[len(s.Steps)-1]
	if !last.Drop || last.Disposition != trace.DroppedIPForwardingOff || last.Keys[0] != fw {
		t.Errorf("outcome %+v, want dropped (IP forwarding off) at the firewall", last)
	}
}

// TestSimStartRefusesAWalkThatIsNot: endpoints that are not in the design
// leave no simulation and say why.
func TestSimStartRefusesAWalkThatIsNot(t *testing.T) {
	w, _ := open(t, "hub-spoke-firewall")
	w.Do(SimStart{From: "nope/nic0", To: "vm2/nic0"})
	if s := w.Sim(); s.On || !w.Notice().Err {
		t.Fatalf("sim %+v, notice %+v", s, w.Notice())
	}
}

func TestCaptionText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"firewall forwards (IP forwarding on); its own subnet's routes decide next (An NVA forwards by its own NIC's effective routes, https://example.com/x)",
			"firewall forwards (IP forwarding on); its own subnet's routes decide next"},
		{"crosses peering p (a → b, Connected); forwarded by a gateway (Traffic (forwarded) by a gateway, https://e.com) and more", "crosses peering p (a → b, Connected); forwarded by a gateway and more"},
		{"no citation (rule:nva.ip-forwarding)", "no citation"},
		{"unclosed (https://e.com", "unclosed (https://e.com"},
		{"", ""},
	} {
		if got := captionText(tc.in); got != tc.want {
			t.Errorf("captionText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestSimFramesMarkAnAsymmetricDrop: a reply through a stateful firewall
// that never saw the request is dropped there, though the reply's own walk
// got through: the firewall's reply step is marked and says why.
func TestSimFramesMarkAnAsymmetricDrop(t *testing.T) {
	reason := "asymmetric path: the reply goes through stateful firewall, which has no session for it and drops it"
	tr := &trace.Trace{Disposition: trace.DroppedAsymmetric, Reason: reason,
		Hops: []trace.Hop{{Node: "vm1/nic0"}, {Node: "gw"}, {Node: "site/pc"}},
		Return: &trace.Trace{Disposition: trace.Delivered, Reason: "delivered to vm1/nic0",
			Hops: []trace.Hop{{Node: "site/pc"}, {Node: "gw"}, {Node: "firewall/nic0"}, {Node: "vm1/nic0"}}}}
	fs := SimFrames(tr, &canvas.Scene{})
	if len(fs) != 8 {
		t.Fatalf("%d frames, want 8", len(fs))
	}
	for i, f := range fs {
		want := i == 5 || i == 7
		if f.Drop != want {
			t.Errorf("frame %d (%s): drop %v, want %v", i, f.Title, f.Drop, want)
		}
	}
	if c := fs[5].Caption(); !strings.Contains(c, "Dropped: asymmetric path") {
		t.Errorf("the firewall's reply step: %q", c)
	}
	if fs[7].Node != "firewall/nic0" {
		t.Errorf("the outcome stands at %q, want the firewall", fs[7].Node)
	}
}

// TestSimFollowsThePacket: from a view zoomed far out, the simulation
// zooms in to SimZoom, and every step's node is on screen.
func TestSimFollowsThePacket(t *testing.T) {
	w, _ := open(t, "hub-spoke-firewall")
	w.view = canvas.Viewport{Zoom: 0.2}
	w.Do(SimStart{From: "vm1/nic0", To: "vm2/nic0"})
	if z := w.View().Zoom; z != SimZoom {
		t.Fatalf("zoom %v after start, want %v", z, SimZoom)
	}
	for i := range len(w.Sim().Steps) {
		if i > 0 {
			w.Do(SimStep{Delta: 1})
		}
		f := w.Sim().Current()
		n, ok := w.Snap().Scene.Node(f.Keys[0])
		if !ok {
			t.Fatalf("step %d: no node %s", i, f.Keys[0])
		}
		v := w.View()
		x, y := n.Box.X*v.Zoom+v.Pan.X, n.Box.Y*v.Zoom+v.Pan.Y
		if x < 0 || y < 0 || x+n.Box.W*v.Zoom > screen.W || y+n.Box.H*v.Zoom > screen.H {
			t.Errorf("step %d: %s at (%.0f, %.0f) is off the %.0f×%.0f screen", i, f.Keys[0], x, y, screen.W, screen.H)
		}
	}
}
