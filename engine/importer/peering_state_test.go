package importer

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"vnetplay/engine"
	"vnetplay/engine/model"
)

// A peering whose side in the file says peeringState Connected has both
// links: Azure sets Connected only when the remote link exists too
// (rule:peering.link-states). The remote side is taken as created, with
// Azure's default flags, and the report says they are assumed.

// TestImportConnectedPeeringsToVNetsOutsideTheFile imports `az network
// vnet list -g rg-hub` (testdata/az-hub-rg-only.json): vnet-hub's two
// peerings are Connected to VNets in other resource groups. Both peerings
// must be Connected, so the hub's subnet has VNetPeering routes to both
// spokes, and the report must say the remote sides' flags are assumed.
func TestImportConnectedPeeringsToVNetsOutsideTheFile(t *testing.T) {
	res := importTestdata(t, "az-hub-rg-only.json", "hub-rg-only")
	checkConnectedToPlaceholders(t, res, []string{"10.1.0.0/16", "10.2.0.0/16"}, "vnet-hub/default")
}

// TestImportARMConnectedPeeringToPartner: the same through the ARM front
// end, a template whose hub peering to a partner VNet in another
// subscription (an _externalid parameter) says Connected.
func TestImportARMConnectedPeeringToPartner(t *testing.T) {
	const tmpl = `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {
    "virtualNetworks_vnet_partner_externalid": {"defaultValue": "/subscriptions/00000000-0000-0000-0000-000000000999/resourceGroups/rg-partner/providers/Microsoft.Network/virtualNetworks/vnet-partner", "type": "String"}
  },
  "resources": [
    {"type": "Microsoft.Network/virtualNetworks", "apiVersion": "2023-09-01", "name": "vnet-hub", "location": "westeurope",
     "properties": {"addressSpace": {"addressPrefixes": ["10.0.0.0/16"]},
       "subnets": [{"name": "default", "properties": {"addressPrefix": "10.0.1.0/24"}}]}},
    {"type": "Microsoft.Network/virtualNetworks/virtualNetworkPeerings", "apiVersion": "2023-09-01", "name": "vnet-hub/peer-hub-to-partner",
     "dependsOn": ["[resourceId('Microsoft.Network/virtualNetworks', 'vnet-hub')]"],
     "properties": {"peeringState": "Connected", "remoteVirtualNetwork": {"id": "[parameters('virtualNetworks_vnet_partner_externalid')]"},
       "allowVirtualNetworkAccess": true, "allowForwardedTraffic": true, "allowGatewayTransit": false, "useRemoteGateways": false,
       "remoteAddressSpace": {"addressPrefixes": ["172.20.0.0/16"]}}}
  ]
}`
	res, err := Import([]byte(tmpl), "arm-partner")
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	if res.Report.Format != FormatARM {
		t.Fatalf("format %s", res.Report.Format)
	}
	checkConnectedToPlaceholders(t, res, []string{"172.20.0.0/16"}, "vnet-hub/default")
	if p := res.Document.Topology.Peerings; len(p) != 1 || !p[0].A.AllowForwardedTraffic && !p[0].B.AllowForwardedTraffic {
		t.Errorf("the hub side's allowForwardedTraffic true is lost: %+v", p)
	}
}

