package importer

import (
	"fmt"
	"slices"
	"strings"
)

// tfCtx is one run of the Terraform front end: the resources read, the
// Resources made so far and the indexes that merge children and
// associations into them. Every index is keyed by lower-cased ARM id (ARM
// ids are case-insensitive), so each lookup is one map access and the run
// stays linear in the file.
type tfCtx struct {
	rep *Report
	// types and checks note the attribute values of the wrong JSON type
	// (rule:import.wrong-json-type): checks maps a resource's values
	// object, and each nested block read from it, to where it is
	// (terraform_typecheck.go).
	types  *typeLog
	checks map[uintptr]*typeCheck
	cfg    *tfConfig // a plan's configuration; nil for a state

	all       []*tfRes
	seen      map[string]bool        // addresses collected
	priorData bool                   // walking a plan's prior_state for data sources
	inst      map[string][]*tfRes    // module address + "|" + [data.]type.name → instances
	instAt    map[string]*tfRes      // that key + "\x00" + indexString(index) → the instance
	kids      map[string][]*tfModule // parent module address + "|" + call name → its instances

	sub        string // subscription of synthesised ids
	subAssumed bool   // sub is a stand-in; reported once when used
	subUsed    bool

	out       []*Resource
	byID      map[string]*Resource        // lower id → Resource made
	children  map[string]map[string]any   // lower parent id|list|lower name → inlined child's properties
	subnets   map[string]map[string]any   // lower subnet id → the subnet's properties
	dataVNets map[string]*tfRes           // lower id → data azurerm_virtual_network
	hostVNets map[string]bool             // lower ids of data VNets that managed peerings or subnets live in
	others    map[string]*tfOtherProvider // resource type of another provider → what was seen
}

// tfOtherProvider counts the resources of one type of a provider other than
// azurerm, reported once per type.
type tfOtherProvider struct {
	first    string
	provider string
	n        int
}

// newTFCtx starts a run that reports into rep.
func newTFCtx(rep *Report) *tfCtx {
	return &tfCtx{
		rep:       rep,
		inst:      map[string][]*tfRes{},
		seen:      map[string]bool{},
		instAt:    map[string]*tfRes{},
		kids:      map[string][]*tfModule{},
		byID:      map[string]*Resource{},
		children:  map[string]map[string]any{},
		subnets:   map[string]map[string]any{},
		dataVNets: map[string]*tfRes{},
		hostVNets: map[string]bool{},
		others:    map[string]*tfOtherProvider{},
		types:     newTypeLog(),
		checks:    map[uintptr]*typeCheck{},
	}
}

// instKey is the key of c.inst for a resource of module instance m.
func instKey(m *tfModule, mode, typ, name string) string {
	k := m.Address + "|"
	if mode == "data" {
		k += "data."
	}
	return k + typ + "." + name
}

// mapAll maps every resource, parents before children before
// associations, then reports the other providers' types.
func (c *tfCtx) mapAll() {
	for _, r := range c.all {
		k := instKey(r.Module, r.Mode, r.Type, r.Name)
		c.inst[k] = append(c.inst[k], r)
		if r.Index != nil {
			c.instAt[k+"\x00"+indexString(r.Index)] = r
		}
		if r.Mode == "data" && r.Type == "azurerm_virtual_network" {
			if id := c.vStr(r.Values, "id"); id != "" {
				c.dataVNets[strings.ToLower(id)] = r
			}
		}
	}
	c.findHostVNets()
	for phase := range 3 {
		for _, r := range c.all {
			c.mapOne(r, phase)
		}
	}
	c.reportOthers()
}

// findHostVNets marks the data VNets that a managed peering or subnet of
// the file lives in (a spoke's state often manages the hub side of its
// peering, in a hub VNet it reads with a data source): those become
// Resources (tfDataVNet), or the builder would drop what lives in them.
func (c *tfCtx) findHostVNets() {
	managed := map[string]bool{}
	for _, r := range c.all {
		if r.Mode == "managed" && r.Type == "azurerm_virtual_network" {
			managed[strings.ToLower(c.idOf(r))] = true
		}
	}
	for _, r := range c.all {
		var parent string
		switch {
		case r.Mode != "managed":
			continue
		case r.Type == "azurerm_virtual_network_peering":
			parent = armParent(c.idOf(r), "virtualNetworkPeerings")
		case r.Type == "azurerm_subnet":
			parent = armParent(c.idOf(r), "subnets")
		}
		if k := strings.ToLower(parent); k != "" && !managed[k] && c.dataVNets[k] != nil {
			c.hostVNets[k] = true
		}
	}
}

// mapOne maps r if its kind belongs to phase; phase 0 also reports what is
// not mapped.
func (c *tfCtx) mapOne(r *tfRes, phase int) {
	if r.Mode == "data" {
		c.mapData(r, phase)
		return
	}
	k, ok := tfKindOf(r.Type)
	if !ok {
		if phase == 0 {
			c.skip(r)
		}
		return
	}
	if k.phase == phase {
		k.fn(c, r)
	}
}

