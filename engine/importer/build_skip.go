package importer

import (
	"fmt"
	"strings"
)

// What the builder does not map: every resource no stage used is reported
// as Skipped, with why (nothing is dropped silently).

// leftovers reports every resource of the index no stage mapped or
// reported.
func (b *builder) leftovers() {
	for _, n := range b.ix.all {
		if n.used {
			continue
		}
		n.used = true
		if n.parent != "" {
			if _, ok := b.ix.byKey[n.parent]; !ok {
				b.rep.Add(Skipped, n.Where, typeAndName(n.Resource), fmt.Sprintf("its parent %s is not in the file: left out", n.parent))
				continue
			}
		}
		b.rep.Add(Skipped, n.Where, typeAndName(n.Resource), skipReason(n.typ))
	}
}

// mappedType reports whether the builder maps resources of the top-level
// type lowerType (an Azure Route Server is a virtualHubs resource).
func mappedType(lowerType string) bool {
	switch lowerType {
	case typeVNet, typeNIC, typeRouteTable, typeNSG, typeGateway, typeLNG, typeConnection, typeCircuit, typeHub,
		typeFirewall, typeLB, typeNAT, typePIP, typePE, typeZone, typeResolver, typeRuleset:
		return true
	}
	return false
}

// skipReason says why a resource type is not imported.
func skipReason(lowerType string) string {
	switch lowerType {
	case "microsoft.network/networkwatchers", "microsoft.network/networkwatchers/flowlogs",
		"microsoft.network/networkwatchers/connectionmonitors":
		return "Network Watcher resources describe monitoring, not the network: not imported"
	case "microsoft.network/applicationgateways":
		return "Application Gateway is not modelled"
	case "microsoft.network/virtualwans", "microsoft.network/vpngateways", "microsoft.network/expressroutegateways",
		"microsoft.network/p2svpngateways", "microsoft.network/vpnsites", "microsoft.network/vpnserverconfigurations":
		return "Virtual WAN is not modelled"
	case "microsoft.network/bastionhosts":
		return "Azure Bastion is not modelled"
	case "microsoft.network/firewallpolicies", "microsoft.network/firewallpolicies/rulecollectiongroups":
		return "firewall rules are not modelled: the firewall is an NVA that forwards every flow"
	case "microsoft.network/networksecuritygroups/defaultsecurityrules":
		// `az network nsg rule list --include-default` lists them as
		// resources of their own (rule:import.route-tables-and-rules).
		return "one of Azure's default rules, which every NSG has and which the scenario format implies (rule:nsg.default-rules): not copied, nothing is lost"
	case "microsoft.network/applicationsecuritygroups":
		return "application security groups are not modelled (the NSG rules that use them are reported)"
	case "microsoft.network/ddosprotectionplans":
		return "DDoS protection does not change routing or filtering: not imported"
	case "microsoft.network/privatelinkservices":
		return "Private Link services are not modelled (private endpoints to them are)"
	case "microsoft.network/publicipprefixes":
		return "public IP prefixes are not modelled (public IP addresses are)"
	case "microsoft.network/dnszones":
		return "public DNS zones are not modelled (private DNS zones are)"
	case "microsoft.network/networkmanagers":
		return "Virtual Network Manager is not modelled"
	case "microsoft.network/routefilters", "microsoft.network/serviceendpointpolicies", "microsoft.network/ipgroups":
		return "this network resource type is not modelled"
	}
	switch {
	case strings.HasPrefix(lowerType, "microsoft.network/"):
		return "this network resource type is not modelled by vnetplay"
	case strings.HasPrefix(lowerType, "microsoft.compute/"):
		return "not a network resource (VMs are imported from their network interfaces)"
	}
	return "not a network resource"
}

// typeAndName is what a report entry names: the type and the resource's
// name ("Microsoft.Storage/storageAccounts stdiag001").
func typeAndName(r Resource) string {
	if r.Name == "" {
		return r.Type
	}
	return r.Type + " " + r.Name
}

// tfName is a Terraform resource's Azure name (values.name), else its
// address's name.
func tfName(r *tfRes) string {
	if s, ok := r.Values["name"].(string); ok && s != "" {
		return s
	}
	return r.Name
}
