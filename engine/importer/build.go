package importer

import (
	"fmt"
	"strings"

	"vnetplay/engine"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
)

// The builder maps REST-shaped resources to a scenario document
// (docs/rules/import.md; docs/import.md). It runs in a fixed order, each
// stage resolving references only to what an earlier stage mapped, so a
// reference resolves to a resource that is in the design or to nothing
// (reported), never to a dangling id:
//
//	public IPs → NAT gateways → route tables → NSGs → VNets, subnets and
//	peerings → NICs, VMs and firewalls → load balancers → local network
//	gateways and sites → gateways → circuits and sites → connections →
//	Route Servers → private DNS zones → private endpoints → DNS resolvers →
//	forwarding rulesets
//
// Ids are readable and deterministic (allocate, ids.go): inputs are sorted
// by resource id, and the document is put in canonical order. Every
// resource the builder does not map is reported (leftovers), and so is
// every reference it drops. The cost is O(n log n) in the resources: maps,
// no nested scans.

// Lower-case ARM types the builder maps.
const (
	typeVNet         = "microsoft.network/virtualnetworks"
	typeSubnet       = typeVNet + "/subnets"
	typePeering      = typeVNet + "/virtualnetworkpeerings"
	typeRouteTable   = "microsoft.network/routetables"
	typeNSG          = "microsoft.network/networksecuritygroups"
	typeNIC          = "microsoft.network/networkinterfaces"
	typeVM           = "microsoft.compute/virtualmachines"
	typeFirewall     = "microsoft.network/azurefirewalls"
	typePIP          = "microsoft.network/publicipaddresses"
	typeNAT          = "microsoft.network/natgateways"
	typeGateway      = "microsoft.network/virtualnetworkgateways"
	typeLNG          = "microsoft.network/localnetworkgateways"
	typeConnection   = "microsoft.network/connections"
	typeCircuit      = "microsoft.network/expressroutecircuits"
	typeHub          = "microsoft.network/virtualhubs"
	typePE           = "microsoft.network/privateendpoints"
	typeZone         = "microsoft.network/privatednszones"
	typeResolver     = "microsoft.network/dnsresolvers"
	typeRuleset      = "microsoft.network/dnsforwardingrulesets"
	typeLB           = "microsoft.network/loadbalancers"
	typeOutboundEP   = typeResolver + "/outboundendpoints"
	typeCircuitPeer  = typeCircuit + "/peerings"
	typeIPConfigNIC  = typeNIC + "/ipconfigurations"
	typeLBPool       = typeLB + "/backendaddresspools"
	typeLBFrontend   = typeLB + "/frontendipconfigurations"
	typeLBInboundNat = typeLB + "/inboundnatrules"
)

// Collections: the JSON names of the topology's lists, the keys of
// Report.Imported and of the builder's id maps.
const (
	cVNets       = "vnets"
	cSubnets     = "subnets"
	cPeerings    = "peerings"
	cRouteTables = "routeTables"
	cNSGs        = "networkSecurityGroups"
	cVMs         = "virtualMachines"
	cNICs        = "networkInterfaces"
	cLBs         = "loadBalancers"
	cPIPs        = "publicIPAddresses"
	cNATs        = "natGateways"
	cGateways    = "virtualNetworkGateways"
	cLNGs        = "localNetworkGateways"
	cSites       = "sites"
	cConnections = "connections"
	cCircuits    = "expressRouteCircuits"
	cRSs         = "routeServers"
	cPEs         = "privateEndpoints"
	cZones       = "privateDnsZones"
	cResolvers   = "dnsResolvers"
	cRulesets    = "dnsForwardingRulesets"
)

// builder is the state of one build.
type builder struct {
	rep *Report
	ix  *index
	t   model.Topology
	// ids maps collection → resource key → vnetplay id, for the resources
	// mapped so far (references resolve through it).
	ids map[string]map[string]string
	// subnets maps a subnet key to the subnet as mapped.
	subnets map[string]subnetInfo
	// nicEP maps a NIC key (and the keys of its IP configurations) to its
	// endpoint id "vm/nic".
	nicEP map[string]string
	// poolEPs and natEP are the NIC endpoints the NICs' IP configurations
	// put in load balancer backend pools and inbound NAT rules (by key).
	poolEPs map[string][]string
	natEP   map[string]string
	// origin maps a design path ("vnets[hub]", "vnets[hub].subnets[app]",
	// "routeTables[rt].routes[r]", "networkSecurityGroups[n].securityRules[r]")
	// to where the element is in the input, for the validation entries.
	origin map[string]string
}

// subnetInfo is a mapped subnet.
type subnetInfo struct {
	id     string // "vnet/name"
	vnet   string // VNet id
	name   string
	prefix string
}

