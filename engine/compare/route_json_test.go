package compare

import (
	"encoding/json"
	"reflect"
	"testing"
)

// TestRouteJSONRoundTrip: a route written as JSON and read back is the
// route, its parsed prefix included (Compare pairs rows by it), whether it
// came from Parse (Azure's side).
func TestRouteJSONRoundTrip(t *testing.T) {
	routes, err := Parse([]byte(`{"value":[{"source":"User","state":"Active","addressPrefix":["10.1.0.0/16","0.0.0.0/0"],"nextHopType":"VirtualAppliance","nextHopIpAddress":["10.0.1.4"],"name":"r1"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(routes)
	if err != nil {
		t.Fatal(err)
	}
	var back []Route
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, routes) {
		t.Fatalf("read back %+v, want %+v", back, routes)
	}
	if !back[0].prefix.IsValid() {
		t.Fatal("the prefix was not parsed")
	}
	var bad Route
	if err := json.Unmarshal([]byte(`{"source": 3}`), &bad); err == nil {
		t.Fatal("a malformed route was read")
	}
}
