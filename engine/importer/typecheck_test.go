package importer

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"vnetplay/engine/model"
)

// typesBase is a small az export (a VNet with a subnet and a peering, a
// route table, an NSG, a NIC with IP forwarding); the tests change one
// value of it.
func typesBase() []any {
	const sub = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/"
	doc := `[
{"id": "` + sub + `virtualNetworks/vnet-hub", "name": "vnet-hub", "type": "Microsoft.Network/virtualNetworks", "location": "westeurope",
 "addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}, "dhcpOptions": {"dnsServers": ["10.0.1.5"]},
 "subnets": [{"id": "` + sub + `virtualNetworks/vnet-hub/subnets/snet-app", "name": "snet-app", "addressPrefix": "10.0.1.0/24",
   "routeTable": {"id": "` + sub + `routeTables/rt-app"}, "networkSecurityGroup": {"id": "` + sub + `networkSecurityGroups/nsg-app"}}],
 "virtualNetworkPeerings": [{"id": "` + sub + `virtualNetworks/vnet-hub/virtualNetworkPeerings/to-spoke", "name": "to-spoke",
   "remoteVirtualNetwork": {"id": "` + sub + `virtualNetworks/vnet-spoke"}, "remoteAddressSpace": {"addressPrefixes": ["10.1.0.0/16"]},
   "peeringState": "Connected", "allowVirtualNetworkAccess": true, "allowForwardedTraffic": true}]},
{"id": "` + sub + `routeTables/rt-app", "name": "rt-app", "type": "Microsoft.Network/routeTables", "location": "westeurope",
 "disableBgpRoutePropagation": false,
 "routes": [{"id": "` + sub + `routeTables/rt-app/routes/default", "name": "default", "addressPrefix": "0.0.0.0/0",
   "nextHopType": "VirtualAppliance", "nextHopIpAddress": "10.0.1.4"}]},
{"id": "` + sub + `networkSecurityGroups/nsg-app", "name": "nsg-app", "type": "Microsoft.Network/networkSecurityGroups", "location": "westeurope",
 "securityRules": [{"id": "` + sub + `networkSecurityGroups/nsg-app/securityRules/allow-web", "name": "allow-web", "priority": 100,
   "direction": "Inbound", "access": "Allow", "protocol": "Tcp", "sourceAddressPrefix": "*", "sourcePortRange": "*",
   "destinationAddressPrefix": "*", "destinationPortRanges": ["80", "443"]}]},
{"id": "` + sub + `networkInterfaces/nic-nva", "name": "nic-nva", "type": "Microsoft.Network/networkInterfaces", "location": "westeurope",
 "enableIPForwarding": true,
 "ipConfigurations": [{"id": "` + sub + `networkInterfaces/nic-nva/ipConfigurations/ipconfig1", "name": "ipconfig1", "primary": true,
   "privateIPAddress": "10.0.1.4", "subnet": {"id": "` + sub + `virtualNetworks/vnet-hub/subnets/snet-app"}}]}
]`
	var v []any
	if err := json.Unmarshal([]byte(doc), &v); err != nil {
		panic(err)
	}
	return v
}

// setAt sets the value at a dotted path of decoded JSON (numbers index
// arrays: "0.subnets.0.addressPrefix").
func setAt(t *testing.T, v any, path string, val any) {
	t.Helper()
	keys := strings.Split(path, ".")
	for i, k := range keys {
		last := i == len(keys)-1
		switch x := v.(type) {
		case []any:
			n, err := strconv.Atoi(k)
			if err != nil || n >= len(x) {
				t.Fatalf("bad path %s at %s", path, k)
			}
			if last {
				x[n] = val
				return
			}
			v = x[n]
		case map[string]any:
			if last {
				x[k] = val
				return
			}
			v = x[k]
		default:
			t.Fatalf("bad path %s at %s", path, k)
		}
	}
}

// importTypes imports doc (any JSON value) and returns the report lines
// ("where what: why") and the result.
func importTypes(t *testing.T, doc any) ([]string, *Result) {
	t.Helper()
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Import(data, "types")
	if err != nil {
		t.Fatalf("import refused: %v", err)
	}
	var lines []string
	for _, e := range res.Report.Entries {
		lines = append(lines, e.Where+" "+e.What+": "+e.Why)
	}
	return lines, res
}

