package workshop_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"vnetplay/engine"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
	"vnetplay/engine/workshop"
)

// chain is a challenge: spoke1 and spoke3 peer with the hub, not with each
// other, so vm1 cannot reach vm3 (rule:peering.not-transitive).
const chain = `{
  "format": "vnetplay/scenario", "version": 1, "name": "chain",
  "topology": {
    "vnets": [
      {"id": "hub", "addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}, "subnets": [{"name": "a", "addressPrefix": "10.0.1.0/24"}]},
      {"id": "spoke1", "addressSpace": {"addressPrefixes": ["10.1.0.0/16"]}, "subnets": [{"name": "app", "addressPrefix": "10.1.1.0/24"}]},
      {"id": "spoke3", "addressSpace": {"addressPrefixes": ["10.3.0.0/16"]}, "subnets": [{"name": "app", "addressPrefix": "10.3.1.0/24"}]}
    ],
    "peerings": [
      {"id": "hub-spoke1", "a": {"vnet": "hub"}, "b": {"vnet": "spoke1"}},
      {"id": "hub-spoke3", "a": {"vnet": "hub"}, "b": {"vnet": "spoke3"}}
    ],
    "virtualMachines": [
      {"id": "vm1", "networkInterfaces": [{"name": "nic0", "subnet": "spoke1/app", "privateIpAddress": "10.1.1.4"}]},
      {"id": "vm3", "networkInterfaces": [{"name": "nic0", "subnet": "spoke3/app", "privateIpAddress": "10.3.1.4"}]}
    ]
  },
  "challenge": {
    "instructions": "vm1 must reach vm3.",
    "goals": [
      {"id": "1-to-3", "title": "vm1 reaches vm3 on TCP 443", "points": 10,
       "expect": {"kind": "reach", "from": "vm1", "to": "vm3", "protocol": "Tcp", "port": 443, "reachable": true}},
      {"id": "3-route", "expect": {"kind": "route", "subnet": "spoke3/app", "prefix": "10.0.0.0/16", "nextHopType": "VNetPeering"}}
    ],
    "constraints": [
      {"id": "hub-same", "kind": "unchanged", "collection": "vnets", "target": "hub", "title": "Do not change the hub"},
      {"id": "three-peerings", "kind": "maxCount", "collection": "peerings", "max": 3}
    ]
  }
}`

