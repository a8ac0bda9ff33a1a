package dns

import (
	"strings"

	"vnetplay/engine/model"
)

// GroupRecord is an A record that a private endpoint's DNS zone group
// keeps in a private DNS zone (rule:private-endpoints.dns-chain): Azure
// writes it with the endpoint and removes it with it, and the zone's own
// record sets in the design do not list it.
type GroupRecord struct {
	Zone     string // the zone's name, as ZoneName gives it
	Name     string // the record's name, relative to the zone
	IP       string // the endpoint's private IP address
	Endpoint string // the private endpoint's id
}

// GroupRecords lists the records the design's private endpoints' zone
// groups keep, in the order of the endpoints and of their zone configs.
// They are the records name resolution answers from.
func GroupRecords(t *model.Topology) []GroupRecord {
	var out []GroupRecord
	for _, pe := range sortedPtrs(t.PrivateEndpoints, func(p *model.PrivateEndpoint) string { return p.ID }) {
		out = append(out, groupRecordsOf(pe)...)
	}
	return out
}

// ZoneName is a private DNS zone's id (or the last segment of an ARM id)
// as zone groups' references are compared with it: lower case, without a
// final dot.
func ZoneName(id string) string { return zoneRef(id) }

// groupRecordsOf are the records pe's zone group keeps: none without a
// zone group, a private address or a private-link name. The record's name
// is the endpoint's name under the zone ("acct" in
// privatelink.blob.core.windows.net, or the whole relative name when the
// zone is a parent of the privatelink name).
func groupRecordsOf(pe *model.PrivateEndpoint) []GroupRecord {
	fqdn := pe.PublicName()
	pl := model.PrivateLinkName(fqdn)
	if pl == "" || pe.PrivateDnsZoneGroup == nil || pe.PrivateIPAddress == "" {
		return nil
	}
	var out []GroupRecord
	for _, c := range pe.PrivateDnsZoneGroup.PrivateDnsZoneConfigs {
		zone := zoneRef(c.PrivateDnsZoneID)
		if zone == "" {
			continue
		}
		rel := firstLabel(fqdn)
		if under(pl, zone) && pl != zone {
			rel = strings.TrimSuffix(pl, "."+zone)
		}
		out = append(out, GroupRecord{Zone: zone, Name: rel, IP: pe.PrivateIPAddress, Endpoint: pe.ID})
	}
	return out
}
