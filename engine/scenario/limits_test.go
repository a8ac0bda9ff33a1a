package scenario

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"vnetplay/engine/model"
)

// bareVNets is a design of n VNets with one subnet each and long names,
// no layout: what a generated or hostile link carries.
func bareVNets(n int, pad int) *Document {
	doc := &Document{Name: "bare"}
	for i := range n {
		doc.Topology.VNets = append(doc.Topology.VNets, model.VNet{
			ID:           fmt.Sprintf("vnet-%05d-%s", i, strings.Repeat("p", pad)),
			Location:     "westeurope",
			AddressSpace: model.AddressSpace{AddressPrefixes: []string{fmt.Sprintf("10.%d.%d.0/24", i/256, i%256)}},
			Subnets:      []model.Subnet{{Name: "default", AddressPrefix: fmt.Sprintf("10.%d.%d.0/25", i/256, i%256)}},
		})
	}
	return doc
}

// The limits are measured on what is stored: a design whose indented file
// is over MaxSize but whose compact form is under it is accepted from
// either form, and its compact form is what a store keeps.
func TestSizeIsMeasuredAsStored(t *testing.T) {
	doc := bareVNets(MaxVNets, 2200) // about 2.4 MB compact, 2.5 MB indented
	compact, err := EncodeCompact(doc)
	if err != nil {
		t.Fatal(err)
	}
	indented, err := Encode(doc)
	if err != nil {
		t.Fatal(err)
	}
	if len(compact) > MaxSize || len(indented) <= len(compact) {
		t.Fatalf("test design: compact %d, indented %d bytes", len(compact), len(indented))
	}
	for name, in := range map[string][]byte{"compact": compact, "indented": indented, "with a BOM": append(append([]byte{}, bom...), indented...)} {
		got, _, err := Decode(in, Strict)
		if err != nil {
			t.Fatalf("%s (%d bytes): %v", name, len(in), err)
		}
		again, _ := EncodeCompact(got)
		if !bytes.Equal(again, compact) {
			t.Fatalf("%s: the decoded design does not encode back to the same compact form", name)
		}
		if n, err := CheckLimits(got); err != nil || n != len(compact) {
			t.Fatalf("%s: CheckLimits = %d, %v; want %d", name, n, err, len(compact))
		}
	}
	if bytes.HasSuffix(compact, []byte("\n")) || bytes.Contains(compact, []byte("\n  ")) {
		t.Fatal("EncodeCompact is not compact")
	}
}

func TestLimitsRefuseWithSizeAndLimit(t *testing.T) {
	overSize := bareVNets(MaxVNets, 4000) // about 4.2 MB compact
	overSizeJSON, _ := EncodeCompact(overSize)
	tooMany, _ := EncodeCompact(bareVNets(MaxVNets+1, 0))
	file := bytes.Repeat([]byte(" "), MaxFileSize+1)
	for _, tc := range []struct {
		name string
		in   []byte
		what string
		want []string
	}{
		{"file", file, "file", []string{"too large", "16.000001 MB", "16 MB"}},
		{"design", overSizeJSON, "design", []string{"too large", fmt.Sprintf("%.1f MB as stored", float64(len(overSizeJSON))/1e6), "up to 4 MB"}},
		{"VNets", tooMany, "VNets", []string{"too large", "1,001 VNets", "up to 1,000 VNets"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := Decode(tc.in, Lenient)
			var le *LimitError
			if !errors.As(err, &le) || le.What != tc.what || !errors.Is(err, ErrTooLarge) {
				t.Fatalf("Decode = %v, want a *LimitError on %s wrapping ErrTooLarge", err, tc.what)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%q does not say %q", err, w)
				}
			}
		})
	}
	if _, err := CheckLimits(overSize); err == nil {
		t.Error("CheckLimits accepted a design over MaxSize")
	}
}

