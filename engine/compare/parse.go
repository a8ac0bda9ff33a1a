package compare

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"strings"
)

// Limits on what Parse reads.
const (
	// MaxInputSize bounds the file: a NIC's effective routes with the
	// ExpressRoute maximum of BGP routes and the route table maximum of
	// UDRs is well under 2 MB of JSON.
	MaxInputSize = 16 << 20
	// MaxRoutes bounds the rows (one per prefix) Parse returns.
	MaxRoutes = 50_000
)

// ErrNoRoutes is returned (wrapped) when the file holds no route.
var ErrNoRoutes = errors.New("no effective route in the file (Azure lists a NIC's effective routes only while its VM runs)")

// Parse reads the effective routes of one NIC as Azure reports them
// (rule:import.effective-route-table-shape):
//   - JSON: `az network nic show-effective-route-table` output
//     ({"value": [...], "nextLink": …}), a bare array of its rows, or the
//     same with PowerShell's capitalised field names; addressPrefix and
//     nextHopIpAddress are lists (a single string is read as one);
//   - the portal's download, CSV with the header Source, State, Address
//     Prefixes, Next Hop Type, Next Hop IP Address, User Defined Route Name
//     (columns found by name, in any order; extra columns ignored), or the
//     portal grid copied as tab-separated text, or a Markdown table of it;
//   - `az … -o table` output (a header line, a line of dashes, fixed-width
//     columns).
//
// A row with several prefixes becomes one Route per prefix. Names are read
// in any of Azure's spellings and returned in the CLI's (NextHopType,
// Source, State). Errors name the row ("value[3]", "line 5") and the field.
func Parse(data []byte) ([]Route, error) {
	if len(data) > MaxInputSize {
		return nil, fmt.Errorf("the file is %d bytes, over the %d-byte limit", len(data), MaxInputSize)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return nil, fmt.Errorf("the file is empty: %w", ErrNoRoutes)
	}
	var out []Route
	var err error
	if trimmed[0] == '{' || trimmed[0] == '[' {
		out, err = parseJSON(trimmed)
	} else {
		out, err = parseText(string(data))
	}
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, ErrNoRoutes
	}
	return out, nil
}

// parseJSON reads the JSON shapes of Parse.
func parseJSON(data []byte) ([]Route, error) {
	var v any
	if err := json.NewDecoder(bytes.NewReader(data)).Decode(&v); err != nil {
		return nil, fmt.Errorf("invalid JSON: %w", err)
	}
	rows, base := []any(nil), ""
	switch x := v.(type) {
	case []any:
		rows = x
	case map[string]any:
		l, ok := field(x, "value").([]any)
		if !ok {
			return nil, errors.New(`a JSON object without a "value" array: not an effective route table (az network nic show-effective-route-table prints {"value": [...]})`)
		}
		if next, _ := field(x, "nextLink").(string); next != "" {
			// A page of a longer table: the rows after it would all read as
			// missing in Azure.
			return nil, fmt.Errorf("the table is paged (nextLink %q): the file holds its first page only; fetch every page (az network nic show-effective-route-table does) and compare the whole table", clip(next))
		}
		rows, base = l, "value"
	}
	var out []Route
	for i, e := range rows {
		where := fmt.Sprintf("%s[%d]", base, i)
		m, ok := e.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%s: %s, not a route object", where, jsonKind(e))
		}
		rs, err := jsonRow(m, where)
		if err != nil {
			return nil, err
		}
		if out = append(out, rs...); len(out) > MaxRoutes {
			return nil, fmt.Errorf("more than %d routes", MaxRoutes)
		}
	}
	return out, nil
}

