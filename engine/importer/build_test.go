package importer

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
)

// Table tests of the builder with small synthetic resources in the REST
// shape (the az and ARM dialects reach the builder identically; what
// differs is whether children are inline or apart and which prefix field a
// subnet uses, both tested here).

// tSub is the subscription of the synthetic resources.
const tSub = "/subscriptions/00000000-0000-0000-0000-0000000000aa"

// idIn is the id of a resource at path ("virtualNetworks/v/subnets/s",
// under Microsoft.Network unless path starts with a namespace) in resource
// group rg.
func idIn(rg, path string) string {
	if !strings.HasPrefix(path, "Microsoft.") {
		path = "Microsoft.Network/" + path
	}
	return tSub + "/resourceGroups/" + rg + "/providers/" + path
}

// nid is idIn for resource group "rg".
func nid(path string) string { return idIn("rg", path) }

// typeOfPath is the ARM type a path names.
func typeOfPath(path string) string {
	if !strings.HasPrefix(path, "Microsoft.") {
		path = "Microsoft.Network/" + path
	}
	seg := strings.Split(path, "/")
	types := []string{seg[0]}
	for i := 1; i < len(seg); i += 2 {
		types = append(types, seg[i])
	}
	return strings.Join(types, "/")
}

// rIn is a REST resource at path in resource group rg.
func rIn(rg, path string, props obj) Resource {
	id := idIn(rg, path)
	return Resource{ID: id, Type: typeOfPath(path), Name: nameFromID(id), Location: "westeurope", Props: props, Where: rg + ":" + path}
}

// r is rIn for resource group "rg".
func r(path string, props obj) Resource { return rIn("rg", path, props) }

// vnetR is a VNet with one address prefix and the given extra properties.
func vnetR(name, prefix string, extra obj) Resource {
	p := obj{"addressSpace": obj{"addressPrefixes": arr{prefix}}}
	for k, v := range extra {
		p[k] = v
	}
	return r("virtualNetworks/"+name, p)
}

// mustBuild builds res, failing the test on an error; the report is sorted.
func mustBuild(t *testing.T, res ...Resource) (*scenario.Document, Report) {
	t.Helper()
	rep := Report{Format: FormatAz, Imported: map[string]int{}}
	doc, err := build(res, "t", &rep)
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	rep.Sort()
	return doc, rep
}

// hasEntry reports whether rep has an entry of kind whose text holds every
// part (case-insensitively).
func hasEntry(rep Report, kind EntryKind, parts ...string) bool {
	return slices.ContainsFunc(rep.Entries, func(e Entry) bool {
		if e.Kind != kind {
			return false
		}
		s := strings.ToLower(e.Where + " " + e.What + " " + e.ID + " " + e.Why)
		for _, p := range parts {
			if !strings.Contains(s, strings.ToLower(p)) {
				return false
			}
		}
		return true
	})
}

// wantEntry fails unless rep has the entry (see hasEntry).
func wantEntry(t *testing.T, rep Report, kind EntryKind, parts ...string) {
	t.Helper()
	if !hasEntry(rep, kind, parts...) {
		t.Errorf("no %s entry with %q in the report:\n%s", kind, parts, rep.Text())
	}
}

// findVNet returns the VNet of the design with id.
func findVNet(t *testing.T, doc *scenario.Document, id string) model.VNet {
	t.Helper()
	for _, v := range doc.Topology.VNets {
		if v.ID == id {
			return v
		}
	}
	t.Fatalf("no VNet %s in %v", id, vnetIDs(doc))
	return model.VNet{}
}

func vnetIDs(doc *scenario.Document) []string {
	var out []string
	for _, v := range doc.Topology.VNets {
		out = append(out, v.ID)
	}
	return out
}

// subnetsOf lists a VNet's subnets as "name prefix".
func subnetsOf(v model.VNet) []string {
	var out []string
	for _, s := range v.Subnets {
		out = append(out, s.Name+" "+s.AddressPrefix)
	}
	return out
}

