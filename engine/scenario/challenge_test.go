package scenario_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
)

// challengeDoc is a small challenge: three VNets in a chain, a goal that
// fails (peering is not transitive), one constraint of each kind.
const challengeDoc = `{
  "format": "vnetplay/scenario",
  "version": 1,
  "name": "01 · Peering is not transitive",
  "topology": {
    "vnets": [
      {"id": "spoke1", "addressSpace": {"addressPrefixes": ["10.1.0.0/16"]}, "subnets": [{"name": "app", "addressPrefix": "10.1.1.0/24", "routeTable": "rt"}]},
      {"id": "hub", "addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}, "subnets": [{"name": "z", "addressPrefix": "10.0.2.0/24"}, {"name": "a", "addressPrefix": "10.0.1.0/24", "routeTable": "rt"}]},
      {"id": "spoke3", "addressSpace": {"addressPrefixes": ["10.3.0.0/16"]}, "subnets": [{"name": "app", "addressPrefix": "10.3.1.0/24"}]}
    ],
    "peerings": [
      {"id": "spoke1-hub", "a": {"vnet": "spoke1"}, "b": {"vnet": "hub"}},
      {"id": "hub-spoke3", "a": {"vnet": "hub"}, "b": {"vnet": "spoke3"}}
    ],
    "routeTables": [{"id": "rt"}],
    "virtualMachines": [
      {"id": "vm1", "networkInterfaces": [{"name": "nic0", "subnet": "spoke1/app", "privateIpAddress": "10.1.1.4"}]},
      {"id": "vm3", "networkInterfaces": [{"name": "nic0", "subnet": "spoke3/app", "privateIpAddress": "10.3.1.4"}]}
    ]
  },
  "challenge": {
    "instructions": "Make **vm1** reach vm3 <without> peering them.",
    "goals": [
      {"id": "z-last", "title": "vm1 reaches vm3", "points": 10,
       "expect": {"kind": "reach", "from": "vm1", "to": "vm3", "protocol": "Tcp", "port": 443, "reachable": true}},
      {"id": "a-first", "expect": {"id": "a-first", "kind": "route", "subnet": "spoke1/app", "prefix": "10.3.0.0/16", "nextHopType": "VirtualAppliance"}}
    ],
    "hints": ["Second by name, first by order.", "A hint."],
    "constraints": [
      {"id": "no-peerings", "kind": "noNew", "collection": "peerings", "title": "Do not add peerings", "baseline": ["spoke1-hub", "hub-spoke3"]},
      {"id": "hub-unchanged", "kind": "unchanged", "collection": "vnets", "target": "hub",
       "baseline": {"id": "hub", "addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}, "subnets": [{"name": "a", "addressPrefix": "10.0.1.0/24", "routeTable": "rt"}, {"name": "z", "addressPrefix": "10.0.2.0/24"}]}},
      {"id": "app-unchanged", "kind": "unchanged", "collection": "subnets", "target": "spoke1/app",
       "baseline": {"name": "app", "addressPrefix": "10.1.1.0/24", "routeTable": "rt"}},
      {"id": "one-rt", "kind": "maxCount", "collection": "routeTables", "max": 1}
    ],
    "pack": {"id": "az700", "title": "AZ-700 routing", "order": 1}
  }
}`