// skip reports a resource that does not map: per resource for azurerm,
// per type for other providers (a random_password or a null_resource says
// nothing about the network).
func (c *tfCtx) skip(r *tfRes) {
	switch {
	case r.Type == "azurerm_resource_group":
		c.rep.Add(Skipped, r.Address, r.Type+" "+tfName(r), "a resource group holds resources; only the network resources in it are imported")
	case strings.HasPrefix(r.Type, "azurerm_"):
		c.rep.Add(Skipped, r.Address, r.Type+" "+tfName(r), "not a network resource vnetplay imports")
	default:
		o := c.others[r.Type]
		if o == nil {
			o = &tfOtherProvider{first: r.Address, provider: r.Provider}
			c.others[r.Type] = o
		}
		o.n++
	}
}

// reportOthers reports the other providers' resource types, one entry per
// type, in type order.
func (c *tfCtx) reportOthers() {
	types := make([]string, 0, len(c.others))
	for t := range c.others {
		types = append(types, t)
	}
	slices.Sort(types)
	for _, t := range types {
		o := c.others[t]
		p := o.provider
		if p == "" {
			p = "another provider"
		}
		why := fmt.Sprintf("a resource of %s, not of azurerm", p)
		if o.n > 1 {
			why = fmt.Sprintf("%d resources of %s, not of azurerm (the first named here)", o.n, p)
		}
		c.rep.Add(Skipped, o.first, t, why)
	}
}

// subscription picks the subscription of synthesised ids: the plan's
// provider configuration, else the first id in the file, else a stand-in.
func (c *tfCtx) subscription(t map[string]any) {
	if c.cfg != nil && c.cfg.subscription != "" {
		c.sub = c.cfg.subscription
		return
	}
	for _, r := range c.all {
		if s := armSegment(c.vStr(r.Values, "id"), "subscriptions"); s != "" {
			c.sub = s
			return
		}
	}
	c.sub, c.subAssumed = "00000000-0000-0000-0000-000000000000", true
}

// armSegment returns the value after /<key>/ in an ARM id ("" if absent).
func armSegment(id, key string) string {
	parts := strings.Split(id, "/")
	for i := 0; i+1 < len(parts); i++ {
		if strings.EqualFold(parts[i], key) {
			return parts[i+1]
		}
	}
	return ""
}

// armParent cuts an ARM child id at its last /<seg>/ ("…/virtualNetworks/v/subnets/s", "subnets"
// → "…/virtualNetworks/v"); "" when seg is not in id.
func armParent(id, seg string) string {
	i := strings.LastIndex(strings.ToLower(id), "/"+strings.ToLower(seg)+"/")
	if i <= 0 {
		return ""
	}
	return id[:i]
}

// lastSegment is the last path segment of an id.
func lastSegment(id string) string {
	return id[strings.LastIndex(id, "/")+1:]
}

// add makes the Resource of r with type typ and props, indexed by id. A
// second resource with the same id is reported and dropped (nil).
func (c *tfCtx) add(r *tfRes, typ string, props map[string]any) *Resource {
	return c.addAs(r, typ, c.idOf(r), c.vStr(r.Values, "name"), props)
}

// addAs is add with an explicit id and name (children made standalone).
func (c *tfCtx) addAs(r *tfRes, typ, id, name string, props map[string]any) *Resource {
	if name == "" {
		name = lastSegment(id)
	}
	key := strings.ToLower(id)
	if prev, dup := c.byID[key]; dup && id != "" {
		c.rep.Add(Ignored, r.Address, r.Type, "the same resource id as "+prev.Where+"; the first one is kept")
		return nil
	}
	res := &Resource{ID: id, Type: typ, Name: name, Location: tfLocation(c.vStr(r.Values, "location")), Props: props, Where: r.Address}
	c.byID[key] = res
	c.out = append(c.out, res)
	return res
}

// find returns the Resource of id if it was made and has type typ.
func (c *tfCtx) find(id, typ string) *Resource {
	res := c.byID[strings.ToLower(id)]
	if res == nil || !SameType(res.Type, typ) {
		return nil
	}
	return res
}

// putChild inlines a child into parent.Props[list] ({name, id,
// properties}), or merges props into the child already there with that
// name, and returns the child's properties.
func (c *tfCtx) putChild(parent *Resource, list, id, name string, props map[string]any) map[string]any {
	key := strings.ToLower(parent.ID) + "|" + list + "|" + strings.ToLower(name)
	if have, ok := c.children[key]; ok {
		mergeProps(have, props)
		return have
	}
	l, _ := parent.Props[list].([]any)
	parent.Props[list] = append(l, map[string]any{"name": name, "id": id, "properties": props})
	c.children[key] = props
	return props
}

// child returns an inlined child's properties.
func (c *tfCtx) child(parentID, list, name string) map[string]any {
	return c.children[strings.ToLower(parentID)+"|"+list+"|"+strings.ToLower(name)]
}

// mergeProps copies src over dst. The two spellings of a subnet's range
// exclude each other: the later one wins whole.
func mergeProps(dst, src map[string]any) {
	if _, ok := src["addressPrefixes"]; ok {
		delete(dst, "addressPrefix")
	}
	if _, ok := src["addressPrefix"]; ok {
		delete(dst, "addressPrefixes")
	}
	for k, v := range src {
		dst[k] = v
	}
}

// output returns the Resources made, in the order made (deterministic:
// file order within each phase).
func (c *tfCtx) output() []Resource {
	out := make([]Resource, len(c.out))
	for i, r := range c.out {
		out[i] = *r
	}
	return out
}

// tfLocation normalises a location as ARM writes it ("West Europe" →
// "westeurope").
func tfLocation(s string) string {
	return strings.ToLower(strings.ReplaceAll(s, " ", ""))
}
