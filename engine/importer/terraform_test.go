package importer

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"vnetplay/engine/scenario"
)

const (
	tfSub  = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-net/providers/Microsoft.Network/"
	tfAzrm = "registry.terraform.io/hashicorp/azurerm"
)

// tfR is one managed resource of a state, at the root module.
func tfR(typ, name string, vals map[string]any) map[string]any {
	return map[string]any{"address": typ + "." + name, "mode": "managed", "type": typ, "name": name,
		"provider_name": tfAzrm, "schema_version": 0, "values": vals, "sensitive_values": map[string]any{}}
}

// tfData is one data source of a state.
func tfData(typ, name string, vals map[string]any) map[string]any {
	r := tfR(typ, name, vals)
	r["mode"], r["address"] = "data", "data."+typ+"."+name
	return r
}

// tfState is a `terraform show -json` state holding res at the root.
func tfState(res ...map[string]any) map[string]any {
	l := make([]any, len(res))
	for i, r := range res {
		l[i] = r
	}
	return map[string]any{"format_version": "1.0", "terraform_version": "1.9.5",
		"values": map[string]any{"root_module": map[string]any{"resources": l}}}
}

// runTF runs the front end on doc (a Go value, passed through JSON so
// numbers are float64 as Import sees them).
func runTF(t *testing.T, doc any) ([]Resource, Report, error) {
	t.Helper()
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	rep := Report{Format: FormatTerraform, Imported: map[string]int{}}
	res, err := fromTerraform(v, &rep)
	rep.Sort()
	return res, rep, err
}

// mustTF is runTF that fails on error.
func mustTF(t *testing.T, doc any) ([]Resource, Report) {
	t.Helper()
	res, rep, err := runTF(t, doc)
	if err != nil {
		t.Fatalf("fromTerraform: %v", err)
	}
	return res, rep
}

// findRes returns the Resource of type typ (last segment compared) and name.
func findRes(res []Resource, typ, name string) *Resource {
	for i := range res {
		if strings.HasSuffix(strings.ToLower(res[i].Type), strings.ToLower(typ)) && res[i].Name == name {
			return &res[i]
		}
	}
	return nil
}

// childOf returns the properties of the inlined child name of list.
func childOf(r *Resource, list, name string) map[string]any {
	for _, e := range r.List(list) {
		m, _ := e.(map[string]any)
		if m["name"] == name {
			p, _ := m["properties"].(map[string]any)
			return p
		}
	}
	return nil
}

// jsonOf renders v compactly, for comparisons of decoded values.
func tfJSON(v any) string { b, _ := json.Marshal(v); return string(b) }

func TestTerraformRouteTablePropagation(t *testing.T) {
	// v3's disable_bgp_route_propagation and v4's bgp_route_propagation_enabled
	// have opposite senses (rule:import.azurerm-renames).
	cases := []struct {
		name    string
		vals    map[string]any
		want    any // disableBgpRoutePropagation; nil: absent
		entries int
	}{
		{"v3 disable true", map[string]any{"disable_bgp_route_propagation": true}, true, 0},
		{"v3 disable false", map[string]any{"disable_bgp_route_propagation": false}, false, 0},
		{"v4 enabled true", map[string]any{"bgp_route_propagation_enabled": true}, false, 0},
		{"v4 enabled false", map[string]any{"bgp_route_propagation_enabled": false}, true, 0},
		{"late v3 both, consistent", map[string]any{"bgp_route_propagation_enabled": false, "disable_bgp_route_propagation": true}, true, 0},
		{"both, disagreeing: v4 wins", map[string]any{"bgp_route_propagation_enabled": true, "disable_bgp_route_propagation": true}, false, 1},
		{"neither", map[string]any{}, nil, 0},
		{"wrong type reads as absent, reported", map[string]any{"disable_bgp_route_propagation": "yes"}, nil, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			vals := map[string]any{"id": tfSub + "routeTables/rt", "name": "rt", "resource_group_name": "rg-net", "location": "westeurope"}
			for k, v := range tc.vals {
				vals[k] = v
			}
			res, rep := mustTF(t, tfState(tfR("azurerm_route_table", "rt", vals)))
			rt := findRes(res, "routeTables", "rt")
			if rt == nil {
				t.Fatalf("no route table in %v", res)
			}
			if got := rt.Props["disableBgpRoutePropagation"]; got != tc.want {
				t.Errorf("disableBgpRoutePropagation = %v, want %v", got, tc.want)
			}
			if len(rep.Entries) != tc.entries {
				t.Errorf("%d entries, want %d: %v", len(rep.Entries), tc.entries, rep.Entries)
			}
		})
	}
}

func TestTerraformSubnetPrefixes(t *testing.T) {
	vnet := func(subnets ...any) map[string]any {
		return tfR("azurerm_virtual_network", "v", map[string]any{"id": tfSub + "virtualNetworks/v", "name": "v",
			"resource_group_name": "rg-net", "location": "westeurope", "address_space": []any{"10.0.0.0/16"}, "subnet": subnets})
	}
	sub := func(vals map[string]any) map[string]any {
		v := map[string]any{"id": tfSub + "virtualNetworks/v/subnets/s", "name": "s", "resource_group_name": "rg-net", "virtual_network_name": "v"}
		for k, x := range vals {
			v[k] = x
		}
		return tfR("azurerm_subnet", "s", v)
	}
	cases := []struct {
		name    string
		res     []map[string]any
		want    string // JSON of {addressPrefix, addressPrefixes}
		entries int
	}{
		{"v3 inline address_prefix", []map[string]any{vnet(map[string]any{"name": "s", "address_prefix": "10.0.1.0/24"})},
			`{"addressPrefix":"10.0.1.0/24"}`, 0},
		{"v4 inline address_prefixes", []map[string]any{vnet(map[string]any{"name": "s", "address_prefixes": []any{"10.0.1.0/24"}})},
			`{"addressPrefixes":["10.0.1.0/24"]}`, 0},
		{"v4 inline, two prefixes", []map[string]any{vnet(map[string]any{"name": "s", "address_prefixes": []any{"10.0.1.0/24", "fd00::/64"}})},
			`{"addressPrefixes":["10.0.1.0/24","fd00::/64"]}`, 0},
		{"both spellings agree", []map[string]any{vnet(map[string]any{"name": "s", "address_prefix": "10.0.1.0/24", "address_prefixes": []any{"10.0.1.0/24"}})},
			`{"addressPrefixes":["10.0.1.0/24"]}`, 0},
		{"both spellings disagree: address_prefixes", []map[string]any{vnet(map[string]any{"name": "s", "address_prefix": "10.0.9.0/24", "address_prefixes": []any{"10.0.1.0/24"}})},
			`{"addressPrefixes":["10.0.1.0/24"]}`, 1},
		{"azurerm_subnet alone", []map[string]any{vnet(), sub(map[string]any{"address_prefixes": []any{"10.0.1.0/24"}})},
			`{"addressPrefixes":["10.0.1.0/24"]}`, 0},
		{"v3 computed inline then azurerm_subnet: the resource wins whole",
			[]map[string]any{vnet(map[string]any{"name": "s", "id": tfSub + "virtualNetworks/v/subnets/s", "address_prefix": "10.0.9.0/24"}),
				sub(map[string]any{"address_prefixes": []any{"10.0.1.0/24"}})},
			`{"addressPrefixes":["10.0.1.0/24"]}`, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, rep := mustTF(t, tfState(tc.res...))
			v := findRes(res, "virtualNetworks", "v")
			if v == nil || len(v.List("subnets")) != 1 {
				t.Fatalf("want one subnet in the VNet: %s", tfJSON(res))
			}
			p := childOf(v, "subnets", "s")
			got := tfJSON(map[string]any{"addressPrefix": p["addressPrefix"], "addressPrefixes": p["addressPrefixes"]})
			got = strings.NewReplacer(`"addressPrefix":null,`, "", `,"addressPrefixes":null`, "").Replace(got)
			if got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
			if len(rep.Entries) != tc.entries {
				t.Errorf("%d entries, want %d: %v", len(rep.Entries), tc.entries, rep.Entries)
			}
		})
	}
}

// tfMapCase is one mapping check: the resources, then the value at a path
// of one Resource's Props (want is compared as JSON; "<absent>" for none).
type tfMapCase struct {
	name       string
	res        []map[string]any
	typ, rname string
	path       string
	want       string
}