// build maps REST-shaped resources to a scenario document named name.
// What does not map is in rep (rep.Imported counts what did). Errors: a
// design over scenario.MaxVNets or scenario.MaxSize (a *scenario.LimitError,
// wrapped), and ErrNoNetwork (wrapped) when nothing maps. Validation
// errors of the result are report entries, not errors.
func build(res []Resource, name string, rep *Report) (*scenario.Document, error) {
	if rep.Imported == nil {
		rep.Imported = map[string]int{}
	}
	b := &builder{rep: rep, ids: map[string]map[string]string{}, subnets: map[string]subnetInfo{},
		nicEP: map[string]string{}, poolEPs: map[string][]string{}, natEP: map[string]string{}, origin: map[string]string{}}
	b.reportUnidentified(res)
	if n := countVNets(res); n > scenario.MaxVNets {
		return nil, fmt.Errorf("build: %w", &scenario.LimitError{What: "VNets", Got: int64(n), Limit: scenario.MaxVNets})
	}
	b.ix = newIndex(res)
	if err := b.run(); err != nil {
		return nil, fmt.Errorf("build: %w", err)
	}
	doc := scenario.Canonical(&scenario.Document{Name: name, Description: description(rep.Format), Topology: b.t})
	if empty(&doc.Topology) {
		return nil, fmt.Errorf("build: %w (%d resources read, none mapped; the report says why)", ErrNoNetwork, len(res))
	}
	if _, err := scenario.CheckLimits(doc); err != nil {
		return nil, fmt.Errorf("build: %w", err)
	}
	b.validate(doc)
	count(&doc.Topology, rep)
	return doc, nil
}

// run maps every stage in dependency order (see the file comment).
func (b *builder) run() error {
	if n := len(b.ix.top(typeVNet)); n > scenario.MaxVNets {
		return &scenario.LimitError{What: "VNets", Got: int64(n), Limit: scenario.MaxVNets}
	}
	b.publicIPs()
	b.natGateways()
	b.routeTables()
	b.nsgs()
	if err := b.vnets(); err != nil {
		return err
	}
	b.vms()
	b.loadBalancers()
	b.localNetworkGateways()
	b.gateways()
	b.circuits()
	b.connections()
	b.routeServers()
	b.privateDNSZones()
	b.privateEndpoints()
	b.dnsResolvers()
	b.rulesets()
	b.leftovers()
	b.ix.types.reportWrongTypes(b.rep)
	return nil
}

// countVNets counts the distinct VNets of res, before anything else is
// read: a design over scenario.MaxVNets is refused at once.
func countVNets(res []Resource) int {
	seen := map[string]bool{}
	for _, r := range res {
		if SameType(r.Type, typeVNet) {
			seen[idKey(r.ID)] = true
		}
	}
	return len(seen)
}

// description says where the design came from.
func description(f Format) string {
	from := map[Format]string{FormatAz: "az CLI output", FormatREST: "REST API answers", FormatARM: "an ARM template",
		FormatTerraform: "terraform show -json output"}[f]
	if from == "" {
		from = "Azure resources"
	}
	return "Imported from " + from + " by vnetplay import. The import report lists what was left out, " +
		"assumed or added as a placeholder; check those before trusting the answers."
}

// empty reports whether the topology maps nothing at all.
func empty(t *model.Topology) bool {
	return len(t.VNets)+len(t.RouteTables)+len(t.NSGs)+len(t.VMs)+len(t.LoadBalancers)+
		len(t.PublicIPAddresses)+len(t.NatGateways)+len(t.Gateways)+len(t.LocalNetworkGateways)+
		len(t.Connections)+len(t.Circuits)+len(t.RouteServers)+len(t.PrivateEndpoints)+
		len(t.PrivateDNSZones)+len(t.DNSResolvers)+len(t.DNSForwardingRulesets) == 0
}

// count fills rep.Imported with the design's counts per collection (zero
// counts left out).
func count(t *model.Topology, rep *Report) {
	subnets, nics := 0, 0
	for _, v := range t.VNets {
		subnets += len(v.Subnets)
	}
	for _, vm := range t.VMs {
		nics += len(vm.NICs)
	}
	for k, n := range map[string]int{
		cVNets: len(t.VNets), cSubnets: subnets, cPeerings: len(t.Peerings), cRouteTables: len(t.RouteTables),
		cNSGs: len(t.NSGs), cVMs: len(t.VMs), cNICs: nics, cLBs: len(t.LoadBalancers),
		cPIPs: len(t.PublicIPAddresses), cNATs: len(t.NatGateways), cGateways: len(t.Gateways),
		cLNGs: len(t.LocalNetworkGateways), cSites: len(t.Sites), cConnections: len(t.Connections),
		cCircuits: len(t.Circuits), cRSs: len(t.RouteServers), cPEs: len(t.PrivateEndpoints),
		cZones: len(t.PrivateDNSZones), cResolvers: len(t.DNSResolvers), cRulesets: len(t.DNSForwardingRulesets),
	} {
		if n > 0 {
			rep.Imported[k] = n
		}
	}
}

