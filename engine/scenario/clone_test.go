package scenario_test

import (
	"bytes"
	"encoding"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"vnetplay/engine/gen"
	"vnetplay/engine/scenario"
	"vnetplay/scenarios"
)

// roundTrip is the oracle: the JSON round trip Clone replaces.
func roundTrip(t testing.TB, doc *scenario.Document) *scenario.Document {
	t.Helper()
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatalf("json.Marshal: %v", err)
	}
	var out scenario.Document
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("json.Unmarshal: %v", err)
	}
	return &out
}

// checkClone checks Clone(doc) against the JSON round trip: deeply equal,
// the same canonical encoding, and no memory shared with doc.
func checkClone(t testing.TB, name string, doc *scenario.Document) {
	t.Helper()
	before, _ := json.Marshal(doc)
	c := scenario.Clone(doc)
	want := roundTrip(t, doc)
	if !reflect.DeepEqual(c, want) {
		t.Fatalf("%s: Clone differs from the JSON round trip:\n%s", name, diffValues(reflect.ValueOf(c), reflect.ValueOf(want), "doc"))
	}
	ec, err1 := scenario.Encode(c)
	ew, err2 := scenario.Encode(want)
	if err1 != nil || err2 != nil || !bytes.Equal(ec, ew) {
		t.Fatalf("%s: encodings differ (%v, %v):\n%s\n---\n%s", name, err1, err2, ec, ew)
	}
	if p := shared(doc, c); p != "" {
		t.Fatalf("%s: the copy shares memory with the original at %s", name, p)
	}
	if after, _ := json.Marshal(doc); !bytes.Equal(before, after) {
		t.Fatalf("%s: Clone modified the original", name)
	}
	if tc := scenario.CloneTopology(&doc.Topology); !reflect.DeepEqual(*tc, want.Topology) || shared(&doc.Topology, tc) != "" {
		t.Fatalf("%s: CloneTopology differs from Clone's topology or shares memory", name)
	}
}

// TestCloneBuiltins: every built-in scenario, and the design with every
// kind of reference.
func TestCloneBuiltins(t *testing.T) {
	all := scenarios.All()
	if len(all) == 0 {
		t.Fatal("no built-in scenarios")
	}
	for _, s := range all {
		doc, _, err := scenario.Decode(s.JSON, scenario.Strict)
		if err != nil {
			t.Fatalf("%s: %v", s.Name, err)
		}
		checkClone(t, s.Name, doc)
		checkClone(t, s.Name+" (canonical)", scenario.Canonical(doc))
	}
	doc, _, err := scenario.Decode([]byte(everyReference), scenario.Strict)
	if err != nil {
		t.Fatal(err)
	}
	checkClone(t, "everyReference", doc)
}

// TestCloneGenerated: the generated designs of the benchmarks.
func TestCloneGenerated(t *testing.T) {
	for _, n := range []int{0, 1, 10, 250} {
		checkClone(t, fmt.Sprint("HubSpoke-", n), &scenario.Document{Format: scenario.Format, Version: scenario.Latest, Topology: gen.HubSpoke(n)})
	}
	for _, kind := range gen.Kinds() {
		for _, p := range []gen.Params{{N: 3, Seed: 1}, {N: 12, Prefixes: 50, UDRs: 10, Branch: 20, Seed: 2}} {
			top, err := gen.Generate(kind, p)
			if err != nil {
				t.Fatal(err)
			}
			checkClone(t, fmt.Sprintf("%s-%+v", kind, p), &scenario.Document{Format: scenario.Format, Version: scenario.Latest, Topology: top})
		}
	}
	top := gen.UDRTables(20)
	checkClone(t, "UDRTables-20", &scenario.Document{Topology: top})
}

// TestCloneNil: nil in, nil out.
func TestCloneNil(t *testing.T) {
	if scenario.Clone(nil) != nil || scenario.CloneTopology(nil) != nil {
		t.Fatal("Clone(nil) or CloneTopology(nil) is not nil")
	}
	checkClone(t, "zero", &scenario.Document{})
}

