package scenario

import (
	"bytes"
	"encoding/json"
	"io"
	"reflect"
	"strings"

	"vnetplay/engine/model"
)

// DecodeNext is Decode (Lenient) for the next version of a design: b is a
// document as EncodeCompact writes it, prev the document decoded (by
// Decode or DecodeNext) from prevB, the version before. An edit changes
// one collection of the topology or two; the others' JSON text is
// unchanged, and their values are prev's (shared with it, not copied:
// neither document may be modified), so that only what changed is
// decoded. The engine's worker reads each version of the page's design so.
//
// It returns what Decode(b, Lenient) returns (TestDecodeNextEqualsDecode,
// FuzzDecodeNext): input the shortcut cannot read (no prev, an older
// version, a key it does not know, a file over the limits) is decoded by
// Decode, which says why it is refused, if it is.
func DecodeNext(b, prevB []byte, prev *Document) (*Document, []model.Diagnostic, error) {
	if prev != nil && len(b) <= MaxFileSize {
		if doc, ok := decodeNext(b, prevB, prev); ok {
			return doc, nil, nil
		}
	}
	return Decode(b, Lenient)
}

// decodeNext is DecodeNext's shortcut; ok is false where it does not
// apply.
func decodeNext(b, prevB []byte, prev *Document) (*Document, bool) {
	ts, te, members, ok := topologySpans(b)
	if !ok {
		return nil, false
	}
	_, _, prevSpans, ok := topologySpans(prevB)
	if !ok {
		return nil, false
	}
	prevMembers := make(map[string]span, len(prevSpans))
	for _, m := range prevSpans {
		prevMembers[m.key] = m // the last of a repeated key, as the decoder keeps
	}
	// Everything but the topology, decoded as Decode would.
	head := make([]byte, 0, len(b)-(te-ts)+2)
	head = append(append(append(head, b[:ts]...), "{}"...), b[te:]...)
	doc, ok := decodeCurrent(head)
	if !ok {
		return nil, false
	}
	fields := topologyFields()
	t, was := reflect.ValueOf(&doc.Topology).Elem(), reflect.ValueOf(&prev.Topology).Elem()
	seen := make(map[string]bool, len(members))
	for _, m := range members {
		i, known := fields[m.key]
		if !known || seen[m.key] { // a repeated key merges into some values: Decode's
			return nil, false
		}
		seen[m.key] = true
		text := b[m.start:m.end]
		if p, ok := prevMembers[m.key]; ok && bytes.Equal(text, prevB[p.start:p.end]) {
			t.Field(i).Set(was.Field(i))
			continue
		}
		v := reflect.New(t.Field(i).Type())
		dec := json.NewDecoder(bytes.NewReader(text))
		dec.DisallowUnknownFields()
		if err := dec.Decode(v.Interface()); err != nil {
			return nil, false
		}
		if _, err := dec.Token(); err != io.EOF {
			return nil, false
		}
		t.Field(i).Set(v.Elem())
	}
	if _, err := CheckLimits(doc); err != nil {
		return nil, false
	}
	return doc, true
}

// span is a member of the topology object: its key and its value's bytes.
type span struct {
	key        string
	start, end int
}

// topologySpans finds, in a document's JSON text, the value of its
// "topology" member (ts to te) and each member of that object; ok is false
// for text it cannot scan, or without exactly one topology object.
func topologySpans(b []byte) (ts, te int, members []span, ok bool) {
	sc := keyScanner{b: b}
	found := 0
	sc.members(func(key string) {
		if key != "topology" {
			sc.skipValue()
			return
		}
		found++
		ts = sc.i
		if sc.peek() != '{' {
			sc.bad = true
			return
		}
		sc.members(func(key string) {
			start := sc.i
			sc.skipValue()
			members = append(members, span{key: key, start: start, end: sc.i})
		})
		te = sc.i
	})
	if sc.bad || found != 1 || strings.TrimSpace(string(b[sc.i:])) != "" {
		return 0, 0, nil, false
	}
	for i := range members { // the value's bytes, without the spaces before it
		for members[i].start < members[i].end && isSpace(b[members[i].start]) {
			members[i].start++
		}
	}
	for ts < te && isSpace(b[ts]) {
		ts++
	}
	return ts, te, members, true
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// topologyFields maps each JSON key of model.Topology to its field index.
func topologyFields() map[string]int {
	tt := reflect.TypeFor[model.Topology]()
	out := make(map[string]int, tt.NumField())
	for i := range tt.NumField() {
		f := tt.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.IsExported() && name != "" && name != "-" {
			out[name] = i
		}
	}
	return out
}
