package store

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
)

// SaveItem stores one element of a list property (a route of a route
// table, a rule of an NSG, a BGP peer of a Route Server, a client of a P2S
// pool) from a form. Values are the element's fields by JSON name, in text
// form (see Field); fields not given keep their value (zero for a new
// element). Index -1 appends a new element. The element is checked as a
// whole and the edit is refused, the design unchanged, while it is not
// valid: a field that does not parse (a *FieldError), or an error the
// engine reports on the resource (a *RejectedError). It is one undo step.
//
// Renaming an element that others refer to by name (a NIC, a host, a P2S
// client, a BGP peer, a subnet) renames its references too.
type SaveItem struct {
	Ref    Ref
	List   string // the list property's path: "routes", "securityRules"
	Index  int    // -1: a new element
	Values map[string]string
}

// FieldError is a form field whose text does not parse.
type FieldError struct {
	Field string // the JSON name
	Err   error
}

func (e *FieldError) Error() string { return e.Err.Error() }
func (e *FieldError) Unwrap() error { return e.Err }

func (e SaveItem) Label() string {
	if e.Index < 0 {
		return "add " + singular(lastName(e.List)) + " to " + e.Ref.ID
	}
	return "edit " + singular(lastName(e.List)) + " of " + e.Ref.ID
}

func (e SaveItem) guard() Ref { return e.Ref }

func (e SaveItem) apply(doc *scenario.Document) (Outcome, error) {
	r, err := locate(&doc.Topology, e.Ref)
	if err != nil {
		return Outcome{}, err
	}
	list, err := walk(r, e.List)
	if err != nil {
		return Outcome{}, err
	}
	if list.Kind() != reflect.Slice || list.Type().Elem().Kind() != reflect.Struct {
		return Outcome{}, fmt.Errorf("%s is not a list of objects", e.List)
	}
	idx := e.Index
	if idx < -1 || idx >= list.Len() {
		return Outcome{}, fmt.Errorf("%s has no element %d", e.List, idx)
	}
	elem := reflect.New(list.Type().Elem())
	if idx >= 0 {
		elem.Elem().Set(list.Index(idx))
	}
	// A rename of an element others refer to goes first, through Rename.
	if ident, ok := identityOf(lastName(e.List)); ok && idx >= 0 {
		old := elem.Elem().FieldByName(ident.field).String()
		if name, set := e.Values[ident.json]; set && strings.TrimSpace(name) != old {
			if err := scenario.Rename(doc, ident.kind, e.Ref.ID+"/"+old, strings.TrimSpace(name)); err != nil {
				return Outcome{}, &FieldError{Field: ident.json, Err: err}
			}
			// The rename may have moved things: find the list again.
			if r, err = locate(&doc.Topology, e.Ref); err != nil {
				return Outcome{}, err
			}
			list, _ = walk(r, e.List)
			elem.Elem().Set(list.Index(idx))
		}
	}
	for _, name := range slices.Sorted(maps.Keys(e.Values)) {
		if err := setProperty(elem.Interface(), name, e.Values[name]); err != nil {
			return Outcome{}, &FieldError{Field: name, Err: err}
		}
	}
	if idx < 0 {
		list.Set(reflect.Append(list, elem.Elem()))
	} else {
		list.Index(idx).Set(elem.Elem())
	}
	return Outcome{}, nil
}

// RemoveItem deletes element Index of a list property.
type RemoveItem struct {
	Ref   Ref
	Path  string
	Index int
}

func (e RemoveItem) Label() string {
	return "remove a " + singular(lastName(e.Path)) + " from " + e.Ref.ID
}
func (e RemoveItem) apply(doc *scenario.Document) (Outcome, error) {
	r, err := locate(&doc.Topology, e.Ref)
	if err != nil {
		return Outcome{}, err
	}
	return Outcome{}, removeItem(r, e.Path, e.Index)
}

// identityList is a list whose elements others refer to by name: renaming
// one goes through scenario.Rename with this engine kind.
type identityList struct {
	kind  model.Kind
	field string // the Go field holding the name
	json  string // its JSON name
}

// identityOf says whether a list property holds named sub-resources, and
// which.
func identityOf(list string) (identityList, bool) {
	switch list {
	case "subnets":
		return identityList{model.KindSubnet, "Name", "name"}, true
	case "networkInterfaces":
		return identityList{model.KindNIC, "Name", "name"}, true
	case "hosts":
		return identityList{model.KindHost, "ID", "id"}, true
	case "clients":
		return identityList{model.KindP2SClient, "ID", "id"}, true
	case "bgpConnections":
		return identityList{model.KindRouteServerPeer, "Name", "name"}, true
	}
	return identityList{}, false
}

// ItemNoun names one element of a list property, for buttons and labels:
// "route", "security rule", "BGP peer".
func ItemNoun(list string) string { return singular(lastName(list)) }

// singular turns a list property's name into its element's ("routes" →
// "route", "securityRules" → "security rule", "frontendIPConfigurations"
// → "frontend IP configuration", "bgpConnections" → "BGP peer").
func singular(name string) string {
	switch name {
	case "bgpConnections":
		return "BGP peer"
	case "clients":
		return "P2S client"
	case "addressPrefixes":
		return "address prefix"
	case "advertise":
		return "advertisement"
	case "networksBehind":
		return "network behind"
	}
	words := camelWords(strings.TrimSuffix(name, "s"))
	for i, w := range words {
		if a, ok := acronym(w); ok {
			words[i] = a
		} else if strings.ToUpper(w) != w { // an acronym stays as written
			words[i] = strings.ToLower(w)
		}
	}
	return strings.Join(words, " ")
}

// acronym is w in capitals when it is one of the acronyms a property name
// may spell in lower case ("inboundNatRules", "customDnsConfigs").
func acronym(w string) (string, bool) {
	switch u := strings.ToUpper(w); u {
	case "IP", "NAT", "DNS", "BGP", "P2S", "NIC", "VM":
		return u, true
	}
	return "", false
}

// camelWords splits a camelCase name into its words, a run of capitals
// being one word ("frontendIPConfiguration" → frontend, IP, Configuration).
func camelWords(name string) []string {
	var words []string
	start := 0
	upper := func(i int) bool { return name[i] >= 'A' && name[i] <= 'Z' }
	for i := 1; i < len(name); i++ {
		if upper(i) && (!upper(i-1) || i+1 < len(name) && !upper(i+1)) {
			words = append(words, name[start:i])
			start = i
		}
	}
	return append(words, name[start:])
}