// TestWrongJSONTypesReported: a value of the wrong JSON type at a path the
// importer reads is a report line naming the resource, the path, the type
// found and the type expected, and the rest of the file still imports
// (rule:import.wrong-json-type).
func TestWrongJSONTypesReported(t *testing.T) {
	baseLines, _ := importTypes(t, typesBase())
	cases := []struct {
		name, path string
		val        any
		want       string   // the report line (where, what and why, up to "; ignored")
		also       []string // phrases of the other new lines the change brings (a subnet without a prefix is left out)
	}{
		{"addressPrefixes a string", "0.addressSpace.addressPrefixes", "10.0.0.0/16",
			"[0] Microsoft.Network/virtualNetworks vnet-hub: properties.addressSpace.addressPrefixes is a string, expected an array of strings", []string{"lint "}},
		{"addressSpace a string", "0.addressSpace", "10.0.0.0/16",
			"[0] Microsoft.Network/virtualNetworks vnet-hub: properties.addressSpace is a string, expected an object", []string{"lint "}},
		{"an address prefix a number", "0.addressSpace.addressPrefixes", []any{"10.0.0.0/16", 10, true},
			"[0] Microsoft.Network/virtualNetworks vnet-hub: properties.addressSpace.addressPrefixes[1] is a number, expected a string; ignored (the rest of the resource is imported); so are 1 more", nil},
		{"dnsServers a string", "0.dhcpOptions.dnsServers", "10.0.1.5",
			"[0] Microsoft.Network/virtualNetworks vnet-hub: properties.dhcpOptions.dnsServers is a string, expected an array of strings", nil},
		{"subnets an object", "0.subnets", map[string]any{"snet-app": map[string]any{"addressPrefix": "10.0.1.0/24"}},
			"[0] Microsoft.Network/virtualNetworks vnet-hub: properties.subnets is an object, expected an array", []string{"subnet", "nic-nva"}},
		{"a subnet a number", "0.subnets.0", 5,
			"[0] Microsoft.Network/virtualNetworks vnet-hub: properties.subnets[0] is a number, expected a child resource", []string{"subnet", "nic-nva"}},
		{"a subnet without id or properties", "0.subnets.0", map[string]any{"name": "snet-app", "addressPrefix": "10.0.1.0/24"},
			"[0] Microsoft.Network/virtualNetworks vnet-hub: properties.subnets[0] is an object with neither properties nor an id, expected a child resource", []string{"subnet", "nic-nva"}},
		{"a subnet's name a number", "0.subnets.0.name", 5,
			"[0] Microsoft.Network/virtualNetworks vnet-hub: properties.subnets[0].name is a number, expected a string", nil},
		{"addressPrefix a number", "0.subnets.0.addressPrefix", 10,
			"[0].subnets[0] Microsoft.Network/virtualNetworks/subnets snet-app: properties.addressPrefix is a number, expected a string", []string{"neither addressPrefix", "nic-nva"}},
		{"routeTable a number", "0.subnets.0.routeTable", 7,
			"[0].subnets[0] Microsoft.Network/virtualNetworks/subnets snet-app: properties.routeTable is a number, expected a reference", []string{"rt-app"}},
		{"routeTable without id", "0.subnets.0.routeTable", map[string]any{"name": "rt-app"},
			"[0].subnets[0] Microsoft.Network/virtualNetworks/subnets snet-app: properties.routeTable is an object without id, expected a reference", []string{"rt-app"}},
		{"routeTable id a number", "0.subnets.0.routeTable", map[string]any{"id": 7},
			"[0].subnets[0] Microsoft.Network/virtualNetworks/subnets snet-app: properties.routeTable.id is a number, expected a string", []string{"rt-app"}},
		{"remoteVirtualNetwork an array", "0.virtualNetworkPeerings.0.remoteVirtualNetwork", []any{"vnet-spoke"},
			"[0].virtualNetworkPeerings[0] Microsoft.Network/virtualNetworks/virtualNetworkPeerings to-spoke: properties.remoteVirtualNetwork is an array, expected a reference", []string{"names no remote VNet"}},
		{"allowForwardedTraffic a number", "0.virtualNetworkPeerings.0.allowForwardedTraffic", 1,
			"[0].virtualNetworkPeerings[0] Microsoft.Network/virtualNetworks/virtualNetworkPeerings to-spoke: properties.allowForwardedTraffic is a number, expected a boolean", nil},
		{"nextHopIpAddress a number", "1.routes.0.nextHopIpAddress", 167772420,
			"[1].routes[0] Microsoft.Network/routeTables/routes default: properties.nextHopIpAddress is a number, expected a string", []string{"lint "}},
		{"a route's id an array", "1.routes.0.id", []any{1},
			"[1] Microsoft.Network/routeTables rt-app: properties.routes[0].id is an array, expected a string", nil},
		{"an IP configuration's id a number", "3.ipConfigurations.0.id", 5,
			"[3] Microsoft.Network/networkInterfaces nic-nva: properties.ipConfigurations[0].id is a number, expected a string", nil},
		{"disableBgpRoutePropagation a string", "1.disableBgpRoutePropagation", "no",
			"[1] Microsoft.Network/routeTables rt-app: properties.disableBgpRoutePropagation is a string, expected a boolean", nil},
		{"routes an object", "1.routes", map[string]any{"default": "0.0.0.0/0"},
			"[1] Microsoft.Network/routeTables rt-app: properties.routes is an object, expected an array", nil},
		{"priority a word", "2.securityRules.0.priority", "high",
			"[2].securityRules[0] Microsoft.Network/networkSecurityGroups/securityRules allow-web: properties.priority is a string, expected a number", []string{"lint "}},
		{"securityRules an object", "2.securityRules", map[string]any{"allow-web": 100},
			"[2] Microsoft.Network/networkSecurityGroups nsg-app: properties.securityRules is an object, expected an array", nil},
		{"destinationPortRanges a string", "2.securityRules.0.destinationPortRanges", "80",
			"[2].securityRules[0] Microsoft.Network/networkSecurityGroups/securityRules allow-web: properties.destinationPortRanges is a string, expected an array of strings", []string{"lint "}},
		{"enableIPForwarding a word", "3.enableIPForwarding", "yes",
			"[3] Microsoft.Network/networkInterfaces nic-nva: properties.enableIPForwarding is a string, expected a boolean", nil},
		{"ipConfigurations an object", "3.ipConfigurations", map[string]any{"privateIPAddress": "10.0.1.4"},
			"[3] Microsoft.Network/networkInterfaces nic-nva: properties.ipConfigurations is an object, expected an array", []string{"no IP configuration", "lint "}},
		{"privateIPAddress a number", "3.ipConfigurations.0.privateIPAddress", 4,
			"[3] Microsoft.Network/networkInterfaces nic-nva: properties.ipConfigurations[0].properties.privateIPAddress is a number, expected a string", []string{"no private IP", "lint "}},
		{"subnet a boolean", "3.ipConfigurations.0.subnet", true,
			"[3] Microsoft.Network/networkInterfaces nic-nva: properties.ipConfigurations[0].properties.subnet is a boolean, expected a reference", []string{"is not in the file", "lint "}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc := typesBase()
			setAt(t, doc, c.path, c.val)
			lines, res := importTypes(t, doc)
			found := false
			for _, l := range lines {
				switch {
				case slices.Contains(baseLines, l):
				case strings.HasPrefix(l, c.want):
					found = true
				case !slices.ContainsFunc(c.also, func(p string) bool { return strings.Contains(l, p) }):
					t.Errorf("unexpected report line %q", l)
				}
			}
			if !found {
				t.Errorf("no report line %q in:\n%s", c.want, strings.Join(lines, "\n"))
			}
			if !slices.ContainsFunc(res.Document.Topology.VNets, func(v model.VNet) bool { return v.ID == "vnet-hub" }) {
				t.Errorf("vnet-hub is not imported: the rest of the file must import")
			}
			if got := res.Report.Imported[cNSGs] + res.Report.Imported[cRouteTables]; got != 2 {
				t.Errorf("%d route tables and NSGs imported, want 2", got)
			}
		})
	}
}

