package scenario

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"vnetplay/engine/model"
)

// ErrVersionTooNew is returned for a file written by a newer vnetplay.
type ErrVersionTooNew struct {
	Got, Max int
}

func (e *ErrVersionTooNew) Error() string {
	return fmt.Sprintf("scenario version %d is newer than this vnetplay understands (max %d); upgrade vnetplay", e.Got, e.Max)
}

// ErrTooLarge is wrapped by every *LimitError: the input is over
// MaxFileSize, or the design over MaxSize or MaxVNets.
var ErrTooLarge = errors.New("scenario too large")

// bom is the UTF-8 byte order mark some editors put at the start of a
// file; Decode skips it.
var bom = []byte("\xef\xbb\xbf")

// Mode selects how unknown fields are treated.
type Mode uint8

const (
	// Lenient decoding (user files): each unknown field becomes one warning
	// diagnostic with code "scenario.unknown-field".
	Lenient Mode = iota
	// Strict decoding (built-in scenarios, golden tests): an unknown field is
	// an error.
	Strict
)

// Decode parses a scenario file. It skips a UTF-8 byte order mark, reads
// UTF-16 with a byte order mark (DecodeText), and
// refuses (with a *LimitError) input over MaxFileSize or MaxElements and
// designs over MaxVNets or MaxSize as stored; it refuses a wrong format, a version
// above Latest (*ErrVersionTooNew) and malformed JSON; older versions are
// migrated to Latest. The returned diagnostics are warnings about the
// file itself (unknown fields); Validate the topology separately. Decode
// never panics.
func Decode(b []byte, mode Mode) (*Document, []model.Diagnostic, error) {
	if len(b) > MaxFileSize {
		return nil, nil, &LimitError{What: "file", Got: int64(len(b)), Limit: MaxFileSize}
	}
	b, err := DecodeText(b)
	if le := (*LimitError)(nil); errors.As(err, &le) {
		return nil, nil, le
	} else if err != nil {
		return nil, nil, fmt.Errorf("scenario: %w", err)
	}
	if n := elementCount(b); n > MaxElements {
		return nil, nil, &LimitError{What: "elements", Got: int64(n), Limit: MaxElements}
	}
	if doc, ok := decodeCurrent(b); ok {
		return doc, nil, nil
	}
	return decodeGeneral(b, mode)
}

// decodeGeneral is Decode for any input (b without its byte order mark):
// a generic decoding first (the format, the version, the VNet count,
// migration and the unknown fields are read from it), then the document's.
func decodeGeneral(b []byte, mode Mode) (*Document, []model.Diagnostic, error) {
	var generic any
	if err := json.Unmarshal(b, &generic); err != nil {
		return nil, nil, fmt.Errorf("scenario: invalid JSON: %w", err)
	}
	obj, ok := generic.(map[string]any)
	if !ok {
		return nil, nil, errors.New("scenario: the file must be a JSON object")
	}
	if f, _ := obj["format"].(string); f != Format {
		if _, has := obj["format"]; !has {
			return nil, nil, fmt.Errorf("scenario: no \"format\" field; a vnetplay scenario has \"format\": %q", Format)
		}
		return nil, nil, fmt.Errorf("scenario: format is %s, want %q", jsonText(obj["format"]), Format)
	}
	if n := vnetCount(obj); n > MaxVNets {
		return nil, nil, &LimitError{What: "VNets", Got: int64(n), Limit: MaxVNets}
	}
	vf, ok := obj["version"].(float64)
	if !ok || vf != math.Trunc(vf) || vf < 0 || vf > math.MaxInt32 {
		return nil, nil, fmt.Errorf("scenario: version must be a non-negative integer, got %s", jsonText(obj["version"]))
	}
	version := int(vf)
	if version > Latest {
		return nil, nil, &ErrVersionTooNew{Got: version, Max: Latest}
	}
	if version < Latest {
		if err := migrate(obj, version); err != nil {
			return nil, nil, err
		}
		var err error
		if b, err = json.Marshal(obj); err != nil {
			return nil, nil, fmt.Errorf("scenario: re-encode after migration: %w", err)
		}
	}
	var doc Document
	var diags []model.Diagnostic
	if mode == Strict {
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&doc); err != nil {
			return nil, nil, fmt.Errorf("scenario: %w", inFileTerms(b, err))
		}
		if _, err := dec.Token(); err != io.EOF {
			return nil, nil, errors.New("scenario: trailing data after the document")
		}
	} else {
		if err := json.Unmarshal(b, &doc); err != nil {
			return nil, nil, fmt.Errorf("scenario: %w", inFileTerms(b, err))
		}
		for _, p := range unknownFields(obj) {
			diags = append(diags, model.Diagnostic{Code: "scenario.unknown-field", Severity: model.Warning,
				Path: p, Msg: "unknown field ignored: " + p})
		}
	}
	if _, err := CheckLimits(&doc); err != nil {
		return nil, nil, err
	}
	return &doc, diags, nil
}

