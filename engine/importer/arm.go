package importer

import (
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// The ARM template front end. It reads a template as `az group export`
// writes it (names and external IDs as parameters with default values,
// references as resourceId() and concat() expressions) or as people write
// it by hand (variables, copy loops, conditions, nested child resources),
// and turns every resource into a Resource in the REST shape
// (rule:import.export-expressions, rule:import.children-listed-twice):
//
//   - expressions are evaluated (arm_expr.go); a value that is not stays as
//     written and is an Ignored entry naming the place and the function;
//   - each resource gets the ID resourceId() gives it, under the stand-in
//     subscription and group (ARMTemplateSubscription,
//     ARMTemplateResourceGroup), so that references equal IDs;
//   - a child resource is emitted once per ID with its full type, whether
//     it is written inline in its parent's properties (subnets[],
//     virtualNetworkPeerings[], securityRules[], routes[], a circuit's
//     peerings[]), as a top-level resource of the child type named
//     "parent/child", or nested in the parent's "resources" with a relative
//     type ("subnets"). The parent keeps its inline array, with each
//     element's "id" set to that ID;
//   - a nested deployment with an inline template (a Bicep module) is
//     read as part of the template, in its own resource group when it
//     names one (readDeployment);
//   - resource copy loops are expanded (up to ARM's own 800 per loop),
//     conditions that evaluate to false skip their resource (reported);
//     apiVersion, dependsOn, tags and comments carry nothing vnetplay uses.

// Bounds of the front end (beyond the evaluator's).
const (
	// maxARMEntries bounds the report entries of one template (a copy loop
	// of skipped resources could make millions); the rest are counted in
	// one entry.
	maxARMEntries = 500
	// maxARMNesting bounds resources nested in resources (a real type has
	// at most a handful of levels).
	maxARMNesting = 8
)

// fromARM reads an ARM template, or a deployment that wraps one
// ({"properties": {"template": {...}, "parameters": {"p": {"value": …}}}},
// whose parameter values then override the defaults). It returns the
// resources in the order of the file (inline and nested children right
// after their parent), one per ID. Errors: no resources at all (wrapping ErrNoNetwork), more than
// MaxResources, or the evaluation's work bound spent.
func fromARM(t map[string]any, rep *Report) ([]Resource, error) {
	t, overrides, prefix := armUnwrap(t)
	params, _ := t["parameters"].(map[string]any)
	vars, _ := t["variables"].(map[string]any)
	r := &armReader{rep: rep, byID: map[string]int{}, sub: ARMTemplateSubscription, rg: ARMTemplateResourceGroup}
	r.ev = newARMEval(params, overrides, vars, r.exprFailed)
	r.ev.namespaces = armNamespaces(t["resources"])
	if err := r.readResources(t["resources"], prefix+"resources"); err != nil {
		return nil, err
	}
	r.finish()
	return r.out, nil
}

// armUnwrap returns the template of a deployment wrapper with its
// parameter values and the path prefix of the template in the file; any
// other object is returned as it is.
func armUnwrap(t map[string]any) (tmpl, overrides map[string]any, prefix string) {
	if _, ok := t["resources"]; ok {
		return t, nil, ""
	}
	p, _ := t["properties"].(map[string]any)
	inner, ok := p["template"].(map[string]any)
	if !ok {
		return t, nil, ""
	}
	ps, _ := p["parameters"].(map[string]any)
	for _, k := range armSortedKeys(ps) {
		if v, ok := ps[k].(map[string]any); ok {
			if val, ok := v["value"]; ok {
				if overrides == nil {
					overrides = map[string]any{}
				}
				overrides[k] = val
			}
		}
	}
	return inner, overrides, "properties.template."
}

// armNestParent is what a nested resource takes from its parent.
type armNestParent struct {
	Type, Name, ID string // full type, full name ("vnet/snet"), ID
}

// armReader accumulates the resources of one template.
type armReader struct {
	ev       *armEval
	rep      *Report
	out      []Resource
	byID     map[string]int // lowercase ID → index in out
	declared []bool         // parallel to out: written as a resource, not only inline
	// sub and rg are where the resources being read are deployed: the
	// stand-ins, or a nested deployment's subscription and group.
	sub, rg string
	entries int // entries added (those beyond maxARMEntries are only counted)
}

// add adds a report entry, up to maxARMEntries.
func (r *armReader) add(kind EntryKind, where, what, why string) {
	r.entries++
	if r.entries <= maxARMEntries {
		r.rep.Add(kind, where, what, why)
	}
}

// exprFailed reports a value the evaluator left as written (the work
// budget is not reported here: it stops the import).
func (r *armReader) exprFailed(where string, err error) {
	if exprIsBudget(err) {
		return
	}
	what := "expression"
	var e *exprError
	if errors.As(err, &e) && e.Fn != "" {
		what = e.Fn + "()"
	}
	r.add(Ignored, where, what, err.Error()+"; the value is kept as written")
}

// finish adds the entries that sum up the evaluation.
func (r *armReader) finish() {
	if len(r.ev.derived) > 0 {
		r.rep.Add(Assumed, "parameters", "defaultValue", armDerivedText(r.ev.derived))
	}
	if r.ev.locationUsed {
		r.rep.Add(Assumed, "template", "resourceGroup().location",
			fmt.Sprintf("the resource group's location is not in the template: it reads as %q wherever the template builds a name or a value from it, and resources placed there have no location", ARMTemplateLocation))
	}
	if n := r.entries - maxARMEntries; n > 0 {
		r.rep.Add(Ignored, "template", "report", fmt.Sprintf("%d more entries like the above are not listed (the report lists the first %d)", n, maxARMEntries))
	}
}

// armNamespaces maps the types of the top-level resources (their first
// type segment, lower case) to their namespace.
func armNamespaces(resources any) map[string]string {
	var list []any
	switch rs := resources.(type) {
	case []any:
		list = rs
	case map[string]any:
		for _, k := range armSortedKeys(rs) {
			list = append(list, rs[k])
		}
	}
	out := map[string]string{}
	for _, r := range list {
		m, _ := r.(map[string]any)
		typ, _ := m["type"].(string)
		seg := strings.Split(typ, "/")
		if k := ""; len(seg) >= 2 && strings.Contains(seg[0], ".") {
			if k = strings.ToLower(seg[1]); out[k] == "" {
				out[k] = seg[0]
			}
		}
	}
	return out
}

// armDerivedText says which names were taken from parameter names (the
// first 20 of them).
func armDerivedText(derived map[string]string) string {
	names := slices.Sorted(maps.Keys(derived))
	var pairs []string
	for _, p := range names[:min(len(names), 20)] {
		pairs = append(pairs, p+" → "+derived[p])
	}
	if len(names) > 20 {
		pairs = append(pairs, fmt.Sprintf("and %d more", len(names)-20))
	}
	return fmt.Sprintf("%d parameters have no default value: each value is taken from the parameter's name as az group export writes it (%s); "+
		"exports replace \"-\" and other characters by \"_\", so the real names may differ, and the resource group of an external ID is unknown "+
		"(export with --include-parameter-default-value to keep them)", len(names), strings.Join(pairs, ", "))
}

// readResources reads a "resources" value: an array, or (languageVersion
// 2.0) an object of symbolic names, read in sorted order.
func (r *armReader) readResources(v any, where string) error {
	return r.readResourcesAt(v, where, 0)
}

// readResourcesAt is readResources for the template of a nested deployment
// depth deep (0: the file's own).
func (r *armReader) readResourcesAt(v any, where string, depth int) error {
	var items []armItem
	switch rs := v.(type) {
	case []any:
		for i, x := range rs {
			items = append(items, armItem{v: x, where: where + "[" + strconv.Itoa(i) + "]"})
		}
	case map[string]any:
		for _, k := range armSortedKeys(rs) {
			items = append(items, armItem{v: rs[k], where: where + "." + k, symbolic: k})
		}
	}
	if isList(v) {
		for _, i := range r.armOrder(items) {
			if err := r.readTop(items[i].v, items[i].where, nil, depth); err != nil {
				return err
			}
		}
		return nil
	}
	if depth > 0 {
		r.add(Ignored, where, armDeployments, "the nested template has no \"resources\"")
		return nil
	}
	return fmt.Errorf("%w: the template has no \"resources\" array", ErrNoNetwork)
}

// isList reports whether v is a "resources" value: an array or an object.
func isList(v any) bool {
	switch v.(type) {
	case []any, map[string]any:
		return true
	}
	return false
}

// readTop reads one resource declaration, expanding its copy loop.
func (r *armReader) readTop(v any, where string, parent *armNestParent, depth int) error {
	obj, ok := v.(map[string]any)
	if !ok {
		r.add(Ignored, where, "resource", "a "+exprTypeName(v)+", not a resource object")
		return nil
	}
	if err := r.ev.spend(1); err != nil {
		return fmt.Errorf("%s: %w", where, err)
	}
	c, ok := obj["copy"].(map[string]any)
	if !ok {
		return r.readOne(obj, where, parent, depth)
	}
	typ, _ := obj["type"].(string)
	n, err := r.ev.copyCount(c["count"])
	if exprIsBudget(err) {
		return fmt.Errorf("%s: %w", where, err)
	}
	if err != nil {
		r.add(Skipped, where, typ, "a copy loop that is not expanded ("+err.Error()+"): its resources are not imported")
		return nil
	}
	name, _ := c["name"].(string)
	for i := range n {
		r.ev.copies = append(r.ev.copies, armCopyFrame{name: name, i: i})
		err := r.readOne(obj, where+"(copy "+strconv.Itoa(i)+")", parent, depth)
		r.ev.copies = r.ev.copies[:len(r.ev.copies)-1]
		if err != nil {
			return err
		}
	}
	return nil
}

// untypedResource says why a resource whose "type" is t has no type: none
// written, an empty one, or a value that is not a string (ARM's
// "Microsoft.Network/virtualNetworks" form; rule:import.wrong-json-type).
func untypedResource(t any) string {
	switch t.(type) {
	case nil:
		return "a resource without a type"
	case string:
		return "a resource whose type is empty"
	}
	return fmt.Sprintf("type is %s, expected a string (as \"Microsoft.Network/virtualNetworks\"); the resource is ignored (rule:import.wrong-json-type)", jsonKind(t))
}

// readOne reads one resource (one copy) with its inline and nested
// children.
func (r *armReader) readOne(obj map[string]any, where string, parent *armNestParent, depth int) error {
	typ, _ := obj["type"].(string)
	if typ == "" {
		r.add(Ignored, where, "resource", untypedResource(obj["type"]))
		return nil
	}
	if ok, err := r.condition(obj, where, typ); !ok || err != nil {
		return err
	}
	if existing, _ := obj["existing"].(bool); existing {
		r.add(Skipped, where, typ, "declared \"existing\": a reference to a resource deployed elsewhere, not its definition")
		return nil
	}
	if SameType(typ, armDeployments) && parent == nil {
		return r.readDeployment(obj, where, depth)
	}
	res, full, err := r.identify(obj, where, typ, parent)
	if err != nil || res.ID == "" {
		return err
	}
	r.fill(&res, obj, where)
	children := r.inlineChildren(&res, where)
	if err := r.emit(res, true); err != nil {
		return fmt.Errorf("%s: %w", where, err)
	}
	for _, c := range children {
		if err := r.emit(c, false); err != nil {
			return fmt.Errorf("%s: %w", c.Where, err)
		}
	}
	if r.ev.exhausted() {
		return fmt.Errorf("%s: %w", where, errARMWorkBudget)
	}
	return r.readNested(obj, where, armNestParent{Type: res.Type, Name: full, ID: res.ID}, depth)
}

// armDeployments is the type of a nested deployment (what a Bicep module
// compiles to).
const armDeployments = "Microsoft.Resources/deployments"

// readDeployment reads a nested deployment with an inline template
// (properties.template), as `bicep build` writes every module: its
// resources are read as the template's own. With
// expressionEvaluationOptions.scope "inner" the inline template has its
// own parameters (given the deployment's parameter values, evaluated here)
// and variables; otherwise ("outer", the default) its expressions are the
// parent's. A deployment to another resource group or subscription
// (resourceGroup, subscriptionId) places its resources there, and
// resourceId() and resourceGroup() inside an inner-scope template name it.
// The work budget is shared with the parent. A linked template
// (templateLink) is not in the file: reported. Its outputs are recorded for
// reference(…).outputs (deploymentOutputs); armOrder reads a deployment
// before what depends on it.
func (r *armReader) readDeployment(obj map[string]any, where string, depth int) error {
	props, _ := obj["properties"].(map[string]any)
	tmpl, ok := props["template"].(map[string]any)
	if !ok {
		why := "a nested deployment without an inline template"
		if props["templateLink"] != nil {
			why = "a nested deployment of a linked template (templateLink): the template is not in the file"
		}
		r.add(Skipped, where, armDeployments, why+", so its resources are not imported; import that template too")
		return nil
	}
	if depth+1 > maxARMNesting {
		r.add(Skipped, where, armDeployments, fmt.Sprintf("deployments nested more than %d deep are not read", maxARMNesting))
		return nil
	}
	sub, rg := r.sub, r.rg
	if s, ok := r.ev.tree(obj["subscriptionId"], where+".subscriptionId").(string); ok && s != "" {
		sub = s
	}
	if g, ok := r.ev.tree(obj["resourceGroup"], where+".resourceGroup").(string); ok && g != "" {
		rg = g
	}
	opts, _ := props["expressionEvaluationOptions"].(map[string]any)
	scope, _ := opts["scope"].(string)
	outer, placeSub, placeRG := r.ev, r.sub, r.rg
	r.sub, r.rg = sub, rg
	defer func() { r.ev, r.sub, r.rg = outer, placeSub, placeRG }()
	name, _ := outer.tree(obj["name"], where+".name").(string)
	if !strings.EqualFold(scope, "inner") {
		// The parent's expressions, functions included; only the
		// resources' place is the deployment's.
		if err := r.readResourcesAt(tmpl["resources"], where+".properties.template.resources", depth+1); err != nil {
			return err
		}
		r.deploymentOutputs(outer, tmpl, name, sub, rg, where)
		return nil
	}
	values := map[string]any{}
	params, _ := props["parameters"].(map[string]any)
	for _, k := range armSortedKeys(params) {
		if p, ok := params[k].(map[string]any); ok {
			if v, ok := p["value"]; ok {
				values[k] = outer.tree(v, where+".properties.parameters."+k+".value")
			}
		}
	}
	ps, _ := tmpl["parameters"].(map[string]any)
	vs, _ := tmpl["variables"].(map[string]any)
	inner := newARMEval(ps, values, vs, r.exprFailed)
	inner.namespaces = armNamespaces(tmpl["resources"])
	inner.sub, inner.rg, inner.outputs = sub, rg, outer.outputs
	inner.work = outer.work
	r.ev = inner
	err := r.readResourcesAt(tmpl["resources"], where+".properties.template.resources", depth+1)
	if err == nil {
		r.deploymentOutputs(inner, tmpl, name, sub, rg, where)
	}
	outer.work = inner.work
	outer.locationUsed = outer.locationUsed || inner.locationUsed
	for k, v := range inner.derived {
		if outer.derived == nil {
			outer.derived = map[string]string{}
		}
		outer.derived[k] = v
	}
	return err
}

// deploymentOutputs evaluates the outputs of the template of nested
// deployment name (in resource group rg of subscription sub) with ev and
// records them for reference() of the deployment's id.
func (r *armReader) deploymentOutputs(ev *armEval, tmpl map[string]any, name, sub, rg, where string) {
	outs, _ := tmpl["outputs"].(map[string]any)
	if name == "" || len(outs) == 0 {
		return
	}
	id, err := armID(armScopeRG(sub, rg), armDeployments, name)
	if err != nil {
		return
	}
	got := map[string]any{}
	for _, k := range armSortedKeys(outs) {
		o, _ := outs[k].(map[string]any)
		if v, ok := o["value"]; ok {
			got[k] = map[string]any{"type": o["type"], "value": ev.tree(v, where+".properties.template.outputs."+k+".value")}
		}
	}
	ev.outputs[idKey(id)] = got
}

// readNested reads the resources nested in a resource's "resources".
func (r *armReader) readNested(obj map[string]any, where string, parent armNestParent, depth int) error {
	list, _ := obj["resources"].([]any)
	if len(list) > 0 && depth+1 > maxARMNesting {
		r.add(Ignored, where+".resources", parent.Type, fmt.Sprintf("resources nested more than %d deep are not read", maxARMNesting))
		return nil
	}
	for j, c := range list {
		if err := r.readTop(c, where+".resources["+strconv.Itoa(j)+"]", &parent, depth+1); err != nil {
			return err
		}
	}
	return nil
}

// condition evaluates a resource's "condition": false skips the resource
// (reported); a condition that does not evaluate to a bool is reported and
// the resource read as if it held. The error is the work budget's.
func (r *armReader) condition(obj map[string]any, where, typ string) (bool, error) {
	c, ok := obj["condition"]
	if !ok {
		return true, nil
	}
	if s, ok := c.(string); ok {
		v, err := r.ev.evalString(s)
		if exprIsBudget(err) {
			return false, fmt.Errorf("%s: %w", where, err)
		}
		if err != nil {
			r.exprFailed(where+".condition", fmt.Errorf("the condition is not evaluated (%w): the resource is read as if it held", err))
			return true, nil
		}
		c = v
	}
	b, ok := c.(bool)
	if !ok {
		r.add(Ignored, where+".condition", typ, "the condition is a "+exprTypeName(c)+", not a bool: the resource is read as if it held")
		return true, nil
	}
	if !b {
		r.add(Skipped, where, typ, "its condition is false with the file's parameter values")
	}
	return b, nil
}

// identify evaluates a resource's name and gives it its full type, its
// full name ("vnet/snet") and its ID. A name that does not evaluate, or
// does not fit the type, skips the resource (reported: res.ID is "").
func (r *armReader) identify(obj map[string]any, where, typ string, parent *armNestParent) (res Resource, full string, err error) {
	name, ok := r.evalName(obj["name"], where, typ)
	if !ok {
		return res, "", r.budgetErr(where)
	}
	scope := ""
	if s, ok := obj["scope"].(string); ok && parent == nil {
		v, err := r.ev.evalString(s)
		if scope, _ = v.(string); err != nil || scope == "" {
			r.add(Skipped, where, typ, "its scope could not be evaluated")
			return res, "", r.budgetErr(where)
		}
	}
	fullType, full, id, err := armPlace(typ, name, parent, scope, r.sub, r.rg)
	if err != nil {
		r.add(Skipped, where, typ, err.Error())
		return res, "", nil
	}
	return Resource{ID: id, Type: fullType, Name: full[strings.LastIndexByte(full, '/')+1:], Where: where}, full, nil
}

// evalName evaluates a resource's name; false (reported) when it is not a
// non-empty string.
func (r *armReader) evalName(v any, where, typ string) (string, bool) {
	s, _ := v.(string)
	n, err := r.ev.evalString(s)
	name, _ := n.(string)
	switch {
	case exprIsBudget(err):
		return "", false
	case err != nil:
		r.add(Skipped, where, typ, "its name is not evaluated ("+err.Error()+"): without a name it has no ID")
	case name == "":
		r.add(Skipped, where, typ, "a resource without a name")
	default:
		return name, true
	}
	return "", false
}

// budgetErr is the work budget's error when it is spent, else nil.
func (r *armReader) budgetErr(where string) error {
	if r.ev.exhausted() {
		return fmt.Errorf("%s: %w", where, errARMWorkBudget)
	}
	return nil
}

// fill evaluates a resource's location, sku and properties. A location
// that is the stand-in of resourceGroup().location (ARMTemplateLocation)
// is unknown: the resource gets none. A location that is not a string or
// a sku that is not an object is reported and ignored
// (rule:import.wrong-json-type).
func (r *armReader) fill(res *Resource, obj map[string]any, where string) {
	switch loc := r.ev.tree(obj["location"], where+".location").(type) {
	case string:
		if !strings.EqualFold(loc, ARMTemplateLocation) {
			res.Location = loc
		}
	case nil:
	default:
		r.add(Ignored, where, typeAndName(*res), "location is "+jsonKind(loc)+", expected a string; ignored")
	}
	switch sku := r.ev.tree(obj["sku"], where+".sku").(type) {
	case map[string]any:
		res.SKU = sku
	case nil:
	default:
		r.add(Ignored, where, typeAndName(*res), "sku is "+jsonKind(sku)+", expected an object; ignored")
	}
	tags := r.ev.tree(obj["tags"], where+".tags")
	res.Tags = TagsOf(tags)
	for _, why := range ownTagsOfWrongType(tags) {
		r.add(Ignored, where, "tags", why)
	}
	props, ok := obj["properties"]
	if !ok {
		return
	}
	if m, ok := r.ev.tree(props, where+".properties").(map[string]any); ok {
		res.Props = m
		return
	}
	r.add(Ignored, where+".properties", res.Type, "the properties are not an object")
}

// armInlineKeys returns the properties of a resource type that hold child
// resources inline; each is also the child type's last segment.
func armInlineKeys(typ string) []string {
	switch strings.ToLower(typ) {
	case "microsoft.network/virtualnetworks":
		return []string{"subnets", "virtualNetworkPeerings"}
	case "microsoft.network/networksecuritygroups":
		return []string{"securityRules"}
	case "microsoft.network/routetables":
		return []string{"routes"}
	case "microsoft.network/expressroutecircuits":
		return []string{"peerings", "authorizations"}
	}
	return nil
}

// inlineChildren returns the child resources written inline in res's
// properties, and sets each inline element's "id" to the child's ID (in
// copies: the evaluated properties may share variable values).
func (r *armReader) inlineChildren(res *Resource, where string) []Resource {
	var out []Resource
	for _, key := range armInlineKeys(res.Type) {
		list, ok := res.Props[key].([]any)
		if !ok {
			continue
		}
		list = slices.Clone(list)
		for j, el := range list {
			if c, ok := r.inlineChild(res, key, j, el, where); ok {
				list[j] = c.el
				out = append(out, c.res)
			}
		}
		props := make(map[string]any, len(res.Props))
		for k, v := range res.Props {
			props[k] = v
		}
		props[key] = list
		res.Props = props
	}
	return out
}

// armInline is an inline child: its element (with its ID) and resource.
type armInline struct {
	el  map[string]any
	res Resource
}

// inlineChild reads element j of the inline array key: an object with
// "properties" is a child; anything else is left as it is.
func (r *armReader) inlineChild(res *Resource, key string, j int, el any, where string) (armInline, bool) {
	w := where + ".properties." + key + "[" + strconv.Itoa(j) + "]"
	m, _ := el.(map[string]any)
	props, ok := m["properties"].(map[string]any)
	if !ok {
		return armInline{}, false // a bare {id}: a reference, not a child
	}
	name, _ := m["name"].(string)
	if name == "" || strings.Contains(name, "/") {
		r.add(Ignored, w, res.Type+"/"+key, "an inline child without a usable name: not read as a resource of its own")
		return armInline{}, false
	}
	id := res.ID + "/" + key + "/" + name
	if old, ok := m["id"].(string); ok && !strings.EqualFold(old, id) {
		if _, _, isExpr := exprText(old); !isExpr {
			r.add(Ignored, w+".id", res.Type+"/"+key, "the ID written ("+old+") differs from the one its parent and name give; "+id+" is used")
		}
	}
	m = armCloneMap(m)
	m["id"] = id
	return armInline{el: m, res: Resource{ID: id, Type: res.Type + "/" + key, Name: name, Props: props, Where: w}}, true
}

// armCloneMap copies an object's top level.
func armCloneMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m)+1)
	for k, v := range m {
		out[k] = v
	}
	return out
}

