package importer

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// The ARM template expression language, the subset `az group export` and
// common hand-written templates use. An expression is a JSON string
// "[...]"; "[[" at the start escapes a literal "[". The grammar read here:
//
//	expr    = primary { "." ident | "[" expr "]" }
//	primary = 'string' (two quotes inside are one) | integer | true | false | null
//	        | name "(" [ expr { "," expr } ] ")"
//
// This file parses expressions (parseExpr) and evaluates them against one
// template's parameters and variables (armEval). What is not evaluated
// (reference() but of a nested deployment's outputs, uniqueString(),
// user-defined functions, a parameter with no default) is an *exprError the caller reports; the value stays as written.

// Bounds on the evaluator's work (the template is untrusted input).
const (
	// maxExprLen bounds the text of one expression, in bytes. Real
	// expressions are well under 1 kB.
	maxExprLen = 8192
	// maxExprDepth bounds the nesting of calls, indexes and property
	// accesses inside one expression.
	maxExprDepth = 32
	// maxARMRefDepth bounds a chain of variables and parameters whose values
	// refer to other variables and parameters.
	maxARMRefDepth = 32
	// maxExprValueLen bounds one evaluated string (bytes) or array (elements).
	maxExprValueLen = 1 << 16
	// maxARMCopyCount is ARM's own limit on the count of one copy loop.
	maxARMCopyCount = 800
	// maxARMWork bounds the evaluation of a whole template: a JSON value
	// visited costs one unit, a call one, parsing one per 16 bytes, a
	// function's arguments and result one per 4 bytes of string or per
	// array element, a copy loop one per iteration. So the strings a
	// template makes stay under 32 MB. The hub-and-spoke export (77 kB)
	// needs about 7,200 units: a 16 MB export of the same kind about 1.5
	// million.
	maxARMWork = 8_000_000
)

// The stand-ins for what a template does not say: the subscription and
// resource group it is deployed to. Every ID the ARM front end synthesises
// and every resourceId() without explicit subscription and resource group
// use them (inside a nested deployment to another group, that group), so
// references inside one template compare equal to the IDs of the
// resources they name; a literal or external ID (an `_externalid`
// parameter) keeps its own subscription and group and so never collides
// with them. resourceGroup().location evaluates to ARMTemplateLocation.
const (
	ARMTemplateSubscription  = "00000000-0000-0000-0000-000000000000"
	ARMTemplateResourceGroup = "template-resource-group"
	// ARMExternalResourceGroup is the stand-in group of an external ID an
	// export left without a value (an "_externalid" parameter with no
	// default): the resource is elsewhere, in a group the file does not
	// name.
	ARMExternalResourceGroup = "external-resource-group"
	// ARMTemplateLocation is what resourceGroup().location evaluates to:
	// the group's region is not in a template. Names built from it stay
	// valid names; a resource placed there has no location (fill).
	ARMTemplateLocation = "template-location"
)

// exprErrKind classifies why an expression was not evaluated.
type exprErrKind uint8

const (
	exprUnsupported exprErrKind = iota // a function outside the subset
	exprNoValue                        // a parameter with no value in the file
	exprInvalid                        // a syntax or type error
	exprLimit                          // a bound of this file's const block
	exprCycle                          // variables referring to themselves
	exprBudget                         // maxARMWork spent: the whole import stops
)

// exprError says why an expression was not evaluated and in which
// function.
type exprError struct {
	Kind exprErrKind
	Fn   string // the function concerned ("uniqueString"), "" for syntax
	Msg  string
}

func (e *exprError) Error() string { return e.Msg }

// errARMWorkBudget is the error of an evaluation stopped by maxARMWork.
var errARMWorkBudget = &exprError{Kind: exprBudget, Msg: fmt.Sprintf("the template's expressions need more than %d units of work (the import's bound)", maxARMWork)}

func exprErrf(kind exprErrKind, fn, format string, a ...any) *exprError {
	return &exprError{Kind: kind, Fn: fn, Msg: fmt.Sprintf(format, a...)}
}

