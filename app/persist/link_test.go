package persist

import (
	"bytes"
	"compress/zlib"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
)

const sample = `{
  "format": "vnetplay/scenario",
  "version": 1,
  "name": "Hub and spokes",
  "topology": {"vnets": [{"id": "hub", "addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}}]}
}
`

func TestLinkRoundTrip(t *testing.T) {
	for _, in := range [][]byte{[]byte(sample), {}, []byte(strings.Repeat(sample, 200))} {
		f, err := EncodeLink(in)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(f, "s=1.") || strings.ContainsAny(f[4:], "#?&/+= ") {
			t.Fatalf("fragment %q is not URL-fragment safe", f[:min(40, len(f))])
		}
		for _, withHash := range []string{f, "#" + f} {
			out, err := DecodeLink(withHash)
			if err != nil || !bytes.Equal(out, in) {
				t.Fatalf("DecodeLink(EncodeLink(%d bytes)) = %d bytes, %v", len(in), len(out), err)
			}
		}
	}
	f, _ := EncodeLink([]byte(sample))
	if len(f) > MaxLinkChars {
		t.Errorf("a small design needs %d characters", len(f))
	}
}

func TestLinkErrors(t *testing.T) {
	good, _ := EncodeLink([]byte(sample))
	flipped := []byte(good)
	flipped[len(flipped)-3] ^= 1 // one character changed: base64 stays valid
	if flipped[len(flipped)-3] == '-' || flipped[len(flipped)-3] == '_' {
		t.Fatal("bad test setup")
	}
	zipped := func(data []byte, trailer ...byte) string {
		var b bytes.Buffer
		zw := zlib.NewWriter(&b)
		zw.Write(data)
		zw.Close()
		return "s=1." + base64.RawURLEncoding.EncodeToString(append(b.Bytes(), trailer...))
	}
	bomb := zipped(make([]byte, MaxLinkScenarioBytes+1)) // 16 MB of zeros: about 22,000 characters
	long := "s=1." + strings.Repeat("A", MaxLinkChars)
	trailing := zipped([]byte(sample), 0)
	if _, err := base64.RawURLEncoding.DecodeString(good[4:] + "B"); err != nil {
		t.Fatal("bad test setup")
	}
	tests := []struct {
		name, fragment string
		want           error
	}{
		{"empty", "", ErrNotShareLink},
		{"other fragment", "#section-2", ErrNotShareLink},
		{"newer version", "#s=2.abcdef", ErrLinkVersion},
		{"bad base64", "#s=1.@@@@", ErrLinkDamaged},
		{"not zlib", "#s=1." + base64.RawURLEncoding.EncodeToString([]byte("plain text")), ErrLinkDamaged},
		{"truncated", good[:len(good)-10], ErrLinkDamaged},
		{"one character altered", string(flipped), ErrLinkDamaged},
		{"decompression bomb", bomb, ErrLinkTooLarge},
		{"longer than any link vnetplay makes", long, ErrLinkTooLarge},
		{"a byte after the zlib stream", trailing, ErrLinkDamaged},
		{"text after the zlib stream", zipped([]byte(sample), []byte("tampered")...), ErrLinkDamaged},
		{"non-canonical base64", good + "B", ErrLinkDamaged},
		{"padded base64", good + "==", ErrLinkDamaged},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := DecodeLink(tt.fragment)
			if !errors.Is(err, tt.want) || out != nil {
				t.Fatalf("DecodeLink = %d bytes, %v; want %v", len(out), err, tt.want)
			}
		})
	}
	if _, err := EncodeLink(make([]byte, MaxLinkScenarioBytes+1)); !errors.Is(err, ErrLinkTooLarge) {
		t.Errorf("EncodeLink(too large) = %v", err)
	}
}

// FuzzDecodeLink: any fragment decodes or fails cleanly, never more than
// the cap, and whatever decodes re-encodes to a link that decodes the same.
func FuzzDecodeLink(f *testing.F) {
	good, _ := EncodeLink([]byte(sample))
	for _, s := range []string{good, "#" + good, "s=1.", "s=1.eJw", "s=9.x", "#x", good[:20]} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, fragment string) {
		out, err := DecodeLink(fragment)
		if err != nil {
			if out != nil {
				t.Fatal("output with an error")
			}
			return
		}
		if len(out) > MaxLinkScenarioBytes {
			t.Fatalf("decoded %d bytes, over the cap", len(out))
		}
		again, err := EncodeLink(out)
		if err != nil {
			t.Fatal(err)
		}
		if back, err := DecodeLink(again); err != nil || !bytes.Equal(back, out) {
			t.Fatalf("re-encoded link does not round-trip: %v", err)
		}
	})
}
