package scenario

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strings"

	"vnetplay/engine/model"
)

// Decoded is a version of a design as DecodeNext reads it: the document
// and, when measured, the stored size of each of its topology's
// collections, which the next version's size check reuses for the
// collections it shares. Only DecodeNext makes one, each with its own
// document's sizes; the zero Decoded is no design.
type Decoded struct {
	doc *Document
	// parts, by field of model.Topology, is the length of the member
	// `"key":value` in the document's EncodeCompact text (0 when omitted);
	// nil when not measured (a version Decode read).
	parts []int
}

// Doc is the document (nil for none). Neither it nor the values it shares
// with other versions may be modified.
func (d Decoded) Doc() *Document { return d.doc }

// DecodeNext is Decode (Lenient) for the next version of a design: b is a
// document as EncodeCompact writes it, prev what DecodeNext returned for
// prevB, the version before (the zero Decoded for none). An edit changes
// one collection of the topology or two; the others' JSON text is
// unchanged, and their values are prev's (shared with it, not copied:
// neither document may be modified), so that only what changed is
// decoded, and measured against MaxSize (storedSize). The engine's worker
// reads each version of the page's design so.
//
// Its document, diagnostics and error are what Decode(b, Lenient) returns
// (TestDecodeNextEqualsDecode, FuzzDecodeNext): input the shortcut cannot
// read (no prev, an older version, a key it does not know, a design over
// the limits) is decoded by Decode, which says why it is refused, if it
// is.
func DecodeNext(b, prevB []byte, prev Decoded) (Decoded, []model.Diagnostic, error) {
	if prev.doc != nil && len(b) <= MaxFileSize {
		if next, ok := decodeNext(b, prevB, prev); ok {
			return next, nil, nil
		}
	}
	doc, diags, err := Decode(b, Lenient)
	return Decoded{doc: doc}, diags, err
}

// decodeNext is DecodeNext's shortcut; ok is false where it does not
// apply.
func decodeNext(b, prevB []byte, prev Decoded) (next Decoded, ok bool) {
	ts, te, members, ok := topologySpans(b)
	if !ok {
		return Decoded{}, false
	}
	_, _, prevSpans, ok := topologySpans(prevB)
	if !ok {
		return Decoded{}, false
	}
	prevMembers := make(map[string]span, len(prevSpans))
	for _, m := range prevSpans {
		prevMembers[m.key] = m // the last of a repeated key, as the decoder keeps
	}
	// Everything but the topology, decoded (and measured) as Decode would.
	head := make([]byte, 0, len(b)-(te-ts)+2)
	head = append(append(append(head, b[:ts]...), "{}"...), b[te:]...)
	doc, headSize, ok := decodeCurrentSized(head)
	if !ok {
		return Decoded{}, false
	}
	fields := topologyFields()
	t, was := reflect.ValueOf(&doc.Topology).Elem(), reflect.ValueOf(&prev.doc.Topology).Elem()
	parts := make([]int, t.NumField())
	seen := make(map[string]bool, len(members))
	for _, m := range members {
		i, known := fields[m.key]
		if !known || seen[m.key] { // a repeated key merges into some values: Decode's
			return Decoded{}, false
		}
		seen[m.key] = true
		text := b[m.start:m.end]
		if p, ok := prevMembers[m.key]; ok && bytes.Equal(text, prevB[p.start:p.end]) {
			t.Field(i).Set(was.Field(i))
			if prev.parts != nil {
				parts[i] = prev.parts[i]
				continue
			}
		} else if !decodeMember(text, t.Field(i)) {
			return Decoded{}, false
		}
		n, err := partSize(&doc.Topology, i)
		if err != nil {
			return Decoded{}, false
		}
		parts[i] = n
	}
	if checkCounts(doc) != nil || storedSize(headSize, parts) > MaxSize { // CheckLimits(doc)
		return Decoded{}, false
	}
	return Decoded{doc: doc, parts: parts}, true
}

// decodeMember decodes a member of the topology object (its value's text)
// into field as the document's decoder would, reporting whether it could.
func decodeMember(text []byte, field reflect.Value) bool {
	v := reflect.New(field.Type())
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v.Interface()); err != nil {
		return false
	}
	if _, err := dec.Token(); err != io.EOF {
		return false
	}
	field.Set(v.Elem())
	return true
}

// partSize is the length of field i of t (a collection) as a member of
// the topology in EncodeCompact's text: `"key":value`, canonical (Canonical
// sorts each collection on its own), or 0 when omitted (empty).
func partSize(t *model.Topology, i int) (int, error) {
	var one Document
	reflect.ValueOf(&one.Topology).Elem().Field(i).Set(reflect.ValueOf(t).Elem().Field(i))
	b, err := compactJSON(Canonical(&one).Topology) // {"key":value}, or {}
	if err != nil {
		return 0, fmt.Errorf("scenario: topology member %d: %w", i, err)
	}
	return len(b) - len("{}"), nil
}

// storedSize is the length of EncodeCompact's text of a document from its
// parts: head, the length of its text with an empty topology ("topology":
// {}), and parts, its topology's members' (partSize), which are written
// between those braces separated by commas.
func storedSize(head int, parts []int) int {
	n, present := head, 0
	for _, p := range parts {
		if p > 0 {
			n += p
			present++
		}
	}
	if present > 1 {
		n += present - 1
	}
	return n
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
