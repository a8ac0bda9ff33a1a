package dns

import (
	"reflect"
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
)

// TestNetworkCheckLabel: a network check is memoised by source,
// destination and port, not by who asks; a resolution that reuses one
// made for another query still names its own asker (From), so that a
// Resolver's answers do not depend on what it resolved before (the
// contract dns.Shared relies on). hubvm asks 10.0.4.4 as a client and,
// as the DNS server of vm1, forwards to it: the same check, two labels.
func TestNetworkCheckLabel(t *testing.T) {
	topo := hubSpoke()
	topo.VMs[0].NICs[0].DNSSettings = &model.NICDNSSettings{DNSServers: []string{"10.0.4.4"}}
	topo.VMs[0].DNSServer = &model.DNSServer{Forwarders: []string{"10.0.4.4"}}
	topo.VNets[1].DhcpOptions = &model.DhcpOptions{DNSServers: []string{"10.0.1.5"}}
	p := dataplane.Build(&topo)
	const name = "acct.blob.core.windows.net"
	fresh := New(p, &topo).Resolve("vm1", name)
	warm := New(p, &topo)
	warm.Resolve("hubvm", name) // memoises hubvm/nic0 → 10.0.4.4 as the client's check
	got := warm.Resolve("vm1", name)
	if !reflect.DeepEqual(got, fresh) {
		t.Errorf("after resolving from hubvm:\n%s\nfresh:\n%s", dump(got), dump(fresh))
	}
	forwarded := false
	for _, s := range got.Steps {
		if s.Network != nil && s.Network.From == "hubvm (DNS server)" && s.Network.To == "10.0.4.4" {
			forwarded = true
		}
	}
	if !forwarded {
		t.Errorf("no check from hubvm (DNS server) to 10.0.4.4:\n%s", dump(got))
	}
}
