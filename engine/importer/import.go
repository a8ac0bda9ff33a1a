package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"

	"vnetplay/engine/scenario"
)

// Limits on what Import reads (docs/import.md says why).
const (
	// MaxFileSize bounds the input: the scenario format's own file limit.
	MaxFileSize = scenario.MaxFileSize
	// MaxResources bounds the resources of one file (after child resources
	// are counted): far beyond a real resource group's network, small
	// enough that the import stays well under a second.
	MaxResources = 20_000
)

// ErrNoNetwork is returned (wrapped) when the file is valid JSON in a known
// format but holds no network resource vnetplay imports.
var ErrNoNetwork = errors.New("the file holds no network resource vnetplay imports")

// ErrUnknownFormat is returned (wrapped) when the JSON is none of the
// formats Import reads.
var ErrUnknownFormat = errors.New("not an az CLI output (nor a REST answer or a Resource Graph result), an ARM template or a terraform show -json state")

// ErrAlreadyScenario is returned (wrapped) for a vnetplay scenario file:
// there is nothing to import.
var ErrAlreadyScenario = errors.New("the file is already a vnetplay scenario: open it as it is (vnetplay lint, routes, … read it directly)")

// Result is a successful import: the design and its report.
type Result struct {
	Document *scenario.Document
	Report   Report
}

// Import detects the format of data, reads it and builds a scenario
// document named name (the file name, for the document's name). Errors say
// what is wrong with the file; a partial mapping is not an error (the
// report lists what was left out).
func Import(data []byte, name string) (*Result, error) {
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("import: the file is %d bytes, over the %d-byte limit", len(data), MaxFileSize)
	}
	v, err := decodeDocuments(data)
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	if m, ok := v.(map[string]any); ok && m["format"] == scenario.Format {
		return nil, fmt.Errorf("import: %w", ErrAlreadyScenario)
	}
	format, err := Detect(v)
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	if format == FormatAz && restBodies(v) {
		format = FormatREST
	}
	rep := Report{Format: format, Imported: map[string]int{}}
	var res []Resource
	switch format {
	case FormatAz, FormatREST:
		res, err = fromAz(v, &rep)
	case FormatARM:
		res, err = fromARM(v.(map[string]any), &rep)
	case FormatTerraform:
		res, err = fromTerraform(v.(map[string]any), &rep)
	}
	if err != nil {
		rep.Sort()
		return nil, fmt.Errorf("import (%s): %w%s", format, err, rep.Brief(3))
	}
	if len(res) > MaxResources {
		return nil, fmt.Errorf("import (%s): %d resources, over the limit of %d", format, len(res), MaxResources)
	}
	doc, err := build(res, name, &rep)
	if err != nil {
		rep.Sort()
		return nil, fmt.Errorf("import (%s): %w%s", format, err, rep.Brief(3))
	}
	rep.Sort()
	return &Result{Document: doc, Report: rep}, nil
}

// decodeDocuments decodes data (a UTF-8 byte-order mark skipped, UTF-16
// with a byte order mark decoded: scenario.DecodeText): one
// JSON document, or several one after the other, as a shell writes them
// when az outputs are appended to one file (`az … >> file`). Several are
// returned as one array of them, which the az front end reads as pasted
// outputs ("[i]" is then the i-th document); they must all be az outputs.
// Errors: invalid JSON (also in a later document), anything after the
// first document that is not JSON, and documents of another format one
// after the other.
//
// A file that is not JSON as it stands but is once its // and /* */
// comments are blanked (stripComments) is read that way: ARM templates may
// hold such comments (rule:import.export-expressions).
func decodeDocuments(data []byte) (any, error) {
	data, err := scenario.DecodeText(data) // a UTF-8 mark skipped, UTF-16 with a mark decoded, bounded
	if err != nil {
		return nil, err
	}
	v, err := decodeStream(data)
	if err != nil {
		if plain, ok := stripComments(data); ok {
			if v2, err2 := decodeStream(plain); err2 == nil {
				return v2, nil
			}
		}
	}
	return v, err
}

// stripComments returns data with its // line and /* */ block comments
// outside JSON strings blanked (a comment's bytes become spaces, its line
// breaks stay, so offsets in later errors still point into the file), and
// whether it blanked any; false, too, for an unterminated block comment.
func stripComments(data []byte) ([]byte, bool) {
	out := slices.Clone(data)
	inString, escaped, found := false, false, false
	for i := 0; i < len(out); i++ {
		c := out[i]
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '/' && i+1 < len(out) && out[i+1] == '/':
			found = true
			for ; i < len(out) && out[i] != '\n'; i++ {
				out[i] = ' '
			}
		case c == '/' && i+1 < len(out) && out[i+1] == '*':
			end := bytes.Index(out[i+2:], []byte("*/"))
			if end < 0 {
				return nil, false
			}
			found = true
			for j := i; j < i+2+end+2; j++ {
				if out[j] != '\n' {
					out[j] = ' '
				}
			}
			i += 2 + end + 1
		}
	}
	return out, found
}

