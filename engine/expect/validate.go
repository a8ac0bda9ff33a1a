package expect

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
)

// Validate reports expectations that cannot be evaluated: duplicate or empty
// ids, unknown kinds, unknown endpoints or subnets, missing fields. It never
// stops at the first problem.
func Validate(p *dataplane.Plane, exps []scenario.Expectation) []model.Diagnostic {
	var out []model.Diagnostic
	add := func(code, path, format string, args ...any) {
		out = append(out, model.Diagnostic{Code: code, Severity: model.Error, Path: path, Msg: fmt.Sprintf(format, args...)})
	}
	seen := map[string]bool{}
	for i, e := range exps {
		path := fmt.Sprintf("expect[%d]", i)
		if e.ID != "" {
			path = "expect[" + e.ID + "]"
		}
		switch {
		case e.ID == "":
			add("id.empty", path, "expectation has no id")
		case seen[e.ID]:
			add("id.duplicate", path, "duplicate expectation id %q", e.ID)
		}
		seen[e.ID] = true
		switch e.Kind {
		case scenario.ExpectReach:
			if _, ok := Source(p, e.From); !ok {
				add("expect.unknown-endpoint", path+".from", "no endpoint %q", e.From)
			}
			if _, ok := Destination(p, e.To); !ok && !IsName(e.To) {
				add("expect.unknown-endpoint", path+".to", "%q is not an endpoint, an IP, Internet or a DNS name (a name has a dot: host.example.com)", e.To)
			}
			if e.Reachable == nil {
				add("expect.missing-field", path+".reachable", "reach expectations need reachable: true or false")
			}
			if !validFlowProtocol(e.Protocol) {
				add("expect.bad-protocol", path+".protocol", "protocol %q is not one a flow can have: write Tcp, Udp, Icmp or Any (any case), or leave it out for Tcp", e.Protocol)
			}
			if e.Port < 0 || e.Port > 65535 {
				add("expect.bad-port", path+".port", "port %d is outside 0–65535 (leave it out for 443)", e.Port)
			}
		case scenario.ExpectRoute:
			if _, ok := p.Routes(e.Subnet); !ok {
				add("expect.unknown-subnet", path+".subnet", "no subnet %q", e.Subnet)
			}
			if _, err := netip.ParsePrefix(e.Prefix); err != nil {
				if _, err := netip.ParseAddr(e.To); err != nil {
					add("expect.missing-field", path+".prefix", "route expectations need a prefix (or to: an IP)")
				}
			}
			if e.NextHopType == "" {
				add("expect.missing-field", path+".nextHopType", "route expectations need nextHopType")
			}
		case scenario.ExpectBGP:
			if r := p.BGP(); r == nil {
				add("expect.unknown-speaker", path+".speaker", "no BGP computation for this plane")
			} else if _, ok := r.Speaker(e.Speaker); !ok {
				add("expect.unknown-speaker", path+".speaker", "no BGP speaker %q", e.Speaker)
			}
			if _, err := netip.ParsePrefix(e.Prefix); err != nil {
				add("expect.missing-field", path+".prefix", "bgp expectations need a prefix")
			}
		case scenario.ExpectResolve:
			if _, _, ok := p.Endpoint(e.From); !ok {
				add("expect.unknown-endpoint", path+".from", "no endpoint %q (want VM[/NIC], SITE/HOST or GATEWAY/CLIENT)", e.From)
			}
			switch n := strings.TrimSpace(e.Name); {
			case n == "":
				add("expect.missing-field", path+".name", "resolve expectations need a name")
			case !model.ValidDNSName(n, false):
				add("expect.bad-name", path+".name", "%q is not a DNS name (labels of letters, digits and hyphens, separated by dots)", e.Name)
			}
			switch {
			case strings.TrimSpace(e.Answer) == "":
				add("expect.missing-field", path+".answer", "resolve expectations need an answer: an address, private, public, NXDOMAIN or failed")
			case !ValidAnswer(e.Answer):
				add("expect.bad-answer", path+".answer", "answer %q is not an address (or addresses separated by commas), private, public, NXDOMAIN or failed", e.Answer)
			}
		default:
			add("expect.kind", path+".kind", "kind must be reach, route, bgp or resolve, got %q", e.Kind)
		}
	}
	return out
}

// ValidateFailureRefs reports expectations whose failures field names no
// failure set of the document (expect.unknown-failure-set).
func ValidateFailureRefs(exps []scenario.Expectation, sets map[string][]scenario.Failure) []model.Diagnostic {
	var out []model.Diagnostic
	for i, e := range exps {
		if e.Failures == "" {
			continue
		}
		if _, ok := sets[e.Failures]; !ok {
			path := fmt.Sprintf("expect[%d]", i)
			if e.ID != "" {
				path = "expect[" + e.ID + "]"
			}
			out = append(out, model.Diagnostic{Code: "expect.unknown-failure-set", Severity: model.Error, Path: path + ".failures",
				Msg: fmt.Sprintf("no failure set %q in this document", e.Failures)})
		}
	}
	return out
}

// flowProtocols are the protocols of a walked flow (trace.Flow.Protocol),
// as the CLI's --protocol and the Reach panel offer them.
var flowProtocols = [...]string{"Tcp", "Udp", "Icmp", "Any"}

// validFlowProtocol reports whether proto is empty (Tcp) or one of
// flowProtocols in any case, as the walk compares it with NSG rules.
func validFlowProtocol(proto string) bool {
	return proto == "" || slices.ContainsFunc(flowProtocols[:], func(p string) bool { return strings.EqualFold(p, proto) })
}
