package importer

import (
	"cmp"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// A plan's planned_values leave out every value unknown until apply: the
// ids of resources to be created, so the references to them (a NIC's
// subnet_id, an association's route_table_id). The plan's configuration
// still says which resource each such attribute refers to
// ("references": ["azurerm_subnet.app.id", "azurerm_subnet.app"]), and the
// referred resource's id can be synthesised. This file follows those
// references: within a module, through var.* to the module call, and
// through module.x.output to the child module's output; for_each and count
// instances are matched by key (rule:import.terraform-show-json).

// maxRefHops bounds how many var/module hops one reference may take.
const maxRefHops = 16

// tfConfig is a plan's configuration.
type tfConfig struct {
	root         *tfCfgModule
	subscription string // the azurerm provider's subscription_id, when a constant
}

// tfCfgModule is one module of the configuration (shared by its
// instances).
type tfCfgModule struct {
	resources map[string]map[string]any // "[data.]type.name" → expressions
	calls     map[string]*tfCfgCall
	outputs   map[string]map[string]any // output name → expression
}

// tfCfgCall is a module call: its arguments and the called module.
type tfCfgCall struct {
	exprs  map[string]any
	module *tfCfgModule
}

// newTFConfig reads the "configuration" of a plan; anything unreadable
// yields an empty configuration (references then stay unresolved and are
// reported).
func newTFConfig(v any) *tfConfig {
	cfg := &tfConfig{}
	m, _ := v.(map[string]any)
	if m == nil {
		return cfg
	}
	cfg.subscription = providerSubscription(m["provider_config"])
	root, _ := m["root_module"].(map[string]any)
	cfg.root = parseCfgModule(root, 0)
	return cfg
}

// providerSubscription returns the constant subscription_id of the azurerm
// provider configuration: the default one ("azurerm") first, else the
// first alias in name order.
func providerSubscription(v any) string {
	pc, _ := v.(map[string]any)
	keys := slices.Sorted(maps.Keys(pc))
	slices.SortStableFunc(keys, func(a, b string) int { return cmp.Compare(b2i(a != "azurerm"), b2i(b != "azurerm")) })
	for _, k := range keys {
		p, _ := pc[k].(map[string]any)
		if name, _ := p["name"].(string); name != "azurerm" {
			continue
		}
		ex, _ := p["expressions"].(map[string]any)
		if s := constString(ex, "subscription_id"); s != "" {
			return s
		}
	}
	return ""
}

// b2i is 1 for true.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// constString returns the constant string value of expression k.
func constString(exprs map[string]any, k string) string {
	e, _ := exprs[k].(map[string]any)
	s, _ := e["constant_value"].(string)
	return s
}

// parseCfgModule reads one module of the configuration and, to depth
// maxModuleDepth, the modules it calls.
func parseCfgModule(m map[string]any, depth int) *tfCfgModule {
	cm := &tfCfgModule{resources: map[string]map[string]any{}, calls: map[string]*tfCfgCall{}, outputs: map[string]map[string]any{}}
	if m == nil || depth > maxModuleDepth {
		return cm
	}
	list, _ := m["resources"].([]any)
	for _, e := range list {
		r, _ := e.(map[string]any)
		typ, _ := r["type"].(string)
		name, _ := r["name"].(string)
		mode, _ := r["mode"].(string)
		ex, _ := r["expressions"].(map[string]any)
		k := typ + "." + name
		if mode == "data" {
			k = "data." + k
		}
		cm.resources[k] = ex
	}
	calls, _ := m["module_calls"].(map[string]any)
	for name, e := range calls {
		call, _ := e.(map[string]any)
		ex, _ := call["expressions"].(map[string]any)
		sub, _ := call["module"].(map[string]any)
		cm.calls[name] = &tfCfgCall{exprs: ex, module: parseCfgModule(sub, depth+1)}
	}
	outs, _ := m["outputs"].(map[string]any)
	for name, e := range outs {
		o, _ := e.(map[string]any)
		ex, _ := o["expression"].(map[string]any)
		cm.outputs[name] = ex
	}
	return cm
}

// moduleFor returns the configuration of module instance m (nil when the
// configuration does not have it).
func (cfg *tfConfig) moduleFor(m *tfModule) *tfCfgModule {
	if m.Parent == nil {
		return cfg.root
	}
	p := cfg.moduleFor(m.Parent)
	if p == nil || p.calls[m.Call] == nil {
		return nil
	}
	return p.calls[m.Call].module
}

// refID returns the id that attribute attr of vals (r's values, or one of
// its nested blocks, block giving the path: "ip_configuration", 0) refers
// to. In a plan an attribute left out of planned_values is unknown until
// apply, and the configuration tells which resource it refers to; an
// unknown reference that cannot be told is reported and reads as "".
func (c *tfCtx) refID(r *tfRes, vals map[string]any, attr string, block ...any) string {
	if s := c.vStr(vals, attr); s != "" {
		return s
	}
	if _, present := vals[attr]; present || c.cfg == nil {
		return ""
	}
	targets, configured := c.cfgTargets(r, vals, attr, block)
	if !configured {
		return "" // not set in the configuration: absent, not unknown
	}
	switch len(targets) {
	case 1:
		if id := c.idOf(targets[0]); id != "" {
			return id
		}
	case 0:
	default:
		c.rep.Add(Ignored, r.Address, attrPath(attr, block), "unknown until apply, and the configuration refers to several resources")
		return ""
	}
	c.rep.Add(Ignored, r.Address, attrPath(attr, block), "unknown until apply, and the plan's configuration does not tell which resource it refers to")
	return ""
}

// refIDs is refID for a list of references (network_interface_ids).
func (c *tfCtx) refIDs(r *tfRes, vals map[string]any, attr string, block ...any) []string {
	if _, present := vals[attr]; present || c.cfg == nil {
		return c.vStrs(vals, attr)
	}
	targets, configured := c.cfgTargets(r, vals, attr, block)
	var ids []string
	for _, t := range targets {
		if id := c.idOf(t); id != "" {
			ids = append(ids, id)
		}
	}
	if configured && len(ids) == 0 {
		c.rep.Add(Ignored, r.Address, attrPath(attr, block), "unknown until apply, and the plan's configuration does not tell which resources it refers to")
	}
	return ids
}

// attrPath names an attribute inside nested blocks for the report
// ("ip_configuration.subnet_id").
func attrPath(attr string, block []any) string {
	var b strings.Builder
	for i := 0; i+1 < len(block); i += 2 {
		name, _ := block[i].(string)
		b.WriteString(name + ".")
	}
	return b.String() + attr
}

// cfgTargets returns the resources the configuration's expression for
// attr (inside block) of r refers to, and whether the configuration has
// an expression for it at all.
func (c *tfCtx) cfgTargets(r *tfRes, vals map[string]any, attr string, block []any) ([]*tfRes, bool) {
	cm := c.cfg.moduleFor(r.Module)
	if cm == nil {
		return nil, false
	}
	k := r.Type + "." + r.Name
	if r.Mode == "data" {
		k = "data." + k
	}
	exprs := cm.resources[k]
	for i := 0; i+1 < len(block) && exprs != nil; i += 2 {
		name, _ := block[i].(string)
		idx, _ := block[i+1].(int)
		exprs = cfgBlock(exprs, name, idx, c.vStr(vals, "name"))
	}
	e, _ := exprs[attr].(map[string]any)
	if e == nil {
		return nil, false
	}
	return c.resolveRefs(r.Module, r.Index, stringsOf(e["references"]), 0), true
}

// cfgBlock returns the expressions of nested block name number idx; when
// the planned block has a name and a configured block has that name as a
// constant, that block (sets do not keep order).
func cfgBlock(exprs map[string]any, name string, idx int, plannedName string) map[string]any {
	list, _ := exprs[name].([]any)
	if plannedName != "" {
		for _, e := range list {
			b, _ := e.(map[string]any)
			if constString(b, "name") == plannedName {
				return b
			}
		}
	}
	if idx < 0 || idx >= len(list) {
		return nil
	}
	b, _ := list[idx].(map[string]any)
	return b
}

// resolveRefs follows the references refs made in module instance m by an
// instance of key key, and returns the distinct resources reached. An
// instance of a for_each or count resource is matched by key only when
// the expression indexes by each.key or count.index (Terraform lists those
// among the references); any other index is not guessed.
func (c *tfCtx) resolveRefs(m *tfModule, key any, refs []string, hops int) []*tfRes {
	if hops > maxRefHops {
		return nil
	}
	if !slices.Contains(refs, "each.key") && !slices.Contains(refs, "count.index") {
		key = nil // the index is not the referring instance's own key: do not guess
	}
	var out []*tfRes
	seen := map[*tfRes]bool{}
	for _, ref := range refs {
		for _, t := range c.resolveRef(m, key, ref, hops) {
			if !seen[t] {
				seen[t] = true
				out = append(out, t)
			}
		}
	}
	return out
}

// resolveRef follows one reference ("azurerm_subnet.app.id",
// "data.azurerm_virtual_network.hub", "var.subnet_id", "module.hub.vnet_id").
func (c *tfCtx) resolveRef(m *tfModule, key any, ref string, hops int) []*tfRes {
	parts := splitRef(ref)
	if len(parts) < 2 {
		return nil
	}
	switch parts[0] {
	case "var":
		return c.resolveVar(m, parts[1], hops)
	case "module":
		if len(parts) < 3 {
			return nil
		}
		return c.resolveOutput(m, key, parts[1], parts[2], hops)
	case "local", "each", "count", "path", "self", "terraform":
		return nil
	case "data":
		if len(parts) < 3 {
			return nil
		}
		name, lit := cutIndex(parts[2])
		return c.pickInstance(instKey(m, "data", parts[1], name), lit, key)
	}
	name, lit := cutIndex(parts[1])
	return c.pickInstance(instKey(m, "managed", parts[0], name), lit, key)
}

// resolveVar follows var.name of module instance m to its module call's
// argument in the parent module.
func (c *tfCtx) resolveVar(m *tfModule, name string, hops int) []*tfRes {
	if m.Parent == nil {
		return nil
	}
	pcm := c.cfg.moduleFor(m.Parent)
	if pcm == nil || pcm.calls[m.Call] == nil {
		return nil
	}
	e, _ := pcm.calls[m.Call].exprs[name].(map[string]any)
	return c.resolveRefs(m.Parent, m.Key, stringsOf(e["references"]), hops+1)
}

// resolveOutput follows module.call.output from module instance m.
func (c *tfCtx) resolveOutput(m *tfModule, key any, callSeg, output string, hops int) []*tfRes {
	call, lit := cutIndex(callSeg)
	child := pickModule(c.kids[m.Address+"|"+call], lit, key)
	if child == nil {
		return nil
	}
	cm := c.cfg.moduleFor(child)
	if cm == nil {
		return nil
	}
	return c.resolveRefs(child, key, stringsOf(cm.outputs[output]["references"]), hops+1)
}

// pickInstance chooses among the instances of one resource (c.inst key
// k): the one with the literal index of the reference, else the only one,
// else the one whose key is the referring instance's key (for_each over
// the same map).
func (c *tfCtx) pickInstance(k string, lit, key any) []*tfRes {
	l := c.inst[k]
	switch {
	case lit != nil:
		key = lit
	case len(l) == 1:
		return l
	case key == nil:
		return nil
	}
	if r := c.instAt[k+"\x00"+indexString(key)]; r != nil {
		return []*tfRes{r}
	}
	return nil
}

// indexString renders an instance key for map keys.
func indexString(k any) string {
	switch x := k.(type) {
	case string:
		return "s" + x
	case float64:
		return "n" + strconv.FormatFloat(x, 'g', -1, 64)
	}
	return ""
}

// pickModule chooses among the instances of one module call as
// pickInstance does among a resource's.
func pickModule(l []*tfModule, lit, key any) *tfModule {
	if lit != nil {
		for _, m := range l {
			if m.Key == lit {
				return m
			}
		}
		return nil
	}
	if len(l) == 1 {
		return l[0]
	}
	for _, m := range l {
		if key != nil && m.Key == key {
			return m
		}
	}
	return nil
}

// splitRef splits a reference at the dots outside brackets and quotes:
// `azurerm_subnet.app["a.b"].id` → azurerm_subnet, app["a.b"], id.
func splitRef(ref string) []string {
	var parts []string
	depth, quoted, start := 0, false, 0
	for i := 0; i < len(ref); i++ {
		switch ch := ref[i]; {
		case quoted && ch == '\\':
			i++
		case ch == '"':
			quoted = !quoted
		case quoted:
		case ch == '[':
			depth++
		case ch == ']':
			depth--
		case ch == '.' && depth == 0:
			parts = append(parts, ref[start:i])
			start = i + 1
		}
	}
	return append(parts, ref[start:])
}

// cutIndex splits `app["x"]` into app and the key "x" (nil without index).
func cutIndex(seg string) (string, any) {
	name, rest, ok := strings.Cut(seg, "[")
	if !ok {
		return seg, nil
	}
	return name, parseIndexKey("[" + rest)
}

// unknown reports a plain value a plan leaves unknown until apply (a
// dynamic private IP, a public IP's address): the design lacks it.
func (c *tfCtx) unknown(r *tfRes, vals map[string]any, attr string, block ...any) {
	if c.cfg == nil {
		return
	}
	if _, present := vals[attr]; !present {
		c.rep.Add(Ignored, r.Address, attrPath(attr, block), "unknown until apply; import the state after apply to have it")
	}
}
