package importer

import "strings"

// The hub-and-spoke import fixture written as REST-shaped resources in Go
// (what a front end hands the builder), in the spellings real exports use:
// children inline (with the same child again as a resource of its own for
// vnet-spoke2, as ARM exports do), children only apart (vnet-spoke1, a VNet
// without `subnets`), addressPrefix and addressPrefixes, a NIC linked to its
// VM only by the VM's networkProfile (ARM exports), a firewall without its
// read-only private IP, NSG default rules as `az … show` prints them.

const (
	fxSub     = "/subscriptions/00000000-0000-0000-0000-000000000001"
	fxRG      = fxSub + "/resourceGroups/rg-net/providers/"
	fxNet     = fxRG + "Microsoft.Network/"
	fxPartner = "/subscriptions/00000000-0000-0000-0000-000000000999/resourceGroups/rg-partner/providers/Microsoft.Network/virtualNetworks/vnet-partner"
)

// obj is a JSON object literal.
type obj = map[string]any

// arr is a JSON array literal.
type arr = []any

// ref is a REST reference.
func ref(id string) obj { return obj{"id": id} }

// netID is the id of a Microsoft.Network resource of rg-net ("virtualNetworks/vnet-hub").
func netID(path string) string { return fxNet + path }

// rest is a resource in the REST shape at path under rg-net's providers
// (under Microsoft.Network when path does not name its namespace).
func rest(typ, path string, props obj) Resource {
	id := fxRG + path
	if !strings.HasPrefix(path, "Microsoft.") {
		id = fxNet + path
	}
	return Resource{ID: id, Type: typ, Name: nameFromID(id), Location: "westeurope", Props: props, Where: "[" + path + "]"}
}

// child is an embedded child object {name, id, properties}.
func child(id string, props obj) obj {
	return obj{"name": nameFromID(id), "id": id, "properties": props, "etag": "W/\"1\""}
}

// hubSpokeResources is the fixture.
func hubSpokeResources() []Resource {
	var out []Resource
	out = append(out, fxVNets()...)
	out = append(out, fxRules()...)
	out = append(out, fxCompute()...)
	out = append(out, fxHybrid()...)
	out = append(out, Resource{ID: fxRG + "Microsoft.Storage/storageAccounts/stdiag001", Type: "Microsoft.Storage/storageAccounts",
		Name: "stdiag001", Location: "westeurope", Props: obj{"accessTier": "Hot"}, Where: "[storage]"})
	return out
}

// fxPeering is a peering's properties.
func fxPeering(remote string, gwTransit, useRemote bool) obj {
	return obj{"remoteVirtualNetwork": ref(remote), "allowVirtualNetworkAccess": true, "allowForwardedTraffic": true,
		"allowGatewayTransit": gwTransit, "useRemoteGateways": useRemote, "peeringState": "Connected", "provisioningState": "Succeeded"}
}

func fxVNets() []Resource {
	hub, s1, s2 := netID("virtualNetworks/vnet-hub"), netID("virtualNetworks/vnet-spoke1"), netID("virtualNetworks/vnet-spoke2")
	partner := fxPeering(fxPartner, false, false)
	partner["allowForwardedTraffic"] = false
	partner["remoteAddressSpace"] = obj{"addressPrefixes": arr{"172.20.0.0/16"}}
	partner["peeringState"] = "Initiated"
	spoke2App := obj{"addressPrefixes": arr{"10.2.1.0/24"}, "routeTable": ref(netID("routeTables/rt-spokes")),
		"networkSecurityGroup": ref(netID("networkSecurityGroups/nsg-app"))}
	return []Resource{
		rest("Microsoft.Network/virtualNetworks", "virtualNetworks/vnet-hub", obj{
			"addressSpace": obj{"addressPrefixes": arr{"10.0.0.0/16"}},
			"subnets": arr{
				child(hub+"/subnets/GatewaySubnet", obj{"addressPrefix": "10.0.255.0/27", "routeTable": ref(netID("routeTables/rt-gateway"))}),
				child(hub+"/subnets/AzureFirewallSubnet", obj{"addressPrefix": "10.0.1.0/26"}),
				child(hub+"/subnets/snet-shared", obj{"addressPrefixes": arr{"10.0.2.0/24"}, "networkSecurityGroup": ref(netID("networkSecurityGroups/nsg-shared")),
					"ipConfigurations": arr{ref(netID("networkInterfaces/nic-shared/ipConfigurations/ipconfig1"))}}),
			},
			"virtualNetworkPeerings": arr{
				child(hub+"/virtualNetworkPeerings/peer-hub-to-spoke1", fxPeering(s1, true, false)),
				child(hub+"/virtualNetworkPeerings/peer-hub-to-spoke2", fxPeering(s2, true, false)),
				child(hub+"/virtualNetworkPeerings/peer-hub-to-partner", partner),
			},
		}),
		rest("Microsoft.Network/virtualNetworks", "virtualNetworks/vnet-spoke1", obj{"addressSpace": obj{"addressPrefixes": arr{"10.1.0.0/16"}}}),
		rest("Microsoft.Network/virtualNetworks/subnets", "virtualNetworks/vnet-spoke1/subnets/snet-app", obj{"addressPrefix": "10.1.1.0/24",
			"routeTable": ref(netID("routeTables/rt-spokes")), "networkSecurityGroup": ref(netID("networkSecurityGroups/nsg-app"))}),
		rest("Microsoft.Network/virtualNetworks/virtualNetworkPeerings", "virtualNetworks/vnet-spoke1/virtualNetworkPeerings/peer-spoke1-to-hub", fxPeering(hub, false, true)),
		rest("Microsoft.Network/virtualNetworks", "virtualNetworks/vnet-spoke2", obj{
			"addressSpace":           obj{"addressPrefixes": arr{"10.2.0.0/16"}},
			"subnets":                arr{child(s2+"/subnets/snet-app", spoke2App)},
			"virtualNetworkPeerings": arr{child(s2+"/virtualNetworkPeerings/peer-spoke2-to-hub", fxPeering(hub, false, true))},
		}),
		rest("Microsoft.Network/virtualNetworks/subnets", "virtualNetworks/vnet-spoke2/subnets/snet-app", spoke2App),
	}
}

