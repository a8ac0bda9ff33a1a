package diff

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"vnetplay/engine/model"
)

// base is a small topology every resource test edits a copy of.
func base() model.Topology {
	return model.Topology{
		VNets: []model.VNet{
			{ID: "hub", AddressSpace: model.AddressSpace{AddressPrefixes: []string{"10.0.0.0/16"}},
				Subnets: []model.Subnet{{Name: "fw", AddressPrefix: "10.0.1.0/24"}, {Name: "mgmt", AddressPrefix: "10.0.2.0/24"}}},
			{ID: "spoke", AddressSpace: model.AddressSpace{AddressPrefixes: []string{"10.1.0.0/16"}},
				Subnets: []model.Subnet{{Name: "app", AddressPrefix: "10.1.1.0/24", RouteTable: "rt"}}},
		},
		Peerings: []model.Peering{{ID: "hub-spoke", A: model.PeeringLink{VNet: "hub"}, B: model.PeeringLink{VNet: "spoke", AllowForwardedTraffic: true}}},
		RouteTables: []model.RouteTable{{ID: "rt", Routes: []model.Route{
			{Name: "default", AddressPrefix: "0.0.0.0/0", NextHopType: model.HopVirtualAppliance, NextHopIPAddress: "10.0.1.4"},
			{Name: "onprem", AddressPrefix: "172.16.0.0/12", NextHopType: model.HopVirtualAppliance, NextHopIPAddress: "10.0.1.4"},
		}}},
		VMs: []model.VM{
			{ID: "fw", GuestIPForwarding: true, NICs: []model.NIC{{Name: "nic0", Subnet: "hub/fw", PrivateIPAddress: "10.0.1.4", EnableIPForwarding: true}}},
			{ID: "app", NICs: []model.NIC{{Name: "nic0", Subnet: "spoke/app", PrivateIPAddress: "10.1.1.4"}}},
		},
		Sites: []model.Site{{ID: "dc", AddressPrefixes: []string{"172.16.0.0/12"}, Hosts: []model.Host{{ID: "db", IPAddress: "172.16.0.10"}}}},
		PrivateDNSZones: []model.PrivateDnsZone{{ID: "privatelink.blob.core.windows.net", RecordSets: []model.RecordSet{
			{Name: "acct", Type: "A", ARecords: []model.ARecord{{IPv4Address: "10.1.1.5"}}},
			{Name: "acct", Type: "CNAME", CnameRecord: &model.CnameRecord{Cname: "x.example"}},
		}}},
	}
}

// line is one resource change as a line, for comparing: "~ route rt/x
// path: before → after; …".
func line(c ResourceChange) string {
	s := fmt.Sprintf("%s %s %s", marker(c.Change), c.Kind, c.ID)
	for _, p := range c.Properties {
		s += fmt.Sprintf(" | %s: %s → %s", p.Path, valueText(p.Before), valueText(p.After))
	}
	return s
}

