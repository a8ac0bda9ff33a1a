package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

const azSub = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-net/providers/Microsoft.Network/"

// azDecode decodes a test document as Import does.
func azDecode(t testing.TB, doc string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(doc), &v); err != nil {
		t.Fatalf("bad test JSON: %v\n%s", err, doc)
	}
	return v
}

// azRead runs the az front end on doc.
func azRead(t testing.TB, doc string) ([]Resource, Report, error) {
	t.Helper()
	rep := Report{Format: FormatAz, Imported: map[string]int{}}
	res, err := fromAz(azDecode(t, doc), &rep)
	rep.Sort()
	return res, rep, err
}

// azFind returns the resource named name.
func azFind(t *testing.T, res []Resource, name string) Resource {
	t.Helper()
	for _, r := range res {
		if r.Name == name {
			return r
		}
	}
	t.Fatalf("no resource %q in %v", name, azSummary(res))
	return Resource{}
}

// azSummary is "where type name" per resource.
func azSummary(res []Resource) []string {
	out := make([]string, len(res))
	for i, r := range res {
		out[i] = r.Where + " " + r.Type + " " + r.Name
	}
	return out
}

func entryLines(rep Report) []string {
	out := make([]string, len(rep.Entries))
	for i, e := range rep.Entries {
		out[i] = fmt.Sprintf("%s %s %s", e.Kind, e.Where, e.What)
	}
	return out
}

// A vnet as `az network vnet show` prints it (properties lifted, children
// lifted, back-references, resourceGroup).
const azVnetShow = `{
  "addressSpace": {"addressPrefixes": ["10.1.0.0/16"]},
  "enableDdosProtection": false,
  "etag": "W/\"1\"",
  "id": "` + azSub + `virtualNetworks/vnet-spoke1",
  "location": "westeurope",
  "name": "vnet-spoke1",
  "provisioningState": "Succeeded",
  "resourceGroup": "rg-net",
  "subnets": [{
    "addressPrefix": "10.1.1.0/24",
    "delegations": [{"actions": ["Microsoft.Network/virtualNetworks/subnets/join/action"], "etag": "W/\"2\"",
      "id": "` + azSub + `virtualNetworks/vnet-spoke1/subnets/snet-app/delegations/d0", "name": "d0",
      "provisioningState": "Succeeded", "resourceGroup": "rg-net", "serviceName": "Microsoft.Web/serverFarms",
      "type": "Microsoft.Network/virtualNetworks/subnets/delegations"}],
    "etag": "W/\"3\"",
    "id": "` + azSub + `virtualNetworks/vnet-spoke1/subnets/snet-app",
    "ipConfigurations": [{"id": "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/RG-NET/providers/Microsoft.Network/networkInterfaces/NIC-APP1/ipConfigurations/IPCONFIG1", "resourceGroup": "RG-NET"}],
    "name": "snet-app",
    "routeTable": {"id": "` + azSub + `routeTables/rt-spokes", "resourceGroup": "rg-net"},
    "serviceEndpoints": [{"locations": ["westeurope"], "provisioningState": "Succeeded", "service": "Microsoft.Storage"}],
    "type": "Microsoft.Network/virtualNetworks/subnets"
  }],
  "tags": {"env": "test"},
  "type": "Microsoft.Network/virtualNetworks",
  "virtualNetworkPeerings": [{
    "allowForwardedTraffic": true, "allowGatewayTransit": false, "allowVirtualNetworkAccess": true,
    "etag": "W/\"4\"", "id": "` + azSub + `virtualNetworks/vnet-spoke1/virtualNetworkPeerings/peer-spoke1-to-hub",
    "name": "peer-spoke1-to-hub", "peeringState": "Connected",
    "remoteAddressSpace": {"addressPrefixes": ["10.0.0.0/16"]},
    "remoteVirtualNetwork": {"id": "` + azSub + `virtualNetworks/vnet-hub", "resourceGroup": "rg-net"},
    "resourceGroup": "rg-net", "type": "Microsoft.Network/virtualNetworks/virtualNetworkPeerings", "useRemoteGateways": true
  }],
  "zones": []
}`