// checkConnectedToPlaceholders checks an import whose peerings all say
// Connected towards placeholder VNets with the address spaces remotes:
// every peering has both links, the remote link with Azure's default
// flags; no lint calls a peering Initiated; subnet has a VNetPeering route
// to every remote space; the report has one Assumed entry per peering
// that says the remote side's flags are unknown and which defaults were
// taken, and none that says "not yet created".
func checkConnectedToPlaceholders(t *testing.T, res *Result, remotes []string, subnet string) {
	t.Helper()
	doc, rep := res.Document, res.Report
	if len(doc.Topology.Peerings) != len(remotes) {
		t.Fatalf("%d peerings, want %d:\n%s", len(doc.Topology.Peerings), len(remotes), rep.Text())
	}
	placeholders := map[string]bool{}
	for _, e := range rep.Entries {
		if e.Kind == Placeholder {
			placeholders[e.ID] = true
		}
	}
	for _, p := range doc.Topology.Peerings {
		for _, l := range []model.PeeringLink{p.A, p.B} {
			if !l.Exists() {
				t.Errorf("peering %s: link of %s is %s, want it to exist (the other side says Connected)", p.ID, l.VNet, l.Lifecycle)
			}
			if placeholders[l.VNet] && (!l.VirtualNetworkAccess() || l.AllowForwardedTraffic || l.AllowGatewayTransit || l.UseRemoteGateways) {
				t.Errorf("peering %s: the placeholder %s's link has flags the file does not give: %+v", p.ID, l.VNet, l)
			}
		}
	}
	for _, d := range engine.Validate(doc) {
		if strings.HasPrefix(d.Code, "peering.") {
			t.Errorf("lint: %s", d.String())
		}
	}
	a := engine.Analyze(doc)
	table, ok := a.Plane.Routes(subnet)
	if !ok {
		t.Fatalf("no subnet %s in %v", subnet, a.Plane.Subnets())
	}
	var got []string
	for _, r := range table.Routes() {
		got = append(got, fmt.Sprintf("%s %s %s %s", r.Source, r.State, r.Prefix, r.NextHop))
	}
	for _, want := range remotes {
		if !slices.Contains(got, "Default Active "+want+" VNetPeering") {
			t.Errorf("%s has no active VNetPeering route to %s:\n  %s", subnet, want, strings.Join(got, "\n  "))
		}
	}
	n := 0
	for _, e := range rep.Entries {
		why := strings.ToLower(e.Why)
		if strings.Contains(why, "not yet created") {
			t.Errorf("entry says the peering is not yet created: %s %s: %s", e.Where, e.What, e.Why)
		}
		if e.Kind == Assumed && strings.HasPrefix(e.What, "peering side of ") && strings.Contains(why, "connected") &&
			strings.Contains(why, "unknown") && strings.Contains(why, "allowforwardedtraffic false") {
			n++
		}
	}
	if n != len(remotes) {
		t.Errorf("%d Assumed entries say the remote side's flags are unknown and defaults were taken, want %d:\n%s", n, len(remotes), rep.Text())
	}
}

// importTestdata imports testdata/file under name, failing the test on
// any error.
func importTestdata(t *testing.T, file, name string) *Result {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Import(b, name)
	if err != nil {
		t.Fatalf("Import %s: %v", file, err)
	}
	return res
}

// TestImportConnectedPeeringContradicted: `az network vnet list` of two
// VNets, the hub's link to the spoke Connected, the spoke's own output
// listing its peerings, none back to the hub. Both cannot hold at one
// moment: the outputs were taken at different times. The peering is taken
// as Connected as before, but the report says the two outputs disagree,
// where it said the spoke's link was "not in the file".
func TestImportConnectedPeeringContradicted(t *testing.T) {
	const s = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/"
	doc := `[
	 {"id": "` + s + `vnet-hub", "name": "vnet-hub", "type": "Microsoft.Network/virtualNetworks", "location": "westeurope", "resourceGroup": "rg",
	  "addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}, "subnets": [],
	  "virtualNetworkPeerings": [{"id": "` + s + `vnet-hub/virtualNetworkPeerings/hub-to-spoke", "name": "hub-to-spoke", "resourceGroup": "rg",
	    "allowVirtualNetworkAccess": true, "peeringState": "Connected", "peeringSyncLevel": "FullyInSync",
	    "remoteAddressSpace": {"addressPrefixes": ["10.1.0.0/16"]}, "remoteVirtualNetwork": {"id": "` + s + `vnet-spoke", "resourceGroup": "rg"}}]},
	 {"id": "` + s + `vnet-spoke", "name": "vnet-spoke", "type": "Microsoft.Network/virtualNetworks", "location": "westeurope", "resourceGroup": "rg",
	  "addressSpace": {"addressPrefixes": ["10.1.0.0/16"]}, "subnets": [], "virtualNetworkPeerings": []}]`
	res, err := Import([]byte(doc), "contradicted")
	if err != nil {
		t.Fatal(err)
	}
	if p := res.Document.Topology.Peerings; len(p) != 1 || p[0].B.Lifecycle != "" {
		t.Fatalf("peerings %+v", p)
	}
	wantEntry(t, res.Report, Assumed, "vnet-spoke", "disagree", "virtualNetworkPeerings")
	if hasEntry(res.Report, Assumed, "is not in the file") {
		t.Errorf("the spoke's output is in the file:\n%s", res.Report.Text())
	}
}