// emit adds a resource, or merges it into the one with the same ID
// (rule:import.children-listed-twice)
// (IDs compare case-insensitively, as ARM's do). declared says it was
// written as a resource of its own (not only inline).
func (r *armReader) emit(res Resource, declared bool) error {
	key := strings.ToLower(res.ID)
	if i, ok := r.byID[key]; ok {
		r.merge(i, res, declared)
		return nil
	}
	if len(r.out) >= MaxResources {
		return fmt.Errorf("more than %d resources, over the import's limit", MaxResources)
	}
	r.byID[key] = len(r.out)
	r.out = append(r.out, res)
	r.declared = append(r.declared, declared)
	return nil
}

// merge folds a second copy of a resource into out[i]: a declared
// resource wins over an inline copy, the first over a later one of the
// same kind; the other fills the properties the winner lacks, and a
// property both give differently is reported.
func (r *armReader) merge(i int, res Resource, declared bool) {
	keep, other := r.out[i], res
	switch {
	case declared && r.declared[i]:
		r.add(Ignored, res.Where, res.Type, "declared twice with the same ID (first at "+keep.Where+"); the first is kept")
	case declared:
		keep, other = res, keep
	}
	if keep.Location == "" {
		keep.Location = other.Location
	}
	if keep.SKU == nil {
		keep.SKU = other.SKU
	}
	if keep.Tags == nil {
		keep.Tags = other.Tags
	}
	keep.Props = r.mergeProps(keep, other)
	r.out[i] = keep
	r.declared[i] = r.declared[i] || declared
}

