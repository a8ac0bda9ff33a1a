package reach

import (
	"fmt"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/trace"
)

// InternetCell is the answer for traffic from one Internet address to one
// public entry point of the design (reach --from Internet).
type InternetCell struct {
	// To is the public address and port, "20.1.2.3:443/Tcp".
	To          string            `json:"to"`
	Entry       string            `json:"entry"`
	Disposition trace.Disposition `json:"disposition"`
	Reason      string            `json:"reason"`
}

// FromInternet traces a flow from the Internet address flow.SrcIP (the
// Internet probe when unset) to every public entry point of p: each
// instance public IP on flow's protocol and port, each load balancer
// frontend on each rule's protocol and frontend port (trace.InternetEntries,
// rule:internet-edge.instance-public-ip, rule:internet-edge.public-load-balancer, rule:internet-edge.inbound-entry-points). Cells are sorted by address then port.
func FromInternet(p *dataplane.Plane, flow trace.Flow, opts trace.Options) []InternetCell {
	out := []InternetCell{}
	for _, e := range trace.InternetEntries(p, flow.Protocol, flow.DstPort) {
		f := flow
		f.Src, f.DstIP, f.Protocol, f.DstPort = trace.InternetSource, e.Addr, e.Protocol, e.Port
		t := trace.RunWith(p, f, opts)
		out = append(out, InternetCell{To: fmt.Sprintf("%s:%d/%s", e.Addr, e.Port, e.Protocol), Entry: e.Name, Disposition: t.Disposition, Reason: t.Reason})
	}
	return out
}