func TestBuildSubnetShapes(t *testing.T) {
	v := nid("virtualNetworks/v")
	inline := func(name string, props obj) obj { return child(v+"/subnets/"+name, props) }
	for _, tc := range []struct {
		name    string
		res     []Resource
		want    []string
		entries []string // Ignored entries expected (substrings)
	}{
		{"inline addressPrefix", []Resource{vnetR("v", "10.0.0.0/16", obj{"subnets": arr{inline("a", obj{"addressPrefix": "10.0.1.0/24"})}})},
			[]string{"a 10.0.1.0/24"}, nil},
		{"inline addressPrefixes", []Resource{vnetR("v", "10.0.0.0/16", obj{"subnets": arr{inline("a", obj{"addressPrefixes": arr{"10.0.1.0/24"}})}})},
			[]string{"a 10.0.1.0/24"}, nil},
		{"apart addressPrefix", []Resource{vnetR("v", "10.0.0.0/16", nil), r("virtualNetworks/v/subnets/a", obj{"addressPrefix": "10.0.1.0/24"})},
			[]string{"a 10.0.1.0/24"}, nil},
		{"apart addressPrefixes", []Resource{vnetR("v", "10.0.0.0/16", nil), r("virtualNetworks/v/subnets/a", obj{"addressPrefixes": arr{"10.0.1.0/24"}})},
			[]string{"a 10.0.1.0/24"}, nil},
		{"inline and apart deduplicated", []Resource{
			vnetR("v", "10.0.0.0/16", obj{"subnets": arr{inline("a", obj{"addressPrefix": "10.0.1.0/24"}), inline("b", obj{"addressPrefix": "10.0.2.0/24"})}}),
			r("virtualNetworks/v/subnets/a", obj{"addressPrefix": "10.0.1.0/24"})},
			[]string{"a 10.0.1.0/24", "b 10.0.2.0/24"}, nil},
		{"ids differing in case are one subnet", []Resource{
			vnetR("v", "10.0.0.0/16", obj{"subnets": arr{child(strings.ToUpper(v)+"/SUBNETS/a", obj{"addressPrefix": "10.0.1.0/24"})}}),
			r("virtualNetworks/v/subnets/a", obj{"addressPrefix": "10.0.1.0/24"})},
			[]string{"a 10.0.1.0/24"}, nil},
		{"inline child without id", []Resource{vnetR("v", "10.0.0.0/16", obj{"subnets": arr{obj{"name": "a", "properties": obj{"addressPrefix": "10.0.1.0/24"}}}}),
			r("virtualNetworks/v/subnets/a", obj{"addressPrefix": "10.0.1.0/24"})},
			[]string{"a 10.0.1.0/24"}, nil},
		{"two prefixes: the first kept", []Resource{vnetR("v", "10.0.0.0/16", nil), r("virtualNetworks/v/subnets/a", obj{"addressPrefixes": arr{"10.0.1.0/24", "10.0.9.0/24"}})},
			[]string{"a 10.0.1.0/24"}, []string{"10.0.9.0/24", "kept 10.0.1.0/24"}},
		// A dual-stack subnet lists its IPv6 /64 beside its IPv4 range, in the
		// order it was given (azurerm's acceptance test writes
		// ["10.0.0.0/24", "ace:cab:deca:deed::/64"]; a template may write the
		// IPv6 one first). The NICs' primary addresses are IPv4: the IPv4
		// range is kept whatever the order (the IPv6 one was, and every NIC
		// fell outside its subnet).
		{"dual stack, IPv6 listed first: the IPv4 range kept", []Resource{vnetR("v", "10.0.0.0/16", nil),
			r("virtualNetworks/v/subnets/a", obj{"addressPrefixes": arr{"ace:cab:deca:deed::/64", "10.0.1.0/24"}})},
			[]string{"a 10.0.1.0/24"}, []string{"ace:cab:deca:deed::/64", "kept 10.0.1.0/24", "IPv6"}},
		{"no prefix: left out", []Resource{vnetR("v", "10.0.0.0/16", nil), r("virtualNetworks/v/subnets/a", obj{})},
			nil, nil},
		{"bare references are not children", []Resource{vnetR("v", "10.0.0.0/16", obj{"subnets": arr{ref(v + "/subnets/a")}}),
			r("virtualNetworks/v/subnets/a", obj{"addressPrefix": "10.0.1.0/24"})},
			[]string{"a 10.0.1.0/24"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc, rep := mustBuild(t, tc.res...)
			if got := subnetsOf(findVNet(t, doc, "v")); !slices.Equal(got, tc.want) {
				t.Errorf("subnets %q, want %q", got, tc.want)
			}
			for _, e := range tc.entries {
				wantEntry(t, rep, Ignored, e)
			}
			if tc.want == nil {
				wantEntry(t, rep, Skipped, "neither addressPrefix nor addressPrefixes")
			}
		})
	}
}

