package importer

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Values of the wrong JSON type (rule:import.wrong-json-type). The
// builder reads every property through the accessors of Resource (Str,
// Bool, Num, List, Obj, Ref, Strings, Elem, RefAt); on a builder's resource
// each accessor notes what it found in a typeLog. A value that is present
// (not absent, not null) and that no accessor reading its path can use (an
// addressPrefixes that is a string, a priority that is an object) is a line
// of the report naming the resource, the JSON path, the type found and the
// type expected. The value is ignored; the rest of the resource and of the
// file import as before.
//
// "No accessor can use" is judged at the end of the build, against every
// kind of read the builder made of that path in any resource of the type
// (readKinds), so a path that two readers read differently (a reference
// read as a string and as {"id"}) is reported only when neither can use
// the value, whatever the order of the reads. The log is bounded: it keeps
// at most maxTypeNotes wrong values and counts the rest.

// readKind is the kind of read an accessor makes; kinds combine as bits.
type readKind uint16

const (
	kindStr     readKind = 1 << iota // a string
	kindBool                         // a boolean (or "true"/"false")
	kindNum                          // a number (or a string of digits)
	kindList                         // an array
	kindObj                          // an object
	kindRef                          // a reference: {"id": "…"} or a string
	kindStrings                      // an array of strings
	kindElem                         // an array element that must be an object
	kindChild                        // an embedded child: {name, properties} or a reference {id}
	kindBlocks                       // Terraform nested blocks: a list of objects, or one object
)

// kindNames are the kinds as the report names what it expected, in bit
// order.
var kindNames = [...]string{"a string", "a boolean", "a number", "an array", "an object",
	`a reference ({"id": "…"} or a resource id string)`, "an array of strings", "an object",
	`a child resource ({"name", "properties"}) or a reference ({"id"})`, "a block or an array of blocks"}

// fits reports whether a read of kind k can use v (a non-null JSON value).
func (k readKind) fits(v any) bool {
	switch k {
	case kindStr:
		_, ok := v.(string)
		return ok
	case kindBool:
		_, ok := boolOf(v)
		return ok
	case kindNum:
		_, ok := number(v)
		return ok
	case kindList, kindStrings:
		_, ok := v.([]any)
		return ok
	case kindObj, kindElem:
		_, ok := v.(map[string]any)
		return ok
	case kindChild:
		return isChildOrRef(v)
	case kindBlocks:
		switch v.(type) {
		case []any, map[string]any:
			return true
		}
	case kindRef:
		switch x := v.(type) {
		case string:
			return true
		case map[string]any:
			return x["id"] != nil // the id's own type is judged at "….id"
		}
	}
	return false
}

// isChildOrRef reports whether v is an embedded child (an object with a
// properties object) or a reference (an object with an id and no field
// but the envelope's, as az writes references and lifted children both).
func isChildOrRef(v any) bool {
	m, ok := v.(map[string]any)
	if !ok {
		return false
	}
	if _, ok := m["properties"].(map[string]any); ok {
		return true
	}
	if _, ok := m["id"].(string); !ok {
		return false
	}
	for k := range m {
		if !azChildEnvelope(k) {
			return false
		}
	}
	return true
}

// anyFits reports whether a read of any kind in the set ks can use v.
func (ks readKind) anyFits(v any) bool {
	for i := range kindNames {
		if k := readKind(1) << i; ks&k != 0 && k.fits(v) {
			return true
		}
	}
	return false
}

