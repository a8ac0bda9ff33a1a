package scenario

import (
	"fmt"
	"strconv"
	"strings"
)

// LimitError says which limit a design or a file is over, with its
// measure and the limit. It wraps ErrTooLarge.
type LimitError struct {
	What  string // "file", "design", "VNets" or "challenge <what>" (challenge.go)
	Got   int64  // bytes, or a count
	Limit int64
}

func (e *LimitError) Error() string {
	got, limit := sizes(e.Got, e.Limit)
	switch e.What {
	case "file":
		return fmt.Sprintf("the file is too large: %s; vnetplay reads scenario files of up to %s", got, limit)
	case "design":
		return fmt.Sprintf("the design is too large: %s as stored (compact JSON); vnetplay keeps designs of up to %s", got, limit)
	}
	if what, ok := strings.CutPrefix(e.What, "challenge "); ok {
		return challengeLimitMessage(what, e.Got, e.Limit)
	}
	return fmt.Sprintf("the design is too large: %s %s; vnetplay opens designs of up to %s %s", count(e.Got), e.What, count(e.Limit), e.What)
}

// Unwrap makes errors.Is(err, ErrTooLarge) hold.
func (e *LimitError) Unwrap() error { return ErrTooLarge }

// sizes writes a size and the limit it is compared with, in MB (10^6
// bytes), with as many decimals as it takes for them to differ.
func sizes(got, limit int64) (string, string) {
	for d := 1; ; d++ {
		g, l := mb(got, d), mb(limit, d)
		if g != l || d == 6 {
			return g, l
		}
	}
}

// mb writes n bytes in MB with at most d decimals ("16 MB", "4.2 MB"), or
// in bytes below 10 kB.
func mb(n int64, d int) string {
	if n < 10_000 {
		return fmt.Sprintf("%d bytes", n)
	}
	s := strconv.FormatFloat(float64(n)/1e6, 'f', d, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s + " MB"
}

// count writes a count with thousands separators ("20,000").
func count(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// EncodeCompact writes doc canonically like Encode, without indentation
// or the trailing newline: the form stores keep, and what MaxSize
// measures.
func EncodeCompact(doc *Document) ([]byte, error) {
	return compactJSON(Canonical(doc))
}

// EncodeFile writes doc as a scenario file: Encode's indented canonical
// form, or EncodeCompact's if that were over MaxFileSize (so that every
// design written can be read back).
func EncodeFile(doc *Document) ([]byte, error) {
	b, err := Encode(doc)
	if err == nil && len(b) > MaxFileSize {
		return EncodeCompact(doc)
	}
	return b, err
}

// CheckLimits reports (as a *LimitError) a design over MaxVNets, a
// challenge over its limits (MaxGoals, MaxHints, MaxConstraints,
// MaxInstructions, MaxBaseline) or a design, as stored, over MaxSize; it
// returns the stored size. The UI checks it before saving a design that
// edits have grown.
func CheckLimits(doc *Document) (int, error) {
	if err := checkCounts(doc); err != nil {
		return 0, err
	}
	b, err := EncodeCompact(doc)
	if err != nil {
		return 0, err
	}
	if len(b) > MaxSize {
		return len(b), &LimitError{What: "design", Got: int64(len(b)), Limit: MaxSize}
	}
	return len(b), nil
}

// checkCounts is CheckLimits but for the size: MaxVNets and the
// challenge's limits.
func checkCounts(doc *Document) error {
	if n := len(doc.Topology.VNets); n > MaxVNets {
		return &LimitError{What: "VNets", Got: int64(n), Limit: MaxVNets}
	}
	return checkChallengeLimits(doc.Challenge)
}

// vnetCount is the number of entries of topology.vnets in a generic
// decoding of a scenario (0 when absent or malformed: Decode reports that
// later).
func vnetCount(obj map[string]any) int {
	t, _ := obj["topology"].(map[string]any)
	v, _ := t["vnets"].([]any)
	return len(v)
}

// elementCount is the number of JSON objects in b: the '{' outside
// strings, counted without decoding (malformed text is counted as far as
// it goes; Decode reports it later).
func elementCount(b []byte) int {
	n, inString, escaped := 0, false, false
	for _, c := range b {
		switch {
		case escaped:
			escaped = false
		case inString:
			switch c {
			case '\\':
				escaped = true
			case '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '{':
			n++
		}
	}
	return n
}
