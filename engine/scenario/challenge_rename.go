package scenario

import (
	"encoding/json"
	"reflect"
	"strings"

	"vnetplay/engine/model"
)

// challenge rewrites the references of a challenge for Rename: the goals'
// expectations as doc.Expect's, each constraint's target and noNew
// baseline ids by the constraint collection's kind (a VNet's rename moves
// the "vnet/subnet" ids of a subnets constraint), and the references and
// id inside an unchanged constraint's baseline, so that renaming is never
// a change the constraint sees. A baseline that does not decode, or that
// the rename does not touch, keeps its bytes.
func (r *renamer) challenge(c *Challenge, k model.Kind, id, name string) {
	if c == nil {
		return
	}
	exps := make([]Expectation, len(c.Goals))
	for i, g := range c.Goals {
		exps[i] = g.Expect
	}
	r.expectations(exps)
	for i := range c.Goals {
		c.Goals[i].Expect = exps[i]
	}
	for i := range c.Constraints {
		r.constraint(&c.Constraints[i], k, id, name)
	}
}

// constraint rewrites one constraint's target and baseline.
func (r *renamer) constraint(c *Constraint, k model.Kind, id, name string) {
	ck, ok := CollectionKind(c.Collection)
	if !ok {
		return
	}
	target := c.Target
	r.typed(ck, &c.Target)
	switch c.Kind {
	case ConstraintNoNew:
		ids, ok := c.BaselineIDs()
		if !ok {
			return
		}
		moved := false
		for j := range ids {
			before := ids[j]
			r.typed(ck, &ids[j])
			moved = moved || ids[j] != before
		}
		if moved {
			c.Baseline = idsJSON(ids)
		}
	case ConstraintUnchanged:
		if b, ok := r.baselineResource(c.Collection, target, c.Baseline, k, id, name); ok {
			c.Baseline = b
		}
	}
}

// baselineResource renames inside an unchanged constraint's baseline,
// the JSON of the resource target of collection: it is decoded into a
// scratch topology holding only it, its references and its own name are
// rewritten as the topology's, and it is encoded canonically. ok is false
// when the baseline does not decode or the rename does not change it.
func (r *renamer) baselineResource(collection, target string, baseline json.RawMessage, k model.Kind, id, name string) (json.RawMessage, bool) {
	if len(baseline) == 0 {
		return nil, false
	}
	var scratch model.Topology
	if !scratchTopology(&scratch, collection, target, baseline) {
		return nil, false
	}
	before, err := compactJSON(scratchElement(&scratch, collection))
	if err != nil {
		return nil, false
	}
	r.topology(&scratch)
	setName(&scratch, k, id, name)
	c := Canonical(&Document{Topology: scratch})
	after, err := compactJSON(scratchElement(&c.Topology, collection))
	if err != nil || string(after) == string(before) {
		return nil, false
	}
	return after, true
}

// scratchTopology decodes baseline as the one resource of collection in
// t (a subnet inside a VNet named by target's first segment).
func scratchTopology(t *model.Topology, collection, target string, baseline json.RawMessage) bool {
	if collection == SubnetsCollection {
		var s model.Subnet
		if json.Unmarshal(baseline, &s) != nil {
			return false
		}
		vnet, _, _ := strings.Cut(target, "/")
		t.VNets = []model.VNet{{ID: vnet, Subnets: []model.Subnet{s}}}
		return true
	}
	m, ok := topologyMember(t, collection)
	if !ok {
		return false
	}
	el := reflect.New(m.Type().Elem())
	if json.Unmarshal(baseline, el.Interface()) != nil {
		return false
	}
	m.Set(reflect.Append(m, el.Elem()))
	return true
}

// scratchElement is the one resource scratchTopology put in t.
func scratchElement(t *model.Topology, collection string) any {
	if collection == SubnetsCollection {
		return t.VNets[0].Subnets[0]
	}
	m, _ := topologyMember(t, collection)
	return m.Index(0).Interface()
}
