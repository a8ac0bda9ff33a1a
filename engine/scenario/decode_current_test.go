package scenario

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"vnetplay/engine/gen"
	"vnetplay/engine/model"
	"vnetplay/scenarios"
)

// decodeAnswer is everything Decode returns, comparable.
type decodeAnswer struct {
	doc   []byte // the document as Encode writes it (nil: none)
	diags []model.Diagnostic
	err   string
}

func answer(t *testing.T, doc *Document, diags []model.Diagnostic, err error) decodeAnswer {
	t.Helper()
	a := decodeAnswer{diags: diags}
	if err != nil {
		a.err = err.Error()
	}
	if doc != nil {
		b, eerr := Encode(doc)
		if eerr != nil {
			t.Fatalf("Encode: %v", eerr)
		}
		a.doc = b
	}
	return a
}

// sameAsGeneral checks that Decode answers b as the general path does, in
// both modes, and returns whether the one-pass path took it.
func sameAsGeneral(t *testing.T, name string, b []byte) bool {
	t.Helper()
	// Both paths read the text DecodeText gives (a byte order mark
	// dropped, UTF-16 decoded); text it refuses reaches neither.
	text, terr := DecodeText(b)
	for _, mode := range []Mode{Lenient, Strict} {
		doc, diags, err := Decode(b, mode)
		got := answer(t, doc, diags, err)
		if len(b) <= MaxFileSize && terr != nil {
			if err == nil || !strings.Contains(err.Error(), terr.Error()) {
				t.Fatalf("%s (mode %d): Decode answered %v, want the text's error %v", name, mode, err, terr)
			}
			continue
		}
		if len(b) <= MaxFileSize { // larger is refused before either path
			doc, diags, err = decodeGeneral(text, mode)
		}
		want := answer(t, doc, diags, err)
		if !bytes.Equal(got.doc, want.doc) || got.err != want.err || !reflect.DeepEqual(got.diags, want.diags) {
			t.Fatalf("%s (mode %d): Decode answered\n%.300s\n%v %q\nthe general path\n%.300s\n%v %q", name, mode, got.doc, got.diags, got.err, want.doc, want.diags, want.err)
		}
	}
	if terr != nil {
		return false
	}
	_, took := decodeCurrent(text)
	return took
}

// TestDecodeCurrentEqualsGeneral: the one-pass path gives the general
// path's answer on every built-in scenario, every test file, generated
// designs and inputs made to catch it out (keys in another case, escaped
// or repeated keys, unknown fields, older versions, trailing data), and it
// is the path taken for the current documents with nothing unknown.
func TestDecodeCurrentEqualsGeneral(t *testing.T) {
	for _, sc := range scenarios.All() {
		if !sameAsGeneral(t, sc.Name, sc.JSON) {
			t.Errorf("%s: the built-in scenario took the general path", sc.Name)
		}
	}
	files, _ := filepath.Glob("testdata/*/*/*.json")
	more, _ := filepath.Glob("testdata/*.json")
	for _, f := range append(files, more...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sameAsGeneral(t, f, b)
	}
	for _, n := range []int{10, 200} {
		topo := gen.HubSpokeScale(gen.Params{N: n, Subnets: 2, Prefixes: 100, Seed: 1})
		b, err := Encode(&Document{Format: Format, Version: Latest, Topology: topo})
		if err != nil {
			t.Fatal(err)
		}
		if !sameAsGeneral(t, fmt.Sprint("HubSpokeScale ", n), b) {
			t.Errorf("HubSpokeScale %d took the general path", n)
		}
		compact, _ := EncodeCompact(&Document{Format: Format, Version: Latest, Topology: topo})
		if !sameAsGeneral(t, fmt.Sprint("compact HubSpokeScale ", n), compact) {
			t.Errorf("compact HubSpokeScale %d took the general path", n)
		}
	}
	head := fmt.Sprintf(`"format":%q,"version":%d`, Format, Latest)
	cases := []struct {
		name string
		json string
		fast bool // the one-pass path takes it
	}{
		{"minimal", `{` + head + `}`, true},
		{"byte order mark", "\xef\xbb\xbf{" + head + `}`, true},
		{"spaces", " \n\t{ " + strings.ReplaceAll(head, ",", " , ") + ` , "topology" : { "vnets" : [ ] } } ` + "\n", true},
		{"escaped key", `{"\u0066ormat":` + fmt.Sprintf("%q", Format) + fmt.Sprintf(`,"version":%d}`, Latest), true},
		{"escaped quote in a value", `{` + head + `,"topology":{"vnets":[{"id":"a\"b{[","location":"x"}]}}`, true},
		{"format in another case", fmt.Sprintf(`{"Format":%q,"version":%d}`, Format, Latest), false},
		{"version in another case", fmt.Sprintf(`{"format":%q,"VERSION":%d}`, Format, Latest), false},
		{"topology in another case", `{` + head + `,"Topology":{"vnets":[]}}`, false},
		{"vnets in another case", `{` + head + `,"topology":{"VNets":[{"id":"a"}]}}`, false},
		{"repeated format", fmt.Sprintf(`{"format":"x",%s}`, head), true},
		{"repeated format in another case", fmt.Sprintf(`{%s,"FORMAT":"x"}`, head), false},
		{"repeated topology", `{` + head + `,"topology":{"vnets":[{"id":"a"}]},"topology":{"routeTables":[]}}`, true},
		{"unknown top-level field", `{` + head + `,"extra":1}`, false},
		{"unknown nested field", `{` + head + `,"topology":{"vnets":[{"id":"a","colour":"red"}]}}`, false},
		{"field in another case", `{` + head + `,"topology":{"vnets":[{"ID":"a"}]}}`, true},
		{"older version", fmt.Sprintf(`{"format":%q,"version":0}`, Format), false},
		{"newer version", fmt.Sprintf(`{"format":%q,"version":%d}`, Format, Latest+1), false},
		{"version not an integer", fmt.Sprintf(`{"format":%q,"version":%d.5}`, Format, Latest), false},
		{"version as a float", fmt.Sprintf(`{"format":%q,"version":%d.0}`, Format, Latest), false},
		{"wrong format", fmt.Sprintf(`{"format":"other","version":%d}`, Latest), false},
		{"trailing data", `{` + head + `} {}`, false},
		{"trailing comma", `{` + head + `,}`, false},
		{"unterminated", `{` + head + `,"topology":{"vnets":[`, false},
		{"not an object", `[1,2]`, false},
		{"null", `null`, false},
		{"empty", ``, false},
		{"null topology", `{` + head + `,"topology":null}`, true},
		{"wrong type", `{` + head + `,"topology":{"vnets":{}}}`, false},
	}
	for _, c := range cases {
		if took := sameAsGeneral(t, c.name, []byte(c.json)); took != c.fast {
			t.Errorf("%s: the one-pass path took it: %v, want %v", c.name, took, c.fast)
		}
	}
}

