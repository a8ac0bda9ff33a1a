package scenario

import (
	"bytes"
	"testing"
)

// edgeDoc uses every Internet edge field, out of canonical order.
const edgeDoc = `{"format":"vnetplay/scenario","version":1,"topology":{
 "vnets":[{"id":"v","addressSpace":{"addressPrefixes":["10.0.0.0/16"]},"subnets":[
  {"name":"b","addressPrefix":"10.0.2.0/24","defaultOutboundAccess":false,"natGateway":"nat"},
  {"name":"a","addressPrefix":"10.0.1.0/24","defaultOutboundAccess":true}]}],
 "virtualMachines":[{"id":"vm","networkInterfaces":[{"name":"n","subnet":"v/a","privateIpAddress":"10.0.1.4","publicIPAddress":"pip2"}]}],
 "publicIPAddresses":[{"id":"pip2","ipAddress":"198.51.100.2"},{"id":"pip1","sku":{"name":"Basic"},"ipAddress":"198.51.100.1"},{"id":"pip3","sku":{},"ipAddress":"198.51.100.3"}],
 "natGateways":[{"id":"nat","publicIpAddresses":["pip3","pip1"]}],
 "loadBalancers":[{"id":"lb","frontendIPConfigurations":[{"name":"z","publicIPAddress":"pip1"},{"name":"y","publicIPAddress":"pip2"}],
  "backendAddressPools":[{"name":"p","backends":["vm/n","vm"]}],
  "loadBalancingRules":[{"name":"r2","frontendIPConfiguration":"z","backendAddressPool":"p","protocol":"All","frontendPort":1,"backendPort":2,"disableOutboundSnat":true},{"name":"r1","frontendIPConfiguration":"y","backendAddressPool":"p","protocol":"Tcp","frontendPort":3,"backendPort":4}],
  "inboundNatRules":[{"name":"n","frontendIPConfiguration":"y","protocol":"Udp","frontendPort":5,"backendPort":6,"backendIPConfiguration":"vm"}],
  "outboundRules":[{"name":"o","frontendIPConfigurations":["z","y"],"backendAddressPool":"p"},{"name":"e","frontendIPConfigurations":[],"backendAddressPool":"p","protocol":"All"}]}]}}`

// TestEdgeRoundTrip: the edge fields decode strictly, encode canonically
// (sorted lists, an empty sku left out, defaultOutboundAccess kept when
// false or true) and are a fixed point.
func TestEdgeRoundTrip(t *testing.T) {
	doc, _, err := Decode([]byte(edgeDoc), Strict)
	if err != nil {
		t.Fatal(err)
	}
	first, err := Encode(doc)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"defaultOutboundAccess": false`, `"defaultOutboundAccess": true`, `"publicIPAddress": "pip2"`,
		`"disableOutboundSnat": true`, `"backendIPConfiguration": "vm"`} {
		if !bytes.Contains(first, []byte(want)) {
			t.Errorf("canonical form has no %s:\n%s", want, first)
		}
	}
	if bytes.Contains(first, []byte(`"sku": {}`)) {
		t.Errorf("an empty sku is written:\n%s", first)
	}
	order := func(a, b string) {
		if i, j := bytes.Index(first, []byte(a)), bytes.Index(first, []byte(b)); i < 0 || j < 0 || i > j {
			t.Errorf("%s should come before %s:\n%s", a, b, first)
		}
	}
	order(`"id": "pip1"`, `"id": "pip2"`)
	order(`"name": "r1"`, `"name": "r2"`)
	order(`"name": "y"`, `"name": "z"`)
	order(`"name": "e"`, `"name": "o"`)
	doc2, _, err := Decode(first, Strict)
	if err != nil {
		t.Fatal(err)
	}
	if second, _ := Encode(doc2); !bytes.Equal(first, second) {
		t.Errorf("not a fixed point:\n%s\n---\n%s", first, second)
	}
	checkEdgeClone(t, doc)
}

func checkEdgeClone(t *testing.T, doc *Document) {
	c := Clone(doc)
	a, _ := Encode(doc)
	b, _ := Encode(c)
	if !bytes.Equal(a, b) {
		t.Error("Clone differs")
	}
}
