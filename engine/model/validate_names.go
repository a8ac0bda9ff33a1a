package model

import "fmt"

// nameScope checks the names (or ids) of the items of one scope — a zone's
// VNet links, a resolver's endpoints, a ruleset's rules or links, a VM's
// networks behind, the private endpoints — in the scope's own diagnostic
// codes: each item has a name, and no two share one. It is uniqueName
// (validate_edge.go) with codes and messages of the scope's choosing.
// Make one per scope with newNameScope and check each item once, in order.
type nameScope struct {
	v    *validator
	seen map[string]bool
	rule nameRule
}

// nameRule is what a scope reports. A missing name is reported with
// missingCode and the message missing (a finished message, not a format).
// A repeated name is reported with dupCode and the message
// "duplicate <what> "<name>"<in>": what is what the name names ("link
// name", "id"), in an optional tail naming the scope (" in resolver r").
type nameRule struct {
	missingCode, missing string
	dupCode, what, in    string
}

// newNameScope starts a scope whose names are checked by rule.
func (v *validator) newNameScope(rule nameRule) *nameScope {
	return &nameScope{v: v, seen: map[string]bool{}, rule: rule}
}

// check checks one item's name: an empty one is reported at missingPath
// (the item's path, or its collection's when an empty name makes no path),
// one already seen in the scope at path. The name is recorded either way.
func (s *nameScope) check(name, path, missingPath string) {
	switch {
	case name == "":
		s.v.add(Error, s.rule.missingCode, missingPath, "%s", s.rule.missing)
	case s.seen[name]:
		s.v.add(Error, s.rule.dupCode, path, "duplicate %s %q%s", s.rule.what, name, s.rule.in)
	}
	s.seen[name] = true
}

// dnsLinkNames is the rule of the virtual network links of a private zone
// (dupCode dns.link-duplicate) or a forwarding ruleset
// (dns.ruleset-link-duplicate).
func dnsLinkNames(dupCode string) nameRule {
	return nameRule{missingCode: "dns.link-name", missing: "a virtual network link needs a name", dupCode: dupCode, what: "link name"}
}

// indexPath is the path of item i of kind when its id is empty ("kind[i]"),
// else "kind[id]".
func indexPath(kind string, i int, id string) string {
	if id == "" {
		return fmt.Sprintf("%s[%d]", kind, i)
	}
	return kind + "[" + id + "]"
}