// TestAcceptedJSONForms: forms Azure itself accepts are read without a
// report line: a subnet's addressPrefixes array instead of addressPrefix,
// a boolean written as "true", a number written as a string, a reference
// as a bare id string (rule:import.wrong-json-type).
func TestAcceptedJSONForms(t *testing.T) {
	const sub = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/"
	baseLines, _ := importTypes(t, typesBase())
	cases := []struct {
		name, path string
		val        any
	}{
		{"subnet addressPrefixes", "0.subnets.0.addressPrefix", nil},
		{"enableIPForwarding \"true\"", "3.enableIPForwarding", "true"},
		{"priority \"100\"", "2.securityRules.0.priority", "100"},
		{"routeTable a bare id", "0.subnets.0.routeTable", sub + "routeTables/rt-app"},
		{"a null routeTable", "0.subnets.0.routeTable", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc := typesBase()
			setAt(t, doc, c.path, c.val)
			if c.name == "subnet addressPrefixes" {
				setAt(t, doc, "0.subnets.0.addressPrefixes", []any{"10.0.1.0/24"})
			}
			lines, res := importTypes(t, doc)
			if !slices.Equal(lines, baseLines) {
				t.Errorf("the report of a form Azure accepts differs:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(baseLines, "\n"))
			}
			if c.name == "enableIPForwarding \"true\"" && !res.Document.Topology.VMs[0].NICs[0].EnableIPForwarding {
				t.Errorf("IP forwarding \"true\" read as off")
			}
		})
	}
}