// TestImportDisconnectedSideKeepsPeeringDown: `az network vnet list` of
// two VNets whose peering lost one link: the hub's link says Disconnected
// (the spoke's link was deleted after they connected) and the spoke has a
// link again, which says Initiated. Azure carries no traffic until the
// hub's link is re-created (rule:peering.link-states). The peering must
// not be Connected, whichever VNet's id sorts first, the Disconnected link
// must show Disconnected, its flags and the other link's flags must stay
// as the file gives them, and the report must say why.
func TestImportDisconnectedSideKeepsPeeringDown(t *testing.T) {
	const s = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/"
	vnet := func(name, space, peer, remote, state, flags string) string {
		return `{"id": "` + s + name + `", "name": "` + name + `", "type": "Microsoft.Network/virtualNetworks", "location": "westeurope", "resourceGroup": "rg",
	  "addressSpace": {"addressPrefixes": ["` + space + `"]}, "subnets": [],
	  "virtualNetworkPeerings": [{"id": "` + s + name + `/virtualNetworkPeerings/` + peer + `", "name": "` + peer + `", "resourceGroup": "rg",
	    "allowVirtualNetworkAccess": true, ` + flags + `"peeringState": "` + state + `", "peeringSyncLevel": "FullyInSync",
	    "remoteVirtualNetwork": {"id": "` + s + remote + `", "resourceGroup": "rg"}}]}`
	}
	for _, tc := range []struct {
		name, hubState, spokeState string
		downVNet                   string // the VNet whose link says Disconnected
	}{
		{"hub link disconnected", "Disconnected", "Initiated", "vnet-hub"},
		{"spoke link disconnected", "Initiated", "Disconnected", "vnet-spoke"},
		{"disconnected beside connected", "Connected", "Disconnected", "vnet-spoke"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := "[" + vnet("vnet-hub", "10.0.0.0/16", "hub-to-spoke", "vnet-spoke", tc.hubState, `"allowGatewayTransit": true, `) + ",\n" +
				vnet("vnet-spoke", "10.1.0.0/16", "spoke-to-hub", "vnet-hub", tc.spokeState, `"allowForwardedTraffic": true, `) + "]"
			res, err := Import([]byte(doc), "disconnected")
			if err != nil {
				t.Fatal(err)
			}
			ps := res.Document.Topology.Peerings
			if len(ps) != 1 {
				t.Fatalf("peerings %+v", ps)
			}
			p := ps[0]
			if p.Connected() {
				t.Errorf("peering imported as Connected; Azure says %s on vnet-hub and %s on vnet-spoke: %+v", tc.hubState, tc.spokeState, p)
			}
			a, b := p.LinkStates()
			states := map[string]model.PeeringState{p.A.VNet: a, p.B.VNet: b}
			if states[tc.downVNet] != model.Disconnected {
				t.Errorf("%s's link is %s, want Disconnected (%+v)", tc.downVNet, states[tc.downVNet], p)
			}
			links := map[string]model.PeeringLink{p.A.VNet: p.A, p.B.VNet: p.B}
			if !links["vnet-hub"].AllowGatewayTransit || !links["vnet-spoke"].AllowForwardedTraffic {
				t.Errorf("a link's flags are lost: %+v", p)
			}
			wantEntry(t, res.Report, Assumed, tc.downVNet, "Disconnected", "re-created")
		})
	}
}

// TestImportVirtualWANHubConnection: `az network vnet list` of a VNet
// connected to a Virtual WAN hub. Azure makes the connection as a peering
// RemoteVnetToHubPeering_<guid> to a hidden VNet HV_<hub>_<guid> in a
// managed resource group, with useRemoteGateways true. Virtual WAN is not
// modelled: the import must say that this peering is the hub connection
// (naming the hub), keep the route to the hub's address space, and drop
// useRemoteGateways (reported), which the placeholder hub cannot honour
// and which made the imported design fail lint with
// peering.remote-has-no-gateway. A plain peering with the same flags to a
// VNet in another resource group is not taken for one.
func TestImportVirtualWANHubConnection(t *testing.T) {
	doc := func(peering, remote string) string {
		return `[{"id": "/subscriptions/s1/resourceGroups/rg-spoke/providers/Microsoft.Network/virtualNetworks/vnet-spoke", "name": "vnet-spoke", "type": "Microsoft.Network/virtualNetworks", "location": "westeurope", "resourceGroup": "rg-spoke",
	  "addressSpace": {"addressPrefixes": ["10.1.0.0/16"]}, "subnets": [{"id": "/subscriptions/s1/resourceGroups/rg-spoke/providers/Microsoft.Network/virtualNetworks/vnet-spoke/subnets/app", "name": "app", "addressPrefix": "10.1.1.0/24"}],
	  "virtualNetworkPeerings": [{"id": "/subscriptions/s1/resourceGroups/rg-spoke/providers/Microsoft.Network/virtualNetworks/vnet-spoke/virtualNetworkPeerings/` + peering + `", "name": "` + peering + `",
	    "allowVirtualNetworkAccess": true, "allowForwardedTraffic": false, "allowGatewayTransit": false, "useRemoteGateways": true, "peeringState": "Connected", "peeringSyncLevel": "FullyInSync",
	    "remoteAddressSpace": {"addressPrefixes": ["10.100.0.0/23"]}, "remoteVirtualNetwork": {"id": "` + remote + `"}}]}]`
	}
	const hidden = "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/RG_hub-weu_0a1b2c3d/providers/Microsoft.Network/virtualNetworks/HV_hub-weu_0a1b2c3d"
	res, err := Import([]byte(doc("RemoteVnetToHubPeering_0a1b2c3d-0000-0000-0000-000000000001", hidden)), "vwan")
	if err != nil {
		t.Fatal(err)
	}
	ps := res.Document.Topology.Peerings
	if len(ps) != 1 || !ps[0].Connected() {
		t.Fatalf("peerings %+v, want one Connected to the hub's space", ps)
	}
	spoke := ps[0].A
	if spoke.VNet != "vnet-spoke" {
		spoke = ps[0].B
	}
	if spoke.UseRemoteGateways {
		t.Errorf("the spoke's link keeps useRemoteGateways towards a hub the design lacks: %+v", ps[0])
	}
	wantEntry(t, res.Report, Ignored, "Virtual WAN", "hub-weu", "useRemoteGateways")
	if hasEntry(res.Report, Ignored, "remote-has-no-gateway") {
		t.Errorf("the imported design fails lint on the hub connection:\n%s", res.Report.Text())
	}
	// A plain peering to a hub in another resource group is not a hub
	// connection (its gateway is outside the file:
	// TestImportRemoteGatewayOutsideTheFile).
	res, err = Import([]byte(doc("spoke-to-hub", "/subscriptions/s1/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub")), "plain")
	if err != nil {
		t.Fatal(err)
	}
	if p := res.Document.Topology.Peerings; len(p) != 1 {
		t.Errorf("a plain peering: %+v", p)
	}
	if hasEntry(res.Report, Ignored, "Virtual WAN") {
		t.Errorf("a plain peering taken for a Virtual WAN connection:\n%s", res.Report.Text())
	}
}

