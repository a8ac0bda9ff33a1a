package store_test

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"vnetplay/app/canvas"
	"vnetplay/app/store"
	"vnetplay/scenarios"
)

// maxOpenInput caps FuzzOpenJSON's inputs: larger ones only repeat what
// smaller ones exercise, at a higher cost per exec.
const maxOpenInput = 16 << 10

// openSeeds are small scenario files (the built-in ones are used by
// TestOpenJSONBuiltins instead: their size makes slow seeds).
var openSeeds = []string{
	`{"format":"vnetplay/scenario","version":1,"topology":{}}`,
	`{"format":"vnetplay/scenario","version":1,"name":"x","topology":{"vnets":[{"id":"a","addressSpace":{"addressPrefixes":["10.0.0.0/16"]},"subnets":[{"name":"s","addressPrefix":"10.0.1.0/24","routeTable":"rt"}]},{"id":"b","addressSpace":{"addressPrefixes":["10.1.0.0/16"]}}],"peerings":[{"id":"a-b","a":{"vnet":"a"},"b":{"vnet":"b","lifecycle":"NotCreated"}}],"routeTables":[{"id":"rt"}],"networkSecurityGroups":[{"id":"g"}],"virtualMachines":[{"id":"vm","networkInterfaces":[{"name":"n","subnet":"a/s","privateIpAddress":"10.0.1.4","networkSecurityGroup":"g"}]}]},"layout":{"nodes":{"a":{"x":100,"y":40},"rt":{"x":-20,"y":600}}}}`,
	`{"format":"vnetplay/scenario","version":1,"topology":{"vnets":[{"id":"hub","addressSpace":{"addressPrefixes":["10.0.0.0/16"]},"subnets":[{"name":"GatewaySubnet","addressPrefix":"10.0.255.0/27"},{"name":"RouteServerSubnet","addressPrefix":"10.0.254.0/26"}]}],"virtualNetworkGateways":[{"id":"vpn","vnet":"hub","gatewayType":"Vpn","sku":"VpnGw1AZ","vpnClientConfiguration":{"vpnClientAddressPool":{"addressPrefixes":["172.16.0.0/24"]},"clients":[{"id":"c","ipAddress":"172.16.0.2"}]}},{"id":"er","vnet":"hub","gatewayType":"ExpressRoute","sku":"ErGw1AZ"}],"sites":[{"id":"dc","addressPrefixes":["192.168.0.0/24"],"asn":65020,"hosts":[{"id":"h","ipAddress":"192.168.0.10"}]}],"localNetworkGateways":[{"id":"l","site":"dc","localNetworkAddressSpace":{"addressPrefixes":["192.168.0.0/24"]}}],"connections":[{"id":"s2s","connectionType":"IPsec","virtualNetworkGateway1":"vpn","localNetworkGateway2":"l"},{"id":"erc","connectionType":"ExpressRoute","virtualNetworkGateway1":"er","peer":"ckt"}],"expressRouteCircuits":[{"id":"ckt","site":"dc","peerASN":65020,"globalReach":["ckt"]}],"routeServers":[{"id":"rs","vnet":"hub"}]}}`,
	`{"format":"vnetplay/scenario","version":1,"topology":{"vnets":[{"id":"a","addressSpace":{"addressPrefixes":["10.0.0.0/16"]},"subnets":[{"name":"s","addressPrefix":"10.0.0.0/24"}]},{"id":"a","addressSpace":{"addressPrefixes":["10.0.0.0/16"]},"subnets":[{"name":"s","addressPrefix":"10.0.0.0/24"}]}],"unknown":1},"extra":true}`,
}

// checkScene checks what the canvas can rely on in a scene built from n
// input bytes: unique node and edge keys, an index that finds each node,
// parents drawn before their children and containing them, edges between
// two distinct drawn nodes, finite coordinates and positive sizes, bounds
// holding every node, and a size linear in the input.
func checkScene(sc *canvas.Scene, n int) error {
	if len(sc.Nodes)+len(sc.Edges) > 16+n {
		return fmt.Errorf("%d nodes and %d edges from %d bytes", len(sc.Nodes), len(sc.Edges), n)
	}
	finite := func(vs ...float64) bool {
		for _, v := range vs {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return false
			}
		}
		return true
	}
	seen := map[string]int{}
	for i, nd := range sc.Nodes {
		if _, dup := seen[nd.Key]; dup {
			return fmt.Errorf("node key %q twice", nd.Key)
		}
		seen[nd.Key] = i
		if got, ok := sc.Node(nd.Key); !ok || !reflect.DeepEqual(got, nd) {
			return fmt.Errorf("Node(%q) does not find it", nd.Key)
		}
		b := nd.Box
		if !finite(b.X, b.Y, b.W, b.H) || b.W <= 0 || b.H <= 0 {
			return fmt.Errorf("node %q has box %+v", nd.Key, b)
		}
		if nd.Parent != "" {
			j, ok := seen[nd.Parent]
			if !ok {
				return fmt.Errorf("node %q: parent %q not drawn before it", nd.Key, nd.Parent)
			}
			p := sc.Nodes[j].Box
			if b.X < p.X || b.Y < p.Y || b.X+b.W > p.X+p.W || b.Y+b.H > p.Y+p.H {
				return fmt.Errorf("node %q %+v outside its parent %q %+v", nd.Key, b, nd.Parent, p)
			}
		}
		u := sc.Bounds
		if b.X < u.X || b.Y < u.Y || b.X+b.W > u.X+u.W || b.Y+b.H > u.Y+u.H {
			return fmt.Errorf("node %q %+v outside the bounds %+v", nd.Key, b, u)
		}
	}
	edges := map[string]bool{}
	for _, e := range sc.Edges {
		if edges[e.Key] {
			return fmt.Errorf("edge key %q twice", e.Key)
		}
		edges[e.Key] = true
		_, okF := seen[e.From]
		_, okT := seen[e.To]
		if !okF || !okT || e.From == e.To {
			return fmt.Errorf("edge %q joins %q and %q", e.Key, e.From, e.To)
		}
		if !finite(e.A.X, e.A.Y, e.B.X, e.B.Y) {
			return fmt.Errorf("edge %q ends at %+v, %+v", e.Key, e.A, e.B)
		}
	}
	return nil
}

