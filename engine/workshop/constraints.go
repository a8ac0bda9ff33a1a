package workshop

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
)

// maxNamed bounds the ids and properties a constraint's Why lists.
const maxNamed = 8

// CheckConstraint checks one constraint against t, the student's design:
//   - noNew: every id of the collection is in the baseline (a violation
//     names each new id);
//   - unchanged: the target still exists and its canonical JSON equals the
//     baseline (a violation says it was deleted, or which properties
//     changed);
//   - maxCount: the collection holds at most Max resources.
//
// A constraint that is not sealed (no baseline where one is needed), of an
// unknown kind or naming an unknown collection does not hold.
func CheckConstraint(t *model.Topology, c scenario.Constraint) ConstraintResult {
	r := ConstraintResult{ID: c.ID, Title: orID(c.Title, c.ID)}
	var err error
	switch c.Kind {
	case scenario.ConstraintNoNew:
		r.Held, r.Why, err = noNew(t, c)
	case scenario.ConstraintUnchanged:
		r.Held, r.Why, err = unchanged(t, c)
	case scenario.ConstraintMaxCount:
		r.Held, r.Why, err = maxCount(t, c)
	default:
		err = fmt.Errorf("unknown constraint kind %q (want noNew, unchanged or maxCount)", c.Kind)
	}
	if err != nil {
		r.Held, r.Why = false, "cannot be checked: "+err.Error()
	}
	return r
}

// noNew checks that the collection has no id the baseline lacks.
func noNew(t *model.Topology, c scenario.Constraint) (bool, string, error) {
	base, ok := c.BaselineIDs()
	if !ok {
		return false, "", fmt.Errorf("no baseline of the %s present when the challenge was made ready: make it ready for students", c.Collection)
	}
	cur, err := scenario.CollectionIDs(t, c.Collection)
	if err != nil {
		return false, "", err
	}
	var added []string
	for _, id := range cur {
		if !slices.Contains(base, id) {
			added = append(added, id)
		}
	}
	if len(added) > 0 {
		n := noun(c.Collection)
		return false, fmt.Sprintf("new %s: %s (no %s may be added)", counted(len(added), n, false), names(added), n), nil
	}
	return true, fmt.Sprintf("no new %s (%s at the start, %d now)", noun(c.Collection), counted(len(base), "", true), len(cur)), nil
}

// unchanged checks that the target is as the baseline recorded it.
func unchanged(t *model.Topology, c scenario.Constraint) (bool, string, error) {
	var want map[string]any
	if len(c.Baseline) == 0 || json.Unmarshal(c.Baseline, &want) != nil || want == nil {
		return false, "", fmt.Errorf("no baseline of %s %q taken when the challenge was made ready: make it ready for students", c.Collection, c.Target)
	}
	cur, found, err := scenario.ResourceJSON(t, c.Collection, c.Target)
	if err != nil {
		return false, "", err
	}
	if !found {
		return false, fmt.Sprintf("%s %s was deleted (or renamed); it must stay as it was", noun(c.Collection), c.Target), nil
	}
	var got map[string]any
	if err := json.Unmarshal(cur, &got); err != nil {
		return false, "", fmt.Errorf("decode %s %q: %w", c.Collection, c.Target, err)
	}
	var diffs []string
	diffPaths(want, got, "", 0, &diffs)
	if len(diffs) > 0 {
		return false, fmt.Sprintf("%s %s changed: %s; it must stay as it was", noun(c.Collection), c.Target, names(diffs)), nil
	}
	return true, fmt.Sprintf("%s %s is as it was", noun(c.Collection), c.Target), nil
}

// maxCount checks the size of the collection.
func maxCount(t *model.Topology, c scenario.Constraint) (bool, string, error) {
	n, err := scenario.CollectionCount(t, c.Collection)
	if err != nil {
		return false, "", err
	}
	what := counted(n, noun(c.Collection), true)
	if n > c.Max {
		return false, fmt.Sprintf("%s, at most %d allowed", what, c.Max), nil
	}
	return true, fmt.Sprintf("%s (at most %d allowed)", what, c.Max), nil
}

// noun is the singular noun of a collection's resources ("route table").
func noun(collection string) string {
	if k, ok := scenario.CollectionKind(collection); ok {
		return k.Noun()
	}
	return collection
}

// counted writes n and the noun, plural unless n is 1 ("2 route
// tables"), without the number when withN is false ("route tables").
func counted(n int, noun string, withN bool) string {
	if n != 1 && noun != "" {
		if strings.HasSuffix(noun, "s") {
			noun += "es"
		} else {
			noun += "s"
		}
	}
	switch {
	case !withN:
		return noun
	case noun == "":
		return fmt.Sprint(n)
	}
	return fmt.Sprintf("%d %s", n, noun)
}

// names lists the first maxNamed strings, then how many more.
func names(s []string) string {
	if len(s) <= maxNamed {
		return strings.Join(s, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(s[:maxNamed], ", "), len(s)-maxNamed)
}

// maxDiffDepth bounds how deep diffPaths descends before it names a whole
// property as changed.
const maxDiffDepth = 3

// diffPaths appends, in sorted order, the paths of the properties that
// differ between two JSON values decoded generically: object members by
// name ("addressSpace.addressPrefixes"), list elements that are objects
// with a "name" or "id" by it ("subnets[app].routeTable"), anything else
// as a whole. It stops after maxNamed+1 paths.
func diffPaths(want, got any, path string, depth int, out *[]string) {
	if len(*out) > maxNamed || reflect.DeepEqual(want, got) {
		return
	}
	wm, wok := want.(map[string]any)
	gm, gok := got.(map[string]any)
	if wok && gok && depth < maxDiffDepth {
		for _, k := range unionKeys(wm, gm) {
			diffPaths(wm[k], gm[k], join(path, k), depth+1, out)
		}
		return
	}
	wl, wok := keyed(want)
	gl, gok := keyed(got)
	if wok && gok && depth < maxDiffDepth {
		for _, k := range unionKeys(wl, gl) {
			p := fmt.Sprintf("%s[%s]", path, k)
			switch {
			case wl[k] == nil:
				*out = append(*out, p+" added")
			case gl[k] == nil:
				*out = append(*out, p+" removed")
			default:
				diffPaths(wl[k], gl[k], p, depth+1, out)
			}
		}
		return
	}
	if path == "" {
		path = "(whole resource)"
	}
	*out = append(*out, path)
}

// keyed indexes a JSON list of objects by their "name" (or "id"); ok is
// false for anything else or when two elements share a key.
func keyed(v any) (map[string]any, bool) {
	l, ok := v.([]any)
	if !ok || len(l) == 0 {
		return nil, false
	}
	m := make(map[string]any, len(l))
	for _, el := range l {
		o, ok := el.(map[string]any)
		if !ok {
			return nil, false
		}
		k, ok := o["name"].(string)
		if !ok {
			if k, ok = o["id"].(string); !ok {
				return nil, false
			}
		}
		if _, dup := m[k]; dup {
			return nil, false
		}
		m[k] = o
	}
	return m, true
}

// unionKeys is the sorted union of two maps' keys.
func unionKeys(a, b map[string]any) []string {
	ks := make([]string, 0, len(a)+len(b))
	for k := range a {
		ks = append(ks, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			ks = append(ks, k)
		}
	}
	slices.Sort(ks)
	return ks
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}
