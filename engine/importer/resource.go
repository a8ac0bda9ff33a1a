package importer

import (
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
}

// SameType reports whether two ARM resource types are the same type
// (ARM types are case-insensitive).
func SameType(a, b string) bool { return strings.EqualFold(a, b) }

// Str returns the string at a dotted path inside Props ("bgpSettings.bgpPeeringAddress"),
// "" when absent or not a string.
func (r Resource) Str(path string) string { s, _ := lookup(r.Props, path).(string); return s }

// Bool returns the bool at a dotted path inside Props and whether it was present
// as a bool. A string "true"/"false" (seen in hand-edited exports) counts.
func (r Resource) Bool(path string) (v, ok bool) {
	switch x := lookup(r.Props, path).(type) {
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

// Num returns the number at a dotted path inside Props and whether it was
// present as a number (JSON numbers decode as float64; a numeric string
// counts).
func (r Resource) Num(path string) (float64, bool) { return number(lookup(r.Props, path)) }

// List returns the array at a dotted path inside Props, nil when absent or
// not an array.
func (r Resource) List(path string) []any { l, _ := lookup(r.Props, path).([]any); return l }

// Obj returns the object at a dotted path inside Props, nil when absent or
// not an object.
func (r Resource) Obj(path string) map[string]any {
	m, _ := lookup(r.Props, path).(map[string]any)
	return m
}

// Ref returns the resource ID a reference property holds: {"id": "…"} or a
// bare string. "" when absent.
func (r Resource) Ref(path string) string { return RefID(lookup(r.Props, path)) }

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
// skipped), nil when absent.
func (r Resource) Strings(path string) []string { return stringsOf(lookup(r.Props, path)) }

// Lookup reads a dotted path inside any decoded JSON object.
func Lookup(obj map[string]any, path string) any { return lookup(obj, path) }

func lookup(obj map[string]any, path string) any {
	var cur any = obj
	for _, k := range strings.Split(path, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[k]
	}
	return cur
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
