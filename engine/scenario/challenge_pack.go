package scenario

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"slices"
	"strings"

	"vnetplay/engine/model"
)

// PackFormat is the "format" of a workshop pack file.
const PackFormat = "vnetplay/workshop"

// PackLatest is the newest workshop pack version this build reads and
// the one EncodePack writes.
const PackLatest = 1

// MaxPackChallenges bounds the challenges of one pack.
const MaxPackChallenges = 100

// Pack is a workshop pack: several challenge documents, in order, that
// travel as one file (issue 16).
type Pack struct {
	Format      string     `json:"format"`
	Version     int        `json:"version"`
	ID          string     `json:"id"`
	Title       string     `json:"title,omitempty"`
	Description string     `json:"description,omitempty"`
	Challenges  []Document `json:"challenges"`
}

// packWire is Pack as read: each challenge decoded by Decode.
type packWire struct {
	Format      string            `json:"format"`
	Version     int               `json:"version"`
	ID          string            `json:"id"`
	Title       string            `json:"title,omitempty"`
	Description string            `json:"description,omitempty"`
	Challenges  []json.RawMessage `json:"challenges"`
}

// DecodePack parses a workshop pack file. It skips a UTF-8 byte order
// mark; refuses input over MaxFileSize (*LimitError), a wrong format, a
// version above PackLatest (*ErrVersionTooNew), more than
// MaxPackChallenges challenges and malformed JSON; and decodes each
// challenge with Decode in the same mode (so each is migrated, held to the
// limits, and refused if too new; the error names the challenge). In
// Lenient mode unknown fields are warnings ("scenario.unknown-field"),
// their paths starting "challenges[i]." inside a challenge; in Strict
// mode they are errors. It never panics.
func DecodePack(b []byte, mode Mode) (*Pack, []model.Diagnostic, error) {
	if len(b) > MaxFileSize {
		return nil, nil, &LimitError{What: "file", Got: int64(len(b)), Limit: MaxFileSize}
	}
	b, err := DecodeText(b)
	if le := (*LimitError)(nil); errors.As(err, &le) {
		return nil, nil, le
	} else if err != nil {
		return nil, nil, fmt.Errorf("scenario: %w", err)
	}
	obj, err := packHeader(b)
	if err != nil {
		return nil, nil, err
	}
	var w packWire
	if err := decodePackWire(b, mode, &w); err != nil {
		return nil, nil, err
	}
	if len(w.Challenges) > MaxPackChallenges {
		return nil, nil, fmt.Errorf("workshop: %d challenges; a pack holds up to %d", len(w.Challenges), MaxPackChallenges)
	}
	var diags []model.Diagnostic
	if mode == Lenient {
		for _, p := range packUnknownFields(obj) {
			diags = append(diags, model.Diagnostic{Code: "scenario.unknown-field", Severity: model.Warning,
				Path: p, Msg: "unknown field ignored: " + p})
		}
	}
	p := &Pack{Format: PackFormat, Version: PackLatest, ID: w.ID, Title: w.Title, Description: w.Description,
		Challenges: make([]Document, 0, len(w.Challenges))}
	for i, raw := range w.Challenges {
		doc, ds, err := Decode(raw, mode)
		if err != nil {
			return nil, nil, fmt.Errorf("workshop: challenges[%d]: %w", i, err)
		}
		for _, d := range ds {
			d.Path = fmt.Sprintf("challenges[%d].%s", i, d.Path)
			diags = append(diags, d)
		}
		p.Challenges = append(p.Challenges, *doc)
	}
	return p, diags, nil
}

// packHeader checks a pack's JSON, format and version, and returns its
// generic decoding.
func packHeader(b []byte) (map[string]any, error) {
	var generic any
	if err := json.Unmarshal(b, &generic); err != nil {
		return nil, fmt.Errorf("workshop: invalid JSON: %w", err)
	}
	obj, ok := generic.(map[string]any)
	if !ok {
		return nil, errors.New("workshop: the file must be a JSON object")
	}
	if f, _ := obj["format"].(string); f != PackFormat {
		if _, has := obj["format"]; !has {
			return nil, fmt.Errorf("workshop: no \"format\" field; a vnetplay workshop pack has \"format\": %q", PackFormat)
		}
		return nil, fmt.Errorf("workshop: format is %s, want %q", jsonText(obj["format"]), PackFormat)
	}
	vf, ok := obj["version"].(float64)
	if !ok || vf != math.Trunc(vf) || vf < 1 || vf > math.MaxInt32 {
		return nil, fmt.Errorf("workshop: version must be a positive integer, got %s", jsonText(obj["version"]))
	}
	if v := int(vf); v > PackLatest {
		return nil, &ErrVersionTooNew{Got: v, Max: PackLatest}
	}
	if _, ok := obj["challenges"].([]any); !ok {
		return nil, errors.New("workshop: \"challenges\" must be a list of challenge scenarios")
	}
	return obj, nil
}

// decodePackWire decodes the pack's own fields, refusing unknown ones and
// trailing data in Strict mode.
func decodePackWire(b []byte, mode Mode, w *packWire) error {
	if mode != Strict {
		if err := json.Unmarshal(b, w); err != nil {
			return fmt.Errorf("workshop: %w", inFileTerms(b, err))
		}
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(w); err != nil {
		return fmt.Errorf("workshop: %w", inFileTerms(b, err))
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("workshop: trailing data after the pack")
	}
	return nil
}

// packUnknownFields lists, sorted, the pack's own unknown members (those
// of its challenges are Decode's).
func packUnknownFields(obj map[string]any) []string {
	var out []string
	for key := range obj {
		if _, ok := fieldByJSONName(reflect.TypeFor[packWire](), key); !ok {
			out = append(out, quoteIfOdd(key))
		}
	}
	slices.Sort(out)
	return out
}

// EncodePack writes p canonically: PackFormat and PackLatest, the pack's
// fields in struct order, each challenge in Canonical form and the
// challenges in their order, two-space indent, no HTML escaping and a
// trailing newline. It does not modify p.
func EncodePack(p *Pack) ([]byte, error) {
	c := *p
	c.Format, c.Version = PackFormat, PackLatest
	c.Challenges = make([]Document, len(p.Challenges))
	for i := range p.Challenges {
		c.Challenges[i] = *Canonical(&p.Challenges[i])
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(&c); err != nil {
		return nil, fmt.Errorf("workshop: encode: %w", err)
	}
	return buf.Bytes(), nil
}

// ValidatePack reports a pack without an id, and each challenge's
// problems (ValidateChallenge; a document without a challenge section is
// an error), with paths starting "challenges[i].".
func ValidatePack(p *Pack) []model.Diagnostic {
	var out []model.Diagnostic
	if strings.TrimSpace(p.ID) == "" {
		out = append(out, model.Diagnostic{Code: "id.empty", Severity: model.Error, Path: "id", Msg: "the pack has no id"})
	}
	for i := range p.Challenges {
		prefix := fmt.Sprintf("challenges[%d]", i)
		if p.Challenges[i].Challenge == nil {
			out = append(out, model.Diagnostic{Code: "challenge.missing", Severity: model.Error, Path: prefix + ".challenge",
				Msg: "a pack's documents are challenges: this one has no \"challenge\" section"})
			continue
		}
		for _, d := range ValidateChallenge(&p.Challenges[i]) {
			d.Path = prefix + "." + d.Path
			out = append(out, d)
		}
	}
	return out
}
