package server

import (
	"regexp"
	"strings"
	"testing"
)

// refQValue is RFC 9110 §12.4.2's qvalue grammar, whole string.
var refQValue = regexp.MustCompile(`^(?:0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?)$`)

// refThousandths converts a qvalue matched by refQValue to thousandths.
func refThousandths(v string) int {
	whole, frac, _ := strings.Cut(v, ".")
	frac = (frac + "000")[:3]
	n := 0
	for _, d := range whole + frac {
		n = n*10 + int(d-'0')
	}
	return n
}

// refLower lowers ASCII letters only, byte by byte.
func refLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// refTrim removes optional whitespace (space and tab only).
func refTrim(s string) string { return strings.Trim(s, " \t") }

// refElement is one element of Accept-Encoding as the contract reads it.
type refElement struct {
	coding string // ASCII-lowered, "x-gzip" as "gzip"
	weight int    // thousandths
}

// refElements reads every element: the coding before the first ";", then
// each parameter; the weight is the lowest q parameter (a malformed one is
// 0), 1000 without any.
func refElements(accept string) []refElement {
	var out []refElement
	for _, el := range strings.Split(accept, ",") {
		fields := strings.Split(el, ";")
		coding := refLower(refTrim(fields[0]))
		if coding == "" {
			continue
		}
		if coding == "x-gzip" {
			coding = "gzip"
		}
		weight := 1000
		for _, param := range fields[1:] {
			name, value, hasValue := strings.Cut(param, "=")
			if !hasValue || refLower(refTrim(name)) != "q" {
				continue
			}
			q := 0
			if value = refTrim(value); refQValue.MatchString(value) {
				q = refThousandths(value)
			}
			weight = min(weight, q)
		}
		out = append(out, refElement{coding, weight})
	}
	return out
}

// refWeight is a coding's weight: the lowest of the elements naming it, else
// the lowest "*", else 0 (not acceptable).
func refWeight(accept, coding string) int {
	named, star := -1, -1
	for _, e := range refElements(accept) {
		switch e.coding {
		case coding:
			if named < 0 || e.weight < named {
				named = e.weight
			}
		case "*":
			if star < 0 || e.weight < star {
				star = e.weight
			}
		}
	}
	if named >= 0 {
		return named
	}
	return max(star, 0)
}

// refNegotiate tries every coding in our preference order and keeps the
// first with the highest positive weight.
func refNegotiate(accept string, available map[string]variant) string {
	best, bestWeight := "", 0
	for _, coding := range []string{"br", "gzip"} {
		if _, ok := available[coding]; !ok {
			continue
		}
		if w := refWeight(accept, coding); w > bestWeight {
			best, bestWeight = coding, w
		}
	}
	return best
}

// refRefuses reports whether the header literally refuses coding: an
// element naming it, or "*" while no element names it, with q=0.
func refRefuses(accept, coding string) bool {
	zero := regexp.MustCompile(`^[ \t]*[qQ][ \t]*=[ \t]*0(\.0{0,3})?[ \t]*$`)
	refuses := func(name string) bool {
		for _, el := range strings.Split(accept, ",") {
			fields := strings.Split(el, ";")
			if n := refLower(refTrim(fields[0])); n != name && !(name == "gzip" && n == "x-gzip") {
				continue
			}
			for _, p := range fields[1:] {
				if zero.MatchString(p) {
					return true
				}
			}
		}
		return false
	}
	named := false
	for _, e := range refElements(accept) {
		named = named || e.coding == coding
	}
	return refuses(coding) || (!named && refuses("*"))
}

func availableSet(mask uint8) map[string]variant {
	m := map[string]variant{}
	if mask&1 != 0 {
		m["br"] = variant{}
	}
	if mask&2 != 0 {
		m["gzip"] = variant{}
	}
	return m
}