// exprIsBudget reports whether err is the work budget running out.
func exprIsBudget(err error) bool {
	var e *exprError
	return errors.As(err, &e) && e.Kind == exprBudget
}

// exprKind is the kind of an expression node.
type exprKind uint8

const (
	exprLitNode    exprKind = iota // a literal: val
	exprCallNode                   // name(args...)
	exprMemberNode                 // args[0].name
	exprIndexNode                  // args[0][args[1]]
)

// exprNode is one node of a parsed expression.
type exprNode struct {
	kind exprKind
	val  any
	name string
	args []*exprNode
}

// exprParser is a recursive-descent parser over one expression's text.
type exprParser struct {
	s     string
	i     int
	depth int
}

// parseExpr parses the text between the brackets of "[...]".
func parseExpr(s string) (*exprNode, error) {
	if len(s) > maxExprLen {
		return nil, exprErrf(exprLimit, "", "an expression of %d bytes, over the %d-byte bound", len(s), maxExprLen)
	}
	p := exprParser{s: s}
	n, err := p.expr()
	if err != nil {
		return nil, err
	}
	p.ws()
	if p.i != len(p.s) {
		return nil, p.errf("unexpected %q after the expression", p.s[p.i:min(len(p.s), p.i+10)])
	}
	return n, nil
}

func (p *exprParser) errf(format string, a ...any) *exprError {
	return exprErrf(exprInvalid, "", "invalid expression at byte %d: %s", p.i, fmt.Sprintf(format, a...))
}

func (p *exprParser) ws() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == '\n' || p.s[p.i] == '\r') {
		p.i++
	}
}

func (p *exprParser) peek() byte {
	p.ws()
	if p.i < len(p.s) {
		return p.s[p.i]
	}
	return 0
}

// expr parses a primary and its postfix property accesses and indexes.
func (p *exprParser) expr() (*exprNode, error) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxExprDepth {
		return nil, exprErrf(exprLimit, "", "an expression nested deeper than %d", maxExprDepth)
	}
	n, err := p.primary()
	for posts := 0; err == nil; posts++ {
		if posts > maxExprDepth {
			return nil, exprErrf(exprLimit, "", "more than %d property accesses in a row", maxExprDepth)
		}
		switch p.peek() {
		case '.':
			p.i++
			p.ws()
			name := p.ident()
			if name == "" {
				return nil, p.errf("a property name must follow '.'")
			}
			n = &exprNode{kind: exprMemberNode, name: name, args: []*exprNode{n}}
		case '[':
			p.i++
			var idx *exprNode
			if idx, err = p.expr(); err != nil {
				return nil, err
			}
			if p.peek() != ']' {
				return nil, p.errf("missing ']'")
			}
			p.i++
			n = &exprNode{kind: exprIndexNode, args: []*exprNode{n, idx}}
		default:
			return n, nil
		}
	}
	return nil, err
}

// primary parses a literal or a function call.
func (p *exprParser) primary() (*exprNode, error) {
	c := p.peek()
	switch {
	case c == '\'':
		return p.str()
	case c == '-' || (c >= '0' && c <= '9'):
		return p.num()
	case exprIsIdentStart(c):
		return p.call()
	case c == 0:
		return nil, p.errf("an expression is missing")
	}
	return nil, p.errf("unexpected %q", c)
}

func exprIsIdentStart(c byte) bool { return c == '_' || (c|0x20 >= 'a' && c|0x20 <= 'z') }

func exprIsIdent(c byte) bool { return exprIsIdentStart(c) || (c >= '0' && c <= '9') }

// ident reads a name ([A-Za-z_][A-Za-z0-9_]*), "" when there is none.
func (p *exprParser) ident() string {
	start := p.i
	if p.i < len(p.s) && exprIsIdentStart(p.s[p.i]) {
		for p.i < len(p.s) && exprIsIdent(p.s[p.i]) {
			p.i++
		}
	}
	return p.s[start:p.i]
}

