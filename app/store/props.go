package store

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"vnetplay/app/kinds"
	"vnetplay/engine/model"
)

// FieldKind says how a property is edited.
type FieldKind int

// Field kinds.
const (
	Text    FieldKind = iota // a string
	Bool                     // a checkbox
	OptBool                  // *bool: unset (Azure's default), true or false
	Int                      // an integer
	List                     // []string, edited as comma-separated text
	Group                    // a nested object: see Children
	Items                    // a list of objects (routes, rules, NICs): Children are one Group per element
)

// Field is one property of a resource, read by reflection from the model's
// Go struct, so every property of every resource kind is editable, named
// as in the scenario file (ARM's names).
type Field struct {
	Path    string // from the resource: "addressSpace.addressPrefixes", "routes[1].nextHopType"
	Name    string // the JSON name of the last step, or the element index for Items children
	Kind    FieldKind
	Value   string   // text form: Text/Int as is, List joined with ", ", Bool "true"/"false", OptBool ""/"true"/"false"
	Options []string // allowed values, when the model names them (nextHopType, access, ...)
	// Unset is how the choice "" (the property left unset) reads, when
	// Options offers it: "(default: RouteBased)", the value Azure takes;
	// for a number or a list whose zero value means Azure's default, the
	// hint its empty field shows.
	Unset string
	// Ref is the kind of resource a reference property names (a subnet's
	// routeTable, a connection's virtualNetworkGateway1); "" for other
	// properties. RefOptional: it may be empty.
	Ref         kinds.Kind
	RefOptional bool
	ReadOnly    bool // ids and names: renaming is its own edit, which updates references
	Children    []Field
}

// options lists the allowed values of an enumerated property, by the Go
// type of the object that holds it (owner) and its JSON name; nil for a
// free-form one. "" first stands for Azure's default (the property unset).
func options(owner reflect.Type, name string) []string {
	if o, ok := ownedOptions(owner, name); ok {
		return o
	}
	switch name {
	case "nextHopType":
		return []string{model.HopVirtualAppliance, model.HopVirtualNetworkGateway, model.HopVnetLocal, model.HopInternet, model.HopNone}
	case "direction":
		return []string{"Inbound", "Outbound"}
	case "access":
		return []string{"Allow", "Deny"}
	case "lifecycle":
		return []string{"", model.LinkNotCreated, model.LinkDeleted}
	case "connectionType":
		return []string{model.ConnIPsec, model.ConnVnet2Vnet, model.ConnExpressRoute}
	case "gatewayType":
		return []string{model.GatewayVpn, model.GatewayExpressRoute}
	case "vpnType":
		return []string{"", model.RouteBased, model.PolicyBased}
	case "hubRoutingPreference":
		return []string{"", "ExpressRoute", "VpnGateway", "ASPath"}
	case "os":
		return []string{"", "Windows", "Other"}
	case "origin":
		return []string{"", "igp", "incomplete"}
	case "privateEndpointNetworkPolicies":
		return []string{"", model.PENetworkPoliciesDisabled, model.PENetworkPoliciesEnabled, model.PENetworkPoliciesNSG, model.PENetworkPoliciesRouteTable}
	case "resolutionPolicy": // a private DNS zone's VNet link
		return []string{"", model.ResolutionDefault, model.ResolutionNxDomainRedirect}
	case "forwardingRuleState":
		return []string{"", "Enabled", "Disabled"}
	case "connectionState": // a private endpoint's connection to its target
		return []string{"", "Approved", "Pending", "Rejected", "Disconnected"}
	}
	return nil
}

// unsetLabel is how an enumerated property's unset choice ("") reads: the
// value Azure takes for it. Only properties whose options offer "" are
// asked: "protocol" is then an outbound rule's, "sku" a load balancer's and
// "name" a public IP sku's (ownedOptions).
func unsetLabel(name string) string {
	var def string
	switch name {
	case "lifecycle":
		return "(exists)"
	case "vpnType":
		def = model.RouteBased
	case "hubRoutingPreference":
		def = "ExpressRoute"
	case "os":
		def = "Windows"
	case "origin":
		def = "igp"
	case "privateEndpointNetworkPolicies":
		def = model.PENetworkPoliciesDisabled
	case "resolutionPolicy":
		def = model.ResolutionDefault
	case "forwardingRuleState":
		def = "Enabled"
	case "connectionState":
		def = "Approved"
	case "protocol":
		def = model.ProtoAll
	case "sku", "name":
		def = model.SkuStandard
	default:
		return "(default)"
	}
	return "(default: " + def + ")"
}