// TestAzLiftsProperties: a show object's lifted properties and lifted
// children come back in the REST shape; references and the envelope stay.
func TestAzLiftsProperties(t *testing.T) {
	res, rep, err := azRead(t, azVnetShow)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 1 || len(rep.Entries) != 0 {
		t.Fatalf("got %v, entries %v", azSummary(res), entryLines(rep))
	}
	r := res[0]
	if r.Type != "Microsoft.Network/virtualNetworks" || r.Name != "vnet-spoke1" || r.Location != "westeurope" || r.Where != "[0]" || r.ID != azSub+"virtualNetworks/vnet-spoke1" {
		t.Errorf("envelope: %+v", r)
	}
	for _, k := range []string{"id", "name", "type", "location", "etag", "resourceGroup", "tags", "zones"} {
		if _, ok := r.Props[k]; ok {
			t.Errorf("Props holds envelope key %q", k)
		}
	}
	if got := r.Strings("addressSpace.addressPrefixes"); !slices.Equal(got, []string{"10.1.0.0/16"}) {
		t.Errorf("addressSpace = %v", got)
	}
	if r.Str("provisioningState") != "Succeeded" {
		t.Errorf("provisioningState not in Props")
	}
	sn, _ := r.List("subnets")[0].(map[string]any)
	want := map[string]bool{"id": true, "name": true, "type": true, "etag": true, "resourceGroup": true, "properties": true}
	for k := range sn {
		if !want[k] {
			t.Errorf("subnet keeps %q beside properties", k)
		}
	}
	sub := Resource{Props: sn}
	checks := map[string]string{
		"name":                                "snet-app",
		"properties.addressPrefix":            "10.1.1.0/24",
		"properties.routeTable.id":            azSub + "routeTables/rt-spokes",
		"properties.routeTable.resourceGroup": "rg-net",
	}
	for path, v := range checks {
		if got := sub.Str(path); got != v {
			t.Errorf("subnet %s = %q, want %q", path, got, v)
		}
	}
	// The delegation, a lifted grandchild, is wrapped too; the service
	// endpoint (no id) and the back-reference (a reference) are not.
	dl, _ := Lookup(sn, "properties.delegations").([]any)
	if d, _ := dl[0].(map[string]any); Lookup(d, "properties.serviceName") != "Microsoft.Web/serverFarms" {
		t.Errorf("delegation not wrapped: %v", dl[0])
	}
	se, _ := Lookup(sn, "properties.serviceEndpoints").([]any)
	if s, _ := se[0].(map[string]any); s["service"] != "Microsoft.Storage" {
		t.Errorf("service endpoint changed: %v", se[0])
	}
	ipc, _ := Lookup(sn, "properties.ipConfigurations").([]any)
	if c, _ := ipc[0].(map[string]any); len(c) != 2 || c["properties"] != nil {
		t.Errorf("back-reference changed: %v", ipc[0])
	}
	pr, _ := r.List("virtualNetworkPeerings")[0].(map[string]any)
	peer := Resource{Props: pr}
	if b, ok := peer.Bool("properties.useRemoteGateways"); !b || !ok || peer.Str("properties.peeringState") != "Connected" || peer.Ref("properties.remoteVirtualNetwork") != azSub+"virtualNetworks/vnet-hub" {
		t.Errorf("peering not in REST shape: %v", pr)
	}
}

// TestAzSku: sku is the envelope's, and also a property for the types
// whose REST sku is one (gateways, firewalls).
func TestAzSku(t *testing.T) {
	doc := `[
	 {"id": "` + azSub + `virtualNetworkGateways/vgw", "name": "vgw", "type": "Microsoft.Network/virtualNetworkGateways", "gatewayType": "Vpn", "sku": {"name": "VpnGw1AZ", "tier": "VpnGw1AZ"}},
	 {"id": "` + azSub + `publicIPAddresses/pip", "name": "pip", "type": "Microsoft.Network/publicIPAddresses", "ipAddress": "20.0.0.1", "sku": {"name": "Standard"}},
	 {"id": "` + azSub + `azureFirewalls/afw", "name": "afw", "type": "Microsoft.Network/azureFirewalls", "sku": {"name": "AZFW_VNet", "tier": "Standard"}},
	 {"id": "` + azSub + `natGateways/ng", "name": "ng", "type": "Microsoft.Network/natGateways", "sku": "Standard"}
	]`
	res, rep, err := azRead(t, doc)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		sku, props string
	}{
		{"vgw", "VpnGw1AZ", "VpnGw1AZ"},
		{"pip", "Standard", ""},
		{"afw", "AZFW_VNet", "AZFW_VNet"},
		{"ng", "", ""},
	}
	for _, tt := range tests {
		r := azFind(t, res, tt.name)
		got, _ := r.SKU["name"].(string)
		if got != tt.sku || r.Str("sku.name") != tt.props {
			t.Errorf("%s: SKU %q, Props.sku %q; want %q, %q", tt.name, got, r.Str("sku.name"), tt.sku, tt.props)
		}
	}
	if want := []string{"ignored [3] sku"}; !slices.Equal(entryLines(rep), want) {
		t.Errorf("entries %v, want %v", entryLines(rep), want)
	}
}

