package main

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"vnetplay/engine/gen"
)

// TestFlagValidation checks that bad flag values are refused everywhere
// they occur: a usage error (exit 2) whose first line names the flag, the
// value and what is accepted, then the usage line.
func TestFlagValidation(t *testing.T) {
	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{[]string{"trace", hub, "--from", "vm-app", "--to", "vm-db", "--port", "70000"}, `invalid value "70000" for flag -port: want a port number from 0 to 65535`},
		{[]string{"trace", hub, "--from", "vm-app", "--to", "vm-db", "--port", "-1"}, "want a port number from 0 to 65535"},
		{[]string{"trace", hub, "--from", "vm-app", "--to", "vm-db", "--port", "https"}, "want a port number from 0 to 65535"},
		{[]string{"trace", hub, "--from", "vm-app", "--to", "vm-db", "--protocol", "BOGUS"}, `invalid value "BOGUS" for flag -protocol: want one of Tcp, Udp, Icmp, Any (any case)`},
		{[]string{"reach", hub, "--protocol", "http"}, "want one of Tcp, Udp, Icmp, Any"},
		{[]string{"reach", hub, "--port", "65536"}, "want a port number from 0 to 65535"},
		{[]string{"reach", hub, "--timeout", "0s"}, `invalid value "0s" for flag -timeout: want a positive duration`},
		{[]string{"reach", hub, "--timeout", "-1s"}, "want a positive duration"},
		{[]string{"spof", hub, "--timeout", "soon"}, `invalid value "soon" for flag -timeout: want a positive duration`},
		{[]string{"spof", hub, "--timeout", "10"}, "want a positive duration"},
		{[]string{"nexthop", hub, "--from", "vm-app", "--to", "300.1.1.1"}, `--to "300.1.1.1" is not an IP address`},
		{[]string{"nexthop", hub, "--from", "vm-app", "--to", "vm-db"}, `--to "vm-db" is not an IP address`},
		{[]string{"nexthop", hub, "--from", "vm-app"}, "--from ENDPOINT and --to IP are required"},
		{[]string{"gen", "hubspoke", "-n", "100000"}, "-n 100000 is over the limit for hubspoke: at most 500 spokes"},
		{[]string{"gen", "multihub", "-n", "501"}, "at most 500 spokes per hub"},
		{[]string{"gen", "mesh", "-n", "502"}, "-n 502 is over the limit for mesh: at most 501 VNets"},
		{[]string{"gen", "hubspoke", "-p", "4001"}, "at most 4000 on-premises /24 prefixes"},
		{[]string{"gen", "noshare", "-u", "399"}, "at most 398 random UDRs"},
		{[]string{"gen", "mesh", "-s", "5"}, "at most 4 subnets per VNet"},
		{[]string{"gen", "mesh", "-p", "10"}, "-p does not apply to mesh"},
		{[]string{"gen", "noshare", "-p", "10"}, "-p does not apply to noshare"},
		{[]string{"gen", "hubspoke", "-s", "-2"}, "-s -2: sizes must not be negative"},
		{[]string{"gen", "ring"}, `unknown KIND "ring" (want one of hubspoke, mesh, multihub, noshare)`},
	} {
		code, out, errs := runCLI(t, tc.args...)
		lines := strings.Split(strings.TrimSuffix(errs, "\n"), "\n")
		if code != 2 || out != "" || !strings.Contains(lines[0], tc.msg) || len(lines) != 2 || !strings.HasPrefix(lines[1], "usage: vnetplay ") {
			t.Errorf("%v: code %d, stdout %q, stderr %q; want 2 and one line containing %q, then the usage", tc.args, code, out, errs, tc.msg)
		}
	}
}

// TestFlagValuesAccepted checks the valid edges: a protocol in any case
// (stored as the engine spells it) and ports 0 and 65535.
func TestFlagValuesAccepted(t *testing.T) {
	code, out, errs := runCLI(t, "trace", hub, "--from", "vm-app", "--to", "vm-db", "--protocol", "uDP", "--port", "65535", "--json")
	var js struct{ Flow struct{ Protocol string } }
	if code != 0 || json.Unmarshal([]byte(out), &js) != nil || js.Flow.Protocol != "Udp" {
		t.Errorf("--protocol uDP: code %d, flow %+v, %s", code, js.Flow, errs)
	}
	for _, args := range [][]string{
		{"reach", hub, "--protocol", "icmp", "--port", "0"},
		{"reach", hub, "--protocol", "ANY", "--timeout", "1m"},
		{"spof", hub, "--timeout", "90s"},
		{"nexthop", hub, "--from", "vm-app", "--to", "fd00::1"},
	} {
		if code, _, errs := runCLI(t, args...); code != 0 && code != 1 || strings.Contains(errs, "usage:") {
			t.Errorf("%v: code %d, %s", args, code, errs)
		}
	}
}

// TestGenAtTheLimit checks that the largest -n is accepted and the
// design's name says what was generated.
func TestGenAtTheLimit(t *testing.T) {
	code, out, errs := runCLI(t, "gen", "hubspoke", "-n", "500", "-s", "1", "-u", "1")
	if code != 0 || !strings.Contains(out, `"name": "Generated hubspoke -n 500 -p 0 -seed 1"`) || !strings.Contains(out, `"id": "spoke500"`) || strings.Contains(out, `"id": "spoke501"`) {
		t.Errorf("gen -n 500: code %d, %s", code, errs)
	}
}

// TestGenLimitsAreTheGenerators keeps gen's limits on -p, -u and -s in
// step with engine/gen's caps: at each limit the generator still grows, above it
// nothing changes (it caps), so refusing above the limit refuses exactly
// the sizes it would have silently reduced.
func TestGenLimitsAreTheGenerators(t *testing.T) {
	for _, kind := range gen.Kinds() {
		for _, f := range sizeFlags(kind, 0, 0, 0, 0) {
			if f.max == 0 || f.name == "n" { // -n's limits are gen.MaxSpokes and gen.MaxMesh
				continue
			}
			at := func(v int) any {
				p := gen.Params{N: 2, Subnets: 1, UDRs: 1, Prefixes: 1, Seed: 1}
				switch f.name {
				case "p":
					p.Prefixes = v
				case "u":
					p.UDRs = v
				case "s":
					p.Subnets = v
				}
				topo, err := gen.Generate(kind, p)
				if err != nil {
					t.Fatal(err)
				}
				return topo
			}
			limit := at(f.max)
			if reflect.DeepEqual(at(f.max-1), limit) {
				t.Errorf("%s -%s: %d gives the same design as %d: the CLI's limit is above the generator's", kind, f.name, f.max, f.max-1)
			}
			if !reflect.DeepEqual(at(f.max+1), limit) {
				t.Errorf("%s -%s: %d gives a bigger design than %d: the CLI's limit is below the generator's", kind, f.name, f.max+1, f.max)
			}
		}
	}
}

// TestHelpListsFlags checks COMMAND -h: usage, summary and flags on
// stdout, exit 0.
func TestHelpListsFlags(t *testing.T) {
	for _, c := range analysisCommands() {
		code, out, _ := runCLI(t, c.name, "-h")
		if code != 0 || !strings.HasPrefix(out, "usage: vnetplay "+c.usage) || !strings.Contains(out, c.summary) {
			t.Errorf("%s -h: code %d\n%s", c.name, code, out)
		}
	}
	if _, out, _ := runCLI(t, "spof", "--help"); !strings.Contains(out, "-timeout duration") || !strings.Contains(out, fmt.Sprintf("(default %s)", defaultTimeout)) {
		t.Errorf("spof --help does not describe --timeout:\n%s", out)
	}
}