// mergeProps returns keep's properties with those only other has.
func (r *armReader) mergeProps(keep, other Resource) map[string]any {
	if keep.Props == nil {
		return other.Props
	}
	out, cloned := keep.Props, false
	for _, k := range armSortedKeys(other.Props) {
		v, ok := keep.Props[k]
		switch {
		case !ok:
			if !cloned {
				out, cloned = armCloneMap(keep.Props), true
			}
			out[k] = other.Props[k]
		case !reflect.DeepEqual(v, other.Props[k]):
			r.add(Ignored, other.Where+".properties."+k, keep.Type,
				"differs from the same resource at "+keep.Where+", whose value is kept")
		}
	}
	return out
}

// armScopeRG is the ID of a resource group.
func armScopeRG(sub, rg string) string { return "/subscriptions/" + sub + "/resourceGroups/" + rg }

// armID builds the ID of a resource of type "Namespace/t1/t2" named
// "n1/n2" under scope (a resource group's or any resource's ID):
// scope/providers/Namespace/t1/n1/t2/n2, as resourceId() does.
func armID(scope, typ, name string) (string, error) {
	ts := strings.Split(typ, "/")
	if len(ts) < 2 || !strings.Contains(ts[0], ".") {
		return "", fmt.Errorf("the type %q is not Namespace/type", typ)
	}
	ns := strings.Split(name, "/")
	if len(ns) != len(ts)-1 {
		return "", fmt.Errorf("the name %q has %d segments; the type %s takes %d", name, len(ns), typ, len(ts)-1)
	}
	tail, err := armSegments(ts[1:], ns)
	if err != nil {
		return "", err
	}
	return scope + "/providers/" + ts[0] + tail, nil
}

