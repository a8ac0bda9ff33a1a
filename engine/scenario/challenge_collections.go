package scenario

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"vnetplay/engine/model"
)

// ErrUnknownCollection is wrapped by the errors about a constraint's
// collection that is no topology collection.
var ErrUnknownCollection = errors.New("unknown collection")

// SubnetsCollection is the one collection that is not a topology member:
// the subnets of every VNet, with ids "vnet/subnet".
const SubnetsCollection = "subnets"

// collectionKinds maps each collection a constraint may name to the kind
// of its resources (what Rename moves). Every member of model.Topology is
// here (a test checks it).
func collectionKinds() map[string]model.Kind {
	return map[string]model.Kind{
		"vnets":                  model.KindVNet,
		SubnetsCollection:        model.KindSubnet,
		"peerings":               model.KindPeering,
		"routeTables":            model.KindRouteTable,
		"networkSecurityGroups":  model.KindNSG,
		"virtualMachines":        model.KindVM,
		"loadBalancers":          model.KindLoadBalancer,
		"publicIPAddresses":      model.KindPublicIP,
		"natGateways":            model.KindNatGateway,
		"virtualNetworkGateways": model.KindGateway,
		"localNetworkGateways":   model.KindLocalNetworkGateway,
		"sites":                  model.KindSite,
		"connections":            model.KindConnection,
		"expressRouteCircuits":   model.KindCircuit,
		"routeServers":           model.KindRouteServer,
		"privateEndpoints":       model.KindPrivateEndpoint,
		"privateDnsZones":        model.KindPrivateDNSZone,
		"dnsResolvers":           model.KindDNSResolver,
		"dnsForwardingRulesets":  model.KindDNSForwardingRuleset,
	}
}

// Collections lists, sorted, the collection names a constraint may name.
func Collections() []string {
	out := make([]string, 0, len(collectionKinds()))
	for c := range collectionKinds() {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}

// CollectionKind is the resource kind of a collection.
func CollectionKind(collection string) (model.Kind, bool) {
	k, ok := collectionKinds()[collection]
	return k, ok
}

// unknownCollection is the error for a collection name Collections does
// not list.
func unknownCollection(collection string) error {
	return fmt.Errorf("%w %q (want one of %s)", ErrUnknownCollection, collection, strings.Join(Collections(), ", "))
}

// topologyMember is the slice of t whose JSON name is collection (a
// top-level collection, not "subnets").
func topologyMember(t *model.Topology, collection string) (reflect.Value, bool) {
	v := reflect.ValueOf(t).Elem()
	for i := range v.NumField() {
		name, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("json"), ",")
		if name == collection && v.Field(i).Kind() == reflect.Slice {
			return v.Field(i), true
		}
	}
	return reflect.Value{}, false
}

// CollectionIDs lists, sorted and without duplicates, the ids of the
// resources of collection in t ("vnet/subnet" for subnets). An unknown
// collection is an error wrapping ErrUnknownCollection.
func CollectionIDs(t *model.Topology, collection string) ([]string, error) {
	if _, ok := CollectionKind(collection); !ok {
		return nil, unknownCollection(collection)
	}
	var ids []string
	if collection == SubnetsCollection {
		for _, v := range t.VNets {
			for _, s := range v.Subnets {
				ids = append(ids, v.ID+"/"+s.Name)
			}
		}
	} else {
		m, ok := topologyMember(t, collection)
		if !ok {
			return nil, unknownCollection(collection)
		}
		for i := range m.Len() {
			if f := m.Index(i).FieldByName("ID"); f.IsValid() && f.Kind() == reflect.String {
				ids = append(ids, f.String())
			}
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids), nil
}

// CollectionCount is the number of resources of collection in t
// (duplicated ids counted each time).
func CollectionCount(t *model.Topology, collection string) (int, error) {
	if _, ok := CollectionKind(collection); !ok {
		return 0, unknownCollection(collection)
	}
	if collection == SubnetsCollection {
		n := 0
		for _, v := range t.VNets {
			n += len(v.Subnets)
		}
		return n, nil
	}
	m, ok := topologyMember(t, collection)
	if !ok {
		return 0, unknownCollection(collection)
	}
	return m.Len(), nil
}

// ResourceJSON is the canonical compact JSON (what Encode would write, its
// nested sets sorted) of the first resource of collection with id in t;
// found is false when there is none. An unknown collection is an error
// wrapping ErrUnknownCollection.
func ResourceJSON(t *model.Topology, collection, id string) (b json.RawMessage, found bool, err error) {
	if _, ok := CollectionKind(collection); !ok {
		return nil, false, unknownCollection(collection)
	}
	var scratch model.Topology
	pick := func(c *model.Topology) any { return nil }
	if collection == SubnetsCollection {
		vnet, name, _ := strings.Cut(id, "/")
		for _, v := range t.VNets {
			if i := slices.IndexFunc(v.Subnets, func(s model.Subnet) bool { return s.Name == name }); v.ID == vnet && i >= 0 {
				scratch.VNets = []model.VNet{{ID: v.ID, Subnets: []model.Subnet{v.Subnets[i]}}}
				pick = func(c *model.Topology) any { return c.VNets[0].Subnets[0] }
				break
			}
		}
	} else {
		m, _ := topologyMember(t, collection)
		for i := range m.Len() {
			if f := m.Index(i).FieldByName("ID"); f.IsValid() && f.String() == id {
				dst, _ := topologyMember(&scratch, collection)
				dst.Set(reflect.Append(reflect.MakeSlice(m.Type(), 0, 1), m.Index(i)))
				pick = func(c *model.Topology) any { v, _ := topologyMember(c, collection); return v.Index(0).Interface() }
				break
			}
		}
	}
	el := pick(&Canonical(&Document{Topology: scratch}).Topology)
	if el == nil {
		return nil, false, nil
	}
	b, err = compactJSON(el)
	return b, err == nil, err
}

// compactJSON encodes v compactly, without HTML escaping.
func compactJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("scenario: encode: %w", err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