func TestBuildVNetWithoutSubnets(t *testing.T) {
	// No `subnets` and none apart: not "no subnets" (API 2023-09-01 on).
	_, rep := mustBuild(t, vnetR("vn", "10.0.0.0/16", nil))
	wantEntry(t, rep, Assumed, "subnets", "does not mean")
	// An explicit empty list does mean none.
	_, rep = mustBuild(t, vnetR("vn", "10.0.0.0/16", obj{"subnets": arr{}}))
	if hasEntry(rep, Assumed, "subnets") {
		t.Errorf("an explicit empty subnets list is reported:\n%s", rep.Text())
	}
	// Subnets apart: nothing to say.
	_, rep = mustBuild(t, vnetR("vn", "10.0.0.0/16", nil), r("virtualNetworks/vn/subnets/a", obj{"addressPrefix": "10.0.1.0/24"}))
	if len(rep.Entries) != 0 {
		t.Errorf("unexpected entries:\n%s", rep.Text())
	}
}

func TestBuildSubnetReferences(t *testing.T) {
	rt, nsg, nat := nid("routeTables/rt"), nid("networkSecurityGroups/nsg"), nid("natGateways/nat")
	res := []Resource{
		vnetR("v", "10.0.0.0/16", nil),
		r("virtualNetworks/v/subnets/a", obj{"addressPrefix": "10.0.1.0/24", "routeTable": ref(strings.ToUpper(rt)),
			"networkSecurityGroup": ref(nsg), "natGateway": ref(nat), "defaultOutboundAccess": false,
			"serviceEndpoints": arr{obj{"service": "Microsoft.Storage", "locations": arr{"*"}}}, "privateEndpointNetworkPolicies": "Enabled"}),
		r("virtualNetworks/v/subnets/b", obj{"addressPrefix": "10.0.2.0/24", "networkSecurityGroup": ref(nid("networkSecurityGroups/elsewhere"))}),
		r("routeTables/rt", obj{"routes": arr{child(rt+"/routes/r1", obj{"addressPrefix": "0.0.0.0/0", "nextHopType": "Internet"})}}),
		r("networkSecurityGroups/nsg", obj{}),
		r("natGateways/nat", obj{"publicIpAddresses": arr{ref(nid("publicIPAddresses/pip"))}}),
		r("publicIPAddresses/pip", obj{"ipAddress": "20.0.0.1"}),
	}
	doc, rep := mustBuild(t, res...)
	v := findVNet(t, doc, "v")
	a, b := v.Subnets[0], v.Subnets[1]
	if a.RouteTable != "rt" || a.NetworkSecurityGroup != "nsg" || a.NatGateway != "nat" || a.DefaultOutboundAccess == nil || *a.DefaultOutboundAccess ||
		len(a.ServiceEndpoints) != 1 || a.ServiceEndpoints[0].Service != "Microsoft.Storage" || a.PrivateEndpointNetworkPolicies != "Enabled" {
		t.Errorf("subnet a = %+v", a)
	}
	if b.NetworkSecurityGroup != "" {
		t.Errorf("subnet b keeps a reference to an NSG not in the file: %+v", b)
	}
	wantEntry(t, rep, Ignored, "v/b", "networkSecurityGroup", "elsewhere", "not in the file")
	if g := doc.Topology.NatGateways; len(g) != 1 || !slices.Equal(g[0].PublicIPAddresses, []string{"pip"}) {
		t.Errorf("NAT gateways %+v", g)
	}
}

// peering is a peering's properties to remote.
func peering(remote string, extra obj) obj {
	p := obj{"remoteVirtualNetwork": ref(remote), "allowVirtualNetworkAccess": true}
	for k, v := range extra {
		p[k] = v
	}
	return p
}