func decodeChallenge(t *testing.T) *scenario.Document {
	t.Helper()
	doc, _, err := scenario.Decode([]byte(challengeDoc), scenario.Strict)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestChallengeCanonical: goals, hints and constraints keep their authored
// order, a noNew baseline is sorted, baselines are compacted, the encoding
// is a fixed point and Canonical does not modify the document.
func TestChallengeCanonical(t *testing.T) {
	doc, before := decodeChallenge(t), decodeChallenge(t)
	b, err := scenario.Encode(doc)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(doc, before) {
		t.Fatal("Encode modified the document")
	}
	again, _, err := scenario.Decode(b, scenario.Strict)
	if err != nil {
		t.Fatal(err)
	}
	b2, _ := scenario.Encode(again)
	if !bytes.Equal(b, b2) {
		t.Fatalf("not a fixed point:\n%s\n---\n%s", b, b2)
	}
	c := again.Challenge
	if got := []string{c.Goals[0].ID, c.Goals[1].ID}; !slices.Equal(got, []string{"z-last", "a-first"}) {
		t.Errorf("goals reordered: %v", got)
	}
	if c.Hints[0] != "Second by name, first by order." || c.Constraints[0].ID != "no-peerings" || c.Constraints[3].ID != "one-rt" {
		t.Errorf("hints or constraints reordered: %v %v", c.Hints, c.Constraints)
	}
	if c.Goals[0].Expect.ID != "z-last" || doc.Challenge.Goals[0].Expect.ID != "" {
		t.Errorf("an empty goal expectation id is not the goal's in canonical form, or Canonical changed the original")
	}
	if got := string(scenario.Canonical(doc).Challenge.Constraints[0].Baseline); got != `["hub-spoke3","spoke1-hub"]` {
		t.Errorf("noNew baseline not sorted: %s", got)
	}
	if !strings.Contains(string(b), `"instructions": "Make **vm1** reach vm3 <without> peering them."`) {
		t.Errorf("instructions HTML-escaped or lost:\n%s", b)
	}
	if !strings.Contains(string(b), "        \"baseline\": [\n          \"hub-spoke3\",\n") {
		t.Errorf("baseline not indented with the document:\n%s", b)
	}
}

// TestChallengeUnknownFields: an unknown field inside the challenge is a
// warning with its path when lenient, an error when strict.
func TestChallengeUnknownFields(t *testing.T) {
	in := strings.Replace(challengeDoc, `"points": 10,`, `"points": 10, "bonus": 3,`, 1)
	in = strings.Replace(in, `"order": 1}`, `"order": 1, "colour": "red"}`, 1)
	_, diags, err := scenario.Decode([]byte(in), scenario.Lenient)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, d := range diags {
		paths = append(paths, d.Path)
	}
	if want := []string{"challenge.goals[0].bonus", "challenge.pack.colour"}; !slices.Equal(paths, want) {
		t.Errorf("warnings at %v, want %v", paths, want)
	}
	if _, _, err := scenario.Decode([]byte(in), scenario.Strict); err == nil || !strings.Contains(err.Error(), "bonus") {
		t.Errorf("strict decode: %v, want an unknown field error", err)
	}
}

// TestChallengeLimits: each limit refuses one over it, in Decode and
// CheckLimits, with a message that says which.
func TestChallengeLimits(t *testing.T) {
	many := func(n int, f func(i int) string) string {
		var parts []string
		for i := range n {
			parts = append(parts, f(i))
		}
		return strings.Join(parts, ",")
	}
	big := `"` + strings.Repeat("x", scenario.MaxBaseline) + `"`
	cases := []struct {
		name, challenge, msg string
	}{
		{"goals", `{"goals": [` + many(scenario.MaxGoals+1, func(i int) string { return fmt.Sprintf(`{"id": "g%d", "expect": {"kind": "reach"}}`, i) }) + `]}`,
			"the challenge is too large: 51 goals; vnetplay allows up to 50 goals"},
		{"hints", `{"hints": [` + many(scenario.MaxHints+1, func(int) string { return `"h"` }) + `]}`,
			"the challenge is too large: 21 hints; vnetplay allows up to 20 hints"},
		{"constraints", `{"constraints": [` + many(scenario.MaxConstraints+1, func(i int) string { return fmt.Sprintf(`{"id": "c%d", "kind": "maxCount"}`, i) }) + `]}`,
			"the challenge is too large: 21 constraints; vnetplay allows up to 20 constraints"},
		{"instructions", `{"instructions": "` + strings.Repeat("é", scenario.MaxInstructions+1) + `"}`,
			"the challenge's instructions are too long: 20,001 characters; vnetplay allows up to 20,000"},
		{"baseline", `{"constraints": [{"id": "c", "kind": "unchanged", "baseline": {"id": ` + big + `}}]}`,
			"a challenge constraint's baseline is too large: 0.25601 MB; vnetplay allows up to 0.256 MB"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := `{"format": "vnetplay/scenario", "version": 1, "topology": {}, "challenge": ` + c.challenge + `}`
			_, _, err := scenario.Decode([]byte(in), scenario.Lenient)
			var le *scenario.LimitError
			if !errors.As(err, &le) || !errors.Is(err, scenario.ErrTooLarge) || err.Error() != c.msg {
				t.Fatalf("got %v, want %q", err, c.msg)
			}
		})
	}
	// At the limits: accepted (the instructions count characters, not bytes).
	ok := `{"format": "vnetplay/scenario", "version": 1, "topology": {}, "challenge": {"instructions": "` +
		strings.Repeat("é", scenario.MaxInstructions) + `", "hints": [` + many(scenario.MaxHints, func(int) string { return `"h"` }) + `]}}`
	if _, _, err := scenario.Decode([]byte(ok), scenario.Strict); err != nil {
		t.Fatalf("at the limits: %v", err)
	}
}

