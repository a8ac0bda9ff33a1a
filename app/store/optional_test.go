package store

import (
	"testing"

	"vnetplay/app/kinds"
	"vnetplay/engine/scenario"
)

// TestEmptiedOptionalObjectIsDropped: a field of an optional object (a
// VM's dnsServer, a local network gateway's bgpSettings) typed and then
// cleared leaves the resource as it was, without the object. On the build
// before, the object stayed, empty: the VM was still a DNS server (a
// dnsServer makes it one) and the local network gateway still had
// bgpSettings, which no field showed.
func TestEmptiedOptionalObjectIsDropped(t *testing.T) {
	s := Open(&scenario.Document{})
	mustApply(t, s, Add{Kind: kinds.VNet})
	mustApply(t, s, Add{Kind: kinds.NVA, Into: "vnet1/default"})
	mustApply(t, s, Add{Kind: kinds.VPNGateway, Into: "vnet1"})
	mustApply(t, s, Add{Kind: kinds.Site})
	mustApply(t, s, Connect{From: Ref{Kind: kinds.Gateway, ID: "vpngw1"}, To: Ref{Kind: kinds.Site, ID: "site1"}})
	nva := Ref{Kind: kinds.VM, ID: "nva1"}
	lng := Ref{Kind: kinds.LNG, ID: s.Current().Doc.Topology.LocalNetworkGateways[0].ID}

	steps := []struct {
		what string
		edit Edit
	}{
		{"a forwarder typed", SetProperty{Ref: nva, Path: "dnsServer.forwarders", Value: "168.63.129.16"}},
		{"the forwarder cleared", SetProperty{Ref: nva, Path: "dnsServer.forwarders", Value: ""}},
		{"a conditional forwarder added", SaveItem{Ref: nva, List: "dnsServer.conditionalForwarders", Index: -1,
			Values: map[string]string{"domainName": "corp.example", "targetDnsServers": "192.168.0.10"}}},
		{"the conditional forwarder removed", RemoveItem{Ref: nva, Path: "dnsServer.conditionalForwarders", Index: 0}},
		{"an ASN typed", SetProperty{Ref: lng, Path: "bgpSettings.asn", Value: "65010"}},
		{"the ASN cleared", SetProperty{Ref: lng, Path: "bgpSettings.asn", Value: ""}},
	}
	for i, st := range steps {
		mustApply(t, s, st.edit)
		topo := s.Current().Doc.Topology
		vm, l := topo.VMs[0], topo.LocalNetworkGateways[0]
		set := vm.DNSServer != nil
		switch i {
		case 0, 2:
			if !set {
				t.Fatalf("%s: the VM has no dnsServer", st.what)
			}
		case 1, 3:
			if set {
				t.Errorf("%s: the VM keeps an empty dnsServer %+v: it is still a DNS server", st.what, *vm.DNSServer)
			}
		case 4:
			if l.BgpSettings == nil || l.BgpSettings.Asn != 65010 {
				t.Fatalf("%s: bgpSettings %+v", st.what, l.BgpSettings)
			}
		case 5:
			if l.BgpSettings != nil {
				t.Errorf("%s: the local network gateway keeps an empty bgpSettings %+v", st.what, *l.BgpSettings)
			}
		}
	}

	// A peering side's synced copy of the remote space, typed and cleared,
	// is in sync again (nil); left empty, it read as a stale copy of
	// nothing (rule:peering.address-space-sync).
	mustApply(t, s, Add{Kind: kinds.VNet})
	mustApply(t, s, Connect{From: vnetRef("vnet1"), To: vnetRef("vnet2")})
	peering := Ref{Kind: kinds.Peering, ID: s.Current().Doc.Topology.Peerings[0].ID}
	mustApply(t, s, SetProperty{Ref: peering, Path: "a.remoteAddressSpace.addressPrefixes", Value: "10.1.0.0/16"})
	mustApply(t, s, SetProperty{Ref: peering, Path: "a.remoteAddressSpace.addressPrefixes", Value: ""})
	if got := s.Current().Doc.Topology.Peerings[0].A.RemoteAddressSpace; got != nil {
		t.Errorf("the peering's remoteAddressSpace cleared stays %+v: a stale copy of nothing", *got)
	}

	// The P2S client pool is a node of its own: emptying its last field
	// is refused, not a deletion.
	gw := Ref{Kind: kinds.Gateway, ID: "vpngw1"}
	mustApply(t, s, Add{Kind: kinds.P2S, Into: "vpngw1"})
	mustApply(t, s, RemoveItem{Ref: gw, Path: "vpnClientConfiguration.clients", Index: 0})
	if _, err := s.Apply(SetProperty{Ref: gw, Path: "vpnClientConfiguration.vpnClientAddressPool.addressPrefixes", Value: ""}); err == nil {
		t.Error("the P2S pool's last prefix was cleared")
	}
	if s.Current().Doc.Topology.Gateways[0].VpnClientConfiguration == nil {
		t.Error("clearing the P2S pool's prefix deleted the pool")
	}
}
