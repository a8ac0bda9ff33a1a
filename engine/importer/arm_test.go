package importer

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// armRG is the ID prefix of the template's stand-in resource group.
const armRG = "/subscriptions/" + ARMTemplateSubscription + "/resourceGroups/" + ARMTemplateResourceGroup

// armTemplate decodes a template written as JSON text.
func armTemplate(t testing.TB, text string) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal([]byte(text), &v); err != nil {
		t.Fatalf("bad test template: %v\n%s", err, text)
	}
	return v
}

// readARM runs the front end on a template written as JSON text.
func readARM(t testing.TB, text string) ([]Resource, Report) {
	t.Helper()
	var rep Report
	res, err := fromARM(armTemplate(t, text), &rep)
	if err != nil {
		t.Fatalf("fromARM: %v", err)
	}
	return res, rep
}

// armByID indexes resources by ID, failing on a duplicate (IDs compare
// case-insensitively).
func armByID(t *testing.T, res []Resource) map[string]Resource {
	t.Helper()
	out := map[string]Resource{}
	for _, r := range res {
		k := strings.ToLower(r.ID)
		if _, dup := out[k]; dup {
			t.Errorf("ID %s emitted twice", r.ID)
		}
		out[k] = r
	}
	return out
}

func armGet(m map[string]Resource, id string) (Resource, bool) {
	r, ok := m[strings.ToLower(id)]
	return r, ok
}

// TestARMHubSpokeFixture reads the export fixture: every resource once
// with the ID resourceId() gives it, every in-template reference equal to
// the ID of the resource it names, the partner VNet's external ID kept,
// and the secret reported.
func TestARMHubSpokeFixture(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "arm-hubspoke.json"))
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	if f, err := Detect(v); f != FormatARM || err != nil {
		t.Fatalf("Detect = %q, %v", f, err)
	}
	var rep Report
	res, err := fromARM(v.(map[string]any), &rep)
	if err != nil {
		t.Fatal(err)
	}
	byID := armByID(t, res)
	count := map[string]int{}
	for _, r := range res {
		count[r.Type]++
	}
	want := map[string]int{
		"Microsoft.Compute/virtualMachines": 3, "Microsoft.Compute/virtualMachines/extensions": 1,
		"Microsoft.Network/azureFirewalls": 1, "Microsoft.Network/connections": 2,
		"Microsoft.Network/expressRouteCircuits": 1, "Microsoft.Network/expressRouteCircuits/peerings": 1,
		"Microsoft.Network/localNetworkGateways": 1, "Microsoft.Network/networkInterfaces": 3,
		"Microsoft.Network/networkSecurityGroups": 2, "Microsoft.Network/networkSecurityGroups/securityRules": 3,
		"Microsoft.Network/publicIPAddresses": 3, "Microsoft.Network/routeTables": 2, "Microsoft.Network/routeTables/routes": 3,
		"Microsoft.Network/virtualNetworkGateways": 2, "Microsoft.Network/virtualNetworks": 3,
		"Microsoft.Network/virtualNetworks/subnets": 5, "Microsoft.Network/virtualNetworks/virtualNetworkPeerings": 5,
		"Microsoft.Storage/storageAccounts": 1, "Microsoft.Storage/storageAccounts/blobServices": 1,
	}
	for typ, n := range want {
		if count[typ] != n {
			t.Errorf("%d resources of type %s, want %d", count[typ], typ, n)
		}
	}
	if len(count) != len(want) {
		t.Errorf("types %v, want %v", count, want)
	}
	checkFixtureRefs(t, byID)
	if len(rep.Entries) != 1 || rep.Entries[0].Where != "resources[5].properties.sharedKey" || rep.Entries[0].What != "parameters()" {
		t.Errorf("report entries %+v; want only the secureString sharedKey", rep.Entries)
	}
}

