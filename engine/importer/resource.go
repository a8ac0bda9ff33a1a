package importer

import (
	"fmt"
	"slices"
	"strings"
)

// Resource is one Azure resource in the REST shape, whichever file it came
// from. Front ends fill it; the builder reads it.
type Resource struct {
	// ID is the full ARM resource ID
	// ("/subscriptions/…/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/hub"),
	// or one the front end synthesised the same way when the file has none
	// (an ARM template resource, a Terraform resource without "id").
	ID string
	// Type is the resource type as ARM spells it
	// ("Microsoft.Network/virtualNetworks", child types
	// "Microsoft.Network/virtualNetworks/subnets"). Compare with SameType.
	Type string
	// Name is the resource's own name (for a child, its last segment).
	Name string
	// Location is the region ("westeurope"), "" when unknown.
	Location string
	// Props is the REST "properties" object. Front ends for dialects that
	// lift properties to the top level (az) put them back here, so the
	// builder reads one shape.
	Props map[string]any
	// SKU is the REST "sku" object, nil when absent.
	SKU map[string]any
	// Tags are the resource's string tags, nil when none. The builder reads
	// vnetplay's own (TagVM, TagNIC) to regroup exported NICs into VMs.
	Tags map[string]string
	// Where says where the resource is in the input, for the report:
	// "[3]" (az array index), "resources[12]" (ARM), "module.hub.azurerm_virtual_network.hub"
	// (Terraform address).
	Where string
	// chk, when set (the builder's resources), records every value an
	// accessor finds of a JSON type it cannot read, for the report
	// (typecheck.go). Front ends leave it nil.
	chk *typeCheck
}

// SameType reports whether two ARM resource types are the same type
// (ARM types are case-insensitive).
func SameType(a, b string) bool { return strings.EqualFold(a, b) }

// Str returns the string at a dotted path inside Props ("bgpSettings.bgpPeeringAddress"),
// "" when absent or not a string (a value of another type is recorded, see
// typeCheck).
func (r Resource) Str(path string) string {
	s, _ := r.read(path, kindStr).(string)
	return s
}

// Bool returns the bool at a dotted path inside Props and whether it was present
// as a bool. A string "true"/"false" (seen in hand-edited exports) counts.
func (r Resource) Bool(path string) (v, ok bool) { return boolOf(r.read(path, kindBool)) }

// Num returns the number at a dotted path inside Props and whether it was
// present as a number (JSON numbers decode as float64; a numeric string
// counts).
func (r Resource) Num(path string) (float64, bool) { return number(r.read(path, kindNum)) }

// List returns the array at a dotted path inside Props, nil when absent or
// not an array.
func (r Resource) List(path string) []any { l, _ := r.read(path, kindList).([]any); return l }

// Obj returns the object at a dotted path inside Props, nil when absent or
// not an object.
func (r Resource) Obj(path string) map[string]any {
	m, _ := r.read(path, kindObj).(map[string]any)
	return m
}

// Ref returns the resource ID a reference property holds: {"id": "…"} or a
// bare string. "" when absent.
func (r Resource) Ref(path string) string { return RefID(r.read(path, kindRef)) }

// RefID reads a reference value: {"id": "…"} (REST, az, ARM) or a bare
// string (Terraform attributes). "" otherwise.
func RefID(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case map[string]any:
		s, _ := x["id"].(string)
		return s
	}
	return ""
}

// Strings returns the strings of the array at a dotted path (non-strings
// skipped, and recorded), nil when absent.
func (r Resource) Strings(path string) []string {
	v := r.read(path, kindStrings)
	r.noteElements(path, v)
	return stringsOf(v)
}

// sku returns the resource's envelope "sku" object as a Resource for the
// accessors (its values of the wrong type noted at "sku.…").
func (r Resource) sku() Resource {
	var c *typeCheck
	if r.chk != nil {
		typ, _, _ := strings.Cut(r.chk.tmpl, " ")
		c = &typeCheck{log: r.chk.log, owner: r.chk.owner, base: "sku", tmpl: typ + " sku"}
	}
	return Resource{Props: r.SKU, chk: c}
}

// Elem returns the i-th element e of the array at path as a Resource for
// the accessors: the element's `properties`, or the element itself when its
// properties are lifted (az). An element that is not an object is recorded
// and gives a Resource without properties.
func (r Resource) Elem(path string, i int, e any) Resource {
	at := fmt.Sprintf("%s[%d]", path, i)
	m, ok := e.(map[string]any)
	if !ok {
		r.chk.note(at, path+"[]", e, kindElem)
		return Resource{}
	}
	if p, ok := m["properties"].(map[string]any); ok {
		return Resource{Props: p, chk: r.chk.sub(at+".properties", path+"[].properties")}
	}
	if p, has := m["properties"]; has {
		r.chk.note(at+".properties", path+"[].properties", p, kindObj)
	}
	return Resource{Props: m, chk: r.chk.sub(at, path+"[]")}
}

