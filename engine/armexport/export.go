package armexport

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
)

// Template constants.
const (
	// Schema is the deployment template schema the export writes.
	Schema = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"
	// ContentVersion is the template's contentVersion.
	ContentVersion = "1.0.0.0"
	// LocationParam is the parameter holding the region of the resources
	// the design gives none.
	LocationParam = "location"
)

// API versions: Microsoft.Network at the version the paths of
// rule:import.vnet-and-subnet-paths are written for; private DNS at the first
// version with a link's resolutionPolicy; DNS Private Resolver at its GA
// version (rule:import.private-link-and-dns-paths).
const (
	apiNetwork     = "2023-09-01"
	apiPrivateDNS  = "2024-06-01"
	apiDNSResolver = "2022-07-01"
)

// Entry is one line of what the export could not carry (notExported) or
// had to choose (assumed): where it is in the design and why.
type Entry struct {
	// Path is the place in the design ("virtualMachines[fw]",
	// "peerings[hub-spoke].b", "sites[dc]").
	Path string `json:"path"`
	// Why says what happens to it and why, in a sentence.
	Why string `json:"why"`
}

// Result is an export: the template and the lists it carries in
// metadata.vnetplay.
type Result struct {
	// Template is the ARM template, canonical JSON with a trailing newline.
	Template []byte
	// NotExported lists what the design holds that the template does not
	// carry, sorted by path.
	NotExported []Entry
	// Assumed lists what the template adds or chooses that the design does
	// not give, sorted by path.
	Assumed []Entry
	// Resources counts the template's resources.
	Resources int
}

// Export writes doc's topology as an ARM template. It reads the design in
// canonical order (scenario.Canonical), so the same design gives the same
// bytes whatever the order of its file. It never fails on a design,
// however broken (what cannot be exported is listed); it fails only on a
// nil document. doc is not modified.
func Export(doc *scenario.Document) (*Result, error) {
	if doc == nil {
		return nil, errors.New("armexport: no document")
	}
	doc = scenario.Canonical(doc)
	e := newExporter(&doc.Topology)
	e.build()
	e.documentParts(doc)
	e.countLimits()
	b, err := encode(e.template(doc.Name))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxTemplateBytes {
		e.lose("template", fmt.Sprintf("the template is %d bytes, over ARM's limit of %d: split the design to deploy it (the template is written whole)", len(b), MaxTemplateBytes))
		if b, err = encode(e.template(doc.Name)); err != nil {
			return nil, err
		}
	}
	return &Result{Template: b, NotExported: e.lost, Assumed: e.assumed, Resources: len(e.resources)}, nil
}

// ARM's limits on one template (Azure Resource Manager template limits).
const (
	MaxTemplateResources  = 800
	MaxTemplateParameters = 256
	MaxTemplateBytes      = 4 << 20
)

// countLimits lists the template limits the design goes over: the
// template is still written whole, and cannot be deployed in one piece.
func (e *exporter) countLimits() {
	if n := len(e.resources); n > MaxTemplateResources {
		e.lose("template", fmt.Sprintf("the template has %d resources, over ARM's limit of %d per deployment: split the design to deploy it (the template is written whole)", n, MaxTemplateResources))
	}
	if n := len(e.params); n > MaxTemplateParameters {
		e.lose("template", fmt.Sprintf("the template has %d parameters, over ARM's limit of %d: split the design to deploy it (the template is written whole)", n, MaxTemplateParameters))
	}
}

func encode(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("armexport: encode: %w", err)
	}
	return buf.Bytes(), nil
}

// build exports every collection, in an order where each resource's
// references are already exported (or known not to be).
func (e *exporter) build() {
	e.publicIPs()
	e.natGateways()
	e.routeTables()
	e.nsgs()
	e.vnets()
	e.loadBalancers()
	e.nics()
	e.localNetworkGateways()
	e.gateways()
	e.circuits()
	e.connections()
	e.routeServers()
	e.peerings()
	e.privateDNSZones()
	e.privateEndpoints()
	e.dnsResolvers()
	e.rulesets()
	e.sites()
}

// documentParts lists the parts of the scenario document that are not
// topology.
func (e *exporter) documentParts(doc *scenario.Document) {
	if n := len(doc.Expect); n > 0 {
		e.lose("expect", fmt.Sprintf("%d expectations are vnetplay checks (vnetplay check), not Azure resources", n))
	}
	if n := len(doc.Failures); n > 0 {
		e.lose("failures", fmt.Sprintf("%d failure sets are vnetplay what-ifs, not Azure resources", n))
	}
	if doc.Layout != nil && len(doc.Layout.Nodes) > 0 {
		e.lose("layout", "the canvas layout is vnetplay's")
	}
}

// template assembles the whole template as JSON-ready values.
func (e *exporter) template(name string) obj {
	sortEntries(e.lost)
	sortEntries(e.assumed)
	slices.SortFunc(e.resources, func(a, b *resource) int {
		return cmp.Or(cmp.Compare(a.typ, b.typ), cmp.Compare(a.name, b.name))
	})
	res := make(arr, 0, len(e.resources))
	for _, r := range e.resources {
		res = append(res, e.resourceJSON(r))
	}
	params := obj{}
	for k, v := range e.params {
		params[k] = v
	}
	vp := obj{"generator": "vnetplay export-arm", "notExported": entriesJSON(e.lost), "assumed": entriesJSON(e.assumed)}
	if name != "" {
		vp["scenario"] = name
	}
	t := obj{
		"$schema":        Schema,
		"contentVersion": ContentVersion,
		"metadata":       obj{"description": e.description(name), "vnetplay": vp},
		"parameters":     params,
		"resources":      res,
	}
	return finalize(t).(obj)
}

