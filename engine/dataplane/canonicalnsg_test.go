package dataplane

import (
	"reflect"
	"testing"

	"vnetplay/engine/model"
)

// TestCanonicalNSG: an NSG written with empty lists and one that leaves
// them out are kept equal (reflect.DeepEqual, as ChangedLinks compares
// them), and the document's own lists are left as they were.
func TestCanonicalNSG(t *testing.T) {
	written := model.NSG{ID: "n", SecurityRules: []model.SecurityRule{
		{Name: "a", Priority: 100, SourceAddressPrefixes: []string{}, DestinationPortRanges: []string{}},
		{Name: "b", Priority: 110, SourceAddressPrefixes: []string{"10.0.0.0/8"}},
	}}
	omitted := model.NSG{ID: "n", SecurityRules: []model.SecurityRule{
		{Name: "a", Priority: 100},
		{Name: "b", Priority: 110, SourceAddressPrefixes: []string{"10.0.0.0/8"}},
	}}
	if got, want := canonicalNSG(written), canonicalNSG(omitted); !reflect.DeepEqual(got, want) {
		t.Errorf("canonical forms differ:\n%+v\n%+v", got, want)
	}
	if written.SecurityRules[0].SourceAddressPrefixes == nil || written.SecurityRules[0].DestinationPortRanges == nil {
		t.Error("canonicalNSG changed the document's rule list")
	}
	if got := canonicalNSG(model.NSG{ID: "e", SecurityRules: []model.SecurityRule{}}); got.SecurityRules != nil {
		t.Errorf("an empty rule list is kept as %#v, want nil", got.SecurityRules)
	}
	if got := canonicalNSG(omitted); &got.SecurityRules[0] != &omitted.SecurityRules[0] {
		t.Error("an NSG with nothing to change is copied")
	}
}