// field returns m's value for name, matched case-insensitively
// (PowerShell writes AddressPrefix where az writes addressPrefix).
func field(m map[string]any, name string) any {
	if v, ok := m[name]; ok {
		return v
	}
	for k, v := range m {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return nil
}

// jsonRow reads one JSON route object.
func jsonRow(m map[string]any, where string) ([]Route, error) {
	var f [4]string
	for i, name := range [...]string{"source", "state", "nextHopType", "name"} {
		switch x := field(m, name).(type) {
		case string:
			f[i] = x
		case nil:
			if name != "name" {
				return nil, fmt.Errorf("%s: no %s", where, name)
			}
		default:
			return nil, fmt.Errorf("%s.%s: %s, not a string", where, name, jsonKind(x))
		}
	}
	prefixes, err := jsonList(field(m, "addressPrefix"), where+".addressPrefix")
	if err != nil {
		return nil, err
	}
	ips, err := jsonList(field(m, "nextHopIpAddress"), where+".nextHopIpAddress")
	if err != nil {
		return nil, err
	}
	return newRoutes(row{source: f[0], state: f[1], hop: f[2], name: f[3], prefixes: prefixes, ips: ips}, where)
}

// jsonList reads a list of strings: an array of strings, one string, or
// null.
func jsonList(v any, where string) ([]string, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case string:
		return []string{x}, nil
	case []any:
		out := make([]string, 0, len(x))
		for i, e := range x {
			s, ok := e.(string)
			if !ok {
				return nil, fmt.Errorf("%s[%d]: %s, not a string", where, i, jsonKind(e))
			}
			out = append(out, s)
		}
		return out, nil
	}
	return nil, fmt.Errorf("%s: %s, not a list of strings", where, jsonKind(v))
}

// row is one row as read, before validation.
type row struct {
	source, state, hop, name string
	prefixes, ips            []string
}

// newRoutes validates r and returns one Route per prefix.
func newRoutes(r row, where string) ([]Route, error) {
	for _, f := range []struct{ v, name string }{{r.source, "source"}, {r.state, "state"}, {r.hop, "next hop type"}} {
		if strings.TrimSpace(f.v) == "" {
			return nil, fmt.Errorf("%s: no %s", where, f.name)
		}
	}
	var ips []string
	for _, s := range r.ips {
		if s = strings.TrimSpace(s); s == "" || s == "-" {
			continue
		}
		a, err := netip.ParseAddr(s)
		if err != nil {
			return nil, fmt.Errorf("%s: next hop IP address %q is not an IP address", where, s)
		}
		ips = append(ips, a.String())
	}
	out := make([]Route, 0, len(r.prefixes))
	for _, s := range r.prefixes {
		if s = strings.TrimSpace(s); s == "" || s == "-" {
			continue
		}
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return nil, fmt.Errorf("%s: address prefix %q is not a CIDR prefix", where, s)
		}
		p = p.Masked()
		out = append(out, Route{Source: Source(r.source), State: State(r.state), AddressPrefix: p.String(),
			NextHopType: NextHopType(r.hop), NextHopIPAddress: sortAddrs(ips), Name: strings.TrimSpace(r.name), Where: where, prefix: p})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no address prefix", where)
	}
	return out, nil
}

// parseText reads the text shapes of Parse: CSV, tab-separated, Markdown
// or az's fixed-width table.
func parseText(text string) ([]Route, error) {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	h := 0
	for h < len(lines) && strings.TrimSpace(lines[h]) == "" {
		h++
	}
	header := lines[h]
	next := ""
	if h+1 < len(lines) {
		next = lines[h+1]
	}
	switch {
	case strings.HasPrefix(strings.TrimSpace(header), "|"):
		return textRows(lines, h, markdownCells)
	case isRule(next):
		spans := columnSpans(next)
		return textRows(lines, h, func(l string) []string { return fixedCells(l, spans) })
	case strings.Contains(header, "\t"):
		return textRows(lines, h, func(l string) []string { return strings.Split(l, "\t") })
	case strings.Contains(header, ","):
		return csvRows(text)
	}
	return nil, fmt.Errorf("not JSON, CSV or a table: the first line %q has no columns", clip(header))
}

// columns maps the header's cells to the fields: the index of each field's
// column, -1 when absent. The source, state, prefix and next-hop type
// columns are required.
type columns struct{ source, state, prefix, hop, ip, name int }

func findColumns(header []string) (columns, error) {
	c := columns{-1, -1, -1, -1, -1, -1}
	for i, h := range header {
		var p *int
		switch key(h) {
		case "source":
			p = &c.source
		case "state":
			p = &c.state
		case "addressprefixes", "addressprefix", "prefix", "prefixes":
			p = &c.prefix
		case "nexthoptype":
			p = &c.hop
		case "nexthopipaddress", "nexthopipaddresses", "nexthopip":
			p = &c.ip
		case "userdefinedroutename", "routename", "name":
			p = &c.name
		}
		if p != nil && *p < 0 {
			*p = i
		}
	}
	var missing []string
	for _, m := range []struct {
		i    int
		name string
	}{{c.source, "Source"}, {c.state, "State"}, {c.prefix, "Address Prefixes"}, {c.hop, "Next Hop Type"}} {
		if m.i < 0 {
			missing = append(missing, m.name)
		}
	}
	if len(missing) > 0 {
		return c, fmt.Errorf("the header %q lacks the column(s) %s", clip(strings.Join(header, ",")), strings.Join(missing, ", "))
	}
	return c, nil
}

