package armexport

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"vnetplay/engine/model"
)

// obj and arr are the JSON values the template is built of.
type (
	obj = map[string]any
	arr = []any
)

// expr is an ARM template expression ("[parameters('location')]"), written
// as it is; every plain string that starts with "[" is escaped as "[[" so
// that ARM reads it as a literal.
type expr string

// idRef is a reference to a resource by type and name segments, written
// as [resourceId('type', 'name', …)]. References are kept structured so
// that dependsOn is derived from them.
type idRef struct {
	typ   string
	names []string
}

func rid(typ string, names ...string) idRef { return idRef{typ: typ, names: names} }

// ref is the {"id": …} object ARM properties use for a reference.
func ref(typ string, names ...string) obj { return obj{"id": rid(typ, names...)} }

func (r idRef) key() string { return key(r.typ, strings.Join(r.names, "/")) }

func (r idRef) String() string {
	parts := []string{quote(r.typ)}
	for _, n := range r.names {
		parts = append(parts, quote(n))
	}
	return "[resourceId(" + strings.Join(parts, ", ") + ")]"
}

// parent is the reference with the last type segment and name dropped
// (a subnet's VNet); ok is false for a top-level type.
func (r idRef) parent() (idRef, bool) {
	i := strings.LastIndexByte(r.typ, '/')
	if len(r.names) < 2 || i < 0 || strings.Count(r.typ, "/") < 2 {
		return idRef{}, false
	}
	return idRef{typ: r.typ[:i], names: r.names[:len(r.names)-1]}, true
}

// quote writes s as an ARM expression string literal.
func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// paramRef is [parameters('name')].
func paramRef(name string) expr { return expr("[parameters(" + quote(name) + ")]") }

// key is the identity of a resource: its type and name, in lower case
// (ARM compares both without case).
func key(typ, name string) string { return strings.ToLower(typ) + "\x00" + strings.ToLower(name) }

// resource is one template resource before it is written.
type resource struct {
	typ, name string
	api       string
	location  any // string, expr or nil
	sku       obj
	tags      obj
	props     obj
	// after are extra orderings beyond the references in props.
	after []idRef
}

// add registers r; a later resource of the same type and name is refused
// by the callers (see nameOK).
func (e *exporter) add(r *resource) *resource {
	if r.api == "" {
		r.api = apiNetwork
	}
	e.resources = append(e.resources, r)
	e.defined[key(r.typ, r.name)] = r
	return r
}

// has reports whether the template defines the resource typ/names.
func (e *exporter) has(typ string, names ...string) bool {
	_, ok := e.defined[key(typ, strings.Join(names, "/"))]
	return ok
}

// nameOK checks that names (a resource's name segments: "vnet", "peering"
// for a peering link) can name a resource of typ (idOK) and that no
// resource of typ has them yet. If not, the resource at path is listed as
// not exported.
func (e *exporter) nameOK(path, typ string, names ...string) bool {
	if !e.idOK(path, names...) {
		return false
	}
	if e.has(typ, names...) {
		e.lose(path, "another resource of the same type already has the name "+strings.Join(names, "/")+" (Azure compares names without case)")
		return false
	}
	return true
}

// idOK checks that no name segment is empty or holds "/"; if one does, the
// resource at path is listed as not exported.
func (e *exporter) idOK(path string, names ...string) bool {
	for _, n := range names {
		switch {
		case strings.TrimSpace(n) == "":
			e.lose(path, "it has no id or name, and a resource needs one")
			return false
		case strings.Contains(n, "/"):
			e.lose(path, fmt.Sprintf("its name %q contains \"/\", which ARM reads as a child resource's separator", n))
			return false
		}
	}
	return true
}

// uniqueName returns base, or base-2, base-3, … the first that no resource
// of typ has and the design's ids in taken do not use.
func (e *exporter) uniqueName(typ, base string, taken map[string]bool) string {
	name := base
	for i := 2; e.has(typ, name) || taken[name]; i++ {
		name = base + "-" + strconv.Itoa(i)
	}
	return name
}

