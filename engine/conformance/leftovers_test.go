package conformance_test

// Conformance tests for rules of the routing, hybrid and security pages
// that had no conformance test yet. Helpers are prefixed "rs" (the Route
// Server sweep's prefix).

import (
	"net/netip"
	"strings"
	"testing"

	"vnetplay/engine/model"
	"vnetplay/engine/trace"
)

// rsEdge is VNet hub 10.0.0.0/16 with VM web (10.0.1.4, Standard public IP
// 198.51.100.10) and VM db (10.0.2.4) behind public load balancer lb
// (frontend 198.51.100.20, TCP 443 → backend port 8443); nsgWeb and nsgDB,
// when not nil, go on the two NICs.
func rsEdge(nsgWeb, nsgDB *model.NSG) model.Topology {
	t := model.Topology{
		VNets:             []model.VNet{hsVNet("hub", "10.0.0.0/16", "web=10.0.1.0/24", "db=10.0.2.0/24")},
		VMs:               []model.VM{hsVM("web", "hub/web", "10.0.1.4"), hsVM("db", "hub/db", "10.0.2.4")},
		PublicIPAddresses: []model.PublicIPAddress{{ID: "pip-web", IPAddress: "198.51.100.10"}, {ID: "pip-lb", IPAddress: "198.51.100.20"}},
		LoadBalancers: []model.LoadBalancer{{ID: "lb", FrontendIPConfigurations: []model.FrontendIPConfiguration{{Name: "fe", PublicIPAddress: "pip-lb"}},
			BackendAddressPools: []model.BackendAddressPool{{Name: "pool", Backends: []string{"db"}}},
			LoadBalancingRules: []model.LoadBalancingRule{{Name: "https", FrontendIPConfiguration: "fe", BackendAddressPool: "pool", Protocol: "Tcp",
				FrontendPort: 443, BackendPort: 8443, DisableOutboundSnat: true}}}},
	}
	t.VMs[0].NICs[0].PublicIPAddress = "pip-web"
	if nsgWeb != nil {
		t.NSGs = append(t.NSGs, *nsgWeb)
		t.VMs[0].NICs[0].NetworkSecurityGroup = nsgWeb.ID
	}
	if nsgDB != nil {
		t.NSGs = append(t.NSGs, *nsgDB)
		t.VMs[1].NICs[0].NetworkSecurityGroup = nsgDB.ID
	}
	return t
}

// rsNSG is an NSG with one TCP rule (source and destination addresses,
// destination port).
func rsNSG(id, dir, access, src, dst, port string) *model.NSG {
	return &model.NSG{ID: id, SecurityRules: []model.SecurityRule{{Name: "r", Priority: 100, Direction: dir, Access: access, Protocol: "Tcp",
		SourceAddressPrefix: src, SourcePortRange: "*", DestinationAddressPrefix: dst, DestinationPortRange: port}}}
}

// TestRule_nsg_translated_addresses checks rule:nsg.translated-addresses:
// inbound rules are evaluated after Azure has translated a public
// destination (and a load balancer's frontend port) to the private address
// and port, and outbound rules before the private source is translated to
// a public one, so rules are written for private addresses and ports
// (rule:nsg.translated-addresses).
func TestRule_nsg_translated_addresses(t *testing.T) {
	fromInternet := func(topo model.Topology, dst string, port int) *trace.Trace {
		return trace.Run(hsPlane(t, topo), trace.Flow{Src: trace.InternetSource, DstIP: netip.MustParseAddr(dst), Protocol: "Tcp", DstPort: port})
	}
	for _, tc := range []struct {
		name       string
		web, db    *model.NSG
		dst        string
		port       int
		want       trace.Disposition
		reasonPart string
	}{
		{"inbound rule on the private IP", rsNSG("n", "Inbound", "Allow", "Internet", "10.0.1.4", "443"), nil, "198.51.100.10", 443, trace.Delivered, ""},
		{"inbound rule on the public IP only", rsNSG("n", "Inbound", "Allow", "Internet", "198.51.100.10", "443"), nil, "198.51.100.10", 443, trace.DroppedByNSG, "10.0.1.4"},
		{"load balancer: rule on the backend port", nil, rsNSG("n", "Inbound", "Allow", "Internet", "10.0.2.4", "8443"), "198.51.100.20", 443, trace.Delivered, ""},
		{"load balancer: rule on the frontend port only", nil, rsNSG("n", "Inbound", "Allow", "Internet", "10.0.2.4", "443"), "198.51.100.20", 443, trace.DroppedByNSG, "8443"},
		{"load balancer: rule on the frontend address only", nil, rsNSG("n", "Inbound", "Allow", "Internet", "198.51.100.20", "8443"), "198.51.100.20", 443, trace.DroppedByNSG, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := fromInternet(rsEdge(tc.web, tc.db), tc.dst, tc.port)
			hsWantDisp(t, "Internet → "+tc.dst, tr, tc.want)
			if !strings.Contains(tr.Reason, tc.reasonPart) {
				t.Errorf("reason %q, want it to name the translated %s", tr.Reason, tc.reasonPart)
			}
		})
	}
	// Outbound: rules see the private source, before SNAT to 198.51.100.10.
	for _, tc := range []struct {
		name string
		src  string
		want trace.Disposition
	}{
		{"outbound deny on the private source", "10.0.1.4", trace.DroppedByNSG},
		{"outbound deny on the public address", "198.51.100.10", trace.ExitsToInternet},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := hsPlane(t, rsEdge(rsNSG("n", "Outbound", "Deny", tc.src, "Internet", "443"), nil))
			hsWantDisp(t, "web → the Internet", hsFlow(t, p, "web", "203.0.113.5", "Tcp", 443), tc.want)
		})
	}
}