// TestValidateChallenge: each problem with its code and path.
func TestValidateChallenge(t *testing.T) {
	if ds := scenario.ValidateChallenge(decodeChallenge(t)); len(ds) != 1 || ds[0].Path != "challenge.goals[1].title" || ds[0].Severity != model.Warning {
		t.Fatalf("the sample challenge: %v, want only the untitled goal's warning", ds)
	}
	c := &scenario.Challenge{
		Goals: []scenario.Goal{{ID: "g", Title: "G"}, {ID: "g", Title: "G2", Points: -1}, {Title: "no id"}},
		Hints: []string{"ok", ""},
		Constraints: []scenario.Constraint{
			{ID: "a", Kind: "noNew", Collection: "peerings"},
			{ID: "b", Kind: "unchanged", Collection: "vnets", Baseline: json.RawMessage(`["x"]`)},
			{ID: "c", Kind: "maxCount", Collection: "routes", Max: -2, Baseline: json.RawMessage(`1`)},
			{ID: "d", Kind: "maxcount", Collection: "subnets"},
			{ID: "a", Kind: "noNew", Collection: "subnets", Baseline: json.RawMessage(`["v/s"]`)},
		},
		Pack: &scenario.PackRef{Title: "no id"},
	}
	var got []string
	for _, d := range scenario.ValidateChallenge(&scenario.Document{Challenge: c}) {
		got = append(got, fmt.Sprintf("%s %s %s", d.Severity, d.Code, d.Path))
	}
	want := []string{
		"error id.duplicate challenge.goals[1].id",
		"error challenge.bad-value challenge.goals[1].points",
		"error id.empty challenge.goals[2].id",
		"warning challenge.missing-field challenge.hints[1]",
		"error challenge.unsealed challenge.constraints[0].baseline",
		"error challenge.missing-field challenge.constraints[1].target",
		"error challenge.unsealed challenge.constraints[1].baseline",
		"error challenge.unknown-collection challenge.constraints[2].collection",
		"error challenge.bad-value challenge.constraints[2].max",
		"warning challenge.ignored-field challenge.constraints[2].baseline",
		"error challenge.constraint-kind challenge.constraints[3].kind",
		"error id.duplicate challenge.constraints[4].id",
		"error id.empty challenge.pack.id",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if scenario.ValidateChallenge(&scenario.Document{}) != nil {
		t.Error("a document without a challenge has findings")
	}
}

// TestCollections: every topology member is a collection, with its kind.
func TestCollections(t *testing.T) {
	ty := reflect.TypeFor[model.Topology]()
	for i := range ty.NumField() {
		name, _, _ := strings.Cut(ty.Field(i).Tag.Get("json"), ",")
		if _, ok := scenario.CollectionKind(name); !ok {
			t.Errorf("topology member %q is not a constraint collection", name)
		}
	}
	if got := len(scenario.Collections()); got != ty.NumField()+1 {
		t.Errorf("%d collections, want the %d topology members and subnets", got, ty.NumField())
	}
	doc := decodeChallenge(t)
	ids, err := scenario.CollectionIDs(&doc.Topology, "subnets")
	if want := []string{"hub/a", "hub/z", "spoke1/app", "spoke3/app"}; err != nil || !slices.Equal(ids, want) {
		t.Errorf("subnets: %v %v, want %v", ids, err, want)
	}
	if _, err := scenario.CollectionIDs(&doc.Topology, "routes"); !errors.Is(err, scenario.ErrUnknownCollection) {
		t.Errorf("unknown collection: %v", err)
	}
	b, found, err := scenario.ResourceJSON(&doc.Topology, "vnets", "hub")
	if want := `{"id":"hub","addressSpace":{"addressPrefixes":["10.0.0.0/16"]},"subnets":[{"name":"a","addressPrefix":"10.0.1.0/24","routeTable":"rt"},{"name":"z","addressPrefix":"10.0.2.0/24"}]}`; !found || err != nil || string(b) != want {
		t.Errorf("ResourceJSON(vnets, hub) = %s %v %v, want %s (subnets sorted)", b, found, err, want)
	}
	if b, found, _ := scenario.ResourceJSON(&doc.Topology, "subnets", "spoke1/app"); !found || string(b) != `{"name":"app","addressPrefix":"10.1.1.0/24","routeTable":"rt"}` {
		t.Errorf("ResourceJSON(subnets, spoke1/app) = %s %v", b, found)
	}
	if _, found, err := scenario.ResourceJSON(&doc.Topology, "peerings", "nope"); found || err != nil {
		t.Errorf("a missing resource: found %v, %v", found, err)
	}
}

// TestRenameFollowsIntoChallenge: a rename moves the goal expectations'
// references, the constraint targets, the noNew baseline ids and the
// references and ids inside unchanged baselines; the reverse rename gives
// back the same bytes.
func TestRenameFollowsIntoChallenge(t *testing.T) {
	cases := []struct {
		kind     model.Kind
		id, name string
		want     []string // substrings of the compact canonical encoding after the rename
	}{
		{model.KindVM, "vm1", "web", []string{`"from":"web","to":"vm3"`}},
		{model.KindPeering, "spoke1-hub", "p1", []string{`"baseline":["hub-spoke3","p1"]`}},
		{model.KindVNet, "hub", "core", []string{`"target":"core","baseline":{"id":"core",`, `"baseline":["core-spoke3"`}},
		{model.KindVNet, "spoke1", "s1", []string{`"subnet":"s1/app"`, `"target":"s1/app"`}},
		{model.KindRouteTable, "rt", "udr", []string{`{"name":"a","addressPrefix":"10.0.1.0/24","routeTable":"udr"}`, `"target":"spoke1/app","baseline":{"name":"app","addressPrefix":"10.1.1.0/24","routeTable":"udr"}`}},
		{model.KindSubnet, "hub/a", "b", []string{`"subnets":[{"name":"b","addressPrefix":"10.0.1.0/24","routeTable":"rt"},{"name":"z"`}},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%s %s", c.kind, c.id), func(t *testing.T) {
			doc := decodeChallenge(t)
			orig, _ := scenario.EncodeCompact(doc)
			if c.kind == model.KindVNet && c.id == "hub" { // the peering named after it does not move; rename it first
				if err := scenario.Rename(doc, model.KindPeering, "hub-spoke3", "core-spoke3"); err != nil {
					t.Fatal(err)
				}
				orig, _ = scenario.EncodeCompact(doc)
			}
			if err := scenario.Rename(doc, c.kind, c.id, c.name); err != nil {
				t.Fatal(err)
			}
			b, _ := scenario.EncodeCompact(doc)
			for _, w := range c.want {
				if !strings.Contains(string(b), w) {
					t.Errorf("missing %s in\n%s", w, b)
				}
			}
			newID := c.name
			if p, _, ok := strings.Cut(c.id, "/"); ok {
				newID = p + "/" + c.name
			}
			_, back, _ := strings.Cut(c.id, "/")
			if back == "" {
				back = c.id
			}
			if err := scenario.Rename(doc, c.kind, newID, back); err != nil {
				t.Fatal(err)
			}
			if b, _ := scenario.EncodeCompact(doc); !bytes.Equal(b, orig) {
				t.Errorf("the reverse rename does not give back the document:\n%s\n---\n%s", b, orig)
			}
		})
	}
}

