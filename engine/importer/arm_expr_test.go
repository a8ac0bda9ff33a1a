package importer

import (
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

// exprTemplate is the parameters and variables the evaluator tests run
// against.
func exprTemplate() (params, vars map[string]any) {
	params = map[string]any{
		"virtualNetworks_vnet_hub_name": map[string]any{"type": "String", "defaultValue": "vnet-hub"},
		"prefixes":                      map[string]any{"type": "Array", "defaultValue": []any{"10.0.0.0/16", "10.1.0.0/16"}},
		"count":                         map[string]any{"type": "Int", "defaultValue": 3.0},
		"loc":                           map[string]any{"type": "String", "defaultValue": "[resourceGroup().location]"},
		"fromParam":                     map[string]any{"type": "String", "defaultValue": "[concat(parameters('virtualNetworks_vnet_hub_name'), '-x')]"},
		"sharedKey":                     map[string]any{"type": "secureString"},
		"obj":                           map[string]any{"type": "Object", "defaultValue": map[string]any{"Name": "o", "list": []any{"a", "b"}}},
		"virtualNetworks_vnet_a_name":   map[string]any{"type": "String"},
		"virtualNetworks_x_externalid":  map[string]any{"type": "String"},
		"some_name":                     map[string]any{"type": "Int"},
	}
	vars = map[string]any{
		"hubId":  "[resourceId('Microsoft.Network/virtualNetworks', parameters('virtualNetworks_vnet_hub_name'))]",
		"prefix": "snet-",
		"nested": "[concat(variables('prefix'), 'app')]",
		"cycA":   "[variables('cycB')]",
		"cycB":   "[concat('x', variables('cycA'))]",
		"self":   "[variables('self')]",
		"obj":    map[string]any{"a": "[variables('prefix')]", "b": []any{"[toUpper('q')]"}},
		"copy": []any{map[string]any{
			"name": "subnetNames", "count": 2.0, "input": "[concat('snet-', copyIndex('subnetNames'))]",
		}},
	}
	return params, vars
}

// exprCase is one evaluator test: the JSON string, and either the value
// it evaluates to or the error's kind and function.
type exprCase struct {
	in   string
	want any
	kind exprErrKind // checked when fn != ""
	fn   string      // the function an error names ("-": an error without one)
}

// exprValueCases are expressions the evaluator evaluates, one or more per
// function of the subset, and the escapes.
func exprValueCases() []exprCase {
	rg := "/subscriptions/" + ARMTemplateSubscription + "/resourceGroups/" + ARMTemplateResourceGroup
	return []exprCase{
		// Literals and escapes.
		{in: "plain", want: "plain"},
		{in: "[[notAnExpression]", want: "[notAnExpression]"},
		{in: "[[", want: "["},
		{in: "[x", want: "[x"},
		{in: "['it''s']", want: "it's"},
		{in: "[ 'spaced' ]", want: "spaced"},
		{in: "['']", want: ""},
		{in: "[42]", want: 42.0},
		{in: "[-1]", want: -1.0},
		{in: "[true]", want: true},
		{in: "[null()]", want: nil},
		// parameters() and variables().
		{in: "[parameters('virtualNetworks_vnet_hub_name')]", want: "vnet-hub"},
		{in: "[PARAMETERS('VIRTUALNETWORKS_VNET_HUB_NAME')]", want: "vnet-hub"},
		{in: "[parameters('prefixes')[1]]", want: "10.1.0.0/16"},
		{in: "[parameters('obj').name]", want: "o"},
		{in: "[parameters('obj')['list'][0]]", want: "a"},
		{in: "[parameters('fromParam')]", want: "vnet-hub-x"},
		{in: "[parameters('loc')]", want: ARMTemplateLocation},
		{in: "[format('vnet-{0}', resourceGroup().location)]", want: "vnet-" + ARMTemplateLocation},
		{in: "[parameters('virtualNetworks_vnet_a_name')]", want: "vnet_a"},
		{in: "[variables('nested')]", want: "snet-app"},
		{in: "[variables('obj').b[0]]", want: "Q"},
		{in: "[variables('subnetNames')]", want: []any{"snet-0", "snet-1"}},
		// resourceId() and the scope functions.
		{in: "[variables('hubId')]", want: rg + "/providers/Microsoft.Network/virtualNetworks/vnet-hub"},
		{in: "[resourceId('Microsoft.Network/virtualNetworks/subnets', parameters('virtualNetworks_vnet_hub_name'), 'snet')]",
			want: rg + "/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/snet"},
		{in: "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet-hub/snet')]",
			want: rg + "/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/snet"},
		{in: "[resourceId('rg-other', 'Microsoft.Network/virtualNetworks', 'v')]",
			want: "/subscriptions/" + ARMTemplateSubscription + "/resourceGroups/rg-other/providers/Microsoft.Network/virtualNetworks/v"},
		{in: "[resourceId('sub-1', 'rg-other', 'Microsoft.Network/virtualNetworks', 'v')]",
			want: "/subscriptions/sub-1/resourceGroups/rg-other/providers/Microsoft.Network/virtualNetworks/v"},
		{in: "[subscriptionResourceId('Microsoft.Resources/resourceGroups', 'rg')]",
			want: "/subscriptions/" + ARMTemplateSubscription + "/providers/Microsoft.Resources/resourceGroups/rg"},
		{in: "[subscription().subscriptionId]", want: ARMTemplateSubscription},
		{in: "[resourceGroup().name]", want: ARMTemplateResourceGroup},
		{in: "[resourceGroup().id]", want: rg},
		// String and array functions.
		{in: "[concat('a', 'b', 1, true)]", want: "ab1True"},
		{in: "[concat(parameters('prefixes'), createArrayLess())]", fn: "createArrayLess", kind: exprUnsupported},
		{in: "[concat(parameters('prefixes'), split('x,y', ','))]", want: []any{"10.0.0.0/16", "10.1.0.0/16", "x", "y"}},
		{in: "[format('{0}/{1}-{{literal}}', 'vnet', 2)]", want: "vnet/2-{literal}"},
		{in: "[toLower('AbC')]", want: "abc"},
		{in: "[toUpper('AbC')]", want: "ABC"},
		{in: "[split('a/b/c', '/')]", want: []any{"a", "b", "c"}},
		{in: "[split('a/b-c', createArray('/', '-'))]", fn: "createArray", kind: exprUnsupported},
		{in: "[last(split(variables('hubId'), '/'))]", want: "vnet-hub"},
		{in: "[first(parameters('prefixes'))]", want: "10.0.0.0/16"},
		{in: "[first('xyz')]", want: "x"},
		{in: "[last('')]", want: ""},
		{in: "[string(5)]", want: "5"},
		{in: "[length(parameters('prefixes'))]", want: 2.0},
		{in: "[empty('')]", want: true},
		// Logic for conditions.
		{in: "[equals(parameters('count'), 3)]", want: true},
		{in: "[not(equals('a', 'b'))]", want: true},
		{in: "[and(true(), false())]", want: false},
		{in: "[or(false, true)]", want: true},
		{in: "[if(equals(1, 1), 'yes', reference('x'))]", want: "yes"},
		{in: "[int('12')]", want: 12.0},
	}
}

// exprErrorCases are expressions it does not evaluate, with why.
func exprErrorCases() []exprCase {
	return []exprCase{
		// Not evaluated: unsupported functions, missing values, errors.
		{in: "[uniqueString(resourceGroup().id)]", fn: "uniqueString", kind: exprUnsupported},
		{in: "[reference(variables('hubId')).addressSpace]", fn: "reference", kind: exprUnsupported},
		{in: "[ns.myFunc('a')]", fn: "ns.myFunc", kind: exprUnsupported},
		{in: "[parameters('sharedKey')]", fn: "parameters", kind: exprNoValue},
		{in: "[parameters('missing')]", fn: "parameters", kind: exprInvalid},
		{in: "[parameters('virtualNetworks_x_externalid')]", fn: "parameters", kind: exprNoValue}, // no namespace known
		{in: "[parameters('some_name')]", fn: "parameters", kind: exprNoValue},
		{in: "[variables('missing')]", fn: "variables", kind: exprInvalid},
		{in: "[format('{0:D3}', 1)]", fn: "format", kind: exprUnsupported},
		{in: "[concat('a', parameters('obj'))]", fn: "concat", kind: exprInvalid},
		{in: "[resourceId('vnet-hub')]", fn: "resourceId", kind: exprInvalid},
		{in: "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet-hub')]", fn: "resourceId", kind: exprInvalid},
		{in: "[copyIndex()]", fn: "copyIndex", kind: exprInvalid},
		{in: "[parameters('prefixes')[5]]", fn: "-", kind: exprInvalid},
		{in: "[concat('a'", want: "[concat('a'"},
		{in: "[concat('a']", fn: "-", kind: exprInvalid},
		{in: "['unterminated]", fn: "-", kind: exprInvalid},
		{in: "[concat('a') 'b']", fn: "-", kind: exprInvalid},
		{in: "[]", fn: "-", kind: exprInvalid},
		{in: "[bare]", fn: "-", kind: exprInvalid},
		{in: "[99999999999999999999]", fn: "-", kind: exprInvalid},
		{in: "[variables('cycA')]", fn: "-", kind: exprCycle},
		{in: "[variables('self')]", fn: "-", kind: exprCycle},
		{in: "[" + strings.Repeat("concat(", 40) + "'x'" + strings.Repeat(")", 40) + "]", fn: "-", kind: exprLimit},
		{in: "[" + strings.Repeat("a", maxExprLen+1) + "]", fn: "-", kind: exprLimit},
	}
}

// TestExprEval: every function of the subset, the escapes, and the errors
// with their kind and function.
func TestExprEval(t *testing.T) {
	for _, c := range append(exprValueCases(), exprErrorCases()...) {
		checkExprCase(t, c)
	}
}

// checkExprCase evaluates one case against exprTemplate.
func checkExprCase(t *testing.T, c exprCase) {
	t.Helper()
	params, vars := exprTemplate()
	e := newARMEval(params, nil, vars, func(string, error) {})
	got, err := e.evalString(c.in)
	if c.fn == "" {
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s = %#v, %v; want %#v", c.in, got, err, c.want)
		}
		return
	}
	var xe *exprError
	if !errors.As(err, &xe) {
		t.Errorf("%s = %#v, %v; want an *exprError", c.in, got, err)
		return
	}
	wantFn := c.fn
	if wantFn == "-" {
		wantFn = ""
	}
	if xe.Kind != c.kind || (xe.Fn != wantFn && c.kind != exprCycle) {
		t.Errorf("%s: error %q (kind %d, fn %q); want kind %d, fn %q", c.in, xe.Msg, xe.Kind, xe.Fn, c.kind, wantFn)
	}
}

