package canvas

import (
	"reflect"
	"slices"
	"testing"

	"vnetplay/engine/scenario"
)

// TestSatellitesDrawnByIDAndCount changes, one at a time, every field of
// every route table and NSG of the built-in scenarios (every route's and
// rule's fields, the location, the propagation flag: all but the id and
// the lists' lengths) and checks that the design is drawn exactly as
// before: routeTableDrawn and nsgDrawn are all the scene reads of them,
// which lets an edit of one keep the scene it had (DrawnAlike).
func TestSatellitesDrawnByIDAndCount(t *testing.T) {
	tried := 0
	for name, doc := range builtins(t) {
		want := BuildScene(doc)
		for _, list := range []string{"RouteTables", "NSGs"} {
			items := reflect.ValueOf(&doc.Topology).Elem().FieldByName(list)
			for i := range items.Len() {
				for _, leaf := range leafPaths(items.Index(i), nil) {
					c := scenario.Clone(doc)
					v := follow(reflect.ValueOf(&c.Topology).Elem().FieldByName(list).Index(i), leaf)
					mutate(v)
					got := BuildScene(c)
					tried++
					if !reflect.DeepEqual(got.Nodes, want.Nodes) || !reflect.DeepEqual(got.Edges, want.Edges) {
						t.Errorf("%s: %s[%d] field %v changed the drawing", name, list, i, leaf)
					}
				}
			}
		}
	}
	if tried < 100 {
		t.Fatalf("only %d fields changed", tried)
	}
}

// leafPaths lists the paths (field and element indexes) to v's settable
// leaves (strings, booleans, numbers), but for a top-level ID field.
func leafPaths(v reflect.Value, at []int) [][]int {
	var out [][]int
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			if len(at) == 0 && v.Type().Field(i).Name == "ID" {
				continue
			}
			out = append(out, leafPaths(v.Field(i), append(slices.Clip(at), i))...)
		}
	case reflect.Slice:
		for j := range v.Len() {
			out = append(out, leafPaths(v.Index(j), append(slices.Clip(at), j))...)
		}
	case reflect.Pointer:
		if !v.IsNil() {
			out = append(out, leafPaths(v.Elem(), at)...)
		}
	case reflect.String, reflect.Bool, reflect.Int, reflect.Int32, reflect.Int64, reflect.Uint32, reflect.Float64:
		out = append(out, at)
	}
	return out
}

// follow is the value at path in v (see leafPaths).
func follow(v reflect.Value, path []int) reflect.Value {
	for _, i := range path {
		for v.Kind() == reflect.Pointer {
			v = v.Elem()
		}
		if v.Kind() == reflect.Slice {
			v = v.Index(i)
		} else {
			v = v.Field(i)
		}
	}
	for v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	return v
}

// mutate gives the leaf v another value.
func mutate(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(v.String() + "-changed")
	case reflect.Bool:
		v.SetBool(!v.Bool())
	case reflect.Int, reflect.Int32, reflect.Int64:
		v.SetInt(v.Int() + 1)
	case reflect.Uint32:
		v.SetUint(v.Uint() + 1)
	case reflect.Float64:
		v.SetFloat(v.Float() + 1)
	}
}

// TestVNetsDrawnWithoutLocation changes, one at a time, every field of
// every VNet of the built-in scenarios (its subnets' fields included) and
// checks that each change vnetDrawn does not see leaves the drawing as it
// was: the location, which an edit changes often (every peering of a hub
// then turns global).
func TestVNetsDrawnWithoutLocation(t *testing.T) {
	unseen := 0
	for name, doc := range builtins(t) {
		want := BuildScene(doc)
		for i := range doc.Topology.VNets {
			for _, leaf := range leafPaths(reflect.ValueOf(&doc.Topology.VNets[i]).Elem(), nil) {
				c := scenario.Clone(doc)
				mutate(follow(reflect.ValueOf(&c.Topology.VNets[i]).Elem(), leaf))
				if !reflect.DeepEqual(vnetDrawn(&c.Topology.VNets[i]), vnetDrawn(&doc.Topology.VNets[i])) {
					continue
				}
				unseen++
				got := BuildScene(c)
				if !reflect.DeepEqual(got.Nodes, want.Nodes) || !reflect.DeepEqual(got.Edges, want.Edges) {
					t.Errorf("%s: VNet %s field %v is drawn but vnetDrawn does not read it", name, doc.Topology.VNets[i].ID, leaf)
				}
			}
		}
	}
	if unseen < 20 {
		t.Fatalf("only %d changes unseen by vnetDrawn", unseen)
	}
}
