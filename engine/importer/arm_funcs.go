package importer

import (
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// The functions of the ARM expression subset armEval evaluates. Names are
// case-insensitive, as in ARM. Anything else is an exprUnsupported error
// naming the function.

// call evaluates a function call.
func (e *armEval) call(n *exprNode) (any, error) {
	if err := e.spend(1); err != nil {
		return nil, err
	}
	fn := strings.ToLower(n.name)
	if fn == "if" {
		return e.callIf(n)
	}
	args := make([]any, len(n.args))
	cost := 0
	for i, a := range n.args {
		v, err := e.eval(a)
		if err != nil {
			return nil, err
		}
		args[i] = v
		cost += armSize(v) / 4
	}
	if err := e.spend(cost); err != nil {
		return nil, err
	}
	v, err := e.apply(n.name, fn, args)
	if err != nil {
		return nil, err
	}
	return v, e.charge(n.name, v)
}

// armSize is the size of a value as work counts it: a string's bytes, an
// array's elements, 0 for anything else.
func armSize(v any) int {
	switch x := v.(type) {
	case string:
		return len(x)
	case []any:
		return 4 * len(x)
	}
	return 0
}

// charge bounds a function's result and charges its size as work (so a
// call costs its arguments' and its result's sizes: every function's work
// is linear in them).
func (e *armEval) charge(name string, v any) error {
	size := armSize(v)
	if err := e.spend(size / 4); err != nil {
		return err
	}
	if _, isArr := v.([]any); isArr {
		size /= 4
	}
	if size > maxExprValueLen {
		return exprErrf(exprLimit, name, "%s() made a value of %d bytes or elements, over the bound of %d", name, size, maxExprValueLen)
	}
	return nil
}

// apply dispatches a call whose arguments are evaluated; name is the call
// as written, fn its lowercase form.
func (e *armEval) apply(name, fn string, args []any) (any, error) {
	switch fn {
	case "parameters":
		return e.parameter(name, args)
	case "variables":
		return e.variable(name, args)
	case "resourceid":
		return armResourceIDFunc(name, args, e.sub, e.rg)
	case "subscriptionresourceid":
		return armSubscriptionResourceIDFunc(name, args, e.sub)
	case "extensionresourceid":
		return armExtensionResourceIDFunc(name, args)
	case "reference":
		return e.reference(name, args)
	case "subscription", "resourcegroup":
		if err := armArity(name, args, 0, 0); err != nil {
			return nil, err
		}
		return armScopeObject(fn, e.sub, e.rg), nil
	case "copyindex":
		return e.copyIndex(name, args)
	}
	if v, ok, err := armStringFunc(name, fn, args); ok {
		return v, err
	}
	if v, ok, err := armLogic(name, fn, args); ok {
		return v, err
	}
	return nil, exprErrf(exprUnsupported, name, "%s() is not one of the functions the import evaluates", name)
}

// armArity checks the number of arguments (max < 0: no maximum).
func armArity(name string, args []any, lo, hi int) error {
	if len(args) < lo || (hi >= 0 && len(args) > hi) {
		return exprErrf(exprInvalid, name, "%s() takes %s arguments, not %d", name, armArityText(lo, hi), len(args))
	}
	return nil
}

func armArityText(lo, hi int) string {
	switch {
	case hi < 0:
		return "at least " + strconv.Itoa(lo)
	case lo == hi:
		return strconv.Itoa(lo)
	}
	return strconv.Itoa(lo) + " to " + strconv.Itoa(hi)
}

// armArgStrings checks the armArity and that every argument is a string.
func armArgStrings(name string, args []any, lo, hi int) ([]string, error) {
	if err := armArity(name, args, lo, hi); err != nil {
		return nil, err
	}
	out := make([]string, len(args))
	for i, a := range args {
		s, ok := a.(string)
		if !ok {
			return nil, exprErrf(exprInvalid, name, "argument %d of %s() is a %s, not a string", i+1, name, exprTypeName(a))
		}
		out[i] = s
	}
	return out, nil
}

// parameter is parameters('name'): a value given with the template, else
// the declaration's defaultValue (evaluated once).
func (e *armEval) parameter(name string, args []any) (any, error) {
	ss, err := armArgStrings(name, args, 1, 1)
	if err != nil {
		return nil, err
	}
	if v, ok := e.lookupFold(e.overrides, ss[0]); ok {
		return v, nil
	}
	decl, ok := e.lookupFold(e.params, ss[0])
	if !ok {
		return nil, exprErrf(exprInvalid, name, "the template declares no parameter %q", ss[0])
	}
	d, _ := decl.(map[string]any)
	if def, ok := d["defaultValue"]; ok {
		return e.resolve("parameters('"+ss[0]+"')", "parameters."+ss[0]+".defaultValue", def)
	}
	typ, _ := d["type"].(string)
	if strings.HasPrefix(strings.ToLower(typ), "secure") {
		return nil, exprErrf(exprNoValue, name, "parameter %q has no value (a %s parameter: exports never include secrets)", ss[0], typ)
	}
	if v := e.exportValue(ss[0]); v != "" && (typ == "" || strings.EqualFold(typ, "string")) {
		if e.derived == nil {
			e.derived = map[string]string{}
		}
		e.derived[ss[0]] = v
		return v, nil
	}
	return nil, exprErrf(exprNoValue, name, "parameter %q has no default value in the file (az group export writes them with --include-parameter-default-value)", ss[0])
}

// exportValue is the value az group export's naming gives a parameter
// (rule:import.export-expressions)
// without a default value, "" when the name does not follow it:
//   - "<type>_<name>_name" is the resource's name ("virtualNetworks_vnet_hub_name"
//     → "vnet_hub");
//   - "<type>_<name>_externalid" is the ID of a resource outside the
//     template, here under the stand-in ARMExternalResourceGroup, when the
//     template declares a resource of that type (for its namespace).
//
// Exports replace "-" (and other characters a parameter name cannot hold)
// by "_", so the real name may differ.
func (e *armEval) exportValue(param string) string {
	typ, name, ok := strings.Cut(param, "_")
	if !ok || typ == "" || strings.IndexFunc(typ, func(c rune) bool { return !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') }) >= 0 {
		return ""
	}
	if n, ok := strings.CutSuffix(name, "_name"); ok && n != "" {
		return n
	}
	n, ok := strings.CutSuffix(name, "_externalid")
	ns := e.namespaces[strings.ToLower(typ)]
	if !ok || n == "" || ns == "" {
		return ""
	}
	return armScopeRG(ARMTemplateSubscription, ARMExternalResourceGroup) + "/providers/" + ns + "/" + typ + "/" + n
}

// variable is variables('name'), including a variable copy loop
// ("variables": {"copy": [{name, count, input}]}).
func (e *armEval) variable(name string, args []any) (any, error) {
	ss, err := armArgStrings(name, args, 1, 1)
	if err != nil {
		return nil, err
	}
	key := "variables('" + ss[0] + "')"
	if raw, ok := e.lookupFold(e.vars, ss[0]); ok && !strings.EqualFold(ss[0], "copy") {
		return e.resolve(key, "variables."+ss[0], raw)
	}
	loops, _ := e.vars["copy"].([]any)
	for _, l := range loops {
		if m, ok := l.(map[string]any); ok {
			if n, _ := m["name"].(string); strings.EqualFold(n, ss[0]) {
				v, err := e.resolve(key, "variables.copy", map[string]any{"copy": []any{m}})
				if err != nil {
					return nil, err
				}
				vm, _ := v.(map[string]any)
				return vm[n], nil
			}
		}
	}
	return nil, exprErrf(exprInvalid, name, "the template declares no variable %q", ss[0])
}

// armResourceIDFunc is resourceId([subscriptionId], [resourceGroupName],
// resourceType, name1, name2, ...): the type is the first argument with a
// "/"; without subscription and group, those the template is deployed to
// (sub, rg).
func armResourceIDFunc(name string, args []any, sub, rg string) (any, error) {
	ss, err := armArgStrings(name, args, 2, -1)
	if err != nil {
		return nil, err
	}
	at := armTypeArg(ss, 3)
	switch at {
	case 0:
	case 1:
		rg = ss[0]
	case 2:
		sub, rg = ss[0], ss[1]
	default:
		return nil, exprErrf(exprInvalid, name, "%s(): no resource type (Namespace/type) among the first three arguments", name)
	}
	id, err := armID(armScopeRG(sub, rg), ss[at], strings.Join(ss[at+1:], "/"))
	if err != nil {
		return nil, exprErrf(exprInvalid, name, "%s(): %v", name, err)
	}
	return id, nil
}

// armExtensionResourceIDFunc is extensionResourceId(scopeId, resourceType,
// name1, ...): the id of a resource under another (bicep writes a module
// deployed to another resource group's deployment so).
func armExtensionResourceIDFunc(name string, args []any) (any, error) {
	ss, err := armArgStrings(name, args, 3, -1)
	if err != nil {
		return nil, err
	}
	id, err := armID(strings.TrimRight(ss[0], "/"), ss[1], strings.Join(ss[2:], "/"))
	if err != nil {
		return nil, exprErrf(exprInvalid, name, "%s(): %v", name, err)
	}
	return id, nil
}

// reference is reference(resourceId, [apiVersion], ['Full']) of a nested
// deployment of the file read before: {"outputs": …}, the values of its
// template's outputs (how bicep reads a module's outputs). The runtime
// state of any other resource is not in the file: not evaluated.
func (e *armEval) reference(name string, args []any) (any, error) {
	if err := armArity(name, args, 1, 3); err != nil {
		return nil, err
	}
	if id, ok := args[0].(string); ok {
		if out, ok := e.outputs[idKey(id)]; ok {
			return map[string]any{"outputs": out}, nil
		}
	}
	return nil, exprErrf(exprUnsupported, name, "%s() reads a resource's state in Azure, which is not in the file (only the outputs of a nested deployment read before it are)", name)
}

// armSubscriptionResourceIDFunc is subscriptionResourceId([subscriptionId],
// resourceType, name1, ...).
func armSubscriptionResourceIDFunc(name string, args []any, sub string) (any, error) {
	ss, err := armArgStrings(name, args, 2, -1)
	if err != nil {
		return nil, err
	}
	at := armTypeArg(ss, 2)
	switch at {
	case 0:
	case 1:
		sub = ss[0]
	default:
		return nil, exprErrf(exprInvalid, name, "%s(): no resource type among the first two arguments", name)
	}
	id, err := armID("/subscriptions/"+sub, ss[at], strings.Join(ss[at+1:], "/"))
	if err != nil {
		return nil, exprErrf(exprInvalid, name, "%s(): %v", name, err)
	}
	return id, nil
}

// armTypeArg returns the index of the first of the first n arguments holding
// a "/" (the resource type), -1 when none does. The argument after it must
// exist (a name).
func armTypeArg(ss []string, n int) int {
	for i := 0; i < n && i < len(ss)-1; i++ {
		if strings.Contains(ss[i], "/") {
			return i
		}
	}
	return -1
}

// armScopeObject is subscription() or resourceGroup() of the scope the
// template is deployed to (subscription sub, resource group rg).
func armScopeObject(fn, sub, rg string) map[string]any {
	if fn == "subscription" {
		return map[string]any{"id": "/subscriptions/" + sub, "subscriptionId": sub}
	}
	return map[string]any{
		"id":       armScopeRG(sub, rg),
		"name":     rg,
		"type":     "Microsoft.Resources/resourceGroups",
		"location": ARMTemplateLocation,
	}
}

// copyIndex is copyIndex([loopName], [offset]) inside a copy loop.
func (e *armEval) copyIndex(name string, args []any) (any, error) {
	if err := armArity(name, args, 0, 2); err != nil {
		return nil, err
	}
	loop, offset := "", 0.0
	for i, a := range args {
		switch x := a.(type) {
		case string:
			if i > 0 {
				return nil, exprErrf(exprInvalid, name, "copyIndex(): the loop name comes first")
			}
			loop = x
		case float64:
			offset = x
		default:
			return nil, exprErrf(exprInvalid, name, "copyIndex(): a %s argument", exprTypeName(a))
		}
	}
	for i := len(e.copies) - 1; i >= 0; i-- {
		if loop == "" || strings.EqualFold(e.copies[i].name, loop) {
			return float64(e.copies[i].i) + offset, nil
		}
	}
	if loop != "" {
		return nil, exprErrf(exprInvalid, name, "copyIndex(%q) outside a copy loop of that name", loop)
	}
	return nil, exprErrf(exprInvalid, name, "copyIndex() outside a copy loop")
}

// callIf is if(condition, then, else), evaluating only the branch taken.
func (e *armEval) callIf(n *exprNode) (any, error) {
	if len(n.args) != 3 {
		return nil, exprErrf(exprInvalid, n.name, "if() takes 3 arguments, not %d", len(n.args))
	}
	c, err := e.eval(n.args[0])
	if err != nil {
		return nil, err
	}
	b, ok := c.(bool)
	if !ok {
		return nil, exprErrf(exprInvalid, n.name, "the condition of if() is a %s, not a bool", exprTypeName(c))
	}
	if b {
		return e.eval(n.args[1])
	}
	return e.eval(n.args[2])
}

// armStringFunc evaluates the string and array functions; ok is false when fn
// is none of them.
func armStringFunc(name, fn string, args []any) (v any, ok bool, err error) {
	switch fn {
	case "concat":
		v, err = armConcat(name, args)
	case "format":
		v, err = armFormat(name, args)
	case "tolower", "toupper":
		var ss []string
		if ss, err = armArgStrings(name, args, 1, 1); err == nil {
			v = strings.ToUpper(ss[0])
			if fn == "tolower" {
				v = strings.ToLower(ss[0])
			}
		}
	case "split":
		v, err = armSplit(name, args)
	case "first", "last":
		v, err = armFirstLast(name, fn == "first", args)
	case "string":
		v, err = armStringOf(name, args)
	case "length", "empty":
		v, err = armLength(name, fn == "empty", args)
	default:
		return nil, false, nil
	}
	return v, true, err
}

// armScalarText writes a scalar as ARM's string conversion does.
func armScalarText(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
	case bool:
		if x {
			return "True", true
		}
		return "False", true
	case nil:
		return "", true
	}
	return "", false
}

// armConcat is concat(): arrays joined when the first argument is an
// array, else the arguments' strings joined.
func armConcat(name string, args []any) (any, error) {
	if err := armArity(name, args, 1, -1); err != nil {
		return nil, err
	}
	if _, isArr := args[0].([]any); isArr {
		var out []any
		for i, a := range args {
			l, ok := a.([]any)
			if !ok {
				return nil, exprErrf(exprInvalid, name, "concat(): argument %d is a %s among arrays", i+1, exprTypeName(a))
			}
			if len(out)+len(l) > maxExprValueLen {
				return nil, exprErrf(exprLimit, name, "concat() made an array over %d elements", maxExprValueLen)
			}
			out = append(out, l...)
		}
		return out, nil
	}
	var b strings.Builder
	for i, a := range args {
		s, ok := armScalarText(a)
		if !ok {
			return nil, exprErrf(exprInvalid, name, "concat(): argument %d is a %s among strings", i+1, exprTypeName(a))
		}
		if b.Len()+len(s) > maxExprValueLen {
			return nil, exprErrf(exprLimit, name, "concat() made a string over %d bytes", maxExprValueLen)
		}
		b.WriteString(s)
	}
	return b.String(), nil
}

// armFormat is format(text, args...) with .NET's {n} items and {{ }}
// escapes; format specifiers ({0:D3}) and alignment are not evaluated.
func armFormat(name string, args []any) (any, error) {
	if err := armArity(name, args, 1, -1); err != nil {
		return nil, err
	}
	f, ok := args[0].(string)
	if !ok {
		return nil, exprErrf(exprInvalid, name, "format(): the format is a %s, not a string", exprTypeName(args[0]))
	}
	var b strings.Builder
	for i := 0; i < len(f); i++ {
		c := f[i]
		if (c == '{' || c == '}') && i+1 < len(f) && f[i+1] == c {
			b.WriteByte(c)
			i++
			continue
		}
		if c == '}' {
			return nil, exprErrf(exprInvalid, name, "format(): a lone '}' at %d", i)
		}
		if c != '{' {
			b.WriteByte(c)
			continue
		}
		end := strings.IndexByte(f[i:], '}')
		if end < 0 {
			return nil, exprErrf(exprInvalid, name, "format(): an unclosed '{' at %d", i)
		}
		item := f[i+1 : i+end]
		n, err := strconv.Atoi(item)
		if err != nil || n < 0 || n+1 >= len(args) {
			return nil, exprErrf(exprUnsupported, name, "format(): the item {%s} (only {0}, {1}, … of the given arguments are evaluated)", item)
		}
		s, ok := armScalarText(args[n+1])
		if !ok {
			return nil, exprErrf(exprInvalid, name, "format(): argument %d is a %s", n, exprTypeName(args[n+1]))
		}
		if b.Len()+len(s) > maxExprValueLen {
			return nil, exprErrf(exprLimit, name, "format() made a string over %d bytes", maxExprValueLen)
		}
		b.WriteString(s)
		i += end
	}
	return b.String(), nil
}

// armSplit is split(text, delimiter or array of delimiters).
func armSplit(name string, args []any) (any, error) {
	if err := armArity(name, args, 2, 2); err != nil {
		return nil, err
	}
	s, ok := args[0].(string)
	if !ok {
		return nil, exprErrf(exprInvalid, name, "split(): the text is a %s", exprTypeName(args[0]))
	}
	var delims []string
	switch d := args[1].(type) {
	case string:
		delims = []string{d}
	case []any:
		delims = stringsOf(d)
	}
	if len(delims) == 0 || len(delims) > 64 || slices.Contains(delims, "") {
		return nil, exprErrf(exprInvalid, name, "split(): the delimiter must be a non-empty string or an array of up to 64 of them")
	}
	parts := []string{s}
	for _, d := range delims {
		var next []string
		for _, p := range parts {
			next = append(next, strings.Split(p, d)...)
		}
		parts = next
	}
	if len(parts) > maxExprValueLen {
		return nil, exprErrf(exprLimit, name, "split() made %d parts, over the bound of %d", len(parts), maxExprValueLen)
	}
	out := make([]any, len(parts))
	for i, p := range parts {
		out[i] = p
	}
	return out, nil
}

// armFirstLast is first() or last() of a string (a one-character string) or
// an array; of an empty one, "" or null.
func armFirstLast(name string, first bool, args []any) (any, error) {
	if err := armArity(name, args, 1, 1); err != nil {
		return nil, err
	}
	switch x := args[0].(type) {
	case string:
		r := []rune(x)
		if len(r) == 0 {
			return "", nil
		}
		if first {
			return string(r[0]), nil
		}
		return string(r[len(r)-1]), nil
	case []any:
		if len(x) == 0 {
			return nil, nil
		}
		if first {
			return x[0], nil
		}
		return x[len(x)-1], nil
	}
	return nil, exprErrf(exprInvalid, name, "%s() of a %s", name, exprTypeName(args[0]))
}

// armStringOf is string(value): scalars as ARM writes them, arrays and
// objects as compact JSON.
func armStringOf(name string, args []any) (any, error) {
	if err := armArity(name, args, 1, 1); err != nil {
		return nil, err
	}
	if s, ok := armScalarText(args[0]); ok {
		return s, nil
	}
	b, err := json.Marshal(args[0])
	if err != nil {
		return nil, exprErrf(exprInvalid, name, "string(): %v", err)
	}
	return string(b), nil
}

// armLength is length() (characters, elements or properties) or empty().
func armLength(name string, empty bool, args []any) (any, error) {
	if err := armArity(name, args, 1, 1); err != nil {
		return nil, err
	}
	n := 0
	switch x := args[0].(type) {
	case string:
		n = len([]rune(x))
	case []any:
		n = len(x)
	case map[string]any:
		n = len(x)
	case nil:
		if !empty {
			return nil, exprErrf(exprInvalid, name, "length() of null")
		}
	default:
		return nil, exprErrf(exprInvalid, name, "%s() of a %s", name, exprTypeName(args[0]))
	}
	if empty {
		return n == 0, nil
	}
	return float64(n), nil
}

// armLogic evaluates equals, not, and, or, true, false, null and int; ok
// is false when fn is none of them.
func armLogic(name, fn string, args []any) (v any, ok bool, err error) {
	switch fn {
	case "true", "false", "null":
		if err = armArity(name, args, 0, 0); err == nil && fn != "null" {
			v = fn == "true"
		}
	case "equals":
		if err = armArity(name, args, 2, 2); err == nil {
			v = reflect.DeepEqual(args[0], args[1])
		}
	case "not", "and", "or":
		v, err = armBool(name, fn, args)
	case "int":
		v, err = armInt(name, args)
	default:
		return nil, false, nil
	}
	return v, true, err
}

// armBool is not(b), and(b1, b2, ...) or or(b1, b2, ...).
func armBool(name, fn string, args []any) (any, error) {
	lo, hi := 2, -1
	if fn == "not" {
		lo, hi = 1, 1
	}
	if err := armArity(name, args, lo, hi); err != nil {
		return nil, err
	}
	acc := fn == "and"
	for i, a := range args {
		b, ok := a.(bool)
		if !ok {
			return nil, exprErrf(exprInvalid, name, "argument %d of %s() is a %s, not a bool", i+1, name, exprTypeName(a))
		}
		switch fn {
		case "not":
			return !b, nil
		case "and":
			acc = acc && b
		default:
			acc = acc || b
		}
	}
	return acc, nil
}

// armInt is int(number or numeric string).
func armInt(name string, args []any) (any, error) {
	if err := armArity(name, args, 1, 1); err != nil {
		return nil, err
	}
	switch x := args[0].(type) {
	case float64:
		return float64(int64(x)), nil
	case string:
		n, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64)
		if err == nil {
			return float64(n), nil
		}
	}
	return nil, exprErrf(exprInvalid, name, "int() of %v", args[0])
}
