package scenario

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

const minimal = `{"format":"vnetplay/scenario","version":1,"topology":{"vnets":[{"id":"b","addressSpace":{"addressPrefixes":["10.1.0.0/16"]}},{"id":"a","addressSpace":{"addressPrefixes":["10.0.0.0/16"]},"subnets":[{"name":"z","addressPrefix":"10.0.2.0/24"},{"name":"y","addressPrefix":"10.0.1.0/24"}]}]},"layout":{"nodes":{"b":{"x":1.5,"y":2},"a":{"x":0,"y":0}}}}`

func TestRoundTripIsByteStable(t *testing.T) {
	doc, diags, err := Decode([]byte(minimal), Strict)
	if err != nil || len(diags) != 0 {
		t.Fatalf("Decode: %v %v", err, diags)
	}
	first, err := Encode(doc)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasSuffix(first, []byte("}\n")) || !bytes.Contains(first, []byte("\n  \"topology\"")) {
		t.Errorf("not two-space indented with trailing newline:\n%s", first)
	}
	if i, j := bytes.Index(first, []byte(`"id": "a"`)), bytes.Index(first, []byte(`"id": "b"`)); i < 0 || j < i {
		t.Errorf("vnets not sorted by id:\n%s", first)
	}
	if i, j := bytes.Index(first, []byte(`"name": "y"`)), bytes.Index(first, []byte(`"name": "z"`)); i < 0 || j < i {
		t.Errorf("subnets not sorted by name:\n%s", first)
	}
	doc2, _, err := Decode(first, Strict)
	if err != nil {
		t.Fatal(err)
	}
	second, _ := Encode(doc2)
	if !bytes.Equal(first, second) {
		t.Errorf("decode→encode not stable:\n%s\n---\n%s", first, second)
	}
	// Encode must not reorder the caller's document.
	if doc.Topology.VNets[0].ID != "b" {
		t.Errorf("Encode mutated its input")
	}
}

func TestVersionTooNew(t *testing.T) {
	_, _, err := Decode([]byte(`{"format":"vnetplay/scenario","version":2,"topology":{}}`), Lenient)
	var tooNew *ErrVersionTooNew
	if !errors.As(err, &tooNew) || tooNew.Got != 2 || tooNew.Max != Latest {
		t.Fatalf("got %v, want ErrVersionTooNew{2, %d}", err, Latest)
	}
}

func TestRejects(t *testing.T) {
	big := `{"format":"vnetplay/scenario","version":1,"name":"` + strings.Repeat("x", MaxSize) + `"}`
	for _, tc := range []struct {
		name, in, want string
	}{
		{"not json", `{`, "invalid JSON"},
		{"not an object", `[]`, "JSON object"},
		{"wrong format", `{"format":"other","version":1}`, "format"},
		{"fractional version", `{"format":"vnetplay/scenario","version":1.5}`, "version"},
		{"negative version", `{"format":"vnetplay/scenario","version":-1}`, "version"},
		{"wrong type", `{"format":"vnetplay/scenario","version":1,"topology":{"vnets":"x"}}`, "topology.vnets: want an array"},
		{"too large", big, "too large"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := Decode([]byte(tc.in), Lenient)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tc.want)
			}
		})
	}
	if _, _, err := Decode([]byte(big), Lenient); !errors.Is(err, ErrTooLarge) {
		t.Errorf("size error does not wrap ErrTooLarge: %v", err)
	}
}

