package scenario_test

import (
	"bytes"
	"strings"
	"testing"

	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
)

// namesDoc has resolve expectations and a reach to a DNS name.
const namesDoc = `{"format": "vnetplay/scenario", "version": 1, "topology": {
 "vnets": [{"id": "v", "addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}, "subnets": [{"name": "s", "addressPrefix": "10.0.1.0/24"}]}],
 "virtualMachines": [
  {"id": "vm1", "networkInterfaces": [{"name": "n", "subnet": "v/s", "privateIpAddress": "10.0.1.4"}]},
  {"id": "vm2", "networkInterfaces": [{"name": "n", "subnet": "v/s", "privateIpAddress": "10.0.1.5"}]}],
 "privateDnsZones": [{"id": "corp.example.com", "virtualNetworkLinks": [{"name": "v", "virtualNetwork": "v", "registrationEnabled": true}]}]},
 "expect": [
  {"id": "a", "kind": "resolve", "from": "vm1", "name": "vm2", "answer": "10.0.1.5"},
  {"id": "b", "kind": "resolve", "from": "vm2/n", "name": "vm2.corp.example.com", "answer": "private"},
  {"id": "c", "kind": "resolve", "from": "vm1", "name": "vm2.internal.cloudapp.net.", "answer": "10.0.1.5"},
  {"id": "d", "kind": "resolve", "from": "vm1", "name": "vm2.example.org", "answer": "public"},
  {"id": "e", "kind": "reach", "from": "vm1", "to": "vm2.corp.example.com", "reachable": true},
  {"id": "f", "kind": "resolve", "from": "vm1", "name": "app.vm2.corp.example.com", "answer": "NXDOMAIN"}]}`

// TestRenameResolveExpectations: a resolve expectation's from is an
// endpoint; the names it resolves follow a renamed VM (its Azure-provided
// and autoregistered name) and a renamed private zone; other names stay.
func TestRenameResolveExpectations(t *testing.T) {
	orig := encode(t, decode(t, []byte(namesDoc)))
	doc := decode(t, orig)
	if err := scenario.Rename(doc, model.KindVM, "vm2", "web2"); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range doc.Expect {
		got = append(got, e.From+" "+e.Name+e.To)
	}
	want := "vm1 web2|web2/n web2.corp.example.com|vm1 web2.internal.cloudapp.net.|vm1 vm2.example.org|vm1 web2.corp.example.com|vm1 app.vm2.corp.example.com"
	if g := strings.Join(got, "|"); g != want {
		t.Errorf("after renaming vm2:\n got %s\nwant %s", g, want)
	}
	if err := scenario.Rename(doc, model.KindVM, "web2", "vm2"); err != nil {
		t.Fatal(err)
	}
	if after := encode(t, doc); !bytes.Equal(after, orig) {
		t.Errorf("renaming back changed the design:\n%s", after)
	}
	if err := scenario.Rename(doc, model.KindPrivateDNSZone, "corp.example.com", "corp.example.net"); err != nil {
		t.Fatal(err)
	}
	got = got[:0]
	for _, e := range doc.Expect {
		got = append(got, e.Name+e.To)
	}
	want = "vm2|vm2.corp.example.net|vm2.internal.cloudapp.net.|vm2.example.org|vm2.corp.example.net|app.vm2.corp.example.net"
	if g := strings.Join(got, "|"); g != want {
		t.Errorf("after renaming the zone:\n got %s\nwant %s", g, want)
	}
}