// ownedOptions are the allowed values of a property whose name means
// different things in different objects: an NSG rule's protocol is not a
// load balancer rule's, a load balancer's sku is a word where a gateway's
// is one of many SKUs.
func ownedOptions(owner reflect.Type, name string) ([]string, bool) {
	switch {
	case owner == reflect.TypeFor[model.SecurityRule]() && name == "protocol":
		return []string{"*", "Tcp", "Udp", "Icmp", "Esp", "Ah"}, true
	case (owner == reflect.TypeFor[model.LoadBalancingRule]() || owner == reflect.TypeFor[model.InboundNatRule]()) && name == "protocol":
		return []string{model.ProtoTcp, model.ProtoUdp, model.ProtoAll}, true
	case owner == reflect.TypeFor[model.OutboundRule]() && name == "protocol":
		return []string{"", model.ProtoTcp, model.ProtoUdp, model.ProtoAll}, true
	case owner == reflect.TypeFor[model.LoadBalancer]() && name == "sku",
		owner == reflect.TypeFor[model.Sku]() && name == "name": // a public IP's sku
		return []string{"", model.SkuStandard, model.SkuBasic}, true
	case name == "protocol":
		return nil, true // another object's protocol: free-form
	}
	return nil, false
}

// vpnOnly are the properties of a virtual network gateway that only a VPN
// gateway has: an ExpressRoute gateway always speaks BGP with ASN 65515,
// carries no point-to-site clients and force-tunnels by a BGP default route
// only (rule:bgp.supported-gateways, rule:p2s.configuration,
// rule:expressroute.default-route-only-by-bgp).
var vpnOnly = []string{"vpnType", "activeActive", "enableBgp", "bgpSettings", "gatewayDefaultSite", "vpnClientConfiguration"}

// applies reports whether property name (value v) of the object sv is
// shown: not a VPN-only property of an ExpressRoute gateway, unless the
// design sets it (an imported design's value is never hidden; the
// validation says what is wrong with it).
func applies(sv reflect.Value, name string, v reflect.Value) bool {
	if gw, ok := gatewayOf(sv); ok && gw.GatewayType == model.GatewayExpressRoute {
		return !slices.Contains(vpnOnly, name) || !v.IsZero()
	}
	return true
}

// gatewayOf is the virtual network gateway sv holds, if it holds one.
func gatewayOf(sv reflect.Value) (model.VirtualNetworkGateway, bool) {
	if sv.Type() != reflect.TypeFor[model.VirtualNetworkGateway]() {
		return model.VirtualNetworkGateway{}, false
	}
	return sv.Interface().(model.VirtualNetworkGateway), true
}

// ownerOptions are the allowed values of a property that depend on the
// object's other values: a gateway's SKUs are its type's, and a
// PolicyBased VPN gateway's only Basic. Nil otherwise.
func ownerOptions(sv reflect.Value, name string) []string {
	if gw, ok := gatewayOf(sv); ok && name == "sku" {
		if gw.GatewayType == model.GatewayVpn && gw.IsPolicyBased() {
			return []string{"Basic"} // rule:vpn-gateway.policy-based
		}
		return model.GatewaySkus(gw.GatewayType)
	}
	return nil
}

// refKind says which kind of resource a reference property names (by JSON
// name), and whether it may be empty; ok is false for other properties.
func refKind(name string) (k kinds.Kind, optional, ok bool) {
	switch name {
	case "routeTable":
		return kinds.RouteTable, true, true
	case "networkSecurityGroup":
		return kinds.NSG, true, true
	case "subnet":
		return kinds.Subnet, false, true
	case "vnet":
		return kinds.VNet, false, true
	case "site":
		return kinds.Site, true, true
	case "virtualNetworkGateway1":
		return kinds.Gateway, false, true
	case "virtualNetworkGateway2":
		return kinds.Gateway, true, true
	case "localNetworkGateway2", "gatewayDefaultSite":
		return kinds.LNG, true, true
	case "peer":
		return kinds.Circuit, true, true
	case "natGateway":
		return kinds.NATGateway, true, true
	case "publicIPAddress": // a NIC's (optional) or a load balancer frontend's
		return kinds.PublicIP, true, true
	}
	return "", false, false
}

