package trace

import (
	"net/netip"
	"strings"
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
)

// ecmpTopo: a hub with Route Server and two NVAs announcing 172.20.0.0/16
// with equal AS paths (rule:route-server.as-path-and-ecmp), a spoke using the hub's Route Server (rule:route-server.injection-scope),
// and a UDR on the NVA subnet that sends the branch prefix out (the rule:route-server.nva-subnet-loop
// fix: without it the NVAs' own subnet would send the packet back to them).
// nva2Forwards false turns nva2's guest forwarding off (rule:nva.ip-forwarding).
func ecmpTopo(nva2Forwards bool) model.Topology {
	nva := func(id, ip string, fwd bool) model.VM {
		return model.VM{ID: id, GuestIPForwarding: fwd, NICs: []model.NIC{{Name: "nic0", Subnet: "hub/nva", PrivateIPAddress: ip, EnableIPForwarding: true}}}
	}
	return model.Topology{
		VNets: []model.VNet{
			{ID: "hub", AddressSpace: model.AddressSpace{AddressPrefixes: []string{"10.0.0.0/16"}}, Subnets: []model.Subnet{
				{Name: "nva", AddressPrefix: "10.0.1.0/24", RouteTable: "nva-rt"}, {Name: model.RouteServerSubnet, AddressPrefix: "10.0.254.0/26"}}},
			{ID: "spoke", AddressSpace: model.AddressSpace{AddressPrefixes: []string{"10.1.0.0/16"}}, Subnets: []model.Subnet{{Name: "app", AddressPrefix: "10.1.1.0/24"}}},
		},
		Peerings: []model.Peering{{ID: "hub-spoke", A: model.PeeringLink{VNet: "hub", AllowGatewayTransit: true, AllowForwardedTraffic: true},
			B: model.PeeringLink{VNet: "spoke", UseRemoteGateways: true, AllowForwardedTraffic: true}}},
		RouteTables: []model.RouteTable{{ID: "nva-rt", Routes: []model.Route{{Name: "branch", AddressPrefix: "172.20.0.0/16", NextHopType: "Internet"}}}},
		VMs: []model.VM{nva("nva1", "10.0.1.4", true), nva("nva2", "10.0.1.5", nva2Forwards),
			{ID: "vm", NICs: []model.NIC{{Name: "nic0", Subnet: "spoke/app", PrivateIPAddress: "10.1.1.4"}}}},
		RouteServers: []model.RouteServer{{ID: "rs", VNet: "hub", BgpConnections: []model.RouteServerPeer{
			{Name: "nva1", PeerIP: "10.0.1.4", PeerAsn: 65001, Advertise: []model.Advertisement{{Prefix: "172.20.0.0/16"}}},
			{Name: "nva2", PeerIP: "10.0.1.5", PeerAsn: 65002, Advertise: []model.Advertisement{{Prefix: "172.20.0.0/16"}}},
		}}},
	}
}

// ecmpFlows returns, per ECMP branch (0: 10.0.1.4, 1: 10.0.1.5), a flow
// from vm to the branch prefix that the hash sends that way: the
// branches are reachable by some flows.
func ecmpFlows(t *testing.T) [2]Flow {
	t.Helper()
	var out [2]Flow
	var found [2]bool
	for port := 40000; port < 40100 && !(found[0] && found[1]); port++ {
		f := Flow{Src: "vm/nic0", SrcIP: netip.MustParseAddr("10.1.1.4"), DstIP: netip.MustParseAddr("172.20.1.1"), Protocol: "Tcp", SrcPort: port, DstPort: 443}
		i := ECMPIndex(f, 2)
		if !found[i] {
			out[i], found[i] = f, true
		}
	}
	if !found[0] || !found[1] {
		t.Fatalf("no source port in 40000-40099 hashes to both branches: %v", found)
	}
	return out
}