// str reads a 'string' literal (” is one quote).
func (p *exprParser) str() (*exprNode, error) {
	p.i++ // the opening quote
	var b strings.Builder
	for p.i < len(p.s) {
		c := p.s[p.i]
		p.i++
		if c != '\'' {
			b.WriteByte(c)
			continue
		}
		if p.i < len(p.s) && p.s[p.i] == '\'' {
			b.WriteByte('\'')
			p.i++
			continue
		}
		return &exprNode{kind: exprLitNode, val: b.String()}, nil
	}
	return nil, p.errf("unterminated string")
}

// num reads an integer literal (ARM expressions have no other numbers).
func (p *exprParser) num() (*exprNode, error) {
	start := p.i
	if p.s[p.i] == '-' {
		p.i++
	}
	for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
		p.i++
	}
	n, err := strconv.ParseInt(p.s[start:p.i], 10, 64)
	if err != nil {
		return nil, p.errf("bad number %q", p.s[start:p.i])
	}
	return &exprNode{kind: exprLitNode, val: float64(n)}, nil
}

// call reads name(args) (a user-defined function is namespace.name(args)),
// or the bare literals true, false and null.
func (p *exprParser) call() (*exprNode, error) {
	name := p.ident()
	if p.i < len(p.s) && p.s[p.i] == '.' && p.i+1 < len(p.s) && exprIsIdentStart(p.s[p.i+1]) {
		save := p.i
		p.i++
		if member := p.ident(); p.peek() == '(' {
			name += "." + member
		} else {
			p.i = save
		}
	}
	if p.peek() != '(' {
		switch strings.ToLower(name) {
		case "true":
			return &exprNode{kind: exprLitNode, val: true}, nil
		case "false":
			return &exprNode{kind: exprLitNode, val: false}, nil
		case "null":
			return &exprNode{kind: exprLitNode}, nil
		}
		return nil, p.errf("%q is not a function call", name)
	}
	p.i++
	n := &exprNode{kind: exprCallNode, name: name}
	if p.peek() == ')' {
		p.i++
		return n, nil
	}
	for {
		arg, err := p.expr()
		if err != nil {
			return nil, err
		}
		n.args = append(n.args, arg)
		switch p.peek() {
		case ',':
			p.i++
		case ')':
			p.i++
			return n, nil
		default:
			return nil, p.errf("expected ',' or ')' in the arguments of %s()", name)
		}
	}
}

// armMemo is the evaluated value of a variable or parameter.
type armMemo struct {
	v   any
	err error
}

// armCopyFrame is one running copy loop: its name and current index.
type armCopyFrame struct {
	name string
	i    int
}

// armEval evaluates the expressions of one template. Its zero value is not
// usable: see newARMEval. Not safe for concurrent use.
type armEval struct {
	params    map[string]any // the template's "parameters" declarations
	overrides map[string]any // parameter values given with the template (a deployment's)
	vars      map[string]any // the template's "variables", as written
	memo      map[string]armMemo
	active    []string // the variables and parameters being evaluated, outermost first
	copies    []armCopyFrame
	work      int
	// locationUsed records that resourceGroup().location was read (it
	// evaluates to ARMTemplateLocation, a stand-in).
	locationUsed bool
	// derived records the parameters without a value whose value was taken
	// from their export-style name (exportValue), parameter → value.
	derived map[string]string
	// namespaces maps the resource types the template declares (lower
	// case, "virtualnetworks") to their namespace ("Microsoft.Network").
	namespaces map[string]string
	// fail receives what tree could not evaluate, with its place.
	fail func(where string, err error)
	// sub and rg are the subscription and resource group the template is
	// deployed to, which resourceId(), subscription() and resourceGroup()
	// name: the stand-ins, or a nested deployment's own (readDeployment).
	sub, rg string
	// outputs holds the outputs of the nested deployments read so far, by
	// the deployment's id key, as reference() returns them ({"outputs":
	// {name: {"type", "value"}}}); shared by the evaluators of one file.
	outputs map[string]map[string]any
}

// newARMEval returns an evaluator over a template's parameters and
// variables; fail receives each value tree leaves unevaluated.
func newARMEval(params, overrides, vars map[string]any, fail func(string, error)) *armEval {
	return &armEval{params: params, overrides: overrides, vars: vars, memo: map[string]armMemo{}, fail: fail,
		sub: ARMTemplateSubscription, rg: ARMTemplateResourceGroup, outputs: map[string]map[string]any{}}
}

