package store

import (
	"fmt"
	"reflect"
	"testing"

	"vnetplay/app/kinds"
	"vnetplay/scenarios"
)

func TestRefForPath(t *testing.T) {
	tests := []struct {
		path string
		want Ref
		ok   bool
	}{
		{"vnets[hub]", Ref{Kind: kinds.VNet, ID: "hub"}, true},
		{"vnets[hub].addressSpace.addressPrefixes[1]", Ref{Kind: kinds.VNet, ID: "hub"}, true},
		{"vnets[hub].subnets[app].addressPrefix", Ref{Kind: kinds.Subnet, ID: "hub/app"}, true},
		{"peerings[hub-spoke]", Ref{Kind: kinds.Peering, ID: "hub-spoke"}, true},
		{"routeTables[rt].routes[r1]", Ref{Kind: kinds.RouteTable, ID: "rt"}, true},
		{"networkSecurityGroups[nsg].securityRules[0]", Ref{Kind: kinds.NSG, ID: "nsg"}, true},
		{"virtualMachines[fw].networkInterfaces[nic0]", Ref{Kind: kinds.VM, ID: "fw"}, true},
		{"loadBalancers[ilb]", Ref{Kind: kinds.LoadBalancer, ID: "ilb"}, true},
		{"topology", Ref{}, false},
		{"gizmos[x]", Ref{}, false},
		{"vnets[]", Ref{}, false},
	}
	for _, tt := range tests {
		got, ok := RefForPath(tt.path)
		if ok != tt.ok || got != tt.want {
			t.Errorf("RefForPath(%q) = %v, %v; want %v, %v", tt.path, got, ok, tt.want, tt.ok)
		}
		if ok && kinds.Path(tt.want) == "" {
			t.Errorf("%v has no path", tt.want)
		}
	}
}

// Every resource on every built-in scenario's canvas round-trips between
// its selection key and its Ref, and has fields to inspect.
func TestSelectionKeysRoundTrip(t *testing.T) {
	for _, sc := range scenarios.All() {
		s, _, err := OpenJSON(sc.JSON)
		if err != nil {
			t.Fatal(err)
		}
		snap := s.Current()
		for _, n := range snap.Scene.Nodes {
			if n.Kind == kinds.Internet {
				continue
			}
			r, ok := snap.RefForKey(n.Key)
			if !ok {
				t.Errorf("%s: no ref for %s", sc.Name, n.Key)
				continue
			}
			if fs, err := snap.Fields(r); err != nil || len(fs) == 0 {
				t.Errorf("%s: %v has no fields (%v)", sc.Name, r, err)
			}
			back := snap.SelectionKey(r)
			if br, _ := snap.RefForKey(back); br != r {
				t.Errorf("%s: %s -> %v -> %s -> %v", sc.Name, n.Key, r, back, br)
			}
		}
		for _, p := range snap.Doc.Topology.Peerings {
			r := Ref{Kind: kinds.Peering, ID: p.ID}
			if got, ok := snap.RefForKey(snap.SelectionKey(r)); !ok || got != r {
				t.Errorf("%s: peering %s does not round-trip", sc.Name, p.ID)
			}
		}
	}
}

// TestEveryEndpointIsOnTheCanvas: every row and column of the reachability
// matrix (NICs, on-prem hosts, P2S clients, the Internet) has a node on the
// canvas, so every packet walk can be drawn.
func TestEveryEndpointIsOnTheCanvas(t *testing.T) {
	for _, sc := range scenarios.All() {
		s, _, err := OpenJSON(sc.JSON)
		if err != nil {
			t.Fatal(err)
		}
		snap := s.Current()
		m := snap.Matrix(DefaultFlow)
		for _, id := range append(append([]string(nil), m.Rows...), m.Cols...) {
			if _, ok := snap.Scene.NICNode(id); !ok {
				t.Errorf("%s: endpoint %s has no node on the canvas", sc.Name, id)
			}
		}
	}
}

// TestInspectorShowsEveryProperty: for every resource of every built-in
// scenario, the fields listed are exactly the struct's JSON properties, at
// every depth: no property kind is silently left out of the Inspector
// (but an ExpressRoute gateway's unset VPN-only ones).
func TestInspectorShowsEveryProperty(t *testing.T) {
	var check func(t *testing.T, where string, v reflect.Value, fs []Field)
	check = func(t *testing.T, where string, v reflect.Value, fs []Field) {
		for v.Kind() == reflect.Pointer {
			if v.IsNil() {
				v = reflect.New(v.Type().Elem())
			}
			v = v.Elem()
		}
		var names []string
		for i := range v.NumField() {
			if n := jsonName(v.Type().Field(i)); n != "" && v.Type().Field(i).IsExported() && applies(v, n, v.Field(i)) {
				names = append(names, n) // (TestERGatewayHidesUnsetVPNProperties checks what applies leaves out)
			}
		}
		if len(names) != len(fs) {
			var got []string
			for _, f := range fs {
				got = append(got, f.Name)
			}
			t.Errorf("%s: properties %v, the Inspector lists %v", where, names, got)
			return
		}
		for _, f := range fs {
			fv, _ := fieldByJSON(v, f.Name)
			switch f.Kind {
			case Group:
				check(t, where+"."+f.Name, fv, f.Children)
			case Items:
				for i, item := range f.Children {
					check(t, fmt.Sprintf("%s.%s[%d]", where, f.Name, i), fv.Index(i), item.Children)
				}
			}
		}
	}
	for _, sc := range scenarios.All() {
		s, _, err := OpenJSON(sc.JSON)
		if err != nil {
			t.Fatal(err)
		}
		snap := s.Current()
		refs := map[Ref]bool{}
		for _, n := range snap.Scene.Nodes {
			if n.Kind != kinds.Internet {
				refs[RefOf(n)] = true
			}
		}
		for _, e := range snap.Scene.Edges {
			if r, ok := snap.RefForKey("edge:" + e.Key); ok {
				refs[r] = true
			}
		}
		for r := range refs {
			v, err := locate(&snap.Doc.Topology, r)
			if err != nil {
				t.Errorf("%s: %v", sc.Name, err)
				continue
			}
			fs, _ := snap.Fields(r)
			check(t, sc.Name+" "+r.String(), reflect.ValueOf(v), fs)
		}
	}
}
