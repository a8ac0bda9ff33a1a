// Package armexport writes a vnetplay design as an ARM deployment template
// (schema 2019-04-01) that deploys what the design holds in Azure: VNets
// with their subnets inline, both links of each peering, route tables,
// network security groups, public IPs, NAT gateways, load balancers, the
// NICs of the VMs, virtual network gateways (with public IPs of their
// own), local network gateways, connections, ExpressRoute circuits with
// their Azure private peering, Route Server (a virtualHubs resource with
// its ipConfigurations and bgpConnections children, rule:import.hybrid-resources),
// private endpoints with their DNS zone groups, private DNS zones with
// their A and CNAME records and VNet links, DNS Private Resolvers with
// their endpoints, and forwarding rulesets with their rules and links.
// Property paths are those of docs/rules/import.md at API
// 2023-09-01 for Microsoft.Network, 2024-06-01 for private DNS and
// 2022-07-01 for DNS Private Resolver.
//
// The template uses literal resource names (the design's ids; a VM's NIC
// is "<vm>-<nic>") and refers to its own resources as
// [resourceId('type', 'name', …)]. dependsOn lists every resource of the
// template a resource refers to, its parent, and the orderings Azure needs
// (a peering link that offers or uses gateway transit after the gateways
// and Route Server, a second gateway in a GatewaySubnet after the first,
// an ExpressRoute connection after the circuit's private peering, Route
// Server peers one after the other). Parameters are only the location (for
// resources the design gives no region; default resourceGroup().location),
// one secureString per shared key (both directions of a VNet-to-VNet link
// share one), each gateway's SKU (the design's as default, the SKUs of its
// type as allowedValues), each circuit's service provider, peering
// location and bandwidth (placeholders) and each private endpoint's target
// resource ID (outside the template).
//
// Nothing is dropped silently. What the design holds that a template cannot
// carry (VMs themselves, on-premises sites and hosts, vnetplay's own fields
// such as networksBehind or a Route Server peer's advertisements, a public
// IP's address, which Azure allocates, a broken reference) is listed in
// metadata.vnetplay.notExported, and what the template had to add that the
// design does not give (gateway public IPs, a circuit's VLAN, subnet
// delegations of resolver endpoints, record TTLs) in
// metadata.vnetplay.assumed; Result returns both lists.
//
// Export is deterministic: it reads the design in canonical order, and the
// same design gives the same bytes (resources sorted by type then name,
// object keys sorted, two-space indent). It is pure Go, keeps no
// package-level mutable state, does O(n log n) work in the design's size
// and never panics (FuzzExport).
package armexport