// jsonText shows a generically decoded JSON value as JSON ("absent" for
// none), for messages.
func jsonText(v any) string {
	if v == nil {
		return "null"
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	if len(b) > 60 {
		return string(b[:57]) + "..."
	}
	return string(b)
}

// Encode writes doc canonically: Latest version, struct field order, arrays
// of resources sorted by id (subnets, routes, NICs and rules by name), two-space
// indent, no HTML escaping and a trailing newline. Encode does not modify doc.
func Encode(doc *Document) ([]byte, error) {
	c := Canonical(doc)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(c); err != nil {
		return nil, fmt.Errorf("scenario: encode: %w", err)
	}
	return buf.Bytes(), nil
}

// Canonical returns a copy of doc in canonical order with Format and Version
// set to the current values. Sorting is stable, so elements that share an id
// keep their relative order (and canonical output stays a fixed point).
func Canonical(doc *Document) *Document {
	c := *doc
	c.Format, c.Version = Format, Latest
	t := &c.Topology
	t.VNets = sortedBy(t.VNets, func(v model.VNet) string { return v.ID })
	for i := range t.VNets {
		v := &t.VNets[i]
		v.AddressSpace.AddressPrefixes = slices.Clone(v.AddressSpace.AddressPrefixes)
		v.Subnets = sortedBy(v.Subnets, func(s model.Subnet) string { return s.Name })
		for j := range v.Subnets {
			s := &v.Subnets[j]
			s.ServiceEndpoints = sortedBy(s.ServiceEndpoints, func(e model.ServiceEndpoint) string { return e.Service })
		}
	}
	t.Peerings = sortedBy(t.Peerings, func(p model.Peering) string { return p.ID })
	t.RouteTables = sortedBy(t.RouteTables, func(r model.RouteTable) string { return r.ID })
	for i := range t.RouteTables {
		t.RouteTables[i].Routes = sortedBy(t.RouteTables[i].Routes, func(r model.Route) string { return r.Name })
	}
	t.NSGs = sortedBy(t.NSGs, func(n model.NSG) string { return n.ID })
	for i := range t.NSGs {
		t.NSGs[i].SecurityRules = sortedBy(t.NSGs[i].SecurityRules, func(r model.SecurityRule) string { return r.Name })
	}
	t.VMs = sortedBy(t.VMs, func(v model.VM) string { return v.ID })
	for i := range t.VMs {
		t.VMs[i].NICs = sortedBy(t.VMs[i].NICs, func(n model.NIC) string { return n.Name })
		t.VMs[i].NetworksBehind = sortedBy(t.VMs[i].NetworksBehind, func(n model.NetworkBehind) string { return n.Name })
		for j := range t.VMs[i].NetworksBehind {
			t.VMs[i].NetworksBehind[j].Hosts = sortedBy(t.VMs[i].NetworksBehind[j].Hosts, func(h model.Host) string { return h.ID })
		}
	}
	t.LoadBalancers = sortedBy(t.LoadBalancers, func(l model.LoadBalancer) string { return l.ID })
	for i := range t.LoadBalancers {
		t.LoadBalancers[i].Backends = sortedBy(t.LoadBalancers[i].Backends, func(s string) string { return s })
	}
	canonicalEdge(t)
	canonicalHybrid(t)
	canonicalNames(t)
	c.Expect = sortedBy(c.Expect, func(e Expectation) string { return e.ID })
	c.Challenge = canonicalChallenge(c.Challenge)
	return &c
}

// canonicalNames sorts the private endpoints and name resolution resources
// by id and their nested lists by name; the lists whose order means
// something (DNS servers, forwarders, forwarding targets, a record set's
// addresses) keep it.
func canonicalNames(t *model.Topology) {
	t.PrivateEndpoints = sortedBy(t.PrivateEndpoints, func(p model.PrivateEndpoint) string { return p.ID })
	t.PrivateDNSZones = sortedBy(t.PrivateDNSZones, func(z model.PrivateDnsZone) string { return z.ID })
	for i := range t.PrivateDNSZones {
		z := &t.PrivateDNSZones[i]
		z.RecordSets = sortedBy(z.RecordSets, func(r model.RecordSet) string { return r.Name + "\x00" + r.Type })
		z.VirtualNetworkLinks = sortedBy(z.VirtualNetworkLinks, func(l model.VirtualNetworkLink) string { return l.Name })
	}
	t.DNSResolvers = sortedBy(t.DNSResolvers, func(r model.DNSResolver) string { return r.ID })
	for i := range t.DNSResolvers {
		r := &t.DNSResolvers[i]
		r.InboundEndpoints = sortedBy(r.InboundEndpoints, func(e model.DNSInboundEndpoint) string { return e.Name })
		r.OutboundEndpoints = sortedBy(r.OutboundEndpoints, func(e model.DNSOutboundEndpoint) string { return e.Name })
	}
	t.DNSForwardingRulesets = sortedBy(t.DNSForwardingRulesets, func(r model.DNSForwardingRuleset) string { return r.ID })
	for i := range t.DNSForwardingRulesets {
		rs := &t.DNSForwardingRulesets[i]
		rs.ForwardingRules = sortedBy(rs.ForwardingRules, func(r model.ForwardingRule) string { return r.Name })
		rs.VirtualNetworkLinks = sortedBy(rs.VirtualNetworkLinks, func(l model.RulesetVNetLink) string { return l.Name })
	}
}

func sortedBy[T any](in []T, key func(T) string) []T {
	if in == nil {
		return nil
	}
	out := slices.Clone(in)
	slices.SortStableFunc(out, func(a, b T) int { return cmp.Compare(key(a), key(b)) })
	return out
}

// joinPath appends a JSON member name to a dotted path.
func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// quoteIfOdd keeps paths readable while staying unambiguous.
func quoteIfOdd(s string) string {
	if s == "" || strings.ContainsAny(s, ".[] \"") {
		return fmt.Sprintf("%q", s)
	}
	return s
}

// canonicalHybrid sorts the hybrid resources (model/hybrid.go) by id, and
// their nested lists by id or name.
func canonicalHybrid(t *model.Topology) {
	t.Gateways = sortedBy(t.Gateways, func(g model.VirtualNetworkGateway) string { return g.ID })
	for i := range t.Gateways {
		if c := t.Gateways[i].VpnClientConfiguration; c != nil {
			cc := *c
			cc.Clients = sortedBy(cc.Clients, func(x model.P2SClient) string { return x.ID })
			t.Gateways[i].VpnClientConfiguration = &cc
		}
	}
	t.LocalNetworkGateways = sortedBy(t.LocalNetworkGateways, func(l model.LocalNetworkGateway) string { return l.ID })
	t.Sites = sortedBy(t.Sites, func(s model.Site) string { return s.ID })
	for i := range t.Sites {
		t.Sites[i].Hosts = sortedBy(t.Sites[i].Hosts, func(h model.Host) string { return h.ID })
	}
	t.Connections = sortedBy(t.Connections, func(c model.Connection) string { return c.ID })
	t.Circuits = sortedBy(t.Circuits, func(c model.ExpressRouteCircuit) string { return c.ID })
	t.RouteServers = sortedBy(t.RouteServers, func(r model.RouteServer) string { return r.ID })
	for i := range t.RouteServers {
		t.RouteServers[i].BgpConnections = sortedBy(t.RouteServers[i].BgpConnections, func(b model.RouteServerPeer) string { return b.Name })
	}
}