// Fields describes every property of the resource v points to.
func Fields(v any) []Field {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.Elem().Kind() != reflect.Struct {
		return nil
	}
	return structFields(rv.Elem(), "")
}

func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "-" {
		return ""
	}
	if name == "" {
		return f.Name
	}
	return name
}

func structFields(sv reflect.Value, prefix string) []Field {
	var out []Field
	st := sv.Type()
	for i := range st.NumField() {
		sf := st.Field(i)
		name := jsonName(sf)
		if !sf.IsExported() || name == "" {
			continue
		}
		path := name
		if prefix != "" {
			path = prefix + "." + name
		}
		if !applies(sv, name, sv.Field(i)) {
			continue
		}
		if f, ok := fieldOf(sv.Field(i), st, path, name); ok {
			f.ReadOnly = name == "id" || (name == "name" && identityName(prefix))
			if o := ownerOptions(sv, name); o != nil {
				f.Options = o
			}
			out = append(out, f)
		}
	}
	return out
}

// fieldOf is the field of v, the property name (at path) of an object of
// type owner; ok is false for a property the Inspector does not edit.
func fieldOf(v reflect.Value, owner reflect.Type, path, name string) (Field, bool) {
	f := Field{Path: path, Name: name, Options: options(owner, name)}
	if len(f.Options) > 0 && f.Options[0] == "" {
		f.Unset = unsetLabel(name)
	}
	f.Ref, f.RefOptional, _ = refKind(name)
	if owner == reflect.TypeFor[model.LoadBalancer]() && name == "subnet" {
		f.RefOptional = true // a public load balancer has no subnet (rule:internet-edge.public-load-balancer)
	}
	switch {
	case v.Kind() == reflect.String:
		f.Kind, f.Value = Text, v.String()
	case v.Kind() == reflect.Bool:
		f.Kind, f.Value = Bool, strconv.FormatBool(v.Bool())
	case v.Kind() == reflect.Int || v.CanUint():
		f.Kind, f.Value = Int, numberText(v)
		if hint, ok := unsetHint(owner, name); ok {
			f.Unset = hint
			if v.IsZero() {
				f.Value = ""
			}
		}
	case v.Kind() == reflect.Pointer && v.Type().Elem().Kind() == reflect.Struct:
		// An optional object (bgpSettings, vpnClientConfiguration): its
		// fields, empty while unset; setting one creates it.
		elem := reflect.New(v.Type().Elem()).Elem()
		if !v.IsNil() {
			elem = v.Elem()
		}
		f.Kind, f.Children = Group, structFields(elem, path)
		if v.IsNil() {
			unsetNumbers(f.Children)
		}
	case v.Kind() == reflect.Pointer && v.Type().Elem().Kind() == reflect.Bool:
		f.Kind = OptBool
		if !v.IsNil() {
			f.Value = strconv.FormatBool(v.Elem().Bool())
		}
	case v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.String:
		f.Kind = List
		f.Value = strings.Join(v.Interface().([]string), ", ")
		f.Unset, _ = unsetHint(owner, name)
	case v.Kind() == reflect.Struct:
		f.Kind, f.Children = Group, structFields(v, path)
	case isWrappedList(v.Type()):
		// A list of one-string objects (a record set's A records, a
		// subnet's service endpoints): typed as a list.
		f.Kind = List
		f.Value = strings.Join(unwrapList(v), ", ")
	case v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Struct:
		f.Kind = Items
		for j := range v.Len() {
			p := fmt.Sprintf("%s[%d]", path, j)
			f.Children = append(f.Children, Field{Path: p, Name: strconv.Itoa(j), Kind: Group, Children: structFields(v.Index(j), p)})
		}
	default:
		return Field{}, false
	}
	return f, true
}

// unsetHint is how a number or a list reads when it is left unset (0,
// empty) and that means Azure's default, by the type of the object that
// holds it and its JSON name: the field is shown empty with this hint, and
// emptying it stores the zero value. ok is false for numbers whose 0 is a
// value (a weight, a prepend count) and for lists that are just empty.
func unsetHint(owner reflect.Type, name string) (hint string, ok bool) {
	switch {
	case owner == reflect.TypeFor[model.Site]() && name == "asn":
		return "empty: no BGP (static routes only)", true
	case owner == reflect.TypeFor[model.BgpSettings]() && name == "asn":
		return fmt.Sprintf("(default: %d)", model.AzureASN), true // rule:bgp.supported-gateways
	case owner == reflect.TypeFor[model.TargetDNSServer]() && name == "port":
		return "(default: 53)", true
	case owner == reflect.TypeFor[model.Site]() && name == "advertisedPrefixes":
		return "(default: its addressPrefixes)", true
	}
	return "", false
}

