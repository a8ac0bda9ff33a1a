package scenario

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
)

// TypeError is a value of the wrong JSON type in a file, said in the
// file's own terms: where (Path, as written: "topology.vnets[1].subnets[0].defaultOutboundAccess"),
// what the format wants there ("true or false", "an array") and what the
// file has ("the string \"false\""). It wraps the decoder's
// *json.UnmarshalTypeError.
type TypeError struct {
	Path, Want, Got string
	err             *json.UnmarshalTypeError
}

func (e *TypeError) Error() string {
	return fmt.Sprintf("%s: want %s, got %s", e.Path, e.Want, e.Got)
}

// Unwrap returns the decoder's error.
func (e *TypeError) Unwrap() error { return e.err }

// inFileTerms returns err, an error of decoding the JSON text b, with a
// *json.UnmarshalTypeError in it made a *TypeError: the value at the
// error's offset in b is found by reading b's tokens again (the error's
// Field has no indices or map keys); if it is not found, the path is the
// error's Field and what the file has its JSON type. Other errors are
// returned as they are.
func inFileTerms(b []byte, err error) error {
	var ute *json.UnmarshalTypeError
	if !errors.As(err, &ute) {
		return err
	}
	te := &TypeError{Path: ute.Field, Want: wantJSON(ute.Type), Got: gotJSON(ute.Value), err: ute}
	if path, tok, ok := valueAt(b, ute.Offset); ok {
		te.Path, te.Got = path, tokenText(tok)
	}
	if te.Path == "" {
		te.Path = "the document"
	}
	return te
}

// valueAt finds the value of the JSON text b that the decoder read up to
// offset: a string, number or literal ending there, or an array or object
// whose opening bracket does (where encoding/json puts a type error's
// Offset). It returns the value's path (keys as written, quoted when odd,
// indices in brackets) and its first token.
func valueAt(b []byte, offset int64) (path string, tok json.Token, ok bool) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var walk func(p string) bool // reads one value; false stops the walk
	walk = func(p string) bool {
		t, err := dec.Token()
		if err != nil || dec.InputOffset() > offset {
			return false
		}
		if dec.InputOffset() == offset {
			path, tok, ok = p, t, true
			return false
		}
		switch t {
		case json.Delim('{'):
			for dec.More() {
				k, err := dec.Token()
				key, isKey := k.(string)
				if err != nil || !isKey || !walk(joinPath(p, quoteIfOdd(key))) {
					return false
				}
			}
		case json.Delim('['):
			for i := 0; dec.More(); i++ {
				if !walk(fmt.Sprintf("%s[%d]", p, i)) {
					return false
				}
			}
		default:
			return true
		}
		_, err = dec.Token() // the closing bracket
		return err == nil
	}
	walk("")
	return path, tok, ok
}

// tokenText says what a value is from its first token: "the string \"x\"",
// "the number 1.5", "true", "an array", "an object".
func tokenText(t json.Token) string {
	switch v := t.(type) {
	case json.Delim:
		if v == '[' {
			return "an array"
		}
		return "an object"
	case string:
		return "the string " + jsonText(v)
	case json.Number:
		return "the number " + jsonText(v)
	case bool:
		return fmt.Sprint(v)
	}
	return "null"
}

// gotJSON says what a value is from a *json.UnmarshalTypeError's Value
// ("string", "number 1.5", "bool", "array", "object").
func gotJSON(value string) string {
	switch value {
	case "array", "object":
		return "an " + value
	case "bool":
		return "true or false"
	}
	if n, ok := strings.CutPrefix(value, "number "); ok {
		return "the number " + n
	}
	return "a " + value
}

var textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()

// wantJSON says which JSON value the format takes for Go type t.
func wantJSON(t reflect.Type) string {
	if t == nil {
		return "another kind of value"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(textUnmarshaler) {
		return "a string"
	}
	switch t.Kind() {
	case reflect.Bool:
		return "true or false"
	case reflect.String:
		return "a string"
	case reflect.Int, reflect.Int64:
		return "a whole number"
	case reflect.Int8, reflect.Int16, reflect.Int32:
		lim := int64(1)<<(t.Bits()-1) - 1
		return fmt.Sprintf("a whole number from %d to %d", -lim-1, lim)
	case reflect.Uint, reflect.Uint64, reflect.Uintptr:
		return "a whole number, 0 or more"
	case reflect.Uint8, reflect.Uint16, reflect.Uint32:
		return fmt.Sprintf("a whole number from 0 to %d", uint64(1)<<t.Bits()-1)
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return "another kind of value"
}