// TestAzShapes: the shapes of a document (array, nested arrays, REST
// lists, a show object, mixed) and where each element is.
func TestAzShapes(t *testing.T) {
	vn := func(n string) string {
		return `{"id": "` + azSub + `virtualNetworks/` + n + `", "name": "` + n + `", "type": "Microsoft.Network/virtualNetworks", "addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}}`
	}
	rest := func(n string) string {
		return `{"id": "` + azSub + `routeTables/` + n + `", "name": "` + n + `", "type": "Microsoft.Network/routeTables", "location": "westeurope", "properties": {"disableBgpRoutePropagation": true, "routes": [{"name": "r", "id": "` + azSub + `routeTables/` + n + `/routes/r", "properties": {"addressPrefix": "0.0.0.0/0", "nextHopType": "Internet"}}]}}`
	}
	tests := []struct {
		name string
		doc  string
		want []string
	}{
		{"list", "[" + vn("a") + "," + vn("b") + "]", []string{"[0] Microsoft.Network/virtualNetworks a", "[1] Microsoft.Network/virtualNetworks b"}},
		{"show", vn("a"), []string{"[0] Microsoft.Network/virtualNetworks a"}},
		{"rest value", `{"value": [` + rest("rt1") + `], "nextLink": null}`, []string{"value[0] Microsoft.Network/routeTables rt1"}},
		{"array of arrays", "[[" + vn("a") + "," + vn("b") + "],[" + rest("rt1") + "]]",
			[]string{"[0][0] Microsoft.Network/virtualNetworks a", "[0][1] Microsoft.Network/virtualNetworks b", "[1][0] Microsoft.Network/routeTables rt1"}},
		{"mixed", "[" + vn("a") + ",[" + vn("b") + `],{"value": [` + rest("rt1") + "]}," + vn("c") + ",[[" + vn("d") + "]]]",
			[]string{"[0] Microsoft.Network/virtualNetworks a", "[1][0] Microsoft.Network/virtualNetworks b", "[2].value[0] Microsoft.Network/routeTables rt1",
				"[3] Microsoft.Network/virtualNetworks c", "[4][0][0] Microsoft.Network/virtualNetworks d"}},
		{"empty inner arrays", "[[]," + vn("a") + ",[]]", []string{"[1] Microsoft.Network/virtualNetworks a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, rep, err := azRead(t, tt.doc)
			if err != nil {
				t.Fatal(err)
			}
			if got := azSummary(res); !slices.Equal(got, tt.want) {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
			if len(rep.Entries) != 0 {
				t.Errorf("entries: %v", entryLines(rep))
			}
		})
	}
}

// TestAzRESTLeftAlone: an object already in the REST shape keeps its
// properties untouched, children included.
func TestAzRESTLeftAlone(t *testing.T) {
	doc := `{"value": [{"id": "` + azSub + `routeTables/rt", "name": "rt", "type": "Microsoft.Network/routeTables",
	  "properties": {"disableBgpRoutePropagation": false, "routes": [{"name": "r", "id": "` + azSub + `routeTables/rt/routes/r", "properties": {"addressPrefix": "10.0.0.0/8", "nextHopType": "None"}}],
	  "subnets": [{"id": "` + azSub + `virtualNetworks/v/subnets/s"}]}, "resourceGroup": "rg-net", "kind": "x"}]}`
	res, _, err := azRead(t, doc)
	if err != nil {
		t.Fatal(err)
	}
	want := azDecode(t, doc).(map[string]any)["value"].([]any)[0].(map[string]any)["properties"]
	if !reflect.DeepEqual(any(res[0].Props), want) {
		t.Errorf("Props %v\nwant %v", res[0].Props, want)
	}
}

// TestAzInferredTypes: an element without a type takes it from its id; one
// with neither, or with an id that names no type, is Skipped with its index.
func TestAzInferredTypes(t *testing.T) {
	doc := `[
	 {"id": "` + azSub + `virtualNetworks/vnet-hub/subnets/snet-shared", "addressPrefix": "10.0.2.0/24"},
	 {"name": "orphan", "addressPrefix": "10.9.0.0/24"},
	 {"id": "/subscriptions/s/resourceGroups/rg", "name": "rg"},
	 {"id": "` + azSub + `privateDnsZones/privatelink.blob.core.windows.net/A/stdiag001", "aRecords": [{"ipv4Address": "10.0.2.5"}], "ttl": 10},
	 {"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/providers/Microsoft.Insights/diagnosticSettings/ds"},
	 {"id": "` + azSub + `virtualNetworks/v/subnets"},
	 {"type": 7, "id": "` + azSub + `natGateways/ng"},
	 {"type": "Microsoft.Network/routeTables", "name": "rt-noid", "resourceGroup": "rg-x", "routes": []},
	 {"type": "Microsoft.Network/virtualNetworks/subnets", "name": "vnet-x/snet-y", "addressPrefix": "10.9.0.0/24"}
	]`
	res, rep, err := azRead(t, doc)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"[0] Microsoft.Network/virtualNetworks/subnets snet-shared",
		"[3] Microsoft.Network/privateDnsZones/A stdiag001",
		"[4] Microsoft.Insights/diagnosticSettings ds",
		"[6] Microsoft.Network/natGateways ng",
		"[7] Microsoft.Network/routeTables rt-noid",
		"[8] Microsoft.Network/virtualNetworks/subnets snet-y",
	}
	if got := azSummary(res); !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
	wantEntries := []string{"assumed [7] Microsoft.Network/routeTables", "assumed [8] Microsoft.Network/virtualNetworks/subnets", "ignored [6] type", "skipped [1] object", "skipped [2] object", "skipped [5] object"}
	if got := entryLines(rep); !slices.Equal(got, wantEntries) {
		t.Errorf("entries %q\nwant %q", got, wantEntries)
	}
	if id := azFind(t, res, "rt-noid").ID; id != "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-x/providers/Microsoft.Network/routeTables/rt-noid" {
		t.Errorf("synthesised id %q", id)
	}
	if id := azFind(t, res, "snet-y").ID; id != "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/unknown/providers/Microsoft.Network/virtualNetworks/vnet-x/subnets/snet-y" {
		t.Errorf("synthesised child id %q", id)
	}
}