// spend charges n units of work.
func (e *armEval) spend(n int) error {
	e.work += n
	if e.work > maxARMWork {
		return errARMWorkBudget
	}
	return nil
}

// exhausted reports whether maxARMWork is spent.
func (e *armEval) exhausted() bool { return e.work > maxARMWork }

// exprText returns the expression inside s and whether s is one: "[x]" is
// the expression x; "[[x" is the literal "[x", and so is any other string.
func exprText(s string) (expr string, literal string, isExpr bool) {
	if len(s) >= 2 && s[0] == '[' && s[1] == '[' {
		return "", s[1:], false
	}
	if len(s) >= 2 && s[0] == '[' && s[len(s)-1] == ']' {
		return s[1 : len(s)-1], "", true
	}
	return "", s, false
}

// evalString evaluates a JSON string value: an expression's value, or the
// literal (with "[[" unescaped).
func (e *armEval) evalString(s string) (any, error) {
	x, lit, ok := exprText(s)
	if !ok {
		return lit, nil
	}
	if err := e.spend(1 + len(x)/16); err != nil {
		return nil, err
	}
	n, err := parseExpr(x)
	if err != nil {
		return nil, err
	}
	return e.eval(n)
}

// eval evaluates a parsed expression.
func (e *armEval) eval(n *exprNode) (any, error) {
	switch n.kind {
	case exprLitNode:
		return n.val, nil
	case exprMemberNode:
		base, err := e.eval(n.args[0])
		if err != nil {
			return nil, err
		}
		if c := n.args[0]; c.kind == exprCallNode && strings.EqualFold(c.name, "resourceGroup") && strings.EqualFold(n.name, "location") {
			e.locationUsed = true
		}
		return e.member(base, n.name)
	case exprIndexNode:
		base, err := e.eval(n.args[0])
		if err != nil {
			return nil, err
		}
		idx, err := e.eval(n.args[1])
		if err != nil {
			return nil, err
		}
		return e.index(base, idx)
	}
	return e.call(n)
}

// member reads property name of an object (case-insensitively, as ARM does).
func (e *armEval) member(base any, name string) (any, error) {
	m, ok := base.(map[string]any)
	if !ok {
		return nil, exprErrf(exprInvalid, "", "property %q of a %s, not an object", name, exprTypeName(base))
	}
	if v, ok := e.lookupFold(m, name); ok {
		return v, nil
	}
	return nil, exprErrf(exprInvalid, "", "the object has no property %q", name)
}

// index reads an array element or an object property.
func (e *armEval) index(base, idx any) (any, error) {
	switch b := base.(type) {
	case []any:
		f, ok := idx.(float64)
		if !ok || f < 0 || f >= float64(len(b)) || f != float64(int(f)) {
			return nil, exprErrf(exprInvalid, "", "index %v out of the array's %d elements", idx, len(b))
		}
		return b[int(f)], nil
	case map[string]any:
		if s, ok := idx.(string); ok {
			return e.member(b, s)
		}
	}
	return nil, exprErrf(exprInvalid, "", "cannot index a %s with a %s", exprTypeName(base), exprTypeName(idx))
}

// lookupFold finds key in m, exactly or else case-insensitively (the first
// match in sorted key order, so the answer is deterministic). The scan is
// charged as work (the next spend stops at the budget).
func (e *armEval) lookupFold(m map[string]any, key string) (any, bool) {
	if v, ok := m[key]; ok {
		return v, true
	}
	e.work += len(m) / 16
	found := ""
	for k := range m {
		if strings.EqualFold(k, key) && (found == "" || k < found) {
			found = k
		}
	}
	if found == "" {
		return nil, false
	}
	return m[found], true
}

// exprTypeName names a value's JSON type for messages.
func exprTypeName(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "bool"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%T", v)
}