func TestBuildPeerings(t *testing.T) {
	a, b := nid("virtualNetworks/a"), nid("virtualNetworks/b")
	outside := idIn("other", "virtualNetworks/far")
	two := func(extra ...Resource) []Resource {
		return append([]Resource{vnetR("a", "10.1.0.0/16", obj{"subnets": arr{}}), vnetR("b", "10.2.0.0/16", obj{"subnets": arr{}})}, extra...)
	}
	for _, tc := range []struct {
		name   string
		res    []Resource
		want   string // the peerings, "id a{…} b{…}"
		entry  EntryKind
		phrase string
	}{
		{"both sides, named after the first VNet's side", two(
			r("virtualNetworks/b/virtualNetworkPeerings/b-to-a", peering(a, obj{"useRemoteGateways": true, "allowForwardedTraffic": true})),
			r("virtualNetworks/a/virtualNetworkPeerings/a-to-b", peering(b, obj{"allowGatewayTransit": true}))),
			"a-to-b {a  fwd=false gwt=true urg=false} {b  fwd=true gwt=false urg=true}", "", ""},
		{"inline on one side, apart on the other", append(two(r("virtualNetworks/b/virtualNetworkPeerings/b-to-a", peering(a, nil)))[1:],
			vnetR("a", "10.1.0.0/16", obj{"subnets": arr{}, "virtualNetworkPeerings": arr{child(a+"/virtualNetworkPeerings/a-to-b", peering(b, nil))}})),
			"a-to-b {a  fwd=false gwt=false urg=false} {b  fwd=false gwt=false urg=false}", "", ""},
		{"only the second side: the first not created", two(r("virtualNetworks/b/virtualNetworkPeerings/b-to-a", peering(a, obj{"allowVirtualNetworkAccess": false}))),
			"b-to-a {a NotCreated fwd=false gwt=false urg=false} {b access=false fwd=false gwt=false urg=false}", Assumed, "not yet created"},
		{"one side Disconnected: the other deleted", two(r("virtualNetworks/a/virtualNetworkPeerings/a-to-b", peering(b, obj{"peeringState": "Disconnected"}))),
			"a-to-b {a  fwd=false gwt=false urg=false} {b Deleted fwd=false gwt=false urg=false}", Assumed, "deleted"},
		{"remote outside the file: placeholder from remoteAddressSpace", two(r("virtualNetworks/b/virtualNetworkPeerings/b-to-far",
			peering(outside, obj{"remoteAddressSpace": obj{"addressPrefixes": arr{"172.20.0.0/16"}}}))),
			"b-to-far {b  fwd=false gwt=false urg=false} {far NotCreated fwd=false gwt=false urg=false}", Placeholder, "172.20.0.0/16"},
		{"remote outside the file, this side Connected: the remote link exists, its flags Azure's defaults", two(r("virtualNetworks/b/virtualNetworkPeerings/b-to-far",
			peering(outside, obj{"peeringState": "Connected", "allowForwardedTraffic": true, "remoteAddressSpace": obj{"addressPrefixes": arr{"172.20.0.0/16"}}}))),
			"b-to-far {b  fwd=true gwt=false urg=false} {far  fwd=false gwt=false urg=false}", Assumed, "Connected, which Azure sets only when both links exist"},
		{"remote outside the file, this side Initiated: the remote link not created", two(r("virtualNetworks/b/virtualNetworkPeerings/b-to-far",
			peering(outside, obj{"peeringState": "Initiated", "remoteAddressSpace": obj{"addressPrefixes": arr{"172.20.0.0/16"}}}))),
			"b-to-far {b  fwd=false gwt=false urg=false} {far NotCreated fwd=false gwt=false urg=false}", Assumed, "not yet created"},
		{"only one side in the file, Connected: the other side exists", two(r("virtualNetworks/a/virtualNetworkPeerings/a-to-b", peering(b, obj{"peeringState": "Connected", "allowGatewayTransit": true}))),
			"a-to-b {a  fwd=false gwt=true urg=false} {b  fwd=false gwt=false urg=false}", Assumed, "flags are unknown"},
		{"placeholder from remoteVirtualNetworkAddressSpace", two(r("virtualNetworks/b/virtualNetworkPeerings/b-to-far",
			peering(outside, obj{"remoteVirtualNetworkAddressSpace": obj{"addressPrefixes": arr{"172.21.0.0/16"}}}))),
			"b-to-far {b  fwd=false gwt=false urg=false} {far NotCreated fwd=false gwt=false urg=false}", Placeholder, "172.21.0.0/16"},
		{"remote outside the file, its space grown and not synced: the placeholder has the current space, the link its stale copy", two(r("virtualNetworks/b/virtualNetworkPeerings/b-to-far",
			peering(outside, obj{"peeringState": "Connected", "peeringSyncLevel": "LocalNotInSync",
				"remoteAddressSpace":               obj{"addressPrefixes": arr{"172.20.0.0/16"}},
				"remoteVirtualNetworkAddressSpace": obj{"addressPrefixes": arr{"172.20.0.0/16", "172.22.0.0/16"}}}))),
			"b-to-far {b  fwd=false gwt=false urg=false remote=[172.20.0.0/16]} {far  fwd=false gwt=false urg=false}", Placeholder, "172.20.0.0/16, 172.22.0.0/16"},
		{"remote outside the file without a space: left out", two(r("virtualNetworks/b/virtualNetworkPeerings/b-to-far", peering(outside, nil))),
			"", Skipped, "no peering gives its address space"},
		{"a second peering gives the outside VNet's space", append(two(
			r("virtualNetworks/a/virtualNetworkPeerings/a-to-far", peering(outside, nil))),
			r("virtualNetworks/b/virtualNetworkPeerings/b-to-far", peering(outside, obj{"remoteAddressSpace": obj{"addressPrefixes": arr{"172.20.0.0/16"}}}))),
			"a-to-far {a  fwd=false gwt=false urg=false} {far NotCreated fwd=false gwt=false urg=false}; b-to-far {b  fwd=false gwt=false urg=false} {far NotCreated fwd=false gwt=false urg=false}", Placeholder, "172.20.0.0/16"},
		{"self-peering: left out", two(r("virtualNetworks/a/virtualNetworkPeerings/loop", peering(strings.ToUpper(a), nil))),
			"", Skipped, "its own VNet"},
		{"no remote: left out", two(r("virtualNetworks/a/virtualNetworkPeerings/none", obj{})),
			"", Skipped, "no remote VNet"},
		{"stale remote space kept", two(
			r("virtualNetworks/a/virtualNetworkPeerings/a-to-b", peering(b, obj{"remoteAddressSpace": obj{"addressPrefixes": arr{"10.9.0.0/16"}}})),
			r("virtualNetworks/b/virtualNetworkPeerings/b-to-a", peering(a, obj{"remoteAddressSpace": obj{"addressPrefixes": arr{"10.1.0.0/16"}}}))),
			"a-to-b {a  fwd=false gwt=false urg=false remote=[10.9.0.0/16]} {b  fwd=false gwt=false urg=false}", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc, rep := mustBuild(t, tc.res...)
			var got []string
			for _, p := range doc.Topology.Peerings {
				got = append(got, p.ID+" "+linkText(p.A)+" "+linkText(p.B))
			}
			if strings.Join(got, "; ") != tc.want {
				t.Errorf("peerings\n got %q\nwant %q", strings.Join(got, "; "), tc.want)
			}
			if tc.entry != "" {
				wantEntry(t, rep, tc.entry, tc.phrase)
			}
		})
	}
}

