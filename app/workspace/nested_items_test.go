package workspace

import (
	"testing"

	"vnetplay/app/kinds"
	"vnetplay/app/store"
	"vnetplay/engine/dns"
)

// TestListsInItemForms: the values of a list of one-value objects (a
// record set's A records, a forwarding rule's target servers) are typed in
// the element's form as a list; the new record set then answers.
func TestListsInItemForms(t *testing.T) {
	w, _ := open(t, "dns-does-not-flow-across-peering")
	zone := store.Ref{Kind: kinds.PrivateDNSZone, ID: "corp.contoso.com"}
	w.Do(ItemOpen{Ref: zone, List: "recordSets", Index: -1})
	w.Do(ItemField{Name: "name", Value: "db"})
	w.Do(ItemField{Name: "type", Value: "A"})
	w.Do(ItemField{Name: "aRecords", Value: "10.2.1.20, 10.2.1.21"})
	w.Do(ItemSave{})
	if f, open := w.Item(); open {
		t.Fatalf("the record set form stayed open: %+v", f)
	}
	z := w.Snap().Doc.Topology.PrivateDNSZones[0]
	if len(z.RecordSets) != 2 || z.RecordSets[1].Name != "db" || len(z.RecordSets[1].ARecords) != 2 || z.RecordSets[1].ARecords[1].IPv4Address != "10.2.1.21" {
		t.Fatalf("record sets after the form: %+v", z.RecordSets)
	}
	snap := w.Snap()
	if r := dns.Resolve(snap.Plane, &snap.Doc.Topology, "vm1/nic0", "db.corp.contoso.com"); r.Answer.Kind != dns.Address || len(r.Answer.Addresses) != 2 {
		t.Errorf("db.corp.contoso.com from vm1: %+v (%s)", r.Answer, r.Reason)
	}
	// The list shows as typed text in the Inspector's fields.
	for _, f := range store.Fields(&z) {
		if f.Name == "recordSets" {
			if got := f.Children[1].Children; !hasField(got, "aRecords", "10.2.1.20, 10.2.1.21") {
				t.Errorf("the record set's fields: %+v", got)
			}
		}
	}
}

// TestTargetServersWithPorts: a forwarding rule's target servers take
// "address" or "address:port"; a bad port is the field's error.
func TestTargetServersWithPorts(t *testing.T) {
	w, _ := open(t, "private-endpoint-dns-hub-resolver")
	rs := w.Snap().Doc.Topology.DNSForwardingRulesets[0]
	ref := store.Ref{Kind: kinds.DNSRuleset, ID: rs.ID}
	w.Do(ItemOpen{Ref: ref, List: "forwardingRules", Index: -1})
	w.Do(ItemField{Name: "name", Value: "corp-extra"})
	w.Do(ItemField{Name: "domainName", Value: "corp.example.com."})
	w.Do(ItemField{Name: "targetDnsServers", Value: "192.168.1.10:99999"})
	w.Do(ItemSave{})
	if f, open := w.Item(); !open || f.Errs["targetDnsServers"] == "" {
		t.Fatalf("a port out of range was accepted: %+v", f)
	}
	w.Do(ItemField{Name: "targetDnsServers", Value: "192.168.1.10, 192.168.1.11:5353"})
	w.Do(ItemSave{})
	if f, open := w.Item(); open {
		t.Fatalf("the rule form stayed open: %+v", f)
	}
	got := w.Snap().Doc.Topology.DNSForwardingRulesets[0]
	last := got.ForwardingRules[len(got.ForwardingRules)-1]
	if len(last.TargetDNSServers) != 2 || last.TargetDNSServers[1].Port != 5353 || last.TargetDNSServers[0].IPAddress != "192.168.1.10" {
		t.Errorf("the rule's targets: %+v", last.TargetDNSServers)
	}
}

func hasField(fs []store.Field, name, value string) bool {
	for _, f := range fs {
		if f.Name == name && f.Value == value {
			return true
		}
	}
	return false
}
