package armexport

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// This file is a checker of exported templates that reads only the JSON
// (none of the exporter's own structures): every resourceId() names a
// resource the template defines or an inline part of one, dependsOn is
// complete and acyclic, every parameter is declared and used, resources
// are sorted and unique.

var (
	resourceIDExpr = regexp.MustCompile(`^\[resourceId\((.*)\)\]$`)
	paramExpr      = regexp.MustCompile(`\[parameters\('((?:[^']|'')*)'\)\]`)
)

// tRes is a resource as the checker reads it.
type tRes struct {
	Type       string          `json:"type"`
	APIVersion string          `json:"apiVersion"`
	Name       string          `json:"name"`
	Location   any             `json:"location"`
	DependsOn  []string        `json:"dependsOn"`
	Properties json.RawMessage `json:"properties"`
}

type tTemplate struct {
	Schema     string                     `json:"$schema"`
	Content    string                     `json:"contentVersion"`
	Parameters map[string]json.RawMessage `json:"parameters"`
	Resources  []tRes                     `json:"resources"`
	Metadata   struct {
		Description string `json:"description"`
		Vnetplay    struct {
			NotExported []Entry `json:"notExported"`
			Assumed     []Entry `json:"assumed"`
		} `json:"vnetplay"`
	} `json:"metadata"`
}

// parseResourceID reads the arguments of [resourceId('t', 'n1', …)]:
// single-quoted strings with ” for a quote.
func parseResourceID(s string) (typ string, names []string, err error) {
	m := resourceIDExpr.FindStringSubmatch(s)
	if m == nil {
		return "", nil, fmt.Errorf("not a resourceId expression: %s", s)
	}
	var args []string
	rest := m[1]
	for rest != "" {
		if rest[0] != '\'' {
			return "", nil, fmt.Errorf("argument not quoted in %s", s)
		}
		var b strings.Builder
		i := 1
		for ; i < len(rest); i++ {
			if rest[i] == '\'' {
				if i+1 < len(rest) && rest[i+1] == '\'' {
					b.WriteByte('\'')
					i++
					continue
				}
				break
			}
			b.WriteByte(rest[i])
		}
		if i >= len(rest) {
			return "", nil, fmt.Errorf("unterminated argument in %s", s)
		}
		args = append(args, b.String())
		rest = strings.TrimPrefix(rest[i+1:], ", ")
	}
	if len(args) < 2 || strings.Count(args[0], "/") != len(args)-1 {
		return "", nil, fmt.Errorf("type %q takes %d names, got %d in %s", args[0], strings.Count(args[0], "/"), len(args)-1, s)
	}
	return args[0], args[1:], nil
}

// armLiteral is the value ARM reads from a literal string: "[[" at the
// start stands for "[".
func armLiteral(s string) string {
	if strings.HasPrefix(s, "[[") {
		return s[1:]
	}
	return s
}

// inlineParts are the parts of a resource that properties refer to by
// resourceId without being resources of the template.
func inlineParts(r tRes) []string {
	var props map[string]json.RawMessage
	_ = json.Unmarshal(r.Properties, &props)
	var out []string
	for _, field := range []struct{ typ, key string }{
		{tVNet, "subnets"}, {tLB, "frontendIPConfigurations"}, {tLB, "backendAddressPools"}, {tLB, "inboundNatRules"},
	} {
		if r.Type != field.typ {
			continue
		}
		var parts []struct{ Name string }
		_ = json.Unmarshal(props[field.key], &parts)
		sub := map[string]string{"subnets": tSubnet, "frontendIPConfigurations": tLBFrontend, "backendAddressPools": tLBPool, "inboundNatRules": tLBNatRule}[field.key]
		for _, p := range parts {
			out = append(out, key(sub, r.Name+"/"+armLiteral(p.Name)))
		}
	}
	return out
}

// stringsIn lists every string inside raw JSON.
func stringsIn(raw json.RawMessage) []string {
	var v any
	_ = json.Unmarshal(raw, &v)
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case string:
			out = append(out, x)
		case map[string]any:
			for _, y := range x {
				walk(y)
			}
		case []any:
			for _, y := range x {
				walk(y)
			}
		}
	}
	walk(v)
	return out
}

