package scenario

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"
)

// decodeCurrent is Decode's one-pass path for the common input: a
// document of the Latest version with no unknown field, whose format,
// version, topology and vnets keys are spelled exactly (encoding/json
// matches keys ignoring case; the general path's checks read them
// exactly). It decodes b straight into a Document, refusing unknown
// fields, and reports ok only when the general path (decodeGeneral)
// would return the same document and no diagnostic; otherwise (an
// error, an older version, an unknown field, a key in another case, too
// many VNets) the caller takes the general path, which says why.
// TestDecodeCurrentEqualsGeneral and FuzzDecodeCurrentEqualsGeneral hold
// the two to the same answers.
func decodeCurrent(b []byte) (*Document, bool) {
	doc, _, ok := decodeCurrentSized(b)
	return doc, ok
}

// decodeCurrentSized is decodeCurrent, with the document's stored size
// (CheckLimits').
func decodeCurrentSized(b []byte) (doc *Document, size int, ok bool) {
	if !exactHeadKeys(b) {
		return nil, 0, false
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	doc = new(Document)
	if err := dec.Decode(doc); err != nil {
		return nil, 0, false
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, 0, false
	}
	if doc.Format != Format || doc.Version != Latest {
		return nil, 0, false
	}
	size, err := CheckLimits(doc)
	if err != nil { // too many VNets, too large
		return nil, 0, false
	}
	return doc, size, true
}

// exactHeadKeys reports whether b is a JSON object in which every key
// equal to format, version or topology ignoring case is spelled exactly
// so, and every key of its "topology" object equal to vnets ignoring case
// too: the keys the general path reads by their exact spelling. It
// scans b once without decoding it (a key with an escape is decoded);
// input it cannot scan reports false.
func exactHeadKeys(b []byte) bool {
	sc := keyScanner{b: b}
	ok := true
	sc.members(func(key string) {
		ok = ok && exactOrOther(key, "format", "version", "topology")
		if key == "topology" && sc.peek() == '{' {
			sc.members(func(key string) {
				ok = ok && exactOrOther(key, "vnets")
				sc.skipValue()
			})
			return
		}
		sc.skipValue()
	})
	return ok && !sc.bad
}

// exactOrOther reports whether key is one of keys or equal to none of them
// ignoring case.
func exactOrOther(key string, keys ...string) bool {
	for _, k := range keys {
		if key != k && strings.EqualFold(key, k) {
			return false
		}
	}
	return true
}

// keyScanner reads the keys of JSON objects and skips their values,
// without checking the values' syntax (the decoder does). bad is set, and
// the scan stops, at anything it does not expect.
type keyScanner struct {
	b   []byte
	i   int
	bad bool
}

// peek is the next byte that is not white space (0 at the end).
func (sc *keyScanner) peek() byte {
	for sc.i < len(sc.b) {
		switch c := sc.b[sc.i]; c {
		case ' ', '\t', '\n', '\r':
			sc.i++
		default:
			return c
		}
	}
	return 0
}

// members reads the object at the scanner: for each member, its key (with
// the scanner at the value, which member must consume).
func (sc *keyScanner) members(member func(key string)) {
	if sc.peek() != '{' {
		sc.bad = true
		return
	}
	sc.i++
	if sc.peek() == '}' {
		sc.i++
		return
	}
	for !sc.bad {
		key, ok := sc.key()
		if !ok || sc.peek() != ':' {
			sc.bad = true
			return
		}
		sc.i++
		member(key)
		switch sc.peek() {
		case ',':
			sc.i++
		case '}':
			sc.i++
			return
		default:
			sc.bad = true
		}
	}
}

// key reads a string at the scanner, decoded if it has an escape.
func (sc *keyScanner) key() (string, bool) {
	if sc.peek() != '"' {
		return "", false
	}
	start := sc.i
	escaped := sc.skipString()
	if sc.bad {
		return "", false
	}
	raw := sc.b[start:sc.i]
	if !escaped {
		return string(raw[1 : len(raw)-1]), true
	}
	var k string
	if err := json.Unmarshal(raw, &k); err != nil {
		return "", false
	}
	return k, true
}

// skipString moves past the string at the scanner (its opening quote) and
// reports whether it held an escape.
func (sc *keyScanner) skipString() (escaped bool) {
	for sc.i++; sc.i < len(sc.b); sc.i++ {
		switch sc.b[sc.i] {
		case '\\':
			escaped = true
			sc.i++
		case '"':
			sc.i++
			return escaped
		}
	}
	sc.bad = true
	return escaped
}

// skipValue moves past the value at the scanner: a string, an object or an
// array (to its matching close), or a literal or number (to the next
// delimiter).
func (sc *keyScanner) skipValue() {
	switch sc.peek() {
	case 0:
		sc.bad = true
	case '"':
		sc.skipString()
	case '{', '[':
		depth := 0
		for sc.i < len(sc.b) && !sc.bad {
			switch sc.b[sc.i] {
			case '"':
				sc.skipString()
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					sc.i++
					return
				}
			}
			sc.i++
		}
		sc.bad = true
	default:
		for sc.i < len(sc.b) {
			switch sc.b[sc.i] {
			case ',', '}', ']', ' ', '\t', '\n', '\r':
				return
			}
			sc.i++
		}
	}
}
