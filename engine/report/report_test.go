package report

import (
	"bytes"
	"net/netip"
	"strings"
	"testing"

	"vnetplay/engine/expect"
	"vnetplay/engine/model"
	"vnetplay/engine/route"
)

func TestRoutesColumnsInAzureOrder(t *testing.T) {
	tab := route.NewTable([]route.Route{
		{Prefix: netip.MustParsePrefix("0.0.0.0/0"), NextHop: route.Internet, Source: route.Default, Origin: route.Origin{Kind: route.FromDefaultInternet}},
		{Prefix: netip.MustParsePrefix("0.0.0.0/0"), NextHop: route.VirtualAppliance, NextHopIP: netip.MustParseAddr("10.0.0.4"), Source: route.User, Origin: route.Origin{Kind: route.FromRouteTable, ID: "rt", Name: "d"}},
	})
	var b bytes.Buffer
	Routes(&b, "v/s", tab)
	lines := strings.Split(b.String(), "\n")
	if got := strings.Fields(lines[1]); strings.Join(got, " ") != "Source State Address Prefixes Next Hop Type Next Hop IP Address Origin Reason" {
		t.Errorf("header %q", lines[1])
	}
	if !strings.HasPrefix(lines[2], "User     Active   0.0.0.0/0") || !strings.Contains(lines[2], "10.0.0.4") || !strings.HasPrefix(lines[3], "Default  Invalid") {
		t.Errorf("rows:\n%s", b.String())
	}
}

func TestResultsCountsFailures(t *testing.T) {
	var b bytes.Buffer
	if n := Results(&b, []expect.Result{{ID: "a", OK: true}, {ID: "b", Msg: "nope"}}); n != 1 || !strings.Contains(b.String(), "FAIL b") || !strings.Contains(b.String(), "2 expectations, 1 failed") {
		t.Errorf("%d\n%s", n, b.String())
	}
	b.Reset()
	Diagnostics(&b, nil)
	if b.String() != "no findings\n" {
		t.Errorf("%q", b.String())
	}
	b.Reset()
	Diagnostics(&b, []model.Diagnostic{{Code: "x.y", Severity: model.Warning, Path: "p", Msg: "m"}})
	if !strings.Contains(b.String(), "warning   x.y") {
		t.Errorf("%q", b.String())
	}
}