// TestCloneEveryField fills every field of every type reachable from
// Document with a distinct non-zero value (every slice and map with two
// elements, every pointer set) and checks that the copy is deeply equal,
// equal to the JSON round trip and shares no memory. A slice, map or
// pointer field added to the model but not to Clone fails here.
func TestCloneEveryField(t *testing.T) {
	var doc scenario.Document
	f := filler{t: t, full: true}
	f.fill(reflect.ValueOf(&doc).Elem(), "doc")
	if p := zeroField(reflect.ValueOf(doc), "doc"); p != "" {
		t.Fatalf("the filler left %s zero", p)
	}
	c := scenario.Clone(&doc)
	if !reflect.DeepEqual(c, &doc) {
		t.Fatalf("Clone misses a field:\n%s", diffValues(reflect.ValueOf(c), reflect.ValueOf(&doc), "doc"))
	}
	checkClone(t, "every field", &doc)
}

// TestCloneRandom: random documents built by reflection, with every mix of
// nil, empty and filled slices and maps, nil and set pointers, zero and
// non-zero values, against the JSON round trip. This is where an
// `omitempty` handled wrongly (an empty slice that must come back nil, or
// one that must stay empty) shows.
func TestCloneRandom(t *testing.T) {
	for seed := range uint64(3000) {
		var doc scenario.Document
		f := filler{t: t, r: rand.New(rand.NewPCG(seed, 7))}
		f.fill(reflect.ValueOf(&doc).Elem(), "doc")
		checkClone(t, fmt.Sprint("seed ", seed), &doc)
	}
}

// TestCloneTypesArePlain: Clone copies fields; the JSON round trip runs
// custom marshalers, drops `json:"-"` and unexported fields. None of these
// exist in a document today: one that appears needs a decision in Clone
// (and a case here).
func TestCloneTypesArePlain(t *testing.T) {
	marshalers := []reflect.Type{reflect.TypeFor[json.Marshaler](), reflect.TypeFor[json.Unmarshaler](),
		reflect.TypeFor[encoding.TextMarshaler](), reflect.TypeFor[encoding.TextUnmarshaler]()}
	seen := map[reflect.Type]bool{}
	var walk func(reflect.Type, string)
	walk = func(ty reflect.Type, path string) {
		if seen[ty] {
			return
		}
		seen[ty] = true
		if ty == reflect.TypeFor[json.RawMessage]() { // a challenge baseline: Clone copies it as the round trip writes it (cloneRaw)
			return
		}
		for _, m := range marshalers {
			if ty.Implements(m) || reflect.PointerTo(ty).Implements(m) {
				t.Errorf("%s (%s) implements %s", path, ty, m)
			}
		}
		switch ty.Kind() {
		case reflect.Pointer, reflect.Slice:
			walk(ty.Elem(), path+"[]")
		case reflect.Map:
			walk(ty.Key(), path+"{key}")
			walk(ty.Elem(), path+"{}")
		case reflect.Struct:
			for i := range ty.NumField() {
				sf := ty.Field(i)
				if !sf.IsExported() || sf.Anonymous {
					t.Errorf("%s.%s is unexported or embedded", path, sf.Name)
				}
				if tag := sf.Tag.Get("json"); tag == "-" {
					t.Errorf("%s.%s is tagged %q", path, sf.Name, tag)
				}
				if _, opts, _ := strings.Cut(sf.Tag.Get("json"), ","); strings.Contains(opts, "string") || strings.Contains(opts, "inline") {
					t.Errorf("%s.%s has tag options %q", path, sf.Name, opts)
				}
				walk(sf.Type, path+"."+sf.Name)
			}
		case reflect.String, reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		default:
			t.Errorf("%s has kind %s, which Clone and these tests do not handle", path, ty.Kind())
		}
	}
	walk(reflect.TypeFor[scenario.Document](), "doc")
}