func fxRules() []Resource {
	rule := func(prio float64, dir, access, proto, src, port string) obj {
		return obj{"priority": prio, "direction": dir, "access": access, "protocol": proto, "sourceAddressPrefix": src,
			"sourcePortRange": "*", "destinationAddressPrefix": "*", "destinationPortRange": port}
	}
	udr := func(prefix string) obj {
		return obj{"addressPrefix": prefix, "nextHopType": "VirtualAppliance", "nextHopIpAddress": "10.0.1.4", "hasBgpOverride": false}
	}
	app := netID("networkSecurityGroups/nsg-app")
	return []Resource{
		rest("Microsoft.Network/routeTables", "routeTables/rt-spokes", obj{"disableBgpRoutePropagation": true,
			"routes": arr{child(netID("routeTables/rt-spokes/routes/default-to-firewall"), udr("0.0.0.0/0"))}}),
		rest("Microsoft.Network/routeTables", "routeTables/rt-gateway", obj{"disableBgpRoutePropagation": false}),
		rest("Microsoft.Network/routeTables/routes", "routeTables/rt-gateway/routes/spoke1-via-firewall", udr("10.1.0.0/16")),
		rest("Microsoft.Network/routeTables/routes", "routeTables/rt-gateway/routes/spoke2-via-firewall", udr("10.2.0.0/16")),
		rest("Microsoft.Network/networkSecurityGroups", "networkSecurityGroups/nsg-app", obj{
			"securityRules": arr{
				child(app+"/securityRules/allow-https-from-hub", rule(100, "Inbound", "Allow", "Tcp", "10.0.0.0/16", "443")),
				child(app+"/securityRules/deny-ssh-from-internet", rule(200, "Inbound", "Deny", "Tcp", "Internet", "22")),
			},
			"defaultSecurityRules": arr{child(app+"/defaultSecurityRules/AllowVnetInBound", rule(65000, "Inbound", "Allow", "*", "VirtualNetwork", "*"))},
		}),
		rest("Microsoft.Network/networkSecurityGroups", "networkSecurityGroups/nsg-shared", obj{}),
		rest("Microsoft.Network/networkSecurityGroups/securityRules", "networkSecurityGroups/nsg-shared/securityRules/allow-dns",
			rule(100, "Inbound", "Allow", "Udp", "VirtualNetwork", "53")),
	}
}

