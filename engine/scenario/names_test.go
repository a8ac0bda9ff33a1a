package scenario

import (
	"bytes"
	"testing"
)

// namesDoc uses every private endpoint and name resolution field (and a
// network behind an NVA), with lists out of canonical order where their
// order means nothing.
const namesDoc = `{"format":"vnetplay/scenario","version":1,"topology":{"vnets":[{"id":"hub","location":"westeurope","addressSpace":{"addressPrefixes":["10.0.0.0/16"]},"dhcpOptions":{"dnsServers":["10.0.4.4","168.63.129.16"]},"subnets":[{"name":"app","addressPrefix":"10.0.1.0/24"},{"name":"pe","addressPrefix":"10.0.2.0/24","privateEndpointNetworkPolicies":"RouteTableEnabled"},{"name":"dns-in","addressPrefix":"10.0.4.0/28"},{"name":"dns-out","addressPrefix":"10.0.4.16/28"}]},{"id":"sp","location":"westeurope","addressSpace":{"addressPrefixes":["10.1.0.0/16"]},"subnets":[{"name":"app","addressPrefix":"10.1.1.0/24"}]}],"peerings":[{"id":"p","a":{"vnet":"hub"},"b":{"vnet":"sp"}}],"virtualMachines":[{"id":"vm","networkInterfaces":[{"name":"n","subnet":"sp/app","privateIpAddress":"10.1.1.4","dnsSettings":{"dnsServers":["10.0.1.5"]}}]},{"id":"dnsvm","dnsServer":{"forwarders":["168.63.129.16"],"conditionalForwarders":[{"domainName":"corp.example.com","targetDnsServers":["192.168.0.53"]}]},"guestIpForwarding":true,"networksBehind":[{"name":"b","addressPrefixes":["172.20.0.0/16"],"hosts":[{"id":"h","ipAddress":"172.20.0.5"}]}],"networkInterfaces":[{"name":"n","subnet":"hub/app","privateIpAddress":"10.0.1.5","enableIPForwarding":true}]}],"privateEndpoints":[{"id":"pe","subnet":"hub/pe","privateIpAddress":"10.0.2.4","privateLinkServiceId":"st","groupIds":["blob"],"fqdn":"st.blob.core.windows.net","publicIpAddress":"20.60.0.1","privateDnsZoneGroup":{"privateDnsZoneConfigs":[{"name":"z","privateDnsZoneId":"privatelink.blob.core.windows.net"}]},"customDnsConfigs":[{"fqdn":"st.blob.core.windows.net","ipAddresses":["10.0.2.4"]}]}],"privateDnsZones":[{"id":"privatelink.blob.core.windows.net","recordSets":[{"name":"y","type":"CNAME","cnameRecord":{"cname":"x.privatelink.blob.core.windows.net"}},{"name":"x","type":"A","aRecords":[{"ipv4Address":"10.0.2.9"}]}],"virtualNetworkLinks":[{"name":"l","virtualNetwork":"hub","registrationEnabled":true,"resolutionPolicy":"NxDomainRedirect"}]}],"dnsResolvers":[{"id":"r","vnet":"hub","inboundEndpoints":[{"name":"in","subnet":"dns-in","privateIpAddress":"10.0.4.4"}],"outboundEndpoints":[{"name":"out","subnet":"dns-out"}]}],"dnsForwardingRulesets":[{"id":"rs","dnsResolverOutboundEndpoints":["r/out"],"forwardingRules":[{"name":"c","domainName":"corp.example.com.","targetDnsServers":[{"ipAddress":"192.168.0.53","port":53}],"forwardingRuleState":"Enabled"}],"virtualNetworkLinks":[{"name":"l","virtualNetwork":"sp"}]}],"sites":[{"id":"dc","addressPrefixes":["192.168.0.0/24"],"dnsServer":{"ipAddress":"192.168.0.53","conditionalForwarders":[{"domainName":"blob.core.windows.net","targetDnsServers":["10.0.4.4"]}]},"hosts":[{"id":"h","ipAddress":"192.168.0.10"}]}]},"expect":[{"id":"a","kind":"resolve","from":"vm","name":"st.blob.core.windows.net","answer":"private"},{"id":"b","kind":"reach","from":"vm","to":"st.blob.core.windows.net","reachable":true}]}`

// TestNamesRoundTrip: the fields decode strictly, encode canonically
// (record sets sorted by name; DNS server and forwarder lists keep their
// order) and are a fixed point, and Clone copies them.
func TestNamesRoundTrip(t *testing.T) {
	doc, _, err := Decode([]byte(namesDoc), Strict)
	if err != nil {
		t.Fatal(err)
	}
	first, err := Encode(doc)
	if err != nil {
		t.Fatal(err)
	}
	order := func(a, b string) {
		if i, j := bytes.Index(first, []byte(a)), bytes.Index(first, []byte(b)); i < 0 || j < 0 || i > j {
			t.Errorf("%s should come before %s:\n%s", a, b, first)
		}
	}
	order(`"name": "x"`, `"name": "y"`)    // record sets, sorted
	order(`"10.0.4.4"`, `"168.63.129.16"`) // the VNet's DNS servers, in order
	order(`"privateEndpoints"`, `"privateDnsZones"`)
	doc2, _, err := Decode(first, Strict)
	if err != nil {
		t.Fatal(err)
	}
	if second, _ := Encode(doc2); !bytes.Equal(first, second) {
		t.Errorf("not a fixed point:\n%s\n---\n%s", first, second)
	}
	if c, _ := Encode(Clone(doc)); !bytes.Equal(c, first) {
		t.Errorf("the clone encodes differently:\n%s", c)
	}
}
