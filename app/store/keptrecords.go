package store

import (
	"vnetplay/app/kinds"
	"vnetplay/engine/dns"
)

// KeptRecords are the record sets Azure keeps in private DNS zone r for
// private endpoints' zone groups, one line each ("stvnetplay: A 10.1.2.5 ·
// pe-blob", the endpoint last): the zone's own record sets do
// not list them, but names resolve to them (rule:private-endpoints.dns-chain).
// Nil for other kinds and for a zone without them.
func (s *Snapshot) KeptRecords(r Ref) []string {
	if r.Kind != kinds.PrivateDNSZone {
		return nil
	}
	zone := dns.ZoneName(r.ID)
	var out []string
	for _, rec := range dns.GroupRecords(&s.Doc.Topology) {
		if rec.Zone == zone {
			out = append(out, rec.Name+": A "+rec.IP+" · "+rec.Endpoint)
		}
	}
	return out
}