// tree returns v with every expression string inside it evaluated, in new
// arrays and objects (v is not changed; the values of variables and
// parameters are shared, callers must not change them). A string that is
// not evaluated stays as written and goes to e.fail with its place. A
// "copy" array of {name, count, input} inside an object is a property copy
// loop, expanded into the property name.
func (e *armEval) tree(v any, where string) any {
	e.work++ // a node visited
	if e.exhausted() {
		return v
	}
	switch x := v.(type) {
	case string:
		r, err := e.evalString(x)
		if err != nil {
			e.fail(where, err)
			return x
		}
		return r
	case []any:
		out := make([]any, len(x))
		for i, el := range x {
			out[i] = e.tree(el, where+"["+strconv.Itoa(i)+"]")
		}
		return out
	case map[string]any:
		return e.treeObject(x, where)
	}
	return v
}

// treeObject is tree for an object; its keys are visited in sorted order so
// the report and the work are deterministic.
func (e *armEval) treeObject(x map[string]any, where string) map[string]any {
	out := make(map[string]any, len(x))
	for _, k := range armSortedKeys(x) {
		if k == "copy" {
			if loops, ok := x[k].([]any); ok && e.propertyCopy(loops, out, where+".copy") {
				continue
			}
		}
		out[k] = e.tree(x[k], where+"."+k)
	}
	return out
}

// propertyCopy expands property copy loops ([{name, count, input}]) into
// out[name]; false (nothing written) when the loops are not of that shape.
func (e *armEval) propertyCopy(loops []any, out map[string]any, where string) bool {
	for _, l := range loops {
		m, ok := l.(map[string]any)
		if !ok || m["input"] == nil {
			return false
		}
		if _, ok := m["name"].(string); !ok {
			return false
		}
	}
	for j, l := range loops {
		m := l.(map[string]any)
		name := m["name"].(string)
		w := where + "[" + strconv.Itoa(j) + "]"
		n, err := e.copyCount(m["count"])
		if err != nil {
			e.fail(w, err)
			out[name] = []any{}
			continue
		}
		items := make([]any, 0, n)
		for i := range n {
			e.copies = append(e.copies, armCopyFrame{name: name, i: i})
			items = append(items, e.tree(m["input"], w+".input"))
			e.copies = e.copies[:len(e.copies)-1]
		}
		out[name] = items
	}
	return true
}

// copyCount evaluates a copy loop's count: an integer from 0 to maxARMCopyCount.
func (e *armEval) copyCount(v any) (int, error) {
	if s, ok := v.(string); ok {
		r, err := e.evalString(s)
		if err != nil {
			return 0, err
		}
		v = r
	}
	f, ok := v.(float64)
	if !ok || f != float64(int(f)) || f < 0 || f > maxARMCopyCount {
		return 0, exprErrf(exprInvalid, "copy", "a copy count of %v; ARM takes an integer from 0 to %d", v, maxARMCopyCount)
	}
	if err := e.spend(int(f)); err != nil {
		return 0, err
	}
	return int(f), nil
}

// resolve evaluates a variable's or parameter's value once (memoised),
// detecting cycles and bounding the chain's depth. key is unique per name
// ("variables('x')"), raw the value as written, where its place.
func (e *armEval) resolve(key, where string, raw any) (any, error) {
	if m, ok := e.memo[key]; ok {
		return m.v, m.err
	}
	for i, k := range e.active {
		if k == key {
			chain := append(append([]string(nil), e.active[i:]...), key)
			return nil, exprErrf(exprCycle, "", "%s form a cycle", strings.Join(chain, " → "))
		}
	}
	if len(e.active) >= maxARMRefDepth {
		return nil, exprErrf(exprLimit, "", "variables and parameters refer to each other more than %d deep", maxARMRefDepth)
	}
	e.active = append(e.active, key)
	var v any
	var err error
	if s, ok := raw.(string); ok {
		v, err = e.evalString(s)
	} else {
		v = e.tree(raw, where)
	}
	e.active = e.active[:len(e.active)-1]
	if exprIsBudget(err) {
		return nil, err
	}
	e.memo[key] = armMemo{v, err}
	return v, err
}