// jsonNode is one value of a decoded JSON document and its path (object
// keys and array indices).
type jsonNode struct {
	path []any // string keys, int indices
	val  any
}

// jsonNodes lists every value under v (v itself excluded), keys sorted.
func jsonNodes(v any, path []any, out []jsonNode) []jsonNode {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			p := append(slices.Clone(path), any(k))
			out = append(out, jsonNode{p, x[k]})
			out = jsonNodes(x[k], p, out)
		}
	case []any:
		for i, e := range x {
			p := append(slices.Clone(path), any(i))
			out = append(out, jsonNode{p, e})
			out = jsonNodes(e, p, out)
		}
	}
	return out
}

// dottedPath writes a jsonNode path for setAt ("0.subnets.0").
func dottedPath(path []any) string {
	parts := make([]string, len(path))
	for i, p := range path {
		switch x := p.(type) {
		case int:
			parts[i] = strconv.Itoa(x)
		default:
			parts[i] = x.(string)
		}
	}
	return strings.Join(parts, ".")
}

// sameForm reports whether replacing old by v keeps a form the importer
// reads (rule:import.wrong-json-type): null (absent), the same JSON type,
// "true"/"false" for a boolean, a string of digits for a number, a bare id
// string for a reference.
func sameForm(old, v any) bool {
	if v == nil || jsonKind(old) == jsonKind(v) {
		return true
	}
	s, isStr := v.(string)
	switch o := old.(type) {
	case bool:
		return isStr && (strings.EqualFold(s, "true") || strings.EqualFold(s, "false"))
	case float64:
		_, ok := number(v)
		return ok
	case map[string]any:
		_, ref := o["id"]
		return isStr && ref
	}
	return false
}

// notRead reports whether the importer never reads the value at path of
// typesBase, whatever its type: an IP configuration's name (the model has
// none).
func notRead(path []any) bool {
	return len(path) == 4 && path[1] == "ipConfigurations" && path[3] == "name"
}

// FuzzWrongJSONType replaces one value of an az export (any value, at any
// depth, picked by at) with the fuzzer's JSON: Import never panics, and
// when the new value is of a type the importer cannot read there, the
// report gains a line naming the place and the type found: no value is
// dropped silently (rule:import.wrong-json-type).
func FuzzWrongJSONType(f *testing.F) {
	for _, seed := range []struct {
		at  uint16
		val string
	}{{0, `5`}, {3, `"10.0.0.0/16"`}, {11, `{"a": 1}`}, {40, `[1, "x", null]`}, {57, `"true"`}, {70, `{}`}, {90, `[[]]`}} {
		f.Add(seed.at, []byte(seed.val))
	}
	baseLines, _ := importTypes(&testing.T{}, typesBase())
	nodes := jsonNodes(typesBase(), nil, nil)
	f.Fuzz(func(t *testing.T, at uint16, raw []byte) {
		var v any
		if len(raw) > 1<<12 || json.Unmarshal(raw, &v) != nil {
			return
		}
		n := nodes[int(at)%len(nodes)]
		doc := typesBase()
		setAt(t, doc, dottedPath(n.path), v)
		data, _ := json.Marshal(doc)
		res, err := Import(data, "fuzz")
		if _, list := v.([]any); list && len(n.path) == 1 {
			return // az output may nest lists: a list in place of a resource is read as one
		}
		if err != nil || sameForm(n.val, v) || notRead(n.path) {
			return
		}
		last := n.path[len(n.path)-1]
		seg := fmt.Sprint(last)
		if i, ok := last.(int); ok {
			seg = fmt.Sprintf("[%d]", i)
		}
		kind := strings.TrimPrefix(strings.TrimPrefix(jsonKind(v), "an "), "a ")
		for _, e := range res.Report.Entries {
			l := e.Where + " " + e.What + ": " + e.Why
			if !slices.Contains(baseLines, l) && strings.Contains(l, seg) && strings.Contains(l, kind) {
				return
			}
		}
		t.Errorf("%s set to %s (was %s): no report line names it:\n%s", dottedPath(n.path), raw, jsonKind(n.val), res.Report.Text())
	})
}

