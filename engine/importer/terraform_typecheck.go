package importer

import (
	"fmt"
	"reflect"
)

// The Terraform front end's attribute readers, which note a value of the
// wrong JSON type (rule:import.wrong-json-type) as the builder's accessors
// do: "values.address_space is a string, expected an array of strings".
// Each reader is the plain one of terraform_values.go plus the note. A
// map is known by its identity: a resource's values object is watched
// when the resource is read (watchValues), and each block vBlocks returns
// from a watched map is watched in turn, with its path; a map that is not
// watched (one the front end built) is read without notes.

// watchValues watches r's values object.
func (c *tfCtx) watchValues(r *tfRes) {
	owner := &typeOwner{where: r.Address, what: r.Type + " " + tfName(r)}
	c.watch(r.Values, &typeCheck{log: c.types, owner: owner, base: "values", tmpl: r.Type})
}

// watch records the typeCheck of map m (the first one wins).
func (c *tfCtx) watch(m map[string]any, chk *typeCheck) {
	if m == nil {
		return
	}
	k := mapIdentity(m)
	if _, ok := c.checks[k]; !ok {
		c.checks[k] = chk
	}
}

// mapIdentity is the identity of a map (its header's address).
func mapIdentity(m map[string]any) uintptr { return reflect.ValueOf(m).Pointer() }

// checkOf returns the typeCheck of m, nil when m is not watched.
func (c *tfCtx) checkOf(m map[string]any) *typeCheck {
	if m == nil {
		return nil
	}
	return c.checks[mapIdentity(m)]
}

func (c *tfCtx) vStr(m map[string]any, k string) string {
	c.checkOf(m).note(k, k, m[k], kindStr)
	return vStr(m, k)
}

func (c *tfCtx) vBool(m map[string]any, k string) (v, ok bool) {
	c.checkOf(m).note(k, k, m[k], kindBool)
	return vBool(m, k)
}

func (c *tfCtx) vNum(m map[string]any, k string) (float64, bool) {
	c.checkOf(m).note(k, k, m[k], kindNum)
	return vNum(m, k)
}

func (c *tfCtx) vStrs(m map[string]any, k string) []string {
	chk := c.checkOf(m)
	chk.note(k, k, m[k], kindStrings)
	chk.noteStrings(k, m[k])
	return vStrs(m, k)
}

// vBlocks is vBlocks, noting a value that is neither a block nor a list
// of blocks, and each element that is not a block; the blocks returned
// are watched.
func (c *tfCtx) vBlocks(m map[string]any, k string) []map[string]any {
	chk := c.checkOf(m)
	chk.note(k, k, m[k], kindBlocks)
	out := vBlocks(m, k)
	if chk == nil {
		return out
	}
	switch x := m[k].(type) {
	case map[string]any:
		c.watch(x, chk.sub(k, k))
	case []any:
		for i, e := range x {
			at := fmt.Sprintf("%s[%d]", k, i)
			chk.note(at, k+"[]", e, kindElem)
			if b, ok := e.(map[string]any); ok {
				c.watch(b, chk.sub(at, k+"[]"))
			}
		}
	}
	return out
}

func (c *tfCtx) vBlock(m map[string]any, k string) map[string]any {
	if l := c.vBlocks(m, k); len(l) > 0 {
		return l[0]
	}
	return nil
}

func (c *tfCtx) copyStr(p map[string]any, k string, m map[string]any, tk string) {
	setStr(p, k, c.vStr(m, tk))
}

func (c *tfCtx) copyBool(p map[string]any, k string, m map[string]any, tk string) {
	if v, ok := c.vBool(m, tk); ok {
		p[k] = v
	}
}

func (c *tfCtx) copyNum(p map[string]any, k string, m map[string]any, tk string) {
	if v, ok := c.vNum(m, tk); ok {
		p[k] = v
	}
}

func (c *tfCtx) copyList(p map[string]any, k string, m map[string]any, tk string) {
	setList(p, k, c.vStrs(m, tk))
}