// numberText is an integer's decimal text, signed or not.
func numberText(v reflect.Value) string {
	if v.CanUint() {
		return strconv.FormatUint(v.Uint(), 10)
	}
	return strconv.FormatInt(v.Int(), 10)
}

// unsetNumbers shows the numbers of an unset optional object empty, not
// 0: a gateway without bgpSettings has no ASN (Azure gives it 65515), and
// "asn 0" read as one.
func unsetNumbers(fs []Field) {
	for i := range fs {
		if fs[i].Kind == Int {
			fs[i].Value = ""
		}
		unsetNumbers(fs[i].Children)
	}
}

// identityName reports whether a "name" under prefix is part of an id that
// other resources refer to: a subnet's ("vnet/subnet") or a NIC's
// ("vm/nic"). Route and rule names are free.
func identityName(prefix string) bool {
	last := prefix
	if i := strings.LastIndex(prefix, "."); i >= 0 {
		last = prefix[i+1:]
	}
	return prefix == "" || strings.HasPrefix(last, "subnets[") || strings.HasPrefix(last, "networkInterfaces[")
}

// step is one element of a property path: a JSON name and, for list
// elements, an index.
type step struct {
	name  string
	index int // -1: none
}

func parsePath(path string) ([]step, error) {
	var out []step
	for _, part := range strings.Split(path, ".") {
		st := step{name: part, index: -1}
		if name, rest, ok := strings.Cut(part, "["); ok {
			idx, err := strconv.Atoi(strings.TrimSuffix(rest, "]"))
			if err != nil || !strings.HasSuffix(rest, "]") || idx < 0 {
				return nil, fmt.Errorf("bad property path %q", path)
			}
			st = step{name: name, index: idx}
		}
		if st.name == "" {
			return nil, fmt.Errorf("bad property path %q", path)
		}
		out = append(out, st)
	}
	return out, nil
}

// walk returns the value at path inside the struct v points to. It is used
// by edits only: an optional object (a nil pointer to a struct) on the way
// is created.
func walk(v any, path string) (reflect.Value, error) {
	fv, _, err := walkOwned(v, path)
	return fv, err
}

// walkOwned is walk, with the type of the object that holds the value.
func walkOwned(v any, path string) (reflect.Value, reflect.Type, error) {
	steps, err := parsePath(path)
	if err != nil {
		return reflect.Value{}, nil, err
	}
	cur := reflect.ValueOf(v).Elem()
	var owner reflect.Type
	for _, st := range steps {
		if cur.Kind() == reflect.Pointer && cur.Type().Elem().Kind() == reflect.Struct {
			if cur.IsNil() {
				cur.Set(reflect.New(cur.Type().Elem()))
			}
			cur = cur.Elem()
		}
		if cur.Kind() != reflect.Struct {
			return reflect.Value{}, nil, fmt.Errorf("property %q: %q is not an object", path, st.name)
		}
		owner = cur.Type()
		next, ok := fieldByJSON(cur, st.name)
		if !ok {
			return reflect.Value{}, nil, fmt.Errorf("no property %q", path)
		}
		cur = next
		if st.index >= 0 {
			if cur.Kind() != reflect.Slice || st.index >= cur.Len() {
				return reflect.Value{}, nil, fmt.Errorf("property %q: no element %d", path, st.index)
			}
			cur = cur.Index(st.index)
		}
	}
	return cur, owner, nil
}

func fieldByJSON(sv reflect.Value, name string) (reflect.Value, bool) {
	st := sv.Type()
	for i := range st.NumField() {
		if st.Field(i).IsExported() && jsonName(st.Field(i)) == name {
			return sv.Field(i), true
		}
	}
	return reflect.Value{}, false
}