// TestWrongJSONTypesOtherFormats: the same report line from an ARM
// template and a REST body, whose properties are nested as the path says.
func TestWrongJSONTypesOtherFormats(t *testing.T) {
	const vnetID = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet-hub"
	cases := []struct{ name, file, want string }{
		{"ARM", `{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "resources": [
			{"type": "Microsoft.Network/routeTables", "apiVersion": "2023-09-01", "name": "rt", "properties": {"routes": [{"name": "r", "properties": {"addressPrefix": "0.0.0.0/0", "nextHopType": "VirtualAppliance", "nextHopIpAddress": 167772420}}]}},
			{"type": "Microsoft.Network/virtualNetworks", "apiVersion": "2023-09-01", "name": "vnet-hub", "properties": {"addressSpace": {"addressPrefixes": "10.0.0.0/16"}}}]}`,
			"resources[1] Microsoft.Network/virtualNetworks vnet-hub: properties.addressSpace.addressPrefixes is a string, expected an array of strings"},
		{"ARM route", `{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "resources": [
			{"type": "Microsoft.Network/routeTables", "apiVersion": "2023-09-01", "name": "rt", "properties": {"routes": [{"name": "r", "properties": {"addressPrefix": "0.0.0.0/0", "nextHopType": "VirtualAppliance", "nextHopIpAddress": 167772420}}]}}]}`,
			"resources[0].properties.routes[0] Microsoft.Network/routeTables/routes r: properties.nextHopIpAddress is a number, expected a string"},
		{"REST", `{"value": [{"id": "` + vnetID + `", "name": "vnet-hub", "type": "Microsoft.Network/virtualNetworks", "properties": {"addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}, "subnets": "all"}}]}`,
			"value[0] Microsoft.Network/virtualNetworks vnet-hub: properties.subnets is a string, expected an array"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var doc any
			if err := json.Unmarshal([]byte(c.file), &doc); err != nil {
				t.Fatal(err)
			}
			lines, _ := importTypes(t, doc)
			if !slices.ContainsFunc(lines, func(l string) bool { return strings.HasPrefix(l, c.want) }) {
				t.Errorf("no report line %q in:\n%s", c.want, strings.Join(lines, "\n"))
			}
		})
	}
}

// tfTypesBase is a small Terraform state: a VNet with an inline subnet, a
// route table with a route, an NSG with a rule and a NIC with IP
// forwarding; TestWrongJSONTypesTerraform changes one attribute of it.
func tfTypesBase() map[string]any {
	const rg = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/"
	return tfState(
		tfR("azurerm_virtual_network", "hub", map[string]any{"id": rg + "virtualNetworks/vnet-hub", "name": "vnet-hub",
			"location": "westeurope", "address_space": []any{"10.0.0.0/16"},
			"subnet": []any{map[string]any{"name": "snet-app", "id": rg + "virtualNetworks/vnet-hub/subnets/snet-app", "address_prefixes": []any{"10.0.1.0/24"}}}}),
		tfR("azurerm_route_table", "rt", map[string]any{"id": rg + "routeTables/rt-app", "name": "rt-app", "location": "westeurope",
			"route": []any{map[string]any{"name": "default", "address_prefix": "0.0.0.0/0", "next_hop_type": "VirtualAppliance", "next_hop_in_ip_address": "10.0.1.4"}}}),
		tfR("azurerm_network_security_group", "nsg", map[string]any{"id": rg + "networkSecurityGroups/nsg-app", "name": "nsg-app", "location": "westeurope",
			"security_rule": []any{map[string]any{"name": "allow-web", "priority": 100.0, "direction": "Inbound", "access": "Allow", "protocol": "Tcp",
				"source_address_prefix": "*", "source_port_range": "*", "destination_address_prefix": "*", "destination_port_ranges": []any{"80", "443"}}}}),
		tfR("azurerm_network_interface", "nva", map[string]any{"id": rg + "networkInterfaces/nic-nva", "name": "nic-nva", "location": "westeurope",
			"ip_forwarding_enabled": true,
			"ip_configuration": []any{map[string]any{"name": "ipconfig1", "primary": true, "private_ip_address": "10.0.1.4",
				"subnet_id": rg + "virtualNetworks/vnet-hub/subnets/snet-app"}}}),
	)
}

