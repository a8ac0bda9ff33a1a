package scenario

import (
	"bytes"
	"fmt"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"vnetplay/engine/gen"
	"vnetplay/scenarios"
)

// nextAnswer checks that DecodeNext(b, prevB, prev) answers as Decode(b,
// Lenient) does, the document value for value, and returns that document
// and whether the shortcut took it.
func nextAnswer(t *testing.T, name string, b, prevB []byte, prev *Document) (*Document, bool) {
	t.Helper()
	doc, diags, err := DecodeNext(b, prevB, prev)
	wdoc, wdiags, werr := Decode(b, Lenient)
	got, want := answer(t, doc, diags, err), answer(t, wdoc, wdiags, werr)
	if !bytes.Equal(got.doc, want.doc) || got.err != want.err || !reflect.DeepEqual(got.diags, want.diags) || !reflect.DeepEqual(doc, wdoc) {
		t.Fatalf("%s: DecodeNext answered\n%.300s\n%v %q\nDecode\n%.300s\n%v %q", name, got.doc, got.diags, got.err, want.doc, want.diags, want.err)
	}
	took := false
	if prev != nil && len(b) <= MaxFileSize {
		_, took = decodeNext(b, prevB, prev)
	}
	return doc, took
}

// mutate makes one random edit of doc (a copy), as the page's edits do:
// a VNet's location, a route's prefix, a VM removed, a route table added,
// the name.
func mutate(doc *Document, r *rand.Rand) *Document {
	d := Clone(doc)
	t := &d.Topology
	switch r.IntN(5) {
	case 0:
		if len(t.VNets) > 0 {
			t.VNets[r.IntN(len(t.VNets))].Location = fmt.Sprintf("region%d", r.IntN(4))
		}
	case 1:
		if len(t.RouteTables) > 0 {
			rt := &t.RouteTables[r.IntN(len(t.RouteTables))]
			if len(rt.Routes) > 0 {
				rt.Routes[r.IntN(len(rt.Routes))].AddressPrefix = fmt.Sprintf("10.%d.0.0/16", 100+r.IntN(100))
			}
		}
	case 2:
		if len(t.VMs) > 0 {
			t.VMs = t.VMs[:len(t.VMs)-1]
		}
	case 3:
		t.RouteTables = append(t.RouteTables, t.RouteTables...)
		if len(t.RouteTables) == 0 {
			t.RouteTables = nil
		}
	default:
		d.Name = fmt.Sprintf("design %d", r.IntN(9))
	}
	return d
}

// TestDecodeNextEqualsDecode: along six random edits of every built-in
// scenario and a generated design, each version read by DecodeNext from
// the one before is Decode's, and the shortcut is taken, sharing the
// collections whose text did not change; input it cannot read (another
// design before it, an unknown key, trailing data, a document that is
// not one) is Decode's too.
func TestDecodeNextEqualsDecode(t *testing.T) {
	designs := map[string]*Document{"HubSpoke-21": {Format: Format, Version: Latest, Name: "gen",
		Topology: gen.HubSpokeScale(gen.Params{N: 12, Subnets: 2, Prefixes: 50, Seed: 1})}}
	for _, s := range scenarios.All() {
		d, _, err := Decode(s.JSON, Lenient)
		if err != nil {
			t.Fatal(err)
		}
		designs[s.Name] = d
	}
	r := rand.New(rand.NewPCG(1, 2))
	took, shared := 0, 0
	var other []byte
	for _, name := range slices.Sorted(maps.Keys(designs)) {
		doc := designs[name]
		prevB, err := EncodeCompact(doc)
		if err != nil {
			t.Fatal(err)
		}
		prev, _ := nextAnswer(t, name+" first", prevB, nil, nil)
		if other != nil {
			nextAnswer(t, name+" after another design", prevB, other, prev)
		}
		other = prevB
		for i := range 6 {
			doc = mutate(doc, r)
			b, err := EncodeCompact(doc)
			if err != nil {
				t.Fatal(err)
			}
			got, ok := nextAnswer(t, fmt.Sprintf("%s edit %d", name, i), b, prevB, prev)
			if ok {
				took++
				if len(got.Topology.VNets) > 0 && len(prev.Topology.VNets) > 0 && &got.Topology.VNets[0] == &prev.Topology.VNets[0] {
					shared++
				}
			}
			prev, prevB = got, b
		}
		for _, bad := range [][]byte{
			bytes.Replace(prevB, []byte(`"topology":{`), []byte(`"topology":{"bogus":1,`), 1),
			bytes.Replace(prevB, []byte(`"topology":{`), []byte(`"topology":{"VNETS":[],`), 1),
			append(bytes.Clone(prevB), " {}"...),
			[]byte(`[]`),
			bytes.Replace(prevB, []byte(`"topology":{`), []byte(`"topology":{"vnets":[],"vnets":[],`), 1),
		} {
			nextAnswer(t, name+" unreadable", bad, prevB, prev)
		}
	}
	if took == 0 || shared == 0 {
		t.Fatalf("the shortcut was taken %d times, sharing the VNets %d times", took, shared)
	}
}

// FuzzDecodeNext: for any two inputs, DecodeNext of the second after the
// first (decoded by Decode) answers as Decode.
func FuzzDecodeNext(f *testing.F) {
	s, _ := scenarios.Get("hub-spoke-firewall")
	doc, _, _ := Decode(s.JSON, Lenient)
	a, _ := EncodeCompact(doc)
	doc.Topology.VNets[0].Location = "elsewhere"
	b, _ := EncodeCompact(doc)
	f.Add(a, b)
	f.Add(a, []byte(minimal))
	f.Add([]byte(edgeDoc), []byte(namesDoc))
	f.Fuzz(func(t *testing.T, prevB, b []byte) {
		prev, _, err := Decode(prevB, Lenient)
		if err != nil {
			prev = nil
		}
		nextAnswer(t, "fuzz input", b, prevB, prev)
	})
}
