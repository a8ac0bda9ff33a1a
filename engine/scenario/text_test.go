package scenario

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf16"
)

// utf16Bytes encodes s as UTF-16 with a byte order mark, little- or
// big-endian, as Windows PowerShell 5.1's `>` writes a file (LE).
func utf16Bytes(s string, little bool) []byte {
	units := append([]uint16{0xFEFF}, utf16.Encode([]rune(s))...)
	out := make([]byte, 0, 2*len(units))
	for _, u := range units {
		if little {
			out = append(out, byte(u), byte(u>>8))
		} else {
			out = append(out, byte(u>>8), byte(u))
		}
	}
	return out
}

// TestDecodeUTF16: a design saved as UTF-16 with a byte order mark decodes
// as its UTF-8 twin does; an odd length and UTF-16 without a mark are
// errors that name the encoding.
func TestDecodeUTF16(t *testing.T) {
	const design = `{"format":"vnetplay/scenario","version":1,"name":"ü €","topology":{"vnets":[{"id":"v","addressSpace":{"addressPrefixes":["10.0.0.0/16"]}}]}}`
	for _, little := range []bool{true, false} {
		doc, _, err := Decode(utf16Bytes(design, little), Lenient)
		if err != nil {
			t.Fatalf("little-endian %v: %v", little, err)
		}
		if doc.Name != "ü €" || len(doc.Topology.VNets) != 1 {
			t.Errorf("little-endian %v: got %q with %d VNets", little, doc.Name, len(doc.Topology.VNets))
		}
	}
	b := utf16Bytes(design, true)
	if _, _, err := Decode(b[:len(b)-1], Lenient); err == nil || !strings.Contains(err.Error(), "UTF-16") {
		t.Errorf("odd length: %v, want an error naming UTF-16", err)
	}
	if _, _, err := Decode(b[2:], Lenient); err == nil || !strings.Contains(err.Error(), "UTF-16") {
		t.Errorf("no byte order mark: %v, want an error naming UTF-16", err)
	}
}

// TestDecodeTextBounded: the UTF-8 text of a UTF-16 file may be larger than
// the file (a unit of 2 bytes becomes up to 3); over MaxFileSize it is
// refused with a *LimitError.
func TestDecodeTextBounded(t *testing.T) {
	big := utf16Bytes(strings.Repeat("€", MaxFileSize/3+1), true)
	var le *LimitError
	if _, err := DecodeText(big); !errors.As(err, &le) {
		t.Errorf("decoded text over MaxFileSize: %v, want a *LimitError", err)
	}
}