// decodeStream decodes the JSON documents of data (see decodeDocuments).
func decodeStream(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	var docs []any
	for {
		var v any
		err := dec.Decode(&v)
		if err == io.EOF && len(docs) > 0 {
			break
		}
		if err != nil {
			if len(docs) == 0 {
				return nil, fmt.Errorf("invalid JSON%s: %w", jsonErrorPlace(data, err), err)
			}
			return nil, fmt.Errorf("invalid JSON after the first JSON document (in document %d, near byte %d): %w", len(docs)+1, dec.InputOffset(), err)
		}
		docs = append(docs, v)
	}
	if len(docs) == 1 {
		return docs[0], nil
	}
	for i, d := range docs {
		if f, err := Detect(d); err != nil || f != FormatAz {
			what := "not an export vnetplay reads"
			if err == nil {
				what = f.Name()
			}
			return nil, fmt.Errorf("the file holds %d JSON documents one after the other, and document %d is %s: only az outputs can be appended to one file; import the others on their own", len(docs), i+1, what)
		}
	}
	return docs, nil
}

// jsonErrorPlace says where in data the JSON decoding error err is, for
// the user: a file that ends inside its JSON (a download or a copy cut
// short) is called truncated, with its length; a syntax error gets its
// line and column. "" when err says neither.
func jsonErrorPlace(data []byte, err error) string {
	var syn *json.SyntaxError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Sprintf(" (the file ends inside its JSON after %d bytes, line %d: truncated? export it again)", len(data), bytes.Count(data, []byte("\n"))+1)
	case errors.As(err, &syn) && syn.Offset > 0 && syn.Offset <= int64(len(data)):
		before := data[:syn.Offset]
		line := bytes.Count(before, []byte("\n")) + 1
		col := len(before) - (bytes.LastIndexByte(before, '\n') + 1)
		return fmt.Sprintf(" at line %d, column %d", line, col)
	}
	return ""
}

// Detect tells the format of decoded JSON (rule:import.two-json-dialects,
// rule:import.terraform-show-json):
//   - an object with "$schema" naming deploymentTemplate, or with a
//     "resources" array of objects carrying "type" and "apiVersion", or a
//     deployment wrapping such a template in properties.template: ARM;
//   - an object with "format_version" and "values" (or "planned_values"): Terraform;
//   - an array, or an object with "id" and "type" (az show), or
//     {"value": [...]} (REST list), or an Azure Resource Graph result
//     ({"data": …} with totalRecords, count or a skip token): az.
func Detect(v any) (Format, error) {
	switch x := v.(type) {
	case []any:
		return FormatAz, nil
	case map[string]any:
		if s, _ := x["$schema"].(string); s != "" && bytes.Contains(bytes.ToLower([]byte(s)), []byte("deploymenttemplate")) {
			return FormatARM, nil
		}
		if _, ok := x["format_version"]; ok {
			if _, ok := x["values"]; ok {
				return FormatTerraform, nil
			}
			if _, ok := x["planned_values"]; ok {
				return FormatTerraform, nil
			}
		}
		if l, ok := x["resources"].([]any); ok && len(l) > 0 {
			if r, ok := l[0].(map[string]any); ok && r["apiVersion"] != nil && r["type"] != nil {
				return FormatARM, nil
			}
		}
		if p, ok := x["properties"].(map[string]any); ok { // a deployment: {"properties": {"template": …}}
			if tm, ok := p["template"].(map[string]any); ok {
				if f, err := Detect(tm); err == nil && f == FormatARM {
					return FormatARM, nil
				}
			}
		}
		if _, ok := x["type"].(string); ok {
			if _, ok := x["id"].(string); ok {
				return FormatAz, nil
			}
		}
		if _, ok := azGraphResult(x); ok {
			return FormatAz, nil
		}
		if _, ok := x["value"].([]any); ok {
			return FormatAz, nil
		}
	}
	return "", ErrUnknownFormat
}

// Sniff tells whether data is an export Import reads rather than a
// vnetplay scenario: it returns the format and true for an az, ARM or
// Terraform file; false for a scenario ("format": "vnetplay/scenario", or
// any object with a "topology"), for invalid JSON and for anything else
// (the scenario decoder then says what is wrong).
func Sniff(data []byte) (Format, bool) {
	if len(data) > MaxFileSize {
		return "", false
	}
	v, err := decodeDocuments(data)
	if err != nil {
		return "", false
	}
	if m, ok := v.(map[string]any); ok {
		if f, _ := m["format"].(string); f == scenario.Format {
			return "", false
		}
		if _, ok := m["topology"]; ok {
			return "", false
		}
	}
	f, err := Detect(v)
	return f, err == nil
}

// restBodies reports whether v, read as az output, holds REST API bodies
// (GET answers, a {"value": […]} list page): its first resource nests its
// settings under "properties", where az CLI output lifts them to the top.
func restBodies(v any) bool {
	switch x := v.(type) {
	case []any:
		if len(x) == 0 {
			return false
		}
		return restBodies(x[0])
	case map[string]any:
		if l, ok := x["value"].([]any); ok {
			return restBodies(l)
		}
		_, id := x["id"].(string)
		_, props := x["properties"].(map[string]any)
		return id && props
	}
	return false
}

// Name is a format's name for people: "an az CLI export".
func (f Format) Name() string {
	switch f {
	case FormatAz:
		return "an az CLI export"
	case FormatREST:
		return "REST API answers"
	case FormatARM:
		return "an ARM template"
	case FormatTerraform:
		return "a terraform show -json state"
	}
	return "an unknown format"
}
