package armexport

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
	"vnetplay/scenarios"
)

// FuzzExport: any design the scenario decoder accepts exports without a
// panic or an error, to a template that passes the checker (every
// reference defined, dependsOn complete and acyclic, parameters declared
// and used), and again to the same bytes.
func FuzzExport(f *testing.F) {
	for _, s := range scenarios.All() {
		f.Add(s.JSON)
	}
	if b, err := os.ReadFile(filepath.Join("testdata", "kitchen-sink.json")); err == nil {
		f.Add(b)
	}
	f.Add([]byte(`{"format":"vnetplay/scenario","version":1,"topology":{"vnets":[{"id":"[x","subnets":[{"name":"'"}]}],` +
		`"peerings":[{"id":"p","a":{"vnet":"[x"},"b":{"vnet":"[x"}}],"virtualMachines":[{"id":"v","networkInterfaces":[{"name":"n","subnet":"[x/'"}]}]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, _, err := scenario.Decode(data, scenario.Lenient)
		if err != nil {
			return
		}
		r, err := Export(doc)
		if err != nil {
			t.Fatalf("Export: %v", err)
		}
		if errs := checkTemplate(r.Template); len(errs) > 0 {
			t.Fatalf("template fails the checker: %s", strings.Join(errs, "; "))
		}
		if again, _ := Export(doc); string(again.Template) != string(r.Template) {
			t.Fatal("two exports of one design differ")
		}
	})
}

// TestTemplateLimits: a design over ARM's 800 resources per template is
// written whole and says it cannot be deployed in one piece.
func TestTemplateLimits(t *testing.T) {
	doc := &scenario.Document{}
	for i := range MaxTemplateResources + 1 {
		doc.Topology.VNets = append(doc.Topology.VNets, model.VNet{ID: fmt.Sprintf("v%04d", i),
			AddressSpace: model.AddressSpace{AddressPrefixes: []string{fmt.Sprintf("10.%d.%d.0/24", i/256, i%256)}}})
	}
	r := export(t, doc)
	if r.Resources != MaxTemplateResources+1 {
		t.Errorf("%d resources", r.Resources)
	}
	found := false
	for _, e := range r.NotExported {
		found = found || e.Path == "template" && strings.Contains(e.Why, "limit of 800")
	}
	if !found {
		t.Errorf("no template limit entry in %v", r.NotExported)
	}
	if !json.Valid(r.Template) {
		t.Error("invalid JSON")
	}
}

// large is a design near the scenario limits: 1,000 VNets with a subnet
// each, 20,000 VMs, 5,000 public IPs, 1,000 route tables, 500 gateways
// with 2,000 connections.
func large() *scenario.Document {
	doc := &scenario.Document{}
	t := &doc.Topology
	for i := range 1000 {
		id := fmt.Sprintf("v%04d", i)
		t.VNets = append(t.VNets, model.VNet{ID: id, Location: "westeurope",
			AddressSpace: model.AddressSpace{AddressPrefixes: []string{fmt.Sprintf("10.%d.%d.0/24", i/256, i%256)}},
			Subnets: []model.Subnet{{Name: "s", AddressPrefix: fmt.Sprintf("10.%d.%d.0/25", i/256, i%256), RouteTable: fmt.Sprintf("rt%04d", i)},
				{Name: model.GatewaySubnet, AddressPrefix: fmt.Sprintf("10.%d.%d.128/27", i/256, i%256)}}})
		t.RouteTables = append(t.RouteTables, model.RouteTable{ID: fmt.Sprintf("rt%04d", i)})
		if i < 500 {
			t.Gateways = append(t.Gateways, model.VirtualNetworkGateway{ID: "gw" + id, VNet: id, GatewayType: model.GatewayVpn, Sku: "VpnGw1"})
		}
	}
	for i := range 20000 {
		n := model.NIC{Name: "nic0", Subnet: fmt.Sprintf("v%04d/s", i%1000), PrivateIPAddress: "10.0.0.4"}
		if i < 5000 {
			n.PublicIPAddress = fmt.Sprintf("pip%05d", i)
			t.PublicIPAddresses = append(t.PublicIPAddresses, model.PublicIPAddress{ID: n.PublicIPAddress})
		}
		t.VMs = append(t.VMs, model.VM{ID: fmt.Sprintf("vm%05d", i), NICs: []model.NIC{n}})
	}
	for i := range 2000 {
		t.Connections = append(t.Connections, model.Connection{ID: fmt.Sprintf("c%04d", i), ConnectionType: model.ConnVnet2Vnet,
			VirtualNetworkGateway1: fmt.Sprintf("gwv%04d", i%500), VirtualNetworkGateway2: fmt.Sprintf("gwv%04d", (i+1)%500)})
	}
	return doc
}

// BenchmarkExportLarge measures the export of a design near the limits.
func BenchmarkExportLarge(b *testing.B) {
	doc := large()
	for b.Loop() {
		if _, err := Export(doc); err != nil {
			b.Fatal(err)
		}
	}
}