// TestAzWrongTypes: JSON of the wrong type anywhere is an entry or an
// error, never a panic.
func TestAzWrongTypes(t *testing.T) {
	tests := []struct {
		name    string
		doc     string
		entries []string
		n       int
		err     error
	}{
		{"scalars in the list", `["vnet", 3, true, null, {"id": "` + azSub + `virtualNetworks/v"}]`,
			[]string{"skipped [0] a string", "skipped [1] a number", "skipped [2] a boolean", "skipped [3] null"}, 1, nil},
		{"properties a string", `[{"id": "` + azSub + `virtualNetworks/v", "properties": "x", "addressSpace": {}}]`, []string{"ignored [0] properties"}, 1, nil},
		{"name and location wrong", `[{"id": "` + azSub + `virtualNetworks/v", "name": ["v"], "location": 1}]`, []string{"ignored [0] location", "ignored [0] name"}, 1, nil},
		{"id a number, no type", `[{"id": 5}]`, []string{"ignored [0] id", "skipped [0] object"}, 0, ErrNoNetwork},
		{"children of the wrong type", `[{"id": "` + azSub + `virtualNetworks/v", "subnets": ["a", 1, {"id": 2, "x": 1}, [{"id": "i", "x": 1}]]}]`, nil, 1, nil},
		{"only junk", `[1, "a", [2]]`, []string{"skipped [0] a number", "skipped [1] a string", "skipped [2][0] a number"}, 0, ErrNoNetwork},
		{"empty", `[]`, nil, 0, ErrNoNetwork},
		{"rest value not resources", `{"value": ["a"]}`, []string{"skipped value[0] a string"}, 0, ErrNoNetwork},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, rep, err := azRead(t, tt.doc)
			if !errors.Is(err, tt.err) || (tt.err == nil) != (err == nil) {
				t.Fatalf("err %v, want %v", err, tt.err)
			}
			if len(res) != tt.n {
				t.Errorf("%d resources, want %d", len(res), tt.n)
			}
			if got := entryLines(rep); !slices.Equal(got, tt.entries) {
				t.Errorf("entries %q\nwant %q", got, tt.entries)
			}
		})
	}
	rep := Report{}
	if _, err := fromAz("just a string", &rep); err == nil || !strings.Contains(err.Error(), "not a string") {
		t.Errorf("a bare string: err %v", err)
	}
}

// TestAzDuplicates: a resource both in `az resource list` (no properties)
// and in its own list output is read once, from the fuller copy.
func TestAzDuplicates(t *testing.T) {
	full := `{"id": "` + azSub + `virtualNetworks/vnet-hub", "name": "vnet-hub", "type": "Microsoft.Network/virtualNetworks", "addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}, "subnets": [], "provisioningState": "Succeeded"}`
	bare := `{"id": "` + strings.ToUpper(azSub) + `virtualNetworks/vnet-hub", "name": "vnet-hub", "type": "Microsoft.Network/virtualNetworks", "properties": null, "kind": null, "resourceGroup": "rg-net"}`
	for _, doc := range []string{"[[" + bare + "],[" + full + "]]", "[[" + full + "],[" + bare + "]]"} {
		res, rep, err := azRead(t, doc)
		if err != nil {
			t.Fatal(err)
		}
		if len(res) != 1 || res[0].Strings("addressSpace.addressPrefixes") == nil {
			t.Errorf("%s: got %v", doc[:3], azSummary(res))
		}
		if len(rep.Entries) != 1 || rep.Entries[0].Kind != Ignored || !strings.Contains(rep.Entries[0].Why, "fuller copy") {
			t.Errorf("entries %v", rep.Entries)
		}
	}
}

// TestAzResourceList: `az resource list` prints properties: null and the
// envelope; the rest is lifted like any az object.
func TestAzResourceList(t *testing.T) {
	doc := `[{"changedTime": "2025-03-14T09:30:12+00:00", "id": "/subscriptions/s/resourceGroups/rg-net/providers/Microsoft.Storage/storageAccounts/stdiag001",
	  "identity": null, "kind": "StorageV2", "location": "westeurope", "managedBy": null, "name": "stdiag001", "plan": null, "properties": null,
	  "resourceGroup": "rg-net", "sku": {"name": "Standard_LRS", "tier": "Standard"}, "tags": {}, "type": "Microsoft.Storage/storageAccounts"}]`
	res, rep, err := azRead(t, doc)
	if err != nil || len(rep.Entries) != 0 {
		t.Fatal(err, rep.Entries)
	}
	r := res[0]
	if r.Type != "Microsoft.Storage/storageAccounts" || r.Str("kind") != "StorageV2" || r.SKU["name"] != "Standard_LRS" || r.Props["properties"] != nil {
		t.Errorf("got %+v", r)
	}
}