// validate runs the validation `vnetplay lint` starts with (engine.Validate:
// the model's rules and the Internet edge's lint) and reports each error,
// and each warning by which the engine leaves something out (leavesOut), as
// an Ignored entry at the input place of the element concerned, naming it
// by its design path ("lint route.service-tag at
// routeTables[rt].routes[azure].addressPrefix"): the engine leaves an
// invalid element out until it is fixed. Other warnings are the design's,
// shown wherever the design is opened; they are not repeated.
func (b *builder) validate(doc *scenario.Document) {
	for _, d := range engine.Validate(doc) {
		why := d.Msg + " (vnetplay lint reports this as an error in the imported design: the engine leaves the element out until it is fixed)"
		switch {
		case d.Severity == model.Error:
		case leavesOut[d.Code]:
			why = d.Msg + " (vnetplay lint warns of this in the imported design: Azure accepts it, but the engine leaves it out of every answer)"
		default:
			continue
		}
		b.rep.Add(Ignored, b.originOf(d.Path), "lint "+d.Code+" at "+d.Path, why)
	}
}

// leavesOut are the codes of the lint warnings by which the engine leaves
// part of a design out although Azure accepts it: validate reports them as
// it reports errors.
var leavesOut = map[string]bool{
	"route.service-tag":       true, // a UDR to a service tag: the engine has no tag data and ignores the route
	"nsg.service-tag":         true, // an NSG rule naming a service tag the engine has no ranges for: it matches nothing
	"serviceendpoint.unknown": true, // a service outside the engine's table: no service endpoint routes
}

// originOf returns the input place of the resource at a design path: the
// longest registered prefix ("vnets[hub].subnets[app]", then "vnets[hub]"),
// else the design path itself.
func (b *builder) originOf(path string) string {
	ends := []int{}
	for i, c := range path {
		if c == ']' {
			ends = append(ends, i+1)
			if len(ends) == 2 {
				break
			}
		}
	}
	for i := len(ends) - 1; i >= 0; i-- {
		if w, ok := b.origin[path[:ends[i]]]; ok {
			return w
		}
	}
	return "design " + path
}

// reportUnidentified reports the resources without an id (front ends
// synthesise one, so this is a front end's bug or an empty id).
func (b *builder) reportUnidentified(res []Resource) {
	for _, r := range res {
		if idKey(r.ID) == "" {
			b.rep.Add(Skipped, r.Where, r.Type, "the resource has no id, so nothing can refer to it: left out")
		}
	}
}

// register records the vnetplay id of a mapped resource.
func (b *builder) register(coll string, n *node, id string) {
	m := b.ids[coll]
	if m == nil {
		m = map[string]string{}
		b.ids[coll] = m
	}
	m[n.key] = id
	b.origin[coll+"["+id+"]"] = n.Where
	n.used = true
}

// lookup resolves a reference (an ARM id) to the vnetplay id of a mapped
// resource of the collection.
func (b *builder) lookup(coll, ref string) (string, bool) {
	id, ok := b.ids[coll][idKey(ref)]
	return id, ok
}

// resolve is lookup for the reference at prop of n, reporting a reference
// that does not resolve (consequence says what dropping it means). "" when
// n has no such reference.
func (b *builder) resolve(n *node, id, prop, coll, consequence string) string {
	ref := n.Ref(prop)
	if ref == "" {
		return ""
	}
	if to, ok := b.lookup(coll, ref); ok {
		return to
	}
	b.dropRef(n, id, prop, ref, consequence)
	return ""
}

// dropRef reports a reference left out of the design.
func (b *builder) dropRef(n *node, id, prop, ref, consequence string) {
	b.rep.AddFor(Ignored, id, n.Where, prop, fmt.Sprintf("refers to %s, which is not in the file (or was not imported): %s", ref, consequence))
}

// skip reports a whole resource left out.
func (b *builder) skip(n *node, why string) {
	n.used = true
	b.rep.Add(Skipped, n.Where, typeAndName(n.Resource), why)
}

// candidates returns the allocation candidates of nodes: their names,
// told apart by resource group.
func candidates(nodes []*node) []candidate {
	out := make([]candidate, 0, len(nodes))
	for _, n := range nodes {
		out = append(out, candidate{key: n.key, name: n.Name, qual: resourceGroup(n.ID)})
	}
	return out
}

// skuName returns the SKU name of a resource: the envelope's sku.name, or
// properties.sku.name (gateways and firewalls keep it there).
func skuName(n *node) string {
	if s := n.sku().Str("name"); s != "" {
		return s
	}
	return n.Str("sku.name")
}

// nonNil returns s, or an empty slice for nil (lists the format requires).
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// lowerIs reports whether s equals t case-insensitively.
func lowerIs(s, t string) bool { return strings.EqualFold(s, t) }