// TestTypeErrorsInDesignTerms: a value of the wrong JSON type is named by
// its path in the file (indices, map keys and keys as written) and by the
// JSON types wanted and found, in either mode, never by the Go struct the
// decoder fills.
func TestTypeErrorsInDesignTerms(t *testing.T) {
	const head = `{"format":"vnetplay/scenario","version":1,`
	const vnets = `"topology":{"vnets":[{"id":"a","addressSpace":{"addressPrefixes":["10.0.0.0/16"]}},`
	for _, tc := range []struct {
		name, in, want string
	}{
		{"string for a boolean", head + vnets + `{"id":"b","subnets":[{"name":"s","defaultOutboundAccess":"false"}]}]}}`,
			`scenario: topology.vnets[1].subnets[0].defaultOutboundAccess: want true or false, got the string "false"`},
		{"string for an array", head + `"topology":{"vnets":"x"}}`,
			`scenario: topology.vnets: want an array, got the string "x"`},
		{"object for an array", head + vnets + `{"id":"b","subnets":{}}]}}`,
			`scenario: topology.vnets[1].subnets: want an array, got an object`},
		{"number in a list of strings", head + vnets + `{"id":"b","addressSpace":{"addressPrefixes":["10.1.0.0/16",1]}}]}}`,
			`scenario: topology.vnets[1].addressSpace.addressPrefixes[1]: want a string, got the number 1`},
		{"string for a number", head + `"topology":{"networkSecurityGroups":[{"id":"n","securityRules":[{"name":"r","priority":"100"}]}]}}`,
			`scenario: topology.networkSecurityGroups[0].securityRules[0].priority: want a whole number, got the string "100"`},
		{"fraction for a whole number", head + `"topology":{"networkSecurityGroups":[{"id":"n","securityRules":[{"name":"r","priority":100.5}]}]}}`,
			`scenario: topology.networkSecurityGroups[0].securityRules[0].priority: want a whole number, got the number 100.5`},
		{"array for a string", head + `"name":["x"]}`,
			`scenario: name: want a string, got an array`},
		{"boolean for a string", head + `"topology":{"vnets":[{"id":true}]}}`,
			`scenario: topology.vnets[0].id: want a string, got true`},
		{"in a map, keys as written", head + `"Failures":{"odd key":[{"kind":1}]}}`,
			`scenario: Failures."odd key"[0].kind: want a string, got the number 1`},
		{"in an object for a number", head + `"layout":{"nodes":{"a":{"x":{}}}}}`,
			`scenario: layout.nodes.a.x: want a number, got an object`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, mode := range []Mode{Lenient, Strict} {
				_, _, err := Decode([]byte(tc.in), mode)
				if err == nil || err.Error() != tc.want {
					t.Errorf("mode %d: err = %v\nwant %s", mode, err, tc.want)
				}
				var ute *json.UnmarshalTypeError
				if !errors.As(err, &ute) {
					t.Errorf("mode %d: %v does not wrap the decoder's *json.UnmarshalTypeError", mode, err)
				}
			}
		})
	}
	// A workshop pack's own fields read the same.
	_, _, err := DecodePack([]byte(`{"format":"`+PackFormat+`","version":1,"id":"w","title":7,"challenges":[]}`), Lenient)
	if want := `workshop: title: want a string, got the number 7`; err == nil || err.Error() != want {
		t.Errorf("pack: err = %v, want %s", err, want)
	}
}

func TestUnknownFields(t *testing.T) {
	in := `{"format":"vnetplay/scenario","version":1,"colour":"red","topology":{"vnets":[{"id":"a","addressSpace":{"addressPrefixes":[]},"subnets":[{"name":"s","addressPrefix":"10.0.0.0/24","typo":1}]}]}}`
	doc, diags, err := Decode([]byte(in), Lenient)
	if err != nil {
		t.Fatal(err)
	}
	if len(diags) != 2 || diags[0].Path != "colour" || diags[1].Path != "topology.vnets[0].subnets[0].typo" {
		t.Fatalf("want one warning per unknown field, got %v", diags)
	}
	if doc.Topology.VNets[0].Subnets[0].AddressPrefix != "10.0.0.0/24" {
		t.Errorf("lenient decode lost known fields")
	}
	if _, _, err := Decode([]byte(in), Strict); err == nil || !strings.Contains(err.Error(), "unknown field") {
		t.Fatalf("strict decode accepted unknown fields: %v", err)
	}
	// Case-insensitive matches decode, so they are not reported.
	_, diags, _ = Decode([]byte(`{"format":"vnetplay/scenario","version":1,"Name":"x"}`), Lenient)
	if len(diags) != 0 {
		t.Errorf("case-folded known field reported: %v", diags)
	}
}

func TestMigrationRegistry(t *testing.T) {
	if err := CheckRegistry(Migrations()); err != nil {
		t.Fatal(err)
	}
	good := Migrations()[0]
	for name, ms := range map[string][]Migration{
		"gap":            {{From: 1, To: 2, Title: "t", Description: "d", Apply: good.Apply}},
		"no description": {{From: 0, To: 1, Title: "t", Apply: good.Apply}},
		"no apply":       {{From: 0, To: 1, Title: "t", Description: "d"}},
		"short":          nil,
	} {
		if err := CheckRegistry(ms); err == nil {
			t.Errorf("%s: CheckRegistry accepted a broken registry", name)
		}
	}
}