func TestResources(t *testing.T) {
	tests := []struct {
		name string
		edit func(t *model.Topology)
		want []string
	}{
		{"identical", func(*model.Topology) {}, nil},
		{"vnets reordered", func(t *model.Topology) { slices.Reverse(t.VNets) }, nil},
		{"routes and subnets reordered", func(t *model.Topology) {
			slices.Reverse(t.RouteTables[0].Routes)
			slices.Reverse(t.VNets[0].Subnets)
		}, nil},
		{"record sets reordered (named by name and type)", func(t *model.Topology) { slices.Reverse(t.PrivateDNSZones[0].RecordSets) }, nil},
		{"vnet added with its subnet", func(t *model.Topology) {
			t.VNets = append(t.VNets, model.VNet{ID: "spoke2", AddressSpace: model.AddressSpace{AddressPrefixes: []string{"10.2.0.0/16"}},
				Subnets: []model.Subnet{{Name: "app", AddressPrefix: "10.2.1.0/24"}}})
		}, []string{"+ virtualNetwork spoke2", "+ subnet spoke2/app"}},
		{"vm removed with its nic", func(t *model.Topology) { t.VMs = t.VMs[1:] }, []string{"- virtualMachine fw", "- networkInterface fw/nic0"}},
		{"subnet property", func(t *model.Topology) { t.VNets[1].Subnets[0].RouteTable = "" }, []string{"~ subnet spoke/app | routeTable: \"rt\" → (absent)"}},
		{"nic forwarding off", func(t *model.Topology) { t.VMs[0].NICs[0].EnableIPForwarding = false }, []string{"~ networkInterface fw/nic0 | enableIPForwarding: true → (absent)"}},
		{"route changed, route added", func(t *model.Topology) {
			t.RouteTables[0].Routes[1].NextHopIPAddress = "10.0.1.5"
			t.RouteTables[0].Routes = append(t.RouteTables[0].Routes, model.Route{Name: "blackhole", AddressPrefix: "10.9.0.0/16", NextHopType: model.HopNone})
		}, []string{"+ route rt/blackhole", `~ route rt/onprem | nextHopIpAddress: "10.0.1.4" → "10.0.1.5"`}},
		{"route renamed is removed and added", func(t *model.Topology) { t.RouteTables[0].Routes[0].Name = "to-fw" }, []string{"- route rt/default", "+ route rt/to-fw"}},
		{"address prefixes compared whole", func(t *model.Topology) {
			t.VNets[0].AddressSpace.AddressPrefixes = append(t.VNets[0].AddressSpace.AddressPrefixes, "10.100.0.0/16")
		}, []string{`~ virtualNetwork hub | addressSpace.addressPrefixes: ["10.0.0.0/16"] → ["10.0.0.0/16","10.100.0.0/16"]`}},
		{"peering flag nested", func(t *model.Topology) { t.Peerings[0].A.AllowGatewayTransit = true }, []string{"~ peering hub-spoke | a.allowGatewayTransit: (absent) → true"}},
		{"host is a sub-resource", func(t *model.Topology) { t.Sites[0].Hosts[0].IPAddress = "172.16.0.11" }, []string{`~ host dc/db | ipAddress: "172.16.0.10" → "172.16.0.11"`}},
		{"record set by name and type", func(t *model.Topology) {
			t.PrivateDNSZones[0].RecordSets[0].ARecords[0].IPv4Address = "10.1.1.6"
		}, []string{`~ privateDnsZone privatelink.blob.core.windows.net | recordSets[acct A].aRecords: [{"ipv4Address":"10.1.1.5"}] → [{"ipv4Address":"10.1.1.6"}]`}},
		{"pointer field set", func(t *model.Topology) {
			f := false
			t.VNets[0].Subnets[1].DefaultOutboundAccess = &f
		}, []string{"~ subnet hub/mgmt | defaultOutboundAccess: (absent) → false"}},
		{"duplicate ids told apart", func(t *model.Topology) {
			t.Peerings = append(t.Peerings, model.Peering{ID: "hub-spoke", A: model.PeeringLink{VNet: "spoke"}, B: model.PeeringLink{VNet: "hub"}})
		}, []string{"+ peering hub-spoke#2"}},
		{"collections in order", func(t *model.Topology) {
			t.Sites = nil
			t.VMs[1].NICs[0].PrivateIPAddress = "10.1.1.5"
			t.VNets[1].Location = "westeurope"
		}, []string{`~ virtualNetwork spoke | location: (absent) → "westeurope"`, `~ networkInterface app/nic0 | privateIpAddress: "10.1.1.4" → "10.1.1.5"`,
			"- site dc", "- host dc/db"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, after := base(), base()
			tt.edit(&after)
			got, err := Resources(&before, &after)
			if err != nil {
				t.Fatal(err)
			}
			var lines []string
			for _, c := range got {
				lines = append(lines, line(c))
			}
			if !slices.Equal(lines, tt.want) {
				t.Errorf("got\n  %s\nwant\n  %s", strings.Join(lines, "\n  "), strings.Join(tt.want, "\n  "))
			}
			back, err := Resources(&after, &before)
			if err != nil || len(back) != len(got) {
				t.Errorf("reverse diff: %d changes, want %d (%v)", len(back), len(got), err)
			}
		})
	}
}