const samplePack = `{"format": "vnetplay/workshop", "version": 1, "id": "az700", "title": "AZ-700", "description": "Routing",
 "challenges": [CH, CH]}`

// TestPackRoundTrip: a pack decodes, encodes canonically with its
// challenges in order, and is a fixed point.
func TestPackRoundTrip(t *testing.T) {
	in := strings.ReplaceAll(samplePack, "CH", challengeDoc)
	in = strings.Replace(in, `"01 · Peering is not transitive"`, `"02 · second"`, 1) // the first challenge is named 02
	p, diags, err := scenario.DecodePack([]byte(in), scenario.Strict)
	if err != nil || len(diags) > 0 {
		t.Fatal(err, diags)
	}
	if len(p.Challenges) != 2 || p.Challenges[0].Name != "02 · second" || p.ID != "az700" {
		t.Fatalf("decoded %+v", p)
	}
	b, err := scenario.EncodePack(p)
	if err != nil {
		t.Fatal(err)
	}
	p2, _, err := scenario.DecodePack(b, scenario.Strict)
	if err != nil {
		t.Fatal(err)
	}
	b2, _ := scenario.EncodePack(p2)
	if !bytes.Equal(b, b2) || !strings.HasPrefix(string(b), "{\n  \"format\": \"vnetplay/workshop\",\n  \"version\": 1,\n  \"id\": \"az700\",") {
		t.Fatalf("not canonical or not a fixed point:\n%s", b)
	}
	if p2.Challenges[0].Name != "02 · second" {
		t.Error("challenges reordered")
	}
	if ds := scenario.ValidatePack(p2); len(ds) != 2 || ds[0].Path != "challenges[0].challenge.goals[1].title" {
		t.Errorf("ValidatePack: %v", ds)
	}
}

