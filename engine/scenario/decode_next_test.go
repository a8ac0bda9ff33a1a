package scenario

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"vnetplay/engine/gen"
	"vnetplay/engine/model"
	"vnetplay/scenarios"
)

// nextAnswer checks that DecodeNext(b, prevB, prev) answers as Decode(b,
// Lenient) does, the document value for value, and that the sizes it keeps
// add up to the document's stored size; it returns what DecodeNext
// returned and whether the shortcut took it.
func nextAnswer(t *testing.T, name string, b, prevB []byte, prev Decoded) (Decoded, bool, error) {
	t.Helper()
	next, diags, err := DecodeNext(b, prevB, prev)
	wdoc, wdiags, werr := Decode(b, Lenient)
	got, want := answer(t, next.doc, diags, err), answer(t, wdoc, wdiags, werr)
	if !bytes.Equal(got.doc, want.doc) || got.err != want.err || !reflect.DeepEqual(got.diags, want.diags) || !reflect.DeepEqual(next.doc, wdoc) {
		t.Fatalf("%s: DecodeNext answered\n%.300s\n%v %q\nDecode\n%.300s\n%v %q", name, got.doc, got.diags, got.err, want.doc, want.diags, want.err)
	}
	took := next.parts != nil // the shortcut's answer (Decode's has none)
	if took {
		checkParts(t, name, next)
	}
	return next, took, err
}

