package importer

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
)

// Table tests of the builder's other stages: NSG rules, NICs and VMs,
// firewalls, the Internet edge, load balancers, hybrid resources, Route
// Server, private endpoints and name resolution.

// base is a VNet v (10.0.0.0/16) with subnets a (10.0.1.0/24),
// AzureFirewallSubnet, GatewaySubnet and RouteServerSubnet.
func base() []Resource {
	return []Resource{
		vnetR("v", "10.0.0.0/16", nil),
		r("virtualNetworks/v/subnets/a", obj{"addressPrefix": "10.0.1.0/24"}),
		r("virtualNetworks/v/subnets/AzureFirewallSubnet", obj{"addressPrefix": "10.0.2.0/26"}),
		r("virtualNetworks/v/subnets/GatewaySubnet", obj{"addressPrefix": "10.0.255.0/27"}),
		r("virtualNetworks/v/subnets/RouteServerSubnet", obj{"addressPrefix": "10.0.254.0/26"}),
	}
}

// subnetA is a reference to subnet v/a.
func subnetA() obj { return ref(nid("virtualNetworks/v/subnets/a")) }

// nicR is a NIC in v/a with one IP configuration and extra properties.
func nicR(name, ip string, extra obj) Resource {
	p := obj{"ipConfigurations": arr{child(nid("networkInterfaces/"+name+"/ipConfigurations/ipconfig1"), obj{"privateIPAddress": ip, "subnet": subnetA()})}}
	for k, v := range extra {
		p[k] = v
	}
	return r("networkInterfaces/"+name, p)
}

// jsonOf is v as JSON, for compact comparisons.
func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestBuildSecurityRules(t *testing.T) {
	n := nid("networkSecurityGroups/nsg")
	doc, rep := mustBuild(t, r("networkSecurityGroups/nsg", obj{
		"securityRules": arr{
			child(n+"/securityRules/plural", obj{"priority": 100.0, "direction": "Inbound", "access": "Allow", "protocol": "Tcp",
				"sourceAddressPrefixes": arr{"10.0.0.0/8", "192.168.0.0/16"}, "sourcePortRanges": arr{"1000-2000"},
				"destinationAddressPrefixes": arr{"10.1.0.0/16"}, "destinationPortRanges": arr{"80", "443"}}),
			child(n+"/securityRules/asg", obj{"priority": 200.0, "direction": "Inbound", "access": "Allow", "protocol": "Tcp",
				"sourceApplicationSecurityGroups": arr{ref(nid("applicationSecurityGroups/web"))}, "destinationPortRange": "22"}),
		},
		"defaultSecurityRules": arr{child(n+"/defaultSecurityRules/DenyAllInBound", obj{"priority": 65500.0})},
	}), r("applicationSecurityGroups/web", obj{}),
		// `az network nsg rule list --include-default` lists Azure's
		// default rules as resources of their own: implied, not "not
		// modelled".
		r("networkSecurityGroups/nsg/defaultSecurityRules/AllowVnetInBound", obj{"priority": 65000.0, "direction": "Inbound", "access": "Allow"}))
	rules := doc.Topology.NSGs[0].SecurityRules
	if len(rules) != 1 {
		t.Fatalf("rules %s", jsonOf(rules))
	}
	want := `{"name":"plural","priority":100,"direction":"Inbound","access":"Allow","protocol":"Tcp","sourceAddressPrefixes":["10.0.0.0/8","192.168.0.0/16"],"sourcePortRanges":["1000-2000"],"destinationAddressPrefixes":["10.1.0.0/16"],"destinationPortRanges":["80","443"]}`
	if got := jsonOf(rules[0]); got != want {
		t.Errorf("rule\n got %s\nwant %s", got, want)
	}
	wantEntry(t, rep, Ignored, "sourceApplicationSecurityGroups", "left out", "denied by the rules below")
	wantEntry(t, rep, Skipped, "applicationSecurityGroups", "not modelled")
	wantEntry(t, rep, Skipped, "defaultSecurityRules AllowVnetInBound", "default rule", "implies")
	if hasEntry(rep, Skipped, "defaultSecurityRules", "not modelled") {
		t.Errorf("a default rule is reported as not modelled:\n%s", rep.Text())
	}
}