func fxCompute() []Resource {
	nic := func(name, subnet, ip, vm string) Resource {
		props := obj{"ipConfigurations": arr{child(netID("networkInterfaces/"+name+"/ipConfigurations/ipconfig1"), obj{
			"privateIPAddress": ip, "privateIPAllocationMethod": "Dynamic", "subnet": ref(netID(subnet)), "primary": true})},
			"enableIPForwarding": false}
		if vm != "" {
			props["virtualMachine"] = ref(fxRG + "Microsoft.Compute/virtualMachines/" + vm)
		}
		return rest("Microsoft.Network/networkInterfaces", "networkInterfaces/"+name, props)
	}
	vm := func(name, nicName string) Resource {
		return rest("Microsoft.Compute/virtualMachines", "Microsoft.Compute/virtualMachines/"+name, obj{
			"networkProfile": obj{"networkInterfaces": arr{ref(netID("networkInterfaces/" + nicName))}}})
	}
	pip := func(name, ip string) Resource {
		r := rest("Microsoft.Network/publicIPAddresses", "publicIPAddresses/"+name, obj{"publicIPAllocationMethod": "Static", "ipAddress": ip, "publicIPAddressVersion": "IPv4"})
		r.SKU = obj{"name": "Standard", "tier": "Regional"}
		return r
	}
	return []Resource{
		nic("nic-app1", "virtualNetworks/vnet-spoke1/subnets/snet-app", "10.1.1.4", "vm-app1"),
		nic("nic-app2", "virtualNetworks/vnet-spoke2/subnets/snet-app", "10.2.1.4", ""),
		nic("nic-shared", "virtualNetworks/vnet-hub/subnets/snet-shared", "10.0.2.4", "vm-shared"),
		vm("vm-app1", "nic-app1"), vm("vm-app2", "nic-app2"), vm("vm-shared", "nic-shared"),
		{ID: fxRG + "Microsoft.Compute/virtualMachines/vm-app1/extensions/AzureMonitor", Type: "Microsoft.Compute/virtualMachines/extensions",
			Name: "AzureMonitor", Props: obj{}, Where: "[extension]"},
		pip("pip-vgw", "20.50.0.1"), pip("pip-ergw", "20.50.0.2"), pip("pip-afw", "20.50.0.3"),
		rest("Microsoft.Network/azureFirewalls", "azureFirewalls/afw-hub", obj{
			"sku": obj{"name": "AZFW_VNet", "tier": "Standard"},
			"ipConfigurations": arr{child(netID("azureFirewalls/afw-hub/azureFirewallIpConfigurations/ipconfig1"), obj{
				"subnet": ref(netID("virtualNetworks/vnet-hub/subnets/AzureFirewallSubnet")), "publicIPAddress": ref(netID("publicIPAddresses/pip-afw"))})},
		}),
	}
}

func fxHybrid() []Resource {
	gwSubnet := ref(netID("virtualNetworks/vnet-hub/subnets/GatewaySubnet"))
	gw := func(name, pip string, props obj) Resource {
		props["ipConfigurations"] = arr{child(netID("virtualNetworkGateways/"+name+"/ipConfigurations/default"), obj{
			"subnet": gwSubnet, "publicIPAddress": ref(netID("publicIPAddresses/" + pip)), "privateIPAllocationMethod": "Dynamic"})}
		return rest("Microsoft.Network/virtualNetworkGateways", "virtualNetworkGateways/"+name, props)
	}
	circuit := rest("Microsoft.Network/expressRouteCircuits", "expressRouteCircuits/erc-dc", obj{
		"serviceProviderProperties": obj{"serviceProviderName": "Equinix", "peeringLocation": "Amsterdam", "bandwidthInMbps": 1000.0}})
	circuit.SKU = obj{"name": "Standard_MeteredData", "tier": "Standard", "family": "MeteredData"}
	return []Resource{
		gw("vgw-hub", "pip-vgw", obj{"gatewayType": "Vpn", "vpnType": "RouteBased", "sku": obj{"name": "VpnGw1AZ", "tier": "VpnGw1AZ"},
			"activeActive": false, "enableBgp": true, "bgpSettings": obj{"asn": 65515.0, "bgpPeeringAddress": "10.0.255.30", "peerWeight": 0.0}}),
		gw("ergw-hub", "pip-ergw", obj{"gatewayType": "ExpressRoute", "sku": obj{"name": "ErGw1AZ", "tier": "ErGw1AZ"}}),
		rest("Microsoft.Network/localNetworkGateways", "localNetworkGateways/lng-branch", obj{"gatewayIpAddress": "203.0.113.10",
			"localNetworkAddressSpace": obj{"addressPrefixes": arr{"192.168.10.0/24"}}}),
		rest("Microsoft.Network/connections", "connections/cn-branch", obj{"connectionType": "IPsec",
			"virtualNetworkGateway1": obj{"id": netID("virtualNetworkGateways/vgw-hub"), "properties": obj{}},
			"localNetworkGateway2":   obj{"id": netID("localNetworkGateways/lng-branch"), "properties": obj{}},
			"sharedKey":              "not-a-real-secret", "routingWeight": 0.0, "enableBgp": false}),
		circuit,
		rest("Microsoft.Network/expressRouteCircuits/peerings", "expressRouteCircuits/erc-dc/peerings/AzurePrivatePeering", obj{
			"peeringType": "AzurePrivatePeering", "azureASN": 12076.0, "peerASN": 65020.0, "primaryPeerAddressPrefix": "172.16.0.0/30",
			"secondaryPeerAddressPrefix": "172.16.0.4/30", "vlanId": 100.0}),
		rest("Microsoft.Network/connections", "connections/cn-erc-dc", obj{"connectionType": "ExpressRoute",
			"virtualNetworkGateway1": obj{"id": netID("virtualNetworkGateways/ergw-hub"), "properties": obj{}},
			"peer":                   ref(netID("expressRouteCircuits/erc-dc")), "routingWeight": 0.0}),
	}
}