// TestDocumentFieldsArePlain: the general path finds unknown fields by
// walking the Document type's JSON names (unknown.go), the one-pass path
// by encoding/json's; they agree while no struct in a document embeds
// another (encoding/json promotes an embedded struct's fields, the walk
// does not).
func TestDocumentFieldsArePlain(t *testing.T) {
	seen := map[reflect.Type]bool{}
	var walk func(ty reflect.Type, path string)
	walk = func(ty reflect.Type, path string) {
		for ty.Kind() == reflect.Pointer || ty.Kind() == reflect.Slice || ty.Kind() == reflect.Map || ty.Kind() == reflect.Array {
			ty = ty.Elem()
		}
		if ty.Kind() != reflect.Struct || seen[ty] {
			return
		}
		seen[ty] = true
		for i := range ty.NumField() {
			f := ty.Field(i)
			if f.Anonymous {
				t.Errorf("%s embeds %s", path, f.Type)
			}
			walk(f.Type, path+"."+f.Name)
		}
	}
	walk(reflect.TypeFor[Document](), "Document")
}

func FuzzDecodeCurrentEqualsGeneral(f *testing.F) {
	head := fmt.Sprintf(`"format":%q,"version":%d`, Format, Latest)
	f.Add([]byte(`{` + head + `}`))
	f.Add([]byte(`{` + head + `,"topology":{"vnets":[{"id":"a","addressSpace":{"addressPrefixes":["10.0.0.0/16"]}}]}}`))
	f.Add([]byte(`{"Format":"x",` + head + `,"topology":{"VNETS":[]}}`))
	f.Add([]byte(minimal))
	f.Add([]byte(edgeDoc))
	f.Add([]byte(namesDoc))
	f.Fuzz(func(t *testing.T, b []byte) {
		sameAsGeneral(t, "fuzz input", b)
	})
}

// BenchmarkDecode: the one-pass path (impl=current, what Decode takes for
// a current document) against the general path (impl=general: a generic
// decoding, the document's, the walk for unknown fields) on the browser
// benchmark's 500-VNet design.
func BenchmarkDecode(b *testing.B) {
	topo := gen.HubSpokeScale(gen.Params{N: 499, Subnets: 2, Prefixes: 1000, Seed: 1})
	raw, err := Encode(&Document{Format: Format, Version: Latest, Topology: topo})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("impl=current", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			if _, ok := decodeCurrent(raw); !ok {
				b.Fatal("took the general path")
			}
		}
	})
	b.Run("impl=general", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			if _, _, err := decodeGeneral(raw, Lenient); err != nil {
				b.Fatal(err)
			}
		}
	})
}
