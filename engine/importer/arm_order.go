package importer

import (
	"strings"
)

// armItem is one declaration of a "resources" list: the value, its place
// in the file, and its symbolic name (languageVersion 2.0's object form;
// "" in an array).
type armItem struct {
	v        any
	where    string
	symbolic string
}

// armOrder is the order in which the items of one "resources" list are
// read: the file's, except that a nested deployment (a Bicep module) is
// read before the items that depend on it (dependsOn), as Azure deploys
// it, so that what reads a module's outputs (reference(…).outputs) finds
// them wherever the module stands in the file. The dependencies and the
// deployments' names are evaluated quietly: one that does not evaluate, or
// a deployment with a copy loop, orders nothing; a cycle keeps the file's
// order.
func (r *armReader) armOrder(items []armItem) []int {
	q := *r.ev // quiet: a failure here is reported when the item is read
	q.fail = func(string, error) {}
	q.copies = nil
	deployment := map[string]int{} // id key or symbolic name → item
	for i, it := range items {
		obj, _ := it.v.(map[string]any)
		if typ, _ := obj["type"].(string); !strings.EqualFold(typ, armDeployments) || obj["copy"] != nil {
			continue
		}
		if it.symbolic != "" {
			deployment[it.symbolic] = i
		}
		if k := r.deploymentKey(&q, obj); k != "" {
			deployment[k] = i
		}
	}
	order := make([]int, 0, len(items))
	if len(deployment) == 0 {
		for i := range items {
			order = append(order, i)
		}
		return order
	}
	state := make([]uint8, len(items)) // 0 not yet, 1 in progress, 2 placed
	var place func(i int)
	place = func(i int) {
		if state[i] != 0 {
			return
		}
		state[i] = 1
		obj, _ := items[i].v.(map[string]any)
		deps, _ := obj["dependsOn"].([]any)
		for _, d := range deps {
			if j, ok := r.dependency(&q, d, deployment); ok && j != i {
				place(j)
			}
		}
		state[i] = 2
		order = append(order, i)
	}
	for i := range items {
		place(i)
	}
	return order
}

// deploymentKey is the id key of the nested deployment obj, evaluated with
// q: its name in its resource group and subscription; "" when they do not
// evaluate.
func (r *armReader) deploymentKey(q *armEval, obj map[string]any) string {
	sub, rg := r.sub, r.rg
	if s, ok := quietString(q, obj["subscriptionId"]); ok && s != "" {
		sub = s
	}
	if g, ok := quietString(q, obj["resourceGroup"]); ok && g != "" {
		rg = g
	}
	name, ok := quietString(q, obj["name"])
	if !ok || name == "" {
		return ""
	}
	id, err := armID(armScopeRG(sub, rg), armDeployments, name)
	if err != nil {
		return ""
	}
	return idKey(id)
}

// dependency is the item of deployment that dependsOn entry d names: a
// symbolic name, a deployment's id (an expression such as resourceId(…),
// or written out), or its "type/name" short form.
func (r *armReader) dependency(q *armEval, d any, deployment map[string]int) (int, bool) {
	s, ok := quietString(q, d)
	if !ok || s == "" {
		return 0, false
	}
	if i, ok := deployment[s]; ok {
		return i, true
	}
	if strings.HasPrefix(s, "/") {
		i, ok := deployment[idKey(s)]
		return i, ok
	}
	if name, ok := cutFoldPrefix(s, armDeployments+"/"); ok {
		if id, err := armID(armScopeRG(r.sub, r.rg), armDeployments, name); err == nil {
			i, ok := deployment[idKey(id)]
			return i, ok
		}
	}
	return 0, false
}

// quietString is v evaluated with q when it is a string.
func quietString(q *armEval, v any) (string, bool) {
	s, ok := v.(string)
	if !ok {
		return "", false
	}
	out, err := q.evalString(s)
	if err != nil {
		return "", false
	}
	str, ok := out.(string)
	return str, ok
}

// cutFoldPrefix is strings.CutPrefix without regard to the prefix's case.
func cutFoldPrefix(s, prefix string) (string, bool) {
	if len(s) < len(prefix) || !strings.EqualFold(s[:len(prefix)], prefix) {
		return s, false
	}
	return s[len(prefix):], true
}