func TestBuildNICsAndVMs(t *testing.T) {
	vmID := idIn("rg", "Microsoft.Compute/virtualMachines/vm1")
	res := append(base(),
		nicR("nic-b", "10.0.1.5", obj{"virtualMachine": ref(strings.ToUpper(vmID))}),
		nicR("nic-a", "10.0.1.4", obj{"virtualMachine": ref(vmID), "enableIPForwarding": true,
			"networkSecurityGroup": ref(nid("networkSecurityGroups/nsg")), "dnsSettings": obj{"dnsServers": arr{"10.0.1.10"}}}),
		nicR("nic-profile", "10.0.1.6", nil),
		nicR("nic-alone", "10.0.1.7", nil),
		r("networkInterfaces/nic-two", obj{"ipConfigurations": arr{
			child(nid("networkInterfaces/nic-two/ipConfigurations/first"), obj{"privateIPAddress": "10.0.1.8", "subnet": subnetA()}),
			child(nid("networkInterfaces/nic-two/ipConfigurations/main"), obj{"privateIPAddress": "10.0.1.9", "subnet": subnetA(), "primary": true})}}),
		r("networkInterfaces/nic-lost", obj{"ipConfigurations": arr{child(nid("networkInterfaces/nic-lost/ipConfigurations/x"),
			obj{"privateIPAddress": "10.9.0.4", "subnet": ref(nid("virtualNetworks/gone/subnets/x"))})}}),
		r("networkInterfaces/nic-pe", obj{"privateEndpoint": ref(nid("privateEndpoints/pe")), "ipConfigurations": arr{}}),
		r("networkSecurityGroups/nsg", obj{}),
		rIn("rg", "Microsoft.Compute/virtualMachines/vm1", obj{}),
		rIn("rg", "Microsoft.Compute/virtualMachines/vm2", obj{"networkProfile": obj{"networkInterfaces": arr{ref(nid("networkInterfaces/nic-profile"))}}}),
		rIn("rg", "Microsoft.Compute/virtualMachines/vm-nonic", obj{}),
	)
	doc, rep := mustBuild(t, res...)
	got := map[string]string{}
	for _, vm := range doc.Topology.VMs {
		got[vm.ID] = jsonOf(vm)
	}
	want := map[string]string{
		"vm1":       `{"id":"vm1","guestIpForwarding":true,"networkInterfaces":[{"name":"nic-a","subnet":"v/a","privateIpAddress":"10.0.1.4","enableIPForwarding":true,"networkSecurityGroup":"nsg","dnsSettings":{"dnsServers":["10.0.1.10"]}},{"name":"nic-b","subnet":"v/a","privateIpAddress":"10.0.1.5"}]}`,
		"vm2":       `{"id":"vm2","networkInterfaces":[{"name":"nic-profile","subnet":"v/a","privateIpAddress":"10.0.1.6"}]}`,
		"nic-alone": `{"id":"nic-alone","networkInterfaces":[{"name":"nic-alone","subnet":"v/a","privateIpAddress":"10.0.1.7"}]}`,
		"nic-two":   `{"id":"nic-two","networkInterfaces":[{"name":"nic-two","subnet":"v/a","privateIpAddress":"10.0.1.9"}]}`,
	}
	if jsonOf(got) != jsonOf(want) {
		t.Errorf("VMs\n got %s\nwant %s", jsonOf(got), jsonOf(want))
	}
	wantEntry(t, rep, Assumed, "vm1", "guestIpForwarding")
	wantEntry(t, rep, Ignored, "nic-two", "one IP configuration per NIC", "10.0.1.9")
	wantEntry(t, rep, Skipped, "nic-lost", "subnet", "not in the file")
	wantEntry(t, rep, Skipped, "nic-pe", "private endpoint pe")
	wantEntry(t, rep, Skipped, "vm-nonic", "network interfaces")
}

