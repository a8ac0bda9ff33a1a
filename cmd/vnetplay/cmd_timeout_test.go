package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
)

// loopDesign writes a design of n NVAs in a loop and returns its path: one
// VNet (10.0.0.0/14), subnet i holds NVA i, and subnet i's route table
// sends 0.0.0.0/0 and the VNet's range to NVA i+1 (NVA n-1 to NVA 0). Every
// walk goes round the loop until it arrives or runs out of hops, so the
// matrix and the N-1 sweep take minutes at n = 1,000 (issue 11).
func loopDesign(t testing.TB, n int) string {
	t.Helper()
	ip := func(i int) string { return fmt.Sprintf("10.%d.%d", i/256, i%256) }
	v := model.VNet{ID: "loop", Location: "westeurope", AddressSpace: model.AddressSpace{AddressPrefixes: []string{"10.0.0.0/14"}}}
	var topo model.Topology
	for i := range n {
		next := ip((i+1)%n) + ".4"
		name, rt := fmt.Sprintf("s%04d", i), fmt.Sprintf("rt%04d", i)
		v.Subnets = append(v.Subnets, model.Subnet{Name: name, AddressPrefix: ip(i) + ".0/24", RouteTable: rt})
		topo.RouteTables = append(topo.RouteTables, model.RouteTable{ID: rt, Location: "westeurope", Routes: []model.Route{
			{Name: "default", AddressPrefix: "0.0.0.0/0", NextHopType: model.HopVirtualAppliance, NextHopIPAddress: next},
			{Name: "vnet", AddressPrefix: "10.0.0.0/14", NextHopType: model.HopVirtualAppliance, NextHopIPAddress: next}}})
		topo.VMs = append(topo.VMs, model.VM{ID: fmt.Sprintf("nva%04d", i), GuestIPForwarding: true, NICs: []model.NIC{
			{Name: "nic0", Subnet: "loop/" + name, PrivateIPAddress: ip(i) + ".4", EnableIPForwarding: true}}})
	}
	topo.VNets = []model.VNet{v}
	b, err := scenario.Encode(&scenario.Document{Format: scenario.Format, Version: scenario.Latest, Name: fmt.Sprintf("%d NVAs in a loop", n), Topology: topo})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "loop.json")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestLoopDesignIsValid checks the loop design loads without errors and
// loops: from NVA 0, the next hop is NVA 1.
func TestLoopDesignIsValid(t *testing.T) {
	path := loopDesign(t, 5)
	if code, out, errs := runCLI(t, "lint", path); code != 0 {
		t.Fatalf("lint: %d\n%s%s", code, out, errs)
	}
	if code, out, _ := runCLI(t, "nexthop", path, "--from", "nva0000", "--to", "10.0.3.4"); code != 0 || !strings.Contains(out, "10.0.1.4") {
		t.Errorf("nexthop from nva0000: %d\n%s", code, out)
	}
}

// TestTimeoutStopsWithPartialResults runs spof and reach on 1,000 NVAs in
// a loop (minutes of work) with --timeout 200ms: each prints what it
// computed, a line saying the output is partial, exits 3 with a message
// saying where it stopped, and returns in seconds, not minutes.
func TestTimeoutStopsWithPartialResults(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 1,000-NVA design")
	}
	path := loopDesign(t, 1000)
	for _, tc := range []struct {
		args    []string
		partial string // on stdout
		stop    string // on stderr
	}{
		{[]string{"spof", path, "--timeout", "200ms"}, `Partial: the sweep stopped at \d+ of 1000 components\.`, `vnetplay spof: stopped after the 200ms timeout at \d+ of 1000 components; the output above is partial`},
		{[]string{"reach", path, "--timeout", "200ms"}, `Partial: the matrix stopped at \d+ of 1000 rows\.`, `vnetplay reach: stopped after the 200ms timeout at \d+ of 1000 rows; the output above is partial`},
	} {
		start := time.Now()
		code, out, errs := runCLI(t, tc.args...)
		// The full run takes minutes; the bound is generous for -race
		// on a loaded 2-core machine (the binary stops in under 1 s).
		took := time.Since(start)
		t.Logf("%s: %s", tc.args[0], took)
		if took > 30*time.Second {
			t.Errorf("%v took %s", tc.args, took)
		}
		if code != exitTimeout || !regexp.MustCompile(tc.partial).MatchString(out) || !regexp.MustCompile(tc.stop).MatchString(errs) {
			t.Errorf("%v: code %d (want %d)\nstdout tail %q\nstderr %q", tc.args, code, exitTimeout, tail(out), errs)
		}
	}
	// JSON stays JSON: the results done so far, the message on stderr.
	code, out, errs := runCLI(t, "spof", path, "--timeout", "200ms", "--json")
	var res []json.RawMessage
	if code != exitTimeout || json.Unmarshal([]byte(out), &res) != nil || !strings.Contains(errs, "stopped after the 200ms timeout") {
		t.Errorf("spof --json: code %d, stdout %q, stderr %q", code, tail(out), errs)
	}
}

// TestInterruptStopsWithPartialResults cancels the context (what SIGINT
// does): the command prints what it has and exits 130.
func TestInterruptStopsWithPartialResults(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, cmd := range []string{"spof", "reach"} {
		var out, errb bytes.Buffer
		code := run(ctx, []string{cmd, hub}, &out, &errb)
		if code != exitInterrupted || !strings.Contains(out.String(), "Partial: ") || !strings.Contains(errb.String(), "interrupted at 0 of ") {
			t.Errorf("%s interrupted: code %d\n%s%s", cmd, code, out.String(), errb.String())
		}
	}
}

// TestProgress checks the progress display: nothing before the first
// interval, then whole lines (stderr is not a terminal here) with the
// count and the total, and nothing after stop.
func TestProgress(t *testing.T) {
	var w syncBuffer
	p := newProgress(&w, "spof", "components", 10, 20*time.Millisecond)
	if w.String() != "" {
		t.Fatal("progress shown at once")
	}
	p.set(3, 10)
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(w.String(), "vnetplay spof: 3 of 10 components, ") && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	p.stop()
	got := w.String()
	if !strings.Contains(got, "vnetplay spof: 3 of 10 components, ") || strings.Contains(got, "\r") || !strings.HasSuffix(got, "\n") {
		t.Fatalf("progress output %q", got)
	}
	time.Sleep(50 * time.Millisecond)
	if w.String() != got {
		t.Error("progress written after stop")
	}
}

func tail(s string) string {
	if len(s) > 300 {
		return "…" + s[len(s)-300:]
	}
	return s
}
