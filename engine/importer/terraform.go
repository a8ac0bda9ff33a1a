package importer

import (
	"errors"
	"fmt"
	"strings"
)

// The Terraform front end reads `terraform show -json` output of a state
// (values.root_module) or of a plan (planned_values.root_module, with the
// plan's configuration to resolve what is unknown until apply), walks the
// root module and its child modules, and maps the azurerm resource types
// vnetplay models to Resources in the REST shape (docs/import.md;
// rule:import.terraform-show-json, rule:import.azurerm-renames).
//
// Shape of the output, so the builder reads one thing:
//   - a child REST inlines in its parent's GET (subnets of a VNet, routes of
//     a route table, rules of an NSG, peerings of an ExpressRoute circuit,
//     IP configurations) is inlined into the parent's Props, merged by id
//     or name whichever way the state spells it (inline block, separate
//     resource or both); it becomes a Resource of its own only when its
//     parent is not in the file;
//   - a child REST lists separately (VNet peerings, private DNS records and
//     VNet links, DNS resolver endpoints, ruleset rules and links, Route
//     Server BGP connections, private DNS zone groups) is a Resource of its
//     own;
//   - an association resource (subnet ↔ route table, NSG or NAT gateway;
//     NIC ↔ NSG; NAT gateway ↔ public IP) is merged into the resource it
//     associates and is not a Resource;
//   - a VM is a Microsoft.Compute/virtualMachines Resource with
//     networkProfile.networkInterfaces, and each of its NICs gets
//     virtualMachine.id;
//   - references are {"id": …}; secrets (shared keys, service keys) are
//     never copied.
//
// Data sources are skipped quietly, but a data azurerm_virtual_network
// that a peering points at gives that peering its remoteAddressSpace: the
// VNet itself stays outside the file and the builder makes it a
// placeholder, as for the other formats.

// maxModuleDepth bounds the nesting of child_modules (real configurations
// nest a few levels).
const maxModuleDepth = 64

// tfRes is one resource instance of the state or plan.
type tfRes struct {
	Address  string         // "module.spokes[\"spoke1\"].azurerm_subnet.app"
	Mode     string         // "managed" or "data"
	Type     string         // "azurerm_subnet"
	Name     string         // "app"
	Index    any            // count index (float64), for_each key (string) or nil
	Provider string         // "registry.terraform.io/hashicorp/azurerm"
	Values   map[string]any // attributes, snake_case
	Module   *tfModule      // the module instance holding it
	ID       string         // ARM id: values.id or synthesised
	idBusy   bool           // idOf is computing ID (guards reference cycles)
}

// tfModule is one module instance of the state or plan.
type tfModule struct {
	Address string    // "" for the root, "module.spokes[\"spoke1\"]"
	Call    string    // the module call's name ("spokes"), "" for the root
	Key     any       // the module instance's for_each key or count index
	Parent  *tfModule // nil for the root
}

// fromTerraform reads `terraform show -json` output: a state (values) or a
// plan (planned_values, configuration). It returns the network resources
// in the REST shape and reports what it skips. A file whose shape is not
// Terraform's, or that holds more than MaxResources resources, is an
// error; so is a file with no network resource (ErrNoNetwork).
func fromTerraform(t map[string]any, rep *Report) ([]Resource, error) {
	root, plan, err := tfRootModule(t)
	if err != nil {
		return nil, err
	}
	c := newTFCtx(rep)
	if plan {
		c.cfg = newTFConfig(t["configuration"])
	}
	if err := c.walk(root, &tfModule{}, 0); err != nil {
		return nil, err
	}
	if plan {
		if err := c.walkPriorData(t); err != nil {
			return nil, err
		}
	}
	c.subscription(t)
	c.mapAll()
	c.types.reportWrongTypes(c.rep)
	out := c.output()
	if len(out) == 0 {
		return nil, fmt.Errorf("terraform: %d resources read, none of a type vnetplay imports: %w", len(c.all), ErrNoNetwork)
	}
	return out, nil
}