// TestBuildPrimaryNIC: a VM's primary NIC is read from the VM's
// networkProfile.networkInterfaces[].properties.primary (ARM, REST; az
// lifts it out of properties), else from the NIC's own read-only
// primary, and written as the NIC's primary only when the VM has more
// than one NIC (rule:import.nic-paths, rule:dns.autoregistration). A
// primary NIC that is not imported is reported. It was never read: the
// first NIC by name stood for the VM.
func TestBuildPrimaryNIC(t *testing.T) {
	vmID := idIn("rg", "Microsoft.Compute/virtualMachines/fw")
	nicRef := func(name string, primary any, flat bool) obj {
		o := ref(nid("networkInterfaces/" + name))
		switch {
		case primary == nil:
		case flat:
			o["primary"] = primary
		default:
			o["properties"] = obj{"primary": primary}
		}
		return o
	}
	fw := func(list ...any) Resource {
		return rIn("rg", "Microsoft.Compute/virtualMachines/fw", obj{"networkProfile": obj{"networkInterfaces": arr(list)}})
	}
	const (
		a = `{"name":"nic-a","subnet":"v/a","privateIpAddress":"10.0.1.4"}`
		b = `{"name":"nic-b","subnet":"v/a","privateIpAddress":"10.0.1.5"}`
		p = `{"name":"nic-b","subnet":"v/a","privateIpAddress":"10.0.1.5","primary":true}`
	)
	for _, c := range []struct {
		name  string
		res   []Resource
		want  string // the VM's NICs
		entry []string
	}{
		{"ARM: the VM's list marks the second by name", []Resource{nicR("nic-a", "10.0.1.4", nil), nicR("nic-b", "10.0.1.5", nil),
			fw(nicRef("nic-a", false, false), nicRef("nic-b", true, false))}, "[" + a + "," + p + "]", nil},
		{"az: the VM's list lifted out of properties", []Resource{nicR("nic-a", "10.0.1.4", nil), nicR("nic-b", "10.0.1.5", nil),
			fw(nicRef("nic-b", true, true), nicRef("nic-a", false, true))}, "[" + a + "," + p + "]", nil},
		{"REST: the NICs name the VM, whose list marks the primary", []Resource{nicR("nic-a", "10.0.1.4", obj{"virtualMachine": ref(strings.ToUpper(vmID))}),
			nicR("nic-b", "10.0.1.5", obj{"virtualMachine": ref(vmID)}), fw(nicRef("nic-a", false, false), nicRef("nic-b", true, false))}, "[" + a + "," + p + "]", nil},
		{"REST: the NIC's own primary, the VM not in the file", []Resource{nicR("nic-a", "10.0.1.4", obj{"virtualMachine": ref(vmID), "primary": false}),
			nicR("nic-b", "10.0.1.5", obj{"virtualMachine": ref(vmID), "primary": true})}, "[" + a + "," + p + "]", nil},
		{"none marked: as before", []Resource{nicR("nic-a", "10.0.1.4", nil), nicR("nic-b", "10.0.1.5", nil),
			fw(nicRef("nic-a", nil, false), nicRef("nic-b", nil, false))}, "[" + a + "," + b + "]", nil},
		{"one NIC: unchanged", []Resource{nicR("nic-b", "10.0.1.5", nil), fw(nicRef("nic-b", true, false))}, "[" + b + "]", nil},
		{"the primary NIC is not imported", []Resource{nicR("nic-a", "10.0.1.4", nil), nicR("nic-b", "10.0.1.5", nil),
			fw(nicRef("nic-a", false, false), nicRef("nic-b", false, false), nicRef("nic-c", true, false))},
			"[" + a + "," + b + "]", []string{"fw", "nic-c", "not imported", "nic-a"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			doc, rep := mustBuild(t, append(base(), c.res...)...)
			if len(doc.Topology.VMs) != 1 {
				t.Fatalf("VMs %s", jsonOf(doc.Topology.VMs))
			}
			if got := jsonOf(doc.Topology.VMs[0].NICs); got != c.want {
				t.Errorf("NICs\n got %s\nwant %s", got, c.want)
			}
			if c.entry != nil {
				wantEntry(t, rep, Assumed, c.entry...)
			}
		})
	}
}

// TestTerraformPrimaryNIC: azurerm's network_interface_ids lists the
// primary NIC first; the imported design marks it primary.
func TestTerraformPrimaryNIC(t *testing.T) {
	sid := tfSub + "virtualNetworks/v/subnets/s"
	nic := func(name, ip string) map[string]any {
		return tfR("azurerm_network_interface", name, tfBase(name, map[string]any{"id": tfSub + "networkInterfaces/" + name,
			"ip_configuration": []any{map[string]any{"name": "ip", "subnet_id": sid, "private_ip_address": ip, "private_ip_address_allocation": "Static", "primary": true}}}))
	}
	data, err := json.Marshal(tfState(
		tfR("azurerm_virtual_network", "v", tfBase("v", map[string]any{"id": tfSub + "virtualNetworks/v", "address_space": []any{"10.0.0.0/16"},
			"subnet": []any{map[string]any{"name": "s", "id": sid, "address_prefix": "10.0.1.0/24"}}})),
		nic("nic-a", "10.0.1.4"), nic("nic-b", "10.0.1.5"),
		tfR("azurerm_linux_virtual_machine", "fw", tfBase("fw", map[string]any{"id": "/subscriptions/x/resourceGroups/rg-net/providers/Microsoft.Compute/virtualMachines/fw",
			"network_interface_ids": []any{tfSub + "networkInterfaces/nic-b", tfSub + "networkInterfaces/nic-a"}, "size": "Standard_B2s"})),
	))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Import(data, "tf")
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	vms := res.Document.Topology.VMs
	want := `[{"name":"nic-a","subnet":"v/s","privateIpAddress":"10.0.1.4"},{"name":"nic-b","subnet":"v/s","privateIpAddress":"10.0.1.5","primary":true}]`
	if len(vms) != 1 || jsonOf(vms[0].NICs) != want {
		t.Errorf("VMs %s\nwant NICs %s", jsonOf(vms), want)
	}
}