// TestECMPIndex: the engine's hash is stable (same flow, same branch),
// stays in range, and spreads flows differing only in a port.
func TestECMPIndex(t *testing.T) {
	f := Flow{SrcIP: netip.MustParseAddr("10.1.1.4"), DstIP: netip.MustParseAddr("172.20.1.1"), Protocol: "Tcp", SrcPort: 50000, DstPort: 443}
	first := ECMPIndex(f, 3)
	seen := map[int]bool{}
	for range 5 {
		if got := ECMPIndex(f, 3); got != first {
			t.Fatalf("same flow, different branch: %d then %d", first, got)
		}
	}
	for port := 1; port <= 200; port++ {
		f.SrcPort = port
		i := ECMPIndex(f, 3)
		if i < 0 || i >= 3 {
			t.Fatalf("index %d out of range", i)
		}
		seen[i] = true
	}
	if len(seen) != 3 {
		t.Errorf("200 source ports reached only branches %v of 3", seen)
	}
	if ECMPIndex(f, 1) != 0 || ECMPIndex(f, 0) != 0 {
		t.Error("one or no next hop must give branch 0")
	}
}

// TestECMPWalk: rule:route-server.as-path-and-ecmp — a walk through the spoke's ECMP route follows the
// NVA the flow's hash picks and says so; the same flow always follows the
// same NVA; both NVAs carry some flows; when both branches forward, the
// reason claims nothing more.
func TestECMPWalk(t *testing.T) {
	topo := ecmpTopo(true)
	p := dataplane.Build(&topo)
	nvas := [2]string{"nva1/nic0", "nva2/nic0"}
	ips := [2]string{"10.0.1.4", "10.0.1.5"}
	for i, f := range ecmpFlows(t) {
		tr := Run(p, f)
		out := render(tr)
		if tr.Disposition != ExitsToInternet {
			t.Fatalf("branch %d: want the flow to leave through the NVA's UDR:\n%s", i, out)
		}
		want := "ECMP across 10.0.1.4 (nva1/nic0), 10.0.1.5 (nva2/nic0): Azure spreads flows by a hash of the 5-tuple; this walk follows " + ips[i] + " (" + nvas[i] + ")"
		if !strings.Contains(out, want) || !strings.Contains(out, "Azure does not document it, rule:route-server.as-path-and-ecmp") {
			t.Errorf("branch %d: want step %q in\n%s", i, want, out)
		}
		if via := tr.Via(); !containsStr(via, nvas[i]) || containsStr(via, nvas[1-i]) {
			t.Errorf("branch %d: walk goes via %v, want %s only", i, via, nvas[i])
		}
		if strings.Contains(tr.Reason, "ECMP branches") {
			t.Errorf("branch %d: both branches forward alike, the reason must not flag them: %s", i, tr.Reason)
		}
		if again := render(Run(p, f)); again != out {
			t.Errorf("branch %d: the same flow walked twice differently:\n%s\n%s", i, out, again)
		}
	}
}

// TestECMPBranchesDiffer: when one NVA drops (guest forwarding off, rule:nva.ip-forwarding)
// and the other forwards, each flow's walk follows its own branch, and its
// reason flags that other flows of the pair may fare otherwise; the
// Walker (the matrix's walks) answers the same.
func TestECMPBranchesDiffer(t *testing.T) {
	topo := ecmpTopo(false)
	p := dataplane.Build(&topo)
	w := NewWalker(p, Options{}, true)
	flows := ecmpFlows(t)
	for i, want := range [2]Disposition{ExitsToInternet, DroppedIPForwardingOff} {
		tr := Run(p, flows[i])
		if tr.Disposition != want {
			t.Fatalf("branch %d: %s, want %s:\n%s", i, tr.Disposition, want, render(tr))
		}
		for _, part := range []string{"ECMP branches end differently", "via 10.0.1.4 (nva1/nic0) ExitsToInternet", "via 10.0.1.5 (nva2/nic0) DroppedIPForwardingOff", "undocumented hash (rule:route-server.as-path-and-ecmp)"} {
			if !strings.Contains(tr.Reason, part) {
				t.Errorf("branch %d: reason lacks %q: %s", i, part, tr.Reason)
			}
		}
		if strings.Count(tr.Reason, "ECMP branches") != 1 {
			t.Errorf("branch %d: the note must appear once: %s", i, tr.Reason)
		}
		if d, why := w.Outcome(flows[i]); d != tr.Disposition || why != tr.Reason {
			t.Errorf("branch %d: Walker says %s %q, Run says %s %q", i, d, why, tr.Disposition, tr.Reason)
		}
	}
}

func containsStr(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}