// resourceJSON is one resource as the template writes it, with dependsOn
// derived from its references.
func (e *exporter) resourceJSON(r *resource) obj {
	out := obj{"type": r.typ, "apiVersion": r.api, "name": r.name}
	if r.location != nil {
		out["location"] = r.location
	}
	if r.sku != nil {
		out["sku"] = r.sku
	}
	if r.tags != nil {
		out["tags"] = r.tags
	}
	if r.props != nil {
		out["properties"] = r.props
	}
	if deps := e.dependsOn(r); len(deps) > 0 {
		out["dependsOn"] = deps
	}
	return out
}

// description is the template's metadata.description: what it holds and
// what it leaves out.
func (e *exporter) description(name string) string {
	var b strings.Builder
	if name != "" {
		fmt.Fprintf(&b, "The vnetplay design %q as an ARM template: %d resources.", name, len(e.resources))
	} else {
		fmt.Fprintf(&b, "A vnetplay design as an ARM template: %d resources.", len(e.resources))
	}
	var vms, sites []string
	for _, l := range e.lost {
		if strings.Count(l.Path, "[") != 1 || !strings.HasSuffix(l.Path, "]") {
			continue
		}
		if id, ok := strings.CutPrefix(l.Path, "virtualMachines["); ok {
			vms = append(vms, strings.TrimSuffix(id, "]"))
		}
		if id, ok := strings.CutPrefix(l.Path, "sites["); ok {
			sites = append(sites, strings.TrimSuffix(id, "]"))
		}
	}
	slices.Sort(vms)
	slices.Sort(sites)
	if len(vms) > 0 {
		fmt.Fprintf(&b, " VMs not exported (only their NICs are: a VM needs an image, a size and credentials that a network design does not hold): %s.", strings.Join(vms, ", "))
	}
	if len(sites) > 0 {
		fmt.Fprintf(&b, " On-premises sites and their hosts not exported (not Azure resources): %s.", strings.Join(sites, ", "))
	}
	if len(e.lost) > 0 {
		fmt.Fprintf(&b, " metadata.vnetplay.notExported lists all %d items left out and why.", len(e.lost))
	}
	if len(e.assumed) > 0 {
		fmt.Fprintf(&b, " metadata.vnetplay.assumed lists %d values the template adds that the design does not give.", len(e.assumed))
	}
	return b.String()
}

func sortEntries(l []Entry) {
	slices.SortFunc(l, func(a, b Entry) int { return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Why, b.Why)) })
}

func entriesJSON(l []Entry) arr {
	out := make(arr, 0, len(l))
	for _, x := range l {
		out = append(out, obj{"path": x.Path, "why": x.Why})
	}
	return out
}

// exporter is the state of one export.
type exporter struct {
	t         *model.Topology
	vnetByID  map[string]*model.VNet
	resources []*resource
	defined   map[string]*resource // key(type, name)
	params    map[string]obj
	lost      []Entry
	assumed   []Entry
	// nicName maps (vm, nic) to the NIC resource's name.
	nicName map[[2]string]string
	// pools and natRules map a NIC (vm, nic) to the load balancer backend
	// pools and inbound NAT rules that list it.
	pools, natRules map[[2]string][]idRef
	// resolverSubnets are the subnets ("vnet/subnet") of DNS resolver
	// endpoints: they are delegated to Microsoft.Network/dnsResolvers.
	resolverSubnets map[string]bool
	// keyParam maps a connection to its shared key parameter.
	keyParam map[string]string
	ix       *index
	// paramNames are the parameter names taken, in lower case.
	paramNames map[string]bool
	// transit maps a VNet to its exported gateways and Route Server IP
	// configurations (peerings fills it).
	transit map[string][]idRef
}

func newExporter(t *model.Topology) *exporter {
	e := &exporter{
		t: t, vnetByID: map[string]*model.VNet{}, defined: map[string]*resource{}, params: map[string]obj{},
		nicName: map[[2]string]string{}, pools: map[[2]string][]idRef{}, natRules: map[[2]string][]idRef{},
		resolverSubnets: map[string]bool{}, keyParam: map[string]string{}, paramNames: map[string]bool{},
	}
	for i := range t.VNets {
		if _, ok := e.vnetByID[t.VNets[i].ID]; !ok {
			e.vnetByID[t.VNets[i].ID] = &t.VNets[i]
		}
	}
	e.ix = newIndex(t, e.vnetByID)
	for _, r := range t.DNSResolvers {
		for _, in := range r.InboundEndpoints {
			e.resolverSubnets[r.VNet+"/"+in.Subnet] = true
		}
		for _, out := range r.OutboundEndpoints {
			e.resolverSubnets[r.VNet+"/"+out.Subnet] = true
		}
	}
	return e
}

// lose records something the template does not carry.
func (e *exporter) lose(path, why string) { e.lost = append(e.lost, Entry{Path: path, Why: why}) }

// assume records something the template adds or chooses.
func (e *exporter) assume(path, why string) {
	e.assumed = append(e.assumed, Entry{Path: path, Why: why})
}