// TestExprCycleMessage: a cycle error names the whole chain.
func TestExprCycleMessage(t *testing.T) {
	params, vars := exprTemplate()
	e := newARMEval(params, nil, vars, func(string, error) {})
	_, err := e.evalString("[variables('cycA')]")
	want := "variables('cycA') → variables('cycB') → variables('cycA') form a cycle"
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v; want %q", err, want)
	}
}

// TestExprLocationUsed: reading resourceGroup().location is recorded (it
// evaluates to the stand-in ARMTemplateLocation), reading its name is not.
func TestExprLocationUsed(t *testing.T) {
	for _, c := range []struct {
		in   string
		used bool
	}{{"[resourceGroup().name]", false}, {"[resourceGroup().location]", true}, {"[parameters('loc')]", true}} {
		params, vars := exprTemplate()
		e := newARMEval(params, nil, vars, func(string, error) {})
		if _, err := e.evalString(c.in); err != nil || e.locationUsed != c.used {
			t.Errorf("%s: err %v, locationUsed %v; want %v", c.in, err, e.locationUsed, c.used)
		}
	}
}

// TestExprOverrides: a deployment's parameter value wins over the default
// and is not evaluated.
func TestExprOverrides(t *testing.T) {
	params, vars := exprTemplate()
	e := newARMEval(params, map[string]any{"sharedKey": "[not an expression]"}, vars, func(string, error) {})
	got, err := e.evalString("[parameters('sharedKey')]")
	if err != nil || got != "[not an expression]" {
		t.Fatalf("got %#v, %v", got, err)
	}
}

