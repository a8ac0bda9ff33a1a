package workspace

import (
	"slices"
	"strings"
	"testing"
)

// simTitles is the titles of the steps of the simulation started by a
// (nil when it did not start), the simulation then stopped.
func simTitles(t *testing.T, w *Workspace, a SimStart) []string {
	t.Helper()
	w.Do(a)
	s := w.Sim()
	w.Do(SimStop{})
	if !s.On {
		return nil
	}
	out := make([]string, 0, len(s.Steps))
	for _, f := range s.Steps {
		out = append(out, f.Title)
	}
	return out
}

// TestSimStartFromTheNextHopTool: the Next hop tool's question (a NIC and
// an address) plays the same walk as the matrix cell of the endpoint at
// that address, under the Reach question.
func TestSimStartFromTheNextHopTool(t *testing.T) {
	w, _ := open(t, "hub-spoke-firewall")
	cell := simTitles(t, w, SimStart{From: "vm1/nic0", To: "vm2/nic0"})
	if len(cell) == 0 {
		t.Fatal("the matrix cell vm1 → vm2 has no walk")
	}
	for _, ip := range []string{"10.2.1.4", " 10.2.1.4 "} {
		if got := simTitles(t, w, SimStart{From: "vm1/nic0", ToIP: ip}); !slices.Equal(got, cell) {
			t.Errorf("vm1/nic0 → %q: steps %q, want the cell's %q", ip, got, cell)
		}
	}
	w.Do(SimStart{From: "vm1/nic0", ToIP: "8.8.8.8"})
	s := w.Sim()
	if !s.On || len(s.Steps) < 2 || !s.Steps[1].Disposition.Success() || s.Steps[1].Node != "firewall/nic0" {
		t.Errorf("vm1/nic0 → 8.8.8.8: %+v, want a walk out through the firewall", s)
	}
}

// TestSimStartRefusesABadNextHopQuestion: an address that is not one, or
// a source that is not a NIC of the design, leaves no simulation and says
// why.
func TestSimStartRefusesABadNextHopQuestion(t *testing.T) {
	w, _ := open(t, "hub-spoke-firewall")
	for _, a := range []SimStart{
		{From: "vm1/nic0", ToIP: "10.2.1"},
		{From: "vm1/nic0", ToIP: ""},
		{From: "nope/nic0", ToIP: "10.2.1.4"},
		{From: "", ToIP: "10.2.1.4"},
	} {
		if a.ToIP == "" {
			a.To = "nope/nic0" // neither an address nor an endpoint
		}
		w.Do(a)
		if s := w.Sim(); s.On || !w.Notice().Err {
			t.Errorf("%+v: sim %+v, notice %+v", a, s, w.Notice())
		}
	}
}

// TestSimStartFromAnExpectation: a reach expectation plays its own walk:
// its endpoints resolved as the Checks tab resolves them, its protocol and
// port (not the Reach question's), its failure set; other kinds and
// unknown ids play nothing.
func TestSimStartFromAnExpectation(t *testing.T) {
	for _, tc := range []struct {
		scenario, check string
		want            string // the outcome's disposition; "" for no walk
		via             string // a node the forward walk goes through
	}{
		{"hub-spoke-firewall", "spoke-to-spoke-via-firewall", "Delivered", "firewall/nic0"},
		{"hub-spoke-firewall", "internet-via-firewall", "ExitsToInternet", "firewall/nic0"},
		{"hub-spoke-firewall", "spoke-to-hub-direct", "Delivered", ""},
		{"hub-spoke-firewall", "default-udr", "", ""}, // a route expectation
		{"hub-spoke-firewall", "nope", "", ""},
		{"nsg-evaluation-order", "udp-denied-by-4000", "DroppedByNSG", ""}, // the Reach question is TCP 443
		{"vnet2vnet-and-peering", "vm1-to-vm2", "Delivered", ""},
		{"vnet2vnet-and-peering", "vm1-to-vm2-over-tunnel", "Delivered", "vnet1-gw"}, // no failure
		{"vnet2vnet-and-peering", "vm1-to-vm2-all-down", "DroppedByNoneRoute", ""},   // its failure set
	} {
		t.Run(tc.scenario+"/"+tc.check, func(t *testing.T) {
			w, _ := open(t, tc.scenario)
			w.Do(SimStart{Check: tc.check})
			s := w.Sim()
			if tc.want == "" {
				if s.On || !w.Notice().Err || !strings.Contains(w.Notice().Text, tc.check) {
					t.Fatalf("sim %+v, notice %+v; want none, and a notice naming %s", s, w.Notice(), tc.check)
				}
				return
			}
			if !s.On || len(s.Steps) == 0 {
				t.Fatalf("no simulation: notice %+v", w.Notice())
			}
			if got := s.Steps[len(s.Steps)-1].Disposition.String(); got != tc.want {
				t.Errorf("outcome %s, want %s", got, tc.want)
			}
			if tc.via != "" && !slices.ContainsFunc(s.Steps, func(f SimFrame) bool { return f.Kind == SimForward && f.Node == tc.via }) {
				t.Errorf("the walk does not go through %s: %+v", tc.via, s.Steps)
			}
		})
	}
}