// armSegments interleaves type and name segments ("/t1/n1/t2/n2"); every
// segment must be non-empty.
func armSegments(types, names []string) (string, error) {
	var b strings.Builder
	for i, t := range types {
		if t == "" || names[i] == "" {
			return "", fmt.Errorf("an empty segment in the type or the name (%s, %s)", strings.Join(types, "/"), strings.Join(names, "/"))
		}
		b.WriteString("/" + t + "/" + names[i])
	}
	return b.String(), nil
}

// armPlace returns a resource's full type, full name and ID from its
// declared type and name: at the top level as written, in resource group
// rg of subscription sub (under scope when the resource has one); nested, relative to the parent ("subnets" named
// "snet" under virtualNetworks "hub" is virtualNetworks/subnets
// "hub/snet"), or an extension resource of another namespace under the
// parent's ID.
func armPlace(typ, name string, parent *armNestParent, scope, sub, rg string) (fullType, fullName, id string, err error) {
	if parent == nil {
		base := armScopeRG(sub, rg)
		switch {
		case strings.HasPrefix(scope, "/"):
			base = strings.TrimSuffix(scope, "/")
		case scope != "":
			base += "/providers/" + scope
		}
		id, err = armID(base, typ, name)
		return typ, name, id, err
	}
	var rel string
	switch {
	case !strings.Contains(typ, "/"):
		rel, fullType = typ, parent.Type+"/"+typ
	case len(typ) > len(parent.Type) && strings.EqualFold(typ[:len(parent.Type)+1], parent.Type+"/"):
		rel, fullType = typ[len(parent.Type)+1:], typ
	default:
		id, err = armID(parent.ID, typ, name)
		return typ, name, id, err
	}
	types, names := strings.Split(rel, "/"), strings.Split(name, "/")
	if pn := strings.Split(parent.Name, "/"); len(names) == len(pn)+len(types) &&
		strings.EqualFold(strings.Join(names[:len(pn)], "/"), parent.Name) {
		names = names[len(pn):] // the full name, "hub/snet" under "hub"
	}
	if len(names) != len(types) {
		return "", "", "", fmt.Errorf("the nested name %q does not fit the type %s under %s", name, rel, parent.Type)
	}
	tail, err := armSegments(types, names)
	if err != nil {
		return "", "", "", err
	}
	return fullType, parent.Name + "/" + strings.Join(names, "/"), parent.ID + tail, nil
}

// armSortedKeys returns an object's keys in sorted order.
func armSortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