// linkText writes a peering link for comparison.
func linkText(l model.PeeringLink) string {
	s := l.VNet + " " + l.Lifecycle
	if !l.VirtualNetworkAccess() {
		s += "access=false"
	}
	s += fmt.Sprintf(" fwd=%v gwt=%v urg=%v", l.AllowForwardedTraffic, l.AllowGatewayTransit, l.UseRemoteGateways)
	if l.RemoteAddressSpace != nil {
		s += fmt.Sprintf(" remote=%v", l.RemoteAddressSpace.AddressPrefixes)
	}
	return "{" + s + "}"
}

func TestAllocate(t *testing.T) {
	for _, tc := range []struct {
		name  string
		cands []candidate
		want  map[string]string
	}{
		{"unique names kept", []candidate{{"k1", "hub", "rg1"}, {"k2", "spoke", "rg1"}}, map[string]string{"k1": "hub", "k2": "spoke"}},
		{"same name in two groups", []candidate{{"k2", "hub", "rg-b"}, {"k1", "hub", "rg-a"}}, map[string]string{"k1": "hub-rg-a", "k2": "hub-rg-b"}},
		{"case-insensitive", []candidate{{"k1", "Hub", "a"}, {"k2", "hub", "b"}}, map[string]string{"k1": "Hub-a", "k2": "hub-b"}},
		{"same name and group twice", []candidate{{"k1", "hub", "rg"}, {"k2", "hub", "rg"}, {"k3", "hub", "rg"}},
			map[string]string{"k1": "hub-rg", "k2": "hub-rg-2", "k3": "hub-rg-3"}},
		{"a name that is another's suffixed id", []candidate{{"k1", "hub", "rg"}, {"k2", "hub", "rg2"}, {"k3", "hub-rg", "x"}},
			map[string]string{"k1": "hub-rg-2", "k2": "hub-rg2", "k3": "hub-rg"}},
		{"no name", []candidate{{"k1", "", ""}}, map[string]string{"k1": "unnamed"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := allocate(tc.cands)
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("allocate = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestBuildCollisions(t *testing.T) {
	doc, _ := mustBuild(t,
		rIn("rg-a", "virtualNetworks/hub", obj{"addressSpace": obj{"addressPrefixes": arr{"10.0.0.0/16"}}, "subnets": arr{}}),
		rIn("rg-b", "virtualNetworks/hub", obj{"addressSpace": obj{"addressPrefixes": arr{"10.1.0.0/16"}}, "subnets": arr{}}),
		rIn("rg-a", "routeTables/rt", obj{}), rIn("rg-b", "routeTables/rt", obj{}), rIn("rg-c", "routeTables/other", obj{}),
	)
	if got := vnetIDs(doc); !slices.Equal(got, []string{"hub-rg-a", "hub-rg-b"}) {
		t.Errorf("VNets %v", got)
	}
	var rts []string
	for _, x := range doc.Topology.RouteTables {
		rts = append(rts, x.ID)
	}
	if !slices.Equal(rts, []string{"other", "rt-rg-a", "rt-rg-b"}) {
		t.Errorf("route tables %v", rts)
	}
}

func TestBuildDeterministic(t *testing.T) {
	inputs := map[string][]Resource{"hub-spoke": hubSpokeResources(), "synthetic": synthetic(40, 3)}
	for name, res := range inputs {
		want := encodeBuild(t, res)
		rng := rand.New(rand.NewPCG(1, 2))
		for i := range 5 {
			s := slices.Clone(res)
			rng.Shuffle(len(s), func(i, j int) { s[i], s[j] = s[j], s[i] })
			if got := encodeBuild(t, s); got != want {
				t.Fatalf("%s: shuffle %d gives another design:\n%s", name, i, lineDiff(got, want))
			}
		}
	}
}

// encodeBuild builds res and encodes the design.
func encodeBuild(t *testing.T, res []Resource) string {
	t.Helper()
	doc, _ := mustBuild(t, res...)
	b, err := scenario.Encode(doc)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// synthetic makes n VNets (10.x.0.0/16, x < 250 for valid designs) in a
// ring of peerings, each with a subnet, a NIC, an NSG and a route table,
// plus, every spread VNets, one that collides by name in another group.
func synthetic(n, spread int) []Resource {
	var res []Resource
	for i := range n {
		name := fmt.Sprintf("v%04d", i)
		next := nid(fmt.Sprintf("virtualNetworks/v%04d", (i+1)%n))
		prev := nid(fmt.Sprintf("virtualNetworks/v%04d", (i+n-1)%n))
		p := fmt.Sprintf("10.%d.%d.0", i/256%256, i%256)
		res = append(res,
			r("virtualNetworks/"+name, obj{"addressSpace": obj{"addressPrefixes": arr{p + "/24"}}}),
			r("virtualNetworks/"+name+"/subnets/s", obj{"addressPrefix": p + "/26",
				"networkSecurityGroup": ref(nid("networkSecurityGroups/nsg-" + name)), "routeTable": ref(nid("routeTables/rt-" + name))}),
			r("virtualNetworks/"+name+"/virtualNetworkPeerings/to-next", peering(next, nil)),
			r("virtualNetworks/"+name+"/virtualNetworkPeerings/to-prev", peering(prev, nil)),
			r("networkSecurityGroups/nsg-"+name, obj{"securityRules": arr{child(nid("networkSecurityGroups/nsg-"+name+"/securityRules/r"),
				obj{"priority": 100.0, "direction": "Inbound", "access": "Allow", "protocol": "Tcp", "sourceAddressPrefix": "*",
					"sourcePortRange": "*", "destinationAddressPrefix": "*", "destinationPortRange": "443"})}}),
			r("routeTables/rt-"+name, obj{}),
			r("networkInterfaces/nic-"+name, obj{"ipConfigurations": arr{obj{"name": "ip", "properties": obj{
				"privateIPAddress": strings.TrimSuffix(p, ".0") + ".4", "subnet": ref(nid("virtualNetworks/" + name + "/subnets/s"))}}}}),
		)
		if spread > 0 && i%spread == 0 {
			res = append(res, rIn("other", "routeTables/rt-"+name, obj{}))
		}
	}
	return res
}

func TestBuildLimits(t *testing.T) {
	// Over MaxVNets: a clear error, at once. 10,000 VNets with a peering
	// each: MaxResources resources.
	var many []Resource
	for i := range 10_000 {
		name := fmt.Sprintf("v%05d", i)
		many = append(many, r("virtualNetworks/"+name, obj{"addressSpace": obj{"addressPrefixes": arr{fmt.Sprintf("10.%d.%d.0/24", i/256, i%256)}}}),
			r("virtualNetworks/"+name+"/virtualNetworkPeerings/p", peering(nid(fmt.Sprintf("virtualNetworks/v%05d", (i+1)%10_000)), nil)))
	}
	start := time.Now()
	rep := Report{Imported: map[string]int{}}
	_, err := build(many, "big", &rep)
	t.Logf("refused %d resources in %v", len(many), time.Since(start))
	var le *scenario.LimitError
	if !errors.As(err, &le) || le.What != "VNets" || le.Got != 10_000 || !errors.Is(err, scenario.ErrTooLarge) {
		t.Fatalf("10,000 VNets: err = %v, want a VNets LimitError", err)
	}
	if d := time.Since(start); d > 30*time.Second { // a freeze, not a speed: -race on a loaded machine
		t.Errorf("refusing 10,000 VNets took %v", d)
	}
	// Placeholders count.
	res := synthetic(scenario.MaxVNets, 0)
	res = append(res, r("virtualNetworks/v0000/virtualNetworkPeerings/out", peering(idIn("x", "virtualNetworks/far"),
		obj{"remoteAddressSpace": obj{"addressPrefixes": arr{"172.20.0.0/16"}}})))
	if _, err := build(res, "big", &Report{Imported: map[string]int{}}); !errors.As(err, &le) || le.Got != scenario.MaxVNets+1 {
		t.Errorf("MaxVNets VNets and a placeholder: err = %v", err)
	}
}

// TestBuildLarge builds MaxVNets VNets with their peerings, subnets, NICs,
// NSGs and route tables (about 7,300 resources) well under a second on an
// ordinary machine (the bound here is loose for shared CI).
func TestBuildLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("large design")
	}
	res := synthetic(scenario.MaxVNets, 3)
	start := time.Now()
	doc, rep := mustBuild(t, res...)
	d := time.Since(start)
	if len(doc.Topology.VNets) != scenario.MaxVNets || len(doc.Topology.Peerings) != scenario.MaxVNets || rep.Imported[cNICs] != scenario.MaxVNets {
		t.Errorf("built %d VNets, %d peerings, %v", len(doc.Topology.VNets), len(doc.Topology.Peerings), rep.Imported)
	}
	t.Logf("%d resources built in %v", len(res), d)
	if d > 60*time.Second { // a freeze, not a speed (BenchmarkBuild20k measures it)
		t.Errorf("building %d resources took %v", len(res), d)
	}
}

// BenchmarkBuild20k builds 20,000 resources (MaxResources): 1,000 VNets
// with 4 peerings each (1,000 pairs, both sides... and a ring), subnets,
// NICs, NSGs and route tables, and 12,700 NSG rules apart.
func BenchmarkBuild20k(b *testing.B) {
	res := synthetic(scenario.MaxVNets, 3)
	for i := 0; len(res) < MaxResources; i++ {
		name := fmt.Sprintf("v%04d", i%scenario.MaxVNets)
		res = append(res, r(fmt.Sprintf("networkSecurityGroups/nsg-%s/securityRules/extra%d", name, i), obj{"priority": float64(200 + i/scenario.MaxVNets),
			"direction": "Outbound", "access": "Deny", "protocol": "*", "sourceAddressPrefix": "*", "sourcePortRange": "*",
			"destinationAddressPrefix": "*", "destinationPortRange": "*"}))
	}
	b.ResetTimer()
	for range b.N {
		rep := Report{Imported: map[string]int{}}
		if _, err := build(res, "bench", &rep); err != nil {
			b.Fatal(err)
		}
	}
}

func TestBuildLeftovers(t *testing.T) {
	_, rep := mustBuild(t,
		vnetR("v", "10.0.0.0/16", obj{"subnets": arr{}}),
		r("bastionHosts/bastion", obj{}),
		r("applicationGateways/agw", obj{}),
		r("routeTables/rt/routes/orphan", obj{"addressPrefix": "0.0.0.0/0", "nextHopType": "Internet"}),
		r("virtualNetworkGateways/gw/natRules/n", obj{}),
		Resource{ID: idIn("rg", "Microsoft.Web/sites/app"), Type: "Microsoft.Web/sites", Name: "app", Where: "web"},
		Resource{Type: "Microsoft.Network/virtualNetworks", Name: "noid", Where: "noid"},
	)
	wantEntry(t, rep, Skipped, "bastion", "Bastion is not modelled")
	wantEntry(t, rep, Skipped, "agw", "Application Gateway")
	wantEntry(t, rep, Skipped, "orphan", "parent", "not in the file")
	wantEntry(t, rep, Skipped, "natRules/n", "parent")
	wantEntry(t, rep, Skipped, "web", "not a network resource")
	wantEntry(t, rep, Skipped, "noid", "no id")
}

func TestBuildNoNetwork(t *testing.T) {
	rep := Report{Imported: map[string]int{}}
	_, err := build([]Resource{{ID: idIn("rg", "Microsoft.Storage/storageAccounts/st"), Type: "Microsoft.Storage/storageAccounts", Name: "st"}}, "x", &rep)
	if !errors.Is(err, ErrNoNetwork) {
		t.Errorf("err = %v, want ErrNoNetwork", err)
	}
	if _, err := build(nil, "x", &rep); !errors.Is(err, ErrNoNetwork) {
		t.Errorf("no resources: err = %v, want ErrNoNetwork", err)
	}
}

func TestBuildValidationErrorsAreEntries(t *testing.T) {
	doc, rep := mustBuild(t,
		vnetR("v", "10.0.0.0/16", nil),
		r("virtualNetworks/v/subnets/a", obj{"addressPrefix": "10.0.1.0/24"}),
		r("virtualNetworks/v/subnets/b", obj{"addressPrefix": "10.0.1.0/25"}), // overlaps a
		r("virtualNetworks/v/subnets/c", obj{"addressPrefix": "10.9.0.0/24"}), // outside the VNet
	)
	if len(doc.Topology.VNets) != 1 {
		t.Fatalf("the design is not built")
	}
	wantEntry(t, rep, Ignored, "rg:virtualNetworks/v/subnets/c", "lint")
	wantEntry(t, rep, Ignored, "lint", "overlap")
}

func TestBuildDocument(t *testing.T) {
	doc, rep := mustBuild(t, vnetR("v", "10.0.0.0/16", obj{"subnets": arr{}}))
	if doc.Format != scenario.Format || doc.Version != scenario.Latest || doc.Name != "t" || !strings.Contains(doc.Description, "az CLI") {
		t.Errorf("document header %q %d %q %q", doc.Format, doc.Version, doc.Name, doc.Description)
	}
	if rep.Imported[cVNets] != 1 || len(rep.Imported) != 1 {
		t.Errorf("Imported = %v", rep.Imported)
	}
	b, err := scenario.Encode(doc)
	if err != nil {
		t.Fatal(err)
	}
	back, _, err := scenario.Decode(b, scenario.Strict)
	if err != nil {
		t.Fatalf("the design does not decode strictly: %v", err)
	}
	if b2, _ := scenario.Encode(back); string(b2) != string(b) {
		t.Errorf("the design is not canonical")
	}
}

// FuzzBuild builds resources made from arbitrary JSON (each element of an
// array an object {id, type, name, properties}): build must never panic,
// must return a design or an error, and gives the same report twice (the
// values of the wrong type among them: rule:import.wrong-json-type); a
// value of the wrong type is listed at most once per place and path.
func FuzzBuild(f *testing.F) {
	seed, _ := json.Marshal(asJSON(hubSpokeResources()))
	f.Add(seed)
	f.Add([]byte(`[{"id":"/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/virtualNetworks/v","type":"Microsoft.Network/virtualNetworks","name":"v","properties":{"subnets":[{"name":"a","properties":{"addressPrefixes":["10.0.0.0/24"]}}],"virtualNetworkPeerings":[{"name":"p","properties":{"remoteVirtualNetwork":{"id":"/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/virtualNetworks/v"}}}]}}]`))
	f.Add([]byte(`[{"id":"/x/providers/Microsoft.Network/virtualNetworks/v/subnets","type":"Microsoft.Network/virtualNetworks/subnets","name":"","properties":null}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var l []map[string]any
		if json.Unmarshal(data, &l) != nil || len(l) > 2000 {
			return
		}
		var res []Resource
		for i, m := range l {
			x := Resource{Where: fmt.Sprint(i)}
			x.ID, _ = m["id"].(string)
			x.Type, _ = m["type"].(string)
			x.Name, _ = m["name"].(string)
			x.Props, _ = m["properties"].(map[string]any)
			x.SKU, _ = m["sku"].(map[string]any)
			res = append(res, x)
		}
		rep := Report{Imported: map[string]int{}}
		doc, err := build(res, "fuzz", &rep)
		if err == nil && doc == nil {
			t.Fatal("no design and no error")
		}
		again := Report{Imported: map[string]int{}}
		_, _ = build(res, "fuzz", &again)
		rep.Sort()
		again.Sort()
		if !reflect.DeepEqual(rep.Entries, again.Entries) {
			t.Fatalf("two builds of one input report differently:\n%s\n%s", rep.Text(), again.Text())
		}
		seen := map[string]bool{}
		for _, e := range rep.Entries {
			if k := e.Where + "\x00" + e.What + "\x00" + e.Why; strings.Contains(e.Why, ", expected ") && seen[k] {
				t.Fatalf("a wrong type listed twice: %s %s: %s", e.Where, e.What, e.Why)
			} else {
				seen[k] = true
			}
		}
	})
}

// asJSON writes resources as the fuzz input shape.
func asJSON(res []Resource) []map[string]any {
	var out []map[string]any
	for _, x := range res {
		out = append(out, map[string]any{"id": x.ID, "type": x.Type, "name": x.Name, "properties": x.Props, "sku": x.SKU})
	}
	return out
}