// checkParts checks that d's parts and the length of its document's text
// with an empty topology add up (storedSize) to its EncodeCompact length.
func checkParts(t *testing.T, name string, d Decoded) {
	t.Helper()
	head := *d.doc
	head.Topology = model.Topology{}
	hb, err := EncodeCompact(&head)
	if err != nil {
		t.Fatal(err)
	}
	whole, err := EncodeCompact(d.doc)
	if err != nil {
		t.Fatal(err)
	}
	if got := storedSize(len(hb), d.parts); got != len(whole) {
		t.Fatalf("%s: the parts %v with a head of %d bytes add up to %d bytes; EncodeCompact writes %d", name, d.parts, len(hb), got, len(whole))
	}
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
		prev, _, _ := nextAnswer(t, name+" first", prevB, nil, Decoded{})
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
			got, ok, _ := nextAnswer(t, fmt.Sprintf("%s edit %d", name, i), b, prevB, prev)
			if ok {
				took++
				if len(got.doc.Topology.VNets) > 0 && len(prev.doc.Topology.VNets) > 0 && &got.doc.Topology.VNets[0] == &prev.doc.Topology.VNets[0] {
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
	editsOverTheLimits(t)
}

// editsOverTheLimits: edits that push a design over MaxVNets or a
// challenge limit are refused as Decode refuses them. A design at MaxSize
// exactly, its route tables edited keeping it so, is read by the shortcut;
// one byte more, in the route tables again (the VNets shared, their size
// the one measured for the version before) or outside the topology, and
// the shortcut declines it: DecodeNext answers as Decode then, which
// refuses it (TestLimitsRefuseWithSizeAndLimit). The 4 MB design is
// encoded once and edited as text, and never decoded whole: a reading
// takes a tenth of a second under the race detector.
func editsOverTheLimits(t *testing.T) {
	for _, base := range []struct {
		doc        *Document
		edit, over func(d *Document) // keeping it at the limit, pushing it over
		what       string
	}{
		{bareVNets(MaxVNets, 0), func(d *Document) { d.Topology.VNets[0].Location = "easteurope" },
			func(d *Document) { d.Topology.VNets = append(d.Topology.VNets, model.VNet{ID: "one-more"}) }, "VNets"},
		{bareVNets(2, 0), func(d *Document) { d.Challenge = &Challenge{Hints: []string{"h"}} },
			func(d *Document) { d.Challenge = &Challenge{Hints: slices.Repeat([]string{"h"}, MaxHints+1)} }, "challenge hints"},
	} {
		firstB := edited(t, base.doc, func(*Document) {})
		first, _, _ := DecodeNext(firstB, nil, Decoded{}) // Decode's
		prevB := edited(t, base.doc, base.edit)
		prev, took, err := nextAnswer(t, base.what+" at the limit, edited", prevB, firstB, first)
		if err != nil || !took {
			t.Fatalf("%s: an edit keeping the design at the limit: shortcut %v, %v", base.what, took, err)
		}
		_, _, err = nextAnswer(t, base.what+" over", edited(t, base.doc, base.over), prevB, prev)
		if le := (*LimitError)(nil); !errors.As(err, &le) || le.What != base.what {
			t.Fatalf("%s over: %v, want a limit on %s", base.what, err, base.what)
		}
	}

	big := bareVNets(100, 39_000) // about 3.9 MB compact
	big.Format, big.Version = Format, Latest
	big.Topology.RouteTables = []model.RouteTable{{ID: "rt"}}
	b := edited(t, big, func(*Document) {})
	if len(b) > MaxSize || len(b) < MaxSize-200_000 {
		t.Fatalf("test design: %d bytes", len(b))
	}
	pad := strings.Repeat("x", MaxSize-len(b))
	big.Topology.RouteTables[0].ID += pad // what Decode reads from firstB
	firstB := replaceFirst(t, b, `"id":"rt"`, `"id":"rt`+pad+`"`)
	atB := replaceFirst(t, firstB, `"id":"rtx`, `"id":"rty`)
	at, ok := decodeNext(atB, firstB, Decoded{doc: big, exact: true})
	if !ok || len(atB) != MaxSize || !strings.HasPrefix(at.doc.Topology.RouteTables[0].ID, "rty") {
		t.Fatalf("the shortcut refused an edit keeping a design at MaxSize (%d bytes)", len(atB))
	}
	for name, overB := range map[string][]byte{
		"route tables": replaceFirst(t, atB, `"id":"rty`, `"id":"rtyx`),
		"name":         replaceFirst(t, atB, `"name":"bare"`, `"name":"barex"`),
	} {
		if _, ok := decodeNext(overB, atB, at); ok {
			t.Fatalf("the shortcut read a design over MaxSize by a byte in its %s", name)
		}
	}
}

// replaceFirst replaces the first occurrence of old in b by new.
func replaceFirst(t *testing.T, b []byte, old, new string) []byte {
	t.Helper()
	if !bytes.Contains(b, []byte(old)) {
		t.Fatalf("no %s", old)
	}
	return bytes.Replace(b, []byte(old), []byte(new), 1)
}

// edited is EncodeCompact of a copy of doc changed by change.
func edited(t *testing.T, doc *Document, change func(d *Document)) []byte {
	t.Helper()
	d := Clone(doc)
	change(d)
	b, err := EncodeCompact(d)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// FuzzDecodeNext: for any two inputs, DecodeNext of the second after the
// first (decoded by Decode), then of the first after the second (with the
// sizes DecodeNext measured), answers as Decode.
func FuzzDecodeNext(f *testing.F) {
	s, _ := scenarios.Get("hub-spoke-firewall")
	doc, _, _ := Decode(s.JSON, Lenient)
	a, _ := EncodeCompact(doc)
	doc.Topology.VNets[0].Location = "elsewhere"
	b, _ := EncodeCompact(doc)
	f.Add(a, b)
	f.Add(a, []byte(minimal))
	f.Add([]byte(edgeDoc), []byte(namesDoc))
	for _, c := range leniencies {
		f.Add([]byte(c.prevB), []byte(c.b))
	}
	g, _ := EncodeCompact(&Document{Format: Format, Version: Latest, Name: "gen",
		Topology: gen.HubSpokeScale(gen.Params{N: 4, Subnets: 1, Prefixes: 2, Seed: 1})})
	for _, v := range vnetEdits(f, g) {
		f.Add(g, v.b)
	}
	f.Fuzz(func(t *testing.T, prevB, b []byte) {
		prev, _, _ := nextAnswer(t, "fuzz input, first", prevB, nil, Decoded{})
		next, _, _ := nextAnswer(t, "fuzz input", b, prevB, prev)
		nextAnswer(t, "fuzz input, back", prevB, b, next)
	})
}

// TestDecodeNextReusesElements: VNets edited as text (vnetEdits) keep
// the values of the VNets whose text did not change, wherever they moved:
// an unchanged VNet's subnets are the previous version's, an edited or a
// new one's are not; read back, the first version shares all of its
// VNets with the version before the edit. An edited route shares the
// other route tables. Each answer is Decode's (nextAnswer), the sizes add
// up.
func TestDecodeNextReusesElements(t *testing.T) {
	doc := &Document{Format: Format, Version: Latest, Name: "gen",
		Topology: gen.HubSpokeScale(gen.Params{N: 12, Subnets: 2, Prefixes: 50, Seed: 1})}
	doc.Topology.RouteTables = append(doc.Topology.RouteTables, model.RouteTable{ID: "rt-other",
		Routes: []model.Route{{Name: "r", AddressPrefix: "10.9.0.0/16", NextHopType: model.HopNone}}})
	a, err := EncodeCompact(doc)
	if err != nil {
		t.Fatal(err)
	}
	first, took, _ := nextAnswer(t, "first", a, nil, Decoded{})
	if !first.exact || took {
		t.Fatalf("the first version: exact %v, shortcut %v", first.exact, took)
	}
	prev, _, _ := nextAnswer(t, "again", edited(t, doc, func(d *Document) { d.Name = "again" }), a, first)
	subnet := func(d Decoded, k int) *model.Subnet { return &d.doc.Topology.VNets[k].Subnets[0] }
	for _, e := range vnetEdits(t, a) {
		got, took, err := nextAnswer(t, e.name, e.b, a, prev)
		if !took || err != nil {
			t.Fatalf("%s: shortcut %v, %v", e.name, took, err)
		}
		for k, j := range e.from {
			shared := j >= 0 && subnet(got, k) == subnet(prev, j)
			for jj := range prev.doc.Topology.VNets {
				if j < 0 && subnet(got, k) == subnet(prev, jj) {
					shared = true
				}
			}
			if shared != (j >= 0) {
				t.Fatalf("%s: VNet %d (the version's %d) shared %v", e.name, k, j, shared)
			}
		}
		back, took, _ := nextAnswer(t, e.name+", back", a, e.b, got)
		if !took {
			t.Fatalf("%s, back: no shortcut", e.name)
		}
		for _, j := range e.from {
			if j >= 0 && subnet(back, j) != subnet(prev, j) {
				t.Fatalf("%s, back: VNet %d not shared", e.name, j)
			}
		}
	}

	rts := doc.Topology.RouteTables
	if len(rts) < 2 || len(rts[0].Routes) == 0 {
		t.Fatalf("the design has %d route tables", len(rts))
	}
	got, took, _ := nextAnswer(t, "a route", edited(t, doc, func(d *Document) {
		d.Topology.RouteTables[0].Routes[0].AddressPrefix = "10.201.0.0/16"
	}), a, prev)
	if !took {
		t.Fatal("a route: no shortcut")
	}
	shared := 0
	for k := range rts {
		if len(rts[k].Routes) > 0 && &got.doc.Topology.RouteTables[k].Routes[0] == &prev.doc.Topology.RouteTables[k].Routes[0] {
			shared++
		}
	}
	if want := len(rts) - 1; shared != want {
		t.Fatalf("a route: %d route tables shared, want %d", shared, want)
	}
}

// leniencies are versions read by Decode's general path, each with a
// next version that has the same text of their VNets: their values are
// not that text's alone (an unknown field ignored, a repeated or folded
// key merged, an older version migrated), and DecodeNext must not reuse
// them.
var leniencies = []struct{ prevB, b string }{
	{`{"format":"vnetplay/scenario","version":1,"name":"a","topology":{"vnets":[{"id":"a","zzz":1}]}}`,
		`{"format":"vnetplay/scenario","version":1,"name":"b","topology":{"vnets":[{"id":"a","zzz":1}]}}`},
	{`{"format":"vnetplay/scenario","version":1,"name":"a","topology":{"vnets":[{"id":"a","location":"x"}],"vnets":[{"id":"a"}]}}`,
		`{"format":"vnetplay/scenario","version":1,"name":"b","topology":{"vnets":[{"id":"a"}]}}`},
	{`{"format":"vnetplay/scenario","version":1,"name":"a","topology":{"VNETS":[{"id":"a","location":"x"}],"vnets":[{"id":"a"}]}}`,
		`{"format":"vnetplay/scenario","version":1,"name":"b","topology":{"vnets":[{"id":"a"}]}}`},
	{`{"format":"vnetplay/scenario","version":1,"name":"a","topology":{"vnets":[{"id":"a","location":"x"},{"id":"b"}],"vnets":[{"id":"a"},{"id":"b"}]}}`,
		`{"format":"vnetplay/scenario","version":1,"name":"b","topology":{"vnets":[{"id":"b"},{"id":"a"}]}}`},
	{`{"format":"vnetplay/scenario","version":0,"name":"a","topology":{"vnets":[{"id":"a","region":"x"}]}}`,
		`{"format":"vnetplay/scenario","version":1,"name":"b","topology":{"vnets":[{"id":"a","region":"x"}]}}`},
}

// TestDecodeNextAfterLenientReading: a version Decode read leniently
// lends nothing to the next (leniencies), which DecodeNext reads as
// Decode does.
func TestDecodeNextAfterLenientReading(t *testing.T) {
	for i, c := range leniencies {
		prev, _, _ := nextAnswer(t, fmt.Sprint("lenient ", i), []byte(c.prevB), nil, Decoded{})
		nextAnswer(t, fmt.Sprint("after lenient ", i), []byte(c.b), []byte(c.prevB), prev)
	}
}

// vnetEdit is a version of a design made by editing its text's VNets
// array: its elements are those of the version's (by index) or, -1, new.
type vnetEdit struct {
	name string
	b    []byte
	from []int
}

// vnetEdits edits the text's VNets array (at least four elements) as
// text, so as to keep every other element's bytes: the hub's location
// edited, a VNet inserted first, one deleted, the array reversed, the
// first VNet twice, the first VNet moved last, a VNet replaced by another.
func vnetEdits(tb testing.TB, b []byte) []vnetEdit {
	tb.Helper()
	_, _, members, ok := topologySpans(b)
	var vnets span
	for _, m := range members {
		if m.key == "vnets" {
			vnets = m
		}
	}
	els, ok2 := arrayElements(b[vnets.start:vnets.end])
	if !ok || !ok2 || len(els) < 4 {
		tb.Fatalf("no VNets array of four in %.100s", b)
	}
	text := func(k int) string {
		return string(b[vnets.start+els[k].start : vnets.start+els[k].end])
	}
	n := len(els)
	build := func(name string, from ...int) vnetEdit {
		parts := make([]string, len(from))
		for k, j := range from {
			parts[k] = `{"id":"inserted","location":"westeurope","addressSpace":{"addressPrefixes":["10.250.0.0/16"]},"subnets":[{"name":"s","addressPrefix":"10.250.0.0/24"}]}`
			if j >= 0 {
				parts[k] = text(j)
			}
		}
		out := append(append(append([]byte{}, b[:vnets.start]...), "["+strings.Join(parts, ",")+"]"...), b[vnets.end:]...)
		return vnetEdit{name, out, from}
	}
	all := func() []int {
		s := make([]int, n)
		for k := range s {
			s[k] = k
		}
		return s
	}
	edited := build("the first VNet's location", all()...)
	if !strings.Contains(text(0), `"location":"`) {
		tb.Fatalf("no location in %.100s", text(0))
	}
	edited.b = bytes.Replace(edited.b, []byte(text(0)), []byte(strings.Replace(text(0), `"location":"`, `"location":"x`, 1)), 1)
	edited.from[0] = -1
	reversed := all()
	slices.Reverse(reversed)
	return []vnetEdit{
		edited,
		build("a VNet inserted first", append([]int{-1}, all()...)...),
		build("the second VNet deleted", slices.Delete(all(), 1, 2)...),
		build("reversed", reversed...),
		build("the first VNet twice", append([]int{0}, all()...)...),
		build("the first VNet moved last", append(all()[1:], 0)...),
		build("the second VNet replaced by the third", slices.Replace(all(), 1, 2, 2)...),
	}
}