// TestWrongJSONTypesTerraform: an attribute of the wrong JSON type in
// Terraform state is a report line at the resource's address naming the
// attribute's path in values, the type found and the type expected
// (rule:import.wrong-json-type).
func TestWrongJSONTypesTerraform(t *testing.T) {
	baseLines, _ := importTypes(t, tfTypesBase())
	res := func(doc map[string]any, i int) map[string]any {
		return doc["values"].(map[string]any)["root_module"].(map[string]any)["resources"].([]any)[i].(map[string]any)["values"].(map[string]any)
	}
	cases := []struct {
		name string
		set  func(doc map[string]any)
		want string
	}{
		{"address_space a string", func(d map[string]any) { res(d, 0)["address_space"] = "10.0.0.0/16" },
			"azurerm_virtual_network.hub azurerm_virtual_network vnet-hub: values.address_space is a string, expected an array of strings"},
		{"an address_space element a number", func(d map[string]any) { res(d, 0)["address_space"] = []any{"10.0.0.0/16", 7} },
			"azurerm_virtual_network.hub azurerm_virtual_network vnet-hub: values.address_space[1] is a number, expected a string"},
		{"a subnet block a string", func(d map[string]any) { res(d, 0)["subnet"] = []any{"snet-app"} },
			"azurerm_virtual_network.hub azurerm_virtual_network vnet-hub: values.subnet[0] is a string, expected an object"},
		{"subnet address_prefixes a string", func(d map[string]any) {
			res(d, 0)["subnet"].([]any)[0].(map[string]any)["address_prefixes"] = "10.0.1.0/24"
		}, "azurerm_virtual_network.hub azurerm_virtual_network vnet-hub: values.subnet[0].address_prefixes is a string, expected an array of strings"},
		{"next_hop_in_ip_address a number", func(d map[string]any) {
			res(d, 1)["route"].([]any)[0].(map[string]any)["next_hop_in_ip_address"] = 167772420
		}, "azurerm_route_table.rt azurerm_route_table rt-app: values.route[0].next_hop_in_ip_address is a number, expected a string"},
		{"route a string", func(d map[string]any) { res(d, 1)["route"] = "default" },
			"azurerm_route_table.rt azurerm_route_table rt-app: values.route is a string, expected a block or an array of blocks"},
		{"priority a word", func(d map[string]any) {
			res(d, 2)["security_rule"].([]any)[0].(map[string]any)["priority"] = "high"
		}, "azurerm_network_security_group.nsg azurerm_network_security_group nsg-app: values.security_rule[0].priority is a string, expected a number"},
		{"ip_forwarding_enabled a word", func(d map[string]any) { res(d, 3)["ip_forwarding_enabled"] = "yes" },
			"azurerm_network_interface.nva azurerm_network_interface nic-nva: values.ip_forwarding_enabled is a string, expected a boolean"},
		{"a resource's type a number", func(d map[string]any) {
			d["values"].(map[string]any)["root_module"].(map[string]any)["resources"].([]any)[2].(map[string]any)["type"] = 5
		}, "root_module.resources[2] type: type is a number, not a string"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc := tfTypesBase()
			c.set(doc)
			lines, _ := importTypes(t, doc)
			if !slices.ContainsFunc(lines, func(l string) bool { return strings.HasPrefix(l, c.want) }) {
				var fresh []string
				for _, l := range lines {
					if !slices.Contains(baseLines, l) {
						fresh = append(fresh, l)
					}
				}
				t.Errorf("no report line %q; the new lines:\n%s", c.want, strings.Join(fresh, "\n"))
			}
		})
	}
}