func TestBuildFirewall(t *testing.T) {
	fwSubnet := ref(nid("virtualNetworks/v/subnets/AzureFirewallSubnet"))
	fw := func(name string, cfg obj, extra obj) Resource {
		p := obj{"ipConfigurations": arr{child(nid("azureFirewalls/"+name+"/azureFirewallIpConfigurations/c"), cfg)}}
		for k, v := range extra {
			p[k] = v
		}
		return r("azureFirewalls/"+name, p)
	}
	pip := r("publicIPAddresses/pip-fw", obj{"ipAddress": "20.0.0.9"})
	for _, tc := range []struct {
		name, want string
		extra      []Resource
		entries    []string
	}{
		{"private IP given", `[{"id":"fw","guestIpForwarding":true,"stateful":true,"networkInterfaces":[{"name":"nic0","subnet":"v/AzureFirewallSubnet","privateIpAddress":"10.0.2.6","enableIPForwarding":true,"publicIPAddress":"pip-fw"}]}]`,
			[]Resource{pip, fw("fw", obj{"subnet": fwSubnet, "privateIPAddress": "10.0.2.6", "publicIPAddress": ref(nid("publicIPAddresses/pip-fw"))}, nil)},
			[]string{"rules"}},
		{"private IP inferred", `[{"id":"fw","guestIpForwarding":true,"stateful":true,"networkInterfaces":[{"name":"nic0","subnet":"v/AzureFirewallSubnet","privateIpAddress":"10.0.2.4","enableIPForwarding":true}]}]`,
			[]Resource{fw("fw", obj{"subnet": fwSubnet}, nil)},
			[]string{"took 10.0.2.4"}},
		{"a secured hub's firewall is skipped", `null`,
			[]Resource{fw("fw", obj{}, obj{"virtualHub": ref(nid("virtualHubs/h")), "sku": obj{"name": "AZFW_Hub"}})},
			[]string{"Virtual WAN"}},
		{"a firewall outside the file's subnets is skipped", `null`,
			[]Resource{fw("fw", obj{"subnet": ref(nid("virtualNetworks/x/subnets/AzureFirewallSubnet"))}, nil)},
			[]string{"subnet", "not in the file"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc, rep := mustBuild(t, append(base(), tc.extra...)...)
			if got := jsonOf(doc.Topology.VMs); got != tc.want {
				t.Errorf("VMs\n got %s\nwant %s", got, tc.want)
			}
			for _, e := range tc.entries {
				if !hasEntry(rep, Assumed, e) && !hasEntry(rep, Skipped, e) {
					t.Errorf("no entry with %q:\n%s", e, rep.Text())
				}
			}
		})
	}
}

func TestBuildPublicIPs(t *testing.T) {
	doc, rep := mustBuild(t, append(base(),
		r("publicIPAddresses/ok", obj{"ipAddress": "20.0.0.1"}),
		r("publicIPAddresses/dynamic", obj{"publicIPAllocationMethod": "Dynamic"}),
		r("publicIPAddresses/v6", obj{"ipAddress": "2001:db8::1", "publicIPAddressVersion": "IPv6"}),
		nicR("nic", "10.0.1.4", obj{"ipConfigurations": arr{child(nid("networkInterfaces/nic/ipConfigurations/c"),
			obj{"privateIPAddress": "10.0.1.4", "subnet": subnetA(), "publicIPAddress": ref(nid("publicIPAddresses/dynamic"))})}}),
	)...)
	if got := jsonOf(doc.Topology.PublicIPAddresses); got != `[{"id":"ok","location":"westeurope","ipAddress":"20.0.0.1"}]` {
		t.Errorf("public IPs %s", got)
	}
	if doc.Topology.VMs[0].NICs[0].PublicIPAddress != "" {
		t.Errorf("the NIC keeps a public IP that was left out")
	}
	wantEntry(t, rep, Skipped, "dynamic", "no address")
	wantEntry(t, rep, Skipped, "v6", "IPv6")
	wantEntry(t, rep, Ignored, "nic", "publicIPAddress", "dynamic")
}