// TestARMExportWithoutDefaults: az group export without
// --include-parameter-default-value leaves the name parameters without
// values; the names come from the parameter names (one Assumed entry) and
// references still equal IDs; the external ID is the partner VNet's under
// the stand-in external group.
func TestARMExportWithoutDefaults(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "arm-hubspoke.json"))
	if err != nil {
		t.Fatal(err)
	}
	tmpl := armTemplate(t, string(b))
	for _, p := range tmpl["parameters"].(map[string]any) {
		delete(p.(map[string]any), "defaultValue")
	}
	var rep Report
	res, err := fromARM(tmpl, &rep)
	if err != nil {
		t.Fatal(err)
	}
	byID := armByID(t, res)
	if len(res) != 43 {
		t.Errorf("%d resources, want 43", len(res))
	}
	if _, ok := armGet(byID, armRG+"/providers/Microsoft.Network/virtualNetworks/vnet_hub/subnets/snet-shared"); !ok {
		t.Error("no subnet vnet_hub/snet-shared")
	}
	p, _ := armGet(byID, armRG+"/providers/Microsoft.Network/virtualNetworks/vnet_hub/virtualNetworkPeerings/peer-hub-to-partner")
	if ref := p.Ref("remoteVirtualNetwork"); ref != "/subscriptions/"+ARMTemplateSubscription+"/resourceGroups/external-resource-group/providers/Microsoft.Network/virtualNetworks/vnet_partner" {
		t.Errorf("the partner VNet: %q", ref)
	}
	var got []string
	for _, e := range rep.Entries {
		got = append(got, fmt.Sprintf("%s %s %s", e.Kind, e.Where, e.What))
	}
	want := []string{
		"ignored resources[5].properties.sharedKey parameters()",
		"assumed parameters defaultValue",
	}
	if !slices.Equal(got, want) {
		t.Errorf("entries\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
	if n := len(rep.Entries); n > 0 && !strings.Contains(rep.Entries[n-1].Why, "routeTables_rt_gateway_name → rt_gateway") || !strings.HasPrefix(rep.Entries[n-1].Why, "25 parameters") {
		t.Errorf("the assumed entry: %s", rep.Entries[n-1].Why)
	}
}

// checkFixtureRefs checks the fixture's references against the IDs.
func checkFixtureRefs(t *testing.T, byID map[string]Resource) {
	t.Helper()
	snet, ok := armGet(byID, armRG+"/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/snet-shared")
	if !ok || snet.Name != "snet-shared" || !slices.Equal(snet.Strings("addressPrefixes"), []string{"10.0.2.0/24"}) {
		t.Errorf("subnet snet-shared: %+v, %v", snet, ok)
	}
	for _, r := range byID {
		switch r.Type {
		case "Microsoft.Network/networkInterfaces":
			ref := Resource{Props: r.List("ipConfigurations")[0].(map[string]any)["properties"].(map[string]any)}.Ref("subnet")
			if _, ok := armGet(byID, ref); !ok {
				t.Errorf("%s: subnet %s is not an emitted ID", r.Name, ref)
			}
		case "Microsoft.Network/virtualNetworks/virtualNetworkPeerings":
			ref := r.Ref("remoteVirtualNetwork")
			_, ok := armGet(byID, ref)
			partner := ref == "/subscriptions/00000000-0000-0000-0000-000000000999/resourceGroups/rg-partner/providers/Microsoft.Network/virtualNetworks/vnet-partner"
			if ok == partner || (partner != (r.Name == "peer-hub-to-partner")) {
				t.Errorf("peering %s: remote %s (in the file: %v)", r.Name, ref, ok)
			}
		case "Microsoft.Compute/virtualMachines":
			ref := RefID(r.List("networkProfile.networkInterfaces")[0])
			if _, ok := armGet(byID, ref); !ok {
				t.Errorf("%s: NIC %s is not an emitted ID", r.Name, ref)
			}
		case "Microsoft.Network/connections":
			if r.Name == "cn-branch" && r.Str("sharedKey") != "[parameters('connections_cn_branch_sharedKey')]" {
				t.Errorf("cn-branch sharedKey = %q; want the expression as written", r.Str("sharedKey"))
			}
		}
	}
}

// armSubnetForms writes the subnet "snet" of VNet "hub" in each form ARM
// allows (the last in three at once: ARM itself would refuse a resource
// declared twice, the import reports it).
func armSubnetForms() []struct{ name, template string } {
	return []struct{ name, template string }{
		{"inline", `{"resources": [{"type": "Microsoft.Network/virtualNetworks", "apiVersion": "2024-05-01", "name": "hub",
		"properties": {"subnets": [{"name": "snet", "properties": {"addressPrefix": "10.0.0.0/24"}}]}}]}`},
		{"top-level child", `{"resources": [
		{"type": "Microsoft.Network/virtualNetworks/subnets", "apiVersion": "2024-05-01", "name": "[concat(parameters('v'), '/snet')]",
		 "dependsOn": ["[resourceId('Microsoft.Network/virtualNetworks', parameters('v'))]"], "properties": {"addressPrefix": "10.0.0.0/24"}},
		{"type": "Microsoft.Network/virtualNetworks", "apiVersion": "2024-05-01", "name": "[parameters('v')]", "properties": {}}],
		"parameters": {"v": {"type": "String", "defaultValue": "hub"}}}`},
		{"nested relative", `{"resources": [{"type": "Microsoft.Network/virtualNetworks", "apiVersion": "2024-05-01", "name": "hub",
		"resources": [{"type": "subnets", "apiVersion": "2024-05-01", "name": "snet", "properties": {"addressPrefix": "10.0.0.0/24"}}]}]}`},
		{"nested full type and name", `{"resources": [{"type": "Microsoft.Network/virtualNetworks", "apiVersion": "2024-05-01", "name": "hub",
		"resources": [{"type": "Microsoft.Network/virtualNetworks/subnets", "apiVersion": "2024-05-01", "name": "hub/snet", "properties": {"addressPrefix": "10.0.0.0/24"}}]}]}`},
		{"nested full type, short name", `{"resources": [{"type": "Microsoft.Network/virtualNetworks", "apiVersion": "2024-05-01", "name": "hub",
		"resources": [{"type": "Microsoft.Network/virtualNetworks/subnets", "apiVersion": "2024-05-01", "name": "snet", "properties": {"addressPrefix": "10.0.0.0/24"}}]}]}`},
		{"all at once, other case", `{"resources": [
		{"type": "Microsoft.Network/virtualNetworks/subnets", "apiVersion": "2024-05-01", "name": "HUB/snet", "properties": {"addressPrefix": "10.0.0.0/24"}},
		{"type": "Microsoft.Network/virtualNetworks", "apiVersion": "2024-05-01", "name": "hub",
		 "properties": {"subnets": [{"name": "snet", "id": "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'hub', 'snet')]", "properties": {"addressPrefix": "10.0.0.0/24"}}]},
		 "resources": [{"type": "subnets", "apiVersion": "2024-05-01", "name": "snet", "properties": {"addressPrefix": "10.0.0.0/24", "natGateway": null}}]}]}`},
	}
}

// TestARMChildForms: a subnet written inline, as a top-level child, nested
// with a relative or a full type, or all at once, is one resource with the
// ID resourceId() gives it and the full child type; the VNet's inline
// element carries that ID.
func TestARMChildForms(t *testing.T) {
	wantID := strings.ToLower(armRG + "/providers/Microsoft.Network/virtualNetworks/hub/subnets/snet")
	e := newARMEval(nil, nil, nil, func(string, error) {})
	if id, err := e.evalString("[resourceId('Microsoft.Network/virtualNetworks/subnets', 'hub', 'snet')]"); err != nil || !strings.EqualFold(id.(string), wantID) {
		t.Fatalf("resourceId = %v, %v; want %s", id, err, wantID)
	}
	for _, f := range armSubnetForms() {
		res, rep := readARM(t, f.template)
		var subnets []Resource
		for _, r := range res {
			if SameType(r.Type, "Microsoft.Network/virtualNetworks/subnets") {
				subnets = append(subnets, r)
			}
			for _, el := range r.List("subnets") {
				if id := RefID(el); !strings.EqualFold(id, wantID) {
					t.Errorf("%s: the VNet's inline subnet has id %q", f.name, id)
				}
			}
		}
		if len(subnets) != 1 || strings.ToLower(subnets[0].ID) != wantID || subnets[0].Type != "Microsoft.Network/virtualNetworks/subnets" ||
			subnets[0].Name != "snet" || subnets[0].Str("addressPrefix") != "10.0.0.0/24" {
			t.Errorf("%s: subnets %+v; want one with ID %s", f.name, subnets, wantID)
		}
		twice := strings.HasPrefix(f.name, "all at once")
		if (!twice && len(rep.Entries) != 0) || (twice && (len(rep.Entries) != 1 || !strings.Contains(rep.Entries[0].Why, "declared twice"))) {
			t.Errorf("%s: entries %+v", f.name, rep.Entries)
		}
	}
}

// TestARMMerge: a declared child wins over its inline copy, and a property
// they give differently is reported; a resource declared twice is
// reported; the inline copy's other properties fill in.
func TestARMMerge(t *testing.T) {
	res, rep := readARM(t, `{"resources": [
		{"type": "Microsoft.Network/virtualNetworks", "apiVersion": "1", "name": "hub",
		 "properties": {"subnets": [{"name": "snet", "properties": {"addressPrefix": "10.0.0.0/24", "routeTable": {"id": "x"}}}]}},
		{"type": "Microsoft.Network/virtualNetworks/subnets", "apiVersion": "1", "name": "hub/snet", "properties": {"addressPrefix": "10.0.1.0/24"}},
		{"type": "Microsoft.Network/routeTables", "apiVersion": "1", "name": "rt", "properties": {"disableBgpRoutePropagation": true}},
		{"type": "Microsoft.Network/routeTables", "apiVersion": "1", "name": "RT", "location": "westeurope", "properties": {"routes": []}}]}`)
	byID := armByID(t, res)
	snet, _ := armGet(byID, armRG+"/providers/Microsoft.Network/virtualNetworks/hub/subnets/snet")
	if snet.Str("addressPrefix") != "10.0.1.0/24" || snet.Ref("routeTable") != "x" || snet.Where != "resources[1]" {
		t.Errorf("merged subnet %+v", snet)
	}
	rt, _ := armGet(byID, armRG+"/providers/Microsoft.Network/routeTables/rt")
	if v, _ := rt.Bool("disableBgpRoutePropagation"); !v || rt.List("routes") == nil || rt.Location != "westeurope" || rt.Name != "rt" {
		t.Errorf("merged route table %+v", rt)
	}
	wantEntries := []string{
		"ignored resources[0].properties.subnets[0].properties.addressPrefix",
		"ignored resources[3]",
	}
	var got []string
	for _, e := range rep.Entries {
		got = append(got, string(e.Kind)+" "+e.Where)
	}
	if !slices.Equal(got, wantEntries) {
		t.Errorf("entries %q; want %q", got, wantEntries)
	}
}

// TestARMNested: nested resources of another namespace are extension
// resources under their parent's ID; a nested VM extension gets the full
// child type; nesting is bounded.
func TestARMNested(t *testing.T) {
	res, rep := readARM(t, `{"resources": [{"type": "Microsoft.Compute/virtualMachines", "apiVersion": "1", "name": "vm",
		"resources": [
			{"type": "extensions", "apiVersion": "1", "name": "ext", "properties": {"publisher": "p"}},
			{"type": "Microsoft.Insights/diagnosticSettings", "apiVersion": "1", "name": "diag"},
			{"type": "extensions", "apiVersion": "1", "name": "a/b"}]}]}`)
	want := []string{
		"Microsoft.Compute/virtualMachines " + armRG + "/providers/Microsoft.Compute/virtualMachines/vm",
		"Microsoft.Compute/virtualMachines/extensions " + armRG + "/providers/Microsoft.Compute/virtualMachines/vm/extensions/ext",
		"Microsoft.Insights/diagnosticSettings " + armRG + "/providers/Microsoft.Compute/virtualMachines/vm/providers/Microsoft.Insights/diagnosticSettings/diag",
	}
	var got []string
	for _, r := range res {
		got = append(got, r.Type+" "+r.ID)
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
	if len(rep.Entries) != 1 || rep.Entries[0].Kind != Skipped || rep.Entries[0].Where != "resources[0].resources[2]" {
		t.Errorf("entries %+v; want the extension whose name does not fit skipped", rep.Entries)
	}
	deep := `{"type": "Microsoft.Network/virtualNetworks", "apiVersion": "1", "name": "v"}`
	for range maxARMNesting + 2 {
		deep = `{"type": "Microsoft.Network/virtualNetworks", "apiVersion": "1", "name": "v", "resources": [` + deep + `]}`
	}
	res, rep = readARM(t, `{"resources": [`+deep+`]}`)
	if len(rep.Entries) != 1 || !strings.Contains(rep.Entries[0].Why, "nested more than") {
		t.Errorf("deep nesting: %d resources, entries %+v", len(res), rep.Entries)
	}
}

// TestARMCopyAndCondition: copy loops expand (and a bad count is
// reported), conditions skip or keep with a report, existing resources and
// unevaluated names are skipped, nested deployments are read (their
// template's resources, here one without a type, reported).
func TestARMCopyAndCondition(t *testing.T) {
	res, rep := readARM(t, `{"parameters": {"n": {"type": "Int", "defaultValue": 3}, "big": {"type": "Int", "defaultValue": 900},
			"deploy": {"type": "Bool", "defaultValue": false}},
		"variables": {"prefix": "vnet-"},
		"resources": [
		{"type": "Microsoft.Network/virtualNetworks", "apiVersion": "1", "name": "[concat(variables('prefix'), copyIndex(1))]",
		 "copy": {"name": "vnets", "count": "[parameters('n')]"},
		 "properties": {"addressSpace": {"addressPrefixes": ["[format('10.{0}.0.0/16', copyIndex())]"]},
		   "copy": [{"name": "subnets", "count": 2, "input": {"name": "[concat('s', copyIndex('subnets'))]",
		     "properties": {"addressPrefix": "[format('10.{0}.{1}.0/24', copyIndex('vnets'), copyIndex('subnets'))]"}}}]}},
		{"type": "Microsoft.Network/routeTables", "apiVersion": "1", "name": "rt-off", "condition": "[parameters('deploy')]"},
		{"type": "Microsoft.Network/routeTables", "apiVersion": "1", "name": "rt-on", "condition": "[not(parameters('deploy'))]"},
		{"type": "Microsoft.Network/routeTables", "apiVersion": "1", "name": "rt-unknown", "condition": "[contains(parameters('n'), 'x')]"},
		{"type": "Microsoft.Network/routeTables", "apiVersion": "1", "name": "rt-loop", "copy": {"name": "l", "count": "[parameters('big')]"}},
		{"type": "Microsoft.Network/routeTables", "apiVersion": "1", "name": "rt-ref", "existing": true},
		{"type": "Microsoft.Network/routeTables", "apiVersion": "1", "name": "[uniqueString(resourceGroup().id)]"},
		{"type": "Microsoft.Resources/deployments", "apiVersion": "1", "name": "inner",
		 "properties": {"mode": "Incremental", "template": {"resources": [{"name": "[parameters('x')]"}]}}}]}`)
	var got []string
	for _, r := range res {
		got = append(got, r.Type[strings.LastIndexByte(r.Type, '/')+1:]+" "+r.Name+" "+
			strings.Join(r.Strings("addressSpace.addressPrefixes"), ",")+r.Str("addressPrefix"))
	}
	want := []string{
		"virtualNetworks vnet-1 10.0.0.0/16", "subnets s0 10.0.0.0/24", "subnets s1 10.0.1.0/24",
		"virtualNetworks vnet-2 10.1.0.0/16", "subnets s0 10.1.0.0/24", "subnets s1 10.1.1.0/24",
		"virtualNetworks vnet-3 10.2.0.0/16", "subnets s0 10.2.0.0/24", "subnets s1 10.2.1.0/24",
		"routeTables rt-on ", "routeTables rt-unknown ",
	}
	if !slices.Equal(got, want) {
		t.Errorf("resources\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
	var entries []string
	for _, e := range rep.Entries {
		entries = append(entries, fmt.Sprintf("%s %s %s", e.Kind, e.Where, e.What))
	}
	wantEntries := []string{
		"skipped resources[1] Microsoft.Network/routeTables",
		"ignored resources[3].condition contains()",
		"skipped resources[4] Microsoft.Network/routeTables",
		"skipped resources[5] Microsoft.Network/routeTables",
		"skipped resources[6] Microsoft.Network/routeTables",
		"ignored resources[7].properties.template.resources[0] resource",
	}
	if !slices.Equal(entries, wantEntries) {
		t.Errorf("entries\n  %s\nwant\n  %s", strings.Join(entries, "\n  "), strings.Join(wantEntries, "\n  "))
	}
}

// TestARMWrapperAndSymbolic: a deployment wrapping a template (its
// parameter values override the defaults), and languageVersion 2.0
// symbolic resources.
func TestARMWrapperAndSymbolic(t *testing.T) {
	res, _ := readARM(t, `{"properties": {"mode": "Incremental",
		"parameters": {"v": {"value": "from-deployment"}, "k": {"reference": {"keyVault": {"id": "x"}}}},
		"template": {"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
			"parameters": {"v": {"type": "String", "defaultValue": "default"}},
			"resources": [{"type": "Microsoft.Network/virtualNetworks", "apiVersion": "1", "name": "[parameters('v')]"}]}}}`)
	if len(res) != 1 || res[0].Name != "from-deployment" || res[0].Where != "properties.template.resources[0]" {
		t.Errorf("wrapper: %+v", res)
	}
	res, rep := readARM(t, `{"languageVersion": "2.0", "resources": {
		"vnet": {"type": "Microsoft.Network/virtualNetworks", "apiVersion": "1", "name": "b"},
		"other": {"type": "Microsoft.Network/virtualNetworks", "apiVersion": "1", "name": "a"},
		"old": {"type": "Microsoft.Network/virtualNetworks", "apiVersion": "1", "name": "c", "existing": true}}}`)
	if len(res) != 2 || res[0].Name != "a" || res[0].Where != "resources.other" || res[1].Name != "b" || len(rep.Entries) != 1 {
		t.Errorf("symbolic: %+v, %+v", res, rep.Entries)
	}
	var rep2 Report
	if _, err := fromARM(map[string]any{"$schema": "x"}, &rep2); err == nil {
		t.Error("a template without resources: no error")
	}
}

// TestARMLocation: resourceGroup().location is unknown: the resource has
// no location, a name built from it takes the stand-in, and the report
// says so once.
func TestARMLocation(t *testing.T) {
	res, rep := readARM(t, `{"parameters": {"location": {"type": "String", "defaultValue": "[resourceGroup().location]"}},
		"resources": [
		{"type": "Microsoft.Network/virtualNetworks", "apiVersion": "1", "name": "a", "location": "[parameters('location')]"},
		{"type": "Microsoft.Network/virtualNetworks", "apiVersion": "1", "name": "[format('b-{0}', parameters('location'))]", "location": "[resourceGroup().location]"}]}`)
	if len(res) != 2 || res[0].Location != "" || res[1].Location != "" || res[1].Name != "b-"+ARMTemplateLocation ||
		len(rep.Entries) != 1 || rep.Entries[0].Kind != Assumed {
		t.Errorf("%+v, %+v", res, rep.Entries)
	}
}

// hostileTemplates are templates built to make the front end slow, deep or
// large; each must end fast with a bounded result or a clear error.
func hostileTemplates() []struct {
	name    string
	text    string
	wantErr string // "" when the result is a bounded success
} {
	var many strings.Builder
	many.WriteString(`{"parameters": {"p": {"type": "String", "defaultValue": "v"}}, "variables": {"a": "[variables('b')]", "b": "[concat(variables('a'), 'x')]"}, "resources": [`)
	for i := range 10_000 {
		if i > 0 {
			many.WriteByte(',')
		}
		fmt.Fprintf(&many, `{"type": "Microsoft.Network/virtualNetworks", "apiVersion": "1", "name": "[concat(parameters('p'), '-%d')]",
			"properties": {"x": "[variables('a')]", "subnets": [{"name": "s", "properties": {"addressPrefix": "10.0.0.0/24"}}]}}`, i)
	}
	many.WriteString(`]}`)
	deepExpr := "[" + strings.Repeat("concat(", 5000) + "'x'" + strings.Repeat(")", 5000) + "]"
	doubling := `"v0": "xxxxxxxxxxxxxxxx"`
	for i := 1; i <= 60; i++ {
		doubling += fmt.Sprintf(`, "v%d": "[concat(variables('v%d'), variables('v%d'))]"`, i, i-1, i-1)
	}
	big := strings.Repeat("x", 60_000)
	var costly strings.Builder
	costly.WriteString(`{"variables": {"big": "` + big + `"}, "resources": [`)
	for i := range 2000 {
		if i > 0 {
			costly.WriteByte(',')
		}
		fmt.Fprintf(&costly, `{"type": "Microsoft.Network/routeTables", "apiVersion": "1", "name": "rt%d", "properties": {"a": "[toUpper(variables('big'))]", "b": "[toLower(variables('big'))]"}}`, i)
	}
	costly.WriteString(`]}`)
	deep := `{"type": "Microsoft.Network/routeTables", "apiVersion": "1", "name": "rt"}`
	for range 50 {
		deep = `{"type": "Microsoft.Resources/deployments", "apiVersion": "1", "name": "d", "properties": {"expressionEvaluationOptions": {"scope": "inner"}, "template": {"resources": [` + deep + `]}}}`
	}
	var costlyNested strings.Builder
	costlyNested.WriteString(`{"resources": [`)
	for i := range 2000 {
		if i > 0 {
			costlyNested.WriteByte(',')
		}
		fmt.Fprintf(&costlyNested, `{"type": "Microsoft.Resources/deployments", "apiVersion": "1", "name": "d%d", "properties": {"expressionEvaluationOptions": {"scope": "inner"},
			"template": {"variables": {"big": "`+big+`"}, "resources": [{"type": "Microsoft.Network/routeTables", "apiVersion": "1", "name": "rt%d", "properties": {"a": "[toUpper(variables('big'))]", "b": "[toLower(variables('big'))]"}}]}}}`, i, i)
	}
	costlyNested.WriteString(`]}`)
	return []struct {
		name    string
		text    string
		wantErr string
	}{
		{"10,000 resources, a variable cycle in each", many.String(), ""},
		{"a deeply nested name", `{"resources": [{"type": "Microsoft.Network/virtualNetworks", "apiVersion": "1", "name": "` + deepExpr + `"}]}`, ""},
		{"strings doubling through variables", `{"variables": {` + doubling + `}, "resources": [{"type": "Microsoft.Network/virtualNetworks", "apiVersion": "1", "name": "[variables('v60')]"}]}`, ""},
		{"copy loops over the resource limit", `{"resources": [{"type": "Microsoft.Network/virtualNetworks", "apiVersion": "1", "name": "[string(copyIndex())]",
			"copy": {"name": "a", "count": 800}, "resources": [{"type": "subnets", "apiVersion": "1", "name": "[string(copyIndex('b'))]", "copy": {"name": "b", "count": 800}}]}]}`,
			"over the import's limit"},
		{"strings over the work bound", costly.String(), "units of work"},
		{"deployments nested 50 deep", `{"resources": [` + deep + `]}`, ""},
		{"deployments in a copy loop over the resource limit", `{"resources": [{"type": "Microsoft.Resources/deployments", "apiVersion": "1", "name": "[string(copyIndex())]",
			"copy": {"name": "a", "count": 800}, "properties": {"expressionEvaluationOptions": {"scope": "inner"}, "parameters": {"i": {"value": "[copyIndex()]"}},
			"template": {"parameters": {"i": {"type": "Int"}}, "resources": [
			{"type": "Microsoft.Network/routeTables", "apiVersion": "1", "name": "[format('{0}-{1}', parameters('i'), copyIndex('b'))]", "copy": {"name": "b", "count": 800}}]}}}]}`,
			"over the import's limit"},
		{"nested deployments share the work bound", costlyNested.String(), "units of work"},
	}
}

// TestARMHostile: each hostile template ends fast with a bounded result
// (report entries capped) or the expected error. Each takes well under a
// second of CPU; the wall-clock limit is loose for loaded machines.
func TestARMHostile(t *testing.T) {
	for _, h := range hostileTemplates() {
		tmpl := armTemplate(t, h.text)
		start := time.Now()
		var rep Report
		res, err := fromARM(tmpl, &rep)
		d := time.Since(start)
		t.Logf("%s: %d resources, %d entries, %v, err %v", h.name, len(res), len(rep.Entries), d, err)
		if d > 30*time.Second { // a freeze, not a speed
			t.Errorf("%s: took %v", h.name, d)
		}
		switch {
		case h.wantErr != "" && (err == nil || !strings.Contains(err.Error(), h.wantErr)):
			t.Errorf("%s: err %v; want %q", h.name, err, h.wantErr)
		case h.wantErr == "" && err != nil:
			t.Errorf("%s: %v", h.name, err)
		}
		if len(rep.Entries) > maxARMEntries+2 {
			t.Errorf("%s: %d report entries", h.name, len(rep.Entries))
		}
	}
}

// BenchmarkFromARM reads the hub-and-spoke export (77 kB, 43 resources).
func BenchmarkFromARM(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("testdata", "arm-hubspoke.json"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		var v map[string]any
		if err := json.Unmarshal(data, &v); err != nil {
			b.Fatal(err)
		}
		var rep Report
		if _, err := fromARM(v, &rep); err != nil {
			b.Fatal(err)
		}
	}
}

// armExprTemplate builds a valid template around one expression text x:
// as a name, a property, a condition, a copy count, a variable and a
// parameter default, so the fuzzer reaches the evaluator with any string.
func armExprTemplate(x string) []byte {
	q, _ := json.Marshal(x)
	e := string(q)
	return []byte(`{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
		"parameters": {"p": {"type": "String", "defaultValue": ` + e + `}},
		"variables": {"v": ` + e + `, "w": "[variables('v')]"},
		"resources": [
		{"type": "Microsoft.Network/virtualNetworks", "apiVersion": "1", "name": ` + e + `, "location": ` + e + `,
		 "properties": {"addressSpace": {"addressPrefixes": [` + e + `]}, "subnets": [{"name": ` + e + `, "properties": {"addressPrefix": ` + e + `}}]}},
		{"type": "Microsoft.Network/virtualNetworks/subnets", "apiVersion": "1", "name": "[concat('vnet', '/', variables('w'))]",
		 "condition": ` + e + `, "copy": {"name": "c", "count": ` + e + `}, "properties": {"x": "[parameters('p')]"}},
		{"type": "Microsoft.Network/routeTables", "apiVersion": "1", "name": "rt", "resources": [{"type": ` + e + `, "apiVersion": "1", "name": ` + e + `}]}]}`)
}

// FuzzImportARM: no template makes the front end (or Import) panic, and
// every emitted resource has an ID, a type and a name. data is a whole
// file; expr is an expression placed everywhere one can be
// (armExprTemplate), so that mutations reach the evaluator, not only the
// JSON decoder.
func FuzzImportARM(f *testing.F) {
	for _, name := range []string{"arm-hubspoke.json", "arm-quickstart-expressroute-commented.json", "arm-bicep-modules.json"} {
		if b, err := os.ReadFile(filepath.Join("testdata", name)); err == nil {
			f.Add(b, "[parameters('p')]")
		}
	}
	f.Add([]byte(`{"resources": [ /* a "*/" ] // "x\n "y" /*`), "[x]")
	for _, s := range armSubnetForms() {
		f.Add([]byte(s.template), "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'hub', 'snet')]")
	}
	for _, x := range []string{
		"[concat('a', copyIndex(), variables('v'))]", "[format('{0}/{1}', 'a', 2)]", "[split('a/b', '/')[1]]",
		"[if(equals(1, 1), 3, reference('x'))]", "[[x]", "[toLower(subscription().subscriptionId)]", "[last(createArray(1))]",
		"[variables('w')]", "[resourceGroup().location]", "[copyIndex('c', 1)]", "[json('{}')]", "['a''b']",
	} {
		f.Add([]byte(`{"$schema": "deploymentTemplate", "variables": {"a": "[variables('a')]"}, "resources": [{"type": "Microsoft.Network/routeTables", "apiVersion": "1", "name": "[variables('a')]", "copy": {"name": "x", "count": 2}, "condition": "[equals(copyIndex(), 1)]"}]}`), x)
	}
	f.Add([]byte(`{"properties": {"template": {"resources": {"s": {"type": "Microsoft.Network/virtualNetworks", "apiVersion": "1", "name": "[[x", "properties": {"copy": [{"name": "subnets", "count": 1, "input": {"name": "[format('{0}', copyIndex('subnets'))]", "properties": {}}}]}}}}}}`), "3")
	f.Fuzz(func(t *testing.T, data []byte, expr string) {
		for _, in := range [][]byte{data, armExprTemplate(expr)} {
			_, _ = Import(in, "fuzz") // invalid JSON too: comments, several documents
			var v any
			if json.Unmarshal(in, &v) != nil {
				continue
			}
			if m, ok := v.(map[string]any); ok {
				var rep Report
				res, err := fromARM(m, &rep)
				if err == nil {
					for _, r := range res {
						if r.ID == "" || r.Type == "" || r.Name == "" {
							t.Fatalf("resource without ID, type or name: %+v", r)
						}
					}
				}
			}
		}
	})
}