// tfRootModule finds the root module: values.root_module of a state,
// planned_values.root_module of a plan (plan true).
func tfRootModule(t map[string]any) (root map[string]any, plan bool, err error) {
	key := "values"
	if _, ok := t["planned_values"]; ok {
		key, plan = "planned_values", true
	}
	v, ok := t[key]
	if !ok || v == nil {
		return nil, plan, errors.New("terraform: no values: the state is empty (run terraform show -json on an applied state or a saved plan)")
	}
	vals, ok := v.(map[string]any)
	if !ok {
		return nil, plan, fmt.Errorf("terraform: %s is %s, not an object", key, jsonKind(v))
	}
	rm, ok := vals["root_module"]
	if !ok || rm == nil {
		return nil, plan, fmt.Errorf("terraform: %s has no root_module: the state holds no resources", key)
	}
	root, ok = rm.(map[string]any)
	if !ok {
		return nil, plan, fmt.Errorf("terraform: %s.root_module is %s, not an object", key, jsonKind(rm))
	}
	return root, plan, nil
}

// walkPriorData collects the data sources of a plan's prior_state: the
// data sources Terraform read while planning are there, not in
// planned_values.
func (c *tfCtx) walkPriorData(t map[string]any) error {
	ps, _ := t["prior_state"].(map[string]any)
	vals, _ := ps["values"].(map[string]any)
	root, _ := vals["root_module"].(map[string]any)
	if root == nil {
		return nil
	}
	c.priorData = true
	defer func() { c.priorData = false }()
	return c.walk(root, &tfModule{}, 0)
}

// walk collects the resources of module m (decoded JSON mod) and of its
// child modules, depth first in file order.
func (c *tfCtx) walk(mod map[string]any, m *tfModule, depth int) error {
	if depth > maxModuleDepth {
		return fmt.Errorf("terraform: modules nested deeper than %d levels at %s", maxModuleDepth, m.Address)
	}
	if m.Parent != nil && !c.priorData {
		k := m.Parent.Address + "|" + m.Call
		c.kids[k] = append(c.kids[k], m)
	}
	where := m.Address
	if where == "" {
		where = "root_module"
	}
	if v, ok := mod["resources"]; ok && v != nil {
		list, ok := v.([]any)
		if !ok {
			return fmt.Errorf("terraform: %s.resources is %s, not an array", where, jsonKind(v))
		}
		if len(c.all)+len(list) > MaxResources {
			return fmt.Errorf("terraform: more than %d resources, over the limit", MaxResources)
		}
		for i, e := range list {
			c.collect(e, m, fmt.Sprintf("%s.resources[%d]", where, i))
		}
	}
	v, ok := mod["child_modules"]
	if !ok || v == nil {
		return nil
	}
	list, ok := v.([]any)
	if !ok {
		return fmt.Errorf("terraform: %s.child_modules is %s, not an array", where, jsonKind(v))
	}
	for i, e := range list {
		cm, ok := e.(map[string]any)
		if !ok {
			return fmt.Errorf("terraform: %s.child_modules[%d] is %s, not an object", where, i, jsonKind(e))
		}
		child := newTFModule(cm, m, fmt.Sprintf("%s.child_modules[%d]", where, i))
		if err := c.walk(cm, child, depth+1); err != nil {
			return err
		}
	}
	return nil
}

// newTFModule reads a child module's address ("module.a[\"k\"]" under the
// root, "module.a[\"k\"].module.b[0]" deeper) into its call name and key.
func newTFModule(cm map[string]any, parent *tfModule, fallback string) *tfModule {
	addr, _ := cm["address"].(string)
	if addr == "" {
		addr = fallback
	}
	m := &tfModule{Address: addr, Parent: parent}
	last := strings.TrimPrefix(addr, parent.Address)
	last = strings.TrimPrefix(last, ".")
	last = strings.TrimPrefix(last, "module.")
	name, key, _ := strings.Cut(last, "[")
	m.Call = name
	if key != "" {
		m.Key = parseIndexKey("[" + key)
	}
	return m
}

