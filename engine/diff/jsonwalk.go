package diff

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
)

// maxDepth bounds the JSON walk: deeper values are compared whole (the
// model nests a few levels; a document cannot make the walk recurse
// without end).
const maxDepth = 32

// decodeValue decodes one JSON value, numbers kept as their text; ok is
// false for an absent value (nil or empty raw) or one that does not
// decode.
func decodeValue(raw json.RawMessage) (v any, ok bool) {
	if len(raw) == 0 {
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return nil, false
	}
	return v, true
}

// encodeValue is v as compact JSON without HTML escaping; nil for an
// absent value.
func encodeValue(v any, ok bool) json.RawMessage {
	if !ok {
		return nil
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return json.RawMessage(strconv.Quote(err.Error())) // values decoded from JSON always encode
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// walkValues appends to out the differences between two JSON values at
// path: members of two objects are compared one by one, lists of named
// objects element by element (listKey), anything else whole. ok flags
// say whether each side has the value.
func walkValues(out *[]PropertyChange, path string, b, a any, okB, okA bool) {
	walkDepth(out, path, b, a, okB, okA, 0)
}

func walkDepth(out *[]PropertyChange, path string, b, a any, okB, okA bool, depth int) {
	if okB && okA && depth < maxDepth {
		switch vb := b.(type) {
		case map[string]any:
			if va, ok := a.(map[string]any); ok {
				walkObjects(out, path, vb, va, depth)
				return
			}
		case []any:
			if va, ok := a.([]any); ok {
				if kb, ka, ok := listKeys(vb, va); ok {
					walkNamed(out, path, kb, ka, depth)
					return
				}
			}
		}
	}
	if okB == okA && reflect.DeepEqual(b, a) {
		return
	}
	*out = append(*out, PropertyChange{Path: path, Before: encodeValue(b, okB), After: encodeValue(a, okA)})
}

// walkObjects compares two objects member by member, in member order.
func walkObjects(out *[]PropertyChange, path string, b, a map[string]any, depth int) {
	for _, m := range union(keysOf(b), keysOf(a)) {
		vb, okB := b[m]
		va, okA := a[m]
		walkDepth(out, path+"."+quoteMember(m), vb, va, okB, okA, depth+1)
	}
}

// walkNamed compares two lists of named objects element by element, by
// key, in key order.
func walkNamed(out *[]PropertyChange, path string, b, a map[string]any, depth int) {
	for _, k := range union(keysOf(b), keysOf(a)) {
		vb, okB := b[k]
		va, okA := a[k]
		walkDepth(out, path+"["+quoteKey(k)+"]", vb, va, okB, okA, depth+1)
	}
}

// keyMembers are the members that can name the elements of a list, tried
// in order: each set names them when every element of both lists is an
// object with those members as non-empty strings, distinct within its list.
func keyMembers() [][]string { return [][]string{{"id"}, {"name"}, {"name", "type"}} }

// listKeys keys two lists by the first key members that name every
// element of both (keyMembers); ok is false when none does, or when
// either list is empty (an empty list is compared whole).
func listKeys(b, a []any) (kb, ka map[string]any, ok bool) {
	if len(b) == 0 || len(a) == 0 {
		return nil, nil, false
	}
	for _, members := range keyMembers() {
		kb, okB := keyList(b, members)
		ka, okA := keyList(a, members)
		if okB && okA {
			return kb, ka, true
		}
	}
	return nil, nil, false
}

// keyList keys list by members (joined by a space), or reports false.
func keyList(list []any, members []string) (map[string]any, bool) {
	out := make(map[string]any, len(list))
	for _, e := range list {
		o, ok := e.(map[string]any)
		if !ok {
			return nil, false
		}
		parts := make([]string, 0, len(members))
		for _, m := range members {
			s, ok := o[m].(string)
			if !ok || s == "" {
				return nil, false
			}
			parts = append(parts, s)
		}
		k := strings.Join(parts, " ")
		if _, dup := out[k]; dup {
			return nil, false
		}
		out[k] = e
	}
	return out, true
}

// quoteMember is a member name as a path element: quoted when it is empty
// or holds a dot, bracket, quote or space.
func quoteMember(s string) string {
	if s == "" || strings.ContainsAny(s, ".[]\" ") {
		return strconv.Quote(s)
	}
	return s
}

// quoteKey is a list key as a path element: quoted when it holds a dot,
// bracket or quote (a key of two members holds a space: "www A").
func quoteKey(s string) string {
	if strings.ContainsAny(s, ".[]\"") {
		return strconv.Quote(s)
	}
	return s
}