// dependsOn lists, sorted, the template resources r refers to (a reference
// to an inline part such as a subnet counts as one to its resource), its
// parent and its extra orderings, without r itself.
func (e *exporter) dependsOn(r *resource) arr {
	seen := map[string]bool{key(r.typ, r.name): true}
	var deps []idRef
	want := func(x idRef) {
		for {
			if d, ok := e.defined[x.key()]; ok {
				k := key(d.typ, d.name)
				if !seen[k] {
					seen[k] = true
					deps = append(deps, rid(d.typ, strings.Split(d.name, "/")...))
				}
				return
			}
			p, ok := x.parent()
			if !ok {
				return
			}
			x = p
		}
	}
	if p, ok := rid(r.typ, strings.Split(r.name, "/")...).parent(); ok {
		want(p)
	}
	walkRefs(r.props, want)
	for _, a := range r.after {
		want(a)
	}
	slices.SortFunc(deps, func(a, b idRef) int { return strings.Compare(a.String(), b.String()) })
	out := make(arr, 0, len(deps))
	for _, d := range deps {
		out = append(out, d)
	}
	return out
}

// walkRefs calls f on every idRef inside v.
func walkRefs(v any, f func(idRef)) {
	switch x := v.(type) {
	case idRef:
		f(x)
	case obj:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			walkRefs(x[k], f)
		}
	case arr:
		for _, y := range x {
			walkRefs(y, f)
		}
	}
}

// finalize turns the built values into what encoding/json writes:
// references and expressions become their strings, and a plain string
// starting with "[" is escaped as "[[".
func finalize(v any) any {
	switch x := v.(type) {
	case idRef:
		return x.String()
	case expr:
		return string(x)
	case string:
		if strings.HasPrefix(x, "[") {
			return "[" + x
		}
		return x
	case obj:
		out := make(obj, len(x))
		for k, y := range x {
			out[k] = finalize(y)
		}
		return out
	case arr:
		out := make(arr, len(x))
		for i, y := range x {
			out[i] = finalize(y)
		}
		return out
	}
	return v
}

// strs is a string slice as a JSON array (never null).
func strs(l []string) arr {
	out := make(arr, 0, len(l))
	for _, s := range l {
		out = append(out, s)
	}
	return out
}

// paramName makes and reserves an ARM parameter name from an id and a
// suffix: characters other than letters, digits and "_" become "_", and a
// name already taken (ARM compares them without case) gets _2, _3, ….
func (e *exporter) paramName(id, suffix string) string {
	var b strings.Builder
	for _, c := range id {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '_':
			b.WriteRune(c)
		default:
			b.WriteByte('_')
		}
	}
	base := b.String() + "_" + suffix
	name := base
	for i := 2; e.paramNames[strings.ToLower(name)] || strings.EqualFold(name, LocationParam); i++ {
		name = base + "_" + strconv.Itoa(i)
	}
	e.paramNames[strings.ToLower(name)] = true
	return name
}

// location is a resource's region: the design's, else fallback (a region
// taken from the VNet the resource sits in), else the location parameter.
func (e *exporter) location(own string, fallback any) any {
	if own != "" {
		return own
	}
	if fallback != nil {
		return fallback
	}
	return e.locationParam()
}

// locationParam declares the location parameter and refers to it.
func (e *exporter) locationParam() expr {
	if e.params[LocationParam] == nil {
		e.params[LocationParam] = obj{
			"type":         "string",
			"defaultValue": expr("[resourceGroup().location]"),
			"metadata":     obj{"description": "The region of the resources the design gives no location (VNets without one and what sits in them)."},
		}
	}
	return paramRef(LocationParam)
}

// vnetLocation is the region of what sits in VNet id: its location, else
// the location parameter.
func (e *exporter) vnetLocation(id string) any {
	if v, ok := e.vnetByID[id]; ok && v.Location != "" {
		return v.Location
	}
	return e.locationParam()
}

// subnetOK reports whether the exported VNet vnet has a subnet name.
func (e *exporter) subnetOK(vnet, name string) bool {
	v, ok := e.vnetByID[vnet]
	if !ok || !e.has(tVNet, vnet) {
		return false
	}
	return slices.ContainsFunc(v.Subnets, func(s model.Subnet) bool { return s.Name == name })
}

// splitSubnet splits a subnet id "vnet/subnet".
func splitSubnet(id string) (vnet, name string, ok bool) {
	i := strings.LastIndexByte(id, '/')
	if i <= 0 || i == len(id)-1 {
		return "", "", false
	}
	return id[:i], id[i+1:], true
}