func TestNegotiateContract(t *testing.T) {
	both := availableSet(3)
	tests := []struct{ accept, want string }{
		{"", ""},
		{"gzip, deflate, br, zstd", "br"},
		{"br;q=0, gzip", "gzip"},
		{"br;q=0.8, gzip;q=0.8", "br"},
		{"br;q=0.5, gzip;q=0.501", "gzip"},
		{"br, br;q=0", ""},                  // a refusal anywhere refuses
		{"br;q=0, br, gzip;q=0.1", "gzip"},  // in any order
		{"x-gzip;q=0, gzip", ""},            // x-gzip is gzip
		{"*, br;q=0", "gzip"},               // * is what is not named
		{"*;q=0.5, gzip", "gzip"},           // named beats *
		{"br;q=1.0, gzip;q=1.000", "br"},    // qvalue grammar
		{"br;q=1.5, gzip;q=0.2", "gzip"},    // out of range: refused
		{"br;q=.5, gzip;q=0.2", "gzip"},     // not a qvalue: refused
		{"br;q=5e-1, gzip;q=0.2", "gzip"},   // not a qvalue: refused
		{"br;q=0.0001, gzip;q=0.2", "gzip"}, // four decimals: refused
		{"br;q=1.0000, gzip;q=0.2", "gzip"}, // four decimals: refused
		{"br ; Q = 0.3 , gzip;q=0.2", "br"}, // OWS around ";" and "="
		{"BR", "br"},
		{"\u00a0br", ""},  // only SP and HTAB are whitespace
		{"gz\u0130p", ""}, // only ASCII case folds
		{"brotli", ""},    // no prefix matching
		{"br;level=9", "br"},
	}
	for _, tt := range tests {
		if got := Negotiate(tt.accept, both); got != tt.want {
			t.Errorf("Negotiate(%q) = %q, want %q", tt.accept, got, tt.want)
		}
		if ref := refNegotiate(tt.accept, both); ref != tt.want {
			t.Errorf("reference(%q) = %q, want %q (the reference is wrong)", tt.accept, ref, tt.want)
		}
	}
}

// fuzzCodings and fuzzWeights are the vocabulary fuzzElements draws from:
// the codings and weights the rules are about, and near misses.
var (
	fuzzCodings = []string{"br", "gzip", "x-gzip", "*", "BR", "X-GZIP", "identity", "deflate", "brotli", "gz\u0130p", "\u00a0br", ""}
	fuzzWeights = []string{"", ";q=0", ";q=0.0", ";q=0.000", ";q=1", ";q=1.000", ";q=1.0000", ";q=0.5", ";q=0.001",
		";q=0.0001", ";q=.5", ";q=5e-1", ";q=-0", ";q=1.5", ";q=abc", "; Q = 0.3 ", ";level=1", ";q=0.2;q=0.9", ";q"}
)

// fuzzElements turns bytes into Accept-Encoding elements from the
// vocabulary, two bytes an element, so that the fuzzer explores
// combinations of the rules (repeats, aliases, "*", malformed weights)
// that random strings rarely reach.
func fuzzElements(picks []byte) string {
	var els []string
	for i := 0; i+1 < len(picks); i += 2 {
		c := fuzzCodings[int(picks[i])%len(fuzzCodings)]
		w := fuzzWeights[int(picks[i+1])%len(fuzzWeights)]
		els = append(els, c+w)
	}
	return strings.Join(els, ", ")
}

// FuzzNegotiate checks Negotiate against the reference above: the coding
// chosen is one available, never one the header refuses with q=0, and the
// one the reference chooses. The header is the fuzzed string followed by
// elements built from picks.
func FuzzNegotiate(f *testing.F) {
	for _, s := range []string{
		"", "br", "gzip, deflate, br, zstd", "br;q=0, gzip", "*;q=0", "x-gzip", "br;q=0.8, gzip;q=0.8",
		"gzip;q=nonsense, br;q=0", "*, br;q=0", "br;q=1.0;q=0", "BR ; Q = 0.5", "gz\u0130p", "\tbr\t;q=0.001",
		"br, br;q=0", "x-gzip;q=0, gzip", "br;q=1.0000, gzip;q=0.5", "*;q=0.5, *;q=0, gzip",
	} {
		f.Add(s, uint8(3), []byte(nil))
	}
	f.Add("", uint8(3), []byte{0, 0, 0, 1, 1, 7})
	f.Add("", uint8(2), []byte{3, 7, 2, 1, 1, 0})
	f.Fuzz(func(t *testing.T, accept string, mask uint8, picks []byte) {
		if extra := fuzzElements(picks); extra != "" {
			accept += ", " + extra
		}
		available := availableSet(mask)
		got := Negotiate(accept, available)
		if got != "" {
			if _, ok := available[got]; !ok {
				t.Fatalf("Negotiate(%q) = %q, not available (%v)", accept, got, available)
			}
			if refRefuses(accept, got) {
				t.Fatalf("Negotiate(%q) = %q, which the header refuses with q=0", accept, got)
			}
		}
		if want := refNegotiate(accept, available); got != want {
			t.Fatalf("Negotiate(%q) with %v = %q, reference %q", accept, available, got, want)
		}
	})
}