// TestAzPrivateDNS: the private DNS list outputs keep their child types
// and reference shapes.
func TestAzPrivateDNS(t *testing.T) {
	zone := azSub + "privateDnsZones/privatelink.blob.core.windows.net"
	doc := `[
	 [{"etag": "e", "id": "` + zone + `", "location": "global", "maxNumberOfRecordSets": 25000, "name": "privatelink.blob.core.windows.net",
	   "numberOfRecordSets": 2, "provisioningState": "Succeeded", "resourceGroup": "rg-net", "type": "Microsoft.Network/privateDnsZones"}],
	 [{"etag": "e", "id": "` + zone + `/virtualNetworkLinks/link-hub", "location": "global", "name": "link-hub", "provisioningState": "Succeeded",
	   "registrationEnabled": false, "resolutionPolicy": "Default", "resourceGroup": "rg-net", "type": "Microsoft.Network/privateDnsZones/virtualNetworkLinks",
	   "virtualNetwork": {"id": "` + azSub + `virtualNetworks/vnet-hub", "resourceGroup": "rg-net"}, "virtualNetworkLinkState": "Completed"}],
	 [{"aRecords": [{"ipv4Address": "10.0.2.5"}], "etag": "e", "fqdn": "stdiag001.privatelink.blob.core.windows.net.", "id": "` + zone + `/A/stdiag001",
	   "isAutoRegistered": false, "name": "stdiag001", "resourceGroup": "rg-net", "ttl": 10, "type": "Microsoft.Network/privateDnsZones/A"}]
	]`
	res, rep, err := azRead(t, doc)
	if err != nil || len(rep.Entries) != 0 {
		t.Fatal(err, rep.Entries)
	}
	link := azFind(t, res, "link-hub")
	if link.Ref("virtualNetwork") != azSub+"virtualNetworks/vnet-hub" || link.Location != "global" {
		t.Errorf("link %+v", link)
	}
	a := azFind(t, res, "stdiag001")
	if recs := a.List("aRecords"); len(recs) != 1 || Lookup(recs[0].(map[string]any), "ipv4Address") != "10.0.2.5" {
		t.Errorf("A record %+v", a.Props)
	}
	if n, _ := a.Num("ttl"); n != 10 {
		t.Errorf("ttl %v", n)
	}
}

// TestAzPrivateEndpoint: a private endpoint's lifted connections are
// wrapped; its customDnsConfigs (no id) and references are not.
func TestAzPrivateEndpoint(t *testing.T) {
	doc := `[{"customDnsConfigs": [{"fqdn": "stdiag001.blob.core.windows.net", "ipAddresses": ["10.0.2.5"]}], "id": "` + azSub + `privateEndpoints/pe-st",
	  "name": "pe-st", "networkInterfaces": [{"id": "` + azSub + `networkInterfaces/pe-st.nic.1", "resourceGroup": "rg-net"}],
	  "privateLinkServiceConnections": [{"etag": "e", "groupIds": ["blob"], "id": "` + azSub + `privateEndpoints/pe-st/privateLinkServiceConnections/c",
	    "name": "c", "privateLinkServiceConnectionState": {"actionsRequired": "None", "description": "", "status": "Approved"},
	    "privateLinkServiceId": "/subscriptions/s/resourceGroups/rg-net/providers/Microsoft.Storage/storageAccounts/stdiag001", "provisioningState": "Succeeded",
	    "resourceGroup": "rg-net", "type": "Microsoft.Network/privateEndpoints/privateLinkServiceConnections"}],
	  "resourceGroup": "rg-net", "subnet": {"id": "` + azSub + `virtualNetworks/vnet-hub/subnets/snet-shared", "resourceGroup": "rg-net"},
	  "type": "Microsoft.Network/privateEndpoints"}]`
	res, _, err := azRead(t, doc)
	if err != nil {
		t.Fatal(err)
	}
	pe := res[0]
	c, _ := pe.List("privateLinkServiceConnections")[0].(map[string]any)
	if Lookup(c, "properties.groupIds") == nil || Lookup(c, "properties.privateLinkServiceConnectionState.status") != "Approved" || c["name"] != "c" {
		t.Errorf("connection not wrapped: %v", c)
	}
	if d, _ := pe.List("customDnsConfigs")[0].(map[string]any); d["fqdn"] == nil {
		t.Errorf("customDnsConfigs changed: %v", d)
	}
	if n, _ := pe.List("networkInterfaces")[0].(map[string]any); n["properties"] != nil {
		t.Errorf("reference wrapped: %v", n)
	}
	if pe.Ref("subnet") != azSub+"virtualNetworks/vnet-hub/subnets/snet-shared" {
		t.Errorf("subnet ref %q", pe.Ref("subnet"))
	}
}

