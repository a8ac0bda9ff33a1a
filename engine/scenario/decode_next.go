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
	// elems, by field of model.Topology, is the length of each element of
	// that collection (in the document's order) in EncodeCompact's text,
	// nil when not measured.
	elems [][]int
	// exact is true when each member of the topology is what the strict
	// decoding of its text alone gives (decodeCurrent read the document,
	// or the shortcut): not merged with a repeated key, not migrated from
	// an older version, no unknown field ignored. Only then does the next
	// version reuse its values.
	exact bool
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
	if len(b) <= MaxFileSize && !bytes.HasPrefix(b, bom) {
		if doc, ok := decodeCurrent(b); ok { // Decode's answer, strictly read
			return Decoded{doc: doc, exact: true}, nil, nil
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
	prevMembers := exactMembers(prevB, prev)
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
	elems := make([][]int, t.NumField())
	seen := make(map[string]bool, len(members))
	for _, m := range members {
		i, known := fields[m.key]
		if !known || seen[m.key] { // a repeated key merges into some values: Decode's
			return Decoded{}, false
		}
		seen[m.key] = true
		text := b[m.start:m.end]
		p, had := prevMembers[m.key]
		var prevElems []int
		if had && prev.elems != nil {
			prevElems = prev.elems[i]
		}
		switch {
		case had && bytes.Equal(text, prevB[p.start:p.end]):
			t.Field(i).Set(was.Field(i))
			if prev.parts != nil && prevElems != nil {
				parts[i], elems[i] = prev.parts[i], prevElems
				continue
			}
		case had && decodeElements(text, prevB[p.start:p.end], was.Field(i), prevElems, t.Field(i), &elems[i]):
		case !decodeMember(text, t.Field(i)):
			return Decoded{}, false
		}
		var err error
		if parts[i], elems[i], err = collectionSize(m.key, t.Field(i), i, elems[i]); err != nil {
			return Decoded{}, false
		}
	}
	if checkCounts(doc) != nil || storedSize(headSize, parts) > MaxSize { // CheckLimits(doc)
		return Decoded{}, false
	}
	return Decoded{doc: doc, parts: parts, elems: elems, exact: true}, true
}

// exactMembers are the members of prevB's topology whose values prev
// holds as the strict decoding of their text alone, by key: all of them
// when prev is exact and every key is a field's, once; none otherwise.
func exactMembers(prevB []byte, prev Decoded) map[string]span {
	if !prev.exact {
		return nil
	}
	_, _, spans, ok := topologySpans(prevB)
	if !ok {
		return nil
	}
	fields := topologyFields()
	out := make(map[string]span, len(spans))
	for _, m := range spans {
		if _, known := fields[m.key]; !known {
			return nil
		}
		if _, repeated := out[m.key]; repeated {
			return nil
		}
		out[m.key] = m
	}
	return out
}

// decodeElements decodes text, a collection's array, into field as
// decodeMember would, reusing the values of the previous version's
// elements (was, decoded from prevText, an array too) whose text is the
// same, wherever they were: a copy of the element, which shares what it
// holds with the previous document. *sizes gets the elements' stored
// sizes, those of the reused elements from wasSizes (by element of was)
// if known, 0 for the others (collectionSize measures them). It reports
// false, having set nothing, where it does not apply (not arrays, an
// element that does not decode): the caller decodes the whole.
func decodeElements(text, prevText []byte, was reflect.Value, wasSizes []int, field reflect.Value, sizes *[]int) bool {
	if field.Type().Elem().Kind() != reflect.Struct {
		return false
	}
	cur, ok := arrayElements(text)
	if !ok {
		return false
	}
	old, ok := arrayElements(prevText)
	if !ok || len(old) != was.Len() || (wasSizes != nil && len(wasSizes) != len(old)) {
		return false
	}
	var index map[string]int // the first of prev's elements with a text, built when one moved
	out := reflect.MakeSlice(field.Type(), len(cur), len(cur))
	got := make([]int, len(cur))
	for k, e := range cur {
		et := text[e.start:e.end]
		j := -1
		if k < len(old) && bytes.Equal(et, prevText[old[k].start:old[k].end]) {
			j = k
		} else {
			if index == nil {
				index = make(map[string]int, len(old))
				for jj := len(old) - 1; jj >= 0; jj-- {
					index[string(prevText[old[jj].start:old[jj].end])] = jj
				}
			}
			if jj, found := index[string(et)]; found {
				j = jj
			}
		}
		if j < 0 {
			if !decodeInto(et, out.Index(k)) {
				return false
			}
			continue
		}
		out.Index(k).Set(was.Index(j))
		if wasSizes != nil {
			got[k] = wasSizes[j]
		}
	}
	field.Set(out)
	*sizes = got
	return true
}

// decodeInto decodes text, one value, strictly into the (zero) value at
// v as the document's decoder would, reporting whether it could.
func decodeInto(text []byte, v reflect.Value) bool {
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v.Addr().Interface()); err != nil {
		return false
	}
	_, err := dec.Token()
	return err == io.EOF
}

// arrayElements finds the elements of the JSON array that is text (white
// space around it allowed): each one's bytes without the white space
// around them. ok is false for text that is not an array or that it
// cannot scan; the elements' own syntax is not checked (the decoder does,
// or their text is one the previous version's decoder read).
func arrayElements(text []byte) (elems []span, ok bool) {
	sc := keyScanner{b: text}
	if sc.peek() != '[' {
		return nil, false
	}
	sc.i++
	if sc.peek() == ']' {
		sc.i++
	} else {
		for {
			sc.peek()
			start := sc.i
			sc.skipValue()
			if sc.bad || sc.i == start {
				return nil, false
			}
			elems = append(elems, span{start: start, end: sc.i})
			c := sc.peek()
			sc.i++
			if c == ']' {
				break
			}
			if c != ',' {
				return nil, false
			}
		}
	}
	if sc.peek() != 0 {
		return nil, false
	}
	return elems, true
}

// collectionSize is partSize of the collection v (field i of the
// topology, whose key is key) from its elements' stored sizes: sizes,
// where not 0, else measured, one by one. It returns the sizes of all.
func collectionSize(key string, v reflect.Value, i int, sizes []int) (int, []int, error) {
	n := v.Len()
	if n == 0 {
		return 0, []int{}, nil // omitted
	}
	if sizes == nil {
		sizes = make([]int, n)
	}
	total := len(`"":[]`) + len(key) + n - 1
	var one Document
	f := reflect.ValueOf(&one.Topology).Elem().Field(i)
	f.Set(reflect.MakeSlice(f.Type(), 1, 1))
	for k := range n {
		if sizes[k] == 0 {
			f.Index(0).Set(v.Index(k))
			b, err := compactJSON(Canonical(&one).Topology) // {"key":[element]}
			if err != nil {
				return 0, nil, fmt.Errorf("scenario: topology member %d: %w", i, err)
			}
			sizes[k] = len(b) - len(`{"":[]}`) - len(key)
		}
		total += sizes[k]
	}
	return total, sizes, nil
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