// dropEmptied sets to nil every optional object (a pointer to a struct) on
// path inside the struct v points to that an edit left empty, deepest
// first: an empty object is no object, as the Inspector shows it, and for
// some it is not the same (a VM with a dnsServer is a DNS server). Nothing
// is created. A gateway's vpnClientConfiguration is kept: it is a node of
// its own (the P2S client pool), which a field emptied does not delete; the
// validation refuses it without an address pool.
func dropEmptied(v any, path string) {
	steps, err := parsePath(path)
	if err != nil {
		return
	}
	var optional []reflect.Value
	cur := reflect.ValueOf(v).Elem()
	for _, st := range steps {
		if cur.Kind() == reflect.Pointer && cur.Type().Elem().Kind() == reflect.Struct {
			if cur.IsNil() {
				break
			}
			optional = append(optional, cur)
			cur = cur.Elem()
		}
		if cur.Kind() != reflect.Struct {
			break
		}
		next, ok := fieldByJSON(cur, st.name)
		if !ok {
			break
		}
		cur = next
		if st.index >= 0 {
			if cur.Kind() != reflect.Slice || st.index >= cur.Len() {
				break
			}
			cur = cur.Index(st.index)
		}
	}
	if cur.IsValid() && cur.Kind() == reflect.Pointer && cur.Type().Elem().Kind() == reflect.Struct && !cur.IsNil() {
		optional = append(optional, cur)
	}
	for i := len(optional) - 1; i >= 0; i-- {
		if !empty(optional[i].Elem()) || optional[i].Type().Elem() == reflect.TypeFor[model.VpnClientConfiguration]() {
			return
		}
		optional[i].SetZero()
	}
}

// empty reports whether v holds nothing: no exported field of a struct set,
// no element in a list or map, the zero value otherwise.
func empty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() && !empty(v.Field(i)) {
				return false
			}
		}
		return true
	case reflect.Slice, reflect.Map:
		return v.Len() == 0
	}
	return v.IsZero()
}

// setProperty parses raw for the property at path and stores it. Text is
// trimmed; a list is split at commas and white space; an OptBool takes "",
// "true" or "false"; enumerated properties take one of their options. An
// optional object the value empties is dropped (dropEmptied).
func setProperty(v any, path, raw string) error {
	if err := setValue(v, path, raw); err != nil {
		return err
	}
	dropEmptied(v, path)
	return nil
}

// setValue is setProperty without dropping what it empties.
func setValue(v any, path, raw string) error {
	fv, owner, err := walkOwned(v, path)
	if err != nil {
		return err
	}
	steps, _ := parsePath(path)
	last := steps[len(steps)-1].name
	raw = strings.TrimSpace(raw)
	if opts := options(owner, last); opts != nil && !slices.Contains(opts, raw) {
		return fmt.Errorf("%s must be one of %s", last, strings.Join(nonEmpty(opts), ", "))
	}
	if _, ok := unsetHint(owner, last); ok && raw == "" {
		fv.SetZero() // the number left unset: Azure's default
		return nil
	}
	switch {
	case fv.Kind() == reflect.String:
		fv.SetString(raw)
	case fv.Kind() == reflect.Bool:
		b, err := strconv.ParseBool(raw)
		if err != nil {
			return fmt.Errorf("%s must be true or false", last)
		}
		fv.SetBool(b)
	case fv.Kind() == reflect.Int:
		n, err := strconv.Atoi(raw)
		if err != nil {
			return fmt.Errorf("%s must be a whole number", last)
		}
		fv.SetInt(int64(n))
	case fv.CanUint():
		n, err := strconv.ParseUint(raw, 10, fv.Type().Bits())
		if err != nil {
			return fmt.Errorf("%s must be a whole number from 0 to %d", last, uint64(1)<<fv.Type().Bits()-1)
		}
		fv.SetUint(n)
	case fv.Kind() == reflect.Pointer && fv.Type().Elem().Kind() == reflect.Bool:
		if raw == "" {
			fv.Set(reflect.Zero(fv.Type()))
			return nil
		}
		b, err := strconv.ParseBool(raw)
		if err != nil {
			return fmt.Errorf("%s must be true, false or empty (Azure's default)", last)
		}
		fv.Set(reflect.ValueOf(&b))
	case fv.Kind() == reflect.Slice && fv.Type().Elem().Kind() == reflect.String:
		fv.Set(reflect.ValueOf(splitList(raw)))
	case isWrappedList(fv.Type()):
		list, err := wrapList(fv.Type(), splitList(raw))
		if err != nil {
			return fmt.Errorf("%s: %w", last, err)
		}
		fv.Set(list)
	default:
		return fmt.Errorf("%s is not a single value", last)
	}
	return nil
}