// TestCloneKeepsWhatJSONLoses documents where Clone and the round trip
// differ: strings that are not UTF-8 and non-finite positions. Neither
// comes out of Decode; the copy keeps them as they are.
func TestCloneKeepsWhatJSONLoses(t *testing.T) {
	doc := &scenario.Document{Name: "bad\xff", Layout: &scenario.Layout{Nodes: map[string]scenario.Point{"a\xfe": {X: 1}, "a\xff": {X: 2}}}}
	c := scenario.Clone(doc)
	if !reflect.DeepEqual(c, doc) {
		t.Fatalf("Clone changed invalid UTF-8: %#v", c)
	}
	if rt := roundTrip(t, doc); rt.Name != "bad\uFFFD" || len(rt.Layout.Nodes) != 1 {
		t.Fatalf("the JSON round trip no longer replaces invalid UTF-8: %#v", rt)
	}
	nan := &scenario.Document{Layout: &scenario.Layout{Nodes: map[string]scenario.Point{"a": {X: 1, Y: 0}}}}
	nan.Layout.Nodes["a"] = scenario.Point{X: 1, Y: math.Inf(1)}
	if c := scenario.Clone(nan); c.Layout.Nodes["a"] != nan.Layout.Nodes["a"] {
		t.Fatal("Clone changed an infinite position")
	}
	if _, err := json.Marshal(nan); err == nil {
		t.Fatal("json.Marshal now accepts an infinite position")
	}
}