func tfBase(name string, extra map[string]any) map[string]any {
	v := map[string]any{"name": name, "resource_group_name": "rg-net", "location": "westeurope"}
	for k, x := range extra {
		v[k] = x
	}
	return v
}

func TestTerraformMappings(t *testing.T) {
	nic := func(extra map[string]any) map[string]any {
		return tfR("azurerm_network_interface", "n", tfBase("nic", tfMerge(map[string]any{"id": tfSub + "networkInterfaces/nic",
			"ip_configuration": []any{map[string]any{"name": "ip", "subnet_id": tfSub + "virtualNetworks/v/subnets/s",
				"private_ip_address": "10.0.1.4", "private_ip_address_allocation": "Static", "public_ip_address_id": ""}}}, extra)))
	}
	vng := func(extra map[string]any) map[string]any {
		return tfR("azurerm_virtual_network_gateway", "g", tfBase("gw", tfMerge(map[string]any{"id": tfSub + "virtualNetworkGateways/gw",
			"type": "Vpn", "vpn_type": "RouteBased", "sku": "VpnGw1AZ"}, extra)))
	}
	subnet := func(extra map[string]any) map[string]any {
		return tfR("azurerm_subnet", "s", tfMerge(map[string]any{"id": tfSub + "virtualNetworks/v/subnets/s", "name": "s",
			"resource_group_name": "rg-net", "virtual_network_name": "v", "address_prefixes": []any{"10.0.1.0/24"}}, extra))
	}
	cases := []tfMapCase{
		{"NIC v3 enable_ip_forwarding", []map[string]any{nic(map[string]any{"enable_ip_forwarding": true})}, "networkInterfaces", "nic", "enableIPForwarding", `true`},
		{"NIC v4 ip_forwarding_enabled", []map[string]any{nic(map[string]any{"ip_forwarding_enabled": true})}, "networkInterfaces", "nic", "enableIPForwarding", `true`},
		{"NIC v4 off", []map[string]any{nic(map[string]any{"ip_forwarding_enabled": false})}, "networkInterfaces", "nic", "enableIPForwarding", `false`},
		{"NIC ip configuration", []map[string]any{nic(nil)}, "networkInterfaces", "nic", "ipConfigurations",
			`[{"id":"` + tfSub + `networkInterfaces/nic/ipConfigurations/ip","name":"ip","properties":{"privateIPAddress":"10.0.1.4","privateIPAllocationMethod":"Static","subnet":{"id":"` + tfSub + `virtualNetworks/v/subnets/s"}}}]`},
		{"NIC virtual_machine_id", []map[string]any{nic(map[string]any{"virtual_machine_id": "/x/vm"})}, "networkInterfaces", "nic", "virtualMachine", `{"id":"/x/vm"}`},
		{"VNG v3 enable_bgp", []map[string]any{vng(map[string]any{"enable_bgp": true})}, "virtualNetworkGateways", "gw", "enableBgp", `true`},
		{"VNG v4 bgp_enabled", []map[string]any{vng(map[string]any{"bgp_enabled": true})}, "virtualNetworkGateways", "gw", "enableBgp", `true`},
		{"VNG sku in properties", []map[string]any{vng(nil)}, "virtualNetworkGateways", "gw", "sku", `{"name":"VpnGw1AZ","tier":"VpnGw1AZ"}`},
		{"VNG bgp default addresses", []map[string]any{vng(map[string]any{"bgp_settings": []any{map[string]any{"asn": 65515, "peering_addresses": []any{
			map[string]any{"ip_configuration_name": "a", "default_addresses": []any{"10.0.255.4"}}, map[string]any{"ip_configuration_name": "b", "default_addresses": []any{"10.0.255.5"}}}}}})},
			"virtualNetworkGateways", "gw", "bgpSettings.bgpPeeringAddress", `"10.0.255.4,10.0.255.5"`},
		{"VNG v2 peering_address", []map[string]any{vng(map[string]any{"bgp_settings": []any{map[string]any{"asn": 65010, "peering_address": "10.0.255.30"}}})},
			"virtualNetworkGateways", "gw", "bgpSettings", `{"asn":65010,"bgpPeeringAddress":"10.0.255.30"}`},
		{"VNG P2S pool", []map[string]any{vng(map[string]any{"vpn_client_configuration": []any{map[string]any{"address_space": []any{"172.31.0.0/24"}, "vpn_client_protocols": []any{"OpenVPN"}}}})},
			"virtualNetworkGateways", "gw", "vpnClientConfiguration", `{"vpnClientAddressPool":{"addressPrefixes":["172.31.0.0/24"]},"vpnClientProtocols":["OpenVPN"]}`},
		{"subnet v4 private_endpoint_network_policies", []map[string]any{subnet(map[string]any{"private_endpoint_network_policies": "NetworkSecurityGroupEnabled"})},
			"subnets", "s", "privateEndpointNetworkPolicies", `"NetworkSecurityGroupEnabled"`},
		{"subnet v3 private_endpoint_network_policies_enabled", []map[string]any{subnet(map[string]any{"private_endpoint_network_policies_enabled": true})},
			"subnets", "s", "privateEndpointNetworkPolicies", `"Enabled"`},
		{"subnet v3 enforce_… (opposite sense)", []map[string]any{subnet(map[string]any{"enforce_private_link_endpoint_network_policies": true})},
			"subnets", "s", "privateEndpointNetworkPolicies", `"Disabled"`},
		{"subnet default outbound access", []map[string]any{subnet(map[string]any{"default_outbound_access_enabled": false})},
			"subnets", "s", "defaultOutboundAccess", `false`},
		{"subnet service endpoints and delegation", []map[string]any{subnet(map[string]any{"service_endpoints": []any{"Microsoft.Storage"},
			"delegation": []any{map[string]any{"name": "d", "service_delegation": []any{map[string]any{"name": "Microsoft.Network/dnsResolvers"}}}}})},
			"subnets", "s", "serviceEndpoints", `[{"service":"Microsoft.Storage"}]`},
		{"public IP sku and address", []map[string]any{tfR("azurerm_public_ip", "p", tfBase("pip", map[string]any{"id": tfSub + "publicIPAddresses/pip",
			"allocation_method": "Static", "ip_address": "20.50.0.1", "sku": "Standard", "sku_tier": "Regional"}))},
			"publicIPAddresses", "pip", "ipAddress", `"20.50.0.1"`},
		{"NSG inline rule", []map[string]any{tfR("azurerm_network_security_group", "n", tfBase("nsg", map[string]any{"id": tfSub + "networkSecurityGroups/nsg",
			"security_rule": []any{map[string]any{"name": "r", "priority": 100, "direction": "Inbound", "access": "Allow", "protocol": "Tcp",
				"source_address_prefix": "*", "source_address_prefixes": []any{}, "source_port_range": "*", "destination_address_prefix": "",
				"destination_address_prefixes": []any{"10.0.1.0/24", "10.0.2.0/24"}, "destination_port_range": "", "destination_port_ranges": []any{"80", "443"}}}}))},
			"networkSecurityGroups", "nsg", "securityRules",
			`[{"id":"` + tfSub + `networkSecurityGroups/nsg/securityRules/r","name":"r","properties":{"access":"Allow","destinationAddressPrefixes":["10.0.1.0/24","10.0.2.0/24"],"destinationPortRanges":["80","443"],"direction":"Inbound","priority":100,"protocol":"Tcp","sourceAddressPrefix":"*","sourcePortRange":"*"}}]`},
		{"firewall ip configuration", []map[string]any{tfR("azurerm_firewall", "f", tfBase("afw", map[string]any{"id": tfSub + "azureFirewalls/afw", "sku_name": "AZFW_VNet", "sku_tier": "Premium",
			"ip_configuration": []any{map[string]any{"name": "c", "subnet_id": "/s", "public_ip_address_id": "/p", "private_ip_address": "10.0.1.4"}}}))},
			"azureFirewalls", "afw", "ipConfigurations",
			`[{"id":"` + tfSub + `azureFirewalls/afw/azureFirewallIpConfigurations/c","name":"c","properties":{"privateIPAddress":"10.0.1.4","publicIPAddress":{"id":"/p"},"subnet":{"id":"/s"}}}]`},
		{"firewall sku", []map[string]any{tfR("azurerm_firewall", "f", tfBase("afw", map[string]any{"id": tfSub + "azureFirewalls/afw", "sku_name": "AZFW_VNet", "sku_tier": "Premium"}))},
			"azureFirewalls", "afw", "sku", `{"name":"AZFW_VNet","tier":"Premium"}`},
		{"local network gateway", []map[string]any{tfR("azurerm_local_network_gateway", "l", tfBase("lng", map[string]any{"id": tfSub + "localNetworkGateways/lng",
			"gateway_address": "203.0.113.10", "address_space": []any{"192.168.10.0/24"}, "bgp_settings": []any{map[string]any{"asn": 65050, "bgp_peering_address": "192.168.10.254", "peer_weight": 0}}}))},
			"localNetworkGateways", "lng", "", `{"bgpSettings":{"asn":65050,"bgpPeeringAddress":"192.168.10.254","peerWeight":0},"gatewayIpAddress":"203.0.113.10","localNetworkAddressSpace":{"addressPrefixes":["192.168.10.0/24"]}}`},
		{"connection ExpressRoute", []map[string]any{tfR("azurerm_virtual_network_gateway_connection", "c", tfBase("cn", map[string]any{"id": tfSub + "connections/cn",
			"type": "ExpressRoute", "virtual_network_gateway_id": "/gw", "express_route_circuit_id": "/erc", "routing_weight": 10, "shared_key": nil}))},
			"connections", "cn", "", `{"connectionType":"ExpressRoute","peer":{"id":"/erc"},"routingWeight":10,"virtualNetworkGateway1":{"id":"/gw"}}`},
		{"circuit sku", []map[string]any{tfR("azurerm_express_route_circuit", "e", tfBase("erc", map[string]any{"id": tfSub + "expressRouteCircuits/erc",
			"sku": []any{map[string]any{"tier": "Premium", "family": "UnlimitedData"}}, "service_provider_name": "Equinix", "peering_location": "Amsterdam", "bandwidth_in_mbps": 1000}))},
			"expressRouteCircuits", "erc", "serviceProviderProperties", `{"bandwidthInMbps":1000,"peeringLocation":"Amsterdam","serviceProviderName":"Equinix"}`},
		{"route server", []map[string]any{tfR("azurerm_route_server", "r", tfBase("rs", map[string]any{"id": tfSub + "virtualHubs/rs", "sku": "Standard",
			"subnet_id": "/s", "public_ip_address_id": "/p", "branch_to_branch_traffic_enabled": true, "virtual_router_asn": 65515, "virtual_router_ips": []any{"10.0.3.4", "10.0.3.5"}}))},
			"virtualHubs", "rs", "", `{"allowBranchToBranchTraffic":true,"sku":"Standard","virtualRouterAsn":65515,"virtualRouterIps":["10.0.3.4","10.0.3.5"]}`},
		{"route server ip configuration", []map[string]any{tfR("azurerm_route_server", "r", tfBase("rs", map[string]any{"id": tfSub + "virtualHubs/rs", "subnet_id": "/s", "public_ip_address_id": "/p"}))},
			"virtualHubs/ipConfigurations", "ipconfig1", "", `{"publicIPAddress":{"id":"/p"},"subnet":{"id":"/s"}}`},
		{"route server peer", []map[string]any{tfR("azurerm_route_server_bgp_connection", "p", map[string]any{"name": "nva1", "route_server_id": tfSub + "virtualHubs/rs", "peer_asn": 65001, "peer_ip": "10.0.4.4"})},
			"virtualHubs/bgpConnections", "nva1", "", `{"peerAsn":65001,"peerIp":"10.0.4.4"}`},
		{"private endpoint", []map[string]any{tfR("azurerm_private_endpoint", "p", tfBase("pe", map[string]any{"id": tfSub + "privateEndpoints/pe", "subnet_id": "/s",
			"network_interface":          []any{map[string]any{"id": "/nic", "name": "pe.nic"}},
			"private_service_connection": []any{map[string]any{"name": "c", "is_manual_connection": false, "private_connection_resource_id": "/st", "subresource_names": []any{"blob"}, "private_ip_address": "10.0.5.4"}}}))},
			"privateEndpoints", "pe", "", `{"networkInterfaces":[{"id":"/nic","properties":{"ipConfigurations":[{"properties":{"privateIPAddress":"10.0.5.4"}}]}}],"privateLinkServiceConnections":[{"name":"c","properties":{"groupIds":["blob"],"privateLinkServiceId":"/st"}}],"subnet":{"id":"/s"}}`},
		{"private endpoint zone group", []map[string]any{tfR("azurerm_private_endpoint", "p", tfBase("pe", map[string]any{"id": tfSub + "privateEndpoints/pe",
			"private_dns_zone_group": []any{map[string]any{"name": "default", "private_dns_zone_ids": []any{tfSub + "privateDnsZones/privatelink.blob.core.windows.net"}}}}))},
			"privateEndpoints/privateDnsZoneGroups", "default", "", `{"privateDnsZoneConfigs":[{"name":"privatelink.blob.core.windows.net","properties":{"privateDnsZoneId":"` + tfSub + `privateDnsZones/privatelink.blob.core.windows.net"}}]}`},
		{"private DNS A record", []map[string]any{tfR("azurerm_private_dns_a_record", "a", map[string]any{"name": "st1", "zone_name": "privatelink.blob.core.windows.net", "resource_group_name": "rg-net", "ttl": 10, "records": []any{"10.0.5.4"}})},
			"privateDnsZones/A", "st1", "", `{"aRecords":[{"ipv4Address":"10.0.5.4"}],"ttl":10}`},
		{"private DNS zone link", []map[string]any{tfR("azurerm_private_dns_zone_virtual_network_link", "l", map[string]any{"name": "l", "private_dns_zone_name": "z", "resource_group_name": "rg-net", "virtual_network_id": "/v", "registration_enabled": true})},
			"privateDnsZones/virtualNetworkLinks", "l", "", `{"registrationEnabled":true,"virtualNetwork":{"id":"/v"}}`},
		{"resolver inbound endpoint", []map[string]any{tfR("azurerm_private_dns_resolver_inbound_endpoint", "i", tfBase("in", map[string]any{"private_dns_resolver_id": tfSub + "dnsResolvers/r",
			"ip_configurations": []any{map[string]any{"subnet_id": "/s", "private_ip_address": "10.0.6.4", "private_ip_allocation_method": "Dynamic"}}}))},
			"dnsResolvers/inboundEndpoints", "in", "", `{"ipConfigurations":[{"privateIpAddress":"10.0.6.4","privateIpAllocationMethod":"Dynamic","subnet":{"id":"/s"}}]}`},
		{"forwarding rule", []map[string]any{tfR("azurerm_private_dns_resolver_forwarding_rule", "f", map[string]any{"name": "corp", "dns_forwarding_ruleset_id": tfSub + "dnsForwardingRulesets/rs",
			"domain_name": "corp.example.", "enabled": true, "target_dns_servers": []any{map[string]any{"ip_address": "192.168.10.53", "port": 53}}})},
			"dnsForwardingRulesets/forwardingRules", "corp", "", `{"domainName":"corp.example.","forwardingRuleState":"Enabled","targetDnsServers":[{"ipAddress":"192.168.10.53","port":53}]}`},
		{"ruleset", []map[string]any{tfR("azurerm_private_dns_resolver_dns_forwarding_ruleset", "r", tfBase("rs", map[string]any{"private_dns_resolver_outbound_endpoint_ids": []any{"/out"}}))},
			"dnsForwardingRulesets", "rs", "", `{"dnsResolverOutboundEndpoints":[{"id":"/out"}]}`},
		{"azapi VNet", []map[string]any{tfR("azapi_resource", "v", map[string]any{"type": "Microsoft.Network/virtualNetworks@2024-05-01", "name": "av",
			"parent_id": "/subscriptions/s/resourceGroups/rg", "location": "westeurope", "body": `{"properties":{"addressSpace":{"addressPrefixes":["10.9.0.0/16"]}}}`})},
			"virtualNetworks", "av", "addressSpace", `{"addressPrefixes":["10.9.0.0/16"]}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, rep := mustTF(t, tfState(tc.res...))
			r := findRes(res, tc.typ, tc.rname)
			if r == nil {
				t.Fatalf("no %s %s in %s (report %v)", tc.typ, tc.rname, tfJSON(res), rep.Entries)
			}
			var got any = r.Props
			if tc.path != "" {
				got = Lookup(r.Props, tc.path)
			}
			g := tfJSON(got)
			if got == nil {
				g = "<absent>"
			}
			if g != tc.want {
				t.Errorf("%s =\n  %s\nwant\n  %s", tc.path, g, tc.want)
			}
		})
	}
}

func tfMerge(a, b map[string]any) map[string]any {
	for k, v := range b {
		a[k] = v
	}
	return a
}

func TestTerraformChildrenAndAssociations(t *testing.T) {
	sid := tfSub + "virtualNetworks/v/subnets/s"
	res, rep := mustTF(t, tfState(
		tfR("azurerm_virtual_network", "v", tfBase("v", map[string]any{"id": tfSub + "virtualNetworks/v", "address_space": []any{"10.0.0.0/16"},
			"subnet": []any{map[string]any{"name": "s", "id": sid, "address_prefix": "10.0.1.0/24", "security_group": tfSub + "networkSecurityGroups/old"}}})),
		tfR("azurerm_subnet", "s", map[string]any{"id": sid, "name": "s", "resource_group_name": "rg-net", "virtual_network_name": "v", "address_prefixes": []any{"10.0.1.0/24"}}),
		tfR("azurerm_subnet_route_table_association", "s", map[string]any{"id": sid, "subnet_id": sid, "route_table_id": tfSub + "routeTables/rt"}),
		tfR("azurerm_subnet_network_security_group_association", "s", map[string]any{"id": sid, "subnet_id": sid, "network_security_group_id": tfSub + "networkSecurityGroups/nsg"}),
		tfR("azurerm_subnet_nat_gateway_association", "s", map[string]any{"id": sid, "subnet_id": sid, "nat_gateway_id": tfSub + "natGateways/nat"}),
		tfR("azurerm_subnet_route_table_association", "missing", map[string]any{"subnet_id": tfSub + "virtualNetworks/other/subnets/x", "route_table_id": tfSub + "routeTables/rt"}),
		tfR("azurerm_route_table", "rt", tfBase("rt", map[string]any{"id": tfSub + "routeTables/rt",
			"route": []any{map[string]any{"name": "r1", "address_prefix": "0.0.0.0/0", "next_hop_type": "VirtualAppliance", "next_hop_in_ip_address": "10.0.1.4"}}})),
		tfR("azurerm_route", "r1", map[string]any{"id": tfSub + "routeTables/rt/routes/r1", "name": "r1", "resource_group_name": "rg-net", "route_table_name": "rt",
			"address_prefix": "0.0.0.0/0", "next_hop_type": "VirtualAppliance", "next_hop_in_ip_address": "10.0.1.5"}),
		tfR("azurerm_route", "r2", map[string]any{"id": tfSub + "routeTables/rt/routes/r2", "name": "r2", "resource_group_name": "rg-net", "route_table_name": "rt",
			"address_prefix": "10.9.0.0/16", "next_hop_type": "None"}),
		tfR("azurerm_route", "orphan", map[string]any{"name": "o", "resource_group_name": "rg-net", "route_table_name": "rt-elsewhere", "address_prefix": "10.8.0.0/16", "next_hop_type": "None"}),
		tfR("azurerm_nat_gateway", "nat", tfBase("nat", map[string]any{"id": tfSub + "natGateways/nat", "sku_name": "Standard"})),
		tfR("azurerm_nat_gateway_public_ip_association", "a", map[string]any{"nat_gateway_id": tfSub + "natGateways/nat", "public_ip_address_id": tfSub + "publicIPAddresses/p"}),
		tfR("azurerm_nat_gateway_public_ip_association", "dup", map[string]any{"nat_gateway_id": tfSub + "natGateways/nat", "public_ip_address_id": tfSub + "publicIPAddresses/p"}),
		tfR("azurerm_network_interface", "n", tfBase("nic", map[string]any{"id": tfSub + "networkInterfaces/nic", "ip_configuration": []any{map[string]any{"name": "ip", "subnet_id": sid}}})),
		tfR("azurerm_network_interface_security_group_association", "n", map[string]any{"network_interface_id": tfSub + "networkInterfaces/nic", "network_security_group_id": tfSub + "networkSecurityGroups/nsg"}),
		tfR("azurerm_linux_virtual_machine", "vm", tfBase("vm1", map[string]any{"id": "/subscriptions/x/resourceGroups/rg-net/providers/Microsoft.Compute/virtualMachines/vm1",
			"network_interface_ids": []any{tfSub + "networkInterfaces/nic", tfSub + "networkInterfaces/gone"}, "size": "Standard_B2s"})),
	))
	v := findRes(res, "virtualNetworks", "v")
	if n := len(v.List("subnets")); n != 1 {
		t.Fatalf("%d subnets, want the inline and the resource merged into 1", n)
	}
	s := childOf(v, "subnets", "s")
	want := `{"addressPrefixes":["10.0.1.0/24"],"natGateway":{"id":"` + tfSub + `natGateways/nat"},"networkSecurityGroup":{"id":"` + tfSub +
		`networkSecurityGroups/nsg"},"routeTable":{"id":"` + tfSub + `routeTables/rt"}}`
	if g := tfJSON(s); g != want {
		t.Errorf("subnet =\n  %s\nwant\n  %s", g, want)
	}
	rt := findRes(res, "routeTables", "rt")
	if g := tfJSON(rt.List("routes")); !strings.Contains(g, `"nextHopIpAddress":"10.0.1.5"`) || len(rt.List("routes")) != 2 {
		t.Errorf("routes = %s; want r1 replaced by the azurerm_route and r2 added", g)
	}
	if findRes(res, "routeTables/routes", "o") == nil {
		t.Errorf("the route whose table is not in the file is not a Resource of its own")
	}
	if g := tfJSON(findRes(res, "natGateways", "nat").Props["publicIpAddresses"]); g != `[{"id":"`+tfSub+`publicIPAddresses/p"}]` {
		t.Errorf("NAT public IPs = %s", g)
	}
	nic := findRes(res, "networkInterfaces", "nic")
	if g := RefID(nic.Props["networkSecurityGroup"]) + " " + RefID(nic.Props["virtualMachine"]); !strings.HasSuffix(g, "Microsoft.Compute/virtualMachines/vm1") ||
		!strings.HasPrefix(g, tfSub+"networkSecurityGroups/nsg ") {
		t.Errorf("NIC nsg and VM = %s", g)
	}
	vm := findRes(res, "virtualMachines", "vm1")
	if g := tfJSON(vm.Props["networkProfile"]); !strings.Contains(g, `"primary":true`) || len(vm.List("networkProfile.networkInterfaces")) != 2 {
		t.Errorf("VM network profile = %s", g)
	}
	for _, w := range []string{"the subnet's own state names", "is not in the file; the association", "NIC " + tfSub + "networkInterfaces/gone is not in the file"} {
		if !strings.Contains(tfJSON(rep.Entries), w) {
			t.Errorf("no entry saying %q: %s", w, rep.Text())
		}
	}
}

func TestTerraformSecretsNotCopied(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "tf-hubspoke.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	res, rep := mustTF(t, doc)
	out := tfJSON(res)
	for _, secret := range []string{"Br4nch-Pre-Shared-Key-2024!", "Adm1n-P@ssw0rd-not-for-import", "8d2f5a6e-3c1b-4e7a-9f0d-2b4c6e8a0f13", "c3RvcmFnZS1rZXktbm90LWZvci1pbXBvcnQ="} {
		if !strings.Contains(string(b), secret) {
			t.Fatalf("the fixture lost the secret %q the test looks for", secret)
		}
		if strings.Contains(out, secret) || strings.Contains(tfJSON(rep), secret) {
			t.Errorf("the secret %q was copied", secret)
		}
	}
	if !strings.Contains(rep.Text(), "azurerm_virtual_network_gateway_connection.branch shared_key: a secret") {
		t.Errorf("the report does not say the shared key was not copied:\n%s", rep.Text())
	}
}

func TestTerraformReport(t *testing.T) {
	other := func(typ, name string) map[string]any {
		r := tfR(typ, name, map[string]any{"id": "x"})
		r["provider_name"] = "registry.terraform.io/hashicorp/random"
		return r
	}
	res, rep := mustTF(t, tfState(
		tfR("azurerm_virtual_network", "v", tfBase("v", map[string]any{"id": tfSub + "virtualNetworks/v", "address_space": []any{"10.0.0.0/16"}})),
		tfR("azurerm_storage_account", "a", map[string]any{"name": "st1"}),
		tfR("azurerm_key_vault", "kv", map[string]any{"name": "kv1"}),
		other("random_string", "a"), other("random_string", "b"), other("random_string", "c"), other("random_password", "p"),
		tfData("azurerm_client_config", "current", map[string]any{"id": "x"}),
		tfData("azurerm_subnet", "unused", map[string]any{"id": tfSub + "virtualNetworks/v/subnets/u"}),
	))
	if len(res) != 1 {
		t.Errorf("%d resources, want the VNet only", len(res))
	}
	want := []Entry{
		{Kind: Skipped, Where: "azurerm_key_vault.kv", What: "azurerm_key_vault kv1", Why: "not a network resource vnetplay imports"},
		{Kind: Skipped, Where: "azurerm_storage_account.a", What: "azurerm_storage_account st1", Why: "not a network resource vnetplay imports"},
		{Kind: Skipped, Where: "random_password.p", What: "random_password", Why: "a resource of registry.terraform.io/hashicorp/random, not of azurerm"},
		{Kind: Skipped, Where: "random_string.a", What: "random_string", Why: "3 resources of registry.terraform.io/hashicorp/random, not of azurerm (the first named here)"},
	}
	if !reflect.DeepEqual(rep.Entries, want) {
		t.Errorf("entries:\n%s\nwant:\n%s", tfJSON(rep.Entries), tfJSON(want))
	}
}

// TestTerraformModulesAndWhere checks addresses (module, for_each key,
// count index) become Where, and that files without "address" get one.
func TestTerraformModulesAndWhere(t *testing.T) {
	vn := func(name string) map[string]any {
		return tfBase(name, map[string]any{"id": tfSub + "virtualNetworks/" + name, "address_space": []any{"10.0.0.0/16"}})
	}
	noAddr := tfR("azurerm_virtual_network", "c", vn("vc"))
	delete(noAddr, "address")
	noAddr["index"] = 2.0
	doc := map[string]any{"format_version": "1.0", "values": map[string]any{"root_module": map[string]any{
		"child_modules": []any{map[string]any{"address": `module.net["a.b"]`,
			"resources": []any{map[string]any{"address": `module.net["a.b"].azurerm_virtual_network.this`, "mode": "managed",
				"type": "azurerm_virtual_network", "name": "this", "values": vn("va")}},
			"child_modules": []any{map[string]any{"address": `module.net["a.b"].module.inner[0]`, "resources": []any{noAddr}}},
		}}}}}
	res, _ := mustTF(t, doc)
	got := map[string]string{}
	for _, r := range res {
		got[r.Name] = r.Where
	}
	want := map[string]string{"va": `module.net["a.b"].azurerm_virtual_network.this`, "vc": `module.net["a.b"].module.inner[0].azurerm_virtual_network.c[2]`}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Where = %v, want %v", got, want)
	}
}

func TestTerraformSynthesisedIDs(t *testing.T) {
	res, rep := mustTF(t, tfState(
		tfR("azurerm_virtual_network", "v", tfBase("v", map[string]any{"address_space": []any{"10.0.0.0/16"}})),
		tfR("azurerm_subnet", "s", map[string]any{"name": "s", "resource_group_name": "rg-net", "virtual_network_name": "v", "address_prefixes": []any{"10.0.1.0/24"}}),
		tfR("azurerm_express_route_circuit_peering", "p", map[string]any{"peering_type": "AzurePrivatePeering", "express_route_circuit_name": "erc", "resource_group_name": "rg-net", "peer_asn": 65020}),
		tfR("azurerm_network_security_group", "n", map[string]any{"name": "nsg"}),
	))
	const stand = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/"
	for typ, want := range map[string]string{
		"virtualNetworks":               stand + "rg-net/providers/Microsoft.Network/virtualNetworks/v",
		"expressRouteCircuits/peerings": stand + "rg-net/providers/Microsoft.Network/expressRouteCircuits/erc/peerings/AzurePrivatePeering",
		"networkSecurityGroups":         stand + "unknown/providers/Microsoft.Network/networkSecurityGroups/nsg",
	} {
		found := false
		for _, r := range res {
			if strings.HasSuffix(r.Type, typ) {
				found = true
				if r.ID != want {
					t.Errorf("%s id = %s, want %s", typ, r.ID, want)
				}
			}
		}
		if !found {
			t.Errorf("no %s", typ)
		}
	}
	v := findRes(res, "virtualNetworks", "v")
	if id, _ := v.List("subnets")[0].(map[string]any)["id"].(string); id != stand+"rg-net/providers/Microsoft.Network/virtualNetworks/v/subnets/s" {
		t.Errorf("subnet id %s", id)
	}
	what := map[EntryKind]int{}
	for _, e := range rep.Entries {
		what[e.Kind+":"+EntryKind(e.What)]++
	}
	if !reflect.DeepEqual(what, map[EntryKind]int{"assumed:subscription": 1, "assumed:resource_group_name": 1}) {
		t.Errorf("want one subscription entry and one resource group entry:\n%s", rep.Text())
	}
}

// readFixture decodes a testdata file.
func readFixture(t *testing.T, name string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// TestTerraformFixture checks what the front end makes of tf-hubspoke.json
// and that its import is the hand design but for two defaults the state
// spells out.
func TestTerraformFixture(t *testing.T) {
	res, _ := mustTF(t, readFixture(t, "tf-hubspoke.json"))
	count := map[string]int{}
	for _, r := range res {
		count[r.Type]++
	}
	want := map[string]int{armVNet: 3, armPeering: 5, armRT: 2, armNSG: 2, armPIP: 3, armFW: 1, "Microsoft.Network/virtualNetworkGateways": 2,
		"Microsoft.Network/localNetworkGateways": 1, "Microsoft.Network/connections": 2, armCircuit: 1, armNIC: 3, armVM: 3}
	if !reflect.DeepEqual(count, want) {
		t.Errorf("types %v, want %v", count, want)
	}
	partner := findRes(res, "virtualNetworkPeerings", "peer-hub-to-partner")
	if g := tfJSON(partner.Props["remoteAddressSpace"]); g != `{"addressPrefixes":["172.20.0.0/16"]}` {
		t.Errorf("the partner peering's remote space = %s (from data.azurerm_virtual_network.partner)", g)
	}
	if p := findRes(res, "virtualNetworkPeerings", "peer-spoke2-to-hub"); p == nil || p.Where != `module.spokes["spoke2"].azurerm_virtual_network_peering.spoke_to_hub` {
		t.Errorf("peer-spoke2-to-hub Where = %+v", p)
	}
	rt := findRes(res, "routeTables", "rt-spokes")
	if rt.Props["disableBgpRoutePropagation"] != true || len(rt.List("routes")) != 1 {
		t.Errorf("rt-spokes = %s", tfJSON(rt.Props))
	}
	if findRes(res, "routeTables", "rt-gateway").Props["disableBgpRoutePropagation"] != false {
		t.Errorf("rt-gateway propagation (v4 bgp_route_propagation_enabled true) is not disableBgpRoutePropagation false")
	}
	if nsg := findRes(res, "networkSecurityGroups", "nsg-shared"); len(nsg.List("securityRules")) != 1 {
		t.Errorf("nsg-shared rules %s: the inline rule and azurerm_network_security_rule are one", tfJSON(nsg.Props))
	}
	if g := tfJSON(findRes(res, "expressRouteCircuits", "erc-dc").SKU); g != `{"family":"MeteredData","name":"Standard_MeteredData","tier":"Standard"}` {
		t.Errorf("erc-dc sku = %s", g)
	}
	if g := tfJSON(findRes(res, "publicIPAddresses", "pip-vgw").SKU); g != `{"name":"Standard","tier":"Regional"}` {
		t.Errorf("pip-vgw sku = %s", g)
	}
	ckt := findRes(res, "expressRouteCircuits", "erc-dc")
	if g := tfJSON(childOf(ckt, "peerings", "AzurePrivatePeering")); !strings.Contains(g, `"peerASN":65020`) || !strings.Contains(g, `"vlanId":100`) {
		t.Errorf("erc-dc private peering = %s", g)
	}
	spoke := findRes(res, "virtualNetworks", "vnet-spoke1")
	want1 := `{"addressPrefixes":["10.1.1.0/24"],"defaultOutboundAccess":true,"networkSecurityGroup":{"id":"` + tfSub + `networkSecurityGroups/nsg-app"},` +
		`"privateEndpointNetworkPolicies":"Disabled","privateLinkServiceNetworkPolicies":"Enabled","routeTable":{"id":"` + tfSub + `routeTables/rt-spokes"}}`
	if g := tfJSON(childOf(spoke, "subnets", "snet-app")); len(spoke.List("subnets")) != 1 || g != want1 {
		t.Errorf("vnet-spoke1 subnets = %s\nwant %s", tfJSON(spoke.List("subnets")), want1)
	}
}

// TestTerraformFixtureIsTheHandDesign imports tf-hubspoke.json whole and
// requires the hand design, but for the subnet defaults a state spells
// out (defaultOutboundAccess true, privateEndpointNetworkPolicies
// Disabled), which mean what their absence means.
func TestTerraformFixtureIsTheHandDesign(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "tf-hubspoke.json"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := Import(b, "hubspoke")
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	for i := range got.Document.Topology.VNets {
		for j := range got.Document.Topology.VNets[i].Subnets {
			s := &got.Document.Topology.VNets[i].Subnets[j]
			if s.DefaultOutboundAccess != nil && *s.DefaultOutboundAccess {
				s.DefaultOutboundAccess = nil
			}
			if s.PrivateEndpointNetworkPolicies == "Disabled" {
				s.PrivateEndpointNetworkPolicies = ""
			}
		}
	}
	g, w := *got.Document, *handDesign(t)
	g.Name, g.Description, w.Name, w.Description = "", "", "", ""
	gb, _ := scenario.Encode(&g)
	wb, _ := scenario.Encode(&w)
	if string(gb) != string(wb) {
		t.Errorf("the import differs from the hand design:\n%s\nreport:\n%s", lineDiff(string(gb), string(wb)), got.Report.Text())
	}
}

// TestTerraformPlanVsState reads the fixture as a plan whose values are
// all known (an update plan): the same Resources as from the state.
func TestTerraformPlanVsState(t *testing.T) {
	state := readFixture(t, "tf-hubspoke.json")
	fromState, _ := mustTF(t, state)
	plan := map[string]any{"format_version": "1.2", "terraform_version": "1.9.5", "planned_values": state["values"],
		"configuration": map[string]any{"root_module": map[string]any{}}, "prior_state": state}
	if f, err := Detect(plan); err != nil || f != FormatTerraform {
		t.Fatalf("Detect(plan) = %v, %v", f, err)
	}
	fromPlan, _ := mustTF(t, plan)
	if !reflect.DeepEqual(fromState, fromPlan) {
		t.Errorf("plan and state differ:\n%s\n%s", tfJSON(fromState), tfJSON(fromPlan))
	}
}

// TestTerraformPlanResolvesUnknowns reads a plan creating a spoke: ids and
// the references to them are unknown until apply and come from the
// configuration (same module, var.* through the module call, a count
// index, module.x["k"].output, a data source of the prior state).
func TestTerraformPlanResolvesUnknowns(t *testing.T) {
	res, rep := mustTF(t, readFixture(t, "tf-plan-spoke.json"))
	const rg = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-spokes/providers/"
	sn := rg + "Microsoft.Network/virtualNetworks/vnet-spoke3/subnets/snet-app"
	checks := []struct{ typ, name, path, want string }{
		{"networkInterfaces", "nic-spoke3-1", "", `"ipConfigurations":[{"id":"` + rg + `Microsoft.Network/networkInterfaces/nic-spoke3-1/ipConfigurations/internal","name":"internal","properties":{"privateIPAddress":"10.3.1.10","privateIPAllocationMethod":"Static","subnet":{"id":"` + sn + `"}}}]`},
		{"networkInterfaces", "nic-spoke3-0", "virtualMachine", `{"id":"` + rg + `Microsoft.Compute/virtualMachines/vm-spoke3-0"}`},
		{"networkInterfaces", "nic-spoke3-1", "virtualMachine", `{"id":"` + rg + `Microsoft.Compute/virtualMachines/vm-spoke3-1"}`},
		{"virtualNetworks", "vnet-spoke3", "", `"routeTable":{"id":"` + rg + `Microsoft.Network/routeTables/rt-spokes"}`},
		{"virtualNetworkLinks", "link-spoke3", "virtualNetwork", `{"id":"` + rg + `Microsoft.Network/virtualNetworks/vnet-spoke3"}`},
		{"virtualNetworkPeerings", "peer-spoke3-to-hub", "remoteAddressSpace", `{"addressPrefixes":["10.0.0.0/16"]}`},
		{"routeTables", "rt-spokes", "disableBgpRoutePropagation", `true`},
	}
	for _, c := range checks {
		r := findRes(res, c.typ, c.name)
		if r == nil {
			t.Errorf("no %s %s", c.typ, c.name)
			continue
		}
		var v any = r.Props
		if c.path != "" {
			v = Lookup(r.Props, c.path)
		}
		if g := tfJSON(v); !strings.Contains(g, c.want) {
			t.Errorf("%s %s %s = %s\nwant (within) %s", c.typ, c.name, c.path, g, c.want)
		}
	}
	want := `module.spoke["spoke3"].azurerm_network_interface.app[0] ip_configuration.private_ip_address: unknown until apply`
	if txt := rep.Text(); !strings.Contains(txt, want) || strings.Count(txt, "unknown until apply") != 1 {
		t.Errorf("want exactly the dynamic private IP reported unknown:\n%s", txt)
	}
	if _, err := Import(mustJSON(t, readFixture(t, "tf-plan-spoke.json")), "plan"); err != nil {
		t.Errorf("Import(plan): %v", err)
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestTerraformPlanUnresolvable: a reference the configuration cannot
// tell (a local, two candidates) is reported, not guessed.
func TestTerraformPlanUnresolvable(t *testing.T) {
	nicVals := func(name string) map[string]any {
		return tfBase(name, map[string]any{"ip_configuration": []any{map[string]any{"name": "ip", "private_ip_address": "10.0.1.4"}}})
	}
	cfgNIC := func(name string, refs ...any) map[string]any {
		return map[string]any{"address": "azurerm_network_interface." + name, "mode": "managed", "type": "azurerm_network_interface", "name": name,
			"expressions": map[string]any{"ip_configuration": []any{map[string]any{"subnet_id": map[string]any{"references": refs}}}}}
	}
	sub := func(i int) map[string]any {
		r := tfR("azurerm_subnet", "s", map[string]any{"name": fmt.Sprintf("s%d", i), "resource_group_name": "rg", "virtual_network_name": "v"})
		r["index"], r["address"] = float64(i), fmt.Sprintf("azurerm_subnet.s[%d]", i)
		return r
	}
	byValue := tfR("azurerm_network_interface", "byvalue", nicVals("n3"))
	byValue["index"], byValue["address"] = float64(1), "azurerm_network_interface.byvalue[1]"
	byKey := tfR("azurerm_network_interface", "bykey", nicVals("n4"))
	byKey["index"], byKey["address"] = float64(1), "azurerm_network_interface.bykey[1]"
	plan := map[string]any{"format_version": "1.2", "planned_values": map[string]any{"root_module": map[string]any{"resources": []any{
		tfR("azurerm_network_interface", "local", nicVals("n1")), tfR("azurerm_network_interface", "many", nicVals("n2")), byValue, byKey, sub(0), sub(1)}}},
		"configuration": map[string]any{"root_module": map[string]any{"resources": []any{
			cfgNIC("local", "local.subnet_id"), cfgNIC("many", "azurerm_subnet.s"),
			cfgNIC("byvalue", "azurerm_subnet.s", "each.value.subnet", "each.value"), cfgNIC("bykey", "azurerm_subnet.s", "count.index")}}}}
	res, rep := mustTF(t, plan)
	if g := tfJSON(findRes(res, "networkInterfaces", "n4").List("ipConfigurations")); !strings.Contains(g, "virtualNetworks/v/subnets/s1") {
		t.Errorf("azurerm_subnet.s[count.index] from instance 1 is not s[1]: %s", g)
	}
	txt := rep.Text()
	for _, w := range []string{"azurerm_network_interface.local ip_configuration.subnet_id: unknown until apply",
		"azurerm_network_interface.many ip_configuration.subnet_id: unknown until apply",
		"azurerm_network_interface.byvalue[1] ip_configuration.subnet_id: unknown until apply"} {
		if !strings.Contains(txt, w) {
			t.Errorf("no entry %q:\n%s", w, txt)
		}
	}
}

// TestTerraformHostile: wrong shapes give a clear error or a partial
// result with entries, never a panic.
func TestTerraformHostile(t *testing.T) {
	cases := []struct {
		name string
		doc  map[string]any
		err  string // "" = no error wanted
	}{
		{"values a string", map[string]any{"format_version": "1", "values": "x"}, "values is a string, not an object"},
		{"values null (empty state)", map[string]any{"format_version": "1", "values": nil}, "the state is empty"},
		{"no root_module", map[string]any{"format_version": "1", "values": map[string]any{}}, "no root_module"},
		{"root_module an array", map[string]any{"format_version": "1", "values": map[string]any{"root_module": []any{}}}, "root_module is an array"},
		{"resources an object", map[string]any{"format_version": "1", "values": map[string]any{"root_module": map[string]any{"resources": map[string]any{}}}}, "resources is an object, not an array"},
		{"child_modules a number", map[string]any{"format_version": "1", "values": map[string]any{"root_module": map[string]any{"child_modules": 3}}}, "child_modules is a number"},
		{"child module a string", map[string]any{"format_version": "1", "values": map[string]any{"root_module": map[string]any{"child_modules": []any{"m"}}}}, "child_modules[0] is a string"},
		{"planned_values a bool", map[string]any{"format_version": "1", "planned_values": true}, "planned_values is a boolean"},
		{"only junk resources", tfState(map[string]any{"type": 5}, map[string]any{"type": "azurerm_virtual_network", "values": "x"}), "no network resource"},
		{"wrong attribute types", tfState(
			tfR("azurerm_virtual_network", "v", map[string]any{"name": 5, "address_space": "10.0.0.0/16", "subnet": "x", "id": []any{}}),
			tfR("azurerm_route_table", "r", map[string]any{"route": []any{"x", 3, map[string]any{"name": []any{}}}, "bgp_route_propagation_enabled": "no"}),
			tfR("azurerm_network_interface", "n", map[string]any{"ip_configuration": map[string]any{"subnet_id": 7}}),
			tfR("azurerm_linux_virtual_machine", "m", map[string]any{"network_interface_ids": "nic"}),
			tfR("azurerm_private_endpoint", "p", map[string]any{"private_service_connection": []any{nil}, "custom_dns_configs": 1}),
			tfR("azapi_resource", "a", map[string]any{"type": "Microsoft.Network/virtualNetworks", "body": "{not json"}),
		), ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := runTF(t, tc.doc)
			switch {
			case tc.err == "" && err != nil:
				t.Errorf("error %v", err)
			case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
				t.Errorf("error %v, want one saying %q", err, tc.err)
			}
		})
	}
}

// tfBulk is a state of about n resources over modules: per module a VNet
// with a subnet, ten NICs in it and one type vnetplay does not import
// (834 VNets for 10,000, under scenario.MaxVNets).
func tfBulk(n int) map[string]any {
	var mods []any
	for i := 0; len(mods)*12 < n; i++ {
		v := fmt.Sprintf("v%d", i)
		vid := tfSub + "virtualNetworks/" + v
		addr := fmt.Sprintf("module.m[%d]", i)
		res := []any{
			map[string]any{"address": addr + ".azurerm_virtual_network.v", "mode": "managed", "type": "azurerm_virtual_network", "name": "v",
				"values": tfBase(v, map[string]any{"id": vid, "address_space": []any{fmt.Sprintf("10.%d.%d.0/24", i/256, i%256)},
					"subnet": []any{map[string]any{"name": "s", "id": vid + "/subnets/s", "address_prefix": fmt.Sprintf("10.%d.%d.0/24", i/256, i%256)}}})},
			map[string]any{"address": addr + ".azurerm_key_vault.k", "mode": "managed", "type": "azurerm_key_vault", "name": "k", "values": map[string]any{}},
		}
		for j := range 10 {
			res = append(res, map[string]any{"address": fmt.Sprintf("%s.azurerm_network_interface.n[%d]", addr, j), "index": j,
				"mode": "managed", "type": "azurerm_network_interface", "name": "n",
				"values": tfBase(fmt.Sprintf("n%s-%d", v, j), map[string]any{"id": fmt.Sprintf("%snetworkInterfaces/n%s-%d", tfSub, v, j),
					"ip_configuration": []any{map[string]any{"name": "ip", "subnet_id": vid + "/subnets/s", "private_ip_address": fmt.Sprintf("10.%d.%d.%d", i/256, i%256, 4+j)}}})})
		}
		mods = append(mods, map[string]any{"address": addr, "resources": res})
	}
	return map[string]any{"format_version": "1.0", "values": map[string]any{"root_module": map[string]any{"child_modules": mods}}}
}

// TestTerraformLarge: 10,000 resources import (about a second natively,
// JSON round trip included; its speed is measured by benchmarks, not here:
// the bound only catches a freeze, work that grows out of proportion); more
// than MaxResources is an error; so is nesting past maxModuleDepth.
func TestTerraformLarge(t *testing.T) {
	doc := tfBulk(10_000)
	start := time.Now()
	res, rep := mustTF(t, doc)
	if d := time.Since(start); d > 60*time.Second {
		t.Errorf("10,000 resources took %v (JSON round trip included): the import froze", d)
	}
	if len(res) < 9_000 || len(rep.Entries) < 800 {
		t.Errorf("%d resources and %d entries from 10,000", len(res), len(rep.Entries))
	}
	over := make([]any, MaxResources+1)
	for i := range over {
		over[i] = map[string]any{"type": "azurerm_key_vault"}
	}
	if _, _, err := runTF(t, tfState()); !errors.Is(err, ErrNoNetwork) {
		t.Errorf("an empty root module: err %v, want ErrNoNetwork", err)
	}
	if _, _, err := runTF(t, map[string]any{"format_version": "1.0", "values": map[string]any{"root_module": map[string]any{"resources": over}}}); err == nil || !strings.Contains(err.Error(), "over the limit") {
		t.Errorf("over MaxResources: err %v", err)
	}
	deep := map[string]any{}
	cur := deep
	for i := 0; i < maxModuleDepth+5; i++ {
		next := map[string]any{"address": fmt.Sprintf("module.m%d", i)}
		cur["child_modules"] = []any{next}
		cur = next
	}
	if _, _, err := runTF(t, map[string]any{"format_version": "1", "values": map[string]any{"root_module": deep}}); err == nil || !strings.Contains(err.Error(), "nested deeper") {
		t.Errorf("deep modules: err %v", err)
	}
}

// BenchmarkTerraformFrontEndBulk measures the front end alone on 10,000
// resources.
func BenchmarkTerraformFrontEndBulk(b *testing.B) {
	data, _ := json.Marshal(tfBulk(10_000))
	for b.Loop() {
		var v map[string]any
		if err := json.Unmarshal(data, &v); err != nil {
			b.Fatal(err)
		}
		if _, err := fromTerraform(v, &Report{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkImportTerraformBulk measures the whole Import of 10,000
// resources (front end and builder).
func BenchmarkImportTerraformBulk(b *testing.B) {
	data, _ := json.Marshal(tfBulk(10_000))
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Import(data, "bulk"); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzImportTerraform: no input panics Import or the front end, and the
// work stays bounded. Seeds: both fixtures and hostile shapes.
func FuzzImportTerraform(f *testing.F) {
	for _, name := range []string{"tf-hubspoke.json", "tf-plan-spoke.json"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{
		`{"format_version":"1.0","values":{"root_module":{"resources":[{"type":"azurerm_subnet","values":{"subnet_id":[]}}]}}}`,
		`{"format_version":"1.0","values":{"root_module":{"child_modules":[{"address":"module.a[","resources":[{"type":"azurerm_route","index":{}}]}]}}}`,
		`{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"azurerm_network_interface.n","type":"azurerm_network_interface","name":"n","values":{"ip_configuration":[{}]}}]}},"configuration":{"root_module":{"resources":[{"type":"azurerm_network_interface","name":"n","expressions":{"ip_configuration":[{"subnet_id":{"references":["var.x","module.a[\"k\"].o","azurerm_subnet.s[0].id","data.x"]}}]}}],"module_calls":{"a":{"module":{"outputs":{"o":{"expression":{"references":["var.y"]}}}}}}}}}`,
		`{"format_version":"1.0","values":{"root_module":{"resources":[{"type":"azurerm_virtual_network_peering","values":{"remote_virtual_network_id":"/x","name":"p"}},{"type":"azurerm_virtual_network","mode":"data","values":{"id":"/X","address_space":["10.0.0.0/8"]}}]}}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := Import(data, "fuzz")
		if err == nil && res.Document == nil {
			t.Fatal("no error and no document")
		}
		var v map[string]any
		if json.Unmarshal(data, &v) != nil {
			return
		}
		rep := Report{}
		out, err := fromTerraform(v, &rep)
		if err != nil {
			return
		}
		for _, r := range out {
			if r.Type == "" || r.Where == "" || r.Props == nil {
				t.Fatalf("a Resource without type, place or properties: %+v", r)
			}
		}
	})
}

// TestTerraformDataSources: a data VNet that managed resources live in (a
// spoke state managing the hub side of its peering) is a Resource,
// reported as a placeholder; one only pointed at fills the peering's
// remote address space and stays out; other data sources say nothing.
func TestTerraformDataSources(t *testing.T) {
	hub := "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub"
	spoke := tfSub + "virtualNetworks/vnet-spoke"
	peer := func(name, vnet, rg, remote string) map[string]any {
		return tfR("azurerm_virtual_network_peering", strings.ReplaceAll(name, "-", "_"), map[string]any{"name": name, "virtual_network_name": vnet,
			"resource_group_name": rg, "remote_virtual_network_id": remote, "allow_forwarded_traffic": true, "allow_virtual_network_access": true})
	}
	base := []map[string]any{
		tfData("azurerm_virtual_network", "hub", map[string]any{"id": hub, "name": "vnet-hub", "resource_group_name": "rg-hub", "address_space": []any{"10.0.0.0/16"}, "subnets": []any{"GatewaySubnet", "snet-dns"}}),
		tfData("azurerm_subnet", "dns", map[string]any{"id": hub + "/subnets/snet-dns", "name": "snet-dns", "virtual_network_name": "vnet-hub", "address_prefixes": []any{"10.0.53.0/24"}, "route_table_id": ""}),
		tfData("azurerm_client_config", "current", map[string]any{"id": "x"}),
		tfR("azurerm_virtual_network", "spoke", tfBase("vnet-spoke", map[string]any{"id": spoke, "address_space": []any{"10.5.0.0/16"}})),
		peer("to-hub", "vnet-spoke", "rg-net", hub),
	}
	t.Run("hub side managed here", func(t *testing.T) {
		res, rep := mustTF(t, tfState(append(base, peer("from-spoke", "vnet-hub", "rg-hub", spoke))...))
		h := findRes(res, "virtualNetworks", "vnet-hub")
		if h == nil || h.Where != "data.azurerm_virtual_network.hub" {
			t.Fatalf("the hub read by a data source is not a Resource: %s", tfJSON(res))
		}
		if g := tfJSON(h.Props); g != `{"addressSpace":{"addressPrefixes":["10.0.0.0/16"]},"subnets":[{"id":"`+hub+`/subnets/snet-dns","name":"snet-dns","properties":{"addressPrefixes":["10.0.53.0/24"]}}]}` {
			t.Errorf("hub = %s", g)
		}
		if findRes(res, "virtualNetworkPeerings", "from-spoke") == nil || len(rep.Entries) != 1 || rep.Entries[0].Kind != Placeholder {
			t.Errorf("want the hub-side peering and one placeholder entry: %v", rep.Entries)
		}
		r, err := Import(mustJSON(t, tfState(append(base, peer("from-spoke", "vnet-hub", "rg-hub", spoke))...)), "spoke")
		if err != nil || len(r.Document.Topology.Peerings) != 1 || !r.Document.Topology.Peerings[0].A.Exists() || !r.Document.Topology.Peerings[0].B.Exists() {
			t.Errorf("Import: %v; want one peering with both sides: %+v", err, r)
		}
	})
	t.Run("hub only pointed at", func(t *testing.T) {
		res, rep := mustTF(t, tfState(base...))
		if findRes(res, "virtualNetworks", "vnet-hub") != nil || len(rep.Entries) != 0 {
			t.Errorf("the hub became a Resource or was reported: %s %v", tfJSON(res), rep.Entries)
		}
		if g := tfJSON(findRes(res, "virtualNetworkPeerings", "to-hub").Props["remoteAddressSpace"]); g != `{"addressPrefixes":["10.0.0.0/16"]}` {
			t.Errorf("remoteAddressSpace = %s", g)
		}
	})
}

// TestTerraformInternalLoadBalancer: an ILB in front of two NVAs, its pool
// and rule as separate resources, the NICs joined to the pool by
// association resources, imported whole.
func TestTerraformInternalLoadBalancer(t *testing.T) {
	vid := tfSub + "virtualNetworks/vnet-hub"
	sid := vid + "/subnets/snet-nva"
	lb := tfSub + "loadBalancers/ilb-nva"
	var res []map[string]any
	res = append(res,
		tfR("azurerm_virtual_network", "hub", tfBase("vnet-hub", map[string]any{"id": vid, "address_space": []any{"10.0.0.0/16"},
			"subnet": []any{map[string]any{"name": "snet-nva", "id": sid, "address_prefixes": []any{"10.0.3.0/24"}}}})),
		tfR("azurerm_lb", "nva", tfBase("ilb-nva", map[string]any{"id": lb, "sku": "Standard", "sku_tier": "Regional",
			"frontend_ip_configuration": []any{map[string]any{"name": "fe", "id": lb + "/frontendIPConfigurations/fe", "subnet_id": sid,
				"private_ip_address": "10.0.3.100", "private_ip_address_allocation": "Static", "public_ip_address_id": ""}}})),
		tfR("azurerm_lb_backend_address_pool", "nva", map[string]any{"id": lb + "/backendAddressPools/nvas", "name": "nvas", "loadbalancer_id": lb}),
		tfR("azurerm_lb_rule", "ha", map[string]any{"id": lb + "/loadBalancingRules/ha-ports", "name": "ha-ports", "loadbalancer_id": lb,
			"frontend_ip_configuration_name": "fe", "backend_address_pool_ids": []any{lb + "/backendAddressPools/nvas"}, "protocol": "All",
			"frontend_port": 0, "backend_port": 0, "floating_ip_enabled": true}),
		tfR("azurerm_lb_probe", "ssh", map[string]any{"id": lb + "/probes/ssh", "name": "ssh", "loadbalancer_id": lb, "protocol": "Tcp", "port": 22}),
	)
	for i := 1; i <= 2; i++ {
		nic := fmt.Sprintf("%snetworkInterfaces/nic-nva%d", tfSub, i)
		res = append(res,
			tfR("azurerm_network_interface", fmt.Sprintf("nva%d", i), tfBase(fmt.Sprintf("nic-nva%d", i), map[string]any{"id": nic, "ip_forwarding_enabled": true,
				"ip_configuration": []any{map[string]any{"name": "ipconfig1", "subnet_id": sid, "private_ip_address": fmt.Sprintf("10.0.3.%d", 3+i)}}})),
			tfR("azurerm_network_interface_backend_address_pool_association", fmt.Sprintf("nva%d", i), map[string]any{
				"network_interface_id": nic, "ip_configuration_name": "ipconfig1", "backend_address_pool_id": lb + "/backendAddressPools/nvas"}),
		)
	}
	out, rep := mustTF(t, tfState(res...))
	l := findRes(out, "loadBalancers", "ilb-nva")
	if l == nil || len(l.List("backendAddressPools")) != 1 || len(l.List("loadBalancingRules")) != 1 || len(l.List("probes")) != 1 {
		t.Fatalf("load balancer = %s (%v)", tfJSON(out), rep.Entries)
	}
	if g := tfJSON(childOf(l, "loadBalancingRules", "ha-ports")); !strings.Contains(g, `"backendAddressPool":{"id":"`+lb+`/backendAddressPools/nvas"}`) ||
		!strings.Contains(g, `"frontendIPConfiguration":{"id":"`+lb+`/frontendIPConfigurations/fe"}`) || !strings.Contains(g, `"enableFloatingIP":true`) {
		t.Errorf("rule = %s", g)
	}
	r, err := Import(mustJSON(t, tfState(res...)), "ilb")
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	lbs := r.Document.Topology.LoadBalancers
	if len(lbs) != 1 || lbs[0].FrontendPrivateIPAddress != "10.0.3.100" || len(lbs[0].Backends) != 2 {
		t.Errorf("load balancers %+v\n%s", lbs, r.Report.Text())
	}
}

// BenchmarkTerraformFixture measures the front end on tf-hubspoke.json.
func BenchmarkTerraformFixture(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("testdata", "tf-hubspoke.json"))
	if err != nil {
		b.Fatal(err)
	}
	var v map[string]any
	if err := json.Unmarshal(data, &v); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := fromTerraform(v, &Report{}); err != nil {
			b.Fatal(err)
		}
	}
}