func TestBuildLoadBalancers(t *testing.T) {
	ilb, plb := nid("loadBalancers/ilb"), nid("loadBalancers/plb")
	nicIn := func(name, ip string, pools arr, nat arr) Resource {
		return r("networkInterfaces/"+name, obj{"ipConfigurations": arr{child(nid("networkInterfaces/"+name+"/ipConfigurations/c"), obj{
			"privateIPAddress": ip, "subnet": subnetA(), "loadBalancerBackendAddressPools": pools, "loadBalancerInboundNatRules": nat})}})
	}
	res := append(base(),
		r("publicIPAddresses/pip-lb", obj{"ipAddress": "20.0.0.5"}),
		nicIn("nva1", "10.0.1.4", arr{ref(ilb + "/backendAddressPools/pool")}, nil),
		nicIn("nva2", "10.0.1.5", arr{ref(ilb + "/backendAddressPools/pool")}, nil),
		nicIn("web", "10.0.1.6", arr{ref(plb + "/backendAddressPools/web")}, arr{ref(plb + "/inboundNatRules/ssh")}),
		r("loadBalancers/ilb", obj{
			"frontendIPConfigurations": arr{child(ilb+"/frontendIPConfigurations/fe", obj{"privateIPAddress": "10.0.1.100", "subnet": subnetA()})},
			"backendAddressPools":      arr{child(ilb+"/backendAddressPools/pool", obj{})},
			"loadBalancingRules":       arr{child(ilb+"/loadBalancingRules/ha", obj{"protocol": "All", "frontendPort": 0.0, "backendPort": 0.0})},
		}),
		r("loadBalancers/plb", obj{
			"frontendIPConfigurations": arr{child(plb+"/frontendIPConfigurations/fe", obj{"publicIPAddress": ref(nid("publicIPAddresses/pip-lb"))})},
			"loadBalancingRules": arr{child(plb+"/loadBalancingRules/https", obj{"frontendIPConfiguration": ref(plb + "/frontendIPConfigurations/fe"),
				"backendAddressPool": ref(plb + "/backendAddressPools/web"), "protocol": "Tcp", "frontendPort": 443.0, "backendPort": 8443.0, "disableOutboundSnat": true})},
			"inboundNatRules": arr{child(plb+"/inboundNatRules/ssh", obj{"frontendIPConfiguration": ref(plb + "/frontendIPConfigurations/fe"),
				"protocol": "Tcp", "frontendPort": 50001.0, "backendPort": 22.0})},
			"outboundRules": arr{child(plb+"/outboundRules/out", obj{"frontendIPConfigurations": arr{ref(plb + "/frontendIPConfigurations/fe")},
				"backendAddressPool": ref(plb + "/backendAddressPools/web"), "protocol": "All"})},
		}),
		// ARM exports list pools apart.
		r("loadBalancers/plb/backendAddressPools/web", obj{}),
	)
	doc, rep := mustBuild(t, res...)
	want := `[{"id":"ilb","subnet":"v/a","frontendPrivateIpAddress":"10.0.1.100","backends":["nva1/nva1","nva2/nva2"]},` +
		`{"id":"plb","frontendIPConfigurations":[{"name":"fe","publicIPAddress":"pip-lb"}],"backendAddressPools":[{"name":"web","backends":["web/web"]}],` +
		`"loadBalancingRules":[{"name":"https","frontendIPConfiguration":"fe","backendAddressPool":"web","protocol":"Tcp","frontendPort":443,"backendPort":8443,"disableOutboundSnat":true}],` +
		`"inboundNatRules":[{"name":"ssh","frontendIPConfiguration":"fe","protocol":"Tcp","frontendPort":50001,"backendPort":22,"backendIPConfiguration":"web/web"}],` +
		`"outboundRules":[{"name":"out","frontendIPConfigurations":["fe"],"backendAddressPool":"web","protocol":"All"}]}]`
	if got := jsonOf(doc.Topology.LoadBalancers); got != want {
		t.Errorf("load balancers\n got %s\nwant %s", got, want)
	}
	wantEntry(t, rep, Assumed, "ilb", "rules of an internal load balancer")
	if hasEntry(rep, Skipped, "plb") {
		t.Errorf("a part of plb is reported as skipped:\n%s", rep.Text())
	}
}

