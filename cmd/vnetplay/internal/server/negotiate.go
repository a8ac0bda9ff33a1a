package server

import "strings"

// Negotiate picks the content coding to send from an Accept-Encoding header
// (RFC 9110 §12.5.3) and the encodings available, or "" for identity.
//
// The header is a comma-separated list of codings, each with optional
// parameters after ";". Codings compare ASCII case-insensitively, and
// "x-gzip" is gzip (RFC 9110 §8.4.1.3). A coding's weight is its q
// parameter, an RFC 9110 §12.4.2 qvalue (0 to 1, at most three decimals);
// a q that is not a qvalue counts as 0, so a malformed weight never reads
// as a preference. Without q the weight is 1. A coding named more than once
// takes its lowest weight, so a q=0 anywhere refuses it; "*" stands for
// every coding not named. Only space and tab are whitespace.
//
// The result is the available coding of highest positive weight, ties
// broken by our preference (br, then gzip). An empty or absent header
// gets identity.
func Negotiate(accept string, available map[string]variant) string {
	w := parseAcceptEncoding(accept)
	best, bestQ := "", 0
	for _, e := range encodings {
		if _, ok := available[e.token]; !ok {
			continue
		}
		if q := w.weight(e.token); q > bestQ {
			best, bestQ = e.token, q
		}
	}
	return best
}

// weights are the weights an Accept-Encoding header gives, in thousandths.
type weights struct {
	named map[string]int // by lower-case coding
	star  int            // -1 when "*" is absent
}

// weight is a coding's weight: its own, else that of "*", else 0.
func (w weights) weight(coding string) int {
	if q, ok := w.named[coding]; ok {
		return q
	}
	return max(w.star, 0)
}

func parseAcceptEncoding(accept string) weights {
	w := weights{named: map[string]int{}, star: -1}
	for _, element := range strings.Split(accept, ",") {
		coding, params, _ := strings.Cut(element, ";")
		coding = asciiLower(trimOWS(coding))
		if coding == "x-gzip" {
			coding = "gzip"
		}
		q := elementWeight(params)
		switch {
		case coding == "":
		case coding == "*":
			w.star = lowest(w.star, q)
		default:
			old, ok := w.named[coding]
			if !ok {
				old = -1
			}
			w.named[coding] = lowest(old, q)
		}
	}
	return w
}

// lowest is min where -1 means "none yet".
func lowest(old, q int) int {
	if old < 0 {
		return q
	}
	return min(old, q)
}

// elementWeight reads the parameters after a coding: the lowest q among
// them, 1000 without any.
func elementWeight(params string) int {
	weight := 1000
	if params == "" {
		return weight
	}
	for _, p := range strings.Split(params, ";") {
		name, value, ok := strings.Cut(p, "=")
		if ok && asciiLower(trimOWS(name)) == "q" {
			weight = min(weight, qvalue(trimOWS(value)))
		}
	}
	return weight
}

// qvalue parses "0", "0.5", "1.000" (RFC 9110 §12.4.2) into thousandths;
// anything else is 0.
func qvalue(v string) int {
	if v == "" || (v[0] != '0' && v[0] != '1') {
		return 0
	}
	whole := int(v[0]-'0') * 1000
	rest := v[1:]
	if rest == "" {
		return whole
	}
	if rest[0] != '.' || len(rest) > 4 {
		return 0
	}
	frac, scale := 0, 100
	for i := 1; i < len(rest); i++ {
		d := rest[i]
		if d < '0' || d > '9' || (whole == 1000 && d != '0') {
			return 0
		}
		frac += int(d-'0') * scale
		scale /= 10
	}
	return whole + frac
}

// trimOWS removes HTTP's optional whitespace: spaces and tabs.
func trimOWS(s string) string { return strings.Trim(s, " \t") }

// asciiLower lowers ASCII letters only (strings.ToLower would also map
// non-ASCII letters such as U+0130 or U+212A onto ASCII ones).
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}
