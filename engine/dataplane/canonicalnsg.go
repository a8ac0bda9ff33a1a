package dataplane

import "vnetplay/engine/model"

// canonicalNSG is n as the plane keeps it: an empty list (no rules, no
// prefixes or ports in a rule's plural fields) is nil, whether the
// document wrote it [] or left it out. The two read the same for every
// walk, and the structure keys (walkKey) encode them alike, so planes that
// share a walk structure must hold equal NSGs (ChangedLinks and
// ChangedLinksNaive compare them with reflect.DeepEqual). n's own lists
// are never modified: a rule list that needs a change is copied.
func canonicalNSG(n model.NSG) model.NSG {
	if len(n.SecurityRules) == 0 {
		n.SecurityRules = nil
		return n
	}
	copied := false
	for i := range n.SecurityRules {
		r := n.SecurityRules[i]
		if !hasEmptyList(r) {
			continue
		}
		if !copied {
			n.SecurityRules = append([]model.SecurityRule(nil), n.SecurityRules...)
			copied = true
		}
		n.SecurityRules[i] = canonicalRule(r)
	}
	return n
}

// canonicalRule is r with its empty plural fields nil.
func canonicalRule(r model.SecurityRule) model.SecurityRule {
	r.SourceAddressPrefixes = nilIfEmpty(r.SourceAddressPrefixes)
	r.SourcePortRanges = nilIfEmpty(r.SourcePortRanges)
	r.DestinationAddressPrefixes = nilIfEmpty(r.DestinationAddressPrefixes)
	r.DestinationPortRanges = nilIfEmpty(r.DestinationPortRanges)
	return r
}

// hasEmptyList reports whether one of r's plural fields is an empty list
// that is not nil (what canonicalRule changes).
func hasEmptyList(r model.SecurityRule) bool {
	for _, l := range [...][]string{r.SourceAddressPrefixes, r.SourcePortRanges, r.DestinationAddressPrefixes, r.DestinationPortRanges} {
		if l != nil && len(l) == 0 {
			return true
		}
	}
	return false
}

func nilIfEmpty(xs []string) []string {
	if len(xs) == 0 {
		return nil
	}
	return xs
}