// isWrappedList reports whether t is a slice of structs whose exported
// fields are one string and at most one int: a list of values in ARM's
// object form, typed as text ("10.0.0.4" for {"ipv4Address": "10.0.0.4"},
// "10.0.0.4:5353" for {"ipAddress": "10.0.0.4", "port": 5353}).
func isWrappedList(t reflect.Type) bool {
	if t.Kind() != reflect.Slice || t.Elem().Kind() != reflect.Struct {
		return false
	}
	e, strs, ints := t.Elem(), 0, 0
	for i := range e.NumField() {
		if !e.Field(i).IsExported() {
			continue
		}
		switch e.Field(i).Type.Kind() {
		case reflect.String:
			strs++
		case reflect.Int:
			ints++
		default:
			return false
		}
	}
	return strs == 1 && ints <= 1
}

// unwrapList is the values of a wrapped list (isWrappedList): the string,
// then ":" and the number when it is set.
func unwrapList(v reflect.Value) []string {
	out := make([]string, 0, v.Len())
	for i := range v.Len() {
		str, num := wrappedFields(v.Index(i))
		text := str.String()
		if num.IsValid() && num.Int() != 0 {
			text += ":" + strconv.FormatInt(num.Int(), 10)
		}
		out = append(out, text)
	}
	return out
}

// wrapList builds a wrapped list of type t from values; "value:n" sets the
// int field (when the element has one) to n.
func wrapList(t reflect.Type, values []string) (reflect.Value, error) {
	out := reflect.MakeSlice(t, 0, len(values))
	for _, text := range values {
		e := reflect.New(t.Elem()).Elem()
		str, num := wrappedFields(e)
		if num.IsValid() {
			if i := strings.LastIndexByte(text, ':'); i >= 0 {
				n, err := strconv.Atoi(text[i+1:])
				if err != nil || n < 1 || n > 65535 {
					return reflect.Value{}, fmt.Errorf("%q: the part after the colon must be a port from 1 to 65535", text)
				}
				text = text[:i]
				num.SetInt(int64(n))
			}
		}
		str.SetString(text)
		out = reflect.Append(out, e)
	}
	return out, nil
}

// wrappedFields are the string field and the int field (invalid when
// absent) of a wrapped list's element.
func wrappedFields(e reflect.Value) (str, num reflect.Value) {
	for i := range e.NumField() {
		if !e.Type().Field(i).IsExported() {
			continue
		}
		if e.Field(i).Kind() == reflect.String {
			str = e.Field(i)
		} else {
			num = e.Field(i)
		}
	}
	return str, num
}

func splitList(raw string) []string {
	var out []string
	for _, s := range strings.FieldsFunc(raw, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' || r == ';' }) {
		out = append(out, s)
	}
	return out
}

// removeItem deletes element i of the list at path; an optional object
// left empty is dropped (dropEmptied).
func removeItem(v any, path string, i int) error {
	fv, err := walk(v, path)
	if err != nil {
		return err
	}
	if fv.Kind() != reflect.Slice || i < 0 || i >= fv.Len() {
		return fmt.Errorf("%s has no element %d", path, i)
	}
	fv.Set(reflect.AppendSlice(fv.Slice(0, i), fv.Slice(i+1, fv.Len())))
	dropEmptied(v, path)
	return nil
}

func nonEmpty(list []string) []string {
	var out []string
	for _, x := range list {
		if x != "" {
			out = append(out, x)
		}
	}
	return out
}

// ElementFields describes the properties of a new (zero) element of the
// list property list of resource r: what an item form shows before the
// element exists.
func ElementFields(s *Snapshot, r Ref, list string) []Field {
	v, err := locate(&s.Doc.Topology, r)
	if err != nil {
		return nil
	}
	steps, err := parsePath(list)
	if err != nil {
		return nil
	}
	t := reflect.TypeOf(v).Elem()
	for _, st := range steps {
		f, ok := fieldTypeByJSON(t, st.name)
		if !ok {
			return nil
		}
		t = f
		for t.Kind() == reflect.Pointer || (t.Kind() == reflect.Slice && st.index >= 0) {
			t = t.Elem()
		}
	}
	if t.Kind() != reflect.Slice || t.Elem().Kind() != reflect.Struct {
		return nil
	}
	return structFields(reflect.New(t.Elem()).Elem(), "")
}

func fieldTypeByJSON(t reflect.Type, name string) (reflect.Type, bool) {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil, false
	}
	for i := range t.NumField() {
		if t.Field(i).IsExported() && jsonName(t.Field(i)) == name {
			return t.Field(i).Type, true
		}
	}
	return nil, false
}
