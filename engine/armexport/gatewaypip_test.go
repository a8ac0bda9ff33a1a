package armexport

import (
	"encoding/json"
	"strings"
	"testing"

	"vnetplay/engine/scenario"
)

// TestGatewayKeepsItsPublicIP: a design imported from Azure (or from this
// export) holds a gateway's public IP as a public IP of its own that
// nothing else holds, named as this export names a gateway's IP
// ("<gw>-pip"): the model gives a gateway no public IP. The export must
// give the gateway that public IP, not add "<gw>-pip-2" beside it (the
// template then deployed an extra public IP and left the gateway's own
// unattached, and each export → import round trip kept doing so). A public
// IP of that name that a NIC holds is not taken.
func TestGatewayKeepsItsPublicIP(t *testing.T) {
	design := func(nicPIP string) string {
		return `{"format": "vnetplay/scenario", "version": 1, "name": "gwpip", "topology": {
  "vnets": [{"id": "hub", "location": "westeurope", "addressSpace": {"addressPrefixes": ["10.0.0.0/16"]},
    "subnets": [{"name": "GatewaySubnet", "addressPrefix": "10.0.0.0/27"}, {"name": "app", "addressPrefix": "10.0.1.0/24"}]}],
  "virtualMachines": [{"id": "vm1", "networkInterfaces": [{"name": "nic0", "subnet": "hub/app", "privateIpAddress": "10.0.1.4"` + nicPIP + `}]}],
  "publicIPAddresses": [{"id": "vgw-pip", "location": "westeurope", "sku": {"name": "Standard"}, "ipAddress": "20.1.1.1"}],
  "virtualNetworkGateways": [{"id": "vgw", "vnet": "hub", "gatewayType": "Vpn", "vpnType": "RouteBased", "sku": "VpnGw1AZ"}]}}`
	}
	for _, tc := range []struct {
		name, nicPIP, want string
		pips               int
	}{
		{"unheld: the gateway's", "", "vgw-pip", 1},
		{"held by a NIC: not the gateway's", `, "publicIPAddress": "vgw-pip"`, "vgw-pip-2", 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc, _, err := scenario.Decode([]byte(design(tc.nicPIP)), scenario.Strict)
			if err != nil {
				t.Fatal(err)
			}
			var tm struct {
				Resources []map[string]any `json:"resources"`
			}
			if err := json.Unmarshal(export(t, doc).Template, &tm); err != nil {
				t.Fatal(err)
			}
			pips, gw := 0, ""
			for _, r := range tm.Resources {
				switch r["type"] {
				case tPIP:
					pips++
				case tGateway:
					b, _ := json.Marshal(r["properties"])
					gw = string(b)
				}
			}
			if pips != tc.pips {
				t.Errorf("%d public IPs in the template, want %d", pips, tc.pips)
			}
			if ref := "'Microsoft.Network/publicIPAddresses', '" + tc.want + "')"; !strings.Contains(gw, ref) {
				t.Errorf("the gateway's IP configuration does not name %s: %s", tc.want, gw)
			}
		})
	}
}