// TestPackDecodeErrors: what DecodePack refuses, and the lenient warnings.
func TestPackDecodeErrors(t *testing.T) {
	doc := `{"format": "vnetplay/scenario", "version": 1, "topology": {}, "challenge": {}}`
	cases := []struct {
		name, in, want string
	}{
		{"json", `{`, "workshop: invalid JSON"},
		{"not object", `[]`, "must be a JSON object"},
		{"no format", `{"version": 1}`, `no "format" field`},
		{"scenario", doc, `format is "vnetplay/scenario", want "vnetplay/workshop"`},
		{"newer", `{"format": "vnetplay/workshop", "version": 2, "challenges": []}`, "version 2 is newer than this vnetplay understands (max 1)"},
		{"version", `{"format": "vnetplay/workshop", "version": "1", "challenges": []}`, "version must be a positive integer"},
		{"no challenges", `{"format": "vnetplay/workshop", "version": 1}`, `"challenges" must be a list`},
		{"bad challenge", `{"format": "vnetplay/workshop", "version": 1, "challenges": [` + doc + `, {"format": "x"}]}`, "workshop: challenges[1]: scenario: format is"},
		{"newer challenge", `{"format": "vnetplay/workshop", "version": 1, "challenges": [{"format": "vnetplay/scenario", "version": 9}]}`, "challenges[0]: scenario version 9 is newer"},
		{"strict unknown", `{"format": "vnetplay/workshop", "version": 1, "extra": 1, "challenges": []}`, `unknown field "extra"`},
		{"strict trailing", `{"format": "vnetplay/workshop", "version": 1, "challenges": []} {}`, "invalid JSON"},
		{"too many", `{"format": "vnetplay/workshop", "version": 1, "challenges": [` + strings.TrimSuffix(strings.Repeat(doc+",", scenario.MaxPackChallenges+1), ",") + `]}`, "101 challenges; a pack holds up to 100"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := scenario.DecodePack([]byte(c.in), scenario.Strict)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want %q", err, c.want)
			}
		})
	}
	var tooNew *scenario.ErrVersionTooNew
	if _, _, err := scenario.DecodePack([]byte(cases[4].in), scenario.Lenient); !errors.As(err, &tooNew) || tooNew.Max != scenario.PackLatest {
		t.Errorf("a newer pack: %v, want *ErrVersionTooNew", err)
	}
	lenient := `{"format": "vnetplay/workshop", "version": 1, "id": "p", "extra": 1, "challenges": [{"format": "vnetplay/scenario", "version": 1, "topology": {}, "challenge": {"odd": 1}}]}`
	p, diags, err := scenario.DecodePack([]byte(lenient), scenario.Lenient)
	if err != nil || len(p.Challenges) != 1 {
		t.Fatal(err)
	}
	var paths []string
	for _, d := range diags {
		paths = append(paths, d.Path)
	}
	if want := []string{"extra", "challenges[0].challenge.odd"}; !slices.Equal(paths, want) {
		t.Errorf("warnings %v, want %v", paths, want)
	}
	if ds := scenario.ValidatePack(&scenario.Pack{Challenges: []scenario.Document{{}}}); len(ds) != 2 || ds[1].Code != "challenge.missing" {
		t.Errorf("ValidatePack of an empty pack: %v", ds)
	}
}