// TestAzLimits: deep nesting is reported, not followed; more than
// MaxResources is an error.
func TestAzLimits(t *testing.T) {
	vn := `{"id": "` + azSub + `virtualNetworks/v", "type": "Microsoft.Network/virtualNetworks"}`
	deep := strings.Repeat("[", maxAzNesting+1) + vn + strings.Repeat("]", maxAzNesting+1)
	_, rep, err := azRead(t, deep)
	if !errors.Is(err, ErrNoNetwork) || len(rep.Entries) != 1 || rep.Entries[0].Kind != Skipped {
		t.Errorf("deep: err %v, entries %v", err, entryLines(rep))
	}
	ok := strings.Repeat("[", maxAzNesting) + vn + strings.Repeat("]", maxAzNesting)
	if res, _, err := azRead(t, ok); err != nil || len(res) != 1 {
		t.Errorf("nesting %d: %v %v", maxAzNesting, err, azSummary(res))
	}
	// Deeply nested children are left alone below maxAzDepth.
	child := `{"id": "c", "x": 1}`
	for range maxAzDepth + 5 {
		child = `{"id": "c", "x": [` + child + `]}`
	}
	if _, _, err := azRead(t, `[{"id": "`+azSub+`virtualNetworks/v", "subnets": [`+child+`]}]`); err != nil {
		t.Errorf("deep children: %v", err)
	}
	junk := "[" + strings.Repeat(`1,{},"x",`, 1000) + vn + "]"
	if res, rep, err := azRead(t, junk); err != nil || len(res) != 1 || len(rep.Entries) != maxAzEntries+1 || !strings.Contains(rep.Entries[len(rep.Entries)-1].Why, "2500 more") {
		t.Errorf("junk: err %v, %d resources, %d entries", err, len(res), len(rep.Entries))
	}
	var b strings.Builder
	b.WriteString("[")
	for i := range MaxResources + 1 {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"id": "%spublicIPAddresses/p%d"}`, azSub, i)
	}
	b.WriteString("]")
	if _, _, err := azRead(t, b.String()); err == nil || !strings.Contains(err.Error(), "more than") {
		t.Errorf("over MaxResources: err %v", err)
	}
}

// TestAzTypeFromID covers the id parser.
func TestAzTypeFromID(t *testing.T) {
	tests := []struct{ id, typ, name string }{
		{azSub + "virtualNetworks/v", "Microsoft.Network/virtualNetworks", "v"},
		{azSub + "virtualNetworks/v/subnets/s", "Microsoft.Network/virtualNetworks/subnets", "s"},
		{strings.ToLower(azSub) + "routetables/rt/routes/r/", "microsoft.network/routetables/routes", "r"},
		{azSub + "virtualNetworks/v/subnets", "", ""},
		{azSub + "virtualNetworks//subnets/s", "", ""},
		{"/subscriptions/s/resourceGroups/rg", "", ""},
		{"", "", ""},
		{"providers", "", ""},
		{"/providers/Microsoft.Network", "", ""},
		{"/providers//x/y", "", ""},
	}
	for _, tt := range tests {
		typ, name := azTypeFromID(tt.id)
		if typ != tt.typ || name != tt.name {
			t.Errorf("azTypeFromID(%q) = %q, %q; want %q, %q", tt.id, typ, name, tt.typ, tt.name)
		}
	}
}

// TestAzHubspokeFixture reads the az fixture of the hub-and-spoke design:
// every resource, in the REST shape, with nothing to report at this stage
// (the builder reports the storage account and the partner peering).
func TestAzHubspokeFixture(t *testing.T) {
	b, err := os.ReadFile("testdata/az-hubspoke.json")
	if err != nil {
		t.Fatal(err)
	}
	if f, err := Detect(azDecode(t, string(b))); err != nil || f != FormatAz {
		t.Fatalf("Detect: %v %v", f, err)
	}
	res, rep, err := azRead(t, string(b))
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Entries) != 0 {
		t.Errorf("entries: %v", entryLines(rep))
	}
	count := map[string]int{}
	for _, r := range res {
		count[r.Type]++
		if r.Props == nil || r.ID == "" || r.Name == "" {
			t.Errorf("incomplete resource %+v", r)
		}
	}
	want := map[string]int{
		"Microsoft.Network/virtualNetworks": 3, "Microsoft.Network/routeTables": 2, "Microsoft.Network/networkSecurityGroups": 2,
		"Microsoft.Network/publicIPAddresses": 3, "Microsoft.Network/virtualNetworkGateways": 2, "Microsoft.Network/localNetworkGateways": 1,
		"Microsoft.Network/connections": 2, "Microsoft.Network/expressRouteCircuits": 1, "Microsoft.Network/azureFirewalls": 1,
		"Microsoft.Network/networkInterfaces": 3, "Microsoft.Compute/virtualMachines": 3, "Microsoft.Storage/storageAccounts": 1,
	}
	if !reflect.DeepEqual(count, want) {
		t.Errorf("types %v\nwant %v", count, want)
	}
	if r := azFind(t, res, "erc-dc"); r.Where != "[7]" || r.SKU["family"] != "MeteredData" {
		t.Errorf("circuit (a show object among the lists) %s %v", r.Where, r.SKU)
	}
	hub := azFind(t, res, "vnet-hub")
	var peerings []string
	for _, p := range hub.List("virtualNetworkPeerings") {
		m, _ := p.(map[string]any)
		peerings = append(peerings, fmt.Sprint(m["name"], " ", Lookup(m, "properties.peeringState"), " ", RefID(Lookup(m, "properties.remoteVirtualNetwork"))))
	}
	if len(peerings) != 3 || !strings.Contains(peerings[2], "peer-hub-to-partner Initiated /subscriptions/00000000-0000-0000-0000-000000000999/") {
		t.Errorf("hub peerings %q", peerings)
	}
	for _, sn := range hub.List("subnets") {
		m, _ := sn.(map[string]any)
		if Lookup(m, "properties.addressPrefix") == nil && Lookup(m, "properties.addressPrefixes") == nil {
			t.Errorf("subnet %v not wrapped", m["name"])
		}
	}
	nic := azFind(t, res, "nic-app1")
	ipc, _ := nic.List("ipConfigurations")[0].(map[string]any)
	if Lookup(ipc, "properties.privateIPAddress") != "10.1.1.4" || nic.Ref("virtualMachine") == "" {
		t.Errorf("nic-app1 %v", nic.Props)
	}
	if vgw := azFind(t, res, "vgw-hub"); vgw.Str("sku.name") != "VpnGw1AZ" || vgw.Str("bgpSettings.bgpPeeringAddress") != "10.0.255.30" {
		t.Errorf("vgw-hub %v", vgw.Props)
	}
}

// FuzzImportAz: Import never panics on az-shaped input and finishes fast;
// the front end's resources always have a type, a name, an id and a place.
func FuzzImportAz(f *testing.F) {
	if b, err := os.ReadFile("testdata/az-hubspoke.json"); err == nil {
		f.Add(b)
	}
	f.Add([]byte(azVnetShow))
	f.Add([]byte(`{"value": [{"id": "` + azSub + `routeTables/rt", "properties": {"routes": [{"id": "x"}]}}]}`))
	f.Add([]byte(`[[{"id": "` + azSub + `virtualNetworks/v/subnets/s", "ipConfigurations": [{"id": "i", "x": {}}]}], "x", 1, null, [[]]]`))
	f.Add([]byte(`[{"type": "Microsoft.Network/routeTables", "name": "a/b/c"}, {"type": 1}, {"id": {}}]`))
	for _, name := range []string{"arg-graph-query.json", "arg-rest-table-page.json"} {
		if b, err := os.ReadFile(filepath.Join("testdata", name)); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"count": 1, "data": {"columns": [{"name": "id"}, 7], "rows": [["` + azSub + `virtualNetworks/v", {}], "x", [1, 2, 3]]}, "resultTruncated": true}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		done := make(chan string, 1)
		go func() { done <- azFuzzOne(data) }()
		select {
		case msg := <-done:
			if msg != "" {
				t.Fatal(msg)
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("Import took over 20s on %d bytes", len(data))
		}
	})
}

// azFuzzOne imports data and runs the az front end on it alone, returning
// what is wrong ("" when nothing is).
func azFuzzOne(data []byte) string {
	_, _ = Import(data, "fuzz")
	var v any
	if json.Unmarshal(data, &v) != nil {
		return ""
	}
	if format, err := Detect(v); err != nil || format != FormatAz {
		return ""
	}
	rep := Report{}
	res, _ := fromAz(v, &rep)
	for _, r := range res {
		if r.Type == "" || r.Name == "" || r.ID == "" || r.Where == "" || r.Props == nil {
			return fmt.Sprintf("incomplete resource %+v", r)
		}
	}
	return ""
}

// TestAzResourceListNetworkLeftOut: `az resource list -g RG` pasted beside
// `az network vnet list -g RG`. resource list prints every resource with
// `properties: null`: its route table and NSG entries say nothing of their
// routes and rules. Imported as they stand they were a route table without
// routes and an NSG without rules, which the subnet then used: a design
// that routes and filters otherwise than Azure. They must be left out and
// reported (so the subnet's references are reported as unresolved), while
// the VNet, listed bare and in full, imports from its full copy.
func TestAzResourceListNetworkLeftOut(t *testing.T) {
	bare := func(typ, name string) string {
		return `{"changedTime": "2026-11-02T10:01:12+00:00", "createdTime": "2026-11-02T09:50:01+00:00", "extendedLocation": null,
		  "id": "` + strings.ToUpper(azSub) + typ + `/` + name + `", "identity": null, "kind": null, "location": "westeurope", "managedBy": null,
		  "name": "` + name + `", "plan": null, "properties": null, "provisioningState": "Succeeded", "resourceGroup": "RG-NET", "sku": null, "tags": {},
		  "type": "Microsoft.Network/` + typ + `"}`
	}
	full := `{"id": "` + azSub + `virtualNetworks/vnet-hub", "name": "vnet-hub", "type": "Microsoft.Network/virtualNetworks", "location": "westeurope",
	  "resourceGroup": "rg-net", "addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}, "provisioningState": "Succeeded", "virtualNetworkPeerings": [],
	  "subnets": [{"id": "` + azSub + `virtualNetworks/vnet-hub/subnets/app", "name": "app", "addressPrefix": "10.0.1.0/24",
	    "routeTable": {"id": "` + azSub + `routeTables/rt-app", "resourceGroup": "rg-net"},
	    "networkSecurityGroup": {"id": "` + azSub + `networkSecurityGroups/nsg-app", "resourceGroup": "rg-net"}}]}`
	for _, doc := range []string{
		"[[" + bare("virtualNetworks", "vnet-hub") + "," + bare("routeTables", "rt-app") + "," + bare("networkSecurityGroups", "nsg-app") + "],[" + full + "]]",
		"[[" + full + "],[" + bare("networkSecurityGroups", "nsg-app") + "," + bare("routeTables", "rt-app") + "," + bare("virtualNetworks", "vnet-hub") + "]]",
	} {
		res, err := Import([]byte(doc), "resource-list")
		if err != nil {
			t.Fatal(err)
		}
		top := res.Document.Topology
		if len(top.RouteTables) != 0 || len(top.NSGs) != 0 {
			t.Errorf("az resource list entries imported as empty resources: route tables %+v, NSGs %+v", top.RouteTables, top.NSGs)
		}
		v := findVNet(t, res.Document, "vnet-hub")
		if len(v.AddressSpace.AddressPrefixes) != 1 || len(v.Subnets) != 1 || v.Subnets[0].RouteTable != "" || v.Subnets[0].NetworkSecurityGroup != "" {
			t.Errorf("vnet-hub %+v", v)
		}
		for _, name := range []string{"rt-app", "nsg-app"} {
			wantEntry(t, res.Report, Skipped, name, "az resource list", "no properties")
		}
		wantEntry(t, res.Report, Ignored, "routeTable", "rt-app", "not in the file")
		if hasEntry(res.Report, Skipped, "vnet-hub", "az resource list") {
			t.Errorf("vnet-hub's full copy is in the file:\n%s", res.Report.Text())
		}
	}
	// A type vnetplay does not model says so, as its full copy would (it
	// read "no properties", as if adding them would import it).
	res, err := Import([]byte("[["+full+"],["+bare("bastionHosts", "bas-hub")+"]]"), "bastion")
	if err != nil {
		t.Fatal(err)
	}
	wantEntry(t, res.Report, Skipped, "bas-hub", "Azure Bastion is not modelled")
	if hasEntry(res.Report, Skipped, "bas-hub", "no properties") {
		t.Errorf("bas-hub is reported as lacking properties:\n%s", res.Report.Text())
	}
	_, err = Import([]byte("["+bare("routeTables", "rt-app")+"]"), "only-resource-list")
	if !errors.Is(err, ErrNoNetwork) || !strings.Contains(err.Error(), "az resource list") {
		t.Errorf("a file of resource list entries only: err %v, want one naming az resource list", err)
	}
}

// TestAzPrivateEndpointMoreAddresses: `az network private-endpoint show`
// and `az network nic show` of an endpoint to a Cosmos DB account, which
// has one address per member (the account and its regional endpoint), in
// its NIC's IP configurations and its customDnsConfigs
// (testdata/az-pe-multi-address.json). The design models one address per
// endpoint: the first is imported, with its /32 route, and the report must
// name the other, which the import said nothing of ("everything in the
// file was imported").
func TestAzPrivateEndpointMoreAddresses(t *testing.T) {
	res := importTestdata(t, "az-pe-multi-address.json", "pe-multi")
	pes := res.Document.Topology.PrivateEndpoints
	if len(pes) != 1 || pes[0].PrivateIPAddress != "10.40.1.5" {
		t.Fatalf("private endpoints %+v", pes)
	}
	wantEntry(t, res.Report, Ignored, "pe-cosmos", "10.40.1.6", "no /32 route")
	// The same endpoint with one address throughout: nothing to report.
	b, err := os.ReadFile(filepath.Join("testdata", "az-pe-multi-address.json"))
	if err != nil {
		t.Fatal(err)
	}
	one, err := Import(bytes.ReplaceAll(b, []byte("10.40.1.6"), []byte("10.40.1.5")), "pe-one")
	if err != nil {
		t.Fatal(err)
	}
	if hasEntry(one.Report, Ignored, "pe-cosmos", "more private addresses") {
		t.Errorf("an endpoint with one address is reported as having more:\n%s", one.Report.Text())
	}
}