// clear reports a message a person can read: not empty, no fmt artefacts
// ("%!d(string=…)", "%!(EXTRA …)") and no Go zero values shown as text.
func clear(msg string) bool {
	return strings.TrimSpace(msg) != "" && !strings.Contains(msg, "%!") && !strings.Contains(msg, "<nil>")
}

// checkOpen opens b twice and checks FuzzOpenJSON's properties; it returns
// the session when b opens.
func checkOpen(t *testing.T, b []byte) *store.Session {
	s1, w1, err1 := store.OpenJSON(b)
	s2, w2, err2 := store.OpenJSON(b)
	if (err1 == nil) != (err2 == nil) || err1 != nil && err1.Error() != err2.Error() {
		t.Fatalf("the same bytes open differently: %v / %v", err1, err2)
	}
	if err1 != nil {
		if s1 != nil {
			t.Fatal("a session with an error")
		}
		if !clear(err1.Error()) {
			t.Fatalf("unclear error %q", err1.Error())
		}
		return nil
	}
	if !reflect.DeepEqual(w1, w2) {
		t.Fatalf("the same bytes give different warnings:\n%v\n%v", w1, w2)
	}
	a, b2 := s1.Current(), s2.Current()
	if !reflect.DeepEqual(a.Scene, b2.Scene) {
		t.Fatal("the same bytes give different scenes")
	}
	if !reflect.DeepEqual(a.Diagnostics, b2.Diagnostics) {
		t.Fatal("the same bytes give different diagnostics")
	}
	for _, d := range append(w1, a.Diagnostics...) {
		if d.Code == "" || !clear(d.Msg) {
			t.Fatalf("unclear diagnostic %+v", d)
		}
	}
	if err := checkScene(a.Scene, len(b)); err != nil {
		t.Fatal(err)
	}
	enc1, err := s1.Encode()
	if err != nil {
		t.Fatalf("an opened design does not encode: %v", err)
	}
	if enc2, _ := s2.Encode(); string(enc1) != string(enc2) {
		t.Fatal("the same bytes encode differently")
	}
	// Reopening what was saved shows the same design, drawn the same way.
	s3, _, err := store.OpenJSON(enc1)
	if err != nil {
		t.Fatalf("the canonical encoding of an opened design does not reopen: %v", err)
	}
	if enc3, _ := s3.Encode(); string(enc3) != string(enc1) {
		t.Fatalf("encoding is not canonical: reopening changes it\n%s\n%s", enc1, enc3)
	}
	if !reflect.DeepEqual(s3.Current().Scene, a.Scene) {
		t.Fatal("reopening the saved design draws it differently")
	}
	if !reflect.DeepEqual(s3.Current().Diagnostics, a.Diagnostics) {
		t.Fatalf("reopening the saved design changes its diagnostics:\n%v\n%v", a.Diagnostics, s3.Current().Diagnostics)
	}
	return s1
}

// TestOpenJSONBuiltins runs FuzzOpenJSON's checks on every built-in
// scenario.
func TestOpenJSONBuiltins(t *testing.T) {
	for _, sc := range scenarios.All() {
		t.Run(sc.Name, func(t *testing.T) {
			if checkOpen(t, sc.JSON) == nil {
				t.Fatal("a built-in scenario does not open")
			}
		})
	}
}

// FuzzOpenJSON checks store.OpenJSON, the way every design is opened (file,
// link, saved record), down to the canvas scene: it never panics; the same
// bytes give the same error, warnings, diagnostics, scene and encoding
// (deterministic); errors and diagnostics are readable (no fmt artefacts);
// the scene is well formed and linear in the input (checkScene); and the
// canonical encoding reopens to the same encoding, scene and diagnostics
// (what is drawn is what a reload shows).
func FuzzOpenJSON(f *testing.F) {
	for _, s := range openSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > maxOpenInput {
			return
		}
		checkOpen(t, b)
	})
}