func TestWalkValues(t *testing.T) {
	tests := []struct {
		name, before, after string
		want                []string
	}{
		{"same", `{"a":1,"b":[1,2]}`, `{"b":[1,2],"a":1}`, nil},
		{"number text kept", `{"a":1.0}`, `{"a":1}`, []string{"x.a: 1.0 → 1"}},
		{"scalar list order matters", `{"s":["1.1.1.1","8.8.8.8"]}`, `{"s":["8.8.8.8","1.1.1.1"]}`, []string{`x.s: ["1.1.1.1","8.8.8.8"] → ["8.8.8.8","1.1.1.1"]`}},
		{"named list reordered", `{"r":[{"name":"a","p":1},{"name":"b","p":2}]}`, `{"r":[{"name":"b","p":2},{"name":"a","p":1}]}`, nil},
		{"named list element", `{"r":[{"name":"a","p":1},{"name":"b","p":2}]}`, `{"r":[{"name":"b","p":3},{"name":"c","p":1}]}`,
			[]string{`x.r[a]: {"name":"a","p":1} → (absent)`, "x.r[b].p: 2 → 3", `x.r[c]: (absent) → {"name":"c","p":1}`}},
		{"id before name", `{"h":[{"id":"web","name":"same"},{"id":"db","name":"same"}]}`, `{"h":[{"id":"web","name":"same","ip":"x"},{"id":"db","name":"same"}]}`, []string{`x.h[web].ip: (absent) → "x"`}},
		{"unnamed objects compared whole", `{"l":[{"p":1}]}`, `{"l":[{"p":2}]}`, []string{`x.l: [{"p":1}] → [{"p":2}]`}},
		{"duplicate names compared whole", `{"l":[{"name":"a"},{"name":"a"}]}`, `{"l":[{"name":"a"}]}`, []string{`x.l: [{"name":"a"},{"name":"a"}] → [{"name":"a"}]`}},
		{"odd key quoted", `{"z":[{"id":"a.b","v":1}]}`, `{"z":[{"id":"a.b","v":2}]}`, []string{`x.z["a.b"].v: 1 → 2`}},
		{"odd member quoted", `{"a b":1}`, `{"a b":2}`, []string{`x."a b": 1 → 2`}},
		{"type changed", `{"a":"s"}`, `{"a":{"b":1}}`, []string{`x.a: "s" → {"b":1}`}},
		{"no html escaping", `{"a":"<x>"}`, `{"a":"&"}`, []string{`x.a: "<x>" → "&"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, okB := decodeValue(json.RawMessage(tt.before))
			a, okA := decodeValue(json.RawMessage(tt.after))
			if !okB || !okA {
				t.Fatal("test JSON does not decode")
			}
			var got []PropertyChange
			walkValues(&got, "x", b, a, okB, okA)
			var lines []string
			for _, p := range got {
				lines = append(lines, fmt.Sprintf("%s: %s → %s", p.Path, valueText(p.Before), valueText(p.After)))
			}
			if !slices.Equal(lines, tt.want) {
				t.Errorf("got\n  %s\nwant\n  %s", strings.Join(lines, "\n  "), strings.Join(tt.want, "\n  "))
			}
		})
	}
}

// TestWalkDepthBounded: a deeply nested value is compared whole below
// maxDepth, not walked without end.
func TestWalkDepthBounded(t *testing.T) {
	deep := func(leaf string) string {
		return strings.Repeat(`{"a":`, 200) + leaf + strings.Repeat("}", 200)
	}
	b, _ := decodeValue(json.RawMessage(deep("1")))
	a, _ := decodeValue(json.RawMessage(deep("2")))
	var got []PropertyChange
	walkValues(&got, "x", b, a, true, true)
	if len(got) != 1 || strings.Count(got[0].Path, ".a") != maxDepth {
		t.Fatalf("got %d changes, path depth %d", len(got), strings.Count(got[0].Path, ".a"))
	}
}

// TestCollectionUnknownMember: a collection the table does not name (a
// newer model's) is still compared, by id, under its JSON name.
func TestCollectionUnknownMember(t *testing.T) {
	c := collection{member: "firewalls", kind: "firewalls"}
	ch, err := compareCollection(c, "id", json.RawMessage(`[{"id":"fw","sku":"Basic"},{"id":"old"}]`), json.RawMessage(`[{"id":"fw","sku":"Premium"},{"id":"new"}]`))
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, x := range resourceChanges(ch) {
		lines = append(lines, line(x))
	}
	want := []string{`~ firewalls fw | sku: "Basic" → "Premium"`, "+ firewalls new", "- firewalls old"}
	if !slices.Equal(lines, want) {
		t.Errorf("got %q, want %q", lines, want)
	}
	if _, err := compareCollection(c, "id", json.RawMessage(`{}`), json.RawMessage(`[]`)); err == nil {
		t.Error("a collection that is not a list: no error")
	}
}

// TestDuplicateKeysNeverCollide: ids "x", "x", "x#2" keep three resources.
func TestDuplicateKeysNeverCollide(t *testing.T) {
	k, err := keyedObjects(json.RawMessage(`[{"id":"x","v":1},{"id":"x","v":2},{"id":"x#2","v":3},{"v":4},{"id":7}]`), "id")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"x", "x#2", "x#2#2", "", "#2"}; !slices.Equal(k.keys, want) || len(k.objs) != 5 {
		t.Errorf("keys %q, want %q", k.keys, want)
	}
}
