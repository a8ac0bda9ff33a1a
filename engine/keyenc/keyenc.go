// Package keyenc writes reuse keys: an injective binary encoding (every
// string and list length-prefixed, in a fixed field order) of the inputs
// one part of the engine reads, written by hand instead of through
// encoding/json, so that two keys are equal exactly when the encoded
// inputs are (a nil and an empty list encode alike). The writers append
// to and return a byte slice.
package keyenc

import "encoding/binary"

// Num appends an unsigned integer.
func Num(b []byte, u uint64) []byte { return binary.AppendUvarint(b, u) }

// Int appends a signed integer.
func Int(b []byte, i int) []byte { return binary.AppendVarint(b, int64(i)) }

// Str appends a string.
func Str(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// Flag appends a bool.
func Flag(b []byte, v bool) []byte {
	if v {
		return append(b, 1)
	}
	return append(b, 0)
}

// Strs appends a list of strings.
func Strs(b []byte, ss []string) []byte {
	b = Num(b, uint64(len(ss)))
	for _, s := range ss {
		b = Str(b, s)
	}
	return b
}

// List appends the length of a list, then each element with f.
func List[T any](b []byte, xs []T, f func([]byte, *T) []byte) []byte {
	b = Num(b, uint64(len(xs)))
	for i := range xs {
		b = f(b, &xs[i])
	}
	return b
}

// Ptr appends whether p is set, then *p with f.
func Ptr[T any](b []byte, p *T, f func([]byte, *T) []byte) []byte {
	b = Flag(b, p != nil)
	if p != nil {
		b = f(b, p)
	}
	return b
}