// ElemField returns the string field key of the i-th element e of the
// array at path (an embedded object's envelope: "id", "name"), "" when
// absent; a value of another type is noted.
func (r Resource) ElemField(path string, i int, e any, key string) string {
	m, _ := e.(map[string]any)
	r.chk.note(fmt.Sprintf("%s[%d].%s", path, i, key), path+"[]."+key, m[key], kindStr)
	s, _ := m[key].(string)
	return s
}

// ElemName returns the name of the i-th element e of the array at path
// ({name, id, properties}): its name, else the last segment of its id.
func (r Resource) ElemName(path string, i int, e any) string {
	if s := r.ElemField(path, i, e, "name"); s != "" {
		return s
	}
	if s := r.ElemField(path, i, e, "id"); s != "" {
		return nameFromID(s)
	}
	return ""
}

// RefAt reads the i-th element e of the array at path as a reference (see
// RefID), recording an element of another type.
func (r Resource) RefAt(path string, i int, e any) string {
	at := fmt.Sprintf("%s[%d]", path, i)
	r.chk.note(at, path+"[]", e, kindRef)
	if m, ok := e.(map[string]any); ok {
		r.chk.note(at+".id", path+"[].id", m["id"], kindStr)
	}
	return RefID(e)
}

// Lookup reads a dotted path inside any decoded JSON object.
func Lookup(obj map[string]any, path string) any { return lookup(obj, path) }

func lookup(obj map[string]any, path string) any {
	v, _, _ := walk(obj, path)
	return v
}

// walk reads a dotted path inside obj: the value there (nil when absent or
// null). When a step meets a value that is neither an object nor null,
// the value is nil and blocked is the path up to that step, bv its value.
func walk(obj map[string]any, path string) (v any, blocked string, bv any) {
	var cur any = obj
	end := 0
	for rest := path; ; {
		k, tail, more := strings.Cut(rest, ".")
		m, ok := cur.(map[string]any)
		if !ok {
			if cur != nil {
				return nil, path[:max(end-1, 0)], cur
			}
			return nil, "", nil
		}
		cur = m[k]
		end += len(k) + 1
		if !more {
			return cur, "", nil
		}
		rest = tail
	}
}

// boolOf reads a bool: a JSON bool, or the string "true" or "false" (any
// case).
func boolOf(v any) (b, ok bool) {
	switch x := v.(type) {
	case bool:
		return x, true
	case string:
		switch strings.ToLower(x) {
		case "true":
			return true, true
		case "false":
			return false, true
		}
	}
	return false, false
}

func stringsOf(v any) []string {
	l, _ := v.([]any)
	var out []string
	for _, e := range l {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func number(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case string:
		var f float64
		var seen bool
		for _, c := range x {
			if c < '0' || c > '9' {
				return 0, false
			}
			f = f*10 + float64(c-'0')
			seen = true
		}
		return f, seen
	}
	return 0, false
}

// Tags vnetplay's ARM export writes on a NIC whose VM it cannot export, so
// that an import of the template gives back the VM, the NIC's name and
// which NIC is the VM's primary (TagPrimary "true": the NIC's own primary
// is read-only in Azure, and the VM's networkProfile, which marks it, is
// not in the template).
const (
	TagVM      = "vnetplay-vm"
	TagNIC     = "vnetplay-nic"
	TagPrimary = "vnetplay-primary"
)

// ownTagsOfWrongType says, for each of vnetplay's own tags (a key with
// the prefix "vnetplay-") in a tags object whose value is not a string,
// "tags.vnetplay-vm is a number, expected a string; ignored", sorted by
// key: TagsOf skips them, and the front ends report them
// (rule:import.wrong-json-type). Other tags are not imported at all.
func ownTagsOfWrongType(v any) []string {
	m, _ := v.(map[string]any)
	var out []string
	for k, x := range m {
		if _, ok := x.(string); !ok && x != nil && strings.HasPrefix(k, "vnetplay-") {
			out = append(out, fmt.Sprintf("tags.%s is %s, expected a string; ignored", k, jsonKind(x)))
		}
	}
	slices.Sort(out)
	return out
}

// TagsOf reads a "tags" object: its string values (others are skipped).
func TagsOf(v any) map[string]string {
	m, _ := v.(map[string]any)
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, x := range m {
		if s, ok := x.(string); ok {
			out[k] = s
		}
	}
	return out
}