// TestImportRemoteGatewayOutsideTheFile: `az network vnet list -g
// rg-spoke` of a spoke whose Connected link uses the hub's gateways; the
// hub is in another resource group. Azure refuses useRemoteGateways unless
// the hub has a gateway or Route Server, so the hub has one: the import
// must not turn that into a lint error (peering.remote-has-no-gateway,
// which made the engine leave the link's flag out with a message that the
// hub has no gateway); it drops the flag and reports that the hub's
// gateway, and its routes, are outside the file.
func TestImportRemoteGatewayOutsideTheFile(t *testing.T) {
	const doc = `[{"id": "/subscriptions/s1/resourceGroups/rg-spoke/providers/Microsoft.Network/virtualNetworks/vnet-spoke", "name": "vnet-spoke", "type": "Microsoft.Network/virtualNetworks", "location": "westeurope", "resourceGroup": "rg-spoke",
	  "addressSpace": {"addressPrefixes": ["10.1.0.0/16"]}, "subnets": [{"id": "/subscriptions/s1/resourceGroups/rg-spoke/providers/Microsoft.Network/virtualNetworks/vnet-spoke/subnets/app", "name": "app", "addressPrefix": "10.1.1.0/24"}],
	  "virtualNetworkPeerings": [{"id": "/subscriptions/s1/resourceGroups/rg-spoke/providers/Microsoft.Network/virtualNetworks/vnet-spoke/virtualNetworkPeerings/spoke-to-hub", "name": "spoke-to-hub",
	    "allowVirtualNetworkAccess": true, "allowForwardedTraffic": true, "useRemoteGateways": true, "peeringState": "Connected", "peeringSyncLevel": "FullyInSync",
	    "remoteAddressSpace": {"addressPrefixes": ["10.0.0.0/16"]}, "remoteVirtualNetwork": {"id": "/subscriptions/s1/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub"}}]}]`
	res, err := Import([]byte(doc), "spoke-only")
	if err != nil {
		t.Fatal(err)
	}
	ps := res.Document.Topology.Peerings
	if len(ps) != 1 || !ps[0].Connected() {
		t.Fatalf("peerings %+v", ps)
	}
	if ps[0].A.UseRemoteGateways || ps[0].B.UseRemoteGateways {
		t.Errorf("useRemoteGateways kept towards a placeholder without a gateway: %+v", ps[0])
	}
	if !ps[0].A.AllowForwardedTraffic && !ps[0].B.AllowForwardedTraffic {
		t.Errorf("the spoke link's other flags are lost: %+v", ps[0])
	}
	wantEntry(t, res.Report, Ignored, "useRemoteGateways", "vnet-hub", "not in the file")
	if hasEntry(res.Report, Ignored, "remote-has-no-gateway") {
		t.Errorf("the imported design fails lint for a gateway Azure has:\n%s", res.Report.Text())
	}
}