// parseIndexKey reads an address index: ["a"] → "a", [3] → float64(3),
// anything else → nil.
func parseIndexKey(s string) any {
	if len(s) < 2 || s[0] != '[' || s[len(s)-1] != ']' {
		return nil
	}
	in := s[1 : len(s)-1]
	if len(in) >= 2 && in[0] == '"' && in[len(in)-1] == '"' {
		return in[1 : len(in)-1]
	}
	var n float64
	for _, r := range in {
		if r < '0' || r > '9' {
			return nil
		}
		n = n*10 + float64(r-'0')
	}
	if in == "" {
		return nil
	}
	return n
}

// envStr returns the string field key of a resource entry, "" when
// absent; a value of another type is reported (Ignored) and read as "".
func (c *tfCtx) envStr(obj map[string]any, key, where string) string {
	switch x := obj[key].(type) {
	case string:
		return x
	case nil:
	default:
		c.rep.Add(Ignored, where, key, fmt.Sprintf("%s is %s, not a string; ignored (rule:import.wrong-json-type)", key, jsonKind(x)))
	}
	return ""
}

// collect reads one resource entry; an entry that is not a resource is
// reported and left out.
func (c *tfCtx) collect(e any, m *tfModule, where string) {
	obj, ok := e.(map[string]any)
	if !ok {
		c.rep.Add(Skipped, where, jsonKind(e), "not a resource object")
		return
	}
	r := &tfRes{Module: m}
	r.Address = c.envStr(obj, "address", where)
	r.Mode = c.envStr(obj, "mode", where)
	r.Type = c.envStr(obj, "type", where)
	r.Name = c.envStr(obj, "name", where)
	switch k := obj["index"].(type) {
	case string, float64:
		r.Index = k
	case nil:
	default:
		c.rep.Add(Ignored, where, "index", fmt.Sprintf("index is %s, not a number or a string; ignored (rule:import.wrong-json-type)", jsonKind(k)))
	}
	r.Provider = c.envStr(obj, "provider_name", where)
	if r.Address == "" {
		r.Address = tfAddress(m, r)
		if r.Type == "" {
			r.Address = where
		}
	}
	if r.Type == "" {
		c.rep.Add(Skipped, r.Address, "resource", "the resource has no type")
		return
	}
	if c.priorData && (r.Mode != "data" || c.seen[r.Address]) {
		return // a plan's prior state gives only the data sources planned_values lacks
	}
	c.seen[r.Address] = true
	switch v := obj["values"].(type) {
	case map[string]any:
		r.Values = v
	case nil:
		r.Values = map[string]any{}
	default:
		c.rep.Add(Skipped, r.Address, r.Type, "its values are "+jsonKind(v)+", not an object")
		return
	}
	c.all = append(c.all, r)
	c.watchValues(r)
}

// tfAddress builds a resource address the way Terraform writes it, for
// files that leave "address" out.
func tfAddress(m *tfModule, r *tfRes) string {
	var b strings.Builder
	if m.Address != "" {
		b.WriteString(m.Address + ".")
	}
	if r.Mode == "data" {
		b.WriteString("data.")
	}
	b.WriteString(r.Type + "." + r.Name)
	switch k := r.Index.(type) {
	case string:
		fmt.Fprintf(&b, "[%q]", k)
	case float64:
		fmt.Fprintf(&b, "[%d]", int64(k))
	}
	return b.String()
}

// jsonKind names the JSON kind of a decoded value, for messages.
func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case string:
		return "a string"
	case float64:
		return "a number"
	case bool:
		return "a boolean"
	}
	return fmt.Sprintf("%T", v)
}