// checkTemplate returns every problem found in a template.
func checkTemplate(b []byte) []string {
	var t tTemplate
	if err := json.Unmarshal(b, &t); err != nil {
		return []string{"invalid JSON: " + err.Error()}
	}
	var errs []string
	bad := func(f string, a ...any) { errs = append(errs, fmt.Sprintf(f, a...)) }
	if t.Schema != Schema || t.Content != ContentVersion {
		bad("schema %q, contentVersion %q", t.Schema, t.Content)
	}
	owner := map[string]string{} // key → key of the resource that defines it
	for i := range t.Resources {
		t.Resources[i].Name = armLiteral(t.Resources[i].Name)
	}
	for i, r := range t.Resources {
		k := key(r.Type, r.Name)
		if _, dup := owner[k]; dup {
			bad("resource %s %s defined twice", r.Type, r.Name)
		}
		owner[k] = k
		for _, p := range inlineParts(r) {
			owner[p] = k
		}
		if i > 0 {
			p := t.Resources[i-1]
			if p.Type > r.Type || p.Type == r.Type && p.Name > r.Name {
				bad("resources not sorted: %s %s before %s %s", p.Type, p.Name, r.Type, r.Name)
			}
		}
		if r.APIVersion == "" {
			bad("%s %s has no apiVersion", r.Type, r.Name)
		}
	}
	usedParams := map[string]bool{}
	deps := map[string][]string{}
	for _, r := range t.Resources {
		errs = append(errs, checkResource(r, owner, usedParams, deps)...)
	}
	for name := range t.Parameters {
		if !usedParams[name] {
			bad("parameter %s is declared and not used", name)
		}
	}
	for name := range usedParams {
		if _, ok := t.Parameters[name]; !ok {
			bad("parameter %s is used and not declared", name)
		}
	}
	if c := cycle(deps); c != "" {
		bad("dependsOn cycle through %s", c)
	}
	return errs
}

// checkResource checks one resource's references and dependsOn.
func checkResource(r tRes, owner map[string]string, usedParams map[string]bool, deps map[string][]string) []string {
	var errs []string
	bad := func(f string, a ...any) { errs = append(errs, r.Type+" "+r.Name+": "+fmt.Sprintf(f, a...)) }
	self := key(r.Type, r.Name)
	dep := map[string]bool{}
	for _, d := range r.DependsOn {
		typ, names, err := parseResourceID(d)
		if err != nil {
			bad("dependsOn: %v", err)
			continue
		}
		k := key(typ, strings.Join(names, "/"))
		if owner[k] != k {
			bad("dependsOn %s: not a resource of the template", d)
		}
		dep[k] = true
		deps[self] = append(deps[self], k)
	}
	if i := strings.LastIndexByte(r.Type, '/'); strings.Count(r.Type, "/") >= 2 && i > 0 {
		j := strings.LastIndexByte(r.Name, '/')
		if j < 0 {
			bad("a child resource's name has no parent")
		} else if pk := key(r.Type[:i], r.Name[:j]); owner[pk] == pk && !dep[pk] {
			bad("does not depend on its parent %s", r.Name[:j])
		}
	}
	all := stringsIn(r.Properties)
	if s, ok := r.Location.(string); ok {
		all = append(all, s)
	}
	for _, s := range all {
		for _, m := range paramExpr.FindAllStringSubmatch(s, -1) {
			usedParams[strings.ReplaceAll(m[1], "''", "'")] = true
		}
		if !strings.HasPrefix(s, "[resourceId(") {
			if strings.HasPrefix(s, "[") && !strings.HasPrefix(s, "[[") && !paramExpr.MatchString(s) {
				bad("unknown expression or unescaped literal %q", s)
			}
			continue
		}
		typ, names, err := parseResourceID(s)
		if err != nil {
			bad("%v", err)
			continue
		}
		o, ok := owner[key(typ, strings.Join(names, "/"))]
		switch {
		case !ok:
			bad("refers to %s, which the template does not define", s)
		case o != self && !dep[o]:
			bad("refers to %s but does not depend on it", s)
		}
	}
	return errs
}

// cycle returns a resource on a dependsOn cycle, "" when there is none.
func cycle(deps map[string][]string) string {
	state := map[string]int{} // 1 visiting, 2 done
	var visit func(string) bool
	visit = func(k string) bool {
		switch state[k] {
		case 1:
			return true
		case 2:
			return false
		}
		state[k] = 1
		for _, d := range deps[k] {
			if visit(d) {
				return true
			}
		}
		state[k] = 2
		return false
	}
	keys := make([]string, 0, len(deps))
	for k := range deps {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if visit(k) {
			return strings.ReplaceAll(k, "\x00", " ")
		}
	}
	return ""
}
