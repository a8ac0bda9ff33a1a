package model

import (
	"reflect"
	"testing"
)

// TestNameScope checks nameScope: a missing name at its own path, a
// repeated one (not the first) at the item's path, in the scope's codes
// and words; ids with verbs stay as they are.
func TestNameScope(t *testing.T) {
	v := &validator{}
	s := v.newNameScope(nameRule{missingCode: "x.name", missing: "a thing of %v needs a name", dupCode: "x.duplicate", what: "thing name", in: " in box %s"})
	for _, it := range []struct{ name, path, missingPath string }{
		{"a", "p[a]", "p"},
		{"", "p[]", "p"},
		{"a", "p[a]", "p"},
		{"b", "p[b]", "p"},
		{"", "p[]", "p[1]"},
		{"a", "p[a]", "p"},
	} {
		s.check(it.name, it.path, it.missingPath)
	}
	want := []Diagnostic{
		{Code: "x.name", Severity: Error, Path: "p", Msg: "a thing of %v needs a name"},
		{Code: "x.duplicate", Severity: Error, Path: "p[a]", Msg: `duplicate thing name "a" in box %s`},
		{Code: "x.name", Severity: Error, Path: "p[1]", Msg: "a thing of %v needs a name"},
		{Code: "x.duplicate", Severity: Error, Path: "p[a]", Msg: `duplicate thing name "a" in box %s`},
	}
	if !reflect.DeepEqual(v.out, want) {
		t.Errorf("got\n%v\nwant\n%v", v.out, want)
	}
	if got := indexPath("privateEndpoints", 3, ""); got != "privateEndpoints[3]" {
		t.Errorf("indexPath of an empty id: %s", got)
	}
	if got := indexPath("privateEndpoints", 3, "pe"); got != "privateEndpoints[pe]" {
		t.Errorf("indexPath of an id: %s", got)
	}
}