func TestBuildHybrid(t *testing.T) {
	gwSubnet := ref(nid("virtualNetworks/v/subnets/GatewaySubnet"))
	gw := func(name string, props obj) Resource {
		props["ipConfigurations"] = arr{child(nid("virtualNetworkGateways/"+name+"/ipConfigurations/default"), obj{"subnet": gwSubnet})}
		return r("virtualNetworkGateways/"+name, props)
	}
	circuit := func(name, tier string, peerings arr) Resource {
		c := r("expressRouteCircuits/"+name, obj{"peerings": peerings})
		c.SKU = obj{"name": tier + "_MeteredData", "tier": tier, "family": "MeteredData"}
		return c
	}
	c1, c2 := nid("expressRouteCircuits/c1"), nid("expressRouteCircuits/c2")
	res := append(base(),
		gw("vpn", obj{"gatewayType": "Vpn", "vpnType": "RouteBased", "sku": obj{"name": "VpnGw9AZ"}, "activeActive": true, "enableBgp": true,
			"bgpSettings": obj{"asn": 65010.0, "bgpPeeringAddress": "10.0.255.4,10.0.255.5",
				"bgpPeeringAddresses": arr{obj{"ipconfigurationId": "x", "customBgpIpAddresses": arr{"169.254.21.1"}}}},
			"vpnClientConfiguration": obj{"vpnClientAddressPool": obj{"addressPrefixes": arr{"172.31.0.0/24"}}, "vpnClientProtocols": arr{"OpenVPN"}},
			"customRoutes":           obj{"addressPrefixes": arr{"192.168.100.0/24"}}}),
		gw("er", obj{"gatewayType": "ExpressRoute", "sku": obj{"name": "ErGw1AZ"}}),
		r("localNetworkGateways/branch", obj{"gatewayIpAddress": "203.0.113.1", "localNetworkAddressSpace": obj{"addressPrefixes": arr{"192.168.1.0/24"}},
			"bgpSettings": obj{"asn": 65001.0, "bgpPeeringAddress": "192.168.1.1"}}),
		r("localNetworkGateways/byname", obj{"fqdn": "vpn.example.com", "localNetworkAddressSpace": obj{"addressPrefixes": arr{"192.168.2.0/24"}}}),
		circuit("c1", "Premium", arr{
			child(c1+"/peerings/AzurePrivatePeering", obj{"peeringType": "AzurePrivatePeering", "peerASN": 65020.0,
				"primaryPeerAddressPrefix": "172.16.0.0/30", "secondaryPeerAddressPrefix": "172.16.0.4/30", "vlanId": 100.0,
				"connections": arr{child(c1+"/peerings/AzurePrivatePeering/connections/gr", obj{"peerExpressRouteCircuitPeering": ref(c2 + "/peerings/AzurePrivatePeering")})}}),
			child(c1+"/peerings/MicrosoftPeering", obj{"peeringType": "MicrosoftPeering"})}),
		circuit("c2", "Standard", arr{child(c2+"/peerings/AzurePrivatePeering", obj{"peeringType": "AzurePrivatePeering", "peerASN": 65030.0})}),
		r("connections/s2s", obj{"connectionType": "IPsec", "virtualNetworkGateway1": obj{"id": nid("virtualNetworkGateways/vpn"), "properties": obj{}},
			"localNetworkGateway2": obj{"id": nid("localNetworkGateways/branch"), "properties": obj{}}, "enableBgp": true, "sharedKey": "s3cret",
			"ipsecPolicies": arr{obj{"ikeEncryption": "AES256"}}}),
		r("connections/er1", obj{"connectionType": "ExpressRoute", "virtualNetworkGateway1": ref(nid("virtualNetworkGateways/er")),
			"peer": ref(c1), "routingWeight": 10.0}),
		r("connections/er-far", obj{"connectionType": "ExpressRoute", "virtualNetworkGateway1": ref(nid("virtualNetworkGateways/er")),
			"peer": ref(idIn("other", "expressRouteCircuits/far")), "authorizationKey": "k"}),
		r("connections/p2s", obj{"connectionType": "VPNClient"}),
	)
	doc, rep := mustBuild(t, res...)
	tp := doc.Topology
	checks := map[string][2]string{
		"gateways": {jsonOf(tp.Gateways), `[{"id":"er","vnet":"v","gatewayType":"ExpressRoute","sku":"ErGw1AZ"},` +
			`{"id":"vpn","vnet":"v","gatewayType":"Vpn","vpnType":"RouteBased","sku":"VpnGw1AZ","activeActive":true,"enableBgp":true,` +
			`"bgpSettings":{"asn":65010,"bgpPeeringAddress":"10.0.255.4,10.0.255.5"},"vpnClientConfiguration":{"vpnClientAddressPool":{"addressPrefixes":["172.31.0.0/24"]},"vpnClientProtocols":["OpenVPN"],"customRoutes":{"addressPrefixes":["192.168.100.0/24"]}}}]`},
		"lngs": {jsonOf(tp.LocalNetworkGateways), `[{"id":"branch","site":"branch-site","gatewayIpAddress":"203.0.113.1","localNetworkAddressSpace":{"addressPrefixes":["192.168.1.0/24"]},"bgpSettings":{"asn":65001,"bgpPeeringAddress":"192.168.1.1"}},` +
			`{"id":"byname","site":"byname-site","localNetworkAddressSpace":{"addressPrefixes":["192.168.2.0/24"]}}]`},
		"sites": {jsonOf(tp.Sites), `[{"id":"branch-site","addressPrefixes":["192.168.1.0/24"],"asn":65001},{"id":"byname-site","addressPrefixes":["192.168.2.0/24"]},` +
			`{"id":"c1-site","addressPrefixes":[],"asn":65020},{"id":"c2-site","addressPrefixes":[],"asn":65030}]`},
		"circuits": {jsonOf(tp.Circuits), `[{"id":"c1","site":"c1-site","peerASN":65020,"globalReach":["c2"],"primaryPeerAddressPrefix":"172.16.0.0/30","secondaryPeerAddressPrefix":"172.16.0.4/30","premiumAddOn":true},` +
			`{"id":"c2","site":"c2-site","peerASN":65030}]`},
		"connections": {jsonOf(tp.Connections), `[{"id":"er1","connectionType":"ExpressRoute","virtualNetworkGateway1":"er","peer":"c1","routingWeight":10},` +
			`{"id":"s2s","connectionType":"IPsec","virtualNetworkGateway1":"vpn","localNetworkGateway2":"branch","enableBgp":true}]`},
	}
	for what, c := range checks {
		if c[0] != c[1] {
			t.Errorf("%s\n got %s\nwant %s", what, c[0], c[1])
		}
	}
	wantEntry(t, rep, Ignored, "vpn", "VpnGw9AZ", "VpnGw1AZ")
	wantEntry(t, rep, Ignored, "byname", "fqdn")
	wantEntry(t, rep, Ignored, "vpn", "customBgpIpAddresses", "APIPA")
	wantEntry(t, rep, Ignored, "MicrosoftPeering", "only Azure private peering")
	wantEntry(t, rep, Ignored, "s2s", "sharedKey", "secrets")
	wantEntry(t, rep, Ignored, "s2s", "ipsecPolicies")
	wantEntry(t, rep, Skipped, "er-far", "circuit", "not in the file")
	wantEntry(t, rep, Skipped, "p2s", "VPNClient")
	wantEntry(t, rep, Assumed, "branch-site", "as 65001")
	wantEntry(t, rep, Assumed, "c1-site", "add them to the site")
	if b, _ := scenario.Encode(doc); strings.Contains(string(b), "s3cret") {
		t.Errorf("the shared key is in the design")
	}
}