// sealed decodes chain and seals it.
func sealed(t *testing.T) *scenario.Document {
	t.Helper()
	doc, _, err := scenario.Decode([]byte(chain), scenario.Strict)
	if err != nil {
		t.Fatal(err)
	}
	if err := workshop.Seal(doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

func grade(doc *scenario.Document) workshop.Result { return workshop.Grade(doc, engine.Analyze(doc)) }

// TestGrade: the goal fails on the starting design, passes after the
// student peers spoke1 and spoke3, and a change to the hub then breaks
// completion.
func TestGrade(t *testing.T) {
	doc := sealed(t)
	r := grade(doc)
	if r.Complete || r.Score != 1 || r.Total != 11 || r.Goals[0].Pass || !r.Goals[1].Pass {
		t.Fatalf("starting design: %+v", r)
	}
	if g := r.Goals[0]; g.ID != "1-to-3" || g.Title != "vm1 reaches vm3 on TCP 443" || g.Points != 10 ||
		!strings.HasPrefix(g.Reason, "should be reachable, but is dropped: route 10.0.0.0/8 has next hop None") {
		t.Errorf("failing goal: %+v", g)
	}
	if g := r.Goals[1]; g.Title != "3-route" || g.Points != 1 {
		t.Errorf("untitled goal of 0 points: %+v", g)
	}
	if !r.Constraints[0].Held || !r.Constraints[1].Held {
		t.Errorf("constraints on the starting design: %+v", r.Constraints)
	}
	if again := grade(doc); !reflect.DeepEqual(r, again) {
		t.Error("Grade is not deterministic")
	}

	doc.Topology.Peerings = append(doc.Topology.Peerings, model.Peering{ID: "spoke1-spoke3",
		A: model.PeeringLink{VNet: "spoke1"}, B: model.PeeringLink{VNet: "spoke3"}})
	r = grade(doc)
	if !r.Complete || r.Score != 11 || !r.Goals[0].Pass || !strings.HasPrefix(r.Goals[0].Reason, "Delivered") {
		t.Fatalf("after the peering: %+v", r)
	}

	doc.Topology.VNets[0].AddressSpace.AddressPrefixes = []string{"10.0.0.0/16", "10.9.0.0/16"}
	r = grade(doc)
	want := `virtual network hub changed: addressSpace.addressPrefixes; it must stay as it was`
	if r.Complete || r.Score != 11 || r.Constraints[0].Held || r.Constraints[0].Why != want {
		t.Fatalf("after changing the hub: %+v, want the constraint violated with %q", r, want)
	}
}

// TestGradeEdges: no challenge, no analysis, a goal under a failure set
// (with the hub peering cut, spoke3's route to the hub is the None route).
func TestGradeEdges(t *testing.T) {
	if r := workshop.Grade(&scenario.Document{}, nil); r.Complete || r.Goals == nil || len(r.Goals) != 0 {
		t.Errorf("no challenge: %+v", r)
	}
	doc := sealed(t)
	r := workshop.Grade(doc, nil)
	if r.Complete || r.Goals[1].Pass || r.Goals[1].Reason != "the design was not analysed" {
		t.Errorf("no analysis: %+v", r)
	}
	doc.Failures = map[string][]scenario.Failure{"cut": {{Kind: model.PeeringDown, Target: "hub-spoke3"}}}
	doc.Challenge.Goals[1].Expect.Failures = "cut"
	doc.Challenge.Goals[1].Expect.NextHopType = "None"
	r = grade(doc)
	if g := r.Goals[1]; !g.Pass || g.Reason != "with cut failed: 10.0.0.0/8 None (System Route)" {
		t.Errorf("a goal under a failure set: %+v", g)
	}
}

// TestConstraints: each kind held and violated, with its wording.
func TestConstraints(t *testing.T) {
	base := sealed(t)
	ids := func(s ...string) json.RawMessage { return scenario.NoNewBaseline(s) }
	hubJSON, _, _ := scenario.ResourceJSON(&base.Topology, "vnets", "hub")
	edit := func(f func(*model.Topology)) *model.Topology {
		c := scenario.CloneTopology(&base.Topology)
		f(c)
		return c
	}
	addPeerings := edit(func(t *model.Topology) {
		for _, id := range []string{"spoke1-spoke3", "a-b"} {
			t.Peerings = append(t.Peerings, model.Peering{ID: id, A: model.PeeringLink{VNet: "spoke1"}, B: model.PeeringLink{VNet: "spoke3"}})
		}
	})
	addSubnet := edit(func(t *model.Topology) {
		t.VNets[0].Subnets = append(t.VNets[0].Subnets, model.Subnet{Name: "GatewaySubnet", AddressPrefix: "10.0.255.0/27"})
		t.VNets[0].Subnets[0].RouteTable = "rt"
	})
	noHub := edit(func(t *model.Topology) { t.VNets = t.VNets[1:] })
	cases := []struct {
		name string
		topo *model.Topology
		c    scenario.Constraint
		held bool
		why  string
	}{
		{"noNew held", &base.Topology, scenario.Constraint{Kind: "noNew", Collection: "peerings", Baseline: ids("hub-spoke1", "hub-spoke3")},
			true, "no new peering (2 at the start, 2 now)"},
		{"noNew held after a deletion", noHub, scenario.Constraint{Kind: "noNew", Collection: "vnets", Baseline: ids("hub", "spoke1", "spoke3")},
			true, "no new virtual network (3 at the start, 2 now)"},
		{"noNew violated", addPeerings, scenario.Constraint{Kind: "noNew", Collection: "peerings", Baseline: ids("hub-spoke1", "hub-spoke3")},
			false, "new peerings: a-b, spoke1-spoke3 (no peering may be added)"},
		{"noNew subnets violated", addSubnet, scenario.Constraint{Kind: "noNew", Collection: "subnets", Baseline: ids("hub/a", "spoke1/app", "spoke3/app")},
			false, "new subnet: hub/GatewaySubnet (no subnet may be added)"},
		{"noNew unsealed", &base.Topology, scenario.Constraint{Kind: "noNew", Collection: "peerings"},
			false, "cannot be checked: no baseline of the peerings present when the challenge was made ready: make it ready for students"},
		{"unchanged held", &base.Topology, scenario.Constraint{Kind: "unchanged", Collection: "vnets", Target: "hub", Baseline: hubJSON},
			true, "virtual network hub is as it was"},
		{"unchanged, indented baseline", &base.Topology, scenario.Constraint{Kind: "unchanged", Collection: "vnets", Target: "hub",
			Baseline: json.RawMessage("{\n \"subnets\": [{\"addressPrefix\": \"10.0.1.0/24\", \"name\": \"a\"}], \"addressSpace\": {\"addressPrefixes\": [\"10.0.0.0/16\"]}, \"id\": \"hub\"}")},
			true, "virtual network hub is as it was"},
		{"unchanged changed", addSubnet, scenario.Constraint{Kind: "unchanged", Collection: "vnets", Target: "hub", Baseline: hubJSON},
			false, "virtual network hub changed: subnets[GatewaySubnet] added, subnets[a].routeTable; it must stay as it was"},
		{"unchanged deleted", noHub, scenario.Constraint{Kind: "unchanged", Collection: "vnets", Target: "hub", Baseline: hubJSON},
			false, "virtual network hub was deleted (or renamed); it must stay as it was"},
		{"unchanged unsealed", &base.Topology, scenario.Constraint{Kind: "unchanged", Collection: "vnets", Target: "hub", Baseline: json.RawMessage(`[]`)},
			false, `cannot be checked: no baseline of vnets "hub" taken when the challenge was made ready: make it ready for students`},
		{"maxCount held", &base.Topology, scenario.Constraint{Kind: "maxCount", Collection: "peerings", Max: 2},
			true, "2 peerings (at most 2 allowed)"},
		{"maxCount held at zero", &base.Topology, scenario.Constraint{Kind: "maxCount", Collection: "routeTables"},
			true, "0 route tables (at most 0 allowed)"},
		{"maxCount violated", addPeerings, scenario.Constraint{Kind: "maxCount", Collection: "peerings", Max: 3},
			false, "4 peerings, at most 3 allowed"},
		{"maxCount subnets violated", addSubnet, scenario.Constraint{Kind: "maxCount", Collection: "subnets", Max: 1},
			false, "4 subnets, at most 1 allowed"},
		{"unknown kind", &base.Topology, scenario.Constraint{Kind: "noMore", Collection: "peerings"},
			false, `cannot be checked: unknown constraint kind "noMore" (want noNew, unchanged or maxCount)`},
		{"unknown collection", &base.Topology, scenario.Constraint{Kind: "maxCount", Collection: "routes"},
			false, `cannot be checked: unknown collection "routes" (want one of connections, dnsForwardingRulesets, dnsResolvers, expressRouteCircuits, loadBalancers, localNetworkGateways, natGateways, networkSecurityGroups, peerings, privateDnsZones, privateEndpoints, publicIPAddresses, routeServers, routeTables, sites, subnets, virtualMachines, virtualNetworkGateways, vnets)`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.c.ID = "k"
			r := workshop.CheckConstraint(c.topo, c.c)
			if r.Held != c.held || r.Why != c.why || r.ID != "k" || r.Title != "k" {
				t.Errorf("got %+v\nwant held=%v why=%q", r, c.held, c.why)
			}
		})
	}
}

// TestConstraintNamesBounded: a violation names at most eight ids.
func TestConstraintNamesBounded(t *testing.T) {
	var top model.Topology
	for i := range 12 {
		top.RouteTables = append(top.RouteTables, model.RouteTable{ID: fmt.Sprintf("rt%02d", i)})
	}
	r := workshop.CheckConstraint(&top, scenario.Constraint{Kind: "noNew", Collection: "routeTables", Baseline: scenario.NoNewBaseline(nil)})
	if want := "new route tables: rt00, rt01, rt02, rt03, rt04, rt05, rt06, rt07 and 4 more (no route table may be added)"; r.Why != want {
		t.Errorf("got %q, want %q", r.Why, want)
	}
}

// TestSeal: baselines filled from the design, maxCount left alone,
// refusals change nothing.
func TestSeal(t *testing.T) {
	doc := sealed(t)
	hub, _, _ := scenario.ResourceJSON(&doc.Topology, "vnets", "hub")
	if got := string(doc.Challenge.Constraints[0].Baseline); got != string(hub) || !strings.HasPrefix(got, `{"id":"hub",`) {
		t.Errorf("unchanged baseline %s, want %s", got, hub)
	}
	if doc.Challenge.Constraints[1].Baseline != nil {
		t.Error("a maxCount constraint got a baseline")
	}
	doc.Challenge.Constraints = append(doc.Challenge.Constraints,
		scenario.Constraint{ID: "nn", Kind: "noNew", Collection: "subnets", Baseline: json.RawMessage(`["stale"]`)})
	if err := workshop.Seal(doc); err != nil {
		t.Fatal(err)
	}
	if got := string(doc.Challenge.Constraints[2].Baseline); got != `["hub/a","spoke1/app","spoke3/app"]` {
		t.Errorf("noNew baseline %s", got)
	}
	if ds := scenario.ValidateChallenge(doc); slices.ContainsFunc(ds, func(d model.Diagnostic) bool { return d.Code == "challenge.unsealed" }) {
		t.Errorf("still unsealed: %v", ds)
	}

	before, _ := scenario.EncodeCompact(doc)
	bad := []struct {
		c    scenario.Constraint
		want string
	}{
		{scenario.Constraint{ID: "x", Kind: "unchanged", Collection: "vnets", Target: "nope"}, `workshop: seal constraint "x": no vnets "nope" in the design`},
		{scenario.Constraint{ID: "x", Kind: "unchanged", Collection: "vnets"}, `workshop: seal constraint "x": an unchanged constraint needs a target`},
		{scenario.Constraint{ID: "x", Kind: "noNew", Collection: "routes"}, `workshop: seal constraint "x": unknown collection "routes"`},
		{scenario.Constraint{ID: "x", Kind: "never"}, `workshop: seal constraint "x": unknown constraint kind "never"`},
	}
	for _, b := range bad {
		d := scenario.Clone(doc)
		d.Challenge.Constraints[2].Baseline = nil // would be refilled if Seal went on
		d.Challenge.Constraints = append(d.Challenge.Constraints, b.c)
		want, _ := scenario.EncodeCompact(d)
		if err := workshop.Seal(d); err == nil || !strings.HasPrefix(err.Error(), b.want) {
			t.Errorf("got %v, want %q", err, b.want)
		}
		if got, _ := scenario.EncodeCompact(d); string(got) != string(want) {
			t.Errorf("%s: a refused Seal changed the document", b.want)
		}
	}
	if after, _ := scenario.EncodeCompact(doc); string(after) != string(before) {
		t.Error("the refusals touched the original")
	}
	if err := workshop.Seal(&scenario.Document{}); !errors.Is(err, workshop.ErrNoChallenge) {
		t.Errorf("no challenge: %v", err)
	}
}

// TestValidateGoals: goal expectations are checked as doc.Expect is, with
// challenge paths; the challenge's structure is scenario.ValidateChallenge's
// (the Challenge tab shows both, in this order).
func TestValidateGoals(t *testing.T) {
	doc := sealed(t)
	findings := func() []model.Diagnostic {
		return append(scenario.ValidateChallenge(doc), workshop.ValidateGoals(doc, engine.Analyze(doc).Plane)...)
	}
	if ds := findings(); len(ds) != 1 || ds[0].Path != "challenge.goals[1].title" {
		t.Fatalf("the sealed challenge: %v, want only the untitled goal's warning", ds)
	}
	doc.Challenge.Goals[0].Expect.From = "vm9"
	doc.Challenge.Goals[1].Expect = scenario.Expectation{ID: "odd]id", Kind: "bgp", Prefix: "x", Failures: "nope"}
	doc.Challenge.Goals = append(doc.Challenge.Goals, scenario.Goal{Title: "t", Expect: scenario.Expectation{Kind: "ping"}})
	var got []string
	for _, d := range findings() {
		got = append(got, d.Code+" "+d.Path)
	}
	if goals := workshop.ValidateGoals(doc, engine.Analyze(doc).Plane); len(goals) != 5 || !strings.HasPrefix(goals[0].Code, "expect.") {
		t.Errorf("the goals' findings alone: %v, want the five expect findings", goals)
	}
	want := []string{
		"challenge.missing-field challenge.goals[1].title",
		"id.empty challenge.goals[2].id",
		"expect.unknown-endpoint challenge.goals[0].expect.from",
		"expect.unknown-speaker challenge.goals[1].expect.speaker",
		"expect.missing-field challenge.goals[1].expect.prefix",
		"expect.unknown-failure-set challenge.goals[1].expect.failures",
		"expect.kind challenge.goals[2].expect.kind",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestStaleBaselines: a sealed challenge's baselines are current until the
// starting design changes what they record; spacing does not count.
func TestStaleBaselines(t *testing.T) {
	doc := &scenario.Document{Topology: model.Topology{RouteTables: []model.RouteTable{{ID: "rt-a"}}},
		Challenge: &scenario.Challenge{Constraints: []scenario.Constraint{
			{ID: "no-rt", Kind: scenario.ConstraintNoNew, Collection: "routeTables"},
			{ID: "max", Kind: scenario.ConstraintMaxCount, Collection: "vnets", Max: 3}}}}
	if s := workshop.StaleBaselines(doc); len(s) != 0 {
		t.Errorf("unsealed: stale %v", s)
	}
	if err := workshop.Seal(doc); err != nil {
		t.Fatal(err)
	}
	if s := workshop.StaleBaselines(doc); len(s) != 0 {
		t.Errorf("just sealed: stale %v", s)
	}
	doc.Challenge.Constraints[0].Baseline = []byte(" [ \"rt-a\" ] ")
	if s := workshop.StaleBaselines(doc); len(s) != 0 {
		t.Errorf("the same baseline spaced otherwise: stale %v", s)
	}
	doc.Topology.RouteTables = append(doc.Topology.RouteTables, model.RouteTable{ID: "rt-b"})
	if s := workshop.StaleBaselines(doc); len(s) != 1 || s[0] != "no-rt" {
		t.Errorf("a route table drawn after sealing: stale %v, want [no-rt]", s)
	}
}
