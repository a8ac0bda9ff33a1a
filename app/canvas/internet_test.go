package canvas

import (
	"testing"

	"vnetplay/app/kinds"
	"vnetplay/engine/model"
)

// TestInternetEdgeSatellites: in the built-in Internet edge designs, a
// public load balancer, its public IPs and a NAT gateway are top-level
// satellites beside the VNet they serve, with their details, tied by an
// association edge to what uses them; an unattached public IP goes with the
// loose satellites, under the design.
func TestInternetEdgeSatellites(t *testing.T) {
	docs := builtins(t)
	type sat struct {
		key, detail, vnet string
	}
	for _, tc := range []struct {
		design string
		sats   []sat
		edges  [][2]string // from, to
	}{
		{"internet-web-standard-lb", []sat{
			{Key(kinds.LoadBalancer, "lb-web"), "public, 3 rules", "app"},
			{Key(kinds.PublicIP, "pip-lb"), "198.51.100.10", "app"},
			{Key(kinds.PublicIP, "pip-admin"), "198.51.100.20", "app"},
		}, [][2]string{
			{Key(kinds.PublicIP, "pip-lb"), Key(kinds.LoadBalancer, "lb-web")},
			{Key(kinds.PublicIP, "pip-admin"), Key(kinds.VM, "admin1")},
		}},
		{"private-subnet-nat-gateway", []sat{
			{Key(kinds.NATGateway, "natgw"), "1 public IP", "spoke"},
			{Key(kinds.PublicIP, "pip-natgw"), "198.51.100.30", "spoke"},
			{Key(kinds.PublicIP, "pip-vm"), "198.51.100.31", "spoke"},
		}, [][2]string{
			{Key(kinds.NATGateway, "natgw"), Key(kinds.Subnet, "spoke/private-nat")},
			{Key(kinds.PublicIP, "pip-natgw"), Key(kinds.NATGateway, "natgw")},
		}},
	} {
		t.Run(tc.design, func(t *testing.T) {
			doc, ok := docs[tc.design]
			if !ok {
				t.Fatalf("no built-in design %s", tc.design)
			}
			s := BuildScene(doc)
			for _, want := range tc.sats {
				n, ok := s.Node(want.key)
				if !ok {
					t.Errorf("%s is not drawn", want.key)
					continue
				}
				if n.Parent != "" || !n.Movable || n.Detail != want.detail {
					t.Errorf("%s: parent %q, movable %v, detail %q; want a movable top-level node with detail %q", want.key, n.Parent, n.Movable, n.Detail, want.detail)
				}
				v, _ := s.Node(Key(kinds.VNet, want.vnet))
				if n.Box.X != v.Box.X+v.Box.W+satelliteGap {
					t.Errorf("%s at x=%v is not beside VNet %s (x=%v..%v)", want.key, n.Box.X, want.vnet, v.Box.X, v.Box.X+v.Box.W)
				}
			}
			for _, e := range tc.edges {
				if !hasEdge(s, e[0], e[1]) {
					t.Errorf("no association edge %s → %s", e[0], e[1])
				}
			}
		})
	}

	// An unattached public IP and a public load balancer whose backends do
	// not exist go under the design, with the loose satellites.
	doc := docs["internet-web-standard-lb"]
	loose := *doc
	topo := doc.Topology
	topo.VMs = nil
	topo.PublicIPAddresses = append([]model.PublicIPAddress{{ID: "pip-spare", IPAddress: "198.51.100.99"}}, topo.PublicIPAddresses...)
	loose.Topology = topo
	s := BuildScene(&loose)
	v, _ := s.Node(Key(kinds.VNet, "app"))
	for _, k := range []string{Key(kinds.PublicIP, "pip-spare"), Key(kinds.LoadBalancer, "lb-web"), Key(kinds.PublicIP, "pip-lb")} {
		n, ok := s.Node(k)
		if !ok || n.Box.Y < v.Box.Y+v.Box.H {
			t.Errorf("%s (%v, drawn %v) is not under the design (VNet app ends at y=%v)", k, n.Box, ok, v.Box.Y+v.Box.H)
		}
	}
}

func hasEdge(s *Scene, from, to string) bool {
	for _, e := range s.Edges {
		if e.From == from && e.To == to && e.Kind == EdgeAssociation {
			return true
		}
	}
	return false
}

// TestPublicIPDetail: a public IP's second line is its address, with its
// SKU only when that is not Standard, the default; the SKU alone while the
// address is unknown. The SKU always written was cut in a satellite:
// "198.51.100.20 St…".
func TestPublicIPDetail(t *testing.T) {
	for _, tc := range []struct {
		ip, sku, want string
	}{
		{"198.51.100.20", "", "198.51.100.20"},
		{"198.51.100.20", model.SkuStandard, "198.51.100.20"},
		{"20.1.2.3", model.SkuBasic, "20.1.2.3 Basic"},
		{"", "", model.SkuStandard},
		{"", model.SkuBasic, model.SkuBasic},
	} {
		p := model.PublicIPAddress{ID: "pip", IPAddress: tc.ip, Sku: model.Sku{Name: tc.sku}}
		if got := publicIPDetail(p); got != tc.want {
			t.Errorf("address %q, SKU %q: detail %q, want %q", tc.ip, tc.sku, got, tc.want)
		}
	}
}