// row turns the cells of a data row into a row.
func (c columns) row(cells []string) row {
	get := func(i int) string {
		if i >= 0 && i < len(cells) {
			return strings.TrimSpace(cells[i])
		}
		return ""
	}
	return row{source: get(c.source), state: get(c.state), hop: get(c.hop), name: dash(get(c.name)),
		prefixes: splitList(get(c.prefix)), ips: splitList(get(c.ip))}
}

// textRows reads the line-based tables: header at lines[h], cells split
// by cells; separator lines (dashes) and blank lines are skipped.
func textRows(lines []string, h int, cells func(string) []string) ([]Route, error) {
	c, err := findColumns(cells(lines[h]))
	if err != nil {
		return nil, err
	}
	var out []Route
	for i := h + 1; i < len(lines); i++ {
		l := lines[i]
		if strings.TrimSpace(l) == "" || isRule(l) {
			continue
		}
		rs, err := newRoutes(c.row(cells(l)), fmt.Sprintf("line %d", i+1))
		if err != nil {
			return nil, err
		}
		if out = append(out, rs...); len(out) > MaxRoutes {
			return nil, fmt.Errorf("more than %d routes", MaxRoutes)
		}
	}
	return out, nil
}

// csvRows reads the portal's CSV download.
func csvRows(text string) ([]Route, error) {
	r := csv.NewReader(strings.NewReader(text))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("CSV header: %w", err)
	}
	c, err := findColumns(header)
	if err != nil {
		return nil, err
	}
	var out []Route
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			return nil, fmt.Errorf("CSV line %d: %w", line, err)
		}
		if strings.TrimSpace(strings.Join(rec, "")) == "" {
			continue
		}
		rs, err := newRoutes(c.row(rec), fmt.Sprintf("line %d", line))
		if err != nil {
			return nil, err
		}
		if out = append(out, rs...); len(out) > MaxRoutes {
			return nil, fmt.Errorf("more than %d routes", MaxRoutes)
		}
	}
}

// isRule reports whether l is a separator line of dashes (az's table, a
// Markdown table's second line).
func isRule(l string) bool {
	l = strings.TrimSpace(l)
	if !strings.Contains(l, "---") {
		return false
	}
	return strings.Trim(l, "-|: \t+") == ""
}

// columnSpans returns the start of each run of dashes in az's rule line.
func columnSpans(rule string) []int {
	var starts []int
	for i := 0; i < len(rule); i++ {
		if rule[i] == '-' && (i == 0 || rule[i-1] != '-') {
			starts = append(starts, i)
		}
	}
	return starts
}

// fixedCells cuts l at the column starts (a cell runs to the next start).
func fixedCells(l string, starts []int) []string {
	out := make([]string, len(starts))
	for i, s := range starts {
		if s >= len(l) {
			break
		}
		end := len(l)
		if i+1 < len(starts) && starts[i+1] < end {
			end = starts[i+1]
		}
		out[i] = l[s:end]
	}
	return out
}

// markdownCells splits "| a | b |" into its cells, unescaping "\-".
func markdownCells(l string) []string {
	l = strings.TrimSpace(l)
	l = strings.TrimPrefix(strings.TrimSuffix(l, "|"), "|")
	cells := strings.Split(l, "|")
	for i, c := range cells {
		cells[i] = strings.ReplaceAll(c, `\`, "")
	}
	return cells
}

// splitList splits a cell holding several values ("10.0.0.4, 10.0.0.5").
func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\t' })
}

// dash reads the portal's "-" (no value) as "".
func dash(s string) string {
	if s == "-" {
		return ""
	}
	return s
}

// clip shortens s for an error message.
func clip(s string) string {
	if len(s) > 120 {
		return s[:120] + "…"
	}
	return s
}

// jsonKind names the JSON type of a decoded value, for messages.
func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case float64:
		return "a number"
	case bool:
		return "a boolean"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}
