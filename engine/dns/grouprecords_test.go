package dns

import (
	"reflect"
	"testing"

	"vnetplay/engine/model"
)

// TestGroupRecordsAreWhatResolves: the records a zone group keeps are
// named as resolution finds them (by the zone's ARM id or its name, in
// any case), and an endpoint without a private address, a public name or
// a zone group keeps none.
func TestGroupRecordsAreWhatResolves(t *testing.T) {
	group := func(zones ...string) *model.PrivateDnsZoneGroup {
		g := &model.PrivateDnsZoneGroup{}
		for _, z := range zones {
			g.PrivateDnsZoneConfigs = append(g.PrivateDnsZoneConfigs, model.PrivateDnsZoneConfig{Name: "c", PrivateDnsZoneID: z})
		}
		return g
	}
	top := &model.Topology{PrivateEndpoints: []model.PrivateEndpoint{
		{ID: "pe-b", PrivateIPAddress: "10.0.0.5", Fqdn: "Acct.blob.core.windows.net", PrivateDnsZoneGroup: group("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/PrivateLink.Blob.Core.Windows.Net")},
		{ID: "pe-a", PrivateIPAddress: "10.0.0.4", Fqdn: "sql1.database.windows.net.", PrivateDnsZoneGroup: group("privatelink.database.windows.net", "database.windows.net")},
		{ID: "pe-no-ip", Fqdn: "x.blob.core.windows.net", PrivateDnsZoneGroup: group("privatelink.blob.core.windows.net")},
		{ID: "pe-no-name", PrivateIPAddress: "10.0.0.6", PrivateDnsZoneGroup: group("privatelink.blob.core.windows.net")},
		{ID: "pe-no-group", PrivateIPAddress: "10.0.0.7", Fqdn: "y.blob.core.windows.net"},
	}}
	want := []GroupRecord{
		{Zone: "privatelink.database.windows.net", Name: "sql1", IP: "10.0.0.4", Endpoint: "pe-a"},
		{Zone: "database.windows.net", Name: "sql1.privatelink", IP: "10.0.0.4", Endpoint: "pe-a"},
		{Zone: "privatelink.blob.core.windows.net", Name: "acct", IP: "10.0.0.5", Endpoint: "pe-b"},
	}
	if got := GroupRecords(top); !reflect.DeepEqual(got, want) {
		t.Errorf("GroupRecords:\n got %+v\nwant %+v", got, want)
	}
	// What the resolver's index holds is the same.
	ix := &index{peRecords: map[string]map[string][]peRecord{}, byFqdn: map[string][]*model.PrivateEndpoint{}, byPLName: map[string][]*model.PrivateEndpoint{}}
	ix.indexEndpoints(top)
	n := 0
	for _, names := range ix.peRecords {
		for _, recs := range names {
			n += len(recs)
		}
	}
	if n != len(want) {
		t.Errorf("the resolver's index holds %d zone-group records, want %d", n, len(want))
	}
	for _, r := range want {
		if recs := ix.peRecords[r.Zone][r.Name]; len(recs) != 1 || recs[0].ip != r.IP || recs[0].pe.ID != r.Endpoint {
			t.Errorf("the resolver's index has %+v for %s in %s", recs, r.Name, r.Zone)
		}
	}
	if got := ZoneName("/x/privateDnsZones/PrivateLink.Blob.Core.Windows.Net."); got != "privatelink.blob.core.windows.net" {
		t.Errorf("ZoneName gives %q", got)
	}
}