func TestBuildRouteServer(t *testing.T) {
	h := nid("virtualHubs/rs")
	res := append(base(),
		r("virtualHubs/rs", obj{"virtualRouterAsn": 65515.0, "virtualRouterIps": arr{"10.0.254.4", "10.0.254.5"}, "allowBranchToBranchTraffic": true,
			"hubRoutingPreference": "ASPath", "bgpConnections": arr{ref(h + "/bgpConnections/nva")}, "ipConfigurations": arr{ref(h + "/ipConfigurations/ipconfig1")}}),
		r("virtualHubs/rs/ipConfigurations/ipconfig1", obj{"subnet": ref(nid("virtualNetworks/v/subnets/RouteServerSubnet"))}),
		r("virtualHubs/rs/bgpConnections/nva", obj{"peerIp": "10.0.1.4", "peerAsn": 65100.0}),
		r("virtualHubs/wanhub", obj{"virtualWan": ref(nid("virtualWans/wan")), "addressPrefix": "10.100.0.0/23"}),
		r("virtualWans/wan", obj{}),
	)
	doc, rep := mustBuild(t, res...)
	want := `[{"id":"rs","vnet":"v","allowBranchToBranchTraffic":true,"hubRoutingPreference":"ASPath","bgpConnections":[{"name":"nva","peerIp":"10.0.1.4","peerAsn":65100}]}]`
	if got := jsonOf(doc.Topology.RouteServers); got != want {
		t.Errorf("route servers\n got %s\nwant %s", got, want)
	}
	wantEntry(t, rep, Skipped, "wanhub", "Virtual WAN")
	wantEntry(t, rep, Skipped, "virtualWans", "Virtual WAN")
	wantEntry(t, rep, Assumed, "rs", "advertise")
}