func TestSizesDifferWhenTheyDiffer(t *testing.T) {
	for _, tc := range []struct {
		got, limit   int64
		wantG, wantL string
	}{
		{4_100_000, 4_000_000, "4.1 MB", "4 MB"},
		{4_000_001, 4_000_000, "4.000001 MB", "4 MB"},
		{4_049_000, 4_000_000, "4.05 MB", "4 MB"},
		{20_300_000, 16_000_000, "20.3 MB", "16 MB"},
		{812, 4_000_000, "812 bytes", "4 MB"},
	} {
		if g, l := sizes(tc.got, tc.limit); g != tc.wantG || l != tc.wantL {
			t.Errorf("sizes(%d, %d) = %q, %q; want %q, %q", tc.got, tc.limit, g, l, tc.wantG, tc.wantL)
		}
	}
	if c := count(20000); c != "20,000" {
		t.Errorf("count(20000) = %q", c)
	}
}

// Messages about malformed files show the JSON the file has, never Go's
// formatting of a missing value.
func TestMessagesHaveNoFormattingArtefacts(t *testing.T) {
	for _, in := range []string{
		`{}`, `{"format":null}`, `{"format":1}`, `{"format":"vnetplay/scenario"}`,
		`{"format":"vnetplay/scenario","version":"1"}`, `{"format":"vnetplay/scenario","version":null}`,
		`{"format":"vnetplay/scenario","version":1,"topology":[]}`,
	} {
		_, _, err := Decode([]byte(in), Lenient)
		if err == nil {
			t.Fatalf("%s was accepted", in)
		}
		if msg := err.Error(); strings.Contains(msg, "%!") || strings.Contains(msg, "<nil>") {
			t.Errorf("%s: %q", in, msg)
		}
	}
}

// TestElementsCountedBeforeDecoding: text of more JSON objects than
// MaxElements is refused before it is decoded (a million empty subnets
// took seconds), a '{' in a string is not one, and the bound is above
// what a design of MaxSize can hold: every kind of resource takes at least
// MaxSize/MaxElements bytes per element as stored.
func TestElementsCountedBeforeDecoding(t *testing.T) {
	head := `{"format":"vnetplay/scenario","version":1,"name":"x","topology":{"vnets":[{"id":"v","location":"westeurope","addressSpace":{"addressPrefixes":["10.0.0.0/16"]},"subnets":[`
	in := head + strings.Repeat(`{},`, 1_000_000) + `{}]}]}}`
	start := time.Now()
	_, _, err := Decode([]byte(in), Lenient)
	took := time.Since(start)
	var le *LimitError
	if !errors.As(err, &le) || le.What != "elements" || err.Error() != "the design is too large: 1,000,005 elements; vnetplay opens designs of up to 400,000 elements" {
		t.Fatalf("a million subnets: %v", err)
	}
	if took > 15*time.Second { // a freeze (the elements decoded before the count), not a speed: -race and a loaded machine
		t.Errorf("refusing a million subnets took %v", took)
	}
	if n := elementCount([]byte(`{"a":"{{\"{","b":[{},{"c":"\\"}]}`)); n != 3 {
		t.Errorf("elementCount counts %d objects, want 3", n)
	}
	topo := reflect.TypeOf(model.Topology{})
	for i := range topo.NumField() {
		f := topo.Field(i)
		if f.Type.Kind() != reflect.Slice || f.Type.Elem().Kind() != reflect.Struct {
			continue
		}
		tag := strings.Split(f.Tag.Get("json"), ",")[0]
		stored := func(n int) int {
			in := `{"format":"vnetplay/scenario","version":1,"topology":{"` + tag + `":[` + strings.TrimSuffix(strings.Repeat(`{},`, n), ",") + `]}}`
			doc, _, err := Decode([]byte(in), Lenient)
			if err != nil {
				t.Fatalf("%d empty %s: %v", n, tag, err)
			}
			b, err := EncodeCompact(doc)
			if err != nil {
				t.Fatal(err)
			}
			return len(b)
		}
		if per := (stored(MaxVNets) - stored(0)) / MaxVNets; per < MaxSize/MaxElements {
			t.Errorf("an empty element of %s takes %d bytes as stored: a design of MaxSize may have more than MaxElements", tag, per)
		}
	}
}
