package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

// badFiles writes scenario files that are wrong in every way a user's file
// can be, and returns their paths (plus a missing file and a directory).
func badFiles(t *testing.T) []string {
	dir := t.TempDir()
	paths := []string{filepath.Join(dir, "missing.json"), dir}
	for i, body := range []string{
		``, `not json`, `[]`, `null`, `{}`, `{"format":1}`, `{"format":null}`, `{"format":"other"}`,
		`{"format":"vnetplay/scenario"}`, `{"format":"vnetplay/scenario","version":"1"}`,
		`{"format":"vnetplay/scenario","version":1.5}`, `{"format":"vnetplay/scenario","version":-1}`,
		`{"format":"vnetplay/scenario","version":99}`, `{"format":"vnetplay/scenario","version":1,"topology":null}`,
		`{"format":"vnetplay/scenario","version":1,"topology":[]}`,
		`{"format":"vnetplay/scenario","version":1,"topology":{"vnets":[{"id":""},{"id":"a","addressSpace":{"addressPrefixes":["x"]},"subnets":[{"name":"s","addressPrefix":null}]}]}}`,
		`{"format":"vnetplay/scenario","version":1,"topology":{"vms":[{"id":"vm","networkInterfaces":[{"name":"n","subnet":"nope/x","privateIpAddress":"bad"}]}],"routeTables":[{"id":"rt","routes":[{"name":"r","addressPrefix":"0/0","nextHopType":"Bogus"}]}]}}`,
	} {
		p := filepath.Join(dir, fmt.Sprintf("bad%02d.json", i))
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}

// deeper are flags that take each analysis command past its own checks to
// the file and the design, with names the design does not have.
var deeper = map[string][][]string{
	"routes":  {{"--subnet", "spoke1/app"}, {"--nic", "nope"}, {"--subnet", "nope"}, {"--subnet", "spoke1/app", "--fail", "nope"}, {"--subnet", "spoke1/app", "--set", "fw-down"}},
	"nexthop": {{"--from", "vm-app", "--to", "10.2.1.4"}, {"--from", "nope", "--to", "10.2.1.4"}, {"--from", "vm-app", "--to", "10.2.1.4", "--fail", ":"}},
	"trace":   {{"--from", "vm-app", "--to", "vm-db"}, {"--from", "nope", "--to", "nope"}, {"--from", "vm-app", "--to", "999.1.1.1"}, {"--from", "vm-app", "--to", "vm-db", "--fail", "fw"}, {"--from", "vm-app", "--to", "vm-db", "--set", "nope"}},
	"reach":   {{"--fail", "fw"}, {"--fail", "Bogus:x"}, {"--set", "nope"}, {"--format", "csv"}, {"--format", "csv", "--json"}},
	"whatif":  {{"--list"}, {"--fail", "nope"}, {"--fail", ","}, {"--fail", "Bogus:x"}, {"--fail", ":"}, {"--set", "nope"}},
	"bgp":     {{"--speaker", "nope"}, {"--fail", "nope"}, {"--set", "fw-down"}},
	"check":   {{"--json"}},
	"lint":    {{"--json"}},
	"p2s":     {{"--gateway", "nope"}},
}

// badFlags are misuses every command must refuse cleanly.
var badFlags = [][]string{
	{}, {"--bogus"}, {"--port", "70000"}, {"--protocol", "BOGUS"}, {"--timeout", "0"}, {"--timeout", "x"},
	{"--to", "not-an-ip"}, {"-n", "100000"}, {"-n", "x"}, {"--json=maybe"}, {"-h"}, {"a", "b", "c"},
}

// TestBadInputsNoArtefacts runs every subcommand over bad files and bad
// flags: no output may carry a Go formatting artefact ("%!", "<nil>"), no
// command may panic, and every failure says something on stderr.
func TestBadInputsNoArtefacts(t *testing.T) {
	files := badFiles(t)
	for _, c := range commands() {
		var runs [][]string
		for _, f := range badFlags {
			runs = append(runs, f, append([]string{hub}, f...))
		}
		if c.name == "serve" || c.name == "site" {
			// Only misuses refused before anything is served or written
			// (an unknown flag, a positional argument).
			runs = [][]string{{"--bogus"}, {"extra"}}
		} else {
			for _, f := range files {
				runs = append(runs, []string{f})
				for _, d := range deeper[c.name] {
					runs = append(runs, append([]string{f}, d...))
				}
			}
			for _, d := range deeper[c.name] {
				runs = append(runs, append([]string{hub}, d...))
			}
		}
		for _, args := range runs {
			checkClean(t, append([]string{c.name}, args...))
		}
	}
	checkClean(t, []string{"nosuchcommand"})
	checkClean(t, nil)
}

// checkClean runs one command line and reports artefacts and panics.
func checkClean(t *testing.T, args []string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := func() (code int) {
		defer func() {
			if r := recover(); r != nil {
				t.Errorf("%q panicked: %v\n%s", args, r, debug.Stack())
				code = -1
			}
		}()
		return run(context.Background(), args, &out, &errb)
	}()
	all := out.String() + errb.String()
	for _, bad := range []string{"%!", "<nil>", "goroutine "} {
		if strings.Contains(all, bad) {
			t.Errorf("%q: output contains %q:\n%s", args, bad, all)
		}
	}
	if code > 0 && strings.TrimSpace(errb.String()) == "" {
		t.Errorf("%q: exit %d with nothing on stderr", args, code)
	}
}

// TestQueriesWarnOfAnInvalidDesign: a question about a design Azure would
// refuse (a VNet range that is no CIDR, so its subnets are outside it, and
// a subnet named with "/") is
// answered, with a warning on stderr that names the errors' count and
// lint; a valid design gets none. The answers came without a word before.
func TestQueriesWarnOfAnInvalidDesign(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	body := `{"format":"vnetplay/scenario","version":1,"topology":{"vnets":[{"id":"vnet1","addressSpace":{"addressPrefixes":["10.5.0.0/33"]},` +
		`"subnets":[{"name":"app","addressPrefix":"10.5.1.0/24"},{"name":"tun/nelled","addressPrefix":"10.5.2.0/24"}]}]}}`
	if err := os.WriteFile(bad, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	good := filepath.Join("..", "..", "scenarios", "hub-spoke-firewall.json")
	for _, args := range [][]string{{"routes", "FILE", "--subnet", "vnet1/app"}, {"peerings", "FILE"}, {"reach", "FILE"}, {"whatif", "FILE", "--list"}} {
		for _, f := range []string{bad, good} {
			a := append([]string(nil), args...)
			a[1] = f
			if f == good && a[0] == "routes" {
				a[3] = "spoke1/app"
			}
			code, _, stderr := runCLI(t, a...)
			warned := strings.Contains(stderr, "warning: "+f+" has 4 errors") && strings.Contains(stderr, "vnetplay lint "+f)
			if f == bad && (code != 0 || !warned) {
				t.Errorf("%s on the invalid design: exit %d, stderr %q; want an answer and the warning", a[0], code, stderr)
			}
			if f == good && strings.Contains(stderr, "warning") {
				t.Errorf("%s on a valid design warns: %q", a[0], stderr)
			}
		}
	}
}