// expected names the kinds of the set ks ("an array of strings", "a string
// or a number"), each name once.
func (ks readKind) expected() string {
	var names []string
	for i, n := range kindNames {
		if ks&(readKind(1)<<i) != 0 && !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	return strings.Join(names, " or ")
}

// jsonType names the JSON type of a decoded value for the report (as
// jsonKind), an object without "id" as such when a reference was wanted.
func jsonType(v any, want readKind) string {
	m, ok := v.(map[string]any)
	switch {
	case ok && want&kindChild != 0 && m["properties"] != nil:
		return "an object whose properties are not an object"
	case ok && want&kindChild != 0:
		return "an object with neither properties nor an id"
	case ok && want&kindRef != 0 && m["id"] == nil:
		return "an object without id"
	}
	return jsonKind(v)
}

// maxTypeNotes bounds the wrong values a typeLog keeps (hostile files:
// arrays of millions of numbers where objects belong).
const maxTypeNotes = 1000

// typeLog is what one build's accessors found.
type typeLog struct {
	// readKinds: path template (the resource type and base template,
	// and the path, indices left out) → every kind of read made of it, in
	// any resource of that type.
	readKinds map[tmplKey]readKind
	// notes: the values some read could not use, by resource and path.
	notes map[noteKey]*typeNote
	// order is notes in the order they were made (deterministic: the
	// builder reads in a fixed order).
	order []*typeNote
	// overflow counts the wrong values past maxTypeNotes.
	overflow int
}

type tmplKey struct{ base, path string }

type noteKey struct {
	owner *typeOwner
	path  string
}

// typeNote is a value that a read could not use.
type typeNote struct {
	owner *typeOwner
	path  string // the full JSON path in the resource ("properties.addressSpace.addressPrefixes")
	tmpl  tmplKey
	value any
	want  readKind
	more  int // further elements of the same array that are not strings
}

// typeOwner is the resource a note is about, as the report names it.
type typeOwner struct{ where, what string }

// typeCheck ties one Resource's accessors to the log: whose properties
// they read and where those are in the resource.
type typeCheck struct {
	log   *typeLog
	owner *typeOwner
	base  string // the JSON path of Props in the resource: "properties", "properties.ipConfigurations[0].properties"
	tmpl  string // the resource's type (lower case) and base with the indices left out: "microsoft.network/networkinterfaces properties.ipConfigurations[].properties"
}

func newTypeLog() *typeLog {
	return &typeLog{readKinds: map[tmplKey]readKind{}, notes: map[noteKey]*typeNote{}}
}

// check returns the typeCheck of a resource's properties.
func (l *typeLog) check(r Resource) *typeCheck {
	return &typeCheck{log: l, owner: &typeOwner{where: r.Where, what: typeAndName(r)}, base: "properties",
		tmpl: strings.ToLower(r.Type) + " properties"}
}

// sub returns the typeCheck of an object at path at (template tmpl) inside
// c's; nil for nil.
func (c *typeCheck) sub(at, tmpl string) *typeCheck {
	if c == nil {
		return nil
	}
	return &typeCheck{log: c.log, owner: c.owner, base: c.base + "." + at, tmpl: c.tmpl + "." + tmpl}
}

// note records a read of kind k that found v at path at (template tmpl)
// and returns the note when k cannot use v (nil otherwise, and for a nil
// c, an absent or a null value, or past the log's bound).
func (c *typeCheck) note(at, tmpl string, v any, k readKind) *typeNote {
	if c == nil || v == nil {
		return nil
	}
	tk := tmplKey{c.tmpl, tmpl}
	c.log.readKinds[tk] |= k
	if k.fits(v) {
		return nil
	}
	key := noteKey{c.owner, c.base + "." + at}
	if n, ok := c.log.notes[key]; ok {
		n.want |= k
		return n
	}
	if len(c.log.order) >= maxTypeNotes {
		c.log.overflow++
		return nil
	}
	n := &typeNote{owner: c.owner, path: key.path, tmpl: tk, value: v, want: k}
	c.log.notes[key] = n
	c.log.order = append(c.log.order, n)
	return n
}

// read returns the value at a dotted path of r's properties (nil when
// absent or null), noting a read of kind k: a step of the path that is not
// an object is noted as such ("addressSpace" a string when reading
// "addressSpace.addressPrefixes").
func (r Resource) read(path string, k readKind) any {
	v, blocked, bv := walk(r.Props, path)
	if blocked != "" {
		r.chk.note(blocked, blocked, bv, kindObj)
		return nil
	}
	if r.chk == nil {
		return v
	}
	r.chk.note(path, path, v, k)
	if m, ok := v.(map[string]any); ok && k == kindRef {
		r.chk.note(path+".id", path+".id", m["id"], kindStr)
	}
	return v
}

// noteElements notes the elements of the array v at path that are not
// strings (see noteStrings).
func (r Resource) noteElements(path string, v any) { r.chk.noteStrings(path, v) }

// noteStrings notes the elements of the array v at path that are not
// strings: the first, with how many more (the readers skip them all).
func (c *typeCheck) noteStrings(path string, v any) {
	l, _ := v.([]any)
	if c == nil {
		return
	}
	var first *typeNote
	for i, e := range l {
		if _, ok := e.(string); ok || e == nil {
			continue
		}
		if first != nil {
			first.more++
			continue
		}
		first = c.note(fmt.Sprintf("%s[%d]", path, i), path+"[]", e, kindStr)
		if first == nil {
			return // past the log's bound
		}
	}
}

// reportWrongTypes adds a report line for each value that no read of its
// path could use, sorted by place and path, and one for the values past
// the log's bound.
func (l *typeLog) reportWrongTypes(rep *Report) {
	notes := slices.Clone(l.order)
	slices.SortStableFunc(notes, func(a, b *typeNote) int {
		return cmp.Or(cmp.Compare(a.owner.where, b.owner.where), cmp.Compare(a.path, b.path))
	})
	for _, n := range notes {
		if ks := l.readKinds[n.tmpl]; ks.anyFits(n.value) {
			continue // another read of this path uses the value
		}
		why := fmt.Sprintf("%s is %s, expected %s; ignored (the rest of the resource is imported)", n.path, jsonType(n.value, n.want), n.want.expected())
		if n.more > 0 {
			why += fmt.Sprintf("; so are %d more elements of the array that are not strings", n.more)
		}
		rep.Add(Ignored, n.owner.where, n.owner.what, why)
	}
	if l.overflow > 0 {
		rep.Add(Ignored, "file", "values of the wrong JSON type",
			fmt.Sprintf("%d more values of the wrong type were ignored and are not listed (the report lists the first %d)", l.overflow, maxTypeNotes))
	}
}
