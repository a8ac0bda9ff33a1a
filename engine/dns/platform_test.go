package dns

import (
	"strings"
	"testing"

	"vnetplay/engine/model"
)

// denyOut is an NSG with one outbound Deny rule to dst.
func denyOut(id, dst string) model.NSG {
	return model.NSG{ID: id, SecurityRules: []model.SecurityRule{{Name: "deny", Priority: 100, Direction: "Outbound", Access: "Deny",
		Protocol: "*", SourceAddressPrefix: "*", SourcePortRange: "*", DestinationAddressPrefix: dst, DestinationPortRange: "*"}}}
}

// TestAzureDNSBlockedOnlyByItsPlatformTag: a VM's query to Azure DNS
// (168.63.129.16) is not subject to its NSGs, a rule denying everything
// outbound included, unless a rule names AzurePlatformDNS; a resolver's
// inbound endpoint asks Azure DNS as the service, whatever the NSG of its
// subnet says (rule:nsg.platform-traffic, rule:dns.azure-dns-address).
func TestAzureDNSBlockedOnlyByItsPlatformTag(t *testing.T) {
	topo := hubSpoke()
	topo.NSGs = []model.NSG{denyOut("deny-all", "*"), denyOut("deny-azure-dns", "AzurePlatformDNS")}

	topo.VNets[1].Subnets[0].NetworkSecurityGroup = "deny-all" // spoke1/app
	want(t, resolve(t, topo, "vm1", "acct.blob.core.windows.net"), Address, "20.60.1.1")

	topo.VNets[1].Subnets[0].NetworkSecurityGroup = "deny-azure-dns"
	r := resolve(t, topo, "vm1", "acct.blob.core.windows.net")
	want(t, r, Failed)
	if out := dump(r); !strings.Contains(out, "deny-azure-dns rule deny") || !strings.Contains(out, "cannot reach Azure DNS") {
		t.Errorf("the failure does not name the rule or Azure DNS:\n%s", out)
	}

	// spoke2 asks the hub's inbound endpoint, which asks Azure DNS itself.
	topo.VNets[2].DhcpOptions = &model.DhcpOptions{DNSServers: []string{"10.0.4.4"}}
	topo.VNets[0].Subnets[1].NetworkSecurityGroup = "deny-azure-dns" // hub/dns-in
	want(t, resolve(t, topo, "vm2", "acct.blob.core.windows.net"), Address, "10.1.2.5")
}