// TestExprTree: a tree keeps what does not evaluate as written, reports it
// with its place, expands property copy loops and leaves its input alone.
func TestExprTree(t *testing.T) {
	params, vars := exprTemplate()
	var where []string
	e := newARMEval(params, nil, vars, func(w string, err error) { where = append(where, w+": "+err.Error()) })
	in := map[string]any{
		"name": "[parameters('virtualNetworks_vnet_hub_name')]",
		"key":  "[parameters('sharedKey')]",
		"list": []any{"[uniqueString('a')]", "[[x]"},
		"copy": []any{map[string]any{"name": "subnets", "count": "[parameters('count')]",
			"input": map[string]any{"name": "[concat('s', copyIndex('subnets', 1))]"}}},
	}
	got := e.tree(in, "p")
	want := map[string]any{
		"name": "vnet-hub",
		"key":  "[parameters('sharedKey')]",
		"list": []any{"[uniqueString('a')]", "[x]"},
		"subnets": []any{
			map[string]any{"name": "s1"}, map[string]any{"name": "s2"}, map[string]any{"name": "s3"},
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("tree = %#v\nwant %#v", got, want)
	}
	if len(where) != 2 || !strings.HasPrefix(where[0], "p.key: parameter \"sharedKey\" has no value") ||
		!strings.HasPrefix(where[1], "p.list[0]: uniqueString()") {
		t.Errorf("reported %q", where)
	}
	if in["name"] != "[parameters('virtualNetworks_vnet_hub_name')]" {
		t.Error("tree changed its input")
	}
}

// TestExprBounds: hostile expressions end fast with a bound's error:
// doubling strings through a chain of variables, a long chain, deep
// nesting.
func TestExprBounds(t *testing.T) {
	vars := map[string]any{"v0": "[concat('xxxxxxxxxxxxxxxx', 'xxxxxxxxxxxxxxxx')]"}
	chain := map[string]any{"c0": "end"}
	for i := 1; i <= 64; i++ {
		vars["v"+strconv.Itoa(i)] = "[concat(variables('" + "v" + strconv.Itoa(i-1) + "'), variables('" + "v" + strconv.Itoa(i-1) + "'))]"
		chain["c"+strconv.Itoa(i)] = "[variables('" + "c" + strconv.Itoa(i-1) + "')]"
	}
	for k, v := range chain {
		vars[k] = v
	}
	start := time.Now()
	for _, c := range []struct {
		in   string
		kind exprErrKind
	}{
		{"[variables('v64')]", exprLimit},
		{"[variables('c64')]", exprLimit},
		{"[ " + strings.Repeat("[", 100) + "]", exprInvalid},
		{"[a" + strings.Repeat(".b", 100) + "]", exprInvalid},
		{"[concat('a')" + strings.Repeat(".b", 100) + "]", exprLimit},
		{"[" + strings.Repeat("if(true, ", 33) + "1" + strings.Repeat(", 0)", 33) + "]", exprLimit},
	} {
		e := newARMEval(nil, nil, vars, func(string, error) {})
		_, err := e.evalString(c.in)
		var xe *exprError
		if !errors.As(err, &xe) || xe.Kind != c.kind {
			t.Errorf("%.40s…: err %v; want kind %d", c.in, err, c.kind)
		}
	}
	if d := time.Since(start); d > 15*time.Second { // a freeze (an unbounded evaluation), not a speed
		t.Errorf("the hostile expressions took %v", d)
	}
}

// TestExprBudget: the work budget stops an evaluation that stays within
// every other bound, and stays spent.
func TestExprBudget(t *testing.T) {
	e := newARMEval(nil, nil, nil, func(string, error) {})
	e.work = maxARMWork - 2
	_, err := e.evalString("[concat(concat('a'), concat('b'), concat('c'))]")
	if !exprIsBudget(err) || !e.exhausted() {
		t.Fatalf("err %v, exhausted %v; want the budget's error", err, e.exhausted())
	}
	if _, err := e.evalString("['x']"); !exprIsBudget(err) {
		t.Errorf("after the budget: %v", err)
	}
}