// TestWrongJSONTypesBounded: hostile sizes stay bounded: an array of
// 100,000 numbers where strings belong is one line with a count, and
// 1,500 values of the wrong type are 1,000 lines and one that counts the
// rest.
func TestWrongJSONTypesBounded(t *testing.T) {
	doc := typesBase()
	nums := make([]any, 100000)
	for i := range nums {
		nums[i] = i
	}
	setAt(t, doc, "0.dhcpOptions.dnsServers", nums)
	lines, _ := importTypes(t, doc)
	want := "[0] Microsoft.Network/virtualNetworks vnet-hub: properties.dhcpOptions.dnsServers[0] is a number, expected a string; ignored (the rest of the resource is imported); so are 99999 more elements"
	if !slices.ContainsFunc(lines, func(l string) bool { return strings.HasPrefix(l, want) }) {
		t.Errorf("no line %q", want)
	}

	doc = typesBase()
	routes := make([]any, 1500)
	for i := range routes {
		routes[i] = map[string]any{"name": fmt.Sprintf("r%d", i), "properties": map[string]any{"addressPrefix": 5}}
	}
	setAt(t, doc, "1.routes", routes)
	lines, _ = importTypes(t, doc)
	wrong, more := 0, false
	for _, l := range lines {
		switch {
		case strings.Contains(l, "properties.addressPrefix is a number, expected a string"):
			wrong++
		case strings.HasPrefix(l, "file values of the wrong JSON type: 500 more values"):
			more = true
		}
	}
	if wrong != maxTypeNotes || !more {
		t.Errorf("%d wrong-type lines (want %d) and the overflow line %v", wrong, maxTypeNotes, more)
	}
}

// TestWrongJSONTypesARMEnvelope: an ARM resource's location or sku of the
// wrong type is reported (rule:import.wrong-json-type), and so is its type
// (a number was "a resource without a type", as if none were written).
func TestWrongJSONTypesARMEnvelope(t *testing.T) {
	const file = `{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "resources": [
		{"type": "Microsoft.Network/virtualNetworks", "apiVersion": "2023-09-01", "name": "vnet-hub", "location": 7, "sku": "Standard",
		 "properties": {"addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}, "subnets": []}},
		{"type": 5, "apiVersion": "2023-09-01", "name": "numbered"}, {"type": "", "name": "empty"}, {"name": "none"}]}`
	var doc any
	if err := json.Unmarshal([]byte(file), &doc); err != nil {
		t.Fatal(err)
	}
	lines, _ := importTypes(t, doc)
	for _, want := range []string{
		"resources[0] Microsoft.Network/virtualNetworks vnet-hub: location is a number, expected a string; ignored",
		"resources[0] Microsoft.Network/virtualNetworks vnet-hub: sku is a string, expected an object; ignored",
		`resources[1] resource: type is a number, expected a string (as "Microsoft.Network/virtualNetworks"); the resource is ignored (rule:import.wrong-json-type)`,
		"resources[2] resource: a resource whose type is empty",
		"resources[3] resource: a resource without a type",
	} {
		if !slices.Contains(lines, want) {
			t.Errorf("no report line %q in:\n%s", want, strings.Join(lines, "\n"))
		}
	}
}

// TestWrongJSONTypesOwnTags: vnetplay's own tags (its ARM export's
// vnetplay-vm, vnetplay-nic) of the wrong type are reported, in az output
// and in a template (rule:import.wrong-json-type).
func TestWrongJSONTypesOwnTags(t *testing.T) {
	doc := typesBase()
	setAt(t, doc, "3.tags", map[string]any{"vnetplay-vm": 5, "env": 7})
	lines, _ := importTypes(t, doc)
	if want := "[3] tags: tags.vnetplay-vm is a number, expected a string; ignored"; !slices.Contains(lines, want) {
		t.Errorf("no line %q in:\n%s", want, strings.Join(lines, "\n"))
	}
	const file = `{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "resources": [
		{"type": "Microsoft.Network/virtualNetworks", "apiVersion": "2023-09-01", "name": "vnet-hub", "tags": {"vnetplay-nic": true},
		 "properties": {"addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}, "subnets": []}}]}`
	var arm any
	if err := json.Unmarshal([]byte(file), &arm); err != nil {
		t.Fatal(err)
	}
	lines, _ = importTypes(t, arm)
	if want := "resources[0] tags: tags.vnetplay-nic is a boolean, expected a string; ignored"; !slices.Contains(lines, want) {
		t.Errorf("no line %q in:\n%s", want, strings.Join(lines, "\n"))
	}
}
