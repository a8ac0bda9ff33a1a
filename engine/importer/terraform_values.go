package importer

import "strings"

// Readers of Terraform attribute values (snake_case, decoded JSON) and
// writers of REST properties. A value of the wrong JSON type reads as
// absent: hostile or hand-edited files degrade, they do not panic. The
// front end reads through tfCtx's methods of the same names (terraform_typecheck.go),
// which note such a value for the report.

// vStr returns the string attribute k of m, "" when absent or not a string.
func vStr(m map[string]any, k string) string { s, _ := m[k].(string); return s }

// vBool returns the bool attribute k of m and whether it is a bool (or
// "true"/"false", as the REST readers take it).
func vBool(m map[string]any, k string) (v, ok bool) { return boolOf(m[k]) }

// vNum returns the number attribute k of m (a numeric string counts).
func vNum(m map[string]any, k string) (float64, bool) { return number(m[k]) }

// vStrs returns the non-empty strings of the list (or set) attribute k.
func vStrs(m map[string]any, k string) []string {
	var out []string
	for _, s := range stringsOf(m[k]) {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// vBlocks returns the nested blocks k of m (a list of objects; a lone
// object counts as one block; anything else, none).
func vBlocks(m map[string]any, k string) []map[string]any {
	switch x := m[k].(type) {
	case map[string]any:
		return []map[string]any{x}
	case []any:
		out := make([]map[string]any, 0, len(x))
		for _, e := range x {
			if b, ok := e.(map[string]any); ok {
				out = append(out, b)
			}
		}
		return out
	}
	return nil
}

// vBlock returns the first nested block k of m, nil when there is none.
func vBlock(m map[string]any, k string) map[string]any {
	if l := vBlocks(m, k); len(l) > 0 {
		return l[0]
	}
	return nil
}

// setStr sets p[k] to v unless v is empty.
func setStr(p map[string]any, k, v string) {
	if v != "" {
		p[k] = v
	}
}

// copyStr copies the string attribute tk of m to p[k], unless empty.
func copyStr(p map[string]any, k string, m map[string]any, tk string) { setStr(p, k, vStr(m, tk)) }

// copyBool copies the bool attribute tk of m to p[k] when it is a bool.
func copyBool(p map[string]any, k string, m map[string]any, tk string) {
	if v, ok := vBool(m, tk); ok {
		p[k] = v
	}
}

// copyNum copies the number attribute tk of m to p[k] when it is one.
func copyNum(p map[string]any, k string, m map[string]any, tk string) {
	if v, ok := vNum(m, tk); ok {
		p[k] = v
	}
}

// setList sets p[k] to the strings l unless l is empty.
func setList(p map[string]any, k string, l []string) {
	if len(l) > 0 {
		p[k] = anyList(l)
	}
}

// copyList copies the list attribute tk of m to p[k], unless empty.
func copyList(p map[string]any, k string, m map[string]any, tk string) { setList(p, k, vStrs(m, tk)) }

// setRef sets p[k] to the reference {"id": id} unless id is empty.
func setRef(p map[string]any, k, id string) {
	if id != "" {
		p[k] = map[string]any{"id": id}
	}
}

// setRefs sets p[k] to the references [{"id": …}] unless ids is empty.
func setRefs(p map[string]any, k string, ids []string) {
	if len(ids) == 0 {
		return
	}
	l := make([]any, len(ids))
	for i, id := range ids {
		l[i] = map[string]any{"id": id}
	}
	p[k] = l
}

// anyList converts strings to a JSON array value.
func anyList(l []string) []any {
	out := make([]any, len(l))
	for i, s := range l {
		out[i] = s
	}
	return out
}

// enabledWord is REST's "Enabled"/"Disabled" for a bool.
func enabledWord(on bool) string {
	if on {
		return "Enabled"
	}
	return "Disabled"
}

// tfAlt is one spelling of a boolean setting across azurerm versions;
// invert marks an attribute of the opposite sense
// (bgp_route_propagation_enabled vs disable_bgp_route_propagation).
type tfAlt struct {
	attr   string
	invert bool
}

// flag reads a boolean setting spelled several ways, newest spelling
// first. The first spelling present wins; a later one that disagrees
// (after inverting) is reported, as the state is then inconsistent
// (rule:import.azurerm-renames).
func (c *tfCtx) flag(r *tfRes, m map[string]any, alts ...tfAlt) (v, ok bool) {
	var from string
	for _, a := range alts {
		b, present := c.vBool(m, a.attr)
		if !present {
			continue
		}
		if a.invert {
			b = !b
		}
		if !ok {
			v, ok, from = b, true, a.attr
			continue
		}
		if b != v {
			c.rep.Add(Ignored, r.Address, a.attr, "disagrees with "+from+"; "+from+" (the newer spelling) is used")
		}
	}
	return v, ok
}

// copyFlag sets p[k] from a boolean setting spelled several ways.
func (c *tfCtx) copyFlag(p map[string]any, k string, r *tfRes, m map[string]any, alts ...tfAlt) {
	if v, ok := c.flag(r, m, alts...); ok {
		p[k] = v
	}
}

// hasSecret reports whether attribute k holds a value (a secret the import
// never copies: state holds secrets in clear, rule:import.terraform-show-json).
func hasSecret(m map[string]any, k string) bool {
	s, _ := m[k].(string)
	return strings.TrimSpace(s) != ""
}

// secret reports the secret attribute tk of r as not copied.
func (c *tfCtx) secret(r *tfRes, m map[string]any, tk, rest string) {
	if hasSecret(m, tk) {
		c.rep.Add(Ignored, r.Address, tk, "a secret ("+rest+"); the import never copies secrets")
	}
}
