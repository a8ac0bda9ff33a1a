package importer

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// ARM resource ids, as the builder reads them: compared case-insensitively
// (ARM ids are), split into their segments without allocating more than
// one slice per call.

// idKey is the lookup key of an ARM resource id: lower case, one leading
// slash, no trailing slash or surrounding spaces. "" stays "".
func idKey(id string) string {
	id = strings.Trim(strings.TrimSpace(id), "/")
	if id == "" {
		return ""
	}
	return "/" + strings.ToLower(id)
}

// idSegments splits an id (or a key) into its segments.
func idSegments(id string) []string { return strings.Split(strings.Trim(id, "/"), "/") }

// providersAt is the index of the last "providers" segment (extension
// resources have two), -1 when there is none.
func providersAt(seg []string) int {
	p := -1
	for i, s := range seg {
		if strings.EqualFold(s, "providers") {
			p = i
		}
	}
	return p
}

// parentKey is the key of the parent of the child resource key
// ("…/virtualNetworks/v/subnets/s" → "…/virtualnetworks/v"), "" for a
// top-level resource or a string that is no resource id.
func parentKey(key string) string {
	seg := idSegments(key)
	p := providersAt(seg)
	// providers, namespace, then type/name pairs: a child has two pairs.
	if p < 0 || len(seg)-(p+2) < 4 || (len(seg)-(p+2))%2 != 0 {
		return ""
	}
	return "/" + strings.Join(seg[:len(seg)-2], "/")
}

// nameFromID is the last segment of an id (the resource's own name).
func nameFromID(id string) string {
	seg := idSegments(id)
	return seg[len(seg)-1]
}

// resourceGroup is the resource group an id names, as written ("" when
// the id names none).
func resourceGroup(id string) string {
	seg := idSegments(id)
	for i := 0; i+1 < len(seg); i++ {
		if strings.EqualFold(seg[i], "resourceGroups") {
			return seg[i+1]
		}
	}
	return ""
}

// candidate is a resource that wants a vnetplay id in one collection: key
// identifies it (an ARM id key, unique in the collection), name is the id
// it would like, qual what tells it apart from another of the same name
// (its resource group; a peering's VNet).
type candidate struct {
	key, name, qual string
}

// allocate gives every candidate an id unique in its collection
// (case-insensitively, as Azure compares names): its name when no other
// candidate wants the same name; otherwise "<name>-<qual>", and when that
// is still taken "<name>-<qual>-2", "-3", … Candidates are served in key
// order, so the ids do not depend on the order of the input. It costs
// O(n log n) for n candidates, whatever the collisions.
func allocate(cands []candidate) map[string]string {
	cands = slices.Clone(cands)
	slices.SortFunc(cands, func(a, b candidate) int { return cmp.Compare(a.key, b.key) })
	wanted := make(map[string]int, len(cands))
	for i := range cands {
		if cands[i].name == "" {
			cands[i].name = "unnamed"
		}
		wanted[strings.ToLower(cands[i].name)]++
	}
	out := make(map[string]string, len(cands))
	taken := make(map[string]bool, len(cands))
	for _, c := range cands {
		if wanted[strings.ToLower(c.name)] == 1 {
			out[c.key] = c.name
			taken[strings.ToLower(c.name)] = true
		}
	}
	next := map[string]int{} // lower base → the next number to try
	for _, c := range cands {
		if wanted[strings.ToLower(c.name)] == 1 {
			continue
		}
		base := c.name
		if c.qual != "" {
			base += "-" + c.qual
		}
		id, lb := base, strings.ToLower(base)
		for n := max(next[lb], 2); taken[strings.ToLower(id)]; n++ {
			id = base + "-" + strconv.Itoa(n)
			next[lb] = n + 1
		}
		out[c.key] = id
		taken[strings.ToLower(id)] = true
	}
	return out
}