func TestBuildNames(t *testing.T) {
	zone := "privateDnsZones/privatelink.blob.core.windows.net"
	z := nid(zone)
	res := append(base(),
		r("virtualNetworks/v/subnets/in", obj{"addressPrefix": "10.0.10.0/28"}),
		r("virtualNetworks/v/subnets/out", obj{"addressPrefix": "10.0.10.16/28"}),
		r(zone, obj{}),
		r(zone+"/A/stacct", obj{"aRecords": arr{obj{"ipv4Address": "10.0.1.20"}}}),
		r(zone+"/CNAME/alias", obj{"cnameRecord": obj{"cname": "stacct.privatelink.blob.core.windows.net"}}),
		r(zone+"/SOA/@", obj{}),
		r(zone+"/TXT/note", obj{}),
		r(zone+"/virtualNetworkLinks/link-v", obj{"virtualNetwork": ref(nid("virtualNetworks/v")), "registrationEnabled": false}),
		r(zone+"/virtualNetworkLinks/link-far", obj{"virtualNetwork": ref(idIn("other", "virtualNetworks/far"))}),
		r("privateEndpoints/pe", obj{"subnet": subnetA(),
			"privateLinkServiceConnections": arr{child(nid("privateEndpoints/pe/privateLinkServiceConnections/c"), obj{
				"privateLinkServiceId": idIn("rg", "Microsoft.Storage/storageAccounts/stacct"), "groupIds": arr{"blob"},
				"privateLinkServiceConnectionState": obj{"status": "Approved"}})},
			"networkInterfaces": arr{ref(nid("networkInterfaces/pe.nic"))}}),
		r("networkInterfaces/pe.nic", obj{"privateEndpoint": ref(nid("privateEndpoints/pe")), "ipConfigurations": arr{
			child(nid("networkInterfaces/pe.nic/ipConfigurations/c"), obj{"privateIPAddress": "10.0.1.20", "subnet": subnetA()})}}),
		r("privateEndpoints/pe/privateDnsZoneGroups/default", obj{"privateDnsZoneConfigs": arr{obj{"name": "blob", "properties": obj{"privateDnsZoneId": z}}}}),
		r("dnsResolvers/res", obj{"virtualNetwork": ref(nid("virtualNetworks/v"))}),
		r("dnsResolvers/res/inboundEndpoints/in", obj{"ipConfigurations": arr{obj{"subnet": ref(nid("virtualNetworks/v/subnets/in")), "privateIpAddress": "10.0.10.4"}}}),
		r("dnsResolvers/res/outboundEndpoints/out", obj{"subnet": ref(nid("virtualNetworks/v/subnets/out"))}),
		r("dnsForwardingRulesets/rs", obj{"dnsResolverOutboundEndpoints": arr{ref(nid("dnsResolvers/res/outboundEndpoints/out"))}}),
		r("dnsForwardingRulesets/rs/forwardingRules/corp", obj{"domainName": "corp.example.com.", "forwardingRuleState": "Enabled",
			"targetDnsServers": arr{obj{"ipAddress": "192.168.1.10", "port": 53.0}}}),
		r("dnsForwardingRulesets/rs/virtualNetworkLinks/link-v", obj{"virtualNetwork": ref(nid("virtualNetworks/v"))}),
	)
	doc, rep := mustBuild(t, res...)
	tp := doc.Topology
	checks := map[string][2]string{
		"zones": {jsonOf(tp.PrivateDNSZones), `[{"id":"privatelink.blob.core.windows.net","recordSets":[{"name":"alias","type":"CNAME","cnameRecord":{"cname":"stacct.privatelink.blob.core.windows.net"}},` +
			`{"name":"stacct","type":"A","aRecords":[{"ipv4Address":"10.0.1.20"}]}],"virtualNetworkLinks":[{"name":"link-v","virtualNetwork":"v"}]}]`},
		"endpoints": {jsonOf(tp.PrivateEndpoints), `[{"id":"pe","subnet":"v/a","privateIpAddress":"10.0.1.20","privateLinkServiceId":"` + idIn("rg", "Microsoft.Storage/storageAccounts/stacct") +
			`","groupIds":["blob"],"connectionState":"Approved","fqdn":"stacct.blob.core.windows.net","privateDnsZoneGroup":{"privateDnsZoneConfigs":[{"name":"blob","privateDnsZoneId":"privatelink.blob.core.windows.net"}]}}]`},
		"resolvers": {jsonOf(tp.DNSResolvers), `[{"id":"res","vnet":"v","inboundEndpoints":[{"name":"in","subnet":"in","privateIpAddress":"10.0.10.4"}],"outboundEndpoints":[{"name":"out","subnet":"out"}]}]`},
		"rulesets": {jsonOf(tp.DNSForwardingRulesets), `[{"id":"rs","dnsResolverOutboundEndpoints":["res/out"],"forwardingRules":[{"name":"corp","domainName":"corp.example.com.",` +
			`"targetDnsServers":[{"ipAddress":"192.168.1.10","port":53}],"forwardingRuleState":"Enabled"}],"virtualNetworkLinks":[{"name":"link-v","virtualNetwork":"v"}]}]`},
	}
	for what, c := range checks {
		if c[0] != c[1] {
			t.Errorf("%s\n got %s\nwant %s", what, c[0], c[1])
		}
	}
	if slices.ContainsFunc(tp.VMs, func(vm model.VM) bool { return strings.Contains(vm.ID, "pe") }) {
		t.Errorf("the private endpoint's NIC became a VM: %s", jsonOf(tp.VMs))
	}
	wantEntry(t, rep, Ignored, "link-far", "not in the file")
	wantEntry(t, rep, Ignored, "TXT", "only A and CNAME")
	wantEntry(t, rep, Assumed, "pe", "stacct.blob.core.windows.net")
	if hasEntry(rep, Skipped, "SOA") || hasEntry(rep, Skipped, "pe.nic") {
		t.Errorf("the SOA record or the endpoint's NIC is reported:\n%s", rep.Text())
	}
}

// TestBuildDynamicInboundEndpoint: an inbound endpoint whose address is
// dynamic and not in the file (a template's) takes its subnet's first
// address Azure gives out, .4, reported as assumed; it was imported
// without an address, which the validation refused, and every query sent
// to it failed.
func TestBuildDynamicInboundEndpoint(t *testing.T) {
	doc, rep := mustBuild(t, append(base(),
		r("virtualNetworks/v/subnets/in", obj{"addressPrefix": "10.0.10.16/28"}),
		r("dnsResolvers/res", obj{"virtualNetwork": ref(nid("virtualNetworks/v"))}),
		r("dnsResolvers/res/inboundEndpoints/in", obj{"ipConfigurations": arr{obj{"subnet": ref(nid("virtualNetworks/v/subnets/in")), "privateIpAllocationMethod": "Dynamic"}}}),
	)...)
	got := jsonOf(doc.Topology.DNSResolvers)
	if want := `[{"id":"res","vnet":"v","inboundEndpoints":[{"name":"in","subnet":"in","privateIpAddress":"10.0.10.20"}]}]`; got != want {
		t.Errorf("resolvers\n got %s\nwant %s", got, want)
	}
	wantEntry(t, rep, Assumed, "in", "10.0.10.20")
}
