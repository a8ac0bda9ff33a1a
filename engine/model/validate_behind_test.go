package model

import (
	"strings"
	"testing"
)

// TestValidateNetworksBehind checks the networks an NVA fronts
// (rule:nva.networks-behind): a clean one has no diagnostic; each mistake
// gets its code at its path.
func TestValidateNetworksBehind(t *testing.T) {
	withBehind := func(nb ...NetworkBehind) Topology {
		b := base()
		b.VMs[0].NetworksBehind = nb
		return b
	}
	branches := NetworkBehind{Name: "branches", AddressPrefixes: []string{"192.168.0.0/16"}, Hosts: []Host{{ID: "pc", IPAddress: "192.168.1.10"}}}
	clean := withBehind(branches)
	if ds := Validate(&clean, nil); len(ds) != 0 {
		t.Fatalf("a valid network behind an NVA has diagnostics:\n%s", codes(ds))
	}
	for _, tc := range []struct {
		name string
		topo func() Topology
		code string
		sev  Severity
	}{
		{"no name", func() Topology { n := branches; n.Name = ""; return withBehind(n) }, "nva.behind-name", Error},
		{"duplicate name", func() Topology { return withBehind(branches, branches) }, "id.duplicate", Error},
		{"no prefixes", func() Topology { n := branches; n.AddressPrefixes, n.Hosts = nil, nil; return withBehind(n) }, "nva.behind-prefixes", Error},
		{"invalid prefix", func() Topology { n := branches; n.AddressPrefixes = []string{"192.168.1.0/16"}; return withBehind(n) }, "prefix.invalid", Error},
		{"host outside", func() Topology {
			n := branches
			n.Hosts = []Host{{ID: "pc", IPAddress: "172.16.0.1"}}
			return withBehind(n)
		}, "host.outside-network", Error},
		{"host address invalid", func() Topology { n := branches; n.Hosts = []Host{{ID: "pc", IPAddress: "nope"}}; return withBehind(n) }, "host.ip-invalid", Error},
		{"duplicate host", func() Topology {
			n := branches
			n.Hosts = []Host{{ID: "pc", IPAddress: "192.168.1.10"}, {ID: "pc", IPAddress: "192.168.1.11"}}
			return withBehind(n)
		}, "id.duplicate", Error},
		{"overlaps a VNet", func() Topology {
			n := branches
			n.AddressPrefixes, n.Hosts = []string{"10.1.0.0/24"}, nil
			return withBehind(n)
		}, "nva.behind-overlaps-vnet", Warning},
		{"NVA does not forward", func() Topology { b := withBehind(branches); b.VMs[0].NICs[0].EnableIPForwarding = false; return b }, "nva.behind-not-forwarding", Warning},
		{"guest does not forward", func() Topology { b := withBehind(branches); b.VMs[0].GuestIPForwarding = false; return b }, "nva.behind-not-forwarding", Warning},
	} {
		t.Run(tc.name, func(t *testing.T) {
			topo := tc.topo()
			ds := Validate(&topo, nil)
			for _, d := range ds {
				if d.Code == tc.code && d.Severity == tc.sev && strings.HasPrefix(d.Path, "virtualMachines[fw].networksBehind") {
					return
				}
			}
			t.Errorf("want %s (%v) under virtualMachines[fw].networksBehind, got:\n%s", tc.code, tc.sev, codes(ds))
		})
	}
}