// FuzzClone: whatever the file, the copy of the decoded document equals
// its JSON round trip, encodes the same and shares no memory.
func FuzzClone(f *testing.F) {
	for _, b := range designs(f) {
		f.Add(b)
	}
	f.Add([]byte(`{"format":"vnetplay/scenario","version":1,"topology":{"vnets":[{"id":"a","addressSpace":{"addressPrefixes":[]},"subnets":[],"summarizedGatewayPrefixes":[]}],"virtualMachines":[{"id":"v","networkInterfaces":[]}],"loadBalancers":[{"id":"l","backends":null}],"peerings":[{"id":"p","a":{"vnet":"a","allowVirtualNetworkAccess":false,"remoteAddressSpace":{"addressPrefixes":null}},"b":{}}]},"failures":{"x":[],"y":null},"expect":[],"layout":{"nodes":{}}}`))
	f.Add([]byte(`{"format":"vnetplay/scenario","version":1,"failures":{},"layout":{},"expect":[{"id":"e","reachable":true}],"topology":{"virtualNetworkGateways":[{"id":"g","bgpSettings":{},"vpnClientConfiguration":{"vpnClientAddressPool":{"addressPrefixes":[]},"customRoutes":{"addressPrefixes":["1.0.0.0/8"]},"clients":[]}}],"sites":[{"id":"s","addressPrefixes":[],"hosts":[]}]}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		doc, _, err := scenario.Decode(b, scenario.Lenient)
		if err != nil {
			return
		}
		checkClone(t, "fuzz", doc)
	})
}

// BenchmarkClone compares, in the same run, the JSON round trip the
// session used (impl=naive) with Clone (impl=clone).
func BenchmarkClone(b *testing.B) {
	for _, n := range []int{10, 100, 500} {
		doc := &scenario.Document{Format: scenario.Format, Version: scenario.Latest, Topology: gen.HubSpoke(n)}
		b.Run(fmt.Sprintf("hubspoke-%d/impl=naive", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				roundTrip(b, doc)
			}
		})
		b.Run(fmt.Sprintf("hubspoke-%d/impl=clone", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				scenario.Clone(doc)
			}
		})
	}
}

// filler sets values by reflection: every field non-zero and every slice
// and map with two elements when full, else at random.
type filler struct {
	t    testing.TB
	r    *rand.Rand
	full bool
	n    int
}

func (f *filler) pick(n int) int {
	if f.full {
		return n - 1
	}
	return f.r.IntN(n)
}

func (f *filler) fill(v reflect.Value, path string) {
	f.n++
	if v.Type() == reflect.TypeFor[json.RawMessage]() { // a challenge baseline: JSON text
		raws := []string{"", `[ "a", "x<&>\u2028" ]`, "null", `{"k": [1, 2.5, true], "s": "ünï"}`}
		if f.full {
			v.SetBytes([]byte(fmt.Sprintf(`{"s":"s%d"}`, f.n)))
			return
		}
		if r := raws[f.r.IntN(len(raws))]; r != "" || f.r.IntN(2) == 0 { // "": nil or empty
			v.SetBytes([]byte(r))
		}
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			if !v.Type().Field(i).IsExported() {
				f.t.Fatalf("%s.%s is unexported: the JSON round trip drops it", path, v.Type().Field(i).Name)
			}
			f.fill(v.Field(i), path+"."+v.Type().Field(i).Name)
		}
	case reflect.Pointer:
		if f.pick(3) == 0 {
			return // nil
		}
		v.Set(reflect.New(v.Type().Elem()))
		f.fill(v.Elem(), path)
	case reflect.Slice:
		switch k := f.pick(4); k {
		case 0: // nil
		case 1:
			v.Set(reflect.MakeSlice(v.Type(), 0, f.pick(2))) // empty, maybe with room
		default:
			n := k - 1
			if f.full {
				n = 2
			}
			v.Set(reflect.MakeSlice(v.Type(), n, n+f.pick(2)))
			for i := range n {
				f.fill(v.Index(i), fmt.Sprintf("%s[%d]", path, i))
			}
		}
	case reflect.Map:
		n := f.pick(4) - 1 // nil, empty, one or two entries
		if n < 0 {
			return
		}
		v.Set(reflect.MakeMap(v.Type()))
		for i := range n {
			key := reflect.New(v.Type().Key()).Elem()
			f.fill(key, path+"{key}")
			if f.full {
				key.SetString(fmt.Sprint("key", f.n, i))
			}
			val := reflect.New(v.Type().Elem()).Elem()
			f.fill(val, fmt.Sprintf("%s{%d}", path, i))
			v.SetMapIndex(key, val)
		}
	case reflect.String:
		if f.full {
			v.SetString(fmt.Sprint("s", f.n))
			return
		}
		v.SetString([]string{"", "a", "b", "x<&>\u2028\"\\", "ünïcødé", "10.0.0.0/8"}[f.r.IntN(6)])
	case reflect.Bool:
		v.SetBool(f.full || f.r.IntN(2) == 1)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if f.full {
			v.SetInt(int64(f.n))
			return
		}
		v.SetInt([]int64{0, 1, -1, 65000, 1 << 31}[f.r.IntN(5)] & (1<<(v.Type().Bits()-1) - 1))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if f.full {
			v.SetUint(uint64(f.n))
			return
		}
		v.SetUint([]uint64{0, 1, 65515, 1<<32 - 1}[f.r.IntN(4)] & (1<<v.Type().Bits() - 1))
	case reflect.Float32, reflect.Float64:
		if f.full {
			v.SetFloat(float64(f.n) + 0.25)
			return
		}
		v.SetFloat([]float64{0, 1.5, -2, 1e300, 0.1, 123456.789}[f.r.IntN(6)])
	default:
		f.t.Fatalf("%s has kind %s, which the filler does not handle", path, v.Kind())
	}
}

// zeroField returns the path of the first zero field, slice, map or
// pointer under v ("" if none).
func zeroField(v reflect.Value, path string) string {
	if v.IsZero() {
		return path
	}
	switch v.Kind() {
	case reflect.Pointer:
		return zeroField(v.Elem(), path)
	case reflect.Struct:
		for i := range v.NumField() {
			if p := zeroField(v.Field(i), path+"."+v.Type().Field(i).Name); p != "" {
				return p
			}
		}
	case reflect.Slice:
		if v.Len() == 0 {
			return path + "[]"
		}
		for i := range v.Len() {
			if p := zeroField(v.Index(i), fmt.Sprintf("%s[%d]", path, i)); p != "" {
				return p
			}
		}
	case reflect.Map:
		if v.Len() == 0 {
			return path + "{}"
		}
		for it := v.MapRange(); it.Next(); {
			if p := zeroField(it.Value(), path+"{"+it.Key().String()+"}"); p != "" {
				return p
			}
		}
	}
	return ""
}

// span is the memory a pointer, slice or map refers to.
type span struct {
	lo, hi uintptr
	path   string
}

// spans lists the memory that v refers to through pointers, slice backing
// arrays (their whole capacity) and maps. Strings are immutable and not
// listed.
func spans(v reflect.Value, path string, out *[]span) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return
		}
		p := v.Pointer()
		*out = append(*out, span{p, p + max(v.Type().Elem().Size(), 1), path})
		spans(v.Elem(), path, out)
	case reflect.Slice:
		if v.Cap() > 0 {
			p := v.Pointer()
			*out = append(*out, span{p, p + uintptr(v.Cap())*max(v.Type().Elem().Size(), 1), path})
		}
		for i := range v.Len() {
			spans(v.Index(i), fmt.Sprintf("%s[%d]", path, i), out)
		}
	case reflect.Map:
		if v.IsNil() {
			return
		}
		p := v.Pointer()
		*out = append(*out, span{p, p + 1, path})
		for it := v.MapRange(); it.Next(); {
			spans(it.Value(), path+"{"+it.Key().String()+"}", out)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			spans(v.Field(i), path+"."+v.Type().Field(i).Name, out)
		}
	}
}

// shared returns the path in b of the first memory that a and b share.
func shared(a, b any) string {
	var sa, sb []span
	spans(reflect.ValueOf(a), "", &sa)
	spans(reflect.ValueOf(b), "", &sb)
	for _, y := range sb {
		for _, x := range sa {
			if x.lo < y.hi && y.lo < x.hi {
				return y.path + " (original " + x.path + ")"
			}
		}
	}
	return ""
}

// diffValues describes the first difference between a and b.
func diffValues(a, b reflect.Value, path string) string {
	if a.Kind() != b.Kind() {
		return path + ": kinds differ"
	}
	switch a.Kind() {
	case reflect.Pointer:
		if a.IsNil() != b.IsNil() {
			return fmt.Sprintf("%s: nil %v vs %v", path, a.IsNil(), b.IsNil())
		}
		if a.IsNil() {
			return ""
		}
		return diffValues(a.Elem(), b.Elem(), path)
	case reflect.Struct:
		for i := range a.NumField() {
			if d := diffValues(a.Field(i), b.Field(i), path+"."+a.Type().Field(i).Name); d != "" {
				return d
			}
		}
		return ""
	case reflect.Slice, reflect.Map:
		if a.IsNil() != b.IsNil() {
			return fmt.Sprintf("%s: nil %v (len %d) vs nil %v (len %d)", path, a.IsNil(), a.Len(), b.IsNil(), b.Len())
		}
		if a.Len() != b.Len() {
			return fmt.Sprintf("%s: len %d vs %d", path, a.Len(), b.Len())
		}
		if a.Kind() == reflect.Slice {
			for i := range a.Len() {
				if d := diffValues(a.Index(i), b.Index(i), fmt.Sprintf("%s[%d]", path, i)); d != "" {
					return d
				}
			}
			return ""
		}
		for it := a.MapRange(); it.Next(); {
			bv := b.MapIndex(it.Key())
			if !bv.IsValid() {
				return fmt.Sprintf("%s: key %v missing", path, it.Key())
			}
			if d := diffValues(it.Value(), bv, fmt.Sprintf("%s{%v}", path, it.Key())); d != "" {
				return d
			}
		}
		return ""
	}
	if !reflect.DeepEqual(a.Interface(), b.Interface()) {
		return fmt.Sprintf("%s: %v vs %v", path, a.Interface(), b.Interface())
	}
	return ""
}
