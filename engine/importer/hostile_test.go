package importer

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// TestHostileFiles: malformed and hostile files of every format get a
// clear error, or a bounded import with what was wrong in the report;
// nothing panics. (Each front end has its own fuzz target and limits
// tests; this is the cross-format table of the cases.)
func TestHostileFiles(t *testing.T) {
	const schema = `"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"`
	manyVNets := func(n int) string {
		var b strings.Builder
		b.WriteString("[")
		for i := range n {
			if i > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, `{"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v%d", "name": "v%d", "type": "Microsoft.Network/virtualNetworks", "addressSpace": {"addressPrefixes": ["10.%d.%d.0/24"]}}`, i, i, i/256%256, i%256)
		}
		b.WriteString("]")
		return b.String()
	}
	cases := []struct {
		name, file string
		err        string // "" when the import must succeed
		report     string // a phrase the report must hold (when it succeeds)
	}{
		{"not JSON", `{"resources": [`, "invalid JSON", ""},
		// A download cut short: the error says the file is truncated, and
		// where; a syntax error says its line and column.
		{"a truncated export", "[{\"id\": \"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v\",\n  \"type\": \"Microsoft.Net", "ends inside its JSON after 116 bytes, line 2: truncated", ""},
		{"a syntax error", "[{\"id\": \"x\",\n \"type\": 5 x}]", "invalid JSON at line 2, column 12", ""},
		{"a JSON string", `"hello"`, "not an az CLI output", ""},
		{"an empty az list", `[]`, ErrNoNetwork.Error(), ""},
		{"no network resource", `[{"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st", "name": "st", "type": "Microsoft.Storage/storageAccounts"}]`, ErrNoNetwork.Error(), ""},
		{"wrong types in az", `[{"id": 5, "type": ["x"]}, {"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v", "type": "Microsoft.Network/virtualNetworks", "name": "v", "addressSpace": "10.0.0.0/16", "subnets": {"a": 1}}]`, "", "v"},
		{"wrong types in ARM", `{` + schema + `, "resources": [{"type": 5, "apiVersion": "x", "name": ["n"]}, {"type": "Microsoft.Network/virtualNetworks", "apiVersion": "2023-09-01", "name": "v", "properties": {"addressSpace": {"addressPrefixes": "10.0.0.0/16"}, "subnets": "all"}}]}`, "", "v"},
		{"a variable cycle in ARM", `{` + schema + `, "variables": {"a": "[variables('b')]", "b": "[variables('a')]"}, "resources": [{"type": "Microsoft.Network/virtualNetworks", "apiVersion": "2023-09-01", "name": "[variables('a')]", "properties": {"addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}}}]}`, "cycle", ""},
		{"wrong types in Terraform", `{"format_version": "1.0", "values": {"root_module": {"resources": [5, {"type": "azurerm_virtual_network", "name": "v", "values": "oops"}]}}}`, "not an object", ""},
		{"a self-peering", `[{"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v", "type": "Microsoft.Network/virtualNetworks", "name": "v", "addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}, "virtualNetworkPeerings": [{"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/virtualNetworkPeerings/p", "name": "p", "remoteVirtualNetwork": {"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v"}}]}]`, "", "p"},
		{"a remote VNet id with a bar", `[{"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v", "type": "Microsoft.Network/virtualNetworks", "name": "v", "addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}, "virtualNetworkPeerings": [{"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/virtualNetworkPeerings/p", "name": "p", "remoteVirtualNetwork": {"id": "0|"}, "remoteAddressSpace": {"addressPrefixes": ["10.1.0.0/16"]}, "peeringState": "Connected"}]}]`, "", "placeholder"},
		{"deep nesting", strings.Repeat("[", 20000) + strings.Repeat("]", 20000), "", ""},
		{"10,000 VNets", manyVNets(10000), "up to 1,000 VNets", ""},
		{"4 MiB of junk", `[` + `"` + strings.Repeat("x", 4<<20) + `"]`, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := Import([]byte(c.file), "hostile")
			switch {
			case c.name == "deep nesting" || c.name == "4 MiB of junk":
				// Either a clear error or nothing imported: never a design.
				if err == nil {
					t.Fatalf("imported %d VNets from %s", len(res.Document.Topology.VNets), c.name)
				}
				if errors.Is(err, ErrUnknownFormat) || strings.Contains(err.Error(), "JSON") || errors.Is(err, ErrNoNetwork) {
					return
				}
				t.Errorf("error %q does not say what is wrong", err)
			case c.err != "":
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Errorf("error %v, want one saying %q", err, c.err)
				}
			default:
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if text := res.Report.Text(); !strings.Contains(text, c.report) {
					t.Errorf("the report does not mention %q:\n%s", c.report, text)
				}
			}
		})
	}
}