// FuzzDecodePack: DecodePack never panics, and what it accepts encodes to
// a fixed point.
func FuzzDecodePack(f *testing.F) {
	f.Add([]byte(strings.ReplaceAll(samplePack, "CH", challengeDoc)))
	f.Add([]byte(`{"format": "vnetplay/workshop", "version": 1, "challenges": []}`))
	f.Add([]byte(`{"format": "vnetplay/workshop", "version": 1, "challenges": [{"format": "vnetplay/scenario", "version": 0, "topology": {"vnets": [{"id": "a", "region": "x"}]}, "challenge": {"constraints": [{"id": "c", "kind": "noNew", "baseline": [" b", "a", "a"]}]}}]}`))
	f.Add([]byte(`{"format": "vnetplay/workshop", "version": 1, "challenges": [{"format": "vnetplay/scenario", "version": 1, "topology": {}, "challenge": {"constraints": [{"baseline": {"x": "<&>"}}]}}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, mode := range []scenario.Mode{scenario.Strict, scenario.Lenient} {
			p, _, err := scenario.DecodePack(b, mode)
			if err != nil {
				continue
			}
			_ = scenario.ValidatePack(p)
			enc, err := scenario.EncodePack(p)
			if err != nil {
				t.Fatalf("EncodePack: %v", err)
			}
			p2, _, err := scenario.DecodePack(enc, scenario.Strict)
			if err != nil {
				t.Fatalf("the encoding does not decode: %v\n%s", err, enc)
			}
			if enc2, _ := scenario.EncodePack(p2); !bytes.Equal(enc, enc2) {
				t.Fatalf("not a fixed point:\n%s\n---\n%s", enc, enc2)
			}
		}
	})
}