// TestMigrationFixtures migrates every frozen fixture of an old version and
// compares the canonical result with its golden; every registered migration
// must be exercised by at least one fixture.
func TestMigrationFixtures(t *testing.T) {
	files, _ := filepath.Glob("testdata/migrations/v*/*.json")
	if len(files) == 0 {
		t.Fatal("no migration fixtures")
	}
	ran := map[int]bool{}
	for _, f := range files {
		in, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var from int
		if _, err := fmtSscanVersion(filepath.Base(filepath.Dir(f)), &from); err != nil {
			t.Fatal(err)
		}
		doc, _, err := Decode(in, Strict)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for v := from; v < Latest; v++ {
			ran[v] = true
		}
		got, _ := Encode(doc)
		golden := strings.TrimSuffix(f, ".json") + ".v1.golden"
		if *update {
			os.WriteFile(golden, got, 0o644)
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s migrated:\n%s\nwant:\n%s", f, got, want)
		}
	}
	for _, m := range Migrations() {
		if !ran[m.From] {
			t.Errorf("migration %d→%d has no frozen fixture", m.From, m.To)
		}
	}
}

func fmtSscanVersion(dir string, v *int) (int, error) {
	m := regexp.MustCompile(`^v(\d+)$`).FindStringSubmatch(dir)
	if m == nil {
		return 0, errors.New("fixture directory must be v<N>: " + dir)
	}
	n := 0
	for _, c := range m[1] {
		n = n*10 + int(c-'0')
	}
	*v = n
	return 1, nil
}

// TestDocExampleDecodes keeps docs/scenario-format.md honest: its complete
// example must decode strictly and be canonical.
func TestDocExampleDecodes(t *testing.T) {
	md, err := os.ReadFile("../../docs/scenario-format.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)<!-- example -->\\s*```json\n(.*?)```").FindSubmatch(md)
	if m == nil {
		t.Fatal("no ```json block after <!-- example --> in docs/scenario-format.md")
	}
	doc, _, err := Decode(m[1], Strict)
	if err != nil {
		t.Fatalf("doc example: %v", err)
	}
	out, _ := Encode(doc)
	if !bytes.Equal(out, m[1]) {
		t.Errorf("doc example is not canonical; canonical form:\n%s", out)
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(minimal))
	f.Add([]byte(`{"format":"vnetplay/scenario","version":0,"topology":{"vnets":[{"id":"a","region":"x","addressSpace":["10.0.0.0/8"],"subnets":[{"prefix":"1"}]}]}}`))
	f.Add([]byte(`{"format":"vnetplay/scenario","version":1,"expect":[{"id":"b"},{"id":"a","reachable":false}],"failures":{"x":[{"kind":"k"}]}}`))
	f.Add([]byte(`{"format":"vnetplay/scenario","version":1,"topology":{"vnets":[{"id":"a"},{"id":"a","location":"<&>"}]}}`))
	f.Add([]byte(edgeDoc))
	f.Add([]byte(namesDoc))
	f.Add([]byte(`{"format":"vnetplay/scenario","version":1,"topology":{"vnets":[{"id":"a","subnets":[{"name":"s","defaultOutboundAccess":"false"}]}]}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, mode := range []Mode{Lenient, Strict} {
			doc, _, err := Decode(b, mode)
			if err != nil {
				if strings.Contains(err.Error(), "Go struct") {
					t.Fatalf("the error names a Go struct: %v", err)
				}
				continue
			}
			first, err := Encode(doc)
			if err != nil {
				t.Fatalf("Encode of decoded doc: %v", err)
			}
			doc2, _, err := Decode(first, Strict)
			if err != nil {
				t.Fatalf("canonical output does not decode strictly: %v\n%s", err, first)
			}
			second, _ := Encode(doc2)
			if !bytes.Equal(first, second) {
				t.Fatalf("not a fixed point:\n%s\n---\n%s", first, second)
			}
		}
	})
}
