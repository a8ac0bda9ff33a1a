package report

import (
	"bytes"
	"net/netip"
	"strings"
	"testing"

	"vnetplay/engine/dataplane"
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

// TestNextHopPlatformNote: the Next hop table is followed by the note of a
// host-platform destination (dataplane.NextHopResult.Platform), so that
// nexthop and trace agree that the packet reaches the platform
// (rule:route-selection.platform-addresses-bypass-udrs); without a note
// the table stands alone.
func TestNextHopPlatformNote(t *testing.T) {
	e := route.Effective{Route: route.Route{Prefix: netip.MustParsePrefix("0.0.0.0/0"), NextHop: route.None, Source: route.User, Origin: route.Origin{Kind: route.FromRouteTable, ID: "rt", Name: "drop-all"}}}
	var b bytes.Buffer
	note := "168.63.129.16 is a host-platform address: the packet reaches the Azure platform"
	if err := NextHop(&b, "vm/nic0", "168.63.129.16", dataplane.NextHopResult{NextHopType: route.None, RouteTableID: "rt", Route: e, Platform: note}); err != nil {
		t.Fatal(err)
	}
	if lines := strings.Split(strings.TrimSpace(b.String()), "\n"); len(lines) != 3 || lines[2] != "Note: "+note {
		t.Errorf("want the table then the note, got\n%s", b.String())
	}
	b.Reset()
	NextHop(&b, "vm/nic0", "203.0.113.9", dataplane.NextHopResult{NextHopType: route.None, RouteTableID: "rt", Route: e})
	if strings.Contains(b.String(), "Note:") {
		t.Errorf("note without a platform destination:\n%s", b.String())
	}
}
