package scenario

import (
	"bytes"
	"errors"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"
)

// ErrEncoding is wrapped by DecodeText's errors about a text encoding it
// cannot read.
var ErrEncoding = errors.New("text encoding")

// DecodeText returns b as UTF-8 text without a byte order mark: a UTF-8
// mark is skipped, and UTF-16 with a mark (little-endian, as Windows
// PowerShell 5.1's `>` writes files, or big-endian) is decoded. The
// decoded text is bounded: over MaxFileSize it is refused with a
// *LimitError. UTF-16 of odd length, and UTF-16 without a mark (a JSON
// file starting with a NUL byte in one of its first two), are errors that
// wrap ErrEncoding and name the encoding.
func DecodeText(b []byte) ([]byte, error) {
	switch {
	case bytes.HasPrefix(b, bom):
		return b[len(bom):], nil
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return decodeUTF16(b[2:], "little-endian", func(p []byte) uint16 { return uint16(p[0]) | uint16(p[1])<<8 })
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return decodeUTF16(b[2:], "big-endian", func(p []byte) uint16 { return uint16(p[0])<<8 | uint16(p[1]) })
	case len(b) >= 2 && (b[0] == 0) != (b[1] == 0):
		return nil, fmt.Errorf("%w: the file looks like UTF-16 without a byte order mark: save it as UTF-8 (or UTF-16 with a byte order mark)", ErrEncoding)
	}
	return b, nil
}

// decodeUTF16 decodes b, UTF-16 text without its byte order mark whose
// units unit reads (order names the byte order, for errors), into UTF-8;
// unpaired surrogates become U+FFFD. It stops with a *LimitError once the
// text is over MaxFileSize.
func decodeUTF16(b []byte, order string, unit func([]byte) uint16) ([]byte, error) {
	if len(b)%2 != 0 {
		return nil, fmt.Errorf("%w: the file is UTF-16 (%s, by its byte order mark) but has an odd number of bytes: it is cut short or not UTF-16", ErrEncoding, order)
	}
	out := make([]byte, 0, min(len(b)/2+len(b)/4, MaxFileSize))
	for i := 0; i < len(b); i += 2 {
		r := rune(unit(b[i:]))
		if utf16.IsSurrogate(r) && i+3 < len(b) {
			if pair := utf16.DecodeRune(r, rune(unit(b[i+2:]))); pair != utf8.RuneError {
				r = pair
				i += 2
			}
		}
		if utf16.IsSurrogate(r) {
			r = utf8.RuneError
		}
		out = utf8.AppendRune(out, r)
		if len(out) > MaxFileSize {
			return nil, &LimitError{What: "file", Got: int64(len(out)), Limit: MaxFileSize} // at least that much as UTF-8
		}
	}
	return out, nil
}
